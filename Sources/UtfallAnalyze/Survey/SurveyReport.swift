import UtfallModel

extension SurveyAggregator {
    /// Turns the counts into published rows, applying small-cell suppression
    /// per item (each item has its own n, so each is its own table).
    public func results(enrollment: [Enrollment]? = nil) -> SurveyResults {
        var out = SurveyResults()
        out.minCellSize = spec.minCellSize
        out.respondentsAccepted = accepted
        out.unknownLabels = unknownLabels
        out.diagnostics = diagnostics
        let folded = foldedGroups()
        for d in unknownGroupDiagnostics + mergedNameDiagnostics(folded: folded) + mergedLevelDiagnostics { out.diagnostics.add(d) }
        for u in out.unknownLabels {
            let severity = spec.unknownLabels.severity
            // A built-in scale cannot be extended, and a numeric code has a key of its own.
            let builtIn = spec.items.first { $0.id == u.item }.map { Scale.builtIn[$0.scale.id] == $0.scale } ?? false
            let fix = Scale.isCode(TextKey.normalize(u.label))
                ? "; a numeric code: if the export writes levels as numbers, give a scale of your own under scales: (its levels in order, 1 = most negative), and a \"don't know\" code under its non_substantive_codes"
                : builtIn ? "; if it means a level or \"don't know\", give a scale of your own under scales: that lists it (a built-in scale cannot be extended)"
                : "; if it means a level or \"don't know\", add it to the scale's synonyms or non_substantive"
            spec.unknownLabels.report(Diagnostic(severity, kind: "unknown_label", at: SourceLocation(file: spec.file, line: u.firstLine, column: u.column),
                                                 "unknown answer " + u.message + (u.suggestion == nil ? fix : "")), into: &out.diagnostics)
        }

        // Every figure is read by cell position: the cells are sorted once,
        // and suppression's partitions are worked out once for all items.
        for d in foldDiagnostics(folded) { out.diagnostics.add(d) }
        let (counted, members) = publishedCells(folded: folded)
        let order = displayOrder(counted)
        let keys = order.map { counted[$0] }
        func sum(_ p: Int, _ figure: (Int) -> Int) -> Int {
            let m = members[order[p]]
            return m.count == 1 ? figure(m[0]) : m.reduce(0) { $0 + figure($1) }
        }
        let plan = Suppression.Plan(cells: keys)
        let minimum = spec.minCellSize
        // Every item and indicator describes the same people per cell, and
        // each table's own choice of which cell to hide besides could differ:
        // item x hiding K1 and K2, item y K1 and K3, gave K1 = all − K2 − K3 in
        // people. So the cells too small in people, and the cells that protect
        // them, are hidden first and alike in every table.
        let people = order.indices.map { p in sum(p) { respondentCount(cell: $0) } }
        let base = plan.apply(n: people, minimum: minimum)
        let hide: ([Int], [Int]) -> [Bool] = { n, shown in plan.apply(n: n, shown: shown, minimum: minimum, base: base).map { $0 != nil } }

        var likert = LikertFigures(cells: keys)
        for (i, item) in spec.items.enumerated() {
            let k = item.scale.count
            let labels = (0..<k).map { l in item.scale.levels[item.reversed ? k - 1 - l : l].label }
            likert.addItem(.init(id: item.id, text: item.text, levelLabels: labels, boxWidth: item.scale.boxWidth, reversed: item.reversed),
                           slotsOf: { c, slot in sum(c) { self.count(cell: $0, item: i, slot: slot) } }, hidden: hide)
        }
        out.likert = likert

        for (j, ind) in spec.indicators.enumerated() {
            let tallies = order.indices.map { p in (answered: sum(p) { indicatorCount(cell: $0, indicator: j).answered },
                                                    met: sum(p) { indicatorCount(cell: $0, indicator: j).met }) }
            // Like a Likert cell, a group is as small as the people in it:
            // n = 0 for a group of one who skipped every area is that one's answer.
            let hidden = plan.apply(n: tallies.map(\.answered), shown: people, minimum: minimum, base: base)
            for (p, key) in keys.enumerated() {
                let t = tallies[p]
                let sup = hidden[p] != nil
                out.indicators.append(IndicatorRow(
                    cell: key, indicator: ind.id, label: ind.label, n: sup ? nil : t.answered, met: sup ? nil : t.met,
                    share: sup || t.answered == 0 ? nil : Double(t.met) / Double(t.answered), suppressed: sup))
            }
        }

        if let enrollment {
            var hiddenPeople: Set<CellKey> = []
            for (p, key) in keys.enumerated() where base[p] != nil && key.breakdown == "all" { hiddenPeople.insert(key) }
            out.responseRates = responseRates(enrollment, hiddenPeople: hiddenPeople, diagnostics: &out.diagnostics)
        }
        return out
    }

    /// The values of each free breakdown that are published as `smallGroups`.
    ///
    /// A breakdown without `mapping:` publishes its values as group names,
    /// and a value is whatever a respondent wrote: a name, a small town, a
    /// job only one person has. Suppression hides a small group's figures
    /// but not its name, so the values that fewer than `min_cell_size`
    /// respondents gave in the whole survey are published together as one
    /// group, in every scope; a value that enough people gave says nothing
    /// of any one of them. Groups the pipeline names itself (`values:` and
    /// the blank group) are the analyst's words and stay as they are.
    func foldedGroups() -> [String: (values: Set<String>, people: Int)] {
        let counted = countedCells
        var folded: [String: (values: Set<String>, people: Int)] = [:]
        for b in spec.breakdowns where b.mapping.unknownGroup == nil {
            let own = Set(b.mapping.table.values).union(b.mapping.groups.map(\.key)).union([b.mapping.blankGroup])
            var small: (values: Set<String>, people: Int) = ([], 0)
            for (c, key) in counted.enumerated() where key.scope == .all && key.breakdown == b.name && !own.contains(key.group) {
                let people = respondentCount(cell: c)
                if people < spec.minCellSize || key.group == Self.smallGroups {
                    small.values.insert(key.group)
                    small.people += people
                }
            }
            if !small.values.isEmpty { folded[b.name] = small }
        }
        return folded
    }

    /// What the log says of a fold: how many values and people, never which.
    private func foldDiagnostics(_ folded: [String: (values: Set<String>, people: Int)]) -> [Diagnostic] {
        spec.breakdowns.compactMap { b in
            guard let (small, people) = folded[b.name] else { return nil }
            return Diagnostic(.info, kind: "groups_folded", at: SourceLocation(file: spec.file),
                              "breakdown '\(b.name)' (column \(b.column + 1)): \(small.count) value\(small.count == 1 ? "" : "s") given by fewer than \(spec.minCellSize) respondents each "
                              + "(\(people) respondent\(people == 1 ? "" : "s") in all) \(small.count == 1 ? "is" : "are") published as the group '\(Self.smallGroups)'; "
                              + "what they say is not shown")
        }
    }

    /// The cells as published, each with the counted cells it adds up:
    /// one each, but for the folded values' cells, which add up to their
    /// scope's `smallGroups` cell.
    func publishedCells(folded: [String: (values: Set<String>, people: Int)]) -> (keys: [CellKey], members: [[Int]]) {
        let counted = countedCells
        guard !folded.isEmpty else { return (counted, counted.indices.map { [$0] }) }
        var keys: [CellKey] = [], members: [[Int]] = [], position: [CellKey: Int] = [:]
        for (c, var key) in counted.enumerated() {
            if folded[key.breakdown]?.values.contains(key.group) == true { key.group = Self.smallGroups }
            if let p = position[key] {
                members[p].append(c)
            } else {
                position[key] = keys.count
                keys.append(key)
                members.append([c])
            }
        }
        return (keys, members)
    }

    /// The group that a free breakdown's rare values are published as (see `publishedCells`).
    public static let smallGroups = "small_groups"

    /// A cell as a message names it: "the whole survey", "project 'P1'",
    /// "course 'K1' of 'P1'" (a course name may be used in two projects).
    static func named(_ key: CellKey) -> String {
        switch key.scope {
        case .all: "the whole survey"
        case .project: "project '\(key.project)'"
        case .course: key.project.isEmpty ? "course '\(key.course)'" : "course '\(key.course)' of '\(key.project)'"
        }
    }

    /// `hiddenPeople`: the cells (breakdown `all`) whose people the survey
    /// tables hide; the rates must not give them back.
    private func responseRates(_ enrollment: [Enrollment], hiddenPeople: Set<CellKey>, diagnostics: inout Diagnostics) -> [ResponseRateRow] {
        var responses: [CellKey: Int] = [:]
        for (c, key) in countedCells.enumerated() where key.breakdown == "all" { responses[key] = respondentCount(cell: c) }
        var enrolled: [CellKey: Int] = [:]
        var seenCourse: [CellKey: SourceLocation] = [:]
        // The enrollment names a course as the export does, however typed;
        // one the export lacks, as its own first spelling (`K9` and `k9`
        // listed twice are one course listed twice).
        var ownProjects: [String: String] = [:], ownCourses: [String: String] = [:]
        func named(_ name: String, _ names: NameSpellings, _ own: inout [String: String]) -> String {
            if let shown = names.shown(for: name) { return shown }
            let key = TextKey.normalize(name)
            if let first = own[key] { return first }
            // Published as the export's names are: without invisible format characters.
            let shown = NameSpellings.withoutFormatCharacters(name)
            own[key] = shown
            return shown
        }
        for var e in enrollment {
            e.project = named(e.project, projectNames, &ownProjects)
            e.course = named(e.course, courseNames, &ownCourses)
            let course = CellKey(scope: .course, project: e.project, course: e.course)
            if let first = seenCourse[course] {
                diagnostics.add(Diagnostic(.error, kind: "duplicate_enrollment", at: e.location,
                                           "course '\(e.course)' of '\(e.project)' is listed twice in the enrollment (first at line \(first.line ?? 0)); its figures would be counted twice"))
                continue
            }
            seenCourse[course] = e.location
            enrolled[course, default: 0] += e.enrolled
            if spec.projectColumn != nil { enrolled[CellKey(scope: .project, project: e.project), default: 0] += e.enrolled }
            enrolled[CellKey(scope: .all), default: 0] += e.enrolled
        }
        // A rate compares like with like: above the courses, only the answers
        // of courses with an enrollment figure are set against the enrolled.
        var matched: [CellKey: Int] = [:]
        // In a fixed order: the log and the data-quality sheet list these.
        for (key, r) in responses.sorted(by: { $0.key < $1.key }) where key.scope == .course {
            guard enrolled[key] != nil else {
                diagnostics.add(Diagnostic(.warning, kind: "enrollment_missing", at: SourceLocation(file: spec.file),
                                           "course '\(key.course)' of '\(key.project)' has answers but no enrollment figure; its response rate is left empty, and its answers are left out of the rates above it"))
                continue
            }
            if spec.projectColumn != nil { matched[CellKey(scope: .project, project: key.project), default: 0] += r }
            matched[CellKey(scope: .all), default: 0] += r
        }
        // Mostly a course with no answers yet; sometimes a name the export
        // spells otherwise, which only the reader can tell.
        for key in enrolled.keys.filter({ $0.scope == .course && responses[$0] == nil }).sorted(by: { ($0.project, $0.course) < ($1.project, $1.course) }) {
            diagnostics.add(Diagnostic(.info, kind: "enrollment_without_answers", at: seenCourse[key] ?? SourceLocation(file: spec.file),
                                       "course '\(key.course)'\(key.project.isEmpty ? "" : " of '\(key.project)'") is in the enrollment but has no answers in the export; its response rate is 0"))
        }
        var n: [CellKey: Int] = [:]
        for key in Set(enrolled.keys).union(responses.keys) {
            n[key] = key.scope != .course && enrolled[key] != nil ? matched[key] ?? 0 : responses[key] ?? 0
        }
        // The sums suppression guards are the ones the table holds: courses
        // with an enrollment figure add up to their project and the whole;
        // a course without one is in no published sum, and is checked alone.
        // A project without any enrollment figure counts all its answers and
        // is in no sum of the table either (the whole survey's figure counts
        // enrolled courses only).
        let inSums = n.filter { enrolled[$0.key] != nil }
        let alone = n.filter { enrolled[$0.key] == nil }
        // The survey tables publish each course's people and the project's
        // and the whole survey's: a course they hide is hidden here too, or
        // its responses would give it back. And a total here counts only
        // courses with an enrollment figure, so the survey's total minus
        // this one is the sum of the others; when those the tables hide add
        // up to fewer than the minimum, this total is hidden.
        // A course's responses are its people, which the survey tables publish
        // unless they hide them: hiding such a course here protects nothing,
        // so another member of its sum must go. So for a total whose
        // courses outside the rates are all published there.
        let outside = responses.keys.filter { $0.scope == .course && enrolled[$0] == nil }
        func hiddenOutside(_ total: CellKey) -> [CellKey] {
            outside.filter { hiddenPeople.contains($0) && (total.scope == .all || $0.project == total.project) }
        }
        var pre: [CellKey: Suppression.Reason] = [:]
        var known: Set<CellKey> = []
        for key in n.keys {
            let hiddenThere = hiddenPeople.contains(key)
            if hiddenThere { pre[key] = .secondary }
            if key.scope == .course {
                if !hiddenThere { known.insert(key) }
                continue
            }
            let others = hiddenOutside(key)
            let size = others.map { responses[$0]! }.reduce(0, +)
            // survey total − this total = those courses: one of them comes
            // back exactly, several together as a group (F: a course hidden
            // to protect two of two people was given back by the whole
            // survey's rate, and with it their four).
            if enrolled[key] != nil && !others.isEmpty && (others.count == 1 || size < spec.minCellSize) { pre[key] = .secondary }
            if !hiddenThere && others.isEmpty { known.insert(key) }
        }
        let hidden = Suppression.apply(n: inSums, minimum: spec.minCellSize, base: pre, known: known)
            .merging(Suppression.apply(n: alone, minimum: spec.minCellSize, base: pre, known: known)) { a, _ in a }
        let cells = Array(n.keys)
        return displayOrder(cells).map { cells[$0] }.map { key in
            let r = n[key]!
            let e = enrolled[key]
            let sup = hidden[key] != nil
            if let e, r > e {
                // The log and the data-quality sheet are published too: a
                // hidden cell's counts must not reach them.
                let counts = sup ? "more answers than enrolled (figures suppressed)" : "\(r) answers but \(e) enrolled"
                diagnostics.add(Diagnostic(.warning, kind: "responses_exceed_enrollment", at: SourceLocation(file: spec.file),
                                           "\(Self.named(key)) has \(counts)"))
            }
            return ResponseRateRow(cell: key, enrolled: sup ? nil : e, responses: sup ? nil : r,
                                   rate: sup || e == nil || e == 0 ? nil : Double(r) / Double(e!), suppressed: sup)
        }
    }

    /// The positions of `cells` in display order: whole survey first, then
    /// projects, then courses; within a scope, Swedish alphabetical order;
    /// breakdowns in declared order, groups in the mapping's order.
    ///
    /// Each distinct name is normalized and ranked once, not per comparison:
    /// sorting a thousand cells used to normalize names tens of thousands of times.
    func displayOrder(_ cells: [CellKey]) -> [Int] {
        // Ranks in SwedishOrder, equal names (String ==) sharing one rank.
        func ranks(_ names: [String]) -> [String: Int] {
            let distinct = Array(Set(names))
            let keys = distinct.map(SwedishOrder.key)
            let sorted = distinct.indices.sorted { a, b in
                keys[a].lexicographicallyPrecedes(keys[b]) || (keys[a] == keys[b] && distinct[a] < distinct[b])
            }
            var rank: [String: Int] = [:]
            for (r, i) in sorted.enumerated() { rank[distinct[i]] = r }
            return rank
        }
        let project = ranks(cells.map(\.project)), course = ranks(cells.map(\.course)), group = ranks(cells.map(\.group))
        func scopeRank(_ s: CellKey.Scope) -> Int { s == .all ? 0 : s == .project ? 1 : 2 }
        let sortKey = cells.map { k in
            (scopeRank(k.scope), project[k.project]!, course[k.course]!, breakdownRank(k.breakdown), groupRank(k), group[k.group]!)
        }
        return cells.indices.sorted { sortKey[$0] < sortKey[$1] }
    }

    private func breakdownRank(_ name: String) -> Int {
        name == "all" ? -1 : spec.breakdowns.firstIndex { $0.name == name } ?? Int.max
    }

    private func groupRank(_ k: CellKey) -> Int {
        guard let b = spec.breakdowns.first(where: { $0.name == k.breakdown }) else { return 0 }
        // The rare values together come after the values they are not.
        if b.mapping.unknownGroup == nil && k.group == Self.smallGroups { return Int.max }
        return b.mapping.groups.firstIndex { $0.key == k.group } ?? Int.max - 1
    }
}
