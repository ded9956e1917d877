import UtfallAnalyze
import UtfallModel
import UtfallRead

/// A column whose cells list the chosen options of a multi-select question
/// ("Modul A, Modul C", as Google Forms writes them), turned into one yes/no
/// answer per option appended to the record, so each option is an item.
struct MultiSelectColumn {
    var source: Int
    var options: [String]
    /// The item id prefix and question text, for reporting unknown options.
    var id: String
    var text: String

    /// Appends "Ja"/"Nej" per option of each expansion, in order; a blank
    /// cell stays blank for every option (the respondent skipped the question).
    /// Also returns chosen text that matches no listed option, per expansion,
    /// so that it is reported rather than silently dropped.
    static func expand(_ record: Record, _ expansions: [MultiSelectColumn]) -> (Record, unknown: [(expansion: Int, label: String)]) {
        var r = record
        var unknown: [(Int, String)] = []
        for (k, e) in expansions.enumerated() {
            let cell = e.source < record.fields.count ? record.fields[e.source] : ""
            if cell.allSatisfy(\.isWhitespace) {
                r.fields += Array(repeating: "", count: e.options.count)
            } else {
                let split = MultiSelect.split(cell, options: e.options)
                r.fields += split.selected.map { $0 ? "Ja" : "Nej" }
                unknown += split.unknown.map { (k, $0) }
            }
        }
        return (r, unknown)
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
