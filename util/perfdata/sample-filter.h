/* Which samples of a data file to show, by who and where: perf script's
 * --comms, --pid, --tid and --cpu lists. A sample passes when it matches
 * every list given (within a list, any entry).
 *
 *	struct sample_filter f = { 0 };
 *	if (sample_filter_cpus(&f, "0-3,6", err, sizeof(err))) ...usage error
 *	... sample_filter_match(&f, comm, sample) for each sample
 *	sample_filter_release(&f);
 */
#ifndef SCRY_SAMPLE_FILTER_H
#define SCRY_SAMPLE_FILTER_H

#include <stdbool.h>
#include <stddef.h>

#include "util/core/cpumap.h"
#include "util/core/event.h"

struct sample_filter {
	char *comm_buf;                 /* the --comms list, its commas made NULs */
	const char **comms;
	size_t nr_comms;
	int *pids, *tids;
	size_t nr_pids, nr_tids;
	struct cpumap cpus;             /* the --cpu list, sorted; nr 0: any cpu */
};

/* Each takes its option's list and returns -1 with one line in err when
 * the list is malformed: "a,b" (comms), "1,2" (pids and tids, 0 the idle
 * task), "0-3,6" (cpus). A list given twice replaces the first. */
int sample_filter_comms(struct sample_filter *f, const char *list, char *err, size_t errlen);
int sample_filter_pids(struct sample_filter *f, const char *list, char *err, size_t errlen);
int sample_filter_tids(struct sample_filter *f, const char *list, char *err, size_t errlen);
int sample_filter_cpus(struct sample_filter *f, const char *list, char *err, size_t errlen);

/* Whether a --cpu list is given (it needs samples that carry their CPU). */
static inline bool sample_filter_has_cpus(const struct sample_filter *f) { return f->cpus.nr > 0; }

/* Whether sample s of the thread named comm ("" when unknown) passes. */
bool sample_filter_match(const struct sample_filter *f, const char *comm, const struct perf_sample *s);

void sample_filter_release(struct sample_filter *f);

#endif
