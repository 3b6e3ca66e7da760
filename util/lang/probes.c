/* Expanding probes into attachments (see probes.h). */
#include "util/lang/probes.h"
#include "util/lang/ctypes.h"

#include <ctype.h>
#include <errno.h>
#include <fnmatch.h>
#include <glob.h>
#include <inttypes.h>
#include <limits.h>
#include <linux/perf_event.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/core/tp-format.h"
#include "util/debug.h"
#include "util/core/tracefs.h"
#include "util/strutil.h"
#include "util/xalloc.h"
#include "util/symbols/binpath.h"
#include "util/symbols/dso.h"
#include "util/symbols/kallsyms.h"
#include "util/symbols/fetch.h"
#include "util/symbols/symbol-elf.h"
#include "util/symbols/symbol.h"

/* ---- tables -------------------------------------------------------------------------- */

/* Probe types by their names and short forms, as bpftrace spells them. */
static const struct lang_probe_kind {
	const char *name;
	const char *alias;
	enum lang_probe_type type;
} lang_probe_kinds[] = {
	{ "BEGIN", NULL, P_BEGIN },
	{ "END", NULL, P_END },
	{ "tracepoint", "t", P_TRACEPOINT },
	{ "uprobe", "u", P_UPROBE },
	{ "uretprobe", "ur", P_URETPROBE },
	{ "kprobe", "k", P_KPROBE },
	{ "kretprobe", "kr", P_KRETPROBE },
	{ "profile", "p", P_PROFILE },
	{ "interval", "i", P_INTERVAL },
	{ "software", "s", P_SOFTWARE },
};

/* From include/uapi/linux/perf_event.h (enum perf_sw_ids), with perf's
 * names; aliases and default periods from bpftrace 0.17 (probe_matcher.h),
 * plus perf's own "migrations". Sorted by name: the listing's order. */
static const struct lang_sw_event lang_sw_events[] = {
	{ "alignment-faults", NULL, PERF_COUNT_SW_ALIGNMENT_FAULTS, 1 },
	{ "bpf-output", NULL, PERF_COUNT_SW_BPF_OUTPUT, 1 },
	{ "context-switches", "cs", PERF_COUNT_SW_CONTEXT_SWITCHES, 1000 },
	{ "cpu-clock", "cpu", PERF_COUNT_SW_CPU_CLOCK, 1000000 },
	{ "cpu-migrations", "migrations", PERF_COUNT_SW_CPU_MIGRATIONS, 1 },
	{ "dummy", NULL, PERF_COUNT_SW_DUMMY, 1 },
	{ "emulation-faults", NULL, PERF_COUNT_SW_EMULATION_FAULTS, 1 },
	{ "major-faults", NULL, PERF_COUNT_SW_PAGE_FAULTS_MAJ, 1 },
	{ "minor-faults", NULL, PERF_COUNT_SW_PAGE_FAULTS_MIN, 100 },
	{ "page-faults", "faults", PERF_COUNT_SW_PAGE_FAULTS, 100 },
	{ "task-clock", NULL, PERF_COUNT_SW_TASK_CLOCK, 1 },
};

/* The units of profile:UNIT:N and interval:UNIT:N: ns per count, 0 for a
 * rate (hz). In the listing's order. */
static const struct lang_timer_unit {
	const char *unit;
	u64 ns;
} lang_timer_units[] = {
	{ "hz", 0 },
	{ "ms", NSEC_PER_MSEC },
	{ "s", NSEC_PER_SEC },
	{ "us", NSEC_PER_USEC },
};

/* C integer types whose size a tracepoint format may widen: syscall
 * arguments are stored as longs ("field:int dfd; size:8; signed:0"), but
 * the value is the type's (bpftrace reads args.dfd as an int: -100, not
 * 4294967196). Little-endian: the low bytes are at the field's offset. */
static const struct lang_ctype_int {
	const char *name;
	u32 size;
	bool is_signed;
} lang_ctype_ints[] = {
	{ "char", 1, true }, { "signed char", 1, true }, { "unsigned char", 1, false },
	{ "bool", 1, false }, { "_Bool", 1, false },
	{ "short", 2, true }, { "short int", 2, true }, { "signed short", 2, true },
	{ "unsigned short", 2, false }, { "unsigned short int", 2, false },
	{ "int", 4, true }, { "signed int", 4, true }, { "signed", 4, true },
	{ "unsigned int", 4, false }, { "unsigned", 4, false },
	{ "s8", 1, true }, { "u8", 1, false }, { "__s8", 1, true }, { "__u8", 1, false },
	{ "s16", 2, true }, { "u16", 2, false }, { "__s16", 2, true }, { "__u16", 2, false },
	{ "s32", 4, true }, { "u32", 4, false }, { "__s32", 4, true }, { "__u32", 4, false },
	{ "pid_t", 4, true }, { "uid_t", 4, false }, { "gid_t", 4, false }, { "umode_t", 2, false },
	{ "clockid_t", 4, true }, { "key_serial_t", 4, true }, { "qid_t", 4, false },
	{ "mqd_t", 4, true }, { "rwf_t", 4, true }, { "key_t", 4, true },
};

const struct lang_sw_event *lang_probes_sw_event(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(lang_sw_events); i++)
		if (!strcmp(name, lang_sw_events[i].name) ||
		    (lang_sw_events[i].alias && !strcmp(name, lang_sw_events[i].alias)))
			return &lang_sw_events[i];
	return NULL;
}

static const struct lang_probe_kind *kind_of_type(enum lang_probe_type t)
{
	for (size_t i = 0; i < ARRAY_SIZE(lang_probe_kinds); i++)
		if (lang_probe_kinds[i].type == t)
			return &lang_probe_kinds[i];
	return NULL;
}

static const char *type_name(enum lang_probe_type t)
{
	const struct lang_probe_kind *k = kind_of_type(t);

	return k ? k->name : "?";
}

/* "tracepoint" or "t" (len bytes of s) -> its kind, NULL if none. */
static const struct lang_probe_kind *kind_of_word(const char *s, size_t len)
{
	for (size_t i = 0; i < ARRAY_SIZE(lang_probe_kinds); i++) {
		const struct lang_probe_kind *k = &lang_probe_kinds[i];

		if ((strlen(k->name) == len && !memcmp(s, k->name, len)) ||
		    (k->alias && strlen(k->alias) == len && !memcmp(s, k->alias, len)))
			return k;
	}
	return NULL;
}

static const struct lang_timer_unit *timer_unit(const char *unit)
{
	for (size_t i = 0; i < ARRAY_SIZE(lang_timer_units); i++)
		if (unit && !strcmp(unit, lang_timer_units[i].unit))
			return &lang_timer_units[i];
	return NULL;
}

static bool has_glob(const char *s)
{
	return s && strpbrk(s, "*?[") != NULL;
}

static bool glob_match(const char *glob, const char *s)
{
	return fnmatch(glob, s, 0) == 0;
}

/* What a glob over functions leaves out, as bpftrace does: the ".part.N"
 * pieces GCC splits off a function (not entered at the function's start). */
static bool glob_skips(const char *glob, const char *name)
{
	return has_glob(glob) && strstr(name, ".part.") != NULL;
}

/* ftrace's own events (ftrace:function, ftrace:print, ...) are in events/
 * but are not tracepoints a perf event or BPF program can use: bpftrace
 * (available_events) does not list them either. */
static bool tp_system_usable(const char *sys)
{
	return strcmp(sys, "ftrace") != 0;
}

/* ---- string lists -------------------------------------------------------------------- */

struct strlist {
	char **v;
	size_t nr, cap;
};

static int strlist_add(struct strlist *l, const char *s)
{
	char *c;

	if (l->nr == l->cap) {
		size_t ncap = l->cap ? l->cap * 2 : 64;
		char **nv = realloc(l->v, ncap * sizeof(*nv));

		if (!nv)
			return -1;
		l->v = nv;
		l->cap = ncap;
	}
	c = strdup(s);
	if (!c)
		return -1;
	l->v[l->nr++] = c;
	return 0;
}

static int strcmp_p(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorted byte-wise (std::set<std::string>'s order), duplicates dropped. */
static void strlist_sort_unique(struct strlist *l)
{
	size_t out = 0;

	if (!l->nr)
		return;
	qsort(l->v, l->nr, sizeof(*l->v), strcmp_p);
	for (size_t i = 0; i < l->nr; i++) {
		if (out && !strcmp(l->v[out - 1], l->v[i])) {
			free(l->v[i]);
			continue;
		}
		l->v[out++] = l->v[i];
	}
	l->nr = out;
}

static void strlist_free(struct strlist *l)
{
	for (size_t i = 0; i < l->nr; i++)
		free(l->v[i]);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

/* ---- binaries: function symbols and load segments ------------------------------------ */

/* One function name at one address of a binary. */
struct bin_func {
	const char *name;       /* in syms' string blocks */
	u64 addr, size;
	u8 bind;                /* enum sym_bind */
};

struct bin {
	char *written;          /* the name as the probe wrote it ("libc") */
	char path[PATH_MAX];    /* resolved */
	struct symtab syms;     /* owns the names */
	struct bin_func *funcs; /* sorted by name, then address; (name, address) unique */
	size_t nfuncs;
	struct dso_segment *segs;
	u32 nsegs;
};

static bool is_func_kind(u8 kind)
{
	return kind == 'T' || kind == 't' || kind == 'W' || kind == 'w' || kind == 'i';
}

static int bin_func_cmp(const void *pa, const void *pb)
{
	const struct bin_func *a = pa, *b = pb;
	int d = strcmp(a->name, b->name);

	if (d)
		return d;
	return a->addr < b->addr ? -1 : a->addr > b->addr;
}

static void bin_free(struct bin *b)
{
	free(b->written);
	symtab_free(&b->syms);
	free(b->funcs);
	free(b->segs);
	free(b);
}

/* The function symbols of path: its .symtab, else its .dynsym plus the
 * .symtab of its separate debug file when one is installed (as bpftrace
 * lists them: bcc reads both). PLT entries are not functions of the file. */
static struct bin *bin_load(const char *written, char *err, size_t errlen)
{
	struct bin *b = calloc(1, sizeof(*b));
	bool reloc;

	if (!b) {
		errf(err, errlen, "out of memory");
		return NULL;
	}
	symtab_init(&b->syms);
	b->written = strdup(written);
	if (!b->written) {
		errf(err, errlen, "out of memory");
		goto bad;
	}
	if (binpath_resolve(written, b->path, sizeof(b->path))) {
		char msg[PATH_MAX + 256];

		errf(err, errlen, "%s", binpath_strerror(written, errno, msg, sizeof(msg)));
		goto bad;
	}
	if (elf_segments(b->path, &b->segs, &b->nsegs, &reloc) < 0 || elf_load_symbols(b->path, &b->syms) < 0) {
		errf(err, errlen, "%s: cannot read it as ELF", b->path);
		goto bad;
	}
	if (!elf_has_symtab(b->path)) {
		u8 id[20];
		int n = elf_build_id(b->path, id);
		char *dbg = fetch_debug_file("", b->path, id, n > 0 ? (u8)n : 0);

		if (dbg)
			elf_load_symbols(dbg, &b->syms);        /* none is no worse than before */
		free(dbg);
	}
	b->funcs = calloc(b->syms.nr ? b->syms.nr : 1, sizeof(*b->funcs));
	if (!b->funcs) {
		errf(err, errlen, "out of memory");
		goto bad;
	}
	for (size_t i = 0; i < b->syms.nr; i++) {
		const struct symbol *s = &b->syms.syms[i];

		size_t len = strlen(s->name);

		/* "func@plt" are the file's calls out, not its functions; versioned
		 * names ("_IO_fclose@@GLIBC_2.2.5", in a debug .symtab) are kept. */
		if (!is_func_kind(s->kind) || (len > 4 && !strcmp(s->name + len - 4, "@plt")))
			continue;
		b->funcs[b->nfuncs++] = (struct bin_func){ s->name, s->start, s->size, s->bind };
	}
	qsort(b->funcs, b->nfuncs, sizeof(*b->funcs), bin_func_cmp);
	if (b->nfuncs) {
		size_t out = 1;

		for (size_t i = 1; i < b->nfuncs; i++) {
			struct bin_func *prev = &b->funcs[out - 1];

			if (!strcmp(prev->name, b->funcs[i].name) && prev->addr == b->funcs[i].addr) {
				if (b->funcs[i].size > prev->size)
					prev->size = b->funcs[i].size;
				continue;
			}
			b->funcs[out++] = b->funcs[i];
		}
		b->nfuncs = out;
	}
	return b;
bad:
	bin_free(b);
	return NULL;
}

/* ---- kernel functions ------------------------------------------------------------------ */

/* "vfs_read" or "nfs_open [nfs]" -> the name alone, into the list. */
static int add_kfunc(struct strlist *l, const char *line, size_t len)
{
	char name[512];
	size_t n = strcspn(line, " \t\n");

	if (n > len)
		n = len;
	if (!n || n >= sizeof(name))
		return 0;
	memcpy(name, line, n);
	name[n] = '\0';
	return strlist_add(l, name);
}

/* The kernel's function names, sorted and unique: tracefs's
 * available_filter_functions (the functions kprobes may use) when it can
 * be read, else the text symbols of kallsyms. */
static int kfuncs_load(const struct lang_probes_env *env, struct strlist *l, char *err, size_t errlen)
{
	const char *kpath = env->kallsyms ? env->kallsyms : kallsyms_default_path();
	char *text = env->tracefs ? tracefs_read(env->tracefs, "available_filter_functions", NULL) : NULL;
	struct symtab t;
	int n;

	if (text) {
		for (char *p = text; *p;) {
			char *nl = strchr(p, '\n');
			size_t len = nl ? (size_t)(nl - p) : strlen(p);

			if (add_kfunc(l, p, len)) {
				free(text);
				return errf(err, errlen, "out of memory");
			}
			p += len + (nl ? 1 : 0);
		}
		free(text);
		strlist_sort_unique(l);
		return 0;
	}
	symtab_init(&t);
	n = kallsyms_load(kpath, &t);
	if (n == -2) {
		symtab_free(&t);
		return errf(err, errlen, "the kernel's symbols are hidden in %s (kernel.kptr_restrict): run as root",
			    kpath);
	}
	if (n < 0) {
		symtab_free(&t);
		return errf(err, errlen, "cannot read the kernel's functions from %s: %s", kpath, strerror(errno));
	}
	for (size_t i = 0; i < t.nr; i++) {
		const struct symbol *s = &t.syms[i];

		if ((s->kind == 't' || s->kind == 'T' || s->kind == 'w' || s->kind == 'W') &&
		    add_kfunc(l, s->name, strlen(s->name))) {
			symtab_free(&t);
			return errf(err, errlen, "out of memory");
		}
	}
	symtab_free(&t);
	strlist_sort_unique(l);
	return 0;
}

/* ---- resolving ------------------------------------------------------------------------- */

struct resolve_ctx {
	struct lang_program *p;
	int cap;
	const struct lang_probes_env *env;
	struct tp_formats *formats;
	struct tp_formats own_formats;
	bool own_formats_ok;
	struct bin **bins;              /* binaries loaded so far (a program often probes libc twice) */
	int nbins;
	struct strlist kfuncs;
	bool kfuncs_loaded;
	int block, probe;
	const struct lang_probe *lp;
	char *err;
	size_t errlen;
};

/* "PROBE: message": every error names the probe as written. */
static int probe_err(struct resolve_ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int probe_err(struct resolve_ctx *c, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (c->env->err_loc)
		*c->env->err_loc = c->lp->loc;
	return errf(c->err, c->errlen, "%s: %s", c->lp->text ? c->lp->text : type_name(c->lp->type), msg);
}

static struct lang_attach *new_attach(struct resolve_ctx *c)
{
	struct lang_program *p = c->p;
	struct lang_attach *a;

	if (p->nattaches == c->cap) {
		int ncap = c->cap ? c->cap * 2 : 16;
		struct lang_attach *nv = realloc(p->attaches, (size_t)ncap * sizeof(*nv));

		if (!nv) {
			probe_err(c, "out of memory");
			return NULL;
		}
		p->attaches = nv;
		c->cap = ncap;
	}
	a = &p->attaches[p->nattaches++];
	memset(a, 0, sizeof(*a));
	a->block = c->block;
	a->probe = c->probe;
	a->type = c->lp->type;
	a->prog = -1;
	return a;
}

/* The name of a new attachment; false (and the error) on ENOMEM. */
static bool set_name(struct resolve_ctx *c, struct lang_attach *a, char *name)
{
	a->name = name;
	if (!name)
		probe_err(c, "out of memory");
	return name != NULL;
}

/* "+16" when the probe has an offset, "" otherwise (bpftrace's names). */
static const char *offset_suffix(const struct lang_probe *lp, char *buf, size_t len)
{
	if (lp->has_offset)
		snprintf(buf, len, "+%" PRIu64, lp->offset);
	else if (len)
		buf[0] = '\0';
	return buf;
}

/* -- tracepoints -- */

static int ctype_int_size(const char *ctype, bool *is_signed)
{
	const char *t = ctype;

	while (!strncmp(t, "const ", 6) || !strncmp(t, "volatile ", 9))
		t += t[0] == 'c' ? 6 : 9;
	for (size_t i = 0; i < ARRAY_SIZE(lang_ctype_ints); i++) {
		if (!strcmp(t, lang_ctype_ints[i].name)) {
			*is_signed = lang_ctype_ints[i].is_signed;
			return (int)lang_ctype_ints[i].size;
		}
	}
	return 0;
}

/* One field of a format, reduced to what the language needs. */
static int tp_field_of(const struct tep_format_field *f, bool syscalls, struct lang_tp_field *out)
{
	bool sign;
	int tsize;

	memset(out, 0, sizeof(*out));
	out->name = strdup(f->name);
	out->ctype = strdup(f->type);
	if (!out->name || !out->ctype)
		return -1;
	out->offset = (u32)f->offset;
	out->size = (u32)f->size;
	out->is_signed = (f->flags & TEP_FIELD_IS_SIGNED) != 0;
	if (f->flags & TEP_FIELD_IS_DYNAMIC) {
		out->kind = !(f->flags & TEP_FIELD_IS_RELATIVE) && strstr(f->type, "char") ? TPF_DATA_LOC : TPF_OTHER;
	} else if (f->flags & TEP_FIELD_IS_ARRAY) {
		out->kind = f->flags & TEP_FIELD_IS_STRING ? TPF_CHAR_ARRAY : TPF_OTHER;
	} else if (f->flags & TEP_FIELD_IS_POINTER) {
		out->kind = TPF_INT;
		out->is_pointer = true;
		out->is_signed = false;
		out->user_pointer = syscalls;
	} else if (!strncmp(f->type, "struct ", 7) || !strncmp(f->type, "union ", 6) ||
		   (f->size != 1 && f->size != 2 && f->size != 4 && f->size != 8)) {
		out->kind = TPF_OTHER;
	} else {
		out->kind = TPF_INT;
		tsize = ctype_int_size(f->type, &sign);
		if (tsize && (u32)tsize < out->size) {
			out->size = (u32)tsize;
			out->is_signed = sign;
		}
	}
	return 0;
}

/* Events collected by tracefs_for_each_event: "sys:name", or "sys" alone. */
struct tp_collect {
	struct strlist l;
	bool sys_only;
	bool oom;
};

static int collect_tp(const char *sys, const char *name, void *arg)
{
	struct tp_collect *c = arg;
	char full[512];

	if (!tp_system_usable(sys))
		return 0;
	if (c->sys_only)
		snprintf(full, sizeof(full), "%s", sys);
	else
		snprintf(full, sizeof(full), "%s:%s", sys, name);
	c->oom = strlist_add(&c->l, full) != 0;
	return c->oom;
}

/* No event matched: say whether the subsystem or the event is wrong, with
 * the close names. */
static int tp_no_match(struct resolve_ctx *c, const char *sys, const char *name)
{
	const struct tracefs *t = c->env->tracefs;
	struct tp_collect all = { .sys_only = true };
	bool no_sys;
	struct suggest s;
	char word[512], hint[512];
	int ret;

	if (has_glob(sys) || has_glob(name))
		return probe_err(c, "matches no tracepoint");
	tracefs_for_each_event(t, "*", "*", collect_tp, &all);
	strlist_sort_unique(&all.l);
	no_sys = !bsearch(&sys, all.l.v, all.l.nr, sizeof(*all.l.v), strcmp_p);
	if (no_sys) {
		snprintf(word, sizeof(word), "%s", sys);
	} else {
		strlist_free(&all.l);
		all.sys_only = false;
		tracefs_for_each_event(t, "*", "*", collect_tp, &all);
		snprintf(word, sizeof(word), "%s:%s", sys, name);
	}
	suggest_init(&s, word);
	for (size_t i = 0; i < all.l.nr; i++)
		suggest_add(&s, all.l.v[i]);
	suggest_format(&s, hint, sizeof(hint));
	if (no_sys)
		ret = s.nr ? probe_err(c, "no tracepoint subsystem '%s' (did you mean: %s?)", sys, hint)
			   : probe_err(c, "no tracepoint subsystem '%s'", sys);
	else
		ret = s.nr ? probe_err(c, "no tracepoint %s (did you mean: %s?)", word, hint)
			   : probe_err(c, "no tracepoint %s", word);
	strlist_free(&all.l);
	return ret;
}

static struct tp_formats *formats_of(struct resolve_ctx *c)
{
	if (c->env->formats)
		return c->env->formats;
	if (!c->own_formats_ok) {
		if (tp_formats_init(&c->own_formats, c->env->tracefs))
			return NULL;
		c->own_formats_ok = true;
	}
	return &c->own_formats;
}

static int resolve_tracepoint(struct resolve_ctx *c)
{
	const struct lang_probe *lp = c->lp;
	const char *sys = lp->target ? lp->target : "", *name = lp->func ? lp->func : "";
	struct tp_collect got = { 0 };
	struct strlist *found = &got.l;
	struct tp_formats *fm;
	int n, ret = -1;

	if (!c->env->tracefs)
		return probe_err(c, "tracefs is not available to find tracepoints in");
	n = tracefs_for_each_event(c->env->tracefs, sys, name, collect_tp, &got);
	if (n < 0) {
		ret = probe_err(c, "cannot read %s/events: %s", c->env->tracefs->root, strerror(errno));
		goto out;
	}
	if (got.oom) {
		ret = probe_err(c, "out of memory");
		goto out;
	}
	if (!found->nr) {
		ret = tp_no_match(c, sys, name);
		goto out;
	}
	fm = formats_of(c);
	if (!fm) {
		ret = probe_err(c, "cannot set up the tracepoint format parser");
		goto out;
	}
	strlist_sort_unique(found);
	for (size_t i = 0; i < found->nr; i++) {
		char *colon = strchr(found->v[i], ':');
		const char *tsys = found->v[i], *tname = colon + 1;
		struct tep_format_field **fields;
		struct tep_event *ev;
		struct lang_attach *a;
		int nf;

		*colon = '\0';
		ev = tp_formats_get(fm, tsys, tname);
		if (!ev) {
			ret = probe_err(c, "cannot read the format of %s:%s: %s", tsys, tname,
					errno ? strerror(errno) : "it does not parse");
			goto out;
		}
		a = new_attach(c);
		if (!a || !set_name(c, a, xasprintf("tracepoint:%s:%s", tsys, tname)))
			goto out;
		a->tp_sys = strdup(tsys);
		a->tp_name = strdup(tname);
		a->tp_id = ev->id;
		fields = tp_fields(ev, &nf);
		a->fields = nf ? calloc((size_t)nf, sizeof(*a->fields)) : NULL;
		if (!a->tp_sys || !a->tp_name || (nf && !a->fields)) {
			free(fields);
			probe_err(c, "out of memory");
			goto out;
		}
		for (int k = 0; k < nf; k++) {
			if (tp_field_of(fields[k], !strcmp(tsys, "syscalls"), &a->fields[a->nfields++])) {
				free(fields);
				probe_err(c, "out of memory");
				goto out;
			}
		}
		free(fields);
	}
	ret = 0;
out:
	strlist_free(found);
	return ret;
}

/* -- uprobes -- */

static struct bin *bin_of(struct resolve_ctx *c, const char *written)
{
	struct bin *b, **nv;
	char msg[PATH_MAX + 512];

	for (int i = 0; i < c->nbins; i++)
		if (!strcmp(c->bins[i]->written, written))
			return c->bins[i];
	b = bin_load(written, msg, sizeof(msg));
	if (!b) {
		probe_err(c, "%s", msg);
		return NULL;
	}
	nv = realloc(c->bins, (size_t)(c->nbins + 1) * sizeof(*nv));
	if (!nv) {
		bin_free(b);
		probe_err(c, "out of memory");
		return NULL;
	}
	c->bins = nv;
	c->bins[c->nbins++] = b;
	return b;
}

static int leading_underscores(const char *s)
{
	int n = 0;

	while (s[n] == '_')
		n++;
	return n;
}

/* Which of two names of one address the attachment takes: the one the user
 * wrote, then a global over a weak over a local symbol, then fewer leading
 * underscores (malloc over __libc_malloc), then the shorter, then the
 * first alphabetically. */
static bool better_alias(const struct bin_func *a, const struct bin_func *b, const char *written)
{
	int d;

	if (!strcmp(a->name, written) != !strcmp(b->name, written))
		return !strcmp(a->name, written);
	if (a->bind != b->bind) {
		static const int rank[] = { [SYM_BIND_GLOBAL] = 0, [SYM_BIND_WEAK] = 1, [SYM_BIND_LOCAL] = 2 };
		return rank[a->bind] < rank[b->bind];
	}
	d = leading_underscores(a->name) - leading_underscores(b->name);
	if (d)
		return d < 0;
	if (strlen(a->name) != strlen(b->name))
		return strlen(a->name) < strlen(b->name);
	return strcmp(a->name, b->name) < 0;
}

static int bin_func_addr_cmp(const void *pa, const void *pb)
{
	const struct bin_func *const *a = pa, *const *b = pb;

	if ((*a)->addr != (*b)->addr)
		return (*a)->addr < (*b)->addr ? -1 : 1;
	return strcmp((*a)->name, (*b)->name);
}

static int bin_func_name_cmp(const void *pa, const void *pb)
{
	const struct bin_func *const *a = pa, *const *b = pb;
	int d = strcmp((*a)->name, (*b)->name);

	if (d)
		return d;
	return (*a)->addr < (*b)->addr ? -1 : (*a)->addr > (*b)->addr;
}

static int uprobe_no_match(struct resolve_ctx *c, const struct bin *b)
{
	const char *func = c->lp->func;
	struct suggest s;
	char hint[512];

	if (has_glob(func))
		return probe_err(c, "no function in %s matches %s", b->path, func);
	suggest_init(&s, func);
	for (size_t i = 0; i < b->nfuncs; i++)
		suggest_add(&s, b->funcs[i].name);
	if (!s.nr)
		return probe_err(c, "no function %s in %s", func, b->path);
	suggest_format(&s, hint, sizeof(hint));
	return probe_err(c, "no function %s in %s (did you mean: %s?)", func, b->path, hint);
}

static int resolve_uprobe(struct resolve_ctx *c)
{
	const struct lang_probe *lp = c->lp;
	const char *func = lp->func ? lp->func : "";
	const struct bin_func **m = NULL, **pick = NULL;
	size_t nm = 0, npick = 0, flen = strlen(func);
	struct bin *b;
	int ret = -1;
	char off[32], unquoted[256], *end;
	u64 addr = 0;
	bool by_addr = false;

	/* "name" quoted (a name the lexer would split) is the name */
	if (flen >= 2 && func[0] == '"' && func[flen - 1] == '"' && flen - 2 < sizeof(unquoted)) {
		snprintf(unquoted, sizeof(unquoted), "%.*s", (int)(flen - 2), func + 1);
		func = unquoted;
	}
	/* A number is an address in the binary: the function starting there. */
	if (isdigit((unsigned char)func[0])) {
		errno = 0;
		addr = strtoull(func, &end, 0);
		by_addr = !*end && !errno;
	}

	if (!lp->target || !*lp->target)
		return probe_err(c, "no binary named (uprobe:BINARY:FUNCTION)");
	if (!*func)
		return probe_err(c, "no function named (uprobe:BINARY:FUNCTION)");
	if (lp->type == P_URETPROBE && lp->has_offset)
		return probe_err(c, "a return probe takes no offset");
	b = bin_of(c, lp->target);
	if (!b)
		return -1;
	m = calloc(b->nfuncs ? b->nfuncs : 1, sizeof(*m));
	pick = calloc(b->nfuncs ? b->nfuncs : 1, sizeof(*pick));
	if (!m || !pick) {
		probe_err(c, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < b->nfuncs; i++)
		if (by_addr ? b->funcs[i].addr == addr
			    : glob_match(func, b->funcs[i].name) && !glob_skips(func, b->funcs[i].name))
			m[nm++] = &b->funcs[i];
	if (!nm && by_addr) {
		ret = probe_err(c, "could not resolve address: %s:%#" PRIx64 " (no function starts there)", b->path,
				addr);
		goto out;
	}
	if (!nm) {
		ret = uprobe_no_match(c, b);
		goto out;
	}
	/* One attachment per address: a call through any alias is one call. */
	qsort(m, nm, sizeof(*m), bin_func_addr_cmp);
	for (size_t i = 0; i < nm; i++) {
		if (npick && pick[npick - 1]->addr == m[i]->addr) {
			if (better_alias(m[i], pick[npick - 1], func))
				pick[npick - 1] = m[i];
			continue;
		}
		pick[npick++] = m[i];
	}
	qsort(pick, npick, sizeof(*pick), bin_func_name_cmp);
	for (size_t i = 0; i < npick; i++) {
		const struct bin_func *f = pick[i];
		struct lang_attach *a;
		u64 foff;

		if (lp->has_offset && f->size && lp->offset >= f->size) {
			ret = probe_err(c, "offset %" PRIu64 " is outside the function bounds ('%s' size is %" PRIu64 ")",
					lp->offset, f->name, f->size);
			goto out;
		}
		if (dso_segments_addr_to_offset(b->segs, b->nsegs, f->addr, &foff)) {
			ret = probe_err(c, "%s at %#" PRIx64 " is in no load segment of %s", f->name, f->addr,
					b->path);
			goto out;
		}
		a = new_attach(c);
		if (!a || !set_name(c, a, xasprintf("%s:%s:%s%s", type_name(lp->type), b->path, f->name,
						      offset_suffix(lp, off, sizeof(off)))))
			goto out;
		a->func = strdup(f->name);
		a->path = strdup(b->path);
		if (!a->func || !a->path) {
			probe_err(c, "out of memory");
			goto out;
		}
		a->file_offset = foff + lp->offset;
		a->at_func_entry = lp->offset == 0;
	}
	ret = 0;
out:
	free(m);
	free(pick);
	return ret;
}

/* -- kprobes -- */

static int add_kprobe(struct resolve_ctx *c, const char *name)
{
	const struct lang_probe *lp = c->lp;
	struct lang_attach *a = new_attach(c);
	char off[32];

	if (!a || !set_name(c, a, xasprintf("%s:%s%s", type_name(lp->type), name, offset_suffix(lp, off, sizeof(off)))))
		return -1;
	a->func = strdup(name);
	a->ksym = strdup(name);
	if (!a->func || !a->ksym)
		return probe_err(c, "out of memory");
	a->koffset = lp->offset;
	return 0;
}

static int resolve_kprobe(struct resolve_ctx *c)
{
	const struct lang_probe *lp = c->lp;
	const char *func = lp->func ? lp->func : "";
	char kerr[512];
	size_t nmatch = 0;

	if (!*func)
		return probe_err(c, "no function named (kprobe:FUNCTION)");
	if (lp->type == P_KRETPROBE && lp->has_offset)
		return probe_err(c, "a return probe takes no offset");
	if (!c->kfuncs_loaded) {
		if (kfuncs_load(c->env, &c->kfuncs, kerr, sizeof(kerr))) {
			/* Without a list, a plain name goes to the kernel as written. */
			if (has_glob(func))
				return probe_err(c, "%s", kerr);
			strlist_free(&c->kfuncs);
		}
		c->kfuncs_loaded = true;
	}
	if (!c->kfuncs.nr) {
		/* No list to check against: the kernel checks the name when it attaches. */
		return add_kprobe(c, func) ? -1 : 0;
	}
	for (size_t i = 0; i < c->kfuncs.nr; i++) {
		const char *name = c->kfuncs.v[i];

		if (!glob_match(func, name))
			continue;
		if (glob_skips(func, name))
			continue;
		if (add_kprobe(c, name))
			return -1;
		nmatch++;
	}
	if (!nmatch) {
		struct suggest s;
		char hint[512];

		if (has_glob(func))
			return probe_err(c, "no kernel function matches %s", func);
		suggest_init(&s, func);
		for (size_t i = 0; i < c->kfuncs.nr; i++)
			suggest_add(&s, c->kfuncs.v[i]);
		if (!s.nr)
			return probe_err(c, "no kernel function %s", func);
		suggest_format(&s, hint, sizeof(hint));
		return probe_err(c, "no kernel function %s (did you mean: %s?)", func, hint);
	}
	return 0;
}

/* -- timers and software events -- */

static int resolve_timer(struct resolve_ctx *c)
{
	const struct lang_probe *lp = c->lp;
	const struct lang_timer_unit *u = timer_unit(lp->target);
	struct lang_attach *a;

	if (!u)
		return probe_err(c, "unknown unit '%s' (hz, s, ms or us)", lp->target ? lp->target : "");
	if (!lp->count)
		return probe_err(c, "the %s must be a positive number", u->ns ? "period" : "rate");
	if (u->ns && lp->count > UINT64_MAX / u->ns)
		return probe_err(c, "the period is too long");
	a = new_attach(c);
	if (!a || !set_name(c, a, xasprintf("%s:%s:%" PRIu64, type_name(lp->type), u->unit, lp->count)))
		return -1;
	a->perf_type = PERF_TYPE_SOFTWARE;
	a->perf_config = PERF_COUNT_SW_CPU_CLOCK;
	if (lp->type == P_PROFILE) {
		/* Samples on every CPU: a rate lets the kernel spread them as perf -F does. */
		if (u->ns)
			a->period = lp->count * u->ns;
		else
			a->freq = lp->count;
	} else {
		/* A timer: a fixed period, even for hz. */
		a->period = u->ns ? lp->count * u->ns : MAX(NSEC_PER_SEC / lp->count, 1);
		a->one_cpu = true;
	}
	return 0;
}

static int resolve_software(struct resolve_ctx *c)
{
	const struct lang_probe *lp = c->lp;
	const char *ev = lp->target ? lp->target : "";
	const struct lang_sw_event *sw = lang_probes_sw_event(ev);
	struct lang_attach *a;

	if (!sw) {
		struct suggest s;
		char hint[256];

		suggest_init(&s, ev);
		for (size_t i = 0; i < ARRAY_SIZE(lang_sw_events); i++) {
			suggest_add(&s, lang_sw_events[i].name);
			if (lang_sw_events[i].alias)
				suggest_add(&s, lang_sw_events[i].alias);
		}
		if (!s.nr)
			return probe_err(c, "no software event '%s' (scry list 'software:*' lists them)", ev);
		suggest_format(&s, hint, sizeof(hint));
		return probe_err(c, "no software event '%s' (did you mean: %s?)", ev, hint);
	}
	a = new_attach(c);
	if (!a || !set_name(c, a, lp->count ? xasprintf("software:%s:%" PRIu64, ev, lp->count)
					      : xasprintf("software:%s", ev)))
		return -1;
	a->perf_type = PERF_TYPE_SOFTWARE;
	a->perf_config = sw->config;
	a->period = lp->count ? lp->count : sw->default_period;
	return 0;
}

static int resolve_one(struct resolve_ctx *c)
{
	struct lang_attach *a;

	switch (c->lp->type) {
	case P_BEGIN:
	case P_END:
		a = new_attach(c);
		return a && set_name(c, a, strdup(c->lp->type == P_BEGIN ? "BEGIN" : "END")) ? 0 : -1;
	case P_TRACEPOINT:
		return resolve_tracepoint(c);
	case P_UPROBE:
	case P_URETPROBE:
		return resolve_uprobe(c);
	case P_KPROBE:
	case P_KRETPROBE:
		return resolve_kprobe(c);
	case P_PROFILE:
	case P_INTERVAL:
		return resolve_timer(c);
	case P_SOFTWARE:
		return resolve_software(c);
	}
	return probe_err(c, "unknown probe type");
}

static void ctx_release(struct resolve_ctx *c)
{
	for (int i = 0; i < c->nbins; i++)
		bin_free(c->bins[i]);
	free(c->bins);
	strlist_free(&c->kfuncs);
	if (c->own_formats_ok)
		tp_formats_release(&c->own_formats);
}

int lang_probes_resolve(struct lang_program *p, const struct lang_probes_env *env, char *err, size_t errlen)
{
	struct resolve_ctx c = { .p = p, .env = env, .err = err, .errlen = errlen };
	int ret = 0, bi = 0;

	lang_attaches_release(p);
	for (const struct lang_block *b = p->ast ? p->ast->blocks : NULL; b && !ret; b = b->next, bi++) {
		int before = p->nattaches, skipped = 0;
		char why[1024] = "", left_out[4096] = "";

		for (int i = 0; i < b->nprobes && !ret; i++) {
			c.block = bi;
			c.probe = i;
			c.lp = &b->probes[i];
			ret = resolve_one(&c);
			/* One of several probes of a block that is not there is left
			 * out with a warning, as bpftrace does; all of them: an error. */
			if (ret && b->nprobes > 1 && !strstr(err, "out of memory")) {
				size_t n = strlen(left_out);

				snprintf(left_out + n, sizeof(left_out) - n, "%s%s", n ? "\n" : "", err);
				snprintf(why, sizeof(why), "%s", err);
				skipped++;
				ret = 0;
			}
		}
		if (!ret && skipped && p->nattaches == before) {
			snprintf(err, errlen, "%s", why);
			ret = -1;
		} else if (skipped) {
			char *save = NULL;

			for (char *line = strtok_r(left_out, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
				pr_warn("%s (left out: the block has other probes)", line);
		}
	}
	ctx_release(&c);
	if (ret)
		lang_attaches_release(p);
	return ret;
}

/* ---- listing ----------------------------------------------------------------------------- */

bool lang_probes_is_pattern(const char *text)
{
	const char *colon = strchr(text, ':');
	const struct lang_probe_kind *k = colon ? kind_of_word(text, (size_t)(colon - text)) : NULL;

	if (k)
		return k->type != P_BEGIN && k->type != P_END;
	/* A glob over the types ("*ware:*", "*:./prog:*") when it names one;
	 * a lone "*:" is perf's GROUP:EVENT glob unless a third part follows. */
	if (colon && strpbrk(text, "*?[") < colon && (colon - text != 1 || strchr(colon + 1, ':'))) {
		char type[64];

		snprintf(type, sizeof(type), "%.*s", (int)MIN((size_t)(colon - text), sizeof(type) - 1), text);
		for (size_t i = 0; i < ARRAY_SIZE(lang_probe_kinds); i++)
			if (lang_probe_kinds[i].type != P_BEGIN && lang_probe_kinds[i].type != P_END &&
			    glob_match(type, lang_probe_kinds[i].name))
				return true;
	}
	return false;
}

static int list_tracepoints(const struct lang_probes_env *env, const char *glob, struct strlist *out,
			    char *err, size_t errlen)
{
	struct tp_collect all = { 0 };
	int n;

	if (!env->tracefs)
		return errf(err, errlen, "tracefs is not available to list tracepoints");
	n = tracefs_for_each_event(env->tracefs, "*", "*", collect_tp, &all);
	if (n < 0 || all.oom) {
		strlist_free(&all.l);
		return all.oom ? errf(err, errlen, "out of memory")
			       : errf(err, errlen, "cannot read %s/events: %s", env->tracefs->root, strerror(errno));
	}
	for (size_t i = 0; i < all.l.nr; i++) {
		char name[600];

		if (!glob_match(glob, all.l.v[i]))
			continue;
		snprintf(name, sizeof(name), "tracepoint:%s", all.l.v[i]);
		if (strlist_add(out, name)) {
			strlist_free(&all.l);
			return errf(err, errlen, "out of memory");
		}
	}
	strlist_free(&all.l);
	return 0;
}

/* One binary's functions matching glob; a path is shown as written
 * (./prog stays ./prog, as bpftrace -l shows it), a library name as the
 * file it names. */
static int list_bin_funcs(const struct lang_probe_kind *k, const char *binname, const char *glob, struct strlist *out,
			  char *err, size_t errlen)
{
	struct bin *b = bin_load(binname, err, errlen);
	int ret = 0;

	if (!b)
		return -1;
	for (size_t i = 0; i < b->nfuncs && !ret; i++) {
		char *name;

		if (!glob_match(glob, b->funcs[i].name) || glob_skips(glob, b->funcs[i].name))
			continue;
		name = xasprintf("%s:%s:%s", k->name, strchr(binname, '/') ? binname : b->path, b->funcs[i].name);
		if (!name || strlist_add(out, name))
			ret = errf(err, errlen, "out of memory");
		free(name);
	}
	bin_free(b);
	return ret;
}

static int list_uprobes(const struct lang_probe_kind *k, const char *rest, struct strlist *out, char *err,
			size_t errlen)
{
	const char *colon = strchr(rest, ':');
	char binname[PATH_MAX];
	const char *fglob = colon && colon[1] ? colon + 1 : "*";
	glob_t files;
	int ret = 0;

	snprintf(binname, sizeof(binname), "%.*s", colon ? (int)(colon - rest) : (int)strlen(rest), rest);
	if (!*binname)
		return errf(err, errlen, "%s: no binary named (%s:BINARY:FUNCTION)", k->name, k->name);
	if (!strpbrk(binname, "*?[") || !strchr(binname, '/'))
		return list_bin_funcs(k, binname, fglob, out, err, errlen);
	/* a glob over files: each ELF file it matches (others are left out) */
	if (glob(binname, 0, NULL, &files))
		return errf(err, errlen, "%s: no such file", binname);
	for (size_t i = 0; i < files.gl_pathc && !ret; i++) {
		char why[256];

		if (list_bin_funcs(k, files.gl_pathv[i], fglob, out, why, sizeof(why)) < 0 &&
		    strstr(why, "out of memory"))
			ret = errf(err, errlen, "%s", why);
	}
	globfree(&files);
	return ret;
}

static int list_kprobes(const struct lang_probes_env *env, const struct lang_probe_kind *k, const char *glob,
			struct strlist *out, char *err, size_t errlen)
{
	struct strlist funcs = { 0 };
	int ret = 0;

	if (kfuncs_load(env, &funcs, err, errlen)) {
		strlist_free(&funcs);
		return -1;
	}
	for (size_t i = 0; i < funcs.nr && !ret; i++) {
		char name[600];

		if (!glob_match(glob, funcs.v[i]) || glob_skips(glob, funcs.v[i]))
			continue;
		snprintf(name, sizeof(name), "%s:%s", k->name, funcs.v[i]);
		if (strlist_add(out, name))
			ret = errf(err, errlen, "out of memory");
	}
	strlist_free(&funcs);
	return ret;
}

/* software:EVENT (a glob over the names and aliases; a ":..." after it is
 * the period's place and ignored) -> "software:NAME:"; profile/interval:UNIT
 * -> "profile:hz:". */
static int list_fixed(const struct lang_probe_kind *k, const char *rest, struct strlist *out, char *err,
		      size_t errlen)
{
	char glob[256];

	snprintf(glob, sizeof(glob), "%.*s", (int)strcspn(rest, ":"), rest);
	if (!*glob)
		snprintf(glob, sizeof(glob), "*");
	if (k->type == P_SOFTWARE) {
		for (size_t i = 0; i < ARRAY_SIZE(lang_sw_events); i++) {
			const struct lang_sw_event *e = &lang_sw_events[i];
			char name[128];

			if (!glob_match(glob, e->name) && !(e->alias && glob_match(glob, e->alias)))
				continue;
			snprintf(name, sizeof(name), "software:%s:", e->name);
			if (strlist_add(out, name))
				return errf(err, errlen, "out of memory");
		}
		return 0;
	}
	for (size_t i = 0; i < ARRAY_SIZE(lang_timer_units); i++) {
		char name[128];

		if (!glob_match(glob, lang_timer_units[i].unit))
			continue;
		snprintf(name, sizeof(name), "%s:%s:", k->name, lang_timer_units[i].unit);
		if (strlist_add(out, name))
			return errf(err, errlen, "out of memory");
	}
	return 0;
}

static int list_kind(const struct lang_probe_kind *k, const struct lang_probes_env *env, const char *rest,
		     struct strlist *out, char *err, size_t errlen)
{
	switch (k->type) {
	case P_TRACEPOINT:
		return list_tracepoints(env, *rest ? rest : "*", out, err, errlen);
	case P_UPROBE:
	case P_URETPROBE:
		return list_uprobes(k, rest, out, err, errlen);
	case P_KPROBE:
	case P_KRETPROBE:
		return list_kprobes(env, k, *rest ? rest : "*", out, err, errlen);
	default:
		return list_fixed(k, rest, out, err, errlen);
	}
}

int lang_probes_list(const char *pattern, const struct lang_probes_env *env,
		     int (*fn)(const char *name, void *arg), void *arg, char *err, size_t errlen)
{
	const char *colon = strchr(pattern, ':');
	const struct lang_probe_kind *k = colon ? kind_of_word(pattern, (size_t)(colon - pattern)) : NULL;
	const char *rest = colon ? colon + 1 : "";
	struct strlist out = { 0 };
	int ret;

	if (colon && !k && strpbrk(pattern, "*?[") < colon) {
		/* a glob over the types ("*ware:*", "*:./prog:*"): every type it
		 * matches, by its full name, those that cannot list it left out */
		char type[64];

		snprintf(type, sizeof(type), "%.*s", (int)MIN((size_t)(colon - pattern), sizeof(type) - 1), pattern);
		ret = 0;
		for (size_t i = 0; i < ARRAY_SIZE(lang_probe_kinds) && ret >= 0; i++) {
			const struct lang_probe_kind *t = &lang_probe_kinds[i];
			char why[256];

			if (t->type == P_BEGIN || t->type == P_END || !glob_match(type, t->name))
				continue;
			if (list_kind(t, env, rest, &out, why, sizeof(why)) < 0 && strstr(why, "out of memory"))
				ret = errf(err, errlen, "%s", why);
		}
		goto print;
	}
	if (!k || k->type == P_BEGIN || k->type == P_END)
		return errf(err, errlen, "'%s' is not a probe pattern (TYPE:..., such as 'tracepoint:sched:*')",
			    pattern);
	ret = list_kind(k, env, rest, &out, err, errlen);
print:
	if (!ret) {
		strlist_sort_unique(&out);
		for (size_t i = 0; i < out.nr; i++)
			if (fn && fn(out.v[i], arg))
				break;
		ret = (int)out.nr;
	}
	strlist_free(&out);
	return ret;
}

/* "int *" as bpftrace -lv writes it: "int*" */
static void c_type_text(const char *type, char *buf, size_t len)
{
	size_t n = 0;

	for (const char *s = type; *s && n + 1 < len; s++)
		if (!(*s == ' ' && s[1] == '*'))
			buf[n++] = *s;
	buf[n] = '\0';
}

int lang_probes_describe(const char *name, const struct lang_probes_env *env, char *out, size_t outlen, char *err,
			 size_t errlen)
{
	size_t n = 0;

	out[0] = '\0';
	if (!strncmp(name, "tracepoint:", 11)) {
		char sys[256];
		const char *ev_name = strchr(name + 11, ':');
		struct tp_formats fm;
		struct tep_format_field **fields;
		struct tep_event *ev;
		int nf;

		if (!ev_name || !env->tracefs)
			return errf(err, errlen, "%s: no format to read", name);
		snprintf(sys, sizeof(sys), "%.*s", (int)(ev_name - name - 11), name + 11);
		if (tp_formats_init(&fm, env->tracefs))
			return errf(err, errlen, "out of memory");
		ev = tp_formats_get(&fm, sys, ev_name + 1);
		if (!ev) {
			tp_formats_release(&fm);
			return errf(err, errlen, "%s: cannot read its format", name);
		}
		fields = tp_fields(ev, &nf);
		for (int i = 0; i < nf && n < outlen; i++) {
			/* "char[16]" (libtraceevent's) is written as C: "char prev_comm[16]" */
			const char *br = strchr(fields[i]->type, '[');
			int w = br ? snprintf(out + n, outlen - n, "    %.*s %s%s\n", (int)(br - fields[i]->type),
					      fields[i]->type, fields[i]->name, br)
				   : snprintf(out + n, outlen - n, "    %s %s\n", fields[i]->type, fields[i]->name);

			n += w > 0 ? (size_t)w : 0;
		}
		free(fields);
		tp_formats_release(&fm);
		return 0;
	}
	if (!strncmp(name, "uprobe:", 7) || !strncmp(name, "uretprobe:", 10)) {
		const char *path = strchr(name, ':') + 1, *colon = strrchr(path, ':');
		struct lang_ctypes *ct;
		struct lang_cfunc f;
		char bin[PATH_MAX], t[256];

		if (!colon)
			return errf(err, errlen, "%s: no function", name);
		snprintf(bin, sizeof(bin), "%.*s", (int)(colon - path), path);
		ct = lang_ctypes_new();
		if (lang_ctypes_dwarf_func(ct, bin, colon + 1, &f, err, errlen)) {
			lang_ctypes_free(ct);
			return -1;
		}
		/* a return probe reads retval (its arguments only through entry()) */
		for (int i = 0; i < f.nparams && n < outlen && name[1] == 'p'; i++) {
			int w;

			c_type_text(f.params[i].type >= 0 ? lang_ctype_get(ct, f.params[i].type)->name : "?", t,
				    sizeof(t));
			w = snprintf(out + n, outlen - n, "    %s %s\n", t, f.params[i].name);
			n += w > 0 ? (size_t)w : 0;
		}
		if (!strncmp(name, "uretprobe:", 10) && f.ret >= 0 && n < outlen) {
			c_type_text(lang_ctype_get(ct, f.ret)->name, t, sizeof(t));
			snprintf(out + n, outlen - n, "    %s retval\n", t);
		}
		lang_ctypes_free(ct);
		return 0;
	}
	return 0;
}

/* ---- for the offline evaluator ------------------------------------------------------------ */

int lang_probes_tp_field(const struct tep_format_field *f, bool syscalls, struct lang_tp_field *out)
{
	return tp_field_of(f, syscalls, out);
}
