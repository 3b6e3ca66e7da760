/* perf's pipe_test.sh workload: noploop() spins until a timer fires, after
 * argv[1] milliseconds (default 1000), so nearly every sample names it. */
#include <signal.h>
#include <stdlib.h>
#include <sys/time.h>

static volatile sig_atomic_t done;

static void on_timer(int sig)
{
	(void)sig;
	done = 1;
}

__attribute__((noinline)) void noploop(void)
{
	while (!done)
		continue;
}

int main(int argc, char **argv)
{
	long ms = argc > 1 ? atol(argv[1]) : 1000;
	struct itimerval it = { .it_value = { ms / 1000, (ms % 1000) * 1000 } };

	signal(SIGALRM, on_timer);
	setitimer(ITIMER_REAL, &it, NULL);
	noploop();
	return 0;
}
