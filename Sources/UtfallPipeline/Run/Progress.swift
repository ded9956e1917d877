import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A one-line progress counter on stderr, for people watching a long run.
/// Only shown when stderr is a terminal: cron mail and log collectors get
/// the stage lines, never carriage-return animations.
final class Progress: @unchecked Sendable {
    private let enabled: Bool
    private var last = Date.distantPast
    private var shown = false

    /// `wanted` is false under `--quiet` and `--log-format json`.
    init(wanted: Bool) {
        enabled = wanted && isatty(STDERR_FILENO) == 1
    }

    /// Call per record; redraws at most five times a second.
    func tick(_ what: String, rows: Int) {
        guard enabled, rows & 1023 == 0 else { return }
        let now = Date()
        guard now.timeIntervalSince(last) >= 0.2 else { return }
        last = now
        shown = true
        FileHandle.standardError.write(Data("\r\(what): \(rows) rows\u{1B}[K".utf8))
    }

    /// Clears the line before the stage's log line is printed.
    func done() {
        guard shown else { return }
        shown = false
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}
