/* Counting: the events of an evlist opened without sampling (perf stat's
 * counting mode), read with their enabled and running times, and added up
 * into the lines of an aggregation map. */
#ifndef SCRY_STAT_COUNTER_H
#define SCRY_STAT_COUNTER_H

#include <linux/perf_event.h>

#include "util/core/evlist.h"
#include "util/stat/stat-aggr.h"

struct stat_counts {
	u64 val;
	u64 ena;        /* time enabled */
	u64 run;        /* time running (less when the pmu multiplexes) */
};

/* What a counting event needs in its attr (counting, both times read, the
 * workload's children followed): applied to the parser's template. */
void stat_counting_attr(struct perf_event_attr *a, bool enable_on_exec, bool inherit);

/* Can this event be opened here at all (pid: a thread of the target, or -1
 * with cpu for a system-wide one)? false with errno when the kernel says
 * it does not exist (no hardware counters, ...): perf's <not supported>. */
bool stat_event_supported(const struct perf_event_attr *a, pid_t pid, int cpu);

/* Read every fd of e and add the counts into lines[nr] (zeroed first).
 * prev (e->nr_fds entries, or NULL) turns the reading into the change since
 * the last one, for -I. -1 with one line in err when a read fails. */
int stat_counter_read(const struct evsel *e, const struct evlist *l, const struct stat_aggr_map *m,
		      struct stat_counts *lines, struct stat_counts *prev, char *err, size_t errlen);

/* A line's counts as printed: the value scaled up to the enabled time when
 * the counter was multiplexed, and the share of that time it ran. Returns
 * false when it never ran (perf's <not counted>). */
bool stat_counts_scaled(const struct stat_counts *c, double *val, double *running_pct);

#endif
