/* Workloads for the language's benchmarks (bench/lang-*): each times its
 * own loop, so a tracer's start-up and set-up are not in the figure, and
 * makes no calls but the ones it is asked for (its output goes through
 * write(2) with integers only: no stdio buffer, no malloc of its own).
 *
 *   lang-bench [--cpu C] [--wait] MODE N [RATE]
 *
 * --cpu C: run on CPU C only (sched_setaffinity), so that every mode of a
 *         benchmark runs its loop on the same CPU (on a shared VM one CPU
 *         can be much slower than the other for minutes).
 * --wait: print "pid N" and wait for SIGUSR1 before working (for -p, or a
 *         tracer started before the work).
 * Modes:
 *   malloc N       free(malloc(16 << (i % 8))) N times: exactly N malloc calls
 *   loop N         lb_value(7) N times, as fast as it can
 *   rate N RATE    lb_value(i) for i = 1..N at RATE calls a second (batches
 *                  every millisecond, on an absolute clock: late ticks catch up)
 *
 * Prints "MODE N calls in S.NNNNNNNNN s" (the loop alone), and for rate the
 * rate achieved.
 */
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static volatile long sink;

__attribute__((noinline, used)) long lb_value(long v)
{
	sink += v;
	return v;
}

static volatile sig_atomic_t go;

static void on_usr1(int sig)
{
	(void)sig;
	go = 1;
}

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void say(const char *s)
{
	size_t n = strlen(s);

	while (n) {
		ssize_t w = write(STDOUT_FILENO, s, n);

		if (w <= 0)
			exit(1);
		s += w;
		n -= (size_t)w;
	}
}

int main(int argc, char **argv)
{
	char line[160];
	int a = 1;
	long n, rate = 0;
	long long t0, t1;

	if (a + 1 < argc && !strcmp(argv[a], "--cpu")) {
		cpu_set_t set;

		CPU_ZERO(&set);
		CPU_SET(atoi(argv[a + 1]), &set);
		if (sched_setaffinity(0, sizeof(set), &set)) {
			say("lang-bench: cannot run on that CPU\n");
			return 2;
		}
		a += 2;
	}
	if (a < argc && !strcmp(argv[a], "--wait")) {
		sigset_t block, old;

		signal(SIGUSR1, on_usr1);
		sigemptyset(&block);
		sigaddset(&block, SIGUSR1);
		sigprocmask(SIG_BLOCK, &block, &old);
		snprintf(line, sizeof(line), "pid %d\n", (int)getpid());
		say(line);
		while (!go)
			sigsuspend(&old);
		a++;
	}
	if (a + 1 >= argc) {
		say("usage: lang-bench [--cpu C] [--wait] malloc|loop N | rate N RATE\n");
		return 2;
	}
	n = atol(argv[a + 1]);
	if (!strcmp(argv[a], "rate")) {
		if (a + 2 >= argc || (rate = atol(argv[a + 2])) <= 0) {
			say("lang-bench: rate needs N and RATE > 0\n");
			return 2;
		}
	} else if (strcmp(argv[a], "malloc") && strcmp(argv[a], "loop")) {
		say("lang-bench: unknown mode\n");
		return 2;
	}

	t0 = now_ns();
	if (!strcmp(argv[a], "malloc")) {
		for (long i = 0; i < n; i++)
			free(malloc((size_t)16 << (i % 8)));
	} else if (!strcmp(argv[a], "loop")) {
		for (long i = 0; i < n; i++)
			lb_value(7);
	} else {
		/* Call i is due at t0 + i / rate: each millisecond tick makes the
		 * calls due by then, then sleeps to the next tick. */
		struct timespec tick;
		long done = 0;
		long long next = t0;

		while (done < n) {
			long long due = (long long)((__int128)(now_ns() - t0) * rate / 1000000000LL) + 1;

			if (due > n)
				due = n;
			while (done < due)
				lb_value(++done);
			next += 1000000;
			tick.tv_sec = next / 1000000000LL;
			tick.tv_nsec = next % 1000000000LL;
			clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &tick, NULL);
		}
	}
	t1 = now_ns();
	snprintf(line, sizeof(line), "%s %ld calls in %lld.%09lld s", argv[a], n, (t1 - t0) / 1000000000LL,
		 (t1 - t0) % 1000000000LL);
	say(line);
	if (rate) {
		snprintf(line, sizeof(line), " (%lld calls/s, asked %ld)", (long long)((__int128)n * 1000000000LL / (t1 - t0)),
			 rate);
		say(line);
	}
	say("\n");
	return 0;
}
