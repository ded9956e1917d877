// UtfallWrite
//
// Writing: Excel workbooks through libxlsxwriter and charts-ready CSV. The only module that 
// imports CXlsxWriter.
