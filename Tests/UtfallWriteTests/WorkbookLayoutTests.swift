import Foundation
import Testing
@testable import UtfallWrite

/// Headings, the overview's figures and printing: how the sheets read.
@Suite struct WorkbookLayoutTests {
    func write(_ bundle: ReportBundle) throws -> String {
        let path = WriteFixtures.tempDir() + "/w.xlsx"
        try ReportWriter.writeWorkbook(bundle, to: path)
        return path
    }

    /// Numbers are right-aligned; a left-aligned heading over them stands
    /// over the figures of the column to its left when that one is wide.
    @Test func headingsOfNumericColumnsAreRightAligned() throws {
        let portfolio = try WriteFixtures.SheetProbe(try write(WriteFixtures.portfolioBundle()), sheet: 2)
        // Dimension, value, count (four rows); then municipality × funding.
        #expect(portfolio.alignment("A1") == nil && portfolio.alignment("B1") == nil && portfolio.alignment("C1") == "right")
        #expect(portfolio.value("A8") == "municipality" && portfolio.alignment("A8") == nil)
        for ref in ["B8", "C8", "D8"] { #expect(portfolio.alignment(ref) == "right", "\(ref)") }
        #expect(portfolio.value("D8") == "Alla")

        let likert = try WriteFixtures.SheetProbe(try write(WriteFixtures.bundle()), sheet: 2)
        #expect(likert.value("E1") == "Påstående" && likert.alignment("E1") == nil)
        for ref in ["F1", "G1", "K1", "L1", "R1"] { #expect(likert.alignment(ref) == "right", "\(ref)") }

        let followUp = try WriteFixtures.SheetProbe(try write(WriteFixtures.followUpBundle()), sheet: 2)
        // The measure centred over its three columns, planned/actual/deviation right-aligned.
        #expect(followUp.value("F1") == "total_cost" && followUp.alignment("F1") == "centerContinuous")
        #expect(followUp.alignment("G1") == "centerContinuous" && followUp.alignment("H1") == "centerContinuous")
        for ref in ["F2", "G2", "H2"] { #expect(followUp.alignment(ref) == "right", "\(ref)") }
        let reconciliation = try WriteFixtures.SheetProbe(try write(WriteFixtures.followUpBundle()), sheet: 3)
        for ref in ["F1", "G1", "H1"] { #expect(reconciliation.alignment(ref) == "right", "\(ref)") }
        #expect(reconciliation.alignment("A1") == nil)
    }
}
