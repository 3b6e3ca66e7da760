/* Unit tests for the printers of directories, polling, time and ids
 * (util/trace/beauty/captured-poll.c, captured-time.c): each formatter,
 * picked as scry trace picks it (syscall, argument name, type), prints
 * pieces built here by hand as the BPF tracer would copy them, in strace
 * 6.1's text; without a piece it prints the pointer. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <errno.h>
#include <sys/epoll.h>
#include <sys/stat.h>
#include <time.h>

#include "util/trace/beauty/beauty-internal.h"
#include "util/trace/beauty/beauty.h"
#include "util/trace/bpf/syscall-record.h"

/* ---- helpers ------------------------------------------------------------------ */

#define PTR 0x7ffd1000ULL

static void assert_ob_equal(struct outbuf *ob, const char *expected)
{
	char got[1024];

	snprintf(got, sizeof(got), "%s", outbuf_cstr(ob));
	outbuf_release(ob);
	assert_string_equal(got, expected);
}

/* A call: its arguments, its result, and the pieces copied for it. */
struct call {
	u64 args[6];
	s64 ret;
	bool ret_valid;
	struct sc_cap caps[8];
	unsigned ncap;
	bool verbose;
	int xlat;
	unsigned string_limit;
};

static void piece(struct call *c, unsigned arg, unsigned when, const void *data, size_t len, u64 aux)
{
	struct sc_cap *p = &c->caps[c->ncap++];

	*p = (struct sc_cap){ .arg = (u8)arg, .when = (u8)when, .len = (u16)len, .aux = aux, .data = data };
	p->kind = SCRY_CAP_FIXED;
}

static struct sc_arg_ctx ctx_of(const struct call *c, unsigned idx)
{
	return (struct sc_arg_ctx){
		.args = c->args,
		.idx = idx,
		.pid = 42,
		.string_limit = c->string_limit ? c->string_limit : 32,
		.ret = c->ret,
		.ret_valid = c->ret_valid,
		.caps = c->caps,
		.ncap = c->ncap,
		.verbose = c->verbose,
		.xlat = c->xlat,
	};
}

/* Print argument idx of sc (named and typed as in the tracefs format). */
static void check(const char *sc, const char *arg, const char *type, const struct call *c, unsigned idx,
		  const char *expected)
{
	const struct sc_arg_fmt *fmt = sc_arg_fmt_pick(sc, arg, type);
	struct sc_arg_ctx ctx = ctx_of(c, idx);
	struct outbuf ob;

	assert_non_null(fmt);
	outbuf_init_mem(&ob);
	fmt->print(&ob, c->args[idx], &ctx);
	assert_ob_equal(&ob, expected);
}

/* The result as scry prints it: the syscall's result printer, else the
 * default one. */
static void check_ret(const char *sc, const struct call *c, const char *expected)
{
	const struct sc_ret_fmt *rf = sc_ret_fmt_find(sc);
	struct sc_arg_ctx ctx = ctx_of(c, 0);
	struct outbuf ob;

	outbuf_init_mem(&ob);
	if (!rf || !rf->print(&ob, c->ret, &ctx))
		sc_ret_print(&ob, sc_ret_kind(sc), c->ret, &ctx);
	assert_ob_equal(&ob, expected);
}

struct pollfd_k {
	s32 fd;
	s16 events, revents;
};

struct ktime {
	s64 sec, frac;
};

/* ---- poll, ppoll ------------------------------------------------------------------ */

static void test_poll_fds(void **state)
{
	struct pollfd_k in[3] = { { 3, 0x1 | 0x2, 0 }, { 4, 0x4, 0 }, { -1, 0x1, 0 } };
	struct pollfd_k out[3] = { { 3, 0x3, 0x1 }, { 4, 0x4, 0x4 }, { -1, 0x1, 0 } };
	struct call c = { .args = { PTR, 3, 1000 }, .ret = 2, .ret_valid = true };

	piece(&c, 0, SCRY_CAP_ENTRY, in, sizeof(in), sizeof(in));
	piece(&c, 0, SCRY_CAP_EXIT, out, sizeof(out), sizeof(out));
	check("poll", "ufds", "struct pollfd *", &c, 0,
	      "[{fd=3, events=POLLIN|POLLPRI}, {fd=4, events=POLLOUT}, {fd=-1}]");
	check_ret("poll", &c, "2 ([{fd=3, revents=POLLIN}, {fd=4, revents=POLLOUT}])");
	/* nothing ready */
	c.ret = 0;
	check_ret("poll", &c, "0 (Timeout)");
	/* failed: the default printer */
	c.ret = -EINTR;
	check_ret("poll", &c, "-1 EINTR (Interrupted system call)");
	/* ready, but no fd with revents (cannot happen; strace prints the count) */
	c.ret = 1;
	out[0].revents = out[1].revents = 0;
	check_ret("poll", &c, "1");
	/* strace's -s 2: two elements, then "..."; revents likewise */
	c.string_limit = 2;
	check("poll", "ufds", "struct pollfd *", &c, 0, "[{fd=3, events=POLLIN|POLLPRI}, {fd=4, events=POLLOUT}, ...]");
	out[0].revents = out[1].revents = out[2].revents = 0x1;
	out[2].fd = 7;
	c.ret = 3;
	check_ret("poll", &c, "3 ([{fd=3, revents=POLLIN}, {fd=4, revents=POLLIN}, ...])");
	c.string_limit = 0;
	/* unknown bits: hex; alone, with strace's comment */
	in[0].events = 0x1 | 0x4000;
	in[1].events = 0x4000;
	check("poll", "ufds", "struct pollfd *", &c, 0,
	      "[{fd=3, events=POLLIN|0x4000}, {fd=4, events=0x4000 /* POLL??? */}, {fd=-1}]");
	in[1].events = 0;
	check("poll", "ufds", "struct pollfd *", &c, 0,
	      "[{fd=3, events=POLLIN|0x4000}, {fd=4, events=0}, {fd=-1}]");
}

static void test_poll_edges(void **state)
{
	struct pollfd_k in[2] = { { 3, 0x1, 0 }, { 4, 0x1, 0 } };
	struct call c = { .args = { PTR, 5, 0 }, .ret = 0, .ret_valid = true };

	/* the tracer copied 2 of 5 elements */
	piece(&c, 0, SCRY_CAP_ENTRY, in, sizeof(in), 5 * 8);
	check("poll", "ufds", "struct pollfd *", &c, 0, "[{fd=3, events=POLLIN}, {fd=4, events=POLLIN}, ...]");
	/* no piece: the pointer; NULL; no fds at all */
	c.ncap = 0;
	check("poll", "ufds", "struct pollfd *", &c, 0, "0x7ffd1000");
	c.args[0] = 0;
	check("poll", "ufds", "struct pollfd *", &c, 0, "NULL");
	c.args[0] = PTR;
	c.args[1] = 0;
	check("poll", "ufds", "struct pollfd *", &c, 0, "[]");
	/* -X raw and verbose */
	c.args[1] = 1;
	piece(&c, 0, SCRY_CAP_ENTRY, in, 8, 8);
	c.xlat = 1;
	check("poll", "ufds", "struct pollfd *", &c, 0, "[{fd=3, events=0x1}]");
	c.xlat = 2;
	check("poll", "ufds", "struct pollfd *", &c, 0, "[{fd=3, events=0x1 /* POLLIN */}]");
	/* more fds than copied back: those past them may be ready too */
	c.args[1] = 300;
	c.ret = 1;
	piece(&c, 0, SCRY_CAP_EXIT, in, sizeof(in), 300 * 8);
	c.xlat = 0;
	check_ret("poll", &c, "1 ([...])");
	c.ncap--;
	c.args[1] = 1;
	/* revents without the exit piece (the tracepoint backend): the count */
	c.ret = 1;
	check_ret("poll", &c, "1");
}

static void test_ppoll(void **state)
{
	struct pollfd_k in[1] = { { 3, 0x1, 0 } }, out[1] = { { 3, 0x1, 0x1 } };
	struct ktime tmo = { 1, 0 }, left = { 0, 999998758 };
	u64 mask = 1ULL << (10 - 1);    /* SIGUSR1 */
	struct call c = { .args = { PTR, 1, PTR + 0x100, PTR + 0x200, 8 }, .ret = 1, .ret_valid = true };

	piece(&c, 0, SCRY_CAP_ENTRY, in, sizeof(in), sizeof(in));
	piece(&c, 0, SCRY_CAP_EXIT, out, sizeof(out), sizeof(out));
	piece(&c, 2, SCRY_CAP_ENTRY, &tmo, sizeof(tmo), sizeof(tmo));
	piece(&c, 2, SCRY_CAP_EXIT, &left, sizeof(left), sizeof(left));
	piece(&c, 3, SCRY_CAP_ENTRY, &mask, sizeof(mask), sizeof(mask));
	check("ppoll", "tsp", "struct __kernel_timespec *", &c, 2, "{tv_sec=1, tv_nsec=0}");
	check("ppoll", "sigmask", "const sigset_t *", &c, 3, "[USR1]");
	check_ret("ppoll", &c, "1 ([{fd=3, revents=POLLIN}], left {tv_sec=0, tv_nsec=999998758})");
	/* a mask of another size: refused by the call, its address printed */
	c.args[4] = 16;
	check("ppoll", "sigmask", "const sigset_t *", &c, 3, "0x7ffd1200");
	/* the time left not copied: its address */
	c.ncap = 2;
	check_ret("ppoll", &c, "1 ([{fd=3, revents=POLLIN}], left 0x7ffd1100)");
	/* no revents but a timeout: the time left alone */
	out[0].revents = 0;
	piece(&c, 2, SCRY_CAP_EXIT, &left, sizeof(left), sizeof(left));
	check_ret("ppoll", &c, "1 (left {tv_sec=0, tv_nsec=999998758})");
	/* no timeout */
	out[0].revents = 0x1;
	c.args[2] = 0;
	check_ret("ppoll", &c, "1 ([{fd=3, revents=POLLIN}])");
	check("ppoll", "tsp", "struct __kernel_timespec *", &c, 2, "NULL");
}

/* ---- select, pselect6 ---------------------------------------------------------------- */

static void test_select(void **state)
{
	u64 in_e = (1 << 3) | (1 << 4), out_e = 1 << 4, in_x = 1 << 3, out_x = 1 << 4;
	struct ktime tmo = { 1, 0 }, left = { 0, 999997 };
	struct call c = { .args = { 5, PTR, PTR + 0x80, 0, PTR + 0x100 }, .ret = 2, .ret_valid = true };

	piece(&c, 1, SCRY_CAP_ENTRY, &in_e, 8, 8);
	piece(&c, 1, SCRY_CAP_EXIT, &in_x, 8, 8);
	piece(&c, 2, SCRY_CAP_ENTRY, &out_e, 8, 8);
	piece(&c, 2, SCRY_CAP_EXIT, &out_x, 8, 8);
	piece(&c, 4, SCRY_CAP_ENTRY, &tmo, sizeof(tmo), sizeof(tmo));
	piece(&c, 4, SCRY_CAP_EXIT, &left, sizeof(left), sizeof(left));
	check("select", "inp", "fd_set *", &c, 1, "[3 4]");
	check("select", "outp", "fd_set *", &c, 2, "[4]");
	check("select", "exp", "fd_set *", &c, 3, "NULL");
	check("select", "tvp", "struct __kernel_old_timeval *", &c, 4, "{tv_sec=1, tv_usec=0}");
	check_ret("select", &c, "2 (in [3], out [4], left {tv_sec=0, tv_usec=999997})");
	/* the count ends the walk: one ready fd, though the sets say more */
	c.ret = 1;
	check_ret("select", &c, "1 (in [3], left {tv_sec=0, tv_usec=999997})");
	/* no set copied back (the tracepoint backend): the count alone */
	c.ncap = 0;
	check_ret("select", &c, "1");
	c.ncap = 6;
	c.ret = 0;
	check_ret("select", &c, "0 (Timeout)");
	c.ncap = 0;
	check_ret("select", &c, "0 (Timeout)");
	c.ncap = 6;
	c.ret = -EBADF;
	check_ret("select", &c, "-1 EBADF (Bad file descriptor)");
	/* bits at or above n are not fds of the call */
	c.args[0] = 4;
	check("select", "inp", "fd_set *", &c, 1, "[3]");
	/* n <= 0: strace prints the addresses */
	c.args[0] = (u64)-1;
	check("select", "inp", "fd_set *", &c, 1, "0x7ffd1000");
	c.args[0] = 0;
	check("select", "inp", "fd_set *", &c, 1, "0x7ffd1000");
}

static void test_select_sets(void **state)
{
	/* fds 3 and 70 (the second word), 2 ready; an empty except set read
	 * after them gives strace's extra ']' (kept as strace prints it) */
	u64 in[2] = { 1 << 3, 1ULL << (70 - 64) }, none[2] = { 0, 0 }, out[2] = { 0, 1ULL << (65 - 64) };
	struct call c = { .args = { 100, PTR, PTR + 0x80, PTR + 0x100, 0 }, .ret = 3, .ret_valid = true };

	piece(&c, 1, SCRY_CAP_ENTRY, in, sizeof(in), sizeof(in));
	piece(&c, 1, SCRY_CAP_EXIT, in, sizeof(in), sizeof(in));
	piece(&c, 2, SCRY_CAP_EXIT, none, sizeof(none), sizeof(none));
	piece(&c, 3, SCRY_CAP_EXIT, out, sizeof(out), sizeof(out));
	check("pselect6", "inp", "fd_set *", &c, 1, "[3 70]");
	check_ret("pselect6", &c, "3 (in [3 70]], except [65])");
}

static void test_pselect6(void **state)
{
	struct ktime tmo = { 2, 500 }, left = { 1, 999999338 };
	struct { u64 ss, len; } sig = { PTR + 0x300, 8 };
	u64 in = 1 << 3;
	struct call c = { .args = { 4, PTR, 0, 0, PTR + 0x100, PTR + 0x200 }, .ret = 1, .ret_valid = true };

	piece(&c, 1, SCRY_CAP_ENTRY, &in, 8, 8);
	piece(&c, 1, SCRY_CAP_EXIT, &in, 8, 8);
	piece(&c, 4, SCRY_CAP_ENTRY, &tmo, sizeof(tmo), sizeof(tmo));
	piece(&c, 4, SCRY_CAP_EXIT, &left, sizeof(left), sizeof(left));
	piece(&c, 5, SCRY_CAP_ENTRY, &sig, sizeof(sig), sizeof(sig));
	check("pselect6", "tsp", "struct __kernel_timespec *", &c, 4, "{tv_sec=2, tv_nsec=500}");
	check("pselect6", "sig", "void *", &c, 5, "{sigmask=0x7ffd1300, sigsetsize=8}");
	check_ret("pselect6", &c, "1 (in [3], left {tv_sec=1, tv_nsec=999999338})");
	c.args[5] = 0;
	check("pselect6", "sig", "void *", &c, 5, "NULL");
}

/* ---- epoll ------------------------------------------------------------------------- */

static void epoll_event_bytes(u8 *p, u32 events, u64 data)
{
	memcpy(p, &events, 4);
	memcpy(p + 4, &data, 8);
}

static void test_epoll(void **state)
{
	u8 ev[12], evs[3 * 12];
	struct call c = { .args = { 7, EPOLL_CTL_ADD, 5, PTR }, .ret = 0, .ret_valid = true };

	epoll_event_bytes(ev, EPOLLIN | EPOLLET, 0x100000005ULL);
	piece(&c, 3, SCRY_CAP_ENTRY, ev, sizeof(ev), sizeof(ev));
	check("epoll_ctl", "event", "struct epoll_event *", &c, 3,
	      "{events=EPOLLIN|EPOLLET, data={u32=5, u64=4294967301}}");
	epoll_event_bytes(ev, 0x4000000, 6);
	check("epoll_ctl", "event", "struct epoll_event *", &c, 3,
	      "{events=0x4000000 /* EPOLL??? */, data={u32=6, u64=6}}");
	c.args[1] = EPOLL_CTL_DEL;
	check("epoll_ctl", "event", "struct epoll_event *", &c, 3, "0x7ffd1000");

	/* epoll_wait: as many events as it returned */
	c = (struct call){ .args = { 7, PTR, 8, 1000 }, .ret = 2, .ret_valid = true };
	epoll_event_bytes(evs, EPOLLIN, 0x100000005ULL);
	epoll_event_bytes(evs + 12, EPOLLOUT | EPOLLHUP, 6);
	epoll_event_bytes(evs + 24, EPOLLIN, 9);
	piece(&c, 1, SCRY_CAP_EXIT, evs, 24, 24);
	check("epoll_wait", "events", "struct epoll_event *", &c, 1,
	      "[{events=EPOLLIN, data={u32=5, u64=4294967301}}, {events=EPOLLOUT|EPOLLHUP, data={u32=6, u64=6}}]");
	c.string_limit = 1;
	check("epoll_pwait", "events", "struct epoll_event *", &c, 1,
	      "[{events=EPOLLIN, data={u32=5, u64=4294967301}}, ...]");
	c.string_limit = 0;
	/* fewer copied than returned */
	c.ret = 3;
	check("epoll_wait", "events", "struct epoll_event *", &c, 1,
	      "[{events=EPOLLIN, data={u32=5, u64=4294967301}}, {events=EPOLLOUT|EPOLLHUP, data={u32=6, u64=6}}, ...]");
	c.ret = 0;
	c.ncap = 0;
	check("epoll_wait", "events", "struct epoll_event *", &c, 1, "[]");
	c.ret = -EINTR;
	check("epoll_wait", "events", "struct epoll_event *", &c, 1, "0x7ffd1000");
	c.ret_valid = false;
	c.ret = 1;
	check("epoll_wait", "events", "struct epoll_event *", &c, 1, "0x7ffd1000");
}

/* ---- directories ------------------------------------------------------------------- */

/* A linux_dirent64 of 24 bytes at p: ino, off, type, name (< 5 bytes). */
static size_t dirent_bytes(u8 *p, u64 ino, u64 off, u8 type, const char *name)
{
	u16 reclen = 24;

	memset(p, 0, reclen);
	memcpy(p, &ino, 8);
	memcpy(p + 8, &off, 8);
	memcpy(p + 16, &reclen, 2);
	p[18] = type;
	memcpy(p + 19, name, strlen(name));
	return reclen;
}

static void test_getdents64(void **state)
{
	u8 buf[72];
	size_t n = 0;
	struct call c = { .args = { 3, PTR, 8192 }, .ret = 72, .ret_valid = true };

	n += dirent_bytes(buf + n, 12, 1, 4, ".");
	n += dirent_bytes(buf + n, 2, 2, 4, "..");
	n += dirent_bytes(buf + n, 13, 0x7fffffffffffffffULL, 8, "f0");
	piece(&c, 1, SCRY_CAP_EXIT, buf, n, 3);
	c.caps[0].kind = SCRY_CAP_DENTS;
	check("getdents64", "dirent", "struct linux_dirent64 *", &c, 1, "0x7ffd1000 /* 3 entries */");
	c.verbose = true;
	check("getdents64", "dirent", "struct linux_dirent64 *", &c, 1,
	      "[{d_ino=12, d_off=1, d_reclen=24, d_type=DT_DIR, d_name=\".\"}, "
	      "{d_ino=2, d_off=2, d_reclen=24, d_type=DT_DIR, d_name=\"..\"}, "
	      "{d_ino=13, d_off=9223372036854775807, d_reclen=24, d_type=DT_REG, d_name=\"f0\"}]");
	/* the tracer copied the first two records of more */
	c.caps[0].len = 48;
	c.caps[0].aux = 5;
	c.ret = 120;
	check("getdents64", "dirent", "struct linux_dirent64 *", &c, 1,
	      "[{d_ino=12, d_off=1, d_reclen=24, d_type=DT_DIR, d_name=\".\"}, "
	      "{d_ino=2, d_off=2, d_reclen=24, d_type=DT_DIR, d_name=\"..\"}, ...]");
	buf[18] = 3;
	c.caps[0].len = 24;
	check("getdents64", "dirent", "struct linux_dirent64 *", &c, 1,
	      "[{d_ino=12, d_off=1, d_reclen=24, d_type=0x3 /* DT_??? */, d_name=\".\"}, ...]");
	/* the end of the directory */
	c.ret = 0;
	c.ncap = 0;
	check("getdents64", "dirent", "struct linux_dirent64 *", &c, 1, "[]");
	c.verbose = false;
	check("getdents64", "dirent", "struct linux_dirent64 *", &c, 1, "0x7ffd1000 /* 0 entries */");
	/* failed; or the tracepoint backend (no piece) */
	c.ret = -EBADF;
	check("getdents64", "dirent", "struct linux_dirent64 *", &c, 1, "0x7ffd1000");
	c.ret = 72;
	check("getdents64", "dirent", "struct linux_dirent64 *", &c, 1, "0x7ffd1000");
}

/* getdents' layout: d_type in the record's last byte, after the name. */
static void test_getdents(void **state)
{
	u8 buf[48] = { 0 };
	u16 reclen = 24;
	struct call c = { .args = { 3, PTR, 8192 }, .ret = 48, .ret_valid = true, .verbose = true };

	for (int i = 0; i < 2; i++) {
		u64 ino = 12 + i, off = i + 1;

		memcpy(buf + 24 * i, &ino, 8);
		memcpy(buf + 24 * i + 8, &off, 8);
		memcpy(buf + 24 * i + 16, &reclen, 2);
		memcpy(buf + 24 * i + 18, i ? "f0" : ".", i ? 2 : 1);
		buf[24 * i + 23] = i ? 8 : 4;
	}
	piece(&c, 1, SCRY_CAP_EXIT, buf, sizeof(buf), 2);
	c.caps[0].kind = SCRY_CAP_DENTS;
	check("getdents", "dirent", "struct linux_dirent *", &c, 1,
	      "[{d_ino=12, d_off=1, d_reclen=24, d_name=\".\", d_type=DT_DIR}, "
	      "{d_ino=13, d_off=2, d_reclen=24, d_name=\"f0\", d_type=DT_REG}]");
	c.verbose = false;
	check("getdents", "dirent", "struct linux_dirent *", &c, 1, "0x7ffd1000 /* 2 entries */");
	/* a name filling its room without a NUL: "..." */
	c.verbose = true;
	buf[18] = 0;
	memset(buf + 19, 'a', 5);
	c.caps[0].len = 24;
	c.ret = 24;
	check("getdents64", "dirent", "struct linux_dirent64 *", &c, 1,
	      "[{d_ino=12, d_off=1, d_reclen=24, d_type=DT_UNKNOWN, d_name=\"aaaa\"...}]");
}

static void test_getcwd(void **state)
{
	static const char path[] = "/tmp/dp/w";
	struct call c = { .args = { PTR, 4096 }, .ret = 10, .ret_valid = true };

	piece(&c, 0, SCRY_CAP_EXIT, path, sizeof(path), sizeof(path));
	check("getcwd", "buf", "char *", &c, 0, "\"/tmp/dp/w\"");
	c.ret = -ERANGE;
	check("getcwd", "buf", "char *", &c, 0, "0x7ffd1000");
}

/* ---- time -------------------------------------------------------------------------- */

static void test_itimers(void **state)
{
	struct ktime newv[2] = { { 0, 0 }, { 100, 0 } }, oldv[2] = { { 1, 500 }, { 99, 999845 } };
	struct call c = { .args = { 0, PTR, PTR + 0x40 }, .ret = 0, .ret_valid = true };

	piece(&c, 1, SCRY_CAP_ENTRY, newv, sizeof(newv), sizeof(newv));
	piece(&c, 2, SCRY_CAP_EXIT, oldv, sizeof(oldv), sizeof(oldv));
	check("setitimer", "value", "struct __kernel_old_itimerval *", &c, 1,
	      "{it_interval={tv_sec=0, tv_usec=0}, it_value={tv_sec=100, tv_usec=0}}");
	check("setitimer", "ovalue", "struct __kernel_old_itimerval *", &c, 2,
	      "{it_interval={tv_sec=1, tv_usec=500}, it_value={tv_sec=99, tv_usec=999845}}");
	/* getitimer fills its value: the exit piece */
	c.ncap = 0;
	piece(&c, 1, SCRY_CAP_EXIT, oldv, sizeof(oldv), sizeof(oldv));
	check("getitimer", "value", "struct __kernel_old_itimerval *", &c, 1,
	      "{it_interval={tv_sec=1, tv_usec=500}, it_value={tv_sec=99, tv_usec=999845}}");
	/* timerfd and POSIX timers: timespecs */
	check("timerfd_gettime", "otmr", "struct __kernel_itimerspec *", &c, 1,
	      "{it_interval={tv_sec=1, tv_nsec=500}, it_value={tv_sec=99, tv_nsec=999845}}");
	check("timer_gettime", "setting", "struct __kernel_itimerspec *", &c, 1,
	      "{it_interval={tv_sec=1, tv_nsec=500}, it_value={tv_sec=99, tv_nsec=999845}}");
	c.ncap = 0;
	c.args[2] = PTR + 0x40;
	piece(&c, 2, SCRY_CAP_ENTRY, newv, sizeof(newv), sizeof(newv));
	check("timerfd_settime", "utmr", "const struct __kernel_itimerspec *", &c, 2,
	      "{it_interval={tv_sec=0, tv_nsec=0}, it_value={tv_sec=100, tv_nsec=0}}");
	check("timerfd_settime", "otmr", "struct __kernel_itimerspec *", &c, 3, "NULL");
	/* a negative time: seconds signed, the fraction unsigned */
	newv[0].sec = -1;
	newv[0].frac = -1;
	check("timer_settime", "new_setting", "const struct __kernel_itimerspec *", &c, 2,
	      "{it_interval={tv_sec=-1, tv_nsec=18446744073709551615}, it_value={tv_sec=100, tv_nsec=0}}");
	/* a failed call filled nothing */
	c.ret = -EINVAL;
	c.ncap = 0;
	check("setitimer", "ovalue", "struct __kernel_old_itimerval *", &c, 2, "0x7ffd1040");
}

static void test_utimensat(void **state)
{
	struct ktime t[2] = { { 0, UTIME_NOW }, { 0, UTIME_OMIT } };
	struct call c = { .args = { (u64)-100, PTR, PTR + 0x40, 0 }, .ret = 0, .ret_valid = true };

	setenv("TZ", "UTC0", 1);
	tzset();
	piece(&c, 2, SCRY_CAP_ENTRY, t, sizeof(t), sizeof(t));
	check("utimensat", "utimes", "struct __kernel_timespec *", &c, 2, "[UTIME_NOW, UTIME_OMIT]");
	c.xlat = 1;
	check("utimensat", "utimes", "struct __kernel_timespec *", &c, 2,
	      "[{tv_sec=0, tv_nsec=1073741823}, {tv_sec=0, tv_nsec=1073741822}]");
	c.xlat = 2;
	check("utimensat", "utimes", "struct __kernel_timespec *", &c, 2,
	      "[{tv_sec=0, tv_nsec=1073741823} /* UTIME_NOW */, {tv_sec=0, tv_nsec=1073741822} /* UTIME_OMIT */]");
	c.xlat = 0;
	t[0] = (struct ktime){ 1, 2 };
	t[1] = (struct ktime){ 1700000000, 0 };
	check("utimensat", "utimes", "struct __kernel_timespec *", &c, 2,
	      "[{tv_sec=1, tv_nsec=2} /* 1970-01-01T00:00:01.000000002+0000 */, "
	      "{tv_sec=1700000000, tv_nsec=0} /* 2023-11-14T22:13:20+0000 */]");
	/* the epoch itself, and a fraction no date has: no comment */
	t[0] = (struct ktime){ 0, 0 };
	t[1] = (struct ktime){ 5, 1000000000 };
	check("utimensat", "utimes", "struct __kernel_timespec *", &c, 2,
	      "[{tv_sec=0, tv_nsec=0}, {tv_sec=5, tv_nsec=1000000000}]");
	c.args[2] = 0;
	check("utimensat", "utimes", "struct __kernel_timespec *", &c, 2, "NULL");
}

static void test_utimes_and_timeofday(void **state)
{
	struct ktime tv[2] = { { 1, 2 }, { 1700000000, 0 } };
	s64 ub[2] = { 1, 0 };
	s32 tz[2] = { -60, 0 };
	struct call c = { .args = { PTR, PTR + 0x40 }, .ret = 0, .ret_valid = true };

	setenv("TZ", "UTC0", 1);
	tzset();
	piece(&c, 1, SCRY_CAP_ENTRY, tv, sizeof(tv), sizeof(tv));
	check("utimes", "utimes", "struct __kernel_old_timeval *", &c, 1,
	      "[{tv_sec=1, tv_usec=2} /* 1970-01-01T00:00:01.000002+0000 */, "
	      "{tv_sec=1700000000, tv_usec=0} /* 2023-11-14T22:13:20+0000 */]");
	c.ncap = 0;
	piece(&c, 1, SCRY_CAP_ENTRY, ub, sizeof(ub), sizeof(ub));
	check("utime", "times", "struct utimbuf *", &c, 1, "{actime=1 /* 1970-01-01T00:00:01+0000 */, modtime=0}");
	/* gettimeofday fills both */
	c.ncap = 0;
	piece(&c, 0, SCRY_CAP_EXIT, tv, sizeof(tv[0]), sizeof(tv[0]));
	piece(&c, 1, SCRY_CAP_EXIT, tz, sizeof(tz), sizeof(tz));
	check("gettimeofday", "tv", "struct __kernel_old_timeval *", &c, 0, "{tv_sec=1, tv_usec=2}");
	check("gettimeofday", "tz", "struct timezone *", &c, 1, "{tz_minuteswest=-60, tz_dsttime=0}");
	c.ret = -EFAULT;
	check("gettimeofday", "tv", "struct __kernel_old_timeval *", &c, 0, "0x7ffd1000");
}

static void test_clocks_and_sleeps(void **state)
{
	struct ktime now = { 18225, 682547020 }, left = { 4, 980090065 };
	struct call c = { .args = { 1, PTR }, .ret = 0, .ret_valid = true };

	piece(&c, 1, SCRY_CAP_EXIT, &now, sizeof(now), sizeof(now));
	check("clock_gettime", "tp", "struct __kernel_timespec *", &c, 1, "{tv_sec=18225, tv_nsec=682547020}");
	check("clock_getres", "tp", "struct __kernel_timespec *", &c, 1, "{tv_sec=18225, tv_nsec=682547020}");
	c.ret = -EINVAL;
	c.ncap = 0;
	check("clock_gettime", "tp", "struct __kernel_timespec *", &c, 1, "0x7ffd1000");

	/* nanosleep's rmtp: the time left only when a signal cut it short */
	c = (struct call){ .args = { PTR + 0x40, PTR }, .ret = 0, .ret_valid = true };
	piece(&c, 1, SCRY_CAP_EXIT, &left, sizeof(left), sizeof(left));
	check("nanosleep", "rmtp", "struct __kernel_timespec *", &c, 1, "0x7ffd1000");
	c.ret = -516;   /* ERESTART_RESTARTBLOCK */
	check("nanosleep", "rmtp", "struct __kernel_timespec *", &c, 1, "{tv_sec=4, tv_nsec=980090065}");
	c.ret = -EFAULT;
	check("nanosleep", "rmtp", "struct __kernel_timespec *", &c, 1, "0x7ffd1000");
	/* clock_nanosleep: not for an absolute sleep */
	c = (struct call){ .args = { 1, 0, PTR + 0x40, PTR }, .ret = -516, .ret_valid = true };
	piece(&c, 3, SCRY_CAP_EXIT, &left, sizeof(left), sizeof(left));
	check("clock_nanosleep", "rmtp", "struct __kernel_timespec *", &c, 3, "{tv_sec=4, tv_nsec=980090065}");
	c.args[1] = 1;  /* TIMER_ABSTIME */
	check("clock_nanosleep", "rmtp", "struct __kernel_timespec *", &c, 3, "0x7ffd1000");
}

/* ---- ids --------------------------------------------------------------------------- */

static void test_getresuid(void **state)
{
	u32 r = 0, e = 1000, s = (u32)-1;
	struct call c = { .args = { PTR, PTR + 4, PTR + 8 }, .ret = 0, .ret_valid = true };

	piece(&c, 0, SCRY_CAP_EXIT, &r, 4, 4);
	piece(&c, 1, SCRY_CAP_EXIT, &e, 4, 4);
	piece(&c, 2, SCRY_CAP_EXIT, &s, 4, 4);
	check("getresuid", "ruidp", "uid_t *", &c, 0, "[0]");
	check("getresuid", "euidp", "uid_t *", &c, 1, "[1000]");
	check("getresgid", "sgidp", "gid_t *", &c, 2, "[-1]");
	c.ret = -EFAULT;
	c.ncap = 0;
	check("getresuid", "ruidp", "uid_t *", &c, 0, "0x7ffd1000");
}

/* Every formatter of these files asks the tracer for a copy, and the
 * rules name real arguments of this kernel (when tracefs is readable). */
static void test_rules_ask_for_copies(void **state)
{
	static const struct { const char *sc, *arg; unsigned kind; } rules[] = {
		{ "getdents64", "dirent", SCRY_CAP_DENTS }, { "getcwd", "buf", SCRY_CAP_RETLEN },
		{ "poll", "ufds", SCRY_CAP_ARGLEN }, { "ppoll", "tsp", SCRY_CAP_FIXED },
		{ "select", "inp", SCRY_CAP_BITS }, { "pselect6", "exp", SCRY_CAP_BITS },
		{ "epoll_ctl", "event", SCRY_CAP_FIXED }, { "epoll_wait", "events", SCRY_CAP_RETLEN },
		{ "setitimer", "ovalue", SCRY_CAP_FIXED }, { "utimensat", "utimes", SCRY_CAP_FIXED },
		{ "getresgid", "egidp", SCRY_CAP_FIXED }, { "clock_gettime", "tp", SCRY_CAP_FIXED },
	};

	for (size_t i = 0; i < ARRAY_SIZE(rules); i++) {
		const struct sc_arg_fmt *f = sc_arg_fmt_pick(rules[i].sc, rules[i].arg, "void *");
		char path[256];
		FILE *fp;

		assert_int_equal(f->cap.kind, rules[i].kind);
		snprintf(path, sizeof(path), "/sys/kernel/tracing/events/syscalls/sys_enter_%s/format", rules[i].sc);
		fp = fopen(path, "r");
		if (fp) {
			char line[512], want[80];
			bool found = false;

			snprintf(want, sizeof(want), " %s;", rules[i].arg);
			while (fgets(line, sizeof(line), fp))
				found |= strstr(line, want) != NULL;
			fclose(fp);
			assert_true(found);
		}
	}
	/* the result printers */
	assert_non_null(sc_ret_fmt_find("poll"));
	assert_non_null(sc_ret_fmt_find("ppoll"));
	assert_non_null(sc_ret_fmt_find("select"));
	assert_non_null(sc_ret_fmt_find("pselect6"));
}

/* Pieces of any length and content, any arguments and results (a
 * recording from elsewhere): every printer stays inside what it was given
 * (the sanitizer build checks) and prints something. */
static void test_hostile_pieces(void **state)
{
	static const struct { const char *sc, *arg; unsigned idx; } fmts[] = {
		{ "getdents64", "dirent", 1 }, { "getdents", "dirent", 1 }, { "getcwd", "buf", 0 },
		{ "poll", "ufds", 0 }, { "ppoll", "tsp", 2 }, { "ppoll", "sigmask", 3 },
		{ "select", "inp", 1 }, { "pselect6", "tsp", 4 }, { "pselect6", "sig", 5 },
		{ "epoll_ctl", "event", 3 }, { "epoll_wait", "events", 1 }, { "setitimer", "value", 1 },
		{ "getitimer", "value", 1 }, { "utimensat", "utimes", 2 }, { "utimes", "utimes", 1 },
		{ "utime", "times", 1 }, { "getresuid", "ruidp", 0 }, { "timerfd_settime", "otmr", 3 },
		{ "clock_gettime", "tp", 1 }, { "nanosleep", "rmtp", 1 }, { "gettimeofday", "tz", 1 },
	};
	static const char *const rets[] = { "poll", "ppoll", "select", "pselect6" };
	unsigned seed = 12345;
	u8 *data = malloc(4096);

	assert_non_null(data);
	for (int round = 0; round < 3000; round++) {
		struct call c = { .ret_valid = round % 7 != 0, .verbose = round % 2, .xlat = round % 3 };
		struct outbuf ob;

		for (size_t i = 0; i < 4096; i++)
			data[i] = (u8)((seed = seed * 1103515245 + 12345) >> 16);
		for (int i = 0; i < 6; i++)
			c.args[i] = (seed = seed * 1103515245 + 12345) % 5 == 0 ? 0 : (seed >> 8) % (i == 0 ? 4096 : 2000);
		c.ret = (s64)((seed = seed * 1103515245 + 12345) >> 8) % 5000 - 200;
		for (int i = 0; i < 6; i++) {
			size_t len = (seed = seed * 1103515245 + 12345) >> 20 & 511;
			size_t off = (seed >> 4) & 1023;

			piece(&c, (unsigned)i, i % 2 ? SCRY_CAP_EXIT : SCRY_CAP_ENTRY, data + off, len, seed & 0xffff);
			c.caps[c.ncap - 1].kind = (u8)(seed % 3 == 0 ? SCRY_CAP_DENTS : SCRY_CAP_FIXED);
			piece(&c, (unsigned)i, i % 2 ? SCRY_CAP_ENTRY : SCRY_CAP_EXIT, data + 2048, len, len);
			if (c.ncap >= 8)
				break;
		}
		for (size_t f = 0; f < ARRAY_SIZE(fmts); f++) {
			const struct sc_arg_fmt *fmt = sc_arg_fmt_pick(fmts[f].sc, fmts[f].arg, "void *");
			struct sc_arg_ctx ctx = ctx_of(&c, fmts[f].idx);

			outbuf_init_mem(&ob);
			fmt->print(&ob, c.args[fmts[f].idx], &ctx);
			assert_true(ob.len > 0);
			outbuf_release(&ob);
		}
		for (size_t r = 0; r < ARRAY_SIZE(rets); r++) {
			struct sc_arg_ctx ctx = ctx_of(&c, 0);

			outbuf_init_mem(&ob);
			if (!sc_ret_fmt_find(rets[r])->print(&ob, c.ret, &ctx))
				assert_int_equal(ob.len, 0);
			outbuf_release(&ob);
		}
	}
	free(data);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_poll_fds), cmocka_unit_test(test_poll_edges), cmocka_unit_test(test_ppoll),
		cmocka_unit_test(test_select), cmocka_unit_test(test_select_sets), cmocka_unit_test(test_pselect6),
		cmocka_unit_test(test_epoll), cmocka_unit_test(test_getdents64), cmocka_unit_test(test_getdents),
		cmocka_unit_test(test_getcwd),
		cmocka_unit_test(test_itimers), cmocka_unit_test(test_utimensat),
		cmocka_unit_test(test_utimes_and_timeofday),
		cmocka_unit_test(test_clocks_and_sleeps), cmocka_unit_test(test_getresuid),
		cmocka_unit_test(test_rules_ask_for_copies), cmocka_unit_test(test_hostile_pieces),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
