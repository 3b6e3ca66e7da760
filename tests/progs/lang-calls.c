/* Known calls for the aggregation language's end-to-end tests. Each mode
 * makes calls whose count and values the test knows, and prints what it
 * did, so scry's maps can be checked against the program's own account.
 *
 *   lang-calls [--wait] MODE [N]
 *
 * --wait: print "pid N" and wait for SIGUSR1 before working (for -p).
 * Modes:
 *   values N    lc_value(v) for v = 1..N (sum, min, max, avg, stats, hist)
 *   rets N      lc_ret(i) for i = 0..N-1, returning i % 100 (lhist of retval)
 *   stacks      lc_leaf() 3 times from lc_caller_a, 5 times from lc_caller_b
 *   reads       read(2) from /dev/zero of 1, 2, 3, 4, 8, 100, 1000, 4096 bytes
 *   opens       openat(2) of three known paths (printed)
 *   getpids N   getpid() N times and getppid() 2N times
 *   strings     lc_str() with "alpha", "beta", "gamma"
 *   loop N      lc_value(7) N times, as fast as it can (concurrency, overhead)
 *   malloc N    malloc(16 << (i % 8)) and free, N times
 *   ticks N     lc_value(i) for i = 1..N, 100 ms apart (interval prints)
 *   sleeps      lc_sleep(size, ms): (100, 10) (200, 20) (300, 40), twice each
 *               (latency and entry values)
 */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static volatile long sink;

__attribute__((noinline, used)) long lc_value(long v)
{
	sink += v;
	return v;
}

__attribute__((noinline, used)) int lc_ret(int i)
{
	sink += i;
	return i % 100;
}

__attribute__((noinline, used)) void lc_leaf(void)
{
	sink++;
}

__attribute__((noinline, used)) void lc_caller_a(void)
{
	lc_leaf();
	sink++;
}

__attribute__((noinline, used)) void lc_caller_b(void)
{
	lc_leaf();
	sink++;
}

__attribute__((noinline, used)) size_t lc_str(const char *s)
{
	sink += (long)strlen(s);
	return strlen(s);
}

/* Sleeps ms milliseconds; size only travels, for entry(arg0). */
__attribute__((noinline, used)) long lc_sleep(long size, long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
	sink += size;
	return size;
}

static volatile sig_atomic_t go;

static void on_usr1(int sig)
{
	(void)sig;
	go = 1;
}

int main(int argc, char **argv)
{
	int a = 1;
	long n;

	if (a < argc && !strcmp(argv[a], "--wait")) {
		sigset_t block, old;

		signal(SIGUSR1, on_usr1);
		sigemptyset(&block);
		sigaddset(&block, SIGUSR1);
		sigprocmask(SIG_BLOCK, &block, &old);
		printf("pid %d\n", getpid());
		fflush(stdout);
		while (!go)
			sigsuspend(&old);
		a++;
	}
	if (a >= argc) {
		fprintf(stderr, "usage: lang-calls [--wait] MODE [N]\n");
		return 2;
	}
	n = a + 1 < argc ? atol(argv[a + 1]) : 10;
	if (!strcmp(argv[a], "values")) {
		for (long v = 1; v <= n; v++)
			lc_value(v);
		printf("values 1..%ld sum %ld\n", n, n * (n + 1) / 2);
	} else if (!strcmp(argv[a], "rets")) {
		for (long i = 0; i < n; i++)
			lc_ret((int)i);
		printf("rets %ld\n", n);
	} else if (!strcmp(argv[a], "stacks")) {
		for (int i = 0; i < 3; i++)
			lc_caller_a();
		for (int i = 0; i < 5; i++)
			lc_caller_b();
		printf("lc_caller_a 3 lc_caller_b 5\n");
	} else if (!strcmp(argv[a], "reads")) {
		static const size_t sizes[] = { 1, 2, 3, 4, 8, 100, 1000, 4096 };
		static char buf[4096];
		int fd = open("/dev/zero", O_RDONLY);

		for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
			if (read(fd, buf, sizes[i]) != (ssize_t)sizes[i])
				return 1;
		close(fd);
		printf("reads 1 2 3 4 8 100 1000 4096\n");
	} else if (!strcmp(argv[a], "opens")) {
		static const char *const paths[] = { "/dev/null", "/etc/hostname", "/nonexistent/lang-calls" };

		for (size_t i = 0; i < 3; i++) {
			int fd = open(paths[i], O_RDONLY);

			printf("open %s\n", paths[i]);
			if (fd >= 0)
				close(fd);
		}
	} else if (!strcmp(argv[a], "getpids")) {
		for (long i = 0; i < n; i++)
			syscall(SYS_getpid);
		for (long i = 0; i < 2 * n; i++)
			syscall(SYS_getppid);
		printf("getpid %ld getppid %ld\n", n, 2 * n);
	} else if (!strcmp(argv[a], "strings")) {
		lc_str("alpha");
		lc_str("beta");
		lc_str("gamma");
		printf("strings alpha beta gamma\n");
	} else if (!strcmp(argv[a], "loop")) {
		for (long i = 0; i < n; i++)
			lc_value(7);
		printf("loop %ld\n", n);
	} else if (!strcmp(argv[a], "malloc")) {
		for (long i = 0; i < n; i++)
			free(malloc((size_t)16 << (i % 8)));
		printf("malloc %ld\n", n);
	} else if (!strcmp(argv[a], "sleeps")) {
		for (int r = 0; r < 2; r++) {
			lc_sleep(100, 10);
			lc_sleep(200, 20);
			lc_sleep(300, 40);
		}
		printf("sleeps 100:10ms 200:20ms 300:40ms x2\n");
	} else if (!strcmp(argv[a], "ticks")) {
		struct timespec gap = { 0, 100 * 1000 * 1000 };

		for (long i = 1; i <= n; i++) {
			lc_value(i);
			nanosleep(&gap, NULL);
		}
		printf("ticks %ld\n", n);
	} else {
		fprintf(stderr, "lang-calls: unknown mode %s\n", argv[a]);
		return 2;
	}
	fflush(stdout);
	return 0;
}
