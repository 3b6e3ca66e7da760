// cflags: -O2 -g
/* probe-values.c at -O2: parameters in registers, location lists. */
#include "probe-values.c"
