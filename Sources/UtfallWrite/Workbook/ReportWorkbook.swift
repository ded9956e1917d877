import Foundation
import UtfallAnalyze
import UtfallModel

/// Lays out a pipeline's results as the evaluator's workbook: overview, one
/// sheet per report, data quality, About. Sheets are written top to bottom
/// in constant-memory mode, so size does not grow memory.
struct ReportWorkbook {
    let bundle: ReportBundle
    let label: Labels
    let book: Workbook

    init(bundle: ReportBundle, book: Workbook) {
        self.bundle = bundle
        self.book = book
        label = Labels(language: bundle.meta.language)
    }

    var percent: CellStyle { .percent(decimals: bundle.meta.percentDecimals) }

    func write() throws(WorkbookError) {
        // Midnight UTC of the data date, or a fixed day: never the clock.
        // Not before 1980-01-01, the zip format's first day: libxlsxwriter
        // takes a time of 0 (`data_date: 1970-01-01`) to mean "now", and
        // the same inputs would give other bytes every night.
        let zipEpoch = 315_532_800.0
        let created = Date(timeIntervalSince1970: max(zipEpoch, bundle.meta.dataDate.map { Double($0.daysSinceEpoch) * 86_400 } ?? zipEpoch))
        try book.setProperties(title: bundle.meta.title, subject: bundle.meta.description, created: created)
        // The overview comes first but is written last: it says which
        // charts the other sheets left out.
        let overviewSheet = try book.addSheet(label(.overview))
        var gaps: [ChartGaps] = []
        if let s = bundle.survey {
            gaps = try likertSheets(s)
            if !s.responseRates.isEmpty { try responseRates(s) }
            if !s.indicators.isEmpty { try indicators(s) }
        }
        if let f = bundle.followUp { try FollowUpSheets(workbook: self).write(f) }
        if let p = bundle.portfolio { try PortfolioSheets(workbook: self).write(p) }
        try quality()
        try about()
        try overview(overviewSheet, chartGaps: gaps)
    }

    /// Scopes of a Likert sheet that got no chart, and why.
    struct ChartGaps {
        var sheet: String
        var scopes: Int
        /// Every figure of the scope is suppressed: its chart would be an empty grid.
        var suppressed: Int
        /// Past `maxChartsPerSheet`.
        var overCap: Int
    }

    func suppressionNote(_ c: SheetCursor) throws(WorkbookError) {
        c.skip()
        try c.line([.text(String(format: label(.suppressedNote), bundle.meta.minCellSize), .note)])
    }

    // MARK: Overview

    private func overview(_ sheet: Worksheet, chartGaps: [ChartGaps]) throws(WorkbookError) {
        let c = SheetCursor(sheet)
        try c.line([.text(bundle.meta.title, CellStyle(bold: true))])
        if !bundle.meta.description.isEmpty { try c.line([.text(bundle.meta.description, .plain)]) }
        c.skip()
        try c.line([.text(label(.dataDate), .title), .text(bundle.meta.dataDate?.iso ?? label(.noDataDate))])
        try c.line([.text(label(.pipelineName), .title), .text(bundle.meta.name)])
        try c.line([.text(label(.minCellSize), .title), .int(bundle.meta.minCellSize)])
        c.skip()
        try c.line([.text(label(.keyFigures), CellStyle(bold: true))])
        let inputs = bundle.quality.inputs
        if let s = bundle.survey {
            try c.line([.text(label(.respondents)), .int(s.respondentsAccepted)])
            if !s.unknownLabels.isEmpty { try c.line([.text(label(.unknownLabels)), .int(s.unknownLabels.map(\.count).reduce(0, +))]) }
            // A suppressed rate reads `..`, like a suppressed indicator: left
            // out, the line looked as if the survey had no rate at all.
            if let all = s.responseRates.first(where: { $0.cell.scope == .all }), all.rate != nil || all.suppressed {
                try c.line([.text(label(.rate)), .number(all.rate, percent, suppressed: all.suppressed)])
            }
            for ind in s.indicators where ind.cell.scope == .all && ind.cell.breakdown == "all" {
                try c.line([.text(ind.label), .number(ind.share, percent, suppressed: ind.suppressed)])
            }
        }
        if let f = bundle.followUp { try FollowUpSheets(workbook: self).keyFigures(f, c) }
        if let p = bundle.portfolio { try PortfolioSheets(workbook: self).keyFigures(p, c) }
        for g in chartGaps {
            if g.overCap > 0 { try c.line([.text(label.chartsOverCap(g), .note)]) }
            if g.suppressed > 0 { try c.line([.text(label.chartsSuppressed(g), .note)]) }
        }
        c.skip()
        // Rows per input, each its own sum: the enrollment's rows are not
        // answers, so one total of rows read would not add up with the respondents.
        try c.line([.text(label(.inputs), CellStyle(bold: true))])
        _ = try c.header([label(.role), label(.file), label(.rowsRead), label(.accepted), label(.rejected)], numeric: [2, 3, 4])
        for i in inputs {
            try c.line([.text(label.role(i.role)), .text((i.path as NSString).lastPathComponent), .int(i.read), .int(i.accepted), .int(i.rejected)])
        }
        // Column A is kept narrow for the title and description, which may
        // run over; but a key figure's label must be read whole, and an
        // indicator's ("AMIF programindikator 4: kunskaper inom min …") is long.
        let labels = bundle.survey?.indicators.filter { $0.cell.scope == .all && $0.cell.breakdown == "all" }.map(\.label.count) ?? []
        sheet.setWidth(0, min(70, max(34, labels.max() ?? 0)))
        sheet.setWidth(1, 24)
        try sheet.fitColumns(max: 80)
    }

    // MARK: Likert

    /// Items that share a scale length and level labels go in one table (and
    /// one sheet), so the level columns mean the same thing on every row.
    struct ItemSet {
        var levels: [String]
        /// Positions in `LikertFigures.items`, with their texts.
        var items: [(index: Int, text: String)] = []
        /// The levels of a reverse-coded item: the scale's labels backwards.
        var reversed = false
    }

    /// Item ids are unique (the pipeline builder rejects duplicates it can
    /// see; ids taken from a pattern's capture groups are checked when the
    /// header is read), so each item is one table row per cell.
    static func itemSets(_ f: LikertFigures) -> [ItemSet] {
        // Items without published rows (no cells, or a scale without levels) get no table.
        guard !f.cells.isEmpty else { return [] }
        var sets: [ItemSet] = []
        for (index, item) in f.items.enumerated() where item.levels > 0 {
            let l = item.levelLabels
            // A reverse-coded item lists its labels the other way round (level 1
            // is the unfavourable "Stämmer mycket väl"), so it gets a table of its
            // own: every column header must name the answer whose share it holds.
            // The note comes from the item itself: told from the order of the
            // sets, it went to the plain items when a reversed one came first.
            if let i = sets.firstIndex(where: { $0.levels == l && $0.reversed == item.reversed }) {
                sets[i].items.append((index, item.text))
            } else {
                sets.append(ItemSet(levels: l, items: [(index, item.text)], reversed: item.reversed))
            }
        }
        return sets
    }

    /// Diverging colours from most negative (red) through grey to most
    /// positive (blue), the same for every chart of the workbook.
    static func divergingColors(_ k: Int) -> [UInt32] {
        switch k {
        case 2: return [0xCA0020, 0x0571B0]
        case 3: return [0xCA0020, 0xBFBFBF, 0x0571B0]
        case 4: return [0xCA0020, 0xF4A582, 0x92C5DE, 0x0571B0]
        case 5: return [0xCA0020, 0xF4A582, 0xBFBFBF, 0x92C5DE, 0x0571B0]
        case 6: return [0xB2182B, 0xEF8A62, 0xFDDBC7, 0xD1E5F0, 0x67A9CF, 0x2166AC]
        case 7: return [0xB2182B, 0xEF8A62, 0xFDDBC7, 0xBFBFBF, 0xD1E5F0, 0x67A9CF, 0x2166AC]
        default:
            let neg: (Double, Double, Double) = (0xCA, 0x00, 0x20), pos: (Double, Double, Double) = (0x05, 0x71, 0xB0)
            return (0..<k).map { i in
                let t = k == 1 ? 1 : Double(i) / Double(k - 1)
                let r = UInt32(neg.0 + (pos.0 - neg.0) * t), g = UInt32(neg.1 + (pos.1 - neg.1) * t), b = UInt32(neg.2 + (pos.2 - neg.2) * t)
                return r << 16 | g << 8 | b
            }
        }
    }

    /// Charts on one Likert sheet at most: a survey of hundreds of courses
    /// stays openable, and the table holds every scope.
    static let maxChartsPerSheet = 60

    /// The height in pixels of a bar chart of `categories` bars: the
    /// default 403 up to seven, then 36 more per bar, so that every
    /// statement keeps its label (two lines of a long one) beside its bar.
    static func chartHeight(categories: Int) -> Double {
        max(403, 150 + 36 * Double(categories))
    }

    private func likertSheets(_ r: SurveyResults) throws(WorkbookError) -> [ChartGaps] {
        let f = r.likert
        let sets = Self.itemSets(f)
        // Scope, project, course and group of each cell, prepared once for all its rows.
        let qualified = Self.severalBreakdowns(f.cells)
        let cellTexts = f.cells.map { cell in
            [CellString(label.scope(cell.scope.rawValue)), CellString(cell.project), CellString(cell.course),
             CellString(label.group(cell.breakdown, cell.group, qualified: qualified, titles: r.breakdownTitles))]
        }
        // The styles of a table row, resolved on first use (see StyleSlot).
        var plain = StyleSlot(.plain)
        var integer = FigureStyle(.integer), share = FigureStyle(percent)
        var decimal2 = FigureStyle(.decimal2), decimal1 = FigureStyle(.decimal1)
        var gaps: [ChartGaps] = []

        for (si, set) in sets.enumerated() {
            let name = sets.count == 1 ? label(.likert) : "\(label(.likert)) \(si + 1) (\(set.levels.first ?? "")…)"
            let sheet = try book.addSheet(name)
            let c = SheetCursor(sheet)
            let k = set.levels.count
            let titles = [label(.scope), label(.project), label(.course), label(.group), label(.item), label(.n)]
                + set.levels + [label(.nonSubstantive), label(.blank), label(.mean), label(.median), label.topBox(set.items.first.map { f.items[$0.index].boxWidth } ?? 2),
                   label(.ciLow), label(.ciHigh)]
            let firstLevelCol = 6
            let itemTexts = set.items.map { CellString(set.reversed ? "\($0.text) \(label(.reversedNote))" : $0.text) }
            // Rows of the whole-survey, per-project and per-course tables
            // (breakdown "all"), for the charts.
            var chartBlocks: [(title: String, rows: ClosedRange<Int>, suppressed: Bool)] = []
            try c.table(titles, numeric: Set(5..<titles.count), printHeading: true) { () throws(WorkbookError) in
                for (ci, cell) in f.cells.enumerated() {
                    let blockStart = c.row
                    var allSuppressed = true
                    for (ii, item) in set.items.enumerated() {
                        let i = item.index, row = c.row
                        let s = f.summary(item: i, cell: ci)
                        let sup = s.suppressed
                        allSuppressed = allSuppressed && sup
                        for (col, t) in cellTexts[ci].enumerated() where !t.isEmpty { try sheet.text(row, col, t, &plain) }
                        if !itemTexts[ii].isEmpty { try sheet.text(row, 4, itemTexts[ii], &plain) }
                        try sheet.figure(row, 5, s.n.map(Double.init), &integer, suppressed: sup)
                        let levels = f.levels(item: i)
                        for l in 1...max(k, 1) {
                            try sheet.figure(row, firstLevelCol + l - 1, l <= levels ? f.share(item: i, cell: ci, level: l) : nil,
                                             &share, suppressed: sup)
                        }
                        let after = firstLevelCol + max(k, 1)
                        try sheet.figure(row, after, s.nonSubstantive.map(Double.init), &integer, suppressed: sup)
                        try sheet.figure(row, after + 1, s.blank.map(Double.init), &integer, suppressed: sup)
                        try sheet.figure(row, after + 2, s.mean, &decimal2, suppressed: sup)
                        try sheet.figure(row, after + 3, s.median, &decimal1, suppressed: sup)
                        try sheet.figure(row, after + 4, s.top2, &share, suppressed: sup)
                        try sheet.figure(row, after + 5, s.top2Low, &share, suppressed: sup)
                        try sheet.figure(row, after + 6, s.top2High, &share, suppressed: sup)
                        c.skip()
                    }
                    if cell.breakdown == "all", c.row > blockStart {
                        let where_ = cell.scope == .all ? label(.allScope) : cell.scope == .project ? cell.project : "\(cell.project) – \(cell.course)"
                        chartBlocks.append(("\(label(.chartLikert)): \(where_)", blockStart...(c.row - 1), allSuppressed))
                    }
                }
            }
            try suppressionNote(c)
            try sheet.printArea(rows: 0...(c.row - 1), columns: 0...(titles.count - 1))
            sheet.setWidth(4, 50)
            try sheet.fitColumns()

            // One 100 % stacked bar chart per scope (whole survey, each
            // project, each course), to the right of the table, one below
            // the other. A scope whose figures are all suppressed has none.
            let colors = Self.divergingColors(k)
            let chartCol = titles.count + 1
            let drawable = chartBlocks.filter { !$0.suppressed }
            var chartRow = 1
            for block in drawable.prefix(Self.maxChartsPerSheet) {
                let chart = try book.addChart(.barStackedPercent)
                chart.title(block.title)
                chart.legendBottom()
                chart.categoriesTopDown()
                for l in 0..<k {
                    try chart.addSeries(sheet: sheet.name, categories: (4, block.rows), values: (firstLevelCol + l, block.rows),
                                    nameCell: (0, firstLevelCol + l), color: colors[l])
                }
                let height = Self.chartHeight(categories: block.rows.count)
                try sheet.insert(chart, row: chartRow, col: chartCol, size: (768, height))
                chartRow += Worksheet.rows(covering: height) + 2
            }
            gaps.append(ChartGaps(sheet: sheet.name, scopes: chartBlocks.count, suppressed: chartBlocks.count - drawable.count,
                                  overCap: max(0, drawable.count - Self.maxChartsPerSheet)))
        }
        return gaps
    }

    // MARK: Response rates and indicators

    private func responseRates(_ r: SurveyResults) throws(WorkbookError) {
        let sheet = try book.addSheet(label(.responseRates))
        let c = SheetCursor(sheet)
        try c.table([label(.scope), label(.project), label(.course), label(.enrolled), label(.responses), label(.rate)], numeric: [3, 4, 5], printHeading: true) { () throws(WorkbookError) in
            for x in r.responseRates {
                try c.line([.text(label.scope(x.cell.scope.rawValue)), .text(x.cell.project), .text(x.cell.course),
                             .int(x.enrolled, suppressed: x.suppressed), .int(x.responses, suppressed: x.suppressed),
                             .number(x.rate, percent, suppressed: x.suppressed)])
            }
        }
        try suppressionNote(c)
        try sheet.fitColumns()
    }

    static func severalBreakdowns(_ cells: [CellKey]) -> Bool {
        Set(cells.lazy.map(\.breakdown).filter { $0 != "all" }).count > 1
    }

    private func indicators(_ r: SurveyResults) throws(WorkbookError) {
        let sheet = try book.addSheet(label(.indicators))
        let c = SheetCursor(sheet)
        let qualified = Self.severalBreakdowns(r.indicators.map(\.cell))
        try c.table([label(.scope), label(.project), label(.course), label(.indicator), label(.group), label(.n), label(.met), label(.share)],
                    numeric: [5, 6, 7], printHeading: true) { () throws(WorkbookError) in
            for x in r.indicators {
                try c.line([.text(label.scope(x.cell.scope.rawValue)), .text(x.cell.project), .text(x.cell.course), .text(x.label),
                            .text(label.group(x.cell.breakdown, x.cell.group, qualified: qualified, titles: r.breakdownTitles)), .int(x.n, suppressed: x.suppressed),
                            .int(x.met, suppressed: x.suppressed), .number(x.share, percent, suppressed: x.suppressed)])
            }
        }
        try suppressionNote(c)
        sheet.setWidth(3, 40)
        try sheet.fitColumns()
    }

    // MARK: Data quality and About

    private func quality() throws(WorkbookError) {
        let q = bundle.quality
        let sheet = try book.addSheet(label(.quality))
        let c = SheetCursor(sheet)
        try c.table([label(.role), label(.file), label(.format), label(.rowsRead), label(.accepted), label(.rejected)], numeric: [3, 4, 5]) { () throws(WorkbookError) in
            for i in q.inputs {
                try c.line([.text(label.role(i.role)), .text((i.path as NSString).lastPathComponent), .text(i.format), .int(i.read), .int(i.accepted), .int(i.rejected)])
            }
        }
        c.skip()
        try c.line([.text(label(.diagnosticsByKind), CellStyle(bold: true))])
        _ = try c.header([label(.kind), label(.count)], numeric: [1])
        for (kind, n) in q.diagnosticsByKind.sorted(by: { $0.key < $1.key }) { try c.line([.text(kind), .int(n)]) }
        c.skip()
        try c.line([.text(label(.firstDiagnostics), CellStyle(bold: true))])
        _ = try c.header([label(.severity), label(.kind), label(.location), label(.message)])
        for d in q.diagnostics {
            let loc = d.location.map { l in
                var s = (l.file as NSString).lastPathComponent
                if let line = l.line { s += ":\(line)" }
                if let col = l.column { s += ":\(col)" }
                return s
            } ?? ""
            try c.line([.text(label.severity(d.severity)), .text(d.kind), .text(loc), .text(d.message)])
        }
        sheet.setWidth(3, 60)
        try sheet.fitColumns(max: 90)
    }

    private func about() throws(WorkbookError) {
        let sheet = try book.addSheet(label(.about))
        let c = SheetCursor(sheet)
        try c.line([.text(label(.title), .title), .text(bundle.meta.title)])
        try c.line([.text(label(.pipeline), .title), .text((bundle.meta.pipelineFile as NSString).lastPathComponent)])
        try c.line([.text(label(.utfallVersion), .title), .text(bundle.meta.utfallVersion)])
        try c.line([.text(label(.dataDate), .title), .text(bundle.meta.dataDate?.iso ?? label(.noDataDate))])
        c.skip()
        _ = try c.header([label(.role), label(.file), label(.size), label(.sha256), label(.rowsRead), label(.accepted), label(.rejected)],
                         numeric: [2, 4, 5, 6])
        for a in bundle.about() {
            let q = bundle.quality.inputs.first { $0.role == a.role && ($0.path as NSString).lastPathComponent == a.fileName }
            try c.line([.text(label.role(a.role)), .text(a.fileName), .int(Int(a.size)), .text(a.sha256),
                        q.map { .int($0.read) } ?? .empty, q.map { .int($0.accepted) } ?? .empty, q.map { .int($0.rejected) } ?? .empty])
        }
        sheet.setWidth(3, 66)
        try sheet.fitColumns(max: 70)
    }
}
