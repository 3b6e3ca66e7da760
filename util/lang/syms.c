/* Naming addresses for the language: a struct machine (util/symbols) kept
 * current from /proc and from a system-wide sideband event, so that user
 * stacks are named after their process has exited. */
#include "util/lang/syms.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/core/cpumap.h"
#include "util/core/evlist.h"
#include "util/core/ordered.h"
#include "util/hashmap.h"
#include "util/perfdata/synthesize.h"
#include "util/symbols/machine.h"

/* Data pages of each CPU's sideband ring: mmap/comm/fork records are a few
 * dozen bytes, 256 KiB holds thousands between two drains, and stays well
 * under the default perf_event_mlock_kb for every CPU. */
#define SIDEBAND_PAGES 64

struct lang_syms {
	struct machine machine;
	bool tracking;
	struct evlist evlist;           /* the sideband event (tracking only) */
	struct ordered ordered;         /* its records, put in time order across CPUs */
	struct hashmap tried;           /* pids whose /proc maps were read on demand */
	/* What synthesize.c writes records for: no sample_id trailer and no
	 * data mappings, since they go straight into the machine. */
	struct evsel synth_ev;
	u64 lost;
	bool from_file;                 /* a data file's records only: never /proc */
};

/* ---- records into the machine ----------------------------------------------------- */

int lang_syms_process(struct lang_syms *s, const struct perf_event_header *h)
{
	return machine_process(&s->machine, h) ? -EINVAL : 0;
}

static int synth_emit(void *arg, const struct perf_event_header *h)
{
	lang_syms_process(arg, h);
	return 0;
}

static int deliver(void *arg, const struct perf_event_header *h, u64 time, u64 offset)
{
	lang_syms_process(arg, h);
	return 0;
}

static bool tracked_type(u32 type)
{
	return type == PERF_RECORD_COMM || type == PERF_RECORD_MMAP || type == PERF_RECORD_MMAP2 ||
	       type == PERF_RECORD_FORK || type == PERF_RECORD_EXIT;
}

static int on_ring_record(const struct perf_event_header *h, void *arg)
{
	struct lang_syms *s = arg;
	struct perf_sample smp;

	if (h->type == PERF_RECORD_LOST) {
		u64 v[2];       /* id, lost */

		if (h->size >= sizeof(*h) + sizeof(v)) {
			memcpy(v, h + 1, sizeof(v));
			s->lost += v[1];
		}
		return 0;
	}
	if (!tracked_type(h->type))
		return 0;
	/* Records of different CPUs interleave: the sample_id trailer's time
	 * puts a FORK before the child's MMAPs. */
	if (sample_id_parse(h, &s->evlist.evsels[0]->layout, &smp))
		smp.time = 0;
	if (ordered_queue(&s->ordered, h, smp.time, 0))
		lang_syms_process(s, h);        /* no memory to queue: late is better than never */
	return 0;
}

u64 lang_syms_drain(struct lang_syms *s)
{
	u64 n = 0;

	if (!s || !s->tracking)
		return 0;
	for (int i = 0; i < s->evlist.nr_rings; i++)
		n += ring_drain(&s->evlist.rings[i], on_ring_record, s);
	ordered_round(&s->ordered);
	return n;
}

void lang_syms_sync(struct lang_syms *s)
{
	if (!s || !s->tracking)
		return;
	lang_syms_drain(s);
	ordered_flush(&s->ordered);
}

u64 lang_syms_lost(const struct lang_syms *s)
{
	return s ? s->lost : 0;
}

int lang_syms_pollfds(const struct lang_syms *s, int *fds, int max)
{
	int n = 0;

	if (!s || !s->tracking)
		return 0;
	for (int i = 0; i < s->evlist.nr_rings && n < max; i++)
		if (s->evlist.rings[i].fd >= 0)
			fds[n++] = s->evlist.rings[i].fd;
	return n;
}

/* ---- set-up ---------------------------------------------------------------------- */

static int open_sideband(struct lang_syms *s, char *err, size_t errlen)
{
	struct perf_event_attr a;
	struct cpumap cpus;
	struct threadmap threads;
	struct evsel *e;

	memset(&a, 0, sizeof(a));
	a.size = sizeof(a);
	a.type = PERF_TYPE_SOFTWARE;
	a.config = PERF_COUNT_SW_DUMMY;
	/* Time orders the CPUs' records; the tid is there for free. */
	a.sample_type = PERF_SAMPLE_TID | PERF_SAMPLE_TIME;
	a.sample_id_all = 1;
	a.mmap = 1;
	a.mmap2 = 1;
	a.comm = 1;
	a.comm_exec = 1;
	a.task = 1;
	e = evsel_new(&a, "lang-sideband");
	if (!e || evlist_add(&s->evlist, e)) {
		evsel_free(e);
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	e->system_wide = true;
	memset(&threads, 0, sizeof(threads));
	if (cpumap_online(&cpus) || threadmap_any(&threads)) {
		cpumap_free(&cpus);
		threadmap_free(&threads);
		snprintf(err, errlen, "cannot read the online cpus");
		return -1;
	}
	evlist_set_target(&s->evlist, &cpus, &threads);
	if (evlist_open(&s->evlist, err, errlen) || evlist_mmap(&s->evlist, SIDEBAND_PAGES, err, errlen))
		return -1;
	return 0;
}

struct lang_syms *lang_syms_new(bool track_processes, char *err, size_t errlen)
{
	struct lang_syms *s = calloc(1, sizeof(*s));

	if (!s) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	machine_init(&s->machine);
	evlist_init(&s->evlist);
	ordered_init(&s->ordered, deliver, s);
	hashmap_init(&s->tried);
	if (!track_processes)
		return s;
	/* The event first, then /proc: a process started in between is in
	 * the ring, one that ended is still in /proc; nothing falls between. */
	if (open_sideband(s, err, errlen)) {
		lang_syms_free(s);
		return NULL;
	}
	s->tracking = true;
	{
		struct synth sy = { synth_emit, s, &s->synth_ev, 0 };

		if (synthesize_all(&sy)) {
			snprintf(err, errlen, "cannot read the processes in /proc: %s", strerror(errno));
			lang_syms_free(s);
			return NULL;
		}
	}
	return s;
}

struct lang_syms *lang_syms_new_file(void)
{
	char err[64];
	struct lang_syms *s = lang_syms_new(false, err, sizeof(err));

	if (s)
		s->from_file = true;
	return s;
}

struct machine *lang_syms_machine(struct lang_syms *s)
{
	return &s->machine;
}

void lang_syms_free(struct lang_syms *s)
{
	if (!s)
		return;
	evlist_release(&s->evlist);
	ordered_free(&s->ordered);
	hashmap_free(&s->tried);
	machine_free(&s->machine);
	free(s);
}

int lang_syms_set_kallsyms(struct lang_syms *s, const char *path)
{
	return machine_set_kallsyms(&s->machine, path) ? -ENOMEM : 0;
}

/* ---- naming ---------------------------------------------------------------------- */

static void put_hex(struct outbuf *ob, u64 addr)
{
	/* As bpftrace prints an unnamed address (a C++ void *): 0 is "0". */
	if (addr)
		outbuf_hex(ob, addr);
	else
		outbuf_putc(ob, '0');
}

static void put_sym(struct outbuf *ob, const char *name, size_t len, u64 off, bool with_offset)
{
	outbuf_putn(ob, name, len);
	if (with_offset) {
		outbuf_putc(ob, '+');
		outbuf_u64(ob, off);
	}
}

void lang_syms_kernel(struct lang_syms *s, u64 addr, struct outbuf *ob, bool with_offset)
{
	struct addr_location al;
	const char *name;
	size_t len;

	if (!s || !addr) {
		put_hex(ob, addr);
		return;
	}
	machine_resolve(&s->machine, 0, 0, addr, PERF_RECORD_MISC_KERNEL, &al);
	if (!al.sym) {
		put_hex(ob, addr);
		return;
	}
	/* kallsyms.c names module code "sym [module]"; bpftrace shows the
	 * symbol alone. */
	name = al.sym->name;
	len = strlen(name);
	if (len && name[len - 1] == ']') {
		const char *open = strstr(name, " [");

		if (open)
			len = (size_t)(open - name);
	}
	put_sym(ob, name, len, al.symoff, with_offset);
}

/* A process never seen in a record: read its maps from /proc, once (it
 * may have started before tracking, or tracking is off). */
static void ensure_process(struct lang_syms *s, pid_t pid)
{
	struct thread *th = hashmap_get(&s->machine.threads, (u64)(u32)pid);
	struct synth sy = { synth_emit, s, &s->synth_ev, 0 };

	if (th && th->maps && th->maps->nr)
		return;
	if (s->from_file)
		return;
	if (pid <= 0 || hashmap_get(&s->tried, (u64)(u32)pid))
		return;
	if (hashmap_put(&s->tried, (u64)(u32)pid, s))
		return;
	synthesize_thread(&sy, pid, pid, true);
}

void lang_syms_user(struct lang_syms *s, pid_t pid, u64 addr, struct outbuf *ob, bool with_offset)
{
	struct addr_location al;

	if (!s || !addr) {
		put_hex(ob, addr);
		return;
	}
	ensure_process(s, pid);
	machine_resolve(&s->machine, pid, pid, addr, PERF_RECORD_MISC_USER, &al);
	if (!al.sym) {
		put_hex(ob, addr);
		return;
	}
	put_sym(ob, al.sym->name, strlen(al.sym->name), al.symoff, with_offset);
}
