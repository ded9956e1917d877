import UtfallWrite

extension Pipeline {
    /// What the workbook says about this pipeline.
    var reportMeta: ReportMeta {
        ReportMeta(name: name, title: title, description: description, dataDate: dataDate,
                   language: language == .en ? .en : .sv, minCellSize: minCellSize, percentDecimals: percentDecimals,
                   pipelineFile: file, utfallVersion: UtfallVersion.string)
    }
}
