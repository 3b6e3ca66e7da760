/* A single-producer single-consumer queue of perf records, in chunks.
 *
 * The live reader thread copies records out of a kernel ring into one of
 * these as fast as it can, so the kernel never waits on formatting; the
 * consumer (the session, in time order across queues) reads them at its own
 * pace.  Consumed chunks are recycled (a few kept, the rest freed); a byte
 * limit bounds the memory. */
#ifndef SCRY_RECQUEUE_H
#define SCRY_RECQUEUE_H

#include <linux/perf_event.h>
#include <pthread.h>

#include "util/types.h"

struct recqueue_chunk;

struct recqueue {
	struct recqueue_chunk *head;          /* consumer's chunk */
	size_t head_off;
	struct recqueue_chunk *tail;          /* producer's chunk */
	struct recqueue_chunk *free;          /* recycled chunks (guarded by lock) */
	unsigned nr_free;               /* (lock) */
	pthread_mutex_t lock;
	size_t chunk_size;
	size_t limit;                   /* max bytes of chunks in use */
	size_t allocated;               /* bytes of chunks allocated (lock) */
	u64 pushed;                     /* records pushed (producer) */
};

int recqueue_init(struct recqueue *q, size_t chunk_size, size_t limit);
void recqueue_release(struct recqueue *q);

/* Producer: copy one record in. Returns -1 when the limit is reached. */
int recqueue_push(struct recqueue *q, const struct perf_event_header *h);

/* Consumer: the next record, or NULL when the queue is (for now) empty. */
const struct perf_event_header *recqueue_peek(struct recqueue *q);
/* Consumer: drop the record recqueue_peek returned. */
void recqueue_pop(struct recqueue *q);

#endif
