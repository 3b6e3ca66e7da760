/* perf stat's output, one counter line at a time: counts with thousands
 * separators, derived metrics (CPUs utilized, K/sec, insn per cycle), the
 * run-to-run variation of -r, and the three layouts (columns, -x CSV, -j
 * JSON) with perf 6.1's widths, field order and keys. Pure: it formats
 * what it is given into an outbuf, so the unit tests pin every layout. */
#ifndef SCRY_STAT_FORMAT_H
#define SCRY_STAT_FORMAT_H

#include <stdbool.h>
#include <stddef.h>

#include "util/outbuf.h"
#include "util/types.h"

/* "1,234,567" (sep ','; 0: no separators), with `decimals` digits after
 * the point (rounded), right aligned in `width` columns (0: none). */
void stat_format_number(char *buf, size_t len, double v, int decimals, char sep, int width);

/* The mean and the spread of a value over the runs of -r (Welford's
 * running form: one pass, no sums of squares that lose precision). */
struct stat_var {
	u64 n;
	double mean;
	double m2;      /* sum of squared distances from the mean */
};
void stat_var_add(struct stat_var *v, double x);
/* The standard error of the mean: sqrt(variance / n), 0 below two runs. */
double stat_var_stddev_mean(const struct stat_var *v);
/* That error as a percentage of the mean, perf's "+- X.XX%"; 0 for mean 0. */
double stat_var_rel_pct(const struct stat_var *v);
/* perf's digits for "X +- Y seconds time elapsed": enough that Y shows two
 * significant digits. */
int stat_var_precision(double stddev);

/* A rate per second scaled to K, M or G (perf's convert_unit_double):
 * returns the value, fills unit ("K/sec", "/sec"). */
double stat_rate_scale(double per_sec, char *unit, size_t len);

enum stat_mode { STAT_OUT_STD, STAT_OUT_CSV, STAT_OUT_JSON };

/* How counts are added up (perf's --per-* and -A). */
enum stat_aggr {
	STAT_AGGR_GLOBAL,
	STAT_AGGR_NONE,         /* -A: per cpu */
	STAT_AGGR_THREAD,
	STAT_AGGR_CORE,
	STAT_AGGR_DIE,
	STAT_AGGR_SOCKET,
	STAT_AGGR_NODE,
};

/* Where one line's counts come from. */
struct stat_aggr_id {
	int cpu, socket, die, core, node;
	int tid;
	const char *comm;
	int nr;                 /* cpus added up (core, die, socket, node) */
};

enum stat_state { STAT_COUNTED, STAT_NOT_COUNTED, STAT_NOT_SUPPORTED };

struct stat_line {
	bool has_interval;
	u64 interval_ns;        /* since the start, -I */
	enum stat_aggr aggr;
	struct stat_aggr_id id;
	enum stat_state state;
	double value;           /* in unit (msec for the clocks) */
	bool fraction;          /* print two decimals (a scaled unit) */
	const char *unit;       /* "msec" or "" */
	const char *event;
	bool has_noise;         /* -r: the variation column */
	double noise_pct;
	u64 run_ns;             /* time the counter ran */
	double running_pct;     /* run / enabled, 100 when not multiplexed */
	bool has_metric;
	double metric;
	const char *metric_fmt; /* "%8.3f" */
	const char *metric_unit;
};

struct stat_print_opts {
	enum stat_mode mode;
	const char *sep;        /* -x SEP */
	bool big_num;
	int unit_width;         /* the widest unit, at least 4 ("unit") */
};

/* One counter line, ending in '\n'. */
void stat_line_format(struct outbuf *ob, const struct stat_print_opts *o, const struct stat_line *l);

/* perf's interval header ("#           time             counts unit
 * events"), columns layout only. */
void stat_interval_header(struct outbuf *ob, const struct stat_print_opts *o, enum stat_aggr aggr);

/* The aggregation id as perf prints it in columns: "CPU0", "S0-D0-C1",
 * "comm-tid" (CSV and JSON keep their own spelling). */
void stat_aggr_name(char *buf, size_t len, enum stat_aggr aggr, const struct stat_aggr_id *id);

#endif
