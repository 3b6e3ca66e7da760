/* Unit tests for util/probe/probe-spec: every form of perf probe's syntax, and
 * the errors a bad spec gets (one line, nothing half-filled). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "util/probe/probe-spec.h"

static void parse_ok(const char *text, struct probe_spec *s)
{
	char err[256] = "";

	if (probe_spec_parse(text, s, err, sizeof(err))) {
		print_error("parse '%s': %s\n", text, err);
		fail();
	}
}

static void test_func_forms(void **state)
{
	struct probe_spec s;

	(void)state;
	parse_ok("do_sys_open", &s);
	assert_int_equal(s.place, PROBE_PLACE_FUNC);
	assert_string_equal(s.func, "do_sys_open");
	assert_null(s.src);
	assert_null(s.event);
	assert_int_equal(s.line, 0);
	assert_false(s.has_offset);
	assert_false(s.ret);
	assert_int_equal(s.nr_args, 0);
	probe_spec_free(&s);

	parse_ok("grp:ev=pt_add@probe-target.c:3", &s);
	assert_string_equal(s.group, "grp");
	assert_string_equal(s.event, "ev");
	assert_string_equal(s.func, "pt_add");
	assert_string_equal(s.src, "probe-target.c");
	assert_int_equal(s.line, 3);
	probe_spec_free(&s);

	parse_ok("ev=pt_add+0x10", &s);
	assert_null(s.group);
	assert_string_equal(s.event, "ev");
	assert_true(s.has_offset);
	assert_int_equal(s.offset, 16);
	probe_spec_free(&s);

	parse_ok("pt_add+12", &s);
	assert_int_equal(s.offset, 12);
	probe_spec_free(&s);

	parse_ok("pt_weigh%return $retval", &s);
	assert_true(s.ret);
	assert_int_equal(s.nr_args, 1);
	assert_int_equal(s.args[0].kind, PROBE_ARG_RETVAL);
	probe_spec_free(&s);

	parse_ok("pt_loop;pt_global++*", &s);
	assert_string_equal(s.func, "pt_loop");
	assert_string_equal(s.lazy, "pt_global++*");
	probe_spec_free(&s);

	parse_ok("pt_loop@probe-target.c%return", &s);
	assert_string_equal(s.src, "probe-target.c");
	assert_true(s.ret);
	probe_spec_free(&s);
}

static void test_line_forms(void **state)
{
	struct probe_spec s;

	(void)state;
	parse_ok("probe-target.c:60 acc", &s);
	assert_int_equal(s.place, PROBE_PLACE_LINE);
	assert_null(s.func);
	assert_string_equal(s.src, "probe-target.c");
	assert_int_equal(s.line, 60);
	assert_int_equal(s.nr_args, 1);
	assert_string_equal(s.args[0].var, "acc");
	probe_spec_free(&s);

	parse_ok("src/a.c;*x=1* v", &s);     /* the pattern ends at a blank: then the arguments */
	assert_int_equal(s.place, PROBE_PLACE_LINE);
	assert_string_equal(s.src, "src/a.c");
	assert_string_equal(s.lazy, "*x=1*");
	assert_int_equal(s.nr_args, 1);
	probe_spec_free(&s);
}

static void test_args(void **state)
{
	struct probe_spec s;

	(void)state;
	parse_ok("f a n=b c:u16 it->weight p.x.y arr[3] q->v[2]->w:string $params %di @jiffies:u64 "
		 "+8(%si):s32 $comm name=p->label:string", &s);
	assert_int_equal(s.nr_args, 13);
	assert_int_equal(s.args[0].kind, PROBE_ARG_VAR);
	assert_string_equal(s.args[0].var, "a");
	assert_null(s.args[0].name);
	assert_string_equal(s.args[1].name, "n");
	assert_string_equal(s.args[1].var, "b");
	assert_string_equal(s.args[2].type, "u16");
	assert_string_equal(s.args[3].var, "it");
	assert_int_equal(s.args[3].nr_access, 1);
	assert_int_equal(s.args[3].access[0].kind, PROBE_ACCESS_ARROW);
	assert_string_equal(s.args[3].access[0].field, "weight");
	assert_int_equal(s.args[4].nr_access, 2);
	assert_int_equal(s.args[4].access[1].kind, PROBE_ACCESS_DOT);
	assert_string_equal(s.args[4].access[1].field, "y");
	assert_int_equal(s.args[5].access[0].kind, PROBE_ACCESS_INDEX);
	assert_int_equal(s.args[5].access[0].index, 3);
	assert_int_equal(s.args[6].nr_access, 3);
	assert_int_equal(s.args[6].access[1].index, 2);
	assert_string_equal(s.args[6].access[2].field, "w");
	assert_string_equal(s.args[6].type, "string");
	assert_int_equal(s.args[7].kind, PROBE_ARG_PARAMS);
	assert_int_equal(s.args[8].kind, PROBE_ARG_REG);
	assert_string_equal(s.args[8].var, "di");
	assert_int_equal(s.args[9].kind, PROBE_ARG_GLOBAL);
	assert_string_equal(s.args[9].var, "jiffies");
	assert_string_equal(s.args[9].type, "u64");
	assert_int_equal(s.args[10].kind, PROBE_ARG_RAW);
	assert_string_equal(s.args[10].var, "+8(%si)");
	assert_string_equal(s.args[10].type, "s32");
	assert_int_equal(s.args[11].kind, PROBE_ARG_RAW);
	assert_string_equal(s.args[12].name, "name");
	assert_string_equal(s.args[12].text, "name=p->label:string");
	probe_spec_free(&s);
}

static void test_errors(void **state)
{
	static const struct { const char *text, *msg; } bad[] = {
		{ "", "empty" },
		{ "   ", "empty" },
		{ "f:0", "line number" },
		{ "f:abc", "line number" },
		{ "f+zz", "offset" },
		{ "f%entry", "%return" },
		{ "f:3+4", "only one" },
		{ "f%return:3", "only one" },
		{ "a.c", "line number" },
		{ "a.c%return", "function" },
		{ "f x:u128", "unknown type" },
		{ "f x->", "field" },
		{ "f x[a]", "index" },
		{ "f x[-1]", "index" },
		{ "f x+y", "bad argument" },
		{ "f $retval", "return probe" },
		{ "f %", "register" },
		{ "f @", "global" },
		{ "1bad:ev=f", "group" },
		{ "g:e-v=f", "event" },
		{ "f;", "pattern" },
		{ "f@", "source" },
		{ "f-x", "function name" },
		{ "f n=$params", "$params" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct probe_spec s;
		char err[256] = "";

		if (probe_spec_parse(bad[i].text, &s, err, sizeof(err)) == 0) {
			print_error("'%s' parsed\n", bad[i].text);
			fail();
		}
		if (!strstr(err, bad[i].msg) || strchr(err, '\n')) {
			print_error("'%s': error '%s' lacks '%s'\n", bad[i].text, err, bad[i].msg);
			fail();
		}
		assert_null(s.func);    /* freed and cleared on error */
		assert_int_equal(s.nr_args, 0);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_func_forms),
		cmocka_unit_test(test_line_forms),
		cmocka_unit_test(test_args),
		cmocka_unit_test(test_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
