// cflags: -O2 -g
/* typed-args.c at -O2: parameters in registers, location lists. */
#include "typed-args.c"
