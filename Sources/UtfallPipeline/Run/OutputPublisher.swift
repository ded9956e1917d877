import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Writes a pipeline's outputs into a private folder and swaps them in with
/// one atomic rename, so evaluators only ever see a complete set.
///
/// `output/<name>` is a symbolic link to `output/.<name>.runs/<run>`; a run
/// writes into a new folder beside it and, once every file is complete,
/// renames a fresh link over the old one (rename(2) replaces atomically). A
/// run killed at any moment, even by SIGKILL, leaves the previous link and
/// its files untouched; the abandoned folder is swept by the next run.
public final class OutputPublisher {
    public let publicPath: String
    public let runsDir: String
    public let workDir: String
    private var published = false

    public enum Failure: Error, CustomStringConvertible {
        case cannotWrite(path: String, reason: String)

        public var description: String {
            switch self {
            case .cannotWrite(let p, let r):
                "cannot write outputs at \(p): \(r); check that the folder exists, is writable and has free space"
            }
        }
    }

    /// Temporary folders of runs in progress, for the signal handler.
    nonisolated(unsafe) static var active: Set<String> = []
    /// Set by the signal handler: no run may publish after it.
    nonisolated(unsafe) static var interrupted = false
    static let activeLock = NSLock()

    public init(outputDir: String, runID: String) throws(Failure) {
        let parent = (outputDir as NSString).deletingLastPathComponent
        let name = (outputDir as NSString).lastPathComponent
        publicPath = outputDir
        runsDir = (parent as NSString).appendingPathComponent(".\(name).runs")
        workDir = (runsDir as NSString).appendingPathComponent("tmp-\(runID)")
        // Made and registered under the lock: a signal between the two
        // left a folder the handler did not know of.
        Self.activeLock.lock()
        defer { Self.activeLock.unlock() }
        guard !Self.interrupted else { throw .cannotWrite(path: workDir, reason: "interrupted by a signal") }
        do {
            try FileManager.default.createDirectory(atPath: workDir, withIntermediateDirectories: true)
        } catch {
            throw .cannotWrite(path: workDir, reason: error.systemReason)
        }
        Self.active.insert(workDir)
        guard access(workDir, W_OK) == 0 else { throw .cannotWrite(path: workDir, reason: "permission denied") }
    }

    public func path(_ file: String) -> String { (workDir as NSString).appendingPathComponent(file) }

    /// Moves the finished folder into place and points the public link at it.
    public func publish(runID: String) throws(Failure) {
        let fm = FileManager.default
        let final = (runsDir as NSString).appendingPathComponent(runID)
        let target = ((runsDir as NSString).lastPathComponent as NSString).appendingPathComponent(runID)
        let link = publicPath + ".tmp-link-\(getpid())"
        // Publishing and the signal handler exclude each other for the whole
        // swap (a few renames): either the handler removed this folder and
        // nothing is published, or the handler waits and the set is whole.
        Self.activeLock.lock()
        defer { Self.activeLock.unlock() }
        guard !Self.interrupted else { throw .cannotWrite(path: publicPath, reason: "interrupted by a signal") }
        Self.active.remove(workDir)
        do {
            // Every file reaches the disk before the folder is published:
            // the CSV writers fsync theirs, but libxlsxwriter and the
            // manifest's atomic write do not, and a power cut after the
            // swap would publish a truncated workbook. Then the folder
            // entries, so it cannot publish a link to missing names.
            try syncFiles(in: workDir)
            try fm.moveItem(atPath: workDir, toPath: final)
            syncDirectory(runsDir)
            _ = unlink(link)
            guard symlink(target, link) == 0 else { throw posix("symlink") }
            var st = stat()
            if lstat(publicPath, &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR {
                // A real folder from an older utfall or made by hand: keep it beside the runs.
                try fm.moveItem(atPath: publicPath, toPath: (runsDir as NSString).appendingPathComponent("previous-folder-\(runID)"))
            }
            guard rename(link, publicPath) == 0 else { throw posix("rename") }
            syncDirectory((publicPath as NSString).deletingLastPathComponent)
        } catch {
            _ = unlink(link)
            // Not published: the moved set must not stay among the runs with a
            // manifest saying exit 0, as if it were one.
            if Self.currentRunFolder(of: publicPath).map(Pipeline.resolved) != Pipeline.resolved(final) { try? fm.removeItem(atPath: final) }
            if let f = error as? Failure { throw f }
            throw .cannotWrite(path: publicPath, reason: error.systemReason)
        }
        published = true
        // Old runs are swept under the lock too: a signal then waits for
        // the deletes, which is better than leaving half a folder behind.
        Self.sweepAbandoned(outputDir: publicPath)
    }

    /// Why `outputDir` is not this pipeline's to publish into, or nil when
    /// it is: nothing there yet, a link into its own runs folder, an empty
    /// folder, or the folder of an older utfall run (it holds a
    /// manifest.json). Publishing moves a real folder aside and later runs
    /// sweep what they moved, so `output: {dir: ../output}` (the folder of
    /// every pipeline's outputs) or the pipelines' own folder must be
    /// refused, not taken over.
    public static func foreignContent(at outputDir: String) -> String? {
        // Inside another pipeline's published set (`out/x/sub` where `out/x`
        // is a link to `.x.runs/<run>`): that pipeline's next run sweeps it.
        // Walked on the absolute path's components: NSString's path
        // functions trapped on relative forms such as `q/../out`.
        var parts = URL(fileURLWithPath: outputDir).standardizedFileURL.pathComponents.filter { $0 != "/" }
        while parts.count > 1 {
            parts.removeLast()
            let up = "/" + parts.joined(separator: "/")
            if let target = try? FileManager.default.destinationOfSymbolicLink(atPath: up), target.hasPrefix(".\(parts.last!).runs/") {
                return "it is inside \(up), the published folder of another pipeline, which that pipeline's runs replace"
            }
        }
        var st = stat()
        guard lstat(outputDir, &st) == 0 else { return nil }
        switch st.st_mode & S_IFMT {
        case S_IFLNK:
            let runs = ".\((outputDir as NSString).lastPathComponent).runs/"
            let target = (try? FileManager.default.destinationOfSymbolicLink(atPath: outputDir)) ?? ""
            return target.hasPrefix(runs) ? nil : "it is a link to \(target), not to a run of its own"
        case S_IFDIR:
            let names = (try? FileManager.default.contentsOfDirectory(atPath: outputDir)) ?? []
            if names.isEmpty || names.contains("manifest.json") { return nil }
            return "it is a folder of other files (\(names.sorted().prefix(3).joined(separator: ", "))\(names.count > 3 ? ", …" : ""))"
        default:
            return "it is a file"
        }
    }

    /// Runs `body`, which writes into the work folder, while no signal can
    /// remove the folder; throws if one already has. A file written while
    /// the handler was removing the folder left it behind, holding a
    /// manifest that said exit 0.
    public func whileActive<T>(_ body: () throws -> T) throws -> T {
        Self.activeLock.lock()
        defer { Self.activeLock.unlock() }
        guard !Self.interrupted else { throw Failure.cannotWrite(path: publicPath, reason: "interrupted by a signal") }
        return try body()
    }

    /// Keeps the failed run's files for the operator instead of publishing.
    public func abandon(keepAs name: String?) -> String? {
        Self.activeLock.withLock { _ = Self.active.remove(workDir) }
        guard let name else {
            try? FileManager.default.removeItem(atPath: workDir)
            return nil
        }
        let dest = (runsDir as NSString).appendingPathComponent(name)
        try? FileManager.default.removeItem(atPath: dest)
        guard (try? FileManager.default.moveItem(atPath: workDir, toPath: dest)) != nil else { return nil }
        // Its rejects.csv holds the rows of respondents (nearly the whole
        // export when a scale is wrong): for the operator only, whatever
        // the umask gave the tables.
        _ = chmod(dest, 0o700)
        // Which failed run is the newest, for the next sweep to keep: told by
        // the folders' names (their start times), a clock set back made the
        // sweep remove the one the log had just pointed the operator to.
        let link = (runsDir as NSString).appendingPathComponent(Self.latestFailed)
        let tmp = link + ".\(getpid())"
        _ = unlink(tmp)
        if symlink(name, tmp) == 0, rename(tmp, link) != 0 { _ = unlink(tmp) }
        // The newest failed run only, as README says: the one before waited
        // for the next run's sweep, and a pipeline failing every night
        // kept two copies of its respondents' rejected rows.
        Self.sweepAbandoned(outputDir: publicPath)
        return dest
    }

    /// A link in the runs folder to the newest failed run.
    static let latestFailed = "latest-failed"

    /// The run folder the public link points at, if any.
    public static func currentRunFolder(of publicPath: String) -> String? {
        guard let dest = try? FileManager.default.destinationOfSymbolicLink(atPath: publicPath) else {
            var isDir: ObjCBool = false
            return FileManager.default.fileExists(atPath: publicPath, isDirectory: &isDir) && isDir.boolValue ? publicPath : nil
        }
        return ((publicPath as NSString).deletingLastPathComponent as NSString).appendingPathComponent(dest)
    }

    private func posix(_ call: String) -> Failure {
        .cannotWrite(path: publicPath, reason: "\(call): \(String(cString: strerror(errno)))")
    }


    private func syncFiles(in dir: String) throws(Failure) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir) else { throw posix("opendir") }
        for name in names.sorted() {
            let path = (dir as NSString).appendingPathComponent(name)
            var st = stat()
            guard lstat(path, &st) == 0 else { throw posix("stat \(name)") }
            if (st.st_mode & S_IFMT) == S_IFDIR { try syncFiles(in: path); continue }
            guard (st.st_mode & S_IFMT) == S_IFREG else { continue }
            guard Self.sync(path, flags: O_RDONLY) else { throw posix("fsync \(name)") }
        }
    }

    private func syncDirectory(_ path: String) { _ = Self.sync(path, flags: O_RDONLY | O_DIRECTORY) }

    /// Opens `path` and fsyncs it; false (with errno) when either fails.
    private static func sync(_ path: String, flags: Int32) -> Bool {
        let fd = open(path, flags)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        return fsync(fd) == 0
    }

    /// Removes every temporary folder of runs in progress and stops any
    /// run from publishing; called on SIGINT and SIGTERM before exiting.
    /// A run already past that point publishes a complete set. Returns
    /// whether folders were removed (false: none was in progress).
    /// Nil when another signal got here first (its handler exits).
    @discardableResult
    public static func removeActiveWorkDirs() -> Bool? {
        // Under the lock, so a publish cannot begin midway (see `publish`).
        activeLock.withLock { () -> Bool? in
            guard !interrupted else { return nil }
            interrupted = true
            for d in active {
                // The writers go on until the process exits: a file made in
                // the folder while it was being emptied left it behind
                // (ENOTEMPTY). Once the folder itself is gone, none can be.
                for _ in 0..<50 {
                    try? FileManager.default.removeItem(atPath: d)
                    if !FileManager.default.fileExists(atPath: d) { break }
                    usleep(2_000)
                }
            }
            let any = !active.isEmpty
            active.removeAll()
            return any
        }
    }

    /// Removes earlier runs and what runs killed by SIGKILL left beside the
    /// published outputs: temporary folders, and run folders the public link
    /// no longer points at. Run before reading (the caller holds the
    /// pipeline's lock) and after publishing. Kept: the published run, the
    /// newest failed run, hand-made folders moved aside, and folders of
    /// other live processes.
    public static func sweepAbandoned(outputDir: String) {
        let parent = (outputDir as NSString).deletingLastPathComponent
        let runsDir = (parent as NSString).appendingPathComponent(".\((outputDir as NSString).lastPathComponent).runs")
        let fm = FileManager.default
        guard let names = try? fm.contentsOfDirectory(atPath: runsDir) else { return }
        let current = currentRunFolder(of: outputDir).map { ($0 as NSString).lastPathComponent }
        let linked = try? fm.destinationOfSymbolicLink(atPath: (runsDir as NSString).appendingPathComponent(latestFailed))
        let failed = linked.flatMap { names.contains($0) ? $0 : nil } ?? names.filter { $0.hasPrefix("failed-") }.sorted().last
        for n in names where n != current && n != failed && n != latestFailed && !n.hasPrefix("previous-folder-") && !Self.isLive(n) {
            try? fm.removeItem(atPath: (runsDir as NSString).appendingPathComponent(n))
        }
        // A swap link left by a run killed mid-publish.
        let prefix = (outputDir as NSString).lastPathComponent + ".tmp-link-"
        for n in (try? fm.contentsOfDirectory(atPath: parent)) ?? [] where n.hasPrefix(prefix) {
            _ = unlink((parent as NSString).appendingPathComponent(n))
        }
    }

    /// Whether `tmp-<time>-<pid>-<n>` belongs to another process still
    /// running (a pipeline of another name writing to the same folder).
    static func isLive(_ folder: String) -> Bool {
        let parts = folder.split(separator: "-")
        guard folder.hasPrefix("tmp-"), parts.count >= 3, let pid = Int32(parts[2]), pid != getpid() else { return false }
        guard kill(pid, 0) == 0 || errno == EPERM else { return false }
        // A pid reused by another program since: the folder of a run killed
        // by SIGKILL was otherwise kept for good. utfall by its name, or by
        // this very program under another name (a link, a renamed copy).
        guard let comm = try? String(contentsOfFile: "/proc/\(pid)/comm", encoding: .utf8) else { return true }
        if comm.hasPrefix("utfall") { return true }
        let fm = FileManager.default
        guard let theirs = try? fm.destinationOfSymbolicLink(atPath: "/proc/\(pid)/exe"),
              let ours = try? fm.destinationOfSymbolicLink(atPath: "/proc/self/exe") else { return false }
        return theirs == ours
    }

    deinit {
        if !published { Self.activeLock.withLock { _ = Self.active.remove(workDir) } }
    }
}
