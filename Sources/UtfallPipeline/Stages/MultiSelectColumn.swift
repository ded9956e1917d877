import UtfallModel
import UtfallRead

/// A column whose cells list the chosen options of a multi-select question
/// ("Modul A, Modul C", as Google Forms writes them), turned into one yes/no
/// answer per option appended to the record, so each option is an item.
struct MultiSelectColumn {
    var source: Int
    var options: [String]

    /// Appends "Ja"/"Nej" per option of each expansion, in order; a blank
    /// cell stays blank for every option (the respondent skipped the question).
    static func expand(_ record: Record, _ expansions: [MultiSelectColumn]) -> Record {
        var r = record
        for e in expansions {
            let cell = e.source < record.fields.count ? record.fields[e.source] : ""
            if cell.allSatisfy(\.isWhitespace) {
                r.fields += Array(repeating: "", count: e.options.count)
            } else {
                r.fields += MultiSelect.split(cell, options: e.options).selected.map { $0 ? "Ja" : "Nej" }
            }
        }
        return r
    }
}
