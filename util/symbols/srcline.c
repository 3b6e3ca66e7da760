/* Source lines and inlined functions from DWARF (libdw).
 *
 * Per DSO we open the DWARF once and build a sorted table of the address
 * ranges of every compile unit (from DW_AT_ranges / low_pc-high_pc, so
 * files without .debug_aranges work too); an address then costs a binary
 * search, one line-table lookup and one scope walk, and the result is
 * cached per address. */
#include "util/symbols/srcline.h"

#include <dwarf.h>
#include <elfutils/libdw.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/hashmap.h"
#include "util/strpool.h"

#define MAX_INLINES 32

struct cu_range {
	u64 lo, hi;             /* [lo, hi) */
	Dwarf_Off cu_off;       /* offset of the CU DIE */
};

struct srcline_dso {
	int fd;
	Dwarf *dw;              /* NULL: no DWARF */
	struct cu_range *ranges;
	size_t nr_ranges;
	struct hashmap by_addr; /* addr -> struct srcline_entry */
};

struct srcline_entry {
	struct srcline_info info;
	const char *inl[MAX_INLINES];
};

struct srcline_cache {
	struct hashmap dsos;    /* struct dso * -> struct srcline_dso */
	/* Strings handed out (file names, inline names), interned: callchains
	 * compare inlined frames by pointer. */
	struct strpool strs;
};

struct srcline_cache *srcline_new(void)
{
	struct srcline_cache *c = calloc(1, sizeof(*c));

	if (c) {
		hashmap_init(&c->dsos);
		strpool_init(&c->strs);
	}
	return c;
}

static void dso_state_free(struct srcline_dso *d)
{
	size_t it = 0;
	u64 k;
	void *v;

	while (hashmap_next(&d->by_addr, &it, &k, &v))
		free(v);
	hashmap_free(&d->by_addr);
	if (d->dw)
		dwarf_end(d->dw);
	if (d->fd >= 0)
		close(d->fd);
	free(d->ranges);
	free(d);
}

void srcline_free(struct srcline_cache *c)
{
	size_t it = 0;
	u64 k;
	void *v;

	if (!c)
		return;
	while (hashmap_next(&c->dsos, &it, &k, &v))
		dso_state_free(v);
	hashmap_free(&c->dsos);
	strpool_free(&c->strs);
	free(c);
}

static const char *keep(struct srcline_cache *c, const char *s)
{
	return strpool_intern(&c->strs, s);
}

static int range_cmp(const void *a, const void *b)
{
	const struct cu_range *x = a, *y = b;

	return x->lo < y->lo ? -1 : x->lo > y->lo;
}

static int add_range(struct srcline_dso *d, size_t *cap, u64 lo, u64 hi, Dwarf_Off off)
{
	if (hi <= lo)
		return 0;
	if (d->nr_ranges == *cap) {
		size_t ncap = *cap ? *cap * 2 : 256;
		struct cu_range *n = realloc(d->ranges, ncap * sizeof(*n));
		if (!n)
			return -1;
		d->ranges = n;
		*cap = ncap;
	}
	d->ranges[d->nr_ranges++] = (struct cu_range){ lo, hi, off };
	return 0;
}

static void index_cus(struct srcline_dso *d)
{
	Dwarf_Off off = 0, next;
	size_t hsize, cap = 0;

	while (dwarf_nextcu(d->dw, off, &next, &hsize, NULL, NULL, NULL) == 0) {
		Dwarf_Die cu;
		Dwarf_Addr base, lo, hi;
		ptrdiff_t r = 0;

		if (dwarf_offdie(d->dw, off + hsize, &cu)) {
			while ((r = dwarf_ranges(&cu, r, &base, &lo, &hi)) > 0)
				if (add_range(d, &cap, lo, hi, off + hsize))
					break;
		}
		off = next;
	}
	qsort(d->ranges, d->nr_ranges, sizeof(*d->ranges), range_cmp);
}

static struct srcline_dso *dso_state(struct srcline_cache *c, struct dso *dso)
{
	struct srcline_dso *d = hashmap_get(&c->dsos, (u64)(uintptr_t)dso);

	if (d)
		return d;
	d = calloc(1, sizeof(*d));
	if (!d)
		return NULL;
	d->fd = -1;
	hashmap_init(&d->by_addr);
	if (dso->symsrc && (dso->kind == DSO_USER || dso->kind == DSO_KMODULE)) {
		d->fd = open(dso->symsrc, O_RDONLY | O_CLOEXEC);
		if (d->fd >= 0) {
			d->dw = dwarf_begin(d->fd, DWARF_C_READ);
			if (d->dw)
				index_cus(d);
		}
	}
	if (hashmap_put(&c->dsos, (u64)(uintptr_t)dso, d)) {
		dso_state_free(d);
		return NULL;
	}
	return d;
}

/* The CU whose ranges hold addr (the last range starting at or before it
 * that also covers it). */
static bool find_cu(const struct srcline_dso *d, u64 addr, Dwarf_Die *cu)
{
	size_t lo = 0, hi = d->nr_ranges;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (d->ranges[mid].lo <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	/* Ranges may nest or overlap a little (CUs with gaps): look back a few. */
	for (size_t i = lo, n = 0; i-- > 0 && n < 8; n++)
		if (addr < d->ranges[i].hi)
			return dwarf_offdie(d->dw, d->ranges[i].cu_off, cu) != NULL;
	return false;
}

static void lookup(struct srcline_cache *c, struct srcline_dso *d, u64 addr, struct srcline_entry *e)
{
	Dwarf_Die cu, *scopes = NULL;
	Dwarf_Line *line;
	int n;

	if (!d->dw || !find_cu(d, addr, &cu))
		return;
	line = dwarf_getsrc_die(&cu, addr);
	if (line) {
		const char *src = dwarf_linesrc(line, NULL, NULL);
		int ln = 0;
		if (src && dwarf_lineno(line, &ln) == 0) {
			const char *base = strrchr(src, '/');
			e->info.file = keep(c, base ? base + 1 : src);
			e->info.line = (unsigned)ln;
		}
	}
	n = dwarf_getscopes(&cu, addr, &scopes);
	for (int i = 0; i < n && e->info.nr_inlines < MAX_INLINES; i++) {
		const char *name;
		if (dwarf_tag(&scopes[i]) != DW_TAG_inlined_subroutine)
			continue;
		name = dwarf_diename(&scopes[i]);
		if (name && (name = keep(c, name)))
			e->inl[e->info.nr_inlines++] = name;
	}
	free(scopes);
}

const struct srcline_info *srcline_find(struct srcline_cache *c, struct dso *dso, u64 addr)
{
	static const struct srcline_info none;
	struct srcline_dso *d;
	struct srcline_entry *e;

	if (!dso || !(d = dso_state(c, dso)))
		return &none;
	e = hashmap_get(&d->by_addr, addr);
	if (e)
		return &e->info;
	e = calloc(1, sizeof(*e));
	if (!e)
		return &none;
	e->info.inlines = e->inl;
	lookup(c, d, addr, e);
	if (hashmap_put(&d->by_addr, addr, e)) {
		free(e);
		return &none;
	}
	return &e->info;
}
