/* Per-thread syscall statistics for `trace -s`: calls, errors and the
 * total/min/avg/max/stddev of durations, kept with Welford's method so the
 * state per (thread, syscall) is constant however long the trace runs. */
#ifndef SCRY_SC_STATS_H
#define SCRY_SC_STATS_H

#include "util/hashmap.h"
#include "util/outbuf.h"
#include "util/trace/sc-event.h"
#include "util/trace/syscall-desc.h"

struct run_stat {
	u64 n;
	double mean;
	double m2;      /* sum of squared deviations from the mean */
	u64 min, max, total;
};

void run_stat_add(struct run_stat *s, u64 v);
double run_stat_stddev(const struct run_stat *s);        /* sample stddev */
/* perf's "stddev (%)": the standard error of the mean relative to the mean. */
double run_stat_rel_stderr(const struct run_stat *s);

struct sc_stats {
	struct hashmap threads;         /* tid -> struct sc_thread_stats */
	u64 events;
	u64 order;                      /* first-seen counter, for stable output */
};

void sc_stats_init(struct sc_stats *s);
void sc_stats_release(struct sc_stats *s);
/* Count a syscall (its duration when it returned). */
void sc_stats_add_syscall(struct sc_stats *s, const struct sc_event *ev);
/* Count any other event of a thread. */
void sc_stats_add_event(struct sc_stats *s, u32 tid, u32 pid, const char *comm);
/* The summary table, threads with the most events first. */
void sc_stats_print(struct sc_stats *s, struct sc_descs *descs, struct outbuf *ob);

#endif
