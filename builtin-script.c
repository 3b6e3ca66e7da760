/* scry script: the events of a data file, one line each, with tracepoint
 * fields decoded from the file's own formats and symbolized callchains;
 * or as JSON lines, or the raw records with their offsets (-D). */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "builtin.h"
#include "util/perfdata/file-session.h"
#include "util/perfdata/time-range.h"
#include "util/perfdata/sample-filter.h"
#include "util/perfdata/script-fields.h"
#include "util/debug.h"
#include "util/core/evlist.h"
#include "util/symbols/machine.h"
#include "util/options.h"
#include "util/strutil.h"
#include "util/core/session.h"
#include "util/core/target.h"
#include "util/lang/eval.h"
#include "util/lang/runtime.h"
#include "util/core/tp-format.h"
#include "util/symbols/fetch.h"
#include "util/symbols/sample-chain.h"
#include "util/symbols/srcline.h"

/* User frames unwound from a dwarf sample's stack copy, at most. */
#define UNWIND_MAX 256

struct script {
	const char *input;
	const char *time_arg;           /* --time */
	struct time_ranges time;
	struct script_fields spec;      /* -F, in the order given */
	bool fields_given;
	unsigned fields;                /* what spec shows of the sample being printed */
	/* Which samples: perf script's --comms, --pid (-p), --tid, --cpu. */
	const char *comms, *tids, *cpus;
	struct sample_filter filter;
	bool hide_call_graph;           /* -G */
	bool inline_frames;             /* --inline */
	struct srcline_cache *srclines; /* for --inline */
	bool header;
	bool header_only;
	bool dump;
	bool json;
	bool quiet;                     /* -q: bpftrace's quiet */
	bool show_stats;
	int verbose;
	/* The aggregation language (util/lang): -e PROGRAM or --file FILE. */
	const char *program, *program_file;
	const char *pid;                /* -p PID: only that process (a file's: those pids) */
	unsigned map_entries, ringbuf_kb;
	bool dry_run;
	bool unsafe;             /* --unsafe: system() may run commands */
	const char *format;             /* -f text|json */
	const char *folded, *flamegraph; /* maps keyed by stacks, drawn */
	const char *interval;           /* --interval SECONDS (argdist's -i) */
	unsigned count, top;            /* --count N prints, --top N entries */

	struct file_session fs;         /* outlives machine (its embedded symbols) */
	struct evlist evlist;
	struct session session;
	struct machine machine;
	const char *dump_embedded;      /* --dump-embedded DIR */
	struct outbuf out;
	u64 nr_samples;
	struct sample_chain chain;      /* resolves the frames of each sample */
	struct sample_frame frames[SAMPLE_CHAIN_MAX];   /* the sample's */
};

static const char *const script_usage[] = {
	"scry script [<options>]",
	"scry script -e 'PROGRAM' [-p PID] [ARG...] [-- CMD [ARGS]]",
	"scry script --file PROGRAM.bt [-p PID] [ARG...] [-- CMD [ARGS]]",
	"scry script -e 'PROGRAM' -i FILE [ARG...]",
	NULL,
};

/* -F LIST (given again: applied in order, as perf does). */
static int fields_option(const struct opt *o, const char *arg, void *ctx)
{
	struct script *sc = ctx;
	char err[512];

	(void)o;
	if (script_fields_parse(&sc->spec, arg, err, sizeof(err))) {
		pr_err("script: %s", err);
		return -1;
	}
	sc->fields_given = true;
	return 0;
}

/* The filter lists: usage errors when malformed. */
static int parse_filters(struct script *sc)
{
	char err[256] = "";

	if ((sc->comms && sample_filter_comms(&sc->filter, sc->comms, err, sizeof(err))) ||
	    (sc->pid && sample_filter_pids(&sc->filter, sc->pid, err, sizeof(err))) ||
	    (sc->tids && sample_filter_tids(&sc->filter, sc->tids, err, sizeof(err))) ||
	    (sc->cpus && sample_filter_cpus(&sc->filter, sc->cpus, err, sizeof(err)))) {
		pr_err("script: %s", err);
		return -1;
	}
	if (sc->hide_call_graph)
		for (int k = 0; k < SK_NR; k++)
			sc->spec.show[k] &= ~SF_CALLCHAIN;
	return 0;
}

/* ---- text output ------------------------------------------------------- */

static void print_time(struct outbuf *ob, u64 ns)
{
	outbuf_u64(ob, ns / NSEC_PER_SEC);
	outbuf_putc(ob, '.');
	{
		u64 us = (ns % NSEC_PER_SEC) / 1000;
		char d[6];
		for (int i = 5; i >= 0; i--) {
			d[i] = (char)('0' + us % 10);
			us /= 10;
		}
		outbuf_putn(ob, d, 6);
	}
}

static void pad_left(struct outbuf *ob, size_t start, size_t width)
{
	size_t n = ob->len - start;

	if (n >= width)
		return;
	outbuf_reserve(ob, width - n);
	if (ob->len + (width - n) > ob->cap)
		return;
	memmove(ob->buf + start + (width - n), ob->buf + start, n);
	memset(ob->buf + start, ' ', width - n);
	ob->len += width - n;
}

static void print_ip(struct outbuf *ob, u64 ip, bool hexpad)
{
	size_t start = ob->len;
	char hex[17];
	int n = 0;
	u64 v = ip;

	do {
		hex[16 - ++n] = "0123456789abcdef"[v & 15];
		v >>= 4;
	} while (v && n < 16);
	outbuf_putn(ob, hex + 16 - n, (size_t)n);
	if (hexpad)
		pad_left(ob, start, 16);
}

/* "ffffffff81234567 func+0x7 (dso)" for one address. */
static void print_location(struct script *sc, struct outbuf *ob, const struct perf_sample *s, struct thread *t,
			   u64 ip, u16 cpumode, bool hexpad)
{
	struct addr_location al;

	sample_chain_resolve(&sc->chain, s, t, ip, cpumode, &al);
	if (sc->fields & SF_IP)
		print_ip(ob, ip, hexpad);
	if (sc->fields & SF_SYM) {
		outbuf_putc(ob, ' ');
		if (al.sym) {
			outbuf_puts(ob, al.sym->name);
			if (sc->fields & SF_SYMOFF) {
				outbuf_puts(ob, "+");
				outbuf_hex(ob, al.symoff);
			}
		} else {
			outbuf_puts(ob, "[unknown]");
		}
	}
	if (sc->fields & SF_DSO) {
		outbuf_puts(ob, " (");
		outbuf_puts(ob, al.dso ? al.dso->path : "[unknown]");
		outbuf_putc(ob, ')');
	}
}

/* --inline: what DWARF says is inlined at a user address of a callchain,
 * innermost first (util/symbols/srcline.h); NULL for none. */
static const struct srcline_info *inlined_at(struct script *sc, const struct perf_sample *s, struct thread *t,
					     u64 ip, u16 cpumode, struct addr_location *al)
{
	const struct srcline_info *si;

	if (!sc->inline_frames)
		return NULL;
	sample_chain_resolve(&sc->chain, s, t, ip, cpumode, al);
	if (!al->sym || !al->map || al->kernel)
		return NULL;
	si = srcline_find(sc->srclines, al->dso, al->addr);
	return si->nr_inlines ? si : NULL;
}

/* The inlined functions at ip, a line each before the frame of the
 * function they are inlined into, as perf script prints them:
 * "ip name+off (inlined)" (the offset is in the outer function). */
static void print_inlined(struct script *sc, struct outbuf *ob, const struct perf_sample *s, struct thread *t,
			  u64 ip, u16 cpumode)
{
	struct addr_location al;
	const struct srcline_info *si = inlined_at(sc, s, t, ip, cpumode, &al);

	if (!si || !(sc->fields & SF_SYM))
		return;
	for (unsigned i = 0; i < si->nr_inlines; i++) {
		outbuf_putc(ob, '\t');
		if (sc->fields & SF_IP)
			print_ip(ob, ip, true);
		outbuf_putc(ob, ' ');
		outbuf_puts(ob, si->inlines[i]);
		if (sc->fields & SF_SYMOFF) {
			outbuf_puts(ob, "+");
			outbuf_hex(ob, al.symoff);
		}
		outbuf_puts(ob, " (inlined)\n");
	}
}

/* The file's formats, loaded on first use (a pipe's arrive as a record
 * after its attrs); a warning once if they do not parse. */
static bool load_formats(struct script *sc)
{
	char err[256];
	int loaded = file_session_load_formats(&sc->fs, err, sizeof(err));

	if (loaded < 0 && err[0])
		pr_warn("%s: tracepoint formats unreadable (%s): fields are not shown", sc->fs.path, err);
	return loaded > 0;
}

static struct tep_event *tp_of(struct script *sc, struct evsel *e)
{
	if (!evsel_is_tracepoint(e))
		return NULL;
	if (!load_formats(sc))
		return NULL;
	if (!e->tp_format) {
		struct tep_event *tp = tp_formats_by_id(&sc->fs.formats, (int)e->attr.config);
		e->tp_format = tp;
		/* No name in the file: the format has it. */
		if (tp && !strncmp(e->name, "tracepoint:", 11)) {
			char *n = malloc(strlen(tp->system) + strlen(tp->name) + 2);
			if (n) {
				sprintf(n, "%s:%s", tp->system, tp->name);
				free(e->name);
				e->name = n;
			}
		}
	}
	return e->tp_format;
}

/* The sample's thread; none for tid -1 (a tracepoint hit where no task
 * was current), which perf shows as ":-1". */
static struct thread *sample_thread(struct script *sc, const struct perf_sample *s)
{
	if ((s32)s->tid == -1)
		return NULL;
	return machine_thread(&sc->machine, (pid_t)s->pid, (pid_t)s->tid);
}

/* The sample's command: its thread's, "swapper" for the idle task (pid 0,
 * as perf calls it), else unknown. */
static const char *sample_comm(const struct thread *t, const struct perf_sample *s, const char *unknown)
{
	return t && t->comm[0] ? t->comm : s->tid == 0 ? "swapper" : unknown;
}

/* The frames to show: the sample's callchain, or for a sample with user
 * registers and stack (--call-graph dwarf) its kernel part followed by the
 * user frames the unwinder finds (when callchains are shown), as perf
 * script shows them. Whether the sample has a chain at all: a callchain
 * of markers only still gets its (empty) block. */
static size_t sample_frames(struct script *sc, struct evsel *e, const struct perf_sample *s, u16 cpumode,
			    bool *has_chain)
{
	size_t n = sample_chain_frames(&sc->chain, s, e->attr.sample_regs_user, cpumode,
				       (sc->fields & SF_CALLCHAIN) != 0, sc->frames, SAMPLE_CHAIN_MAX, UNWIND_MAX);

	*has_chain = s->callchain_nr || n;
	return n;
}

static void print_sample_text(struct script *sc, struct evsel *e, const struct perf_sample *s, u16 cpumode)
{
	bool has_chain;
	size_t nr_frames = sample_frames(sc, e, s, cpumode, &has_chain);
	struct outbuf *ob = &sc->out;
	struct thread *t = sample_thread(sc, s);
	unsigned f = sc->fields;
	struct tep_event *tp = tp_of(sc, e);
	size_t start;

	if (f & SF_COMM) {
		start = ob->len;
		outbuf_puts(ob, sample_comm(t, s, ":-1"));
		pad_left(ob, start, 16);
		outbuf_putc(ob, ' ');
	}
	if (f & (SF_PID | SF_TID)) {
		/* perf's "%5d/%-5d ", or one of them "%5d " */
		start = ob->len;
		outbuf_s64(ob, (s32)((f & SF_PID) ? s->pid : s->tid));
		pad_left(ob, start, 5);
		if ((f & SF_PID) && (f & SF_TID)) {
			outbuf_putc(ob, '/');
			start = ob->len;
			outbuf_s64(ob, (s32)s->tid);
			while (ob->len - start < 5)
				outbuf_putc(ob, ' ');
		}
		outbuf_putc(ob, ' ');
	}
	if ((f & SF_CPU) && s->has_cpu) {
		outbuf_putc(ob, '[');
		start = ob->len;
		outbuf_u64(ob, s->cpu);
		if (ob->len - start < 3) {
			/* zero-padded to three digits, as perf prints it */
			size_t n = ob->len - start;
			outbuf_reserve(ob, 3 - n);
			memmove(ob->buf + start + (3 - n), ob->buf + start, n);
			memset(ob->buf + start, '0', 3 - n);
			ob->len += 3 - n;
		}
		outbuf_puts(ob, "] ");
	}
	if (f & SF_TIME) {
		print_time(ob, s->time);
		outbuf_puts(ob, ": ");
	}
	if (f & SF_PERIOD) {
		start = ob->len;
		outbuf_u64(ob, s->period);
		pad_left(ob, start, 10);
		outbuf_putc(ob, ' ');
	}
	if (f & SF_EVENT) {
		outbuf_puts(ob, e->name);
		outbuf_puts(ob, ": ");
	}
	if (tp && (f & SF_TRACE) && s->raw_data) {
		tp_print_fields(&sc->fs.formats, tp, s->raw_data, s->raw_size, (int)s->cpu, s->time, ob);
	} else if (!tp && !(has_chain && (f & SF_CALLCHAIN)) && (f & (SF_IP | SF_SYM | SF_DSO))) {
		outbuf_putc(ob, ' ');
		print_location(sc, ob, s, t, s->ip, cpumode, true);
	}
	outbuf_putc(ob, '\n');
	if (has_chain && (f & SF_CALLCHAIN)) {
		for (size_t i = 0; i < nr_frames; i++) {
			print_inlined(sc, ob, s, t, sc->frames[i].ip, sc->frames[i].cpumode);
			outbuf_putc(ob, '\t');
			print_location(sc, ob, s, t, sc->frames[i].ip, sc->frames[i].cpumode, true);
			outbuf_putc(ob, '\n');
		}
		outbuf_putc(ob, '\n');
	}
}

/* ---- JSON output --------------------------------------------------------- */

static void json_str(struct outbuf *ob, const char *s)
{
	outbuf_putc(ob, '"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\') {
			outbuf_putc(ob, '\\');
			outbuf_putc(ob, (char)c);
		} else if (c < 0x20) {
			outbuf_printf(ob, "\\u%04x", c);
		} else {
			outbuf_putc(ob, (char)c);
		}
	}
	outbuf_putc(ob, '"');
}

static void json_location(struct script *sc, struct outbuf *ob, const struct perf_sample *s, struct thread *t,
			  u64 ip, u16 mode)
{
	struct addr_location al;

	sample_chain_resolve(&sc->chain, s, t, ip, mode, &al);
	outbuf_puts(ob, "{\"ip\":\"");
	outbuf_hex(ob, ip);
	outbuf_puts(ob, "\",\"sym\":");
	if (al.sym) {
		json_str(ob, al.sym->name);
		outbuf_puts(ob, ",\"symoff\":");
		outbuf_u64(ob, al.symoff);
	} else {
		outbuf_puts(ob, "null");
	}
	outbuf_puts(ob, ",\"dso\":");
	if (al.dso)
		json_str(ob, al.dso->path);
	else
		outbuf_puts(ob, "null");
	outbuf_putc(ob, '}');
}

static void json_fields(struct script *sc, struct tep_event *tp, const struct perf_sample *s, struct outbuf *ob)
{
	int n;
	struct tep_format_field **fields = tp_fields(tp, &n);

	outbuf_puts(ob, ",\"fields\":{");
	for (int i = 0; i < n; i++) {
		struct tep_format_field *fld = fields[i];
		u64 v;
		if (i)
			outbuf_putc(ob, ',');
		json_str(ob, fld->name);
		outbuf_putc(ob, ':');
		if (fld->flags & (TEP_FIELD_IS_STRING | TEP_FIELD_IS_DYNAMIC)) {
			const char *p = (const char *)s->raw_data + fld->offset;
			u32 len = (u32)fld->size;
			char buf[256];
			if (fld->flags & TEP_FIELD_IS_DYNAMIC) {
				u32 loc;
				if ((u32)fld->offset + 4 > s->raw_size) {
					outbuf_puts(ob, "null");
					continue;
				}
				memcpy(&loc, p, 4);
				p = (const char *)s->raw_data + (loc & 0xffff);
				len = loc >> 16;
			}
			if ((const char *)s->raw_data + s->raw_size < p + len)
				len = 0;
			snprintf(buf, sizeof(buf), "%.*s", (int)len, len ? p : "");
			json_str(ob, buf);
		} else if (!(fld->flags & TEP_FIELD_IS_ARRAY) && tp_field_u64(fld, s->raw_data, s->raw_size, &v)) {
			if (fld->flags & TEP_FIELD_IS_SIGNED) {
				s64 sv = fld->size == 4 ? (s32)v : fld->size == 2 ? (s16)v : fld->size == 1 ? (s8)v : (s64)v;
				outbuf_s64(ob, sv);
			} else {
				outbuf_u64(ob, v);
			}
		} else {
			outbuf_puts(ob, "null");
		}
	}
	free(fields);
	outbuf_putc(ob, '}');
	(void)sc;
}

static void print_sample_json(struct script *sc, struct evsel *e, const struct perf_sample *s, u16 cpumode)
{
	struct outbuf *ob = &sc->out;
	struct thread *t = sample_thread(sc, s);
	struct tep_event *tp = tp_of(sc, e);
	bool has_chain;
	size_t nr_frames = sample_frames(sc, e, s, cpumode, &has_chain);

	outbuf_puts(ob, "{\"comm\":");
	json_str(ob, sample_comm(t, s, ""));
	outbuf_printf(ob, ",\"pid\":%d,\"tid\":%d", (s32)s->pid, (s32)s->tid);
	/* a sample without its CPU has none to show (perf invents no 0) */
	if (s->has_cpu)
		outbuf_printf(ob, ",\"cpu\":%u", s->cpu);
	outbuf_printf(ob, ",\"time\":%llu,\"period\":%llu,\"event\":", (unsigned long long)s->time,
		      (unsigned long long)s->period);
	json_str(ob, e->name);
	if (tp && s->raw_data) {
		json_fields(sc, tp, s, ob);
	} else {
		outbuf_puts(ob, ",\"location\":");
		json_location(sc, ob, s, t, s->ip, cpumode);
	}
	if (has_chain && (sc->fields & SF_CALLCHAIN)) {
		outbuf_puts(ob, ",\"callchain\":[");
		for (size_t i = 0; i < nr_frames; i++) {
			struct addr_location al;
			const struct srcline_info *si =
				inlined_at(sc, s, t, sc->frames[i].ip, sc->frames[i].cpumode, &al);
			if (i)
				outbuf_putc(ob, ',');
			for (unsigned j = 0; si && j < si->nr_inlines; j++) {
				outbuf_puts(ob, "{\"ip\":\"");
				outbuf_hex(ob, sc->frames[i].ip);
				outbuf_puts(ob, "\",\"sym\":");
				json_str(ob, si->inlines[j]);
				outbuf_printf(ob, ",\"symoff\":%llu,\"inlined\":true},", (unsigned long long)al.symoff);
			}
			json_location(sc, ob, s, t, sc->frames[i].ip, sc->frames[i].cpumode);
		}
		outbuf_putc(ob, ']');
	}
	outbuf_puts(ob, "}\n");
}

/* ---- session callbacks --------------------------------------------------- */

static int on_sample(struct session *s, struct evsel *e, const struct perf_sample *smp,
		     const struct perf_event_header *h)
{
	struct script *sc = s->tool->priv;
	u16 cpumode = h->misc & PERF_RECORD_MISC_CPUMODE_MASK;

	if (time_ranges_skip(&sc->time, smp->time))
		return 0;
	if (!script_fields_shows(&sc->spec, e->attr.type) ||
	    !sample_filter_match(&sc->filter, sample_comm(sample_thread(sc, smp), smp, ""), smp))
		return 0;
	sc->fields = script_fields_of(&sc->spec, e->attr.type, e->attr.sample_type);
	sc->nr_samples++;
	if (sc->json)
		print_sample_json(sc, e, smp, cpumode);
	else
		print_sample_text(sc, e, smp, cpumode);
	if (sc->out.len > (1u << 19))
		outbuf_flush(&sc->out);
	return sc->out.error ? -1 : 0;
}

static int on_record(struct session *s, struct evsel *e, const struct perf_event_header *h,
		     const struct perf_sample *id)
{
	struct script *sc = s->tool->priv;

	(void)e;
	(void)id;
	machine_process(&sc->machine, h);
	return 0;
}

static void on_lost(struct session *s, int cpu, u64 nr, u64 time)
{
	struct script *sc = s->tool->priv;

	(void)time;
	if (!sc->json)
		outbuf_printf(&sc->out, "LOST %llu events on CPU %d\n", (unsigned long long)nr, cpu);
}

/* ---- -D: records as they are in the file ---------------------------------- */

static int dump_record(struct script *sc, const struct perf_event_header *h, u64 off)
{
	struct outbuf *ob = &sc->out;
	struct evsel *e = h->type < 64 ? evlist_event_of(&sc->evlist, h) : NULL;
	struct perf_sample s;

	outbuf_printf(ob, "%#llx [%#x]: PERF_RECORD_%s", (unsigned long long)off, h->size,
		  h->type == PERF_RECORD_FINISHED_ROUND ? "FINISHED_ROUND" : record_type_name(h->type));
	if (h->type == PERF_RECORD_SAMPLE && e && !sample_parse(h, &e->layout, &s)) {
		outbuf_printf(ob, "(misc %#x): %d/%d", h->misc, (s32)s.pid, (s32)s.tid);
		if (s.has_cpu)  /* none invented for samples without it */
			outbuf_printf(ob, " cpu %u", s.cpu);
		outbuf_printf(ob, " time %llu: ip %#llx period %llu event %s", (unsigned long long)s.time,
			      (unsigned long long)s.ip, (unsigned long long)s.period, e->name);
		if (s.callchain_nr)
			outbuf_printf(ob, " callchain %llu", (unsigned long long)s.callchain_nr);
		if (s.raw_data)
			outbuf_printf(ob, " raw %u", s.raw_size);
	} else if (h->type == PERF_RECORD_COMM && h->size >= 16) {
		const u32 *p = (const u32 *)(h + 1);
		outbuf_printf(ob, ": %d/%d: %.16s", (s32)p[0], (s32)p[1], (const char *)(p + 2));
	} else if ((h->type == PERF_RECORD_FORK || h->type == PERF_RECORD_EXIT) && h->size >= 24) {
		const u32 *p = (const u32 *)(h + 1);
		outbuf_printf(ob, "(%d:%d):(%d:%d)", (s32)p[0], (s32)p[2], (s32)p[1], (s32)p[3]);
	} else if (h->type == PERF_RECORD_MMAP2 && h->size > 80) {
		const u32 *p = (const u32 *)(h + 1);
		const u64 *q = (const u64 *)(p + 2);
		const char *name = (const char *)(h + 1) + 8 + 24 + 24 + 8;
		size_t max = h->size - (size_t)(name - (const char *)h);
		outbuf_printf(ob, " %d/%d: [%#llx(%#llx) @ %#llx]: %.*s", (s32)p[0], (s32)p[1], (unsigned long long)q[0],
			  (unsigned long long)q[1], (unsigned long long)q[2], (int)strnlen(name, max), name);
	} else if (h->type == PERF_RECORD_MMAP && h->size > 40) {
		const u32 *p = (const u32 *)(h + 1);
		const u64 *q = (const u64 *)(p + 2);
		const char *name = (const char *)(q + 3);
		size_t max = h->size - (size_t)(name - (const char *)h);
		outbuf_printf(ob, " %d/%d: [%#llx(%#llx) @ %#llx]: %.*s", (s32)p[0], (s32)p[1], (unsigned long long)q[0],
			  (unsigned long long)q[1], (unsigned long long)q[2], (int)strnlen(name, max), name);
	} else if (h->type == PERF_RECORD_LOST && h->size >= 24) {
		const u64 *q = (const u64 *)(h + 1);
		outbuf_printf(ob, ": id %llu lost %llu", (unsigned long long)q[0], (unsigned long long)q[1]);
	}
	outbuf_putc(ob, '\n');
	if (ob->len > (1u << 19))
		outbuf_flush(ob);
	return 0;
}

static int run_dump(struct script *sc, char *err, size_t errlen)
{
	u64 gen = ~0ull;

	for (;;) {
		const struct perf_event_header *h;
		u64 off, g;
		u32 nr;
		const struct file_attr *attrs;
		int n = data_reader_next(sc->fs.reader, &h, &off, err, errlen);

		attrs = data_reader_attrs(sc->fs.reader, &nr, &g);
		if (g != gen) {
			evlist_add_file_attrs(&sc->evlist, attrs, nr);
			gen = g;
		}
		if (n <= 0)
			return n;
		dump_record(sc, h, off);
	}
}

/* ---- main ------------------------------------------------------------------ */

/* What -F and --cpu ask of the file's events, checked before any sample
 * is printed: one line, as perf has it, when the samples lack it. */
static int check_events(struct script *sc)
{
	u32 nr;
	u64 gen;
	const struct file_attr *attrs = data_reader_attrs(sc->fs.reader, &nr, &gen);
	char err[512];

	if (evlist_add_file_attrs(&sc->evlist, attrs, nr)) {
		pr_err("script: out of memory");
		return -1;
	}
	for (int i = 0; i < sc->evlist.nr; i++) {
		const struct evsel *e = sc->evlist.evsels[i];
		if (!script_fields_shows(&sc->spec, e->attr.type))
			continue;
		if (script_fields_check(&sc->spec, e->name, e->attr.type, e->attr.sample_type, err, sizeof(err))) {
			pr_err("script: %s", err);
			return -1;
		}
		if (sample_filter_has_cpus(&sc->filter) && !(e->attr.sample_type & PERF_SAMPLE_CPU)) {
			pr_err("script: %s: the samples of '%s' do not carry their CPU: remove --cpu (-C)", sc->fs.path,
			       e->name);
			return -1;
		}
	}
	return 0;
}

static int script_main(struct script *sc)
{
	struct session_tool tool = { .sample = on_sample, .record = on_record, .lost = on_lost, .priv = sc };
	char err[512];
	int rc;

	if (file_session_open(&sc->fs, sc->input, err, sizeof(err))) {
		pr_err("%s", err);
		return 1;
	}
	if (outbuf_init_fd(&sc->out, STDOUT_FILENO, 1u << 20))
		return 1;
	if (time_ranges_resolve(&sc->time, file_session_header(&sc->fs)->has_sample_time,
				file_session_header(&sc->fs)->first_sample_time,
				file_session_header(&sc->fs)->last_sample_time, err, sizeof(err))) {
		pr_err("%s: %s", sc->fs.path, err);
		return 1;
	}
	if (file_session_note(&sc->fs))
		pr_warn("%s: %s", sc->fs.path, file_session_note(&sc->fs));
	if (sc->header || sc->header_only) {
		file_session_print_header(&sc->fs, &sc->out);
		if (sc->header_only) {
			outbuf_flush(&sc->out);
			return sc->out.error ? 1 : 0;
		}
	}
	if (sc->dump_embedded) {
		rc = portable_dump(file_session_header(&sc->fs), sc->dump_embedded, &sc->out, err, sizeof(err));
		outbuf_flush(&sc->out);
		if (rc)
			pr_err("%s: %s", sc->fs.path, err);
		return rc ? 1 : 0;
	}
	if (!sc->dump && (file_session_check_samples(&sc->fs, "script") || check_events(sc)))
		return 1;
	if (file_session_attach(&sc->fs, &sc->machine, err, sizeof(err)) < 0)
		pr_warn("%s: %s: not used (symbols come from this machine's files)", sc->fs.path, err);
	if (sc->dump) {
		rc = run_dump(sc, err, sizeof(err));
	} else {
		sc->session.tool = &tool;
		load_formats(sc);
		rc = session_file_run(&sc->session, sc->fs.reader, err, sizeof(err));
	}
	outbuf_flush(&sc->out);
	/* A failed write stops the session too: say which failure it was. */
	if (sc->out.error && sc->out.error != EPIPE) {
		pr_err("script: cannot write the output: %s", strerror(sc->out.error));
		return 1;
	}
	if (rc < 0) {
		pr_err("%s: %s", sc->fs.path, err);
		return 1;
	}
	if (sc->show_stats)
		fprintf(stderr, "scry script: %llu samples, %llu records, %llu lost, %llu unparsable\n",
			(unsigned long long)sc->session.stats.samples, (unsigned long long)sc->session.stats.records,
			(unsigned long long)sc->session.stats.lost, (unsigned long long)sc->session.stats.unparsable);
	if (sc->show_stats && sample_chain_unwind_stats(&sc->chain)) {
		const struct unwind_stats *us = sample_chain_unwind_stats(&sc->chain);
		fprintf(stderr, "scry script: dwarf unwinding: %llu samples, %llu complete, %llu partial, %llu failed\n",
			(unsigned long long)us->samples, (unsigned long long)us->unwound,
			(unsigned long long)us->partial, (unsigned long long)us->failed);
	}
	return 0;
}

/* A program file: its text, NUL-terminated (the lexer skips a #! line). */
static char *read_program(const char *path, size_t *len)
{
	FILE *f = fopen(path, "re");
	struct outbuf ob;
	char buf[4096];
	size_t n;
	char *text;

	if (!f) {
		pr_err("script: --file %s: %s", path, strerror(errno));
		return NULL;
	}
	outbuf_init_mem(&ob);
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		outbuf_putn(&ob, buf, n);
	if (ferror(f)) {
		pr_err("script: --file %s: %s", path, strerror(errno));
		fclose(f);
		outbuf_release(&ob);
		return NULL;
	}
	fclose(f);
	*len = ob.len;
	text = strdup(outbuf_cstr(&ob));
	outbuf_release(&ob);
	return text;
}

/* The program's text, from -e or --file. */
struct program_src {
	const char *text, *file, *label;
	size_t len;
	char *owned;            /* --file's contents */
};

/* What a program run checks alike live and over a file, and its text:
 * 0, or the exit status of a usage error or an unreadable --file. */
static int program_prepare(struct script *sc, const struct opt *opts, struct program_src *src, bool *json)
{
	memset(src, 0, sizeof(*src));
	if (sc->fields_given || sc->header || sc->header_only || sc->dump || sc->json || sc->comms || sc->tids ||
	    sc->cpus || sc->hide_call_graph || sc->inline_frames || sc->time_arg) {
		pr_err("script: -F, --header, -D, --json, --comms, --tid, --cpu, --time, -G and --inline show a data "
		       "file's events; a program gives its own output");
		return options_usage_error(opts, script_usage);
	}
	if (sc->format && strcmp(sc->format, "text") && strcmp(sc->format, "json")) {
		pr_err("script: unknown output format '%s' (text or json)", sc->format);
		return options_usage_error(opts, script_usage);
	}
	*json = sc->format && !strcmp(sc->format, "json");
	if (sc->program) {
		src->text = sc->program;
		src->len = strlen(sc->program);
		src->file = "-e";
		src->label = sc->program;
		return 0;
	}
	src->owned = read_program(sc->program_file, &src->len);
	if (!src->owned)
		return 1;
	src->text = src->owned;
	src->file = src->label = sc->program_file;
	return 0;
}

/* scry script -e PROGRAM -i FILE: the same program over a data file's
 * events (util/lang/eval.h). */
static int script_program_file(struct script *sc, const struct opt *opts, const char **args, int npos, int ncmd)
{
	struct lang_eval_opts eo = {
		.input = sc->input, .positional = args, .npositional = npos, .map_entries = sc->map_entries,
		.dry_run = sc->dry_run, .folded = sc->folded, .flamegraph = sc->flamegraph, .top = sc->top,
		.show_stats = sc->show_stats, .quiet = sc->quiet,
	};
	struct program_src src;
	char err[4096];
	int rc;

	if (sc->pid || ncmd || sc->ringbuf_kb || sc->interval || sc->count) {
		pr_err("script: with -i the program reads the file's events: -p, -- CMD, --ringbuf-kb, --interval "
		       "and --count run live");
		return options_usage_error(opts, script_usage);
	}
	if ((rc = program_prepare(sc, opts, &src, &eo.json)))
		return rc;
	eo.text = src.text;
	eo.len = src.len;
	eo.file = src.file;
	eo.file_label = src.label;
	rc = lang_eval_file(&eo, err, sizeof(err));
	if (rc < 0) {
		pr_err("%s", err);
		rc = 1;
	}
	free(src.owned);
	return rc;
}

/* -p PID of the language, checked before anything is read: one decimal
 * number in the kernel's pid range (PID_MAX_LIMIT), in bpftrace's words. */
static int check_pid_arg(const char *pid)
{
	char *end;
	long long v;

	errno = 0;
	v = strtoll(pid, &end, 10);
	if (!*pid || *end || !isdigit((unsigned char)*pid)) {
		pr_err("script: pid '%s' is not a valid decimal number", pid);
		return -1;
	}
	if (errno || v < 1 || v > 4194304) {
		pr_err("script: pid '%s' out of valid pid range [1,4194304]", pid);
		return -1;
	}
	return 0;
}

/* scry script -e PROGRAM: the language, live (util/lang/runtime.h).
 * args[0..npos) are the program's $1.., cmd[0..ncmd) the command to run. */
static int script_program(struct script *sc, const struct opt *opts, const char **args, int npos,
			  const char **cmd, int ncmd)
{
	struct lang_run_opts lo = {
		.positional = args, .npositional = npos, .verbose = sc->verbose,
		.map_entries = sc->map_entries, .ringbuf_kb = sc->ringbuf_kb, .dry_run = sc->dry_run,
		.quiet = sc->quiet,
		.unsafe = sc->unsafe,
	};
	struct program_src src;
	char *text = NULL, err[4096];
	int rc;

	if (sc->program && sc->program_file) {
		pr_err("script: give the program with -e or with --file, not both");
		return options_usage_error(opts, script_usage);
	}
	if (sc->input)
		return script_program_file(sc, opts, args, npos, ncmd);
	if (sc->pid && ncmd) {
		pr_err("script: give either a command or -p, not both");
		return options_usage_error(opts, script_usage);
	}
	if (sc->pid && check_pid_arg(sc->pid))
		return options_usage_error(opts, script_usage);
	if (sc->interval && parse_seconds_ms(sc->interval, &lo.interval_ms)) {
		pr_err("script: --interval wants seconds greater than 0 (1, 0.5), not '%s'", sc->interval);
		return options_usage_error(opts, script_usage);
	}
	if (sc->count && !sc->interval) {
		pr_err("script: --count counts --interval's prints: give --interval too");
		return options_usage_error(opts, script_usage);
	}
	if (sc->interval && (sc->folded || sc->flamegraph)) {
		pr_err("script: --folded and --flamegraph draw the whole run; --interval clears the maps each time");
		return options_usage_error(opts, script_usage);
	}
	if ((rc = program_prepare(sc, opts, &src, &lo.json)))
		return rc;
	text = src.owned;
	lo.text = src.text;
	lo.len = src.len;
	lo.file = src.file;
	lo.file_label = src.label;
	lo.count = sc->count;
	lo.top = sc->top;
	lo.folded = sc->folded;
	lo.flamegraph = sc->flamegraph;
	rc = lang_run_targets(&lo, sc->pid, cmd, ncmd, "script", err, sizeof(err));
	if (rc < 0)
		pr_err("%s", err);
	free(text);
	return rc == LANG_RUN_USAGE ? options_usage_error(opts, script_usage) : rc < 0 ? 1 : rc;
}

int cmd_script(int argc, const char **argv)
{
	struct script *sc = calloc(1, sizeof(*sc));
	int idx, rc, ncmd = 0;
	bool no_debuginfod = false;

	if (!sc)
		return 1;
	script_fields_init(&sc->spec);
	struct opt opts[] = {
		{ OPT_STRING, 'i', "input", &sc->input, "FILE", "the data file (default scry.data, then perf.data; - for stdin); with -e, the program runs over its events", 0, NULL },
		{ OPT_CALLBACK, 'F', "fields", NULL, "[TYPE:]LIST",
		  "fields to show: comm,tid,pid,cpu,time,event,ip,sym,symoff,dso,period,trace,callchain; "
		  "+f/-f add/remove; TYPE (hw,sw,trace,raw,synth): those events only", 0, fields_option },
		{ OPT_STRING, 'c', "comms", &sc->comms, "COMM[,COMM]", "only the samples of these commands", 0, NULL },
		{ OPT_STRING, 0, "comm", &sc->comms, "COMM[,COMM]", "the same as --comms", OPT_HIDDEN, NULL },
		{ OPT_STRING, 0, "tid", &sc->tids, "TID[,TID]", "only the samples of these threads", 0, NULL },
		{ OPT_STRING, 'C', "cpu", &sc->cpus, "CPUS", "only the samples taken on these CPUs (0-3,6)", 0, NULL },
		{ OPT_BOOL, 'G', "hide-call-graph", &sc->hide_call_graph, NULL,
		  "do not show the callchains (the sampled address instead)", OPT_NONEG, NULL },
		{ OPT_BOOL, 0, "inline", &sc->inline_frames, NULL,
		  "show the functions inlined at each callchain address, from DWARF", OPT_NONEG, NULL },
		{ OPT_STRING, 0, "time", &sc->time_arg, "START,END",
		  "only samples in this window: seconds.fraction as printed, either end open, several apart by spaces, "
		  "or shares of the file's time (10%/2, 0%-10%)", 0, NULL },
		{ OPT_BOOL, 0, "header", &sc->header, NULL, "show the file's header (features) first", OPT_NONEG, NULL },
		{ OPT_BOOL, 0, "header-only", &sc->header_only, NULL, "show only the header", OPT_NONEG, NULL },
		{ OPT_BOOL, 'D', "dump-raw-trace", &sc->dump, NULL, "the records as they are in the file, with their offsets", OPT_NONEG, NULL },
		{ OPT_BOOL, 0, "json", &sc->json, NULL, "one JSON object per event", OPT_NONEG, NULL },
		{ OPT_STRING, 0, "dump-embedded", &sc->dump_embedded, "DIR",
		  "write the ELF images and kernel symbols the file carries to DIR (and list them)", 0, NULL },
		{ OPT_BOOL, 0, "show-stats", &sc->show_stats, NULL, "counts on stderr at the end", OPT_NONEG, NULL },
		{ OPT_COUNT, 'v', "verbose", &sc->verbose, NULL,
		  "more messages (with -e: the BPF instructions and the verifier's statistics)", 0, NULL },
		{ OPT_GROUP, 0, NULL, NULL, NULL, "The language (bpftrace's), live or over a data file (-i)", 0, NULL },
		{ OPT_STRING, 'e', "program", &sc->program, "PROGRAM",
		  "run this program (scry help script); with -i FILE, over the file's recorded events", 0, NULL },
		{ OPT_STRING, 0, "file", &sc->program_file, "FILE", "run the program in FILE", 0, NULL },
		{ OPT_STRING, 'p', "pid", &sc->pid, "PID",
		  "only this process; stop when it exits (reading a file: the samples of these pids)", 0, NULL },
		{ OPT_UINT, 0, "map-entries", &sc->map_entries, "N", "keys a map can hold (default 4096)", 0, NULL },
		{ OPT_UINT, 0, "ringbuf-kb", &sc->ringbuf_kb, "KB",
		  "the ring carrying printf and other events (default 4096 when probes print, else 64)", 0, NULL },
		{ OPT_BOOL, 0, "dry-run", &sc->dry_run, NULL, "check and compile the program, run nothing", OPT_NONEG, NULL },
		{ OPT_BOOL, 'q', "quiet", &sc->quiet, NULL, "do not say how many probes were attached (bpftrace's -q)", OPT_NONEG, NULL },
		{ OPT_BOOL, 0, "unsafe", &sc->unsafe, NULL, "allow system() to run shell commands", OPT_NONEG, NULL },
		{ OPT_STRING, 'f', "format", &sc->format, "text|json",
		  "how the program's output is written: bpftrace's text (default) or JSON lines", 0, NULL },
		{ OPT_STRING, 0, "folded", &sc->folded, "FILE",
		  "at the end, write the maps keyed by stacks as folded stacks (the values as counts)", 0, NULL },
		{ OPT_STRING, 0, "flamegraph", &sc->flamegraph, "FILE.svg",
		  "at the end, draw the maps keyed by stacks as an interactive SVG flame graph", 0, NULL },
		{ OPT_STRING, 0, "interval", &sc->interval, "SECONDS",
		  "print every map this often, with the time, and clear it (argdist's -i)", 0, NULL },
		{ OPT_UINT, 0, "count", &sc->count, "N", "with --interval: stop after N prints (argdist's -n)", 0, NULL },
		{ OPT_UINT, 0, "top", &sc->top, "N", "print only the N largest entries of each map (argdist's -T)", 0, NULL },
		{ OPT_BOOL, 0, "no-debuginfod", &no_debuginfod, NULL, "do not ask debuginfod servers (DEBUGINFOD_URLS) for missing binaries and debug files", OPT_NONEG, NULL },
		OPT_END_MARK,
	};

	/* What follows "--" is a command to run (the language's -- CMD). */
	for (int i = 1; i < argc; i++)
		if (!strcmp(argv[i], "--")) {
			ncmd = argc - i - 1;
			break;
		}
	idx = options_parse(opts, argc, argv, "script", script_usage, false, sc);
	if (no_debuginfod)
		fetch_disable();
	if (idx < 0) {
		free(sc);
		return options_exit_status(idx);
	}
	if (sc->program || sc->program_file) {
		rc = script_program(sc, opts, argv + idx, argc - idx - ncmd, argv + argc - ncmd, ncmd);
		free(sc);
		return rc;
	}
	if (ncmd || sc->map_entries || sc->ringbuf_kb || sc->dry_run || sc->format || sc->folded || sc->flamegraph ||
	    sc->interval || sc->count || sc->top) {
		pr_err("script: --map-entries, --ringbuf-kb, --dry-run, -f, --folded, --flamegraph, --interval, --count, "
		       "--top and -- CMD go with a program (-e or --file)");
		free(sc);
		return options_usage_error(opts, script_usage);
	}
	log_set_level(sc->verbose);
	rc = 1;
	if (idx < argc) {
		pr_err("script: unexpected argument '%s' (the input is given with -i)", argv[idx]);
		rc = options_usage_error(opts, script_usage);
		goto out;
	}
	if (parse_filters(sc)) {
		rc = options_usage_error(opts, script_usage);
		goto out;
	}
	if (sc->time_arg) {
		char err[256];

		if (time_ranges_parse(&sc->time, sc->time_arg, err, sizeof(err))) {
			pr_err("script: %s", err);
			rc = options_usage_error(opts, script_usage);
			goto out;
		}
	}
	if (sc->inline_frames && !(sc->srclines = srcline_new()))
		goto out;
	evlist_init(&sc->evlist);
	session_init(&sc->session, &sc->evlist, NULL);
	machine_init(&sc->machine);
	rc = sample_chain_init(&sc->chain, &sc->machine) ? 1 : script_main(sc);
	session_release(&sc->session);
	sample_chain_release(&sc->chain);
	machine_free(&sc->machine);
	evlist_release(&sc->evlist);
	file_session_close(&sc->fs);
	outbuf_release(&sc->out);
out:
	sample_filter_release(&sc->filter);
	srcline_free(sc->srclines);
	free(sc);
	return rc;
}
