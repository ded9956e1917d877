/// The result of reading one typed value: a value, an honest gap, or text that
/// is not the expected kind. Kept apart from `Optional` because "nobody
/// answered" and "somebody typed 12,3,4" must be counted differently.
///
/// ```swift
/// if case .value(let n) = ValueParser.integer("1 227") { … }   // n == 1227
/// ```
public enum Parsed<T> {
    case value(T)
    /// Empty, `-`, `–`, `—`, `..`, `n/a`: the cell says "no figure".
    case missing
    case invalid
}

extension Parsed: Sendable where T: Sendable {}
extension Parsed: Equatable where T: Equatable {}

extension Parsed {
    /// The value, or nil for missing and invalid.
    public var value: T? {
        if case .value(let v) = self { return v }
        return nil
    }
}

/// The text encodings utfall reads. Everything is transcoded to UTF-8 before
/// libcsv sees it.
public enum TextEncoding: String, CaseIterable, Sendable, Codable {
    case utf8 = "utf-8"
    case utf16le = "utf-16le"
    case utf16be = "utf-16be"
    case windows1252 = "windows-1252"
    case latin1 = "iso-8859-1"
    /// Excel for Mac's "CSV (Macintosh)": å is 0x8C, ä 0x8A, ö 0x9A.
    case macRoman = "macintosh"

    /// Accepts the spellings people type in pipeline files (`UTF8`, `cp1252`,
    /// `latin-1`, `ansi`) as well as the raw values. Case-insensitive.
    public static func named(_ name: String) -> TextEncoding? {
        let n = name.lowercased().filter { $0 != " " }
        if let e = TextEncoding(rawValue: n) { return e }
        switch n {
        case "utf8", "utf-8-sig", "utf8-sig", "utf8bom": return .utf8
        case "utf16le", "utf-16", "utf16", "unicode", "ucs-2le": return .utf16le
        case "utf16be", "ucs-2be": return .utf16be
        case "cp1252", "win1252", "windows1252", "ansi", "cp-1252": return .windows1252
        case "latin1", "latin-1", "iso8859-1", "iso88591", "l1": return .latin1
        case "macroman", "mac-roman", "mac_roman", "x-mac-roman", "mac": return .macRoman
        default: return nil
        }
    }
}

/// How a survey platform lays out its header rows.
public enum ExportLayout: String, CaseIterable, Sendable, Codable {
    /// One header row; id and text are the same.
    case plain
    /// Row 1 export tags (`Q3_2`), row 2 question text, row 3 `{"ImportId":…}`
    /// (legacy exports: two rows, `V1…V10` then text).
    case qualtrics
    /// Row 1 question text (blank over continuation columns), row 2
    /// `Response` / option labels.
    case surveymonkey
    /// One row of `code[sub]. Question text [Sub-question]` or bare codes.
    case limesurvey
    /// `Timestamp` / `Tidstämpel` first, full question texts.
    case googleForms = "google_forms"
    /// `ID, Start time, Completion time, Email, Name, …`.
    case microsoftForms = "microsoft_forms"
    /// Row 1 questions, blank over a matrix question's further columns;
    /// row 2 the matrix's statements, blank under the other columns
    /// (Webropol, and other Nordic platforms' matrix exports).
    case matrix

    /// Header rows the layout uses when nothing else is known.
    public var defaultHeaderRows: Int {
        switch self {
        case .qualtrics: 3
        case .surveymonkey, .matrix: 2
        default: 1
        }
    }
}

/// Overrides for what `TableReader` would otherwise detect. Leave a field nil
/// to let the reader sniff it.
///
/// ```swift
/// var o = ReadOptions()
/// o.encoding = .windows1252
/// o.delimiter = UInt8(ascii: ";")
/// let reader = try TableReader(path: "kostnader.csv", options: o)
/// ```
public struct ReadOptions: Sendable {
    public var encoding: TextEncoding?
    /// `,` `;` tab or `|` as a byte.
    public var delimiter: UInt8?
    public var layout: ExportLayout?
    /// 1-based physical line of the (first) header row; lines above it
    /// (titles, notes) are skipped.
    public var headerLine: Int?
    /// Number of header rows; defaults to what the layout uses.
    public var headerRows: Int?
    /// Column names (`A|B` aliases allowed) the caller will look up. When
    /// no `headerLine` is given and the header found by its shape lacks one
    /// of them, the first of the file's first lines that names them all is
    /// the header: a title line with two filled cells right above the
    /// table looks like a header by shape alone.
    public var expectedColumns: [String] = []

    public init() {}

    /// The delimiter a pipeline file or `inspect --delimiter` names: `,` `;`
    /// `|`, or `tab` (or a tab character); nil for anything else. One rule
    /// for both, so what inspect reads a pipeline can read too.
    public static func delimiter(named name: String) -> UInt8? {
        switch name {
        case ",", ";", "|": name.utf8.first
        case "tab", "\t": 9
        default: nil
        }
    }
}

/// What the reader found out about a file (or was told).
public struct DetectedFormat: Sendable, Codable {
    public var encoding: TextEncoding
    public var hasBOM: Bool
    public var delimiter: UInt8
    /// `,` `;` `tab` `|`, for logs.
    public var delimiterName: String
    public var layout: ExportLayout
    public var headerRows: Int
    /// 1-based physical line of the first header row.
    public var headerLine: Int
    /// `\n`, `\r\n` or `\r` as seen in the first 64 KiB (`none` for one line).
    public var lineEnding: String

    public init(encoding: TextEncoding, hasBOM: Bool, delimiter: UInt8, layout: ExportLayout,
                headerRows: Int, headerLine: Int, lineEnding: String) {
        self.encoding = encoding
        self.hasBOM = hasBOM
        self.delimiter = delimiter
        self.delimiterName = DetectedFormat.name(ofDelimiter: delimiter)
        self.layout = layout
        self.headerRows = headerRows
        self.headerLine = headerLine
        self.lineEnding = lineEnding
    }

    static func name(ofDelimiter d: UInt8) -> String {
        d == 9 ? "tab" : String(UnicodeScalar(d))
    }
}

/// Counts from the last `forEachRecord`: every data record is either passed
/// on or rejected, so `records == accepted + rejected`.
public struct ReadStats: Sendable, Codable {
    /// Data records after the header rows, including rejected ones. Blank
    /// lines and rows whose every field is empty are not records.
    public var records = 0
    public var rejected = 0
    /// Blank lines and all-empty rows skipped after the header.
    public var blankRows = 0
    /// In a file read as Windows-1252 or Latin-1, byte pairs that are
    /// UTF-8's å, ä, ö, é…: rows of a UTF-8 export joined to an 8-bit one,
    /// whose names would be published as `KÃ¶rkort`.
    public var utf8In8Bit = 0
    /// Whether the last record was rejected as cut short (too few fields,
    /// or an open quote), and its line: with no line break after it, the
    /// export ends inside a row.
    public var lastRecordRejected = false
    public var lastRecordLine = 0
    /// Whether the file ended inside a quoted field: the last record is
    /// unfinished whatever follows it, a line break included (a writer
    /// that flushes by line stops just after one inside a comment).
    public var lastRecordOpenQuote = false
    public var accepted: Int { records - rejected }

    public init() {}
}
