import CCSV
import Foundation
import UtfallModel

/// libcsv's parser state, owned by one object and freed in `deinit`.
///
/// libcsv reports fields and row ends through C callbacks but never says on
/// which line it is, so the stream feeds it one physical line at a time
/// (splitting the chunk at CR, LF and CRLF itself) and knows, before each
/// call, the line number of the bytes it hands over. A record's line is the
/// line of the first non-blank segment after the previous record ended.
///
/// Fields are kept as bytes in a reused buffer and handed on as a
/// `RecordView`; nothing is allocated per field.
final class CSVStream {
    /// One record as libcsv split it, before any header or width checks.
    struct Parsed {
        var line: Int
        var firstField: Int
        var fieldCount: Int
        /// 1-based field number of the first field that is not valid
        /// UTF-8; `invalidField(_:)` describes it. Only plain values here:
        /// a record is queued, copied and dropped on every line, and a
        /// String in it would cost reference counting each time.
        var invalidColumn: Int?
        /// The file ended inside a quoted field.
        var unterminatedQuote = false
        /// The line the record ends on: later than `line` when a quoted
        /// field holds line breaks.
        var endLine: Int
        /// 1-based number of a quoted field that ran over a line break and
        /// was then ended by a quote with text after it (see `reopen`); 0
        /// when none was. The mark of a quote left open and closed by a
        /// later row's `;"Tack` or `"Nej";`.
        var runOnColumn = 0
    }

    private let parser: UnsafeMutablePointer<csv_parser>
    private let file: String

    /// State touched by the callbacks. It lives behind a pointer rather than
    /// in stored properties: the callbacks run once per field (tens of
    /// millions of times for a large export), and stored-property mutation
    /// of a class pays a dynamic exclusivity check each time.
    private struct State {
        var firstField = 0
        var invalidColumn: Int?
        var runOnColumn = 0
        var ready: [Parsed] = []
        var pendingStart: Int?
        var line = 1
        var lastWasCR = false
        /// Set once a chunk was not valid UTF-8: from then on each field is
        /// checked on its own, to name the one at fault.
        var checkFields = false
        var utf8 = UTF8Check()
    }

    private let state: UnsafeMutablePointer<State>
    let fields = RecordBuffer()
    var line: Int { state.pointee.line }

    init(file: String, delimiter: UInt8, firstLine: Int = 1) throws(ReadError) {
        self.file = file
        state = UnsafeMutablePointer<State>.allocate(capacity: 1)
        state.initialize(to: State())
        state.pointee.line = firstLine
        parser = UnsafeMutablePointer<csv_parser>.allocate(capacity: 1)
        // Not CSV_STRICT: real exports carry stray quotes inside unquoted
        // fields (`5" screen`), which strict mode would make a fatal error
        // for the whole file. A quote left open at end of file is detected
        // separately (see `finish`).
        let rc = csv_init(parser, UInt8(CSV_APPEND_NULL))
        guard rc == 0 else {
            parser.deallocate()
            state.deinitialize(count: 1)
            state.deallocate()
            throw .parser(file: file, line: 1, code: Int32(CSV_ENOMEM), reason: "csv_init failed")
        }
        csv_set_delim(parser, delimiter)
        // Larger growth steps: fewer reallocs for long free-text answers.
        csv_set_blk_size(parser, 4096)
    }

    deinit {
        csv_free(parser)
        parser.deallocate()
        state.deinitialize(count: 1)
        state.deallocate()
    }

    /// Whether the stream stands between two records: nothing of a record
    /// begun, no quoted field open. Parsing on from here gives what a fresh
    /// stream gives, which is what makes splitting a file safe.
    var isBetweenRecords: Bool {
        parser.pointee.pstate == UTFALL_CSV_ROW_NOT_BEGUN && parser.pointee.entry_pos == 0 && state.pointee.pendingStart == nil
            && state.pointee.ready.isEmpty && !state.pointee.lastWasCR && fields.fieldCount == state.pointee.firstField
    }

    /// Moves the stream's line count `offset` lines down: a later part of
    /// a split read, which counted from 1, goes on counting from the
    /// file's start once the parts before it are merged. Called between
    /// pushes, when no record waits to be delivered.
    func shiftLines(by offset: Int) {
        state.pointee.line += offset
        if let p = state.pointee.pendingStart { state.pointee.pendingStart = p + offset }
    }

    private var context: UnsafeMutableRawPointer { Unmanaged.passUnretained(self).toOpaque() }

    private static let onField: @convention(c) (UnsafeMutableRawPointer?, Int, UnsafeMutableRawPointer?) -> Void = { s, len, ctx in
        // No retain and release of the stream per field: it outlives the parse call.
        Unmanaged<CSVStream>.fromOpaque(ctx!)._withUnsafeGuaranteedRef { $0.addField(UnsafeRawPointer(s), s == nil ? 0 : len) }
    }

    private static let onRow: @convention(c) (Int32, UnsafeMutableRawPointer?) -> Void = { _, ctx in
        Unmanaged<CSVStream>.fromOpaque(ctx!)._withUnsafeGuaranteedRef { $0.endRow() }
    }

    @inline(__always)
    private func addField(_ p: UnsafeRawPointer?, _ n: Int) {
        let st = state
        if st.pointee.checkFields, st.pointee.invalidColumn == nil, let p, !UTF8Check.isValid(UnsafeRawBufferPointer(start: p, count: n)) {
            st.pointee.invalidColumn = fields.fieldCount - st.pointee.firstField + 1
        }
        // libcsv hands over its own field buffer (the field starts at its
        // beginning), so whole words may be read up to its size.
        fields.append(p, n, readable: parser.pointee.entry_size)
    }

    private func endRow() {
        let st = state
        st.pointee.ready.append(Parsed(line: st.pointee.pendingStart ?? st.pointee.line, firstField: st.pointee.firstField,
                                       fieldCount: fields.fieldCount - st.pointee.firstField, invalidColumn: st.pointee.invalidColumn,
                                       endLine: st.pointee.line, runOnColumn: st.pointee.runOnColumn))
        st.pointee.firstField = fields.fieldCount
        st.pointee.invalidColumn = nil
        st.pointee.runOnColumn = 0
        st.pointee.pendingStart = nil
    }

    /// A record with its fields as text, for header rows and sniffing.
    struct RawRecord {
        var line: Int
        /// The line it ends on (later than `line` when a quoted field holds line breaks).
        var endLine: Int
        var fields: [String]
        var invalidField: (column: Int, detail: String)?
        var unterminatedQuote: Bool
    }

    func raw(_ r: Parsed) -> RawRecord {
        RawRecord(line: r.line, endLine: r.endLine, fields: strings(r), invalidField: invalidField(r), unterminatedQuote: r.unterminatedQuote)
    }

    /// The first field of a record being delivered that is not valid UTF-8:
    /// its 1-based number and where in it the bad bytes are.
    func invalidField(_ r: Parsed) -> (column: Int, detail: String)? {
        guard let column = r.invalidColumn else { return nil }
        let bad = FieldDecoding.firstInvalidBytes(fields.view(line: r.line, first: r.firstField, count: r.fieldCount).bytes(column - 1))
        return (column, "byte \(bad.offset + 1) of the field: \(bad.hex)")
    }

    /// The text of a parsed record's fields, for a rejected row: fields that
    /// are not UTF-8 are shown byte by byte as Windows-1252, after leaving
    /// out `dropping` (a mark the transcoder put in).
    func strings(_ r: Parsed, dropping mark: UInt8? = nil) -> [String] {
        let v = fields.view(line: r.line, first: r.firstField, count: r.fieldCount)
        return (0..<r.fieldCount).map { i in
            let b = v.bytes(i)
            if UTF8Check.isValid(b) { return v.string(i) }
            if let mark {
                let kept = b.filter { $0 != mark }
                if kept.withUnsafeBytes({ UTF8Check.isValid($0) }) { return String(decoding: kept, as: UTF8.self) }
            }
            return FieldDecoding.lenient(b)
        }
    }

    typealias Deliver = (Parsed, RecordView) throws -> Bool

    /// Feeds UTF-8 bytes, calling `deliver` for every completed record.
    /// `deliver` returns false to stop early; `push` then returns false.
    func push(_ data: UnsafeRawBufferPointer, deliver: Deliver) throws -> Bool {
        let st = state
        guard let base = data.baseAddress else { return true }
        if !st.pointee.checkFields, !st.pointee.utf8.chunk(data) { st.pointee.checkFields = true }
        let n = data.count
        let bytes = base.assumingMemoryBound(to: UInt8.self)
        var i = 0
        // Positions of the next CR and LF, found with memchr and cached so
        // that a file without CRs is not rescanned for them on every line.
        var nextLF = -1, nextCR = -1, nextQuote = -1
        while i < n {
            if st.pointee.lastWasCR {
                st.pointee.lastWasCR = false
                if bytes[i] == 0x0A {
                    // Second half of a CRLF split across chunks: same line end.
                    // Still fed, as it may sit inside a quoted field.
                    try feedSegment(bytes, i, i + 1, n, nextQuote: &nextQuote)
                    i += 1
                    if !(try drain(deliver)) { return false }
                    continue
                }
            }
            if nextLF < i { nextLF = Self.find(0x0A, bytes, i, n) }
            if nextCR < i { nextCR = Self.find(0x0D, bytes, i, n) }
            let t = min(nextLF, nextCR)
            var end = n
            var terminated = false
            if t < n {
                terminated = true
                if t == nextCR {
                    if t + 1 < n {
                        end = bytes[t + 1] == 0x0A ? t + 2 : t + 1
                    } else {
                        end = t + 1
                        st.pointee.lastWasCR = true
                    }
                } else {
                    end = t + 1
                }
            }
            if st.pointee.pendingStart == nil && Self.hasContent(bytes, i, end) { st.pointee.pendingStart = st.pointee.line }
            try feedSegment(bytes, i, end, n, nextQuote: &nextQuote)
            if terminated { st.pointee.line += 1 }
            i = end
            if !st.pointee.ready.isEmpty, !(try drain(deliver)) { return false }
        }
        return true
    }

    /// Ends the input: delivers a last record that has no line terminator
    /// and reports a quote left open at end of file.
    func finish(deliver: Deliver) throws {
        let st = state
        if st.pointee.utf8.endsInsideCharacter { st.pointee.checkFields = true }
        // A quoted field that has begun but whose closing quote was never
        // seen swallowed the rest of the file; the record is kept but flagged.
        let unterminated = parser.pointee.pstate == UTFALL_CSV_FIELD_BEGUN && parser.pointee.quoted != 0
        let startLine = st.pointee.pendingStart ?? st.pointee.line
        let rc = csv_fini(parser, Self.onField, Self.onRow, context)
        guard rc == 0 else {
            let code = csv_error(parser)
            throw ReadError.parser(file: file, line: st.pointee.line, code: code, reason: String(cString: csv_strerror(code)))
        }
        if unterminated, !st.pointee.ready.isEmpty {
            st.pointee.ready[st.pointee.ready.count - 1].unterminatedQuote = true
            st.pointee.ready[st.pointee.ready.count - 1].line = startLine
        }
        _ = try drain(deliver)
    }

    /// Feeds bytes `from..<to` of one line. A line with no quote, outside a
    /// field a quote may have ended, goes to libcsv in one call; otherwise
    /// it is fed up to each quote in turn, so that a closing quote with text
    /// after it can be seen (see `reopen`). `nextQuote` caches the next
    /// quote's position in `bytes` (up to `n`), as `push` caches line ends.
    @inline(__always)
    private func feedSegment(_ bytes: UnsafePointer<UInt8>, _ from: Int, _ to: Int, _ n: Int, nextQuote: inout Int) throws {
        if nextQuote < from { nextQuote = Self.find(0x22, bytes, from, n) }
        let raw = UnsafeRawPointer(bytes)
        if nextQuote >= to && parser.pointee.pstate != UTFALL_CSV_FIELD_MIGHT_HAVE_ENDED {
            try feed(raw + from, to - from)
            return
        }
        var p = from
        while p < to {
            if parser.pointee.pstate == UTFALL_CSV_FIELD_MIGHT_HAVE_ENDED {
                // libcsv saw a quote in a quoted field; blanks after it are
                // still undecided (a TAB that is the delimiter is no blank).
                // What follows them decides.
                let delimiter = parser.pointee.delim_char
                var k = p
                while k < to, bytes[k] == 0x20 || bytes[k] == 0x09, bytes[k] != delimiter { k += 1 }
                if k > p { try feed(raw + p, k - p) }
                p = k
                guard p < to else { break }
                switch bytes[p] {
                case 0x22, 0x0A, 0x0D, delimiter: break
                default: reopen()
                }
            }
            if nextQuote < p { nextQuote = Self.find(0x22, bytes, p, n) }
            let end = nextQuote < to ? nextQuote + 1 : to
            try feed(raw + p, end - p)
            p = end
        }
    }

    /// A quote inside a quoted field followed by text (`"Lagom" svårt`)
    /// ends the quoted part, as Python's csv, pandas and Excel read it: the
    /// quote is dropped and the field goes on unquoted, to the next
    /// delimiter or line end. libcsv instead keeps the quote as text and the
    /// field open, so every row up to some later quote ran into it. A field
    /// so ended after a line break marks the record (`runOnColumn`): that is
    /// how a quote left open looks when a later row's quote closes it.
    private func reopen() {
        let pp = parser
        let st = state
        // The quote sits before the blanks that followed it.
        guard pp.pointee.pstate == UTFALL_CSV_FIELD_MIGHT_HAVE_ENDED, pp.pointee.entry_pos > pp.pointee.spaces else { return }
        let quote = pp.pointee.entry_pos - pp.pointee.spaces - 1
        if let buf = pp.pointee.entry_buf {
            if st.pointee.runOnColumn == 0, memchr(buf, 0x0A, quote) != nil || memchr(buf, 0x0D, quote) != nil {
                st.pointee.runOnColumn = fields.fieldCount - st.pointee.firstField + 1
            }
            memmove(buf + quote, buf + quote + 1, pp.pointee.spaces)
        }
        pp.pointee.entry_pos -= 1
        pp.pointee.spaces = 0
        pp.pointee.quoted = 0
        pp.pointee.pstate = Int32(UTFALL_CSV_FIELD_BEGUN)
    }

    @inline(__always)
    private func feed(_ p: UnsafeRawPointer, _ len: Int) throws {
        let st = state
        let used = csv_parse(parser, p, len, Self.onField, Self.onRow, context)
        if used != len {
            let code = csv_error(parser)
            throw ReadError.parser(file: file, line: st.pointee.line, code: code, reason: String(cString: csv_strerror(code)))
        }
    }

    /// Hands on the completed records, then makes their storage free for
    /// the next ones (keeping the fields of a record still being read).
    /// The queue is read in place, by index: `deliver` never feeds this
    /// stream, so nothing is added to it meanwhile, and iterating a copy
    /// would cost reference counting on every line.
    private func drain(_ deliver: Deliver) throws -> Bool {
        let st = state
        defer {
            st.pointee.ready.removeAll(keepingCapacity: true)
            if st.pointee.firstField == fields.fieldCount {
                fields.removeAll()
                st.pointee.firstField = 0
            }
        }
        var k = 0
        while k < st.pointee.ready.count {
            let r = st.pointee.ready[k]
            if !(try deliver(r, fields.view(line: r.line, first: r.firstField, count: r.fieldCount))) { return false }
            k += 1
        }
        return true
    }

    @inline(__always)
    private static func find(_ c: UInt8, _ p: UnsafePointer<UInt8>, _ from: Int, _ n: Int) -> Int {
        guard let hit = memchr(p + from, Int32(c), n - from) else { return n }
        return UnsafePointer(hit.assumingMemoryBound(to: UInt8.self)) - p
    }

    /// Whether the segment holds anything but spaces, tabs and line ends:
    /// libcsv skips such lines without reporting a row.
    @inline(__always)
    private static func hasContent(_ p: UnsafePointer<UInt8>, _ from: Int, _ to: Int) -> Bool {
        var i = from
        while i < to {
            switch p[i] {
            case 0x20, 0x09, 0x0A, 0x0D: i += 1
            default: return true
            }
        }
        return false
    }
}

extension TableReader {
    /// The libcsv the reader was built against (libcsv has no runtime
    /// version call), for the manifest: another parser may split a file
    /// otherwise.
    public static var parserVersion: String { "libcsv \(CSV_MAJOR).\(CSV_MINOR).\(CSV_RELEASE)" }
}
