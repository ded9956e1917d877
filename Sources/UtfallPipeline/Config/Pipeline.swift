import UtfallAnalyze
import UtfallModel

/// A pipeline file, decoded and checked: what to read, what to compute,
/// where to write. Paths are joined to the file's folder as given
/// (`pipelines/../data/x.csv`, relative when the file was named so): they
/// name the same files from any working directory of the same call, and
/// messages show them as the operator typed them; `Pipeline.absolute` and
/// `resolved` give the forms to compare.
public struct Pipeline: Sendable {
    public static let currentVersion = 1

    /// What a pipeline's name may hold: it names the output folder.
    static func isNameCharacter(_ c: Character) -> Bool { c.isLetter || c.isNumber || c == "_" || c == "-" }

    public var file: String
    public var version: Int
    public var name: String
    public var title: String
    public var description: String
    /// The date the data describes; printed in the workbook instead of the
    /// clock so that the same inputs give the same bytes.
    public var dataDate: CalendarDate?
    public var language: Language
    public var minCellSize: Int
    public var outputDir: String
    /// Where the file sets `output.dir` (or `name:`, which names the
    /// default folder), for messages about the folder.
    public var outputDirLocation: SourceLocation?
    public var workbookName: String
    /// Decimals of percentages in the workbook (CSV shares stay unrounded).
    public var percentDecimals: Int
    public var thresholds: Thresholds
    public var survey: SurveySection?
    public var followUp: FollowUpSection?
    public var portfolio: PortfolioSection?

    public enum Language: String, Sendable, CaseIterable { case sv, en }

    /// When rejected rows make the run fail (exit 65).
    public struct Thresholds: Sendable {
        public var maxRejectedRows: Int?
        public var maxRejectedShare: Double?
    }

    /// An input file and how to read it; nil fields are detected.
    public struct Input: Sendable {
        public var path: String
        public var encoding: String?
        public var delimiter: String?
        public var layout: String?
        public var headerLine: Int?
    }

    public struct ItemSelector: Sendable {
        /// Exact column (id or question text), or nil when `match` is used.
        public var column: String?
        /// Regular expression over column ids and texts; capture group 1, if
        /// any, becomes the item id.
        public var match: String?
        public var id: String?
        public var text: String?
        public var scale: String
        public var reverse: Bool
        /// Options of a multi-select question written into one cell; each
        /// becomes a yes/no item.
        public var options: [String] = []
        /// One column per option of a multi-select question (the option or
        /// `1` when chosen, empty when not): each column a yes/no item.
        public var checkbox = false
        /// What a joined cell's text that matches no listed option is.
        public var other: OtherAnswers = .reject
    }

    /// Text beside the listed options of a joined multi-select cell: often
    /// an "Other" box where respondents write sentences, names included.
    public enum OtherAnswers: String, Sendable, CaseIterable {
        /// An unknown answer, as `unknown_labels:` says (listed, row rejected).
        case reject
        /// Left out, and only counted: the text is never shown.
        case ignore
        /// One more yes/no item, "Annat": whether the cell held such text.
        case count
    }

    public struct BreakdownSelector: Sendable {
        public var name: String
        public var column: String
        /// `gender` for the built-in gender mapping, nil for raw values.
        public var mapping: String?
        /// Extra raw value -> group key pairs.
        public var values: [String: String]
    }

    public struct IndicatorDecl: Sendable {
        public var id: String
        public var label: String
        public var minAreas: Int
        public var blankMeansNo: Bool
        public var areas: [(name: String, items: [String])]
    }

    public struct EnrollmentDecl: Sendable {
        public var input: Input
        public var project: String
        public var course: String
        public var enrolled: String
    }

    public struct SurveySection: Sendable {
        public var input: Input
        public var project: String?
        public var course: String?
        public var personalColumns: [String]
        public var breakdowns: [BreakdownSelector]
        public var unknownLabels: SurveySpec.UnknownLabelPolicy
        public var scales: [String: Scale]
        public var items: [ItemSelector]
        public var indicators: [IndicatorDecl]
        public var enrollment: EnrollmentDecl?
    }

    /// One input column of a wide follow-up table and the figure it holds.
    public struct WideColumn: Sendable {
        public var column: String
        public var measure: String
        public var gender: String
        public var basis: String
        public var unit: String
    }

    public struct FollowUpSection: Sendable {
        public var input: Input
        public var layout: String
        public var project: String
        public var name: String?
        public var owner: String?
        public var start: String?
        public var end: String?
        public var columns: [WideColumn]
        /// Long layout: the columns naming measure, gender, basis and value.
        public var long: [String: String]
        public var reported: ReportedDecl?
    }

    public struct ReportedDecl: Sendable {
        public var input: Input
        public var columns: [String: String]
    }

    public struct PortfolioSection: Sendable {
        public var input: Input
        public var project: String?
        public var dimensions: [(name: String, column: String)]
        public var cross: [[String]]
        public var reported: ReportedDecl?
    }
}
