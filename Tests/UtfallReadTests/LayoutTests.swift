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

    /// Webropol writes a matrix question over its first column and its
    /// statements in a second header row. Read as one row, the statements
    /// were a rejected data row and the items had no text (`column_7`).
    @Test func matrixQuestionWithItsStatementsInASecondHeaderRow() throws {
        let r = try readAll(text: """
            Svarsdatum;Insats;Kurs;Hur väl stämmer följande påståenden?;;;Skulle du rekommendera kursen?;Övrigt
            ;;;Innehållet var relevant.;Jag är nöjd.;Kursen var svår.;;
            28.3.2024 11:24;P1;K1;Stämmer lagom;Stämmer helt;;Ja;
            12.3.2024 14:10;P1;K2;Stämmer lite;;Stämmer lagom;Nej;Bra

            """)
        #expect(r.reader.format.layout == .matrix && r.reader.format.headerRows == 2)
        #expect(r.reader.columns.map(\.id) == ["Svarsdatum", "Insats", "Kurs", "Q4_1", "Q4_2", "Q4_3", "Q5", "Övrigt"])
        #expect(r.reader.columns[4].text == "Hur väl stämmer följande påståenden? – Jag är nöjd.")
        #expect(r.reader.columns[6].text == "Skulle du rekommendera kursen?")
        #expect(r.records.count == 2 && r.rejects.isEmpty)
        // Not a matrix: a header with an empty last cell over data; a data
        // row that fills a single column too.
        for text in ["Kurs;Svar;\nK1;Bra;\nK2;Dålig;x\n", "Kurs;Fråga;;Annat\nK1;a;b;c\nK2;a;b;\n", "Kurs;Fråga;;Annat\nK1;a;b;\nK2;a;b;\n"] {
            #expect(try readAll(text: text).reader.format.layout == .plain, "\(text)")
        }
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
        #expect(ExportLayout(rawValue: "matrix") == .matrix)
        #expect(ExportLayout.allCases.count == 7)
    }
}
