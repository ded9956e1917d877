import UtfallModel
import UtfallRead

/// What is blanked in a rejected row before it is written. rejects.csv sits
/// beside the reports, and the file and line are enough to find the row in
/// the source, so personal data is kept out of it: the declared personal
/// columns; columns the pipeline does not report on whose names say they
/// are personal (e-mail, name, phone, address, respondent id); and, in any
/// column, a value that is an e-mail address, a personnummer or a phone
/// number. Every input's rejects go through one (survey, enrollment,
/// follow-up, printed figures, portfolio).
struct RejectMask: Sendable {
    /// Named like personal data, not declared and not reported on.
    let detected: Set<Int>
    /// These and the declared personal columns (never reported on: the
    /// stage refuses that).
    private let masked: Set<Int>
    /// The header's number of fields.
    let width: Int
    /// A survey's cells are answers: long digit runs go too, as in
    /// unknown_labels.csv (see `PersonalData.shownAnswer`). Figures of the
    /// other inputs keep theirs, or a rejected amount could not be read.
    let answers: Bool
    /// A survey's rejected row shows only these columns (its project and
    /// course) and the one its reason names; nil: every column. The rest
    /// are one respondent's answers and traits, published beside tables
    /// that hide a group of two: the file and line find the row.
    let shownColumns: Set<Int>?

    init(columns: [Column], declared: Set<Int> = [], reported: Set<Int> = [], answers: Bool = false, shownColumns: Set<Int>? = nil) {
        self.answers = answers
        self.shownColumns = shownColumns
        detected = Set(columns.filter { c in
            !declared.contains(c.index) && !reported.contains(c.index)
                && (PersonalData.isPersonal(header: c.id) || PersonalData.isPersonal(header: c.text))
        }.map(\.index))
        masked = declared.union(detected)
        width = columns.count
    }

    func apply(_ r: RejectedRow) -> RejectedRow {
        var m = r
        // A ragged row is rejected because its fields have moved: a stray
        // delimiter or a missing field shifts everything after it. A
        // personal value may then stand up to that many places either side
        // of its column, so all of those places are blanked.
        let shift = abs(m.fields.count - width)
        // An unclosed quote reads the rest of the file into one field: the
        // rows of everyone after it, personal columns and all; a quote closed
        // only rows later does the same to the rows between. Even the
        // field's first line holds the rest of its own row, personal columns
        // included, so nothing of it is kept.
        var noted = Set<Int>()
        if m.kind == "unterminated_quote" || m.kind == "quote_spans_records" {
            let note = m.kind == "unterminated_quote" ? "the rest of the file" : "the rows"
            for i in m.fields.indices where m.fields[i].contains(where: \.isNewline) {
                m.fields[i] = "[\(note), read into this field, removed]"
                noted.insert(i)
            }
        }
        let reasonColumn = m.location.column.map { $0 - 1 }
        for i in m.fields.indices where !m.fields[i].isEmpty && !noted.contains(i) {
            if let shown = shownColumns, i != reasonColumn, shift == 0 ? !shown.contains(i) : true {
                m.fields[i] = "[not shown]"
            } else if shift == 0 ? masked.contains(i) : masked.contains(where: { abs($0 - i) <= shift }) {
                m.fields[i] = "[personal column removed]"
            } else {
                // Also in a reported column: an address typed as an answer is
                // why such a row is rejected, and it must not be kept here;
                // nor one written in a comment ("ring mig på 070-…").
                // Lines after a field's first may be rows a stray quote ran
                // over without a trace (see PersonalData.firstLine): kept only
                // as a count. (Swallows that were told are cut off above.)
                m.fields[i] = answers ? PersonalData.shownAnswer(m.fields[i]) : PersonalData.shown(PersonalData.firstLine(m.fields[i]))
            }
        }
        // The reason may quote a value too (a project 'anna@x.se' given again).
        m.reason = PersonalData.shown(m.reason)
        return m
    }
}
