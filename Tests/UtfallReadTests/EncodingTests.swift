import Foundation
import Testing
import UtfallModel
@testable import UtfallRead

@Suite struct EncodingTests {
    @Test func utf8BOMIsDetectedAndStripped() throws {
        let r = try readAll(fixture("utf8_bom.csv"))
        #expect(r.reader.format.encoding == .utf8)
        #expect(r.reader.format.hasBOM)
        #expect(r.reader.columns[0].id == "Projekt")
        #expect(r.records.map { $0.fields[1] } == ["Göteborg", "Malmö"])
    }

    @Test func utf16LittleEndianExcelUnicodeText() throws {
        let r = try readAll(fixture("utf16le_excel.txt"))
        #expect(r.reader.format.encoding == .utf16le)
        #expect(r.reader.format.hasBOM)
        #expect(r.reader.format.delimiterName == "tab")
        #expect(r.reader.columns.map(\.text) == ["Projekt", "Ämne", "Antal"])
        #expect(r.records.map { $0.fields[1] } == ["Skåne län", "Örebro"])
        #expect(r.records.map(\.line) == [2, 3])
    }

    @Test func utf16BigEndianWithBOM() throws {
        let r = try readAll(fixture("utf16be_bom.txt"))
        #expect(r.reader.format.encoding == .utf16be)
        #expect(r.records.map(\.fields) == [["Åsa", "Stämmer helt"], ["Örjan", "Stämmer, delvis"]])
    }

    @Test func windows1252SemicolonFromOldSwedishExcel() throws {
        let r = try readAll(fixture("cp1252_semicolon.csv"))
        #expect(r.reader.format.encoding == .windows1252)
        #expect(r.reader.format.delimiterName == ";")
        #expect(r.reader.columns[1].text == "Län")
        #expect(r.records.map { $0.fields[1] } == ["Västra Götaland", "Jämtland", "Örebro – “test”"])
        #expect(ValueParser.money(r.records[0].fields[2]) == .value(Money(ore: 717_628_500)))
    }

    /// Excel for Mac's "CSV (Macintosh)" is Mac Roman with CR line ends. Read
    /// as Windows-1252, `Östergötland` was published as `…stergštland` and
    /// `Kurs Å` as `Kurs ` and an invisible control character, with exit 0.
    @Test func macRomanFromExcelForMacIsReadAsMacRoman() throws {
        // Foundation on Linux has no Mac Roman encoder: the bytes by hand.
        let mac: [Character: UInt8] = ["Ö": 0x85, "ö": 0x9A, "Å": 0x81, "Ä": 0x80, "ä": 0x8A, "é": 0x8E, "–": 0xD0, "“": 0xD2, "”": 0xD3]
        let text = "Insats;Kurs;Svar\rÖstergötland;Kurs Å;Stämmer helt\rÖstergötland;Kurs Ä;Vet ej\rJämtland;Kurs é;Ganska nöjd – “bra”\r"
        let path = temporaryFile(text.flatMap { mac[$0].map { [$0] } ?? Array(String($0).utf8) })
        defer { try? FileManager.default.removeItem(atPath: path) }
        let r = try readAll(path)
        #expect(r.reader.format.encoding == .macRoman)
        #expect(r.records.map(\.fields) == [["Östergötland", "Kurs Å", "Stämmer helt"], ["Östergötland", "Kurs Ä", "Vet ej"],
                                             ["Jämtland", "Kurs é", "Ganska nöjd – “bra”"]])
        #expect(TextEncoding.named("MacRoman") == .macRoman && TextEncoding.named("macintosh") == .macRoman)
        // Windows-1252 Swedish with a name spelled with Š stays Windows-1252.
        let windows = Array("Namn;Ort\nŠimon;Växjö\nÅsa;Göteborg\n".data(using: .windowsCP1252)!)
        #expect(EncodingDetection.guessEightBit(windows, wholeTail: true) == .windows1252)
        // Nor with one Š beside capital Å and Ö only.
        #expect(EncodingDetection.guessEightBit(Array("Namn\nŠimon\nÅsa\nÖrjan\n".data(using: .windowsCP1252)!), wholeTail: true) == .windows1252)
    }

    /// An 8-bit export whose first 64 KiB happen to be plain ASCII is judged
    /// by its first bytes that are not: the rows after them are not lost.
    @Test func encodingIsJudgedWhereTheFirstNonASCIIByteIs() throws {
        let ascii = Array("Kurs;Svar\n".utf8) + Array(repeating: Array("Datakunskap;Bra\n".utf8), count: 5000).flatMap { $0 }
        let cases: [(tail: [UInt8], expected: TextEncoding, text: String)] = [
            ([0x4C, 0xE4, 0x6E, 0x3B, 0x53, 0x74, 0xE4, 0x6D, 0x6D, 0x65, 0x72, 0x0A], .windows1252, "Län"),   // "Län;Stämmer" in 1252
            (Array("Län;Stämmer\n".utf8), .utf8, "Län"),
            (Array("Ort;Okej\n".utf8), .utf8, "Ort"),
        ]
        for c in cases {
            let path = temporaryFile(ascii + c.tail)
            defer { try? FileManager.default.removeItem(atPath: path) }
            let r = try readAll(path)
            #expect(r.reader.format.encoding == c.expected)
            #expect(r.rejects.isEmpty)
            #expect(r.records.count == 5001 && r.records.last?.fields[0] == c.text)
        }
    }

    /// A DOS end-of-file byte after the last line was a row of its own, or
    /// the end of the last answer, and that row was rejected. Also on a
    /// line of its own, with a line break after it.
    @Test func aTrailingCtrlZIsNoPartOfTheTable() throws {
        for tail: [UInt8] in [[0x0A, 0x1A], [0x1A], [0x0D, 0x0A, 0x1A, 0x0D, 0x0A], [0x0A, 0x1A, 0x0A]] {
            let path = temporaryFile(Array("Kurs;Svar\nK1;Bra\nK2;Stämmer helt".utf8) + tail)
            defer { try? FileManager.default.removeItem(atPath: path) }
            let r = try readAll(path)
            #expect(r.rejects.isEmpty, "\(tail)")
            #expect(r.records.map { $0.fields[1] } == ["Bra", "Stämmer helt"], "\(tail)")
        }
        // Not inside the table, nor before more than one line break.
        let path = temporaryFile(Array("Kurs;Svar\nK1;Bra\u{1A}\n\n".utf8))
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try readAll(path).records.map { $0.fields[1] } == ["Bra\u{1A}"])
        // The line break before it ends the last row: a short last row is
        // ragged, not an export cut off (the end was read past the ^Z).
        let short = temporaryFile(Array("A;B\n1;2\n3\n\u{1A}\n".utf8))
        defer { try? FileManager.default.removeItem(atPath: short) }
        let r = try readAll(short)
        #expect(r.reader.readProblems.isEmpty, "\(r.reader.readProblems)")
        #expect(r.rejects.map(\.kind) == ["ragged_row"])
        // A UTF-16LE file whose last character is U+0A1A (bytes 1A 0A) keeps it.
        var bytes: [UInt8] = [0xFF, 0xFE]
        for u in Array("A;B\n1;".utf16) + [0x0A1A] { bytes += [UInt8(u & 0xFF), UInt8(u >> 8)] }
        let gurmukhi = temporaryFile(bytes)
        defer { try? FileManager.default.removeItem(atPath: gurmukhi) }
        #expect(try readAll(gurmukhi).records.map { $0.fields[1] } == ["\u{0A1A}"])
    }

    /// A Windows-1252 `ö` among the last three bytes of the first 64 KiB was
    /// taken for a UTF-8 letter the sample had cut, and the file was read
    /// as UTF-8: every row with a Swedish letter rejected.
    @Test func aWindows1252LetterAtTheSamplesEndIsNotACutUTF8Letter() throws {
        let line = Array("Datakunskap;Bra\n".utf8)
        for offset in [65_533, 65_534, 65_535] {
            var bytes = Array("Kurs;Svar\n".utf8)
            while bytes.count + line.count <= offset { bytes += line }
            bytes += Array(repeating: UInt8(ascii: "x"), count: offset - bytes.count) + [0xF6, 0x3B, 0x42, 0x0A]
            bytes += Array("Sl".utf8) + [0xF6] + Array("jd;Bra\n".utf8)
            #expect(EncodingDetection.guessEightBit(Array(bytes.prefix(65_536))) == .windows1252, "\(offset)")
        }
        #expect(EncodingDetection.guessEightBit(Array("Kurs;L".utf8) + [0xC3]) == .utf8)
    }

    /// A file read as Windows-1252 whose later rows are UTF-8 (two exports
    /// joined) published `KÃ¶rkort` as a course name without a word: the
    /// read now warns. A plain Windows-1252 file gets no such warning.
    @Test func utf8RowsInAWindows1252FileAreReported() throws {
        let cp1252: [UInt8] = Array("Kurs;Svar\n".utf8) + Array(repeating: Array("L".utf8) + [0xE4] + Array("n;Bra\n".utf8), count: 5).flatMap { $0 }
        let joined = cp1252 + Array(repeating: Array("Körkort;Bra\n".utf8), count: 3).flatMap { $0 }
        let path = temporaryFile(joined)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let r = try readAll(path)
        #expect(r.reader.format.encoding == .windows1252)
        #expect(r.reader.stats.utf8In8Bit == 3)
        #expect(r.reader.readProblems.map(\.kind) == ["mixed_encoding"])
        // Its rows are rejected, not published as a course `KÃ¶rkort` of their own.
        #expect(r.records.count == 5 && r.rejects.count == 3)
        #expect(r.rejects.allSatisfy { $0.kind == "invalid_encoding" && $0.location.column == 1 && $0.reason.hasPrefix("field 1 holds UTF-8 text (ä as Ã¤) in a file read as windows-1252") })
        // Shown as the file has them, without the reader's own mark (`KÃ¶rkort`, not `KÃÿ¶rkort`).
        #expect(r.rejects.allSatisfy { $0.fields == ["KÃ¶rkort", "Bra"] }, "\(r.rejects.map(\.fields))")
        #expect(r.rejects.map(\.location.line) == [7, 8, 9])
        // Where the UTF-8 part starts: the header and five 8-bit rows above it.
        #expect(r.reader.readProblems.first?.location?.line == 7)
        #expect(r.reader.readProblems.first?.message.contains("the first on line 7") == true)
        // Lines ended by CR LF, then by CR alone, counted as the reader counts them.
        let rows = Array(repeating: Array("L".utf8) + [0xE4] + Array("n;Bra\r\n".utf8), count: 4).flatMap { $0 }
        let ends = temporaryFile(Array("Kurs;Svar\r\n".utf8) + rows + Array("L".utf8) + [0xE4] + Array("n;Bra\r\rKörkort;Bra\r".utf8))
        defer { try? FileManager.default.removeItem(atPath: ends) }
        #expect(try readAll(ends).reader.readProblems.first?.location?.line == 8)
        // Two files joined with `cat`, the second without a final line break:
        // its last row is rejected for its bytes, and the file is not cut.
        let joinedNoEOL = temporaryFile(joined.dropLast())
        defer { try? FileManager.default.removeItem(atPath: joinedNoEOL) }
        #expect(try readAll(joinedNoEOL).reader.readProblems.map(\.kind) == ["mixed_encoding"])
        let plain = temporaryFile(cp1252 + Array("K".utf8) + [0xF6] + Array("rkort;Bra\n".utf8))
        defer { try? FileManager.default.removeItem(atPath: plain) }
        #expect(try readAll(plain).reader.readProblems.isEmpty)
    }

    /// A header cell that is not valid in the file's encoding is reported
    /// with its line and column (its name may not be what a pipeline says).
    @Test func invalidHeaderBytesAreReported() throws {
        let bytes = Array("Kurs;Fr".utf8) + [0xE5] + Array("ga\nSvenska;Stämmer\nMatte;Stämmer väl\n".utf8)
        let path = temporaryFile(bytes)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let r = try readAll(path)
        #expect(r.reader.format.encoding == .utf8)
        #expect(r.reader.columns[1].text == "Fråga")  // shown as Windows-1252
        let p = try #require(r.reader.headerProblems.first)
        #expect(r.reader.headerProblems.count == 1)
        #expect(p.location?.line == 1 && p.location?.column == 2 && p.kind == "invalid_header_encoding")
        #expect(p.message.contains("byte 3 of the field: E5"))
        #expect(r.records.count == 2 && r.rejects.isEmpty)
        let clean = temporaryFile(Array("Kurs;Fråga\nSvenska;Stämmer\n".utf8))
        defer { try? FileManager.default.removeItem(atPath: clean) }
        #expect(try readAll(clean).reader.headerProblems.isEmpty)
    }

    @Test func latin1CanBeForced() throws {
        var o = ReadOptions()
        o.encoding = .latin1
        let r = try readAll(fixture("latin1_plain.csv"), o)
        #expect(r.reader.format.encoding == .latin1)
        #expect(r.reader.columns[0].text == "Fråga")
        #expect(r.records.map { $0.fields[0] } == ["År", "Kön"])
    }

    /// A mostly-UTF-8 file stays UTF-8; the row with the stray byte is
    /// rejected with its line and field, never turned into U+FFFD.
    @Test func invalidUTF8RowIsRejectedWithLineAndColumn() throws {
        let r = try readAll(fixture("invalid_utf8.csv"))
        #expect(r.reader.format.encoding == .utf8)
        #expect(r.records.map { $0.fields[1] } == ["Umeå", "Kiruna"])
        #expect(r.rejects.count == 1)
        let bad = r.rejects[0]
        #expect(bad.kind == "invalid_encoding")
        #expect(bad.location.line == 3)
        #expect(bad.location.column == 2)
        #expect(bad.location.file.hasSuffix("invalid_utf8.csv"))
        // "Luleå" in Windows-1252: the fifth byte of the field, E5.
        #expect(bad.reason.contains("byte 5 of the field: E5"), "\(bad.reason)")
        #expect(bad.reason.contains("windows-1252"))
        #expect(!bad.fields.joined().contains("\u{FFFD}"))
        #expect(r.reader.stats.records == 3)
        #expect(r.reader.stats.rejected == 1)
    }

    @Test func encodingNamesAndAliases() {
        #expect(TextEncoding(rawValue: "windows-1252") == .windows1252)
        #expect(TextEncoding.named("CP1252") == .windows1252)
        #expect(TextEncoding.named("UTF8") == .utf8)
        #expect(TextEncoding.named("latin-1") == .latin1)
        #expect(TextEncoding.named("ebcdic") == nil)
    }

    @Test func lonelySurrogateInUTF16IsRejectedNotReplaced() throws {
        var bytes: [UInt8] = [0xFF, 0xFE]
        for u in Array("a,b\n1,".utf16) + [0xD800] + Array("x\n2,y\n".utf16) { bytes += [UInt8(u & 0xFF), UInt8(u >> 8)] }
        let path = temporaryFile(bytes, suffix: ".txt")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let r = try readAll(path)
        #expect(r.records.map(\.fields) == [["2", "y"]])
        #expect(r.rejects.first?.kind == "invalid_encoding")
        #expect(r.rejects.first?.location.line == 2)
        // Said as a UTF-16 matter, not as the byte 0xFF the file does not
        // hold; the row as the file has it, without that byte as `ÿ`.
        #expect(r.rejects.first?.reason.hasPrefix("field 2 is not valid text: it holds a UTF-16 code unit that is no character") == true, "\(r.rejects)")
        #expect(r.rejects.first?.fields == ["1", "x"], "\(r.rejects)")
    }

    @Test func binaryAndEmptyFilesAreRefused() throws {
        #expect(throws: ReadError.self) { try TableReader(path: fixture("not_csv_binary.dat")) }
        #expect(throws: ReadError.self) { try TableReader(path: fixture("empty.csv")) }
        #expect(throws: ReadError.self) { try TableReader(path: fixture("does_not_exist.csv")) }
    }

    /// Random or compressed bytes hold a few NULs, under the 1 % that marks
    /// a binary file by NULs alone; they were then read as Windows-1252
    /// text, and the run failed on missing columns (65, not 66).
    @Test func randomBytesWithAFewNULsAreNotCSV() throws {
        var rng = SystemRandomNumberGenerator()
        for size in [512, 4096, 70_000] {
            var bytes = (0..<size).map { _ in UInt8.random(in: 1...255, using: &rng) }
            for k in stride(from: 100, to: size, by: 300) { bytes[k] = 0 }
            let path = temporaryFile(bytes)
            defer { try? FileManager.default.removeItem(atPath: path) }
            #expect(throws: ReadError.self, "\(size) bytes") { try TableReader(path: path) }
            do { _ = try TableReader(path: path) } catch {
                if case .notCSV(_, let what, _)? = error as? ReadError { #expect(what.contains("binary data")) } else { Issue.record("\(error)") }
            }
        }
        // UTF-16 without a BOM is still text.
        var utf16: [UInt8] = []
        for u in "Kurs,F1\nK1,Ja\nK2,Nej\n".utf16 { utf16 += [UInt8(u & 0xFF), UInt8(u >> 8)] }
        let path = temporaryFile(utf16)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try readAll(path).records.count == 2)
    }
}

@Suite struct StrayBytesTests {
    /// One NUL in an otherwise normal file is not a reason to refuse it.
    @Test func strayNULIsKept() throws {
        let r = try readAll(fixture("stray_nul_byte.csv"))
        #expect(r.records.count == 201)
        #expect(r.records.last?.fields == ["x", "y\u{0}z"])
    }
}

@Suite struct LateEncodingTests {
    /// Windows-1252 NBSP (A0) thousands separators come out as U+00A0 and parse.
    @Test func cp1252NBSPThousands() throws {
        let r = try readAll(fixture("cp1252_nbsp_thousands.csv"))
        #expect(r.reader.format.encoding == .windows1252)
        #expect(r.records.map { $0.fields[0] } == ["Härnösand", "Åre"])
        #expect(ValueParser.money(r.records[0].fields[1]) == .value(Money(ore: 717_628_500)))
        #expect(ValueParser.integer(r.records[0].fields[2]) == .value(1227))
    }

    /// An ASCII-looking sample is judged again at the first other byte, even
    /// when that byte is among the file's last. In a file whose sample holds
    /// UTF-8, a stray 8-bit byte later rejects its row and says which
    /// encoding to declare.
    @Test func eightBitTextAfterTheSampleIsRejectedWithAdvice() throws {
        var ascii = Array("a,b\n".utf8)
        for i in 0..<5000 { ascii += Array("\(i),ascii only\n".utf8) }
        let tail = Array("5000,Malm".utf8) + [0xF6] + Array("\n".utf8)
        let late = temporaryFile(ascii + tail)
        defer { try? FileManager.default.removeItem(atPath: late) }
        let detected = try readAll(late)
        #expect(detected.reader.format.encoding == .windows1252)
        #expect(detected.records.count == 5001 && detected.rejects.isEmpty)
        #expect(detected.records.last?.fields == ["5000", "Malmö"])

        var bytes = Array("a,b\nMalmö,utf-8\n".utf8)
        for i in 0..<5000 { bytes += Array("\(i),ascii only\n".utf8) }
        bytes += tail
        let path = temporaryFile(bytes)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let r = try readAll(path)
        #expect(r.reader.format.encoding == .utf8)
        #expect(r.records.count == 5001)
        #expect(r.rejects.first?.location.line == 5003)
        #expect(r.rejects.first?.reason.contains("windows-1252") == true)
        var o = ReadOptions()
        o.encoding = .windows1252
        let fixed = try readAll(path, o)
        #expect(fixed.records.last?.fields == ["5000", "Malmö"])
    }
}
