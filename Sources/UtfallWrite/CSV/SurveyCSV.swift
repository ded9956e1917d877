import UtfallAnalyze

/// The survey outputs of the charts-ready CSV contract (docs/output-contract.md).
enum SurveyCSV {
    static func cellFields(_ c: CellKey) -> [String] {
        [c.scope.rawValue, Field.text(c.project), Field.text(c.course)]
    }

    static func breakdownFields(_ c: CellKey) -> [String] {
        [Field.text(c.breakdown), Field.text(c.group)]
    }

    static func write(_ r: SurveyResults, into dir: String) throws(CSVWriteError) -> [String] {
        var written: [String] = []

        let dist = try CSVFile(path: dir + "/likert_distribution.csv")
        try dist.row(["scope", "project", "course", "item", "item_text", "breakdown", "group", "level", "level_label",
                      "count", "n", "share", "suppressed"])
        for d in r.distribution {
            try dist.row(cellFields(d.cell) + [Field.text(d.item), Field.text(d.itemText)] + breakdownFields(d.cell)
                         + [String(d.level), Field.text(d.levelLabel), Field.int(d.count), Field.int(d.n),
                            Field.number(d.share), Field.bool(d.suppressed)])
        }
        try dist.close()
        written.append("likert_distribution.csv")

        let sum = try CSVFile(path: dir + "/likert_summary.csv")
        try sum.row(["scope", "project", "course", "item", "item_text", "breakdown", "group", "n", "n_nonsubstantive",
                     "n_blank", "mean", "median", "top2_share", "bottom2_share", "suppressed", "top2_ci_low", "top2_ci_high"])
        for s in r.summary {
            try sum.row(cellFields(s.cell) + [Field.text(s.item), Field.text(s.itemText)] + breakdownFields(s.cell)
                        + [Field.int(s.n), Field.int(s.nonSubstantive), Field.int(s.blank), Field.number(s.mean),
                           Field.number(s.median), Field.number(s.top2), Field.number(s.bottom2), Field.bool(s.suppressed),
                           Field.number(s.top2Low), Field.number(s.top2High)])
        }
        try sum.close()
        written.append("likert_summary.csv")

        if !r.responseRates.isEmpty {
            let rr = try CSVFile(path: dir + "/response_rates.csv")
            try rr.row(["scope", "project", "course", "enrolled", "responses", "rate", "suppressed"])
            for x in r.responseRates {
                try rr.row(cellFields(x.cell) + [Field.int(x.enrolled), Field.int(x.responses), Field.number(x.rate), Field.bool(x.suppressed)])
            }
            try rr.close()
            written.append("response_rates.csv")
        }

        if !r.indicators.isEmpty {
            let ind = try CSVFile(path: dir + "/indicators.csv")
            try ind.row(["scope", "project", "course", "indicator", "breakdown", "group", "n", "met", "share", "suppressed"])
            for x in r.indicators {
                try ind.row(cellFields(x.cell) + [Field.text(x.indicator)] + breakdownFields(x.cell)
                            + [Field.int(x.n), Field.int(x.met), Field.number(x.share), Field.bool(x.suppressed)])
            }
            try ind.close()
            written.append("indicators.csv")
        }

        if !r.unknownLabels.isEmpty {
            let u = try CSVFile(path: dir + "/unknown_labels.csv")
            try u.row(["item", "label", "count", "first_line", "suggestion"])
            for x in r.unknownLabels {
                try u.row([Field.text(x.item), Field.text(x.label), String(x.count), String(x.firstLine), Field.text(x.suggestion ?? "")])
            }
            try u.close()
            written.append("unknown_labels.csv")
        }
        return written
    }
}
