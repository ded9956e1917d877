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
        let reader = try section.input.open(role: "portfolio")
        let mask = RejectMask(columns: reader.columns)
        func masked(_ r: RejectedRow) throws { try rejects(mask.apply(r)) }
        let resolver = ColumnResolver(columns: reader.columns, file: reader.path)
        var dims: [(String, Column)] = []
        for (name, col) in section.dimensions { dims.append((name, try column(resolver, col, key: "portfolio.dimensions.\(name)"))) }
        let projectCol = try section.project.map { n throws(StageError) in try column(resolver, n, key: "portfolio.project") }
        var account = InputAccount(role: "portfolio", path: reader.path)
        var entries: [PortfolioEntry] = []
        // A dimension's values are published as rows: an e-mail address,
        // personnummer or phone number (a contact column taken as a
        // dimension) is counted as missing, as in a survey breakdown.
        var personal: [String: (count: Int, first: SourceLocation)] = [:]
        try reader.forEachRecord({ r in
            var values: [String: String] = [:]
            for (name, c) in dims {
                let v = c.index < r.fields.count ? r.fields[c.index].trimmingSpaces : ""
                if PersonalData.mentionsPersonalData(v) {
                    personal[name, default: (0, SourceLocation(file: reader.path, line: r.line, column: c.index + 1))].count += 1
                    values[name] = ""
                } else {
                    values[name] = v
                }
            }
            let loc = SourceLocation(file: reader.path, line: r.line)
            if let pc = projectCol, (pc.index >= r.fields.count || r.fields[pc.index].trimmingSpaces.isEmpty) {
                account.rejected += 1
                try masked(RejectedRow(location: SourceLocation(file: reader.path, line: r.line, column: pc.index + 1),
                                        kind: "missing_value", reason: "the project column '\(pc.text)' is empty", fields: r.fields))
                return
            }
            entries.append(PortfolioEntry(values: values, location: loc))
            account.accepted += 1
        }, onReject: { r in try masked(r) })
        account.rowsRead = reader.stats.records
        account.rejected += reader.stats.rejected

        var accounts = [account]
        var reported: [ReportedCount] = []
        if let decl = section.reported {
            let r2 = try decl.input.open(role: "portfolio.reported")
            let mask2 = RejectMask(columns: r2.columns)
            func masked2(_ r: RejectedRow) throws { try rejects(mask2.apply(r)) }
            let res = ColumnResolver(columns: r2.columns, file: r2.path)
            let d = try column(res, decl.columns["dimension"]!, key: "portfolio.reported.dimension")
            let v = try column(res, decl.columns["value"]!, key: "portfolio.reported.value")
            let c = try column(res, decl.columns["count"]!, key: "portfolio.reported.count")
            var acc = InputAccount(role: "portfolio_reported", path: r2.path)
            let name = (r2.path as NSString).lastPathComponent
            try r2.forEachRecord({ r in
                let loc = SourceLocation(file: r2.path, line: r.line, column: c.index + 1)
                guard case .value(let n) = ValueParser.integer(r.fields[c.index]) else {
                    acc.rejected += 1
                    try masked2(RejectedRow(location: loc, kind: "invalid_number", reason: "expected a whole number count", fields: r.fields))
                    return
                }
                reported.append(ReportedCount(source: name, dimension: r.fields[d.index].trimmingSpaces,
                                              value: r.fields[v.index].trimmingSpaces, count: n, location: loc))
                acc.accepted += 1
            }, onReject: { r in try masked2(r) })
            acc.rowsRead = r2.stats.records
            acc.rejected += r2.stats.rejected
            accounts.append(acc)
        }
        var report = Portfolio.summarize(entries: entries, dimensions: section.dimensions.map(\.name),
                                         cross: section.cross.map { ($0[0], $0[1]) }, reported: reported)
        for d in reader.headerProblems { report.diagnostics.add(d) }
        for (name, c) in dims {
            if PersonalData.isPersonal(header: c.text) || PersonalData.isPersonal(header: c.id) {
                report.diagnostics.add(Diagnostic(.warning, kind: "personal_column_reported", at: SourceLocation(file: reader.path, column: c.index + 1),
                                                  "portfolio.dimensions.\(name): column '\(c.text)' is named like personal data; its values are published as rows. Choose another column if it names people"))
            }
            if let p = personal[name] {
                report.diagnostics.add(Diagnostic(.warning, kind: "personal_value_counted_missing", at: p.first,
                                                  "portfolio.dimensions.\(name): \(p.count) value(s) hold an e-mail address, personnummer or phone number and are counted as missing, not published"))
            }
        }
        return Output(report: report, accounts: accounts, diagnostics: report.diagnostics, entries: entries.count)
    }
}
