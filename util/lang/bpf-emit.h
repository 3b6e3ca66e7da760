/* Writing BPF instructions: a growing buffer with forward labels, map
 * relocations and the source place of every instruction (so a verifier
 * complaint about instruction N can name the statement it came from).
 *
 * The encodings follow the kernel's instruction set document
 * (Documentation/bpf/standardization/instruction-set.rst): 8-byte
 * instructions, opcode = class | size/mode or op | source, a 64-bit
 * immediate load taking two slots. */
#ifndef SCRY_LANG_BPF_EMIT_H
#define SCRY_LANG_BPF_EMIT_H

#include <linux/bpf.h>

#include "util/lang/program.h"

enum { R0, R1, R2, R3, R4, R5, R6, R7, R8, R9, R10 };

/* Sizes for loads and stores, in bytes. */
static inline u8 bpf_size(unsigned bytes)
{
	return bytes == 1 ? BPF_B : bytes == 2 ? BPF_H : bytes == 4 ? BPF_W : BPF_DW;
}

struct bpf_buf {
	struct bpf_insn *insn;
	u32 n, cap;
	struct lang_loc *loc;           /* parallel to insn */
	struct lang_loc cur;            /* the place new instructions come from */
	struct lang_reloc *relocs;
	u32 nrelocs, caprelocs;
	int *label_pos;                 /* instruction index, -1 until placed */
	int nlabels, caplabels;
	struct bpf_fixup { u32 insn; int label; } *fixups;
	int nfixups, capfixups;
	u64 helpers[4];                 /* bit per helper id called */
	bool oom;                       /* an allocation failed: the buffer is unusable */
};

void bpf_buf_init(struct bpf_buf *b);
void bpf_buf_release(struct bpf_buf *b);
/* Resolve the jumps to labels. Returns -1 if a label was never placed or
 * a jump is out of range (or memory ran out before). */
int bpf_buf_finish(struct bpf_buf *b);

void bpf_emit(struct bpf_buf *b, struct bpf_insn i);

static inline struct bpf_insn bpf_insn(u8 code, u8 dst, u8 src, s16 off, s32 imm)
{
	return (struct bpf_insn){ .code = code, .dst_reg = dst, .src_reg = src, .off = off, .imm = imm };
}

/* ALU on 64 bits: dst = dst OP src / imm (op: BPF_ADD, BPF_SUB, ...). */
static inline void bpf_alu_reg(struct bpf_buf *b, u8 op, u8 dst, u8 src)
{
	bpf_emit(b, bpf_insn(BPF_ALU64 | op | BPF_X, dst, src, 0, 0));
}
static inline void bpf_alu_imm(struct bpf_buf *b, u8 op, u8 dst, s32 imm)
{
	bpf_emit(b, bpf_insn(BPF_ALU64 | op | BPF_K, dst, 0, 0, imm));
}
/* Signed division and modulo (the instruction set's "off = 1" forms). */
static inline void bpf_alu_sreg(struct bpf_buf *b, u8 op, u8 dst, u8 src)
{
	bpf_emit(b, bpf_insn(BPF_ALU64 | op | BPF_X, dst, src, 1, 0));
}
static inline void bpf_mov_reg(struct bpf_buf *b, u8 dst, u8 src)
{
	bpf_alu_reg(b, BPF_MOV, dst, src);
}
static inline void bpf_mov_imm(struct bpf_buf *b, u8 dst, s32 imm)
{
	bpf_alu_imm(b, BPF_MOV, dst, imm);
}
/* w_dst = w_src: the low 32 bits, zero-extended. */
static inline void bpf_mov32_reg(struct bpf_buf *b, u8 dst, u8 src)
{
	bpf_emit(b, bpf_insn(BPF_ALU | BPF_MOV | BPF_X, dst, src, 0, 0));
}
static inline void bpf_neg(struct bpf_buf *b, u8 dst)
{
	bpf_emit(b, bpf_insn(BPF_ALU64 | BPF_NEG, dst, 0, 0, 0));
}

/* dst = a 64-bit constant (two slots). */
void bpf_ld_imm64(struct bpf_buf *b, u8 dst, u64 v);
/* dst = the fd of map (a program map id or enum lang_internal_map), filled
 * in at load time through a relocation. */
void bpf_ld_map(struct bpf_buf *b, u8 dst, int map);

static inline void bpf_ldx(struct bpf_buf *b, unsigned bytes, u8 dst, u8 src, s16 off)
{
	bpf_emit(b, bpf_insn(BPF_LDX | BPF_MEM | bpf_size(bytes), dst, src, off, 0));
}
static inline void bpf_stx(struct bpf_buf *b, unsigned bytes, u8 dst, s16 off, u8 src)
{
	bpf_emit(b, bpf_insn(BPF_STX | BPF_MEM | bpf_size(bytes), dst, src, off, 0));
}
static inline void bpf_st_imm(struct bpf_buf *b, unsigned bytes, u8 dst, s16 off, s32 imm)
{
	bpf_emit(b, bpf_insn(BPF_ST | BPF_MEM | bpf_size(bytes), dst, 0, off, imm));
}
/* *(u64 *)(dst + off) += src, atomically; with fetch, src gets the old value. */
static inline void bpf_atomic_add(struct bpf_buf *b, u8 dst, s16 off, u8 src, bool fetch)
{
	bpf_emit(b, bpf_insn(BPF_STX | BPF_ATOMIC | BPF_DW, dst, src, off, BPF_ADD | (fetch ? BPF_FETCH : 0)));
}

static inline void bpf_call(struct bpf_buf *b, int helper)
{
	if (helper >= 0 && helper < 256)
		b->helpers[helper / 64] |= 1ULL << (helper % 64);
	bpf_emit(b, bpf_insn(BPF_JMP | BPF_CALL, 0, 0, 0, helper));
}
static inline void bpf_exit_insn(struct bpf_buf *b)
{
	bpf_emit(b, bpf_insn(BPF_JMP | BPF_EXIT, 0, 0, 0, 0));
}

/* Labels: create, jump to (before or after placing), place. */
int bpf_label_new(struct bpf_buf *b);
void bpf_label_here(struct bpf_buf *b, int label);
/* if (dst OP imm) goto label; op: BPF_JEQ, BPF_JNE, BPF_JGT, BPF_JSGT, ... */
void bpf_jmp_imm(struct bpf_buf *b, u8 op, u8 dst, s32 imm, int label);
void bpf_jmp_reg(struct bpf_buf *b, u8 op, u8 dst, u8 src, int label);
void bpf_ja(struct bpf_buf *b, int label);

/* Print one instruction as "r1 = *(u64 *)(r10 -8)"-style text (for -v). */
struct outbuf;
void bpf_insn_print(const struct bpf_insn *insns, u32 i, struct outbuf *ob);

#endif
