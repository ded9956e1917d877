import Foundation
import UtfallAnalyze
import UtfallModel
import UtfallRead

/// Reads project figures (wide or long) and reported figures, and hands them
/// to the follow-up computation as typed facts.
struct FollowUpStage {
    let section: Pipeline.FollowUpSection

    struct Output {
        var report: FollowUpReport
        var accounts: [InputAccount]
        var diagnostics: Diagnostics
        var projects: Int
        var reconciliation: [ReconciliationRow]
        var mismatches: Int
    }

    func run(rejects: (RejectedRow) throws -> Void) throws -> Output {
        let input = try TableInput(section.input, role: "followup", expecting: [section.project, section.name, section.owner])
        let resolver = input.resolver
        var infos: [ProjectInfo] = []
        var facts: [FollowUpFact] = []

        let projectCol = try column(resolver, section.project, key: "followup.project")
        func optional(_ name: String?, _ key: String) throws(StageError) -> Column? {
            try name.map { n throws(StageError) in try column(resolver, n, key: key) }
        }
        let nameCol = try optional(section.name, "followup.name")
        let ownerCol = try optional(section.owner, "followup.owner")
        let startCol = try optional(section.start, "followup.start")
        let endCol = try optional(section.end, "followup.end")
        var wide: [(Column, Pipeline.WideColumn)] = []
        for (i, c) in section.columns.enumerated() {
            wide.append((try column(resolver, c.column, key: "followup.columns[\(i)].column"), c))
        }
        var long: [String: Column] = [:]
        for (k, v) in section.long { long[k] = try column(resolver, v, key: "followup.\(k)_column") }
        // A project (wide) or figure (long) given again: the first accepted row wins,
        // the later one is rejected (and reported, as before, as an error).
        var firstRow: [String: Int] = [:]
        // Projects typed in more than one case or spacing are one project
        // (see NameSpellings); the reported figures are matched the same way.
        var projects = NameSpellings()
        // The unit each measure of a long table was first given in.
        var unitOf: [String: (unit: FollowUpUnit, line: Int)] = [:]
        var diagnostics = Diagnostics()
        var totalsNames = Set<String>()
        var computedGiven: [String: (count: Int, first: SourceLocation)] = [:]
        var inputTotals: [ReportedFigure] = []
        let fileName = (input.path as NSString).lastPathComponent

        // The header's problems come first in the log; the rows add theirs.
        var header = Diagnostics()
        let account = try input.read(account: "followup", reported: [projectCol, nameCol, ownerCol, startCol, endCol] + wide.map(\.0) + Array(long.values),
                                     rejects: rejects, diagnostics: &header) { r in
            func cell(_ c: Column) -> String { c.index < r.fields.count ? r.fields[c.index] : "" }
            func loc(_ c: Column) -> SourceLocation { SourceLocation(file: input.path, line: r.line, column: c.index + 1) }
            let typed = cell(projectCol).trimmingSpaces
            if typed.isEmpty {
                return RejectedRow(location: loc(projectCol), kind: "missing_value", reason: "the project column '\(projectCol.text)' is empty", fields: r.fields)
            }
            // A name holding an address or a personnummer would be published
            // in every table and listed among the spellings merged.
            if let rejected = KeyProblem.personalValue(typed, as: "project", at: loc(projectCol), fields: r.fields) { return rejected }
            let project = TextKey.isTotals(typed) ? typed : projects.canonical(typed)
            var rowFacts: [FollowUpFact] = []
            var problem: RejectedRow?
            func date(_ c: Column?) -> CalendarDate? {
                guard let c else { return nil }
                switch ValueParser.date(cell(c)) {
                case .value(let d): return d
                case .missing: return nil
                case .invalid:
                    problem = problem ?? RejectedRow(location: loc(c), kind: "invalid_date", reason: "expected a date such as 2016-10-01 in column '\(c.text)'", fields: r.fields)
                    return nil
                }
            }
            if section.layout == "wide" {
                for (c, decl) in wide {
                    switch Self.quantity(cell(c), unit: decl.unit) {
                    case .value(let q):
                        rowFacts.append(FollowUpFact(project: project, measure: decl.measure, gender: decl.gender,
                                                     basis: decl.basis == "planned" ? .planned : .actual, value: q, location: loc(c)))
                    case .missing: break
                    case .invalid:
                        problem = problem ?? RejectedRow(location: loc(c), kind: "invalid_number",
                                                         reason: "expected \(Self.expected(decl.unit, cell(c))) in column '\(c.text)'", fields: r.fields)
                    }
                }
                // A line with a name and not one figure is no project: a
                // footnote under the table (`Källa: ESF-rådet`) was a sixth
                // project, empty, on the workbook's sheets.
                if problem == nil, wide.allSatisfy({ cell($0.0).trimmingSpaces.isEmpty }) {
                    problem = RejectedRow(location: loc(projectCol), kind: "no_figures",
                                          reason: "'\(PersonalData.shown(typed).clippedForLog)' has no figure in any of the \(wide.count) figure columns: a note under the table? Remove the line, or give the project's figures",
                                          fields: r.fields)
                } else if problem == nil, rowFacts.isEmpty, !TextKey.isTotals(project) {
                    // Every cell a "not reported" mark (`–`, `..`, `saknas`):
                    // a project, but with nothing to add up. It was in the
                    // overview's count and in no table, with no word said.
                    diagnostics.add(Diagnostic(.warning, kind: "no_figures_reported", at: loc(projectCol),
                                               "project '\(PersonalData.shown(project).clippedForLog)' gives no figure in any of the \(wide.count) figure columns, only marks such as '–' or 'saknas': it is in no table or total. Give its figures when they are reported"))
                }
                // Published on the planned-vs-actual sheet: an owner's
                // contact details typed into the cell go no further.
                infos.append(ProjectInfo(project: project, name: nameCol.map { PersonalData.shown(cell($0)) },
                                         owner: ownerCol.map { PersonalData.shown(cell($0)) },
                                         start: date(startCol), end: date(endCol), location: loc(projectCol)))
            } else {
                let measure = cell(long["measure"]!).trimmingSpaces
                let basis = FollowUpFact.Basis(word: cell(long["basis"]!))
                let gender = long["gender"].map { FollowUpFact.gender(word: cell($0)) } ?? "all"
                let unitWord = long["unit"].map(cell) ?? ""
                let unit = unitWord.isEmpty ? FollowUpUnit(measure: measure) : FollowUpUnit(word: unitWord)
                if measure.isEmpty {
                    problem = RejectedRow(location: loc(long["measure"]!), kind: "missing_value", reason: "the measure column '\(long["measure"]!.text)' is empty", fields: r.fields)
                } else if FollowUpUnit.computedOnly.contains(measure) {
                    // Read and left aside, said once per measure: rejected,
                    // such rows failed a run that 0.4.0 published correctly.
                    computedGiven[measure, default: (0, loc(long["measure"]!))].count += 1
                } else if basis == nil {
                    problem = RejectedRow(location: loc(long["basis"]!), kind: "invalid_value", reason: "expected planned/planerat or actual/faktiskt", fields: r.fields)
                } else if let unitColumn = long["unit"], unit == nil {
                    // An unknown unit was read as a count: kronor went out as participants.
                    problem = RejectedRow(location: loc(unitColumn), kind: "invalid_value",
                                          reason: "unknown unit '\(unitWord)'; expected \(FollowUpUnit.expectedWords), or nothing for the measure's own", fields: r.fields)
                } else if let unitColumn = long["unit"], let unit, let own = FollowUpUnit.of(measure: measure), unit != own {
                    problem = RejectedRow(location: loc(unitColumn), kind: "invalid_value",
                                          reason: "\(measure) is in \(own.rawValue), not '\(unitWord)'; leave the unit out or correct it", fields: r.fields)
                } else if let unitColumn = long["unit"], let unit, let first = unitOf[measure], first.unit != unit {
                    // One measure in two units cannot be summed over projects.
                    problem = RejectedRow(location: loc(unitColumn), kind: "invalid_value",
                                          reason: "\(measure) is in \(first.unit.rawValue) on line \(first.line), here '\(unitWord)'; give one measure one unit", fields: r.fields)
                } else if let unit {
                    if unitOf[measure] == nil { unitOf[measure] = (unit, r.line) }
                    switch Self.quantity(cell(long["value"]!), unit: unit.rawValue) {
                    case .value(let q):
                        rowFacts.append(FollowUpFact(project: project, measure: measure, gender: gender, basis: basis!, value: q, location: loc(long["value"]!)))
                    case .missing: break
                    case .invalid:
                        // Which measure, and where its unit came from: a unit
                        // taken from the measure's name was not visible.
                        let from = unitWord.isEmpty ? (FollowUpUnit.of(measure: measure) == nil ? " (no unit given: read as a count)" : "") : ""
                        problem = RejectedRow(location: loc(long["value"]!), kind: "invalid_number",
                                              reason: "\(measure): expected \(Self.expected(unit.rawValue, cell(long["value"]!)))\(from)", fields: r.fields)
                    }
                }
            }
            if problem == nil, TextKey.isTotals(project) {
                // The input's own totals row: its figures are printed sums to
                // reconcile with the computed ones, never a project to add in.
                if section.layout == "wide" { infos.removeLast() }
                // Said once per name: a project called `ALL` or `Total` would
                // otherwise vanish into the totals with only mismatches to show.
                if totalsNames.insert(TextKey.normalize(project)).inserted {
                    diagnostics.add(Diagnostic(.info, kind: "totals_row", at: loc(projectCol),
                                               "'\(project)' is read as the table's totals row: its figures are compared with the computed totals (reconciliation.csv), not added in as a project's. A project of that name must be renamed in the input"))
                }
                for f in rowFacts {
                    // The value as the column's reader read it, as for a
                    // project: read again as a printed figure, `2,500`
                    // participants was 2.5 and a right total a mismatch.
                    // The printed precision (`9 612 tkr`) only where both agree.
                    let printed = f.location.column.flatMap { $0 <= r.fields.count ? ValueParser.printedFigure(r.fields[$0 - 1]) : nil }
                    let decimals = printed.flatMap { $0.value == f.value.decimal && !$0.isPercent ? $0.decimals : nil } ?? 0
                    inputTotals.append(ReportedFigure(source: "\(fileName): \(project)", project: "all", measure: f.measure, gender: f.gender,
                                                      basis: f.basis, value: f.value.decimal, decimals: decimals, isPercent: false, location: f.location))
                }
                return nil
            }
            if problem == nil, let dup = Self.duplicate(project: project, facts: rowFacts, wide: section.layout == "wide",
                                                         line: r.line, firstRow: &firstRow) {
                let at = section.layout == "wide" ? loc(projectCol) : loc(long["value"]!)
                let row = RejectedRow(location: at, kind: dup.kind, reason: dup.reason, fields: r.fields, diagnosed: true)
                // An error, not the usual warning: which of two figures is
                // right is not for utfall to guess, so the run fails (65).
                var d = row.diagnostic
                d.severity = .error
                diagnostics.add(d)
                problem = row
            }
            if let problem {
                if section.layout == "wide" { infos.removeLast() }
                return problem
            }
            facts += rowFacts
            return nil
        }
        for (measure, given) in computedGiven.sorted(by: { $0.key < $1.key }) {
            diagnostics.add(Diagnostic(.warning, kind: "computed_measure_given", at: given.first,
                                       "\(given.count) \(given.count == 1 ? "row gives" : "rows give") \(measure), left aside: \(FollowUpUnit.computedOnlyReason(measure))"))
        }
        header.append(diagnostics)
        diagnostics = header
        // A totals row and no project rows is a cut-off export as much as a
        // header alone is (see PipelineJob's no_data_rows).
        if !inputTotals.isEmpty, facts.isEmpty, account.rejected == 0 {
            diagnostics.add(Diagnostic(.error, kind: "no_data_rows", at: SourceLocation(file: input.path),
                                       "the followup input has a totals row but no project rows; nothing is published, the previous outputs stay. Check that the export is complete"))
        }

        for d in projects.mergedDiagnostics(what: "project", file: input.path) { diagnostics.add(d) }

        var accounts = [account]
        var reported = inputTotals
        if let decl = section.reported {
            let (figs, acc) = try readReported(decl, projects: projects, rejects: rejects, diagnostics: &diagnostics)
            reported += figs
            accounts.append(acc)
        }
        // A wide table's columns say which figures each project should have.
        var declared: [FollowUpFact.Basis: Set<String>]?
        if section.layout == "wide" {
            declared = [:]
            for c in section.columns where c.unit == "money" && c.gender == "all" && c.measure != "total_cost" {
                if let b = FollowUpFact.Basis(word: c.basis) { declared![b, default: []].insert(c.measure) }
            }
        }
        var report = FollowUp.compute(projects: infos, facts: facts, reported: reported, declaredMoney: declared)
        // A project's name and owner are published in the workbook: a
        // column of people's names (Projektledare) named there is the
        // pipeline's choice to make knowingly.
        for (key, c) in [("followup.name", nameCol), ("followup.owner", ownerCol)] {
            guard let c, PersonalData.isPersonal(header: c.text) || PersonalData.isPersonal(header: c.id) else { continue }
            // A project table's `Namn` is the project's: the key says so,
            // and a warning there failed every --strict run for nothing.
            if key == "followup.name", ["namn", "name"].contains(TextKey.normalize(c.text)) { continue }
            diagnostics.add(Diagnostic(.warning, kind: "personal_column_reported",
                                       at: SourceLocation(file: input.path, line: input.reader.format.headerLine, column: c.index + 1),
                                       "\(key): column '\(c.text)' is named like personal data; its values are published in the workbook. Choose another column if it names people"))
        }
        diagnostics.add(contentsOf: report.diagnostics)
        report.diagnostics = diagnostics
        return Output(report: report, accounts: accounts, diagnostics: report.diagnostics,
                      projects: Set(facts.map(\.project)).count, reconciliation: report.reconciliation,
                      mismatches: report.reconciliation.filter { $0.status == .mismatch }.count)
    }

    /// Whether this row repeats an accepted one: in a wide file the same
    /// project, in a long file the same figure (project, measure, gender,
    /// basis). The first row wins; the later one is rejected, so that every
    /// row read is either accepted or rejected.
    static func duplicate(project: String, facts: [FollowUpFact], wide: Bool, line: Int,
                          firstRow: inout [String: Int]) -> (kind: String, reason: String)? {
        if wide {
            if let first = firstRow[project] {
                return ("duplicate_project", FollowUp.duplicateProjectReason(project, firstLine: first))
            }
            firstRow[project] = line
            return nil
        }
        guard let f = facts.first else { return nil }   // an empty value gives no figure
        let key = [f.project, f.measure, f.gender, f.basis.rawValue].joined(separator: "\u{1F}")
        if let first = firstRow[key] {
            return ("duplicate_figure", "\(f.measure) (\(f.gender), \(f.basis.rawValue)) of project '\(f.project)' is given again (first at line \(first)); which is right cannot be told, so the run fails: remove or correct one")
        }
        firstRow[key] = line
        return nil
    }

    static func expected(_ unit: String, _ text: String) -> String {
        switch unit {
        case "money":
            // A number all the same, but finer than öre: say so, not "an amount".
            if let decimals = ValueParser.decimalsBeyondOre(text) {
                // `12,345` may be twelve thousand with a thousands comma as
                // well as twelve kronor and a fraction of an öre: not to be rounded.
                decimals.thousands
                    ? "an amount whose separator tells kronor from öre: '\(text.trimmingSpaces.clippedForLog)' could be thousands or three decimals; group thousands with a space (12 345) and give at most \(decimals.allowed) decimals"
                    : "an amount to the öre (at most \(decimals.allowed) decimals; this one has \(decimals.given), round it in the export)"
            } else {
                "an amount such as 7 176 285 kr (at most 10 000 billion kr)"
            }
        case "hours":
            ValueParser.hoursCouldBeThousands(text)
                ? "a number of hours whose separator tells thousands from decimals: '\(text.trimmingSpaces.clippedForLog)' could be either; group thousands with a space (1 234) or give fewer decimals (1,23)"
                : "a number of hours such as 7 920, 11,8 or 11,8 h"
        default: "a whole number such as 2 048"
        }
    }

    /// A figure read as `unit`. Amounts beyond 10 000 billion kronor (counts
    /// and hours beyond 10^12) are refused as unreadable: no project has them,
    /// and sums of thousands of them must stay exact in integer öre.
    static func quantity(_ s: String, unit: String) -> Parsed<Quantity> {
        var q = readQuantity(s, unit: unit)
        if case .invalid = q, let negative = accountingNegative(s), case .value(let v) = readQuantity(negative, unit: unit) {
            q = .value(v)
        }
        if case .value(let v) = q {
            switch v {
            case .money(let m): if m.ore.magnitude > 1_000_000_000_000_000 { return .invalid }
            case .count(let n): if n.magnitude > 1_000_000_000_000 { return .invalid }
            case .hours(let h): if abs(h) > 1_000_000_000_000 { return .invalid }
            }
        }
        return q
    }

    /// A negative as accounts write it, `(12 000)`, `(1 000 kr)`, `1 000-`
    /// or `- 1 000`, in the form the readers take (`-12 000`), or nil. As an
    /// unreadable number its row was rejected under the threshold and the
    /// project left out of every total with exit 0; read, it is the
    /// negative figure the analysis refuses (`negative_value`, 65).
    static func accountingNegative(_ s: String) -> String? {
        let t = s.trimmingSpaces
        let minus: Set<Character> = ["-", "\u{2212}", "\u{2013}"]
        let inner: Substring
        if t.hasPrefix("("), t.hasSuffix(")"), t.count > 2 {
            inner = t.dropFirst().dropLast()
        } else if let last = t.last, minus.contains(last), t.count > 1 {
            inner = t.dropLast()
        } else if let first = t.first, minus.contains(first), t.dropFirst().first?.isWhitespace == true {
            inner = t.dropFirst()
        } else {
            return nil
        }
        let digits = inner.trimmingCharacters(in: .whitespaces)
        guard digits.first?.isNumber == true || digits.lowercased().hasPrefix("kr") || digits.lowercased().hasPrefix("sek") else { return nil }
        return "-" + digits
    }

    private static func readQuantity(_ s: String, unit: String) -> Parsed<Quantity> {
        switch unit {
        case "money":
            switch ValueParser.money(s) { case .value(let m): return .value(.money(m)); case .missing: return .missing; case .invalid: return .invalid }
        case "hours":
            switch ValueParser.hours(s) { case .value(let d): return .value(.hours(d)); case .missing: return .missing; case .invalid: return .invalid }
        default:
            switch ValueParser.count(s) { case .value(let n): return .value(.count(n)); case .missing: return .missing; case .invalid: return .invalid }
        }
    }
}

extension FollowUpStage {
    /// Why a printed figure cannot be one of `measure`, or nil. A head
    /// count with a fraction (`2,664` reads as 2.664 where 2 664 was meant)
    /// and a share above 1 without its % sign (`71` was compared as 71, not
    /// 71 %) were mismatches that blamed the report. A fraction (`0,62`) is
    /// a share as it stands.
    static func unfit(_ p: PrintedFigure, text: String, measure: String) -> String? {
        let figure = text.trimmingSpaces.clippedForLog
        if measure.hasSuffix("_share"), !p.isPercent, abs(p.value) > 1 {
            return "\(measure) is a share: expected a percentage with its sign, such as 62 %, or a fraction such as 0,62 ('\(figure)' is neither)"
        }
        if FollowUpUnit.of(measure: measure) == .count, !p.isPercent, FigureText.rounded(p.value, scale: 0) != p.value {
            return "\(measure) is a whole number, and '\(figure)' reads as \(FigureText.plain(p.value)); group thousands with a space (2 664)"
        }
        // A bare `9.956` per participant is 9 956 kr as likely as 9,956: read
        // as the latter, a right figure was a mismatch that blamed the report.
        // The input refuses such amounts and hours; so do printed ones.
        let hours = FollowUpUnit.of(measure: measure) == .hours
        let money = FollowUpUnit.of(measure: measure) == .money || measure == "cost_per_participant"
        if hours || money, !p.isPercent, ValueParser.hoursCouldBeThousands(text) {
            return "\(measure): '\(figure)' could be thousands or three decimals; group thousands with a space (\(hours ? "7 976" : "9 956")) or give it as the report prints it, with its unit (\(hours ? "7 976 h" : "9 955,70 kr"))"
        }
        return nil
    }

    /// Reported figures as printed: `18 773 kr`, `62%`, `29 %`, `19,2`,
    /// `2 664`. The printed precision is kept, because a figure printed with
    /// no decimals is only wrong when it is off by more than half a unit.
    func readReported(_ decl: Pipeline.ReportedDecl, projects: NameSpellings, rejects: (RejectedRow) throws -> Void,
                      diagnostics: inout Diagnostics) throws -> ([ReportedFigure], InputAccount) {
        let input = try TableInput(decl.input, role: "followup.reported", expecting: Array(decl.columns.values))
        var cols: [String: Column] = [:]
        for (k, v) in decl.columns { cols[k] = try input.column(v, key: "followup.reported.\(k)") }
        var out: [ReportedFigure] = []
        let fileName = (input.path as NSString).lastPathComponent
        let account = try input.read(account: "followup_reported", reported: Array(cols.values), rejects: rejects, diagnostics: &diagnostics) { r in
            func cell(_ k: String) -> String {
                guard let c = cols[k], c.index < r.fields.count else { return "" }
                return r.fields[c.index].trimmingSpaces
            }
            let valueCol = cols["value"]!
            let loc = SourceLocation(file: input.path, line: r.line, column: valueCol.index + 1)
            // A dash (or "..", "uppgift saknas") is a table's "nothing printed
            // here": read, and nothing to compare.
            if ValueParser.isMissing(cell("value")) { return nil }
            guard let printed = ValueParser.printedFigure(cell("value")) else {
                return RejectedRow(location: loc, kind: "invalid_number",
                                   reason: "expected a printed figure such as 18 773 kr, 62%, 19,2 or 2 664", fields: r.fields)
            }
            if let why = Self.unfit(printed, text: cell("value"), measure: cell("measure")) {
                return RejectedRow(location: loc, kind: "invalid_number", reason: why, fields: r.fields)
            }
            // Reports mostly print outcomes: an empty basis cell is actual.
            let basisText = cell("basis")
            guard let basis = basisText.isEmpty ? .actual : FollowUpFact.Basis(word: basisText) else {
                return RejectedRow(location: SourceLocation(file: input.path, line: r.line, column: cols["basis"].map { $0.index + 1 }),
                                   kind: "invalid_value", reason: "expected planned/planerat or actual/faktiskt (or nothing, for actual)", fields: r.fields)
            }
            // A report prints a project's name as it likes ("VÄG IN").
            var project = cell("project")
            if let rejected = KeyProblem.personalValue(project, as: "project",
                                                       at: SourceLocation(file: input.path, line: r.line, column: cols["project"].map { $0.index + 1 }), fields: r.fields) {
                return rejected
            }
            project = TextKey.isTotals(project) ? "all" : projects.shown(for: project) ?? project
            out.append(ReportedFigure(source: "\(fileName): \(cell("source"))", project: project, measure: cell("measure"),
                                      gender: FollowUpFact.gender(word: cell("gender")), basis: basis, value: printed.value,
                                      decimals: printed.decimals, isPercent: printed.isPercent, location: loc))
            return nil
        }
        return (out, account)
    }
}
