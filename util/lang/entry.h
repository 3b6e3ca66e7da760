/* latency and entry(E) in return probes (argdist's $latency and
 * $entry(param)): a pass over the parsed tree that writes them in the
 * language itself, with an entry block storing the time and the values
 * per thread and the return block taking them (entry.c shows the shape).
 * lang_parse runs it, so every backend sees only ordinary programs. */
#ifndef SCRY_LANG_ENTRY_H
#define SCRY_LANG_ENTRY_H

#include "util/lang/ast.h"

/* Maps whose names start with this are the rewrite's own: never printed. */
#define LANG_HIDDEN_MAP_PREFIX "@__scry_"
/* Distinct entry() values one block may take. */
#define LANG_MAX_ENTRY_VALUES 8

/* Rewrite every block that uses latency or entry(). Returns 0, or -1 with
 * the error (a use outside a return probe, entry() with other than one
 * argument) in err. */
int lang_entry_desugar(struct lang_ast *ast, char *err, size_t errlen);

#endif
