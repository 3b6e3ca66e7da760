// cflags: -O2 -g -fomit-frame-pointer
/* A write through a known call chain, main -> stk_a -> stk_b -> write(2),
 * for the stacks of scry trace --call-graph: built without frame pointers
 * (only DWARF unwinding finds the chain) and, as sc-stack-fp, with them and
 * the syscall made in stk_b itself (a frame-pointer walk starting in libc's
 * frameless write() would skip stk_b). Prints "stack-write 12" on stdout
 * after the write of "stack-probe\n" to fd 1. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

volatile int stk_sink;

__attribute__((noipa)) static long stk_b(const char *s)
{
	long n;
#ifdef SC_STACK_RAW_SYSCALL
	/* write(1, s, len) with the syscall instruction here, in stk_b */
	__asm__ volatile("syscall" : "=a"(n) : "a"(1L), "D"(1L), "S"(s), "d"((long)strlen(s)) : "rcx", "r11", "memory");
#else
	n = write(1, s, strlen(s));
#endif
	stk_sink += (int)n;     /* work after the call: no tail call */
	return n;
}

__attribute__((noipa)) static long stk_a(const char *s)
{
	long n = stk_b(s);

	stk_sink += 1;
	return n;
}

int main(void)
{
	long n = stk_a("stack-probe\n");

	stk_sink += 2;
	printf("stack-write %ld\n", n);
	return 0;
}
