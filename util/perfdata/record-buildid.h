/* Which DSOs the samples of a recording hit, for the BUILD_ID feature
 * (and the kernel addresses and DSOs the portable section carries):
 * the recorder feeds every record it writes; at the end the hit DSOs'
 * build-ids (read from the files, or the kernel's from /sys/kernel/notes)
 * go into the header. */
#ifndef SCRY_RECORD_BUILDID_H
#define SCRY_RECORD_BUILDID_H

#include "util/perfdata/header.h"
#include "util/symbols/machine.h"

struct buildid_tracker {
	struct machine machine;
	struct hashmap hit;     /* struct dso * -> itself */
	bool kernel_hit;
	struct hashmap kaddrs;  /* kernel addresses hit (key: address), for util/portable-record */
	bool kaddrs_oom;        /* not all of them could be kept */
};

void buildid_tracker_init(struct buildid_tracker *t);
void buildid_tracker_free(struct buildid_tracker *t);
/* A record as written: s is its parsed sample for PERF_RECORD_SAMPLE, else NULL. */
void buildid_track(struct buildid_tracker *t, const struct perf_event_header *h, const struct perf_sample *s);
/* Count every DSO mapped so far as hit (perf inject --buildid-all). */
void buildid_track_all(struct buildid_tracker *t);
/* Add the hit DSOs' build-ids to h (FEAT_BUILD_ID). */
void buildid_fill_header(struct buildid_tracker *t, struct data_header *h);

#endif
