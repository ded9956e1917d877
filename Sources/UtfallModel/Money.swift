/// An exact amount of Swedish money in öre (1 kr = 100 öre).
///
/// Sums of costs must come out to the öre, which binary floating point cannot
/// promise; every amount is therefore an integer count of öre and only
/// formatting divides.
public struct Money: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var ore: Int64

    public init(ore: Int64) { self.ore = ore }
    public init(kronor: Int64) { self.ore = kronor * 100 }

    public static let zero = Money(ore: 0)

    public static func + (a: Money, b: Money) -> Money { Money(ore: a.ore + b.ore) }
    public static func - (a: Money, b: Money) -> Money { Money(ore: a.ore - b.ore) }
    public static func += (a: inout Money, b: Money) { a.ore += b.ore }
    public static func < (a: Money, b: Money) -> Bool { a.ore < b.ore }

    /// Kronor with exactly two decimals and `.` as separator, e.g. `7176285.00`:
    /// the machine form used in CSV outputs.
    public var plainKronor: String {
        let sign = ore < 0 ? "-" : ""
        let a = ore.magnitude
        let frac = a % 100
        return "\(sign)\(a / 100).\(frac < 10 ? "0" : "")\(frac)"
    }

    /// Kronor as a Double, for handing to a spreadsheet cell only. Exact for
    /// any amount below 2^53 öre (about 90 billion kronor).
    public var kronorForDisplay: Double { Double(ore) / 100 }

    public var description: String { plainKronor + " kr" }
}

/// The single rounding rule of utfall: half away from zero, applied only when a
/// figure is displayed or compared with a printed one (which is how the
/// reports we reconcile were rounded).
public enum Rounding {
    public static func divideRoundingHalfAwayFromZero(_ a: Int64, _ b: Int64) -> Int64 {
        precondition(b != 0)
        let q = a / b
        let r = a % b
        if r == 0 { return q }
        let twice = r.magnitude * 2
        if twice >= b.magnitude {
            return (a < 0) != (b < 0) ? q - 1 : q + 1
        }
        return q
    }
}
