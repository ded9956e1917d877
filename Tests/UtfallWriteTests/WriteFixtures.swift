import Foundation
import Synchronization
import UtfallAnalyze
import UtfallModel
@testable import UtfallWrite

/// A small survey whose course and answer texts try formula injection.
enum WriteFixtures {
    static let hostile = ["=HYPERLINK(\"http://x\",\"klick\")", "+SUM(1)", "-1+1", "@cmd", "\t=1+1", "\r=1+1"]

    static func survey(minCellSize: Int = 1) -> SurveyResults {
        let scale = Scale.builtIn["stammer5"]!
        let spec = SurveySpec(file: "s.csv", projectColumn: 0, courseColumn: 1,
                              items: [.init(id: "q1", text: "=Påstående 1", column: 2, scale: scale)],
                              minCellSize: minCellSize)
        let agg = SurveyAggregator(spec: spec)
        let labels = ["Stämmer inte alls", "Stämmer lite", "Stämmer lagom", "Stämmer ganska mycket", "Stämmer mycket väl"]
        var line = 2
        for (i, course) in hostile.enumerated() {
            for j in 0...i { agg.add(Record(line: line, fields: ["Insats", course, labels[(i + j) % 5]])); line += 1 }
        }
        return agg.results()
    }

    static func bundle(language: ReportMeta.Language = .sv) -> ReportBundle {
        var b = ReportBundle(meta: ReportMeta(name: "test", title: "Test", description: "@beskrivning",
                                              dataDate: CalendarDate(year: 2024, month: 4, day: 12), language: language,
                                              minCellSize: 1, pipelineFile: "p.yaml", utfallVersion: "0.0.0"))
        b.survey = survey()
        b.quality = DataQuality(inputs: [.init(role: "survey", path: "/x/s.csv", format: "utf-8", read: 21, accepted: 21, rejected: 0)])
        b.about = { [AboutEntry(role: "survey", fileName: "s.csv", size: 123, sha256: String(repeating: "ab", count: 32))] }
        return b
    }

    /// Two projects planned and followed up, with printed figures compared:
    /// money in the millions (one deviation negative), a share and its
    /// deviation, a cost per participant in öre.
    static func followUpBundle() -> ReportBundle {
        var b = bundle()
        b.survey = nil
        var r = FollowUpReport()
        let at = SourceLocation(file: "f.csv", line: 2)
        r.projects = [ProjectInfo(project: "BOSS", name: "Bred Operativ", owner: nil, start: nil, end: nil, location: at)]
        r.rows = [
            FollowUpRow(scope: .project, project: "BOSS", measure: "total_cost", gender: "all", planned: .money(Money(kronor: 9_612_019)),
                        actual: .money(Money(kronor: 8_369_585)), deviation: .money(Money(kronor: -1_242_434)), deviationShare: nil, unit: .money),
            FollowUpRow(scope: .project, project: "BOSS", measure: "participant_share", gender: "women", planned: .ratio(Decimal(string: "0.62")!),
                        actual: .ratio(Decimal(string: "0.7083")!), deviation: .ratio(Decimal(string: "0.0883")!), deviationShare: nil, unit: .share),
            FollowUpRow(scope: .project, project: "BOSS", measure: "cost_per_participant", gender: "all", planned: .money(Money(ore: 1_877_347)),
                        actual: .money(Money(ore: 1_322_890)), deviation: .money(Money(ore: -554_458)), deviationShare: nil, unit: .money),
        ]
        r.reconciliation = [
            // Printed whole, computed with öre: all three in öre, as kronor.
            ReconciliationRow(source: "r.csv: Tabell 1", project: "LFI", measure: "cost_per_participant", gender: "all", basis: .planned,
                              reported: 9956, computed: Decimal(string: "9955.7")!, tolerance: Decimal(string: "0.5")!, location: at),
            ReconciliationRow(source: "r.csv: Tabell 1", project: "BOSS", measure: "total_cost", gender: "all", basis: .actual,
                              reported: 8_369_585, computed: 8_369_585, tolerance: Decimal(string: "0.5")!, location: at),
            // `71 %` printed, 62 % computed: a mismatch of 9 percentage points.
            ReconciliationRow(source: "r.csv: Tabell 2", project: "BOSS", measure: "participant_share", gender: "women", basis: .actual,
                              reported: Decimal(string: "0.71")!, computed: Decimal(string: "0.62")!, tolerance: Decimal(string: "0.005")!,
                              decimals: 2, isPercent: true, location: at),
            ReconciliationRow(source: "r.csv: Tabell 2", project: "BOSS", measure: "participant_share", gender: "men", basis: .actual,
                              reported: Decimal(string: "0.29")!, computed: Decimal(string: "0.2917")!, tolerance: Decimal(string: "0.005")!,
                              decimals: 2, isPercent: true, location: at),
        ]
        b.followUp = r
        b.quality = DataQuality(inputs: [.init(role: "followup", path: "/x/f.csv", format: "utf-8", read: 5, accepted: 5, rejected: 0),
                                         .init(role: "followup_reported", path: "/x/r.csv", format: "utf-8", read: 4, accepted: 4, rejected: 0)])
        return b
    }

    /// 55 index entries counted by funding, and municipality × funding.
    static func portfolioBundle() -> ReportBundle {
        var b = bundle()
        b.survey = nil
        // Linköping: 30 ESF, 10 AMIF; Ödeshög: 10 ESF, 5 AMIF.
        var entries: [PortfolioEntry] = []
        for (town, esf, amif) in [("Linköping", 30, 10), ("Ödeshög", 10, 5)] {
            for i in 0..<(esf + amif) {
                entries.append(PortfolioEntry(values: ["municipality": town, "funding": i < esf ? "ESF" : "AMIF"],
                                              location: SourceLocation(file: "index.csv", line: entries.count + 2)))
            }
        }
        let p = Portfolio.summarize(entries: entries, dimensions: ["funding", "municipality"], cross: [("municipality", "funding")], reported: [])
        b.portfolio = p
        b.quality = DataQuality(inputs: [.init(role: "portfolio", path: "/x/index.csv", format: "utf-8", read: 55, accepted: 55, rejected: 0)])
        return b
    }

    /// The cells of one sheet of a written workbook with their styles, read
    /// from the XML libxlsxwriter writes (inline strings, one `<xf>` per style).
    struct SheetProbe {
        let sheet: String
        let styles: String

        init(_ xlsx: String, sheet n: Int) throws {
            sheet = try WriteFixtures.part(xlsx, "xl/worksheets/sheet\(n).xml")
            styles = try WriteFixtures.part(xlsx, "xl/styles.xml")
        }

        private func cell(_ ref: String) -> Substring? {
            guard let start = sheet.range(of: "<c r=\"\(ref)\"") else { return nil }
            let rest = sheet[start.lowerBound...]
            // `<c …/>` (a blank) or `<c …>…</c>`, whichever closes first.
            let ends = [rest.range(of: "</c>"), rest.range(of: "/>")].compactMap { $0?.upperBound }
            return ends.min().map { rest[..<$0] }
        }

        /// The number or text in the cell.
        func value(_ ref: String) -> String? {
            guard let c = cell(ref), let r = c.range(of: #"<(v|t)>([^<]*)</(v|t)>"#, options: .regularExpression) else { return nil }
            return String(c[r]).replacingOccurrences(of: #"</?(v|t)>"#, with: "", options: .regularExpression)
        }

        /// The cell's `<xf>` element in styles.xml.
        func xf(_ ref: String) -> String? {
            guard let c = cell(ref) else { return nil }
            var index = 0
            if let r = c.range(of: #"s="[0-9]+""#, options: .regularExpression) { index = Int(c[r].dropFirst(3).dropLast())! }
            guard let xfs = styles.range(of: "<cellXfs")?.upperBound else { return nil }
            let parts = styles[xfs...].components(separatedBy: "<xf ")
            return index + 1 < parts.count ? parts[index + 1] : nil
        }

        /// The cell's horizontal alignment, nil for the default.
        func alignment(_ ref: String) -> String? {
            guard let x = xf(ref), let r = x.range(of: #"horizontal="[a-zA-Z]+""#, options: .regularExpression) else { return nil }
            return String(x[r].dropFirst(12).dropLast())
        }

        /// The cell's number format, XML entities decoded.
        func format(_ ref: String) -> String? {
            guard let x = xf(ref), let r = x.range(of: #"numFmtId="[0-9]+""#, options: .regularExpression) else { return nil }
            let id = x[r].dropFirst(10).dropLast()
            guard let f = styles.range(of: "<numFmt numFmtId=\"\(id)\" formatCode=\"") else { return nil }
            return String(styles[f.upperBound...].prefix { $0 != "\"" })
                .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&lt;", with: "<")
        }
    }

    /// A fresh folder, removed when the test process exits (tests run in
    /// parallel in one process, so no test may sweep another's folder).
    static func tempDir() -> String {
        let d = NSTemporaryDirectory() + "utfall-write-\(UUID().uuidString)"
        try! FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
        created.withLock { $0.append(d) }
        return d
    }

    private static let created: Mutex<[String]> = {
        atexit {
            for d in WriteFixtures.created.withLock({ $0 }) { try? FileManager.default.removeItem(atPath: d) }
        }
        return Mutex([])
    }()

    /// The text of one part of an .xlsx (a zip), via unzip(1).
    static func part(_ xlsx: String, _ name: String) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/unzip")
        p.arguments = ["-p", xlsx, name]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    static func parts(_ xlsx: String) throws -> [String] {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/unzip")
        p.arguments = ["-Z1", xlsx]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
    }
}
