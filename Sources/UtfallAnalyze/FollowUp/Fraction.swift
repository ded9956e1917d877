import Foundation
import UtfallModel

extension FollowUp {
    /// An exact quotient `num / den` of exact figures (öre, head counts,
    /// hours), so that a derived figure is combined as a fraction and divided
    /// once, at the end: the deviation of cost per participant is
    /// `ca/na − cp/np = (ca·np − cp·na) / (na·np)`, rounded once to the öre,
    /// not the difference of two rounded amounts.
    ///
    /// Numerator and denominator are Decimals holding whole numbers (or
    /// hours with their few decimals); Decimal arithmetic is exact up to 38
    /// digits, far beyond öre × participants × participants.
    struct Fraction: Hashable {
        var num: Decimal
        var den: Decimal

        /// nil when `den` is zero.
        init?(_ num: Decimal, _ den: Decimal) {
            guard den != 0 else { return nil }
            self.num = num
            self.den = den
        }

        init(num: Decimal, den: Decimal) {
            precondition(den != 0)
            self.num = num
            self.den = den
        }

        static func - (a: Fraction, b: Fraction) -> Fraction {
            Fraction(num: a.num * b.den - b.num * a.den, den: a.den * b.den)
        }

        /// nil when `b` is zero.
        static func / (a: Fraction, b: Fraction) -> Fraction? {
            Fraction(a.num * b.den, a.den * b.num)
        }

        /// The quotient as a Decimal (38 significant digits): the one division.
        var value: Decimal { num / den }

        /// The quotient rounded to a whole number, half away from zero: the
        /// rule of `Rounding.divideRoundingHalfAwayFromZero`, for numbers
        /// beyond Int64. The remainder decides, so a quotient just below a
        /// half is never rounded up by the Decimal division first.
        var roundedToWhole: Decimal {
            let n = abs(num), d = abs(den)
            var x = n / d, q = Decimal()
            NSDecimalRound(&q, &x, 0, .down)
            var r = n - q * d
            while r < 0 { q -= 1; r += d }
            while r >= d { q += 1; r -= d }
            if 2 * r >= d { q += 1 }
            return (num < 0) != (den < 0) ? -q : q
        }

        /// `roundedToWhole` of an amount in öre, as Money.
        var money: Money { Money(ore: NSDecimalNumber(decimal: roundedToWhole).int64Value) }
    }
}
