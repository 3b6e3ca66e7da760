/* --time for the readers of a data file (report, script): which samples to
 * keep, by their timestamp, in perf's syntax.
 *
 *	"START,END"               seconds[.fraction] as script prints them (up
 *	                          to 9 fraction digits); either may be empty:
 *	                          "START," to the end, ",END" from the start
 *	"A,B C,D"                 several such ranges, in order, apart
 *	"10%/2"                   the 2nd tenth of the file's sample time
 *	"0%-10%,30%-40%"          shares of it; "25%" is "25%/1"
 *
 * Both ends are included. Percentages need the file's first and last
 * sample times (its sample_time header feature), known only once it is
 * open: time_ranges_parse checks the syntax at once (a usage error) and
 * time_ranges_resolve turns percentages into times later. */
#ifndef SCRY_TIME_RANGE_H
#define SCRY_TIME_RANGE_H

#include <stdbool.h>
#include <stddef.h>

#include "util/types.h"

#define TIME_RANGES_MAX 32

struct time_range {
	u64 start, end;         /* ns; 0: open (end: to the end of the file) */
	double pstart, pend;    /* percent ranges: shares of the file's time, 0..1 */
};

struct time_ranges {
	unsigned nr;            /* 0: no --time, every sample is kept */
	bool percent;           /* pstart/pend hold the ranges until resolved */
	struct time_range r[TIME_RANGES_MAX];
};

/* Parse str into tr. -1 with one line in err when it is not perf's syntax
 * (for the caller to report as a usage error). */
int time_ranges_parse(struct time_ranges *tr, const char *str, char *err, size_t errlen);

/* Percent ranges to times, given the file's first and last sample times
 * (have_bounds false: the file has none; -1 with why in err). Absolute
 * ranges need nothing: 0. */
int time_ranges_resolve(struct time_ranges *tr, bool have_bounds, u64 first, u64 last, char *err, size_t errlen);

/* Whether a sample at time t is outside every range (a sample without a
 * time, 0, is always kept, as perf keeps it). */
bool time_ranges_skip(const struct time_ranges *tr, u64 t);

#endif
