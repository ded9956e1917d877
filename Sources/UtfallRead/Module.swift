// UtfallRead
//
// Reading: streams CSV exports through libcsv, detects encoding, dialect and platform layout, 
// types Swedish and English values, and hands records on with their line numbers. The only module 
// that imports CCSV.
