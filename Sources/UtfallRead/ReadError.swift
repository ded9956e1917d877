import UtfallModel

/// Why a file could not be read at all. Row-level problems are not errors:
/// they become `RejectedRow`s and the reading goes on.
///
/// Every case names the file, and the line where one is known, and says what
/// to do. Respondent values never appear in the message.
public enum ReadError: Error, CustomStringConvertible, Sendable {
    /// The file does not exist or cannot be opened.
    case cannotOpen(file: String, reason: String)
    /// Reading failed part-way (disk error, file truncated while reading).
    case ioFailure(file: String, line: Int?, reason: String)
    /// The file is not text: an Excel workbook, a zip, a binary.
    case notCSV(file: String, what: String, advice: String)
    /// No header row: the file is empty or holds only blank lines.
    case noHeader(file: String, line: Int?)
    /// libcsv reported a failure (out of memory, field too big).
    case parser(file: String, line: Int, code: Int32, reason: String)

    public var location: SourceLocation {
        switch self {
        case .cannotOpen(let f, _), .notCSV(let f, _, _): SourceLocation(file: f)
        case .ioFailure(let f, let l, _), .noHeader(let f, let l): SourceLocation(file: f, line: l)
        case .parser(let f, let l, _, _): SourceLocation(file: f, line: l)
        }
    }

    public var file: String { location.file }
    public var line: Int? { location.line }
    public var column: Int? { location.column }

    public var description: String {
        switch self {
        case .cannotOpen(let f, let reason):
            "\(f): cannot open the file (\(reason)); check the path and that the file is readable"
        case .ioFailure(_, _, let reason):
            "\(location): reading failed (\(reason)); check the disk and that nothing rewrites the file during the run"
        case .notCSV(let f, let what, let advice):
            "\(f) is \(what), not a CSV or text file; \(advice)"
        case .noHeader(let f, let line):
            if let line {
                "\(f):\(line): no header row at or after this line; the file ends before it. Check header_line in the pipeline file"
            } else {
                "\(f): the file has no header row (it is empty or holds only blank lines); export the data again with column headings"
            }
        case .parser(_, _, let code, let reason):
            "\(location): the CSV parser failed (libcsv error \(code): \(reason)); the file may have a field larger than memory allows"
        }
    }
}
