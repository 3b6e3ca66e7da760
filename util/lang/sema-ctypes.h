/* The checker's part for typed values (sema.c calls these): C types from
 * the probed binary's DWARF or the kernel's BTF (ctypes.h) given to
 * args.NAME of uprobes, retval, curtask and casts, and checked through
 * ->, ., [] and *. Each sets e->type (with its ctype) and the offsets the
 * code generator needs, or reports one error at e's place. */
#ifndef SCRY_LANG_SEMA_CTYPES_H
#define SCRY_LANG_SEMA_CTYPES_H

#include <stdarg.h>

#include "util/lang/program.h"

/* What the checker hands over: the program, the block being checked. */
struct lang_sema_ctx {
	struct lang_program *p;
	int block_idx;
	char *err;
	size_t errlen;
};

/* The program's type table, made on first use. */
struct lang_ctypes *lang_sema_ctypes(struct lang_program *p);

/* A C type as the language's: integers and pointers LT_INT, structs,
 * unions and arrays LT_RECORD; what cannot be read is an error. */
int lang_sema_from_ctype(const struct lang_sema_ctx *c, int id, struct lang_loc loc, const char *what,
			 struct lang_type *out);

/* args.NAME in a uprobe block: the parameter's register and type. */
int lang_sema_uprobe_arg(const struct lang_sema_ctx *c, struct lang_expr *e);
/* retval of uretprobes with DWARF, curtask with BTF: their C types, for
 * an expression about to reach into them (a no-op for others). */
void lang_sema_type_builtin(const struct lang_sema_ctx *c, struct lang_expr *e);
/* E_FIELD, E_INDEX and unary * over a checked base. */
int lang_sema_field(const struct lang_sema_ctx *c, struct lang_expr *e);
int lang_sema_index(const struct lang_sema_ctx *c, struct lang_expr *e);
int lang_sema_deref(const struct lang_sema_ctx *c, struct lang_expr *e);
/* (struct S *)x: S from binary's DWARF, or the kernel's BTF (binary NULL). */
int lang_sema_struct_cast(const struct lang_sema_ctx *c, struct lang_expr *e, const char *binary);

/* sizeof(TYPE) or sizeof(EXPR) (an E_CAST whose type_name is "sizeof TYPE"
 * or "sizeof" over a checked EXPR): the node becomes the number. */
int lang_sema_sizeof(const struct lang_sema_ctx *c, struct lang_expr *e, const char *binary);

#endif
