import Foundation
import UtfallModel
@testable import UtfallAnalyze

/// The raw figures of seed 003 (Tabell 1 of section 3.2.3; dates and owners
/// from Tabell 2 of section 2.4), typed in by hand, and readers for the
/// bundled CSV files in data/ so that tests can check the two agree and can
/// run the printed figures exactly as bundled.
enum SeedData {
    struct Project {
        var key, name, owner, start, end: String
        var esf: (Int64, Int64)
        var cofinancing: (Int64, Int64)
        var women: (Int, Int)
        var men: (Int, Int)
        var hoursWomen: Int
        var hoursMen: Int
    }

    static let projects: [Project] = [
        .init(key: "BOSS", name: "Bred Operativ Strategisk Samverkan", owner: "Kommunförbundet Skåne", start: "2016-10-01", end: "2018-09-30",
              esf: (7_176_285, 5_933_851), cofinancing: (2_435_734, 1_805_053), women: (318, 415), men: (194, 170), hoursWomen: 7_920, hoursMen: 3_161),
        .init(key: "PIK", name: "Personal Inkluderingskompetens", owner: "Sölvesborgs kommun", start: "2016-09-01", end: "2018-08-31",
              esf: (5_836_423, 5_832_414), cofinancing: (1_950_903, 1_950_903), women: (2_048, 2_033), men: (519, 631), hoursWomen: 23_313, hoursMen: 7_162),
        .init(key: "LFI", name: "Lärande för integration i Skåne Nordost", owner: "Osby kommun", start: "2016-09-01", end: "2018-08-31",
              esf: (5_431_337, 3_820_746), cofinancing: (1_816_413, 1_395_043), women: (519, 588), men: (209, 164), hoursWomen: 5_849, hoursMen: 2_127),
        .init(key: "LIS", name: "Lyckad Integration i Skåne", owner: "Burlövs kommun", start: "2017-03-01", end: "2019-02-28",
              esf: (4_604_666, 3_290_759), cofinancing: (1_535_251, 1_116_404), women: (251, 590), men: (119, 203), hoursWomen: 4_237, hoursMen: 1_781),
        .init(key: "KINO", name: "Kommunikation Integration i Nordost", owner: "Hässleholms kommun", start: "2017-03-01", end: "2019-02-28",
              esf: (5_689_257, 3_545_326), cofinancing: (1_898_711, 945_988), women: (287, 392), men: (186, 207), hoursWomen: 4_307, hoursMen: 2_038),
    ]

    static let rawFile = "projekt_tabell1.csv"

    /// The facts a wide read of data/esf/projekt_tabell1.csv gives: line 2 is BOSS, column numbers as in the file.
    static func facts() -> [FollowUpFact] {
        var out: [FollowUpFact] = []
        for (i, p) in projects.enumerated() {
            func loc(_ col: Int) -> SourceLocation { SourceLocation(file: rawFile, line: i + 2, column: col) }
            func add(_ m: String, _ g: String, _ b: FollowUpFact.Basis, _ q: Quantity, _ col: Int) {
                out.append(FollowUpFact(project: p.key, measure: m, gender: g, basis: b, value: q, location: loc(col)))
            }
            add("esf_support", "all", .planned, .money(Money(kronor: p.esf.0)), 6)
            add("esf_support", "all", .actual, .money(Money(kronor: p.esf.1)), 7)
            add("cofinancing", "all", .planned, .money(Money(kronor: p.cofinancing.0)), 8)
            add("cofinancing", "all", .actual, .money(Money(kronor: p.cofinancing.1)), 9)
            add("participants", "women", .planned, .count(p.women.0), 10)
            add("participants", "women", .actual, .count(p.women.1), 11)
            add("participants", "men", .planned, .count(p.men.0), 12)
            add("participants", "men", .actual, .count(p.men.1), 13)
            add("participant_hours", "women", .actual, .hours(Decimal(p.hoursWomen)), 14)
            add("participant_hours", "men", .actual, .hours(Decimal(p.hoursMen)), 15)
        }
        return out
    }

    static func infos() -> [ProjectInfo] {
        projects.enumerated().map { i, p in
            ProjectInfo(project: p.key, name: p.name, owner: p.owner, start: CalendarDate(iso: p.start), end: CalendarDate(iso: p.end),
                        location: SourceLocation(file: rawFile, line: i + 2, column: 1))
        }
    }

    // MARK: bundled files

    static var dataDir: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("data")
    }

    /// Rows of a `;` file exported by Excel (BOM, CRLF, no quoted `;` in our files), header dropped.
    static func rows(_ path: String) throws -> [[String]] {
        var text = try String(contentsOf: dataDir.appendingPathComponent(path), encoding: .utf8)
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        return text.split(omittingEmptySubsequences: true, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
            .map { $0.trimmingCharacters(in: .newlines) }.dropFirst()
            .map { $0.split(separator: ";", omittingEmptySubsequences: false).map(String.init) }
    }

    /// `7 176 285 kr`, `2 048`, `19,2`, `62%`, `29 %`, `-32%` → value (percent as a fraction), decimals, isPercent;
    /// read here by hand, independently of ValueParser.printedFigure, for the seeds' own forms.
    /// `38,3 miljoner kronor`, `28,7 miljoner` → millions (decimals − 6).
    static func printed(_ s: String) -> (Decimal, Int, Bool) {
        let isPercent = s.hasSuffix("%")
        let millions = s.contains("miljoner")
        let core = s.replacingOccurrences(of: "%", with: "").replacingOccurrences(of: "miljoner", with: "")
            .replacingOccurrences(of: "kronor", with: "").replacingOccurrences(of: "kr", with: "")
            .replacingOccurrences(of: " ", with: "").replacingOccurrences(of: "\u{00A0}", with: "")
        var decimals = core.split(separator: ",").dropFirst().first?.count ?? 0
        var v = Decimal(string: core.replacingOccurrences(of: ",", with: "."))!
        if isPercent { v /= 100; decimals += 2 }
        if millions { v *= 1_000_000; decimals -= 6 }
        return (v, decimals, isPercent)
    }

    static let reportedFile = "rapporterade_siffror.csv"

    /// data/esf/rapporterade_siffror.csv as ReportedFigure values (line 2 is the first figure).
    static func reported() throws -> [ReportedFigure] {
        let genders = ["Kvinnor": "women", "Män": "men", "Alla": "all"]
        return try rows("esf/" + reportedFile).enumerated().map { i, f in
            let (v, d, pct) = printed(f[5])
            return ReportedFigure(source: "\(reportedFile): \(f[0])", project: f[1] == "Totalt" ? "all" : f[1], measure: f[2],
                                  gender: genders[f[3]]!, basis: f[4] == "planerat" ? .planned : .actual,
                                  value: v, decimals: d, isPercent: pct,
                                  location: SourceLocation(file: reportedFile, line: i + 2, column: 6))
        }
    }

    /// data/portfolio/ostergotland_projektindex.csv as entries.
    static func portfolioEntries() throws -> [PortfolioEntry] {
        try rows("portfolio/ostergotland_projektindex.csv").enumerated().map { i, f in
            PortfolioEntry(values: ["report_type": f[1], "municipality": f[2], "funding": f[3], "year": f[4]],
                           location: SourceLocation(file: "ostergotland_projektindex.csv", line: i + 2))
        }
    }

    static func portfolioReported() throws -> [ReportedCount] {
        try rows("portfolio/ostergotland_utfall_rapporterat.csv").enumerated().map { i, f in
            ReportedCount(source: "ostergotland_utfall_rapporterat.csv", dimension: f[0], value: f[1], count: Int(f[2])!,
                          location: SourceLocation(file: "ostergotland_utfall_rapporterat.csv", line: i + 2, column: 3))
        }
    }
}
