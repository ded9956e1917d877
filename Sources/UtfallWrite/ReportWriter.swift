import Foundation

/// Writes a run's outputs into a folder: the charts-ready CSV files of the
/// output contract and the evaluator's workbook.
///
/// ```swift
/// let files = try ReportWriter.write(bundle, csvInto: dir, workbookTo: dir + "/emin.xlsx")
/// // or one after the other:
/// let csvs = try ReportWriter.writeCSVs(bundle, into: dir)
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

    /// Writes the CSV files into `dir` and the workbook to `workbookPath`,
    /// both at once on two threads: they are separate files sharing only the
    /// (immutable) bundle, and the workbook's XML and compression keep a core
    /// busy about as long as the CSVs take. Both are finished before this
    /// returns or throws. Errors are those of writing one after the other:
    /// a CSV error first, else the workbook's.
    ///
    /// `whileWorkbookIsWritten` gets the CSV files' names once they are
    /// written, on the calling thread. The workbook takes longer than the
    /// CSVs, so work on them there costs no wall time.
    ///
    /// Returns the CSV files' names, in a stable order.
    public static func write(_ bundle: ReportBundle, csvInto dir: String, workbookTo workbookPath: String,
                             constantMemory: Bool = true, whileWorkbookIsWritten: ([String]) -> Void = { _ in }) throws -> [String] {
        let workbook = Outcome<WorkbookError>()
        let done = DispatchGroup()
        DispatchQueue.global(qos: .userInitiated).async(group: done) {
            do throws(WorkbookError) {
                try writeWorkbook(bundle, to: workbookPath, constantMemory: constantMemory)
            } catch {
                workbook.error = error
            }
        }
        let csvs: Result<[String], CSVWriteError>
        do throws(CSVWriteError) { csvs = .success(try writeCSVs(bundle, into: dir)) } catch { csvs = .failure(error) }
        if case .success(let files) = csvs { whileWorkbookIsWritten(files) }
        done.wait()
        let files = try csvs.get()
        if let e = workbook.error { throw e }
        return files
    }

    /// The error of work done on another thread; read only after waiting for it.
    private final class Outcome<E: Error>: @unchecked Sendable {
        var error: E?
    }

    /// Writes the workbook. The file is only complete when this returns;
    /// callers write into a private folder and publish afterwards.
    public static func writeWorkbook(_ bundle: ReportBundle, to path: String, constantMemory: Bool = true) throws(WorkbookError) {
        let book = try Workbook(path: path, constantMemory: constantMemory)
        try ReportWorkbook(bundle: bundle, book: book).write()
        try book.close()
    }
}
