/* strace's -e qualifiers for `scry trace`: `-e trace=SET`, `-e signal=SET`,
 * `-e status=SET`, `-e read=FD,...`, `-e write=FD,...` (and a bare `-e SET`,
 * which is trace=SET). Parsing only: what the sets select is applied by the
 * trace printer. */
#ifndef SCRY_SC_QUALS_H
#define SCRY_SC_QUALS_H

#include <stddef.h>

#include "util/types.h"

/* A set of small numbers (signals, descriptors): bits below SC_NUMSET_MAX,
 * `others` for every larger one (from "all" or a leading '!'). */
#define SC_NUMSET_MAX 1024

struct sc_numset {
	u64 bits[SC_NUMSET_MAX / 64];
	bool others;
	bool given;             /* the qualifier was on the command line */
};

bool sc_numset_has(const struct sc_numset *s, s64 n);

/* The outcome classes of strace's status= qualifier. */
enum sc_status_bit {
	SC_STATUS_SUCCESSFUL = 1 << 0,  /* returned without an error */
	SC_STATUS_FAILED = 1 << 1,      /* returned -1 with an errno */
	SC_STATUS_UNFINISHED = 1 << 2,  /* never returned (exit_group, the thread died) */
	SC_STATUS_UNAVAILABLE = 1 << 3, /* returned, result unknown: never in scry */
	SC_STATUS_DETACHED = 1 << 4,    /* still in the call when tracing stopped */
	SC_STATUS_ALL = (1 << 5) - 1,
};

struct sc_quals {
	/* trace=: every trace= (and bare) set joined with ',' in the order
	 * given, for syscall_filter_parse; NULL: none given. Owned. */
	char *trace;
	struct sc_numset signals;       /* signal=: which "--- SIG ---" lines */
	unsigned status;                /* status=: SC_STATUS_* bits; 0: not given (all) */
	struct sc_numset read_fds;      /* read=: dump data read from these fds */
	struct sc_numset write_fds;     /* write=: dump data written to these fds */
};

/* Add one -e argument ("trace=open,close", "status=!failed", "%file").
 * Returns -1 with one line in err (no prefix, no newline) for an unknown
 * qualifier or a bad value; 0 otherwise. Repeated qualifiers of one kind
 * replace each other, except trace= which accumulates. */
int sc_quals_add(struct sc_quals *q, const char *expr, char *err, size_t errlen);

/* Parse a signal set ("SIGCHLD,TERM,9", "!SIGCHLD", "all", "none"). */
int sc_numset_parse_signals(struct sc_numset *s, const char *set, char *err, size_t errlen);
/* Parse a descriptor set ("3,4", "all", "none", "!0"). */
int sc_numset_parse_fds(struct sc_numset *s, const char *set, char *err, size_t errlen);
/* Parse a status set ("failed", "!successful", "successful,unfinished"). */
int sc_status_parse(unsigned *mask, const char *set, char *err, size_t errlen);

void sc_quals_release(struct sc_quals *q);

/* strace's -X style: 0 abbrev, 1 raw, 2 verbose (SC_XLAT_*); -1 unknown. */
int sc_xlat_style(const char *s);

/* strace's -tt and -ttt would reach the option parser as -t (scry's --tid,
 * perf trace's meaning) with "t" or "tt" as the thread list: this returns
 * a copy of argv (argc entries and a NULL, to free) where they are
 * --absolute-timestamps=time and =unix. Only the options before the command
 * are looked at (the values of options that take one, from opts, are
 * skipped), so a command's own "-tt" is left alone. NULL: out of memory. */
struct opt;
const char **sc_strace_times_argv(const struct opt *opts, int argc, const char **argv);

#endif
