/* The frames of one sample, resolved: where the sample hit and who called
 * it, leaf first, from its frame-pointer callchain or, for a --call-graph
 * dwarf sample, the kernel part of its callchain and the user stack unwound
 * offline (util/symbols/unwind.h); and each frame's map, DSO and symbol.
 *
 * A profile hits the same few thousand addresses millions of times: what an
 * address resolves to is kept in a cache keyed by the address space (a
 * process's maps, or the kernel's) and the address. An entry holds while
 * those maps do not change: the machine gives maps a new generation at
 * every change (MMAP into them, exec), so the cache never needs telling.
 * One context per session (report, script, the language's offline
 * runtime); it keeps no global state. */
#ifndef SCRY_SAMPLE_CHAIN_H
#define SCRY_SAMPLE_CHAIN_H

#include "util/core/event.h"
#include "util/symbols/machine.h"
#include "util/symbols/unwind.h"

/* A record is at most 65535 bytes: no callchain has more entries. */
#define SAMPLE_CHAIN_MAX 8192

struct sample_frame {
	u64 ip;
	u16 cpumode;            /* PERF_RECORD_MISC_KERNEL, _USER, ...: where ip is */
};

struct sample_chain_slot;

struct sample_chain {
	struct machine *machine;
	struct unwind_ctx *unwind;      /* made at the first --call-graph dwarf sample */
	u64 *unwound;                   /* scratch for the unwinder's ips */
	struct sample_chain_slot *cache;
};

/* m must outlive the context. -1 on ENOMEM. */
int sample_chain_init(struct sample_chain *c, struct machine *m);
void sample_chain_release(struct sample_chain *c);

/* The frames of sample s (whose event sampled the user registers in
 * regs_user, attr.sample_regs_user; cpumode is the sample's), leaf first,
 * at most max (<= SAMPLE_CHAIN_MAX) into frames:
 *  - with unwind, for a sample that has user registers and a copy of the
 *    user stack (--call-graph dwarf): the frames of its callchain before
 *    PERF_CONTEXT_USER (the kernel's), then up to max_user user frames
 *    unwound from the stack copy (or, when the unwinder finds none, the
 *    rest of the callchain as recorded);
 *  - otherwise: the frames of its callchain.
 * The PERF_CONTEXT_* markers of a callchain are not frames: they set the
 * cpumode of the frames after them. Returns the number of frames; 0 when
 * the sample has no callchain (its ip is the one frame to show then). */
size_t sample_chain_frames(struct sample_chain *c, const struct perf_sample *s, u64 regs_user, u16 cpumode,
			   bool unwind, struct sample_frame *frames, size_t max, size_t max_user);

/* What ip (in cpumode) of a sample of thread th is: th is the sample's
 * thread (machine_thread(pid, tid)), NULL for a sample whose tid is -1.
 * al is as machine_resolve fills it; al->map is only valid as "a map
 * covers ip" (non-NULL) until the next record changes the maps. */
void sample_chain_resolve(struct sample_chain *c, const struct perf_sample *s, struct thread *th, u64 ip,
			  u16 cpumode, struct addr_location *al);

/* The unwinder's counts, NULL when no sample needed unwinding. */
const struct unwind_stats *sample_chain_unwind_stats(const struct sample_chain *c);

#endif
