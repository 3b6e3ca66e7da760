/* The record the syscall tracer's BPF programs write into the perf ring
 * buffers (as the RAW data of a bpf-output sample), and the maps that
 * configure them.  Shared by util/trace/bpf/syscall-trace.bpf.c (kernel side) and
 * util/trace/sc-bpf.c (user side): keep it free of anything but fixed-size types. */
#ifndef SCRY_BPF_SYSCALL_RECORD_H
#define SCRY_BPF_SYSCALL_RECORD_H

#include <linux/types.h>

#define SCRY_SC_NR_MAX 512      /* syscall numbers tracked (>= SYSCALL_NR_MAX) */
#define SCRY_SC_NARGS 6
#define SCRY_SC_STR_MAX 256     /* bytes of one string argument captured */
#define SCRY_SC_NSTR 2          /* string arguments captured per call */
/* A string vector (execve's argv): its strings, each with its NUL, packed
 * after the string area; at most SCRY_SC_VEC_BYTES of them in all, each cut
 * at SCRY_SC_VEC_STR_MAX. Its elements are counted up to
 * SCRY_SC_VEC_COUNT_MAX, as are those of a counted vector (envp). */
#define SCRY_SC_VEC_BYTES 2048
#define SCRY_SC_VEC_STR_MAX 256
#define SCRY_SC_VEC_COUNT_MAX 65535
#define SCRY_SC_STRS_SIZE (SCRY_SC_NSTR * SCRY_SC_STR_MAX + SCRY_SC_VEC_BYTES + SCRY_SC_VEC_STR_MAX)

enum scry_sc_kind {
	SCRY_SC_IDLE = 0,       /* in-flight slot not in a call */
	SCRY_SC_INFLIGHT = 1,   /* entered, not yet returned */
	SCRY_SC_COMPLETE = 2,   /* a finished call: entry + return */
	SCRY_SC_NORETURN = 3,   /* a call that never returns (exit, exit_group) */
	SCRY_SC_UNFINISHED = 4, /* the thread died inside the call */
	SCRY_SC_EXIT = 5,       /* a traced thread exited; ret is its exit code */
	SCRY_SC_SIGNAL = 6,     /* a signal delivered: nr = signo, args[0] = si_code,
				 * args[1..2] = the first 16 bytes of the si_* fields */
};

enum scry_sc_flags {
	SCRY_SC_F_GROUP_DEAD = 1 << 0,  /* EXIT: the last thread: the process is gone */
	SCRY_SC_F_STR0_FAULT = 1 << 1,  /* string 0 could not be read */
	SCRY_SC_F_STR1_FAULT = 1 << 2,
	SCRY_SC_F_CONTINUED = 1 << 3,   /* COMPLETE: entered before tracing began; no args */
	SCRY_SC_F_VEC_FAULT = 1 << 4,   /* the vector could not be read (to its end) */
	SCRY_SC_F_CNT_FAULT = 1 << 5,   /* the counted vector could not be read (to its end) */
	SCRY_SC_F_STR0_BUF = 1 << 6,    /* string 0 is a buffer's bytes (no NUL; may be empty) */
	SCRY_SC_F_STR1_BUF = 1 << 7,
};

struct scry_sc_rec {
	__u16 kind;             /* enum scry_sc_kind */
	__u16 flags;            /* enum scry_sc_flags */
	__u16 str_len[SCRY_SC_NSTR];    /* bytes of each string incl. its NUL; 0: none */
	__u32 tid;
	__u32 pid;              /* thread group id */
	__s32 nr;               /* syscall number */
	__u8 str_arg[SCRY_SC_NSTR];     /* argument index of each string */
	__u16 hdr_size;         /* offset of strs[]: sizeof(struct) - sizeof(strs) */
	__u64 ts_enter;         /* CLOCK_MONOTONIC ns */
	__u64 ts_exit;
	__u64 args[SCRY_SC_NARGS];
	__s64 ret;
	char comm[16];
	/* The header ends here in records written before vectors were
	 * captured (hdr_size SCRY_SC_HDR_SIZE_V1); readers accept both. */
	__u16 vec_len;          /* bytes of the vector's strings; 0: none */
	__u16 vec_nr;           /* elements the vector holds (counted, not all captured) */
	__u8 vec_arg;           /* argument index of the vector; 0xff: none */
	__u8 cnt_arg;           /* argument index of the counted vector; 0xff: none */
	__u16 cnt_nr;           /* elements the counted vector holds */
	/* String 0 then string 1, packed from the start; the vector, when
	 * there is one, from SCRY_SC_NSTR * SCRY_SC_STR_MAX on. */
	char strs[SCRY_SC_STRS_SIZE];
};

#define SCRY_SC_HDR_SIZE ((unsigned)(sizeof(struct scry_sc_rec) - SCRY_SC_STRS_SIZE))
#define SCRY_SC_HDR_SIZE_V1 ((unsigned)__builtin_offsetof(struct scry_sc_rec, vec_len))
#define SCRY_SC_VEC_OFF (SCRY_SC_NSTR * SCRY_SC_STR_MAX)

/* Which processes are traced. */
enum scry_sc_mode {
	SCRY_MODE_ALL = 0,      /* every process but scry itself (-a) */
	SCRY_MODE_TGID = 1,     /* processes in the targets map (-p, -- CMD) */
	SCRY_MODE_TID = 2,      /* threads in the targets map (-t) */
	SCRY_MODE_OFF = 3,      /* nothing: the trace has ended */
};

enum scry_target_state {
	SCRY_TARGET_ARMED = 1,  /* traced from its next exec on (-- CMD) */
	SCRY_TARGET_ACTIVE = 2,
};

enum scry_sc_conf_flags {
	SCRY_CONF_FOLLOW_FORKS = 1 << 0,
};

struct scry_sc_conf {
	__u32 mode;
	__u32 self_tgid;
	__u32 flags;
	__u32 pad;
};

/* Per syscall number. */
struct scry_sc_nrconf {
	__u8 traced;
	__u8 noreturn;          /* emit at entry: the call does not return */
	__u8 str_arg[SCRY_SC_NSTR];     /* argument index + 1 to read as a string; 0: none */
	__u8 vec_arg;           /* argument index + 1 to read as a string vector; 0: none */
	__u8 cnt_arg;           /* argument index + 1 of a vector to count; 0: none */
	/* Up to two buffers or structs to copy (up to SCRY_SC_STR_MAX bytes
	 * each, into the free string slots), in argument order. */
	__u8 buf_arg[2];        /* argument index + 1; 0: none */
	__u8 buf_out[2];        /* 0: the call reads it: copied at entry, as long
				 * as the argument after it says (write);
				 * 1: the call fills it: copied at return, as long
				 * as the result says (read) */
	__u16 buf_size[2];      /* nonzero: copy this many bytes instead (a struct) */
};

enum scry_sc_counter {
	SCRY_CNT_OUTPUT_FAIL = 0,       /* bpf_perf_event_output failed (ring full) */
	SCRY_CNT_INFLIGHT_FULL = 1,     /* no in-flight slot for a thread */
	SCRY_CNT_MAX = 4,
};

#endif
