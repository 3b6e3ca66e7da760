/* System information and process control, printed from the pieces the BPF
 * tracer copied by rule (sc_cap_find, util/trace/bpf/syscall-record.h) as
 * strace 6.1 prints them by default: uname, sysinfo, statfs, resource
 * limits and usage, times, getrandom's bytes, CPU affinity masks, group
 * lists, NUMA policies and node masks, clone3's arguments, futex's
 * arguments per operation, prctl's arguments per option, and the common
 * terminal and socket ioctls. Results that print more than their value
 * (fcntl F_GETFD/F_GETFL, prctl PR_GET_DUMPABLE) are here too.
 *
 * Without a piece (the tracepoint backend, an unreadable address, a failed
 * call) an argument prints as its address, as strace prints it then. */
#include <linux/futex.h>
#include <linux/prctl.h>
#include <linux/sched.h>
#include <linux/sockios.h>
#include <linux/utsname.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <termios.h>
#include <unistd.h>

#include "util/trace/beauty/beauty-internal.h"
#include "util/trace/bpf/syscall-record.h"

#define FMT(name, fn, ...) \
	const struct sc_arg_fmt bfmt_##name = { .kind = #name, .print = fn, __VA_ARGS__ }

/* What the rules copy: FIXED structs at entry or at return. */
#define CAP_FIXED(w, n) .cap = { .kind = SCRY_CAP_FIXED, .when = (w), .size = (n) }
#define AT_ENTRY SCRY_CAP_ENTRY
#define AT_EXIT SCRY_CAP_EXIT

/* ---- finding the bytes ------------------------------------------------------- */

/* The bytes of this argument's piece taken at `when`, when it holds at
 * least `need` of them; NULL otherwise. */
static const u8 *piece(const struct sc_arg_ctx *ctx, unsigned when, size_t need)
{
	const struct sc_cap *c = sc_cap_find(ctx, -1, 0, when);

	if (!c || c->fault || c->len < need)
		return NULL;
	return c->data;
}

/* A struct the call filled: there only once it succeeded (a result that
 * is not an error). */
static bool call_ok(const struct sc_arg_ctx *ctx)
{
	return ctx && ctx->ret_valid && !(ctx->ret < 0 && ctx->ret >= -4095);
}

static const u8 *filled(const struct sc_arg_ctx *ctx, size_t need)
{
	return call_ok(ctx) ? piece(ctx, AT_EXIT, need) : NULL;
}

/* Into dst, n bytes at p; without them, the address is printed instead
 * and false returned. */
static bool take(struct outbuf *ob, u64 val, const struct sc_arg_ctx *ctx, const u8 *p, void *dst, size_t n)
{
	if (!p || !val) {
		bt_print_ptr(ob, val, ctx);
		return false;
	}
	memcpy(dst, p, n);
	return true;
}

static void field_u(struct outbuf *ob, const char *sep_name, u64 v)
{
	outbuf_puts(ob, sep_name);
	outbuf_u64(ob, v);
}

/* strace's %#x: 0 for zero. */
static void print_x(struct outbuf *ob, u64 v)
{
	if (v)
		outbuf_hex(ob, v);
	else
		outbuf_putc(ob, '0');
}

static void print_name_or_x(struct outbuf *ob, const struct value_table *t, s64 v)
{
	const char *name = value_table_name(t, v);

	if (name)
		outbuf_puts(ob, name);
	else
		print_x(ob, (u64)v);
}

/* A C string in a fixed-size field: up to its NUL. */
static void print_cstring_field(struct outbuf *ob, const char *s, size_t size)
{
	outbuf_quoted(ob, s, strnlen(s, size), false);
}

static void print_cstring_field_named(struct outbuf *ob, const char *name, const char *s, size_t size)
{
	outbuf_puts(ob, name);
	print_cstring_field(ob, s, size);
}

/* ---- uname, sysinfo, statfs ------------------------------------------------------ */

/* {sysname="Linux", nodename="vm", ...}; all six with -v. */
static void print_utsname(struct outbuf *ob, u64 val, const struct sc_arg_ctx *ctx)
{
	struct new_utsname u;

	if (!take(ob, val, ctx, filled(ctx, sizeof(u)), &u, sizeof(u)))
		return;
	outbuf_puts(ob, "{sysname=");
	print_cstring_field(ob, u.sysname, sizeof(u.sysname));
	outbuf_puts(ob, ", nodename=");
	print_cstring_field(ob, u.nodename, sizeof(u.nodename));
	if (!ctx->verbose) {
		outbuf_puts(ob, ", ...}");
		return;
	}
	outbuf_puts(ob, ", release=");
	print_cstring_field(ob, u.release, sizeof(u.release));
	outbuf_puts(ob, ", version=");
	print_cstring_field(ob, u.version, sizeof(u.version));
	outbuf_puts(ob, ", machine=");
	print_cstring_field(ob, u.machine, sizeof(u.machine));
	outbuf_puts(ob, ", domainname=");
	print_cstring_field(ob, u.domainname, sizeof(u.domainname));
	outbuf_putc(ob, '}');
}

static void print_sysinfo(struct outbuf *ob, u64 val, const struct sc_arg_ctx *ctx)
{
	struct sysinfo si;

	if (!take(ob, val, ctx, filled(ctx, sizeof(si)), &si, sizeof(si)))
		return;
	field_u(ob, "{uptime=", (u64)si.uptime);
	outbuf_printf(ob, ", loads=[%lu, %lu, %lu]", si.loads[0], si.loads[1], si.loads[2]);
	field_u(ob, ", totalram=", si.totalram);
	field_u(ob, ", freeram=", si.freeram);
	field_u(ob, ", sharedram=", si.sharedram);
	field_u(ob, ", bufferram=", si.bufferram);
	field_u(ob, ", totalswap=", si.totalswap);
	field_u(ob, ", freeswap=", si.freeswap);
	field_u(ob, ", procs=", si.procs);
	field_u(ob, ", totalhigh=", si.totalhigh);
	field_u(ob, ", freehigh=", si.freehigh);
	field_u(ob, ", mem_unit=", si.mem_unit);
	outbuf_putc(ob, '}');
}

/* The kernel's struct statfs on 64-bit targets (the C library's names its
 * fsid field differently). */
struct k_statfs {
	s64 f_type, f_bsize;
	u64 f_blocks, f_bfree, f_bavail, f_files, f_ffree;
	u32 f_fsid[2];
	s64 f_namelen, f_frsize, f_flags, f_spare[4];
};
#define ST_VALID_BIT 0x0020

/* Everything, as strace prints it even without -v:
 * {f_type=EXT2_SUPER_MAGIC, f_bsize=4096, ..., f_flags=ST_VALID|ST_RELATIME}. */
static void print_statfs(struct outbuf *ob, u64 val, const struct sc_arg_ctx *ctx)
{
	struct k_statfs b;

	if (!take(ob, val, ctx, filled(ctx, sizeof(b)), &b, sizeof(b)))
		return;
	outbuf_puts(ob, "{f_type=");
	print_name_or_x(ob, &bt_fs_magics, b.f_type);
	field_u(ob, ", f_bsize=", (u64)b.f_bsize);
	field_u(ob, ", f_blocks=", b.f_blocks);
	field_u(ob, ", f_bfree=", b.f_bfree);
	field_u(ob, ", f_bavail=", b.f_bavail);
	field_u(ob, ", f_files=", b.f_files);
	field_u(ob, ", f_ffree=", b.f_ffree);
	outbuf_puts(ob, ", f_fsid={val=[");
	print_x(ob, b.f_fsid[0]);
	outbuf_puts(ob, ", ");
	print_x(ob, b.f_fsid[1]);
	outbuf_puts(ob, "]}");
	field_u(ob, ", f_namelen=", (u64)b.f_namelen);
	field_u(ob, ", f_frsize=", (u64)b.f_frsize);
	if (b.f_flags & ST_VALID_BIT) {
		outbuf_puts(ob, ", f_flags=");
		beauty_flags(ob, &bt_statfs_flags, (u64)b.f_flags);
	}
	outbuf_putc(ob, '}');
}

FMT(utsname_out, print_utsname, CAP_FIXED(AT_EXIT, sizeof(struct new_utsname)));
FMT(sysinfo_out, print_sysinfo, CAP_FIXED(AT_EXIT, sizeof(struct sysinfo)));
FMT(statfs_out, print_statfs, CAP_FIXED(AT_EXIT, sizeof(struct k_statfs)));

/* ---- resource limits and usage, times -------------------------------------------- */

/* RLIM64_INFINITY, 8192*1024 (a multiple of 1024 above 1024), or the number. */
void bt_print_rlim(struct outbuf *ob, u64 lim)
{
	if (lim == UINT64_MAX)
		outbuf_puts(ob, "RLIM64_INFINITY");
	else if (lim > 1024 && lim % 1024 == 0)
		outbuf_printf(ob, "%llu*1024", (unsigned long long)(lim / 1024));
	else
		outbuf_u64(ob, lim);
}

static void print_rlimit(struct outbuf *ob, u64 val, const struct sc_arg_ctx *ctx, const u8 *p)
{
	u64 r[2];

	if (!take(ob, val, ctx, p, r, sizeof(r)))
		return;
	outbuf_puts(ob, "{rlim_cur=");
	bt_print_rlim(ob, r[0]);
	outbuf_puts(ob, ", rlim_max=");
	bt_print_rlim(ob, r[1]);
	outbuf_putc(ob, '}');
}

/* A limit the call is given (setrlimit, prlimit64's new one). */
static void print_rlimit_in(struct outbuf *ob, u64 val, const struct sc_arg_ctx *ctx)
{
	print_rlimit(ob, val, ctx, piece(ctx, AT_ENTRY, 2 * sizeof(u64)));
}

/* ... and one it fills (getrlimit, prlimit64's old one). */
static void print_rlimit_out(struct outbuf *ob, u64 val, const struct sc_arg_ctx *ctx)
{
	print_rlimit(ob, val, ctx, filled(ctx, 2 * sizeof(u64)));
}

FMT(rlimit_in, print_rlimit_in, CAP_FIXED(AT_ENTRY, 2 * sizeof(u64)));
FMT(rlimit_out, print_rlimit_out, CAP_FIXED(AT_EXIT, 2 * sizeof(u64)));

static void print_timeval(struct outbuf *ob, const struct timeval *tv)
{
	outbuf_puts(ob, "{tv_sec=");
	outbuf_s64(ob, tv->tv_sec);
	outbuf_puts(ob, ", tv_usec=");
	outbuf_s64(ob, tv->tv_usec);
	outbuf_putc(ob, '}');
}

/* {ru_utime={tv_sec=0, tv_usec=2044}, ru_stime={...}, ...}; all with -v. */
static void print_rusage(struct outbuf *ob, u64 val, const struct sc_arg_ctx *ctx)
{
	struct rusage ru;

	if (!take(ob, val, ctx, filled(ctx, sizeof(ru)), &ru, sizeof(ru)))
		return;
	outbuf_puts(ob, "{ru_utime=");
	print_timeval(ob, &ru.ru_utime);
	outbuf_puts(ob, ", ru_stime=");
	print_timeval(ob, &ru.ru_stime);
	if (!ctx->verbose) {
		outbuf_puts(ob, ", ...}");
		return;
	}
	field_u(ob, ", ru_maxrss=", (u64)ru.ru_maxrss);
	field_u(ob, ", ru_ixrss=", (u64)ru.ru_ixrss);
	field_u(ob, ", ru_idrss=", (u64)ru.ru_idrss);
	field_u(ob, ", ru_isrss=", (u64)ru.ru_isrss);
	field_u(ob, ", ru_minflt=", (u64)ru.ru_minflt);
	field_u(ob, ", ru_majflt=", (u64)ru.ru_majflt);
	field_u(ob, ", ru_nswap=", (u64)ru.ru_nswap);
	field_u(ob, ", ru_inblock=", (u64)ru.ru_inblock);
	field_u(ob, ", ru_oublock=", (u64)ru.ru_oublock);
	field_u(ob, ", ru_msgsnd=", (u64)ru.ru_msgsnd);
	field_u(ob, ", ru_msgrcv=", (u64)ru.ru_msgrcv);
	field_u(ob, ", ru_nsignals=", (u64)ru.ru_nsignals);
	field_u(ob, ", ru_nvcsw=", (u64)ru.ru_nvcsw);
	field_u(ob, ", ru_nivcsw=", (u64)ru.ru_nivcsw);
	outbuf_putc(ob, '}');
}

/* Clock ticks, with the seconds they make in a comment when not 0:
 * 5 /\* 0.05 s *\/. */
static void print_clock_ticks(struct outbuf *ob, u64 v)
{
	long hz = sysconf(_SC_CLK_TCK);
	unsigned width = 0;
	u64 scale = 1;

	outbuf_u64(ob, v);
	if (hz <= 0 || !v)
		return;
	for (long h = hz; h >= 10 && width < 9; h /= 10) {
		width++;
		scale *= 10;
	}
	outbuf_printf(ob, " /* %llu.%0*llu s */", (unsigned long long)(v / (u64)hz), (int)width,
		      (unsigned long long)((v % (u64)hz) * scale / (u64)hz));
}

static void print_tms(struct outbuf *ob, u64 val, const struct sc_arg_ctx *ctx)
{
	s64 t[4];       /* tms_utime, tms_stime, tms_cutime, tms_cstime: clock_t */
	static const char *const names[] = { "{tms_utime=", ", tms_stime=", ", tms_cutime=", ", tms_cstime=" };

	if (!take(ob, val, ctx, filled(ctx, sizeof(t)), t, sizeof(t)))
		return;
	for (int i = 0; i < 4; i++) {
		outbuf_puts(ob, names[i]);
		print_clock_ticks(ob, (u64)t[i]);
	}
	outbuf_putc(ob, '}');
}

FMT(rusage_out, print_rusage, CAP_FIXED(AT_EXIT, sizeof(struct rusage)));
FMT(tms_out, print_tms, CAP_FIXED(AT_EXIT, 4 * sizeof(s64)));

/* ---- getrandom ------------------------------------------------------------------- */

/* The bytes the call returned, every one as \xNN, the first -s of them. */
static void print_random_bytes(struct outbuf *ob, u64 val, const struct sc_arg_ctx *ctx)
{
	const struct sc_cap *c = call_ok(ctx) && ctx->ret > 0 ? sc_cap_find(ctx, -1, 0, AT_EXIT) : NULL;
	size_t n;

	if (!c || c->fault) {
		bt_print_ptr(ob, val, ctx);
		return;
	}
	n = c->len;
	if (n > (u64)ctx->ret)
		n = (size_t)ctx->ret;
	if (n > ctx->string_limit)
		n = ctx->string_limit;
	outbuf_putc(ob, '"');
	for (size_t i = 0; i < n; i++)
		outbuf_printf(ob, "\\x%02x", c->data[i]);
	outbuf_putc(ob, '"');
	if ((u64)ctx->ret > n)
		outbuf_puts(ob, "...");
}

FMT(random_bytes_out, print_random_bytes,
    .cap = { .kind = SCRY_CAP_RETLEN, .when = AT_EXIT, .size = 1, .max = SC_CAP_MAX_STRLIMIT });

/* ---- CPU masks, groups, NUMA --------------------------------------------------- */

/* strace shows at most as many bytes of a CPU mask as the kernel needs
 * (the smallest size sched_getaffinity accepts), a word multiple. */
static unsigned cpuset_bytes(void)
{
	unsigned size = 128;

	while (size && syscall(SYS_sched_getaffinity, 0, size, NULL) == -1 && errno == EINVAL)
		size <<= 1;
	return size ? size : 128;
}

/* [0 1]: the CPUs set in the first len bytes. */
static void print_cpu_mask(struct outbuf *ob, u64 val, const struct sc_arg_ctx *ctx, const struct sc_cap *c, u64 len)
{
	unsigned max = cpuset_bytes();
	u64 size = len < max ? len : max;
	bool first = true;

	if (!val) {
		bt_print_ptr(ob, val, ctx);
		return;
	}
	if (!len) {
		outbuf_puts(ob, "[]");
		return;
	}
	if (!c || c->fault || c->len < size) {
		bt_print_ptr(ob, val, ctx);
		return;
	}
	outbuf_putc(ob, '[');
	for (u64 i = 0; i < size * 8; i++) {
		if (!(c->data[i / 8] & (1u << (i % 8))))
			continue;
		if (!first)
			outbuf_putc(ob, ' ');
		first = false;
		outbuf_u64(ob, i);
	}
	if ((size + 7) / 8 * 8 < len)
		outbuf_puts(ob, first ? "..." : " ...");
	outbuf_putc(ob, ']');
}

/* sched_setaffinity: the mask given, as long as the argument before says. */
static void print_cpu_mask_in(struct outbuf *ob, u64 val, const struct sc_arg_ctx *ctx)
{
	print_cpu_mask(ob, val, ctx, sc_cap_find(ctx, -1, 0, AT_ENTRY), ctx && ctx->args ? (u32)ctx->args[1] : 0);
}

/* sched_getaffinity: the mask filled, as many bytes as it returned. */
static void print_cpu_mask_out(struct outbuf *ob, u64 val, const struct sc_arg_ctx *ctx)
{
	if (!call_ok(ctx)) {
		bt_print_ptr(ob, val, ctx);
		return;
	}
	print_cpu_mask(ob, val, ctx, sc_cap_find(ctx, -1, 0, AT_EXIT), (u64)ctx->ret);
}

FMT(cpu_mask_in, print_cpu_mask_in,
    .cap = { .kind = SCRY_CAP_ARGLEN, .when = AT_ENTRY, .len_arg = 1, .size = 1 });
FMT(cpu_mask_out, print_cpu_mask_out,
    .cap = { .kind = SCRY_CAP_RETLEN, .when = AT_EXIT, .size = 1 });

/* [0, 4]: n group ids, the first -s of them (all with -v), then "...". */
static void print_gid_list(struct outbuf *ob, u64 val, const struct sc_arg_ctx *ctx, const struct sc_cap *c, s64 n)
{
	u64 shown = 0;

	if (!val || n < 0 || n > 65536) {
		bt_print_ptr(ob, val, ctx);
		return;
	}
	if (n && (!c || c->fault)) {
		bt_print_ptr(ob, val, ctx);
		return;
	}
	outbuf_putc(ob, '[');
	for (; shown < (u64)n && (shown + 1) * 4 <= (c ? c->len : 0); shown++) {
		u32 gid;
		if (!ctx->verbose && shown >= ctx->string_limit)
			break;
		memcpy(&gid, c->data + shown * 4, 4);
		if (shown)
			outbuf_puts(ob, ", ");
		if (gid == UINT32_MAX)
			outbuf_puts(ob, "-1");
		else
			outbuf_u64(ob, gid);
	}
	if (shown < (u64)n)
		outbuf_puts(ob, shown ? ", ..." : "...");
	outbuf_putc(ob, ']');
}

static void print_gids_in(struct outbuf *ob, u64 val, const struct sc_arg_ctx *ctx)
{
	print_gid_list(ob, val, ctx, sc_cap_find(ctx, -1, 0, AT_ENTRY), ctx && ctx->args ? (s32)(u32)ctx->args[0] : -1);
}

static void print_gids_out(struct outbuf *ob, u64 val, const struct sc_arg_ctx *ctx)
{
	if (!call_ok(ctx)) {
		bt_print_ptr(ob, val, ctx);
		return;
	}
	print_gid_list(ob, val, ctx, sc_cap_find(ctx, -1, 0, AT_EXIT), ctx->ret);
}

FMT(gids_in, print_gids_in, .cap = { .kind = SCRY_CAP_ARGLEN, .when = AT_ENTRY, .len_arg = 0, .size = 4 });
FMT(gids_out, print_gids_out, .cap = { .kind = SCRY_CAP_RETLEN, .when = AT_EXIT, .size = 4 });

/* A NUMA policy mode, with its flags: MPOL_BIND|MPOL_F_STATIC_NODES. */
#define MPOL_MODE_FLAGS ((1u << 15) | (1u << 14) | (1u << 13))
static void print_mpol_mode(struct outbuf *ob, u64 val, const struct sc_arg_ctx *ctx)
{
	u64 flags = val & MPOL_MODE_FLAGS, mode = val & ~(u64)MPOL_MODE_FLAGS;
	const char *name = value_table_name(&bt_mpol_modes, (s64)mode);

	if (!flags) {
		if (name)
			outbuf_puts(ob, name);
		else
			outbuf_printf(ob, "%#llx /* MPOL_??? */", (unsigned long long)mode);
	} else if (!name) {
		beauty_flags(ob, &bt_mpol_mode_flags, val);
	} else {
		outbuf_puts(ob, name);
		outbuf_putc(ob, '|');
		beauty_flags(ob, &bt_mpol_mode_flags, flags);
	}
}

/* set_mempolicy's mode is an int. */
static void print_mpol_mode_int(struct outbuf *ob, u64 val, const struct sc_arg_ctx *ctx)
{
	print_mpol_mode(ob, (u32)val, ctx);
}

/* get_mempolicy's policy: [MPOL_DEFAULT]. */
static void print_mpol_out(struct outbuf *ob, u64 val, const struct sc_arg_ctx *ctx)
{
	s32 mode;

	if (!take(ob, val, ctx, filled(ctx, sizeof(mode)), &mode, sizeof(mode)))
		return;
	outbuf_putc(ob, '[');
	if (value_table_name(&bt_mpol_modes, mode))
		beauty_value(ob, &bt_mpol_modes, mode);
	else
		outbuf_printf(ob, "%#x /* MPOL_??? */", (unsigned)mode);
	outbuf_putc(ob, ']');
}

/* A node mask: the words of maxnode - 1 bits, each as %#018lx, the
 * first -s of them. maxnode is the argument after the mask. */
static void print_nodemask(struct outbuf *ob, u64 val, const struct sc_arg_ctx *ctx, const struct sc_cap *c)
{
	u64 maxnode = ctx && ctx->args ? ctx->args[ctx->idx + 1] : 0;
	u64 nmemb = (maxnode + 62) / 64;

	if (!val) {
		bt_print_ptr(ob, val, ctx);
		return;
	}
	if (nmemb < maxnode / 64 || (maxnode && !nmemb) || (nmemb && (!c || c->fault))) {
		bt_print_ptr(ob, val, ctx);
		return;
	}
	outbuf_putc(ob, '[');
	for (u64 i = 0; i < nmemb; i++) {
		u64 w;
		if (i)
			outbuf_puts(ob, ", ");
		if ((!ctx->verbose && i >= ctx->string_limit) || (i + 1) * 8 > c->len) {
			outbuf_puts(ob, "...");
			break;
		}
		memcpy(&w, c->data + i * 8, 8);
		outbuf_printf(ob, "%#0*llx", 16, (unsigned long long)w);
	}
	outbuf_putc(ob, ']');
}

static void print_nodemask_in(struct outbuf *ob, u64 val, const struct sc_arg_ctx *ctx)
{
	print_nodemask(ob, val, ctx, sc_cap_find(ctx, -1, 0, AT_ENTRY));
}

static void print_nodemask_out(struct outbuf *ob, u64 val, const struct sc_arg_ctx *ctx)
{
	if (!call_ok(ctx)) {
		bt_print_ptr(ob, val, ctx);
		return;
	}
	print_nodemask(ob, val, ctx, sc_cap_find(ctx, -1, 0, AT_EXIT));
}

static void print_mbind_flags(struct outbuf *ob, u64 val, const struct sc_arg_ctx *ctx)
{
	beauty_flags(ob, &bt_mbind_flags, (u32)val);
}

static void print_get_mempolicy_flags(struct outbuf *ob, u64 val, const struct sc_arg_ctx *ctx)
{
	beauty_flags(ob, &bt_get_mempolicy_flags, val);
}

FMT(mpol_mode, print_mpol_mode);
FMT(mpol_mode_int, print_mpol_mode_int);
FMT(mpol_out, print_mpol_out, CAP_FIXED(AT_EXIT, sizeof(s32)));
FMT(nodemask_in, print_nodemask_in, .cap = { .kind = SCRY_CAP_BITS, .when = AT_ENTRY, .len_arg = -1 });
FMT(nodemask_out, print_nodemask_out, .cap = { .kind = SCRY_CAP_BITS, .when = AT_EXIT, .len_arg = -1 });
FMT(mbind_flags, print_mbind_flags);
FMT(get_mempolicy_flags, print_get_mempolicy_flags);

/* ---- clone3 ------------------------------------------------------------------------ */

/* struct clone_args as the 6.1 headers have it (88 bytes; the first 64
 * are the version 0 the kernel accepts at least). */
struct k_clone_args {
	u64 flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls;
	u64 set_tid, set_tid_size, cgroup;
};
#define CLONE_ARGS_SIZE_VER0 64

static void print_addr64(struct outbuf *ob, const char *name, u64 v)
{
	outbuf_puts(ob, name);
	bt_print_ptr(ob, v, NULL);
}

/* {flags=CLONE_VM|..., child_tid=0x..., parent_tid=0x..., exit_signal=SIGCHLD,
 * stack=0x..., stack_size=0x7fff80, tls=0x...}: the fields the flags make
 * meaningful, as strace picks them; then, once the child exists and the
 * kernel wrote its id where parent_tid points, " => {parent_tid=[1234]}". */
static void print_clone_args(struct outbuf *ob, u64 val, const struct sc_arg_ctx *ctx)
{
	u64 size = ctx && ctx->args ? ctx->args[ctx->idx + 1] : 0;
	size_t want = size < sizeof(struct k_clone_args) ? (size_t)size : sizeof(struct k_clone_args);
	const struct sc_cap *c = sc_cap_find(ctx, -1, 0, AT_ENTRY);
	struct k_clone_args a;

	if (want < CLONE_ARGS_SIZE_VER0 || !c || c->fault || c->len < want || !val) {
		bt_print_ptr(ob, val, ctx);
		return;
	}
	memset(&a, 0, sizeof(a));
	memcpy(&a, c->data, want);
	outbuf_puts(ob, "{flags=");
	beauty_flags_prefixed(ob, &bt_clone_flags, a.flags, "CLONE_");
	if (a.flags & CLONE_PIDFD)
		print_addr64(ob, ", pidfd=", a.pidfd);
	if (a.flags & (CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID))
		print_addr64(ob, ", child_tid=", a.child_tid);
	if (a.flags & CLONE_PARENT_SETTID)
		print_addr64(ob, ", parent_tid=", a.parent_tid);
	outbuf_puts(ob, ", exit_signal=");
	if (a.exit_signal < INT32_MAX)
		bfmt_signal.print(ob, a.exit_signal, ctx);
	else
		outbuf_u64(ob, a.exit_signal);
	print_addr64(ob, ", stack=", a.stack);
	outbuf_puts(ob, ", stack_size=");
	print_x(ob, a.stack_size);
	if (a.flags & CLONE_SETTLS)
		print_addr64(ob, ", tls=", a.tls);
	if (a.set_tid || a.set_tid_size) {
		/* The ids themselves are one pointer further: not copied. */
		print_addr64(ob, ", set_tid=", a.set_tid);
		field_u(ob, ", set_tid_size=", a.set_tid_size);
	}
	if (want > offsetof(struct k_clone_args, cgroup) && (a.cgroup || (a.flags & CLONE_INTO_CGROUP)))
		field_u(ob, ", cgroup=", a.cgroup);
	outbuf_putc(ob, '}');
	if ((a.flags & CLONE_PARENT_SETTID) && !(a.flags & CLONE_PIDFD) && call_ok(ctx) && ctx->ret > 0)
		outbuf_printf(ob, " => {parent_tid=[%lld]}", (long long)ctx->ret);
}

FMT(clone_args_in, print_clone_args, CAP_FIXED(AT_ENTRY, sizeof(struct k_clone_args)));

/* ---- futex ------------------------------------------------------------------------- */

/* Which of val, utime (a timeout, or val2), uaddr2 and val3 an operation
 * uses, as strace shows them. */
enum futex_slot { FS_NONE, FS_VAL, FS_TIMEOUT, FS_VAL2, FS_ADDR, FS_BITSET, FS_VAL3_U, FS_WAKE_OP, FS_VAL3_X };
struct futex_layout {
	int cmd;
	u8 val, utime, uaddr2, val3;
};
static const struct futex_layout futex_layouts[] = {
	{ FUTEX_WAIT, FS_VAL, FS_TIMEOUT, FS_NONE, FS_NONE },
	{ FUTEX_LOCK_PI, FS_NONE, FS_TIMEOUT, FS_NONE, FS_NONE },
	{ FUTEX_LOCK_PI2, FS_NONE, FS_TIMEOUT, FS_NONE, FS_NONE },
	{ FUTEX_WAIT_BITSET, FS_VAL, FS_TIMEOUT, FS_NONE, FS_BITSET },
	{ FUTEX_WAKE_BITSET, FS_VAL, FS_NONE, FS_NONE, FS_BITSET },
	{ FUTEX_REQUEUE, FS_VAL, FS_VAL2, FS_ADDR, FS_NONE },
	{ FUTEX_CMP_REQUEUE, FS_VAL, FS_VAL2, FS_ADDR, FS_VAL3_U },
	{ FUTEX_CMP_REQUEUE_PI, FS_VAL, FS_VAL2, FS_ADDR, FS_VAL3_U },
	{ FUTEX_WAKE_OP, FS_VAL, FS_VAL2, FS_ADDR, FS_WAKE_OP },
	{ FUTEX_WAIT_REQUEUE_PI, FS_VAL, FS_TIMEOUT, FS_ADDR, FS_NONE },
	{ FUTEX_FD, FS_VAL, FS_NONE, FS_NONE, FS_NONE },
	{ FUTEX_WAKE, FS_VAL, FS_NONE, FS_NONE, FS_NONE },
	{ FUTEX_UNLOCK_PI, FS_NONE, FS_NONE, FS_NONE, FS_NONE },
	{ FUTEX_TRYLOCK_PI, FS_NONE, FS_NONE, FS_NONE, FS_NONE },
};
/* An operation strace does not know: everything, raw. */
static const struct futex_layout futex_unknown = { -1, FS_VAL, FS_ADDR, FS_ADDR, FS_VAL3_X };

/* futex(uaddr, op, val, utime, uaddr2, val3): the slot argument `idx`
 * fills for the operation in args[1]. */
static enum futex_slot futex_slot(const struct sc_arg_ctx *ctx, unsigned idx)
{
	const struct futex_layout *l = &futex_unknown;
	int cmd;

	if (!ctx || !ctx->args)
		return FS_VAL3_X;
	cmd = (int)(ctx->args[1] & FUTEX_CMD_MASK);
	for (size_t i = 0; i < ARRAY_SIZE(futex_layouts); i++)
		if (futex_layouts[i].cmd == cmd)
			l = &futex_layouts[i];
	switch (idx) {
	case 2: return l->val;
	case 3: return l->utime;
	case 4: return l->uaddr2;
	case 5: return l->val3;
	}
	return FS_VAL3_X;
}

/* FUTEX_OP_SET<<28|0<<12|FUTEX_OP_CMP_GT<<24|0x1, as strace takes val3 apart. */
static void print_futex_wake_op(struct outbuf *ob, u32 v)
{
	const char *op = value_table_name(&bt_futex_wake_ops, (v >> 28) & 7);
	const char *cmp = value_table_name(&bt_futex_wake_cmps, (v >> 24) & 0xf);

	if ((v >> 28) & FUTEX_OP_OPARG_SHIFT)
		outbuf_puts(ob, "FUTEX_OP_OPARG_SHIFT<<28|");
	if (op)
		outbuf_printf(ob, "%s<<28", op);
	else
		outbuf_printf(ob, "%#x<<28 /* FUTEX_OP_??? */", (v >> 28) & 7);
	outbuf_putc(ob, '|');
	print_x(ob, (v >> 12) & 0xfff);
	outbuf_puts(ob, "<<12|");
	if (cmp)
		outbuf_printf(ob, "%s<<24", cmp);
	else
		outbuf_printf(ob, "%#x<<24 /* FUTEX_OP_CMP_??? */", (v >> 24) & 0xf);
	outbuf_putc(ob, '|');
	print_x(ob, v & 0xfff);
}

static void print_futex_timeout(struct outbuf *ob, u64 val, const struct sc_arg_ctx *ctx)
{
	const u8 *p = piece(ctx, AT_ENTRY, 2 * sizeof(s64));
	s64 ts[2];

	if (!take(ob, val, ctx, p, ts, sizeof(ts)))
		return;
	outbuf_printf(ob, "{tv_sec=%lld, tv_nsec=%lld}", (long long)ts[0], (long long)ts[1]);
}

static void print_futex_arg(struct outbuf *ob, u64 val, const struct sc_arg_ctx *ctx, unsigned idx)
{
	switch (futex_slot(ctx, idx)) {
	case FS_VAL:
	case FS_VAL2:
	case FS_VAL3_U:
		outbuf_u64(ob, (u32)val);
		break;
	case FS_TIMEOUT:
		print_futex_timeout(ob, val, ctx);
		break;
	case FS_ADDR:
		bt_print_ptr(ob, val, ctx);
		break;
	case FS_BITSET:
		if ((u32)val == FUTEX_BITSET_MATCH_ANY)
			outbuf_puts(ob, "FUTEX_BITSET_MATCH_ANY");
		else
			print_x(ob, (u32)val);
		break;
	case FS_WAKE_OP:
		print_futex_wake_op(ob, (u32)val);
		break;
	case FS_VAL3_X:
	case FS_NONE:
		print_x(ob, (u32)val);
		break;
	}
}

/* One formatter per argument: each knows its place, whatever ctx->idx. */
#define FUTEX_ARG_FMT(name, idx, ...)								\
	static void print_futex_##name(struct outbuf *ob, u64 val, const struct sc_arg_ctx *ctx)	\
	{											\
		print_futex_arg(ob, val, ctx, idx);						\
	}											\
	static bool show_futex_##name(u64 val, const struct sc_arg_ctx *ctx)			\
	{											\
		return futex_slot(ctx, idx) != FS_NONE;						\
	}											\
	FMT(futex_##name, print_futex_##name, .show = show_futex_##name, __VA_ARGS__)

FUTEX_ARG_FMT(val, 2);
FUTEX_ARG_FMT(utime, 3, CAP_FIXED(AT_ENTRY, 2 * sizeof(s64)));
FUTEX_ARG_FMT(uaddr2, 4);
FUTEX_ARG_FMT(val3, 5);

/* ---- prctl ------------------------------------------------------------------------- */

/* What each of arg2..arg5 means to an option, as strace shows it (only
 * those it shows: PR_GET_DUMPABLE has none). */
enum prctl_arg {
	PA_NONE,        /* left out */
	PA_HEX,
	PA_UDEC,
	PA_DEC,
	PA_CAP,         /* CAP_CHOWN */
	PA_SIGNAL,      /* SIGTERM; above 128, a number */
	PA_DUMPABLE,    /* SUID_DUMP_USER */
	PA_SECBITS,     /* SECBIT_NOROOT|... */
	PA_PTRACER,     /* PR_SET_PTRACER_ANY or a pid */
	PA_NAME_IN,     /* the new name: 15 bytes at most */
	PA_NAME_OUT,    /* the name, once filled */
	PA_UINT_OUT,    /* [N], once filled */
	PA_SIG_OUT,     /* [SIGTERM], once filled */
	PA_PTR_OUT,     /* [0x...], once filled */
};
enum prctl_ret { PR_RET_PLAIN, PR_RET_DUMPABLE, PR_RET_SECBITS };

struct prctl_layout {
	int option;
	u8 arg[4];      /* arg2..arg5 */
	u8 ret;
};

#define PL(opt, a2, a3, a4, a5, r) { PR_##opt, { PA_##a2, PA_##a3, PA_##a4, PA_##a5 }, PR_RET_##r }
static const struct prctl_layout prctl_layouts[] = {
	PL(GET_KEEPCAPS, NONE, NONE, NONE, NONE, PLAIN),
	PL(GET_SECCOMP, NONE, NONE, NONE, NONE, PLAIN),
	PL(GET_TIMERSLACK, NONE, NONE, NONE, NONE, PLAIN),
	PL(GET_TIMING, NONE, NONE, NONE, NONE, PLAIN),
	PL(GET_CHILD_SUBREAPER, UINT_OUT, NONE, NONE, NONE, PLAIN),
	PL(GET_ENDIAN, UINT_OUT, NONE, NONE, NONE, PLAIN),
	PL(GET_FPEMU, UINT_OUT, NONE, NONE, NONE, PLAIN),
	PL(GET_FPEXC, UINT_OUT, NONE, NONE, NONE, PLAIN),
	PL(GET_DUMPABLE, NONE, NONE, NONE, NONE, DUMPABLE),
	PL(GET_NAME, NAME_OUT, NONE, NONE, NONE, PLAIN),
	PL(GET_PDEATHSIG, SIG_OUT, NONE, NONE, NONE, PLAIN),
	PL(GET_SECUREBITS, NONE, NONE, NONE, NONE, SECBITS),
	PL(GET_TID_ADDRESS, PTR_OUT, NONE, NONE, NONE, PLAIN),
	PL(TASK_PERF_EVENTS_DISABLE, NONE, NONE, NONE, NONE, PLAIN),
	PL(TASK_PERF_EVENTS_ENABLE, NONE, NONE, NONE, NONE, PLAIN),
	PL(SET_CHILD_SUBREAPER, UDEC, NONE, NONE, NONE, PLAIN),
	PL(SET_ENDIAN, UDEC, NONE, NONE, NONE, PLAIN),
	PL(SET_FPEMU, UDEC, NONE, NONE, NONE, PLAIN),
	PL(SET_FPEXC, UDEC, NONE, NONE, NONE, PLAIN),
	PL(SET_KEEPCAPS, UDEC, NONE, NONE, NONE, PLAIN),
	PL(SET_TIMING, UDEC, NONE, NONE, NONE, PLAIN),
	PL(SET_DUMPABLE, DUMPABLE, NONE, NONE, NONE, PLAIN),
	PL(CAPBSET_DROP, CAP, NONE, NONE, NONE, PLAIN),
	PL(CAPBSET_READ, CAP, NONE, NONE, NONE, PLAIN),
	PL(SET_NAME, NAME_IN, NONE, NONE, NONE, PLAIN),
	PL(SET_PDEATHSIG, SIGNAL, NONE, NONE, NONE, PLAIN),
	PL(SET_PTRACER, PTRACER, NONE, NONE, NONE, PLAIN),
	PL(SET_SECUREBITS, SECBITS, NONE, NONE, NONE, PLAIN),
	PL(SET_TIMERSLACK, DEC, NONE, NONE, NONE, PLAIN),
	PL(SET_NO_NEW_PRIVS, UDEC, HEX, HEX, HEX, PLAIN),
	PL(SET_THP_DISABLE, UDEC, HEX, HEX, HEX, PLAIN),
	PL(SET_IO_FLUSHER, UDEC, HEX, HEX, HEX, PLAIN),
};
/* Anything else: the four arguments in hex. */
static const struct prctl_layout prctl_default = { -1, { PA_HEX, PA_HEX, PA_HEX, PA_HEX }, PR_RET_PLAIN };

static const struct prctl_layout *prctl_layout(const struct sc_arg_ctx *ctx)
{
	int option;

	if (!ctx || !ctx->args)
		return &prctl_default;
	option = (s32)(u32)ctx->args[0];
	for (size_t i = 0; i < ARRAY_SIZE(prctl_layouts); i++)
		if (prctl_layouts[i].option == option)
			return &prctl_layouts[i];
	return &prctl_default;
}

/* What argument idx (1..4: arg2..arg5) means to the option in args[0]. */
static enum prctl_arg prctl_arg_kind(const struct sc_arg_ctx *ctx, unsigned idx)
{
	if (idx < 1 || idx > 4)
		return PA_HEX;
	return prctl_layout(ctx)->arg[idx - 1];
}

#define TASK_COMM_LEN 16

/* PR_SET_NAME's string, as the kernel takes it: 15 bytes at most. */
static void print_prctl_name_in(struct outbuf *ob, u64 val, const struct sc_arg_ctx *ctx)
{
	size_t n, lim = TASK_COMM_LEN - 1;

	if (!ctx->str_valid || !ctx->str || ctx->str_is_buf) {
		bt_print_ptr(ob, val, ctx);
		return;
	}
	if (lim > ctx->string_limit)
		lim = ctx->string_limit;
	n = strnlen(ctx->str, ctx->str_len < lim ? ctx->str_len : lim);
	outbuf_quoted(ob, ctx->str, n, ctx->str_len > n || ctx->str_truncated);
}

static void print_prctl_arg(struct outbuf *ob, u64 val, const struct sc_arg_ctx *ctx, unsigned idx)
{
	const u8 *p;
	u32 u;
	u64 q;

	switch (prctl_arg_kind(ctx, idx)) {
	case PA_NONE:
	case PA_HEX:
		print_x(ob, val);
		break;
	case PA_UDEC:
		outbuf_u64(ob, val);
		break;
	case PA_DEC:
		outbuf_s64(ob, (s64)val);
		break;
	case PA_CAP:
		print_name_or_x(ob, &bt_capabilities, (s64)val);
		break;
	case PA_SIGNAL:
		if (val > 128)
			outbuf_u64(ob, val);
		else
			bfmt_signal.print(ob, val, ctx);
		break;
	case PA_DUMPABLE:
		print_name_or_x(ob, &bt_prctl_dumpable, (s64)val);
		break;
	case PA_SECBITS:
		beauty_flags(ob, &bt_prctl_secbits, val);
		break;
	case PA_PTRACER:
		if ((s32)(u32)val == -1)
			outbuf_puts(ob, "PR_SET_PTRACER_ANY");
		else
			outbuf_s64(ob, (s32)(u32)val);
		break;
	case PA_NAME_IN:
		print_prctl_name_in(ob, val, ctx);
		break;
	case PA_NAME_OUT:
		p = filled(ctx, TASK_COMM_LEN);
		if (!p || !val)
			bt_print_ptr(ob, val, ctx);
		else
			outbuf_quoted(ob, (const char *)p, strnlen((const char *)p, TASK_COMM_LEN),
				      strnlen((const char *)p, TASK_COMM_LEN) == TASK_COMM_LEN);
		break;
	case PA_UINT_OUT:
		if (take(ob, val, ctx, filled(ctx, sizeof(u)), &u, sizeof(u)))
			outbuf_printf(ob, "[%u]", u);
		break;
	case PA_SIG_OUT:
		if (take(ob, val, ctx, filled(ctx, sizeof(u)), &u, sizeof(u))) {
			outbuf_putc(ob, '[');
			bfmt_signal.print(ob, u, ctx);
			outbuf_putc(ob, ']');
		}
		break;
	case PA_PTR_OUT:
		if (take(ob, val, ctx, filled(ctx, sizeof(q)), &q, sizeof(q))) {
			outbuf_putc(ob, '[');
			bt_print_ptr(ob, q, ctx);
			outbuf_putc(ob, ']');
		}
		break;
	}
}

/* arg2: PR_SET_NAME's string at entry, or what a PR_GET_* wrote, at return. */
#define PRCTL_ARG_FMT(name, idx, ...)								\
	static void print_prctl_##name(struct outbuf *ob, u64 val, const struct sc_arg_ctx *ctx)	\
	{											\
		print_prctl_arg(ob, val, ctx, idx);						\
	}											\
	static bool show_prctl_##name(u64 val, const struct sc_arg_ctx *ctx)			\
	{											\
		return prctl_arg_kind(ctx, idx) != PA_NONE;					\
	}											\
	FMT(prctl_##name, print_prctl_##name, .show = show_prctl_##name, __VA_ARGS__)

/* arg2: PR_SET_NAME's string at entry, or what a PR_GET_* wrote, at return. */
PRCTL_ARG_FMT(arg2, 1, .is_string = true, CAP_FIXED(AT_EXIT, TASK_COMM_LEN));
PRCTL_ARG_FMT(arg3, 2);
PRCTL_ARG_FMT(arg4, 3);
PRCTL_ARG_FMT(arg5, 4);

/* PR_GET_DUMPABLE: 1 (SUID_DUMP_USER); PR_GET_SECUREBITS: 0x1 (SECBIT_NOROOT). */
bool bt_print_prctl_ret(struct outbuf *ob, s64 ret, const struct sc_arg_ctx *ctx)
{
	const char *name;

	if (!call_ok(ctx))
		return false;
	switch (prctl_layout(ctx)->ret) {
	case PR_RET_DUMPABLE:
		name = value_table_name(&bt_prctl_dumpable, ret);
		if (!name)
			return false;
		outbuf_printf(ob, "%lld (%s)", (long long)ret, name);
		return true;
	case PR_RET_SECBITS:
		if (!ret)
			return false;
		outbuf_hex(ob, (u64)ret);
		outbuf_puts(ob, " (");
		beauty_flags(ob, &bt_prctl_secbits, (u64)ret);
		outbuf_putc(ob, ')');
		return true;
	}
	return false;
}

/* ---- fcntl results ----------------------------------------------------------------- */

/* F_GETFD: 0x1 (flags FD_CLOEXEC); F_GETFL: 0x8002 (flags O_RDWR|O_LARGEFILE);
 * F_GETLEASE: 0x1 (F_WRLCK); F_GET_SEALS: 0x8 (seals F_SEAL_WRITE);
 * F_GETSIG: 10 (SIGUSR1); F_DUPFD: a descriptor. */
bool bt_print_fcntl_ret(struct outbuf *ob, s64 ret, const struct sc_arg_ctx *ctx)
{
	const char *name;
	int cmd;

	if (!call_ok(ctx) || !ctx->args)
		return false;
	cmd = (s32)(u32)ctx->args[1];
	switch (cmd) {
	case F_GETFD:
		if (!ret)
			return false;
		outbuf_hex(ob, (u64)ret);
		outbuf_puts(ob, " (flags ");
		beauty_flags_prefixed(ob, &bt_fd_flags, (u64)ret, "FD_");
		outbuf_putc(ob, ')');
		return true;
	case F_GETFL:
		print_x(ob, (u64)ret);
		outbuf_puts(ob, " (flags ");
		if (!ret)
			outbuf_puts(ob, "O_RDONLY");
		else
			beauty_flags_prefixed(ob, &bt_open_flags, (u64)ret, "O_");
		outbuf_putc(ob, ')');
		return true;
	case F_GETLEASE:
		print_x(ob, (u64)ret);
		name = value_table_name(&bt_lease_types, ret);
		if (name)
			outbuf_printf(ob, " (F_%s)", name);
		return true;
	case F_GET_SEALS:
		if (!ret)
			return false;
		outbuf_hex(ob, (u64)ret);
		outbuf_puts(ob, " (seals ");
		beauty_flags_prefixed(ob, &bt_seal_flags, (u64)ret, "F_");
		outbuf_putc(ob, ')');
		return true;
	case F_GETSIG:
		name = ret ? signal_name((int)ret) : NULL;
		if (!name)
			return false;
		outbuf_printf(ob, "%lld (%s)", (long long)ret, name);
		return true;
	case F_DUPFD:
	case F_DUPFD_CLOEXEC:
		sc_ret_print(ob, SC_RET_FD, ret, ctx);
		return true;
	}
	return false;
}

/* ---- ioctl: terminals and sockets ---------------------------------------------------- */

/* The kernel's struct termios (not the C library's, which is longer). */
struct k_termios {
	u32 c_iflag, c_oflag, c_cflag, c_lflag;
	u8 c_line;
	u8 c_cc[19];
};

struct k_ifreq {
	char ifr_name[16];
	union {
		s32 ivalue;             /* ifindex, metric, mtu, qlen */
		s16 flags;
		char name[16];
	} u;
	u8 pad[8];
};
#define IOCTL_ARG_COPY sizeof(struct k_ifreq)   /* the largest struct decoded */

enum ioctl_arg {
	IA_RAW,         /* the value in hex */
	IA_NONE,        /* the request takes no argument */
	IA_DEC,         /* an int passed by value */
	IA_TCXONC,      /* TCOOFF ... */
	IA_TCFLSH,      /* TCIFLUSH ... */
	IA_INT,         /* [N]: an int the call reads or writes */
	IA_TERMIOS,
	IA_WINSIZE,
	IA_IFREQ_NAME_IN,       /* {ifr_name="lo", ...} set */
	IA_IFREQ_INDEX,         /* SIOCGIFINDEX: {ifr_name="lo", ifr_ifindex=1} */
	IA_IFREQ_NAME,          /* SIOCGIFNAME: {ifr_ifindex=1, ifr_name="lo"} */
	IA_IFREQ_INT,           /* mtu, metric, qlen */
	IA_IFREQ_FLAGS,
};

struct ioctl_layout {
	u32 cmd;
	u8 kind;
	u8 when;                /* AT_ENTRY: what the call is given; AT_EXIT: what it fills */
	const char *field;      /* IA_IFREQ_INT: the field's name */
};

static const struct ioctl_layout ioctl_layouts[] = {
	{ TCGETS, IA_TERMIOS, AT_EXIT, NULL },
	{ TIOCGLCKTRMIOS, IA_TERMIOS, AT_EXIT, NULL },
	{ TCSETS, IA_TERMIOS, AT_ENTRY, NULL },
	{ TCSETSW, IA_TERMIOS, AT_ENTRY, NULL },
	{ TCSETSF, IA_TERMIOS, AT_ENTRY, NULL },
	{ TIOCSLCKTRMIOS, IA_TERMIOS, AT_ENTRY, NULL },
	{ TIOCGWINSZ, IA_WINSIZE, AT_EXIT, NULL },
	{ TIOCSWINSZ, IA_WINSIZE, AT_ENTRY, NULL },
	{ TCXONC, IA_TCXONC, AT_ENTRY, NULL },
	{ TCFLSH, IA_TCFLSH, AT_ENTRY, NULL },
	{ TCSBRK, IA_DEC, AT_ENTRY, NULL },
	{ TCSBRKP, IA_DEC, AT_ENTRY, NULL },
	{ TIOCSCTTY, IA_DEC, AT_ENTRY, NULL },
	{ TIOCGPGRP, IA_INT, AT_EXIT, NULL },
	{ TIOCGSID, IA_INT, AT_EXIT, NULL },
	{ TIOCGETD, IA_INT, AT_EXIT, NULL },
	{ TIOCGSOFTCAR, IA_INT, AT_EXIT, NULL },
	{ TIOCGPTN, IA_INT, AT_EXIT, NULL },
	{ FIONREAD, IA_INT, AT_EXIT, NULL },
	{ TIOCOUTQ, IA_INT, AT_EXIT, NULL },
	{ TIOCGEXCL, IA_INT, AT_EXIT, NULL },
	{ TIOCGDEV, IA_INT, AT_EXIT, NULL },
	{ TIOCSPGRP, IA_INT, AT_ENTRY, NULL },
	{ TIOCSETD, IA_INT, AT_ENTRY, NULL },
	{ FIONBIO, IA_INT, AT_ENTRY, NULL },
	{ FIOASYNC, IA_INT, AT_ENTRY, NULL },
	{ TIOCPKT, IA_INT, AT_ENTRY, NULL },
	{ TIOCSSOFTCAR, IA_INT, AT_ENTRY, NULL },
	{ TIOCSPTLCK, IA_INT, AT_ENTRY, NULL },
	{ TIOCSBRK, IA_NONE, AT_ENTRY, NULL },
	{ TIOCCBRK, IA_NONE, AT_ENTRY, NULL },
	{ TIOCCONS, IA_NONE, AT_ENTRY, NULL },
	{ TIOCNOTTY, IA_NONE, AT_ENTRY, NULL },
	{ TIOCEXCL, IA_NONE, AT_ENTRY, NULL },
	{ TIOCNXCL, IA_NONE, AT_ENTRY, NULL },
	{ FIOCLEX, IA_NONE, AT_ENTRY, NULL },
	{ FIONCLEX, IA_NONE, AT_ENTRY, NULL },
	{ TIOCVHANGUP, IA_NONE, AT_ENTRY, NULL },
	{ TIOCSSERIAL, IA_NONE, AT_ENTRY, NULL },
	/* sockets */
	{ FIOGETOWN, IA_INT, AT_EXIT, NULL },
	{ SIOCGPGRP, IA_INT, AT_EXIT, NULL },
	{ SIOCATMARK, IA_INT, AT_EXIT, NULL },
	{ SIOCOUTQNSD, IA_INT, AT_EXIT, NULL },
	{ FIOSETOWN, IA_INT, AT_ENTRY, NULL },
	{ SIOCSPGRP, IA_INT, AT_ENTRY, NULL },
	{ SIOCGIFINDEX, IA_IFREQ_INDEX, AT_EXIT, "ifr_ifindex" },
	{ SIOCGIFNAME, IA_IFREQ_NAME, AT_EXIT, NULL },
	{ SIOCGIFMTU, IA_IFREQ_INT, AT_EXIT, "ifr_mtu" },
	{ SIOCGIFMETRIC, IA_IFREQ_INT, AT_EXIT, "ifr_metric" },
	{ SIOCGIFTXQLEN, IA_IFREQ_INT, AT_EXIT, "ifr_qlen" },
	{ SIOCGIFFLAGS, IA_IFREQ_FLAGS, AT_EXIT, NULL },
	{ SIOCSIFMTU, IA_IFREQ_INT, AT_ENTRY, "ifr_mtu" },
	{ SIOCSIFMETRIC, IA_IFREQ_INT, AT_ENTRY, "ifr_metric" },
	{ SIOCSIFTXQLEN, IA_IFREQ_INT, AT_ENTRY, "ifr_qlen" },
	{ SIOCSIFFLAGS, IA_IFREQ_FLAGS, AT_ENTRY, NULL },
};

static const struct ioctl_layout *ioctl_layout(const struct sc_arg_ctx *ctx)
{
	u32 cmd;

	if (!ctx || !ctx->args)
		return NULL;
	cmd = (u32)ctx->args[1];
	for (size_t i = 0; i < ARRAY_SIZE(ioctl_layouts); i++)
		if (ioctl_layouts[i].cmd == cmd)
			return &ioctl_layouts[i];
	return NULL;
}

static bool show_ioctl_arg(u64 val, const struct sc_arg_ctx *ctx)
{
	const struct ioctl_layout *l = ioctl_layout(ctx);

	return !l || l->kind != IA_NONE;
}

static void print_termios(struct outbuf *ob, const struct k_termios *t, bool verbose)
{
	u32 cflag = t->c_cflag;

	outbuf_puts(ob, "{c_iflag=");
	beauty_flags(ob, &bt_term_iflags, t->c_iflag);
	outbuf_puts(ob, ", c_oflag=");
	beauty_flags(ob, &bt_term_odelays, t->c_oflag & (NLDLY | CRDLY | TABDLY | BSDLY | VTDLY | FFDLY));
	outbuf_putc(ob, '|');
	beauty_flags(ob, &bt_term_oflags, t->c_oflag & ~(u32)(NLDLY | CRDLY | TABDLY | BSDLY | VTDLY | FFDLY));
	outbuf_puts(ob, ", c_cflag=");
	print_name_or_x(ob, &bt_term_bauds, cflag & CBAUD);
	outbuf_putc(ob, '|');
	if (cflag & CIBAUD) {
		print_name_or_x(ob, &bt_term_bauds, (cflag & CIBAUD) >> 16);
		outbuf_puts(ob, "<<IBSHIFT|");
	}
	print_name_or_x(ob, &bt_term_csizes, cflag & CSIZE);
	outbuf_putc(ob, '|');
	beauty_flags(ob, &bt_term_cflags, cflag & ~(u32)(CBAUD | CIBAUD | CSIZE));
	outbuf_puts(ob, ", c_lflag=");
	beauty_flags(ob, &bt_term_lflags, t->c_lflag);
	if (!verbose) {
		outbuf_puts(ob, ", ...}");
		return;
	}
	outbuf_puts(ob, ", c_line=");
	print_name_or_x(ob, &bt_term_line_discs, t->c_line);
	outbuf_puts(ob, ", c_cc=[");
	for (unsigned i = 0; i < sizeof(t->c_cc); i++) {
		const char *name = value_table_name(&bt_term_ccs, i);
		if (i)
			outbuf_puts(ob, ", ");
		if (name)
			outbuf_printf(ob, "[%s]=", name);
		else
			outbuf_printf(ob, "[%u]=", i);
		print_x(ob, t->c_cc[i]);
	}
	outbuf_puts(ob, "]}");
}

static const struct value_name tcxonc_entries[] = {
	{ TCOOFF, "TCOOFF" }, { TCOON, "TCOON" }, { TCIOFF, "TCIOFF" }, { TCION, "TCION" },
};
static const struct value_table tcxonc_args = VALUE_TABLE(tcxonc_entries);
static const struct value_name tcflsh_entries[] = {
	{ TCIFLUSH, "TCIFLUSH" }, { TCOFLUSH, "TCOFLUSH" }, { TCIOFLUSH, "TCIOFLUSH" },
};
static const struct value_table tcflsh_args = VALUE_TABLE(tcflsh_entries);

/* The ifreq of a SIOCGIF* request: the name it was given (entry), then
 * what the call put there (return). */
static void print_ifreq(struct outbuf *ob, u64 val, const struct sc_arg_ctx *ctx, const struct ioctl_layout *l)
{
	const u8 *in = piece(ctx, AT_ENTRY, sizeof(struct k_ifreq));
	const u8 *out = l->when == AT_EXIT ? filled(ctx, sizeof(struct k_ifreq)) : NULL;
	struct k_ifreq r;

	if (!take(ob, val, ctx, in, &r, sizeof(r)))
		return;
	outbuf_putc(ob, '{');
	if (l->kind == IA_IFREQ_NAME)
		outbuf_printf(ob, "ifr_ifindex=%d", r.u.ivalue);
	else
		print_cstring_field_named(ob, "ifr_name=", r.ifr_name, sizeof(r.ifr_name));
	if (l->when == AT_EXIT) {
		if (!out) {
			outbuf_putc(ob, '}');
			return;
		}
		memcpy(&r, out, sizeof(r));
	}
	outbuf_puts(ob, ", ");
	switch (l->kind) {
	case IA_IFREQ_NAME:
		print_cstring_field_named(ob, "ifr_name=", r.ifr_name, sizeof(r.ifr_name));
		break;
	case IA_IFREQ_FLAGS:
		outbuf_puts(ob, "ifr_flags=");
		beauty_flags(ob, &bt_iff_flags, (u16)r.u.flags);
		break;
	default:
		outbuf_printf(ob, "%s=%d", l->field ? l->field : "ifr_ifindex", r.u.ivalue);
	}
	outbuf_putc(ob, '}');
}

static void print_ioctl_arg(struct outbuf *ob, u64 val, const struct sc_arg_ctx *ctx)
{
	const struct ioctl_layout *l = ioctl_layout(ctx);
	const u8 *p;
	struct k_termios t;
	u16 ws[4];
	s32 i;

	if (!l) {
		print_x(ob, val);
		return;
	}
	p = l->when == AT_EXIT ? filled(ctx, 0) : piece(ctx, AT_ENTRY, 0);
	switch (l->kind) {
	case IA_RAW:
	case IA_NONE:
		print_x(ob, val);
		break;
	case IA_DEC:
		outbuf_s64(ob, (s32)(u32)val);
		break;
	case IA_TCXONC:
		print_name_or_x(ob, &tcxonc_args, (s64)val);
		break;
	case IA_TCFLSH:
		print_name_or_x(ob, &tcflsh_args, (s64)val);
		break;
	case IA_INT:
		p = l->when == AT_EXIT ? filled(ctx, sizeof(i)) : piece(ctx, AT_ENTRY, sizeof(i));
		if (take(ob, val, ctx, p, &i, sizeof(i)))
			outbuf_printf(ob, "[%d]", i);
		break;
	case IA_TERMIOS:
		p = l->when == AT_EXIT ? filled(ctx, sizeof(t)) : piece(ctx, AT_ENTRY, sizeof(t));
		if (take(ob, val, ctx, p, &t, sizeof(t)))
			print_termios(ob, &t, ctx->verbose);
		break;
	case IA_WINSIZE:
		p = l->when == AT_EXIT ? filled(ctx, sizeof(ws)) : piece(ctx, AT_ENTRY, sizeof(ws));
		if (take(ob, val, ctx, p, ws, sizeof(ws)))
			outbuf_printf(ob, "{ws_row=%u, ws_col=%u, ws_xpixel=%u, ws_ypixel=%u}",
				      ws[0], ws[1], ws[2], ws[3]);
		break;
	default:
		print_ifreq(ob, val, ctx, l);
	}
}

FMT(ioctl_arg, print_ioctl_arg, .show = show_ioctl_arg,
    CAP_FIXED(AT_ENTRY | AT_EXIT, IOCTL_ARG_COPY));
