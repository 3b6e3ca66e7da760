/* Arguments whose value lives in the traced process's memory, printed from
 * the bytes the BPF tracer copied (sc_arg_ctx.str / .vec, see
 * util/trace/bpf/syscall-record.h) as strace prints them: data buffers, execve's
 * argv and envp, and the structs strace shows by default (stat, sockaddr,
 * timespec, a pipe's descriptors, a wait status, signal sets and actions). Without a copy (the
 * tracepoint backend, an unreadable page, a failed call) the pointer is
 * printed. */
#include <arpa/inet.h>
#include <signal.h>
#include <stdint.h>
#include <linux/un.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>

#include "util/trace/beauty/beauty-internal.h"
#include "util/trace/bpf/syscall-record.h"

#define FMT(name, fn, ...) \
	const struct sc_arg_fmt bfmt_##name = { .kind = #name, .print = fn, __VA_ARGS__ }

/* The copy, when the record holds one of at least `need` bytes. */
static const void *copied(const struct sc_arg_ctx *ctx, size_t need)
{
	if (!ctx || !ctx->str_valid || !ctx->str_is_buf || ctx->str_len < need)
		return NULL;
	return ctx->str;
}

/* A struct the call filled: there only once it returned `ok`. */
static const void *filled(const struct sc_arg_ctx *ctx, size_t need, bool ok)
{
	if (!ctx || !ctx->ret_valid || !ok)
		return NULL;
	return copied(ctx, need);
}

/* Into dst, the n bytes at p (a copy from copied() or filled()); without
 * them, the pointer is printed instead and false returned. */
static bool take(struct outbuf *ob, u64 val, const struct sc_arg_ctx *ctx, const void *p, void *dst, size_t n)
{
	if (!p) {
		bt_print_ptr(ob, val, ctx);
		return false;
	}
	memcpy(dst, p, n);
	return true;
}

/* ---- data buffers ------------------------------------------------------------ */

/* Its first bytes (strace's -s) in quotes, "..." after when the call moved
 * more. `total` is how many bytes the call moved; the record holds the
 * first of them. */
static void print_buf(struct outbuf *ob, const struct sc_arg_ctx *ctx, const void *bytes, size_t n, u64 total)
{
	if (n > total)
		n = total;
	if (n > ctx->string_limit)
		n = ctx->string_limit;
	outbuf_quoted(ob, bytes, n, total > n);
}

/* A data buffer's bytes: in a string slot (up to SCRY_SC_STR_MAX), or, with
 * a --string-limit above that, in a piece taken by rule at `when`. */
static const void *buf_bytes(const struct sc_arg_ctx *ctx, unsigned when, size_t *n)
{
	const struct sc_cap *c;

	if (copied(ctx, 0)) {
		*n = ctx->str_len;
		return ctx->str;
	}
	c = sc_cap_find(ctx, -1, 0, when);
	if (!c || c->fault || (c->kind != SCRY_CAP_ARGLEN && c->kind != SCRY_CAP_RETLEN))
		return NULL;
	*n = c->len;
	return c->data;
}

/* write's buf: copied when the call was entered; its length is the next
 * argument. */
static void print_buf_in(struct outbuf *ob, u64 val, const struct sc_arg_ctx *ctx)
{
	const void *p = NULL;
	size_t n = 0;

	if (ctx && ctx->args && ctx->idx + 1 < SCRY_SC_NARGS)
		p = buf_bytes(ctx, SCRY_CAP_ENTRY, &n);
	if (!p)
		bt_print_ptr(ob, val, ctx);
	else
		print_buf(ob, ctx, p, n, ctx->args[ctx->idx + 1]);
}

/* read's buf: what the call put there, as many bytes as it returned; a
 * failed or unfinished call's buffer holds nothing to show. */
static void print_buf_out(struct outbuf *ob, u64 val, const struct sc_arg_ctx *ctx)
{
	const void *p = NULL;
	size_t n = 0;

	if (ctx && ctx->ret_valid && ctx->ret >= 0)
		p = buf_bytes(ctx, SCRY_CAP_EXIT, &n);
	if (!p)
		bt_print_ptr(ob, val, ctx);
	else
		print_buf(ob, ctx, p, n, (u64)ctx->ret);
}

FMT(buf_in, print_buf_in, .is_buf_in = true);
FMT(buf_out, print_buf_out, .is_buf_out = true);

/* ---- execve ------------------------------------------------------------------ */

/* argv: ["ls", "-l", "/tmp"]. Elements past strace's -s, or the tracer's
 * room, or unreadable, show as "...". */
static void print_argv(struct outbuf *ob, u64 val, const struct sc_arg_ctx *ctx)
{
	unsigned shown = 0;

	if (!ctx || !ctx->vec_valid || !val || (ctx->vec_fault && !ctx->vec_nr)) {
		bt_print_ptr(ob, val, ctx);
		return;
	}
	outbuf_putc(ob, '[');
	for (size_t off = 0; off < ctx->vec_len && shown < ctx->string_limit; shown++) {
		size_t n = strnlen(ctx->vec + off, ctx->vec_len - off);
		bool cut = n + 1 >= SCRY_SC_VEC_STR_MAX || n > ctx->string_limit;
		if (shown)
			outbuf_puts(ob, ", ");
		outbuf_quoted(ob, ctx->vec + off, n > ctx->string_limit ? ctx->string_limit : n, cut);
		off += n + 1;
	}
	if (shown < ctx->vec_nr || ctx->vec_fault)
		outbuf_puts(ob, shown ? ", ..." : "...");
	outbuf_putc(ob, ']');
}

/* envp: the address, then how many variables it holds in a C comment
 * ("21 vars"). */
static void print_envp(struct outbuf *ob, u64 val, const struct sc_arg_ctx *ctx)
{
	bt_print_ptr(ob, val, ctx);
	if (!ctx || !ctx->cnt_valid || !val || ctx->cnt_fault)
		return;
	outbuf_puts(ob, " /* ");
	outbuf_u64(ob, ctx->cnt_nr);
	outbuf_puts(ob, ctx->cnt_nr == 1 ? " var */" : " vars */");
}

FMT(argv, print_argv, .is_vector = true);
FMT(envp, print_envp, .is_counted = true);

/* ---- structs ------------------------------------------------------------------ */

/* st_mode as strace prints it: S_IFDIR|S_ISVTX|0777. */
static void print_mode(struct outbuf *ob, u32 mode)
{
	const char *type = value_table_name(&bt_file_types, mode & S_IFMT);

	if (type) {
		outbuf_puts(ob, type);
		outbuf_putc(ob, '|');
	}
	if (mode & S_ISUID)
		outbuf_puts(ob, "S_ISUID|");
	if (mode & S_ISGID)
		outbuf_puts(ob, "S_ISGID|");
	if (mode & S_ISVTX)
		outbuf_puts(ob, "S_ISVTX|");
	outbuf_octal(ob, mode & 0777);
}

/* stat's result, abbreviated as strace abbreviates it:
 * {st_mode=S_IFREG|0644, st_size=42107, ...}; devices show st_rdev. */
static void print_stat(struct outbuf *ob, u64 val, const struct sc_arg_ctx *ctx)
{
	struct stat st;

	if (!take(ob, val, ctx, filled(ctx, sizeof(st), ctx && ctx->ret == 0), &st, sizeof(st)))
		return;
	outbuf_puts(ob, "{st_mode=");
	print_mode(ob, st.st_mode);
	if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode)) {
		outbuf_puts(ob, ", st_rdev=");
		bfmt_dev.print(ob, st.st_rdev, ctx);    /* makedev(0x1, 0x3), as mknod's dev */
	} else {
		outbuf_puts(ob, ", st_size=");
		outbuf_s64(ob, st.st_size);
	}
	outbuf_puts(ob, ", ...}");
}

/* statx's result, abbreviated as strace abbreviates it:
 * {stx_mask=STATX_BASIC_STATS|STATX_MNT_ID, stx_attributes=0,
 *  stx_mode=S_IFREG|0644, stx_size=12, ...}. */
static void print_statx(struct outbuf *ob, u64 val, const struct sc_arg_ctx *ctx)
{
	struct statx sx;

	if (!take(ob, val, ctx, filled(ctx, sizeof(sx), ctx && ctx->ret == 0), &sx, sizeof(sx)))
		return;
	outbuf_puts(ob, "{stx_mask=");
	beauty_flags_prefixed(ob, &bt_statx_mask, sx.stx_mask, "STATX_");
	outbuf_puts(ob, ", stx_attributes=");
	beauty_flags_prefixed(ob, &bt_statx_attrs, sx.stx_attributes, "STATX_ATTR_");
	outbuf_puts(ob, ", stx_mode=");
	print_mode(ob, sx.stx_mode);
	outbuf_puts(ob, ", stx_size=");
	outbuf_u64(ob, sx.stx_size);
	outbuf_puts(ob, ", ...}");
}

/* The address a socket call is given, as many bytes as the next argument
 * says: {sa_family=AF_INET, sin_port=htons(53), sin_addr=inet_addr("...")}
 * (bt_print_sockaddr, captured-net.c). */
static void print_sockaddr(struct outbuf *ob, u64 val, const struct sc_arg_ctx *ctx)
{
	const unsigned char *p = copied(ctx, sizeof(sa_family_t));

	if (!p || !ctx->args || ctx->idx + 1 >= SCRY_SC_NARGS || ctx->str_len > ctx->args[ctx->idx + 1]) {
		bt_print_ptr(ob, val, ctx);
		return;
	}
	bt_print_sockaddr(ob, p, ctx->str_len);
}

/* A time the call is given: {tv_sec=1, tv_nsec=500000000}. */
static void print_timespec(struct outbuf *ob, u64 val, const struct sc_arg_ctx *ctx)
{
	struct timespec ts;

	if (!take(ob, val, ctx, copied(ctx, sizeof(ts)), &ts, sizeof(ts)))
		return;
	outbuf_puts(ob, "{tv_sec=");
	outbuf_s64(ob, ts.tv_sec);
	outbuf_puts(ob, ", tv_nsec=");
	outbuf_s64(ob, ts.tv_nsec);
	outbuf_putc(ob, '}');
}

/* pipe's result: [3, 4]. */
static void print_pipefds(struct outbuf *ob, u64 val, const struct sc_arg_ctx *ctx)
{
	int fd[2];

	if (!take(ob, val, ctx, filled(ctx, sizeof(fd), ctx && ctx->ret == 0), fd, sizeof(fd)))
		return;
	outbuf_printf(ob, "[%d, %d]", fd[0], fd[1]);
}

/* wait4's status: [{WIFEXITED(s) && WEXITSTATUS(s) == 0}], written when a
 * child was reaped (a positive result). */
static void print_wait_status(struct outbuf *ob, u64 val, const struct sc_arg_ctx *ctx)
{
	int s;

	if (!take(ob, val, ctx, filled(ctx, sizeof(s), ctx && ctx->ret > 0), &s, sizeof(s)))
		return;
	outbuf_puts(ob, "[{");
	if (WIFEXITED(s)) {
		outbuf_printf(ob, "WIFEXITED(s) && WEXITSTATUS(s) == %d", WEXITSTATUS(s));
	} else if (WIFSIGNALED(s)) {
		outbuf_puts(ob, "WIFSIGNALED(s) && WTERMSIG(s) == ");
		bfmt_signal.print(ob, (u64)WTERMSIG(s), ctx);
		if (WCOREDUMP(s))
			outbuf_puts(ob, " && WCOREDUMP(s)");
	} else if (WIFSTOPPED(s)) {
		outbuf_puts(ob, "WIFSTOPPED(s) && WSTOPSIG(s) == ");
		bfmt_signal.print(ob, (u64)WSTOPSIG(s), ctx);
	} else if (WIFCONTINUED(s)) {
		outbuf_puts(ob, "WIFCONTINUED(s)");
	} else {
		outbuf_printf(ob, "%#x", (unsigned)s);
	}
	outbuf_puts(ob, "}]");
}

/* ---- signals ------------------------------------------------------------------ */

/* The kernel's sigset_t and struct sigaction (what rt_sigaction takes, not
 * the C library's). */
struct k_sigaction {
	u64 handler, flags, restorer, mask;
};

/* A signal set as strace prints it: [INT TERM RT_2]; with more than half
 * the signals in it, ~[...] and those not in it. */
static void print_sigmask(struct outbuf *ob, u64 mask)
{
	bool first = true;

	if (__builtin_popcountll(mask) > 32) {
		outbuf_putc(ob, '~');
		mask = ~mask;
	}
	outbuf_putc(ob, '[');
	for (int sig = 1; sig <= 64; sig++) {
		/* The names arguments get, without SIG: RTMIN, RT_2. */
		const char *name = signal_name(sig);
		if (!(mask & (1ULL << (sig - 1))))
			continue;
		if (!first)
			outbuf_putc(ob, ' ');
		first = false;
		if (name && !strncmp(name, "SIG", 3))
			outbuf_puts(ob, name + 3);
		else
			outbuf_s64(ob, sig);
	}
	outbuf_putc(ob, ']');
}

/* For the other struct printers (captured-poll.c: ppoll's, epoll_pwait's). */
void bt_print_sigmask(struct outbuf *ob, u64 mask)
{
	print_sigmask(ob, mask);
}

static void print_sigaction_struct(struct outbuf *ob, const struct k_sigaction *sa)
{
	outbuf_puts(ob, "{sa_handler=");
	if (sa->handler == (u64)(uintptr_t)SIG_DFL)
		outbuf_puts(ob, "SIG_DFL");
	else if (sa->handler == (u64)(uintptr_t)SIG_IGN)
		outbuf_puts(ob, "SIG_IGN");
	else
		outbuf_hex(ob, sa->handler);
	outbuf_puts(ob, ", sa_mask=");
	print_sigmask(ob, sa->mask);
	outbuf_puts(ob, ", sa_flags=");
	beauty_flags(ob, &bt_sigaction_flags, sa->flags);
	if (sa->flags & 0x04000000) {   /* SA_RESTORER */
		outbuf_puts(ob, ", sa_restorer=");
		outbuf_hex(ob, sa->restorer);
	}
	outbuf_putc(ob, '}');
}

/* A set the call is given (rt_sigprocmask's new mask). */
static void print_sigset_in(struct outbuf *ob, u64 val, const struct sc_arg_ctx *ctx)
{
	u64 mask;

	if (take(ob, val, ctx, copied(ctx, sizeof(mask)), &mask, sizeof(mask)))
		print_sigmask(ob, mask);
}

/* A set the call fills (the old mask), once it succeeded. */
static void print_sigset_out(struct outbuf *ob, u64 val, const struct sc_arg_ctx *ctx)
{
	u64 mask;

	if (take(ob, val, ctx, filled(ctx, sizeof(mask), ctx && ctx->ret == 0), &mask, sizeof(mask)))
		print_sigmask(ob, mask);
}

/* rt_sigaction's new action: {sa_handler=SIG_IGN, sa_mask=[], ...}. */
static void print_sigaction_in(struct outbuf *ob, u64 val, const struct sc_arg_ctx *ctx)
{
	struct k_sigaction sa;

	if (take(ob, val, ctx, copied(ctx, sizeof(sa)), &sa, sizeof(sa)))
		print_sigaction_struct(ob, &sa);
}

/* ... and the old one, once the call succeeded. */
static void print_sigaction_out(struct outbuf *ob, u64 val, const struct sc_arg_ctx *ctx)
{
	struct k_sigaction sa;

	if (take(ob, val, ctx, filled(ctx, sizeof(sa), ctx && ctx->ret == 0), &sa, sizeof(sa)))
		print_sigaction_struct(ob, &sa);
}

FMT(stat_out, print_stat, .is_buf_out = true, .buf_size = sizeof(struct stat));
FMT(statx_out, print_statx, .is_buf_out = true, .buf_size = sizeof(struct statx));
FMT(sockaddr_in, print_sockaddr, .is_buf_in = true);
FMT(timespec_in, print_timespec, .is_buf_in = true, .buf_size = sizeof(struct timespec));
FMT(pipefds_out, print_pipefds, .is_buf_out = true, .buf_size = 2 * sizeof(int));
FMT(wait_status_out, print_wait_status, .is_buf_out = true, .buf_size = sizeof(int));
/* rt_sigreturn's frame: the mask it restores, {mask=[USR2]} as strace
 * shows it (copied at entry from the frame on the user stack). */
static void print_sigframe(struct outbuf *ob, u64 val, const struct sc_arg_ctx *ctx)
{
	const struct sc_cap *c = sc_cap_find(ctx, -1, SCRY_CAP_SIGFRAME, SCRY_CAP_ENTRY);
	u64 mask;

	(void)val;
	if (!c || c->fault || c->len < sizeof(mask)) {
		outbuf_puts(ob, "{mask=?}");
		return;
	}
	memcpy(&mask, c->data, sizeof(mask));
	outbuf_puts(ob, "{mask=");
	print_sigmask(ob, mask);
	outbuf_putc(ob, '}');
}

FMT(sigset_in, print_sigset_in, .is_buf_in = true, .buf_size = sizeof(u64));
FMT(sigset_out, print_sigset_out, .is_buf_out = true, .buf_size = sizeof(u64));
FMT(sigaction_in, print_sigaction_in, .is_buf_in = true, .buf_size = sizeof(struct k_sigaction));
FMT(sigaction_out, print_sigaction_out, .is_buf_out = true, .buf_size = sizeof(struct k_sigaction));
FMT(sigframe, print_sigframe, .cap = { .kind = SCRY_CAP_SIGFRAME, .when = SCRY_CAP_ENTRY, .size = 8 });
