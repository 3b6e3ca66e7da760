/* Attaching a program's loaded BPF programs to their places
 * (struct lang_attach, from probes.c) through perf events, and detaching
 * them: nothing is written to tracefs (uprobes and kprobes go through the
 * uprobe and kprobe PMUs), so nothing outlives scry.
 *
 * Each attachment gets a BPF link (bpf_link_create, BPF_PERF_EVENT) whose
 * cookie is the attachment's index in lang_program.attaches: that is what
 * `probe` and `func` read with bpf_get_attach_cookie(). Without links (a
 * kernel before 5.15), PERF_EVENT_IOC_SET_BPF attaches without a cookie.
 *
 * Where the perf events go:
 *   tracepoint, kprobe   one event (pid -1, the first CPU): a program on one
 *                        of these runs for every hit on every CPU (it hangs
 *                        off the kernel's event, not the perf event), and the
 *                        kernel refuses the same program twice on one
 *                        tracepoint (EEXIST), so one per CPU cannot work
 *   uprobe, system-wide  one event (pid -1, the first CPU), for the same
 *                        reason: each uprobe PMU event is a probe of its own,
 *                        and N of them would run the program N times a call
 *   uprobe, with a pid   one event on the process (cpu -1): the kernel places
 *                        the uprobe in that process's memory only and runs the
 *                        program for all its threads, present and future. Per
 *                        thread events would run it once per thread per call,
 *                        and inherit=1 hangs the traced process while the
 *                        event exists (Linux 6.18, measured); so to follow
 *                        children (-- CMD) the uprobe is system-wide and the
 *                        program filters
 *   profile, software    one event per CPU (pid -1), each with the program
 *   interval             one event, on the first CPU
 *   BEGIN, END           none: the runtime runs them itself
 * The programs filter by pid themselves. */
#ifndef SCRY_LANG_ATTACH_H
#define SCRY_LANG_ATTACH_H

#include <stddef.h>
#include <sys/types.h>

#include "util/lang/program.h"

struct cpumap;
struct perf_event_attr;

struct lang_target {
	pid_t pid;                      /* -p PID or the started command; 0: system-wide */
	const struct cpumap *cpus;      /* where per-CPU events go; NULL: the online CPUs */
	bool follow_children;           /* the started command's children too */
	/* Which attachments: all (0), all but the interval timers (1), or
	 * only those (2): timers start after BEGIN, so their first firing is
	 * a whole period after it, while BEGIN already sees the events. */
	int timers;
};

struct lang_link {
	int attach;                     /* index in lang_program.attaches */
	int cpu;                        /* of the perf event; -1: any */
	int perf_fd;
	int link_fd;                    /* -1: attached with PERF_EVENT_IOC_SET_BPF */
};

struct lang_links {
	struct lang_link *v;
	int nr, cap;
	bool no_cookies;                /* links were unavailable: bpf_get_attach_cookie() reads 0 */
	bool has_tracepoint;            /* slow to release (lang_links_release_in_background) */
};

/* Open and attach every attachment of p but BEGIN/END (p->progs[a->prog].fd
 * must be loaded), adding the fds to l (zeroed by the caller). need_cookies:
 * the programs read `probe` or `func`, so attaching without links is an
 * error rather than a fallback. On error, one line naming the probe and the
 * kernel's reason ("no permission...: run as root (or with CAP_PERFMON and
 * CAP_BPF), or lower kernel.perf_event_paranoid"), and l is closed. */
int lang_attach_all(struct lang_links *l, const struct lang_program *p, const struct lang_target *t,
		    bool need_cookies, char *err, size_t errlen);

/* The perf_event_attr attachment a opens (the definition, testable without
 * attaching). Uprobes and kprobes read their PMU's type and retprobe bit
 * under $SCRY_SYSFS (default /sys)/bus/event_source/devices; config1 then
 * points into a's strings (a must outlive the attr's use). Returns 0, or -1
 * with one line in err ("kprobe:vfs_read: this kernel has no kprobes (no
 * kprobe PMU in /sys/bus/event_source/devices; CONFIG_KPROBE_EVENTS is off)"). */
int lang_attach_perf_attr(const struct lang_attach *a, struct perf_event_attr *attr, char *err, size_t errlen);

/* At exit, after the last output: stop every event and, when tracepoints
 * are among them, hand them to the background releaser
 * (util/core/perf-release.h) so that closing them costs scry nothing.
 * lang_links_close() still follows. */
void lang_links_release_in_background(struct lang_links *l);

/* Detach and close everything (closing the perf events detaches). */
void lang_links_close(struct lang_links *l);

#endif
