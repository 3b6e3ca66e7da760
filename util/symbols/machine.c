/* The process model: threads keyed by tid, address maps per process
 * (shared by its threads, copied by fork, emptied by exec), kernel and
 * module maps, and the lookup from a sampled ip to DSO and symbol.
 *
 * Records arrive in time order, and samples can follow a thread's EXIT
 * (they were taken before it but sorted after, or the pid is reused), so
 * threads are kept after they exit and replaced by the next FORK of the tid. */
#include "util/symbols/machine.h"

#include <stdlib.h>
#include <string.h>

#include "util/symbols/kallsyms.h"

#define KERNEL_DSO_NAME "[kernel.kallsyms]"
#define MMAP_NAME_MAX 4096

/* ---- maps ---------------------------------------------------------------------- */

/* A new generation for maps that changed (or are new): unique over the
 * machine's life, so a cache entry of maps since freed, whose memory a new
 * maps took over, never matches. */
static void maps_changed(struct machine *m, struct maps *ms)
{
	ms->gen = ++m->maps_gen;
}

static struct maps *maps_new(struct machine *m)
{
	struct maps *ms = calloc(1, sizeof(*ms));

	if (ms) {
		ms->refcnt = 1;
		maps_changed(m, ms);
	}
	return ms;
}

static struct maps *maps_get(struct maps *ms)
{
	ms->refcnt++;
	return ms;
}

static void maps_put(struct maps *ms)
{
	if (!ms || --ms->refcnt > 0)
		return;
	free(ms->v);
	free(ms);
}

/* fork: the child gets its own copy of the parent's address space. */
static struct maps *maps_copy(struct machine *m, const struct maps *src)
{
	struct maps *ms = maps_new(m);

	if (!ms || !src->nr)
		return ms;
	ms->v = malloc(src->nr * sizeof(*ms->v));
	if (!ms->v) {
		free(ms);
		return NULL;
	}
	memcpy(ms->v, src->v, src->nr * sizeof(*ms->v));
	ms->nr = ms->cap = src->nr;
	return ms;
}

/* Index of the first map ending after addr (maps are sorted and disjoint,
 * so ends are sorted too). */
static size_t first_ending_after(const struct maps *ms, u64 addr)
{
	size_t lo = 0, hi = ms->nr;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (ms->v[mid].end > addr)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

struct map *maps_find(const struct maps *ms, u64 addr)
{
	size_t i = first_ending_after(ms, addr);

	if (i < ms->nr && ms->v[i].start <= addr)
		return &ms->v[i];
	return NULL;
}

/* Insert nm; what it overlaps of older maps is gone (munmap'd or mapped
 * over), and the parts of an older map left on either side stay, with the
 * right part's file offset moved along. */
static int maps_insert(struct maps *ms, const struct map *nm)
{
	size_t lo = first_ending_after(ms, nm->start), hi = lo;
	struct map repl[3];
	size_t k = 0;

	while (hi < ms->nr && ms->v[hi].start < nm->end)
		hi++;
	if (ms->nr + 2 > ms->cap) {
		size_t ncap = ms->cap ? ms->cap * 2 : 16;
		struct map *nv = realloc(ms->v, ncap * sizeof(*nv));

		if (!nv)
			return -1;
		ms->v = nv;
		ms->cap = ncap;
	}
	if (lo < hi && ms->v[lo].start < nm->start) {
		repl[k] = ms->v[lo];
		repl[k++].end = nm->start;
	}
	repl[k++] = *nm;
	if (lo < hi && ms->v[hi - 1].end > nm->end) {
		repl[k] = ms->v[hi - 1];
		repl[k].pgoff += nm->end - repl[k].start;
		repl[k++].start = nm->end;
	}
	memmove(&ms->v[lo + k], &ms->v[hi], (ms->nr - hi) * sizeof(*ms->v));
	memcpy(&ms->v[lo], repl, k * sizeof(*repl));
	ms->nr = ms->nr - (hi - lo) + k;
	return 0;
}

/* ---- threads ------------------------------------------------------------------- */

static u64 tid_key(pid_t tid)
{
	return (u32)tid;
}

/* A thread with no maps yet, registered under tid. */
static struct thread *thread_alloc(struct machine *m, pid_t pid, pid_t tid)
{
	struct thread *th = calloc(1, sizeof(*th));

	if (!th)
		return NULL;
	th->pid = pid;
	th->tid = tid;
	th->ppid = -1;
	if (hashmap_put(&m->threads, tid_key(tid), th)) {
		free(th);
		return NULL;
	}
	return th;
}

/* A thread of a process shares the leader's maps and starts with its name. */
static int thread_join_process(struct machine *m, struct thread *th)
{
	struct thread *leader = NULL;

	if (th->pid > 0 && th->pid != th->tid)
		leader = machine_thread(m, th->pid, th->pid);
	if (leader && leader->maps) {
		th->maps = maps_get(leader->maps);
		memcpy(th->comm, leader->comm, sizeof(th->comm));
	} else {
		th->maps = maps_new(m);
	}
	return th->maps ? 0 : -1;
}

struct thread *machine_thread(struct machine *m, pid_t pid, pid_t tid)
{
	struct thread **recent = &m->recent[(u32)tid % ARRAY_SIZE(m->recent)];
	struct thread *th = *recent;

	if (!th || th->tid != tid)
		th = hashmap_get(&m->threads, tid_key(tid));
	if (th) {
		/* Records that did not know the pid (-1) created it earlier. */
		if (th->pid == -1 && pid != -1)
			th->pid = pid;
		*recent = th;
		return th;
	}
	th = thread_alloc(m, pid, tid);
	if (th && thread_join_process(m, th))
		return NULL;    /* stays registered, without maps; freed by machine_free */
	return th;
}

static void set_comm(struct thread *th, const char *comm, size_t n)
{
	n = MIN(n, sizeof(th->comm) - 1);
	memcpy(th->comm, comm, n);
	th->comm[n] = '\0';
}

/* ---- records ------------------------------------------------------------------- */

/* The fixed part of a record, copied out (records in files need not be
 * aligned) after checking it fits. */
static const void *payload(const struct perf_event_header *h, size_t need)
{
	if (h->size < sizeof(*h) + need)
		return NULL;
	return h + 1;
}

static size_t payload_size(const struct perf_event_header *h)
{
	return h->size - sizeof(*h);
}

struct fork_rec {
	u32 pid, ppid, tid, ptid;
	u64 time;
};

static int process_fork(struct machine *m, const struct perf_event_header *h)
{
	const void *p = payload(h, sizeof(struct fork_rec));
	struct fork_rec f;
	struct thread *parent, *child;

	if (!p)
		return -1;
	memcpy(&f, p, sizeof(f));
	if (f.tid == f.ptid)
		return 0;       /* not a new task */
	parent = machine_thread(m, (pid_t)f.ppid, (pid_t)f.ptid);
	if (!parent || !parent->maps)
		return 0;
	child = hashmap_get(&m->threads, tid_key((pid_t)f.tid));
	if (child) {
		/* A reused tid: the old thread is gone. */
		maps_put(child->maps);
		child->maps = NULL;
	} else {
		child = thread_alloc(m, (pid_t)f.pid, (pid_t)f.tid);
		if (!child)
			return 0;
	}
	child->pid = (pid_t)f.pid;
	child->ppid = (pid_t)f.ptid;
	child->exited = false;
	child->comm_set = false;
	memcpy(child->comm, parent->comm, sizeof(child->comm));
	/* A new thread (same process) shares the address space; a new
	 * process gets a copy of it. */
	child->maps = f.pid == f.ppid ? maps_get(parent->maps) : maps_copy(m, parent->maps);
	return 0;
}

void machine_reap_exited(struct machine *m, u64 after_ns)
{
	m->reap_after_ns = after_ns;
}

/* Free the threads whose EXIT is older than now - reap_after_ns; a tid
 * reused since (a FORK cleared exited) stays. */
static void reap(struct machine *m, u64 now)
{
	while (m->exited_nr) {
		struct exited_thread *e = &m->exited[m->exited_head];
		struct thread *th;

		if (e->time + m->reap_after_ns > now)
			break;
		th = hashmap_get(&m->threads, tid_key(e->tid));
		if (th && th->exited) {
			struct thread **recent = &m->recent[(u32)th->tid % ARRAY_SIZE(m->recent)];

			if (*recent == th)
				*recent = NULL;
			hashmap_del(&m->threads, tid_key(e->tid));
			maps_put(th->maps);
			free(th);
		}
		m->exited_head = (m->exited_head + 1) % m->exited_cap;
		m->exited_nr--;
	}
}

/* Remember an exited thread for reaping (a ring, grown when full). */
static void note_exited(struct machine *m, pid_t tid, u64 time)
{
	if (m->exited_nr == m->exited_cap) {
		size_t cap = m->exited_cap ? 2 * m->exited_cap : 256;
		struct exited_thread *v = malloc(cap * sizeof(*v));

		if (!v)
			return;         /* kept: only memory is at stake */
		for (size_t i = 0; i < m->exited_nr; i++)
			v[i] = m->exited[(m->exited_head + i) % m->exited_cap];
		free(m->exited);
		m->exited = v;
		m->exited_cap = cap;
		m->exited_head = 0;
	}
	m->exited[(m->exited_head + m->exited_nr) % m->exited_cap] = (struct exited_thread){ tid, time };
	m->exited_nr++;
}

static int process_exit(struct machine *m, const struct perf_event_header *h)
{
	const void *p = payload(h, sizeof(struct fork_rec));
	struct fork_rec f;
	struct thread *th;

	if (!p)
		return -1;
	memcpy(&f, p, sizeof(f));
	th = hashmap_get(&m->threads, tid_key((pid_t)f.tid));
	if (th)
		th->exited = true;
	if (m->reap_after_ns) {
		reap(m, f.time);
		if (th)
			note_exited(m, th->tid, f.time);
	}
	return 0;
}

/* exec: a new, empty address space (the new image's MMAPs follow). Other
 * threads that shared the old one keep it. */
static void thread_exec(struct machine *m, struct thread *th)
{
	if (th->maps && th->maps->refcnt == 1) {
		th->maps->nr = 0;
		maps_changed(m, th->maps);
		return;
	}
	maps_put(th->maps);
	th->maps = maps_new(m);
}

static int process_comm(struct machine *m, const struct perf_event_header *h)
{
	const u32 *p = payload(h, 2 * sizeof(u32));
	const char *comm;
	struct thread *th;
	u32 ids[2];

	if (!p)
		return -1;
	memcpy(ids, p, sizeof(ids));
	comm = (const char *)p + sizeof(ids);
	th = machine_thread(m, (pid_t)ids[0], (pid_t)ids[1]);
	if (!th)
		return 0;
	if (h->misc & PERF_RECORD_MISC_COMM_EXEC)
		thread_exec(m, th);
	set_comm(th, comm, strnlen(comm, payload_size(h) - sizeof(ids)));
	th->comm_set = true;
	return 0;
}

/* MMAP and MMAP2, reduced to what both have. */
struct mmap_info {
	u32 pid, tid;
	u64 start, len, pgoff;
	u32 prot, flags;
	u8 build_id[20];
	u8 build_id_size;
	char name[MMAP_NAME_MAX];
};

struct mmap_head {
	u32 pid, tid;
	u64 start, len, pgoff;
};

/* The MMAP2 fields between pgoff and the file name. */
struct mmap2_mid {
	union {
		struct {
			u32 maj, min;
			u64 ino, ino_generation;
		};
		struct {
			u8 build_id_size, reserved1;
			u16 reserved2;
			u8 build_id[20];
		};
	};
	u32 prot, flags;
};

static int parse_mmap(const struct perf_event_header *h, struct mmap_info *mi)
{
	size_t fixed = sizeof(struct mmap_head) + (h->type == PERF_RECORD_MMAP2 ? sizeof(struct mmap2_mid) : 0);
	const char *p = payload(h, fixed), *name;
	struct mmap_head head;
	size_t n;

	if (!p)
		return -1;
	memset(mi, 0, offsetof(struct mmap_info, name));
	memcpy(&head, p, sizeof(head));
	mi->pid = head.pid;
	mi->tid = head.tid;
	mi->start = head.start;
	mi->len = head.len;
	mi->pgoff = head.pgoff;
	if (h->type == PERF_RECORD_MMAP2) {
		struct mmap2_mid mid;

		memcpy(&mid, p + sizeof(head), sizeof(mid));
		mi->prot = mid.prot;
		mi->flags = mid.flags;
		if ((h->misc & PERF_RECORD_MISC_MMAP_BUILD_ID) && mid.build_id_size) {
			mi->build_id_size = MIN(mid.build_id_size, sizeof(mi->build_id));
			memcpy(mi->build_id, mid.build_id, mi->build_id_size);
		}
	}
	name = p + fixed;
	n = strnlen(name, MIN(payload_size(h) - fixed, sizeof(mi->name) - 1));
	memcpy(mi->name, name, n);
	mi->name[n] = '\0';
	return 0;
}

static bool is_kernel_mode(u16 cpumode)
{
	u16 mode = cpumode & PERF_RECORD_MISC_CPUMODE_MASK;

	return mode == PERF_RECORD_MISC_KERNEL || mode == PERF_RECORD_MISC_GUEST_KERNEL;
}

static bool is_kernel_mmap(const struct perf_event_header *h, const struct mmap_info *mi)
{
	return mi->pid == (u32)-1 || is_kernel_mode(h->misc);
}

/* "[kernel.kallsyms]_text": the kernel, and the address _text had when it
 * was recorded. Anything else is a module ("[name]" or a .ko path). */
static struct dso *kernel_map_dso(struct machine *m, const struct mmap_info *mi)
{
	static const char *const kernel_names[] = { KERNEL_DSO_NAME, "[guest.kernel.kallsyms]" };
	struct dso *dso;

	for (size_t i = 0; i < ARRAY_SIZE(kernel_names); i++) {
		size_t l = strlen(kernel_names[i]);

		if (strncmp(mi->name, kernel_names[i], l))
			continue;
		if (i == 0 && (!strcmp(mi->name + l, "_text") || !strcmp(mi->name + l, "_stext")))
			m->ktext_recorded = mi->pgoff;
		return m->kernel;
	}
	dso = dsos_findnew(&m->dsos, mi->name);
	if (dso)
		dso->kind = DSO_KMODULE;
	return dso;
}

static int process_mmap(struct machine *m, const struct perf_event_header *h)
{
	struct mmap_info *mi = malloc(sizeof(*mi));
	struct maps *ms = &m->kmaps;
	struct map map = { 0 };
	int ret = 0;

	if (!mi)
		return 0;
	if (parse_mmap(h, mi)) {
		ret = -1;
		goto out;
	}
	if (!mi->len || mi->start + mi->len < mi->start)
		goto out;
	if (is_kernel_mmap(h, mi)) {
		map.dso = kernel_map_dso(m, mi);
	} else {
		struct thread *th = machine_thread(m, (pid_t)mi->pid, (pid_t)mi->tid);

		ms = th ? th->maps : NULL;
		map.dso = dsos_findnew(&m->dsos, mi->name);
	}
	if (!ms || !map.dso)
		goto out;
	if (mi->build_id_size && !map.dso->build_id_size)
		dso_set_build_id(map.dso, mi->build_id, mi->build_id_size);
	map.start = mi->start;
	map.end = mi->start + mi->len;
	map.pgoff = mi->pgoff;
	map.prot = mi->prot;
	map.flags = mi->flags;
	maps_insert(ms, &map);
	maps_changed(m, ms);
out:
	free(mi);
	return ret;
}

int machine_process(struct machine *m, const struct perf_event_header *h)
{
	if (h->size < sizeof(*h))
		return -1;
	switch (h->type) {
	case PERF_RECORD_COMM:
		return process_comm(m, h);
	case PERF_RECORD_FORK:
		return process_fork(m, h);
	case PERF_RECORD_EXIT:
		return process_exit(m, h);
	case PERF_RECORD_MMAP:
	case PERF_RECORD_MMAP2:
		return process_mmap(m, h);
	default:
		return 0;
	}
}

/* ---- machine ------------------------------------------------------------------- */

void machine_init(struct machine *m)
{
	memset(m, 0, sizeof(*m));
	hashmap_init(&m->threads);
	dsos_init(&m->dsos);
	m->kmaps.refcnt = 1;
	maps_changed(m, &m->kmaps);
	m->kernel = dsos_findnew(&m->dsos, KERNEL_DSO_NAME);
}

void machine_free(struct machine *m)
{
	size_t it = 0;
	void *v;

	while (hashmap_next(&m->threads, &it, NULL, &v)) {
		struct thread *th = v;

		maps_put(th->maps);
		free(th);
	}
	hashmap_free(&m->threads);
	free(m->exited);
	free(m->kmaps.v);
	dsos_free(&m->dsos);
	free(m->kallsyms_path);
	memset(m, 0, sizeof(*m));
}

int machine_set_kallsyms(struct machine *m, const char *path)
{
	char *p = strdup(path);

	if (!p)
		return -1;
	free(m->kallsyms_path);
	m->kallsyms_path = p;
	m->kreloc_done = false;
	return 0;
}

/* How far the recorded kernel text is from the kallsyms one: non-zero when
 * symbols come from another boot (KASLR) than the recording. */
static s64 kernel_reloc(struct machine *m)
{
	if (!m->kreloc_done) {
		u64 text = 0;

		m->kreloc_done = true;
		m->kreloc = 0;
		if (m->ktext_recorded)
			text = kallsyms_lookup(m->kallsyms_path ? m->kallsyms_path : kallsyms_default_path(), "_text");
		if (text)
			m->kreloc = (s64)(m->ktext_recorded - text);
	}
	return m->kreloc;
}

static void resolve_kernel(struct machine *m, u64 ip, struct addr_location *al)
{
	struct map *map = maps_find(&m->kmaps, ip);
	struct dso *k = m->kernel;

	al->kernel = true;
	al->map = map;
	al->dso = map ? map->dso : k;
	if (!k)
		return;
	dso_load(k, m->kallsyms_path);
	/* Module addresses come from kallsyms as they are; only the kernel
	 * image moves as one block. */
	if (al->dso == k)
		al->addr = ip - (u64)kernel_reloc(m);
	/* kallsyms names module code too ("sym [module]"). */
	al->sym = symtab_find(&k->symtab, al->addr);
}

static void resolve_user(struct machine *m, u64 ip, struct addr_location *al)
{
	struct map *map = al->thread && al->thread->maps ? maps_find(al->thread->maps, ip) : NULL;
	struct dso *dso;

	if (!map)
		return;
	al->map = map;
	al->dso = dso = map->dso;
	dso_load(dso, m->kallsyms_path);
	if (dso->kind == DSO_USER || dso->kind == DSO_VDSO)
		al->addr = dso_offset_to_addr(dso, ip - map->start + map->pgoff);
	al->sym = symtab_find(&dso->symtab, al->addr);
}

void machine_resolve(struct machine *m, pid_t pid, pid_t tid, u64 ip, u16 cpumode,
		     struct addr_location *al)
{
	memset(al, 0, sizeof(*al));
	al->addr = ip;
	al->thread = machine_thread(m, pid, tid);
	switch (cpumode & PERF_RECORD_MISC_CPUMODE_MASK) {
	case PERF_RECORD_MISC_KERNEL:
	case PERF_RECORD_MISC_GUEST_KERNEL:
		resolve_kernel(m, ip, al);
		break;
	case PERF_RECORD_MISC_USER:
	case PERF_RECORD_MISC_GUEST_USER:
		resolve_user(m, ip, al);
		break;
	default:
		break;  /* hypervisor or unknown: nothing to name it with */
	}
	if (al->sym)
		al->symoff = al->addr - al->sym->start;
}

struct map *machine_find_map(struct machine *m, pid_t pid, pid_t tid, u64 ip, u16 cpumode)
{
	struct thread *th;

	if (is_kernel_mode(cpumode))
		return maps_find(&m->kmaps, ip);
	th = machine_thread(m, pid, tid);
	return th && th->maps ? maps_find(th->maps, ip) : NULL;
}

bool callchain_context_marker(u64 ip, u16 *cpumode)
{
	switch (ip) {
	case PERF_CONTEXT_HV:
		*cpumode = PERF_RECORD_MISC_HYPERVISOR;
		break;
	case PERF_CONTEXT_KERNEL:
		*cpumode = PERF_RECORD_MISC_KERNEL;
		break;
	case PERF_CONTEXT_USER:
		*cpumode = PERF_RECORD_MISC_USER;
		break;
	case PERF_CONTEXT_GUEST:
	case PERF_CONTEXT_GUEST_KERNEL:
		*cpumode = PERF_RECORD_MISC_GUEST_KERNEL;
		break;
	case PERF_CONTEXT_GUEST_USER:
		*cpumode = PERF_RECORD_MISC_GUEST_USER;
		break;
	default:
		break;  /* a marker this code does not know: skip it, keep the mode */
	}
	return true;
}
