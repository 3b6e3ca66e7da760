#include "util/symbols/sample-chain.h"

#include <stdlib.h>
#include <string.h>

/* Direct-mapped by (address space, ip). */
#define CACHE_BITS 14
#define CACHE_SLOTS (1u << CACHE_BITS)

/* One cache line: a hit costs one memory access. */
struct sample_chain_slot {
	const struct maps *space;       /* the maps looked in (a process's, or the kernel's) */
	u64 ip;
	u64 gen;                        /* space->gen when resolved */
	/* what ip resolved to (struct addr_location without the thread) */
	struct map *map;
	struct dso *dso;
	const struct symbol *sym;
	u64 addr;
	u16 cpumode;
	bool kernel;
} __attribute__((aligned(64)));

int sample_chain_init(struct sample_chain *c, struct machine *m)
{
	memset(c, 0, sizeof(*c));
	c->machine = m;
	c->cache = aligned_alloc(64, CACHE_SLOTS * sizeof(*c->cache));
	if (c->cache)
		memset(c->cache, 0, CACHE_SLOTS * sizeof(*c->cache));
	c->unwound = malloc(SAMPLE_CHAIN_MAX * sizeof(*c->unwound));
	if (!c->cache || !c->unwound) {
		sample_chain_release(c);
		return -1;
	}
	return 0;
}

void sample_chain_release(struct sample_chain *c)
{
	unwind_free(c->unwind);
	free(c->unwound);
	free(c->cache);
	memset(c, 0, sizeof(*c));
}

const struct unwind_stats *sample_chain_unwind_stats(const struct sample_chain *c)
{
	return c->unwind ? unwind_stats(c->unwind) : NULL;
}

/* The frames of callchain entries [from, to) after the markers, appended. */
static size_t add_callchain(const struct perf_sample *s, u64 from, u64 to, u16 *mode, struct sample_frame *frames,
			    size_t n, size_t max)
{
	for (u64 i = from; i < to && n < max; i++) {
		if (callchain_context(s->callchain[i], mode))
			continue;
		frames[n].ip = s->callchain[i];
		frames[n++].cpumode = *mode;
	}
	return n;
}

size_t sample_chain_frames(struct sample_chain *c, const struct perf_sample *s, u64 regs_user, u16 cpumode,
			   bool unwind, struct sample_frame *frames, size_t max, size_t max_user)
{
	u16 mode = cpumode;
	u64 user = 0;
	size_t n;
	int got = 0;

	if (max > SAMPLE_CHAIN_MAX)
		max = SAMPLE_CHAIN_MAX;
	if (!unwind || !s->user_regs_abi || !s->user_stack_size)
		return add_callchain(s, 0, s->callchain_nr, &mode, frames, 0, max);
	/* --call-graph dwarf: the kernel part of the chain, then the user
	 * stack unwound from the sample's registers and stack. */
	while (user < s->callchain_nr && s->callchain[user] != PERF_CONTEXT_USER)
		user++;
	n = add_callchain(s, 0, user, &mode, frames, 0, max);
	max_user = MIN(MIN(max_user, max - n), (size_t)SAMPLE_CHAIN_MAX);
	if (max_user && (c->unwind || (c->unwind = unwind_new(c->machine))))
		got = unwind_sample(c->unwind, (pid_t)s->pid, (pid_t)s->tid, s, regs_user, c->unwound, (int)max_user);
	if (got <= 0)
		return add_callchain(s, user, s->callchain_nr, &mode, frames, n, max);
	for (int i = 0; i < got && n < max; i++) {
		frames[n].ip = c->unwound[i];
		frames[n++].cpumode = PERF_RECORD_MISC_USER;
	}
	return n;
}

void sample_chain_resolve(struct sample_chain *c, const struct perf_sample *s, struct thread *th, u64 ip,
			  u16 cpumode, struct addr_location *al)
{
	bool kernel = cpumode == PERF_RECORD_MISC_KERNEL || cpumode == PERF_RECORD_MISC_GUEST_KERNEL;
	const struct maps *space = kernel ? &c->machine->kmaps : th ? th->maps : NULL;
	u64 h = (ip ^ (ip >> 17) ^ ((u64)(uintptr_t)space >> 4)) * 0x9e3779b97f4a7c15ULL;
	struct sample_chain_slot *slot = &c->cache[h >> (64 - CACHE_BITS)];

	if (space && slot->space == space && slot->ip == ip && slot->cpumode == cpumode && slot->gen == space->gen) {
		al->thread = th;
		al->map = slot->map;
		al->dso = slot->dso;
		al->sym = slot->sym;
		al->addr = slot->addr;
		al->symoff = slot->sym ? slot->addr - slot->sym->start : 0;
		al->kernel = slot->kernel;
		return;
	}
	machine_resolve(c->machine, (pid_t)s->pid, (pid_t)s->tid, ip, cpumode, al);
	/* Resolving loads symbols, never changes maps: space->gen still holds. */
	if (space) {
		slot->space = space;
		slot->ip = ip;
		slot->cpumode = cpumode;
		slot->gen = space->gen;
		slot->map = al->map;
		slot->dso = al->dso;
		slot->sym = al->sym;
		slot->addr = al->addr;
		slot->kernel = al->kernel;
	}
}
