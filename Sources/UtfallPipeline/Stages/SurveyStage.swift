import Foundation
import UtfallAnalyze
import UtfallModel
import UtfallRead

/// Reads the survey export once, streaming, into the aggregator; rejected
/// rows go straight to the rejects sink.
struct SurveyStage {
    let section: Pipeline.SurveySection
    let minCellSize: Int

    struct Output {
        var results: SurveyResults
        var account: InputAccount
        var enrollmentAccount: InputAccount?
        var format: DetectedFormat
        /// How the export was cut for reading (one part: one thread).
        var split: SplitReport
    }

    func run(rejects: (RejectedRow) throws -> Void, progress: Progress? = nil) throws -> Output {
        let reader = try section.input.open(role: "survey", expecting: [section.project, section.course])
        let resolver = ColumnResolver(columns: reader.columns, file: reader.path)
        var expansions: [MultiSelectColumn] = []
        var skipped: [String] = []
        let spec = try makeSpec(reader.columns, resolver: resolver, file: reader.path, expansions: &expansions, skipped: &skipped)
        var personal = Set<Int>()
        for name in section.personalColumns {
            personal.insert(try column(resolver, name, key: "survey.personal_columns").index)
        }
        let reported = Self.reported(spec, expansions)
        for (key, index) in reported where personal.contains(index) {
            throw StageError(.invalidPipeline, "\(reader.path): \(key): " + Builder.personalReported(reader.columns[index].text))
        }
        let keys = [spec.projectColumn, spec.courseColumn].compactMap { $0 } + spec.projectAlternates + spec.courseAlternates
        let mask = RejectMask(columns: reader.columns, declared: personal, reported: Set(reported.map(\.column)), answers: true,
                              shownColumns: Set(keys).subtracting(personal))
        var account = InputAccount(role: "survey", path: reader.path)
        account.format = "\(reader.format.encoding.rawValue), '\(reader.format.delimiterName)', \(reader.format.layout.rawValue)"
        // Only the first part writes rejects; later parts hold theirs until
        // they are merged into it, in file order.
        let whole = try withoutActuallyEscaping(rejects) { rejects in
            var first: SurveyPart?
            defer { first?.detach() }
            return try reader.scan(Self.splitPlan) { part in
                let p = SurveyPart(spec: spec, expansions: expansions, policy: section.unknownLabels, mask: mask,
                                   path: reader.path, sink: part == 0 ? rejects : nil, progress: part == 0 ? progress : nil)
                if part == 0 { first = p }
                return p
            }
        }
        let agg = whole.aggregator
        account.rowsRead = reader.stats.records
        account.accepted = agg.accepted
        account.rejected = reader.stats.rejected + agg.rejected + whole.optionRejects

        var enrollment: [Enrollment]?
        var enrollmentAccount: InputAccount?
        var enrollmentProblems = Diagnostics()
        if let e = section.enrollment {
            let (rows, acc) = try readEnrollment(e, rejects: rejects, diagnostics: &enrollmentProblems)
            enrollment = rows
            enrollmentAccount = acc
        }
        var results = agg.results(enrollment: enrollment)
        for b in spec.breakdowns { results.breakdownTitles[b.name] = reader.columns.first { $0.index == b.column }?.text }
        for d in reader.headerProblems + reader.readProblems { results.diagnostics.add(d) }
        results.diagnostics.append(enrollmentProblems)
        // A column taken by two items (a column: and a match: that fits it)
        // is two rows of the same answers, and an indicator counts it twice.
        var itemOf: [Int: String] = [:]
        for item in spec.items where item.column < reader.columns.count {
            if let first = itemOf[item.column] {
                results.diagnostics.add(Diagnostic(.warning, kind: "column_taken_twice", at: SourceLocation(file: reader.path, line: reader.format.headerLine, column: item.column + 1),
                                                   "column '\(reader.columns[item.column].text.clippedForLog)' is item '\(first)' and item '\(item.id)'; its answers are published twice. Narrow the match: pattern or leave out one of them"))
            } else {
                itemOf[item.column] = item.id
            }
        }
        for s in skipped {
            results.diagnostics.add(Diagnostic(.warning, kind: "personal_column_skipped", at: SourceLocation(file: reader.path),
                                               "\(s) fits the pattern but is named like personal data and is not taken; name it with column: if it is a question"))
        }
        let branched = [("project", spec.projectColumn, spec.projectAlternates), ("course", spec.courseColumn, spec.courseAlternates)]
            + spec.breakdowns.map { ("'\($0.name)' breakdown's", $0.column, $0.alternates) }
        for (what, first, more) in branched {
            guard let first, !more.isEmpty else { continue }
            let columns = ([first] + more).map { String($0 + 1) }.joined(separator: ", ")
            results.diagnostics.add(Diagnostic(.info, kind: "key_in_several_columns", at: SourceLocation(file: reader.path, line: reader.format.headerLine, column: first + 1),
                                               "the \(what) question '\(reader.columns[first].text.clippedForLog)' is in columns \(columns) (a form that asks it in several branches); each row's answer is the one it filled"))
        }
        if !mask.detected.isEmpty {
            let names = mask.detected.sorted().map { "'\(reader.columns[$0].text)'" }.joined(separator: ", ")
            results.diagnostics.add(Diagnostic(.info, kind: "personal_column_detected", at: SourceLocation(file: reader.path),
                                               "\(names) \(mask.detected.count == 1 ? "looks personal and is" : "look personal and are") blanked in rejects.csv; list \(mask.detected.count == 1 ? "it" : "them") under survey.personal_columns to make that explicit"))
        }
        results.diagnostics.append(Self.oneAnswerOnly(results.likert, checkboxes: Set(expansions.filter(\.options.isEmpty).flatMap(\.itemIds)),
                                                      spec: spec, columns: reader.columns.count, file: reader.path, headerLine: reader.format.headerLine))
        results.diagnostics.append(Self.emptyInnerLevel(results.likert, spec: spec, file: reader.path))
        for u in whole.unknownOptions.all {
            results.unknownLabels.append(u)
            let severity = section.unknownLabels.severity
            section.unknownLabels.report(Diagnostic(severity, kind: "unknown_label", at: SourceLocation(file: reader.path, line: u.firstLine, column: u.column),
                                                    "option not in the list: " + u.message), into: &results.diagnostics)
        }
        for (k, e) in expansions.enumerated() where whole.otherAnswers[k] > 0 {
            let n = whole.otherAnswers[k]
            let what = e.other == .count ? "counted as '\(MultiSelectColumn.otherOption)' (\(e.id)_other)" : "left out (other: ignore)"
            results.diagnostics.add(Diagnostic(.info, kind: "other_answers", at: SourceLocation(file: reader.path, line: reader.format.headerLine, column: e.source + 1),
                                               "\(e.key) '\(e.id)': \(n) answer\(n == 1 ? "" : "s") held text beside the listed options, \(what); the text is not shown"))
        }
        return Output(results: results, account: account, enrollmentAccount: enrollmentAccount,
                      format: reader.format, split: reader.split)
    }

    /// Yes/no items whose every answer is one level beside many blanks: the
    /// shape of one column per option of a multi-select question (the
    /// option or `1` when chosen, empty when not) read as a yes/no item,
    /// whose share is then 100 % of those who chose it.
    static func oneAnswerOnly(_ likert: LikertFigures, checkboxes: Set<String>, spec: SurveySpec, columns: Int, file: String, headerLine: Int) -> Diagnostics {
        var out = Diagnostics()
        guard let whole = wholeSurvey(likert) else { return out }
        for (i, item) in likert.items.enumerated() where item.levels == 2 && !checkboxes.contains(item.id) {
            // An option of a joined column has no column of its own.
            let column = spec.items.first { $0.id == item.id }.map(\.column).flatMap { $0 < columns ? $0 + 1 : nil }
            let counts = (1...2).map { likert.count(item: i, cell: whole, level: $0) }
            let n = counts[0] + counts[1], blank = likert.blanks(item: i, cell: whole)
            guard n >= 5, counts.contains(0), blank > 0, blank * 4 >= n else { continue }
            let label = item.levelLabels[counts[0] == 0 ? 1 : 0]
            out.add(Diagnostic(.warning, kind: "one_answer_only", at: SourceLocation(file: file, line: headerLine, column: column),
                               "item '\(item.id)': all \(n) answers are '\(label)' and \(blank) cells are blank. If the column is one option of a multi-select question "
                                + "(the option or 1 when chosen, empty when not), write checkbox: true on the item (and match: its columns), so that a blank beside a chosen option counts as not chosen"))
        }
        return out
    }

    /// The cell of the whole survey, unbroken down.
    private static func wholeSurvey(_ likert: LikertFigures) -> Int? {
        likert.cells.firstIndex { $0.scope == .all && $0.breakdown == "all" }
    }

    /// A scale's inner level that no answer of any of its items took while
    /// the levels on both sides did: the shape of a 4-point export read with
    /// a 5-point scale (`Instämmer …` with instammer5, the Stämmer 4-point
    /// wording with stammer5). Its labels land on levels 1, 2, 4 and 5, the
    /// tables show a neutral option nobody was offered, and the means are
    /// wrong (3.40 against a true 2.75), with exit 0. Reversed items are left
    /// out, since their levels are turned round.
    static func emptyInnerLevel(_ likert: LikertFigures, spec: SurveySpec, file: String) -> Diagnostics {
        var out = Diagnostics()
        guard let whole = wholeSurvey(likert) else { return out }
        let byId = Dictionary(spec.items.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var sums: [String: (levels: [String], counts: [Int], items: Int)] = [:]
        var order: [String] = []
        for (i, item) in likert.items.enumerated() where item.levels >= 4 {
            guard let s = byId[item.id], !s.reversed else { continue }
            if sums[s.scale.id] == nil { order.append(s.scale.id); sums[s.scale.id] = (item.levelLabels, Array(repeating: 0, count: item.levels), 0) }
            guard sums[s.scale.id]!.counts.count == item.levels else { continue }
            for l in 1...item.levels { sums[s.scale.id]!.counts[l - 1] += likert.count(item: i, cell: whole, level: l) }
            sums[s.scale.id]!.items += 1
        }
        for id in order {
            let (labels, counts, items) = sums[id]!
            guard counts.reduce(0, +) >= 20 else { continue }
            for k in 1..<(counts.count - 1) where counts[k] == 0 && counts[k - 1] > 0 && counts[k + 1] > 0 {
                out.add(Diagnostic(.warning, kind: "empty_level", at: SourceLocation(file: file),
                                   "scale '\(id)': not one answer in its \(items) item\(items == 1 ? "" : "s") is level \(k + 1) '\(labels[k])', while '\(labels[k - 1])' has \(counts[k - 1]) and '\(labels[k + 1])' \(counts[k + 1]). "
                                    + "Does the export offer that level? A 4-point export read with a 5-point scale publishes a middle option nobody saw and wrong means; give the export's own levels (stammer4, or a scale under scales:)"))
            }
        }
        return out
    }

    /// Large exports are read in parts by several threads (see
    /// `TableReader.scan`). For tests and tuning, `UTFALL_SPLIT_MIN_BYTES`
    /// sets the smallest file that is split (0: every file, -1: none) and
    /// `UTFALL_SPLIT_PART_BYTES` the size of a part.
    static var splitPlan: SplitPlan {
        let env = ProcessInfo.processInfo.environment
        if let v = env["UTFALL_SPLIT_MIN_BYTES"], let n = Int(v) {
            guard n >= 0 else { return .sequential }
            return .parts(minimumBytes: n, partBytes: env["UTFALL_SPLIT_PART_BYTES"].flatMap { Int($0) },
                          threads: max(2, SplitPlan.automatic.threads))
        }
        return .automatic
    }

    /// The export's columns whose values reach the tables, with the
    /// pipeline key that names each.
    static func reported(_ spec: SurveySpec, _ expansions: [MultiSelectColumn]) -> [(key: String, column: Int)] {
        var out: [(String, Int)] = []
        if let p = spec.projectColumn { out.append(("survey.project", p)) }
        if let c = spec.courseColumn { out.append(("survey.course", c)) }
        for p in spec.projectAlternates { out.append(("survey.project", p)) }
        for c in spec.courseAlternates { out.append(("survey.course", c)) }
        for b in spec.breakdowns { out += ([b.column] + b.alternates).map { ("survey.breakdowns (\(b.name))", $0) } }
        for item in spec.items { out.append(("survey.items (\(item.id))", item.column)) }
        for e in expansions { out += e.sources.map { ("survey.items (\(e.id))", $0) } }
        return out
    }

    /// `skipped`: columns a `match:` pattern fits but does not take, being
    /// named like personal data.
    func makeSpec(_ columns: [Column], resolver: ColumnResolver, file: String,
                  expansions: inout [MultiSelectColumn], skipped: inout [String]) throws(StageError) -> SurveySpec {
        var items: [SurveySpec.Item] = []
        /// The pipeline key each item comes from, for messages.
        var itemKeys: [String] = []
        var virtualColumns = columns.count
        for (i, sel) in section.items.enumerated() {
            let key = "survey.items[\(i)]"
            let first = items.count
            defer { itemKeys += Array(repeating: key, count: items.count - itemKeys.count) }
            guard let scale = section.scales[sel.scale] else { throw StageError(.invalidPipeline, "\(key).scale: unknown scale '\(sel.scale)'") }
            if let name = sel.column, !sel.options.isEmpty {
                let c = try column(resolver, name, key: "\(key).column")
                let base = sel.id ?? c.id
                for (k, option) in sel.options.enumerated() {
                    items.append(.init(id: "\(base)_\(k + 1)", text: "\(sel.text ?? c.text) – \(option)", column: virtualColumns + k,
                                       scale: scale, reversed: sel.reverse))
                }
                if sel.other == .count {
                    items.append(.init(id: "\(base)_other", text: "\(sel.text ?? c.text) – \(MultiSelectColumn.otherOption)",
                                       column: virtualColumns + sel.options.count, scale: scale, reversed: sel.reverse))
                }
                expansions.append(MultiSelectColumn(sources: [c.index], options: sel.options, id: base, text: sel.text ?? c.text,
                                                    other: sel.other, key: key))
                virtualColumns += expansions[expansions.count - 1].appended
            } else if let name = sel.column {
                let c = try column(resolver, name, key: "\(key).column")
                items.append(.init(id: sel.id ?? c.id, text: sel.text ?? c.text, column: c.index, scale: scale, reversed: sel.reverse))
            } else if let pattern = sel.match {
                // In one Unicode form, pattern and headers alike: an `å`
                // written as a + ring in one header left that question out.
                let re = try? NSRegularExpression(pattern: pattern.precomposedStringWithCanonicalMapping)
                var found = 0
                // A pattern never takes a column whose name is that of personal
                // data (Qualtrics' ResponseId under `match: '.'`): its values
                // would be published as unknown answers. Only the exact names
                // count here: a statement about "e-post" is a question.
                // Named by column:, such a column is taken.
                for c in columns {
                    if PersonalData.isPersonalName(header: c.id) || PersonalData.isPersonalName(header: c.text) {
                        if [c.id, c.text].contains(where: { h in
                            let h = h.precomposedStringWithCanonicalMapping
                            return re?.firstMatch(in: h, range: NSRange(location: 0, length: (h as NSString).length)) != nil
                        }) {
                            skipped.append("'\(c.text)' (\(key).match)")
                        }
                        continue
                    }
                    // The header as printed ("A1. text"), then its id and its text.
                    for raw in [c.id, c.text, c.id == c.text ? "" : "\(c.id). \(c.text)"] where !raw.isEmpty {
                        let candidate = raw.precomposedStringWithCanonicalMapping
                        let ns = candidate as NSString
                        guard let m = re?.firstMatch(in: candidate, range: NSRange(location: 0, length: ns.length)) else { continue }
                        // With match:, id: is a prefix numbered in column order (S1, S2, …).
                        let id = m.numberOfRanges > 1 && m.range(at: 1).location != NSNotFound
                            ? ns.substring(with: m.range(at: 1)) : sel.id.map { "\($0)\(found + 1)" } ?? c.id
                        items.append(.init(id: id, text: c.text, column: c.index, scale: scale, reversed: sel.reverse))
                        found += 1
                        break
                    }
                }
                if found == 0 {
                    let personal = skipped.filter { $0.hasSuffix("(\(key).match)") }
                    throw StageError(.dataError, "\(file): \(key).match: no column matches '\(pattern)'"
                        + (personal.isEmpty ? "" : " but \(personal.map { $0.replacingOccurrences(of: " (\(key).match)", with: "") }.joined(separator: ", ")), named like personal data, which only column: can take")
                        + "; run `utfall inspect \(file)` to see the column names")
                }
            }
            // One column per option: the items read the Ja/Nej appended
            // for them, so that a blank beside a chosen option is "Nej".
            if sel.checkbox {
                let sources = items[first...].map(\.column)
                for k in first..<items.count { items[k].column = virtualColumns + (k - first) }
                expansions.append(MultiSelectColumn(sources: sources, options: [], id: sel.id ?? items[first].id,
                                                    text: items[first].text, itemIds: items[first...].map(\.id)))
                virtualColumns += expansions[expansions.count - 1].appended
            }
        }
        var seen: [String: Int] = [:]
        for (i, item) in items.enumerated() {
            if let j = seen[item.id] {
                let both = itemKeys[j] == itemKeys[i] ? itemKeys[i] : "\(itemKeys[j]) and \(itemKeys[i])"
                throw StageError(.invalidPipeline, "\(both): two items get the id '\(item.id)' (columns \(items[j].column + 1) and \(item.column + 1) of \(file)); "
                    + "give each column: its own id:, or make a match: pattern's capture group tell them apart (or use id: as a prefix with a pattern without a group)")
            }
            seen[item.id] = i
        }

        var breakdowns: [SurveySpec.Breakdown] = []
        for (i, b) in section.breakdowns.enumerated() {
            let columns = try keyColumns(resolver, b.column, key: "survey.breakdowns[\(i)].column")
            var mapping = b.mapping == "gender" ? GroupMapping.gender
                : GroupMapping(name: b.name, table: [:], groups: [], blankGroup: "missing", unknownGroup: nil)
            mapping.name = b.name
            for (raw, group) in b.values { mapping.table[TextKey.normalize(raw)] = group }
            breakdowns.append(.init(name: b.name, column: columns[0], alternates: Array(columns.dropFirst()), mapping: mapping))
        }

        var indicators: [SurveySpec.Indicator] = []
        for (i, d) in section.indicators.enumerated() {
            var areas: [(name: String, items: [Int])] = []
            for (name, ids) in d.areas {
                var idx: [Int] = []
                for id in ids {
                    guard let k = seen[id] else {
                        throw StageError(.invalidPipeline, "survey.indicators[\(i)].areas.\(name): no item has the id '\(id)'; item ids: \(items.map(\.id).joined(separator: ", "))")
                    }
                    idx.append(k)
                }
                areas.append((name, idx))
            }
            indicators.append(.init(id: d.id, label: d.label, areas: areas, minAreas: d.minAreas, blankMeansNo: d.blankMeansNo))
        }

        let project = try section.project.map { n throws(StageError) in try keyColumns(resolver, n, key: "survey.project") }
        let course = try section.course.map { n throws(StageError) in try keyColumns(resolver, n, key: "survey.course") }
        var spec = SurveySpec(file: file, projectColumn: project?.first, courseColumn: course?.first,
                              items: items, breakdowns: breakdowns, indicators: indicators,
                              minCellSize: minCellSize, unknownLabels: section.unknownLabels)
        spec.projectAlternates = Array(project?.dropFirst() ?? [])
        spec.courseAlternates = Array(course?.dropFirst() ?? [])
        return spec
    }

    /// The column a project or course is read from, and any further
    /// columns of the very same id and text: a form that asks "Vilken kurs
    /// gick du?" in each of its branches has one such column per branch,
    /// and each row fills one. Columns that merely resemble the name (an id
    /// here, a text there) stay an ambiguity to resolve in the pipeline.
    func keyColumns(_ resolver: ColumnResolver, _ name: String, key: String) throws(StageError) -> [Int] {
        do {
            return [try resolver.resolve(name).index]
        } catch let ColumnError.ambiguous(_, _, positions) {
            let same = positions.compactMap { p in resolver.columns.first { $0.index == p - 1 } }
            guard let first = same.first, same.allSatisfy({ $0.id == first.id && $0.text == first.text }) else {
                throw StageError(.dataError, "\(key): \(ColumnError.ambiguous(wanted: name, file: resolver.file, positions: positions))")
            }
            return same.map(\.index)
        } catch {
            throw StageError(.dataError, "\(key): \(error)")
        }
    }

    func readEnrollment(_ e: Pipeline.EnrollmentDecl, rejects: (RejectedRow) throws -> Void,
                        diagnostics: inout Diagnostics) throws -> ([Enrollment], InputAccount) {
        let input = try TableInput(e.input, role: "enrollment", expecting: [e.project.isEmpty ? nil : e.project, e.course, e.enrolled])
        let p = e.project.isEmpty ? nil : try input.column(e.project, key: "survey.enrollment.project")
        let c = try input.column(e.course, key: "survey.enrollment.course")
        let n = try input.column(e.enrolled, key: "survey.enrollment.enrolled")
        var rows: [Enrollment] = []
        /// Totals lines of a hand-kept sheet (`Totalt;;80`, `P1;Summa;80`): checked, never added in.
        var totals: [(project: String?, enrolled: Int?, at: SourceLocation)] = []
        let account = try input.read(account: "enrollment", reported: [p, c, n], rejects: rejects, diagnostics: &diagnostics) { r in
            let loc = SourceLocation(file: input.path, line: r.line, column: n.index + 1)
            let raw = n.index < r.fields.count ? r.fields[n.index] : ""
            let course = r.fields[c.index].trimmingSpaces
            let project = p.map { r.fields[$0.index].trimmingSpaces } ?? ""
            // Added in as one more course, a totals line halved every rate above the courses.
            if TextKey.isTotals(course) || (TextKey.isTotals(project) && (course.isEmpty || TextKey.isTotals(course))) {
                let whole = p == nil || TextKey.isTotals(project) || project.isEmpty
                var enrolled: Int?
                if case .value(let v) = ValueParser.count(raw) { enrolled = v }
                totals.append((whole ? nil : project, enrolled, loc))
                return nil
            }
            if course.isEmpty {
                return RejectedRow(location: SourceLocation(file: input.path, line: r.line, column: c.index + 1), kind: "missing_value",
                                   reason: "the course column '\(c.text)' is empty; expected the course the enrolled figure is for", fields: r.fields)
            }
            // Project and course name the row in every table: personal data
            // there is a wrong export, as in the survey's own columns.
            // Empty is the enrollment's own matter (a project column may be left out).
            for (what, value, column) in [("project", project, p), ("course", course, c)] {
                if let rejected = KeyProblem.personalValue(value, as: what, at: SourceLocation(file: input.path, line: r.line, column: column.map { $0.index + 1 }),
                                                           fields: r.fields) { return rejected }
            }
            let parsed = ValueParser.count(raw)
            // "-" or a blank: no figure for this course, as if it were not
            // listed (its rate stays empty and the run says so).
            if case .missing = parsed { return nil }
            // At most a billion per course: the sums over courses cannot overflow, and no course is larger.
            guard case .value(let count) = parsed, count >= 0, count <= 1_000_000_000 else {
                return RejectedRow(location: loc, kind: "invalid_number",
                                   reason: "expected a whole number of enrolled participants (e.g. 42) in column '\(n.text)'", fields: r.fields)
            }
            rows.append(Enrollment(project: project, course: course, enrolled: count, location: loc))
            return nil
        }
        for t in totals {
            let listed = rows.filter { t.project == nil || TextKey.normalize($0.project) == TextKey.normalize(t.project!) }.reduce(0) { $0 + $1.enrolled }
            let what = t.project.map { "project '\($0)'" } ?? "the enrollment"
            if let v = t.enrolled, v != listed {
                diagnostics.add(Diagnostic(.warning, kind: "reported_mismatch", at: t.at,
                                           "a totals line gives \(v) enrolled for \(what), but its courses sum to \(listed); the courses' figures are used. Check the enrollment"))
            } else {
                diagnostics.add(Diagnostic(.info, kind: "totals_row", at: t.at,
                                           "a totals line of \(what) is read but not counted as a course\(t.enrolled.map { " (\($0), as its courses sum to)" } ?? "")"))
            }
        }
        return (rows, account)
    }
}
