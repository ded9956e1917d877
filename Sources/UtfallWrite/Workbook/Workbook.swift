import CXlsxWriter
import Foundation

/// Why writing a workbook failed. libxlsxwriter's numeric codes stay inside
/// this module; callers see what happened and what to do.
public enum WorkbookError: Error, CustomStringConvertible, Sendable {
    /// The file could not be created (folder missing, no permission).
    case cannotCreate(path: String)
    /// A call into libxlsxwriter failed while building a sheet.
    case library(call: String, message: String)
    /// `workbook_close()` is the real write; it failed (disk full, permissions).
    case cannotSave(path: String, message: String)
    /// A sheet would pass Excel's 1 048 576 rows or 16 384 columns: the
    /// data, not the disk, is the cause, and rerunning will not help.
    case tooLarge(call: String)

    public var description: String {
        switch self {
        case .cannotCreate(let p): "cannot create the workbook \(p); check that the folder exists and is writable"
        case .library(let c, let m): "libxlsxwriter \(c) failed: \(m)"
        case .cannotSave(let p, let m): "cannot save the workbook \(p): \(m); check free space and permissions"
        case .tooLarge: "the tables do not fit in a workbook sheet (Excel's limit is 1 048 576 rows and 16 384 columns); "
            + "check that course:, project: and breakdowns: name the right columns: a column of ids or free text makes a row per value"
        }
    }
}

/// An `.xlsx` file being written. Owns the libxlsxwriter handle; rows are
/// written top to bottom (constant-memory mode keeps one row per sheet in
/// memory, so a million-row sheet costs no more than a small one).
final class Workbook {
    private var handle: UnsafeMutablePointer<lxw_workbook>?
    let path: String
    private var formats: [CellStyle: Registered] = [:]
    private(set) var sheetNames = SheetNames()
    /// Sheets and charts keep pointers into the workbook; they live as long as it.
    private var sheets: [Worksheet] = []

    init(path: String, constantMemory: Bool = true) throws(WorkbookError) {
        self.path = path
        var options = lxw_workbook_options()
        options.constant_memory = constantMemory ? 1 : 0
        options.use_zip64 = 1
        let tmp = (path as NSString).deletingLastPathComponent
        handle = tmp.withCString { tmpdir in
            options.tmpdir = UnsafeMutablePointer(mutating: tmpdir)
            return workbook_new_opt(path, &options)
        }
        guard handle != nil else { throw .cannotCreate(path: path) }
    }

    /// Document properties. `created` comes from the data, never the clock,
    /// so the same inputs give the same bytes.
    func setProperties(title: String, subject: String, created: Date) throws(WorkbookError) {
        guard let handle else { return }
        let rc: lxw_error = CellText.forWorkbook(title).withCString { t in
            CellText.forWorkbook(subject).withCString { s in
                "utfall".withCString { a in
                    var props = lxw_doc_properties()
                    props.title = UnsafeMutablePointer(mutating: t)
                    props.subject = UnsafeMutablePointer(mutating: s)
                    props.author = UnsafeMutablePointer(mutating: a)
                    props.created = time_t(created.timeIntervalSince1970)
                    return workbook_set_properties(handle, &props)
                }
            }
        }
        try check(rc, "workbook_set_properties")
    }

    /// Adds a sheet; `name` is made legal and unique first. `onePageWide`:
    /// printed scaled to the width of one page, which a table of a few
    /// dozen columns fits; a wider one (planned vs actual, three columns
    /// per measure) would print too small to read, and runs on over pages.
    func addSheet(_ name: String, onePageWide: Bool = true) throws(WorkbookError) -> Worksheet {
        let legal = sheetNames.claim(name)
        guard let handle, let ws = workbook_add_worksheet(handle, legal) else {
            throw .library(call: "workbook_add_worksheet", message: "could not add sheet '\(legal)'")
        }
        // Evaluators print these tables: landscape, A4.
        worksheet_set_landscape(ws)
        worksheet_set_paper(ws, 9)
        if onePageWide { worksheet_fit_to_pages(ws, 1, 0) }
        let sheet = Worksheet(ws, name: legal, workbook: self)
        sheets.append(sheet)
        return sheet
    }

    /// A style as written: its libxlsxwriter format and display width,
    /// worked out once per style rather than once per cell (a large survey
    /// writes close to a million figures).
    struct Registered {
        var format: UnsafeMutablePointer<lxw_format>?
        var displayWidth: Int
    }

    func registered(_ style: CellStyle) throws(WorkbookError) -> Registered {
        // A plain cell needs no format: libxlsxwriter would map an empty one
        // to the workbook's default (index 0) anyway, writing the same XML,
        // but pays for the format on every cell of the large Likert sheets.
        if style == .plain { return Registered(format: nil, displayWidth: style.displayWidth) }
        if let r = formats[style] { return r }
        // NULL is libxlsxwriter out of memory: cells without their number
        // format would show öre as kronor or shares as fractions.
        guard let handle, let f = workbook_add_format(handle) else { throw .library(call: "workbook_add_format", message: "could not add a cell format") }
        style.apply(to: f)
        let r = Registered(format: f, displayWidth: style.displayWidth)
        formats[style] = r
        return r
    }

    func format(_ style: CellStyle) throws(WorkbookError) -> UnsafeMutablePointer<lxw_format>? { try registered(style).format }

    func addChart(_ type: ChartType) throws(WorkbookError) -> Chart {
        guard let handle, let c = workbook_add_chart(handle, type.raw) else {
            throw .library(call: "workbook_add_chart", message: "could not add a chart")
        }
        return Chart(c)
    }

    /// Writes the file. Must be called exactly once; the handle is freed
    /// whether or not it succeeds.
    func close() throws(WorkbookError) {
        guard let h = handle else { return }
        handle = nil
        let (rc, printed) = Self.capturingCStderr { workbook_close(h) }
        if rc != LXW_NO_ERROR {
            // The system's reason ("File too large", "No space left on
            // device") is only in what the library printed.
            let said = printed.split(whereSeparator: \.isNewline)
                .map { $0.replacingOccurrences(of: #"^\[ERROR\](\[[^\]]*\])?:? *"#, with: "", options: .regularExpression) }
            throw .cannotSave(path: path, message: ([String(cString: lxw_strerror(rc))] + said).joined(separator: "; "))
        }
    }

    private static let stderrLock = NSLock()

    /// Runs `body` with C's `stderr` sent to memory. libxlsxwriter prints
    /// its errors there, outside the log: plain lines in a JSON log, and the
    /// one useful detail kept from the error the caller gets. Swift's own
    /// output goes to file descriptor 2 directly and is not captured.
    private static func capturingCStderr<T>(_ body: () -> T) -> (T, String) {
        stderrLock.lock()
        defer { stderrLock.unlock() }
        var buffer: UnsafeMutablePointer<CChar>?
        var size = 0
        guard let memory = open_memstream(&buffer, &size) else { return (body(), "") }
        let saved = utfall_swap_stderr(memory)
        let result = body()
        _ = utfall_swap_stderr(saved)
        fclose(memory)
        defer { free(buffer) }
        return (result, buffer.map { String(cString: $0) } ?? "")
    }

    deinit {
        // An abandoned workbook still has to be freed; its half-written file
        // lives in the run's private folder, which the caller discards.
        if let h = handle { _ = workbook_close(h) }
    }

    func check(_ rc: lxw_error, _ call: String) throws(WorkbookError) {
        if rc == LXW_ERROR_WORKSHEET_INDEX_OUT_OF_RANGE { throw .tooLarge(call: call) }
        if rc != LXW_NO_ERROR { throw .library(call: call, message: String(cString: lxw_strerror(rc))) }
    }
}

/// One sheet. Row and column numbers are 0-based, as libxlsxwriter counts.
final class Worksheet {
    private let ws: UnsafeMutablePointer<lxw_worksheet>
    let name: String
    unowned let workbook: Workbook
    /// Widest text seen per column, for widths that fit; -1 where nothing
    /// counts yet. An array: every cell written looks its column up.
    private var widths: [Int] = []

    init(_ ws: UnsafeMutablePointer<lxw_worksheet>, name: String, workbook: Workbook) {
        self.ws = ws
        self.name = name
        self.workbook = workbook
    }

    /// Writes text as a string cell, always: text from respondents or
    /// project files never becomes a formula, whatever it starts with.
    func text(_ row: Int, _ col: Int, _ value: String, _ style: CellStyle = .plain) throws(WorkbookError) {
        let clean = CellText.forWorkbook(CellText.fitting(value))
        // Footnotes run across the empty cells to their right, and a heading
        // centred across a group of columns is fitted by `spread`: neither
        // widens its column. Wrapped text needs only its longest line.
        if style != .note && style.align != .centerAcross {
            note(col, style.wrap ? clean.split(separator: "\n").map(\.count).max() ?? 0 : clean.count)
        }
        try workbook.check(worksheet_write_string(ws, lxw_row_t(row), lxw_col_t(col), clean, try workbook.format(style)), "worksheet_write_string")
    }

    func number(_ row: Int, _ col: Int, _ value: Double, _ style: CellStyle = .plain) throws(WorkbookError) {
        guard value.isFinite else { return try text(row, col, "", style) }
        let r = try workbook.registered(style.sized(for: value))
        // Ten digits and more are wider than a style's usual width.
        note(col, max(r.displayWidth, style.spaced?.width(of: value) ?? 0))
        try workbook.check(worksheet_write_number(ws, lxw_row_t(row), lxw_col_t(col), value, r.format), "worksheet_write_number")
    }

    /// A number, or the suppression mark `..` when the figure is hidden.
    func figure(_ row: Int, _ col: Int, _ value: Double?, _ style: CellStyle, suppressed: Bool = false) throws(WorkbookError) {
        if let value { try number(row, col, value, style) } else { try text(row, col, suppressed ? CellString.suppressedMark : "", style.aligned(.right)) }
    }

    func blank(_ row: Int, _ col: Int, _ style: CellStyle) throws(WorkbookError) {
        try workbook.check(worksheet_write_blank(ws, lxw_row_t(row), lxw_col_t(col), try workbook.format(style)), "worksheet_write_blank")
    }

    /// Gives a row the height of `lines` lines of text. A spreadsheet need
    /// not fit a row to its wrapped text when it opens the file (LibreOffice
    /// does not), so a heading of two lines says so. Constant-memory mode
    /// takes it before the row's cells.
    func setHeight(_ row: Int, lines: Int) throws(WorkbookError) {
        try workbook.check(worksheet_set_row(ws, lxw_row_t(row), 15 * Double(lines), nil), "worksheet_set_row")
    }

    /// Rows printed at the top of every page: a long table's heading; and
    /// columns printed at the left of every page across: a wide table's keys.
    func repeatOnPrintedPages(rows: ClosedRange<Int>, columns: ClosedRange<Int>? = nil) throws(WorkbookError) {
        try workbook.check(worksheet_repeat_rows(ws, lxw_row_t(rows.lowerBound), lxw_row_t(rows.upperBound)), "worksheet_repeat_rows")
        if let columns {
            try workbook.check(worksheet_repeat_columns(ws, lxw_col_t(columns.lowerBound), lxw_col_t(columns.upperBound)), "worksheet_repeat_columns")
        }
    }

    /// What is printed: the table, not the charts beside it, which scaled
    /// to one page's width with it would shrink its text past reading.
    func printArea(rows: ClosedRange<Int>, columns: ClosedRange<Int>) throws(WorkbookError) {
        try workbook.check(worksheet_print_area(ws, lxw_row_t(rows.lowerBound), lxw_col_t(columns.lowerBound),
                                                lxw_row_t(rows.upperBound), lxw_col_t(columns.upperBound)), "worksheet_print_area")
    }

    /// Frozen heading rows, and key columns kept in view when a wide table
    /// is scrolled sideways.
    func freezeHeader(rows: Int = 1, columns: Int = 0) {
        worksheet_freeze_panes(ws, lxw_row_t(rows), lxw_col_t(columns))
    }

    func autofilter(firstRow: Int, lastRow: Int, columns: Int) throws(WorkbookError) {
        guard columns > 0 else { return }
        try workbook.check(worksheet_autofilter(ws, lxw_row_t(firstRow), 0, lxw_row_t(max(firstRow, lastRow)), lxw_col_t(columns - 1)), "worksheet_autofilter")
    }

    /// Sets every column's width from the widest value written in it.
    func fitColumns(max maxWidth: Int = 60, min minWidth: Int = 6) throws(WorkbookError) {
        fitted = widths.map { $0 >= 0 ? Swift.min(maxWidth, Swift.max(minWidth, $0 + 2)) : -1 }
        for (col, w) in fitted.enumerated() where w >= 0 {
            try workbook.check(worksheet_set_column(ws, lxw_col_t(col), lxw_col_t(col), Double(w), nil), "worksheet_set_column")
        }
    }

    /// Column widths as `fitColumns` set them (characters; -1: the default).
    private var fitted: [Int] = []

    /// A4 landscape between Excel's default margins (0.7 in each side), in pixels at 96 dpi.
    static let printedPageWidth = (11.69 - 1.4) * 96

    /// Vertical page breaks between `groups` of columns, so that no printed
    /// page splits a group (a measure's planned, actual and deviation), the
    /// `repeated` columns printed at the left of every page. Call after
    /// `fitColumns`. A group wider than a page is left to the printer.
    func keepTogetherWhenPrinted(_ groups: [ClosedRange<Int>], repeated: ClosedRange<Int>) throws(WorkbookError) {
        // Excel's pixels for a width of w characters of the default font: 7w + 5.
        func pixels(_ col: Int) -> Double { Double((col < fitted.count && fitted[col] >= 0 ? fitted[col] : 9) * 7 + 5) }
        let key = repeated.map(pixels).reduce(0, +)
        var used = (0..<(groups.first?.lowerBound ?? 0)).map(pixels).reduce(0, +)
        var breaks: [lxw_col_t] = []
        for g in groups {
            let w = g.map(pixels).reduce(0, +)
            if used + w > Self.printedPageWidth, used > key {
                breaks.append(lxw_col_t(g.lowerBound))
                used = key
            }
            used += w
        }
        guard !breaks.isEmpty else { return }
        breaks.append(0)
        try workbook.check(worksheet_set_v_pagebreaks(ws, &breaks), "worksheet_set_v_pagebreaks")
    }

    /// Horizontal page breaks above these rows: a chart starts a page of its own.
    func newPage(beforeRows rows: [Int]) throws(WorkbookError) {
        var breaks = rows.filter { $0 > 0 }.map { lxw_row_t($0) }
        guard !breaks.isEmpty else { return }
        breaks.append(0)
        try workbook.check(worksheet_set_h_pagebreaks(ws, &breaks), "worksheet_set_h_pagebreaks")
    }

    func setWidth(_ col: Int, _ width: Int) {
        growWidths(to: col)
        widths[col] = width
    }

    /// Inserts a chart of `size` pixels with its top left corner in the cell.
    func insert(_ chart: Chart, row: Int, col: Int, size: (width: Double, height: Double)) throws(WorkbookError) {
        var opt = lxw_chart_options()
        opt.x_scale = size.width / Chart.defaultSize.width
        opt.y_scale = size.height / Chart.defaultSize.height
        try workbook.check(worksheet_insert_chart_opt(ws, lxw_row_t(row), lxw_col_t(col), chart.raw, &opt), "worksheet_insert_chart")
    }

    /// Rows of the default height (15 points, 20 pixels) a chart of `height` pixels covers.
    static func rows(covering height: Double) -> Int { Int((height / 20).rounded(.up)) }

    /// Widens `columns` so that together they fit `width` characters: a
    /// heading centred across them.
    func spread(_ width: Int, over columns: ClosedRange<Int>) {
        for col in columns { note(col, (width + columns.count - 1) / columns.count) }
    }

    private func note(_ col: Int, _ width: Int) {
        if col >= widths.count { growWidths(to: col) }
        if width > max(widths[col], 0) { widths[col] = width }
    }

    private func growWidths(to col: Int) {
        if col >= widths.count { widths += repeatElement(-1, count: col + 1 - widths.count) }
    }

    // MARK: Large tables
    //
    // The same cells as `text` and `figure` write, with the per-cell work
    // done once: texts prepared once per distinct text, formats looked up
    // once per style.

    func text(_ row: Int, _ col: Int, _ value: CellString, _ style: inout StyleSlot) throws(WorkbookError) {
        if !style.isNote { note(col, value.width) }
        let format = try style.resolve(in: workbook).format
        try workbook.check(worksheet_write_string(ws, lxw_row_t(row), lxw_col_t(col), value.text, format), "worksheet_write_string")
    }

    /// A number, or `–` (suppressed) or nothing, as `figure` writes it.
    func figure(_ row: Int, _ col: Int, _ value: Double?, _ style: inout FigureStyle, suppressed: Bool) throws(WorkbookError) {
        guard let value else {
            return try text(row, col, suppressed ? CellString.suppressed : CellString.empty, &style.missing)
        }
        guard value.isFinite else { return try text(row, col, CellString.empty, &style.number) }
        if let spaced = style.spaced, !spaced.fitsSized(value) { return try number(row, col, value, style.number.style) }
        let r = try style.number.resolve(in: workbook)
        note(col, r.displayWidth)
        try workbook.check(worksheet_write_number(ws, lxw_row_t(row), lxw_col_t(col), value, r.format), "worksheet_write_number")
    }
}

/// Text as a string cell holds it: cut to what a cell can hold, without the
/// control characters XML forbids, with its width counted. Prepared once per
/// distinct text; the checks walk the whole text, and a large table repeats
/// a few hundred texts on tens of thousands of rows.
struct CellString {
    let text: String
    let width: Int
    /// The text before cleaning was empty: tables leave such cells unwritten.
    let isEmpty: Bool

    init(_ s: String) {
        text = CellText.forWorkbook(CellText.fitting(s))
        width = text.count
        isEmpty = s.isEmpty
    }

    static let empty = CellString("")
    /// Statistics Sweden's mark for a figure not given ("för osäker för att
    /// anges"). Its `–` means zero there, which a hidden small group is not.
    static let suppressedMark = ".."
    static let suppressed = CellString(suppressedMark)
}

/// A style whose libxlsxwriter format is looked up the first time a cell
/// uses it and kept. Formats are registered on first use, as `Worksheet.text`
/// and `number` do, so they are numbered in the same order.
struct StyleSlot {
    let style: CellStyle
    let isNote: Bool
    private var registered: Workbook.Registered?

    init(_ style: CellStyle) {
        self.style = style
        isNote = style == .note
    }

    mutating func resolve(in book: Workbook) throws(WorkbookError) -> Workbook.Registered {
        if let registered { return registered }
        let r = try book.registered(style)
        registered = r
        return r
    }
}

/// A figure's style, and the right-aligned one its `–` or blank takes.
struct FigureStyle {
    var number: StyleSlot
    var missing: StyleSlot
    /// The spaced family of `number`, looked up once: a number it does not
    /// fit (negative, 10^9 or more) takes the slower path that sizes it.
    let spaced: SpacedNumber?

    init(_ style: CellStyle) {
        number = StyleSlot(style)
        missing = StyleSlot(style.aligned(.right))
        spaced = style.spaced
    }
}

enum ChartType {
    case barStackedPercent, column, pie

    var raw: UInt8 {
        switch self {
        case .barStackedPercent: UInt8(LXW_CHART_BAR_STACKED_PERCENT.rawValue)
        case .column: UInt8(LXW_CHART_COLUMN.rawValue)
        case .pie: UInt8(LXW_CHART_PIE.rawValue)
        }
    }
}

/// A native chart whose series refer to cell ranges of a sheet (not an image),
/// so the evaluator's own edits to the table move the chart.
final class Chart {
    let raw: UnsafeMutablePointer<lxw_chart>

    init(_ raw: UnsafeMutablePointer<lxw_chart>) { self.raw = raw }

    /// libxlsxwriter's size of a chart inserted unscaled, in pixels.
    static let defaultSize = (width: 480.0, height: 288.0)

    func title(_ s: String) { chart_title_set_name(raw, CellText.forWorkbook(s)) }

    func legendBottom() { chart_legend_set_position(raw, UInt8(LXW_CHART_LEGEND_BOTTOM.rawValue)) }

    /// Adds a series over `sheet!rows × col` with categories from `catCol`,
    /// the series name taken from a header cell.
    func addSeries(sheet: String, categories: (col: Int, rows: ClosedRange<Int>), values: (col: Int, rows: ClosedRange<Int>),
                   nameCell: (row: Int, col: Int)? = nil, name: String? = nil, color: UInt32? = nil) throws(WorkbookError) {
        // A series silently left out would draw a chart that misses a level.
        guard let s = chart_add_series(raw, nil, nil) else { throw .library(call: "chart_add_series", message: "could not add a chart series") }
        chart_series_set_categories(s, sheet, lxw_row_t(categories.rows.lowerBound), lxw_col_t(categories.col),
                                    lxw_row_t(categories.rows.upperBound), lxw_col_t(categories.col))
        chart_series_set_values(s, sheet, lxw_row_t(values.rows.lowerBound), lxw_col_t(values.col),
                                lxw_row_t(values.rows.upperBound), lxw_col_t(values.col))
        if let nameCell { chart_series_set_name_range(s, sheet, lxw_row_t(nameCell.row), lxw_col_t(nameCell.col)) }
        if let name { chart_series_set_name(s, CellText.forWorkbook(name)) }
        if let color {
            var fill = lxw_chart_fill()
            fill.color = lxw_color_t(color)
            chart_series_set_fill(s, &fill)
        }
    }

    /// Lists the categories of a bar chart top down, in the order of the
    /// table (a bar chart starts at the bottom), with the value axis kept
    /// below the bars.
    func categoriesTopDown() {
        // libxlsxwriter names a bar chart's vertical (category) axis y.
        guard let categories = raw.pointee.y_axis else { return }
        chart_axis_set_reverse(categories)
        chart_axis_set_crossing_max(categories)
    }

    /// The number format of a column chart's value axis: kronor grouped as
    /// in the table (`9 000 000 kr`), not `9000000`.
    func valueAxisFormat(_ format: String) {
        if let a = raw.pointee.y_axis { chart_axis_set_num_format(a, format) }
    }
}

extension ReportWriter {
    /// The libxlsxwriter in use at run time, for the manifest: another
    /// version writes other workbook bytes from the same figures.
    public static var workbookLibraryVersion: String { "libxlsxwriter \(String(cString: lxw_version()))" }
}
