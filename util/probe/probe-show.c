/* The -L, -V and -F listings of scry probe, in perf probe's layout: source
 * lines that can be probed, variables visible at a place, functions of a
 * binary. They read the same index as resolving does (util/probe/probe-finder.c,
 * shared through util/probe/probe-finder-priv.h). */
#include "util/probe/probe-finder.h"
#include "util/probe/probe-finder-priv.h"

#include <ctype.h>
#include <dwarf.h>
#include <limits.h>
#include <unistd.h>

#include "util/probe/probe-btf.h"
#include "util/strutil.h"
#include "util/symbols/symbol-elf.h"

struct line_set {
	const char *file;
	int lo, hi;
	int *v;
	int nr;
};

static int line_set_cb(const char *file, int line, u64 addr, void *ctx)
{
	struct line_set *ls = ctx;

	(void)addr;
	if (line < ls->lo || line > ls->hi || !dwarf_file_matches(file, ls->file))
		return 0;
	ls->v = xrealloc(ls->v, (ls->nr + 1) * sizeof(int));
	ls->v[ls->nr++] = line;
	return 0;
}

static int int_cmp(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

/* perf probe -L's layout: probeable lines "%7d  text", others 9 blanks,
 * numbers minus offset; with an open end, two more lines after the last
 * probeable one. */
static int print_lines(FILE *out, const char *path, struct line_set *ls, int start, int end, int offset,
		       char *err, size_t errlen)
{
	struct dwarf_source src;
	int l = start;

	if (dwarf_source_read(path, &src))
		return errf(err, errlen, "cannot read the source file %s: %m", path);
	qsort(ls->v, ls->nr, sizeof(int), int_cmp);
	for (int i = 0; i < ls->nr; i++) {
		if (i && ls->v[i] == ls->v[i - 1])
			continue;
		for (; l < ls->v[i] && l <= src.nr; l++)
			fprintf(out, "         %s", src.lines[l - 1]);
		if (l > src.nr)
			break;
		fprintf(out, "%7d  %s", l - offset, src.lines[l - 1]);
		l++;
	}
	if (end == INT_MAX)
		end = l + 2;
	for (; l <= end && l <= src.nr; l++)
		fprintf(out, "         %s", src.lines[l - 1]);
	dwarf_source_free(&src);
	return 0;
}

/* "FUNC[@SRC][:START[-END|+N]]" or "SRC[:START[-END|+N]]". */
int probe_finder_show_lines(struct probe_finder *pf, const char *what, FILE *out, char *err, size_t errlen)
{
	char *buf = xstrdup(what), *colon, *at, *name = buf, *src = NULL;
	int start = 0, end = INT_MAX, ret = -1;
	struct line_set ls = { 0 };

	if (!pf_index(pf)) {
		errf(err, errlen, "%s has no debug info (build it with -g, or install its debug file): "
		     "cannot show source lines", pf->path ? pf->path : "the kernel (no vmlinux DWARF)");
		goto out;
	}
	colon = strchr(buf, ':');
	if (colon) {
		char *e;

		*colon++ = '\0';
		start = (int)strtol(colon, &e, 10);
		if (e == colon || start < 0) {
			errf(err, errlen, "bad line range '%s'", what);
			goto out;
		}
		if (*e == '-' || *e == '+') {
			char *e2;
			int v = (int)strtol(e + 1, &e2, 10);

			if (e2 == e + 1 || *e2) {
				errf(err, errlen, "bad line range '%s'", what);
				goto out;
			}
			end = *e == '-' ? v : start + v - 1;
		} else if (*e) {
			errf(err, errlen, "bad line range '%s'", what);
			goto out;
		}
		if (end < start) {
			errf(err, errlen, "bad line range '%s': the end is before the start", what);
			goto out;
		}
	}
	at = strchr(buf, '@');
	if (at) {
		*at = '\0';
		src = at + 1;
	}
	if (!*name) {
		errf(err, errlen, "bad line range '%s'", what);
		goto out;
	}
	if (!strchr(name, '.') || src) {
		struct dwarf_inst *insts = NULL, *in = NULL;
		int ni, decl = 0;
		char *path;

		pf_func_instances(pf, name, src, &insts, &ni);
		for (int i = 0; i < ni && !in; i++)
			if (!insts[i].inlined)
				in = &insts[i];
		if (!in && ni)
			in = &insts[0];
		if (!in) {
			free(insts);
			pf_no_such_function(pf, name, err, errlen);
			goto out;
		}
		dwarf_decl_line(&in->die, &decl);
		ls.file = dwarf_decl_file(&in->die);
		ls.lo = decl + start;
		ls.hi = end == INT_MAX ? INT_MAX : decl + end;
		dwarf_walk_lines(&in->cu, in, true, line_set_cb, &ls);
		path = pf_source_path(pf, &in->cu, ls.file);
		/* Say so before any output when the source is not there. */
		if (access(path, R_OK)) {
			errf(err, errlen, "cannot read the source file %s of %s: %m%s%s%s", path, name,
			     pf->source_dir ? " (nor found under " : " (-s DIR: where the sources are now)",
			     pf->source_dir ? pf->source_dir : "", pf->source_dir ? ")" : "");
		} else {
			fprintf(out, "<%s@%s:%d>\n", name, path, start);
			ret = print_lines(out, path, &ls, ls.lo, ls.hi, decl, err, errlen);
		}
		free(path);
		free(insts);
	} else {
		Dwarf *dw = dwarf_index_dwarf(pf_index(pf));
		Dwarf_Off off = 0, next;
		size_t hsize;
		char *path = NULL;

		ls.lo = start;
		ls.hi = end;
		while (dwarf_nextcu(dw, off, &next, &hsize, NULL, NULL, NULL) == 0) {
			Dwarf_Die cu;
			Dwarf_Files *files;
			size_t nf;

			if (!dwarf_offdie(dw, off + hsize, &cu) || dwarf_getsrcfiles(&cu, &files, &nf)) {
				off = next;
				continue;
			}
			off = next;
			for (size_t i = 0; i < nf; i++) {
				const char *f = dwarf_filesrc(files, i, NULL, NULL);

				if (!dwarf_file_matches(f, name))
					continue;
				if (!path) {
					path = pf_source_path(pf, &cu, f);
					ls.file = f;
				}
				if (!strcmp(f, ls.file) || dwarf_file_matches(ls.file, f))
					dwarf_walk_lines(&cu, NULL, true, line_set_cb, &ls);
				break;
			}
		}
		if (!path) {
			errf(err, errlen, "no source file '%s' in the debug info of %s", name, pf->path);
			goto out;
		}
		if (access(path, R_OK)) {
			errf(err, errlen, "cannot read the source file %s: %m%s%s%s", path,
			     pf->source_dir ? " (nor found under " : " (-s DIR: where the sources are now)",
			     pf->source_dir ? pf->source_dir : "", pf->source_dir ? ")" : "");
			free(path);
			goto out;
		}
		fprintf(out, "<%s:%d>\n", path, start);
		ret = print_lines(out, path, &ls, start ? start : 1, end, 0, err, errlen);
		free(path);
	}
out:
	free(ls.v);
	free(buf);
	return ret;
}

static int str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

struct var_list {
	struct probe_finder *pf;
	const struct place *p;
	char **v;
	int nr;
};

static void var_list_add(Dwarf_Die *var, const char *name, void *ctx)
{
	struct var_list *l = ctx;
	struct dwarf_loc loc;
	char why[160], tn[256] = "";
	Dwarf_Die t;

	if (dwarf_var_location(&l->p->inst, var, l->p->addr, l->pf->cfi, &loc, why, sizeof(why)))
		return;
	if (dwarf_type_of(var, &t) == 0)
		dwarf_type_name(&t, tn, sizeof(tn));
	l->v = xrealloc(l->v, (l->nr + 1) * sizeof(char *));
	l->v[l->nr++] = xasprintf("%s\t%s", tn, name);
}

/* "type\tname" of each variable in the scopes at p that has a place there. */
static int vars_at(struct probe_finder *pf, const struct place *p, char ***out)
{
	struct var_list l = { pf, p, NULL, 0 };

	pf_each_visible_var(p, var_list_add, &l);
	if (l.nr)
		qsort(l.v, (size_t)l.nr, sizeof(char *), str_cmp);
	*out = l.v;
	return l.nr;
}

/* The place as perf probe -V names it: "func:3", "@file.c:60". */
static void spec_place_name(const struct probe_spec *spec, char *buf, size_t len)
{
	size_t n = 0;

	buf[0] = '\0';
	if (spec->func)
		n += snprintf(buf + n, len - n, "%s", spec->func);
	if (spec->has_offset && n < len)
		n += snprintf(buf + n, len - n, "+%llu", (unsigned long long)spec->offset);
	if (spec->line && n < len)
		n += snprintf(buf + n, len - n, "%s%s:%d", spec->func ? "" : "@", spec->func ? "" : spec->src,
			      spec->line);
	if (spec->ret && n < len)
		n += snprintf(buf + n, len - n, "%%return");
	if (spec->func && spec->src && n < len)
		snprintf(buf + n, len - n, "@%s", spec->src);
}

/* The symbol -V names a place by: the one of the function DWARF has the
 * place in when the symbol table has it (malloc and __libc_malloc share an
 * address: "__libc_malloc+0", as perf shows it), else any at the address. */
static const struct symbol *place_symbol(const struct probe_finder *pf, const struct place *p)
{
	const char *fn = p->has_inst ? dwarf_diename((Dwarf_Die *)&p->inst.func) : NULL;

	for (size_t i = 0; fn && i < pf->names.nr; i++) {
		const struct symbol *s = &pf->names.syms[i];

		if (p->addr >= s->start && p->addr < s->start + (s->size ? s->size : 1) && !strcmp(s->name, fn))
			return s;
	}
	return symtab_find(&pf->syms, p->addr);
}

int probe_finder_show_vars(struct probe_finder *pf, const struct probe_spec *spec, const struct probe_filter *filter,
			   FILE *out, char *err, size_t errlen)
{
	struct places ps = { 0 };
	struct dwarf_inst *insts = NULL;
	struct probe_spec bare = *spec;
	struct probe_filter *dflt = NULL;
	char name[512];
	int ret = -1;

	if (!filter)
		filter = dflt = probe_filter_new(PROBE_VARS_FILTER, err, errlen);
	if (!pf->path && !pf_index(pf)) {
		ret = probe_btf_show_vars(pf->btf, spec, filter, out, err, errlen);
		probe_filter_free(dflt);
		return ret;
	}
	if (!pf_index(pf)) {
		errf(err, errlen, "%s has no debug info (build it with -g, or install its debug file): "
		     "no variables to show", pf->path ? pf->path : "the kernel");
		goto out;
	}
	bare.nr_args = 0;       /* a function's own entry, as perf -V shows it */
	if (pf_collect_places(pf, &bare, &ps, &insts, err, errlen))
		goto out;
	spec_place_name(spec, name, sizeof(name));
	fprintf(out, "Available variables at %s\n", name);
	for (int i = 0; i < ps.nr; i++) {
		const struct place *p = &ps.v[i];
		const struct symbol *s = place_symbol(pf, p);
		char **vars = NULL;
		int nv = p->has_inst ? vars_at(pf, p, &vars) : 0, shown = 0;

		fprintf(out, "\t@<%s+%llu>\n", s ? s->name : p->func, (unsigned long long)(s ? p->addr - s->start : 0));
		for (int j = 0; j < nv; j++)
			if ((!j || strcmp(vars[j], vars[j - 1])) && probe_filter_match(filter, strchr(vars[j], '\t') + 1)) {
				fprintf(out, "\t\t%s\n", vars[j]);
				shown++;
			}
		if (!shown)
			fprintf(out, "\t\t(No matched variables)\n");
		for (int j = 0; j < nv; j++)
			free(vars[j]);
		free(vars);
	}
	ret = 0;
out:
	probe_filter_free(dflt);
	free(ps.v);
	free(insts);
	return ret;
}

struct names {
	char **v;
	size_t nr, cap;
};

/* Entries are "name\0" followed by the address, so that sorting by name
 * keeps a name's copies at different addresses (perf lists each). */
static void names_add_at(struct names *n, const char *s, u64 addr)
{
	size_t l = strlen(s);
	char *e = xrealloc(NULL, l + 1 + sizeof(addr));

	memcpy(e, s, l + 1);
	memcpy(e + l + 1, &addr, sizeof(addr));
	if (n->nr == n->cap) {
		n->cap = n->cap ? n->cap * 2 : 1024;
		n->v = xrealloc(n->v, n->cap * sizeof(char *));
	}
	n->v[n->nr++] = e;
}

static u64 name_addr(const char *e)
{
	u64 a;

	memcpy(&a, e + strlen(e) + 1, sizeof(a));
	return a;
}

static int name_cmp(const void *a, const void *b)
{
	const char *x = *(char *const *)a, *y = *(char *const *)b;
	int c = strcmp(x, y);
	u64 ax, ay;

	if (c)
		return c;
	ax = name_addr(x);
	ay = name_addr(y);
	return ax < ay ? -1 : ax > ay;
}

static void names_add_cb(const char *name, void *ctx)
{
	names_add_at(ctx, name, 0);
}

/* The symbol table of elf of type (SHT_SYMTAB, SHT_DYNSYM), or NULL. */
static Elf_Scn *symbol_table(Elf *elf, GElf_Word type)
{
	Elf_Scn *scn = NULL;
	GElf_Shdr sh;

	while (elf && (scn = elf_nextscn(elf, scn)))
		if (gelf_getshdr(scn, &sh) && sh.sh_type == type && sh.sh_entsize)
			return scn;
	return NULL;
}

/* Whether section ndx of elf is loaded (SHF_ALLOC) and, for labels, one
 * of text or data by its name, as perf takes labels (".text", ".data",
 * ".data.rel.ro"; not ".bss" or ".eh_frame_hdr"). */
static bool section_is(Elf *elf, size_t ndx, bool label)
{
	GElf_Shdr sh;
	Elf_Scn *scn = elf_getscn(elf, ndx);
	size_t shstrndx;
	const char *nm;

	if (!scn || !gelf_getshdr(scn, &sh) || !(sh.sh_flags & SHF_ALLOC))
		return false;
	if (!label)
		return true;
	return !elf_getshdrstrndx(elf, &shstrndx) && (nm = elf_strptr(elf, shstrndx, sh.sh_name)) &&
	       (strstr(nm, "text") || strstr(nm, ".data"));
}

/* One symbol table's names: functions and objects of loaded sections,
 * labels in text and data. */
static void table_names(Elf *elf, Elf_Scn *scn, struct names *n)
{
	Elf_Data *data;
	GElf_Shdr sh;

	if (!scn || !gelf_getshdr(scn, &sh) || sh.sh_type == SHT_NOBITS || !(data = elf_getdata(scn, NULL)))
		return;
	for (size_t i = 1; i < sh.sh_size / sh.sh_entsize; i++) {
		GElf_Sym sym;
		const char *name;
		int type, vis;

		if (!gelf_getsym(data, (int)i, &sym) || sym.st_shndx == SHN_UNDEF || sym.st_shndx >= SHN_LORESERVE)
			continue;
		type = GELF_ST_TYPE(sym.st_info);
		vis = GELF_ST_VISIBILITY(sym.st_other);
		if (type == STT_NOTYPE) {
			if (vis == STV_HIDDEN || vis == STV_INTERNAL || !section_is(elf, sym.st_shndx, true))
				continue;
		} else if (type != STT_FUNC && type != STT_GNU_IFUNC && type != STT_OBJECT) {
			continue;
		} else if (!section_is(elf, sym.st_shndx, false)) {
			continue;
		}
		name = elf_strptr(elf, sh.sh_link, sym.st_name);
		if (name && *name)
			names_add_at(n, name, sym.st_value);
	}
}

/* The names perf probe -F lists: those of one file, the debug file when it
 * has a .symtab, else the binary: its .symtab and its .dynsym (a debug
 * file's .dynsym is empty). glibc's .symtab has the versioned names,
 * "aio_cancel@@GLIBC_2.34", its .dynsym the bare ones: listed from the
 * debug file, only the versioned ones are, as perf lists them. */
static void elf_names(struct probe_finder *pf, struct names *n)
{
	Elf *elf = symbol_table(pf->dbg_elf, SHT_SYMTAB) ? pf->dbg_elf : pf->elf;

	table_names(elf, symbol_table(elf, SHT_SYMTAB), n);
	table_names(elf, symbol_table(elf, SHT_DYNSYM), n);
}

/* The PLT entries perf names (of .plt and .plt.sec; not .plt.got's). */
static bool in_plt(Elf *elf, u64 addr)
{
	size_t shstrndx;
	Elf_Scn *scn = NULL;
	GElf_Shdr sh;

	if (elf_getshdrstrndx(elf, &shstrndx))
		return false;
	while ((scn = elf_nextscn(elf, scn))) {
		const char *nm;

		if (!gelf_getshdr(scn, &sh) || !(nm = elf_strptr(elf, shstrndx, sh.sh_name)))
			continue;
		if ((!strcmp(nm, ".plt") || !strcmp(nm, ".plt.sec")) && addr >= sh.sh_addr &&
		    addr < sh.sh_addr + sh.sh_size)
			return true;
	}
	return false;
}

int probe_finder_show_funcs(struct probe_finder *pf, const struct probe_filter *filter, bool dwarf_only, FILE *out,
			    char *err, size_t errlen)
{
	struct names n = { 0 };
	struct probe_filter *dflt = NULL;

	if (!filter)
		filter = dflt = probe_filter_new(PROBE_FUNCS_FILTER, err, errlen);
	if (!pf->path && !pf_index(pf)) {
		int ret = probe_btf_show_funcs(pf->btf, filter, out, err, errlen);

		probe_filter_free(dflt);
		return ret;
	}
	if (dwarf_only) {
		if (!pf_index(pf)) {
			probe_filter_free(dflt);
			return errf(err, errlen, "%s has no debug info: no DWARF functions to list",
				    pf->path ? pf->path : "the kernel");
		}
		dwarf_each_func_name(pf_index(pf), names_add_cb, &n);
	} else {
		elf_names(pf, &n);
		for (size_t i = 0; i < pf->syms.nr; i++) {
			size_t l = strlen(pf->syms.syms[i].name);

			if (l > 4 && !strcmp(pf->syms.syms[i].name + l - 4, "@plt") &&
			    in_plt(pf->elf, pf->syms.syms[i].start))
				names_add_at(&n, pf->syms.syms[i].name, pf->syms.syms[i].start);
		}
	}
	qsort(n.v, n.nr, sizeof(char *), name_cmp);
	/* DWARF's names once each; a symbol table's as often as it has them
	 * (glibc has three local sigall_set: perf lists three). */
	for (size_t i = 0; i < n.nr; i++) {
		if ((!dwarf_only || !i || name_cmp(&n.v[i], &n.v[i - 1])) &&
		    probe_filter_match(filter, n.v[i]))
			fprintf(out, "%s\n", n.v[i]);
	}
	for (size_t i = 0; i < n.nr; i++)
		free(n.v[i]);
	free(n.v);
	probe_filter_free(dflt);
	return 0;
}
