/* Unit tests for util/perfdata/time-range: perf's --time syntax, the
 * percentages against a file's sample times, which samples are kept. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "util/perfdata/time-range.h"

#define S 1000000000ull

static struct time_ranges parse_ok(const char *s)
{
	struct time_ranges tr;
	char err[256] = "";

	if (time_ranges_parse(&tr, s, err, sizeof(err)))
		fail_msg("'%s' refused: %s", s, err);
	return tr;
}

static void test_absolute(void **state)
{
	struct time_ranges tr;

	(void)state;
	tr = parse_ok("4139.301002,4139.5");
	assert_int_equal(tr.nr, 1);
	assert_int_equal(tr.r[0].start, 4139 * S + 301002000);
	assert_int_equal(tr.r[0].end, 4139 * S + 500000000);
	tr = parse_ok("12.123456789,13");
	assert_int_equal(tr.r[0].start, 12 * S + 123456789);
	assert_int_equal(tr.r[0].end, 13 * S);
	/* both ends are in */
	assert_false(time_ranges_skip(&tr, 12 * S + 123456789));
	assert_false(time_ranges_skip(&tr, 13 * S));
	assert_true(time_ranges_skip(&tr, 13 * S + 1));
	assert_true(time_ranges_skip(&tr, 12 * S + 123456788));
	/* a sample without a time is kept */
	assert_false(time_ranges_skip(&tr, 0));
}

static void test_open_ends(void **state)
{
	struct time_ranges tr;

	(void)state;
	tr = parse_ok("10.5,");
	assert_int_equal(tr.r[0].start, 10 * S + S / 2);
	assert_int_equal(tr.r[0].end, 0);
	assert_true(time_ranges_skip(&tr, 10 * S));
	assert_false(time_ranges_skip(&tr, 999999 * S));
	tr = parse_ok(",10.5");
	assert_false(time_ranges_skip(&tr, 1));
	assert_true(time_ranges_skip(&tr, 11 * S));
	tr = parse_ok(",");
	assert_false(time_ranges_skip(&tr, 5));
	/* no --time: everything */
	memset(&tr, 0, sizeof(tr));
	assert_false(time_ranges_skip(&tr, 5));
}

static void test_several(void **state)
{
	struct time_ranges tr;

	(void)state;
	tr = parse_ok("1,2 3.5,4  5,");
	assert_int_equal(tr.nr, 3);
	assert_false(time_ranges_skip(&tr, 1 * S));
	assert_true(time_ranges_skip(&tr, 3 * S));
	assert_false(time_ranges_skip(&tr, 4 * S));
	assert_true(time_ranges_skip(&tr, 4 * S + 1));
	assert_false(time_ranges_skip(&tr, 100 * S));
}

static void test_percent(void **state)
{
	struct time_ranges tr;
	char err[256];
	u64 first = 100 * S, last = 110 * S;

	(void)state;
	/* the second tenth: 101 s up to just before 102 s */
	tr = parse_ok("10%/2");
	assert_int_equal(time_ranges_resolve(&tr, true, first, last, err, sizeof(err)), 0);
	assert_int_equal(tr.r[0].start, 101 * S);
	assert_int_equal(tr.r[0].end, 102 * S - 1);
	/* the last slice keeps the last sample */
	tr = parse_ok("50%/2");
	assert_int_equal(time_ranges_resolve(&tr, true, first, last, err, sizeof(err)), 0);
	assert_int_equal(tr.r[0].end, last);
	assert_false(time_ranges_skip(&tr, last));
	tr = parse_ok("0%-10%,30%-40%");
	assert_int_equal(tr.nr, 2);
	assert_int_equal(time_ranges_resolve(&tr, true, first, last, err, sizeof(err)), 0);
	assert_int_equal(tr.r[0].start, first);
	assert_int_equal(tr.r[1].start, 103 * S);
	assert_false(time_ranges_skip(&tr, 100 * S + 5));
	assert_true(time_ranges_skip(&tr, 102 * S));
	assert_false(time_ranges_skip(&tr, 103 * S + 5));
	tr = parse_ok("25%");
	assert_int_equal(time_ranges_resolve(&tr, true, first, last, err, sizeof(err)), 0);
	assert_int_equal(tr.r[0].start, first);
	assert_int_equal(tr.r[0].end, 102 * S + S / 2 - 1);
	tr = parse_ok("10%/1,10%/3");
	assert_int_equal(tr.nr, 2);
	/* a file without sample times (a pipe) */
	assert_int_equal(time_ranges_resolve(&tr, false, 0, 0, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "sample times"));
}

static void test_bad(void **state)
{
	static const char *const bad[] = {
		"", " ", "abc", "1", "1,2,3", "1.2.3,", "1.1234567890,", "-1,2", "2,1", "1,2 2,3", "1, 2,3",
		"3,4 1,2", "x,", ",y", "1e3,", "99999999999999999999,", "10%/0", "0%/1", "10%/x", "10%/",
		"10", "110%", "50%-40%", "10%-", "%", "10%%", "-5%", "20%/6", "10%/1,", "1,2 ,3", " 1,2x",
	};
	char err[256];

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct time_ranges tr;

		err[0] = '\0';
		if (!time_ranges_parse(&tr, bad[i], err, sizeof(err)))
			fail_msg("'%s' accepted", bad[i]);
		if (!err[0] || strchr(err, '\n'))
			fail_msg("'%s': no one-line reason ('%s')", bad[i], err);
	}
	/* at most TIME_RANGES_MAX ranges */
	{
		char many[2048] = "";
		struct time_ranges tr;

		for (int i = 0; i <= TIME_RANGES_MAX; i++)
			snprintf(many + strlen(many), sizeof(many) - strlen(many), "%d,%d.5 ", 2 * i + 1, 2 * i + 1);
		assert_int_equal(time_ranges_parse(&tr, many, err, sizeof(err)), -1);
		assert_non_null(strstr(err, "at most"));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_absolute),
		cmocka_unit_test(test_open_ends),
		cmocka_unit_test(test_several),
		cmocka_unit_test(test_percent),
		cmocka_unit_test(test_bad),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
