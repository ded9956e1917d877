import Foundation
import UtfallAnalyze
import UtfallModel
import UtfallRead

/// The survey records of one part of a split read (see `TableReader.scan`),
/// counted by an aggregator of its own.
///
/// The first part passes rejected rows straight on. A later part holds
/// them back until it is merged into the first, so the rejects file keeps
/// the file's order; past `holdLimit` it gives up, and the reader then reads
/// its records again into the first part instead.
final class SurveyPart: RecordConsumer {
    static let holdLimit = 10_000

    struct TooManyHeld: Error {}

    let aggregator: SurveyAggregator
    private let expansions: [MultiSelectColumn]
    private let policy: SurveySpec.UnknownLabelPolicy
    private let mask: RejectMask
    private let path: String
    private var sink: ((RejectedRow) throws -> Void)?
    private let progress: Progress?
    private let progressLabel: String
    private var seen = 0
    private(set) var held: [RejectedRow] = []
    private(set) var unknownOptions = UnknownOptionTally()
    private(set) var optionRejects = 0
    /// Per expansion, the answers that held text beside its listed options
    /// under `other: ignore` or `count`.
    private(set) var otherAnswers: [Int]

    init(spec: SurveySpec, expansions: [MultiSelectColumn], policy: SurveySpec.UnknownLabelPolicy, mask: RejectMask,
         path: String, sink: ((RejectedRow) throws -> Void)?, progress: Progress?) {
        aggregator = SurveyAggregator(spec: spec)
        self.expansions = expansions
        otherAnswers = Array(repeating: 0, count: expansions.count)
        self.policy = policy
        self.mask = mask
        self.path = path
        self.sink = sink
        self.progress = progress
        progressLabel = "reading \((path as NSString).lastPathComponent)"
    }

    func record(_ view: RecordView) throws {
        seen += 1
        // Checked here first: the call itself, with its label, costs
        // reference counting on every record.
        if seen & 1023 == 0, let progress { progress.advance(progressLabel, rows: 1024) }
        guard !expansions.isEmpty else {
            if let r = aggregator.add(view) { try emit(r) }
            return
        }
        let raw = Record(line: view.line, fields: view.strings())
        let (expanded, unknown, other) = MultiSelectColumn.expand(raw, expansions)
        for k in other { otherAnswers[k] += 1 }
        for u in unknown { unknownOptions.add(expansions[u.expansion], u.label, line: raw.line) }
        if let first = unknown.first, policy == .rejectRow {
            let e = expansions[first.expansion]
            optionRejects += 1
            try emit(RejectedRow(
                location: SourceLocation(file: path, line: raw.line, column: e.source + 1), kind: "unknown_label",
                reason: "'\(PersonalData.shownAnswer(first.label))' is not one of the options listed for '\(e.id)'; add it under options: in the pipeline file; for an \"Other\" box, set other: count or other: ignore on the item",
                fields: raw.fields))
            return
        }
        if var r = aggregator.add(expanded) {
            // The row as the export has it, at the export's column: the
            // Ja/Nej columns appended for the options are utfall's own,
            // and with them the row was wider than the header, so the mask
            // took it for a ragged one and hid its project and course.
            r.fields = raw.fields
            if let c = r.location.column, c > mask.width {
                r.location.column = MultiSelectColumn.source(of: c - 1, width: mask.width, expansions) + 1
            }
            try emit(r)
        }
    }

    func rejected(_ r: RejectedRow) throws { try emit(r) }

    /// Lets go of the sink once reading is over (the caller lent it for the
    /// read only).
    func detach() { sink = nil }

    private func emit(_ r: RejectedRow) throws {
        let m = mask.apply(r)
        if let sink { return try sink(m) }
        guard held.count < Self.holdLimit else { throw TooManyHeld() }
        held.append(m)
    }

    func shiftLines(by offset: Int) {
        for i in held.indices { held[i].location.line? += offset }
        aggregator.shiftLines(by: offset)
        unknownOptions.shiftLines(by: offset)
    }

    /// Takes in the part that follows this one in the file; its held
    /// rejects go on as if this part had read them.
    func merge(_ later: SurveyPart) throws {
        // A later part's rows count once it is merged: a part that is
        // dropped and read again is not counted twice.
        progress?.advance(progressLabel, rows: later.seen)
        for r in later.held {
            if let sink { try sink(r) } else { held.append(r) }
        }
        aggregator.merge(later.aggregator)
        unknownOptions.append(later.unknownOptions)
        optionRejects += later.optionRejects
        for k in otherAnswers.indices { otherAnswers[k] += later.otherAnswers[k] }
    }
}
