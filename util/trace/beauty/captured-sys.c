/* System information, printed from the pieces the BPF tracer copied by
 * rule (sc_cap_find, util/trace/bpf/syscall-record.h) as strace 6.1 prints
 * them by default: uname, sysinfo, statfs, resource limits and usage,
 * times, getrandom's bytes, CPU affinity masks, group lists, NUMA policies
 * and node masks, clone3's arguments; and the helpers captured-proc.c and
 * captured-ioctl.c share with it (bt_cap_*: finding a piece's bytes).
 *
 * Without a piece (the tracepoint backend, an unreadable address, a failed
 * call) an argument prints as its address, as strace prints it then. */
#include <linux/sched.h>
#include <linux/utsname.h>
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <unistd.h>

#include "util/trace/beauty/beauty-internal.h"
#include "util/trace/bpf/syscall-record.h"

#define FMT(name, fn, ...) \
	const struct sc_arg_fmt bfmt_##name = { .kind = #name, .print = fn, __VA_ARGS__ }

/* What the rules copy: FIXED structs at entry or at return. */
#define AT_ENTRY SCRY_CAP_ENTRY
#define AT_EXIT SCRY_CAP_EXIT

/* ---- finding the bytes ------------------------------------------------------- */

/* The bytes of this argument's piece taken at `when`, when it holds at
 * least `need` of them; NULL otherwise. */
const u8 *bt_cap_bytes(const struct sc_arg_ctx *ctx, unsigned when, size_t need)
{
	const struct sc_cap *c = sc_cap_find(ctx, -1, 0, when);

	if (!c || c->fault || c->len < need)
		return NULL;
	return c->data;
}

/* A struct the call filled: there only once it succeeded (a result that
 * is not an error). */
bool bt_cap_call_ok(const struct sc_arg_ctx *ctx)
{
	return ctx && ctx->ret_valid && !(ctx->ret < 0 && ctx->ret >= -4095);
}

const u8 *bt_cap_filled(const struct sc_arg_ctx *ctx, size_t need)
{
	return bt_cap_call_ok(ctx) ? bt_cap_bytes(ctx, AT_EXIT, need) : NULL;
}

/* Into dst, n bytes at p; without them, the address is printed instead
 * and false returned. */
bool bt_cap_take(struct outbuf *ob, u64 val, const struct sc_arg_ctx *ctx, const u8 *p, void *dst, size_t n)
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
void bt_print_x(struct outbuf *ob, u64 v)
{
	if (v)
		outbuf_hex(ob, v);
	else
		outbuf_putc(ob, '0');
}

/* Flags as strace's printflags prints them with a default: names (after
 * `prefix`) and the unknown rest in hex, "0" for none, and bits none of
 * which has a name in hex with the default in a comment
 * ("0x8 /\* MPOL_??? *\/"). */
void bt_print_flags_dflt(struct outbuf *ob, const struct flag_table *t, u64 val, const char *prefix,
			 const char *dflt)
{
	for (size_t i = 0; i < t->nr; i++) {
		const struct flag_name *e = &t->entries[i];
		u64 mask = e->mask ? e->mask : e->value;

		if (mask && (val & mask) == e->value) {
			beauty_flags_prefixed(ob, t, val, prefix);
			return;
		}
	}
	bt_print_x(ob, val);
	if (val)
		outbuf_printf(ob, " /* %s */", dflt);
}

void bt_print_name_or_x(struct outbuf *ob, const struct value_table *t, s64 v, const char *dflt)
{
	const char *name = value_table_name(t, v);

	if (name) {
		outbuf_puts(ob, name);
		return;
	}
	bt_print_x(ob, (u64)v);
	if (dflt)
		outbuf_printf(ob, " /* %s */", dflt);
}

/* A C string in a fixed-size field, as strace quotes one: up to its NUL;
 * without one, the first size - 1 bytes and "..." after. */
void bt_print_cstring_field(struct outbuf *ob, const char *s, size_t size)
{
	size_t n = strnlen(s, size);

	if (n == size && size)
		outbuf_quoted(ob, s, size - 1, true);
	else
		outbuf_quoted(ob, s, n, false);
}

void bt_print_cstring_field_named(struct outbuf *ob, const char *name, const char *s, size_t size)
{
	outbuf_puts(ob, name);
	bt_print_cstring_field(ob, s, size);
}

/* ---- uname, sysinfo, statfs ------------------------------------------------------ */

/* {sysname="Linux", nodename="vm", ...}; all six with -v. */
static void print_utsname(struct outbuf *ob, u64 val, const struct sc_arg_ctx *ctx)
{
	struct new_utsname u;

	if (!bt_cap_take(ob, val, ctx, bt_cap_filled(ctx, sizeof(u)), &u, sizeof(u)))
		return;
	outbuf_puts(ob, "{sysname=");
	bt_print_cstring_field(ob, u.sysname, sizeof(u.sysname));
	outbuf_puts(ob, ", nodename=");
	bt_print_cstring_field(ob, u.nodename, sizeof(u.nodename));
	if (!ctx->verbose) {
		outbuf_puts(ob, ", ...}");
		return;
	}
	outbuf_puts(ob, ", release=");
	bt_print_cstring_field(ob, u.release, sizeof(u.release));
	outbuf_puts(ob, ", version=");
	bt_print_cstring_field(ob, u.version, sizeof(u.version));
	outbuf_puts(ob, ", machine=");
	bt_print_cstring_field(ob, u.machine, sizeof(u.machine));
	outbuf_puts(ob, ", domainname=");
	bt_print_cstring_field(ob, u.domainname, sizeof(u.domainname));
	outbuf_putc(ob, '}');
}

static void print_sysinfo(struct outbuf *ob, u64 val, const struct sc_arg_ctx *ctx)
{
	struct sysinfo si;

	if (!bt_cap_take(ob, val, ctx, bt_cap_filled(ctx, sizeof(si)), &si, sizeof(si)))
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

	if (!bt_cap_take(ob, val, ctx, bt_cap_filled(ctx, sizeof(b)), &b, sizeof(b)))
		return;
	outbuf_puts(ob, "{f_type=");
	bt_print_name_or_x(ob, &bt_fs_magics, b.f_type, NULL);
	field_u(ob, ", f_bsize=", (u64)b.f_bsize);
	field_u(ob, ", f_blocks=", b.f_blocks);
	field_u(ob, ", f_bfree=", b.f_bfree);
	field_u(ob, ", f_bavail=", b.f_bavail);
	field_u(ob, ", f_files=", b.f_files);
	field_u(ob, ", f_ffree=", b.f_ffree);
	outbuf_puts(ob, ", f_fsid={val=[");
	bt_print_x(ob, b.f_fsid[0]);
	outbuf_puts(ob, ", ");
	bt_print_x(ob, b.f_fsid[1]);
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

	if (!bt_cap_take(ob, val, ctx, p, r, sizeof(r)))
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
	print_rlimit(ob, val, ctx, bt_cap_bytes(ctx, AT_ENTRY, 2 * sizeof(u64)));
}

/* ... and one it fills (getrlimit, prlimit64's old one). */
static void print_rlimit_out(struct outbuf *ob, u64 val, const struct sc_arg_ctx *ctx)
{
	print_rlimit(ob, val, ctx, bt_cap_filled(ctx, 2 * sizeof(u64)));
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

	if (!bt_cap_take(ob, val, ctx, bt_cap_filled(ctx, sizeof(ru)), &ru, sizeof(ru)))
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

	if (!bt_cap_take(ob, val, ctx, bt_cap_filled(ctx, sizeof(t)), t, sizeof(t)))
		return;
	for (int i = 0; i < 4; i++) {
		outbuf_puts(ob, names[i]);
		print_clock_ticks(ob, (u64)t[i]);
	}
	outbuf_putc(ob, '}');
}

/* wait4's: only when it reaped a child (a positive result). */
static void print_rusage_reaped(struct outbuf *ob, u64 val, const struct sc_arg_ctx *ctx)
{
	if (ctx && ctx->ret_valid && ctx->ret > 0)
		print_rusage(ob, val, ctx);
	else
		bt_print_ptr(ob, val, ctx);
}

FMT(rusage_out, print_rusage, CAP_FIXED(AT_EXIT, sizeof(struct rusage)));
FMT(rusage_reaped_out, print_rusage_reaped, CAP_FIXED(AT_EXIT, sizeof(struct rusage)));
FMT(tms_out, print_tms, CAP_FIXED(AT_EXIT, 4 * sizeof(s64)));

/* ---- getrandom ------------------------------------------------------------------- */

/* The bytes the call returned, every one as \xNN, the first -s of them. */
static void print_random_bytes(struct outbuf *ob, u64 val, const struct sc_arg_ctx *ctx)
{
	const struct sc_cap *c = bt_cap_call_ok(ctx) && ctx->ret > 0 ? sc_cap_find(ctx, -1, 0, AT_EXIT) : NULL;
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
	if (!bt_cap_call_ok(ctx)) {
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
	if (!bt_cap_call_ok(ctx)) {
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

	if (!bt_cap_take(ob, val, ctx, bt_cap_filled(ctx, sizeof(mode)), &mode, sizeof(mode)))
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
	if (!bt_cap_call_ok(ctx)) {
		bt_print_ptr(ob, val, ctx);
		return;
	}
	print_nodemask(ob, val, ctx, sc_cap_find(ctx, -1, 0, AT_EXIT));
}

static void print_mbind_flags(struct outbuf *ob, u64 val, const struct sc_arg_ctx *ctx)
{
	bt_print_flags_dflt(ob, &bt_mbind_flags, (u32)val, "", "MPOL_???");
}

static void print_get_mempolicy_flags(struct outbuf *ob, u64 val, const struct sc_arg_ctx *ctx)
{
	bt_print_flags_dflt(ob, &bt_get_mempolicy_flags, val, "", "MPOL_???");
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
	bt_print_flags_dflt(ob, &bt_clone_flags, a.flags, "CLONE_", "CLONE_???");
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
	bt_print_x(ob, a.stack_size);
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
	if ((a.flags & CLONE_PARENT_SETTID) && !(a.flags & CLONE_PIDFD) && bt_cap_call_ok(ctx) && ctx->ret > 0)
		outbuf_printf(ob, " => {parent_tid=[%lld]}", (long long)ctx->ret);
}

FMT(clone_args_in, print_clone_args, CAP_FIXED(AT_ENTRY, sizeof(struct k_clone_args)));
