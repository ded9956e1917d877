/// Turns chunks of UTF-16 or 8-bit text into UTF-8 for libcsv, carrying a
/// split code unit or surrogate pair over to the next chunk so that chunk
/// boundaries never corrupt a character. UTF-8 input is passed through
/// untouched (validation happens per field, where line and column are known).
struct Transcoder {
    let encoding: TextEncoding
    private var pendingByte: UInt8?
    private var pendingHigh: UInt16?
    /// Byte pairs of 8-bit input that read as UTF-8's two-byte å, ä, ö, é
    /// (`C3 A4` is `Ã¤` in Windows-1252): see `ReadStats.utf8In8Bit`.
    private(set) var utf8Pairs = 0
    private var last: UInt8 = 0

    init(_ encoding: TextEncoding) { self.encoding = encoding }

    /// A byte that can never occur in UTF-8. Unpaired surrogates in UTF-16
    /// input are written as this byte so that the field fails UTF-8
    /// validation and the record is rejected with its line and column,
    /// instead of silently becoming U+FFFD.
    static let invalidMarker: UInt8 = 0xFF

    var passesThrough: Bool { encoding == .utf8 }

    /// Appends the UTF-8 form of `input` to `out`.
    mutating func transcode(_ input: UnsafeRawBufferPointer, into out: inout [UInt8]) {
        if encoding == .utf8 {
            out.append(contentsOf: input)
            return
        }
        // At most three output bytes per input byte, plus a carried unit.
        let capacity = input.count * 3 + 8
        let old = out.count
        out.reserveCapacity(old + capacity)
        var written = 0
        // Writes straight into spare capacity: a byte-by-byte `append` is
        // several times slower on large 8-bit or UTF-16 files.
        out.append(contentsOf: repeatElement(0, count: capacity))
        out.withUnsafeMutableBufferPointer { buf in
            let o = buf.baseAddress! + old
            written = encoding == .utf16le || encoding == .utf16be ? utf16(input, o) : eightBit(input, o)
        }
        out.removeLast(capacity - written)
    }

    private mutating func eightBit(_ input: UnsafeRawBufferPointer, _ o: UnsafeMutablePointer<UInt8>) -> Int {
        var w = 0
        let table = encoding == .windows1252 ? Self.cp1252 : encoding == .macRoman ? Self.macRoman : Self.latin1
        var previous = last
        for b in input {
            if b < 0x80 {
                o[w] = b
                w += 1
            } else {
                // Ã or Â and a continuation byte: Swedish text has no "Ã¤" of
                // its own. It is UTF-8 in an 8-bit file, and the field is
                // marked so that its row is rejected (with line and column)
                // rather than published as `KÃ¶rkort`, a group of its own.
                if b <= 0xBF && (previous == 0xC3 || previous == 0xC2) {
                    utf8Pairs += 1
                    o[w] = Self.invalidMarker
                    w += 1
                }
                let scalar = UInt32(table[Int(b) - 0x80])
                w += Self.writeUTF8(scalar, o + w)
            }
            previous = b
        }
        last = previous
        return w
    }

    /// The pairs counted since the last call (see `utf8Pairs`).
    mutating func takeUTF8Pairs() -> Int {
        defer { utf8Pairs = 0 }
        return utf8Pairs
    }

    private mutating func utf16(_ input: UnsafeRawBufferPointer, _ o: UnsafeMutablePointer<UInt8>) -> Int {
        var w = 0
        var i = 0
        let n = input.count
        let le = encoding == .utf16le
        if let p = pendingByte, n > 0 {
            pendingByte = nil
            w += unit(le ? UInt16(p) | UInt16(input[0]) << 8 : UInt16(p) << 8 | UInt16(input[0]), o + w)
            i = 1
        }
        while i + 1 < n {
            let a = UInt16(input[i]), b = UInt16(input[i + 1])
            let u = le ? a | b << 8 : a << 8 | b
            if u < 0x80 && pendingHigh == nil {
                o[w] = UInt8(u)
                w += 1
            } else {
                w += unit(u, o + w)
            }
            i += 2
        }
        if i < n { pendingByte = input[i] }
        return w
    }

    /// Flushes what is left at end of file: an odd byte or a lone high
    /// surrogate is invalid.
    mutating func finish(into out: inout [UInt8]) {
        if pendingByte != nil || pendingHigh != nil { out.append(Self.invalidMarker) }
        pendingByte = nil
        pendingHigh = nil
    }

    private mutating func unit(_ u: UInt16, _ o: UnsafeMutablePointer<UInt8>) -> Int {
        var w = 0
        if let h = pendingHigh {
            pendingHigh = nil
            if (0xDC00...0xDFFF).contains(u) {
                return Self.writeUTF8(0x10000 + ((UInt32(h) - 0xD800) << 10) + (UInt32(u) - 0xDC00), o)
            }
            o[0] = Self.invalidMarker
            w = 1
        }
        switch u {
        case 0xD800...0xDBFF: pendingHigh = u
        case 0xDC00...0xDFFF: o[w] = Self.invalidMarker; w += 1
        default: w += Self.writeUTF8(UInt32(u), o + w)
        }
        return w
    }

    @inline(__always)
    static func writeUTF8(_ s: UInt32, _ o: UnsafeMutablePointer<UInt8>) -> Int {
        switch s {
        case 0..<0x80:
            o[0] = UInt8(s)
            return 1
        case 0x80..<0x800:
            o[0] = UInt8(0xC0 | s >> 6); o[1] = UInt8(0x80 | s & 0x3F)
            return 2
        case 0x800..<0x10000:
            o[0] = UInt8(0xE0 | s >> 12); o[1] = UInt8(0x80 | (s >> 6) & 0x3F); o[2] = UInt8(0x80 | s & 0x3F)
            return 3
        default:
            o[0] = UInt8(0xF0 | s >> 18); o[1] = UInt8(0x80 | (s >> 12) & 0x3F)
            o[2] = UInt8(0x80 | (s >> 6) & 0x3F); o[3] = UInt8(0x80 | s & 0x3F)
            return 4
        }
    }

    /// Windows-1252 0x80–0xFF. The five bytes Windows leaves undefined
    /// (0x81 0x8D 0x8F 0x90 0x9D) map to the C1 controls, as ISO-8859-1 does.
    static let cp1252: [UInt16] = [
        0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
        0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
    ] + (0xA0...0xFF).map { UInt16($0) }

    /// ISO-8859-1 0x80–0xFF: the code points themselves.
    static let latin1: [UInt16] = (0x80...0xFF).map { UInt16($0) }

    /// Mac OS Roman 0x80–0xFF (0xDB is the euro sign, as since Mac OS 8.5).
    static let macRoman: [UInt16] = [
        0x00C4, 0x00C5, 0x00C7, 0x00C9, 0x00D1, 0x00D6, 0x00DC, 0x00E1, 0x00E0, 0x00E2, 0x00E4, 0x00E3, 0x00E5, 0x00E7, 0x00E9, 0x00E8,
        0x00EA, 0x00EB, 0x00ED, 0x00EC, 0x00EE, 0x00EF, 0x00F1, 0x00F3, 0x00F2, 0x00F4, 0x00F6, 0x00F5, 0x00FA, 0x00F9, 0x00FB, 0x00FC,
        0x2020, 0x00B0, 0x00A2, 0x00A3, 0x00A7, 0x2022, 0x00B6, 0x00DF, 0x00AE, 0x00A9, 0x2122, 0x00B4, 0x00A8, 0x2260, 0x00C6, 0x00D8,
        0x221E, 0x00B1, 0x2264, 0x2265, 0x00A5, 0x00B5, 0x2202, 0x2211, 0x220F, 0x03C0, 0x222B, 0x00AA, 0x00BA, 0x03A9, 0x00E6, 0x00F8,
        0x00BF, 0x00A1, 0x00AC, 0x221A, 0x0192, 0x2248, 0x2206, 0x00AB, 0x00BB, 0x2026, 0x00A0, 0x00C0, 0x00C3, 0x00D5, 0x0152, 0x0153,
        0x2013, 0x2014, 0x201C, 0x201D, 0x2018, 0x2019, 0x00F7, 0x25CA, 0x00FF, 0x0178, 0x2044, 0x20AC, 0x2039, 0x203A, 0xFB01, 0xFB02,
        0x2021, 0x00B7, 0x201A, 0x201E, 0x2030, 0x00C2, 0x00CA, 0x00C1, 0x00CB, 0x00C8, 0x00CD, 0x00CE, 0x00CF, 0x00CC, 0x00D3, 0x00D4,
        0xF8FF, 0x00D2, 0x00DA, 0x00DB, 0x00D9, 0x0131, 0x02C6, 0x02DC, 0x00AF, 0x02D8, 0x02D9, 0x02DA, 0x00B8, 0x02DD, 0x02DB, 0x02C7,
    ]
}
