/* DWARF for probes (see util/probe/dwarf.h).
 *
 * The index holds one entry per named subprogram DIE at a CU's top level:
 * walking only the top level of each CU once is what perf's dwarf_getfuncs
 * walk costs, and every later lookup is a hash probe. Inlined copies are
 * found on demand by walking the one CU that holds their origin. */
#include "util/probe/dwarf.h"

#include <dwarf.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

struct func_entry {
	Dwarf_Off off;          /* the subprogram DIE */
	const char *name;       /* libdw's string (lives as long as the Dwarf) */
	u32 hash;
	int next;               /* next entry of the same bucket, -1 */
	bool has_code;
	bool inline_origin;
};

struct dwarf_index {
	Dwarf *dw;
	struct func_entry *ents;
	int nr, cap;
	int *buckets;
	u32 nbuckets;           /* a power of two */
};

static u32 str_hash(const char *s)
{
	u32 h = 2166136261u;    /* FNV-1a */

	while (*s)
		h = (h ^ (u8)*s++) * 16777619u;
	return h;
}

static bool die_has_code(Dwarf_Die *d)
{
	return dwarf_hasattr(d, DW_AT_low_pc) || dwarf_hasattr(d, DW_AT_ranges) ||
	       dwarf_hasattr(d, DW_AT_entry_pc);
}

static void index_add(struct dwarf_index *ix, Dwarf_Die *d)
{
	struct func_entry *e;
	const char *name;
	bool code, origin;

	if (dwarf_hasattr(d, DW_AT_declaration))
		return;
	name = dwarf_diename(d);
	if (!name)
		return;
	code = die_has_code(d);
	origin = dwarf_func_inline(d) == 1;
	if (!code && !origin)
		return;
	if (ix->nr == ix->cap) {
		ix->cap = ix->cap ? ix->cap * 2 : 1024;
		ix->ents = xrealloc(ix->ents, ix->cap * sizeof(*ix->ents));
	}
	e = &ix->ents[ix->nr++];
	e->off = dwarf_dieoffset(d);
	e->name = name;
	e->hash = str_hash(name);
	e->next = -1;
	e->has_code = code;
	e->inline_origin = origin;
}

static void index_cu_children(struct dwarf_index *ix, Dwarf_Die *parent, int depth)
{
	Dwarf_Die d;

	if (dwarf_child(parent, &d) != 0)
		return;
	do {
		int tag = dwarf_tag(&d);

		if (tag == DW_TAG_subprogram)
			index_add(ix, &d);
		else if ((tag == DW_TAG_namespace || tag == DW_TAG_class_type ||
			  tag == DW_TAG_structure_type) && depth < 8 && dwarf_haschildren(&d))
			index_cu_children(ix, &d, depth + 1);     /* C++ methods */
	} while (dwarf_siblingof(&d, &d) == 0);
}

struct dwarf_index *dwarf_index_new(Elf *elf)
{
	struct dwarf_index *ix;
	Dwarf_Off off = 0, next;
	size_t hsize;
	Dwarf *dw = dwarf_begin_elf(elf, DWARF_C_READ, NULL);

	if (!dw)
		return NULL;
	ix = calloc(1, sizeof(*ix));
	if (!ix) {
		dwarf_end(dw);
		return NULL;
	}
	ix->dw = dw;
	while (dwarf_nextcu(dw, off, &next, &hsize, NULL, NULL, NULL) == 0) {
		Dwarf_Die cu;

		if (dwarf_offdie(dw, off + hsize, &cu))
			index_cu_children(ix, &cu, 0);
		off = next;
	}
	ix->nbuckets = 64;
	while (ix->nbuckets < (u32)ix->nr * 2)
		ix->nbuckets *= 2;
	ix->buckets = xrealloc(NULL, ix->nbuckets * sizeof(int));
	memset(ix->buckets, 0xff, ix->nbuckets * sizeof(int));
	for (int i = 0; i < ix->nr; i++) {
		u32 b = ix->ents[i].hash & (ix->nbuckets - 1);

		ix->ents[i].next = ix->buckets[b];
		ix->buckets[b] = i;
	}
	return ix;
}

void dwarf_index_free(struct dwarf_index *ix)
{
	if (!ix)
		return;
	dwarf_end(ix->dw);
	free(ix->ents);
	free(ix->buckets);
	free(ix);
}

Dwarf *dwarf_index_dwarf(struct dwarf_index *ix)
{
	return ix->dw;
}

int dwarf_find_funcs(struct dwarf_index *ix, const char *name, Dwarf_Die **dies, int *nr)
{
	u32 h = str_hash(name);

	*dies = NULL;
	*nr = 0;
	for (int i = ix->buckets[h & (ix->nbuckets - 1)]; i >= 0; i = ix->ents[i].next) {
		struct func_entry *e = &ix->ents[i];

		if (e->hash != h || strcmp(e->name, name))
			continue;
		*dies = xrealloc(*dies, (*nr + 1) * sizeof(**dies));
		if (!dwarf_offdie(ix->dw, e->off, &(*dies)[*nr]))
			continue;
		(*nr)++;
	}
	return 0;
}

void dwarf_each_func_name(struct dwarf_index *ix, dwarf_name_cb cb, void *ctx)
{
	for (int i = 0; i < ix->nr; i++) {
		struct func_entry *e = &ix->ents[i];
		bool first = true;

		/* Once per name: the first entry of the name in its chain. */
		for (int j = ix->buckets[e->hash & (ix->nbuckets - 1)]; j >= 0; j = ix->ents[j].next)
			if (j > i && ix->ents[j].hash == e->hash && !strcmp(ix->ents[j].name, e->name)) {
				first = false;
				break;
			}
		if (first)
			cb(e->name, ctx);
	}
}

/* ---- instances ---------------------------------------------------------------- */

static void inst_push(struct dwarf_inst **insts, int *nr, Dwarf_Die *die, Dwarf_Die *func, Dwarf_Die *cu,
		      bool inlined)
{
	struct dwarf_inst *in;
	Dwarf_Addr pc = 0;

	if (dwarf_entrypc(die, &pc) != 0 && dwarf_lowpc(die, &pc) != 0) {
		Dwarf_Addr base, start, end;

		if (dwarf_ranges(die, 0, &base, &start, &end) <= 0)
			return;
		pc = start;
	}
	*insts = xrealloc(*insts, (*nr + 1) * sizeof(**insts));
	in = &(*insts)[(*nr)++];
	in->die = *die;
	in->func = *func;
	in->cu = *cu;
	in->inlined = inlined;
	in->entry = pc;
}

/* Inlined copies of origin under parent; func: the real function around. */
static void find_inlined(Dwarf_Die *parent, Dwarf_Off origin, Dwarf_Die *func, Dwarf_Die *cu,
			 struct dwarf_inst **insts, int *nr, int depth)
{
	Dwarf_Die d;

	if (depth > 64 || dwarf_child(parent, &d) != 0)
		return;
	do {
		int tag = dwarf_tag(&d);
		Dwarf_Die *f = func;

		if (tag == DW_TAG_inlined_subroutine) {
			Dwarf_Attribute a;
			Dwarf_Die o;

			if (dwarf_attr(&d, DW_AT_abstract_origin, &a) && dwarf_formref_die(&a, &o) &&
			    dwarf_dieoffset(&o) == origin && func)
				inst_push(insts, nr, &d, func, cu, true);
		} else if (tag == DW_TAG_subprogram) {
			if (!die_has_code(&d))
				continue;
			f = &d;
		} else if (tag != DW_TAG_lexical_block && tag != DW_TAG_namespace) {
			continue;
		}
		if (dwarf_haschildren(&d)) {
			Dwarf_Die keep = d;

			find_inlined(&keep, origin, tag == DW_TAG_subprogram ? &keep : f, cu, insts, nr,
				     depth + 1);
		}
	} while (dwarf_siblingof(&d, &d) == 0);
}

int dwarf_func_instances(struct dwarf_index *ix, Dwarf_Die *sp, struct dwarf_inst **insts, int *nr)
{
	Dwarf_Die cu;

	(void)ix;
	if (!dwarf_diecu(sp, &cu, NULL, NULL))
		return -1;
	if (die_has_code(sp))
		inst_push(insts, nr, sp, sp, &cu, false);
	if (dwarf_func_inline(sp) == 1)
		find_inlined(&cu, dwarf_dieoffset(sp), NULL, &cu, insts, nr, 0);
	return 0;
}

/* The out-of-line subprogram holding addr among the children of parent
 * (namespaces searched too: C++). */
static bool subprogram_at(Dwarf_Die *parent, u64 addr, Dwarf_Die *out, int depth)
{
	Dwarf_Die d;

	if (depth > 8 || dwarf_child(parent, &d) != 0)
		return false;
	do {
		int tag = dwarf_tag(&d);

		if (tag == DW_TAG_subprogram && die_has_code(&d) && dwarf_haspc(&d, addr) == 1) {
			*out = d;
			return true;
		}
		if (tag == DW_TAG_namespace) {
			Dwarf_Die keep = d;

			if (subprogram_at(&keep, addr, out, depth + 1))
				return true;
		}
	} while (dwarf_siblingof(&d, &d) == 0);
	return false;
}

int dwarf_func_at(struct dwarf_index *ix, u64 addr, struct dwarf_inst *out)
{
	Dwarf_Die cu, sp;
	struct dwarf_inst *v = NULL;
	int n = 0;

	/* .debug_aranges first; without them, the CU whose ranges hold addr. */
	if (!dwarf_addrdie(ix->dw, addr, &cu)) {
		Dwarf_Off off = 0, next;
		size_t hsize;
		bool found = false;

		while (!found && dwarf_nextcu(ix->dw, off, &next, &hsize, NULL, NULL, NULL) == 0) {
			found = dwarf_offdie(ix->dw, off + hsize, &cu) && dwarf_haspc(&cu, addr) == 1;
			off = next;
		}
		if (!found)
			return -1;
	}
	if (!subprogram_at(&cu, addr, &sp, 0))
		return -1;
	inst_push(&v, &n, &sp, &sp, &cu, false);
	if (!n)
		return -1;
	*out = v[0];
	free(v);
	return 0;
}

bool dwarf_cu_optimized(Dwarf_Die *cu)
{
	Dwarf_Attribute a;
	const char *p = dwarf_formstring(dwarf_attr(cu, DW_AT_producer, &a));
	bool opt = false;

	/* "GNU C17 13.2.0 -mtune=generic -O2 -g": the last -O wins; a bare
	 * -O is -O1. */
	for (; p && (p = strstr(p, "-O")); p += 2)
		opt = p[2] != '0';
	return opt;
}

u64 dwarf_skip_prologue(Dwarf_Die *cu, Dwarf_Die *func, u64 entry)
{
	Dwarf_Lines *lines;
	size_t n;
	int entry_line = -1;
	u64 next_line = 0;

	if (dwarf_getsrclines(cu, &lines, &n) != 0)
		return entry;
	for (size_t i = 0; i < n; i++) {
		Dwarf_Line *l = dwarf_onesrcline(lines, i);
		Dwarf_Addr a;
		bool flag;
		int ln;

		if (!l || dwarf_lineaddr(l, &a) || dwarf_lineno(l, &ln))
			continue;
		if (a < entry || !dwarf_haspc(func, a))
			continue;
		if (dwarf_lineendsequence(l, &flag) == 0 && flag)
			continue;
		if (a == entry && entry_line < 0) {
			entry_line = ln;
			continue;
		}
		if (a > entry && dwarf_lineprologueend(l, &flag) == 0 && flag)
			return a;
		if (a > entry && entry_line >= 0 && ln != entry_line && !next_line)
			next_line = a;
	}
	return next_line ? next_line : entry;
}

/* ---- lines ---------------------------------------------------------------------- */

bool dwarf_file_matches(const char *a, const char *b)
{
	size_t la, lb;

	if (!a || !b)
		return false;
	la = strlen(a);
	lb = strlen(b);
	if (lb > la)
		return false;
	if (strcmp(a + la - lb, b))
		return false;
	return lb == la || a[la - lb - 1] == '/' || b[0] == '/';
}

static const char *call_file(Dwarf_Die *inl, Dwarf_Die *cu)
{
	Dwarf_Attribute a;
	Dwarf_Word idx;
	Dwarf_Files *files;
	size_t nf;

	if (!dwarf_attr(inl, DW_AT_call_file, &a) || dwarf_formudata(&a, &idx) ||
	    dwarf_getsrcfiles(cu, &files, &nf) || idx >= nf)
		return NULL;
	return dwarf_filesrc(files, idx, NULL, NULL);
}

static int call_line(Dwarf_Die *inl)
{
	Dwarf_Attribute a;
	Dwarf_Word v;

	if (!dwarf_attr(inl, DW_AT_call_line, &a) || dwarf_formudata(&a, &v))
		return 0;
	return (int)v;
}

/* The innermost inlined subroutine under parent whose code holds addr. */
static bool inline_at(Dwarf_Die *parent, u64 addr, Dwarf_Die *out)
{
	Dwarf_Die d;
	bool found = false;

	for (int depth = 0; depth < 64; depth++) {
		bool descended = false;

		if (dwarf_child(parent, &d) != 0)
			break;
		do {
			int tag = dwarf_tag(&d);

			if ((tag == DW_TAG_inlined_subroutine || tag == DW_TAG_lexical_block) &&
			    dwarf_haspc(&d, addr) == 1) {
				if (tag == DW_TAG_inlined_subroutine) {
					*out = d;
					found = true;
				}
				*parent = d;
				descended = true;
				break;
			}
		} while (dwarf_siblingof(&d, &d) == 0);
		if (!descended)
			break;
	}
	return found;
}

/* Entry addresses of the CU's real functions and their declaration lines,
 * sorted: a row at a function's entry counts as its declaration line. */
struct entry_line { u64 addr; int line; };

static int entry_cmp(const void *a, const void *b)
{
	const struct entry_line *x = a, *y = b;

	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

static int cu_entries(Dwarf_Die *cu, struct entry_line **out)
{
	Dwarf_Die d;
	int nr = 0;

	*out = NULL;
	if (dwarf_child(cu, &d) != 0)
		return 0;
	do {
		Dwarf_Addr pc;
		int line;

		if (dwarf_tag(&d) != DW_TAG_subprogram || !die_has_code(&d) ||
		    dwarf_entrypc(&d, &pc) || dwarf_decl_line(&d, &line))
			continue;
		*out = xrealloc(*out, (nr + 1) * sizeof(**out));
		(*out)[nr].addr = pc;
		(*out)[nr++].line = line;
	} while (dwarf_siblingof(&d, &d) == 0);
	qsort(*out, nr, sizeof(**out), entry_cmp);
	return nr;
}

/* The first statement row at addr (the lowest-numbered row of the rows at
 * the greatest address <= addr, going forward to a statement). */
static Dwarf_Line *stmt_row_at(Dwarf_Die *cu, u64 addr)
{
	Dwarf_Lines *lines;
	size_t n, lo = 0, hi;
	Dwarf_Addr a;
	Dwarf_Line *l;
	bool flag;

	if (dwarf_getsrclines(cu, &lines, &n) != 0 || n == 0)
		return NULL;
	hi = n - 1;
	while (lo < hi) {
		size_t mid = hi - (hi - lo) / 2;

		l = dwarf_onesrcline(lines, mid);
		if (!l || dwarf_lineaddr(l, &a))
			return NULL;
		if (addr < a)
			hi = mid - 1;
		else
			lo = mid;
	}
	l = dwarf_onesrcline(lines, lo);
	if (!l || dwarf_lineaddr(l, &a) || a > addr)
		return NULL;
	while (lo > 0) {
		Dwarf_Addr pa;
		Dwarf_Line *p = dwarf_onesrcline(lines, lo - 1);

		if (!p || dwarf_lineaddr(p, &pa) || pa != a)
			break;
		lo--;
	}
	for (; lo < n; lo++) {
		l = dwarf_onesrcline(lines, lo);
		if (!l || dwarf_lineaddr(l, &a) || a > addr)
			return NULL;
		if (dwarf_linebeginstatement(l, &flag) == 0 && flag)
			return l;
	}
	return NULL;
}

/* The line an address maps back to (perf's cu_find_lineinfo). */
static int line_of_addr(Dwarf_Die *cu, const struct entry_line *ents, int nents, u64 addr, const char **file)
{
	int lo = 0, hi = nents - 1, ln = 0;
	Dwarf_Line *l;

	while (lo <= hi) {
		int mid = (lo + hi) / 2;

		if (ents[mid].addr == addr)
			return *file = NULL, ents[mid].line;
		if (ents[mid].addr < addr)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	l = stmt_row_at(cu, addr);
	if (!l || dwarf_lineno(l, &ln))
		return -1;
	*file = dwarf_linesrc(l, NULL, NULL);
	return ln;
}

struct walk {
	Dwarf_Die *cu;
	const char *decl_file;
	bool reversible;
	struct entry_line *ents;
	int nents;
	dwarf_line_cb cb;
	void *ctx;
};

static int walk_emit(struct walk *w, const char *file, int line, u64 addr)
{
	if (w->reversible) {
		const char *f2 = NULL;
		int l2 = line_of_addr(w->cu, w->ents, w->nents, addr, &f2);

		if (l2 != line || (f2 && file && strcmp(f2, file)))
			return 0;
	}
	return w->cb(file, line, addr, w->ctx);
}

/* Declaration lines at entries and call lines of inlined functions under
 * parent (recursive: into inlined functions too). */
static int walk_funclines(struct walk *w, Dwarf_Die *parent, bool recursive, int depth)
{
	Dwarf_Die d;
	int ret = 0;

	if (depth > 64 || dwarf_child(parent, &d) != 0)
		return 0;
	do {
		int tag = dwarf_tag(&d);
		Dwarf_Addr pc;

		if (tag == DW_TAG_inlined_subroutine) {
			const char *f = call_file(&d, w->cu);
			int ln = call_line(&d);

			if (f && ln > 0 && dwarf_entrypc(&d, &pc) == 0)
				ret = walk_emit(w, f, ln, pc);
			if (ret)
				return ret;
			if (!recursive)
				continue;
		} else if (tag != DW_TAG_lexical_block) {
			continue;
		}
		if (dwarf_haschildren(&d)) {
			Dwarf_Die keep = d;

			ret = walk_funclines(w, &keep, recursive, depth + 1);
			if (ret)
				return ret;
		}
	} while (dwarf_siblingof(&d, &d) == 0);
	return 0;
}

int dwarf_walk_lines(Dwarf_Die *cu, const struct dwarf_inst *inst, bool reversible, dwarf_line_cb cb, void *ctx)
{
	Dwarf_Lines *lines;
	size_t n;
	int decl_line = 0, ret = 0;
	struct walk w = { .cu = cu, .reversible = reversible, .cb = cb, .ctx = ctx };
	Dwarf_Die inst_die;

	if (dwarf_getsrclines(cu, &lines, &n) != 0)
		return -1;
	if (inst) {
		inst_die = inst->die;
		w.decl_file = dwarf_decl_file(&inst_die);
		dwarf_decl_line(&inst_die, &decl_line);
	}
	if (reversible)
		w.nents = cu_entries(cu, &w.ents);
	for (size_t i = 0; i < n && !ret; i++) {
		Dwarf_Line *l = dwarf_onesrcline(lines, i);
		Dwarf_Addr a;
		bool flag;
		int ln;
		const char *file;

		if (!l || dwarf_lineaddr(l, &a) || dwarf_lineno(l, &ln))
			continue;
		if (dwarf_lineendsequence(l, &flag) == 0 && flag)
			continue;
		if (dwarf_linebeginstatement(l, &flag) == 0 && !flag)
			continue;
		if (inst) {
			Dwarf_Die scope = inst_die, inl;

			if (dwarf_haspc(&inst_die, a) != 1)
				continue;
			if (inline_at(&scope, a, &inl)) {
				const char *cf = call_file(&inl, cu);
				int il = 0;

				if (!(cf && w.decl_file && !strcmp(cf, w.decl_file) && call_line(&inl) == ln)) {
					dwarf_decl_line(&inl, &il);
					if (il != decl_line || !w.decl_file || !dwarf_decl_file(&inl) ||
					    strcmp(dwarf_decl_file(&inl), w.decl_file))
						continue;
				}
			}
		}
		file = dwarf_linesrc(l, NULL, NULL);
		ret = walk_emit(&w, file, ln, a);
	}
	if (!ret && inst) {
		if (w.decl_file && decl_line > 0)
			ret = walk_emit(&w, w.decl_file, decl_line, inst->entry);
		if (!ret)
			ret = walk_funclines(&w, &inst_die, false, 0);
	} else if (!ret) {
		Dwarf_Die d;

		if (dwarf_child(cu, &d) == 0) {
			do {
				Dwarf_Addr pc;
				const char *f;

				if (dwarf_tag(&d) != DW_TAG_subprogram || !die_has_code(&d))
					continue;
				f = dwarf_decl_file(&d);
				if (f && dwarf_decl_line(&d, &decl_line) == 0 && dwarf_entrypc(&d, &pc) == 0)
					ret = walk_emit(&w, f, decl_line, pc);
				if (!ret) {
					Dwarf_Die keep = d;

					ret = walk_funclines(&w, &keep, true, 0);
				}
			} while (!ret && dwarf_siblingof(&d, &d) == 0);
		}
	}
	free(w.ents);
	return ret;
}

/* ---- scopes and variables --------------------------------------------------------- */

int dwarf_scopes_at(const struct dwarf_inst *inst, u64 addr, Dwarf_Die *scopes, int max)
{
	int nr = 0;
	Dwarf_Die cur = inst->die, d;

	scopes[nr++] = cur;
	while (nr < max && dwarf_child(&cur, &d) == 0) {
		bool descended = false;

		do {
			if (dwarf_tag(&d) == DW_TAG_lexical_block && dwarf_haspc(&d, addr) == 1) {
				scopes[nr++] = d;
				cur = d;
				descended = true;
				break;
			}
		} while (dwarf_siblingof(&d, &d) == 0);
		if (!descended)
			break;
	}
	return nr;
}

static bool child_var(Dwarf_Die *scope, const char *name, Dwarf_Die *var, bool want_location)
{
	Dwarf_Die d;
	bool found = false;

	if (dwarf_child(scope, &d) != 0)
		return false;
	do {
		int tag = dwarf_tag(&d);
		const char *n;

		if (tag != DW_TAG_variable && tag != DW_TAG_formal_parameter)
			continue;
		n = dwarf_diename(&d);
		if (!n || strcmp(n, name))
			continue;
		if (want_location && !dwarf_hasattr(&d, DW_AT_location))
			continue;
		*var = d;
		found = true;
		break;
	} while (dwarf_siblingof(&d, &d) == 0);
	return found;
}

int dwarf_find_var(const struct dwarf_inst *inst, u64 addr, const char *name, Dwarf_Die *var)
{
	Dwarf_Die scopes[32], cu = inst->cu;
	int nr = dwarf_scopes_at(inst, addr, scopes, 32);

	for (int i = nr - 1; i >= 0; i--)
		if (child_var(&scopes[i], name, var, false))
			return 0;
	if (child_var(&cu, name, var, true))
		return 0;
	return -1;
}

static int fail(char *err, size_t errlen, const char *msg)
{
	snprintf(err, errlen, "%s", msg);
	return -1;
}

/* A register-relative base from one DWARF op (DW_OP_bregN, DW_OP_bregx,
 * DW_OP_regN meaning "the register's value"). */
static bool op_base(const Dwarf_Op *op, unsigned *reg, s64 *off)
{
	if (op->atom >= DW_OP_breg0 && op->atom <= DW_OP_breg31) {
		*reg = op->atom - DW_OP_breg0;
		*off = (s64)op->number;
		return true;
	}
	if (op->atom == DW_OP_bregx) {
		*reg = (unsigned)op->number;
		*off = (s64)op->number2;
		return true;
	}
	return false;
}

static int frame_base(const struct dwarf_inst *inst, u64 addr, Dwarf_CFI *cfi, unsigned *reg, s64 *off,
		      char *err, size_t errlen)
{
	Dwarf_Attribute a;
	Dwarf_Op *ops;
	size_t nops;
	Dwarf_Die func = inst->func;

	if (!dwarf_attr(&func, DW_AT_frame_base, &a) || dwarf_getlocation_addr(&a, addr, &ops, &nops, 1) <= 0 ||
	    nops == 0)
		return fail(err, errlen, "its function has no frame base at that address");
	if (ops[0].atom == DW_OP_call_frame_cfa) {
		Dwarf_Frame *frame = NULL;
		Dwarf_Op *cops;
		size_t cn;
		int ok;

		if (!cfi || dwarf_cfi_addrframe(cfi, addr, &frame) != 0)
			return fail(err, errlen, "no call frame information (CFI) for that address");
		ok = dwarf_frame_cfa(frame, &cops, &cn) == 0 && cn == 1 && op_base(&cops[0], reg, off);
		free(frame);
		if (!ok)
			return fail(err, errlen, "the frame address there is not register + offset");
		return 0;
	}
	if (op_base(&ops[0], reg, off) && nops == 1)
		return 0;
	if (ops[0].atom >= DW_OP_reg0 && ops[0].atom <= DW_OP_reg31 && nops == 1) {
		*reg = ops[0].atom - DW_OP_reg0;
		*off = 0;
		return 0;
	}
	return fail(err, errlen, "its frame base is an expression scry does not evaluate");
}

int dwarf_var_location(const struct dwarf_inst *inst, Dwarf_Die *var, u64 addr, Dwarf_CFI *cfi,
		       struct dwarf_loc *loc, char *err, size_t errlen)
{
	Dwarf_Attribute a;
	Dwarf_Op *ops;
	size_t nops;
	int n;

	memset(loc, 0, sizeof(*loc));
	if (!dwarf_attr(var, DW_AT_location, &a)) {
		if (dwarf_hasattr(var, DW_AT_const_value))
			return fail(err, errlen, "is a constant folded away by the compiler");
		return fail(err, errlen, "is optimized out");
	}
	n = dwarf_getlocation_addr(&a, addr, &ops, &nops, 1);
	if (n <= 0 || nops == 0)
		return fail(err, errlen, "is optimized out");
	for (size_t i = 1; i < nops; i++) {
		if (ops[i].atom == DW_OP_stack_value)
			return fail(err, errlen, "is a computed value (DW_OP_stack_value), not in a register or memory");
		if (ops[i].atom == DW_OP_piece || ops[i].atom == DW_OP_bit_piece)
			return fail(err, errlen, "is split in pieces (DW_OP_piece), which scry does not fetch");
	}
	if (nops > 1)
		return fail(err, errlen, "has a location expression scry does not evaluate");
	if (ops[0].atom >= DW_OP_reg0 && ops[0].atom <= DW_OP_reg31) {
		loc->kind = DWARF_LOC_REG;
		loc->reg = ops[0].atom - DW_OP_reg0;
		return 0;
	}
	if (ops[0].atom == DW_OP_regx) {
		loc->kind = DWARF_LOC_REG;
		loc->reg = (unsigned)ops[0].number;
		return 0;
	}
	if (op_base(&ops[0], &loc->reg, &loc->off)) {
		loc->kind = DWARF_LOC_MEM;
		return 0;
	}
	if (ops[0].atom == DW_OP_fbreg) {
		if (frame_base(inst, addr, cfi, &loc->reg, &loc->off, err, errlen))
			return -1;
		loc->kind = DWARF_LOC_MEM;
		loc->off += (s64)ops[0].number;
		return 0;
	}
	if (ops[0].atom == DW_OP_addr) {
		loc->kind = DWARF_LOC_ADDR;
		loc->addr = ops[0].number;
		return 0;
	}
	if (ops[0].atom == DW_OP_entry_value || ops[0].atom == DW_OP_GNU_entry_value)
		return fail(err, errlen, "is optimized out (only its value at the function's entry is known)");
	if (ops[0].atom == DW_OP_implicit_value || ops[0].atom == DW_OP_lit0 ||
	    (ops[0].atom > DW_OP_lit0 && ops[0].atom <= DW_OP_lit31) || ops[0].atom == DW_OP_implicit_pointer ||
	    ops[0].atom == DW_OP_GNU_implicit_pointer)
		return fail(err, errlen, "has no storage there (an implicit value)");
	return fail(err, errlen, "has a location expression scry does not evaluate");
}

/* ---- types -------------------------------------------------------------------------- */

int dwarf_type_of(Dwarf_Die *die, Dwarf_Die *type)
{
	Dwarf_Attribute a;

	if (!dwarf_attr_integrate(die, DW_AT_type, &a) || !dwarf_formref_die(&a, type))
		return -1;
	return 0;
}

int dwarf_real_type(Dwarf_Die *die, Dwarf_Die *type)
{
	Dwarf_Die t;

	if (dwarf_type_of(die, &t))
		return -1;
	return dwarf_peel_type(&t, type) == 0 ? 0 : -1;
}

long dwarf_type_size(Dwarf_Die *type)
{
	Dwarf_Word sz;

	if (dwarf_aggregate_size(type, &sz) != 0)
		return -1;
	return (long)sz;
}

void dwarf_type_name(Dwarf_Die *type, char *buf, size_t len)
{
	Dwarf_Die t = *type, inner;
	int tag = dwarf_tag(&t);
	const char *name;

	switch (tag) {
	case DW_TAG_pointer_type:
	case DW_TAG_array_type:
		if (dwarf_type_of(&t, &inner))
			snprintf(buf, len, "void*");
		else {
			dwarf_type_name(&inner, buf, len);
			if (strlen(buf) + 1 < len)
				strcat(buf, "*");
		}
		return;
	case DW_TAG_const_type:
	case DW_TAG_volatile_type:
	case DW_TAG_restrict_type:
	case DW_TAG_atomic_type:
		if (dwarf_type_of(&t, &inner))
			snprintf(buf, len, "void");
		else
			dwarf_type_name(&inner, buf, len);
		return;
	case DW_TAG_subroutine_type:
		snprintf(buf, len, "(function_type)");
		return;
	}
	name = dwarf_diename(&t);
	snprintf(buf, len, "%s%s", tag == DW_TAG_structure_type ? "struct " : tag == DW_TAG_union_type ? "union "
				   : tag == DW_TAG_enumeration_type ? "enum " : "",
		 name ? name : "");
}

int dwarf_find_member(Dwarf_Die *type, const char *name, Dwarf_Die *member, s64 *offset)
{
	Dwarf_Die d;

	if (dwarf_child(type, &d) != 0)
		return -1;
	do {
		Dwarf_Attribute a;
		Dwarf_Word off = 0;
		const char *n;

		if (dwarf_tag(&d) != DW_TAG_member)
			continue;
		if (dwarf_attr(&d, DW_AT_data_member_location, &a))
			dwarf_formudata(&a, &off);
		n = dwarf_diename(&d);
		if (n && !strcmp(n, name)) {
			*member = d;
			*offset = (s64)off;
			return 0;
		}
		if (!n) {       /* an anonymous struct/union: its members are ours */
			Dwarf_Die t;
			s64 inner;

			if (dwarf_real_type(&d, &t) == 0 && dwarf_find_member(&t, name, member, &inner) == 0) {
				*offset = (s64)off + inner;
				return 0;
			}
		}
	} while (dwarf_siblingof(&d, &d) == 0);
	return -1;
}

/* ---- source files ---------------------------------------------------------------------- */

char *dwarf_source_path(Dwarf_Die *cu, const char *file)
{
	Dwarf_Attribute a;
	const char *dir;

	if (!file)
		return NULL;
	if (file[0] == '/')
		return xstrdup(file);
	dir = dwarf_formstring(dwarf_attr(cu, DW_AT_comp_dir, &a));
	if (!dir)
		return xstrdup(file);
	return xasprintf("%s/%s", dir, file);
}

int dwarf_source_read(const char *path, struct dwarf_source *src)
{
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;

	src->lines = NULL;
	src->nr = 0;
	if (!f)
		return -1;
	while (getline(&line, &cap, f) >= 0) {
		src->lines = xrealloc(src->lines, (src->nr + 1) * sizeof(char *));
		src->lines[src->nr++] = xstrdup(line);
	}
	free(line);
	fclose(f);
	return 0;
}

void dwarf_source_free(struct dwarf_source *src)
{
	for (int i = 0; i < src->nr; i++)
		free(src->lines[i]);
	free(src->lines);
	src->lines = NULL;
	src->nr = 0;
}
