/* siginfo si_code names, per signal (SEGV_MAPERR, CLD_EXITED, SI_USER...),
 * and which si_* fields a siginfo holds, for "--- SIGSEGV {...} ---" lines. */
#include <signal.h>

#include "util/trace/beauty/beauty-internal.h"

#define C(c) { c, #c }

/* Codes any signal may carry (sent by a process or the kernel). */
static const struct value_name si_any[] = {
	C(SI_USER), C(SI_KERNEL), C(SI_QUEUE), C(SI_TIMER), C(SI_MESGQ), C(SI_ASYNCIO),
	C(SI_SIGIO), C(SI_TKILL),
};
static const struct value_name si_segv[] = {
	C(SEGV_MAPERR), C(SEGV_ACCERR), C(SEGV_BNDERR), C(SEGV_PKUERR),
#ifdef SEGV_ACCADI
	C(SEGV_ACCADI), C(SEGV_ADIDERR), C(SEGV_ADIPERR),
#endif
#ifdef SEGV_MTEAERR
	C(SEGV_MTEAERR), C(SEGV_MTESERR),
#endif
};
static const struct value_name si_bus[] = {
	C(BUS_ADRALN), C(BUS_ADRERR), C(BUS_OBJERR), C(BUS_MCEERR_AR), C(BUS_MCEERR_AO),
};
static const struct value_name si_ill[] = {
	C(ILL_ILLOPC), C(ILL_ILLOPN), C(ILL_ILLADR), C(ILL_ILLTRP), C(ILL_PRVOPC), C(ILL_PRVREG),
	C(ILL_COPROC), C(ILL_BADSTK),
};
static const struct value_name si_fpe[] = {
	C(FPE_INTDIV), C(FPE_INTOVF), C(FPE_FLTDIV), C(FPE_FLTOVF), C(FPE_FLTUND), C(FPE_FLTRES),
	C(FPE_FLTINV), C(FPE_FLTSUB),
};
static const struct value_name si_trap[] = {
	C(TRAP_BRKPT), C(TRAP_TRACE), C(TRAP_BRANCH), C(TRAP_HWBKPT),
};
static const struct value_name si_chld[] = {
	C(CLD_EXITED), C(CLD_KILLED), C(CLD_DUMPED), C(CLD_TRAPPED), C(CLD_STOPPED), C(CLD_CONTINUED),
};
static const struct value_name si_poll[] = {
	C(POLL_IN), C(POLL_OUT), C(POLL_MSG), C(POLL_ERR), C(POLL_PRI), C(POLL_HUP),
};
static const struct value_name si_sys[] = {
	{ 1, "SYS_SECCOMP" },
};

/* Signal -> the codes the kernel gives it when it raises it itself (code > 0). */
static const struct {
	int sig;
	struct value_table codes;
	enum siginfo_layout layout;
} per_signal[] = {
	{ SIGSEGV, VALUE_TABLE(si_segv), SIGINFO_FAULT },
	{ SIGBUS, VALUE_TABLE(si_bus), SIGINFO_FAULT },
	{ SIGILL, VALUE_TABLE(si_ill), SIGINFO_FAULT },
	{ SIGFPE, VALUE_TABLE(si_fpe), SIGINFO_FAULT },
	{ SIGTRAP, VALUE_TABLE(si_trap), SIGINFO_FAULT },
	{ SIGCHLD, VALUE_TABLE(si_chld), SIGINFO_CHLD },
	{ SIGPOLL, VALUE_TABLE(si_poll), SIGINFO_OTHER },
	{ SIGSYS, VALUE_TABLE(si_sys), SIGINFO_OTHER },
};

static const struct value_table si_any_table = VALUE_TABLE(si_any);

const char *siginfo_code_name(int sig, int code)
{
	/* Codes <= 0 mean "sent by someone" whatever the signal; SI_KERNEL
	 * (0x80) likewise. */
	if (code <= 0 || code == SI_KERNEL)
		return value_table_name(&si_any_table, code);
	for (size_t i = 0; i < ARRAY_SIZE(per_signal); i++)
		if (per_signal[i].sig == sig)
			return value_table_name(&per_signal[i].codes, code);
	return NULL;
}

enum siginfo_layout siginfo_layout_of(int sig, int code)
{
	if (code == SI_USER || code == SI_TKILL || code == SI_QUEUE)
		return SIGINFO_KILL;
	if (code <= 0 || code == SI_KERNEL)
		return SIGINFO_OTHER;
	for (size_t i = 0; i < ARRAY_SIZE(per_signal); i++)
		if (per_signal[i].sig == sig)
			return per_signal[i].layout;
	return SIGINFO_OTHER;
}
