import Foundation
import UtfallModel

/// Streams one CSV export: detects its encoding, delimiter, header line and
/// platform layout when opened, then hands on data records one by one with
/// the physical line each starts on.
///
/// ```swift
/// let reader = try TableReader(path: "enkät.csv")
/// let resolver = ColumnResolver(columns: reader.columns, file: reader.path)
/// let q1 = try resolver.resolve("Q1|Fråga 1")
/// try reader.forEachRecord({ r in print(r.line, r.fields[q1.index]) },
///                          onReject: { bad in print(bad.location, bad.reason) })
/// ```
///
/// The file is read in 64 KiB chunks and never held whole; `forEachRecord`
/// may be called again and re-reads the file from the start.
///
/// Counting: lines above the header line (titles), the header rows, blank
/// lines and rows whose every field is empty are not records. Every other
/// row after the header is a record and is either passed to `body` or
/// rejected (`ragged_row`, `invalid_encoding`, `unterminated_quote`).
public final class TableReader {
    public let path: String
    public private(set) var columns: [Column]
    public let format: DetectedFormat
    public private(set) var stats = ReadStats()
    private let bomLength: Int

    public init(path: String, options: ReadOptions = ReadOptions()) throws {
        self.path = path
        let head = try FileChunks.head(path: path)
        if let notText = EncodingDetection.notText(head, file: path) { throw notText }
        guard !head.isEmpty else { throw ReadError.noHeader(file: path, line: nil) }

        var encoding: TextEncoding
        var bom = 0
        if let forced = options.encoding {
            encoding = forced
            let boms: [TextEncoding: [UInt8]] = [.utf8: [0xEF, 0xBB, 0xBF], .utf16le: [0xFF, 0xFE], .utf16be: [0xFE, 0xFF]]
            if let b = boms[forced], head.starts(with: b) { bom = b.count }
        } else {
            let d = try EncodingDetection.detect(head, file: path)
            encoding = d.encoding
            bom = d.bomLength
        }
        bomLength = bom

        // The sample in UTF-8, cut after its last line end when the file
        // goes on, so that no record is judged by a part of itself.
        var sample: [UInt8] = []
        var t = Transcoder(encoding)
        head.withUnsafeBytes { t.transcode(UnsafeRawBufferPointer(rebasing: $0[bom...]), into: &sample) }
        if head.count == FileChunks.chunkSize, let last = sample.lastIndex(where: { $0 == 0x0A || $0 == 0x0D }) {
            sample.removeSubrange((last + 1)...)
        }

        // Excel writes (and honours) a first line `sep=;` naming the delimiter.
        let sepLine = DialectSniffer.excelSepLine(sample)
        let delimiter = options.delimiter ?? sepLine ?? DialectSniffer.delimiter(sample, file: path)
        let sampleRecords = DialectSniffer.records(sample, delimiter: delimiter, file: path)
            .filter { sepLine == nil || $0.line > 1 }
        let headerLine = options.headerLine ?? DialectSniffer.headerLine(sampleRecords) ?? (sepLine == nil ? 1 : 2)

        // Header rows are read by the same stream as the data, so that a
        // header longer than the sample is still read whole.
        var rows: [[String]] = []
        try Self.stream(path: path, encoding: encoding, bomLength: bom, delimiter: delimiter) { r in
            if r.line >= headerLine, !r.fields.allSatisfy(\.isEmpty) { rows.append(r.fields) }
            return rows.count < 3
        }
        guard !rows.isEmpty else { throw ReadError.noHeader(file: path, line: options.headerLine) }

        var (layout, headerRows) = LayoutDetection.detect(rows)
        if let forced = options.layout, forced != layout {
            layout = forced
            headerRows = LayoutDetection.headerRows(for: forced, rows)
        }
        if let n = options.headerRows { headerRows = max(1, n) }
        columns = LayoutDetection.columns(layout, rows, headerRows: headerRows)
        format = DetectedFormat(encoding: encoding, hasBOM: bom > 0, delimiter: delimiter, layout: layout,
                                headerRows: headerRows, headerLine: headerLine,
                                lineEnding: DialectSniffer.lineEnding(sample))
    }

    /// Streams every data record to `body`; rows that cannot be used go to
    /// `onReject` with their location and a reason saying what was expected.
    /// Errors thrown by either closure stop the reading and are rethrown.
    public func forEachRecord(_ body: (Record) throws -> Void, onReject: (RejectedRow) throws -> Void) throws {
        stats = ReadStats()
        var headerSeen = 0
        let width = columns.count
        let headerLine = format.headerLine
        let headerRows = format.headerRows
        try Self.stream(path: path, encoding: format.encoding, bomLength: bomLength, delimiter: format.delimiter,
                        width: width) { r in
            if r.line < headerLine { return true }
            if headerSeen < headerRows {
                if !r.fields.allSatisfy(\.isEmpty) { headerSeen += 1 }
                return true
            }
            if r.fields.allSatisfy(\.isEmpty) && !r.unterminatedQuote {
                stats.blankRows += 1
                return true
            }
            stats.records += 1
            if let reject = rejection(r, width: width) {
                stats.rejected += 1
                try onReject(reject)
            } else {
                try body(Record(line: r.line, fields: r.fields))
            }
            return true
        }
    }

    private func rejection(_ r: CSVStream.RawRecord, width: Int) -> RejectedRow? {
        if let bad = r.invalidField {
            let advice = format.encoding == .utf8
                ? "the file was read as UTF-8; if it comes from old Excel, declare encoding: windows-1252"
                : "the file was read as \(format.encoding.rawValue)"
            return RejectedRow(location: SourceLocation(file: path, line: r.line, column: bad.column), kind: "invalid_encoding",
                               reason: "field \(bad.column) is not valid text: \(bad.detail); \(advice)", fields: r.fields)
        }
        if r.unterminatedQuote {
            return RejectedRow(location: SourceLocation(file: path, line: r.line), kind: "unterminated_quote",
                               reason: "a quoted field opened on or after this line is never closed, so the rest of the file ran into it; expected a closing \" before the end of the file",
                               fields: r.fields)
        }
        if r.fields.count != width {
            let hint = r.fields.count > width
                ? "a value may contain the delimiter '\(format.delimiterName)' without quotes"
                : "a value may be missing or a line break may have split the row"
            return RejectedRow(location: SourceLocation(file: path, line: r.line, column: min(r.fields.count, width) + 1),
                               kind: "ragged_row",
                               reason: "expected \(width) fields as in the header, found \(r.fields.count); \(hint)",
                               fields: r.fields)
        }
        return nil
    }

    /// Runs the whole file through transcoding and libcsv. `deliver` returns
    /// false to stop early.
    static func stream(path: String, encoding: TextEncoding, bomLength: Int, delimiter: UInt8, width: Int = 16,
                       deliver: (CSVStream.RawRecord) throws -> Bool) throws {
        let chunks = try FileChunks(path: path)
        let csv = try CSVStream(file: path, delimiter: delimiter)
        csv.expectedWidth = width
        var transcoder = Transcoder(encoding)
        var converted: [UInt8] = []
        var first = true
        while true {
            var chunk = try chunks.next(line: csv.line)
            if chunk.isEmpty { break }
            if first {
                chunk = UnsafeRawBufferPointer(rebasing: chunk[min(bomLength, chunk.count)...])
                first = false
            }
            let more: Bool
            if transcoder.passesThrough {
                more = try csv.push(chunk, deliver: deliver)
            } else {
                converted.removeAll(keepingCapacity: true)
                transcoder.transcode(chunk, into: &converted)
                more = try converted.withUnsafeBytes { try csv.push($0, deliver: deliver) }
            }
            if !more { return }
        }
        converted.removeAll(keepingCapacity: true)
        transcoder.finish(into: &converted)
        if !converted.isEmpty, !(try converted.withUnsafeBytes({ try csv.push($0, deliver: deliver) })) { return }
        try csv.finish(deliver: deliver)
    }
}
