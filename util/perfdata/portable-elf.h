/* The ELF image of a DSO that a data file carries (util/perfdata/portable): the
 * file's own layout (same size, same offsets, so that it is an ordinary
 * ELF file to libelf and to the unwinder) with only the bytes scry reads
 * kept: ELF and program headers, section headers and their names, symbol
 * and string tables, notes (build-id), PLT sections and their relocations
 * (to name "func@plt"), and, for --call-graph dwarf, .eh_frame_hdr,
 * .eh_frame and .debug_frame. Every other byte (code, data, DWARF) is zero,
 * which zstd shrinks to almost nothing. ELF64 little-endian only. */
#ifndef SCRY_PORTABLE_ELF_H
#define SCRY_PORTABLE_ELF_H

#include <stddef.h>

#include "util/types.h"

/* Build the image of the size bytes at file. *img is malloc'd. Returns 0,
 * or -1 with err when file is not an ELF64 LE file (or is damaged). */
int portable_elf_image(const u8 *file, size_t size, bool unwind, u8 **img, size_t *img_size, char *err,
		       size_t errlen);

/* The same for a file on disk (mapped while the image is made). */
int portable_elf_image_file(const char *path, bool unwind, u8 **img, size_t *img_size, char *err,
			    size_t errlen);

/* The running kernel's vdso (this process's copy: the same for every
 * process of this boot), whole. */
int portable_elf_vdso(u8 **img, size_t *img_size);

#endif
