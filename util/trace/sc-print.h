/* Formatting one traced syscall as a line:
 *   0.123 ( 0.004 ms): cat/2316 openat(dfd: CWD, filename: "/etc/hostname", flags: RDONLY|CLOEXEC) = 3</etc/hostname>
 * A call is printed when it returns, stamped with its entry time, so a call
 * that blocked while others ran appears after them with an earlier stamp. */
#ifndef SCRY_SC_PRINT_H
#define SCRY_SC_PRINT_H

#include "util/trace/fdtable.h"
#include "util/outbuf.h"
#include "util/trace/sc-event.h"
#include "util/trace/syscall-desc.h"

struct sc_print_opts {
	bool show_comm;         /* "cat/2316" vs "2316" */
	bool abs_time;          /* raw CLOCK_MONOTONIC ms instead of ms since base */
	u64 base_ns;            /* time 0 for relative stamps */
	unsigned align;         /* pad the call to this many columns before " = " (0: none) */
	unsigned string_limit;  /* bytes of a buffer, strings of an argv shown (strace's -s) */
	bool verbose;           /* strace's -v: structs and arrays in full */
	int xlat;               /* strace's -X: 0 abbrev, 1 raw, 2 verbose */
	bool yy;                /* strace's -yy: sockets with their endpoints */
};

#define SC_STRING_LIMIT_DEFAULT 32

/* The "TIME ( DUR ms): COMM/TID " prefix. */
void sc_print_prefix(struct outbuf *ob, u64 ts, s64 dur_ns, bool has_dur, const char *comm, u32 tid,
		     const struct sc_print_opts *o);

/* A whole syscall line, newline included. */
void sc_print_event(struct outbuf *ob, const struct sc_event *ev, const struct sc_desc *d,
		    struct fdtables *fdt, const struct sc_print_opts *o);

/* A delivered signal (a SCRY_SC_SIGNAL event), as strace shows it:
 *   --- SIGSEGV {si_signo=SIGSEGV, si_code=SEGV_MAPERR, si_addr=NULL} --- */
void sc_print_signal(struct outbuf *ob, const struct sc_event *ev, const struct sc_print_opts *o);

/* "+++ exited with 0 +++" / "+++ killed by SIGSEGV (core dumped) +++" for a
 * wait-style status. */
void sc_print_exit_status(struct outbuf *ob, int status);

#endif
