import Foundation
import Testing
import UtfallAnalyze
@testable import UtfallWrite

/// `NumberText` must give exactly the bytes of C's `%.10G` (then plain
/// decimals instead of exponents) for every value but exact ties, which it
/// rounds away from zero.
@Suite struct NumberTextTests {
    static func fast(_ x: Double?) -> String {
        var b: [UInt8] = []
        NumberText.append(x, to: &b)
        return String(decoding: b, as: UTF8.self)
    }

    /// Whether `x` is exactly half-way between two ten-digit values: its
    /// exact decimal expansion ends in a 5 at the eleventh significant digit.
    /// (A double is either exactly such a tie or at least about 10⁻¹⁷ of
    /// itself away, so forty digits tell.)
    static func isTie(_ x: Double) -> Bool {
        let digits = String(format: "%.40e", abs(x)).prefix { $0 != "e" }.filter(\.isNumber)
        let tail = digits.dropFirst(10)
        return tail.first == "5" && tail.dropFirst().allSatisfy { $0 == "0" }
    }

    /// Mismatches among `values` (ties aside), at most a few, for a readable failure.
    static func mismatches<S: Sequence<Double>>(_ values: S) -> [String] {
        var bad: [String] = []
        for x in values {
            let want = Field.printfNumber(x), got = fast(x)
            if want != got, !isTie(x) {
                bad.append("\(x.debugDescription): printf \(want), fast \(got)")
                if bad.count >= 5 { break }
            }
        }
        return bad
    }

    /// 1025/2048 = 0.50048828125 exactly: a tie at the eleventh digit.
    /// glibc rounds it to even; utfall away from zero, like the follow-up's
    /// Decimal shares of the same count.
    @Test func tiesAreRoundedAwayFromZero() {
        #expect(Field.printfNumber(1025.0 / 2048) == "0.5004882812")
        #expect(Self.fast(1025.0 / 2048) == "0.5004882813" && Self.fast(-1025.0 / 2048) == "-0.5004882813")
        #expect(Field.number(1025.0 / 2048) == "0.5004882813")
        #expect(Self.fast(3.0 / 2048) == "0.00146484375")  // nine digits: no rounding at all
        // One answer in 32 768: 1/2^15 = 0.000030517578125, printed without
        // an exponent, was rounded to even below 1e-4 (the follow-up's
        // Decimal share of the same count read …813).
        #expect(Field.printfNumber(1.0 / 32768) == "0.00003051757812")
        #expect(Field.number(1.0 / 32768) == "0.00003051757813" && Field.number(-1.0 / 32768) == "-0.00003051757813")
        #expect(Field.number(1.0 / 1_073_741_824) == "0.0000000009313225746")
        #expect(Field.number(1e-12) == Field.printfNumber(1e-12))
        // Not ties: one ulp either side rounds as %.10G does.
        for x in [(1025.0 / 2048).nextUp, (1025.0 / 2048).nextDown] { #expect(Self.fast(x) == Field.printfNumber(x)) }
    }

    @Test func everyFractionUpToAThousandths() {
        var values: [Double] = []
        for n in 1...1000 {
            for k in 0...n {
                values.append(Double(k) / Double(n))
                values.append(-Double(k) / Double(n))
            }
        }
        #expect(Self.mismatches(values) == [])
    }

    @Test func meansMediansAndIntervals() {
        var values: [Double] = []
        for n in 1...400 {
            for sum in stride(from: n, through: 7 * n, by: 1) { values.append(Double(sum) / Double(n)) }
        }
        for n in 1...300 {
            for s in 0...n {
                if let ci = LikertStatistics.wilson(successes: s, n: n) { values += [ci.low, ci.high] }
            }
        }
        #expect(Self.mismatches(values) == [])
    }

    @Test func randomDoublesOverEveryMagnitude() {
        var rng = SplitMix64(seed: 0x5EED_1234)
        var values: [Double] = []
        for _ in 0..<400_000 {
            // Uniform in log scale from 1e-8 to 1e17, both signs.
            let e = Double(rng.next() % 25_000) / 1000 - 8
            let x = pow(10, e) * (1 + Double(rng.next() % 1_000_000) / 1e7)
            values.append(rng.next() & 1 == 0 ? x : -x)
        }
        // Random bit patterns: any finite double.
        for _ in 0..<200_000 {
            let x = Double(bitPattern: rng.next())
            if x.isFinite { values.append(x) }
        }
        #expect(Self.mismatches(values) == [])
    }

    @Test func edgesOfTheFastRange() {
        var values: [Double] = [0, -0.0, 1, -1, 0.5, 1e-4, 1e-5, 9.9999999995e-5, 9.99999999949e-5, 9.99999999951e-5,
                                1e10, 9999999999.5, 9999999999.4, 9999999999.6, 1234567890.5, 1234567891.5, 0.1, 0.2, 0.3,
                                1e15, 1e15 + 0.5, 999_999_999_999_999, 1e16, 123456789012.25, 2.5, 0.00012207031250,
                                .leastNormalMagnitude, .leastNonzeroMagnitude, .greatestFiniteMagnitude, .nan, .infinity,
                                -.infinity, .pi, 1.0 / 3, 2.0 / 3, 0.1 + 0.2]
        // Ties at the tenth digit are exact binary values: k + 0.5 with ten integer digits, k/2^n.
        for k in stride(from: 1_000_000_000.0, to: 1_000_000_100.0, by: 1) { values += [k + 0.5, k + 0.25, k + 0.75] }
        for n in 1...70 { values.append(pow(2, -Double(n))); values.append(3 * pow(2, -Double(n))) }
        // Neighbours of powers of ten, where log10 may land on the wrong side.
        for p in -8...16 {
            var x = pow(10, Double(p))
            for _ in 0..<40 { x = x.nextDown }
            for _ in 0..<80 { values.append(x); x = x.nextUp }
        }
        // Neighbours of rounding boundaries: d.ddddddddd5 × 10^p.
        for p in -6...10 {
            for d in [1.0000000005, 4.5000000005, 9.9999999995, 1.2345678905] {
                var x = d * pow(10, Double(p))
                for _ in 0..<20 { x = x.nextDown }
                for _ in 0..<40 { values.append(x); x = x.nextUp }
            }
        }
        #expect(Self.mismatches(values) == [])
        // The exact ties among them go away from zero, as the next double out does.
        let ties = values.filter { Self.isTie($0) && $0 != $0.rounded() && abs($0) >= 1e-4 && abs($0) < 1e10 }
        #expect(ties.count > 10)
        for t in ties where Self.fast(t) != Self.fast(t > 0 ? t.nextUp : t.nextDown) {
            Issue.record("\(t.debugDescription): \(Self.fast(t)) vs next \(Self.fast(t > 0 ? t.nextUp : t.nextDown))")
            break
        }
        #expect(Self.fast(nil) == "")
    }

    @Test func integersAsFieldIntWritesThem() {
        for n in [0, 1, -1, 9, 10, 12345, -98765, Int.max, Int.min] {
            var b: [UInt8] = []
            NumberText.appendInteger(n, to: &b)
            #expect(String(decoding: b, as: UTF8.self) == Field.int(n))
        }
    }
}

/// A small, fixed pseudo-random generator: the same values on every run.
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
