/* Symbol tables: sorted arrays of (start, size, name), looked up by binary
 * search.  One per DSO (from ELF .symtab/.dynsym, PLT entries named
 * "func@plt") and one for the kernel (kallsyms). Loaded lazily, once. */
#ifndef SCRY_SYMBOL_H
#define SCRY_SYMBOL_H

#include "util/types.h"

enum sym_bind { SYM_BIND_GLOBAL, SYM_BIND_LOCAL, SYM_BIND_WEAK };

struct symbol {
	u64 start;              /* address in the DSO's own address space (ELF vaddr), or kernel address */
	u64 size;               /* 0 in the input: fixed up to reach the next symbol */
	const char *name;       /* demangled when it was mangled */
	u8 kind;                /* 'T' function, 'D' data, ... as nm prints it */
	u8 bind;                /* enum sym_bind: from the letter (upper case
				 * global, 'W'/'V' weak), except for an ifunc
				 * ('i' whatever its binding), set by the ELF
				 * loader: perf chooses among aliases by it */
};

struct symtab {
	struct symbol *syms;
	size_t nr, cap;
	char **blocks;          /* string storage the names point into */
	size_t nr_blocks;
	size_t blocks_cap;      /* room in blocks[] */
	size_t block_used;      /* bytes taken in blocks[nr_blocks - 1] */
	size_t block_size;      /* size of blocks[nr_blocks - 1] */
};

void symtab_init(struct symtab *t);
void symtab_free(struct symtab *t);
/* Add a symbol; name is copied. */
int symtab_add(struct symtab *t, u64 start, u64 size, const char *name, u8 kind);
/* Sort, drop duplicates, give sizeless symbols the room to the next one. */
void symtab_finish(struct symtab *t);
/* The symbol containing addr, or NULL. */
const struct symbol *symtab_find(const struct symtab *t, u64 addr);
/* The first symbol named name (a linear scan: for occasional lookups such
 * as "_text", not per sample), or NULL. */
const struct symbol *symtab_find_name(const struct symtab *t, const char *name);

#endif
