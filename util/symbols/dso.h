/* A DSO: an executable, a shared library, the kernel or a kernel module,
 * as named by the MMAP records of a data file, with what is needed to
 * name its addresses: build-id, load segments, and a symbol table loaded on
 * first use from the file itself or its separate debug file (by build-id
 * under /usr/lib/debug/.build-id, or .gnu_debuglink). */
#ifndef SCRY_DSO_H
#define SCRY_DSO_H

#include "util/hashmap.h"
#include "util/symbols/symbol-elf.h"
#include "util/symbols/symbol.h"

enum dso_kind { DSO_USER, DSO_KERNEL, DSO_KMODULE, DSO_ANON, DSO_VDSO };

struct dso {
	char *path;             /* as recorded: "/usr/lib/x86_64-linux-gnu/libc.so.6", "[kernel.kallsyms]" */
	const char *name;       /* its basename */
	enum dso_kind kind;
	u8 build_id[20];
	u8 build_id_size;       /* 0: unknown */
	bool loaded;            /* symbols were looked for (found or not) */
	bool have_file;         /* the file (or a debug file) was found */
	char *symsrc;           /* the file the symbols came from */
	struct symtab symtab;
	struct dso_segment *segs;
	u32 nr_segs;
	bool relocatable;       /* ET_DYN: addresses are relative to the load base */
	const char *root;       /* the dsos' root when the dso was made, not owned */
	struct dso *hash_next;  /* next dso whose path has the same hash */
	/* A small ELF image carried in the data file (util/portable): the
	 * DSO's symbols and unwind sections (.eh_frame_hdr, .eh_frame,
	 * .debug_frame) at their original addresses, for reporting on a machine
	 * without the file. Used when the file is missing or its build-id
	 * differs. Owned by whoever set it (the data file's reader), not freed
	 * by the dso. */
	const void *image;
	size_t image_size;
};

struct dsos {
	struct hashmap by_hash; /* hash of path -> chain of struct dso (see dso.c) */
	struct dso **all;
	size_t nr, cap;
	const char *root;       /* prefix for looking up files ("" or --symfs), not owned;
	                         * set it before the first dsos_findnew (each dso keeps it) */
};

void dsos_init(struct dsos *d);
void dsos_free(struct dsos *d);
struct dso *dsos_findnew(struct dsos *d, const char *path);
struct dso *dsos_find(const struct dsos *d, const char *path);

/* Record a build-id for path (from the data file's BUILD_ID feature). */
void dso_set_build_id(struct dso *dso, const u8 *id, u8 size);

/* Load symbols if not yet done (never fails: a DSO without symbols has an
 * empty table). For the kernel, kallsyms_path names the symbol source. */
void dso_load(struct dso *dso, const char *kallsyms_path);

/* The file to read for the DSO: the dsos' root + its path, without the
 * " (deleted)" the kernel appends to the names of replaced files (the file
 * at that path is often the same build). Malloc'd; NULL on ENOMEM. */
char *dso_file_path(const struct dso *dso);

/* A file offset in the DSO -> the address its symbols use. */
u64 dso_offset_to_addr(const struct dso *dso, u64 offset);

/* The other way: an address its symbols use (ELF vaddr) -> its offset in
 * the file, through the load segment holding it (where a uprobe goes).
 * Returns 0, or -1 when no segment of segs holds addr. */
int dso_segments_addr_to_offset(const struct dso_segment *segs, u32 nr, u64 addr, u64 *offset);

/* The symbol at a DSO address (dso_offset_to_addr's result), loading
 * symbols first. */
const struct symbol *dso_find_symbol(struct dso *dso, u64 addr);

#endif
