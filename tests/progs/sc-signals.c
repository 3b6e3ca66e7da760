/* Signals with known contents, for comparing with strace: blocks and
 * unblocks a mask of SIGUSR1, glibc's SIGRTMIN+2 (36) and the last
 * real-time signal (64), sends itself signal 36 (handled), then forks a
 * child that burns about 200 ms of user CPU and exits 5: its SIGCHLD
 * carries that time. Prints "child PID status N utime T stime T" (T in
 * clock ticks, from wait4's rusage) for the tests. */
#include <signal.h>
#include <stdio.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile sig_atomic_t got;

static void on_signal(int sig)
{
	got = sig;
}

static long ticks(struct timeval tv, long hz)
{
	return (long)tv.tv_sec * hz + (long)tv.tv_usec * hz / 1000000;
}

int main(void)
{
	struct sigaction sa = { .sa_handler = on_signal };
	struct rusage ru;
	sigset_t set;
	long hz = sysconf(_SC_CLK_TCK);
	int status;
	pid_t pid;

	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigaddset(&set, 36);
	sigaddset(&set, 64);
	sigprocmask(SIG_BLOCK, &set, NULL);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	sigaction(36, &sa, NULL);
	kill(getpid(), 36);

	pid = fork();
	if (pid == 0) {
		struct rusage self;
		volatile unsigned long spin = 0;

		do {
			for (int i = 0; i < 1000000; i++)
				spin++;
			getrusage(RUSAGE_SELF, &self);
		} while (self.ru_utime.tv_sec == 0 && self.ru_utime.tv_usec < 200000);
		_exit(5);
	}
	if (wait4(pid, &status, 0, &ru) != pid)
		return 1;
	printf("child %d status %d utime %ld stime %ld\n", (int)pid, WEXITSTATUS(status), ticks(ru.ru_utime, hz),
	       ticks(ru.ru_stime, hz));
	return got == 36 ? 0 : 2;
}
