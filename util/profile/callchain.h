/* Callchain trees of report: the chains of the samples of one histogram
 * entry merged by function into a tree (a frame matches another when both
 * resolve to the same symbol of the same DSO, or else have the same
 * address), each node knowing the period of the chains that end at it and
 * that pass through it; and their printing as perf's stdio graph. */
#ifndef SCRY_CALLCHAIN_H
#define SCRY_CALLCHAIN_H

#include "util/symbols/dso.h"
#include "util/outbuf.h"

/* One frame of a chain, already resolved. */
struct callchain_frame {
	const struct symbol *sym;       /* NULL: unresolved, matched by ip */
	struct dso *dso;
	u64 ip;
	const char *inlined;            /* the name of an inlined function, or NULL */
};

struct callchain_node {
	struct callchain_frame f;
	u64 hit;                /* period of chains ending here */
	u64 children_hit;       /* period of chains going on below */
	struct callchain_node *child;  /* first child */
	struct callchain_node *next;   /* next sibling */
	u32 nr_children;
};

/* Nodes of many trees come from one arena (freed together). */
struct callchain_arena {
	struct callchain_chunk *chunks;
	size_t used;            /* nodes taken in the first chunk */
};

void callchain_arena_init(struct callchain_arena *a);
void callchain_arena_free(struct callchain_arena *a);

/* root is a zeroed node (the tree's root, no frame). Add a chain of n frames
 * (printing order: frames[0] is the top of the tree) with period. Returns
 * -1 on ENOMEM. */
int callchain_add(struct callchain_arena *a, struct callchain_node *root, const struct callchain_frame *frames, size_t n, u64 period);

static inline u64 callchain_cumul(const struct callchain_node *n) { return n->hit + n->children_hit; }

/* "func", "func (inlined)", or the raw address when unresolved. */
void callchain_frame_name(const struct callchain_frame *f, struct outbuf *ob);

struct callchain_print_opts {
	u64 total;              /* percentages are of this (the event's total period) */
	u64 min_hit;            /* branches below this are not shown */
	u64 parent;             /* the entry's own period (the root needs no percentage when equal) */
	unsigned left_margin;   /* spaces before the tree */
	bool skip_first;        /* the first frame repeats the entry's symbol: leave it out */
};

/* perf report --stdio's graph: "---a / b / |--40.00%--c ...". */
void callchain_print_graph(struct outbuf *ob, const struct callchain_node *root, const struct callchain_print_opts *o);

#endif
