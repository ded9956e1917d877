import ArgumentParser
import Foundation
import Logging
import UtfallPipeline

@main
struct Utfall: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "utfall",
        abstract: "Turns survey exports and project cost data into evaluation tables, workbooks and charts-ready CSV.",
        discussion: """
            Exit codes: 0 success, 64 usage, 65 data errors beyond thresholds, 66 input missing or unreadable, \
            70 internal error, 73 output cannot be written, 75 another run holds the lock or an input changed while read, 78 invalid pipeline file \
            or output folder, 129/130/143 stopped by SIGHUP/SIGINT/SIGTERM. README.md says what to do for each.
            """,
        version: UtfallVersion.string,
        subcommands: [RunCommand.self, ValidateCommand.self, ConfigCommand.self, InspectCommand.self, ParseProbeCommand.self]
    )

    /// ArgumentParser's own `main`, except that a usage error under
    /// `--log-format json` is one JSON log line like every other error: a log
    /// collector must not receive the only failure of the night as plain text.
    static func main() {
        // A file-size limit (ulimit -f, systemd's LimitFSIZE=) and a reader
        // that went away (`| head`) would kill the run by SIGXFSZ or SIGPIPE
        // without a word; ignored, the write fails instead: an output is
        // reported as unwritable (73), a log line is dropped.
        signal(SIGXFSZ, SIG_IGN)
        signal(SIGPIPE, SIG_IGN)
        // Nothing to do is a usage error for a scheduler, not a success.
        if CommandLine.arguments.count == 1 {
            StandardError.write(helpMessage() + "\n")
            Foundation.exit(ExitStatus.usage.rawValue)
        }
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            if code.rawValue == ExitStatus.usage.rawValue, UsageError.wantsJSON(CommandLine.arguments) {
                UsageError.log(fullMessage(for: error), code: code.rawValue)
                Foundation.exit(code.rawValue)
            }
            exit(withError: error)
        }
    }
}

enum UsageError {
    /// Looks at the raw arguments, since parsing them is what failed.
    static func wantsJSON(_ arguments: [String]) -> Bool {
        let args = Array(arguments.dropFirst())
        for (i, a) in args.enumerated() {
            if a == "--" { return false }
            if a == "--log-format=json" { return true }
            if a == "--log-format", i + 1 < args.count, args[i + 1] == "json" { return true }
        }
        return false
    }

    static func log(_ message: String, code: Int32) {
        let logger = Logger(label: "utfall") { RunLogHandler(label: $0, format: .json, level: .error) }
        let text = message.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        logger.error("\(text.joined(separator: " ")) exit=\(code)")
    }
}
