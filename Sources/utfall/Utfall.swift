import ArgumentParser
import UtfallPipeline

@main
struct Utfall: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "utfall",
        abstract: "Turns survey exports and project cost data into evaluation tables, workbooks and charts-ready CSV.",
        discussion: """
            Exit codes: 0 success, 64 usage, 65 data errors beyond thresholds, 66 input missing or unreadable, \
            70 internal error, 73 output cannot be written, 75 another run holds the lock, 78 invalid pipeline file.
            """,
        version: UtfallVersion.string,
        subcommands: [RunCommand.self, ValidateCommand.self, ConfigCommand.self, InspectCommand.self, ParseProbeCommand.self]
    )
}
