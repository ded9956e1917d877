import Foundation

/// The bytes of `Field.number`, written straight into a buffer.
///
/// Ten significant digits of the double's exact value, like C's `%.10G`,
/// except that an exact tie is rounded away from zero as every other figure
/// of utfall is (glibc rounds it to even: 1025/2048 = 0.50048828125 gave
/// …12 here and …13 in the follow-up CSV). Going through `vsnprintf` also
/// boxed every argument and built a String per figure, and a large survey
/// writes hundreds of thousands of figures. The digits are worked out with
/// integer arithmetic for the magnitudes shares and means take (1e-10 ≤ |x| <
/// 1e10; below 1e-4 in plain notation, as `Field.fixed` writes what `%.10G`
/// would write with an exponent); anything else goes through
/// `Field.printfNumber`, so the text is the same for every value but ties
/// (NumberTextTests compare the two on millions of values).
enum NumberText {
    /// Appends `x` as `Field.number` writes it.
    static func append(_ x: Double?, to out: inout [UInt8]) {
        guard let x, x.isFinite else { return }
        if x == x.rounded(), abs(x) < 1e15 {
            appendInteger(Int64(x), to: &out)
            return
        }
        guard let (digits, exponent) = tenDigits(abs(x)) else {
            out.append(contentsOf: Field.printfNumber(x).utf8)
            return
        }
        if x < 0 { out.append(UInt8(ascii: "-")) }
        appendDecimal(digits: digits, exponent: exponent, to: &out)
    }

    static func appendInteger<I: BinaryInteger>(_ v: I, to out: inout [UInt8]) {
        if v < 0 { out.append(UInt8(ascii: "-")) }
        var m = v.magnitude
        // 20 digits hold any 64-bit magnitude.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { buf in
            var i = 20
            repeat {
                i -= 1
                buf[i] = UInt8(ascii: "0") + UInt8(truncatingIfNeeded: m % 10)
                m /= 10
            } while m != 0
            out.append(contentsOf: UnsafeBufferPointer(rebasing: buf[i..<20]))
        }
    }

    /// `%.10G`'s digits of `a` (> 0): `digits` in 10⁹…10¹⁰−1 and the decimal
    /// exponent of the first, so that a ≈ digits × 10^(exponent−9); nil when
    /// the exponent is below −10 or above 9 (where `%.10G` would print an
    /// exponent and `Field.fixed` takes over) or `a` lies outside the range
    /// handled here. A share of one answer in 32 768 is 3.05e-5: its tie
    /// was rounded to even there.
    static func tenDigits(_ a: Double) -> (digits: UInt64, exponent: Int)? {
        guard a.isNormal, a >= 1e-11, a < 1e10 else { return nil }
        // a = m × 2^e exactly, m < 2^53.
        let m = a.significandBitPattern | (1 << 52)
        let shift = 52 - Int(a.exponent)  // a = m / 2^shift
        guard shift > 0, shift < 128 else { return nil }
        var e = Int(log10(a).rounded(.down))
        // floor(a × 10^(9−e)) must have ten digits; log10 may be off by one near powers of ten.
        for _ in 0..<3 {
            let p = 9 - e
            guard p >= 0, p <= 19 else { return nil }
            let scaled = m.multipliedFullWidth(by: powersOfTen[p])  // a × 10^p × 2^shift, exactly
            let (q, rest) = shiftRight(scaled, shift)
            if q < 1_000_000_000 { e -= 1; continue }
            if q >= 10_000_000_000 { e += 1; continue }
            // Round half away from zero (a > 0) on the exact remainder.
            var digits = q
            let half = halfOf(shift)
            if rest.high > half.high || (rest.high == half.high && rest.low >= half.low) {
                digits += 1
            }
            if digits == 10_000_000_000 { digits = 1_000_000_000; e += 1 }
            guard e >= -10, e <= 9 else { return nil }
            return (digits, e)
        }
        return nil
    }

    /// Plain decimal of digits × 10^(exponent−9), trailing zeros dropped, as `%G` prints it.
    static func appendDecimal(digits: UInt64, exponent: Int, to out: inout [UInt8]) {
        // "0." and nine zeros, then ten digits: 21 bytes at most.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 32) { buf in
            let zero = UInt8(ascii: "0")
            var d = (zero, zero, zero, zero, zero, zero, zero, zero, zero, zero)
            withUnsafeMutableBytes(of: &d) { digitBytes in
                var v = digits
                for i in stride(from: 9, through: 0, by: -1) {
                    digitBytes[i] = zero + UInt8(truncatingIfNeeded: v % 10)
                    v /= 10
                }
                var last = 9
                while last > 0 && digitBytes[last] == zero { last -= 1 }
                var n = 0
                if exponent >= 0 {
                    for i in 0...exponent { buf[n] = digitBytes[i]; n += 1 }
                    if last > exponent {
                        buf[n] = UInt8(ascii: "."); n += 1
                        for i in (exponent + 1)...last { buf[n] = digitBytes[i]; n += 1 }
                    }
                } else {
                    buf[n] = zero; buf[n + 1] = UInt8(ascii: "."); n += 2
                    for _ in 0..<(-exponent - 1) { buf[n] = zero; n += 1 }
                    for i in 0...last { buf[n] = digitBytes[i]; n += 1 }
                }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: buf[0..<n]))
            }
        }
    }

    private static let powersOfTen: [UInt64] = (0...19).map { p in (0..<p).reduce(UInt64(1)) { r, _ in r * 10 } }

    private typealias Wide = (high: UInt64, low: UInt64)

    /// (value >> shift, value mod 2^shift) of a 128-bit value, 0 < shift < 128.
    private static func shiftRight(_ v: (high: UInt64, low: UInt64.Magnitude), _ shift: Int) -> (UInt64, Wide) {
        if shift >= 64 {
            let s = shift - 64
            let q = s == 0 ? v.high : v.high >> UInt64(s)
            let restHigh = s == 0 ? 0 : v.high & ((1 << UInt64(s)) - 1)
            return (q, (restHigh, v.low))
        }
        let s = UInt64(shift)
        // A quotient past 2^64 is far more than ten digits: report it as too large.
        if v.high >> s != 0 { return (.max, (0, 0)) }
        let q = (v.high << (64 - s)) | (v.low >> s)
        return (q, (0, v.low & ((1 << s) - 1)))
    }

    /// 2^(shift−1) as a 128-bit value.
    private static func halfOf(_ shift: Int) -> Wide {
        shift - 1 >= 64 ? (1 << UInt64(shift - 65), 0) : (0, 1 << UInt64(shift - 1))
    }
}
