/* A signal handled while SIGUSR2 and SIGRTMIN+2 are blocked: rt_sigreturn
 * restores that mask (strace shows rt_sigreturn({mask=[USR2 RT_4]}): glibc's
 * SIGRTMIN is 34, strace counts from 32); then a
 * file of 600 'x' is read and written whole (strace -s 1000 shows it all);
 * last a 2 s nanosleep that a SIGALRM handler cuts short after 0.2 s: its
 * rmtp holds the time left (strace shows it). */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static void on_usr1(int sig)
{
	(void)sig;
}

int main(int argc, char **argv)
{
	char buf[1024];
	sigset_t m;
	ssize_t n;
	int fd;

	if (argc != 2) {
		fprintf(stderr, "usage: trace-sigreturn FILE\n");
		return 2;
	}
	sigemptyset(&m);
	sigaddset(&m, SIGUSR2);
	sigaddset(&m, SIGRTMIN + 2);
	sigprocmask(SIG_BLOCK, &m, NULL);
	signal(SIGUSR1, on_usr1);
	raise(SIGUSR1);

	memset(buf, 'x', 600);
	fd = open(argv[1], O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || write(fd, buf, 600) != 600 || lseek(fd, 0, SEEK_SET) != 0)
		return 1;
	n = read(fd, buf, sizeof(buf));
	close(fd);
	{
		struct itimerval it = { .it_value = { 0, 200000 } };
		struct timespec req = { 2, 0 }, left = { 0, 0 };

		signal(SIGALRM, on_usr1);
		setitimer(ITIMER_REAL, &it, NULL);
		if (nanosleep(&req, &left) == 0 || left.tv_sec < 1)
			return 1;
	}
	return n == 600 ? 0 : 1;
}
