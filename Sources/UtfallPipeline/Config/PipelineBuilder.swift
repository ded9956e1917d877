import Foundation
import UtfallAnalyze
import UtfallModel
import UtfallRead

/// Turns the YAML tree of a pipeline file into a `Pipeline`, checking every
/// key. Defaults are filled in here, so `utfall config` can show them.
struct Builder {
    let file: String
    let base: String

    private func resolve(_ path: String) -> String {
        let expanded = (path as NSString).expandingTildeInPath
        if expanded.hasPrefix("/") { return (expanded as NSString).standardizingPath }
        let folder = base.isEmpty ? "." : base
        // `../output` from a pipelines folder reached through a link
        // (`pipelines -> /srv/utfall/pipelines`) is /srv/utfall/output to
        // the system, but Foundation shortens `pipelines/../output` to
        // `output` in some calls and not in others: the run made its
        // folder in one place and wrote into the other (73). Such a path
        // starts from the folder's real place instead.
        if expanded.split(separator: "/").contains(".."), let real = realpath(folder, nil) {
            defer { free(real) }
            let physical = String(cString: real)
            // Compared lexically: `standardizingPath` follows links itself.
            let lexical = URL(fileURLWithPath: folder).standardizedFileURL.path
            if physical != lexical {
                return ((physical as NSString).appendingPathComponent(expanded) as NSString).standardizingPath
            }
        }
        return (folder as NSString).appendingPathComponent(expanded)
    }

    /// `path` with each missing component replaced by the one name in its
    /// folder that is the same text in another Unicode form. A file copied
    /// from a Mac is named in NFD (`a\u{308}`), a pipeline typed elsewhere
    /// says `ä` in NFC; Linux compares the bytes, and the run said the
    /// export "does not exist" while `ls` showed it.
    static func spelledAsOnDisk(_ path: String) -> String {
        var st = stat()
        guard lstat(path, &st) != 0, errno == ENOENT else { return path }
        let parent = (path as NSString).deletingLastPathComponent
        let name = (path as NSString).lastPathComponent
        guard !name.isEmpty, name != "/", parent != path else { return path }
        let folder = parent.isEmpty ? parent : spelledAsOnDisk(parent)
        // Swift's String equality is canonical equivalence: NFC == NFD.
        let hits = ((try? FileManager.default.contentsOfDirectory(atPath: folder.isEmpty ? "." : folder)) ?? []).filter { $0 == name }
        guard hits.count == 1 else { return folder == parent ? path : (folder as NSString).appendingPathComponent(name) }
        return folder.isEmpty ? hits[0] : (folder as NSString).appendingPathComponent(hits[0])
    }

    mutating func pipeline(_ root: ConfigNode, _ problems: inout ConfigProblems) -> Pipeline? {
        guard var m = ConfigMap(root, problems: &problems, what: "a mapping at the top level (version:, name:, …)") else { return nil }
        let version = m.int("version")
        if version == nil, m.node.child("version") == nil {
            m.problems.error(root, file, "version", "missing; start the file with `version: \(Pipeline.currentVersion)`")
        } else if let v = version, v != Pipeline.currentVersion {
            m.problems.error(m.node.child("version"), file, "version",
                             "version \(v) is not supported by this utfall; supported: \(Pipeline.currentVersion)")
        }
        let stem = ((file as NSString).lastPathComponent as NSString).deletingPathExtension
        // In NFC: `emin_utvärdering.yaml` copied from a Mac is NFD, and its
        // output folder, lock and run key would be a look-alike of the
        // NFC-named file's, run side by side.
        let name = (m.string("name") ?? stem).precomposedStringWithCanonicalMapping
        if !name.allSatisfy(Pipeline.isNameCharacter) || name.isEmpty {
            m.problems.error(m.node.child("name"), file, "name", "use letters, digits, '_' and '-' only (it names the output folder), found '\(name)'")
        }
        let title = m.string("title") ?? name
        let description = m.string("description") ?? ""
        var dataDate: CalendarDate?
        if let s = m.string("data_date") {
            dataDate = CalendarDate(iso: s)
            if dataDate == nil { m.problems.error(m.node.child("data_date"), file, "data_date", "expected a date as YYYY-MM-DD, found '\(s)'") }
        }
        let language = m.oneOf("language", Pipeline.Language.self) ?? .sv
        let minCell = m.int("min_cell_size", range: 1...1000) ?? 5

        var outputDir = resolve("../output/\(name)")
        var workbook = "\(name).xlsx"
        var percentDecimals = 0
        if var o = ConfigMap(m.raw("output"), problems: &m.problems) {
            if let d = o.string("dir") {
                if d.trimmingCharacters(in: .whitespaces).isEmpty || d.contains(where: \.isNewline) {
                    o.problems.error(o.node.child("dir"), file, "output.dir", "expected a folder for this pipeline's outputs, e.g. ../output/\(name)")
                } else {
                    // `out/x/` is the folder `out/x`: the link is made beside it, not in it.
                    var dir = d
                    while dir.count > 1, dir.hasSuffix("/") { dir.removeLast() }
                    outputDir = resolve(dir)
                }
            }
            if let w = o.string("workbook") {
                let stem = w.dropLast(min(5, w.count)).trimmingCharacters(in: .whitespaces)
                if w.contains("/") || !w.lowercased().hasSuffix(".xlsx") || stem.isEmpty || stem.hasPrefix(".")
                    || w.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
                    o.problems.error(o.node.child("workbook"), file, "output.workbook", "expected a file name ending in .xlsx (a name before it, no folders, no line breaks), found '\(w)'")
                } else { workbook = w }
            }
            percentDecimals = o.int("percent_decimals", range: 0...4) ?? 0
            o.finish(into: &m.problems)
        }

        var thresholds = Pipeline.Thresholds(maxRejectedRows: nil, maxRejectedShare: 0.05)
        if var t = ConfigMap(m.raw("thresholds"), problems: &m.problems) {
            thresholds.maxRejectedRows = t.int("max_rejected_rows", range: 0...Int.max)
            if t.node.child("max_rejected_share") != nil { thresholds.maxRejectedShare = t.double("max_rejected_share", range: 0...1) }
            t.finish(into: &m.problems)
        }

        let survey = surveySection(m.raw("survey"), &m.problems)
        let followUp = followUpSection(m.raw("followup"), &m.problems)
        let portfolio = portfolioSection(m.raw("portfolio"), &m.problems)
        if survey == nil && followUp == nil && portfolio == nil && m.problems.diagnostics.errorCount == 0 {
            m.problems.error(root, file, "(file)", "nothing to do: declare at least one of survey:, followup:, portfolio:")
        }
        m.finish(into: &problems)
        let outputDirNode = m.node.child("output")?.child("dir") ?? m.node.child("name")
        return Pipeline(file: file, version: version ?? 0, name: name, title: title, description: description,
                        dataDate: dataDate, language: language, minCellSize: minCell, outputDir: outputDir,
                        outputDirLocation: outputDirNode?.location, workbookName: workbook, percentDecimals: percentDecimals, thresholds: thresholds, survey: survey, followUp: followUp,
                        portfolio: portfolio)
    }

    func input(_ node: ConfigNode?, _ problems: inout ConfigProblems, key: String) -> Pipeline.Input? {
        guard let node else {
            return nil
        }
        if let s = node.scalarString { return Pipeline.Input(path: Self.spelledAsOnDisk(resolve(s))) }
        guard var m = ConfigMap(node, problems: &problems, what: "a file path or a mapping with path:") else { return nil }
        let path = m.string("path", required: true)
        let enc = m.string("encoding")
        let delim = m.string("delimiter")
        let layout = m.string("layout")
        let header = m.int("header_line", range: 1...10_000)
        if let enc, TextEncoding.named(enc) == nil {
            m.problems.error(node.child("encoding"), file, "\(node.path).encoding",
                             "unknown encoding '\(enc)'; known: \(TextEncoding.allCases.map(\.rawValue).joined(separator: ", ")) (or leave it out to detect)")
        }
        if let layout, ExportLayout(rawValue: layout) == nil {
            m.problems.error(node.child("layout"), file, "\(node.path).layout",
                             "unknown layout '\(layout)'; known: \(ExportLayout.allCases.map(\.rawValue).joined(separator: ", ")) (or leave it out to detect)")
        }
        if let delim, ReadOptions.delimiter(named: delim) == nil {
            m.problems.error(node.child("delimiter"), file, "\(node.path).delimiter", "expected one of ',', ';', '|', 'tab', found '\(delim)'")
        }
        m.finish(into: &problems)
        guard let path else { return nil }
        return Pipeline.Input(path: Self.spelledAsOnDisk(resolve(path)), encoding: enc, delimiter: delim == "tab" ? "\t" : delim, layout: layout, headerLine: header)
    }

    func surveySection(_ node: ConfigNode?, _ problems: inout ConfigProblems) -> Pipeline.SurveySection? {
        guard var m = ConfigMap(node, problems: &problems) else { return nil }
        let input = self.input(m.raw("input"), &m.problems, key: "input")
        if input == nil { m.problems.error(m.node, file, "\(m.node.path).input", "missing; name the survey export file (input: path/to/export.csv)") }
        let project = m.string("project")
        let course = m.string("course")
        let personal = m.stringList("personal_columns") ?? []
        // A personal column named as what to report on would be published
        // in every table; the run checks again once names are resolved.
        let personalKeys = Set(personal.map(TextKey.normalize))
        func reportable(_ name: String?, _ at: ConfigNode?, _ path: String, _ problems: inout ConfigProblems) {
            guard let name, personalKeys.contains(TextKey.normalize(name)) else { return }
            problems.error(at, file, path, Self.personalReported(name))
        }
        reportable(project, m.node.child("project"), "\(m.node.path).project", &m.problems)
        reportable(course, m.node.child("course"), "\(m.node.path).course", &m.problems)
        let policy = m.oneOf("unknown_labels", SurveySpec.UnknownLabelPolicy.self) ?? .rejectRow

        var scales = Scale.builtIn
        var scaleAt: [String: ConfigNode] = [:]
        for decl in m.list("scales", of: "scales") {
            if let s = scale(decl, &m.problems) {
                // The later of two would silently win, as a YAML key given twice would.
                if let first = scaleAt[s.id] {
                    m.problems.error(decl.child("id"), file, "\(decl.path).id", "the scale '\(s.id)' is declared at \(first.path) too (line \(first.location.line ?? 0)); give each scale its own id")
                    continue
                }
                scaleAt[s.id] = decl
                if Scale.builtIn[s.id] != nil { m.problems.warning(decl, "scale '\(s.id)' replaces the built-in scale of that name") }
                scales[s.id] = s
            }
        }

        var breakdowns: [Pipeline.BreakdownSelector] = []
        var breakdownAt: [String: ConfigNode] = [:], breakdownColumnAt: [String: ConfigNode] = [:]
        for b in m.list("breakdowns", of: "breakdowns") {
            guard var bm = ConfigMap(b, problems: &m.problems) else { continue }
            let name = bm.string("name", required: true)
            let column = bm.string("column", required: true)
            reportable(column, b.child("column"), "\(b.path).column", &bm.problems)
            let mapping = bm.string("mapping")
            if let mapping, mapping != "gender" {
                bm.problems.error(b.child("mapping"), file, "\(b.path).mapping", "unknown mapping '\(mapping)'; known: gender (or leave it out and list values:)")
            }
            var values: [String: String] = [:]
            for (k, v) in bm.raw("values")?.pairs ?? [] { values[k] = v.scalarString ?? "" }
            // Rows of a breakdown are told apart by its name: two of one
            // name would be one family of groups whose sum is twice the
            // total (and whose suppression protects neither), and `all`
            // names the totals.
            if let name {
                if name == "all" {
                    bm.problems.error(b.child("name"), file, "\(b.path).name", "'all' names the totals in every table (breakdown=all); give the breakdown another name")
                } else if let first = breakdownAt[name] {
                    bm.problems.error(b.child("name"), file, "\(b.path).name", "the breakdown name '\(name)' is given to \(first.path) too (line \(first.location.line ?? 0)); give each breakdown its own")
                } else {
                    breakdownAt[name] = b
                }
            }
            // Two breakdowns of one column (fine and coarse age groups) are
            // suppressed each on its own: a coarse group minus its published
            // fine groups gave the hidden one back.
            if let column {
                if let first = breakdownColumnAt[TextKey.normalize(column)] {
                    bm.problems.error(b.child("column"), file, "\(b.path).column", "the column '\(column)' is broken down by \(first.path) too (line \(first.location.line ?? 0)); a group of one hidden as too small would follow from the other's groups. Keep one breakdown per column (map the values as you need them with values:)")
                } else {
                    breakdownColumnAt[TextKey.normalize(column)] = b
                }
            }
            bm.finish(into: &m.problems)
            if let name, let column { breakdowns.append(.init(name: name, column: column, mapping: mapping, values: values)) }
        }

        var items: [Pipeline.ItemSelector] = []
        let itemsNode = m.raw("items")
        let itemNodes = itemsNode?.elements
        if let itemsNode, itemNodes == nil {
            m.problems.error(itemsNode, file, "\(m.node.path).items", "expected a list of questions (each with column: or match:, and scale:), found a single value")
        } else if itemNodes == nil || itemNodes!.isEmpty {
            m.problems.error(m.node, file, "\(m.node.path).items", "missing; list the questions to analyse (each with column: or match:, and scale:)")
        }
        var idAt: [String: ConfigNode] = [:]
        /// Every item's id, when each is given (nil once one comes from the export's header).
        var knownIds: Set<String>? = []
        for i in itemNodes ?? [] {
            guard var im = ConfigMap(i, problems: &m.problems) else { continue }
            // Ids name the rows of every table: two items of one id would be
            // one row of mixed answers. (Ids taken from column names are
            // checked against the header at run time.)
            if let id = im.string("id") {
                if let first = idAt[id] {
                    im.problems.error(i.child("id"), file, "\(i.path).id", "the id '\(id)' is given to \(first.path) too (line \(first.location.line ?? 0)); give each item its own")
                } else {
                    idAt[id] = i
                }
            }
            let column = im.string("column")
            reportable(column, i.child("column"), "\(i.path).column", &im.problems)
            let match = im.string("match")
            if (column == nil) == (match == nil) {
                im.problems.error(i, file, i.path, "give exactly one of column: (a column name) or match: (a pattern over column names)")
            }
            if let match, let re = try? NSRegularExpression(pattern: match), re.numberOfCaptureGroups > 0, im.string("id") != nil {
                // The capture group names each item; an id: beside it was ignored without a word.
                im.problems.error(i.child("id"), file, "\(i.path).id", "match: has a capture group, which gives each item its id; give either id: (used as a prefix, numbered 1, 2, …) with a pattern without a group (use (?:…) to group without capturing), or the capture group alone")
            }
            if let match, (try? NSRegularExpression(pattern: match)) == nil {
                im.problems.error(i.child("match"), file, "\(i.path).match", "not a valid regular expression: '\(match)'")
            }
            // A multi-select question whose chosen options share one cell
            // (Google Forms): one yes/no item per listed option.
            let options = im.stringList("options") ?? []
            if !options.isEmpty && column == nil {
                im.problems.error(i.child("options"), file, "\(i.path).options", "options: needs column: (the one column holding the chosen options)")
            }
            // One column per option (SurveyMonkey, LimeSurvey, Typeform,
            // esMaker): a blank there is an option not chosen.
            let checkbox = im.bool("checkbox") ?? false
            if checkbox && !options.isEmpty {
                im.problems.error(i.child("checkbox"), file, "\(i.path).checkbox",
                                  "checkbox: and options: do not go together: options: lists the options one column holds, joined; checkbox: reads one column per option")
            }
            let other = im.oneOf("other", Pipeline.OtherAnswers.self) ?? .reject
            if other != .reject && options.isEmpty {
                im.problems.error(i.child("other"), file, "\(i.path).other",
                                  "other: is for text beside the options: list of one joined column; with one column per option, an \"Other\" text column is simply not listed")
            }
            let scaleName = options.isEmpty && !checkbox ? im.string("scale", required: true) : (im.string("scale") ?? "ja_nej")
            if let scaleName, scales[scaleName] == nil {
                im.problems.error(i.child("scale"), file, "\(i.path).scale",
                                  "unknown scale '\(scaleName)'; known: \(scales.keys.sorted().joined(separator: ", "))")
            }
            // Options are read as Ja/Nej answers utfall writes itself: a
            // scale without them rejected every row for answers the export never held.
            if !options.isEmpty || checkbox, let scaleName, let s = scales[scaleName],
               [s.classify("Ja"), s.classify("Nej")].contains(where: { if case .level = $0 { false } else { true } }) {
                im.problems.error(i.child("scale"), file, "\(i.path).scale",
                                  "\(checkbox ? "checkbox:" : "options:") reads each option as Ja or Nej, which scale '\(scaleName)' has no level for; leave scale: out (ja_nej) or give a yes/no scale")
            }
            // The ids known without the export, for checking indicators.
            if let id = im.string("id"), match == nil {
                knownIds?.formUnion(options.isEmpty ? [id] : options.indices.map { "\(id)_\($0 + 1)" } + (other == .count ? ["\(id)_other"] : []))
            } else {
                knownIds = nil
            }
            let item = Pipeline.ItemSelector(column: column, match: match, id: im.string("id"), text: im.string("text"),
                                             scale: scaleName ?? "", reverse: im.bool("reverse") ?? false, options: options,
                                             checkbox: checkbox, other: other)
            im.finish(into: &m.problems)
            items.append(item)
        }

        var indicators: [Pipeline.IndicatorDecl] = []
        var indicatorAt: [String: ConfigNode] = [:]
        for i in m.list("indicators", of: "indicators") {
            guard var im = ConfigMap(i, problems: &m.problems) else { continue }
            let id = im.string("id", required: true)
            let label = im.string("label") ?? id ?? ""
            let minAreas = im.int("min_areas", range: 1...100) ?? 1
            let blankNo = im.bool("blank_means_no") ?? false
            var areas: [(String, [String])] = []
            if let a = im.raw("areas"), let pairs = a.pairs {
                for (name, v) in pairs {
                    var ids: [String] = []
                    if let s = v.scalarString { ids = [s] } else { ids = (v.elements ?? []).compactMap(\.scalarString) }
                    if ids.isEmpty { im.problems.error(v, file, v.path, "expected a list of item ids") }
                    areas.append((name, ids))
                }
            } else {
                im.problems.error(i, file, "\(i.path).areas", "missing; map each area to its item ids (A: [A1, A2])")
            }
            if minAreas > max(areas.count, 1) {
                im.problems.error(i.child("min_areas"), file, "\(i.path).min_areas", "is \(minAreas) but only \(areas.count) areas are declared")
            }
            // One item in two areas met both with one answer ("two of five areas" from one Ja).
            var areaOf: [String: String] = [:]
            for (name, ids) in areas {
                for item in ids {
                    if let other = areaOf[item], other != name {
                        im.problems.error(i.child("areas"), file, "\(i.path).areas.\(name)", "the item '\(item)' is in area \(other) too; an answer would meet both areas at once. Put each item in one area")
                    }
                    areaOf[item] = areaOf[item] ?? name
                    if let knownIds, !knownIds.contains(item) {
                        im.problems.error(i.child("areas"), file, "\(i.path).areas.\(name)", "no item has the id '\(item)'; item ids: \(knownIds.sorted().joined(separator: ", "))")
                    }
                }
            }
            if let id {
                if let first = indicatorAt[id] {
                    im.problems.error(i.child("id"), file, "\(i.path).id", "the indicator id '\(id)' is given to \(first.path) too (line \(first.location.line ?? 0)); give each indicator its own")
                }
                indicatorAt[id] = indicatorAt[id] ?? i
            }
            im.finish(into: &m.problems)
            if let id { indicators.append(.init(id: id, label: label, minAreas: minAreas, blankMeansNo: blankNo, areas: areas)) }
        }

        var enrollment: Pipeline.EnrollmentDecl?
        if let e = m.raw("enrollment"), var em = ConfigMap(e, problems: &m.problems) {
            let inp = self.input(em.raw("input"), &em.problems, key: "input")
            if inp == nil { em.problems.error(e, file, "\(e.path).input", "missing; name the enrollment file") }
            let declared = em.string("project")
            if declared != nil, project == nil {
                em.problems.error(e.child("project"), file, "\(e.path).project",
                                  "the survey has no project: column, so enrollment cannot be matched by project; leave project: out here, or name the survey's project column")
            }
            let p = declared ?? project ?? ""
            let c = em.string("course", required: true)
            // Rates are per course: without the survey's course column no
            // answer finds its course, and every rate was published as 0.
            if course == nil {
                em.problems.error(e, file, e.path, "the survey has no course: column, so no answer can be matched to an enrolled course; name the survey's course column (a survey of one course still needs it for response rates)")
            }
            let n = em.string("enrolled", required: true)
            em.finish(into: &m.problems)
            if let inp, let c, let n { enrollment = .init(input: inp, project: p, course: c, enrolled: n) }
        }
        m.finish(into: &problems)
        guard let input else { return nil }
        return Pipeline.SurveySection(input: input, project: project, course: course, personalColumns: personal,
                                      breakdowns: breakdowns, unknownLabels: policy, scales: scales, items: items,
                                      indicators: indicators, enrollment: enrollment)
    }

    static func personalReported(_ name: String) -> String {
        "column '\(name)' is listed in personal_columns and cannot be reported on: its values would be published in every table. "
            + "Choose another column, or take it out of personal_columns if it holds nothing personal"
    }

    func scale(_ node: ConfigNode, _ problems: inout ConfigProblems) -> Scale? {
        guard var m = ConfigMap(node, problems: &problems) else { return nil }
        let id = m.string("id", required: true)
        var levels: [Scale.Level] = []
        let levelNodes = m.list("levels", of: "levels")
        if levelNodes.count < 2 { m.problems.error(node, file, "\(node.path).levels", "a scale needs at least two levels, most negative first") }
        for l in levelNodes {
            if let s = l.scalarString { levels.append(.init(s)); continue }
            guard var lm = ConfigMap(l, problems: &m.problems) else { continue }
            let label = lm.string("label", required: true) ?? ""
            let syn = lm.stringList("synonyms") ?? []
            let code = lm.int("code")
            lm.finish(into: &m.problems)
            levels.append(.init(label, synonyms: syn, code: code))
        }
        // Without a list of its own, a scale takes the usual "Vet ej",
        // "Ej aktuellt", "Don't know"… except a text one of its levels is.
        let levelTexts = Set(levels.flatMap { [$0.label] + $0.synonyms }.map(TextKey.normalize))
        let ns = m.stringList("non_substantive") ?? Scale.dontKnow.filter { !levelTexts.contains(TextKey.normalize($0)) }
        let nsCodes = (m.stringList("non_substantive_codes") ?? []).compactMap { Int($0) }
        // One answer must mean one thing: a label, synonym or code on two
        // levels (or also non-substantive) would silently count for the later one.
        var meaning: [String: String] = [:]
        func claim(_ text: String, as what: String) {
            let key = TextKey.normalize(text)
            guard !key.isEmpty else { return }
            if let earlier = meaning[key], earlier != what {
                m.problems.error(node, file, "\(node.path)", "'\(text)' is given for both \(earlier) and \(what); an answer must mean one level")
            }
            meaning[key] = what
        }
        for (i, l) in levels.enumerated() {
            for t in [l.label] + l.synonyms { claim(t, as: "level \(i + 1) ('\(l.label)')") }
            if let c = l.code { claim(String(c), as: "level \(i + 1) ('\(l.label)')") }
        }
        for t in ns { claim(t, as: "non_substantive") }
        for c in nsCodes { claim(String(c), as: "non_substantive") }
        m.finish(into: &problems)
        guard let id else { return nil }
        return Scale(id: id, levels: levels, nonSubstantive: ns, nonSubstantiveCodes: nsCodes)
    }

    func reported(_ node: ConfigNode?, _ problems: inout ConfigProblems, keys: [String]) -> Pipeline.ReportedDecl? {
        guard var m = ConfigMap(node, problems: &problems) else { return nil }
        let inp = input(m.raw("input"), &m.problems, key: "input")
        if inp == nil { m.problems.error(node, file, "\(node!.path).input", "missing; name the file of reported figures") }
        var cols: [String: String] = [:]
        for k in keys { if let v = m.string(k, required: true) { cols[k] = v } }
        m.finish(into: &problems)
        guard let inp else { return nil }
        return .init(input: inp, columns: cols)
    }

    func followUpSection(_ node: ConfigNode?, _ problems: inout ConfigProblems) -> Pipeline.FollowUpSection? {
        guard var m = ConfigMap(node, problems: &problems) else { return nil }
        let inp = input(m.raw("input"), &m.problems, key: "input")
        if inp == nil { m.problems.error(node, file, "\(node!.path).input", "missing; name the project figures file") }
        let layout = m.string("layout") ?? "wide"
        if !["wide", "long"].contains(layout) {
            m.problems.error(node?.child("layout"), file, "\(node!.path).layout", "expected wide or long, found '\(layout)'")
        }
        let project = m.string("project", required: true) ?? ""
        var columns: [Pipeline.WideColumn] = []
        for c in m.list("columns", of: "columns") {
            guard var cm = ConfigMap(c, problems: &m.problems) else { continue }
            let col = cm.string("column", required: true)
            let measure = cm.string("measure", required: true)
            let gender = cm.string("gender") ?? "all"
            let basis = cm.string("basis", required: true)
            // Left out with a warning: an error stopped pipelines that 0.4.0
            // ran correctly (the column was only summed wrongly without a total).
            let computed = measure.map { FollowUpUnit.computedOnly.contains($0) } ?? false
            if computed, let measure, let at = c.child("measure") {
                cm.problems.warning(at, "this column is not read: \(FollowUpUnit.computedOnlyReason(measure))")
            }
            if let basis, !["planned", "actual"].contains(basis) {
                cm.problems.error(c.child("basis"), file, "\(c.path).basis", "expected planned or actual, found '\(basis)'")
            }
            // Without unit:, the measure's own (esf_support is money), as in
            // the long layout; it was a count, and every amount was rejected.
            var unit = measure.map { FollowUpUnit(measure: $0) } ?? .count
            if let word = cm.string("unit") {
                if let u = FollowUpUnit(word: word) {
                    if let measure, let own = FollowUpUnit.of(measure: measure), own != u {
                        cm.problems.error(c.child("unit"), file, "\(c.path).unit", "\(measure) is in \(own.rawValue); unit: \(word) does not fit it (leave unit: out)")
                    }
                    unit = u
                } else {
                    cm.problems.error(c.child("unit"), file, "\(c.path).unit", "expected \(FollowUpUnit.expectedWords), found '\(word)'")
                }
            }
            cm.finish(into: &m.problems)
            if let col, let measure, let basis, !computed { columns.append(.init(column: col, measure: measure, gender: gender, basis: basis, unit: unit.rawValue)) }
        }
        // One measure, one unit: planned in kronor and actual as a count
        // cannot be set against each other, nor summed.
        var unitOf: [String: String] = [:]
        for c in columns {
            if let u = unitOf[c.measure], u != c.unit {
                m.problems.error(node?.child("columns"), file, "\(node!.path).columns", "\(c.measure) is given in \(u) and in \(c.unit); give each of its columns the same unit:")
            }
            unitOf[c.measure] = unitOf[c.measure] ?? c.unit
        }
        if layout == "wide" && columns.isEmpty {
            m.problems.error(node, file, "\(node!.path).columns", "a wide layout needs columns: (each column with measure:, basis: and unit:)")
        }
        var long: [String: String] = [:]
        if layout == "long" {
            for k in ["measure", "gender", "basis", "value", "unit"] { if let v = m.string("\(k)_column") { long[k] = v } }
            for k in ["measure", "basis", "value"] where long[k] == nil {
                m.problems.error(node, file, "\(node!.path).\(k)_column", "missing; a long layout names the column holding the \(k)")
            }
        }
        let rep = reported(m.raw("reported"), &m.problems, keys: ["source", "project", "measure", "gender", "basis", "value"])
        let section = Pipeline.FollowUpSection(input: inp ?? .init(path: ""), layout: layout, project: project,
                                               name: m.string("name"), owner: m.string("owner"), start: m.string("start"),
                                               end: m.string("end"), columns: columns, long: long, reported: rep)
        m.finish(into: &problems)
        return inp == nil ? nil : section
    }

    func portfolioSection(_ node: ConfigNode?, _ problems: inout ConfigProblems) -> Pipeline.PortfolioSection? {
        guard var m = ConfigMap(node, problems: &problems) else { return nil }
        let inp = input(m.raw("input"), &m.problems, key: "input")
        if inp == nil { m.problems.error(node, file, "\(node!.path).input", "missing; name the project index file") }
        let project = m.string("project")
        var dims: [(String, String)] = []
        if let d = m.raw("dimensions"), let pairs = d.pairs {
            for (k, v) in pairs {
                guard let col = v.scalarString else { m.problems.error(v, file, v.path, "expected a column name"); continue }
                dims.append((k, col))
            }
        } else {
            m.problems.error(node, file, "\(node!.path).dimensions", "missing; map each dimension to its column (municipality: Kommun)")
        }
        var cross: [[String]] = []
        for c in m.list("cross", of: "pairs of dimensions") {
            let pair = (c.elements ?? []).compactMap(\.scalarString)
            if pair.count != 2 || !pair.allSatisfy({ p in dims.contains { $0.0 == p } }) {
                m.problems.error(c, file, c.path, "expected two declared dimensions, e.g. [municipality, funding]")
            } else { cross.append(pair) }
        }
        let rep = reported(m.raw("reported"), &m.problems, keys: ["dimension", "value", "count"])
        m.finish(into: &problems)
        guard let inp else { return nil }
        return .init(input: inp, project: project, dimensions: dims, cross: cross, reported: rep)
    }
}
