import Foundation
import Testing
import UtfallModel
import UtfallRead

@Suite struct LayoutTests {
    @Test func microsoftForms() throws {
        let r = try readAll(fixture("microsoft_forms.csv"))
        #expect(r.reader.format.layout == .microsoftForms)
        #expect(r.reader.format.headerRows == 1)
        #expect(r.reader.columns[5].text == "Hur nöjd är du?")
        #expect(r.records.count == 2)
    }

    @Test func googleFormsSwedishTimestampHeader() throws {
        let r = try readAll(fixture("google_forms_swedish.csv"))
        #expect(r.reader.format.layout == .googleForms)
        let t = ValueParser.timestamp(r.records[1].fields[0]).value
        #expect(t?.description == "2019-03-15 13:02:03")
        #expect(t?.utcOffsetMinutes == 60)
    }

    @Test func limeSurveyBareCodes() throws {
        let r = try readAll(fixture("limesurvey_codes.csv"))
        #expect(r.reader.format.layout == .limesurvey)
        #expect(r.reader.columns[4].id == "Q1[SQ001]")
    }

    @Test func plainSingleHeader() throws {
        let r = try readAll(fixture("utf8_bom.csv"))
        #expect(r.reader.format.layout == .plain)
        #expect(r.reader.columns[2] == Column(index: 2, id: "Deltagare", text: "Deltagare"))
    }

    @Test func layoutCanBeForced() throws {
        var o = ReadOptions()
        o.layout = .qualtrics
        o.headerRows = 2
        let r = try readAll(fixture("ragged_rows.csv"), o)
        #expect(r.reader.format.layout == .qualtrics)
        #expect(r.reader.columns.map(\.id) == ["a", "b", "c"])
        #expect(r.reader.columns.map(\.text) == ["1", "2", "3"])
        #expect(r.reader.stats.records == 3)
    }

    @Test func layoutNamesMatchPipelineSpelling() {
        #expect(ExportLayout(rawValue: "google_forms") == .googleForms)
        #expect(ExportLayout(rawValue: "microsoft_forms") == .microsoftForms)
        #expect(ExportLayout.allCases.count == 6)
    }
}
