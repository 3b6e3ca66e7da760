/* A known profile for scry report: main calls work_a and work_b, which
 * both call hot(); work_a does twice the rounds of work_b, so hot's
 * samples come about 2/3 through work_a and 1/3 through work_b. hot()
 * spends its time in mix(), inlined into it (always_inline, even at -O0).
 * argv[1]: milliseconds to run (default 500). Prints the rounds it did. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

volatile unsigned long sink;

static inline __attribute__((always_inline)) unsigned long mix(unsigned long v)
{
	for (int i = 0; i < 2000; i++)
		v = v * 6364136223846793005UL + 1442695040888963407UL;
	return v;
}

__attribute__((noinline)) void hot(void)
{
	sink = mix(sink);
}

__attribute__((noinline)) void work_a(void)
{
	hot();
	hot();
}

__attribute__((noinline)) void work_b(void)
{
	hot();
}

static long elapsed_ms(const struct timespec *a)
{
	struct timespec b;

	clock_gettime(CLOCK_MONOTONIC, &b);
	return (b.tv_sec - a->tv_sec) * 1000 + (b.tv_nsec - a->tv_nsec) / 1000000;
}

int main(int argc, char **argv)
{
	long ms = argc > 1 ? atol(argv[1]) : 500, rounds = 0;
	struct timespec start;

	clock_gettime(CLOCK_MONOTONIC, &start);
	while (elapsed_ms(&start) < ms) {
		for (int i = 0; i < 100; i++) {
			work_a();
			work_b();
		}
		rounds += 100;
	}
	printf("rounds %ld\n", rounds);
	return 0;
}
