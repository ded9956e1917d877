import Foundation
import UtfallModel

/// Recognises survey platforms from their header rows and turns those rows
/// into columns with a stable id and the full question text.
enum LayoutDetection {
    /// The layout and its number of header rows, from up to three records
    /// starting at the header line.
    static func detect(_ rows: [[String]]) -> (ExportLayout, Int) {
        guard let r0 = rows.first else { return (.plain, 1) }
        if rows.count >= 3, rows[2].contains(where: { $0.contains("ImportId") }) { return (.qualtrics, 3) }
        if isQualtricsLegacy(rows) { return (.qualtrics, 2) }
        let first = fold(r0.first ?? "")
        if googleTimestamps.contains(first) { return (.googleForms, 1) }
        let names = Set(r0.map(fold))
        if names.contains("id"), !names.isDisjoint(with: ["start time", "starttid", "heure de début", "startzeit"]),
           !names.isDisjoint(with: ["completion time", "slutförandetid", "sluttid", "heure de fin", "abschlusszeit"]) {
            return (.microsoftForms, 1)
        }
        if rows.count >= 2, isSurveyMonkey(r0, rows[1]) { return (.surveymonkey, 2) }
        if isLimeSurvey(r0) { return (.limesurvey, 1) }
        if rows.count >= 2, isMatrixHeader(r0, rows[1]) { return (.matrix, 2) }
        return (.plain, 1)
    }

    /// A second header row of a matrix question's statements: under every
    /// blank header cell that follows a question (the matrix's further
    /// columns) and under that question, and blank everywhere else. Read as
    /// one header row, the statements were a rejected data row and the
    /// items had no text of their own (`column_7`).
    static func isMatrixHeader(_ r0: [String], _ r1: [String]) -> Bool {
        func blank(_ s: String) -> Bool { s.allSatisfy(\.isWhitespace) }
        guard r0.count >= 3, r1.count == r0.count, !blank(r0[0]) else { return false }
        var inMatrix = [Bool](repeating: false, count: r0.count)
        var start = 0, spans = 0
        for i in 1..<r0.count {
            if blank(r0[i]) {
                inMatrix[start] = true
                inMatrix[i] = true
                spans += 1
            } else {
                start = i
            }
        }
        return spans > 0 && r0.indices.allSatisfy { blank(r1[$0]) != inMatrix[$0] }
    }

    /// Header rows a layout forced by the user takes.
    static func headerRows(for layout: ExportLayout, _ rows: [[String]]) -> Int {
        if layout == .qualtrics && isQualtricsLegacy(rows) { return 2 }
        return layout.defaultHeaderRows
    }

    static let googleTimestamps: Set<String> = [
        "timestamp", "tidstämpel", "marca temporal", "horodateur", "zeitstempel", "tijdstempel",
        "carimbo de data/hora", "informazioni cronologiche", "tidsstempel", "aikaleima",
    ]

    /// Legacy Qualtrics: `V1, V2, …` over `ResponseID, ResponseSet, …`.
    static func isQualtricsLegacy(_ rows: [[String]]) -> Bool {
        guard let r0 = rows.first, r0.count > 2 else { return false }
        // `V1, V2` alone is also R's default naming; only Qualtrics puts
        // `ResponseID` under it.
        return r0[0] == "V1" && r0[1] == "V2" && rows.count >= 2 && rows[1].first == "ResponseID"
    }

    /// Row 2 says `Response` / `Open-Ended Response` under question texts.
    static func isSurveyMonkey(_ r0: [String], _ r1: [String]) -> Bool {
        let markers: Set<String> = ["response", "open-ended response", "other (please specify)"]
        let hits = r1.filter { markers.contains(fold($0)) }.count
        return hits >= 1 && r0.contains(where: { $0.isEmpty }) || hits >= 2
    }

    /// `code[sub]. text`, `code. text` or the raw `id, submitdate, lastpage` set.
    static func isLimeSurvey(_ r0: [String]) -> Bool {
        let names = Set(r0.map(fold))
        if names.isSuperset(of: ["id", "submitdate", "lastpage", "startlanguage"]) { return true }
        let coded = r0.filter { splitLimeCode($0) != nil || isBracketCode($0) }.count
        return coded >= 2 && coded * 5 >= r0.count
    }

    /// `Q1[SQ001]` with nothing after it.
    static func isBracketCode(_ s: String) -> Bool {
        guard let (code, rest) = scanCode(Substring(s)) else { return false }
        return rest.isEmpty && code.contains("[")
    }

    /// `rse3[SQ001]. Who uses …` → ("rse3[SQ001]", "Who uses …").
    static func splitLimeCode(_ s: String) -> (id: String, text: String)? {
        guard let (code, rest) = scanCode(Substring(s)), rest.hasPrefix(". ") || rest == "." else { return nil }
        let text = rest.dropFirst(1).trimmingCharacters(in: .whitespaces)
        return (String(code), text.isEmpty ? String(code) : text)
    }

    /// An identifier, optionally followed by one `[…]`.
    private static func scanCode(_ s: Substring) -> (Substring, Substring)? {
        var i = s.startIndex
        while i < s.endIndex, s[i].isASCII, s[i].isLetter || s[i].isNumber || s[i] == "_" { i = s.index(after: i) }
        guard i > s.startIndex, s[s.startIndex].isLetter else { return nil }
        if i < s.endIndex, s[i] == "[" {
            guard let close = s[i...].firstIndex(of: "]") else { return nil }
            i = s.index(after: close)
        }
        return (s[..<i], s[i...])
    }

    /// `QID2_1` from Qualtrics' third header row: `{"ImportId":"QID2_1"}`, or
    /// in the 2016 "Insights" export a Python-style `{'ImportId': 'QID2-1'}`,
    /// so this reads the value by pattern rather than as JSON.
    static func importID(_ cell: String) -> String? {
        guard cell.hasPrefix("{"),
              let m = cell.range(of: #"ImportId["']?\s*:\s*["']([^"']+)["']"#, options: .regularExpression) else { return nil }
        let match = cell[m]
        guard let colon = match.firstIndex(of: ":") else { return nil }
        let value = match[match.index(after: colon)...].trimmingCharacters(in: CharacterSet(charactersIn: " \"'"))
        return value.isEmpty ? nil : value
    }

    /// Columns from the header rows.
    static func columns(_ layout: ExportLayout, _ rows: [[String]], headerRows: Int) -> [Column] {
        let r0 = rows.first ?? []
        func cell(_ r: Int, _ i: Int) -> String {
            r < rows.count && r < headerRows && i < rows[r].count ? rows[r][i].trimmingCharacters(in: .whitespacesAndNewlines) : ""
        }
        func fallbackID(_ i: Int) -> String { "column_\(i + 1)" }
        var out: [Column] = []
        switch layout {
        case .qualtrics where headerRows >= 2:
            for i in r0.indices {
                let id = cell(0, i), text = cell(1, i)
                out.append(Column(index: i, id: id.isEmpty ? fallbackID(i) : id, text: text.isEmpty ? id : text,
                                  importId: headerRows >= 3 ? importID(cell(2, i)) : nil))
            }
        case .surveymonkey where headerRows >= 2, .matrix where headerRows >= 2:
            // Question text stands over the first column of its group only.
            var groups: [(question: String, start: Int)] = []
            for i in r0.indices where i == 0 || !cell(0, i).isEmpty { groups.append((cell(0, i), i)) }
            for (g, group) in groups.enumerated() {
                let end = g + 1 < groups.count ? groups[g + 1].start : r0.count
                for i in group.start..<end {
                    let sub = cell(1, i)
                    let generic = sub.isEmpty || ["response", "open-ended response"].contains(fold(sub))
                    let text = generic ? group.question : group.question.isEmpty ? sub : "\(group.question) – \(sub)"
                    // Metadata columns (`RespondentID`, `StartDate`) keep their own name as id.
                    let single = end - group.start == 1
                    let id = single && sub.isEmpty && !group.question.isEmpty && !group.question.contains(where: \.isWhitespace)
                        ? group.question : single ? "Q\(g + 1)" : "Q\(g + 1)_\(i - group.start + 1)"
                    out.append(Column(index: i, id: id, text: text))
                }
            }
        case .limesurvey:
            for i in r0.indices {
                let h = cell(0, i)
                if let (id, text) = splitLimeCode(h) {
                    out.append(Column(index: i, id: id, text: text))
                } else {
                    out.append(Column(index: i, id: h.isEmpty ? fallbackID(i) : h, text: h))
                }
            }
        default:
            for i in r0.indices {
                let h = cell(0, i)
                out.append(Column(index: i, id: h.isEmpty ? fallbackID(i) : h, text: h))
            }
        }
        return out
    }

    /// Lowercased, trimmed, inner whitespace folded: for matching markers.
    static func fold(_ s: String) -> String { TextKey.normalize(s) }
}
