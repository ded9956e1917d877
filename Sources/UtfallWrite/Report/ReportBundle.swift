import Foundation
import UtfallAnalyze
import UtfallModel

/// What a pipeline run hands to the writers: its results and the facts the
/// workbook prints about them. Everything here is deterministic: no clock,
/// no timings (those go to the manifest).
public struct ReportBundle: Sendable {
    public var meta: ReportMeta
    public var survey: SurveyResults?
    public var followUp: FollowUpReport?
    public var portfolio: PortfolioReport?
    public var quality = DataQuality()
    /// The files behind the figures, for the About sheet. Asked for once,
    /// after the large sheets: their digests may still be being taken on
    /// another thread when writing starts.
    public var about: @Sendable () -> [AboutEntry] = { [] }

    public init(meta: ReportMeta) { self.meta = meta }
}

/// The pipeline as the overview and About sheets describe it.
public struct ReportMeta: Sendable {
    public enum Language: String, Sendable { case sv, en }

    public var name: String
    public var title: String
    public var description: String
    public var dataDate: CalendarDate?
    public var language: Language
    public var minCellSize: Int
    public var percentDecimals: Int
    public var pipelineFile: String
    public var utfallVersion: String

    public init(name: String, title: String, description: String = "", dataDate: CalendarDate? = nil,
                language: Language = .sv, minCellSize: Int = 5, percentDecimals: Int = 0,
                pipelineFile: String = "", utfallVersion: String = "") {
        self.name = name
        self.title = title
        self.description = description
        self.dataDate = dataDate
        self.language = language
        self.minCellSize = minCellSize
        self.percentDecimals = percentDecimals
        self.pipelineFile = pipelineFile
        self.utfallVersion = utfallVersion
    }
}

/// Rows read, accepted and rejected per input, and diagnostics by kind.
public struct DataQuality: Sendable {
    public struct Input: Sendable {
        public var role: String
        public var path: String
        public var format: String
        public var read: Int
        public var accepted: Int
        public var rejected: Int

        public init(role: String, path: String, format: String, read: Int, accepted: Int, rejected: Int) {
            self.role = role
            self.path = path
            self.format = format
            self.read = read
            self.accepted = accepted
            self.rejected = rejected
        }
    }

    public var inputs: [Input]
    public var diagnosticsByKind: [String: Int]
    public var diagnostics: [Diagnostic]

    public init(inputs: [Input] = [], diagnosticsByKind: [String: Int] = [:], diagnostics: [Diagnostic] = []) {
        self.inputs = inputs
        self.diagnosticsByKind = diagnosticsByKind
        self.diagnostics = diagnostics
    }
}

/// One file behind the figures, for the About sheet.
public struct AboutEntry: Sendable {
    public var role: String
    public var fileName: String
    public var size: Int64
    public var sha256: String

    public init(role: String, fileName: String, size: Int64, sha256: String) {
        self.role = role
        self.fileName = fileName
        self.size = size
        self.sha256 = sha256
    }
}
