import Foundation

/// Number formats with a space between thousands whatever the reader's
/// locale: Swedish reports print `2 048` and `-1 242 434 kr`, and `#,##0`
/// would show `2,048` in an English Excel.
///
/// A literal space is printed wherever the format has one, with or without
/// digits around it, so a format fits only numbers of its own number of
/// digit groups: `# ### ##0` shows 5 as `  5` and piles the digits of
/// 1 234 567 890 into its first group (`1234 567 890`). A format has at
/// most two conditions, which `sized` spends on the usual sizes of numbers
/// ≥ 0 (below 10^9), so that an evaluator's edit there still reads right.
/// Any other number (negative, or of ten digits and more: kronor go up to
/// 10^13) gets the plain format of its own group count, chosen as it is
/// written. Conditions are no help for negatives: Excel and LibreOffice
/// disagree on which conditional sections print the minus sign (LibreOffice
/// prints it in the first, drops it in the others), while the negative
/// section of a plain `positive;negative` format is the same everywhere.
struct SpacedNumber: Hashable {
    var decimals: Int
    /// Text after the number, e.g. ` kr`.
    var suffix: String

    static let integer = SpacedNumber(decimals: 0, suffix: "")
    static let kronor = SpacedNumber(decimals: 0, suffix: " kr")
    static let kronorOre = SpacedNumber(decimals: 2, suffix: " kr")

    /// For numbers ≥ 0 below 10^9: `[>=1000000]# ### ##0;[>=1000]# ##0;0`.
    var sized: String { "[>=1000000]\(body(groups: 3));[>=1000]\(body(groups: 2));\(body(groups: 1))" }

    /// For numbers of `groups` digit groups, either sign: `# ### ##0;-# ### ##0`.
    func plain(groups: Int) -> String { "\(body(groups: groups));-\(body(groups: groups))" }

    /// The format `value` is written with: `sized` where it reads right
    /// (and keeps reading right when the number is edited), else the
    /// plain format of the value's groups.
    func format(for value: Double) -> String {
        fitsSized(value) ? sized : plain(groups: Self.groups(shown(value)))
    }

    /// Whether `sized` shows `value` right: ≥ 0, below 10^9, and its
    /// condition picks the section of the digits shown (999.995 kr is
    /// shown as 1000.00, which the `[>=1000]` section would not get).
    func fitsSized(_ value: Double) -> Bool {
        guard value >= 0 else { return shown(value) == 0 }
        let s = shown(value)
        return s < 1_000_000_000 && Self.groups(s) == Self.groups(value)
    }

    /// Characters `value` takes when shown: `-1 234 567 890.00 kr` is 20.
    func width(of value: Double) -> Int {
        let s = shown(value)
        let digits = s < 1 ? 1 : Int(log10(s).rounded(.down)) + 1
        return digits + Self.groups(s) - 1 + (decimals > 0 ? decimals + 1 : 0) + suffix.count + (value < 0 ? 1 : 0)
    }

    /// The magnitude as displayed, rounded to the format's decimals.
    private func shown(_ value: Double) -> Double {
        let scale = pow(10, Double(decimals))
        return (abs(value) * scale).rounded(.toNearestOrAwayFromZero) / scale
    }

    /// Groups of three digits in the whole part: 1 for 0–999, 2 up to 999 999, …
    static func groups(_ magnitude: Double) -> Int {
        var g = 1, limit = 1000.0
        while magnitude >= limit && g < 8 { g += 1; limit *= 1000 }
        return g
    }

    /// `# ### ##0.00" kr"` for three groups, two decimals, ` kr`.
    private func body(groups: Int) -> String {
        // The last placeholder is a 0, so that zero prints as `0`.
        let digits = groups == 1 ? "0" : "#" + String(String(repeating: " ###", count: groups - 1).dropLast()) + "0"
        let fraction = decimals > 0 ? "." + String(repeating: "0", count: decimals) : ""
        let text = suffix.isEmpty ? "" : "\"\(suffix)\""
        return digits + fraction + text
    }

    /// The families by their `sized` format, for a style to find its own.
    static let families: [String: SpacedNumber] = Dictionary(uniqueKeysWithValues: [integer, kronor, kronorOre].map { ($0.sized, $0) })
}
