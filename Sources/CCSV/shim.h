#ifndef UTFALL_CCSV_SHIM_H
#define UTFALL_CCSV_SHIM_H
// libcsv ships no pkg-config file; the header lives in the default include path.
#include <csv.h>
#endif
