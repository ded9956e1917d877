import UtfallModel

/// Streams respondent records into counts per cell and item.
///
/// Memory grows with the number of cells (scopes × groups), not with the
/// number of respondents: each record is classified, counted and forgotten.
/// Counts live in one flat array (cell × item × slot) because a nightly run
/// may see millions of rows and dictionary look-ups per answer would dominate.
public final class SurveyAggregator {
    public let spec: SurveySpec

    /// Slots per item: levels 1…k, then non-substantive, then blank.
    private let itemOffset: [Int]
    private let stride: Int
    private var counts: [Int] = []
    /// Respondent rows per cell.
    private var rows: [Int] = []
    /// Per cell and indicator: answered, met.
    private var indicatorCounts: [Int] = []
    private var cellIndex: [CellKey: Int] = [:]
    private var cellKeys: [CellKey] = []

    private var unknown: [UnknownKey: UnknownLabel] = [:]
    public private(set) var diagnostics = Diagnostics()
    public private(set) var accepted = 0
    public private(set) var rejected = 0

    private struct UnknownKey: Hashable { var item: Int; var key: String }

    // Reused per record to avoid allocating.
    private var answers: [Int]
    private var keysScratch: [Int] = []

    /// What each distinct raw text classified as, per item, per breakdown and
    /// for the project and course columns. An export repeats a handful of
    /// labels millions of times, and normalizing each answer (NFC, lower
    /// case, space folding) used to dominate a large run. Free text in such
    /// a column fills a cache without ever hitting; past its limit the column
    /// is classified afresh each time.
    private var answerCache: [RawTextCache<Scale.Answer>]
    private var groupCache: [RawTextCache<(outcome: GroupMapping.Outcome, id: Int)>]
    private var projectCache = RawTextCache<(text: String, id: Int)>()
    private var courseCache = RawTextCache<(text: String, id: Int)>()
    /// The counted cells per combination of raw project, course and
    /// breakdown values (their cache ids), so that a row's cells are found
    /// with one look-up instead of building and hashing a CellKey per cell.
    private var cellsCache: [[Int]: [Int]] = [:]
    private var cellsKeyScratch: [Int] = []

    /// The items' columns, level counts and directions, kept apart from
    /// `spec.items`: copying an Item (with its Scale) per answer costs more
    /// than counting the answer.
    private let itemColumn: [Int]
    private let itemLevels: [Int]
    private let itemReversed: [Bool]

    public init(spec: SurveySpec) {
        self.spec = spec
        var offsets: [Int] = []
        var o = 0
        for item in spec.items {
            offsets.append(o)
            o += item.scale.count + 2
        }
        itemOffset = offsets
        stride = o
        answers = Array(repeating: 0, count: spec.items.count)
        answerCache = Array(repeating: RawTextCache(), count: spec.items.count)
        groupCache = Array(repeating: RawTextCache(), count: spec.breakdowns.count)
        itemColumn = spec.items.map(\.column)
        itemLevels = spec.items.map(\.scale.count)
        itemReversed = spec.items.map(\.reversed)
    }

    private func classify(_ raw: String, item i: Int) -> Scale.Answer {
        // The scale is fetched only on a miss: copying it per answer is not free.
        answerCache[i].value(raw) { self.spec.items[i].scale.classify($0) }
    }

    /// A breakdown's group for a raw value, with an id per distinct raw value
    /// (-1 once the cache is full).
    private func group(_ raw: String, breakdown b: Int) -> (outcome: GroupMapping.Outcome, id: Int) {
        let mapping = spec.breakdowns[b].mapping
        let id = groupCache[b].count < groupCache[b].limit ? groupCache[b].count : -1
        return groupCache[b].value(raw) { (mapping.group(for: $0), id) }
    }

    /// The trimmed text of a project or course value, with an id per distinct raw value.
    private static func trimmed(_ raw: String, _ cache: inout RawTextCache<(text: String, id: Int)>) -> (text: String, id: Int) {
        let id = cache.count < cache.limit ? cache.count : -1
        return cache.value(raw) { ($0.trimmingSpaces, id) }
    }

    private func cell(_ key: CellKey) -> Int {
        if let i = cellIndex[key] { return i }
        let i = cellKeys.count
        cellIndex[key] = i
        cellKeys.append(key)
        counts.append(contentsOf: repeatElement(0, count: stride))
        rows.append(0)
        indicatorCounts.append(contentsOf: repeatElement(0, count: spec.indicators.count * 2))
        return i
    }

    private func field(_ record: Record, _ column: Int) -> String {
        column < record.fields.count ? record.fields[column] : ""
    }

    /// Counts one respondent. Returns the rejected row when the record cannot
    /// be counted (no course, or an unknown answer under `reject_row`).
    @discardableResult
    public func add(_ record: Record) -> RejectedRow? {
        var project = "", course = ""
        cellsKeyScratch.removeAll(keepingCapacity: true)
        if let pc = spec.projectColumn {
            let t = Self.trimmed(field(record, pc), &projectCache)
            project = t.text
            cellsKeyScratch.append(t.id)
            if project.isEmpty { return reject(record, column: pc, kind: "missing_value", "the project column is empty; every answer must belong to a project") }
        }
        if let cc = spec.courseColumn {
            let t = Self.trimmed(field(record, cc), &courseCache)
            course = t.text
            cellsKeyScratch.append(t.id)
            if course.isEmpty { return reject(record, column: cc, kind: "missing_value", "the course column is empty; every answer must belong to a course") }
        }

        // Classify every answer before counting any, so a rejected row leaves no trace in the counts.
        var firstUnknown: (item: Int, key: String)?
        for i in 0..<itemColumn.count {
            let k = itemLevels[i]
            switch classify(field(record, itemColumn[i]), item: i) {
            case .level(let l): answers[i] = itemReversed[i] ? k + 1 - l : l
            case .nonSubstantive: answers[i] = k + 1
            case .blank: answers[i] = k + 2
            case .unknown(let key):
                noteUnknown(item: i, key: key, raw: field(record, itemColumn[i]), line: record.line)
                if firstUnknown == nil { firstUnknown = (i, key) }
                answers[i] = k + 2
            }
        }
        if let u = firstUnknown, spec.unknownLabels == .rejectRow {
            let item = spec.items[u.item]
            return reject(record, column: item.column, kind: "unknown_label",
                          "answer to \(item.id) is not on scale \(item.scale.id)")
        }

        var groupOfBreakdown: [String] = []
        groupOfBreakdown.reserveCapacity(spec.breakdowns.count)
        for (bi, b) in spec.breakdowns.enumerated() {
            let raw = field(record, b.column)
            let (outcome, id) = group(raw, breakdown: bi)
            cellsKeyScratch.append(id)
            switch outcome {
            case .known(let g): groupOfBreakdown.append(g)
            case .unknown(let g):
                diagnostics.add(Diagnostic(.warning, kind: "unknown_group", at: SourceLocation(file: spec.file, line: record.line, column: b.column + 1),
                                           "value in column \(b.name) is not a known \(b.name) group; counted as '\(g)'. Add it to the pipeline's mapping for \(b.name)"))
                groupOfBreakdown.append(g)
            }
        }

        let cacheable = !cellsKeyScratch.contains(-1)
        if cacheable, let cached = cellsCache[cellsKeyScratch] {
            keysScratch = cached
        } else {
            keysScratch.removeAll()
            var scopes: [CellKey] = [CellKey(scope: .all)]
            if spec.projectColumn != nil { scopes.append(CellKey(scope: .project, project: project)) }
            if spec.courseColumn != nil { scopes.append(CellKey(scope: .course, project: project, course: course)) }
            for s in scopes {
                keysScratch.append(cell(s))
                for (b, g) in zip(spec.breakdowns, groupOfBreakdown) {
                    var k = s
                    k.breakdown = b.name
                    k.group = g
                    keysScratch.append(cell(k))
                }
            }
            if cacheable { cellsCache[cellsKeyScratch] = keysScratch }
        }

        let ind = indicatorOutcomes()
        for c in keysScratch {
            rows[c] += 1
            let base = c * stride
            for i in 0..<answers.count {
                counts[base + itemOffset[i] + answers[i] - 1] += 1
            }
            for (j, o) in ind.enumerated() where o != nil {
                indicatorCounts[c * spec.indicators.count * 2 + j * 2] += 1
                if o! { indicatorCounts[c * spec.indicators.count * 2 + j * 2 + 1] += 1 }
            }
        }
        accepted += 1
        return nil
    }

    /// nil = not answered; otherwise whether the indicator is met.
    private func indicatorOutcomes() -> [Bool?] {
        spec.indicators.map { ind in
            var answeredAny = false
            var areasMet = 0
            for area in ind.areas {
                var met = false
                for i in area.items {
                    let k = spec.items[i].scale.count
                    let a = answers[i]
                    if a <= k { answeredAny = true }
                    else if ind.blankMeansNo { answeredAny = true }
                    if a == k { met = true }
                }
                if met { areasMet += 1 }
            }
            return answeredAny ? areasMet >= ind.minAreas : nil
        }
    }

    private func noteUnknown(item: Int, key: String, raw: String, line: Int) {
        let k = UnknownKey(item: item, key: key)
        if unknown[k] != nil {
            unknown[k]!.count += 1
        } else {
            let it = spec.items[item]
            unknown[k] = UnknownLabel(item: it.id, itemText: it.text, label: raw.trimmingSpaces, count: 1,
                                      firstLine: line, suggestion: it.scale.suggestion(for: key))
        }
    }

    private func reject(_ record: Record, column: Int, kind: String, _ reason: String) -> RejectedRow {
        rejected += 1
        let loc = SourceLocation(file: spec.file, line: record.line, column: column + 1)
        diagnostics.add(Diagnostic(.warning, kind: kind, at: loc, "row rejected: \(reason)"))
        return RejectedRow(location: loc, kind: kind, reason: reason, fields: record.fields)
    }

    /// Unknown labels, most frequent first.
    public var unknownLabels: [UnknownLabel] {
        unknown.values.sorted { ($0.count, $1.item, $1.label) > ($1.count, $0.item, $0.label) }
    }

    /// The counts gathered so far, one entry per cell.
    public func tallies() -> [CellKey: [Tally]] {
        var out: [CellKey: [Tally]] = [:]
        for (c, key) in cellKeys.enumerated() {
            out[key] = spec.items.indices.map { i in
                let k = spec.items[i].scale.count
                let base = c * stride + itemOffset[i]
                return Tally(counts: Array(counts[base..<base + k]), nonSubstantive: counts[base + k], blank: counts[base + k + 1])
            }
        }
        return out
    }

    public func respondents() -> [CellKey: Int] {
        Dictionary(uniqueKeysWithValues: cellKeys.enumerated().map { ($1, rows[$0]) })
    }

    public func indicatorTallies() -> [CellKey: [(answered: Int, met: Int)]] {
        let m = spec.indicators.count
        var out: [CellKey: [(answered: Int, met: Int)]] = [:]
        for (c, key) in cellKeys.enumerated() {
            out[key] = (0..<m).map { j in (indicatorCounts[c * m * 2 + j * 2], indicatorCounts[c * m * 2 + j * 2 + 1]) }
        }
        return out
    }

    // MARK: Counts by cell position, for results() (SurveyReport.swift)

    /// The counted cells, in the order they were first seen; positions below index this.
    var countedCells: [CellKey] { cellKeys }

    /// Item `i`'s count in cell `c`: `slot` 0…k−1 are levels 1…k, k non-substantive, k+1 blank.
    func count(cell c: Int, item i: Int, slot: Int) -> Int { counts[c * stride + itemOffset[i] + slot] }

    /// Respondent rows counted in cell `c`.
    func respondentCount(cell c: Int) -> Int { rows[c] }

    /// Indicator `j` in cell `c`: respondents who answered it, and who met it.
    func indicatorCount(cell c: Int, indicator j: Int) -> (answered: Int, met: Int) {
        let base = (c * spec.indicators.count + j) * 2
        return (indicatorCounts[base], indicatorCounts[base + 1])
    }
}

/// Answers to one item in one cell.
public struct Tally: Sendable, Equatable {
    /// Count per level, level 1 (most negative) first.
    public var counts: [Int]
    public var nonSubstantive: Int
    public var blank: Int

    public var n: Int { counts.reduce(0, +) }
}

/// An answer no scale level matched, reported with enough to fix it.
public struct UnknownLabel: Sendable, Equatable {
    public var item: String
    public var itemText: String
    public var label: String
    public var count: Int
    public var firstLine: Int
    public var suggestion: String?

    public func message(file: String) -> String {
        // Logs travel further than the data: a pasted paragraph is shown by its start.
        let shown = label.count > 80 ? String(label.prefix(77)) + "…" : label
        var s = "'\(shown)' ×\(count) in \(item), first at \(file):\(firstLine)"
        if let suggestion { s += "; did you mean '\(suggestion)'?" }
        return s
    }
}
