/// Finds the delimiter and the header line from the first 64 KiB.
enum DialectSniffer {
    static let candidates: [UInt8] = [UInt8(ascii: ","), UInt8(ascii: ";"), 9, UInt8(ascii: "|")]

    /// Records of the sample parsed with `delimiter` (at most `limit`).
    static func records(_ sample: [UInt8], delimiter: UInt8, file: String, limit: Int = 60) -> [CSVStream.RawRecord] {
        var out: [CSVStream.RawRecord] = []
        guard let s = try? CSVStream(file: file, delimiter: delimiter) else { return out }
        let deliver: CSVStream.Deliver = { r, _ in
            out.append(s.raw(r))
            return out.count < limit
        }
        let more = (try? sample.withUnsafeBytes { try s.push($0, deliver: deliver) }) ?? false
        if more { try? s.finish(deliver: deliver) }
        return out
    }

    /// The delimiter under which the records that share the most common
    /// width greater than one cover the most lines of the sample. Ties go
    /// to the wider reading, then to the order `,` `;` tab `|`. A decimal
    /// comma in a semicolon file splits rows unevenly under `,`, so `;`
    /// wins there. Lines, not records: under the wrong delimiter a quoted
    /// multi-line answer is no field, and each of its lines that holds the
    /// other delimiter once is a record of width two; thirty respondents
    /// with two-line answers outvoted their own rows.
    static func delimiter(_ sample: [UInt8], file: String) -> UInt8 {
        var best: (score: Int, width: Int, d: UInt8) = (0, 0, UInt8(ascii: ","))
        for d in candidates {
            let mode = modeWidth(records(sample, delimiter: d, file: file))
            guard mode.width > 1 else { continue }
            if mode.lines > best.score || (mode.lines == best.score && mode.width > best.width) { best = (mode.lines, mode.width, d) }
        }
        return best.d
    }

    /// The most common width of the non-blank records (ties to the wider),
    /// how many records have it and how many lines they span.
    static func modeWidth(_ records: [CSVStream.RawRecord]) -> (width: Int, count: Int, lines: Int) {
        var counts: [Int: (records: Int, lines: Int)] = [:]
        for r in records where !r.fields.allSatisfy(\.isEmpty) {
            counts[r.fields.count, default: (0, 0)].records += 1
            counts[r.fields.count, default: (0, 0)].lines += r.endLine - r.line + 1
        }
        let best = counts.max { a, b in a.value.records != b.value.records ? a.value.records < b.value.records : a.key < b.key }
        return best.map { ($0.key, $0.value.records, $0.value.lines) } ?? (1, 0, 0)
    }

    /// The first record with at least two filled cells that is at least half
    /// as wide as most rows. Title lines that Swedish Excel exports put
    /// above the table (`Uppföljning 2016;;;`) have one filled cell, blank
    /// rows none. Width is not required to match exactly: a header without
    /// the trailing delimiter its data rows carry must still be found (those
    /// rows are then rejected as ragged, visibly, rather than the first data
    /// row becoming the header).
    ///
    /// Key/value title lines (`Enkät;Kursutvärdering VT 2024;;`, then
    /// `Antal svar;20;;`) have two filled cells too. They are passed over
    /// when they stand as a block of their own: at most five lines of at
    /// most three filled cells each, all at their start, then a blank line,
    /// then a header filled from its first cell that fills more cells than
    /// any of them and (nearly) all of the table's columns. A narrow table's
    /// own rows look like such lines, but what follows its first blank line
    /// is a row no wider than theirs, or a ragged one wider than the table;
    /// a header over wider rows, or over a matrix's sub-item line that
    /// starts blank, has no blank line under it.
    static func headerLine(_ records: [CSVStream.RawRecord]) -> Int? {
        let width = modeWidth(records).width
        let need = min(2, width)
        func filled(_ r: CSVStream.RawRecord) -> Int { r.fields.filter { !$0.isEmpty }.count }
        func isCandidate(_ r: CSVStream.RawRecord) -> Bool { r.fields.count * 2 >= width && filled(r) >= need }
        guard let first = records.first(where: isCandidate) else { return records.first { filled($0) > 0 }?.line }
        if let table = headerUnderTitleBlock(records, width: width, filled: filled) { return table }
        return first.line
    }

    /// The header under a block of key/value title lines and a blank line
    /// (see `headerLine`), if the sample starts so.
    private static func headerUnderTitleBlock(_ records: [CSVStream.RawRecord], width: Int,
                                              filled: (CSVStream.RawRecord) -> Int) -> Int? {
        var widest = 0, lines = 0
        var previousLine: Int?
        var k = 0
        // The block: lines up to the first blank one (an empty record, or a
        // gap in the line numbers).
        while k < records.count {
            let r = records[k]
            let n = filled(r)
            if n == 0 || (previousLine.map { r.line > $0 + 1 } ?? false) { break }
            guard n <= 3, r.fields.prefix(n).allSatisfy({ !$0.isEmpty }) else { return nil }
            widest = max(widest, n)
            lines += 1
            previousLine = r.line
            k += 1
        }
        guard lines > 0, lines <= 5, widest >= 2 else { return nil }
        guard let table = records[k...].first(where: { filled($0) > 0 }) else { return nil }
        let n = filled(table)
        guard !table.fields[0].isEmpty, n > widest, table.fields.count <= width, n >= width - 1 else { return nil }
        return table.line
    }

    /// The delimiter named by an Excel `sep=;` first line, if there is one.
    static func excelSepLine(_ sample: [UInt8]) -> UInt8? {
        guard sample.count >= 5, sample.starts(with: Array("sep=".utf8)) else { return nil }
        let d = sample[4]
        guard d != 0x0A, d != 0x0D, sample.count == 5 || sample[5] == 0x0A || sample[5] == 0x0D else { return nil }
        return d
    }

    /// `\r\n`, `\n`, `\r`, or `none`, whichever ends most lines.
    static func lineEnding(_ sample: [UInt8]) -> String {
        var crlf = 0, lf = 0, cr = 0
        var i = 0
        while i < sample.count {
            if sample[i] == 0x0D {
                if i + 1 < sample.count && sample[i + 1] == 0x0A { crlf += 1; i += 1 } else { cr += 1 }
            } else if sample[i] == 0x0A { lf += 1 }
            i += 1
        }
        let m = max(crlf, lf, cr)
        if m == 0 { return "none" }
        return m == crlf ? "\\r\\n" : m == lf ? "\\n" : "\\r"
    }
}
