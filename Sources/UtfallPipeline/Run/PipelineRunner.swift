import Foundation
import Logging
import UtfallAnalyze
import UtfallModel

/// How `utfall run` behaves; set from the command line.
public struct RunOptions: Sendable {
    public var force = false
    public var strict = false
    public var failFast = false
    public var waitSeconds: Double = 0
    /// A row counter on stderr while reading; shown only on a terminal.
    public var progress = true
    public init() {}
}

/// What happened to one pipeline, for the closing summary line.
public struct PipelineOutcome: Sendable {
    public var file: String
    public var name: String
    public var status: ExitStatus
    public var skipped = false
    public var rowsRead = 0
    public var rowsRejected = 0
    public var warnings = 0
    public var errors = 0
    public var message = ""

    public init(file: String, name: String, status: ExitStatus, errors: Int = 0) {
        self.file = file
        self.name = name
        self.status = status
        self.errors = errors
    }
}

/// Runs pipelines one after another: lock, fingerprint, read and analyse,
/// write into a private folder, check thresholds, publish, manifest.
public struct PipelineRunner {
    public var options: RunOptions
    public var logger: Logger

    public init(options: RunOptions, logger: Logger) {
        self.options = options
        self.logger = logger
    }

    public func run(files: [String]) -> [PipelineOutcome] {
        var outcomes: [PipelineOutcome] = []
        var outputs: [String: String] = [:]
        let clashes = Self.sharedOutputFolders(files)
        for (k, file) in files.enumerated() {
            let o = runOne(file, outputs: &outputs, clash: clashes[file])
            outcomes.append(o)
            if options.failFast && o.status != .success {
                // Their outputs stay last night's: the operator must know which.
                let rest = files[(k + 1)...]
                if !rest.isEmpty {
                    logger.error("--fail-fast: \(rest.count) pipeline file\(rest.count == 1 ? "" : "s") not run after \(file) failed, previous outputs left in place: \(rest.joined(separator: ", "))")
                }
                break
            }
        }
        return outcomes
    }

    /// `outputs`: the output folders of the pipelines run so far in this
    /// call, and their files; two pipelines must not publish into one.
    /// `clash`: why this file may not publish, found among all the files
    /// of the call before any runs (`sharedOutputFolders`).
    func runOne(_ file: String, outputs: inout [String: String], clash: String? = nil) -> PipelineOutcome {
        var log = logger
        log[metadataKey: "pipeline"] = "\(((file as NSString).lastPathComponent as NSString).deletingPathExtension)"
        var outcome = PipelineOutcome(file: file, name: file, status: .success)

        let pipeline: Pipeline
        let pipelineWarnings: Diagnostics
        do {
            let (p, warnings) = try PipelineLoader.load(file)
            for w in warnings.items { log.warning("\(w)") }
            outcome.warnings += warnings.items.count
            pipeline = p
            pipelineWarnings = warnings
        } catch {
            for d in error.diagnostics.items {
                if d.severity == .error { log.error("\(d)") } else { log.warning("\(d)") }
            }
            outcome.status = error.isMissing ? .noInput : .invalidPipeline
            outcome.errors = error.diagnostics.items.count
            outcome.message = error.isMissing ? "pipeline file missing" : "invalid pipeline file"
            return outcome
        }
        outcome.name = pipeline.name
        log[metadataKey: "pipeline"] = "\(pipeline.name)"

        if let problem = clash ?? Self.outputFolderProblem(pipeline, file: file, outputs: &outputs) {
            log.error("\(Self.outputFolderError(pipeline, file: file, problem)) exit=78")
            outcome.status = .invalidPipeline
            outcome.errors += 1
            return outcome
        }

        let parent = (pipeline.outputDir as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        } catch {
            log.error("cannot create the output folder \(parent): \(error.localizedDescription)")
            outcome.status = .cannotWrite
            return outcome
        }
        let lock: RunLock
        do {
            lock = try RunLock(path: (parent as NSString).appendingPathComponent(".\(pipeline.name).lock"), wait: options.waitSeconds)
        } catch {
            log.error("\(error)")
            outcome.status = {
                if case .held = error { return .locked }
                return .cannotWrite
            }()
            return outcome
        }
        defer { withExtendedLifetime(lock) {} }

        let job = PipelineJob(pipeline: pipeline, pipelineWarnings: pipelineWarnings, options: options, logger: log)
        return job.execute(outcome)
    }

    /// An output-folder problem where the file sets the folder, as the
    /// pipeline file's other errors are: `file:line:column: error: …`.
    public static func outputFolderError(_ pipeline: Pipeline, file: String, _ problem: String) -> Diagnostic {
        Diagnostic(.error, kind: "output_folder", at: pipeline.outputDirLocation ?? SourceLocation(file: file), problem)
    }

    /// Why the pipeline may not publish into its output folder, or nil.
    /// Publishing moves a real folder aside and later runs sweep old runs,
    /// so a folder that is not the pipeline's own would be lost.
    /// `outputs` gains the folder (see `runOne`); `validate` asks the same.
    public static func outputFolderProblem(_ pipeline: Pipeline, file: String, outputs: inout [String: String]) -> String? {
        let dir = Pipeline.absolute(pipeline.outputDir)
        // Named as the pipeline file names it: `absolute` follows the
        // published link (`out` → `.out.runs/2026…`), a folder nobody wrote.
        let shown = pipeline.outputDir
        let me = Pipeline.absolute(file)
        // The same file named twice just runs twice. One folder inside
        // another's would be swept by the outer pipeline's next run.
        if let (d, other) = outputs.first(where: { d, f in f != me && (dir.hasPrefix(d + "/") || d.hasPrefix(dir + "/")) }) {
            return "output.dir \(shown) and \(d) (the output folder of \(other)) lie one inside the other; give each pipeline a folder beside the others"
        }
        if let other = outputs[dir], other != me {
            // The default folder is named for the pipeline: then the names clash, not the dir:s.
            let sameName = (dir as NSString).lastPathComponent == pipeline.name
            return "output.dir \(shown) is also the output folder of \(other); each pipeline needs a folder of its own\(sameName ? " (two of the same name: rename one)" : "")"
        }
        outputs[dir] = me
        if let why = OutputPublisher.foreignContent(at: pipeline.outputDir) {
            let example = (dir as NSString).lastPathComponent == pipeline.name ? "" : ", e.g. output/\(pipeline.name)"
            return "output.dir \(shown) is not this pipeline's to publish into: \(why). Publishing would move it aside; give the pipeline a folder of its own\(example), or move what is there"
        }
        // Published by another pipeline file that still exists (a copy made
        // to try something, keeping the name): it would replace that one's
        // tables every night. A file renamed or moved has no old self left.
        if let current = OutputPublisher.currentRunFolder(of: pipeline.outputDir),
           let previous = Manifest.read((current as NSString).appendingPathComponent("manifest.json")),
           previous.pipeline.hasPrefix("/"),  // older manifests kept the path as typed: not comparable
           FileManager.default.fileExists(atPath: previous.pipeline),
           Pipeline.resolved(file) != Pipeline.resolved(previous.pipeline) {
            return "output.dir \(shown) holds the outputs of \(previous.pipeline), which still exists; give this pipeline its own name: or output.dir: (or remove the other file)"
        }
        return nil
    }

    /// The pipeline files among `files` (keyed as given) whose
    /// output folder is another's, or lies inside another's, with why.
    /// Found before any of them runs: checked one by one, whichever sorts
    /// first (a Finder's "p copy.yaml" before "p.yaml") would publish and
    /// the real one be called the intruder. A folder whose published
    /// manifest names one of them stays that one's; otherwise none runs.
    public static func sharedOutputFolders(_ files: [String]) -> [String: String] {
        var dirs: [(given: String, file: String, dir: String, shown: String)] = []
        var seen = Set<String>()
        for f in files {
            let me = Pipeline.resolved(f)
            // The same file named twice just runs twice; an unreadable one fails on its own.
            guard seen.insert(me).inserted, let p = try? PipelineLoader.load(f).0 else { continue }
            dirs.append((f, me, Pipeline.absolute(p.outputDir), p.outputDir))
        }
        var problems: [String: String] = [:]
        for a in dirs {
            let others = dirs.filter { $0.file != a.file && ($0.dir == a.dir || $0.dir.hasPrefix(a.dir + "/") || a.dir.hasPrefix($0.dir + "/")) }
            guard !others.isEmpty else { continue }
            let named = others.map(\.given).joined(separator: ", ")
            if others.allSatisfy({ $0.dir == a.dir }) {
                let owner = OutputPublisher.currentRunFolder(of: a.shown)
                    .flatMap { Manifest.read(($0 as NSString).appendingPathComponent("manifest.json")) }
                    .flatMap { $0.pipeline.hasPrefix("/") ? Pipeline.resolved($0.pipeline) : nil }
                if owner == a.file { continue }
                problems[a.given] = owner.map { owner in others.contains { $0.file == owner } } == true
                    ? "output.dir \(a.shown) is also the output folder of \(named), whose outputs it holds; each pipeline needs a folder of its own (give this one its own name: or output.dir:)"
                    : "output.dir \(a.shown) is also the output folder of \(named); each pipeline needs a folder of its own, and none of them runs until each has one"
            } else {
                problems[a.given] = "output.dir \(a.shown) and the output folder of \(named) lie one inside the other; give each pipeline a folder beside the others (none of them runs until then)"
            }
        }
        return problems
    }

    /// `PASS=2 WARN=1 ERROR=0 SKIP=1 TOTAL=4 rows=1234 rejected=5`, the line
    /// a scheduler's mail shows first.
    public static func summary(_ outcomes: [PipelineOutcome]) -> String {
        let failed = outcomes.filter { $0.status != .success }.count
        let skipped = outcomes.filter(\.skipped).count
        let warned = outcomes.filter { $0.status == .success && !$0.skipped && $0.warnings > 0 }.count
        let passed = outcomes.count - failed - skipped - warned
        let rows = outcomes.map(\.rowsRead).reduce(0, +)
        let rejected = outcomes.map(\.rowsRejected).reduce(0, +)
        return "PASS=\(passed) WARN=\(warned) ERROR=\(failed) SKIP=\(skipped) TOTAL=\(outcomes.count) rows_read=\(rows) rows_rejected=\(rejected)"
    }
}
