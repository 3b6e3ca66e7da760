/* A target for scry probe's end-to-end tests (tests/shell/probe-values.t,
 * probe-cmds.t): functions with int/long/char * parameters, a local at a
 * marked line, a struct read through a pointer and a known return value.
 * The program prints every value itself, so the test compares what the
 * probes fetched with what the program saw.  argv[1]: rounds (default 3).
 * Built -O0 -g; probe-values-o2.c is the same source at -O2. */
#include <stdio.h>
#include <stdlib.h>

struct pv_rec {
	int id;
	long score;
	char tag[8];
};

__attribute__((noinline)) int pv_entry(int i, long l, const char *s)
{
	printf("pv_entry i=%d l=%ld s=%s\n", i, l, s);
	return i + (int)l;
}

__attribute__((noinline)) int pv_line(int n)
{
	int sq = n * n + 7;

	printf("pv_line sq=%d\n", sq);	/* PV_LINE_SQ */
	return sq;
}

__attribute__((noinline)) long pv_struct(struct pv_rec *r)
{
	printf("pv_struct id=%d score=%ld\n", r->id, r->score);
	return r->score + r->id;
}

__attribute__((noinline)) int pv_ret(int k)
{
	return k * 3 + 1;
}

int main(int argc, char **argv)
{
	int rounds = argc > 1 ? atoi(argv[1]) : 3;
	static const char *const words[] = { "alpha", "beta", "gamma delta" };

	for (int r = 0; r < rounds; r++) {
		struct pv_rec rec = { .id = 500 + r, .score = -1000L * (r + 1), .tag = "t" };
		int v;

		pv_entry(r - 1, 100000000000L * (r + 1), words[r % 3]);
		pv_line(r + 2);
		pv_struct(&rec);
		v = pv_ret(r + 5);
		printf("pv_ret ret=%d\n", v);
	}
	fflush(stdout);
	return 0;
}
