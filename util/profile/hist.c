/* Histogram entries: found by a hash of the sort keys, created on first
 * use; the callchains they hold are trees in one arena per histogram. */
#include "util/profile/hist.h"

#include <stdlib.h>
#include <string.h>

/* Frames of one chain as stored under an entry (bounded: chains are at
 * most PERF_MAX_STACK_DEPTH-ish deep; longer ones are cut at the root end). */
#define MAX_FRAMES 1024

struct chain_rec {
	struct chain_rec *next;         /* same hash */
	struct chain_rec *later;        /* the next one first seen after this */
	struct hist_entry *entry;
	u64 period;
	u32 n;
	struct callchain_frame frames[];
};

void hists_init(struct hists *h, const struct sort_spec *sort)
{
	memset(h, 0, sizeof(*h));
	h->sort = sort;
	hashmap_init(&h->by_hash);
	hashmap_init(&h->chains);
	callchain_arena_init(&h->arena);
}

static void free_chains(struct hists *h)
{
	struct chain_rec *c = h->chain_first;

	for (size_t i = 0; i < h->nr; i++)
		h->v[i]->last_chain = NULL;
	while (c) {
		struct chain_rec *n = c->later;
		free(c);
		c = n;
	}
	h->chain_first = h->chain_last = NULL;
	hashmap_free(&h->chains);
	hashmap_init(&h->chains);
}

static u64 chain_hash(const struct hist_entry *e, const struct callchain_frame *f, size_t n)
{
	u64 x = (u64)(uintptr_t)e * 0x9e3779b97f4a7c15ULL;

	for (size_t i = 0; i < n; i++) {
		x ^= (f[i].sym ? (u64)(uintptr_t)f[i].sym : f[i].ip) + ((u64)(uintptr_t)f[i].inlined << 1);
		x *= 0x100000001b3ULL;
		x ^= x >> 29;
	}
	return x;
}

static bool frames_equal(const struct callchain_frame *a, const struct callchain_frame *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (a[i].sym != b[i].sym || a[i].inlined != b[i].inlined || a[i].dso != b[i].dso ||
		    (!a[i].sym && a[i].ip != b[i].ip))
			return false;   /* as the tree matches frames: by symbol, else address */
	return true;
}

/* Note a whole chain of e's own samples; merged into e's tree later. */
static int chain_note(struct hists *h, struct hist_entry *e, const struct callchain_frame *f, size_t n, u64 period)
{
	u64 hash;
	struct chain_rec *first, *c = e->last_chain;

	/* Most samples of an entry repeat its previous sample's chain. */
	if (c && c->n == n && frames_equal(c->frames, f, n)) {
		c->period += period;
		return 0;
	}
	hash = chain_hash(e, f, n);
	first = hashmap_get(&h->chains, hash);
	for (c = first; c; c = c->next)
		if (c->entry == e && c->n == n && frames_equal(c->frames, f, n)) {
			c->period += period;
			e->last_chain = c;
			return 0;
		}
	c = malloc(sizeof(*c) + n * sizeof(*f));
	if (!c)
		return -1;
	c->entry = e;
	c->period = period;
	c->n = (u32)n;
	memcpy(c->frames, f, n * sizeof(*f));
	c->next = first;
	c->later = NULL;
	if (hashmap_put(&h->chains, hash, c)) {
		free(c);
		return -1;
	}
	if (h->chain_last)
		h->chain_last->later = c;
	else
		h->chain_first = c;
	h->chain_last = c;
	e->last_chain = c;
	return 0;
}

/* Entries whose period (children or self) is below min_period get no tree
 * from their pending chains: every branch of such a tree would be below
 * it too. */
static int merge_chains(struct hists *h, bool by_children, u64 min_period)
{
	int rc = 0;

	for (struct chain_rec *c = h->chain_first; c && !rc; c = c->later) {
		const struct hist_entry *e = c->entry;

		if ((by_children ? e->children_period : e->self_period) >= min_period)
			rc = callchain_add(&h->arena, &c->entry->chain, c->frames, c->n, c->period);
	}
	free_chains(h);
	return rc;
}

void hists_free(struct hists *h)
{
	free_chains(h);
	for (size_t i = 0; i < h->nr; i++)
		free(h->v[i]);
	free(h->v);
	hashmap_free(&h->by_hash);
	hashmap_free(&h->chains);
	callchain_arena_free(&h->arena);
	h->v = NULL;
	h->nr = h->cap = 0;
}

static struct hist_entry *remember(struct hists *h, struct hist_entry *e)
{
	h->recent[h->recent_next] = e;
	h->recent_next = (h->recent_next + 1) % HISTS_RECENT;
	return e;
}

static struct hist_entry *findnew(struct hists *h, const struct hist_key *k)
{
	u64 hash;
	struct hist_entry *first, *e;

	for (unsigned i = 0; i < HISTS_RECENT; i++)
		if (h->recent[i] && sort_keys_equal(h->sort, &h->recent[i]->k, k))
			return h->recent[i];
	hash = sort_keys_hash(h->sort, k);
	first = hashmap_get(&h->by_hash, hash);
	for (e = first; e; e = e->hash_next)
		if (sort_keys_equal(h->sort, &e->k, k))
			return remember(h, e);
	if (h->nr == h->cap) {
		size_t ncap = h->cap ? h->cap * 2 : 256;
		struct hist_entry **nv = realloc(h->v, ncap * sizeof(*nv));
		if (!nv)
			return NULL;
		h->v = nv;
		h->cap = ncap;
	}
	e = calloc(1, sizeof(*e));
	if (!e)
		return NULL;
	e->k = *k;
	e->hash_next = first;
	if (hashmap_put(&h->by_hash, hash, e)) {
		free(e);
		return NULL;
	}
	h->v[h->nr++] = e;
	return remember(h, e);
}

/* frames[from], frames[from + step], ... count of them, into out. */
static size_t gather(const struct hist_frame *frames, size_t from, int step, size_t count, struct callchain_frame *out)
{
	size_t k = 0;

	for (size_t i = 0; i < count && k < MAX_FRAMES; i++)
		out[k++] = frames[(size_t)((long)from + step * (long)i)].f;
	return k;
}

int hists_add_sample(struct hists *h, const struct hist_frame *frames, size_t n, u64 period, bool children,
		     bool caller_order, bool keep_chains)
{
	struct callchain_frame chain[MAX_FRAMES];
	struct hist_entry *leaf;
	size_t len;

	if (!n)
		return 0;
	if (n > MAX_FRAMES)
		n = MAX_FRAMES;
	h->seq++;
	h->total_period += period;
	h->nr_samples++;
	leaf = findnew(h, &frames[0].k);
	if (!leaf)
		return -1;
	leaf->self_period += period;
	leaf->self_samples++;
	leaf->children_period += period;
	leaf->children_samples++;
	leaf->seen = h->seq;
	if (keep_chains) {
		/* The leaf's entry holds the whole chain. */
		len = caller_order ? gather(frames, n - 1, -1, n, chain) : gather(frames, 0, 1, n, chain);
		if (chain_note(h, leaf, chain, len, period))
			return -1;
	}
	if (!children)
		return 0;
	for (size_t i = 1; i < n; i++) {
		struct hist_entry *e = findnew(h, &frames[i].k);
		if (!e)
			return -1;
		if (e->seen == h->seq)
			continue;       /* recursion: once per sample */
		e->seen = h->seq;
		e->children_period += period;
		e->children_samples++;
		if (keep_chains) {
			/* From this frame on: toward the leaf (caller order) or the root. */
			len = caller_order ? gather(frames, i, -1, i + 1, chain) : gather(frames, i, 1, n - i, chain);
			if (callchain_add(&h->arena, &e->chain, chain, len, period))
				return -1;
		}
	}
	return 0;
}

static int by_children(const void *x, const void *y)
{
	const struct hist_entry *a = *(const struct hist_entry *const *)x, *b = *(const struct hist_entry *const *)y;

	if (a->children_period != b->children_period)
		return a->children_period > b->children_period ? -1 : 1;
	if (a->self_period != b->self_period)
		return a->self_period > b->self_period ? -1 : 1;
	return 0;
}

static int by_self(const void *x, const void *y)
{
	const struct hist_entry *a = *(const struct hist_entry *const *)x, *b = *(const struct hist_entry *const *)y;

	if (a->self_period != b->self_period)
		return a->self_period > b->self_period ? -1 : 1;
	return 0;
}

static int by_keys(const void *x, const void *y, void *arg)
{
	const struct hist_entry *a = *(const struct hist_entry *const *)x, *b = *(const struct hist_entry *const *)y;

	return sort_keys_cmp(arg, &a->k, &b->k);
}

/* Equal overheads: order by the printed keys so output is stable. */
static void order_ties(struct hists *h, bool children)
{
	size_t i = 0;

	while (i < h->nr) {
		size_t j = i + 1;
		while (j < h->nr && h->v[j]->self_period == h->v[i]->self_period &&
		       (!children || h->v[j]->children_period == h->v[i]->children_period))
			j++;
		if (j - i > 1)
			qsort_r(h->v + i, j - i, sizeof(*h->v), by_keys, (void *)h->sort);
		i = j;
	}
}

int hists_sort(struct hists *h, bool children, u64 min_chain_period)
{
	if (merge_chains(h, children, min_chain_period))
		return -1;
	qsort(h->v, h->nr, sizeof(*h->v), children ? by_children : by_self);
	order_ties(h, children);
	return 0;
}
