/* Two CPU-bound phases, one after the other: phase_a until argv[1] ms
 * (default 300) of wall time since main started, then phase_b until argv[2]
 * ms more (default 700). For record -D: with a delay past phase A's end, no
 * sample may fall in phase_a. */
#include <stdlib.h>
#include <time.h>

volatile unsigned long sink;

static long elapsed_ms(const struct timespec *start)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (now.tv_sec - start->tv_sec) * 1000 + (now.tv_nsec - start->tv_nsec) / 1000000;
}

__attribute__((noinline)) void phase_a(const struct timespec *start, long until_ms)
{
	while (elapsed_ms(start) < until_ms)
		for (int i = 0; i < 10000; i++)
			sink += (unsigned long)i * 3;
}

__attribute__((noinline)) void phase_b(const struct timespec *start, long until_ms)
{
	while (elapsed_ms(start) < until_ms)
		for (int i = 0; i < 10000; i++)
			sink += (unsigned long)i * 5;
}

int main(int argc, char **argv)
{
	long a = argc > 1 ? atol(argv[1]) : 300, b = argc > 2 ? atol(argv[2]) : 700;
	struct timespec start;

	clock_gettime(CLOCK_MONOTONIC, &start);
	phase_a(&start, a);
	phase_b(&start, a + b);
	return 0;
}
