import ArgumentParser
import Foundation
import UtfallRead

/// For the benchmark (bench/run): utfall's reading alone, to compare with
/// libcsv's own throughput. Hidden from help: it is not an analyst's tool.
struct ParseProbeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse-probe",
        abstract: "Read a file and count its records, timing the read (benchmark use).",
        shouldDisplay: false)

    @Argument(help: "A CSV export.")
    var file: String

    @Option(help: "The delimiter: , ; tab or |.")
    var delimiter: String = ";"

    @Option(help: "Threads: from 2 on, files of 16 MiB and more are read in parts.")
    var threads: Int = 1

    func run() throws {
        var o = ReadOptions()
        o.encoding = .utf8
        o.delimiter = delimiter == "tab" ? 9 : delimiter.utf8.first
        o.layout = .plain
        let r = try ParseProbe.run(path: file, options: o, plan: threads > 1 ? .parts(minimumBytes: 16 << 20, threads: threads) : .sequential)
        print("bytes=\(r.bytes) records=\(r.records) fields=\(r.fields) rejected=\(r.rejected) parts=\(r.parts) reread=\(r.reread) "
              + String(format: "wall=%.3f cpu=%.3f mb_per_cpu_s=%.1f", r.wallSeconds, r.cpuSeconds, Double(r.bytes) / r.cpuSeconds / 1e6))
    }
}
