import ArgumentParser
import Foundation
import UtfallPipeline
import UtfallRead

struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Show how utfall reads an export: encoding, delimiter, platform layout, header rows, row count, bad lines, and each column's type with examples.")

    @Argument(help: "A CSV or TSV export.")
    var file: String

    @Flag(help: "Print JSON instead of text.")
    var json = false

    @Flag(help: "Print a first pipeline file for the export instead: project, course and breakdown columns by their names, an item per column a built-in scale fits, and why other columns were left out.")
    var pipeline = false

    @Option(help: "Override the detected encoding (\(TextEncoding.allCases.map(\.rawValue).joined(separator: ", "))).")
    var encoding: String?

    @Option(help: "Override the detected delimiter: , ; tab or |.")
    var delimiter: String?

    @Option(help: "Override the detected layout (\(ExportLayout.allCases.map(\.rawValue).joined(separator: ", "))).")
    var layout: String?

    @Option(help: "1-based line of the (first) header row.")
    var headerLine: Int?

    func validate() throws {
        if let e = encoding, TextEncoding.named(e) == nil { throw ValidationError("unknown encoding '\(e)'") }
        if let l = layout, ExportLayout(rawValue: l) == nil { throw ValidationError("unknown layout '\(l)'") }
        if let d = delimiter, ReadOptions.delimiter(named: d) == nil {
            throw ValidationError("expected one of ',', ';', '|', 'tab' as the delimiter, as in a pipeline file; found '\(d)'")
        }
        if let h = headerLine, h < 1 { throw ValidationError("--header-line counts from 1; found \(h)") }
        if json && pipeline { throw ValidationError("--json and --pipeline print different things; give one") }
    }

    func run() throws {
        var o = ReadOptions()
        o.encoding = encoding.flatMap(TextEncoding.named)
        o.delimiter = delimiter.flatMap(ReadOptions.delimiter(named:))
        o.layout = layout.flatMap(ExportLayout.init(rawValue:))
        o.headerLine = headerLine
        if let why = RegularFile.problem(file) {
            StandardError.write("utfall inspect: \(file): \(why); give the exported file\n")
            throw ExitCode(ExitStatus.noInput.rawValue)
        }
        do {
            let report = try Inspection.run(path: file, options: o)
            if pipeline {
                print(PipelineSuggestion(inspection: report, path: file).yaml, terminator: "")
            } else {
                print(json ? report.json : report.text, terminator: json ? "\n" : "")
            }
        } catch let e as ReadError {
            StandardError.write("utfall inspect: \(e)\n")
            // Tools that asked for JSON get JSON on stdout too, so they need not parse stderr.
            if json {
                let body = try JSONSerialization.data(withJSONObject: ["file": file, "error": "\(e)"], options: [.sortedKeys])
                print(String(decoding: body, as: UTF8.self))
            }
            throw ExitCode(ExitStatus.noInput.rawValue)
        }
    }
}
