#ifndef UTFALL_CXLSXWRITER_SHIM_H
#define UTFALL_CXLSXWRITER_SHIM_H
#include <stdio.h>
#include <xlsxwriter.h>

/* libxlsxwriter prints its errors to C's stderr. Swapping the stream lets
   the Swift side keep them (see Workbook.capturingCStderr); Swift 6 cannot
   assign a C global itself. Returns the stream that was in place. */
static inline FILE *utfall_swap_stderr(FILE *stream) {
    FILE *previous = stderr;
    stderr = stream;
    return previous;
}
#endif
