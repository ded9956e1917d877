import Foundation
import Testing
@testable import UtfallWrite

@Suite struct InjectionTests {
    @Test func formulaLikeTextIsPrefixedInCSV() {
        for s in WriteFixtures.hostile { #expect(CellText.forCSV(s) == "'" + s) }
        #expect(CellText.forCSV("Samhällsinformation") == "Samhällsinformation")
        #expect(CellText.forCSV("") == "")
    }

    /// A NUL or vertical tab from an export reached the published CSVs byte
    /// for byte (the workbook dropped them). They are dropped there too, and
    /// a formula behind one is still caught.
    @Test func controlCharactersAreDroppedFromCSVText() {
        #expect(CellText.forCSV("gN\u{0}UL") == "gNUL")
        #expect(CellText.forCSV("gV\u{0B}T") == "gVT")
        #expect(CellText.forCSV("\u{0}=1+1") == "'=1+1")
        #expect(CellText.forCSV("rad ett\r\nrad\ttvå") == "rad ett\r\nrad\ttvå")
    }

    @Test func csvOutputsNeutraliseEveryHostileCourseName() throws {
        let dir = WriteFixtures.tempDir()
        _ = try ReportWriter.writeCSVs(WriteFixtures.bundle(), into: dir)
        let csv = try String(contentsOfFile: dir + "/likert_distribution.csv", encoding: .utf8)
        // Course names are trimmed on reading, so "\t=1+1" arrives as "=1+1".
        for raw in WriteFixtures.hostile {
            let s = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            let quoted = s.contains("\"") ? "\"'" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : "'" + s
            #expect(csv.contains("," + quoted + ","), "\(s.debugDescription) not neutralised")
        }
        #expect(csv.contains(",'=Påstående 1,"))
        // Numbers written by utfall are never prefixed.
        #expect(!csv.contains(",'0."))
    }

    /// Opened in Swedish Excel (split at `;`) or LibreOffice with `;` and
    /// TAB ticked, an unquoted `Kurs;=1+1` became a formula cell behind a
    /// harmless first character.
    @Test func fieldsHoldingSemicolonsOrTabsAreQuoted() {
        #expect(CSVFile.encoded("Kurs;=1+1") == Array("\"Kurs;=1+1\"".utf8))
        #expect(CSVFile.encoded("Kurs\t=1+1") == Array("\"Kurs\t=1+1\"".utf8))
        #expect(CSVFile.encoded("Kurs 1") == Array("Kurs 1".utf8))
    }

    @Test func workbookWritesHostileTextAsStringsNeverFormulas() throws {
        let dir = WriteFixtures.tempDir()
        let path = dir + "/t.xlsx"
        try ReportWriter.writeWorkbook(WriteFixtures.bundle(), to: path)
        for part in try WriteFixtures.parts(path) where part.hasPrefix("xl/worksheets/sheet") {
            let xml = try WriteFixtures.part(path, part)
            #expect(!xml.contains("<f>"), "\(part) holds a formula")
        }
        let likert = try WriteFixtures.part(path, "xl/worksheets/sheet2.xml")
        #expect(likert.contains("=HYPERLINK(&quot;http://x&quot;,&quot;klick&quot;)") || likert.contains("=HYPERLINK(\"http://x\",\"klick\")"))
        #expect(likert.contains("+SUM(1)"))
        #expect(likert.contains("@cmd"))
    }
}

@Suite struct LongTextTests {
    @Test func textLongerThanACellHoldsIsCutWithAMark() {
        let long = String(repeating: "Stämmer ", count: 10_000)
        let cut = CellText.fitting(long)
        #expect(cut.utf16.count <= CellText.maxCellCharacters)
        #expect(cut.hasSuffix(" […]"))
        #expect(CellText.fitting("kort") == "kort")
    }
}
