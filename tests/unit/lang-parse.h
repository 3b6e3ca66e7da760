/* Helpers the language's parser and lexer unit tests share: a program
 * parsed and dumped, or refused with an exact message. */
#ifndef SCRY_TESTS_UNIT_LANG_PARSE_H
#define SCRY_TESTS_UNIT_LANG_PARSE_H

#include "util/lang/ast.h"
#include "util/lang/parser.h"
#include "util/outbuf.h"

struct parse_case {
	const char *src;
	const char *dump;       /* lang_ast_dump, one block a line */
};

struct error_case {
	const char *src;
	const char *err;        /* the whole message: header, source line, caret line */
};

static __attribute__((unused)) struct lang_ast *parse_ok(const char *src)
{
	char err[2048] = "";
	struct lang_ast *ast = lang_parse(src, strlen(src), "-e", err, sizeof(err));

	if (!ast) {
		print_error("parse failed:\n%s\n%s\n", src, err);
		fail();
	}
	assert_string_equal(err, "");
	return ast;
}

static __attribute__((unused)) void check_dump(const char *src, const char *want)
{
	struct lang_ast *ast = parse_ok(src);
	struct outbuf ob;

	outbuf_init_mem(&ob);
	lang_ast_dump(ast, &ob, false);
	if (strcmp(outbuf_cstr(&ob), want)) {
		print_error("program: %s\nwant: %sgot:  %s", src, want, outbuf_cstr(&ob));
		fail();
	}
	outbuf_release(&ob);
	lang_ast_free(ast);
}

static __attribute__((unused)) void check_dumps(const struct parse_case *c, size_t n)
{
	for (size_t i = 0; i < n; i++)
		check_dump(c[i].src, c[i].dump);
}

static __attribute__((unused)) void check_error(const char *src, const char *want)
{
	char err[2048] = "";
	struct lang_ast *ast = lang_parse(src, strlen(src), "-e", err, sizeof(err));

	if (ast) {
		print_error("parsed, expected an error:\n%s\n", src);
		lang_ast_free(ast);
		fail();
	}
	if (strcmp(err, want)) {
		print_error("program: %s\nwant:\n%s\ngot:\n%s\n", src, want, err);
		fail();
	}
}

static __attribute__((unused)) void check_errors(const struct error_case *c, size_t n)
{
	for (size_t i = 0; i < n; i++)
		check_error(c[i].src, c[i].err);
}

#endif
