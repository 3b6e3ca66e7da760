/* The checker of the aggregation language: gives every expression its
 * type, every scratch variable a slot, every map and format an entry in the
 * program's tables (program.h), and refuses what cannot run, with the place
 * in the program (diag.h).
 *
 * It runs after probes.c has expanded the probes into attachments, since
 * what a block may use depends on where it is attached: args.FIELD needs a
 * tracepoint that has FIELD, retval a return probe, arg0 a function probe. */
#ifndef SCRY_LANG_SEMA_H
#define SCRY_LANG_SEMA_H

#include <stddef.h>

#include "util/lang/program.h"

/* Check p->ast against p->attaches; fill p->maps, p->fmts, the types in
 * the tree and the blocks' variable tables. Returns 0, or -1 with the
 * message (source line and caret included) in err. */
int lang_sema(struct lang_program *p, char *err, size_t errlen);

#endif
