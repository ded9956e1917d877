#ifndef UTFALL_CXLSXWRITER_SHIM_H
#define UTFALL_CXLSXWRITER_SHIM_H
#include <xlsxwriter.h>
#endif
