/* CPU-bound with a known call chain: main -> spin_outer -> spin_mid ->
 * spin_leaf, for argv[1] milliseconds (default 300). Prints the addresses
 * of its functions so tests can check symbol resolution. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

volatile unsigned long sink;

__attribute__((noinline)) void spin_leaf(void)
{
	for (int i = 0; i < 100000; i++)
		sink += (unsigned long)i * 7;
}

__attribute__((noinline)) void spin_mid(void)
{
	spin_leaf();
}

__attribute__((noinline)) void spin_outer(long ms)
{
	struct timespec start, now;

	clock_gettime(CLOCK_MONOTONIC, &start);
	do {
		spin_mid();
		clock_gettime(CLOCK_MONOTONIC, &now);
	} while ((now.tv_sec - start.tv_sec) * 1000 + (now.tv_nsec - start.tv_nsec) / 1000000 < ms);
}

int main(int argc, char **argv)
{
	long ms = argc > 1 ? atol(argv[1]) : 300;

	printf("spin_leaf %p spin_mid %p spin_outer %p main %p\n", (void *)spin_leaf, (void *)spin_mid,
	       (void *)spin_outer, (void *)main);
	fflush(stdout);
	spin_outer(ms);
	return 0;
}
