/* PERF_RECORD_* parsing.  A sample's layout depends on the sample_type (and
 * read_format, register masks, ...) of the event that produced it; every
 * field is bounds-checked against the record size, because records come from
 * files as well as from the kernel. */
#ifndef SCRY_EVENT_H
#define SCRY_EVENT_H

#include <linux/perf_event.h>

#include "util/types.h"

/* What decides the layout of an event's records. */
struct sample_layout {
	u64 sample_type;
	u64 read_format;
	u64 branch_sample_type;
	u64 regs_user;          /* attr.sample_regs_user mask */
	u64 regs_intr;
	bool sample_id_all;
};

struct perf_sample {
	u64 id;
	u64 ip;
	u32 pid, tid;
	u64 time;
	u64 addr;
	u64 stream_id;
	u32 cpu;
	u64 period;
	u64 weight;
	u64 data_src;
	u64 transaction;
	u64 phys_addr;
	u64 cgroup;
	const u64 *callchain;   /* callchain_nr entries, or NULL */
	u64 callchain_nr;
	const void *raw_data;   /* raw_size bytes, or NULL */
	u32 raw_size;
	u64 user_regs_abi;      /* 0: no user registers in this sample */
	const u64 *user_regs;   /* hweight(regs_user) entries */
	const void *user_stack; /* user_stack_size bytes copied by the kernel */
	u64 user_stack_size;    /* bytes valid (dyn_size) */
	const void *read_data;  /* PERF_SAMPLE_READ values, read_size bytes */
	u32 read_size;
	bool has_time;
	bool has_id;
	bool has_cpu;
};

/* Parse a PERF_RECORD_SAMPLE. Returns 0, or -1 if the record is shorter
 * than its layout says (a damaged or mismatched record). */
int sample_parse(const struct perf_event_header *h, const struct sample_layout *l, struct perf_sample *s);

/* Parse the sample_id trailer of a non-sample record (sample_id_all). */
int sample_id_parse(const struct perf_event_header *h, const struct sample_layout *l, struct perf_sample *s);

/* The time of a sample, or of another record's sample_id trailer, read at
 * its fixed place without parsing the rest (what ordering needs of every
 * record); 0 when the layout has none or the record is too short. */
u64 record_time(const struct perf_event_header *h, const struct sample_layout *l);

/* The id of any record whose layout puts PERF_SAMPLE_IDENTIFIER first (samples)
 * or last (other records). Returns false when the record has none. */
bool record_identifier(const struct perf_event_header *h, u64 *id);

/* The id of a record of events whose sample_type is `t` (every event of a
 * file or session shares where its id is, as perf requires): with
 * PERF_SAMPLE_IDENTIFIER first/last; with only PERF_SAMPLE_ID, at its place
 * among the fields before it (samples) or after it (the sample_id trailer).
 * False when the record has none. */
bool record_id(const struct perf_event_header *h, u64 t, u64 *id);

/* Name of a PERF_RECORD_* type ("SAMPLE", "MMAP2", "LOST"); "UNKNOWN" otherwise. */
const char *record_type_name(u32 type);

/* Bytes the sample_id trailer takes for this layout. */
size_t sample_id_size(const struct sample_layout *l);

#endif
