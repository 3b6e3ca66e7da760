/* Unit tests for the C definitions a program may start with (cdecl.c):
 * what they parse to, their layout as x86-64's C ABI lays them out (the
 * expected sizes and offsets are what gcc gives for the same structs, see
 * the comments), their names, and the errors, with their places. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "util/lang/ast.h"
#include "util/lang/cdecl.h"
#include "util/lang/diag.h"
#include "util/lang/parser.h"
#include "util/outbuf.h"

#include "tests/unit/lang-parse.h"

static const struct lang_cdef_type *type_named(const struct lang_ast *ast, const char *name)
{
	int i = lang_cdefs_find(ast->cdefs, name);

	if (i < 0) {
		print_error("no type '%s'\n", name);
		fail();
	}
	return &ast->cdefs->types[i];
}

static const struct lang_cdef_member *member(const struct lang_ast *ast, const struct lang_cdef_type *s,
					     const char *name)
{
	(void)ast;
	for (int i = 0; i < s->nmembers; i++)
		if (s->members[i].name && !strcmp(s->members[i].name, name))
			return &s->members[i];
	print_error("%s has no member '%s'\n", s->name, name);
	fail();
	return NULL;
}

/* "MEMBER:OFFSET:TYPE" for each member, as one string. */
static void check_layout(const struct lang_ast *ast, const char *name, u64 size, u32 align, const char *want)
{
	const struct lang_cdef_type *s = type_named(ast, name);
	char got[1024] = "";
	size_t n = 0;

	assert_true(s->complete);
	assert_int_equal(s->size, size);
	assert_int_equal(s->align, align);
	for (int i = 0; i < s->nmembers; i++) {
		const struct lang_cdef_member *m = &s->members[i];

		n += (size_t)snprintf(got + n, sizeof(got) - n, "%s%s:%llu:%s%s", i ? " " : "",
				      m->name ? m->name : "-", (unsigned long long)m->offset,
				      ast->cdefs->types[m->type].name, m->bits ? ":bits" : "");
	}
	assert_string_equal(got, want);
}

static void test_the_briefs_example(void **state)
{
	struct lang_ast *ast = parse_ok(
		"struct Foo { int a; char b[10]; struct Bar *next; unsigned long long c; int arr[4]; }\n"
		"struct Bar { struct Foo f; union { int x; char y; } u; };\n"
		"BEGIN { exit(); }");

	(void)state;
	/* gcc -O0 x86-64: sizeof(struct Foo) == 48, offsetof next 16, c 24, arr 32 */
	check_layout(ast, "struct Foo", 48, 8,
		     "a:0:int b:4:char[10] next:16:struct Bar * c:24:unsigned long long arr:32:int[4]");
	/* sizeof(struct Bar) == 56: u at 48, the union 4 bytes aligned 4 */
	check_layout(ast, "struct Bar", 56, 8, "f:0:struct Foo u:48:union (anonymous)");
	assert_int_equal(ast->nblocks, 1);
	lang_ast_free(ast);
}

static void test_padding_and_alignment(void **state)
{
	struct lang_ast *ast = parse_ok(
		"struct P { char c; short s; char d; long l; char e; };"
		"struct Q { char a; double d; float f; };"
		"struct R { u8 a; u64 b; s16 c; int8_t d; uint32_t e; };"
		"struct E { };"
		"BEGIN { }");

	(void)state;
	/* gcc: P 24 (s 2, d 4, l 8, e 16), Q 24 (d 8, f 16), R 24 (b 8, c 16, d 18, e 20) */
	check_layout(ast, "struct P", 24, 8, "c:0:char s:2:short d:4:char l:8:long e:16:char");
	check_layout(ast, "struct Q", 24, 8, "a:0:char d:8:double f:16:float");
	check_layout(ast, "struct R", 24, 8, "a:0:u8 b:8:u64 c:16:s16 d:18:int8_t e:20:uint32_t");
	check_layout(ast, "struct E", 0, 1, "");
	lang_ast_free(ast);
}

/* bpftrace's tests write these (the last member's ';' left out, pointers
 * to pointers, multi-dimensional arrays, const). */
static void test_bpftrace_forms(void **state)
{
	struct lang_ast *ast = parse_ok(
		"struct A {int32_t a; int32_t b; char c[28] };"
		"struct B { int y[2][3]; }"
		"struct Foo { struct { int m[1] } y; struct { int n } a; }"
		"struct MyStruct { const char* a; char b[4]; uint8_t c[4]; int d[4]; uint16_t e[4]; uint64_t f[4] };"
		"struct PP { struct PP **pp; void *v; unsigned const char *s; }"
		"uprobe:/bin/sh:main { }");
	const struct lang_cdef_type *b, *y;

	(void)state;
	/* gcc: A 36; MyStruct 72 (b 8, c 12, d 16, e 32, f 40) */
	check_layout(ast, "struct A", 36, 4, "a:0:int32_t b:4:int32_t c:8:char[28]");
	check_layout(ast, "struct B", 24, 4, "y:0:int[2][3]");
	b = type_named(ast, "struct B");
	y = &ast->cdefs->types[b->members[0].type];
	assert_int_equal(y->count, 2);
	assert_string_equal(ast->cdefs->types[y->target].name, "int[3]");
	assert_int_equal(ast->cdefs->types[y->target].count, 3);
	check_layout(ast, "struct Foo", 8, 4, "y:0:struct (anonymous) a:4:struct (anonymous)");
	check_layout(ast, "struct MyStruct", 72, 8,
		     "a:0:char * b:8:char[4] c:12:uint8_t[4] d:16:int[4] e:32:uint16_t[4] f:40:uint64_t[4]");
	check_layout(ast, "struct PP", 24, 8, "pp:0:struct PP ** v:8:void * s:16:unsigned char *");
	assert_int_equal(ast->nblocks, 1);
	assert_int_equal(ast->blocks->probes[0].type, P_UPROBE);
	lang_ast_free(ast);
}

static void test_unions_anonymous_members_bitfields(void **state)
{
	struct lang_ast *ast = parse_ok(
		"union U { char c[5]; int i; };\n"
		"struct S { int a; union { long l; char x; }; struct { short p, q; }; };\n"
		"struct BF { unsigned a : 3; unsigned b : 30; unsigned char c; int : 0; char d; };\n"
		"enum Color { RED, GREEN = 5, BLUE = -1 };\n"
		"struct WithEnum { enum Color c; char x; };\n"
		"struct Fwd;\n"
		"struct Later { struct Fwd *p; }\n"
		"BEGIN { }");
	const struct lang_cdef_type *s;

	(void)state;
	/* gcc: U 8 (align 4); S 24 (l 8, p 16, q 18); BF 16 (b does not fit
	 * the first unsigned: 4; c 8; ':0' aligns to 12; d 12) */
	check_layout(ast, "union U", 8, 4, "c:0:char[5] i:0:int");
	check_layout(ast, "struct S", 24, 8, "a:0:int -:8:union (anonymous) -:16:struct (anonymous)");
	check_layout(ast, "struct BF", 16, 4, "a:0:unsigned int:bits b:4:unsigned int:bits c:8:unsigned char d:12:char");
	check_layout(ast, "struct WithEnum", 8, 4, "c:0:enum Color x:4:char");
	s = type_named(ast, "struct S");
	{
		const struct lang_cdef_type *anon = &ast->cdefs->types[s->members[2].type];

		assert_int_equal(member(ast, anon, "q")->offset, 2);
	}
	assert_false(type_named(ast, "struct Fwd")->complete);
	assert_int_equal(lang_cdefs_find(ast->cdefs, "struct Nope"), -1);
	assert_int_equal(lang_cdefs_find(ast->cdefs, "union S"), -1);
	lang_ast_free(ast);
}

/* Definitions between blocks, and none at all. */
static void test_between_blocks(void **state)
{
	struct lang_ast *ast = parse_ok("BEGIN { } struct X { int a; } END { }");

	(void)state;
	assert_int_equal(ast->nblocks, 2);
	check_layout(ast, "struct X", 4, 4, "a:0:int");
	lang_ast_free(ast);
	ast = parse_ok("BEGIN { }");
	assert_null(ast->cdefs);
	lang_ast_free(ast);
}

static void test_errors(void **state)
{
	static const struct error_case c[] = {
		{ "struct Foo { int a; chr b; } BEGIN { }",
		  "-e:1:21: unknown type 'chr' in a C definition (the program's own definitions, C's integer types, "
		  "u8..u64, int8_t..uint64_t, struct/union/enum)\n"
		  "struct Foo { int a; chr b; } BEGIN { }\n"
		  "                    ^^^" },
		{ "struct Foo { int a; int a; } BEGIN { }",
		  "-e:1:25: struct Foo has two members named 'a'\n"
		  "struct Foo { int a; int a; } BEGIN { }\n"
		  "                        ^" },
		{ "struct Foo { int a; }\nstruct Foo { int b; } BEGIN { }",
		  "-e:2:12: struct Foo is defined twice (first at 1:1)\n"
		  "struct Foo { int b; } BEGIN { }\n"
		  "           ^" },
		{ "struct Foo { struct Bar b; } BEGIN { }",
		  "-e:1:25: member 'b' has an incomplete type 'struct Bar' (define it before, or use a pointer)\n"
		  "struct Foo { struct Bar b; } BEGIN { }\n"
		  "                        ^" },
		{ "struct Foo { int a[x]; } BEGIN { }",
		  "-e:1:20: syntax error: unexpected 'x', expecting an array size (a number)\n"
		  "struct Foo { int a[x]; } BEGIN { }\n"
		  "                   ^" },
		{ "struct Foo { int a; ",
		  "-e:1:20: syntax error: unexpected end of file, expecting a member or '}'\n"
		  "struct Foo { int a; \n"
		  "                   ^" },
		{ "struct { int a; } BEGIN { }",
		  "-e:1:1: a definition at the top of the program needs a name (struct NAME { ... })\n"
		  "struct { int a; } BEGIN { }\n"
		  "^^^^^^" },
		{ "union Foo { int a; } struct Foo *p; BEGIN { }",
		  "-e:1:29: 'struct Foo': 'Foo' was defined as union Foo at 1:1\n"
		  "union Foo { int a; } struct Foo *p; BEGIN { }\n"
		  "                            ^^^" },
		{ "struct Foo { unsigned x : 33; } BEGIN { }",
		  "-e:1:23: bit-field 'x' is wider (33) than its type 'unsigned int'\n"
		  "struct Foo { unsigned x : 33; } BEGIN { }\n"
		  "                      ^" },
		{ "struct Foo { short long x; } BEGIN { }",
		  "-e:1:14: not a C integer type\n"
		  "struct Foo { short long x; } BEGIN { }\n"
		  "             ^^^^^" },
		{ "struct Foo { int a; }",
		  "-e:1:22: syntax error: unexpected end of file, expecting a probe\n"
		  "struct Foo { int a; }\n"
		  "                     ^" },
	};

	(void)state;
	check_errors(c, ARRAY_SIZE(c));
}

/* sizeof(TYPE) is a cast node the checker turns into the number. */
static void test_sizeof(void **state)
{
	static const struct parse_case c[] = {
		{ "BEGIN { @ = sizeof(struct A *) + sizeof(unsigned long long) + sizeof($x->y); }",
		  "(block (probe BEGIN) (assign = (map @) (+ (+ (cast \"sizeof struct A *\" 0) "
		  "(cast \"sizeof unsigned long long\" 0)) (cast sizeof (-> (var $x) y)))))\n" },
	};
	struct lang_ast *ast = parse_ok("struct A { char c; long l; } struct B { struct A a[3]; char z; } BEGIN { }");
	u64 size = 0;

	(void)state;
	check_dumps(c, ARRAY_SIZE(c));
	assert_int_equal(lang_cdecl_sizeof(ast->cdefs, "struct A", &size), 0);
	assert_int_equal(size, 16);
	assert_int_equal(lang_cdecl_sizeof(ast->cdefs, "struct B", &size), 0);
	assert_int_equal(size, 56);
	assert_int_equal(lang_cdecl_sizeof(ast->cdefs, "struct B **", &size), 0);
	assert_int_equal(size, 8);
	assert_int_equal(lang_cdecl_sizeof(ast->cdefs, "unsigned short int", &size), 0);
	assert_int_equal(size, 2);
	assert_int_equal(lang_cdecl_sizeof(ast->cdefs, "const uint32_t", &size), 0);
	assert_int_equal(size, 4);
	assert_int_equal(lang_cdecl_sizeof(ast->cdefs, "long long", &size), 0);
	assert_int_equal(size, 8);
	assert_int_equal(lang_cdecl_sizeof(ast->cdefs, "struct C", &size), -1);
	assert_int_equal(lang_cdecl_sizeof(ast->cdefs, "task_struct", &size), -1);
	assert_int_equal(lang_cdecl_sizeof(NULL, "int", &size), 0);
	assert_int_equal(size, 4);
	assert_true(lang_cdecl_is_type_word("unsigned", 8));
	assert_true(lang_cdecl_is_type_word("int32_t", 7));
	assert_false(lang_cdecl_is_type_word("arg0", 4));
	lang_ast_free(ast);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_the_briefs_example),
		cmocka_unit_test(test_padding_and_alignment),
		cmocka_unit_test(test_bpftrace_forms),
		cmocka_unit_test(test_unions_anonymous_members_bitfields),
		cmocka_unit_test(test_between_blocks),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_sizeof),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
