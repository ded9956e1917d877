import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A one-line progress counter on stderr, for people watching a long run.
/// Only shown when stderr is a terminal: cron mail and log collectors get
/// the stage lines, never carriage-return animations.
final class Progress: @unchecked Sendable {
    private let enabled: Bool
    private let lock = NSLock()
    // Under `lock`:
    private var rows = 0
    private var last = Date.distantPast
    private var shown = false

    /// `wanted` is false under `--quiet` and `--log-format json`.
    init(wanted: Bool) {
        enabled = wanted && isatty(STDERR_FILENO) == 1
    }

    /// Adds rows read, from any thread (a split read reports its first
    /// part as it reads and each later part when it is merged); redraws
    /// at most five times a second.
    func advance(_ what: String, rows n: Int) {
        guard enabled else { return }
        lock.lock()
        defer { lock.unlock() }
        rows += n
        let now = Date()
        guard now.timeIntervalSince(last) >= 0.2 else { return }
        last = now
        shown = true
        StandardError.write("\r\(what): \(rows) rows\u{1B}[K")
    }

    /// Clears the line before the stage's log line is printed.
    func done() {
        lock.lock()
        defer { lock.unlock() }
        guard shown else { return }
        shown = false
        StandardError.write("\r\u{1B}[K")
    }
}
