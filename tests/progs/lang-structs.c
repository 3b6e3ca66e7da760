/* C definitions in the language (struct Rec { ... } before the probes):
 * a function taking a pointer to a struct with padding, a nested struct,
 * a union, a two-dimensional array, a pointer to the next record and small
 * signed members, and a pointer to a pointer to it. The program prints
 * what it passed, so a test compares what scry read through its own
 * definitions with what was there.
 *
 *   lang-structs N    visit(&recs[i % 2], &ptrs[i % 2]) N times */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct inner {
	short tag;
	long long big;
};

union num {
	int i;
	char c[4];
};

struct rec {
	char c;
	int i;
	char name[10];
	unsigned long long u;
	struct inner in;
	union num n;
	int grid[2][3];
	struct rec *next;
	uint8_t small;
	signed char neg;
	short sh;
};

static struct rec recs[2];
static struct rec *ptrs[2];
static volatile long sink;

__attribute__((noinline, used)) long visit(struct rec *r, struct rec **pp)
{
	sink += r->i + (*pp)->sh;
	return sink;
}

int main(int argc, char **argv)
{
	static const char *const names[2] = { "first", "second" };
	long n = argc > 1 ? atol(argv[1]) : 2;

	for (int k = 0; k < 2; k++) {
		struct rec *r = &recs[k];

		r->c = (char)('a' + k);
		r->i = -1000 * (k + 1);
		snprintf(r->name, sizeof(r->name), "%s", names[k]);
		r->u = 0xfedcba9876543210ull + (unsigned)k;
		r->in.tag = (short)(-7 - k);
		r->in.big = -5000000000ll * (k + 1);
		r->n.i = 0x01020304 * (k + 1);
		for (int a = 0; a < 2; a++)
			for (int b = 0; b < 3; b++)
				r->grid[a][b] = 100 * (k + 1) + 10 * a + b;
		r->next = &recs[(k + 1) % 2];
		r->small = (uint8_t)(250 + k);
		r->neg = (signed char)(-100 - k);
		r->sh = (short)(-30000 + k);
		ptrs[k] = r;
	}
	for (long i = 0; i < n; i++)
		visit(&recs[i % 2], &ptrs[i % 2]);
	for (int k = 0; k < 2; k++) {
		const struct rec *r = &recs[k];

		printf("rec c=%c i=%d name=%s u=%llu tag=%d big=%lld n=%d grid12=%d next=%s small=%u neg=%d sh=%d\n",
		       r->c, r->i, r->name, r->u, r->in.tag, r->in.big, r->n.i, r->grid[1][2], r->next->name,
		       r->small, r->neg, r->sh);
	}
	fflush(stdout);
	return 0;
}
