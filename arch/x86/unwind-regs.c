#include "arch/x86/unwind-regs.h"

#include <asm/perf_regs.h>
#include <string.h>

/* DWARF numbering (System V x86-64 psABI, figure 3.36) -> perf's. A table,
 * because the two orders differ (DWARF: rax rdx rcx rbx; perf: ax bx cx dx). */
static const signed char dwarf_to_perf[] = {
	[0] = PERF_REG_X86_AX,   [1] = PERF_REG_X86_DX,   [2] = PERF_REG_X86_CX,   [3] = PERF_REG_X86_BX,
	[4] = PERF_REG_X86_SI,   [5] = PERF_REG_X86_DI,   [6] = PERF_REG_X86_BP,   [7] = PERF_REG_X86_SP,
	[8] = PERF_REG_X86_R8,   [9] = PERF_REG_X86_R9,   [10] = PERF_REG_X86_R10, [11] = PERF_REG_X86_R11,
	[12] = PERF_REG_X86_R12, [13] = PERF_REG_X86_R13, [14] = PERF_REG_X86_R14, [15] = PERF_REG_X86_R15,
	[16] = PERF_REG_X86_IP,
};

int arch_dwarf_to_perf_reg(int dwarf_reg)
{
	if (dwarf_reg < 0 || (size_t)dwarf_reg >= ARRAY_SIZE(dwarf_to_perf))
		return -1;
	return dwarf_to_perf[dwarf_reg];
}

bool perf_regs_value(const u64 *regs, u64 mask, int bit, u64 *val)
{
	if (!regs || bit < 0 || bit >= 64 || !(mask & (1ull << bit)))
		return false;
	/* The block holds the set bits of mask in order: this register's
	 * index is the number of set bits below it. Copied: a record in a
	 * file need not be aligned. */
	memcpy(val, &regs[__builtin_popcountll(mask & ((1ull << bit) - 1))], sizeof(*val));
	return true;
}
