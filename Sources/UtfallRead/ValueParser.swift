import Foundation
import UtfallModel

/// Typed values from the text that Swedish and English exports and
/// hand-kept sheets contain. Nothing here uses binary floating point.
///
/// ```swift
/// ValueParser.money("7 176 285 kr")   // .value(Money(ore: 717_628_500))
/// ValueParser.decimal("11,8")         // .value(11.8)
/// ValueParser.percent("62 %")         // .value(0.62)
/// ValueParser.integer("1\u{202F}227") // .value(1227)
/// ValueParser.integer("-")            // .missing
/// ```
///
/// Number rules: spaces, NBSP, narrow NBSP and thin spaces group thousands
/// (groups of three); one `,` or one `.` is the decimal separator; when both
/// occur the last one is. Several of the same (`1,234,567`, `1.234.567`)
/// group thousands. A single comma is a decimal comma (`11,8`, `2,048` →
/// 2.048) except in `integer`, which reads `2,048` as 2048 and rejects
/// `11,8`.
public enum ValueParser {
    /// Cell contents that mean "no figure".
    static let missingTokens: Set<String> = ["", "-", "–", "—", "−", "..", "n/a", "na", "saknas", "uppgift saknas"]

    public static func isMissing(_ s: String) -> Bool { isMissingToken(trim(s)) }

    /// `missingTokens.contains(t.lowercased())`, without lowercasing the
    /// many cells that cannot be a token: this runs once per cell.
    @inline(__always)
    static func isMissingToken(_ t: String) -> Bool {
        let n = t.utf8.count
        if n == 0 { return true }
        if n > 14 { return false }
        let candidate: Bool
        switch t.utf8.first! {
        case 0x2D, 0x2E, 0xE2, 0x4E, 0x6E: candidate = n <= 3      // - . – — − n/a na
        case 0x53, 0x73: candidate = n == 6                        // saknas
        case 0x55, 0x75: candidate = n == 14                       // uppgift saknas
        default: candidate = false
        }
        return candidate && missingTokens.contains(t.lowercased())
    }

    public static func integer(_ s: String) -> Parsed<Int> {
        let t = trim(s)
        if isMissingToken(t) { return .missing }
        guard let n = Number(t, commaGroups: true), n.frac.isEmpty, let v = n.int64 else { return .invalid }
        return .value(Int(v))
    }

    /// A head count as hand-kept sheets write it: `1 234`, `1 234 st`,
    /// `12 pers.`, `25 deltagare`. The unit is only taken after the
    /// figure, so `st` alone or `12 stolar` are not counts.
    public static func count(_ s: String) -> Parsed<Int> {
        let t = trim(s)
        if isMissingToken(t) { return .missing }
        return integer(stripUnit(t, countUnits))
    }

    /// Longest first.
    static let countUnits = ["deltagare", "personer", "stycken", "pers.", "pers", "st.", "st"]

    public static func decimal(_ s: String) -> Parsed<Decimal> {
        let t = trim(s)
        if isMissingToken(t) { return .missing }
        guard let n = Number(t, commaGroups: false), let d = n.decimal else { return .invalid }
        return .value(d)
    }

    /// Kronor to exact öre. Accepts `kr`, `kr.`, `SEK`, `kronor`, `:-`, `,-`
    /// before or after the figure, and `tkr` / `mkr` (thousands, millions of
    /// kronor). More than two decimals of kronor (after scaling) is invalid.
    public static func money(_ s: String) -> Parsed<Money> {
        var t = trim(s)
        if isMissingToken(t) { return .missing }
        var multiplier: Int64 = 1
        t = stripCurrency(t, multiplier: &multiplier)
        if isMissingToken(t) { return .missing }
        guard let n = Number(t, commaGroups: false) else { return .invalid }
        let scale = 2 + String(multiplier).count - 1
        guard n.frac.count <= scale, let whole = n.digitsValue(n.int) else { return .invalid }
        let fracDigits = n.frac + Array(repeating: UInt8(ascii: "0"), count: scale - n.frac.count)
        guard let frac = n.digitsValue(fracDigits) else { return .invalid }
        let (a, o1) = whole.multipliedReportingOverflow(by: 100 * multiplier)
        let (b, o2) = a.addingReportingOverflow(frac)
        guard !o1, !o2 else { return .invalid }
        return .value(Money(ore: n.negative ? -b : b))
    }

    /// Hours, with or without their unit (`29 677 h`, `17 338,4 timmar`).
    /// `1,234` and `1.234` are refused, as in amounts: a thousands
    /// separator and three decimals cannot be told apart, and a count
    /// column reads the same text as 1 234.
    public static func hours(_ s: String) -> Parsed<Decimal> {
        let t = trim(s)
        if isMissingToken(t) { return .missing }
        let figure = stripUnit(t, hourUnits)
        guard let n = Number(figure, commaGroups: false), let d = n.decimal, !n.couldBeThousands(figure) else { return .invalid }
        return .value(d)
    }

    /// Longest first.
    static let hourUnits = ["timmar", "timme", "tim.", "tim", "hrs", "h"]

    /// `t` without one of `units` after its figure: `12h` or `12 h`, not
    /// the end of a word (`tim` in `0 anställningstim`).
    private static func stripUnit(_ t: String, _ units: [String]) -> String {
        let lower = t.lowercased()
        guard let unit = units.first(where: { lower.hasSuffix($0) }) else { return t }
        let rest = t.dropLast(unit.count)
        guard let before = rest.last, before.isNumber || before.isWhitespace else { return t }
        return trim(String(rest))
    }

    /// Whether `s` is a number `hours` refuses only because one separator
    /// could group thousands (`1,234`), for the reason a row is rejected with.
    public static func hoursCouldBeThousands(_ s: String) -> Bool {
        let figure = stripUnit(trim(s), hourUnits)
        return Number(figure, commaGroups: false)?.couldBeThousands(figure) ?? false
    }

    /// For an amount `money` refuses although it is a number: its decimals
    /// and the most an amount in its unit may have (2 in kronor, 5 in tkr).
    /// `thousands`: the text could as well be a whole number with one
    /// thousands separator (`12,345`, `1.234`), nothing to round.
    public static func decimalsBeyondOre(_ s: String) -> (given: Int, allowed: Int, thousands: Bool)? {
        var multiplier: Int64 = 1
        let t = stripCurrency(trim(s), multiplier: &multiplier)
        guard let n = Number(t, commaGroups: false) else { return nil }
        let allowed = 2 + String(multiplier).count - 1
        return n.frac.count > allowed ? (n.frac.count, allowed, n.couldBeThousands(t)) : nil
    }

    /// A share as a fraction: `62 %` → 0.62, `12,5%` → 0.125. A bare number
    /// is read as percentage points (`62` → 0.62), the way sheets headed
    /// "Andel (%)" print them.
    public static func percent(_ s: String) -> Parsed<Decimal> {
        var t = trim(s)
        if t.hasSuffix("%") { t = trim(String(t.dropLast())) }
        switch decimal(t) {
        case .value(let d): return .value(d / 100)
        case .missing: return .missing
        case .invalid: return .invalid
        }
    }

    /// Trims whitespace including NBSP and narrow NBSP.
    static func trim(_ s: String) -> String {
        // Fast path: first and last bytes are visible ASCII.
        if let f = s.utf8.first, let l = s.utf8.last, (0x21..<0x7F).contains(f), (0x21..<0x7F).contains(l) { return s }
        guard let f = s.firstIndex(where: { !$0.isWhitespace }) else { return "" }
        let l = s.lastIndex(where: { !$0.isWhitespace })!
        if f == s.startIndex && s.index(after: l) == s.endIndex { return s }
        return String(s[f...l])
    }

    /// Longest first: `kr` taken from `kronor 500` left `onor 500`.
    private static let prefixes = ["kronor", "sek", "kr.", "kr"]
    /// The dash forms end an amount after its unit word too (`12 000 kr:-`).
    private static let dashes = [":-", ":–", ",-", ",–"]
    /// Longest first: "38,3 miljoner kronor" as reports print it in running text.
    public static let suffixes: [(String, Int64)] = [
        ("miljoner kronor", 1_000_000), ("miljoner kr", 1_000_000), ("miljoner", 1_000_000), ("milj. kr", 1_000_000),
        ("milj kr", 1_000_000), ("mn kr", 1_000_000), ("tusen kronor", 1000), ("tusen kr", 1000),
        ("kronor", 1), ("mnkr", 1_000_000), ("mkr", 1_000_000), ("tkr", 1000), ("kr.", 1), ("kr", 1), ("sek", 1),
        (":-", 1), (":–", 1), (",-", 1), (",–", 1),
    ]

    private static func stripCurrency(_ s: String, multiplier: inout Int64) -> String {
        var t = s
        let lower = t.lowercased()
        for p in prefixes where lower.hasPrefix(p) {
            t = trim(String(t.dropFirst(p.count)))
            break
        }
        for d in dashes where t.hasSuffix(d) {
            t = trim(String(t.dropLast(d.count)))
            break
        }
        let lower2 = t.lowercased()
        for (suffix, m) in suffixes where lower2.hasSuffix(suffix) {
            t = trim(String(t.dropLast(suffix.count)))
            multiplier = m
            break
        }
        return t
    }

    /// Sign, integer digits and fraction digits of a written number.
    struct Number {
        var negative = false
        var int: [UInt8] = []
        var frac: [UInt8] = []

        init?(_ s: String, commaGroups: Bool) {
            var chars: [UInt8] = []   // digits, "," "." and " " for any group space
            var first = true
            for u in s.unicodeScalars {
                switch u {
                case "0"..."9", ",", ".": chars.append(UInt8(u.value))
                case " ", "\u{00A0}", "\u{202F}", "\u{2009}", "\u{2007}": chars.append(UInt8(ascii: " "))
                case "-", "−", "+":
                    guard first else { return nil }
                    negative = u != "+"
                default: return nil
                }
                first = false
            }
            guard !chars.isEmpty else { return nil }
            let commas = chars.filter { $0 == UInt8(ascii: ",") }.count
            let dots = chars.filter { $0 == UInt8(ascii: ".") }.count
            let spaces = chars.contains(UInt8(ascii: " "))
            var decimalAt: Int?
            var grouper: UInt8?
            if commas > 0 && dots > 0 {
                let last = chars.lastIndex { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: ".") }!
                let sep = chars[last]
                guard chars.filter({ $0 == sep }).count == 1 else { return nil }
                decimalAt = last
                grouper = sep == UInt8(ascii: ",") ? UInt8(ascii: ".") : UInt8(ascii: ",")
            } else if commas + dots == 1 {
                let at = chars.firstIndex { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: ".") }!
                let after = chars.count - at - 1
                if commaGroups && !spaces && chars[at] == UInt8(ascii: ",") && after == 3 && (1...3).contains(at) {
                    grouper = UInt8(ascii: ",")
                } else {
                    decimalAt = at
                }
            } else if commas + dots > 1 {
                guard commas == 0 || dots == 0 else { return nil }
                grouper = commas > 0 ? UInt8(ascii: ",") : UInt8(ascii: ".")
            }
            let intPart = decimalAt.map { Array(chars[..<$0]) } ?? chars
            if let d = decimalAt {
                frac = Array(chars[(d + 1)...])
                guard !frac.isEmpty, frac.allSatisfy({ (48...57).contains($0) }) else { return nil }
            }
            // Integer part: groups of three after a first group of one to three.
            let groups = intPart.split(omittingEmptySubsequences: false) { $0 == UInt8(ascii: " ") || $0 == grouper }
            if groups.count > 1 {
                guard (1...3).contains(groups[0].count), groups.dropFirst().allSatisfy({ $0.count == 3 }) else { return nil }
            }
            int = groups.flatMap { $0 }
            guard int.allSatisfy({ (48...57).contains($0) }) else { return nil }
            if int.isEmpty {
                guard !frac.isEmpty else { return nil }
                int = [UInt8(ascii: "0")]
            }
        }

        func digitsValue(_ d: [UInt8]) -> Int64? {
            var v: Int64 = 0
            for c in d {
                let (m, o1) = v.multipliedReportingOverflow(by: 10)
                let (a, o2) = m.addingReportingOverflow(Int64(c - 48))
                if o1 || o2 { return nil }
                v = a
            }
            return v
        }

        var int64: Int64? { digitsValue(int).map { negative ? -$0 : $0 } }

        /// `12,345` or `1.234` (`text`, the number as written): one
        /// separator, one to three digits before it and three after, no
        /// other grouping. It reads as three decimals, or as thousands.
        func couldBeThousands(_ text: String) -> Bool {
            let digits = text.drop { $0 == "-" || $0 == "−" || $0 == "+" }
            return frac.count == 3 && (1...3).contains(int.count) && int.first != UInt8(ascii: "0") && digits.count == int.count + 4
        }

        var decimal: Decimal? {
            var text = negative ? "-" : ""
            text += String(decoding: int, as: UTF8.self)
            if !frac.isEmpty { text += "." + String(decoding: frac, as: UTF8.self) }
            return Decimal(string: text, locale: ValueParser.posix)
        }
    }

    static let posix = Locale(identifier: "en_US_POSIX")

    /// A figure as a report prints it: `18 773 kr`, `62%`, `29 %`, `19,2`,
    /// `2 664`, `1,2 tkr`, `38,3 miljoner kronor`. The printed precision is
    /// kept (`decimals`: the last printed place, negative for thousands and
    /// millions; a percent counted as a fraction), because a figure printed
    /// with no decimals is only wrong when it is off by more than half a unit.
    public static func printedFigure(_ text: String) -> PrintedFigure? {
        let isPercent = text.hasSuffix("%")
        let parsed: Parsed<Decimal> = isPercent ? percent(text) : {
            if case .value(let m) = money(text) { return .value(Decimal(m.ore) / 100) }
            if case .value(let d) = decimal(text) { return .value(d) }
            // `7,2 h`: a printed figure of hours, its unit kept.
            return hours(text)
        }()
        guard case .value(let v) = parsed else { return nil }
        let core = text.replacingOccurrences(of: "%", with: "").trimmingCharacters(in: .whitespacesAndNewlines)
        let lower = core.lowercased()
        // `1,2 tkr`: the last printed place is hundreds of kronor.
        let multiplier = suffixes.first { lower.hasSuffix($0.0) }?.1 ?? 1
        let shift = multiplier == 1_000_000 ? 6 : multiplier == 1000 ? 3 : 0
        let digits = core.filter { $0.isASCII && ($0.isNumber || $0 == "," || $0 == ".") }
        var decimals = 0
        if let sep = digits.lastIndex(where: { $0 == "," || $0 == "." }) {
            let tail = digits[digits.index(after: sep)...]
            // A decimal separator, or a thousands one (`1,227` in English):
            // only a group of three digits can be the latter, and then the
            // value as read tells.
            if !tail.isEmpty, tail.allSatisfy(\.isNumber), let all = Decimal(string: String(digits.filter(\.isNumber))) {
                var shown = isPercent ? v * 100 : v
                for _ in 0..<shift { shown /= 10 }
                if tail.count != 3 || abs(shown) != all { decimals = tail.count }
            }
        }
        decimals -= shift
        // A percent is kept as a fraction: 62 % printed with no decimals is 0.62 known to two.
        if isPercent { decimals += 2 }
        return PrintedFigure(value: v, decimals: decimals, isPercent: isPercent)
    }
}

/// A figure as printed, with the precision it was printed to.
public struct PrintedFigure: Sendable, Equatable {
    /// Kronor, a count or hours; a percent as a fraction (`62%` → 0.62).
    public var value: Decimal
    /// Decimal places printed, of `value` (a percent's two more; `1,2 tkr`: −2).
    public var decimals: Int
    public var isPercent: Bool
}
