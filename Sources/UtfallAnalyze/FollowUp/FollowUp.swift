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
/// computed from the project rows, never taken from a totals row; cost per
/// participant is `Money.divided(by:)` (half away from zero, to the öre);
/// shares and hours per participant are exact Decimal quotients.
public enum FollowUp {
    public static func compute(projects: [ProjectInfo], facts: [FollowUpFact], reported: [ReportedFigure]) -> FollowUpReport {
        var report = FollowUpReport()
        var diagnostics = Diagnostics()

        // Projects: first occurrence wins; a later row with the same key is an error.
        var seen: [String: ProjectInfo] = [:]
        var droppedRows: Set<SourceLocation> = []
        for info in projects {
            if let first = seen[info.project] {
                diagnostics.add(Diagnostic(.error, kind: "duplicate_project", at: info.location,
                                           "project '\(info.project)' appears again (first at line \(first.location.line.map(String.init) ?? "?")); this row is ignored"))
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
        var completed: [String: FigureSet] = [:]
        for p in order {
            guard let set = sets[p] else { continue }
            completed[p] = Self.complete(set, project: p, groups: groups, locations: locations[p] ?? [:], diagnostics: &diagnostics)
        }
        let orderedProjects = order.filter { completed[$0] != nil }
        let allMeasures = Self.orderedMeasures(measureOrder)

        // Totals from the project rows.
        var totals: FigureSet = [:]
        for p in orderedProjects {
            for (key, q) in completed[p]! {
                totals[key] = totals[key].map { Self.sum($0, q) ?? $0 } ?? q
            }
        }

        var exact: [ExactKey: Decimal] = [:]
        for p in orderedProjects {
            report.rows += Self.rows(completed[p]!, scope: .project, project: p, measures: allMeasures, groups: groups, exact: &exact)
        }
        if !orderedProjects.isEmpty {
            report.rows += Self.rows(totals, scope: .all, project: "", measures: allMeasures, groups: groups, exact: &exact)
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

/// A computed value as reconciliation looks it up; `project` is `all` for totals.
struct ExactKey: Hashable {
    var project: String
    var measure: String
    var gender: String
    var basis: FollowUpFact.Basis
}

extension FollowUp {
    static let moneyOrder = ["esf_support", "cofinancing"]
    static let derived: Set<String> = ["total_cost", "participants", "participant_share", "cost_per_participant",
                                       "participant_hours", "hours_per_participant", "budget_used_share"]

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

    static func sumOf(_ qs: [Quantity]) -> Quantity? {
        guard var acc = qs.first else { return nil }
        for q in qs.dropFirst() { guard let s = sum(acc, q) else { return nil }; acc = s }
        return acc
    }

    /// Adds `total_cost` (sum of the other money measures) and the `all`
    /// participants and hours (sum of the groups) where not given; where
    /// given, a disagreeing sum of groups is reported.
    static func complete(_ set: FigureSet, project: String, groups: [String], locations: [FigureKey: SourceLocation],
                         diagnostics: inout Diagnostics) -> FigureSet {
        var out = set
        for basis in FollowUpFact.Basis.allCases {
            let totalKey = FigureKey(measure: "total_cost", gender: "all", basis: basis)
            if out[totalKey] == nil {
                let parts = set.filter { $0.key.basis == basis && $0.key.gender == "all" && $0.key.measure != "total_cost" }
                    .compactMap { if case .money = $0.value { return $0.value } else { return nil } }
                if let s = sumOf(parts) { out[totalKey] = s }
            }
            for measure in ["participants", "participant_hours"] {
                let allKey = FigureKey(measure: measure, gender: "all", basis: basis)
                let parts = groups.compactMap { set[FigureKey(measure: measure, gender: $0, basis: basis)] }
                guard let s = sumOf(parts) else { continue }
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

    static func double(_ d: Decimal?) -> Double? { d.map { NSDecimalNumber(decimal: $0).doubleValue } }

    // MARK: rows

    static func rows(_ set: FigureSet, scope: FollowUpRow.Scope, project: String, measures: [String], groups: [String],
                     exact: inout [ExactKey: Decimal]) -> [FollowUpRow] {
        let key = scope == .all ? "all" : project
        var out: [FollowUpRow] = []
        func record(_ measure: String, _ gender: String, _ planned: Decimal?, _ actual: Decimal?, _ devShare: Decimal?) {
            if let planned { exact[ExactKey(project: key, measure: measure, gender: gender, basis: .planned)] = planned }
            if let actual { exact[ExactKey(project: key, measure: measure, gender: gender, basis: .actual)] = actual }
            if let devShare { exact[ExactKey(project: key, measure: measure + "_deviation_share", gender: gender, basis: .actual)] = devShare }
        }
        func get(_ m: String, _ g: String, _ b: FollowUpFact.Basis) -> Quantity? { set[FigureKey(measure: m, gender: g, basis: b)] }
        /// A plain measure: planned, actual, actual − planned, relative deviation.
        func plain(_ m: String, _ g: String) {
            let p = get(m, g, .planned), a = get(m, g, .actual)
            guard let any = p ?? a else { return }
            var dev: FigureValue?
            if let p, let a, let d = sum(a, negate(p)) { dev = figure(d) }
            let share: Decimal? = dev.flatMap { d in p.flatMap { ratio(quantity(d), $0) } }
            out.append(FollowUpRow(scope: scope, project: project, measure: m, gender: g, planned: figure(p), actual: figure(a),
                                   deviation: dev, deviationShare: double(share), unit: unit(any)))
            record(m, g, figure(p)?.decimal, figure(a)?.decimal, share)
        }
        /// A quotient per basis (shares, hours per participant): deviation in the quotient's unit, no relative deviation for shares.
        func quotient(_ m: String, _ g: String, _ p: Decimal?, _ a: Decimal?, unit: FollowUpRow.Unit, relative: Bool) {
            guard p != nil || a != nil else { return }
            let dev: Decimal? = (p != nil && a != nil) ? a! - p! : nil
            let share: Decimal? = relative ? dev.flatMap { d in p.flatMap { $0 == 0 ? nil : d / $0 } } : nil
            out.append(FollowUpRow(scope: scope, project: project, measure: m, gender: g, planned: p.map(FigureValue.ratio),
                                   actual: a.map(FigureValue.ratio), deviation: dev.map(FigureValue.ratio),
                                   deviationShare: double(share), unit: unit))
            record(m, g, p, a, share)
        }
        let genders = groups + ["all"]

        // Money: the given measures, then total_cost and the share of the budget used.
        for m in measures where isMoney(set, m) {
            for g in genders { plain(m, g) }
        }
        plain("total_cost", "all")
        if let p = get("total_cost", "all", .planned), let a = get("total_cost", "all", .actual), let r = ratio(a, p) {
            out.append(FollowUpRow(scope: scope, project: project, measure: "budget_used_share", gender: "all", planned: nil,
                                   actual: .ratio(r), deviation: nil, deviationShare: nil, unit: .share))
            record("budget_used_share", "all", nil, r, nil)
        }

        // Participants and their shares.
        for g in genders { plain("participants", g) }
        for g in groups {
            quotient("participant_share", g, ratio(get("participants", g, .planned), get("participants", "all", .planned)),
                     ratio(get("participants", g, .actual), get("participants", "all", .actual)), unit: .share, relative: false)
        }

        // Cost per participant: total cost / all participants, to the öre, half away from zero.
        do {
            func cpp(_ b: FollowUpFact.Basis) -> Money? {
                guard case .money(let c)? = get("total_cost", "all", b), case .count(let n)? = get("participants", "all", b) else { return nil }
                return c.divided(by: n)
            }
            let p = cpp(.planned), a = cpp(.actual)
            if p != nil || a != nil {
                // The relative deviation from the exact quotients, not from the rounded amounts.
                var share: Decimal?
                if p != nil, a != nil, let ep = ratio(get("total_cost", "all", .planned), get("participants", "all", .planned)),
                   let ea = ratio(get("total_cost", "all", .actual), get("participants", "all", .actual)), ep != 0 {
                    share = (ea - ep) / ep
                }
                out.append(FollowUpRow(scope: scope, project: project, measure: "cost_per_participant", gender: "all",
                                       planned: p.map(FigureValue.money), actual: a.map(FigureValue.money),
                                       deviation: (p != nil && a != nil) ? .money(a! - p!) : nil, deviationShare: double(share), unit: .money))
                record("cost_per_participant", "all", p.map { FigureValue.money($0).decimal }, a.map { FigureValue.money($0).decimal }, share)
            }
        }

        // Hours and hours per participant.
        for g in genders { plain("participant_hours", g) }
        for g in genders {
            quotient("hours_per_participant", g, ratio(get("participant_hours", g, .planned), get("participants", g, .planned)),
                     ratio(get("participant_hours", g, .actual), get("participants", g, .actual)), unit: .hoursPerParticipant, relative: true)
        }

        // Anything else the input carries, as given.
        for m in measures where !isMoney(set, m) {
            for g in genders { plain(m, g) }
        }
        return out
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

    static func quantity(_ f: FigureValue) -> Quantity? {
        switch f {
        case .money(let m): .money(m)
        case .count(let n): .count(n)
        case .hours(let h): .hours(h)
        case .ratio: nil
        }
    }
}
