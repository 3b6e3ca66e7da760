/* scry report: histograms and callchain trees of a data file, offline, in
 * perf report --stdio's layout; folded stacks and an SVG flame graph.
 *
 * Every sample becomes a chain of frames (leaf first): the sampled ip, then
 * its frame-pointer callchain, or for --call-graph dwarf samples the kernel
 * part of the callchain followed by the user stack unwound offline. Each
 * frame is resolved through the process model (machine) once; the frames
 * feed one histogram per event (util/hist), keyed by the --sort keys. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "builtin.h"
#include "util/perfdata/data-file.h"
#include "util/debug.h"
#include "util/core/evlist.h"
#include "util/profile/flamegraph.h"
#include "util/profile/hist.h"
#include "util/symbols/machine.h"
#include "util/options.h"
#include "util/perfdata/portable.h"
#include "util/core/session.h"
#include "util/symbols/srcline.h"
#include "util/strpool.h"
#include "util/core/tp-format.h"
#include "util/perfdata/tracing-data.h"
#include "util/symbols/unwind.h"

#define MAX_CHAIN 1024
/* Resolved addresses, direct-mapped by (address space, ip): a profile hits
 * the same few thousand addresses millions of times. */
#define RCACHE_SLOTS (1u << 16)

struct rcache_slot {
	const void *space;      /* the maps looked in (a process's, or the kernel's) */
	u64 ip;
	u64 gen;                /* valid while it equals report.maps_gen */
	u16 mode;
	struct addr_location al;
};
#define DEFAULT_SORT "comm,dso,sym"

/* Per-event state: the histogram and what is needed to read its fields. */
struct report_event {
	struct hists hists;
	struct tep_format_field *field;  /* the --sort field, when this event has it */
	bool field_looked_up;
};

struct report {
	/* options */
	const char *input;
	const char *sort_arg;
	const char *callgraph_arg;
	const char *comm_list, *pid_list, *tid_list, *dso_list, *sym_list;
	const char *flamegraph_path;
	const char *symfs;
	double percent_limit;
	double min_percent;     /* of callchain branches */
	int children;           /* -1: default (on when the file has callchains) */
	int max_stack;
	bool caller_order_set, caller_order;
	bool show_nr;
	bool header, header_only;
	bool stats;
	bool quiet;
	bool folded;
	bool no_chains;         /* -g none */
	bool inline_frames;
	bool stdio;
	int verbose;

	struct sort_spec sort;
	struct data_reader *reader;
	struct evlist evlist;
	struct session session;
	struct machine machine;
	struct portable portable;       /* the file's embedded symbols; outlives machine */
	struct tp_formats formats;
	bool formats_loaded, formats_failed;
	struct strpool strings;
	struct srcline_cache *srclines;
	struct report_event *events;    /* by evsel idx */
	size_t nr_events;
	bool has_callchains;

	/* counts for --stats and the header */
	u64 record_counts[PERF_RECORD_HEADER_MAX];
	u64 lost;
	u64 filtered_samples;

	struct outbuf out;
	struct rcache_slot *rcache;
	struct unwind_ctx *unwind;      /* made at the first --call-graph dwarf sample */
	u64 unwind_ips[MAX_CHAIN];
	u64 maps_gen;                   /* bumped by every record that changes maps */
	struct flame *flame;            /* --folded, --flamegraph */
	struct outbuf name;             /* scratch for frame names */
};

static const char *const report_usage[] = {
	"scry report [<options>]",
	NULL,
};

/* ---- option helpers ------------------------------------------------------- */

/* Whether s is one of the comma-separated items of list (NULL list: yes). */
static bool in_list(const char *list, const char *s)
{
	size_t n;

	if (!list)
		return true;
	if (!s)
		return false;
	n = strlen(s);
	for (const char *p = list; *p;) {
		const char *c = strchr(p, ',');
		size_t len = c ? (size_t)(c - p) : strlen(p);
		if (len == n && !strncmp(p, s, n))
			return true;
		if (!c)
			break;
		p = c + 1;
	}
	return false;
}

static bool in_num_list(const char *list, long v)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%ld", v);
	return in_list(list, buf);
}

static int opt_children(const struct opt *o, const char *arg, void *ctx)
{
	struct report *r = ctx;

	(void)arg;
	r->children = !strcmp(o->long_name, "children");
	return 0;
}

/* -g [graph|folded|none][,MIN_PERCENT][,caller|callee] in any order. */
static int parse_callgraph(struct report *r)
{
	char *copy, *save = NULL, *tok;

	if (!r->callgraph_arg)
		return 0;
	copy = strdup(r->callgraph_arg);
	if (!copy)
		return -1;
	for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		char *end;
		double v;
		if (!strcmp(tok, "graph") || !strcmp(tok, "fractal") || !strcmp(tok, "function"))
			continue;
		if (!strcmp(tok, "none")) {
			r->no_chains = true;
			continue;
		}
		if (!strcmp(tok, "caller") || !strcmp(tok, "callee")) {
			r->caller_order_set = true;
			r->caller_order = tok[4] == 'e' && tok[5] == 'r';
			continue;
		}
		if (!strcmp(tok, "folded")) {
			r->folded = true;
			continue;
		}
		errno = 0;
		v = strtod(tok, &end);
		if (!errno && end != tok && !*end && v >= 0 && v <= 100) {
			r->min_percent = v;
			continue;
		}
		pr_err("report: -g: unknown item '%s' (graph, none, folded, a minimum percent, caller, callee)", tok);
		free(copy);
		return -1;
	}
	free(copy);
	return 0;
}

/* ---- tracepoint fields ------------------------------------------------------ */

static void load_formats(struct report *r)
{
	const struct data_header *h = data_reader_header(r->reader);
	char err[256];

	if (r->formats_loaded || r->formats_failed || !h->tracing_data)
		return;
	if (tracing_data_load(&r->formats, h->tracing_data, h->tracing_data_size, err, sizeof(err)) < 0) {
		pr_warn("%s: tracepoint formats unreadable (%s)", r->input, err);
		r->formats_failed = true;
	} else {
		r->formats_loaded = true;
	}
}

static struct report_event *event_of(struct report *r, struct evsel *e)
{
	if ((size_t)e->idx >= r->nr_events) {
		size_t n = (size_t)e->idx + 1;
		struct report_event *v = realloc(r->events, n * sizeof(*v));
		if (!v)
			return NULL;
		for (size_t i = r->nr_events; i < n; i++) {
			memset(&v[i], 0, sizeof(v[i]));
			hists_init(&v[i].hists, &r->sort);
		}
		r->events = v;
		r->nr_events = n;
	}
	return &r->events[e->idx];
}

/* The value of the --sort field in this sample, interned ("" when absent). */
static const char *field_value(struct report *r, struct report_event *re, struct evsel *e,
			       const struct perf_sample *s)
{
	char buf[256];
	struct tep_format_field *f;

	if (!re->field_looked_up) {
		re->field_looked_up = true;
		if (evsel_is_tracepoint(e) && !strcmp(e->name, r->sort.field_event)) {
			struct tep_event *tp;
			load_formats(r);
			tp = r->formats_loaded ? tp_formats_by_id(&r->formats, (int)e->attr.config) : NULL;
			re->field = tp ? tep_find_field(tp, r->sort.field_name) : NULL;
		}
	}
	f = re->field;
	buf[0] = '\0';
	if (f && s->raw_data && (u64)f->offset + (u64)f->size <= s->raw_size) {
		const char *p = (const char *)s->raw_data + f->offset;
		if (f->flags & TEP_FIELD_IS_DYNAMIC) {
			u32 loc, len;
			memcpy(&loc, p, 4);
			len = loc >> 16;
			if ((loc & 0xffff) + (u64)len <= s->raw_size)
				snprintf(buf, sizeof(buf), "%.*s", (int)strnlen((const char *)s->raw_data + (loc & 0xffff), len),
					 (const char *)s->raw_data + (loc & 0xffff));
		} else if (f->flags & TEP_FIELD_IS_STRING) {
			snprintf(buf, sizeof(buf), "%.*s", (int)strnlen(p, (size_t)f->size), p);
		} else {
			u64 v;
			if (tp_field_u64(f, s->raw_data, s->raw_size, &v)) {
				if (f->flags & TEP_FIELD_IS_SIGNED) {
					s64 sv = f->size == 4 ? (s32)v : f->size == 2 ? (s16)v : f->size == 1 ? (s8)v : (s64)v;
					snprintf(buf, sizeof(buf), "%lld", (long long)sv);
				} else {
					snprintf(buf, sizeof(buf), "%llu", (unsigned long long)v);
				}
			}
		}
	}
	return strpool_intern(&r->strings, buf);
}

/* ---- samples -> frames --------------------------------------------------------- */

static const char *srcline_of(struct report *r, const struct addr_location *al)
{
	char buf[512];

	if (al->dso && al->map) {
		const struct srcline_info *si = srcline_find(r->srclines, al->dso, al->addr);
		if (si->file) {
			snprintf(buf, sizeof(buf), "%s:%u", si->file, si->line);
			return strpool_intern(&r->strings, buf);
		}
	}
	/* perf's fallbacks: symbol+offset, or dso[address] */
	if (al->sym)
		snprintf(buf, sizeof(buf), "%s+%llu", al->sym->name, (unsigned long long)al->symoff);
	else if (al->dso)
		snprintf(buf, sizeof(buf), "%s[%llx]", al->dso->name, (unsigned long long)al->addr);
	else
		snprintf(buf, sizeof(buf), "??:0");
	return strpool_intern(&r->strings, buf);
}

/* Append the frame of ip (and the functions inlined there, innermost first). */
static void resolve(struct report *r, const void *uspace, const struct perf_sample *s, u64 ip, u16 mode,
		    struct addr_location *al)
{
	bool kernel = mode == PERF_RECORD_MISC_KERNEL || mode == PERF_RECORD_MISC_GUEST_KERNEL;
	const void *space = kernel ? (const void *)&r->machine.kmaps : uspace;
	u64 h = (ip ^ (ip >> 17) ^ ((u64)(uintptr_t)space >> 4)) * 0x9e3779b97f4a7c15ULL;
	struct rcache_slot *slot = &r->rcache[h >> (64 - 16)];

	if (space && slot->space == space && slot->ip == ip && slot->mode == mode && slot->gen == r->maps_gen) {
		*al = slot->al;
		return;
	}
	machine_resolve(&r->machine, (pid_t)s->pid, (pid_t)s->tid, ip, mode, al);
	if (space) {
		slot->space = space;
		slot->ip = ip;
		slot->mode = mode;
		slot->gen = r->maps_gen;
		slot->al = *al;
	}
}

static size_t add_frame(struct report *r, const void *space, const struct hist_key *base,
			const struct perf_sample *s, u64 ip, u16 cpumode, struct hist_frame *out, size_t n,
			size_t max)
{
	struct addr_location al;
	struct hist_frame f;

	if (n >= max)
		return n;
	resolve(r, space, s, ip, cpumode, &al);
	f.k = *base;
	f.k.dso = al.map ? al.dso : NULL;
	f.k.sym = al.sym;
	f.k.addr = al.map ? al.addr : ip;
	/* Outside any map, perf keeps the level the sample was taken at. */
	f.k.kernel = al.map ? al.kernel : base->kernel;
	if (r->sort.need_srcline)
		f.k.srcline = srcline_of(r, &al);
	f.f = (struct callchain_frame){ .sym = al.sym, .dso = f.k.dso, .ip = ip, .inlined = NULL };
	if (r->inline_frames && al.sym && al.map && !al.kernel && !r->no_chains) {
		const struct srcline_info *si = srcline_find(r->srclines, al.dso, al.addr);
		for (unsigned i = 0; i < si->nr_inlines && n < max; i++) {
			out[n] = f;
			out[n].f.inlined = si->inlines[i];
			n++;
		}
	}
	if (n < max)
		out[n++] = f;
	return n;
}

/* One stack for the pictures: the command as the root (as FlameGraph's
 * stackcollapse-perf does), then the frames from the outermost caller;
 * kernel frames end in "_[k]", unresolved ones are their address. */
static int flame_add_sample(struct report *r, const char *comm, const struct hist_frame *frames, size_t n)
{
	const char *names[MAX_CHAIN + 1];
	size_t offs[MAX_CHAIN + 1];
	struct outbuf *ob = &r->name;

	outbuf_reset(ob);
	offs[0] = 0;
	outbuf_puts(ob, comm[0] ? comm : "[unknown]");
	outbuf_putc(ob, '\0');
	for (size_t i = 0; i < n; i++) {
		const struct hist_frame *f = &frames[n - 1 - i];
		offs[i + 1] = ob->len;
		callchain_frame_name(&f->f, ob);
		if (f->k.kernel)
			outbuf_puts(ob, "_[k]");
		outbuf_putc(ob, '\0');
	}
	if (ob->error)
		return -1;
	for (size_t i = 0; i <= n; i++)
		names[i] = ob->buf + offs[i];
	return flame_add(r->flame, names, n + 1, 1);
}

static int on_sample(struct session *s, struct evsel *e, const struct perf_sample *smp,
		     const struct perf_event_header *h)
{
	struct report *r = s->tool->priv;
	struct hist_frame frames[MAX_CHAIN];
	struct hist_key base;
	struct report_event *re;
	struct thread *t;
	u16 cpumode = h->misc & PERF_RECORD_MISC_CPUMODE_MASK;
	size_t n = 0, max = r->max_stack > 0 && r->max_stack < MAX_CHAIN ? (size_t)r->max_stack : MAX_CHAIN;
	const char *comm;
	const void *space;

	r->record_counts[PERF_RECORD_SAMPLE]++;
	t = (s32)smp->tid == -1 ? NULL : machine_thread(&r->machine, (pid_t)smp->pid, (pid_t)smp->tid);
	comm = t && t->comm[0] ? t->comm : smp->tid == 0 ? "swapper" : ":-1";
	if (!in_list(r->comm_list, comm) || (r->pid_list && !in_num_list(r->pid_list, (s32)smp->pid)) ||
	    (r->tid_list && !in_num_list(r->tid_list, (s32)smp->tid))) {
		r->filtered_samples++;
		return 0;
	}
	re = event_of(r, e);
	if (!re)
		return -1;
	space = t ? t->maps : NULL;
	memset(&base, 0, sizeof(base));
	base.comm = strpool_intern(&r->strings, comm);
	base.pid = (s32)smp->pid;
	base.tid = (s32)smp->tid;
	base.cpu = smp->has_cpu ? (s32)smp->cpu : -1;
	base.kernel = cpumode == PERF_RECORD_MISC_KERNEL || cpumode == PERF_RECORD_MISC_GUEST_KERNEL;
	if (r->sort.field_event)
		base.field = field_value(r, re, e, smp);

	if (smp->user_regs_abi && smp->user_stack_size) {
		/* --call-graph dwarf: the kernel part of the chain, then the
		 * user stack unwound from the sample's registers and stack. */
		u16 mode = cpumode;
		int got;
		r->has_callchains = true;
		for (u64 i = 0; i < smp->callchain_nr && smp->callchain[i] != PERF_CONTEXT_USER && n < max; i++) {
			if (callchain_context(smp->callchain[i], &mode))
				continue;
			n = add_frame(r, space, &base, smp, smp->callchain[i], mode, frames, n, max);
		}
		if (!r->unwind && !(r->unwind = unwind_new(&r->machine)))
			return -1;
		got = unwind_sample(r->unwind, (pid_t)smp->pid, (pid_t)smp->tid, smp, e->attr.sample_regs_user,
				    r->unwind_ips, (int)(max - n < MAX_CHAIN ? max - n : MAX_CHAIN));
		for (int i = 0; i < got && n < max; i++)
			n = add_frame(r, space, &base, smp, r->unwind_ips[i], PERF_RECORD_MISC_USER, frames, n, max);
	} else if (smp->callchain_nr) {
		u16 mode = cpumode;
		r->has_callchains = true;
		for (u64 i = 0; i < smp->callchain_nr && n < max; i++) {
			if (callchain_context(smp->callchain[i], &mode))
				continue;
			n = add_frame(r, space, &base, smp, smp->callchain[i], mode, frames, n, max);
		}
	}
	if (!n)
		n = add_frame(r, space, &base, smp, smp->ip, cpumode, frames, 0, max);
	/* --dso/--symbols, as perf applies them: to where the sample hit (its
	 * callers still get their children entries), and percentages stay
	 * of all the samples. */
	if ((r->dso_list && !in_list(r->dso_list, frames[0].k.dso ? frames[0].k.dso->name : "[unknown]")) ||
	    (r->sym_list && !in_list(r->sym_list, frames[0].k.sym ? frames[0].k.sym->name : NULL))) {
		r->filtered_samples++;
		re->hists.total_period += smp->period ? smp->period : 1;
		return 0;
	}
	/* perf names an unresolved caller by its raw address (the sampled
	 * frame by its DSO offset); keep its keys so entries match. */
	for (size_t i = 1; i < n; i++)
		if (!frames[i].k.sym)
			frames[i].k.addr = frames[i].f.ip;
	if (r->flame)
		return flame_add_sample(r, comm, frames, n);
	if (hists_add_sample(&re->hists, frames, n, smp->period ? smp->period : 1, r->children == 1,
			     r->caller_order, r->has_callchains && !r->no_chains))
		return -1;
	return 0;
}

static int on_record(struct session *s, struct evsel *e, const struct perf_event_header *h,
		     const struct perf_sample *id)
{
	struct report *r = s->tool->priv;

	(void)e;
	(void)id;
	if (h->type < PERF_RECORD_HEADER_MAX)
		r->record_counts[h->type]++;
	if (h->type == PERF_RECORD_MMAP || h->type == PERF_RECORD_MMAP2 || h->type == PERF_RECORD_FORK ||
	    h->type == PERF_RECORD_EXIT || h->type == PERF_RECORD_COMM)       /* COMM: exec replaces the maps */
		r->maps_gen++;
	machine_process(&r->machine, h);
	return 0;
}

static void on_lost(struct session *s, int cpu, u64 nr, u64 time)
{
	struct report *r = s->tool->priv;

	(void)cpu;
	(void)time;
	r->lost += nr;
}

/* ---- output ---------------------------------------------------------------------- */

static void print_count_k(struct outbuf *ob, u64 n)
{
	if (n >= 1000000000ull)
		outbuf_printf(ob, "%lluG", (unsigned long long)(n / 1000000000ull));
	else if (n >= 1000000ull)
		outbuf_printf(ob, "%lluM", (unsigned long long)(n / 1000000ull));
	else if (n >= 1000ull)
		outbuf_printf(ob, "%lluK", (unsigned long long)(n / 1000ull));
	else
		outbuf_printf(ob, "%llu ", (unsigned long long)n);      /* perf: "44  of event" */
}

static bool entry_shown(const struct report *r, const struct hist_entry *he, u64 total)
{
	u64 v = r->children == 1 ? he->children_period : he->self_period;

	if (he->filtered || !v)
		return false;

	return !(r->percent_limit > 0 && total && 100.0 * (double)v / (double)total < r->percent_limit);
}

static void print_percent(struct outbuf *ob, u64 v, u64 total)
{
	outbuf_printf(ob, "%7.2f%%", total ? 100.0 * (double)v / (double)total : 0.0);
}

static void print_hists(struct report *r, struct evsel *e, struct report_event *re)
{
	struct outbuf *ob = &r->out;
	struct hists *h = &re->hists;
	const struct sort_spec *sp = &r->sort;
	size_t width[SORT_MAX_KEYS];
	bool hide[SORT_MAX_KEYS];
	struct outbuf tmp;
	u64 total = 0;
	bool chains = r->has_callchains && !r->no_chains && !r->folded;
	struct callchain_print_opts co;

	total = h->total_period;
	if (hists_sort(h, r->children == 1)) {
		pr_err("report: out of memory");
		return;
	}

	outbuf_init_mem(&tmp);
	for (unsigned k = 0; k < sp->nr; k++) {
		width[k] = strlen(sort_key_header(sp, k));
		/* A filter with one value makes its column say nothing: perf
		 * leaves it out. */
		hide[k] = (sp->keys[k] == SK_COMM && r->comm_list && !strchr(r->comm_list, ',')) ||
			  (sp->keys[k] == SK_DSO && r->dso_list && !strchr(r->dso_list, ','));
	}
	for (size_t i = 0; i < h->nr; i++) {
		if (!entry_shown(r, h->v[i], total))
			continue;
		for (unsigned k = 0; k < sp->nr; k++) {
			outbuf_reset(&tmp);
			sort_key_print(sp, k, &h->v[i]->k, &tmp);
			if (tmp.len > width[k])
				width[k] = tmp.len;
		}
	}

	if (!r->quiet) {
		outbuf_printf(ob, "#\n# Samples: ");
		print_count_k(ob, h->nr_samples);
		outbuf_printf(ob, " of event '%s'\n# Event count (approx.): %llu\n#\n", e->name,
			  (unsigned long long)total);
		outbuf_puts(ob, r->children == 1 ? "# Children      Self" : "# Overhead");
		if (r->show_nr)
			outbuf_puts(ob, "       Samples");
		for (unsigned k = 0; k < sp->nr; k++)
			if (!hide[k])
				outbuf_printf(ob, "  %-*s", (int)width[k], sort_key_header(sp, k));
		outbuf_puts(ob, "\n# ........");
		if (r->children == 1)
			outbuf_puts(ob, "  ........");
		if (r->show_nr)
			outbuf_puts(ob, "  ............");
		for (unsigned k = 0; k < sp->nr; k++) {
			if (hide[k])
				continue;
			outbuf_puts(ob, "  ");
			for (size_t j = 0; j < width[k]; j++)
				outbuf_putc(ob, '.');
		}
		outbuf_puts(ob, "\n#\n");
	}

	co.total = total;
	co.min_hit = (u64)((double)total * r->min_percent / 100.0);
	co.left_margin = 12;
	co.skip_first = sp->keys[0] == SK_SYM;  /* perf: the first frame repeats the entry */
	for (size_t i = 0; i < h->nr; i++) {
		struct hist_entry *he = h->v[i];
		size_t start;
		if (!entry_shown(r, he, total))
			continue;
		start = ob->len;
		outbuf_puts(ob, "  ");
		if (r->children == 1) {
			print_percent(ob, he->children_period, total);
			outbuf_puts(ob, "  ");
		}
		print_percent(ob, he->self_period, total);
		if (r->show_nr)
			outbuf_printf(ob, "  %12llu", (unsigned long long)he->self_samples);
		for (unsigned k = 0; k < sp->nr; k++) {
			size_t col;
			if (hide[k])
				continue;
			outbuf_puts(ob, "  ");
			col = ob->len;
			sort_key_print(sp, k, &he->k, ob);
			if (k + 1 < sp->nr)
				while (ob->len - col < width[k])
					outbuf_putc(ob, ' ');
		}
		/* the line is at least "  " + percent: keep it even when empty keys */
		(void)start;
		outbuf_putc(ob, '\n');
		if (chains) {
			size_t before = ob->len;
			co.parent = r->children == 1 ? he->children_period : he->self_period;
			callchain_print_graph(ob, &he->chain, &co);
			if (ob->len != before)
				outbuf_putc(ob, '\n');
		}
		if (ob->len > (1u << 19))
			outbuf_flush(ob);
	}
	outbuf_release(&tmp);
}

static void print_stats(struct report *r)
{
	struct outbuf *ob = &r->out;
	u64 total = 0;

	for (u32 t = 0; t < PERF_RECORD_HEADER_MAX; t++)
		total += r->record_counts[t];
	outbuf_puts(ob, "\nAggregated stats:\n");
	outbuf_printf(ob, "%20s events: %10llu\n", "TOTAL", (unsigned long long)total);
	for (u32 t = 0; t < PERF_RECORD_HEADER_MAX; t++) {
		if (!r->record_counts[t])
			continue;
		outbuf_printf(ob, "%20s events: %10llu  (%4.1f%%)\n",
			  t == PERF_RECORD_FINISHED_ROUND ? "FINISHED_ROUND" : record_type_name(t),
			  (unsigned long long)r->record_counts[t], 100.0 * (double)r->record_counts[t] / (double)total);
	}
	outbuf_printf(ob, "%20s        %10llu\n", "LOST records:", (unsigned long long)r->lost);
	for (size_t i = 0; i < r->nr_events; i++) {
		struct evsel *e = (size_t)r->evlist.nr > i ? r->evlist.evsels[i] : NULL;
		outbuf_printf(ob, "%s stats:\n%20s events: %10llu\n", e ? e->name : "?", "SAMPLE",
			  (unsigned long long)r->events[i].hists.nr_samples);
	}
}

static int report_pictures(struct report *r)
{
	int rc = 0;

	if (r->folded && flame_write_folded(r->flame, stdout)) {
		pr_err("report: cannot write the folded stacks: %s", strerror(errno));
		rc = -1;
	}
	if (r->flamegraph_path) {
		FILE *f = fopen(r->flamegraph_path, "we");
		char sub[512];
		const struct data_header *h = data_reader_header(r->reader);
		struct flame_svg_opts o = { .title = "scry flame graph", .subtitle = sub, .units = "samples" };

		snprintf(sub, sizeof(sub), "%s%s%s: %llu samples", r->input, h->hostname ? " from " : "",
			 h->hostname ? h->hostname : "", (unsigned long long)flame_total(r->flame));
		if (!f) {
			pr_err("report: cannot create %s: %s", r->flamegraph_path, strerror(errno));
			return -1;
		}
		if (flame_write_svg(r->flame, f, &o))
			rc = -1;
		if (fclose(f) && !rc) {
			pr_err("report: cannot write %s: %s", r->flamegraph_path, strerror(errno));
			rc = -1;
		}
	}
	fflush(stdout);
	return rc;
}

/* ---- main ------------------------------------------------------------------------- */

static const char *default_input(void)
{
	if (!access("scry.data", R_OK))
		return "scry.data";
	if (!access("perf.data", R_OK))
		return "perf.data";
	return "scry.data";
}

/* Whether any event of the file samples callchains: decides --children's
 * default before the first sample is seen. */
static bool file_has_callchains(struct report *r)
{
	u32 nr;
	u64 g;
	const struct file_attr *attrs = data_reader_attrs(r->reader, &nr, &g);

	for (u32 i = 0; i < nr; i++)
		if (attrs[i].attr.sample_type & (PERF_SAMPLE_CALLCHAIN | PERF_SAMPLE_STACK_USER))
			return true;
	return false;
}

static int report_main(struct report *r)
{
	struct session_tool tool = { .sample = on_sample, .record = on_record, .lost = on_lost, .priv = r };
	char err[512];
	int rc;

	r->reader = data_reader_open(r->input, err, sizeof(err));
	if (!r->reader) {
		pr_err("%s: %s", r->input, err);
		return 1;
	}
	if (outbuf_init_fd(&r->out, STDOUT_FILENO, 1u << 20))
		return 1;
	if (data_reader_note(r->reader))
		pr_warn("%s: %s", r->input, data_reader_note(r->reader));
	if (r->header || r->header_only) {
		u32 nr;
		u64 g;
		const struct file_attr *attrs = data_reader_attrs(r->reader, &nr, &g);
		data_header_print(data_reader_header(r->reader), attrs, nr, &r->out);
		if (r->header_only) {
			outbuf_flush(&r->out);
			return r->out.error ? 1 : 0;
		}
	}
	if (portable_attach(&r->portable, &r->machine, data_reader_header(r->reader), err, sizeof(err)) < 0)
		pr_warn("%s: %s: not used (symbols come from this machine's files)", r->input, err);
	if (r->children < 0)
		r->children = file_has_callchains(r);
	if (!r->caller_order_set)
		r->caller_order = r->children == 1;
	if (tp_formats_init(&r->formats, NULL))
		return 1;
	r->session.tool = &tool;
	rc = session_file_run(&r->session, r->reader, err, sizeof(err));
	if (rc < 0)
		pr_err("%s: %s%s", r->input, err, r->session.stats.samples ? " (the report covers what came before)" : "");

	if (r->stats) {
		print_stats(r);
	} else if (r->folded || r->flamegraph_path) {
		if (report_pictures(r))
			rc = -1;
	} else {
		if (!r->quiet && !r->header)
			outbuf_puts(&r->out, "# To display the data file's header, use --header or --header-only.\n#\n");
		if (!r->quiet) {
			outbuf_printf(&r->out, "#\n# Total Lost Samples: %llu\n", (unsigned long long)r->lost);
			if (r->unwind) {
				const struct unwind_stats *us = unwind_stats(r->unwind);
				outbuf_printf(&r->out,
					  "# DWARF unwinding: %llu samples, %llu complete, %llu partial, %llu not unwound"
					  " (kept with the frames found)\n",
					  (unsigned long long)us->samples, (unsigned long long)us->unwound,
					  (unsigned long long)us->partial, (unsigned long long)us->failed);
			}
		}
		for (size_t i = 0; i < r->nr_events; i++) {
			if (!r->events[i].hists.nr_samples)
				continue;
			print_hists(r, r->evlist.evsels[i], &r->events[i]);
			outbuf_putc(&r->out, '\n');
		}
	}
	outbuf_flush(&r->out);
	if (r->out.error && r->out.error != EPIPE) {
		pr_err("report: cannot write the output: %s", strerror(r->out.error));
		return 1;
	}
	return rc < 0 ? 1 : 0;
}

int cmd_report(int argc, const char **argv)
{
	struct report *r = calloc(1, sizeof(*r));
	char err[256];
	int idx, rc = 1;

	if (!r)
		return 1;
	r->children = -1;
	r->max_stack = 127;     /* perf's default (kernel.perf_event_max_stack) */
	r->min_percent = 0.5;
	struct opt opts[] = {
		{ OPT_STRING, 'i', "input", &r->input, "FILE", "the data file (default scry.data, then perf.data; - for stdin)", 0, NULL },
		{ OPT_BOOL, 0, "stdio", &r->stdio, NULL, "text output (the only kind; accepted for perf's scripts)", OPT_NONEG, NULL },
		{ OPT_STRING, 's', "sort", &r->sort_arg, "KEYS",
		  "sort by comm,pid,tid,dso,sym,srcline,symoff,cpu or a tracepoint field sys:event.field (default comm,dso,sym)", 0, NULL },
		{ OPT_DOUBLE, 0, "percent-limit", &r->percent_limit, "N", "hide entries below N percent", 0, NULL },
		{ OPT_CALLBACK, 0, "children", NULL, NULL, "entries include their callees' samples (default with callchains)", OPT_NOARG, opt_children },
		{ OPT_CALLBACK, 0, "no-children", NULL, NULL, "entries count only their own samples", OPT_NOARG, opt_children },
		{ OPT_STRING, 'g', "call-graph", &r->callgraph_arg, "graph|none|folded,MIN%,caller|callee",
		  "callchain display: tree, threshold for branches (default 0.5), order", 0, NULL },
		{ OPT_INT, 0, "max-stack", &r->max_stack, "N", "use at most N frames of each chain (default 127)", 0, NULL },
		{ OPT_STRING, 0, "comm", &r->comm_list, "LIST", "only these commands (comma-separated)", 0, NULL },
		{ OPT_STRING, 0, "pid", &r->pid_list, "LIST", "only these process ids", 0, NULL },
		{ OPT_STRING, 0, "tid", &r->tid_list, "LIST", "only these thread ids", 0, NULL },
		{ OPT_STRING, 'd', "dso", &r->dso_list, "LIST", "only these DSOs (by file name)", 0, NULL },
		{ OPT_STRING, 'S', "symbols", &r->sym_list, "LIST", "only these symbols", 0, NULL },
		{ OPT_BOOL, 'n', "show-nr-samples", &r->show_nr, NULL, "a column with the number of samples", OPT_NONEG, NULL },
		{ OPT_BOOL, 0, "header", &r->header, NULL, "show the file's header (features) first", OPT_NONEG, NULL },
		{ OPT_BOOL, 0, "header-only", &r->header_only, NULL, "show only the header", OPT_NONEG, NULL },
		{ OPT_BOOL, 0, "stats", &r->stats, NULL, "record counts by type and lost records, no histogram", OPT_NONEG, NULL },
		{ OPT_BOOL, 0, "inline", &r->inline_frames, NULL, "show the functions inlined at each callchain address, from DWARF", 0, NULL },
		{ OPT_BOOL, 0, "folded", &r->folded, NULL, "print folded stacks (root;...;leaf COUNT) for flame graph tools", OPT_NONEG, NULL },
		{ OPT_STRING, 0, "flamegraph", &r->flamegraph_path, "FILE.svg", "write an interactive SVG flame graph", 0, NULL },
		{ OPT_STRING, 0, "symfs", &r->symfs, "DIR", "look for binaries under DIR", 0, NULL },
		{ OPT_BOOL, 'q', "quiet", &r->quiet, NULL, "no header comments, just the entries", OPT_NONEG, NULL },
		{ OPT_COUNT, 'v', "verbose", &r->verbose, NULL, "more messages", 0, NULL },
		OPT_END_MARK,
	};

	idx = options_parse(opts, argc, argv, "report", report_usage, false, r);
	if (idx < 0) {
		free(r);
		return options_exit_status(idx);
	}
	log_set_level(r->verbose);
	if (idx < argc) {
		pr_err("report: unexpected argument '%s' (the input is given with -i)", argv[idx]);
		rc = options_usage_error(opts, report_usage);
		goto out;
	}
	if (r->percent_limit < 0 || r->percent_limit > 100) {
		pr_err("report: --percent-limit must be between 0 and 100");
		rc = options_usage_error(opts, report_usage);
		goto out;
	}
	if (parse_callgraph(r)) {
		rc = options_usage_error(opts, report_usage);
		goto out;
	}
	if (sort_spec_parse(&r->sort, r->sort_arg ? r->sort_arg : DEFAULT_SORT, err, sizeof(err))) {
		pr_err("report: %s", err);
		rc = options_usage_error(opts, report_usage);
		goto out;
	}
	if (!r->input)
		r->input = default_input();
	r->srclines = srcline_new();
	r->rcache = calloc(RCACHE_SLOTS, sizeof(*r->rcache));
	r->maps_gen = 1;
	if (!r->srclines || !r->rcache) {
		srcline_free(r->srclines);
		free(r->rcache);
		goto out_sort;
	}
	strpool_init(&r->strings);
	evlist_init(&r->evlist);
	session_init(&r->session, &r->evlist, NULL);
	machine_init(&r->machine);
	if (r->symfs)
		r->machine.dsos.root = r->symfs;
	outbuf_init_mem(&r->name);
	if (r->folded || r->flamegraph_path) {
		r->flame = flame_new();
		if (!r->flame)
			goto out_sort;
	}
	rc = report_main(r);
	for (size_t i = 0; i < r->nr_events; i++)
		hists_free(&r->events[i].hists);
	free(r->events);
	session_release(&r->session);
	machine_free(&r->machine);
	evlist_release(&r->evlist);
	tp_formats_release(&r->formats);
	outbuf_release(&r->out);
	if (r->reader)
		data_reader_close(r->reader);
	strpool_free(&r->strings);
	srcline_free(r->srclines);
	unwind_free(r->unwind);
	free(r->rcache);
	flame_free(r->flame);
	portable_release(&r->portable);
	outbuf_release(&r->name);
out_sort:
	sort_spec_free(&r->sort);
out:
	free(r);
	return rc;
}
