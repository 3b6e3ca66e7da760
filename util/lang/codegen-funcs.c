/* Code for the later functions (funcs.h): bswap, strncmp, buf, ntop,
 * strftime, reg, uptr/kptr as values, join's record. Their values that
 * are not integers (buf, ntop, strftime) are laid out in scratch as
 * program.h says and printed in user space. */
#include "util/lang/codegen-priv.h"
#include "util/lang/ctypes.h"
#include "util/lang/funcs.h"

#include <string.h>

static int mem_value(struct cg *cg, u32 off, const struct lang_type *t)
{
	int v = cg_val_new(cg, t);

	cg->v[v].where = CW_MEM;
	cg->v[v].mem = off;
	return v;
}

/* Move value v into register r (r1..r5) and free it. */
static void val_into(struct cg *cg, int v, u8 r)
{
	u8 got = cg_val_reg(cg, v, r);

	if (got != r)
		bpf_mov_reg(&cg->b, r, got);
	cg_val_free(cg, v);
}

static int bswap(struct cg *cg, struct lang_expr *e)
{
	u32 size = e->type.size;
	int v = cg_expr(cg, e->call.args[0]);
	u8 r;

	if (cg->v[v].where == CW_IMM) {
		u64 x = (u64)cg->v[v].imm;

		x = size == 2 ? __builtin_bswap16((u16)x) : size == 4 ? __builtin_bswap32((u32)x) :
		    size == 8 ? __builtin_bswap64(x) : (u8)x;
		cg->v[v].imm = (s64)x;
	} else if (size >= 2) {
		/* BPF_END to big endian on a little-endian machine: the swap,
		 * zero-extended from the width */
		r = cg_val_own_reg(cg, v);
		bpf_emit(&cg->b, bpf_insn(BPF_ALU | BPF_END | BPF_TO_BE, r, 0, 0, (s32)(8 * size)));
	} else {
		r = cg_val_own_reg(cg, v);
		bpf_alu_imm(&cg->b, BPF_AND, r, 0xff);
	}
	cg->v[v].type = e->type;
	return v;
}

/* bpftrace's strncmp: 0 when the first n bytes agree or both strings end
 * together before; 1 otherwise. Bytes past either buffer are not read. */
static int strncmp_val(struct cg *cg, struct lang_expr *e)
{
	struct lang_expr *A = e->call.args[0], *B = e->call.args[1];
	int va = cg_expr(cg, A), vb = cg_expr(cg, B);
	u32 a = cg->v[va].mem, b = cg->v[vb].mem;
	u64 n = (u64)e->call.args[2]->ival;
	int ne = bpf_label_new(&cg->b), eq = bpf_label_new(&cg->b), end = bpf_label_new(&cg->b);
	struct lang_type u64t = { .kind = LT_INT, .size = 8 };

	n = MIN(n, (u64)MIN(A->type.size, B->type.size));
	if (!n) {               /* nothing to compare: equal (and no unreachable code) */
		int z;

		cg_val_free(cg, vb);
		cg_val_free(cg, va);
		z = cg_val_imm(cg, 0);
		cg->v[z].type = u64t;
		return z;
	}
	for (u32 i = 0; i < n; i++) {
		bpf_ldx(&cg->b, 1, R1, R9, (s16)(a + i));
		bpf_ldx(&cg->b, 1, R2, R9, (s16)(b + i));
		bpf_jmp_reg(&cg->b, BPF_JNE, R1, R2, ne);
		bpf_jmp_imm(&cg->b, BPF_JEQ, R1, 0, eq);
	}
	bpf_label_here(&cg->b, eq);
	bpf_mov_imm(&cg->b, R0, 0);
	bpf_ja(&cg->b, end);
	bpf_label_here(&cg->b, ne);
	bpf_mov_imm(&cg->b, R0, 1);
	bpf_label_here(&cg->b, end);
	cg_val_free(cg, vb);
	cg_val_free(cg, va);
	return cg_val_from(cg, R0, &u64t);
}

/* A tracepoint's char array field, its bytes as they are (no NUL put in). */
static const struct lang_tp_field *char_array_field(struct cg *cg, const struct lang_expr *p)
{
	if (p->kind != E_ARGS || p->args.param || !cg->att)
		return NULL;
	for (int i = 0; i < cg->att->nfields; i++)
		if (!strcmp(cg->att->fields[i].name, p->args.field))
			return cg->att->fields[i].kind == TPF_CHAR_ARRAY ? &cg->att->fields[i] : NULL;
	return NULL;
}

/* n bytes (value len, or the constant cap) at the address in value addr,
 * into scratch at dst, from the memory p points into. */
static void read_bytes(struct cg *cg, const struct lang_expr *p, int addr, int len, u32 dst, u32 cap)
{
	if (len >= 0) {
		int low = bpf_label_new(&cg->b);

		val_into(cg, len, R2);
		/* the verifier wants the size bounded: at most cap */
		bpf_jmp_imm(&cg->b, BPF_JLE, R2, (s32)cap, low);
		bpf_mov_imm(&cg->b, R2, (s32)cap);
		bpf_label_here(&cg->b, low);
		bpf_stx(&cg->b, 8, R9, (s16)(dst - 8), R2);
	} else {
		bpf_mov_imm(&cg->b, R2, (s32)cap);
	}
	val_into(cg, addr, R3);
	cg_mem_ptr(cg, R1, dst);
	bpf_call(&cg->b, cg_reads_user(cg, p) ? BPF_FUNC_probe_read_user : BPF_FUNC_probe_read_kernel);
}

static int buf_val(struct cg *cg, struct lang_expr *e)
{
	struct lang_expr *p = e->call.args[0];
	u32 cap = e->type.size - 8, off = cg_scratch(cg, e->type.size);
	const struct lang_tp_field *f = char_array_field(cg, p);
	bool const_len = e->call.nargs < 2 || e->call.args[1]->kind == E_INT;

	cg_mem_zero(cg, off, cg_align8(e->type.size));
	bpf_st_imm(&cg->b, 8, R9, (s16)off, (s32)cap);
	if (f) {
		cg_field_raw_into(cg, f, off + 8, cap);
	} else if (p->type.kind == LT_STR) {
		int v = cg_expr(cg, p);
		u32 n = MIN(cg_align8(p->type.size), cg_align8(cap));

		cg_mem_copy(cg, off + 8, cg->v[v].mem, n);
		cg_val_free(cg, v);
		if (cap < n)    /* the bytes after the length stay zero */
			for (u32 i = cap; i < n; i++)
				bpf_st_imm(&cg->b, 1, R9, (s16)(off + 8 + i), 0);
	} else {
		int addr = cg_expr(cg, p), len = const_len ? -1 : cg_expr(cg, e->call.args[1]);

		if (cap)
			read_bytes(cg, p, addr, len, off + 8, cap);
		else {
			cg_val_free(cg, addr);
			if (len >= 0)
				cg_val_free(cg, len);
		}
	}
	return mem_value(cg, off, &e->type);
}

static int ntop_val(struct cg *cg, struct lang_expr *e)
{
	struct lang_expr *p = e->call.args[e->call.nargs - 1];
	u32 off = cg_scratch(cg, 24);
	const struct lang_tp_field *f = char_array_field(cg, p);
	u32 bytes = p->type.kind == LT_STR ? p->type.size : p->type.kind == LT_RECORD ? p->type.size : 4;
	int v;

	cg_mem_zero(cg, off, 24);
	if (p->type.kind == LT_RECORD) {
		const struct lang_ctype *c = cg->p->ctypes ? lang_ctype_get(cg->p->ctypes, p->type.ctype - 1) : NULL;

		bytes = c && c->size == 16 ? 16 : 4;
	}
	if (f) {
		cg_field_raw_into(cg, f, off + 8, bytes);
	} else if (p->type.kind == LT_STR) {
		v = cg_expr(cg, p);
		cg_mem_copy(cg, off + 8, cg->v[v].mem, cg_align8(bytes));
		cg_val_free(cg, v);
	} else if (p->type.kind == LT_RECORD) {
		read_bytes(cg, p, cg_expr(cg, p), -1, off + 8, bytes);
	} else {
		/* an integer: its bytes in memory order (ntop(0x0100007f) is 127.0.0.1) */
		v = cg_expr(cg, p);
		val_into(cg, v, R1);
		bpf_stx(&cg->b, 4, R9, (s16)(off + 8), R1);
	}
	if (e->call.nargs == 2) {
		v = cg_expr(cg, e->call.args[0]);
		val_into(cg, v, R1);
		bpf_stx(&cg->b, 8, R9, (s16)off, R1);
	} else {
		bpf_st_imm(&cg->b, 8, R9, (s16)off, bytes == 16 ? 10 : 2);   /* AF_INET6 : AF_INET */
	}
	return mem_value(cg, off, &e->type);
}

static int strftime_val(struct cg *cg, struct lang_expr *e)
{
	u32 off = cg_scratch(cg, 16);
	int v = cg_expr(cg, e->call.args[e->call.id == F_CGROUP_PATH ? 0 : 1]);

	val_into(cg, v, R1);
	bpf_stx(&cg->b, 8, R9, (s16)(off + 8), R1);
	bpf_st_imm(&cg->b, 8, R9, (s16)off, e->call.fmt_id);
	return mem_value(cg, off, &e->type);
}

int cg_func_value(struct cg *cg, struct lang_expr *e)
{
	struct lang_type u64t = { .kind = LT_INT, .size = 8 };
	int v, off;

	switch (e->call.id) {
	case F_BSWAP:
		return bswap(cg, e);
	case F_STRNCMP:
		return strncmp_val(cg, e);
	case F_BUF:
		return buf_val(cg, e);
	case F_NTOP:
		return ntop_val(cg, e);
	case F_STRFTIME:
	case F_CGROUP_PATH:     /* the same layout: format id, then the value */
		return strftime_val(cg, e);
	case F_REG:
		off = lang_func_reg_offset(e->call.args[0]->str.s);
		if (off < 0)
			return cg_fail(cg, e->loc, "unknown register"), cg_val_imm(cg, 0);
		cg_ctx(cg, R1);
		bpf_ldx(&cg->b, 8, R0, R1, (s16)off);
		return cg_val_from(cg, R0, &u64t);
	case F_PTON: {
		u8 bytes[16];
		u32 at = cg_scratch(cg, 16);
		u64 w;

		lang_func_pton(e->call.args[0]->str.s, bytes);
		for (int i = 0; i < 16; i += 8) {
			memcpy(&w, bytes + i, 8);
			bpf_ld_imm64(&cg->b, R1, w);
			bpf_stx(&cg->b, 8, R9, (s16)(at + (u32)i), R1);
		}
		return mem_value(cg, at, &e->type);
	}
	case F_UPTR:
	case F_KPTR:
		v = cg_expr(cg, e->call.args[0]);
		cg->v[v].type = e->type;
		return v;
	default:
		return cg_fail(cg, e->loc, "%s() cannot be compiled here", e->call.name), cg_val_imm(cg, 0);
	}
}

void cg_func_join(struct cg *cg, struct lang_expr *e, u32 dst)
{
	struct lang_expr *argv = e->call.args[0];
	bool user = cg_reads_user(cg, argv);
	u32 tmp = cg_scratch(cg, 8);
	int v = cg_expr(cg, argv), end = bpf_label_new(&cg->b), slot;

	cg_mem_zero(cg, dst, LANG_JOIN_ARGS * LANG_JOIN_ARGLEN);
	/* the array's address in a stack slot: helper calls clobber r1..r5 */
	slot = cg_stack_slot(cg);
	val_into(cg, v, R1);
	bpf_stx(&cg->b, 8, R10, (s16)slot, R1);
	for (int i = 0; i < LANG_JOIN_ARGS; i++) {
		bpf_ldx(&cg->b, 8, R3, R10, (s16)slot);
		bpf_alu_imm(&cg->b, BPF_ADD, R3, 8 * i);
		cg_mem_ptr(cg, R1, tmp);
		bpf_mov_imm(&cg->b, R2, 8);
		bpf_call(&cg->b, user ? BPF_FUNC_probe_read_user : BPF_FUNC_probe_read_kernel);
		bpf_jmp_imm(&cg->b, BPF_JNE, R0, 0, end);
		bpf_ldx(&cg->b, 8, R3, R9, (s16)tmp);
		bpf_jmp_imm(&cg->b, BPF_JEQ, R3, 0, end);       /* argv's NULL */
		cg_mem_ptr(cg, R1, dst + (u32)i * LANG_JOIN_ARGLEN);
		bpf_mov_imm(&cg->b, R2, LANG_JOIN_ARGLEN);
		bpf_call(&cg->b, user ? BPF_FUNC_probe_read_user_str : BPF_FUNC_probe_read_kernel_str);
	}
	bpf_label_here(&cg->b, end);
	cg_stack_slot_free(cg, slot);
}
