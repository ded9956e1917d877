import CPrefetch
import UtfallModel

/// Streams respondent records into counts per cell and item.
///
/// Memory grows with the number of cells (scopes × groups), not with the
/// number of respondents: each record is classified, counted and forgotten.
///
/// The hot path works on a record's bytes. Every answer is looked up in a
/// per-column table of the texts seen so far, and a row is counted once, in
/// its combination of project, course and breakdown groups (a "combo");
/// combos are added into their cells (course, project, whole survey, each
/// with and without the breakdown) only when results are asked for. Counts
/// live in flat arrays (combo or cell × item × slot) because a nightly run
/// may see millions of rows.
public final class SurveyAggregator {
    public let spec: SurveySpec

    /// Slots per item: levels 1…k, then non-substantive, then blank.
    private let itemOffset: [Int]
    private let stride: Int
    private let indicatorStride: Int

    // Cells: what is published.
    private var counts: [Int] = []
    /// Respondent rows per cell.
    private var rows: [Int] = []
    /// Per cell and indicator: answered, met.
    private var indicatorCounts: [Int] = []
    private var cellIndex: [CellKey: Int] = [:]
    private var cellKeys: [CellKey] = []

    // Combos: counted per row, added into their cells by `flush`.
    /// 32-bit: half the memory traffic per answer counted. `flush` runs
    /// before any count could pass Int32.max.
    private var comboCounts: [Int32] = []
    private var comboRows: [Int] = []
    private var comboIndicators: [Int32] = []
    private var rowsSinceFlush = 0
    private var comboCells: [[Int]] = []
    private var pendingCombos = false
    /// At most this many combos are tabled (about 0.8 KB each with 20
    /// Likert and 14 yes/no items); rows of further ones go to their cells.
    private let comboLimit: Int

    private var unknown: [UnknownKey: UnknownLabel] = [:]
    /// The unknown answers the answer table points at (value -1 - index).
    private var unknownKeys: [UnknownKey] = []
    private var unknownIndex: [UnknownKey: Int32] = [:]
    public private(set) var diagnostics = Diagnostics()
    public private(set) var accepted = 0
    public private(set) var rejected = 0

    private struct UnknownKey: Hashable { var item: Int; var key: String }

    private var unknownGroups: [UnknownGroupKey: UnknownGroup] = [:]
    private struct UnknownGroupKey: Hashable { var breakdown: Int; var value: String }
    private struct UnknownGroup { var firstLine: Int; var column: Int; var countedAs: String; var rows = 1 }

    /// What each distinct raw text classified as: answers per item (the
    /// slot, 1…k+2, or -1 - an unknown answer's index), then per breakdown
    /// its group (see `group`), then per project and course the index of
    /// its trimmed text.
    private let texts = ByteKeyCache()
    private var combos: ComboIndex
    private var groups: [GroupTable]
    private var projects = GroupTable()
    private var courses = GroupTable()
    /// Project and course names as the tables show them (see `NameSpellings`).
    private(set) var projectNames = NameSpellings()
    private(set) var courseNames = NameSpellings()
    /// A free breakdown's values as groups, per breakdown name: `Under 25`
    /// and `under  25` are one group, as course names are one course.
    private(set) var groupNames: [String: NameSpellings] = [:]

    /// Distinct values of one column after mapping (trimmed names, groups),
    /// numbered in the order first seen.
    private struct GroupTable {
        var names: [String] = []
        var unknown: [Bool] = []
        /// Why a name cannot be a project's or course's (see `KeyProblem`),
        /// judged once per name, not per row.
        var problem: [KeyProblem] = []
        var index: [String: Int32] = [:]

        mutating func id(_ name: String, unknown isUnknown: Bool = false) -> Int32 {
            if let i = index[name] { return i }
            let i = Int32(names.count)
            names.append(name)
            unknown.append(isUnknown)
            problem.append(KeyProblem(name))
            index[name] = i
            return i
        }
    }

    private var projectSpace: Int { itemColumn.count + spec.breakdowns.count }
    private var courseSpace: Int { itemColumn.count + spec.breakdowns.count + 1 }

    // Reused per record to avoid allocating.
    private var answers: [Int]
    private var indicatorOutcome: [Int8]
    private var comboIds: [Int32] = []
    private var groupHits: [Int32]
    private let scratch = RecordBuffer()

    /// The items' columns, level counts and directions, kept apart from
    /// `spec.items`: copying an Item (with its Scale) per answer costs more
    /// than counting the answer.
    private let itemColumn: [Int]
    private let itemLevels: [Int]
    private let itemReversed: [Bool]
    /// Each breakdown's column for the row being counted: its own, or the
    /// branch the row filled (see `SurveySpec.Breakdown.alternates`).
    private var breakdownColumn: [Int]
    private let breakdownsInBranches: Bool

    public convenience init(spec: SurveySpec) { self.init(spec: spec, comboLimit: 4096) }

    init(spec: SurveySpec, comboLimit: Int) {
        self.spec = spec
        self.comboLimit = comboLimit
        var offsets: [Int] = []
        var o = 0
        for item in spec.items {
            offsets.append(o)
            o += item.scale.count + 2
        }
        itemOffset = offsets
        stride = o
        indicatorStride = spec.indicators.count * 2
        answers = Array(repeating: 0, count: spec.items.count)
        indicatorOutcome = Array(repeating: -1, count: spec.indicators.count)
        groups = Array(repeating: GroupTable(), count: spec.breakdowns.count)
        groupHits = Array(repeating: -1, count: spec.breakdowns.count)
        combos = ComboIndex(width: (spec.projectColumn == nil ? 0 : 1) + (spec.courseColumn == nil ? 0 : 1) + spec.breakdowns.count)
        itemColumn = spec.items.map(\.column)
        itemLevels = spec.items.map(\.scale.count)
        itemReversed = spec.items.map(\.reversed)
        breakdownColumn = spec.breakdowns.map(\.column)
        breakdownsInBranches = spec.breakdowns.contains { !$0.alternates.isEmpty }
    }

    /// `recording`: false for a later part's cells, whose names are already
    /// its shown ones (without invisible characters) and whose spellings
    /// were taken in first: recorded again, "Kurs1" shown for a typed
    /// "Kurs\u{200B}1" became a second spelling, and a split read warned
    /// of names merged that one read did not.
    private func cell(_ named: CellKey, recording: Bool = true) -> Int {
        var key = named
        func name(_ s: String, _ spellings: inout NameSpellings) -> String {
            recording ? spellings.canonical(s) : spellings.shownName(s)
        }
        if !key.project.isEmpty { key.project = name(key.project, &projectNames) }
        if !key.course.isEmpty { key.course = name(key.course, &courseNames) }
        if key.breakdown != "all" { key.group = name(key.group, &groupNames[key.breakdown, default: NameSpellings()]) }
        if let i = cellIndex[key] { return i }
        let i = cellKeys.count
        cellIndex[key] = i
        cellKeys.append(key)
        return i
    }

    /// Gives every cell its counts. Cells are only named as combos meet
    /// them; their counts take room (a megabyte or two in a large survey)
    /// only once something is added to them: an aggregator that reads a
    /// later part of a split file never adds to its own cells, it is
    /// merged combo by combo (see `merge`).
    private func ensureCellStorage() {
        let have = rows.count, n = cellKeys.count
        guard have < n else { return }
        counts.append(contentsOf: repeatElement(0, count: (n - have) * stride))
        indicatorCounts.append(contentsOf: repeatElement(0, count: (n - have) * indicatorStride))
        rows.append(contentsOf: repeatElement(0, count: n - have))
    }

    /// Adds the counts at `source` (a combo's or a cell's, of this
    /// aggregator or another) into cell `c`.
    private func addCounts<Count: FixedWidthInteger>(_ sourceCounts: [Count], _ sourceRows: [Int], _ sourceIndicators: [Count],
                                                     at source: Int, into c: Int) {
        rows[c] += sourceRows[source]
        // Through buffers: indexing a class's array property checks its
        // uniqueness on every write, and a merge adds a million counts.
        func add(_ from: [Count], _ to: inout [Int], width: Int) {
            guard width > 0 else { return }
            to.withUnsafeMutableBufferPointer { to in
                from.withUnsafeBufferPointer { from in
                    let t = c * width, f = source * width
                    for j in 0..<width { to[t + j] += Int(from[f + j]) }
                }
            }
        }
        add(sourceCounts, &counts, width: stride)
        add(sourceIndicators, &indicatorCounts, width: indicatorStride)
    }

    /// Counts one respondent. Returns the rejected row when the record cannot
    /// be counted (no course, or an unknown answer under `reject_row`).
    @discardableResult
    public func add(_ record: Record) -> RejectedRow? {
        scratch.removeAll()
        for f in record.fields { scratch.append(f) }
        return add(scratch.view(line: record.line))
    }

    /// Counts one respondent from the record's bytes (see `add(_: Record)`).
    @discardableResult
    public func add(_ record: RecordView) -> RejectedRow? {
        comboIds.removeAll(keepingCapacity: true)
        var project = Int32(-1), course = Int32(-1)
        // The tables' own flags, read in place: a GroupTable passed to a
        // function is copied, four arrays retained, on every row.
        if var pc = spec.projectColumn {
            if !spec.projectAlternates.isEmpty {
                guard let c = keyColumn(record, pc, spec.projectAlternates, key: Self.nameKey) else { return conflict(record, pc, spec.projectAlternates, question: "the project question", expected: "one project") }
                pc = c
            }
            project = name(record, pc, space: projectSpace, &projects)
            let problem = project >= 0 ? projects.problem[Int(project)] : KeyProblem(record.string(pc).trimmingSpaces)
            if problem != .none { return reject(record, column: pc, problem, what: "project") }
            comboIds.append(project)
        }
        if var cc = spec.courseColumn {
            if !spec.courseAlternates.isEmpty {
                guard let c = keyColumn(record, cc, spec.courseAlternates, key: Self.nameKey) else { return conflict(record, cc, spec.courseAlternates, question: "the course question", expected: "one course") }
                cc = c
            }
            course = name(record, cc, space: courseSpace, &courses)
            let problem = course >= 0 ? courses.problem[Int(course)] : KeyProblem(record.string(cc).trimmingSpaces)
            if problem != .none { return reject(record, column: cc, problem, what: "course") }
            comboIds.append(course)
        }

        if breakdownsInBranches {
            for (b, breakdown) in spec.breakdowns.enumerated() where !breakdown.alternates.isEmpty {
                guard let c = keyColumn(record, breakdown.column, breakdown.alternates, key: { Self.groupKey($0, breakdown.mapping) }) else {
                    return conflict(record, breakdown.column, breakdown.alternates, question: "the question of breakdown '\(breakdown.name)'", expected: "one answer")
                }
                breakdownColumn[b] = c
            }
        }

        // The row's combo, when every part of it is known already, is found
        // now and its counts fetched into the cache while the answers are
        // classified: counting a row touches a dozen cache lines of a table
        // too large for the core's own caches.
        let known = knownCombo(record)
        if let c = known { prefetchCounts(combo: c) }

        // Classify every answer before counting any, so a rejected row leaves no trace in the counts.
        var firstUnknown = -1
        let base = record.storage
        let texts = texts
        answers.withUnsafeMutableBufferPointer { answers in
            itemColumn.withUnsafeBufferPointer { columns in
                for i in 0..<columns.count {
                    let f = record.span(columns[i])
                    let found = texts.find(i, base + f.start, f.count, f.hash)
                    if let code = found, code > 0 {
                        answers[i] = Int(code)
                        continue
                    }
                    let c = Int(found ?? classify(record, item: i))
                    if c > 0 {
                        answers[i] = c
                    } else {
                        noteUnknown(unknownKeys[-1 - c], record: record)
                        if firstUnknown < 0 { firstUnknown = i }
                        answers[i] = itemLevels[i] + 2
                    }
                }
            }
        }
        if firstUnknown >= 0, spec.unknownLabels == .rejectRow {
            let item = spec.items[firstUnknown]
            return reject(record, column: item.column, kind: "unknown_label",
                          "the answer '\(PersonalData.shownAnswer(record.string(item.column).trimmingSpaces).clippedForLog)' to item '\(item.id)' is not on its scale \(item.scale.id)")
        }

        // By index: copying a Breakdown (name, mapping) per row costs a
        // dozen reference-count operations.
        for bi in breakdownColumn.indices {
            let g: (id: Int32, unknown: Bool)
            if known != nil {
                // knownCombo found it in the table and put it in comboIds.
                g = (groupHits[bi] >> 1, groupHits[bi] & 1 != 0)
            } else {
                g = group(record, breakdown: bi)
                comboIds.append(g.id)
            }
            if g.unknown { noteUnknownGroup(record, breakdown: bi, id: g.id) }
        }

        computeIndicators()
        if let c = known ?? combo() {
            countRow(into: c, counts: &comboCounts, rows: &comboRows, indicators: &comboIndicators)
            pendingCombos = true
            rowsSinceFlush += 1
            if rowsSinceFlush == Int(Int32.max) { flush() }
        } else {
            let cells = cells(record)
            ensureCellStorage()
            for c in cells { countRow(into: c, counts: &counts, rows: &rows, indicators: &indicatorCounts) }
        }
        accepted += 1
        return nil
    }

    @inline(__always)
    private func countRow<Count: FixedWidthInteger>(into c: Int, counts: inout [Count], rows: inout [Int], indicators: inout [Count]) {
        rows[c] += 1
        let base = c * stride
        counts.withUnsafeMutableBufferPointer { counts in
            answers.withUnsafeBufferPointer { answers in
                itemOffset.withUnsafeBufferPointer { offset in
                    for i in 0..<answers.count { counts[base + offset[i] + answers[i] - 1] += 1 }
                }
            }
        }
        for (j, o) in indicatorOutcome.enumerated() where o >= 0 {
            indicators[c * indicatorStride + j * 2] += 1
            if o == 1 { indicators[c * indicatorStride + j * 2 + 1] += 1 }
        }
    }

    /// The slot of an answer not yet in the table (see `texts`), remembered.
    private func classify(_ record: RecordView, item i: Int) -> Int32 {
        // The scale is fetched only on a miss: copying it per answer is not free.
        let k = itemLevels[i]
        let code: Int32
        let raw = record.string(itemColumn[i])
        switch spec.items[i].scale.classify(raw) {
        case .level(let l):
            code = Int32(itemReversed[i] ? k + 1 - l : l)
            noteSpelling(raw, item: i, level: l)
        case .nonSubstantive: code = Int32(k + 1)
        case .blank: code = Int32(k + 2)
        case .unknown(let key):
            let u = UnknownKey(item: i, key: key)
            if let known = unknownIndex[u] {
                code = known
            } else {
                unknownKeys.append(u)
                code = Int32(-unknownKeys.count)
                unknownIndex[u] = code
            }
        }
        let f = record.span(itemColumn[i])
        texts.insert(i, record.storage + f.start, f.count, f.hash, code)
        return code
    }

    /// The answers met for each level of each item (TextKey → first
    /// spelling), in the order met. A built-in scale takes several words for
    /// a level; two of them in one export may be two levels of the export's
    /// own scale ("Stämmer inte alls" and "Stämmer inte"), silently merged.
    private var levelSpellings: [[Int: [(key: String, text: String)]]] = []

    private func noteSpelling(_ raw: String, item i: Int, level: Int) {
        let text = raw.trimmingSpaces
        // A numeric code is the scale's own, never another level's word.
        guard !text.isEmpty, !text.allSatisfy(\.isNumber) else { return }
        if levelSpellings.isEmpty { levelSpellings = Array(repeating: [:], count: itemColumn.count) }
        let key = TextKey.normalize(text)
        if levelSpellings[i][level]?.contains(where: { $0.key == key }) == true { return }
        levelSpellings[i][level, default: []].append((key, text))
    }

    /// One warning per set of answers counted as one level, with the items.
    /// Only built-in scales of more than two levels: their synonyms are
    /// guesses about other scales, while a scale of one's own lists its
    /// synonyms on purpose, and two-level scales have no finer scale to
    /// merge (Ja and Yes are one answer).
    var mergedLevelDiagnostics: [Diagnostic] {
        var items: [Set<String>: (texts: [String], level: Int, scale: Scale, ids: [String])] = [:]
        var order: [Set<String>] = []
        for (i, levels) in levelSpellings.enumerated() {
            let scale = spec.items[i].scale
            guard scale.levels.count > 2, Scale.builtIn[scale.id] == scale else { continue }
            for (level, spellings) in levels.sorted(by: { $0.key < $1.key }) where spellings.count > 1 {
                // One warning for the same answers whichever came first in an item.
                let key = Set(spellings.map(\.key))
                if items[key] == nil { order.append(key); items[key] = (spellings.map(\.text), level, scale, []) }
                items[key]!.ids.append(spec.items[i].id)
            }
        }
        return order.map { key in
            let m = items[key]!
            let texts = m.texts
            let ids = m.ids.prefix(5).joined(separator: ", ") + (m.ids.count > 5 ? ", …" : "")
            return Diagnostic(.warning, kind: "answers_merged", at: SourceLocation(file: spec.file),
                              "answers \(texts.map { "'\($0)'" }.joined(separator: " and ")) are all counted as level \(m.level), '\(m.scale.levels[m.level - 1].label)', of scale \(m.scale.id), in \(m.ids.count) item(s) (\(ids)); if the export's scale has them as different levels, declare it under scales:")
        }
    }

    /// The column a row's project, course or breakdown is read from when
    /// the question has several (see `SurveySpec.courseAlternates`): the
    /// filled one, the first if none is; nil when two filled ones disagree.
    /// `key`: what a value says, nil when it is blank; two filled columns
    /// agree when their keys are equal.
    private func keyColumn(_ record: RecordView, _ primary: Int, _ alternates: [Int], key: (String) -> String?) -> Int? {
        var chosen: (column: Int, key: String)?
        for c in [primary] + alternates {
            guard let k = key(record.string(c)) else { continue }
            if let first = chosen {
                if k != first.key { return nil }
            } else {
                chosen = (c, k)
            }
        }
        return chosen?.column ?? primary
    }

    /// A project's or course's name as `keyColumn` compares it.
    private static func nameKey(_ raw: String) -> String? {
        let v = raw.trimmingSpaces
        return v.isEmpty ? nil : TextKey.normalize(v)
    }

    /// A breakdown's value as `keyColumn` compares it: its group, so that
    /// `Kvinna` in one branch and `K` in another agree.
    private static func groupKey(_ raw: String, _ mapping: GroupMapping) -> String? {
        guard !TextKey.normalize(raw).isEmpty else { return nil }
        return switch mapping.group(for: raw) {
        case .known(let g): "known:" + TextKey.normalize(g)
        case .unknown(let g): "unknown:" + TextKey.normalize(g)
        }
    }

    private func conflict(_ record: RecordView, _ primary: Int, _ alternates: [Int], question: String, expected: String) -> RejectedRow {
        let columns = ([primary] + alternates).map { String($0 + 1) }.joined(separator: ", ")
        return reject(record, column: primary, kind: "conflicting_values",
                      "\(question) is asked in columns \(columns), and this row answers it differently in two of them; expected \(expected) per row")
    }

    private func reject(_ record: RecordView, column: Int, _ problem: KeyProblem, what: String) -> RejectedRow {
        let r = problem.rejection(of: what)!
        return reject(record, column: column, kind: r.kind, r.reason)
    }

    /// The index of a project's or course's trimmed name, or -1 once the
    /// table is full.
    private func name(_ record: RecordView, _ column: Int, space: Int, _ table: inout GroupTable) -> Int32 {
        let f = record.span(column)
        if let v = texts.find(space, record.storage + f.start, f.count, f.hash) { return v }
        guard texts.hasRoom(space) else { return -1 }
        let id = table.id(record.string(column).trimmingSpaces)
        texts.insert(space, record.storage + f.start, f.count, f.hash, id)
        return id
    }

    /// A breakdown's group for the record: its index in `groups[b]` (-1
    /// once the table is full) and whether the mapping does not know it.
    /// The text table keeps both in one value (index × 2 + unknown), so a
    /// row that hits the table touches no strings.
    private func group(_ record: RecordView, breakdown b: Int) -> (id: Int32, unknown: Bool) {
        if let v = tabledGroup(record, breakdown: b) { return (v >> 1, v & 1 != 0) }
        let f = record.span(breakdownColumn[b])
        let space = itemColumn.count + b
        let (name, isUnknown) = mapped(record, breakdown: b)
        guard texts.hasRoom(space) else { return (-1, isUnknown) }
        // A group name is unknown or not whatever raw text led to it.
        let id = groups[b].id(isUnknown ? "\u{0}" + name : name, unknown: isUnknown)
        if isUnknown { groups[b].names[Int(id)] = name }
        texts.insert(space, record.storage + f.start, f.count, f.hash, id << 1 | (isUnknown ? 1 : 0))
        return (id, isUnknown)
    }

    /// The text table's value (index × 2 + unknown) for the record's
    /// value of breakdown `b`, if that text was met before.
    private func tabledGroup(_ record: RecordView, breakdown b: Int) -> Int32? {
        let f = record.span(breakdownColumn[b])
        return texts.find(itemColumn.count + b, record.storage + f.start, f.count, f.hash)
    }

    /// The group the breakdown's mapping gives the record's value.
    private func mapped(_ record: RecordView, breakdown b: Int) -> (name: String, unknown: Bool) {
        switch spec.breakdowns[b].mapping.group(for: record.string(breakdownColumn[b])) {
        case .known(let g): (g, false)
        case .unknown(let g): (g, true)
        }
    }

    /// The name of the group `group` found (`id`), or mapped afresh past the table's limit.
    private func groupName(_ record: RecordView, breakdown b: Int, id: Int32) -> String {
        id >= 0 ? groups[b].names[Int(id)] : mapped(record, breakdown: b).name
    }

    /// The combo of the record's project, course and groups (see
    /// `comboIds`), or nil when one of them or the combos are past their
    /// tables' limits.
    private func combo() -> Int? {
        if comboIds.contains(-1) { return nil }
        if let c = findCombo() { return c }
        let c = comboCells.count
        guard c < comboLimit else { return nil }
        comboCells.append(cells(projectName: spec.projectColumn == nil ? "" : projects.names[Int(comboIds[0])],
                                courseName: spec.courseColumn == nil ? "" : courses.names[Int(comboIds[spec.projectColumn == nil ? 0 : 1])],
                                groupNames: spec.breakdowns.indices.map { groups[$0].names[Int(comboIds[comboIds.count - spec.breakdowns.count + $0])] }))
        comboCounts.append(contentsOf: repeatElement(0, count: stride))
        comboRows.append(0)
        comboIndicators.append(contentsOf: repeatElement(0, count: indicatorStride))
        let inserted = comboIds.withUnsafeBufferPointer { combos.insert($0) }
        assert(inserted == c)
        return c
    }

    /// The record's combo if it and every group of the record are in their
    /// tables already; then the groups' ids follow the project and course
    /// in `comboIds`, and `groupHits` holds the groups' table values.
    /// Only looks up: a row that is rejected later must leave no combo and
    /// no cell behind.
    private func knownCombo(_ record: RecordView) -> Int? {
        if comboIds.contains(-1) { return nil }
        for bi in breakdownColumn.indices {
            guard let v = tabledGroup(record, breakdown: bi) else { return nil }
            groupHits[bi] = v
        }
        let before = comboIds.count
        for bi in breakdownColumn.indices { comboIds.append(groupHits[bi] >> 1) }
        if let c = findCombo() { return c }
        comboIds.removeLast(comboIds.count - before)
        return nil
    }

    /// The combo of `comboIds`, if it is tabled.
    private func findCombo() -> Int? {
        comboIds.withUnsafeBufferPointer { combos.find($0) }
    }

    private func prefetchCounts(combo c: Int) {
        guard stride > 0 else { return }
        comboCounts.withUnsafeBufferPointer { counts in
            let start = UnsafeRawPointer(counts.baseAddress! + c * stride)
            let bytes = stride * MemoryLayout<Int32>.stride
            var offset = 0
            while offset < bytes {
                utfall_prefetch_for_write(start + offset)
                offset += 64
            }
            utfall_prefetch_for_write(start + bytes - 1)
        }
        comboRows.withUnsafeBufferPointer { utfall_prefetch_for_write($0.baseAddress! + c) }
    }

    /// The cells of a record whose combo is not tabled.
    private func cells(_ record: RecordView) -> [Int] {
        func text(_ column: Int?, _ id: Int32, _ table: GroupTable) -> String {
            guard let column else { return "" }
            return id >= 0 ? table.names[Int(id)] : record.string(column).trimmingSpaces
        }
        let p = text(spec.projectColumn, spec.projectColumn == nil ? -1 : comboIds[0], projects)
        let c = text(spec.courseColumn, spec.courseColumn == nil ? -1 : comboIds[spec.projectColumn == nil ? 0 : 1], courses)
        let first = comboIds.count - breakdownColumn.count
        let g = (breakdownColumn.indices).map { b in groupName(record, breakdown: b, id: comboIds[first + b]) }
        return cells(projectName: p, courseName: c, groupNames: g)
    }

    private func cells(projectName: String, courseName: String, groupNames: [String]) -> [Int] {
        var scopes: [CellKey] = [CellKey(scope: .all)]
        if spec.projectColumn != nil { scopes.append(CellKey(scope: .project, project: projectName)) }
        if spec.courseColumn != nil { scopes.append(CellKey(scope: .course, project: projectName, course: courseName)) }
        var out: [Int] = []
        for s in scopes {
            out.append(cell(s))
            for (b, g) in zip(spec.breakdowns, groupNames) {
                var k = s
                k.breakdown = b.name
                k.group = g
                out.append(cell(k))
            }
        }
        return out
    }

    /// Adds the combos' counts into their cells.
    private func flush() {
        ensureCellStorage()
        guard pendingCombos else { return }
        pendingCombos = false
        rowsSinceFlush = 0
        for (c, cells) in comboCells.enumerated() where comboRows[c] > 0 {
            for cell in cells { addCounts(comboCounts, comboRows, comboIndicators, at: c, into: cell) }
            comboRows[c] = 0
            for j in 0..<stride { comboCounts[c * stride + j] = 0 }
            for j in 0..<indicatorStride { comboIndicators[c * indicatorStride + j] = 0 }
        }
    }

    /// Per indicator: -1 not answered, 0 not met, 1 met.
    private func computeIndicators() {
        // Most surveys have none; even an empty loop retains the array.
        guard indicatorStride > 0 else { return }
        for (j, ind) in spec.indicators.enumerated() {
            var answeredAny = false
            var areasMet = 0
            for area in ind.areas {
                var met = false
                for i in area.items {
                    let k = itemLevels[i]
                    let a = answers[i]
                    if a <= k { answeredAny = true }
                    else if ind.blankMeansNo { answeredAny = true }
                    if a == k { met = true }
                }
                if met { areasMet += 1 }
            }
            indicatorOutcome[j] = answeredAny ? (areasMet >= ind.minAreas ? 1 : 0) : -1
        }
    }

    private func noteUnknown(_ k: UnknownKey, record: RecordView) {
        if unknown[k] != nil {
            unknown[k]!.count += 1
        } else {
            let it = spec.items[k.item]
            unknown[k] = UnknownLabel(item: it.id, itemText: it.text, label: PersonalData.shownAnswer(record.string(it.column).trimmingSpaces), count: 1,
                                      firstLine: record.line, suggestion: it.scale.suggestion(for: k.key), column: it.column + 1)
        }
    }

    /// One entry per breakdown and distinct value, not one warning per
    /// row: an export with a gender nobody mapped would otherwise fill the
    /// log and the data-quality sheet with the same line thousands of times.
    private func noteUnknownGroup(_ record: RecordView, breakdown b: Int, id: Int32) {
        // Shown (personal data taken out) only when reported: this runs for every row of the group.
        let k = UnknownGroupKey(breakdown: b, value: record.string(breakdownColumn[b]).trimmingSpaces)
        if unknownGroups[k] == nil {
            unknownGroups[k] = UnknownGroup(firstLine: record.line, column: breakdownColumn[b], countedAs: groupName(record, breakdown: b, id: id))
        } else {
            unknownGroups[k]!.rows += 1
        }
    }

    /// One warning per project, course or group name met in several
    /// spellings; not for a free breakdown's values published as
    /// `smallGroups` (`folded`), which the log must not name.
    func mergedNameDiagnostics(folded: [String: (values: Set<String>, people: Int)]) -> [Diagnostic] {
        projectNames.mergedDiagnostics(what: "project", file: spec.file) + courseNames.mergedDiagnostics(what: "course", file: spec.file)
            + spec.breakdowns.flatMap { b in
                groupNames[b.name]?.mergedDiagnostics(what: "\(b.name) group", file: spec.file) { folded[b.name]?.values.contains($0) == true } ?? []
            }
    }

    /// A warning per breakdown value the pipeline does not map, in the
    /// order of their first lines. Without its count: the group it is
    /// counted in may be hidden, and the log and data-quality sheet are
    /// published too. For the same reason a value fewer than
    /// `min_cell_size` rows gave is not shown either: a gender typed in by
    /// one respondent ("transman") is that person's answer, and the line
    /// beside it says whose. The analyst finds it at that line in the export.
    var unknownGroupDiagnostics: [Diagnostic] {
        unknownGroups.sorted { ($0.value.firstLine, $0.key.breakdown, $0.key.value) < ($1.value.firstLine, $1.key.breakdown, $1.key.value) }.map { k, u in
            let b = spec.breakdowns[k.breakdown]
            // A free breakdown has no unknown values but personal ones
            // (see GroupMapping.group): nothing to add under values:.
            if b.mapping.unknownGroup == nil {
                return Diagnostic(.warning, kind: "personal_value_counted_missing", at: SourceLocation(file: spec.file, line: u.firstLine, column: u.column + 1),
                                  "breakdown \(b.name): a value holding an e-mail address, IP address, personnummer or phone number (first on line \(u.firstLine), not shown) is counted as '\(u.countedAs)', not published as a group; correct the export if it is not one")
            }
            let value = u.rows >= spec.minCellSize ? "'\(PersonalData.shown(k.value).clippedForLog)'"
                : "a value given on fewer than \(spec.minCellSize) rows (not shown: see the export)"
            return Diagnostic(.warning, kind: "unknown_group", at: SourceLocation(file: spec.file, line: u.firstLine, column: u.column + 1),
                              "\(value) is not a known \(b.name) group, first on line \(u.firstLine); counted as '\(u.countedAs)'. Add it under values: of the breakdown \(b.name) in the pipeline file")
        }
    }

    private func reject(_ record: RecordView, column: Int, kind: String, _ reason: String) -> RejectedRow {
        rejected += 1
        let loc = SourceLocation(file: spec.file, line: record.line, column: column + 1)
        let row = RejectedRow(location: loc, kind: kind, reason: reason, fields: record.strings(), diagnosed: true)
        diagnostics.add(row.diagnostic)
        return row
    }

    /// Moves the line numbers it kept (diagnostics, unknown labels' first
    /// lines) `offset` lines down: for a later part of a split read,
    /// which numbers its lines from its own start.
    public func shiftLines(by offset: Int) {
        diagnostics.shiftLines(by: offset)
        for k in unknown.keys { unknown[k]!.firstLine += offset }
        for k in unknownGroups.keys { unknownGroups[k]!.firstLine += offset }
    }

    /// Takes in what another aggregator of the same spec counted from the
    /// records that follow this one's in the file (a later part of a split
    /// read): the result is what one aggregator reading both in turn
    /// would hold.
    public func merge(_ later: SurveyAggregator) {
        // Its spellings after this one's, as one aggregator reading on
        // would have met them (a name's first spelling stays the one shown).
        for list in later.projectNames.byKey.values { for name in list { _ = projectNames.canonical(name) } }
        for list in later.courseNames.byKey.values { for name in list { _ = courseNames.canonical(name) } }
        for (b, names) in later.groupNames {
            for list in names.byKey.values { for name in list { _ = groupNames[b, default: NameSpellings()].canonical(name) } }
        }
        for (i, levels) in later.levelSpellings.enumerated() {
            for (level, spellings) in levels { for s in spellings { noteSpelling(s.text, item: i, level: level) } }
        }
        // The later one's cells, in the order it met them, as this one's;
        // its combos go straight into them, never through its own cells.
        let cells = later.cellKeys.map { cell($0, recording: false) }
        ensureCellStorage()
        for lc in later.rows.indices {
            addCounts(later.counts, later.rows, later.indicatorCounts, at: lc, into: cells[lc])
        }
        for (c, comboCells) in later.comboCells.enumerated() where later.comboRows[c] > 0 {
            for lc in comboCells { addCounts(later.comboCounts, later.comboRows, later.comboIndicators, at: c, into: cells[lc]) }
        }
        for (k, u) in later.unknown {
            if unknown[k] != nil { unknown[k]!.count += u.count } else { unknown[k] = u }
        }
        for (k, u) in later.unknownGroups {
            if unknownGroups[k] != nil { unknownGroups[k]!.rows += u.rows } else { unknownGroups[k] = u }
        }
        diagnostics.append(later.diagnostics)
        accepted += later.accepted
        rejected += later.rejected
    }

    /// Unknown labels, most frequent first.
    public var unknownLabels: [UnknownLabel] {
        // Answers that differ only in what was removed from them are one row.
        var merged: [String: UnknownLabel] = [:]
        for u in unknown.values {
            let key = u.item + "\u{1F}" + u.label
            guard var m = merged[key] else { merged[key] = u; continue }
            m.count += u.count
            if u.firstLine < m.firstLine { m.firstLine = u.firstLine; m.suggestion = u.suggestion }
            merged[key] = m
        }
        return merged.values.sorted { ($0.count, $1.item, $1.label) > ($1.count, $0.item, $0.label) }
    }

    /// The counts gathered so far, one entry per cell.
    public func tallies() -> [CellKey: [Tally]] {
        flush()
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
        flush()
        return Dictionary(uniqueKeysWithValues: cellKeys.enumerated().map { ($1, rows[$0]) })
    }

    public func indicatorTallies() -> [CellKey: [(answered: Int, met: Int)]] {
        flush()
        let m = spec.indicators.count
        var out: [CellKey: [(answered: Int, met: Int)]] = [:]
        for (c, key) in cellKeys.enumerated() {
            out[key] = (0..<m).map { j in (indicatorCounts[c * m * 2 + j * 2], indicatorCounts[c * m * 2 + j * 2 + 1]) }
        }
        return out
    }

    // MARK: Counts by cell position, for results() (SurveyReport.swift)

    /// The counted cells, in the order they were first seen; positions below index this.
    var countedCells: [CellKey] {
        flush()
        return cellKeys
    }

    /// Item `i`'s count in cell `c`: `slot` 0…k−1 are levels 1…k, k non-substantive, k+1 blank.
    func count(cell c: Int, item i: Int, slot: Int) -> Int {
        flush()
        return counts[c * stride + itemOffset[i] + slot]
    }

    /// Respondent rows counted in cell `c`.
    func respondentCount(cell c: Int) -> Int {
        flush()
        return rows[c]
    }

    /// Indicator `j` in cell `c`: respondents who answered it, and who met it.
    func indicatorCount(cell c: Int, indicator j: Int) -> (answered: Int, met: Int) {
        flush()
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
    /// The export's column (1-based) the answers are in.
    public var column: Int? = nil

    /// What a diagnostic says, after the file, line and column it names.
    public var message: String {
        var s = "'\(label.clippedForLog)' ×\(count) in item \(item)\(column.map { " (column \($0))" } ?? ""), first on line \(firstLine)"
        if let suggestion { s += "; did you mean '\(suggestion)'?" }
        return s
    }
}
