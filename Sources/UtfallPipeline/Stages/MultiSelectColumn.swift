import UtfallAnalyze
import UtfallModel
import UtfallRead

/// A multi-select question turned into one yes/no answer per option,
/// appended to the record, so each option is an item. Its chosen options
/// are either listed in one column ("Modul A, Modul C", as Google Forms
/// writes them) or marked in one column per option (SurveyMonkey, LimeSurvey,
/// Typeform, esMaker: the option, `1`, `Y` or `x` when chosen, empty when not).
struct MultiSelectColumn {
    /// The one column of joined options, or the columns of one option each.
    var sources: [Int]
    /// The options of a joined column; empty for one column per option.
    var options: [String]
    /// The item id prefix and question text, for reporting unknown options.
    var id: String
    var text: String
    /// The items one column per option makes (none for a joined column,
    /// whose option items are named `<id>_1`, `<id>_2`, …).
    var itemIds: [String] = []
    /// What text beside the listed options is (joined columns only).
    var other: Pipeline.OtherAnswers = .reject
    /// The pipeline key of the item, for messages.
    var key = ""

    /// The option `other: count` adds.
    static let otherOption = "Annat"

    var source: Int { sources[0] }

    /// How many Ja/Nej columns `expand` appends for it: one per option (and
    /// one for "Annat" under `other: count`), or one per option's column.
    var appended: Int { options.isEmpty ? sources.count : options.count + (other == .count ? 1 : 0) }

    /// Appends "Ja"/"Nej" per option of each expansion, in order. A
    /// question the respondent skipped (its one cell blank, or every
    /// option's column blank) stays blank for every option; with one
    /// column per option, a blank beside a chosen option is "Nej".
    /// Also returns chosen text that matches no listed option, per expansion,
    /// so that it is reported rather than silently dropped; under `other:
    /// ignore` or `count`, only the expansions whose cell held such text.
    static func expand(_ record: Record, _ expansions: [MultiSelectColumn]) -> (Record, unknown: [(expansion: Int, label: String)], other: [Int]) {
        var r = record
        var unknown: [(Int, String)] = []
        var other: [Int] = []
        func cell(_ i: Int) -> String { i < record.fields.count ? record.fields[i] : "" }
        for (k, e) in expansions.enumerated() {
            if e.options.isEmpty {
                let cells = e.sources.map(cell)
                // One column alone cannot tell a skipped question from an
                // option not chosen: its blank is "Nej".
                if e.sources.count > 1 && cells.allSatisfy({ $0.allSatisfy(\.isWhitespace) }) {
                    r.fields += Array(repeating: "", count: cells.count)
                } else {
                    r.fields += cells.map { MultiSelect.isSelected($0) ? "Ja" : "Nej" }
                }
                continue
            }
            let cell = cell(e.source)
            if cell.allSatisfy(\.isWhitespace) {
                r.fields += Array(repeating: "", count: e.appended)
            } else {
                let split = MultiSelect.split(cell, options: e.options)
                r.fields += split.selected.map { $0 ? "Ja" : "Nej" }
                if e.other == .reject {
                    unknown += split.unknown.map { (k, $0) }
                } else if !split.unknown.isEmpty {
                    other.append(k)
                }
                if e.other == .count { r.fields.append(split.unknown.isEmpty ? "Nej" : "Ja") }
            }
        }
        return (r, unknown, other)
    }

    /// The export's column (0-based) that an appended column (`virtual`,
    /// 0-based, at or past `width`, the export's number of columns) was
    /// made from; any other column is its own.
    static func source(of virtual: Int, width: Int, _ expansions: [MultiSelectColumn]) -> Int {
        guard virtual >= width else { return virtual }
        var next = width
        for e in expansions {
            if virtual < next + e.appended { return e.options.isEmpty ? e.sources[virtual - next] : e.source }
            next += e.appended
        }
        return virtual
    }
}

/// Counts unlisted options per item, with the first line each was seen on,
/// as the aggregator does for unknown Likert labels.
struct UnknownOptionTally {
    private var order: [String] = []
    private var labels: [String: UnknownLabel] = [:]

    mutating func add(_ e: MultiSelectColumn, _ label: String, line: Int) {
        let key = e.id + "\u{0}" + label
        if labels[key] == nil {
            order.append(key)
            labels[key] = .firstSeen(item: e.id, itemText: e.text, label: PersonalData.shownAnswer(label), line: line, column: e.source + 1)
        } else {
            labels[key]!.count += 1
        }
    }

    mutating func shiftLines(by offset: Int) {
        for k in order { labels[k]!.firstLine += offset }
    }

    /// Adds what was tallied over the records that follow.
    mutating func append(_ later: UnknownOptionTally) {
        for key in later.order {
            if labels[key] == nil {
                order.append(key)
                labels[key] = later.labels[key]
            } else {
                labels[key]!.count += later.labels[key]!.count
            }
        }
    }

    var all: [UnknownLabel] { order.map { labels[$0]! } }
}
