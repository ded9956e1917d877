import Foundation
import Logging
import UtfallPipeline

func printErr(_ s: String) {
    StandardError.write(s + "\n")
}

/// SIGINT, SIGTERM and SIGHUP (a closed terminal or ssh session) remove the
/// temporary folders of the run in progress and exit; published outputs are
/// never touched. (SIGKILL cannot be caught; the next run sweeps what it
/// leaves.)
enum SignalCleanup {
    nonisolated(unsafe) static var sources: [DispatchSourceSignal] = []

    /// `logger` says what happened in the run's own log format (a JSON line
    /// under `--log-format json`).
    static func install(logger: Logger) {
        for sig in [SIGINT, SIGTERM, SIGHUP] {
            signal(sig, SIG_IGN)
            let s = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            s.setEventHandler {
                guard let removed = OutputPublisher.removeActiveWorkDirs() else { return }  // the first signal's handler exits
                StandardError.seal()
                logger.error("\(removed ? "interrupted by signal \(sig); the run in progress was stopped and its temporary files removed, previous outputs left in place" : "interrupted by signal \(sig) between runs; every published output is complete") exit=\(128 + sig)")
                exit(128 + sig)
            }
            s.resume()
            sources.append(s)
        }
    }
}
