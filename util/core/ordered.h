/* Time-ordering of the records of a data file.  A file holds rounds: each
 * round is what a recorder drained from all its per-cpu rings at once, in
 * ring order, followed by FINISHED_ROUND.  Records are queued (copied) as
 * they are read; at each FINISHED_ROUND everything stamped up to the
 * highest time seen before the previous round ended goes out in time order
 * (perf's rule: a record of this round may still predate the previous
 * round's last records, never the one before). */
#ifndef SCRY_ORDERED_H
#define SCRY_ORDERED_H

#include <linux/perf_event.h>

#include "util/types.h"

/* Emptied chunks kept instead of freed: a fresh 4 MiB chunk costs a
 * thousand page faults, as much as copying the records into it.  Only
 * chunks that were live at once are kept, so the peak does not grow. */
#define ORDERED_SPARE_CHUNKS 32

struct ordered_entry;
struct ordered_chunk;

typedef int (*ordered_deliver_fn)(void *arg, const struct perf_event_header *h, u64 time, u64 offset);

/* The records queued are kept as two arrays: those of the current round
 * in file order, and those left from earlier rounds (not yet due) in time
 * order. A round's records are a few runs already in time order (one per
 * ring drained), so sorting them is a merge of those runs, then one merge
 * with what was left: cheaper than a heap, which pays log n per record.
 * Equal times keep file order (the sorts and merges are stable). */
struct ordered {
	struct ordered_entry *left;     /* from earlier rounds, in time order */
	size_t nr_left, cap_left;
	struct ordered_entry *round;    /* this round's, in file order */
	size_t nr_round, cap_round;
	struct ordered_entry *tmp;      /* scratch for merging */
	size_t cap_tmp;
	struct ordered_chunk *chunk;    /* being filled */
	struct ordered_chunk *spare[ORDERED_SPARE_CHUNKS];      /* emptied, kept for reuse */
	unsigned nr_spare;
	u64 max_time;                   /* highest time queued so far */
	u64 next_flush;                 /* the previous round's max_time */
	u64 queued_bytes;
	ordered_deliver_fn deliver;
	void *arg;
};

void ordered_init(struct ordered *o, ordered_deliver_fn deliver, void *arg);
void ordered_free(struct ordered *o);
/* Queue a copy of h stamped time (offset: where it was in the file). */
int ordered_queue(struct ordered *o, const struct perf_event_header *h, u64 time, u64 offset);
/* A FINISHED_ROUND was read. Returns what deliver returned if non-zero. */
int ordered_round(struct ordered *o);
/* The end: everything, in order. */
int ordered_flush(struct ordered *o);

#endif
