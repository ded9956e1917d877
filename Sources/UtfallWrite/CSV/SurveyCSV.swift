import UtfallAnalyze

/// The survey outputs of the charts-ready CSV contract (docs/output-contract.md).
enum SurveyCSV {
    private static let comma = UInt8(ascii: ",")

    static func cellFields(_ c: CellKey) -> [String] {
        [c.scope.rawValue, Field.text(c.project), Field.text(c.course)]
    }

    static func breakdownFields(_ c: CellKey) -> [String] {
        [Field.text(c.breakdown), Field.text(c.group)]
    }

    static func write(_ r: SurveyResults, into dir: String) throws(CSVWriteError) -> [String] {
        var written: [String] = []

        let f = r.likert
        // Each cell's and item's texts, encoded once for all their rows.
        let cellBytes = f.cells.map { c in CSVFile.encoded(c.scope.rawValue) + [comma] + CSVFile.encoded(Field.text(c.project)) + [comma]
            + CSVFile.encoded(Field.text(c.course)) + [comma] }
        let groupBytes = f.cells.map { c in CSVFile.encoded(Field.text(c.breakdown)) + [comma] + CSVFile.encoded(Field.text(c.group)) + [comma] }
        let itemBytes = f.items.map { i in CSVFile.encoded(Field.text(i.id)) + [comma] + CSVFile.encoded(Field.text(i.text)) + [comma] }

        let dist = try CSVFile(path: dir + "/likert_distribution.csv")
        try dist.row(["scope", "project", "course", "item", "item_text", "breakdown", "group", "level", "level_label",
                      "count", "n", "share", "suppressed"])
        var rows = CSVRecords()
        for (i, item) in f.items.enumerated() {
            let levelBytes = item.levelLabels.enumerated().map { l, label in
                CSVFile.encoded(String(l + 1)) + [comma] + CSVFile.encoded(Field.text(label)) + [comma]
            }
            for c in f.cells.indices {
                let sup = f.isSuppressed(item: i, cell: c)
                let n = f.n(item: i, cell: c)
                for level in stride(from: 1, through: item.levels, by: 1) {
                    rows.raw(cellBytes[c]); rows.raw(itemBytes[i]); rows.raw(groupBytes[c]); rows.raw(levelBytes[level - 1])
                    rows.int(sup ? nil : f.count(item: i, cell: c, level: level)); rows.comma()
                    rows.int(sup ? nil : n); rows.comma()
                    rows.number(f.share(item: i, cell: c, level: level)); rows.comma()
                    rows.bool(sup)
                    rows.endRecord()
                }
                if rows.isFull { try dist.write(&rows) }
            }
        }
        try dist.write(&rows)
        try dist.close()
        written.append("likert_distribution.csv")

        let sum = try CSVFile(path: dir + "/likert_summary.csv")
        try sum.row(["scope", "project", "course", "item", "item_text", "breakdown", "group", "n", "n_nonsubstantive",
                     "n_blank", "mean", "median", "top2_share", "bottom2_share", "suppressed", "top2_ci_low", "top2_ci_high"])
        for i in f.items.indices {
            for c in f.cells.indices {
                let s = f.summary(item: i, cell: c)
                rows.raw(cellBytes[c]); rows.raw(itemBytes[i]); rows.raw(groupBytes[c])
                rows.int(s.n); rows.comma()
                rows.int(s.nonSubstantive); rows.comma()
                rows.int(s.blank); rows.comma()
                rows.number(s.mean); rows.comma()
                rows.number(s.median); rows.comma()
                rows.number(s.top2); rows.comma()
                rows.number(s.bottom2); rows.comma()
                rows.bool(s.suppressed); rows.comma()
                rows.number(s.top2Low); rows.comma()
                rows.number(s.top2High)
                rows.endRecord()
                if rows.isFull { try sum.write(&rows) }
            }
        }
        try sum.write(&rows)
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
