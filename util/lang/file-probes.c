/* Probes matched against a data file's recorded events (see file-probes.h). */
#include "util/lang/file-probes.h"

#include <fnmatch.h>
#include <inttypes.h>
#include <limits.h>
#include <linux/perf_event.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/core/evlist.h"
#include "util/core/tp-format.h"
#include "util/lang/probes.h"
#include "util/outbuf.h"
#include "util/probe/probe-file.h"
#include "util/strutil.h"
#include "util/symbols/binpath.h"
#include "util/xalloc.h"

/* The units of profile:UNIT:N and interval:UNIT:N, ns per count (0: a
 * rate), as probes.c reads them. */
static const struct {
	const char *unit;
	u64 ns;
} timer_units[] = {
	{ "hz", 0 }, { "ms", NSEC_PER_MSEC }, { "s", NSEC_PER_SEC }, { "us", NSEC_PER_USEC },
};

/* The fields a probe event records besides its arguments. */
static const char *const probe_event_fields[] = { "__probe_ip", "__probe_func", "__probe_ret_ip" };

struct fp_ctx {
	struct lang_program *p;
	struct evlist *l;
	struct tp_formats *formats;
	const struct lang_probe *lp;
	int block, probe, cap;
	char *err;
	size_t errlen;
};

static int fp_err(struct fp_ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fp_err(struct fp_ctx *c, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return errf(c->err, c->errlen, "%s: %s", c->lp->text ? c->lp->text : "probe", msg);
}

static struct lang_attach *new_attach(struct fp_ctx *c, char *name)
{
	struct lang_program *p = c->p;
	struct lang_attach *a;

	if (!name)
		return NULL;
	if (p->nattaches == c->cap) {
		int ncap = c->cap ? 2 * c->cap : 16;
		struct lang_attach *v = realloc(p->attaches, (size_t)ncap * sizeof(*v));

		if (!v) {
			free(name);
			return NULL;
		}
		p->attaches = v;
		c->cap = ncap;
	}
	a = &p->attaches[p->nattaches++];
	memset(a, 0, sizeof(*a));
	a->block = c->block;
	a->probe = c->probe;
	a->type = c->lp->type;
	a->prog = -1;
	a->name = name;
	return a;
}

/* ---- what a recorded event is ---------------------------------------------------------- */

static struct tep_event *format_of(struct fp_ctx *c, const struct evsel *e)
{
	if (!c->formats || e->attr.type != PERF_TYPE_TRACEPOINT)
		return NULL;
	return tp_formats_by_id(c->formats, (int)e->attr.config);
}

static bool has_field(struct tep_event *tp, const char *name)
{
	return tep_find_field(tp, name) != NULL;
}

enum probe_event_kind { PE_NONE, PE_UPROBE, PE_URETPROBE, PE_KPROBE, PE_KRETPROBE };

/* A dynamic probe event (uprobe_events/kprobe_events) is told by its
 * fields: __probe_ip at an entry, __probe_func and __probe_ret_ip at a
 * return. Kernel ones are in perf's "probe" group or the kernel's
 * "kprobes"; every other group is a user probe's. */
static enum probe_event_kind probe_kind(const struct tep_event *tp)
{
	struct tep_event *t = (struct tep_event *)tp;
	bool kernel;

	if (!tp)
		return PE_NONE;
	kernel = !strcmp(tp->system, "probe") || !strcmp(tp->system, "kprobes");
	if (has_field(t, "__probe_ret_ip") && has_field(t, "__probe_func"))
		return kernel ? PE_KRETPROBE : PE_URETPROBE;
	if (has_field(t, "__probe_ip"))
		return kernel ? PE_KPROBE : PE_UPROBE;
	return PE_NONE;
}

/* The function a probe event is named after: the event name without the
 * "__return" a return probe's default name has. */
static void probe_func(const struct tep_event *tp, bool ret, char *buf, size_t len)
{
	size_t n = strlen(tp->name);

	if (ret && n > 8 && !strcmp(tp->name + n - 8, "__return"))
		n -= 8;
	snprintf(buf, len, "%.*s", (int)n, tp->name);
}

static bool is_sw(const struct evsel *e, u64 config)
{
	return e->attr.type == PERF_TYPE_SOFTWARE && e->attr.config == config;
}

bool lang_file_probe_matches(const struct lang_attach *a, const struct evsel *e, const struct tep_event *tp)
{
	switch (a->type) {
	case P_TRACEPOINT:
	case P_UPROBE:
	case P_URETPROBE:
	case P_KPROBE:
	case P_KRETPROBE:
		return tp && e->attr.type == PERF_TYPE_TRACEPOINT && (int)e->attr.config == a->tp_id;
	case P_PROFILE:
		return is_sw(e, PERF_COUNT_SW_CPU_CLOCK) || is_sw(e, PERF_COUNT_SW_TASK_CLOCK);
	case P_SOFTWARE:
		return is_sw(e, a->perf_config);
	default:
		return false;
	}
}

/* ---- fields ------------------------------------------------------------------------------- */

static int add_fields(struct fp_ctx *c, struct lang_attach *a, struct tep_event *tp, bool probe_event)
{
	int nf;
	struct tep_format_field **fields = tp_fields(tp, &nf);

	if (nf && !fields)
		return fp_err(c, "out of memory");
	a->fields = nf ? calloc((size_t)nf, sizeof(*a->fields)) : NULL;
	if (nf && !a->fields) {
		free(fields);
		return fp_err(c, "out of memory");
	}
	for (int k = 0; k < nf; k++) {
		bool skip = false;

		for (size_t j = 0; probe_event && j < ARRAY_SIZE(probe_event_fields); j++)
			skip |= !strcmp(fields[k]->name, probe_event_fields[j]);
		if (skip)
			continue;
		if (lang_probes_tp_field(fields[k], !strcmp(tp->system, "syscalls"), &a->fields[a->nfields++])) {
			free(fields);
			return fp_err(c, "out of memory");
		}
	}
	free(fields);
	if (!a->nfields && probe_event) {
		free(a->fields);
		a->fields = NULL;
	}
	return 0;
}

/* ---- the probes ---------------------------------------------------------------------------- */

/* Several events may share a format (the same tracepoint recorded twice):
 * each matches once. */
static bool seen_id(struct fp_ctx *c, int first, int id)
{
	for (int i = first; i < c->p->nattaches; i++)
		if (c->p->attaches[i].tp_id == id)
			return true;
	return false;
}

static int cmp_attach_name(const void *a, const void *b)
{
	return strcmp(((const struct lang_attach *)a)->name, ((const struct lang_attach *)b)->name);
}

/* Does BIN as written name the binary of a probe event in group? A
 * default group ("probe_lang_calls") is the binary's name: they must
 * agree; a group of the user's own choosing says nothing about it. */
static bool bin_matches(const char *bin, const char *group)
{
	char want[128];

	if (!bin || !*bin || strpbrk(bin, "*?[") || strncmp(group, "probe_", 6))
		return true;
	probe_default_group(bin, want, sizeof(want));
	if (!strcmp(want, group))
		return true;
	/* "libc" for probe_libc, "libc.so.6" too. */
	return !strncmp(want, group, strlen(group));
}

static char *attach_name(const struct lang_probe *lp, const struct tep_event *tp, const char *func)
{
	char path[PATH_MAX];
	const char *bin = lp->target ? lp->target : "";

	switch (lp->type) {
	case P_TRACEPOINT:
		return xasprintf("tracepoint:%s:%s", tp->system, tp->name);
	case P_UPROBE:
	case P_URETPROBE:
		/* The live run names the binary by its real path. */
		if (!strpbrk(bin, "*?[") && !binpath_resolve(bin, path, sizeof(path)))
			bin = path;
		return xasprintf("%s:%s:%s", lp->type == P_UPROBE ? "uprobe" : "uretprobe", bin, func);
	default:
		return xasprintf("%s:%s", lp->type == P_KPROBE ? "kprobe" : "kretprobe", func);
	}
}

static int resolve_events(struct fp_ctx *c)
{
	const struct lang_probe *lp = c->lp;
	int first = c->p->nattaches;

	for (int i = 0; i < c->l->nr; i++) {
		const struct evsel *e = c->l->evsels[i];
		struct tep_event *tp = format_of(c, e);
		enum probe_event_kind k = probe_kind(tp);
		struct lang_attach *a;
		char func[256];
		bool ok;

		if (!tp || seen_id(c, first, tp->id))
			continue;
		switch (lp->type) {
		case P_TRACEPOINT:
			ok = !fnmatch(lp->target ? lp->target : "", tp->system, 0) &&
			     !fnmatch(lp->func ? lp->func : "", tp->name, 0);
			func[0] = '\0';
			break;
		case P_UPROBE:
		case P_URETPROBE:
		case P_KPROBE:
		case P_KRETPROBE:
			ok = (lp->type == P_UPROBE && k == PE_UPROBE) || (lp->type == P_URETPROBE && k == PE_URETPROBE) ||
			     (lp->type == P_KPROBE && k == PE_KPROBE) || (lp->type == P_KRETPROBE && k == PE_KRETPROBE);
			if (!ok)
				break;
			probe_func(tp, k == PE_URETPROBE || k == PE_KRETPROBE, func, sizeof(func));
			ok = !fnmatch(lp->func ? lp->func : "", func, 0) &&
			     (k == PE_KPROBE || k == PE_KRETPROBE || bin_matches(lp->target, tp->system));
			break;
		default:
			ok = false;
		}
		if (!ok)
			continue;
		a = new_attach(c, attach_name(lp, tp, func));
		if (!a)
			return fp_err(c, "out of memory");
		a->tp_sys = xstrdup(tp->system);
		a->tp_name = xstrdup(tp->name);
		a->tp_id = tp->id;
		if (func[0])
			a->func = xstrdup(func);
		if (add_fields(c, a, tp, lp->type != P_TRACEPOINT))
			return -1;
	}
	if (c->p->nattaches == first)
		return 1;
	qsort(c->p->attaches + first, (size_t)(c->p->nattaches - first), sizeof(struct lang_attach), cmp_attach_name);
	return 0;
}

static int resolve_timer(struct fp_ctx *c)
{
	const struct lang_probe *lp = c->lp;
	struct lang_attach *a;
	u64 ns = 0;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(timer_units); i++)
		if (lp->target && !strcmp(lp->target, timer_units[i].unit))
			break;
	if (i == ARRAY_SIZE(timer_units))
		return fp_err(c, "unknown unit '%s' (hz, s, ms or us)", lp->target ? lp->target : "");
	ns = timer_units[i].ns;
	if (!lp->count)
		return fp_err(c, "the %s must be a positive number", ns ? "period" : "rate");
	if (ns && lp->count > UINT64_MAX / ns)
		return fp_err(c, "the period is too long");
	if (lp->type == P_PROFILE) {
		bool any = false;

		for (int k = 0; k < c->l->nr; k++)
			any |= is_sw(c->l->evsels[k], PERF_COUNT_SW_CPU_CLOCK) ||
			       is_sw(c->l->evsels[k], PERF_COUNT_SW_TASK_CLOCK);
		if (!any)
			return 1;
	}
	a = new_attach(c, xasprintf("%s:%s:%" PRIu64, lp->type == P_PROFILE ? "profile" : "interval",
				    timer_units[i].unit, lp->count));
	if (!a)
		return fp_err(c, "out of memory");
	a->perf_type = PERF_TYPE_SOFTWARE;
	a->perf_config = PERF_COUNT_SW_CPU_CLOCK;
	if (lp->type == P_PROFILE && !ns)
		a->freq = lp->count;
	else
		a->period = ns ? lp->count * ns : MAX(NSEC_PER_SEC / lp->count, 1);
	a->one_cpu = lp->type == P_INTERVAL;
	return 0;
}

static int resolve_software(struct fp_ctx *c)
{
	const struct lang_probe *lp = c->lp;
	const struct lang_sw_event *sw = lang_probes_sw_event(lp->target ? lp->target : "");
	struct lang_attach *a;
	bool any = false;

	if (!sw)
		return fp_err(c, "no software event '%s' (scry list 'software:*' lists them)", lp->target ? lp->target : "");
	for (int k = 0; k < c->l->nr; k++)
		any |= is_sw(c->l->evsels[k], sw->config);
	if (!any)
		return 1;
	a = new_attach(c, lp->count ? xasprintf("software:%s:%" PRIu64, lp->target, lp->count)
				    : xasprintf("software:%s", lp->target));
	if (!a)
		return fp_err(c, "out of memory");
	a->perf_type = PERF_TYPE_SOFTWARE;
	a->perf_config = sw->config;
	a->period = lp->count ? lp->count : sw->default_period;
	return 0;
}

/* "the file has: syscalls:sys_enter_read, cpu-clock, probe_lang_calls:lc_value" */
static void list_events(struct fp_ctx *c, struct outbuf *ob)
{
	for (int i = 0; i < c->l->nr; i++) {
		const struct evsel *e = c->l->evsels[i];
		struct tep_event *tp = format_of(c, e);

		if (i)
			outbuf_puts(ob, ", ");
		if (tp)
			outbuf_printf(ob, "%s:%s", tp->system, tp->name);
		else
			outbuf_puts(ob, e->name ? e->name : "?");
	}
	if (!c->l->nr)
		outbuf_puts(ob, "none");
}

static int no_events(struct fp_ctx *c)
{
	struct outbuf ob;
	int rc;

	outbuf_init_mem(&ob);
	list_events(c, &ob);
	rc = fp_err(c, "the data file has no events for this probe (its events: %s)", outbuf_cstr(&ob));
	outbuf_release(&ob);
	return rc;
}

int lang_file_probes_resolve(struct lang_program *p, struct evlist *l, struct tp_formats *formats, char *err,
			     size_t errlen)
{
	struct fp_ctx c = { .p = p, .l = l, .formats = formats, .err = err, .errlen = errlen };
	int bi = 0, rc = 0;

	lang_attaches_release(p);
	for (const struct lang_block *b = p->ast->blocks; b && !rc; b = b->next, bi++) {
		for (int i = 0; i < b->nprobes && !rc; i++) {
			c.block = bi;
			c.probe = i;
			c.lp = &b->probes[i];
			switch (c.lp->type) {
			case P_BEGIN:
			case P_END:
				rc = new_attach(&c, xstrdup(c.lp->type == P_BEGIN ? "BEGIN" : "END")) ? 0
						: fp_err(&c, "out of memory");
				break;
			case P_TRACEPOINT:
			case P_UPROBE:
			case P_URETPROBE:
			case P_KPROBE:
			case P_KRETPROBE:
				rc = resolve_events(&c);
				break;
			case P_PROFILE:
			case P_INTERVAL:
				rc = resolve_timer(&c);
				break;
			case P_SOFTWARE:
				rc = resolve_software(&c);
				break;
			}
			if (rc > 0)
				rc = no_events(&c);
		}
	}
	if (rc)
		lang_attaches_release(p);
	return rc ? -1 : 0;
}
