/* Formatting one traced syscall as a line:
 *   0.123 ( 0.004 ms): cat/2316 openat(dfd: CWD, filename: "/etc/hostname", flags: RDONLY|CLOEXEC) = 3</etc/hostname>
 * A call is printed when it returns, stamped with its entry time, so a call
 * that blocked while others ran appears after them with an earlier stamp. */
#ifndef SCRY_SC_PRINT_H
#define SCRY_SC_PRINT_H

#include "util/trace/fdtable.h"
#include "util/outbuf.h"
#include "util/trace/sc-event.h"
#include "util/trace/sc-quals.h"
#include "util/trace/syscall-desc.h"

struct sc_print_opts {
	bool show_comm;         /* "cat/2316" vs "2316" */
	bool abs_time;          /* raw CLOCK_MONOTONIC ms instead of ms since base */
	u64 base_ns;            /* time 0 for relative stamps */
	unsigned align;         /* pad the call to this many columns before " = " (0: none) */
	unsigned string_limit;  /* bytes of a buffer, strings of an argv shown (strace's -s) */
	bool verbose;           /* strace's -v: structs and arrays in full */
	int xlat;               /* strace's -X: 0 abbrev, 1 raw, 2 verbose */
	int wall_clock;         /* strace's -tt/-ttt: SC_WALL_* instead of the ms stamp */
	s64 wall_offset_ns;     /* CLOCK_REALTIME - CLOCK_MONOTONIC */
	bool yy;                /* strace's -yy: sockets with their endpoints */
};

enum { SC_WALL_NONE, SC_WALL_TIME, SC_WALL_UNIX };

#define SC_STRING_LIMIT_DEFAULT 32

/* The "TIME ( DUR ms): COMM/TID " prefix. */
void sc_print_prefix(struct outbuf *ob, u64 ts, s64 dur_ns, bool has_dur, const char *comm, u32 tid,
		     const struct sc_print_opts *o);

/* A whole syscall line, newline included. */
void sc_print_event(struct outbuf *ob, const struct sc_event *ev, const struct sc_desc *d,
		    struct fdtables *fdt, const struct sc_print_opts *o);

/* The result after " = " ("3</etc/hostname>", "-1 ENOENT (...)", "?"). */
void sc_print_result(struct outbuf *ob, const struct sc_event *ev, const struct sc_desc *d, struct fdtables *fdt,
		     const struct sc_print_opts *o);

/* Argument i as the line shows it; *shown: whether the line shows it. */
void sc_print_arg_value(struct outbuf *ob, const struct sc_event *ev, const struct sc_desc *d, int i,
			struct fdtables *fdt, const struct sc_print_opts *o, bool *shown);

/* The context argument formatters get, for argument i of ev. */
void sc_arg_ctx_init(struct sc_arg_ctx *ctx, const struct sc_event *ev, struct fdtables *fdt,
		     const struct sc_print_opts *o);
void sc_arg_ctx_select(struct sc_arg_ctx *ctx, const struct sc_event *ev, int i);

/* len bytes as strace's -e read=/write= dumps them (" | 00000  68 65 ..."). */
void sc_print_hexdump(struct outbuf *ob, const u8 *data, size_t len);

/* strace's -e read=FDS / -e write=FDS: after a call that moved data on one
 * of the descriptors (its first argument), the bytes copied of it, dumped;
 * iovec elements each after " * N bytes in buffer K". */
void sc_print_data_dumps(struct outbuf *ob, const struct sc_event *ev, const struct sc_desc *d,
			 const struct sc_numset *rd, const struct sc_numset *wr);

/* A delivered signal (a SCRY_SC_SIGNAL event), as strace shows it:
 *   --- SIGSEGV {si_signo=SIGSEGV, si_code=SEGV_MAPERR, si_addr=NULL} --- */
void sc_print_signal(struct outbuf *ob, const struct sc_event *ev, const struct sc_print_opts *o);

/* "+++ exited with 0 +++" / "+++ killed by SIGSEGV (core dumped) +++" for a
 * wait-style status. */
void sc_print_exit_status(struct outbuf *ob, int status);

#endif
