/* scry list: the events -e accepts, like perf list / bpftrace -l.
 *
 *   scry list                       everything
 *   scry list 'sched:*' 'probe_*'   globs over "GROUP:EVENT" (or the group alone)
 *   scry list sw | hw | tracepoint | probe   one class
 *   scry list 'tracepoint:sched:*' 'uprobe:libc:*alloc*'   bpftrace -l's patterns and form
 *
 * Software and hardware events come from parse-events' table (hardware ones
 * only when the CPU has a PMU); tracepoints from tracefs events/, the
 * dynamic probes (scry probe, perf probe) among them, marked as such.
 * Patterns that start with a probe type (tracepoint:, uprobe:, kprobe:,
 * software:, ...) list the probes of scry script -e's language instead,
 * one per line as bpftrace -l prints them (util/lang/probes.h). */
#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "builtin.h"
#include "util/debug.h"
#include "util/options.h"
#include "util/core/parse-events.h"
#include "util/probe/probe-file.h"
#include "util/core/tracefs.h"
#include "util/lang/probes.h"

enum { CLASS_ALL, CLASS_SW, CLASS_HW, CLASS_TP, CLASS_PROBE };

struct list_ctx {
	const char *const *globs;
	int nr_globs;
	int class;
	struct probe_defs probes[2];
	int printed;
	bool names_only;
	bool verbose;
};

static const char *const list_usage[] = {
	"scry list [<options>] [GLOB | sw | hw | tracepoint | probe]...",
	"scry list TYPE:PATTERN...   (tracepoint:sched:*, uprobe:libc:*alloc*, kprobe:vfs_*, software:*)",
	NULL,
};

struct probe_print {
	int printed;
	bool verbose;                   /* -v: what each takes, as bpftrace -lv */
	const struct lang_probes_env *env;
};

static int print_probe_name(const char *name, void *arg)
{
	struct probe_print *pp = arg;
	char args[8192], err[512];

	printf("%s\n", name);
	pp->printed++;
	if (pp->verbose) {
		if (lang_probes_describe(name, pp->env, args, sizeof(args), err, sizeof(err)))
			pr_warn("list: %s", err);
		else
			fputs(args, stdout);
	}
	return 0;
}

/* bpftrace-style patterns: each one's probes, sorted, in bpftrace -l's form. */
static int list_probe_patterns(const char *const *pats, int n, bool verbose)
{
	struct lang_probes_env env = { 0 };
	struct tracefs t;
	char err[1024], terr[512];
	int rc = 0;

	/* Only tracepoints need tracefs (kprobes may use it): without it they say so. */
	if (tracefs_open(&t, terr, sizeof(terr)) == 0)
		env.tracefs = &t;
	for (int i = 0; i < n; i++) {
		struct probe_print pp = { 0, verbose, &env };
		int got = lang_probes_list(pats[i], &env, print_probe_name, &pp, err, sizeof(err));

		if (got < 0 && !env.tracefs && (!strncmp(pats[i], "t:", 2) || !strncmp(pats[i], "tracepoint:", 11))) {
			pr_err("list: %s: %s", pats[i], terr);
			rc = 1;
		} else if (got < 0) {
			pr_err("list: %s", err);
			rc = 1;
		} else if (!got) {
			pr_err("list: no probe matches %s", pats[i]);
			rc = 1;
		}
	}
	if (fflush(stdout) || ferror(stdout)) {
		pr_err("list: cannot write the list: %s", strerror(errno));
		return 1;
	}
	return rc;
}

/* A glob with ':' is matched against "GROUP:EVENT"; one without against
 * the group (all of sched) or the event's own name. */
static bool matches(const struct list_ctx *c, const char *group, const char *name)
{
	char full[512];

	if (!c->nr_globs)
		return true;
	snprintf(full, sizeof(full), "%s%s%s", group ? group : "", group ? ":" : "", name);
	for (int i = 0; i < c->nr_globs; i++) {
		const char *g = c->globs[i];
		if (!fnmatch(g, full, 0) || !fnmatch(g, name, 0))
			return true;
		if (group && !strchr(g, ':') && !fnmatch(g, group, 0))
			return true;
	}
	return false;
}

static void print_event(struct list_ctx *c, const char *name, const char *kind)
{
	if (c->names_only)
		printf("%s\n", name);
	else
		printf("  %-50s [%s]\n", name, kind);
	c->printed++;
}

static const char *probe_kind_of(const struct list_ctx *c, const char *group, const char *name)
{
	static const char *const kinds[] = { "Uprobe event", "Kprobe event" };

	for (int k = 0; k < 2; k++)
		for (int i = 0; i < c->probes[k].nr; i++)
			if (!strcmp(c->probes[k].v[i].group, group) && !strcmp(c->probes[k].v[i].event, name))
				return kinds[k];
	return NULL;
}

static int print_tracepoint(const char *sys, const char *name, void *arg)
{
	struct list_ctx *c = arg;
	const char *probe = probe_kind_of(c, sys, name);
	char full[512];

	if ((c->class == CLASS_PROBE && !probe) || !matches(c, sys, name))
		return 0;
	snprintf(full, sizeof(full), "%s:%s", sys, name);
	print_event(c, full, probe ? probe : "Tracepoint event");
	return 0;
}

static bool have_cpu_pmu(void)
{
	struct stat st;

	return stat("/sys/bus/event_source/devices/cpu", &st) == 0 ||
	       stat("/sys/bus/event_source/devices/cpu_core", &st) == 0;
}

int cmd_list(int argc, const char **argv)
{
	struct list_ctx c = { 0 };
	const struct opt opts[] = {
		{ OPT_BOOL, 0, "names", &c.names_only, NULL, "only the names, one per line (for scripts)", 0, NULL },
		{ OPT_BOOL, 'v', "verbose", &c.verbose, NULL,
		  "with TYPE:PATTERN, what each probe takes: tracepoint fields, uprobe parameters (bpftrace -lv)", OPT_NONEG, NULL },
		OPT_END_MARK,
	};
	const char *globs[256];
	const struct event_name *names;
	const struct tracefs *t;
	char err[512];
	size_t nr;
	int idx;

	idx = options_parse(opts, argc, argv, "list", list_usage, false, &c);
	if (idx < 0)
		return options_exit_status(idx);
	{
		int npat = 0;

		for (int i = idx; i < argc; i++)
			npat += lang_probes_is_pattern(argv[i]);
		if (npat && npat != argc - idx) {
			pr_err("list: probe patterns (TYPE:..., as bpftrace -l takes) and event globs or kinds "
			       "cannot be mixed");
			return 129;
		}
		if (npat)
			return list_probe_patterns(argv + idx, npat, c.verbose);
	}
	for (int i = idx; i < argc; i++) {
		static const struct { const char *word; int class; } classes[] = {
			{ "sw", CLASS_SW }, { "software", CLASS_SW }, { "hw", CLASS_HW },
			{ "hardware", CLASS_HW }, { "tracepoint", CLASS_TP }, { "tp", CLASS_TP },
			{ "probe", CLASS_PROBE }, { "probes", CLASS_PROBE },
		};
		bool is_class = false;
		for (size_t k = 0; k < sizeof(classes) / sizeof(classes[0]); k++)
			if (!strcmp(argv[i], classes[k].word)) {
				c.class = classes[k].class;
				is_class = true;
			}
		if (!is_class && c.nr_globs < (int)(sizeof(globs) / sizeof(globs[0])))
			globs[c.nr_globs++] = argv[i];
	}
	c.globs = globs;

	if (!c.names_only && !c.nr_globs && c.class == CLASS_ALL)
		printf("\nList of pre-defined events (to be used in -e):\n\n");
	names = event_names(&nr);
	for (size_t i = 0; i < nr; i++) {
		bool hw = names[i].type == PERF_TYPE_HARDWARE;
		char both[128];
		if ((c.class != CLASS_ALL && c.class != (hw ? CLASS_HW : CLASS_SW)) || (hw && !have_cpu_pmu()))
			continue;
		if (!matches(&c, NULL, names[i].name) && !(names[i].alias && matches(&c, NULL, names[i].alias)))
			continue;
		if (names[i].alias && !c.names_only)
			snprintf(both, sizeof(both), "%s OR %s", names[i].name, names[i].alias);
		else
			snprintf(both, sizeof(both), "%s", names[i].name);
		print_event(&c, both, hw ? "Hardware event" : "Software event");
	}
	if (c.class == CLASS_ALL || c.class == CLASS_TP || c.class == CLASS_PROBE) {
		t = cmd_tracefs();
		if (!t)         /* no tracepoints to list: it said why */
			return c.printed || c.class == CLASS_ALL ? 0 : 1;
		for (int k = 0; k < 2; k++)
			if (probe_defs_read(t, (enum probe_kind)k, &c.probes[k], err, sizeof(err)) < 0)
				pr_warn("list: %s", err);
		if (tracefs_for_each_event(t, "*", "*", print_tracepoint, &c) < 0)
			pr_err("list: cannot read %s/events", t->root);
		probe_defs_free(&c.probes[0]);
		probe_defs_free(&c.probes[1]);
	}
	if (!c.printed && (c.nr_globs || c.class != CLASS_ALL)) {
		pr_err("list: no event matches%s%s", c.nr_globs ? " " : "", c.nr_globs ? globs[0] : "");
		return 1;
	}
	return 0;
}
