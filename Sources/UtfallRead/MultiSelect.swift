import UtfallModel

/// Multi-select questions as one yes/no item per option.
///
/// SurveyMonkey and LimeSurvey already write one column per option (the
/// option label or empty; `Yes` / `No`): `isSelected` reads those cells.
/// Google Forms joins the chosen options in one cell with ", ", and option
/// labels may themselves contain commas, so `split` needs the option list:
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
    /// Options are matched whole, longest first, case-sensitively after
    /// whitespace folding, at ", " boundaries.
    public static func split(_ cell: String, options: [String]) -> (selected: [Bool], unknown: [String]) {
        var selected = [Bool](repeating: false, count: options.count)
        var rest = fold(cell)
        let order = options.indices.sorted { options[$0].count > options[$1].count }
        var unknown: [String] = []
        while !rest.isEmpty {
            var matched = false
            for k in order {
                let o = fold(options[k])
                guard !o.isEmpty, rest.hasPrefix(o) else { continue }
                let after = rest.dropFirst(o.count)
                if after.isEmpty || after.hasPrefix(", ") || after.hasPrefix(",") {
                    selected[k] = true
                    rest = String(after.drop { $0 == "," || $0 == " " })
                    matched = true
                    break
                }
            }
            if !matched {
                // Up to the next ", " is something the option list does not know.
                if let r = rest.range(of: ", ") {
                    unknown.append(String(rest[..<r.lowerBound]))
                    rest = String(rest[r.upperBound...])
                } else {
                    unknown.append(rest)
                    rest = ""
                }
            }
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

    private static func fold(_ s: String) -> String {
        s.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}
