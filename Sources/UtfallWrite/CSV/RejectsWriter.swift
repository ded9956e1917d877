import Foundation
import UtfallModel

/// Streams rejected rows to `rejects.csv`:
/// `file, line, column, kind, reason, field_1, field_2, …`.
///
/// Rows arrive before the widest one is known, so the body goes to a side
/// file and the header (with as many `field_N` as the widest row) is written
/// in front of it on `close()`.
public final class RejectsWriter {
    public let path: String
    private let bodyPath: String
    private let body: CSVFile
    private var maxFields = 0
    public private(set) var count = 0
    private var closed = false

    public init(path: String) throws(CSVWriteError) {
        self.path = path
        bodyPath = path + ".body"
        body = try CSVFile(path: bodyPath)
    }

    public func write(_ r: RejectedRow) throws(CSVWriteError) {
        maxFields = max(maxFields, r.fields.count)
        count += 1
        try body.row([Field.text(r.location.file), Field.int(r.location.line), Field.int(r.location.column),
                      r.kind, Field.text(r.reason)] + r.fields.map(Field.text))
    }

    public func close() throws(CSVWriteError) {
        guard !closed else { return }
        closed = true
        try body.close()
        let out = try CSVFile(path: path)
        try out.row(["file", "line", "column", "kind", "reason"] + (0..<maxFields).map { "field_\($0 + 1)" })
        try out.close()
        guard let src = FileHandle(forReadingAtPath: bodyPath), let dst = FileHandle(forWritingAtPath: path) else {
            throw .cannotWrite(path: path, reason: "cannot reopen the rejects body")
        }
        defer { try? src.close(); try? dst.close() }
        do {
            try dst.seekToEnd()
            while let chunk = try src.read(upToCount: 1 << 20), !chunk.isEmpty { try dst.write(contentsOf: chunk) }
            try dst.synchronize()
        } catch {
            throw .cannotWrite(path: path, reason: error.localizedDescription)
        }
        try? FileManager.default.removeItem(atPath: bodyPath)
    }

    deinit {
        if !closed { try? body.close(); try? FileManager.default.removeItem(atPath: bodyPath) }
    }
}
