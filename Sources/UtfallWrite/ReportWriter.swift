import Foundation

/// Writes a run's outputs into a folder: the charts-ready CSV files of the
/// output contract and the evaluator's workbook.
///
/// ```swift
/// let files = try ReportWriter.writeCSVs(bundle, into: dir)
/// try ReportWriter.writeWorkbook(bundle, to: dir + "/emin.xlsx")
/// ```
public enum ReportWriter {
    /// Returns the names of the files written, in a stable order.
    public static func writeCSVs(_ bundle: ReportBundle, into dir: String) throws(CSVWriteError) -> [String] {
        var files: [String] = []
        if let s = bundle.survey { files += try SurveyCSV.write(s, into: dir) }
        if let f = bundle.followUp { files += try FollowUpCSV.write(f, into: dir) }
        if let p = bundle.portfolio { files += try PortfolioCSV.write(p, into: dir) }
        // One findings file for every reported figure compared, whichever report it belongs to.
        let compared = (bundle.followUp?.reconciliation ?? []) + (bundle.portfolio?.reconciliation ?? [])
        if bundle.followUp != nil || bundle.portfolio?.reconciliation.isEmpty == false {
            files.append(try ReconciliationCSV.write(compared, into: dir))
        }
        return files
    }

    /// Writes the workbook. The file is only complete when this returns;
    /// callers write into a private folder and publish afterwards.
    public static func writeWorkbook(_ bundle: ReportBundle, to path: String, constantMemory: Bool = true) throws(WorkbookError) {
        let book = try Workbook(path: path, constantMemory: constantMemory)
        try ReportWorkbook(bundle: bundle, book: book).write()
        try book.close()
    }
}
