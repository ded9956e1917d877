/// Checks whole chunks for valid UTF-8 before they are parsed.
///
/// A chunk that is valid as a whole splits into valid fields (delimiters,
/// quotes and line ends are ASCII and never fall inside a character), so the
/// common case costs one pass over 32-byte blocks of ASCII and two-byte
/// characters (å ä ö), with words and single bytes for the rest. Only
/// once a chunk fails is each field checked, to name the field and byte.
struct UTF8Check {
    /// The start of a character cut off at the end of the previous chunk.
    private var carry: [UInt8] = []

    /// Whether `chunk`, continuing the text checked so far, is valid.
    mutating func chunk(_ chunk: UnsafeRawBufferPointer) -> Bool {
        guard let base = chunk.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return true }
        var start = 0
        if !carry.isEmpty {
            // Complete the cut character from this chunk's first bytes.
            var joined = carry
            let need = Self.expectedLength(carry[0]) - carry.count
            guard need > 0 else { carry = []; return false }
            joined.append(contentsOf: UnsafeBufferPointer(start: base, count: min(need, chunk.count)))
            carry = []
            let r = joined.withUnsafeBufferPointer { Self.scan($0.baseAddress!, $0.count) }
            switch r {
            case .valid: start = need
            case .cut(let at): carry = Array(joined[at...]); return true
            case .invalid: return false
            }
        }
        switch Self.scan(base + start, chunk.count - start) {
        case .valid: return true
        case .cut(let at): carry = Array(UnsafeBufferPointer(start: base + start + at, count: chunk.count - start - at)); return true
        case .invalid: return false
        }
    }

    /// Whether the text ended in the middle of a character.
    var endsInsideCharacter: Bool { !carry.isEmpty }

    /// Whether one field on its own is valid UTF-8.
    static func isValid(_ buf: UnsafeRawBufferPointer) -> Bool {
        guard let p = buf.baseAddress else { return true }
        if case .valid = scan(p.assumingMemoryBound(to: UInt8.self), buf.count) { return true }
        return false
    }

    enum Result { case valid, cut(at: Int), invalid }

    private static func expectedLength(_ lead: UInt8) -> Int {
        switch lead {
        case 0xC2...0xDF: 2
        case 0xE0...0xEF: 3
        case 0xF0...0xF4: 4
        default: 0
        }
    }

    static func scan(_ p: UnsafePointer<UInt8>, _ n: Int) -> Result {
        let raw = UnsafeRawPointer(p)
        var i = 0
        while i < n {
            if i > 0 && i + 32 <= n, let step = block(raw, i) { i += step; continue }
            if i + 8 <= n {
                // Skip ASCII a word at a time, straight to the first high byte.
                let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                let high = w & 0x8080_8080_8080_8080
                if high == 0 { i += 8; continue }
                // At a character boundary the byte before is never a lead,
                // so a zero shifted in stands for it.
                if twoByteFaults(w, before: w << 8) == 0 { i += w >> 62 == 3 ? 7 : 8; continue }
                i += high.trailingZeroBitCount >> 3
            } else if p[i] < 0x80 {
                i += 1
                continue
            }
            let c = p[i]
            if c >= 0xC2 && c <= 0xDF && i + 1 < n {
                // Two-byte characters (å ä ö é) are most of what is not ASCII.
                guard p[i + 1] & 0xC0 == 0x80 else { return .invalid }
                i += 2
                continue
            }
            let len = expectedLength(c)
            if len == 0 { return .invalid }
            if i + len > n {
                // Cut at the end: valid so far if the bytes present fit.
                for k in 1..<(n - i) where !continuation(p, i, k, c) { return .invalid }
                return .cut(at: i)
            }
            for k in 1..<len where !continuation(p, i, k, c) { return .invalid }
            i += len
        }
        return .valid
    }

    /// How far the 32 bytes at `i` (a character boundary past the start)
    /// are valid when they hold only ASCII and two-byte characters, checked
    /// lane by lane in vector registers; nil sends them to the word check.
    /// Each byte is compared with the one before it, loaded one byte back,
    /// so a continuation must sit exactly after a two-byte lead. A lead in
    /// the last lane ends the step one byte early.
    @inline(__always)
    private static func block(_ raw: UnsafeRawPointer, _ i: Int) -> Int? {
        // Four words side by side; Swift's SIMD types compile lane masks
        // and reductions to loops over lanes here, so plain words it is.
        let high: UInt64 = 0x8080_8080_8080_8080
        var any: UInt64 = 0, bad: UInt64 = 0
        for k in stride(from: 0, to: 32, by: 8) {
            let w = raw.loadUnaligned(fromByteOffset: i + k, as: UInt64.self)
            any |= w
            bad |= twoByteFaults(w, before: raw.loadUnaligned(fromByteOffset: i + k - 1, as: UInt64.self))
        }
        if any & high == 0 { return 32 }
        guard bad == 0 else { return nil }
        return raw.load(fromByteOffset: i + 31, as: UInt8.self) >= 0xC0 ? 31 : 32
    }

    /// Bit 7 set in each byte of `w` that breaks "ASCII and two-byte
    /// characters only", given `before`, the word one byte back: each byte
    /// is compared with the byte before it, so words need not start on a
    /// character boundary.
    @inline(__always)
    private static func twoByteFaults(_ w: UInt64, before b: UInt64) -> UInt64 {
        let high: UInt64 = 0x8080_8080_8080_8080
        // Bit 7 of `x << k` is bit 7 - k of the same byte (lower bytes'
        // bits land below bit 7, which the masks drop).
        let lead = w & (w << 1) & high        // 11xxxxxx
        let cont = w & ~(w << 1) & high       // 10xxxxxx
        let follows = b & (b << 1) & ~(b << 2) & high   // 110xxxxx before
        let long = lead & (w << 2)            // 111xxxxx: 3-, 4-byte leads, F5–FF
        // C0 and C1 are overlong: a two-byte lead needs one of bits 1–4.
        let nonzero = ((w & 0x1E1E_1E1E_1E1E_1E1E) &+ 0x7F7F_7F7F_7F7F_7F7F) & high
        return (cont ^ follows) | long | (lead & ~nonzero)
    }

    /// Whether byte `k` of the character led by `c` at `i` is allowed
    /// (no overlong forms, no surrogates, nothing past U+10FFFF).
    @inline(__always)
    private static func continuation(_ p: UnsafePointer<UInt8>, _ i: Int, _ k: Int, _ c: UInt8) -> Bool {
        let b = p[i + k]
        guard b & 0xC0 == 0x80 else { return false }
        guard k == 1 else { return true }
        switch c {
        case 0xE0: return b >= 0xA0
        case 0xED: return b < 0xA0
        case 0xF0: return b >= 0x90
        case 0xF4: return b < 0x90
        default: return true
        }
    }
}
