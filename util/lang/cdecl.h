/* C definitions written at the top of a program, before the probes, as
 * bpftrace accepts them:
 *
 *   struct Foo { int a; char b[10]; struct Bar *next; unsigned long long c; }
 *   union U { int x; char y[3]; };
 *   enum E { A, B = 3 };
 *
 * Parsed here into a small self-contained type graph laid out as the C ABI
 * of x86-64 does (alignment, padding, bit-fields), kept in the tree
 * (ast->cdefs). The checker then takes "struct Foo" from here before it
 * asks the probed program's DWARF or the kernel's BTF (ctypes.c's
 * lang_ctypes_program_type), so casts, '->', '.', '[]' and '*' work on
 * them unchanged. */
#ifndef SCRY_LANG_CDECL_H
#define SCRY_LANG_CDECL_H

#include <stdbool.h>

#include "util/lang/ast.h"
#include "util/lang/ctypes.h"

struct lang_lexer;

struct lang_cdef_member {
	const char *name;       /* NULL: an anonymous struct or union, its members reached through it */
	u64 offset;             /* bytes from the start of the struct */
	int type;               /* index in lang_cdefs.types */
	u32 bits;               /* a bit-field's width (not readable); 0: a plain member */
};

struct lang_cdef_type {
	enum lang_ctype_kind kind;      /* LCT_INT, LCT_PTR, LCT_ARRAY, LCT_STRUCT, LCT_UNION, LCT_VOID, LCT_OTHER (floats) */
	const char *name;               /* "struct Foo", "unsigned int", "char *", "int[2][3]" */
	const char *tag;                /* struct/union/enum: the tag (NULL: anonymous) */
	u64 size;
	u32 align;
	bool is_signed;                 /* LCT_INT */
	u32 count;                      /* LCT_ARRAY: elements */
	int target;                     /* LCT_PTR: the pointee, LCT_ARRAY: the element; -1: void */
	bool complete;                  /* struct/union/enum: its body was seen */
	struct lang_loc loc;            /* where it was defined (or first named) */
	struct lang_cdef_member *members;
	int nmembers;
};

struct lang_cdef_enumerator {
	const char *name;
	s64 value;
	bool known;                     /* the value was a number, a negated one or an earlier name */
};

struct lang_cdefs {
	struct lang_cdef_type *types;   /* in the tree's arena */
	int ntypes, cap;
	struct lang_cdef_enumerator *enums;     /* every enum's constants, in order (in the arena) */
	int nenums, enums_cap;
};

/* Whether the next token of lx starts a C definition (struct, union or
 * enum), where a probe would otherwise begin. */
bool lang_cdecl_ahead(const struct lang_lexer *lx);

/* Parse one definition from lx into ast->cdefs (created on first use).
 * 0, or -1 with the error (lang_diag's form) in err. */
int lang_cdecl_parse(struct lang_lexer *lx, struct lang_ast *ast, char *err, size_t errlen);

/* The index of the type a cast names ("struct Foo", "union U", "enum E",
 * without '*'), or -1 when the program defines no such type. */
int lang_cdefs_find(const struct lang_cdefs *d, const char *name);

/* An enumerator the program defines: 1 with *value, 0 when there is none,
 * -1 when its value is an expression the definitions parser does not
 * compute. */
int lang_cdefs_enum_value(const struct lang_cdefs *d, const char *name, s64 *value);

/* Whether a word begins a type name: struct/union/enum, C's integer words,
 * void, float, double, the fixed-width names (u32, int32_t, ...). */
bool lang_cdecl_is_type_word(const char *s, size_t len);

/* The size of a type named in C ("unsigned long long", "u32", "char *",
 * "struct Foo **"): pointers are 8; struct/union/enum only from defs (NULL:
 * none). 0 and *size, or -1 when the name is not one of these. */
int lang_cdecl_sizeof(const struct lang_cdefs *defs, const char *name, u64 *size);

#endif
