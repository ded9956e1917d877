import ArgumentParser
import UtfallPipeline

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check pipeline files and report every problem with file, line and key path.")

    @Argument(help: "Pipeline files, or folders of .yaml files.")
    var pipelines: [String]

    func run() throws {
        var worst = ExitStatus.success
        for f in PipelineLoader.foldersWithoutPipelines(pipelines) {
            printErr("\(f): the folder holds no pipeline files (.yaml); check the path")
            worst = .noInput
        }
        for file in PipelineLoader.expand(pipelines) {
            do {
                let (_, warnings) = try PipelineLoader.load(file)
                for w in warnings.items { printErr(w.description) }
                print("\(file): ok\(warnings.items.isEmpty ? "" : " (\(warnings.items.count) warnings)")")
            } catch {
                for d in error.diagnostics.items { printErr(d.description) }
                worst = ExitStatus.worst([worst, error.isMissing ? .noInput : .invalidPipeline])
            }
        }
        if worst != .success { throw ExitCode(worst.rawValue) }
    }
}
