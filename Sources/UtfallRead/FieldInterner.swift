import Foundation

/// Reuses the String of a field whose bytes the same column held recently.
///
/// Survey exports repeat a few labels ("Stämmer mycket väl", a course name)
/// millions of times. Building a String for each occurrence means a UTF-8
/// check, an allocation and a free per field; handing out the String already
/// built for the same bytes costs a hash and a compare. Each column has a
/// small direct-mapped table, so a column of free text only ever replaces
/// entries and memory stays fixed.
struct FieldInterner {
    /// Fields of at most 15 bytes are stored inline in the String and cost
    /// no allocation; long fields are free text that rarely repeats.
    static let lengths = 16...64
    private static let slotsPerColumn = 64

    private var slots: [String?] = []

    /// The String for `buf` in `column`, or nil when it is not valid UTF-8.
    @inline(__always)
    mutating func string(_ buf: UnsafeRawBufferPointer, column: Int) -> String? {
        guard Self.lengths.contains(buf.count) else { return FieldDecoding.utf8(buf) }
        let slot = column * Self.slotsPerColumn + Self.hash(buf) & (Self.slotsPerColumn - 1)
        if slot >= slots.count { slots.append(contentsOf: repeatElement(nil, count: slot + Self.slotsPerColumn - slots.count)) }
        if let cached = slots[slot], Self.same(cached, buf) { return cached }
        guard let s = FieldDecoding.utf8(buf) else { return nil }
        slots[slot] = s
        return s
    }

    /// FNV-1a over the bytes.
    @inline(__always)
    private static func hash(_ buf: UnsafeRawBufferPointer) -> Int {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for b in buf { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        return Int(truncatingIfNeeded: h ^ h >> 32)
    }

    @inline(__always)
    private static func same(_ s: String, _ buf: UnsafeRawBufferPointer) -> Bool {
        s.utf8.count == buf.count && (s.utf8.withContiguousStorageIfAvailable {
            memcmp($0.baseAddress!, buf.baseAddress!, buf.count) == 0
        } ?? s.utf8.elementsEqual(buf))
    }
}
