/* The parser of the aggregation language: program text to syntax tree.
 *
 * Recursive descent over bpftrace's grammar (src/parser.yy of bpftrace
 * 0.17): blocks of probes with an optional /predicate/, statements, and C's
 * expression precedence. It fills the tree's syntax only: types, variable
 * slots, map and format ids are the checker's (sema.c); call.id is set for
 * the functions the language knows and F_UNKNOWN otherwise. */
#ifndef SCRY_LANG_PARSER_H
#define SCRY_LANG_PARSER_H

#include <stddef.h>

#include "util/lang/ast.h"

/* Parse src (len bytes; need not be NUL-terminated) named file ("-e" or a
 * path) in messages. Returns a tree the caller frees with lang_ast_free(),
 * or NULL with the first error in err (lang_diag's form: "FILE:LINE:COL:
 * message", the source line and a caret line; no trailing newline). */
struct lang_ast *lang_parse(const char *src, size_t len, const char *file, char *err, size_t errlen);
/* The same with the program's positional parameters ($1.. given after
 * it), which bpftrace also allows in probe specs ("interval:ms:$1") and
 * unroll counts: those are put in as the parser meets them. */
struct lang_ast *lang_parse_args(const char *src, size_t len, const char *file, const char *const *positional,
				 int npositional, char *err, size_t errlen);

#endif
