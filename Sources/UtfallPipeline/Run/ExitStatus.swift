/// Exit codes, sysexits style, so a scheduler can tell a data problem from a
/// broken disk without reading the log.
public enum ExitStatus: Int32, Sendable, Codable, CaseIterable {
    case success = 0
    case usage = 64
    /// Rejected rows or data errors beyond the pipeline's thresholds.
    case dataError = 65
    /// A pipeline file or a data file it names is missing or unreadable.
    case noInput = 66
    case internalError = 70
    /// An output cannot be written.
    case cannotWrite = 73
    /// Another run holds the lock.
    case locked = 75
    /// The pipeline file is invalid.
    case invalidPipeline = 78

    /// When several pipelines fail, the most severe code wins: a broken
    /// program or disk outranks a bad file, which outranks bad data, which
    /// outranks "try again later".
    public var severity: Int {
        switch self {
        case .success: 0
        case .locked: 1
        case .dataError: 2
        case .noInput: 3
        case .invalidPipeline: 4
        case .usage: 5
        case .cannotWrite: 6
        case .internalError: 7
        }
    }

    public static func worst(_ codes: [ExitStatus]) -> ExitStatus {
        codes.max { $0.severity < $1.severity } ?? .success
    }
}
