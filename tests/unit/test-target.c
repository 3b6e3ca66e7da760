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
		cmocka_unit_test(test_ring_pages),
		cmocka_unit_test(test_procs),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
