/* Threads that end in each of the ways strace -f reports: worker A returns
 * (exit(0) of the thread) and is joined; worker B, renamed "sc-worker-b",
 * blocks until main ends the whole process with exit(3), which ends B too.
 * Prints "thread a TID", "thread b TID" and "main PID" for the tests. */
#include <pthread.h>
#include <stdio.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t ready = PTHREAD_COND_INITIALIZER;
static int b_started;

static void say(const char *who, long id)
{
	char line[64];
	int n = snprintf(line, sizeof(line), "%s %ld\n", who, id);

	if (write(1, line, (size_t)n) != n)
		_exit(1);
}

static void *worker_a(void *arg)
{
	(void)arg;
	say("thread a", (long)syscall(SYS_gettid));
	return NULL;
}

static void *worker_b(void *arg)
{
	(void)arg;
	prctl(PR_SET_NAME, "sc-worker-b");
	say("thread b", (long)syscall(SYS_gettid));
	pthread_mutex_lock(&lock);
	b_started = 1;
	pthread_cond_signal(&ready);
	pthread_mutex_unlock(&lock);
	for (;;)
		pause();
	return NULL;
}

int main(void)
{
	pthread_t a, b;

	say("main", (long)getpid());
	pthread_create(&a, NULL, worker_a, NULL);
	pthread_join(a, NULL);
	pthread_create(&b, NULL, worker_b, NULL);
	pthread_mutex_lock(&lock);
	while (!b_started)
		pthread_cond_wait(&ready, &lock);
	pthread_mutex_unlock(&lock);
	usleep(20000);          /* B is in pause() */
	_exit(3);
}
