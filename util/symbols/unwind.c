/* libunwind's remote API over a sample. libunwind asks, through the
 * accessors below, for registers (from the sample's register block), for
 * memory (the stack copy, else the bytes of the DSO whose image covers the
 * address) and for the unwind table covering an ip (the DSO's
 * .eh_frame_hdr search table, which libunwind binary-searches through
 * access_mem).
 *
 * Costs: a DSO's file is opened and mapped once per session (struct
 * uw_dso, kept in a hash by dso); libunwind caches what it learns per ip
 * in each of its address spaces, and the same ip is other code in another
 * process: so there is one libunwind address space per recorded address
 * space (thread maps + pid), for the last AS_SLOTS of them, and a slot
 * taken over by another process has its cache flushed.
 *
 * Safety: a sample's registers and stack are data from a file. Every read
 * is bounds-checked, the frame count is capped by the caller's max, and
 * each step must move the stack pointer up, so a damaged stack ends the
 * chain instead of looping. */
#include "util/symbols/unwind.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <libunwind.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arch/x86/unwind-regs.h"
#include "util/debug.h"
#include "util/hashmap.h"
#include "util/symbols/buildid-cache.h"
#include "util/symbols/fetch.h"
#include "util/symbols/symbol-elf.h"
#include "util/symbols/unwind-elf.h"

/* Not in libunwind's headers, but exported: the search perf uses too. */
extern int UNW_OBJ(dwarf_search_unwind_table)(unw_addr_space_t as, unw_word_t ip, unw_dyn_info_t *di,
					      unw_proc_info_t *pi, int need_unwind_info, void *arg);
#define dwarf_search_unwind_table UNW_OBJ(dwarf_search_unwind_table)

#define MAX_WINDOWS 16          /* DSOs one chain may cross */
#define AS_SLOTS 8              /* processes whose unwind caches are kept */

/* One DSO's ELF bytes and unwind table, loaded on first use. */
struct uw_dso {
	struct dso *dso;
	void *map;              /* mmap of the file, or NULL (image, vdso) */
	size_t map_len;
	struct unwind_elf elf;
	bool elf_ok;
	struct eh_frame_hdr hdr;
	bool have_table;
	u64 lo, hi;             /* link-time span of its sections and segments */
	/* .debug_frame in .eh_frame form, made when an ip has no FDE in
	 * .eh_frame_hdr (code built without asynchronous unwind tables). */
	bool df_tried;
	struct cfi_table df;
};

/* A libunwind address space and whose code its cache describes. */
struct as_slot {
	unw_addr_space_t as;    /* NULL: not made yet */
	const struct maps *maps;
	pid_t pid;
	u64 used;               /* the sample count when last used (LRU) */
};

struct unwind_ctx {
	struct machine *m;
	struct as_slot slots[AS_SLOTS];
	struct hashmap dsos;    /* (uintptr_t)dso -> struct uw_dso */
	struct unwind_stats stats;
};

/* A DSO as loaded in the sampled process: link-time + bias = runtime. */
struct uw_window {
	u64 lo, hi;             /* runtime span */
	u64 bias;
	struct uw_dso *d;
};

/* What the accessors see of one sample (libunwind's arg). */
struct uw_sample {
	struct unwind_ctx *u;
	struct thread *th;
	const u64 *regs;
	u64 mask;
	const u8 *stack;
	u64 stack_lo, stack_size;
	struct uw_window win[MAX_WINDOWS];
	int nwin;
	bool noinfo;            /* the last table search found no FDE */
};

/* ---- DSO images -------------------------------------------------------------- */

/* Whether a parsed image is the recorded DSO (unknown build-ids on either
 * side get the benefit of the doubt). */
static bool same_build(const struct dso *dso, const struct unwind_elf *e)
{
	return !dso->build_id_size || !e->build_id_size ||
	       (dso->build_id_size == e->build_id_size && !memcmp(dso->build_id, e->build_id, e->build_id_size));
}

/* A regular file's bytes, mapped read-only (the one open of the DSO). */
static void *map_file(const char *path, size_t *len)
{
	struct stat st;
	void *p;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) || !S_ISREG(st.st_mode) || st.st_size < 64) {
		close(fd);
		return NULL;
	}
	p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (p == MAP_FAILED)
		return NULL;
	*len = (size_t)st.st_size;
	return p;
}

static bool use_path(struct uw_dso *d, char *path)
{
	size_t len;
	void *p = path ? map_file(path, &len) : NULL;

	free(path);
	if (!p)
		return false;
	if (unwind_elf_parse(&d->elf, p, len) || !same_build(d->dso, &d->elf)) {
		pr_debug("unwind: %s: not the recorded file (or not ELF)", d->dso->path);
		unwind_elf_release(&d->elf);
		munmap(p, len);
		return false;
	}
	d->map = p;
	d->map_len = len;
	return true;
}

/* The file at its path, else the recorded build by its build-id: perf's
 * build-id cache, a debuginfod server (fetch.h). */
static bool use_file(struct uw_dso *d)
{
	const struct dso *dso = d->dso;

	if (use_path(d, dso_file_path(dso)))
		return true;
	if (!dso->build_id_size || dso->kind != DSO_USER)
		return false;
	if (use_path(d, buildid_cache_find(dso->build_id, dso->build_id_size, "elf")))
		return true;
	return !dso->image && use_path(d, fetch_executable(dso->build_id, dso->build_id_size, dso->path));
}

static bool use_image(struct uw_dso *d)
{
	if (!d->dso->image || unwind_elf_parse(&d->elf, d->dso->image, d->dso->image_size))
		return false;
	return true;
}

/* The running kernel's vdso (this process's), unless the recording names
 * another by build-id. Its size: as far as its section headers reach. */
static bool use_vdso(struct uw_dso *d)
{
	const u8 *base = (const u8 *)getauxval(AT_SYSINFO_EHDR);
	u64 shoff;
	u16 shnum;

	if (!base)
		return false;
	memcpy(&shoff, base + 0x28, sizeof(shoff));     /* e_shoff */
	memcpy(&shnum, base + 0x3c, sizeof(shnum));     /* e_shnum */
	if (shoff > (1u << 20) || shnum > 256)
		return false;
	if (unwind_elf_parse(&d->elf, base, (size_t)(shoff + (u64)shnum * 64)))
		return false;
	if (!same_build(d->dso, &d->elf)) {
		unwind_elf_release(&d->elf);
		return false;
	}
	return true;
}

static void span(struct uw_dso *d)
{
	const struct unwind_elf *e = &d->elf;

	d->lo = ~0ull;
	d->hi = 0;
	for (u32 i = 0; i < e->nr_secs; i++) {
		d->lo = MIN(d->lo, e->secs[i].vaddr);
		d->hi = MAX(d->hi, e->secs[i].vaddr + e->secs[i].size);
	}
	for (u32 i = 0; i < e->nr_loads; i++) {
		d->lo = MIN(d->lo, e->loads[i].vaddr);
		d->hi = MAX(d->hi, e->loads[i].vaddr + e->loads[i].size);
	}
	if (d->lo > d->hi)
		d->lo = d->hi = 0;
}

static void uw_dso_load(struct uw_dso *d)
{
	const struct unwind_elf_section *s;

	if (d->dso->kind == DSO_VDSO)
		d->elf_ok = use_vdso(d) || use_image(d);
	else if (d->dso->kind == DSO_USER)
		d->elf_ok = use_file(d) || use_image(d);
	if (!d->elf_ok)
		return;
	span(d);
	s = &d->elf.eh_frame_hdr;
	if (s->present && !eh_frame_hdr_parse(d->elf.data + s->off, s->size, s->vaddr, &d->hdr) &&
	    d->hdr.searchable && d->hdr.fde_count)
		d->have_table = true;
	else
		pr_debug("unwind: %s: no .eh_frame_hdr search table", d->dso->path);
}

/* The .debug_frame of the DSO's image, else of its separate debug file,
 * converted once and placed just past the image (see cfi_table). */
static void load_debug_frame(struct uw_dso *d)
{
	const struct unwind_elf_section *s = &d->elf.debug_frame;
	struct unwind_elf dbg;
	u64 at = ((d->hi + 0xfff) & ~0xfffull) + 0x1000;
	void *map;
	size_t len;
	char *path;

	d->df_tried = true;
	if (s->present) {
		debug_frame_convert(d->elf.data + s->off, s->size, at, &d->df);
		return;
	}
	if (d->dso->kind != DSO_USER)
		return;
	/* A stripped file's separate debug file (by build-id or debuglink). */
	path = elf_find_debug_file(d->dso->root, d->dso->path, d->elf.build_id, d->elf.build_id_size);
	map = path ? map_file(path, &len) : NULL;
	free(path);
	if (!map)
		return;
	if (!unwind_elf_parse(&dbg, map, len)) {
		s = &dbg.debug_frame;
		if (s->present && same_build(d->dso, &dbg))
			debug_frame_convert(dbg.data + s->off, s->size, at, &d->df);
		unwind_elf_release(&dbg);
	}
	munmap(map, len);       /* converted: the copy is all that is needed */
}

static struct uw_dso *uw_dso_get(struct unwind_ctx *u, struct dso *dso)
{
	struct uw_dso *d = hashmap_get(&u->dsos, (u64)(uintptr_t)dso);

	if (d)
		return d;
	d = calloc(1, sizeof(*d));
	if (!d)
		return NULL;
	d->dso = dso;
	uw_dso_load(d);
	if (hashmap_put(&u->dsos, (u64)(uintptr_t)dso, d)) {
		unwind_elf_release(&d->elf);
		if (d->map)
			munmap(d->map, d->map_len);
		free(d);
		return NULL;
	}
	return d;
}

static void uw_dso_free(struct uw_dso *d)
{
	cfi_table_release(&d->df);
	unwind_elf_release(&d->elf);
	if (d->map)
		munmap(d->map, d->map_len);
	free(d);
}

/* ---- windows: where each DSO is in the sampled process ---------------------- */

static struct uw_window *window_of(struct uw_sample *us, u64 addr)
{
	struct map *map;
	struct uw_dso *d;
	struct uw_window *w;
	u64 off, vaddr;

	for (int i = 0; i < us->nwin; i++)
		if (addr - us->win[i].lo < us->win[i].hi - us->win[i].lo)
			return &us->win[i];
	if (!us->th || !us->th->maps || us->nwin == MAX_WINDOWS)
		return NULL;
	map = maps_find(us->th->maps, addr);
	if (!map || !map->dso || (map->dso->kind != DSO_USER && map->dso->kind != DSO_VDSO))
		return NULL;
	d = uw_dso_get(us->u, map->dso);
	if (!d || !d->elf_ok)
		return NULL;
	off = addr - map->start + map->pgoff;
	if (!unwind_elf_off_to_vaddr(&d->elf, off, &vaddr)) {
		/* An image without program headers: the DSO's own segments. */
		dso_load(map->dso, us->u->m->kallsyms_path);
		vaddr = map->dso->nr_segs ? dso_offset_to_addr(map->dso, off) : off;
	}
	w = &us->win[us->nwin++];
	w->d = d;
	w->bias = addr - vaddr;
	w->lo = d->lo + w->bias;
	w->hi = d->hi + w->bias;
	if (w->hi <= w->lo || addr - w->lo >= w->hi - w->lo) {
		/* The map holds more than the image describes: cover the map. */
		w->lo = map->start;
		w->hi = map->end;
	}
	return w;
}

/* ---- libunwind accessors -------------------------------------------------------- */

static int find_proc_info(unw_addr_space_t as, unw_word_t ip, unw_proc_info_t *pi, int need_unwind_info,
			  void *arg)
{
	struct uw_sample *us = arg;
	struct uw_window *w = window_of(us, ip);
	struct uw_dso *d = w ? w->d : NULL;
	unw_dyn_info_t di;
	int r = -UNW_ENOINFO;

	us->noinfo = true;
	if (!d)
		return -UNW_ENOINFO;
	memset(&di, 0, sizeof(di));
	di.format = UNW_INFO_FORMAT_REMOTE_TABLE;
	di.start_ip = w->lo;
	di.end_ip = w->hi;
	if (d->have_table) {
		di.u.rti.segbase = d->hdr.vaddr + w->bias;
		di.u.rti.table_data = d->hdr.table_vaddr + w->bias;
		/* In words: each entry is two s32, one unw_word_t. */
		di.u.rti.table_len = d->hdr.fde_count * 8 / sizeof(unw_word_t);
		r = dwarf_search_unwind_table(as, ip, &di, pi, need_unwind_info, arg);
		if (r != -UNW_ENOINFO) {
			us->noinfo = false;
			return r;
		}
	}
	if (!d->df_tried)
		load_debug_frame(d);
	if (!d->df.fde_count)
		return r;
	di.u.rti.segbase = d->df.vaddr + w->bias;
	di.u.rti.table_data = d->df.table_vaddr + w->bias;
	di.u.rti.table_len = d->df.fde_count * 8 / sizeof(unw_word_t);
	r = dwarf_search_unwind_table(as, ip, &di, pi, need_unwind_info, arg);
	us->noinfo = r == -UNW_ENOINFO;
	return r;
}

static void put_unwind_info(unw_addr_space_t as, unw_proc_info_t *pi, void *arg)
{
	(void)as;
	(void)pi;
	(void)arg;
}

static int get_dyn_info_list_addr(unw_addr_space_t as, unw_word_t *dilap, void *arg)
{
	(void)as;
	(void)dilap;
	(void)arg;
	return -UNW_ENOINFO;    /* no JIT registration offline */
}

/* Copy the bytes present of [addr, addr + 8); the rest reads as zero
 * (libunwind reads whole aligned words, which may run past a section). */
static bool read_word(struct uw_sample *us, u64 addr, unw_word_t *val)
{
	u64 off = addr - us->stack_lo;
	struct uw_window *w;
	const u8 *p;
	u64 word = 0;

	if (off < us->stack_size) {
		memcpy(&word, us->stack + off, MIN(8, us->stack_size - off));
		*val = word;
		return true;
	}
	/* A converted .debug_frame lies past its DSO's image, outside every
	 * map: look there before asking the maps. */
	for (int i = 0; i < us->nwin; i++) {
		const struct cfi_table *t = &us->win[i].d->df;
		u64 o = addr - us->win[i].bias - t->vaddr;

		if (t->data && (addr < us->win[i].lo || addr >= us->win[i].hi) && o < t->size) {
			memcpy(&word, t->data + o, MIN(8, t->size - o));
			*val = word;
			return true;
		}
	}
	w = window_of(us, addr);
	if (!w)
		return false;
	p = unwind_elf_at(&w->d->elf, addr - w->bias, 8);
	if (!p) {
		size_t n = 7;

		while (n && !(p = unwind_elf_at(&w->d->elf, addr - w->bias, n)))
			n--;
		if (!p)
			return false;
		memcpy(&word, p, n);
	} else {
		memcpy(&word, p, 8);
	}
	*val = word;
	return true;
}

static int access_mem(unw_addr_space_t as, unw_word_t addr, unw_word_t *val, int write, void *arg)
{
	(void)as;
	if (write)
		return -UNW_EREADONLYREG;
	return read_word(arg, addr, val) ? 0 : -UNW_EINVAL;
}

static int access_reg(unw_addr_space_t as, unw_regnum_t regnum, unw_word_t *val, int write, void *arg)
{
	struct uw_sample *us = arg;
	u64 v;

	(void)as;
	if (write)
		return -UNW_EREADONLYREG;
	if (!perf_regs_value(us->regs, us->mask, arch_dwarf_to_perf_reg(regnum), &v))
		return -UNW_EBADREG;
	*val = v;
	return 0;
}

static int access_fpreg(unw_addr_space_t as, unw_regnum_t num, unw_fpreg_t *val, int write, void *arg)
{
	(void)as;
	(void)num;
	(void)val;
	(void)write;
	(void)arg;
	return -UNW_EBADREG;    /* perf does not sample them */
}

static int resume(unw_addr_space_t as, unw_cursor_t *c, void *arg)
{
	(void)as;
	(void)c;
	(void)arg;
	return -UNW_EINVAL;
}

static int get_proc_name(unw_addr_space_t as, unw_word_t addr, char *buf, size_t len, unw_word_t *offp,
			 void *arg)
{
	(void)as;
	(void)addr;
	(void)buf;
	(void)len;
	(void)offp;
	(void)arg;
	return -UNW_EINVAL;     /* scry names frames itself */
}

static unw_accessors_t accessors = {
	.find_proc_info = find_proc_info,
	.put_unwind_info = put_unwind_info,
	.get_dyn_info_list_addr = get_dyn_info_list_addr,
	.access_mem = access_mem,
	.access_reg = access_reg,
	.access_fpreg = access_fpreg,
	.resume = resume,
	.get_proc_name = get_proc_name,
};

/* ---- the API ------------------------------------------------------------------------ */

struct unwind_ctx *unwind_new(struct machine *m)
{
	struct unwind_ctx *u = calloc(1, sizeof(*u));

	if (!u)
		return NULL;
	u->m = m;
	hashmap_init(&u->dsos);
	return u;
}

/* The address space for samples of (maps, pid): its own, the least
 * recently used one flushed, or a new one. NULL on ENOMEM. */
static unw_addr_space_t addr_space(struct unwind_ctx *u, const struct maps *maps, pid_t pid)
{
	struct as_slot *lru = &u->slots[0];

	for (int i = 0; i < AS_SLOTS; i++) {
		struct as_slot *sl = &u->slots[i];

		if (sl->as && sl->maps == maps && sl->pid == pid) {
			sl->used = u->stats.samples;
			return sl->as;
		}
		if (!sl->as || (lru->as && sl->used < lru->used))
			lru = sl;
	}
	if (lru->as) {
		unw_flush_cache(lru->as, 0, 0);
	} else {
		lru->as = unw_create_addr_space(&accessors, 0);
		if (!lru->as)
			return NULL;
		/* A cache per address space (the per-thread one is shared by all). */
		unw_set_caching_policy(lru->as, UNW_CACHE_GLOBAL);
	}
	lru->maps = maps;
	lru->pid = pid;
	lru->used = u->stats.samples;
	return lru->as;
}

void unwind_free(struct unwind_ctx *u)
{
	size_t it = 0;
	void *v;

	if (!u)
		return;
	while (hashmap_next(&u->dsos, &it, NULL, &v))
		uw_dso_free(v);
	hashmap_free(&u->dsos);
	for (int i = 0; i < AS_SLOTS; i++)
		if (u->slots[i].as)
			unw_destroy_addr_space(u->slots[i].as);
	free(u);
}

const struct unwind_stats *unwind_stats(const struct unwind_ctx *u)
{
	return &u->stats;
}

/* libunwind guards its caches with a lock taken with every signal blocked:
 * two rt_sigprocmask calls per lookup, about 16 syscalls per sample, which
 * was a third of the time of unwinding a --call-graph dwarf file.  We unwind
 * recorded stacks, not our own, and no signal handler of ours enters
 * libunwind, so while this thread is inside walk() the mask changes are
 * skipped: this definition takes the place of libc's for the calls
 * libunwind makes through its PLT.  Every other caller gets the real one. */
static __thread int unwinding_offline;

int sigprocmask(int how, const sigset_t *set, sigset_t *old)
{
	if (unwinding_offline) {
		/* The matching "restore" call passes this back: a no-op too. */
		if (old)
			sigemptyset(old);
		return 0;
	}
	/* glibc's sigprocmask is pthread_sigmask for a process's threads. */
	int err = pthread_sigmask(how, set, old);

	if (err) {
		errno = err;
		return -1;
	}
	return 0;
}

/* Follow the chain from the sampled registers; returns the frames stored
 * and whether it ended at a frame without caller. */
static int walk(unw_addr_space_t as, struct uw_sample *us, u64 sp, u64 *ips, int max, bool *complete)
{
	unw_cursor_t c;
	int n = 1;

	*complete = false;
	if (!as || unw_init_remote(&c, as, us) < 0)
		return n;
	while (n < max) {
		bool signal_frame = unw_is_signal_frame(&c) > 0;
		unw_word_t pc, nsp;
		int r;

		us->noinfo = false;
		r = unw_step(&c);
		if (r == 0) {
			/* libunwind also ends a chain it has no table for
			 * (after a frame-pointer guess): that one is cut short. */
			*complete = !us->noinfo;
			break;
		}
		if (r < 0 || unw_get_reg(&c, UNW_REG_IP, &pc) < 0 || unw_get_reg(&c, UNW_REG_SP, &nsp) < 0)
			break;
		if (!pc) {
			*complete = true;       /* the outermost frame's return address */
			break;
		}
		/* Frames are above their callees: a step that does not move
		 * up is a damaged stack (or a loop). */
		if (nsp <= sp)
			break;
		sp = nsp;
		ips[n++] = signal_frame ? pc : pc - 1;
	}
	return n;
}

int unwind_sample(struct unwind_ctx *u, pid_t pid, pid_t tid, const struct perf_sample *s, u64 regs_mask,
		  u64 *ips, int max)
{
	struct uw_sample *us;
	int sp_bit = arch_dwarf_to_perf_reg(ARCH_DWARF_REG_SP), ip_bit = arch_dwarf_to_perf_reg(ARCH_DWARF_REG_IP);
	u64 ip, sp;
	bool complete;
	int n;

	if (!u || !s || !ips || max < 1)
		return -1;
	if (!s->user_regs_abi || !s->user_regs || !perf_regs_value(s->user_regs, regs_mask, ip_bit, &ip) ||
	    !perf_regs_value(s->user_regs, regs_mask, sp_bit, &sp))
		return 0;
	u->stats.samples++;
	ips[0] = ip;
	if (!s->user_stack || !s->user_stack_size) {
		u->stats.failed++;
		return 1;
	}
	us = calloc(1, sizeof(*us));
	if (!us)
		return -1;
	us->u = u;
	us->th = machine_thread(u->m, pid, tid);
	us->regs = s->user_regs;
	us->mask = regs_mask;
	us->stack = s->user_stack;
	us->stack_lo = sp;
	us->stack_size = s->user_stack_size;
	unwinding_offline++;
	n = walk(addr_space(u, us->th ? us->th->maps : NULL, pid), us, sp, ips, max, &complete);
	unwinding_offline--;
	free(us);
	if (complete)
		u->stats.unwound++;
	else if (n > 1)
		u->stats.partial++;
	else
		u->stats.failed++;
	return n;
}
