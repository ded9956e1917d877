import Foundation
import Testing
import UtfallModel
@testable import UtfallRead

/// A file read by two threads must give exactly what one thread gives:
/// the same records with the same lines, the same rejects, the same counts.
@Suite struct SplitReadingTests {
    final class Collector: RecordConsumer {
        var records: [Record] = []
        func record(_ r: RecordView) throws { records.append(Record(line: r.line, fields: r.strings())) }
        func rejected(_ r: RejectedRow) throws { rejectRows.append(r) }
        func shiftLines(by offset: Int) {
            for i in records.indices { records[i].line += offset }
            for i in rejectRows.indices { rejectRows[i].location.line? += offset }
        }
        private var rejectRows: [RejectedRow] = []
        var rejects: [String] { rejectRows.map { "\($0.location) \($0.kind) \($0.reason) \($0.fields)" } }
    }

    struct Reading: Equatable {
        var records: [String]
        var rejects: [String]
        var records_: Int, rejected: Int, blank: Int
    }

    private func read(_ path: String, _ plan: SplitPlan) throws -> (Reading, parts: Int) {
        try read(TableReader(path: path), plan)
    }

    private func read(_ reader: TableReader, _ plan: SplitPlan) throws -> (Reading, parts: Int) {
        let parts = try reader.scan(plan) { _ in Collector() }
        let reading = Reading(records: parts.flatMap(\.records).map { "\($0.line) \($0.fields)" },
                              rejects: parts.flatMap(\.rejects),
                              records_: reader.stats.records, rejected: reader.stats.rejected, blank: reader.stats.blankRows)
        return (reading, parts.count)
    }

    /// Every fixture readable as UTF-8, split after each of its line ends
    /// (at most 60 of them, evenly spread, and 6 in the
    /// largest exports).
    @Test func everySplitPointReadsLikeOneThread() throws {
        let dir = fixture("")
        let names = try FileManager.default.subpathsOfDirectory(atPath: dir).filter { $0.hasSuffix(".csv") }.sorted()
        var held = 0, fellBack = 0
        for name in names {
            let path = dir + "/" + name
            guard let reader = try? TableReader(path: path) else { continue }
            let whole = try read(reader, .sequential)
            let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
            let lineEnds = bytes.indices.filter { bytes[$0] == 0x0A }
            // Large exports are slow to read many times in a debug build.
            let step = max(1, lineEnds.count / (bytes.count > 60_000 ? 6 : 60))
            for offset in stride(from: 0, to: lineEnds.count, by: step).map({ lineEnds[$0] }) {
                let (split, parts) = try read(reader, .at(offset: offset))
                #expect(split == whole.0, "\(name) split at \(offset)")
                if parts == 2 { held += 1 } else { fellBack += 1 }
            }
        }
        // Both paths were taken: splits that held, and splits inside a
        // quoted field (or a header) that fell back to one thread.
        #expect(held > 100)
        #expect(fellBack > 10)
    }

    @Test func aSplitInsideAQuotedFieldFallsBackToOneThread() throws {
        // The line end after "two" sits inside a quoted field.
        let path = temporaryFile(Array("id;text\n1;\"one\ntwo\nthree\"\n2;x\n".utf8))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let whole = try read(path, .sequential)
        let inside = try read(path, .at(offset: 17))
        #expect(inside.parts == 1)
        #expect(inside.0 == whole.0)
        #expect(whole.0.records == ["2 [\"1\", \"one\\ntwo\\nthree\"]", "5 [\"2\", \"x\"]"])
    }

    @Test func lineNumbersOfTheSecondHalfCountEveryKindOfLineEnd() throws {
        // CR, LF and CRLF line ends, a blank line and a quoted line break.
        let text = "a;b\r\n1;x\r2;y\n\n3;\"p\r\nq\"\r\n4;z\r\n5;w\n"
        let path = temporaryFile(Array(text.utf8))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let whole = try read(path, .sequential)
        for offset in 0..<text.utf8.count {
            #expect(try read(path, .at(offset: offset)).0 == whole.0, "split at \(offset)")
        }
        #expect(whole.0.records.map { $0.prefix(2) } == ["2 ", "3 ", "5 ", "7 ", "8 "])
    }
}

/// The chunk check must agree with Swift's own UTF-8 validation on every
/// input, whole or cut anywhere into chunks.
@Suite struct UTF8CheckTests {
    private func swiftValid(_ b: [UInt8]) -> Bool {
        String(validating: b, as: UTF8.self) != nil
    }

    @Test func agreesWithSwiftOnRandomBytesAndCuts() {
        var seed: UInt64 = 7
        func next() -> UInt64 {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return seed >> 33
        }
        let pieces: [[UInt8]] = [Array("Stämmer helt".utf8), Array("é€𝄞".utf8), [0x41], [0x20, 0x3B], [0xC3], [0xA4], [0xE2, 0x82],
                                 [0xF0, 0x9D], [0xED, 0xA0, 0x80], [0xC0, 0xAF], [0xF4, 0x90, 0x80, 0x80], [0xFF], Array("abcdefghijklmnop".utf8),
                                 // Two-byte edges: overlong C0/C1 leads, the smallest and largest valid, a lone continuation.
                                 [0xC1, 0x80], [0xC2, 0x80], [0xDF, 0xBF], [0x80], Array("åäö".utf8), Array("Vet ej".utf8)]
        for _ in 0..<20000 {
            var b: [UInt8] = []
            for _ in 0..<Int(next() % 12) { b += pieces[Int(next() % UInt64(pieces.count))] }
            let expected = swiftValid(b)
            var whole = UTF8Check()
            let w = b.withUnsafeBytes { whole.chunk($0) } && !whole.endsInsideCharacter
            #expect(w == expected, "\(b)")
            let cut = b.isEmpty ? 0 : Int(next() % UInt64(b.count + 1))
            var parts = UTF8Check()
            let a = b[..<cut].withUnsafeBytes { parts.chunk($0) }
            let c = b[cut...].withUnsafeBytes { parts.chunk($0) }
            #expect((a && c && !parts.endsInsideCharacter) == expected, "\(b) cut at \(cut)")
        }
    }

    /// Long runs of mostly valid text, so that the 32-byte blocks are used,
    /// with one byte changed anywhere: each lane of a block must catch it.
    @Test func catchesOneBadByteAnywhereInLongText() {
        var seed: UInt64 = 11
        func next() -> UInt64 {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return seed >> 33
        }
        let pieces: [[UInt8]] = [Array("Stämmer helt;".utf8), Array("å".utf8), Array("ÄÖ".utf8), Array("é€𝄞".utf8), Array("Vet ej".utf8),
                                 Array("abcdefghijklmnopqrstuvwxyz".utf8), [0x22], [0x0A], Array("Ü".utf8)]
        let replacements: [UInt8] = [0x41, 0x80, 0xBF, 0xC0, 0xC1, 0xC2, 0xC3, 0xDF, 0xE0, 0xE2, 0xED, 0xF0, 0xF4, 0xF5, 0xFF]
        for round in 0..<5000 {
            var b: [UInt8] = []
            while b.count < 40 + Int(next() % 200) { b += pieces[Int(next() % UInt64(pieces.count))] }
            if round % 4 != 0 { b[Int(next() % UInt64(b.count))] = replacements[Int(next() % UInt64(replacements.count))] }
            let expected = swiftValid(b)
            var whole = UTF8Check()
            #expect((b.withUnsafeBytes { whole.chunk($0) } && !whole.endsInsideCharacter) == expected, "\(b)")
            let cut = Int(next() % UInt64(b.count + 1))
            var parts = UTF8Check()
            let a = b[..<cut].withUnsafeBytes { parts.chunk($0) }
            let c = b[cut...].withUnsafeBytes { parts.chunk($0) }
            #expect((a && c && !parts.endsInsideCharacter) == expected, "\(b) cut at \(cut)")
        }
    }
}
