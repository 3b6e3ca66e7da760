/* What codegen.c (programs, statements, maps, events) and codegen-expr.c
 * (values and expressions) share. Not for other modules. */
#ifndef SCRY_LANG_CODEGEN_PRIV_H
#define SCRY_LANG_CODEGEN_PRIV_H

#include "util/lang/bpf-emit.h"
#include "util/lang/codegen.h"

/* Where a value lives while a statement is computed. */
enum cg_where {
	CW_IMM,         /* a constant */
	CW_REG,         /* in r6..r8 (survives helper calls) */
	CW_STACK,       /* spilled to an 8-byte stack slot */
	CW_MEM,         /* bytes in the scratch value (strings, ustack, usym) */
};

struct cg_val {
	bool used;
	enum cg_where where;
	s64 imm;
	int reg;
	int fp_off;             /* CW_STACK: negative offset from r10 */
	u32 mem;                /* CW_MEM: offset in scratch */
	struct lang_type type;
	u64 age;                /* the oldest register is spilled first */
};

#define CG_MAX_VALS     128
#define CG_TEMP_REGS    3       /* r6, r7, r8 */
#define CG_FP_CTX       (-8)    /* the saved context */
#define CG_FP_ZERO_KEY  (-16)   /* a u32 0: the key of arrays with one element */
#define CG_FP_ERR_KEY   (-24)   /* the index of an error counter */
#define CG_FP_VARS      (-32)   /* integer variables downwards from here, then spill slots */
#define CG_STACK_MAX    512
#define CG_SCRATCH_MAX  32760   /* the kernel's limit for a per-CPU value, less one slot */

struct cg {
	struct lang_program *p;
	const struct lang_codegen_opts *o;
	struct lang_block *blk;
	int block_idx;
	const struct lang_attach *att;  /* the first attachment of this program (its fields) */
	int prog_idx;
	int nattach;                    /* attachments that run this program */
	enum lang_probe_type ptype;
	bool user_ptrs;                 /* str(p) of an argument reads user memory */
	bool at_func_entry;             /* every attachment is at a function's first instruction */
	struct bpf_buf b;
	int out_label;                  /* the program's end */
	bool prints;                    /* printf/time/print(value) records are sent */
	bool dead;                      /* what follows cannot run (after exit()): emit nothing,
	                                 * the verifier refuses unreachable instructions */
	/* the stack frame */
	int var_fp[64];                 /* integer variables: r10 offsets */
	u32 var_mem[64];                /* other variables: scratch offsets */
	bool slot_used[CG_STACK_MAX / 8];
	int nslots_fixed;               /* slots taken by ctx, the zero key and variables */
	/* temporaries */
	struct cg_val v[CG_MAX_VALS];
	int reg_owner[CG_TEMP_REGS];    /* val index in r6+i, or -1 */
	u64 clock;
	/* scratch */
	u32 zero_size;                  /* [LANG_SCRATCH_ZERO, + zero_size) stays zero */
	u32 scratch_top, scratch_max;
	char *err;
	size_t errlen;
	int failed;
};

int cg_fail(struct cg *cg, struct lang_loc loc, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Values (codegen-expr.c). */
int cg_val_new(struct cg *cg, const struct lang_type *t);
void cg_val_free(struct cg *cg, int v);
int cg_val_imm(struct cg *cg, s64 imm);
/* A register holding v's value for the next instruction: its own register,
 * or tmp (r0..r5) loaded from the constant or the stack. */
u8 cg_val_reg(struct cg *cg, int v, u8 tmp);
/* Move v into a temporary register of its own (r6..r8) and return it. */
u8 cg_val_own_reg(struct cg *cg, int v);
/* A new value in a temporary register, initialised from src (r0..r5). */
int cg_val_from(struct cg *cg, u8 src, const struct lang_type *t);
/* Spill every temporary register: before code that not every path runs. */
void cg_spill_all(struct cg *cg);
int cg_stack_slot(struct cg *cg);
void cg_stack_slot_free(struct cg *cg, int fp_off);

/* Scratch memory. */
u32 cg_scratch(struct cg *cg, u32 size);
static inline u32 cg_align8(u32 n) { return (n + 7) & ~7u; }
void cg_mem_zero(struct cg *cg, u32 off, u32 size);
/* A tracepoint field's bytes (char name[N]) from the record into scratch
 * dst, at most size bytes, in aligned loads. */
struct lang_tp_field;
void cg_field_raw_into(struct cg *cg, const struct lang_tp_field *f, u32 dst, u32 size);
void cg_mem_copy(struct cg *cg, u32 dst, u32 src, u32 size);
/* r_dst = r9 + off: a pointer into scratch for a helper. */
void cg_mem_ptr(struct cg *cg, u8 dst, u32 off);
/* Load the saved context into r. */
void cg_ctx(struct cg *cg, u8 r);

/* Expressions. */
int cg_expr(struct cg *cg, struct lang_expr *e);
/* A value that occupies memory (a string...) written at dst in scratch. */
void cg_expr_into(struct cg *cg, struct lang_expr *e, u32 dst, u32 size);
/* Store value v (of type t) as a key field / record field of size bytes at
 * scratch offset dst. Frees v. */
void cg_store_val(struct cg *cg, int v, u32 dst, u32 size);
bool cg_is_mem_type(const struct lang_type *t);
/* A tuple-valued e written at scratch offset dst as a value of type dt
 * (a variable's or a map's type, which may hold longer strings). */
void cg_tuple_into(struct cg *cg, struct lang_expr *e, u32 dst, const struct lang_type *dt);

/* Bump errors[idx] (per-CPU counter). */
void cg_count_error(struct cg *cg, int idx);
/* Stacks: the id in r0 after bpf_get_stackid. */
void cg_stack_id(struct cg *cg, bool user);

/* Which memory pointer p points into (uptr()/kptr() say so themselves). */
bool cg_reads_user(struct cg *cg, const struct lang_expr *p);
/* The later functions (codegen-funcs.c): bswap, strncmp, buf, ntop,
 * strftime, reg, uptr, kptr as values; join's strings into a record's
 * payload at scratch offset dst. */
int cg_func_value(struct cg *cg, struct lang_expr *e);
void cg_func_join(struct cg *cg, struct lang_expr *e, u32 dst);

/* Maps (codegen.c). */
/* Build the key of a map element in scratch; returns its offset, or
 * (u32)-1 for a map without keys (the key is at r10 + CG_FP_ZERO_KEY). */
u32 cg_map_key(struct cg *cg, const struct lang_map *m, struct lang_expr **keys, int nkeys);
/* r2 = a pointer to the key built by cg_map_key. */
void cg_key_ptr(struct cg *cg, u32 key, u8 r);
/* @m[k] += delta atomically (the element made when missing); the value
 * before the update when want_old. */
int cg_map_incdec(struct cg *cg, struct lang_expr *target, s64 delta, bool want_old);

#endif
