import Foundation
import Synchronization
import UtfallAnalyze
import UtfallModel
@testable import UtfallWrite

/// A small survey whose course and answer texts try formula injection.
enum WriteFixtures {
    static let hostile = ["=HYPERLINK(\"http://x\",\"klick\")", "+SUM(1)", "-1+1", "@cmd", "\t=1+1", "\r=1+1"]

    static func survey(minCellSize: Int = 1) -> SurveyResults {
        let scale = Scale.builtIn["stammer5"]!
        let spec = SurveySpec(file: "s.csv", projectColumn: 0, courseColumn: 1,
                              items: [.init(id: "q1", text: "=Påstående 1", column: 2, scale: scale)],
                              minCellSize: minCellSize)
        let agg = SurveyAggregator(spec: spec)
        let labels = ["Stämmer inte alls", "Stämmer lite", "Stämmer lagom", "Stämmer ganska mycket", "Stämmer mycket väl"]
        var line = 2
        for (i, course) in hostile.enumerated() {
            for j in 0...i { agg.add(Record(line: line, fields: ["Insats", course, labels[(i + j) % 5]])); line += 1 }
        }
        return agg.results()
    }

    static func bundle(language: ReportMeta.Language = .sv) -> ReportBundle {
        var b = ReportBundle(meta: ReportMeta(name: "test", title: "Test", description: "@beskrivning",
                                              dataDate: CalendarDate(year: 2024, month: 4, day: 12), language: language,
                                              minCellSize: 1, pipelineFile: "p.yaml", utfallVersion: "0.0.0"))
        b.survey = survey()
        b.quality = DataQuality(inputs: [.init(role: "survey", path: "/x/s.csv", format: "utf-8", read: 21, accepted: 21, rejected: 0)])
        b.about = [AboutEntry(role: "survey", fileName: "s.csv", size: 123, sha256: String(repeating: "ab", count: 32))]
        return b
    }

    /// A fresh folder, removed when the test process exits (tests run in
    /// parallel in one process, so no test may sweep another's folder).
    static func tempDir() -> String {
        let d = NSTemporaryDirectory() + "utfall-write-\(UUID().uuidString)"
        try! FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
        created.withLock { $0.append(d) }
        return d
    }

    private static let created: Mutex<[String]> = {
        atexit {
            for d in WriteFixtures.created.withLock({ $0 }) { try? FileManager.default.removeItem(atPath: d) }
        }
        return Mutex([])
    }()

    /// The text of one part of an .xlsx (a zip), via unzip(1).
    static func part(_ xlsx: String, _ name: String) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/unzip")
        p.arguments = ["-p", xlsx, name]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    static func parts(_ xlsx: String) throws -> [String] {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/unzip")
        p.arguments = ["-Z1", xlsx]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
    }
}
