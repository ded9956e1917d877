import Foundation

/// The form in which free-typed labels are compared: Unicode NFC, lower case,
/// surrounding space trimmed and inner runs of space (NBSP included) folded,
/// invisible format characters (zero-width space, byte order mark, soft
/// hyphen, direction marks) left out.
///
/// Exports differ in exactly these ways ("Stämmer  mycket väl ", an NFD "ä"
/// from a Mac, "STÄMMER MYCKET VÄL", a BOM pasted before "Krafttag Asyl"),
/// and none of them changes the answer.
public enum TextKey {
    public static func normalize(_ s: String) -> String {
        let nfc = s.precomposedStringWithCanonicalMapping.lowercased()
        var out = ""
        out.reserveCapacity(nfc.utf8.count)
        var pendingSpace = false
        for ch in nfc.unicodeScalars {
            if ch.properties.isWhitespace {
                pendingSpace = !out.isEmpty
                continue
            }
            if ch.properties.generalCategory == .format { continue }
            if pendingSpace { out.unicodeScalars.append(" "); pendingSpace = false }
            out.unicodeScalars.append(ch)
        }
        return out
    }

    /// Whether a label names a printed table's totals row or column
    /// ("Totalt", "Summa", "Samtliga projekt"), in any case or spacing, as
    /// hand-kept sheets write it too: `Totalt:`, `Total (3 projekt)`,
    /// `Totalt alla projekt`. A name that merely starts with such a word
    /// (`Total Recall`, `Alla barns rätt`) is not one.
    public static func isTotals(_ s: String) -> Bool {
        var key = normalize(s)
        if totals.contains(key) { return true }
        // A note in brackets at the end, then a colon.
        if key.hasSuffix(")"), let open = key.lastIndex(of: "(") { key = String(key[..<open]) }
        key = String(key.trimmingCharacters(in: .whitespaces).reversed().drop { $0 == ":" || $0 == " " }.reversed())
        if totals.contains(key) { return true }
        let words = key.split(separator: " ").map(String.init)
        guard let first = words.first, ["totalt", "total", "summa", "totalsumma"].contains(first) else { return false }
        return words.dropFirst().allSatisfy { totalsQualifiers.contains($0) || $0.allSatisfy(\.isNumber) }
    }

    static let totals: Set<String> = ["totalt", "total", "totalsumma", "summa", "alla", "all", "samtliga", "samtliga projekt", "alla projekt"]
    /// Words after a totals word that say what it sums (`Totalt alla projekt`).
    static let totalsQualifiers: Set<String> = ["alla", "all", "samtliga", "projekt", "projekten", "insatser", "insatserna", "kurser",
                                                "kurserna", "kommuner", "för", "av", "of", "for", "projects", "courses", "the"]

    /// Levenshtein distance on characters, for "did you mean" suggestions.
    public static func editDistance(_ a: String, _ b: String) -> Int {
        let x = Array(a), y = Array(b)
        if x.isEmpty { return y.count }
        if y.isEmpty { return x.count }
        var prev = Array(0...y.count)
        var cur = [Int](repeating: 0, count: y.count + 1)
        for i in 1...x.count {
            cur[0] = i
            for j in 1...y.count {
                cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1))
            }
            swap(&prev, &cur)
        }
        return prev[y.count]
    }
}

/// Names typed by hand, as the tables show them: "Kurs 1", "kurs 1" and
/// "Kurs  1" (two spaces, or a no-break one) are one course typed three
/// ways, as answers and column names are. Apart, each would be a smaller
/// table (suppressed), a project's figures would be split between two rows
/// and its totals counted twice, and a spelling from another file (an
/// enrollment, a report's printed figures) would match only one of them.
/// A name is shown as first spelled; every spelling is kept, in order, for
/// the warning.
public struct NameSpellings: Sendable {
    /// TextKey → the spellings met, the first one shown.
    public private(set) var byKey: [String: [String]] = [:]
    private var shown: [String: String] = [:]
    /// Shown names looked up by `shownName`.
    private var looked: [String: String] = [:]

    public init() {}

    public mutating func canonical(_ name: String) -> String {
        if let s = shown[name] { return s }
        let key = TextKey.normalize(name)
        // In NFC: Swift's strings compare NFC and NFD alike, so which of
        // the two a table met first (a rejected row's, or a later part's
        // in a split read) must not decide the bytes published.
        let first = byKey[key]?.first ?? name.precomposedStringWithCanonicalMapping
        byKey[key, default: []].append(byKey[key] == nil ? first : name)
        let display = Self.withoutFormatCharacters(first)
        shown[name] = display
        return display
    }

    /// The name as shown for one that is already a shown name (a later
    /// part's, when parts are merged): looked up, not recorded as a
    /// spelling; remembered, as merging asks for each cell's names.
    public mutating func shownName(_ name: String) -> String {
        if let s = shown[name] ?? looked[name] { return s }
        let s = shown(for: name) ?? canonical(name)
        looked[name] = s
        return s
    }

    /// The name as shown, for a spelling from elsewhere (the enrollment).
    public func shown(for name: String) -> String? { byKey[TextKey.normalize(name)]?.first.map(Self.withoutFormatCharacters) }

    /// The name without invisible format characters (zero-width space,
    /// soft hyphen, BOM, direction marks), which a name pasted from a web
    /// page or a PDF brings along: published, the course "Kurs\u{200B}1"
    /// looks like "Kurs1" and matches nothing typed in Excel's filter.
    /// The warning on merged names still shows them (`visibleControls`).
    /// The joiners (U+200C, U+200D) stay: Persian words and emoji need them.
    public static func withoutFormatCharacters(_ s: String) -> String {
        func invisible(_ u: Unicode.Scalar) -> Bool {
            u.properties.generalCategory == .format && u.value != 0x200C && u.value != 0x200D
        }
        guard s.unicodeScalars.contains(where: invisible) else { return s }
        var out = String.UnicodeScalarView()
        for u in s.unicodeScalars where !invisible(u) { out.append(u) }
        return String(out)
    }

    /// Names met in more than one spelling, each list in file order.
    public var merged: [[String]] { byKey.values.filter { $0.count > 1 }.sorted { $0[0] < $1[0] } }

    /// One `names_merged` warning per name met in several spellings.
    /// `unnamed`: shown names whose spellings must not be logged.
    public func mergedDiagnostics(what: String, file: String, unnamed: (String) -> Bool = { _ in false }) -> [Diagnostic] {
        merged.filter { !unnamed(Self.withoutFormatCharacters($0[0])) }.map { list in
            Diagnostic(.warning, kind: "names_merged", at: SourceLocation(file: file),
                       "\(what) names \(list.map { "'\($0.visibleControls)'" }.joined(separator: ", ")) differ only in case or spacing and are taken as one name, '\(Self.withoutFormatCharacters(list[0]).visibleControls)'; correct the export if they name different \(what)s")
        }
    }
}

/// Why a row cannot be counted under its project or course: the name is
/// empty, or it holds an e-mail address, IP address, personnummer or phone number,
/// which every table would publish as a key (and every log line repeat).
/// A survey, its enrollment, a follow-up table and its printed figures ask
/// it alike.
public enum KeyProblem: UInt8, Sendable {
    case none, empty, personal

    public init(_ name: String) {
        // Only invisible characters (a zero-width space) is empty too: the
        // name would be published as "".
        let blank = name.unicodeScalars.allSatisfy { $0.properties.isWhitespace || $0.properties.generalCategory == .format }
        self = blank ? .empty : PersonalData.mentionsPersonalData(name) ? .personal : .none
    }

    /// The reject's kind and reason for a `project` or `course` name.
    public func rejection(of what: String) -> (kind: String, reason: String)? {
        switch self {
        case .none: nil
        case .empty: ("missing_value", "the \(what) column is empty; every answer must belong to a \(what)")
        case .personal: ("personal_value", "the \(what) column holds an e-mail address, IP address, personnummer or phone number, which would be published as the \(what)'s name in every table; expected a \(what) name (correct the export)")
        }
    }

    /// The row rejected for a name holding personal data, or nil; for
    /// inputs that deal with an empty name in their own way.
    public static func personalValue(_ name: String, as what: String, at location: SourceLocation, fields: [String]) -> RejectedRow? {
        guard KeyProblem(name) == .personal, let why = KeyProblem.personal.rejection(of: what) else { return nil }
        return RejectedRow(location: location, kind: why.kind, reason: why.reason, fields: fields)
    }
}
