/* scry probe: define uprobes and kprobes through tracefs, placed by DWARF
 * on functions, source lines and variables (perf probe's syntax), and list,
 * show and delete them.
 *
 * Adding is all or nothing: every spec is parsed and resolved before the
 * first definition is written, and when the kernel refuses one, the events
 * this run already added are deleted again. */
#include <errno.h>
#include <fnmatch.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "builtin.h"
#include "util/debug.h"
#include "util/symbols/binpath.h"
#include "util/symbols/dso.h"
#include "util/symbols/fetch.h"
#include "util/options.h"
#include "util/probe/probe-file.h"
#include "util/probe/probe-finder.h"
#include "util/probe/probe-spec.h"
#include "util/symbols/srcline.h"
#include "util/symbols/symbol.h"
#include "util/core/tracefs.h"

#define MAX_SPECS 128
/* perf probe's default --max-probes (its MAX_PROBES). */
#define DEFAULT_MAX_PROBES 128

struct probe_cmd {
	const char *exec;
	const char *adds[MAX_SPECS];
	int nr_adds;
	const char *dels[MAX_SPECS];
	int nr_dels;
	const char *line;
	const char *vars;
	bool funcs;
	char *filter;           /* -F FILTER and --filter, or'ed (perf's rule); NULL: the default */
	bool dwarf_funcs;
	const char *source_dir; /* -s */
	int max_probes;         /* --max-probes: places one spec may resolve to */
	bool list;
	const char *list_filter;
	bool dry_run, quiet, force;
	int verbose;
	const char *tracefs_dir;

	char bin[PATH_MAX];     /* -x resolved */
	const struct tracefs *t;
};

static const char *const probe_usage[] = {
	"scry probe [<options>] [-x BIN] 'PROBEDEF' [ARG...]",
	"scry probe [<options>] [-x BIN] -a 'PROBEDEF [ARG...]' [-a ...]",
	"scry probe [<options>] -d '[GROUP:]EVENT' ...",
	"scry probe -l ['[GROUP:]EVENT']",
	"scry probe [-x BIN] -L 'FUNC[@SRC]' | -L 'SRC:START-END'",
	"scry probe [-x BIN] -V 'PROBEPOINT'",
	"scry probe [-x BIN] -F [FILTER] [--filter FILTER]",
	"scry probe [<options>] [-x BIN] -D 'PROBEDEF [ARG...]' [-D ...]",
	NULL,
};

/* ---- options ------------------------------------------------------------ */

/* Appends arg to a bounded list of definitions or patterns. */
static int push_arg(const char **list, int *nr, const char *arg, const char *what)
{
	if (*nr == MAX_SPECS) {
		pr_err("probe: at most %d %s at once", MAX_SPECS, what);
		return -1;
	}
	list[(*nr)++] = arg;
	return 0;
}

static int opt_add(const struct opt *o, const char *arg, void *ctx)
{
	struct probe_cmd *pc = ctx;

	(void)o;
	return push_arg(pc->adds, &pc->nr_adds, arg, "probe definitions");
}

static int opt_del(const struct opt *o, const char *arg, void *ctx)
{
	struct probe_cmd *pc = ctx;

	(void)o;
	return push_arg(pc->dels, &pc->nr_dels, arg, "-d patterns");
}

/* A filter more: or'ed with those given before, as perf combines them. */
static int add_filter(struct probe_cmd *pc, const char *arg)
{
	char err[512];
	struct probe_filter *f = probe_filter_new(arg, err, sizeof(err));
	char *joined;

	if (!f) {
		pr_err("probe: %s", err);
		return -1;
	}
	probe_filter_free(f);
	if (!pc->filter)
		joined = strdup(arg);
	else if (asprintf(&joined, "(%s) | (%s)", pc->filter, arg) < 0)
		joined = NULL;
	if (!joined) {
		pr_err("out of memory");
		return -1;
	}
	free(pc->filter);
	pc->filter = joined;
	return 0;
}

static int opt_funcs(const struct opt *o, const char *arg, void *ctx)
{
	struct probe_cmd *pc = ctx;

	(void)o;
	pc->funcs = true;
	return arg ? add_filter(pc, arg) : 0;
}

static int opt_filter(const struct opt *o, const char *arg, void *ctx)
{
	(void)o;
	return add_filter(ctx, arg);
}

/* -D: perf's name for adding with -n: the definitions, nothing written. */
static int opt_definition(const struct opt *o, const char *arg, void *ctx)
{
	struct probe_cmd *pc = ctx;

	(void)o;
	pc->dry_run = true;
	return push_arg(pc->adds, &pc->nr_adds, arg, "probe definitions");
}

static int opt_list(const struct opt *o, const char *arg, void *ctx)
{
	struct probe_cmd *pc = ctx;

	(void)o;
	pc->list = true;
	pc->list_filter = arg;
	return 0;
}

/* ---- finding the binary ------------------------------------------------- */

/* -x BIN: a path, a library by name or a program on $PATH (util/symbols/binpath.h). */
static int resolve_binary(const char *name, char *out)
{
	char msg[PATH_MAX + 256];
	int e;

	if (binpath_resolve(name, out, PATH_MAX) == 0)
		return 0;
	e = errno;
	binpath_strerror(name, e, msg, sizeof(msg));
	if (e == ENOENT)
		pr_err("probe: -x %s", msg);
	else
		pr_err("probe: %s", msg);
	return -1;
}

/* ---- helpers ------------------------------------------------------------- */

static int open_tracefs(struct probe_cmd *pc)
{
	if (pc->tracefs_dir && setenv("SCRY_TRACEFS", pc->tracefs_dir, 1)) {
		pr_err("probe: --tracefs: %s", strerror(errno));
		return -1;
	}
	pc->t = cmd_tracefs();
	return pc->t ? 0 : -1;
}

static struct probe_finder *open_finder(struct probe_cmd *pc)
{
	char err[512];
	struct probe_finder *pf;
	struct stat st;

	if (pc->source_dir && (stat(pc->source_dir, &st) || !S_ISDIR(st.st_mode))) {
		pr_err("probe: -s %s: %s", pc->source_dir, errno ? strerror(errno) : "not a directory");
		return NULL;
	}
	pf = probe_finder_open(pc->exec ? pc->bin : NULL, err, sizeof(err));
	if (!pf)
		pr_err("probe: %s", err);
	else
		probe_finder_set_source_dir(pf, pc->source_dir);
	return pf;
}

/* "GROUP:EVENT" / "EVENT" pattern -> the two globs. */
static void split_pattern(const char *pat, char *g, size_t glen, char *e, size_t elen)
{
	const char *c = strchr(pat, ':');

	if (!c)
		c = strchr(pat, '/');   /* the kernel's own GROUP/EVENT spelling */
	if (c) {
		snprintf(g, glen, "%.*s", (int)(c - pat), pat);
		snprintf(e, elen, "%s", c + 1);
	} else {
		snprintf(g, glen, "*");
		snprintf(e, elen, "%s", pat);
	}
}

static bool def_matches(const struct probe_def *d, const char *g, const char *e)
{
	return !fnmatch(g, d->group, 0) && !fnmatch(e, d->event, 0);
}

/* ---- add ------------------------------------------------------------------ */

struct pending {
	struct probe_def def;
	char *place;            /* "foo%return", "@pt.c:3": for the summary */
	char *with;             /* the arguments as the user wrote them, or NULL */
	bool is_new;            /* first definition of its event in this run */
};

/* The place as the user would write it, for the summary line. */
static char *place_text(const struct probe_spec *s)
{
	char buf[1024];
	size_t n = 0;

#define PUT(...) n += (size_t)snprintf(buf + n, n < sizeof(buf) ? sizeof(buf) - n : 0, __VA_ARGS__)
	if (s->place == PROBE_PLACE_LINE) {
		PUT("@%s:%d", s->src ? s->src : "?", s->line);
	} else {
		PUT("%s", s->func ? s->func : "?");
		if (s->src)
			PUT("@%s", s->src);
		if (s->line)
			PUT(":%d", s->line);
		if (s->has_offset)
			PUT("+%" PRIu64, s->offset);
		if (s->ret)
			PUT("%%return");
		if (s->lazy)
			PUT(";%s", s->lazy);
	}
#undef PUT
	if (n >= sizeof(buf))
		buf[sizeof(buf) - 1] = '\0';
	return strdup(buf);
}

static char *args_text(const struct probe_spec *s)
{
	size_t len = 1;
	char *out;

	if (!s->nr_args)
		return NULL;
	for (int i = 0; i < s->nr_args; i++)
		len += strlen(s->args[i].text ? s->args[i].text : "?") + 1;
	out = calloc(1, len);
	for (int i = 0; out && i < s->nr_args; i++) {
		if (i)
			strcat(out, " ");
		strcat(out, s->args[i].text ? s->args[i].text : "?");
	}
	return out;
}

/* Whether the kernel appends a probe to an existing event of the same name
 * (one event, several places: an inlined function, a line with several
 * addresses), as perf does on kernels that can. */
static bool kernel_appends(const struct tracefs *t)
{
	char *readme = tracefs_read(t, "README", NULL);
	bool yes = readme && strstr(readme, "append");

	free(readme);
	return yes;
}

struct taken {
	const struct tracefs *t;
	struct probe_defs u, k;
	char (*names)[2 * 65];  /* GROUP/EVENT added by this run */
	int nr, cap;
};

static bool name_taken(const struct taken *tk, const char *g, const char *e)
{
	char full[2 * 65];

	snprintf(full, sizeof(full), "%s/%s", g, e);
	for (int i = 0; i < tk->nr; i++)
		if (!strcmp(tk->names[i], full))
			return true;
	return probe_event_exists(tk->t, &tk->u, &tk->k, g, e);
}

static int take_name(struct taken *tk, const char *g, const char *e)
{
	if (tk->nr == tk->cap) {
		void *nv = realloc(tk->names, (size_t)(tk->cap = tk->cap ? tk->cap * 2 : 16) * sizeof(*tk->names));
		if (!nv)
			return -1;
		tk->names = nv;
	}
	snprintf(tk->names[tk->nr++], sizeof(tk->names[0]), "%s/%s", g, e);
	return 0;
}

/* Name the event of one spec's first point: the user's name, or the
 * default; a name in use is an error unless -f, which takes the first free
 * NAME_1, NAME_2, ... (perf's rule). */
static int pick_name(struct probe_cmd *pc, struct taken *tk, const char *group, const char *base,
		     bool user_named, char *out, size_t len)
{
	if (!name_taken(tk, group, base)) {
		snprintf(out, len, "%s", base);
		return 0;
	}
	if (!pc->force) {
		pr_err("probe: event %s:%s already exists; delete it with 'scry probe -d %s:%s', "
		       "or add -f to add another one named with a suffix", group, base, group, base);
		return -1;
	}
	for (int i = 1; i < 10000; i++) {
		char cand[80];
		snprintf(cand, sizeof(cand), "%.*s_%d", 58, base, i);
		if (!name_taken(tk, group, cand)) {
			snprintf(out, len, "%s", cand);
			return 0;
		}
	}
	(void)user_named;
	pr_err("probe: no free name for %s:%s", group, base);
	return -1;
}

static void pending_free(struct pending *p, int n)
{
	for (int i = 0; i < n; i++) {
		probe_def_free(&p[i].def);
		free(p[i].place);
		free(p[i].with);
	}
	free(p);
}

/* Definitions for one spec's points, appended to *pend. */
static int build_defs(struct probe_cmd *pc, struct taken *tk, bool appends, const struct probe_spec *spec,
		      struct probe_point *pts, int npts, struct pending **pend, int *npend, int *cap)
{
	char group[80], base[80], name[80];
	bool kernel = !pc->exec;

	if (spec->group)
		snprintf(group, sizeof(group), "%s", spec->group);
	else if (kernel)
		snprintf(group, sizeof(group), "probe");
	else
		probe_default_group(pc->bin, group, sizeof(group));
	if (!probe_name_valid(group)) {
		pr_err("probe: '%s' is not a valid group name (letters, digits, '_', not starting "
		       "with a digit, at most 64 characters)", group);
		return -1;
	}
	for (int i = 0; i < npts; i++) {
		const struct probe_point *pt = &pts[i];
		struct pending *p;

		if (i == 0 || !appends) {
			/* A function spec is named as the user wrote it, also when
			 * DWARF knows the function by another name (an alias:
			 * malloc is __libc_malloc), as perf names it. */
			if (spec->event)
				snprintf(base, sizeof(base), "%s", spec->event);
			else if (spec->place == PROBE_PLACE_FUNC && spec->func)
				probe_default_event(spec->func, pt->ret, base, sizeof(base));
			else
				probe_default_event(pt->func ? pt->func : pt->symbol ? pt->symbol : "probe", pt->ret,
						    base, sizeof(base));
			/* FUNC:RLINE is named FUNC_L<RLINE> (perf's name), while
			 * SRC:ALINE and FUNC+OFF keep the function's name. */
			if (!spec->event && spec->place == PROBE_PLACE_FUNC && spec->line > 0 && !spec->ret) {
				size_t bl = strlen(base);
				snprintf(base + bl, sizeof(base) - bl, "_L%d", spec->line);
			}
			if (!probe_name_valid(base)) {
				pr_err("probe: '%s' is not a valid event name (letters, digits, '_', not "
				       "starting with a digit, at most 64 characters)", base);
				return -1;
			}
			/* Several places of one spec without appending: NAME,
			 * NAME_1, ... even without -f, as perf names them. */
			if (i > 0) {
				bool f = pc->force;
				pc->force = true;
				if (pick_name(pc, tk, group, base, spec->event != NULL, name, sizeof(name))) {
					pc->force = f;
					return -1;
				}
				pc->force = f;
			} else if (pick_name(pc, tk, group, base, spec->event != NULL, name, sizeof(name))) {
				return -1;
			}
			if (take_name(tk, group, name))
				return -1;
		}
		if (*npend == *cap) {
			struct pending *nv = realloc(*pend, (size_t)(*cap = *cap ? *cap * 2 : 8) * sizeof(*nv));
			if (!nv)
				return -1;
			*pend = nv;
		}
		p = &(*pend)[(*npend)++];
		memset(p, 0, sizeof(*p));
		p->is_new = i == 0 || !appends;
		p->def.kind = kernel ? PROBE_KPROBE : PROBE_UPROBE;
		p->def.ret = pt->ret || spec->ret;
		p->def.group = strdup(group);
		p->def.event = strdup(name);
		if (kernel) {
			p->def.target = strdup(pt->symbol ? pt->symbol : "?");
			p->def.offset = pt->sym_offset;
		} else {
			p->def.target = strdup(pc->bin);
			p->def.offset = pt->address;
		}
		if (pt->nr_args) {
			p->def.args = calloc((size_t)pt->nr_args, sizeof(char *));
			for (int j = 0; p->def.args && j < pt->nr_args; j++) {
				char *a;
				if (asprintf(&a, "%s=%s", pt->args[j].name, pt->args[j].fetch) < 0)
					return -1;
				p->def.args[p->def.nr_args++] = a;
			}
		}
		p->place = place_text(spec);
		p->with = args_text(spec);
		if (!p->def.group || !p->def.event || !p->def.target || !p->place)
			return -1;
	}
	return 0;
}

static void rollback(const struct tracefs *t, struct pending *p, int upto)
{
	char err[512];

	for (int i = upto - 1; i >= 0; i--)
		if (p[i].is_new && probe_event_delete(t, p[i].def.kind, p[i].def.group, p[i].def.event,
						      err, sizeof(err)))
			pr_err("probe: while undoing: %s", err);
}

static int cmd_add(struct probe_cmd *pc)
{
	struct probe_finder *pf = NULL;
	struct pending *pend = NULL;
	struct taken tk = { 0 };
	int npend = 0, cap = 0, ret = 1;
	char err[1024];
	bool appends;
	enum probe_kind kind = pc->exec ? PROBE_UPROBE : PROBE_KPROBE;

	if (open_tracefs(pc))
		return 1;
	if (!pc->dry_run && !probe_file_exists(pc->t, kind)) {
		if (kind == PROBE_KPROBE)
			pr_err("probe: this kernel has no %s/kprobe_events: it was built without kprobe "
			       "events (CONFIG_KPROBE_EVENTS), so kernel probes cannot be added "
			       "(-x BIN adds uprobes)", pc->t->root);
		else
			pr_err("probe: this kernel has no %s/uprobe_events: it was built without uprobe "
			       "events (CONFIG_UPROBE_EVENTS)", pc->t->root);
		return 1;
	}
	tk.t = pc->t;
	if (probe_defs_read(pc->t, PROBE_UPROBE, &tk.u, err, sizeof(err)) < 0 ||
	    probe_defs_read(pc->t, PROBE_KPROBE, &tk.k, err, sizeof(err)) < 0) {
		pr_err("probe: %s", err);
		goto out_defs;
	}
	appends = kernel_appends(pc->t);
	pf = open_finder(pc);
	if (!pf)
		goto out_defs;
	for (int i = 0; i < pc->nr_adds; i++) {
		struct probe_spec spec;
		struct probe_point *pts = NULL;
		int npts = 0, r;

		if (probe_spec_parse(pc->adds[i], &spec, err, sizeof(err))) {
			pr_err("probe: '%s': %s", pc->adds[i], err);
			goto out;
		}
		if (probe_finder_resolve(pf, &spec, &pts, &npts, err, sizeof(err))) {
			pr_err("probe: %s", err);
			probe_spec_free(&spec);
			goto out;
		}
		if (npts > pc->max_probes) {
			pr_err("probe: '%s' resolved to %d places, more than --max-probes %d allows",
			       pc->adds[i], npts, pc->max_probes);
			r = -1;
		} else {
			r = npts ? build_defs(pc, &tk, appends, &spec, pts, npts, &pend, &npend, &cap) : -1;
			if (!npts)
				pr_err("probe: '%s' resolved to no place", pc->adds[i]);
		}
		for (int j = 0; j < npts; j++)
			probe_point_free(&pts[j]);
		free(pts);
		probe_spec_free(&spec);
		if (r)
			goto out;
	}
	if (pc->dry_run) {
		char line[4096];
		for (int i = 0; i < npend; i++) {
			probe_def_format(&pend[i].def, line, sizeof(line));
			printf("%s\n", line);
		}
		ret = 0;
		goto out;
	}
	for (int i = 0; i < npend; i++) {
		if (pc->verbose) {
			char line[4096];
			probe_def_format(&pend[i].def, line, sizeof(line));
			pr_info("probe: writing %s", line);
		}
		if (probe_def_write(pc->t, &pend[i].def, err, sizeof(err))) {
			pr_err("probe: %s", err);
			rollback(pc->t, pend, i);
			goto out;
		}
	}
	if (!pc->quiet) {
		int nnew = 0;
		const char *last = NULL;
		for (int i = 0; i < npend; i++)
			nnew += pend[i].is_new;
		printf("Added new event%s:\n", npend > 1 ? "s" : "");
		for (int i = 0; i < npend; i++) {
			char ev[160];
			snprintf(ev, sizeof(ev), "%s:%s", pend[i].def.group, pend[i].def.event);
			printf("  %-20s (on %s%s%s%s%s)\n", ev, pend[i].place,
			       pc->exec ? " in " : "", pc->exec ? pc->bin : "",
			       pend[i].with ? " with " : "", pend[i].with ? pend[i].with : "");
			last = pend[i].def.event;
		}
		(void)nnew;
		printf("\nYou can now use it in all scry tools, such as:\n\n"
		       "\tscry record -e %s:%s -aR sleep 1\n\n", pend[npend - 1].def.group, last);
	}
	ret = 0;
out:
	probe_finder_close(pf);
out_defs:
	pending_free(pend, npend);
	probe_defs_free(&tk.u);
	probe_defs_free(&tk.k);
	free(tk.names);
	return ret;
}

/* ---- list / delete ---------------------------------------------------------- */

/* The finders of the binaries -l lists probes on, each opened (and its
 * DWARF indexed) once per run. */
struct finder_cache {
	char *path[16];
	struct probe_finder *pf[16];
	int nr;
};

static struct probe_finder *cached_finder(struct finder_cache *fc, const char *path)
{
	char err[512];

	for (int i = 0; i < fc->nr; i++)
		if (!strcmp(fc->path[i], path))
			return fc->pf[i];
	if (fc->nr == 16)
		return NULL;
	fc->path[fc->nr] = strdup(path);
	fc->pf[fc->nr] = probe_finder_open(path, err, sizeof(err));
	return fc->pf[fc->nr++];
}

static void finder_cache_free(struct finder_cache *fc)
{
	for (int i = 0; i < fc->nr; i++) {
		free(fc->path[i]);
		probe_finder_close(fc->pf[i]);
	}
}

/* Where FUNC's entry probe goes and the line its declaration is on, from
 * the finder (DWARF), so -l names places as they were given. */
static bool func_entry(struct probe_finder *pf, const char *func, u64 *addr, int *decl)
{
	struct probe_spec spec;
	struct probe_point *pts = NULL;
	int n = 0;
	char err[512];
	bool ok = false;

	if (!pf || probe_spec_parse(func, &spec, err, sizeof(err)))
		return false;
	if (!probe_finder_resolve(pf, &spec, &pts, &n, err, sizeof(err)) && n > 0) {
		*addr = pts[0].address;
		*decl = pts[0].rline >= 0 ? pts[0].line - pts[0].rline : 0;
		ok = true;
	}
	for (int i = 0; i < n; i++)
		probe_point_free(&pts[i]);
	free(pts);
	probe_spec_free(&spec);
	return ok;
}

/* Where a defined uprobe sits, from the binary's symbols, line table and
 * DWARF: "foo@pt.c" (its entry), "foo:2@pt.c", "foo%return@pt.c",
 * "foo+4" without DWARF, or the bare offset. */
static void uprobe_place(struct dsos *dsos, struct srcline_cache *sc, struct finder_cache *fc,
			 const struct probe_def *d, char *out, size_t len)
{
	struct dso *dso = dsos_findnew(dsos, d->target);
	const struct symbol *sym = NULL;
	const struct srcline_info *si;
	u64 addr = 0, entry = 0;
	int decl = 0;
	bool have_entry;

	if (dso) {
		dso_load(dso, NULL);
		addr = dso_offset_to_addr(dso, d->offset);
		sym = dso_find_symbol(dso, addr);
	}
	if (!sym) {
		snprintf(out, len, "0x%" PRIx64, d->offset);
		return;
	}
	si = srcline_find(sc, dso, addr);
	have_entry = func_entry(cached_finder(fc, d->target), sym->name, &entry, &decl);
	if (si->file) {
		if (d->ret || (have_entry && entry == d->offset) || addr == sym->start ||
		    !decl || (int)si->line <= decl)
			snprintf(out, len, "%s%s@%s", sym->name, d->ret ? "%return" : "", si->file);
		else
			snprintf(out, len, "%s:%d@%s", sym->name, (int)si->line - decl, si->file);
		return;
	}
	if (d->ret)
		snprintf(out, len, "%s%%return", sym->name);
	else if (addr != sym->start)
		snprintf(out, len, "%s+%" PRIu64, sym->name, addr - sym->start);
	else
		snprintf(out, len, "%s", sym->name);
}

/* " with x y name:string": the argument names (and string types). */
static void args_names(const struct probe_def *d, char *out, size_t len)
{
	size_t n = 0;

	out[0] = '\0';
	for (int i = 0; i < d->nr_args && n < len; i++) {
		const char *a = d->args[i], *eq = strchr(a, '=');
		const char *type = strrchr(a, ':');
		int nl = eq ? (int)(eq - a) : (int)strlen(a);
		bool str = type && (!strcmp(type, ":string") || !strcmp(type, ":ustring"));
		n += (size_t)snprintf(out + n, len - n, "%s%.*s%s", i ? " " : " with ", nl, a,
				      str ? ":string" : "");
	}
}

static int cmd_list_probes(struct probe_cmd *pc, const char *const *pats, int npats)
{
	struct probe_defs ds[2] = { 0 };
	struct dsos dsos;
	struct srcline_cache *sc;
	struct finder_cache fc = { .nr = 0 };
	char err[512];

	if (open_tracefs(pc))
		return 1;
	for (int k = 0; k < 2; k++)
		if (probe_defs_read(pc->t, (enum probe_kind)k, &ds[k], err, sizeof(err)) < 0) {
			pr_err("probe: %s", err);
			probe_defs_free(&ds[0]);
			return 1;
		}
	dsos_init(&dsos);
	sc = srcline_new();
	for (int k = 1; k >= 0; k--) {  /* kernel probes first, as perf lists them */
		for (int i = 0; i < ds[k].nr; i++) {
			const struct probe_def *d = &ds[k].v[i];
			char ev[160], place[PATH_MAX + 256], with[1024];
			bool match = npats == 0;

			for (int p = 0; p < npats && !match; p++) {
				char g[128], e[128];
				split_pattern(pats[p], g, sizeof(g), e, sizeof(e));
				match = def_matches(d, g, e);
			}
			if (!match)
				continue;
			if (d->kind == PROBE_UPROBE)
				uprobe_place(&dsos, sc, &fc, d, place, sizeof(place));
			else if (d->offset)
				snprintf(place, sizeof(place), "%s+%" PRIu64 "%s", d->target, d->offset,
					 d->ret ? "%return" : "");
			else
				snprintf(place, sizeof(place), "%s%s", d->target, d->ret ? "%return" : "");
			args_names(d, with, sizeof(with));
			snprintf(ev, sizeof(ev), "%s:%s", d->group, d->event);
			printf("  %-20s (on %s%s%s%s)\n", ev, place, d->kind == PROBE_UPROBE ? " in " : "",
			       d->kind == PROBE_UPROBE ? d->target : "", with);
		}
	}
	finder_cache_free(&fc);
	srcline_free(sc);
	dsos_free(&dsos);
	probe_defs_free(&ds[0]);
	probe_defs_free(&ds[1]);
	return 0;
}

static int cmd_delete(struct probe_cmd *pc, const char *const *pats, int npats)
{
	struct probe_defs ds[2] = { 0 };
	char err[512];
	int ret = 0;

	if (open_tracefs(pc))
		return 1;
	for (int k = 0; k < 2; k++)
		if (probe_defs_read(pc->t, (enum probe_kind)k, &ds[k], err, sizeof(err)) < 0) {
			pr_err("probe: %s", err);
			probe_defs_free(&ds[0]);
			return 1;
		}
	for (int p = 0; p < npats; p++) {
		char g[128], e[128];
		int hits = 0;

		split_pattern(pats[p], g, sizeof(g), e, sizeof(e));
		for (int k = 0; k < 2; k++) {
			for (int i = 0; i < ds[k].nr; i++) {
				struct probe_def *d = &ds[k].v[i];
				bool dup = false;
				if (!d->group[0] || !def_matches(d, g, e))
					continue;
				/* An event with several places is one event: delete it once. */
				for (int j = 0; j < i && !dup; j++)
					dup = !strcmp(ds[k].v[j].group, d->group) && !strcmp(ds[k].v[j].event, d->event);
				hits++;
				if (dup)
					continue;
				if (probe_event_delete(pc->t, (enum probe_kind)k, d->group, d->event, err, sizeof(err))) {
					pr_err("probe: %s", err);
					ret = 1;
					continue;
				}
				if (!pc->quiet)
					printf("Removed event: %s:%s\n", d->group, d->event);
			}
		}
		if (!hits) {
			pr_err("probe: \"%s\" matches no probe event (see 'scry probe -l')", pats[p]);
			ret = 1;
		}
		/* Deleted ones do not match a later pattern again. */
		for (int k = 0; k < 2; k++)
			for (int i = 0; i < ds[k].nr; i++)
				if (def_matches(&ds[k].v[i], g, e))
					ds[k].v[i].group[0] = '\0';
	}
	probe_defs_free(&ds[0]);
	probe_defs_free(&ds[1]);
	return ret;
}

/* ---- -L / -V / -F ----------------------------------------------------------- */

static int cmd_show(struct probe_cmd *pc)
{
	struct probe_finder *pf = open_finder(pc);
	struct probe_filter *filter = NULL;
	char err[1024];
	int r;

	if (!pf)
		return 1;
	/* Checked when given: it parses. */
	if (pc->filter)
		filter = probe_filter_new(pc->filter, err, sizeof(err));
	if (pc->line) {
		r = probe_finder_show_lines(pf, pc->line, stdout, err, sizeof(err));
	} else if (pc->vars) {
		struct probe_spec spec;
		r = probe_spec_parse(pc->vars, &spec, err, sizeof(err));
		if (!r) {
			r = probe_finder_show_vars(pf, &spec, filter, stdout, err, sizeof(err));
			probe_spec_free(&spec);
		}
	} else {
		r = probe_finder_show_funcs(pf, filter, pc->dwarf_funcs, stdout, err, sizeof(err));
	}
	probe_filter_free(filter);
	probe_finder_close(pf);
	if (r) {
		pr_err("probe: %s", err);
		return 1;
	}
	return 0;
}

/* ---- the command -------------------------------------------------------------- */

static char *join_words(const char **w, int n)
{
	size_t len = 1;
	char *s;

	for (int i = 0; i < n; i++)
		len += strlen(w[i]) + 1;
	s = calloc(1, len);
	for (int i = 0; s && i < n; i++) {
		if (i)
			strcat(s, " ");
		strcat(s, w[i]);
	}
	return s;
}

/* What the command line asks for, once parsed. */
static int run_probe(struct probe_cmd *pc, const struct opt *opts, int argc, const char **argv, int idx)
{
	int nactions, rest = argc - idx;
	char *joined = NULL;
	int ret;

	if (pc->quiet)
		log_set_level(LOG_QUIET);
	else if (pc->verbose)
		log_set_level(pc->verbose > 1 ? LOG_DEBUG : LOG_VERBOSE);

	nactions = (pc->nr_dels > 0) + pc->list + !!pc->line + !!pc->vars + pc->funcs + (pc->nr_adds > 0);
	if (nactions > 1) {
		pr_err("probe: use one of -a/-D, -d, -l, -L, -V and -F at a time");
		return options_usage_error(opts, probe_usage);
	}
	if (pc->filter && !pc->funcs && !pc->vars) {
		pr_err("probe: --filter goes with -F or -V");
		return options_usage_error(opts, probe_usage);
	}
	if (pc->max_probes < 1) {
		pr_err("probe: --max-probes %d: give a number of places from 1 up", pc->max_probes);
		return options_usage_error(opts, probe_usage);
	}
	if (pc->list || pc->nr_dels) {
		const char *pats[2 * MAX_SPECS];
		int n = 0;
		if (pc->list_filter)
			pats[n++] = pc->list_filter;
		for (int i = 0; i < pc->nr_dels; i++)
			pats[n++] = pc->dels[i];
		for (int i = 0; i < rest && n < 2 * MAX_SPECS; i++)
			pats[n++] = argv[idx + i];
		return pc->list ? cmd_list_probes(pc, pats, n) : cmd_delete(pc, pats, n);
	}
	if (pc->funcs && rest > 0) {
		if (rest > 1) {
			pr_err("probe: -F takes one filter");
			return options_usage_error(opts, probe_usage);
		}
		if (add_filter(pc, argv[idx]))
			return options_usage_error(opts, probe_usage);
		rest = 0;
	}
	if ((pc->line || pc->vars) && rest > 0) {
		pr_err("probe: unexpected '%s' after -%c", argv[idx], pc->line ? 'L' : 'V');
		return options_usage_error(opts, probe_usage);
	}
	if (rest > 0) {
		joined = join_words(argv + idx, rest);
		if (!joined) {
			pr_err("out of memory");
			return 1;
		}
		if (opt_add(NULL, joined, pc)) {
			free(joined);
			return options_usage_error(opts, probe_usage);
		}
	}
	if (!nactions && !rest)
		return options_usage_error(opts, probe_usage);
	if (pc->exec && resolve_binary(pc->exec, pc->bin)) {
		free(joined);
		return 1;
	}
	if (pc->line || pc->vars || pc->funcs)
		ret = cmd_show(pc);
	else
		ret = cmd_add(pc);
	free(joined);
	return ret;
}

int cmd_probe(int argc, const char **argv)
{
	struct probe_cmd pc = { 0 };
	bool no_debuginfod = false;
	const struct opt opts[] = {
		{ OPT_STRING, 'x', "exec", &pc.exec, "BIN", "a binary or library (path, or a name like libc) for uprobes", 0, NULL },
		{ OPT_CALLBACK, 'a', "add", NULL, "PROBEDEF", "add a probe (repeatable); words after the options form one more", 0, opt_add },
		{ OPT_CALLBACK, 'd', "del", NULL, "[GROUP:]EVENT", "delete probe events matching the glob (repeatable)", 0, opt_del },
		{ OPT_CALLBACK, 'l', "list", NULL, "[GROUP:]EVENT", "list defined probes (matching the glob)", OPT_OPTARG, opt_list },
		{ OPT_STRING, 'L', "line", &pc.line, "FUNC[@SRC]|SRC:START-END", "show source lines, marking those a probe can go on", 0, NULL },
		{ OPT_STRING, 'V', "vars", &pc.vars, "PROBEPOINT", "show the variables available at a place", 0, NULL },
		{ OPT_CALLBACK, 'F', "funcs", NULL, "FILTER", "list the functions (passing the filter; default '" PROBE_FUNCS_FILTER "')", OPT_OPTARG, opt_funcs },
		{ OPT_CALLBACK, 0, "filter", NULL, "FILTER", "-F, -V: names to show: globs with ! & | ( ) (several: or'ed)", 0, opt_filter },
		{ OPT_BOOL, 0, "dwarf-funcs", &pc.dwarf_funcs, NULL, "-F: list the functions DWARF knows (with inlined ones) instead of the symbol table's", 0, NULL },
		{ OPT_BOOL, 'n', "dry-run", &pc.dry_run, NULL, "print the definitions that would be written; write nothing", 0, NULL },
		{ OPT_CALLBACK, 'D', "definition", NULL, "PROBEDEF", "print the definition of a probe, write nothing (as -n -a; repeatable)", 0, opt_definition },
		{ OPT_STRING, 's', "source", &pc.source_dir, "DIR", "the source tree, moved there since the build (-L, ;PATTERN)", 0, NULL },
		{ OPT_INT, 0, "max-probes", &pc.max_probes, "N", "at most N places per probe definition (default 128)", 0, NULL },
		{ OPT_BOOL, 'f', "force", &pc.force, NULL, "add even if the event name exists (with a _N suffix)", 0, NULL },
		{ OPT_BOOL, 'q', "quiet", &pc.quiet, NULL, "print nothing but errors", 0, NULL },
		{ OPT_COUNT, 'v', "verbose", &pc.verbose, NULL, "say more (the definitions written)", 0, NULL },
		{ OPT_STRING, 0, "tracefs", &pc.tracefs_dir, "DIR", "use DIR as tracefs (also SCRY_TRACEFS)", 0, NULL },
		{ OPT_BOOL, 0, "no-debuginfod", &no_debuginfod, NULL, "do not ask debuginfod servers (DEBUGINFOD_URLS) for missing binaries and debug files", OPT_NONEG, NULL },
		OPT_END_MARK,
	};
	int idx, ret;

	pc.max_probes = DEFAULT_MAX_PROBES;
	idx = options_parse(opts, argc, argv, "probe", probe_usage, false, &pc);
	if (no_debuginfod)
		fetch_disable();
	ret = idx < 0 ? options_exit_status(idx) : run_probe(&pc, opts, argc, argv, idx);
	free(pc.filter);
	return ret;
}
