import Foundation
import Logging
import UtfallAnalyze
import UtfallModel
import UtfallRead
import UtfallWrite

/// One locked run of one pipeline.
struct PipelineJob {
    typealias InputFingerprint = (role: String, path: String, sha: String, size: Int64)

    let pipeline: Pipeline
    /// The pipeline file's own warnings, logged when it was loaded; the
    /// manifest and the data-quality sheet count them with the data's.
    let pipelineWarnings: Diagnostics
    let options: RunOptions
    let logger: Logger

    /// Every input file the pipeline names, with its role.
    var inputs: [(role: String, path: String)] {
        var list: [(String, String)] = []
        if let s = pipeline.survey {
            list.append(("survey", s.input.path))
            if let e = s.enrollment { list.append(("enrollment", e.input.path)) }
        }
        if let f = pipeline.followUp {
            list.append(("followup", f.input.path))
            if let r = f.reported { list.append(("followup_reported", r.input.path)) }
        }
        if let p = pipeline.portfolio {
            list.append(("portfolio", p.input.path))
            if let r = p.reported { list.append(("portfolio_reported", r.input.path)) }
        }
        return list
    }

    func execute(_ start: PipelineOutcome) -> PipelineOutcome {
        var outcome = start
        let startedAt = Date()
        let clock = StageClock(logger: logger)

        // Inputs checked first: a missing input is exit 66 before anything is written.
        let inputs = self.inputs
        var sizes: [Int64] = []
        var versions: [FileVersion?] = []
        let pipelineSha: String, pipelineSize: Int64
        do {
            (pipelineSha, pipelineSize) = try Fingerprint.sha256(file: pipeline.file)
            for (role, path) in inputs {
                if let why = RegularFile.problem(path) {
                    logger.error("\(path): the \(role) input: \(why); point the pipeline at the exported file")
                    outcome.status = .noInput
                    outcome.errors += 1
                    return outcome
                }
                guard FileManager.default.isReadableFile(atPath: path) else {
                    logger.error("\(path): the \(role) input \(Self.whyUnreadable(path)); check the path in \(pipeline.file) (paths are relative to the pipeline file)")
                    outcome.status = .noInput
                    outcome.errors += 1
                    return outcome
                }
                let attributes = try FileManager.default.attributesOfItem(atPath: path)
                sizes.append((attributes[.size] as? NSNumber)?.int64Value ?? -1)
                versions.append(FileVersion(path))
            }
        } catch {
            return unreadableInputs(error, outcome)
        }

        // An export still being written when the run began: its rows were
        // counted from other bytes than the manifest's size and SHA-256
        // describe, and the tables could mix two versions of it. Exit 75:
        // the next run reads it again.
        func changedInput() -> StageError? {
            for (i, (role, path)) in inputs.enumerated() {
                guard FileVersion(path) != versions[i] else { continue }
                return StageError(.locked, "\(path): the \(role) input changed while it was read (an export still being written?); nothing is published, the previous outputs stay. The next run reads it again")
            }
            return nil
        }

        // Skipping needs the digests before anything is read. When the run
        // cannot be skipped anyway, they are taken while the stages read and
        // the outputs are written.
        let hashing = BackgroundFingerprints(paths: inputs.map(\.path), sizes: sizes)
        @Sendable func digests() throws -> [InputFingerprint] {
            zip(inputs, try hashing.wait()).map { ($0.role, $0.path, $1.hex, $1.size) }
        }
        // The key holds what decides the outputs and the exit code: version
        // (utfall's and the C libraries'), pipeline file, inputs by role (by their absolute path, so that
        // `./x.yaml` and `x.yaml` agree) and content, and --strict (a lenient
        // run's warnings would fail a strict one).
        func runKey(_ f: [InputFingerprint]) -> String {
            Fingerprint.sha256(([UtfallVersion.string] + Self.libraries + [pipelineSha, options.strict ? "strict" : "lenient"]
                                + f.map { "\($0.role)\t\(Pipeline.absolute($0.path))\t\($0.sha)" }).joined(separator: "\n"))
        }
        OutputPublisher.sweepAbandoned(outputDir: pipeline.outputDir)
        if !options.force, let current = OutputPublisher.currentRunFolder(of: pipeline.outputDir),
           let previous = Manifest.read((current as NSString).appendingPathComponent("manifest.json")),
           previous.exitStatus == 0, previous.inputs.map(\.size) == sizes {
            do {
                if previous.runKey == runKey(try digests()), Self.intact(previous, in: current) {
                    logger.info("skipped: inputs, pipeline file and utfall version unchanged since the run of \(previous.finishedAt); use --force to run anyway")
                    outcome.skipped = true
                    return outcome
                }
            } catch {
                return unreadableInputs(error, outcome)
            }
        }

        let runID = Self.runID(startedAt)
        let publisher: OutputPublisher
        do {
            publisher = try OutputPublisher(outputDir: pipeline.outputDir, runID: runID)
        } catch {
            logger.error("\(error)")
            outcome.status = .cannotWrite
            return outcome
        }

        var diagnostics = Diagnostics()
        var accounts: [InputAccount] = []
        var bundle = ReportBundle(meta: pipeline.reportMeta)
        do {
            hashing.start()
            // Hashing holds its last bytes back until the read is done, or
            // has failed: a thread left waiting would keep its file open.
            defer { hashing.release() }
            try readStages(into: &bundle, accounts: &accounts, diagnostics: &diagnostics, rejectsPath: publisher.path("rejects.csv"), clock: clock)
        } catch {
            // A read that fails part-way (the disk, a file cut while read)
            // and a rejects.csv that cannot be written are the operator's to
            // fix, not internal errors. An export truncated to be written
            // anew fails as having no header: that is the change, not the data.
            let reported: StageError = switch error {
            case let e as StageError: e
            case let e as ReadError: StageError(reading: e, "the read stopped part-way")
            case let e as CSVWriteError: StageError(.cannotWrite, "\(e)")
            default: StageError(.internalError, "\(error)")
            }
            let failure = changedInput() ?? reported
            logger.error("\(failure.message)")
            outcome.status = failure.status
            outcome.errors += 1
            _ = publisher.abandon(keepAs: nil)
            return outcome
        }

        outcome.rowsRead = accounts.map(\.rowsRead).reduce(0, +)
        outcome.rowsRejected = accounts.map(\.rejected).reduce(0, +)
        // A header and nothing else is mostly an export cut off on its way:
        // publishing would replace last night's tables with empty ones.
        // The same for the files beside them: a header-only enrollment gave
        // empty response rates, a header-only reported file no reconciliation.
        for a in accounts where a.rowsRead == 0 {
            diagnostics.add(Diagnostic(.error, kind: "no_data_rows", at: SourceLocation(file: a.path),
                                       "the \(a.role) input has a header but no data rows; nothing is published, the previous outputs stay. Check that the export is complete"))
        }
        log(diagnostics)
        outcome.warnings += diagnostics.items.filter { $0.severity == .warning }.count
        outcome.errors += diagnostics.items.filter { $0.severity == .error }.count
        let status = verdict(accounts: accounts, diagnostics: diagnostics, warnings: outcome.warnings)

        // After the verdict, which tells the pipeline file's warnings from the data's.
        var reported = Diagnostics(limitPerKind: diagnostics.limitPerKind)
        reported.add(contentsOf: pipelineWarnings)
        reported.add(contentsOf: diagnostics)
        diagnostics = reported

        bundle.quality = DataQuality(inputs: accounts.map { .init(role: $0.role, path: $0.path, format: $0.format, read: $0.rowsRead, accepted: $0.accepted, rejected: $0.rejected) },
                                     diagnosticsByKind: diagnostics.countsByKind,
                                     diagnostics: diagnostics.items)
        let pipelineEntry = AboutEntry(role: "pipeline", fileName: (pipeline.file as NSString).lastPathComponent, size: pipelineSize, sha256: pipelineSha)
        bundle.about = {
            // A file that cannot be hashed fails the run after the write
            // (below), and this workbook is thrown away with the rest.
            ((try? digests()) ?? []).map {
                AboutEntry(role: $0.role, fileName: ($0.path as NSString).lastPathComponent, size: $0.size, sha256: $0.sha)
            } + [pipelineEntry]
        }

        var written: [String] = []
        var outputDigests: [String: (hex: String, size: Int64)] = [:]
        do {
            written = try clock.timed("write") { () throws -> ([String], String) in
                let csvs = try ReportWriter.write(bundle, csvInto: publisher.workDir, workbookTo: publisher.path(pipeline.workbookName)) { csvs in
                    for name in csvs + ["rejects.csv"] { outputDigests[name] = try? Fingerprint.sha256(file: publisher.path(name)) }
                }
                return (csvs + [pipeline.workbookName], "\(csvs.count) CSV files and \(pipeline.workbookName)")
            }
        } catch {
            logger.error("writing outputs failed: \(error)")
            _ = publisher.abandon(keepAs: nil)
            if case WorkbookError.tooLarge = error { outcome.status = .dataError } else { outcome.status = .cannotWrite }
            return outcome
        }

        let fingerprints: [InputFingerprint]
        do {
            fingerprints = try digests()
        } catch {
            _ = publisher.abandon(keepAs: nil)
            return unreadableInputs(error, outcome)
        }
        if let changed = changedInput() {
            logger.error("\(changed.message)")
            outcome.status = changed.status
            outcome.errors += 1
            _ = publisher.abandon(keepAs: nil)
            return outcome
        }

        // Absolute and resolved: a later run from another folder must tell
        // whether this file is the one it is (see PipelineRunner).
        var manifest = Manifest(utfallVersion: UtfallVersion.string, pipeline: Pipeline.resolved(pipeline.file), pipelineSha256: pipelineSha,
                                runKey: runKey(fingerprints), startedAt: Self.iso(startedAt), finishedAt: "", exitStatus: status.rawValue,
                                inputs: [], outputs: [], diagnosticsByKind: diagnostics.countsByKind, stages: clock.stages)
        manifest.libraries = Self.libraries
        manifest.workingDirectory = FileManager.default.currentDirectoryPath
        manifest.inputs = fingerprints.map { f in
            let a = accounts.first { $0.path == f.path && $0.role == f.role }
            return .init(role: f.role, path: f.path, size: f.size, sha256: f.sha,
                         rowsRead: a?.rowsRead ?? 0, rowsAccepted: a?.accepted ?? 0, rowsRejected: a?.rejected ?? 0)
        }
        for name in written + ["rejects.csv"] {
            if let (sha, size) = outputDigests[name] ?? (try? Fingerprint.sha256(file: publisher.path(name))) {
                manifest.outputs.append(.init(path: name, size: size, sha256: sha))
            }
        }
        manifest.finishedAt = Self.iso(Date())
        do {
            try publisher.whileActive { try manifest.encoded().write(to: URL(fileURLWithPath: publisher.path("manifest.json")), options: .atomic) }
        } catch {
            logger.error("cannot write manifest.json: \(error.localizedDescription)")
            _ = publisher.abandon(keepAs: nil)
            outcome.status = .cannotWrite
            return outcome
        }

        if status != .success {
            let kept = publisher.abandon(keepAs: "failed-\(runID)")
            logger.error("outputs not published; the previous outputs stay in place. This run's files, rejects.csv included, are in \(kept ?? "(could not be kept)")")
            outcome.status = status
            return outcome
        }
        do {
            try publisher.publish(runID: runID)
        } catch {
            logger.error("\(error)")
            outcome.status = .cannotWrite
            return outcome
        }
        logger.info("published \(written.count + 2) files to \(pipeline.outputDir)")
        return outcome
    }

    /// Runs the pipeline's stages in order: each reads its inputs, every
    /// rejected row goes to rejects.csv, and what the stage computed, its
    /// inputs' accounts and its diagnostics are added.
    private func readStages(into bundle: inout ReportBundle, accounts: inout [InputAccount], diagnostics: inout Diagnostics,
                            rejectsPath: String, clock: StageClock) throws {
        let rejects = try RejectsWriter(path: rejectsPath)
        defer { try? rejects.close() }
        // Rows the reader or a stage rejects without a word (a ragged
        // row, bytes not in the encoding, a figure that is not a number)
        // become warnings here. Rows reach the sink in file order.
        let undiagnosed = DiagnosticsBox()
        defer { diagnostics.add(contentsOf: undiagnosed.diagnostics) }
        let sink: (RejectedRow) throws -> Void = {
            try rejects.write($0)
            if !$0.diagnosed { undiagnosed.diagnostics.add($0.diagnostic) }
        }

        if let s = pipeline.survey {
            let out = try clock.timed("read+aggregate survey") { () throws -> (SurveyStage.Output, String) in
                let progress = Progress(wanted: options.progress)
                defer { progress.done() }
                let o = try SurveyStage(section: s, minCellSize: pipeline.minCellSize).run(rejects: sink, progress: progress)
                var parts = ""
                if o.split.parts > 1 {
                    parts = "; read in \(o.split.parts) parts" + (o.split.reread > 0 ? ", \(o.split.reread) read in sequence (a cut inside a record, or too many rejects to hold)" : "")
                }
                return (o, "\(o.account.rowsRead) rows, \(o.account.accepted) accepted, \(o.account.rejected) rejected; \(o.account.format)\(parts)")
            }
            diagnostics.add(contentsOf: out.results.diagnostics)
            accounts.append(out.account)
            if let e = out.enrollmentAccount { accounts.append(e) }
            bundle.survey = out.results
        }
        if let f = pipeline.followUp {
            let out = try clock.timed("follow-up") { () throws -> (FollowUpStage.Output, String) in
                let o = try FollowUpStage(section: f).run(rejects: sink)
                return (o, "\(o.projects) projects, \(o.reconciliation.count) reported figures compared, \(o.mismatches) mismatches")
            }
            diagnostics.add(contentsOf: out.diagnostics)
            accounts += out.accounts
            bundle.followUp = out.report
        }
        if let p = pipeline.portfolio {
            let out = try clock.timed("portfolio") { () throws -> (PortfolioStage.Output, String) in
                let o = try PortfolioStage(section: p).run(rejects: sink)
                return (o, "\(o.entries) entries in \(o.report.counts.count) counts")
            }
            diagnostics.add(contentsOf: out.diagnostics)
            accounts += out.accounts
            bundle.portfolio = out.report
        }
        try rejects.close()
    }

    private func log(_ diagnostics: Diagnostics) {
        for d in diagnostics.items {
            switch d.severity {
            case .error: logger.error("\(d)")
            case .warning: logger.warning("\(d)")
            case .info: logger.info("\(d)")
            }
        }
        for (kind, n) in diagnostics.countsByKind.sorted(by: { $0.key < $1.key }) where n > diagnostics.limitPerKind {
            logger.warning("\(n - diagnostics.limitPerKind) more \(kind) diagnostics not shown; the data-quality sheet and manifest.json count them all")
        }
    }

    /// The run's exit status from what was read: rejected rows beyond the
    /// thresholds and error diagnostics fail it, and under --strict so do
    /// warnings (`warnings` counts the pipeline file's too).
    private func verdict(accounts: [InputAccount], diagnostics: Diagnostics, warnings: Int) -> ExitStatus {
        var status = ExitStatus.success
        if let reason = thresholdBreach(accounts) {
            logger.error("\(reason)")
            status = .dataError
        }
        if diagnostics.errorCount > 0 { status = .dataError }
        if options.strict && warnings > 0 && status == .success {
            // Which ones: at 03:00 the count alone sent the operator through the whole log.
            var kinds = Set(diagnostics.items.filter { $0.severity == .warning }.map(\.kind)).sorted()
            if warnings > diagnostics.items.filter({ $0.severity == .warning }).count { kinds.insert("the pipeline file's", at: 0) }
            logger.error("--strict: \(warnings) \(warnings == 1 ? "warning counts" : "warnings count") as failure (\(kinds.joined(separator: ", "))); they are listed above")
            status = .dataError
        }
        return status
    }

    private func unreadableInputs(_ error: any Error, _ outcome: PipelineOutcome) -> PipelineOutcome {
        logger.error("cannot read inputs: \(error.localizedDescription)")
        var outcome = outcome
        outcome.status = .noInput
        return outcome
    }

    /// Whether every output the manifest lists is still there, unchanged: a
    /// deleted or edited file in the published folder is a reason to rerun.
    static func intact(_ manifest: Manifest, in folder: String) -> Bool {
        manifest.outputs.allSatisfy { o in
            (try? Fingerprint.sha256(file: (folder as NSString).appendingPathComponent(o.path)))?.hex == o.sha256
        }
    }

    func thresholdBreach(_ accounts: [InputAccount]) -> String? {
        for a in accounts where a.rowsRead > 0 {
            if let max = pipeline.thresholds.maxRejectedRows, a.rejected > max {
                return "\(a.path): \(a.rejected) of \(a.rowsRead) rows rejected, more than max_rejected_rows = \(max); see rejects.csv"
            }
            if let share = pipeline.thresholds.maxRejectedShare, Double(a.rejected) > share * Double(a.rowsRead) {
                let pct = String(format: "%.1f", 100 * Double(a.rejected) / Double(a.rowsRead))
                return "\(a.path): \(a.rejected) of \(a.rowsRead) rows rejected (\(pct) %), more than max_rejected_share = \(share); see rejects.csv"
            }
        }
        return nil
    }

    /// Diagnostics a closure adds to.
    private final class DiagnosticsBox {
        var diagnostics = Diagnostics()
    }

    /// The C libraries that parse and write, as the manifest and run key name them.
    static let libraries = [TableReader.parserVersion, ReportWriter.workbookLibraryVersion]

    static func runID(_ d: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        // The same pipeline (or two of the same name) may run twice a second
        // in one process; and in containers every process is PID 1, so two
        // cron runs in one second shared a name and the second could not
        // publish (73). A random part tells those apart.
        let n = runCounterLock.withLock { () -> Int in runCounter += 1; return runCounter }
        return "\(f.string(from: d))-\(getpid())-\(n)-\(String(UInt32.random(in: .min ... .max), radix: 16))"
    }

    private static let runCounterLock = NSLock()
    nonisolated(unsafe) private static var runCounter = 0

    /// Why an input cannot be read, as the system tells it: a folder on the
    /// way that may not be entered hides the file as well as a missing one,
    /// and "does not exist" sent the operator looking for the wrong thing.
    static func whyUnreadable(_ path: String) -> String {
        if access(path, F_OK) == 0 { return "cannot be read (permissions)" }
        if errno == EACCES { return "cannot be reached: a folder on its path may not be entered (permissions)" }
        return "does not exist"
    }

    static func iso(_ d: Date) -> String {
        let f = ISO8601DateFormatter()
        return f.string(from: d)
    }
}

/// What tells one version of a file from another without reading it. Size
/// and modification time alone missed an export replaced mid-read by one of
/// the same size and time (`cp -p`, `rsync -a`): the parts of a split read,
/// each opened by path, then read two versions. The replacement has another
/// inode. The change time is left out: a chmod, chown or hard link made by
/// a backup changes it, not the bytes.
struct FileVersion: Equatable {
    var device: UInt64, inode: UInt64, size: Int64
    var modified: Int, modifiedNanos: Int

    init?(_ path: String) {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        device = UInt64(st.st_dev)
        inode = UInt64(st.st_ino)
        size = Int64(st.st_size)
        modified = st.st_mtim.tv_sec
        modifiedNanos = st.st_mtim.tv_nsec
    }
}

/// Times each stage for the log and the manifest.
final class StageClock {
    private(set) var stages: [Manifest.Stage] = []
    private let logger: Logger

    init(logger: Logger) { self.logger = logger }

    func timed<T>(_ name: String, _ body: () throws -> (T, String)) rethrows -> T {
        let t0 = Date()
        let (v, detail) = try body()
        let dt = Date().timeIntervalSince(t0)
        stages.append(.init(name: name, seconds: (dt * 1000).rounded() / 1000, detail: detail))
        logger.info("\(name): \(detail) (\(String(format: "%.2f", dt)) s)")
        return v
    }
}
