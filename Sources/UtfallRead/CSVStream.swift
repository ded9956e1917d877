import CCSV
import Foundation

/// libcsv's parser state, owned by one object and freed in `deinit`.
///
/// libcsv reports fields and row ends through C callbacks but never says on
/// which line it is, so the stream feeds it one physical line at a time
/// (splitting the chunk at CR, LF and CRLF itself) and knows, before each
/// call, the line number of the bytes it hands over. A record's line is the
/// line of the first non-blank segment after the previous record ended.
final class CSVStream {
    /// One record as libcsv split it, before any header or width checks.
    struct RawRecord {
        var line: Int
        var fields: [String]
        /// 1-based field number and description of the first field that is
        /// not valid UTF-8.
        var invalidField: (column: Int, detail: String)?
        /// The file ended inside a quoted field.
        var unterminatedQuote = false
    }

    private let parser: UnsafeMutablePointer<csv_parser>
    private let file: String

    /// State touched by the callbacks. It lives behind a pointer rather than
    /// in stored properties: the callbacks run once per field (tens of
    /// millions of times for a large export), and stored-property mutation
    /// of a class pays a dynamic exclusivity check each time.
    private struct State {
        var fields: [String] = []
        var invalidField: (column: Int, detail: String)?
        var ready: [RawRecord] = []
        var pendingStart: Int?
        var line = 1
        var lastWasCR = false
        var expectedWidth = 16
        var interner = FieldInterner()
    }

    private let state: UnsafeMutablePointer<State>
    var line: Int { state.pointee.line }
    var expectedWidth: Int {
        get { state.pointee.expectedWidth }
        set { state.pointee.expectedWidth = newValue }
    }

    init(file: String, delimiter: UInt8) throws(ReadError) {
        self.file = file
        state = UnsafeMutablePointer<State>.allocate(capacity: 1)
        state.initialize(to: State())
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

    private var context: UnsafeMutableRawPointer { Unmanaged.passUnretained(self).toOpaque() }

    private static let onField: @convention(c) (UnsafeMutableRawPointer?, Int, UnsafeMutableRawPointer?) -> Void = { s, len, ctx in
        let me = Unmanaged<CSVStream>.fromOpaque(ctx!).takeUnretainedValue()
        me.addField(UnsafeRawBufferPointer(start: s, count: s == nil ? 0 : len))
    }

    private static let onRow: @convention(c) (Int32, UnsafeMutableRawPointer?) -> Void = { _, ctx in
        let me = Unmanaged<CSVStream>.fromOpaque(ctx!).takeUnretainedValue()
        me.endRow()
    }

    @inline(__always)
    private func addField(_ buf: UnsafeRawBufferPointer) {
        if let s = state.pointee.interner.string(buf, column: state.pointee.fields.count) {
            state.pointee.fields.append(s)
        } else {
            if state.pointee.invalidField == nil {
                let bad = FieldDecoding.firstInvalidBytes(buf)
                state.pointee.invalidField = (state.pointee.fields.count + 1, "byte \(bad.offset + 1) of the field: \(bad.hex)")
            }
            state.pointee.fields.append(FieldDecoding.lenient(buf))
        }
    }

    private func endRow() {
        let st = state
        st.pointee.ready.append(RawRecord(line: st.pointee.pendingStart ?? st.pointee.line, fields: st.pointee.fields,
                                          invalidField: st.pointee.invalidField))
        st.pointee.fields = []
        st.pointee.fields.reserveCapacity(st.pointee.expectedWidth)
        st.pointee.invalidField = nil
        st.pointee.pendingStart = nil
    }

    /// Feeds UTF-8 bytes, calling `deliver` for every completed record.
    /// `deliver` returns false to stop early; `push` then returns false.
    func push(_ data: UnsafeRawBufferPointer, deliver: (RawRecord) throws -> Bool) throws -> Bool {
        let st = state
        guard let base = data.baseAddress else { return true }
        let n = data.count
        let bytes = base.assumingMemoryBound(to: UInt8.self)
        var i = 0
        // Positions of the next CR and LF, found with memchr and cached so
        // that a file without CRs is not rescanned for them on every line.
        var nextLF = -1, nextCR = -1
        while i < n {
            if st.pointee.lastWasCR {
                st.pointee.lastWasCR = false
                if bytes[i] == 0x0A {
                    // Second half of a CRLF split across chunks: same line end.
                    // Still fed, as it may sit inside a quoted field.
                    try feed(base + i, 1)
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
            try feed(base + i, end - i)
            if terminated { st.pointee.line += 1 }
            i = end
            if !st.pointee.ready.isEmpty, !(try drain(deliver)) { return false }
        }
        return true
    }

    /// Ends the input: delivers a last record that has no line terminator
    /// and reports a quote left open at end of file.
    func finish(deliver: (RawRecord) throws -> Bool) throws {
        let st = state
        // libcsv's states (csv.c): FIELD_BEGUN == 2. A quoted field that has
        // begun but whose closing quote was never seen swallowed the rest of
        // the file; the record is kept but flagged.
        let unterminated = parser.pointee.pstate == 2 && parser.pointee.quoted != 0
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

    @inline(__always)
    private func feed(_ p: UnsafeRawPointer, _ len: Int) throws {
        let st = state
        let used = csv_parse(parser, p, len, Self.onField, Self.onRow, context)
        if used != len {
            let code = csv_error(parser)
            throw ReadError.parser(file: file, line: st.pointee.line, code: code, reason: String(cString: csv_strerror(code)))
        }
    }

    private func drain(_ deliver: (RawRecord) throws -> Bool) throws -> Bool {
        // Swap the buffer out so that its capacity is reused without copying.
        var records: [RawRecord] = []
        swap(&records, &state.pointee.ready)
        defer {
            records.removeAll(keepingCapacity: true)
            swap(&records, &state.pointee.ready)
        }
        for r in records {
            if !(try deliver(r)) { return false }
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
