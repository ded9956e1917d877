// UtfallWrite
//
// Writing: Excel workbooks through libxlsxwriter and charts-ready CSV. The only module that
// imports CXlsxWriter. Workbook/ holds the C boundary (Workbook.swift) and the sheet layouts;
// CSV/ the output contract's files; Report/ the values both are written from.
