// cflags: -O2 -g -fomit-frame-pointer -fno-asynchronous-unwind-tables
/* The unwind-deep chain with its CFI in .debug_frame only (no .eh_frame
 * for these functions): the unwinder's fallback table. */
#include "unwind-deep.c"
