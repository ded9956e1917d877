import Foundation
import Synchronization
import UtfallModel

/// What a `TableReader` hands records and rejected rows to.
public protocol RecordConsumer: AnyObject {
    /// A data record; the view is valid only during the call.
    func record(_ r: RecordView) throws
    func rejected(_ r: RejectedRow) throws
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
}

/// The second half of a split read, on its own thread.
///
/// It counts the line ends before its start first, so that every line
/// number it reports is the file's own; the first half checks that count
/// against its own when it gets there.
final class SecondPart<C: RecordConsumer>: @unchecked Sendable {
    enum Outcome {
        case finished(ReadStats, startLine: Int)
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
            let startLine = try 1 + Self.lineEnds(path: reader.path, from: reader.bomLength, to: at)
            if isCancelled { return .failed }
            let csv = try CSVStream(file: reader.path, delimiter: reader.format.delimiter, firstLine: startLine)
            var transcoder = Transcoder(reader.format.encoding)
            var header = TableReader.HeaderSkip.none
            var stats = ReadStats()
            guard try reader.read(FileChunks(path: reader.path, from: at), csv, &transcoder, &header, &stats, consumer, cancel: self)
            else { return .failed }
            try reader.finish(csv, &transcoder, &header, &stats, consumer)
            return .finished(stats, startLine: startLine)
        } catch {
            // Whatever went wrong is met again, and reported, when the first
            // half reads on over the same bytes.
            return .failed
        }
    }

    /// Line ends (LF, CR, CRLF as one) in a byte range, counted as the
    /// stream counts them.
    static func lineEnds(path: String, from: Int, to: Int) throws -> Int {
        let chunks = try FileChunks(path: path, from: from, to: to)
        var count = 0
        var lastWasCR = false
        while true {
            let chunk = try chunks.next(line: nil)
            guard !chunk.isEmpty, let base = chunk.baseAddress?.assumingMemoryBound(to: UInt8.self) else { break }
            let n = chunk.count
            var lf = 0, cr = 0, crlf = 0
            var p = base
            let end = base + n
            while p < end, let hit = memchr(p, 0x0A, end - p) {
                lf += 1
                let q = UnsafePointer(hit.assumingMemoryBound(to: UInt8.self))
                if q > base ? q[-1] == 0x0D : lastWasCR { crlf += 1 }
                p = UnsafePointer(q + 1)
            }
            p = base
            while p < end, let hit = memchr(p, 0x0D, end - p) {
                cr += 1
                p = UnsafePointer(hit.assumingMemoryBound(to: UInt8.self) + 1)
            }
            count += lf + cr - crlf
            lastWasCR = base[n - 1] == 0x0D
        }
        return count
    }
}
