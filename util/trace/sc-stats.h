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

struct sc_call_stat;

struct sc_stats {
	struct hashmap threads;         /* tid -> struct sc_thread_stats */
	u64 events;
	u64 order;                      /* first-seen counter, for stable output */
	/* --summary-hist: a latency histogram per (thread, syscall) */
	bool hist;
	/* every thread's calls together, by syscall (strace's -c); lazily */
	struct sc_call_stat **all_by_nr;
};

/* Power-of-two latency buckets as bpftrace's hist(): 0 for 0, 1 for 1,
 * i for [2^(i-1), 2^i). */
#define SC_HIST_BUCKETS 65
unsigned sc_hist_bucket(u64 v);
/* The rows of a hist as bpftrace prints them, from the first to the last
 * non-empty bucket ("[4, 8)  3 |@@@@ ... |"); nothing when all are empty. */
void sc_hist_print(struct outbuf *ob, const u64 *buckets);

void sc_stats_init(struct sc_stats *s);
void sc_stats_release(struct sc_stats *s);
/* Count a syscall (its duration when it returned). */
void sc_stats_add_syscall(struct sc_stats *s, const struct sc_event *ev);
/* Count any other event of a thread. */
void sc_stats_add_event(struct sc_stats *s, u32 tid, u32 pid, const char *comm);
/* The summary table, threads with the most events first (with
 * s->hist: each syscall's latency histogram after its thread's table). */
void sc_stats_print(struct sc_stats *s, struct sc_descs *descs, struct outbuf *ob);
/* strace -c's table: every call traced, by syscall, most time first:
 * % time     seconds  usecs/call     calls    errors syscall */
void sc_stats_print_strace(struct sc_stats *s, struct sc_descs *descs, struct outbuf *ob);

#endif
