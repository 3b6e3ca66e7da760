/* Unit tests for util/trace/fdtable, which turns fd arguments into paths
 * ("3</etc/hostname>").  With live=false it must work from the traced
 * results alone and never touch /proc (a data file replayed on another
 * machine); with live=true it learns descriptors from /proc, once each. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <fcntl.h>
#include <limits.h>
#include <sys/socket.h>
#include <unistd.h>

#include "util/trace/fdtable.h"

#define PID 4321

static void assert_path(struct fdtables *t, pid_t pid, int fd, const char *want)
{
	const char *got = fdtables_path(t, pid, fd);

	if (!want) {
		if (got)
			fail_msg("fd %d of %d: expected no path, got '%s'", fd, (int)pid, got);
		return;
	}
	if (!got)
		fail_msg("fd %d of %d: expected '%s', got none", fd, (int)pid, want);
	assert_string_equal(got, want);
}

/* ---- replay (no /proc) ----------------------------------------------------------- */

static void test_open_close(void **state)
{
	struct fdtables t;

	fdtables_init(&t, false);
	fdtables_open(&t, PID, 3, AT_FDCWD, "/etc/hostname", false);
	assert_path(&t, PID, 3, "/etc/hostname");

	/* Relative to a directory descriptor whose path is known. */
	fdtables_open(&t, PID, 4, AT_FDCWD, "/var/log", false);
	fdtables_open(&t, PID, 5, 4, "syslog", false);
	assert_path(&t, PID, 5, "/var/log/syslog");
	/* A trailing slash on the directory is not doubled. */
	fdtables_open(&t, PID, 6, AT_FDCWD, "/", false);
	fdtables_open(&t, PID, 7, 6, "etc", false);
	assert_path(&t, PID, 7, "/etc");
	/* An absolute path ignores dirfd. */
	fdtables_open(&t, PID, 8, 4, "/tmp/x", false);
	assert_path(&t, PID, 8, "/tmp/x");
	/* Unknown cwd and unknown dirfd: the path as the program gave it. */
	fdtables_open(&t, PID, 9, AT_FDCWD, "rel/file", false);
	assert_path(&t, PID, 9, "rel/file");
	fdtables_open(&t, PID, 10, 77, "other", false);
	assert_path(&t, PID, 10, "other");

	/* Reopening a number replaces the old path. */
	fdtables_open(&t, PID, 3, AT_FDCWD, "/etc/passwd", false);
	assert_path(&t, PID, 3, "/etc/passwd");

	/* Closed: no longer known, and (without /proc) not guessed. */
	fdtables_close(&t, PID, 3);
	assert_path(&t, PID, 3, NULL);
	fdtables_close(&t, PID, 3);             /* twice: harmless */
	fdtables_close(&t, 999, 3);             /* unknown process: harmless */
	/* Tables are per process. */
	assert_path(&t, PID + 1, 5, NULL);
	/* Negative descriptors never have a path. */
	assert_path(&t, PID, -1, NULL);
	assert_path(&t, PID, AT_FDCWD, NULL);
	/* Something the trace could not name (a socket) stays unnamed. */
	fdtables_unknown(&t, PID, 11, false);
	assert_path(&t, PID, 11, NULL);

	assert_int_equal(t.proc_reads, 0);
	fdtables_release(&t);
}

static void test_dup(void **state)
{
	struct fdtables t;

	fdtables_init(&t, false);
	fdtables_open(&t, PID, 3, AT_FDCWD, "/etc/hostname", false);
	fdtables_open(&t, PID, 5, AT_FDCWD, "/etc/passwd", false);
	/* dup: a copy, independent of the original. */
	fdtables_dup(&t, PID, 3, 4, false);
	assert_path(&t, PID, 4, "/etc/hostname");
	fdtables_close(&t, PID, 3);
	assert_path(&t, PID, 4, "/etc/hostname");
	/* dup2 over an open descriptor replaces it. */
	fdtables_dup(&t, PID, 4, 5, false);
	assert_path(&t, PID, 5, "/etc/hostname");
	/* dup of something unknown: the target is unknown too, not stale. */
	fdtables_dup(&t, PID, 42, 5, false);
	assert_path(&t, PID, 5, NULL);
	assert_int_equal(t.proc_reads, 0);
	fdtables_release(&t);
}

static void test_cloexec_exec(void **state)
{
	struct fdtables t;

	fdtables_init(&t, false);
	fdtables_open(&t, PID, 3, AT_FDCWD, "/a", false);
	fdtables_open(&t, PID, 4, AT_FDCWD, "/b", true);        /* O_CLOEXEC */
	fdtables_open(&t, PID, 5, AT_FDCWD, "/c", false);
	fdtables_set_cloexec(&t, PID, 5, true);                 /* fcntl FD_CLOEXEC */
	fdtables_open(&t, PID, 6, AT_FDCWD, "/d", true);
	fdtables_set_cloexec(&t, PID, 6, false);                /* cleared again */
	fdtables_dup(&t, PID, 3, 7, true);                      /* dup3 O_CLOEXEC */
	fdtables_set_cloexec(&t, PID, 99, true);                /* unknown fd: no-op */
	fdtables_exec(&t, PID);
	assert_path(&t, PID, 3, "/a");
	assert_path(&t, PID, 4, NULL);
	assert_path(&t, PID, 5, NULL);
	assert_path(&t, PID, 6, "/d");
	assert_path(&t, PID, 7, NULL);
	fdtables_exec(&t, 999);                                 /* unknown process */
	assert_int_equal(t.proc_reads, 0);
	fdtables_release(&t);
}

static void test_fork_exit(void **state)
{
	struct fdtables t;

	fdtables_init(&t, false);
	fdtables_open(&t, PID, 3, AT_FDCWD, "/parent/file", true);
	fdtables_open(&t, PID, 4, AT_FDCWD, "/shared", false);
	fdtables_fork(&t, PID, 5000);
	assert_path(&t, 5000, 3, "/parent/file");
	assert_path(&t, 5000, 4, "/shared");
	/* The child's table is a copy: changes on either side stay there. */
	fdtables_close(&t, 5000, 4);
	fdtables_open(&t, PID, 6, AT_FDCWD, "/parent/only", false);
	assert_path(&t, PID, 4, "/shared");
	assert_path(&t, 5000, 4, NULL);
	assert_path(&t, 5000, 6, NULL);
	/* cloexec is copied too: the child's exec drops 3, the parent keeps it. */
	fdtables_exec(&t, 5000);
	assert_path(&t, 5000, 3, NULL);
	assert_path(&t, PID, 3, "/parent/file");

	/* Exit frees the table; a recycled pid starts empty. */
	fdtables_exit(&t, PID);
	assert_path(&t, PID, 4, NULL);
	assert_path(&t, PID, 6, NULL);
	fdtables_exit(&t, PID);                 /* twice: harmless */
	/* A fork onto a pid that still has a (stale) table replaces it. */
	fdtables_open(&t, 6000, 9, AT_FDCWD, "/stale", false);
	fdtables_open(&t, 7000, 3, AT_FDCWD, "/fresh", false);
	fdtables_fork(&t, 7000, 6000);
	assert_path(&t, 6000, 3, "/fresh");
	assert_path(&t, 6000, 9, NULL);
	/* Fork from an unknown parent: the child has nothing yet. */
	fdtables_fork(&t, 12345, 12346);
	assert_path(&t, 12346, 0, NULL);
	assert_int_equal(t.proc_reads, 0);
	fdtables_release(&t);
}

static void test_close_range(void **state)
{
	struct fdtables t;
	char path[32];

	fdtables_init(&t, false);
	for (int fd = 3; fd <= 9; fd++) {
		snprintf(path, sizeof(path), "/f%d", fd);
		fdtables_open(&t, PID, fd, AT_FDCWD, path, false);
	}
	fdtables_close_range(&t, PID, 5, 7, false);
	assert_path(&t, PID, 4, "/f4");
	assert_path(&t, PID, 5, NULL);
	assert_path(&t, PID, 6, NULL);
	assert_path(&t, PID, 7, NULL);
	assert_path(&t, PID, 8, "/f8");

	/* CLOSE_RANGE_CLOEXEC: nothing closes now, the exec closes them. */
	fdtables_close_range(&t, PID, 8, ~0U, true);
	assert_path(&t, PID, 8, "/f8");
	assert_path(&t, PID, 9, "/f9");
	fdtables_exec(&t, PID);
	assert_path(&t, PID, 8, NULL);
	assert_path(&t, PID, 9, NULL);
	assert_path(&t, PID, 3, "/f3");

	/* The usual "close everything above stderr": 3..~0U. */
	fdtables_close_range(&t, PID, 3, ~0U, false);
	assert_path(&t, PID, 3, NULL);
	assert_path(&t, PID, 4, NULL);
	fdtables_close_range(&t, 999, 0, ~0U, false);   /* unknown process */
	assert_int_equal(t.proc_reads, 0);
	fdtables_release(&t);
}

/* ---- live (/proc) ----------------------------------------------------------------- */

/* readlink /proc/self/fd/N, or NULL when fd is not open. */
static const char *self_link(int fd, char *buf, size_t len)
{
	char link[64];
	ssize_t n;

	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	n = readlink(link, buf, len - 1);
	if (n <= 0)
		return NULL;
	buf[n] = '\0';
	return buf;
}

static void test_live_seed(void **state)
{
	struct fdtables t;
	char buf[PATH_MAX], tmpl[] = "/tmp/scry-fdtable-XXXXXX";
	int n, open_std = 0, hidden;
	u64 reads;

	/* A close-on-exec descriptor opened before seeding: an exec'd
	 * workload would not have it, so seeding must skip it. */
	hidden = open("/dev/null", O_RDONLY | O_CLOEXEC);
	assert_true(hidden >= 0);

	fdtables_init(&t, true);
	n = fdtables_seed(&t, getpid(), getpid());
	for (int fd = 0; fd <= 2; fd++)
		open_std += fcntl(fd, F_GETFD) >= 0 && !(fcntl(fd, F_GETFD) & FD_CLOEXEC);
	assert_true(n >= open_std);
	/* What it learnt matches the kernel, and asking costs no more reads. */
	reads = t.proc_reads;
	for (int fd = 0; fd <= 2; fd++) {
		const char *want = self_link(fd, buf, sizeof(buf));
		if (want && !(fcntl(fd, F_GETFD) & FD_CLOEXEC))
			assert_path(&t, getpid(), fd, want);
	}
	assert_int_equal(t.proc_reads, reads);

	/* The skipped one is resolved lazily: one read, then cached. */
	assert_path(&t, getpid(), hidden, "/dev/null");
	assert_int_equal(t.proc_reads, reads + 1);
	close(hidden);
	fdtables_close(&t, getpid(), hidden);   /* as the traced close(2) would */

	/* A descriptor the trace never saw being created (a temp file opened
	 * after attaching): resolved through /proc on first use, once. */
	{
		int fd = mkstemp(tmpl);
		char want[PATH_MAX];

		assert_true(fd >= 0);
		assert_non_null(self_link(fd, want, sizeof(want)));
		reads = t.proc_reads;
		assert_path(&t, getpid(), fd, want);
		assert_int_equal(t.proc_reads, reads + 1);
		assert_path(&t, getpid(), fd, want);
		assert_int_equal(t.proc_reads, reads + 1);
		/* Closed and reused: /proc is asked again, not the stale entry. */
		fdtables_close(&t, getpid(), fd);
		assert_path(&t, getpid(), fd, want);
		assert_int_equal(t.proc_reads, reads + 2);
		close(fd);
		unlink(tmpl);
	}

	/* A descriptor that is not open: asked once, then remembered as
	 * unresolvable rather than asked on every print. */
	reads = t.proc_reads;
	assert_path(&t, getpid(), 987, NULL);
	assert_path(&t, getpid(), 987, NULL);
	assert_int_equal(t.proc_reads, reads + 1);
	fdtables_release(&t);
}

static void test_live_cwd(void **state)
{
	struct fdtables t;
	char cwd[PATH_MAX], want[PATH_MAX + 16];

	assert_non_null(getcwd(cwd, sizeof(cwd)));
	snprintf(want, sizeof(want), "%s/some/file", strcmp(cwd, "/") ? cwd : "");

	/* A relative open in a live process is completed with its cwd. */
	fdtables_init(&t, true);
	fdtables_open(&t, getpid(), 50, AT_FDCWD, "some/file", false);
	assert_path(&t, getpid(), 50, want);
	/* The cwd is cached: a second relative open reads nothing more. */
	{
		u64 reads = t.proc_reads;
		fdtables_open(&t, getpid(), 51, AT_FDCWD, "some/file", false);
		assert_int_equal(t.proc_reads, reads);
		assert_path(&t, getpid(), 51, want);
		/* ... until a chdir is seen. */
		fdtables_chdir(&t, getpid());
		fdtables_open(&t, getpid(), 52, AT_FDCWD, "some/file", false);
		assert_int_equal(t.proc_reads, reads + 1);
	}
	fdtables_release(&t);

	/* Seeding a process that does not exist fails cleanly. */
	fdtables_init(&t, true);
	assert_int_equal(fdtables_seed(&t, 1, INT32_MAX), -1);
	fdtables_release(&t);
}

/* A socket's number, closed and reused by an open before /proc is asked:
 * /proc names the file, which is not the socket's path. */
static void test_live_reused_kind(void **state)
{
	struct fdtables t;
	char want[PATH_MAX];
	int sk, fd;

	(void)state;
	fdtables_init(&t, true);
	sk = socket(AF_UNIX, SOCK_STREAM, 0);
	assert_true(sk >= 0);
	/* Still the socket: named by its inode, as strace -y shows it. */
	fdtables_unknown_kind(&t, getpid(), sk, false, "socket:[");
	assert_non_null(self_link(sk, want, sizeof(want)));
	assert_true(!strncmp(want, "socket:[", 8));
	assert_path(&t, getpid(), sk, want);
	/* The trace saw socket() = N; the program has since closed N and
	 * opened a file there. */
	fdtables_unknown_kind(&t, getpid(), sk, false, "socket:[");
	close(sk);
	fd = open("/etc/hostname", O_RDONLY);
	if (fd != sk) {
		close(fd);
		fdtables_release(&t);
		skip();
	}
	assert_path(&t, getpid(), fd, NULL);
	/* Without a kind (an open whose path the trace did not get), /proc's
	 * answer is all there is. */
	fdtables_unknown(&t, getpid(), fd, false);
	assert_path(&t, getpid(), fd, "/etc/hostname");
	close(fd);
	fdtables_release(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_open_close),
		cmocka_unit_test(test_dup),
		cmocka_unit_test(test_cloexec_exec),
		cmocka_unit_test(test_fork_exit),
		cmocka_unit_test(test_close_range),
		cmocka_unit_test(test_live_seed),
		cmocka_unit_test(test_live_cwd),
		cmocka_unit_test(test_live_reused_kind),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
