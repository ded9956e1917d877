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
