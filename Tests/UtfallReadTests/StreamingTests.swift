import Foundation
import Testing
import UtfallModel
import UtfallRead

@Suite struct StreamingTests {
    @Test func quotedFieldsKeepDelimitersQuotesAndNewlines() throws {
        let r = try readAll(fixture("quoted_newlines.csv"))
        #expect(r.records.map(\.line) == [2, 4, 5, 8])
        #expect(r.records[0].fields == ["1", "Bra kurs,\nmen för lång", "4"])
        #expect(r.records[1].fields[1] == "Hon sa \"hej\"")
        #expect(r.records[2].fields[1] == "rad1\r\nrad2\r\nrad3")
        #expect(r.records[3].fields == ["4", "enkel", "2"])
        #expect(r.rejects.isEmpty)
        #expect(r.reader.stats.records == 4)
    }

    @Test func raggedRowsAreRejectedWithTheirLines() throws {
        let r = try readAll(fixture("ragged_rows.csv"))
        #expect(r.records.map(\.line) == [2, 5])
        #expect(r.rejects.map(\.location.line) == [3, 4])
        #expect(r.rejects.allSatisfy { $0.kind == "ragged_row" })
        #expect(r.rejects[0].reason.contains("expected 3 fields"))
        #expect(r.rejects[0].reason.contains("found 2"))
        #expect(r.rejects[1].fields == ["6", "7", "8", "9"])
        #expect(r.reader.stats.records == 4)
        #expect(r.reader.stats.rejected == 2)
    }

    @Test func lastLineWithoutTerminatorIsARecord() throws {
        let r = try readAll(fixture("no_final_newline.csv"))
        #expect(r.records.map(\.fields) == [["1", "2"], ["3", "4"]])
        #expect(r.records.map(\.line) == [2, 3])
    }

    @Test func carriageReturnOnlyLineEnds() throws {
        let r = try readAll(fixture("cr_line_ends.csv"))
        #expect(r.reader.format.lineEnding == "\\r")
        #expect(r.records.map(\.line) == [2, 3, 5])
        #expect(r.records[1].fields == ["3", "x\ry"])
    }

    @Test func crlfLineEnds() throws {
        let r = try readAll(fixture("crlf_line_ends.csv"))
        #expect(r.reader.format.lineEnding == "\\r\\n")
        #expect(r.records.map(\.line) == [2, 3])
        #expect(r.records[1].fields == ["3", "4"])
    }

    /// Blank lines and all-empty rows are skipped and not counted as records.
    @Test func blankLinesAreSkippedNotCounted() throws {
        let r = try readAll(fixture("blank_lines.csv"))
        #expect(r.records.map(\.line) == [3, 6])
        #expect(r.reader.stats.records == 2)
        #expect(r.reader.stats.blankRows == 1)   // the "," row; blank lines never reach libcsv as rows
        #expect(r.rejects.isEmpty)
    }

    @Test func unterminatedQuoteIsRejectedAtItsLine() throws {
        let r = try readAll(fixture("unterminated_quote.csv"))
        #expect(r.records.map(\.line) == [2])
        #expect(r.rejects.count == 1)
        #expect(r.rejects[0].kind == "unterminated_quote")
        #expect(r.rejects[0].location.line == 3)
    }

    /// A quote left open in a comment runs into the next rows until a later
    /// row's opening quote closes it; the record that comes out has the
    /// header's width, so only the lines inside it that read as rows tell.
    /// Before, the respondents between vanished without a word (exit 0,
    /// even under --strict) and two were mixed into one. The swallowed rows
    /// count as rejected rows, so the thresholds see them.
    @Test func aQuoteClosedRowsLaterIsRejectedWithTheRowsItSwallowed() throws {
        var text = "ID;Kurs;Kön;F1;Kommentar\n"
        text += "R1;K1;K;Stämmer helt;\"Jag heter Anna, ring mig\n"
        for i in 2...6 { text += "R\(i);K1;M;Stämmer delvis;\n" }
        text += "R7;K2;K;Stämmer helt;\"kort\"\n"
        text += "R8;K2;K;Stämmer helt;\"Bra; men\nför lång; och\r\ntråkig\"\n"
        let r = try readAll(text: text)
        #expect(r.rejects.map(\.kind) == ["quote_spans_records"])
        #expect(r.rejects.first?.location.line == 2 && r.rejects.first?.location.column == 5)
        #expect(r.rejects.first?.reason.contains("6 lines after it read as rows of their own") == true, "\(r.rejects)")
        #expect(r.reader.stats.records == 8 && r.reader.stats.rejected == 7)
        // A legitimate multi-line answer, semicolons and all, is read.
        #expect(r.records.map(\.fields.first) == ["R8"])
        #expect(r.records.first?.line == 9)
    }

    /// The likeliest stray quote is closed by the very next row: its line is
    /// the field's last, read up to the quote that closed it.
    @Test func aQuoteClosedByTheNextRowIsRejectedToo() throws {
        let text = "Insats,Kurs,Kön,F1,Kommentar\nP1,K0,Man,Stämmer helt,\"Bra kurs\nP1,K0,Kvinna,Stämmer helt,\"Tack\"\nP1,K1,Man,Stämmer helt,\n"
        let r = try readAll(text: text)
        #expect(r.rejects.map(\.kind) == ["quote_spans_records"], "\(r.rejects)")
        #expect(r.reader.stats.records == 3 && r.reader.stats.rejected == 2)
        #expect(r.records.map(\.line) == [4])
    }

    /// The quote that closes the field may open a middle column of a later
    /// row (`E;"Eps";5 000 kr;…`): that row's fields after it become the
    /// record's, so the row was swallowed as well. It was counted nowhere:
    /// 6 data lines gave 5 rows read.
    @Test func aRowWhoseMiddleColumnClosedTheQuoteIsCountedAsSwallowed() throws {
        var text = "Projekt;Namn;ESF planerat;ESF faktiskt;Deltagare planerat;Deltagare faktiskt\n"
        text += "A;Alfa;1 000;800;10;8\nB;\"Beta med citat;2 000;1 000;10;9\nC;Gamma;3 000;2 000;10;7\n"
        text += "D;Delta;4 000;3 000;10;6\nE;\"Eps\";5 000;4 000;10;5\nF;Zeta;6 000;5 000;10;4\n"
        let r = try readAll(text: text)
        #expect(r.rejects.map(\.kind) == ["quote_spans_records"], "\(r.rejects)")
        #expect(r.rejects.first?.reason.contains("3 lines after it read as rows of their own") == true, "\(r.rejects)")
        #expect(r.reader.stats.records == 6 && r.reader.stats.rejected == 4)
        #expect(r.records.map { $0.fields[0] } == ["A", "F"])
    }

    /// A swallowed row may quote someone (`läraren sa "hej" sen`); read on
    /// its own it is a row all the same, and it was left out of the count.
    @Test func swallowedRowsWithQuotesInsideAFieldAreCounted() throws {
        let head = "Insats;Kurs;Kön;F1;Kommentar\r\nP1;K1;Man;Stämmer helt;ok\r\nP1;K1;Kvinna;Stämmer lite;ok\r\n"
            + "P1;K1;Man;Stämmer lagom;\"Bra kurs, men\r\nP1;K1;Kvinna;Stämmer helt;ok\r\n"
        let unclosed = temporaryFile(Array((head + "P1;K1;Man;Stämmer helt;läraren sa \"hej\" sen\r\nP1;K1;Kvinna;Stämmer lite;ok\r\nP1;K1;Man;Stämmer helt;ok\r\n").utf8))
        defer { try? FileManager.default.removeItem(atPath: unclosed) }
        // The quote before `hej` closes the one left open, as Python's csv
        // and Excel read it: the two rows after it are read.
        let u = try readAll(unclosed)
        #expect(u.rejects.map(\.kind) == ["quote_spans_records"], "\(u.rejects)")
        #expect(u.reader.stats.records == 7 && u.reader.stats.rejected == 3)
        #expect(u.records.map(\.line) == [2, 3, 7, 8])
        let spans = temporaryFile(Array((head + "P1;K1;Man;Stämmer helt;hon sa \"\"hej\"\" sen\r\nP1;K1;Kvinna;Stämmer lite;slut\"\r\nP1;K1;Man;Stämmer helt;ok\r\nP1;K1;Man;Stämmer helt;ok\r\n").utf8))
        defer { try? FileManager.default.removeItem(atPath: spans) }
        let s = try readAll(spans)
        #expect(s.rejects.map(\.kind) == ["quote_spans_records"], "\(s.rejects)")
        #expect(s.reader.stats.records == 8 && s.reader.stats.rejected == 4)
    }

    /// A quote opened at the start of a row and closed by the next row's
    /// first field (`P1";`) swallowed that row without a trace: one line,
    /// no quote left in the field. The field's first line holds the rest of
    /// its own row, which tells. Anna's name was published as a project.
    @Test func aQuoteThatSwallowsOneRowWholeIsRejected() throws {
        let text = "Projekt;Kurs;Namn;F1;F2\n\"P1;K1;Anna Berg;Stämmer helt;Stämmer lite\nP1\";K1;Bo Ek;Stämmer helt;Stämmer lite\n"
            + "P1;K1;Cia Svensson;Stämmer helt;Stämmer lite\nP1;K1;Dan Svensson;Stämmer helt;Stämmer lite\n"
        let r = try readAll(text: text)
        #expect(r.rejects.map(\.kind) == ["quote_spans_records"], "\(r.rejects)")
        #expect(r.reader.stats.records == 4 && r.reader.stats.rejected == 2)
        #expect(r.records.map { $0.fields[0] } == ["P1", "P1"])
    }

    /// A properly quoted answer that is not the last column, with a quote
    /// of its own and a last line of as many commas as the column has
    /// before it, was taken for a swallow: only a quote opening the next
    /// field ends such a line as a row.
    @Test func aQuotedAnswerInAMiddleColumnIsReadWhateverItsLastLineHolds() throws {
        let comma = temporaryFile(Array(("Tidstämpel,Projekt,Kurs,Kommentar,Nöjd\n2024-03-01,P1,K1,\"Vi läste \"\"Röda rummet\"\" och diskuterade.\n"
            + "Bra lärare, bra lokaler, dåligt fika, men det gick\",Ja\n2024-03-02,P1,K1,ok,Ja\n2024-03-03,P1,K2,,Nej\n2024-03-04,P2,K3,bra,Ja\n").utf8))
        defer { try? FileManager.default.removeItem(atPath: comma) }
        let r = try readAll(comma)
        #expect(r.rejects.isEmpty, "\(r.rejects)")
        #expect(r.reader.stats.records == 4 && r.records.count == 4)
        let semicolon = temporaryFile(Array("Kurs;Kommentar;Kön;F1;F2\nK1;\"Läraren sa \"\"läs mer\"\".\nBra; men för kort\";K;Ja;Ja\nK1;ok;M;Ja;Nej\nK2;;K;Nej;Ja\n".utf8))
        defer { try? FileManager.default.removeItem(atPath: semicolon) }
        let s = try readAll(semicolon)
        #expect(s.rejects.isEmpty && s.reader.stats.records == 3, "\(s.rejects)")
    }

    /// Three shapes one reviewer's generator found, each checked against
    /// the rows a person counts in the file:
    /// - a quote opened in the last column and closed at a field's end in a
    ///   later row (`Stämmer inte alls";`) lends the record that row's
    ///   remaining fields: wider than the header, it is a swallow (it was a
    ///   ragged row, the swallowed names kept in rejects.csv);
    /// - an answer in the first column whose second line starts with a
    ///   quotation is read (it counted a phantom row);
    /// - a four-column file is judged when such a sign is there (a name was
    ///   published as a project), and only then: a comma in an answer's
    ///   first line is none.
    @Test(arguments: [
        ("Projekt;Kurs;Namn;E-post;F1;F2;Kommentar\nP1;K1;A;a@x.se;Stämmer helt;Stämmer lite;\"ok\nP2;K1;B;b@x.se;Stämmer lite;Stämmer inte alls;ok\n"
         + "P1;K1;C;c@x.se;Stämmer inte alls\";Stämmer helt;ok\nP2;K1;D;d@x.se;Stämmer helt;Stämmer lite;ok\nP1;K1;E;e@x.se;Stämmer lite;Stämmer helt;ok\n", 5, 3),
        ("Kommentar;Projekt;Kurs;Namn;E-post;F1;F2\n\"Bra kurs.\n\"\"Bästa kursen hittills\"\" sa alla\";P1;K1;Anna;a@x.se;Stämmer helt;Stämmer lite\n"
         + "ok;P2;K1;Bo;b@x.se;Stämmer lite;Stämmer helt\nok;P1;K1;Cia;c@x.se;Stämmer helt;Stämmer helt\n", 3, 0),
        ("Projekt;Kurs;Namn;F1\n\"P1;K1;Anna Berg;Stämmer helt\nP1\";K1;Bo Ek;Stämmer helt\nP1;K1;Cia Ly;Stämmer helt\nP2;K1;Eva Ek;Stämmer helt\n", 4, 2),
        // A quote in the second-to-last column, closed at the same column's
        // end a row later: in a wide file one delimiter in the first line
        // is sign enough, as the last line needs five fields.
        ("Projekt;Kurs;Namn;E-post;F1;F2;Kommentar\nP1;K1;A;a@x.se;Stämmer helt;\"Stämmer lite;ok\n"
         + "P2;K1;B;b@x.se;Stämmer lite;Stämmer inte alls\";ok\nP1;K1;C;c@x.se;Stämmer helt;Stämmer lite;ok\n", 3, 2),
        // Read, not taken for swallows: answers with a delimiter in their
        // first line, in files of two to four columns.
        ("Projekt,Kommentar,F1\nP1,\"Bra, tydlig\nmen, rörig\",Stämmer helt\nP2,ok,Stämmer lite\nP1,ok,Stämmer helt\n", 3, 0),
        ("Kommentar;F1\n\"Bra; tydlig\nmer text\";Stämmer helt\nok;Stämmer lite\n", 2, 0),
        ("Projekt,Kurs,Kommentar,F1\nP1,K1,\"Bra, tydlig\nmen, rörig, sen\",Stämmer helt\nP2,K1,ok,Stämmer lite\n", 2, 0),
        ("Projekt;Kurs;Namn;F1\nP1;K1;Anna Berg;Stämmer helt\nP1;K1;\"Bo Ek;Stämmer helt\nP1;K1;Cia Ly;Stämmer lite\nP2;K1;Eva Ek;Stämmer helt\n", 4, 3),
    ])
    func rowsReadAndRejectedAreThoseOfTheFile(_ text: String, _ records: Int, _ rejected: Int) throws {
        let r = try readAll(text: text)
        #expect(r.reader.stats.records == records && r.reader.stats.rejected == rejected, "\(r.reader.stats) \(r.rejects.map(\.kind))")
        #expect(!r.rejects.contains { $0.kind == "ragged_row" })
    }

    /// A swallow closed by a later row's field that ends in a quote
    /// (`…;slut"`) keeps no quote in the field: its rows tell, and an
    /// unclosed quote's rows to the end of the file count as rejected too.
    @Test func rowsSwallowedToAFieldEndOrToTheEndOfTheFileCount() throws {
        var text = "Kurs;Kön;F1;F2;Kommentar\nK1;K;Ja;Ja;\"började citera\n"
        for _ in 0..<3 { text += "K1;M;Ja;Ja;bra\n" }
        text += "K1;M;Ja;Ja;slut\"\nK2;K;Ja;Ja;\n"
        let r = try readAll(text: text)
        #expect(r.rejects.map(\.kind) == ["quote_spans_records"], "\(r.rejects)")
        #expect(r.reader.stats.records == 6 && r.reader.stats.rejected == 5)
        #expect(r.records.map(\.line) == [7])

        let open = temporaryFile(Array("Kurs;Kön;F1;F2;Kommentar\nK2;K;Ja;Ja;\nK1;K;Ja;Ja;\"aldrig slut\nK1;M;Ja;Ja;\nK1;M;Ja;Ja;x\n".utf8))
        defer { try? FileManager.default.removeItem(atPath: open) }
        let e = try readAll(open)
        #expect(e.rejects.map(\.kind) == ["unterminated_quote"])
        #expect(e.reader.stats.records == 4 && e.reader.stats.rejected == 3)
    }

    /// Legitimate multi-line answers are read: a line of exactly the
    /// header's number of fields without any quote in the answer (a list of
    /// four things in a five-column comma export), and in a file of four
    /// columns a line of prose with as many delimiters as a row, whose
    /// words are not of the kinds the row's own values are.
    @Test func multiLineAnswersThatMerelyLookLikeRowsAreRead() throws {
        let comma = temporaryFile(Array("Insats,Kurs,Kön,F1,Kommentar\nP1,K0,Man,Stämmer helt,\"Bra:\nlärarna, materialet, lokalen, tiderna, fikat.\nTack\"\nP1,K1,Man,Stämmer helt,\n".utf8))
        defer { try? FileManager.default.removeItem(atPath: comma) }
        let r = try readAll(comma)
        #expect(r.rejects.isEmpty, "\(r.rejects)")
        #expect(r.records.count == 2)
        let narrow = temporaryFile(Array("Kurs;Kön;F1;Kommentar\nK1;K;Ja;\"Bra; tydlig; rolig\nmen; för; kort; tack\nvar det\"\nK2;M;Ja;\n".utf8))
        defer { try? FileManager.default.removeItem(atPath: narrow) }
        let n = try readAll(narrow)
        #expect(n.rejects.isEmpty, "\(n.rejects)")
        #expect(n.records.count == 2)
    }

    /// Records straddling 64 KiB chunk boundaries (including a CRLF split
    /// between chunks) keep their fields and line numbers.
    @Test func chunkBoundariesDoNotSplitRecordsOrLines() throws {
        var text = "id,text,n\r\n"
        var expected: [(Int, String)] = []
        var line = 2
        for i in 0..<6000 {
            let body = i % 7 == 0 ? "\"multi\r\nline å \(i)\"" : "värde \(i) ö"
            text += "\(i),\(body),\(i * 3)\r\n"
            expected.append((line, i % 7 == 0 ? "multi\r\nline å \(i)" : "värde \(i) ö"))
            line += i % 7 == 0 ? 2 : 1
        }
        let r = try readAll(text: text)
        #expect(r.rejects.isEmpty)
        #expect(r.records.count == 6000)
        #expect(r.records.map(\.line) == expected.map(\.0))
        #expect(r.records.map { $0.fields[1] } == expected.map(\.1))
    }

    @Test func readingTwiceGivesTheSameCounts() throws {
        let reader = try TableReader(path: fixture("ragged_rows.csv"))
        for _ in 0..<2 {
            var n = 0
            try reader.forEachRecord({ _ in n += 1 }, onReject: { _ in })
            #expect(n == 2)
            #expect(reader.stats.records == 4)
        }
    }

    @Test func errorsFromTheBodyStopTheReading() throws {
        struct Stop: Error {}
        let reader = try TableReader(path: fixture("quoted_newlines.csv"))
        var seen = 0
        #expect(throws: Stop.self) {
            try reader.forEachRecord({ _ in seen += 1; throw Stop() }, onReject: { _ in })
        }
        #expect(seen == 1)
    }
}

@Suite struct StrayQuoteTests {
    /// Lenient libcsv: a quote inside an unquoted field is kept as text
    /// rather than failing the whole file.
    @Test func quoteInsideUnquotedFieldIsText() throws {
        let r = try readAll(fixture("stray_quote_in_unquoted_field.csv"))
        #expect(r.records.map { $0.fields[1] } == ["5\" skärm", "vanlig"])
        #expect(r.rejects.isEmpty)
    }

    @Test func errorsNameTheFileAndSayWhatToDo() {
        let e = ReadError.noHeader(file: "x.csv", line: 7)
        #expect(e.description.hasPrefix("x.csv:7:"))
        #expect(e.line == 7)
        #expect(ReadError.cannotOpen(file: "y.csv", reason: "No such file").description.contains("check the path"))
    }
}
