import Testing
import UtfallModel
@testable import UtfallAnalyze

@Suite struct IndicatorTests {
    /// Five areas A–E with two yes/no items each; met when yes in at least two areas.
    private func spec() -> SurveySpec {
        let yn = Scale.builtIn["ja_nej"]!
        let items = (0..<10).map { SurveySpec.Item(id: "I\($0)", text: "I\($0)", column: $0, scale: yn) }
        let names = ["A", "B", "C", "D", "E"]
        var areas: [(name: String, items: [Int])] = []
        for (i, name) in names.enumerated() { areas.append((name: name, items: [2 * i, 2 * i + 1])) }
        return SurveySpec(file: "p.csv", items: items,
                          indicators: [.init(id: "amif_pi4", label: "AMIF 4", areas: areas, minAreas: 2)], minCellSize: 1)
    }

    @Test func atLeastTwoAreasCountsRespondentsNotAnswers() {
        let agg = SurveyAggregator(spec: spec())
        let rows: [[String]] = [
            ["Ja", "Ja", "", "", "", "", "", "", "", ""],          // two yes, one area: not met
            ["Ja", "", "Nej", "Ja", "", "", "", "", "", ""],       // areas A and B: met
            ["Nej", "Nej", "Nej", "Nej", "Nej", "Nej", "Nej", "Nej", "Nej", "Nej"],  // answered, not met
            ["", "", "", "", "", "", "", "", "", ""],              // answered nothing: not in n
            ["Ja", "", "", "", "", "", "", "", "Ja", "Ja"],        // A and E: met
        ]
        for (i, r) in rows.enumerated() { agg.add(Record(line: i + 2, fields: r)) }
        let row = agg.results().indicators[0]
        #expect(row.n == 4 && row.met == 2 && row.share == 0.5)
    }

    /// Six answered in one course, and in another one person who skipped
    /// every area: at min 5, "n = 0" would publish that one's skipping.
    /// The small course is hidden, and so, to keep it from the whole
    /// survey's figure, is the other course (the one sum they share).
    @Test func aGroupOfFewWhoAnsweredNothingIsSuppressed() {
        var s = spec()
        s.items = s.items.map { var i = $0; i.column += 1; return i }
        s.courseColumn = 0
        s.minCellSize = 5
        let agg = SurveyAggregator(spec: s)
        for line in 2...7 { agg.add(Record(line: line, fields: ["K1", "Ja", "", "Ja"] + Array(repeating: "", count: 7))) }
        agg.add(Record(line: 8, fields: ["K2"] + Array(repeating: "", count: 10)))
        let rows = agg.results().indicators
        let k2 = rows.first { $0.cell.course == "K2" }
        #expect(k2?.suppressed == true && k2?.n == nil)
        #expect(rows.first { $0.cell.course == "K1" }?.suppressed == true)
        let all = rows.first { $0.cell.scope == .all }
        #expect(all?.n == 6 && all?.met == 6 && all?.suppressed == false)
    }

    @Test func blankMeansNoForCheckboxQuestions() {
        var s = spec()
        s.indicators[0].blankMeansNo = true
        let agg = SurveyAggregator(spec: s)
        agg.add(Record(line: 2, fields: Array(repeating: "", count: 10)))
        agg.add(Record(line: 3, fields: ["Ja", "", "Ja", "", "", "", "", "", "", ""]))
        let row = agg.results().indicators[0]
        #expect(row.n == 2 && row.met == 1)
    }
}
