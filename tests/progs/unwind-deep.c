// cflags: -O2 -g -fomit-frame-pointer
/* CPU-bound through a known chain main -> uw_a -> uw_b -> uw_c -> uw_leaf,
 * built without frame pointers: only a DWARF unwinder (CFI from .eh_frame)
 * rebuilds the chain from a sample; frame-pointer callchains (-g) cannot.
 * argv[1]: milliseconds to run (default 1000). Every function keeps work
 * after its call, so none of the calls becomes a tail call. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

volatile unsigned long uw_sink;

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The sampled loop: most samples land here. */
__attribute__((noinline)) unsigned long uw_leaf(unsigned long n)
{
	unsigned long acc = n;

	for (unsigned long i = 0; i < 2000000; i++)
		acc = acc * 6364136223846793005ul + i;
	uw_sink += acc;
	return acc;
}

__attribute__((noinline)) unsigned long uw_c(unsigned long n)
{
	unsigned long v = uw_leaf(n + 3);

	uw_sink ^= v;
	return v + 3;
}

__attribute__((noinline)) unsigned long uw_b(unsigned long n)
{
	unsigned long v = uw_c(n * 5);

	uw_sink ^= v << 1;
	return v + 2;
}

__attribute__((noinline)) unsigned long uw_a(unsigned long n)
{
	unsigned long v = uw_b(n ^ 0x55);

	uw_sink ^= v << 2;
	return v + 1;
}

int main(int argc, char **argv)
{
	long ms = argc > 1 ? atol(argv[1]) : 1000;
	long end = now_ms() + ms;
	unsigned long n = 0, total = 0;

	while (now_ms() < end) {
		total += uw_a(n++);
	}
	printf("unwind-deep %lu rounds %lu\n", n, total & 0xff);
	return 0;
}
