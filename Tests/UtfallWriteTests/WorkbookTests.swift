import Foundation
import Testing
@testable import UtfallWrite
import UtfallAnalyze
import UtfallModel

@Suite struct WorkbookTests {
    @Test func sameInputsGiveByteIdenticalWorkbooks() throws {
        let dir = WriteFixtures.tempDir()
        try ReportWriter.writeWorkbook(WriteFixtures.bundle(), to: dir + "/a.xlsx")
        try ReportWriter.writeWorkbook(WriteFixtures.bundle(), to: dir + "/b.xlsx")
        let a = try Data(contentsOf: URL(fileURLWithPath: dir + "/a.xlsx"))
        let b = try Data(contentsOf: URL(fileURLWithPath: dir + "/b.xlsx"))
        #expect(a.count > 1000)
        #expect(a == b)
    }

    /// Past Excel's last row the cause is the data (a column of ids taken
    /// for the course), not the disk: its own error, which the run turns
    /// into exit 65 with advice, instead of "check free space" and 73.
    @Test func aSheetPastExcelsLastRowIsTooLarge() throws {
        let book = try Workbook(path: WriteFixtures.tempDir() + "/big.xlsx")
        let sheet = try book.addSheet("S")
        try sheet.number(1_048_575, 0, 1)
        #expect(throws: WorkbookError.self) { try sheet.number(1_048_576, 0, 1) }
        do { try sheet.number(1_048_576, 0, 1) } catch {
            guard case .tooLarge = error else { Issue.record("\(error)"); return }
            #expect(error.description.contains("1 048 576 rows") && error.description.contains("course:"))
        }
    }

    @Test func documentDateComesFromTheDataDate() throws {
        let dir = WriteFixtures.tempDir()
        try ReportWriter.writeWorkbook(WriteFixtures.bundle(), to: dir + "/a.xlsx")
        let core = try WriteFixtures.part(dir + "/a.xlsx", "docProps/core.xml")
        #expect(core.contains("2024-04-12T00:00:00Z"))
    }

    /// libxlsxwriter reads a creation time of 0 as "now": a data date of
    /// 1970-01-01 (or none before 1980) must not put the clock in the file.
    @Test func aDataDateBeforeTheZipEpochGivesTheZipEpochNotTheClock() throws {
        let dir = WriteFixtures.tempDir()
        for (i, date) in [CalendarDate(year: 1970, month: 1, day: 1), CalendarDate(year: 1975, month: 6, day: 1)].enumerated() {
            var b = WriteFixtures.bundle()
            b.meta.dataDate = date
            try ReportWriter.writeWorkbook(b, to: dir + "/\(i).xlsx")
            let core = try WriteFixtures.part(dir + "/\(i).xlsx", "docProps/core.xml")
            #expect(core.contains("1980-01-01T00:00:00Z"))
        }
    }

    @Test func sheetsAreNamedInSwedishByDefaultAndEnglishOnRequest() throws {
        let dir = WriteFixtures.tempDir()
        try ReportWriter.writeWorkbook(WriteFixtures.bundle(), to: dir + "/sv.xlsx")
        try ReportWriter.writeWorkbook(WriteFixtures.bundle(language: .en), to: dir + "/en.xlsx")
        let sv = try WriteFixtures.part(dir + "/sv.xlsx", "xl/workbook.xml")
        let en = try WriteFixtures.part(dir + "/en.xlsx", "xl/workbook.xml")
        for name in ["Översikt", "Likert", "Datakvalitet", "Om"] { #expect(sv.contains("name=\"\(name)\"")) }
        for name in ["Overview", "Likert", "Data quality", "About"] { #expect(en.contains("name=\"\(name)\"")) }
    }

    @Test func likertSheetHoldsSharesCountsAndAStackedPercentChart() throws {
        let dir = WriteFixtures.tempDir()
        let path = dir + "/a.xlsx"
        try ReportWriter.writeWorkbook(WriteFixtures.bundle(), to: path)
        let sheet = try WriteFixtures.part(path, "xl/worksheets/sheet2.xml")
        // Whole survey: n = 1+2+…+6 = 21 answers; frozen header and autofilter.
        #expect(sheet.contains("<v>21</v>"))
        #expect(sheet.contains("<pane ySplit=\"1\""))
        #expect(sheet.contains("<autoFilter"))
        let charts = try WriteFixtures.parts(path).filter { $0.hasPrefix("xl/charts/chart") }
        #expect(!charts.isEmpty)
        let chart = try WriteFixtures.part(path, charts[0])
        #expect(chart.contains("<c:grouping val=\"percentStacked\"/>"))
        // Series refer to cells of the Likert sheet, not to pasted numbers.
        #expect(chart.contains("Likert!$G$2"))
        #expect(chart.contains("CA0020"))  // most negative level in red
    }

    @Test func sheetNamesAreLegalUniqueAndShort() {
        var names = SheetNames()
        #expect(names.claim("Kurs: Svenska [A]/B?") == "Kurs_ Svenska _A__B_")
        #expect(names.claim("kurs_ svenska _a__b_") == "kurs_ svenska _a__b_ (2)")
        let long = names.claim(String(repeating: "x", count: 40))
        #expect(long.count == 31)
        #expect(names.claim(String(repeating: "x", count: 40)) == String(repeating: "x", count: 27) + " (2)")
        #expect(names.claim("'History'") == "Sheet_")
        // The cut comes before the apostrophes are trimmed, so none is left at the end.
        #expect(names.claim("Likert 2 (abcdefghijklmnopqrst'xyz)") == "Likert 2 (abcdefghijklmnopqrst")
        // Excel counts UTF-16 units: an emoji is two, and a character is never split.
        let emoji = names.claim("Likert 3 (" + String(repeating: "😀", count: 21))
        #expect(emoji.utf16.count <= 31 && emoji.hasSuffix("😀"))
        // Decomposed å (a + ring, as macOS writes it) is one character, composed.
        let nfd = names.claim("Likert 4 (" + String(repeating: "a\u{30A}", count: 30))
        #expect(nfd.unicodeScalars.count == 31 && nfd.hasSuffix("å"))
        #expect(names.claim("Å") == "Å" && names.claim("å") == "å (2)")
        #expect(names.claim("Kurs\u{0B}ett\u{FFFF}") == "Kursett")
    }

    /// The sized formats (`2 048`, `1 242 434 kr`) spend both conditions a
    /// format may have on sizes and would drop a minus sign: a negative value
    /// takes a format that keeps it.
    @Test func negativeNumbersKeepTheirSign() throws {
        let path = WriteFixtures.tempDir() + "/signs.xlsx"
        let book = try Workbook(path: path)
        let sheet = try book.addSheet("Tal")
        try sheet.number(0, 0, 2048, .integer)
        try sheet.number(1, 0, -24, .integer)
        try sheet.number(2, 0, -1_242_434, .kronor)
        try sheet.figure(3, 0, -7, .integer)
        try book.close()
        let styles = try WriteFixtures.part(path, "xl/styles.xml")
        #expect(styles.contains("formatCode=\"0;-0\""))
        #expect(styles.contains("formatCode=\"# ### ##0&quot; kr&quot;;-# ### ##0&quot; kr&quot;\""))
        #expect(CellStyle.decimal2.sized(for: -3) == .decimal2)
        let xml = try WriteFixtures.part(path, "xl/worksheets/sheet1.xml")
        // 2048 and -24 are in different styles; -24 and -7 share one.
        func style(_ ref: String) -> String? {
            guard let r = xml.range(of: "<c r=\"\(ref)\" s=\"") else { return nil }
            return String(xml[r.upperBound...].prefix { $0 != "\"" })
        }
        #expect(style("A1") != style("A2") && style("A2") == style("A4") && style("A3") != nil)
    }

    @Test func textForTheWorkbookHasNoCharactersXMLForbids() {
        #expect(CellText.forWorkbook("a\u{01}b\u{0B}c\u{FFFE}d\u{FFFF}e\tf\ng") == "abcde\tf\ng")
        #expect(CellText.forWorkbook("Stämmer 😀") == "Stämmer 😀")
    }

    @Test func divergingColoursRunFromRedToBlue() {
        for k in 2...9 {
            let c = ReportWorkbook.divergingColors(k)
            #expect(c.count == k)
            #expect(c.first! >> 16 > c.first! & 0xFF)  // reddish first
            #expect(c.last! & 0xFF > c.last! >> 16)    // bluish last
        }
    }
}

@Suite struct ReverseCodedWorkbookTests {
    /// A reverse-coded item's level 1 is "Stämmer mycket väl"; its shares must
    /// stand under headers that say so, not under the scale's own order.
    @Test func reverseCodedItemsGetTheirOwnCorrectlyHeadedTable() throws {
        let scale = Scale.builtIn["stammer5"]!
        let spec = SurveySpec(file: "s.csv", items: [
            .init(id: "nojd", text: "Jag är nöjd.", column: 0, scale: scale),
            .init(id: "svar", text: "Kursen var svår.", column: 1, scale: scale, reversed: true),
        ], minCellSize: 1)
        let agg = SurveyAggregator(spec: spec)
        // Three find the course very hard ("Stämmer mycket väl"), one not at all.
        for (i, answer) in ["Stämmer mycket väl", "Stämmer mycket väl", "Stämmer mycket väl", "Stämmer inte alls"].enumerated() {
            agg.add(Record(line: i + 2, fields: ["Stämmer lagom", answer]))
        }
        var bundle = WriteFixtures.bundle()
        bundle.survey = agg.results()
        let dir = WriteFixtures.tempDir()
        try ReportWriter.writeWorkbook(bundle, to: dir + "/r.xlsx")
        let book = try WriteFixtures.part(dir + "/r.xlsx", "xl/workbook.xml")
        #expect(book.contains("name=\"Likert 2 (Stämmer mycket väl…)\""))
        let sheet = try WriteFixtures.part(dir + "/r.xlsx", "xl/worksheets/sheet3.xml")
        // G1 is the first level's header; G2 its share: 3 of 4 said "Stämmer mycket väl".
        #expect(sheet.range(of: #"<c r="G1"[^>]*><is><t>Stämmer mycket väl</t>"#, options: .regularExpression) != nil)
        #expect(sheet.range(of: #"<c r="G2"[^>]*><v>0.75</v>"#, options: .regularExpression) != nil)
        #expect(sheet.range(of: #"<c r="K2"[^>]*><v>0.25</v>"#, options: .regularExpression) != nil)
        #expect(sheet.contains("Kursen var svår. (omvänd skala)"))
    }

    /// With the reverse-coded item first, the note went to the plain items
    /// (told from which table came first) and not to the reversed one.
    @Test func theNoteFollowsTheItemNotTheTableOrder() throws {
        let scale = Scale.builtIn["stammer5"]!
        let spec = SurveySpec(file: "s.csv", items: [
            .init(id: "svar", text: "Kursen var svår.", column: 0, scale: scale, reversed: true),
            .init(id: "nojd", text: "Jag är nöjd.", column: 1, scale: scale),
        ], minCellSize: 1)
        let agg = SurveyAggregator(spec: spec)
        agg.add(Record(line: 2, fields: ["Stämmer mycket väl", "Stämmer lagom"]))
        var bundle = WriteFixtures.bundle()
        bundle.survey = agg.results()
        let dir = WriteFixtures.tempDir()
        try ReportWriter.writeWorkbook(bundle, to: dir + "/r.xlsx")
        let sheets = try (2...3).map { try WriteFixtures.part(dir + "/r.xlsx", "xl/worksheets/sheet\($0).xml") }.joined()
        #expect(sheets.contains("Kursen var svår. (omvänd skala)"))
        #expect(sheets.contains("Jag är nöjd.<") && !sheets.contains("Jag är nöjd. (omvänd skala)"))
    }
}

@Suite struct OverviewTests {
    /// A suppressed whole-survey response rate reads `..` on the overview,
    /// like a suppressed indicator; its line was left out, as if there were none.
    @Test func aSuppressedRateReadsTwoDots() throws {
        let spec = SurveySpec(file: "s.csv", courseColumn: 0,
                              items: [.init(id: "nojd", text: "Jag är nöjd.", column: 1, scale: Scale.builtIn["stammer5"]!)], minCellSize: 5)
        let agg = SurveyAggregator(spec: spec)
        for i in 0..<2 { agg.add(Record(line: i + 2, fields: ["K1", "Stämmer lagom"])) }
        var bundle = WriteFixtures.bundle()
        bundle.survey = agg.results(enrollment: [Enrollment(project: "", course: "K1", enrolled: 10, location: SourceLocation(file: "e.csv", line: 2))])
        let path = WriteFixtures.tempDir() + "/r.xlsx"
        try ReportWriter.writeWorkbook(bundle, to: path)
        let overview = try WriteFixtures.part(path, "xl/worksheets/sheet1.xml")
        #expect(overview.range(of: #"<t>Svarsfrekvens</t></is></c><c r="B[0-9]+"[^>]*><is><t>\.\.</t>"#, options: .regularExpression) != nil, "\(overview)")
    }
}

