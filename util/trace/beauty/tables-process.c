/* Processes and threads: clone flags, futex ops, wait options, resource
 * limits, scheduling policies, prctl/arch_prctl/ptrace requests. */
#include <linux/sched.h>        /* CLONE_* including the clone3-only ones */
#include <linux/futex.h>
#include <linux/ioprio.h>
#include <linux/perf_event.h>
#include <asm/prctl.h>
#include <sched.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include "util/trace/beauty/beauty-internal.h"

/* Newer than the installed headers (linux-libc-dev 6.1): futex2 flags
 * (6.7) and the sched_ext policy (6.12). */
#ifndef FUTEX2_SIZE_U8
#define FUTEX2_SIZE_U8		0x00
#define FUTEX2_SIZE_U16		0x01
#define FUTEX2_SIZE_U32		0x02
#define FUTEX2_SIZE_U64		0x03
#define FUTEX2_NUMA		0x04
#define FUTEX2_PRIVATE		FUTEX_PRIVATE_FLAG
#endif
#ifndef FUTEX2_SIZE_MASK
#define FUTEX2_SIZE_MASK	0x03
#endif
#ifndef FUTEX2_MPOL
#define FUTEX2_MPOL		0x08
#endif
#ifndef SCHED_EXT
#define SCHED_EXT		7
#endif

/* The values come from the headers, the printed name is the macro's name
 * without its prefix. */
#define CLONE(x)	{ CLONE_##x, 0, #x }
#define FUTEX(x)	{ FUTEX_##x, #x }

/* The low byte (CSIGNAL) of clone's flags is the exit signal: the clone
 * formatter prints it as a signal name after these.  CLONE_NEWTIME lives in
 * that byte too; only unshare() and clone3() can pass it. */
static const struct flag_name clone_flag_entries[] = {
	CLONE(NEWTIME), CLONE(VM), CLONE(FS), CLONE(FILES), CLONE(SIGHAND),
	CLONE(PIDFD), CLONE(PTRACE), CLONE(VFORK), CLONE(PARENT), CLONE(THREAD),
	CLONE(NEWNS), CLONE(SYSVSEM), CLONE(SETTLS), CLONE(PARENT_SETTID),
	CLONE(CHILD_CLEARTID), CLONE(DETACHED), CLONE(UNTRACED), CLONE(CHILD_SETTID),
	CLONE(NEWCGROUP), CLONE(NEWUTS), CLONE(NEWIPC), CLONE(NEWUSER), CLONE(NEWPID),
	CLONE(NEWNET), CLONE(IO), CLONE(CLEAR_SIGHAND), CLONE(INTO_CGROUP),
};
const struct flag_table bt_clone_flags = FLAG_TABLE(clone_flag_entries, NULL);

/* futex ops keyed by command plus FUTEX_PRIVATE_FLAG: strace prints the
 * combined names the header defines ("FUTEX_WAIT_PRIVATE"). */
static const struct value_name futex_op_entries[] = {
	FUTEX(WAIT), FUTEX(WAKE), FUTEX(FD), FUTEX(REQUEUE), FUTEX(CMP_REQUEUE),
	FUTEX(WAKE_OP), FUTEX(LOCK_PI), FUTEX(UNLOCK_PI), FUTEX(TRYLOCK_PI),
	FUTEX(WAIT_BITSET), FUTEX(WAKE_BITSET), FUTEX(WAIT_REQUEUE_PI),
	FUTEX(CMP_REQUEUE_PI), FUTEX(LOCK_PI2),
	FUTEX(WAIT_PRIVATE), FUTEX(WAKE_PRIVATE), FUTEX(REQUEUE_PRIVATE),
	FUTEX(CMP_REQUEUE_PRIVATE), FUTEX(WAKE_OP_PRIVATE), FUTEX(LOCK_PI_PRIVATE),
	FUTEX(LOCK_PI2_PRIVATE), FUTEX(UNLOCK_PI_PRIVATE), FUTEX(TRYLOCK_PI_PRIVATE),
	FUTEX(WAIT_BITSET_PRIVATE), FUTEX(WAKE_BITSET_PRIVATE),
	FUTEX(WAIT_REQUEUE_PI_PRIVATE), FUTEX(CMP_REQUEUE_PI_PRIVATE),
};
const struct value_table bt_futex_ops = VALUE_TABLE(futex_op_entries);

/* For a private op whose combined name is unknown (FUTEX_FD|PRIVATE). */
static const struct value_name futex_cmd_entries[] = {
	FUTEX(WAIT), FUTEX(WAKE), FUTEX(FD), FUTEX(REQUEUE), FUTEX(CMP_REQUEUE),
	FUTEX(WAKE_OP), FUTEX(LOCK_PI), FUTEX(UNLOCK_PI), FUTEX(TRYLOCK_PI),
	FUTEX(WAIT_BITSET), FUTEX(WAKE_BITSET), FUTEX(WAIT_REQUEUE_PI),
	FUTEX(CMP_REQUEUE_PI), FUTEX(LOCK_PI2),
};
const struct value_table bt_futex_cmds = VALUE_TABLE(futex_cmd_entries);

/* futex_wait/futex_wake/futex_requeue: a 2-bit size field and flags. */
static const struct flag_name futex2_flag_entries[] = {
	{ FUTEX2_SIZE_U8, FUTEX2_SIZE_MASK, "SIZE_U8" },
	{ FUTEX2_SIZE_U16, FUTEX2_SIZE_MASK, "SIZE_U16" },
	{ FUTEX2_SIZE_U32, FUTEX2_SIZE_MASK, "SIZE_U32" },
	{ FUTEX2_SIZE_U64, FUTEX2_SIZE_MASK, "SIZE_U64" },
	{ FUTEX2_NUMA, 0, "NUMA" },
	{ FUTEX2_MPOL, 0, "MPOL" },
	{ FUTEX2_PRIVATE, 0, "PRIVATE" },
};
const struct flag_table bt_futex2_flags = FLAG_TABLE(futex2_flag_entries, NULL);

/* wait4 and waitid keep the W prefix (WNOHANG reads as one word).  Bit 2
 * is WUNTRACED for wait4 and WSTOPPED for waitid. */
static const struct flag_name wait4_option_entries[] = {
	{ WNOHANG, 0, "WNOHANG" },
	{ WUNTRACED, 0, "WUNTRACED" },
	{ WCONTINUED, 0, "WCONTINUED" },
	{ __WNOTHREAD, 0, "__WNOTHREAD" },
	{ __WALL, 0, "__WALL" },
	{ __WCLONE, 0, "__WCLONE" },
};
const struct flag_table bt_wait4_options = FLAG_TABLE(wait4_option_entries, NULL);

static const struct flag_name waitid_option_entries[] = {
	{ WNOHANG, 0, "WNOHANG" },
	{ WSTOPPED, 0, "WSTOPPED" },
	{ WEXITED, 0, "WEXITED" },
	{ WCONTINUED, 0, "WCONTINUED" },
	{ WNOWAIT, 0, "WNOWAIT" },
	{ __WNOTHREAD, 0, "__WNOTHREAD" },
	{ __WALL, 0, "__WALL" },
	{ __WCLONE, 0, "__WCLONE" },
};
const struct flag_table bt_waitid_options = FLAG_TABLE(waitid_option_entries, NULL);

static const struct value_name waitid_which_entries[] = {
	{ P_ALL, "P_ALL" }, { P_PID, "P_PID" }, { P_PGID, "P_PGID" }, { P_PIDFD, "P_PIDFD" },
};
const struct value_table bt_waitid_whiches = VALUE_TABLE(waitid_which_entries);

#define RLIMIT(x) { RLIMIT_##x, #x }
static const struct value_name rlimit_resource_entries[] = {
	RLIMIT(CPU), RLIMIT(FSIZE), RLIMIT(DATA), RLIMIT(STACK), RLIMIT(CORE),
	RLIMIT(RSS), RLIMIT(NPROC), RLIMIT(NOFILE), RLIMIT(MEMLOCK), RLIMIT(AS),
	RLIMIT(LOCKS), RLIMIT(SIGPENDING), RLIMIT(MSGQUEUE), RLIMIT(NICE),
	RLIMIT(RTPRIO), RLIMIT(RTTIME),
};
const struct value_table bt_rlimit_resources = VALUE_TABLE(rlimit_resource_entries);

/* A policy number plus the SCHED_RESET_ON_FORK bit. */
#define SCHED_POLICY_MASK (0xffffffffULL & ~(u64)SCHED_RESET_ON_FORK)
#define SCHED(x) { SCHED_##x, SCHED_POLICY_MASK, #x }
static const struct flag_name sched_policy_entries[] = {
	SCHED(OTHER), SCHED(FIFO), SCHED(RR), SCHED(BATCH), SCHED(IDLE),
	SCHED(DEADLINE), SCHED(EXT),
	{ SCHED_RESET_ON_FORK, 0, "RESET_ON_FORK" },
};
const struct flag_table bt_sched_policies = FLAG_TABLE(sched_policy_entries, NULL);

static const struct value_name rusage_who_entries[] = {
	{ RUSAGE_SELF, "SELF" }, { RUSAGE_CHILDREN, "CHILDREN" }, { RUSAGE_THREAD, "THREAD" },
};
const struct value_table bt_rusage_whos = VALUE_TABLE(rusage_who_entries);

static const struct value_name prio_which_entries[] = {
	{ PRIO_PROCESS, "PROCESS" }, { PRIO_PGRP, "PGRP" }, { PRIO_USER, "USER" },
};
const struct value_table bt_prio_whiches = VALUE_TABLE(prio_which_entries);

static const struct value_name ioprio_which_entries[] = {
	{ IOPRIO_WHO_PROCESS, "PROCESS" }, { IOPRIO_WHO_PGRP, "PGRP" },
	{ IOPRIO_WHO_USER, "USER" },
};
const struct value_table bt_ioprio_whiches = VALUE_TABLE(ioprio_which_entries);

#define PR(x) { PR_##x, #x }
static const struct value_name prctl_option_entries[] = {
	PR(SET_PDEATHSIG), PR(GET_PDEATHSIG), PR(GET_DUMPABLE), PR(SET_DUMPABLE),
	PR(GET_UNALIGN), PR(SET_UNALIGN), PR(GET_KEEPCAPS), PR(SET_KEEPCAPS),
	PR(GET_FPEMU), PR(SET_FPEMU), PR(GET_FPEXC), PR(SET_FPEXC),
	PR(GET_TIMING), PR(SET_TIMING), PR(SET_NAME), PR(GET_NAME),
	PR(GET_ENDIAN), PR(SET_ENDIAN), PR(GET_SECCOMP), PR(SET_SECCOMP),
	PR(CAPBSET_READ), PR(CAPBSET_DROP), PR(GET_TSC), PR(SET_TSC),
	PR(GET_SECUREBITS), PR(SET_SECUREBITS), PR(SET_TIMERSLACK), PR(GET_TIMERSLACK),
	PR(TASK_PERF_EVENTS_DISABLE), PR(TASK_PERF_EVENTS_ENABLE), PR(MCE_KILL),
	PR(MCE_KILL_GET), PR(SET_MM), PR(SET_PTRACER), PR(SET_CHILD_SUBREAPER),
	PR(GET_CHILD_SUBREAPER), PR(SET_NO_NEW_PRIVS), PR(GET_NO_NEW_PRIVS),
	PR(GET_TID_ADDRESS), PR(SET_THP_DISABLE), PR(GET_THP_DISABLE),
	PR(MPX_ENABLE_MANAGEMENT), PR(MPX_DISABLE_MANAGEMENT), PR(SET_FP_MODE),
	PR(GET_FP_MODE), PR(CAP_AMBIENT), PR(SVE_SET_VL), PR(SVE_GET_VL),
	PR(GET_SPECULATION_CTRL), PR(SET_SPECULATION_CTRL), PR(PAC_RESET_KEYS),
	PR(SET_TAGGED_ADDR_CTRL), PR(GET_TAGGED_ADDR_CTRL), PR(SET_IO_FLUSHER),
	PR(GET_IO_FLUSHER), PR(SET_SYSCALL_USER_DISPATCH), PR(PAC_SET_ENABLED_KEYS),
	PR(PAC_GET_ENABLED_KEYS), PR(SCHED_CORE), PR(SME_SET_VL), PR(SME_GET_VL),
	PR(SET_VMA),
};
const struct value_table bt_prctl_options = VALUE_TABLE(prctl_option_entries);

#define ARCH(x) { ARCH_##x, #x }
static const struct value_name arch_prctl_code_entries[] = {
	ARCH(SET_GS), ARCH(SET_FS), ARCH(GET_FS), ARCH(GET_GS), ARCH(GET_CPUID),
	ARCH(SET_CPUID), ARCH(GET_XCOMP_SUPP), ARCH(GET_XCOMP_PERM),
	ARCH(REQ_XCOMP_PERM), ARCH(GET_XCOMP_GUEST_PERM), ARCH(REQ_XCOMP_GUEST_PERM),
	ARCH(MAP_VDSO_X32), ARCH(MAP_VDSO_32), ARCH(MAP_VDSO_64),
};
const struct value_table bt_arch_prctl_codes = VALUE_TABLE(arch_prctl_code_entries);

#define PTRACE(x) { PTRACE_##x, #x }
static const struct value_name ptrace_request_entries[] = {
	PTRACE(TRACEME), PTRACE(PEEKTEXT), PTRACE(PEEKDATA), PTRACE(PEEKUSER),
	PTRACE(POKETEXT), PTRACE(POKEDATA), PTRACE(POKEUSER), PTRACE(CONT),
	PTRACE(KILL), PTRACE(SINGLESTEP), PTRACE(GETREGS), PTRACE(SETREGS),
	PTRACE(GETFPREGS), PTRACE(SETFPREGS), PTRACE(ATTACH), PTRACE(DETACH),
	PTRACE(GETFPXREGS), PTRACE(SETFPXREGS), PTRACE(SYSCALL),
	PTRACE(GET_THREAD_AREA), PTRACE(SET_THREAD_AREA), PTRACE(ARCH_PRCTL),
	PTRACE(SYSEMU), PTRACE(SYSEMU_SINGLESTEP), PTRACE(SINGLEBLOCK),
	PTRACE(SETOPTIONS), PTRACE(GETEVENTMSG), PTRACE(GETSIGINFO), PTRACE(SETSIGINFO),
	PTRACE(GETREGSET), PTRACE(SETREGSET), PTRACE(SEIZE), PTRACE(INTERRUPT),
	PTRACE(LISTEN), PTRACE(PEEKSIGINFO), PTRACE(GETSIGMASK), PTRACE(SETSIGMASK),
	PTRACE(SECCOMP_GET_FILTER), PTRACE(SECCOMP_GET_METADATA),
	PTRACE(GET_SYSCALL_INFO), PTRACE(GET_RSEQ_CONFIGURATION),
};
const struct value_table bt_ptrace_requests = VALUE_TABLE(ptrace_request_entries);

static const struct flag_name perf_event_open_flag_entries[] = {
	{ PERF_FLAG_FD_NO_GROUP, 0, "FD_NO_GROUP" },
	{ PERF_FLAG_FD_OUTPUT, 0, "FD_OUTPUT" },
	{ PERF_FLAG_PID_CGROUP, 0, "PID_CGROUP" },
	{ PERF_FLAG_FD_CLOEXEC, 0, "FD_CLOEXEC" },
};
const struct flag_table bt_perf_event_open_flags = FLAG_TABLE(perf_event_open_flag_entries, NULL);
