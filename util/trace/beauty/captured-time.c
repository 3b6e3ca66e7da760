/* Times and ids the BPF tracer copied by rule (captures, see
 * util/trace/bpf/syscall-record.h), printed as strace 6.1 prints them:
 * timespecs and timevals ({tv_sec=1, tv_nsec=0}), interval timers
 * ({it_interval={...}, it_value={...}}), utimensat's pair of times
 * ([UTIME_NOW, {tv_sec=1, tv_nsec=2} / * date * /]) and the ids getresuid
 * fills ([0]). What the call is given is copied at entry; what it fills, at
 * return, and only when it succeeded: without a piece (the tracepoint
 * backend, an unreadable address, a failed call) the pointer is printed, as
 * strace prints it. The layouts are the x86_64 kernel's: two 64-bit words
 * per time. */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "util/trace/beauty/beauty-internal.h"
#include "util/trace/bpf/syscall-record.h"

#define FMT(name, fn, ...) \
	const struct sc_arg_fmt bfmt_##name = { .kind = #name, .print = fn, __VA_ARGS__ }
/* A struct of `sz` bytes at entry, at return, or both. */

/* The kernel's struct __kernel_timespec and __kernel_old_timeval: two
 * 64-bit words, however the C library spells them. */
#define TIME_SIZE 16
#define ITIMER_SIZE (2 * TIME_SIZE)

const struct sc_cap *bt_cap_piece(const struct sc_arg_ctx *ctx, int arg, unsigned when, size_t need)
{
	const struct sc_cap *c = sc_cap_find(ctx, arg, 0, when);

	if (!c || c->fault || c->len < need)
		return NULL;
	return c;
}

static void time_words(const u8 *p, s64 *sec, u64 *frac)
{
	memcpy(sec, p, sizeof(*sec));
	memcpy(frac, p + sizeof(*sec), sizeof(*frac));
}

/* strace prints the seconds signed and the fraction unsigned. */
static void print_time_words(struct outbuf *ob, const u8 *p, const char *frac_name)
{
	s64 sec;
	u64 frac;

	time_words(p, &sec, &frac);
	outbuf_puts(ob, "{tv_sec=");
	outbuf_s64(ob, sec);
	outbuf_puts(ob, ", ");
	outbuf_puts(ob, frac_name);
	outbuf_putc(ob, '=');
	outbuf_u64(ob, frac);
	outbuf_putc(ob, '}');
}

void bt_print_timespec_bytes(struct outbuf *ob, const u8 *p)
{
	print_time_words(ob, p, "tv_nsec");
}

void bt_print_timeval_bytes(struct outbuf *ob, const u8 *p)
{
	print_time_words(ob, p, "tv_usec");
}

/* {it_interval={...}, it_value={...}}: an itimerval (timevals) or an
 * itimerspec (timespecs). */
static void print_itimer_bytes(struct outbuf *ob, const u8 *p, void (*one)(struct outbuf *, const u8 *))
{
	outbuf_puts(ob, "{it_interval=");
	one(ob, p);
	outbuf_puts(ob, ", it_value=");
	one(ob, p + TIME_SIZE);
	outbuf_putc(ob, '}');
}

/* A call that failed filled nothing (the tracer copies nothing then). */
static bool failed(const struct sc_arg_ctx *ctx)
{
	return !ctx || !ctx->ret_valid || (ctx->ret < 0 && ctx->ret >= -4095);
}

/* The piece of this argument taken at `when`, or the pointer. */
static const u8 *piece_or_ptr(struct outbuf *ob, u64 val, const struct sc_arg_ctx *ctx, unsigned when, size_t need)
{
	const struct sc_cap *c = val && (when != SCRY_CAP_EXIT || !failed(ctx)) ? bt_cap_piece(ctx, -1, when, need) : NULL;

	if (!c) {
		bt_print_ptr(ob, val, ctx);
		return NULL;
	}
	return c->data;
}

/* ---- timespecs and timevals ------------------------------------------------ */

static void print_timespec_entry(struct outbuf *ob, u64 val, const struct sc_arg_ctx *ctx)
{
	const u8 *p = piece_or_ptr(ob, val, ctx, SCRY_CAP_ENTRY, TIME_SIZE);

	if (p)
		bt_print_timespec_bytes(ob, p);
}

static void print_timespec_exit(struct outbuf *ob, u64 val, const struct sc_arg_ctx *ctx)
{
	const u8 *p = piece_or_ptr(ob, val, ctx, SCRY_CAP_EXIT, TIME_SIZE);

	if (p)
		bt_print_timespec_bytes(ob, p);
}

static void print_timeval_entry(struct outbuf *ob, u64 val, const struct sc_arg_ctx *ctx)
{
	const u8 *p = piece_or_ptr(ob, val, ctx, SCRY_CAP_ENTRY, TIME_SIZE);

	if (p)
		bt_print_timeval_bytes(ob, p);
}

/* The "left {...}" of a poll or select result: the time the call wrote
 * back into argument `arg`; its address when there is no copy. */
void bt_print_time_left(struct outbuf *ob, const struct sc_arg_ctx *ctx, int arg, bool timeval)
{
	const struct sc_cap *c = bt_cap_piece(ctx, arg, SCRY_CAP_EXIT, TIME_SIZE);

	if (!c)
		bt_print_ptr(ob, ctx->args[arg], ctx);
	else if (timeval)
		bt_print_timeval_bytes(ob, c->data);
	else
		bt_print_timespec_bytes(ob, c->data);
}

/* The time left of a sleep that a signal cut short (the call is then
 * restarted, or fails with EINTR); the kernel writes it only then, so
 * otherwise it is the address, as strace prints it. */
static bool interrupted(const struct sc_arg_ctx *ctx)
{
	const struct errno_desc *d;

	if (!ctx || !ctx->ret_valid || ctx->ret >= 0 || ctx->ret < -4095)
		return false;
	if (ctx->ret == -4)     /* EINTR: a handler that does not restart */
		return true;
	d = bt_errno_desc_find((int)-ctx->ret);
	return d && d->restart;
}

static void print_sleep_left(struct outbuf *ob, u64 val, const struct sc_arg_ctx *ctx, bool relative)
{
	const struct sc_cap *c = val && relative && interrupted(ctx) ? bt_cap_piece(ctx, -1, SCRY_CAP_EXIT, TIME_SIZE) : NULL;

	if (c)
		bt_print_timespec_bytes(ob, c->data);
	else
		bt_print_ptr(ob, val, ctx);
}

/* nanosleep's rmtp */
static void print_nanosleep_left(struct outbuf *ob, u64 val, const struct sc_arg_ctx *ctx)
{
	print_sleep_left(ob, val, ctx, true);
}

/* clock_nanosleep's rmtp: an absolute sleep (flags, args[1], not 0) has
 * no time left to write. */
static void print_clock_nanosleep_left(struct outbuf *ob, u64 val, const struct sc_arg_ctx *ctx)
{
	print_sleep_left(ob, val, ctx, ctx && ctx->args && (u32)ctx->args[1] == 0);
}

FMT(timespec_cap_in, print_timespec_entry, CAP_FIXED(SCRY_CAP_ENTRY, TIME_SIZE));
FMT(timespec_out, print_timespec_exit, CAP_FIXED(SCRY_CAP_EXIT, TIME_SIZE));
FMT(timespec_inout, print_timespec_entry, CAP_FIXED(SCRY_CAP_ENTRY | SCRY_CAP_EXIT, TIME_SIZE));
FMT(timeval_inout, print_timeval_entry, CAP_FIXED(SCRY_CAP_ENTRY | SCRY_CAP_EXIT, TIME_SIZE));
FMT(nanosleep_left, print_nanosleep_left, CAP_FIXED(SCRY_CAP_EXIT | SCRY_CAP_EXIT_EINTR, TIME_SIZE));
FMT(clock_nanosleep_left, print_clock_nanosleep_left, CAP_FIXED(SCRY_CAP_EXIT | SCRY_CAP_EXIT_EINTR, TIME_SIZE));

/* ---- interval timers ------------------------------------------------------- */

/* An itimerval or itimerspec copied at `when`, or its address. */
static void print_itimer_at(struct outbuf *ob, u64 val, const struct sc_arg_ctx *ctx, unsigned when,
			    void (*print_time)(struct outbuf *, const u8 *))
{
	const u8 *p = piece_or_ptr(ob, val, ctx, when, ITIMER_SIZE);

	if (p)
		print_itimer_bytes(ob, p, print_time);
}

static void print_itimerval_entry(struct outbuf *ob, u64 val, const struct sc_arg_ctx *ctx)
{
	print_itimer_at(ob, val, ctx, SCRY_CAP_ENTRY, bt_print_timeval_bytes);
}

static void print_itimerval_exit(struct outbuf *ob, u64 val, const struct sc_arg_ctx *ctx)
{
	print_itimer_at(ob, val, ctx, SCRY_CAP_EXIT, bt_print_timeval_bytes);
}

static void print_itimerspec_entry(struct outbuf *ob, u64 val, const struct sc_arg_ctx *ctx)
{
	print_itimer_at(ob, val, ctx, SCRY_CAP_ENTRY, bt_print_timespec_bytes);
}

static void print_itimerspec_exit(struct outbuf *ob, u64 val, const struct sc_arg_ctx *ctx)
{
	print_itimer_at(ob, val, ctx, SCRY_CAP_EXIT, bt_print_timespec_bytes);
}

FMT(itimerval_in, print_itimerval_entry, CAP_FIXED(SCRY_CAP_ENTRY, ITIMER_SIZE));
FMT(itimerval_out, print_itimerval_exit, CAP_FIXED(SCRY_CAP_EXIT, ITIMER_SIZE));
FMT(itimerspec_in, print_itimerspec_entry, CAP_FIXED(SCRY_CAP_ENTRY, ITIMER_SIZE));
FMT(itimerspec_out, print_itimerspec_exit, CAP_FIXED(SCRY_CAP_EXIT, ITIMER_SIZE));

/* ---- utimensat's times ------------------------------------------------------- */

/* strace's date comment: local time, 2023-11-14T22:13:20+0000, with the
 * fraction (`width` digits: 9 for nanoseconds, 6 for microseconds) when
 * there is one; none for the epoch itself or a value no date fits. */
static void print_date_comment(struct outbuf *ob, s64 sec, u64 frac, u64 frac_max, int width)
{
	char buf[96];
	time_t t = (time_t)sec;
	struct tm tm;
	size_t n;

	if ((sec == 0 && frac == 0) || frac > frac_max || !localtime_r(&t, &tm))
		return;
	n = strftime(buf, sizeof(buf), "%FT%T", &tm);
	if (!n)
		return;
	if (frac)
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, ".%0*llu", width, (unsigned long long)frac);
	if (n >= sizeof(buf) || !strftime(buf + n, sizeof(buf) - n, "%z", &tm))
		return;
	outbuf_puts(ob, " /* ");
	outbuf_puts(ob, buf);
	outbuf_puts(ob, " */");
}

/* One time of the pair: UTIME_NOW and UTIME_OMIT by name (with -X raw the
 * struct alone, with -X verbose the struct and the name as a comment);
 * others as a struct and its date. */
static void print_utime(struct outbuf *ob, const u8 *p, int xlat)
{
	s64 sec;
	u64 nsec;
	const char *name;

	time_words(p, &sec, &nsec);
	name = nsec == UTIME_NOW ? "UTIME_NOW" : nsec == UTIME_OMIT ? "UTIME_OMIT" : NULL;
	if (!name) {
		bt_print_timespec_bytes(ob, p);
		print_date_comment(ob, sec, nsec, 999999999, 9);
		return;
	}
	if (xlat != 0)
		bt_print_timespec_bytes(ob, p);
	if (xlat == 2)
		outbuf_printf(ob, " /* %s */", name);
	else if (xlat == 0)
		outbuf_puts(ob, name);
}

static void print_utimens(struct outbuf *ob, u64 val, const struct sc_arg_ctx *ctx)
{
	const u8 *p = piece_or_ptr(ob, val, ctx, SCRY_CAP_ENTRY, 2 * TIME_SIZE);

	if (!p)
		return;
	outbuf_putc(ob, '[');
	print_utime(ob, p, ctx->xlat);
	outbuf_puts(ob, ", ");
	print_utime(ob, p + TIME_SIZE, ctx->xlat);
	outbuf_putc(ob, ']');
}

FMT(utimens_in, print_utimens, CAP_FIXED(SCRY_CAP_ENTRY, 2 * TIME_SIZE));

/* utimes' and futimesat's pair of timevals, each with its date. */
static void print_utimes(struct outbuf *ob, u64 val, const struct sc_arg_ctx *ctx)
{
	const u8 *p = piece_or_ptr(ob, val, ctx, SCRY_CAP_ENTRY, 2 * TIME_SIZE);

	if (!p)
		return;
	outbuf_putc(ob, '[');
	for (int i = 0; i < 2; i++) {
		s64 sec;
		u64 usec;

		time_words(p + i * TIME_SIZE, &sec, &usec);
		if (i)
			outbuf_puts(ob, ", ");
		bt_print_timeval_bytes(ob, p + i * TIME_SIZE);
		print_date_comment(ob, sec, usec, 999999, 6);
	}
	outbuf_putc(ob, ']');
}

/* utime's struct utimbuf: {actime=1 / * date * /, modtime=2 / * date * /}. */
static void print_utimbuf(struct outbuf *ob, u64 val, const struct sc_arg_ctx *ctx)
{
	const u8 *p = piece_or_ptr(ob, val, ctx, SCRY_CAP_ENTRY, TIME_SIZE);
	s64 at, mt;

	if (!p)
		return;
	memcpy(&at, p, sizeof(at));
	memcpy(&mt, p + sizeof(at), sizeof(mt));
	outbuf_puts(ob, "{actime=");
	outbuf_s64(ob, at);
	print_date_comment(ob, at, 0, 0, 0);
	outbuf_puts(ob, ", modtime=");
	outbuf_s64(ob, mt);
	print_date_comment(ob, mt, 0, 0, 0);
	outbuf_putc(ob, '}');
}

FMT(utimes_in, print_utimes, CAP_FIXED(SCRY_CAP_ENTRY, 2 * TIME_SIZE));
FMT(utimbuf_in, print_utimbuf, CAP_FIXED(SCRY_CAP_ENTRY, TIME_SIZE));

/* ---- gettimeofday, settimeofday ------------------------------------------------- */

static void print_timeval_exit(struct outbuf *ob, u64 val, const struct sc_arg_ctx *ctx)
{
	const u8 *p = piece_or_ptr(ob, val, ctx, SCRY_CAP_EXIT, TIME_SIZE);

	if (p)
		bt_print_timeval_bytes(ob, p);
}

/* struct timezone: {tz_minuteswest=0, tz_dsttime=0}. */
static void print_timezone(struct outbuf *ob, const u8 *p)
{
	s32 west, dst;

	memcpy(&west, p, sizeof(west));
	memcpy(&dst, p + sizeof(west), sizeof(dst));
	outbuf_printf(ob, "{tz_minuteswest=%d, tz_dsttime=%d}", west, dst);
}

static void print_timezone_entry(struct outbuf *ob, u64 val, const struct sc_arg_ctx *ctx)
{
	const u8 *p = piece_or_ptr(ob, val, ctx, SCRY_CAP_ENTRY, 8);

	if (p)
		print_timezone(ob, p);
}

static void print_timezone_exit(struct outbuf *ob, u64 val, const struct sc_arg_ctx *ctx)
{
	const u8 *p = piece_or_ptr(ob, val, ctx, SCRY_CAP_EXIT, 8);

	if (p)
		print_timezone(ob, p);
}

FMT(timeval_in, print_timeval_entry, CAP_FIXED(SCRY_CAP_ENTRY, TIME_SIZE));
FMT(timeval_out, print_timeval_exit, CAP_FIXED(SCRY_CAP_EXIT, TIME_SIZE));
FMT(timezone_in, print_timezone_entry, CAP_FIXED(SCRY_CAP_ENTRY, 8));
FMT(timezone_out, print_timezone_exit, CAP_FIXED(SCRY_CAP_EXIT, 8));

/* ---- ids ----------------------------------------------------------------------- */

/* getresuid's and getresgid's results: [0]; (uid_t)-1 as -1. */
static void print_id_out(struct outbuf *ob, u64 val, const struct sc_arg_ctx *ctx)
{
	const u8 *p = piece_or_ptr(ob, val, ctx, SCRY_CAP_EXIT, sizeof(u32));
	u32 id;

	if (!p)
		return;
	memcpy(&id, p, sizeof(id));
	outbuf_putc(ob, '[');
	if (id == (u32)-1)
		outbuf_puts(ob, "-1");
	else
		outbuf_u64(ob, id);
	outbuf_putc(ob, ']');
}

FMT(id_out, print_id_out, CAP_FIXED(SCRY_CAP_EXIT, sizeof(u32)));
