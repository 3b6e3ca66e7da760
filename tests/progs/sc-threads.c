/* Two threads, each making 5 getppid() calls, joined by main. Prints the
 * thread ids so tests can check that each thread's calls were seen. */
#include <pthread.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

static void *worker(void *arg)
{
	(void)arg;
	for (int i = 0; i < 5; i++)
		getppid();
	char line[64];
	int n = snprintf(line, sizeof(line), "thread %ld\n", (long)syscall(SYS_gettid));
	/* One write per thread, whatever the timing (stdio would merge them). */
	if (write(1, line, (size_t)n) != n)
		return NULL;
	return NULL;
}

int main(void)
{
	pthread_t t[2];

	for (int i = 0; i < 2; i++)
		pthread_create(&t[i], NULL, worker, NULL);
	for (int i = 0; i < 2; i++)
		pthread_join(t[i], NULL);
	return 0;
}
