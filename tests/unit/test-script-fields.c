/* Unit tests for util/perfdata/script-fields (scry script's -F: plain
 * lists, +field/-field, TYPE:fields, what the samples lack) and
 * util/perfdata/sample-filter (--comms, --pid, --tid, --cpu). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <linux/perf_event.h>

#include "util/perfdata/sample-filter.h"
#include "util/perfdata/script-fields.h"

#define ALL_SAMPLE (PERF_SAMPLE_IP | PERF_SAMPLE_TID | PERF_SAMPLE_TIME | PERF_SAMPLE_CPU | PERF_SAMPLE_PERIOD)

static void parse_ok(struct script_fields *f, const char *arg)
{
	char err[256] = "";

	if (script_fields_parse(f, arg, err, sizeof(err)))
		fail_msg("-F '%s': %s", arg, err);
}

static void parse_bad(const char *arg, const char *want)
{
	struct script_fields f;
	char err[256] = "";

	script_fields_init(&f);
	assert_int_equal(script_fields_parse(&f, arg, err, sizeof(err)), -1);
	if (!strstr(err, want))
		fail_msg("-F '%s': '%s' does not say '%s'", arg, err, want);
}

static void test_default_and_plain(void **state)
{
	struct script_fields f;

	(void)state;
	script_fields_init(&f);
	assert_int_equal(script_fields_of(&f, PERF_TYPE_SOFTWARE, ALL_SAMPLE), SF_DEFAULT);
	parse_ok(&f, "comm,tid,cpu");
	for (u32 t = 0; t < 6; t++)
		assert_int_equal(script_fields_of(&f, t, ALL_SAMPLE), SF_COMM | SF_TID | SF_CPU);
	/* a later list replaces the earlier one */
	parse_ok(&f, "time");
	assert_int_equal(script_fields_of(&f, PERF_TYPE_TRACEPOINT, ALL_SAMPLE), SF_TIME);
}

static void test_add_remove(void **state)
{
	struct script_fields f;

	(void)state;
	script_fields_init(&f);
	parse_ok(&f, "-period,-ip");
	assert_int_equal(script_fields_of(&f, PERF_TYPE_HARDWARE, ALL_SAMPLE), SF_DEFAULT & ~(SF_PERIOD | SF_IP));
	parse_ok(&f, "comm");
	parse_ok(&f, "+cpu");
	assert_int_equal(script_fields_of(&f, PERF_TYPE_SOFTWARE, ALL_SAMPLE), SF_COMM | SF_CPU);
	/* the last sign of a field wins within one argument */
	parse_ok(&f, "+tid,-tid");
	assert_int_equal(script_fields_of(&f, PERF_TYPE_SOFTWARE, ALL_SAMPLE), SF_COMM | SF_CPU);
}

static void test_types(void **state)
{
	struct script_fields f;

	(void)state;
	script_fields_init(&f);
	parse_ok(&f, "sw:comm,tid");
	assert_int_equal(script_fields_of(&f, PERF_TYPE_SOFTWARE, ALL_SAMPLE), SF_COMM | SF_TID);
	assert_int_equal(script_fields_of(&f, PERF_TYPE_BREAKPOINT, ALL_SAMPLE), SF_COMM | SF_TID);
	/* perf's tracepoint defaults: no ip or period, frames when there is a callchain */
	assert_int_equal(script_fields_of(&f, PERF_TYPE_TRACEPOINT, ALL_SAMPLE & ~PERF_SAMPLE_CALLCHAIN),
			 SF_DEFAULT_TRACE);
	assert_int_equal(script_fields_of(&f, PERF_TYPE_TRACEPOINT, ALL_SAMPLE | PERF_SAMPLE_CALLCHAIN),
			 SF_DEFAULT_TRACE | SF_IP | SF_SYM | SF_SYMOFF | SF_DSO);
	parse_ok(&f, "hw:-cpu");
	assert_int_equal(script_fields_of(&f, PERF_TYPE_HW_CACHE, ALL_SAMPLE), SF_DEFAULT & ~SF_CPU);
	assert_true(script_fields_shows(&f, PERF_TYPE_TRACEPOINT));
	parse_ok(&f, "trace:");
	assert_false(script_fields_shows(&f, PERF_TYPE_TRACEPOINT));
	assert_true(script_fields_shows(&f, PERF_TYPE_SOFTWARE));
	/* dynamic PMUs (type numbers past the fixed ones) are raw */
	assert_int_equal(script_fields_kind(10), SK_RAW);
	assert_int_equal(script_fields_kind(PERF_TYPE_RAW), SK_RAW);
}

static void test_missing(void **state)
{
	struct script_fields f;
	char err[256] = "";

	(void)state;
	script_fields_init(&f);
	/* a default field the samples lack is left out, quietly */
	assert_int_equal(script_fields_of(&f, PERF_TYPE_SOFTWARE, ALL_SAMPLE & ~PERF_SAMPLE_CPU), SF_DEFAULT & ~SF_CPU);
	assert_int_equal(script_fields_check(&f, "cpu-clock", PERF_TYPE_SOFTWARE, ALL_SAMPLE & ~PERF_SAMPLE_CPU, err,
					     sizeof(err)), 0);
	/* one asked for is an error, in perf's words */
	parse_ok(&f, "+cpu");
	assert_int_equal(script_fields_check(&f, "cpu-clock", PERF_TYPE_SOFTWARE, ALL_SAMPLE & ~PERF_SAMPLE_CPU, err,
					     sizeof(err)), -1);
	assert_string_equal(err, "Samples for 'cpu-clock' event do not have CPU attribute set. Cannot print 'cpu' field.");
	assert_int_equal(script_fields_check(&f, "cpu-clock", PERF_TYPE_SOFTWARE, ALL_SAMPLE, err, sizeof(err)), 0);
	/* for that kind only */
	assert_int_equal(script_fields_check(&f, "e", PERF_TYPE_SOFTWARE, ALL_SAMPLE, err, sizeof(err)), 0);
	script_fields_init(&f);
	parse_ok(&f, "trace:comm,period");
	assert_int_equal(script_fields_check(&f, "sw", PERF_TYPE_SOFTWARE, 0, err, sizeof(err)), 0);
	assert_int_equal(script_fields_check(&f, "tp", PERF_TYPE_TRACEPOINT, PERF_SAMPLE_TID, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "PERIOD attribute"));
}

static void test_bad(void **state)
{
	(void)state;
	parse_bad("comm,nosuch", "unknown field 'nosuch' in -F (fields: comm tid pid cpu time event ip sym symoff dso "
				 "period trace callchain)");
	parse_bad("+nosuch", "unknown field 'nosuch'");
	parse_bad("+cpu,tid", "mixes +field/-field with plain fields");
	parse_bad("comm,,tid", "empty field");
	parse_bad("comm,", "empty field");
	parse_bad("+", "empty field");
	parse_bad("hwx:comm", "unknown event type 'hwx'");
	parse_bad(":comm", "unknown event type ''");
	parse_bad("", "-F needs fields");
}

static struct perf_sample sample(u32 pid, u32 tid, u32 cpu, bool has_cpu)
{
	struct perf_sample s;

	memset(&s, 0, sizeof(s));
	s.pid = pid;
	s.tid = tid;
	s.cpu = cpu;
	s.has_cpu = has_cpu;
	return s;
}

static void test_filter(void **state)
{
	struct sample_filter f = { 0 };
	char err[256] = "";
	struct perf_sample s = sample(10, 11, 3, true);

	(void)state;
	assert_true(sample_filter_match(&f, "", &s));
	assert_int_equal(sample_filter_comms(&f, "bash,make", err, sizeof(err)), 0);
	assert_true(sample_filter_match(&f, "make", &s));
	assert_false(sample_filter_match(&f, "mak", &s));
	assert_int_equal(sample_filter_pids(&f, "0,10", err, sizeof(err)), 0);
	assert_true(sample_filter_match(&f, "bash", &s));
	assert_int_equal(sample_filter_tids(&f, "12", err, sizeof(err)), 0);
	assert_false(sample_filter_match(&f, "bash", &s));
	assert_int_equal(sample_filter_tids(&f, "11,12", err, sizeof(err)), 0);
	assert_true(sample_filter_match(&f, "bash", &s));
	assert_false(sample_filter_has_cpus(&f));
	assert_int_equal(sample_filter_cpus(&f, "0-2,6", err, sizeof(err)), 0);
	assert_true(sample_filter_has_cpus(&f));
	assert_false(sample_filter_match(&f, "bash", &s));
	assert_int_equal(sample_filter_cpus(&f, "3", err, sizeof(err)), 0);
	assert_true(sample_filter_match(&f, "bash", &s));
	/* a sample without its CPU is on no listed CPU */
	s.has_cpu = false;
	assert_false(sample_filter_match(&f, "bash", &s));
	sample_filter_release(&f);

	assert_int_equal(sample_filter_pids(&f, "1,x", err, sizeof(err)), -1);
	assert_string_equal(err, "bad pid list '1,x' (expected e.g. 1234,5678)");
	assert_int_equal(sample_filter_tids(&f, "", err, sizeof(err)), -1);
	assert_int_equal(sample_filter_tids(&f, "-1", err, sizeof(err)), -1);
	assert_int_equal(sample_filter_tids(&f, "1,", err, sizeof(err)), -1);
	assert_int_equal(sample_filter_tids(&f, "99999999999", err, sizeof(err)), -1);
	assert_int_equal(sample_filter_comms(&f, "", err, sizeof(err)), -1);
	assert_int_equal(sample_filter_comms(&f, "a,", err, sizeof(err)), -1);
	assert_int_equal(sample_filter_cpus(&f, "1-", err, sizeof(err)), -1);
	sample_filter_release(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_default_and_plain), cmocka_unit_test(test_add_remove),
		cmocka_unit_test(test_types),             cmocka_unit_test(test_missing),
		cmocka_unit_test(test_bad),               cmocka_unit_test(test_filter),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
