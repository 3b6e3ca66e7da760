#include "arch/x86/perf-regs.h"

#include <asm/perf_regs.h>

u64 arch_perf_regs_mask(void)
{
	u64 all = (1ull << PERF_REG_X86_64_MAX) - 1;

	return all & ~((1ull << PERF_REG_X86_DS) | (1ull << PERF_REG_X86_ES) | (1ull << PERF_REG_X86_FS) |
		       (1ull << PERF_REG_X86_GS));
}
