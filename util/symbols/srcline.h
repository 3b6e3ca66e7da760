/* Source lines and inlined functions of DSO addresses, from the DWARF of
 * the file the DSO's symbols came from (libdw).  One cache per report: each
 * DSO's DWARF is opened once, each address looked up once. */
#ifndef SCRY_SRCLINE_H
#define SCRY_SRCLINE_H

#include "util/symbols/dso.h"

struct srcline_cache;

struct srcline_cache *srcline_new(void);
void srcline_free(struct srcline_cache *c);

/* What DWARF says of one DSO address. Strings stay valid until
 * srcline_free. */
struct srcline_info {
	const char *file;       /* basename of the source file; NULL: unknown */
	unsigned line;
	/* The functions inlined at this address, innermost first (the
	 * function the symbol table names is the outermost and not listed). */
	const char *const *inlines;
	unsigned nr_inlines;
};

/* Look up addr (an address in the DSO's own terms, as symbols use) of dso.
 * Never NULL: an address without DWARF gives an info with file NULL and no
 * inlines. The DSO's symbols must be loaded (dso_load) first. */
const struct srcline_info *srcline_find(struct srcline_cache *c, struct dso *dso, u64 addr);

#endif
