/* Tasks for report --tasks and --cpu: the parent forks two children; the
 * first names itself rt-child1 and starts two threads named rt-thread, the
 * second names itself rt-child2. Every task spins for argv[1] ms (default
 * 200), all at once, so each has samples and they land on every CPU; each
 * prints "task PID TID PPID COMM" (PPID: the thread that created it, as
 * perf report --tasks shows it). */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int spin_ms = 200;
static pid_t creator;   /* the tid that starts the threads */
volatile unsigned long sink;

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void spin(void)
{
	double end = now() + spin_ms / 1000.0;

	while (now() < end)
		for (int i = 0; i < 10000; i++)
			sink += (unsigned long)i;
}

static void say(pid_t ppid)
{
	char comm[32] = "";

	prctl(PR_GET_NAME, comm);
	printf("task %d %ld %d %s\n", getpid(), (long)syscall(SYS_gettid), ppid, comm);
	fflush(stdout);
}

static void *thread_main(void *arg)
{
	(void)arg;
	prctl(PR_SET_NAME, "rt-thread");
	say(creator);
	spin();
	return NULL;
}

int main(int argc, char **argv)
{
	pid_t kids[2];

	if (argc > 1)
		spin_ms = atoi(argv[1]);
	say(-1);
	for (int k = 0; k < 2; k++) {
		pid_t parent = getpid();

		kids[k] = fork();
		if (kids[k] < 0)
			return 1;
		if (kids[k] == 0) {
			pthread_t th[2];

			prctl(PR_SET_NAME, k == 0 ? "rt-child1" : "rt-child2");
			say(parent);
			creator = getpid();
			if (k == 0)
				for (int i = 0; i < 2; i++)
					pthread_create(&th[i], NULL, thread_main, NULL);
			spin();
			if (k == 0)
				for (int i = 0; i < 2; i++)
					pthread_join(th[i], NULL);
			_exit(0);
		}
	}
	spin();
	for (int k = 0; k < 2; k++)
		waitpid(kids[k], NULL, 0);
	return 0;
}
