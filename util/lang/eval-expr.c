/* The offline evaluator's interpreter: a checked block run over one
 * recorded event (see eval.h).
 *
 * It computes what the BPF code codegen.c emits would: integers in 64
 * bits with BPF's arithmetic (division by zero gives 0, modulo by zero the
 * dividend), fields read and sign-extended as field_int reads them,
 * strings in NUL-padded buffers copied and compared byte for byte as
 * cg_expr_into and str_eq do, map keys and values in program.h's layouts.
 * Where the live code would take something from the running kernel, the
 * recorded event gives it. */
#include "util/lang/eval-priv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/lang/diag.h"
#include "util/lang/funcs.h"
#include "util/lang/output.h"
#include "util/lang/tuple.h"

#define EV_WHILE_MAX 100000     /* a loop the verifier would have refused */

static u32 al8(u32 n)
{
	return (n + 7) & ~7u;
}

static bool is_mem(const struct lang_type *t)
{
	return t->kind == LT_STR || t->kind == LT_USTACK || t->kind == LT_USYM || t->kind == LT_BUF ||
	       t->kind == LT_INET || t->kind == LT_TIMESTAMP || t->kind == LT_CGROUP_PATH || t->kind == LT_TUPLE;
}

/* Scratch for one statement's byte values. */
static u8 *tmp(struct ev *x, size_t n)
{
	static u8 overflow[8192];
	u8 *p;

	n = (n + 7) & ~(size_t)7;
	if (x->tmp_used + n > x->tmp_cap) {
		if (!x->tmp_exhausted)
			fprintf(stderr, "scry: a statement needs more than %zu bytes of scratch memory\n", x->tmp_cap);
		x->tmp_exhausted = true;
		x->exiting = x->stop_block = true;
		memset(overflow, 0, sizeof(overflow));
		return overflow;
	}
	p = x->tmp + x->tmp_used;
	x->tmp_used += n;
	return p;
}

/* ---- the record's fields --------------------------------------------------------------- */

static const struct lang_tp_field *field_of(const struct lang_attach *a, const char *name)
{
	for (int i = 0; i < a->nfields; i++)
		if (!strcmp(a->fields[i].name, name))
			return &a->fields[i];
	return NULL;
}

static u64 field_int(const struct ev_fire *f, const struct lang_tp_field *fl)
{
	u32 size = fl->size <= 8 ? fl->size : 8;
	const u8 *raw = f->s ? f->s->raw_data : NULL;
	u64 v = 0;

	if (size != 1 && size != 2 && size != 4 && size != 8)
		size = 8;
	if (!raw || (u64)fl->offset + size > f->s->raw_size)
		return 0;
	memcpy(&v, raw + fl->offset, size);     /* little-endian: the low bytes first */
	if (fl->is_signed && size < 8)
		v = (u64)((s64)(v << (64 - 8 * size)) >> (64 - 8 * size));
	return v;
}

/* A string field into dst (size bytes, zeroed to the next 8 first). */
static void field_bytes(const struct ev_fire *f, const struct lang_tp_field *fl, u8 *dst, u32 size)
{
	const u8 *raw = f->s ? f->s->raw_data : NULL;
	u32 rsize = raw ? f->s->raw_size : 0;

	memset(dst, 0, al8(size));
	if (!raw || !size)
		return;
	if (fl->kind == TPF_DATA_LOC) {
		u32 loc, off;

		if ((u64)fl->offset + 4 > rsize)
			return;
		memcpy(&loc, raw + fl->offset, 4);
		off = loc & 0xffff;
		/* as probe_read_kernel_str: up to size - 1 bytes, then the NUL */
		for (u32 i = 0; i + 1 < size && off + i < rsize && raw[off + i]; i++)
			dst[i] = raw[off + i];
		return;
	}
	for (u32 i = 0; i < fl->size && i < size && fl->offset + i < rsize; i++)
		dst[i] = raw[fl->offset + i];
	dst[size - 1] = 0;      /* always terminated */
}

/* What retval and argN read of a probe event: its recorded arguments. */
static const struct lang_tp_field *retval_field(const struct lang_attach *a)
{
	const struct lang_tp_field *f = field_of(a, "retval");

	if (!f)
		f = field_of(a, "ret");
	if (!f)
		f = field_of(a, "arg1");
	return f;
}

/* argN: the probe event's N-th recorded argument (they are recorded in
 * the order the probe definition gives them, as the registers were). */
static const struct lang_tp_field *arg_field(const struct lang_attach *a, int n)
{
	return n >= 0 && n < a->nfields ? &a->fields[n] : NULL;
}

/* ---- integers -------------------------------------------------------------------------- */

static u64 alu(enum lang_op op, u64 a, u64 b, bool sgn)
{
	s64 sa = (s64)a, sb = (s64)b;

	switch (op) {
	case OP_ADD: return a + b;
	case OP_SUB: return a - b;
	case OP_MUL: return a * b;
	case OP_DIV:
		if (!b)
			return 0;
		if (sgn)
			return sb == -1 ? 0 - a : (u64)(sa / sb);
		return a / b;
	case OP_MOD:
		if (!b)
			return a;
		if (sgn)
			return sb == -1 ? 0 : (u64)(sa % sb);
		return a % b;
	case OP_BAND: return a & b;
	case OP_BOR: return a | b;
	case OP_BXOR: return a ^ b;
	case OP_SHL: return a << (b & 63);
	case OP_SHR: return sgn ? (u64)(sa >> (b & 63)) : a >> (b & 63);
	case OP_EQ: return a == b;
	case OP_NE: return a != b;
	case OP_LT: return sgn ? sa < sb : a < b;
	case OP_GT: return sgn ? sa > sb : a > b;
	case OP_LE: return sgn ? sa <= sb : a <= b;
	case OP_GE: return sgn ? sa >= sb : a >= b;
	default: return 0;
	}
}

static u64 ev_int(struct ev *x, const struct lang_expr *e);
static u64 ev_func_int(struct ev *x, const struct lang_expr *e);
static void ev_func_mem(struct ev *x, const struct lang_expr *e, u8 *buf);
static void ev_into(struct ev *x, const struct lang_expr *e, u8 *dst, u32 size);
static u8 *ev_mem(struct ev *x, const struct lang_expr *e);
static void ev_tuple_into(struct ev *x, const struct lang_expr *e, u8 *dst, const struct lang_type *dt);

/* A map's key for keys[] into a new scratch buffer (the 4-byte 0 without keys). */
static u8 *map_key(struct ev *x, const struct lang_map *m, struct lang_expr **keys, int nkeys)
{
	u8 *k = tmp(x, m->key_size);

	if (nkeys != m->nkeys || !nkeys)
		memset(k, 0, al8(m->key_size));
	for (int i = 0; i < nkeys && i < m->nkeys; i++) {
		u32 end = i + 1 < m->nkeys ? m->key_off[i + 1] : m->key_size;

		ev_into(x, keys[i], k + m->key_off[i], end - m->key_off[i]);
	}
	return k;
}

static void map_full(struct ev *x, const struct lang_map *m)
{
	if (m->id < (int)ARRAY_SIZE(x->map_full))
		x->map_full[m->id]++;
}

static u64 incdec(struct ev *x, const struct lang_expr *e)
{
	const struct lang_expr *a = e->op.a;
	bool post = e->op.op == OP_POSTINC || e->op.op == OP_POSTDEC;
	u64 delta = (e->op.op == OP_PREINC || e->op.op == OP_POSTINC ? 1 : (u64)-1) * (e->op.scale ? e->op.scale : 1),
	    old = 0;

	if (a->kind == E_VAR) {
		old = x->vars[a->var.slot];
		x->vars[a->var.slot] = old + delta;
	} else {
		const struct lang_map *m = &x->p.maps[a->map.map_id];
		u8 *key = map_key(x, m, a->map.keys, a->map.nkeys);
		u8 *v = ev_table_get(&x->maps[m->id], key, NULL);

		if (v) {
			memcpy(&old, v, 8);
			old += delta;
			memcpy(v, &old, 8);
			old -= delta;
		} else {
			map_full(x, m);
		}
	}
	return post ? old : old + delta;
}

static u64 builtin_int(struct ev *x, const struct lang_expr *e)
{
	struct ev_fire *f = x->f;
	const struct lang_tp_field *fl;

	switch (e->builtin.id) {
	case B_PID: return f->pid;
	case B_TID: return f->tid;
	case B_CPU: return f->cpu;
	case B_NSECS: return f->time;
	case B_ELAPSED: return f->time - x->start_time;
	case B_RAND:
		/* xorshift64*: any sequence will do, as the kernel's */
		x->rand_state ^= x->rand_state >> 12;
		x->rand_state ^= x->rand_state << 25;
		x->rand_state ^= x->rand_state >> 27;
		return (u32)((x->rand_state * 2685821657736338717ULL) >> 32);
	case B_RETVAL:
		fl = f->a->type == P_TRACEPOINT ? field_of(f->a, "ret") : retval_field(f->a);
		return fl ? field_int(f, fl) : 0;
	case B_ARG:
		fl = arg_field(f->a, e->builtin.index);
		return fl ? field_int(f, fl) : 0;
	case B_PROBE:
	case B_FUNC:
		return (u64)f->attach;
	case B_KSTACK:
		ev_fire_stacks(x, f);
		return (u64)f->kstack_id;
	default:
		return 0;       /* refused by ev_check_program */
	}
}

/* Strings compared as str_eq and str_eq_literal do. */
static bool str_equal(struct ev *x, const struct lang_expr *a, const struct lang_expr *b)
{
	const u8 *sa, *sb;
	u32 na, nb, n;

	if (a->kind == E_STR && b->kind != E_STR) {
		const struct lang_expr *t = a;

		a = b;
		b = t;
	}
	sa = ev_mem(x, a);
	na = a->type.size;
	if (b->kind == E_STR) {
		if (b->str.len + 1 > na)
			return false;
		return !memcmp(sa, b->str.s, b->str.len) && sa[b->str.len] == 0;
	}
	sb = ev_mem(x, b);
	nb = b->type.size;
	n = na < nb ? na : nb;
	for (u32 i = 0; i < n; i++) {
		if (sa[i] != sb[i])
			return false;
		if (!sa[i])
			return true;
	}
	if (na != nb)
		return (na > nb ? sa : sb)[n] == 0;
	return true;
}

static u64 ev_int(struct ev *x, const struct lang_expr *e)
{
	const struct lang_tp_field *fl;
	u64 a, b;

	switch (e->kind) {
	case E_INT:
		return (u64)e->ival;
	case E_BUILTIN:
		return builtin_int(x, e);
	case E_VAR:
		return x->vars[e->var.slot];
	case E_MAP: {
		const struct lang_map *m = &x->p.maps[e->map.map_id];
		const u8 *v = ev_table_find(&x->maps[m->id], map_key(x, m, e->map.keys, e->map.nkeys));

		if (!v)
			return 0;
		memcpy(&a, v, 8);
		return a;
	}
	case E_ARGS:
		fl = field_of(x->f->a, e->args.field);
		return fl ? field_int(x->f, fl) : 0;
	case E_UNARY:
		a = ev_int(x, e->op.a);
		return e->op.op == OP_NEG ? 0 - a : e->op.op == OP_BNOT ? ~a : !a;
	case E_BINARY:
		if (e->op.op == OP_LAND)
			return ev_int(x, e->op.a) && ev_int(x, e->op.b);
		if (e->op.op == OP_LOR)
			return ev_int(x, e->op.a) || ev_int(x, e->op.b);
		if (e->op.a->type.kind == LT_STR)
			return str_equal(x, e->op.a, e->op.b) == (e->op.op == OP_EQ);
		a = ev_int(x, e->op.a);
		b = ev_int(x, e->op.b);
		if (e->op.scale > 1)    /* typed pointer arithmetic: elements to bytes */
			*(e->op.scale_a ? &a : &b) *= e->op.scale;
		return alu(e->op.op, a, b, e->op.a->type.is_signed && e->op.b->type.is_signed);
	case E_TERNARY:
		return ev_int(x, e->op.a) ? ev_int(x, e->op.b) : ev_int(x, e->op.c);
	case E_INCDEC:
		return incdec(x, e);
	case E_CAST: {
		u32 bits = 64 - 8 * e->type.size;

		a = ev_int(x, e->cast.a);
		if (!bits)
			return a;
		return e->type.is_signed ? (u64)((s64)(a << bits) >> bits) : (a << bits) >> bits;
	}
	case E_CALL:
		if (e->call.id == F_KSYM || e->call.id == F_UPTR || e->call.id == F_KPTR)
			return ev_int(x, e->call.args[0]);
		if (e->call.id == F_BSWAP || e->call.id == F_STRNCMP)
			return ev_func_int(x, e);
		return 0;
	case E_FIELD:
		/* t.N of a tuple (the only E_FIELD the evaluator lets through) */
		memcpy(&a, ev_mem(x, e->field.base) + e->field.offset, 8);
		return a;
	default:
		return 0;
	}
}

/* ---- the later functions (funcs.h), as codegen-funcs.c computes them ---------------- */

static u8 *ev_mem(struct ev *x, const struct lang_expr *e);

static u64 ev_func_int(struct ev *x, const struct lang_expr *e)
{
	if (e->call.id == F_BSWAP) {
		u64 v = ev_int(x, e->call.args[0]);

		switch (e->type.size) {
		case 2: return __builtin_bswap16((u16)v);
		case 4: return __builtin_bswap32((u32)v);
		case 8: return __builtin_bswap64(v);
		default: return (u8)v;
		}
	} else {
		const struct lang_expr *A = e->call.args[0], *B = e->call.args[1];
		const u8 *a = ev_mem(x, A), *b = ev_mem(x, B);
		u64 n = (u64)e->call.args[2]->ival;

		n = MIN(n, (u64)MIN(A->type.size, B->type.size));
		for (u64 i = 0; i < n; i++) {
			if (a[i] != b[i])
				return 1;
			if (!a[i])
				return 0;
		}
		return 0;
	}
}

/* buf() of a string, ntop() of an integer or a string, strftime(): the
 * slot program.h lays out, into buf (zeroed, the type's size). */
static void ev_func_mem(struct ev *x, const struct lang_expr *e, u8 *buf)
{
	const struct lang_expr *p = e->call.args[e->call.nargs - 1];
	u64 w;

	switch (e->call.id) {
	case F_BUF: {
		u32 cap = e->type.size - 8;

		p = e->call.args[0];
		w = cap;
		memcpy(buf, &w, 8);
		memcpy(buf + 8, ev_mem(x, p), MIN(cap, p->type.size));
		return;
	}
	case F_NTOP:
		if (p->type.kind == LT_STR) {
			memcpy(buf + 8, ev_mem(x, p), p->type.size);
			w = p->type.size == 16 ? 10 : 2;
		} else {
			u32 v4 = (u32)ev_int(x, p);

			memcpy(buf + 8, &v4, 4);
			w = 2;
		}
		if (e->call.nargs == 2)
			w = ev_int(x, e->call.args[0]);
		memcpy(buf, &w, 8);
		return;
	default:        /* F_STRFTIME */
		w = (u64)e->call.fmt_id;
		memcpy(buf, &w, 8);
		w = ev_int(x, e->call.args[1]);
		memcpy(buf + 8, &w, 8);
		return;
	}
}

/* ---- byte values ------------------------------------------------------------------------- */

/* A value of a byte type (string, ustack, usym) in a scratch buffer of its
 * own size, rounded up to 8. */
static u8 *ev_mem(struct ev *x, const struct lang_expr *e)
{
	u32 size = al8(e->type.size);
	u8 *buf;

	if (e->kind == E_VAR)
		return x->var_mem[e->var.slot];
	if (e->kind == E_FIELD)
		return ev_mem(x, e->field.base) + e->field.offset;
	buf = tmp(x, size);
	switch (e->kind) {
	case E_BUILTIN:
		memset(buf, 0, size);
		if (e->builtin.id == B_COMM) {
			ev_fire_comm(x, x->f);
			memcpy(buf, x->f->comm, size < 16 ? size : 16);
		} else if (e->builtin.id == B_USTACK) {
			u64 w[3] = { 0, x->f->pid, 0 };

			ev_fire_stacks(x, x->f);
			w[0] = (u64)x->f->ustack_id;
			memcpy(buf, w, size < 24 ? size : 24);
		}
		return buf;
	case E_MAP: {
		const struct lang_map *m = &x->p.maps[e->map.map_id];
		const u8 *v = ev_table_find(&x->maps[m->id], map_key(x, m, e->map.keys, e->map.nkeys));

		memset(buf, 0, size);
		if (v)
			memcpy(buf, v, m->value_size < size ? m->value_size : size);
		return buf;
	}
	case E_ARGS: {
		const struct lang_tp_field *fl = field_of(x->f->a, e->args.field);

		memset(buf, 0, size);
		if (fl)
			field_bytes(x->f, fl, buf, e->type.size);
		return buf;
	}
	case E_TUPLE: {
		const struct lang_tuple *tu = e->type.tuple;

		memset(buf, 0, size);
		for (int i = 0; i < tu->n; i++) {
			const struct lang_type *et = &tu->elems[i];

			if (et->kind == LT_TUPLE)
				ev_tuple_into(x, e->tuple.elems[i], buf + tu->off[i], et);
			else
				ev_into(x, e->tuple.elems[i], buf + tu->off[i], al8(lang_type_slot_size(et)));
		}
		return buf;
	}
	case E_CALL:
		if (e->call.id == F_USYM) {
			u64 w[2] = { ev_int(x, e->call.args[0]), x->f->pid };

			memset(buf, 0, size);
			memcpy(buf, w, size < 16 ? size : 16);
			return buf;
		}
		if (e->call.id == F_PTON) {
			u8 bytes[16];

			lang_func_pton(e->call.args[0]->str.s, bytes);
			memset(buf, 0, size);
			memcpy(buf, bytes, MIN(size, 16u));
			return buf;
		}
		if (e->call.id == F_BUF || e->call.id == F_NTOP || e->call.id == F_STRFTIME) {
			memset(buf, 0, size);
			ev_func_mem(x, e, buf);
			return buf;
		}
		/* fallthrough */
	default:
		ev_into(x, e, buf, e->type.size);
		return buf;
	}
}

/* A tuple-valued e at dst as a value of type dt (a variable's or a map's,
 * which may hold longer strings): as cg_tuple_into. */
static void ev_tuple_into(struct ev *x, const struct lang_expr *e, u8 *dst, const struct lang_type *dt)
{
	lang_tuple_convert(dst, dt, ev_mem(x, e), &e->type);
}

/* e into dst, a slot of size bytes (a key field, a value, a printf
 * argument): as cg_expr_into and cg_store_val fill one. */
static void ev_into(struct ev *x, const struct lang_expr *e, u8 *dst, u32 size)
{
	u32 full = al8(size);

	if (e->kind == E_BUILTIN && e->builtin.id == B_COMM) {
		/* the common key, written in place */
		u32 n = size < LANG_COMM_LEN ? size : LANG_COMM_LEN;

		ev_fire_comm(x, x->f);
		memcpy(dst, x->f->comm, n);
		memset(dst + n, 0, full - n);
		return;
	}
	if (!is_mem(&e->type)) {
		u64 v = ev_int(x, e);

		memset(dst, 0, full);
		memcpy(dst, &v, size < 8 ? size : 8);
		return;
	}
	switch (e->kind) {
	case E_STR: {
		u32 n = e->str.len < size ? e->str.len : size;

		memset(dst, 0, full);
		memcpy(dst, e->str.s, n);
		return;
	}
	case E_CALL:
		if (e->call.id == F_STR) {
			ev_into(x, e->call.args[0], dst, size);
			return;
		}
		break;
	case E_ARGS: {
		const struct lang_tp_field *fl = field_of(x->f->a, e->args.field);
		u32 n = size < e->type.size ? size : e->type.size;

		memset(dst, 0, full);
		if (fl)
			field_bytes(x->f, fl, dst, n);
		return;
	}
	case E_TERNARY: {
		u8 *buf = tmp(x, e->type.size);
		const struct lang_expr *side = ev_int(x, e->op.a) ? e->op.b : e->op.c;

		if (e->type.kind == LT_TUPLE)
			ev_tuple_into(x, side, buf, &e->type);
		else
			ev_into(x, side, buf, e->type.size);
		memset(dst, 0, full);
		memcpy(dst, buf, al8(e->type.size) < full ? al8(e->type.size) : full);
		return;
	}
	default:
		break;
	}
	{
		const u8 *src = ev_mem(x, e);
		u32 n = al8(e->type.size) < full ? al8(e->type.size) : full;

		memmove(dst, src, n);
		memset(dst + n, 0, full - n);
	}
}

/* ---- statements ---------------------------------------------------------------------------- */

static u32 hist_bucket(u64 v, bool is_signed)
{
	u32 b = lang_hist_bucket(v, is_signed);

	return b < LANG_HIST_BUCKETS ? b : LANG_HIST_BUCKETS - 1;
}

/* As lhist_index: signed comparisons with min and max, then the step. */
static u32 lhist_bucket(const struct lang_type *t, u64 v)
{
	s64 n = (t->lhist_max - t->lhist_min) / t->lhist_step, sv = (s64)v;
	u64 i;

	if (sv < t->lhist_min)
		return 0;
	if (sv >= t->lhist_max)
		return (u32)(n + 1);
	i = (v - (u64)t->lhist_min) / (u64)t->lhist_step + 1;
	return i > (u64)(n + 1) ? (u32)(n + 1) : (u32)i;
}

static void aggregate(struct ev *x, const struct lang_expr *lhs, const struct lang_expr *call)
{
	const struct lang_map *m = &x->p.maps[lhs->map.map_id];
	const struct lang_type *t = &m->value;
	u64 v = call->call.nargs ? ev_int(x, call->call.args[0]) : 0, w[2];
	u32 idx = 0;
	u8 *key, *val;

	if (t->kind == LT_HIST)
		idx = hist_bucket(v, call->call.args[0]->type.is_signed);
	else if (t->kind == LT_LHIST)
		idx = lhist_bucket(t, v);
	key = map_key(x, m, lhs->map.keys, lhs->map.nkeys);
	val = ev_table_get(&x->maps[m->id], key, NULL);
	if (!val) {
		map_full(x, m);
		return;
	}
	memcpy(w, val, t->kind == LT_COUNT ? 8 : 16);
	switch (t->kind) {
	case LT_COUNT:
		w[0]++;
		break;
	case LT_SUM:
		w[0] += v;
		w[1]++;
		break;
	case LT_MIN:
	case LT_MAX:
		if (!w[1] || (t->kind == LT_MIN ? (t->is_signed ? (s64)v < (s64)w[0] : v < w[0])
						: (t->is_signed ? (s64)v > (s64)w[0] : v > w[0]))) {
			w[0] = v;
			w[1] = 1;
		}
		break;
	case LT_AVG:
	case LT_STATS:
		w[0]++;
		w[1] += v;
		break;
	case LT_HIST:
	case LT_LHIST: {
		u64 c;

		memcpy(&c, val + 8 * idx, 8);
		c++;
		memcpy(val + 8 * idx, &c, 8);
		return;
	}
	default:
		return;
	}
	memcpy(val, w, t->kind == LT_COUNT ? 8 : 16);
}

static void assign(struct ev *x, const struct lang_stmt *st)
{
	const struct lang_expr *lhs = st->assign.lhs, *rhs = st->assign.rhs;
	enum lang_op op = st->assign.op;

	if (lhs->kind == E_VAR) {
		int slot = lhs->var.slot;

		if (lhs->type.kind == LT_TUPLE) {
			ev_tuple_into(x, rhs, x->var_mem[slot], &lhs->type);
			return;
		}
		if (is_mem(&lhs->type)) {
			ev_into(x, rhs, x->var_mem[slot], al8(lhs->type.size));
			return;
		}
		if (op == OP_ASSIGN)
			x->vars[slot] = ev_int(x, rhs);
		else
			x->vars[slot] = alu(op, x->vars[slot], ev_int(x, rhs) * (st->assign.scale ? st->assign.scale : 1),
					    lhs->type.is_signed && rhs->type.is_signed);
		return;
	}
	{
		const struct lang_map *m = &x->p.maps[lhs->map.map_id];
		struct ev_table *t = &x->maps[m->id];
		u8 *key, *val, *v;
		u64 r, cur;

		if (op == OP_ASSIGN && rhs->kind == E_CALL && rhs->call.id >= F_COUNT && rhs->call.id <= F_LHIST) {
			aggregate(x, lhs, rhs);
			return;
		}
		if (op == OP_ASSIGN) {
			val = tmp(x, m->value_size);
			if (m->value.kind == LT_TUPLE)
				ev_tuple_into(x, rhs, val, &m->value);
			else
				ev_into(x, rhs, val, m->value_size);
			key = map_key(x, m, lhs->map.keys, lhs->map.nkeys);
			v = ev_table_get(t, key, NULL);
			if (!v) {
				map_full(x, m);
				return;
			}
			memcpy(v, val, m->value_size);
			return;
		}
		r = ev_int(x, rhs) * (st->assign.scale ? st->assign.scale : 1);
		key = map_key(x, m, lhs->map.keys, lhs->map.nkeys);
		v = ev_table_get(t, key, NULL);
		if (!v) {
			map_full(x, m);
			return;
		}
		memcpy(&cur, v, 8);
		if (op == OP_ADD || op == OP_SUB)
			cur = op == OP_ADD ? cur + r : cur - r;
		else
			cur = alu(op, cur, r, m->value.is_signed && rhs->type.is_signed);
		memcpy(v, &cur, 8);
	}
}

static void emit(struct ev *x, enum lang_event_kind kind, u32 id, const void *payload, size_t len)
{
	struct lang_event ev = { .kind = kind, .id = id };

	lang_output_event(x->out, &ev, payload, len);
}

/* clear(@m) and zero(@m), as the live run's reset_map: an aggregation
 * without keys keeps its one (zeroed) element. */
static void reset_map(struct ev *x, int id, bool keep_keys)
{
	const struct lang_map *m = &x->p.maps[id];
	struct ev_table *t = &x->maps[id];

	if (m->storage == LMS_PERCPU_ARRAY || keep_keys) {
		for (u32 i = 0; i < t->n; i++)
			memset(ev_table_key(t, i) + t->key_size, 0, t->val_size);
		return;
	}
	ev_table_clear(t);
}

static void with_args(struct ev *x, enum lang_event_kind kind, int fmt_id, struct lang_expr **args)
{
	const struct lang_fmt *f = &x->p.fmts[fmt_id];
	u8 *pl = tmp(x, f->size ? f->size : 8);

	memset(pl, 0, al8(f->size));
	for (int k = 0; k < f->nargs; k++) {
		u32 end = k + 1 < f->nargs ? f->arg_off[k + 1] : f->size;

		ev_into(x, args[k], pl + f->arg_off[k], end - f->arg_off[k]);
	}
	emit(x, kind, (u32)fmt_id, pl, f->size);
}

static void call_stmt(struct ev *x, const struct lang_expr *e)
{
	struct lang_expr **a = e->call.args;

	switch (e->call.id) {
	case F_PRINTF:
		with_args(x, LEV_PRINTF, e->call.fmt_id, a + 1);
		return;
	case F_TIME:
		emit(x, LEV_TIME, (u32)e->call.fmt_id, NULL, 0);
		return;
	case F_EXIT:
		x->exiting = true;
		x->stop_block = true;
		return;
	case F_PRINT:
		if (e->call.fmt_id < 0)
			ev_print_map(x, a[0]->map.map_id, e->call.nargs > 1 ? (u64)a[1]->ival : 0,
				     e->call.nargs > 2 ? (u64)a[2]->ival : 0);
		else
			with_args(x, LEV_PRINT_VALUE, e->call.fmt_id, a);
		return;
	case F_CLEAR:
	case F_ZERO:
		reset_map(x, a[0]->map.map_id, e->call.id == F_ZERO);
		return;
	case F_DELETE: {
		const struct lang_map *m = &x->p.maps[a[0]->map.map_id];

		if (m->storage == LMS_PERCPU_ARRAY)
			reset_map(x, m->id, false);
		else
			ev_table_delete(&x->maps[m->id], map_key(x, m, a[0]->map.keys, a[0]->map.nkeys));
		return;
	}
	default:
		return;
	}
}

static void stmts(struct ev *x, const struct lang_stmt *st)
{
	for (; st && !x->stop_block; st = st->next) {
		size_t mark = x->tmp_used;

		switch (st->kind) {
		case S_EXPR:
			if (st->expr->kind == E_CALL)
				call_stmt(x, st->expr);
			else
				ev_int(x, st->expr);
			break;
		case S_ASSIGN:
			assign(x, st);
			break;
		case S_IF:
			if (ev_int(x, st->if_.cond))
				stmts(x, st->if_.then);
			else
				stmts(x, st->if_.otherwise);
			break;
		case S_WHILE:
			for (int n = 0; n < EV_WHILE_MAX && !x->stop_block && ev_int(x, st->while_.cond); n++)
				stmts(x, st->while_.body);
			break;
		case S_UNROLL:
			for (s64 i = 0; i < st->unroll.count && !x->stop_block; i++)
				stmts(x, st->unroll.body);
			break;
		}
		x->tmp_used = mark;
	}
}

void ev_run_block(struct ev *x, const struct lang_block *b, struct ev_fire *f)
{
	x->f = f;
	x->stop_block = false;
	x->tmp_used = 0;
	for (int i = 0; i < b->nvars; i++) {
		x->vars[i] = 0;
		if (is_mem(&b->var_types[i]))
			memset(x->var_mem[i], 0, al8(b->var_types[i].size));
	}
	if (b->pred && !ev_int(x, b->pred))
		return;
	x->tmp_used = 0;
	stmts(x, b->body);
}

/* ---- what a data file cannot give ------------------------------------------------------------ */

struct check {
	struct ev *x;
	int block;
	char *err;
	size_t errlen;
};

/* fmt's %s is what, or (NULL) the expression as written. */
static int refuse(struct check *c, const struct lang_expr *e, const char *fmt, const char *what)
{
	const struct lang_ast *ast = c->x->p.ast;
	char msg[512], text[64];

	if (!what) {
		u32 n = e->loc.off < ast->src_len ? (u32)MIN(e->loc.len, ast->src_len - e->loc.off) : 0;

		snprintf(text, sizeof(text), "%.*s", (int)MIN(n, sizeof(text) - 1), ast->src + e->loc.off);
		what = text;
	}
	snprintf(msg, sizeof(msg), fmt, what);
	return lang_diag(c->err, c->errlen, c->x->p.ast, e->loc, "%s", msg);
}

static int check_expr(struct check *c, const struct lang_expr *e);

static int check_exprs(struct check *c, struct lang_expr **v, int n)
{
	for (int i = 0; i < n; i++)
		if (check_expr(c, v[i]))
			return -1;
	return 0;
}

/* Every probe event of the block must have recorded the field. */
static int check_probe_field(struct check *c, const struct lang_expr *e, const char *what, bool ret)
{
	const struct lang_program *p = &c->x->p;

	for (int i = 0; i < p->nattaches; i++) {
		const struct lang_attach *a = &p->attaches[i];

		if (a->block != c->block || a->type == P_TRACEPOINT)
			continue;
		if (ret ? !retval_field(a) : !arg_field(a, e->builtin.index)) {
			char msg[600];

			snprintf(msg, sizeof(msg), "%s: the probe event %s:%s recorded %s (record %s: "
				 "scry probe -x BIN '%s %s')", what, a->tp_sys ? a->tp_sys : "?",
				 a->tp_name ? a->tp_name : "?", ret ? "no return value" : "fewer arguments",
				 ret ? "it" : "them", ret ? "FUNC%return" : "FUNC", ret ? "$retval" : "v=%di ...");
			return lang_diag(c->err, c->errlen, p->ast, e->loc, "%s", msg);
		}
	}
	return 0;
}

/* What this evaluator computes: anything else the checker accepts (a
 * feature added later) is refused before the run rather than read as 0. */
static bool known_builtin(enum lang_builtin b)
{
	switch (b) {
	case B_PID: case B_TID: case B_COMM: case B_CPU: case B_NSECS: case B_ELAPSED: case B_RETVAL:
	case B_ARG: case B_PROBE: case B_FUNC: case B_KSTACK: case B_USTACK: case B_RAND:
		return true;
	default:
		return false;
	}
}

static bool known_func(enum lang_func f)
{
	switch (f) {
	case F_STR: case F_KSYM: case F_USYM: case F_COUNT: case F_SUM: case F_AVG: case F_MIN: case F_MAX:
	case F_STATS: case F_HIST: case F_LHIST: case F_PRINTF: case F_PRINT: case F_TIME: case F_EXIT:
	case F_DELETE: case F_CLEAR: case F_ZERO:
	case F_BSWAP: case F_STRNCMP: case F_BUF: case F_NTOP: case F_STRFTIME: case F_KADDR:
	case F_UPTR: case F_KPTR: case F_PTON:
		return true;
	default:
		return false;
	}
}

static int check_expr(struct check *c, const struct lang_expr *e)
{
	static const char *const unrecorded[] = {
		[B_UID] = "uid", [B_GID] = "gid", [B_CGROUP] = "cgroup", [B_CURTASK] = "curtask",
		[B_CPID] = "cpid", [B_NUMAID] = "numaid", [B_SARG] = "sarg",
	};
	char what[16];

	if (!e)
		return 0;
	switch (e->kind) {
	case E_BUILTIN:
		if ((size_t)e->builtin.id < ARRAY_SIZE(unrecorded) && unrecorded[e->builtin.id])
			return refuse(c, e, "%s is not recorded in a data file", unrecorded[e->builtin.id]);
		if (!known_builtin(e->builtin.id))
			return refuse(c, e, "%s: this builtin cannot be evaluated over a data file yet", NULL);
		if (e->builtin.id == B_ARG) {
			snprintf(what, sizeof(what), "arg%d", e->builtin.index);
			return check_probe_field(c, e, what, false);
		}
		if (e->builtin.id == B_RETVAL)
			return check_probe_field(c, e, "retval", true);
		return 0;
	case E_MAP:
		return check_exprs(c, e->map.keys, e->map.nkeys);
	case E_UNARY:
	case E_BINARY:
	case E_TERNARY:
	case E_INCDEC:
		return check_expr(c, e->op.a) || check_expr(c, e->op.b) || check_expr(c, e->op.c) ? -1 : 0;
	case E_CAST:
		return check_expr(c, e->cast.a);
	case E_TUPLE:
		return check_exprs(c, e->tuple.elems, e->tuple.n);
	case E_FIELD:
		if (e->field.base->type.kind == LT_TUPLE)
			return check_expr(c, e->field.base);
		return refuse(c, e, "%s: this expression cannot be evaluated over a data file yet", NULL);
	case E_INT:
	case E_STR:
	case E_VAR:
	case E_ARGS:
	case E_POSITIONAL:
		return 0;
	case E_CALL:
		if (!known_func(e->call.id))
			return refuse(c, e, "%s(): this function cannot be evaluated over a data file yet", e->call.name);
		if ((e->call.id == F_BUF && e->call.args[0]->type.kind != LT_STR) ||
		    (e->call.id == F_NTOP && e->call.args[e->call.nargs - 1]->type.kind == LT_RECORD))
			return refuse(c, e, "%s: the memory a pointer points to is not in a data file",
				      e->call.id == F_BUF ? "buf()" : "ntop()");
		if (e->call.id == F_STR && e->call.args[0]->type.kind != LT_STR)
			return refuse(c, e, "%s: the memory a pointer points to is not in a data file (string fields "
				      "of tracepoints and probe events are: args.NAME)", "str()");
		return check_exprs(c, e->call.args, e->call.nargs);
	default:
		/* An expression the checker let through that this evaluator
		 * does not know (a newer feature): refused, never guessed. */
		return refuse(c, e, "%s: this expression cannot be evaluated over a data file yet", NULL);
	}
}

static int check_stmts(struct check *c, const struct lang_stmt *st)
{
	for (; st; st = st->next) {
		int rc = 0;

		switch (st->kind) {
		case S_EXPR: rc = check_expr(c, st->expr); break;
		case S_ASSIGN: rc = check_expr(c, st->assign.lhs) || check_expr(c, st->assign.rhs); break;
		case S_IF:
			rc = check_expr(c, st->if_.cond) || check_stmts(c, st->if_.then) ||
			     check_stmts(c, st->if_.otherwise);
			break;
		case S_WHILE: rc = check_expr(c, st->while_.cond) || check_stmts(c, st->while_.body); break;
		case S_UNROLL: rc = check_stmts(c, st->unroll.body); break;
		default:
			rc = lang_diag(c->err, c->errlen, c->x->p.ast, st->loc,
				       "this statement cannot be evaluated over a data file yet");
			break;
		}
		if (rc)
			return -1;
	}
	return 0;
}

int ev_check_program(struct ev *x, char *err, size_t errlen)
{
	struct check c = { .x = x, .err = err, .errlen = errlen };

	for (const struct lang_block *b = x->p.ast->blocks; b; b = b->next, c.block++)
		if (check_expr(&c, b->pred) || check_stmts(&c, b->body))
			return -1;
	return 0;
}
