/* Unit tests for perf's event syntax in util/core/parse-events and
 * util/core/event-mods: modifiers (the exclude bits and precise_ip perf sets
 * for each), groups (leader, members, leader sampling), terms (period,
 * freq, max-stack, call-graph, name) and one error line for each wrong
 * spec. Named events only: the tracepoint side is test-tracefs's. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "util/core/event-mods.h"
#include "util/core/parse-events.h"

static struct perf_event_attr tmpl = {
	.size = sizeof(struct perf_event_attr),
	.sample_type = PERF_SAMPLE_IP | PERF_SAMPLE_TID,
	.freq = 1,
	.sample_freq = 4000,
	.disabled = 1,
	.enable_on_exec = 1,
	.inherit = 1,
};

/* Parse a list that must be right; the events stay in l. */
static void parse_ok(struct evlist *l, const char *list, int want)
{
	char err[512] = "";
	int rc;

	evlist_init(l);
	rc = parse_events(l, NULL, list, &tmpl, err, sizeof(err));
	if (rc != want)
		fail_msg("parse_events(\"%s\") = %d (want %d): %s", list, rc, want, err);
}

static void parse_bad(const char *list, const char *want)
{
	struct evlist l;
	char err[512] = "";
	int rc;

	evlist_init(&l);
	rc = parse_events(&l, NULL, list, &tmpl, err, sizeof(err));
	evlist_release(&l);
	if (rc != PARSE_EVENTS_BAD_SPEC)
		fail_msg("parse_events(\"%s\") = %d, not a spec error", list, rc);
	assert_string_equal(err, want);
}

/* The exclude bits of attr as "u k h G H" (each 1 or 0), for compact checks. */
static const char *excl(const struct perf_event_attr *a)
{
	static char buf[32];

	snprintf(buf, sizeof(buf), "%d%d%d%d%d", (int)a->exclude_user, (int)a->exclude_kernel, (int)a->exclude_hv,
		 (int)a->exclude_guest, (int)a->exclude_host);
	return buf;
}

static void test_modifiers(void **state)
{
	/* What perf 6.1's "perf evlist -v" shows for each. */
	static const struct {
		const char *spec, *name, *excl;
		int precise;
	} cases[] = {
		{ "cpu-clock", "cpu-clock", "00000", 0 },
		{ "cpu-clock:u", "cpu-clock:u", "01110", 0 },
		{ "cpu-clock:k", "cpu-clock:k", "10100", 0 },
		{ "cpu-clock:h", "cpu-clock:h", "11000", 0 },
		{ "cpu-clock:uk", "cpu-clock:uk", "00110", 0 },
		{ "task-clock:u", "task-clock:u", "01110", 0 },
		{ "cpu-clock:p", "cpu-clock:p", "00010", 1 },
		{ "cpu-clock:pp", "cpu-clock:pp", "00010", 2 },
		{ "cpu-clock:ppp", "cpu-clock:ppp", "00010", 3 },
		{ "cpu-clock:upp", "cpu-clock:upp", "01110", 2 },
		{ "cpu-clock:G", "cpu-clock:G", "00001", 0 },
		{ "cpu-clock:H", "cpu-clock:H", "00010", 0 },
		{ "cycles:k", "cycles:k", "10100", 0 },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct evlist l;
		const struct evsel *e;

		parse_ok(&l, cases[i].spec, 1);
		e = l.evsels[0];
		assert_string_equal(e->name, cases[i].name);
		if (strcmp(excl(&e->attr), cases[i].excl))
			fail_msg("%s: exclude bits %s, want %s", cases[i].spec, excl(&e->attr), cases[i].excl);
		assert_int_equal(e->attr.precise_ip, cases[i].precise);
		assert_int_equal(e->attr.sample_type, tmpl.sample_type);
		assert_null(e->leader);
		evlist_release(&l);
	}
}

static void test_sample_read_and_others(void **state)
{
	struct evlist l;
	const struct evsel *e;

	parse_ok(&l, "cpu-clock:S", 1);
	e = l.evsels[0];
	assert_true(e->attr.sample_type & PERF_SAMPLE_READ);
	assert_true(e->attr.read_format & PERF_FORMAT_ID);
	assert_false(e->attr.read_format & PERF_FORMAT_GROUP);
	assert_true(e->layout.sample_type & PERF_SAMPLE_READ);     /* the layout follows */
	evlist_release(&l);

	parse_ok(&l, "cpu-clock:DIe", 1);
	e = l.evsels[0];
	assert_int_equal(e->attr.pinned, 1);
	assert_int_equal(e->attr.exclude_idle, 1);
	assert_int_equal(e->attr.exclusive, 1);
	evlist_release(&l);

	/* The pure function: a group's modifier adds to a member's own. */
	struct perf_event_attr a = tmpl;
	bool sr = false;
	char err[256] = "";
	assert_int_equal(event_mods_apply(&a, "u", &sr, "x", err, sizeof(err)), 0);
	assert_int_equal(event_mods_apply(&a, "k", &sr, "x", err, sizeof(err)), 0);
	assert_string_equal(excl(&a), "00110");
	assert_false(sr);
}

static void test_groups(void **state)
{
	struct evlist l;
	struct evsel *lead, *mem;

	parse_ok(&l, "{cpu-clock,task-clock},page-faults", 3);
	lead = l.evsels[0];
	mem = l.evsels[1];
	assert_ptr_equal(lead->leader, lead);
	assert_ptr_equal(mem->leader, lead);
	assert_int_equal(lead->nr_members, 2);
	assert_null(l.evsels[2]->leader);
	/* The leader's enabling enables the group. */
	assert_int_equal(lead->attr.disabled, 1);
	assert_int_equal(lead->attr.enable_on_exec, 1);
	assert_int_equal(mem->attr.disabled, 0);
	assert_int_equal(mem->attr.enable_on_exec, 0);
	assert_int_equal(l.evsels[2]->attr.disabled, 1);
	/* No group read without :S, as perf. */
	assert_false(lead->attr.read_format & PERF_FORMAT_GROUP);
	assert_string_equal(mem->name, "task-clock");
	evlist_release(&l);

	parse_ok(&l, "{cpu-clock:u,task-clock}:k", 2);
	assert_string_equal(excl(&l.evsels[0]->attr), "00110");
	assert_string_equal(excl(&l.evsels[1]->attr), "10100");
	assert_string_equal(l.evsels[0]->name, "cpu-clock:u");
	evlist_release(&l);

	/* Leader sampling: the leader samples and reads the group. */
	parse_ok(&l, "{cpu-clock,task-clock}:uS", 2);
	lead = l.evsels[0];
	mem = l.evsels[1];
	for (int i = 0; i < 2; i++) {
		assert_true(l.evsels[i]->attr.sample_type & PERF_SAMPLE_READ);
		assert_int_equal(l.evsels[i]->attr.read_format & (PERF_FORMAT_GROUP | PERF_FORMAT_ID),
				 PERF_FORMAT_GROUP | PERF_FORMAT_ID);
		assert_string_equal(excl(&l.evsels[i]->attr), "01110");
	}
	assert_int_equal(lead->attr.freq, 1);
	assert_int_equal(lead->attr.sample_freq, 4000);
	assert_int_equal(mem->attr.freq, 0);
	assert_int_equal(mem->attr.sample_period, 0);
	evlist_release(&l);

	/* Spaces around items, terms with commas inside a group. */
	parse_ok(&l, " { cpu-clock/period=7,max-stack=2/ , task-clock } ", 2);
	assert_int_equal(l.evsels[0]->attr.sample_period, 7);
	assert_int_equal(l.evsels[0]->attr.sample_max_stack, 2);
	assert_ptr_equal(l.evsels[1]->leader, l.evsels[0]);
	evlist_release(&l);
}

static void test_terms(void **state)
{
	struct evlist l;
	const struct perf_event_attr *a;

	parse_ok(&l, "cpu-clock/period=1000/u", 1);
	a = &l.evsels[0]->attr;
	assert_int_equal(a->freq, 0);
	assert_int_equal(a->sample_period, 1000);
	assert_string_equal(excl(a), "01110");
	assert_string_equal(l.evsels[0]->name, "cpu-clock/period=1000/u");
	evlist_release(&l);

	parse_ok(&l, "cpu-clock/freq=99/", 1);
	assert_int_equal(l.evsels[0]->attr.freq, 1);
	assert_int_equal(l.evsels[0]->attr.sample_freq, 99);
	evlist_release(&l);

	/* max-stack alone: frame-pointer chains of that depth (as perf). */
	parse_ok(&l, "cpu-clock/max-stack=3/", 1);
	a = &l.evsels[0]->attr;
	assert_int_equal(a->sample_type, tmpl.sample_type | PERF_SAMPLE_CALLCHAIN);
	assert_int_equal(a->sample_max_stack, 3);
	evlist_release(&l);

	parse_ok(&l, "cpu-clock/call-graph=dwarf/", 1);
	a = &l.evsels[0]->attr;
	assert_int_equal(a->sample_type & (PERF_SAMPLE_CALLCHAIN | PERF_SAMPLE_REGS_USER | PERF_SAMPLE_STACK_USER),
			 PERF_SAMPLE_CALLCHAIN | PERF_SAMPLE_REGS_USER | PERF_SAMPLE_STACK_USER);
	assert_int_equal(a->sample_stack_user, 8192);
	assert_int_not_equal(a->sample_regs_user, 0);
	assert_int_equal(a->exclude_callchain_user, 1);
	evlist_release(&l);

	parse_ok(&l, "cpu-clock/call-graph=dwarf,4093,max-stack=5/", 1);
	a = &l.evsels[0]->attr;
	assert_int_equal(a->sample_stack_user, 4096);     /* rounded up to 8 */
	assert_int_equal(a->sample_max_stack, 5);
	evlist_release(&l);

	parse_ok(&l, "cpu-clock/stack-size=1024/", 1);
	assert_int_equal(l.evsels[0]->attr.sample_stack_user, 1024);
	assert_true(l.evsels[0]->attr.sample_type & PERF_SAMPLE_STACK_USER);
	evlist_release(&l);

	parse_ok(&l, "cpu-clock/call-graph=fp/", 1);
	a = &l.evsels[0]->attr;
	assert_int_equal(a->sample_type, tmpl.sample_type | PERF_SAMPLE_CALLCHAIN);
	assert_int_equal(a->exclude_callchain_user, 0);
	evlist_release(&l);

	parse_ok(&l, "cpu-clock/name=mine,no-inherit/k", 1);
	assert_string_equal(l.evsels[0]->name, "mine");
	assert_int_equal(l.evsels[0]->attr.inherit, 0);
	assert_string_equal(excl(&l.evsels[0]->attr), "10100");
	evlist_release(&l);

	/* Terms on one event leave the next alone. */
	parse_ok(&l, "cpu-clock/period=5/,task-clock", 2);
	assert_int_equal(l.evsels[1]->attr.freq, 1);
	assert_int_equal(l.evsels[1]->attr.sample_freq, 4000);
	evlist_release(&l);
}

static void test_errors(void **state)
{
	parse_bad("cpu-clock/bogus=1/",
		  "unknown term 'bogus' in 'cpu-clock/bogus=1/' (known terms: period, freq, max-stack, call-graph, "
		  "stack-size, name, inherit, no-inherit)");
	parse_bad("cpu-clock:x", "bad modifier 'x' in 'cpu-clock:x' (known: u k h G H I p pp ppp S D e W)");
	parse_bad("cpu-clock:uu", "modifier 'u' repeated in 'cpu-clock:uu'");
	parse_bad("cpu-clock:pppp", "modifier 'p' repeated in 'cpu-clock:pppp' (at most ppp)");
	parse_bad("cpu-clock:", "empty modifier in 'cpu-clock:'");
	parse_bad("cpu-clock/period=1/:u",
		  "bad modifiers in 'cpu-clock/period=1/:u': they follow the closing slash directly "
		  "(cpu-clock/period=1000/u)");
	parse_bad("cpu-clock/period=1", "unterminated terms in 'cpu-clock/period=1' (EVENT/TERM=VALUE,.../)");
	parse_bad("cpu-clock/period=0/", "term period in 'cpu-clock/period=0/' wants a number from 1, not '0'");
	parse_bad("cpu-clock/period/", "term period in 'cpu-clock/period/' needs a value (period=...)");
	parse_bad("cpu-clock/inherit=1/", "term inherit in 'cpu-clock/inherit=1/' takes no value");
	parse_bad("cpu-clock/max-stack=0/", "term max-stack in 'cpu-clock/max-stack=0/' wants a number 1..1024, not '0'");
	parse_bad("cpu-clock/call-graph=lbr/", "term call-graph in 'cpu-clock/call-graph=lbr/' is fp, dwarf or no, not 'lbr'");
	parse_bad("cpu-clock/name=/", "term name in 'cpu-clock/name=/' is empty");
	parse_bad("{cpu-clock,{task-clock}}", "groups do not nest: '{cpu-clock,{task-clock}}'");
	parse_bad("{cpu-clock", "unterminated group '{cpu-clock' (expected {EVENT,EVENT}[:MODIFIERS])");
	parse_bad("{cpu-clock}x", "bad group '{cpu-clock}x' (expected {EVENT,EVENT}[:MODIFIERS])");
	parse_bad("{}", "empty group '{}'");
	parse_bad("{cpu-clock}:", "empty modifier in '{cpu-clock}:'");
	parse_bad("{cpu-clock,task-clock}:z", "bad modifier 'z' in '{cpu-clock,task-clock}:z' (known: u k h G H I p pp ppp S D e W)");
	parse_bad("{cpu-clock:S,task-clock}",
		  "':S' in 'cpu-clock:S' reads a whole group: put it after the braces ({cpu-clock,task-clock}:S)");
	parse_bad("cpu-clok:u", "unknown event 'cpu-clok' (did you mean cpu-clock?)");
	parse_bad(",", "empty event list ','");
}

static void test_need_tracefs(void **state)
{
	assert_false(parse_events_need_tracefs("cpu-clock"));
	assert_false(parse_events_need_tracefs("cpu-clock:u,cycles:pp"));
	assert_false(parse_events_need_tracefs("{cpu-clock,task-clock}:S"));
	assert_false(parse_events_need_tracefs("cpu-clock/call-graph=dwarf,4096/u"));
	assert_true(parse_events_need_tracefs("sched:sched_switch"));
	assert_true(parse_events_need_tracefs("cpu-clock,sched:sched_switch:k"));
	assert_true(parse_events_need_tracefs("{cpu-clock,probe_libc:inet_pton}"));
	assert_true(parse_events_need_tracefs("probe_libc:inet_pton/max-stack=3/"));
	/* Without tracefs a tracepoint is the system's failure, not the spec's. */
	struct evlist l;
	char err[256] = "";
	evlist_init(&l);
	assert_int_equal(parse_events(&l, NULL, "sched:sched_switch:k", &tmpl, err, sizeof(err)), PARSE_EVENTS_FAILED);
	assert_string_equal(err, "tracepoint 'sched:sched_switch' needs tracefs");
	evlist_release(&l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_modifiers),
		cmocka_unit_test(test_sample_read_and_others),
		cmocka_unit_test(test_groups),
		cmocka_unit_test(test_terms),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_need_tracefs),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
