/* Probes as written -> the places they attach to (util/lang/program.h's
 * struct lang_attach): globs expanded, libraries found by name, functions
 * placed by file offset, tracepoint formats read. And the listing of
 * `scry list 'tracepoint:sched:*'` (bpftrace -l's patterns), from the same
 * expansion.
 *
 *   BEGIN, END                      one attachment each
 *   tracepoint:SUB:NAME             one per matching tracefs event (globs in
 *                                   both parts), with its id and fields
 *   uprobe/uretprobe:BIN:FUNC[+OFF] BIN a path, a library ("libc") or a program
 *                                   on $PATH (util/symbols/binpath.h); one per
 *                                   matching function address: aliases
 *                                   (malloc, __libc_malloc) attach once
 *   kprobe/kretprobe:FUNC[+OFF]     one per matching kernel function
 *                                   (available_filter_functions, else kallsyms)
 *   profile:hz|s|ms|us:N            cpu-clock on every CPU (a rate or a period)
 *   interval:s|ms|us|hz:N           cpu-clock on one CPU, by period
 *   software:EVENT[:PERIOD]         perf's software events and bpftrace's aliases
 *
 * Within one glob, attachments are ordered by name (as bpftrace orders its
 * matches); blocks and their probes keep the program's order. */
#ifndef SCRY_LANG_PROBES_H
#define SCRY_LANG_PROBES_H

#include <stddef.h>

#include "util/lang/program.h"

struct tracefs;
struct tp_formats;

struct lang_probes_env {
	const struct tracefs *tracefs;  /* tracepoints, available_filter_functions; NULL: none */
	struct tp_formats *formats;     /* parsed formats (shared with the caller);
	                                 * NULL: a private one over tracefs, for this call */
	const char *kallsyms;           /* kernel functions when tracefs has no readable
	                                 * available_filter_functions; NULL: kallsyms_default_path() */
	struct lang_loc *err_loc;       /* optional, out: the failing probe's place in the program */
};

/* Fill p->attaches / p->nattaches from p->ast's blocks. Every error is one
 * line naming the probe as written ("tracepoint:sched:sched_swich: no
 * tracepoint sched:sched_swich (did you mean: sched:sched_switch?)"); then
 * p->attaches is left empty. Strings and fields are malloc'd: release them
 * with lang_attaches_release() (program.h). */
int lang_probes_resolve(struct lang_program *p, const struct lang_probes_env *env, char *err, size_t errlen);

/* ---- listing (scry list) --------------------------------------------------------------- */

/* Whether text is a bpftrace-style probe pattern: it starts with a probe
 * type and a colon ("tracepoint:", "t:", "uprobe:", "u:", "kprobe:",
 * "software:", "profile:", ...). */
bool lang_probes_is_pattern(const char *text);

/* Every probe pattern names, in bpftrace -l's form and order (sorted,
 * unique): "tracepoint:sched:sched_switch",
 * "uprobe:/usr/lib/x86_64-linux-gnu/libc.so.6:malloc", "kprobe:vfs_read",
 * "software:page-faults:", "profile:hz:". The part after the type is a glob
 * over "SUB:NAME" for tracepoints (so '*' also crosses the colon), over the
 * function names for uprobes ("uprobe:libc:*alloc*"; the binary is
 * resolved, not globbed) and kprobes. fn is called once per name; a
 * non-zero return stops the walk. Returns the number of names (0: none
 * matched), or -1 with one line in err. */
int lang_probes_list(const char *pattern, const struct lang_probes_env *env,
		     int (*fn)(const char *name, void *arg), void *arg, char *err, size_t errlen);

/* What a listed probe takes, as bpftrace -lv shows it: one "    TYPE NAME"
 * line per tracepoint field (from its format) or uprobe parameter (from the
 * binary's DWARF), written to out (at most outlen bytes). 0, or -1 with
 * one line in err (no format, no DWARF); other types take nothing. */
int lang_probes_describe(const char *name, const struct lang_probes_env *env, char *out, size_t outlen, char *err,
			 size_t errlen);

/* One field of a tracepoint format as the language reads it (int sizes
 * from the C type, strings, pointers into user memory for syscalls), for
 * the offline evaluator's probes over a data file's own formats. Strings
 * in out are malloc'd. -1 on ENOMEM. */
struct tep_format_field;
int lang_probes_tp_field(const struct tep_format_field *f, bool syscalls, struct lang_tp_field *out);

/* ---- tables ---------------------------------------------------------------------------- */

/* A software event of software:EVENT[:PERIOD]: perf's name, the alias
 * bpftrace or perf also accepts, and bpftrace's default period. */
struct lang_sw_event {
	const char *name;
	const char *alias;      /* NULL: none */
	u32 config;             /* PERF_COUNT_SW_* */
	u64 default_period;
};

/* By name or alias; NULL when unknown. */
const struct lang_sw_event *lang_probes_sw_event(const char *name);

#endif
