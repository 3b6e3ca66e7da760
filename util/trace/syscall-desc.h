/* What scry knows about each syscall: its name, its arguments' names and
 * types (read at run time from the tracefs format of syscalls:sys_enter_X)
 * with the beautifier picked for each, how its result prints, and which of
 * its arguments are strings the tracer should capture.  Loaded lazily, once
 * per syscall number, per session. */
#ifndef SCRY_SYSCALL_DESC_H
#define SCRY_SYSCALL_DESC_H

#include "util/trace/beauty/beauty.h"
#include "util/trace/bpf/syscall-record.h"
#include "util/trace/syscalls.h"
#include "util/core/tp-format.h"

#define SC_MAX_ARGS 6

struct sc_arg_desc {
	char name[32];
	char type[48];
	const struct sc_arg_fmt *fmt;
};

struct sc_desc {
	int nr;
	char name[48];          /* "openat", or "syscall_451" when the table has no name */
	char tp_name[48];       /* tracefs event suffix: "newfstatat" for sys_enter_newfstatat */
	int nargs;              /* -1: unknown (no tracefs format); print six raw values */
	struct sc_arg_desc args[SC_MAX_ARGS];
	enum sc_ret_kind ret_kind;
	u8 str_args[2];         /* argument index + 1 of the first two string args; 0: none */
	u8 vec_arg;             /* argument index + 1 of a string vector (execve's argv); 0: none */
	u8 cnt_arg;             /* argument index + 1 of a vector to count (envp); 0: none */
	/* Up to two buffers or structs the tracer copies, in argument order. */
	u8 buf_arg[2];          /* argument index + 1 (write's buf, stat's statbuf); 0: none */
	bool buf_out[2];        /* the call fills it (read) rather than reads it (write) */
	u16 buf_size[2];        /* bytes to copy (a struct); 0: the next argument / the result says */
	/* Copies by rule, from the arguments' formatters (len_arg resolved
	 * to an index; max may be SC_CAP_MAX_STRLIMIT, resolved when the
	 * tracer is configured). */
	struct scry_sc_cap_rule caps[SCRY_SC_NCAP];
	unsigned ncap;
	const struct sc_ret_fmt *ret_fmt;       /* NULL: the value alone */
	bool noreturn;
	bool has_tracepoint;
};

struct sc_descs {
	struct sc_desc *desc[SYSCALL_NR_MAX];
	struct tp_formats *formats;     /* may be NULL: no argument names */
};

void sc_descs_init(struct sc_descs *d, struct tp_formats *formats);
void sc_descs_release(struct sc_descs *d);
/* Never NULL for 0 <= nr < SYSCALL_NR_MAX (an unnamed number gets a stub);
 * NULL for numbers out of range or on allocation failure. */
const struct sc_desc *sc_descs_get(struct sc_descs *d, int nr);

/* The tracefs event suffix for a syscall name: most are the same, a few
 * differ (stat -> newstat, uname -> newuname, sendfile -> sendfile64). */
const char *sc_tracefs_name(const char *name);

#endif
