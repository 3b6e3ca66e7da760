/* x86-64 registers for the DWARF unwinder: DWARF register numbers (which
 * are libunwind's UNW_X86_64_* numbers) to perf's PERF_REG_X86_* bits, and
 * reading one register out of a sample's PERF_SAMPLE_REGS_USER block. */
#ifndef SCRY_ARCH_UNWIND_REGS_H
#define SCRY_ARCH_UNWIND_REGS_H

#include "util/types.h"

/* DWARF register numbers the unwinder asks for most. */
#define ARCH_DWARF_REG_SP 7
#define ARCH_DWARF_REG_IP 16

/* The PERF_REG_X86_* bit of DWARF register dwarf_reg (0 rax, 1 rdx, 2 rcx,
 * 3 rbx, 4 rsi, 5 rdi, 6 rbp, 7 rsp, 8..15 r8..r15, 16 rip), or -1 for a
 * register perf does not sample (vector, x87, segment registers). */
int arch_dwarf_to_perf_reg(int dwarf_reg);

/* The value of perf register bit in a sample's register block regs, which
 * holds one u64 per set bit of mask (attr.sample_regs_user), lowest bit
 * first. False when the bit is not in mask. */
bool perf_regs_value(const u64 *regs, u64 mask, int bit, u64 *val);

#endif
