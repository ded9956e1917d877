import Foundation
import Testing
import UtfallModel
import UtfallRead

/// Path of a file under Fixtures/.
func fixture(_ name: String) -> String {
    let base = Bundle.module.resourceURL!.appendingPathComponent("Fixtures")
    return base.appendingPathComponent(name).path
}

struct ReadResult {
    var reader: TableReader
    var records: [Record]
    var rejects: [RejectedRow]
}

/// Opens and reads a whole file, collecting records and rejects.
func readAll(_ path: String, _ options: ReadOptions = ReadOptions()) throws -> ReadResult {
    let reader = try TableReader(path: path, options: options)
    var records: [Record] = []
    var rejects: [RejectedRow] = []
    try reader.forEachRecord({ records.append($0) }, onReject: { rejects.append($0) })
    return ReadResult(reader: reader, records: records, rejects: rejects)
}

/// Reads `text` as a file of its own, removed again afterwards.
func readAll(text: String, _ options: ReadOptions = ReadOptions()) throws -> ReadResult {
    let path = temporaryFile(Array(text.utf8))
    defer { try? FileManager.default.removeItem(atPath: path) }
    return try readAll(path, options)
}

/// Writes `text` to a temporary file and returns its path.
func temporaryFile(_ bytes: [UInt8], suffix: String = ".csv") -> String {
    let path = NSTemporaryDirectory() + "utfallread-\(UUID().uuidString)\(suffix)"
    _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
    return path
}
