import ArgumentParser
import UtfallPipeline

struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Print the effective configuration of a pipeline, defaults filled in and paths resolved.")

    @Argument(help: "A pipeline file.")
    var pipeline: String

    func run() throws {
        do {
            let (p, warnings) = try PipelineLoader.load(pipeline)
            for w in warnings.items { printErr(w.description) }
            print(p.effectiveConfiguration(), terminator: "")
        } catch {
            for d in error.diagnostics.items { printErr(d.description) }
            throw ExitCode(error.isMissing ? ExitStatus.noInput.rawValue : ExitStatus.invalidPipeline.rawValue)
        }
    }
}
