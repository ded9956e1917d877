import Foundation
import Testing

/// Runs the built `utfall` binary the way a scheduler does and captures what
/// it says: CLI tests assert on exit codes and output, not on internals.
struct CLI {
    static var binary: URL {
        // The test bundle sits in the same build folder as the executable.
        let exe = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var dir = exe.deletingLastPathComponent()
        while dir.path != "/" {
            let candidate = dir.appendingPathComponent("utfall")
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDir), !isDir.boolValue { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return URL(fileURLWithPath: packageRoot).appendingPathComponent(".build/debug/utfall")
    }

    static let packageRoot: String = {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    }()

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    @discardableResult
    static func run(_ args: [String], cwd: String? = nil, user: String? = nil, environment: [String: String] = [:]) throws -> Result {
        if let user {
            // The build folder may sit in a private checkout (mktemp -d is 0700)
            // that the other user cannot enter: run a copy from a shared place.
            let copy = NSTemporaryDirectory() + "utfall-\(user)-\(UUID().uuidString)"
            try FileManager.default.copyItem(atPath: binary.path, toPath: copy)
            defer { try? FileManager.default.removeItem(atPath: copy) }
            chmod(copy, 0o755)
            return try exec(URL(fileURLWithPath: "/usr/sbin/runuser"), ["-u", user, "--", copy] + args, cwd: cwd)
        }
        return try exec(binary, args, cwd: cwd, environment: environment)
    }

    /// Runs as a user that permission bits apply to: root ignores them, so
    /// as root the run goes through runuser as `nobody`.
    static func runUnprivileged(_ args: [String]) throws -> Result {
        let asRoot = getuid() == 0
        try #require(!asRoot || FileManager.default.isExecutableFile(atPath: "/usr/sbin/runuser"), "root needs runuser to drop privileges")
        return try run(args, user: asRoot ? "nobody" : nil)
    }

    /// Runs any program and captures its exit status and output.
    static func exec(_ tool: URL, _ args: [String], cwd: String? = nil, environment: [String: String] = [:]) throws -> Result {
        let p = Process()
        p.executableURL = tool
        p.arguments = args
        if !environment.isEmpty { p.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
        if let cwd { p.currentDirectoryURL = URL(fileURLWithPath: cwd) }
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        // Drain stderr on its own thread: a chatty run must not block on a full pipe.
        nonisolated(unsafe) var e = Data()
        let drained = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            e = err.fileHandleForReading.readDataToEndOfFile()
            drained.signal()
        }
        let o = out.fileHandleForReading.readDataToEndOfFile()
        drained.wait()
        p.waitUntilExit()
        return Result(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
    }

    /// Starts a run in the background; its stderr goes to `stderrFile` when given.
    static func start(_ args: [String], stderrFile: String? = nil) throws -> Process {
        let p = Process()
        p.executableURL = binary
        p.arguments = args
        p.standardOutput = FileHandle.nullDevice
        if let stderrFile {
            _ = FileManager.default.createFile(atPath: stderrFile, contents: nil)
            p.standardError = FileHandle(forWritingAtPath: stderrFile)
        } else {
            p.standardError = FileHandle.nullDevice
        }
        try p.run()
        return p
    }
}

/// A scratch folder with a pipeline and its data, removed afterwards.
final class Scratch {
    let dir: String

    init() throws {
        dir = NSTemporaryDirectory() + "utfall-cli-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: dir) }

    func path(_ name: String) -> String { (dir as NSString).appendingPathComponent(name) }

    func write(_ name: String, _ text: String) throws {
        let p = path(name)
        try FileManager.default.createDirectory(atPath: (p as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: p, atomically: true, encoding: .utf8)
    }

    func read(_ name: String) -> Data? { FileManager.default.contents(atPath: path(name)) }

    /// A portfolio pipeline `port` over `data/index.csv`, publishing into
    /// `out/port`; `dimensions` as a YAML flow mapping.
    func portfolioPipeline(project: String, dimensions: String, maxRejectedShare: Double = 0.05) throws {
        try write("pipelines/port.yaml", """
            version: 1
            name: port
            output: { dir: ../out/port }
            thresholds: { max_rejected_share: \(maxRejectedShare) }
            portfolio:
              input: ../data/index.csv
              project: \(project)
              dimensions: \(dimensions)

            """)
    }

    /// A follow-up pipeline over `data/long.csv` in the long layout
    /// (Projekt; Mått; Kön; Underlag; Värde), publishing into `out/<name>`.
    /// `extra`: further keys of `followup:`, indented.
    func longFollowUpPipeline(_ name: String, maxRejectedShare: Double, extra: String = "") throws {
        try followUpPipeline(name, input: "long.csv", layout: "long", maxRejectedShare: maxRejectedShare, rest: """
              measure_column: Mått
              gender_column: Kön
              basis_column: Underlag
              value_column: Värde
            """ + extra)
    }

    /// The part every follow-up pipeline of these tests shares, then `rest`
    /// (indented as keys of `followup:`).
    private func followUpPipeline(_ name: String, input: String, layout: String, maxRejectedShare: Double, rest: String) throws {
        try write("pipelines/\(name).yaml", """
            version: 1
            name: \(name)
            output: { dir: ../out/\(name) }
            thresholds: { max_rejected_share: \(maxRejectedShare) }
            followup:
              input: ../data/\(input)
              layout: \(layout)
              project: Projekt
            \(rest)

            """)
    }

    /// A follow-up pipeline over `data/<input>` in the wide layout (project
    /// column `Projekt`), one `columns` entry per line, into `out/<name>`.
    func wideFollowUpPipeline(_ name: String, input: String, columns: [String], maxRejectedShare: Double = 0.05) throws {
        try followUpPipeline(name, input: input, layout: "wide", maxRejectedShare: maxRejectedShare,
                             rest: "  columns:\n" + columns.map { "    - \($0)" }.joined(separator: "\n"))
    }

    /// `p.yaml`: a survey of `data.csv` by `Kurs` (and `Projekt`), one item
    /// `F1` on stammer5, every cell published into `out/`, enrolled from `e.csv`.
    func enrolledSurveyPipeline(project: Bool = false, maxRejectedShare: Double? = nil) throws {
        try write("p.yaml", "version: 1\nname: p\nmin_cell_size: 1\noutput: { dir: out }\n"
                  + (maxRejectedShare.map { "thresholds: { max_rejected_share: \($0) }\n" } ?? "")
                  + "survey:\n  input: data.csv\n" + (project ? "  project: Projekt\n" : "") + "  course: Kurs\n"
                  + "  items: [{ column: F1, scale: stammer5 }]\n"
                  + "  enrollment: { input: e.csv, \(project ? "project: Projekt, " : "")course: Kurs, enrolled: Inskrivna }\n")
    }

    /// A small survey pipeline over `survey.csv` with `rows` respondents and
    /// `bad` rows whose course is empty (rejected).
    func surveyPipeline(rows: Int = 12, bad: Int = 0, extra: String = "") throws -> String {
        var csv = "Kurs;Kön;Jag är nöjd med kursen.\n"
        let labels = ["Stämmer inte alls", "Stämmer lite", "Stämmer lagom", "Stämmer ganska mycket", "Stämmer mycket väl"]
        for i in 0..<rows { csv += "Kurs \(i % 2 == 0 ? "A" : "B");\(i % 3 == 0 ? "Man" : "Kvinna");\(labels[i % 5])\n" }
        for _ in 0..<bad { csv += ";Kvinna;Stämmer lite\n" }
        try write("data/survey.csv", csv)
        try write("pipelines/p.yaml", """
            version: 1
            name: p
            data_date: 2024-01-31
            min_cell_size: 2
            output:
              dir: ../out/p
            \(extra)
            survey:
              input: ../data/survey.csv
              project: Kurs
              course: Kurs
              breakdowns:
                - { name: gender, column: Kön, mapping: gender }
              items:
                - { column: "Jag är nöjd med kursen.", id: nojd, scale: stammer5 }

            """)
        return path("pipelines/p.yaml")
    }
}
