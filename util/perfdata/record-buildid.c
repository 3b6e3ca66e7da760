#include "util/perfdata/record-buildid.h"

#include <stdlib.h>
#include <string.h>

#include "util/symbols/kallsyms.h"
#include "util/symbols/symbol-elf.h"

void buildid_tracker_init(struct buildid_tracker *t)
{
	memset(t, 0, sizeof(*t));
	machine_init(&t->machine);
	/* A sample can be read after its thread's EXIT (rings are read
	 * cpu by cpu): exited threads are kept a while, then freed. */
	machine_reap_exited(&t->machine, 2 * 1000000000ULL);
	hashmap_init(&t->hit);
	hashmap_init(&t->kaddrs);
}

void buildid_tracker_free(struct buildid_tracker *t)
{
	hashmap_free(&t->hit);
	hashmap_free(&t->kaddrs);
	machine_free(&t->machine);
}

static void mark(struct buildid_tracker *t, pid_t pid, pid_t tid, u64 ip, u16 cpumode)
{
	struct map *map;

	/* A sample can say "user" for an address in the kernel half (taken
	 * on the way in or out of the kernel): report names it from the
	 * kernel's symbols, so those are carried for it too. */
	if (cpumode == PERF_RECORD_MISC_KERNEL || cpumode == PERF_RECORD_MISC_GUEST_KERNEL ||
	    (ip >> 63)) {
		t->kernel_hit = true;
		if (!t->kaddrs_oom && hashmap_put(&t->kaddrs, ip, (void *)1))
			t->kaddrs_oom = true;
		return;
	}
	map = machine_find_map(&t->machine, pid, tid, ip, cpumode);
	if (map && map->dso)
		hashmap_put(&t->hit, (u64)(uintptr_t)map->dso, map->dso);
}

/* A --call-graph dwarf sample's callers are known only once unwound
 * (offline): every word of its stack copy that points into a mapped DSO
 * may be a return address there, so that DSO's tables are carried. Words
 * outside the span of the maps (stack pointers, small numbers) cost one
 * comparison each. */
static void scan_stack(struct buildid_tracker *t, const struct perf_sample *s)
{
	struct thread *th = machine_thread(&t->machine, (pid_t)s->pid, (pid_t)s->tid);
	const struct maps *ms = th ? th->maps : NULL;
	const struct dso *last = NULL;
	u64 lo, hi;

	if (!ms || !ms->nr)
		return;
	lo = ms->v[0].start;
	hi = ms->v[ms->nr - 1].end;
	for (u64 off = 0; off + 8 <= s->user_stack_size; off += 8) {
		const struct map *map;
		u64 w;

		memcpy(&w, (const u8 *)s->user_stack + off, 8);
		if (w - lo >= hi - lo || !(map = maps_find(ms, w)) || !map->dso || map->dso == last)
			continue;
		last = map->dso;
		if (map->dso->kind == DSO_USER || map->dso->kind == DSO_VDSO)
			hashmap_put(&t->hit, (u64)(uintptr_t)map->dso, map->dso);
	}
}

void buildid_track(struct buildid_tracker *t, const struct perf_event_header *h, const struct perf_sample *s)
{
	u16 cpumode = h->misc & PERF_RECORD_MISC_CPUMODE_MASK;

	if (!s) {
		machine_process(&t->machine, h);
		return;
	}
	mark(t, (pid_t)s->pid, (pid_t)s->tid, s->ip, cpumode);
	/* Callchain frames hit DSOs too. */
	for (u64 i = 0; i < s->callchain_nr; i++) {
		u64 ip = s->callchain[i];
		if (callchain_context(ip, &cpumode))
			continue;
		mark(t, (pid_t)s->pid, (pid_t)s->tid, ip, cpumode);
	}
	if (s->user_stack && s->user_stack_size)
		scan_stack(t, s);
}

void buildid_track_all(struct buildid_tracker *t)
{
	for (size_t i = 0; i < t->machine.dsos.nr; i++) {
		struct dso *dso = t->machine.dsos.all[i];
		if (dso->kind == DSO_USER)
			hashmap_put(&t->hit, (u64)(uintptr_t)dso, dso);
	}
}

static void add_entry(struct data_header *h, s32 pid, u16 misc, const u8 *id, int size, const char *path)
{
	struct build_id_entry *n = realloc(h->build_ids, (h->nr_build_ids + 1) * sizeof(*n));

	if (!n)
		return;
	h->build_ids = n;
	n = &h->build_ids[h->nr_build_ids];
	memset(n, 0, sizeof(*n));
	n->pid = pid;
	n->misc = misc;
	n->size = (u8)size;
	memcpy(n->id, id, (size_t)size);
	n->filename = strdup(path);
	if (!n->filename)
		return;
	h->nr_build_ids++;
}

void buildid_fill_header(struct buildid_tracker *t, struct data_header *h)
{
	size_t it = 0;
	void *v;
	u8 id[20];
	int n;

	if (t->kernel_hit && (n = kallsyms_kernel_build_id(id)) > 0)
		add_entry(h, -1, PERF_RECORD_MISC_KERNEL, id, n, "[kernel.kallsyms]");
	while (hashmap_next(&t->hit, &it, NULL, &v)) {
		struct dso *dso = v;
		if (dso->kind != DSO_USER)
			continue;
		n = dso->build_id_size ? dso->build_id_size : elf_build_id(dso->path, id);
		if (dso->build_id_size)
			memcpy(id, dso->build_id, dso->build_id_size);
		if (n > 0)
			add_entry(h, -1, PERF_RECORD_MISC_USER, id, n, dso->path);
	}
	if (h->nr_build_ids)
		data_header_set(h, FEAT_BUILD_ID);
}
