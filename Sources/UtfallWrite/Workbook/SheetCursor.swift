/// Writes a sheet top to bottom, as constant-memory mode requires: each
/// call fills the next row.
final class SheetCursor {
    let sheet: Worksheet
    private(set) var row = 0

    init(_ sheet: Worksheet) { self.sheet = sheet }

    enum Cell {
        case text(String, CellStyle = .plain)
        case number(Double?, CellStyle, suppressed: Bool = false)
        case int(Int?, suppressed: Bool = false)
        /// No value, only the style: the fill of a heading running on.
        case blank(CellStyle)
        case empty
    }

    /// Writes one row of cells and moves down.
    @discardableResult
    func line(_ cells: [Cell]) throws(WorkbookError) -> Int {
        for (col, c) in cells.enumerated() {
            switch c {
            case .text(let s, let style): if !s.isEmpty { try sheet.text(row, col, s, style) }
            case .number(let v, let style, let sup): try sheet.figure(row, col, v, style, suppressed: sup)
            case .int(let v, let sup): try sheet.figure(row, col, v.map(Double.init), .integer, suppressed: sup)
            case .blank(let style): try sheet.blank(row, col, style)
            case .empty: break
            }
        }
        row += 1
        return row - 1
    }

    /// A heading row. Headings of the `numeric` columns are right-aligned
    /// like their numbers: left-aligned, a heading stands over the figures
    /// of the column to its left when that one is wide.
    func header(_ titles: [String], numeric: Set<Int> = []) throws(WorkbookError) -> Int {
        try line(titles.enumerated().map { .text($1, numeric.contains($0) ? .numericHeader : .header) })
    }

    func skip(_ n: Int = 1) { row += n }

    /// A table with a frozen, filtered header: the layout evaluators sort and filter.
    /// `printHeading` repeats the heading on every printed page, for a sheet
    /// that holds only this table (over another table it would name the wrong columns).
    func table(_ titles: [String], numeric: Set<Int> = [], printHeading: Bool = false,
               rows: () throws(WorkbookError) -> Void) throws(WorkbookError) {
        let first = try header(titles, numeric: numeric)
        if first == 0 { sheet.freezeHeader() }
        if printHeading { try sheet.repeatOnPrintedPages(rows: first...first) }
        try rows()
        try sheet.autofilter(firstRow: first, lastRow: row - 1, columns: titles.count)
    }
}
