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
            case .empty: break
            }
        }
        row += 1
        return row - 1
    }

    func header(_ titles: [String]) throws(WorkbookError) -> Int {
        try line(titles.map { .text($0, .header) })
    }

    func skip(_ n: Int = 1) { row += n }

    /// A table with a frozen, filtered header: the layout evaluators sort and filter.
    func table(_ titles: [String], rows: () throws(WorkbookError) -> Void) throws(WorkbookError) {
        let first = try header(titles)
        if first == 0 { sheet.freezeHeader() }
        try rows()
        try sheet.autofilter(firstRow: first, lastRow: row - 1, columns: titles.count)
    }
}
