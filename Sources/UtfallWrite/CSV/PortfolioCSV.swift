import UtfallAnalyze

/// `portfolio.csv` (`dimension, value, count`) and `portfolio_cross.csv`
/// (one row per cell of each declared cross table).
enum PortfolioCSV {
    static func write(_ r: PortfolioReport, into dir: String) throws(CSVWriteError) -> [String] {
        let f = try CSVFile(path: dir + "/portfolio.csv")
        try f.row(["dimension", "value", "count"])
        for x in r.counts { try f.row([Field.text(x.dimension), Field.text(x.value), String(x.count)]) }
        try f.close()
        guard !r.cross.isEmpty else { return ["portfolio.csv"] }
        let c = try CSVFile(path: dir + "/portfolio_cross.csv")
        try c.row(["row_dimension", "row_value", "column_dimension", "column_value", "count"])
        for t in r.cross {
            for cell in t.cells {
                try c.row([Field.text(t.rowDimension), Field.text(cell.row), Field.text(t.columnDimension), Field.text(cell.column), String(cell.count)])
            }
        }
        try c.close()
        return ["portfolio.csv", "portfolio_cross.csv"]
    }
}
