/// Where in an input a value came from. Lines and columns are 1-based, as an
/// editor shows them; `column` is a field number for CSV and a character
/// column for YAML.
public struct SourceLocation: Hashable, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var column: Int?

    public init(file: String, line: Int? = nil, column: Int? = nil) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// `file:line:column`, leaving out what is unknown: the form compilers use,
    /// so editors and log tools can jump to it.
    public var description: String {
        var s = file
        if let line { s += ":\(line)" }
        if let column { s += ":\(column)" }
        return s
    }
}

public enum Severity: String, Sendable, Comparable, Codable {
    case info, warning, error

    private var rank: Int {
        switch self {
        case .info: 0
        case .warning: 1
        case .error: 2
        }
    }

    public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
}

/// One problem found in the data or the configuration.
///
/// `kind` is a stable snake_case name (`ragged_row`, `unknown_label`, …) that
/// the data-quality sheet and the manifest count by; `message` is for people.
/// Respondent values belong in `message` only when the caller opted in, since
/// logs travel further than the data.
public struct Diagnostic: Hashable, Sendable, CustomStringConvertible {
    public var severity: Severity
    public var kind: String
    public var location: SourceLocation?
    public var message: String

    public init(_ severity: Severity, kind: String, at location: SourceLocation? = nil, _ message: String) {
        self.severity = severity
        self.kind = kind
        self.location = location
        self.message = message
    }

    public var description: String {
        let at = location.map { "\($0): " } ?? ""
        return "\(at)\(severity.rawValue): \(message) [\(kind)]"
    }
}

/// Collects diagnostics during a stage so that all of them can be reported
/// together instead of stopping at the first.
public struct Diagnostics: Sendable {
    public private(set) var items: [Diagnostic] = []
    /// Per-kind totals, including diagnostics beyond `limitPerKind` that were
    /// counted but not kept (a file with a million bad dates should not keep
    /// a million messages).
    public private(set) var countsByKind: [String: Int] = [:]
    public var limitPerKind: Int
    /// Digests kept per kind (see `addDigest`), limited apart from the
    /// diagnostics they sum up.
    private var digestsByKind: [String: Int] = [:]

    public init(limitPerKind: Int = 50) { self.limitPerKind = limitPerKind }

    /// Messages are kept with e-mail addresses, personnummer and phone
    /// numbers masked, whatever put them there (a project name, a unit, a
    /// header): they go to the log and the workbook's data-quality sheet.
    public mutating func add(_ d: Diagnostic) {
        let n = countsByKind[d.kind, default: 0]
        countsByKind[d.kind] = n + 1
        if n < limitPerKind { keep(d) }
    }

    private mutating func keep(_ d: Diagnostic) {
        var kept = d
        kept.message = PersonalData.shown(d.message)
        items.append(kept)
    }

    /// Adds a digest of diagnostics already counted one by one: each distinct
    /// unknown answer, with its count and suggestion, after its rows were
    /// rejected one by one. It is not counted again (`diagnostics_by_kind`
    /// counts the rows), and the rows' limit does not hide it: the digest is
    /// the line that says what to fix.
    public mutating func addDigest(_ d: Diagnostic) {
        let n = digestsByKind[d.kind, default: 0]
        digestsByKind[d.kind] = n + 1
        if n < limitPerKind { keep(d) }
    }

    /// Moves every located diagnostic `offset` lines down (see
    /// `RecordConsumer.shiftLines`).
    public mutating func shiftLines(by offset: Int) {
        for i in items.indices { items[i].location?.line? += offset }
    }

    public mutating func add(contentsOf other: Diagnostics) {
        for d in other.items { items.append(d) }
        for (k, v) in other.countsByKind { countsByKind[k, default: 0] += v }
    }

    /// Adds the diagnostics collected, in order, after these (by a second
    /// reader of the same file, say): each kind keeps its first
    /// `limitPerKind` as if every one had been added here in turn.
    public mutating func append(_ later: Diagnostics) {
        var earlierOfKind: [String: Int] = [:]
        for d in later.items {
            let j = earlierOfKind[d.kind, default: 0]
            earlierOfKind[d.kind] = j + 1
            if countsByKind[d.kind, default: 0] + j < limitPerKind { items.append(d) }
        }
        for (k, v) in later.countsByKind { countsByKind[k, default: 0] += v }
    }

    public var errorCount: Int { items.filter { $0.severity == .error }.count }
    public var isEmpty: Bool { countsByKind.isEmpty }
}

extension String {
    /// The text as a log line shows it: logs travel further than the data,
    /// so a pasted paragraph is shown by its start.
    public var clippedForLog: String { count > 80 ? String(prefix(77)) + "…" : self }

    /// Control and invisible format characters (NUL, zero-width space,
    /// BOM, soft hyphen…) and spaces other than the plain one (no-break,
    /// narrow no-break…) written as `\u{200B}`, so two names that look
    /// alike in a message can be told apart.
    public var visibleControls: String {
        escapingScalars(shortForms: false) {
            $0.properties.generalCategory == .control || $0.properties.generalCategory == .format || ($0.properties.isWhitespace && $0 != " ")
        }
    }

    /// The scalars `escaped` picks written as `\u{1B}` (with `shortForms`,
    /// line feed, carriage return and tab as `\n`, `\r`, `\t`).
    public func escapingScalars(shortForms: Bool, _ escaped: (Unicode.Scalar) -> Bool) -> String {
        guard unicodeScalars.contains(where: escaped) else { return self }
        var out = ""
        for u in unicodeScalars {
            guard escaped(u) else { out.unicodeScalars.append(u); continue }
            switch u {
            case "\n" where shortForms: out += "\\n"
            case "\r" where shortForms: out += "\\r"
            case "\t" where shortForms: out += "\\t"
            default: out += "\\u{" + String(u.value, radix: 16, uppercase: true) + "}"
            }
        }
        return out
    }
}
