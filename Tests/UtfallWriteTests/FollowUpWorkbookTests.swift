import Foundation
import Testing
@testable import UtfallWrite
import UtfallAnalyze
import UtfallModel

/// The planned-vs-actual and reconciliation sheets: each figure in its unit.
@Suite struct FollowUpWorkbookTests {
    func sheets(_ bundle: ReportBundle = WriteFixtures.followUpBundle()) throws -> (table: WriteFixtures.SheetProbe, reconciliation: WriteFixtures.SheetProbe) {
        let path = WriteFixtures.tempDir() + "/f.xlsx"
        try ReportWriter.writeWorkbook(bundle, to: path)
        return (try WriteFixtures.SheetProbe(path, sheet: 2), try WriteFixtures.SheetProbe(path, sheet: 3))
    }

    /// 71 % − 62 % is 9 percentage points; `9%` would read as a relative
    /// change (9 % more than planned). Heading and cell say points.
    @Test func aShareDeviationIsInPercentagePoints() throws {
        let t = try sheets().table
        // Columns F–H total cost, I–K women's share, L–N cost per participant.
        #expect(t.value("I1") == "Andel av deltagarna – Kvinnor")
        #expect(t.value("K2") == "Avvikelse,\nprocentenheter" && t.value("H2") == "Avvikelse")
        #expect(Double(t.value("K3") ?? "").map { abs($0 - 8.83) < 1e-9 } == true)
        #expect(t.format("K3") == #"0" p.e.""#)
        #expect(t.format("I3") == "0%")
        var en = WriteFixtures.followUpBundle()
        en.meta.language = .en
        en.meta.percentDecimals = 1
        let e = try sheets(en).table
        #expect(e.value("K2") == "Deviation,\npercentage points" && e.format("K3") == #"0.0" pp""#)
    }

    /// Printed kronor are kronor (`9 956 kr`, not `9956.00`), printed
    /// percentages are percent with the printed decimals (`71%`, not `71.0%`).
    @Test func reconciliationFiguresAreInTheirUnit() throws {
        let r = try sheets().reconciliation
        func row(_ project: String, _ measure: String, _ gender: String) -> Int? {
            (2...5).first { r.value("B\($0)") == project && r.value("C\($0)") == measure && r.value("D\($0)") == gender }
        }
        let ore = try #require(row("LFI", "Kostnad per deltagare", "Alla"))
        for col in ["F", "G", "H"] { #expect(r.format("\(col)\(ore)") == SpacedNumber.kronorOre.sized, "\(col)\(ore)") }
        let whole = try #require(row("BOSS", "Total kostnad", "Alla"))
        for col in ["F", "G", "H"] { #expect(r.format("\(col)\(whole)") == SpacedNumber.kronor.sized, "\(col)\(whole)") }
        let women = try #require(row("BOSS", "Andel av deltagarna", "Kvinnor"))
        #expect(r.format("F\(women)") == "0%" && r.format("G\(women)") == "0%")
        // The difference of two percentages is in points: 0.09 as 9.
        #expect(r.format("H\(women)") == #"0" p.e.""# && Double(r.value("H\(women)") ?? "").map { abs($0 - 9) < 1e-9 } == true)
        // A computed 29.17 % is shown with the decimal that tells it from the printed 29 %.
        let men = try #require(row("BOSS", "Andel av deltagarna", "Män"))
        #expect(r.format("F\(men)") == "0%" && r.format("G\(men)") == "0.0%" && r.format("H\(men)") == #"0.0" p.e.""#)
    }

    /// The sheets are the evaluator's: measures, gender groups, statuses and
    /// input roles in the report's language, as the seed reports print them,
    /// not the CSV contract's machine ids (`cost_per_participant`, `women`,
    /// `mismatch`, `followup_reported`). A measure of the pipeline's own keeps
    /// its name.
    @Test func measuresGroupsAndStatusesAreInTheWorkbooksLanguage() throws {
        var bundle = WriteFixtures.followUpBundle()
        bundle.followUp?.reconciliation.append(
            ReconciliationRow(source: "r.csv: text", project: "LFI", measure: "cost_per_participant_deviation_share", gender: "all", basis: .actual,
                              reported: Decimal(string: "-0.32")!, computed: Decimal(string: "-0.3")!, tolerance: Decimal(string: "0.005")!,
                              decimals: 2, isPercent: true, location: SourceLocation(file: "r.csv", line: 9)))
        bundle.followUp?.reconciliation.append(
            ReconciliationRow(source: "r.csv: Totalt", project: "all", measure: "total_cost", gender: "all", basis: .actual,
                              reported: 7, computed: 7, tolerance: Decimal(string: "0.5")!, location: SourceLocation(file: "r.csv", line: 11)))
        bundle.followUp?.reconciliation.append(
            ReconciliationRow(source: "r.csv: text", project: "LFI", measure: "private_funding", gender: "all", basis: .actual,
                              reported: 5, computed: 5, tolerance: Decimal(string: "0.5")!, location: SourceLocation(file: "r.csv", line: 10)))
        let path = WriteFixtures.tempDir() + "/f.xlsx"
        try ReportWriter.writeWorkbook(bundle, to: path)
        let (overview, t, r) = (try WriteFixtures.SheetProbe(path, sheet: 1), try WriteFixtures.SheetProbe(path, sheet: 2),
                                try WriteFixtures.SheetProbe(path, sheet: 3))
        let headings = (0..<26).compactMap { i in t.value("\(Character(UnicodeScalar(65 + i)!))1") }
        #expect(headings.contains("Total kostnad") && headings.contains("Kostnad per deltagare"))
        #expect(!headings.contains { $0.contains("_") }, "\(headings)")
        let rows = (2...9).map { n in ["A", "B", "C", "D", "I"].map { r.value("\($0)\(n)") ?? "" } }
        #expect(rows.contains(["r.csv: Tabell 1", "LFI", "Kostnad per deltagare", "Alla", "Stämmer"]), "\(rows)")
        #expect(rows.contains(["r.csv: Tabell 2", "BOSS", "Andel av deltagarna", "Kvinnor", "Avviker"]), "\(rows)")
        #expect(rows.contains(["r.csv: text", "LFI", "Kostnad per deltagare, avvikelse mot planerat", "Alla", "Avviker"]), "\(rows)")
        #expect(rows.contains(["r.csv: text", "LFI", "private_funding", "Alla", "Stämmer"]), "\(rows)")
        #expect(rows.contains(["r.csv: Totalt", "Alla", "Total kostnad", "Alla", "Stämmer"]), "\(rows)")
        // The overview names each input by its role in words.
        let roles = (1...30).compactMap { overview.value("A\($0)") }
        #expect(roles.contains("Uppföljning") && roles.contains("Rapporterade siffror") && !roles.contains("followup"), "\(roles)")
    }

    /// The planned-vs-actual chart names its measure in words and gives its
    /// axis in kronor grouped like the table, not `9000000`.
    @Test func plannedVersusActualChartReadsInKronor() throws {
        let path = WriteFixtures.tempDir() + "/f.xlsx"
        try ReportWriter.writeWorkbook(WriteFixtures.followUpBundle(), to: path)
        let chart = try WriteFixtures.part(path, "xl/charts/chart1.xml")
        #expect(chart.contains("<a:t>Planerat och faktiskt: Total kostnad</a:t>"))
        let axisFormat = SpacedNumber.kronor.sized.replacingOccurrences(of: "\"", with: "&quot;").replacingOccurrences(of: ">", with: "&gt;")
        #expect(chart.contains("<c:numFmt formatCode=\"\(axisFormat)\" sourceLinked=\"0\"/>"), "\(chart)")
    }
}
