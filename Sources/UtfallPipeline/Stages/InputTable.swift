import Foundation
import UtfallModel
import UtfallRead

/// Errors that end a pipeline before it has results, with the exit code
/// they map to.
public struct StageError: Error, CustomStringConvertible, Sendable {
    public var status: ExitStatus
    public var message: String

    public init(_ status: ExitStatus, _ message: String) {
        self.status = status
        self.message = message
    }

    public var description: String { message }
}

/// Bookkeeping for one input file: what was read, accepted and rejected, so
/// that every row is accounted for in the manifest and data-quality sheet.
public struct InputAccount: Sendable {
    public var role: String
    public var path: String
    public var format: String = ""
    public var rowsRead = 0
    public var accepted = 0
    public var rejected = 0
}

extension Pipeline.Input {
    var readOptions: ReadOptions {
        var o = ReadOptions()
        if let e = encoding { o.encoding = TextEncoding.named(e) }
        o.delimiter = delimiter.flatMap(ReadOptions.delimiter(named:))
        if let l = layout { o.layout = ExportLayout(rawValue: l) }
        o.headerLine = headerLine
        return o
    }

    /// Opens the file for streaming, mapping read failures to exit codes.
    /// `expecting`: column names the stage will look up, which find the
    /// header under title lines (see `ReadOptions.expectedColumns`).
    func open(role: String, expecting: [String?] = []) throws(StageError) -> TableReader {
        guard FileManager.default.fileExists(atPath: path) else {
            throw StageError(.noInput, "\(path): the \(role) input \(PipelineJob.whyUnreadable(path)); check the path in the pipeline file (paths are relative to the pipeline file)")
        }
        do {
            var options = readOptions
            options.expectedColumns = expecting.compactMap { $0 }
            return try TableReader(path: path, options: options)
        } catch let e as ReadError {
            throw StageError(reading: e, "\(path): cannot read the \(role) input")
        } catch {
            throw StageError(.noInput, "\(path): cannot read the \(role) input: \(error)")
        }
    }
}

extension StageError {
    /// A read that failed, on opening or part-way: an empty export is cut
    /// off like a header-only one (65); a file that cannot be opened or
    /// read, or is not CSV at all (a workbook named where its export
    /// belongs), is an input problem (66).
    init(reading e: ReadError, _ context: String) {
        let status: ExitStatus
        switch e {
        case .cannotOpen, .ioFailure, .notCSV: status = .noInput
        case .noHeader, .parser: status = .dataError
        }
        self.init(status, "\(context): \(e)")
    }
}

/// A table a stage reads row by row. The rows the stage refuses and those
/// the reader rejects (ragged, undecodable) go to rejects.csv with personal
/// data blanked, the account adds up (read = accepted + rejected), and the
/// file's header problems reach the log: five stages read tables so, and
/// their copies had drifted (header problems were lost for the side files).
struct TableInput {
    let reader: TableReader
    let resolver: ColumnResolver

    init(_ input: Pipeline.Input, role: String, expecting: [String?]) throws(StageError) {
        reader = try input.open(role: role, expecting: expecting)
        resolver = ColumnResolver(columns: reader.columns, file: reader.path)
    }

    var path: String { reader.path }

    func column(_ name: String, key: String) throws(StageError) -> Column {
        try UtfallPipeline.column(resolver, name, key: key)
    }

    /// Reads every row: `row` returns nil to accept it, or why it is
    /// rejected. The header's problems are added to `diagnostics`.
    /// `reported`: the columns the stage reads, which rejects.csv keeps
    /// even when their names look personal (`Projektägare`).
    func read(account role: String, reported: [Column?], rejects: (RejectedRow) throws -> Void, diagnostics: inout Diagnostics,
              _ row: (Record) throws -> RejectedRow?) throws -> InputAccount {
        let mask = RejectMask(columns: reader.columns, reported: Set(reported.compactMap { $0?.index }))
        for d in reader.headerProblems { diagnostics.add(d) }
        var account = InputAccount(role: role, path: reader.path)
        try reader.forEachRecord({ r in
            if let refused = try row(r) {
                account.rejected += 1
                try rejects(mask.apply(refused))
            } else {
                account.accepted += 1
            }
        }, onReject: { r in try rejects(mask.apply(r)) })
        for d in reader.readProblems { diagnostics.add(d) }
        account.rowsRead = reader.stats.records
        account.rejected += reader.stats.rejected
        return account
    }
}

/// Resolves a column by name, turning the reader's error into a stage error
/// that names the pipeline key.
func column(_ resolver: ColumnResolver, _ name: String, key: String) throws(StageError) -> Column {
    do {
        return try resolver.resolve(name)
    } catch {
        throw StageError(.dataError, "\(key): \(error)")
    }
}
