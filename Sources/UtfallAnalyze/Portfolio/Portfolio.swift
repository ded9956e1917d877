import Foundation
import UtfallModel

/// One row of a project index: the value of each declared dimension
/// (`municipality: "Linköping"`, `funding: "§37"`, `year: "2023"`).
public struct PortfolioEntry: Hashable, Sendable {
    public var values: [String: String]
    public var location: SourceLocation

    public init(values: [String: String], location: SourceLocation) {
        self.values = values
        self.location = location
    }
}

/// A count a report printed: "18 projekt implementerades delvis".
///
/// `value` is a value of the dimension, or `Totalt` (the dimension's total),
/// or `antal olika` (how many different values it has: "11 kommuner").
public struct ReportedCount: Hashable, Sendable {
    public var source: String
    public var dimension: String
    public var value: String
    public var count: Int
    public var location: SourceLocation

    public init(source: String, dimension: String, value: String, count: Int, location: SourceLocation) {
        self.source = source
        self.dimension = dimension
        self.value = value
        self.count = count
        self.location = location
    }
}

/// One line of `portfolio.csv`.
public struct PortfolioCount: Hashable, Sendable {
    public var dimension: String
    public var value: String
    public var count: Int

    public init(dimension: String, value: String, count: Int) {
        self.dimension = dimension
        self.value = value
        self.count = count
    }
}

/// Entries counted by two dimensions at once.
public struct CrossTable: Hashable, Sendable {
    public var rowDimension: String
    public var columnDimension: String
    /// In the order of `PortfolioReport.counts` for that dimension.
    public var rowValues: [String]
    public var columnValues: [String]
    /// `counts[r][c]` entries have `rowValues[r]` and `columnValues[c]`.
    public var counts: [[Int]]

    public var rowTotals: [Int] { counts.map { $0.reduce(0, +) } }
    public var columnTotals: [Int] { columnValues.indices.map { c in counts.reduce(0) { $0 + $1[c] } } }
    public var total: Int { rowTotals.reduce(0, +) }

    /// Long form for charts: (row value, column value, count), zeros included.
    public var cells: [(row: String, column: String, count: Int)] {
        var out: [(String, String, Int)] = []
        for (r, rv) in rowValues.enumerated() {
            for (c, cv) in columnValues.enumerated() { out.append((rv, cv, counts[r][c])) }
        }
        return out
    }
}

public struct PortfolioReport: Sendable {
    /// Dimensions in declared order; within one, years ascending, other
    /// values by count (largest first) then name; `missing` last.
    public var counts: [PortfolioCount] = []
    public var cross: [CrossTable] = []
    /// Printed counts compared with the index, in the order printed. Reuses
    /// the follow-up row: `measure` is the dimension, `gender` the value
    /// (`Totalt`, `antal olika`), `project` is `all`, `basis` nil.
    public var reconciliation: [ReconciliationRow] = []
    /// Printed counts of a dimension the index does not have (nothing to count).
    public var unchecked: [ReportedCount] = []
    public var diagnostics = Diagnostics()
    /// Number of index entries counted.
    public var entries = 0
    /// Each dimension's column heading in the index (`municipality` is read
    /// from `Kommun`): a workbook names the dimension as its reader knows it.
    public var dimensionTitles: [String: String] = [:]

    /// The heading a dimension is shown under: its column's, else its name.
    public func title(of dimension: String) -> String { dimensionTitles[dimension] ?? dimension }

    public init() {}

    public var mismatches: [ReconciliationRow] { reconciliation.filter { $0.status == .mismatch } }

    public func count(_ dimension: String, _ value: String) -> Int? {
        counts.first { $0.dimension == dimension && $0.value == value }?.count
    }
}

/// Counts of a project index by dimension, cross tables, and a check of the
/// counts a report prints.
///
/// ```swift
/// let r = Portfolio.summarize(entries: rows, dimensions: ["municipality", "funding"],
///                             cross: [("municipality", "funding")], reported: printed)
/// r.count("funding", "§37")   // 37
/// ```
public enum Portfolio {
    /// The value under which entries without a value are counted.
    public static let missing = "missing"

    public static func summarize(entries: [PortfolioEntry], dimensions: [String], cross: [(String, String)],
                                 reported: [ReportedCount]) -> PortfolioReport {
        var report = PortfolioReport()
        report.entries = entries.count
        var ordered: [String: [String]] = [:]
        var tallies: [String: [String: Int]] = [:]
        // Each entry's value of each dimension, as a position in that
        // dimension's ordered values; blanks (also a cell of nothing but
        // line breaks, or the word "missing") are one value, last.
        var positions: [String: [Int]] = [:]
        for dim in dimensions {
            // Values that differ only in case or spacing are one value, spelled as first seen.
            var spelling: [String: String] = [:]
            var tally: [String: Int] = [:]   // by key; blanks under `blankKey`
            var keys: [String] = []
            var blanks: [SourceLocation] = []
            for e in entries {
                let raw = e.values[dim] ?? ""
                var key = TextKey.normalize(raw)
                // A cell that says "missing" means what a blank means; shown
                // apart, the two would be two rows of the same name.
                if key.isEmpty || key == missing {
                    key = blankKey
                    blanks.append(e.location)
                } else if spelling[key] == nil {
                    spelling[key] = raw.trimmingSpaces
                }
                keys.append(key)
                tally[key, default: 0] += 1
            }
            if let first = blanks.first {
                report.diagnostics.add(Diagnostic(.info, kind: "missing_dimension_value", at: first,
                                                  "\(blanks.count) of \(entries.count) entries have no \(dim); counted as '\(missing)'"))
            }
            let orderedKeys = order(tally, spelling: spelling)
            let index = Dictionary(uniqueKeysWithValues: orderedKeys.enumerated().map { ($1, $0) })
            positions[dim] = keys.map { index[$0]! }
            let values = orderedKeys.map { $0 == blankKey ? missing : spelling[$0]! }
            ordered[dim] = values
            tallies[dim] = tally
            report.counts += zip(values, orderedKeys).map { PortfolioCount(dimension: dim, value: $0, count: tally[$1]!) }
        }

        for (a, b) in cross {
            guard let rows = ordered[a], let cols = ordered[b], let ra = positions[a], let cb = positions[b] else { continue }
            var counts = Array(repeating: Array(repeating: 0, count: cols.count), count: rows.count)
            for i in entries.indices { counts[ra[i]][cb[i]] += 1 }
            report.cross.append(CrossTable(rowDimension: a, columnDimension: b, rowValues: rows, columnValues: cols, counts: counts))
        }

        reconcile(reported, tallies: tallies, entries: entries.count, into: &report)
        return report
    }

    static let distinctWords: Set<String> = ["antal olika", "olika", "distinct"]

    /// Each printed count against the index. A dimension the index lacks can
    /// still be checked within itself: its printed total against the sum of
    /// its printed parts.
    /// `tallies`: per dimension, counts by value key (`TextKey`), blanks under `blankKey`.
    static func reconcile(_ reported: [ReportedCount], tallies: [String: [String: Int]], entries: Int, into report: inout PortfolioReport) {
        let dims = Dictionary(tallies.keys.map { (TextKey.normalize($0), $0) }, uniquingKeysWith: { a, _ in a })
        for r in reported {
            let valueKey = TextKey.normalize(r.value)
            let isTotal = TextKey.isTotals(valueKey)
            let computed: Int?
            var againstParts = false
            if let dim = dims[TextKey.normalize(r.dimension)], let tally = tallies[dim] {
                if isTotal {
                    computed = entries
                } else if distinctWords.contains(valueKey) {
                    computed = tally.keys.filter { $0 != blankKey }.count
                } else {
                    // Tallies are keyed by TextKey; an empty printed value is the blanks.
                    computed = tally[valueKey.isEmpty || valueKey == missing ? blankKey : valueKey] ?? 0
                }
            } else if isTotal {
                let parts = reported.filter { TextKey.normalize($0.dimension) == TextKey.normalize(r.dimension)
                    && !TextKey.isTotals($0.value) && !distinctWords.contains(TextKey.normalize($0.value)) }
                // Checked: printed counts come from a file, and a sum past Int must not trap.
                var total: Int? = 0
                for part in parts { total = total.flatMap { t in let (v, o) = t.addingReportingOverflow(part.count); return o ? nil : v } }
                computed = parts.isEmpty ? nil : total
                againstParts = true
            } else {
                computed = nil
            }
            guard let computed else {
                report.unchecked.append(r)
                report.diagnostics.add(Diagnostic(.info, kind: "reported_unchecked", at: r.location,
                                                  "\(r.source): the index has no \(r.dimension) to count; '\(r.value)' = \(r.count) is not checked"))
                continue
            }
            var row = ReconciliationRow(source: r.source, project: "all", measure: r.dimension, gender: r.value, basis: nil,
                                        reported: Decimal(r.count), computed: Decimal(computed), tolerance: Decimal(string: "0.5")!,
                                        location: r.location)
            row.checkedAgainstPrintedParts = againstParts
            if row.status == .mismatch {
                report.diagnostics.add(Diagnostic(.warning, kind: "reported_mismatch", at: r.location,
                                                  "\(r.source): \(r.dimension) '\(r.value)' is printed as \(r.count) but the count is \(computed)"))
            }
            report.reconciliation.append(row)
        }
    }

    /// The key blank cells are counted under; no typed value has it (keys
    /// of typed values are never empty).
    static let blankKey = ""

    /// Years (all values numeric) ascending; otherwise largest count first,
    /// ties in Swedish alphabetical order; blanks last. Every tie is broken,
    /// so the order never depends on a dictionary's.
    static func order(_ tally: [String: Int], spelling: [String: String]) -> [String] {
        let present = tally.keys.filter { $0 != blankKey }
        let numeric = !present.isEmpty && present.allSatisfy { Int(spelling[$0]!) != nil }
        var values = present.sorted { a, b in
            let sa = spelling[a]!, sb = spelling[b]!
            if numeric, Int(sa)! != Int(sb)! { return Int(sa)! < Int(sb)! }
            if !numeric, tally[a]! != tally[b]! { return tally[a]! > tally[b]! }
            return SwedishOrder.less(sa, sb)
        }
        if tally[blankKey] != nil { values.append(blankKey) }
        return values
    }

}
