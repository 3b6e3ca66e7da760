/* Inside util/profile/flamegraph: what the SVG writer (flamegraph-svg.c) needs of
 * the tree that flamegraph.c builds.  Not for other modules. */
#ifndef SCRY_FLAMEGRAPH_TREE_H
#define SCRY_FLAMEGRAPH_TREE_H

#include "util/profile/flamegraph.h"

#define FLAME_ROOT 0u			/* the "all" node */
#define FLAME_NO_NAME UINT32_MAX	/* the root's name id */
#define FLAME_MAX_NODES 0x7fffffffu	/* folded items use the low bit as a tag */
#define FLAME_UNKNOWN "[unknown]"

/* The children of every node: kids[first[n] .. first[n+1]) are node n's,
 * sorted by name (bytewise); self[n] is n's count minus its children's. */
struct flame_tree {
	u32 nr;
	u32 *first;
	u32 *kids;
	u64 *self;
};

int flame_tree_build(const struct flame *f, struct flame_tree *t);
void flame_tree_release(struct flame_tree *t);

static inline u32 flame_tree_nr_kids(const struct flame_tree *t, u32 node)
{
	return t->first[node + 1] - t->first[node];
}

/* The stored (normalized) name of node: "all" for the root; not
 * NUL-terminated in general, len bytes. */
const char *flame_node_name(const struct flame *f, u32 node, u32 *len);
/* A hash of the name (the colour's source), stable across runs. */
u64 flame_node_hash(const struct flame *f, u32 node);
u64 flame_node_total(const struct flame *f, u32 node);
/* Whether node was added as a kernel frame (flame_add_marked). */
bool flame_node_kernel(const struct flame *f, u32 node);

#endif
