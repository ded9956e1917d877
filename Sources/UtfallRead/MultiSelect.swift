import Foundation
import UtfallModel

/// Multi-select questions as one yes/no item per option.
///
/// SurveyMonkey and LimeSurvey already write one column per option (the
/// option label or empty; `Yes` / `No`): `isSelected` reads those cells.
/// Google Forms joins the chosen options in one cell with ", ", Microsoft
/// Forms with ";" (`Modul A;Modul C;`), and option labels may themselves
/// contain commas, so `split` needs the option list:
///
/// ```swift
/// let options = ["Modul A", "Modul B, fördjupning", "Modul C"]
/// let (chosen, unknown) = MultiSelect.split("Modul B, fördjupning, Modul C", options: options)
/// // chosen == [false, true, true], unknown == []
/// let items = MultiSelect.optionColumns(for: column, options: options)
/// ```
public enum MultiSelect {
    /// Which of `options` the cell holds, and any text left over that
    /// matches none (an "Other" answer, or an option the list lacks).
    /// Options are matched whole, longest first, ignoring case and runs of
    /// whitespace, at ",", ", " or ";" boundaries. Unknown text runs up to
    /// the next comma or semicolon that a known option follows, else up to
    /// the next ", " or ";".
    public static func split(_ cell: String, options: [String]) -> (selected: [Bool], unknown: [String]) {
        var selected = [Bool](repeating: false, count: options.count)
        var rest = Substring(fold(cell))
        let folded = options.map(fold)
        let order = options.indices.sorted { options[$0].count > options[$1].count }
        var unknown: [String] = []
        // The option that `text` starts with, as a whole answer.
        func known(_ text: Substring) -> (option: Int, after: Substring)? {
            for k in order {
                let o = folded[k]
                guard !o.isEmpty, let end = text.index(text.startIndex, offsetBy: o.count, limitedBy: text.endIndex),
                      text[..<end].compare(o, options: .caseInsensitive) == .orderedSame else { continue }
                let after = text[end...].drop { $0 == " " }
                if after.isEmpty || after.first.map(isJoiner) == true { return (k, after) }
            }
            return nil
        }
        // Once no comma ahead is followed by a known option, none will be:
        // the rest is cut at ", " without looking again (a long pasted
        // answer would otherwise cost a look at every comma per piece).
        var knownAhead = true
        while !rest.isEmpty {
            rest = rest.drop { isJoiner($0) || $0 == " " }
            if rest.isEmpty { break }
            if let (k, after) = known(rest) {
                selected[k] = true
                rest = after.drop { isJoiner($0) || $0 == " " }
                continue
            }
            var cut: (end: Substring.Index, next: Substring.Index)?
            var i = knownAhead ? rest.firstIndex(where: isJoiner) : nil
            while let c = i, cut == nil {
                let next = rest[rest.index(after: c)...].drop { $0 == " " }
                if known(next) != nil { cut = (c, next.startIndex) }
                i = rest[rest.index(after: c)...].firstIndex(where: isJoiner)
            }
            if cut == nil {
                knownAhead = false
                let comma = rest.range(of: ", "), semicolon = rest.firstIndex(of: ";").map { $0..<rest.index(after: $0) }
                if let r = [comma, semicolon].compactMap({ $0 }).min(by: { $0.lowerBound < $1.lowerBound }) { cut = (r.lowerBound, r.upperBound) }
            }
            let piece = (cut.map { rest[..<$0.end] } ?? rest).trimmingCharacters(in: .whitespaces)
            if !piece.isEmpty && !(piece.count == 1 && piece.first.map(isJoiner) == true) { unknown.append(piece) }
            rest = cut.map { rest[$0.next...] } ?? ""
        }
        return (selected, unknown)
    }

    /// Whether a one-column-per-option cell says the option was chosen:
    /// the option label itself, `Yes`/`Ja`/`1`/`x`; not empty, `No`, `Nej`, `0`.
    public static func isSelected(_ cell: String) -> Bool {
        let v = ValueParser.trim(cell).lowercased()
        return !["", "no", "nej", "0", "false", "falskt", "-", "not selected"].contains(v)
    }

    /// One column per option of a joined multi-select column: id
    /// `id[k]` (1-based), text "question – option". `index` stays the
    /// source column's, since the values come from that cell.
    public static func optionColumns(for column: Column, options: [String]) -> [Column] {
        options.enumerated().map { k, o in
            Column(index: column.index, id: "\(column.id)[\(k + 1)]", text: "\(column.text) – \(o)")
        }
    }

    private static func isJoiner(_ c: Character) -> Bool { c == "," || c == ";" }

    private static func fold(_ s: String) -> String {
        s.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}
