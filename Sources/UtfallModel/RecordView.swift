import Foundation

/// Where one field's bytes sit in a `RecordBuffer`, with their hash.
///
/// The hash is taken once, when the field is stored, so that every cache
/// keyed on the field's text (answer labels, course names) reuses it.
public struct FieldSpan: Sendable {
    public var start: Int
    public var count: Int
    public var hash: UInt64

    @inlinable
    public init(start: Int, count: Int, hash: UInt64) {
        self.start = start
        self.count = count
        self.hash = hash
    }
}

/// One record's fields as UTF-8 bytes, lent for the duration of a call.
///
/// A large export holds tens of millions of fields. Making a String of each
/// costs an allocation, a UTF-8 check and a release, while most fields are
/// only looked up in a table of a few labels. A view lets the consumer decide
/// which fields deserve a String. It points into its buffer's storage and
/// must not outlive the call that hands it over.
public struct RecordView {
    /// 1-based physical line the record starts on.
    public let line: Int
    public let count: Int
    @usableFromInline let base: UnsafeRawPointer
    @usableFromInline let spans: UnsafePointer<FieldSpan>

    @usableFromInline
    init(line: Int, count: Int, base: UnsafeRawPointer, spans: UnsafePointer<FieldSpan>) {
        self.line = line
        self.count = count
        self.base = base
        self.spans = spans
    }

    /// Field `i`'s span; an empty span past the last field, as a short row
    /// reads as blank in its missing columns.
    @inlinable
    public func span(_ i: Int) -> FieldSpan {
        i < count ? spans[i] : FieldSpan(start: 0, count: 0, hash: ByteHash.empty)
    }

    /// Start of the storage that spans index into. Every span may be read
    /// a whole word at a time: the storage is padded past its last byte.
    @inlinable
    public var storage: UnsafeRawPointer { base }

    @inlinable
    public func bytes(_ i: Int) -> UnsafeRawBufferPointer {
        let s = span(i)
        return UnsafeRawBufferPointer(start: base + s.start, count: s.count)
    }

    public func isEmpty(_ i: Int) -> Bool { span(i).count == 0 }

    /// The first field from `from` on that holds a line break (CR or LF).
    /// Fields stored back to back, as the reader stores a record's, are
    /// searched in one pass with `memchr` rather than field by field: a
    /// multi-line answer sits in a record of dozens of short fields.
    public func firstFieldWithLineBreak(from: Int = 0) -> Int? {
        var i = from
        while i < count {
            let start = spans[i].start
            var end = start + spans[i].count, j = i + 1
            while j < count, spans[j].start == end {
                end += spans[j].count
                j += 1
            }
            let p = base + start, n = end - start
            func offset(of byte: Int32, within n: Int) -> Int? { memchr(p, byte, n).map { UnsafeRawPointer($0) - p } }
            var hit = offset(of: 0x0A, within: n) ?? n
            if let cr = offset(of: 0x0D, within: hit) { hit = cr }
            if hit < n {
                // The field whose bytes hold it (an empty one holds none).
                let at = start + hit
                var k = i
                while spans[k].start + spans[k].count <= at { k += 1 }
                return k
            }
            i = j
        }
        return nil
    }

    /// Field `i` as text (the reader has checked that it is UTF-8).
    public func string(_ i: Int) -> String {
        String(decoding: bytes(i), as: UTF8.self)
    }

    public func strings() -> [String] { (0..<count).map(string) }
}

/// Growable storage for the fields of one or more records, reused from
/// record to record so that reading allocates nothing per field.
public final class RecordBuffer {
    /// Bytes kept readable past the end of the data, so that a field can be
    /// hashed and compared eight bytes at a time without a bounds check.
    public static let padding = 16

    @usableFromInline var bytes: UnsafeMutableRawPointer
    @usableFromInline var capacity: Int
    @usableFromInline var usedBytes = 0
    public var used: Int { usedBytes }
    @usableFromInline var spanStore: UnsafeMutablePointer<FieldSpan>
    @usableFromInline var spanCapacity: Int
    @usableFromInline var storedFields = 0
    public var fieldCount: Int { storedFields }

    public init(bytes: Int = 64 * 1024, fields: Int = 256) {
        capacity = bytes
        self.bytes = UnsafeMutableRawPointer.allocate(byteCount: bytes + Self.padding, alignment: 16)
        self.bytes.initializeMemory(as: UInt8.self, repeating: 0, count: bytes + Self.padding)
        spanCapacity = fields
        spanStore = UnsafeMutablePointer<FieldSpan>.allocate(capacity: fields)
    }

    deinit {
        bytes.deallocate()
        spanStore.deallocate()
    }

    /// Start of the stored bytes (valid until the next append).
    public var storage: UnsafeRawPointer { UnsafeRawPointer(bytes) }

    /// Appends one field. When the caller knows that `readable` bytes at
    /// `p` may be read (at least the field rounded up to whole words), the
    /// bytes are copied and hashed a word at a time in one pass: reading
    /// back a field just written by memcpy stalls on store forwarding.
    /// Inlinable: the reader calls it once per field, from libcsv's callback.
    @inlinable @inline(__always)
    public func append(_ p: UnsafeRawPointer?, _ n: Int, readable: Int = 0) {
        if usedBytes + n > capacity { grow(bytes: usedBytes + n) }
        if storedFields == spanCapacity { growSpans() }
        if let p, readable >= (n + 7) & ~7 {
            let dest = bytes + usedBytes
            var h = ByteHash.seed(n)
            var i = 0
            repeat {
                let (w0, w1) = ByteHash.words(p, i, n)
                if i < n { dest.storeBytes(of: w0, toByteOffset: i, as: UInt64.self) }
                if i + 8 < n { dest.storeBytes(of: w1, toByteOffset: i + 8, as: UInt64.self) }
                h = ByteHash.block(h, w0, w1)
                i += 16
            } while i < n
            // The word after the field reads as zero (see below).
            dest.storeBytes(of: 0, toByteOffset: (n + 7) & ~7, as: UInt64.self)
            spanStore[storedFields] = FieldSpan(start: usedBytes, count: n, hash: h)
            usedBytes += n
            storedFields += 1
            return
        }
        appendCopying(p, n)
    }

    @usableFromInline
    func appendCopying(_ p: UnsafeRawPointer?, _ n: Int) {
        if n > 0, let p { (bytes + usedBytes).copyMemory(from: p, byteCount: n) }
        // Zero the word after the field: hashing reads whole words and must
        // see the same bytes whatever was stored here before.
        (bytes + usedBytes + n).storeBytes(of: 0, as: UInt64.self)
        spanStore[storedFields] = FieldSpan(start: usedBytes, count: n, hash: ByteHash.hash(UnsafeRawPointer(bytes + usedBytes), n))
        usedBytes += n
        storedFields += 1
    }

    public func append(_ s: String) {
        var s = s
        s.withUTF8 { append(UnsafeRawPointer($0.baseAddress), $0.count) }
    }

    /// The fields `first..<first+count` as a record.
    @inline(__always)
    public func view(line: Int, first: Int = 0, count: Int? = nil) -> RecordView {
        RecordView(line: line, count: count ?? storedFields - first, base: UnsafeRawPointer(bytes), spans: UnsafePointer(spanStore + first))
    }

    public func removeAll() {
        usedBytes = 0
        storedFields = 0
    }

    @usableFromInline func grow(bytes needed: Int) {
        var c = capacity * 2
        while c < needed { c *= 2 }
        let b = UnsafeMutableRawPointer.allocate(byteCount: c + Self.padding, alignment: 16)
        b.initializeMemory(as: UInt8.self, repeating: 0, count: c + Self.padding)
        b.copyMemory(from: bytes, byteCount: usedBytes)
        bytes.deallocate()
        bytes = b
        capacity = c
    }

    @usableFromInline func growSpans() {
        let c = spanCapacity * 2
        let s = UnsafeMutablePointer<FieldSpan>.allocate(capacity: c)
        s.moveInitialize(from: spanStore, count: storedFields)
        spanStore.deallocate()
        spanStore = s
        spanCapacity = c
    }
}

/// A fast hash and comparison of short byte strings, a word at a time.
/// Callers guarantee that the eight bytes after the data are readable.
///
/// The hash takes 16 bytes per step with one 64×64→128-bit multiply
/// (folded, as wyhash does): most fields are one step, so a field's hash
/// costs one multiply's latency rather than a chain of them per word.
public enum ByteHash {
    public static let empty: UInt64 = hash(UnsafeRawPointer(bitPattern: 8)!, 0)

    @inlinable @inline(__always)
    static func mask(_ bytes: Int) -> UInt64 { bytes >= 8 ? ~0 : (1 << UInt64(bytes * 8)) &- 1 }

    @inlinable @inline(__always)
    static func seed(_ n: Int) -> UInt64 { UInt64(truncatingIfNeeded: n) &* 0x9E37_79B9_7F4A_7C15 }

    /// The two words of the 16-byte step at `i` of `n` bytes, zero past the data.
    @inlinable @inline(__always)
    static func words(_ p: UnsafeRawPointer, _ i: Int, _ n: Int) -> (UInt64, UInt64) {
        (i < n ? p.loadUnaligned(fromByteOffset: i, as: UInt64.self) & mask(n - i) : 0,
         i + 8 < n ? p.loadUnaligned(fromByteOffset: i + 8, as: UInt64.self) & mask(n - i - 8) : 0)
    }

    /// One 16-byte step: `w0` and `w1` are the step's words, zero past the data.
    @inlinable @inline(__always)
    static func block(_ h: UInt64, _ w0: UInt64, _ w1: UInt64) -> UInt64 {
        let r = (w0 ^ h ^ 0xA076_1D64_78BD_642F).multipliedFullWidth(by: w1 ^ 0xE703_7ED1_A0B4_28DB)
        return r.high ^ r.low
    }

    @inlinable @inline(__always)
    public static func hash(_ p: UnsafeRawPointer, _ n: Int) -> UInt64 {
        var h = seed(n)
        var i = 0
        repeat {
            let (w0, w1) = words(p, i, n)
            h = block(h, w0, w1)
            i += 16
        } while i < n
        return h
    }

    /// Whether the `n` bytes at `a` and `b` are equal.
    @inlinable @inline(__always)
    public static func equal(_ a: UnsafeRawPointer, _ b: UnsafeRawPointer, _ n: Int) -> Bool {
        var i = 0
        while i + 8 <= n {
            if a.loadUnaligned(fromByteOffset: i, as: UInt64.self) != b.loadUnaligned(fromByteOffset: i, as: UInt64.self) { return false }
            i += 8
        }
        if i < n {
            let m = mask(n - i)
            return a.loadUnaligned(fromByteOffset: i, as: UInt64.self) & m == b.loadUnaligned(fromByteOffset: i, as: UInt64.self) & m
        }
        return true
    }
}
