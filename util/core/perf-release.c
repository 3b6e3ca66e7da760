#include "util/core/perf-release.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

/* What an fd is, from readlink of /proc/self/fd/N. */
enum fd_kind { FD_OTHER, FD_PERF_EVENT, FD_BPF_LINK };

static enum fd_kind fd_kind(int fd)
{
	static const char perf[] = "anon_inode:[perf_event]", link[] = "anon_inode:bpf_link";
	char path[64], target[64];
	ssize_t n;

	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	n = readlink(path, target, sizeof(target));
	if (n == (ssize_t)sizeof(perf) - 1 && !memcmp(target, perf, sizeof(perf) - 1))
		return FD_PERF_EVENT;
	if (n == (ssize_t)sizeof(link) - 1 && !memcmp(target, link, sizeof(link) - 1))
		return FD_BPF_LINK;
	return FD_OTHER;
}

/* Closes every fd of this process of the given kind but keep. Reads
 * /proc/self/fd with getdents64 into a stack buffer: no allocation, as this
 * runs in a child forked from a process that has threads. */
static void close_fds_of_kind(enum fd_kind kind, int keep)
{
	char buf[4096];
	int dir = open("/proc/self/fd", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	long n;

	if (dir < 0)
		_exit(1);
	while ((n = syscall(SYS_getdents64, dir, buf, sizeof(buf))) > 0) {
		for (long off = 0; off < n;) {
			const struct dirent64 *d = (const struct dirent64 *)(buf + off);
			char *end;
			long fd = strtol(d->d_name, &end, 10);

			off += d->d_reclen;
			if (end == d->d_name || *end || fd == dir || fd == keep)
				continue;
			if (fd_kind((int)fd) == kind)
				close((int)fd);
		}
	}
	close(dir);
}

/* The helper: drops everything but the perf events and BPF links at once (a
 * pipe scry writes into gets its EOF when scry exits, not when the helper
 * does), holds the links and events until the process that started it has
 * exited (its end of the gate pipe closes), then releases the links (each
 * detaches a program: slow, and the programs were told to stop) and the
 * events. Before that scry's own closes must not be the last ones: a link
 * the helper dropped early would make scry's close of it the slow one, and
 * scry wait behind the helper's removals. */
static void __attribute__((noreturn)) release_helper(int gate, int named)
{
	char c;
	ssize_t n;

	/* Named before the caller returns (it waits for this close), so that
	 * perf_release_wait finds it at once: scry probe -d right after a
	 * trace that used the probe. */
	prctl(PR_SET_NAME, PERF_RELEASE_COMM);
	close(named);
	signal(SIGHUP, SIG_IGN);
	signal(SIGINT, SIG_IGN);
	signal(SIGPIPE, SIG_IGN);
	close_fds_of_kind(FD_OTHER, gate);
	do
		n = read(gate, &c, 1);
	while (n > 0 || (n < 0 && errno == EINTR));
	/* One by one rather than at exit: the helper stays visible (ps,
	 * /proc/PID/fd) for as long as the kernel works on it. */
	close_fds_of_kind(FD_BPF_LINK, -1);
	close_fds_of_kind(FD_PERF_EVENT, -1);
	_exit(0);
}

/* Whether a process named PERF_RELEASE_COMM runs (any user's: /proc). */
static bool helper_runs(void)
{
	DIR *proc = opendir("/proc");
	struct dirent *d;
	bool found = false;

	if (!proc)
		return false;
	while (!found && (d = readdir(proc))) {
		char path[64], comm[32];
		ssize_t n;
		int fd;

		if (d->d_name[0] < '1' || d->d_name[0] > '9')
			continue;
		snprintf(path, sizeof(path), "/proc/%s/comm", d->d_name);
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			continue;
		n = read(fd, comm, sizeof(comm) - 1);
		close(fd);
		if (n > 0) {
			comm[n] = '\0';
			found = !strcmp(comm, PERF_RELEASE_COMM "\n");
		}
	}
	closedir(proc);
	return found;
}

int perf_release_wait(unsigned timeout_ms)
{
	/* The helper drops one tracepoint every 30-60 ms: poll at that pace. */
	for (unsigned waited = 0; helper_runs(); waited += 20) {
		if (waited >= timeout_ms)
			return -1;
		usleep(20 * 1000);
	}
	return 0;
}

int perf_release_in_background(void)
{
	int gate[2], named[2], status, e;
	char c;
	pid_t mid;

	if (pipe2(gate, O_CLOEXEC))
		return -1;
	if (pipe2(named, O_CLOEXEC)) {
		e = errno;
		close(gate[0]);
		close(gate[1]);
		errno = e;
		return -1;
	}
	/* Forked twice, so the helper is nobody's child to wait for: the
	 * middle process starts a new session (no terminal signals reach the
	 * helper) and exits at once. */
	mid = fork();
	if (mid == 0) {
		close(gate[1]);
		close(named[0]);
		setsid();
		if (fork() == 0)
			release_helper(gate[0], named[1]);
		_exit(0);
	}
	e = errno;
	close(gate[0]);
	close(named[1]);
	if (mid < 0) {
		close(gate[1]);
		close(named[0]);
		errno = e;
		return -1;
	}
	while (waitpid(mid, &status, 0) < 0 && errno == EINTR)
		;
	/* EOF once the helper has its name (or never started). */
	while (read(named[0], &c, 1) < 0 && errno == EINTR)
		;
	close(named[0]);
	/* gate[1] stays open (close-on-exec) until this process exits. */
	return 0;
}
