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
