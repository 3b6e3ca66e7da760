#include "util/trace/sc-print.h"

#include <signal.h>
#include <sys/wait.h>
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

void sc_print_prefix(struct outbuf *ob, u64 ts, s64 dur_ns, bool has_dur, const char *comm, u32 tid,
		     const struct sc_print_opts *o)
{
	u64 t = o->abs_time ? ts : (ts >= o->base_ns ? ts - o->base_ns : 0);

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

static void print_args(struct outbuf *ob, const struct sc_event *ev, const struct sc_desc *d,
		       struct fdtables *fdt, const struct sc_print_opts *o)
{
	struct sc_arg_ctx ctx = {
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
	bool first = true;

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
		ctx.idx = (unsigned)i;
		ctx.str = ev->str[i];
		ctx.str_len = ev->str_len[i];
		ctx.str_truncated = ev->str_truncated[i];
		ctx.str_valid = ev->str[i] != NULL;
		ctx.str_is_buf = ev->str_is_buf[i];
		ctx.vec_valid = ev->has_vec && ev->vec_arg == i;
		ctx.vec = ctx.vec_valid ? ev->vec : NULL;
		ctx.vec_len = ctx.vec_valid ? ev->vec_len : 0;
		ctx.vec_nr = ctx.vec_valid ? ev->vec_nr : 0;
		ctx.vec_fault = ctx.vec_valid && ev->vec_fault;
		ctx.cnt_valid = ev->has_cnt && ev->cnt_arg == i;
		ctx.cnt_nr = ctx.cnt_valid ? ev->cnt_nr : 0;
		ctx.cnt_fault = ctx.cnt_valid && ev->cnt_fault;
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

void sc_print_event(struct outbuf *ob, const struct sc_event *ev, const struct sc_desc *d,
		    struct fdtables *fdt, const struct sc_print_opts *o)
{
	size_t line_start = ob->len, call_start;
	bool has_dur = ev->kind == SCRY_SC_COMPLETE && !ev->continued;
	struct sc_arg_ctx rctx = {
		.args = ev->args,
		.pid = (pid_t)ev->pid,
		.fd_path = o->yy ? fd_endpoints_cb : fd_path_cb,
		.fd_priv = fdt,
	};

	(void)line_start;
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
	outbuf_putc(ob, '\n');
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
