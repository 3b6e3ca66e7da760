/* Unit tests for the language's lexer: every token, numbers, strings and
 * their escapes, comments, probe specs in their own mode, and the lexer's
 * errors with their caret lines. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "tests/unit/lang-parse.h"
#include "util/lang/lexer.h"

/* ---- the lexer ------------------------------------------------------------------------ */

struct lexed {
	struct lang_ast *ast;
	struct lang_lexer lx;
	char err[512];
};

static void lex_start(struct lexed *l, const char *src)
{
	l->ast = lang_ast_new(src, strlen(src), "-e");
	assert_non_null(l->ast);
	l->err[0] = '\0';
	lang_lex_init(&l->lx, l->ast, l->err, sizeof(l->err));
}

static void lex_expect(const char *src, const enum lang_tok *kinds, size_t n)
{
	struct lexed l;
	struct lang_token t;

	lex_start(&l, src);
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(lang_lex_next(&l.lx, &t), 0);
		if (t.kind != kinds[i]) {
			print_error("'%s': token %zu is %s, want %s\n", src, i, lang_lex_tok_name(t.kind),
				    lang_lex_tok_name(kinds[i]));
			fail();
		}
	}
	assert_int_equal(lang_lex_next(&l.lx, &t), 0);
	assert_int_equal(t.kind, TOK_EOF);
	lang_ast_free(l.ast);
}

static void test_lex_operators(void **state)
{
	static const enum lang_tok ops[] = {
		TOK_LPAREN, TOK_RPAREN, TOK_LBRACE, TOK_RBRACE, TOK_LBRACKET, TOK_RBRACKET, TOK_COMMA,
		TOK_SEMI, TOK_COLON, TOK_QUESTION, TOK_DOT, TOK_ARROW, TOK_ASSIGN, TOK_EQ, TOK_NE,
		TOK_LT, TOK_LE, TOK_GT, TOK_GE, TOK_SHL, TOK_SHR, TOK_PLUS, TOK_MINUS, TOK_STAR,
		TOK_SLASH, TOK_PERCENT, TOK_AMP, TOK_PIPE, TOK_CARET, TOK_BANG, TOK_TILDE, TOK_LAND,
		TOK_LOR, TOK_INC, TOK_DEC, TOK_ADD_ASSIGN, TOK_SUB_ASSIGN, TOK_MUL_ASSIGN,
		TOK_DIV_ASSIGN, TOK_MOD_ASSIGN, TOK_AND_ASSIGN, TOK_OR_ASSIGN, TOK_XOR_ASSIGN,
		TOK_SHL_ASSIGN, TOK_SHR_ASSIGN,
	};
	/* Glued together, the longest spelling wins, as in C. */
	static const enum lang_tok glued[] = {
		TOK_SHL_ASSIGN, TOK_SHR, TOK_INC, TOK_PLUS, TOK_ARROW, TOK_DEC, TOK_MINUS, TOK_LAND,
		TOK_AND_ASSIGN, TOK_EQ, TOK_LE, TOK_GE,
	};
	static const enum lang_tok words[] = {
		TOK_IDENT, TOK_IDENT, TOK_VAR, TOK_VAR, TOK_MAP, TOK_MAP, TOK_MAP, TOK_POSITIONAL,
		TOK_POSITIONAL, TOK_PARAMCOUNT, TOK_INT, TOK_STRING,
	};
	/* '/' ends a predicate before '{' or '/', across spaces and lines. */
	static const enum lang_tok slashes[] = {
		TOK_SLASH, TOK_IDENT, TOK_ENDPRED, TOK_LBRACE, TOK_ENDPRED, TOK_ENDPRED, TOK_DIV_ASSIGN,
		TOK_SLASH, TOK_LPAREN,
	};

	(void)state;
	lex_expect("( ) { } [ ] , ; : ? . -> = == != < <= > >= << >> + - * / % & | ^ ! ~ && || ++ -- "
		   "+= -= *= /= %= &= |= ^= <<= >>=", ops, ARRAY_SIZE(ops));
	lex_expect("<<=>>+++->---&&&===<=>=", glued, ARRAY_SIZE(glued));
	lex_expect("if _x9 $v $_1 @ @m @_m2 $1 $42 $# 7 \"s\"", words, ARRAY_SIZE(words));
	lex_expect("/ x /\n\t{ / / /= / (", slashes, ARRAY_SIZE(slashes));
}

static void test_lex_numbers(void **state)
{
	static const struct { const char *text; u64 val; } good[] = {
		{ "0", 0 }, { "7", 7 }, { "1_000_000", 1000000 }, { "0x1F", 31 }, { "0Xff", 255 },
		{ "0x_1", 0 }, /* not a number: see below */
		{ "017", 15 }, { "00", 0 }, { "1e6", 1000000 }, { "2E3", 2000 }, { "25e2", 2500 },
		{ "1_0e1_0", 100000000000ULL }, { "5u", 5 }, { "5U", 5 }, { "6l", 6 }, { "6ul", 6 },
		{ "6lu", 6 }, { "7LL", 7 }, { "7ull", 7 }, { "7LLU", 7 }, { "0x10u", 16 },
		{ "18446744073709551615", UINT64_MAX }, { "0xffffffffffffffff", UINT64_MAX },
		{ "1e19", 10000000000000000000ULL }, { "0e99", 0 },
	};
	static const struct { const char *text, *why; } bad[] = {
		{ "0x", "no digits after 0x" }, { "0x_1", "'_' must stand between two digits" },
		{ "1_", "'_' must stand between two digits" }, { "1__0", "'_' must stand between two digits" },
		{ "08", "invalid digit '8' in an octal number" }, { "0129", "invalid digit '9' in an octal number" },
		{ "18446744073709551616", "out of range (more than 64 bits)" },
		{ "0x10000000000000000", "out of range (more than 64 bits)" },
		{ "2e19", "out of range (more than 64 bits)" }, { "1e", "no digits in the exponent" },
		{ "1e+5", "no digits in the exponent" }, { "12abc", "letters after the digits" },
		{ "5uu", "letters after the digits" }, { "5lll", "letters after the digits" },
		{ "1e5x", "letters after the digits" }, { "0x1g", "letters after the digits" },
		{ "", "not a number" }, { "x1", "not a number" },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(good); i++) {
		u64 v = 12345;
		const char *why;

		if (!strcmp(good[i].text, "0x_1"))
			continue;
		if (lang_lex_number(good[i].text, strlen(good[i].text), &v, &why)) {
			print_error("'%s': %s\n", good[i].text, why);
			fail();
		}
		assert_null(why);
		if (v != good[i].val) {
			print_error("'%s' = %llu\n", good[i].text, (unsigned long long)v);
			fail();
		}
	}
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		u64 v;
		const char *why = NULL;

		if (!lang_lex_number(bad[i].text, strlen(bad[i].text), &v, &why)) {
			print_error("'%s' is a number\n", bad[i].text);
			fail();
		}
		assert_non_null(why);
		assert_string_equal(why, bad[i].why);
	}

	/* Through the lexer: the token's value and extent. */
	{
		struct lexed l;
		struct lang_token t;

		lex_start(&l, "  1_000 0x2a;");
		assert_int_equal(lang_lex_next(&l.lx, &t), 0);
		assert_int_equal(t.kind, TOK_INT);
		assert_int_equal(t.ival, 1000);
		assert_int_equal(t.loc.col, 3);
		assert_int_equal(t.loc.len, 5);
		assert_int_equal(lang_lex_next(&l.lx, &t), 0);
		assert_int_equal(t.ival, 42);
		assert_int_equal(t.loc.off, 8);
		assert_int_equal(lang_lex_next(&l.lx, &t), 0);
		assert_int_equal(t.kind, TOK_SEMI);
		lang_ast_free(l.ast);
	}
}

static void test_lex_strings(void **state)
{
	static const struct { const char *src, *val; u32 len; } c[] = {
		{ "\"\"", "", 0 },
		{ "\"plain text\"", "plain text", 10 },
		{ "\"a\\nb\\tc\\rd\"", "a\nb\tc\rd", 7 },
		{ "\"q\\\"q\\\\\"", "q\"q\\", 4 },
		{ "\"\\101\\60\\0x\"", "A0\0x", 4 },
		{ "\"\\1234\"", "S4", 2 },
		{ "\"\\x41\\x4a\\X6b\\x7\"", "AJk\x07", 4 },
		{ "\"\\x414\"", "A4", 2 },
		{ "\"caf\xc3\xa9\"", "caf\xc3\xa9", 5 },
		{ "\"%s %d\\n\"", "%s %d\n", 6 },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(c); i++) {
		struct lexed l;
		struct lang_token t;

		lex_start(&l, c[i].src);
		if (lang_lex_next(&l.lx, &t)) {
			print_error("%s: %s\n", c[i].src, l.err);
			fail();
		}
		assert_int_equal(t.kind, TOK_STRING);
		assert_int_equal(t.str_len, c[i].len);
		assert_memory_equal(t.str, c[i].val, c[i].len);
		assert_int_equal(t.str[t.str_len], '\0');
		assert_int_equal(t.loc.len, strlen(c[i].src));
		lang_ast_free(l.ast);
	}
}

static void test_lex_comments(void **state)
{
	static const enum lang_tok k[] = {
		TOK_IDENT, TOK_SLASH, TOK_IDENT, TOK_IDENT, TOK_IDENT, TOK_STAR, TOK_IDENT,
	};
	struct lexed l;
	struct lang_token t;

	(void)state;
	lex_expect("a // b\n/ x /* c\n * d */ e /**/f/***/* g", k, ARRAY_SIZE(k));

	/* Lines are counted through comments and strings' neighbours. */
	lex_start(&l, "/* 1\n2\n3 */ x // y\n\r\n  \"s\" z");
	assert_int_equal(lang_lex_next(&l.lx, &t), 0);
	assert_int_equal(t.loc.line, 3);
	assert_int_equal(t.loc.col, 6);
	assert_int_equal(lang_lex_next(&l.lx, &t), 0);
	assert_int_equal(t.kind, TOK_STRING);
	assert_int_equal(t.loc.line, 5);
	assert_int_equal(t.loc.col, 3);
	assert_int_equal(lang_lex_next(&l.lx, &t), 0);
	assert_int_equal(t.loc.col, 7);
	assert_int_equal(lang_lex_next(&l.lx, &t), 0);
	assert_int_equal(t.kind, TOK_EOF);
	assert_int_equal(t.loc.line, 5);
	assert_int_equal(t.loc.col, 8);
	assert_int_equal(t.loc.len, 0);
	lang_ast_free(l.ast);

	/* Only the first line may be a "#!" line. */
	lex_start(&l, "#!/bin/scry\nx");
	assert_int_equal(lang_lex_next(&l.lx, &t), 0);
	assert_int_equal(t.kind, TOK_IDENT);
	assert_int_equal(t.loc.line, 2);
	lang_ast_free(l.ast);
}

static void test_lex_probe_specs(void **state)
{
	static const struct { const char *src, *spec; enum lang_tok next; } c[] = {
		{ "BEGIN{", "BEGIN", TOK_LBRACE },
		{ "BEGIN,END", "BEGIN", TOK_COMMA },
		{ "BEGIN /pid/", "BEGIN", TOK_SLASH },
		{ "tracepoint:syscalls:sys_enter_*/pid/", "tracepoint:syscalls:sys_enter_*", TOK_SLASH },
		{ "  \n// c\n/* d */ t:a:b {", "t:a:b", TOK_LBRACE },
		{ "uprobe:/usr/bin/bash:readline/pid/", "uprobe:/usr/bin/bash:readline", TOK_SLASH },
		{ "uretprobe:/a/b:c{", "uretprobe:/a/b:c", TOK_LBRACE },
		{ "u:/a/b:c,", "u:/a/b:c", TOK_COMMA },
		{ "ur:./x/y:z+0x10 /", "ur:./x/y:z+0x10", TOK_SLASH },
		{ "kprobe:/a/b:c", "kprobe:", TOK_SLASH },
		{ "uprobe:libc:m[a-z]?lloc*{", "uprobe:libc:m[a-z]?lloc*", TOK_LBRACE },
		{ "software:page-faults:1_000\t{", "software:page-faults:1_000", TOK_LBRACE },
		{ "_x.y-z:+1", "_x.y-z:+1", TOK_EOF },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(c); i++) {
		struct lexed l;
		struct lang_token t;

		lex_start(&l, c[i].src);
		assert_int_equal(lang_lex_probe(&l.lx, &t), 0);
		assert_int_equal(t.kind, TOK_PROBE);
		if (t.loc.len != strlen(c[i].spec) || memcmp(c[i].src + t.loc.off, c[i].spec, t.loc.len)) {
			print_error("'%s': spec '%.*s', want '%s'\n", c[i].src, (int)t.loc.len,
				    c[i].src + t.loc.off, c[i].spec);
			fail();
		}
		assert_int_equal(lang_lex_next(&l.lx, &t), 0);
		assert_int_equal(t.kind, c[i].next);
		lang_ast_free(l.ast);
	}

	/* Not a spec: the ordinary token, for the parser's message. */
	{
		struct lexed l;
		struct lang_token t;

		lex_start(&l, " }");
		assert_int_equal(lang_lex_probe(&l.lx, &t), 0);
		assert_int_equal(t.kind, TOK_RBRACE);
		assert_int_equal(lang_lex_probe(&l.lx, &t), 0);
		assert_int_equal(t.kind, TOK_EOF);
		lang_ast_free(l.ast);
	}
}

/* ---- errors ----------------------------------------------------------------------------- */

static void test_lex_errors(void **state)
{
	static const struct error_case c[] = {
		{ "BEGIN { printf(\"abc); }",
		  "-e:1:16: unterminated string\n"
		  "BEGIN { printf(\"abc); }\n"
		  "               ^^^^^^^^" },
		{ "BEGIN {\n\tprintf(\"abc\n\"); }",
		  "-e:2:9: unterminated string\n"
		  "\tprintf(\"abc\n"
		  "\t       ^^^^" },
		{ "BEGIN { \"ab\\\n\" }",
		  "-e:1:9: unterminated string\n"
		  "BEGIN { \"ab\\\n"
		  "        ^^^^" },
		{ "BEGIN { \"x\\",
		  "-e:1:9: unterminated string\n"
		  "BEGIN { \"x\\\n"
		  "        ^^^" },
		{ "BEGIN { /* never\n closed }\n",
		  "-e:1:9: unterminated comment\n"
		  "BEGIN { /* never\n"
		  "        ^^" },
		{ "BEGIN { @ = 1 } /*/",
		  "-e:1:17: unterminated comment\n"
		  "BEGIN { @ = 1 } /*/\n"
		  "                ^^" },
		{ "BEGIN { @ = 09; }",
		  "-e:1:13: invalid number '09': invalid digit '9' in an octal number\n"
		  "BEGIN { @ = 09; }\n"
		  "            ^^" },
		{ "BEGIN { @ = 123abc; }",
		  "-e:1:13: invalid number '123abc': letters after the digits\n"
		  "BEGIN { @ = 123abc; }\n"
		  "            ^^^^^^" },
		{ "BEGIN { @ = 1.5; }",
		  "-e:1:13: invalid number '1.5': only integers are supported\n"
		  "BEGIN { @ = 1.5; }\n"
		  "            ^^^" },
		{ "BEGIN { @ = 0x; }",
		  "-e:1:13: invalid number '0x': no digits after 0x\n"
		  "BEGIN { @ = 0x; }\n"
		  "            ^^" },
		{ "BEGIN { @ = 1_; }",
		  "-e:1:13: invalid number '1_': '_' must stand between two digits\n"
		  "BEGIN { @ = 1_; }\n"
		  "            ^^" },
		{ "BEGIN { @ = 99999999999999999999; }",
		  "-e:1:13: invalid number '99999999999999999999': out of range (more than 64 bits)\n"
		  "BEGIN { @ = 99999999999999999999; }\n"
		  "            ^^^^^^^^^^^^^^^^^^^^" },
		{ "BEGIN { \"\\q\" }",
		  "-e:1:10: invalid escape character '\\q'\n"
		  "BEGIN { \"\\q\" }\n"
		  "         ^^" },
		{ "BEGIN { \"ok \\x\" }",
		  "-e:1:13: invalid escape character '\\x'\n"
		  "BEGIN { \"ok \\x\" }\n"
		  "            ^^" },
		{ "BEGIN { \"\\400\" }",
		  "-e:1:10: octal escape sequence out of range '\\400'\n"
		  "BEGIN { \"\\400\" }\n"
		  "         ^^^^" },
		{ "BEGIN { @ = 1 # 2 }",
		  "-e:1:15: invalid character '#'\n"
		  "BEGIN { @ = 1 # 2 }\n"
		  "              ^" },
		{ "#include <linux/sched.h>\nBEGIN { }",
		  "-e:1:1: preprocessor lines (#include, #define) are not supported\n"
		  "#include <linux/sched.h>\n"
		  "^" },
		{ "BEGIN { }\n  #define X 1\n",
		  "-e:2:3: preprocessor lines (#include, #define) are not supported\n"
		  "  #define X 1\n"
		  "  ^" },
		{ "BEGIN { @ = $ }",
		  "-e:1:13: invalid character '$'\n"
		  "BEGIN { @ = $ }\n"
		  "            ^" },
		{ "BEGIN { @ = 1 ` }",
		  "-e:1:15: invalid character '`'\n"
		  "BEGIN { @ = 1 ` }\n"
		  "              ^" },
		{ "BEGIN { @ = \x01 }",
		  "-e:1:13: invalid character '\\x01'\n"
		  "BEGIN { @ = \x01 }\n"
		  "            ^" },
		/* A byte that is no UTF-8 character is named by its value. */
		{ "BEGIN { @ = \xc3\n}",
		  "-e:1:13: invalid character '\\xc3'\n"
		  "BEGIN { @ = \xc3\n"
		  "            ^" },
		{ "BEGIN { \"a\\\x01\" }",
		  "-e:1:11: invalid escape: '\\' before byte 0x01\n"
		  "BEGIN { \"a\\\x01\" }\n"
		  "          ^^" },
		/* A character of several bytes is one column of caret. */
		{ "BEGIN { @\xc3\xa9 = \xe2\x86\x92 }",
		  "-e:1:10: invalid character '\xc3\xa9'\n"
		  "BEGIN { @\xc3\xa9 = \xe2\x86\x92 }\n"
		  "         ^" },
		{ "BEGIN { printf(\"\xc3\xa9\"); \xe2\x86\x92 }",
		  "-e:1:23: invalid character '\xe2\x86\x92'\n"
		  "BEGIN { printf(\"\xc3\xa9\"); \xe2\x86\x92 }\n"
		  "                     ^" },
	};

	char err[512];

	(void)state;
	check_errors(c, ARRAY_SIZE(c));

	/* A NUL in the program: named, and shown as a space so the message
	 * goes on past it. */
	assert_null(lang_parse("BEGIN { \0 }", 11, "-e", err, sizeof(err)));
	assert_string_equal(err, "-e:1:9: invalid character '\\x00'\n"
				 "BEGIN {   }\n"
				 "        ^");
}


int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lex_operators),
		cmocka_unit_test(test_lex_numbers),
		cmocka_unit_test(test_lex_strings),
		cmocka_unit_test(test_lex_comments),
		cmocka_unit_test(test_lex_probe_specs),
		cmocka_unit_test(test_lex_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
