import Foundation
import Testing
@testable import UtfallWrite

/// Compares freshly written workbooks with approved ones, part by part, as
/// XlsxWriter's own test suite does: a change in any sheet, chart, style or
/// relationship shows up as the part that differs. Volatile fields (document
/// dates) are stripped first, although utfall pins them anyway.
///
/// After an intended change, look at the new workbook in a spreadsheet program,
/// then approve it: `UTFALL_APPROVE=1 swift test --filter ReferenceWorkbookTests`.
@Suite struct ReferenceWorkbookTests {
    static let referenceDir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Reference").path

    static func stripVolatile(_ xml: String) -> String {
        xml.replacingOccurrences(of: #"<dcterms:(created|modified)[^>]*>[^<]*</dcterms:(created|modified)>"#, with: "", options: .regularExpression)
    }

    func compare(_ bundle: ReportBundle, reference name: String) throws {
        let dir = WriteFixtures.tempDir()
        let fresh = dir + "/" + name
        try ReportWriter.writeWorkbook(bundle, to: fresh)
        let approved = Self.referenceDir + "/" + name
        if ProcessInfo.processInfo.environment["UTFALL_APPROVE"] == "1" {
            try? FileManager.default.removeItem(atPath: approved)
            try FileManager.default.copyItem(atPath: fresh, toPath: approved)
        }
        let expectedParts = try WriteFixtures.parts(approved).sorted()
        #expect(!expectedParts.isEmpty, "no approved workbook at \(approved)")
        #expect(try WriteFixtures.parts(fresh).sorted() == expectedParts)
        for part in expectedParts {
            let want = Self.stripVolatile(try WriteFixtures.part(approved, part))
            let got = Self.stripVolatile(try WriteFixtures.part(fresh, part))
            #expect(got == want, "\(name): part \(part) differs from the approved workbook")
        }
    }

    @Test func surveyWorkbookInSwedishMatchesTheApprovedOne() throws {
        try compare(WriteFixtures.bundle(), reference: "survey_sv.xlsx")
    }

    @Test func surveyWorkbookInEnglishMatchesTheApprovedOne() throws {
        try compare(WriteFixtures.bundle(language: .en), reference: "survey_en.xlsx")
    }

    @Test func strippingRemovesOnlyDocumentDates() {
        let xml = #"<a><dcterms:created xsi:type="dcterms:W3CDTF">2024-04-12T00:00:00Z</dcterms:created><b/></a>"#
        #expect(Self.stripVolatile(xml) == "<a><b/></a>")
    }
}
