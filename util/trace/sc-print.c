#include "util/trace/sc-print.h"

#include <signal.h>
#include <sys/wait.h>
#include <stdint.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "util/trace/beauty/beauty.h"

static const char *fd_path_cb(void *priv, pid_t pid, int fd)
{
	return fdtables_path(priv, pid, fd);
}

static const char *fd_endpoints_cb(void *priv, pid_t pid, int fd)
{
	return fdtables_endpoints(priv, pid, fd);
}

/* strace's -tt ("22:41:07.123456", local time) and -ttt
 * ("1765147267.123456") from a CLOCK_MONOTONIC stamp. */
static void print_wall_clock(struct outbuf *ob, u64 ts, const struct sc_print_opts *o)
{
	s64 wall = (s64)ts + o->wall_offset_ns;
	time_t sec;
	struct tm tm;

	if (wall < 0)
		wall = 0;
	sec = (time_t)(wall / 1000000000);
	if (o->wall_clock == SC_WALL_UNIX) {
		outbuf_printf(ob, "%lld.%06lld", (long long)sec, (long long)(wall % 1000000000 / 1000));
		return;
	}
	localtime_r(&sec, &tm);
	outbuf_printf(ob, "%02d:%02d:%02d.%06lld", tm.tm_hour, tm.tm_min, tm.tm_sec,
		      (long long)(wall % 1000000000 / 1000));
}

void sc_print_prefix(struct outbuf *ob, u64 ts, s64 dur_ns, bool has_dur, const char *comm, u32 tid,
		     const struct sc_print_opts *o)
{
	u64 t = o->abs_time ? ts : (ts >= o->base_ns ? ts - o->base_ns : 0);

	if (o->wall_clock)
		print_wall_clock(ob, ts, o);
	else
		/* milliseconds with microsecond digits, as perf trace prints them */
		outbuf_fixed(ob, t / 1000, 3, 10);
	if (has_dur) {
		outbuf_puts(ob, " (");
		outbuf_fixed(ob, (u64)(dur_ns > 0 ? dur_ns : 0) / 1000, 3, 6);
		outbuf_puts(ob, " ms): ");
	} else {
		outbuf_puts(ob, " (         ): ");
	}
	if (o->show_comm && comm && *comm) {
		outbuf_puts(ob, comm);
		outbuf_putc(ob, '/');
	}
	outbuf_u64(ob, tid);
	outbuf_putc(ob, ' ');
}

void sc_arg_ctx_init(struct sc_arg_ctx *ctx, const struct sc_event *ev, struct fdtables *fdt,
		     const struct sc_print_opts *o)
{
	*ctx = (struct sc_arg_ctx){
		.args = ev->args,
		.pid = (pid_t)ev->pid,
		.fd_path = o->yy ? fd_endpoints_cb : fd_path_cb,
		.fd_priv = fdt,
		.string_limit = o->string_limit,
		.ret = ev->ret,
		.ret_valid = ev->kind == SCRY_SC_COMPLETE,
		.caps = ev->caps,
		.ncap = ev->ncap,
		.verbose = o->verbose,
		.xlat = o->xlat,
	};
}

void sc_arg_ctx_select(struct sc_arg_ctx *ctx, const struct sc_event *ev, int i)
{
	ctx->idx = (unsigned)i;
	ctx->str = ev->str[i];
	ctx->str_len = ev->str_len[i];
	ctx->str_truncated = ev->str_truncated[i];
	ctx->str_valid = ev->str[i] != NULL;
	ctx->str_is_buf = ev->str_is_buf[i];
	ctx->vec_valid = ev->has_vec && ev->vec_arg == i;
	ctx->vec = ctx->vec_valid ? ev->vec : NULL;
	ctx->vec_len = ctx->vec_valid ? ev->vec_len : 0;
	ctx->vec_nr = ctx->vec_valid ? ev->vec_nr : 0;
	ctx->vec_fault = ctx->vec_valid && ev->vec_fault;
	ctx->cnt_valid = ev->has_cnt && ev->cnt_arg == i;
	ctx->cnt_nr = ctx->cnt_valid ? ev->cnt_nr : 0;
	ctx->cnt_fault = ctx->cnt_valid && ev->cnt_fault;
}

static void print_args(struct outbuf *ob, const struct sc_event *ev, const struct sc_desc *d,
		       struct fdtables *fdt, const struct sc_print_opts *o)
{
	struct sc_arg_ctx ctx;
	bool first = true;

	sc_arg_ctx_init(&ctx, ev, fdt, o);
	if (d->nargs < 0) {
		/* No format for this syscall: its raw register values. */
		for (int i = 0; i < SCRY_SC_NARGS; i++) {
			if (i)
				outbuf_puts(ob, ", ");
			outbuf_hex(ob, ev->args[i]);
		}
		return;
	}
	for (int i = 0; i < d->nargs; i++) {
		const struct sc_arg_desc *a = &d->args[i];
		sc_arg_ctx_select(&ctx, ev, i);
		if (a->fmt->show && !a->fmt->show(ev->args[i], &ctx))
			continue;
		if (!first)
			outbuf_puts(ob, ", ");
		first = false;
		outbuf_puts(ob, a->name);
		outbuf_puts(ob, ": ");
		a->fmt->print(ob, ev->args[i], &ctx);
	}
}

void sc_print_result(struct outbuf *ob, const struct sc_event *ev, const struct sc_desc *d, struct fdtables *fdt,
		     const struct sc_print_opts *o)
{
	struct sc_arg_ctx rctx = {
		.args = ev->args,
		.pid = (pid_t)ev->pid,
		.fd_path = o->yy ? fd_endpoints_cb : fd_path_cb,
		.fd_priv = fdt,
	};

	switch (ev->kind) {
	case SCRY_SC_COMPLETE:
		rctx.ret = ev->ret;
		rctx.ret_valid = true;
		rctx.caps = ev->caps;
		rctx.ncap = ev->ncap;
		rctx.string_limit = o->string_limit;
		rctx.verbose = o->verbose;
		rctx.xlat = o->xlat;
		if (!d->ret_fmt || !d->ret_fmt->print(ob, ev->ret, &rctx))
			sc_ret_print(ob, d->ret_kind, ev->ret, &rctx);
		break;
	case SCRY_SC_UNFINISHED:
		outbuf_puts(ob, ev->in_progress ? "? <unfinished: still in the call when tracing stopped>"
					    : "? <unfinished: the call did not return>");
		break;
	default:
		outbuf_putc(ob, '?');
	}
}

void sc_print_arg_value(struct outbuf *ob, const struct sc_event *ev, const struct sc_desc *d, int i,
			struct fdtables *fdt, const struct sc_print_opts *o, bool *shown)
{
	struct sc_arg_ctx ctx;

	sc_arg_ctx_init(&ctx, ev, fdt, o);
	sc_arg_ctx_select(&ctx, ev, i);
	*shown = !d->args[i].fmt->show || d->args[i].fmt->show(ev->args[i], &ctx);
	d->args[i].fmt->print(ob, ev->args[i], &ctx);
}

void sc_print_event(struct outbuf *ob, const struct sc_event *ev, const struct sc_desc *d,
		    struct fdtables *fdt, const struct sc_print_opts *o)
{
	size_t call_start;
	bool has_dur = ev->kind == SCRY_SC_COMPLETE && !ev->continued;

	sc_print_prefix(ob, ev->continued ? ev->ts_exit : ev->ts_enter, (s64)(ev->ts_exit - ev->ts_enter), has_dur,
			ev->comm, ev->tid, o);
	call_start = ob->len;
	if (ev->continued)
		outbuf_puts(ob, "... [continued]: ");
	outbuf_puts(ob, d->name);
	outbuf_putc(ob, '(');
	if (!ev->continued || ev->args_known)
		print_args(ob, ev, d, fdt, o);
	outbuf_putc(ob, ')');
	if (o->align)
		outbuf_pad(ob, call_start, o->align);
	outbuf_puts(ob, " = ");
	sc_print_result(ob, ev, d, fdt, o);
	outbuf_putc(ob, '\n');
}

/* strace's -e read=/-e write= layout, 16 bytes a line:
 *  | 00000  68 65 6c 6c 6f 0a                                hello.           | */
void sc_print_hexdump(struct outbuf *ob, const u8 *data, size_t len)
{
	static const char hex[] = "0123456789abcdef";

	for (size_t off = 0; off < len; off += 16) {
		size_t n = len - off < 16 ? len - off : 16;

		outbuf_printf(ob, " | %05zx  ", off);
		for (size_t i = 0; i < 16; i++) {
			if (i < n) {
				outbuf_putc(ob, hex[data[off + i] >> 4]);
				outbuf_putc(ob, hex[data[off + i] & 15]);
				outbuf_putc(ob, ' ');
			} else {
				outbuf_puts(ob, "   ");
			}
			if (i == 7)
				outbuf_putc(ob, ' ');
		}
		outbuf_putc(ob, ' ');
		for (size_t i = 0; i < 16; i++) {
			u8 c = i < n ? data[off + i] : ' ';
			outbuf_putc(ob, c >= 0x20 && c < 0x7f ? (char)c : '.');
		}
		outbuf_puts(ob, " |\n");
	}
}

/* The length of element i of the iovec array copied for argument arg (-1
 * when it was not copied). */
static s64 iov_len_of(const struct sc_event *ev, unsigned arg, u64 i)
{
	for (unsigned k = 0; k < ev->ncap; k++) {
		const struct sc_cap *c = &ev->caps[k];
		u64 len;

		if (c->arg != arg || c->kind != SCRY_CAP_IOV || c->fault || (i + 1) * 16 > c->len)
			continue;
		memcpy(&len, c->data + i * 16 + 8, sizeof(len));
		return (s64)MIN(len, (u64)INT64_MAX);
	}
	return -1;
}

void sc_print_data_dumps(struct outbuf *ob, const struct sc_event *ev, const struct sc_desc *d,
			 const struct sc_numset *rd, const struct sc_numset *wr)
{
	u64 left;
	int fd;

	if ((!rd->given && !wr->given) || ev->kind != SCRY_SC_COMPLETE || ev->ret <= 0 || d->nargs < 1 ||
	    !d->args[0].fmt->is_fd)
		return;
	fd = (int)ev->args[0];
	/* a plain buffer (read, write, recvfrom, sendto) */
	for (int i = 1; i < d->nargs; i++) {
		const struct sc_arg_fmt *f = d->args[i].fmt;

		if (!ev->str[i] || !ev->str_is_buf[i])
			continue;
		if ((f->is_buf_out && sc_numset_has(rd, fd)) || (f->is_buf_in && sc_numset_has(wr, fd)))
			sc_print_hexdump(ob, (const u8 *)ev->str[i], MIN((u64)ev->ret, (u64)ev->str_len[i]));
	}
	/* iovec elements (readv, writev, sendmsg, recvmsg): as strace, each
	 * with the bytes the call moved through it, of the result's total */
	left = (u64)ev->ret;
	for (unsigned k = 0; k < ev->ncap && left; k++) {
		const struct sc_cap *c = &ev->caps[k];
		const struct sc_numset *set = c->when == SCRY_CAP_EXIT ? rd : wr;
		s64 iov_len;
		u64 in_buf;

		if (c->kind != SCRY_CAP_IOV_DATA || !sc_numset_has(set, fd))
			continue;
		iov_len = iov_len_of(ev, c->arg, c->aux);
		in_buf = iov_len < 0 ? MIN((u64)c->len, left) : MIN((u64)iov_len, left);
		outbuf_printf(ob, " * %llu bytes in buffer %llu\n", (unsigned long long)in_buf,
			      (unsigned long long)c->aux);
		if (!c->fault)
			sc_print_hexdump(ob, c->data, MIN(in_buf, (u64)c->len));
		left -= in_buf;
	}
}

void sc_print_exit_status(struct outbuf *ob, int status)
{
	outbuf_puts(ob, "+++ ");
	if (WIFSIGNALED(status)) {
		const char *name = signal_name(WTERMSIG(status));
		outbuf_puts(ob, "killed by ");
		if (name)
			outbuf_puts(ob, name);
		else
			outbuf_u64(ob, (u64)WTERMSIG(status));
		if (WCOREDUMP(status))
			outbuf_puts(ob, " (core dumped)");
	} else {
		outbuf_puts(ob, "exited with ");
		outbuf_u64(ob, (u64)WEXITSTATUS(status));
	}
	outbuf_puts(ob, " +++\n");
}

static void print_signame(struct outbuf *ob, int sig)
{
	const char *name = signal_name(sig);

	if (name)
		outbuf_puts(ob, name);
	else
		outbuf_s64(ob, sig);
}

/* A clock_t (USER_HZ ticks, as the kernel fills siginfo in), as strace
 * prints one: the count, then when it is not 0 (and not -X raw) the
 * seconds in a C comment: 20 becomes "20 /" "* 0.20 s *" "/". */
static void print_clock_ticks(struct outbuf *ob, u64 ticks, const struct sc_print_opts *o)
{
	long hz = sysconf(_SC_CLK_TCK);
	int digits = 0;
	u64 scale = 1;

	outbuf_u64(ob, ticks);
	if (!ticks || o->xlat == 1 || hz <= 0)
		return;
	/* As many decimals as a tick needs: 2 for 100 Hz. */
	while (scale < (u64)hz - 1 && digits < 9) {
		scale *= 10;
		digits++;
	}
	outbuf_printf(ob, " /* %llu.%0*llu s */", (unsigned long long)(ticks / (u64)hz), digits,
		      (unsigned long long)(((ticks % (u64)hz) * scale * 2 + (u64)hz) / (2 * (u64)hz)));
}

void sc_print_signal(struct outbuf *ob, const struct sc_event *ev, const struct sc_print_opts *o)
{
	int sig = ev->nr, code = (int)(s64)ev->args[0];
	const char *code_name = siginfo_code_name(sig, code);
	u32 pid = (u32)ev->args[1], uid = (u32)(ev->args[1] >> 32);
	int status = (int)(u32)ev->args[2];

	sc_print_prefix(ob, ev->ts_enter, 0, false, ev->comm, ev->tid, o);
	outbuf_puts(ob, "--- ");
	print_signame(ob, sig);
	outbuf_puts(ob, " {si_signo=");
	print_signame(ob, sig);
	outbuf_puts(ob, ", si_code=");
	if (code_name)
		outbuf_puts(ob, code_name);
	else
		outbuf_s64(ob, code);
	switch (siginfo_layout_of(sig, code)) {
	case SIGINFO_KILL:
		outbuf_printf(ob, ", si_pid=%u, si_uid=%u", pid, uid);
		break;
	case SIGINFO_CHLD:
		outbuf_printf(ob, ", si_pid=%u, si_uid=%u, si_status=", pid, uid);
		/* Exit code for CLD_EXITED, the signal otherwise. */
		if (code == CLD_EXITED)
			outbuf_s64(ob, status);
		else
			print_signame(ob, status);
		outbuf_puts(ob, ", si_utime=");
		print_clock_ticks(ob, ev->args[3], o);
		outbuf_puts(ob, ", si_stime=");
		print_clock_ticks(ob, ev->args[4], o);
		break;
	case SIGINFO_FAULT:
		outbuf_puts(ob, ", si_addr=");
		if (ev->args[1])
			outbuf_hex(ob, ev->args[1]);
		else
			outbuf_puts(ob, "NULL");
		break;
	default:
		break;
	}
	outbuf_puts(ob, "} ---\n");
}
