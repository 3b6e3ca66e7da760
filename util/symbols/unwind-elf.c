/* ELF images for the unwinder. Headers are memcpy'd out of the buffer
 * (a file's bytes need not be aligned) after checking they lie inside it,
 * so a truncated or hostile image is refused, never read past. */
#include "util/symbols/unwind-elf.h"

#include <elf.h>
#include <stdlib.h>
#include <string.h>

/* [off, off + len) inside a buffer of size bytes, without overflow. */
static bool in_buf(u64 off, u64 len, size_t size)
{
	return off <= size && len <= size - off;
}

static int cmp_range(const void *a, const void *b)
{
	const struct unwind_elf_range *x = a, *y = b;

	return x->vaddr < y->vaddr ? -1 : x->vaddr > y->vaddr;
}

/* The NT_GNU_BUILD_ID note among the notes in [off, off + size). */
static void find_build_id(struct unwind_elf *e, u64 off, u64 size)
{
	u64 pos = off, end = off + size;

	while (pos + sizeof(Elf64_Nhdr) <= end) {
		Elf64_Nhdr n;
		u64 name_sz, desc_sz;

		memcpy(&n, e->data + pos, sizeof(n));
		name_sz = ((u64)n.n_namesz + 3) & ~3ull;
		desc_sz = ((u64)n.n_descsz + 3) & ~3ull;
		pos += sizeof(n);
		if (name_sz > end - pos || desc_sz > end - pos - name_sz)
			return;
		if (n.n_type == NT_GNU_BUILD_ID && n.n_namesz == 4 && !memcmp(e->data + pos, "GNU", 4) &&
		    n.n_descsz > 0) {
			e->build_id_size = (u8)MIN(n.n_descsz, sizeof(e->build_id));
			memcpy(e->build_id, e->data + pos + name_sz, e->build_id_size);
			return;
		}
		pos += name_sz + desc_sz;
	}
}

static int parse_sections(struct unwind_elf *e, const Elf64_Ehdr *eh)
{
	Elf64_Shdr strsh;
	const char *strtab;
	u64 strsize;

	if (!eh->e_shoff || !eh->e_shnum)
		return 0;       /* no section headers: segments only */
	if (eh->e_shentsize != sizeof(Elf64_Shdr) || !in_buf(eh->e_shoff, (u64)eh->e_shnum * sizeof(Elf64_Shdr), e->size) ||
	    eh->e_shstrndx >= eh->e_shnum)
		return -1;
	memcpy(&strsh, e->data + eh->e_shoff + (u64)eh->e_shstrndx * sizeof(Elf64_Shdr), sizeof(strsh));
	if (strsh.sh_type == SHT_NOBITS || !in_buf(strsh.sh_offset, strsh.sh_size, e->size))
		return -1;
	strtab = (const char *)e->data + strsh.sh_offset;
	strsize = strsh.sh_size;
	e->secs = calloc(eh->e_shnum, sizeof(*e->secs));
	if (!e->secs)
		return -1;
	for (u32 i = 0; i < eh->e_shnum; i++) {
		Elf64_Shdr sh;
		struct unwind_elf_section *want = NULL;
		const char *name = "";

		memcpy(&sh, e->data + eh->e_shoff + (u64)i * sizeof(Elf64_Shdr), sizeof(sh));
		if (sh.sh_type == SHT_NOBITS || !sh.sh_size || !in_buf(sh.sh_offset, sh.sh_size, e->size))
			continue;       /* no bytes here (bss, or stripped into a debug file) */
		if (sh.sh_name < strsize && memchr(strtab + sh.sh_name, '\0', strsize - sh.sh_name))
			name = strtab + sh.sh_name;
		if (!strcmp(name, ".eh_frame_hdr"))
			want = &e->eh_frame_hdr;
		else if (!strcmp(name, ".eh_frame"))
			want = &e->eh_frame;
		else if (!strcmp(name, ".debug_frame"))
			want = &e->debug_frame;
		if (want) {
			want->vaddr = sh.sh_addr;
			want->off = sh.sh_offset;
			want->size = sh.sh_size;
			want->present = true;
		}
		if (sh.sh_type == SHT_NOTE && !e->build_id_size)
			find_build_id(e, sh.sh_offset, sh.sh_size);
		if ((sh.sh_flags & SHF_ALLOC) && sh.sh_addr + sh.sh_size > sh.sh_addr) {
			e->secs[e->nr_secs].vaddr = sh.sh_addr;
			e->secs[e->nr_secs].off = sh.sh_offset;
			e->secs[e->nr_secs++].size = sh.sh_size;
		}
	}
	qsort(e->secs, e->nr_secs, sizeof(*e->secs), cmp_range);
	return 0;
}

static int parse_segments(struct unwind_elf *e, const Elf64_Ehdr *eh)
{
	if (!eh->e_phoff || !eh->e_phnum)
		return 0;
	if (eh->e_phentsize != sizeof(Elf64_Phdr) || !in_buf(eh->e_phoff, (u64)eh->e_phnum * sizeof(Elf64_Phdr), e->size))
		return -1;
	e->loads = calloc(eh->e_phnum, sizeof(*e->loads));
	if (!e->loads)
		return -1;
	for (u32 i = 0; i < eh->e_phnum; i++) {
		Elf64_Phdr ph;

		memcpy(&ph, e->data + eh->e_phoff + (u64)i * sizeof(Elf64_Phdr), sizeof(ph));
		if (ph.p_type == PT_NOTE && !e->build_id_size && in_buf(ph.p_offset, ph.p_filesz, e->size))
			find_build_id(e, ph.p_offset, ph.p_filesz);
		if (ph.p_type != PT_LOAD || ph.p_vaddr + ph.p_filesz < ph.p_vaddr)
			continue;
		e->loads[e->nr_loads].vaddr = ph.p_vaddr;
		e->loads[e->nr_loads].off = ph.p_offset;
		/* Only what the buffer holds (an image may cut the file short). */
		e->loads[e->nr_loads++].size = ph.p_offset < e->size ? MIN(ph.p_filesz, e->size - ph.p_offset) : 0;
	}
	return 0;
}

int unwind_elf_parse(struct unwind_elf *e, const void *data, size_t size)
{
	Elf64_Ehdr eh;

	memset(e, 0, sizeof(*e));
	e->data = data;
	e->size = size;
	if (!data || size < sizeof(eh))
		return -1;
	memcpy(&eh, data, sizeof(eh));
	if (memcmp(eh.e_ident, ELFMAG, SELFMAG) || eh.e_ident[EI_CLASS] != ELFCLASS64 ||
	    eh.e_ident[EI_DATA] != ELFDATA2LSB || eh.e_machine != EM_X86_64)
		return -1;
	if (parse_segments(e, &eh) || parse_sections(e, &eh)) {
		unwind_elf_release(e);
		return -1;
	}
	return 0;
}

void unwind_elf_release(struct unwind_elf *e)
{
	free(e->secs);
	free(e->loads);
	e->secs = e->loads = NULL;
	e->nr_secs = e->nr_loads = 0;
}

bool unwind_elf_off_to_vaddr(const struct unwind_elf *e, u64 off, u64 *vaddr)
{
	const struct unwind_elf_range *best = NULL;

	for (u32 i = 0; i < e->nr_loads; i++) {
		const struct unwind_elf_range *l = &e->loads[i];

		if (off - l->off < l->size) {
			*vaddr = l->vaddr + (off - l->off);
			return true;
		}
		/* Past the bytes the buffer holds (a bss tail, a cut image):
		 * the closest segment below still places it. */
		if (l->off <= off && (!best || l->off > best->off))
			best = l;
	}
	if (!best)
		return false;
	*vaddr = best->vaddr + (off - best->off);
	return true;
}

const u8 *unwind_elf_at(const struct unwind_elf *e, u64 vaddr, size_t len)
{
	size_t lo = 0, hi = e->nr_secs;

	/* The last section starting at or below vaddr. */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (e->secs[mid].vaddr <= vaddr)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo) {
		const struct unwind_elf_range *s = &e->secs[lo - 1];

		if (vaddr - s->vaddr < s->size && len <= s->size - (vaddr - s->vaddr))
			return e->data + s->off + (vaddr - s->vaddr);
	}
	for (u32 i = 0; i < e->nr_loads; i++) {
		const struct unwind_elf_range *l = &e->loads[i];

		if (vaddr - l->vaddr < l->size && len <= l->size - (vaddr - l->vaddr))
			return e->data + l->off + (vaddr - l->vaddr);
	}
	return NULL;
}

/* ---- .eh_frame_hdr --------------------------------------------------------- */

static u64 load_le(const u8 *p, int n)
{
	u64 v = 0;

	for (int i = n - 1; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

int dw_read_encoded(const u8 *p, const u8 *end, u8 enc, u64 pc, u64 data_base, u64 *val)
{
	int n;
	u64 v;
	bool sign = false;

	if (enc == DW_EH_PE_omit || p >= end)
		return -1;
	switch (enc & 0x0f) {
	case DW_EH_PE_absptr:
	case DW_EH_PE_udata8:
	case DW_EH_PE_sdata8:
		n = 8;
		break;
	case DW_EH_PE_udata2:
		n = 2;
		break;
	case DW_EH_PE_sdata2:
		n = 2;
		sign = true;
		break;
	case DW_EH_PE_udata4:
		n = 4;
		break;
	case DW_EH_PE_sdata4:
		n = 4;
		sign = true;
		break;
	case DW_EH_PE_uleb128:
	case DW_EH_PE_sleb128: {
		int shift = 0;

		v = 0;
		n = 0;
		for (;;) {
			if (p + n >= end || shift >= 64)
				return -1;
			v |= (u64)(p[n] & 0x7f) << shift;
			shift += 7;
			if (!(p[n++] & 0x80))
				break;
		}
		if ((enc & 0x0f) == DW_EH_PE_sleb128 && shift < 64 && (p[n - 1] & 0x40))
			v |= ~0ull << shift;
		goto apply;
	}
	default:
		return -1;
	}
	if (end - p < n)
		return -1;
	v = load_le(p, n);
	if (sign && n < 8 && (v >> (n * 8 - 1)) & 1)
		v |= ~0ull << (n * 8);
apply:
	switch (enc & 0x70) {
	case 0:
		break;
	case DW_EH_PE_pcrel:
		v += pc;
		break;
	case DW_EH_PE_datarel:
		v += data_base;
		break;
	default:
		return -1;      /* textrel, funcrel, aligned: not used on x86-64 Linux */
	}
	*val = v;
	return n;
}

int eh_frame_hdr_parse(const u8 *p, size_t size, u64 vaddr, struct eh_frame_hdr *h)
{
	const u8 *end = p + size, *cur = p + 4;
	int n;

	memset(h, 0, sizeof(*h));
	h->vaddr = vaddr;
	if (size < 4 || p[0] != 1)
		return -1;
	n = dw_read_encoded(cur, end, p[1], vaddr + 4, vaddr, &h->eh_frame_vaddr);
	if (n < 0)
		return -1;
	cur += n;
	if (p[2] == DW_EH_PE_omit || p[3] == DW_EH_PE_omit)
		return 0;       /* no table: valid, not searchable */
	n = dw_read_encoded(cur, end, p[2], vaddr + (u64)(cur - p), vaddr, &h->fde_count);
	if (n < 0)
		return -1;
	cur += n;
	h->table_vaddr = vaddr + (u64)(cur - p);
	h->searchable = p[3] == (DW_EH_PE_datarel | DW_EH_PE_sdata4) && h->fde_count <= (u64)(end - cur) / 8;
	return 0;
}

static s32 entry_field(const u8 *t, u64 i, int which)
{
	return (s32)(u32)load_le(t + i * 8 + (u64)which * 4, 4);
}

bool eh_frame_hdr_find(const struct eh_frame_hdr *h, const u8 *p, size_t size, u64 pc, u64 *fde_vaddr,
		       u64 *start)
{
	u64 toff = h->table_vaddr - h->vaddr, lo = 0, hi = h->fde_count;
	const u8 *t;

	if (!h->searchable || !h->fde_count || toff > size || h->fde_count > (size - toff) / 8)
		return false;
	t = p + toff;
	/* Entries are relative to the header: the last one starting <= pc. */
	while (lo < hi) {
		u64 mid = lo + (hi - lo) / 2;

		if (h->vaddr + (u64)(s64)entry_field(t, mid, 0) <= pc)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (!lo)
		return false;
	*start = h->vaddr + (u64)(s64)entry_field(t, lo - 1, 0);
	*fde_vaddr = h->vaddr + (u64)(s64)entry_field(t, lo - 1, 1);
	return true;
}

/* ---- .debug_frame -> .eh_frame form -------------------------------------------- */

struct growbuf {
	u8 *p;
	size_t len, cap;
	bool oom;
};

static void gb_put(struct growbuf *b, const void *d, size_t n)
{
	if (b->oom)
		return;
	if (b->len + n > b->cap) {
		size_t ncap = b->cap ? b->cap * 2 : 4096;
		u8 *np;

		while (ncap < b->len + n)
			ncap *= 2;
		np = realloc(b->p, ncap);
		if (!np) {
			b->oom = true;
			return;
		}
		b->p = np;
		b->cap = ncap;
	}
	memcpy(b->p + b->len, d, n);
	b->len += n;
}

static void gb_u8(struct growbuf *b, u8 v) { gb_put(b, &v, 1); }

static void gb_u32_at(struct growbuf *b, size_t at, u32 v)
{
	if (!b->oom)
		memcpy(b->p + at, &v, 4);
}

/* Bytes of the LEB128 at p (not past end), or 0 if it runs off. */
static size_t leb_len(const u8 *p, const u8 *end)
{
	size_t n = 0;

	while (p + n < end && n < 10)
		if (!(p[n++] & 0x80))
			return n;
	return 0;
}

/* A converted CIE: where it was, where it went. */
struct cie_map {
	u64 in_off;
	size_t out_off;
};

/* Pad the entry that starts at `start` to a multiple of 4 with DW_CFA_nop
 * and set its length. */
static void gb_end_entry(struct growbuf *b, size_t start)
{
	while ((b->len - start) % 4)
		gb_u8(b, 0);
	gb_u32_at(b, start, (u32)(b->len - start - 4));
}

static bool convert_cie(struct growbuf *b, const u8 *p, const u8 *end)
{
	static const u8 aug[] = { 'z', 'R', 0, 1, DW_EH_PE_pcrel | DW_EH_PE_sdata4 };
	u8 version = *p++;
	const u8 *ca, *da, *ra;
	size_t ca_n, da_n, ra_n;
	size_t start = b->len;
	u32 zero = 0;

	if ((version != 1 && version != 3 && version != 4) || p >= end || *p++ != '\0')
		return false;   /* an augmentation we do not know the data of */
	if (version == 4) {
		if (end - p < 2 || p[0] != 8 || p[1] != 0)
			return false;
		p += 2;
	}
	ca = p;
	if (!(ca_n = leb_len(ca, end)))
		return false;
	da = ca + ca_n;
	if (!(da_n = leb_len(da, end)))
		return false;
	ra = da + da_n;
	ra_n = version == 1 ? (ra < end ? 1 : 0) : leb_len(ra, end);
	if (!ra_n)
		return false;
	gb_put(b, &zero, 4);    /* length, set at the end */
	gb_put(b, &zero, 4);    /* CIE id 0: an .eh_frame CIE */
	gb_u8(b, version == 1 ? 1 : 3);
	gb_put(b, aug, 3);
	gb_put(b, ca, ca_n);
	gb_put(b, da, da_n);
	gb_put(b, ra, ra_n);
	gb_put(b, aug + 3, 2);  /* augmentation data: 1 byte, the FDE pointer encoding */
	p = ra + ra_n;
	gb_put(b, p, (size_t)(end - p));
	gb_end_entry(b, start);
	return true;
}

static int cmp_pair(const void *a, const void *b)
{
	s32 x, y;

	memcpy(&x, a, 4);
	memcpy(&y, b, 4);
	return x < y ? -1 : x > y;
}

int debug_frame_convert(const u8 *df, size_t size, u64 vaddr, struct cfi_table *t)
{
	struct growbuf b = { 0 }, tab = { 0 };
	struct cie_map *cies = NULL;
	size_t nr_cies = 0, cap_cies = 0;
	u64 pos = 0;

	memset(t, 0, sizeof(*t));
	t->vaddr = vaddr;
	while (pos + 8 <= size) {
		u32 len, id;
		const u8 *p, *end;

		memcpy(&len, df + pos, 4);
		if (len == 0xffffffff || len < 4 || len > size - pos - 4)
			break;  /* 64-bit DWARF or damaged: stop here */
		memcpy(&id, df + pos + 4, 4);
		p = df + pos + 8;
		end = df + pos + 4 + len;
		if (id == 0xffffffff) {
			size_t out = b.len;

			if (convert_cie(&b, p, end)) {
				if (nr_cies == cap_cies) {
					size_t ncap = cap_cies ? cap_cies * 2 : 16;
					struct cie_map *nc = realloc(cies, ncap * sizeof(*nc));

					if (!nc) {
						b.oom = true;
						break;
					}
					cies = nc;
					cap_cies = ncap;
				}
				cies[nr_cies].in_off = pos;
				cies[nr_cies++].out_off = out;
			}
		} else {
			size_t lo = 0, hi = nr_cies, start = b.len;
			u64 loc, range;
			s64 pcrel;
			u32 cie_ptr, zero = 0;
			s32 rel, pair[2];

			/* CIEs come before their FDEs in practice: search those seen. */
			while (lo < hi) {
				size_t mid = (lo + hi) / 2;

				if (cies[mid].in_off < id)
					lo = mid + 1;
				else
					hi = mid;
			}
			if (lo == nr_cies || cies[lo].in_off != id || end - p < 16)
				goto next;
			memcpy(&loc, p, 8);
			memcpy(&range, p + 8, 8);
			pcrel = (s64)(loc - (vaddr + start + 8));
			if (pcrel != (s32)pcrel || range > 0x7fffffff || (s64)(loc - vaddr) != (s32)(loc - vaddr))
				goto next;
			gb_put(&b, &zero, 4);
			cie_ptr = (u32)(start + 4 - cies[lo].out_off);
			gb_put(&b, &cie_ptr, 4);
			rel = (s32)pcrel;
			gb_put(&b, &rel, 4);
			rel = (s32)range;
			gb_put(&b, &rel, 4);
			gb_u8(&b, 0);   /* no augmentation data */
			gb_put(&b, p + 16, (size_t)(end - p - 16));
			gb_end_entry(&b, start);
			pair[0] = (s32)(loc - vaddr);
			pair[1] = (s32)start;
			gb_put(&tab, pair, 8);
		}
next:
		pos += 4 + (u64)len;
	}
	free(cies);
	if (b.oom || tab.oom) {
		free(b.p);
		free(tab.p);
		return -1;
	}
	/* Pairs after the entries, aligned as libunwind reads them. */
	while (b.len % 8)
		gb_u8(&b, 0);
	t->table_vaddr = vaddr + b.len;
	t->fde_count = tab.len / 8;
	if (tab.len) {
		qsort(tab.p, t->fde_count, 8, cmp_pair);
		gb_put(&b, tab.p, tab.len);
	}
	free(tab.p);
	if (b.oom) {
		free(b.p);
		return -1;
	}
	t->data = b.p;
	t->size = b.len;
	return 0;
}

void cfi_table_release(struct cfi_table *t)
{
	free(t->data);
	memset(t, 0, sizeof(*t));
}
