// cflags: -O2 -g -fno-omit-frame-pointer
/* report-tree.c at -O2 (frame pointers kept, for -g): mix() inlined into
 * hot() by the optimizer too, for script --inline against perf. */
#include "report-tree.c"
