// cflags: -O2 -g
/* probe-target.c at -O2: location lists, inlined instances, variables kept
 * in registers or optimized out at some places. */
#include "probe-target.c"
