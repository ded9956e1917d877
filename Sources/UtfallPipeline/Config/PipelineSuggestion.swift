import Foundation
import UtfallAnalyze
import UtfallModel
import UtfallRead

/// A first pipeline file for an export, from what `inspect` saw: project,
/// course and breakdown columns by their names, and an item for every
/// column whose answers a built-in scale takes. What it cannot tell (a
/// numeric code's meaning, labels no built-in scale has, free text) is
/// listed in comments with the reason, so the analyst's first run is a
/// run of a file they have read, not a guess.
///
/// ```swift
/// let yaml = PipelineSuggestion(inspection: try Inspection.run(path: p), path: p).yaml
/// ```
public struct PipelineSuggestion {
    public let inspection: Inspection
    /// The export, as given to `inspect`; written absolute.
    public let path: String

    public init(inspection: Inspection, path: String) {
        self.inspection = inspection
        self.path = path
    }

    /// What became of one column.
    enum Role: Equatable {
        case project, course, gender, breakdown(String), item(scale: String, typos: [String]), skipped(String)
    }

    /// Header words that name a column's role, matched as whole words.
    static let projectWords: Set<String> = ["projekt", "insats", "insatser", "project", "programme", "program", "verksamhet"]
    static let courseWords: Set<String> = ["kurs", "kurser", "course", "utbildning", "kurstillfälle", "kursnamn", "klass"]
    static let genderWords: Set<String> = ["kön", "gender", "sex", "könstillhörighet"]
    static let ageWords: Set<String> = ["ålder", "åldersgrupp", "åldersgrupper", "age", "ålderskategori"]

    public var yaml: String {
        let roles = assign()
        let name = Self.pipelineName(path)
        var out = """
            # A first pipeline for \((path as NSString).lastPathComponent) (\(inspection.dataRows) rows), written by
            # `utfall inspect --pipeline`. Read it before the first run: roles are
            # guessed from the column names, scales from each column's first 1 000
            # answers. Save it in pipelines/ and check it with `utfall validate`.
            version: 1
            name: \(name)
            title: \(Self.quoted(name))
            survey:
              input: \(Self.quoted(Pipeline.absolute(path)))

            """
        func column(_ role: Role) -> Inspection.ColumnReport? {
            zip(inspection.columns, roles).first { $0.1 == role }?.0
        }
        if let p = column(.project) { out += "  project: \(Self.quoted(reference(p)))\n" }
        if let c = column(.course) { out += "  course: \(Self.quoted(reference(c)))\n" }
        if column(.project) == nil && column(.course) == nil {
            out += "  # No column is named as a project or course (Projekt, Insats, Kurs, …): the tables are of the whole survey.\n"
        }
        let breakdowns = zip(inspection.columns, roles).compactMap { c, r -> String? in
            switch r {
            case .gender: "    - { name: gender, column: \(Self.quoted(reference(c))), mapping: gender }\n"
            case .breakdown(let n): "    - { name: \(n), column: \(Self.quoted(reference(c))) }\n"
            default: nil
            }
        }
        if !breakdowns.isEmpty { out += "  breakdowns:\n" + breakdowns.joined() }
        let items = zip(inspection.columns, roles).compactMap { c, r -> String? in
            guard case .item(let scale, let typos) = r else { return nil }
            var line = "    - { column: \(Self.quoted(reference(c))), scale: \(scale) }"
            if reference(c) != c.text && !c.text.isEmpty { line += "   # \(Inspection.clip(c.text, 60))" }
            if !typos.isEmpty {
                line += "\n      # not on the scale, probably misspelt (the run reports them): \(typos.prefix(4).map { Self.quoted($0) }.joined(separator: ", "))\(typos.count > 4 ? ", …" : "")"
            }
            return line + "\n"
        }
        out += items.isEmpty ? "  items: []   # no column's answers fit a built-in scale: see below\n" : "  items:\n" + items.joined()
        let skipped = zip(inspection.columns, roles).compactMap { c, r -> String? in
            guard case .skipped(let why) = r else { return nil }
            return "  #   column \(c.number) \(Self.quoted(Inspection.clip(display(c), 70))): \(why)\n"
        }
        if !skipped.isEmpty { out += "  # Columns not taken:\n" + skipped.joined() }
        return out
    }

    /// The role of each column, in column order. Each of project, course
    /// and gender goes to the first column it fits.
    func assign() -> [Role] {
        var taken: Set<String> = []
        return inspection.columns.map { c in
            if c.personal { return .skipped("personal data (never read into a report)") }
            if c.type == "empty" { return .skipped("empty") }
            let words = Self.words(c.id).union(Self.words(c.text))
            let scale = Self.scale(for: c.values ?? [])
            if scale == nil {
                for (role, key, list) in [(Role.project, "project", Self.projectWords), (.course, "course", Self.courseWords), (.gender, "gender", Self.genderWords)]
                where !taken.contains(key) && !words.isDisjoint(with: list) {
                    taken.insert(key)
                    return role
                }
                if !taken.contains("age"), !words.isDisjoint(with: Self.ageWords), c.values != nil {
                    taken.insert("age")
                    return .breakdown("age")
                }
            }
            if let scale { return .item(scale: scale.id, typos: scale.typos) }
            return .skipped(whyNot(c))
        }
    }

    private func whyNot(_ c: Inspection.ColumnReport) -> String {
        guard let values = c.values, !values.isEmpty else {
            return c.type == "likert-like" ? "many different answers" : "\(c.type), not answers on a scale"
        }
        if values.allSatisfy({ Scale.isCode($0) }) {
            return "numeric answers \(values.joined(separator: ", ")): a scale of one's own (under scales:) says what each code means"
        }
        return "answers no built-in scale takes (\(values.prefix(6).map { "'\(Inspection.clip($0, 24))'" }.joined(separator: ", "))\(values.count > 6 ? ", …" : "")): a scale of one's own under scales:"
    }

    /// The built-in scale that takes every answer (but for what looks like
    /// a typo of one of its labels) and the most of whose levels were
    /// chosen by label, not code; the shorter scale when two take as many,
    /// so a four-point export is not read as five points with an empty
    /// middle. Nil when no answer is a label.
    static func scale(for values: [String]) -> (id: String, typos: [String])? {
        guard values.contains(where: { !Scale.isCode($0) }) else { return nil }
        var best: (id: String, typos: [String], hit: Int, count: Int)?
        for (id, scale) in Scale.builtIn.sorted(by: { $0.key < $1.key }) {
            var levels: Set<Int> = []
            var typos: [String] = []
            var fits = true
            for v in values {
                switch scale.classify(v) {
                case .level(let l): if !Scale.isCode(v) { levels.insert(l) }
                case .nonSubstantive, .blank: break
                case .unknown(let key): if scale.suggestion(for: key) != nil { typos.append(v) } else { fits = false }
                }
                if !fits { break }
            }
            // Typos beside labels, not instead of them.
            guard fits, !levels.isEmpty, typos.count < levels.count else { continue }
            if best == nil || levels.count > best!.hit || (levels.count == best!.hit && (typos.count, scale.count) < (best!.typos.count, best!.count)) {
                best = (id, typos, levels.count, scale.count)
            }
        }
        return best.map { ($0.id, $0.typos) }
    }

    /// How the pipeline names a column: its id when the export gives one
    /// apart from the text (`A1`), else its text.
    private func reference(_ c: Inspection.ColumnReport) -> String { c.id.isEmpty ? c.text : c.id }

    private func display(_ c: Inspection.ColumnReport) -> String { c.id == c.text || c.text.isEmpty ? c.id : "\(c.id) \(c.text)" }

    static func words(_ header: String) -> Set<String> {
        Set(header.lowercased().split { !$0.isLetter }.map(String.init))
    }

    /// The file's stem as a pipeline name: letters, digits, `_` and `-`.
    static func pipelineName(_ path: String) -> String {
        let stem = ((path as NSString).lastPathComponent as NSString).deletingPathExtension.precomposedStringWithCanonicalMapping
        var name = String(stem.map { Pipeline.isNameCharacter($0) ? $0 : "_" })
        while name.contains("__") { name = name.replacingOccurrences(of: "__", with: "_") }
        name = name.trimmingCharacters(in: CharacterSet(charactersIn: "_"))
        return name.isEmpty ? "survey" : name
    }

    /// A YAML double-quoted scalar.
    static func quoted(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default: if u.value < 0x20 { out += String(format: "\\x%02X", u.value) } else { out.unicodeScalars.append(u) }
            }
        }
        return out + "\""
    }
}
