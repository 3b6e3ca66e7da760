/* scry stat record / report: counts in a perf.data-format file (a pipe or
 * a file), as perf stat record writes them: the events as attrs with their
 * ids and names, a PERF_RECORD_STAT per fd (id, cpu and thread index, value,
 * enabled and running times) and a PERF_RECORD_STAT_ROUND (final) carrying
 * the elapsed time. */
#ifndef SCRY_STAT_FILE_H
#define SCRY_STAT_FILE_H

#include "util/core/evlist.h"
#include "util/core/tracefs.h"
#include "util/stat/stat-counter.h"

struct stat_file_writer;

/* One event for the file: a supported one has its evsel, an unsupported one
 * only its name and attr (no ids: the reader prints it <not supported>). */
struct stat_file_event {
	const char *name;
	const struct perf_event_attr *attr;
	const struct evsel *e;  /* NULL: not supported */
};

/* path "-": standard output, in pipe form. t: the tracefs the tracepoints'
 * formats come from (NULL without tracepoints). argv: the command, kept in
 * the file's cmdline. NULL with one line in err. */
struct stat_file_writer *stat_file_create(const char *path, const struct stat_file_event *ev, int nr,
					  const struct tracefs *t, const char *const *argv, int argc, char *err,
					  size_t errlen);
/* The final counts of every fd, read now (the events are disabled), and the
 * round that closes them. */
int stat_file_write_counts(struct stat_file_writer *w, const struct stat_file_event *ev, int nr,
			   const struct evlist *l, u64 elapsed_ns, char *err, size_t errlen);
int stat_file_finish(struct stat_file_writer *w, char *err, size_t errlen);
void stat_file_free(struct stat_file_writer *w);

/* What report reads back: the events in order, their counts added up over
 * the fds of the last round. */
struct stat_file_count {
	char *name;
	struct perf_event_attr attr;
	bool supported;
	struct stat_counts total;
};

struct stat_file {
	struct stat_file_count *ev;
	int nr;
	u64 elapsed_ns;
	bool pipe;
	char *command;          /* the recorded command, words joined; NULL if none */
};

int stat_file_read(const char *path, struct stat_file *f, char *err, size_t errlen);
void stat_file_release(struct stat_file *f);

#endif
