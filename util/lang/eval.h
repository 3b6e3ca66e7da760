/* Running a program of the aggregation language over a data file instead
 * of the live kernel: `scry script -e PROGRAM -i FILE`.
 *
 * The same front end as the live run (parser, checker) over probes matched
 * against the file's recorded events (file-probes.h); then the checked
 * tree is evaluated in user space for each recorded event that fires a
 * probe, in time order, and the maps and events it produces are printed by
 * the live run's output module (output.h) from the same byte layouts
 * (program.h), so that both give the same text for the same workload.
 *
 * What a recorded event gives a program: comm (the thread's name as the
 * file's COMM records tell), pid, tid, cpu, nsecs (the sample's time),
 * elapsed (since the first event), args.FIELD (the record's fields, by the
 * file's own formats; probe events' recorded arguments), kstack and ustack
 * (its callchain: frame pointers, or unwound from a --call-graph dwarf
 * sample's stack copy), named through the file's own symbols. BEGIN runs
 * before the first event, END after the last or after exit(); interval
 * probes fire on the recorded clock. What the file cannot say (memory
 * behind a pointer, uid, cgroup, ...) is refused before anything runs. */
#ifndef SCRY_LANG_EVAL_H
#define SCRY_LANG_EVAL_H

#include <stddef.h>

#include "util/types.h"

struct lang_eval_opts {
	const char *input;              /* the data file (NULL: the default one) */
	const char *text;               /* the program */
	size_t len;
	const char *file;               /* "-e" or the program's file, for messages */
	const char *const *positional;  /* $1.. */
	int npositional;
	u32 map_entries;                /* keys per map (0: the live default) */
	bool json;                      /* -f json */
	bool quiet;                     /* -q */
	const char *folded;             /* --folded FILE */
	const char *flamegraph;         /* --flamegraph FILE.svg */
	const char *file_label;         /* the flame graph's subtitle */
	u64 top;                        /* --top N */
	bool dry_run;                   /* check the program against the file, run nothing */
	bool show_stats;                /* counts on stderr at the end */
};

/* Returns 0 when the program ran to its end, or -1 with one line (or the
 * program's line and a caret) in err. */
int lang_eval_file(const struct lang_eval_opts *o, char *err, size_t errlen);

#endif
