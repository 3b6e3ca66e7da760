/* Tuple types and values (tuple.h). */
#include "util/lang/tuple.h"

#include <stdio.h>
#include <string.h>

#include "util/lang/program.h"

static u32 round8(u32 n)
{
	return (n + 7) & ~7u;
}

struct lang_type lang_tuple_type(struct lang_ast *ast, const struct lang_type *elems, int n)
{
	struct lang_tuple *tu = lang_alloc(ast, sizeof(*tu));
	u32 off = 0;

	tu->n = n;
	tu->ast = ast;
	tu->elems = lang_alloc(ast, (size_t)n * sizeof(*tu->elems));
	tu->off = lang_alloc(ast, (size_t)n * sizeof(*tu->off));
	for (int i = 0; i < n; i++) {
		tu->elems[i] = elems[i];
		tu->off[i] = off;
		off += round8(lang_type_slot_size(&elems[i]));
	}
	return (struct lang_type){ .kind = LT_TUPLE, .size = off, .tuple = tu };
}

bool lang_type_same(const struct lang_type *a, const struct lang_type *b)
{
	if (a->kind != b->kind)
		return false;
	switch (a->kind) {
	case LT_INT:
		return a->size == b->size && a->is_signed == b->is_signed;
	case LT_STR:
		return a->size == b->size;
	case LT_TUPLE:
		if (a->tuple->n != b->tuple->n)
			return false;
		for (int i = 0; i < a->tuple->n; i++)
			if (!lang_type_same(&a->tuple->elems[i], &b->tuple->elems[i]))
				return false;
		return true;
	default:
		return true;
	}
}

/* Can an element of type dst hold one of type src, and would it have to
 * grow (*grows)? */
static bool elem_fits(const struct lang_type *dst, const struct lang_type *src, bool *grows)
{
	if (dst->kind != src->kind)
		return false;
	switch (dst->kind) {
	case LT_INT:
		/* bpftrace: (int8)1 and 1 are different tuple elements */
		return dst->size == src->size;
	case LT_STR:
		if (src->size > dst->size)
			*grows = true;
		return true;
	case LT_TUPLE:
		if (dst->tuple->n != src->tuple->n)
			return false;
		for (int i = 0; i < dst->tuple->n; i++)
			if (!elem_fits(&dst->tuple->elems[i], &src->tuple->elems[i], grows))
				return false;
		return true;
	default:
		return true;
	}
}

/* dst widened to hold src (elem_fits said it can). */
static struct lang_type widen(const struct lang_type *dst, const struct lang_type *src)
{
	struct lang_type w = *dst;

	if (dst->kind == LT_STR && src->size > dst->size)
		w.size = src->size;
	if (dst->kind == LT_TUPLE) {
		const struct lang_tuple *tu = dst->tuple;
		struct lang_type *el = lang_alloc(tu->ast, (size_t)tu->n * sizeof(*el));

		for (int i = 0; i < tu->n; i++)
			el[i] = widen(&tu->elems[i], &src->tuple->elems[i]);
		w = lang_tuple_type(tu->ast, el, tu->n);
	}
	return w;
}

bool lang_tuple_unify(struct lang_type *dst, const struct lang_type *src)
{
	bool grows = false;

	if (dst->kind != LT_TUPLE || src->kind != LT_TUPLE || !elem_fits(dst, src, &grows))
		return false;
	if (grows)
		*dst = widen(dst, src);
	return true;
}

static size_t put_name(char *buf, size_t len, size_t at, const struct lang_type *t)
{
#define PUT(...) (at += (size_t)snprintf(buf + (at < len ? at : len), at < len ? len - at : 0, __VA_ARGS__))
	switch (t->kind) {
	case LT_INT:
		PUT("%sint%u", t->is_signed ? "" : "u", t->size * 8);
		break;
	case LT_STR:
		PUT("string[%u]", t->size);
		break;
	case LT_TUPLE:
		PUT("(");
		for (int i = 0; i < t->tuple->n; i++) {
			if (i)
				PUT(",");
			at = put_name(buf, len, at, &t->tuple->elems[i]);
		}
		PUT(")");
		break;
	default: {
		char b[32];

		PUT("%s", lang_type_name(t, b, sizeof(b)));
		break;
	}
	}
	return at;
#undef PUT
}

const char *lang_tuple_name(const struct lang_type *t, char *buf, size_t len)
{
	if (len)
		buf[0] = 0;
	put_name(buf, len, 0, t);
	return buf;
}

void lang_tuple_convert(u8 *dst, const struct lang_type *dt, const u8 *src, const struct lang_type *st)
{
	u32 dsize = round8(lang_type_slot_size(dt)), ssize = round8(lang_type_slot_size(st));

	if (dt->kind == LT_TUPLE && st->kind == LT_TUPLE && dt->tuple->n == st->tuple->n) {
		for (int i = 0; i < dt->tuple->n; i++)
			lang_tuple_convert(dst + dt->tuple->off[i], &dt->tuple->elems[i], src + st->tuple->off[i],
					   &st->tuple->elems[i]);
		return;
	}
	memmove(dst, src, ssize < dsize ? ssize : dsize);
	if (ssize < dsize)
		memset(dst + ssize, 0, dsize - ssize);
}

/* The alignment of t's C counterpart. */
static u32 c_align(const struct lang_type *t)
{
	u32 a = 1;

	switch (t->kind) {
	case LT_INT:
		return t->size ? t->size : 8;
	case LT_STR:
		return 1;
	case LT_TUPLE:
		for (int i = 0; i < t->tuple->n; i++) {
			u32 e = c_align(&t->tuple->elems[i]);

			a = e > a ? e : a;
		}
		return a;
	default:
		return 8;
	}
}

u32 lang_type_c_size(const struct lang_type *t)
{
	u32 off = 0, a;

	switch (t->kind) {
	case LT_INT:
	case LT_STR:
		return t->size;
	case LT_TUPLE:
		for (int i = 0; i < t->tuple->n; i++) {
			const struct lang_type *e = &t->tuple->elems[i];

			a = c_align(e);
			off = (off + a - 1) / a * a + lang_type_c_size(e);
		}
		a = c_align(t);
		return (off + a - 1) / a * a;
	default:
		return lang_type_slot_size(t);
	}
}
