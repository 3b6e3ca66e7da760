/* C types of the probed programs, for typed values in the language:
 * `args.NAME` of a uprobe (the function's parameters from the binary's
 * DWARF), `retval` of a uretprobe, casts `(struct S *)arg0`, `curtask`
 * (struct task_struct from the kernel's BTF), and what `->`, `.` and `[]`
 * reach from them.
 *
 * One table per program: DWARF (user memory) and BTF (kernel memory) types
 * turned into one small model, each type converted once, when first
 * reached (a struct's members are looked up by name on demand, so a
 * pointer to task_struct does not pull in the kernel's whole type graph).
 * Ids are indexes in the table, stable for its life. The checker (sema.c)
 * asks the questions; the code generator only needs the answers it put in
 * the tree (offsets, sizes, which memory). */
#ifndef SCRY_LANG_CTYPES_H
#define SCRY_LANG_CTYPES_H

#include <stdbool.h>
#include <stddef.h>

#include "util/types.h"

enum lang_ctype_kind {
	LCT_OTHER,      /* floats, functions, what the language cannot read */
	LCT_VOID,
	LCT_INT,        /* integers, enums, bool, char */
	LCT_PTR,
	LCT_ARRAY,
	LCT_STRUCT,
	LCT_UNION,
};

struct lang_ctype {
	enum lang_ctype_kind kind;
	char *name;             /* "struct point", "int", "char *", "long unsigned int[4]" */
	u64 size;               /* bytes (0 when unknown) */
	bool is_signed;         /* LCT_INT */
	bool kernel;            /* from BTF: the memory it describes is the kernel's */
	u32 count;              /* LCT_ARRAY: elements */
};

struct lang_ctypes;

struct lang_ctypes *lang_ctypes_new(void);
void lang_ctypes_free(struct lang_ctypes *t);

/* The type of id (>= 0). */
const struct lang_ctype *lang_ctype_get(const struct lang_ctypes *t, int id);
/* LCT_PTR: the pointee; LCT_ARRAY: the element. -1 for void or unknown. */
int lang_ctype_target(struct lang_ctypes *t, int id);
/* A member of a struct or union by name (anonymous members searched):
 * 0 with its byte offset and type, 1 when it is a bit-field (not
 * readable), -1 when there is none. */
int lang_ctype_member(struct lang_ctypes *t, int id, const char *name, u64 *offset, int *type);
/* The members' names, comma-separated (for "no member X; it has: ..."). */
void lang_ctype_member_names(struct lang_ctypes *t, int id, char *buf, size_t len);
/* A pointer to id (for casts "(struct S *)x"). */
int lang_ctype_pointer_to(struct lang_ctypes *t, int id);

/* A function's parameters and return type from a binary's DWARF (its own
 * .debug_info or the debug file its build-id or debuglink names). */
#define LANG_CFUNC_MAX_PARAMS 16
struct lang_cfunc {
	int nparams;
	struct {
		const char *name;       /* owned by the table */
		int type;               /* -1: a type the table could not convert */
	} params[LANG_CFUNC_MAX_PARAMS];
	int ret;                        /* -1: void or unknown */
};
/* 0, or -1 with one line in err (no DWARF, no such function). */
int lang_ctypes_dwarf_func(struct lang_ctypes *t, const char *binary, const char *func, struct lang_cfunc *out,
			   char *err, size_t errlen);
/* A named type ("struct S", "union U", "S" for a typedef or struct) from a
 * binary's DWARF, or from the kernel's BTF when binary is NULL. The id, or
 * -1 with one line in err. */
int lang_ctypes_lookup(struct lang_ctypes *t, const char *binary, const char *name, char *err, size_t errlen);
/* An enum constant of the kernel's BTF by name (BTF_VAR_STATIC): 1 with
 * *value, 0 when there is none (or no BTF). */
int lang_ctypes_btf_enum_value(struct lang_ctypes *t, const char *name, s64 *value);

/* A type the program defines itself ("struct Foo", cdecl.h), for memory of
 * user space (user) or of the kernel. A struct it only names ("struct Bar
 * *next") is binary's (its DWARF), or the kernel's (BTF) when binary is
 * NULL and !user, when there is one. The id, or -1 when defs has no such
 * type (then ask lang_ctypes_lookup). */
struct lang_cdefs;
int lang_ctypes_program_type(struct lang_ctypes *t, const struct lang_cdefs *defs, const char *name, bool user,
			     const char *binary);

#endif
