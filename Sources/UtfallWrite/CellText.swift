/// Keeps text from respondents and project files inert in spreadsheets.
///
/// OWASP's CSV-injection guidance: a cell starting with `=`, `+`, `-`, `@`,
/// TAB or CR may be evaluated as a formula by Excel or LibreOffice when a CSV
/// is opened. In CSV outputs such text gets a leading `'`; in workbooks it is
/// written as a string cell, which is never evaluated, and kept as it was.
public enum CellText {
    static let triggers: Set<Character> = ["=", "+", "-", "@", "\t", "\r", "\r\n"]

    /// True when a spreadsheet program could read `s` as a formula.
    public static func isFormulaLike(_ s: String) -> Bool {
        guard let first = s.first else { return false }
        return triggers.contains(first) || first == "\u{FF1D}" // full-width '=' is read as '=' by some Excel versions
    }

    /// Text for a CSV field: control characters other than TAB, LF and CR
    /// dropped (many tools end a field at a NUL, and Excel shows a vertical
    /// tab as a box), then prefixed with `'` when formula-like.
    public static func forCSV(_ s: String) -> String {
        let t = keeping(s) { $0.value >= 0x20 || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        return isFormulaLike(t) ? "'" + t : t
    }

    /// `s` with only the scalars `allowed` takes; `s` itself when that is all of them.
    private static func keeping(_ s: String, _ allowed: (Unicode.Scalar) -> Bool) -> String {
        guard !s.unicodeScalars.allSatisfy(allowed) else { return s }
        return String(String.UnicodeScalarView(s.unicodeScalars.filter(allowed)))
    }

    /// Excel's limit for one cell's text.
    public static let maxCellCharacters = 32_767

    /// `s`, cut to what one cell can hold (with a mark that it was cut): a
    /// pasted essay in a free-text answer must not make the workbook unwritable.
    public static func fitting(_ s: String) -> String {
        guard s.utf16.count > maxCellCharacters else { return s }
        let mark = " […]"
        return prefix(s, utf16Units: maxCellCharacters - mark.utf16.count) + mark
    }

    /// The longest start of `s` of at most `units` UTF-16 units (the way
    /// Excel counts), whole characters only.
    static func prefix(_ s: String, utf16Units units: Int) -> String {
        var out = "", used = 0
        for ch in s {
            let n = ch.utf16.count
            if used + n > units { break }
            out.append(ch)
            used += n
        }
        return out
    }

    /// Text for anything written into the workbook's XML: cells, sheet and
    /// chart titles, series names, document properties. Control characters
    /// other than TAB, LF and CR, and the non-characters U+FFFE and U+FFFF,
    /// are not allowed in XML 1.0; they are dropped rather than making the
    /// workbook unreadable.
    public static func forWorkbook(_ s: String) -> String {
        keeping(s) { $0.value >= 0x20 ? $0.value != 0xFFFE && $0.value != 0xFFFF : $0 == "\t" || $0 == "\n" || $0 == "\r" }
    }
}
