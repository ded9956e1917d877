/// Finds the encoding of a file from its first 64 KiB (or, when those are
/// plain ASCII, from its first bytes that are not), and refuses files that
/// are not text at all.
enum EncodingDetection {
    struct Result {
        var encoding: TextEncoding
        var bomLength: Int
    }

    /// Signatures of files people point the pipeline at by mistake.
    static func notText(_ head: [UInt8], file: String) -> ReadError? {
        func starts(_ sig: [UInt8]) -> Bool { head.starts(with: sig) }
        let saveAs = "save it as CSV UTF-8 from Excel (File › Save As › CSV UTF-8) and point the pipeline at that"
        if starts([0x50, 0x4B, 0x03, 0x04]) {
            func has(_ s: String) -> Bool {
                let n = Array(s.utf8)
                return head.count >= n.count && (0...(head.count - n.count)).contains { head[$0..<($0 + n.count)].elementsEqual(n) }
            }
            if has("word/") { return .notCSV(file: file, what: "a Word document (.docx)", advice: "export the table as CSV UTF-8 and point the pipeline at that") }
            if has("content.xml") || has("opendocument") { return .notCSV(file: file, what: "an OpenDocument file (.ods)", advice: "save it as CSV (UTF-8) and point the pipeline at that") }
            let what = has("xl/") || !has("[Content_Types].xml") && file.lowercased().hasSuffix(".xlsx")
                ? "an Excel workbook (.xlsx)" : has("[Content_Types].xml") ? "an Excel workbook (.xlsx)" : "a zip archive"
            return .notCSV(file: file, what: what, advice: what == "a zip archive" ? "unpack it and point the pipeline at the CSV inside" : saveAs)
        }
        if starts([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
            return .notCSV(file: file, what: "an old Excel workbook (.xls)", advice: saveAs)
        }
        if starts(Array("%PDF".utf8)) {
            return .notCSV(file: file, what: "a PDF document", advice: "export the table behind it as CSV instead")
        }
        if starts([0x1F, 0x8B]) {
            return .notCSV(file: file, what: "a gzip archive", advice: "unpack it and point the pipeline at the CSV inside")
        }
        // A nightly download that fetched a login or error page instead of
        // the export: read as CSV, it failed on a missing column (65), as if
        // the pipeline were wrong.
        let text = head.drop { $0 == 0xEF || $0 == 0xBB || $0 == 0xBF || $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
        let opening = String(decoding: text.prefix(16), as: UTF8.self).lowercased()
        if opening.hasPrefix("<!doctype html") || opening.hasPrefix("<html") || opening.hasPrefix("<head>") {
            return .notCSV(file: file, what: "an HTML page (a login or error page saved where the export belongs?)",
                           advice: "check the download that fetches the export, and point the pipeline at a CSV file")
        }
        if opening.hasPrefix("<?xml") {
            return .notCSV(file: file, what: "an XML document", advice: "export the data as CSV and point the pipeline at that")
        }
        // JSON: an object's first key (`{"error":`), or an array of them.
        func space(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }
        var json = Array(text.prefix(256))
        if json.first == UInt8(ascii: "[") { json = Array(json.dropFirst().drop(while: space)) }
        if json.first == UInt8(ascii: "{"),
           let key = json.dropFirst().drop(while: space).first, key == UInt8(ascii: "\""),
           let close = json.dropFirst().drop(while: space).dropFirst().firstIndex(of: UInt8(ascii: "\"")),
           json[(close + 1)...].drop(while: space).first == UInt8(ascii: ":") {
            return .notCSV(file: file, what: "a JSON document (an API's answer, or its error message?)",
                           advice: "check the download that fetches the export, and point the pipeline at a CSV file")
        }
        // Control characters other than tab, line breaks, vertical tab and
        // form feed (FileMaker's line breaks inside a field) and DOS's end
        // of file are not in text; UTF-16 (whose ASCII has NUL bytes) is
        // told apart elsewhere: its NULs are skipped here, other NULs are
        // control bytes too (random and compressed data hold a few, well
        // under the 1 % that makes NULs alone a sign of binary data).
        let nul = nuls(head)
        let utf16 = max(nul.even, nul.odd) > 4 * min(nul.even, nul.odd) + 2
        let control = head.lazy.filter { $0 < 0x20 && ![0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x1A].contains($0) && !(utf16 && $0 == 0) }.count
        if control >= 8 && control * 100 >= head.count {
            return .notCSV(file: file, what: "binary data (\(control) control bytes in its first \(head.count))",
                           advice: "check that the export was written completely and as CSV")
        }
        return nil
    }

    /// The NUL bytes at even and at odd places: UTF-16's ASCII letters put
    /// them at every other place, random bytes anywhere.
    private static func nuls(_ head: [UInt8]) -> (even: Int, odd: Int) {
        var even = 0, odd = 0
        for (i, b) in head.enumerated() where b == 0 {
            if i % 2 == 0 { even += 1 } else { odd += 1 }
        }
        return (even, odd)
    }

    static func detect(_ head: [UInt8], file: String) throws(ReadError) -> Result {
        if head.starts(with: [0xEF, 0xBB, 0xBF]) { return Result(encoding: .utf8, bomLength: 3) }
        if head.starts(with: [0xFF, 0xFE]) { return Result(encoding: .utf16le, bomLength: 2) }
        if head.starts(with: [0xFE, 0xFF]) { return Result(encoding: .utf16be, bomLength: 2) }
        if let e = notText(head, file: file) { throw e }
        // UTF-16 without BOM: ASCII text leaves every other byte zero.
        let (zeroEven, zeroOdd) = nuls(head)
        let half = head.count / 2
        if half > 0, zeroOdd > half * 3 / 4, zeroEven == 0 { return Result(encoding: .utf16le, bomLength: 0) }
        if half > 0, zeroEven > half * 3 / 4, zeroOdd == 0 { return Result(encoding: .utf16be, bomLength: 0) }
        // A stray NUL or two occurs in real exports; many mean binary data.
        if (zeroEven + zeroOdd) * 100 > head.count {
            throw .notCSV(file: file, what: "a binary file (it contains NUL bytes)",
                          advice: "export the data as CSV (UTF-8) and point the pipeline at that")
        }
        return Result(encoding: guessEightBit(head, wholeTail: head.count < FileChunks.chunkSize), bomLength: 0)
    }

    /// UTF-8 or Windows-1252 for a file whose first `asciiPrefix` bytes are
    /// ASCII, judged from the bytes at its first non-ASCII byte: an Excel
    /// export whose first thousand rows happen to hold no å, ä or ö is
    /// still Windows-1252. Nil when the whole file is ASCII. Reads on from
    /// `asciiPrefix` only as far as the first such byte.
    static func beyondASCII(path: String, asciiPrefix: Int) throws(ReadError) -> TextEncoding? {
        let f = try FileChunks(path: path, from: asciiPrefix)
        var at = asciiPrefix
        while true {
            let chunk = try f.next(line: nil)
            if chunk.isEmpty { return nil }
            if let i = firstNonASCII(chunk) {
                let window = try FileChunks.bytes(path: path, from: at + i, count: FileChunks.chunkSize)
                return guessEightBit(window, wholeTail: window.count < FileChunks.chunkSize)
            }
            at += chunk.count
        }
    }

    /// Whether the file's last character is a line break (LF or CR), in
    /// its encoding, before a DOS end-of-file byte (0x1A) if there is one.
    /// Files that are not there count as ending in one.
    static func endsWithLineBreak(path: String, encoding: TextEncoding) -> Bool {
        let unit = encoding == .utf16le || encoding == .utf16be ? 2 : 1
        // Before a Ctrl-Z on a line of its own, which FileChunks leaves out.
        guard let size = (try? FileChunks(path: path))?.contentEnd, size >= unit,
              let tail = try? FileChunks.bytes(path: path, from: max(0, size - 2 * unit), count: min(size, 2 * unit)) else { return true }
        func character(_ k: Int) -> UInt8? {  // the k-th last character, if it is one byte's worth
            let end = tail.count - k * unit
            guard end >= unit else { return nil }
            let c = Array(tail[(end - unit)..<end])
            switch encoding {
            case .utf16le: return c[1] == 0 ? c[0] : nil
            case .utf16be: return c[0] == 0 ? c[1] : nil
            default: return c[0]
            }
        }
        let last = character(0) == 0x1A ? character(1) : character(0)
        return last == 0x0A || last == 0x0D
    }

    /// The physical line of the first UTF-8 two-byte letter (`C3 A4`, ä) in
    /// an 8-bit file, counted as the reader counts lines (LF, CR LF or CR),
    /// so the `mixed_encoding` warning can say where the UTF-8 part starts.
    /// Asked only when the read found such pairs; stops at the first.
    static func firstUTF8PairLine(path: String, from start: Int) -> Int? {
        guard let f = try? FileChunks(path: path, from: start) else { return nil }
        var line = 1
        var previous: UInt8 = 0
        while let chunk = try? f.next(line: nil), !chunk.isEmpty {
            for b in chunk {
                if b >= 0x80, b <= 0xBF, previous == 0xC3 || previous == 0xC2 { return line }
                if b == 0x0D || (b == 0x0A && previous != 0x0D) { line += 1 }
                previous = b
            }
        }
        return nil
    }

    /// The position of the first byte ≥ 0x80, eight bytes at a time.
    static func firstNonASCII(_ b: UnsafeRawBufferPointer) -> Int? {
        var i = 0
        while i + 8 <= b.count {
            if b.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 != 0 { break }
            i += 8
        }
        while i < b.count {
            if b[i] >= 0x80 { return i }
            i += 1
        }
        return nil
    }

    /// UTF-8 or Windows-1252, from the sample.
    ///
    /// Valid UTF-8 → UTF-8. Otherwise the file is UTF-8 only if it already
    /// shows at least as many well-formed multi-byte sequences as invalid
    /// bytes: then the invalid bytes are damage, and the rows holding them
    /// are rejected with their line and column (never silently replaced).
    /// A file whose high bytes are all invalid as UTF-8 was written by an
    /// 8-bit tool (old Swedish Excel), and Windows-1252 turns its bytes into
    /// å ä ö. The SurveyMonkey exports in the shared fixtures are the second
    /// kind: pure ASCII except for one mangled header character
    /// (`8C E6`, `EB`), which Windows-1252 decodes without losing a row.
    /// `wholeTail`: the sample runs to the end of the file, so a sequence
    /// cut short at its end is really cut short, not cut by the sample.
    static func guessEightBit(_ head: [UInt8], wholeTail: Bool = false) -> TextEncoding {
        var valid = 0, invalid = 0
        var i = 0
        // Do not judge a sequence cut off by the end of the sample.
        let end = head.count
        while i < end {
            if head[i] < 0x80 { i += 1; continue }
            let len = FieldDecoding.sequenceLength(head, i)
            if len > 0 {
                valid += 1
                i += len
            } else {
                // Only a UTF-8 beginning can be cut off: a Windows-1252 `ö`
                // (F6) in the sample's last bytes read the file as UTF-8.
                if !wholeTail && Self.cutUTF8(head, from: i) { break }
                invalid += 1
                i += 1
            }
        }
        if invalid == 0 { return .utf8 }
        return valid >= invalid ? .utf8 : looksMacRoman(head) ? .macRoman : .windows1252
    }

    /// Whether 8-bit Swedish text was written as Mac Roman (Excel for Mac's
    /// "CSV (Macintosh)", old FileMaker): its å ä ö Å é ü are bytes that
    /// Windows-1252 reads as Œ Š š, a control character, Ž and Ÿ, letters
    /// Swedish text hardly has; Windows-1252's own å ä ö Ä Å Ö é ü Ü are
    /// Mac Roman's Â ‰ ˆ ƒ ≈ ÷ È ¸ ‹. Read as Windows-1252, a Mac export
    /// published `Östergötland` as `…stergštland`. The ambiguous bytes
    /// (0x80 € or Ä, 0x85 … or Ö) are not counted, and one such byte is not
    /// enough: SurveyMonkey's mangled header character (`8C E6`) is one.
    static func looksMacRoman(_ bytes: [UInt8]) -> Bool {
        var mac = 0, windows = 0
        for b in bytes where b >= 0x80 {
            switch b {
            case 0x81, 0x8A, 0x8C, 0x8E, 0x9A, 0x9F: mac += 1
            case 0xC4, 0xC5, 0xD6, 0xE4, 0xE5, 0xF6, 0xE9, 0xDC, 0xFC: windows += 1
            default: break
            }
        }
        return mac >= 2 && mac > 4 * windows
    }

    /// Whether the bytes from `i` to the end are the start of a UTF-8
    /// sequence longer than what is left: a lead byte, then only
    /// continuation bytes.
    static func cutUTF8(_ bytes: [UInt8], from i: Int) -> Bool {
        let lead = bytes[i]
        let length = lead >= 0xC2 && lead <= 0xDF ? 2 : lead >= 0xE0 && lead <= 0xEF ? 3 : lead >= 0xF0 && lead <= 0xF4 ? 4 : 0
        guard length > bytes.count - i else { return false }
        return bytes[(i + 1)...].allSatisfy { $0 >= 0x80 && $0 <= 0xBF }
    }
}
