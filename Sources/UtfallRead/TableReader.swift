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
    /// Header cells that are not valid in the file's encoding: their bytes
    /// are shown as Windows-1252, so column names may not match.
    public private(set) var headerProblems: [Diagnostic] = []
    let bomLength: Int
    /// The first header cell's id and text as UTF-8, for `repeatsHeader`.
    private var headerFirstFields: [[UInt8]] = []

    /// What the read showed about the file as a whole, once it is read: an
    /// end inside its last row (an export cut off or still being written),
    /// and UTF-8 text in a file read as 8-bit (an export joined from two
    /// files, or one whose first non-ASCII byte was a stray one).
    public var readProblems: [Diagnostic] {
        guard let cut = cutOff else { return mixedEncoding }
        return [Diagnostic(.error, kind: "export_cut_off", at: SourceLocation(file: path, line: stats.lastRecordLine),
                           "\(cut): the export was probably still being written, or was cut off, so nothing is published from it. Run again when the export is complete; if it is, \(stats.lastRecordOpenQuote ? "close or remove that quote" : "end or remove its last line")")] + mixedEncoding
    }

    /// How the file ends inside its last row, or nil. Its rows so far would
    /// be published as the whole night's with exit 0.
    private var cutOff: String? {
        // Inside a quote also with a line break last: cut just after one
        // inside a comment, 40 of 60 respondents were published with exit 0.
        if stats.lastRecordOpenQuote {
            return "the file ends inside a quoted field of the row on line \(stats.lastRecordLine) (or a quote in that row is never closed)"
        }
        // A row cut short at the very end, with no line break after it.
        if stats.lastRecordRejected, !EncodingDetection.endsWithLineBreak(path: path, encoding: format.encoding) {
            return "the file ends inside its last row, with no line break after it"
        }
        return nil
    }

    private var mixedEncoding: [Diagnostic] {
        guard stats.utf8In8Bit > 0 else { return [] }
        let first = EncodingDetection.firstUTF8PairLine(path: path, from: bomLength)
        return [Diagnostic(.warning, kind: "mixed_encoding", at: SourceLocation(file: path, line: first),
                           "read as \(format.encoding.rawValue), but \(stats.utf8In8Bit) places in it are UTF-8 (ä read as 'Ã¤')\(first.map { ", the first on line \($0)" } ?? ""): part of the file is UTF-8, and the rows holding such text are rejected (invalid_encoding) rather than published garbled. Save the whole export in one encoding (CSV UTF-8), or declare encoding: utf-8 if most of it is")]
    }

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
            if encoding == .utf8, bom == 0, head.count == FileChunks.chunkSize,
               head.withUnsafeBytes({ EncodingDetection.firstNonASCII($0) }) == nil,
               let later = try EncodingDetection.beyondASCII(path: path, asciiPrefix: head.count) {
                encoding = later
            }
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
        let sniffed = options.headerLine ?? DialectSniffer.headerLine(sampleRecords) ?? (sepLine == nil ? 1 : 2)
        guard let first = try Self.header(at: sniffed, path: path, encoding: encoding, bomLength: bom, delimiter: delimiter, options: options) else {
            throw ReadError.noHeader(file: path, line: options.headerLine)
        }
        var h = first
        var foundByName: Diagnostic?
        // Title lines the sniffer cannot tell from a header (`Antal svar;20`
        // right above the table): the columns the pipeline names find the
        // header, from among the sample's first lines.
        if options.headerLine == nil, !options.expectedColumns.isEmpty,
           !Self.names(options.expectedColumns, first.columns, path) {
            for r in sampleRecords.prefix(Self.headerSearchLines) where r.line != sniffed && r.fields.count > 1 {
                guard let found = try Self.header(at: r.line, path: path, encoding: encoding, bomLength: bom, delimiter: delimiter, options: options),
                      Self.names(options.expectedColumns, found.columns, path) else { continue }
                h = found
                let skipped = sampleRecords.filter { $0.line < r.line && !$0.fields.allSatisfy(\.isEmpty) }.count
                foundByName = Diagnostic(.info, kind: "header_found_by_name", at: SourceLocation(file: path, line: r.line),
                                         "the header was taken from line \(r.line), the first line naming the pipeline's columns (\(options.expectedColumns.map { "'\($0)'" }.joined(separator: ", "))), not line \(sniffed); \(skipped == 1 ? "the non-empty line above it is" : "the \(skipped) non-empty lines above it are") read as titles, not rows. Write `header_line: \(r.line)` under the input to say so")
                break
            }
        }
        columns = h.columns
        if let c = h.columns.first { headerFirstFields = Array(Set([c.id, c.text].filter { !$0.isEmpty }.map { Array($0.utf8) })) }
        headerProblems = h.problems + (foundByName.map { [$0] } ?? [])
        format = DetectedFormat(encoding: encoding, hasBOM: bom > 0, delimiter: delimiter, layout: h.layout,
                                headerRows: h.rows, headerLine: h.line,
                                lineEnding: DialectSniffer.lineEnding(sample))
    }

    /// Streams every data record to `body`; rows that cannot be used go to
    /// `onReject` with their location and a reason saying what was expected.
    /// Errors thrown by either closure stop the reading and are rethrown.
    public func forEachRecord(_ body: (Record) throws -> Void, onReject: (RejectedRow) throws -> Void) throws {
        try withoutActuallyEscaping(body) { body in
            try withoutActuallyEscaping(onReject) { onReject in
                let c = ClosureConsumer(record: { try body(Record(line: $0.line, fields: $0.strings())) }, rejected: onReject)
                try scan { _ in c }
            }
        }
    }

    /// Streams every data record to a consumer as a `RecordView`, its
    /// fields as bytes, and every rejected row with its reason.
    ///
    /// With a `plan` that allows it, a large UTF-8 file is cut into parts
    /// at line ends and read by several threads, each part into a consumer
    /// of its own (`make(part)`), merged into the first part's consumer in
    /// file order (see `PartedRead`). A consumer for a later part must
    /// keep what it produces (rejects, say) until it is merged. Every
    /// record is seen once, with its true line number, whatever the cuts.
    ///
    /// Returns the first part's consumer, everything merged into it.
    /// `split` tells how the read was cut.
    @discardableResult
    public func scan<C: RecordConsumer>(_ plan: SplitPlan = .sequential, consumer make: (_ part: Int) throws -> C) throws -> C {
        stats = ReadStats()
        split = SplitReport()
        let header = HeaderSkip(line: format.headerLine, rows: format.headerRows)
        let cuts = try self.cuts(plan)
        // Without cuts: one part, read on this thread alone.
        let threads = cuts.isEmpty ? 1 : plan.threads
        return try withoutActuallyEscaping(make) { make in
            // At most threads + 1 parts read and not yet merged: each thread
            // may run a part or so ahead of the slowest.
            let parted = PartedRead(reader: self, cuts: cuts, header: header, window: threads + 1, make: make)
            let (first, stats) = try parted.run(threads: threads)
            self.stats = stats
            split = parted.report
            return first
        }
    }

    /// How the last `scan` was cut into parts.
    public private(set) var split = SplitReport()

    /// Where the parts after the first start, or none to read on one thread.
    private func cuts(_ plan: SplitPlan) throws -> [Int] {
        // Cuts follow a line feed: a file whose lines end in CR alone is read on one thread.
        guard Transcoder(format.encoding).passesThrough, format.lineEnding != "\\r",
              let size = try FileChunks(path: path).fileSize else { return [] }
        switch plan {
        case .sequential:
            return []
        case .parts(let minimumBytes, let partBytes, _):
            let body = size - bomLength
            guard size >= max(minimumBytes, 2), body >= 2 else { return [] }
            // Parts of 1/32 of the file, from 8 to 64 MiB: small enough that
            // a slower core holds up the end by little, large enough that
            // each part's own start (its tables filled afresh, a merge)
            // stays a small share of it.
            // (At least 512 bytes, at most 65 536 parts, whatever a test asks for.)
            let part = max(512, body / 65_536, partBytes ?? min(max(body / 32, 8 << 20), 64 << 20))
            let count = max(2, body / part)
            var out: [Int] = []
            for k in 1..<count {
                guard let cut = try lineStart(after: bomLength + k * (body / count), size: size, likelyRecord: true),
                      cut > (out.last ?? bomLength) else { continue }
                out.append(cut)
            }
            return out
        case .at(let offsets, _):
            var out: [Int] = []
            for o in offsets.sorted() where o >= bomLength && o < size {
                if let cut = try lineStart(after: o, size: size, likelyRecord: false), cut > (out.last ?? bomLength) { out.append(cut) }
            }
            return out
        }
    }

    /// The first line start after a line end at or after `offset`, looked
    /// for within 64 KiB, or 1 MiB if that holds no line end; nil if there
    /// is none. With `likelyRecord`, line starts that do not look like a
    /// record's start are passed over (see `looksLikeRecordStart`) where a
    /// later one in the window does: a cut inside a quoted field costs its
    /// part a second reading.
    private func lineStart(after offset: Int, size: Int, likelyRecord: Bool) throws -> Int? {
        var window = try FileChunks.bytes(path: path, from: offset, count: min(size - offset, 64 << 10))
        if !window.contains(0x0A) { window = try FileChunks.bytes(path: path, from: offset, count: min(size - offset, 1 << 20)) }
        var first: Int?
        var i = 0
        while let lf = window[i...].firstIndex(of: 0x0A) {
            let start = lf + 1
            guard offset + start < size else { break }
            if !likelyRecord { return offset + start }
            if first == nil { first = offset + start }
            if Self.looksLikeRecordStart(window, start, fields: columns.count, delimiter: format.delimiter) { return offset + start }
            i = start
        }
        return first
    }

    /// Whether the bytes at `start`, up to the first line end outside
    /// quotes, read on their own as a whole record of `fields` fields, with
    /// quotes opening only at a field's start. Text from inside a quoted
    /// field seldom does.
    /// Inside a field (see `swallowedRows`), with `inField`: the field's end
    /// ends the line too, and so does a quote opening the last field (a later
    /// row's `…,"Tack`, whose quote closed the field that ran on); a quote
    /// within a field is text. `quoteClosesField`: only that quote ends it;
    /// `leadingQuote`: it may open the line's first field.
    static func looksLikeRecordStart<B: RandomAccessCollection<UInt8>>(_ b: B, _ start: Int, fields: Int, delimiter: UInt8,
                                                                      inField: Bool = false, quoteClosesField: Bool = false,
                                                                      leadingQuote: Bool = true) -> Bool
    where B.Index == Int {
        var count = 1
        var quoted = false, fieldStart = true
        var i = start
        while i < b.endIndex {
            let c = b[i]
            if quoted {
                if c == 0x22 {
                    if i + 1 < b.endIndex, b[i + 1] == 0x22 { i += 1 } else { quoted = false }
                }
            } else if c == delimiter {
                count += 1
                fieldStart = true
                i += 1
                continue
            } else if c == 0x0A || c == 0x0D {
                return count == fields
            } else if c == 0x22 {
                if !fieldStart {
                    // Inside a field, a row's own `sa "hej" sen` is text, as
                    // libcsv reads it; a cut is not made before such a line.
                    guard inField else { return false }
                } else {
                    if inField && count == fields && (count > 1 || leadingQuote) { return true }
                    quoted = true
                }
            }
            fieldStart = false
            i += 1
        }
        return inField && !quoteClosesField && !quoted && count == fields
    }

    /// Which header lines the first part still has to skip.
    struct HeaderSkip {
        var line: Int
        var rows: Int
        var seen = 0
        var done: Bool { seen >= rows }
        static let none = HeaderSkip(line: 0, rows: 0)
    }

    /// Feeds the chunks through transcoding and libcsv, handing each record
    /// on. Stops early, returning false, when `cancelled` says so.
    @discardableResult
    func read<C: RecordConsumer>(_ chunks: FileChunks, _ csv: CSVStream, _ transcoder: inout Transcoder,
                                 _ header: inout HeaderSkip, _ stats: inout ReadStats, _ consumer: C,
                                 cancelled: (() -> Bool)?) throws -> Bool {
        var converted: [UInt8] = []
        let deliver = Deliverer(reader: self, csv: csv, header: header, stats: stats, consumer: consumer)
        // `deliver.call` does not keep the deliverer alive (see there).
        defer { withExtendedLifetime(deliver) {} }
        while true {
            if let cancelled, cancelled() { return false }
            let chunk = try chunks.next(line: csv.line)
            if chunk.isEmpty { break }
            if transcoder.passesThrough {
                _ = try csv.push(chunk, deliver: deliver.call)
            } else {
                converted.removeAll(keepingCapacity: true)
                transcoder.transcode(chunk, into: &converted)
                _ = try converted.withUnsafeBytes { try csv.push($0, deliver: deliver.call) }
            }
        }
        header = deliver.header
        stats = deliver.stats
        stats.utf8In8Bit += transcoder.takeUTF8Pairs()
        return true
    }

    func finish<C: RecordConsumer>(_ csv: CSVStream, _ transcoder: inout Transcoder, _ header: inout HeaderSkip,
                                               _ stats: inout ReadStats, _ consumer: C) throws {
        let deliver = Deliverer(reader: self, csv: csv, header: header, stats: stats, consumer: consumer)
        defer { withExtendedLifetime(deliver) {} }
        var converted: [UInt8] = []
        transcoder.finish(into: &converted)
        if !converted.isEmpty { _ = try converted.withUnsafeBytes { try csv.push($0, deliver: deliver.call) } }
        try csv.finish(deliver: deliver.call)
        header = deliver.header
        stats = deliver.stats
        stats.utf8In8Bit += transcoder.takeUTF8Pairs()
    }

    /// Sorts one parsed record: header, blank, rejected or data.
    fileprivate final class Deliverer<C: RecordConsumer> {
        let reader: TableReader
        let csv: CSVStream
        var header: HeaderSkip
        var stats: ReadStats
        let consumer: C
        let width: Int

        init(reader: TableReader, csv: CSVStream, header: HeaderSkip, stats: ReadStats, consumer: C) {
            self.reader = reader
            self.csv = csv
            self.header = header
            self.stats = stats
            self.consumer = consumer
            width = reader.columns.count
        }

        // unowned(unsafe): `read` and `finish` keep the deliverer alive
        // until they return (withExtendedLifetime), and a checked unowned
        // reference costs two atomic operations per record.
        lazy var call: CSVStream.Deliver = { [unowned(unsafe) self] p, v in try self.take(p, v) }

        private func take(_ p: CSVStream.Parsed, _ v: RecordView) throws -> Bool {
            if !header.done {
                if p.line < header.line { return true }
                if !Self.allEmpty(v) { header.seen += 1 }
                return true
            }
            if Self.allEmpty(v) && !p.unterminatedQuote {
                stats.blankRows += 1
                stats.lastRecordRejected = false
                stats.lastRecordOpenQuote = false
                return true
            }
            stats.records += 1
            stats.lastRecordLine = p.line
            stats.lastRecordRejected = false
            stats.lastRecordOpenQuote = p.unterminatedQuote
            if p.fieldCount == width, reader.repeatsHeader(v) {
                // Two exports joined with `cat`: the second's header is no
                // respondent (it was one of project 'Projekt', course 'Kurs').
                stats.rejected += 1
                try consumer.rejected(RejectedRow(location: SourceLocation(file: reader.path, line: p.line, column: 1), kind: "repeated_header",
                                                  reason: "the header line again (two exports joined into one?); it is not a row of data",
                                                  fields: v.strings()))
            } else if let (reject, rows) = reader.rejection(p, csv, width: width) {
                // Only what a cut leaves: a row short of fields, or a quote
                // never closed. A complete last row rejected for its bytes or
                // its width is no sign the export was still being written.
                stats.lastRecordRejected = p.unterminatedQuote || p.fieldCount < width
                // Rows a quote swallowed are rows of the file: counted, and
                // rejected, so the thresholds see them.
                stats.records += rows - 1
                stats.rejected += rows
                try consumer.rejected(reject)
            } else {
                try consumer.record(v)
            }
            return true
        }

        private static func allEmpty(_ v: RecordView) -> Bool {
            for i in 0..<v.count where !v.isEmpty(i) { return false }
            return true
        }
    }

    /// Whether a record is the header line again (a BOM before it aside),
    /// as two exports joined into one file have it. Most records differ
    /// from it in the first field's length, which is all they cost.
    func repeatsHeader(_ v: RecordView) -> Bool {
        guard !headerFirstFields.isEmpty, v.count == columns.count, columns.count >= 2 else { return false }
        var b = v.bytes(0)
        if b.count >= 3, b[0] == 0xEF, b[1] == 0xBB, b[2] == 0xBF { b = UnsafeRawBufferPointer(rebasing: b[3...]) }
        guard headerFirstFields.contains(where: { $0.count == b.count && b.elementsEqual($0) }) else { return false }
        for (i, c) in columns.enumerated().dropFirst() {
            let key = TextKey.normalize(v.string(i))
            if key != TextKey.normalize(c.text) && key != TextKey.normalize(c.id) && !(key.isEmpty && c.text.isEmpty) { return false }
        }
        return true
    }

    /// Why a parsed record is rejected, and how many rows of the file it
    /// stands for (more than one when a quote swallowed rows); nil when it
    /// is read.
    private func rejection(_ r: CSVStream.Parsed, _ csv: CSVStream, width: Int) -> (RejectedRow, rows: Int)? {
        // In an 8-bit file the only bytes that are not UTF-8 after
        // transcoding are the marks before UTF-8 letters (see Transcoder):
        // the fields are shown without them, as the file has them.
        // In a UTF-16 file they are where a code unit was no character: the
        // mark's byte is the transcoder's, not the file's.
        // Worked out only for a rejected row: this runs for every record.
        func fields() -> [String] {
            let marked = [.windows1252, .latin1, .macRoman, .utf16le, .utf16be].contains(format.encoding)
            return csv.strings(r, dropping: marked ? Transcoder.invalidMarker : nil)
        }
        if let bad = csv.invalidField(r) {
            let reason = switch format.encoding {
            case .utf8: "field \(bad.column) is not valid text: \(bad.detail); the file was read as UTF-8; if it comes from old Excel, declare encoding: windows-1252"
            case .utf16le, .utf16be: "field \(bad.column) is not valid text: it holds a UTF-16 code unit that is no character (half of a surrogate pair, or a last byte without its pair); the file was read as \(format.encoding.rawValue). Export it again"
            default: "field \(bad.column) holds UTF-8 text (ä as Ã¤) in a file read as \(format.encoding.rawValue): part of the export was saved in another encoding. Export it again in one encoding (CSV UTF-8)"
            }
            return (RejectedRow(location: SourceLocation(file: path, line: r.line, column: bad.column), kind: "invalid_encoding",
                                reason: reason, fields: fields()), 1)
        }
        if r.unterminatedQuote {
            // The rows it swallowed are rows of the file: counted, and rejected.
            let swallowed = rowsToTheEnd(r, csv, width: width)
            // The open field is the record's last: libcsv read the rest of the file into it.
            return (RejectedRow(location: SourceLocation(file: path, line: r.line, column: max(r.fieldCount, 1)), kind: "unterminated_quote",
                                reason: "a quoted field opened on or after this line is never closed, so the rest of the file ran into it"
                                    + (swallowed > 0 ? " (\(swallowed) more row\(swallowed == 1 ? "" : "s"), rejected with it)" : "") + "; expected a closing \" before the end of the file",
                                fields: fields()), swallowed + 1)
        }
        if r.endLine > r.line, let swallowed = swallowedRows(r, csv, width: width) {
            // Line numbers relative to the record's own: a part of a split
            // read counts its lines from its own start until it is merged.
            let rows = swallowed.rows == 1 ? "1 line after it reads" : "\(swallowed.rows) lines after it read"
            return (RejectedRow(location: SourceLocation(file: path, line: r.line, column: swallowed.column), kind: "quote_spans_records",
                                reason: "the quoted field in column \(swallowed.column) runs on past this line, and \(rows) as rows of their own: a quote on this line is probably never closed, and those rows were read into this one; they are rejected with it (\(swallowed.rows + 1) rows). Expected a closing \" before the line break",
                                fields: fields()), swallowed.rows + 1)
        }
        if r.fieldCount != width {
            let hint = r.fieldCount > width
                ? "a value may contain the delimiter '\(format.delimiterName)' without quotes"
                : "a value may be missing or a line break may have split the row"
            return (RejectedRow(location: SourceLocation(file: path, line: r.line, column: min(r.fieldCount, width) + 1),
                                kind: "ragged_row",
                                reason: "expected \(width) fields as in the header, found \(r.fieldCount); \(hint)",
                                fields: fields()), 1)
        }
        return nil
    }

    /// A quote left open in a free-text answer runs on into the rows after
    /// it until some later quote closes it; the record that comes out may
    /// even have the header's width (its first fields from one row, its last
    /// from another). Counted, it would silently drop the rows between and
    /// mix two respondents.
    ///
    /// The signatures, in the field that ran on:
    /// - it was ended by a quote with text after it (`runOnColumn`: a later
    ///   row's `…;"Tack`), and a line after the first holds a delimiter;
    /// - lines that read as rows of the header's width, the last one up to
    ///   the field's end (a later row's field ending in a quote: `…;slut"`),
    ///   whose values are of the kinds the record's own are (`ValueKind`).
    ///   That last line's fields and the record's fields after this one make
    ///   the header's width. Two such lines are enough; one with a quote
    ///   left in the field, or beside a figure or code in a file of five
    ///   columns or more, or beside a strong sign (below). A legitimate
    ///   multi-line answer seldom has one such line, and hardly ever two
    ///   whose words are of a row's kinds; with fewer than five columns
    ///   prose has them too easily, so narrow files need more (below).
    /// Returns the column and the number of rows swallowed.
    private func swallowedRows(_ r: CSVStream.Parsed, _ csv: CSVStream, width: Int) -> (column: Int, rows: Int)? {
        guard width >= 2 else { return nil }
        let v = csv.fields.view(line: r.line, first: r.firstField, count: r.fieldCount)
        var next = v.firstFieldWithLineBreak()
        while let f = next {
            next = v.firstFieldWithLineBreak(from: f + 1)
            let b = v.bytes(f)
            // Two signs no answer gives: the field's first line holds the
            // rest of the row its quote opened in (`"P1;K1;Anna Berg;…`,
            // closed by the next row's `P1";`), or the record is wider than
            // the header (a quote opened in the last column, closed within a
            // later row, which lends the record its remaining fields).
            // In a narrow file, an answer's first line with one comma ("Bra,
            // tydlig") is no sign of anything in a record of the header's
            // width (its last line needs a comma or two more to read as a
            // row): three fields are, or two in a record of another width.
            if r.runOnColumn == f + 1, let rows = Self.rowsRunInto(b, delimiter: format.delimiter) { return (f + 1, rows) }
            let ownRow = width - f >= 2 && (width >= 5 || width - f >= 3 || r.fieldCount != width)
                && Self.looksLikeRecordStart(b, b.startIndex, fields: width - f, delimiter: format.delimiter, inField: true)
            let strong = ownRow || r.fieldCount > width
            // Without a sign, a line counts as a row only if its values are
            // of the kinds the record's own ones before this field are. In a
            // narrow file that says enough only with two values or more
            // before the field and one of them a figure or a code: two
            // words agree with any two words of prose. Worked out when first
            // needed: most answers' lines read as no row before that.
            var known: [ValueKind]?
            func kinds() -> [ValueKind] {
                if let known { return known }
                let k = strong ? [] : (0..<f).map { ValueKind(v.bytes($0)) }
                known = k
                return k
            }
            func distinctive() -> Bool { kinds().contains(where: \.isDistinctive) }
            guard width >= 5 || strong || (f >= 2 && distinctive()) else { continue }
            let rows = rowLines(b, width: width, after: r.fieldCount - f - 1, strong: strong, kinds: kinds)
            if rows >= 2 || (rows == 1 && (b.contains(0x22) || strong || (width >= 5 && distinctive()))) { return (f + 1, rows) }
        }
        return nil
    }

    /// The rows in a field that ran over a line break and was ended by a
    /// quote with text after it (`runOnColumn`), as a later row's `;"Tack`
    /// or `;"Nej";` ends a quote left open; nil when no line after the
    /// first holds a delimiter, as prose with an unescaped quote does not.
    /// Every line after the first is counted as a row: the last is the
    /// start of the row whose quote closed the field, and the ones between
    /// are rows whatever their width (a ragged one too).
    static func rowsRunInto(_ b: UnsafeRawBufferPointer, delimiter: UInt8) -> Int? {
        var lines = 0, delimited = false
        var i = b.startIndex
        while i < b.endIndex {
            let c = b[i]
            if c == 0x0A || c == 0x0D {
                if c == 0x0D, i + 1 < b.endIndex, b[i + 1] == 0x0A { i += 1 }
                lines += 1
            } else if c == delimiter && lines > 0 {
                delimited = true
            }
            i += 1
        }
        return delimited ? lines : nil
    }

    /// How many of the lines after the first in a field read as rows of
    /// `width` fields (see `swallowedRows`); the last line with the `after`
    /// fields that follow the field in its record.
    private func rowLines(_ b: UnsafeRawBufferPointer, width: Int, after: Int, strong: Bool, kinds: () -> [ValueKind] = { [] }) -> Int {
        let delimiter = format.delimiter
        // Where the last line starts: after the field's last line break.
        let lastLine = (b.lastIndex { $0 == 0x0A || $0 == 0x0D } ?? b.startIndex) + 1
        var rows = 0
        var i = b.startIndex
        while i < b.endIndex {
            let c = b[i]
            guard c == 0x0A || c == 0x0D else { i += 1; continue }
            i += (c == 0x0D && i + 1 < b.endIndex && b[i + 1] == 0x0A) ? 2 : 1
            // The last line of a field followed by more of its record is a
            // row's start only up to a quote that opens its next field
            // (`E;"Eps` of `E;"Eps";5 000;…`), past a delimiter, unless the
            // record bears a strong sign (see `swallowedRows`): prose with
            // as many commas as the field's column has before it is no row,
            // nor is a line of an answer that starts with a quotation.
            let last = i >= lastLine
            let fields = last ? width - after : width
            if fields > 0, Self.looksLikeRecordStart(b, i, fields: fields, delimiter: delimiter, inField: true,
                                                     quoteClosesField: last && after > 0 && !strong,
                                                     leadingQuote: !last || strong),
               ValueKind.agree(b, from: i, with: kinds(), delimiter: delimiter) { rows += 1 }
        }
        return rows
    }

    /// The rows an unclosed quote swallowed up to the end of the file.
    private func rowsToTheEnd(_ r: CSVStream.Parsed, _ csv: CSVStream, width: Int) -> Int {
        // The quote never closes: every row-like line after it is a row lost.
        guard width >= 2 else { return 0 }
        let v = csv.fields.view(line: r.line, first: r.firstField, count: r.fieldCount)
        return (0..<r.fieldCount).map { rowLines(v.bytes($0), width: width, after: r.fieldCount - $0 - 1, strong: true) }.max() ?? 0
    }

    /// How many of the sample's first records may hold the header when the
    /// pipeline's column names look for it: Swedish exports put a few title
    /// lines above the table, never pages of them.
    static let headerSearchLines = 12

    /// The header read from physical line `line` on: its rows go through the
    /// same stream as the data, so that a header longer than the sample is
    /// still read whole. Nil when nothing but blank rows follows.
    private static func header(at line: Int, path: String, encoding: TextEncoding, bomLength: Int, delimiter: UInt8,
                               options: ReadOptions) throws -> Header? {
        var rows: [[String]] = []
        var invalid: [(row: Int, line: Int, column: Int, detail: String)] = []
        try stream(path: path, encoding: encoding, bomLength: bomLength, delimiter: delimiter) { r in
            if r.line >= line, !r.fields.allSatisfy(\.isEmpty) {
                if let bad = r.invalidField { invalid.append((rows.count, r.line, bad.column, bad.detail)) }
                rows.append(r.fields)
            }
            return rows.count < 3
        }
        guard !rows.isEmpty else { return nil }
        var (layout, headerRows) = LayoutDetection.detect(rows)
        if let forced = options.layout, forced != layout {
            layout = forced
            headerRows = LayoutDetection.headerRows(for: forced, rows)
        }
        if let n = options.headerRows { headerRows = max(1, n) }
        let problems = invalid.filter { $0.row < headerRows }.map { bad in
            Diagnostic(.warning, kind: "invalid_header_encoding", at: SourceLocation(file: path, line: bad.line, column: bad.column),
                       "the header is not valid \(encoding.rawValue) (\(bad.detail)); it is shown as Windows-1252, so this column's name may not be what the pipeline says. Declare the file's encoding, or export it again as UTF-8")
        }
        return Header(line: line, layout: layout, rows: headerRows,
                      columns: LayoutDetection.columns(layout, rows, headerRows: headerRows), problems: problems)
    }

    /// Whether every one of `names` finds a column (more than one counts:
    /// a course asked in two branches of a form has two).
    private static func names(_ names: [String], _ columns: [Column], _ path: String) -> Bool {
        let resolver = ColumnResolver(columns: columns, file: path)
        return names.allSatisfy(resolver.mentions)
    }

    private struct Header {
        var line: Int
        var layout: ExportLayout
        var rows: Int
        var columns: [Column]
        var problems: [Diagnostic]
    }

    /// Runs the whole file through transcoding and libcsv, with each
    /// record's fields as text. `deliver` returns false to stop early.
    static func stream(path: String, encoding: TextEncoding, bomLength: Int, delimiter: UInt8,
                       deliver: (CSVStream.RawRecord) throws -> Bool) throws {
        try withoutActuallyEscaping(deliver) { deliver in
            try streamRaw(path: path, encoding: encoding, bomLength: bomLength, delimiter: delimiter, deliver: deliver)
        }
    }

    private static func streamRaw(path: String, encoding: TextEncoding, bomLength: Int, delimiter: UInt8,
                                  deliver: @escaping (CSVStream.RawRecord) throws -> Bool) throws {
        let chunks = try FileChunks(path: path, from: bomLength)
        let csv = try CSVStream(file: path, delimiter: delimiter)
        var transcoder = Transcoder(encoding)
        var converted: [UInt8] = []
        let raw: CSVStream.Deliver = { p, _ in try deliver(csv.raw(p)) }
        while true {
            let chunk = try chunks.next(line: csv.line)
            if chunk.isEmpty { break }
            let more: Bool
            if transcoder.passesThrough {
                more = try csv.push(chunk, deliver: raw)
            } else {
                converted.removeAll(keepingCapacity: true)
                transcoder.transcode(chunk, into: &converted)
                more = try converted.withUnsafeBytes { try csv.push($0, deliver: raw) }
            }
            if !more { return }
        }
        converted.removeAll(keepingCapacity: true)
        transcoder.finish(into: &converted)
        if !converted.isEmpty, !(try converted.withUnsafeBytes({ try csv.push($0, deliver: raw) })) { return }
        try csv.finish(deliver: raw)
    }
}

/// What a value looks like, roughly: enough to tell a row's leading fields
/// (ids, dates, codes, labels) from a line of prose that happens to hold as
/// many delimiters. An answer's line `bra kurs, lite för snabbt, …` has a
/// phrase where a row has `P1` or `1043`.
struct ValueKind: Equatable {
    private let raw: UInt8
    private static let empty = ValueKind(raw: 0), number = ValueKind(raw: 1), text = ValueKind(raw: 2),
                       code = ValueKind(raw: 3), mark = ValueKind(raw: 4)

    private init(raw: UInt8) { self.raw = raw }

    /// A figure, a code or marks: kinds prose seldom has where a row has them.
    var isDistinctive: Bool { self == .number || self == .code || self == .mark }

    init<B: Collection<UInt8>>(_ b: B) {
        var digits = false, letters = false, blank = false, other = false
        for c in b {
            switch c {
            case 0x30...0x39: digits = true
            case 0x20, 0x09: blank = true
            case 0x41...0x5A, 0x61...0x7A, 0x80...: letters = true
            default: other = true
            }
        }
        // Digits with blanks or marks are one figure or date (`1 234`,
        // `2024-03-01 10:22`). A word and a phrase are both text: one
        // column's answers hold either (`tack`, `för lite tid`).
        self = letters ? (digits && !blank ? .code : .text) : digits ? .number : other ? .mark : .empty
    }

    /// Whether the line at `start` holds, field by field, values of the
    /// kinds given (an empty value agrees with any). A line with fewer
    /// fields is judged on those it has.
    static func agree(_ b: UnsafeRawBufferPointer, from start: Int, with kinds: [ValueKind], delimiter: UInt8) -> Bool {
        var i = start
        for kind in kinds {
            guard i < b.endIndex else { return true }
            var from = i, to = i
            if b[i] == 0x22 {
                // A quoted value: its text up to the closing quote.
                from = i + 1
                to = from
                while to < b.endIndex, b[to] != 0x22 || (to + 1 < b.endIndex && b[to + 1] == 0x22) { to += b[to] == 0x22 ? 2 : 1 }
                i = min(to + 1, b.endIndex)
                while i < b.endIndex, b[i] != delimiter, b[i] != 0x0A, b[i] != 0x0D { i += 1 }
            } else {
                while to < b.endIndex, b[to] != delimiter, b[to] != 0x0A, b[to] != 0x0D { to += 1 }
                i = to
            }
            let k = ValueKind(b[from..<min(to, b.endIndex)])
            if k != kind && k != .empty && kind != .empty { return false }
            guard i < b.endIndex, b[i] == delimiter else { return true }
            i += 1
        }
        return true
    }
}
