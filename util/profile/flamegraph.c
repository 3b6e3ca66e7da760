/* Stacks merged into a tree of frames; folded and SVG flame graph output.
 *
 * The tree is a trie: node 0 is the root ("all"), every other node is one
 * frame name under one parent.  Names are interned once (a name table keyed
 * by a 64-bit hash, collisions chained) and a node's child is found through
 * one hash map keyed by (parent index, name id), so an add costs one hash
 * lookup per frame whatever the fan-out, and nothing is quadratic.  Adds
 * from a profile repeat the previous stack's prefix most of the time, so
 * the path of the last add is kept and compared first: a matching prefix
 * costs a string compare per frame and no hashing.
 *
 * Nodes keep only their inclusive count; the writers build the child lists
 * (one flat array, children of a node contiguous) when they need them, and
 * walk the tree with explicit stacks so that deep stacks cannot overflow the
 * C stack.  The SVG's layout, colours and script are in flamegraph-svg.c. */
#include "util/profile/flamegraph.h"
#include "util/profile/flamegraph-tree.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "util/hashmap.h"

struct fname {
	struct fname *next;	/* same 64-bit hash */
	u64 hash;
	u32 len;
	u32 id;
	char s[];		/* normalized: no ';', '\n' or '\r' */
};

struct fnode {
	u32 name;
	u32 parent;
	u64 total;		/* samples in this frame and below */
	bool kernel;		/* added as a kernel frame (coloured so; not part of the name) */
};

struct flame {
	struct fnode *nodes;
	u32 nr_nodes, cap_nodes;
	struct fname **names;		/* by id */
	u32 nr_names, cap_names;
	struct hashmap name_map;	/* hash -> struct fname chain */
	struct hashmap kids;		/* parent << 32 | name id -> node index */
	u32 *last;			/* node of each frame of the previous add */
	size_t last_n, last_cap;
};

#define ROOT FLAME_ROOT

/* ---- names ----------------------------------------------------------------- */

/* Folded stacks use ';' between frames and '\n' between stacks: a name
 * carrying either would change the stack it is part of. */
static inline unsigned char norm_char(unsigned char c)
{
	if (c == ';')
		return ':';
	if (c == '\n' || c == '\r')
		return ' ';
	return c;
}

/* FNV-1a over the normalized name; its length on the side. */
static u64 name_hash(const char *s, size_t *len)
{
	u64 h = 0xcbf29ce484222325ULL;
	const unsigned char *p = (const unsigned char *)s;

	for (; *p; p++) {
		h ^= norm_char(*p);
		h *= 0x100000001b3ULL;
	}
	*len = (size_t)(p - (const unsigned char *)s);
	return h;
}

/* raw, once normalized, equals the stored name. */
static bool name_eq(const char *raw, const struct fname *n)
{
	const unsigned char *p = (const unsigned char *)raw;

	for (u32 i = 0; i < n->len; i++, p++)
		if (!*p || norm_char(*p) != (unsigned char)n->s[i])
			return false;
	return *p == '\0';
}

/* The id of name raw, adding it.  Returns -1 on ENOMEM. */
static s64 intern(struct flame *f, const char *raw)
{
	size_t len;
	u64 h = name_hash(raw, &len);
	struct fname *head = hashmap_get(&f->name_map, h), *n;

	for (n = head; n; n = n->next)
		if (n->len == len && name_eq(raw, n))
			return n->id;
	if (len > UINT32_MAX - 1 || f->nr_names == UINT32_MAX - 1) {
		errno = ENOMEM;
		return -1;
	}
	if (f->nr_names == f->cap_names) {
		u32 ncap = f->cap_names ? f->cap_names * 2 : 256;
		struct fname **nn;

		if (ncap < f->cap_names)
			ncap = UINT32_MAX - 1;
		nn = realloc(f->names, (size_t)ncap * sizeof(*nn));
		if (!nn)
			return -1;
		f->names = nn;
		f->cap_names = ncap;
	}
	n = malloc(sizeof(*n) + len + 1);
	if (!n)
		return -1;
	for (size_t i = 0; i < len; i++)
		n->s[i] = (char)norm_char((unsigned char)raw[i]);
	n->s[len] = '\0';
	n->len = (u32)len;
	n->hash = h;
	n->id = f->nr_names;
	n->next = head;
	if (hashmap_put(&f->name_map, h, n)) {
		free(n);
		return -1;
	}
	f->names[f->nr_names++] = n;
	return n->id;
}

/* ---- the tree ---------------------------------------------------------------- */

struct flame *flame_new(void)
{
	struct flame *f = calloc(1, sizeof(*f));

	if (!f)
		return NULL;
	hashmap_init(&f->name_map);
	hashmap_init(&f->kids);
	f->nodes = malloc(64 * sizeof(*f->nodes));
	if (!f->nodes) {
		free(f);
		return NULL;
	}
	f->cap_nodes = 64;
	f->nodes[ROOT] = (struct fnode){ .name = FLAME_NO_NAME, .parent = ROOT, .total = 0, .kernel = false };
	f->nr_nodes = 1;
	return f;
}

void flame_free(struct flame *f)
{
	if (!f)
		return;
	for (u32 i = 0; i < f->nr_names; i++)
		free(f->names[i]);
	free(f->names);
	free(f->nodes);
	free(f->last);
	hashmap_free(&f->name_map);
	hashmap_free(&f->kids);
	free(f);
}

/* The child of parent named id, adding it.  Returns 0 on failure: node 0 is
 * the root, never anyone's child. */
static u32 child(struct flame *f, u32 parent, u32 id)
{
	u64 key = (u64)parent << 32 | id;
	void *v = hashmap_get(&f->kids, key);
	u32 c;

	if (v)
		return (u32)(uintptr_t)v;
	if (f->nr_nodes >= FLAME_MAX_NODES) {
		errno = EOVERFLOW;
		return 0;
	}
	if (f->nr_nodes == f->cap_nodes) {
		u32 ncap = f->cap_nodes >= FLAME_MAX_NODES / 2 ? FLAME_MAX_NODES : f->cap_nodes * 2;
		struct fnode *nn = realloc(f->nodes, (size_t)ncap * sizeof(*nn));

		if (!nn)
			return 0;
		f->nodes = nn;
		f->cap_nodes = ncap;
	}
	c = f->nr_nodes;
	/* The value is the index, never 0 (the root), so never NULL. */
	if (hashmap_put(&f->kids, key, (void *)(uintptr_t)c))
		return 0;
	f->nodes[c] = (struct fnode){ .name = id, .parent = parent, .total = 0, .kernel = false };
	f->nr_nodes++;
	return c;
}

int flame_add(struct flame *f, const char *const *frames, size_t n, u64 count)
{
	return flame_add_marked(f, frames, NULL, n, count);
}

int flame_add_marked(struct flame *f, const char *const *frames, const bool *kernel, size_t n, u64 count)
{
	static const char *const unknown[] = { FLAME_UNKNOWN };
	u32 cur = ROOT;
	bool same = true;	/* still on the previous add's path */

	if (!count)
		return 0;
	if (f->nodes[ROOT].total > UINT64_MAX - count) {
		errno = EOVERFLOW;
		return -1;
	}
	if (!n || !frames) {
		frames = unknown;
		kernel = NULL;
		n = 1;
	}
	if (n > f->last_cap) {
		size_t ncap = MAX(n, f->last_cap * 2);
		u32 *nl = realloc(f->last, ncap * sizeof(*nl));

		if (!nl)
			return -1;
		f->last = nl;
		f->last_cap = ncap;
	}
	for (size_t k = 0; k < n; k++) {
		const char *name = frames[k] ? frames[k] : FLAME_UNKNOWN;

		if (same && k < f->last_n &&
		    name_eq(name, f->names[f->nodes[f->last[k]].name])) {
			cur = f->last[k];
			continue;
		}
		same = false;
		s64 id = intern(f, name);
		u32 c = id < 0 ? 0 : child(f, cur, (u32)id);

		if (!c) {
			/* The nodes made so far hold 0 samples: no output shows them. */
			f->last_n = k;
			return -1;
		}
		f->last[k] = cur = c;
	}
	f->last_n = n;
	f->nodes[ROOT].total += count;
	for (size_t k = 0; k < n; k++) {
		f->nodes[f->last[k]].total += count;
		if (kernel && kernel[k])
			f->nodes[f->last[k]].kernel = true;
	}
	return 0;
}

bool flame_node_kernel(const struct flame *f, u32 node)
{
	return f->nodes[node].kernel;
}

u64 flame_total(const struct flame *f)
{
	return f->nodes[ROOT].total;
}

const char *flame_node_name(const struct flame *f, u32 node, u32 *len)
{
	const struct fname *n;

	if (node == ROOT) {
		*len = 3;
		return "all";
	}
	n = f->names[f->nodes[node].name];
	*len = n->len;
	return n->s;
}

u64 flame_node_hash(const struct flame *f, u32 node)
{
	return node == ROOT ? 0 : f->names[f->nodes[node].name]->hash;
}

/* ---- child lists ------------------------------------------------------------- */

void flame_tree_release(struct flame_tree *t)
{
	free(t->first);
	free(t->kids);
	free(t->self);
	memset(t, 0, sizeof(*t));
}

static int by_name(const void *a, const void *b, void *ctx)
{
	const struct flame *f = ctx;
	const struct fname *x = f->names[f->nodes[*(const u32 *)a].name];
	const struct fname *y = f->names[f->nodes[*(const u32 *)b].name];
	int r = memcmp(x->s, y->s, MIN(x->len, y->len));

	if (r)
		return r;
	return x->len < y->len ? -1 : x->len > y->len;
}

int flame_tree_build(const struct flame *f, struct flame_tree *t)
{
	u32 nr = f->nr_nodes, *cur;

	memset(t, 0, sizeof(*t));
	t->nr = nr;
	t->first = calloc((size_t)nr + 1, sizeof(*t->first));
	t->kids = malloc((size_t)nr * sizeof(*t->kids));
	t->self = malloc((size_t)nr * sizeof(*t->self));
	cur = malloc((size_t)nr * sizeof(*cur));
	if (!t->first || !t->kids || !t->self || !cur) {
		free(cur);
		flame_tree_release(t);
		errno = ENOMEM;
		return -1;
	}
	for (u32 i = 0; i < nr; i++)
		t->self[i] = f->nodes[i].total;
	/* Parents come before their children: counts, then offsets, then one
	 * pass in index order fills each parent's slice. */
	for (u32 i = 1; i < nr; i++) {
		u32 p = f->nodes[i].parent;

		t->first[p + 1]++;
		t->self[p] -= f->nodes[i].total;
	}
	for (u32 i = 0; i < nr; i++)
		t->first[i + 1] += t->first[i];
	memcpy(cur, t->first, (size_t)nr * sizeof(*cur));
	for (u32 i = 1; i < nr; i++)
		t->kids[cur[f->nodes[i].parent]++] = i;
	free(cur);
	for (u32 i = 0; i < nr; i++) {
		u32 k = t->first[i + 1] - t->first[i];

		if (k > 1)
			qsort_r(t->kids + t->first[i], k, sizeof(u32), by_name, (void *)f);
	}
	return 0;
}

u64 flame_node_total(const struct flame *f, u32 node)
{
	return f->nodes[node].total;
}

/* ---- folded stacks ------------------------------------------------------------ */

/* Folded output is sorted by the whole line, which is not the tree's order:
 * "a;z" sorts after "a b" (';' > ' ') though "a b" is a sibling of "a".  At
 * each node the lines below are therefore a merge of two kinds of item per
 * child c: c's own line ("...;c", tag 0) and the block of c's descendants
 * (all starting "...;c;", tag 1, contiguous in sorted order).  Sorting the
 * items as the strings "c" and "c;" (with end-of-string lowest) gives the
 * order of the lines; names hold no ';', so no item is a prefix of another
 * of a different kind except "c" of "c;", and that one is right too. */
static int item_char(const struct fname *n, u32 tag, size_t i)
{
	if (i < n->len)
		return (unsigned char)n->s[i];
	return i == n->len && tag ? ';' : -1;
}

static int by_item(const void *a, const void *b, void *ctx)
{
	const struct flame *f = ctx;
	u32 x = *(const u32 *)a, y = *(const u32 *)b;
	const struct fname *nx = f->names[f->nodes[x >> 1].name];
	const struct fname *ny = f->names[f->nodes[y >> 1].name];
	size_t m = MIN(nx->len, ny->len);
	int r = memcmp(nx->s, ny->s, m), cx, cy;

	if (r)
		return r;
	/* Past the common part one side has ended ("c" or "c;" there) and the
	 * other goes on with a name byte, never ';': they differ here. */
	cx = item_char(nx, x & 1, m);
	cy = item_char(ny, y & 1, m);
	return cx < cy ? -1 : cx > cy;
}

struct level {
	size_t begin, pos, end;	/* items of this node */
	size_t pathlen;		/* path up to and including this node */
};

struct folded_state {
	u32 *items;
	size_t nr_items, cap_items;
	struct level *lv;
	size_t nr_lv, cap_lv;
	char *path;
	size_t cap_path;
};

static int grow(void **p, size_t *cap, size_t need, size_t size)
{
	size_t ncap;
	void *np;

	if (need <= *cap)
		return 0;
	ncap = MAX(need, *cap * 2);
	np = realloc(*p, ncap * size);
	if (!np) {
		errno = ENOMEM;
		return -1;
	}
	*p = np;
	*cap = ncap;
	return 0;
}

/* Push the sorted items of node's children as a new level. */
static int push_level(const struct flame *f, const struct flame_tree *t,
		      struct folded_state *s, u32 node, size_t pathlen)
{
	size_t begin = s->nr_items;

	if (grow((void **)&s->items, &s->cap_items, begin + 2 * (size_t)flame_tree_nr_kids(t, node),
		 sizeof(*s->items)) ||
	    grow((void **)&s->lv, &s->cap_lv, s->nr_lv + 1, sizeof(*s->lv)))
		return -1;
	for (u32 i = t->first[node]; i < t->first[node + 1]; i++) {
		u32 c = t->kids[i];

		if (t->self[c])
			s->items[s->nr_items++] = c << 1;
		if (t->first[c + 1] > t->first[c])
			s->items[s->nr_items++] = c << 1 | 1;
	}
	if (s->nr_items - begin > 1)
		qsort_r(s->items + begin, s->nr_items - begin, sizeof(u32), by_item, (void *)f);
	s->lv[s->nr_lv++] = (struct level){ begin, begin, s->nr_items, pathlen };
	return 0;
}

/* The root level's path length: no frame yet, so no ';' before the first
 * (which may be an empty name). */
#define NO_PATH SIZE_MAX

/* Append ";name" (or "name" at the top) to the path; the new length in *nlen. */
static int path_add(const struct flame *f, struct folded_state *s, size_t len, u32 node, size_t *nlen)
{
	u32 nl;
	const char *name = flame_node_name(f, node, &nl);
	bool top = len == NO_PATH;

	if (top)
		len = 0;
	if (grow((void **)&s->path, &s->cap_path, len + 1 + nl + 1, 1))
		return -1;
	if (!top)
		s->path[len++] = ';';
	memcpy(s->path + len, name, nl);
	*nlen = len + nl;
	return 0;
}

int flame_write_folded(const struct flame *f, FILE *out)
{
	struct flame_tree t;
	struct folded_state s = { 0 };
	int ret = -1;

	if (flame_tree_build(f, &t))
		return -1;
	if (push_level(f, &t, &s, ROOT, NO_PATH))
		goto out;
	while (s.nr_lv) {
		struct level *l = &s.lv[s.nr_lv - 1];
		size_t plen = l->pathlen, nlen;
		u32 it;

		if (l->pos == l->end) {
			s.nr_items = l->begin;
			s.nr_lv--;
			continue;
		}
		it = s.items[l->pos++];
		if (path_add(f, &s, plen, it >> 1, &nlen))
			goto out;
		if (it & 1) {
			if (push_level(f, &t, &s, it >> 1, nlen))	/* l is stale now */
				goto out;
		} else {
			fwrite(s.path, 1, nlen, out);
			fprintf(out, " %" PRIu64 "\n", t.self[it >> 1]);
		}
	}
	ret = 0;
out:
	free(s.items);
	free(s.lv);
	free(s.path);
	flame_tree_release(&t);
	if (fflush(out) || ferror(out))
		ret = -1;
	return ret;
}
