import UtfallAnalyze
import UtfallModel
import Yams

/// A YAML node with the key path that led to it, so every problem can be
/// reported as `file:line key.path: what was expected`.
///
/// Reading never throws: problems are collected into `ConfigProblems` so that
/// `utfall validate` can list all of them at once.
struct ConfigNode {
    let node: Node
    let path: String
    let file: String

    var location: SourceLocation {
        SourceLocation(file: file, line: node.mark?.line, column: node.mark?.column)
    }

    func child(_ key: String) -> ConfigNode? {
        guard let m = node.mapping, let v = m[key] else { return nil }
        return ConfigNode(node: v, path: path.isEmpty ? key : "\(path).\(key)", file: file)
    }

    var elements: [ConfigNode]? {
        guard let s = node.sequence else { return nil }
        return s.enumerated().map { ConfigNode(node: $0.element, path: "\(path)[\($0.offset)]", file: file) }
    }

    /// Key-value pairs of a mapping, in file order.
    var pairs: [(key: String, value: ConfigNode)]? {
        guard let m = node.mapping else { return nil }
        return m.compactMap { k, v in
            guard let key = k.string else { return nil }
            return (key, ConfigNode(node: v, path: path.isEmpty ? key : "\(path).\(key)", file: file))
        }
    }

    var scalarString: String? { node.scalar?.string }
}

/// Problems found in pipeline files.
struct ConfigProblems {
    var diagnostics = Diagnostics(limitPerKind: 1000)

    mutating func error(_ at: ConfigNode?, _ file: String, _ path: String, _ message: String) {
        diagnostics.add(Diagnostic(.error, kind: "invalid_pipeline", at: at?.location ?? SourceLocation(file: file),
                                   "`\(path)`: \(message)"))
    }

    mutating func warning(_ at: ConfigNode, _ message: String) {
        diagnostics.add(Diagnostic(.warning, kind: "pipeline_warning", at: at.location, "`\(at.path)`: \(message)"))
    }
}

/// Typed access to a mapping node that records what was read, so that keys
/// nobody asked for can be warned about (usually a typo: `min_cell_szie`).
struct ConfigMap {
    let node: ConfigNode
    private(set) var used: Set<String> = []
    var problems: ConfigProblems

    init?(_ node: ConfigNode?, problems: inout ConfigProblems, what: String = "a mapping") {
        guard let node else { return nil }
        guard node.node.mapping != nil else {
            problems.error(node, node.file, node.path, "expected \(what) (key: value lines)")
            return nil
        }
        self.node = node
        self.problems = ConfigProblems()
    }

    mutating func raw(_ key: String) -> ConfigNode? {
        used.insert(key)
        return node.child(key)
    }

    private func keyPath(_ key: String) -> String { node.path.isEmpty ? key : "\(node.path).\(key)" }

    mutating func string(_ key: String, required: Bool = false) -> String? {
        guard let n = raw(key) else {
            if required { problems.error(node, node.file, keyPath(key), "missing; this key is required") }
            return nil
        }
        guard let s = n.scalarString else {
            problems.error(n, n.file, n.path, "expected a text value")
            return nil
        }
        return s
    }

    mutating func int(_ key: String, range: ClosedRange<Int>? = nil) -> Int? {
        number(key, range: range, expected: "a whole number")
    }

    mutating func double(_ key: String, range: ClosedRange<Double>? = nil) -> Double? {
        number(key, range: range, expected: "a number")
    }

    private mutating func number<T: LosslessStringConvertible & Comparable>(_ key: String, range: ClosedRange<T>?, expected: String) -> T? {
        guard let n = raw(key) else { return nil }
        guard let s = n.scalarString, let v = T(s) else {
            problems.error(n, n.file, n.path, "expected \(expected), found '\(n.scalarString ?? "a list or mapping")'")
            return nil
        }
        if let range, !range.contains(v) {
            problems.error(n, n.file, n.path, "must be between \(range.lowerBound) and \(range.upperBound), found \(v)")
            return nil
        }
        return v
    }

    mutating func bool(_ key: String) -> Bool? {
        guard let n = raw(key) else { return nil }
        switch n.scalarString?.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default:
            problems.error(n, n.file, n.path, "expected true or false, found '\(n.scalarString ?? "a list or mapping")'")
            return nil
        }
    }

    /// The elements of a list; a single value or mapping where the list
    /// belongs is a problem at its line (it was read as no list at all, so
    /// `breakdowns: {name: gender, …}` silently gave no breakdown).
    mutating func list(_ key: String, of what: String) -> [ConfigNode] {
        guard let n = raw(key) else { return [] }
        // `breakdowns:` with its entries commented out is an empty list.
        if let s = n.node.scalar?.string, s.isEmpty || s == "~" || s.lowercased() == "null" { return [] }
        guard let els = n.elements else {
            problems.error(n, n.file, n.path, "expected a list of \(what) (each on a line of its own starting with '- '), found \(n.node.mapping != nil ? "a mapping" : "a single value")")
            return []
        }
        return els
    }

    mutating func stringList(_ key: String) -> [String]? {
        guard let n = raw(key) else { return nil }
        if let s = n.scalarString { return [s] }
        guard let els = n.elements else {
            problems.error(n, n.file, n.path, "expected a list of texts")
            return nil
        }
        return els.compactMap { e in
            guard let s = e.scalarString else {
                problems.error(e, e.file, e.path, "expected a text value")
                return nil
            }
            return s
        }
    }

    mutating func oneOf<T: RawRepresentable & CaseIterable>(_ key: String, _: T.Type) -> T? where T.RawValue == String {
        guard let s = string(key) else { return nil }
        if let v = T(rawValue: s) { return v }
        let n = node.child(key)!
        problems.error(n, n.file, n.path, "unknown value '\(s)'; expected one of \(T.allCases.map(\.rawValue).joined(separator: ", "))")
        return nil
    }

    /// Reports every key that was never read; call after reading. A key
    /// that is plainly a known one misspelt (`projekt:`, `Course:`,
    /// `min_cell_szie:`) is an error: ignored, it made a survey without
    /// projects, or with the default suppression, and the run said exit 0.
    /// Any other key is a warning, so notes of one's own (`note:`) may stay.
    mutating func finish(into outer: inout ConfigProblems) {
        for (key, value) in node.pairs ?? [] where !used.contains(key) {
            // At the key itself: the value's column would point past the typo.
            let mark = node.node.mapping?.first { $0.key.string == key }?.key.mark
            let at = SourceLocation(file: value.file, line: mark?.line ?? value.location.line, column: mark?.column ?? value.location.column)
            if let meant = misspelt(key) {
                problems.diagnostics.add(Diagnostic(.error, kind: "invalid_pipeline", at: at,
                                                    "`\(value.path)`: unknown key '\(key)'; did you mean '\(meant)'? Ignored, it would leave the run without its setting"))
            } else {
                problems.diagnostics.add(Diagnostic(.warning, kind: "pipeline_warning", at: at,
                                                    "`\(value.path)`: unknown key '\(key)' is ignored\(suggest(key))"))
            }
        }
        outer.diagnostics.add(contentsOf: problems.diagnostics)
    }

    /// Swedish words analysts write for the keys (only those read here count).
    private static let swedish: [String: String] = [
        "projekt": "project", "kurs": "course", "kurser": "course", "enkät": "survey", "enkat": "survey", "namn": "name",
        "titel": "title", "rubrik": "title", "beskrivning": "description", "utdata": "output", "indata": "input", "fil": "input",
        "frågor": "items", "fragor": "items", "påståenden": "items", "skala": "scale", "skalor": "scales", "kolumn": "column",
        "bakgrundsvariabler": "breakdowns", "uppdelning": "breakdowns", "kön": "breakdowns", "inskrivna": "enrollment",
        "uppföljning": "followup", "portfölj": "portfolio", "omvänd": "reversed", "omvänt": "reversed", "datum": "data_date",
    ]

    /// The known key `key` is surely meant for: a Swedish word for it, the
    /// same in other case, or one typo away (two for longer keys).
    private func misspelt(_ key: String) -> String? {
        let lower = key.lowercased()
        if let k = Self.swedish[lower], used.contains(k) { return k }
        if used.contains(lower) { return lower }
        guard let best = closest(to: lower), best.distance <= (key.count <= 5 ? 1 : 2) else { return nil }
        return best.key
    }

    private func suggest(_ key: String) -> String {
        guard let best = closest(to: key), best.distance <= 2 else { return "" }
        return "; did you mean '\(best.key)'?"
    }

    /// The key read here nearest to `key`, and how many edits away.
    private func closest(to key: String) -> (key: String, distance: Int)? {
        used.map { ($0, TextKey.editDistance($0, key)) }.min { ($0.1, $0.0) < ($1.1, $1.0) }
    }
}
