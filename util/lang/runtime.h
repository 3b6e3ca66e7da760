/* Running a program of the aggregation language live: parse, expand the
 * probes, check, generate BPF, create the maps, load and attach, run BEGIN,
 * print what the programs send until the end (Ctrl-C, SIGTERM, exit(), the
 * command or the -p process ending), then END and the maps.
 *
 * Nothing outlives the run: the probes are perf events and BPF links owned
 * by this process (no uprobe_events entries), the maps and programs go with
 * their fds. */
#ifndef SCRY_LANG_RUNTIME_H
#define SCRY_LANG_RUNTIME_H

#include <stddef.h>
#include <stdio.h>

#include "util/types.h"

struct target;
struct lang_bcc_layout;

struct lang_run_opts {
	const char *text;               /* the program */
	size_t len;
	const char *file;               /* "-e" or the file it came from, for messages */
	const char *const *positional;  /* $1.. */
	int npositional;
	struct target *target;          /* -p PID or -- CMD (checked, not yet prepared); NULL: system-wide */
	int verbose;                    /* -v: the instructions and the verifier's statistics on stderr */
	u32 map_entries;                /* keys per map (0: the default) */
	u32 ringbuf_kb;                 /* the event ring (0: the default) */
	bool dry_run;                   /* -d: check and generate, load nothing */
	bool unsafe;                    /* --unsafe: system() may run commands */
	bool json;                      /* -f json: bpftrace's JSON lines */
	bool quiet;                     /* -q: no "Attaching N probes..." */
	const char *folded;             /* --folded FILE: maps keyed by stacks as folded stacks */
	const char *flamegraph;         /* --flamegraph FILE.svg: the same as a flame graph */
	const char *file_label;         /* the flame graph's subtitle (the program, shortened) */
	u64 interval_ms;                /* --interval: print and clear every map this often (0: at the end) */
	u64 count;                      /* --count: stop after this many interval prints (0: no limit) */
	u64 top;                        /* --top: only the top N entries of each map (0: all) */
	bool keep_maps;                 /* with interval_ms: print without clearing (argdist's -c) */
	const struct lang_bcc_layout *bcc; /* bcc's argdist/stackcount layouts (output-bcc.h); NULL: bpftrace's */
};

#define LANG_DEFAULT_MAP_ENTRIES 4096   /* as bpftrace's BPFTRACE_MAP_KEYS_MAX */
/* The event ring: large when probes print as they fire (printf, time,
 * print of a value), small when only maps, exit() and BEGIN/END speak
 * (its pages are mapped, so its size is resident memory). */
#define LANG_DEFAULT_RINGBUF_KB  4096
#define LANG_QUIET_RINGBUF_KB    64

/* Returns the exit status (0 on a normal end), or -1 with the error (one
 * line, or the program's line and a caret under the place) in err. */
int lang_run(const struct lang_run_opts *o, char *err, size_t errlen);

/* lang_run over -p PIDS or the command cmd[0..ncmd) (neither: the whole
 * system), checked as the targets of command `who`: the exit status, -1
 * with the error in err, or LANG_RUN_USAGE with it when the targets are a
 * usage error (the caller prints its usage). o->target is its own. */
#define LANG_RUN_USAGE (-2)
int lang_run_targets(struct lang_run_opts *o, const char *pids, const char **cmd, int ncmd, const char *who,
		     char *err, size_t errlen);

#endif
