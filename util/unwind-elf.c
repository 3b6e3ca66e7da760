/* ELF images for the unwinder. Headers are memcpy'd out of the buffer
 * (a file's bytes need not be aligned) after checking they lie inside it,
 * so a truncated or hostile image is refused, never read past. */
#include "util/unwind-elf.h"

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
