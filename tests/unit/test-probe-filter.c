/* Unit tests for util/probe/probe-filter: perf probe's --filter language
 * (globs with ! & | and parentheses, '&' binding tighter than '|'), and
 * the errors a bad filter gets. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "util/probe/probe-filter.h"

/* Whether filter text passes name (the filter must parse). */
static bool passes(const char *text, const char *name)
{
	char err[256] = "";
	struct probe_filter *f = probe_filter_new(text, err, sizeof(err));
	bool r;

	if (!f) {
		print_error("filter '%s': %s\n", text, err);
		fail();
	}
	r = probe_filter_match(f, name);
	probe_filter_free(f);
	return r;
}

static void test_globs(void **state)
{
	(void)state;
	assert_true(passes("*alloc*", "malloc"));
	assert_false(passes("*alloc*", "free"));
	assert_true(passes("mall?c", "malloc"));
	assert_true(passes("[!_]*", "malloc"));        /* '!' inside a class is the glob's */
	assert_false(passes("[!_]*", "_start"));
	assert_true(passes("  malloc  ", "malloc"));   /* blanks around a glob */
}

static void test_operators(void **state)
{
	(void)state;
	assert_false(passes("!_*", "__libc_malloc"));
	assert_true(passes("!_*", "malloc"));
	assert_true(passes("!!malloc", "malloc"));
	/* perf's --funcs default. */
	assert_false(passes(PROBE_FUNCS_FILTER, "malloc@plt"));
	assert_false(passes(PROBE_FUNCS_FILTER, "_init"));
	assert_true(passes(PROBE_FUNCS_FILTER, "main"));
	assert_false(passes(PROBE_VARS_FILTER, "__ksymtab_foo"));
	assert_true(passes(PROBE_VARS_FILTER, "bytes"));
	assert_true(passes("foo* | bar*", "barrier"));
	assert_false(passes("!foo* & *bar", "foobar"));   /* the manual's example */
	assert_true(passes("!foo* & *bar", "fizzbar"));
	/* & binds tighter than |: a | (b & c). */
	assert_true(passes("a | b* & *c", "a"));
	assert_false(passes("a | b* & *c", "bx"));
	assert_true(passes("a | b* & *c", "bxc"));
	assert_false(passes("(a | b*) & *c", "a"));
	assert_true(passes("(a|b*)&*c", "bc"));
	assert_true(passes("!(a | b)", "c"));
	assert_false(passes("!(a | b)", "b"));
}

static void bad(const char *text, const char *want)
{
	char err[256] = "";
	struct probe_filter *f = probe_filter_new(text, err, sizeof(err));

	assert_null(f);
	if (!strstr(err, want)) {
		print_error("filter '%s': error '%s' lacks '%s'\n", text, err, want);
		fail();
	}
}

static void test_errors(void **state)
{
	(void)state;
	bad("", "the end where a pattern should be");
	bad("   ", "the end");
	bad("a &", "the end");
	bad("| a", "'|' where a pattern should be");
	bad("a & & b", "'&'");
	bad("(a | b", "'(' without its ')'");
	bad("a)", "unexpected ')'");
	bad("()", "')' where a pattern should be");
	bad("!", "the end");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_globs),
		cmocka_unit_test(test_operators),
		cmocka_unit_test(test_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
