/* The counts of a stat session (its events, each with one set of counts per
 * output line and their statistics over the runs) and their printing as
 * perf stat prints them: the metric column from the other events of the same
 * line (CPUs utilized, rates per second of the clocks' time, GHz, insn per
 * cycle, the share of branches missed), the order of the lines per
 * aggregation mode, the title, the interval header and the footer with the
 * elapsed time. */
#ifndef SCRY_STAT_PRINT_H
#define SCRY_STAT_PRINT_H

#include <linux/perf_event.h>

#include "util/core/evsel.h"
#include "util/outbuf.h"
#include "util/stat/stat-aggr.h"
#include "util/stat/stat-counter.h"
#include "util/stat/stat-format.h"

/* What an event's count means for the metric column. */
enum stat_kind {
	STAT_KIND_OTHER,
	STAT_KIND_CLOCK,        /* task-clock, cpu-clock (ns) */
	STAT_KIND_CYCLES,
	STAT_KIND_INSTRUCTIONS,
	STAT_KIND_BRANCHES,
	STAT_KIND_BRANCH_MISSES,
};

enum stat_kind stat_kind_of(const struct perf_event_attr *a);

/* One event as asked for, in the order asked, across every run. */
struct stat_event {
	char *name;
	struct perf_event_attr attr;
	enum stat_kind kind;
	bool supported;
	struct evsel *e;                /* this run's, NULL when not supported */
	struct stat_counts *lines;      /* this reading, per output line */
	struct stat_counts *prev;       /* per fd: the last reading, for -I */
	struct stat_var *vars;          /* per output line, over the runs */
	bool *counted;                  /* per output line: ran in some run */
	u64 *run_ns;                    /* per output line: the last running time */
};

struct stat_results {
	struct stat_event *ev;
	int nr_ev;
	enum stat_aggr aggr;
	struct stat_aggr_map map;       /* the output lines, from the first run */
	bool have_map;
	int repeat;                     /* runs asked for: more than one shows variations */
	bool hide_idle_threads;         /* --per-thread -a: only the threads that counted */
	struct stat_var elapsed;        /* ns per run */
	struct stat_print_opts po;
	int printed_intervals;
	struct outbuf out;
};

/* The output lines for these cpus and threads (once: later calls keep the
 * first run's), and each event's counts per line. -1 with one line in err. */
int stat_results_init_lines(struct stat_results *r, const struct cpumap *cpus, const struct threadmap *threads,
			    char *err, size_t errlen);
/* The events' current lines (stat_counter_read) into their statistics: as
 * one more run, or (reset) as the only one, for an interval. */
void stat_results_take(struct stat_results *r, bool reset);
void stat_results_release(struct stat_results *r);

/* " Performance counter stats for WHAT (N runs):" and its blank lines. */
void stat_print_title(struct stat_results *r, const char *what);
/* Every event's lines (wall_ns: the time they cover, for CPUs utilized). */
void stat_print_lines(struct stat_results *r, double wall_ns, bool has_interval, u64 interval_ns);
/* One interval's lines, perf's header before every 25th. */
void stat_print_interval(struct stat_results *r, double wall_ns, u64 since_start_ns);
/* The elapsed time (+- its variation over the runs); the command's user
 * and sys times when rusage. */
void stat_print_footer(struct stat_results *r, bool rusage, double user_s, double sys_s);

#endif
