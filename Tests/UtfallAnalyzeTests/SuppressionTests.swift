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

    /// Results with response rates: `respondents` per (project, course),
    /// each a woman answering "Stämmer lite"; `enrolled` per (project, course).
    private func rates(_ respondents: [(String, String, Int)], enrolled: [(String, String, Int)], min: Int = 5) -> SurveyResults {
        let agg = SurveyAggregator(spec: spec(min: min))
        var line = 1
        for (p, c, n) in respondents {
            for _ in 0..<n { line += 1; agg.add(Record(line: line, fields: [p, c, "Kvinna", "Stämmer lite"])) }
        }
        let loc = SourceLocation(file: "e.csv")
        return agg.results(enrollment: enrolled.map { Enrollment(project: $0.0, course: $0.1, enrolled: $0.2, location: loc) })
    }

    /// A hidden total whose parts are all published (here P1 = K12 + K14,
    /// K11 having no enrollment) is as good as published: it cannot protect
    /// K21 in the whole survey's sum, 13 − 12 = 1.
    @Test func aHiddenTotalThatFollowsFromItsPartsProtectsNothing() {
        let r = rates([("P1", "K11", 3), ("P1", "K12", 6), ("P1", "K14", 6), ("P2", "K21", 1), ("P2", "K22", 1)],
                      enrolled: [("P1", "K12", 26), ("P1", "K14", 8), ("P2", "K21", 28)], min: 3)
        func row(_ scope: CellKey.Scope, _ p: String = "", _ c: String = "") -> ResponseRateRow? {
            r.responseRates.first { $0.cell.scope == scope && $0.cell.project == p && $0.cell.course == c }
        }
        #expect(row(.course, "P1", "K12")?.responses == 6 && row(.course, "P1", "K14")?.responses == 6)
        #expect(row(.course, "P2", "K21")?.suppressed == true)
        // With the whole survey published, K21 = all − P1 = all − (K12 + K14).
        #expect(row(.all)?.responses == nil)
    }

    /// A course typed "Kurs 1", "kurs 1" and "Kurs␣1" (a no-break space) is
    /// one course, shown as first spelled; the enrollment's spelling finds
    /// it; the run says which names were taken as one. Apart, "kurs 1" was
    /// a second course of 1 and the enrollment matched neither.
    @Test func namesThatDifferOnlyInCaseOrSpacingAreOneCourse() {
        let r = rates([("A", "Kurs 1", 6), ("a", "kurs 1", 2), ("A", "Kurs\u{00A0}1", 1), ("A", "Kurs  2", 5)],
                      enrolled: [("A ", "KURS 1", 20), ("A", "Kurs 2", 10), ("A", "Kurs 3", 4)], min: 1)
        let courses = r.responseRates.filter { $0.cell.scope == .course }
        #expect(courses.map(\.cell.course) == ["Kurs 1", "Kurs  2", "Kurs 3"])
        #expect(courses.map(\.responses) == [9, 5, 0])
        #expect(courses.map(\.enrolled) == [20, 10, 4])
        #expect(r.responseRates.first { $0.cell.scope == .all }?.responses == 14)
        let merged = r.diagnostics.items.filter { $0.kind == "names_merged" }.map(\.message)
        #expect(merged.count == 2, "\(merged)")
        #expect(merged.contains { $0.contains("'Kurs 1', 'kurs 1', 'Kurs\\u{A0}1'") }, "\(merged)")
        #expect(merged.contains { $0.contains("project names 'A', 'a'") }, "\(merged)")
        #expect(r.diagnostics.items.contains { $0.kind == "enrollment_without_answers" && $0.message.contains("'Kurs 3'") })
        #expect(!r.diagnostics.items.contains { $0.kind == "enrollment_missing" })
        // A course without answers listed twice in two spellings is listed twice.
        let twice = rates([("A", "Kurs 1", 6)], enrolled: [("A", "Kurs 1", 10), ("A", "K9", 7), ("A", "k9", 7)], min: 1)
        #expect(twice.diagnostics.items.contains { $0.kind == "duplicate_enrollment" && $0.message.contains("'K9'") })
        #expect(twice.responseRates.first { $0.cell.scope == .all }?.enrolled == 17)
        // A zero-width space or a BOM before a name is no other name.
        let hidden = rates([("A", "Kurs 1", 6), ("\u{200B}A", "\u{FEFF}Kurs 1", 2)], enrolled: [("A", "Kurs 1", 10)], min: 1)
        #expect(hidden.responseRates.filter { $0.cell.scope == .course }.map(\.responses) == [8])
        // Met first, such a name is published without it: "Kurs\u{200B}1"
        // looked like "Kurs1" and matched nothing typed. The warning shows it.
        let first = rates([("\u{200B}A", "Kurs\u{200B}1", 2), ("A", "Kurs1", 6)], enrolled: [("A", "Kurs1", 10)], min: 1)
        let course = first.responseRates.filter { $0.cell.scope == .course }
        #expect(course.map(\.cell.course) == ["Kurs1"] && course.map(\.cell.project) == ["A"] && course.map(\.responses) == [8])
        let merged2 = first.diagnostics.items.filter { $0.kind == "names_merged" }.map(\.message)
        #expect(merged2.contains("course names 'Kurs\\u{200B}1', 'Kurs1' differ only in case or spacing and are taken as one name, 'Kurs1'; correct the export if they name different courses"), "\(merged2)")
        // A course only the enrollment lists is published without them too.
        let listed = rates([("A", "Kurs1", 6)], enrolled: [("A", "Kurs1", 10), ("A\u{200B}", "Kurs\u{00AD}3", 4)], min: 1)
        #expect(listed.responseRates.filter { $0.cell.scope == .course }.map(\.cell.course) == ["Kurs1", "Kurs3"])
        #expect(listed.responseRates.filter { $0.cell.scope == .course }.map(\.cell.project) == ["A", "A"])
        #expect(listed.responseRates.first { $0.cell.course == "Kurs3" }?.enrolled == 4)
        // A name of nothing but such characters is no name.
        #expect(KeyProblem("\u{200B}\u{FEFF} ") == .empty && KeyProblem("Kurs\u{200B}1") == .none)
        // Joiners are part of a Persian word: kept.
        #expect(NameSpellings.withoutFormatCharacters("\u{200B}می\u{200C}خواهم") == "می\u{200C}خواهم")
        let agg = SurveyAggregator(spec: spec(min: 1))
        #expect(agg.add(Record(line: 2, fields: ["A", "\u{200B}", "Kvinna", "Stämmer lite"]))?.kind == "missing_value")
    }

    @Test func responseRatesComeFromCounts() {
        let r = rates([("P", "A", 7), ("P", "B", 5)], enrolled: [("P", "A", 14), ("P", "B", 11)], min: 1)
        let all = r.responseRates.first { $0.cell.scope == .all }!
        #expect(all.responses == 12 && all.enrolled == 25 && all.rate == 12.0 / 25.0)
        let a = r.responseRates.first { $0.cell.course == "A" }!
        #expect(a.rate == 0.5)
    }
    /// Above the course level a rate sets only the answers of courses with
    /// an enrollment figure against the enrolled.
    @Test func ratesAboveCoursesCountOnlyEnrolledCourses() throws {
        let r = rates([("P", "K1", 5), ("P", "K2", 20)], enrolled: [("P", "K1", 10)], min: 1)
        let p = try #require(r.responseRates.first { $0.cell.scope == .project })
        #expect(p.responses == 5 && p.enrolled == 10 && p.rate == 0.5)
        let k2 = try #require(r.responseRates.first { $0.cell.course == "K2" })
        #expect(k2.responses == 20 && k2.enrolled == nil && k2.rate == nil)
        #expect(r.diagnostics.items.contains { $0.kind == "enrollment_missing" && $0.message.contains("its answers are left out") && !$0.message.contains("20") })
    }

    /// K1 (3 answers) has no enrollment figure, so the rates' P counts
    /// only K2 and K3: the survey's P (17) minus the rates' P (14) was K1.
    /// And K2 (6), hidden in the survey tables as K1's partner, was
    /// published here. Neither may be: no hidden course follows from the
    /// two tables together.
    @Test func ratesAndSurveyTablesTogetherHideWhatEitherHides() throws {
        let r = rates([("P", "K1", 3), ("P", "K2", 6), ("P", "K3", 8)], enrolled: [("P", "K2", 10), ("P", "K3", 10)])
        #expect(summary(r, .course, "P", "K1").suppressed && summary(r, .course, "P", "K2").suppressed)
        #expect(!summary(r, .project, "P").suppressed)
        func rate(_ scope: CellKey.Scope, _ c: String = "") throws -> ResponseRateRow {
            try #require(r.responseRates.first { $0.cell.scope == scope && $0.cell.course == c })
        }
        #expect(try rate(.course, "K1").suppressed && rate(.course, "K2").suppressed)
        #expect(try rate(.project).suppressed && rate(.all).suppressed)
        #expect(try !rate(.course, "K3").suppressed)
    }

    /// P1 has no enrollment figure at all: its rate row counts all its
    /// answers, and the whole survey's counts only P2's. So P1 is in no sum
    /// of the rates; as a part of the whole it gave P1 = 9 − 7 = 2 back.
    @Test func aProjectWithoutEnrollmentIsInNoSumOfTheRates() throws {
        let r = rates([("P1", "K11", 2), ("P2", "K21", 7), ("P3", "K31", 3), ("P3", "K32", 2)],
                      enrolled: [("P1", "K11", 20), ("P2", "K21", 10)])
        let all = try #require(r.responseRates.first { $0.cell.scope == .all })
        let p2 = try #require(r.responseRates.first { $0.cell.scope == .project && $0.cell.project == "P2" })
        let p1 = try #require(r.responseRates.first { $0.cell.scope == .project && $0.cell.project == "P1" })
        #expect(p1.suppressed)
        // all = P1 + P2 in the rates: with P1 hidden, all or P2 must go.
        #expect(all.suppressed || p2.suppressed)
    }

    /// P2's enrolled courses K1 and K2 (2 answers each) were hidden and its
    /// third, unenrolled K3 (6) published: the survey's P2 − K3 gave their
    /// four people together, and the rates' whole survey − P1 gave P2's
    /// rate of 4/16 back. K3 now goes with them, and the rates hide P2 in a
    /// sum of their own.
    @Test func aRateHiddenForItsOwnSizeDoesNotFollowFromTheWhole() throws {
        let r = rates([("P1", "P1 K1", 6), ("P1", "P1 K2", 6), ("P2", "P2 K1", 2), ("P2", "P2 K2", 2), ("P2", "P2 K3", 6)],
                      enrolled: [("P1", "P1 K1", 10), ("P1", "P1 K2", 10), ("P2", "P2 K1", 9), ("P2", "P2 K2", 7)])
        func rate(_ scope: CellKey.Scope, _ p: String = "") throws -> ResponseRateRow {
            try #require(r.responseRates.first { $0.cell.scope == scope && $0.cell.project == p })
        }
        #expect(try rate(.project, "P2").suppressed)
        #expect(try rate(.all).suppressed || rate(.project, "P1").suppressed)
        #expect(summary(r, .course, "P2", "P2 K3").suppressed)
        #expect(leaks(r) == [])
    }

    /// K3 has no enrollment figure and is hidden to protect K1 and K2 (two
    /// people each). The whole survey's rate counted 35 of the survey's 41:
    /// 41 − 35 gave K3's 6 back, and P1 − K4 − K3 the four. A rates total
    /// whose one hidden course outside the rates would follow from it is hidden.
    @Test func aRatesTotalDoesNotGiveBackTheOneHiddenCourseOutsideIt() throws {
        let r = rates([("P1", "P1 K1", 2), ("P1", "P1 K2", 2), ("P1", "P1 K3", 6), ("P1", "P1 K4", 20), ("P2", "P2 K1", 3), ("P3", "P3 K1", 8)],
                      enrolled: [("P1", "P1 K1", 5), ("P1", "P1 K2", 5), ("P1", "P1 K4", 30), ("P2", "P2 K1", 5), ("P3", "P3 K1", 10)])
        #expect(summary(r, .course, "P1", "P1 K3").suppressed && !summary(r, .all).suppressed)
        func rate(_ scope: CellKey.Scope, _ p: String = "") throws -> ResponseRateRow {
            try #require(r.responseRates.first { $0.cell.scope == scope && $0.cell.project == p })
        }
        #expect(try rate(.all).suppressed)
        #expect(try rate(.project, "P1").suppressed || summary(r, .project, "P1").suppressed)
        #expect(leaks(r) == [])
    }

    /// The log and the data-quality sheet are published: a warning about a
    /// hidden course does not give its counts (3 answers, 2 enrolled).
    @Test func warningsDoNotRepeatHiddenCounts() throws {
        let r = rates([("P", "K1", 10), ("P", "K2", 3)], enrolled: [("P", "K1", 20), ("P", "K2", 2)])
        #expect(try #require(r.responseRates.first { $0.cell.course == "K2" }).suppressed)
        let w = try #require(r.diagnostics.items.first { $0.kind == "responses_exceed_enrollment" })
        #expect(w.message == "course 'K2' of 'P' has more answers than enrolled (figures suppressed)")
        // Above the courses, by name: it read "all ''".
        let whole = rates([("P", "K1", 10)], enrolled: [("P", "K1", 5)])
        #expect(whole.diagnostics.items.contains { $0.kind == "responses_exceed_enrollment" && $0.message.hasPrefix("the whole survey has 10 answers") },
                "\(whole.diagnostics.items.map(\.message))")
    }

    /// A course without enrollment is in no published sum of the rates, so
    /// hiding it protects nothing: the hidden course's partner must be one
    /// of the courses the project's figures are made of.
    @Test func rateSuppressionGuardsTheSumsTheTableHolds() throws {
        let r = rates([("P", "A", 2), ("P", "B", 10), ("P", "U", 5)], enrolled: [("P", "A", 20), ("P", "B", 30)])
        func row(_ c: String) throws -> ResponseRateRow { try #require(r.responseRates.first { $0.cell.course == c && $0.cell.scope == .course }) }
        let p = try #require(r.responseRates.first { $0.cell.scope == .project })
        let a = try row("A"), b = try row("B"), u = try row("U")
        #expect(a.suppressed)
        // The survey tables hide U (5) as A's partner in P = A + B + U: U's
        // responses, its people, stay hidden here too.
        #expect(u.suppressed)
        // P = A + B (12 answers, 50 enrolled): B's 10 are published in the
        // survey tables, so hiding B here would protect nothing: P goes.
        #expect(p.suppressed && !b.suppressed)
    }

    // MARK: Every sum on its own

    /// Results for rows of (project, course, gender, answer).
    private func results(_ rows: [(String, String, String, String)], min: Int = 5) -> SurveyResults {
        let agg = SurveyAggregator(spec: spec(min: min))
        for (i, r) in rows.enumerated() { agg.add(Record(line: i + 2, fields: [r.0, r.1, r.2, r.3])) }
        return agg.results()
    }

    private func rows(_ p: String, _ c: String, _ g: String, _ n: Int, _ answer: String = "Stämmer helt") -> [(String, String, String, String)] {
        Array(repeating: (p, c, g, answer), count: n)
    }

    /// The sums a reader can form from the published rows, found from the
    /// cells' keys alone: each breakdown's groups add up to their scope's
    /// total, courses to their project and projects to the whole survey.
    /// Returns the sums in which exactly one member is hidden, i.e. from
    /// which that member follows by subtraction.
    private func leaks(_ r: SurveyResults) -> [String] {
        var out: [String] = []
        for item in Set(r.summary.map(\.item)) {
            let rows = r.summary.filter { $0.item == item }
            for total in rows {
                let k = total.cell
                var sums: [[SummaryRow]] = []
                if k.breakdown == "all" {
                    let groups = rows.filter { $0.cell.breakdown != "all" && $0.cell.scope == k.scope && $0.cell.project == k.project && $0.cell.course == k.course }
                    for b in Set(groups.map(\.cell.breakdown)) { sums.append(groups.filter { $0.cell.breakdown == b }) }
                }
                let below = rows.filter { $0.cell.breakdown == k.breakdown && $0.cell.group == k.group && (
                    (k.scope == .all && $0.cell.scope == .project) || (k.scope == .project && $0.cell.scope == .course && $0.cell.project == k.project)) }
                if !below.isEmpty { sums.append(below) }
                for parts in sums where ([total] + parts).filter(\.suppressed).count == 1 {
                    out.append("\(item) \(k) = \(parts.map { "\($0.cell.course.isEmpty ? $0.cell.project : $0.cell.course)/\($0.cell.group)" })")
                }
                // Under a published total, the hidden parts together are a
                // group whose figures follow: it must not be a small one.
                guard !total.suppressed else { continue }
                func people(_ r: SummaryRow) -> (Int, Int) { (r.n!, r.n! + r.nonSubstantive! + r.blank!) }
                for parts in sums where parts.filter(\.suppressed).count > 1 {
                    let shown = parts.filter { !$0.suppressed }.map(people)
                    let n = people(total).0 - shown.map(\.0).reduce(0, +), all = people(total).1 - shown.map(\.1).reduce(0, +)
                    if (n > 0 && n < r.minCellSize) || (all > 0 && all < r.minCellSize) {
                        out.append("\(item) \(k): hidden parts together \(n)/\(all)")
                    }
                }
            }
        }
        return out
    }

    @Test func eachSumIsCheckedOnItsOwn() {
        // P1 = C1 (1 man, 5 women) + C2 (2 women); P2 = C3 (5 men, 5 women).
        // C2 is hidden, and so is C1's man. P1's sums: C1 + C2 (one hidden)
        // and men + women (one hidden). Counted together, as they once were,
        // that made two hidden parts and nothing more was hidden, so
        // C2 = P1 − C1 = 8 − 6 gave the two women's answers back.
        let r = results(rows("P1", "C1", "Man", 1) + rows("P1", "C1", "Kvinna", 5) + rows("P1", "C2", "Kvinna", 2, "Stämmer inte alls")
                        + rows("P2", "C3", "Man", 5) + rows("P2", "C3", "Kvinna", 5))
        #expect(summary(r, .course, "P1", "C2").suppressed)
        let c1 = summary(r, .course, "P1", "C1"), p1 = summary(r, .project, "P1")
        #expect(c1.suppressed || p1.suppressed)
        #expect(summary(r, .project, "P1", "", "men").suppressed || summary(r, .project, "P1", "", "women").suppressed || p1.suppressed)
        #expect(leaks(r) == [])
    }

    /// Two courses of two people under a published project were a group of
    /// four whose answers followed from the project minus its third course
    /// (and the rates table then gave their response rate back from the
    /// whole minus the other project). One more course goes with them.
    @Test func hiddenPartsTogetherAreNoSmallGroup() {
        let r = results(rows("P1", "A", "Kvinna", 6) + rows("P1", "B", "Kvinna", 6)
                        + rows("P2", "K1", "Kvinna", 2, "Stämmer inte alls") + rows("P2", "K2", "Kvinna", 2, "Stämmer inte alls") + rows("P2", "K3", "Kvinna", 6))
        #expect(summary(r, .course, "P2", "K1").suppressed && summary(r, .course, "P2", "K2").suppressed)
        // Before: K3 published, so P2 − K3 = four people who all said "Stämmer inte alls".
        #expect(summary(r, .course, "P2", "K3").suppressed || summary(r, .project, "P2").suppressed)
        #expect(!summary(r, .all).suppressed && !summary(r, .project, "P1").suppressed)
        #expect(leaks(r) == [])
    }

    @Test func aHiddenTotalTakesItsOnlyPartAlong() {
        // Q's only course has 3 answers: Q and its course are hidden. The
        // whole survey = P + Q, so P (one course, 6 answers) is hidden too;
        // and P = its only course A, which must not then show P's figures.
        let r = results(rows("P", "A", "Kvinna", 6) + rows("Q", "B", "Kvinna", 3))
        #expect(summary(r, .project, "Q").suppressed && summary(r, .course, "Q", "B").suppressed)
        #expect(summary(r, .project, "P").suppressed)
        #expect(summary(r, .course, "P", "A").suppressed)
        #expect(leaks(r) == [])
    }

    @Test func aSmallGroupWithoutSubstantiveAnswersIsStillHidden() {
        // One man who skipped the item (n = 0, one blank); five others, and
        // eleven women, five of whom answered "Vet ej".
        let r = results(rows("P", "A", "Man", 1, "") + rows("P", "A", "Annat", 5)
                        + rows("P", "A", "Kvinna", 5, "Vet ej") + rows("P", "A", "Kvinna", 6))
        let men = summary(r, .course, "P", "A", "men")
        #expect(men.suppressed && men.blank == nil && men.n == nil)
        // The smallest other group goes with him, so that A − women − other ≠ him.
        #expect(summary(r, .course, "P", "A", "other").suppressed)
        let women = summary(r, .course, "P", "A", "women")
        #expect(!women.suppressed && women.n == 6 && women.nonSubstantive == 5)
        // A cell nobody is in says nothing about anyone, and stays.
        let nobody = results(rows("P", "A", "Kvinna", 6, "Vet ej"), min: 5)
        #expect(!summary(nobody, .course, "P", "A").suppressed && summary(nobody, .course, "P", "A").n == 0)
        #expect(leaks(r) == [])
    }

    /// Without a project column the courses add up to the whole survey.
    @Test func coursesWithoutProjectsAddUpToTheWhole() {
        var s = spec()
        s.projectColumn = nil
        let agg = SurveyAggregator(spec: s)
        var line = 1
        for (course, n) in [("K1", 2), ("K2", 8), ("K3", 5)] {
            for _ in 0..<n { line += 1; agg.add(Record(line: line, fields: ["", course, "Kvinna", "Stämmer helt"])) }
        }
        let r = agg.results()
        #expect(summary(r, .course, "", "K1").suppressed)
        // K1 = all − K2 − K3 unless one more course goes: K3, the smaller.
        #expect(summary(r, .course, "", "K3").suppressed && !summary(r, .course, "", "K2").suppressed)
        #expect(!summary(r, .all).suppressed)
    }

    @Test func noHiddenCellFollowsFromOneSumInRandomTables() {
        var rng = SeededNumbers(seed: 8)
        let genders = ["Kvinna", "Man", "Annat", ""]
        let answers = ["Stämmer inte alls", "Stämmer lite", "Stämmer lagom", "Stämmer helt", "Vet ej", ""]
        var hiddenSeen = 0
        for _ in 0..<150 {
            var data: [(String, String, String, String)] = []
            for p in 0..<Int(rng.next() % 3 + 1) {
                for c in 0..<Int(rng.next() % 4 + 1) {
                    for g in genders where rng.next() % 3 != 0 {
                        data += (0..<Int(rng.next() % 9)).map { _ in ("P\(p)", "C\(c)", g, answers[Int(rng.next() % 6)]) }
                    }
                }
            }
            guard !data.isEmpty else { continue }
            let r = results(data, min: Int(rng.next() % 6 + 2))
            #expect(leaks(r) == [])
            // Everything published shows at least the minimum, or nobody.
            for row in r.summary where !row.suppressed {
                let shown = row.n! + row.nonSubstantive! + row.blank!
                #expect(shown == 0 || shown >= r.minCellSize)
                #expect(row.n! == 0 || row.n! >= r.minCellSize)
            }
            hiddenSeen += r.summary.filter(\.suppressed).count
        }
        #expect(hiddenSeen > 100)
    }
}

extension SuppressionTests {
    /// Two Likert items and a yes/no item that is an indicator on its own:
    /// all describe the same people per cell.
    private func threeTables(min: Int) -> SurveySpec {
        SurveySpec(file: "s.csv", projectColumn: 0, courseColumn: 1,
                   items: [.init(id: "x", text: "x", column: 3, scale: Scale.builtIn["stammer5"]!),
                           .init(id: "y", text: "y", column: 4, scale: Scale.builtIn["stammer5"]!),
                           .init(id: "j", text: "j", column: 5, scale: Scale.builtIn["ja_nej"]!)],
                   breakdowns: [.init(name: "gender", column: 2, mapping: .gender)],
                   indicators: [.init(id: "ind", label: "ind", areas: [("A", [2])], minAreas: 1)], minCellSize: min)
    }

    /// Item x hid K1 and K2 and item y K1 and K3, so K1's people were all −
    /// K2 (from y) − K3 (from x); and the indicator hid other cells than its
    /// own item, so its published `met` gave a hidden cell's "Ja" back. Now
    /// no sum has one member whose people are hidden in every table, and a
    /// one-item indicator hides what its item hides.
    @Test func tablesOfTheSamePeopleHideThemAlike() {
        var rng = SeededNumbers(seed: 15)
        let genders = ["Kvinna", "Man", ""]
        let likert = ["Stämmer inte alls", "Stämmer lite", "Stämmer helt", "Vet ej", "Vet ej", ""]
        let yn = ["Ja", "Nej", "Vet ej", ""]
        var cases = 0, leaksTried = 0
        for _ in 0..<120 {
            let min = Int(rng.next() % 5 + 3)
            let agg = SurveyAggregator(spec: threeTables(min: min))
            var line = 1
            for p in 0..<Int(rng.next() % 2 + 1) {
                for c in 0..<Int(rng.next() % 4 + 2) {
                    for g in genders where rng.next() % 3 != 0 {
                        for _ in 0..<Int(rng.next() % 9) {
                            line += 1
                            agg.add(Record(line: line, fields: ["P\(p)", "C\(c)", g, likert[Int(rng.next() % 6)], likert[Int(rng.next() % 6)], yn[Int(rng.next() % 4)]]))
                        }
                    }
                }
            }
            guard line > 1 else { continue }
            // Enrollment for some courses: the rates publish their responses (people).
            let courses = Set(agg.respondents().keys.filter { $0.scope == .course && $0.breakdown == "all" })
            let enrolledCourses = courses.filter { _ in rng.next() % 5 < 3 }
            let r = agg.results(enrollment: enrolledCourses.map { Enrollment(project: $0.project, course: $0.course, enrolled: 50, location: SourceLocation(file: "e.csv")) })
            let truth = agg.respondents()
            cases += 1
            // People per cell, where any table publishes them.
            var people: [CellKey: Int] = [:]
            for row in r.summary where !row.suppressed { people[row.cell] = row.n! + row.nonSubstantive! + row.blank! }
            for row in r.responseRates where !row.suppressed && row.cell.scope == .course { people[row.cell] = row.responses! }
            // A total's rate counts its enrolled courses only: its people =
            // its responses there + its courses without enrollment.
            var extraSums: [(CellKey, [CellKey])] = []
            for row in r.responseRates where !row.suppressed && row.cell.scope != .course && row.enrolled != nil {
                let outside = courses.filter { !enrolledCourses.contains($0) && (row.cell.scope == .all || $0.project == row.cell.project) }
                extraSums.append((row.cell, Array(outside)))
            }
            for (total, outside) in extraSums {
                let unknown = ([total] + outside).filter { people[$0] == nil }
                guard unknown.count == 1, let size = truth[unknown[0]] else { continue }
                #expect(size == 0 || size >= min, "min \(min): the \(size) people of \(unknown[0]) follow from the rates' \(total)")
                leaksTried += 1
            }
            let cells = Set(r.summary.map(\.cell))
            for total in cells {
                var sums: [[CellKey]] = []
                if total.breakdown == "all" {
                    let groups = cells.filter { $0.breakdown != "all" && $0.total == total }
                    for b in Set(groups.map(\.breakdown)) { sums.append(groups.filter { $0.breakdown == b }) }
                }
                let below = cells.filter { $0.breakdown == total.breakdown && $0.group == total.group && $0.parent == total }
                if !below.isEmpty { sums.append(Array(below)) }
                // A group of at least `min` may be sized that way (its
                // answers stay hidden); a smaller one must not.
                for parts in sums {
                    let unknown = ([total] + parts).filter { people[$0] == nil }
                    guard unknown.count == 1, let size = truth[unknown[0]] else { continue }
                    #expect(size == 0 || size >= min, "min \(min): the \(size) people of \(unknown[0]) follow from \(total)")
                    leaksTried += 1
                }
            }
            let item = Dictionary(uniqueKeysWithValues: r.summary.filter { $0.item == "j" }.map { ($0.cell, $0.suppressed) })
            for row in r.indicators { #expect(item[row.cell] == row.suppressed, "min \(min): \(row.cell)") }
        }
        #expect(cases > 100 && leaksTried > 10)
    }
}

/// A breakdown without `mapping:` publishes what respondents wrote as group
/// names; values too rare to say nothing of anyone are published together.
@Suite struct FreeBreakdownTests {
    /// Job title, free text; "Vill inte svara" is the analyst's `not_stated`.
    private func spec(min: Int) -> SurveySpec {
        var mapping = GroupMapping(name: "job", table: [:], groups: [], blankGroup: "missing", unknownGroup: nil)
        mapping.table[TextKey.normalize("Vill inte svara")] = "not_stated"
        return SurveySpec(file: "s.csv", projectColumn: 0, courseColumn: 1,
                          items: [.init(id: "Q", text: "Q", column: 3, scale: Scale.builtIn["stammer5"]!)],
                          breakdowns: [.init(name: "job", column: 2, mapping: mapping)], minCellSize: min)
    }

    /// Course A: Lärare 6 (3), Anna Svensson 1 (5), Rektor 2 (3).
    /// Course B: Lärare 5 (3), Kock 3 (1), blank 5 (3), Vill inte svara 1 (3).
    private func run(min: Int) -> SurveyResults {
        let agg = SurveyAggregator(spec: spec(min: min))
        var line = 1
        func add(_ c: String, _ job: String, _ n: Int, _ answer: String) {
            for _ in 0..<n { line += 1; agg.add(Record(line: line, fields: ["P", c, job, answer])) }
        }
        add("A", "Lärare", 6, "Stämmer lagom"); add("A", "Anna Svensson", 1, "Stämmer helt"); add("A", "Rektor", 2, "Stämmer lagom")
        add("B", "Lärare", 5, "Stämmer lagom"); add("B", "Kock", 3, "Stämmer inte alls"); add("B", "", 5, "Stämmer lagom")
        add("B", "Vill inte svara", 1, "Stämmer lagom")
        return agg.results()
    }

    @Test func rareValuesArePublishedTogetherAndNeverByName() throws {
        let r = run(min: 5)
        let groups = Set(r.summary.map(\.cell.group)).union(r.distribution.map(\.cell.group))
        #expect(groups == ["", "Lärare", SurveyAggregator.smallGroups, "missing", "not_stated"])
        // Anna 1 + Rektor 2 + Kock 3 in the whole survey: n 6, levels 1×3, 3×2, 5×1.
        let whole = try #require(r.summary.first { $0.cell.scope == .all && $0.cell.group == SurveyAggregator.smallGroups })
        #expect(!whole.suppressed && whole.n == 6 && whole.blank == 0)
        #expect(abs(whole.mean! - 14.0 / 6.0) < 1e-12)
        let counts = r.distribution.filter { $0.cell.scope == .all && $0.cell.group == SurveyAggregator.smallGroups }.map(\.count)
        #expect(counts == [3, 0, 2, 0, 1])
        // In each course the rare values are 3 people: hidden, name and all.
        for c in ["A", "B"] {
            let row = try #require(r.summary.first { $0.cell.course == c && $0.cell.group == SurveyAggregator.smallGroups })
            #expect(row.suppressed && row.n == nil)
        }
        // The analyst's own groups keep their names, however small.
        let notStated = try #require(r.summary.first { $0.cell.scope == .all && $0.cell.group == "not_stated" })
        #expect(notStated.suppressed)
        let lärare = try #require(r.summary.first { $0.cell.scope == .all && $0.cell.group == "Lärare" })
        #expect(lärare.n == 11)
        let note = try #require(r.diagnostics.items.first { $0.kind == "groups_folded" })
        #expect(note.severity == .info && note.message.contains("3 values") && note.message.contains("6 respondents"))
        #expect(!note.message.contains("Anna") && !note.message.contains("Rektor") && !note.message.contains("Kock"))
    }

    @Test func spellingsOfARareValueAreNotLogged() {
        let agg = SurveyAggregator(spec: spec(min: 5))
        var line = 1
        for job in ["Lärare", "Lärare", "Lärare", "Lärare", "Lärare", "lärare", "Rektor", "Rektor", "rektor "] {
            line += 1
            agg.add(Record(line: line, fields: ["P", "A", job, "Stämmer lagom"]))
        }
        let r = agg.results()
        let merged = r.diagnostics.items.filter { $0.kind == "names_merged" }.map(\.message)
        #expect(merged.count == 1 && merged[0].contains("'Lärare', 'lärare'"))
        #expect(!r.diagnostics.items.contains { $0.message.contains("ektor") })
        #expect(r.summary.first { $0.cell.group == SurveyAggregator.smallGroups }?.suppressed == true)
    }

    @Test func aValueGivenByTheMinimumKeepsItsName() {
        // At 2, only Anna is rarer: one value, folded alone and hidden.
        let r = run(min: 2)
        let groups = Set(r.summary.filter { $0.cell.scope == .all }.map(\.cell.group))
        #expect(groups == ["", "Lärare", "Rektor", "Kock", SurveyAggregator.smallGroups, "missing", "not_stated"])
        #expect(r.summary.first { $0.cell.scope == .all && $0.cell.group == SurveyAggregator.smallGroups }?.suppressed == true)
        // The rare values come last among the groups.
        #expect(r.summary.filter { $0.cell.scope == .all && $0.cell.breakdown == "job" }.last?.cell.group == SurveyAggregator.smallGroups)
        #expect(run(min: 1).diagnostics.items.allSatisfy { $0.kind != "groups_folded" })
    }
}

/// A seeded linear congruential generator (Knuth's MMIX constants), so the
/// random tables are the same on every run.
private struct SeededNumbers {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return state >> 33
    }
}
