/* The metadata of a trace recording: what live tracing learns outside
 * records (the start time, the descriptors and calls the targets had when
 * tracing attached, calls still in flight and records lost at the end, the
 * workload's exit, the -e selection), stored as the raw data of samples of
 * a dummy "scry:trace-meta" event, so that `scry trace -i` prints what the
 * live trace printed. The encoder (scry trace record) and the decoder (the
 * printer) are here together, so they cannot drift apart. */
#ifndef SCRY_TRACE_META_H
#define SCRY_TRACE_META_H

#include <linux/perf_event.h>

#include "util/types.h"

#define TRACE_META_EVENT_NAME "scry:trace-meta"

/* The meta event's sample_type: the fields trace_meta_record_new writes,
 * in the kernel's order (identifier, ip, pid/tid, time, cpu, raw). */
#define TRACE_META_SAMPLE_TYPE                                                                            \
	(PERF_SAMPLE_IDENTIFIER | PERF_SAMPLE_IP | PERF_SAMPLE_TID | PERF_SAMPLE_TIME | PERF_SAMPLE_CPU | \
	 PERF_SAMPLE_RAW)

enum trace_meta_kind {
	META_START = 1,         /* a = tracing start time (CLOCK_MONOTONIC ns), b = workload pid or 0 */
	META_FD = 2,            /* pid a, fd b refers to the string that follows */
	META_ATTACH = 3,        /* tid a, pid b, nr c was in progress at attach; args follow */
	META_INFLIGHT = 4,      /* a struct scry_sc_rec still in flight at the end follows */
	META_LOST_END = 5,      /* a = records lost at the very end */
	META_WORKLOAD = 6,      /* pid a exited with wait status b */
	META_FILTER = 7,        /* the -e selection to print: a = others flag, the bitmap follows */
};

/* The head of a meta sample's raw data; len bytes of payload follow. */
struct trace_meta {
	u32 kind;
	u32 len;                /* bytes of the payload after this struct */
	u64 a, b, c;
};

/* One PERF_RECORD_SAMPLE of the meta event whose id is id, stamped time,
 * carrying m and m->len bytes of payload. Malloc'd (the caller frees it);
 * NULL when it would not fit a record's 16-bit size, or on ENOMEM. */
struct perf_event_header *trace_meta_record_new(u64 id, u64 time, const struct trace_meta *m, const void *payload);

/* Read the head of a meta sample's raw data (copied out: raw data sits 4
 * bytes off 8-byte alignment) and point *payload at its payload. -1 when
 * the data is shorter than the head, or than the payload it announces. */
int trace_meta_decode(const void *raw, u32 size, struct trace_meta *m, const void **payload);

#endif
