/* A target for scry probe: functions with int/long/char * parameters, a
 * local variable at a known line, a struct passed by pointer, a function
 * returning a known value and a global. Every call prints the values it was
 * given on stdout, so the end-to-end tests compare what the probes fetched
 * with what the program saw.  argv[1]: number of rounds (default 3).
 * Built -O0 -g; probe-target-o2.c is the same source at -O2. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct pt_item {
	int id;
	long weight;
	const char *label;
	int vals[4];
};

int pt_global = 42;
long pt_counter;

__attribute__((noinline)) int pt_add(int a, long b, const char *name)
{
	int sum = a + (int)b;

	sum += (int)strlen(name);
	printf("pt_add a=%d b=%ld name=%s sum=%d\n", a, b, name, sum);
	return sum;
}

__attribute__((noinline)) long pt_weigh(struct pt_item *it, unsigned long scale)
{
	long total = it->weight * (long)scale;

	total += it->vals[2];
	printf("pt_weigh id=%d weight=%ld label=%s vals2=%d scale=%lu total=%ld\n",
	       it->id, it->weight, it->label, it->vals[2], scale, total);
	pt_counter += total;
	return total;
}

__attribute__((noinline)) unsigned pt_answer(void)
{
	printf("pt_answer ret=%u global=%d\n", 4242u, pt_global);
	return 4242u;
}

static inline __attribute__((always_inline)) int pt_twice(int v)
{
	int d = v * 2;

	return d + pt_global;
}

__attribute__((noinline)) int pt_loop(int n)
{
	int acc = 0;

	for (int i = 0; i < n; i++) {
		acc += pt_twice(i);
		pt_global++;
	}
	printf("pt_loop n=%d acc=%d\n", n, acc);
	return acc;
}

int main(int argc, char **argv)
{
	int rounds = argc > 1 ? atoi(argv[1]) : 3;
	static const char *labels[] = { "alpha", "beta", "gamma" };

	for (int r = 0; r < rounds; r++) {
		struct pt_item it = { .id = 100 + r, .weight = 1000L * (r + 1),
				      .label = labels[r % 3], .vals = { r, r + 1, r + 2, r + 3 } };

		pt_add(r, 10L * r, labels[r % 3]);
		pt_weigh(&it, (unsigned long)(r + 2));
		pt_answer();
		pt_loop(r + 1);
		fflush(stdout);
	}
	return 0;
}
