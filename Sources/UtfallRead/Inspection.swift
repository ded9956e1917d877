import Foundation
import UtfallModel

/// What `utfall inspect` shows: how utfall reads an export, so that an
/// analyst can write a pipeline for it. Reads the whole file once, streaming.
///
/// ```swift
/// let report = try Inspection.run(path: "export.csv")
/// print(report.text)
/// ```
///
/// Values of columns that look personal (e-mail, names, IP addresses, or
/// any value that looks like an e-mail address) are never shown.
public struct Inspection: Codable, Sendable {
    public struct ColumnReport: Codable, Sendable {
        /// 1-based, as spreadsheets and `SourceLocation.column` count.
        public var number: Int
        public var id: String
        public var text: String
        /// empty, integer, decimal, money, percent, date, timestamp, likert-like or text.
        public var type: String
        /// Cells that are not empty or a missing marker.
        public var filled: Int
        public var personal: Bool
        public var examples: [String]
        /// Every distinct value among the first 1 000 filled cells, when
        /// there are at most 12 and the column is not personal: the labels
        /// a scale must take (`inspect --pipeline` matches them).
        public var values: [String]?
    }

    public struct Problem: Codable, Sendable {
        public var line: Int?
        public var column: Int?
        public var kind: String
        public var reason: String
    }

    public var file: String
    public var encoding: String
    public var bom: Bool
    public var delimiter: String
    public var lineEnding: String
    public var layout: String
    public var headerLine: Int
    public var headerRows: Int
    /// Records after the header rows, rejected ones included.
    public var dataRows: Int
    public var rejectedRows: Int
    public var blankRows: Int
    /// The first 20 rejected rows.
    public var problems: [Problem]
    public var problemCounts: [String: Int]
    public var columns: [ColumnReport]

    public static let maxProblems = 20

    public static func run(path: String, options: ReadOptions = ReadOptions()) throws -> Inspection {
        let reader = try TableReader(path: path, options: options)
        var profiles = reader.columns.map { ColumnProfile(column: $0) }
        var problems = reader.headerProblems.map { Problem(line: $0.location?.line, column: $0.location?.column, kind: $0.kind, reason: $0.message) }
        var counts: [String: Int] = problems.isEmpty ? [:] : ["invalid_header_encoding": problems.count]
        try reader.forEachRecord({ r in
            for i in profiles.indices where i < r.fields.count { profiles[i].add(r.fields[i]) }
        }, onReject: { bad in
            counts[bad.kind, default: 0] += 1
            if problems.count < maxProblems {
                problems.append(Problem(line: bad.location.line, column: bad.location.column, kind: bad.kind, reason: bad.reason))
            }
        })
        // What the read showed about the file as a whole (an export cut off
        // inside its last row): few, and the first thing to know, so never
        // left out for the rows' problems.
        for d in reader.readProblems {
            counts[d.kind, default: 0] += 1
            problems.append(Problem(line: d.location?.line, column: d.location?.column, kind: d.kind, reason: d.message))
        }
        let f = reader.format
        return Inspection(
            file: path, encoding: f.encoding.rawValue, bom: f.hasBOM, delimiter: f.delimiterName, lineEnding: f.lineEnding,
            layout: f.layout.rawValue, headerLine: f.headerLine, headerRows: f.headerRows,
            dataRows: reader.stats.records, rejectedRows: reader.stats.rejected, blankRows: reader.stats.blankRows,
            problems: problems, problemCounts: counts, columns: profiles.map { $0.report })
    }

    /// Pretty JSON with sorted keys.
    public var json: String {
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return (try? String(decoding: e.encode(self), as: UTF8.self)) ?? "{}"
    }

    /// The human-readable report.
    public var text: String {
        var out = """
            file:         \(file)
            encoding:     \(encoding)\(bom ? " (with BOM)" : "")
            delimiter:    \(delimiter)
            line ends:    \(lineEnding)
            layout:       \(layout)
            header:       \(headerRows) row\(headerRows == 1 ? "" : "s") from line \(headerLine)
            data rows:    \(dataRows) (\(dataRows - rejectedRows) readable, \(rejectedRows) rejected\(blankRows > 0 ? ", \(blankRows) empty rows skipped" : ""))

            """
        if !problems.isEmpty {
            out += "problems (\(counts)):\n"
            for p in problems {
                let at = [p.line.map { "line \($0)" }, p.column.map { "field \($0)" }].compactMap { $0 }.joined(separator: ", ")
                out += "  \(at): \(p.kind): \(p.reason)\n"
            }
            let all = problemCounts.values.reduce(0, +)
            if all > problems.count { out += "  … and \(all - problems.count) more\n" }
        }
        out += "columns (\(columns.count)):\n"
        for c in columns {
            let name = c.id == c.text || c.text.isEmpty ? Self.clip(c.id, 60) : "\(Self.clip(c.id, 24))  \(Self.clip(c.text, 60))"
            let examples = c.personal ? "(personal, hidden)" : c.examples.map { "\"\($0)\"" }.joined(separator: ", ")
            out += "  \(String(repeating: " ", count: max(0, 3 - String(c.number).count)))\(c.number)  \(name)\n"
            out += "       \(c.type), \(c.filled) filled\(examples.isEmpty ? "" : ": \(examples)")\n"
        }
        return out
    }

    private var counts: String {
        problemCounts.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
    }

    public static func clip(_ s: String, _ n: Int) -> String {
        let one = s.replacingOccurrences(of: "\r\n", with: "⏎").replacingOccurrences(of: "\n", with: "⏎").replacingOccurrences(of: "\r", with: "⏎")
        return one.count > n ? String(one.prefix(n - 1)) + "…" : one
    }
}

/// Running summary of one column's values for `Inspection`.
struct ColumnProfile {
    let column: Column
    var filled = 0
    var kinds: [String: Int] = [:]
    var distinct = Set<String>()
    var examples: [String] = []
    var maxInteger = 0
    var minInteger = 0
    /// A value is wholly an e-mail address, IP address, personnummer or phone number.
    var looksPersonal = false
    /// Values classified per column; beyond this only counts are kept.
    static let sampleLimit = 1000

    init(column: Column) { self.column = column }

    mutating func add(_ raw: String) {
        // Cheap checks first: this runs for every cell of the file.
        if raw.isEmpty || (raw.utf8.count <= 32 && ValueParser.isMissing(raw)) { return }
        filled += 1
        guard filled <= Self.sampleLimit else { return }
        let v = ValueParser.trim(raw)
        if distinct.count <= 12 { distinct.insert(v) }
        // inspect's output is pasted into tickets: an address or number
        // typed into a comment is not shown there either.
        if examples.count < 3 {
            let e = Inspection.clip(PersonalData.shown(v), 40)
            if !examples.contains(e) { examples.append(e) }
        }
        if !looksPersonal, PersonalData.personalValue(v) != nil { looksPersonal = true }
        kinds[Self.kind(of: v, integer: &self), default: 0] += 1
    }

    static func kind(of v: String, integer p: inout ColumnProfile) -> String {
        if case .value(let n) = ValueParser.integer(v) {
            p.maxInteger = max(p.maxInteger, n)
            p.minInteger = min(p.minInteger, n)
            return "integer"
        }
        if case .value = ValueParser.decimal(v) { return "decimal" }
        let lower = v.lowercased()
        if v.hasSuffix("%"), case .value = ValueParser.percent(v) { return "percent" }
        if lower.contains("kr") || lower.contains("sek") || v.hasSuffix(":-"), case .value = ValueParser.money(v) { return "money" }
        if case .value(let t) = ValueParser.timestamp(v) { return t.hasTime ? "timestamp" : "date" }
        return "text"
    }

    var type: String {
        if filled == 0 { return "empty" }
        let k = Set(kinds.keys)
        let seen = kinds.values.reduce(0, +)
        if k == ["integer"] {
            let small = minInteger >= -2 && maxInteger <= 10 && distinct.count <= 11 && seen > distinct.count
            return small ? "likert-like" : "integer"
        }
        if k.isSubset(of: ["integer", "decimal"]) { return "decimal" }
        if k.contains("money"), k.isSubset(of: ["integer", "decimal", "money"]) { return "money" }
        if k == ["percent"] { return "percent" }
        if k == ["date"] { return "date" }
        if k.isSubset(of: ["date", "timestamp"]) { return "timestamp" }
        if distinct.count <= 11 && seen > distinct.count && distinct.count >= 2 { return "likert-like" }
        return "text"
    }

    var personal: Bool { looksPersonal || PersonalData.isPersonal(header: column.id) || PersonalData.isPersonal(header: column.text) }

    var report: Inspection.ColumnReport {
        // A file without a header row has a respondent's row for its
        // names: an address there is masked like one in a value.
        Inspection.ColumnReport(number: column.index + 1, id: PersonalData.shown(column.id), text: PersonalData.shown(column.text), type: type, filled: filled,
                                personal: personal, examples: personal ? [] : examples,
                                values: personal || distinct.count > 12 ? nil : distinct.map(PersonalData.shown).sorted())
    }
}
