/* Syscall argument beautifiers.
 *
 * Flag and value tables are data (util/beauty/tables-*.c); the formatters
 * below walk them.  Each syscall argument gets its formatter from its name and
 * type, as the tracefs format file gives them at run time
 * (sc_arg_fmt_pick), plus a small table of per-syscall exceptions.
 */
#ifndef SCRY_BEAUTY_H
#define SCRY_BEAUTY_H

#include <sys/types.h>

#include "util/outbuf.h"
#include "util/types.h"

/* One named bit (or multi-bit field value under `mask`) of a flag word. */
struct flag_name {
	u64 value;      /* the bits that must be set ... */
	u64 mask;       /* ... within this mask (0: mask = value) */
	const char *name;
};

/* One named value of an enumeration. */
struct value_name {
	s64 value;
	const char *name;
};

struct flag_table {
	const struct flag_name *entries;
	size_t nr;
	const char *zero;       /* printed for 0 when not NULL (e.g. "RDONLY") */
};

struct value_table {
	const struct value_name *entries;
	size_t nr;
};

/* NAME|NAME|0x40: names for known bits, hex for the rest; "0" or the table's
 * zero name when nothing is set. */
void beauty_flags(struct outbuf *ob, const struct flag_table *t, u64 val);
/* The same with each name after `prefix` ("STATX_" + "MODE"), as strace
 * names flags inside structs. */
void beauty_flags_prefixed(struct outbuf *ob, const struct flag_table *t, u64 val, const char *prefix);
/* The value's name, or its decimal value when unknown. Returns true if named. */
bool beauty_value(struct outbuf *ob, const struct value_table *t, s64 val);
const char *value_table_name(const struct value_table *t, s64 val);

/* errno and signal names: "ENOENT", "SIGSEGV"; NULL when unknown. */
const char *errno_name(int err);
/* Message text as strace prints it: "No such file or directory". */
const char *errno_message(int err);
const char *signal_name(int sig);
int signal_number(const char *name);    /* "SIGTERM", "TERM", "15" -> 15; -1 if unknown */

/* The si_code of a delivered signal: "SEGV_MAPERR", "CLD_EXITED", "SI_USER";
 * NULL when unknown. */
const char *siginfo_code_name(int sig, int code);

/* Which si_* fields a siginfo of this signal and code carries. */
enum siginfo_layout {
	SIGINFO_OTHER,          /* none worth printing */
	SIGINFO_KILL,           /* si_pid, si_uid (sent by a process) */
	SIGINFO_CHLD,           /* si_pid, si_uid, si_status */
	SIGINFO_FAULT,          /* si_addr */
};
enum siginfo_layout siginfo_layout_of(int sig, int code);

/* One piece the BPF tracer copied by rule (see struct scry_sc_cap_hdr). */
struct sc_cap {
	u8 arg;                 /* argument index */
	u8 kind;                /* enum scry_cap_kind */
	u8 when;                /* SCRY_CAP_ENTRY or SCRY_CAP_EXIT */
	bool fault;             /* unreadable: no bytes */
	bool trunc;             /* fewer bytes than wanted */
	u16 len;
	u64 aux;                /* bytes wanted; IOV: element count; IOV_DATA: index; DENTS: records */
	const u8 *data;         /* len bytes, inside the record */
};

/* What an argument formatter may consult besides the argument itself. */
struct sc_arg_ctx {
	const u64 *args;        /* all six raw arguments of the call */
	unsigned idx;           /* which one is being printed */
	pid_t pid;              /* process, for fd lookups */
	/* fd -> path, e.g. "/etc/hostname" or "pipe:[1234]"; NULL when unknown. */
	const char *(*fd_path)(void *priv, pid_t pid, int fd);
	void *fd_priv;
	/* The argument's user string when the record carries it. */
	const char *str;
	size_t str_len;
	bool str_truncated;
	bool str_valid;
	bool str_is_buf;                /* the bytes of a buffer, not a C string */
	/* The argument's string vector (argv): vec_len bytes of strings, the
	 * first of vec_nr elements; or the element count of a counted one. */
	const char *vec;
	size_t vec_len;
	unsigned vec_nr;
	bool vec_valid, vec_fault;
	unsigned cnt_nr;
	bool cnt_valid, cnt_fault;
	/* Bytes of a buffer, and strings of an argv, to show (strace's -s). */
	unsigned string_limit;
	/* The call's result (a read's byte count), when it returned. */
	s64 ret;
	bool ret_valid;
	/* The pieces the tracer copied by rule for the whole call (every
	 * argument's): find one with sc_cap_find. */
	const struct sc_cap *caps;
	unsigned ncap;
	/* strace's -v (structs and arrays in full), -X (raw|abbrev|verbose) */
	bool verbose;
	int xlat;               /* 0 abbrev (default), 1 raw, 2 verbose */
};

/* The piece of argument arg (ctx->idx when arg < 0) of this kind (0: the
 * rule's kind, whichever) taken at `when` (SCRY_CAP_ENTRY or _EXIT); NULL
 * when there is none. */
const struct sc_cap *sc_cap_find(const struct sc_arg_ctx *ctx, int arg, unsigned kind, unsigned when);

/* Values of sc_arg_ctx.xlat (strace's -X). */
enum { SC_XLAT_ABBREV = 0, SC_XLAT_RAW = 1, SC_XLAT_VERBOSE = 2 };

/* beauty_flags and beauty_value in the style ctx->xlat asks for (NULL
 * ctx: names): raw "0x241", verbose "0x241" followed by the names in a C
 * comment. */
void beauty_flags_ctx(struct outbuf *ob, const struct flag_table *t, u64 val, const struct sc_arg_ctx *ctx);
bool beauty_value_ctx(struct outbuf *ob, const struct value_table *t, s64 val, const struct sc_arg_ctx *ctx);

typedef void (*sc_arg_print_fn)(struct outbuf *ob, u64 val, const struct sc_arg_ctx *ctx);
/* Some arguments are meaningless for some calls (open's mode without
 * O_CREAT): such an argument is left out of the line. */
typedef bool (*sc_arg_show_fn)(u64 val, const struct sc_arg_ctx *ctx);

struct sc_arg_fmt {
	const char *kind;               /* "fd", "open_flags", ... (tests, debugging) */
	sc_arg_print_fn print;
	sc_arg_show_fn show;            /* NULL: always shown */
	bool is_string;                 /* the tracer should capture the user string */
	bool is_path;                   /* the string names a file (fd table learns it) */
	bool is_fd;                     /* the value is a file descriptor */
	bool is_vector;                 /* the tracer should capture the strings of the array (argv) */
	bool is_counted;                /* the tracer should count the array's elements (envp) */
	bool is_buf_in;                 /* the tracer should copy the buffer at entry; its
					 * length is the next argument (write's buf) */
	bool is_buf_out;                /* ... at return, as long as the result (read's buf) */
	u16 buf_size;                   /* is_buf_*: copy this many bytes instead (a struct) */
	/* A copy by rule (kind 0: none). len_arg is an argument index; -1:
	 * the argument after this one. max 0: SCRY_SC_CAP_PIECE;
	 * SC_CAP_MAX_STRLIMIT: the user's --string-limit (data bytes). */
	struct sc_cap_spec {
		u8 kind, when;
		s8 len_arg;
		u16 size, max;
	} cap;
};

#define SC_CAP_MAX_STRLIMIT 0xffff

/* A syscall whose result prints more than its value: poll's revents,
 * fcntl(F_GETFD)'s flags. print returns false to leave the result to the
 * default printer (a failed call, a command it does not know). */
struct sc_ret_fmt {
	const char *sc;
	bool (*print)(struct outbuf *ob, s64 ret, const struct sc_arg_ctx *ctx);
};
const struct sc_ret_fmt *sc_ret_fmt_find(const char *sc_name);

/* Pick a formatter for argument `arg_name` of type `arg_type` (as in the
 * tracefs format: "int", "const char *", "unsigned long", "umode_t", ...) of
 * syscall `sc_name` ("openat").  Never returns NULL: unknown arguments get a
 * decimal (integers) or hex (pointers) formatter. */
const struct sc_arg_fmt *sc_arg_fmt_pick(const char *sc_name, const char *arg_name,
					 const char *arg_type);

/* How a syscall's return value is printed. */
enum sc_ret_kind {
	SC_RET_DEC,     /* decimal, errno names for -4095..-1 */
	SC_RET_FD,      /* a new file descriptor (open, socket, dup, accept, ...) */
	SC_RET_PTR,     /* an address (mmap, brk, shmat); errno when -4095..-1 */
	SC_RET_HEX,     /* flags-like results (e.g. fcntl F_GETFL) */
	SC_RET_NONE,    /* never returns (exit, exit_group): "?" */
};
enum sc_ret_kind sc_ret_kind(const char *sc_name);

/* Print a return value: "3", "-1 ENOENT (No such file or directory)",
 * "0x7f12...", "?".  fd results show "3</path>" when ctx->fd_path knows it. */
void sc_ret_print(struct outbuf *ob, enum sc_ret_kind kind, s64 ret, const struct sc_arg_ctx *ctx);

#endif
