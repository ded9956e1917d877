import Foundation
import UtfallModel

/// Writes one CSV output in the contract's dialect: UTF-8 without BOM, `,`,
/// LF, RFC 4180 quoting, `.` decimals. Buffered; `close()` is the write that
/// can fail and must be called.
final class CSVFile {
    let path: String
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private var closed = false

    init(path: String) throws(CSVWriteError) {
        guard FileManager.default.createFile(atPath: path, contents: nil),
              let h = FileHandle(forWritingAtPath: path) else {
            throw .cannotCreate(path: path)
        }
        self.path = path
        handle = h
        buffer.reserveCapacity(1 << 16)
    }

    /// Writes one record. Fields are written as given: callers pass text
    /// from inputs through `Field.text`, which neutralises formulas.
    func row(_ fields: [String]) throws(CSVWriteError) {
        for (i, f) in fields.enumerated() {
            if i > 0 { buffer.append(UInt8(ascii: ",")) }
            Self.appendQuoted(f, to: &buffer)
        }
        try endRow()
    }

    /// A field's bytes as `row` writes it: quoted when needed.
    static func encoded(_ field: String) -> [UInt8] {
        var b: [UInt8] = []
        appendQuoted(field, to: &b)
        return b
    }

    static func appendQuoted(_ f: String, to buffer: inout [UInt8]) {
        // `;` and TAB too: Swedish Excel splits an opened .csv at `;`, and
        // LibreOffice users tick it and TAB beside `,`. Split there,
        // `Kurs;=1+1` would leave a formula cell the `'` prefix of
        // `CellText.forCSV` (on the field's first character) cannot reach.
        let needsQuotes = f.utf8.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 10 || $0 == 13 || $0 == UInt8(ascii: ";") || $0 == 9 }
            || f.first == " " || f.last == " "
        if !needsQuotes {
            buffer.append(contentsOf: f.utf8)
            return
        }
        buffer.append(UInt8(ascii: "\""))
        for b in f.utf8 {
            if b == UInt8(ascii: "\"") { buffer.append(b) }
            buffer.append(b)
        }
        buffer.append(UInt8(ascii: "\""))
    }

    /// Writes records built field by field, and empties them for reuse.
    func write(_ records: inout CSVRecords) throws(CSVWriteError) {
        try flush()
        try write(records.bytes)
        records.removeAll()
    }

    /// Ends the record.
    private func endRow() throws(CSVWriteError) {
        buffer.append(UInt8(ascii: "\n"))
        if buffer.count >= 1 << 16 { try flush() }
    }

    private func flush() throws(CSVWriteError) {
        try write(buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    private func write(_ bytes: [UInt8]) throws(CSVWriteError) {
        guard !bytes.isEmpty else { return }
        do {
            try handle.write(contentsOf: bytes)
        } catch {
            throw .cannotWrite(path: path, reason: error.systemReason)
        }
    }

    func close() throws(CSVWriteError) {
        guard !closed else { return }
        closed = true
        try flush()
        do {
            try handle.synchronize()
            try handle.close()
        } catch {
            throw .cannotWrite(path: path, reason: error.systemReason)
        }
    }

    deinit { if !closed { try? handle.close() } }
}

/// CSV records built field by field, for large tables: the texts they repeat
/// on every row (cell, item, level) are encoded once with `CSVFile.encoded`
/// and copied in as bytes, and figures are formatted straight into the
/// bytes. A value, so appending needs no exclusivity checks per field; the
/// bytes are those `CSVFile.row` writes for the same fields.
struct CSVRecords {
    private(set) var bytes: [UInt8] = []

    init() { bytes.reserveCapacity(Self.full + (1 << 12)) }

    /// Past this many bytes the records are worth a write.
    private static let full = 1 << 18
    var isFull: Bool { bytes.count >= Self.full }

    /// Appends bytes as they are (encoded fields, with their commas).
    mutating func raw(_ b: [UInt8]) { bytes.append(contentsOf: b) }

    mutating func comma() { bytes.append(UInt8(ascii: ",")) }

    /// `Field.int(n)`.
    mutating func int(_ n: Int?) { if let n { NumberText.appendInteger(n, to: &bytes) } }

    /// `Field.number(x)`.
    mutating func number(_ x: Double?) { NumberText.append(x, to: &bytes) }

    /// `Field.bool(b)`.
    mutating func bool(_ b: Bool) { bytes.append(contentsOf: b ? Self.trueBytes : Self.falseBytes) }

    private static let trueBytes = Array("true".utf8), falseBytes = Array("false".utf8)

    mutating func endRecord() { bytes.append(UInt8(ascii: "\n")) }

    mutating func removeAll() { bytes.removeAll(keepingCapacity: true) }
}

public enum CSVWriteError: Error, CustomStringConvertible, Sendable {
    case cannotCreate(path: String)
    case cannotWrite(path: String, reason: String)

    public var description: String {
        switch self {
        case .cannotCreate(let p): "cannot create \(p); check that the folder exists and is writable"
        case .cannotWrite(let p, let r): "cannot write \(p): \(r); check free space and permissions"
        }
    }
}

/// Formats values for CSV fields, one rule each, so every output agrees.
enum Field {
    /// Text from an input: neutralised against formula injection.
    static func text(_ s: String) -> String { CellText.forCSV(s) }

    static func int(_ n: Int?) -> String { n.map(String.init) ?? "" }

    /// A fraction or mean, unrounded: up to 10 significant digits, `.`
    /// decimal, an exact tie at the eleventh digit rounded away from zero
    /// (utfall's one rounding rule; see `NumberText`).
    static func number(_ x: Double?) -> String {
        var bytes: [UInt8] = []
        NumberText.append(x, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `%.10G`, then plain decimals instead of an exponent: `NumberText`'s
    /// fallback outside the magnitudes shares and means take.
    ///
    /// C's `%.10G` rather than `String(format:locale:)`: Foundation formats
    /// through an ICU number formatter set up per call, which took more than
    /// half of a large run's time. The output is the same (ICU also writes an
    /// upper-case `E` for exponents). utfall never calls `setlocale`, so the C
    /// locale's `.` is the decimal point.
    static func printfNumber(_ x: Double?) -> String {
        guard let x, x.isFinite else { return "" }
        if x == x.rounded(), abs(x) < 1e15 { return String(Int64(x)) }
        // 10 digits, sign, point, exponent: 17 bytes at most.
        let g = withUnsafeTemporaryAllocation(of: CChar.self, capacity: 32) { buf in
            let n = withVaList([x]) { vsnprintf(buf.baseAddress!, buf.count, "%.10G", $0) }
            return String(decoding: UnsafeRawBufferPointer(start: buf.baseAddress!, count: Int(n)), as: UTF8.self)
        }
        return g.contains("E") ? fixed(x) : g
    }

    /// Very small fractions (1/100 000) in plain notation with 10 significant
    /// digits: `0.00001`, not `1E-05`, which some spreadsheet imports read as text.
    static func fixed(_ x: Double) -> String {
        let decimals = min(40, max(0, 9 - Int((log10(abs(x))).rounded(.down))))
        var s = String(format: "%.\(decimals)f", x)
        if s.contains(".") {
            while s.hasSuffix("0") { s.removeLast() }
            if s.hasSuffix(".") { s.removeLast() }
        }
        return s
    }

    static func bool(_ b: Bool) -> String { b ? "true" : "false" }
}
