/* A data file opened for reading, with what every reader of one needs:
 * report, script and `trace -i` (and the aggregation language's offline
 * runtime) open files the same way.
 *
 *	struct file_session fs;
 *	if (file_session_open(&fs, path_or_NULL, err, sizeof(err)))   pr_err("%s", err);
 *	if (file_session_note(&fs)) pr_warn("%s: %s", fs.path, file_session_note(&fs));
 *	if (file_session_check_samples(&fs, "report")) return 1;   report, script
 *	file_session_attach(&fs, &machine, ...);   the file's own symbols
 *	file_session_load_formats(&fs, ...);       tracepoint fields
 *	session_file_run(&session, fs.reader, ...);
 *	machine_free(&machine);
 *	file_session_close(&fs);
 */
#ifndef SCRY_FILE_SESSION_H
#define SCRY_FILE_SESSION_H

#include "util/core/tp-format.h"
#include "util/outbuf.h"
#include "util/perfdata/data-file.h"
#include "util/perfdata/portable.h"

struct machine;

struct file_session {
	const char *path;               /* as given, or the default input; not owned */
	struct data_reader *reader;
	struct tp_formats formats;      /* from the file's tracing data (file_session_load_formats) */
	bool formats_loaded;
	bool formats_failed;
	struct portable portable;       /* the file's embedded symbols (file_session_attach) */
};

/* The input when none is given: scry.data, else perf.data when only that
 * one is readable (perf's default), else scry.data (for the message). */
const char *file_session_default_input(void);

/* Open path (NULL: the default input; "-": standard input). -1 with one
 * line in err, "PATH: what is wrong" (with no path and neither default
 * file there, a line naming both and how to make one). */
int file_session_open(struct file_session *fs, const char *path, char *err, size_t errlen);
/* Frees everything (also a zeroed file_session, or one that did not open);
 * after machine_free of a machine given to file_session_attach (its DSOs
 * point into the portable section). */
void file_session_close(struct file_session *fs);

static inline const struct data_header *file_session_header(const struct file_session *fs)
{
	return data_reader_header(fs->reader);
}

/* Something to tell the user although reading goes on, or NULL. */
const char *file_session_note(const struct file_session *fs);

/* The header's features and events, as --header shows them. */
void file_session_print_header(const struct file_session *fs, struct outbuf *ob);

/* Whether an event of the file samples callchains (frame pointers or user
 * stacks), before any sample is read. */
bool file_session_has_callchains(const struct file_session *fs);

/* The event `scry trace record` stores its metadata in
 * (util/trace/trace-meta.h's TRACE_META_EVENT_NAME, which util/perfdata may
 * not include: tests/unit/test-trace-meta.c checks that the two agree). */
#define FILE_SESSION_TRACE_META_EVENT "scry:trace-meta"

/* Whether the file is a syscall trace written by `scry trace record`: its
 * samples are records of scry's BPF tracer that only `scry trace -i`
 * decodes. For a pipe this reads ahead to its first record (kept for the
 * session), so that its events are known. */
bool file_session_is_syscall_trace(struct file_session *fs);

/* For the commands that show a file's samples as samples (report,
 * script): 0 when they can, else -1 after one error line saying what
 * reads the file instead (a syscall trace: `scry trace -i FILE`, not a
 * profile of the BPF tracer's one address). cmd names the command. */
int file_session_check_samples(struct file_session *fs, const char *cmd);

/* Give m the build-ids the file lists and the symbols and unwind tables it
 * carries (util/perfdata/portable.h). 1 attached, 0 none in the file, -1 damaged (err says why;
 * nothing attached: symbols come from this machine's files). */
int file_session_attach(struct file_session *fs, struct machine *m, char *err, size_t errlen);

/* Parse the file's tracepoint formats into fs->formats, once. 1 when they
 * are loaded (now or before); 0 when the file has none (for a pipe: not
 * yet, they come as a record after its events: call again later); -1 when
 * they do not parse, with why in err the first time (later calls return -1
 * at once with err empty, so that a caller warns once). */
int file_session_load_formats(struct file_session *fs, char *err, size_t errlen);

#endif
