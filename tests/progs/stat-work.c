/* Known counts for scry stat: WRITES write(2)s of one byte to /dev/null
 * (argv[1], default 100), PAGES fresh anonymous pages touched once each
 * (argv[2], default 0: each a page fault), then MS milliseconds of cpu
 * (argv[3], default 0). Prints nothing, so that its writes are exactly
 * WRITES. */
#include <fcntl.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

volatile unsigned long sink;

int main(int argc, char **argv)
{
	int writes = argc > 1 ? atoi(argv[1]) : 100;
	long pages = argc > 2 ? atol(argv[2]) : 0;
	int ms = argc > 3 ? atoi(argv[3]) : 0;
	long psz = sysconf(_SC_PAGESIZE);
	int fd = open("/dev/null", O_WRONLY);
	double end;

	if (fd < 0)
		return 1;
	for (int i = 0; i < writes; i++)
		if (write(fd, "x", 1) != 1)
			return 1;
	if (pages > 0) {
		char *p = mmap(NULL, (size_t)(pages * psz), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		if (p == MAP_FAILED)
			return 1;
		for (long i = 0; i < pages; i++)
			p[i * psz] = 1;
	}
	end = now_ms() + ms;
	while (now_ms() < end)
		for (int i = 0; i < 10000; i++)
			sink += (unsigned long)i;
	return 0;
}
