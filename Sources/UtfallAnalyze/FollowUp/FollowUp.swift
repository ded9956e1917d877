import Foundation
import UtfallModel

/// Planned vs actual per project and in total, from raw facts; and a check of
/// every printed figure against what the raw facts give.
///
/// ```swift
/// let report = FollowUp.compute(projects: infos, facts: facts, reported: printed)
/// report.row("KINO", "cost_per_participant")?.actual   // .money(7498.02 kr)
/// report.mismatches                                    // Bilaga 5: 9 185 kr vs 7 498.02 kr, …
/// ```
///
/// Rules (docs/followup.md): money is summed in öre; `total_cost` is the sum
/// of the other money measures when it is not given; participants and hours
/// for `all` are the sum of the gender groups when not given; totals are
/// computed from the project rows, never taken from a totals row, each figure
/// over the projects that have what it needs (`incomplete_totals` names the
/// others); cost per participant is the exact quotient (`Fraction.money`,
/// shown half away from zero to the öre) and its deviation the exact
/// difference of the quotients, rounded once; shares and hours per participant are exact Decimal quotients.
///
/// A repeated project or figure is reported and ignored here; the pipeline
/// stage already rejects such rows while reading, so that they are counted.
public enum FollowUp {
    /// Why a project's second row is rejected, here and where the stage
    /// reads a wide table.
    public static func duplicateProjectReason(_ project: String, firstLine: Int?) -> String {
        "project '\(project)' appears again (first at line \(firstLine.map(String.init) ?? "?")); which is right cannot be told, so the run fails: remove or correct one"
    }

    /// `declaredMoney`: the money measures the input has a place for, per
    /// basis (a wide table's columns). A measure some project has for a
    /// basis counts as declared for it too. A project that has a declared
    /// measure for one basis and not the other has an incomplete total.
    public static func compute(projects: [ProjectInfo], facts: [FollowUpFact], reported: [ReportedFigure],
                               declaredMoney: [FollowUpFact.Basis: Set<String>]? = nil) -> FollowUpReport {
        var report = FollowUpReport()
        var diagnostics = Diagnostics()

        // Projects: first occurrence wins; a later row with the same key is an error.
        var seen: [String: ProjectInfo] = [:]
        var droppedRows: Set<SourceLocation> = []
        for info in projects {
            if let first = seen[info.project] {
                diagnostics.add(Diagnostic(.error, kind: "duplicate_project", at: info.location,
                                           Self.duplicateProjectReason(info.project, firstLine: first.location.line)))
                droppedRows.insert(SourceLocation(file: info.location.file, line: info.location.line))
                continue
            }
            seen[info.project] = info
            report.projects.append(info)
            if let s = info.start, let e = info.end, e < s {
                diagnostics.add(Diagnostic(.error, kind: "end_before_start", at: info.location,
                                           "project '\(info.project)' ends \(e.iso), before it starts \(s.iso)"))
            }
        }

        // Sums and deviations of money are in Int64 öre. Each figure is at
        // most 10^13 kr, but ten thousand of them would overflow (a trap,
        // exit 132): the whole set is checked once instead of every sum.
        var magnitude = Decimal(0)
        for f in facts { if case .money(let m) = f.value { magnitude += Decimal(m.ore.magnitude) } }
        if magnitude > Decimal(Int64.max / 4) {
            diagnostics.add(Diagnostic(.error, kind: "invalid_number", at: facts.first.map { SourceLocation(file: $0.location.file) },
                                       "the money figures add up to more than 23 000 000 000 000 000 kr; check for amounts typed in öre or with extra digits"))
            report.diagnostics = diagnostics
            return report
        }

        // Facts by project; the first figure for a key wins.
        var order: [String] = report.projects.map(\.project)
        var sets: [String: FigureSet] = [:]
        var locations: [String: [FigureKey: SourceLocation]] = [:]
        var groupOrder: [String] = []
        var measureOrder: [String] = []
        for f in facts {
            if droppedRows.contains(SourceLocation(file: f.location.file, line: f.location.line)) { continue }
            if sets[f.project] == nil {
                sets[f.project] = [:]
                if !order.contains(f.project) {
                    // A long table has no project rows: the project is known by its figures.
                    order.append(f.project)
                    report.projects.append(ProjectInfo(project: f.project, name: nil, owner: nil, start: nil, end: nil,
                                                       location: SourceLocation(file: f.location.file, line: f.location.line)))
                }
            }
            if f.value.isNegative {
                diagnostics.add(Diagnostic(.error, kind: "negative_value", at: f.location,
                                           "\(f.measure) (\(f.gender), \(f.basis.rawValue)) of project '\(f.project)' is negative"))
            }
            let key = FigureKey(measure: f.measure, gender: f.gender, basis: f.basis)
            if let first = locations[f.project]?[key] {
                diagnostics.add(Diagnostic(.error, kind: "duplicate_figure", at: f.location,
                                           "\(f.measure) (\(f.gender), \(f.basis.rawValue)) of project '\(f.project)' is given again (first at \(first)); the first is used"))
                continue
            }
            sets[f.project]![key] = f.value
            locations[f.project, default: [:]][key] = f.location
            if f.gender != "all" && !groupOrder.contains(f.gender) { groupOrder.append(f.gender) }
            if !measureOrder.contains(f.measure) { measureOrder.append(f.measure) }
        }
        let groups = Self.orderedGroups(groupOrder)

        // Actual without planned, where other projects do plan that figure.
        let plannedSomewhere = Set(sets.values.flatMap { $0.keys.filter { $0.basis == .planned }.map { "\($0.measure)|\($0.gender)" } })
        for p in order {
            guard let set = sets[p] else { continue }
            let keys = set.keys.sorted { ($0.measure, $0.gender) < ($1.measure, $1.gender) }   // a stable message order
            for key in keys where key.basis == .actual && plannedSomewhere.contains("\(key.measure)|\(key.gender)") {
                if set[FigureKey(measure: key.measure, gender: key.gender, basis: .planned)] == nil {
                    diagnostics.add(Diagnostic(.warning, kind: "actual_without_planned", at: locations[p]?[key],
                                               "project '\(p)' has an actual \(key.measure) (\(key.gender)) but no planned one"))
                }
            }
        }

        // Complete each project (total_cost, all-gender sums), checking given totals.
        var declared = declaredMoney ?? [:]
        for set in sets.values {
            for (k, v) in set where k.gender == "all" && k.measure != "total_cost" {
                if case .money = v { declared[k.basis, default: []].insert(k.measure) }
            }
        }
        var completed: [String: FigureSet] = [:]
        for p in order {
            guard let set = sets[p] else { continue }
            completed[p] = Self.complete(set, project: p, groups: groups, locations: locations[p] ?? [:], declaredMoney: declared,
                                         diagnostics: &diagnostics)
        }
        let orderedProjects = order.filter { completed[$0] != nil }
        let allMeasures = Self.orderedMeasures(measureOrder)

        var exact: [ExactKey: ComputedFigure] = [:]
        var leftOut = LeftOut()
        for p in orderedProjects {
            report.rows += Self.rows([(p, completed[p]!)], scope: .project, project: p, measures: allMeasures, groups: groups,
                                     exact: &exact, leftOut: &leftOut)
        }
        // Totals from the project rows, each figure over the projects that have what it needs.
        if !orderedProjects.isEmpty {
            report.rows += Self.rows(orderedProjects.map { ($0, completed[$0]!) }, scope: .all, project: "", measures: allMeasures,
                                     groups: groups, exact: &exact, leftOut: &leftOut)
        }
        for p in orderedProjects {
            guard let figures = leftOut.byProject[p] else { continue }
            diagnostics.add(Diagnostic(.warning, kind: "incomplete_totals", at: report.projects.first { $0.project == p }?.location,
                                       "project '\(p)' is left out of these totals, as it lacks a figure they need: \(figures.joined(separator: "; "))"))
        }

        report.reconciliation = Self.reconcile(reported, exact: exact, diagnostics: &diagnostics)
        report.diagnostics = diagnostics
        return report
    }
}

// MARK: - Figures of one scope

struct FigureKey: Hashable {
    var measure: String
    var gender: String
    var basis: FollowUpFact.Basis
}

typealias FigureSet = [FigureKey: Quantity]

/// A computed figure for reconciliation: `exact` decides whether a printed
/// figure is right, `shown` is what `reconciliation.csv` prints (cost per
/// participant to the öre, like `project_followup.csv`).
struct ComputedFigure {
    var exact: Decimal
    var shown: Decimal

    init(_ exact: Decimal, shown: Decimal? = nil) {
        self.exact = exact
        self.shown = shown ?? exact
    }
}

/// A computed value as reconciliation looks it up; `project` is `all` for totals.
struct ExactKey: Hashable {
    var project: String
    var measure: String
    var gender: String
    var basis: FollowUpFact.Basis
}

extension FollowUp {
    static let moneyOrder = ["esf_support", "cofinancing"]
    static let derived: Set<String> = FollowUpUnit.computedOnly.union(["total_cost", "participants", "participant_hours"])

    static func orderedGroups(_ seen: [String]) -> [String] {
        var g = ["women", "men"].filter { seen.contains($0) }
        g += seen.filter { $0 != "women" && $0 != "men" }
        return g
    }

    /// esf_support, cofinancing, other measures as first seen; the derived ones have fixed places.
    static func orderedMeasures(_ seen: [String]) -> [String] {
        moneyOrder.filter { seen.contains($0) } + seen.filter { !moneyOrder.contains($0) && !derived.contains($0) }
    }

    static func sum(_ a: Quantity, _ b: Quantity) -> Quantity? {
        switch (a, b) {
        case (.money(let x), .money(let y)): .money(x + y)
        case (.count(let x), .count(let y)): .count(x + y)
        case (.hours(let x), .hours(let y)): .hours(x + y)
        default: nil
        }
    }

    /// The last place an amount seems printed to, in öre: 100 000 000 for
    /// `7 000 000` (mkr at most), 1 000 000 for `9 530 000`, 1 for `12,34`.
    static func printedStep(_ m: Money) -> Int64 {
        guard m.ore != 0, m.ore % 100 == 0 else { return 1 }
        var step: Int64 = 100
        while step < 100_000_000, m.ore % (step * 10) == 0 { step *= 10 }
        return step
    }

    static func sumOf(_ qs: [Quantity]) -> Quantity? {
        guard var acc = qs.first else { return nil }
        for q in qs.dropFirst() { guard let s = sum(acc, q) else { return nil }; acc = s }
        return acc
    }

    /// Adds `total_cost` (sum of the other money measures) and the `all`
    /// participants and hours (sum of the groups) where not given; where
    /// given, a disagreeing sum of groups is reported. A group with a figure
    /// for one basis only leaves the other basis without a sum (warned).
    static func complete(_ set: FigureSet, project: String, groups: [String], locations: [FigureKey: SourceLocation],
                         declaredMoney: [FollowUpFact.Basis: Set<String>], diagnostics: inout Diagnostics) -> FigureSet {
        var out = set
        for basis in FollowUpFact.Basis.allCases {
            let totalKey = FigureKey(measure: "total_cost", gender: "all", basis: basis)
            let parts = set.filter { $0.key.basis == basis && $0.key.gender == "all" && $0.key.measure != "total_cost" }
                .compactMap { if case .money = $0.value { return $0.value } else { return nil } }
            // A given total may hold funding the input does not list, so it
            // may exceed its parts; it can never be less than them, beyond
            // the rounding of figures printed in tkr or mkr (`7,7 mkr`): half
            // the total's last printed place for it and each part, and never
            // more than 1 %. A total to the krona (`9 530 000` against
            // 9 612 019) is not rounded at all, and 1 % let it pass.
            if case .money(let given)? = set[totalKey], case .money(let sum)? = sumOf(parts),
               (sum - given).ore > min(given.ore / 100, Int64(parts.count + 1) * Self.printedStep(given) / 2) {
                diagnostics.add(Diagnostic(.warning, kind: "cost_parts_exceed_total", at: locations[totalKey],
                                           "total_cost (\(basis.rawValue)) of project '\(project)' is given as \(given), less than its parts add up to (\(sum)); one of the figures is wrong. The total given is used"))
            }
            if out[totalKey] == nil {
                // A money measure the project has for the other basis but not
                // for this one, where the input has a place for it: the sum
                // would be a part passed off as the whole (ESF support alone
                // as the total cost), so there is none. A measure never given
                // for this basis (actual private funding, never planned), or
                // one the project does not have at all (AMIF in an ESF
                // project), is not missing.
                let missing = Set(set.compactMap { k, v -> String? in
                    guard k.gender == "all", k.measure != "total_cost", case .money = v,
                          set[FigureKey(measure: k.measure, gender: "all", basis: basis)] == nil,
                          declaredMoney[basis]?.contains(k.measure) == true else { return nil }
                    return k.measure
                }).sorted()
                if !missing.isEmpty, !parts.isEmpty {
                    let at = set.lazy.filter { $0.key.basis == basis && $0.key.gender == "all" }.compactMap { locations[$0.key] }.first
                    diagnostics.add(Diagnostic(.warning, kind: "incomplete_parts", at: at,
                                               "total_cost (\(basis.rawValue)) of project '\(project)' has no figure for \(missing.joined(separator: ", ")); it is left empty rather than summed from the other parts"))
                } else if let s = sumOf(parts) {
                    out[totalKey] = s
                }
            }
            for measure in ["participants", "participant_hours"] {
                let allKey = FigureKey(measure: measure, gender: "all", basis: basis)
                let parts = groups.compactMap { set[FigureKey(measure: measure, gender: $0, basis: basis)] }
                guard let s = sumOf(parts) else { continue }
                // A group the project has for the other basis but not for this
                // one, or (for hours) a group with participants but no hours:
                // its groups do not add up to its total, so there is none.
                let missing = groups.filter { g in
                    set[FigureKey(measure: measure, gender: g, basis: basis)] == nil
                        && (FollowUpFact.Basis.allCases.contains { set[FigureKey(measure: measure, gender: g, basis: $0)] != nil }
                            || (measure == "participant_hours" && Self.isPositive(set[FigureKey(measure: "participants", gender: g, basis: basis)])))
                }
                if !missing.isEmpty {
                    if set[allKey] == nil {
                        let at = groups.lazy.compactMap { locations[FigureKey(measure: measure, gender: $0, basis: basis)] }.first
                        diagnostics.add(Diagnostic(.warning, kind: "incomplete_groups", at: at,
                                                   "\(measure) (\(basis.rawValue)) of project '\(project)' has no figure for \(missing.joined(separator: ", ")); its total for all is left empty rather than summed from the other groups"))
                    }
                    continue
                }
                if let given = set[allKey] {
                    if given != s {
                        diagnostics.add(Diagnostic(.warning, kind: "group_sum_mismatch", at: locations[allKey],
                                                   "\(measure) (\(basis.rawValue)) of project '\(project)': the groups add up to \(describe(s)), the total given is \(describe(given)); the total given is used"))
                    }
                } else {
                    out[allKey] = s
                }
            }
        }
        return out
    }

    static func isPositive(_ q: Quantity?) -> Bool {
        if case .count(let n) = q { return n > 0 }
        return false
    }

    static func describe(_ q: Quantity) -> String {
        switch q {
        case .money(let m): m.description
        case .count(let n): String(n)
        case .hours(let h): FigureText.plain(h)
        }
    }

    static func figure(_ q: Quantity?) -> FigureValue? {
        switch q {
        case .money(let m): .money(m)
        case .count(let n): .count(n)
        case .hours(let h): .hours(h)
        case nil: nil
        }
    }

    static func unit(_ q: Quantity) -> FollowUpRow.Unit {
        switch q {
        case .money: .money
        case .count: .count
        case .hours: .hours
        }
    }

    static func ratio(_ a: Quantity?, _ b: Quantity?) -> Decimal? {
        guard let a, let b else { return nil }
        let x = figure(a)!.decimal, y = figure(b)!.decimal
        return y == 0 ? nil : x / y
    }


    // MARK: rows

    /// Projects left out of a total, per project: `total_cost (actual, deviation)`, in row order.
    struct LeftOut {
        var byProject: [String: [String]] = [:]
    }

    /// The rows of one scope. `sets` is one project's figures (scope
    /// `project`) or every project's (scope `all`).
    ///
    /// Each figure of a row is computed over the projects that have every
    /// figure it needs: a sum over the projects that have the summed figure;
    /// a quotient (share, per participant) over the projects that have both
    /// numerator and denominator for that basis; a deviation (and relative
    /// deviation) over the projects that have what both planned and actual
    /// need, so that it compares like with like. At scope `all`, a project
    /// that has some of a row's figures but is left out of one of its totals
    /// is noted in `leftOut`. Quotients and their deviations are exact
    /// fractions, divided (and, for money, rounded to the öre) once.
    static func rows(_ sets: [(project: String, figures: FigureSet)], scope: FollowUpRow.Scope, project: String, measures: [String],
                     groups: [String], exact: inout [ExactKey: ComputedFigure], leftOut: inout LeftOut) -> [FollowUpRow] {
        let key = scope == .all ? "all" : project
        var out: [FollowUpRow] = []
        func record(_ measure: String, _ gender: String, _ planned: ComputedFigure?, _ actual: ComputedFigure?, _ devShare: Decimal?) {
            if let planned { exact[ExactKey(project: key, measure: measure, gender: gender, basis: .planned)] = planned }
            if let actual { exact[ExactKey(project: key, measure: measure, gender: gender, basis: .actual)] = actual }
            if let devShare { exact[ExactKey(project: key, measure: measure + "_deviation_share", gender: gender, basis: .actual)] = ComputedFigure(devShare) }
        }
        func record(_ measure: String, _ gender: String, _ planned: Decimal?, _ actual: Decimal?, _ devShare: Decimal?) {
            record(measure, gender, planned.map { ComputedFigure($0) }, actual.map { ComputedFigure($0) }, devShare)
        }
        func k(_ m: String, _ g: String, _ b: FollowUpFact.Basis) -> FigureKey { FigureKey(measure: m, gender: g, basis: b) }

        // The row being built: its name in a left-out note, every figure it uses, and the parts a project is left out of.
        var rowName = ""
        var rowInputs: [FigureKey] = []
        var rowLeft: [(project: String, part: String)] = []
        func begin(_ measure: String, _ gender: String, _ inputs: [FigureKey]) {
            rowName = gender == "all" ? measure : "\(measure) \(gender)"
            rowInputs = inputs
            rowLeft = []
        }
        func end() {
            guard scope == .all else { return }
            for (p, _) in sets {
                let parts = rowLeft.filter { $0.project == p }.map(\.part)
                guard !parts.isEmpty else { continue }
                let unique = parts.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
                leftOut.byProject[p, default: []].append(rowName + (unique == [""] ? "" : " (\(unique.joined(separator: ", ")))"))
            }
        }
        /// The sums of `keys` over the projects that have all of them (nil when
        /// none has); a project with some of the row's figures but not all of
        /// `keys` is left out of `part`.
        func over(_ keys: [FigureKey], _ part: String) -> [Quantity]? {
            var acc: [Quantity]?
            var missing: [String] = []
            for (p, set) in sets {
                let qs = keys.compactMap { set[$0] }
                if qs.count < keys.count {
                    if rowInputs.contains(where: { set[$0] != nil }) { missing.append(p) }
                    continue
                }
                if let a = acc {
                    let s = zip(a, qs).compactMap { sum($0, $1) }
                    guard s.count == a.count else { return nil }   // a figure given in different units
                    acc = s
                } else {
                    acc = qs
                }
            }
            if acc != nil { rowLeft += missing.map { ($0, part) } }
            return acc
        }

        /// A plain measure: planned, actual, actual − planned, relative deviation.
        func plain(_ m: String, _ g: String) {
            let pk = k(m, g, .planned), ak = k(m, g, .actual)
            begin(m, g, [pk, ak])
            defer { end() }
            let p = over([pk], "planned")?[0], a = over([ak], "actual")?[0]
            guard let any = p ?? a else { return }
            var dev: Quantity?, share: Decimal?
            if p != nil, a != nil, let both = over([pk, ak], "deviation"), let d = sum(both[1], negate(both[0])) {
                dev = d
                share = ratio(d, both[0])
            }
            out.append(FollowUpRow(scope: scope, project: project, measure: m, gender: g, planned: figure(p), actual: figure(a),
                                   deviation: figure(dev), deviationShare: share, unit: unit(any)))
            record(m, g, figure(p)?.decimal, figure(a)?.decimal, share)
        }

        /// numerator / denominator of each basis, over the projects that have
        /// both; the deviation over the projects that have all four.
        func fractions(_ num: (FollowUpFact.Basis) -> FigureKey, _ den: (FollowUpFact.Basis) -> FigureKey,
                       _ make: (Quantity, Quantity) -> Fraction?) -> (p: Fraction?, a: Fraction?, dev: (p: Fraction, a: Fraction)?) {
            let p = over([num(.planned), den(.planned)], "planned").flatMap { make($0[0], $0[1]) }
            let a = over([num(.actual), den(.actual)], "actual").flatMap { make($0[0], $0[1]) }
            guard p != nil, a != nil, let all = over([num(.planned), den(.planned), num(.actual), den(.actual)], "deviation"),
                  let dp = make(all[0], all[1]), let da = make(all[2], all[3]) else { return (p, a, nil) }
            return (p, a, (dp, da))
        }

        /// A quotient per basis (shares, hours per participant): deviation in the quotient's unit, no relative deviation for shares.
        func quotient(_ m: String, _ g: String, num: @escaping (FollowUpFact.Basis) -> FigureKey, den: @escaping (FollowUpFact.Basis) -> FigureKey,
                      unit: FollowUpRow.Unit, relative: Bool) {
            begin(m, g, [num(.planned), den(.planned), num(.actual), den(.actual)])
            defer { end() }
            let f = fractions(num, den) { x, y in Fraction(units(x), units(y)) }
            guard f.p != nil || f.a != nil else { return }
            let p = f.p?.value, a = f.a?.value
            let dev = f.dev.map { ($0.a - $0.p).value }
            let share: Decimal? = relative ? f.dev.flatMap { ($0.a - $0.p) / $0.p }?.value : nil
            out.append(FollowUpRow(scope: scope, project: project, measure: m, gender: g, planned: p.map(FigureValue.ratio),
                                   actual: a.map(FigureValue.ratio), deviation: dev.map(FigureValue.ratio),
                                   deviationShare: share, unit: unit))
            record(m, g, p, a, share)
        }
        let genders = groups + ["all"]

        // Money: the given measures, then total_cost and the share of the budget used.
        for m in measures where sets.contains(where: { isMoney($0.figures, m) }) {
            for g in genders { plain(m, g) }
        }
        plain("total_cost", "all")
        do {
            let pk = k("total_cost", "all", .planned), ak = k("total_cost", "all", .actual)
            begin("budget_used_share", "all", [pk, ak])
            if let both = over([pk, ak], ""), let r = ratio(both[1], both[0]) {
                out.append(FollowUpRow(scope: scope, project: project, measure: "budget_used_share", gender: "all", planned: nil,
                                       actual: .ratio(r), deviation: nil, deviationShare: nil, unit: .share))
                record("budget_used_share", "all", nil, r, nil)
            }
            end()
        }

        // Participants and their shares.
        for g in genders { plain("participants", g) }
        for g in groups {
            quotient("participant_share", g, num: { k("participants", g, $0) }, den: { k("participants", "all", $0) },
                     unit: .share, relative: false)
        }

        // Cost per participant: total cost / all participants, to the öre, half away from zero;
        // its deviation from the exact quotients, rounded once.
        do {
            begin("cost_per_participant", "all", FollowUpFact.Basis.allCases.flatMap { [k("total_cost", "all", $0), k("participants", "all", $0)] })
            let f = fractions({ k("total_cost", "all", $0) }, { k("participants", "all", $0) }) { c, n in
                guard case .money(let c) = c, case .count(let n) = n, n > 0 else { return nil }
                return Fraction(num: Decimal(c.ore), den: Decimal(n))
            }
            if f.p != nil || f.a != nil {
                let p = f.p?.money, a = f.a?.money
                let dev = f.dev.map { ($0.a - $0.p).money }
                let share = f.dev.flatMap { ($0.a - $0.p) / $0.p }?.value
                out.append(FollowUpRow(scope: scope, project: project, measure: "cost_per_participant", gender: "all",
                                       planned: p.map(FigureValue.money), actual: a.map(FigureValue.money),
                                       deviation: dev.map(FigureValue.money), deviationShare: share, unit: .money))
                // A printed figure is compared with the exact quotient: the
                // öre-rounded one would round a second time (500.4975 kr →
                // 500.50 → a printed 501 passing).
                func kronor(_ f: Fraction?, _ m: Money?) -> ComputedFigure? {
                    guard let f, let m else { return nil }
                    return ComputedFigure(f.value / 100, shown: FigureValue.money(m).decimal)
                }
                record("cost_per_participant", "all", kronor(f.p, p), kronor(f.a, a), share)
            }
            end()
        }

        // Hours and hours per participant.
        for g in genders { plain("participant_hours", g) }
        for g in genders {
            quotient("hours_per_participant", g, num: { k("participant_hours", g, $0) }, den: { k("participants", g, $0) },
                     unit: .hoursPerParticipant, relative: true)
        }

        // Anything else the input carries, as given.
        for m in measures where !sets.contains(where: { isMoney($0.figures, m) }) {
            for g in genders { plain(m, g) }
        }
        return out
    }

    /// A figure as an exact number for a fraction: money in öre, counts, hours.
    static func units(_ q: Quantity) -> Decimal {
        switch q {
        case .money(let m): Decimal(m.ore)
        case .count(let n): Decimal(n)
        case .hours(let h): h
        }
    }

    static func isMoney(_ set: FigureSet, _ measure: String) -> Bool {
        set.contains { k, v in
            if k.measure == measure, case .money = v { return true }
            return false
        }
    }

    static func negate(_ q: Quantity) -> Quantity {
        switch q {
        case .money(let m): .money(Money(ore: -m.ore))
        case .count(let n): .count(-n)
        case .hours(let h): .hours(-h)
        }
    }
}
