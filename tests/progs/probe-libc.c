/* Calls into libc that tests/shell/probe-libc.t probes by name: malloc
 * with known sizes a known number of times (1234 three times, 4321 twice,
 * 777 five times), and nothing else that allocates (write(2), not stdio),
 * so a malloc probe sees exactly those. It writes "malloc SIZE" for each
 * call, as the test's oracle.
 *
 * pl_twice is always inlined, at three call sites: one function, three
 * places, for --max-probes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const size_t sizes[] = { 1234, 4321, 777, 1234, 777, 777, 4321, 777, 1234, 777 };

static void say(const char *what, size_t n)
{
	char buf[64];
	int len = snprintf(buf, sizeof(buf), "%s %zu\n", what, n);

	if (write(1, buf, (size_t)len) != len)
		exit(1);
}

static inline __attribute__((always_inline)) int pl_twice(int x)
{
	return x * 2;
}

int main(void)
{
	volatile int v = 1;
	void *keep[sizeof(sizes) / sizeof(sizes[0])];

	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		keep[i] = malloc(sizes[i]);
		if (!keep[i])
			return 1;
		memset(keep[i], 0, sizes[i]);
		say("malloc", sizes[i]);
	}
	v = pl_twice(v);
	v = pl_twice(v) + 1;
	v = pl_twice(v) + 2;
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
		free(keep[i]);
	return v == 12 ? 0 : 1;
}
