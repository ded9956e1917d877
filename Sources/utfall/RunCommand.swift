import ArgumentParser
import Foundation
import UtfallPipeline

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run pipelines: read, validate, analyse, write workbooks and CSV, publish atomically.")

    @Argument(help: "Pipeline files, or folders of .yaml files.")
    var pipelines: [String]

    @Flag(help: "Run even if inputs, pipeline and utfall version are unchanged since the last successful run.")
    var force = false

    @Flag(help: "Treat warnings as failure (exit 65).")
    var strict = false

    @Flag(name: .customLong("fail-fast"), help: "Stop at the first failing pipeline.")
    var failFast = false

    // Unconditional: `--wait -1` is a value to refuse with its reason, not
    // "missing value" because it looks like an option.
    @Option(parsing: .unconditional, help: "Wait up to SECONDS for another run of the same pipeline to finish instead of exiting 75.")
    var wait: Double = 0

    @OptionGroup var logging: LoggingOptions

    func validate() throws {
        guard wait.isFinite, wait >= 0 else { throw ValidationError("--wait takes a number of seconds, 0 or more; found \(wait)") }
    }

    func run() throws {
        let logger = logging.makeLogger()
        SignalCleanup.install(logger: logger)
        var options = RunOptions()
        options.force = force
        options.strict = strict
        options.failFast = failFast
        options.waitSeconds = wait
        options.progress = !logging.quiet && logging.logFormat == .text
        let files = PipelineLoader.expand(pipelines)
        if files.isEmpty {
            logger.error("no pipeline files found in \(pipelines.joined(separator: " ")); give .yaml files or a folder that holds them")
        }
        // A folder without pipelines is a failed entry of the summary: the
        // last line must add up to the exit code a scheduler acts on.
        let empty = PipelineLoader.foldersWithoutPipelines(pipelines)
        for f in empty where !files.isEmpty { logger.error("\(f): the folder holds no pipeline files (.yaml); check the path") }
        let missing = (files.isEmpty ? pipelines : empty).map { PipelineOutcome(file: $0, name: $0, status: .noInput, errors: 1) }
        let outcomes = PipelineRunner(options: options, logger: logger).run(files: files) + missing
        let status = ExitStatus.worst(outcomes.map(\.status))
        let line = PipelineRunner.summary(outcomes)
        // Under --quiet a night with warnings mails them: its last line
        // must still be the summary with the exit code, as on a failed night.
        if status != .success {
            logger.error("\(line) exit=\(status.rawValue)")
        } else if outcomes.contains(where: { !$0.skipped && $0.warnings > 0 }) {
            logger.warning("\(line) exit=0")
        } else {
            logger.notice("\(line) exit=0")
        }
        if status != .success { throw ExitCode(status.rawValue) }
    }
}
