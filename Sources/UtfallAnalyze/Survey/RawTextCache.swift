import Foundation

/// Remembers a value per distinct raw text, compared byte for byte.
///
/// A Swift dictionary keyed on String hashes the text's canonical (NFC)
/// form, which for non-ASCII answers like "Stämmer helt" costs more than the
/// work it saves. Exact bytes are a stricter key: texts that differ only in
/// normalization get an entry each, and every hit is what computing afresh
/// would give. Open addressing over a fixed table, at most `limit` entries.
struct RawTextCache<Value> {
    private var keys: [String?]
    private var values: [Value?]
    private(set) var count = 0
    let limit: Int

    init(limit: Int = 4096) {
        self.limit = limit
        // A power of two at least twice the limit keeps probe runs short.
        var size = 16
        while size < limit * 2 { size <<= 1 }
        keys = Array(repeating: nil, count: size)
        values = Array(repeating: nil, count: size)
    }

    /// The cached value for `text`, or `make(text)`, remembered while there is room.
    mutating func value(_ text: String, _ make: (String) -> Value) -> Value {
        var text = text
        let mask = keys.count - 1
        var slot = Self.hash(&text) & mask
        while let k = keys[slot] {
            if Self.same(k, &text) { return values[slot]! }
            slot = (slot + 1) & mask
        }
        let v = make(text)
        if count < limit {
            keys[slot] = text
            values[slot] = v
            count += 1
        }
        return v
    }

    /// FNV-1a over the UTF-8 bytes.
    private static func hash(_ s: inout String) -> Int {
        s.withUTF8 { buf in
            var h: UInt64 = 0xCBF2_9CE4_8422_2325
            for b in buf { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
            return Int(truncatingIfNeeded: h ^ h >> 29)
        }
    }

    private static func same(_ key: String, _ s: inout String) -> Bool {
        var key = key
        return key.utf8.count == s.utf8.count && key.withUTF8 { a in
            s.withUTF8 { b in a.isEmpty || memcmp(a.baseAddress!, b.baseAddress!, a.count) == 0 }
        }
    }
}
