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
        for u in out.unknownLabels {
            let severity: Severity = spec.unknownLabels == .fail ? .error : .warning
            out.diagnostics.add(Diagnostic(severity, kind: "unknown_label", at: SourceLocation(file: spec.file, line: u.firstLine),
                                           "unknown answer " + u.message(file: spec.file)))
        }

        let tallies = tallies()
        let keys = tallies.keys.sorted(by: displayOrder)
        for (i, item) in spec.items.enumerated() {
            let hidden = Suppression.apply(n: tallies.mapValues { $0[i].n }, minimum: spec.minCellSize)
            for key in keys {
                let t = tallies[key]![i]
                let sup = hidden[key] != nil
                let n = t.n
                for (l, c) in t.counts.enumerated() {
                    out.distribution.append(DistributionRow(
                        cell: key, item: item.id, itemText: item.text, level: l + 1,
                        levelLabel: item.scale.levels[item.reversed ? item.scale.count - 1 - l : l].label,
                        count: sup ? nil : c, n: sup ? nil : n,
                        share: sup || n == 0 ? nil : Double(c) / Double(n), suppressed: sup))
                }
                let box = item.scale.boxWidth
                let top = t.counts.suffix(box).reduce(0, +)
                let bottom = t.counts.prefix(box).reduce(0, +)
                let ci = LikertStatistics.wilson(successes: top, n: n)
                out.summary.append(SummaryRow(
                    cell: key, item: item.id, itemText: item.text,
                    n: sup ? nil : n, nonSubstantive: sup ? nil : t.nonSubstantive, blank: sup ? nil : t.blank,
                    mean: sup ? nil : LikertStatistics.mean(counts: t.counts),
                    median: sup ? nil : LikertStatistics.median(counts: t.counts),
                    top2: sup || n == 0 ? nil : Double(top) / Double(n),
                    bottom2: sup || n == 0 ? nil : Double(bottom) / Double(n),
                    suppressed: sup, top2Low: sup ? nil : ci?.low, top2High: sup ? nil : ci?.high))
            }
        }

        let indicatorTallies = indicatorTallies()
        for (j, ind) in spec.indicators.enumerated() {
            let hidden = Suppression.apply(n: indicatorTallies.mapValues { $0[j].answered }, minimum: spec.minCellSize)
            for key in keys {
                let t = indicatorTallies[key]![j]
                let sup = hidden[key] != nil
                out.indicators.append(IndicatorRow(
                    cell: key, indicator: ind.id, label: ind.label, n: sup ? nil : t.answered, met: sup ? nil : t.met,
                    share: sup || t.answered == 0 ? nil : Double(t.met) / Double(t.answered), suppressed: sup))
            }
        }

        if let enrollment { out.responseRates = responseRates(enrollment, diagnostics: &out.diagnostics) }
        return out
    }

    private func responseRates(_ enrollment: [Enrollment], diagnostics: inout Diagnostics) -> [ResponseRateRow] {
        let responses = respondents().filter { $0.key.breakdown == "all" }
        var enrolled: [CellKey: Int] = [:]
        var seenCourse: [CellKey: SourceLocation] = [:]
        for e in enrollment {
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
        for key in responses.keys where key.scope == .course && enrolled[key] == nil {
            diagnostics.add(Diagnostic(.warning, kind: "enrollment_missing", at: SourceLocation(file: spec.file),
                                       "course '\(key.course)' of '\(key.project)' has answers but no enrollment figure; its response rate is left empty"))
        }
        var n: [CellKey: Int] = [:]
        for key in Set(enrolled.keys).union(responses.keys) { n[key] = responses[key] ?? 0 }
        let hidden = Suppression.apply(n: n, minimum: spec.minCellSize)
        return n.keys.sorted(by: displayOrder).map { key in
            let r = n[key]!
            let e = enrolled[key]
            let sup = hidden[key] != nil
            if let e, r > e {
                diagnostics.add(Diagnostic(.warning, kind: "responses_exceed_enrollment", at: SourceLocation(file: spec.file),
                                           "\(key.scope.rawValue) '\(key.course.isEmpty ? key.project : key.course)' has \(r) answers but \(e) enrolled"))
            }
            return ResponseRateRow(cell: key, enrolled: sup ? nil : e, responses: sup ? nil : r,
                                   rate: sup || e == nil || e == 0 ? nil : Double(r) / Double(e!), suppressed: sup)
        }
    }

    /// Whole survey first, then projects, then courses; within a scope,
    /// Swedish alphabetical order; breakdowns in declared order, groups in
    /// the mapping's order.
    func displayOrder(_ a: CellKey, _ b: CellKey) -> Bool {
        func scopeRank(_ s: CellKey.Scope) -> Int { s == .all ? 0 : s == .project ? 1 : 2 }
        if a.scope != b.scope { return scopeRank(a.scope) < scopeRank(b.scope) }
        if a.project != b.project { return SwedishOrder.less(a.project, b.project) }
        if a.course != b.course { return SwedishOrder.less(a.course, b.course) }
        if a.breakdown != b.breakdown { return breakdownRank(a.breakdown) < breakdownRank(b.breakdown) }
        let ra = groupRank(a), rb = groupRank(b)
        if ra != rb { return ra < rb }
        return SwedishOrder.less(a.group, b.group)
    }

    private func breakdownRank(_ name: String) -> Int {
        name == "all" ? -1 : spec.breakdowns.firstIndex { $0.name == name } ?? Int.max
    }

    private func groupRank(_ k: CellKey) -> Int {
        guard let b = spec.breakdowns.first(where: { $0.name == k.breakdown }) else { return 0 }
        return b.mapping.groups.firstIndex { $0.key == k.group } ?? Int.max
    }
}
