/* C types from DWARF (libdw, through util/probe's index) and BTF (libbpf),
 * converted lazily into one table (see ctypes.h). */
#include "util/lang/ctypes.h"

#include <bpf/btf.h>
#include <dwarf.h>
#include <elfutils/libdw.h>
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/lang/cdecl.h"
#include "util/probe/dwarf.h"
#include "util/strutil.h"
#include "util/symbols/fetch.h"
#include "util/symbols/symbol-elf.h"
#include "util/xalloc.h"

/* Where types come from: one binary's DWARF, or the kernel's BTF. */
struct source {
	char *path;             /* NULL: the kernel's BTF */
	int fd, dbg_fd;
	Elf *elf, *dbg_elf;
	struct dwarf_index *ix;
	Dwarf *dwarf;
	struct btf *btf;
	const struct lang_cdefs *defs;  /* the program's own definitions (cdecl.h): not owned */
	bool defs_user;                 /* ... describing user memory (else the kernel's) */
	char *defs_binary;              /* ... whose undefined structs come from this binary's DWARF
	                                 * (NULL: from the kernel's BTF when !defs_user) */
};

struct entry {
	struct lang_ctype pub;
	int src;
	u64 handle;             /* DWARF: the DIE's offset; BTF: the type id */
	bool synthetic;         /* a pointer lang_ctype_pointer_to made: target is set */
	int target;             /* PTR/ARRAY: -2 not looked up yet, -1 none */
};

struct lang_ctypes {
	struct source *src;
	int nsrc;
	struct entry *v;
	int n, cap;
	char **strs;            /* parameter names handed out */
	int nstrs;
};

struct lang_ctypes *lang_ctypes_new(void)
{
	return xcalloc(1, sizeof(struct lang_ctypes));
}

void lang_ctypes_free(struct lang_ctypes *t)
{
	if (!t)
		return;
	for (int i = 0; i < t->nsrc; i++) {
		struct source *s = &t->src[i];

		dwarf_index_free(s->ix);
		if (s->elf)
			elf_end(s->elf);
		if (s->dbg_elf)
			elf_end(s->dbg_elf);
		if (s->fd >= 0)
			close(s->fd);
		if (s->dbg_fd >= 0)
			close(s->dbg_fd);
		btf__free(s->btf);
		free(s->path);
		free(s->defs_binary);
	}
	for (int i = 0; i < t->n; i++)
		free(t->v[i].pub.name);
	for (int i = 0; i < t->nstrs; i++)
		free(t->strs[i]);
	free(t->strs);
	free(t->src);
	free(t->v);
	free(t);
}

const struct lang_ctype *lang_ctype_get(const struct lang_ctypes *t, int id)
{
	return id >= 0 && id < t->n ? &t->v[id].pub : NULL;
}

static int add_entry(struct lang_ctypes *t, int src, u64 handle, const struct lang_ctype *pub)
{
	if (t->n == t->cap) {
		t->cap = t->cap ? 2 * t->cap : 32;
		t->v = xrealloc(t->v, (size_t)t->cap * sizeof(*t->v));
	}
	t->v[t->n] = (struct entry){ .pub = *pub, .src = src, .handle = handle, .target = -2 };
	return t->n++;
}

static int find_entry(const struct lang_ctypes *t, int src, u64 handle)
{
	for (int i = 0; i < t->n; i++)
		if (!t->v[i].synthetic && t->v[i].src == src && t->v[i].handle == handle)
			return i;
	return -1;
}

/* ---- sources ------------------------------------------------------------------------ */

/* The source for binary (NULL: the kernel's BTF), opened once. */
static int get_source(struct lang_ctypes *t, const char *binary, char *err, size_t errlen)
{
	struct source s = { .fd = -1, .dbg_fd = -1 };
	Elf *dwelf = NULL;

	for (int i = 0; i < t->nsrc; i++)
		if (t->src[i].defs)
			continue;
		else if (binary ? t->src[i].path && !strcmp(t->src[i].path, binary) : !t->src[i].path)
			return i;
	if (!binary) {
		s.btf = btf__load_vmlinux_btf();
		if (!s.btf) {
			errf(err, errlen, "the kernel's types: cannot read its BTF (/sys/kernel/btf/vmlinux): %s",
			     strerror(errno));
			return -1;
		}
	} else {
		elf_version(EV_CURRENT);
		if (elf_open_fd(binary, &s.fd, &s.elf)) {
			errf(err, errlen, "%s: cannot read it as an ELF file", binary);
			return -1;
		}
		if (elf_section_has_data(s.elf, ".debug_info")) {
			dwelf = s.elf;
		} else {
			u8 id[20];
			int n = elf_build_id(binary, id);
			char *dbg = fetch_debug_file("", binary, id, n > 0 ? (u8)n : 0);

			if (dbg && elf_open_fd(dbg, &s.dbg_fd, &s.dbg_elf) == 0 && elf_section_has_data(s.dbg_elf, ".debug_info"))
				dwelf = s.dbg_elf;
			free(dbg);
		}
		if (dwelf)
			s.ix = dwarf_index_new(dwelf);
		if (!s.ix) {
			errf(err, errlen, "%s has no DWARF (build it with -g, or install its debug package): "
			     "its types are unknown", binary);
			if (s.elf)
				elf_end(s.elf);
			if (s.dbg_elf)
				elf_end(s.dbg_elf);
			if (s.fd >= 0)
				close(s.fd);
			if (s.dbg_fd >= 0)
				close(s.dbg_fd);
			return -1;
		}
		s.dwarf = dwarf_index_dwarf(s.ix);
		s.path = xstrdup(binary);
	}
	t->src = xrealloc(t->src, (size_t)(t->nsrc + 1) * sizeof(*t->src));
	t->src[t->nsrc] = s;
	return t->nsrc++;
}

/* ---- DWARF -------------------------------------------------------------------------- */

static bool peel_dwarf(Dwarf_Die *die)
{
	for (int depth = 0; depth < 32; depth++) {
		Dwarf_Attribute a;

		switch (dwarf_tag(die)) {
		case DW_TAG_typedef:
		case DW_TAG_const_type:
		case DW_TAG_volatile_type:
		case DW_TAG_restrict_type:
		case DW_TAG_atomic_type:
			if (!dwarf_attr_integrate(die, DW_AT_type, &a) || !dwarf_formref_die(&a, die))
				return false;   /* const void */
			break;
		default:
			return true;
		}
	}
	return false;
}

static u32 dwarf_array_count(Dwarf_Die *die)
{
	Dwarf_Die child;
	Dwarf_Word w;
	Dwarf_Attribute a;

	if (dwarf_child(die, &child))
		return 0;
	do {
		if (dwarf_tag(&child) != DW_TAG_subrange_type)
			continue;
		if (dwarf_attr(&child, DW_AT_count, &a) && !dwarf_formudata(&a, &w))
			return (u32)w;
		if (dwarf_attr(&child, DW_AT_upper_bound, &a) && !dwarf_formudata(&a, &w))
			return (u32)w + 1;
		return 0;
	} while (!dwarf_siblingof(&child, &child));
	return 0;
}

/* The table's id of a DWARF type DIE (typedefs and qualifiers peeled). */
static int intern_dwarf(struct lang_ctypes *t, int src, Dwarf_Die *in)
{
	Dwarf_Die die = *in;
	struct lang_ctype c = { .kind = LCT_OTHER };
	Dwarf_Attribute a;
	Dwarf_Word enc;
	char name[256];
	long size;
	int id;

	if (!peel_dwarf(&die))
		return -1;
	id = find_entry(t, src, dwarf_dieoffset(&die));
	if (id >= 0)
		return id;
	size = dwarf_type_size(&die);
	c.size = size > 0 ? (u64)size : 0;
	switch (dwarf_tag(&die)) {
	case DW_TAG_base_type:
		if (dwarf_attr(&die, DW_AT_encoding, &a) && !dwarf_formudata(&a, &enc) && enc == DW_ATE_float)
			break;
		c.kind = LCT_INT;
		c.is_signed = dwarf_attr(&die, DW_AT_encoding, &a) && !dwarf_formudata(&a, &enc) &&
			      (enc == DW_ATE_signed || enc == DW_ATE_signed_char);
		break;
	case DW_TAG_enumeration_type:
		c.kind = LCT_INT;
		break;
	case DW_TAG_pointer_type:
	case DW_TAG_reference_type:
		c.kind = LCT_PTR;
		c.size = 8;
		break;
	case DW_TAG_array_type:
		c.kind = LCT_ARRAY;
		c.count = dwarf_array_count(&die);
		break;
	case DW_TAG_structure_type:
	case DW_TAG_class_type:
		c.kind = LCT_STRUCT;
		break;
	case DW_TAG_union_type:
		c.kind = LCT_UNION;
		break;
	default:
		break;
	}
	dwarf_type_name(&die, name, sizeof(name));
	c.name = xstrdup(name);
	return add_entry(t, src, dwarf_dieoffset(&die), &c);
}

static bool entry_die(struct lang_ctypes *t, const struct entry *e, Dwarf_Die *die)
{
	return dwarf_offdie(t->src[e->src].dwarf, e->handle, die) != NULL;
}

/* ---- BTF ---------------------------------------------------------------------------- */

static void btf_type_name(const struct btf *b, u32 id, char *buf, size_t len, int depth)
{
	const struct btf_type *bt = btf__type_by_id(b, id);
	const char *n;
	char inner[256];

	if (!bt || depth > 8) {
		snprintf(buf, len, "?");
		return;
	}
	n = btf__name_by_offset(b, bt->name_off);
	switch (btf_kind(bt)) {
	case BTF_KIND_STRUCT: snprintf(buf, len, "struct %s", n && *n ? n : "(anonymous)"); break;
	case BTF_KIND_UNION: snprintf(buf, len, "union %s", n && *n ? n : "(anonymous)"); break;
	case BTF_KIND_ENUM: snprintf(buf, len, "enum %s", n && *n ? n : "(anonymous)"); break;
	case BTF_KIND_PTR:
		if (!bt->type)
			snprintf(buf, len, "void *");
		else {
			btf_type_name(b, bt->type, inner, sizeof(inner), depth + 1);
			snprintf(buf, len, "%s *", inner);
		}
		break;
	case BTF_KIND_ARRAY:
		btf_type_name(b, btf_array(bt)->type, inner, sizeof(inner), depth + 1);
		snprintf(buf, len, "%s[%u]", inner, btf_array(bt)->nelems);
		break;
	case BTF_KIND_TYPEDEF:
	case BTF_KIND_INT:
		snprintf(buf, len, "%s", n ? n : "?");
		break;
	case BTF_KIND_CONST:
	case BTF_KIND_VOLATILE:
	case BTF_KIND_RESTRICT:
	case BTF_KIND_TYPE_TAG:
		btf_type_name(b, bt->type, buf, len, depth + 1);
		break;
	default:
		snprintf(buf, len, "%s", n && *n ? n : "?");
	}
}

static int peel_btf(const struct btf *b, u32 id)
{
	for (int depth = 0; depth < 32; depth++) {
		const struct btf_type *bt = btf__type_by_id(b, id);

		if (!bt)
			return -1;
		switch (btf_kind(bt)) {
		case BTF_KIND_TYPEDEF:
		case BTF_KIND_CONST:
		case BTF_KIND_VOLATILE:
		case BTF_KIND_RESTRICT:
		case BTF_KIND_TYPE_TAG:
			id = bt->type;
			break;
		default:
			return (int)id;
		}
	}
	return -1;
}

static int intern_btf(struct lang_ctypes *t, int src, u32 in)
{
	const struct btf *b = t->src[src].btf;
	struct lang_ctype c = { .kind = LCT_OTHER, .kernel = true };
	const struct btf_type *bt;
	char name[256];
	int id = peel_btf(b, in), e;
	s64 size;

	if (id <= 0)
		return -1;      /* 0 is void */
	e = find_entry(t, src, (u64)id);
	if (e >= 0)
		return e;
	bt = btf__type_by_id(b, (u32)id);
	size = btf__resolve_size(b, (u32)id);
	c.size = size > 0 ? (u64)size : 0;
	switch (btf_kind(bt)) {
	case BTF_KIND_INT:
		c.kind = LCT_INT;
		c.is_signed = (btf_int_encoding(bt) & BTF_INT_SIGNED) != 0;
		break;
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
		c.kind = LCT_INT;
		break;
	case BTF_KIND_PTR:
		c.kind = LCT_PTR;
		c.size = 8;
		break;
	case BTF_KIND_ARRAY:
		c.kind = LCT_ARRAY;
		c.count = btf_array(bt)->nelems;
		break;
	case BTF_KIND_STRUCT:
		c.kind = LCT_STRUCT;
		break;
	case BTF_KIND_UNION:
		c.kind = LCT_UNION;
		break;
	default:
		break;
	}
	btf_type_name(b, (u32)id, name, sizeof(name), 0);
	c.name = xstrdup(name);
	return add_entry(t, src, (u64)id, &c);
}

/* A member by name in a BTF struct/union, anonymous ones searched. */
static int btf_member_find(const struct btf *b, u32 id, const char *name, u64 *off, u32 *type, bool *bitfield,
			   int depth)
{
	const struct btf_type *bt = btf__type_by_id(b, id);
	const struct btf_member *m;

	if (!bt || depth > 8 || (!btf_is_struct(bt) && !btf_is_union(bt)))
		return -1;
	m = btf_members(bt);
	for (u16 i = 0; i < btf_vlen(bt); i++) {
		const char *mn = btf__name_by_offset(b, m[i].name_off);
		u64 bits = btf_member_bit_offset(bt, i);

		if (mn && *mn) {
			if (strcmp(mn, name))
				continue;
			*off = bits / 8;
			*type = m[i].type;
			*bitfield = btf_member_bitfield_size(bt, i) != 0 || bits % 8;
			return 0;
		}
		{
			int inner = peel_btf(b, m[i].type);
			u64 o;

			if (inner > 0 && !btf_member_find(b, (u32)inner, name, &o, type, bitfield, depth + 1)) {
				*off = bits / 8 + o;
				return 0;
			}
		}
	}
	return -1;
}


/* ---- the program's own definitions ---------------------------------------------------- */

static int intern_def(struct lang_ctypes *t, int src, int idx)
{
	const struct source *s = &t->src[src];
	const struct lang_cdef_type *d;
	struct lang_ctype c;
	int e;

	if (idx < 0 || idx >= s->defs->ntypes)
		return -1;
	e = find_entry(t, src, (u64)idx);
	if (e >= 0)
		return e;
	d = &s->defs->types[idx];
	if (d->tag && !d->complete && (s->defs_binary || !s->defs_user)) {
		/* "struct Bar *next" with no struct Bar in the program: the
		 * probed binary's (or the kernel's) struct Bar, if it has one */
		char err[300], *name = xstrdup(d->name), *binary = s->defs_binary ? xstrdup(s->defs_binary) : NULL;
		int ext = lang_ctypes_lookup(t, binary, name, err, sizeof(err));

		free(name);
		free(binary);
		if (ext >= 0)
			return ext;
		s = &t->src[src];       /* the lookup may have added a source */
		d = &s->defs->types[idx];
	}
	c = (struct lang_ctype){ .kind = d->kind, .size = d->complete ? d->size : 0, .is_signed = d->is_signed,
				 .kernel = !s->defs_user, .count = d->count, .name = xstrdup(d->name) };
	return add_entry(t, src, (u64)idx, &c);
}

/* A member by name, anonymous structs and unions searched. */
static int def_member_find(const struct lang_cdefs *d, int idx, const char *name, u64 *off,
			   const struct lang_cdef_member **out, int depth)
{
	const struct lang_cdef_type *s = &d->types[idx];

	if (depth > 32)
		return -1;
	for (int i = 0; i < s->nmembers; i++) {
		const struct lang_cdef_member *m = &s->members[i];
		u64 o;

		if (m->name) {
			if (strcmp(m->name, name))
				continue;
			*off = m->offset;
			*out = m;
			return 0;
		}
		if (!def_member_find(d, m->type, name, &o, out, depth + 1)) {
			*off = m->offset + o;
			return 0;
		}
	}
	return -1;
}

static void append(char *buf, size_t len, const char *s);

static void def_names(const struct lang_cdefs *d, int idx, char *buf, size_t len, int depth)
{
	const struct lang_cdef_type *s = &d->types[idx];

	if (depth > 32)
		return;
	for (int i = 0; i < s->nmembers; i++) {
		if (s->members[i].name)
			append(buf, len, s->members[i].name);
		else
			def_names(d, s->members[i].type, buf, len, depth + 1);
	}
}

int lang_ctypes_program_type(struct lang_ctypes *t, const struct lang_cdefs *defs, const char *name, bool user,
			     const char *binary)
{
	int idx = lang_cdefs_find(defs, name), src;

	if (idx < 0)
		return -1;
	for (src = 0; src < t->nsrc; src++)
		if (t->src[src].defs == defs && t->src[src].defs_user == user &&
		    (binary ? t->src[src].defs_binary && !strcmp(t->src[src].defs_binary, binary)
			    : !t->src[src].defs_binary))
			break;
	if (src == t->nsrc) {
		t->src = xrealloc(t->src, (size_t)(t->nsrc + 1) * sizeof(*t->src));
		t->src[t->nsrc] = (struct source){ .fd = -1, .dbg_fd = -1, .defs = defs, .defs_user = user,
						   .defs_binary = binary ? xstrdup(binary) : NULL };
		t->nsrc++;
	}
	return intern_def(t, src, idx);
}

/* ---- the questions -------------------------------------------------------------------- */

int lang_ctype_target(struct lang_ctypes *t, int id)
{
	struct entry *e;

	if (id < 0 || id >= t->n)
		return -1;
	e = &t->v[id];
	if (e->target != -2 || (e->pub.kind != LCT_PTR && e->pub.kind != LCT_ARRAY))
		return e->target < 0 ? -1 : e->target;
	e->target = -1;
	if (t->src[e->src].defs) {
		int to = t->src[e->src].defs->types[e->handle].target;
		int r = to >= 0 ? intern_def(t, e->src, to) : -1;

		t->v[id].target = r;
		return r;
	} else if (t->src[e->src].btf) {
		const struct btf_type *bt = btf__type_by_id(t->src[e->src].btf, (u32)e->handle);
		u32 to = btf_is_ptr(bt) ? bt->type : btf_array(bt)->type;
		int r = to ? intern_btf(t, e->src, to) : -1;

		t->v[id].target = r;    /* t->v may have moved */
		return r;
	} else {
		Dwarf_Die die, to;
		Dwarf_Attribute a;
		int r = -1;

		if (entry_die(t, e, &die) && dwarf_attr_integrate(&die, DW_AT_type, &a) && dwarf_formref_die(&a, &to))
			r = intern_dwarf(t, e->src, &to);
		t->v[id].target = r;
		return r;
	}
}

int lang_ctype_member(struct lang_ctypes *t, int id, const char *name, u64 *offset, int *type)
{
	struct entry *e;

	if (id < 0 || id >= t->n)
		return -1;
	e = &t->v[id];
	if (e->pub.kind != LCT_STRUCT && e->pub.kind != LCT_UNION)
		return -1;
	if (t->src[e->src].defs) {
		const struct lang_cdef_member *m;
		int src = e->src;

		if (def_member_find(t->src[src].defs, (int)e->handle, name, offset, &m, 0))
			return -1;
		*type = intern_def(t, src, m->type);
		return m->bits ? 1 : 0;
	} else if (t->src[e->src].btf) {
		u32 mt;
		bool bitfield;
		int src = e->src;

		if (btf_member_find(t->src[src].btf, (u32)e->handle, name, offset, &mt, &bitfield, 0))
			return -1;
		*type = intern_btf(t, src, mt);
		return bitfield ? 1 : 0;
	} else {
		Dwarf_Die die, member, mt;
		Dwarf_Attribute a;
		s64 off;
		int src = e->src;

		if (!entry_die(t, e, &die) || dwarf_find_member(&die, name, &member, &off))
			return -1;
		*offset = (u64)off;
		*type = dwarf_type_of(&member, &mt) == 0 ? intern_dwarf(t, src, &mt) : -1;
		return dwarf_attr(&member, DW_AT_bit_size, &a) ? 1 : 0;
	}
}

static void append(char *buf, size_t len, const char *s)
{
	size_t n = strlen(buf);

	if (n + 1 < len)
		snprintf(buf + n, len - n, "%s%s", n ? ", " : "", s);
}

static void dwarf_names(Dwarf_Die *die, char *buf, size_t len, int depth)
{
	Dwarf_Die child;

	if (depth > 8 || dwarf_child(die, &child))
		return;
	do {
		const char *n;
		Dwarf_Die mt;

		if (dwarf_tag(&child) != DW_TAG_member)
			continue;
		n = dwarf_diename(&child);
		if (n)
			append(buf, len, n);
		else if (!dwarf_type_of(&child, &mt) && peel_dwarf(&mt))
			dwarf_names(&mt, buf, len, depth + 1);
	} while (!dwarf_siblingof(&child, &child));
}

static void btf_names(const struct btf *b, u32 id, char *buf, size_t len, int depth)
{
	const struct btf_type *bt = btf__type_by_id(b, id);
	const struct btf_member *m;

	if (!bt || depth > 8 || (!btf_is_struct(bt) && !btf_is_union(bt)))
		return;
	m = btf_members(bt);
	for (u16 i = 0; i < btf_vlen(bt); i++) {
		const char *mn = btf__name_by_offset(b, m[i].name_off);
		int inner;

		if (mn && *mn)
			append(buf, len, mn);
		else if ((inner = peel_btf(b, m[i].type)) > 0)
			btf_names(b, (u32)inner, buf, len, depth + 1);
	}
}

void lang_ctype_member_names(struct lang_ctypes *t, int id, char *buf, size_t len)
{
	struct entry *e;

	if (len)
		buf[0] = '\0';
	if (id < 0 || id >= t->n)
		return;
	e = &t->v[id];
	if (t->src[e->src].defs) {
		def_names(t->src[e->src].defs, (int)e->handle, buf, len, 0);
	} else if (t->src[e->src].btf) {
		btf_names(t->src[e->src].btf, (u32)e->handle, buf, len, 0);
	} else {
		Dwarf_Die die;

		if (entry_die(t, e, &die))
			dwarf_names(&die, buf, len, 0);
	}
}

int lang_ctype_pointer_to(struct lang_ctypes *t, int id)
{
	struct lang_ctype c = { .kind = LCT_PTR, .size = 8 };
	char name[300];
	int n;

	for (int i = 0; i < t->n; i++)
		if (t->v[i].synthetic && t->v[i].target == id)
			return i;
	snprintf(name, sizeof(name), "%s *", id >= 0 ? t->v[id].pub.name : "void");
	c.name = xstrdup(name);
	c.kernel = id >= 0 && t->v[id].pub.kernel;
	n = add_entry(t, id >= 0 ? t->v[id].src : 0, 0, &c);
	t->v[n].synthetic = true;
	t->v[n].target = id;
	return n;
}

/* ---- functions and named types ----------------------------------------------------------- */

static const char *keep_str(struct lang_ctypes *t, const char *s)
{
	t->strs = xrealloc(t->strs, (size_t)(t->nstrs + 1) * sizeof(*t->strs));
	t->strs[t->nstrs] = xstrdup(s);
	return t->strs[t->nstrs++];
}

static int type_attr(struct lang_ctypes *t, int src, Dwarf_Die *die)
{
	Dwarf_Attribute a;
	Dwarf_Die ty;

	if (!dwarf_attr_integrate(die, DW_AT_type, &a) || !dwarf_formref_die(&a, &ty))
		return -1;
	return intern_dwarf(t, src, &ty);
}

int lang_ctypes_dwarf_func(struct lang_ctypes *t, const char *binary, const char *func, struct lang_cfunc *out,
			   char *err, size_t errlen)
{
	int src = get_source(t, binary, err, errlen), nr = 0;
	Dwarf_Die *dies = NULL, child;

	memset(out, 0, sizeof(*out));
	out->ret = -1;
	if (src < 0)
		return -1;
	if (dwarf_find_funcs(t->src[src].ix, func, &dies, &nr) || !nr) {
		free(dies);
		return errf(err, errlen, "%s: its DWARF has no function %s (an alias of another? probe that name)",
			    binary, func);
	}
	out->ret = type_attr(t, src, &dies[0]);
	if (!dwarf_child(&dies[0], &child)) {
		do {
			const char *n;

			if (dwarf_tag(&child) != DW_TAG_formal_parameter)
				continue;
			if (out->nparams == LANG_CFUNC_MAX_PARAMS)
				break;
			n = dwarf_diename(&child);
			out->params[out->nparams].name = keep_str(t, n ? n : "");
			out->params[out->nparams].type = type_attr(t, src, &child);
			out->nparams++;
		} while (!dwarf_siblingof(&child, &child));
	}
	free(dies);
	return 0;
}

/* A named type anywhere in the DWARF: each CU's top level. */
static int dwarf_named_type(struct lang_ctypes *t, int src, int tag, const char *name)
{
	Dwarf *dw = t->src[src].dwarf;
	Dwarf_Off off = 0, next;
	size_t hsize;

	while (dwarf_nextcu(dw, off, &next, &hsize, NULL, NULL, NULL) == 0) {
		Dwarf_Die cu, child;

		if (dwarf_offdie(dw, off + hsize, &cu) && !dwarf_child(&cu, &child)) {
			do {
				const char *n;
				int ctag = dwarf_tag(&child);

				if ((tag ? ctag != tag : ctag != DW_TAG_typedef && ctag != DW_TAG_structure_type &&
				     ctag != DW_TAG_union_type && ctag != DW_TAG_base_type) ||
				    dwarf_hasattr(&child, DW_AT_declaration))
					continue;
				n = dwarf_diename(&child);
				if (n && !strcmp(n, name))
					return intern_dwarf(t, src, &child);
			} while (!dwarf_siblingof(&child, &child));
		}
		off = next;
	}
	return -1;
}

int lang_ctypes_btf_enum_value(struct lang_ctypes *t, const char *name, s64 *value)
{
	char err[256];
	int src = get_source(t, NULL, err, sizeof(err));
	const struct btf *btf = src >= 0 ? t->src[src].btf : NULL;
	u32 n = btf ? btf__type_cnt(btf) : 0;

	for (u32 id = 1; id < n; id++) {
		const struct btf_type *bt = btf__type_by_id(btf, id);

		if (btf_is_enum(bt)) {
			const struct btf_enum *m = btf_enum(bt);

			for (u16 k = 0; k < btf_vlen(bt); k++)
				if (!strcmp(btf__name_by_offset(btf, m[k].name_off), name)) {
					*value = btf_kflag(bt) ? (s64)m[k].val : (s64)(u32)m[k].val;
					return 1;
				}
		} else if (btf_is_enum64(bt)) {
			const struct btf_enum64 *m = btf_enum64(bt);

			for (u16 k = 0; k < btf_vlen(bt); k++)
				if (!strcmp(btf__name_by_offset(btf, m[k].name_off), name)) {
					*value = (s64)btf_enum64_value(&m[k]);
					return 1;
				}
		}
	}
	return 0;
}

/* bpftrace's integer type names, usable as pointee types ("(int32 *)x")
 * whatever the binary's DWARF or the kernel's BTF calls its integers. */
static const struct {
	const char *name;
	u8 size;
	bool is_signed;
} lang_int_names[] = {
	{ "int8", 1, true }, { "int16", 2, true }, { "int32", 4, true }, { "int64", 8, true },
	{ "uint8", 1, false }, { "uint16", 2, false }, { "uint32", 4, false }, { "uint64", 8, false },
	{ "s8", 1, true }, { "s16", 2, true }, { "s32", 4, true }, { "s64", 8, true },
	{ "u8", 1, false }, { "u16", 2, false }, { "u32", 4, false }, { "u64", 8, false },
};
#define TARGET_LANG_INT (-3)    /* an entry of lang_int_names (synthetic, no target) */

static int lang_int_type(struct lang_ctypes *t, int src, bool kernel, const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(lang_int_names); i++) {
		struct lang_ctype c = { .kind = LCT_INT, .size = lang_int_names[i].size,
					.is_signed = lang_int_names[i].is_signed, .kernel = kernel };
		int n;

		if (strcmp(name, lang_int_names[i].name))
			continue;
		for (int k = 0; k < t->n; k++)
			if (t->v[k].synthetic && t->v[k].target == TARGET_LANG_INT && t->v[k].src == src &&
			    !strcmp(t->v[k].pub.name, name))
				return k;
		c.name = xstrdup(name);
		n = add_entry(t, src, 0, &c);
		t->v[n].synthetic = true;
		t->v[n].target = TARGET_LANG_INT;
		return n;
	}
	return -1;
}

int lang_ctypes_lookup(struct lang_ctypes *t, const char *binary, const char *name, char *err, size_t errlen)
{
	static const struct { const char *prefix; int dwarf_tag; int btf_kind; } kinds[] = {
		{ "struct ", DW_TAG_structure_type, BTF_KIND_STRUCT },
		{ "union ", DW_TAG_union_type, BTF_KIND_UNION },
		{ "enum ", DW_TAG_enumeration_type, BTF_KIND_ENUM },
	};
	int src = get_source(t, binary, err, errlen), dtag = 0, bkind = BTF_KIND_TYPEDEF, id;
	const char *bare = name;

	if (src < 0)
		return -1;
	if ((id = lang_int_type(t, src, !binary, name)) >= 0)
		return id;
	for (size_t i = 0; i < ARRAY_SIZE(kinds); i++)
		if (!strncmp(name, kinds[i].prefix, strlen(kinds[i].prefix))) {
			bare = name + strlen(kinds[i].prefix);
			dtag = kinds[i].dwarf_tag;
			bkind = kinds[i].btf_kind;
		}
	if (t->src[src].btf) {
		s32 bid = btf__find_by_name_kind(t->src[src].btf, bare, bkind);

		if (bid < 0 && bkind == BTF_KIND_TYPEDEF)
			bid = btf__find_by_name_kind(t->src[src].btf, bare, BTF_KIND_STRUCT);
		if (bid < 0 && bkind == BTF_KIND_TYPEDEF)
			bid = btf__find_by_name_kind(t->src[src].btf, bare, BTF_KIND_INT);
		id = bid > 0 ? intern_btf(t, src, (u32)bid) : -1;
	} else {
		id = dwarf_named_type(t, src, dtag, bare);
	}
	if (id < 0)
		errf(err, errlen, "no type '%s' in %s", name, binary ? binary : "the kernel's BTF");
	return id;
}
