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
	u64 seq;
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

static bool before(const struct ordered_entry *a, const struct ordered_entry *b)
{
	return a->time < b->time || (a->time == b->time && a->seq < b->seq);
}

static void sift_up(struct ordered_entry *h, size_t i)
{
	while (i) {
		size_t p = (i - 1) / 2;
		struct ordered_entry t;
		if (!before(&h[i], &h[p]))
			break;
		t = h[i];
		h[i] = h[p];
		h[p] = t;
		i = p;
	}
}

static void sift_down(struct ordered_entry *h, size_t n, size_t i)
{
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, m = i;
		struct ordered_entry t;
		if (l < n && before(&h[l], &h[m]))
			m = l;
		if (r < n && before(&h[r], &h[m]))
			m = r;
		if (m == i)
			break;
		t = h[i];
		h[i] = h[m];
		h[m] = t;
		i = m;
	}
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
	struct ordered_entry e = { time, o->seq++, offset, NULL, NULL };
	void *copy;

	if (o->nr == o->cap) {
		size_t ncap = o->cap ? o->cap * 2 : 4096;
		struct ordered_entry *n = realloc(o->heap, ncap * sizeof(*n));
		if (!n)
			return -1;
		o->heap = n;
		o->cap = ncap;
	}
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
	o->heap[o->nr] = e;
	sift_up(o->heap, o->nr++);
	o->queued_bytes += h->size;
	if (time > o->max_time)
		o->max_time = time;
	return 0;
}

static int flush_upto(struct ordered *o, u64 limit)
{
	while (o->nr && o->heap[0].time <= limit) {
		struct ordered_entry e = o->heap[0];
		int rc;

		o->heap[0] = o->heap[--o->nr];
		sift_down(o->heap, o->nr, 0);
		o->queued_bytes -= e.h->size;
		rc = o->deliver(o->arg, e.h, e.time, e.offset);
		release(o, &e);
		if (rc)
			return rc;
	}
	return 0;
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
	for (size_t i = 0; i < o->nr; i++)
		release(o, &o->heap[i]);
	free(o->heap);
	free(o->chunk);
	while (o->nr_spare)
		free(o->spare[--o->nr_spare]);
	memset(o, 0, sizeof(*o));
}
