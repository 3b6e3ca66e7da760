/* Offline DWARF unwinding of `--call-graph dwarf` samples: the user
 * registers and the copy of the user stack a sample carries, plus the
 * unwind tables (.eh_frame_hdr/.eh_frame) of the DSOs its addresses fall
 * in, through libunwind's remote API. Nothing is read from the recorded
 * process: stack memory comes from the sample, everything else from the
 * DSO files (or the ELF images a data file carries). x86-64. */
#ifndef SCRY_UNWIND_H
#define SCRY_UNWIND_H

#include <sys/types.h>

#include "util/core/event.h"
#include "util/symbols/machine.h"

struct unwind_ctx;      /* per session: the address space and per-DSO caches */

/* NULL on ENOMEM. m gives the threads' maps and the DSOs; it must outlive
 * the context. */
struct unwind_ctx *unwind_new(struct machine *m);
void unwind_free(struct unwind_ctx *u);

/* Unwind the user stack of sample s (of thread pid/tid), whose event sampled
 * the user registers in regs_mask (attr.sample_regs_user). Writes up to max
 * instruction pointers, leaf first (ips[0] = the sampled user ip), returns
 * how many (>= 1 when the sample has user regs; just the ip when it has no
 * stack copy), 0 when the sample has no user registers, -1 on error. Never reads outside the sample and the DSOs.
 * Caller frames are return addresses minus one (inside the call, so they
 * name the caller's line and symbol, as perf does); the frame interrupted
 * by a signal keeps its exact address. */
int unwind_sample(struct unwind_ctx *u, pid_t pid, pid_t tid, const struct perf_sample *s, u64 regs_mask,
		  u64 *ips, int max);

/* partial: stopped before reaching a frame without caller (the stack copy
 * was too short, a DSO had no unwind tables, max was reached). failed: not
 * even the leaf's caller was found. */
struct unwind_stats {
	u64 samples, unwound, partial, failed;
};
const struct unwind_stats *unwind_stats(const struct unwind_ctx *u);

#endif
