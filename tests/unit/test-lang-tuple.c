/* Unit tests for tuples (util/lang/tuple.c): layouts, the parser's tuple
 * syntax, unifying two tuple types (strings widen, integer sizes must
 * match), bpftrace's type names, and re-laying a value into a wider type. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "tests/unit/lang-parse.h"
#include "util/lang/program.h"
#include "util/lang/tuple.h"

static struct lang_type ti(u32 size, bool sgn)
{
	return (struct lang_type){ .kind = LT_INT, .size = size, .is_signed = sgn };
}

static struct lang_type ts(u32 size)
{
	return (struct lang_type){ .kind = LT_STR, .size = size };
}

static void test_layout(void **state)
{
	struct lang_ast *ast = lang_ast_new("", 0, "-e");
	struct lang_type in[2] = { ti(1, true), ts(3) };
	struct lang_type inner = lang_tuple_type(ast, in, 2);
	struct lang_type el[3] = { ti(8, true), ts(9), inner };
	struct lang_type t = lang_tuple_type(ast, el, 3);
	char buf[128];

	(void)state;
	assert_int_equal(inner.size, 16);
	assert_int_equal(t.tuple->n, 3);
	assert_int_equal(t.tuple->off[0], 0);
	assert_int_equal(t.tuple->off[1], 8);
	assert_int_equal(t.tuple->off[2], 24);     /* string[9] takes 16 */
	assert_int_equal(t.size, 40);
	assert_int_equal(lang_type_slot_size(&t), 40);
	assert_string_equal(lang_tuple_name(&t, buf, sizeof(buf)), "(int64,string[9],(int8,string[3]))");
	/* cut short, still a string */
	assert_string_equal(lang_tuple_name(&t, buf, 8), "(int64,");
	lang_ast_free(ast);
}

static void test_unify(void **state)
{
	struct lang_ast *ast = lang_ast_new("", 0, "-e");
	struct lang_type a_el[2] = { ti(8, true), ts(2) }, b_el[2] = { ti(8, true), ts(7) };
	struct lang_type c_el[2] = { ti(1, true), ts(2) }, d_el[3] = { ti(8, true), ts(2), ti(8, true) };
	struct lang_type a = lang_tuple_type(ast, a_el, 2), b = lang_tuple_type(ast, b_el, 2);
	struct lang_type c = lang_tuple_type(ast, c_el, 2), d = lang_tuple_type(ast, d_el, 3);
	struct lang_type dst = a, n_el[2] = { ti(8, true), a }, nested = lang_tuple_type(ast, n_el, 2);
	struct lang_type m_el[2] = { ti(8, true), b }, nested_b = lang_tuple_type(ast, m_el, 2);
	char buf[128];

	(void)state;
	assert_true(lang_tuple_unify(&dst, &b));
	assert_int_equal(dst.tuple->elems[1].size, 7);
	assert_int_equal(a.tuple->elems[1].size, 2);       /* the original is left alone */
	assert_true(lang_type_same(&dst, &b));
	assert_true(lang_tuple_unify(&dst, &a));            /* the shorter fits as it is */
	assert_int_equal(dst.tuple->elems[1].size, 7);
	dst = a;
	assert_false(lang_tuple_unify(&dst, &c));           /* int8 is not int64 */
	assert_false(lang_tuple_unify(&dst, &d));           /* 2 elements are not 3 */
	assert_true(lang_type_same(&dst, &a));
	dst = nested;
	assert_true(lang_tuple_unify(&dst, &nested_b));
	assert_string_equal(lang_tuple_name(&dst, buf, sizeof(buf)), "(int64,(int64,string[7]))");
	assert_int_equal(dst.size, 24);
	lang_ast_free(ast);
}

static void test_convert(void **state)
{
	struct lang_ast *ast = lang_ast_new("", 0, "-e");
	struct lang_type s_in[2] = { ts(3), ti(8, true) }, d_in[2] = { ts(12), ti(8, true) };
	struct lang_type s_el[2] = { ti(8, true), lang_tuple_type(ast, s_in, 2) };
	struct lang_type d_el[2] = { ti(8, true), lang_tuple_type(ast, d_in, 2) };
	struct lang_type st = lang_tuple_type(ast, s_el, 2), dt = lang_tuple_type(ast, d_el, 2);
	u8 src[24], dst[32];
	s64 v;

	(void)state;
	assert_int_equal(st.size, 24);
	assert_int_equal(dt.size, 32);
	memset(src, 0, sizeof(src));
	memset(dst, 0xff, sizeof(dst));
	v = -7;
	memcpy(src, &v, 8);
	memcpy(src + 8, "xy", 3);
	v = 42;
	memcpy(src + 16, &v, 8);
	lang_tuple_convert(dst, &dt, src, &st);
	memcpy(&v, dst, 8);
	assert_int_equal(v, -7);
	assert_string_equal((char *)dst + 8, "xy");
	for (int i = 3; i < 16; i++)
		assert_int_equal(dst[8 + i], 0);            /* padded with NULs */
	memcpy(&v, dst + 24, 8);
	assert_int_equal(v, 42);                            /* moved after the wider string */
	lang_ast_free(ast);
}

static void test_parse(void **state)
{
	static const struct parse_case cases[] = {
		{ "BEGIN { $t = (1, \"a\", (2, 3)); print($t.2.1); }",
		  "(block (probe BEGIN) (assign = (var $t) (tuple 1 \"a\" (tuple 2 3))) "
		  "(call print (. (. (var $t) 2) 1)))\n" },
	};

	(void)state;
	check_dumps(cases, ARRAY_SIZE(cases));
}

/* bpftrace 0.17's tests/runtime/tuples: sizeof() of tuples. */
static void test_c_size(void **state)
{
	struct lang_ast *ast = lang_ast_new("", 0, "-e");
	struct lang_type a[4] = { ti(1, true), ti(8, true), ti(1, true), ti(8, true) };
	struct lang_type b[3] = { ti(1, true), ti(2, true), ti(4, true) };
	struct lang_type c[3] = { ti(4, true), ti(2, true), ti(1, true) };
	struct lang_type d[9] = { ti(1, true), ti(1, true), ts(7), ti(8, true), ti(4, true), ti(8, true),
				  ti(1, true), ti(2, true), ts(4) };
	struct lang_type t;

	(void)state;
	t = lang_tuple_type(ast, a, 4);
	assert_int_equal(lang_type_c_size(&t), 32);
	t = lang_tuple_type(ast, b, 3);
	assert_int_equal(lang_type_c_size(&t), 8);
	t = lang_tuple_type(ast, c, 3);
	assert_int_equal(lang_type_c_size(&t), 8);
	t = lang_tuple_type(ast, d, 9);
	assert_int_equal(lang_type_c_size(&t), 48);
	lang_ast_free(ast);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_layout),
		cmocka_unit_test(test_unify),
		cmocka_unit_test(test_convert),
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_c_size),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
