/* Records a recorder makes up for what existed before it started: the
 * names (COMM) and executable mappings (MMAP2) of already running threads,
 * and the kernel's map, so a report can name their addresses. Each carries
 * the sample_id trailer of the tracking event, like the kernel's own. */
#ifndef SCRY_SYNTHESIZE_H
#define SCRY_SYNTHESIZE_H

#include <sys/types.h>

#include "util/core/evsel.h"

struct synth {
	int (*emit)(void *arg, const struct perf_event_header *h);
	void *arg;
	const struct evsel *track;      /* whose sample_id layout and id to use */
	u64 id;
};

/* COMM for one thread and MMAP2 for its process's executable mappings
 * (and readable data mappings when the tracking event has mmap_data)
 * (maps only once per process: pass maps = false for other threads). */
int synthesize_thread(struct synth *s, pid_t pid, pid_t tid, bool maps);
/* Every thread of every process (system-wide recording). */
int synthesize_all(struct synth *s);
/* One line of /proc/PID/maps ("start-end perms pgoff maj:min ino  name").
 * Returns 0 with *ml filled (name: the path with its leading blanks
 * skipped, "" for an anonymous mapping; it points into line, whose
 * newline is cut), -1 for a line that is not one. */
struct maps_line {
	unsigned long long start, end, pgoff, ino;
	unsigned maj, min;
	char perms[8];
	const char *name;
};
int maps_line_parse(char *line, struct maps_line *ml);
/* The kernel: MMAP of "[kernel.kallsyms]_text" at _text (pid -1). */
int synthesize_kernel(struct synth *s, const char *kallsyms_path);

#endif
