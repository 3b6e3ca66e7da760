/* x86-64 DWARF register numbers -> tracefs register names. */
#include "arch/x86/dwarf-regs.h"

#include <string.h>

#include "util/types.h"

/* Indexed by DWARF register number (psABI): note the order is not the
 * hardware encoding (1 is rdx, 2 rcx, 4 rsi, 5 rdi). */
static const char *const dwarf_regs[] = {
	"%ax", "%dx", "%cx", "%bx", "%si", "%di", "%bp", "%sp",
	"%r8", "%r9", "%r10", "%r11", "%r12", "%r13", "%r14", "%r15",
	"%ip",
};

static const char *const arg_regs[] = { "%di", "%si", "%dx", "%cx", "%r8", "%r9" };

/* What the kernel's regs_query_register_offset() accepts on x86-64. */
static const char *const tracefs_regs[] = {
	"ax", "bx", "cx", "dx", "si", "di", "bp", "sp", "ip", "flags", "orig_ax",
	"r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15",
	"cs", "ss", "ds", "es", "fs", "gs",
};

const char *dwarf_reg_tracefs_name(unsigned regno)
{
	return regno < ARRAY_SIZE(dwarf_regs) ? dwarf_regs[regno] : NULL;
}

const char *arch_arg_reg(unsigned n)
{
	return n < ARRAY_SIZE(arg_regs) ? arg_regs[n] : NULL;
}

int arch_reg_valid(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(tracefs_regs); i++)
		if (!strcmp(name, tracefs_regs[i]))
			return 1;
	return 0;
}
