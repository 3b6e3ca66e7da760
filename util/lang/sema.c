/* The checker: types, slots, maps and formats (see sema.h).
 *
 * Maps are global and may be read in a block that comes before the one
 * that assigns them (kretprobe's /@start[tid]/ above kprobe's assignment),
 * so the checker walks the program twice: the first walk learns map types
 * from every assignment and stays quiet about what it cannot type yet, the
 * second checks everything and reports the first error in program order. */
#include "util/lang/sema.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/lang/cdecl.h"
#include "util/lang/ctypes.h"
#include "util/lang/diag.h"
#include "util/lang/entry.h"
#include "util/lang/funcs.h"
#include "util/lang/output.h"
#include "util/lang/sema-ctypes.h"
#include "util/lang/tuple.h"
#include "util/strutil.h"

struct sema {
	struct lang_program *p;
	struct lang_block *blk;
	int block_idx;
	bool final;             /* the second walk: report errors */
	char *err;
	size_t errlen;
	/* Scratch variables of the current block: name -> slot, type. */
	struct sema_var {
		const char *name;
		struct lang_type type;
		bool assigned;
	} *vars;
	int nvars, capvars;
	/* What the current block is attached to. */
	bool has_tp, has_uprobe, has_uret, has_kprobe, has_kret, has_perf, has_special;
	int nattach;
};

static int serr(struct sema *s, struct lang_loc loc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int serr(struct sema *s, struct lang_loc loc, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return lang_diag(s->err, s->errlen, s->p->ast, loc, "%s", msg);
}

static struct lang_type t_int(bool is_signed)
{
	return (struct lang_type){ .kind = LT_INT, .size = 8, .is_signed = is_signed };
}

static struct lang_type t_str(u32 size)
{
	return (struct lang_type){ .kind = LT_STR, .size = size };
}

static const char *tname(const struct lang_type *t, char *buf, size_t len)
{
	return lang_type_name(t, buf, len);
}


/* May values of this type be map keys, plain map values, printf arguments? */
static bool is_keyable(enum lang_type_kind k)
{
	switch (k) {
	case LT_INT: case LT_STR: case LT_KSTACK: case LT_USTACK: case LT_PROBE:
	case LT_FUNC: case LT_KSYM: case LT_USYM:
	case LT_BUF: case LT_INET: case LT_TIMESTAMP: case LT_CGROUP_PATH:
		return true;
	default:
		return false;
	}
}

/* Make dst able to hold src as well: integers widen to 64 bits (the first
 * signedness wins), strings to the longer. Returns false when the kinds
 * differ. */
static bool unify(struct lang_type *dst, const struct lang_type *src)
{
	if (dst->kind == LT_NONE) {
		*dst = *src;
		if (dst->kind == LT_INT)
			dst->size = 8;
		return true;
	}
	if (src->kind == LT_NONE)
		return true;
	if (dst->kind != src->kind)
		return false;
	switch (dst->kind) {
	case LT_STR:
	case LT_BUF:
		dst->size = MAX(dst->size, src->size);
		return true;
	case LT_KSTACK:
	case LT_USTACK:
		/* kstack and kstack(5) as keys of one map: the shorter view wins
		 * when printed; the id is the same either way. */
		if (src->stack_frames && (!dst->stack_frames || src->stack_frames < dst->stack_frames))
			dst->stack_frames = src->stack_frames;
		return true;
	case LT_LHIST:
		return dst->lhist_min == src->lhist_min && dst->lhist_max == src->lhist_max &&
		       dst->lhist_step == src->lhist_step;
	case LT_TUPLE:
		return lang_tuple_unify(dst, src);
	default:
		return true;
	}
}

/* ---- variables ------------------------------------------------------------------ */

static struct sema_var *var_find(struct sema *s, const char *name, int *slot)
{
	for (int i = 0; i < s->nvars; i++)
		if (!strcmp(s->vars[i].name, name)) {
			*slot = i;
			return &s->vars[i];
		}
	return NULL;
}

static struct sema_var *var_add(struct sema *s, const char *name, int *slot)
{
	if (s->nvars == s->capvars) {
		int cap = s->capvars ? 2 * s->capvars : 8;
		struct sema_var *v = realloc(s->vars, cap * sizeof(*v));

		if (!v)
			return NULL;
		s->vars = v;
		s->capvars = cap;
	}
	*slot = s->nvars;
	s->vars[s->nvars] = (struct sema_var){ .name = name };
	return &s->vars[s->nvars++];
}

/* ---- maps ------------------------------------------------------------------------- */

static struct lang_map *map_find(struct lang_program *p, const char *name)
{
	for (int i = 0; i < p->nmaps; i++)
		if (!strcmp(p->maps[i].name, name))
			return &p->maps[i];
	return NULL;
}

static struct lang_map *map_get(struct sema *s, const struct lang_expr *e)
{
	struct lang_program *p = s->p;
	struct lang_map *m = map_find(p, e->map.name), *v;

	if (m)
		return m;
	v = realloc(p->maps, (p->nmaps + 1) * sizeof(*v));
	if (!v)
		return NULL;
	p->maps = v;
	m = &p->maps[p->nmaps];
	*m = (struct lang_map){ .id = p->nmaps, .loc = e->loc, .nkeys = -1 };
	m->name = strdup(e->map.name);
	if (!m->name)
		return NULL;
	m->hidden = !strncmp(m->name, LANG_HIDDEN_MAP_PREFIX, strlen(LANG_HIDDEN_MAP_PREFIX));
	p->nmaps++;
	return m;
}

/* ---- expressions ---------------------------------------------------------------- */

static int check_expr(struct sema *s, struct lang_expr *e);

/* The block's attachments of one kind. */
static bool only_tracepoints(const struct sema *s)
{
	return s->has_tp && !s->has_uprobe && !s->has_uret && !s->has_kprobe && !s->has_kret &&
	       !s->has_perf && !s->has_special;
}

/* Probes over a data file (util/lang/eval.c) carry the recorded
 * arguments of their probe events as fields: args.NAME reads them. */
static bool recorded_args(const struct sema *s)
{
	bool any = false;

	for (int i = 0; i < s->p->nattaches; i++) {
		const struct lang_attach *a = &s->p->attaches[i];

		if (a->block != s->block_idx)
			continue;
		if (!a->fields)
			return false;
		any = true;
	}
	return any;
}

static const struct lang_tp_field *tp_field(const struct lang_attach *a, const char *name)
{
	for (int i = 0; i < a->nfields; i++)
		if (!strcmp(a->fields[i].name, name))
			return &a->fields[i];
	return NULL;
}

static struct lang_type field_type(const struct lang_tp_field *f)
{
	switch (f->kind) {
	case TPF_CHAR_ARRAY:
		return t_str(f->size);
	case TPF_DATA_LOC:
		return t_str(LANG_STRLEN);
	case TPF_INT:
		return (struct lang_type){ .kind = LT_INT, .size = f->size, .is_signed = f->is_signed && !f->is_pointer };
	default:
		return (struct lang_type){ .kind = LT_NONE };
	}
}

static struct lang_sema_ctx ctx_of(struct sema *s)
{
	return (struct lang_sema_ctx){ .p = s->p, .block_idx = s->block_idx, .err = s->err, .errlen = s->errlen };
}

/* The binary whose DWARF names the types of a cast: the block's uprobe's;
 * NULL (the kernel's BTF) for other blocks. */
static const char *cast_binary(struct sema *s)
{
	for (int i = 0; i < s->p->nattaches; i++) {
		const struct lang_attach *a = &s->p->attaches[i];

		if (a->block == s->block_idx && (a->type == P_UPROBE || a->type == P_URETPROBE))
			return a->path;
	}
	return NULL;
}

static int check_args(struct sema *s, struct lang_expr *e)
{
	const struct lang_program *p = s->p;
	const struct lang_tp_field *first = NULL;
	const struct lang_attach *first_a = NULL;

	/* A live uprobe's parameters by name (DWARF); over a data file, the
	 * probe event's recorded arguments (its fields) */
	if ((s->has_uprobe || s->has_uret) && !s->has_tp && !recorded_args(s)) {
		struct lang_sema_ctx c = ctx_of(s);

		return lang_sema_uprobe_arg(&c, e);
	}
	if (!only_tracepoints(s) && !recorded_args(s))
		return serr(s, e->loc, "args.%s: args is only available in tracepoint probes", e->args.field);
	for (int i = 0; i < p->nattaches; i++) {
		const struct lang_attach *a = &p->attaches[i];
		const struct lang_tp_field *f;

		if (a->block != s->block_idx)
			continue;
		f = tp_field(a, e->args.field);
		if (!f) {
			struct suggest sg;
			char buf[200];

			suggest_init(&sg, e->args.field);
			for (int j = 0; j < a->nfields; j++)
				suggest_add(&sg, a->fields[j].name);
			if (sg.nr) {
				suggest_format(&sg, buf, sizeof(buf));
				return serr(s, e->loc, "%s has no field '%s'; did you mean: %s?", a->name,
					    e->args.field, buf);
			}
			buf[0] = '\0';
			for (int j = 0; j < a->nfields; j++) {
				size_t n = strlen(buf);

				snprintf(buf + n, sizeof(buf) - n, "%s%s", j ? ", " : "", a->fields[j].name);
			}
			return serr(s, e->loc, "%s has no field '%s' (its fields: %s)", a->name, e->args.field,
				    buf[0] ? buf : "none");
		}
		if (f->kind == TPF_OTHER)
			return serr(s, e->loc, "args.%s: fields of type '%s' cannot be read yet", f->name, f->ctype);
		if (first && (first->kind != f->kind || first->size != f->size || first->is_signed != f->is_signed))
			return serr(s, e->loc, "args.%s has type '%s' in %s but '%s' in %s: split the probes into two blocks",
				    f->name, first->ctype, first_a->name, f->ctype, a->name);
		if (!first) {
			first = f;
			first_a = a;
		}
	}
	if (!first)
		return serr(s, e->loc, "args.%s: the probe has no tracepoint", e->args.field);
	e->type = field_type(first);
	return 0;
}

static int check_builtin(struct sema *s, struct lang_expr *e)
{
	const char *name = NULL;

	switch (e->builtin.id) {
	case B_PID: case B_TID: case B_UID: case B_GID: case B_CPU: case B_NSECS: case B_ELAPSED:
	case B_RAND: case B_CGROUP: case B_CURTASK: case B_CPID: case B_NUMAID:
		e->type = t_int(false);
		return 0;
	case B_COMM:
		e->type = t_str(LANG_COMM_LEN);
		return 0;
	case B_RETVAL:
		if (s->has_uret || s->has_kret) {
			if (s->has_tp || s->has_uprobe || s->has_kprobe || s->has_perf || s->has_special)
				return serr(s, e->loc, "retval: every probe of the block must be a return probe");
			e->type = t_int(true);
			return 0;
		}
		if (only_tracepoints(s)) {
			/* sys_exit_* tracepoints: retval is their "ret" field. */
			for (int i = 0; i < s->p->nattaches; i++) {
				const struct lang_attach *a = &s->p->attaches[i];

				if (a->block == s->block_idx && !tp_field(a, "ret"))
					return serr(s, e->loc, "retval: %s has no return value (use it in uretprobe, "
						    "kretprobe or a sys_exit_* tracepoint)", a->name);
			}
			e->type = t_int(true);
			return 0;
		}
		return serr(s, e->loc, "retval is only available in uretprobe, kretprobe and sys_exit_* tracepoints");
	case B_ARG:
		if (s->has_uprobe || s->has_kprobe) {
			if (s->has_tp || s->has_perf || s->has_special || s->has_uret || s->has_kret)
				return serr(s, e->loc, "arg%d: every probe of the block must be a uprobe or kprobe",
					    e->builtin.index);
			if (e->builtin.index < 0 || e->builtin.index > 5)
				return serr(s, e->loc, "arg%d: only arg0..arg5 are passed in registers", e->builtin.index);
			e->type = t_int(false);
			return 0;
		}
		if (s->has_tp)
			return serr(s, e->loc, "arg%d is not available in tracepoints: use args.FIELD "
				    "(scry list shows the fields)", e->builtin.index);
		return serr(s, e->loc, "arg%d is only available in uprobe and kprobe probes", e->builtin.index);
	case B_LATENCY:
		/* entry.c rewrites every use in a return probe and refuses the others */
		return serr(s, e->loc, "latency is only available in return probes");
	case B_SARG:
		if (s->has_tp || s->has_perf || s->has_special)
			return serr(s, e->loc, "sarg%d is only available in uprobe, uretprobe, kprobe and kretprobe probes",
				    e->builtin.index);
		e->type = t_int(false);
		return 0;
	case B_PROBE:
		e->type = (struct lang_type){ .kind = LT_PROBE, .size = 8 };
		return 0;
	case B_FUNC:
		if (s->has_tp || s->has_perf || s->has_special)
			return serr(s, e->loc, "func is only available in uprobe, uretprobe, kprobe and kretprobe probes");
		e->type = (struct lang_type){ .kind = LT_FUNC, .size = 8 };
		return 0;
	case B_KSTACK:
	case B_USTACK:
		if (e->builtin.index < 0 || e->builtin.index > LANG_STACK_FRAMES) {
			name = e->builtin.id == B_KSTACK ? "kstack" : "ustack";
			return serr(s, e->loc, "%s(%d): the number of frames must be 1 to %d", name,
				    e->builtin.index, LANG_STACK_FRAMES);
		}
		e->type = (struct lang_type){ .kind = e->builtin.id == B_KSTACK ? LT_KSTACK : LT_USTACK,
					      .size = e->builtin.id == B_KSTACK ? 8 : 24,
					      .stack_frames = (u32)e->builtin.index };
		if (e->builtin.id == B_KSTACK)
			s->p->uses_kstack = true;
		else
			s->p->uses_ustack = true;
		return 0;
	}
	return serr(s, e->loc, "unknown builtin");
}

static int check_int(struct sema *s, struct lang_expr *e, const char *what)
{
	char buf[32];

	if (check_expr(s, e))
		return -1;
	if (e->type.kind == LT_NONE && !s->final)
		return 0;
	if (e->type.kind != LT_INT)
		return serr(s, e->loc, "%s needs an integer, not %s", what, tname(&e->type, buf, sizeof(buf)));
	return 0;
}

/* A constant integer expression (literals and arithmetic on them), for
 * lhist's bounds, str's length, print's top and div, unroll's count. */
static bool const_int(const struct lang_expr *e, s64 *v)
{
	s64 a, b;

	switch (e->kind) {
	case E_INT:
		*v = e->ival;
		return true;
	case E_UNARY:
		if (e->op.op == OP_NEG && const_int(e->op.a, &a)) {
			*v = -a;
			return true;
		}
		return false;
	case E_BINARY:
		if (!const_int(e->op.a, &a) || !const_int(e->op.b, &b))
			return false;
		switch (e->op.op) {
		case OP_ADD: *v = a + b; return true;
		case OP_SUB: *v = a - b; return true;
		case OP_MUL: *v = a * b; return true;
		case OP_DIV: if (!b) return false; *v = a / b; return true;
		case OP_SHL: *v = (s64)((u64)a << (b & 63)); return true;
		default: return false;
		}
	default:
		return false;
	}
}

static int check_keys(struct sema *s, struct lang_expr *e, struct lang_map *m, bool defining)
{
	char b1[32], b2[32];

	for (int i = 0; i < e->map.nkeys; i++) {
		struct lang_expr *k = e->map.keys[i];

		if (check_expr(s, k))
			return -1;
		if (k->type.kind == LT_NONE)
			continue;
		if (k->type.kind == LT_TUPLE)
			return serr(s, k->loc, "tuple cannot be used as a map key. Try a multi-key associative "
				    "array instead (eg `@map[$1, $2] = ...)`.");
		if (!is_keyable(k->type.kind))
			return serr(s, k->loc, "%s cannot be a map key", tname(&k->type, b1, sizeof(b1)));
	}
	if (!m)
		return 0;
	if (m->nkeys < 0 && defining)
		m->nkeys = e->map.nkeys;
	if (m->nkeys < 0)
		return 0;
	if (m->nkeys != e->map.nkeys) {
		if (!s->final)
			return 0;
		return serr(s, e->loc, "%s has %d key%s (first used at %u:%u), not %d", m->name, m->nkeys,
			    m->nkeys == 1 ? "" : "s", m->loc.line, m->loc.col, e->map.nkeys);
	}
	for (int i = 0; i < e->map.nkeys; i++) {
		struct lang_expr *k = e->map.keys[i];
		struct lang_type before = m->keys[i];

		if (!unify(&m->keys[i], &k->type))
			return serr(s, k->loc, "%s's key %d is %s (first used at %u:%u), not %s", m->name, i + 1,
				    tname(&before, b1, sizeof(b1)), m->loc.line, m->loc.col,
				    tname(&k->type, b2, sizeof(b2)));
	}
	return 0;
}

static int check_map_read(struct sema *s, struct lang_expr *e)
{
	struct lang_map *m = map_find(s->p, e->map.name);
	char buf[32];

	if (!m) {
		if (!s->final)
			return check_keys(s, e, NULL, false);
		return serr(s, e->loc, "%s is never assigned", e->map.name);
	}
	e->map.map_id = m->id;
	if (check_keys(s, e, m, false))
		return -1;
	if (m->is_aggregation)
		return serr(s, e->loc, "%s holds %s: its value is known only when printed, not in the program",
			    m->name, tname(&m->value, buf, sizeof(buf)));
	e->type = m->value;
	return 0;
}

static int printf_args(struct sema *s, struct lang_expr *e, int first);
static int fmt_add(struct sema *s, enum lang_fmt_kind kind, const char *fmt, struct lang_loc loc);

/* ---- the functions of funcs.c ---------------------------------------------------- */

/* A pointer for buf(), uptr(), kptr(): an integer or a C array/pointer. */
static int check_pointer(struct sema *s, struct lang_expr *a, const char *fn)
{
	char buf[32];

	if (check_expr(s, a))
		return -1;
	if (a->type.kind == LT_NONE && !s->final)
		return 0;
	if (a->type.kind != LT_INT && a->type.kind != LT_RECORD)
		return serr(s, a->loc, "%s() takes a pointer, not %s", fn, tname(&a->type, buf, sizeof(buf)));
	return 0;
}

/* The bytes of a C array (its element size times its length), 0 for others. */
static u32 array_bytes(struct sema *s, const struct lang_type *t)
{
	const struct lang_ctype *c = t->ctype ? lang_ctype_get(s->p->ctypes, t->ctype - 1) : NULL;

	return t->kind == LT_RECORD && c && c->kind == LCT_ARRAY ? (u32)c->size : 0;
}

static int check_func_value(struct sema *s, struct lang_expr *e)
{
	struct lang_expr **a = e->call.args;
	int n = e->call.nargs;
	char b1[32];
	s64 v;

	switch (e->call.id) {
	case F_BSWAP:
		if (n != 1)
			return serr(s, e->loc, "bswap() takes one integer: bswap(n)");
		if (check_int(s, a[0], "bswap()"))
			return -1;
		/* unsigned, of the argument's width (8-bit values unchanged) */
		e->type = (struct lang_type){ .kind = LT_INT, .size = a[0]->type.size ? a[0]->type.size : 8 };
		return 0;
	case F_STRNCMP:
		if (n != 3)
			return serr(s, e->loc, "strncmp() takes two strings and a length: strncmp(s1, s2, n)");
		for (int i = 0; i < 2; i++) {
			if (check_expr(s, a[i]))
				return -1;
			if (a[i]->type.kind != LT_STR && (a[i]->type.kind != LT_NONE || s->final))
				return serr(s, a[i]->loc, "strncmp()'s argument %d must be a string, not %s", i + 1,
					    tname(&a[i]->type, b1, sizeof(b1)));
		}
		if (check_expr(s, a[2]))
			return -1;
		if (!const_int(a[2], &v))
			return serr(s, a[2]->loc, "strncmp()'s length must be a constant integer");
		if (v < 0)
			return serr(s, a[2]->loc, "strncmp()'s length must be >= 0 (got %lld)", (long long)v);
		a[2]->kind = E_INT;
		a[2]->ival = v;
		a[2]->type = t_int(true);
		e->type = t_int(false);
		return 0;
	case F_BUF: {
		u32 cap = LANG_STRLEN, asize;

		if (n < 1 || n > 2)
			return serr(s, e->loc, "buf() takes a pointer and an optional length: buf(p[, n])");
		if (check_expr(s, a[0]))
			return -1;
		if (a[0]->type.kind == LT_STR) {
			cap = a[0]->type.size;
		} else {
			if (check_pointer(s, a[0], "buf"))
				return -1;
			asize = array_bytes(s, &a[0]->type);
			if (a[0]->type.kind == LT_RECORD && !asize)
				return serr(s, a[0]->loc, "buf() reads an array or a pointer, not a struct");
			if (asize)
				cap = asize;
			else if (n == 1 && s->final)
				return serr(s, e->loc, "buf() of a pointer needs a length: buf(p, n)");
		}
		if (n == 2) {
			if (check_int(s, a[1], "buf()'s length"))
				return -1;
			if (const_int(a[1], &v)) {
				if (v < 0 || v > 1024)
					return serr(s, a[1]->loc, "buf()'s length must be 0 to 1024 (got %lld)", (long long)v);
				a[1]->kind = E_INT;
				a[1]->ival = v;
				a[1]->type = t_int(true);
				cap = (u32)v;
			} else if (a[0]->type.kind == LT_STR) {
				return serr(s, a[1]->loc, "buf() of a string needs a constant length");
			}
		}
		if (cap > 1024)
			cap = 1024;
		e->type = (struct lang_type){ .kind = LT_BUF, .size = 8 + cap };
		return 0;
	}
	case F_NTOP: {
		struct lang_expr *addr = a[n - 1];

		if (n < 1 || n > 2)
			return serr(s, e->loc, "ntop() takes an address and an optional family: ntop([af, ]addr)");
		if (n == 2 && check_int(s, a[0], "ntop()'s address family"))
			return -1;
		if (check_expr(s, addr))
			return -1;
		if (addr->type.kind == LT_STR) {
			/* a char[4] or char[16] of a tracepoint (a string of that size) */
			if (addr->type.size != 4 && addr->type.size != 16)
				return serr(s, addr->loc, "ntop() takes an integer, a char[4] or a char[16], not %s",
					    tname(&addr->type, b1, sizeof(b1)));
		} else if (addr->type.kind == LT_RECORD) {
			u32 sz = array_bytes(s, &addr->type);

			if (sz != 4 && sz != 16)
				return serr(s, addr->loc, "ntop() takes an integer, a char[4] or a char[16]");
		} else if (check_int(s, addr, "ntop()")) {
			return -1;
		}
		e->type = (struct lang_type){ .kind = LT_INET, .size = 24 };
		return 0;
	}
	case F_STRFTIME: {
		int id;

		if (n != 2)
			return serr(s, e->loc, "strftime() takes a format and a time: strftime(\"%%H:%%M:%%S\", nsecs)");
		if (a[0]->kind != E_STR)
			return serr(s, a[0]->loc, "strftime()'s format must be a string literal");
		if (check_int(s, a[1], "strftime()"))
			return -1;
		id = fmt_add(s, FMT_STRFTIME, a[0]->str.s, e->loc);
		if (id < 0)
			return serr(s, e->loc, "out of memory");
		e->call.fmt_id = id;
		e->type = (struct lang_type){ .kind = LT_TIMESTAMP, .size = 16 };
		return 0;
	}
	case F_KADDR: {
		u64 addr;

		if (n != 1 || a[0]->kind != E_STR)
			return serr(s, e->loc, "kaddr() takes a symbol name as a string literal: kaddr(\"jiffies\")");
		if (lang_func_kaddr(a[0]->str.s, &addr))
			return serr(s, e->loc, "Failed to resolve kernel symbol: %s", a[0]->str.s);
		e->kind = E_INT;        /* an address known now: a constant from here on */
		e->ival = (s64)addr;
		e->type = t_int(false);
		return 0;
	}
	case F_REG: {
		int off;

		if (n != 1 || a[0]->kind != E_STR)
			return serr(s, e->loc, "reg() takes a register name as a string literal: reg(\"ip\")");
		off = lang_func_reg_offset(a[0]->str.s);
		if (off < 0)
			return serr(s, a[0]->loc, "'%s' is not a valid register on this architecture", a[0]->str.s);
		if (s->has_tp || s->has_special || s->has_perf ||
		    !(s->has_uprobe || s->has_uret || s->has_kprobe || s->has_kret))
			return serr(s, e->loc, "reg() is only available in uprobe, uretprobe, kprobe and kretprobe probes");
		e->type = t_int(false);
		return 0;
	}
	case F_PTON: {
		u8 bytes[16];
		int len;

		if (n != 1 || a[0]->kind != E_STR)
			return serr(s, e->loc, "pton() takes an address as a string literal: pton(\"127.0.0.1\")");
		len = lang_func_pton(a[0]->str.s, bytes);
		if (len < 0)
			return serr(s, a[0]->loc, "pton(): '%s' is not an IPv4 or IPv6 address", a[0]->str.s);
		/* its bytes, as a char[4] or char[16] (ntop() takes those) */
		e->type = t_str((u32)len);
		return 0;
	}
	case F_CGROUP_PATH: {
		int id;

		if (n < 1 || n > 2)
			return serr(s, e->loc, "cgroup_path() takes a cgroup id and an optional filter: cgroup_path(cgroup[, \"unified\"])");
		if (check_int(s, a[0], "cgroup_path()"))
			return -1;
		if (n == 2 && a[1]->kind != E_STR)
			return serr(s, a[1]->loc, "cgroup_path()'s filter must be a string literal");
		id = fmt_add(s, FMT_CGROUP_PATH, n == 2 ? a[1]->str.s : "*", e->loc);
		if (id < 0)
			return serr(s, e->loc, "out of memory");
		e->call.fmt_id = id;
		e->type = (struct lang_type){ .kind = LT_CGROUP_PATH, .size = 16 };
		return 0;
	}
	case F_UPTR:
	case F_KPTR:
		if (n != 1)
			return serr(s, e->loc, "%s() takes one pointer", e->call.name);
		if (check_pointer(s, a[0], e->call.name))
			return -1;
		e->type = a[0]->type;
		return 0;
	default:
		return serr(s, e->loc, "unknown function '%s'", e->call.name);
	}
}

static int check_func_stmt(struct sema *s, struct lang_expr *e)
{
	struct lang_expr **a = e->call.args;
	int n = e->call.nargs, id;
	const char *delim = " ";

	switch (e->call.id) {
	case F_CAT:
		if (n < 1)
			return serr(s, e->loc, "cat() needs a file name: cat(\"/proc/loadavg\")");
		return printf_args(s, e, 1);
	case F_SYSTEM:
		if (!s->p->unsafe)
			return serr(s, e->loc, "system() is an unsafe function being used in safe mode (run with --unsafe)");
		if (n < 1)
			return serr(s, e->loc, "system() needs a command: system(\"ps -p %%d\", pid)");
		return printf_args(s, e, 1);
	case F_JOIN:
		if (n < 1 || n > 2)
			return serr(s, e->loc, "join() takes an array of strings and an optional delimiter: join(argv[, \",\"])");
		if (check_pointer(s, a[0], "join"))
			return -1;
		if (n == 2) {
			if (a[1]->kind != E_STR)
				return serr(s, a[1]->loc, "join()'s delimiter must be a string literal");
			delim = a[1]->str.s;
		}
		id = fmt_add(s, FMT_JOIN, delim, e->loc);
		if (id < 0)
			return serr(s, e->loc, "out of memory");
		if (s->final) {
			struct lang_fmt *f = &s->p->fmts[id];

			f->nargs = 1;
			f->args[0] = t_str(LANG_JOIN_ARGS * LANG_JOIN_ARGLEN);
			lang_fmt_layout(f);
			e->call.fmt_id = id;
		}
		return 0;
	default:
		return serr(s, e->loc, "unknown function '%s'", e->call.name);
	}
}

/* str($N) and str($N + k): e (E_POSITIONAL or that sum) becomes the
 * argument's text (from byte k) as a string literal, which the caller
 * marks E_STR; non-zero when e is $# or out of range. */
static int str_positional(struct sema *s, struct lang_expr *e)
{
	const struct lang_expr *pos = e->kind == E_POSITIONAL ? e : e->op.a;
	const char *arg;
	size_t len, skip = 0;

	if (pos->positional < 1)
		return -1;
	arg = pos->positional <= s->p->npositional ? s->p->positional[pos->positional - 1] : "";
	len = strlen(arg);
	if (e->kind == E_BINARY)
		skip = e->op.b->ival < 0 ? 0 : MIN((size_t)e->op.b->ival, len);
	e->str.s = lang_strdup(s->p->ast, arg + skip, len - skip);
	e->str.len = (u32)(len - skip);
	return 0;
}

static int check_call_value(struct sema *s, struct lang_expr *e)
{
	struct lang_expr **a = e->call.args;
	int n = e->call.nargs;
	s64 v;

	switch (e->call.id) {
	case F_STR:
		if (n < 1 || n > 2)
			return serr(s, e->loc, "str() takes a pointer and an optional length: str(p[, n])");
		/* As bpftrace: str($N) is the argument's text even when it is a
		 * number, str($N + k) that text from its k-th byte. */
		if (n == 1 && (a[0]->kind == E_POSITIONAL ||
			       (a[0]->kind == E_BINARY && a[0]->op.op == OP_ADD && a[0]->op.a->kind == E_POSITIONAL &&
				a[0]->op.b->kind == E_INT)) && !str_positional(s, a[0]))
			a[0]->kind = E_STR;
		if (check_expr(s, a[0]))
			return -1;
		if (a[0]->type.kind == LT_STR && n == 1) {
			/* str("text"), str($1) given a word: the string itself. */
			e->type = a[0]->type;
			return 0;
		}
		if (a[0]->type.kind == LT_RECORD) {
			/* a char array in a struct: its bytes up to the first NUL */
			const struct lang_ctype *at = lang_ctype_get(s->p->ctypes, a[0]->type.ctype - 1);
			int el = lang_ctype_target(s->p->ctypes, a[0]->type.ctype - 1);
			const struct lang_ctype *et = el >= 0 ? lang_ctype_get(s->p->ctypes, el) : NULL;

			if (!at || at->kind != LCT_ARRAY || !et || et->kind != LCT_INT || et->size != 1)
				return serr(s, a[0]->loc, "str() reads a char array or a pointer, not '%s'",
					    at ? at->name : "a struct");
		} else if (check_int(s, a[0], "str()"))
			return -1;
		if (n == 2) {
			if (check_int(s, a[1], "str()'s length"))
				return -1;
			if (const_int(a[1], &v) && (v < 1 || v > 4096))
				return serr(s, a[1]->loc, "str()'s length must be 1 to 4096");
		}
		e->type = t_str(LANG_STRLEN);
		return 0;
	case F_KSYM:
	case F_USYM:
		if (n != 1)
			return serr(s, e->loc, "%s() takes one address", e->call.name);
		if (check_int(s, a[0], e->call.name))
			return -1;
		e->type = (struct lang_type){ .kind = e->call.id == F_KSYM ? LT_KSYM : LT_USYM,
					      .size = e->call.id == F_KSYM ? 8 : 16 };
		if (e->call.id == F_USYM)
			s->p->uses_usym = true;
		return 0;
	case F_COUNT: case F_SUM: case F_AVG: case F_MIN: case F_MAX: case F_STATS: case F_HIST: case F_LHIST:
		return serr(s, e->loc, "%s() is an aggregation: assign it to a map, as in @x = %s(%s)",
			    e->call.name, e->call.name, e->call.id == F_COUNT ? "" :
			    e->call.id == F_LHIST ? "v, 0, 100, 10" : "v");
	case F_PRINTF: case F_PRINT: case F_TIME: case F_EXIT: case F_DELETE: case F_CLEAR: case F_ZERO:
	case F_CAT: case F_SYSTEM: case F_JOIN:
		return serr(s, e->loc, "%s() is a statement and has no value", e->call.name);
	case F_BSWAP: case F_STRNCMP: case F_BUF: case F_NTOP: case F_STRFTIME: case F_KADDR: case F_REG:
	case F_UPTR: case F_KPTR: case F_CGROUP_PATH: case F_PTON:
		return check_func_value(s, e);
	default:
		return serr(s, e->loc, "unknown function '%s'", e->call.name);
	}
}

/* The bytes a typed pointer steps by (its pointee's size, 1 for void),
 * or 0 when t is not a typed pointer: "ptr + n" moves n elements, as C. */
static u32 pointer_step(struct sema *s, const struct lang_type *t)
{
	const struct lang_ctype *ct, *et;
	int el;

	if (t->kind != LT_INT || !t->ctype || !s->p->ctypes)
		return 0;
	ct = lang_ctype_get(s->p->ctypes, t->ctype - 1);
	if (!ct || ct->kind != LCT_PTR)
		return 0;
	el = lang_ctype_target(s->p->ctypes, t->ctype - 1);
	et = el >= 0 ? lang_ctype_get(s->p->ctypes, el) : NULL;
	return et && et->size ? (u32)et->size : 1;
}

static int check_binary(struct sema *s, struct lang_expr *e)
{
	struct lang_expr *a = e->op.a, *b = e->op.b;
	char b1[32], b2[32];

	if (check_expr(s, a) || check_expr(s, b))
		return -1;
	if (a->type.kind == LT_NONE || b->type.kind == LT_NONE) {
		if (s->final)
			return serr(s, e->loc, "cannot type this expression");
		e->type = t_int(true);
		return 0;
	}
	if (a->type.kind == LT_STR || b->type.kind == LT_STR) {
		if (a->type.kind != b->type.kind)
			return serr(s, e->loc, "%s %s %s: a string can only be compared with a string",
				    tname(&a->type, b1, sizeof(b1)), lang_op_name(e->op.op), tname(&b->type, b2, sizeof(b2)));
		if (e->op.op != OP_EQ && e->op.op != OP_NE)
			return serr(s, e->loc, "%s %s %s: strings can only be compared with == and !=",
				    tname(&a->type, b1, sizeof(b1)), lang_op_name(e->op.op), tname(&b->type, b2, sizeof(b2)));
		e->type = t_int(false);
		return 0;
	}
	if (a->type.kind != LT_INT || b->type.kind != LT_INT) {
		bool same = a->type.kind == b->type.kind;

		/* probe == probe and the like compare ids, which is meaningful. */
		if (same && (e->op.op == OP_EQ || e->op.op == OP_NE) &&
		    (a->type.kind == LT_PROBE || a->type.kind == LT_FUNC)) {
			e->type = t_int(false);
			return 0;
		}
		return serr(s, e->loc, "%s %s %s: the operands must be integers", tname(&a->type, b1, sizeof(b1)),
			    lang_op_name(e->op.op), tname(&b->type, b2, sizeof(b2)));
	}
	e->op.scale = 0;
	if (e->op.op == OP_ADD || e->op.op == OP_SUB) {
		u32 sa = pointer_step(s, &a->type), sb = e->op.op == OP_ADD ? pointer_step(s, &b->type) : 0;

		/* pointer + n, n + pointer, pointer - n: a pointer of that type */
		if ((sa != 0) != (sb != 0) && !(e->op.op == OP_SUB && pointer_step(s, &b->type))) {
			e->op.scale = sa ? sa : sb;
			e->op.scale_a = !sa;
			e->type = sa ? a->type : b->type;
			return 0;
		}
	}
	switch (e->op.op) {
	case OP_EQ: case OP_NE: case OP_LT: case OP_GT: case OP_LE: case OP_GE: case OP_LAND: case OP_LOR:
		e->type = t_int(false);
		break;
	default:
		/* As C: the result is signed only when both operands are. */
		e->type = t_int(a->type.is_signed && b->type.is_signed);
		break;
	}
	return 0;
}

/* ---- tuples ----------------------------------------------------------------------- */

/* May a value of this kind be an element of a tuple? */
static bool is_tuple_elem(enum lang_type_kind k)
{
	return is_keyable(k) || k == LT_TUPLE;
}

/* "0", "12": a tuple's element as the parser gives it (t.0). */
static bool is_index_name(const char *f)
{
	if (!*f)
		return false;
	for (; *f; f++)
		if (*f < '0' || *f > '9')
			return false;
	return true;
}

/* (a, b, ...): untyped until every element is (the first walk). */
static int check_tuple(struct sema *s, struct lang_expr *e)
{
	struct lang_type el[64];
	char b1[128];
	int n = e->tuple.n;

	if (n > (int)ARRAY_SIZE(el))
		return serr(s, e->loc, "a tuple has at most %zu elements", ARRAY_SIZE(el));
	e->type = (struct lang_type){ .kind = LT_NONE };
	for (int i = 0; i < n; i++) {
		struct lang_expr *x = e->tuple.elems[i];

		if (x->kind == E_CALL && x->call.id >= F_COUNT && x->call.id <= F_LHIST)
			return serr(s, x->loc, "%s() should be directly assigned to a map", x->call.name);
		if (check_expr(s, x))
			return -1;
		if (x->type.kind == LT_NONE)
			return 0;
		if (!is_tuple_elem(x->type.kind))
			return serr(s, x->loc, "%s cannot be an element of a tuple", tname(&x->type, b1, sizeof(b1)));
		el[i] = x->type;
	}
	e->type = lang_tuple_type(s->p->ast, el, n);
	/* Values live in the per-CPU scratch (a BPF value is at most 32 KiB),
	 * with the statement's other values. */
	if (e->type.size > LANG_TUPLE_MAX_SIZE)
		return serr(s, e->loc, "a tuple of %u bytes: at most %d", e->type.size, LANG_TUPLE_MAX_SIZE);
	return 0;
}

/* t.N: bpftrace's rules and messages. */
static int check_tuple_elem(struct sema *s, struct lang_expr *e)
{
	const struct lang_type *bt = &e->field.base->type;
	char b1[128];
	unsigned long idx;

	if (bt->kind != LT_TUPLE) {
		if (!s->final && bt->kind == LT_NONE)
			return 0;
		return serr(s, e->loc, "Can not access index %s on expression of type '%s'", e->field.field,
			    lang_tuple_name(bt, b1, sizeof(b1)));
	}
	if (e->field.arrow || !is_index_name(e->field.field))
		return serr(s, e->loc, "Tuples must be indexed with a constant and non-negative integer");
	idx = strtoul(e->field.field, NULL, 10);
	if (idx >= (unsigned long)bt->tuple->n || strlen(e->field.field) > 9)
		return serr(s, e->loc, "Invalid tuple index: %s. Found %d elements in tuple.", e->field.field,
			    bt->tuple->n);
	e->type = bt->tuple->elems[idx];
	e->field.offset = bt->tuple->off[idx];
	return 0;
}

/* A tuple assigned where another tuple type is kept (a variable, a map). */
static int tuple_mismatch(struct sema *s, struct lang_loc loc, const struct lang_type *kept,
			  const struct lang_type *given)
{
	char b1[256], b2[256];

	return serr(s, loc, "Tuple type mismatch: %s != %s.", lang_tuple_name(kept, b1, sizeof(b1)),
		    lang_tuple_name(given, b2, sizeof(b2)));
}

static int check_expr(struct sema *s, struct lang_expr *e)
{
	char b1[32], b2[32];
	int slot;
	struct sema_var *v;

	switch (e->kind) {
	case E_INT:
		e->type = t_int(true);
		return 0;
	case E_STR:
		e->type = t_str(e->str.len + 1);
		return 0;
	case E_BUILTIN:
		return check_builtin(s, e);
	case E_POSITIONAL: {
		const char *arg;
		char *end;
		long long n;

		if (e->positional == 0) {       /* $# */
			e->kind = E_INT;
			e->ival = s->p->npositional;
			e->type = t_int(true);
			return 0;
		}
		if (e->positional < 1)
			return serr(s, e->loc, "$%d: the arguments are $1, $2, ...", e->positional);
		/* Not given: 0 (and str($N) an empty string), as in bpftrace. */
		arg = e->positional <= s->p->npositional ? s->p->positional[e->positional - 1] : "0";
		errno = 0;
		n = strtoll(arg, &end, 0);
		/* A number is an integer, anything else a string literal. */
		if (*arg && !*end && !errno) {
			e->kind = E_INT;
			e->ival = n;
			e->type = t_int(true);
		} else {
			e->kind = E_STR;
			e->str.s = lang_strdup(s->p->ast, arg, strlen(arg));
			e->str.len = (u32)strlen(arg);
			e->type = t_str(e->str.len + 1);
		}
		return 0;
	}
	case E_IDENT: {
		/* An enum constant: the program's definitions, then the kernel's BTF. */
		s64 val;
		int got = lang_cdefs_enum_value(s->p->ast->cdefs, e->var.name, &val);

		if (got < 0)
			return serr(s, e->loc, "the value of enumerator '%s' is not a number scry computes", e->var.name);
		if (!got)
			got = lang_ctypes_btf_enum_value(lang_sema_ctypes(s->p), e->var.name, &val);
		if (!got)
			return serr(s, e->loc, "unknown identifier '%s'", e->var.name);
		e->kind = E_INT;
		e->ival = val;
		e->type = t_int(true);
		return 0;
	}
	case E_VAR:
		v = var_find(s, e->var.name, &slot);
		if (!v || v->type.kind == LT_NONE) {
			if (!s->final) {
				e->type.kind = LT_NONE;
				return 0;
			}
			return serr(s, e->loc, "%s is used before it is assigned", e->var.name);
		}
		e->var.slot = slot;
		e->type = v->type;
		return 0;
	case E_MAP:
		return check_map_read(s, e);
	case E_ARGS:
		return check_args(s, e);
	case E_FIELD: {
		struct lang_sema_ctx c = ctx_of(s);

		if (check_expr(s, e->field.base))
			return -1;
		if (e->field.base->type.kind == LT_NONE && !s->final)
			return 0;
		if (e->field.base->type.kind == LT_TUPLE || (!e->field.arrow && is_index_name(e->field.field)))
			return check_tuple_elem(s, e);
		return lang_sema_field(&c, e);
	}
	case E_TUPLE:
		return check_tuple(s, e);
	case E_INDEX: {
		struct lang_sema_ctx c = ctx_of(s);

		if (check_expr(s, e->index.base) || check_int(s, e->index.index, "an index"))
			return -1;
		if (e->index.base->type.kind == LT_NONE && !s->final)
			return 0;
		return lang_sema_index(&c, e);
	}
	case E_UNARY:
		if (e->op.op == OP_DEREF) {
			struct lang_sema_ctx c = ctx_of(s);

			if (check_expr(s, e->op.a))
				return -1;
			if (e->op.a->type.kind == LT_NONE && !s->final)
				return 0;
			return lang_sema_deref(&c, e);
		}
		if (e->op.op == OP_ADDR)
			return serr(s, e->loc, "pointer address-of is not supported yet");
		if (check_int(s, e->op.a, lang_op_name(e->op.op)))
			return -1;
		e->type = e->op.op == OP_LNOT ? t_int(false) : t_int(e->op.op == OP_NEG || e->op.a->type.is_signed);
		return 0;
	case E_BINARY:
		return check_binary(s, e);
	case E_TERNARY:
		if (check_int(s, e->op.a, "the condition of ?:") || check_expr(s, e->op.b) || check_expr(s, e->op.c))
			return -1;
		e->type = e->op.b->type;
		if (e->op.b->type.kind == LT_NONE || e->op.c->type.kind == LT_NONE)
			return 0;
		if (!unify(&e->type, &e->op.c->type) || e->type.kind == LT_KSTACK || e->type.kind == LT_USTACK)
			return serr(s, e->loc, "the two values of ?: differ: %s and %s",
				    tname(&e->op.b->type, b1, sizeof(b1)), tname(&e->op.c->type, b2, sizeof(b2)));
		if (e->type.kind == LT_INT)
			e->type.is_signed = e->op.b->type.is_signed && e->op.c->type.is_signed;
		return 0;
	case E_INCDEC: {
		struct lang_expr *a = e->op.a;

		if (a->kind == E_VAR) {
			v = var_find(s, a->var.name, &slot);
			if (!v || v->type.kind == LT_NONE) {
				if (!s->final)
					return 0;
				return serr(s, a->loc, "%s is used before it is assigned", a->var.name);
			}
			if (v->type.kind != LT_INT)
				return serr(s, e->loc, "%s is %s: %s needs an integer", a->var.name,
					    tname(&v->type, b1, sizeof(b1)), lang_op_name(e->op.op));
			a->var.slot = slot;
			a->type = v->type;
			e->type = v->type;
			e->op.scale = pointer_step(s, &v->type);
			return 0;
		}
		if (a->kind == E_MAP) {
			struct lang_map *m = map_get(s, a);

			if (!m)
				return serr(s, e->loc, "out of memory");
			if (check_keys(s, a, m, true))
				return -1;
			if (m->is_aggregation)
				return serr(s, e->loc, "%s holds %s; %s needs a plain integer map", m->name,
					    tname(&m->value, b1, sizeof(b1)), lang_op_name(e->op.op));
			if (!unify(&m->value, &(struct lang_type){ .kind = LT_INT, .size = 8, .is_signed = true }))
				return serr(s, e->loc, "%s holds %s; %s needs an integer", m->name,
					    tname(&m->value, b1, sizeof(b1)), lang_op_name(e->op.op));
			a->map.map_id = m->id;
			a->type = m->value;
			e->type = m->value;
			e->op.scale = pointer_step(s, &m->value);
			return 0;
		}
		return serr(s, e->loc, "%s needs a variable or a map element", lang_op_name(e->op.op));
	}
	case E_CALL:
		return check_call_value(s, e);
	case E_CAST: {
		static const struct { const char *name; u32 size; bool is_signed; } casts[] = {
			{ "u8", 1, false }, { "u16", 2, false }, { "u32", 4, false }, { "u64", 8, false },
			{ "s8", 1, true }, { "s16", 2, true }, { "s32", 4, true }, { "s64", 8, true },
			{ "uint8", 1, false }, { "uint16", 2, false }, { "uint32", 4, false }, { "uint64", 8, false },
			{ "int8", 1, true }, { "int16", 2, true }, { "int32", 4, true }, { "int64", 8, true },
			{ "int", 4, true }, { "unsigned", 4, false }, { "long", 8, true }, { "char", 1, true },
		};

		if (!strncmp(e->cast.type_name, "sizeof", 6)) {     /* sizeof(TYPE), sizeof(EXPR): parser.c */
			struct lang_sema_ctx c = ctx_of(s);

			if (!e->cast.type_name[6] && check_expr(s, e->cast.a))
				return -1;
			return lang_sema_sizeof(&c, e, cast_binary(s));
		}
		if (check_int(s, e->cast.a, "a cast"))
			return -1;
		if (strchr(e->cast.type_name, '*') || !strncmp(e->cast.type_name, "struct ", 7) ||
		    !strncmp(e->cast.type_name, "union ", 6)) {
			struct lang_sema_ctx c = ctx_of(s);

			return lang_sema_struct_cast(&c, e, cast_binary(s));
		}
		for (size_t i = 0; i < ARRAY_SIZE(casts); i++)
			if (!strcmp(casts[i].name, e->cast.type_name)) {
				e->type = (struct lang_type){ .kind = LT_INT, .size = casts[i].size,
							      .is_signed = casts[i].is_signed };
				return 0;
			}
		return serr(s, e->loc, "cast to '%s' is not supported yet (integer casts are: u8..u64, s8..s64)",
			    e->cast.type_name);
	}
	}
	return serr(s, e->loc, "unknown expression");
}

/* ---- formats -------------------------------------------------------------------- */

static int fmt_add(struct sema *s, enum lang_fmt_kind kind, const char *fmt, struct lang_loc loc)
{
	struct lang_program *p = s->p;
	struct lang_fmt *f;

	if (!s->final)
		return 0;
	f = realloc(p->fmts, (p->nfmts + 1) * sizeof(*f));
	if (!f)
		return -1;
	p->fmts = f;
	f = &p->fmts[p->nfmts];
	*f = (struct lang_fmt){ .kind = kind, .loc = loc };
	if (fmt && !(f->fmt = strdup(fmt)))
		return -1;
	return p->nfmts++;
}

static int printf_args(struct sema *s, struct lang_expr *e, int first)
{
	struct lang_expr *fmt = e->call.args[first - 1];
	int nconv = 0, id;
	size_t i = 0;
	char b1[32];
	char kinds[LANG_MAX_ARGS];

	if (fmt->kind != E_STR)
		return serr(s, fmt->loc, "%s()'s format must be a string literal", e->call.name);
	while (fmt->str.s[i]) {
		char c;

		if (fmt->str.s[i] != '%') {
			i++;
			continue;
		}
		{
			size_t at = i, n = 1;

			c = lang_printf_conv(fmt->str.s, &i);
			/* Name the conversion: '%' up to the first letter. */
			while (fmt->str.s[at + n] && !((fmt->str.s[at + n] | 32) >= 'a' && (fmt->str.s[at + n] | 32) <= 'z'))
				n++;
			if (!c)
				return serr(s, fmt->loc, "%s(): unknown conversion '%.*s' (the language knows %%d %%i "
					    "%%u %%x %%X %%o %%s %%c %%p and %%%%)", e->call.name,
					    (int)(n + (fmt->str.s[at + n] != 0)), fmt->str.s + at);
		}
		if (c == '%')
			continue;
		if (nconv == LANG_MAX_ARGS)
			return serr(s, fmt->loc, "%s(): at most %d arguments", e->call.name, LANG_MAX_ARGS);
		kinds[nconv++] = c;
	}
	if (e->call.nargs - first != nconv)
		return serr(s, e->loc, "%s(): the format has %d conversion%s but %d argument%s follow%s",
			    e->call.name, nconv, nconv == 1 ? "" : "s", e->call.nargs - first,
			    e->call.nargs - first == 1 ? "" : "s", e->call.nargs - first == 1 ? "s" : "");
	for (int k = 0; k < nconv; k++) {
		struct lang_expr *a = e->call.args[first + k];
		bool ok;

		if (check_expr(s, a))
			return -1;
		if (a->type.kind == LT_NONE)
			continue;
		/* %s prints any value (integers too, as bpftrace does); the
		 * numeric conversions want integers. */
		ok = kinds[k] == 's' || (kinds[k] == 'r' ? a->type.kind == LT_BUF : a->type.kind == LT_INT);
		if (!ok || !is_keyable(a->type.kind))
			return serr(s, a->loc, "%s(): argument %d is %s, which %%%c cannot print", e->call.name,
				    k + 1, tname(&a->type, b1, sizeof(b1)), kinds[k] == 'u' ? 'x' : kinds[k]);
	}
	id = fmt_add(s, e->call.id == F_CAT ? FMT_CAT : e->call.id == F_SYSTEM ? FMT_SYSTEM :
		     e->call.id == F_PRINTF ? FMT_PRINTF : FMT_TIME, fmt->str.s, e->loc);
	if (id < 0)
		return serr(s, e->loc, "out of memory");
	if (s->final) {
		struct lang_fmt *f = &s->p->fmts[id];

		for (int k = 0; k < nconv; k++) {
			f->args[k] = e->call.args[first + k]->type;
			if (f->args[k].kind == LT_INT)
				f->args[k].size = 8;
		}
		f->nargs = nconv;
		lang_fmt_layout(f);
		e->call.fmt_id = id;
	}
	return 0;
}

/* A map named alone (clear(@m), print(@m)): it must exist and have no keys given. */
static int map_arg(struct sema *s, struct lang_expr *e, const char *fn, struct lang_map **out)
{
	struct lang_map *m;

	if (e->kind != E_MAP)
		return serr(s, e->loc, "%s() takes a map, as in %s(@m)", fn, fn);
	if (e->map.nkeys)
		return serr(s, e->loc, "%s() takes a whole map: %s(%s)", fn, fn, e->map.name);
	m = map_find(s->p, e->map.name);
	if (!m) {
		if (!s->final)
			return 0;
		return serr(s, e->loc, "%s is never assigned", e->map.name);
	}
	e->map.map_id = m->id;
	*out = m;
	return 0;
}

static int check_call_stmt(struct sema *s, struct lang_expr *e)
{
	struct lang_expr **a = e->call.args;
	int n = e->call.nargs, id;
	struct lang_map *m = NULL;
	s64 v;

	switch (e->call.id) {
	case F_PRINTF:
		if (n < 1)
			return serr(s, e->loc, "printf() needs a format: printf(\"%%d\\n\", pid)");
		return printf_args(s, e, 1);
	case F_TIME:
		if (n > 1)
			return serr(s, e->loc, "time() takes one format: time(\"%%H:%%M:%%S\\n\")");
		if (n == 1 && a[0]->kind != E_STR)
			return serr(s, a[0]->loc, "time()'s format must be a string literal");
		id = fmt_add(s, FMT_TIME, n ? a[0]->str.s : NULL, e->loc);
		if (id < 0)
			return serr(s, e->loc, "out of memory");
		if (s->final) {
			lang_fmt_layout(&s->p->fmts[id]);
			e->call.fmt_id = id;
		}
		return 0;
	case F_EXIT:
		if (n)
			return serr(s, e->loc, "exit() takes no arguments");
		return 0;
	case F_PRINT:
		if (n < 1 || n > 3)
			return serr(s, e->loc, "print() takes a map and optional top and div: print(@m[, top[, div]])");
		if (a[0]->kind == E_MAP && !a[0]->map.nkeys) {
			e->call.fmt_id = -1;    /* the map form: user space prints it */
			if (map_arg(s, a[0], "print", &m))
				return -1;
			for (int i = 1; i < n; i++) {
				if (!const_int(a[i], &v) || v < 0)
					return serr(s, a[i]->loc, "print()'s %s must be a constant >= 0",
						    i == 1 ? "top" : "div");
				/* Folded, so codegen finds the number. */
				a[i]->kind = E_INT;
				a[i]->ival = v;
				a[i]->type = t_int(true);
			}
			return 0;
		}
		if (n > 1)
			return serr(s, e->loc, "print(value) takes one value");
		if (check_expr(s, a[0]))
			return -1;
		if (a[0]->type.kind != LT_NONE && !is_tuple_elem(a[0]->type.kind))
			return serr(s, a[0]->loc, "print() cannot print this value");
		id = fmt_add(s, FMT_PRINT_VALUE, NULL, e->loc);
		if (id < 0)
			return serr(s, e->loc, "out of memory");
		if (s->final) {
			struct lang_fmt *f = &s->p->fmts[id];

			f->args[0] = a[0]->type;
			if (f->args[0].kind == LT_INT)
				f->args[0].size = 8;
			f->nargs = 1;
			lang_fmt_layout(f);
			e->call.fmt_id = id;
		}
		return 0;
	case F_DELETE:
		if (n != 1 || a[0]->kind != E_MAP)
			return serr(s, e->loc, "delete() takes a map element: delete(@m[key])");
		m = map_find(s->p, a[0]->map.name);
		if (!m) {
			if (!s->final)
				return check_keys(s, a[0], NULL, false);
			return serr(s, a[0]->loc, "%s is never assigned", a[0]->map.name);
		}
		a[0]->map.map_id = m->id;
		return check_keys(s, a[0], m, false);
	case F_CLEAR:
	case F_ZERO:
		if (n != 1)
			return serr(s, e->loc, "%s() takes a map: %s(@m)", e->call.name, e->call.name);
		return map_arg(s, a[0], e->call.name, &m);
	case F_CAT:
	case F_SYSTEM:
	case F_JOIN:
		return check_func_stmt(s, e);
	default:
		/* A value computed and dropped: check it, then say it does nothing. */
		if (check_expr(s, e))
			return -1;
		return serr(s, e->loc, "the value of %s() is not used", e->call.name);
	}
}

/* @m[k] = AGG(args): the map's value kind comes from the aggregation. */
static int check_aggregation(struct sema *s, struct lang_map *m, struct lang_expr *call)
{
	struct lang_expr **a = call->call.args;
	int n = call->call.nargs;
	struct lang_type t = { .size = 8 };
	char b1[32], b2[32];
	s64 lo, hi, step;

	switch (call->call.id) {
	case F_COUNT:
		if (n)
			return serr(s, call->loc, "count() takes no arguments");
		t.kind = LT_COUNT;
		break;
	case F_SUM: case F_AVG: case F_MIN: case F_MAX: case F_STATS: case F_HIST:
		if (n != 1)
			return serr(s, call->loc, "%s() takes one value: %s(x)", call->call.name, call->call.name);
		if (check_int(s, a[0], call->call.name))
			return -1;
		t.kind = call->call.id == F_SUM ? LT_SUM : call->call.id == F_AVG ? LT_AVG :
			 call->call.id == F_MIN ? LT_MIN : call->call.id == F_MAX ? LT_MAX :
			 call->call.id == F_STATS ? LT_STATS : LT_HIST;
		/* Literals are signed; hist buckets negatives apart either way. */
		t.is_signed = a[0]->type.is_signed;
		break;
	case F_LHIST:
		if (n != 4)
			return serr(s, call->loc, "lhist() takes a value, min, max and step: lhist(x, 0, 100, 10)");
		if (check_int(s, a[0], "lhist()"))
			return -1;
		if (!const_int(a[1], &lo) || !const_int(a[2], &hi) || !const_int(a[3], &step))
			return serr(s, call->loc, "lhist()'s min, max and step must be constants");
		if (lo < 0)
			return serr(s, a[1]->loc, "lhist()'s min must be >= 0 (got %lld)", (long long)lo);
		if (step <= 0)
			return serr(s, a[3]->loc, "lhist()'s step must be > 0 (got %lld)", (long long)step);
		if (hi <= lo)
			return serr(s, a[2]->loc, "lhist()'s max must be above its min (%lld <= %lld)",
				    (long long)hi, (long long)lo);
		if ((hi - lo) / step > LANG_LHIST_MAX_BUCKETS)
			return serr(s, call->loc, "lhist(): (max - min) / step is %lld buckets; at most %d",
				    (long long)((hi - lo) / step), LANG_LHIST_MAX_BUCKETS);
		t.kind = LT_LHIST;
		t.is_signed = true;
		t.lhist_min = lo;
		t.lhist_max = hi;
		t.lhist_step = step;
		break;
	default:
		return serr(s, call->loc, "not an aggregation");
	}
	if (m->value.kind != LT_NONE && !m->is_aggregation)
		return serr(s, call->loc, "%s holds %s (first assigned at %u:%u); it cannot also be %s()", m->name,
			    tname(&m->value, b1, sizeof(b1)), m->loc.line, m->loc.col, call->call.name);
	if (m->value.kind != LT_NONE && (m->value.kind != t.kind || !unify(&m->value, &t)))
		return serr(s, call->loc, "%s is %s (first assigned at %u:%u), not %s", m->name,
			    tname(&m->value, b1, sizeof(b1)), m->loc.line, m->loc.col, tname(&t, b2, sizeof(b2)));
	if (m->value.kind == LT_NONE)
		m->value = t;
	else if (t.is_signed)
		m->value.is_signed = true;
	m->is_aggregation = true;
	return 0;
}

static int check_assign(struct sema *s, struct lang_stmt *st)
{
	struct lang_expr *lhs = st->assign.lhs, *rhs = st->assign.rhs;
	char b1[32], b2[32];
	int slot;

	if (lhs->kind == E_VAR) {
		struct sema_var *v = var_find(s, lhs->var.name, &slot);

		if (st->assign.op != OP_ASSIGN) {
			if (!v || v->type.kind == LT_NONE) {
				if (!s->final)
					return 0;
				return serr(s, lhs->loc, "%s is used before it is assigned", lhs->var.name);
			}
			if (v->type.kind != LT_INT)
				return serr(s, st->loc, "%s is %s: %s= needs an integer", lhs->var.name,
					    tname(&v->type, b1, sizeof(b1)), lang_op_name(st->assign.op));
			if (check_int(s, rhs, "the right-hand side"))
				return -1;
			lhs->var.slot = slot;
			lhs->type = v->type;
			st->assign.scale = st->assign.op == OP_ADD || st->assign.op == OP_SUB ? pointer_step(s, &v->type) : 0;
			return 0;
		}
		if (rhs->kind == E_CALL && rhs->call.id >= F_COUNT && rhs->call.id <= F_LHIST)
			return serr(s, rhs->loc, "%s() aggregates into a map, not a variable: @x = %s(...)",
				    rhs->call.name, rhs->call.name);
		if (check_expr(s, rhs))
			return -1;
		if (!v && !(v = var_add(s, lhs->var.name, &slot)))
			return serr(s, st->loc, "out of memory");
		if (rhs->type.kind == LT_NONE)
			return 0;
		if (!is_tuple_elem(rhs->type.kind))
			return serr(s, rhs->loc, "%s cannot be stored in a variable", tname(&rhs->type, b1, sizeof(b1)));
		{
			struct lang_type before = v->type;

			if (before.kind == LT_TUPLE && rhs->type.kind == LT_TUPLE && !unify(&v->type, &rhs->type))
				return tuple_mismatch(s, st->loc, &before, &rhs->type);
			if (!unify(&v->type, &rhs->type))
				return serr(s, st->loc, "%s is %s; it cannot also hold %s", lhs->var.name,
					    tname(&before, b1, sizeof(b1)), tname(&rhs->type, b2, sizeof(b2)));
			/* an integer variable keeps its width (bswap($x) of a
			 * (uint32) is 32 bits wide), the widest assigned */
			if (v->type.kind == LT_INT && rhs->type.size)
				v->type.size = before.kind == LT_INT ? MAX(before.size, rhs->type.size) : rhs->type.size;
		}
		lhs->var.slot = slot;
		lhs->type = v->type;
		return 0;
	}
	if (lhs->kind == E_MAP) {
		struct lang_map *m = map_get(s, lhs);

		if (!m)
			return serr(s, st->loc, "out of memory");
		lhs->map.map_id = m->id;
		if (check_keys(s, lhs, m, true))
			return -1;
		if (st->assign.op == OP_ASSIGN && rhs->kind == E_CALL && rhs->call.id >= F_COUNT &&
		    rhs->call.id <= F_LHIST) {
			if (check_aggregation(s, m, rhs))
				return -1;
			lhs->type = m->value;
			return 0;
		}
		if (check_expr(s, rhs))
			return -1;
		if (rhs->type.kind == LT_NONE)
			return 0;
		if (m->is_aggregation)
			return serr(s, st->loc, "%s holds %s (first assigned at %u:%u); a value cannot be assigned to it",
				    m->name, tname(&m->value, b1, sizeof(b1)), m->loc.line, m->loc.col);
		if (st->assign.op != OP_ASSIGN && rhs->type.kind != LT_INT)
			return serr(s, rhs->loc, "%s= needs an integer, not %s", lang_op_name(st->assign.op),
				    tname(&rhs->type, b1, sizeof(b1)));
		st->assign.scale = st->assign.op == OP_ADD || st->assign.op == OP_SUB ? pointer_step(s, &m->value) : 0;
		if (!is_tuple_elem(rhs->type.kind))
			return serr(s, rhs->loc, "%s cannot be stored in a map", tname(&rhs->type, b1, sizeof(b1)));
		{
			struct lang_type before = m->value;

			if (before.kind == LT_TUPLE && rhs->type.kind == LT_TUPLE && !unify(&m->value, &rhs->type))
				return tuple_mismatch(s, st->loc, &before, &rhs->type);
			if (!unify(&m->value, &rhs->type))
				return serr(s, st->loc, "%s holds %s (first assigned at %u:%u), not %s", m->name,
					    tname(&before, b1, sizeof(b1)), m->loc.line, m->loc.col,
					    tname(&rhs->type, b2, sizeof(b2)));
		}
		lhs->type = m->value;
		return 0;
	}
	return serr(s, lhs->loc, "only a $variable or a @map element can be assigned");
}

static int check_stmts(struct sema *s, struct lang_stmt *st)
{
	s64 n;

	for (; st; st = st->next) {
		switch (st->kind) {
		case S_EXPR:
			if (st->expr->kind == E_TERNARY) {
				/* "c ? printf(..) : exit()" as a statement: bpftrace
				 * takes it as if (c) ... else ...; it becomes that. */
				struct lang_expr *t = st->expr;
				struct lang_stmt *yes = lang_alloc(s->p->ast, sizeof(*yes)),
						 *no = lang_alloc(s->p->ast, sizeof(*no));

				*yes = (struct lang_stmt){ .kind = S_EXPR, .loc = t->op.b->loc, .expr = t->op.b };
				*no = (struct lang_stmt){ .kind = S_EXPR, .loc = t->op.c->loc, .expr = t->op.c };
				st->kind = S_IF;
				st->if_.cond = t->op.a;
				st->if_.then = yes;
				st->if_.otherwise = no;
				if (check_int(s, st->if_.cond, "the condition of ?:") || check_stmts(s, st->if_.then) ||
				    check_stmts(s, st->if_.otherwise))
					return -1;
				break;
			}
			if (st->expr->kind == E_CALL) {
				if (check_call_stmt(s, st->expr))
					return -1;
			} else if (st->expr->kind == E_INCDEC) {
				if (check_expr(s, st->expr))
					return -1;
			} else {
				if (check_expr(s, st->expr))
					return -1;
				return serr(s, st->loc, "this statement has no effect");
			}
			break;
		case S_ASSIGN:
			if (check_assign(s, st))
				return -1;
			break;
		case S_IF:
			if (check_int(s, st->if_.cond, "if") || check_stmts(s, st->if_.then) ||
			    check_stmts(s, st->if_.otherwise))
				return -1;
			break;
		case S_WHILE:
			if (check_int(s, st->while_.cond, "while") || check_stmts(s, st->while_.body))
				return -1;
			break;
		case S_UNROLL:
			n = st->unroll.count;
			if (n < 1 || n > 100)
				return serr(s, st->loc, "unroll's count must be 1 to 100 (got %lld)", (long long)n);
			if (check_stmts(s, st->unroll.body))
				return -1;
			break;
		}
	}
	return 0;
}

static void note_attaches(struct sema *s)
{
	s->has_tp = s->has_uprobe = s->has_uret = s->has_kprobe = s->has_kret = s->has_perf = false;
	s->has_special = false;
	s->nattach = 0;
	for (int i = 0; i < s->p->nattaches; i++) {
		const struct lang_attach *a = &s->p->attaches[i];

		if (a->block != s->block_idx)
			continue;
		s->nattach++;
		switch (a->type) {
		case P_TRACEPOINT: s->has_tp = true; break;
		case P_UPROBE: s->has_uprobe = true; break;
		case P_URETPROBE: s->has_uret = true; break;
		case P_KPROBE: s->has_kprobe = true; break;
		case P_KRETPROBE: s->has_kret = true; break;
		case P_PROFILE: case P_INTERVAL: case P_SOFTWARE: s->has_perf = true; break;
		default: s->has_special = true; break;
		}
	}
}

static int check_block(struct sema *s, struct lang_block *b)
{
	s->blk = b;
	s->nvars = 0;
	note_attaches(s);
	if (b->pred && check_int(s, b->pred, "a predicate"))
		return -1;
	if (check_stmts(s, b->body))
		return -1;
	if (s->final) {
		b->nvars = s->nvars;
		b->var_types = lang_alloc(s->p->ast, (s->nvars ? s->nvars : 1) * sizeof(*b->var_types));
		for (int i = 0; i < s->nvars; i++)
			b->var_types[i] = s->vars[i].type;
	}
	return 0;
}

int lang_sema(struct lang_program *p, char *err, size_t errlen)
{
	struct sema s = { .p = p, .err = err, .errlen = errlen };
	char tmp[1024];
	int rc = 0;

	/* Two walks: the first learns map and variable types and may fail
	 * only on what is wrong whatever the order; its messages are dropped
	 * and the second walk, which knows every map, reports. */
	for (int pass = 0; pass < 2 && !rc; pass++) {
		int idx = 0;

		s.final = pass == 1;
		s.err = s.final ? err : tmp;
		s.errlen = s.final ? errlen : sizeof(tmp);
		for (struct lang_block *b = p->ast->blocks; b && !rc; b = b->next, idx++) {
			s.block_idx = idx;
			rc = check_block(&s, b);
			if (rc && !s.final)
				rc = 0;         /* report in the second walk, in order */
		}
	}
	for (int i = 0; !rc && i < p->nmaps; i++) {
		struct lang_map *m = &p->maps[i];

		if (m->value.kind == LT_NONE) {
			rc = lang_diag(err, errlen, p->ast, m->loc, "%s is never assigned a value", m->name);
			break;
		}
		if (m->nkeys < 0)
			m->nkeys = 0;
		lang_map_layout(m);
	}
	free(s.vars);
	return rc;
}
