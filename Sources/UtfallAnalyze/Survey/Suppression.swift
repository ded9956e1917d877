/// Small-cell suppression for tables of counts published at several scopes.
///
/// Primary: a cell whose n is below the minimum is never published. A cell
/// with n = 0 describes nobody and stays published (as 0 with empty shares):
/// hiding it protects no one, and with a minimum of 1 nothing is hidden.
/// Secondary: a published total minus its other published parts must not
/// give a suppressed cell back. Cells add up along two axes — breakdown
/// groups add up to their scope's total, and courses (projects) add up to
/// their project (the whole survey) — so whenever a total is published and
/// exactly one of its parts is hidden, the smallest other part is hidden too
/// (or, when there is none, the total). This repeats until nothing changes,
/// since hiding a cell on one axis can expose it on the other.
public enum Suppression {
    public enum Reason: String, Sendable { case primary, secondary }

    public static func apply(n: [CellKey: Int], minimum: Int) -> [CellKey: Reason] {
        let cells = Array(n.keys)
        let reasons = Plan(cells: cells).apply(n: cells.map { n[$0]! }, minimum: minimum)
        var hidden: [CellKey: Reason] = [:]
        for (c, r) in zip(cells, reasons) where r != nil { hidden[c] = r }
        return hidden
    }

    /// The partitions of one set of cells, worked out once and applied to
    /// every item's n: the cells are the same for all items of a survey,
    /// only their n differ.
    struct Plan {
        /// Parent position and its parts' positions, for the parents among
        /// the cells; parents and parts in `CellKey` order, so the same
        /// input always hides the same cells.
        private var partitions: [(parent: Int, children: [Int])] = []
        /// Each cell's place in `CellKey` order, for ties between equal n.
        private var rank: [Int]

        init(cells: [CellKey]) {
            var position: [CellKey: Int] = [:]
            for (i, c) in cells.enumerated() { position[c] = i }
            let ordered = cells.indices.sorted { cells[$0] < cells[$1] }
            rank = Array(repeating: 0, count: cells.count)
            for (r, i) in ordered.enumerated() { rank[i] = r }
            // A parent that is not itself a cell has no n and is never
            // hidden or published, so its partition is left out.
            var children: [Int: [Int]] = [:]
            for i in ordered {
                let k = cells[i]
                if k.breakdown != "all", let p = position[k.total] { children[p, default: []].append(i) }
                if let pk = k.parent, let p = position[pk] { children[p, default: []].append(i) }
            }
            for p in ordered { if let ch = children[p] { partitions.append((p, ch)) } }
        }

        /// The reason each cell (by position) is hidden, nil when published.
        func apply(n: [Int], minimum: Int) -> [Reason?] {
            var hidden = [Reason?](repeating: nil, count: n.count)
            var any = false
            for (i, v) in n.enumerated() where v > 0 && v < minimum {
                hidden[i] = .primary
                any = true
            }
            // Secondary suppression only ever protects a hidden cell: with none
            // hidden (always so at a minimum of 1) there is nothing to do.
            guard minimum > 0, any else { return hidden }

            var changed = true
            while changed {
                changed = false
                for (parent, children) in partitions {
                    guard hidden[parent] == nil else { continue }
                    var hiddenChildren = 0
                    for c in children where hidden[c] != nil { hiddenChildren += 1 }
                    guard hiddenChildren == 1 else { continue }
                    // The smallest published part with answers; equal n go by CellKey order.
                    var smallest: Int?
                    for c in children where hidden[c] == nil && n[c] > 0 {
                        if let s = smallest, (n[s], rank[s]) <= (n[c], rank[c]) { continue }
                        smallest = c
                    }
                    if let smallest { hidden[smallest] = .secondary } else { hidden[parent] = .secondary }
                    changed = true
                }
            }
            return hidden
        }
    }
}

extension CellKey: Comparable {
    static func stableLess(_ a: CellKey, _ b: CellKey) -> Bool { a < b }

    public static func < (a: CellKey, b: CellKey) -> Bool {
        (a.scope.rawValue, a.project, a.course, a.breakdown, a.group)
            < (b.scope.rawValue, b.project, b.course, b.breakdown, b.group)
    }
}
