/* Tuples of the language: (1, "abc", comm), their types and layouts.
 *
 * A tuple's type lists its elements' types; its value is the elements one
 * after another, each at an 8-byte aligned offset in the slot its type
 * takes as a map value (program.h: integers 8 bytes, strings their size
 * rounded up to 8, a nested tuple its own bytes). Two tuple types that
 * differ only in string sizes hold each other's values after a
 * re-layout (lang_tuple_convert): a map of (s64, string[16]) takes
 * (3, "abc") as bpftrace's maps do. */
#ifndef SCRY_LANG_TUPLE_H
#define SCRY_LANG_TUPLE_H

#include "util/lang/ast.h"

#define LANG_TUPLE_MAX_SIZE 4096  /* bytes of one tuple value */

struct lang_tuple {
	int n;
	struct lang_type *elems;        /* n types */
	u32 *off;                       /* n byte offsets in the value */
	struct lang_ast *ast;           /* the arena a widened copy comes from */
};

/* The type of a tuple of these n element types (copied), from ast's arena. */
struct lang_type lang_tuple_type(struct lang_ast *ast, const struct lang_type *elems, int n);

/* Make dst (a tuple type) able to hold values of src: the same number of
 * elements, integers of the same size, strings widened to the longer,
 * nested tuples alike. False when they cannot be one type (dst is left
 * as it was). */
bool lang_tuple_unify(struct lang_type *dst, const struct lang_type *src);

/* The same type, element by element (sizes included). */
bool lang_type_same(const struct lang_type *a, const struct lang_type *b);

/* bpftrace's spelling of a type in its messages: "(int64,string[2])",
 * "(int8,(int64,int64))". */
const char *lang_tuple_name(const struct lang_type *t, char *buf, size_t len);

/* A value of type st at src written at dst as a value of type dt (which
 * lang_tuple_unify made able to hold it): each element at dt's offset,
 * strings NUL-padded to dt's size. dt's bytes all written. */
void lang_tuple_convert(u8 *dst, const struct lang_type *dt, const u8 *src, const struct lang_type *st);

/* sizeof() of a value of type t as bpftrace 0.17 gives it: a tuple is a
 * C struct of its elements (integers of their own size and alignment,
 * strings char arrays), not scry's 8-byte slots: ((int8)1, (int16)1,
 * (int32)1) is 8 bytes. */
u32 lang_type_c_size(const struct lang_type *t);

#endif
