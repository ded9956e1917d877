/// Statistics computed from level counts, never from rounded shares.
public enum LikertStatistics {
    /// Mean of levels 1…k weighted by their counts.
    public static func mean<C: Collection<Int>>(counts: C) -> Double? {
        let n = counts.reduce(0, +)
        guard n > 0 else { return nil }
        var sum = 0
        for (i, c) in counts.enumerated() { sum += (i + 1) * c }
        return Double(sum) / Double(n)
    }

    /// The median level; with an even n and the two middle answers on
    /// different levels, their midpoint (so 4.5 is possible).
    public static func median<C: Collection<Int>>(counts: C) -> Double? {
        let n = counts.reduce(0, +)
        guard n > 0 else { return nil }
        func level(at rank: Int) -> Int {  // rank is 0-based in sorted order
            var seen = 0
            for (i, c) in counts.enumerated() {
                seen += c
                if rank < seen { return i + 1 }
            }
            return counts.count
        }
        if n % 2 == 1 { return Double(level(at: n / 2)) }
        return Double(level(at: n / 2 - 1) + level(at: n / 2)) / 2
    }

    /// Wilson score interval for a proportion at 95 %: unlike the normal
    /// approximation it stays inside [0, 1] and is honest for small courses.
    public static func wilson(successes: Int, n: Int, z: Double = 1.959963984540054) -> (low: Double, high: Double)? {
        guard n > 0 else { return nil }
        let nn = Double(n)
        let p = Double(successes) / nn
        let z2 = z * z
        let denom = 1 + z2 / nn
        let centre = (p + z2 / (2 * nn)) / denom
        let half = z * (p * (1 - p) / nn + z2 / (4 * nn * nn)).squareRoot() / denom
        // At p = 0 and p = 1 the bounds are exactly 0 and 1; floating point
        // would leave 2.8e-17 there, which reads as "not quite zero".
        return (successes == 0 ? 0 : max(0, centre - half), successes == n ? 1 : min(1, centre + half))
    }
}
