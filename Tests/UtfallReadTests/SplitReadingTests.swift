import Foundation
import Testing
import UtfallModel
@testable import UtfallRead

/// A file read in parts by several threads must give exactly what one
/// thread gives: the same records with the same lines, the same rejects,
/// the same counts, wherever the cuts fall.
@Suite struct SplitReadingTests {
    final class Collector: RecordConsumer {
        var records: [Record] = []
        /// Gives up (throws) at this record, as a consumer that can hold no more does.
        var givesUpAt: Int?
        func record(_ r: RecordView) throws {
            if let g = givesUpAt, records.count == g { throw CancellationError() }
            records.append(Record(line: r.line, fields: r.strings()))
        }
        func rejected(_ r: RejectedRow) throws { rejectRows.append(r) }
        func shiftLines(by offset: Int) {
            for i in records.indices { records[i].line += offset }
            for i in rejectRows.indices { rejectRows[i].location.line? += offset }
        }
        func merge(_ later: Collector) {
            records += later.records
            rejectRows += later.rejectRows
        }
        private var rejectRows: [RejectedRow] = []
        var rejects: [String] { rejectRows.map { "\($0.location) \($0.kind) \($0.reason) \($0.fields)" } }
    }

    struct Reading: Equatable {
        var records: [String]
        var rejects: [String]
        var records_: Int, rejected: Int, blank: Int
    }

    private func read(_ path: String, _ plan: SplitPlan, givesUpAt: Int? = nil) throws -> (Reading, split: SplitReport) {
        try read(TableReader(path: path), plan, givesUpAt: givesUpAt)
    }

    private func read(_ reader: TableReader, _ plan: SplitPlan, givesUpAt: Int? = nil) throws -> (Reading, split: SplitReport) {
        let c = try reader.scan(plan) { part in
            let c = Collector()
            if part > 0 { c.givesUpAt = givesUpAt }
            return c
        }
        let reading = Reading(records: c.records.map { "\($0.line) \($0.fields)" }, rejects: c.rejects,
                              records_: reader.stats.records, rejected: reader.stats.rejected, blank: reader.stats.blankRows)
        return (reading, reader.split)
    }

    private func fixtures() throws -> [(name: String, reader: TableReader, bytes: [UInt8])] {
        let dir = fixture("")
        return try FileManager.default.subpathsOfDirectory(atPath: dir).filter { $0.hasSuffix(".csv") }.sorted().compactMap { name in
            let path = dir + "/" + name
            guard let reader = try? TableReader(path: path) else { return nil }
            return (name, reader, try [UInt8](Data(contentsOf: URL(fileURLWithPath: path))))
        }
    }

    /// Every fixture readable as UTF-8, cut after each of its line ends
    /// (at most 60 of them, evenly spread, and 6 in the largest exports).
    @Test func everyCutReadsLikeOneThread() throws {
        var held = 0, reread = 0
        for (name, reader, bytes) in try fixtures() {
            let whole = try read(reader, .sequential)
            let lineEnds = bytes.indices.filter { bytes[$0] == 0x0A }
            // Large exports are slow to read many times in a debug build.
            let step = max(1, lineEnds.count / (bytes.count > 60_000 ? 6 : 60))
            for offset in stride(from: 0, to: lineEnds.count, by: step).map({ lineEnds[$0] }) {
                let (split, report) = try read(reader, .at(offsets: [offset]))
                #expect(split == whole.0, "\(name) cut at \(offset)")
                if report.parts == 2 { report.reread == 0 ? (held += 1) : (reread += 1) }
            }
        }
        // Both paths were taken: cuts that held, and cuts inside a quoted
        // field (or a header) whose part was read again.
        #expect(held > 100)
        #expect(reread > 10)
    }

    /// An export cut inside its last row (still being written, or cut off)
    /// was published as the night's with exit 0: the read now says so, in
    /// one part or many, with the last row's line. A complete last row
    /// without a line break, or a ragged one with it, is no cut.
    @Test func anExportCutInsideItsLastRowIsReported() throws {
        let rows = (1...40).map { "P1;K\($0 % 3);Stämmer helt;ok\n" }.joined()
        func cut(_ text: String, _ plan: SplitPlan = .sequential) throws -> [Diagnostic] {
            let path = temporaryFile(Array(text.utf8))
            defer { try? FileManager.default.removeItem(atPath: path) }
            let reader = try TableReader(path: path)
            _ = try read(reader, plan)
            return reader.readProblems.filter { $0.kind == "export_cut_off" }
        }
        let header = "Projekt;Kurs;F1;Kommentar\n"
        let d = try cut(header + rows + "P1;K2;Stäm")
        #expect(d.count == 1 && d.first?.severity == .error && d.first?.location?.line == 42)
        #expect(try cut(header + rows + "P1;K2;Stämmer helt;\"ok", .at(offsets: [300, 700])).first?.location?.line == 42)
        #expect(try cut(header + rows + "P1;K2", .at(offsets: [500])).first?.location?.line == 42)
        #expect(try cut(header + rows + "P1;K2;Stämmer helt;ok").isEmpty)
        #expect(try cut(header + rows + "P1;K2;Stäm\n").isEmpty)
        #expect(try cut(header + "P1;K2;Stäm\r\n" + rows.dropLast() + "\r").isEmpty)
        // Complete files a rejected last row does not make cut: too wide, a
        // ragged row then a blank one, and a DOS end-of-file byte.
        #expect(try cut(header + rows + "P1;K2;Stämmer helt;ok;extra").isEmpty)
        #expect(try cut(header + rows + "P1;K2\n;;;").isEmpty)
        #expect(try cut(header + rows.replacingOccurrences(of: "\n", with: "\r\n") + "\u{1A}").isEmpty)
        // UTF-16 ends in a two-byte line break.
        let wide = Array((header + rows + "P1;K2").utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let path = temporaryFile([0xFF, 0xFE] + wide)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let reader = try TableReader(path: path)
        _ = try read(reader, .sequential)
        #expect(reader.readProblems.map(\.kind) == ["export_cut_off"])
    }

    /// Many cuts at once, on two and three threads, some parts giving up:
    /// parts are merged, or read again, in any mix.
    @Test func manyCutsOnSeveralThreadsReadLikeOneThread() throws {
        var seed: UInt64 = 5
        func next(_ n: Int) -> Int {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return Int(seed >> 33) % max(1, n)
        }
        var rereads = 0
        for (name, reader, bytes) in try fixtures() where bytes.count > 2_000 {
            let whole = try read(reader, .sequential)
            for round in 0..<4 {
                let offsets = (0..<(2 + next(9))).map { _ in next(bytes.count) }
                let threads = 2 + round % 2
                let givesUpAt = round == 3 ? 2 : nil
                let (split, report) = try read(reader, .at(offsets: offsets, threads: threads), givesUpAt: givesUpAt)
                #expect(split == whole.0, "\(name) cut at \(offsets.sorted()) on \(threads) threads")
                rereads += report.reread
            }
        }
        #expect(rereads > 10)
    }

    /// `text` as an export in a temporary file, with what one thread
    /// reads from it; the file is removed afterwards.
    private func withExport(_ text: String, _ body: (_ path: String, _ whole: Reading) throws -> Void) throws {
        let path = temporaryFile(Array(text.utf8))
        defer { try? FileManager.default.removeItem(atPath: path) }
        try body(path, try read(path, .sequential).0)
    }

    /// Automatic parts choose line starts that read as records: a quoted
    /// line break in every row does not make a part be read again.
    @Test func automaticCutsAvoidQuotedLineBreaks() throws {
        var text = "id;text;n\n"
        for i in 0..<4000 { text += "\(i);\"rad ett\nrad två; tre\n\";\(i % 7)\n" }
        try withExport(text) { path, whole in
            let (split, report) = try read(path, .parts(minimumBytes: 0, partBytes: 4_000, threads: 2))
            #expect(split == whole)
            #expect(report.parts > 20)
            #expect(report.reread == 0)
            // The same cuts taken at the first line end are mostly inside quotes.
            let naive = try read(path, .at(offsets: Array(stride(from: 4_000, to: text.utf8.count, by: 4_000))))
            #expect(naive.0 == whole)
            #expect(naive.split.reread > 10)
        }
    }

    /// A part that gives up (a consumer holding too many rejects) makes the
    /// rest of the file be read in sequence, not part after part in vain.
    @Test func afterAPartGivesUpTheRestIsReadInSequence() throws {
        var text = "id;n\n"
        for i in 0..<3000 { text += "\(i);x\n" }
        try withExport(text) { path, whole in
            let reader = try TableReader(path: path)
            var made = 0
            let c = try reader.scan(.parts(minimumBytes: 0, partBytes: 1_000, threads: 2)) { part in
                made += 1
                let c = Collector()
                if part > 0 { c.givesUpAt = 0 }
                return c
            }
            #expect(c.records.map { "\($0.line) \($0.fields)" } == whole.records)
            #expect(reader.split.parts > 10)
            #expect(reader.split.reread == reader.split.parts - 1)
            // Only the parts handed out before the first gave up were tried.
            #expect(made <= 5, "\(made) of \(reader.split.parts) parts were tried")
        }
    }

    @Test func aCutInsideAQuotedFieldIsReadAgainByThePartBefore() throws {
        // The line end after "two" sits inside a quoted field.
        try withExport("id;text\n1;\"one\ntwo\nthree\"\n2;x\n") { path, whole in
            let inside = try read(path, .at(offsets: [17]))
            #expect(inside.split == SplitReport(parts: 2, reread: 1))
            #expect(inside.0 == whole)
            #expect(whole.records == ["2 [\"1\", \"one\\ntwo\\nthree\"]", "5 [\"2\", \"x\"]"])
        }
    }

    @Test func lineNumbersOfLaterPartsCountEveryKindOfLineEnd() throws {
        // CR, LF and CRLF line ends, a blank line and a quoted line break.
        let text = "a;b\r\n1;x\r2;y\n\n3;\"p\r\nq\"\r\n4;z\r\n5;w\n"
        try withExport(text) { path, whole in
            for offset in 0..<text.utf8.count {
                let one = try read(path, .at(offsets: [offset])).0
                let three = try read(path, .at(offsets: [offset, offset + 9, offset + 14], threads: 3)).0
                #expect(one == whole, "cut at \(offset)")
                #expect(three == whole, "cuts from \(offset)")
            }
            #expect(whole.records.map { $0.prefix(2) } == ["2 ", "3 ", "5 ", "7 ", "8 "])
        }
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
