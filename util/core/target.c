#include "util/core/target.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* Set by SIGINT/SIGTERM/SIGHUP (see target_stop_signal). */
static volatile sig_atomic_t stop_signal;

static void on_stop_signal(int sig) { stop_signal = sig; }

static u64 now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (u64)ts.tv_sec * NSEC_PER_SEC + (u64)ts.tv_nsec;
}

int target_check(const struct target *t, const char *cmd, const char *verb, char *err, size_t errlen)
{
	bool other = t->pids || t->tids || t->all_cpus || (t->command_bounds_run && t->cpus);

	if (t->argc && other && !t->command_bounds_run) {
		snprintf(err, errlen, "%s: give either a command or -p/-t/-a, not both", cmd);
		return -1;
	}
	if (!t->argc && !other) {
		snprintf(err, errlen, "%s: nothing to %s: give a command, -p PID, -t TID or -a (scry %s -h)", cmd,
			 verb, cmd);
		return -1;
	}
	if ((t->pids != NULL) + (t->tids != NULL) + t->all_cpus > 1) {
		snprintf(err, errlen, "%s: -p, -t and -a exclude each other", cmd);
		return -1;
	}
	return 0;
}

int target_prepare(struct target *t, bool stdout_to_stderr, char *err, size_t errlen)
{
	if (!t->argc)
		return 0;
	t->wl.stdout_to_stderr = stdout_to_stderr;
	if (workload_prepare(&t->wl, (char *const *)t->argv, err, errlen))
		return -1;
	t->have_workload = true;
	return 0;
}

bool target_cpu_wide(const struct target *t)
{
	if (t->pids || t->tids)
		return false;
	return t->all_cpus || (t->command_bounds_run && t->cpus);
}

bool target_follows_workload(const struct target *t)
{
	return t->have_workload && !t->pids && !t->tids && !target_cpu_wide(t);
}

int target_maps(struct target *t, struct cpumap *cpus, struct threadmap *threads, char *err, size_t errlen)
{
	const char *list = t->pids ? t->pids : t->tids;

	if (list && !t->procs) {
		int n = parse_pid_list(list, &t->procs, err, errlen);
		if (n < 0)
			return -1;
		t->nr_procs = t->procs_alive = n;
	}
	if (t->cpus) {
		if (cpumap_parse(cpus, t->cpus, err, errlen))
			return -1;
	} else if (cpumap_online(cpus)) {
		snprintf(err, errlen, "cannot read the online cpus");
		return -1;
	}
	memset(threads, 0, sizeof(*threads));
	if (t->pids) {
		if (threadmap_from_pids(threads, t->pids, err, errlen))
			goto fail;
	} else if (t->tids) {
		if (threadmap_from_tids(threads, t->tids, err, errlen))
			goto fail;
	} else if (target_follows_workload(t)) {
		if (threadmap_add(threads, t->wl.pid, t->wl.pid)) {
			snprintf(err, errlen, "out of memory");
			goto fail;
		}
	} else {
		threadmap_any(threads);
	}
	return 0;
fail:
	cpumap_free(cpus);
	return -1;
}

int target_start(struct target *t, char *err, size_t errlen)
{
	if (!t->have_workload)
		return 0;
	if (workload_start(&t->wl, t->argv[0], err, errlen)) {
		t->have_workload = false;
		return -1;
	}
	return 0;
}

void target_signals_install(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
}

int target_stop_signal(void)
{
	return stop_signal;
}

/* Exited: no such process, or a zombie its parent has not reaped yet
 * (kill(pid, 0) still succeeds on those). */
static bool process_gone(pid_t pid)
{
	char path[64], buf[512];
	const char *p;
	ssize_t n;
	int fd;

	if (kill(pid, 0) && errno == ESRCH)
		return true;
	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return false;
	buf[n] = '\0';
	p = strrchr(buf, ')');          /* the comm may hold spaces and parens */
	return p && p[1] == ' ' && (p[2] == 'Z' || p[2] == 'X');
}

void target_gone(struct target *t, pid_t pid)
{
	for (int i = 0; i < t->nr_procs; i++)
		if (t->procs[i] == pid) {
			t->procs[i] = -1;
			t->procs_alive--;
		}
}

static bool procs_alive(struct target *t)
{
	/* A tracer may report exits (target_gone), but not those of a target
	 * that exited while it was being attached: every target is also
	 * looked at in /proc, at most ten times a second. */
	u64 now = now_ns();

	if (now - t->alive_checked_ns >= 100000000ull) {
		t->alive_checked_ns = now;
		for (int i = 0; i < t->nr_procs; i++)
			if (t->procs[i] > 0 && process_gone(t->procs[i]))
				target_gone(t, t->procs[i]);
	}
	return t->procs_alive > 0;
}

bool target_done(struct target *t)
{
	if (stop_signal)
		return true;
	if (t->have_workload && !t->wl_exited && waitpid(t->wl.pid, &t->wl_status, WNOHANG) == t->wl.pid) {
		t->wl_exited = true;
		return true;
	}
	return t->nr_procs && !procs_alive(t);
}

int target_exit_code(const struct target *t)
{
	if (!t->have_workload)
		return 0;
	if (!t->wl_exited && stop_signal)
		return 128 + stop_signal;
	return t->wl_exited ? wait_status_exit_code(t->wl_status) : 0;
}

void target_stop_workload(struct target *t)
{
	int sig = SIGTERM, seen = stop_signal;

	if (!t->have_workload || t->wl_exited)
		return;
	stop_signal = 0;
	kill(t->wl.pid, sig);
	for (;;) {
		pid_t r = waitpid(t->wl.pid, &t->wl_status, WNOHANG);

		if (r == t->wl.pid || (r < 0 && errno == ECHILD)) {
			t->wl_exited = r == t->wl.pid;
			break;
		}
		if (stop_signal && sig != SIGKILL) {
			/* Asked twice: it ignores SIGTERM. */
			sig = SIGKILL;
			kill(t->wl.pid, sig);
		}
		usleep(10000);
	}
	/* The run still ended on the first signal. */
	stop_signal = seen;
}

void target_abort(struct target *t)
{
	if (t->have_workload && !t->wl_exited)
		workload_abort(&t->wl);
}

/* One decimal number of ms from *p, advancing it. */
static int parse_ms(const char **p, u64 *ms)
{
	char *end;
	unsigned long long v;

	if (**p < '0' || **p > '9')
		return -1;
	errno = 0;
	v = strtoull(*p, &end, 10);
	if (errno || v > UINT32_MAX)
		return -1;
	*ms = v;
	*p = end;
	return 0;
}

int target_parse_delay(struct target *t, const char *arg, char *err, size_t errlen)
{
	const char *p = arg;
	struct count_window *w = NULL;
	int n = 0;

	if (!strcmp(arg, "-1")) {
		snprintf(err, errlen,
			 "record: -D -1 (start disabled) needs perf's --control to enable the events, which scry does not have");
		return -1;
	}
	for (;;) {
		struct count_window win = { 0, UINT64_MAX };
		struct count_window *nw;

		if (parse_ms(&p, &win.from_ms))
			goto bad;
		if (*p == '-') {
			p++;
			if (parse_ms(&p, &win.to_ms) || win.to_ms <= win.from_ms)
				goto bad;
		} else if (n || *p) {
			goto bad;       /* a lone MS is the whole value */
		}
		if (n && win.from_ms < w[n - 1].to_ms)
			goto bad;       /* ranges in order, not overlapping */
		nw = realloc(w, (size_t)(n + 1) * sizeof(*w));
		if (!nw) {
			snprintf(err, errlen, "out of memory");
			free(w);
			return -1;
		}
		w = nw;
		w[n++] = win;
		if (!*p)
			break;
		if (*p++ != ',' || win.to_ms == UINT64_MAX)
			goto bad;
	}
	free(t->windows);
	t->windows = w;
	t->nr_windows = n;
	return 0;
bad:
	free(w);
	snprintf(err, errlen, "record: -D takes MS or ascending ranges MS-MS[,MS-MS...], not '%s'", arg);
	return -1;
}

bool target_counting_at(const struct target *t, u64 elapsed_ms, long *next_ms)
{
	*next_ms = -1;
	if (!t->nr_windows)
		return true;
	for (int i = 0; i < t->nr_windows; i++) {
		const struct count_window *w = &t->windows[i];

		if (elapsed_ms < w->from_ms) {
			*next_ms = (long)(w->from_ms - elapsed_ms);
			return false;
		}
		if (elapsed_ms < w->to_ms) {
			if (w->to_ms != UINT64_MAX)
				*next_ms = (long)(w->to_ms - elapsed_ms);
			return true;
		}
	}
	return false;
}

void target_release(struct target *t)
{
	free(t->windows);
	t->windows = NULL;
	t->nr_windows = 0;
	free(t->procs);
	t->procs = NULL;
	t->nr_procs = t->procs_alive = 0;
}

/* An integer sysctl under /proc/sys, or dflt when it cannot be read. */
static long read_sysctl(const char *path, long dflt)
{
	FILE *f = fopen(path, "re");
	long v;

	if (!f)
		return dflt;
	if (fscanf(f, "%ld", &v) != 1)
		v = dflt;
	fclose(f);
	return v;
}

/* May this process lock more ring memory than kernel.perf_event_mlock_kb
 * per cpu? The kernel allows it with CAP_IPC_LOCK or when
 * perf_event_paranoid is -1. */
static bool may_lock_past_mlock_kb(void)
{
	char line[256];
	bool yes = false;
	FILE *f;

	if (read_sysctl("/proc/sys/kernel/perf_event_paranoid", 2) < 0)
		return true;
	f = fopen("/proc/self/status", "re");
	if (!f)
		return geteuid() == 0;
	while (fgets(line, sizeof(line), f)) {
		unsigned long long caps;

		if (sscanf(line, "CapEff: %llx", &caps) == 1) {
			yes = caps & (1ull << 14);      /* CAP_IPC_LOCK */
			break;
		}
	}
	fclose(f);
	return yes;
}

unsigned target_ring_pages(const struct target *t, int nr_cpus)
{
	u64 psz = (u64)sysconf(_SC_PAGESIZE);
	u64 per = (64ull << 20) / (u64)(nr_cpus > 0 ? nr_cpus : 1);
	unsigned pages = 1;

	if (t->mmap_pages > 0) {
		while (pages < (unsigned)t->mmap_pages)
			pages <<= 1;
		return pages;
	}
	if (!may_lock_past_mlock_kb()) {
		/* The kernel's budget: perf_event_mlock_kb per cpu, each ring
		 * also taking a header page (perf's default then too). */
		u64 kb = (u64)read_sysctl("/proc/sys/kernel/perf_event_mlock_kb", 516);

		while ((u64)(pages * 2 + 1) * psz <= kb * 1024)
			pages <<= 1;
		return pages;
	}
	per = MIN(per, 8ull << 20);
	per = MAX(per, 256ull << 10);
	while ((u64)pages * 2 * psz <= per)
		pages <<= 1;
	return pages;
}
