/* Unit tests for util/core/cpumap: CPU lists ("0-3,6", -C and sysfs's online
 * file), pid lists (-p), and thread maps built from /proc for a process
 * that exists (this one) and one that does not. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <pthread.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util/core/cpumap.h"

/* Parse `list` and compare with the expected cpus (n of them). */
static void check_cpus(const char *list, const int *want, int n)
{
	struct cpumap m;
	char err[128] = "";
	int ok;

	assert_int_equal(cpumap_parse(&m, list, err, sizeof(err)), 0);
	ok = m.nr == n && !memcmp(m.cpu, want, (size_t)n * sizeof(int));
	cpumap_free(&m);
	if (!ok)
		fail_msg("cpumap_parse(\"%s\") gave a different set", list);
	assert_string_equal(err, "");
}

static void test_cpumap_parse(void **state)
{
	static const int one[] = { 0 };
	static const int range[] = { 0, 1, 2, 3, 6 };
	static const int dedup[] = { 1, 3 };
	static const int merged[] = { 0, 1, 2, 5, 6, 7 };
	static const int big[] = { 63, 64, 1024 };

	check_cpus("0", one, 1);
	check_cpus("0-3,6", range, 5);
	/* Sorted and unique whatever the input order. */
	check_cpus("3,1,1", dedup, 2);
	check_cpus("5-7,0-2,1", merged, 6);
	check_cpus("1024,63-64", big, 3);
	/* sysfs files end in a newline. */
	check_cpus("0-3,6\n", range, 5);
	/* A single-cpu range. */
	check_cpus("0-0", one, 1);
}

static void test_cpumap_parse_errors(void **state)
{
	static const char *const bad[] = {
		"", "a", "3-1", "1,,2", ",1", "1-", "-1", "1 2", "0x1", "1-3-5", "2097152",
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct cpumap m = { 5, (int *)&m };     /* garbage in: must be reset */
		char err[128] = "";
		char want[128];

		if (cpumap_parse(&m, bad[i], err, sizeof(err)) != -1)
			fail_msg("cpumap_parse(\"%s\") accepted", bad[i]);
		assert_int_equal(m.nr, 0);
		assert_null(m.cpu);
		snprintf(want, sizeof(want), "bad CPU list '%s' (expected e.g. 0-3,6)", bad[i]);
		assert_string_equal(err, want);
	}

	/* A NULL err buffer is allowed (sysfs parsing passes none). */
	{
		struct cpumap m;
		assert_int_equal(cpumap_parse(&m, "x", NULL, 0), -1);
	}
}

static void test_cpumap_helpers(void **state)
{
	struct cpumap m;

	assert_int_equal(cpumap_any(&m), 0);
	assert_int_equal(m.nr, 1);
	assert_int_equal(m.cpu[0], -1);
	cpumap_free(&m);
	assert_null(m.cpu);
	assert_int_equal(m.nr, 0);

	/* The online set is never empty, sorted, and within the possible count. */
	assert_int_equal(cpumap_online(&m), 0);
	assert_true(m.nr >= 1);
	for (int i = 1; i < m.nr; i++)
		assert_true(m.cpu[i] > m.cpu[i - 1]);
	assert_true(m.cpu[m.nr - 1] < cpu_count_possible());
	assert_true(m.nr <= cpu_count_possible());
	cpumap_free(&m);
}

static void test_parse_pid_list(void **state)
{
	pid_t *v = NULL;
	char err[128] = "";

	assert_int_equal(parse_pid_list("1234", &v, err, sizeof(err)), 1);
	assert_int_equal(v[0], 1234);
	free(v);
	assert_int_equal(parse_pid_list("1,22,333", &v, err, sizeof(err)), 3);
	assert_int_equal(v[0], 1);
	assert_int_equal(v[1], 22);
	assert_int_equal(v[2], 333);
	free(v);
	/* pid_max may be as high as 4194304 (PID_MAX_LIMIT on 64-bit). */
	assert_int_equal(parse_pid_list("4194303", &v, err, sizeof(err)), 1);
	assert_int_equal(v[0], 4194303);
	free(v);
	assert_string_equal(err, "");

	static const char *const bad[] = { "0", "-1", "abc", "1,,2", "12x", "1 2", "99999999999", ",1" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char want[128];
		v = NULL;
		if (parse_pid_list(bad[i], &v, err, sizeof(err)) != -1)
			fail_msg("parse_pid_list(\"%s\") accepted", bad[i]);
		assert_null(v);
		snprintf(want, sizeof(want), "bad pid list '%s' (expected e.g. 1234,5678)", bad[i]);
		assert_string_equal(err, want);
	}
	assert_int_equal(parse_pid_list("", &v, err, sizeof(err)), -1);
	assert_string_equal(err, "empty pid list");
}

/* A second thread, so that this process has two tids to find. */
static pthread_mutex_t th_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t th_cond = PTHREAD_COND_INITIALIZER;
static pid_t th_tid;
static bool th_quit;

static void *thread_main(void *arg)
{
	pthread_mutex_lock(&th_lock);
	th_tid = (pid_t)syscall(SYS_gettid);
	pthread_cond_broadcast(&th_cond);
	while (!th_quit)
		pthread_cond_wait(&th_cond, &th_lock);
	pthread_mutex_unlock(&th_lock);
	return NULL;
}

static void test_threadmap_self(void **state)
{
	struct threadmap m;
	char list[32], err[128] = "";
	bool main_found = false, th_found = false;
	pthread_t th;

	assert_int_equal(pthread_create(&th, NULL, thread_main, NULL), 0);
	pthread_mutex_lock(&th_lock);
	while (!th_tid)
		pthread_cond_wait(&th_cond, &th_lock);
	pthread_mutex_unlock(&th_lock);

	snprintf(list, sizeof(list), "%d", getpid());
	assert_int_equal(threadmap_from_pids(&m, list, err, sizeof(err)), 0);
	for (int i = 0; i < m.nr; i++) {
		assert_int_equal(m.pid[i], getpid());
		main_found |= m.tid[i] == getpid();
		th_found |= m.tid[i] == th_tid;
	}
	assert_int_equal(m.nr, 2);
	threadmap_free(&m);

	pthread_mutex_lock(&th_lock);
	th_quit = true;
	pthread_cond_broadcast(&th_cond);
	pthread_mutex_unlock(&th_lock);
	assert_int_equal(pthread_join(th, NULL), 0);
	assert_true(main_found);
	assert_true(th_found);

	/* The same pid twice lists its threads twice (the caller's choice). */
	snprintf(list, sizeof(list), "%d,%d", getpid(), getpid());
	assert_int_equal(threadmap_from_pids(&m, list, err, sizeof(err)), 0);
	assert_int_equal(m.nr, 2);
	threadmap_free(&m);

	/* From a tid: its process is looked up. */
	snprintf(list, sizeof(list), "%d", getpid());
	assert_int_equal(threadmap_from_tids(&m, list, err, sizeof(err)), 0);
	assert_int_equal(m.nr, 1);
	assert_int_equal(m.tid[0], getpid());
	assert_int_equal(m.pid[0], getpid());
	threadmap_free(&m);
	assert_int_equal(m.nr, 0);
	assert_null(m.tid);

	assert_int_equal(threadmap_any(&m), 0);
	assert_int_equal(m.nr, 1);
	assert_int_equal(m.tid[0], -1);
	assert_int_equal(m.pid[0], -1);
	threadmap_free(&m);
}

/* A pid that certainly does not exist: a child we have already reaped. */
static pid_t dead_pid(void)
{
	pid_t child = fork();

	if (child == 0)
		_exit(0);
	assert_true(child > 0);
	assert_int_equal(waitpid(child, NULL, 0), child);
	return child;
}

static void test_threadmap_missing(void **state)
{
	struct threadmap m;
	char list[64], err[128] = "", want[128];
	pid_t gone = dead_pid();

	snprintf(list, sizeof(list), "%d", gone);
	assert_int_equal(threadmap_from_pids(&m, list, err, sizeof(err)), -1);
	snprintf(want, sizeof(want), "no process with pid %d", gone);
	assert_string_equal(err, want);
	assert_int_equal(m.nr, 0);
	assert_null(m.tid);
	assert_null(m.pid);

	/* One good pid and one missing: the whole list fails, naming the bad
	 * one, and nothing leaks (the sanitizer build checks). */
	snprintf(list, sizeof(list), "%d,%d", getpid(), gone);
	assert_int_equal(threadmap_from_pids(&m, list, err, sizeof(err)), -1);
	assert_string_equal(err, want);
	assert_int_equal(m.nr, 0);

	snprintf(list, sizeof(list), "%d", gone);
	assert_int_equal(threadmap_from_tids(&m, list, err, sizeof(err)), -1);
	snprintf(want, sizeof(want), "no thread with tid %d", gone);
	assert_string_equal(err, want);

	/* A malformed list reports the list, not a pid. */
	assert_int_equal(threadmap_from_pids(&m, "12a", err, sizeof(err)), -1);
	assert_string_equal(err, "bad pid list '12a' (expected e.g. 1234,5678)");
	assert_int_equal(m.nr, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cpumap_parse),
		cmocka_unit_test(test_cpumap_parse_errors),
		cmocka_unit_test(test_cpumap_helpers),
		cmocka_unit_test(test_parse_pid_list),
		cmocka_unit_test(test_threadmap_self),
		cmocka_unit_test(test_threadmap_missing),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
