import Foundation
import Synchronization

/// A file read in parts by several threads, each part into a consumer of
/// its own, merged into the first part's consumer in file order.
///
/// Parts are handed out one at a time to whichever thread is free, so a
/// thread on a busy core does less of the file rather than holding up the
/// end: two cores of one machine can differ by half in speed when other
/// work shares them. A thread runs at most `window` parts ahead of the
/// merged ones, which bounds the consumers alive at once.
///
/// Every part but the first starts at a line end chosen without reading
/// what came before it, so it may start inside a quoted field, and it
/// numbers its lines from 1. The parts are checked as they are merged:
/// once the part before is merged, its stream must stand exactly between
/// two records at the cut. If it does not, or if the part could not be
/// read to its end (an error, or its consumer gave up), the part's bytes
/// are read again by the merged stream, on the merging thread, as one
/// thread reading the whole file would have read them; after a part that
/// failed or gave up, so are the parts not yet handed out. Either way
/// every record is seen once, with its true line number.
final class PartedRead<C: RecordConsumer>: @unchecked Sendable {
    private final class Part {
        let index: Int
        let start: Int
        let end: Int?
        let cancelled = Atomic<Bool>(false)
        var consumer: C?
        var csv: CSVStream?
        var stats = ReadStats()
        var header = TableReader.HeaderSkip.none
        /// Set, under the lock, once its thread is done with it: whether it
        /// was read to its end.
        var finished: Bool?
        /// Its first bytes turned out to be inside a record (see type doc).
        var startsInside = false

        init(index: Int, start: Int, end: Int?) {
            self.index = index
            self.start = start
            self.end = end
        }
    }

    private let reader: TableReader
    private let parts: [Part]
    private let window: Int
    /// Dropped when the read is over: the caller lends it for the read only,
    /// and a helper thread may outlive `run` by a moment.
    private var make: ((Int) throws -> C)?
    private let lock = NSCondition()
    // Under `lock`:
    private var nextPart = 0
    private var merged = -1
    private var merging = false
    private var failure: (any Error)?
    // Touched only by the merging thread (one at a time, see `complete`),
    // but for `header`, which the first part's reader copies before any merge:
    /// The stream that read the merged parts, its lines counted from the
    /// file's start, left where the last merged part ended.
    private var stream: CSVStream?
    private var stats = ReadStats()
    private var header: TableReader.HeaderSkip
    private(set) var report = SplitReport()

    /// `cuts` are the parts' first bytes after the first; `make` is called
    /// for each part, one call at a time, on whichever thread reads it.
    init(reader: TableReader, cuts: [Int], header: TableReader.HeaderSkip, window: Int, make: @escaping (Int) throws -> C) {
        self.reader = reader
        let starts = [reader.bomLength] + cuts
        parts = starts.indices.map { Part(index: $0, start: starts[$0], end: $0 + 1 < starts.count ? starts[$0 + 1] : nil) }
        self.header = header
        self.window = max(1, window)
        self.make = make
        report.parts = parts.count
    }

    /// Reads the whole file on `threads` threads (this one included) and
    /// returns the first part's consumer with everything merged into it.
    func run(threads: Int) throws -> (C, ReadStats) {
        let helpers = (1..<max(1, threads)).map { _ in
            let done = DispatchSemaphore(value: 0)
            let t = Thread { [self] in
                work()
                done.signal()
            }
            t.stackSize = 8 << 20
            t.start()
            return done
        }
        work()
        helpers.forEach { $0.wait() }
        lock.withLock { make = nil }
        if let failure { throw failure }
        guard let first = parts[0].consumer else { preconditionFailure("the first part was not read") }
        return (first, stats)
    }

    private func work() {
        while let part = claim() {
            complete(part, finished: read(part))
        }
    }

    /// The next part to read, with its consumer made; nil when all are
    /// handed out or the read failed. Waits while this thread would run
    /// more than `window` parts ahead of the merged ones.
    private func claim() -> Part? {
        lock.lock()
        defer { lock.unlock() }
        while failure == nil, nextPart < parts.count, nextPart > merged + window { lock.wait() }
        guard failure == nil, nextPart < parts.count else { return nil }
        let part = parts[nextPart]
        nextPart += 1
        do {
            guard let make else { return nil }
            part.consumer = try make(part.index)
        } catch {
            fail(error)
            return nil
        }
        return part
    }

    /// Reads the part's bytes into its consumer; whether it got to the end.
    private func read(_ part: Part) -> Bool {
        do {
            let csv = try CSVStream(file: reader.path, delimiter: reader.format.delimiter)
            part.csv = csv
            var transcoder = Transcoder(reader.format.encoding)
            if part.index == 0 { part.header = header }
            guard let consumer = part.consumer,
                  try reader.read(FileChunks(path: reader.path, from: part.start, to: part.end), csv, &transcoder, &part.header,
                                  &part.stats, consumer, cancelled: { part.cancelled.load(ordering: .relaxed) })
            else { return false }
            if part.end == nil { try reader.finish(csv, &transcoder, &part.header, &part.stats, consumer) }
            return true
        } catch {
            // The first part is read as one thread would read it: its
            // errors are the file's. A later part's error is met again, in
            // its place, when its bytes are read again (see `merge`).
            if part.index == 0 { lock.withLock { fail(error) } }
            return false
        }
    }

    /// Marks the part done and merges the parts that are ready, unless
    /// another thread is merging already (that one takes this part in too).
    private func complete(_ part: Part, finished: Bool) {
        lock.lock()
        defer { lock.unlock() }
        part.finished = finished
        if !finished, part.index > 0, !part.cancelled.load(ordering: .relaxed) {
            // It failed or gave up on its own (too many rejects to hold,
            // say): the parts after it would likely do the same, so none
            // is handed out any more; the merged stream reads them in turn.
            for later in parts[nextPart...] { later.finished = false }
            nextPart = parts.count
        }
        guard !merging else { return }
        merging = true
        defer { merging = false }
        while failure == nil, merged + 1 < parts.count, parts[merged + 1].finished != nil {
            let next = parts[merged + 1]
            lock.unlock()
            do {
                try merge(next)
                lock.lock()
                merged = next.index
                lock.broadcast()
            } catch {
                lock.lock()
                fail(error)
            }
        }
    }

    /// Takes a read part into the merged ones, or reads its bytes again.
    private func merge(_ part: Part) throws {
        if part.index == 0 {
            guard part.finished == true, let csv = part.csv else { preconditionFailure("a failed first part fails the read") }
            stream = csv
            stats = part.stats
            header = part.header
        } else if let stream, !part.startsInside, part.finished == true, let later = part.consumer, let csv = part.csv,
                  let first = parts[0].consumer {
            let offset = stream.line - 1
            later.shiftLines(by: offset)
            try first.merge(later)
            csv.shiftLines(by: offset)
            self.stream = csv
            stats.records += part.stats.records
            stats.rejected += part.stats.rejected
            stats.blankRows += part.stats.blankRows
            stats.utf8In8Bit += part.stats.utf8In8Bit
            if part.stats.records > 0 {
                stats.lastRecordRejected = part.stats.lastRecordRejected
                stats.lastRecordLine = part.stats.lastRecordLine + offset
                stats.lastRecordOpenQuote = part.stats.lastRecordOpenQuote
            }
        } else {
            guard let stream, let first = parts[0].consumer else { preconditionFailure("parts merge in order") }
            report.reread += 1
            var transcoder = Transcoder(reader.format.encoding)
            try reader.read(FileChunks(path: reader.path, from: part.start, to: part.end), stream, &transcoder, &header, &stats,
                            first, cancelled: nil)
            if part.end == nil { try reader.finish(stream, &transcoder, &header, &stats, first) }
        }
        if part.index > 0 {
            // Done with: let the part's memory go before the next one is merged.
            part.consumer = nil
            part.csv = nil
        }
        if part.index + 1 < parts.count, let stream, !(stream.isBetweenRecords && header.done) {
            let next = parts[part.index + 1]
            next.startsInside = true
            next.cancelled.store(true, ordering: .relaxed)
        }
    }

    /// Under `lock`: stops the read; the first error is the one reported.
    private func fail(_ error: any Error) {
        if failure == nil { failure = error }
        for p in parts { p.cancelled.store(true, ordering: .relaxed) }
        lock.broadcast()
    }
}
