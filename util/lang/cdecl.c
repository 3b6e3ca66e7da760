/* C definitions at the top of a program (see cdecl.h).
 *
 *   definition = ('struct' | 'union') [TAG] ['{' member* '}'] [';']
 *              | 'enum' [TAG] ['{' NAME ['=' ...] (',' ...)* '}'] [';']
 *   member     = type declarator (',' declarator)* (';' | before '}')
 *              | struct-or-union-with-body ';'      (an anonymous member)
 *   type       = qualifiers and C's integer words ("unsigned long long"),
 *                a fixed-width name (u32, int32_t, __u64, size_t, ...),
 *                void, float, double, or a struct/union/enum (with a body or not)
 *   declarator = '*'* [qualifiers] NAME ('[' INT ']')* [':' INT]
 *
 * Tokens come from the language's own lexer (normal mode). The layout is
 * x86-64's (System V): each member at the next multiple of its alignment, a
 * struct as aligned as its most aligned member and its size a multiple of
 * that; bit-fields packed into units of their declared type, never
 * straddling one. A member's last ';' before '}' may be left out (clang
 * accepts it with a warning, and bpftrace's tests write it so). */
#include "util/lang/cdecl.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "util/lang/diag.h"
#include "util/lang/lexer.h"

#define MAX_NEST 32             /* struct bodies within struct bodies */
#define MAX_DIMS 8              /* [a][b]... */
#define MAX_ARRAY_BYTES (1ull << 32)

struct cparser {
	struct lang_ast *ast;
	struct lang_lexer *lx;
	struct lang_cdefs *d;
	struct lang_token tok;
	struct lang_lexer before;       /* the lexer before tok was read: given back when tok is not ours */
	bool have, failed;
	bool quiet;                     /* looking past the definition: a lexer error there is not ours */
	int depth;
	char *err;
	size_t errlen;
};

/* Integer types under one name: the fixed-width names of the kernel,
 * of <stdint.h>, of bpftrace, and a few common typedefs. */
static const struct { const char *name; u32 size; bool is_signed; } named_ints[] = {
	{ "u8", 1, false }, { "u16", 2, false }, { "u32", 4, false }, { "u64", 8, false },
	{ "s8", 1, true }, { "s16", 2, true }, { "s32", 4, true }, { "s64", 8, true },
	{ "__u8", 1, false }, { "__u16", 2, false }, { "__u32", 4, false }, { "__u64", 8, false },
	{ "__s8", 1, true }, { "__s16", 2, true }, { "__s32", 4, true }, { "__s64", 8, true },
	{ "uint8_t", 1, false }, { "uint16_t", 2, false }, { "uint32_t", 4, false }, { "uint64_t", 8, false },
	{ "int8_t", 1, true }, { "int16_t", 2, true }, { "int32_t", 4, true }, { "int64_t", 8, true },
	{ "uint8", 1, false }, { "uint16", 2, false }, { "uint32", 4, false }, { "uint64", 8, false },
	{ "int8", 1, true }, { "int16", 2, true }, { "int32", 4, true }, { "int64", 8, true },
	{ "size_t", 8, false }, { "ssize_t", 8, true }, { "uintptr_t", 8, false }, { "intptr_t", 8, true },
	{ "off_t", 8, true }, { "loff_t", 8, true }, { "time_t", 8, true }, { "pid_t", 4, true },
	{ "uid_t", 4, false }, { "gid_t", 4, false }, { "bool", 1, false }, { "_Bool", 1, false },
};

/* Words that qualify a type and change nothing of its layout. */
static const char *const qualifiers[] = { "const", "volatile", "restrict", "__restrict", "static", "register" };

/* ---- tokens ------------------------------------------------------------------------- */

static int fail(struct cparser *p, struct lang_loc loc, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static int fail(struct cparser *p, struct lang_loc loc, const char *fmt, ...)
{
	va_list ap;

	if (p->failed)
		return -1;
	p->failed = true;
	va_start(ap, fmt);
	lang_vdiag(p->err, p->errlen, p->ast, loc, fmt, ap);
	va_end(ap);
	return -1;
}

static const struct lang_token *cur(struct cparser *p)
{
	if (!p->have) {
		p->before = *p->lx;
		if (p->quiet && !p->failed) {
			struct lang_lexer copy = *p->lx;

			copy.err = NULL;
			copy.errlen = 0;
			if (lang_lex_next(&copy, &p->tok) < 0) {
				p->tok.kind = TOK_EOF;
				p->tok.loc = p->lx->end;
			} else {
				copy.err = p->lx->err;
				copy.errlen = p->lx->errlen;
				*p->lx = copy;
			}
		} else if (p->failed || lang_lex_next(p->lx, &p->tok) < 0) {
			p->failed = true;
			p->tok.kind = TOK_EOF;
			p->tok.loc = p->lx->end;
		}
		p->have = true;
	}
	return &p->tok;
}

static void advance(struct cparser *p)
{
	cur(p);
	p->have = false;
}

static bool is_word(const struct cparser *p, const struct lang_token *t, const char *w)
{
	return t->kind == TOK_IDENT && t->loc.len == strlen(w) && !memcmp(p->ast->src + t->loc.off, w, t->loc.len);
}

static bool is_qualifier(const struct cparser *p, const struct lang_token *t)
{
	for (size_t i = 0; i < ARRAY_SIZE(qualifiers); i++)
		if (is_word(p, t, qualifiers[i]))
			return true;
	return false;
}

static int unexpected(struct cparser *p, const char *expecting)
{
	const struct lang_token *t = cur(p);

	if (t->kind == TOK_EOF || t->kind == TOK_STRING)
		return fail(p, t->loc, "syntax error: unexpected %s, expecting %s", lang_lex_tok_name(t->kind),
			    expecting);
	return fail(p, t->loc, "syntax error: unexpected '%.*s', expecting %s", (int)MIN(t->loc.len, 40u),
		    p->ast->src + t->loc.off, expecting);
}

static char *tok_str(struct cparser *p, const struct lang_token *t)
{
	return lang_strdup(p->ast, p->ast->src + t->loc.off, t->loc.len);
}

/* ---- the type graph --------------------------------------------------------------------- */

static int add_type(struct cparser *p, const struct lang_cdef_type *t)
{
	struct lang_cdefs *d = p->d;

	if (d->ntypes == d->cap) {
		struct lang_cdef_type *v = lang_alloc(p->ast, (size_t)(d->cap ? 2 * d->cap : 16) * sizeof(*v));

		if (d->ntypes)
			memcpy(v, d->types, (size_t)d->ntypes * sizeof(*v));
		d->types = v;
		d->cap = d->cap ? 2 * d->cap : 16;
	}
	d->types[d->ntypes] = *t;
	return d->ntypes++;
}

/* A scalar, pointer or array type, shared by every use of it. */
static int shared_type(struct cparser *p, const struct lang_cdef_type *t)
{
	for (int i = 0; i < p->d->ntypes; i++) {
		const struct lang_cdef_type *o = &p->d->types[i];

		if (o->kind == t->kind && !o->tag && o->target == t->target && o->count == t->count &&
		    o->size == t->size && !strcmp(o->name, t->name))
			return i;
	}
	return add_type(p, t);
}

static int int_type(struct cparser *p, const char *name, u32 size, bool is_signed)
{
	struct lang_cdef_type t = { .kind = LCT_INT, .name = name, .size = size, .align = size,
				    .is_signed = is_signed, .target = -1, .complete = true };

	return shared_type(p, &t);
}

static int pointer_type(struct cparser *p, int to)
{
	char name[300];
	struct lang_cdef_type t = { .kind = LCT_PTR, .size = 8, .align = 8, .target = to, .complete = true };
	const char *tn = to >= 0 ? p->d->types[to].name : "void";

	snprintf(name, sizeof(name), "%s%s*", tn, tn[strlen(tn) - 1] == '*' ? "" : " ");
	t.name = lang_strdup(p->ast, name, strlen(name));
	return shared_type(p, &t);
}

/* An array of count elem: named as C writes it, the new dimension first
 * ("int[2][3]" is 2 of int[3]). */
static int array_type(struct cparser *p, int elem, u32 count, struct lang_loc loc)
{
	const struct lang_cdef_type *e = &p->d->types[elem];
	struct lang_cdef_type t = { .kind = LCT_ARRAY, .target = elem, .count = count, .align = e->align,
				    .complete = true };
	const char *br = strchr(e->name, '[');
	char name[300];

	if (!e->size && e->kind != LCT_ARRAY)
		return fail(p, loc, "an array of '%s', whose size is unknown", e->name);
	if (e->size * count >= MAX_ARRAY_BYTES)
		return fail(p, loc, "an array of %u '%s' is too large", count, e->name);
	t.size = e->size * count;
	if (br)
		snprintf(name, sizeof(name), "%.*s[%u]%s", (int)(br - e->name), e->name, count, br);
	else
		snprintf(name, sizeof(name), "%s[%u]", e->name, count);
	t.name = lang_strdup(p->ast, name, strlen(name));
	return shared_type(p, &t);
}

/* The struct, union or enum of that tag, created incomplete when first
 * named. Struct and union tags share C's one namespace. */
static int tagged_type(struct cparser *p, enum lang_ctype_kind kind, const char *kw, const struct lang_token *tag)
{
	char name[200];
	struct lang_cdef_type t = { .kind = kind, .target = -1, .align = 1, .loc = tag->loc };

	for (int i = 0; i < p->d->ntypes; i++) {
		struct lang_cdef_type *o = &p->d->types[i];

		if (!o->tag || o->tag[0] == '\0' || strlen(o->tag) != tag->loc.len ||
		    memcmp(o->tag, p->ast->src + tag->loc.off, tag->loc.len))
			continue;
		if (strncmp(o->name, kw, strlen(kw)) || o->name[strlen(kw)] != ' ')
			return fail(p, tag->loc, "'%s %s': '%s' was defined as %s at %u:%u", kw, o->tag, o->tag, o->name,
				    o->loc.line, o->loc.col);
		return i;
	}
	t.tag = tok_str(p, tag);
	snprintf(name, sizeof(name), "%s %s", kw, t.tag);
	t.name = lang_strdup(p->ast, name, strlen(name));
	return add_type(p, &t);
}

static u64 align_up(u64 v, u64 a)
{
	return a > 1 ? (v + a - 1) / a * a : v;
}

/* ---- parsing ---------------------------------------------------------------------------- */

static int parse_type(struct cparser *p, int *out, bool *anon_body);

/* C's integer words in any order: [signed|unsigned] [char|short|int|long|long long]. */
static int parse_int_words(struct cparser *p, int *out)
{
	int nsigned = 0, nunsigned = 0, nchar = 0, nshort = 0, nint = 0, nlong = 0;
	struct lang_loc start = cur(p)->loc;
	const char *name;
	u32 size;

	for (;;) {
		const struct lang_token *t = cur(p);

		if (is_word(p, t, "signed") || is_word(p, t, "__signed__"))
			nsigned++;
		else if (is_word(p, t, "unsigned"))
			nunsigned++;
		else if (is_word(p, t, "char"))
			nchar++;
		else if (is_word(p, t, "short"))
			nshort++;
		else if (is_word(p, t, "int"))
			nint++;
		else if (is_word(p, t, "long"))
			nlong++;
		else if (!is_qualifier(p, t))
			break;
		advance(p);
	}
	if ((nsigned && nunsigned) || nsigned > 1 || nunsigned > 1 || nchar > 1 || nshort > 1 || nint > 1 ||
	    nlong > 2 || (nchar && (nshort || nint || nlong)) || (nshort && nlong))
		return fail(p, start, "not a C integer type");
	if (nchar) {
		size = 1;
		name = nunsigned ? "unsigned char" : nsigned ? "signed char" : "char";
	} else if (nshort) {
		size = 2;
		name = nunsigned ? "unsigned short" : "short";
	} else if (nlong == 2) {
		size = 8;
		name = nunsigned ? "unsigned long long" : "long long";
	} else if (nlong) {
		size = 8;
		name = nunsigned ? "unsigned long" : "long";
	} else {
		size = 4;
		name = nunsigned ? "unsigned int" : "int";
	}
	*out = int_type(p, name, size, !nunsigned);
	return 0;
}

static int parse_members(struct cparser *p, int id);

static struct lang_cdef_enumerator *add_enumerator(struct cparser *p, const char *name)
{
	struct lang_cdefs *d = p->d;

	if (d->nenums == d->enums_cap) {     /* in the arena, as the types */
		struct lang_cdef_enumerator *v;

		d->enums_cap = d->enums_cap ? 2 * d->enums_cap : 16;
		v = lang_alloc(p->ast, (size_t)d->enums_cap * sizeof(*v));
		if (d->nenums)
			memcpy(v, d->enums, (size_t)d->nenums * sizeof(*v));
		d->enums = v;
	}
	d->enums[d->nenums] = (struct lang_cdef_enumerator){ .name = name };
	return &d->enums[d->nenums++];
}

static int parse_enum_body(struct cparser *p)
{
	s64 next = 0;
	bool next_known = true;

	advance(p);             /* '{' */
	while (cur(p)->kind != TOK_RBRACE) {
		struct lang_cdef_enumerator *en;

		if (cur(p)->kind != TOK_IDENT)
			return unexpected(p, "an enumerator name");
		en = add_enumerator(p, tok_str(p, cur(p)));
		en->value = next;
		en->known = next_known;
		advance(p);
		if (cur(p)->kind == TOK_ASSIGN) {
			bool neg = false;
			int n = 0;
			s64 v = 0;

			advance(p);
			/* the value: N, -N or an earlier enumerator; anything
			 * else is skipped and the constant has no known value */
			en->known = false;
			while (cur(p)->kind != TOK_COMMA && cur(p)->kind != TOK_RBRACE) {
				const struct lang_token *t = cur(p);

				if (t->kind == TOK_EOF || t->kind == TOK_SEMI || t->kind == TOK_LBRACE)
					return unexpected(p, "',' or '}'");
				if (n == 0 && t->kind == TOK_MINUS) {
					neg = true;
				} else if ((n == 0 || (n == 1 && neg)) && t->kind == TOK_INT) {
					v = (s64)t->ival;
					en->known = true;
				} else if (n == 0 && t->kind == TOK_IDENT) {
					char *ref = tok_str(p, t);

					en->known = lang_cdefs_enum_value(p->d, ref, &v) == 1;
				} else {
					en->known = false;
					n = 100;
				}
				n++;
				advance(p);
			}
			if (n > 2 || (n == 2 && !neg))
				en->known = false;
			en->value = neg ? -v : v;
		}
		next = en->value + 1;
		next_known = en->known;
		if (cur(p)->kind == TOK_COMMA)
			advance(p);
		else if (cur(p)->kind != TOK_RBRACE)
			return unexpected(p, "',' or '}'");
	}
	advance(p);
	return 0;
}

/* struct/union/enum [TAG] [body]: *out the type; *anon_body when it had a
 * body and no tag (an anonymous member if no declarator follows). */
static int parse_tagged(struct cparser *p, int *out, bool *anon_body)
{
	const struct lang_token *kwt = cur(p);
	const char *kw = is_word(p, kwt, "struct") ? "struct" : is_word(p, kwt, "union") ? "union" : "enum";
	enum lang_ctype_kind kind = kw[0] == 's' ? LCT_STRUCT : kw[0] == 'u' ? LCT_UNION : LCT_INT;
	struct lang_loc kloc = kwt->loc;
	int id;

	advance(p);
	if (cur(p)->kind == TOK_IDENT) {
		id = tagged_type(p, kind, kw, cur(p));
		if (id < 0)
			return -1;
		advance(p);
		/* at the top, what follows "struct Foo" may be a probe */
		p->quiet = p->depth == 0;
		if (cur(p)->kind == TOK_LBRACE)
			p->quiet = false;
	} else if (cur(p)->kind == TOK_LBRACE) {
		struct lang_cdef_type t = { .kind = kind, .target = -1, .align = 1, .loc = kloc };
		char name[64];

		snprintf(name, sizeof(name), "%s (anonymous)", kw);
		t.name = lang_strdup(p->ast, name, strlen(name));
		id = add_type(p, &t);
		if (anon_body)
			*anon_body = true;
	} else {
		return unexpected(p, "a name or '{'");
	}
	*out = id;
	if (cur(p)->kind != TOK_LBRACE)
		return 0;
	if (p->d->types[id].complete)
		return fail(p, cur(p)->loc, "%s is defined twice (first at %u:%u)", p->d->types[id].name,
			    p->d->types[id].loc.line, p->d->types[id].loc.col);
	p->d->types[id].loc = kloc;
	if (kind == LCT_INT) {
		if (parse_enum_body(p))
			return -1;
		p->d->types[id].size = p->d->types[id].align = 4;
		p->d->types[id].complete = true;
		return 0;
	}
	return parse_members(p, id);
}

static int parse_type(struct cparser *p, int *out, bool *anon_body)
{
	const struct lang_token *t;

	while (is_qualifier(p, cur(p)))
		advance(p);
	t = cur(p);
	if (t->kind != TOK_IDENT)
		return unexpected(p, "a type");
	if (is_word(p, t, "struct") || is_word(p, t, "union") || is_word(p, t, "enum")) {
		if (parse_tagged(p, out, anon_body))
			return -1;
	} else if (is_word(p, t, "signed") || is_word(p, t, "unsigned") || is_word(p, t, "__signed__") ||
		   is_word(p, t, "char") || is_word(p, t, "short") || is_word(p, t, "int") || is_word(p, t, "long")) {
		if (parse_int_words(p, out))
			return -1;
	} else if (is_word(p, t, "void")) {
		*out = -1;
		advance(p);
	} else if (is_word(p, t, "float") || is_word(p, t, "double")) {
		struct lang_cdef_type ft = { .kind = LCT_OTHER, .size = t->loc.len == 5 ? 4 : 8,
					     .align = t->loc.len == 5 ? 4 : 8, .target = -1, .complete = true,
					     .name = t->loc.len == 5 ? "float" : "double" };

		*out = shared_type(p, &ft);
		advance(p);
	} else {
		size_t i;

		for (i = 0; i < ARRAY_SIZE(named_ints); i++)
			if (is_word(p, t, named_ints[i].name))
				break;
		if (i == ARRAY_SIZE(named_ints))
			return fail(p, t->loc, "unknown type '%.*s' in a C definition (the program's own "
				    "definitions, C's integer types, u8..u64, int8_t..uint64_t, struct/union/enum)",
				    (int)MIN(t->loc.len, 60u), p->ast->src + t->loc.off);
		*out = int_type(p, named_ints[i].name, named_ints[i].size, named_ints[i].is_signed);
		advance(p);
	}
	while (is_qualifier(p, cur(p)))
		advance(p);
	return 0;
}

/* Lay out one member of struct/union id at *bitpos (struct) and record it. */
static int place_member(struct cparser *p, int id, const char *name, int type, u32 width, bool is_bitfield,
			struct lang_loc loc, u64 *bitpos)
{
	struct lang_cdef_type *s = &p->d->types[id];
	const struct lang_cdef_type *mt = type >= 0 ? &p->d->types[type] : NULL;
	struct lang_cdef_member m = { .name = name, .type = type, .bits = width };
	u64 align = mt ? mt->align : 1, size = mt ? mt->size : 0;

	if (!mt || mt->kind == LCT_VOID)
		return fail(p, loc, "member '%s' has type void", name ? name : "(anonymous)");
	if (!mt->complete || (!size && mt->kind != LCT_ARRAY))
		return fail(p, loc, "member '%s' has an incomplete type '%s' (define it before, or use a pointer)",
			    name ? name : "(anonymous)", mt->name);
	if (is_bitfield) {
		if (mt->kind != LCT_INT)
			return fail(p, loc, "bit-field '%s' is not an integer", name ? name : "(anonymous)");
		if (width > 8 * size)
			return fail(p, loc, "bit-field '%s' is wider (%u) than its type '%s'", name ? name : "(anonymous)",
				    width, mt->name);
	}
	if (s->kind == LCT_UNION) {
		m.offset = 0;
		if (size > s->size)
			s->size = size;
	} else if (is_bitfield) {
		u64 unit = 8 * align;

		if (!width || *bitpos / unit != (*bitpos + width - 1) / unit)
			*bitpos = align_up(*bitpos, unit);
		m.offset = *bitpos / 8 / align * align;
		*bitpos += width;
	} else {
		*bitpos = align_up(align_up(*bitpos, 8) / 8, align) * 8;
		m.offset = *bitpos / 8;
		*bitpos += 8 * size;
	}
	if (align > s->align)
		s->align = (u32)align;
	if (!is_bitfield || width) {
		/* an unnamed bit-field only pads; the members array grows in the arena */
		if (!(is_bitfield && !name)) {
			struct lang_cdef_member *v = lang_alloc(p->ast, (size_t)(s->nmembers + 1) * sizeof(*v));

			if (s->nmembers)
				memcpy(v, s->members, (size_t)s->nmembers * sizeof(*v));
			v[s->nmembers++] = m;
			s->members = v;
		}
	}
	return 0;
}

/* '*'* NAME ('[' N ']')* [':' N] */
static int parse_declarator(struct cparser *p, int id, int base, u64 *bitpos)
{
	u32 dims[MAX_DIMS], width = 0;
	int ndims = 0, type = base;
	bool bitfield = false;
	struct lang_loc loc;
	const char *name = NULL;

	while (cur(p)->kind == TOK_STAR) {
		advance(p);
		type = pointer_type(p, type);
		while (is_qualifier(p, cur(p)))
			advance(p);
	}
	loc = cur(p)->loc;
	if (cur(p)->kind == TOK_IDENT) {
		name = tok_str(p, cur(p));
		advance(p);
	} else if (cur(p)->kind != TOK_COLON) {
		return unexpected(p, "a member name");
	}
	while (cur(p)->kind == TOK_LBRACKET) {
		advance(p);
		if (cur(p)->kind != TOK_INT)
			return unexpected(p, "an array size (a number)");
		if (ndims == MAX_DIMS)
			return fail(p, cur(p)->loc, "more than %d array dimensions", MAX_DIMS);
		if (cur(p)->ival > UINT32_MAX)
			return fail(p, cur(p)->loc, "array size %llu is too large", (unsigned long long)cur(p)->ival);
		dims[ndims++] = (u32)cur(p)->ival;
		advance(p);
		if (cur(p)->kind != TOK_RBRACKET)
			return unexpected(p, "']'");
		advance(p);
	}
	for (int i = ndims - 1; i >= 0; i--) {
		if (type < 0)
			return fail(p, loc, "an array of void");
		type = array_type(p, type, dims[i], loc);
		if (type < 0)
			return -1;
	}
	if (cur(p)->kind == TOK_COLON) {
		advance(p);
		if (cur(p)->kind != TOK_INT)
			return unexpected(p, "a bit-field width (a number)");
		if (cur(p)->ival > 64 || (!cur(p)->ival && name))
			return fail(p, cur(p)->loc, "bit-field '%s' has width %llu", name ? name : "(anonymous)",
				    (unsigned long long)cur(p)->ival);
		width = (u32)cur(p)->ival;
		bitfield = true;
		advance(p);
	}
	if (name) {
		const struct lang_cdef_type *s = &p->d->types[id];

		for (int i = 0; i < s->nmembers; i++)
			if (s->members[i].name && !strcmp(s->members[i].name, name))
				return fail(p, loc, "%s has two members named '%s'", s->name, name);
	}
	return place_member(p, id, name, type, width, bitfield, loc, bitpos);
}

/* '{' member* '}' of struct/union id: its members laid out, its size. */
static int parse_members(struct cparser *p, int id)
{
	struct lang_loc open = cur(p)->loc;
	u64 bitpos = 0;

	if (++p->depth > MAX_NEST)
		return fail(p, open, "struct definitions nest too deeply (more than %d levels)", MAX_NEST);
	advance(p);             /* '{' */
	while (cur(p)->kind != TOK_RBRACE) {
		int type;
		bool anon = false;
		struct lang_loc loc = cur(p)->loc;

		if (cur(p)->kind == TOK_SEMI) {
			advance(p);
			continue;
		}
		if (cur(p)->kind == TOK_EOF)
			return unexpected(p, "a member or '}'");
		if (parse_type(p, &type, &anon))
			return -1;
		if (anon && (cur(p)->kind == TOK_SEMI || cur(p)->kind == TOK_RBRACE)) {
			if (p->d->types[type].kind == LCT_INT)
				return fail(p, loc, "an enum declares no member");
			if (place_member(p, id, NULL, type, 0, false, loc, &bitpos))
				return -1;
		} else if (type >= 0 && p->d->types[type].tag &&
			   (cur(p)->kind == TOK_SEMI || cur(p)->kind == TOK_RBRACE)) {
			/* "struct Bar { ... };" nested: declares the tag only */
		} else {
			for (;;) {
				if (parse_declarator(p, id, type, &bitpos))
					return -1;
				if (cur(p)->kind != TOK_COMMA)
					break;
				advance(p);
			}
		}
		if (cur(p)->kind == TOK_SEMI)
			advance(p);
		else if (cur(p)->kind != TOK_RBRACE)
			return unexpected(p, "';' or '}'");
	}
	advance(p);             /* '}' */
	{
		struct lang_cdef_type *s = &p->d->types[id];

		if (s->kind == LCT_STRUCT)
			s->size = align_up(bitpos, 8) / 8;
		s->size = align_up(s->size, s->align);
		s->complete = true;
	}
	p->depth--;
	return 0;
}

/* ---- entry points ---------------------------------------------------------------------- */

bool lang_cdecl_ahead(const struct lang_lexer *lx)
{
	struct lang_lexer copy = *lx;
	struct lang_token t;
	const char *s;

	copy.err = NULL;
	copy.errlen = 0;
	if (lang_lex_next(&copy, &t) < 0 || t.kind != TOK_IDENT)
		return false;
	s = lx->ast->src + t.loc.off;
	return (t.loc.len == 6 && (!memcmp(s, "struct", 6))) || (t.loc.len == 5 && !memcmp(s, "union", 5)) ||
	       (t.loc.len == 4 && !memcmp(s, "enum", 4));
}

int lang_cdecl_parse(struct lang_lexer *lx, struct lang_ast *ast, char *err, size_t errlen)
{
	struct cparser p = { .ast = ast, .lx = lx, .err = err, .errlen = errlen };
	struct lang_loc start;
	int id;
	bool anon = false;

	if (!ast->cdefs)
		ast->cdefs = lang_alloc(ast, sizeof(*ast->cdefs));
	p.d = ast->cdefs;
	start = cur(&p)->loc;
	if (parse_tagged(&p, &id, &anon))
		return -1;
	if (anon)
		return fail(&p, start, "a definition at the top of the program needs a name (struct NAME { ... })");
	if (p.failed)
		return -1;
	/* An optional ';', looked for without consuming what follows (a
	 * probe, lexed in its own mode by the parser). */
	p.quiet = true;
	if (cur(&p)->kind == TOK_SEMI)
		advance(&p);
	if (p.have)
		*lx = p.before;
	return 0;
}

int lang_cdefs_enum_value(const struct lang_cdefs *d, const char *name, s64 *value)
{
	if (!d)
		return 0;
	for (int i = d->nenums - 1; i >= 0; i--)
		if (!strcmp(d->enums[i].name, name)) {
			*value = d->enums[i].value;
			return d->enums[i].known ? 1 : -1;
		}
	return 0;
}

int lang_cdefs_find(const struct lang_cdefs *d, const char *name)
{
	if (!d)
		return -1;
	for (int i = 0; i < d->ntypes; i++)
		if (d->types[i].tag && !strcmp(d->types[i].name, name))
			return i;
	return -1;
}

/* ---- type names outside definitions (sizeof) ------------------------------------------- */

static const char *const int_words[] = { "signed", "unsigned", "__signed__", "char", "short", "int", "long" };

bool lang_cdecl_is_type_word(const char *s, size_t len)
{
	static const char *const others[] = { "struct", "union", "enum", "void", "float", "double", "const", "volatile" };

	for (size_t i = 0; i < ARRAY_SIZE(int_words); i++)
		if (strlen(int_words[i]) == len && !memcmp(s, int_words[i], len))
			return true;
	for (size_t i = 0; i < ARRAY_SIZE(others); i++)
		if (strlen(others[i]) == len && !memcmp(s, others[i], len))
			return true;
	for (size_t i = 0; i < ARRAY_SIZE(named_ints); i++)
		if (strlen(named_ints[i].name) == len && !memcmp(s, named_ints[i].name, len))
			return true;
	return false;
}

int lang_cdecl_sizeof(const struct lang_cdefs *defs, const char *name, u64 *size)
{
	char buf[256], *save = NULL;
	size_t n;
	const char *w;
	int nlong = 0;
	bool any = false, other = false;

	if (strchr(name, '*')) {
		*size = 8;
		return 0;
	}
	if (!strncmp(name, "struct ", 7) || !strncmp(name, "union ", 6) || !strncmp(name, "enum ", 5)) {
		int i = lang_cdefs_find(defs, name);

		if (i < 0 || !defs->types[i].complete)
			return -1;
		*size = defs->types[i].size;
		return 0;
	}
	snprintf(buf, sizeof(buf), "%s", name);
	*size = 4;
	for (w = strtok_r(buf, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
		size_t i;

		n = strlen(w);
		if (!strcmp(w, "const") || !strcmp(w, "volatile") || !strcmp(w, "signed") ||
		    !strcmp(w, "unsigned") || !strcmp(w, "__signed__") || !strcmp(w, "int")) {
			any = true;
			continue;
		}
		if (!strcmp(w, "char") || !strcmp(w, "short") || !strcmp(w, "float") || !strcmp(w, "double") ||
		    !strcmp(w, "long")) {
			nlong += w[0] == 'l';
			*size = w[0] == 'c' ? 1 : w[0] == 's' ? 2 : w[0] == 'f' ? 4 : 8;
			any = true;
			continue;
		}
		for (i = 0; i < ARRAY_SIZE(named_ints); i++)
			if (strlen(named_ints[i].name) == n && !strcmp(named_ints[i].name, w))
				break;
		if (i == ARRAY_SIZE(named_ints))
			return -1;
		*size = named_ints[i].size;
		other = true;
	}
	(void)nlong;
	return any || other ? 0 : -1;
}
