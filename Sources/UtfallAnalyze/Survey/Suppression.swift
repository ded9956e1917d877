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
        var hidden: [CellKey: Reason] = [:]
        for (k, v) in n where v > 0 && v < minimum { hidden[k] = .primary }
        // Secondary suppression only ever protects a hidden cell: with none
        // hidden (always so at a minimum of 1) there is nothing to do.
        guard minimum > 0, !hidden.isEmpty else { return hidden }

        // Partitions: parent cell -> the cells that add up to it.
        var partitions: [CellKey: [CellKey]] = [:]
        for k in n.keys {
            if k.breakdown != "all" { partitions[k.total, default: []].append(k) }
            if let p = k.parent { partitions[p, default: []].append(k) }
        }
        // Stable order so the same input always hides the same cells.
        let ordered = partitions.keys.sorted(by: CellKey.stableLess)
        for key in ordered { partitions[key]!.sort(by: CellKey.stableLess) }

        var changed = true
        while changed {
            changed = false
            for parent in ordered {
                let children = partitions[parent]!
                guard n[parent] != nil, hidden[parent] == nil else { continue }
                let hiddenChildren = children.filter { hidden[$0] != nil }
                guard hiddenChildren.count == 1 else { continue }
                let candidates = children.filter { hidden[$0] == nil && (n[$0] ?? 0) > 0 }
                if let smallest = candidates.min(by: { (n[$0]!, $0) < (n[$1]!, $1) }) {
                    hidden[smallest] = .secondary
                } else {
                    hidden[parent] = .secondary
                }
                changed = true
            }
        }
        return hidden
    }
}

extension CellKey: Comparable {
    static func stableLess(_ a: CellKey, _ b: CellKey) -> Bool { a < b }

    public static func < (a: CellKey, b: CellKey) -> Bool {
        (a.scope.rawValue, a.project, a.course, a.breakdown, a.group)
            < (b.scope.rawValue, b.project, b.course, b.breakdown, b.group)
    }
}
