/* The probe definition files of tracefs: uprobe_events and kprobe_events.
 *
 * Reading them (for -l, -d and for picking unused event names), writing
 * definitions built from resolved probe points, and deleting events.  A
 * definition is one line of the kernel's syntax:
 *
 *   p:GROUP/EVENT /path/bin:0xOFFSET [NAME=FETCH ...]     uprobe
 *   r:GROUP/EVENT /path/bin:0xOFFSET [NAME=FETCH ...]     uretprobe
 *   p:GROUP/EVENT SYMBOL[+OFF] [NAME=FETCH ...]           kprobe (r: kretprobe)
 *
 * Nothing here keeps global state: every call names the tracefs it works on. */
#ifndef SCRY_PROBE_FILE_H
#define SCRY_PROBE_FILE_H

#include <stdbool.h>
#include <stddef.h>
#include "util/probe/probe-spec.h"
#include "util/core/tracefs.h"
#include "util/types.h"

enum probe_kind { PROBE_UPROBE, PROBE_KPROBE };

/* One definition line, parsed. */
struct probe_def {
	enum probe_kind kind;
	bool ret;
	char *group, *event;
	char *target;           /* uprobes: the binary's path; kprobes: the symbol (or address) */
	u64 offset;             /* uprobes: file offset; kprobes: offset from the symbol */
	char **args;            /* "NAME=FETCH" as written */
	int nr_args;
};

struct probe_defs {
	struct probe_def *v;
	int nr;
};

void probe_def_free(struct probe_def *d);
void probe_defs_free(struct probe_defs *ds);

/* Parse one line of uprobe_events/kprobe_events ("p:g/e target args"). The
 * kernel lists a uprobe's offset as 0x%016lx and a kprobe's place as
 * SYMBOL+OFF; both are accepted. Returns 0, or -1 on a malformed line. */
int probe_def_parse(const char *line, enum probe_kind kind, struct probe_def *d);

/* The definition line (no newline) into buf; returns the length needed. */
size_t probe_def_format(const struct probe_def *d, char *buf, size_t len);

/* Read the definitions of one kind. A missing file gives no definitions and
 * returns 1 (kprobes: the kernel has no CONFIG_KPROBE_EVENTS); lines that do
 * not parse are skipped. Returns 0, 1, or -1 with one line in err. */
int probe_defs_read(const struct tracefs *t, enum probe_kind kind, struct probe_defs *ds,
		    char *err, size_t errlen);

/* Whether a definition file exists under t. */
bool probe_file_exists(const struct tracefs *t, enum probe_kind kind);

/* Whether GROUP/EVENT is taken: defined in either file, or an existing
 * event directory (a tracepoint or another tool's dynamic event). */
bool probe_event_exists(const struct tracefs *t, const struct probe_defs *u,
			const struct probe_defs *k, const char *group, const char *event);

/* Append one definition. On failure returns -1 with one line in err giving
 * the kernel's reason from error_log when it wrote one. */
int probe_def_write(const struct tracefs *t, const struct probe_def *d, char *err, size_t errlen);

/* Delete GROUP/EVENT ("-:GROUP/EVENT"). Returns 0 or -1 with err. */
int probe_event_delete(const struct tracefs *t, enum probe_kind kind, const char *group,
		       const char *event, char *err, size_t errlen);

/* The default group of a uprobe on bin: "probe_" + the basename up to its
 * first character that is not a letter, digit or '_' (perf's rule:
 * /lib/x86_64-linux-gnu/libc.so.6 -> probe_libc). Kprobes: "probe". */
void probe_default_group(const char *bin, char *buf, size_t len);

/* An event name from a function name: cut at the first character not valid
 * in an event name (foo.isra.0 -> foo), "__return" appended for return
 * probes, at most 64 characters. */
void probe_default_event(const char *func, bool ret, char *buf, size_t len);

/* Whether s is a valid group or event name (C identifier, <= 64 chars). */
bool probe_name_valid(const char *s);

#endif
