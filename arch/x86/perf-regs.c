#include "arch/x86/perf-regs.h"

#include <asm/perf_regs.h>

static const char *const names[PERF_REG_X86_64_MAX] = {
	[PERF_REG_X86_AX] = "ax", [PERF_REG_X86_BX] = "bx", [PERF_REG_X86_CX] = "cx",
	[PERF_REG_X86_DX] = "dx", [PERF_REG_X86_SI] = "si", [PERF_REG_X86_DI] = "di",
	[PERF_REG_X86_BP] = "bp", [PERF_REG_X86_SP] = "sp", [PERF_REG_X86_IP] = "ip",
	[PERF_REG_X86_FLAGS] = "flags", [PERF_REG_X86_CS] = "cs", [PERF_REG_X86_SS] = "ss",
	[PERF_REG_X86_DS] = "ds", [PERF_REG_X86_ES] = "es", [PERF_REG_X86_FS] = "fs",
	[PERF_REG_X86_GS] = "gs", [PERF_REG_X86_R8] = "r8", [PERF_REG_X86_R9] = "r9",
	[PERF_REG_X86_R10] = "r10", [PERF_REG_X86_R11] = "r11", [PERF_REG_X86_R12] = "r12",
	[PERF_REG_X86_R13] = "r13", [PERF_REG_X86_R14] = "r14", [PERF_REG_X86_R15] = "r15",
};

u64 arch_perf_regs_mask(void)
{
	u64 all = (1ull << PERF_REG_X86_64_MAX) - 1;

	return all & ~((1ull << PERF_REG_X86_DS) | (1ull << PERF_REG_X86_ES) | (1ull << PERF_REG_X86_FS) |
		       (1ull << PERF_REG_X86_GS));
}

const char *arch_perf_reg_name(int bit)
{
	if (bit < 0 || bit >= PERF_REG_X86_64_MAX)
		return NULL;
	return names[bit];
}
