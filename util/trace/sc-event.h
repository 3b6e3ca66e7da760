/* One traced syscall, whichever backend saw it (the BPF tracer's combined
 * records, or a pair of sys_enter/sys_exit tracepoint records). */
#ifndef SCRY_SC_EVENT_H
#define SCRY_SC_EVENT_H

#include "util/trace/beauty/beauty.h"
#include "util/trace/bpf/syscall-record.h"
#include "util/types.h"

#define SC_EVENT_MAX_CAPS 48

struct sc_event {
	enum scry_sc_kind kind;         /* COMPLETE, NORETURN, UNFINISHED, EXIT */
	u32 tid, pid;
	int nr;
	int cpu;
	u64 ts_enter, ts_exit;          /* ns, CLOCK_MONOTONIC */
	u64 args[SCRY_SC_NARGS];
	s64 ret;                        /* EXIT: the exit code (wait status form) */
	char comm[17];
	bool group_dead;                /* EXIT: the process is gone */
	bool continued;                 /* only the return was seen (entry before the trace) */
	bool args_known;                /* continued: args learned elsewhere (/proc/TID/syscall) */
	bool in_progress;               /* UNFINISHED: still in the call when tracing stopped */
	/* Captured strings, by argument index (NULL: none). Not NUL-terminated
	 * beyond str_len; they point into the record. */
	const char *str[SCRY_SC_NARGS];
	u16 str_len[SCRY_SC_NARGS];
	bool str_truncated[SCRY_SC_NARGS];
	bool str_is_buf[SCRY_SC_NARGS];         /* a buffer's bytes (may be empty), not a C string */
	/* A string vector (execve's argv): vec_len bytes of NUL-terminated
	 * strings, the first of vec_nr elements (fewer when they did not all
	 * fit); and the element count of a counted vector (envp). Zeroed:
	 * none (records from tracepoints). */
	bool has_vec, has_cnt;
	u8 vec_arg, cnt_arg;            /* argument indexes */
	const char *vec;
	u16 vec_len, vec_nr, cnt_nr;
	bool vec_fault, cnt_fault;
	/* The pieces copied by rule, in the order they were taken. */
	struct sc_cap caps[SC_EVENT_MAX_CAPS];
	unsigned ncap;
	/* kind SCRY_SC_STACK: the stacks of this thread's call that ended at
	 * ts_exit (nr), pointing into the record. */
	struct sc_event_stack {
		const u8 *kips, *uips;          /* u64 each, leaf first (unaligned: memcpy) */
		u16 nr_kips, nr_uips;
		bool dwarf, kernel;
		u64 regs[3];                    /* dwarf: user ip, sp, bp */
		const void *data;               /* dwarf: stack bytes from sp on */
		u32 len;
	} stack;
};

/* Decode a BPF tracer record (the RAW data of a bpf-output sample): a
 * call, exit or signal, or the stacks of the call that follows (STACK).
 * Returns -1 when the record is malformed; nothing is read past size. */
int sc_event_from_bpf(const void *raw, u32 size, int cpu, struct sc_event *ev);

#endif
