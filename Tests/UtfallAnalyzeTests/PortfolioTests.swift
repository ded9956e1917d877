import Foundation
import Testing
import UtfallModel
@testable import UtfallAnalyze

/// The project index of seed 004 (55 reports from 11 municipalities) and the
/// counts its text prints.
@Suite struct PortfolioTests {
    let dims = ["municipality", "funding", "year", "report_type"]

    func bundled() throws -> PortfolioReport {
        Portfolio.summarize(entries: try SeedData.portfolioEntries(), dimensions: dims,
                            cross: [("municipality", "funding"), ("funding", "year")], reported: try SeedData.portfolioReported())
    }

    @Test func countsTheIndexByDimension() throws {
        let r = try bundled()
        #expect(r.entries == 55)
        #expect(r.count("municipality", "Linköping") == 17)
        #expect(r.count("municipality", "Ödeshög") == 11)
        #expect(r.count("municipality", "Norrköping") == 9)
        #expect(r.count("funding", "§37") == 37)
        #expect(r.count("funding", "ESF") == 10)
        #expect(r.count("funding", "AMIF") == 3)
        #expect(r.count("funding", "TIA") == 1)
        #expect(r.count("funding", Portfolio.missing) == 4)
        #expect(r.count("report_type", "Slutrapport") == 40)
        #expect(r.count("report_type", "Delrapport") == 5)
        #expect(r.count("year", "2023") == 20)
        for d in dims { #expect(r.counts.filter { $0.dimension == d }.map(\.count).reduce(0, +) == 55) }
    }

    @Test func countsAreOrderedSensibly() throws {
        let r = try bundled()
        #expect(r.counts.map(\.dimension).first == "municipality")
        #expect(r.counts.filter { $0.dimension == "year" }.map(\.value) == ["2017", "2018", "2019", "2020", "2021", "2022", "2023"])
        #expect(r.counts.filter { $0.dimension == "funding" }.map(\.value) == ["§37", "ESF", "AMIF", "TIA", "missing"])
        // Ties in Swedish order: Boxholm, Finspång, Kinda, Mjölby, Vadstena have one report each.
        let ones = r.counts.filter { $0.dimension == "municipality" && $0.count == 1 }.map(\.value)
        #expect(ones == ["Boxholm", "Finspång", "Kinda", "Mjölby", "Vadstena"])
        #expect(order(["Ödeshög", "Åtvidaberg", "Ydre", "Ärla", "Übach", "Ésby", "Ærø", "Enköping", "Zeta"])
                == ["Enköping", "Ésby", "Übach", "Ydre", "Zeta", "Åtvidaberg", "Ärla", "Ærø", "Ödeshög"])
    }

    /// Values with one entry each, in the order the portfolio lists them.
    private func order(_ values: [String], dimension: String = "d") -> [String] {
        let entries = values.enumerated().map { PortfolioEntry(values: [dimension: $1], location: SourceLocation(file: "i.csv", line: $0 + 2)) }
        return Portfolio.summarize(entries: entries, dimensions: [dimension], cross: [], reported: []).counts.map(\.value)
    }

    private func entries(_ rows: [(String, String)]) -> [PortfolioEntry] {
        rows.enumerated().map { PortfolioEntry(values: ["kommun": $1.0, "medel": $1.1], location: SourceLocation(file: "i.csv", line: $0 + 2)) }
    }

    /// Empty cells, cells of spaces or line breaks alone, and the word
    /// "missing" are all counted as missing (one row, last), and every entry
    /// lands in the cross table.
    @Test func blanksAndTheWordMissingAreOneValue() throws {
        let e = entries([("Linköping", ""), ("Linköping", "MISSING"), ("Motala", "ESF"), ("Motala", "missing"), ("Motala", "\n"), ("Linköping", "ESF")])
        let printed = [ReportedCount(source: "r", dimension: "medel", value: "antal olika", count: 1, location: SourceLocation(file: "r.csv", line: 2)),
                       ReportedCount(source: "r", dimension: "medel", value: "", count: 4, location: SourceLocation(file: "r.csv", line: 3)),
                       ReportedCount(source: "r", dimension: "medel", value: "missing", count: 4, location: SourceLocation(file: "r.csv", line: 4))]
        let r = Portfolio.summarize(entries: e, dimensions: ["kommun", "medel"], cross: [("kommun", "medel")], reported: printed)
        #expect(r.counts.filter { $0.dimension == "medel" }.map { "\($0.value)=\($0.count)" } == ["ESF=2", "missing=4"])
        let t = try #require(r.cross.first)
        #expect(t.total == 6)
        #expect(r.reconciliation.map(\.status) == [.ok, .ok, .ok])
        #expect(r.diagnostics.items.first { $0.kind == "missing_dimension_value" }?.message.hasPrefix("4 of 6 entries have no medel") == true)
    }

    /// Printed counts of a dimension the index lacks are checked against
    /// their own sum; parts that add up past Int leave it unchecked (it trapped, exit 132).
    @Test func printedPartsTooLargeToAddAreUncheckedNotATrap() {
        let at = SourceLocation(file: "r.csv", line: 2)
        let printed = [ReportedCount(source: "r", dimension: "outcome", value: "A", count: Int.max, location: at),
                       ReportedCount(source: "r", dimension: "outcome", value: "B", count: 1, location: at),
                       ReportedCount(source: "r", dimension: "outcome", value: "Totalt", count: 40, location: at)]
        let r = Portfolio.summarize(entries: entries([("Motala", "ESF")]), dimensions: ["medel"], cross: [], reported: printed)
        #expect(!r.reconciliation.contains { $0.gender == "Totalt" })
        #expect(r.unchecked.contains { $0.value == "Totalt" })
    }

    /// Years that are equal as numbers are still put in one fixed order (by
    /// their text), not in the order of a dictionary, which differs from run
    /// to run.
    @Test func equalYearsAreOrderedTheSameEveryTime() {
        #expect(order(["2023", "02023", "+2023", "2021"]) == ["2021", "+2023", "02023", "2023"])
    }

    @Test func crossTablesAddUp() throws {
        let r = try bundled()
        let t = try #require(r.cross.first)
        #expect(t.rowDimension == "municipality" && t.columnDimension == "funding")
        #expect(t.total == 55)
        let lkp = try #require(t.rowValues.firstIndex(of: "Linköping"))
        let esf = try #require(t.columnValues.firstIndex(of: "ESF"))
        #expect(t.counts[lkp][esf] == 8)   // Connect 1, Connect 2, Arbetshoppet ×2, Korta etableringen ×2, VISA, Evikomp 2.0
        #expect(t.rowTotals[lkp] == 17)
        #expect(t.columnTotals == t.columnValues.map { r.count("funding", $0)! })
        #expect(t.cells.count == t.rowValues.count * t.columnValues.count)
    }

    @Test func printedCountsDisagreeWithTheIndex() throws {
        let r = try bundled()
        func row(_ d: String, _ v: String) -> ReconciliationRow? { r.reconciliation.first { $0.measure == d && $0.gender == v } }
        // "44 projektrapporter varav 42 slutrapporter och två delrapporter": the index lists 55, 40 and 5.
        #expect(row("report_type", "Totalt")?.computed == 55)
        #expect(row("report_type", "Totalt")?.status == .mismatch)
        #expect(row("report_type", "Slutrapport")?.difference == 2)
        #expect(row("report_type", "Delrapport")?.difference == -3)
        // "från 11 av Östergötlands kommuner": agrees.
        #expect(row("municipality", "antal olika")?.status == .ok)
        #expect(row("municipality", "antal olika")?.computed == 11)
        // 5 + 18 + 16 + 2 = 41 outcomes for "40 olika projekt".
        let outcome = try #require(row("outcome", "Totalt"))
        #expect(outcome.reported == 40 && outcome.computed == 41 && outcome.status == .mismatch)
        #expect(outcome.source.contains("sum of the printed outcome counts"))
        #expect(r.mismatches.count == 4)
        #expect(r.diagnostics.countsByKind["reported_mismatch"] == 4)
    }

    @Test func outcomeCountsWithoutAnOutcomeColumnAreKeptUnchecked() throws {
        let r = try bundled()
        #expect(r.unchecked.map(\.count) == [5, 18, 16, 2])
        #expect(r.unchecked.map(\.value) == ["Implementerat i sin helhet", "Implementerat delvis", "Avvecklat i sin helhet", "Pågår"])
        #expect(r.diagnostics.countsByKind["reported_unchecked"] == 4)
    }

    @Test func outcomeIsCountedWhenTheIndexHasIt() {
        // 41 projects coded as the report counts them: 5 fully, 18 partly, 16 discontinued, 2 ongoing.
        var entries: [PortfolioEntry] = []
        for (label, n) in [("Implementerat i sin helhet", 5), ("Implementerat delvis", 18), ("Avvecklat i sin helhet", 16), ("Pågår", 2)] {
            for _ in 0..<n {
                entries.append(PortfolioEntry(values: ["outcome": label], location: SourceLocation(file: "i.csv", line: entries.count + 2)))
            }
        }
        let printed = [("Implementerat i sin helhet", 5), ("implementerat  delvis", 18), ("Avvecklat i sin helhet", 16), ("Pågår", 2), ("Totalt", 40)].enumerated().map { i, p in
            ReportedCount(source: "r.csv", dimension: "outcome", value: p.0, count: p.1, location: SourceLocation(file: "r.csv", line: i + 2))
        }
        let r = Portfolio.summarize(entries: entries, dimensions: ["outcome"], cross: [], reported: printed)
        #expect(r.counts.map(\.count) == [18, 16, 5, 2])
        #expect(r.count("outcome", "Implementerat i sin helhet") == 5)
        #expect(r.count("outcome", "Pågår") == 2)
        #expect(r.reconciliation.filter { $0.status == .ok }.count == 4)
        let total = r.reconciliation.last!
        #expect(total.status == .mismatch && total.computed == 41)
        #expect(r.mismatches.first?.location?.description == "r.csv:6")
    }

    @Test func entriesWithoutAValueAreCountedAsMissingWithANote() {
        let entries = [
            PortfolioEntry(values: ["funding": "ESF"], location: SourceLocation(file: "i.csv", line: 2)),
            PortfolioEntry(values: ["funding": " "], location: SourceLocation(file: "i.csv", line: 3)),
            PortfolioEntry(values: ["funding": "esf"], location: SourceLocation(file: "i.csv", line: 4)),
        ]
        let r = Portfolio.summarize(entries: entries, dimensions: ["funding"], cross: [], reported: [])
        #expect(r.counts == [PortfolioCount(dimension: "funding", value: "ESF", count: 2), PortfolioCount(dimension: "funding", value: "missing", count: 1)])
        #expect(r.diagnostics.items.first?.kind == "missing_dimension_value")
        #expect(r.diagnostics.items.first?.location?.line == 3)
    }
}
