/* The syscall table: number <-> name for the native ABI (x86_64), generated
 * at build time from the installed kernel headers (arch/x86/gen-syscalls.sh). */
#ifndef SCRY_SYSCALLS_H
#define SCRY_SYSCALLS_H

#include "util/types.h"

/* Upper bound on syscall numbers scry tracks (bitmaps, per-nr tables). */
#define SYSCALL_NR_MAX 512

/* Highest number the generated table knows. */
int syscall_max_nr(void);
/* "openat" for 257; NULL for numbers the table does not name. */
const char *syscall_name(int nr);
/* 257 for "openat"; -1 if unknown. */
int syscall_nr(const char *name);

#endif
