/* The tracepoint syscall backend: sys_enter/sys_exit records (from
 * raw_syscalls:* or syscalls:sys_{enter,exit}_*) paired per thread into
 * sc_events.  Used where BPF is not available, and for data files that hold
 * such records.  Cannot read user memory: strings print as pointers. */
#ifndef SCRY_SC_TP_H
#define SCRY_SC_TP_H

#include "util/hashmap.h"
#include "util/trace/sc-event.h"
#include "util/core/tp-format.h"

enum sc_tp_kind {
	SC_TP_NONE = 0,
	SC_TP_RAW_ENTER,        /* raw_syscalls:sys_enter: id, args[6] */
	SC_TP_RAW_EXIT,         /* raw_syscalls:sys_exit: id, ret */
	SC_TP_ENTER,            /* syscalls:sys_enter_X: __syscall_nr, then the arguments */
	SC_TP_EXIT,             /* syscalls:sys_exit_X: __syscall_nr, ret */
};

/* Where the fields are in one event's records, from its format. */
struct sc_tp_layout {
	enum sc_tp_kind kind;
	int nr_off, nr_size;
	int args_off;           /* first argument (8 bytes each) */
	int nargs;
	int ret_off;
};

/* Work out the layout of event ev (its sys and name tell the kind).
 * Returns -1 if it is not a syscall tracepoint or the format is odd. */
int sc_tp_layout_of(struct tep_event *ev, struct sc_tp_layout *l);

struct sc_tp {
	struct hashmap pending;         /* tid -> entry not yet returned */
};

void sc_tp_init(struct sc_tp *t);
void sc_tp_release(struct sc_tp *t);

/* Feed one record. Returns
 *   1  *out holds a finished event to print (a completed call, a call that
 *      never returns, or a return whose entry was not seen: out->continued);
 *   0  the record was only remembered (an entry);
 *   2  *out holds the thread's earlier pending entry, marked UNFINISHED
 *      because a new entry came first (records lost): print it, then feed
 *      the same record again;
 *  -1  the record is malformed.
 * noreturn_nr (SCRY_SC_NR_MAX entries, may be NULL) marks calls that never
 * return (exit_group). */
int sc_tp_feed(struct sc_tp *t, const struct sc_tp_layout *l, const void *raw, u32 size,
	       u32 pid, u32 tid, u64 time, int cpu, const bool *noreturn_nr, struct sc_event *out);

#endif
