import Foundation
import Testing
import UtfallModel
@testable import UtfallAnalyze

/// Every figure seed 003 prints (Tabell 1, Tabell 2, Bilaga 1–5, the running
/// text), as bundled in data/esf/rapporterade_siffror.csv, against what the
/// raw columns give. Each expected finding below was recomputed by hand.
@Suite struct ReconciliationTests {
    /// (source, project, measure, gender, basis, printed, computed)
    static let findings: [(String, String, String, String, FollowUpFact.Basis, String, String)] = [
        // Tabell 1: hours per participant = hours / actual participants of that group.
        ("Tabell 1", "BOSS", "hours_per_participant", "women", .actual, "19.2", "7920/415"),
        ("Tabell 1", "BOSS", "hours_per_participant", "men", .actual, "17.8", "3161/170"),
        ("Tabell 1", "BOSS", "hours_per_participant", "all", .actual, "18.7", "11081/585"),
        ("Tabell 1", "PIK", "hours_per_participant", "women", .actual, "6.7", "23313/2033"),
        ("Tabell 1", "PIK", "hours_per_participant", "men", .actual, "7.8", "7162/631"),
        ("Tabell 1", "PIK", "hours_per_participant", "all", .actual, "6.9", "30475/2664"),
        ("Tabell 1", "LFI", "hours_per_participant", "women", .actual, "10.4", "5849/588"),
        ("Tabell 1", "LFI", "hours_per_participant", "men", .actual, "13.1", "2127/164"),
        ("Tabell 1", "LFI", "hours_per_participant", "all", .actual, "11.0", "7976/752"),
        ("Tabell 1", "LIS", "hours_per_participant", "men", .actual, "8.6", "1781/203"),
        ("Tabell 1", "KINO", "hours_per_participant", "women", .actual, "10.2", "4307/392"),
        ("Tabell 1", "KINO", "hours_per_participant", "men", .actual, "8.5", "2038/207"),
        ("Tabell 1", "KINO", "hours_per_participant", "all", .actual, "9.6", "6345/599"),
        // LIS: 4 407 163 / 793 = 5 557.58 kr, printed 5 557 (cut, not rounded).
        ("Tabell 1", "LIS", "cost_per_participant", "all", .actual, "5557", "5557.58"),
        // The TOTALT row: the actual participants do not add up from the project rows.
        ("Tabell 1", "all", "participants", "women", .actual, "3918", "4018"),
        ("Tabell 1", "all", "participants", "men", .actual, "1322", "1375"),
        ("Tabell 1", "all", "participants", "all", .actual, "5240", "5393"),
        ("Tabell 1", "all", "cost_per_participant", "all", .actual, "5656", "5495.36"),
        ("Tabell 1", "all", "hours_per_participant", "women", .actual, "11.6", "45626/4018"),
        ("Tabell 1", "all", "hours_per_participant", "men", .actual, "12.3", "16269/1375"),
        ("Tabell 1", "all", "hours_per_participant", "all", .actual, "11.8", "61895/5393"),
        // Bilaga 2: 631/2 664 = 23.7 % → 24 % (Tabell 1 prints 24 %), 2 033/2 664 = 76.3 % → 76 %.
        ("Bilaga 2", "PIK", "participant_share", "men", .actual, "0.23", "631/2664"),
        ("Bilaga 2", "PIK", "participant_share", "women", .actual, "0.77", "2033/2664"),
        // Bilaga 4: 203 + 590 = 793, printed 794; cost per participant as Tabell 1.
        ("Bilaga 4", "LIS", "participants", "all", .actual, "794", "793"),
        ("Bilaga 4", "LIS", "cost_per_participant", "all", .actual, "5557", "5557.58"),
        // Bilaga 5: 4 491 314 / 599 = 7 498.02 kr, printed 9 185.
        ("Bilaga 5", "KINO", "cost_per_participant", "all", .actual, "9185", "7498.02"),
        // Section 2.4: "38,3 miljoner kronor" total budget; 38 374 980 kr is 38,4 million (cut, not rounded).
        ("Avsnitt 2.4 (text)", "all", "total_cost", "all", .planned, "38300000", "38374980"),
        // Section 3.2.3 repeats the TOTALT row and says "32 % lower than planned": 5 495.36 / 8 252.68 − 1 = −33.4 %.
        ("Avsnitt 3.2.3 (text)", "all", "participants", "all", .actual, "5240", "5393"),
        ("Avsnitt 3.2.3 (text)", "all", "cost_per_participant", "all", .actual, "5656", "5495.36"),
        ("Avsnitt 3.2.3 (text)", "all", "cost_per_participant_deviation_share", "all", .actual, "-0.32",
         "(29636487/5393-38374980/4650)/(38374980/4650)"),
        ("Avsnitt 3.2.3 (text)", "all", "hours_per_participant", "all", .actual, "11.8", "61895/5393"),
    ]

    /// "a/b" as an exact quotient, "(a/b-c/d)/(c/d)" as written, else a decimal literal.
    static func value(_ s: String) -> Decimal {
        if s.hasPrefix("(") { return (Decimal(29_636_487) / 5_393 - Decimal(38_374_980) / 4_650) / (Decimal(38_374_980) / 4_650) }
        let parts = s.split(separator: "/")
        if parts.count == 2 { return Decimal(string: String(parts[0]))! / Decimal(string: String(parts[1]))! }
        return Decimal(string: s)!
    }

    func bundled() throws -> FollowUpReport {
        FollowUp.compute(projects: SeedData.infos(), facts: SeedData.facts(), reported: try SeedData.reported())
    }

    /// Messages give a printed figure with its printed decimals: the log
    /// said LFI's hours per participant were "printed as 11 but computes to
    /// 10.606" where Tabell 1 prints 11,0.
    @Test func messagesKeepThePrintedDecimals() {
        // (value, decimals, percent) as ValueParser.printedFigure reads `11,0`, `19,20`, `5 557 kr`, `24 %`, `23,0 %`, `1,2 tkr`.
        func shown(_ value: Decimal, _ decimals: Int, percent: Bool = false) -> String {
            FollowUp.printed(ReportedFigure(source: "T", project: "P", measure: "m", gender: "all", basis: .actual, value: value,
                                            decimals: decimals, isPercent: percent, location: SourceLocation(file: "r.csv")))
        }
        #expect(shown(11, 1) == "11.0")
        #expect(shown(Decimal(string: "19.2")!, 2) == "19.20")
        #expect(shown(5557, 0) == "5557")
        #expect(shown(Decimal(string: "0.24")!, 2, percent: true) == "24 %")
        #expect(shown(Decimal(string: "0.23")!, 3, percent: true) == "23.0 %")
        #expect(shown(1200, -2) == "1200")
    }

    @Test func everyPrintedFigureIsCompared() throws {
        let r = try bundled()
        #expect(try SeedData.reported().count == 248)
        #expect(r.reconciliation.count == 248)
        #expect(r.diagnostics.countsByKind["reported_unmatched"] == nil)
    }

    @Test func findsExactlyTheSeedsInconsistencies() throws {
        let r = try bundled()
        let found = r.mismatches
        #expect(found.count == Self.findings.count)
        for f in Self.findings {
            let row = found.first { $0.source == "rapporterade_siffror.csv: \(f.0)" && $0.project == f.1 && $0.measure == f.2 && $0.gender == f.3 && $0.basis == f.4 }
            #expect(row != nil, "not found: \(f.0) \(f.1) \(f.2) \(f.3)")
            guard let row else { continue }
            #expect(row.reported == Self.value(f.5), "\(f.0) \(f.1) \(f.2) \(f.3) reported")
            let expected = Self.value(f.6)
            // Cost per participant is compared as the öre-rounded amount.
            #expect(abs(row.computed - expected) < Decimal(string: "0.005")!, "\(f.0) \(f.1) \(f.2) \(f.3) computed \(row.computed) vs \(expected)")
            #expect(row.difference == row.reported - row.computed)
        }
        #expect(r.diagnostics.countsByKind["reported_mismatch"] == Self.findings.count)
    }

    @Test func kinoInBilaga5IsOff1686Kronor() throws {
        let row = try #require(try bundled().mismatches.first { $0.source.hasSuffix("Bilaga 5") })
        #expect(row.project == "KINO")
        #expect(row.reported == 9_185)
        #expect(row.computed == Decimal(string: "7498.02")!)
        #expect(row.difference == Decimal(string: "1686.98")!)
        #expect(row.tolerance == Decimal(string: "0.5")!)
        #expect(row.location?.description == "rapporterade_siffror.csv:239:6")
    }

    @Test func tabell1PerProjectFiguresOtherwiseReproduce() throws {
        let r = try bundled()
        let tabell1 = r.reconciliation.filter { $0.source.hasSuffix(": Tabell 1") && $0.project != "all" }
        #expect(tabell1.count == 5 * 14)
        // Only the hours per participant (13 of 15) and LIS's cut cost per participant disagree.
        #expect(tabell1.filter { $0.status == .mismatch }.count == 14)
        let ok = tabell1.filter { $0.status == .ok }.map(\.measure)
        #expect(Set(ok).isSuperset(of: ["total_cost", "cost_per_participant", "participant_share", "participants", "participant_hours"]))
        // BOSS planned 9 612 019 / 512 = 18 773.47 kr, printed 18 773 kr: within half a krona.
        let boss = tabell1.first { $0.project == "BOSS" && $0.measure == "cost_per_participant" && $0.basis == .planned }!
        #expect(boss.status == .ok)
        #expect(boss.computed == Decimal(string: "18773.47")!)
    }

    @Test func tabell2AndTheTotalsOfTheMoneyAgree() throws {
        let r = try bundled()
        #expect(r.reconciliation.filter { $0.source.hasSuffix("Tabell 2") }.allSatisfy { $0.status == .ok })
        #expect(r.reconciliation.filter { $0.source.hasSuffix("Tabell 2") }.count == 54)
        // The TOTALT row's money adds up; the running text's "38,3 miljoner" does not (it is 38,4).
        let money = r.reconciliation.filter { $0.project == "all" && ["esf_support", "cofinancing", "total_cost"].contains($0.measure) }
        #expect(!money.isEmpty && money.filter { $0.status == .mismatch }.map(\.source) == ["rapporterade_siffror.csv: Avsnitt 2.4 (text)"])
        // "28,7 miljoner" ESF support is right: 28 737 968 kr is within 50 000 kr of it.
        #expect(money.first { $0.source.hasSuffix("Avsnitt 2.4 (text)") && $0.measure == "esf_support" }?.status == .ok)
    }

    // MARK: the tolerance rule

    private func compare(_ printed: String, measure: String = "participant_share", gender: String = "women", basis: FollowUpFact.Basis = .planned) -> ReconciliationRow? {
        let (v, d, pct) = SeedData.printed(printed)
        let fig = ReportedFigure(source: "t", project: "BOSS", measure: measure, gender: gender, basis: basis, value: v, decimals: d,
                                 isPercent: pct, location: SourceLocation(file: "t.csv", line: 2))
        return FollowUp.compute(projects: [], facts: SeedData.facts(), reported: [fig]).reconciliation.first
    }

    @Test func percentIsWithinHalfAPercentagePoint() {
        // BOSS women planned: 318/512 = 62.109 %.
        #expect(compare("62%")?.status == .ok)
        #expect(compare("62%")?.tolerance == Decimal(string: "0.005")!)
        #expect(compare("61%")?.status == .mismatch)
        #expect(compare("62,1%")?.status == .ok)
        #expect(compare("62,2%")?.status == .mismatch)   // 0.00091 > 0.0005
        #expect(compare("63%")?.status == .mismatch)
    }

    @Test func kronorAreWithinHalfAKrona() {
        // BOSS planned 18 773.47 kr.
        #expect(compare("18 773 kr", measure: "cost_per_participant", gender: "all")?.status == .ok)
        #expect(compare("18 774 kr", measure: "cost_per_participant", gender: "all")?.status == .mismatch)
        #expect(compare("18 773,47 kr", measure: "cost_per_participant", gender: "all")?.status == .ok)
        #expect(compare("18 773,4 kr", measure: "cost_per_participant", gender: "all")?.status == .mismatch)
        #expect(compare("18 774 kr", measure: "cost_per_participant", gender: "all")?.difference == Decimal(string: "0.53")!)
    }

    /// 200 199 kr / 400 participants = 500.4975 kr: 500 kr rounded once.
    /// Shown to the öre it is 500.50, and a printed 501 must not pass on that.
    @Test func costPerParticipantIsComparedUnrounded() {
        let at = SourceLocation(file: "f.csv", line: 2)
        let facts = [
            FollowUpFact(project: "A", measure: "total_cost", gender: "all", basis: .actual, value: .money(Money(ore: 20_019_900)), location: at),
            FollowUpFact(project: "A", measure: "participants", gender: "all", basis: .actual, value: .count(400), location: at),
        ]
        func check(_ printed: String) -> ReconciliationRow? {
            let (v, d, pct) = SeedData.printed(printed)
            let fig = ReportedFigure(source: "t", project: "A", measure: "cost_per_participant", gender: "all", basis: .actual, value: v,
                                     decimals: d, isPercent: pct, location: at)
            return FollowUp.compute(projects: [], facts: facts, reported: [fig]).reconciliation.first
        }
        #expect(check("501 kr")?.status == .mismatch)
        #expect(check("500 kr")?.status == .ok)
        #expect(check("500,50 kr")?.status == .ok)
        #expect(check("500,49 kr")?.status == .mismatch)   // 0.0075 from the exact 500.4975: more than half an öre
        #expect(check("500,51 kr")?.status == .mismatch)
        // What the CSV prints: to the öre, as the contract says.
        #expect(check("501 kr")?.computed == Decimal(string: "500.5")!)
        #expect(check("501 kr")?.difference == Decimal(string: "0.5")!)
    }

    @Test func unmatchedFigureIsAWarningNotARow() {
        let fig = ReportedFigure(source: "t", project: "NOPE", measure: "participants", gender: "all", basis: .actual, value: 3, decimals: 0,
                                 isPercent: false, location: SourceLocation(file: "t.csv", line: 4, column: 6))
        let r = FollowUp.compute(projects: [], facts: SeedData.facts(), reported: [fig])
        #expect(r.reconciliation.isEmpty)
        #expect(r.diagnostics.items.first { $0.kind == "reported_unmatched" }?.location?.description == "t.csv:4:6")
    }
}
