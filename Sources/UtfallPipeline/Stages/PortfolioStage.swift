import Foundation
import UtfallAnalyze
import UtfallModel
import UtfallRead

/// Reads a project index and counts it by the declared dimensions.
struct PortfolioStage {
    let section: Pipeline.PortfolioSection

    struct Output {
        var report: PortfolioReport
        var accounts: [InputAccount]
        var diagnostics: Diagnostics
        var entries: Int
    }

    func run(rejects: (RejectedRow) throws -> Void) throws -> Output {
        let input = try TableInput(section.input, role: "portfolio", expecting: section.dimensions.map(\.column) + [section.project])
        var dims: [(String, Column)] = []
        for (name, col) in section.dimensions { dims.append((name, try input.column(col, key: "portfolio.dimensions.\(name)"))) }
        let projectCol = try section.project.map { n throws(StageError) in try input.column(n, key: "portfolio.project") }
        var entries: [PortfolioEntry] = []
        var problems = Diagnostics()
        // A dimension's values are published as rows: an e-mail address,
        // personnummer or phone number (a contact column taken as a
        // dimension) is counted as missing, as in a survey breakdown.
        var personal: [String: (count: Int, first: SourceLocation)] = [:]
        var totalsRow: SourceLocation?
        let account = try input.read(account: "portfolio", reported: dims.map(\.1), rejects: rejects, diagnostics: &problems) { r in
            // An index's own totals line (`Totalt;55`) is no project: counted
            // as one, it added an entry and a `missing` in every dimension.
            // A project of that name has values of its own (`Alla;Boxholm`).
            if let pc = projectCol, pc.index < r.fields.count, TextKey.isTotals(r.fields[pc.index].trimmingSpaces),
               dims.allSatisfy({ _, c in
                   let v = c.index < r.fields.count ? r.fields[c.index].trimmingSpaces : ""
                   if case .invalid = ValueParser.integer(v) { return TextKey.isTotals(v) }
                   return true
               }) {
                totalsRow = totalsRow ?? SourceLocation(file: input.path, line: r.line, column: pc.index + 1)
                return nil
            }
            // Rejected first: a rejected row's personal values are not
            // counted as missing in a table it is not in.
            if let pc = projectCol, (pc.index >= r.fields.count || r.fields[pc.index].trimmingSpaces.isEmpty) {
                return RejectedRow(location: SourceLocation(file: input.path, line: r.line, column: pc.index + 1),
                                   kind: "missing_value", reason: "the project column '\(pc.text)' is empty", fields: r.fields)
            }
            var values: [String: String] = [:]
            for (name, c) in dims {
                let v = c.index < r.fields.count ? r.fields[c.index].trimmingSpaces : ""
                if PersonalData.mentionsPersonalData(v) {
                    personal[name, default: (0, SourceLocation(file: input.path, line: r.line, column: c.index + 1))].count += 1
                    values[name] = ""
                } else {
                    values[name] = v
                }
            }
            entries.append(PortfolioEntry(values: values, location: SourceLocation(file: input.path, line: r.line)))
            return nil
        }

        if let at = totalsRow {
            problems.add(Diagnostic(.info, kind: "totals_row", at: at,
                                    "a totals line of the index is read but not counted as a project; a project of that name must be renamed in the index"))
        }
        var accounts = [account]
        var reported: [ReportedCount] = []
        if let decl = section.reported {
            let side = try TableInput(decl.input, role: "portfolio.reported", expecting: ["dimension", "value", "count"].map { decl.columns[$0] })
            let d = try side.column(decl.columns["dimension"]!, key: "portfolio.reported.dimension")
            let v = try side.column(decl.columns["value"]!, key: "portfolio.reported.value")
            let c = try side.column(decl.columns["count"]!, key: "portfolio.reported.count")
            let name = (side.path as NSString).lastPathComponent
            accounts.append(try side.read(account: "portfolio_reported", reported: [d, v, c], rejects: rejects, diagnostics: &problems) { r in
                let loc = SourceLocation(file: side.path, line: r.line, column: c.index + 1)
                guard case .value(let n) = ValueParser.count(r.fields[c.index]) else {
                    return RejectedRow(location: loc, kind: "invalid_number", reason: "expected a whole number count", fields: r.fields)
                }
                reported.append(ReportedCount(source: name, dimension: r.fields[d.index].trimmingSpaces,
                                              value: r.fields[v.index].trimmingSpaces, count: n, location: loc))
                return nil
            })
        }
        var report = Portfolio.summarize(entries: entries, dimensions: section.dimensions.map(\.name),
                                         cross: section.cross.map { ($0[0], $0[1]) }, reported: reported)
        report.diagnostics.append(problems)
        report.dimensionTitles = Dictionary(dims.map { ($0.0, $0.1.text) }, uniquingKeysWith: { a, _ in a })
        for (name, c) in dims {
            if PersonalData.isPersonal(header: c.text) || PersonalData.isPersonal(header: c.id) {
                report.diagnostics.add(Diagnostic(.warning, kind: "personal_column_reported",
                                                  at: SourceLocation(file: input.path, line: input.reader.format.headerLine, column: c.index + 1),
                                                  "portfolio.dimensions.\(name): column '\(c.text)' is named like personal data; its values are published as rows. Choose another column if it names people"))
            }
            if let p = personal[name] {
                report.diagnostics.add(Diagnostic(.warning, kind: "personal_value_counted_missing", at: p.first,
                                                  "portfolio.dimensions.\(name): \(p.count) value(s) hold an e-mail address, IP address, personnummer or phone number and are counted as missing, not published"))
            }
        }
        return Output(report: report, accounts: accounts, diagnostics: report.diagnostics, entries: entries.count)
    }
}
