/* Directories, polling, time and identity calls made with known values, for
 * tests/shell/trace-dec-poll.t to compare scry trace's decoding with
 * strace's. Run in an empty directory given as argv[1]:
 *   getcwd; getdents64 on a directory of 5 files (7 entries), then at its
 *   end (0 entries), then getdents from its start; poll/ppoll on a pipe holding a byte; select/pselect6 on
 *   it; epoll on a socketpair holding a byte; setitimer/getitimer;
 *   utimensat with UTIME_NOW/UTIME_OMIT and with times; utimes, futimesat,
 *   utime; getresuid and getresgid; timerfd_settime/gettime;
 *   clock_gettime/getres; gettimeofday, settimeofday (refused: the clock
 *   stays); nanosleep and clock_nanosleep, one of them interrupted by
 *   SIGALRM (not when given a second argument).
 * Every call goes through syscall(2), so that the C library picks no other
 * call (select as pselect6, clock_gettime through the vDSO). */
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>
#include <utime.h>

static void on_alarm(int sig)
{
	(void)sig;
}

int main(int argc, char **argv)
{
	char cwd[4096], dents[8192];
	struct pollfd pfd[3];
	struct timespec ts, rem;
	struct timeval tv;
	struct itimerval itv, old;
	struct itimerspec its, oits;
	struct epoll_event ev, evs[8];
	struct sigaction sa;
	fd_set rset, wset;
	u_int64_t mask = 1ULL << (SIGUSR1 - 1);
	struct { const void *ss; size_t len; } psig = { &mask, 8 };
	uid_t r, e, s;
	int p[2], sv[2], dfd, ep, tfd;

	if (argc < 2 || chdir(argv[1]))
		return 2;
	syscall(SYS_getcwd, cwd, sizeof(cwd));

	/* a directory of 5 files: 7 entries with . and .. */
	mkdir("d", 0755);
	for (int i = 0; i < 5; i++) {
		char name[16];
		snprintf(name, sizeof(name), "d/f%d", i);
		close(open(name, O_CREAT | O_WRONLY, 0644));
	}
	dfd = open("d", O_RDONLY | O_DIRECTORY);
	syscall(SYS_getdents64, dfd, dents, sizeof(dents));
	syscall(SYS_getdents64, dfd, dents, sizeof(dents));
	lseek(dfd, 0, SEEK_SET);
	syscall(SYS_getdents, dfd, dents, sizeof(dents));    /* the old layout */
	close(dfd);

	/* a pipe holding one byte: readable at 3, writable at 4 */
	if (pipe(p))
		return 1;
	if (write(p[1], "x", 1) != 1)
		return 1;
	pfd[0] = (struct pollfd){ .fd = p[0], .events = POLLIN | POLLPRI };
	pfd[1] = (struct pollfd){ .fd = p[1], .events = POLLOUT };
	pfd[2] = (struct pollfd){ .fd = -1, .events = POLLIN };
	syscall(SYS_poll, pfd, 3, 1000);
	pfd[1].events = POLLIN;
	syscall(SYS_poll, &pfd[1], 1, 0);               /* 0 (Timeout) */
	ts = (struct timespec){ 1, 0 };
	syscall(SYS_ppoll, pfd, 1, &ts, &mask, 8);
	syscall(SYS_ppoll, pfd, 2, NULL, NULL, 8);

	FD_ZERO(&rset);
	FD_ZERO(&wset);
	FD_SET(p[0], &rset);
	FD_SET(p[1], &rset);
	FD_SET(p[1], &wset);
	syscall(SYS_select, p[1] + 1, &rset, &wset, NULL, NULL);
	FD_SET(p[1], &rset);
	tv = (struct timeval){ 0, 0 };
	syscall(SYS_select, p[1] + 1, &rset, NULL, NULL, &tv);
	FD_ZERO(&rset);
	FD_SET(p[1], &rset);
	tv = (struct timeval){ 0, 0 };
	syscall(SYS_select, p[1] + 1, &rset, NULL, NULL, &tv);     /* 0 (Timeout) */
	FD_ZERO(&rset);
	FD_SET(p[0], &rset);
	FD_SET(p[1], &wset);
	ts = (struct timespec){ 2, 500 };
	syscall(SYS_pselect6, p[1] + 1, &rset, &wset, NULL, &ts, &psig);

	/* epoll on a socketpair holding one byte */
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv))
		return 1;
	if (write(sv[1], "y", 1) != 1)
		return 1;
	ep = syscall(SYS_epoll_create1, EPOLL_CLOEXEC);
	ev = (struct epoll_event){ .events = EPOLLIN | EPOLLET, .data.u64 = 0x100000005ULL };
	syscall(SYS_epoll_ctl, ep, EPOLL_CTL_ADD, sv[0], &ev);
	ev = (struct epoll_event){ .events = EPOLLOUT, .data.fd = sv[1] };
	syscall(SYS_epoll_ctl, ep, EPOLL_CTL_ADD, sv[1], &ev);
	syscall(SYS_epoll_wait, ep, evs, 8, 1000);
	syscall(SYS_epoll_ctl, ep, EPOLL_CTL_DEL, sv[1], NULL);
	syscall(SYS_epoll_pwait, ep, evs, 8, 0, &mask, 8);        /* edge: nothing new */
	if (write(sv[1], "z", 1) != 1)
		return 1;
	syscall(SYS_epoll_pwait, ep, evs, 8, 0, &mask, 8);

	/* interval timers */
	itv = (struct itimerval){ { 0, 0 }, { 100, 0 } };
	syscall(SYS_setitimer, ITIMER_REAL, &itv, NULL);
	syscall(SYS_getitimer, ITIMER_REAL, &old);
	itv = (struct itimerval){ { 0, 0 }, { 0, 0 } };
	syscall(SYS_setitimer, ITIMER_REAL, &itv, &old);
	syscall(SYS_getitimer, ITIMER_VIRTUAL, &old);

	/* file times */
	close(open("f", O_CREAT | O_WRONLY, 0644));
	struct timespec times[2] = { { 0, UTIME_NOW }, { 0, UTIME_OMIT } };
	syscall(SYS_utimensat, AT_FDCWD, "f", times, 0);
	times[0] = (struct timespec){ 1, 2 };
	times[1] = (struct timespec){ 1700000000, 0 };
	syscall(SYS_utimensat, AT_FDCWD, "f", times, AT_SYMLINK_NOFOLLOW);
	syscall(SYS_utimensat, AT_FDCWD, "f", NULL, 0);
	struct timeval tvs[2] = { { 1, 2 }, { 1700000000, 0 } };
	syscall(SYS_utimes, "f", tvs);
	syscall(SYS_futimesat, AT_FDCWD, "f", tvs);
	struct utimbuf ub = { 1, 1700000000 };
	syscall(SYS_utime, "f", &ub);

	/* identity */
	syscall(SYS_getresuid, &r, &e, &s);
	syscall(SYS_getresgid, &r, &e, &s);

	/* a timerfd */
	tfd = syscall(SYS_timerfd_create, CLOCK_MONOTONIC, TFD_CLOEXEC);
	its = (struct itimerspec){ { 0, 0 }, { 100, 0 } };
	syscall(SYS_timerfd_settime, tfd, 0, &its, NULL);
	its = (struct itimerspec){ { 3, 250 }, { 0, 0 } };
	syscall(SYS_timerfd_settime, tfd, 0, &its, &oits);
	syscall(SYS_timerfd_gettime, tfd, &oits);

	/* clocks */
	syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &ts);
	syscall(SYS_clock_getres, CLOCK_MONOTONIC, &ts);
	struct timezone tz;
	syscall(SYS_gettimeofday, &tv, &tz);
	tv = (struct timeval){ 0, 2000000 };    /* refused (EINVAL): the clock stays */
	syscall(SYS_settimeofday, &tv, NULL);
	ts = (struct timespec){ 0, 1000 };
	syscall(SYS_nanosleep, &ts, &rem);
	syscall(SYS_clock_nanosleep, CLOCK_MONOTONIC, 0, &ts, NULL);

	/* a sleep cut short by a signal: the time left is written back
	 * (not with a second argument: no signal at all) */
	if (argc > 2)
		return 0;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm;
	sigaction(SIGALRM, &sa, NULL);
	itv = (struct itimerval){ { 0, 0 }, { 0, 20000 } };
	syscall(SYS_setitimer, ITIMER_REAL, &itv, NULL);
	ts = (struct timespec){ 5, 0 };
	syscall(SYS_nanosleep, &ts, &rem);
	return 0;
}
