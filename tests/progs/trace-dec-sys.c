/* System-information syscalls with values known in advance, for
 * trace-dec-sys.t to compare scry trace's decoding with strace's:
 * uname, sysinfo, statfs of / and fstatfs of a file, prlimit64 (get, then
 * set RLIMIT_NOFILE to what it was, and a soft limit lowered by one), the
 * old getrlimit/setrlimit calls, getrusage, times, getrandom, the CPU
 * affinity mask (read, then set to what it was), getgroups/setgroups,
 * the NUMA policy calls (get_mempolicy, set_mempolicy, mbind), clone3 (a
 * child that exits 0 at once), futex (a wake, a wait that finds another
 * value, a bitset wait that times out, a wake-op and a compare-requeue
 * that wake no one), prctl (PR_SET_NAME,
 * PR_GET_NAME, PR_CAPBSET_READ, PR_GET_DUMPABLE, PR_GET_PDEATHSIG,
 * PR_SET_NO_NEW_PRIVS, PR_CAP_AMBIENT, PR_MCE_KILL_GET, PR_GET_SPECULATION_CTRL,
 * PR_SET_SECCOMP and PR_SET_VMA with values they refuse), fcntl F_GETFD/F_GETFL/F_DUPFD_CLOEXEC, and ioctl
 * FIONREAD on a pipe holding 5 bytes, TCGETS on that pipe (ENOTTY), FIONBIO,
 * TIOCSWINSZ/TIOCGWINSZ, TCGETS, TCSETS (and raw mode) and TCFLSH on a new pty, and
 * SIOCGIFINDEX/SIOCGIFMTU of lo and of an interface that does not exist.
 *
 * Every call goes through syscall(2) so that each appears exactly once,
 * with exactly these arguments, whatever the C library does. */
#include <fcntl.h>
#include <linux/futex.h>
#include <linux/sched.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/times.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#ifndef MPOL_DEFAULT
#define MPOL_DEFAULT 0
#endif
#ifndef MPOL_F_MEMS_ALLOWED
#define MPOL_F_MEMS_ALLOWED (1 << 2)
#endif

static void rlimits(void)
{
	struct rlimit old, new;

	syscall(SYS_prlimit64, 0, RLIMIT_NOFILE, NULL, &old);
	new = old;
	syscall(SYS_prlimit64, 0, RLIMIT_NOFILE, &new, &old);
	if (new.rlim_cur > 1)
		new.rlim_cur--;
	syscall(SYS_prlimit64, 0, RLIMIT_NOFILE, &new, NULL);
	syscall(SYS_getrlimit, RLIMIT_STACK, &old);
	syscall(SYS_getrlimit, RLIMIT_CORE, &old);
	syscall(SYS_setrlimit, RLIMIT_CORE, &old);
}

static void cpus_and_groups(void)
{
	cpu_set_t set;
	gid_t groups[64];
	long n;

	CPU_ZERO(&set);
	n = syscall(SYS_sched_getaffinity, 0, sizeof(set), &set);
	if (n > 0)
		syscall(SYS_sched_setaffinity, 0, sizeof(set), &set);
	n = syscall(SYS_getgroups, 0, NULL);
	n = syscall(SYS_getgroups, 64, groups);
	if (n >= 0)
		syscall(SYS_setgroups, n, groups);
	groups[0] = 0;
	syscall(SYS_setgroups, 1, groups);
	groups[1] = 4;
	syscall(SYS_setgroups, 2, groups);
	syscall(SYS_getgroups, 64, groups);
	syscall(SYS_setgroups, 0, groups);
}

static void numa(void)
{
	int mode = -1;
	unsigned long nodes[2] = { 0, 0 };
	void *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	syscall(SYS_get_mempolicy, &mode, NULL, 0, NULL, 0);
	syscall(SYS_get_mempolicy, &mode, nodes, 128, NULL, MPOL_F_MEMS_ALLOWED);
	syscall(SYS_set_mempolicy, MPOL_DEFAULT, NULL, 0);
	if (p != MAP_FAILED) {
		syscall(SYS_mbind, p, 4096, MPOL_DEFAULT, NULL, 0, 0);
		munmap(p, 4096);
	}
}

static void child_by_clone3(void)
{
	struct clone_args args;
	long pid;
	int status;

	memset(&args, 0, sizeof(args));
	args.exit_signal = SIGCHLD;
	pid = syscall(SYS_clone3, &args, sizeof(args));
	if (pid == 0)
		syscall(SYS_exit, 0);
	if (pid > 0)
		waitpid((pid_t)pid, &status, 0);
}

static void futexes(void)
{
	static uint32_t word, word2;
	struct timespec short_wait = { 0, 1000 };

	syscall(SYS_futex, &word, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
	/* The word holds 0, not 1: EAGAIN at once. */
	syscall(SYS_futex, &word, FUTEX_WAIT_PRIVATE, 1, &short_wait, NULL, 0);
	/* An absolute time long past: ETIMEDOUT at once. */
	syscall(SYS_futex, &word, FUTEX_WAIT_BITSET_PRIVATE, 0, &short_wait, NULL, FUTEX_BITSET_MATCH_ANY);
	/* No waiters: both wake no one. */
	syscall(SYS_futex, &word, FUTEX_WAKE_OP_PRIVATE, 1, 1, &word2,
		FUTEX_OP(FUTEX_OP_SET, 0, FUTEX_OP_CMP_GT, 1));
	/* The word is not 5: EAGAIN. */
	syscall(SYS_futex, &word, FUTEX_CMP_REQUEUE_PRIVATE, 1, 2, &word2, 5);
}

static void prctls(void)
{
	char name[16] = "", vma_name[16];
	int sig = -1;

	/* Cut at 15 bytes, as the kernel cuts it. */
	syscall(SYS_prctl, PR_SET_NAME, "a-much-longer-name-than-fits", 0, 0, 0);
	syscall(SYS_prctl, PR_SET_NAME, "scry-dec-sys", 0, 0, 0);
	syscall(SYS_prctl, PR_GET_NAME, name, 0, 0, 0);
	syscall(SYS_prctl, PR_CAPBSET_READ, 0 /* CAP_CHOWN */, 0, 0, 0);
	syscall(SYS_prctl, PR_CAPBSET_READ, 21 /* CAP_SYS_ADMIN */, 0, 0, 0);
	syscall(SYS_prctl, PR_GET_DUMPABLE, 0, 0, 0, 0);
	syscall(SYS_prctl, PR_GET_PDEATHSIG, &sig, 0, 0, 0);
	syscall(SYS_prctl, PR_SET_NO_NEW_PRIVS, 0, 0, 0, 0);
	/* Sub-commands, and what follows them. */
	syscall(SYS_prctl, PR_CAP_AMBIENT, PR_CAP_AMBIENT_IS_SET, 0 /* CAP_CHOWN */, 0, 0);
	syscall(SYS_prctl, PR_MCE_KILL_GET, 0, 0, 0, 0);
	syscall(SYS_prctl, PR_GET_SPECULATION_CTRL, PR_SPEC_STORE_BYPASS, 0, 0, 0);
	syscall(SYS_prctl, PR_SET_SECCOMP, 7, 0, 0, 0);         /* no such mode: EINVAL */
	/* A name on the stack (a page the tracer can read), for a range
	 * not mapped. */
	strcpy(vma_name, "scry-vma");
	syscall(SYS_prctl, PR_SET_VMA, PR_SET_VMA_ANON_NAME, 0x10000, 4096, vma_name);
}

static void fcntls(void)
{
	int fd = open("/dev/null", O_RDWR | O_CLOEXEC), dup;

	if (fd < 0)
		return;
	syscall(SYS_fcntl, fd, F_GETFD);
	syscall(SYS_fcntl, fd, F_GETFL);
	dup = (int)syscall(SYS_fcntl, fd, F_DUPFD_CLOEXEC, 10);
	if (dup >= 0)
		close(dup);
	close(fd);
	fd = open("/dev/null", O_RDONLY | O_NONBLOCK);
	if (fd >= 0) {
		syscall(SYS_fcntl, fd, F_GETFD);
		syscall(SYS_fcntl, fd, F_GETFL);
		close(fd);
	}
}

static void ioctls(void)
{
	int p[2], n = -1, pty, s;
	struct ifreq ifr;
	struct winsize ws = { .ws_row = 24, .ws_col = 80 };
	struct termios tio, raw;

	if (pipe(p) == 0) {
		if (write(p[1], "hello", 5) == 5)
			syscall(SYS_ioctl, p[0], FIONREAD, &n);
		/* Not a terminal: ENOTTY. */
		syscall(SYS_ioctl, p[0], TCGETS, &tio);
		n = 1;
		syscall(SYS_ioctl, p[0], FIONBIO, &n);
		close(p[0]);
		close(p[1]);
	}
	pty = posix_openpt(O_RDWR | O_NOCTTY);
	if (pty >= 0) {
		syscall(SYS_ioctl, pty, TIOCSWINSZ, &ws);
		syscall(SYS_ioctl, pty, TIOCGWINSZ, &ws);
		syscall(SYS_ioctl, pty, TCGETS, &tio);
		syscall(SYS_ioctl, pty, TCSETS, &tio);
		/* Raw, every flag word but c_cflag empty. */
		raw = tio;
		cfmakeraw(&raw);
		raw.c_oflag = raw.c_lflag = 0;
		syscall(SYS_ioctl, pty, TCSETSW, &raw);
		syscall(SYS_ioctl, pty, TCGETS, &raw);
		syscall(SYS_ioctl, pty, TCFLSH, TCIOFLUSH);
		close(pty);
	}
	s = socket(AF_INET, SOCK_DGRAM, 0);
	if (s >= 0) {
		memset(&ifr, 0, sizeof(ifr));
		strcpy(ifr.ifr_name, "lo");
		syscall(SYS_ioctl, s, SIOCGIFINDEX, &ifr);
		syscall(SYS_ioctl, s, SIOCGIFMTU, &ifr);
		strcpy(ifr.ifr_name, "nosuchif0");
		syscall(SYS_ioctl, s, SIOCGIFINDEX, &ifr);
		close(s);
	}
}

int main(void)
{
	struct utsname u;
	struct sysinfo si;
	struct statfs sf;
	struct rusage ru;
	struct tms t;
	unsigned char rnd[16];
	int fd;

	syscall(SYS_uname, &u);
	syscall(SYS_sysinfo, &si);
	syscall(SYS_statfs, "/", &sf);
	fd = open("/proc/self/status", O_RDONLY);
	if (fd >= 0) {
		syscall(SYS_fstatfs, fd, &sf);
		close(fd);
	}
	rlimits();
	syscall(SYS_getrusage, RUSAGE_SELF, &ru);
	syscall(SYS_getrusage, RUSAGE_CHILDREN, &ru);
	syscall(SYS_times, &t);
	syscall(SYS_getrandom, rnd, sizeof(rnd), GRND_NONBLOCK);
	syscall(SYS_getrandom, rnd, 4, 0);
	cpus_and_groups();
	numa();
	child_by_clone3();
	futexes();
	prctls();
	fcntls();
	ioctls();
	return 0;
}
