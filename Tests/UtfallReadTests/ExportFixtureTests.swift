import Foundation
import Testing
import UtfallModel
import UtfallRead

/// Every real export in Fixtures/exports (copied from ../shared/fixtures/exports),
/// with the header rows, data rows and columns its SOURCES.md states.
@Suite struct ExportFixtureTests {
    struct Expected: CustomTestStringConvertible, Sendable {
        var file: String
        var layout: ExportLayout
        var headerRows: Int
        var rows: Int
        var cols: Int
        var encoding: TextEncoding
        var delimiter: String
        var testDescription: String { file }
    }

    static let all: [Expected] = [
        .init(file: "qualtrics/qualtrics-2017-german-labels-redacted.csv", layout: .qualtrics, headerRows: 3, rows: 1, cols: 20, encoding: .utf8, delimiter: ","),
        .init(file: "qualtrics/qualtrics-2016-insights-matrix.csv", layout: .qualtrics, headerRows: 3, rows: 5, cols: 30, encoding: .utf8, delimiter: ","),
        .init(file: "qualtrics/qualtrics-2016-insights-many-types.csv", layout: .qualtrics, headerRows: 3, rows: 5, cols: 190, encoding: .utf8, delimiter: ","),
        .init(file: "qualtrics/qualtrics-legacy-v1-v10-bom.csv", layout: .qualtrics, headerRows: 2, rows: 15, cols: 49, encoding: .utf8, delimiter: ","),
        .init(file: "surveymonkey/fivethirtyeight-star-wars.csv", layout: .surveymonkey, headerRows: 2, rows: 1186, cols: 38, encoding: .windows1252, delimiter: ","),
        .init(file: "surveymonkey/fivethirtyeight-sleeping-alone.csv", layout: .surveymonkey, headerRows: 2, rows: 1093, cols: 31, encoding: .windows1252, delimiter: ","),
        .init(file: "surveymonkey/fivethirtyeight-steak-risk.csv", layout: .surveymonkey, headerRows: 2, rows: 550, cols: 15, encoding: .utf8, delimiter: ","),
        .init(file: "google-forms/rstudio-2019-spanish-responses.csv", layout: .googleForms, headerRows: 1, rows: 338, cols: 52, encoding: .utf8, delimiter: ","),
        .init(file: "google-forms/rstudio-2018-spanish-form-responses-1-emails-blanked.tsv", layout: .googleForms, headerRows: 1, rows: 295, cols: 44, encoding: .utf8, delimiter: "tab"),
        .init(file: "limesurvey/ssi-rse-survey-2017-nl-public.csv", layout: .limesurvey, headerRows: 1, rows: 77, cols: 131, encoding: .utf8, delimiter: ","),
    ]

    @Test(arguments: all)
    func readsWithStatedShape(_ e: Expected) throws {
        let r = try readAll(fixture("exports/" + e.file))
        let f = r.reader.format
        #expect(f.layout == e.layout)
        #expect(f.headerRows == e.headerRows)
        #expect(f.encoding == e.encoding)
        #expect(f.delimiterName == e.delimiter)
        #expect(r.reader.columns.count == e.cols)
        #expect(r.reader.stats.records == e.rows)
        #expect(r.records.count == e.rows)
        #expect(r.rejects.isEmpty, "\(r.rejects.map(\.reason))")
        #expect(r.records.allSatisfy { $0.fields.count == e.cols })
    }

    @Test func qualtrics2017KeepsTagsTextAndUmlauts() throws {
        let r = try readAll(fixture("exports/qualtrics/qualtrics-2017-german-labels-redacted.csv"))
        let c = r.reader.columns[9]
        #expect(c.id == "RecipientLastName")
        #expect(c.text == "Nachname des Empfängers")
        #expect(r.records[0].line == 4)
        #expect(r.reader.columns.last?.text == "Q2 - Topics")
    }

    @Test func qualtricsInsightsNBSPInQuestionText() throws {
        let r = try readAll(fixture("exports/qualtrics/qualtrics-2016-insights-many-types.csv"))
        let c = r.reader.columns[59]
        #expect(c.id == "Q21_1")
        #expect(c.text == "This is a likert matrix single answer question. Please rate how you feel about each fruit. \u{00A0}-Oranges")
        let resolver = ColumnResolver(columns: r.reader.columns, file: r.reader.path)
        #expect(try resolver.resolve("q21_1").index == 59)
    }

    @Test func qualtricsLegacyStripsBOMAndUsesRowTwoAsText() throws {
        let r = try readAll(fixture("exports/qualtrics/qualtrics-legacy-v1-v10-bom.csv"))
        #expect(r.reader.format.hasBOM)
        #expect(r.reader.columns[0].id == "V1")
        #expect(r.reader.columns[0].text == "ResponseID")
        #expect(r.records[0].fields[2] == "Anonymous")
    }

    @Test func starWarsHeaderDecodedAsWindows1252() throws {
        let r = try readAll(fixture("exports/surveymonkey/fivethirtyeight-star-wars.csv"))
        let cols = r.reader.columns
        #expect(cols[31].text == "Do you consider yourself to be a fan of the Expanded Universe?Œæ")
        // Continuation columns carry the question and the option.
        #expect(cols[4].text == "Which of the following Star Wars films have you seen? Please select all that apply. – Star Wars: Episode II  Attack of the Clones")
        #expect(cols[3].id == "Q4_1")
        #expect(cols[0].text == "RespondentID")
        #expect(cols[0].id == "RespondentID")
        #expect(cols[1].id == "Q2")
        #expect(r.records.last?.line == 1188)
    }

    @Test func sleepingAloneMangledByteDecoded() throws {
        let r = try readAll(fixture("exports/surveymonkey/fivethirtyeight-sleeping-alone.csv"))
        #expect(r.reader.columns[23].text.hasPrefix("To what extent do you agree with the following statement:ë_\"our sex li"))
        #expect(r.records[0].fields[0] == "7/10/14 18:37")
        #expect(ValueParser.date(r.records[0].fields[0]) == .value(CalendarDate(year: 2014, month: 7, day: 10)!))
    }

    @Test func steakRiskHappyPath() throws {
        let r = try readAll(fixture("exports/surveymonkey/fivethirtyeight-steak-risk.csv"))
        #expect(r.reader.columns[1].text.contains("<br>In Lottery A"))
        #expect(r.records[0].fields[1] == "Lottery B")
    }

    @Test func googleForms2019SpanishAndCRLFWithLFInsideQuotes() throws {
        let r = try readAll(fixture("exports/google-forms/rstudio-2019-spanish-responses.csv"))
        #expect(r.reader.format.lineEnding == "\\r\\n")
        #expect(r.reader.columns[1].text == "¿Cómo calificarías tu nivel de experiencia usando R?")
        #expect(r.records[0].fields[0] == "12/13/2019 12:02:32")
        #expect(r.records[0].fields[1] == "Inicial")
        let stamp = ValueParser.timestamp(r.records[0].fields[0])
        #expect(stamp.value?.description == "2019-12-13 12:02:32")
        // The duplicate question is ambiguous by text but reachable by position.
        let resolver = ColumnResolver(columns: r.reader.columns, file: r.reader.path)
        #expect(throws: ColumnError.self) {
            try resolver.resolve("¿Qué opción refleja mejor la razón principal por la que aprendiste R?")
        }
    }

    @Test func googleForms2018TabSeparated() throws {
        let r = try readAll(fixture("exports/google-forms/rstudio-2018-spanish-form-responses-1-emails-blanked.tsv"))
        #expect(r.reader.columns[1].text == "¿En qué industria trabajas o participas?")
        #expect(r.records[0].fields[1] == "Tecnologías de la Información")
        #expect(r.reader.columns[27].id == "column_28")
        #expect(r.reader.columns[43].text == "Email Address")
    }

    @Test func limeSurveyCodesAndTexts() throws {
        let r = try readAll(fixture("exports/limesurvey/ssi-rse-survey-2017-nl-public.csv"))
        let cols = r.reader.columns
        #expect(cols[0].id == "column_1")
        #expect(cols[1].id == "socio1")
        #expect(cols[1].text == "In which country do you work?")
        #expect(cols[109].id == "likert2[progRSE4]")
        #expect(cols[109].text == "[My current position is an integral part of my career plan]")
        #expect(r.records[0].fields[109] == "Disagree")
        #expect(r.records[0].fields[1] == "Netherlands")
    }

    /// A download that fetched a login page, an API's JSON error or
    /// garbage instead of the export failed on a missing column (exit 65),
    /// as if the pipeline were wrong. It is "not CSV" (exit 66), saying what it is.
    @Test func pagesAndGarbageAreNotCSV() throws {
        var state: UInt64 = 3
        func next() -> UInt64 { state = state &* 6364136223846793005 &+ 1442695040888963407; return state >> 33 }
        let cases: [([UInt8], String)] = [
            (Array("\n  <!DOCTYPE html>\n<html><head><title>Logga in</title>".utf8), "an HTML page"),
            (Array("<html lang=\"sv\"><body>403</body></html>".utf8), "an HTML page"),
            ([0xEF, 0xBB, 0xBF] + Array("<?xml version=\"1.0\"?><svar/>".utf8), "an XML document"),
            (Array("{\"error\": \"unauthorized\"}".utf8), "a JSON document"),
            (Array("[\n  {\"Kurs\": \"K1\"}\n]".utf8), "a JSON document"),
            ((0..<4000).map { _ in UInt8(next() % 255 + 1) }, "binary data"),
        ]
        for (bytes, what) in cases {
            let path = temporaryFile(bytes)
            defer { try? FileManager.default.removeItem(atPath: path) }
            #expect(throws: ReadError.self, "\(what)") { _ = try TableReader(path: path) }
            do { _ = try TableReader(path: path) } catch let e as ReadError {
                guard case .notCSV = e else { Issue.record("wrong error \(e)"); continue }
                #expect(e.description.contains(what), "\(e)")
            }
        }
        // CSV that starts like them is read.
        for text in ["[Kön];Kurs\nKvinna;K1\n", "{Q1};Kurs\nJa;K1\n", "<3;Kurs\nJa;K1\n", "[{Projekt}];Kurs\nP1;K1\n",
                     "<header>;Kurs\nx;K1\n", "{\"Kurs\"};F1\nK1;Ja\n"] {
            #expect(try readAll(text: text).records.count == 1, "\(text)")
        }
        // FileMaker writes a line break inside a field as a vertical tab (or
        // a form feed), and old DOS tools end a file with 0x1A: text all the same.
        let filemaker = "Kurs;Kommentar\n" + String(repeating: "K1;\"Bra\u{0B}kurs\u{0B}tack\u{0C}\"\n", count: 30) + "\u{1A}"
        #expect(try readAll(text: filemaker).records.count == 30)
    }

    @Test func xlsxIsRefusedWithAdvice() throws {
        let path = fixture("exports/google-forms/rstudio-2019-spanish-responses.xlsx")
        do {
            _ = try TableReader(path: path)
            Issue.record("an .xlsx was read as CSV")
        } catch let e as ReadError {
            guard case .notCSV = e else { Issue.record("wrong error \(e)"); return }
            #expect(e.description.contains("is an Excel workbook (.xlsx)"))
            #expect(e.description.contains("save it as CSV UTF-8 from Excel (File › Save As › CSV UTF-8)"))
        }
    }
}
