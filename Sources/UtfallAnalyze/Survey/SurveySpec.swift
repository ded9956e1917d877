import Foundation
import UtfallModel

/// What to compute from one survey export, resolved to column positions.
/// The pipeline builds it from the pipeline file; tests build it directly.
public struct SurveySpec: Sendable {
    public struct Item: Sendable {
        /// Stable id used in outputs (`framtid`, `A1`).
        public var id: String
        /// The question as printed in outputs.
        public var text: String
        public var column: Int
        public var scale: Scale
        /// Negatively worded items are flipped so that level k is always the
        /// favourable answer.
        public var reversed: Bool

        public init(id: String, text: String, column: Int, scale: Scale, reversed: Bool = false) {
            // In NFC: a header saved on a Mac is NFD, and a text published
            // in other bytes than last night's (or another export's) no
            // longer matches it in a spreadsheet lookup or a join.
            self.id = id.precomposedStringWithCanonicalMapping
            self.text = text.precomposedStringWithCanonicalMapping
            self.column = column
            self.scale = scale
            self.reversed = reversed
        }
    }

    public struct Breakdown: Sendable {
        public var name: String
        public var column: Int
        /// Further columns of the same question, as for `projectAlternates`:
        /// a form that asks "Kön" in each of its branches.
        public var alternates: [Int]
        public var mapping: GroupMapping

        public init(name: String, column: Int, alternates: [Int] = [], mapping: GroupMapping) {
            self.name = name
            self.column = column
            self.alternates = alternates
            self.mapping = mapping
        }
    }

    /// An indicator met by a respondent who answered the favourable level of
    /// at least one item in at least `minAreas` of the areas (AMIF programme
    /// indicator 4: two of five areas).
    public struct Indicator: Sendable {
        public var id: String
        public var label: String
        /// Each area lists positions into `SurveySpec.items`.
        public var areas: [(name: String, items: [Int])]
        public var minAreas: Int
        /// Checkbox-style questions leave "no" blank; then a blank counts as
        /// "no" instead of as not answered.
        public var blankMeansNo: Bool

        public init(id: String, label: String, areas: [(name: String, items: [Int])], minAreas: Int, blankMeansNo: Bool = false) {
            self.id = id
            self.label = label
            self.areas = areas
            self.minAreas = minAreas
            self.blankMeansNo = blankMeansNo
        }
    }

    public enum UnknownLabelPolicy: String, Sendable, CaseIterable {
        /// The whole respondent row goes to the rejects file.
        case rejectRow = "reject_row"
        /// The answer counts as blank; the label is still reported.
        case missing
        /// The run fails after reporting every unknown label.
        case fail

        /// How an unknown label is reported: only `fail` makes it an error.
        public var severity: Severity { self == .fail ? .error : .warning }

        /// Reports one distinct unknown answer (its item, count, first line).
        /// Under `reject_row` its rows were each reported and counted as
        /// rejected, so this is their digest; otherwise it is the report.
        public func report(_ d: Diagnostic, into diagnostics: inout Diagnostics) {
            if self == .rejectRow { diagnostics.addDigest(d) } else { diagnostics.add(d) }
        }
    }

    public var file: String
    public var projectColumn: Int?
    public var courseColumn: Int?
    /// Further columns of the very same name as the project's or course's:
    /// a form that asks the question in each of its branches (Google Forms
    /// sections). A row's value is the one filled among them.
    public var projectAlternates: [Int] = []
    public var courseAlternates: [Int] = []
    public var items: [Item]
    public var breakdowns: [Breakdown]
    public var indicators: [Indicator]
    public var minCellSize: Int
    public var unknownLabels: UnknownLabelPolicy

    public init(file: String, projectColumn: Int? = nil, courseColumn: Int? = nil, items: [Item],
                breakdowns: [Breakdown] = [], indicators: [Indicator] = [], minCellSize: Int = 5,
                unknownLabels: UnknownLabelPolicy = .rejectRow) {
        self.file = file
        self.projectColumn = projectColumn
        self.courseColumn = courseColumn
        self.items = items
        self.breakdowns = breakdowns
        self.indicators = indicators
        self.minCellSize = minCellSize
        self.unknownLabels = unknownLabels
    }
}
