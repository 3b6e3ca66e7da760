// cflags: -O2 -g -fomit-frame-pointer
/* Time spent in the vdso: main -> uw_clock_loop -> clock_gettime (libc)
 * -> __vdso_clock_gettime, for argv[1] milliseconds (default 500). A
 * dwarf unwinder must go through the vdso's own unwind tables. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

__attribute__((noinline)) long uw_clock_loop(long ms)
{
	struct timespec start, now;
	long calls = 0;

	clock_gettime(CLOCK_MONOTONIC, &start);
	do {
		clock_gettime(CLOCK_MONOTONIC, &now);
		calls++;
	} while ((now.tv_sec - start.tv_sec) * 1000 + (now.tv_nsec - start.tv_nsec) / 1000000 < ms);
	return calls;
}

int main(int argc, char **argv)
{
	long calls = uw_clock_loop(argc > 1 ? atol(argv[1]) : 500);

	printf("unwind-vdso %s\n", calls > 0 ? "ok" : "no calls");
	return 0;
}
