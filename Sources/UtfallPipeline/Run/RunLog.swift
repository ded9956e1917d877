import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Logging
import UtfallModel

/// Log lines for people at a terminal or in cron mail (`text`), or one JSON
/// object per line for collectors (`json`). Always stderr: stdout is kept for
/// what a command prints on purpose (`inspect`, `config`).
public struct RunLogHandler: LogHandler {
    public enum Format: String, Sendable, CaseIterable { case text, json }

    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level
    let format: Format
    let label: String

    public init(label: String, format: Format, level: Logger.Level) {
        self.label = label
        self.format = format
        self.logLevel = level
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        let merged = metadata.merging(event.metadata ?? [:]) { _, b in b }
        let line: String
        switch format {
        case .text:
            let tag = event.level >= .warning ? "\(event.level.rawValue.uppercased()): " : ""
            let pipeline = merged["pipeline"].map { "[\($0)] " } ?? ""
            line = Self.escapingControls("\(Self.time()) \(pipeline)\(tag)\(event.message)")
        case .json:
            var obj: [String: String] = ["ts": Self.time(), "level": event.level.rawValue, "msg": "\(event.message)"]
            for (k, v) in merged { obj[k] = "\(v)" }
            let data = (try? JSONSerialization.data(withJSONObject: obj, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
            line = String(decoding: data, as: UTF8.self)
        }
        StandardError.write(line + "\n")
    }

    /// A text log line is one line: a line break or a terminal escape in
    /// a respondent's answer must not forge a log line or clear the screen
    /// of whoever reads the cron mail. Control characters are written as
    /// `\n`, `\r`, `\t` or `\u{1B}`.
    static func escapingControls(_ s: String) -> String {
        s.escapingScalars(shortForms: true, isControl)
    }

    private static func isControl(_ u: Unicode.Scalar) -> Bool {
        u.value < 0x20 || (0x7F...0x9F).contains(u.value) || u.value == 0x2028 || u.value == 0x2029
    }

    static func time() -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        return f.string(from: Date())
    }
}

/// Writes to stderr, and carries on when it cannot. FileHandle traps on a
/// failed write, so a full /var/log (cron's `>> log 2>&1`), a file-size limit
/// on the log or a closed pipe (`| head`) killed the run with exit 132 or
/// 141 at its first log line: the run's outputs matter more than its log.
///
/// Writes are serialised, so two threads' lines never interleave, and once
/// `seal` is called only the sealing thread writes: the signal handler's
/// line must be the log's last (a scheduler reads the exit code there),
/// but the run's own thread went on logging until `exit` ended it.
public enum StandardError {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var sealedBy: pthread_t?

    /// From now on lines of other threads are dropped: the process is
    /// about to exit.
    public static func seal() {
        lock.lock()
        defer { lock.unlock() }
        sealedBy = pthread_self()
    }

    public static func write(_ text: String) {
        lock.lock()
        defer { lock.unlock() }
        if let owner = sealedBy, pthread_equal(owner, pthread_self()) == 0 { return }
        var bytes = Array(text.utf8)
        bytes.withUnsafeMutableBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let n = Glibc.write(2, buffer.baseAddress! + offset, buffer.count - offset)
                if n > 0 { offset += n } else if n < 0 && errno == EINTR { continue } else { return }
            }
        }
    }
}
