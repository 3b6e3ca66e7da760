/* Code for values and expressions (see codegen-priv.h).
 *
 * Every expression yields a value handle. Integers live in r6..r8 while
 * they are needed and are spilled to stack slots when a longer expression
 * needs more registers than that (the oldest first); the helper calls an
 * expression makes clobber only r0..r5, so temporaries survive them.
 * Strings and other byte values live in the per-CPU scratch value at
 * offsets fixed at compile time, never on the 512-byte stack. */
#include "util/lang/codegen-priv.h"
#include "util/lang/ctypes.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "arch/x86/bpf-regs.h"
#include "util/lang/diag.h"
#include "util/lang/tuple.h"

int cg_fail(struct cg *cg, struct lang_loc loc, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	if (cg->failed)
		return -1;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	cg->failed = 1;
	return lang_diag(cg->err, cg->errlen, cg->p->ast, loc, "%s", msg);
}

bool cg_is_mem_type(const struct lang_type *t)
{
	return t->kind == LT_STR || t->kind == LT_USTACK || t->kind == LT_USYM || t->kind == LT_BUF ||
	       t->kind == LT_INET || t->kind == LT_TIMESTAMP || t->kind == LT_CGROUP_PATH || t->kind == LT_TUPLE;
}

/* ---- stack slots and temporaries ------------------------------------------------------- */

int cg_stack_slot(struct cg *cg)
{
	for (int i = cg->nslots_fixed; i < CG_STACK_MAX / 8; i++)
		if (!cg->slot_used[i]) {
			cg->slot_used[i] = true;
			return -8 * (i + 1);
		}
	cg_fail(cg, cg->b.cur, "this statement needs more than the 512 bytes of BPF stack: split it");
	return -8;
}

void cg_stack_slot_free(struct cg *cg, int fp_off)
{
	int i = -fp_off / 8 - 1;

	if (i >= cg->nslots_fixed && i < CG_STACK_MAX / 8)
		cg->slot_used[i] = false;
}

int cg_val_new(struct cg *cg, const struct lang_type *t)
{
	for (int i = 0; i < CG_MAX_VALS; i++)
		if (!cg->v[i].used) {
			cg->v[i] = (struct cg_val){ .used = true, .type = *t, .age = ++cg->clock, .where = CW_IMM };
			return i;
		}
	cg_fail(cg, cg->b.cur, "expression too complex");
	return 0;
}

void cg_val_free(struct cg *cg, int v)
{
	struct cg_val *x = &cg->v[v];

	if (!x->used)
		return;
	if (x->where == CW_REG)
		cg->reg_owner[x->reg - R6] = -1;
	else if (x->where == CW_STACK)
		cg_stack_slot_free(cg, x->fp_off);
	x->used = false;
}

int cg_val_imm(struct cg *cg, s64 imm)
{
	int v = cg_val_new(cg, &(struct lang_type){ .kind = LT_INT, .size = 8, .is_signed = true });

	cg->v[v].where = CW_IMM;
	cg->v[v].imm = imm;
	return v;
}

static void spill(struct cg *cg, int j)
{
	int owner = cg->reg_owner[j];
	struct cg_val *x = &cg->v[owner];

	x->fp_off = cg_stack_slot(cg);
	bpf_stx(&cg->b, 8, R10, (s16)x->fp_off, (u8)(R6 + j));
	x->where = CW_STACK;
	cg->reg_owner[j] = -1;
}

/* A temporary register for value owner, spilling the oldest if none is free. */
static u8 reg_take(struct cg *cg, int owner)
{
	int j, oldest = -1;

	for (j = 0; j < CG_TEMP_REGS; j++)
		if (cg->reg_owner[j] < 0)
			break;
	if (j == CG_TEMP_REGS) {
		for (int k = 0; k < CG_TEMP_REGS; k++)
			if (oldest < 0 || cg->v[cg->reg_owner[k]].age < cg->v[cg->reg_owner[oldest]].age)
				oldest = k;
		spill(cg, oldest);
		j = oldest;
	}
	cg->reg_owner[j] = owner;
	return (u8)(R6 + j);
}

void cg_spill_all(struct cg *cg)
{
	for (int j = 0; j < CG_TEMP_REGS; j++)
		if (cg->reg_owner[j] >= 0)
			spill(cg, j);
}

static void load_imm(struct cg *cg, u8 r, s64 imm)
{
	if (imm >= INT32_MIN && imm <= INT32_MAX)
		bpf_mov_imm(&cg->b, r, (s32)imm);
	else
		bpf_ld_imm64(&cg->b, r, (u64)imm);
}

u8 cg_val_reg(struct cg *cg, int v, u8 tmp)
{
	struct cg_val *x = &cg->v[v];

	switch (x->where) {
	case CW_REG:
		return (u8)x->reg;
	case CW_IMM:
		load_imm(cg, tmp, x->imm);
		return tmp;
	case CW_STACK:
		bpf_ldx(&cg->b, 8, tmp, R10, (s16)x->fp_off);
		return tmp;
	case CW_MEM:
		cg_mem_ptr(cg, tmp, x->mem);
		return tmp;
	}
	return tmp;
}

u8 cg_val_own_reg(struct cg *cg, int v)
{
	struct cg_val *x = &cg->v[v];
	u8 r;

	if (x->where == CW_REG)
		return (u8)x->reg;
	r = reg_take(cg, v);
	x = &cg->v[v];
	if (x->where == CW_IMM) {
		load_imm(cg, r, x->imm);
	} else if (x->where == CW_STACK) {
		bpf_ldx(&cg->b, 8, r, R10, (s16)x->fp_off);
		cg_stack_slot_free(cg, x->fp_off);
	}
	x->where = CW_REG;
	x->reg = r;
	return r;
}

int cg_val_from(struct cg *cg, u8 src, const struct lang_type *t)
{
	int v = cg_val_new(cg, t);
	u8 r = reg_take(cg, v);

	bpf_mov_reg(&cg->b, r, src);
	cg->v[v].where = CW_REG;
	cg->v[v].reg = r;
	return v;
}

static int mem_val(struct cg *cg, u32 off, const struct lang_type *t)
{
	int v = cg_val_new(cg, t);

	cg->v[v].where = CW_MEM;
	cg->v[v].mem = off;
	return v;
}

/* ---- scratch memory ------------------------------------------------------------------ */

u32 cg_scratch(struct cg *cg, u32 size)
{
	u32 off = cg->scratch_top;

	cg->scratch_top += cg_align8(size ? size : 8);
	if (cg->scratch_top > CG_SCRATCH_MAX) {
		cg_fail(cg, cg->b.cur, "this statement needs more than %d bytes of scratch memory", CG_SCRATCH_MAX);
		cg->scratch_top = off;
		return LANG_SCRATCH_ZERO + cg->zero_size;
	}
	if (cg->scratch_top > cg->scratch_max)
		cg->scratch_max = cg->scratch_top;
	return off;
}

void cg_mem_ptr(struct cg *cg, u8 dst, u32 off)
{
	bpf_mov_reg(&cg->b, dst, R9);
	if (off)
		bpf_alu_imm(&cg->b, BPF_ADD, dst, (s32)off);
}

void cg_mem_zero(struct cg *cg, u32 off, u32 size)
{
	for (u32 i = 0; i < size; i += 8)
		bpf_st_imm(&cg->b, 8, R9, (s16)(off + i), 0);
}

void cg_mem_copy(struct cg *cg, u32 dst, u32 src, u32 size)
{
	if (dst == src)
		return;
	for (u32 i = 0; i < size; i += 8) {
		bpf_ldx(&cg->b, 8, R1, R9, (s16)(src + i));
		bpf_stx(&cg->b, 8, R9, (s16)(dst + i), R1);
	}
}

void cg_ctx(struct cg *cg, u8 r)
{
	bpf_ldx(&cg->b, 8, r, R10, CG_FP_CTX);
}

void cg_store_val(struct cg *cg, int v, u32 dst, u32 size)
{
	struct cg_val *x = &cg->v[v];

	if (x->where == CW_MEM) {
		u32 n = MIN(cg_align8(x->type.size), size);

		cg_mem_copy(cg, dst, x->mem, n);
		if (n < size)
			cg_mem_zero(cg, dst + n, size - n);
	} else {
		u8 r = cg_val_reg(cg, v, R1);

		bpf_stx(&cg->b, 8, R9, (s16)dst, r);
		if (size > 8)
			cg_mem_zero(cg, dst + 8, size - 8);
	}
	cg_val_free(cg, v);
}

void cg_count_error(struct cg *cg, int idx)
{
	int skip = bpf_label_new(&cg->b);

	bpf_st_imm(&cg->b, 4, R10, CG_FP_ERR_KEY, idx);
	bpf_ld_map(&cg->b, R1, LANG_IMAP_ERRORS);
	bpf_mov_reg(&cg->b, R2, R10);
	bpf_alu_imm(&cg->b, BPF_ADD, R2, CG_FP_ERR_KEY);
	bpf_call(&cg->b, BPF_FUNC_map_lookup_elem);
	bpf_jmp_imm(&cg->b, BPF_JEQ, R0, 0, skip);
	bpf_ldx(&cg->b, 8, R1, R0, 0);
	bpf_alu_imm(&cg->b, BPF_ADD, R1, 1);
	bpf_stx(&cg->b, 8, R0, 0, R1);
	bpf_label_here(&cg->b, skip);
}

/* ---- builtins -------------------------------------------------------------------------- */

static struct lang_type t_u64(void)
{
	return (struct lang_type){ .kind = LT_INT, .size = 8 };
}

static int helper_val(struct cg *cg, int helper, const struct lang_type *t)
{
	bpf_call(&cg->b, helper);
	return cg_val_from(cg, R0, t);
}

/* A tracepoint field of the program's attachment, by name. */
static const struct lang_tp_field *field(struct cg *cg, const char *name)
{
	for (int i = 0; i < cg->att->nfields; i++)
		if (!strcmp(cg->att->fields[i].name, name))
			return &cg->att->fields[i];
	return NULL;
}

static int field_int(struct cg *cg, const struct lang_tp_field *f, const struct lang_type *t)
{
	u32 size = f->size <= 8 ? f->size : 8;

	if (size != 1 && size != 2 && size != 4 && size != 8)
		size = 8;
	cg_ctx(cg, R1);
	bpf_ldx(&cg->b, size, R0, R1, (s16)f->offset);
	if (f->is_signed && size < 8) {
		bpf_alu_imm(&cg->b, BPF_LSH, R0, 64 - 8 * (s32)size);
		bpf_alu_imm(&cg->b, BPF_ARSH, R0, 64 - 8 * (s32)size);
	}
	return cg_val_from(cg, R0, t);
}

/* The context's address as a number: stored into scratch and read back,
 * since the verifier allows no variable offset from a context pointer and
 * a __data_loc string sits at an offset the record gives. */
static void ctx_address(struct cg *cg, u8 r)
{
	u32 tmp = cg_scratch(cg, 8);

	cg_ctx(cg, R1);
	bpf_stx(&cg->b, 8, R9, (s16)tmp, R1);
	bpf_ldx(&cg->b, 8, r, R9, (s16)tmp);
}

/* A tracepoint field's bytes straight from the record (char name[N]) into
 * scratch dst, at most size: loads of the widest size the offset allows
 * (the verifier wants context reads aligned to their size). */
void cg_field_raw_into(struct cg *cg, const struct lang_tp_field *f, u32 dst, u32 size)
{
	cg_ctx(cg, R2);
	for (u32 i = 0; i < f->size && i < size;) {
		u32 w = 8;

		while (w > 1 && ((f->offset + i) % w || i + w > f->size || i + w > size))
			w /= 2;
		bpf_ldx(&cg->b, w, R1, R2, (s16)(f->offset + i));
		bpf_stx(&cg->b, w, R9, (s16)(dst + i), R1);
		i += w;
	}
}

static void field_bytes_into(struct cg *cg, const struct lang_tp_field *f, u32 dst, u32 size)
{
	cg_mem_zero(cg, dst, cg_align8(size));
	if (f->kind == TPF_DATA_LOC) {
		/* u32 (length << 16 | offset) in the record; the bytes at ctx + offset. */
		u32 n = size;

		cg_ctx(cg, R1);
		bpf_ldx(&cg->b, 4, R3, R1, (s16)f->offset);
		bpf_alu_imm(&cg->b, BPF_AND, R3, 0xffff);
		ctx_address(cg, R4);
		bpf_alu_reg(&cg->b, BPF_ADD, R3, R4);
		cg_mem_ptr(cg, R1, dst);
		bpf_mov_imm(&cg->b, R2, (s32)n);
		bpf_call(&cg->b, BPF_FUNC_probe_read_kernel_str);
		return;
	}
	cg_field_raw_into(cg, f, dst, size);        /* char name[N] */
	if (size)
		bpf_st_imm(&cg->b, 1, R9, (s16)(dst + size - 1), 0);   /* always terminated */
}

void cg_stack_id(struct cg *cg, bool user)
{
	cg_ctx(cg, R1);
	bpf_ld_map(&cg->b, R2, user ? LANG_IMAP_USTACKS : LANG_IMAP_KSTACKS);
	bpf_mov_imm(&cg->b, R3, user ? BPF_F_USER_STACK : 0);
	bpf_call(&cg->b, BPF_FUNC_get_stackid);
}

static int stack_val(struct cg *cg, const struct lang_expr *e, u32 dst)
{
	bool user = e->builtin.id == B_USTACK;
	int ok = bpf_label_new(&cg->b);
	u32 off = dst;

	if (!user) {
		int v;

		cg_stack_id(cg, false);
		v = cg_val_from(cg, R0, &e->type);
		bpf_jmp_imm(&cg->b, BPF_JSGE, (u8)cg->v[v].reg, 0, ok);
		/* EFAULT: no kernel stack to take (the event hit user
		 * space, as most profile: samples do): nothing was lost. */
		bpf_jmp_imm(&cg->b, BPF_JEQ, (u8)cg->v[v].reg, -EFAULT, ok);
		cg_count_error(cg, LERR_KSTACK_LOST);
		bpf_label_here(&cg->b, ok);
		return v;
	}
	if (off == (u32)-1)
		off = cg_scratch(cg, 24);
	cg_stack_id(cg, true);
	bpf_stx(&cg->b, 8, R9, (s16)off, R0);
	bpf_jmp_imm(&cg->b, BPF_JSGE, R0, 0, ok);
	/* EFAULT: no user stack to take (a kernel thread, the idle task):
	 * nothing was lost. */
	bpf_jmp_imm(&cg->b, BPF_JEQ, R0, -EFAULT, ok);
	cg_count_error(cg, LERR_USTACK_LOST);
	bpf_label_here(&cg->b, ok);
	bpf_call(&cg->b, BPF_FUNC_get_current_pid_tgid);
	bpf_alu_imm(&cg->b, BPF_RSH, R0, 32);
	bpf_stx(&cg->b, 8, R9, (s16)(off + 8), R0);
	if (cg->at_func_entry) {
		/* At a function's first instruction the frame pointer is still
		 * the caller's, so a frame-pointer walk skips the caller: the
		 * return address at [sp] names it. */
		cg_ctx(cg, R3);
		bpf_ldx(&cg->b, 8, R3, R3, BPF_REGS_SP_OFF);
		cg_mem_ptr(cg, R1, off + 16);
		bpf_mov_imm(&cg->b, R2, 8);
		bpf_call(&cg->b, BPF_FUNC_probe_read_user);
	} else {
		bpf_st_imm(&cg->b, 8, R9, (s16)(off + 16), 0);
	}
	return mem_val(cg, off, &e->type);
}

/* ---- typed values (ctypes.h) ------------------------------------------------------------ */

static const struct lang_ctype *ctype_of(const struct cg *cg, const struct lang_type *t)
{
	return t->ctype && cg->p->ctypes ? lang_ctype_get(cg->p->ctypes, t->ctype - 1) : NULL;
}

/* An integer of the C type's width in r, widened to 64 bits by its sign. */
static void typed_extend(struct cg *cg, u8 r, const struct lang_type *t)
{
	const struct lang_ctype *c = ctype_of(cg, t);
	u32 bits;

	if (!c || c->kind != LCT_INT || c->size >= 8 || !c->size)
		return;
	bits = 64 - 8 * (u32)c->size;
	bpf_alu_imm(&cg->b, BPF_LSH, r, (s32)bits);
	bpf_alu_imm(&cg->b, c->is_signed ? BPF_ARSH : BPF_RSH, r, (s32)bits);
}

/* Read the integer or pointer of type t at the address in value addr, from
 * kernel or user memory as the type's source says (a failed read gives 0:
 * the helpers zero what they could not read). Frees addr. */
static int read_typed(struct cg *cg, int addr, const struct lang_type *t)
{
	const struct lang_ctype *c = ctype_of(cg, t);
	u32 size = !c || c->kind == LCT_PTR ? 8 : (u32)c->size, tmp = cg_scratch(cg, 8);
	u8 r = cg_val_reg(cg, addr, R3);

	if (r != R3)
		bpf_mov_reg(&cg->b, R3, r);
	cg_val_free(cg, addr);
	cg_mem_ptr(cg, R1, tmp);
	bpf_mov_imm(&cg->b, R2, (s32)size);
	bpf_call(&cg->b, c && c->kernel ? BPF_FUNC_probe_read_kernel : BPF_FUNC_probe_read_user);
	bpf_ldx(&cg->b, (u8)size, R0, R9, (s16)tmp);
	typed_extend(cg, R0, t);
	return cg_val_from(cg, R0, t);
}

/* The address a field, an element or *p names, as a value. */
static int typed_addr(struct cg *cg, struct lang_expr *e)
{
	int v, i;
	u8 rb, ri;
	u32 esz;

	switch (e->kind) {
	case E_FIELD:
		/* p->f: the pointer's value; s.f: the record's address */
		v = cg_expr(cg, e->field.base);
		if (e->field.offset) {
			rb = cg_val_own_reg(cg, v);
			bpf_alu_imm(&cg->b, BPF_ADD, rb, (s32)e->field.offset);
		}
		return v;
	case E_INDEX: {
		const struct lang_ctype *c = ctype_of(cg, &e->type);

		esz = e->type.kind == LT_RECORD ? e->type.size : c && c->kind == LCT_INT ? (u32)c->size : 8;
		v = cg_expr(cg, e->index.base);
		i = cg_expr(cg, e->index.index);
		rb = cg_val_own_reg(cg, v);
		ri = cg_val_reg(cg, i, R1);
		if (ri != R1)
			bpf_mov_reg(&cg->b, R1, ri);
		cg_val_free(cg, i);
		bpf_alu_imm(&cg->b, BPF_MUL, R1, (s32)esz);
		bpf_alu_reg(&cg->b, BPF_ADD, rb, R1);
		return v;
	}
	default:        /* *p */
		return cg_expr(cg, e->op.a);
	}
}

/* A field, element or *p: a record's address, or the integer read there. */
static int typed_value(struct cg *cg, struct lang_expr *e)
{
	int a = typed_addr(cg, e);

	if (e->type.kind == LT_RECORD) {
		cg->v[a].type = e->type;
		return a;
	}
	if (e->type.kind == LT_STR) {
		/* a char array: its bytes up to the first NUL (the type's
		 * size is the array's and one for a NUL it may lack) */
		const struct lang_ctype *c = ctype_of(cg, &e->type);
		u32 off = cg_scratch(cg, e->type.size);
		u8 r;

		cg_mem_zero(cg, off, cg_align8(e->type.size));
		r = cg_val_reg(cg, a, R3);
		if (r != R3)
			bpf_mov_reg(&cg->b, R3, r);
		cg_val_free(cg, a);
		cg_mem_ptr(cg, R1, off);
		bpf_mov_imm(&cg->b, R2, (s32)e->type.size);
		bpf_call(&cg->b, c && c->kernel ? BPF_FUNC_probe_read_kernel_str : BPF_FUNC_probe_read_user_str);
		return mem_val(cg, off, &e->type);
	}
	return read_typed(cg, a, &e->type);
}

static int builtin(struct cg *cg, struct lang_expr *e, u32 dst)
{
	struct lang_type u64t = t_u64();
	const struct lang_tp_field *f;
	int v;

	switch (e->builtin.id) {
	case B_PID:
	case B_GID:
		bpf_call(&cg->b, e->builtin.id == B_PID ? BPF_FUNC_get_current_pid_tgid : BPF_FUNC_get_current_uid_gid);
		bpf_alu_imm(&cg->b, BPF_RSH, R0, 32);
		return cg_val_from(cg, R0, &u64t);
	case B_TID:
	case B_UID:
		bpf_call(&cg->b, e->builtin.id == B_TID ? BPF_FUNC_get_current_pid_tgid : BPF_FUNC_get_current_uid_gid);
		bpf_mov32_reg(&cg->b, R0, R0);
		return cg_val_from(cg, R0, &u64t);
	case B_CPU:
		return helper_val(cg, BPF_FUNC_get_smp_processor_id, &u64t);
	case B_NSECS:
		return helper_val(cg, BPF_FUNC_ktime_get_ns, &u64t);
	case B_ELAPSED:
		bpf_call(&cg->b, BPF_FUNC_ktime_get_ns);
		bpf_ld_imm64(&cg->b, R1, cg->o->start_ns);
		bpf_alu_reg(&cg->b, BPF_SUB, R0, R1);
		return cg_val_from(cg, R0, &u64t);
	case B_RAND:
		return helper_val(cg, BPF_FUNC_get_prandom_u32, &u64t);
	case B_CGROUP:
		return helper_val(cg, BPF_FUNC_get_current_cgroup_id, &u64t);
	case B_CURTASK:
		return helper_val(cg, BPF_FUNC_get_current_task, &u64t);
	case B_NUMAID:
		return helper_val(cg, BPF_FUNC_get_numa_node_id, &u64t);
	case B_CPID:
		if (cg->o->cpid <= 0)
			return cg_fail(cg, e->loc, "cpid is the pid of the command given after --: there is none"),
			       cg_val_imm(cg, 0);
		v = cg_val_imm(cg, cg->o->cpid);
		cg->v[v].type = u64t;
		return v;
	case B_SARG: {
		/* The stack slot above the return address ([sp] at entry). */
		u32 tmp = cg_scratch(cg, 8);
		bool kernel = cg->ptype == P_KPROBE || cg->ptype == P_KRETPROBE;

		cg_ctx(cg, R3);
		bpf_ldx(&cg->b, 8, R3, R3, BPF_REGS_SP_OFF);
		bpf_alu_imm(&cg->b, BPF_ADD, R3, 8 * (e->builtin.index + 1));
		cg_mem_ptr(cg, R1, tmp);
		bpf_mov_imm(&cg->b, R2, 8);
		bpf_call(&cg->b, kernel ? BPF_FUNC_probe_read_kernel : BPF_FUNC_probe_read_user);
		bpf_ldx(&cg->b, 8, R0, R9, (s16)tmp);
		return cg_val_from(cg, R0, &u64t);
	}
	case B_COMM: {
		u32 off = dst != (u32)-1 ? dst : cg_scratch(cg, LANG_COMM_LEN);

		/* The kernel pads comm with zeroes to the size asked for. */
		cg_mem_ptr(cg, R1, off);
		bpf_mov_imm(&cg->b, R2, LANG_COMM_LEN);
		bpf_call(&cg->b, BPF_FUNC_get_current_comm);
		return mem_val(cg, off, &e->type);
	}
	case B_RETVAL:
		if (cg->ptype == P_TRACEPOINT) {
			f = field(cg, "ret");
			if (!f)
				return cg_fail(cg, e->loc, "%s has no ret field", cg->att->name), cg_val_imm(cg, 0);
			return field_int(cg, f, &e->type);
		}
		cg_ctx(cg, R1);
		bpf_ldx(&cg->b, 8, R0, R1, BPF_REGS_RET_OFF);
		typed_extend(cg, R0, &e->type);         /* an int return leaves rax's top half undefined */
		return cg_val_from(cg, R0, &e->type);
	case B_ARG:
		cg_ctx(cg, R1);
		bpf_ldx(&cg->b, 8, R0, R1, (s16)bpf_regs_arg_off(e->builtin.index));
		return cg_val_from(cg, R0, &u64t);
	case B_PROBE:
	case B_FUNC:
		if (cg->nattach == 1) {
			for (int i = 0; i < cg->p->nattaches; i++)
				if (cg->p->attaches[i].prog == cg->prog_idx) {
					v = cg_val_imm(cg, i);
					cg->v[v].type = e->type;
					return v;
				}
		}
		/* Several attachments share the program: each link carries its
		 * attachment index as the BPF cookie. */
		cg_ctx(cg, R1);
		bpf_call(&cg->b, BPF_FUNC_get_attach_cookie);
		return cg_val_from(cg, R0, &e->type);
	case B_KSTACK:
	case B_USTACK:
		return stack_val(cg, e, dst);
	case B_LATENCY:
		break;  /* rewritten by entry.c: the checker never lets one through */
	}
	return cg_fail(cg, e->loc, "unknown builtin"), cg_val_imm(cg, 0);
}

/* ---- strings ------------------------------------------------------------------------------ */

static void literal_into(struct cg *cg, const struct lang_expr *e, u32 dst, u32 size)
{
	for (u32 i = 0; i < size; i += 8) {
		u64 chunk = 0;

		for (u32 k = 0; k < 8 && i + k < e->str.len && i + k < size; k++)
			chunk |= (u64)(u8)e->str.s[i + k] << (8 * k);
		if (!chunk) {
			bpf_st_imm(&cg->b, 8, R9, (s16)(dst + i), 0);
		} else {
			bpf_ld_imm64(&cg->b, R1, chunk);
			bpf_stx(&cg->b, 8, R9, (s16)(dst + i), R1);
		}
	}
}

/* Which memory a pointer in this program points into. */
static bool reads_user(struct cg *cg, const struct lang_expr *p)
{
	const struct lang_ctype *c = ctype_of(cg, &p->type);

	if (p->kind == E_CALL && (p->call.id == F_UPTR || p->call.id == F_KPTR))
		return p->call.id == F_UPTR;
	if (c)
		return !c->kernel;      /* a typed pointer or array: its own memory */
	switch (cg->ptype) {
	case P_KPROBE:
	case P_KRETPROBE:
		return false;
	case P_TRACEPOINT:
		if (p->kind == E_ARGS) {
			const struct lang_tp_field *f = field(cg, p->args.field);

			return f && f->user_pointer;
		}
		return cg->att->tp_sys && !strcmp(cg->att->tp_sys, "syscalls");
	default:
		return true;
	}
}

bool cg_reads_user(struct cg *cg, const struct lang_expr *p)
{
	return reads_user(cg, p);
}

static void str_into(struct cg *cg, struct lang_expr *e, u32 dst, u32 size)
{
	struct lang_expr *p = e->call.args[0];
	int pv = cg_expr(cg, p), nv = -1;
	s64 n = size;
	u8 r;

	if (e->call.nargs == 2) {
		struct lang_expr *len = e->call.args[1];

		if (len->kind == E_INT) {
			/* str(p, n): at most n characters (and the NUL), as bpftrace 0.17 gives. */
			n = len->ival + 1 < (s64)size ? len->ival + 1 : (s64)size;
		} else {
			nv = cg_expr(cg, len);
		}
	}
	cg_mem_zero(cg, dst, cg_align8(size));
	r = cg_val_reg(cg, pv, R3);
	if (r != R3)
		bpf_mov_reg(&cg->b, R3, r);
	if (nv >= 0) {
		int ok = bpf_label_new(&cg->b), low = bpf_label_new(&cg->b);

		r = cg_val_reg(cg, nv, R2);
		if (r != R2)
			bpf_mov_reg(&cg->b, R2, r);
		bpf_alu_imm(&cg->b, BPF_ADD, R2, 1);     /* n characters and the NUL */
		bpf_jmp_imm(&cg->b, BPF_JLE, R2, (s32)size, low);
		bpf_mov_imm(&cg->b, R2, (s32)size);
		bpf_label_here(&cg->b, low);
		bpf_jmp_imm(&cg->b, BPF_JSGT, R2, 0, ok);
		bpf_mov_imm(&cg->b, R2, 1);
		bpf_label_here(&cg->b, ok);
		cg_val_free(cg, nv);
	} else {
		/* a char array is read within its bounds */
		if (p->type.kind == LT_RECORD && p->type.size < n)
			n = p->type.size;
		bpf_mov_imm(&cg->b, R2, (s32)n);
	}
	cg_mem_ptr(cg, R1, dst);
	bpf_call(&cg->b, reads_user(cg, p) ? BPF_FUNC_probe_read_user_str : BPF_FUNC_probe_read_kernel_str);
	cg_val_free(cg, pv);
}

void cg_expr_into(struct cg *cg, struct lang_expr *e, u32 dst, u32 size)
{
	const struct lang_tp_field *f;
	int v;

	switch (e->kind) {
	case E_STR:
		literal_into(cg, e, dst, cg_align8(size));
		return;
	case E_CALL:
		if (e->call.id == F_STR && e->call.args[0]->type.kind == LT_STR) {
			cg_expr_into(cg, e->call.args[0], dst, size);
			return;
		}
		if (e->call.id == F_STR) {
			str_into(cg, e, dst, size);
			return;
		}
		break;
	case E_BUILTIN:
		if (e->builtin.id == B_COMM && size >= LANG_COMM_LEN) {
			cg_val_free(cg, builtin(cg, e, dst));
			if (size > LANG_COMM_LEN)
				cg_mem_zero(cg, dst + LANG_COMM_LEN, cg_align8(size) - LANG_COMM_LEN);
			return;
		}
		break;
	case E_ARGS:
		f = field(cg, e->args.field);
		if (f && f->kind != TPF_INT) {
			field_bytes_into(cg, f, dst, MIN(size, e->type.size));
			if (cg_align8(size) > cg_align8(e->type.size))
				cg_mem_zero(cg, dst + cg_align8(e->type.size), cg_align8(size) - cg_align8(e->type.size));
			return;
		}
		break;
	default:
		break;
	}
	v = cg_expr(cg, e);
	cg_store_val(cg, v, dst, cg_align8(size));
}

/* Compare the string at scratch offset a with the literal s (len bytes and
 * its NUL); r gets 1 when equal. */
static void str_eq_literal(struct cg *cg, u32 a, u32 asize, const struct lang_expr *lit, u8 r)
{
	int ne = bpf_label_new(&cg->b), end = bpf_label_new(&cg->b);
	u32 n = lit->str.len + 1;

	if (n > asize) {
		/* Longer than the other can hold: never equal. */
		bpf_mov_imm(&cg->b, r, 0);
		return;
	}
	for (u32 i = 0; i < n; i += 8) {
		u32 k = MIN(8, n - i);
		u64 chunk = 0, mask = k == 8 ? ~0ULL : (1ULL << (8 * k)) - 1;

		for (u32 j = 0; j < k && i + j < lit->str.len; j++)
			chunk |= (u64)(u8)lit->str.s[i + j] << (8 * j);
		bpf_ldx(&cg->b, 8, R1, R9, (s16)(a + i));
		if (mask != ~0ULL) {
			bpf_ld_imm64(&cg->b, R2, mask);
			bpf_alu_reg(&cg->b, BPF_AND, R1, R2);
		}
		bpf_ld_imm64(&cg->b, R2, chunk);
		bpf_jmp_reg(&cg->b, BPF_JNE, R1, R2, ne);
	}
	bpf_mov_imm(&cg->b, r, 1);
	bpf_ja(&cg->b, end);
	bpf_label_here(&cg->b, ne);
	bpf_mov_imm(&cg->b, r, 0);
	bpf_label_here(&cg->b, end);
}

/* Two strings in scratch, byte by byte up to the first NUL. */
static void str_eq(struct cg *cg, u32 a, u32 asize, u32 b, u32 bsize, u8 r)
{
	int ne = bpf_label_new(&cg->b), eq = bpf_label_new(&cg->b), end = bpf_label_new(&cg->b);
	u32 n = MIN(asize, bsize);

	for (u32 i = 0; i < n; i++) {
		bpf_ldx(&cg->b, 1, R1, R9, (s16)(a + i));
		bpf_ldx(&cg->b, 1, R2, R9, (s16)(b + i));
		bpf_jmp_reg(&cg->b, BPF_JNE, R1, R2, ne);
		bpf_jmp_imm(&cg->b, BPF_JEQ, R1, 0, eq);
	}
	/* Equal over the shorter size: equal if the longer ends there too. */
	if (asize != bsize) {
		bpf_ldx(&cg->b, 1, R1, R9, (s16)((asize > bsize ? a : b) + n));
		bpf_jmp_imm(&cg->b, BPF_JNE, R1, 0, ne);
	}
	bpf_label_here(&cg->b, eq);
	bpf_mov_imm(&cg->b, r, 1);
	bpf_ja(&cg->b, end);
	bpf_label_here(&cg->b, ne);
	bpf_mov_imm(&cg->b, r, 0);
	bpf_label_here(&cg->b, end);
}

static int str_compare(struct cg *cg, struct lang_expr *e)
{
	struct lang_expr *a = e->op.a, *b = e->op.b;
	struct lang_type u64t = t_u64();
	int va, vb = -1;

	if (a->kind == E_STR && b->kind != E_STR) {
		struct lang_expr *t = a;

		a = b;
		b = t;
	}
	va = cg_expr(cg, a);
	if (b->kind == E_STR) {
		str_eq_literal(cg, cg->v[va].mem, a->type.size, b, R0);
	} else {
		vb = cg_expr(cg, b);
		str_eq(cg, cg->v[va].mem, a->type.size, cg->v[vb].mem, b->type.size, R0);
		cg_val_free(cg, vb);
	}
	cg_val_free(cg, va);
	if (e->op.op == OP_NE)
		bpf_alu_imm(&cg->b, BPF_XOR, R0, 1);
	return cg_val_from(cg, R0, &u64t);
}

/* ---- integer operators ---------------------------------------------------------------- */

static u8 jmp_op(enum lang_op op, bool is_signed)
{
	switch (op) {
	case OP_EQ: return BPF_JEQ;
	case OP_NE: return BPF_JNE;
	case OP_LT: return is_signed ? BPF_JSLT : BPF_JLT;
	case OP_GT: return is_signed ? BPF_JSGT : BPF_JGT;
	case OP_LE: return is_signed ? BPF_JSLE : BPF_JLE;
	case OP_GE: return is_signed ? BPF_JSGE : BPF_JGE;
	default: return BPF_JEQ;
	}
}

static bool fold(enum lang_op op, s64 a, s64 b, bool sgn, s64 *out)
{
	u64 ua = (u64)a, ub = (u64)b;

	switch (op) {
	case OP_ADD: *out = (s64)(ua + ub); return true;
	case OP_SUB: *out = (s64)(ua - ub); return true;
	case OP_MUL: *out = (s64)(ua * ub); return true;
	case OP_DIV: if (!b) return false; *out = sgn ? (b == -1 ? (s64)(0 - ua) : a / b) : (s64)(ua / ub); return true;
	case OP_MOD: if (!b) return false; *out = sgn ? (b == -1 ? 0 : a % b) : (s64)(ua % ub); return true;
	case OP_BAND: *out = a & b; return true;
	case OP_BOR: *out = a | b; return true;
	case OP_BXOR: *out = a ^ b; return true;
	case OP_SHL: *out = (s64)(ua << (ub & 63)); return true;
	case OP_SHR: *out = sgn ? a >> (ub & 63) : (s64)(ua >> (ub & 63)); return true;
	case OP_EQ: *out = a == b; return true;
	case OP_NE: *out = a != b; return true;
	case OP_LT: *out = sgn ? a < b : ua < ub; return true;
	case OP_GT: *out = sgn ? a > b : ua > ub; return true;
	case OP_LE: *out = sgn ? a <= b : ua <= ub; return true;
	case OP_GE: *out = sgn ? a >= b : ua >= ub; return true;
	default: return false;
	}
}

static int logical(struct cg *cg, struct lang_expr *e)
{
	struct lang_type u64t = t_u64();
	int res, v, done = bpf_label_new(&cg->b), end = bpf_label_new(&cg->b);
	bool is_and = e->op.op == OP_LAND;
	u8 r;

	/* Code that only some paths run must leave the registers as it found
	 * them: spill first, keep the result in a stack slot. */
	cg_spill_all(cg);
	res = cg_val_new(cg, &u64t);
	cg->v[res].where = CW_STACK;
	cg->v[res].fp_off = cg_stack_slot(cg);
	v = cg_expr(cg, e->op.a);
	r = cg_val_reg(cg, v, R1);
	cg_val_free(cg, v);
	bpf_jmp_imm(&cg->b, is_and ? BPF_JEQ : BPF_JNE, r, 0, done);
	v = cg_expr(cg, e->op.b);
	r = cg_val_reg(cg, v, R1);
	cg_val_free(cg, v);
	bpf_jmp_imm(&cg->b, is_and ? BPF_JEQ : BPF_JNE, r, 0, done);
	bpf_st_imm(&cg->b, 8, R10, (s16)cg->v[res].fp_off, is_and ? 1 : 0);
	bpf_ja(&cg->b, end);
	bpf_label_here(&cg->b, done);
	bpf_st_imm(&cg->b, 8, R10, (s16)cg->v[res].fp_off, is_and ? 0 : 1);
	bpf_label_here(&cg->b, end);
	return res;
}

static int binary(struct cg *cg, struct lang_expr *e)
{
	struct lang_expr *A = e->op.a, *B = e->op.b;
	bool sgn = A->type.is_signed && B->type.is_signed;
	int a, b;
	u8 ra, rb;
	s64 k;

	if (e->op.op == OP_LAND || e->op.op == OP_LOR)
		return logical(cg, e);
	if (A->type.kind == LT_STR)
		return str_compare(cg, e);
	a = cg_expr(cg, A);
	b = cg_expr(cg, B);
	if (e->op.scale > 1) {  /* typed pointer arithmetic: elements to bytes */
		int side = e->op.scale_a ? a : b;

		if (cg->v[side].where == CW_IMM)
			cg->v[side].imm *= e->op.scale;
		else
			bpf_alu_imm(&cg->b, BPF_MUL, cg_val_own_reg(cg, side), (s32)e->op.scale);
	}
	if (cg->v[a].where == CW_IMM && cg->v[b].where == CW_IMM && fold(e->op.op, cg->v[a].imm, cg->v[b].imm, sgn, &k)) {
		cg_val_free(cg, b);
		cg->v[a].imm = k;
		cg->v[a].type = e->type;
		return a;
	}
	ra = cg_val_own_reg(cg, a);
	rb = cg_val_reg(cg, b, R1);
	switch (e->op.op) {
	case OP_ADD: bpf_alu_reg(&cg->b, BPF_ADD, ra, rb); break;
	case OP_SUB: bpf_alu_reg(&cg->b, BPF_SUB, ra, rb); break;
	case OP_MUL: bpf_alu_reg(&cg->b, BPF_MUL, ra, rb); break;
	case OP_BAND: bpf_alu_reg(&cg->b, BPF_AND, ra, rb); break;
	case OP_BOR: bpf_alu_reg(&cg->b, BPF_OR, ra, rb); break;
	case OP_BXOR: bpf_alu_reg(&cg->b, BPF_XOR, ra, rb); break;
	case OP_SHL: bpf_alu_reg(&cg->b, BPF_LSH, ra, rb); break;
	case OP_SHR: bpf_alu_reg(&cg->b, sgn ? BPF_ARSH : BPF_RSH, ra, rb); break;
	case OP_DIV:
	case OP_MOD:
		if (sgn)
			bpf_alu_sreg(&cg->b, e->op.op == OP_DIV ? BPF_DIV : BPF_MOD, ra, rb);
		else
			bpf_alu_reg(&cg->b, e->op.op == OP_DIV ? BPF_DIV : BPF_MOD, ra, rb);
		break;
	case OP_EQ: case OP_NE: case OP_LT: case OP_GT: case OP_LE: case OP_GE: {
		int yes = bpf_label_new(&cg->b), end = bpf_label_new(&cg->b);

		bpf_jmp_reg(&cg->b, jmp_op(e->op.op, sgn), ra, rb, yes);
		bpf_mov_imm(&cg->b, ra, 0);
		bpf_ja(&cg->b, end);
		bpf_label_here(&cg->b, yes);
		bpf_mov_imm(&cg->b, ra, 1);
		bpf_label_here(&cg->b, end);
		break;
	}
	default:
		cg_fail(cg, e->loc, "operator %s is not supported here", lang_op_name(e->op.op));
		break;
	}
	cg_val_free(cg, b);
	cg->v[a].type = e->type;
	return a;
}

static int unary(struct cg *cg, struct lang_expr *e)
{
	int a = cg_expr(cg, e->op.a);
	u8 r;

	if (cg->v[a].where == CW_IMM) {
		s64 x = cg->v[a].imm;

		cg->v[a].imm = e->op.op == OP_NEG ? (s64)(0 - (u64)x) : e->op.op == OP_BNOT ? ~x : !x;
		cg->v[a].type = e->type;
		return a;
	}
	r = cg_val_own_reg(cg, a);
	switch (e->op.op) {
	case OP_NEG:
		bpf_neg(&cg->b, r);
		break;
	case OP_BNOT:
		bpf_alu_imm(&cg->b, BPF_XOR, r, -1);
		break;
	case OP_LNOT: {
		int zero = bpf_label_new(&cg->b), end = bpf_label_new(&cg->b);

		bpf_jmp_imm(&cg->b, BPF_JEQ, r, 0, zero);
		bpf_mov_imm(&cg->b, r, 0);
		bpf_ja(&cg->b, end);
		bpf_label_here(&cg->b, zero);
		bpf_mov_imm(&cg->b, r, 1);
		bpf_label_here(&cg->b, end);
		break;
	}
	default:
		cg_fail(cg, e->loc, "operator %s is not supported here", lang_op_name(e->op.op));
	}
	cg->v[a].type = e->type;
	return a;
}

static int ternary(struct cg *cg, struct lang_expr *e)
{
	int c, res, x, other = bpf_label_new(&cg->b), end = bpf_label_new(&cg->b);
	u8 r;

	cg_spill_all(cg);
	res = cg_val_new(cg, &e->type);
	if (cg_is_mem_type(&e->type)) {
		cg->v[res].where = CW_MEM;
		cg->v[res].mem = cg_scratch(cg, e->type.size);
	} else {
		cg->v[res].where = CW_STACK;
		cg->v[res].fp_off = cg_stack_slot(cg);
	}
	c = cg_expr(cg, e->op.a);
	r = cg_val_reg(cg, c, R1);
	cg_val_free(cg, c);
	bpf_jmp_imm(&cg->b, BPF_JEQ, r, 0, other);
	for (int side = 0; side < 2; side++) {
		struct lang_expr *s = side ? e->op.c : e->op.b;

		if (side) {
			bpf_ja(&cg->b, end);
			bpf_label_here(&cg->b, other);
		}
		if (e->type.kind == LT_TUPLE) {
			cg_tuple_into(cg, s, cg->v[res].mem, &e->type);
		} else if (cg_is_mem_type(&e->type)) {
			cg_expr_into(cg, s, cg->v[res].mem, e->type.size);
		} else {
			x = cg_expr(cg, s);
			r = cg_val_reg(cg, x, R1);
			bpf_stx(&cg->b, 8, R10, (s16)cg->v[res].fp_off, r);
			cg_val_free(cg, x);
		}
	}
	bpf_label_here(&cg->b, end);
	return res;
}

static int cast(struct cg *cg, struct lang_expr *e)
{
	int a = cg_expr(cg, e->cast.a);
	u32 bits = 64 - 8 * e->type.size;
	u8 r;

	if (!bits || e->type.ctype) {   /* (struct S *)x: the same bits, typed */
		cg->v[a].type = e->type;
		return a;
	}
	if (cg->v[a].where == CW_IMM) {
		s64 x = cg->v[a].imm;

		x = e->type.is_signed ? (s64)((u64)x << bits) >> bits : (s64)(((u64)x << bits) >> bits);
		cg->v[a].imm = x;
	} else {
		r = cg_val_own_reg(cg, a);
		bpf_alu_imm(&cg->b, BPF_LSH, r, (s32)bits);
		bpf_alu_imm(&cg->b, e->type.is_signed ? BPF_ARSH : BPF_RSH, r, (s32)bits);
	}
	cg->v[a].type = e->type;
	return a;
}

/* ---- maps as values ----------------------------------------------------------------------- */

/* Look up a map element: r0 = its value or NULL. */
static void map_lookup(struct cg *cg, const struct lang_map *m, u32 key)
{
	bpf_ld_map(&cg->b, R1, m->id);
	cg_key_ptr(cg, key, R2);
	bpf_call(&cg->b, BPF_FUNC_map_lookup_elem);
}

static int map_read(struct cg *cg, struct lang_expr *e)
{
	const struct lang_map *m = &cg->p->maps[e->map.map_id];
	u32 key = cg_map_key(cg, m, e->map.keys, e->map.nkeys);
	int missing = bpf_label_new(&cg->b), end = bpf_label_new(&cg->b);

	map_lookup(cg, m, key);
	if (cg_is_mem_type(&m->value)) {
		u32 size = cg_align8(m->value.size), dst = cg_scratch(cg, size);

		bpf_jmp_imm(&cg->b, BPF_JEQ, R0, 0, missing);
		for (u32 i = 0; i < size; i += 8) {
			bpf_ldx(&cg->b, 8, R1, R0, (s16)i);
			bpf_stx(&cg->b, 8, R9, (s16)(dst + i), R1);
		}
		bpf_ja(&cg->b, end);
		bpf_label_here(&cg->b, missing);
		cg_mem_zero(cg, dst, size);
		bpf_label_here(&cg->b, end);
		return mem_val(cg, dst, &m->value);
	}
	bpf_jmp_imm(&cg->b, BPF_JEQ, R0, 0, missing);
	bpf_ldx(&cg->b, 8, R0, R0, 0);
	bpf_ja(&cg->b, end);
	bpf_label_here(&cg->b, missing);
	bpf_mov_imm(&cg->b, R0, 0);
	bpf_label_here(&cg->b, end);
	return cg_val_from(cg, R0, &e->type);
}

static int incdec(struct cg *cg, struct lang_expr *e)
{
	struct lang_expr *a = e->op.a;
	bool post = e->op.op == OP_POSTINC || e->op.op == OP_POSTDEC;
	s64 delta = (e->op.op == OP_PREINC || e->op.op == OP_POSTINC ? 1 : -1) * (s64)(e->op.scale ? e->op.scale : 1);
	int v;

	if (a->kind == E_VAR) {
		s16 fp = (s16)cg->var_fp[a->var.slot];

		bpf_ldx(&cg->b, 8, R0, R10, fp);
		bpf_mov_reg(&cg->b, R1, R0);
		bpf_alu_imm(&cg->b, BPF_ADD, R1, (s32)delta);
		bpf_stx(&cg->b, 8, R10, fp, R1);
		return cg_val_from(cg, post ? R0 : R1, &e->type);
	}
	v = cg_map_incdec(cg, a, delta, true);
	if (!post) {
		u8 r = cg_val_own_reg(cg, v);

		bpf_alu_imm(&cg->b, BPF_ADD, r, (s32)delta);
	}
	cg->v[v].type = e->type;
	return v;
}

/* ---- tuples --------------------------------------------------------------------------------- */

/* The value of type st at scratch offset src written at dst as type dt:
 * what lang_tuple_convert does, in BPF. */
static void tuple_copy(struct cg *cg, u32 dst, const struct lang_type *dt, u32 src, const struct lang_type *st)
{
	u32 dsize = cg_align8(lang_type_slot_size(dt)), ssize = cg_align8(lang_type_slot_size(st));

	if (dt->kind == LT_TUPLE && st->kind == LT_TUPLE && dt->tuple->n == st->tuple->n &&
	    !lang_type_same(dt, st)) {
		for (int i = 0; i < dt->tuple->n; i++)
			tuple_copy(cg, dst + dt->tuple->off[i], &dt->tuple->elems[i], src + st->tuple->off[i],
				   &st->tuple->elems[i]);
		return;
	}
	cg_mem_copy(cg, dst, src, MIN(ssize, dsize));
	if (ssize < dsize)
		cg_mem_zero(cg, dst + ssize, dsize - ssize);
}

void cg_tuple_into(struct cg *cg, struct lang_expr *e, u32 dst, const struct lang_type *dt)
{
	int v = cg_expr(cg, e);

	if (cg->v[v].where == CW_MEM)
		tuple_copy(cg, dst, dt, cg->v[v].mem, &e->type);
	else
		cg_fail(cg, e->loc, "this tuple cannot be compiled");
	cg_val_free(cg, v);
}

/* (a, b, ...): each element in its slot of a new scratch area. */
static int tuple_literal(struct cg *cg, struct lang_expr *e)
{
	const struct lang_tuple *tu = e->type.tuple;
	u32 off = cg_scratch(cg, e->type.size);

	for (int i = 0; i < tu->n; i++) {
		const struct lang_type *et = &tu->elems[i];
		struct lang_expr *x = e->tuple.elems[i];
		u32 dst = off + tu->off[i], slot = cg_align8(lang_type_slot_size(et));

		if (et->kind == LT_TUPLE)
			cg_tuple_into(cg, x, dst, et);
		else if (cg_is_mem_type(et))
			cg_expr_into(cg, x, dst, slot);
		else
			cg_store_val(cg, cg_expr(cg, x), dst, slot);
	}
	return mem_val(cg, off, &e->type);
}

/* t.N: the element's bytes inside the tuple's, or its integer. */
static int tuple_elem(struct cg *cg, struct lang_expr *e)
{
	int v = cg_expr(cg, e->field.base);
	u32 at;

	if (cg->v[v].where != CW_MEM) {
		cg_val_free(cg, v);
		return cg_fail(cg, e->loc, "this tuple cannot be compiled"), cg_val_imm(cg, 0);
	}
	at = cg->v[v].mem + (u32)e->field.offset;
	cg_val_free(cg, v);
	if (cg_is_mem_type(&e->type))
		return mem_val(cg, at, &e->type);
	bpf_ldx(&cg->b, 8, R0, R9, (s16)at);
	return cg_val_from(cg, R0, &e->type);
}

/* ---- the dispatcher ------------------------------------------------------------------------- */

int cg_expr(struct cg *cg, struct lang_expr *e)
{
	struct lang_loc saved = cg->b.cur;
	int v;

	if (cg->failed)
		return cg_val_imm(cg, 0);
	switch (e->kind) {
	case E_INT:
		v = cg_val_imm(cg, e->ival);
		cg->v[v].type = e->type;
		return v;
	case E_STR: {
		u32 off = cg_scratch(cg, e->type.size);

		literal_into(cg, e, off, cg_align8(e->type.size));
		return mem_val(cg, off, &e->type);
	}
	case E_BUILTIN:
		return builtin(cg, e, (u32)-1);
	case E_VAR:
		if (cg_is_mem_type(&e->type))
			return mem_val(cg, cg->var_mem[e->var.slot], &e->type);
		bpf_ldx(&cg->b, 8, R0, R10, (s16)cg->var_fp[e->var.slot]);
		return cg_val_from(cg, R0, &e->type);
	case E_MAP:
		return map_read(cg, e);
	case E_ARGS: {
		const struct lang_tp_field *f;

		if (e->args.param) {
			/* a uprobe's parameter: its argument register at the entry */
			cg_ctx(cg, R1);
			bpf_ldx(&cg->b, 8, R0, R1, (s16)bpf_regs_arg_off(e->args.param - 1));
			typed_extend(cg, R0, &e->type);
			return cg_val_from(cg, R0, &e->type);
		}
		f = field(cg, e->args.field);
		if (!f)
			return cg_fail(cg, e->loc, "%s has no field %s", cg->att->name, e->args.field), cg_val_imm(cg, 0);
		if (f->kind == TPF_INT)
			return field_int(cg, f, &e->type);
		v = mem_val(cg, cg_scratch(cg, e->type.size), &e->type);
		field_bytes_into(cg, f, cg->v[v].mem, e->type.size);
		return v;
	}
	case E_UNARY:
		if (e->op.op == OP_DEREF)
			return typed_value(cg, e);
		return unary(cg, e);
	case E_FIELD:
		if (e->field.base->type.kind == LT_TUPLE)
			return tuple_elem(cg, e);
		return typed_value(cg, e);
	case E_INDEX:
		return typed_value(cg, e);
	case E_TUPLE:
		return tuple_literal(cg, e);
	case E_BINARY:
		cg->b.cur = e->loc;
		v = binary(cg, e);
		cg->b.cur = saved;
		return v;
	case E_TERNARY:
		return ternary(cg, e);
	case E_INCDEC:
		return incdec(cg, e);
	case E_CAST:
		return cast(cg, e);
	case E_CALL:
		switch (e->call.id) {
		case F_STR:
			v = mem_val(cg, cg_scratch(cg, e->type.size), &e->type);
			cg_expr_into(cg, e, cg->v[v].mem, e->type.size);
			return v;
		case F_KSYM:
			v = cg_expr(cg, e->call.args[0]);
			cg->v[v].type = e->type;
			return v;
		case F_USYM: {
			u32 off = cg_scratch(cg, 16);
			u8 r;

			v = cg_expr(cg, e->call.args[0]);
			r = cg_val_reg(cg, v, R1);
			bpf_stx(&cg->b, 8, R9, (s16)off, r);
			cg_val_free(cg, v);
			bpf_call(&cg->b, BPF_FUNC_get_current_pid_tgid);
			bpf_alu_imm(&cg->b, BPF_RSH, R0, 32);
			bpf_stx(&cg->b, 8, R9, (s16)(off + 8), R0);
			return mem_val(cg, off, &e->type);
		}
		case F_BSWAP: case F_STRNCMP: case F_BUF: case F_NTOP: case F_STRFTIME: case F_REG:
		case F_UPTR: case F_KPTR: case F_CGROUP_PATH: case F_PTON:
			return cg_func_value(cg, e);
		default:
			break;
		}
		/* fallthrough */
	default:
		return cg_fail(cg, e->loc, "this expression cannot be compiled"), cg_val_imm(cg, 0);
	}
}
