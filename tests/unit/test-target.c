/* Unit tests for util/core/target: which option combinations name a target
 * (with the messages record and trace print), and the ring-size policy. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "util/core/target.h"

static void test_check(void **state)
{
	const char *argv[] = { "true", NULL };
	struct target t;
	char err[256];

	(void)state;
	memset(&t, 0, sizeof(t));
	assert_int_equal(target_check(&t, "record", "record", err, sizeof(err)), -1);
	assert_string_equal(err, "record: nothing to record: give a command, -p PID, -t TID or -a (scry record -h)");
	t.argv = argv;
	t.argc = 1;
	assert_int_equal(target_check(&t, "trace", "trace", err, sizeof(err)), 0);
	t.pids = "1";
	assert_int_equal(target_check(&t, "trace", "trace", err, sizeof(err)), -1);
	assert_string_equal(err, "trace: give either a command or -p/-t/-a, not both");
	t.argc = 0;
	assert_int_equal(target_check(&t, "trace", "trace", err, sizeof(err)), 0);
	t.all_cpus = true;
	assert_int_equal(target_check(&t, "record", "record", err, sizeof(err)), -1);
	assert_string_equal(err, "record: -p, -t and -a exclude each other");
	t.pids = NULL;
	assert_int_equal(target_check(&t, "record", "record", err, sizeof(err)), 0);
}

/* record's perf idiom: a command with -p/-t/-a/-C only bounds the run. */
static void test_command_bounds_run(void **state)
{
	const char *argv[] = { "sleep", "1", NULL };
	struct target t;
	char err[256];

	(void)state;
	memset(&t, 0, sizeof(t));
	t.command_bounds_run = true;
	t.argv = argv;
	t.argc = 2;
	t.all_cpus = true;
	assert_int_equal(target_check(&t, "record", "record", err, sizeof(err)), 0);
	t.have_workload = true;                 /* as target_prepare leaves it */
	assert_true(target_cpu_wide(&t));
	assert_false(target_follows_workload(&t));
	t.all_cpus = false;
	t.pids = "1";
	assert_int_equal(target_check(&t, "record", "record", err, sizeof(err)), 0);
	assert_false(target_cpu_wide(&t));
	assert_false(target_follows_workload(&t));
	t.pids = NULL;
	t.cpus = "0";
	assert_true(target_cpu_wide(&t));
	assert_false(target_follows_workload(&t));
	t.cpus = NULL;
	assert_true(target_follows_workload(&t));
	/* -C alone is a target then; without command_bounds_run it is not. */
	t.argc = 0;
	t.cpus = "0";
	assert_int_equal(target_check(&t, "record", "record", err, sizeof(err)), 0);
	t.command_bounds_run = false;
	assert_int_equal(target_check(&t, "trace", "trace", err, sizeof(err)), -1);
	assert_false(target_cpu_wide(&t));
}

static void test_delay(void **state)
{
	struct target t;
	char err[256];
	long next;

	(void)state;
	memset(&t, 0, sizeof(t));
	/* Without -D: always counting. */
	assert_true(target_counting_at(&t, 0, &next));
	assert_int_equal(next, -1);

	assert_int_equal(target_parse_delay(&t, "500", err, sizeof(err)), 0);
	assert_int_equal(t.nr_windows, 1);
	assert_false(target_counting_at(&t, 0, &next));
	assert_int_equal(next, 500);
	assert_false(target_counting_at(&t, 499, &next));
	assert_int_equal(next, 1);
	assert_true(target_counting_at(&t, 500, &next));
	assert_int_equal(next, -1);

	assert_int_equal(target_parse_delay(&t, "10-20,30-40", err, sizeof(err)), 0);
	assert_int_equal(t.nr_windows, 2);
	assert_false(target_counting_at(&t, 5, &next));
	assert_int_equal(next, 5);
	assert_true(target_counting_at(&t, 10, &next));
	assert_int_equal(next, 10);
	assert_false(target_counting_at(&t, 20, &next));
	assert_int_equal(next, 10);
	assert_true(target_counting_at(&t, 39, &next));
	assert_int_equal(next, 1);
	assert_false(target_counting_at(&t, 40, &next));
	assert_int_equal(next, -1);

	static const char *const bad[] = { "", "x", "-5", "5-", "5-3", "5-5", "1-2,2", "10-20,15-30",
					   "1,2", "5x", "1-2,", "99999999999" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(target_parse_delay(&t, bad[i], err, sizeof(err)), -1);
		assert_non_null(strstr(err, "-D"));
	}
	assert_int_equal(target_parse_delay(&t, "-1", err, sizeof(err)), -1);
	assert_non_null(strstr(err, "--control"));
	/* The last good value stays. */
	assert_int_equal(t.nr_windows, 2);
	target_release(&t);
	assert_int_equal(t.nr_windows, 0);
}

static void test_ring_pages(void **state)
{
	struct target t;
	unsigned psz = (unsigned)sysconf(_SC_PAGESIZE);

	(void)state;
	memset(&t, 0, sizeof(t));
	/* 8 MiB per cpu up to 8 cpus, then 64 MiB shared, at least 256 KiB. */
	assert_int_equal(target_ring_pages(&t, 1) * psz, 8u << 20);
	assert_int_equal(target_ring_pages(&t, 8) * psz, 8u << 20);
	assert_int_equal(target_ring_pages(&t, 16) * psz, 4u << 20);
	assert_int_equal(target_ring_pages(&t, 3) * psz, 8u << 20);
	assert_int_equal(target_ring_pages(&t, 100) * psz, 512u << 10);
	assert_int_equal(target_ring_pages(&t, 4096) * psz, 256u << 10);
	assert_int_equal(target_ring_pages(&t, 0) * psz, 8u << 20);
	/* -m: rounded up to a power of two. */
	t.mmap_pages = 1;
	assert_int_equal(target_ring_pages(&t, 2), 1);
	t.mmap_pages = 100;
	assert_int_equal(target_ring_pages(&t, 2), 128);
	t.mmap_pages = 128;
	assert_int_equal(target_ring_pages(&t, 2), 128);
}

static void test_procs(void **state)
{
	struct target t;
	struct cpumap cpus;
	struct threadmap threads;
	char err[256], list[32];

	(void)state;
	memset(&t, 0, sizeof(t));
	snprintf(list, sizeof(list), "%d", (int)getpid());
	t.pids = list;
	assert_int_equal(target_maps(&t, &cpus, &threads, err, sizeof(err)), 0);
	assert_int_equal(t.nr_procs, 1);
	assert_true(threads.nr >= 1);
	assert_int_equal(threads.pid[0], getpid());
	/* This process is alive; told it is gone, the target is done. */
	assert_false(target_done(&t));
	target_gone(&t, getpid());
	assert_true(target_done(&t));
	assert_int_equal(target_exit_code(&t), 0);
	cpumap_free(&cpus);
	threadmap_free(&threads);
	target_release(&t);

	memset(&t, 0, sizeof(t));
	t.pids = "1,x";
	assert_int_equal(target_maps(&t, &cpus, &threads, err, sizeof(err)), -1);
	assert_string_equal(err, "bad pid list '1,x' (expected e.g. 1234,5678)");
	target_release(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_check),
		cmocka_unit_test(test_command_bounds_run),
		cmocka_unit_test(test_delay),
		cmocka_unit_test(test_ring_pages),
		cmocka_unit_test(test_procs),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
