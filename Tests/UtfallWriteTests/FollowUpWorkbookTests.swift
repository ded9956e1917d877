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
}
