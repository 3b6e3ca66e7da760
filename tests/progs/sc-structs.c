/* Syscalls whose arguments are structs strace decodes, with values known
 * in advance: stat of a regular file (argv[1]), of /tmp (a sticky
 * directory) and of /dev/null (a character device); statx of the file,
 * of / (a mount root) and of /dev/null; a stat whose path lies in a page
 * never touched before the call (argv[1]'s bytes, mapped: ENOENT); pipe2; connect to
 * 127.0.0.1:9, to [::1]:9, to a unix socket path and to an abstract one
 * (all refused or missing); a UDP sendto of "ping" to 127.0.0.1:9; clock_nanosleep and nanosleep of 1 ms; two
 * children reaped by wait4, one exiting 3, one killed by SIGKILL; signal
 * actions set and read back (handlers, SIG_IGN, masks, every flag) and
 * signal masks (all, none, realtime ones) blocked, set and read back. */
#include <fcntl.h>
#include <stddef.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void on_signal(int sig)
{
	(void)sig;
}

static void on_siginfo(int sig, siginfo_t *info, void *uc)
{
	(void)sig;
	(void)info;
	(void)uc;
}

static void signals(void)
{
	struct sigaction sa, old;
	sigset_t set;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGUSR2, &sa, NULL);
	sa.sa_flags = SA_RESTART | SA_NODEFER | SA_RESETHAND | SA_ONSTACK;
	sigaddset(&sa.sa_mask, SIGTERM);
	sigaddset(&sa.sa_mask, SIGHUP);
	sigaction(SIGUSR1, &sa, &old);
	sa.sa_sigaction = on_siginfo;
	sa.sa_flags = SA_SIGINFO | SA_NOCLDSTOP;
	sigaction(SIGURG, &sa, &old);
	sa.sa_handler = SIG_IGN;
	sa.sa_flags = 0;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGPIPE, &sa, &old);
	sigaction(SIGPIPE, NULL, &old);

	sigfillset(&set);
	sigprocmask(SIG_BLOCK, &set, NULL);
	sigemptyset(&set);
	sigaddset(&set, SIGRTMIN);
	sigaddset(&set, SIGRTMIN + 3);
	sigaddset(&set, SIGRTMAX);
	sigaddset(&set, SIGSYS);
	sigprocmask(SIG_SETMASK, &set, NULL);
	sigprocmask(SIG_UNBLOCK, &set, &old.sa_mask);
	sigemptyset(&set);
	sigprocmask(SIG_SETMASK, &set, &old.sa_mask);
}

static void try_connect(int family, const void *addr, socklen_t len)
{
	int s = socket(family, SOCK_STREAM, 0);

	if (s < 0)
		return;
	if (connect(s, addr, len) == 0)
		printf("connected?\n");
	close(s);
}

int main(int argc, char **argv)
{
	const char *path = argc > 1 ? argv[1] : "/etc/hostname";
	struct timespec ms = { 0, 1000000 };
	struct sockaddr_in in = { .sin_family = AF_INET, .sin_port = htons(9) };
	struct sockaddr_in6 in6 = { .sin6_family = AF_INET6, .sin6_port = htons(9) };
	struct sockaddr_un un = { .sun_family = AF_UNIX };
	struct stat st;
	int fds[2], status;
	pid_t pid;

	stat(path, &st);
	stat("/tmp", &st);
	stat("/dev/null", &st);
	{
		/* The tracer cannot read this path when the call starts (the
		 * page is not in yet); the call faults it in. */
		int fd = open(path, O_RDONLY);
		char *page = fd >= 0 ? mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, fd, 0) : MAP_FAILED;
		if (page != MAP_FAILED) {
			stat(page, &st);
			munmap(page, 4096);
		}
		if (fd >= 0)
			close(fd);
	}
	{
		struct statx sx;
		statx(AT_FDCWD, path, AT_SYMLINK_NOFOLLOW, STATX_BASIC_STATS, &sx);
		statx(AT_FDCWD, "/", 0, STATX_MODE | STATX_SIZE, &sx);
		statx(AT_FDCWD, "/dev/null", 0, STATX_ALL, &sx);
	}
	if (pipe2(fds, O_CLOEXEC) == 0) {
		close(fds[0]);
		close(fds[1]);
	}

	in.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	try_connect(AF_INET, &in, sizeof(in));
	{
		int u = socket(AF_INET, SOCK_DGRAM, 0);
		if (u >= 0) {
			sendto(u, "ping", 4, 0, (const struct sockaddr *)&in, sizeof(in));
			close(u);
		}
	}
	in6.sin6_addr = in6addr_loopback;
	try_connect(AF_INET6, &in6, sizeof(in6));
	strcpy(un.sun_path, "/nonexistent/scry-test.sock");
	try_connect(AF_UNIX, &un, (socklen_t)(offsetof(struct sockaddr_un, sun_path) + strlen(un.sun_path) + 1));
	memcpy(un.sun_path, "\0scry-abstract", 14);
	try_connect(AF_UNIX, &un, (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 14));

	syscall(SYS_clock_nanosleep, CLOCK_MONOTONIC, 0, &ms, NULL);
	syscall(SYS_nanosleep, &ms, NULL);

	pid = fork();
	if (pid == 0)
		_exit(3);
	wait4(pid, &status, 0, NULL);
	pid = fork();
	if (pid == 0) {
		kill(getpid(), SIGKILL);
		_exit(1);
	}
	wait4(pid, &status, 0, NULL);
	signals();
	return 0;
}
