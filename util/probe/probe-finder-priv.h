/* Internal to the probe finder: what util/probe/probe-finder.c (resolving specs)
 * and util/probe/probe-show.c (the -L, -V, -F listings) share. Not for other
 * modules: they use util/probe/probe-finder.h. */
#ifndef SCRY_PROBE_FINDER_PRIV_H
#define SCRY_PROBE_FINDER_PRIV_H

#include <elfutils/libdw.h>
#include <gelf.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/symbols/dso.h"
#include "util/probe/dwarf.h"
#include "util/probe/probe-finder.h"
#include "util/symbols/symbol.h"
#include "util/xalloc.h"

struct probe_finder {
	char *path;             /* NULL: the kernel */
	int fd, dbg_fd;
	Elf *elf, *dbg_elf;
	struct dwarf_index *ix_;       /* built on first use (pf_index): -F needs none */
	Elf *dwarf_elf;         /* the ELF holding .debug_info, NULL: none */
	bool ix_tried;
	Dwarf_CFI *cfi;         /* .eh_frame of the binary (or .debug_frame) */
	bool cfi_owned;         /* from dwarf_getcfi_elf: ours to end */
	struct symtab syms;     /* by address: one name per address */
	struct symtab names;    /* every symbol, aliases too (malloc and
				 * __libc_malloc), unsorted: looked up by name */
	bool syms_loaded;
	struct dso_segment *segs;
	u32 nr_segs;
	struct probe_btf *btf;  /* kernel without vmlinux DWARF */
	char *source_dir;       /* -s: where the sources are now, or NULL */
};

/* One resolved place before its arguments are converted. */
struct place {
	struct dwarf_inst inst;
	bool has_inst;
	u64 addr;               /* link-time vaddr */
	int line;
	const char *file;
	const char *func;       /* DWARF or symbol name */
};

struct places {
	struct place *v;
	int nr;
};

/* The DWARF index, built (once) when a query first needs it; NULL: none. */
struct dwarf_index *pf_index(struct probe_finder *pf);
/* The instances (out of line and inlined) of FUNC[@SRC]; none: *nr = 0. */
int pf_func_instances(struct probe_finder *pf, const char *func, const char *src, struct dwarf_inst **insts,
		      int *nr);
/* "no function 'X' in BIN (did you mean: ...?)" into err; returns -1. */
int pf_no_such_function(struct probe_finder *pf, const char *func, char *err, size_t errlen);
/* The places spec names, into ps (and the instances found, *insts, for the
 * caller to free). -1 and one line in err when there are none. */
int pf_collect_places(struct probe_finder *pf, const struct probe_spec *spec, struct places *ps,
		      struct dwarf_inst **insts, char *err, size_t errlen);

/* The path to read a source file named in the DWARF from (malloc'd):
 * with -s DIR, the first of DIR/FILE, DIR/FILE-without-its-first-directory,
 * ... that exists (perf probe's search); else, or when none does, FILE
 * itself when absolute, or under the CU's compilation directory. */
char *pf_source_path(const struct probe_finder *pf, Dwarf_Die *cu, const char *file);

/* Calls fn for each variable and parameter in the scopes at p (outermost
 * scope first), whether or not it has a location there. */
void pf_each_visible_var(const struct place *p, void (*fn)(Dwarf_Die *var, const char *name, void *ctx),
			 void *ctx);

#endif
