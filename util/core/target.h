/* What a live command observes and until when: a workload it starts
 * (-- CMD), running processes (-p PID[,PID]) or threads (-t TID[,TID]), or
 * the whole system (-a), optionally on some cpus (-C); the stop signals
 * (Ctrl-C, SIGTERM, SIGHUP) and the end of the workload or of the targets;
 * and the size of the per-cpu rings (-m). Shared by record, trace and the
 * aggregation language's live runtime, so that all of them accept the same
 * targets with the same messages and stop for the same reasons.
 *
 * The life of a target:
 *
 *	struct target t = { .pids = ..., .argv = ..., .argc = ... };
 *	target_check(&t, "record", "record", err, len);    options make sense
 *	target_prepare(&t, false, err, len);    fork the workload (stopped before exec)
 *	target_signals_install();
 *	target_maps(&t, &cpus, &threads, err, len);     -> evlist_set_target
 *	... open and map events (target_ring_pages) ...
 *	target_start(&t, err, len);             let the workload exec
 *	while (!target_done(&t)) ...;
 *	rc = target_exit_code(&t);
 *	if (failed) target_abort(&t);
 *	target_release(&t);
 */
#ifndef SCRY_TARGET_H
#define SCRY_TARGET_H

#include <stdbool.h>
#include <sys/types.h>

#include "util/core/cpumap.h"
#include "util/core/workload.h"
#include "util/types.h"

/* Counting from from_ms to to_ms (UINT64_MAX: to the end). */
struct count_window {
	u64 from_ms, to_ms;
};

struct target {
	/* What was asked; the command's options point here. */
	const char *pids;               /* -p PID[,PID]: these processes, every thread */
	const char *tids;               /* -t TID[,TID]: these threads */
	const char *cpus;               /* -C CPUS (default: the online cpus) */
	bool all_cpus;                  /* -a: every process */
	const char *const *argv;        /* -- CMD ARGS: the workload, NULL-terminated */
	int argc;                       /* words in argv; 0: no workload */
	int mmap_pages;                 /* -m PAGES; 0: target_ring_pages' default */
	/* Set by record, as perf has it: a command given with -p/-t/-a/-C
	 * only bounds the run (`-a -- sleep 1`), its own events are not
	 * targeted; and -C alone names a target (every process on those
	 * cpus). Without it, a command excludes -p/-t/-a. */
	bool command_bounds_run;
	/* -D: when events count, in ms since the start of the run (the
	 * workload's start, or the events' opening); none: always. */
	struct count_window *windows;
	int nr_windows;

	/* The workload, once target_prepare forked it. */
	struct workload wl;
	bool have_workload;
	bool wl_exited;                 /* reaped by target_done */
	int wl_status;                  /* its wait status then */

	/* The -p or -t ids (target_maps), each -1 once gone. */
	pid_t *procs;
	int nr_procs;
	int procs_alive;
	u64 alive_checked_ns;           /* when /proc was last looked at */
};

/* The options name one kind of target: a command, or one of -p, -t, -a
 * (with command_bounds_run: one of -p, -t, -a, -C, and maybe a command
 * too). -1 with one line in err ("CMD: nothing to VERB: give a command,
 * ... (scry CMD -h)") otherwise. */
int target_check(const struct target *t, const char *cmd, const char *verb, char *err, size_t errlen);

/* Fork the workload, if there is one, stopped before its exec: it inherits
 * nothing opened after this, and events can be attached to it before it
 * runs. stdout_to_stderr: our stdout carries data (record -o -), the
 * workload's stdout goes to stderr. -1 with one line in err. */
int target_prepare(struct target *t, bool stdout_to_stderr, char *err, size_t errlen);

/* Are the events opened per cpu on every process (-a, or -C with
 * command_bounds_run), rather than on chosen processes or threads? */
bool target_cpu_wide(const struct target *t);
/* Are the events opened on the workload (a command and no other target)? */
bool target_follows_workload(const struct target *t);

/* The cpus and threads to open events on (for evlist_set_target, which
 * takes them over): -C's cpus or the online ones; -p's processes (all their
 * threads), -t's threads, the workload (target_follows_workload), or any
 * thread. Also parses -p/-t
 * into t->procs. -1 with one line in err (a pid that does not exist, a
 * malformed list). */
int target_maps(struct target *t, struct cpumap *cpus, struct threadmap *threads, char *err, size_t errlen);

/* Let the workload exec (events with enable_on_exec start counting then).
 * -1 with one line in err when the exec failed; the workload is gone then. */
int target_start(struct target *t, char *err, size_t errlen);

/* SIGINT, SIGTERM and SIGHUP ask the command to stop (they interrupt a
 * poll); SIGPIPE is ignored, so that a closed output is a write error the
 * command reports rather than a silent death. */
void target_signals_install(void);
/* The stop signal received, 0 if none. The one piece of process-wide
 * state here: a signal reaches the process, not a target. */
int target_stop_signal(void);

/* Time to stop: a stop signal came, the workload exited (it is reaped and
 * its status kept), or every -p/-t target is gone (looked for in /proc at
 * most ten times a second; a zombie counts as gone). */
bool target_done(struct target *t);
/* A -p/-t target is known to be gone (a tracer saw it exit). */
void target_gone(struct target *t, pid_t pid);

/* The exit status a shell would give the command: the workload's (its code,
 * or 128+N when signal N killed it), 128+N when stop signal N ended the run
 * before the workload did, 0 without a workload. */
int target_exit_code(const struct target *t);

/* Stopped by a signal while the workload still runs: end it as perf does,
 * with SIGTERM, and reap it (its status kept as target_done keeps it). A
 * workload that ignores SIGTERM is killed once a second stop signal comes.
 * Nothing to do without a workload or once it exited. */
void target_stop_workload(struct target *t);

/* After a failure: kill a workload that was forked and has not exited (one
 * that never ran exits without exec'ing), and reap it. */
void target_abort(struct target *t);
void target_release(struct target *t);

/* -D, as perf takes it: MS (count from MS ms after the start) or ranges
 * "A-B,C-D" (count from A to B ms, then from C to D, then no more), into
 * t->windows. perf's -1 (start disabled, for its --control) is refused:
 * scry has no control channel to enable events later. -1 with one line in
 * err on a malformed value. */
int target_parse_delay(struct target *t, const char *arg, char *err, size_t errlen);
/* Whether events count elapsed_ms after the start, and in *next_ms the ms
 * until that changes (-1: never). Always counting without -D. */
bool target_counting_at(const struct target *t, u64 elapsed_ms, long *next_ms);

/* Ring buffer pages per cpu for nr_cpus cpus (a power of two). -m PAGES is
 * rounded up to a power of two. The default shares a 64 MiB budget between
 * the cpus, at least 256 KiB and at most 8 MiB per cpu: 8 MiB up to 8 cpus,
 * less above, so that bursts of callchains, stack copies and syscall
 * records fit without the total growing with the machine. Without
 * CAP_IPC_LOCK (and perf_event_paranoid above -1), what the kernel lets a
 * user lock: kernel.perf_event_mlock_kb per cpu, header page included. */
unsigned target_ring_pages(const struct target *t, int nr_cpus);

#endif
