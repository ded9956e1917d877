import Foundation
import UtfallModel

/// A computed figure, exact until it is written.
///
/// Money is whole öre; counts and hours are as given; `ratio` holds shares
/// (0.62, not 62) and per-participant hours as a Decimal quotient of two
/// exact numbers, so nothing was summed in binary floating point.
public enum FigureValue: Hashable, Sendable {
    case money(Money)
    case count(Int)
    case hours(Decimal)
    case ratio(Decimal)

    /// The value in its natural unit (kronor for money) as an exact Decimal.
    public var decimal: Decimal {
        switch self {
        case .money(let m): Decimal(m.ore) / 100
        case .count(let n): Decimal(n)
        case .hours(let h): h
        case .ratio(let r): r
        }
    }

    /// For spreadsheet cells and charts only.
    public var double: Double { decimal.nearestDouble }

    /// The machine form used in the CSV outputs: money with two decimals
    /// (`7176285.00`), counts as integers, hours as given, ratios with up to
    /// 10 significant digits (`0.7777777778`).
    public var csvText: String {
        switch self {
        case .money(let m): m.plainKronor
        case .count(let n): String(n)
        case .hours(let h): FigureText.plain(h)
        case .ratio(let r): FigureText.significant(r, digits: 10)
        }
    }
}

/// How computed Decimals are written in CSV: `.` separator, no grouping,
/// no exponent, trailing zeros dropped.
public enum FigureText {
    public static func plain(_ d: Decimal) -> String {
        var s = NSDecimalNumber(decimal: d).stringValue
        if s.contains("."), !s.contains("e") {
            while s.hasSuffix("0") { s.removeLast() }
            if s.hasSuffix(".") { s.removeLast() }
        }
        return s
    }

    /// Rounded half away from zero to `digits` significant digits.
    public static func significant(_ d: Decimal, digits: Int) -> String {
        if d == 0 { return "0" }
        let mag = abs(d.nearestDouble)
        let intDigits = mag >= 1 ? Int(Foundation.log10(mag).rounded(.down)) + 1 : -Int((-Foundation.log10(mag)).rounded(.down))
        let scale = max(0, digits - intDigits)
        return plain(rounded(d, scale: scale))
    }

    /// Rounds half away from zero to `scale` decimals: the one rounding rule.
    public static func rounded(_ d: Decimal, scale: Int) -> Decimal {
        var x = d
        var r = Decimal()
        NSDecimalRound(&r, &x, scale, .plain)
        return r
    }
}

/// One line of `project_followup.csv`: one measure for one gender group of one
/// project (or of all projects), planned beside actual.
///
/// `deviation` = actual − planned (for shares: percentage points as a
/// fraction); `deviationShare` = deviation / planned, empty when there is no
/// planned figure, when it is zero, and for shares.
public struct FollowUpRow: Hashable, Sendable {
    public enum Scope: String, Hashable, Sendable {
        case project, all
    }

    /// What a figure counts, as written in the `unit` column.
    public enum Unit: String, Hashable, Sendable {
        case money, count, hours, share
        /// Hours divided by participants (a quotient, shown with one decimal).
        case hoursPerParticipant = "hours_per_participant"
    }

    public var scope: Scope
    /// The project key; empty when `scope` is `all`.
    public var project: String
    public var measure: String
    public var gender: String
    public var planned: FigureValue?
    public var actual: FigureValue?
    public var deviation: FigureValue?
    /// Exact; the CSV writes it with 10 significant digits, rounded half away from zero.
    public var deviationShare: Decimal?
    public var unit: Unit

    public init(scope: Scope, project: String, measure: String, gender: String, planned: FigureValue?, actual: FigureValue?,
                deviation: FigureValue?, deviationShare: Decimal?, unit: Unit) {
        self.scope = scope
        self.project = project
        self.measure = measure
        self.gender = gender
        self.planned = planned
        self.actual = actual
        self.deviation = deviation
        self.deviationShare = deviationShare
        self.unit = unit
    }
}

/// One compared figure of `reconciliation.csv` (follow-up and portfolio).
///
/// `reported`, `computed` and `difference` (reported − computed) are in the
/// printed unit: kronor, a count, hours, or a fraction for percentages. The
/// status is `mismatch` when |difference| exceeds `tolerance`, half a unit in
/// the last place the report printed.
public struct ReconciliationRow: Hashable, Sendable {
    public enum Status: String, Hashable, Sendable {
        case ok, mismatch
    }

    /// Where the printed figure came from (`rapporterade_siffror.csv: Bilaga 5`).
    public var origin: String
    /// A portfolio total with nothing in the index to count, checked
    /// against the sum of its own printed parts instead.
    public var checkedAgainstPrintedParts = false
    /// `origin`, with the contract's English note when the figure was
    /// checked against its printed parts; the workbook says it in its own
    /// language (see `Labels.source`).
    public var source: String {
        checkedAgainstPrintedParts ? "\(origin) (sum of the printed \(measure) counts)" : origin
    }
    /// A project, or `all` for a totals row; for portfolio counts, empty.
    public var project: String
    /// A follow-up measure, or for portfolio counts the dimension.
    public var measure: String
    /// `all`, `women`, `men`…; for portfolio counts, the dimension's value.
    public var gender: String
    /// nil for portfolio counts.
    public var basis: FollowUpFact.Basis?
    public var reported: Decimal
    public var computed: Decimal
    public var difference: Decimal
    public var tolerance: Decimal
    /// Decimals the report printed (a percentage counts as a fraction: `62%` has 2).
    public var decimals: Int
    public var isPercent: Bool
    public var status: Status
    public var location: SourceLocation?

    public init(source: String, project: String, measure: String, gender: String, basis: FollowUpFact.Basis?,
                reported: Decimal, computed: Decimal, exact: Decimal? = nil, tolerance: Decimal, decimals: Int = 0,
                isPercent: Bool = false, location: SourceLocation?) {
        self.origin = source
        self.project = project
        self.measure = measure
        self.gender = gender
        self.basis = basis
        self.reported = reported
        self.computed = computed
        self.difference = reported - computed
        self.tolerance = tolerance
        self.decimals = decimals
        self.isPercent = isPercent
        // Decided on the exact value when `computed` is rounded for display.
        self.status = abs(reported - (exact ?? computed)) > tolerance ? .mismatch : .ok
        self.location = location
    }

    /// CSV text of `reported`, `computed`, `difference`: exact when the value
    /// has at most two decimals (kronor, counts, hours), otherwise 10
    /// significant digits (fractions, hours per participant).
    public static func csvText(_ d: Decimal) -> String {
        FigureText.rounded(d, scale: 2) == d ? FigureText.plain(d) : FigureText.significant(d, digits: 10)
    }
}

/// Everything the follow-up computes, for the CSV and workbook writers.
public struct FollowUpReport: Sendable {
    /// One per project, in input order (duplicates dropped); a project known only
    /// by its figures (long layout) has no name, owner or dates.
    public var projects: [ProjectInfo] = []
    /// Project rows in input order, then the `all` rows; within a scope,
    /// measures in a fixed order (money, participants, shares, per participant, hours).
    public var rows: [FollowUpRow] = []
    /// In the order of the reported input.
    public var reconciliation: [ReconciliationRow] = []
    public var diagnostics = Diagnostics()

    public init() {}

    public var mismatches: [ReconciliationRow] { reconciliation.filter { $0.status == .mismatch } }

    /// The row for one figure, e.g. `row("KINO", "cost_per_participant")`; `project: nil` for the totals.
    public func row(_ project: String?, _ measure: String, gender: String = "all") -> FollowUpRow? {
        rows.first { r in
            (project == nil ? r.scope == .all : r.scope == .project && r.project == project) && r.measure == measure && r.gender == gender
        }
    }
}
