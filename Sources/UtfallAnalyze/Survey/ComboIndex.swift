/// Finds a combo (see `SurveyAggregator`) by its ids: project, course and
/// one group per breakdown, each a small number.
///
/// Looked up once per row. Ids are compared as they are, so no key is
/// built: hashing a handful of integers and comparing them in place costs
/// a fraction of copying them into a byte key first.
struct ComboIndex {
    /// Ids per combo.
    let width: Int
    /// Combo `c`'s ids at `c * width`.
    private var ids: [Int32] = []
    /// Combo numbers, -1 in an empty slot; open addressing, linear
    /// probing, kept at most half full.
    private var slots: [Int32] = Array(repeating: -1, count: 64)

    init(width: Int) { self.width = width }

    private(set) var count = 0

    @inline(__always)
    private static func hash(_ key: UnsafeBufferPointer<Int32>) -> Int {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15
        for v in key { h = (h ^ UInt64(UInt32(bitPattern: v))) &* 0xD6E8_FEB8_6659_FD93 }
        return Int(truncatingIfNeeded: h >> 29)
    }

    /// The combo with these ids, or nil.
    func find(_ key: UnsafeBufferPointer<Int32>) -> Int? {
        ids.withUnsafeBufferPointer { ids in
            slots.withUnsafeBufferPointer { slots in
                let mask = slots.count - 1
                var s = Self.hash(key) & mask
                while slots[s] >= 0 {
                    let c = Int(slots[s])
                    if Self.equal(ids, c * width, key) { return c }
                    s = (s + 1) & mask
                }
                return nil
            }
        }
    }

    /// Adds a combo not yet in the index; returns its number.
    mutating func insert(_ key: UnsafeBufferPointer<Int32>) -> Int {
        precondition(key.count == width)
        let c = count
        ids.append(contentsOf: key)
        count += 1
        if count * 2 > slots.count {
            slots = Array(repeating: -1, count: slots.count * 2)
            for k in 0..<c { place(k) }
        }
        place(c)
        return c
    }

    private mutating func place(_ c: Int) {
        let mask = slots.count - 1
        var s = ids.withUnsafeBufferPointer { Self.hash(UnsafeBufferPointer(rebasing: $0[c * width..<(c + 1) * width])) } & mask
        while slots[s] >= 0 { s = (s + 1) & mask }
        slots[s] = Int32(c)
    }

    @inline(__always)
    private static func equal(_ ids: UnsafeBufferPointer<Int32>, _ start: Int, _ key: UnsafeBufferPointer<Int32>) -> Bool {
        for i in 0..<key.count where ids[start + i] != key[i] { return false }
        return true
    }
}
