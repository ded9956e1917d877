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
    // Raw storage: `find` runs for every answer of every row, and array
    // accessors on a class's properties cost more than the look-up itself.
    private var entries: UnsafeMutablePointer<Entry>
    private var entryCount = 0
    private var entryCapacity = 64
    /// Entry index + 1 per slot; 0 is empty. Kept at most half full.
    private var slots: UnsafeMutablePointer<Int32>
    private var slotCount = 64
    private var perSpace: [Int] = []
    private let keys = RecordBuffer(bytes: 4096, fields: 16)

    init(limit: Int = 4096) {
        self.limit = limit
        entries = .allocate(capacity: entryCapacity)
        slots = .allocate(capacity: slotCount)
        slots.initialize(repeating: 0, count: slotCount)
    }

    deinit {
        entries.deinitialize(count: entryCount)
        entries.deallocate()
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
            let e = Int(slots[s])
            if e == 0 { return nil }
            let entry = entries[e - 1]
            if entry.hash == hash, entry.count == n, entry.space == space, ByteHash.equal(stored + entry.start, p, n) {
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
        if entryCount == entryCapacity {
            let bigger = UnsafeMutablePointer<Entry>.allocate(capacity: entryCapacity * 2)
            bigger.moveInitialize(from: entries, count: entryCount)
            entries.deallocate()
            entries = bigger
            entryCapacity *= 2
        }
        (entries + entryCount).initialize(to: Entry(hash: hash, start: start, count: n, space: space, value: value))
        entryCount += 1
        if entryCount * 2 > slotCount {
            slots.deallocate()
            slotCount *= 2
            slots = .allocate(capacity: slotCount)
            slots.initialize(repeating: 0, count: slotCount)
            for e in 0..<entryCount { place(e) }
        } else {
            place(entryCount - 1)
        }
    }

    private func place(_ e: Int) {
        let mask = slotCount - 1
        var s = Self.mix(entries[e].hash, entries[e].space) & mask
        while slots[s] != 0 { s = (s + 1) & mask }
        slots[s] = Int32(e + 1)
    }
}
