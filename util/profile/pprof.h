/* A report's samples as a pprof profile (github.com/google/pprof,
 * proto/profile.proto), gzip-compressed, for `scry report --pprof`.
 *
 * Samples come in resolved, as report's histograms get them (leaf-first
 * frames, util/profile/hist.h); equal stacks of the same thread and event
 * are merged into one pprof sample. Each recorded event is one sample type
 * (a column of values); each distinct address a location, with one line per
 * function inlined there (innermost first, from DWARF via
 * util/symbols/srcline); each DSO a mapping with its build-id. */
#ifndef SCRY_PPROF_H
#define SCRY_PPROF_H

#include "util/profile/hist.h"
#include "util/symbols/srcline.h"

struct pprof;

/* srclines (the report's cache) must outlive p. NULL on ENOMEM. */
struct pprof *pprof_new(struct srcline_cache *srclines);
void pprof_free(struct pprof *p);

/* Name the sample type of event idx (its column): a clock event (cpu-clock,
 * task-clock: periods are nanoseconds) is "cpu"/"nanoseconds" (the first
 * one; a second clock keeps its own name), any other its own name with
 * unit "count". Events never named are "event<idx>". -1 on ENOMEM. */
int pprof_event(struct pprof *p, int idx, const char *name, bool clock);

struct pprof_sample {
	int event;              /* the event's idx */
	u64 value;              /* the sample's period */
	s32 pid, tid;
	const char *comm;       /* interned: compared by pointer */
};

/* Add one sample whose frames[0..n) (leaf first, as hists_add_sample takes
 * them, each with its k.dso/k.sym/k.addr/k.kernel keys and f.ip) are its
 * stack. Frames of inlined functions (f.inlined, report --inline) are
 * skipped: locations list their inlined functions themselves. -1 on
 * ENOMEM. */
int pprof_add(struct pprof *p, const struct pprof_sample *s, const struct hist_frame *frames, size_t n);

struct pprof_meta {
	s64 time_nanos;         /* when the recording started (0: unknown) */
	s64 duration_nanos;
	const char *comment;    /* NULL: none */
};

/* Write the profile, gzip-compressed, to path ("-": standard output).
 * -1 with one line in err. */
int pprof_write(struct pprof *p, const char *path, const struct pprof_meta *m, char *err, size_t errlen);

#endif
