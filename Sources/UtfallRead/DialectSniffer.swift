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

    /// The delimiter under which the most records share one width greater
    /// than one. Ties go to the wider reading, then to the order `,` `;`
    /// tab `|`. A decimal comma in a semicolon file splits rows unevenly
    /// under `,`, so `;` wins there.
    static func delimiter(_ sample: [UInt8], file: String) -> UInt8 {
        var best: (score: Int, width: Int, d: UInt8) = (0, 0, UInt8(ascii: ","))
        for d in candidates {
            let (width, count) = modeWidth(records(sample, delimiter: d, file: file))
            guard width > 1 else { continue }
            if count > best.score || (count == best.score && width > best.width) { best = (count, width, d) }
        }
        return best.d
    }

    static func modeWidth(_ records: [CSVStream.RawRecord]) -> (width: Int, count: Int) {
        var counts: [Int: Int] = [:]
        for r in records where !r.fields.allSatisfy(\.isEmpty) { counts[r.fields.count, default: 0] += 1 }
        let best = counts.max { a, b in a.value != b.value ? a.value < b.value : a.key < b.key }
        return best.map { ($0.key, $0.value) } ?? (1, 0)
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
    /// `Antal svar;20;;`) have two filled cells too. Lines of at most three
    /// filled cells, all at their start, are passed over as such a block
    /// when what follows reads as a table set apart from them: a blank line,
    /// then a line filled from its first cell with at least two cells more
    /// than any of them. A header of three named columns over rows of more
    /// (`Projekt;Kommun;Kontaktperson;;;`) has no blank line under it, and a
    /// header over a matrix's sub-item line (`Respondent ID;Q1;;;`, then
    /// `;Bra;Dåligt;…`) is not followed by a line filled from its first cell.
    static func headerLine(_ records: [CSVStream.RawRecord]) -> Int? {
        let (width, _) = modeWidth(records)
        let need = min(2, width)
        func filled(_ r: CSVStream.RawRecord) -> Int { r.fields.filter { !$0.isEmpty }.count }
        func keyValue(_ r: CSVStream.RawRecord) -> Bool { filled(r) <= 3 && r.fields.prefix(filled(r)).allSatisfy { !$0.isEmpty } }
        let candidates = records.filter { r in r.fields.count * 2 >= width && filled(r) >= need }
        guard let first = candidates.first else { return records.first { !$0.fields.allSatisfy(\.isEmpty) }?.line }
        let block = candidates.prefix { keyValue($0) }
        if let last = block.last, block.count < candidates.count {
            let table = candidates[block.count]
            let widest = block.map(filled).max() ?? 0
            if table.line > last.line + 1, !table.fields[0].isEmpty, filled(table) >= widest + 2 { return table.line }
        }
        return first.line
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
