/* Callchain trees: an uncompressed trie of frames (one node per frame),
 * printed compressed the way perf's radix tree prints: a run of nodes
 * that each have one child and no chain ending at them is one branch.
 *
 * The stdio graph follows perf report's layout: the entry's single root
 * branch is printed after "---" with no percentage; every branch below a
 * fork is introduced by "--P%--", and the "|" columns show which levels
 * still have siblings to come. */
#include "util/profile/callchain.h"

#include <stdlib.h>
#include <string.h>

#define CHUNK_NODES 4096

struct callchain_chunk {
	struct callchain_chunk *next;
	struct callchain_node nodes[CHUNK_NODES];
};

void callchain_arena_init(struct callchain_arena *a)
{
	a->chunks = NULL;
	a->used = CHUNK_NODES;
}

void callchain_arena_free(struct callchain_arena *a)
{
	while (a->chunks) {
		struct callchain_chunk *c = a->chunks;
		a->chunks = c->next;
		free(c);
	}
	a->used = CHUNK_NODES;
}

static struct callchain_node *node_new(struct callchain_arena *a, const struct callchain_frame *f)
{
	struct callchain_node *n;

	if (a->used == CHUNK_NODES) {
		struct callchain_chunk *c = malloc(sizeof(*c));
		if (!c)
			return NULL;
		c->next = a->chunks;
		a->chunks = c;
		a->used = 0;
	}
	n = &a->chunks->nodes[a->used++];
	memset(n, 0, sizeof(*n));
	n->f = *f;
	return n;
}

static bool frame_match(const struct callchain_frame *a, const struct callchain_frame *b)
{
	if (a->inlined != b->inlined)
		return false;
	if (a->sym && b->sym)
		return a->sym == b->sym && a->dso == b->dso;
	return !a->sym && !b->sym && a->ip == b->ip;
}

int callchain_add(struct callchain_arena *a, struct callchain_node *root, const struct callchain_frame *frames, size_t n, u64 period)
{
	struct callchain_node *cur = root;

	for (size_t i = 0; i < n; i++) {
		struct callchain_node *c, *prev = NULL;
		for (c = cur->child; c; prev = c, c = c->next)
			if (frame_match(&c->f, &frames[i]))
				break;
		if (!c) {
			c = node_new(a, &frames[i]);
			if (!c)
				return -1;
			c->next = cur->child;
			cur->child = c;
			cur->nr_children++;
		} else if (prev) {
			/* Move to front: the hot branch is found first next time. */
			prev->next = c->next;
			c->next = cur->child;
			cur->child = c;
		}
		cur->children_hit += period;
		cur = c;
	}
	cur->hit += period;
	return 0;
}

void callchain_frame_name(const struct callchain_frame *f, struct outbuf *ob)
{
	if (f->inlined) {
		outbuf_puts(ob, f->inlined);
		outbuf_puts(ob, " (inlined)");
	} else if (f->sym) {
		outbuf_puts(ob, f->sym->name);
	} else {
		outbuf_printf(ob, "%#llx", (unsigned long long)f->ip);   /* perf prints 0 as "0" */
	}
}

/* ---- printing ------------------------------------------------------------ */

static int cumul_desc(const void *x, const void *y)
{
	const struct callchain_node *a = *(const struct callchain_node *const *)x, *b = *(const struct callchain_node *const *)y;
	u64 ca = callchain_cumul(a), cb = callchain_cumul(b);

	return ca > cb ? -1 : ca < cb;
}

/* The children of n worth showing, hottest first (malloc'd; *nr set). */
static const struct callchain_node **shown_children(const struct callchain_node *n, u64 min_hit, size_t *nr)
{
	const struct callchain_node **v;
	size_t k = 0;

	*nr = 0;
	if (!n->nr_children)
		return NULL;
	v = malloc(n->nr_children * sizeof(*v));
	if (!v)
		return NULL;
	for (const struct callchain_node *c = n->child; c; c = c->next)
		if (callchain_cumul(c) && callchain_cumul(c) >= min_hit)
			v[k++] = c;
	qsort(v, k, sizeof(*v), cumul_desc);
	*nr = k;
	return v;
}

/* A node continues the branch of its parent when it is the only child and
 * no chain ends at the parent. */
static const struct callchain_node *branch_next(const struct callchain_node *n)
{
	return n->nr_children == 1 && n->hit == 0 ? n->child : NULL;
}

static void spaces(struct outbuf *ob, unsigned n)
{
	while (n--)
		outbuf_putc(ob, ' ');
}

static bool mask_bit(u64 mask, unsigned i)
{
	return i < 64 && (mask >> i) & 1;
}

static void percent(struct outbuf *ob, u64 v, u64 total)
{
	outbuf_printf(ob, "%.2f%%", total ? 100.0 * (double)v / (double)total : 0.0);
}

static void graph_line(struct outbuf *ob, unsigned depth, u64 mask, unsigned margin)
{
	spaces(ob, margin);
	for (unsigned i = 0; i < depth; i++) {
		outbuf_putc(ob, mask_bit(mask, i) ? '|' : ' ');
		outbuf_puts(ob, "          ");
	}
	outbuf_putc(ob, '\n');
}

static void graph(struct outbuf *ob, const struct callchain_node *n, unsigned depth, u64 mask, unsigned margin,
		  const struct callchain_print_opts *o)
{
	size_t nr;
	const struct callchain_node **kids = shown_children(n, o->min_hit, &nr);

	for (size_t k = 0; k < nr; k++) {
		u64 new_mask = mask;
		const struct callchain_node *c = kids[k], *last = c;
		bool first = true;

		if (k + 1 == nr && depth - 1 < 64)
			new_mask &= ~(1ull << (depth - 1));
		graph_line(ob, depth, mask, margin);
		for (const struct callchain_node *p = c; p; last = p, p = branch_next(p)) {
			spaces(ob, margin);
			for (unsigned i = 0; i < depth; i++) {
				outbuf_putc(ob, mask_bit(new_mask, i) ? '|' : ' ');
				if (first && i == depth - 1) {
					outbuf_puts(ob, "--");
					percent(ob, callchain_cumul(c), o->total);
					outbuf_puts(ob, "--");
				} else {
					outbuf_puts(ob, "          ");
				}
			}
			callchain_frame_name(&p->f, ob);
			outbuf_putc(ob, '\n');
			first = false;
		}
		graph(ob, last, depth + 1, depth < 64 ? new_mask | (1ull << depth) : new_mask, margin, o);
	}
	free(kids);
}

void callchain_print_graph(struct outbuf *ob, const struct callchain_node *root, const struct callchain_print_opts *o)
{
	size_t nr;
	const struct callchain_node **kids = shown_children(root, o->min_hit, &nr);
	unsigned margin = o->left_margin;

	if (nr == 1 && callchain_cumul(kids[0]) == o->parent) {
		const struct callchain_node *p = kids[0], *last = p;
		bool printed = false, first = true;

		for (; p; last = p, p = branch_next(p)) {
			if (first && o->skip_first) {
				first = false;
				continue;
			}
			first = false;
			if (!printed) {
				spaces(ob, margin);
				outbuf_puts(ob, "|\n");
				spaces(ob, margin);
				outbuf_puts(ob, "---");
				margin += 3;
				printed = true;
			} else {
				spaces(ob, margin);
			}
			callchain_frame_name(&p->f, ob);
			outbuf_putc(ob, '\n');
		}
		root = last;
	}
	free(kids);
	graph(ob, root, 1, 1, margin, o);
}
