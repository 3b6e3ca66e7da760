/* Programs, statements, maps and events (see codegen.h). */
#include "util/lang/codegen-priv.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/outbuf.h"
#include "util/strutil.h"

/* ---- maps --------------------------------------------------------------------------------- */

u32 cg_map_key(struct cg *cg, const struct lang_map *m, struct lang_expr **keys, int nkeys)
{
	u32 off;

	if (!m->nkeys) {
		bpf_st_imm(&cg->b, 4, R10, CG_FP_ZERO_KEY, 0);
		return (u32)-1;
	}
	off = cg_scratch(cg, m->key_size);
	for (int i = 0; i < nkeys && i < m->nkeys; i++) {
		u32 end = i + 1 < m->nkeys ? m->key_off[i + 1] : m->key_size;
		u32 slot = end - m->key_off[i];

		if (cg_is_mem_type(&m->keys[i]))
			cg_expr_into(cg, keys[i], off + m->key_off[i], slot);
		else
			cg_store_val(cg, cg_expr(cg, keys[i]), off + m->key_off[i], slot);
	}
	return off;
}

void cg_key_ptr(struct cg *cg, u32 key, u8 r)
{
	if (key == (u32)-1) {
		bpf_mov_reg(&cg->b, r, R10);
		bpf_alu_imm(&cg->b, BPF_ADD, r, CG_FP_ZERO_KEY);
	} else {
		cg_mem_ptr(cg, r, key);
	}
}

/* r0 = the element's value, created (zeroed, from the scratch's zero
 * region) when missing; jumps to fail when the map is full. Per-CPU maps
 * need no lock for what follows: each CPU updates its own copy. */
static void lookup_or_init(struct cg *cg, const struct lang_map *m, u32 key, int fail)
{
	int have = bpf_label_new(&cg->b), again = bpf_label_new(&cg->b);

	bpf_ld_map(&cg->b, R1, m->id);
	cg_key_ptr(cg, key, R2);
	bpf_call(&cg->b, BPF_FUNC_map_lookup_elem);
	bpf_jmp_imm(&cg->b, BPF_JNE, R0, 0, have);
	if (m->storage == LMS_PERCPU_ARRAY) {
		bpf_ja(&cg->b, fail);
		bpf_label_here(&cg->b, have);
		bpf_label_here(&cg->b, again);
		return;
	}
	bpf_ld_map(&cg->b, R1, m->id);
	cg_key_ptr(cg, key, R2);
	cg_mem_ptr(cg, R3, LANG_SCRATCH_ZERO);
	bpf_mov_imm(&cg->b, R4, BPF_NOEXIST);
	bpf_call(&cg->b, BPF_FUNC_map_update_elem);
	/* Another CPU may have made it meanwhile (EEXIST): fine. */
	bpf_jmp_imm(&cg->b, BPF_JSGE, R0, 0, again);
	bpf_jmp_imm(&cg->b, BPF_JEQ, R0, -EEXIST, again);
	cg_count_error(cg, LERR_MAP_FULL + m->id);
	bpf_ja(&cg->b, fail);
	bpf_label_here(&cg->b, again);
	bpf_ld_map(&cg->b, R1, m->id);
	cg_key_ptr(cg, key, R2);
	bpf_call(&cg->b, BPF_FUNC_map_lookup_elem);
	bpf_jmp_imm(&cg->b, BPF_JEQ, R0, 0, fail);
	bpf_label_here(&cg->b, have);
}

int cg_map_incdec(struct cg *cg, struct lang_expr *target, s64 delta, bool want_old)
{
	const struct lang_map *m = &cg->p->maps[target->map.map_id];
	u32 key = cg_map_key(cg, m, target->map.keys, target->map.nkeys);
	int fail = bpf_label_new(&cg->b), end = bpf_label_new(&cg->b);

	lookup_or_init(cg, m, key, fail);
	bpf_mov_imm(&cg->b, R1, (s32)delta);
	/* Atomic: plain maps are shared by every CPU. */
	bpf_atomic_add(&cg->b, R0, 0, R1, want_old);
	bpf_ja(&cg->b, end);
	bpf_label_here(&cg->b, fail);
	bpf_mov_imm(&cg->b, R1, 0);
	bpf_label_here(&cg->b, end);
	return cg_val_from(cg, R1, &m->value);
}

/* r2 = the hist bucket of the value in rv (see program.h), bounded for the verifier. */
static void hist_index(struct cg *cg, u8 rv, bool is_signed)
{
	int done = bpf_label_new(&cg->b), ok = bpf_label_new(&cg->b);

	bpf_mov_reg(&cg->b, R1, rv);
	bpf_mov_imm(&cg->b, R2, 0);
	if (is_signed)
		bpf_jmp_imm(&cg->b, BPF_JSLT, R1, 0, done);
	bpf_mov_imm(&cg->b, R2, 1);
	bpf_jmp_imm(&cg->b, BPF_JEQ, R1, 0, done);
	/* 2 + floor(log2(v)), by halving the width each step. */
	bpf_mov_imm(&cg->b, R2, 2);
	for (int shift = 32; shift; shift /= 2) {
		int skip = bpf_label_new(&cg->b);

		bpf_mov_reg(&cg->b, R3, R1);
		bpf_alu_imm(&cg->b, BPF_RSH, R3, shift);
		bpf_jmp_imm(&cg->b, BPF_JEQ, R3, 0, skip);
		bpf_alu_imm(&cg->b, BPF_ADD, R2, shift);
		bpf_mov_reg(&cg->b, R1, R3);
		bpf_label_here(&cg->b, skip);
	}
	bpf_label_here(&cg->b, done);
	bpf_jmp_imm(&cg->b, BPF_JLE, R2, LANG_HIST_BUCKETS - 1, ok);
	bpf_mov_imm(&cg->b, R2, LANG_HIST_BUCKETS - 1);
	bpf_label_here(&cg->b, ok);
}

static void lhist_index(struct cg *cg, u8 rv, const struct lang_type *t)
{
	s64 n = (t->lhist_max - t->lhist_min) / t->lhist_step;
	int done = bpf_label_new(&cg->b), ok = bpf_label_new(&cg->b);

	bpf_mov_reg(&cg->b, R1, rv);
	bpf_mov_imm(&cg->b, R2, 0);
	bpf_ld_imm64(&cg->b, R3, (u64)t->lhist_min);
	bpf_jmp_reg(&cg->b, BPF_JSLT, R1, R3, done);
	bpf_mov_imm(&cg->b, R2, (s32)(n + 1));
	bpf_ld_imm64(&cg->b, R4, (u64)t->lhist_max);
	bpf_jmp_reg(&cg->b, BPF_JSGE, R1, R4, done);
	bpf_alu_reg(&cg->b, BPF_SUB, R1, R3);
	bpf_ld_imm64(&cg->b, R4, (u64)t->lhist_step);
	bpf_alu_reg(&cg->b, BPF_DIV, R1, R4);
	bpf_alu_imm(&cg->b, BPF_ADD, R1, 1);
	bpf_mov_reg(&cg->b, R2, R1);
	bpf_label_here(&cg->b, done);
	bpf_jmp_imm(&cg->b, BPF_JLE, R2, (s32)(n + 1), ok);
	bpf_mov_imm(&cg->b, R2, (s32)(n + 1));
	bpf_label_here(&cg->b, ok);
}

static void aggregate(struct cg *cg, struct lang_expr *lhs, struct lang_expr *call)
{
	const struct lang_map *m = &cg->p->maps[lhs->map.map_id];
	const struct lang_type *t = &m->value;
	int v = -1, idx = -1, fail = bpf_label_new(&cg->b);
	u32 key;
	u8 rv;

	if (call->call.nargs)
		v = cg_expr(cg, call->call.args[0]);
	if (t->kind == LT_HIST || t->kind == LT_LHIST) {
		rv = cg_val_reg(cg, v, R5);
		if (t->kind == LT_HIST)
			hist_index(cg, rv, call->call.args[0]->type.is_signed);
		else
			lhist_index(cg, rv, t);
		cg_val_free(cg, v);
		v = -1;
		idx = cg_val_from(cg, R2, &(struct lang_type){ .kind = LT_INT, .size = 8 });
	}
	key = cg_map_key(cg, m, lhs->map.keys, lhs->map.nkeys);
	lookup_or_init(cg, m, key, fail);
	switch (t->kind) {
	case LT_COUNT:
		bpf_ldx(&cg->b, 8, R1, R0, 0);
		bpf_alu_imm(&cg->b, BPF_ADD, R1, 1);
		bpf_stx(&cg->b, 8, R0, 0, R1);
		break;
	case LT_SUM:
		rv = cg_val_reg(cg, v, R2);
		bpf_ldx(&cg->b, 8, R1, R0, 0);
		bpf_alu_reg(&cg->b, BPF_ADD, R1, rv);
		bpf_stx(&cg->b, 8, R0, 0, R1);
		bpf_ldx(&cg->b, 8, R1, R0, 8);
		bpf_alu_imm(&cg->b, BPF_ADD, R1, 1);
		bpf_stx(&cg->b, 8, R0, 8, R1);
		break;
	case LT_MIN:
	case LT_MAX: {
		int take = bpf_label_new(&cg->b), skip = bpf_label_new(&cg->b);
		bool sgn = t->is_signed;
		u8 op = t->kind == LT_MIN ? (sgn ? BPF_JSGE : BPF_JGE) : (sgn ? BPF_JSLE : BPF_JLE);

		rv = cg_val_reg(cg, v, R2);
		bpf_ldx(&cg->b, 8, R1, R0, 8);
		bpf_jmp_imm(&cg->b, BPF_JEQ, R1, 0, take);
		bpf_ldx(&cg->b, 8, R1, R0, 0);
		bpf_jmp_reg(&cg->b, op, rv, R1, skip);
		bpf_label_here(&cg->b, take);
		bpf_stx(&cg->b, 8, R0, 0, rv);
		bpf_st_imm(&cg->b, 8, R0, 8, 1);
		bpf_label_here(&cg->b, skip);
		break;
	}
	case LT_AVG:
	case LT_STATS:
		rv = cg_val_reg(cg, v, R2);
		bpf_ldx(&cg->b, 8, R1, R0, 0);
		bpf_alu_imm(&cg->b, BPF_ADD, R1, 1);
		bpf_stx(&cg->b, 8, R0, 0, R1);
		bpf_ldx(&cg->b, 8, R1, R0, 8);
		bpf_alu_reg(&cg->b, BPF_ADD, R1, rv);
		bpf_stx(&cg->b, 8, R0, 8, R1);
		break;
	case LT_HIST:
	case LT_LHIST:
		rv = cg_val_reg(cg, idx, R2);
		bpf_mov_reg(&cg->b, R3, rv);
		bpf_alu_imm(&cg->b, BPF_LSH, R3, 3);
		bpf_alu_reg(&cg->b, BPF_ADD, R0, R3);
		bpf_ldx(&cg->b, 8, R1, R0, 0);
		bpf_alu_imm(&cg->b, BPF_ADD, R1, 1);
		bpf_stx(&cg->b, 8, R0, 0, R1);
		break;
	default:
		break;
	}
	bpf_label_here(&cg->b, fail);
	if (v >= 0)
		cg_val_free(cg, v);
	if (idx >= 0)
		cg_val_free(cg, idx);
}

static void map_update(struct cg *cg, const struct lang_map *m, u32 key, u32 value)
{
	int ok = bpf_label_new(&cg->b);

	bpf_ld_map(&cg->b, R1, m->id);
	cg_key_ptr(cg, key, R2);
	cg_mem_ptr(cg, R3, value);
	bpf_mov_imm(&cg->b, R4, BPF_ANY);
	bpf_call(&cg->b, BPF_FUNC_map_update_elem);
	bpf_jmp_imm(&cg->b, BPF_JSGE, R0, 0, ok);
	cg_count_error(cg, LERR_MAP_FULL + m->id);
	bpf_label_here(&cg->b, ok);
}

static u8 alu_of(enum lang_op op, bool sgn, bool *signed_form)
{
	*signed_form = false;
	switch (op) {
	case OP_ADD: return BPF_ADD;
	case OP_SUB: return BPF_SUB;
	case OP_MUL: return BPF_MUL;
	case OP_DIV: *signed_form = sgn; return BPF_DIV;
	case OP_MOD: *signed_form = sgn; return BPF_MOD;
	case OP_BAND: return BPF_AND;
	case OP_BOR: return BPF_OR;
	case OP_BXOR: return BPF_XOR;
	case OP_SHL: return BPF_LSH;
	case OP_SHR: return sgn ? BPF_ARSH : BPF_RSH;
	default: return BPF_ADD;
	}
}

static void assign(struct cg *cg, struct lang_stmt *st)
{
	struct lang_expr *lhs = st->assign.lhs, *rhs = st->assign.rhs;
	enum lang_op op = st->assign.op;
	bool sform;
	int v;
	u8 r;

	if (lhs->kind == E_VAR) {
		int slot = lhs->var.slot;

		if (lhs->type.kind == LT_TUPLE) {
			cg_tuple_into(cg, rhs, cg->var_mem[slot], &lhs->type);
			return;
		}
		if (cg_is_mem_type(&lhs->type)) {
			cg_expr_into(cg, rhs, cg->var_mem[slot], cg_align8(lhs->type.size));
			return;
		}
		v = cg_expr(cg, rhs);
		if (st->assign.scale > 1)       /* "ptr += n": n elements */
			bpf_alu_imm(&cg->b, BPF_MUL, cg_val_own_reg(cg, v), (s32)st->assign.scale);
		if (op == OP_ASSIGN) {
			r = cg_val_reg(cg, v, R1);
		} else {
			u8 alu = alu_of(op, lhs->type.is_signed && rhs->type.is_signed, &sform);
			u8 rb = cg_val_reg(cg, v, R2);

			bpf_ldx(&cg->b, 8, R1, R10, (s16)cg->var_fp[slot]);
			if (sform)
				bpf_alu_sreg(&cg->b, alu, R1, rb);
			else
				bpf_alu_reg(&cg->b, alu, R1, rb);
			r = R1;
		}
		bpf_stx(&cg->b, 8, R10, (s16)cg->var_fp[slot], r);
		cg_val_free(cg, v);
		return;
	}
	/* A map element. */
	{
		const struct lang_map *m = &cg->p->maps[lhs->map.map_id];
		int fail, end;
		u32 key, val;

		if (op == OP_ASSIGN && rhs->kind == E_CALL && rhs->call.id >= F_COUNT && rhs->call.id <= F_LHIST) {
			aggregate(cg, lhs, rhs);
			return;
		}
		if (op == OP_ASSIGN) {
			val = cg_scratch(cg, m->value_size);
			if (m->value.kind == LT_TUPLE)
				cg_tuple_into(cg, rhs, val, &m->value);
			else if (cg_is_mem_type(&m->value))
				cg_expr_into(cg, rhs, val, m->value_size);
			else
				cg_store_val(cg, cg_expr(cg, rhs), val, m->value_size);
			key = cg_map_key(cg, m, lhs->map.keys, lhs->map.nkeys);
			map_update(cg, m, key, val);
			return;
		}
		v = cg_expr(cg, rhs);
		if (st->assign.scale > 1)       /* "ptr += n": n elements */
			bpf_alu_imm(&cg->b, BPF_MUL, cg_val_own_reg(cg, v), (s32)st->assign.scale);
		key = cg_map_key(cg, m, lhs->map.keys, lhs->map.nkeys);
		fail = bpf_label_new(&cg->b);
		end = bpf_label_new(&cg->b);
		if (op == OP_ADD || op == OP_SUB) {
			r = cg_val_own_reg(cg, v);
			if (op == OP_SUB)
				bpf_neg(&cg->b, r);
			lookup_or_init(cg, m, key, fail);
			bpf_mov_reg(&cg->b, R1, r);
			bpf_atomic_add(&cg->b, R0, 0, R1, false);
		} else {
			u8 alu = alu_of(op, m->value.is_signed && rhs->type.is_signed, &sform), rb;

			lookup_or_init(cg, m, key, fail);
			rb = cg_val_reg(cg, v, R2);
			bpf_ldx(&cg->b, 8, R1, R0, 0);
			if (sform)
				bpf_alu_sreg(&cg->b, alu, R1, rb);
			else
				bpf_alu_reg(&cg->b, alu, R1, rb);
			bpf_stx(&cg->b, 8, R0, 0, R1);
		}
		bpf_label_here(&cg->b, fail);
		bpf_label_here(&cg->b, end);
		cg_val_free(cg, v);
	}
}

/* ---- events --------------------------------------------------------------------------------- */

/* Send the record at scratch offset rec (size bytes) to user space; count it
 * when the ring is full. */
static void send(struct cg *cg, u32 rec, u32 size)
{
	int ok = bpf_label_new(&cg->b);

	bpf_ld_map(&cg->b, R1, LANG_IMAP_EVENTS);
	cg_mem_ptr(cg, R2, rec);
	bpf_mov_imm(&cg->b, R3, (s32)size);
	bpf_mov_imm(&cg->b, R4, 0);
	bpf_call(&cg->b, BPF_FUNC_ringbuf_output);
	bpf_jmp_imm(&cg->b, BPF_JEQ, R0, 0, ok);
	cg_count_error(cg, LERR_EVENTS_LOST);
	bpf_label_here(&cg->b, ok);
}

static u32 event_header(struct cg *cg, enum lang_event_kind kind, u32 id, u32 payload)
{
	u32 rec = cg_scratch(cg, sizeof(struct lang_event) + payload);

	bpf_st_imm(&cg->b, 4, R9, (s16)rec, (s32)kind);
	bpf_st_imm(&cg->b, 4, R9, (s16)(rec + 4), (s32)id);
	return rec;
}

static void event_with_args(struct cg *cg, enum lang_event_kind kind, const struct lang_fmt *f, int fmt_id,
			    struct lang_expr **args)
{
	cg->prints = true;
	u32 rec = event_header(cg, kind, (u32)fmt_id, f->size);

	for (int k = 0; k < f->nargs; k++) {
		u32 dst = rec + sizeof(struct lang_event) + f->arg_off[k];
		u32 end = k + 1 < f->nargs ? f->arg_off[k + 1] : f->size;

		if (cg_is_mem_type(&f->args[k]))
			cg_expr_into(cg, args[k], dst, end - f->arg_off[k]);
		else
			cg_store_val(cg, cg_expr(cg, args[k]), dst, end - f->arg_off[k]);
	}
	send(cg, rec, sizeof(struct lang_event) + f->size);
}

static void call_stmt(struct cg *cg, struct lang_expr *e)
{
	struct lang_expr **a = e->call.args;
	const struct lang_map *m;
	u32 rec;

	switch (e->call.id) {
	case F_PRINTF:
		event_with_args(cg, LEV_PRINTF, &cg->p->fmts[e->call.fmt_id], e->call.fmt_id, a + 1);
		return;
	case F_TIME:
		cg->prints = true;
		rec = event_header(cg, LEV_TIME, (u32)e->call.fmt_id, 0);
		send(cg, rec, sizeof(struct lang_event));
		return;
	case F_EXIT:
		rec = event_header(cg, LEV_EXIT, 0, 0);
		send(cg, rec, sizeof(struct lang_event));
		/* Nothing after exit() runs in this probe. */
		bpf_ja(&cg->b, cg->out_label);
		cg->dead = true;
		return;
	case F_PRINT:
		if (e->call.fmt_id < 0) {
			/* print(@m[, top[, div]]): user space prints the map. */
			s64 top = e->call.nargs > 1 ? a[1]->ival : 0, div = e->call.nargs > 2 ? a[2]->ival : 0;

			rec = event_header(cg, LEV_PRINT_MAP, (u32)a[0]->map.map_id, 16);
			bpf_ld_imm64(&cg->b, R1, (u64)top);
			bpf_stx(&cg->b, 8, R9, (s16)(rec + 8), R1);
			bpf_ld_imm64(&cg->b, R1, (u64)div);
			bpf_stx(&cg->b, 8, R9, (s16)(rec + 16), R1);
			send(cg, rec, sizeof(struct lang_event) + 16);
			return;
		}
		event_with_args(cg, LEV_PRINT_VALUE, &cg->p->fmts[e->call.fmt_id], e->call.fmt_id, a);
		return;
	case F_CAT:
	case F_SYSTEM:
		event_with_args(cg, e->call.id == F_CAT ? LEV_CAT : LEV_SYSTEM, &cg->p->fmts[e->call.fmt_id],
				e->call.fmt_id, a + 1);
		return;
	case F_JOIN:
		cg->prints = true;
		rec = event_header(cg, LEV_JOIN, (u32)e->call.fmt_id, cg->p->fmts[e->call.fmt_id].size);
		cg_func_join(cg, e, rec + sizeof(struct lang_event));
		send(cg, rec, sizeof(struct lang_event) + cg->p->fmts[e->call.fmt_id].size);
		return;
	case F_CLEAR:
	case F_ZERO:
		rec = event_header(cg, e->call.id == F_CLEAR ? LEV_CLEAR : LEV_ZERO, (u32)a[0]->map.map_id, 0);
		send(cg, rec, sizeof(struct lang_event));
		return;
	case F_DELETE: {
		u32 key;

		m = &cg->p->maps[a[0]->map.map_id];
		if (m->storage == LMS_PERCPU_ARRAY) {
			/* A per-CPU array cannot lose its one element: user space
			 * clears it on every CPU. */
			rec = event_header(cg, LEV_CLEAR, (u32)m->id, 0);
			send(cg, rec, sizeof(struct lang_event));
			return;
		}
		key = cg_map_key(cg, m, a[0]->map.keys, a[0]->map.nkeys);
		bpf_ld_map(&cg->b, R1, m->id);
		cg_key_ptr(cg, key, R2);
		bpf_call(&cg->b, BPF_FUNC_map_delete_elem);
		return;
	}
	default:
		cg_fail(cg, e->loc, "%s() cannot be used as a statement", e->call.name);
	}
}

/* ---- statements ------------------------------------------------------------------------------ */

static void stmts(struct cg *cg, struct lang_stmt *st)
{
	for (; st && !cg->failed && !cg->dead; st = st->next) {
		u32 mark = cg->scratch_top;
		bool then_dead;
		int v, a, b;
		u8 r;

		cg->b.cur = st->loc;
		switch (st->kind) {
		case S_EXPR:
			if (st->expr->kind == E_CALL)
				call_stmt(cg, st->expr);
			else
				cg_val_free(cg, cg_expr(cg, st->expr));
			break;
		case S_ASSIGN:
			assign(cg, st);
			break;
		case S_IF:
			a = bpf_label_new(&cg->b);
			b = bpf_label_new(&cg->b);
			v = cg_expr(cg, st->if_.cond);
			r = cg_val_reg(cg, v, R1);
			cg_val_free(cg, v);
			bpf_jmp_imm(&cg->b, BPF_JEQ, r, 0, a);
			stmts(cg, st->if_.then);
			then_dead = cg->dead;
			if (!then_dead)
				bpf_ja(&cg->b, b);
			cg->dead = false;
			bpf_label_here(&cg->b, a);
			stmts(cg, st->if_.otherwise);
			/* Dead after the if only when both ways end the probe. */
			cg->dead = then_dead && cg->dead;
			bpf_label_here(&cg->b, b);
			break;
		case S_WHILE:
			a = bpf_label_new(&cg->b);
			b = bpf_label_new(&cg->b);
			bpf_label_here(&cg->b, a);
			v = cg_expr(cg, st->while_.cond);
			r = cg_val_reg(cg, v, R1);
			cg_val_free(cg, v);
			bpf_jmp_imm(&cg->b, BPF_JEQ, r, 0, b);
			stmts(cg, st->while_.body);
			if (!cg->dead)
				bpf_ja(&cg->b, a);
			cg->dead = false;       /* the condition may be false at once */
			bpf_label_here(&cg->b, b);
			break;
		case S_UNROLL:
			for (s64 i = 0; i < st->unroll.count; i++)
				stmts(cg, st->unroll.body);
			break;
		}
		cg->scratch_top = mark;
	}
}

/* ---- programs ---------------------------------------------------------------------------------- */

static u32 prog_type_of(enum lang_probe_type t)
{
	switch (t) {
	case P_TRACEPOINT: return BPF_PROG_TYPE_TRACEPOINT;
	case P_UPROBE: case P_URETPROBE: case P_KPROBE: case P_KRETPROBE: return BPF_PROG_TYPE_KPROBE;
	case P_PROFILE: case P_INTERVAL: case P_SOFTWARE: return BPF_PROG_TYPE_PERF_EVENT;
	default: return BPF_PROG_TYPE_RAW_TRACEPOINT;      /* BEGIN, END: run with BPF_PROG_TEST_RUN */
	}
}

/* The tracepoint fields a block reads (args.X, and "ret" for retval). */
struct field_set {
	const char *names[32];
	int n;
};

static void note_field(struct field_set *fs, const char *name)
{
	for (int i = 0; i < fs->n; i++)
		if (!strcmp(fs->names[i], name))
			return;
	if (fs->n < (int)ARRAY_SIZE(fs->names))
		fs->names[fs->n++] = name;
}

static void fields_expr(struct field_set *fs, const struct lang_expr *e);

static void fields_exprs(struct field_set *fs, struct lang_expr **v, int n)
{
	for (int i = 0; i < n; i++)
		fields_expr(fs, v[i]);
}

static void fields_expr(struct field_set *fs, const struct lang_expr *e)
{
	if (!e)
		return;
	switch (e->kind) {
	case E_ARGS: note_field(fs, e->args.field); break;
	case E_BUILTIN: if (e->builtin.id == B_RETVAL) note_field(fs, "ret"); break;
	case E_MAP: fields_exprs(fs, e->map.keys, e->map.nkeys); break;
	case E_UNARY: case E_BINARY: case E_TERNARY: case E_INCDEC:
		fields_expr(fs, e->op.a);
		fields_expr(fs, e->op.b);
		fields_expr(fs, e->op.c);
		break;
	case E_CALL: fields_exprs(fs, e->call.args, e->call.nargs); break;
	case E_CAST: fields_expr(fs, e->cast.a); break;
	case E_FIELD: fields_expr(fs, e->field.base); break;
	case E_TUPLE: fields_exprs(fs, e->tuple.elems, e->tuple.n); break;
	case E_INDEX: fields_expr(fs, e->index.base); fields_expr(fs, e->index.index); break;
	default: break;
	}
}

static void fields_stmts(struct field_set *fs, const struct lang_stmt *st)
{
	for (; st; st = st->next) {
		switch (st->kind) {
		case S_EXPR: fields_expr(fs, st->expr); break;
		case S_ASSIGN: fields_expr(fs, st->assign.lhs); fields_expr(fs, st->assign.rhs); break;
		case S_IF: fields_expr(fs, st->if_.cond); fields_stmts(fs, st->if_.then); fields_stmts(fs, st->if_.otherwise); break;
		case S_WHILE: fields_expr(fs, st->while_.cond); fields_stmts(fs, st->while_.body); break;
		case S_UNROLL: fields_stmts(fs, st->unroll.body); break;
		}
	}
}

static const struct lang_tp_field *find_field(const struct lang_attach *a, const char *name)
{
	for (int i = 0; i < a->nfields; i++)
		if (!strcmp(a->fields[i].name, name))
			return &a->fields[i];
	return NULL;
}

/* May a and b run the same program: the fields it reads sit at the same
 * places, and strings come from the same kind of memory? */
static bool same_layout(const struct lang_attach *a, const struct lang_attach *b, const struct field_set *fs)
{
	bool sa, sb;

	if (a->type != P_TRACEPOINT || b->type != P_TRACEPOINT)
		return a->at_func_entry == b->at_func_entry;
	sa = a->tp_sys && !strcmp(a->tp_sys, "syscalls");
	sb = b->tp_sys && !strcmp(b->tp_sys, "syscalls");
	if (sa != sb)
		return false;
	for (int i = 0; i < fs->n; i++) {
		const struct lang_tp_field *fa = find_field(a, fs->names[i]), *fb = find_field(b, fs->names[i]);

		if (!fa || !fb || fa->offset != fb->offset || fa->size != fb->size || fa->kind != fb->kind ||
		    fa->is_signed != fb->is_signed || fa->user_pointer != fb->user_pointer)
			return false;
	}
	return true;
}

static int add_prog(struct lang_program *p, int block, u32 type)
{
	struct lang_bpf_prog *v = realloc(p->progs, (p->nprogs + 1) * sizeof(*v));

	if (!v)
		return -1;
	p->progs = v;
	p->progs[p->nprogs] = (struct lang_bpf_prog){ .block = block, .prog_type = type, .fd = -1 };
	return p->nprogs++;
}

static int gen_prog(struct lang_program *p, const struct lang_codegen_opts *o, int pi, struct lang_block *blk,
		    u32 zero_size, u32 *scratch_max, char *err, size_t errlen)
{
	struct lang_bpf_prog *prog = &p->progs[pi];
	struct cg *cg = calloc(1, sizeof(*cg));
	int rc = 0, slots;

	if (!cg)
		return errf(err, errlen, "out of memory");
	cg->p = p;
	cg->o = o;
	cg->blk = blk;
	cg->block_idx = prog->block;
	cg->prog_idx = pi;
	cg->err = err;
	cg->errlen = errlen;
	cg->zero_size = zero_size;
	cg->scratch_top = cg->scratch_max = LANG_SCRATCH_ZERO + zero_size;
	cg->at_func_entry = true;
	for (int j = 0; j < CG_TEMP_REGS; j++)
		cg->reg_owner[j] = -1;
	for (int i = 0; i < p->nattaches; i++)
		if (p->attaches[i].prog == pi) {
			if (!cg->nattach++) {
				cg->att = &p->attaches[i];
				cg->ptype = p->attaches[i].type;
			}
			if (!p->attaches[i].at_func_entry)
				cg->at_func_entry = false;
		}
	bpf_buf_init(&cg->b);
	cg->b.cur = blk->loc;
	cg->out_label = bpf_label_new(&cg->b);

	/* The frame: ctx, the zero key, the error key, then one slot per
	 * integer variable; other variables live in scratch. */
	slots = -CG_FP_VARS / 8 - 1;
	if (blk->nvars > (int)ARRAY_SIZE(cg->var_fp)) {
		rc = errf(err, errlen, "a block may use at most %zu variables", ARRAY_SIZE(cg->var_fp));
		goto out;
	}
	for (int i = 0; i < blk->nvars; i++) {
		if (cg_is_mem_type(&blk->var_types[i]))
			cg->var_mem[i] = cg_scratch(cg, blk->var_types[i].size);
		else
			cg->var_fp[i] = -8 * (++slots);
	}
	cg->nslots_fixed = slots;
	for (int i = 0; i < slots; i++)
		cg->slot_used[i] = true;

	bpf_stx(&cg->b, 8, R10, CG_FP_CTX, R1);
	bpf_st_imm(&cg->b, 4, R10, CG_FP_ZERO_KEY, 0);
	bpf_ld_map(&cg->b, R1, LANG_IMAP_SCRATCH);
	bpf_mov_reg(&cg->b, R2, R10);
	bpf_alu_imm(&cg->b, BPF_ADD, R2, CG_FP_ZERO_KEY);
	bpf_call(&cg->b, BPF_FUNC_map_lookup_elem);
	bpf_jmp_imm(&cg->b, BPF_JEQ, R0, 0, cg->out_label);
	bpf_mov_reg(&cg->b, R9, R0);
	if (cg->ptype != P_BEGIN && cg->ptype != P_END) {
		bpf_ldx(&cg->b, 8, R1, R9, LANG_SCRATCH_STOP);
		bpf_jmp_imm(&cg->b, BPF_JNE, R1, 0, cg->out_label);
	}
	/* -p and -- CMD keep the events of their processes; interval is a
	 * timer, whatever runs when it fires. */
	if (cg->ptype != P_BEGIN && cg->ptype != P_END && cg->ptype != P_INTERVAL) {
		if (o->filter_pid > 0) {
			bpf_call(&cg->b, BPF_FUNC_get_current_pid_tgid);
			bpf_alu_imm(&cg->b, BPF_RSH, R0, 32);
			bpf_jmp_imm(&cg->b, BPF_JNE, R0, o->filter_pid, cg->out_label);
		} else if (o->filter_targets) {
			int mine = bpf_label_new(&cg->b);

			/* The command itself without a map lookup (most events
			 * of a traced command are its own); its children by
			 * the targets map the fork tracker fills. */
			bpf_call(&cg->b, BPF_FUNC_get_current_pid_tgid);
			bpf_alu_imm(&cg->b, BPF_RSH, R0, 32);
			if (o->cpid > 0)
				bpf_jmp_imm(&cg->b, BPF_JEQ, R0, o->cpid, mine);
			bpf_stx(&cg->b, 4, R10, CG_FP_ERR_KEY, R0);
			bpf_ld_map(&cg->b, R1, LANG_IMAP_TARGETS);
			bpf_mov_reg(&cg->b, R2, R10);
			bpf_alu_imm(&cg->b, BPF_ADD, R2, CG_FP_ERR_KEY);
			bpf_call(&cg->b, BPF_FUNC_map_lookup_elem);
			bpf_jmp_imm(&cg->b, BPF_JEQ, R0, 0, cg->out_label);
			bpf_label_here(&cg->b, mine);
		}
	}
	for (int i = 0; i < blk->nvars; i++) {
		if (cg_is_mem_type(&blk->var_types[i]))
			cg_mem_zero(cg, cg->var_mem[i], cg_align8(blk->var_types[i].size));
		else
			bpf_st_imm(&cg->b, 8, R10, (s16)cg->var_fp[i], 0);
	}
	if (blk->pred) {
		u32 mark = cg->scratch_top;
		int v = cg_expr(cg, blk->pred);
		u8 r = cg_val_reg(cg, v, R1);

		cg_val_free(cg, v);
		bpf_jmp_imm(&cg->b, BPF_JEQ, r, 0, cg->out_label);
		cg->scratch_top = mark;
	}
	stmts(cg, blk->body);
	bpf_label_here(&cg->b, cg->out_label);
	bpf_mov_imm(&cg->b, R0, cg->ptype == P_TRACEPOINT && o->tp_pass_on ? 1 : 0);
	bpf_exit_insn(&cg->b);

	if (cg->failed) {
		rc = -1;
		goto out;
	}
	if (bpf_buf_finish(&cg->b)) {
		rc = errf(err, errlen, "out of memory, or a jump too far, generating the program of %s",
			  cg->att ? cg->att->name : "a block");
		goto out;
	}
	prog->insns = cg->b.insn;
	prog->ninsns = cg->b.n;
	prog->insn_loc = cg->b.loc;
	prog->relocs = cg->b.relocs;
	prog->nrelocs = cg->b.nrelocs;
	memcpy(prog->helpers_used, cg->b.helpers, sizeof(prog->helpers_used));
	prog->prints = cg->prints;
	cg->b.insn = NULL;
	cg->b.loc = NULL;
	cg->b.relocs = NULL;
	snprintf(prog->name, sizeof(prog->name), "scry_b%d_%.8s", prog->block,
		 cg->att ? lang_probe_type_name(cg->att->type) : "x");
	if (cg->scratch_max > *scratch_max)
		*scratch_max = cg->scratch_max;
out:
	bpf_buf_release(&cg->b);
	free(cg);
	return rc;
}

int lang_codegen(struct lang_program *p, const struct lang_codegen_opts *o, char *err, size_t errlen)
{
	u32 zero_size = 8, scratch_max = 0;
	int bi = 0;

	for (int i = 0; i < p->nmaps; i++)
		zero_size = MAX(zero_size, cg_align8(p->maps[i].value_size));
	for (struct lang_block *b = p->ast->blocks; b; b = b->next, bi++) {
		struct field_set fs = { .n = 0 };
		int first = p->nprogs;

		fields_expr(&fs, b->pred);
		fields_stmts(&fs, b->body);
		for (int i = 0; i < p->nattaches; i++) {
			struct lang_attach *a = &p->attaches[i];
			u32 type = prog_type_of(a->type);
			int pi = -1;

			if (a->block != bi)
				continue;
			for (int k = first; k < p->nprogs && pi < 0; k++) {
				if (p->progs[k].prog_type != type)
					continue;
				for (int j = 0; j < i; j++)
					if (p->attaches[j].prog == k) {
						if (same_layout(&p->attaches[j], a, &fs))
							pi = k;
						break;
					}
			}
			if (pi < 0 && (pi = add_prog(p, bi, type)) < 0)
				return errf(err, errlen, "out of memory");
			a->prog = pi;
		}
		for (int k = first; k < p->nprogs; k++)
			if (gen_prog(p, o, k, b, zero_size, &scratch_max, err, errlen))
				return -1;
	}
	p->scratch_size = cg_align8(MAX(scratch_max, LANG_SCRATCH_ZERO + zero_size + 8));
	return 0;
}

int lang_codegen_fork_tracker(struct lang_bpf_prog *out, u32 child_pid_off, char *err, size_t errlen)
{
	struct bpf_buf b;
	int done;

	bpf_buf_init(&b);
	done = bpf_label_new(&b);
	bpf_mov_reg(&b, R6, R1);
	/* Is the parent (current) traced? */
	bpf_call(&b, BPF_FUNC_get_current_pid_tgid);
	bpf_alu_imm(&b, BPF_RSH, R0, 32);
	bpf_stx(&b, 4, R10, -4, R0);
	bpf_ld_map(&b, R1, LANG_IMAP_TARGETS);
	bpf_mov_reg(&b, R2, R10);
	bpf_alu_imm(&b, BPF_ADD, R2, -4);
	bpf_call(&b, BPF_FUNC_map_lookup_elem);
	bpf_jmp_imm(&b, BPF_JEQ, R0, 0, done);
	/* Then the child is: targets[child] = 1. */
	bpf_ldx(&b, 4, R1, R6, (s16)child_pid_off);
	bpf_stx(&b, 4, R10, -8, R1);
	bpf_st_imm(&b, 4, R10, -12, 1);
	bpf_ld_map(&b, R1, LANG_IMAP_TARGETS);
	bpf_mov_reg(&b, R2, R10);
	bpf_alu_imm(&b, BPF_ADD, R2, -8);
	bpf_mov_reg(&b, R3, R10);
	bpf_alu_imm(&b, BPF_ADD, R3, -12);
	bpf_mov_imm(&b, R4, BPF_ANY);
	bpf_call(&b, BPF_FUNC_map_update_elem);
	bpf_label_here(&b, done);
	bpf_mov_imm(&b, R0, 1);
	bpf_exit_insn(&b);
	if (bpf_buf_finish(&b)) {
		bpf_buf_release(&b);
		return errf(err, errlen, "out of memory");
	}
	*out = (struct lang_bpf_prog){ .block = -1, .prog_type = BPF_PROG_TYPE_TRACEPOINT, .fd = -1,
				       .insns = b.insn, .ninsns = b.n, .relocs = b.relocs, .nrelocs = b.nrelocs,
				       .insn_loc = b.loc };
	memcpy(out->helpers_used, b.helpers, sizeof(out->helpers_used));
	strcpy(out->name, "scry_fork");
	b.insn = NULL;
	b.loc = NULL;
	b.relocs = NULL;
	bpf_buf_release(&b);
	return 0;
}

void lang_codegen_dump(const struct lang_program *p, struct outbuf *ob)
{
	for (int k = 0; k < p->nprogs; k++) {
		const struct lang_bpf_prog *prog = &p->progs[k];

		outbuf_printf(ob, "; program %d (%s), block %d, %u instructions\n", k, prog->name, prog->block + 1,
			      prog->ninsns);
		for (u32 i = 0; i < prog->ninsns; i++) {
			outbuf_printf(ob, "%5u: ", i);
			bpf_insn_print(prog->insns, i, ob);
			outbuf_putc(ob, '\n');
			if (prog->insns[i].code == (BPF_LD | BPF_DW | BPF_IMM))
				i++;
		}
	}
}
