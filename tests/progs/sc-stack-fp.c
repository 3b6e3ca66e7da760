// cflags: -O0 -g -fno-omit-frame-pointer -DSC_STACK_RAW_SYSCALL
/* sc-stack.c with frame pointers, the write made in stk_b itself. */
#include "sc-stack.c"
