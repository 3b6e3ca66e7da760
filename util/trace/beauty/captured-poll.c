/* Directories and polling, printed from what the BPF tracer copied by rule
 * (captures, see util/trace/bpf/syscall-record.h) as strace 6.1 prints
 * them: getdents64's entries (a count, or with -v each entry), getcwd's
 * path, poll's pollfds (events at entry, revents in the result), select's
 * fd sets (in the arguments and the result), epoll's events. Without a
 * piece (the tracepoint backend, an unreadable address, a failed call)
 * the pointer is printed, as strace prints it. Layouts are the x86_64
 * kernel's: struct pollfd (8 bytes), struct epoll_event (12, packed),
 * struct linux_dirent64, fd_set (64-bit words). */
#include <string.h>
#include <sys/epoll.h>

#include "util/trace/beauty/beauty-internal.h"
#include "util/trace/bpf/syscall-record.h"

#define FMT(name, fn, ...) \
	const struct sc_arg_fmt bfmt_##name = { .kind = #name, .print = fn, __VA_ARGS__ }

#define POLLFD_SIZE 8
#define EPOLL_EVENT_SIZE 12
#define DIRENT64_HEAD 19        /* d_ino, d_off, d_reclen, d_type: where d_name starts */
#define DIRENT_HEAD 18          /* getdents' d_ino, d_off, d_reclen */
#define NSIG_BYTES 8            /* the kernel's sigset_t */
#define SELECT_NFDS_MAX (1024 * 1024)

/* A flag word inside a struct as strace prints it (printflags): names
 * joined by '|', unknown bits in hex, "0" for none; with no name at all,
 * the hex and a comment naming the kind ("0x10000 / * POLL??? * /").
 * -X raw: the hex alone; -X verbose: the hex, the names in a comment. */
static void print_struct_flags(struct outbuf *ob, const struct flag_table *t, u64 val, const char *dflt,
			       const struct sc_arg_ctx *ctx)
{
	int xlat = ctx ? ctx->xlat : 0;
	bool named = false;

	for (size_t i = 0; i < t->nr && !named; i++)
		named = t->entries[i].value && (val & t->entries[i].value) == t->entries[i].value;
	if (xlat == 1 || !val) {
		if (val)
			outbuf_hex(ob, val);
		else
			outbuf_putc(ob, '0');
		return;
	}
	if (!named) {
		outbuf_hex(ob, val);
		outbuf_printf(ob, " /* %s */", dflt);
		return;
	}
	if (xlat == 2) {
		outbuf_hex(ob, val);
		outbuf_puts(ob, " /* ");
	}
	beauty_flags(ob, t, val);
	if (xlat == 2)
		outbuf_puts(ob, " */");
}

/* ---- poll, ppoll ---------------------------------------------------------------- */

struct pollfd_k {
	s32 fd;
	s16 events, revents;
};

static struct pollfd_k pollfd_at(const u8 *p)
{
	struct pollfd_k f;

	memcpy(&f, p, sizeof(f));
	return f;
}

/* What the call is given: [{fd=3, events=POLLIN}, {fd=-1}], at most
 * strace's -s elements, then "...". */
static void print_pollfds(struct outbuf *ob, u64 val, const struct sc_arg_ctx *ctx)
{
	const struct sc_cap *c = val ? bt_cap_piece(ctx, -1, SCRY_CAP_ENTRY, 0) : NULL;
	u64 nfds = ctx && ctx->args ? (u32)ctx->args[ctx->idx + 1] : 0;
	unsigned have, shown;

	if (val && ctx && ctx->args && !nfds) {
		outbuf_puts(ob, "[]");
		return;
	}
	if (!c) {
		bt_print_ptr(ob, val, ctx);
		return;
	}
	have = c->len / POLLFD_SIZE;
	outbuf_putc(ob, '[');
	for (shown = 0; shown < have && shown < nfds; shown++) {
		struct pollfd_k f = pollfd_at(c->data + shown * POLLFD_SIZE);

		if (shown)
			outbuf_puts(ob, ", ");
		if (shown >= ctx->string_limit) {
			outbuf_puts(ob, "...");
			break;
		}
		outbuf_printf(ob, "{fd=%d", f.fd);
		if (f.fd >= 0) {
			outbuf_puts(ob, ", events=");
			print_struct_flags(ob, &bt_poll_events, (u16)f.events, "POLL???", ctx);
		}
		outbuf_putc(ob, '}');
	}
	if (shown == have && have < nfds)
		outbuf_puts(ob, shown ? ", ..." : "...");    /* more than the tracer copied */
	outbuf_putc(ob, ']');
}

/* Two copies (entry and return) of at most 248 pollfds each, so that
 * both, ppoll's times and its mask fit in one record's 4096 bytes. */
#define POLLFDS_MAX (248 * POLLFD_SIZE)
FMT(pollfds, print_pollfds,
    .cap = { .kind = SCRY_CAP_ARGLEN, .when = SCRY_CAP_ENTRY | SCRY_CAP_EXIT, .len_arg = -1, .size = POLLFD_SIZE,
	     .max = POLLFDS_MAX });

/* poll's and ppoll's result: "0 (Timeout)", or the count and the fds that
 * have something ([{fd=3, revents=POLLIN}]), then for ppoll the time left. */
static bool print_poll_result(struct outbuf *ob, s64 ret, const struct sc_arg_ctx *ctx, bool has_timeout)
{
	const struct sc_cap *c;
	unsigned have, nfds, printed = 0;
	bool any = false, more, left;

	if (ret < 0 || !ctx || !ctx->args)
		return false;
	if (ret == 0) {
		outbuf_puts(ob, "0 (Timeout)");
		return true;
	}
	nfds = (u32)ctx->args[1];
	c = bt_cap_piece(ctx, 0, SCRY_CAP_EXIT, 0);
	if (!c || !ctx->args[0] || !nfds)
		return false;
	have = c->len / POLLFD_SIZE;
	if (have > nfds)
		have = nfds;
	for (unsigned i = 0; i < have && !any; i++)
		any = pollfd_at(c->data + i * POLLFD_SIZE).revents != 0;
	/* fds past those copied may have revents too: they show as "..." */
	more = have < nfds;
	left = has_timeout && ctx->args[2];
	outbuf_s64(ob, ret);
	if (!any && !more && !left)
		return true;            /* nothing to add: the count alone */
	outbuf_puts(ob, " (");
	if (any || more) {
		bool first = true;

		outbuf_putc(ob, '[');
		for (unsigned i = 0; i < have; i++) {
			struct pollfd_k f = pollfd_at(c->data + i * POLLFD_SIZE);

			if (!f.revents)
				continue;
			if (!first)
				outbuf_puts(ob, ", ");
			first = false;
			if (printed >= ctx->string_limit) {
				outbuf_puts(ob, "...");
				break;
			}
			outbuf_printf(ob, "{fd=%d, revents=", f.fd);
			beauty_flags(ob, &bt_poll_events, (u16)f.revents);
			outbuf_putc(ob, '}');
			printed++;
		}
		if (more && printed < ctx->string_limit)
			outbuf_puts(ob, first ? "..." : ", ...");
		outbuf_putc(ob, ']');
	}
	if (left) {
		outbuf_puts(ob, any || more ? ", left " : "left ");
		bt_print_time_left(ob, ctx, 2, false);
	}
	outbuf_putc(ob, ')');
	return true;
}

bool bt_print_poll_ret(struct outbuf *ob, s64 ret, const struct sc_arg_ctx *ctx)
{
	return print_poll_result(ob, ret, ctx, false);
}

bool bt_print_ppoll_ret(struct outbuf *ob, s64 ret, const struct sc_arg_ctx *ctx)
{
	return print_poll_result(ob, ret, ctx, true);
}

/* A signal mask given with its size (the next argument): [USR1]; a size
 * other than the kernel's 8 bytes is refused by the call and strace then
 * prints the address. */
static void print_sigset_sized(struct outbuf *ob, u64 val, const struct sc_arg_ctx *ctx)
{
	const struct sc_cap *c = NULL;
	u64 mask;

	if (val && ctx && ctx->args && ctx->idx + 1 < SCRY_SC_NARGS && ctx->args[ctx->idx + 1] == NSIG_BYTES)
		c = bt_cap_piece(ctx, -1, SCRY_CAP_ENTRY, NSIG_BYTES);
	if (!c) {
		bt_print_ptr(ob, val, ctx);
		return;
	}
	memcpy(&mask, c->data, sizeof(mask));
	bt_print_sigmask(ob, mask);
}

FMT(sigset_sized, print_sigset_sized,
    .cap = { .kind = SCRY_CAP_FIXED, .when = SCRY_CAP_ENTRY, .len_arg = -1, .size = NSIG_BYTES });

/* ---- select, pselect6 ------------------------------------------------------------- */

/* How many fds the sets hold: select's first argument, as the kernel
 * reads it (an int; negative: none). */
static int select_nfds(const struct sc_arg_ctx *ctx)
{
	int n = (s32)(u32)ctx->args[0];

	if (n < 0)
		return 0;
	return n > SELECT_NFDS_MAX ? SELECT_NFDS_MAX : n;
}

static bool fd_isset(const struct sc_cap *c, int fd)
{
	u64 word;

	if ((size_t)(fd / 64 + 1) * 8 > c->len)
		return false;
	memcpy(&word, c->data + (fd / 64) * 8, sizeof(word));
	return (word >> (fd % 64)) & 1;
}

/* A set the call is given: [3 4]. */
static void print_fdset(struct outbuf *ob, u64 val, const struct sc_arg_ctx *ctx)
{
	const struct sc_cap *c = val && ctx && ctx->args ? bt_cap_piece(ctx, -1, SCRY_CAP_ENTRY, 0) : NULL;
	int nfds = c ? select_nfds(ctx) : 0;
	bool first = true;

	if (!c || !nfds) {
		bt_print_ptr(ob, val, ctx);
		return;
	}
	outbuf_putc(ob, '[');
	for (int fd = 0; fd < nfds && (size_t)fd < (size_t)c->len * 8; fd++) {
		if (!fd_isset(c, fd))
			continue;
		if (!first)
			outbuf_putc(ob, ' ');
		first = false;
		outbuf_s64(ob, fd);
	}
	outbuf_putc(ob, ']');
}

FMT(fdset, print_fdset,
    .cap = { .kind = SCRY_CAP_BITS, .when = SCRY_CAP_ENTRY | SCRY_CAP_EXIT, .len_arg = 0 });

/* select's and pselect6's result: "0 (Timeout)", or the count and the fds
 * ready in each set as they came back ("in [3], out [4]"), as many as the
 * count says, then the time left. strace's quirk is kept: once a set has
 * been printed, each later set it reads closes with another ']'. */
static bool print_select_result(struct outbuf *ob, s64 ret, const struct sc_arg_ctx *ctx, bool timeval)
{
	static const char *const set_names[] = { "in", "out", "except" };
	const char *sep = "";
	s64 ready = ret;
	int nfds;
	bool some = false;       /* a set printed: strace's outptr != outstr */

	if (ret < 0 || !ctx || !ctx->args)
		return false;
	if (ret == 0) {
		outbuf_puts(ob, "0 (Timeout)");
		return true;
	}
	/* Without any set copied back (the tracepoint backend, a call
	 * entered before tracing began), the count alone. */
	if (!bt_cap_piece(ctx, 1, SCRY_CAP_EXIT, 0) && !bt_cap_piece(ctx, 2, SCRY_CAP_EXIT, 0) &&
	    !bt_cap_piece(ctx, 3, SCRY_CAP_EXIT, 0))
		return false;
	nfds = select_nfds(ctx);
	outbuf_s64(ob, ret);
	outbuf_puts(ob, " (");
	for (int i = 0; i < 3 && ready > 0; i++) {
		const struct sc_cap *c = ctx->args[i + 1] && nfds ? bt_cap_piece(ctx, i + 1, SCRY_CAP_EXIT, 0) : NULL;
		bool first = true;

		if (!c)
			continue;
		for (int fd = 0; fd < nfds && (size_t)fd < (size_t)c->len * 8; fd++) {
			if (!fd_isset(c, fd))
				continue;
			if (first) {
				outbuf_printf(ob, "%s%s [%d", sep, set_names[i], fd);
				first = false;
				some = true;
				sep = ", ";
			} else {
				outbuf_printf(ob, " %d", fd);
			}
			if (--ready == 0)
				break;
		}
		if (some)
			outbuf_putc(ob, ']');
	}
	if (ctx->args[4]) {
		outbuf_puts(ob, sep);
		outbuf_puts(ob, "left ");
		bt_print_time_left(ob, ctx, 4, timeval);
	}
	outbuf_putc(ob, ')');
	return true;
}

bool bt_print_select_ret(struct outbuf *ob, s64 ret, const struct sc_arg_ctx *ctx)
{
	return print_select_result(ob, ret, ctx, true);
}

bool bt_print_pselect6_ret(struct outbuf *ob, s64 ret, const struct sc_arg_ctx *ctx)
{
	return print_select_result(ob, ret, ctx, false);
}

/* pselect6's sixth argument: {sigmask=[USR1], sigsetsize=8}: a pointer
 * and a size, the mask behind the pointer copied too (a BUFPAIR rule);
 * without it (an unreadable mask, a size that is not the kernel's) the
 * address. */
static void print_pselect6_sig(struct outbuf *ob, u64 val, const struct sc_arg_ctx *ctx)
{
	const struct sc_cap *c = val ? bt_cap_piece(ctx, -1, SCRY_CAP_ENTRY, 16) : NULL;
	const struct sc_cap *m = c ? sc_cap_find(ctx, -1, SCRY_CAP_BUFPAIR_DATA, SCRY_CAP_ENTRY) : NULL;
	u64 mask_ptr, size, mask;

	if (!c) {
		bt_print_ptr(ob, val, ctx);
		return;
	}
	memcpy(&mask_ptr, c->data, sizeof(mask_ptr));
	memcpy(&size, c->data + 8, sizeof(size));
	outbuf_puts(ob, "{sigmask=");
	if (mask_ptr && size == NSIG_BYTES && m && !m->fault && m->len == NSIG_BYTES) {
		memcpy(&mask, m->data, sizeof(mask));
		bt_print_sigmask(ob, mask);
	} else {
		bt_print_ptr(ob, mask_ptr, ctx);
	}
	outbuf_puts(ob, ", sigsetsize=");
	outbuf_u64(ob, size);
	outbuf_putc(ob, '}');
}

FMT(pselect6_sig, print_pselect6_sig,
    .cap = { .kind = SCRY_CAP_BUFPAIR, .when = SCRY_CAP_ENTRY, .size = 16, .max = NSIG_BYTES });

/* ---- epoll ----------------------------------------------------------------------- */

/* {events=EPOLLIN, data={u32=3, u64=3}}: the data is a union the caller
 * may use either way; strace shows both views. */
static void print_epoll_event(struct outbuf *ob, const u8 *p, const struct sc_arg_ctx *ctx)
{
	u32 events;
	u64 data;

	memcpy(&events, p, sizeof(events));
	memcpy(&data, p + sizeof(events), sizeof(data));
	outbuf_puts(ob, "{events=");
	print_struct_flags(ob, &bt_epoll_events, events, "EPOLL???", ctx);
	outbuf_printf(ob, ", data={u32=%u, u64=%llu}}", (u32)data, (unsigned long long)data);
}

/* epoll_ctl's event; EPOLL_CTL_DEL takes none (the address is printed). */
static void print_epoll_event_in(struct outbuf *ob, u64 val, const struct sc_arg_ctx *ctx)
{
	const struct sc_cap *c = NULL;

	if (val && ctx && ctx->args && (u32)ctx->args[1] != EPOLL_CTL_DEL)
		c = bt_cap_piece(ctx, -1, SCRY_CAP_ENTRY, EPOLL_EVENT_SIZE);
	if (!c)
		bt_print_ptr(ob, val, ctx);
	else
		print_epoll_event(ob, c->data, ctx);
}

/* epoll_wait's events: as many as it returned, at most strace's -s. */
static void print_epoll_events_out(struct outbuf *ob, u64 val, const struct sc_arg_ctx *ctx)
{
	const struct sc_cap *c;
	unsigned have, n;

	if (!val || !ctx || !ctx->ret_valid || ctx->ret < 0) {
		bt_print_ptr(ob, val, ctx);
		return;
	}
	if (ctx->ret == 0) {
		outbuf_puts(ob, "[]");
		return;
	}
	c = bt_cap_piece(ctx, -1, SCRY_CAP_EXIT, 0);
	if (!c) {
		bt_print_ptr(ob, val, ctx);
		return;
	}
	have = c->len / EPOLL_EVENT_SIZE;
	outbuf_putc(ob, '[');
	for (n = 0; n < have && n < (u64)ctx->ret; n++) {
		if (n)
			outbuf_puts(ob, ", ");
		if (n >= ctx->string_limit) {
			outbuf_puts(ob, "...");
			break;
		}
		print_epoll_event(ob, c->data + n * EPOLL_EVENT_SIZE, ctx);
	}
	if (n == have && have < (u64)ctx->ret)
		outbuf_puts(ob, n ? ", ..." : "...");
	outbuf_putc(ob, ']');
}

FMT(epoll_event_in, print_epoll_event_in,
    .cap = { .kind = SCRY_CAP_FIXED, .when = SCRY_CAP_ENTRY, .len_arg = -1, .size = EPOLL_EVENT_SIZE });
FMT(epoll_events_out, print_epoll_events_out,
    .cap = { .kind = SCRY_CAP_RETLEN, .when = SCRY_CAP_EXIT, .len_arg = -1, .size = EPOLL_EVENT_SIZE });

/* ---- directories ------------------------------------------------------------------- */

/* d_name: up to its NUL within `max` bytes; "..." when it has none there
 * (strace's printpathn). */
static void print_dname(struct outbuf *ob, const u8 *p, size_t max, size_t room)
{
	size_t n = strnlen((const char *)p, max);

	outbuf_puts(ob, ", d_name=");
	outbuf_quoted(ob, (const char *)p, n, n == max && (max >= room || p[max] != '\0'));
}

static void print_dtype(struct outbuf *ob, u8 type)
{
	const char *tname = value_table_name(&bt_dirent_types, type);

	outbuf_puts(ob, ", d_type=");
	if (tname)
		outbuf_puts(ob, tname);
	else
		outbuf_printf(ob, "%#x /* DT_??? */", type);
}

/* One record of `reclen` bytes at p (the whole of it copied), as strace
 * prints it: getdents64's linux_dirent64 (d_type before the name)
 * {d_ino=..., d_off=..., d_reclen=24, d_type=DT_DIR, d_name="."}, or
 * getdents' linux_dirent (d_type in its last byte)
 * {d_ino=..., d_off=..., d_reclen=24, d_name=".", d_type=DT_DIR}. */
static void print_dirent(struct outbuf *ob, const u8 *p, u16 reclen, bool is64)
{
	size_t head = is64 ? DIRENT64_HEAD : DIRENT_HEAD;
	size_t tail = reclen - head;    /* the name (and getdents' d_type) */
	u64 ino, off;

	memcpy(&ino, p, sizeof(ino));
	memcpy(&off, p + 8, sizeof(off));
	outbuf_printf(ob, "{d_ino=%llu, d_off=%llu, d_reclen=%u", (unsigned long long)ino,
		      (unsigned long long)off, reclen);
	if (is64) {
		print_dtype(ob, p[18]);
		if (tail)
			print_dname(ob, p + head, tail - 1, tail);
	} else if (tail) {
		if (tail > 1)
			print_dname(ob, p + head, tail - 2, tail - 1);
		print_dtype(ob, p[reclen - 1]);
	}
	outbuf_putc(ob, '}');
}

/* getdents64's and getdents' records: "0x7ffd... / * 7 entries * /" as
 * strace abbreviates them; with -v the entries themselves, those the
 * tracer copied whole ("..." after them when there were more). */
static void print_dents_any(struct outbuf *ob, u64 val, const struct sc_arg_ctx *ctx, bool is64)
{
	const struct sc_cap *c = NULL;
	u64 count = ctx && ctx->args ? (u32)ctx->args[2] : 0;
	size_t head = is64 ? DIRENT64_HEAD : DIRENT_HEAD;
	size_t off = 0;
	unsigned n = 0;

	if (!ctx || !ctx->ret_valid || ctx->ret < 0 || (u64)ctx->ret > count) {
		bt_print_ptr(ob, val, ctx);
		return;
	}
	/* At the end of the directory the call returns 0 and fills nothing. */
	if (ctx->ret > 0) {
		c = sc_cap_find(ctx, -1, SCRY_CAP_DENTS, SCRY_CAP_EXIT);
		if (!c || c->fault) {
			bt_print_ptr(ob, val, ctx);
			return;
		}
	}
	if (!ctx->verbose) {
		bt_print_ptr(ob, val, ctx);
		outbuf_printf(ob, " /* %llu entries */", c ? (unsigned long long)c->aux : 0ULL);
		return;
	}
	outbuf_putc(ob, '[');
	while (c && off + head <= c->len && off < (u64)ctx->ret) {
		u16 reclen;

		memcpy(&reclen, c->data + off + 16, sizeof(reclen));
		if (reclen < head || off + reclen > c->len)
			break;
		if (n++)
			outbuf_puts(ob, ", ");
		print_dirent(ob, c->data + off, reclen, is64);
		off += reclen;
	}
	if (off < (u64)ctx->ret)
		outbuf_puts(ob, n ? ", ..." : "...");
	outbuf_putc(ob, ']');
}

static void print_dents64(struct outbuf *ob, u64 val, const struct sc_arg_ctx *ctx)
{
	print_dents_any(ob, val, ctx, true);
}

static void print_dents(struct outbuf *ob, u64 val, const struct sc_arg_ctx *ctx)
{
	print_dents_any(ob, val, ctx, false);
}

FMT(dents_out, print_dents64, .cap = { .kind = SCRY_CAP_DENTS, .when = SCRY_CAP_EXIT, .len_arg = -1 });
FMT(dents32_out, print_dents, .cap = { .kind = SCRY_CAP_DENTS, .when = SCRY_CAP_EXIT, .len_arg = -1 });

/* getcwd's buffer: the path it returned (its length, with the NUL, is the
 * result); a path is never cut at strace's -s. */
static void print_cwd(struct outbuf *ob, u64 val, const struct sc_arg_ctx *ctx)
{
	const struct sc_cap *c = NULL;

	if (val && ctx && ctx->ret_valid && ctx->ret > 0)
		c = bt_cap_piece(ctx, -1, SCRY_CAP_EXIT, 0);
	if (!c) {
		bt_print_ptr(ob, val, ctx);
		return;
	}
	size_t n = (size_t)ctx->ret - 1 < c->len ? (size_t)ctx->ret - 1 : c->len;
	outbuf_quoted(ob, (const char *)c->data, strnlen((const char *)c->data, n), c->len < (size_t)ctx->ret - 1);
}

FMT(cwd_out, print_cwd, .cap = { .kind = SCRY_CAP_RETLEN, .when = SCRY_CAP_EXIT, .len_arg = -1, .size = 1 });
