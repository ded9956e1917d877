import UtfallModel

/// One row of `likert_distribution.csv`. Figures are nil when suppressed.
public struct DistributionRow: Sendable, Equatable {
    public var cell: CellKey
    public var item: String
    public var itemText: String
    public var level: Int
    public var levelLabel: String
    public var count: Int?
    public var n: Int?
    /// count / n, unrounded.
    public var share: Double?
    public var suppressed: Bool
}

/// One row of `likert_summary.csv`: an (item, cell) and its figures, which
/// read as the row's own (`row.n`, `row.top2`).
@dynamicMemberLookup
public struct SummaryRow: Sendable, Equatable {
    public var cell: CellKey
    public var item: String
    public var itemText: String
    public var figures: LikertFigures.Summary

    public subscript<T>(dynamicMember key: KeyPath<LikertFigures.Summary, T>) -> T { figures[keyPath: key] }
}

/// One row of `response_rates.csv`.
public struct ResponseRateRow: Sendable, Equatable {
    public var cell: CellKey
    public var enrolled: Int?
    public var responses: Int?
    public var rate: Double?
    public var suppressed: Bool
}

/// One row of `indicators.csv`.
public struct IndicatorRow: Sendable, Equatable {
    public var cell: CellKey
    public var indicator: String
    public var label: String
    public var n: Int?
    public var met: Int?
    public var share: Double?
    public var suppressed: Bool
}

/// Enrolled participants of one course, from the enrollment source.
public struct Enrollment: Sendable, Equatable {
    public var project: String
    public var course: String
    public var enrolled: Int
    public var location: SourceLocation

    public init(project: String, course: String, enrolled: Int, location: SourceLocation) {
        self.project = project
        self.course = course
        self.enrolled = enrolled
        self.location = location
    }
}

public struct SurveyResults: Sendable {
    /// The Likert counts behind `distribution` and `summary`.
    public internal(set) var likert = LikertFigures(cells: [])
    /// The rows of `likert_distribution.csv`, built from `likert` when read.
    public var distribution: LikertFigures.DistributionRows { likert.distributionRows }
    /// The rows of `likert_summary.csv`, built from `likert` when read.
    public var summary: LikertFigures.SummaryRows { likert.summaryRows }
    public var responseRates: [ResponseRateRow] = []
    public var indicators: [IndicatorRow] = []
    public var unknownLabels: [UnknownLabel] = []
    public var diagnostics = Diagnostics()
    public var respondentsAccepted = 0
    public var minCellSize = 5
    /// Each breakdown's column heading (`Åldersgrupp` for `age_group`), for
    /// the workbook; the CSVs keep the pipeline's name.
    public var breakdownTitles: [String: String] = [:]
}
