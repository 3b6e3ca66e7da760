/* The BPF instruction buffer (see bpf-emit.h). */
#include "util/lang/bpf-emit.h"

#include <stdlib.h>
#include <string.h>

#include "util/outbuf.h"

void bpf_buf_init(struct bpf_buf *b)
{
	memset(b, 0, sizeof(*b));
}

void bpf_buf_release(struct bpf_buf *b)
{
	free(b->insn);
	free(b->loc);
	free(b->relocs);
	free(b->label_pos);
	free(b->fixups);
	memset(b, 0, sizeof(*b));
}

/* Grow *p (of *cap elements of size sz) to hold n + 1. */
static bool grow(void **p, u32 *cap, u32 n, size_t sz)
{
	void *q;
	u32 c;

	if (n < *cap)
		return true;
	c = *cap ? *cap * 2 : 256;
	q = realloc(*p, c * sz);
	if (!q)
		return false;
	*p = q;
	*cap = c;
	return true;
}

void bpf_emit(struct bpf_buf *b, struct bpf_insn i)
{
	if (b->oom)
		return;
	if (b->n == b->cap) {
		u32 cap = b->cap ? 2 * b->cap : 256;
		struct bpf_insn *in = realloc(b->insn, cap * sizeof(*in));
		struct lang_loc *loc;

		if (!in) {
			b->oom = true;
			return;
		}
		b->insn = in;
		loc = realloc(b->loc, cap * sizeof(*loc));
		if (!loc) {
			b->oom = true;
			return;
		}
		b->loc = loc;
		b->cap = cap;
	}
	b->insn[b->n] = i;
	b->loc[b->n] = b->cur;
	b->n++;
}

void bpf_ld_imm64(struct bpf_buf *b, u8 dst, u64 v)
{
	bpf_emit(b, bpf_insn(BPF_LD | BPF_DW | BPF_IMM, dst, 0, 0, (s32)(u32)v));
	bpf_emit(b, bpf_insn(0, 0, 0, 0, (s32)(u32)(v >> 32)));
}

void bpf_ld_map(struct bpf_buf *b, u8 dst, int map)
{
	if (b->oom)
		return;
	if (!grow((void **)&b->relocs, &b->caprelocs, b->nrelocs, sizeof(*b->relocs))) {
		b->oom = true;
		return;
	}
	b->relocs[b->nrelocs++] = (struct lang_reloc){ .insn = b->n, .map = map };
	bpf_emit(b, bpf_insn(BPF_LD | BPF_DW | BPF_IMM, dst, BPF_PSEUDO_MAP_FD, 0, 0));
	bpf_emit(b, bpf_insn(0, 0, 0, 0, 0));
}

int bpf_label_new(struct bpf_buf *b)
{
	u32 cap = (u32)b->caplabels;

	if (b->oom)
		return 0;
	if (!grow((void **)&b->label_pos, &cap, (u32)b->nlabels, sizeof(*b->label_pos))) {
		b->oom = true;
		return 0;
	}
	b->caplabels = (int)cap;
	b->label_pos[b->nlabels] = -1;
	return b->nlabels++;
}

void bpf_label_here(struct bpf_buf *b, int label)
{
	if (!b->oom)
		b->label_pos[label] = (int)b->n;
}

static void jump(struct bpf_buf *b, struct bpf_insn i, int label)
{
	u32 cap = (u32)b->capfixups;

	if (b->oom)
		return;
	if (!grow((void **)&b->fixups, &cap, (u32)b->nfixups, sizeof(*b->fixups))) {
		b->oom = true;
		return;
	}
	b->capfixups = (int)cap;
	b->fixups[b->nfixups++] = (struct bpf_fixup){ .insn = b->n, .label = label };
	bpf_emit(b, i);
}

void bpf_jmp_imm(struct bpf_buf *b, u8 op, u8 dst, s32 imm, int label)
{
	jump(b, bpf_insn(BPF_JMP | op | BPF_K, dst, 0, 0, imm), label);
}

void bpf_jmp_reg(struct bpf_buf *b, u8 op, u8 dst, u8 src, int label)
{
	jump(b, bpf_insn(BPF_JMP | op | BPF_X, dst, src, 0, 0), label);
}

void bpf_ja(struct bpf_buf *b, int label)
{
	jump(b, bpf_insn(BPF_JMP | BPF_JA, 0, 0, 0, 0), label);
}

int bpf_buf_finish(struct bpf_buf *b)
{
	if (b->oom)
		return -1;
	for (int i = 0; i < b->nfixups; i++) {
		const struct bpf_fixup *f = &b->fixups[i];
		long rel;

		if (b->label_pos[f->label] < 0)
			return -1;
		rel = (long)b->label_pos[f->label] - (long)f->insn - 1;
		if (rel < INT16_MIN || rel > INT16_MAX)
			return -1;
		b->insn[f->insn].off = (s16)rel;
	}
	b->nfixups = 0;
	return 0;
}

/* ---- printing, for -v ------------------------------------------------------------ */

static const char *alu_op(u8 op)
{
	switch (op) {
	case BPF_ADD: return "+=";
	case BPF_SUB: return "-=";
	case BPF_MUL: return "*=";
	case BPF_DIV: return "/=";
	case BPF_OR: return "|=";
	case BPF_AND: return "&=";
	case BPF_LSH: return "<<=";
	case BPF_RSH: return ">>=";
	case BPF_MOD: return "%=";
	case BPF_XOR: return "^=";
	case BPF_MOV: return "=";
	case BPF_ARSH: return "s>>=";
	default: return "?=";
	}
}

static const char *jmp_op(u8 op)
{
	switch (op) {
	case BPF_JEQ: return "==";
	case BPF_JGT: return ">";
	case BPF_JGE: return ">=";
	case BPF_JSET: return "&";
	case BPF_JNE: return "!=";
	case BPF_JSGT: return "s>";
	case BPF_JSGE: return "s>=";
	case BPF_JLT: return "<";
	case BPF_JLE: return "<=";
	case BPF_JSLT: return "s<";
	case BPF_JSLE: return "s<=";
	default: return "?";
	}
}

static const char *size_name(u8 sz)
{
	return sz == BPF_B ? "u8" : sz == BPF_H ? "u16" : sz == BPF_W ? "u32" : "u64";
}

void bpf_insn_print(const struct bpf_insn *insns, u32 i, struct outbuf *ob)
{
	const struct bpf_insn *in = &insns[i];
	u8 cls = BPF_CLASS(in->code);

	switch (cls) {
	case BPF_ALU64:
	case BPF_ALU: {
		const char *w = cls == BPF_ALU ? "w" : "r";

		if (BPF_OP(in->code) == BPF_NEG) {
			outbuf_printf(ob, "%s%d = -%s%d", w, in->dst_reg, w, in->dst_reg);
			break;
		}
		if (BPF_SRC(in->code) == BPF_X)
			outbuf_printf(ob, "%s%d %s%s %s%d", w, in->dst_reg, in->off == 1 ? "s" : "",
				      alu_op(BPF_OP(in->code)), w, in->src_reg);
		else
			outbuf_printf(ob, "%s%d %s %d", w, in->dst_reg, alu_op(BPF_OP(in->code)), in->imm);
		break;
	}
	case BPF_LD:
		if (in->src_reg == BPF_PSEUDO_MAP_FD)
			outbuf_printf(ob, "r%d = map[fd %d] ll", in->dst_reg, in->imm);
		else
			outbuf_printf(ob, "r%d = 0x%llx ll", in->dst_reg,
				      (unsigned long long)((u64)(u32)in->imm | ((u64)(u32)in[1].imm << 32)));
		break;
	case BPF_LDX:
		outbuf_printf(ob, "r%d = *(%s *)(r%d %+d)", in->dst_reg, size_name(BPF_SIZE(in->code)),
			      in->src_reg, in->off);
		break;
	case BPF_ST:
		outbuf_printf(ob, "*(%s *)(r%d %+d) = %d", size_name(BPF_SIZE(in->code)), in->dst_reg, in->off,
			      in->imm);
		break;
	case BPF_STX:
		if (BPF_MODE(in->code) == BPF_ATOMIC)
			outbuf_printf(ob, "lock *(%s *)(r%d %+d) += r%d%s", size_name(BPF_SIZE(in->code)),
				      in->dst_reg, in->off, in->src_reg, in->imm & BPF_FETCH ? " (fetch)" : "");
		else
			outbuf_printf(ob, "*(%s *)(r%d %+d) = r%d", size_name(BPF_SIZE(in->code)), in->dst_reg,
				      in->off, in->src_reg);
		break;
	case BPF_JMP:
	case BPF_JMP32:
		if (BPF_OP(in->code) == BPF_CALL)
			outbuf_printf(ob, "call %d", in->imm);
		else if (BPF_OP(in->code) == BPF_EXIT)
			outbuf_puts(ob, "exit");
		else if (BPF_OP(in->code) == BPF_JA)
			outbuf_printf(ob, "goto %+d", in->off);
		else if (BPF_SRC(in->code) == BPF_X)
			outbuf_printf(ob, "if r%d %s r%d goto %+d", in->dst_reg, jmp_op(BPF_OP(in->code)), in->src_reg,
				      in->off);
		else
			outbuf_printf(ob, "if r%d %s %d goto %+d", in->dst_reg, jmp_op(BPF_OP(in->code)), in->imm,
				      in->off);
		break;
	default:
		outbuf_printf(ob, "(code 0x%02x)", in->code);
		break;
	}
}
