import Foundation

/// What a run read, wrote and found, as JSON beside the outputs. This is the
/// place for clocks and timings: the workbook stays deterministic, the
/// manifest says when and how long.
public struct Manifest: Codable, Sendable {
    public struct Input: Codable, Sendable {
        public var role: String
        public var path: String
        public var size: Int64
        public var sha256: String
        public var rowsRead: Int
        public var rowsAccepted: Int
        public var rowsRejected: Int
    }

    public struct Output: Codable, Sendable {
        public var path: String
        public var size: Int64
        public var sha256: String
    }

    public struct Stage: Codable, Sendable {
        public var name: String
        public var seconds: Double
        public var detail: String
    }

    public var utfallVersion: String
    public var pipeline: String
    public var pipelineSha256: String
    /// Hash of version, pipeline file and input hashes: equal keys mean the
    /// run would produce the same outputs, so it can be skipped.
    public var runKey: String
    public var startedAt: String
    public var finishedAt: String
    public var exitStatus: Int32
    public var inputs: [Input]
    public var outputs: [Output]
    public var diagnosticsByKind: [String: Int]
    public var stages: [Stage]
    /// The C libraries that parsed and wrote (`libcsv 3.0.3`,
    /// `libxlsxwriter 1.1.4`): an upgrade may change bytes, and the
    /// operator proving which run made a file needs to know. Absent in
    /// manifests of utfall before 0.8.
    public var libraries: [String]?
    /// The folder utfall was started in: relative paths in the log are
    /// relative to it.
    public var workingDirectory: String?

    enum CodingKeys: String, CodingKey {
        case utfallVersion = "utfall_version", pipeline, pipelineSha256 = "pipeline_sha256", runKey = "run_key"
        case startedAt = "started_at", finishedAt = "finished_at", exitStatus = "exit_status", inputs, outputs
        case diagnosticsByKind = "diagnostics_by_kind", stages, libraries, workingDirectory = "working_directory"
    }

    public func encoded() throws -> Data {
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try e.encode(self)
    }

    public static func read(_ path: String) -> Manifest? {
        guard let d = FileManager.default.contents(atPath: path) else { return nil }
        return try? JSONDecoder().decode(Manifest.self, from: d)
    }
}

extension Manifest.Input {
    enum CodingKeys: String, CodingKey {
        case role, path, size, sha256, rowsRead = "rows_read", rowsAccepted = "rows_accepted", rowsRejected = "rows_rejected"
    }
}
