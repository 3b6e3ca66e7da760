/* A fixed amount of CPU work through a known call chain (main -> burn_outer
 * -> burn_mid -> burn_leaf), then the seconds it took: benchmarks compare
 * that time with and without a profiler attached. argv[1]: rounds (default 2000). */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

volatile unsigned long sink;

__attribute__((noinline)) void burn_leaf(void)
{
	for (int i = 0; i < 100000; i++)
		sink += (unsigned long)i * 7;
}

__attribute__((noinline)) void burn_mid(void)
{
	burn_leaf();
}

__attribute__((noinline)) void burn_outer(long rounds)
{
	for (long r = 0; r < rounds; r++)
		burn_mid();
}

int main(int argc, char **argv)
{
	long rounds = argc > 1 ? atol(argv[1]) : 2000;
	struct timespec a, b;

	clock_gettime(CLOCK_MONOTONIC, &a);
	burn_outer(rounds);
	clock_gettime(CLOCK_MONOTONIC, &b);
	printf("burn %.6f s\n", (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9);
	return 0;
}
