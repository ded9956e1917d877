// UtfallRead
//
// Reading: streams CSV exports through libcsv, detects encoding, dialect and platform layout,
// types Swedish and English values, and hands records on with their line numbers. The only module
// that imports CCSV.
//
// Files, in reading order:
//   FileChunks        64 KiB reads through one reused buffer
//   EncodingDetection BOMs, UTF-16 without BOM, UTF-8 vs Windows-1252, files that are not text
//   Transcoder        UTF-16 / 8-bit → UTF-8 per chunk, before libcsv
//   CSVStream         libcsv handle, callbacks, physical line numbers
//   FieldDecoding     Strings from field buffers; invalid UTF-8 detected, never replaced
//   DialectSniffer    delimiter, header line, `sep=` line, line ends
//   LayoutDetection   Qualtrics, SurveyMonkey, LimeSurvey, Google Forms, Microsoft Forms, plain
//   TableReader       the public reader: columns, format, stats, forEachRecord
//   ColumnResolver    columns by id or text, aliases, closest names
//   ValueParser       integers, decimals, money (öre), percents, dates, timestamps
//   MultiSelect       joined multi-select cells as one yes/no item per option
//   Inspection        what `utfall inspect` prints
//
// Decisions worth knowing:
// - Blank lines, whitespace-only lines and rows whose every field is empty are skipped and are
//   not records (counted in `ReadStats.blankRows`). Lines above the header line are not records.
// - Unquoted fields lose leading and trailing spaces (libcsv's behaviour); quoted fields keep them.
// - A row whose width differs from the header's is rejected as `ragged_row`, also when the extra
//   fields are empty: nothing is guessed away; the row is kept in the rejects with its fields.
// - A file is UTF-8 when the 64 KiB from its first non-ASCII byte show at least as many
//   well-formed multi-byte sequences as invalid bytes (then rows with invalid bytes are rejected,
//   `invalid_encoding`, with line and field); otherwise Windows-1252, or Mac Roman when its å ä ö
//   bytes (0x8C 0x8A 0x9A, at least two) outnumber Windows-1252's (0xE5 0xE4 0xF6) four to one. Header cells are decoded
//   leniently.
