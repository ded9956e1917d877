/// The Likert counts of every (item, cell), kept once in flat arrays.
///
/// The rows of `likert_distribution.csv` and `likert_summary.csv` are views
/// over these counts, built when read: a large survey publishes hundreds of
/// thousands of rows, and materialising each as a struct of strings cost more
/// memory than everything else in a run, and copying them more time than
/// writing them. Writers read the figures by position instead.
public struct LikertFigures: Sendable {
    public struct Item: Sendable {
        public var id: String
        public var text: String
        /// Level labels as published, level 1 first: a reverse-coded item's
        /// scale labels run backwards.
        public var levelLabels: [String]
        /// Levels counted in the top (and the bottom) box.
        public var boxWidth: Int
        /// Reverse-coded: its labels run backwards (the workbook says so).
        public var reversed = false

        public var levels: Int { levelLabels.count }
    }

    /// What one (item, cell) publishes in `likert_summary.csv`: nil where
    /// suppressed or undefined (no answers).
    public struct Summary: Sendable, Equatable {
        public var n: Int?
        public var nonSubstantive: Int?
        public var blank: Int?
        public var mean: Double?
        public var median: Double?
        public var top2: Double?
        public var bottom2: Double?
        public var suppressed: Bool
        public var top2Low: Double?
        public var top2High: Double?
    }

    public private(set) var items: [Item] = []
    /// Every counted cell, in display order. `cell:` arguments are positions here.
    public private(set) var cells: [CellKey] = []

    /// Item by item, cell by cell: the counts of levels 1…k, then
    /// non-substantive, then blank.
    private var slots: [Int] = []
    /// Where each item's block of `slots` starts.
    private var itemStart: [Int] = []
    /// Level count per item, apart from `items` so the hot paths do not touch strings.
    private var levelCount: [Int] = []
    /// Item by item, cell by cell: n (the substantive answers).
    private var ns: [Int] = []
    /// Item by item, cell by cell: whether the figures are withheld.
    private var hidden: [Bool] = []

    init(cells: [CellKey]) { self.cells = cells }

    /// Adds an item whose counts per cell come from `slotsOf(cell, slot)`,
    /// with `slot` 0…k−1 the levels, k non-substantive, k+1 blank; `hidden`
    /// chooses the withheld cells from each cell's n and the number of
    /// people its row shows (all slots).
    mutating func addItem(_ item: Item, slotsOf: (Int, Int) -> Int, hidden hide: (_ n: [Int], _ shown: [Int]) -> [Bool]) {
        let k = item.levels
        items.append(item)
        levelCount.append(k)
        itemStart.append(slots.count)
        var n = [Int](repeating: 0, count: cells.count)
        var shown = [Int](repeating: 0, count: cells.count)
        slots.reserveCapacity(slots.count + cells.count * (k + 2))
        for c in cells.indices {
            var sum = 0, all = 0
            for s in 0..<(k + 2) {
                let v = slotsOf(c, s)
                slots.append(v)
                if s < k { sum += v }
                all += v
            }
            n[c] = sum
            shown[c] = all
        }
        hidden += hide(n, shown)
        ns += n
    }

    public func levels(item i: Int) -> Int { levelCount[i] }

    private func base(_ i: Int, _ c: Int) -> Int { itemStart[i] + c * (levelCount[i] + 2) }

    /// The count of `level` (1…k), whether published or not.
    public func count(item i: Int, cell c: Int, level: Int) -> Int { slots[base(i, c) + level - 1] }

    /// Blank answers (and those counted with them), whether published or not.
    public func blanks(item i: Int, cell c: Int) -> Int { slots[base(i, c) + levelCount[i] + 1] }

    /// Substantive answers (the shares' denominator), whether published or not.
    public func n(item i: Int, cell c: Int) -> Int { ns[i * cells.count + c] }

    public func isSuppressed(item i: Int, cell c: Int) -> Bool { hidden[i * cells.count + c] }

    /// count / n as published: nil when suppressed or nobody answered.
    public func share(item i: Int, cell c: Int, level: Int) -> Double? {
        let n = n(item: i, cell: c)
        if isSuppressed(item: i, cell: c) || n == 0 { return nil }
        return Double(count(item: i, cell: c, level: level)) / Double(n)
    }

    public func summary(item i: Int, cell c: Int) -> Summary {
        let k = levelCount[i], b = base(i, c)
        let counts = slots[b..<(b + k)]
        let n = n(item: i, cell: c)
        let sup = isSuppressed(item: i, cell: c)
        let box = items[i].boxWidth
        let top = counts.suffix(box).reduce(0, +)
        let bottom = counts.prefix(box).reduce(0, +)
        let ci = LikertStatistics.wilson(successes: top, n: n)
        return Summary(
            n: sup ? nil : n, nonSubstantive: sup ? nil : slots[b + k], blank: sup ? nil : slots[b + k + 1],
            mean: sup ? nil : LikertStatistics.mean(counts: counts),
            median: sup ? nil : LikertStatistics.median(counts: counts),
            top2: sup || n == 0 ? nil : Double(top) / Double(n),
            bottom2: sup || n == 0 ? nil : Double(bottom) / Double(n),
            suppressed: sup, top2Low: sup ? nil : ci?.low, top2High: sup ? nil : ci?.high)
    }

    // MARK: Rows

    /// The rows of `likert_distribution.csv`: item by item, cell by cell, level by level.
    public var distributionRows: DistributionRows { DistributionRows(figures: self) }

    /// The rows of `likert_summary.csv`: item by item, cell by cell.
    public var summaryRows: SummaryRows { SummaryRows(figures: self) }

    public struct DistributionRows: RandomAccessCollection, Sendable {
        let figures: LikertFigures
        /// Row index of each item's first row, and the total at the end.
        private let itemRow: [Int]

        init(figures: LikertFigures) {
            self.figures = figures
            var starts = [0]
            for k in figures.levelCount { starts.append(starts.last! + k * figures.cells.count) }
            itemRow = starts
        }

        public var startIndex: Int { 0 }
        public var endIndex: Int { itemRow.last! }

        public subscript(position: Int) -> DistributionRow {
            precondition(position >= 0 && position < endIndex, "row index out of range")
            // The last item starting at or before the row.
            var lo = 0, hi = itemRow.count - 1
            while hi - lo > 1 {
                let mid = (lo + hi) / 2
                if itemRow[mid] <= position { lo = mid } else { hi = mid }
            }
            let f = figures, i = lo, k = f.levelCount[i]
            let r = position - itemRow[i], c = r / k, level = r % k + 1
            let item = f.items[i]
            let sup = f.isSuppressed(item: i, cell: c)
            return DistributionRow(
                cell: f.cells[c], item: item.id, itemText: item.text, level: level, levelLabel: item.levelLabels[level - 1],
                count: sup ? nil : f.count(item: i, cell: c, level: level), n: sup ? nil : f.n(item: i, cell: c),
                share: f.share(item: i, cell: c, level: level), suppressed: sup)
        }
    }

    public struct SummaryRows: RandomAccessCollection, Sendable {
        let figures: LikertFigures

        public var startIndex: Int { 0 }
        public var endIndex: Int { figures.items.count * figures.cells.count }

        public subscript(position: Int) -> SummaryRow {
            precondition(position >= 0 && position < endIndex, "row index out of range")
            let f = figures, i = position / f.cells.count, c = position % f.cells.count
            return SummaryRow(cell: f.cells[c], item: f.items[i].id, itemText: f.items[i].text, figures: f.summary(item: i, cell: c))
        }
    }
}
