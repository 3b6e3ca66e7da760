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
	if (t->argc && (t->pids || t->tids || t->all_cpus)) {
		snprintf(err, errlen, "%s: give either a command or -p/-t/-a, not both", cmd);
		return -1;
	}
	if (!t->argc && !t->pids && !t->tids && !t->all_cpus) {
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
	} else if (t->have_workload) {
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

void target_abort(struct target *t)
{
	if (t->have_workload && !t->wl_exited)
		workload_abort(&t->wl);
}

void target_release(struct target *t)
{
	free(t->procs);
	t->procs = NULL;
	t->nr_procs = t->procs_alive = 0;
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
	per = MIN(per, 8ull << 20);
	per = MAX(per, 256ull << 10);
	while ((u64)pages * 2 * psz <= per)
		pages <<= 1;
	return pages;
}
