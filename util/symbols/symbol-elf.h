/* ELF files through libelf: build-ids, load segments, symbols (.symtab,
 * else .dynsym, plus "func@plt" for PLT entries), and finding a separate
 * debug file by build-id or .gnu_debuglink. */
#ifndef SCRY_SYMBOL_ELF_H
#define SCRY_SYMBOL_ELF_H

#include <stdbool.h>
#include <stddef.h>

#include "util/symbols/symbol.h"

/* A PT_LOAD segment: where a DSO's file offsets land in its addresses. */
struct dso_segment {
	u64 offset;             /* p_offset */
	u64 vaddr;              /* p_vaddr */
	u64 size;               /* p_filesz */
};

/* The NT_GNU_BUILD_ID note of an ELF file. Returns its size (0 if none,
 * -1 if the file is not ELF). */
int elf_build_id(const char *path, u8 id[20]);

/* The PT_LOAD segments and whether the file is ET_DYN. */
int elf_segments(const char *path, struct dso_segment **segs, u32 *nr, bool *relocatable);

/* Symbols of an ELF file into t (demangled), not yet finished. Returns the
 * number added, or -1 if the file cannot be read as ELF. */
int elf_load_symbols(const char *path, struct symtab *t);

/* Only the "func@plt" entries of path (a stripped file's PLT, when the
 * other symbols come from its debug file, where .plt has no contents).
 * Returns the number added, or -1 if the file cannot be read as ELF. */
int elf_load_plt(const char *path, struct symtab *t);

/* Symbols, PLT entries and load segments of an ELF image in memory (one a
 * data file carries, util/perfdata/portable-elf.h); image must not change while
 * this runs. Returns the number of symbols, or -1 if it is not ELF. */
int elf_image_load(const void *image, size_t size, struct symtab *t, struct dso_segment **segs, u32 *nr,
		   bool *relocatable);

/* Open path with libelf for reading (MMAP), *fd and *elf the caller's to
 * end; -1 (nothing open) when it is missing or not ELF. */
struct Elf;
int elf_open_fd(const char *path, int *fd, struct Elf **elf);
/* Whether elf has a section of that name with contents in the file (not
 * NOBITS: a stripped file keeps the headers of what it dropped). */
bool elf_section_has_data(struct Elf *elf, const char *name);

/* Whether path is ELF and has a .symtab (a debug file worth using). */
bool elf_has_symtab(const char *path);

/* The vdso of the running kernel (from this process's aux vector): its
 * symbols into t (not finished), its load segments and build-id. Returns
 * the number of symbols, or -1 if there is no usable vdso image. */
int elf_vdso_load(struct symtab *t, struct dso_segment **segs, u32 *nr, u8 id[20], u8 *id_size);

/* A separate debug file for path with this build-id: the .build-id tree
 * under /usr/lib/debug (root-prefixed), then .gnu_debuglink next to the
 * file, in .debug/, and under /usr/lib/debug, then perf's build-id cache
 * (buildid-cache.h). Only this machine: util/symbols/fetch.h also asks
 * debuginfod servers. Malloc'd path or NULL. */
char *elf_find_debug_file(const char *root, const char *path, const u8 *id, u8 id_size);

#endif
