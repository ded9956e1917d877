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
}

/// Whether a file may be read by two threads.
public enum SplitPlan: Sendable {
    case sequential
    /// Split UTF-8 files of at least this many bytes in two.
    case halves(minimumBytes: Int)
    /// Split at the first line end at or after this byte offset (for tests:
    /// every offset of a file must read the same as no split).
    case at(offset: Int)

    /// Two halves for files of 16 MiB and more when the machine has a
    /// second core: below that a thread costs more than it saves.
    public static var automatic: SplitPlan {
        ProcessInfo.processInfo.activeProcessorCount > 1 ? .halves(minimumBytes: 16 << 20) : .sequential
    }
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
}

/// The second half of a split read, on its own thread.
///
/// It numbers lines from 1 at its start; the first half, which knows the
/// line it stopped at, has its consumer renumber them (`shiftLines`).
final class SecondPart<C: RecordConsumer>: @unchecked Sendable {
    enum Outcome {
        case finished(ReadStats)
        case failed
    }

    private let reader: TableReader
    private let at: Int
    let consumer: C
    private let cancelled = Atomic<Bool>(false)
    private let done = DispatchSemaphore(value: 0)
    private var outcome = Outcome.failed

    init(reader: TableReader, at: Int, consumer: C) {
        self.reader = reader
        self.at = at
        self.consumer = consumer
    }

    var isCancelled: Bool { cancelled.load(ordering: .relaxed) }

    func cancel() { cancelled.store(true, ordering: .relaxed) }

    func start() {
        let t = Thread { [self] in
            defer { done.signal() }
            outcome = run()
        }
        t.stackSize = 8 << 20
        t.start()
    }

    /// Waits for the thread; its outcome is safe to read afterwards.
    func wait() -> Outcome {
        done.wait()
        return outcome
    }

    private func run() -> Outcome {
        do {
            let csv = try CSVStream(file: reader.path, delimiter: reader.format.delimiter)
            var transcoder = Transcoder(reader.format.encoding)
            var header = TableReader.HeaderSkip.none
            var stats = ReadStats()
            guard try reader.read(FileChunks(path: reader.path, from: at), csv, &transcoder, &header, &stats, consumer, cancel: self)
            else { return .failed }
            try reader.finish(csv, &transcoder, &header, &stats, consumer)
            return .finished(stats)
        } catch {
            // Whatever went wrong is met again, and reported, when the first
            // half reads on over the same bytes.
            return .failed
        }
    }
}
