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
    /// One key, stored in its probe slot: a look-up is one load per probe,
    /// not a slot and then the entry it points to.
    private struct Entry {
        var hash: UInt64
        var start: Int
        var count: Int
        /// -1 in an empty slot.
        var space: Int32
        var value: Int32

        static let empty = Entry(hash: 0, start: 0, count: 0, space: -1, value: 0)
    }

    let limit: Int
    // Raw storage: `find` runs for every answer of every row, and array
    // accessors on a class's properties cost more than the look-up itself.
    /// Open addressing, linear probing, kept at most half full.
    private var slots: UnsafeMutablePointer<Entry>
    private var slotCount = 64
    private var entryCount = 0
    private var perSpace: [Int] = []
    private let keys = RecordBuffer(bytes: 4096, fields: 16)

    init(limit: Int = 4096) {
        self.limit = limit
        slots = .allocate(capacity: slotCount)
        slots.initialize(repeating: .empty, count: slotCount)
    }

    deinit {
        slots.deallocate()
    }

    @inline(__always)
    private static func mix(_ hash: UInt64, _ space: Int) -> Int {
        Int(truncatingIfNeeded: (hash ^ UInt64(truncatingIfNeeded: space) &* 0xD6E8_FEB8_6659_FD93) >> 7)
    }

    /// The value stored for these bytes in `space`, or nil.
    @inline(__always)
    func find(_ space: Int, _ p: UnsafeRawPointer, _ n: Int, _ hash: UInt64) -> Int32? {
        let mask = slotCount - 1
        var s = Self.mix(hash, space) & mask
        let stored = keys.storage
        while true {
            let entry = slots[s]
            if entry.space < 0 { return nil }
            if entry.hash == hash, entry.count == n, Int(entry.space) == space, ByteHash.equal(stored + entry.start, p, n) {
                return entry.value
            }
            s = (s + 1) & mask
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
        entryCount += 1
        if entryCount * 2 > slotCount {
            let old = slots, oldCount = slotCount
            slotCount *= 2
            slots = .allocate(capacity: slotCount)
            slots.initialize(repeating: .empty, count: slotCount)
            for i in 0..<oldCount where old[i].space >= 0 { place(old[i]) }
            old.deallocate()
        }
        place(Entry(hash: hash, start: start, count: n, space: Int32(space), value: value))
    }

    private func place(_ e: Entry) {
        let mask = slotCount - 1
        var s = Self.mix(e.hash, Int(e.space)) & mask
        while slots[s].space >= 0 { s = (s + 1) & mask }
        slots[s] = e
    }
}
