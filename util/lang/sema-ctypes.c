/* The checker's part for typed values (see sema-ctypes.h): a uprobe's
 * args.NAME from the function's DWARF, a uretprobe's retval and curtask
 * given their C types when something reaches into them, casts to struct
 * pointers, and ->, ., [] and * over those types. */
#include "util/lang/sema-ctypes.h"

#include <stdio.h>
#include <string.h>

#include "util/lang/cdecl.h"
#include "util/lang/ctypes.h"
#include "util/lang/diag.h"
#include "util/lang/tuple.h"

struct lang_ctypes *lang_sema_ctypes(struct lang_program *p)
{
	if (!p->ctypes)
		p->ctypes = lang_ctypes_new();
	return p->ctypes;
}

static int cerr(const struct lang_sema_ctx *c, struct lang_loc loc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int cerr(const struct lang_sema_ctx *c, struct lang_loc loc, const char *fmt, ...)
{
	char msg[600];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return lang_diag(c->err, c->errlen, c->p->ast, loc, "%s", msg);
}

static const char *cname(struct lang_program *p, int id)
{
	const struct lang_ctype *t = id >= 0 ? lang_ctype_get(lang_sema_ctypes(p), id) : NULL;

	return t ? t->name : "void";
}

int lang_sema_from_ctype(const struct lang_sema_ctx *c, int id, struct lang_loc loc, const char *what,
			 struct lang_type *out)
{
	const struct lang_ctype *t = id >= 0 ? lang_ctype_get(lang_sema_ctypes(c->p), id) : NULL;

	if (!t)
		return cerr(c, loc, "%s: its type is unknown to the DWARF or BTF scry read", what);
	switch (t->kind) {
	case LCT_INT:
		if (t->size != 1 && t->size != 2 && t->size != 4 && t->size != 8)
			return cerr(c, loc, "%s has type '%s' (%llu bytes): not readable as an integer", what, t->name,
				    (unsigned long long)t->size);
		*out = (struct lang_type){ .kind = LT_INT, .size = 8, .is_signed = t->is_signed, .ctype = id + 1 };
		return 0;
	case LCT_PTR:
		*out = (struct lang_type){ .kind = LT_INT, .size = 8, .ctype = id + 1 };
		return 0;
	case LCT_ARRAY: {
		/* char name[N]: a string, as bpftrace reads it (map keys,
		 * printf's %s, ==) */
		int el = lang_ctype_target(lang_sema_ctypes(c->p), id);
		const struct lang_ctype *et = el >= 0 ? lang_ctype_get(lang_sema_ctypes(c->p), el) : NULL;

		t = lang_ctype_get(lang_sema_ctypes(c->p), id);
		if (et && et->kind == LCT_INT && et->size == 1 && t->count && t->count < 4096) {
			*out = (struct lang_type){ .kind = LT_STR, .size = t->count + 1, .ctype = id + 1 };
			return 0;
		}
	}
		/* fallthrough */
	case LCT_STRUCT:
	case LCT_UNION:
		if (!t->size || t->size > 0x7fffffff)
			return cerr(c, loc, "%s has type '%s' of unknown size", what, t->name);
		*out = (struct lang_type){ .kind = LT_RECORD, .size = (u32)t->size, .ctype = id + 1 };
		return 0;
	default:
		return cerr(c, loc, "%s has type '%s': floating point and functions cannot be read", what, t->name);
	}
}

/* ---- args.NAME of a uprobe ------------------------------------------------------------- */

/* Integer registers a parameter takes in the x86-64 System V ABI: ints and
 * pointers one, small structs their eightbytes, the rest none (floats go
 * to xmm registers, large structs to memory). -1: cannot tell. */
static int int_regs_of(struct lang_ctypes *ct, int id)
{
	const struct lang_ctype *t = id >= 0 ? lang_ctype_get(ct, id) : NULL;

	if (!t)
		return -1;
	switch (t->kind) {
	case LCT_INT:
	case LCT_PTR:
		return 1;
	case LCT_STRUCT:
	case LCT_UNION:
		/* all-integer small aggregates: one register per eightbyte (one
		 * holding a double would go to xmm: not told apart here) */
		return t->size <= 8 ? 1 : t->size <= 16 ? 2 : 0;
	case LCT_OTHER:
		return 0;
	default:
		return -1;
	}
}

int lang_sema_uprobe_arg(const struct lang_sema_ctx *c, struct lang_expr *e)
{
	struct lang_ctypes *ct = lang_sema_ctypes(c->p);
	const char *name = e->args.field;
	int reg = -1, type = -1;
	const struct lang_attach *first = NULL;

	for (int i = 0; i < c->p->nattaches; i++) {
		const struct lang_attach *a = &c->p->attaches[i];
		struct lang_cfunc f;
		char err[400];
		int k, r = 0;

		if (a->block != c->block_idx)
			continue;
		if (a->type != P_UPROBE)
			return cerr(c, e->loc, "args.%s: a function's parameters are read at its entry: in uprobe "
				    "blocks (in uretprobe, entry(args.%s))", name, name);
		if (!a->at_func_entry)
			return cerr(c, e->loc, "args.%s: parameters by name are read at a function's first "
				    "instruction, not at %s", name, a->name);
		if (lang_ctypes_dwarf_func(ct, a->path, a->func, &f, err, sizeof(err)))
			return cerr(c, e->loc, "args.%s: %s", name, err);
		for (k = 0; k < f.nparams && strcmp(f.params[k].name, name); k++)
			;
		if (k == f.nparams) {
			char list[300] = "";

			for (int j = 0; j < f.nparams; j++) {
				size_t n = strlen(list);

				snprintf(list + n, sizeof(list) - n, "%s%s", j ? ", " : "", f.params[j].name);
			}
			return cerr(c, e->loc, "%s has no parameter '%s' (its parameters: %s)", a->func, name,
				    list[0] ? list : "none");
		}
		for (int j = 0; j < k; j++) {
			int n = int_regs_of(ct, f.params[j].type);

			if (n < 0)
				return cerr(c, e->loc, "args.%s: the type of %s's parameter %d is unknown, so "
					    "where args.%s is passed is too", name, a->func, j + 1, name);
			r += n;
		}
		if (int_regs_of(ct, f.params[k].type) != 1 ||
		    (lang_ctype_get(ct, f.params[k].type)->kind != LCT_INT &&
		     lang_ctype_get(ct, f.params[k].type)->kind != LCT_PTR))
			return cerr(c, e->loc, "args.%s has type '%s': only integers and pointers passed in "
				    "registers can be read", name, cname(c->p, f.params[k].type));
		if (r > 5)
			return cerr(c, e->loc, "args.%s is passed on the stack (after six register arguments): "
				    "not supported", name);
		if (first && (r != reg || f.params[k].type != type))
			return cerr(c, e->loc, "args.%s is '%s' in %s but '%s' in %s: split the probes into "
				    "two blocks", name, cname(c->p, type), first->func, cname(c->p, f.params[k].type),
				    a->func);
		if (!first) {
			first = a;
			reg = r;
			type = f.params[k].type;
		}
	}
	if (!first)
		return cerr(c, e->loc, "args.%s: the block has no probe", name);
	e->args.param = reg + 1;
	return lang_sema_from_ctype(c, type, e->loc, name, &e->type);
}

/* ---- retval and curtask, typed when reached into ---------------------------------------- */

void lang_sema_type_builtin(const struct lang_sema_ctx *c, struct lang_expr *e)
{
	struct lang_ctypes *ct = lang_sema_ctypes(c->p);
	char err[400];
	int type = -2;

	if (e->kind != E_BUILTIN || e->type.ctype || e->type.kind != LT_INT)
		return;
	if (e->builtin.id == B_CURTASK) {
		int id = lang_ctypes_lookup(ct, NULL, "struct task_struct", err, sizeof(err));

		if (id >= 0)
			lang_sema_from_ctype(c, lang_ctype_pointer_to(ct, id), e->loc, "curtask", &e->type);
		return;
	}
	if (e->builtin.id != B_RETVAL)
		return;
	for (int i = 0; i < c->p->nattaches; i++) {
		const struct lang_attach *a = &c->p->attaches[i];
		struct lang_cfunc f;

		if (a->block != c->block_idx)
			continue;
		if (a->type != P_URETPROBE || lang_ctypes_dwarf_func(ct, a->path, a->func, &f, err, sizeof(err)))
			return;
		if (type != -2 && f.ret != type)
			return;         /* functions of different types: a plain integer */
		type = f.ret;
	}
	if (type >= 0) {
		struct lang_type t;

		if (!lang_sema_from_ctype(c, type, e->loc, "retval", &t) && t.kind == LT_INT) {
			t.is_signed = e->type.is_signed || t.is_signed;
			e->type = t;
		}
	}
}

/* ---- ->, ., [] and * -------------------------------------------------------------------- */

static const char *what_of(const struct lang_ast *ast, const struct lang_expr *e, char *buf, size_t len)
{
	snprintf(buf, len, "%.*s", (int)MIN(e->loc.len, len - 1), ast->src + e->loc.off);
	return buf;
}

static int no_ctype(const struct lang_sema_ctx *c, const struct lang_expr *e, const struct lang_expr *base,
		    const char *op)
{
	char b[120];

	return cerr(c, e->loc, "'%s': %s has no C type (typed values: a uprobe's args.NAME, a uretprobe's "
		    "retval, curtask, casts such as (struct S *)arg0)", op, what_of(c->p->ast, base, b, sizeof(b)));
}

int lang_sema_field(const struct lang_sema_ctx *c, struct lang_expr *e)
{
	struct lang_ctypes *ct = lang_sema_ctypes(c->p);
	struct lang_expr *b = e->field.base;
	const char *op = e->field.arrow ? "->" : ".";
	const struct lang_ctype *bt, *rt;
	char buf[120], what[160], list[400];
	int id, rid, mt = -1, r;
	u64 off = 0;

	lang_sema_type_builtin(c, b);
	if (!b->type.ctype)
		return no_ctype(c, e, b, op);
	id = b->type.ctype - 1;
	bt = lang_ctype_get(ct, id);
	what_of(c->p->ast, b, buf, sizeof(buf));
	if (e->field.arrow) {
		if (bt->kind != LCT_PTR)
			return cerr(c, e->loc, "'->%s': %s is '%s', not a pointer: use '.'", e->field.field, buf, bt->name);
		rid = lang_ctype_target(ct, id);
		if (rid < 0)
			return cerr(c, e->loc, "'->%s': %s points to void (cast it: (struct S *)%s)", e->field.field,
				    buf, buf);
	} else {
		if (bt->kind == LCT_PTR)
			return cerr(c, e->loc, "'.%s': %s is a pointer ('%s'): use '->'", e->field.field, buf, bt->name);
		rid = id;
	}
	rt = lang_ctype_get(ct, rid);
	if (rt->kind != LCT_STRUCT && rt->kind != LCT_UNION)
		return cerr(c, e->loc, "'%s%s': %s is '%s', not a struct or union", op, e->field.field, buf, rt->name);
	r = lang_ctype_member(ct, rid, e->field.field, &off, &mt);
	rt = lang_ctype_get(ct, rid);   /* the table may have grown */
	if (r < 0) {
		lang_ctype_member_names(ct, rid, list, sizeof(list));
		if (!rt->size && !list[0])
			return cerr(c, e->loc, "'->%s': '%s' has no members here (only declared?): define it before "
				    "the probes (%s { ... })", e->field.field, rt->name, rt->name);
		return cerr(c, e->loc, "'%s' has no member '%s' (its members: %s)", rt->name, e->field.field,
			    list[0] ? list : "none");
	}
	if (r > 0)
		return cerr(c, e->loc, "%s%s%s is a bit-field: not readable yet", buf, op, e->field.field);
	e->field.offset = off;
	snprintf(what, sizeof(what), "%s%s%s", buf, op, e->field.field);
	return lang_sema_from_ctype(c, mt, e->loc, what, &e->type);
}

int lang_sema_index(const struct lang_sema_ctx *c, struct lang_expr *e)
{
	struct lang_ctypes *ct = lang_sema_ctypes(c->p);
	struct lang_expr *b = e->index.base;
	const struct lang_ctype *bt;
	char buf[120];
	int elem;

	lang_sema_type_builtin(c, b);
	if (!b->type.ctype)
		return cerr(c, e->loc, "indexing is only supported on maps (@m[key]) and on typed arrays and "
			    "pointers");
	bt = lang_ctype_get(ct, b->type.ctype - 1);
	what_of(c->p->ast, b, buf, sizeof(buf));
	if (bt->kind != LCT_PTR && bt->kind != LCT_ARRAY)
		return cerr(c, e->loc, "'[]': %s is '%s', not an array or a pointer", buf, bt->name);
	/* a constant index past a fixed array: bpftrace's words */
	if (bt->kind == LCT_ARRAY && bt->count && e->index.index && e->index.index->kind == E_INT &&
	    (e->index.index->ival < 0 || (u64)e->index.index->ival >= bt->count))
		return cerr(c, e->loc, "the index %lld is out of bounds for array of size %u",
			    (long long)e->index.index->ival, bt->count);
	elem = lang_ctype_target(ct, b->type.ctype - 1);
	if (elem < 0 || !lang_ctype_get(ct, elem)->size)
		return cerr(c, e->loc, "'[]': the elements of %s have no size", buf);
	snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), "[]");
	return lang_sema_from_ctype(c, elem, e->loc, buf, &e->type);
}

int lang_sema_deref(const struct lang_sema_ctx *c, struct lang_expr *e)
{
	struct lang_ctypes *ct = lang_sema_ctypes(c->p);
	struct lang_expr *b = e->op.a;
	const struct lang_ctype *bt;
	char buf[120];
	int to;

	lang_sema_type_builtin(c, b);
	if (!b->type.ctype)
		return no_ctype(c, e, b, "*");
	bt = lang_ctype_get(ct, b->type.ctype - 1);
	what_of(c->p->ast, b, buf, sizeof(buf));
	if (bt->kind != LCT_PTR)
		return cerr(c, e->loc, "'*': %s is '%s', not a pointer", buf, bt->name);
	to = lang_ctype_target(ct, b->type.ctype - 1);
	if (to < 0)
		return cerr(c, e->loc, "'*': %s points to void", buf);
	return lang_sema_from_ctype(c, to, e->loc, buf, &e->type);
}

/* Which memory a pointer to the program's own struct points into: a
 * uprobe's (binary set) and a syscall tracepoint's arguments are user
 * space, everything else the kernel's. */
static bool block_reads_user(const struct lang_sema_ctx *c, const char *binary)
{
	if (binary)
		return true;
	for (int i = 0; i < c->p->nattaches; i++) {
		const struct lang_attach *a = &c->p->attaches[i];

		if (a->block == c->block_idx && a->type == P_TRACEPOINT && a->tp_sys && !strcmp(a->tp_sys, "syscalls"))
			return true;
	}
	return false;
}

int lang_sema_struct_cast(const struct lang_sema_ctx *c, struct lang_expr *e, const char *binary)
{
	struct lang_ctypes *ct = lang_sema_ctypes(c->p);
	char name[200], err[400];
	int stars = 0, id;
	size_t n;

	snprintf(name, sizeof(name), "%s", e->cast.type_name);
	n = strlen(name);
	while (n && (name[n - 1] == '*' || name[n - 1] == ' ')) {
		stars += name[n - 1] == '*';
		name[--n] = '\0';
	}
	if (!stars)
		return cerr(c, e->loc, "cast to '%s': a struct is read through a pointer: (%s *)x", name, name);
	id = lang_ctypes_program_type(ct, c->p->ast->cdefs, name, block_reads_user(c, binary), binary);
	if (id < 0)
		id = lang_ctypes_lookup(ct, binary, name, err, sizeof(err));
	if (id < 0)
		return cerr(c, e->loc, "%s", err);
	while (stars--)
		id = lang_ctype_pointer_to(ct, id);
	return lang_sema_from_ctype(c, id, e->loc, e->cast.type_name, &e->type);
}

int lang_sema_sizeof(const struct lang_sema_ctx *c, struct lang_expr *e, const char *binary)
{
	const char *name = e->cast.type_name + 6;
	u64 size = 0;

	if (!*name) {
		const struct lang_expr *a = e->cast.a;
		const struct lang_ctype *t = a->type.ctype ? lang_ctype_get(lang_sema_ctypes(c->p), a->type.ctype - 1) : NULL;

		/* a typed value: its C size (a record's, a char array's, an int's as
		 * declared); a tuple: bpftrace's, as a C struct of its elements */
		size = t ? (t->kind == LCT_PTR ? 8 : t->size)
			 : a->type.kind == LT_TUPLE ? lang_type_c_size(&a->type) : a->type.size;
	} else {
		name++;
		if (lang_cdecl_sizeof(c->p->ast->cdefs, name, &size)) {
			struct lang_ctypes *ct = lang_sema_ctypes(c->p);
			char err[400];
			int id = lang_ctypes_lookup(ct, binary, name, err, sizeof(err));

			if (id < 0)
				return cerr(c, e->loc, "sizeof(%s): %s", name, err);
			size = lang_ctype_get(ct, id)->size;
		}
	}
	if (!size)
		return cerr(c, e->loc, "sizeof: the size of %s is unknown", *name ? name : "this value");
	e->kind = E_INT;
	e->ival = (s64)size;
	e->type = (struct lang_type){ .kind = LT_INT, .size = 8, .is_signed = false };
	return 0;
}

