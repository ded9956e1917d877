import Foundation
import UtfallAnalyze
import UtfallModel
import UtfallRead
import Yams

/// Why a pipeline file could not be used: every problem at once, each with
/// file, line and key path.
public struct PipelineFileError: Error, CustomStringConvertible, Sendable {
    public var file: String
    public var diagnostics: Diagnostics
    /// True when the file itself is missing or unreadable (exit 66), false
    /// when it is there but wrong (exit 78).
    public var isMissing: Bool

    public var description: String {
        diagnostics.items.map(\.description).joined(separator: "\n")
    }
}

/// Reads pipeline files. The YAML is parsed with Yams into nodes that keep
/// their line numbers; the checks here are what makes a message point at
/// `pipelines/emin.yaml:14 survey.items[3].scale` instead of a stack trace.
public enum PipelineLoader {
    /// Loads and checks one file. Warnings (unknown keys) come back with a
    /// valid pipeline; errors throw.
    public static func load(_ path: String) throws(PipelineFileError) -> (Pipeline, Diagnostics) {
        let display = path
        if let why = RegularFile.problem(path) {
            var d = Diagnostics()
            d.add(Diagnostic(.error, kind: "pipeline_missing", at: SourceLocation(file: display),
                             "\(why); give a .yaml file, or a folder of them to run them all"))
            throw PipelineFileError(file: display, diagnostics: d, isMissing: true)
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            var d = Diagnostics()
            let exists = FileManager.default.fileExists(atPath: path)
            d.add(Diagnostic(.error, kind: "pipeline_missing", at: SourceLocation(file: display),
                             exists ? "the pipeline file cannot be read; check its permissions"
                                    : "no such pipeline file; give a path to a .yaml file or a folder of them"))
            throw PipelineFileError(file: display, diagnostics: d, isMissing: true)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            var d = Diagnostics()
            d.add(Diagnostic(.error, kind: "invalid_pipeline", at: SourceLocation(file: display),
                             "the pipeline file is not UTF-8 text; save it as UTF-8"))
            throw PipelineFileError(file: display, diagnostics: d, isMissing: false)
        }
        return try parse(text, file: display, baseDirectory: (path as NSString).deletingLastPathComponent)
    }

    public static func parse(_ text: String, file: String, baseDirectory: String) throws(PipelineFileError) -> (Pipeline, Diagnostics) {
        var problems = ConfigProblems()
        let root: Node
        do {
            guard let n = try Yams.compose(yaml: text) else {
                problems.error(nil, file, "(file)", "the pipeline file is empty; start with `version: 1`")
                throw PipelineFileError(file: file, diagnostics: problems.diagnostics, isMissing: false)
            }
            root = n
        } catch let e as PipelineFileError {
            throw e
        } catch YamlError.duplicatedKeysInMapping(let duplicates, let context) {
            // Yams quotes the whole mapping; the line of the repeated key is what helps.
            let key = duplicates.sorted().first ?? ""
            problems.diagnostics.add(Diagnostic(.error, kind: "invalid_pipeline", at: duplicateLine(of: key, in: text, from: context.mark.line, file: file),
                                                "the key '\(key)' is given twice in one mapping; keep one (the later would silently win in other tools)"))
            throw PipelineFileError(file: file, diagnostics: problems.diagnostics, isMissing: false)
        } catch {
            problems.diagnostics.add(Diagnostic(.error, kind: "invalid_pipeline", at: yamlLocation(error, file: file),
                                                "not valid YAML: \(yamlProblem(error))"))
            throw PipelineFileError(file: file, diagnostics: problems.diagnostics, isMissing: false)
        }
        var builder = Builder(file: file, base: baseDirectory)
        let pipeline = builder.pipeline(ConfigNode(node: root, path: "", file: file), &problems)
        if problems.diagnostics.errorCount > 0 || pipeline == nil {
            throw PipelineFileError(file: file, diagnostics: problems.diagnostics, isMissing: false)
        }
        return (pipeline!, problems.diagnostics)
    }

    /// The folders among `paths` that hold no pipeline file: named on the
    /// command line, they are a mistake to report, not a silent no-op.
    public static func foldersWithoutPipelines(_ paths: [String]) -> [String] {
        paths.filter { p in
            var isDir: ObjCBool = false
            return FileManager.default.fileExists(atPath: p, isDirectory: &isDir) && isDir.boolValue && expand([p]).isEmpty
        }
    }

    /// Pipeline files named on the command line: files as given, folders
    /// expanded to their `.yaml`/`.yml` files in name order. A file named
    /// twice (`run p/a.yaml p/`) is run once, where it is first named: run
    /// twice, it was counted twice in the summary and its second run was
    /// skipped as unchanged.
    public static func expand(_ paths: [String]) -> [String] {
        var out: [String] = []
        var seen = Set<String>()
        func add(_ file: String) {
            if seen.insert(Pipeline.resolved(file)).inserted { out.append(file) }
        }
        for p in paths {
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: p, isDirectory: &isDir), isDir.boolValue {
                let names = (try? FileManager.default.contentsOfDirectory(atPath: p)) ?? []
                // `NAME.YAML` from a Windows share is a pipeline file too.
                // Hidden files are no pipelines: an editor's lock `.#p.yaml`
                // failed the night, and `.p.yaml`, switched off, still ran.
                names.filter { let l = $0.lowercased(); return !l.hasPrefix(".") && (l.hasSuffix(".yaml") || l.hasSuffix(".yml")) }.sorted()
                    .forEach { add((p as NSString).appendingPathComponent($0)) }
            } else {
                add(p)
            }
        }
        return out
    }

    /// The line (1-based) of the second `key:` at or after line `from`
    /// (Yams' 0-based mark of the mapping), where the repetition is.
    private static func duplicateLine(of key: String, in text: String, from: Int, file: String) -> SourceLocation {
        var seen = 0
        for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() where i >= max(0, from - 1) {
            let t = line.drop { $0 == " " || $0 == "-" }
            if t.hasPrefix(key + ":") || t.hasPrefix("'\(key)':") || t.hasPrefix("\"\(key)\":") {
                seen += 1
                if seen == 2 { return SourceLocation(file: file, line: i + 1, column: line.count - t.count + 1) }
            }
        }
        return SourceLocation(file: file, line: from + 1)
    }

    private static func yamlLocation(_ error: Error, file: String) -> SourceLocation {
        if case let YamlError.scanner(_, _, mark, _) = error { return SourceLocation(file: file, line: mark.line, column: mark.column) }
        if case let YamlError.parser(_, _, mark, _) = error { return SourceLocation(file: file, line: mark.line, column: mark.column) }
        if case let YamlError.composer(_, _, mark, _) = error { return SourceLocation(file: file, line: mark.line, column: mark.column) }
        return SourceLocation(file: file)
    }

    private static func yamlProblem(_ error: Error) -> String {
        if case let YamlError.scanner(context, problem, _, _) = error { return [context?.text, problem].compactMap { $0 }.joined(separator: " ") }
        if case let YamlError.parser(context, problem, _, _) = error { return [context?.text, problem].compactMap { $0 }.joined(separator: " ") }
        if case let YamlError.composer(context, problem, _, _) = error { return [context?.text, problem].compactMap { $0 }.joined(separator: " ") }
        return "\(error)"
    }
}
