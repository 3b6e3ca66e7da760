/* Moving records from an evlist's rings into a data file, as scry record
 * and scry trace record both do: each pass over the rings is followed by a
 * FINISHED_ROUND; samples are counted, their time range and the DSOs they
 * hit (for build-ids) kept. */
#ifndef SCRY_RECORDER_H
#define SCRY_RECORDER_H

#include "util/perfdata/data-file.h"
#include "util/core/evlist.h"
#include "util/perfdata/record-buildid.h"

struct recorder {
	struct evlist *evlist;
	struct data_writer *w;
	struct buildid_tracker *bids;   /* NULL: no build-ids */
	u64 samples;
	u64 lost;
	u64 first_time, last_time;
	bool write_failed;
};

void recorder_init(struct recorder *r, struct evlist *l, struct data_writer *w, struct buildid_tracker *bids);
/* Write one record (ring or synthesized), noting what it says. */
int recorder_write(struct recorder *r, const struct perf_event_header *h);
/* One pass over every ring; returns the records moved. */
u64 recorder_drain(struct recorder *r);
/* A "[ ... samples, MB written, lost ]" line on stderr, at most twice a second. */
void recorder_progress(struct recorder *r, const char *tool, u64 *last_ns);
/* Sample time range and build-ids into the header. */
void recorder_fill_header(struct recorder *r, struct data_header *h);

#endif
