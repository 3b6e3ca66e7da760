#include "util/trace/sc-stack.h"

#include <asm/perf_regs.h>
#include <stdlib.h>
#include <string.h>

#include "util/hashmap.h"
#include "util/perfdata/synthesize.h"
#include "util/symbols/machine.h"
#include "util/symbols/sample-chain.h"

/* The registers a dwarf stack record carries, in perf's order (lowest
 * PERF_REG_X86_* bit first): what the unwinder reads of a sample. */
#define STACK_REGS_MASK ((1ull << PERF_REG_X86_BP) | (1ull << PERF_REG_X86_SP) | (1ull << PERF_REG_X86_IP))

/* One STACK record, copied: the record's memory is the ring's. */
struct held_stack {
	int nr;
	u32 pid;
	u64 ts_exit;
	bool dwarf;
	u16 nr_kips, nr_uips;
	u64 regs[3];            /* bp, sp, ip (STACK_REGS_MASK order) */
	u32 len;
	u64 *ips;               /* kernel then user */
	void *data;
};

struct sc_stacks {
	bool live;
	struct machine machine;
	struct sample_chain chain;
	bool chain_ok;
	struct hashmap held;    /* tid -> struct held_stack */
	struct hashmap read;    /* pid -> (maps gen + 1) when /proc/PID/maps was last read */
	struct evsel synth_ev;  /* synthesize.c's records: no sample_id trailer */
	u64 *chain_buf;         /* the callchain handed to sample_chain_frames */
	struct sample_frame *frames;
};

#define MAX_FRAMES (2 * SCRY_SC_STACK_IPS + 2)

struct sc_stacks *sc_stacks_new(bool live)
{
	struct sc_stacks *s = calloc(1, sizeof(*s));

	if (!s)
		return NULL;
	s->live = live;
	machine_init(&s->machine);
	hashmap_init(&s->held);
	hashmap_init(&s->read);
	s->chain_buf = malloc(MAX_FRAMES * sizeof(*s->chain_buf));
	s->frames = malloc(MAX_FRAMES * sizeof(*s->frames));
	if (!s->chain_buf || !s->frames) {
		sc_stacks_free(s);
		return NULL;
	}
	return s;
}

static void held_free(struct held_stack *h)
{
	if (!h)
		return;
	free(h->ips);
	free(h->data);
	free(h);
}

void sc_stacks_free(struct sc_stacks *s)
{
	size_t it = 0;
	void *v;

	if (!s)
		return;
	while (hashmap_next(&s->held, &it, NULL, &v))
		held_free(v);
	hashmap_free(&s->held);
	hashmap_free(&s->read);
	if (s->chain_ok)
		sample_chain_release(&s->chain);
	machine_free(&s->machine);
	free(s->chain_buf);
	free(s->frames);
	free(s);
}

void sc_stacks_record(struct sc_stacks *s, const struct perf_event_header *h)
{
	switch (h->type) {
	case PERF_RECORD_MMAP:
	case PERF_RECORD_MMAP2:
	case PERF_RECORD_COMM:
	case PERF_RECORD_FORK:
	case PERF_RECORD_EXIT:
		machine_process(&s->machine, h);
		break;
	default:
		break;
	}
}

void sc_stacks_hold(struct sc_stacks *s, const struct sc_event *ev)
{
	const struct sc_event_stack *st = &ev->stack;
	struct held_stack *h = calloc(1, sizeof(*h));
	size_t nips = (size_t)st->nr_kips + st->nr_uips;

	if (!h)
		return;
	h->nr = ev->nr;
	h->pid = ev->pid;
	h->ts_exit = ev->ts_exit;
	h->dwarf = st->dwarf;
	h->nr_kips = st->nr_kips;
	h->nr_uips = st->nr_uips;
	h->regs[0] = st->regs[2];       /* the record has ip, sp, bp */
	h->regs[1] = st->regs[1];
	h->regs[2] = st->regs[0];
	h->len = st->len;
	h->ips = malloc(nips * sizeof(u64) + 1);
	h->data = malloc(st->len + 1);
	if (!h->ips || !h->data) {
		held_free(h);
		return;
	}
	/* Unaligned in the record (RAW data follows a u32 size). */
	memcpy(h->ips, st->kips, (size_t)st->nr_kips * sizeof(u64));
	memcpy(h->ips + st->nr_kips, st->uips, (size_t)st->nr_uips * sizeof(u64));
	memcpy(h->data, st->data, st->len);
	/* A stack whose call never reached the printer is replaced. */
	held_free(hashmap_del(&s->held, ev->tid));
	if (hashmap_put(&s->held, ev->tid, h))
		held_free(h);
}

static int synth_into_machine(void *arg, const struct perf_event_header *h)
{
	machine_process(arg, h);
	return 0;
}

/* Live: read /proc/PID/maps into the machine, again only once its maps
 * have changed since the last read (an address outside every map it has
 * may be a library mapped since, by a process no record described). */
static bool refresh_maps(struct sc_stacks *s, pid_t pid)
{
	struct thread *th = machine_thread(&s->machine, pid, pid);
	struct synth sy = { synth_into_machine, &s->machine, &s->synth_ev, 0 };
	u64 mark;

	if (!s->live || pid <= 0 || !th || !th->maps)
		return false;
	mark = (u64)(uintptr_t)hashmap_get(&s->read, (u64)(u32)pid);
	if (mark == th->maps->gen + 1)
		return false;
	if (synthesize_thread(&sy, pid, pid, true))
		return false;
	th = machine_thread(&s->machine, pid, pid);
	if (th && th->maps)
		hashmap_put(&s->read, (u64)(u32)pid, (void *)(uintptr_t)(th->maps->gen + 1));
	return true;
}

/* Kernel frames of the tracing itself, which a stack taken in a raw
 * tracepoint's BPF program starts with (the one on a syscall's own
 * tracepoint starts at its caller): not the call's, so not shown, as perf
 * trace starts at syscall_exit_work. Name prefixes; "[bpf]" ends a BPF
 * program's kallsyms name. */
static const char *const tracing_frames[] = { "bpf_trace_run", "__bpf_trace_", "__traceiter_", "bpf_prog_" };

static bool is_tracing_frame(const struct addr_location *al)
{
	const char *name = al->sym ? al->sym->name : NULL;
	size_t len = name ? strlen(name) : 0;

	if (!al->kernel || !name)
		return false;
	if (len > 6 && !strcmp(name + len - 6, " [bpf]"))
		return true;
	for (size_t i = 0; i < sizeof(tracing_frames) / sizeof(tracing_frames[0]); i++)
		if (!strncmp(name, tracing_frames[i], strlen(tracing_frames[i])))
			return true;
	return false;
}

static void print_frame(struct outbuf *out, const struct addr_location *al)
{
	size_t start = out->len;

	outbuf_pad(out, start, SC_STACK_INDENT);
	if (al->sym) {
		outbuf_puts(out, al->sym->name);
		outbuf_putc(out, '+');
		outbuf_hex(out, al->symoff);
	} else {
		outbuf_puts(out, "[unknown]");
	}
	outbuf_puts(out, " (");
	outbuf_puts(out, al->dso ? al->dso->path : "[unknown]");
	outbuf_puts(out, ")\n");
}

static void print_stack(struct sc_stacks *s, const struct held_stack *h, u32 tid, struct outbuf *out)
{
	struct perf_sample smp;
	size_t n = 0, nframes;
	struct thread *th;
	bool leading = true;    /* still in the tracing's own frames */

	if (!s->chain_ok) {
		if (sample_chain_init(&s->chain, &s->machine))
			return;
		s->chain_ok = true;
	}
	/* A callchain as perf writes it: context markers, then the ips. */
	if (h->nr_kips) {
		s->chain_buf[n++] = PERF_CONTEXT_KERNEL;
		memcpy(s->chain_buf + n, h->ips, h->nr_kips * sizeof(u64));
		n += h->nr_kips;
	}
	s->chain_buf[n++] = PERF_CONTEXT_USER;
	memcpy(s->chain_buf + n, h->ips + h->nr_kips, h->nr_uips * sizeof(u64));
	n += h->nr_uips;
	memset(&smp, 0, sizeof(smp));
	smp.pid = h->pid;
	smp.tid = tid;
	smp.time = h->ts_exit;
	smp.callchain = s->chain_buf;
	smp.callchain_nr = n;
	if (h->dwarf && h->regs[2]) {
		smp.user_regs_abi = PERF_SAMPLE_REGS_ABI_64;
		smp.user_regs = h->regs;
		smp.user_stack = h->data;
		smp.user_stack_size = h->len;
		smp.ip = h->regs[2];
	}
	/* Maps of a process no record described (a -p target): from /proc. */
	th = machine_thread(&s->machine, (pid_t)h->pid, (pid_t)tid);
	if (th && th->maps && !th->maps->nr)
		refresh_maps(s, (pid_t)h->pid);
	nframes = sample_chain_frames(&s->chain, &smp, STACK_REGS_MASK, PERF_RECORD_MISC_USER, h->dwarf,
				      s->frames, MAX_FRAMES, SCRY_SC_STACK_IPS);
	for (size_t i = 0; i < nframes; i++) {
		struct addr_location al;

		sample_chain_resolve(&s->chain, &smp, th, s->frames[i].ip, s->frames[i].cpumode, &al);
		if (!al.map && !al.kernel && refresh_maps(s, (pid_t)h->pid))
			sample_chain_resolve(&s->chain, &smp, th, s->frames[i].ip, s->frames[i].cpumode, &al);
		if (leading && is_tracing_frame(&al))
			continue;
		leading = false;
		print_frame(out, &al);
	}
}

void sc_stacks_after_call(struct sc_stacks *s, const struct sc_event *ev, bool show, struct outbuf *out)
{
	struct held_stack *h = hashmap_get(&s->held, ev->tid);

	/* Only the stacks of this very call (the record just before it). */
	if (!h || h->ts_exit != ev->ts_exit || h->nr != ev->nr)
		return;
	hashmap_del(&s->held, ev->tid);
	if (show)
		print_stack(s, h, ev->tid, out);
	held_free(h);
}
