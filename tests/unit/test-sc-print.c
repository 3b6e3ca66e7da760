/* Unit tests for util/trace/sc-print's signal lines: the siginfo of a
 * SCRY_SC_SIGNAL event as strace prints it (SIGCHLD's times with their
 * seconds comment, real-time signals' names). */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "util/outbuf.h"
#include "util/trace/sc-print.h"

/* The line for a signal event, from "--- " on (the prefix is time and tid). */
static void signal_line(int sig, int code, u64 a1, u64 a2, u64 a3, u64 a4, int xlat, char *out, size_t len)
{
	struct sc_print_opts o = { .show_comm = true, .xlat = xlat };
	struct sc_event ev;
	struct outbuf ob;
	const char *p;

	memset(&ev, 0, sizeof(ev));
	ev.kind = SCRY_SC_SIGNAL;
	ev.nr = sig;
	ev.tid = ev.pid = 100;
	snprintf(ev.comm, sizeof(ev.comm), "prog");
	ev.args[0] = (u64)(s64)code;
	ev.args[1] = a1;
	ev.args[2] = a2;
	ev.args[3] = a3;
	ev.args[4] = a4;
	outbuf_init_mem(&ob);
	sc_print_signal(&ob, &ev, &o);
	outbuf_putc(&ob, '\0');
	p = strstr(ob.buf, "--- ");
	snprintf(out, len, "%s", p ? p : ob.buf);
	outbuf_release(&ob);
}

static void test_sigchld_times(void **state)
{
	char line[512];
	u64 pid_uid = 1642 | ((u64)1000 << 32);

	(void)state;
	if (sysconf(_SC_CLK_TCK) != 100)
		skip();
	signal_line(SIGCHLD, CLD_EXITED, pid_uid, 5, 22, 0, 0, line, sizeof(line));
	assert_string_equal(line, "--- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=1642, si_uid=1000, "
				  "si_status=5, si_utime=22 /* 0.22 s */, si_stime=0} ---\n");
	signal_line(SIGCHLD, CLD_KILLED, pid_uid, SIGKILL, 0, 305, 0, line, sizeof(line));
	assert_string_equal(line, "--- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_KILLED, si_pid=1642, si_uid=1000, "
				  "si_status=SIGKILL, si_utime=0, si_stime=305 /* 3.05 s */} ---\n");
	/* -X raw: numbers only. */
	signal_line(SIGCHLD, CLD_EXITED, pid_uid, 0, 7, 1, 1, line, sizeof(line));
	assert_non_null(strstr(line, "si_utime=7, si_stime=1}"));
}

static void test_rt_signal_names(void **state)
{
	char line[512];

	(void)state;
	/* glibc's SIGRTMIN+2 is the kernel's 36: strace's SIGRT_4. */
	signal_line(36, SI_USER, 5 | ((u64)0 << 32), 0, 0, 0, 0, line, sizeof(line));
	assert_string_equal(line, "--- SIGRT_4 {si_signo=SIGRT_4, si_code=SI_USER, si_pid=5, si_uid=0} ---\n");
	signal_line(32, SI_USER, 5, 0, 0, 0, 0, line, sizeof(line));
	assert_string_equal(line, "--- SIGRTMIN {si_signo=SIGRTMIN, si_code=SI_USER, si_pid=5, si_uid=0} ---\n");
	signal_line(64, SI_USER, 5, 0, 0, 0, 0, line, sizeof(line));
	assert_string_equal(line, "--- SIGRT_32 {si_signo=SIGRT_32, si_code=SI_USER, si_pid=5, si_uid=0} ---\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sigchld_times),
		cmocka_unit_test(test_rt_signal_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
