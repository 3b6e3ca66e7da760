/* Signal names (with their SIG prefix, as strace and kill(1) print them),
 * the lookups both ways, and the how of sigprocmask. */
#include <signal.h>
#include <stdlib.h>
#include <strings.h>

#include "util/trace/beauty/beauty-internal.h"

#define SIG(s) { s, #s }

static const struct value_name signal_entries[] = {
	SIG(SIGHUP), SIG(SIGINT), SIG(SIGQUIT), SIG(SIGILL), SIG(SIGTRAP),
	SIG(SIGABRT), SIG(SIGBUS), SIG(SIGFPE), SIG(SIGKILL), SIG(SIGUSR1),
	SIG(SIGSEGV), SIG(SIGUSR2), SIG(SIGPIPE), SIG(SIGALRM), SIG(SIGTERM),
	SIG(SIGSTKFLT), SIG(SIGCHLD), SIG(SIGCONT), SIG(SIGSTOP), SIG(SIGTSTP),
	SIG(SIGTTIN), SIG(SIGTTOU), SIG(SIGURG), SIG(SIGXCPU), SIG(SIGXFSZ),
	SIG(SIGVTALRM), SIG(SIGPROF), SIG(SIGWINCH), SIG(SIGIO), SIG(SIGPWR),
	SIG(SIGSYS),
};
const struct value_table bt_signal_names = VALUE_TABLE(signal_entries);

/* Other names for the same numbers: accepted by signal_number(), never
 * printed. */
static const struct value_name signal_alias_entries[] = {
	SIG(SIGIOT), SIG(SIGPOLL), { SIGCHLD, "SIGCLD" }, { SIGSYS, "SIGUNUSED" },
};
const struct value_table bt_signal_aliases = VALUE_TABLE(signal_alias_entries);

/* The kernel's realtime range is 32..64.  glibc's SIGRTMIN is a function
 * call returning 34 because it keeps two for itself; the kernel (and so a
 * tracer) numbers from __SIGRTMIN, and strace names them from there:
 * SIGRTMIN (32), then SIGRT_1 (33) to SIGRT_32 (64) -- kill(pid, 36) is
 * kill(pid, SIGRT_4). Sets print the same names without SIG (RT_4). */
#define RT(n) "SIGRT_" #n
static const char *const rt_signal_names[] = {
	"SIGRTMIN", RT(1), RT(2), RT(3), RT(4), RT(5), RT(6), RT(7), RT(8), RT(9),
	RT(10), RT(11), RT(12), RT(13), RT(14), RT(15), RT(16), RT(17), RT(18),
	RT(19), RT(20), RT(21), RT(22), RT(23), RT(24), RT(25), RT(26), RT(27),
	RT(28), RT(29), RT(30), RT(31), RT(32),
};
_Static_assert(__SIGRTMAX - __SIGRTMIN + 1 == ARRAY_SIZE(rt_signal_names),
	       "one name per realtime signal");

/* rt_sigaction's sa_flags, in strace's order. The C library sets
 * SA_RESTORER (its signal return trampoline) but does not name it. */
#ifndef SA_RESTORER
#define SA_RESTORER 0x04000000
#endif
static const struct flag_name sigaction_flag_entries[] = {
	{ SA_RESTORER, 0, "SA_RESTORER" }, { SA_ONSTACK, 0, "SA_ONSTACK" },
	{ SA_RESTART, 0, "SA_RESTART" }, { SA_NODEFER, 0, "SA_NODEFER" },
	{ SA_RESETHAND, 0, "SA_RESETHAND" }, { SA_SIGINFO, 0, "SA_SIGINFO" },
	{ SA_NOCLDSTOP, 0, "SA_NOCLDSTOP" }, { SA_NOCLDWAIT, 0, "SA_NOCLDWAIT" },
};
const struct flag_table bt_sigaction_flags = FLAG_TABLE(sigaction_flag_entries, NULL);

/* strace keeps the SIG_ prefix here: "BLOCK" alone reads badly. */
static const struct value_name sigprocmask_how_entries[] = {
	SIG(SIG_BLOCK), SIG(SIG_UNBLOCK), SIG(SIG_SETMASK),
};
const struct value_table bt_sigprocmask_hows = VALUE_TABLE(sigprocmask_how_entries);

const char *signal_name(int sig)
{
	if (sig >= __SIGRTMIN && sig <= __SIGRTMAX)
		return rt_signal_names[sig - __SIGRTMIN];
	return value_table_name(&bt_signal_names, sig);
}

/* "15" -> 15: the whole string must be a number in range. */
static int signal_from_number(const char *s)
{
	char *end;
	long n = strtol(s, &end, 10);

	if (end == s || *end || n < 0 || n > __SIGRTMAX)
		return -1;
	return (int)n;
}

/* "RTMIN+3", "RTMAX-1", "RTMIN", strace's "RT_3" (the SIG prefix
 * already dropped). */
static int signal_from_rt(const char *s)
{
	int base, off = 0;

	if (!strncasecmp(s, "RT_", 3)) {
		char *end;
		long n = strtol(s + 3, &end, 10);

		if (end == s + 3 || *end || n < 1 || n > __SIGRTMAX - __SIGRTMIN)
			return -1;
		return __SIGRTMIN + (int)n;
	}
	if (!strncasecmp(s, "RTMIN", 5))
		base = __SIGRTMIN;
	else if (!strncasecmp(s, "RTMAX", 5))
		base = __SIGRTMAX;
	else
		return -1;
	s += 5;
	if (*s) {
		char *end;
		long n = strtol(s + 1, &end, 10);

		if ((*s != '+' && *s != '-') || end == s + 1 || *end)
			return -1;
		off = (int)(*s == '+' ? n : -n);
	}
	if (base + off < __SIGRTMIN || base + off > __SIGRTMAX)
		return -1;
	return base + off;
}

/* Table names carry "SIG": compare what follows it. */
static int signal_from_table(const struct value_table *t, const char *bare)
{
	for (size_t i = 0; i < t->nr; i++)
		if (!strcasecmp(t->entries[i].name + 3, bare))
			return (int)t->entries[i].value;
	return -1;
}

int signal_number(const char *name)
{
	const char *bare = name;
	int sig;

	if (!name || !*name)
		return -1;
	if (name[0] >= '0' && name[0] <= '9')
		return signal_from_number(name);
	if (!strncasecmp(name, "SIG", 3))
		bare = name + 3;
	sig = signal_from_table(&bt_signal_names, bare);
	if (sig < 0)
		sig = signal_from_table(&bt_signal_aliases, bare);
	if (sig < 0)
		sig = signal_from_rt(bare);
	return sig;
}
