import Testing
import UtfallModel
@testable import UtfallAnalyze

@Suite struct SuppressionTests {
    private func spec(min: Int = 5) -> SurveySpec {
        SurveySpec(file: "s.csv", projectColumn: 0, courseColumn: 1,
                   items: [.init(id: "Q", text: "Q", column: 3, scale: Scale.builtIn["stammer5"]!)],
                   breakdowns: [.init(name: "gender", column: 2, mapping: .gender)], minCellSize: min)
    }

    /// Project P has courses A (6 women, 1 man), B (5 women, 5 men); project R has course C (5 women).
    private func run(_ spec: SurveySpec) -> SurveyResults {
        let agg = SurveyAggregator(spec: spec)
        var line = 1
        func add(_ p: String, _ c: String, _ g: String, _ n: Int) {
            for _ in 0..<n { line += 1; agg.add(Record(line: line, fields: [p, c, g, "Stämmer lagom"])) }
        }
        add("P", "A", "Kvinna", 6); add("P", "A", "Man", 1)
        add("P", "B", "K", 5); add("P", "B", "M", 5)
        add("R", "C", "kvinna", 5)
        return agg.results()
    }

    private func summary(_ r: SurveyResults, _ scope: CellKey.Scope, _ p: String = "", _ c: String = "", _ g: String = "") -> SummaryRow {
        r.summary.first { $0.cell.scope == scope && $0.cell.project == p && $0.cell.course == c && $0.cell.group == g }!
    }

    @Test func primarySuppressionHidesSmallGroups() {
        let r = run(spec())
        let menA = summary(r, .course, "P", "A", "men")
        #expect(menA.suppressed && menA.n == nil && menA.mean == nil)
        let womenC = summary(r, .course, "R", "C", "women")
        #expect(!womenC.suppressed && womenC.n == 5)
    }

    @Test func secondarySuppressionStopsRecoveryBySubtraction() {
        let r = run(spec())
        // Course A total is 7 and published; women 6 would reveal men = 1, so women is hidden too.
        #expect(!summary(r, .course, "P", "A").suppressed)
        #expect(summary(r, .course, "P", "A", "women").suppressed)
        // Project P men = 6 is published; course B men = 5 is published, so A men = 1 would follow:
        // one more course cell for men must go (B men, the only candidate).
        #expect(summary(r, .course, "P", "B", "men").suppressed)
        // …which in turn leaves B with one hidden group: B women goes as well.
        #expect(summary(r, .course, "P", "B", "women").suppressed)
        // No published total minus published parts ever gives a hidden cell.
        let all = r.summary
        for parent in all where !parent.suppressed {
            for axis in 0..<2 {
                let parts = all.filter { child in
                    axis == 0
                        ? child.cell.breakdown != "all" && child.cell.scope == parent.cell.scope && child.cell.project == parent.cell.project
                            && child.cell.course == parent.cell.course && parent.cell.breakdown == "all"
                        : child.cell.parent == parent.cell
                }
                #expect(parts.filter(\.suppressed).count != 1, "cell \(parent.cell) leaks one hidden part")
            }
        }
    }

    @Test func distributionRowsOfHiddenCellsCarryNoFigures() {
        let r = run(spec())
        let hidden = r.distribution.filter(\.suppressed)
        #expect(!hidden.isEmpty)
        #expect(hidden.allSatisfy { $0.count == nil && $0.share == nil && $0.n == nil })
    }

    @Test func minimumOfOneSuppressesNothing() {
        let r = run(spec(min: 1))
        #expect(r.summary.allSatisfy { !$0.suppressed })
    }

    @Test func responseRatesComeFromCounts() {
        var s = spec()
        s.minCellSize = 1
        let agg = SurveyAggregator(spec: s)
        for i in 0..<12 { agg.add(Record(line: i + 2, fields: ["P", i < 7 ? "A" : "B", "K", "Stämmer lite"])) }
        let loc = SourceLocation(file: "e.csv")
        let r = agg.results(enrollment: [Enrollment(project: "P", course: "A", enrolled: 14, location: loc),
                                         Enrollment(project: "P", course: "B", enrolled: 11, location: loc)])
        let all = r.responseRates.first { $0.cell.scope == .all }!
        #expect(all.responses == 12 && all.enrolled == 25 && all.rate == 12.0 / 25.0)
        let a = r.responseRates.first { $0.cell.course == "A" }!
        #expect(a.rate == 0.5)
    }
}
