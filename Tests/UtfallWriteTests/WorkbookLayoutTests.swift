import Foundation
import Testing
import UtfallAnalyze
import UtfallModel
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
        #expect(followUp.value("F1") == "Total kostnad" && followUp.alignment("F1") == "centerContinuous")
        #expect(followUp.alignment("G1") == "centerContinuous" && followUp.alignment("H1") == "centerContinuous")
        for ref in ["F2", "G2", "H2"] { #expect(followUp.alignment(ref) == "right", "\(ref)") }
        let reconciliation = try WriteFixtures.SheetProbe(try write(WriteFixtures.followUpBundle()), sheet: 3)
        for ref in ["F1", "G1", "H1"] { #expect(reconciliation.alignment(ref) == "right", "\(ref)") }
        #expect(reconciliation.alignment("A1") == nil)
    }

    /// The overview counts a project index's entries (lines), which are not
    /// projects: an index may list one project twice.
    @Test func portfolioOverviewCountsIndexEntries() throws {
        let path = try write(WriteFixtures.portfolioBundle())
        let sheet = try WriteFixtures.part(path, "xl/worksheets/sheet1.xml")
        #expect(sheet.contains("<t>Poster i index</t>"))
        #expect(!sheet.contains("<t>Projekt</t>"))
        var en = WriteFixtures.portfolioBundle()
        en.meta.language = .en
        #expect(try WriteFixtures.part(try write(en), "xl/worksheets/sheet1.xml").contains("<t>Index entries</t>"))
    }

    /// A dimension is named on the sheet as the index's column is
    /// (`Kommun`), not by the pipeline's key (`municipality`); a dimension
    /// without a known column keeps its key.
    @Test func portfolioDimensionsAreShownUnderTheirColumnHeadings() throws {
        var b = WriteFixtures.portfolioBundle()
        b.portfolio?.dimensionTitles = ["municipality": "Kommun"]
        let sheet = try WriteFixtures.SheetProbe(try write(b), sheet: 2)
        let column = (2...5).compactMap { sheet.value("A\($0)") }
        #expect(column.contains("Kommun") && column.contains("funding") && !column.contains("municipality"), "\(column)")
        #expect(sheet.value("A7") == "Kommun × funding" && sheet.value("A8") == "Kommun")

        // Entries without a value are the CSV's `missing`, in words on the sheet.
        var m = WriteFixtures.portfolioBundle()
        let entries = [PortfolioEntry(values: ["funding": "ESF", "municipality": ""], location: SourceLocation(file: "i.csv", line: 2))]
        m.portfolio = Portfolio.summarize(entries: entries, dimensions: ["funding", "municipality"], cross: [("municipality", "funding")], reported: [])
        let missing = try WriteFixtures.SheetProbe(try write(m), sheet: 2)
        #expect(missing.value("B3") == "Uppgift saknas" && missing.value("A7") == "Uppgift saknas", "\(missing.sheet)")
        #expect(!missing.sheet.contains("<t>missing</t>"))
    }

    /// A hidden figure is marked `..`, Statistics Sweden's "not given": its
    /// `–` means zero, and a reader trained on official tables would take a
    /// suppressed small course for an empty one. The note says what `..` is.
    @Test func suppressedFiguresAreMarkedAsNotGivenNotAsZero() throws {
        var b = WriteFixtures.bundle()
        b.survey = ChartTests.survey(courses: 3, minCellSize: 5) { $0 == 2 ? 2 : 6 }
        b.meta.minCellSize = 5
        let likert = try WriteFixtures.part(try write(b), "xl/worksheets/sheet2.xml")
        #expect(likert.contains("<t>..</t>") && !likert.contains("<t>–</t>"))
        #expect(likert.contains("<t>.. = undertryckt: färre än 5 svar"))
    }

    /// A portfolio's printed counts are per dimension and value: the value
    /// column of its reconciliation sheet was headed "Kön".
    @Test func portfolioReconciliationHeadsItsValueColumnAsValues() throws {
        var b = WriteFixtures.portfolioBundle()
        let entries = (0..<3).map { PortfolioEntry(values: ["funding": "ESF", "municipality": "Linköping"], location: SourceLocation(file: "i.csv", line: $0 + 2)) }
        b.portfolio = Portfolio.summarize(entries: entries, dimensions: ["funding", "municipality"], cross: [],
                                          reported: [ReportedCount(source: "r.csv", dimension: "funding", value: "ESF", count: 4, location: SourceLocation(file: "r.csv", line: 2))])
        let path = try write(b)
        let names = try WriteFixtures.parts(path).filter { $0.hasPrefix("xl/worksheets/sheet") }.sorted()
        let sheets = try names.map { try WriteFixtures.part(path, $0) }
        let reconciliation = try #require(sheets.first { $0.contains("<t>Mismatch</t>") || $0.contains("<t>mismatch</t>") || $0.contains("<t>Status</t>") })
        #expect(reconciliation.contains("<t>Värde</t>") && !reconciliation.contains("<t>Kön</t>"))
    }

    /// Rows read of a survey and its enrollment together (277) beside 259
    /// respondents and 0 rejected did not add up: the overview gives each
    /// input's rows read, accepted and rejected on its own line.
    @Test func overviewRowCountsAddUpPerInput() throws {
        var b = WriteFixtures.bundle()
        b.quality = DataQuality(inputs: [.init(role: "survey", path: "/x/s.csv", format: "utf-8", read: 23, accepted: 21, rejected: 2),
                                         .init(role: "enrollment", path: "/x/e.csv", format: "utf-8", read: 6, accepted: 6, rejected: 0)])
        let sheet = try WriteFixtures.SheetProbe(try write(b), sheet: 1)
        // The sums over both inputs appear nowhere.
        #expect(!sheet.sheet.contains("<v>29</v>") && !sheet.sheet.contains("<v>27</v>"))
        var rows: [[String]] = []
        for r in 1...40 {
            let cells = ["A", "B", "C", "D", "E"].map { sheet.value("\($0)\(r)") ?? "" }
            if cells[0] == "Enkät" || cells[0] == "Inskrivna" { rows.append(cells) }
        }
        #expect(rows == [["Enkät", "s.csv", "23", "21", "2"], ["Inskrivna", "e.csv", "6", "6", "0"]])
        for row in rows { #expect(Int(row[2])! == Int(row[3])! + Int(row[4])!) }
    }

    /// A long table printed over several pages repeats its heading on each;
    /// a sheet of several tables (data quality, portfolio) does not, as
    /// the first table's heading would stand over another table.
    @Test func tableHeadingsRepeatOnEveryPrintedPage() throws {
        let survey = try WriteFixtures.part(try write(WriteFixtures.bundle()), "xl/workbook.xml")
        #expect(survey.contains(#"<definedName name="_xlnm.Print_Titles" localSheetId="1">Likert!$1:$1</definedName>"#))
        // The Likert table is printed without the charts beside it, which
        // scaled to one page's width with it left its text too small to read.
        #expect(survey.contains(#"<definedName name="_xlnm.Print_Area" localSheetId="1">Likert!$A$1:$R$"#), "\(survey)")
        #expect(!survey.contains("Datakvalitet!$1:$1"))
        let followUp = try WriteFixtures.part(try write(WriteFixtures.followUpBundle()), "xl/workbook.xml")
        // Two heading rows: the measure, then planned/actual/deviation; and
        // the project, repeated on each page across (the table is three
        // columns per measure, too wide to print on one page's width).
        #expect(followUp.contains(#"localSheetId="1">'Planerat och faktiskt'!$A:$A,'Planerat och faktiskt'!$1:$2</definedName>"#))
        let table = try WriteFixtures.part(try write(WriteFixtures.followUpBundle()), "xl/worksheets/sheet2.xml")
        #expect(!table.contains("fitToPage") && table.contains(#"<pane xSplit="1" ySplit="2""#), "\(table.prefix(1500))")
        #expect(try WriteFixtures.part(try write(WriteFixtures.bundle()), "xl/worksheets/sheet2.xml").contains("fitToPage"))
        #expect(followUp.contains(#"localSheetId="2">'Avstämning'!$1:$1</definedName>"#))
        let portfolio = try WriteFixtures.part(try write(WriteFixtures.portfolioBundle()), "xl/workbook.xml")
        #expect(!portfolio.contains("Print_Titles"))
    }
}

@Suite struct LabelTests {
    /// The workbook speaks one language: the CSV's English note on a
    /// portfolio total checked against its printed parts, and the top-box
    /// heading of a yes/no item, are said in Swedish there.
    @Test func sheetsSayInSwedishWhatTheCSVSaysInEnglish() {
        let sv = Labels(language: .sv), en = Labels(language: .en)
        func row(partsChecked: Bool) -> ReconciliationRow {
            var r = ReconciliationRow(source: "r.csv", project: "all", measure: "outcome", gender: "Totalt", basis: nil,
                                      reported: 40, computed: 41, tolerance: Decimal(string: "0.5")!, location: nil)
            r.checkedAgainstPrintedParts = partsChecked
            return r
        }
        #expect(sv.source(row(partsChecked: true)) == "r.csv (summan av de tryckta antalen för outcome)")
        #expect(en.source(row(partsChecked: true)) == "r.csv (sum of the printed outcome counts)")
        #expect(sv.source(row(partsChecked: false)) == "r.csv")
        #expect(sv.topBox(2) == "Andel topp-2" && sv.topBox(1) == "Andel högsta nivån" && sv.topBox(3) == "Andel topp-3")
        #expect(sv.group("age_group", "25–34", qualified: true, titles: ["age_group": "Åldersgrupp"]) == "Åldersgrupp: 25–34")
        #expect(sv.group("age_group", "25–34", qualified: true) == "age_group: 25–34")
        #expect(sv.group("age_group", SurveyAggregator.smallGroups, qualified: true, titles: ["age_group": "Åldersgrupp"]) == "Åldersgrupp: Övriga (små grupper)")
    }
}
