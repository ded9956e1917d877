import Foundation
import UtfallAnalyze

/// Planned vs actual per project, laid out like Tabell 1 of an ESF cluster
/// evaluation (one row per project, planned and actual side by side, a
/// totals row), and the reconciliation findings.
struct FollowUpSheets {
    let workbook: ReportWorkbook
    var label: Labels { workbook.label }

    func keyFigures(_ r: FollowUpReport, _ c: SheetCursor) throws(WorkbookError) {
        try c.line([.text(label(.projects)), .int(r.projects.count)])
        if !r.reconciliation.isEmpty { try c.line([.text(label(.mismatches)), .int(r.mismatches.count)]) }
    }

    func style(_ unit: FollowUpRow.Unit) -> CellStyle {
        switch unit {
        case .money: .kronor
        case .count: .integer
        case .hours: .integer
        case .share: workbook.percent
        case .hoursPerParticipant: .decimal1
        }
    }

    func write(_ r: FollowUpReport) throws(WorkbookError) {
        try table(r)
        // Portfolio counts compared with printed ones share the findings sheet.
        let all = r.reconciliation + (workbook.bundle.portfolio?.reconciliation ?? [])
        if !all.isEmpty { try reconciliationSheet(all) }
    }

    private struct Column: Hashable { var measure: String; var gender: String }

    private func table(_ r: FollowUpReport) throws(WorkbookError) {
        let sheet = try workbook.book.addSheet(label(.followUp), onePageWide: false)
        let c = SheetCursor(sheet)
        var columns: [Column] = []
        var units: [Column: FollowUpRow.Unit] = [:]
        var byKey: [String: [Column: FollowUpRow]] = [:]
        for row in r.rows {
            let col = Column(measure: row.measure, gender: row.gender)
            if units[col] == nil { columns.append(col); units[col] = row.unit }
            byKey[row.scope == .all ? "\u{0}all" : row.project, default: [:]][col] = row
        }
        // Two header rows: the measure, centred over its three columns, then
        // planned/actual/deviation under it, right-aligned like the figures.
        var top: [SheetCursor.Cell] = [.text(label(.project), .header), .text(label(.name), .header), .text(label(.owner), .header),
                                       .text(label(.start), .header), .text(label(.end), .header)]
        var sub: [SheetCursor.Cell] = Array(repeating: .blank(.header), count: 5)
        // Not wrapped: a wrapped heading would break at its first column's width.
        var across = CellStyle.header.aligned(.centerAcross)
        across.wrap = false
        let groupTitles = columns.map { label.measure($0.measure) + ($0.gender == "all" ? "" : " – " + label.followUpGroup($0.gender)) }
        for (col, title) in zip(columns, groupTitles) {
            top += [.text(title, across), .blank(across), .blank(across)]
            // A share's deviation is a difference of percentages: percentage
            // points, which "9 %" would pass off as a relative change.
            let deviation = units[col] == .share ? label(.deviationPoints) : label(.deviation)
            sub += [.text(label(.planned), .numericHeader), .text(label(.actual), .numericHeader), .text(deviation, .numericHeader)]
        }
        try c.line(top)
        for (i, title) in groupTitles.enumerated() { sheet.spread(title.count, over: (5 + 3 * i)...(7 + 3 * i)) }
        if units.values.contains(.share) { try sheet.setHeight(c.row, lines: 2) }
        try c.line(sub)
        // The project's key stays at the left, on screen and on every printed page.
        sheet.freezeHeader(rows: 2, columns: 1)
        try sheet.repeatOnPrintedPages(rows: 0...1, columns: 0...0)
        let firstDataRow = c.row
        for p in r.projects {
            var cells: [SheetCursor.Cell] = [.text(p.project), .text(p.name ?? ""), .text(p.owner ?? ""),
                                             .text(p.start?.iso ?? ""), .text(p.end?.iso ?? "")]
            for col in columns { cells += figures(byKey[p.project]?[col], units[col]!) }
            try c.line(cells)
        }
        let lastProjectRow = c.row - 1
        // Constant-memory mode only accepts ranges ending on the current row.
        try sheet.autofilter(firstRow: 1, lastRow: lastProjectRow, columns: 5 + columns.count * 3)
        var total: [SheetCursor.Cell] = [.text(label(.all), .title), .empty, .empty, .empty, .empty]
        for col in columns { total += figures(byKey["\u{0}all"]?[col], units[col]!) }
        try c.line(total)
        sheet.setWidth(1, 30)
        try sheet.fitColumns(max: 40)
        // A printed page ends between measures, not inside one: a
        // deviation printed under no measure's heading could not be read.
        try sheet.keepTogetherWhenPrinted(columns.indices.map { (5 + 3 * $0)...(7 + 3 * $0) }, repeated: 0...0)

        guard lastProjectRow >= firstDataRow else { return }
        let rows = firstDataRow...lastProjectRow
        // Charts stand one under the other at the left, where the first
        // printed page has room for them: the table runs on over pages
        // across, and a chart beside another would be cut by a page edge.
        var chartRow = c.row + 2
        var chartRows: [Int] = []
        // Clustered columns: planned and actual total cost per project.
        if let i = columns.firstIndex(of: Column(measure: "total_cost", gender: "all")) ?? columns.firstIndex(where: { units[$0] == .money }) {
            let chart = try workbook.book.addChart(.column)
            chart.title("\(label(.chartPlannedActual)): \(label.measure(columns[i].measure))")
            chart.legendBottom()
            chart.valueAxisFormat(SpacedNumber.kronor.sized)
            let col = 5 + i * 3
            try chart.addSeries(sheet: sheet.name, categories: (0, rows), values: (col, rows), name: label(.planned), color: 0xA6A6A6)
            try chart.addSeries(sheet: sheet.name, categories: (0, rows), values: (col + 1, rows), name: label(.actual), color: 0x0571B0)
            try sheet.insert(chart, row: chartRow, col: 1, size: (672, 374))
            chartRows.append(chartRow)
            chartRow += 374 / 20 + 2
        }
        // Women's and men's shares of actual participants per project.
        if let w = columns.firstIndex(of: Column(measure: "participant_share", gender: "women")),
           let m = columns.firstIndex(of: Column(measure: "participant_share", gender: "men")) {
            let chart = try workbook.book.addChart(.barStackedPercent)
            chart.title(label(.chartGender))
            chart.legendBottom()
            chart.categoriesTopDown()
            try chart.addSeries(sheet: sheet.name, categories: (0, rows), values: (5 + w * 3 + 1, rows), name: label(.women), color: 0xE46C0A)
            try chart.addSeries(sheet: sheet.name, categories: (0, rows), values: (5 + m * 3 + 1, rows), name: label(.men), color: 0x31859C)
            try sheet.insert(chart, row: chartRow, col: 1, size: (672, max(374, ReportWorkbook.chartHeight(categories: rows.count))))
            chartRows.append(chartRow)
        }
        // Each chart starts a printed page (a page edge cut the second one),
        // in column B: column A is printed on every page across, and a
        // chart anchored there left a piece of itself on each.
        try sheet.newPage(beforeRows: chartRows)
    }

    private func figures(_ row: FollowUpRow?, _ unit: FollowUpRow.Unit) -> [SheetCursor.Cell] {
        // Cost per participant is a quotient, to the öre like the CSV: shown
        // in whole kronor, 500.50 (from 500.4975) would read as 501.
        let s = row?.measure == "cost_per_participant" ? .kronorOre : style(unit)
        let deviation: SheetCursor.Cell = unit == .share
            ? .number(row?.deviation.map { $0.double * 100 }, points(decimals: workbook.bundle.meta.percentDecimals))
            : .number(row?.deviation?.double, s)
        return [.number(row?.planned?.double, s), .number(row?.actual?.double, s), deviation]
    }

    /// A difference of two percentages, written in percentage points
    /// (0.0883 as 8.83): `9 p.e.`, never `9 %`.
    func points(decimals: Int) -> CellStyle {
        let d = decimals > 0 ? "." + String(repeating: "0", count: decimals) : ""
        return CellStyle(numberFormat: "0\(d)\"\(label.pointsSuffix)\"")
    }

    static func isWhole(_ d: Decimal, decimals: Int = 0) -> Bool {
        var v = d, r = Decimal()
        NSDecimalRound(&r, &v, decimals, .plain)
        return r == d
    }

    /// How a reconciliation row's figures are shown, and what the difference
    /// is multiplied by. Money in kronor, percentages as percent with the
    /// printed decimals (`71 %`, not `71.0 %`); a computed figure with öre,
    /// tenths or a finer percentage is shown with them, and so is its
    /// difference. A difference of percentages is in percentage points.
    func styles(_ x: ReconciliationRow, units: [String: FollowUpRow.Unit]) -> (reported: CellStyle, computed: CellStyle, difference: CellStyle, scale: Double) {
        if x.isPercent {
            let printed = max(0, x.decimals - 2)
            let shown = Self.isWhole(x.computed, decimals: printed + 2) ? printed : printed + 1
            return (.percent(decimals: printed), .percent(decimals: shown), points(decimals: shown), 100)
        }
        let whole = x.decimals <= 0 && Self.isWhole(x.computed) && Self.isWhole(x.reported)
        // Portfolio counts (no basis) are not follow-up measures, whatever their dimension is called.
        let money = x.basis != nil && units[x.measure] == .money
        if money || whole {
            let s: CellStyle = money ? (whole ? .kronor : .kronorOre) : .integer
            return (s, s, s, 1)
        }
        // Hours and other figures as printed (`11,8`, not `11.80`), the
        // computed one and the difference one place finer when they need it.
        func places(_ d: Int) -> CellStyle { d <= 0 ? .integer : CellStyle(numberFormat: "0." + String(repeating: "0", count: d)) }
        let printed = max(0, x.decimals)
        let shown = Self.isWhole(x.computed, decimals: printed) ? printed : printed + 1
        return (places(printed), places(shown), places(shown), 1)
    }

    /// `groupHeading`: what the group column holds, a gender for the
    /// follow-up, a dimension's value for a portfolio's printed counts.
    func reconciliationSheet(_ rows: [ReconciliationRow], groupHeading: Labels.Key = .gender) throws(WorkbookError) {
        let sheet = try workbook.book.addSheet(label(.reconciliation))
        let c = SheetCursor(sheet)
        let bad = CellStyle(bold: true, fontColor: 0xC00000)
        var units: [String: FollowUpRow.Unit] = [:]
        for r in workbook.bundle.followUp?.rows ?? [] where units[r.measure] == nil { units[r.measure] = r.unit }
        // The basis tells a planned figure from an actual one of the same measure.
        try c.table([label(.source), label(.project), label(.measure), label(groupHeading), label(.basis), label(.reported), label(.computed),
                     label(.difference), label(.status)], numeric: [5, 6, 7], printHeading: true) { () throws(WorkbookError) in
            // Mismatches first: they are why an evaluator opens this sheet.
            for x in rows.filter({ $0.status == .mismatch }) + rows.filter({ $0.status == .ok }) {
                let st = styles(x, units: units)
                // A portfolio's printed count names its dimension and value as the pipeline does.
                let followUp = x.basis != nil
                let measure = followUp ? label.measure(x.measure) : workbook.bundle.portfolio?.title(of: x.measure) ?? x.measure
                try c.line([.text(label.source(x)), .text(x.project == "all" ? label(.all) : x.project), .text(measure),
                            .text(followUp ? label.followUpGroup(x.gender) : x.gender),
                            .text(x.basis.map { label($0 == .planned ? .planned : .actual) } ?? ""),
                            .number(x.reported.nearestDouble, st.reported),
                            .number(x.computed.nearestDouble, st.computed),
                            .number(x.difference.nearestDouble * st.scale, st.difference),
                            .text(label.status(x.status), x.status == .mismatch ? bad : .plain)])
            }
        }
        try sheet.fitColumns(max: 50)
    }
}
