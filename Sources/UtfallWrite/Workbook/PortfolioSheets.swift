import Foundation
import UtfallAnalyze

/// Counts of a project index by dimension, and the declared cross tables
/// with row and column totals, as the portfolio sections of a pre-study print them.
struct PortfolioSheets {
    let workbook: ReportWorkbook
    var label: Labels { workbook.label }

    func keyFigures(_ r: PortfolioReport, _ c: SheetCursor) throws(WorkbookError) {
        // Entries, not projects: the index may list a project more than once.
        try c.line([.text(label(.entries)), .int(r.entries)])
        if !r.reconciliation.isEmpty { try c.line([.text(label(.mismatches)), .int(r.mismatches.count)]) }
    }

    /// A dimension's value as the sheet shows it: entries without one are
    /// counted under the CSV's `missing`, which reads "Uppgift saknas".
    func shown(_ value: String) -> String { value == Portfolio.missing ? label.group("portfolio", "missing") : value }

    func write(_ r: PortfolioReport) throws(WorkbookError) {
        let sheet = try workbook.book.addSheet(label(.portfolio))
        let c = SheetCursor(sheet)
        try c.table([label(.dimension), label(.value), label(.count)], numeric: [2]) { () throws(WorkbookError) in
            for x in r.counts { try c.line([.text(r.title(of: x.dimension)), .text(shown(x.value)), .int(x.count)]) }
        }
        for t in r.cross {
            c.skip()
            try c.line([.text("\(r.title(of: t.rowDimension)) × \(r.title(of: t.columnDimension))", CellStyle(bold: true))])
            _ = try c.line([.text(r.title(of: t.rowDimension), .header)] + (t.columnValues.map(shown) + [label(.all)]).map { .text($0, .numericHeader) })
            for (i, rv) in t.rowValues.enumerated() {
                try c.line([.text(shown(rv))] + t.counts[i].map { .int($0) } + [.int(t.rowTotals[i])])
            }
            try c.line([.text(label(.all), .title)] + t.columnTotals.map { .int($0) } + [.int(t.total)])
        }
        try sheet.fitColumns(max: 40)
        if !r.reconciliation.isEmpty && workbook.bundle.followUp == nil {
            // Its printed counts are per dimension (measure) and value.
            try FollowUpSheets(workbook: workbook).reconciliationSheet(r.reconciliation, groupHeading: .value)
        }
    }
}
