import ArgumentParser
import UtfallPipeline

@main
struct Utfall: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "utfall",
        abstract: "Turns survey exports and project cost data into evaluation tables, workbooks and charts-ready CSV.",
        version: UtfallVersion.string,
        subcommands: []
    )
}
