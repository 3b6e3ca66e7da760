/* Kernel symbols from /proc/kallsyms (or a saved copy): function and data
 * symbols with their absolute addresses; module symbols named
 * "sym [module]". Requires root or kptr_restrict=0 for real addresses:
 * all-zero addresses are reported as unusable. */
#ifndef SCRY_KALLSYMS_H
#define SCRY_KALLSYMS_H

#include "util/symbols/symbol.h"

/* Returns the number of symbols, -1 if the file cannot be read, -2 if its
 * addresses are hidden (all zero). */
int kallsyms_load(const char *path, struct symtab *t);
/* The same from size bytes of kallsyms text in memory (the kernel symbols
 * a data file carries, util/portable). */
int kallsyms_load_mem(const void *buf, size_t size, struct symtab *t);
/* Where kernel symbols come from when nothing else is named:
 * /proc/kallsyms, or $SCRY_KALLSYMS (a test hook: it stands for "another
 * machine's kernel" in tests/shell/portable.t). */
const char *kallsyms_default_path(void);
/* The address of one symbol ("_text"), 0 if not found. */
u64 kallsyms_lookup(const char *path, const char *name);
/* The running kernel's build-id (from /sys/kernel/notes): its size, 0 if none. */
int kallsyms_kernel_build_id(u8 id[20]);

#endif
