/* One perf mmap ring buffer: the metadata page plus a power-of-two data area
 * the kernel writes records into.  Reading copies records out (reassembling
 * the ones that wrap around the end) and then releases the space by
 * advancing data_tail. */
#ifndef SCRY_RING_H
#define SCRY_RING_H

#include <linux/perf_event.h>

#include "util/types.h"

struct ring {
	struct perf_event_mmap_page *meta;
	char *data;
	u64 size;               /* data area bytes, a power of two */
	size_t map_len;
	int fd;                 /* the event the ring belongs to */
	int cpu;                /* -1 for per-thread rings */
	u64 corrupt;            /* records skipped because their header was impossible */
	char *scratch;          /* reassembly buffer for records that wrap (64 KiB) */
};

/* Map `pages` data pages (a power of two) of event fd. */
int ring_map(struct ring *r, int fd, int cpu, unsigned pages);
void ring_unmap(struct ring *r);

/* Hand every complete record to fn, in ring order, then free the space.
 * fn returns 0 to go on, non-zero to stop (the record it saw is consumed).
 * Returns the number of records read. */
typedef int (*ring_record_fn)(const struct perf_event_header *h, void *arg);
u64 ring_drain(struct ring *r, ring_record_fn fn, void *arg);

#endif
