import Foundation
import UtfallModel

/// What a follow-up figure is read as. One rule for the wide and the long
/// layout: the same table must not be accepted in one and rejected in the
/// other.
public enum FollowUpUnit: String, Sendable, CaseIterable {
    case money, count, hours

    /// The words tables and pipeline files use: `kr`, `SEK` and `kronor` are
    /// money, `antal` and `st` a count, `timmar` and `h` hours. Nil for any
    /// other word (`EUR`, `tkr`): read as a count, kronor would be published
    /// as participants.
    public init?(word: String) {
        switch TextKey.normalize(word) {
        case "money", "kr", "kr.", "sek", "kronor", "belopp": self = .money
        case "count", "antal", "st", "st.", "personer", "number": self = .count
        case "hours", "timmar", "tim", "h", "hrs": self = .hours
        default: return nil
        }
    }

    /// The unit of a measure no unit is given for: its own (see `of`), or a count.
    public init(measure: String) { self = Self.of(measure: measure) ?? .count }

    /// The unit a measure the follow-up computes with must be in: support,
    /// co-financing and costs are money, hours are hours, participants a
    /// count. Nil for a measure of one's own, which may be in any. Given in
    /// another unit, kronor were summed as participants and participants
    /// as kronor into the total cost.
    public static func of(measure: String) -> FollowUpUnit? {
        if measure.contains("hours") { return .hours }
        if measure.hasSuffix("_support") || measure.hasSuffix("_cost") || measure == "cofinancing" { return .money }
        if measure == "participants" { return .count }
        return nil
    }

    public static let expectedWords = "money (kr, SEK, kronor), count (antal, st) or hours (timmar, h)"

    /// Measures the follow-up computes from the others and never reads. A
    /// cost per participant given as an input column was summed into the
    /// total cost as one more amount; a share was read as a count and
    /// dropped. Printed ones are checked under `reported:` instead.
    public static let computedOnly: Set<String> = ["participant_share", "cost_per_participant",
                                                   "hours_per_participant", "budget_used_share"]

    /// Why `measure` cannot be an input figure, for messages.
    public static func computedOnlyReason(_ measure: String) -> String {
        "\(measure) is computed by utfall from the other figures, not read; a printed \(measure) belongs under followup.reported, where it is checked against the computed one"
    }
}

/// One raw figure as an input holds it: an amount, a head count or hours.
public enum Quantity: Hashable, Sendable {
    case money(Money)
    case count(Int)
    case hours(Decimal)

    /// The value in its natural unit (kronor for money), exactly.
    public var decimal: Decimal { FollowUp.figure(self)!.decimal }

    var isNegative: Bool {
        switch self {
        case .money(let m): m.ore < 0
        case .count(let n): n < 0
        case .hours(let h): h < 0
        }
    }
}

/// One raw input figure of one project: "BOSS, esf_support, all, planned,
/// 7 176 285 kr". Derived figures (sums, shares, per-participant) are never
/// facts; they are computed.
///
/// ```swift
/// FollowUpFact(project: "KINO", measure: "participants", gender: "women",
///              basis: .actual, value: .count(392), location: loc)
/// ```
public struct FollowUpFact: Hashable, Sendable {
    public enum Basis: String, Hashable, Sendable, CaseIterable {
        case planned, actual

        /// Words for planned and actual figures, in the input's long layout
        /// and in a file of printed figures alike.
        public init?(word raw: String) {
            let k = TextKey.normalize(raw)
            if ["planned", "planerat", "planerad", "planerade", "p", "plan", "budget", "budgeterat"].contains(k) { self = .planned }
            else if ["actual", "faktiskt", "faktisk", "faktiska", "utfall", "f", "verkligt", "redovisat"].contains(k) { self = .actual }
            else { return nil }
        }
    }

    /// The gender group a report's word names: Kv/K/kvinnor, M/män, and
    /// alla/totalt for everyone; other words are kept as their own group.
    public static func gender(word raw: String) -> String {
        let k = TextKey.normalize(raw)
        if k.isEmpty || ["alla", "all", "totalt", "tot", "total", "samtliga"].contains(k) { return "all" }
        if case .known(let g) = GroupMapping.gender.group(for: raw), g != "missing" { return g }
        return k
    }

    public var project: String
    /// snake_case: `esf_support`, `cofinancing`, `total_cost`, `participants`,
    /// `participant_hours`, or another funder's or measure's name.
    public var measure: String
    /// `all`, `women`, `men` or another group key.
    public var gender: String
    public var basis: Basis
    public var value: Quantity
    public var location: SourceLocation

    public init(project: String, measure: String, gender: String, basis: Basis, value: Quantity, location: SourceLocation) {
        self.project = project
        self.measure = measure
        self.gender = gender
        self.basis = basis
        self.value = value
        self.location = location
    }
}

/// What a project is, beside its figures: shown on the workbook's project sheet.
public struct ProjectInfo: Hashable, Sendable {
    public var project: String
    public var name: String?
    public var owner: String?
    public var start: CalendarDate?
    public var end: CalendarDate?
    public var location: SourceLocation

    public init(project: String, name: String?, owner: String?, start: CalendarDate?, end: CalendarDate?, location: SourceLocation) {
        self.project = project
        self.name = name
        self.owner = owner
        self.start = start
        self.end = end
        self.location = location
    }
}

/// A figure as a report printed it, to be compared with what utfall computes.
///
/// `value` is in the printed unit (kronor, a count, hours) except that a
/// percentage is kept as a fraction: `62%` is `0.62` with `decimals` 2. The
/// printed precision matters: a figure is wrong only when it is further from
/// the computed value than half a unit in its last printed place.
public struct ReportedFigure: Hashable, Sendable {
    public var source: String
    /// A project, or `all` for a totals row.
    public var project: String
    public var measure: String
    public var gender: String
    public var basis: FollowUpFact.Basis
    public var value: Decimal
    public var decimals: Int
    public var isPercent: Bool
    public var location: SourceLocation

    public init(source: String, project: String, measure: String, gender: String, basis: FollowUpFact.Basis,
                value: Decimal, decimals: Int, isPercent: Bool, location: SourceLocation) {
        self.source = source
        self.project = project
        self.measure = measure
        self.gender = gender
        self.basis = basis
        self.value = value
        self.decimals = decimals
        self.isPercent = isPercent
        self.location = location
    }

    /// Half a unit in the last printed place: 0.5 for `18 773 kr`, 0.005 for
    /// `62%`, 50 for `1,2 tkr` (`decimals` −2: the last place is hundreds).
    public var tolerance: Decimal {
        var t = Decimal(5)
        if decimals >= 0 {
            for _ in 0...decimals { t /= 10 }
        } else {
            for _ in 0..<(-decimals - 1) { t *= 10 }
        }
        return t
    }
}
