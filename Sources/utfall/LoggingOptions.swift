import ArgumentParser
import Logging
import UtfallPipeline

/// Log flags shared by the commands that run pipelines.
struct LoggingOptions: ParsableArguments {
    @Option(name: .customLong("log-format"), help: "text (default) or json (one object per line, for log collectors).")
    var logFormat: RunLogHandler.Format = .text

    @Flag(name: .shortAndLong, help: "Print only warnings and errors (for cron mail).")
    var quiet = false

    @Flag(name: .shortAndLong, help: "Print debug detail.")
    var verbose = false

    func makeLogger() -> Logger {
        let level: Logger.Level = quiet ? .warning : verbose ? .debug : .info
        let format = logFormat
        return Logger(label: "utfall") { label in RunLogHandler(label: label, format: format, level: level) }
    }
}

extension RunLogHandler.Format: ExpressibleByArgument {}
