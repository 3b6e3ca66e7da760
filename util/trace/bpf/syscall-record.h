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
/* Copies by rule ("captures"): up to SCRY_SC_NCAP rules per syscall
 * (struct scry_sc_cap_rule in its nrconf), each giving one or more pieces.
 * A piece is a struct scry_sc_cap_hdr followed by its bytes, padded to 8;
 * the pieces are packed from cap_off (bytes into strs[]) on, cap_len bytes
 * of them in all. A call with a vector (an exec) has no captures. */
#define SCRY_SC_NCAP 6
#define SCRY_SC_CAP_AREA 4096   /* bytes of pieces (headers included) per record */
#define SCRY_SC_CAP_PIECE 4096  /* most bytes of one piece */
#define SCRY_SC_CAP_OFF_MAX (SCRY_SC_NSTR * SCRY_SC_STR_MAX)
#define SCRY_SC_STRS_SIZE_V2 (SCRY_SC_NSTR * SCRY_SC_STR_MAX + SCRY_SC_VEC_BYTES + SCRY_SC_VEC_STR_MAX)
/* The pieces may start after both string slots; one piece's bytes are
 * bounded on their own: the slack keeps every copy inside strs[]. */
#define SCRY_SC_STRS_SIZE (SCRY_SC_CAP_OFF_MAX + SCRY_SC_CAP_AREA + SCRY_SC_CAP_PIECE + 64)

enum scry_sc_kind {
	SCRY_SC_IDLE = 0,       /* in-flight slot not in a call */
	SCRY_SC_INFLIGHT = 1,   /* entered, not yet returned */
	SCRY_SC_COMPLETE = 2,   /* a finished call: entry + return */
	SCRY_SC_NORETURN = 3,   /* a call that never returns (exit, exit_group) */
	SCRY_SC_UNFINISHED = 4, /* the thread died inside the call */
	SCRY_SC_EXIT = 5,       /* a traced thread exited; ret is its exit code */
	SCRY_SC_SIGNAL = 6,     /* a signal delivered: nr = signo, args[0] = si_code,
				 * args[1..4] = the first 32 bytes of the si_* fields
				 * (records before: args[1..2], 16 bytes; 3..4 zero) */
	SCRY_SC_STACK = 7,      /* the stacks of the call that follows (struct scry_sc_stack_rec) */
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
	/* The header ends here in records written before captures (hdr_size
	 * SCRY_SC_HDR_SIZE_V2); readers accept all three. */
	__u16 cap_off;          /* where the pieces start in strs[] */
	__u16 cap_len;          /* bytes of pieces; 0: none */
	__u8 cap_nr;            /* how many pieces */
	__u8 cap_pad[3];
	/* String 0 then string 1, packed from the start; the vector, when
	 * there is one, from SCRY_SC_NSTR * SCRY_SC_STR_MAX on. */
	char strs[SCRY_SC_STRS_SIZE];
};

#define SCRY_SC_HDR_SIZE ((unsigned)(sizeof(struct scry_sc_rec) - SCRY_SC_STRS_SIZE))
#define SCRY_SC_HDR_SIZE_V1 ((unsigned)__builtin_offsetof(struct scry_sc_rec, vec_len))
#define SCRY_SC_HDR_SIZE_V2 ((unsigned)__builtin_offsetof(struct scry_sc_rec, cap_off))

/* What a capture rule copies. The length of a copy is bounded by the
 * rule's max (0: SCRY_SC_CAP_PIECE) and by the room left in the record;
 * the piece's aux says how many bytes were wanted. */
enum scry_cap_kind {
	SCRY_CAP_FIXED = 1,     /* size bytes (a struct) */
	SCRY_CAP_ARGLEN = 2,    /* args[len_arg] elements of size bytes (size 0: 1) */
	SCRY_CAP_RETLEN = 3,    /* ret elements of size bytes (size 0: 1); nothing when ret <= 0 */
	SCRY_CAP_PTRLEN = 4,    /* *(__u32 *)args[len_arg] bytes, read at the same moment (a socklen_t *) */
	SCRY_CAP_BITS = 5,      /* a bit set of args[len_arg] bits: that many bits in whole 64-bit words
				 * (select's fd_set, a nodemask) */
	SCRY_CAP_IOV = 6,       /* struct iovec[args[len_arg]]: a piece IOV with the array (at most
				 * SCRY_CAP_IOV_MAX elements; aux: the element count), then one
				 * piece IOV_DATA per element (aux: its index) with its bytes, at
				 * most max bytes of each (strace's -s is per element), and at
				 * return only the first ret bytes in all (what was read); size
				 * nonzero: at entry the array alone (the call fills the buffers) */
	SCRY_CAP_MSGHDR = 7,    /* struct user_msghdr: a piece MSGHDR with the struct, MSG_NAME with
				 * msg_namelen bytes of its name, IOV and IOV_DATA as above for its
				 * msg_iov (size nonzero: no data at entry), MSG_CONTROL with
				 * msg_controllen bytes of its control */
	SCRY_CAP_DENTS = 8,     /* getdents64's linux_dirent64 records, ret bytes of them: aux is how
				 * many records there are (all counted), the first max bytes copied */
	SCRY_CAP_SIGFRAME = 9,  /* rt_sigreturn: the 8-byte signal mask of the frame at the user
				 * stack pointer (the mask the call restores) */
	SCRY_CAP_BUFPAIR = 10,  /* a struct of size bytes that starts with a pointer and a length
				 * (u64 each; pselect6's sigmask and its size): a piece with the
				 * struct, then a piece BUFPAIR_DATA with the bytes it points to,
				 * as many as the length says (at most max) */
	SCRY_CAP_FD_INODE = 11, /* at return, the file of the descriptor the call returned, read in
				 * the kernel: struct scry_fd_inode (what /proc/PID/fd/N would
				 * name, before the program can close it) */
	/* Kinds only pieces have. */
	SCRY_CAP_IOV_DATA = 16,
	SCRY_CAP_MSG_NAME = 17,
	SCRY_CAP_MSG_CONTROL = 18,
	SCRY_CAP_BUFPAIR_DATA = 19,
};

#define SCRY_CAP_IOV_MAX 8      /* iovec elements copied (all are counted) */

/* When a rule copies (bits): at entry (what the call is given), at return
 * (what it filled; not when it failed), or both (two pieces). */
enum scry_cap_when {
	SCRY_CAP_ENTRY = 1,
	SCRY_CAP_EXIT = 2,
	SCRY_CAP_EXIT_EINTR = 4,        /* with EXIT: also when the call was interrupted (EINTR, or
					 * a restart code: a sleep's time left is written then) */
};

struct scry_fd_inode {
	__u64 ino;
	__u32 mode;             /* the inode's i_mode (S_IFSOCK, S_IFIFO, ...) */
	__u32 pad;
};

struct scry_sc_cap_rule {
	__u8 arg;               /* argument index + 1; 0: no rule */
	__u8 kind;              /* enum scry_cap_kind */
	__u8 when;              /* enum scry_cap_when bits */
	__u8 len_arg;           /* ARGLEN, PTRLEN, BITS, IOV: the argument holding the length */
	__u16 size;             /* FIXED: bytes; ARGLEN, RETLEN: bytes per element */
	__u16 max;              /* most bytes copied (0: SCRY_SC_CAP_PIECE) */
};

enum scry_cap_flags {
	SCRY_CAP_F_FAULT = 1 << 0,      /* the memory could not be read: no bytes */
	SCRY_CAP_F_TRUNC = 1 << 1,      /* fewer bytes than wanted (max, or no room) */
};

struct scry_sc_cap_hdr {
	__u8 arg;               /* argument index */
	__u8 kind;              /* the rule's kind, or a piece kind (IOV_DATA, ...) */
	__u8 when;              /* SCRY_CAP_ENTRY or SCRY_CAP_EXIT */
	__u8 flags;             /* enum scry_cap_flags */
	__u16 len;              /* bytes that follow (then padding to 8) */
	__u16 pad;
	__u64 aux;              /* bytes wanted; IOV: element count; IOV_DATA: element index;
				 * DENTS: record count */
};
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
	SCRY_CONF_STACKS = 1 << 1,      /* a stack record before each call of a syscall in stack_nr */
	SCRY_CONF_STACKS_DWARF = 1 << 2,/* ... with user registers and stack bytes, not frame-pointer ips */
	SCRY_CONF_KSTACK = 1 << 3,      /* ... with the kernel stack too */
};

/* Stacks per call (--call-graph, -k): a record of kind SCRY_SC_STACK,
 * written just before the call's own record, by the same thread on the same
 * cpu. Its data holds nr_kips kernel return addresses (leaf first), then
 * nr_uips user ones (frame-pointer walk), then stack_len bytes of user
 * stack copied from regs[1] (the sp) on (dwarf mode, unwound in user space). */
#define SCRY_SC_STACK_IPS 127           /* each of kernel and user (perf_event_max_stack) */
#define SCRY_SC_STACK_BYTES 8192        /* user stack copied in dwarf mode (perf's default) */
#define SCRY_SC_STACK_CHUNK 512         /* copied in chunks: the stack's top may be closer */

enum scry_sc_stack_flags {
	SCRY_STK_F_DWARF = 1 << 0,      /* regs and stack bytes are there */
	SCRY_STK_F_KERNEL = 1 << 1,     /* a kernel stack was asked for */
};

struct scry_sc_stack_rec {
	__u16 kind;             /* SCRY_SC_STACK (first, as in struct scry_sc_rec) */
	__u16 flags;            /* enum scry_sc_stack_flags */
	__u16 nr_kips, nr_uips;
	__u32 tid, pid;
	__s32 nr;               /* the call's syscall number */
	__u32 stack_len;
	__u64 ts_exit;          /* the call's ts_exit: which call these stacks are of */
	__u64 regs[3];          /* user ip, sp, bp at the syscall (dwarf mode) */
	__u8 data[(2 * SCRY_SC_STACK_IPS) * 8 + SCRY_SC_STACK_BYTES];
};

#define SCRY_SC_STACK_HDR_SIZE ((unsigned)__builtin_offsetof(struct scry_sc_stack_rec, data))

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
	struct scry_sc_cap_rule cap[SCRY_SC_NCAP];      /* copies by rule, in order */
};

enum scry_sc_counter {
	SCRY_CNT_OUTPUT_FAIL = 0,       /* bpf_perf_event_output failed (ring full) */
	SCRY_CNT_INFLIGHT_FULL = 1,     /* no in-flight slot for a thread */
	SCRY_CNT_MAX = 4,
};

#endif
