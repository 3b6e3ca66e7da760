/* x86-64 DWARF register numbers (System V psABI, figure 3.36) and the names
 * tracefs fetch arguments use for them, and the registers the first
 * integer arguments of a function arrive in. */
#ifndef SCRY_ARCH_DWARF_REGS_H
#define SCRY_ARCH_DWARF_REGS_H

/* "%ax", "%r8", "%ip" (16 is the return address column); NULL for numbers
 * that are not general-purpose registers (SSE, x87...). */
const char *dwarf_reg_tracefs_name(unsigned regno);

/* The register of the n-th (0-based) integer argument, "%di" ... "%r9";
 * NULL past the sixth. */
const char *arch_arg_reg(unsigned n);

/* Whether name (without '%') is a register tracefs knows on x86-64. */
int arch_reg_valid(const char *name);

#endif
