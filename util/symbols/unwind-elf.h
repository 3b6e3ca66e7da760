/* What the DWARF unwinder needs from an ELF file held in memory (a mapped
 * DSO file, an image carried in the data file, the vdso): its allocated
 * sections and load segments (to read "target memory" at link-time
 * addresses), the unwind sections, the build-id; and the .eh_frame_hdr
 * binary-search table. Pure functions over a byte buffer: every offset and
 * size read from the buffer is checked against it. x86-64 (ELF64 LE) only. */
#ifndef SCRY_UNWIND_ELF_H
#define SCRY_UNWIND_ELF_H

#include "util/types.h"

struct unwind_elf_range {
	u64 vaddr;              /* sh_addr / p_vaddr */
	u64 off;                /* where its bytes are in the buffer */
	u64 size;               /* bytes present in the buffer */
};

struct unwind_elf_section {
	u64 vaddr, off, size;
	bool present;           /* found and its bytes are in the buffer */
};

struct unwind_elf {
	const u8 *data;
	size_t size;
	struct unwind_elf_range *secs;  /* allocated sections with contents, by vaddr */
	u32 nr_secs;
	struct unwind_elf_range *loads; /* PT_LOAD: p_vaddr, p_offset, p_filesz */
	u32 nr_loads;
	struct unwind_elf_section eh_frame_hdr, eh_frame, debug_frame;
	u8 build_id[20];
	u8 build_id_size;
};

/* Parse an ELF64 little-endian image of size bytes (not copied: it must
 * outlive e). Returns 0, or -1 when it is not one (or is damaged). */
int unwind_elf_parse(struct unwind_elf *e, const void *data, size_t size);
void unwind_elf_release(struct unwind_elf *e);

/* The link-time address of file offset off (through the PT_LOAD segments). */
bool unwind_elf_off_to_vaddr(const struct unwind_elf *e, u64 off, u64 *vaddr);

/* The len bytes at link-time address vaddr, when the buffer holds all of
 * them (an allocated section, else a load segment), or NULL. */
const u8 *unwind_elf_at(const struct unwind_elf *e, u64 vaddr, size_t len);

/* ---- .eh_frame_hdr --------------------------------------------------------- */

/* DW_EH_PE_* pointer encodings (LSB 3.0, "DWARF Extensions"). */
#define DW_EH_PE_absptr 0x00
#define DW_EH_PE_uleb128 0x01
#define DW_EH_PE_udata2 0x02
#define DW_EH_PE_udata4 0x03
#define DW_EH_PE_udata8 0x04
#define DW_EH_PE_sleb128 0x09
#define DW_EH_PE_sdata2 0x0a
#define DW_EH_PE_sdata4 0x0b
#define DW_EH_PE_sdata8 0x0c
#define DW_EH_PE_pcrel 0x10
#define DW_EH_PE_datarel 0x30
#define DW_EH_PE_omit 0xff

/* Decode one encoded pointer at p (not past end); pc is the link-time
 * address of p (pcrel), data_base the one datarel is relative to. Returns
 * the bytes used, or -1 (unknown encoding, truncated, omitted). */
int dw_read_encoded(const u8 *p, const u8 *end, u8 enc, u64 pc, u64 data_base, u64 *val);

struct eh_frame_hdr {
	u64 vaddr;              /* of the header (the table's entries are relative to it) */
	u64 eh_frame_vaddr;
	u64 fde_count;
	u64 table_vaddr;        /* of the first (initial location, FDE) pair */
	bool searchable;        /* a table of sorted datarel sdata4 pairs is there */
};

/* Parse the header of size bytes at p, found at link-time address vaddr.
 * A table is searchable only when its entries are datarel|sdata4 (what
 * libunwind binary-searches) and fde_count of them fit in size. */
int eh_frame_hdr_parse(const u8 *p, size_t size, u64 vaddr, struct eh_frame_hdr *h);

/* Binary search of a searchable table: the FDE of the last entry whose
 * initial location is <= pc. False when pc is below the first entry (or
 * the table is empty). Entries are read from p (the header's bytes). */
bool eh_frame_hdr_find(const struct eh_frame_hdr *h, const u8 *p, size_t size, u64 pc, u64 *fde_vaddr,
		       u64 *start);

#endif

/* ---- .debug_frame --------------------------------------------------------------- */

/* .debug_frame rewritten in .eh_frame form (CIE id 0, "zR" augmentation,
 * FDE addresses pcrel|sdata4, CIE pointers relative), followed by a sorted
 * search table of datarel|sdata4 pairs like .eh_frame_hdr's: what
 * libunwind's remote table search reads. The whole is given the link-time
 * address vaddr (a place past the DSO's image: the table's entries are
 * 32-bit offsets from it, so it must be within 2 GiB of the code). */
struct cfi_table {
	u8 *data;
	size_t size;
	u64 vaddr;              /* of data[0]: the table's base (segbase) */
	u64 table_vaddr;        /* of the first pair */
	u64 fde_count;
};

/* Convert size bytes of .debug_frame (DWARF 32-bit CIEs of version 1, 3 or
 * 4 with an empty augmentation, 8-byte addresses). Entries it cannot
 * convert are left out. Returns 0 (t->fde_count may be 0), -1 on ENOMEM. */
int debug_frame_convert(const u8 *df, size_t size, u64 vaddr, struct cfi_table *t);
void cfi_table_release(struct cfi_table *t);
