/* x86-64 registers as perf samples them (PERF_SAMPLE_REGS_USER): which to
 * ask for, and their names. */
#ifndef SCRY_ARCH_PERF_REGS_H
#define SCRY_ARCH_PERF_REGS_H

#include "util/types.h"

/* The general-purpose registers, instruction and stack pointers, flags;
 * not the segment registers (what perf asks for with --call-graph dwarf). */
u64 arch_perf_regs_mask(void);

#endif
