#ifndef UTFALL_CCSV_SHIM_H
#define UTFALL_CCSV_SHIM_H
// libcsv ships no pkg-config file; the header lives in the default include path.
#include <csv.h>

/* The parser states of struct csv_parser's pstate, as libcsv.c defines them
   (csv.h does not export them; the values have not changed since libcsv 3.0).
   The reader asks whether a stream stands between records (split reading)
   and whether the file ended inside a quoted field, and in the state after
   a quote in a quoted field it ends the quoted part when text follows
   (CSVStream.reopen: pstate, quoted, spaces and entry_pos of csv.h's public
   struct). Tests that read split files, unclosed quotes and quotations
   (QuoteRecoveryTests) fail if these ever drift. */
enum {
    UTFALL_CSV_ROW_NOT_BEGUN = 0,
    UTFALL_CSV_FIELD_NOT_BEGUN = 1,
    UTFALL_CSV_FIELD_BEGUN = 2,
    UTFALL_CSV_FIELD_MIGHT_HAVE_ENDED = 3
};
#endif
