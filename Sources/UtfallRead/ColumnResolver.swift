import Foundation
import UtfallModel

/// Finds columns by name, the way pipeline files refer to them.
///
/// A name matches a column's `id` or its `text` after both are normalised:
/// Unicode NFC, lowercased, every run of whitespace (including NBSP, narrow
/// NBSP and line breaks) folded to one space, ends trimmed. Aliases are
/// written `"A|B|C"` (tried in order, the first that matches wins) or passed
/// as a list to `resolve(anyOf:)`. A name that itself contains `|` is tried
/// whole first.
///
/// ```swift
/// let r = ColumnResolver(columns: reader.columns, file: reader.path)
/// let kost = try r.resolve("Kostnad|Kostnad (kr)|cost")
/// ```
///
/// Qualtrics columns also answer to their ImportId (`QID2_1`), which stays
/// the same when someone renames the export tag.
///
/// Ids win over texts: if one column has the id and another the text, the id
/// is taken. Two columns with the same normalised id (or, failing ids, the
/// same text) are ambiguous and an error, rather than a silent first pick.
public struct ColumnResolver: Sendable {
    public let columns: [Column]
    public let file: String
    private let byID: [String: [Int]]
    private let byText: [String: [Int]]
    private let byImportID: [String: [Int]]

    public init(columns: [Column], file: String) {
        self.columns = columns
        self.file = file
        var ids: [String: [Int]] = [:], texts: [String: [Int]] = [:], imports: [String: [Int]] = [:]
        for (k, c) in columns.enumerated() {
            ids[TextKey.normalize(c.id), default: []].append(k)
            if let q = c.importId { imports[Self.importKey(q), default: []].append(k) }
            let t = TextKey.normalize(c.text)
            if !t.isEmpty { texts[t, default: []].append(k) }
            // A header `A1. Jag har …` is split into id `A1` and its text;
            // the header as printed must still find the column.
            if c.id != c.text, !t.isEmpty {
                let whole = TextKey.normalize("\(c.id). \(c.text)")
                if whole != t { texts[whole, default: []].append(k) }
            }
        }
        byID = ids
        byText = texts
        byImportID = imports
    }

    /// Whether the header reads as one column that is likely several: it
    /// holds a delimiter, or text no header has (UTF-16 read as bytes).
    private var headerLooksMisread: Bool {
        guard columns.count == 1, let t = columns.first?.text else { return false }
        return t.contains(where: { ",;\t|".contains($0) }) || t.unicodeScalars.contains { $0.value >= 0x3000 || $0.value == 0 }
    }

    /// The column for `name` or for the first of its `|`-separated aliases that exists.
    public func resolve(_ name: String) throws(ColumnError) -> Column {
        if let c = try find(name) { return c }
        let aliases = name.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        if aliases.count > 1 {
            for a in aliases { if let c = try find(a) { return c } }
        }
        throw .missing(wanted: name, file: file, closest: closest(to: aliases.first ?? name), oneColumn: headerLooksMisread)
    }

    /// The column for the first of `names` that exists.
    public func resolve(anyOf names: [String]) throws(ColumnError) -> Column {
        for n in names {
            if let c = try find(n) { return c }
        }
        throw .missing(wanted: names.joined(separator: "|"), file: file, closest: closest(to: names.first ?? ""), oneColumn: headerLooksMisread)
    }

    /// Whether a column by that name exists (without throwing).
    public func contains(_ name: String) -> Bool { (try? resolve(name)) != nil }

    /// Whether one column or more answers to `name` (or one of its aliases).
    public func mentions(_ name: String) -> Bool {
        do {
            _ = try resolve(name)
            return true
        } catch .ambiguous {
            return true
        } catch {
            return false
        }
    }

    private func find(_ name: String) throws(ColumnError) -> Column? {
        let key = TextKey.normalize(name)
        guard !key.isEmpty else { return nil }
        // An id and a text are one name space: Qualtrics' embedded data
        // `Kurs` beside a question whose text is `Kurs` is two columns, and
        // taking the id silently rejected every row that left it empty.
        var named = byID[key] ?? []
        for h in byText[key] ?? [] where !named.contains(h) { named.append(h) }
        if !named.isEmpty {
            if named.count == 1 { return columns[named[0]] }
            throw .ambiguous(wanted: name, file: file, positions: named.sorted().map { columns[$0].index + 1 })
        }
        if let hits = byImportID[Self.importKey(name)] {
            if hits.count == 1 { return columns[hits[0]] }
            throw .ambiguous(wanted: name, file: file, positions: hits.map { columns[$0].index + 1 })
        }
        return nil
    }

    /// Qualtrics writes a matrix row's ImportId `QID3_3` in newer exports and
    /// `QID3-3` in 2016 ones: either form finds the column.
    static func importKey(_ s: String) -> String { TextKey.normalize(s).replacingOccurrences(of: "-", with: "_") }

    /// The three available names closest to `name`: first those that hold
    /// it or are held in it ("Kursnamn" for "Kurs", a renamed column), then
    /// by edit distance.
    public func closest(to name: String, count: Int = 3) -> [String] {
        let key = TextKey.normalize(name)
        var scored: [(Int, Int, String)] = []
        var seen = Set<String>()
        for c in columns {
            for candidate in [c.id, c.text] where !candidate.isEmpty && seen.insert(candidate).inserted {
                let other = TextKey.normalize(candidate)
                let holds = !key.isEmpty && !other.isEmpty && (other.contains(key) || key.contains(other)) ? 0 : 1
                scored.append((holds, TextKey.editDistance(key, other), candidate))
            }
        }
        return scored.sorted { ($0.0, $0.1, $0.2) < ($1.0, $1.1, $1.2) }.prefix(count).map(\.2)
    }
}

/// A column a pipeline asks for that the file does not have (or has twice).
public enum ColumnError: Error, CustomStringConvertible, Sendable, Equatable {
    /// `oneColumn`: the whole header read as one column, which mostly
    /// means a wrong delimiter or encoding rather than a wrong name.
    case missing(wanted: String, file: String, closest: [String], oneColumn: Bool = false)
    case ambiguous(wanted: String, file: String, positions: [Int])

    public var description: String {
        switch self {
        case .missing(let wanted, let file, let closest, let oneColumn):
            // Invisible characters shown: a NUL or a zero-width space in a
            // header made "no column 'Kurs'; closest: 'Kurs'" look absurd.
            // A header misread from a data row would put a respondent's
            // address into the log as a "column name".
            let near = closest.map { "'\(PersonalData.shown($0).clippedForLog.visibleControls)'" }.joined(separator: ", ")
            if oneColumn {
                return "\(file): no column named '\(wanted)': the header reads as one single column ('\(PersonalData.shown(closest.first ?? "").clippedForLog)'), "
                    + "so the delimiter or encoding it was read with is probably not the file's: if the pipeline gives them, leave them out to have them detected; check with `utfall inspect \(file)`"
            }
            return "\(file): no column named '\(wanted)'; closest available: \(near.isEmpty ? "(the file has no named columns)" : near). Names match ignoring case and spacing; use \"A|B\" for alternatives"
        case .ambiguous(let wanted, let file, let positions):
            return "\(file): '\(wanted)' names more than one column (columns \(positions.map(String.init).joined(separator: ", "))); refer to the column by its id where they differ in it (see `utfall inspect`), take same-named items with `match:` and an `id:`, or rename one in the export"
        }
    }

}
