import Foundation
import UtfallModel

/// Reads a file through the reader and does nothing with its records: what
/// the benchmark compares with libcsv on its own, to see what utfall's
/// reading (chunks, UTF-8 check, line numbers, field spans) costs on top of
/// the parse.
public enum ParseProbe {
    public struct Result: Sendable {
        public var bytes: Int
        public var records: Int
        public var fields: Int
        public var rejected: Int
        public var parts: Int
        /// Parts read a second time (see `SplitReport`).
        public var reread: Int
        public var wallSeconds: Double
        /// User and system time of the whole process during the read.
        public var cpuSeconds: Double
    }

    private final class Counter: RecordConsumer {
        var fields = 0
        func record(_ r: RecordView) throws { fields += r.count }
        func rejected(_ r: RejectedRow) throws {}
        func shiftLines(by offset: Int) {}
        func merge(_ later: Counter) { fields += later.fields }
    }

    public static func run(path: String, options: ReadOptions, plan: SplitPlan) throws -> Result {
        let cpu0 = cpuSeconds()
        let t0 = DispatchTime.now()
        let reader = try TableReader(path: path, options: options)
        let counted = try reader.scan(plan) { _ in Counter() }
        let wall = Double(DispatchTime.now().uptimeNanoseconds - t0.uptimeNanoseconds) / 1e9
        return Result(bytes: try FileChunks(path: path).fileSize ?? 0, records: reader.stats.records,
                      fields: counted.fields, rejected: reader.stats.rejected, parts: reader.split.parts, reread: reader.split.reread,
                      wallSeconds: wall, cpuSeconds: cpuSeconds() - cpu0)
    }

    private static func cpuSeconds() -> Double {
        var u = rusage()
        getrusage(RUSAGE_SELF.rawValue, &u)
        return Double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) + Double(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6
    }
}
