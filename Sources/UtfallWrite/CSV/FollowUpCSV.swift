import UtfallAnalyze

/// `project_followup.csv` and `reconciliation.csv` (docs/followup.md).
enum FollowUpCSV {
    static func write(_ r: FollowUpReport, into dir: String) throws(CSVWriteError) -> [String] {
        let f = try CSVFile(path: dir + "/project_followup.csv")
        try f.row(["scope", "project", "measure", "gender", "planned", "actual", "deviation", "deviation_share", "unit"])
        for x in r.rows {
            try f.row([x.scope.rawValue, Field.text(x.project), Field.text(x.measure), Field.text(x.gender),
                       x.planned?.csvText ?? "", x.actual?.csvText ?? "", x.deviation?.csvText ?? "",
                       x.deviationShare.map { FigureValue.ratio($0).csvText } ?? "", x.unit.rawValue])
        }
        try f.close()
        return ["project_followup.csv"]
    }
}

enum ReconciliationCSV {
    static func write(_ rows: [ReconciliationRow], into dir: String, name: String = "reconciliation.csv") throws(CSVWriteError) -> String {
        let f = try CSVFile(path: dir + "/" + name)
        try f.row(["source", "project", "measure", "gender", "reported", "computed", "difference", "status", "basis", "line"])
        for x in rows {
            try f.row([Field.text(x.source), Field.text(x.project), Field.text(x.measure), Field.text(x.gender),
                       ReconciliationRow.csvText(x.reported), ReconciliationRow.csvText(x.computed),
                       ReconciliationRow.csvText(x.difference), x.status.rawValue, x.basis?.rawValue ?? "",
                       Field.int(x.location?.line)])
        }
        try f.close()
        return name
    }
}
