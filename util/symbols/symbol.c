/* Symbol tables: a sorted array searched by address.  A DSO can have tens
 * of thousands of symbols and a report looks one up per sample, so lookup
 * is a binary search with no allocation, and names live in a few large
 * string blocks instead of one malloc each (fewer allocations to make and
 * free, and better locality when names are printed). */
#include "util/symbols/symbol.h"

#include <stdlib.h>
#include <string.h>

/* Big enough that a libc-sized table needs a handful of blocks. */
#define NAME_BLOCK_SIZE (64 * 1024)
/* A symbol alone at the end of the table with no size gets the rest of its
 * page: enough to name an address shortly after it, not the whole space. */
#define LAST_SYMBOL_ALIGN 4096

void symtab_init(struct symtab *t)
{
	memset(t, 0, sizeof(*t));
}

void symtab_free(struct symtab *t)
{
	for (size_t i = 0; i < t->nr_blocks; i++)
		free(t->blocks[i]);
	free(t->blocks);
	free(t->syms);
	symtab_init(t);
}

/* Start a new block of at least need bytes. */
static int new_block(struct symtab *t, size_t need)
{
	size_t size = need > NAME_BLOCK_SIZE ? need : NAME_BLOCK_SIZE;
	char *b;

	if (t->nr_blocks == t->blocks_cap) {
		size_t ncap = t->blocks_cap ? t->blocks_cap * 2 : 8;
		char **nb = realloc(t->blocks, ncap * sizeof(*nb));

		if (!nb)
			return -1;
		t->blocks = nb;
		t->blocks_cap = ncap;
	}
	b = malloc(size);
	if (!b)
		return -1;
	t->blocks[t->nr_blocks++] = b;
	t->block_used = 0;
	t->block_size = size;
	return 0;
}

/* A copy of name inside the string blocks, or NULL on ENOMEM. */
static const char *store_name(struct symtab *t, const char *name)
{
	size_t len = strlen(name) + 1;
	char *dst;

	if ((!t->nr_blocks || t->block_size - t->block_used < len) && new_block(t, len))
		return NULL;
	dst = t->blocks[t->nr_blocks - 1] + t->block_used;
	memcpy(dst, name, len);
	t->block_used += len;
	return dst;
}

int symtab_add(struct symtab *t, u64 start, u64 size, const char *name, u8 kind)
{
	struct symbol *s;

	if (t->nr == t->cap) {
		size_t ncap = t->cap ? t->cap * 2 : 256;
		struct symbol *ns = realloc(t->syms, ncap * sizeof(*ns));

		if (!ns)
			return -1;
		t->syms = ns;
		t->cap = ncap;
	}
	s = &t->syms[t->nr];
	s->name = store_name(t, name);
	if (!s->name)
		return -1;
	s->start = start;
	s->size = size;
	s->kind = kind;
	s->bind = kind == 'W' || kind == 'w' || kind == 'V' || kind == 'v' ? SYM_BIND_WEAK
		  : kind >= 'a' && kind <= 'z'                          ? SYM_BIND_LOCAL
									   : SYM_BIND_GLOBAL;
	t->nr++;
	return 0;
}

static bool kind_is_function(u8 kind)
{
	return kind == 'T' || kind == 't' || kind == 'W' || kind == 'w' || kind == 'i';
}

/* Lower ranks win when several symbols share an address: a function over
 * data, then perf's choice (so both tools name an address alike): a
 * global over a local over a weak symbol. */
static int sym_rank(const struct symbol *s)
{
	return (kind_is_function(s->kind) ? 0 : 4) +
	       (s->bind == SYM_BIND_WEAK ? 2 : s->bind == SYM_BIND_LOCAL ? 1 : 0);
}

static int leading_underscores(const char *s)
{
	int n = 0;

	while (s[n] == '_')
		n++;
	return n;
}

/* Order by address, then best name first, as perf chooses: a sized symbol,
 * then by kind, then fewer leading underscores ("memcpy" beats
 * "__memcpy"), then the longer name; the name itself breaks the last tie
 * so the result never depends on qsort's instability. */
static int sym_cmp(const void *pa, const void *pb)
{
	const struct symbol *a = pa, *b = pb;
	int d;

	if (a->start != b->start)
		return a->start < b->start ? -1 : 1;
	if (!a->size != !b->size)
		return a->size ? -1 : 1;
	d = sym_rank(a) - sym_rank(b);
	if (d)
		return d;
	d = leading_underscores(a->name) - leading_underscores(b->name);
	if (d)
		return d;
	if (strlen(a->name) != strlen(b->name))
		return strlen(a->name) > strlen(b->name) ? -1 : 1;
	return strcmp(a->name, b->name);
}

/* Keep the first (best) symbol of each address; a larger size seen in a
 * dropped alias is kept, so an alias with size 0 cannot shrink the range. */
static void drop_duplicates(struct symtab *t)
{
	size_t out = 0;

	for (size_t i = 0; i < t->nr; i++) {
		if (out && t->syms[out - 1].start == t->syms[i].start) {
			if (t->syms[i].size > t->syms[out - 1].size)
				t->syms[out - 1].size = t->syms[i].size;
			continue;
		}
		t->syms[out++] = t->syms[i];
	}
	t->nr = out;
}

/* Symbols without a size (kallsyms, assembler labels) reach the next one. */
static void fill_sizes(struct symtab *t)
{
	for (size_t i = 0; i < t->nr; i++) {
		struct symbol *s = &t->syms[i];

		if (s->size)
			continue;
		if (i + 1 < t->nr)
			s->size = t->syms[i + 1].start - s->start;
		else
			s->size = LAST_SYMBOL_ALIGN - (s->start & (LAST_SYMBOL_ALIGN - 1));
	}
}

void symtab_finish(struct symtab *t)
{
	if (!t->nr)
		return;
	qsort(t->syms, t->nr, sizeof(*t->syms), sym_cmp);
	drop_duplicates(t);
	fill_sizes(t);
}

const struct symbol *symtab_find(const struct symtab *t, u64 addr)
{
	size_t lo = 0, hi = t->nr;
	const struct symbol *s;

	/* The last symbol starting at or before addr. */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (t->syms[mid].start <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (!lo)
		return NULL;
	s = &t->syms[lo - 1];
	return addr - s->start < s->size ? s : NULL;
}

const struct symbol *symtab_find_name(const struct symtab *t, const char *name)
{
	for (size_t i = 0; i < t->nr; i++)
		if (!strcmp(t->syms[i].name, name))
			return &t->syms[i];
	return NULL;
}
