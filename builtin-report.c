/* scry report: histograms and callchain trees of a data file, offline, in
 * perf report --stdio's layout; folded stacks and an SVG flame graph.
 *
 * Every sample becomes a chain of frames (leaf first): the sampled ip, then
 * its frame-pointer callchain, or for --call-graph dwarf samples the kernel
 * part of the callchain followed by the user stack unwound offline, each
 * frame resolved (util/symbols/sample-chain); the frames feed one
 * histogram per event (util/profile/hist), keyed by the --sort keys and
 * printed by util/profile/hist-print. */
#include <errno.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "builtin.h"
#include "util/perfdata/file-session.h"
#include "util/perfdata/time-range.h"
#include "util/core/cpumap.h"
#include "util/hashmap.h"
#include "util/profile/tasks.h"
#include "util/debug.h"
#include "util/core/evlist.h"
#include "util/profile/flamegraph.h"
#include "util/profile/hist.h"
#include "util/profile/hist-print.h"
#include "util/profile/pprof.h"
#include "util/symbols/fetch.h"
#include "util/symbols/machine.h"
#include "util/options.h"
#include "util/core/session.h"
#include "util/symbols/srcline.h"
#include "util/strpool.h"
#include "util/core/tp-format.h"
#include "util/symbols/sample-chain.h"

#define MAX_CHAIN 1024
#define DEFAULT_SORT "comm,dso,sym"
#define DEFAULT_PARENT "^sys_|^do_page_fault"        /* perf's */

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
	const char *fields_arg;         /* -F: perf's output fields */
	char *fields_sort;              /* the sort keys -F names */
	const char *callgraph_arg;
	const char *comm_list, *pid_list, *tid_list, *dso_list, *sym_list;
	const char *flamegraph_path;
	const char *symfs;
	const char *time_arg, *cpu_arg, *parent_arg;
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
	bool tasks;
	bool exclude_other;
	int verbose;

	struct time_ranges time;        /* --time */
	bool *cpus;                     /* --cpu: by cpu number, nr_cpus of them */
	int nr_cpus;
	regex_t parent_re;              /* --parent, --sort parent, -x */
	bool parent_re_set;
	struct hashmap parent_match;    /* symbol -> 1 matches, 2 does not */

	struct sort_spec sort;
	struct file_session fs;         /* outlives machine (its embedded symbols) */
	struct evlist evlist;
	struct session session;
	struct machine machine;
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
	struct sample_chain chain;      /* the frames of each sample, resolved */
	struct {                        /* threads' interned names, by thread */
		const struct thread *t;
		const char *comm;
	} comms[64];
	struct flame *flame;            /* --folded, --flamegraph */
	const char *pprof_path;         /* --pprof */
	struct pprof *pprof;
	u64 pprof_first_time, pprof_last_time;  /* of the samples exported */
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

/* The value of the --sort field in this sample, interned ("" when absent);
 * a number's bytes also in k, for the order of equal entries. */
static const char *field_value(struct report *r, struct report_event *re, struct evsel *e,
			       const struct perf_sample *s, struct hist_key *k)
{
	char buf[256];
	struct tep_format_field *f;

	if (!re->field_looked_up) {
		re->field_looked_up = true;
		if (evsel_is_tracepoint(e) && !strcmp(e->name, r->sort.field_event)) {
			struct tep_event *tp;
			char err[256];
			int loaded = file_session_load_formats(&r->fs, err, sizeof(err));

			if (loaded < 0 && err[0])
				pr_warn("%s: tracepoint formats unreadable (%s)", r->fs.path, err);
			tp = loaded > 0 ? tp_formats_by_id(&r->fs.formats, (int)e->attr.config) : NULL;
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
				k->field_raw = v;
				k->field_size = (u8)(f->size > 8 ? 8 : f->size);
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

/* comm interned: the thread's name is checked against the one interned for
 * it last time, not hashed again (a COMM record may have renamed it). */
static const char *intern_comm(struct report *r, const struct thread *t, const char *comm)
{
	unsigned i = (unsigned)(((uintptr_t)t >> 6) % ARRAY_SIZE(r->comms));

	if (!t)
		return strpool_intern(&r->strings, comm);
	if (r->comms[i].t != t || strcmp(r->comms[i].comm, comm)) {
		const char *c = strpool_intern(&r->strings, comm);

		if (!c)
			return NULL;
		r->comms[i].t = t;
		r->comms[i].comm = c;
	}
	return r->comms[i].comm;
}

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
/* The key of the frame at al (frame n of its sample). */
static void frame_key(struct report *r, const struct hist_key *base, const struct addr_location *al, u64 ip,
		      size_t n, struct hist_key *k)
{
	*k = *base;
	k->dso = al->map ? al->dso : NULL;
	k->sym = al->sym;
	/* perf names an unresolved caller by its raw address (the sampled
	 * frame by its DSO offset); keep its keys so entries match. */
	k->addr = al->map && (!n || al->sym) ? al->addr : ip;
	/* Outside any map, perf keeps the level the sample was taken at. */
	k->kernel = al->map ? al->kernel : base->kernel;
	if (r->sort.need_srcline)
		k->srcline = srcline_of(r, al);
}

static size_t add_frame(struct report *r, struct thread *t, const struct hist_key *base,
			const struct perf_sample *s, u64 ip, u16 cpumode, struct hist_frame *out, size_t n,
			size_t max)
{
	struct addr_location al;
	struct hist_frame *f;

	if (n >= max)
		return n;
	sample_chain_resolve(&r->chain, s, t, ip, cpumode, &al);
	if (r->inline_frames && al.sym && al.map && !al.kernel && !r->no_chains) {
		const struct srcline_info *si = srcline_find(r->srclines, al.dso, al.addr);
		struct hist_frame fr;

		frame_key(r, base, &al, ip, n, &fr.k);
		fr.f = (struct callchain_frame){ .sym = al.sym, .dso = fr.k.dso, .ip = ip, .inlined = NULL };
		for (unsigned i = 0; i < si->nr_inlines && n < max; i++) {
			out[n] = fr;
			out[n].f.inlined = si->inlines[i];
			n++;
		}
		if (n < max)
			out[n++] = fr;
		return n;
	}
	f = &out[n];
	f->f = (struct callchain_frame){ .sym = al.sym, .dso = al.map ? al.dso : NULL, .ip = ip, .inlined = NULL };
	/* Only the sampled frame's key counts, unless callers get entries
	 * (children) or the frames become a picture. */
	if (!n || r->children == 1 || r->flame || r->pprof)
		frame_key(r, base, &al, ip, n, &f->k);
	return n + 1;
}

/* One stack for the pictures: the command as the root (as FlameGraph's
 * stackcollapse-perf does), then the frames from the outermost caller;
 * unresolved frames are "[unknown]" (stackcollapse-perf's name for them),
 * kernel frames are marked for the SVG's colours, not in their names. */
static int flame_add_sample(struct report *r, const char *comm, const struct hist_frame *frames, size_t n)
{
	const char *names[MAX_CHAIN + 1];
	bool kernel[MAX_CHAIN + 1];
	size_t offs[MAX_CHAIN + 1];
	struct outbuf *ob = &r->name;

	outbuf_reset(ob);
	offs[0] = 0;
	kernel[0] = false;
	outbuf_puts(ob, comm[0] ? comm : "[unknown]");
	outbuf_putc(ob, '\0');
	for (size_t i = 0; i < n; i++) {
		const struct hist_frame *f = &frames[n - 1 - i];
		offs[i + 1] = ob->len;
		kernel[i + 1] = f->k.kernel;
		if (!f->f.sym && !f->f.inlined)
			outbuf_puts(ob, "[unknown]");
		else
			callchain_frame_name(&f->f, ob);
		outbuf_putc(ob, '\0');
	}
	if (ob->error)
		return -1;
	for (size_t i = 0; i <= n; i++)
		names[i] = ob->buf + offs[i];
	return flame_add_marked(r->flame, names, kernel, n + 1, 1);
}

/* perf's parent: the first symbol of the chain, in the order the chains
 * are shown (from the leaf, or from the root with caller order), that
 * matches the --parent regex. */
static const struct symbol *find_parent(struct report *r, const struct hist_frame *frames, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const struct symbol *sym = frames[r->caller_order ? n - 1 - i : i].f.sym;
		void *known;

		if (!sym)
			continue;
		known = hashmap_get(&r->parent_match, (u64)(uintptr_t)sym);
		if (!known) {
			known = (void *)(uintptr_t)(regexec(&r->parent_re, sym->name, 0, NULL, 0) ? 2 : 1);
			if (hashmap_put(&r->parent_match, (u64)(uintptr_t)sym, known))
				return NULL;
		}
		if ((uintptr_t)known == 1)
			return sym;
	}
	return NULL;
}

/* ---- --pprof ------------------------------------------------------------------ */

static int report_pprof_add(struct report *r, struct evsel *e, const struct perf_sample *smp,
			    const struct hist_key *base, const struct hist_frame *frames, size_t n)
{
	struct pprof_sample ps = { .event = e->idx, .value = smp->period ? smp->period : 1,
				   .pid = base->pid, .tid = base->tid, .comm = base->comm };

	if (smp->time && (!r->pprof_first_time || smp->time < r->pprof_first_time))
		r->pprof_first_time = smp->time;
	if (smp->time > r->pprof_last_time)
		r->pprof_last_time = smp->time;
	return pprof_add(r->pprof, &ps, frames, n);
}

/* The profile, with one sample type per event of the file, its start (the
 * file was last written when the recording ended) and its duration. */
static int report_pprof_write(struct report *r)
{
	const struct data_header *h = file_session_header(&r->fs);
	struct pprof_meta m = { 0 };
	char comment[512], err[512];
	struct stat st;
	u64 first = h->has_sample_time ? h->first_sample_time : r->pprof_first_time;
	u64 last = h->has_sample_time ? h->last_sample_time : r->pprof_last_time;

	for (int i = 0; i < r->evlist.nr; i++) {
		const struct evsel *e = r->evlist.evsels[i];
		bool clock = e->attr.type == PERF_TYPE_SOFTWARE &&
			     (e->attr.config == PERF_COUNT_SW_CPU_CLOCK || e->attr.config == PERF_COUNT_SW_TASK_CLOCK);

		if (pprof_event(r->pprof, e->idx, e->name ? e->name : "?", clock))
			return -1;
	}
	m.duration_nanos = last > first ? (s64)(last - first) : 0;
	if (strcmp(r->fs.path, "-") && !stat(r->fs.path, &st))
		m.time_nanos = (s64)st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec - m.duration_nanos;
	else
		m.time_nanos = (s64)time(NULL) * 1000000000 - m.duration_nanos;
	snprintf(comment, sizeof(comment), "scry report --pprof of %s%s%s", r->fs.path, h->hostname ? " recorded on " : "",
		 h->hostname ? h->hostname : "");
	m.comment = comment;
	if (pprof_write(r->pprof, r->pprof_path, &m, err, sizeof(err))) {
		pr_err("report: %s", err);
		return -1;
	}
	return 0;
}

static int on_sample(struct session *s, struct evsel *e, const struct perf_sample *smp,
		     const struct perf_event_header *h)
{
	struct report *r = s->tool->priv;
	struct hist_frame frames[MAX_CHAIN];
	struct sample_frame chain[MAX_CHAIN];
	struct hist_key base;
	struct report_event *re;
	struct thread *t;
	u16 cpumode = h->misc & PERF_RECORD_MISC_CPUMODE_MASK;
	size_t n = 0, nr_chain, max = r->max_stack > 0 && r->max_stack < MAX_CHAIN ? (size_t)r->max_stack : MAX_CHAIN;
	const char *comm;

	r->record_counts[PERF_RECORD_SAMPLE]++;
	if (time_ranges_skip(&r->time, smp->time) ||
	    (r->cpus && (!smp->has_cpu || smp->cpu >= (u32)r->nr_cpus || !r->cpus[smp->cpu]))) {
		r->filtered_samples++;
		return 0;
	}
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
	if (r->stats) {
		/* counts only: no chains resolved, no histogram built (on an
		 * 800 MB -g file that took minutes and gigabytes) */
		re->hists.nr_samples++;
		return 0;
	}
	memset(&base, 0, sizeof(base));
	base.comm = intern_comm(r, t, comm);
	base.pid = (s32)smp->pid;
	base.thread = t;
	base.tid = (s32)smp->tid;
	base.cpu = smp->has_cpu ? (s32)smp->cpu : -1;
	base.kernel = cpumode == PERF_RECORD_MISC_KERNEL || cpumode == PERF_RECORD_MISC_GUEST_KERNEL;
	if (r->sort.field_event)
		base.field = field_value(r, re, e, smp, &base);

	if ((smp->user_regs_abi && smp->user_stack_size) || smp->callchain_nr)
		r->has_callchains = true;
	nr_chain = sample_chain_frames(&r->chain, smp, e->attr.sample_regs_user, cpumode, true, chain, max, MAX_CHAIN);
	for (size_t i = 0; i < nr_chain && n < max; i++)
		n = add_frame(r, t, &base, smp, chain[i].ip, chain[i].cpumode, frames, n, max);
	if (!n)
		n = add_frame(r, t, &base, smp, smp->ip, cpumode, frames, 0, max);
	if (r->parent_re_set) {
		const struct symbol *parent = find_parent(r, frames, n);

		for (size_t i = 0; i < n; i++)
			frames[i].k.parent = parent;
		if (r->exclude_other && !parent) {
			/* perf counts them in the header and the percentages */
			r->filtered_samples++;
			re->hists.total_period += smp->period ? smp->period : 1;
			re->hists.nr_samples++;
			return 0;
		}
	}
	/* --dso/--symbols, as perf applies them: to where the sample hit (its
	 * callers still get their children entries), and percentages stay
	 * of all the samples. */
	if ((r->dso_list && !in_list(r->dso_list, frames[0].k.dso ? frames[0].k.dso->name : "[unknown]")) ||
	    (r->sym_list && !in_list(r->sym_list, frames[0].k.sym ? frames[0].k.sym->name : NULL))) {
		r->filtered_samples++;
		re->hists.total_period += smp->period ? smp->period : 1;
		return 0;
	}
	if (r->flame)
		return flame_add_sample(r, comm, frames, n);
	if (r->pprof)
		return report_pprof_add(r, e, smp, &base, frames, n);
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
		const struct data_header *h = file_session_header(&r->fs);
		struct flame_svg_opts o = { .title = "scry flame graph", .subtitle = sub, .units = "samples" };

		snprintf(sub, sizeof(sub), "%s%s%s: %llu samples", r->fs.path, h->hostname ? " from " : "",
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

/* What --cpu and --sort parent need of the file, known from its attributes
 * (a pipe's come later: its samples are checked one by one). */
static int check_file_has(struct report *r)
{
	u32 nr;
	u64 gen;
	const struct file_attr *attrs = data_reader_attrs(r->fs.reader, &nr, &gen);
	bool cpu = false;

	for (u32 i = 0; i < nr; i++)
		cpu |= !!(attrs[i].attr.sample_type & PERF_SAMPLE_CPU);
	if (r->cpus && nr && !cpu) {
		pr_err("%s: its samples do not record the CPU (no PERF_SAMPLE_CPU): --cpu cannot select any", r->fs.path);
		return -1;
	}
	if (r->sort.need_parent && nr && !file_session_has_callchains(&r->fs)) {
		pr_err("%s: --sort parent and --parent need callchains, which this file has none of (record with -g)",
		       r->fs.path);
		return -1;
	}
	return 0;
}

/* --cpu LIST into a table by cpu number. */
static int parse_cpus(struct report *r)
{
	struct cpumap m;
	char err[256];

	if (cpumap_parse(&m, r->cpu_arg, err, sizeof(err))) {
		pr_err("report: --cpu: %s", err);
		return -1;
	}
	r->nr_cpus = m.nr ? m.cpu[m.nr - 1] + 1 : 0;
	r->cpus = calloc((size_t)r->nr_cpus + 1, sizeof(*r->cpus));
	if (!r->cpus) {
		cpumap_free(&m);
		return -1;
	}
	for (int i = 0; i < m.nr; i++)
		if (m.cpu[i] >= 0)
			r->cpus[m.cpu[i]] = true;
	cpumap_free(&m);
	return 0;
}

/* --sort, with "parent" added for --parent (as perf adds it), and the
 * parent regex when parents are wanted. */
/* -F FIELDS, perf's: the output columns, overhead/sample/period among
 * them, the others sort keys. Returns 0, or -1 with the reason. */
static int fields_to_sort(struct report *r, char *err, size_t errlen)
{
	static const char *const columns[] = { "overhead", "overhead_sys", "overhead_us", "overhead_children",
					       "period" };
	char *list, *save = NULL;
	size_t len = strlen(r->fields_arg) + 1;

	if (r->sort_arg) {
		snprintf(err, errlen, "-F and -s/--sort exclude each other (-F names the sort keys too)");
		return -1;
	}
	list = strdup(r->fields_arg);
	r->fields_sort = calloc(1, len);
	if (!list || !r->fields_sort) {
		free(list);
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	for (char *f = strtok_r(list, ",", &save); f; f = strtok_r(NULL, ",", &save)) {
		bool column = false;

		for (size_t i = 0; i < ARRAY_SIZE(columns); i++)
			column |= !strcmp(f, columns[i]);
		if (!strcmp(f, "sample")) {
			r->show_nr = true;
			continue;
		}
		if (column)
			continue;
		if (r->fields_sort[0])
			strcat(r->fields_sort, ",");
		strcat(r->fields_sort, f);
	}
	free(list);
	r->sort_arg = r->fields_sort[0] ? r->fields_sort : NULL;
	return 0;
}

static int setup_sort(struct report *r, char *err, size_t errlen)
{
	if (r->fields_arg && fields_to_sort(r, err, errlen))
		return -1;
	if (sort_spec_parse(&r->sort, r->sort_arg ? r->sort_arg : DEFAULT_SORT, err, errlen))
		return -1;
	if (r->parent_arg && !r->sort.need_parent) {
		if (r->sort.nr == SORT_MAX_KEYS) {
			snprintf(err, errlen, "--parent: --sort has %d keys already, the most there can be", SORT_MAX_KEYS);
			return -1;
		}
		r->sort.keys[r->sort.nr++] = SK_PARENT;
		r->sort.need_parent = true;
	}
	if (r->sort.need_parent || r->exclude_other) {
		const char *re = r->parent_arg ? r->parent_arg : DEFAULT_PARENT;
		int e = regcomp(&r->parent_re, re, REG_EXTENDED | REG_NOSUB);

		if (e) {
			char why[128];

			regerror(e, &r->parent_re, why, sizeof(why));
			snprintf(err, errlen, "--parent: '%s' is not a regular expression: %s", re, why);
			return -1;
		}
		r->parent_re_set = true;
		r->sort.need_parent = true;
		hashmap_init(&r->parent_match);
	}
	return 0;
}

static int report_main(struct report *r)
{
	struct session_tool tool = { .sample = on_sample, .record = on_record, .lost = on_lost, .priv = r };
	char err[512];
	int rc;

	if (file_session_open(&r->fs, r->input, err, sizeof(err))) {
		pr_err("%s", err);
		return 1;
	}
	if (outbuf_init_fd(&r->out, STDOUT_FILENO, 1u << 20))
		return 1;
	if (file_session_note(&r->fs))
		pr_warn("%s: %s", r->fs.path, file_session_note(&r->fs));
	if (r->header || r->header_only) {
		file_session_print_header(&r->fs, &r->out);
		if (r->header_only) {
			outbuf_flush(&r->out);
			return r->out.error ? 1 : 0;
		}
	}
	if (file_session_check_samples(&r->fs, "report"))
		return 1;
	if (file_session_attach(&r->fs, &r->machine, err, sizeof(err)) < 0)
		pr_warn("%s: %s: not used (symbols come from this machine's files)", r->fs.path, err);
	if (time_ranges_resolve(&r->time, file_session_header(&r->fs)->has_sample_time,
				file_session_header(&r->fs)->first_sample_time,
				file_session_header(&r->fs)->last_sample_time, err, sizeof(err))) {
		pr_err("%s: %s", r->fs.path, err);
		return 1;
	}
	if (check_file_has(r))
		return 1;
	if (r->children < 0 || !file_session_has_callchains(&r->fs))
		r->children = file_session_has_callchains(&r->fs);     /* perf drops --children without chains */
	if (!r->caller_order_set)
		r->caller_order = r->children == 1;
	r->session.tool = &tool;
	rc = session_file_run(&r->session, r->fs.reader, err, sizeof(err));
	if (rc < 0)
		pr_err("%s: %s%s", r->fs.path, err, r->session.stats.samples ? " (the report covers what came before)" : "");

	if (r->tasks) {
		if (tasks_print(&r->machine, &r->out))
			pr_err("report: out of memory");
	} else if (r->stats) {
		print_stats(r);
	} else if (r->folded || r->flamegraph_path) {
		if (report_pictures(r))
			rc = -1;
	} else if (r->pprof) {
		if (report_pprof_write(r))
			rc = -1;
	} else {
		if (!r->quiet && !r->header)
			outbuf_puts(&r->out, "# To display the data file's header, use --header or --header-only.\n#\n");
		if (!r->quiet) {
			outbuf_printf(&r->out, "#\n# Total Lost Samples: %llu\n", (unsigned long long)r->lost);
			const struct unwind_stats *us = sample_chain_unwind_stats(&r->chain);

			if (us) {
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
			struct hist_print_opts po = {
				.event = r->evlist.evsels[i]->name,
				.children = r->children == 1,
				.show_nr = r->show_nr,
				.quiet = r->quiet,
				.chains = r->has_callchains && !r->no_chains && !r->folded,
				.percent_limit = r->percent_limit,
				.min_percent = r->min_percent,
				.one_comm = r->comm_list && !strchr(r->comm_list, ','),
				.one_dso = r->dso_list && !strchr(r->dso_list, ','),
				.time_slices = r->time_arg,
			};

			if (hist_print(&r->events[i].hists, &po, &r->out))
				pr_err("report: out of memory");
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
	bool no_debuginfod = false;

	if (!r)
		return 1;
	r->children = -1;
	r->max_stack = 127;     /* perf's default (kernel.perf_event_max_stack) */
	r->min_percent = 0.5;
	struct opt opts[] = {
		{ OPT_STRING, 'i', "input", &r->input, "FILE", "the data file (default scry.data, then perf.data; - for stdin)", 0, NULL },
		{ OPT_BOOL, 0, "stdio", &r->stdio, NULL, "text output (the only kind; accepted for perf's scripts)", OPT_NONEG, NULL },
		{ OPT_STRING, 'F', "fields", &r->fields_arg, "FIELDS",
		  "perf's output fields: overhead, sample, period and sort keys (-F comm,dso,sym)", 0, NULL },
		{ OPT_STRING, 's', "sort", &r->sort_arg, "KEYS",
		  "sort by comm,pid,tid,dso,sym,srcline,symoff,cpu,parent or a tracepoint field sys:event.field (default comm,dso,sym)", 0, NULL },
		{ OPT_DOUBLE, 0, "percent-limit", &r->percent_limit, "N", "hide entries below N percent", 0, NULL },
		{ OPT_CALLBACK, 0, "children", NULL, NULL, "entries include their callees' samples (default with callchains)", OPT_NOARG, opt_children },
		{ OPT_CALLBACK, 0, "no-children", NULL, NULL, "entries count only their own samples", OPT_NOARG, opt_children },
		{ OPT_STRING, 'g', "call-graph", &r->callgraph_arg, "graph|none|folded,MIN%,caller|callee",
		  "callchain display: tree, threshold for branches (default 0.5), order", 0, NULL },
		{ OPT_INT, 0, "max-stack", &r->max_stack, "N", "use at most N frames of each chain (default 127)", 0, NULL },
		{ OPT_STRING, 0, "time", &r->time_arg, "START,END",
		  "only samples in this window: seconds.fraction as script prints them, either end open (START, or ,END), "
		  "several apart by spaces, or shares of the file's time (10%/2, 0%-10%,30%-40%)", 0, NULL },
		{ OPT_STRING, 'C', "cpu", &r->cpu_arg, "LIST", "only samples taken on these CPUs (0-3,6)", 0, NULL },
		{ OPT_STRING, 'p', "parent", &r->parent_arg, "REGEX",
		  "a sample's parent is its first caller matching REGEX (extended; default ^sys_|^do_page_fault): "
		  "adds the parent key to --sort", 0, NULL },
		{ OPT_BOOL, 'x', "exclude-other", &r->exclude_other, NULL, "only samples that have a parent (see --parent)", OPT_NONEG, NULL },
		{ OPT_BOOL, 0, "tasks", &r->tasks, NULL, "the file's tasks as a tree (pid, tid, ppid, comm) instead of the histogram", OPT_NONEG, NULL },
		{ OPT_BOOL, 0, "task", &r->tasks, NULL, "same as --tasks", OPT_NONEG | OPT_HIDDEN, NULL },
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
		{ OPT_STRING, 0, "pprof", &r->pprof_path, "FILE.pb.gz", "write the samples as a gzipped pprof profile (- for stdout)", 0, NULL },
		{ OPT_STRING, 0, "symfs", &r->symfs, "DIR", "look for binaries under DIR", 0, NULL },
		{ OPT_BOOL, 0, "no-debuginfod", &no_debuginfod, NULL, "do not ask debuginfod servers (DEBUGINFOD_URLS) for missing binaries and debug files", OPT_NONEG, NULL },
		{ OPT_BOOL, 'q', "quiet", &r->quiet, NULL, "no header comments, just the entries", OPT_NONEG, NULL },
		{ OPT_COUNT, 'v', "verbose", &r->verbose, NULL, "more messages", 0, NULL },
		OPT_END_MARK,
	};

	idx = options_parse(opts, argc, argv, "report", report_usage, false, r);
	if (no_debuginfod)
		fetch_disable();
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
	if (r->pprof_path && (r->stats || r->folded || r->flamegraph_path || (r->header && !strcmp(r->pprof_path, "-")))) {
		pr_err("report: --pprof is an output of its own (not with --stats, --folded, --flamegraph, or --header on stdout)");
		rc = options_usage_error(opts, report_usage);
		goto out;
	}
	if (r->time_arg && time_ranges_parse(&r->time, r->time_arg, err, sizeof(err))) {
		pr_err("report: %s", err);
		rc = options_usage_error(opts, report_usage);
		goto out;
	}
	if (r->cpu_arg && parse_cpus(r)) {
		rc = options_usage_error(opts, report_usage);
		goto out;
	}
	if (setup_sort(r, err, sizeof(err))) {
		pr_err("report: %s", err);
		rc = options_usage_error(opts, report_usage);
		goto out_sort;
	}
	r->srclines = srcline_new();
	if (!r->srclines)
		goto out_sort;
	strpool_init(&r->strings);
	evlist_init(&r->evlist);
	session_init(&r->session, &r->evlist, NULL);
	machine_init(&r->machine);
	if (sample_chain_init(&r->chain, &r->machine)) {
		srcline_free(r->srclines);
		machine_free(&r->machine);
		goto out_sort;
	}
	if (r->symfs)
		r->machine.dsos.root = r->symfs;
	outbuf_init_mem(&r->name);
	if (r->folded || r->flamegraph_path) {
		r->flame = flame_new();
		if (!r->flame)
			goto out_sort;
	}
	if (r->pprof_path) {
		r->pprof = pprof_new(r->srclines);
		if (!r->pprof)
			goto out_sort;
	}
	rc = report_main(r);
	pprof_free(r->pprof);
	for (size_t i = 0; i < r->nr_events; i++)
		hists_free(&r->events[i].hists);
	free(r->events);
	session_release(&r->session);
	sample_chain_release(&r->chain);
	machine_free(&r->machine);
	evlist_release(&r->evlist);
	outbuf_release(&r->out);
	strpool_free(&r->strings);
	srcline_free(r->srclines);
	flame_free(r->flame);
	file_session_close(&r->fs);
	outbuf_release(&r->name);
out_sort:
	sort_spec_free(&r->sort);
	if (r->parent_re_set) {
		regfree(&r->parent_re);
		hashmap_free(&r->parent_match);
	}
out:
	free(r->cpus);
	free(r->fields_sort);
	free(r);
	return rc;
}
