/* ELF symbol sources through libelf.  Every entry point opens the file,
 * reads what it needs and closes it: the DSO layer calls them once per DSO
 * (lazily, on first lookup), so nothing stays open or mapped. */
#include "util/symbols/symbol-elf.h"

#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <unistd.h>

#include "util/debug.h"
#include "util/symbols/buildid-cache.h"
#include "util/symbols/demangle.h"

#define BUILD_ID_MAX 20

struct elf_file {
	int fd;
	Elf *elf;
	GElf_Ehdr ehdr;
};

/* Open path as an ELF file. -1 (and nothing to close) if it is missing or
 * not ELF: callers then have no symbols, which is not an error to report. */
static int elf_file_open(const char *path, struct elf_file *f)
{
	f->elf = NULL;
	f->fd = open(path, O_RDONLY | O_CLOEXEC);
	if (f->fd < 0)
		return -1;
	/* libelf's version handshake; cheap and idempotent. */
	elf_version(EV_CURRENT);
	f->elf = elf_begin(f->fd, ELF_C_READ_MMAP, NULL);
	if (!f->elf || elf_kind(f->elf) != ELF_K_ELF || !gelf_getehdr(f->elf, &f->ehdr)) {
		if (f->elf)
			elf_end(f->elf);
		close(f->fd);
		f->elf = NULL;
		f->fd = -1;
		return -1;
	}
	return 0;
}

int elf_open_fd(const char *path, int *fd, Elf **elf)
{
	struct elf_file f;

	if (elf_file_open(path, &f))
		return -1;
	*fd = f.fd;
	*elf = f.elf;
	return 0;
}

static void elf_file_close(struct elf_file *f)
{
	if (f->elf)
		elf_end(f->elf);
	if (f->fd >= 0)
		close(f->fd);
}

/* The section called name, or NULL. */
static Elf_Scn *find_section(Elf *elf, const char *name, GElf_Shdr *sh)
{
	size_t shstrndx;
	Elf_Scn *scn = NULL;

	if (elf_getshdrstrndx(elf, &shstrndx))
		return NULL;
	while ((scn = elf_nextscn(elf, scn))) {
		const char *n;

		if (!gelf_getshdr(scn, sh))
			continue;
		n = elf_strptr(elf, shstrndx, sh->sh_name);
		if (n && !strcmp(n, name))
			return scn;
	}
	return NULL;
}

bool elf_section_has_data(Elf *elf, const char *name)
{
	GElf_Shdr sh;

	return find_section(elf, name, &sh) && sh.sh_type != SHT_NOBITS;
}

/* The first section of a type that has contents in this file. */
static Elf_Scn *find_section_type(Elf *elf, u32 type, GElf_Shdr *sh)
{
	Elf_Scn *scn = NULL;

	while ((scn = elf_nextscn(elf, scn)))
		if (gelf_getshdr(scn, sh) && sh->sh_type == type && sh->sh_size)
			return scn;
	return NULL;
}

/* ---- build-id ------------------------------------------------------------------ */

/* Look for NT_GNU_BUILD_ID among the notes in data. */
static int note_build_id(Elf_Data *data, u8 id[BUILD_ID_MAX])
{
	size_t off = 0, name_off, desc_off;
	GElf_Nhdr nh;

	while (data && (off = gelf_getnote(data, off, &nh, &name_off, &desc_off)) > 0) {
		const char *name = (const char *)data->d_buf + name_off;

		if (nh.n_type == NT_GNU_BUILD_ID && nh.n_namesz == 4 && !memcmp(name, "GNU", 4) &&
		    nh.n_descsz > 0) {
			size_t n = MIN(nh.n_descsz, BUILD_ID_MAX);
			memcpy(id, (const char *)data->d_buf + desc_off, n);
			return (int)n;
		}
	}
	return 0;
}

/* Note sections first; program headers for files without section headers. */
static int elf_build_id_of(Elf *elf, u8 id[BUILD_ID_MAX])
{
	Elf_Scn *scn = NULL;
	GElf_Shdr sh;
	size_t nphdr;
	int n;

	while ((scn = elf_nextscn(elf, scn))) {
		if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_NOTE)
			continue;
		n = note_build_id(elf_getdata(scn, NULL), id);
		if (n)
			return n;
	}
	if (elf_getphdrnum(elf, &nphdr))
		return 0;
	for (size_t i = 0; i < nphdr; i++) {
		GElf_Phdr ph;

		if (!gelf_getphdr(elf, (int)i, &ph) || ph.p_type != PT_NOTE)
			continue;
		n = note_build_id(elf_getdata_rawchunk(elf, (int64_t)ph.p_offset, ph.p_filesz, ELF_T_NHDR), id);
		if (n)
			return n;
	}
	return 0;
}

int elf_build_id(const char *path, u8 id[20])
{
	struct elf_file f;
	int n;

	if (elf_file_open(path, &f))
		return -1;
	n = elf_build_id_of(f.elf, id);
	elf_file_close(&f);
	return n;
}

/* ---- segments ------------------------------------------------------------------ */

static int segments_of(Elf *elf, struct dso_segment **segs, u32 *nr)
{
	size_t nphdr;
	struct dso_segment *v;
	u32 n = 0;

	*segs = NULL;
	*nr = 0;
	if (elf_getphdrnum(elf, &nphdr))
		return -1;
	v = calloc(nphdr ? nphdr : 1, sizeof(*v));
	if (!v)
		return -1;
	for (size_t i = 0; i < nphdr; i++) {
		GElf_Phdr ph;

		if (!gelf_getphdr(elf, (int)i, &ph) || ph.p_type != PT_LOAD)
			continue;
		v[n].offset = ph.p_offset;
		v[n].vaddr = ph.p_vaddr;
		v[n].size = ph.p_filesz;
		n++;
	}
	*segs = v;
	*nr = n;
	return 0;
}

int elf_segments(const char *path, struct dso_segment **segs, u32 *nr, bool *relocatable)
{
	struct elf_file f;
	int ret;

	*segs = NULL;
	*nr = 0;
	if (elf_file_open(path, &f))
		return -1;
	ret = segments_of(f.elf, segs, nr);
	*relocatable = f.ehdr.e_type == ET_DYN;
	elf_file_close(&f);
	return ret;
}

/* ---- symbol tables ------------------------------------------------------------- */

/* Add name (demangled when mangled) with an optional suffix ("@plt"). */
static int add_symbol(struct symtab *t, u64 start, u64 size, const char *name, const char *suffix, u8 kind)
{
	char *full = NULL, *dm;
	int ret;

	if (suffix && asprintf(&full, "%s%s", name, suffix) < 0)
		return -1;
	dm = demangle(full ? full : name);
	ret = symtab_add(t, start, size, dm ? dm : full ? full : name, kind);
	free(dm);
	free(full);
	return ret;
}

/* The letter nm prints for a defined symbol. */
static u8 nm_kind(Elf *elf, const GElf_Sym *sym)
{
	int type = GELF_ST_TYPE(sym->st_info), bind = GELF_ST_BIND(sym->st_info);
	GElf_Shdr sh;
	u8 c;

	if (type == STT_GNU_IFUNC)
		return 'i';
	if (bind == STB_WEAK)
		return type == STT_OBJECT ? 'V' : 'W';
	if (sym->st_shndx == SHN_ABS)
		c = 'A';
	else if (sym->st_shndx == SHN_COMMON)
		c = 'C';
	else if (!gelf_getshdr(elf_getscn(elf, sym->st_shndx), &sh))
		c = 'D';
	else if (sh.sh_flags & SHF_EXECINSTR)
		c = 'T';
	else if (sh.sh_type == SHT_NOBITS)
		c = 'B';
	else if (sh.sh_flags & SHF_WRITE)
		c = 'D';
	else
		c = 'R';
	return bind == STB_LOCAL ? (u8)(c - 'A' + 'a') : c;
}

/* Functions and data objects name addresses; untyped labels only in code
 * (hand-written assembly often leaves its functions untyped). Mapping
 * symbols ("$x", "$d") and compiler-local labels (".L...") never do. */
static bool want_symbol(Elf *elf, const GElf_Sym *sym, const char *name)
{
	int type = GELF_ST_TYPE(sym->st_info);
	GElf_Shdr sh;

	if (!name || !*name || name[0] == '$' || name[0] == '.')
		return false;
	if (sym->st_shndx == SHN_UNDEF || sym->st_shndx >= SHN_LORESERVE)
		return false;
	if (type == STT_FUNC || type == STT_GNU_IFUNC || type == STT_OBJECT)
		return true;
	if (type != STT_NOTYPE)
		return false;
	return gelf_getshdr(elf_getscn(elf, sym->st_shndx), &sh) && (sh.sh_flags & SHF_EXECINSTR);
}

static int load_symtab(Elf *elf, Elf_Scn *scn, const GElf_Shdr *sh, struct symtab *t)
{
	Elf_Data *data = elf_getdata(scn, NULL);
	size_t nsyms;
	int added = 0;

	if (!data || !sh->sh_entsize)
		return 0;
	nsyms = sh->sh_size / sh->sh_entsize;
	for (size_t i = 1; i < nsyms; i++) {
		GElf_Sym sym;
		const char *name;

		if (!gelf_getsym(data, (int)i, &sym))
			break;
		name = elf_strptr(elf, sh->sh_link, sym.st_name);
		if (!want_symbol(elf, &sym, name))
			continue;
		if (add_symbol(t, sym.st_value, sym.st_size, name, NULL, nm_kind(elf, &sym)))
			return -1;
		/* nm's 'i' does not say an ifunc's binding; aliases are chosen
		 * by it (symbol.h). */
		if (GELF_ST_TYPE(sym.st_info) == STT_GNU_IFUNC)
			t->syms[t->nr - 1].bind = GELF_ST_BIND(sym.st_info) == STB_GLOBAL ? SYM_BIND_GLOBAL
						  : GELF_ST_BIND(sym.st_info) == STB_WEAK ? SYM_BIND_WEAK
											  : SYM_BIND_LOCAL;
		added++;
	}
	return added;
}

/* .symtab when the file has one (it is a superset), else .dynsym. */
static int syms_of(Elf *elf, struct symtab *t)
{
	GElf_Shdr sh;
	Elf_Scn *scn = find_section_type(elf, SHT_SYMTAB, &sh);

	if (!scn)
		scn = find_section_type(elf, SHT_DYNSYM, &sh);
	return scn ? load_symtab(elf, scn, &sh, t) : 0;
}

/* ---- PLT entries --------------------------------------------------------------- */

/* A GOT slot and the function whose address the dynamic linker puts there. */
struct got_slot {
	u64 got;
	const char *name;       /* in the dynamic string table */
	u64 ifunc;              /* IRELATIVE: the resolver's address (name NULL) */
};

struct got_slots {
	struct got_slot *v;
	size_t nr, cap;
};

static int got_push(struct got_slots *g, u64 got, const char *name, u64 ifunc)
{
	if (g->nr == g->cap) {
		size_t ncap = g->cap ? g->cap * 2 : 64;
		struct got_slot *nv = realloc(g->v, ncap * sizeof(*nv));

		if (!nv)
			return -1;
		g->v = nv;
		g->cap = ncap;
	}
	g->v[g->nr++] = (struct got_slot){ got, name, ifunc };
	return 0;
}

static bool reloc_is_irelative(const GElf_Ehdr *eh, u32 type)
{
	return (eh->e_machine == EM_X86_64 && type == R_X86_64_IRELATIVE) ||
	       (eh->e_machine == EM_386 && type == R_386_IRELATIVE);
}

/* One relocation: a symbol's GOT slot, or an ifunc slot with no symbol. */
static int got_from_reloc(Elf *elf, const GElf_Ehdr *eh, const GElf_Shdr *rsh, Elf_Data *syms,
			  u64 offset, u64 info, s64 addend, struct got_slots *g)
{
	size_t symi = eh->e_ident[EI_CLASS] == ELFCLASS64 ? GELF_R_SYM(info) : ELF32_R_SYM(info);
	u32 type = eh->e_ident[EI_CLASS] == ELFCLASS64 ? GELF_R_TYPE(info) : ELF32_R_TYPE(info);
	GElf_Shdr ssh;
	GElf_Sym sym;
	const char *name;

	if (!symi)
		return reloc_is_irelative(eh, type) ? got_push(g, offset, NULL, (u64)addend) : 0;
	if (!syms || !gelf_getsym(syms, (int)symi, &sym) ||
	    !gelf_getshdr(elf_getscn(elf, rsh->sh_link), &ssh))
		return 0;
	name = elf_strptr(elf, ssh.sh_link, sym.st_name);
	return name && *name ? got_push(g, offset, name, 0) : 0;
}

/* Every dynamic relocation that fills a GOT slot: .rela.plt (JUMP_SLOT)
 * for lazily bound calls, .rela.dyn (GLOB_DAT) for the .plt.got entries of
 * functions that are also address-taken or bound at load time. */
static int collect_got_slots(Elf *elf, const GElf_Ehdr *eh, struct got_slots *g)
{
	Elf_Scn *scn = NULL;
	GElf_Shdr sh;

	while ((scn = elf_nextscn(elf, scn))) {
		Elf_Data *data, *syms;
		size_t n;

		if (!gelf_getshdr(scn, &sh) || (sh.sh_type != SHT_RELA && sh.sh_type != SHT_REL) ||
		    !(sh.sh_flags & SHF_ALLOC) || !sh.sh_entsize)
			continue;
		data = elf_getdata(scn, NULL);
		syms = elf_getdata(elf_getscn(elf, sh.sh_link), NULL);
		n = sh.sh_size / sh.sh_entsize;
		for (size_t i = 0; data && i < n; i++) {
			GElf_Rela ra;
			GElf_Rel r;
			int err;

			if (sh.sh_type == SHT_RELA) {
				if (!gelf_getrela(data, (int)i, &ra))
					break;
				err = got_from_reloc(elf, eh, &sh, syms, ra.r_offset, ra.r_info, ra.r_addend, g);
			} else {
				if (!gelf_getrel(data, (int)i, &r))
					break;
				err = got_from_reloc(elf, eh, &sh, syms, r.r_offset, r.r_info, 0, g);
			}
			if (err)
				return -1;
		}
	}
	return 0;
}

static int got_cmp(const void *a, const void *b)
{
	const struct got_slot *x = a, *y = b;

	return x->got < y->got ? -1 : x->got > y->got;
}

static const struct got_slot *got_find(const struct got_slots *g, u64 got)
{
	struct got_slot key = { .got = got };

	return g->nr ? bsearch(&key, g->v, g->nr, sizeof(key), got_cmp) : NULL;
}

/* The GOT slot an x86-64 PLT entry jumps through: "jmp *disp32(%rip)"
 * (ff 25), at the start of the entry or after "endbr64" (f3 0f 1e fa)
 * and/or a "bnd" prefix (f2). Lazy .plt entries of IBT binaries have no
 * such jump (their .plt.sec twins do); neither has the PLT0 header, whose
 * jump targets a GOT slot no relocation names. */
static bool plt_entry_got(const u8 *p, size_t n, u64 entry_addr, u64 *got)
{
	static const u8 endbr64[4] = { 0xf3, 0x0f, 0x1e, 0xfa };
	size_t at = 0;
	s32 disp;

	if (n >= 4 && !memcmp(p, endbr64, 4))
		at = 4;
	if (n > at && p[at] == 0xf2)
		at++;
	if (n < at + 6 || p[at] != 0xff || p[at + 1] != 0x25)
		return false;
	memcpy(&disp, p + at + 2, 4);
	*got = entry_addr + at + 6 + (u64)(s64)disp;
	return true;
}

/* The name of an ifunc whose resolver is at addr (from the symbols
 * already loaded), so "strlen@plt" rather than "*ABS*+0x9f550@plt". */
static const char *ifunc_name(const struct symtab *t, size_t first, u64 addr)
{
	for (size_t i = first; i < t->nr; i++)
		if (t->syms[i].start == addr && t->syms[i].kind == 'i')
			return t->syms[i].name;
	return NULL;
}

/* Name the entries of one PLT section (x86-64: decode each entry's jump). */
static int plt_section_x86_64(Elf_Scn *scn, const GElf_Shdr *sh, const struct got_slots *g,
			      struct symtab *t, size_t first_sym)
{
	Elf_Data *data = elf_getdata(scn, NULL);
	u64 ent = sh->sh_entsize == 8 || sh->sh_entsize == 16 ? sh->sh_entsize : 16;
	int added = 0;

	if (!data || sh->sh_type == SHT_NOBITS || data->d_size < sh->sh_size)
		return 0;
	for (u64 off = 0; off + ent <= sh->sh_size; off += ent) {
		const struct got_slot *slot;
		char abs[32];
		const char *name;
		u64 got;

		if (!plt_entry_got((const u8 *)data->d_buf + off, ent, sh->sh_addr + off, &got) ||
		    !(slot = got_find(g, got)))
			continue;
		name = slot->name;
		if (!name)
			name = ifunc_name(t, first_sym, slot->ifunc);
		if (!name) {
			snprintf(abs, sizeof(abs), "*ABS*+0x%llx", (unsigned long long)slot->ifunc);
			name = abs;
		}
		if (add_symbol(t, sh->sh_addr + off, ent, name, "@plt", 't'))
			return -1;
		added++;
	}
	return added;
}

/* Other machines: the n-th PLT relocation owns the n-th entry after the
 * header (a header of one entry, 32 bytes on AArch64); .plt.sec, when
 * present, has no header. Untested here: x86-64 is the tested path. */
static int plt_by_index(Elf *elf, const GElf_Ehdr *eh, struct symtab *t)
{
	GElf_Shdr rsh, psh, ssh;
	Elf_Scn *rel = find_section(elf, ".rela.plt", &rsh);
	Elf_Scn *plt = find_section(elf, ".plt.sec", &psh);
	Elf_Data *rdata, *syms;
	u64 ent, first;
	int added = 0;

	if (!rel)
		rel = find_section(elf, ".rel.plt", &rsh);
	first = 0;
	if (!plt && (plt = find_section(elf, ".plt", &psh)))
		first = eh->e_machine == EM_AARCH64 ? 32 : psh.sh_entsize;
	if (!rel || !plt || psh.sh_type == SHT_NOBITS || !rsh.sh_entsize)
		return 0;
	ent = eh->e_machine == EM_AARCH64 ? 16 : psh.sh_entsize ? psh.sh_entsize : 16;
	rdata = elf_getdata(rel, NULL);
	syms = elf_getdata(elf_getscn(elf, rsh.sh_link), NULL);
	if (!rdata || !syms || !gelf_getshdr(elf_getscn(elf, rsh.sh_link), &ssh))
		return 0;
	for (size_t i = 0; i < rsh.sh_size / rsh.sh_entsize; i++) {
		u64 addr = psh.sh_addr + first + i * ent, info;
		GElf_Rela ra;
		GElf_Rel r;
		GElf_Sym sym;
		const char *name;

		if (rsh.sh_type == SHT_RELA ? !gelf_getrela(rdata, (int)i, &ra) : !gelf_getrel(rdata, (int)i, &r))
			break;
		info = rsh.sh_type == SHT_RELA ? ra.r_info : r.r_info;
		if (addr + ent > psh.sh_addr + psh.sh_size)
			break;
		if (!gelf_getsym(syms, (int)(eh->e_ident[EI_CLASS] == ELFCLASS64 ? GELF_R_SYM(info) : ELF32_R_SYM(info)), &sym))
			continue;
		name = elf_strptr(elf, ssh.sh_link, sym.st_name);
		if (!name || !*name)
			continue;
		if (add_symbol(t, addr, ent, name, "@plt", 't'))
			return -1;
		added++;
	}
	return added;
}

static int plt_x86_64(Elf *elf, const GElf_Ehdr *eh, struct symtab *t, size_t first_sym)
{
	static const char *const plts[] = { ".plt", ".plt.sec", ".plt.got" };
	struct got_slots g = { 0 };
	int added = 0;

	if (collect_got_slots(elf, eh, &g))
		goto fail;
	if (!g.nr)
		return 0;       /* a static binary, or the vdso */
	qsort(g.v, g.nr, sizeof(*g.v), got_cmp);
	for (size_t i = 0; i < ARRAY_SIZE(plts); i++) {
		GElf_Shdr sh;
		Elf_Scn *scn = find_section(elf, plts[i], &sh);
		int n;

		if (!scn)
			continue;
		n = plt_section_x86_64(scn, &sh, &g, t, first_sym);
		if (n < 0)
			goto fail;
		added += n;
	}
	free(g.v);
	return added;
fail:
	free(g.v);
	return -1;
}

/* Synthetic "func@plt" symbols. first_sym: where this file's own symbols
 * start in t (to name ifunc slots). */
static int plt_of(Elf *elf, const GElf_Ehdr *eh, struct symtab *t, size_t first_sym)
{
	if (eh->e_machine == EM_X86_64)
		return plt_x86_64(elf, eh, t, first_sym);
	return plt_by_index(elf, eh, t);
}

/* Symbols and PLT entries of an opened file. Relocatable objects (kernel
 * modules) have section-relative values: not loaded (kallsyms names them). */
static int all_symbols_of(struct elf_file *f, struct symtab *t)
{
	size_t first = t->nr;
	int n, p;

	if (f->ehdr.e_type == ET_REL)
		return 0;
	n = syms_of(f->elf, t);
	if (n < 0)
		return -1;
	p = plt_of(f->elf, &f->ehdr, t, first);
	return p < 0 ? -1 : n + p;
}

int elf_load_symbols(const char *path, struct symtab *t)
{
	struct elf_file f;
	int n;

	if (elf_file_open(path, &f))
		return -1;
	n = all_symbols_of(&f, t);
	elf_file_close(&f);
	return n;
}

int elf_load_plt(const char *path, struct symtab *t)
{
	struct elf_file f;
	int n = 0;

	if (elf_file_open(path, &f))
		return -1;
	if (f.ehdr.e_type != ET_REL)
		n = plt_of(f.elf, &f.ehdr, t, t->nr);
	elf_file_close(&f);
	return n;
}

bool elf_has_symtab(const char *path)
{
	struct elf_file f;
	GElf_Shdr sh;
	bool has;

	if (elf_file_open(path, &f))
		return false;
	has = find_section_type(f.elf, SHT_SYMTAB, &sh) != NULL;
	elf_file_close(&f);
	return has;
}

/* ---- images carried in a data file ------------------------------------------ */

int elf_image_load(const void *image, size_t size, struct symtab *t, struct dso_segment **segs, u32 *nr,
		   bool *relocatable)
{
	struct elf_file f = { .fd = -1 };
	int n = -1;

	*segs = NULL;
	*nr = 0;
	elf_version(EV_CURRENT);
	/* Read-only use (ELF_C_READ semantics): libelf does not write to it. */
	f.elf = elf_memory((char *)image, size);
	if (!f.elf || elf_kind(f.elf) != ELF_K_ELF || !gelf_getehdr(f.elf, &f.ehdr))
		goto out;
	if (segments_of(f.elf, segs, nr))
		goto out;
	*relocatable = f.ehdr.e_type == ET_DYN;
	n = all_symbols_of(&f, t);
out:
	elf_file_close(&f);
	return n;
}

/* ---- separate debug files ------------------------------------------------------ */

static bool is_regular_file(const char *path)
{
	return access(path, R_OK) == 0;
}

/* A debug file candidate is accepted when it is ELF and, if both sides
 * have a build-id, the ids agree (cheaper and stricter than the CRC). */
static bool debug_file_matches(const char *cand, const u8 *id, u8 id_size)
{
	u8 cid[BUILD_ID_MAX];
	int n;

	if (!is_regular_file(cand))
		return false;
	n = elf_build_id(cand, cid);
	if (n < 0)
		return false;
	return !id_size || !n || (n == id_size && !memcmp(cid, id, id_size));
}

static char *by_build_id(const char *root, const u8 *id, u8 id_size)
{
	char hex[2 * BUILD_ID_MAX + 1], *p;

	if (id_size < 2)
		return NULL;
	for (u8 i = 0; i < id_size; i++)
		snprintf(hex + 2 * i, 3, "%02x", id[i]);
	if (asprintf(&p, "%s/usr/lib/debug/.build-id/%.2s/%s.debug", root, hex, hex + 2) < 0)
		return NULL;
	if (debug_file_matches(p, id, id_size))
		return p;
	free(p);
	return NULL;
}

/* The file name in path's .gnu_debuglink section (malloc'd), or NULL. */
static char *debuglink_name(const char *file)
{
	struct elf_file f;
	GElf_Shdr sh;
	Elf_Scn *scn;
	Elf_Data *d;
	char *name = NULL;

	if (elf_file_open(file, &f))
		return NULL;
	scn = find_section(f.elf, ".gnu_debuglink", &sh);
	d = scn && sh.sh_type != SHT_NOBITS ? elf_getdata(scn, NULL) : NULL;
	/* The name, NUL-terminated, then padding and a CRC. */
	if (d && d->d_size > 1 && memchr(d->d_buf, '\0', d->d_size))
		name = strdup(d->d_buf);
	elf_file_close(&f);
	if (name && strchr(name, '/')) {
		/* A plain file name by definition; anything else is not trusted. */
		free(name);
		name = NULL;
	}
	return name;
}

static char *by_debuglink(const char *root, const char *path, const u8 *id, u8 id_size)
{
	char *file, *link, *dir, *cand = NULL;
	const char *slash = strrchr(path, '/');

	if (asprintf(&file, "%s%s", root, path) < 0)
		return NULL;
	link = debuglink_name(file);
	dir = strndup(path, slash ? (size_t)(slash - path) : 0);
	if (!link || !dir)
		goto out;
	for (int i = 0; i < 3; i++) {
		static const char *const fmt[] = { "%s%s/%s", "%s%s/.debug/%s", "%s/usr/lib/debug%s/%s" };
		int r = asprintf(&cand, fmt[i], root, dir, link);

		if (r < 0) {
			cand = NULL;
			break;
		}
		/* The link may name the file itself (debug info kept in it). */
		if (strcmp(cand, file) && debug_file_matches(cand, id, id_size))
			break;
		free(cand);
		cand = NULL;
	}
out:
	free(file);
	free(link);
	free(dir);
	return cand;
}

char *elf_find_debug_file(const char *root, const char *path, const u8 *id, u8 id_size)
{
	char *p;

	if (!root)
		root = "";
	p = by_build_id(root, id, id_size);
	if (!p && path && path[0] == '/')
		p = by_debuglink(root, path, id, id_size);
	if (!p)
		p = buildid_cache_find(id, id_size, "debug");
	if (p)
		pr_debug("debug file for %s: %s", path ? path : "?", p);
	return p;
}

/* ---- vdso ------------------------------------------------------------------------ */

/* The vdso image is not a file: this process's own copy (from the aux
 * vector) stands in for it, which is right for any process of this kernel. */
int elf_vdso_load(struct symtab *t, struct dso_segment **segs, u32 *nr, u8 id[20], u8 *id_size)
{
	const GElf_Ehdr *src = (const GElf_Ehdr *)getauxval(AT_SYSINFO_EHDR);
	size_t size;
	char *copy;
	Elf *elf;
	int n = -1;

	*segs = NULL;
	*nr = 0;
	*id_size = 0;
	if (!src || memcmp(src->e_ident, ELFMAG, SELFMAG) || src->e_ident[EI_CLASS] != ELFCLASS64)
		return -1;
	/* Section headers come last in the vdso image. */
	size = src->e_shoff + (size_t)src->e_shnum * src->e_shentsize;
	if (size < sizeof(*src) || size > (1 << 20))
		return -1;
	/* libelf wants a writable image it can keep; the vdso is read-only. */
	copy = malloc(size);
	if (!copy)
		return -1;
	memcpy(copy, src, size);
	elf_version(EV_CURRENT);
	elf = elf_memory(copy, size);
	if (elf && elf_kind(elf) == ELF_K_ELF && !segments_of(elf, segs, nr)) {
		int b = elf_build_id_of(elf, id);

		*id_size = (u8)(b > 0 ? b : 0);
		n = syms_of(elf, t);
	}
	if (elf)
		elf_end(elf);
	free(copy);
	return n;
}
