import Foundation
import UtfallAnalyze
import Yams

/// `utfall config`: the pipeline as utfall will run it, with every default
/// written out and every path absolute.
extension Pipeline {
    public func effectiveConfiguration() -> String {
        var root: [(String, Node)] = [
            ("version", s(version)), ("name", s(name)), ("title", s(title)), ("description", s(description)),
            ("language", s(language.rawValue)), ("min_cell_size", s(minCellSize)),
            ("output", map([("dir", s(Self.absolute(outputDir))), ("workbook", s(workbookName)), ("percent_decimals", s(percentDecimals))])),
            ("thresholds", map(present([("max_rejected_rows", thresholds.maxRejectedRows.map(String.init)),
                                        ("max_rejected_share", thresholds.maxRejectedShare.map { "\($0)" })]))),
        ]
        if let d = dataDate { root.insert(("data_date", s(d.iso)), at: 4) }
        if let v = survey {
            var m: [(String, Node)] = [("input", input(v.input))]
            if let p = v.project { m.append(("project", s(p))) }
            if let c = v.course { m.append(("course", s(c))) }
            m.append(("personal_columns", seq(v.personalColumns.map(s))))
            m.append(("unknown_labels", s(v.unknownLabels.rawValue)))
            m.append(("breakdowns", seq(v.breakdowns.map { b in
                map([("name", s(b.name)), ("column", s(b.column))] + present([("mapping", b.mapping)])
                    + (b.values.isEmpty ? [] : [("values", map(b.values.sorted { $0.key < $1.key }.map { ($0.key, s($0.value)) }))]))
            })))
            // The pipeline's own scales: without them its items' scale: names
            // would not validate. Built-in ones are known by name.
            let own = v.scales.values.filter { Scale.builtIn[$0.id] != $0 }.sorted { $0.id < $1.id }
            if !own.isEmpty { m.append(("scales", seq(own.map(scale)))) }
            m.append(("items", seq(v.items.map { i in
                var f: [(String, Node)] = []
                if let c = i.column { f.append(("column", s(c))) }
                if let r = i.match { f.append(("match", s(r))) }
                if let id = i.id { f.append(("id", s(id))) }
                if let t = i.text { f.append(("text", s(t))) }
                f += [("scale", s(i.scale)), ("reverse", s(i.reverse))]
                if !i.options.isEmpty { f.append(("options", seq(i.options.map(s)))) }
                if i.checkbox { f.append(("checkbox", s(true))) }
                if i.other != .reject { f.append(("other", s(i.other.rawValue))) }
                return map(f)
            })))
            if !v.indicators.isEmpty {
                m.append(("indicators", seq(v.indicators.map { d in
                    map([("id", s(d.id)), ("label", s(d.label)), ("min_areas", s(d.minAreas)), ("blank_means_no", s(d.blankMeansNo)),
                         ("areas", map(d.areas.map { ($0.name, seq($0.items.map(s))) }))])
                })))
            }
            if let e = v.enrollment {
                m.append(("enrollment", map([("input", input(e.input)), ("project", s(e.project)), ("course", s(e.course)), ("enrolled", s(e.enrolled))])))
            }
            root.append(("survey", map(m)))
        }
        if let f = followUp {
            var m: [(String, Node)] = [("input", input(f.input)), ("layout", s(f.layout)), ("project", s(f.project))]
            for (k, v) in [("name", f.name), ("owner", f.owner), ("start", f.start), ("end", f.end)] { if let v { m.append((k, s(v))) } }
            if !f.columns.isEmpty {
                m.append(("columns", seq(f.columns.map { c in
                    map([("column", s(c.column)), ("measure", s(c.measure)), ("gender", s(c.gender)), ("basis", s(c.basis)), ("unit", s(c.unit))])
                })))
            }
            for (k, v) in f.long.sorted(by: { $0.key < $1.key }) { m.append(("\(k)_column", s(v))) }
            if let r = f.reported { m.append(("reported", reported(r))) }
            root.append(("followup", map(m)))
        }
        if let p = portfolio {
            var m: [(String, Node)] = [("input", input(p.input))]
            if let pr = p.project { m.append(("project", s(pr))) }
            m.append(("dimensions", map(p.dimensions.map { ($0.name, s($0.column)) })))
            m.append(("cross", seq(p.cross.map { seq($0.map(s)) })))
            if let r = p.reported { m.append(("reported", reported(r))) }
            root.append(("portfolio", map(m)))
        }
        // Printed as a pipeline file that validates as it stands; what is
        // detected at run time is left out rather than spelled "detect".
        let header = "# Effective configuration of \((file as NSString).lastPathComponent): defaults filled in, paths absolute.\n"
            + "# Input encoding, delimiter, layout and header line are detected where not given.\n"
        return header + ((try? Yams.serialize(node: map(root), allowUnicode: true)) ?? "") + builtInScalesUsed()
    }

    /// The built-in scales the items use, every label and synonym, as
    /// comments: which answer counts as which level is what a reader of
    /// the tables most needs to know ("Stämmer helt" is "Stämmer mycket
    /// väl"), and a commented copy is the start of a scale of one's own.
    private func builtInScalesUsed() -> String {
        guard let v = survey else { return "" }
        let used = Set(v.items.map(\.scale)).compactMap { id in v.scales[id].flatMap { Scale.builtIn[id] == $0 ? $0 : nil } }
        guard !used.isEmpty, let yaml = try? Yams.serialize(node: seq(used.sorted { $0.id < $1.id }.map(scale)), allowUnicode: true) else { return "" }
        let lines = yaml.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map { "#   \($0)" }
        return (["#", "# Built-in scales the items use, as utfall reads them (a scale of your own goes under survey.scales:):"] + lines)
            .joined(separator: "\n") + "\n"
    }

    private func scale(_ sc: Scale) -> Node {
        let levels: [Node] = sc.levels.map { l in
            var f: [(String, Node)] = [("label", s(l.label))]
            if !l.synonyms.isEmpty { f.append(("synonyms", seq(l.synonyms.map(s)))) }
            if let c = l.code { f.append(("code", s(c))) }
            return map(f)
        }
        return map([("id", s(sc.id)), ("levels", seq(levels)), ("non_substantive", seq(sc.nonSubstantive.map(s))),
                    ("non_substantive_codes", seq(sc.nonSubstantiveCodes.map(s)))])
    }

    private func present(_ pairs: [(String, String?)]) -> [(String, Node)] {
        pairs.compactMap { k, v in v.map { (k, s($0)) } }
    }

    private func s(_ v: Any) -> Node { Node("\(v)") }

    /// Paths are kept as the pipeline file gives them, relative to the
    /// folder utfall was started in; the printed configuration must work
    /// from anywhere.
    static func absolute(_ path: String) -> String {
        let full = path.hasPrefix("/") ? path : (FileManager.default.currentDirectoryPath as NSString).appendingPathComponent(path)
        return (full as NSString).standardizingPath
    }

    /// `absolute`, with symbolic links followed: one file, however it is named.
    static func resolved(_ path: String) -> String {
        URL(fileURLWithPath: absolute(path)).resolvingSymlinksInPath().standardizedFileURL.path
    }
    private func seq(_ items: [Node]) -> Node { Node.sequence(.init(items)) }
    private func map(_ pairs: [(String, Node)]) -> Node { Node.mapping(.init(pairs.map { (Node($0.0), $0.1) })) }

    private func input(_ i: Input) -> Node {
        map([("path", s(Self.absolute(i.path)))] + present([("encoding", i.encoding), ("delimiter", i.delimiter.map { $0 == "\t" ? "tab" : $0 }),
                                             ("layout", i.layout), ("header_line", i.headerLine.map(String.init))]))
    }

    private func reported(_ r: ReportedDecl) -> Node {
        map([("input", input(r.input))] + r.columns.sorted { $0.key < $1.key }.map { ($0.key, s($0.value)) })
    }
}
