/* One formatter for the errors of every stage of the language (lexer,
 * parser, checker, code generator, verifier translation), so they all look
 * alike:
 *
 *   -e:1:36: syntax error: unexpected '}', expecting an expression
 *   BEGIN { printf("%d\n", pid); @x = }
 *                                      ^
 *
 * The first line is FILE:LINE:COL: MESSAGE; then the source line as written
 * (tabs kept), then the caret line: the line's tabs copied and every other
 * character (UTF-8 sequence) turned into a space up to the column, then one
 * '^' per character of the located text (at least one, capped at the end of
 * the line). No newline at the end: the command adds its own.
 *
 * Columns count bytes from 1, as struct lang_loc does. */
#ifndef SCRY_LANG_DIAG_H
#define SCRY_LANG_DIAG_H

#include <stdarg.h>
#include <stddef.h>

#include "util/lang/ast.h"

/* Format the message about loc in ast's source into err (errlen bytes,
 * truncated, always NUL-terminated; err may be NULL). Returns -1, so a
 * failing path can end with `return lang_diag(...)`. */
int lang_diag(char *err, size_t errlen, const struct lang_ast *ast, struct lang_loc loc,
	      const char *fmt, ...) __attribute__((format(printf, 5, 6)));

int lang_vdiag(char *err, size_t errlen, const struct lang_ast *ast, struct lang_loc loc,
	       const char *fmt, va_list ap) __attribute__((format(printf, 5, 0)));

/* The same for a source that has no tree (yet, or at all): src/len is the
 * program text, file its name for the message ("-e" or a path; NULL: "-e"). */
int lang_diag_src(char *err, size_t errlen, const char *src, size_t len, const char *file,
		  struct lang_loc loc, const char *fmt, ...) __attribute__((format(printf, 7, 8)));
int lang_vdiag_src(char *err, size_t errlen, const char *src, size_t len, const char *file,
		   struct lang_loc loc, const char *fmt, va_list ap) __attribute__((format(printf, 7, 0)));

#endif
