import UtfallAnalyze
import UtfallModel

/// Workbook labels in Swedish (the default: evaluators' reports are in
/// Swedish) and English. CSV outputs keep their English machine names.
struct Labels {
    let language: ReportMeta.Language

    func callAsFunction(_ key: Key) -> String {
        let pair = Self.table[key] ?? ("\(key)", "\(key)")
        return language == .sv ? pair.0 : pair.1
    }

    enum Key: Hashable {
        case overview, about, quality, likert, responseRates, indicators, followUp, reconciliation, portfolio
        case title, description, dataDate, pipeline, pipelineName, utfallVersion, minCellSize, keyFigures
        case scope, project, course, item, group, n, nonSubstantive, blank, mean, median, top2, bottom2, ciLow, ciHigh
        case enrolled, responses, rate, indicator, met, share
        case role, file, format, size, sha256, rowsRead, accepted, rejected, kind, count, location, message, severity
        case suppressedNote, reversedNote, all, courseScope, projectScope, allScope
        case respondents, inputs, unknownLabels, mismatches, projects, entries
        case measure, gender, basis, planned, actual, deviation, deviationPoints, unit, source, reported, computed, difference, status
        case dimension, value, name, owner, start, end
        case chartLikert, chartPlannedActual, chartGender, women, men
        case noDataDate, diagnosticsByKind, firstDiagnostics
    }

    static let table: [Key: (String, String)] = [
        .overview: ("Översikt", "Overview"), .about: ("Om", "About"), .quality: ("Datakvalitet", "Data quality"),
        .likert: ("Likert", "Likert"), .responseRates: ("Svarsfrekvens", "Response rates"),
        .indicators: ("Indikatorer", "Indicators"), .followUp: ("Planerat och faktiskt", "Planned vs actual"),
        .reconciliation: ("Avstämning", "Reconciliation"), .portfolio: ("Portfölj", "Portfolio"),
        .title: ("Titel", "Title"), .description: ("Beskrivning", "Description"), .dataDate: ("Datadatum", "Data date"),
        .basis: ("Underlag", "Basis"), .pipeline: ("Pipelinefil", "Pipeline file"), .pipelineName: ("Pipeline", "Pipeline"), .utfallVersion: ("utfall-version", "utfall version"),
        .minCellSize: ("Minsta redovisade n", "Smallest n published"), .keyFigures: ("Nyckeltal", "Key figures"),
        .scope: ("Nivå", "Scope"), .project: ("Insats/projekt", "Project"), .course: ("Kurs", "Course"),
        .item: ("Påstående", "Statement"), .group: ("Grupp", "Group"), .n: ("n", "n"),
        .nonSubstantive: ("Vet ej/ej aktuellt", "Don't know/N/A"), .blank: ("Ej svar", "No answer"),
        .mean: ("Medelvärde", "Mean"), .median: ("Median", "Median"), .top2: ("Andel topp-2", "Top-2 share"),
        .bottom2: ("Andel botten-2", "Bottom-2 share"), .ciLow: ("95 % KI, nedre", "95% CI low"), .ciHigh: ("95 % KI, övre", "95% CI high"),
        .enrolled: ("Inskrivna", "Enrolled"), .responses: ("Svar", "Responses"), .rate: ("Svarsfrekvens", "Response rate"),
        .indicator: ("Indikator", "Indicator"), .met: ("Uppfyller", "Met"), .share: ("Andel", "Share"),
        .role: ("Roll", "Role"), .file: ("Fil", "File"), .format: ("Format", "Format"), .size: ("Storlek (byte)", "Size (bytes)"),
        .sha256: ("SHA-256", "SHA-256"), .rowsRead: ("Rader lästa", "Rows read"), .accepted: ("Godkända", "Accepted"),
        .rejected: ("Avvisade", "Rejected"), .kind: ("Slag", "Kind"), .count: ("Antal", "Count"), .location: ("Plats", "Location"),
        .message: ("Meddelande", "Message"), .severity: ("Allvar", "Severity"),
        .suppressedNote: (".. = undertryckt: färre än %d svar, eller värdet skulle gå att räkna fram ur andra celler.",
                          ".. = suppressed: fewer than %d answers, or the value could be recovered from other cells."),
        .reversedNote: ("(omvänd skala)", "(reverse-coded)"),
        .all: ("Alla", "All"), .courseScope: ("Kurs", "Course"), .projectScope: ("Insats/projekt", "Project"), .allScope: ("Hela enkäten", "Whole survey"),
        .respondents: ("Svarande (godkända rader)", "Respondents (accepted rows)"),
        .inputs: ("Indata", "Inputs"), .unknownLabels: ("Okända svarsalternativ", "Unknown answers"),
        .mismatches: ("Avvikelser vid avstämning", "Reconciliation mismatches"), .projects: ("Projekt", "Projects"),
        .entries: ("Poster i index", "Index entries"),
        .measure: ("Mått", "Measure"), .gender: ("Kön", "Gender"), .planned: ("Planerat", "Planned"), .actual: ("Faktiskt", "Actual"),
        .deviation: ("Avvikelse", "Deviation"), .deviationPoints: ("Avvikelse,\nprocentenheter", "Deviation,\npercentage points"), .unit: ("Enhet", "Unit"),
        .source: ("Källa", "Source"), .reported: ("Rapporterat", "Reported"), .computed: ("Beräknat", "Computed"),
        .difference: ("Skillnad", "Difference"), .status: ("Status", "Status"),
        .dimension: ("Dimension", "Dimension"), .value: ("Värde", "Value"), .name: ("Namn", "Name"), .owner: ("Projektägare", "Owner"),
        .start: ("Start", "Start"), .end: ("Slut", "End"),
        .chartLikert: ("Svarsfördelning", "Distribution of answers"), .chartPlannedActual: ("Planerat och faktiskt", "Planned and actual"),
        .chartGender: ("Andel kvinnor och män", "Share of women and men"), .women: ("Kvinnor", "Women"), .men: ("Män", "Men"),
        .noDataDate: ("(inget datadatum angivet)", "(no data date given)"),
        .diagnosticsByKind: ("Diagnoser per slag", "Diagnostics by kind"), .firstDiagnostics: ("Diagnoser", "Diagnostics"),
    ]

    /// The heading of the top-box share: "Andel topp-2" on a five-point
    /// scale, but on a yes/no or three-point one it is the top level alone.
    func topBox(_ width: Int) -> String {
        switch width {
        case 2: self(.top2)
        case 1: language == .sv ? "Andel högsta nivån" : "Top-level share"
        default: language == .sv ? "Andel topp-\(width)" : "Top-\(width) share"
        }
    }

    /// A reconciliation row's source in the workbook's language. The CSV
    /// keeps the contract's English note of a portfolio total checked
    /// against its printed parts (`… (sum of the printed outcome counts)`).
    func source(_ row: ReconciliationRow) -> String {
        guard language == .sv, row.checkedAgainstPrintedParts else { return row.source }
        return "\(row.origin) (summan av de tryckta antalen för \(row.measure))"
    }

    /// The unit after a difference of two percentages, in a cell: `9 p.e.`.
    var pointsSuffix: String { language == .sv ? " p.e." : " pp" }

    func chartsOverCap(_ g: ReportWorkbook.ChartGaps) -> String {
        let cap = ReportWorkbook.maxChartsPerSheet
        return language == .sv
            ? "Bladet \u{201D}\(g.sheet)\u{201D}: \(g.overCap) av \(g.scopes) nivåer har inget diagram, eftersom ett blad har högst \(cap) diagram; tabellen har dem alla."
            : "Sheet '\(g.sheet)': \(g.overCap) of \(g.scopes) scopes have no chart, as a sheet holds at most \(cap) charts; the table has them all."
    }

    func chartsSuppressed(_ g: ReportWorkbook.ChartGaps) -> String {
        language == .sv
            ? "Bladet \u{201D}\(g.sheet)\u{201D}: \(g.suppressed) av \(g.scopes) nivåer har inget diagram, eftersom alla deras värden är undertryckta."
            : "Sheet '\(g.sheet)': \(g.suppressed) of \(g.scopes) scopes have no chart, as all their figures are suppressed."
    }

    func scope(_ s: String) -> String {
        switch s {
        case "course": self(.courseScope)
        case "project": self(.projectScope)
        default: self(.allScope)
        }
    }

    /// Group keys from the gender mapping, in the workbook's language.
    /// A group as a table row names it. With several breakdowns, groups of
    /// different ones can share a name ("Uppgift saknas" of gender and of
    /// age), so each is named with its breakdown: `Kön: Uppgift saknas`.
    /// `titles`: a breakdown's column heading (`Åldersgrupp`), which names
    /// it better than the pipeline's id (`age_group`).
    func group(_ breakdown: String, _ group: String, qualified: Bool, titles: [String: String] = [:]) -> String {
        guard qualified, breakdown != "all" else { return self.group(breakdown, group) }
        let title = titles[breakdown].flatMap { $0.isEmpty ? nil : $0 } ?? breakdown
        let name = breakdown == "gender" ? (language == .sv ? "Kön" : "Gender") : title
        return "\(name): \(self.group(breakdown, group))"
    }

    /// A follow-up measure's name in the workbook's language. The CSV files
    /// keep the machine ids of the output contract; an evaluator reading the
    /// Swedish sheet should see "Kostnad per deltagare", as the report
    /// prints it, not `cost_per_participant`. A measure of the pipeline's own
    /// (`private_funding`) is shown as the pipeline names it.
    func measure(_ id: String) -> String {
        let suffix = "_deviation_share"
        if id.hasSuffix(suffix), id.count > suffix.count {
            let base = measure(String(id.dropLast(suffix.count)))
            return language == .sv ? "\(base), avvikelse mot planerat" : "\(base), deviation from plan"
        }
        guard let pair = Self.measures[id] else { return id }
        return language == .sv ? pair.0 : pair.1
    }

    static let measures: [String: (String, String)] = [
        "esf_support": ("ESF-stöd", "ESF support"), "amif_support": ("AMIF-stöd", "AMIF support"),
        "cofinancing": ("Medfinansiering", "Co-financing"), "total_cost": ("Total kostnad", "Total cost"),
        "budget_used_share": ("Andel av budgeten som använts", "Share of budget used"),
        "participants": ("Deltagare", "Participants"), "participant_share": ("Andel av deltagarna", "Share of participants"),
        "cost_per_participant": ("Kostnad per deltagare", "Cost per participant"),
        "participant_hours": ("Deltagartimmar", "Participant hours"), "hours_per_participant": ("Timmar per deltagare", "Hours per participant"),
    ]

    /// A follow-up gender group (`women`, `men`, `all`, or a group of the
    /// pipeline's own) in the workbook's language.
    func followUpGroup(_ group: String) -> String {
        group == "all" ? self(.all) : self.group("gender", group)
    }

    func status(_ s: ReconciliationRow.Status) -> String {
        switch s {
        case .ok: language == .sv ? "Stämmer" : "Agrees"
        case .mismatch: language == .sv ? "Avviker" : "Differs"
        }
    }

    /// An input's role (`survey`, `followup_reported`, …) as the sheets name it.
    func role(_ id: String) -> String {
        guard let pair = Self.roles[id] else { return id }
        return language == .sv ? pair.0 : pair.1
    }

    static let roles: [String: (String, String)] = [
        "survey": ("Enkät", "Survey"), "enrollment": ("Inskrivna", "Enrollment"),
        "followup": ("Uppföljning", "Follow-up"), "followup_reported": ("Rapporterade siffror", "Reported figures"),
        "portfolio": ("Projektindex", "Project index"), "portfolio_reported": ("Rapporterade antal", "Reported counts"),
        "pipeline": ("Pipelinefil", "Pipeline file"),
    ]

    func severity(_ s: Severity) -> String {
        switch s {
        case .error: language == .sv ? "Fel" : "Error"
        case .warning: language == .sv ? "Varning" : "Warning"
        case .info: language == .sv ? "Information" : "Information"
        }
    }

    func group(_ breakdown: String, _ group: String) -> String {
        if breakdown == "all" { return self(.all) }
        let sv = ["women": "Kvinnor", "men": "Män", "other": "Annat", "not_stated": "Vill ej uppge", "missing": "Uppgift saknas",
                  SurveyAggregator.smallGroups: "Övriga (små grupper)"]
        let en = ["women": "Women", "men": "Men", "other": "Other", "not_stated": "Prefer not to say", "missing": "Not given",
                  SurveyAggregator.smallGroups: "Other (small groups)"]
        return (language == .sv ? sv : en)[group] ?? group
    }
}
