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
        // The output folders are checked as `run` checks them, file by file
        // in the same order: a run would refuse what validate passed.
        var outputs: [String: String] = [:]
        let files = PipelineLoader.expand(pipelines)
        let clashes = PipelineRunner.sharedOutputFolders(files)
        for file in files {
            do {
                let (pipeline, warnings) = try PipelineLoader.load(file)
                for w in warnings.items { printErr(w.description) }
                if let problem = clashes[file] ?? PipelineRunner.outputFolderProblem(pipeline, file: file, outputs: &outputs) {
                    printErr(PipelineRunner.outputFolderError(pipeline, file: file, problem).description)
                    worst = ExitStatus.worst([worst, .invalidPipeline])
                    continue
                }
                print("\(file): ok\(warnings.items.isEmpty ? "" : " (\(warnings.items.count) warning\(warnings.items.count == 1 ? "" : "s"))")")
            } catch {
                for d in error.diagnostics.items { printErr(d.description) }
                worst = ExitStatus.worst([worst, error.isMissing ? .noInput : .invalidPipeline])
            }
        }
        if worst != .success { throw ExitCode(worst.rawValue) }
    }
}
