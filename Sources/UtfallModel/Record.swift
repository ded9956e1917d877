/// One column of a table as its export names it. Survey platforms give a
/// column a short stable id (`Q3_2`, `likert2[SQ001]`) and a long question
/// text; both are kept because pipelines name columns by either.
public struct Column: Hashable, Sendable {
    /// 0-based position in the file.
    public var index: Int
    /// Short stable id; equal to `text` for single-header files.
    public var id: String
    /// Full question text (for matrix questions: "question – sub-item").
    public var text: String
    /// Qualtrics' internal question id (`QID12_3`), which survives renaming
    /// the export tag; nil for other platforms.
    public var importId: String?

    public init(index: Int, id: String, text: String, importId: String? = nil) {
        self.index = index
        self.id = id
        self.text = text
        self.importId = importId
    }
}

/// One data record of an input, with the physical line it starts on.
public struct Record: Sendable {
    /// 1-based physical line number where the record starts (a quoted field
    /// may carry the record over several lines).
    public var line: Int
    public var fields: [String]

    public init(line: Int, fields: [String]) {
        self.line = line
        self.fields = fields
    }
}

/// A record that did not make it into the analysis, kept with the reason so
/// that nothing is lost: it is written to the rejects file.
public struct RejectedRow: Sendable {
    public var location: SourceLocation
    public var kind: String
    public var reason: String
    public var fields: [String]
    /// Whether whoever rejected the row has already made a diagnostic of it;
    /// otherwise the run makes a warning, so that no rejected row goes
    /// unseen by the log, the manifest and `--strict`.
    public var diagnosed: Bool

    public init(location: SourceLocation, kind: String, reason: String, fields: [String], diagnosed: Bool = false) {
        self.location = location
        self.kind = kind
        self.reason = reason
        self.fields = fields
        self.diagnosed = diagnosed
    }

    /// The warning a rejected row is, when nobody made one.
    public var diagnostic: Diagnostic {
        Diagnostic(.warning, kind: kind, at: location, "row rejected: \(reason)")
    }
}

extension String {
    /// A field's value as every stage compares and shows it: white space,
    /// line breaks and no-break spaces included, trimmed at both ends, and
    /// so are invisible format characters (a zero-width space or a BOM
    /// before a name). One rule for all inputs, or "K1" in the export and
    /// "K1⏎" in the enrollment would be two courses.
    public var trimmingSpaces: String {
        var s = Substring(self)
        while let f = s.first, Self.isTrimmed(f) { s.removeFirst() }
        while let l = s.last, Self.isTrimmed(l) { s.removeLast() }
        return String(s)
    }

    private static func isTrimmed(_ c: Character) -> Bool {
        c.isWhitespace || c.unicodeScalars.allSatisfy { $0.properties.generalCategory == .format }
    }
}
