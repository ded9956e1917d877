import Foundation
import Testing
import UtfallModel
import UtfallRead

@Suite struct DialectTests {
    @Test func semicolonWinsOverDecimalCommas() throws {
        let r = try readAll(fixture("swedish_excel_money.csv"))
        #expect(r.reader.format.delimiterName == ";")
        #expect(r.reader.columns.count == 6)
        #expect(r.records.count == 3)
    }

    /// Two-line answers holding the other delimiter once per line: under
    /// it each such line is a record of two fields, and in a small file
    /// they outnumbered the respondents. The lines each reading covers
    /// decide, not its records.
    @Test(arguments: [(";", ","), (",", ";")])
    func multiLineAnswersDoNotOutvoteTheRows(delimiter: String, other: String) throws {
        var text = ["Projekt", "Kurs", "Kön", "F1", "F2", "Kommentar"].joined(separator: delimiter) + "\n"
        for i in 0..<12 {
            let answer = i % 4 == 3 ? "ok" : "\"Bra kurs\(other) men kort.\nMer övningar\(other) tack.\nLäraren\(other) bra.\""
            text += ["P1", "Kurs \(i % 3)", i % 2 == 0 ? "Man" : "Kvinna", "Ja", "Nej", answer].joined(separator: delimiter) + "\n"
        }
        let r = try readAll(text: text)
        #expect(r.reader.format.delimiterName == delimiter)
        #expect(r.records.count == 12 && r.rejects.isEmpty)
    }

    @Test func pipeDelimiter() throws {
        let r = try readAll(fixture("pipe_delimited.csv"))
        #expect(r.reader.format.delimiterName == "|")
        #expect(r.records.map { $0.fields[1] } == ["2,5", "4,5"])
    }

    @Test func tabDelimiter() throws {
        let r = try readAll(fixture("utf16le_excel.txt"))
        #expect(r.reader.format.delimiter == 9)
    }

    @Test func titleRowsAboveTheHeaderAreSkipped() throws {
        let r = try readAll(fixture("title_rows_before_header.csv"))
        #expect(r.reader.format.headerLine == 4)
        #expect(r.reader.columns.map(\.text) == ["Projekt", "Ort", "Deltagare", "Kostnad"])
        #expect(r.records.map(\.line) == [5, 6])
        #expect(r.reader.stats.records == 2)
    }

    /// Excel saves a sheet with key/value lines above its table as title
    /// lines of two filled cells (`Enkät;Kursutvärdering VT 2024;;`), which
    /// were taken for the header: the real header became a data row and
    /// every column the pipeline named was missing. They are passed over
    /// when a blank line sets the table apart from them.
    @Test(arguments: [
        ("Enkät;Kursutvärdering VT 2024;;\r\nAntal svar;20;;\r\n;;;\r\n", 4),
        ("Enkät;Kursutvärdering VT 2024\r\nAntal svar;20\r\n\r\n", 4),
        ("Rapport;Kursutvärdering VT24\nUrval;Alla svar;;\n\n", 4),
        // One title line; a header hardly wider than its title (four cells under three).
        ("Enkät;Kursutvärdering VT 2024\n\n", 3),
        ("Enkät;Kursutvärdering VT 2024;Skola X\n\n", 3),
    ])
    func keyValueTitleLinesAboveTheHeaderAreSkipped(_ title: String, _ headerLine: Int) throws {
        let text = title + "Insats;Kurs;Kön;Jag är nöjd med kursen\r\nP1;K1;Man;Stämmer helt\r\nP1;K1;Kvinna;Stämmer lite\r\n"
        let r = try readAll(text: text)
        #expect(r.reader.format.headerLine == headerLine)
        #expect(r.reader.columns.map(\.text) == ["Insats", "Kurs", "Kön", "Jag är nöjd med kursen"])
        #expect(r.records.count == 2 && r.rejects.isEmpty)

        // Headers that stay: over a matrix's sub-item line; of three named
        // columns over wider rows; and the first line when no blank line
        // sets a table apart (a contact line is never taken for the header).
        for text in ["Respondent ID;Q1;;;\n;Bra;Dåligt;Vet ej;Annat\n1;Ja;Ja;Nej;Ja\n2;;Ja;;\n",
                     "Projekt;Kommun;Kontaktperson;;;\nAlfa;Boxholm;Anna Berg;anna@boxholm.se;070-123 45 67;2023\nBeta;Motala;Bo Ek;bo@motala.se;070-765 43 21;2022\n",
                     "Enkät;Kursutvärdering VT 2024;;;\nKontaktperson;Anna Berg;anna.berg@skola.se;;\nProjekt;Kurs;Kön;F1;F2\nAlfa;K1;Man;Ja;Nej\n",
                     // SurveyMonkey without its respondent columns: a question, then its sub-items.
                     "Vilket projekt deltog du i?,Hur väl stämmer följande påståenden?,,\nResponse,Jag lärde mig,Jag trivdes,Jag rekommenderar\nP1,Helt,Delvis,Helt\n",
                     // A narrow table with one ragged row among its first.
                     "Insats;Kurs;Jag är nöjd med kursen\nP1;K1;Stämmer helt\nP1;K2;Stämmer helt;bra;men;kort\nP2;K1;Stämmer lite\n",
                     // … after a blank line, or after a row of one cell.
                     "Projekt;F1;Kommentar\nP1;Stämmer helt;ok\nP2;Stämmer helt;ok\n\nP2;Stämmer helt;bra;men;kort\nP1;Stämmer lite;ok\n",
                     "Projekt;F1;Kommentar\nP1;Stämmer helt;ok\nP1;;\nP2;Stämmer helt;bra;men;kort\nP1;Stämmer helt;ok\n",
                     // Three named columns over wider rows, the first of them nearly empty.
                     "Projekt;F1;Kommentar;;;\nP1;;;;;\nP1;Stämmer helt;ok;x;y;z\nP2;Stämmer lite;ok;x;y;z\n"] {
            let kept = temporaryFile(Array(text.utf8))
            defer { try? FileManager.default.removeItem(atPath: kept) }
            #expect(try readAll(kept).reader.format.headerLine == 1, "\(text)")
        }
    }

    /// Title lines right above the table, with no blank line between
    /// (`Antal svar;3;;;`, a contact line), look like a header by shape:
    /// the columns were missing and the run failed. The names the pipeline
    /// looks up find the header instead, and an info line says so.
    @Test(arguments: [
        ("Kursutvärdering VT 2024;;;;\nAntal svar;3;;;\n", 3, 2),
        ("Enkät;Kursutvärdering VT 2024;;;\nKontaktperson;Anna Berg;anna.berg@skola.se;;\n", 3, 2),
        ("Rapport;VT24;;;\n\nUrval;Alla;;;\nSvar;3;;;\n", 5, 3),
    ])
    func pipelineNamesFindTheHeaderUnderTitleLines(_ titles: String, _ headerLine: Int, _ skipped: Int) throws {
        let table = "Projekt;Kurs;Kön;F1;F2\nP1;K1;Man;Ja;Nej\nP1;K2;Kvinna;Nej;Ja\n"
        var o = ReadOptions()
        o.expectedColumns = ["Projekt|Insats", "Kurs"]
        let r = try readAll(text: titles + table, o)
        #expect(r.reader.format.headerLine == headerLine)
        #expect(r.reader.columns.map(\.text) == ["Projekt", "Kurs", "Kön", "F1", "F2"])
        #expect(r.records.map { $0.fields[1] } == ["K1", "K2"] && r.rejects.isEmpty)
        let info = try #require(r.reader.headerProblems.first { $0.kind == "header_found_by_name" })
        #expect(info.severity == .info && info.location?.line == headerLine)
        #expect(info.message.contains("\(skipped) non-empty lines above it") && info.message.contains("header_line: \(headerLine)"))

        // Without the names the shape decides, as before.
        #expect(try readAll(text: titles + table).reader.format.headerLine < headerLine)
    }

    /// The names change nothing where the header found by shape has them,
    /// where no line has them (the run's error names the missing column), or
    /// where the header spans rows (Qualtrics: the names are its second row's).
    @Test func pipelineNamesKeepAHeaderThatHasThem() throws {
        var o = ReadOptions()
        o.expectedColumns = ["Kurs"]
        // A course asked in two branches of a form: two columns of one name.
        let twice = try readAll(text: "Projekt;Kurs;F1;Kurs\nP1;K1;Ja;\nP1;;Ja;K2\n", o)
        #expect(twice.reader.format.headerLine == 1 && twice.records.count == 2)
        #expect(twice.reader.headerProblems.isEmpty)
        o.expectedColumns = ["Kurs", "Saknas"]
        let none = try readAll(text: "Enkät;VT24;;\nProjekt;Kurs;F1;F2\nP1;K1;Ja;Nej\n", o)
        #expect(none.reader.format.headerLine == 1 && none.reader.headerProblems.isEmpty)

        let file = fixture("exports/qualtrics/qualtrics-2017-german-labels-redacted.csv")
        o.expectedColumns = ["Nachname des Empfängers", "Q2 - Topics"]
        let named = try readAll(file, o)
        let plain = try readAll(file)
        #expect(named.reader.format.headerLine == plain.reader.format.headerLine)
        #expect(named.reader.format.headerRows == 3 && named.records.count == 1)
        #expect(named.reader.headerProblems.isEmpty)
    }

    @Test func overridesWin() throws {
        var o = ReadOptions()
        o.delimiter = UInt8(ascii: ",")
        o.headerLine = 2
        let r = try readAll(fixture("pipe_delimited.csv"), o)
        #expect(r.reader.format.delimiterName == ",")
        #expect(r.reader.format.headerLine == 2)
        #expect(r.reader.columns.map(\.text) == ["1|2", "5|x"])
        #expect(r.records.map(\.fields) == [["3|4", "5|y"]])
    }

    @Test func headerLineBeyondTheEndIsAnError() {
        var o = ReadOptions()
        o.headerLine = 99
        #expect(throws: ReadError.self) { try TableReader(path: fixture("pipe_delimited.csv"), options: o) }
    }
}

@Suite struct DialectEdgeTests {
    @Test func excelSepLineNamesTheDelimiter() throws {
        let r = try readAll(fixture("excel_sep_line.csv"))
        #expect(r.reader.format.delimiterName == ";")
        #expect(r.reader.format.headerLine == 2)
        #expect(r.reader.columns.map(\.text) == ["Projekt", "Kostnad"])
        #expect(r.records.map(\.line) == [3, 4])
        #expect(ValueParser.money(r.records[0].fields[1]) == .value(Money(ore: 100_050)))
    }

    @Test func headerOnlyFileHasNoRecords() throws {
        let r = try readAll(fixture("header_only.csv"))
        #expect(r.reader.columns.count == 3)
        #expect(r.reader.stats.records == 0)
    }

    @Test func onlyBlankLinesIsNoHeader() {
        #expect(throws: ReadError.self) { try TableReader(path: fixture("only_blank_lines.csv")) }
    }

    @Test func bomTitleAndCRLFTogether() throws {
        let r = try readAll(fixture("bom_title_crlf.csv"))
        #expect(r.reader.format.hasBOM)
        #expect(r.reader.format.headerLine == 3)
        #expect(r.records.map(\.line) == [4, 6])
        #expect(r.records[0].fields[1] == "Umeå\r\nstad")
    }
}

@Suite struct HeaderWidthTests {
    /// The header is not mistaken for a title because data rows carry one
    /// more (empty) field; those rows are rejected as ragged, visibly.
    @Test func headerNarrowerThanDataRows() throws {
        let r = try readAll(fixture("trailing_delimiter_on_data_rows.csv"))
        #expect(r.reader.format.headerLine == 1)
        #expect(r.reader.columns.map(\.text) == ["a", "b", "c"])
        #expect(r.rejects.map(\.kind) == ["ragged_row", "ragged_row"])
        #expect(r.rejects[0].reason.contains("expected 3 fields as in the header, found 4"))
    }
}
