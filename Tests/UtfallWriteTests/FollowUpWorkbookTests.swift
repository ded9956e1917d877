import Foundation
import Testing
@testable import UtfallWrite

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
        #expect(t.value("I1") == "participant_share – Kvinnor")
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
        let ore = try #require(row("LFI", "cost_per_participant", "all"))
        for col in ["F", "G", "H"] { #expect(r.format("\(col)\(ore)") == SpacedNumber.kronorOre.sized, "\(col)\(ore)") }
        let whole = try #require(row("BOSS", "total_cost", "all"))
        for col in ["F", "G", "H"] { #expect(r.format("\(col)\(whole)") == SpacedNumber.kronor.sized, "\(col)\(whole)") }
        let women = try #require(row("BOSS", "participant_share", "women"))
        #expect(r.format("F\(women)") == "0%" && r.format("G\(women)") == "0%")
        // The difference of two percentages is in points: 0.09 as 9.
        #expect(r.format("H\(women)") == #"0" p.e.""# && Double(r.value("H\(women)") ?? "").map { abs($0 - 9) < 1e-9 } == true)
        // A computed 29.17 % is shown with the decimal that tells it from the printed 29 %.
        let men = try #require(row("BOSS", "participant_share", "men"))
        #expect(r.format("F\(men)") == "0%" && r.format("G\(men)") == "0.0%" && r.format("H\(men)") == #"0.0" p.e.""#)
    }
}
