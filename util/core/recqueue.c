#include "util/core/recqueue.h"

#include <stdlib.h>
#include <string.h>

struct recqueue_chunk {
	struct recqueue_chunk *next;          /* set by the producer before `sealed` */
	size_t used;                    /* bytes published (release/acquire) */
	bool sealed;                    /* producer moved on to `next` */
	size_t cap;
	char data[];
};

/* Emptied chunks kept for reuse; more are freed, so that the memory a
 * burst took goes back once the consumer catches up (a long system-wide
 * trace kept its largest backlog for good before). */
#define RECQUEUE_SPARE 4

static struct recqueue_chunk *chunk_new(struct recqueue *q)
{
	struct recqueue_chunk *c = NULL;
	bool may_alloc = false;

	pthread_mutex_lock(&q->lock);
	if (q->free) {
		c = q->free;
		q->free = c->next;
		q->nr_free--;
	} else if (q->allocated + q->chunk_size <= q->limit) {
		q->allocated += q->chunk_size;
		may_alloc = true;
	}
	pthread_mutex_unlock(&q->lock);
	if (!c && may_alloc) {
		c = malloc(sizeof(*c) + q->chunk_size);
		if (!c) {
			pthread_mutex_lock(&q->lock);
			q->allocated -= q->chunk_size;
			pthread_mutex_unlock(&q->lock);
		}
	}
	if (!c)
		return NULL;
	c->next = NULL;
	c->cap = q->chunk_size;
	__atomic_store_n(&c->used, 0, __ATOMIC_RELAXED);
	__atomic_store_n(&c->sealed, false, __ATOMIC_RELAXED);
	return c;
}

int recqueue_init(struct recqueue *q, size_t chunk_size, size_t limit)
{
	memset(q, 0, sizeof(*q));
	/* A chunk must hold the largest record (u16 size). */
	q->chunk_size = chunk_size < 65536 ? 65536 : chunk_size;
	q->limit = limit < 2 * q->chunk_size ? 2 * q->chunk_size : limit;
	pthread_mutex_init(&q->lock, NULL);
	q->head = q->tail = chunk_new(q);
	return q->head ? 0 : -1;
}

void recqueue_release(struct recqueue *q)
{
	struct recqueue_chunk *c = q->head, *n;

	while (c) {
		n = c->next;
		free(c);
		c = n;
	}
	for (c = q->free; c; c = n) {
		n = c->next;
		free(c);
	}
	pthread_mutex_destroy(&q->lock);
	memset(q, 0, sizeof(*q));
}

int recqueue_push(struct recqueue *q, const struct perf_event_header *h)
{
	struct recqueue_chunk *t = q->tail;
	size_t used = __atomic_load_n(&t->used, __ATOMIC_RELAXED);

	if (used + h->size > t->cap) {
		struct recqueue_chunk *n = chunk_new(q);
		if (!n)
			return -1;
		t->next = n;
		/* Publish the link before the seal: the consumer follows `next`
		 * only after it sees `sealed`. */
		__atomic_store_n(&t->sealed, true, __ATOMIC_RELEASE);
		q->tail = t = n;
		used = 0;
	}
	memcpy(t->data + used, h, h->size);
	__atomic_store_n(&t->used, used + h->size, __ATOMIC_RELEASE);
	q->pushed++;
	return 0;
}

const struct perf_event_header *recqueue_peek(struct recqueue *q)
{
	for (;;) {
		struct recqueue_chunk *c = q->head;
		size_t used = __atomic_load_n(&c->used, __ATOMIC_ACQUIRE);

		if (q->head_off < used)
			return (const struct perf_event_header *)(c->data + q->head_off);
		if (!__atomic_load_n(&c->sealed, __ATOMIC_ACQUIRE))
			return NULL;
		/* Sealed: `used` is final, but re-read it after seeing the seal. */
		used = __atomic_load_n(&c->used, __ATOMIC_ACQUIRE);
		if (q->head_off < used)
			continue;
		q->head = c->next;
		q->head_off = 0;
		pthread_mutex_lock(&q->lock);
		if (q->nr_free < RECQUEUE_SPARE) {
			c->next = q->free;
			q->free = c;
			q->nr_free++;
			c = NULL;
		} else {
			q->allocated -= q->chunk_size;
		}
		pthread_mutex_unlock(&q->lock);
		free(c);
	}
}

void recqueue_pop(struct recqueue *q)
{
	const struct perf_event_header *h =
		(const struct perf_event_header *)(q->head->data + q->head_off);
	q->head_off += h->size;
}
