/* --switch-output's policy: perf's spec syntax, when a piece is due, the
 * pieces' names, and which old piece --switch-max-files drops. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "util/perfdata/switch-output.h"

static void parse_ok(const char *spec, enum switch_kind kind, u64 size, u64 ms)
{
	struct switch_output so = { 0 };
	char err[256] = "";

	assert_int_equal(switch_output_parse(&so, spec, err, sizeof(err)), 0);
	assert_int_equal(so.kind, kind);
	assert_true(so.size == size);
	assert_true(so.time_ms == ms);
}

static void test_parse(void **state)
{
	static const char *const bad[] = { "", "M", "10", "10x", "-1s", "0s", "1.5s", "s10", "10 s", "99999999999999999999G" };
	struct switch_output so = { 0 };
	char err[256];

	(void)state;
	parse_ok(NULL, SWITCH_SIGNAL, 0, 0);
	parse_ok("signal", SWITCH_SIGNAL, 0, 0);
	parse_ok("100M", SWITCH_SIZE, 100ULL << 20, 0);
	parse_ok("20K", SWITCH_SIZE, 20 << 10, 0);
	parse_ok("20k", SWITCH_SIZE, 20 << 10, 0);
	parse_ok("3G", SWITCH_SIZE, 3ULL << 30, 0);
	parse_ok("512B", SWITCH_SIZE, 512, 0);
	parse_ok("30s", SWITCH_TIME, 0, 30000);
	parse_ok("1m", SWITCH_TIME, 0, 60000);          /* minutes: M is megabytes */
	parse_ok("2h", SWITCH_TIME, 0, 7200000);
	parse_ok("1d", SWITCH_TIME, 0, 86400000);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = '\0';
		assert_int_equal(switch_output_parse(&so, bad[i], err, sizeof(err)), -1);
		assert_non_null(strstr(err, "--switch-output"));
	}
}

static void test_due(void **state)
{
	struct switch_output size = { .kind = SWITCH_SIZE, .size = 1000 };
	struct switch_output time = { .kind = SWITCH_TIME, .time_ms = 500, .piece_start_ms = 10000 };
	struct switch_output sig = { .kind = SWITCH_SIGNAL };

	(void)state;
	assert_false(switch_output_due(&size, 999, 0));
	assert_true(switch_output_due(&size, 1000, 0));
	assert_false(switch_output_due(&time, 1u << 30, 10499));
	assert_true(switch_output_due(&time, 0, 10500));
	assert_false(switch_output_due(&sig, 1u << 30, 1u << 30));
}

static void test_name_and_max(void **state)
{
	struct switch_output so = { .max_files = 2 };
	char name[128];
	char *old;

	(void)state;
	setenv("TZ", "UTC", 1);
	switch_output_name(name, sizeof(name), "scry.data", 1796675401, 370000000);   /* 2026-12-07 20:30:01.37 UTC */
	assert_string_equal(name, "scry.data.2026120720300137");
	assert_null(switch_output_add(&so, "a"));
	assert_null(switch_output_add(&so, "b"));
	old = switch_output_add(&so, "c");
	assert_string_equal(old, "a");
	free(old);
	old = switch_output_add(&so, "d");
	assert_string_equal(old, "b");
	free(old);
	assert_int_equal(so.nr_pieces, 2);
	assert_string_equal(so.pieces[0], "c");
	switch_output_release(&so);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_due),
		cmocka_unit_test(test_name_and_max),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
