import Foundation
import Testing
import UtfallAnalyze
import UtfallModel
@testable import UtfallWrite

/// The Likert charts: one per scope that has figures to draw, bars in the
/// table's order, tall enough for every label; the overview says which
/// scopes have none.
@Suite struct ChartTests {
    /// `courses` courses of one project; course i has `answers(i)` answers
    /// to each of `items` yes/no statements.
    static func survey(courses: Int, items: Int = 1, minCellSize: Int = 1, answers: (Int) -> Int = { _ in 3 }) -> SurveyResults {
        let scale = Scale.builtIn["ja_nej"]!
        let spec = SurveySpec(file: "s.csv", projectColumn: 0, courseColumn: 1,
                              items: (0..<items).map { .init(id: "q\($0)", text: "Påstående \($0 + 1)", column: 2 + $0, scale: scale) },
                              minCellSize: minCellSize)
        let agg = SurveyAggregator(spec: spec)
        var line = 2
        for c in 0..<courses {
            for a in 0..<answers(c) {
                agg.add(Record(line: line, fields: ["Insats", "Kurs \(c + 1)"] + (0..<items).map { ($0 + a) % 2 == 0 ? "Ja" : "Nej" }))
                line += 1
            }
        }
        return agg.results()
    }

    func write(_ survey: SurveyResults) throws -> String {
        var b = WriteFixtures.bundle()
        b.survey = survey
        let path = WriteFixtures.tempDir() + "/c.xlsx"
        try ReportWriter.writeWorkbook(b, to: path)
        return path
    }

    func charts(_ path: String) throws -> [String] {
        try WriteFixtures.parts(path).filter { $0.hasPrefix("xl/charts/chart") }
    }

    /// A scope whose every bar is suppressed would be drawn as an empty grid.
    @Test func aScopeWithEveryFigureSuppressedHasNoChart() throws {
        // Two courses of 6 answers and one of 2, published from 5.
        let s = Self.survey(courses: 3, minCellSize: 5) { $0 == 2 ? 2 : 6 }
        let scopes = s.likert.cells.indices.filter { s.likert.cells[$0].breakdown == "all" }
        let drawable = scopes.filter { ci in !s.likert.summary(item: 0, cell: ci).suppressed }
        #expect(drawable.count < scopes.count && !drawable.isEmpty)
        let path = try write(s)
        #expect(try charts(path).count == drawable.count)
        let overview = try WriteFixtures.part(path, "xl/worksheets/sheet1.xml")
        #expect(overview.contains("Bladet ”Likert”: \(scopes.count - drawable.count) av \(scopes.count) nivåer har inget diagram, eftersom alla deras värden är undertryckta."))
    }

    /// A bar chart draws its first category at the bottom; reversed, the
    /// statements run top down as in the table, the percent axis below them.
    @Test func barsRunInTheTablesOrder() throws {
        let chart = try WriteFixtures.part(try write(Self.survey(courses: 1, items: 3)), "xl/charts/chart1.xml")
        let cat = try #require(chart.firstMatch(of: /<c:catAx>.*?<\/c:catAx>/.dotMatchesNewlines()))
        #expect(cat.output.contains(#"<c:orientation val="maxMin"/>"#))
        let val = try #require(chart.firstMatch(of: /<c:valAx>.*?<\/c:valAx>/.dotMatchesNewlines()))
        #expect(val.output.contains(#"<c:crosses val="max"/>"#))
    }

    /// Fourteen statements in a chart of the default height lost every
    /// other label; the chart grows with its bars, and the next one starts below it.
    @Test func chartsGrowWithTheirCategories() throws {
        let drawing = try WriteFixtures.part(try write(Self.survey(courses: 1, items: 14)), "xl/drawings/drawing1.xml")
        let rows = drawing.matches(of: /<xdr:row>([0-9]+)<\/xdr:row>/).map { Int($0.output.1)! }
        // from, to of each chart: whole survey, project, course.
        #expect(rows.count == 6)
        #expect(rows[1] - rows[0] >= Worksheet.rows(covering: 150 + 36 * 14) - 1)
        #expect(rows[2] > rows[1] && rows[4] > rows[3])
        let small = try WriteFixtures.part(try write(Self.survey(courses: 1, items: 3)), "xl/drawings/drawing1.xml")
        let smallRows = small.matches(of: /<xdr:row>([0-9]+)<\/xdr:row>/).map { Int($0.output.1)! }
        #expect(rows[1] - rows[0] > smallRows[1] - smallRows[0])
    }

    /// Past 60 charts a sheet gets no more; the overview says how many
    /// scopes were left without one, and why.
    @Test func scopesPastTheChartCapAreNamedOnTheOverview() throws {
        // 62 courses + the project + the whole survey: 64 scopes.
        let path = try write(Self.survey(courses: 62))
        #expect(try charts(path).count == ReportWorkbook.maxChartsPerSheet)
        let overview = try WriteFixtures.part(path, "xl/worksheets/sheet1.xml")
        #expect(overview.contains("Bladet ”Likert”: 4 av 64 nivåer har inget diagram, eftersom ett blad har högst 60 diagram; tabellen har dem alla."))
        let few = try WriteFixtures.part(try write(Self.survey(courses: 3)), "xl/worksheets/sheet1.xml")
        #expect(!few.contains("inget diagram"))
    }
}
