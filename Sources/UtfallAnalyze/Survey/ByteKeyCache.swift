import UtfallModel

/// Remembers a small number per distinct byte string, in separate spaces
/// (one per column), compared byte for byte.
///
/// An export repeats a handful of labels millions of times; classifying
/// each occurrence afresh (NFC, lower case, space folding) used to dominate
/// a large run. Exact bytes are a stricter key than the normalized text:
/// texts that differ only in normalization get an entry each, and every hit
/// is what computing afresh would give. A space holds at most `limit`
/// entries, so a column of free text fills its share once and is then
/// classified afresh each time.
final class ByteKeyCache {
    private struct Entry {
        var hash: UInt64
        var start: Int
        var count: Int
        var space: Int
        var value: Int32
    }

    let limit: Int
    private var entries: [Entry] = []
    private var perSpace: [Int] = []
    /// Entry index + 1 per slot; 0 is empty. Kept at most half full.
    private var slots: [Int32]
    private let keys = RecordBuffer(bytes: 4096, fields: 16)

    init(limit: Int = 4096) {
        self.limit = limit
        slots = Array(repeating: 0, count: 64)
    }

    @inline(__always)
    private static func mix(_ hash: UInt64, _ space: Int) -> Int {
        Int(truncatingIfNeeded: (hash ^ UInt64(truncatingIfNeeded: space) &* 0xD6E8_FEB8_6659_FD93) >> 7)
    }

    /// The value stored for these bytes in `space`, or nil.
    @inline(__always)
    func find(_ space: Int, _ p: UnsafeRawPointer, _ n: Int, _ hash: UInt64) -> Int32? {
        slots.withUnsafeBufferPointer { slots in
            entries.withUnsafeBufferPointer { entries in
                let mask = slots.count - 1
                var s = Self.mix(hash, space) & mask
                let stored = keys.storage
                while true {
                    let e = Int(slots[s])
                    if e == 0 { return nil }
                    let entry = entries[e - 1]
                    if entry.hash == hash, entry.count == n, entry.space == space,
                       ByteHash.equal(stored + entry.start, p, n) {
                        return entry.value
                    }
                    s = (s + 1) & mask
                }
            }
        }
    }

    /// Whether `space` has room for another entry.
    func hasRoom(_ space: Int) -> Bool { space >= perSpace.count || perSpace[space] < limit }

    /// Remembers `value` for bytes not yet stored; does nothing when the
    /// space is full.
    func insert(_ space: Int, _ p: UnsafeRawPointer, _ n: Int, _ hash: UInt64, _ value: Int32) {
        guard hasRoom(space) else { return }
        if space >= perSpace.count { perSpace.append(contentsOf: repeatElement(0, count: space + 1 - perSpace.count)) }
        perSpace[space] += 1
        let start = keys.used
        keys.append(p, n)
        entries.append(Entry(hash: hash, start: start, count: n, space: space, value: value))
        if entries.count * 2 > slots.count { rehash(slots.count * 2) } else { place(entries.count - 1) }
    }

    private func place(_ e: Int) {
        let mask = slots.count - 1
        var s = Self.mix(entries[e].hash, entries[e].space) & mask
        while slots[s] != 0 { s = (s + 1) & mask }
        slots[s] = Int32(e + 1)
    }

    private func rehash(_ size: Int) {
        slots = Array(repeating: 0, count: size)
        for e in entries.indices { place(e) }
    }
}
