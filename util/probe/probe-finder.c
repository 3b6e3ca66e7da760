/* Probe specs -> probe points with tracefs fetch arguments (see
 * util/probe/probe-finder.h; the -L, -V, -F listings are in util/probe/probe-show.c).
 *
 * A binary is opened once: its symbols, load segments, CFI and a DWARF
 * index (util/dwarf) of its own .debug_info or of its separate debug file.
 * Places follow perf probe: a function's entry is the symbol's address,
 * except that in a binary built without optimization a probe reading
 * variables goes after the prologue (where -O0 code has stored the
 * arguments); a line is every statement row of the line table for it.
 * Uprobe addresses are file offsets, as uprobe_events wants them. */
#include "util/probe/probe-finder.h"
#include "util/probe/probe-finder-priv.h"

#include <ctype.h>
#include <dwarf.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <gelf.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arch/x86/dwarf-regs.h"
#include "util/symbols/dso.h"
#include "util/probe/dwarf.h"
#include "util/probe/probe-btf.h"
#include "util/strutil.h"
#include "util/symbols/fetch.h"
#include "util/symbols/symbol-elf.h"
#include "util/symbols/symbol.h"

static const char *kernel_dwarf_paths[] = {
	"/usr/lib/debug/boot/vmlinux-%s",
	"/boot/vmlinux-%s",
	"/lib/modules/%s/build/vmlinux",
	"/usr/lib/debug/lib/modules/%s/vmlinux",
};

static int open_kernel(struct probe_finder *pf, char *err, size_t errlen)
{
	char release[128] = "", path[PATH_MAX];
	FILE *f = fopen("/proc/sys/kernel/osrelease", "r");

	if (f) {
		if (fgets(release, sizeof(release), f))
			release[strcspn(release, "\n")] = '\0';
		fclose(f);
	}
	for (size_t i = 0; i < sizeof(kernel_dwarf_paths) / sizeof(kernel_dwarf_paths[0]); i++) {
		snprintf(path, sizeof(path), kernel_dwarf_paths[i], release);
		if (elf_open_fd(path, &pf->fd, &pf->elf) == 0) {
			pf->ix_ = dwarf_index_new(pf->elf);
			pf->ix_tried = true;
			if (pf->ix_) {
				pf->dwarf_elf = pf->elf;
				pf->cfi = dwarf_getcfi(dwarf_index_dwarf(pf->ix_));
				return 0;
			}
			elf_end(pf->elf);
			close(pf->fd);
			pf->elf = NULL;
			pf->fd = -1;
		}
	}
	pf->btf = probe_btf_open(err, errlen);
	return 0;
}

struct probe_finder *probe_finder_open(const char *path, char *err, size_t errlen)
{
	struct probe_finder *pf = calloc(1, sizeof(*pf));
	bool reloc;

	if (!pf) {
		errf(err, errlen, "out of memory");
		return NULL;
	}
	pf->fd = pf->dbg_fd = -1;
	elf_version(EV_CURRENT);
	symtab_init(&pf->syms);
	symtab_init(&pf->names);
	if (!path) {
		open_kernel(pf, err, errlen);
		return pf;
	}
	pf->path = xstrdup(path);
	if (access(path, R_OK) != 0) {
		errf(err, errlen, "cannot read %s: %m", path);
		goto bad;
	}
	if (elf_open_fd(path, &pf->fd, &pf->elf)) {
		errf(err, errlen, "%s is not an ELF file", path);
		goto bad;
	}
	if (elf_segments(path, &pf->segs, &pf->nr_segs, &reloc) < 0) {
		errf(err, errlen, "%s: cannot read its program headers", path);
		goto bad;
	}
	if (elf_load_symbols(path, &pf->syms) >= 0)
		symtab_finish(&pf->syms);
	elf_load_symbols(path, &pf->names);
	if (elf_section_has_data(pf->elf, ".debug_info")) {
		pf->dwarf_elf = pf->elf;
	} else {
		u8 id[20];
		int n = elf_build_id(path, id);
		char *dbg = fetch_debug_file("", path, id, n > 0 ? (u8)n : 0);

		if (dbg && elf_open_fd(dbg, &pf->dbg_fd, &pf->dbg_elf) == 0 &&
		    elf_section_has_data(pf->dbg_elf, ".debug_info"))
			pf->dwarf_elf = pf->dbg_elf;
		free(dbg);
	}
	pf->cfi = dwarf_getcfi_elf(pf->elf);
	pf->cfi_owned = pf->cfi != NULL;
	return pf;
bad:
	probe_finder_close(pf);
	return NULL;
}

void probe_finder_close(struct probe_finder *pf)
{
	if (!pf)
		return;
	if (pf->cfi_owned)
		dwarf_cfi_end(pf->cfi);
	dwarf_index_free(pf->ix_);
	if (pf->elf)
		elf_end(pf->elf);
	if (pf->dbg_elf)
		elf_end(pf->dbg_elf);
	if (pf->fd >= 0)
		close(pf->fd);
	if (pf->dbg_fd >= 0)
		close(pf->dbg_fd);
	symtab_free(&pf->syms);
	symtab_free(&pf->names);
	free(pf->segs);
	probe_btf_close(pf->btf);
	free(pf->source_dir);
	free(pf->path);
	free(pf);
}

void probe_finder_set_source_dir(struct probe_finder *pf, const char *dir)
{
	free(pf->source_dir);
	pf->source_dir = dir ? xstrdup(dir) : NULL;
}

char *pf_source_path(const struct probe_finder *pf, Dwarf_Die *cu, const char *file)
{
	if (!file)
		return NULL;
	/* DIR/a/b/c.c, then DIR/b/c.c, DIR/c.c: the tree may have been
	 * moved whole or in part. */
	for (const char *rest = file; pf->source_dir && rest && *rest; rest = strchr(rest + 1, '/')) {
		size_t dl = strlen(pf->source_dir);
		const char *r = rest;
		char *cand;

		while (*r == '/')
			r++;
		if (!*r)
			break;
		cand = xasprintf("%s%s%s", pf->source_dir, dl && pf->source_dir[dl - 1] == '/' ? "" : "/", r);
		if (access(cand, R_OK) == 0)
			return cand;
		free(cand);
	}
	return dwarf_source_path(cu, file);
}

bool probe_finder_has_dwarf(const struct probe_finder *pf)
{
	return pf->dwarf_elf != NULL;
}

/* The DWARF index, built (once) when a query first needs it. */
struct dwarf_index *pf_index(struct probe_finder *pf)
{
	if (!pf->ix_tried) {
		pf->ix_tried = true;
		if (pf->dwarf_elf)
			pf->ix_ = dwarf_index_new(pf->dwarf_elf);
		if (!pf->cfi && pf->ix_)
			pf->cfi = dwarf_getcfi(dwarf_index_dwarf(pf->ix_));
	}
	return pf->ix_;
}

/* ---- addresses ------------------------------------------------------------------ */

/* The load segment holding a link-time address. */
static const struct dso_segment *seg_of(const struct probe_finder *pf, u64 vaddr)
{
	for (u32 i = 0; i < pf->nr_segs; i++)
		if (vaddr >= pf->segs[i].vaddr && vaddr < pf->segs[i].vaddr + pf->segs[i].size)
			return &pf->segs[i];
	return NULL;
}

static int file_offset(const struct probe_finder *pf, u64 vaddr, u64 *off)
{
	return dso_segments_addr_to_offset(pf->segs, pf->nr_segs, vaddr, off);
}

/* ---- places ---------------------------------------------------------------------- */

static void places_add(struct places *ps, const struct place *p)
{
	for (int i = 0; i < ps->nr; i++)
		if (ps->v[i].addr == p->addr)
			return;
	ps->v = xrealloc(ps->v, (ps->nr + 1) * sizeof(*ps->v));
	ps->v[ps->nr++] = *p;
}

static bool need_vars(const struct probe_spec *spec)
{
	for (int i = 0; i < spec->nr_args; i++)
		if (spec->args[i].kind == PROBE_ARG_VAR || spec->args[i].kind == PROBE_ARG_PARAMS ||
		    spec->args[i].kind == PROBE_ARG_GLOBAL)
			return true;
	return false;
}

struct suggest_ctx {
	struct suggest s;
	const struct probe_finder *pf;
};

static void suggest_name_cb(const char *name, void *ctx)
{
	suggest_add(&((struct suggest_ctx *)ctx)->s, name);
}

int pf_no_such_function(struct probe_finder *pf, const char *func, char *err, size_t errlen)
{
	struct suggest_ctx c;
	char buf[256];

	suggest_init(&c.s, func);
	if (pf_index(pf))
		dwarf_each_func_name(pf_index(pf), suggest_name_cb, &c);
	for (size_t i = 0; i < pf->names.nr; i++)
		if (pf->names.syms[i].kind == 'T' || pf->names.syms[i].kind == 't' || pf->names.syms[i].kind == 'W')
			suggest_add(&c.s, pf->names.syms[i].name);
	if (c.s.nr) {
		suggest_format(&c.s, buf, sizeof(buf));
		return errf(err, errlen, "no function '%s' in %s (did you mean: %s?)", func,
			    pf->path ? pf->path : "the kernel", buf);
	}
	return errf(err, errlen, "no function '%s' in %s", func, pf->path ? pf->path : "the kernel");
}

static const struct symbol *func_symbol(const struct probe_finder *pf, const char *name);

/* A name DWARF does not know may be a symbol alias of a function it does
 * (glibc's malloc is __libc_malloc in its DWARF: one address, two symbols):
 * the function whose code starts at the symbol's address, as perf probe
 * finds it. */
static void alias_instance(struct probe_finder *pf, const char *func, const char *src, struct dwarf_inst **insts,
			   int *nr)
{
	const struct symbol *s = func_symbol(pf, func);
	struct dwarf_inst in;

	if (!s || dwarf_func_at(pf_index(pf), s->start, &in) || in.entry != s->start)
		return;
	if (src && !dwarf_file_matches(dwarf_decl_file(&in.die), src))
		return;
	*insts = xrealloc(*insts, (*nr + 1) * sizeof(**insts));
	(*insts)[(*nr)++] = in;
}

/* The function DIEs for spec->func (filtered by @SRC) and their instances;
 * for a symbol alias, the function at its address. */
int pf_func_instances(struct probe_finder *pf, const char *func, const char *src, struct dwarf_inst **insts,
			  int *nr)
{
	Dwarf_Die *dies;
	int nd;

	*insts = NULL;
	*nr = 0;
	if (!pf_index(pf))
		return 0;
	dwarf_find_funcs(pf_index(pf), func, &dies, &nd);
	for (int i = 0; i < nd; i++) {
		if (src && !dwarf_file_matches(dwarf_decl_file(&dies[i]), src))
			continue;
		dwarf_func_instances(pf_index(pf), &dies[i], insts, nr);
	}
	free(dies);
	if (!nd)
		alias_instance(pf, func, src, insts, nr);
	return 0;
}

/* perf's lazy match: a glob over the whole line, blanks ignored on both. */
static bool lazy_match(const char *line, const char *pat)
{
	char a[1024], b[1024];
	size_t i = 0, j = 0;

	for (; *line && i + 1 < sizeof(a); line++)
		if (!isspace((unsigned char)*line))
			a[i++] = *line;
	a[i] = '\0';
	for (; *pat && j + 1 < sizeof(b); pat++)
		if (!isspace((unsigned char)*pat))
			b[j++] = *pat;
	b[j] = '\0';
	return fnmatch(b, a, 0) == 0;
}

struct line_query {
	struct places *ps;
	struct place tmpl;
	const char *file;       /* rows of this file only */
	int line;               /* this line, or */
	const char *lazy;       /* lines matching this */
	struct dwarf_source *src;
};

static int line_query_cb(const char *file, int line, u64 addr, void *ctx)
{
	struct line_query *q = ctx;
	struct place p = q->tmpl;

	if (!dwarf_file_matches(file, q->file))
		return 0;
	if (q->lazy) {
		if (line < 1 || line > q->src->nr || !lazy_match(q->src->lines[line - 1], q->lazy))
			return 0;
	} else if (line != q->line) {
		return 0;
	}
	p.addr = addr;
	p.line = line;
	places_add(q->ps, &p);
	return 0;
}

static const char *inst_name(struct dwarf_inst *in)
{
	const char *n = dwarf_diename(&in->die);

	return n ? n : "?";
}

/* Places of a FUNC spec from DWARF. */
static int func_places(struct probe_finder *pf, const struct probe_spec *spec, struct dwarf_inst *insts, int ni,
		       struct places *ps, char *err, size_t errlen)
{
	bool vars = need_vars(spec);

	for (int i = 0; i < ni; i++) {
		struct dwarf_inst *in = &insts[i];
		struct place p = { .inst = *in, .has_inst = true, .addr = in->entry, .func = inst_name(in) };
		int decl = 0;

		dwarf_decl_line(&in->die, &decl);
		p.file = dwarf_decl_file(&in->die);
		p.line = decl;
		if (spec->ret || spec->has_offset) {
			Dwarf_Addr hi;

			if (in->inlined)
				continue;       /* no return or offset in an inlined copy */
			if (spec->has_offset) {
				if (dwarf_highpc(&in->die, &hi) == 0 && in->entry + spec->offset >= hi)
					return errf(err, errlen, "offset %#llx is past the end of %s (size %#llx)",
						    (unsigned long long)spec->offset, p.func,
						    (unsigned long long)(hi - in->entry));
				p.addr += spec->offset;
				p.line = 0;
			}
			places_add(ps, &p);
		} else if (spec->line || spec->lazy) {
			struct line_query q = { .ps = ps, .tmpl = p, .file = p.file, .line = decl + spec->line,
						.lazy = spec->lazy };
			struct dwarf_source src = { 0 };

			if (spec->lazy) {
				char *path = pf_source_path(pf, &in->cu, p.file);

				if (dwarf_source_read(path, &src)) {
					errf(err, errlen, "cannot read the source file %s for the pattern: %m", path);
					free(path);
					return -1;
				}
				free(path);
				q.src = &src;
			}
			dwarf_walk_lines(&in->cu, in, false, line_query_cb, &q);
			dwarf_source_free(&src);
		} else {
			if (!in->inlined && pf->path && vars && !dwarf_cu_optimized(&in->cu))
				p.addr = dwarf_skip_prologue(&in->cu, &in->die, in->entry);
			places_add(ps, &p);
		}
	}
	return 0;
}

/* The function around addr in cu: the innermost inlined copy whose
 * declaration is in file (a line of that function), else the real one. */
static bool inst_at(Dwarf_Die *cu, u64 addr, const char *file, int line, struct dwarf_inst *out)
{
	Dwarf_Die d, real;
	bool have = false;

	if (dwarf_child(cu, &d) != 0)
		return false;
	do {
		if (dwarf_tag(&d) == DW_TAG_subprogram && dwarf_haspc(&d, addr) == 1) {
			real = d;
			have = true;
			break;
		}
	} while (dwarf_siblingof(&d, &d) == 0);
	if (!have)
		return false;
	memset(out, 0, sizeof(*out));
	out->die = out->func = real;
	out->cu = *cu;
	if (dwarf_entrypc(&real, &out->entry))
		dwarf_lowpc(&real, &out->entry);
	/* Go down through inlined copies that hold addr and whose source is
	 * this line's function. */
	for (Dwarf_Die cur = real;;) {
		bool down = false;

		if (dwarf_child(&cur, &d) != 0)
			break;
		do {
			int tag = dwarf_tag(&d), decl = 0;

			if ((tag != DW_TAG_inlined_subroutine && tag != DW_TAG_lexical_block) ||
			    dwarf_haspc(&d, addr) != 1)
				continue;
			if (tag == DW_TAG_inlined_subroutine) {
				dwarf_decl_line(&d, &decl);
				if (!dwarf_file_matches(dwarf_decl_file(&d), file) || decl > line)
					break;
				out->die = d;
				out->inlined = true;
				if (dwarf_entrypc(&d, &out->entry))
					dwarf_lowpc(&d, &out->entry);
			}
			cur = d;
			down = true;
			break;
		} while (dwarf_siblingof(&d, &d) == 0);
		if (!down)
			break;
	}
	return true;
}

/* Places of SRC:ALINE and SRC;PATTERN: every CU that has the file. */
static int line_places(struct probe_finder *pf, const struct probe_spec *spec, struct places *ps, char *err,
		       size_t errlen)
{
	Dwarf *dw = dwarf_index_dwarf(pf_index(pf));
	Dwarf_Off off = 0, next;
	size_t hsize;
	bool seen = false;

	while (dwarf_nextcu(dw, off, &next, &hsize, NULL, NULL, NULL) == 0) {
		Dwarf_Die cu;
		Dwarf_Files *files;
		size_t nf;
		const char *match = NULL;
		struct dwarf_source src = { 0 };
		struct places rows = { 0 };
		struct line_query q = { .ps = &rows, .file = spec->src, .line = spec->line, .lazy = spec->lazy };

		if (!dwarf_offdie(dw, off + hsize, &cu)) {
			off = next;
			continue;
		}
		off = next;
		if (dwarf_getsrcfiles(&cu, &files, &nf) != 0)
			continue;
		for (size_t i = 0; i < nf && !match; i++) {
			const char *f = dwarf_filesrc(files, i, NULL, NULL);

			if (dwarf_file_matches(f, spec->src))
				match = f;
		}
		if (!match)
			continue;
		seen = true;
		if (spec->lazy) {
			char *path = pf_source_path(pf, &cu, match);

			if (dwarf_source_read(path, &src)) {
				errf(err, errlen, "cannot read the source file %s for the pattern: %m", path);
				free(path);
				return -1;
			}
			free(path);
			q.src = &src;
		}
		dwarf_walk_lines(&cu, NULL, false, line_query_cb, &q);
		dwarf_source_free(&src);
		for (int i = 0; i < rows.nr; i++) {
			struct place p = rows.v[i];

			if (!inst_at(&cu, p.addr, match, p.line, &p.inst))
				continue;       /* a row outside any function */
			p.has_inst = true;
			p.func = inst_name(&p.inst);
			p.file = match;
			places_add(ps, &p);
		}
		free(rows.v);
	}
	if (!seen)
		return errf(err, errlen, "no source file '%s' in the debug info of %s", spec->src,
			    pf->path ? pf->path : "the kernel");
	return 0;
}

/* ---- fetch arguments ------------------------------------------------------------- */

/* A value being fetched: in a register, in memory at base+off (base a
 * fetch expression), or at a static address. */
struct value {
	enum { V_REG, V_MEM, V_ABS } kind;
	char *base;             /* V_REG: "%di"; V_MEM: "%bp", "-24(%bp)" */
	s64 off;
	u64 addr;               /* V_ABS: link-time address */
	Dwarf_Die type;         /* its DWARF type (unpeeled) */
	bool has_type;
	bool bitfield;
};

static char *value_fetch(const struct probe_finder *pf, const struct value *v, u64 probe_vaddr)
{
	switch (v->kind) {
	case V_REG:
		return xstrdup(v->base);
	case V_MEM:
		return xasprintf("%+lld(%s)", (long long)v->off, v->base);
	case V_ABS:
		break;
	}
	if (!pf->path) {
		const struct symbol *s = symtab_find(&pf->syms, v->addr);

		if (s)
			return xasprintf("@%s+%llu", s->name, (unsigned long long)(v->addr - s->start));
		return xasprintf("@0x%llx", (unsigned long long)v->addr);
	}
	/* Uprobes: "@+OFF" is read at OFF plus the load bias of the probed
	 * segment (the probe's address minus its file offset), so OFF is the
	 * variable's link-time address moved by that segment's delta. */
	const struct dso_segment *s = seg_of(pf, probe_vaddr);
	s64 delta = s ? (s64)(s->vaddr - s->offset) : 0;

	return xasprintf("@+0x%llx", (unsigned long long)(v->addr - delta));
}

/* Make v a memory value whose base is v's current value (a pointer). */
static void value_deref(const struct probe_finder *pf, struct value *v, s64 off, u64 probe_vaddr)
{
	char *b = value_fetch(pf, v, probe_vaddr);

	free(v->base);
	v->base = b;
	v->kind = V_MEM;
	v->off = off;
}

static const char *tag_what(int tag)
{
	switch (tag) {
	case DW_TAG_structure_type: return "a struct";
	case DW_TAG_union_type: return "a union";
	case DW_TAG_array_type: return "an array";
	case DW_TAG_pointer_type: return "a pointer";
	case DW_TAG_base_type: return "a scalar";
	case DW_TAG_enumeration_type: return "an enum";
	default: return "not a struct, union, array or pointer";
	}
}

/* Walk VAR->a.b[2] from a variable's value. */
static int apply_access(const struct probe_finder *pf, const struct probe_arg_spec *a, struct value *v,
			u64 probe_vaddr, char *err, size_t errlen)
{
	for (int i = 0; i < a->nr_access; i++) {
		const struct probe_access *acc = &a->access[i];
		Dwarf_Die t, member, elem;
		int tag;
		s64 moff;

		if (!v->has_type || dwarf_peel_type(&v->type, &t) != 0)
			return errf(err, errlen, "'%s': no type information to follow", a->text);
		tag = dwarf_tag(&t);
		if (acc->kind == PROBE_ACCESS_INDEX) {
			long esz;

			if ((tag != DW_TAG_array_type && tag != DW_TAG_pointer_type) || dwarf_type_of(&t, &elem))
				return errf(err, errlen, "'%s': [%ld] on %s", a->text, acc->index, tag_what(tag));
			esz = dwarf_type_size(&elem);
			if (esz <= 0)
				return errf(err, errlen, "'%s': elements of unknown size", a->text);
			if (tag == DW_TAG_array_type) {
				if (v->kind == V_REG)
					return errf(err, errlen, "'%s': the array is in a register", a->text);
				if (v->kind == V_MEM)
					v->off += acc->index * esz;
				else
					v->addr += acc->index * esz;
			} else {
				value_deref(pf, v, acc->index * esz, probe_vaddr);
			}
			v->type = elem;
			continue;
		}
		if (acc->kind == PROBE_ACCESS_ARROW) {
			Dwarf_Die pointee;

			if (tag != DW_TAG_pointer_type || dwarf_type_of(&t, &pointee) ||
			    dwarf_peel_type(&pointee, &t) != 0)
				return errf(err, errlen, "'%s': '->%s' on %s (use '.')", a->text, acc->field,
					    tag_what(tag));
			tag = dwarf_tag(&t);
		}
		if (tag != DW_TAG_structure_type && tag != DW_TAG_union_type)
			return errf(err, errlen, "'%s': '%s%s' on %s", a->text,
				    acc->kind == PROBE_ACCESS_ARROW ? "->" : ".", acc->field,
				    tag == DW_TAG_pointer_type ? "a pointer (use '->')" : tag_what(tag));
		if (dwarf_find_member(&t, acc->field, &member, &moff)) {
			const char *tn = dwarf_diename(&t);

			return errf(err, errlen, "'%s': %s %s has no member '%s'", a->text,
				    tag == DW_TAG_union_type ? "union" : "struct", tn ? tn : "(anonymous)", acc->field);
		}
		if (acc->kind == PROBE_ACCESS_ARROW) {
			value_deref(pf, v, moff, probe_vaddr);
		} else if (v->kind == V_REG) {
			return errf(err, errlen, "'%s': the struct is in a register", a->text);
		} else if (v->kind == V_MEM) {
			v->off += moff;
		} else {
			v->addr += moff;
		}
		v->bitfield = dwarf_hasattr(&member, DW_AT_bit_size) || dwarf_hasattr(&member, DW_AT_data_bit_offset);
		v->has_type = dwarf_type_of(&member, &v->type) == 0;
	}
	return 0;
}

/* The tracefs type of a value from its DWARF type: s32, u64, x64... */
static int default_type(const struct value *v, const char *what, char *buf, size_t len, char *err, size_t errlen)
{
	Dwarf_Die t;
	Dwarf_Attribute a;
	Dwarf_Word enc = 0;
	long size;
	int tag;

	if (v->bitfield)
		return errf(err, errlen, "'%s' is a bitfield, which scry cannot fetch", what);
	if (!v->has_type || dwarf_peel_type((Dwarf_Die *)&v->type, &t) != 0)
		return errf(err, errlen, "'%s' has no type; give one (e.g. ':u64')", what);
	tag = dwarf_tag(&t);
	size = dwarf_type_size(&t);
	switch (tag) {
	case DW_TAG_pointer_type:
	case DW_TAG_ptr_to_member_type:
		snprintf(buf, len, "x%ld", size > 0 ? size * 8 : 64);
		return 0;
	case DW_TAG_enumeration_type:
		if (size != 1 && size != 2 && size != 4 && size != 8)
			break;
		snprintf(buf, len, "u%ld", size * 8);
		return 0;
	case DW_TAG_base_type:
		if (dwarf_attr(&t, DW_AT_encoding, &a))
			dwarf_formudata(&a, &enc);
		if (enc == DW_ATE_float || enc == DW_ATE_complex_float || enc == DW_ATE_decimal_float)
			return errf(err, errlen, "'%s' is floating point, which tracefs cannot fetch", what);
		if (size != 1 && size != 2 && size != 4 && size != 8)
			return errf(err, errlen, "'%s' is %ld bytes wide; tracefs fetches 1, 2, 4 or 8", what, size);
		snprintf(buf, len, "%c%ld", enc == DW_ATE_signed || enc == DW_ATE_signed_char ? 's' : 'u', size * 8);
		return 0;
	case DW_TAG_structure_type:
	case DW_TAG_union_type:
		return errf(err, errlen, "'%s' is %s: fetch a member with '.' or '->'", what, tag_what(tag));
	case DW_TAG_array_type:
		return errf(err, errlen, "'%s' is an array: fetch an element with [N] (or ':string' for chars)",
			    what);
	}
	return errf(err, errlen, "'%s' has a type tracefs cannot fetch", what);
}

struct arg_out {
	struct probe_fetch_arg *v;
	int nr;
};

static void arg_push(struct arg_out *o, char *name, char *fetch)
{
	o->v = xrealloc(o->v, (o->nr + 1) * sizeof(*o->v));
	o->v[o->nr].name = name;
	o->v[o->nr++].fetch = fetch;
}

/* Describe a place for messages: "pt_add:3 (probe-target.c:25)". */
static void place_text(const struct probe_spec *spec, const struct place *p, char *buf, size_t len)
{
	const char *base = p->file ? strrchr(p->file, '/') : NULL;

	snprintf(buf, len, "%.*s (%s at %s:%d)", (int)strcspn(spec->text, " \t"), spec->text, p->func ? p->func : "?",
		 base ? base + 1 : p->file ? p->file : "?", p->line);
}

void pf_each_visible_var(const struct place *p, void (*fn)(Dwarf_Die *var, const char *name, void *ctx),
			 void *ctx)
{
	Dwarf_Die scopes[32];
	int n = dwarf_scopes_at(&p->inst, p->addr, scopes, 32);

	for (int i = n - 1; i >= 0; i--) {
		Dwarf_Die d;

		if (dwarf_child(&scopes[i], &d) != 0)
			continue;
		do {
			int tag = dwarf_tag(&d);
			const char *name = dwarf_diename(&d);

			if ((tag == DW_TAG_variable || tag == DW_TAG_formal_parameter) && name)
				fn(&d, name, ctx);
		} while (dwarf_siblingof(&d, &d) == 0);
	}
}

struct names_buf {
	char *buf;
	size_t len, used;
};

static void name_append(Dwarf_Die *var, const char *name, void *ctx)
{
	struct names_buf *nb = ctx;

	(void)var;
	nb->used += snprintf(nb->buf + nb->used, nb->used < nb->len ? nb->len - nb->used : 0, "%s%s",
			     nb->used ? ", " : "", name);
}

/* The names of the variables visible at a place, for "no such variable". */
static void visible_names(const struct place *p, char *buf, size_t len)
{
	struct names_buf nb = { buf, len, 0 };

	buf[0] = '\0';
	pf_each_visible_var(p, name_append, &nb);
	if (nb.used >= len && len > 4)
		strcpy(buf + len - 4, "...");
}

static int var_value(struct probe_finder *pf, const struct place *p, Dwarf_Die *var, const char *what,
		     const struct probe_spec *spec, struct value *v, char *err, size_t errlen)
{
	struct dwarf_loc loc;
	char why[160], where[300];

	memset(v, 0, sizeof(*v));
	if (dwarf_var_location(&p->inst, var, p->addr, pf->cfi, &loc, why, sizeof(why))) {
		snprintf(where, sizeof(where), "%.*s", (int)strcspn(spec->text, " \t"), spec->text);
		return errf(err, errlen, "variable '%s' %s at %s (%s:%d, address %#llx)", what, why, where,
			    p->file ? p->file : "?", p->line, (unsigned long long)p->addr);
	}
	switch (loc.kind) {
	case DWARF_LOC_REG:
	case DWARF_LOC_MEM: {
		const char *r = dwarf_reg_tracefs_name(loc.reg);

		if (!r)
			return errf(err, errlen, "variable '%s' is in DWARF register %u, which tracefs cannot read",
				    what, loc.reg);
		v->kind = loc.kind == DWARF_LOC_REG ? V_REG : V_MEM;
		v->base = xstrdup(r);
		v->off = loc.off;
		break;
	}
	case DWARF_LOC_ADDR:
		v->kind = V_ABS;
		v->addr = loc.addr;
		break;
	}
	v->has_type = dwarf_type_of(var, &v->type) == 0;
	return 0;
}

/* Turn v into name=fetch:type. */
static int finish_arg(struct probe_finder *pf, const struct place *p, const struct probe_arg_spec *a,
		      struct value *v, const char *name, struct arg_out *o, char *err, size_t errlen)
{
	char type[16];
	char *fetch;

	if (a->type && !strcmp(a->type, "string")) {
		Dwarf_Die t;
		int tag = v->has_type && dwarf_peel_type(&v->type, &t) == 0 ? dwarf_tag(&t) : 0;

		if (tag == DW_TAG_pointer_type)
			value_deref(pf, v, 0, p->addr);
		else if (tag != DW_TAG_array_type)
			return errf(err, errlen, "'%s': ':string' needs a char pointer or array", a->text);
		else if (v->kind == V_REG)
			return errf(err, errlen, "'%s': the array is in a register", a->text);
		snprintf(type, sizeof(type), "string");
	} else if (a->type) {
		snprintf(type, sizeof(type), "%s", a->type);
	} else if (default_type(v, a->text, type, sizeof(type), err, errlen)) {
		return -1;
	}
	fetch = value_fetch(pf, v, p->addr);
	arg_push(o, xstrdup(name), xasprintf("%s:%s", fetch, type));
	free(fetch);
	return 0;
}

static int global_value(struct probe_finder *pf, const struct place *p, const struct probe_arg_spec *a,
			struct value *v, char *err, size_t errlen)
{
	Dwarf_Die var;

	memset(v, 0, sizeof(*v));
	if (p->has_inst) {
		struct dwarf_inst cu_only = p->inst;

		/* Only the CU's globals: no local of that name in the way. */
		cu_only.die = p->inst.cu;
		if (dwarf_find_var(&cu_only, p->addr, a->var, &var) == 0)
			return var_value(pf, p, &var, a->var, NULL, v, err, errlen);
	}
	for (size_t i = 0; i < pf->names.nr; i++) {
		const struct symbol *s = &pf->names.syms[i];

		if (!strcmp(s->name, a->var) && s->kind != 'T' && s->kind != 't') {
			v->kind = V_ABS;
			v->addr = s->start;
			return 0;
		}
	}
	return errf(err, errlen, "no global variable '%s'", a->var);
}

static int convert_args(struct probe_finder *pf, const struct probe_spec *spec, const struct place *p,
			struct arg_out *o, char *err, size_t errlen)
{
	for (int i = 0; i < spec->nr_args; i++) {
		const struct probe_arg_spec *a = &spec->args[i];
		char *name = probe_arg_name(a, o->nr + 1);
		struct value v = { 0 };
		Dwarf_Die var, func;
		int ret = 0;

		switch (a->kind) {
		case PROBE_ARG_RAW:
			arg_push(o, name, a->type ? xasprintf("%s:%s", a->var, a->type) : xstrdup(a->var));
			continue;
		case PROBE_ARG_REG:
			if (!arch_reg_valid(a->var)) {
				free(name);
				return errf(err, errlen, "'%s': no register %%%s on x86-64", a->text, a->var);
			}
			arg_push(o, name, xasprintf("%%%s%s%s", a->var, a->type ? ":" : "", a->type ? a->type : ""));
			continue;
		case PROBE_ARG_RETVAL: {
			char type[16] = "";

			func = p->inst.func;
			if (p->has_inst && dwarf_type_of(&func, &v.type) == 0) {
				v.has_type = true;
				if (!a->type && default_type(&v, "$retval", type, sizeof(type), err, errlen)) {
					free(name);
					return -1;
				}
			}
			free(name);
			arg_push(o, a->name ? xstrdup(a->name) : xstrdup("retval"),
				 xasprintf("$retval%s%s", a->type || type[0] ? ":" : "", a->type ? a->type : type));
			continue;
		}
		case PROBE_ARG_PARAMS: {
			Dwarf_Die d, inst = p->inst.die;

			free(name);
			if (!p->has_inst)
				return errf(err, errlen, "'$params' needs debug info (none for %s)", spec->text);
			if (dwarf_child(&inst, &d) != 0)
				continue;
			do {
				struct probe_arg_spec pa = { .kind = PROBE_ARG_VAR, .text = (char *)"$params" };
				const char *pn;
				char e2[256];

				if (dwarf_tag(&d) != DW_TAG_formal_parameter || !(pn = dwarf_diename(&d)))
					continue;
				pa.var = (char *)pn;
				pa.text = (char *)pn;
				/* A parameter with no place here is left out, as perf does. */
				if (var_value(pf, p, &d, pn, spec, &v, e2, sizeof(e2)) == 0) {
					/* Not fetchable (a struct by value): left out. */
					(void)finish_arg(pf, p, &pa, &v, pn, o, e2, sizeof(e2));
					free(v.base);
					v.base = NULL;
				}
			} while (dwarf_siblingof(&d, &d) == 0);
			continue;
		}
		case PROBE_ARG_GLOBAL:
			ret = global_value(pf, p, a, &v, err, errlen);
			break;
		case PROBE_ARG_VAR:
			if (!p->has_inst) {
				free(name);
				return errf(err, errlen, "'%s': %s has no debug info for variables", a->text,
					    pf->path ? pf->path : "the kernel");
			}
			if (dwarf_find_var(&p->inst, p->addr, a->var, &var)) {
				char names[512], where[400];

				visible_names(p, names, sizeof(names));
				place_text(spec, p, where, sizeof(where));
				free(name);
				return errf(err, errlen, "no variable '%s' at %s (available: %s)", a->var, where,
					    names[0] ? names : "none");
			}
			ret = var_value(pf, p, &var, a->var, spec, &v, err, errlen);
			break;
		}
		if (ret == 0)
			ret = apply_access(pf, a, &v, p->addr, err, errlen);
		if (ret == 0)
			ret = finish_arg(pf, p, a, &v, name, o, err, errlen);
		free(v.base);
		free(name);
		if (ret)
			return -1;
	}
	return 0;
}

/* ---- resolve -------------------------------------------------------------------------- */

static const struct symbol *func_symbol(const struct probe_finder *pf, const char *name)
{
	for (size_t i = 0; i < pf->names.nr; i++) {
		const struct symbol *s = &pf->names.syms[i];

		if ((s->kind == 'T' || s->kind == 't' || s->kind == 'W' || s->kind == 'i') && !strcmp(s->name, name))
			return s;
	}
	return NULL;
}

static int make_point(struct probe_finder *pf, const struct probe_spec *spec, const struct place *p,
		      struct probe_point *pt, char *err, size_t errlen)
{
	const struct symbol *s = symtab_find(&pf->syms, p->addr);
	struct arg_out o = { 0 };
	int decl = 0;

	memset(pt, 0, sizeof(*pt));
	if (file_offset(pf, p->addr, &pt->address))
		return errf(err, errlen, "address %#llx of %s is in no load segment of %s",
			    (unsigned long long)p->addr, spec->text, pf->path);
	pt->symbol = xstrdup(s ? s->name : p->func);
	pt->sym_offset = s ? p->addr - s->start : 0;
	pt->ret = spec->ret;
	pt->func = xstrdup(p->func);
	pt->file = p->file ? xstrdup(p->file) : NULL;
	pt->line = p->line;
	pt->rline = -1;
	if (p->has_inst && p->line > 0) {
		Dwarf_Die d = p->inst.die;

		if (dwarf_decl_line(&d, &decl) == 0 && p->line >= decl)
			pt->rline = p->line - decl;
	}
	if (convert_args(pf, spec, p, &o, err, errlen)) {
		for (int i = 0; i < o.nr; i++) {
			free(o.v[i].name);
			free(o.v[i].fetch);
		}
		free(o.v);
		probe_point_free(pt);
		return -1;
	}
	pt->args = o.v;
	pt->nr_args = o.nr;
	return 0;
}

/* Every place spec names (before its arguments). */
int pf_collect_places(struct probe_finder *pf, const struct probe_spec *spec, struct places *ps,
			  struct dwarf_inst **insts, char *err, size_t errlen)
{
	int ni = 0;

	if (spec->place == PROBE_PLACE_LINE) {
		if (!pf_index(pf))
			return errf(err, errlen, "%s has no debug info: '%s' needs it for source lines",
				    pf->path ? pf->path : "the kernel", spec->text);
		if (line_places(pf, spec, ps, err, errlen))
			return -1;
	} else {
		pf_func_instances(pf, spec->func, spec->src, insts, &ni);
		if (ni) {
			if (func_places(pf, spec, *insts, ni, ps, err, errlen))
				return -1;
		} else {
			const struct symbol *s = func_symbol(pf, spec->func);
			struct place p = { .func = spec->func };

			if (!s)
				return pf_no_such_function(pf, spec->func, err, errlen);
			if (spec->src && pf_index(pf))
				return errf(err, errlen, "no function '%s' from %s in %s", spec->func, spec->src,
					    pf->path ? pf->path : "the kernel");
			if (spec->line || spec->lazy || spec->src)
				return errf(err, errlen, "%s has no debug info for %s: '%s' needs it",
					    pf->path ? pf->path : "the kernel", spec->func, spec->text);
			if (spec->has_offset && s->size && spec->offset >= s->size)
				return errf(err, errlen, "offset %#llx is past the end of %s (size %#llx)",
					    (unsigned long long)spec->offset, spec->func, (unsigned long long)s->size);
			p.addr = s->start + spec->offset;
			places_add(ps, &p);
		}
	}
	if (!ps->nr) {
		if (spec->ret)
			return errf(err, errlen, "'%s': %s is only inlined, there is no return to probe", spec->text,
				    spec->func);
		return errf(err, errlen, "'%.*s': no code for that place (scry probe -L shows the lines that have some)",
			    (int)strcspn(spec->text, " \t"), spec->text);
	}
	return 0;
}

int probe_finder_resolve(struct probe_finder *pf, const struct probe_spec *spec, struct probe_point **points,
			 int *nr, char *err, size_t errlen)
{
	struct places ps = { 0 };
	struct dwarf_inst *insts = NULL;
	int ret = -1;

	*points = NULL;
	*nr = 0;
	if (!pf->path && !pf_index(pf))
		return probe_btf_resolve(pf->btf, spec, points, nr, err, errlen);
	if (pf_collect_places(pf, spec, &ps, &insts, err, errlen))
		goto out;
	*points = calloc(ps.nr, sizeof(**points));
	if (!*points) {
		errf(err, errlen, "out of memory");
		goto out;
	}
	for (int i = 0; i < ps.nr; i++) {
		if (make_point(pf, spec, &ps.v[i], &(*points)[i], err, errlen)) {
			for (int j = 0; j < i; j++)
				probe_point_free(&(*points)[j]);
			free(*points);
			*points = NULL;
			goto out;
		}
	}
	*nr = ps.nr;
	ret = 0;
out:
	free(ps.v);
	free(insts);
	return ret;
}
