#include "util/core/ordered.h"

#include <stdlib.h>
#include <string.h>

#define CHUNK_BYTES (4u << 20)

/* Records are copied into big chunks; a chunk is freed when every record
 * in it has been delivered (they leave in time order, not file order). */
struct ordered_chunk {
	size_t used;
	size_t live;            /* records not yet delivered */
	char data[CHUNK_BYTES];
};

struct ordered_entry {
	u64 time;
	u64 offset;
	const struct perf_event_header *h;
	struct ordered_chunk *chunk;    /* NULL: h was malloc'd on its own */
};

void ordered_init(struct ordered *o, ordered_deliver_fn deliver, void *arg)
{
	memset(o, 0, sizeof(*o));
	o->deliver = deliver;
	o->arg = arg;
}

static int reserve(struct ordered_entry **v, size_t *cap, size_t need)
{
	size_t ncap = *cap ? *cap : 4096;
	struct ordered_entry *n;

	if (need <= *cap)
		return 0;
	while (ncap < need)
		ncap *= 2;
	n = realloc(*v, ncap * sizeof(*n));
	if (!n)
		return -1;
	*v = n;
	*cap = ncap;
	return 0;
}

static void chunk_put(struct ordered *o, struct ordered_chunk *c)
{
	if (o->nr_spare < ORDERED_SPARE_CHUNKS)
		o->spare[o->nr_spare++] = c;
	else
		free(c);
}

static struct ordered_chunk *chunk_get(struct ordered *o)
{
	return o->nr_spare ? o->spare[--o->nr_spare] : malloc(sizeof(struct ordered_chunk));
}

static void release(struct ordered *o, struct ordered_entry *e)
{
	if (!e->chunk) {
		free((void *)e->h);
		return;
	}
	if (--e->chunk->live == 0 && e->chunk != o->chunk)
		chunk_put(o, e->chunk);
}

int ordered_queue(struct ordered *o, const struct perf_event_header *h, u64 time, u64 offset)
{
	struct ordered_entry e = { time, offset, NULL, NULL };
	void *copy;

	if (reserve(&o->round, &o->cap_round, o->nr_round + 1))
		return -1;
	if (!o->chunk || o->chunk->used + h->size > CHUNK_BYTES) {
		struct ordered_chunk *old = o->chunk;
		o->chunk = chunk_get(o);
		if (!o->chunk) {
			o->chunk = old;
			return -1;
		}
		o->chunk->used = o->chunk->live = 0;
		if (old && !old->live)
			chunk_put(o, old);
	}
	copy = o->chunk->data + o->chunk->used;
	o->chunk->used += (h->size + 7u) & ~7u;
	o->chunk->live++;
	memcpy(copy, h, h->size);
	e.h = copy;
	e.chunk = o->chunk;
	o->round[o->nr_round++] = e;
	o->queued_bytes += h->size;
	if (time > o->max_time)
		o->max_time = time;
	return 0;
}

/* Stable merge of a[0..na) and b[0..nb) (b's entries came later: equal
 * times take a's first) into out. */
static void merge(const struct ordered_entry *a, size_t na, const struct ordered_entry *b, size_t nb,
		  struct ordered_entry *out)
{
	size_t i = 0, j = 0, k = 0;

	while (i < na && j < nb)
		out[k++] = b[j].time < a[i].time ? b[j++] : a[i++];
	/* (a may be NULL when na is 0: nothing to copy, no memcpy) */
	if (i < na)
		memcpy(out + k, a + i, (na - i) * sizeof(*a));
	if (j < nb)
		memcpy(out + k + (na - i), b + j, (nb - j) * sizeof(*b));
}

/* Sort v[0..n) by time, stably, using tmp (n entries): the runs already
 * in order (one per ring of the round) are merged pairwise until one is
 * left. Returns v or tmp, whichever holds the result. */
static struct ordered_entry *sort_round(struct ordered_entry *v, size_t n, struct ordered_entry *tmp)
{
	for (;;) {
		size_t i = 0, runs = 0;

		while (i < n) {
			size_t a = i, b, c;

			/* run [a, b), run [b, c): merged into tmp[a, c) */
			b = a + 1;
			while (b < n && v[b].time >= v[b - 1].time)
				b++;
			c = b;
			if (c < n) {
				c++;
				while (c < n && v[c].time >= v[c - 1].time)
					c++;
			}
			merge(v + a, b - a, v + b, c - b, tmp + a);
			runs++;
			i = c;
		}
		if (runs <= 1)
			return tmp;
		{
			struct ordered_entry *t = v;
			v = tmp;
			tmp = t;
		}
	}
}

/* This round's records join those left in time order; those stamped up to
 * limit are delivered, the others left for a later round. */
static int flush_upto(struct ordered *o, u64 limit)
{
	size_t n = o->nr_left + o->nr_round, i;
	struct ordered_entry *all, *sorted;
	int rc = 0;

	if (!n)
		return 0;
	if (o->nr_round && (reserve(&o->tmp, &o->cap_tmp, n) || reserve(&o->round, &o->cap_round, n)))
		return -1;
	if (o->nr_round) {
		sorted = o->nr_round > 1 ? sort_round(o->round, o->nr_round, o->tmp) : o->round;
		/* Into whichever of tmp and round the sort did not leave it in. */
		all = sorted == o->tmp ? o->round : o->tmp;
		merge(o->left, o->nr_left, sorted, o->nr_round, all);
		/* all becomes the queue; its twin array is the next scratch. */
		if (all == o->tmp) {
			o->tmp = o->left;
			o->left = all;
			{
				size_t c = o->cap_tmp;
				o->cap_tmp = o->cap_left;
				o->cap_left = c;
			}
		} else {
			struct ordered_entry *t = o->left;
			size_t c = o->cap_left;

			o->left = all;
			o->cap_left = o->cap_round;
			o->round = t;
			o->cap_round = c;
		}
		o->nr_left = n;
		o->nr_round = 0;
	}
	for (i = 0; i < o->nr_left && o->left[i].time <= limit; i++) {
		struct ordered_entry e = o->left[i];

		o->queued_bytes -= e.h->size;
		rc = o->deliver(o->arg, e.h, e.time, e.offset);
		release(o, &e);
		if (rc) {
			i++;
			break;
		}
	}
	if (i < o->nr_left)
		memmove(o->left, o->left + i, (o->nr_left - i) * sizeof(*o->left));
	o->nr_left -= i;
	return rc;
}

int ordered_round(struct ordered *o)
{
	int rc = flush_upto(o, o->next_flush);

	o->next_flush = o->max_time;
	return rc;
}

int ordered_flush(struct ordered *o)
{
	return flush_upto(o, UINT64_MAX);
}

void ordered_free(struct ordered *o)
{
	for (size_t i = 0; i < o->nr_left; i++)
		release(o, &o->left[i]);
	for (size_t i = 0; i < o->nr_round; i++)
		release(o, &o->round[i]);
	free(o->left);
	free(o->round);
	free(o->tmp);
	free(o->chunk);
	while (o->nr_spare)
		free(o->spare[--o->nr_spare]);
	memset(o, 0, sizeof(*o));
}
