import Foundation
import Synchronization
import UtfallModel

/// What a `TableReader` hands records and rejected rows to.
public protocol RecordConsumer: AnyObject, SendableMetatype {
    /// A data record; the view is valid only during the call.
    func record(_ r: RecordView) throws
    func rejected(_ r: RejectedRow) throws
    /// A later part of a split read numbers its lines from 1 at its first
    /// byte, so that it can start at once instead of counting the line
    /// ends before it. Once the parts before it are read, this is called
    /// with how many lines precede it: every line number the consumer kept
    /// (records, rejects, diagnostics) moves down by `offset`.
    func shiftLines(by offset: Int)
    /// Takes in what the consumer of the part that follows this one's in
    /// the file gathered (its lines already shifted): afterwards this one
    /// holds what one consumer reading both in turn would hold. Whatever a
    /// later part held back (rejects) goes on as if it had just been read.
    func merge(_ later: Self) throws
}

/// Whether a file may be read by several threads.
public enum SplitPlan: Sendable {
    case sequential
    /// UTF-8 files of at least `minimumBytes` are cut into parts of about
    /// `partBytes` (at least two), read by `threads` threads.
    case parts(minimumBytes: Int, partBytes: Int? = nil, threads: Int = 2)
    /// Cut at the first line end at or after each offset, whatever follows
    /// it (for tests: every cut must read the same as none).
    case at(offsets: [Int], threads: Int = 2)

    /// Parts for files of 16 MiB and more when the machine has a second
    /// core (two to four threads): below that a thread costs more than it
    /// saves.
    public static var automatic: SplitPlan {
        let cores = ProcessInfo.processInfo.activeProcessorCount
        return cores > 1 ? .parts(minimumBytes: 16 << 20, threads: min(cores, 4)) : .sequential
    }

    public var threads: Int {
        switch self {
        case .sequential: 1
        case .parts(_, _, let t), .at(_, let t): max(1, t)
        }
    }
}

/// How a split read went: the parts the file was cut into, and how many
/// of them were read again by the merged stream, on the merging thread: a
/// cut that fell inside a record (a quoted field, the header), a part that
/// failed or gave up, and the parts after one that gave up.
public struct SplitReport: Sendable, Equatable {
    public var parts = 1
    public var reread = 0
}

final class ClosureConsumer: RecordConsumer {
    let onRecord: (RecordView) throws -> Void
    let onRejected: (RejectedRow) throws -> Void

    init(record: @escaping (RecordView) throws -> Void, rejected: @escaping (RejectedRow) throws -> Void) {
        onRecord = record
        onRejected = rejected
    }

    func record(_ r: RecordView) throws { try onRecord(r) }
    func rejected(_ r: RejectedRow) throws { try onRejected(r) }
    // Never a later part: `forEachRecord` reads on one thread.
    func shiftLines(by offset: Int) { precondition(offset == 0, "a closure consumer cannot renumber what it passed on") }
    func merge(_ later: ClosureConsumer) throws { preconditionFailure("a closure consumer is never split") }
}

