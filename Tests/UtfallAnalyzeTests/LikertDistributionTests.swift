import Testing
import UtfallModel
@testable import UtfallAnalyze

/// Builds records for a survey with columns: project, course, gender, item…
private func records(_ rows: [[String]]) -> [Record] {
    rows.enumerated().map { Record(line: $0.offset + 2, fields: $0.element) }
}

private let stammer = Scale.builtIn["stammer5"]!

private func staffSpec(items: Int) -> SurveySpec {
    SurveySpec(file: "staff.csv",
               items: (0..<items).map { SurveySpec.Item(id: "S\($0 + 1)", text: "Statement \($0 + 1)", column: $0, scale: stammer) },
               minCellSize: 1)  // these tests check arithmetic; suppression has its own suite
}

@Suite struct LikertDistributionTests {
    /// The study-supervisor table in seed 000: printed percentages per row and
    /// the integer counts that reproduce them (hand-checked, e.g. 13/27 = 48.1 %).
    static let printedRows: [(n: Int, counts: [Int], printed: [Int])] = [
        (27, [0, 0, 2, 4, 21], [0, 0, 7, 15, 78]),
        (28, [0, 0, 2, 6, 20], [0, 0, 7, 21, 71]),
        (27, [1, 2, 3, 8, 13], [4, 7, 11, 30, 48]),
        (27, [0, 0, 1, 9, 17], [0, 0, 4, 33, 63]),
        (28, [0, 1, 2, 7, 18], [0, 4, 7, 25, 64]),
        (27, [0, 1, 1, 6, 19], [0, 4, 4, 22, 70]),
        (26, [0, 0, 3, 6, 17], [0, 0, 12, 23, 65]),
        (28, [0, 0, 1, 5, 22], [0, 0, 4, 18, 79]),
    ]

    @Test func reproducesPrintedStaffPercentages() {
        let labels = ["Stämmer inte alls", "Stämmer lite", "Stämmer lagom", "Stämmer ganska mycket", "Stämmer mycket väl"]
        for (row, expected) in Self.printedRows.enumerated() {
            var answers: [[String]] = []
            for (level, c) in expected.counts.enumerated() { answers += Array(repeating: [labels[level]], count: c) }
            answers += Array(repeating: [""], count: 28 - expected.n)  // skipped the statement
            let agg = SurveyAggregator(spec: staffSpec(items: 1))
            records(answers).forEach { agg.add($0) }
            let r = agg.results()
            let dist = r.distribution.filter { $0.cell.scope == .all }
            #expect(dist.map(\.count) == expected.counts, "row \(row + 1)")
            #expect(dist.allSatisfy { $0.n == expected.n })
            let pct = dist.map { Int(($0.share! * 100).rounded(.toNearestOrAwayFromZero)) }
            #expect(pct == expected.printed, "row \(row + 1)")
            #expect(r.summary[0].blank == 28 - expected.n)
        }
    }

    @Test func countsSumToNAndSharesToOne() {
        let answers = ["Stämmer mycket väl", "stämmer  lite", "Vet ej", "", "Stämmer lagom", "STÄMMER MYCKET VÄL "]
        let agg = SurveyAggregator(spec: staffSpec(items: 1))
        records(answers.map { [$0] }).forEach { agg.add($0) }
        let r = agg.results()
        let counts = r.distribution.map { $0.count! }
        #expect(counts == [0, 1, 1, 0, 2])
        #expect(r.distribution.map { $0.share! }.reduce(0, +) == 1.0)
        let s = r.summary[0]
        #expect(s.n == 4 && s.nonSubstantive == 1 && s.blank == 1)
        #expect(s.mean == 3.75)  // levels 2, 3, 5, 5
        #expect(s.median == 4.0)  // middle levels 3 and 5
        #expect(s.top2 == 0.5 && s.bottom2 == 0.25)
    }

    @Test func decomposedUnicodeMatchesComposedLabel() {
        let nfd = "Sta\u{0308}mmer mycket va\u{0308}l"
        #expect(stammer.classify(nfd) == .level(5))
        #expect(stammer.classify("Stämmer helt") == .level(5))  // synonym
        #expect(stammer.classify("4") == .level(4))  // numeric code
        #expect(stammer.classify("Don't know") == .nonSubstantive)
    }

    /// Swedish platforms' own words for "don't know" and for a skipped
    /// question: the first are non-substantive, the second blanks, and a
    /// pipeline's own scale that makes one a level keeps it.
    @Test func swedishNoAnswerAndDontKnowWords() {
        for w in ["Ingen uppfattning", "Kan inte svara", "Ej tillämpligt", "Vet ej / ingen åsikt"] {
            #expect(stammer.classify(w) == .nonSubstantive, "\(w)")
        }
        for w in ["Ej svar", "inget  svar", "-"] {
            #expect(stammer.classify(w) == .blank, "\(w)")
            #expect(Scale.builtIn["ja_nej"]!.classify(w) == .blank, "\(w)")
        }
        #expect(stammer.suggestion(for: "ja") == nil)
        #expect(stammer.suggestion(for: "vet ejj") == "Vet ej")
        // A code is not a typo: `2` is one edit from the synonym `1` of Nej,
        // and following that hint would invert an export coded 1 = Nej, 2 = Ja.
        #expect(Scale.builtIn["ja_nej"]!.suggestion(for: "2") == nil && stammer.suggestion(for: "-99") == nil)
        let own = Scale(id: "x", levels: [.init("Nej"), .init("Ej svar")])
        #expect(own.classify("Ej svar") == .level(2))
    }

    @Test func reverseCodedItemFlipsLevelsAndLabels() {
        var spec = staffSpec(items: 1)
        spec.items[0].reversed = true
        let agg = SurveyAggregator(spec: spec)
        records([["Stämmer mycket väl"], ["Stämmer mycket väl"], ["Stämmer inte alls"], ["Stämmer lite"], ["Stämmer lite"]]).forEach { agg.add($0) }
        let d = agg.results().distribution
        // "Kursen var svår" answered "Stämmer mycket väl" is the least favourable: level 1.
        #expect(d.map { $0.count! } == [2, 0, 0, 2, 1])
        #expect(d[0].levelLabel == "Stämmer mycket väl")
        #expect(d[4].levelLabel == "Stämmer inte alls")
    }

    /// Two words a built-in scale takes for one level may be two levels of
    /// the export's own scale: counted as one, and the run says so once for
    /// all items. A numeric code beside its label is no such case.
    @Test func twoWordsCountedAsOneLevelAreReported() {
        let agg = SurveyAggregator(spec: staffSpec(items: 2))
        // The second item meets the two words the other way round: still one warning.
        records([["Stämmer inte alls", "Stämmer inte "], ["Stämmer inte", "Stämmer inte alls"], ["stämmer INTE alls", "1"], ["5", "Stämmer mycket väl"]])
            .forEach { agg.add($0) }
        let merged = agg.results().diagnostics.items.filter { $0.kind == "answers_merged" }.map(\.message)
        #expect(merged.count == 1, "\(merged)")
        #expect(merged.first?.contains("answers 'Stämmer inte alls' and 'Stämmer inte' are all counted as level 1, 'Stämmer inte alls', of scale stammer5, in 2 item(s)") == true, "\(merged)")
        // A scale of one's own lists its synonyms on purpose, and Ja and Yes are one answer.
        let own = Scale(id: "jn", levels: [Scale.Level("Nej", synonyms: ["No"]), Scale.Level("Ja", synonyms: ["Yes"])])
        let bilingual = SurveyAggregator(spec: SurveySpec(file: "s.csv", items: [SurveySpec.Item(id: "a", text: "a", column: 0, scale: own),
                                                                                  SurveySpec.Item(id: "b", text: "b", column: 1, scale: Scale.builtIn["ja_nej"]!)],
                                                          minCellSize: 1))
        records([["Ja", "Ja"], ["Yes", "Yes"], ["No", "Nej"]]).forEach { bilingual.add($0) }
        #expect(!bilingual.results().diagnostics.items.contains { $0.kind == "answers_merged" })
        // Ambiguous between scales, so not taken: on a four-point scale it is level 2.
        if case .unknown = Scale.builtIn["instammer5"]!.classify("Instämmer delvis") {} else { Issue.record("'Instämmer delvis' is read as a level") }
    }

    @Test func wilsonIntervalMatchesHandComputation() {
        // 8 of 10: centre 0.71676, half-width 0.22658 (z = 1.96).
        let ci = LikertStatistics.wilson(successes: 8, n: 10)!
        #expect(abs(ci.low - 0.49016) < 1e-4)
        #expect(abs(ci.high - 0.94331) < 1e-4)
        let zero = LikertStatistics.wilson(successes: 0, n: 5)!
        #expect(zero.low == 0 && abs(zero.high - 0.43448) < 1e-4)
    }

    @Test func unknownLabelIsReportedWithSuggestionAndRowRejected() {
        let agg = SurveyAggregator(spec: staffSpec(items: 1))
        let rejects = records([["Stämer mycket väl"], ["Stämmer lite"], ["Stämer mycket väl"]]).compactMap { agg.add($0) }
        #expect(rejects.count == 2)
        #expect(rejects[0].location.line == 2 && rejects[0].kind == "unknown_label")
        // The row's reason names the answer: with an item id of "1" (a
        // capture group), "answer to 1 is not on scale …" told nothing.
        #expect(rejects[0].reason == "the answer 'Stämer mycket väl' to item 'S1' is not on its scale stammer5", "\(rejects[0].reason)")
        let u = agg.unknownLabels
        #expect(u.count == 1)
        #expect(u[0].count == 2 && u[0].firstLine == 2 && u[0].suggestion == "Stämmer mycket väl")
        #expect(u[0].message == "'Stämer mycket väl' ×2 in item S1 (column 1), first on line 2; did you mean 'Stämmer mycket väl'?")
        #expect(agg.accepted == 1 && agg.rejected == 2)
    }

    @Test func unknownLabelAsMissingKeepsTheRow() {
        var spec = staffSpec(items: 1)
        spec.unknownLabels = .missing
        let agg = SurveyAggregator(spec: spec)
        #expect(records([["Kanske"], ["Stämmer lite"]]).compactMap { agg.add($0) }.isEmpty)
        let r = agg.results()
        #expect(r.summary[0].blank == 1 && r.summary[0].n == 1)
        #expect(r.unknownLabels[0].suggestion == nil)
        #expect(r.diagnostics.countsByKind["unknown_label"] == 1)
    }
}

@Suite struct BuiltInScaleTests {
    @Test func swedishScalesHaveEnglishCounterpartsWithTheSameLength() {
        let pairs = [("stammer5", "applies5"), ("instammer5", "agree5"), ("nojd5", "satisfied5"), ("ja_nej", "yes_no")]
        for (sv, en) in pairs {
            let a = Scale.builtIn[sv]!, b = Scale.builtIn[en]!
            #expect(a.count == b.count, "\(sv) vs \(en)")
        }
    }

    @Test func fourPointScaleHasNoMiddleAndTopTwoIsTheUpperHalf() {
        let s = Scale.builtIn["stammer4"]!
        #expect(s.count == 4 && s.boxWidth == 2)
        #expect(s.classify("stämmer ganska bra") == .level(3))
        #expect(s.classify("4") == .level(4))
        #expect(s.classify("Vet ej") == .nonSubstantive)
        #expect(Scale.builtIn["applies5"]!.classify("Applies quite well") == .level(4))
    }
}

@Suite struct WilsonBoundsTests {
    /// With no successes the lower bound is 0 exactly (not 2.8e-17), and with
    /// all successes the upper bound is 1 exactly; 0 of 27: upper 0.1246.
    @Test func boundsAtTheEdgesAreExact() throws {
        let none = try #require(LikertStatistics.wilson(successes: 0, n: 27))
        #expect(none.low == 0)
        #expect(abs(none.high - 0.12457) < 1e-4)
        let all = try #require(LikertStatistics.wilson(successes: 27, n: 27))
        #expect(all.high == 1)
        #expect(abs(all.low - 0.87543) < 1e-4)
    }
}
