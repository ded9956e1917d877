#ifndef UTFALL_CPREFETCH_H
#define UTFALL_CPREFETCH_H
// Swift has no prefetch of its own. Header only: nothing to link.

/// Asks for the cache line holding `p`, to be written soon.
static inline void utfall_prefetch_for_write(const void *p) { __builtin_prefetch(p, 1, 3); }
#endif
