import Foundation

/// Building Strings from libcsv's field buffers: the hot path of reading.
enum FieldDecoding {
    /// True when every byte is below 0x80. Checks eight bytes at a time.
    @inline(__always)
    static func isASCII(_ buf: UnsafeRawBufferPointer) -> Bool {
        let n = buf.count
        var i = 0
        while i + 8 <= n {
            if buf.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 != 0 { return false }
            i += 8
        }
        while i < n {
            if buf[i] >= 0x80 { return false }
            i += 1
        }
        return true
    }

    /// The field as a String, or nil when it is not valid UTF-8.
    @inline(__always)
    static func utf8(_ buf: UnsafeRawBufferPointer) -> String? {
        if buf.isEmpty { return "" }
        let s = String(decoding: buf, as: UTF8.self)
        if isASCII(buf) { return s }
        // String(decoding:) repairs invalid input with U+FFFD; the repair is
        // detected by comparing the result with the input byte for byte.
        let same = s.utf8.count == buf.count && (s.utf8.withContiguousStorageIfAvailable {
            memcmp($0.baseAddress!, buf.baseAddress!, buf.count) == 0
        } ?? s.utf8.elementsEqual(buf))
        return same ? s : nil
    }

    /// Decodes what is valid UTF-8 as such and each invalid byte as
    /// Windows-1252: used for header cells and for the fields of a rejected
    /// row, so that people see `Œæ` where the file has 8C E6, not `�`.
    static func lenient(_ buf: UnsafeRawBufferPointer) -> String {
        var scalars = String.UnicodeScalarView()
        var decoder = UTF8()
        // Decode byte by byte so that an invalid byte can be re-read as cp1252.
        var i = 0
        let bytes = Array(buf)
        while i < bytes.count {
            let len = sequenceLength(bytes, i)
            if len > 0 {
                var sub = bytes[i..<(i + len)].makeIterator()
                if case .scalarValue(let s) = decoder.decode(&sub) { scalars.append(s) }
                i += len
            } else {
                let b = bytes[i]
                let v = b < 0x80 ? UInt32(b) : UInt32(Transcoder.cp1252[Int(b) - 0x80])
                scalars.append(Unicode.Scalar(v) ?? "\u{FFFD}")
                i += 1
            }
        }
        return String(scalars)
    }

    /// Length of the valid UTF-8 sequence starting at `i`, or 0.
    static func sequenceLength(_ b: [UInt8], _ i: Int) -> Int {
        let c = b[i]
        func cont(_ k: Int) -> Bool { i + k < b.count && b[i + k] & 0xC0 == 0x80 }
        switch c {
        case 0x00...0x7F: return 1
        case 0xC2...0xDF: return cont(1) ? 2 : 0
        case 0xE0: return cont(1) && b[i + 1] >= 0xA0 && cont(2) ? 3 : 0
        case 0xED: return cont(1) && b[i + 1] < 0xA0 && cont(2) ? 3 : 0
        case 0xE1...0xEF: return cont(1) && cont(2) ? 3 : 0
        case 0xF0: return cont(1) && b[i + 1] >= 0x90 && cont(2) && cont(3) ? 4 : 0
        case 0xF4: return cont(1) && b[i + 1] < 0x90 && cont(2) && cont(3) ? 4 : 0
        case 0xF1...0xF3: return cont(1) && cont(2) && cont(3) ? 4 : 0
        default: return 0
        }
    }

    /// The first invalid bytes of a field, as hex, for the reject reason:
    /// byte values say what went wrong without showing the answer.
    static func firstInvalidBytes(_ buf: UnsafeRawBufferPointer) -> (offset: Int, hex: String) {
        let bytes = Array(buf)
        var i = 0
        while i < bytes.count {
            let len = sequenceLength(bytes, i)
            if len == 0 {
                var j = i
                var hex: [String] = []
                while j < bytes.count, hex.count < 4, sequenceLength(bytes, j) == 0 {
                    hex.append(String(format: "%02X", bytes[j]))
                    j += 1
                }
                return (i, hex.joined(separator: " "))
            }
            i += len
        }
        return (0, "")
    }
}
