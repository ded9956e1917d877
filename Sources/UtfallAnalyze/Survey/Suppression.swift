/// Small-cell suppression for tables of counts published at several scopes.
///
/// Primary: a cell is never published when its n is below the minimum, nor
/// when the people it shows at all (n plus "Vet ej" and blanks) are fewer
/// than the minimum: a group of one that skipped the item is still a group
/// of one. A cell with nobody in it stays published (as 0 with empty shares),
/// and with a minimum of 1 nothing is hidden.
///
/// Secondary: no hidden cell may be got back from one sum. Cells add up in
/// several ways — the groups of each breakdown add up to their scope's total,
/// and courses (projects) add up to their project (the whole survey) — and
/// each such sum is checked on its own. Whenever exactly one of a sum's
/// members (the total or one of its parts) is hidden, it follows from the
/// others, so one more is hidden: the smallest other part with answers, or
/// else the total. Nor may the hidden parts under a published total make a
/// group below the minimum together (their joint figures follow from the
/// sum): then one more is hidden the same way. This repeats until nothing
/// changes, since hiding a cell in one sum can expose it in another.
public enum Suppression {
    public enum Reason: String, Sendable { case primary, secondary }

    /// `base`: cells hidden before this table's own rule (see `Plan.apply`).
    /// `known`: cells whose figure another table already publishes, so
    /// hiding them here protects nothing; they are never picked to protect.
    public static func apply(n: [CellKey: Int], minimum: Int, base: [CellKey: Reason] = [:], known: Set<CellKey> = []) -> [CellKey: Reason] {
        let cells = Array(n.keys)
        let reasons = Plan(cells: cells).apply(n: cells.map { n[$0]! }, minimum: minimum,
                                               base: base.isEmpty ? nil : cells.map { base[$0] },
                                               known: known.isEmpty ? nil : cells.map { known.contains($0) })
        var hidden: [CellKey: Reason] = [:]
        for (c, r) in zip(cells, reasons) where r != nil { hidden[c] = r }
        return hidden
    }

    /// The sums among one set of cells, worked out once and applied to
    /// every item's n: the cells are the same for all items of a survey,
    /// only their n differ.
    struct Plan {
        /// A total's position and its parts' positions, for the totals
        /// among the cells: one sum per breakdown and one over the level
        /// below. Totals and parts in `CellKey` order, so the same input
        /// always hides the same cells.
        private(set) var sums: [(total: Int, parts: [Int])] = []
        /// Each cell's place in `CellKey` order, for ties between equal n.
        private var rank: [Int]

        private struct GroupSum: Hashable {
            var total: Int
            var breakdown: String
        }

        init(cells: [CellKey]) {
            var position: [CellKey: Int] = [:]
            for (i, c) in cells.enumerated() { position[c] = i }
            let ordered = cells.indices.sorted { cells[$0] < cells[$1] }
            rank = Array(repeating: 0, count: cells.count)
            for (r, i) in ordered.enumerated() { rank[i] = r }
            // A total that is not itself a cell has no n and is never
            // hidden or published, so its sums are left out.
            var groups: [GroupSum: [Int]] = [:]
            var breakdowns: [Int: [String]] = [:]
            var below: [Int: [Int]] = [:]
            for i in ordered {
                let k = cells[i]
                if k.breakdown != "all", let p = position[k.total] {
                    let key = GroupSum(total: p, breakdown: k.breakdown)
                    if groups[key] == nil { breakdowns[p, default: []].append(k.breakdown) }
                    groups[key, default: []].append(i)
                }
                // Without a project column there are no project cells: the
                // courses then add up to the whole survey.
                var up = k.parent
                while let pk = up, position[pk] == nil { up = pk.parent }
                if let pk = up, let p = position[pk] { below[p, default: []].append(i) }
            }
            for p in ordered {
                for b in breakdowns[p] ?? [] { sums.append((p, groups[GroupSum(total: p, breakdown: b)]!)) }
                if let parts = below[p] { sums.append((p, parts)) }
            }
        }

        /// The reason each cell (by position) is hidden, nil when published.
        /// `shown` is the number of people each cell's figures describe (n
        /// plus non-substantive answers and blanks); it defaults to n.
        /// `base` is a pattern already hidden in every table of these cells
        /// (see `SurveyResults`' people pattern): starting from it, each
        /// table hides what its own n adds, so two tables of the same people
        /// never hide them differently where people alone decide.
        func apply(n: [Int], shown: [Int]? = nil, minimum: Int, base: [Reason?]? = nil, known: [Bool]? = nil) -> [Reason?] {
            let known = known ?? [Bool](repeating: false, count: n.count)
            let shown = shown ?? n
            var hidden = base ?? [Reason?](repeating: nil, count: n.count)
            var any = hidden.contains { $0 != nil }
            for i in n.indices where hidden[i] == nil && ((n[i] > 0 && n[i] < minimum) || (shown[i] > 0 && shown[i] < minimum)) {
                hidden[i] = .primary
                any = true
            }
            // Secondary suppression only ever protects a hidden cell: with none
            // hidden (always so at a minimum of 1) there is nothing to do.
            guard minimum > 0, any else { return hidden }

            // A hidden cell that follows from a sum whose other members no
            // rule may hide (published elsewhere, or describing nobody) is as
            // good as published: it protects nothing in its other sums.
            // Counted as a protector there, it let a course of one follow
            // from the whole survey minus the projects.
            var exposed = [Bool](repeating: false, count: n.count)
            var changed = true
            while changed {
                changed = false
                for (total, parts) in sums {
                    var hiddenMembers = 0, lone = total
                    if hidden[total] != nil && !exposed[total] { hiddenMembers = 1 }
                    for c in parts where hidden[c] != nil && !exposed[c] { hiddenMembers += 1; lone = c }
                    if hiddenMembers > 1 {
                        // Under a published total, the hidden parts together
                        // follow from it: two courses of two people are one
                        // group of four whose answers anyone can subtract.
                        // Together they must be no smaller group than one.
                        guard hidden[total] == nil || exposed[total] else { continue }
                        let together = parts.filter { hidden[$0] != nil && !exposed[$0] }
                        let people = together.reduce(0) { $0 + n[$1] }, all = together.reduce(0) { $0 + shown[$1] }
                        guard (people > 0 && people < minimum) || (all > 0 && all < minimum) else { continue }
                    }
                    guard hiddenMembers >= 1 else { continue }
                    // The smallest published part with answers (substantive
                    // ones first); equal sizes go by CellKey order.
                    var smallest: Int?
                    for c in parts where hidden[c] == nil && shown[c] > 0 && !known[c] {
                        if let s = smallest, (n[s] == 0 ? 1 : 0, n[s], shown[s], rank[s]) <= (n[c] == 0 ? 1 : 0, n[c], shown[c], rank[c]) { continue }
                        smallest = c
                    }
                    if let smallest {
                        hidden[smallest] = .secondary
                    } else if hidden[total] == nil && !known[total] {
                        hidden[total] = .secondary
                    } else if hiddenMembers == 1 {
                        exposed[lone] = true
                    } else {
                        // Nothing left to hide here: the group the hidden parts
                        // make is as exposed as it is; other sums are not told.
                        continue
                    }
                    changed = true
                }
            }
            return hidden
        }
    }
}

extension CellKey: Comparable {
    public static func < (a: CellKey, b: CellKey) -> Bool {
        (a.scope.rawValue, a.project, a.course, a.breakdown, a.group)
            < (b.scope.rawValue, b.project, b.course, b.breakdown, b.group)
    }
}
