/* Unit tests for the system-information printers (captured-sys.c): each
 * struct, array and per-operation argument printed from hand-made pieces
 * as strace 6.1 prints it, the address when a piece is missing, faulted
 * or the call failed, and the rules that tie them to their arguments. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <fcntl.h>
#include <linux/futex.h>
#include <linux/prctl.h>
#include <linux/sched.h>
#include <linux/utsname.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/sysinfo.h>
#include <termios.h>

#include "util/trace/beauty/beauty-internal.h"
#include "util/trace/beauty/beauty.h"
#include "util/trace/bpf/syscall-record.h"

/* ---- helpers ------------------------------------------------------------------ */

static void assert_ob_equal(struct outbuf *ob, const char *expected)
{
	char got[1024];

	snprintf(got, sizeof(got), "%s", outbuf_cstr(ob));
	outbuf_release(ob);
	assert_string_equal(got, expected);
}

/* A call: its arguments, its result, and up to four pieces. */
struct fake_call {
	u64 args[6];
	struct sc_cap caps[4];
	unsigned ncap;
	s64 ret;
	bool returned;
	bool verbose;
};

static void add_piece(struct fake_call *c, unsigned arg, unsigned when, const void *data, size_t len)
{
	struct sc_cap *p = &c->caps[c->ncap++];

	memset(p, 0, sizeof(*p));
	p->arg = (u8)arg;
	p->kind = SCRY_CAP_FIXED;
	p->when = (u8)when;
	p->len = (u16)len;
	p->aux = len;
	p->data = data;
}

static struct sc_arg_ctx ctx_of(const struct fake_call *c, unsigned idx)
{
	struct sc_arg_ctx ctx = {
		.args = c->args,
		.idx = idx,
		.pid = 42,
		.string_limit = 32,
		.ret = c->ret,
		.ret_valid = c->returned,
		.caps = c->caps,
		.ncap = c->ncap,
		.verbose = c->verbose,
	};
	return ctx;
}

/* Argument idx of sc, named and typed as the tracefs format has it. */
static void check(const char *sc, const char *arg, const char *type, const struct fake_call *c,
		  unsigned idx, const char *expected)
{
	const struct sc_arg_fmt *fmt = sc_arg_fmt_pick(sc, arg, type);
	struct sc_arg_ctx ctx = ctx_of(c, idx);
	struct outbuf ob;

	outbuf_init_mem(&ob);
	fmt->print(&ob, c->args[idx], &ctx);
	assert_ob_equal(&ob, expected);
}

static bool shown(const char *sc, const char *arg, const char *type, const struct fake_call *c, unsigned idx)
{
	const struct sc_arg_fmt *fmt = sc_arg_fmt_pick(sc, arg, type);
	struct sc_arg_ctx ctx = ctx_of(c, idx);

	return !fmt->show || fmt->show(c->args[idx], &ctx);
}

/* The whole result as the syscall's result printer (or the default) prints it. */
static void check_ret(const char *sc, const struct fake_call *c, const char *expected)
{
	const struct sc_ret_fmt *r = sc_ret_fmt_find(sc);
	struct sc_arg_ctx ctx = ctx_of(c, 0);
	struct outbuf ob;

	outbuf_init_mem(&ob);
	if (!r || !r->print(&ob, c->ret, &ctx))
		sc_ret_print(&ob, sc_ret_kind(sc), c->ret, &ctx);
	assert_ob_equal(&ob, expected);
}

#define ADDR 0x7ffd1000ULL

/* ---- uname, sysinfo, statfs ---------------------------------------------------- */

static void test_uname(void **state)
{
	struct new_utsname u;
	struct fake_call c = { .args = { ADDR }, .returned = true };

	memset(&u, 0, sizeof(u));
	strcpy(u.sysname, "Linux");
	strcpy(u.nodename, "vm");
	strcpy(u.release, "6.18.0");
	strcpy(u.version, "#1 SMP");
	strcpy(u.machine, "x86_64");
	strcpy(u.domainname, "(none)");
	add_piece(&c, 0, SCRY_CAP_EXIT, &u, sizeof(u));
	check("uname", "name", "struct new_utsname *", &c, 0, "{sysname=\"Linux\", nodename=\"vm\", ...}");
	/* A host name of 64 bytes, the most there is, whole; a field without
	 * its NUL, cut and "..." after. */
	memset(u.nodename, 'h', 64);
	check("uname", "name", "struct new_utsname *", &c, 0,
	      "{sysname=\"Linux\", nodename=\"hhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhh\", ...}");
	memset(u.nodename, 'h', sizeof(u.nodename));
	check("uname", "name", "struct new_utsname *", &c, 0,
	      "{sysname=\"Linux\", nodename=\"hhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhh\"..., ...}");
	memset(u.nodename, 0, sizeof(u.nodename));
	strcpy(u.nodename, "vm");
	c.verbose = true;
	check("uname", "name", "struct new_utsname *", &c, 0,
	      "{sysname=\"Linux\", nodename=\"vm\", release=\"6.18.0\", version=\"#1 SMP\", machine=\"x86_64\", domainname=\"(none)\"}");
	/* A failed call, an unfinished one, a short or faulted piece: the address. */
	c.ret = -14;
	check("uname", "name", "struct new_utsname *", &c, 0, "0x7ffd1000");
	c.ret = 0;
	c.returned = false;
	check("uname", "name", "struct new_utsname *", &c, 0, "0x7ffd1000");
	c.returned = true;
	c.caps[0].len = 10;
	check("uname", "name", "struct new_utsname *", &c, 0, "0x7ffd1000");
	c.caps[0].len = sizeof(u);
	c.caps[0].fault = true;
	check("uname", "name", "struct new_utsname *", &c, 0, "0x7ffd1000");
	/* The rule: the struct, copied at return. */
	assert_int_equal(sc_arg_fmt_pick("uname", "name", "struct new_utsname *")->cap.kind, SCRY_CAP_FIXED);
	assert_int_equal(sc_arg_fmt_pick("uname", "name", "struct new_utsname *")->cap.when, SCRY_CAP_EXIT);
	assert_int_equal(sc_arg_fmt_pick("uname", "name", "struct new_utsname *")->cap.size, sizeof(u));
}

static void test_sysinfo(void **state)
{
	struct sysinfo si;
	struct fake_call c = { .args = { ADDR }, .returned = true };

	memset(&si, 0, sizeof(si));
	si.uptime = 18139;
	si.loads[0] = 10368;
	si.loads[1] = 24640;
	si.loads[2] = 48896;
	si.totalram = 25276182528UL;
	si.freeram = 23364636672UL;
	si.sharedram = 10551296;
	si.bufferram = 40935424;
	si.procs = 139;
	si.mem_unit = 1;
	add_piece(&c, 0, SCRY_CAP_EXIT, &si, sizeof(si));
	check("sysinfo", "info", "struct sysinfo *", &c, 0,
	      "{uptime=18139, loads=[10368, 24640, 48896], totalram=25276182528, freeram=23364636672, "
	      "sharedram=10551296, bufferram=40935424, totalswap=0, freeswap=0, procs=139, totalhigh=0, "
	      "freehigh=0, mem_unit=1}");
}

static void test_statfs(void **state)
{
	struct {
		s64 f_type, f_bsize;
		u64 f_blocks, f_bfree, f_bavail, f_files, f_ffree;
		u32 f_fsid[2];
		s64 f_namelen, f_frsize, f_flags, f_spare[4];
	} b = {
		.f_type = 0xef53, .f_bsize = 4096, .f_blocks = 66053021, .f_bfree = 60705243,
		.f_bavail = 19736519, .f_files = 16777216, .f_ffree = 16318167,
		.f_fsid = { 0x86dae36e, 0x183121c2 }, .f_namelen = 255, .f_frsize = 4096,
		.f_flags = 0x1020,
	};
	struct fake_call c = { .args = { ADDR, ADDR + 0x100 }, .returned = true };

	assert_int_equal(sizeof(b), 120);
	add_piece(&c, 1, SCRY_CAP_EXIT, &b, sizeof(b));
	check("statfs", "buf", "struct statfs *", &c, 1,
	      "{f_type=EXT2_SUPER_MAGIC, f_bsize=4096, f_blocks=66053021, f_bfree=60705243, f_bavail=19736519, "
	      "f_files=16777216, f_ffree=16318167, f_fsid={val=[0x86dae36e, 0x183121c2]}, f_namelen=255, "
	      "f_frsize=4096, f_flags=ST_VALID|ST_RELATIME}");
	/* procfs; no ST_VALID: no f_flags; an unknown magic in hex. */
	b.f_type = 0x9fa0;
	b.f_fsid[0] = 0x15;
	b.f_fsid[1] = 0;
	b.f_flags = 0x1000;
	check("fstatfs", "buf", "struct statfs *", &c, 1,
	      "{f_type=PROC_SUPER_MAGIC, f_bsize=4096, f_blocks=66053021, f_bfree=60705243, f_bavail=19736519, "
	      "f_files=16777216, f_ffree=16318167, f_fsid={val=[0x15, 0]}, f_namelen=255, f_frsize=4096}");
	b.f_type = 0x12345;
	b.f_flags = 0x21;
	c.verbose = true;
	check("fstatfs", "buf", "struct statfs *", &c, 1,
	      "{f_type=0x12345, f_bsize=4096, f_blocks=66053021, f_bfree=60705243, f_bavail=19736519, "
	      "f_files=16777216, f_ffree=16318167, f_fsid={val=[0x15, 0]}, f_namelen=255, f_frsize=4096, "
	      "f_flags=ST_VALID|ST_RDONLY}");
}

/* ---- limits, usage, times -------------------------------------------------------- */

static void test_rlimits(void **state)
{
	u64 lim[2] = { 8192 * 1024, UINT64_MAX }, nofile[2] = { 20000, 20000 }, small[2] = { 1024, 1025 };
	struct fake_call c = { .args = { 0, RLIMIT_NOFILE, ADDR, ADDR + 0x10 }, .returned = true };

	add_piece(&c, 2, SCRY_CAP_ENTRY, nofile, sizeof(nofile));
	add_piece(&c, 3, SCRY_CAP_EXIT, lim, sizeof(lim));
	check("prlimit64", "new_rlim", "const struct rlimit64 *", &c, 2, "{rlim_cur=20000, rlim_max=20000}");
	check("prlimit64", "old_rlim", "struct rlimit64 *", &c, 3, "{rlim_cur=8192*1024, rlim_max=RLIM64_INFINITY}");
	/* The new limit is shown even when the call fails; the old one is not. */
	c.ret = -1;
	check("prlimit64", "new_rlim", "const struct rlimit64 *", &c, 2, "{rlim_cur=20000, rlim_max=20000}");
	check("prlimit64", "old_rlim", "struct rlimit64 *", &c, 3, "0x7ffd1010");
	c.ret = 0;
	c.args[2] = 0;
	check("prlimit64", "new_rlim", "const struct rlimit64 *", &c, 2, "NULL");
	/* 1024 itself is not written 1*1024. */
	c.caps[1].data = (const u8 *)small;
	check("getrlimit", "rlim", "struct rlimit *", &c, 3, "{rlim_cur=1024, rlim_max=1025}");
	c.caps[0].arg = 1;
	c.args[1] = ADDR;
	c.caps[0].data = (const u8 *)lim;
	check("setrlimit", "rlim", "struct rlimit *", &c, 1, "{rlim_cur=8192*1024, rlim_max=RLIM64_INFINITY}");
}

static void test_rusage_times(void **state)
{
	struct rusage ru;
	s64 t[4] = { 0, 5, 123, 0 };
	struct fake_call c = { .args = { RUSAGE_SELF, ADDR }, .returned = true };
	long hz = sysconf(_SC_CLK_TCK);

	memset(&ru, 0, sizeof(ru));
	ru.ru_stime.tv_usec = 2044;
	ru.ru_maxrss = 964;
	ru.ru_minflt = 57;
	ru.ru_nvcsw = 88;
	add_piece(&c, 1, SCRY_CAP_EXIT, &ru, sizeof(ru));
	check("getrusage", "ru", "struct rusage *", &c, 1,
	      "{ru_utime={tv_sec=0, tv_usec=0}, ru_stime={tv_sec=0, tv_usec=2044}, ...}");
	c.verbose = true;
	check("getrusage", "ru", "struct rusage *", &c, 1,
	      "{ru_utime={tv_sec=0, tv_usec=0}, ru_stime={tv_sec=0, tv_usec=2044}, ru_maxrss=964, ru_ixrss=0, "
	      "ru_idrss=0, ru_isrss=0, ru_minflt=57, ru_majflt=0, ru_nswap=0, ru_inblock=0, ru_oublock=0, "
	      "ru_msgsnd=0, ru_msgrcv=0, ru_nsignals=0, ru_nvcsw=88, ru_nivcsw=0}");

	/* wait4's: only once a child was reaped; waitid's whenever it succeeded. */
	c.verbose = false;
	c.args[0] = (u64)-1;
	c.args[3] = ADDR;
	c.caps[0].arg = 3;
	c.ret = 0;
	check("wait4", "ru", "struct rusage *", &c, 3, "0x7ffd1000");
	c.ret = 1234;
	check("wait4", "ru", "struct rusage *", &c, 3,
	      "{ru_utime={tv_sec=0, tv_usec=0}, ru_stime={tv_sec=0, tv_usec=2044}, ...}");
	c.args[4] = ADDR;
	c.caps[0].arg = 4;
	c.ret = 0;
	check("waitid", "ru", "struct rusage *", &c, 4,
	      "{ru_utime={tv_sec=0, tv_usec=0}, ru_stime={tv_sec=0, tv_usec=2044}, ...}");

	/* times returns clock ticks since boot: a big positive number. */
	memset(&c, 0, sizeof(c));
	c.args[0] = ADDR;
	c.returned = true;
	c.ret = 1719770480;
	add_piece(&c, 0, SCRY_CAP_EXIT, t, sizeof(t));
	if (hz == 100)
		check("times", "tbuf", "struct tms *", &c, 0,
		      "{tms_utime=0, tms_stime=5 /* 0.05 s */, tms_cutime=123 /* 1.23 s */, tms_cstime=0}");
	t[1] = t[2] = 0;
	check("times", "tbuf", "struct tms *", &c, 0, "{tms_utime=0, tms_stime=0, tms_cutime=0, tms_cstime=0}");
	c.ret = -14;
	check("times", "tbuf", "struct tms *", &c, 0, "0x7ffd1000");
}

/* ---- getrandom, CPU masks, groups, NUMA -------------------------------------------- */

static void test_getrandom(void **state)
{
	u8 bytes[40];
	struct fake_call c = { .args = { ADDR, 16, 1 }, .returned = true, .ret = 4 };

	for (unsigned i = 0; i < sizeof(bytes); i++)
		bytes[i] = (u8)(0x40 + i);
	bytes[0] = 0;
	add_piece(&c, 0, SCRY_CAP_EXIT, bytes, 4);
	c.caps[0].kind = SCRY_CAP_RETLEN;
	check("getrandom", "ubuf", "char *", &c, 0, "\"\\x00\\x41\\x42\\x43\"");
	/* More than -s: 32 bytes, then "...". */
	c.ret = 40;
	c.caps[0].len = 32;
	c.caps[0].trunc = true;
	check("getrandom", "ubuf", "char *", &c, 0,
	      "\"\\x00\\x41\\x42\\x43\\x44\\x45\\x46\\x47\\x48\\x49\\x4a\\x4b\\x4c\\x4d\\x4e\\x4f"
	      "\\x50\\x51\\x52\\x53\\x54\\x55\\x56\\x57\\x58\\x59\\x5a\\x5b\\x5c\\x5d\\x5e\\x5f\"...");
	c.ret = -11;
	check("getrandom", "ubuf", "char *", &c, 0, "0x7ffd1000");
	/* The rule: as many bytes as the result, up to --string-limit. */
	assert_int_equal(sc_arg_fmt_pick("getrandom", "ubuf", "char *")->cap.kind, SCRY_CAP_RETLEN);
	assert_int_equal(sc_arg_fmt_pick("getrandom", "ubuf", "char *")->cap.max, SC_CAP_MAX_STRLIMIT);
}

static void test_cpu_masks(void **state)
{
	u8 mask[128];
	struct fake_call c = { .args = { 0, 128, ADDR }, .returned = true, .ret = 32 };

	memset(mask, 0, sizeof(mask));
	mask[0] = 0x3;
	add_piece(&c, 2, SCRY_CAP_EXIT, mask, 32);
	check("sched_getaffinity", "user_mask_ptr", "unsigned long *", &c, 2, "[0 1]");
	mask[1] = 0x80;
	mask[31] = 0x80;
	check("sched_getaffinity", "user_mask_ptr", "unsigned long *", &c, 2, "[0 1 15 255]");
	c.ret = -22;
	check("sched_getaffinity", "user_mask_ptr", "unsigned long *", &c, 2, "0x7ffd1000");
	/* setaffinity: as many bytes as its len argument, at entry. */
	c.ret = 0;
	c.caps[0].when = SCRY_CAP_ENTRY;
	c.caps[0].len = 128;
	check("sched_setaffinity", "user_mask_ptr", "unsigned long *", &c, 2, "[0 1 15 255]");
	c.args[1] = 0;
	check("sched_setaffinity", "user_mask_ptr", "unsigned long *", &c, 2, "[]");
	assert_int_equal(sc_arg_fmt_pick("sched_setaffinity", "user_mask_ptr", "unsigned long *")->cap.len_arg, 1);
}

static void test_groups(void **state)
{
	u32 gids[40];
	struct fake_call c = { .args = { 64, ADDR }, .returned = true, .ret = 2 };

	for (unsigned i = 0; i < 40; i++)
		gids[i] = i * 2;
	gids[1] = 4;
	add_piece(&c, 1, SCRY_CAP_EXIT, gids, 8);
	check("getgroups", "grouplist", "gid_t *", &c, 1, "[0, 4]");
	c.ret = 0;
	check("getgroups", "grouplist", "gid_t *", &c, 1, "[]");
	c.args[1] = 0;
	check("getgroups", "grouplist", "gid_t *", &c, 1, "NULL");
	c.args[1] = ADDR;
	c.ret = -22;
	check("getgroups", "grouplist", "gid_t *", &c, 1, "0x7ffd1000");
	/* setgroups: args[0] of them at entry; past -s, "...". */
	c.ret = 0;
	c.args[0] = 40;
	c.caps[0].when = SCRY_CAP_ENTRY;
	c.caps[0].len = sizeof(gids);
	gids[2] = UINT32_MAX;
	check("setgroups", "grouplist", "gid_t *", &c, 1,
	      "[0, 4, -1, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30, 32, 34, 36, 38, 40, 42, 44, 46, "
	      "48, 50, 52, 54, 56, 58, 60, 62, ...]");
	c.args[0] = 1;
	check("setgroups", "grouplist", "gid_t *", &c, 1, "[0]");
}

static void test_numa(void **state)
{
	s32 mode = 0;
	u64 nodes[2] = { 1, 0 };
	struct fake_call c = { .args = { ADDR, ADDR + 0x10, 128, 0, 4 }, .returned = true };

	add_piece(&c, 0, SCRY_CAP_EXIT, &mode, sizeof(mode));
	add_piece(&c, 1, SCRY_CAP_EXIT, nodes, sizeof(nodes));
	c.caps[1].kind = SCRY_CAP_BITS;
	check("get_mempolicy", "policy", "int *", &c, 0, "[MPOL_DEFAULT]");
	check("get_mempolicy", "nmask", "unsigned long *", &c, 1, "[0x00000000000001, 0000000000000000]");
	check("get_mempolicy", "flags", "unsigned long", &c, 4, "MPOL_F_MEMS_ALLOWED");
	mode = 2;
	check("get_mempolicy", "policy", "int *", &c, 0, "[MPOL_BIND]");
	mode = 9;
	check("get_mempolicy", "policy", "int *", &c, 0, "[0x9 /* MPOL_??? */]");
	/* maxnode 65: 64 bits in one word. */
	c.args[2] = 65;
	check("get_mempolicy", "nmask", "unsigned long *", &c, 1, "[0x00000000000001]");

	/* set_mempolicy(mode, nmask, maxnode), at entry. */
	memset(&c, 0, sizeof(c));
	c.args[0] = 2 | (1 << 15);
	c.args[1] = ADDR;
	c.args[2] = 3;
	add_piece(&c, 1, SCRY_CAP_ENTRY, nodes, 8);
	c.caps[0].kind = SCRY_CAP_BITS;
	check("set_mempolicy", "mode", "int", &c, 0, "MPOL_BIND|MPOL_F_STATIC_NODES");
	check("set_mempolicy", "nmask", "const unsigned long *", &c, 1, "[0x00000000000001]");
	c.args[0] = 0;
	check("set_mempolicy", "mode", "int", &c, 0, "MPOL_DEFAULT");
	c.args[1] = 0;
	check("set_mempolicy", "nmask", "const unsigned long *", &c, 1, "NULL");
	check("mbind", "flags", "unsigned int", &(struct fake_call){ .args = { 0, 0, 0, 0, 0, 3 } }, 5,
	      "MPOL_MF_STRICT|MPOL_MF_MOVE");
	check("mbind", "mode", "unsigned long", &(struct fake_call){ .args = { 0, 0, 4 } }, 2, "MPOL_LOCAL");
	check("mbind", "flags", "unsigned int", &(struct fake_call){ .args = { 0, 0, 0, 0, 0, 8 } }, 5,
	      "0x8 /* MPOL_??? */");
	check("mbind", "flags", "unsigned int", &(struct fake_call){ .args = { 0, 0, 0, 0, 0, 9 } }, 5,
	      "MPOL_MF_STRICT|0x8");
	check("mbind", "flags", "unsigned int", &(struct fake_call){ .args = { 0 } }, 5, "0");
}

/* ---- clone3 ------------------------------------------------------------------------ */

static void test_clone3(void **state)
{
	struct clone_args a;
	struct fake_call c = { .args = { ADDR, sizeof(a) }, .returned = true, .ret = 4321 };

	assert_int_equal(sizeof(a), 88);
	memset(&a, 0, sizeof(a));
	a.exit_signal = SIGCHLD;
	add_piece(&c, 0, SCRY_CAP_ENTRY, &a, sizeof(a));
	check("clone3", "uargs", "struct clone_args *", &c, 0,
	      "{flags=0, exit_signal=SIGCHLD, stack=NULL, stack_size=0}");
	/* A thread, as the C library makes one. */
	a.flags = CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD | CLONE_SYSVSEM |
		  CLONE_SETTLS | CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID;
	a.child_tid = a.parent_tid = 0x7f0000000990;
	a.exit_signal = 0;
	a.stack = 0x7f0000000000;
	a.stack_size = 0x7fff80;
	a.tls = 0x7f00000006c0;
	check("clone3", "uargs", "struct clone_args *", &c, 0,
	      "{flags=CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD|CLONE_SYSVSEM|CLONE_SETTLS|"
	      "CLONE_PARENT_SETTID|CLONE_CHILD_CLEARTID, child_tid=0x7f0000000990, parent_tid=0x7f0000000990, "
	      "exit_signal=0, stack=0x7f0000000000, stack_size=0x7fff80, tls=0x7f00000006c0} => {parent_tid=[4321]}");
	/* The child's own return, a failure: no " => ". */
	c.ret = 0;
	check("clone3", "uargs", "struct clone_args *", &c, 0,
	      "{flags=CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD|CLONE_SYSVSEM|CLONE_SETTLS|"
	      "CLONE_PARENT_SETTID|CLONE_CHILD_CLEARTID, child_tid=0x7f0000000990, parent_tid=0x7f0000000990, "
	      "exit_signal=0, stack=0x7f0000000000, stack_size=0x7fff80, tls=0x7f00000006c0}");
	/* A size below the first version: the address. */
	c.args[1] = 32;
	check("clone3", "uargs", "struct clone_args *", &c, 0, "0x7ffd1000");
}

/* ---- futex ------------------------------------------------------------------------- */

static void test_futex(void **state)
{
	static const char *const names[6] = { "uaddr", "op", "val", "utime", "uaddr2", "val3" };
	static const char *const types[6] = { "u32 *", "int", "u32", "const struct __kernel_timespec *", "u32 *", "u32" };
	s64 ts[2] = { 0, 1000 };
	struct fake_call c = { .args = { ADDR, FUTEX_WAKE_PRIVATE, 1, 0x55, 0x66, 0x77 }, .returned = true };
	char line[256];

	add_piece(&c, 3, SCRY_CAP_ENTRY, ts, sizeof(ts));
	/* FUTEX_WAKE: val only. */
	assert_true(shown("futex", "val", "u32", &c, 2));
	assert_false(shown("futex", "utime", types[3], &c, 3));
	assert_false(shown("futex", "uaddr2", "u32 *", &c, 4));
	assert_false(shown("futex", "val3", "u32", &c, 5));
	check("futex", "val", "u32", &c, 2, "1");
	/* FUTEX_WAIT: the timeout, as a struct. */
	c.args[1] = FUTEX_WAIT_PRIVATE;
	assert_true(shown("futex", "utime", types[3], &c, 3));
	assert_false(shown("futex", "uaddr2", "u32 *", &c, 4));
	check("futex", "utime", types[3], &c, 3, "{tv_sec=0, tv_nsec=1000}");
	c.args[3] = 0;
	check("futex", "utime", types[3], &c, 3, "NULL");
	c.args[3] = 0x55;
	/* FUTEX_WAIT_BITSET: and the bitset, named. */
	c.args[1] = FUTEX_WAIT_BITSET | FUTEX_CLOCK_REALTIME;
	c.args[5] = FUTEX_BITSET_MATCH_ANY;
	assert_true(shown("futex", "val3", "u32", &c, 5));
	assert_false(shown("futex", "uaddr2", "u32 *", &c, 4));
	check("futex", "val3", "u32", &c, 5, "FUTEX_BITSET_MATCH_ANY");
	c.args[5] = 0x10;
	check("futex", "val3", "u32", &c, 5, "0x10");
	/* FUTEX_CMP_REQUEUE: val, val2 (in utime's place), uaddr2, val3. */
	c.args[1] = FUTEX_CMP_REQUEUE_PRIVATE;
	c.args[3] = 2147483647;
	c.args[5] = 3;
	check("futex", "utime", types[3], &c, 3, "2147483647");
	check("futex", "uaddr2", "u32 *", &c, 4, "0x66");
	check("futex", "val3", "u32", &c, 5, "3");
	/* FUTEX_WAKE_OP: val3 taken apart. */
	c.args[1] = FUTEX_WAKE_OP_PRIVATE;
	c.args[5] = FUTEX_OP(FUTEX_OP_SET, 0, FUTEX_OP_CMP_GT, 1);
	check("futex", "val3", "u32", &c, 5, "FUTEX_OP_SET<<28|0<<12|FUTEX_OP_CMP_GT<<24|0x1");
	/* FUTEX_UNLOCK_PI: nothing after the op. */
	c.args[1] = FUTEX_UNLOCK_PI_PRIVATE;
	for (unsigned i = 2; i < 6; i++) {
		snprintf(line, sizeof(line), "%s shown for FUTEX_UNLOCK_PI", names[i]);
		if (shown("futex", names[i], types[i], &c, i))
			fail_msg("%s", line);
	}
}

/* ---- prctl ------------------------------------------------------------------------- */

static void test_prctl(void **state)
{
	char comm[16] = "scry-dec-sys";
	u32 sig = SIGTERM;
	struct fake_call c = { .args = { PR_SET_NAME, ADDR, 0, 0, 0 }, .returned = true };
	const struct sc_arg_fmt *arg2 = sc_arg_fmt_pick("prctl", "arg2", "unsigned long");
	struct sc_arg_ctx ctx;
	struct outbuf ob;

	/* PR_SET_NAME: the string (the tracer's string slot), alone. */
	assert_true(arg2->is_string);
	ctx = ctx_of(&c, 1);
	ctx.str = "a-much-longer-name-than-fits";
	ctx.str_len = strlen(ctx.str);
	ctx.str_valid = true;
	outbuf_init_mem(&ob);
	arg2->print(&ob, ADDR, &ctx);
	assert_ob_equal(&ob, "\"a-much-longer-n\"...");
	ctx.str = "scry";
	ctx.str_len = 4;
	outbuf_init_mem(&ob);
	arg2->print(&ob, ADDR, &ctx);
	assert_ob_equal(&ob, "\"scry\"");
	/* 15 bytes and no NUL among them: strace adds "..." too. */
	ctx.str = "fifteen-bytes-x";
	ctx.str_len = 15;
	outbuf_init_mem(&ob);
	arg2->print(&ob, ADDR, &ctx);
	assert_ob_equal(&ob, "\"fifteen-bytes-x\"...");
	ctx.str = "scry-dec-sys";
	ctx.str_len = 12;
	ctx.string_limit = 4;
	outbuf_init_mem(&ob);
	arg2->print(&ob, ADDR, &ctx);
	assert_ob_equal(&ob, "\"scry\"...");
	assert_false(shown("prctl", "arg3", "unsigned long", &c, 2));
	assert_false(shown("prctl", "arg5", "unsigned long", &c, 4));
	/* PR_GET_NAME: what the kernel wrote. */
	c.args[0] = PR_GET_NAME;
	add_piece(&c, 1, SCRY_CAP_EXIT, comm, sizeof(comm));
	check("prctl", "arg2", "unsigned long", &c, 1, "\"scry-dec-sys\"");
	memcpy(comm, "fifteen-bytes-x", 16);
	check("prctl", "arg2", "unsigned long", &c, 1, "\"fifteen-bytes-x\"");
	/* PR_GET_PDEATHSIG: [SIGTERM]. */
	c.args[0] = PR_GET_PDEATHSIG;
	c.caps[0].data = (const u8 *)&sig;
	c.caps[0].len = sizeof(sig);
	check("prctl", "arg2", "unsigned long", &c, 1, "[SIGTERM]");
	c.ret = -14;
	check("prctl", "arg2", "unsigned long", &c, 1, "0x7ffd1000");
	c.ret = 0;
	/* PR_CAPBSET_READ: a capability. */
	c.args[0] = PR_CAPBSET_READ;
	c.args[1] = 0;
	check("prctl", "arg2", "unsigned long", &c, 1, "CAP_CHOWN");
	c.args[1] = 21;
	check("prctl", "arg2", "unsigned long", &c, 1, "CAP_SYS_ADMIN");
	c.args[1] = 99;
	check("prctl", "arg2", "unsigned long", &c, 1, "0x63 /* CAP_??? */");
	c.args[0] = PR_SET_DUMPABLE;
	c.args[1] = 7;
	check("prctl", "arg2", "unsigned long", &c, 1, "0x7 /* SUID_DUMP_??? */");
	c.args[1] = 1;
	check("prctl", "arg2", "unsigned long", &c, 1, "SUID_DUMP_USER");
	/* PR_GET_DUMPABLE: no arguments, its result named. */
	c.args[0] = PR_GET_DUMPABLE;
	assert_false(shown("prctl", "arg2", "unsigned long", &c, 1));
	c.ret = 1;
	check_ret("prctl", &c, "1 (SUID_DUMP_USER)");
	c.ret = -22;
	check_ret("prctl", &c, "-1 EINVAL (Invalid argument)");
	/* PR_SET_NO_NEW_PRIVS: 1, then the rest in hex. */
	c.args[0] = PR_SET_NO_NEW_PRIVS;
	c.args[1] = 1;
	c.ret = 0;
	check("prctl", "arg2", "unsigned long", &c, 1, "1");
	check("prctl", "arg3", "unsigned long", &c, 2, "0");
	check_ret("prctl", &c, "0");
	/* An option with no layout: everything in hex. */
	c.args[0] = PR_SET_MM;
	c.args[3] = 0x10;
	assert_true(shown("prctl", "arg5", "unsigned long", &c, 4));
	check("prctl", "arg4", "unsigned long", &c, 3, "0x10");
}

/* prctl's sub-commands: what follows depends on them. */
static void test_prctl_subcommands(void **state)
{
	struct { u16 len; u16 pad[3]; u64 filter; } fp = { 1, { 0 }, 0x7ffd2000 };
	struct fake_call c = { .args = { PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, 21, 0, 0 }, .returned = true };
	const struct sc_arg_fmt *arg5 = sc_arg_fmt_pick("prctl", "arg5", "unsigned long");
	struct sc_arg_ctx ctx;
	struct outbuf ob;

	check("prctl", "arg2", "unsigned long", &c, 1, "PR_CAP_AMBIENT_RAISE");
	check("prctl", "arg3", "unsigned long", &c, 2, "CAP_SYS_ADMIN");
	c.args[1] = PR_CAP_AMBIENT_CLEAR_ALL;
	check("prctl", "arg3", "unsigned long", &c, 2, "0x15");
	c.args[1] = 9;
	check("prctl", "arg2", "unsigned long", &c, 1, "0x9 /* PR_CAP_AMBIENT_??? */");
	assert_true(shown("prctl", "arg5", "unsigned long", &c, 4));

	c.args[0] = PR_MCE_KILL;
	c.args[1] = PR_MCE_KILL_SET;
	c.args[2] = PR_MCE_KILL_EARLY;
	check("prctl", "arg3", "unsigned long", &c, 2, "PR_MCE_KILL_EARLY");
	c.args[1] = PR_MCE_KILL_CLEAR;
	check("prctl", "arg2", "unsigned long", &c, 1, "PR_MCE_KILL_CLEAR");
	check("prctl", "arg3", "unsigned long", &c, 2, "0x1");
	c.args[0] = PR_MCE_KILL_GET;
	c.ret = 2;
	check_ret("prctl", &c, "2 (PR_MCE_KILL_DEFAULT)");

	/* PR_GET_SPECULATION_CTRL: the command alone, its result's bits. */
	c.args[0] = PR_GET_SPECULATION_CTRL;
	c.args[1] = PR_SPEC_STORE_BYPASS;
	assert_false(shown("prctl", "arg3", "unsigned long", &c, 2));
	check("prctl", "arg2", "unsigned long", &c, 1, "PR_SPEC_STORE_BYPASS");
	check_ret("prctl", &c, "0x2 (PR_SPEC_ENABLE)");
	c.ret = 0x9;
	check_ret("prctl", &c, "0x9 (PR_SPEC_PRCTL|PR_SPEC_FORCE_DISABLE)");
	c.ret = 0;
	check_ret("prctl", &c, "0 (PR_SPEC_NOT_AFFECTED)");
	c.args[1] = 7;
	c.ret = 5;
	check_ret("prctl", &c, "5");
	c.args[0] = PR_SET_SPECULATION_CTRL;
	c.args[1] = PR_SPEC_INDIRECT_BRANCH;
	c.args[2] = 1 << 2;
	check("prctl", "arg3", "unsigned long", &c, 2, "PR_SPEC_DISABLE");
	assert_false(shown("prctl", "arg4", "unsigned long", &c, 3));

	/* PR_SET_SECCOMP: strict takes nothing more, a filter its program. */
	c.args[0] = PR_SET_SECCOMP;
	c.args[1] = 1;
	assert_false(shown("prctl", "arg3", "unsigned long", &c, 2));
	c.args[1] = 2;
	c.args[2] = ADDR;
	add_piece(&c, 2, SCRY_CAP_ENTRY, &fp, sizeof(fp));
	assert_true(shown("prctl", "arg3", "unsigned long", &c, 2));
	assert_false(shown("prctl", "arg4", "unsigned long", &c, 3));
	check("prctl", "arg2", "unsigned long", &c, 1, "SECCOMP_MODE_FILTER");
	check("prctl", "arg3", "unsigned long", &c, 2, "{len=1, filter=0x7ffd2000}");
	c.args[1] = 7;
	check("prctl", "arg2", "unsigned long", &c, 1, "0x7 /* SECCOMP_MODE_??? */");
	check("prctl", "arg3", "unsigned long", &c, 2, "0x7ffd1000");
	assert_true(shown("prctl", "arg5", "unsigned long", &c, 4));

	/* PR_SET_MM: the field's name, then hex. */
	c.args[0] = PR_SET_MM;
	c.args[1] = PR_SET_MM_START_CODE;
	c.args[2] = 0x1000;
	check("prctl", "arg2", "unsigned long", &c, 1, "PR_SET_MM_START_CODE");
	check("prctl", "arg3", "unsigned long", &c, 2, "0x1000");

	/* PR_SET_VMA_ANON_NAME: address, length, name (the string slot). */
	c.args[0] = PR_SET_VMA;
	c.args[1] = 0;
	c.args[3] = 4096;
	c.args[4] = ADDR;
	check("prctl", "arg2", "unsigned long", &c, 1, "PR_SET_VMA_ANON_NAME");
	check("prctl", "arg4", "unsigned long", &c, 3, "4096");
	assert_true(arg5->is_string);
	ctx = ctx_of(&c, 4);
	ctx.str = "scry-vma";
	ctx.str_len = 8;
	ctx.str_valid = true;
	outbuf_init_mem(&ob);
	arg5->print(&ob, ADDR, &ctx);
	assert_ob_equal(&ob, "\"scry-vma\"");
	c.args[1] = 1;
	check("prctl", "arg4", "unsigned long", &c, 3, "0x1000");
}

/* ---- fcntl results ------------------------------------------------------------------ */

static void test_fcntl_ret(void **state)
{
	struct fake_call c = { .args = { 3, F_GETFD }, .returned = true, .ret = 1 };

	check_ret("fcntl", &c, "0x1 (flags FD_CLOEXEC)");
	c.ret = 0;
	check_ret("fcntl", &c, "0");
	c.args[1] = F_GETFL;
	c.ret = 0x8002;
	check_ret("fcntl", &c, "0x8002 (flags O_RDWR|O_LARGEFILE)");
	c.ret = 0;
	check_ret("fcntl", &c, "0 (flags O_RDONLY)");
	c.ret = 0x8800;
	check_ret("fcntl", &c, "0x8800 (flags O_RDONLY|O_NONBLOCK|O_LARGEFILE)");
	c.ret = -9;
	check_ret("fcntl", &c, "-1 EBADF (Bad file descriptor)");
	c.args[1] = F_SETFD;
	c.ret = 0;
	check_ret("fcntl", &c, "0");
	c.args[1] = F_GET_SEALS;
	c.ret = 8;
	check_ret("fcntl", &c, "0x8 (seals F_SEAL_WRITE)");
	c.args[1] = F_GETLEASE;
	c.ret = F_UNLCK;
	check_ret("fcntl", &c, "0x2 (F_UNLCK)");
	c.args[1] = F_GETSIG;
	c.ret = SIGUSR1;
	check_ret("fcntl", &c, "10 (SIGUSR1)");
}

/* ---- ioctl -------------------------------------------------------------------------- */

static void test_ioctl(void **state)
{
	struct {
		u32 c_iflag, c_oflag, c_cflag, c_lflag;
		u8 c_line;
		u8 c_cc[19];
	} t = {
		.c_iflag = ICRNL | IXON, .c_oflag = OPOST | ONLCR, .c_cflag = B38400 | CS8 | CREAD,
		.c_lflag = ISIG | ICANON | ECHO | ECHOE | ECHOK | IEXTEN | ECHOCTL | ECHOKE,
		.c_cc = { 3, 0x1c, 0x7f, 0x15, 4, 0, 1, 0, 0x11, 0x13, 0x1a, 0, 0x12, 0xf, 0x17, 0x16 },
	};
	u16 ws[4] = { 24, 80, 0, 0 };
	s32 n = 5;
	struct fake_call c = { .args = { 3, TCGETS, ADDR }, .returned = true };

	assert_int_equal(sizeof(t), 36);
	add_piece(&c, 2, SCRY_CAP_EXIT, &t, sizeof(t));
	check("ioctl", "arg", "unsigned long", &c, 2,
	      "{c_iflag=ICRNL|IXON, c_oflag=NL0|CR0|TAB0|BS0|VT0|FF0|OPOST|ONLCR, c_cflag=B38400|CS8|CREAD, "
	      "c_lflag=ISIG|ICANON|ECHO|ECHOE|ECHOK|IEXTEN|ECHOCTL|ECHOKE, ...}");
	c.verbose = true;
	check("ioctl", "arg", "unsigned long", &c, 2,
	      "{c_iflag=ICRNL|IXON, c_oflag=NL0|CR0|TAB0|BS0|VT0|FF0|OPOST|ONLCR, c_cflag=B38400|CS8|CREAD, "
	      "c_lflag=ISIG|ICANON|ECHO|ECHOE|ECHOK|IEXTEN|ECHOCTL|ECHOKE, c_line=N_TTY, c_cc=[[VINTR]=0x3, "
	      "[VQUIT]=0x1c, [VERASE]=0x7f, [VKILL]=0x15, [VEOF]=0x4, [VTIME]=0, [VMIN]=0x1, [VSWTC]=0, "
	      "[VSTART]=0x11, [VSTOP]=0x13, [VSUSP]=0x1a, [VEOL]=0, [VREPRINT]=0x12, [VDISCARD]=0xf, "
	      "[VWERASE]=0x17, [VLNEXT]=0x16, [VEOL2]=0, [17]=0, [18]=0]}");
	c.verbose = false;
	/* Raw mode: no bits set print as nothing, as strace prints them. */
	t.c_iflag = t.c_lflag = 0;
	t.c_oflag = 0;
	check("ioctl", "arg", "unsigned long", &c, 2,
	      "{c_iflag=, c_oflag=NL0|CR0|TAB0|BS0|VT0|FF0|, c_cflag=B38400|CS8|CREAD, c_lflag=, ...}");
	t.c_cflag = B9600 | CS7 | (B38400 << 16);
	check("ioctl", "arg", "unsigned long", &c, 2,
	      "{c_iflag=, c_oflag=NL0|CR0|TAB0|BS0|VT0|FF0|, c_cflag=B9600|B38400<<IBSHIFT|CS7|, c_lflag=, ...}");
	t.c_cflag = B38400 | CS8 | CREAD;
	/* Not a terminal: the address. */
	c.ret = -25;
	check("ioctl", "arg", "unsigned long", &c, 2, "0x7ffd1000");
	/* TCSETS: the struct given, at entry, even when the call fails. */
	c.args[1] = TCSETS;
	c.caps[0].when = SCRY_CAP_ENTRY;
	check("ioctl", "arg", "unsigned long", &c, 2,
	      "{c_iflag=, c_oflag=NL0|CR0|TAB0|BS0|VT0|FF0|, c_cflag=B38400|CS8|CREAD, c_lflag=, ...}");
	c.ret = 0;
	/* Window sizes both ways. */
	c.args[1] = TIOCSWINSZ;
	c.caps[0].data = (const u8 *)ws;
	c.caps[0].len = sizeof(ws);
	check("ioctl", "arg", "unsigned long", &c, 2, "{ws_row=24, ws_col=80, ws_xpixel=0, ws_ypixel=0}");
	c.args[1] = TIOCGWINSZ;
	c.caps[0].when = SCRY_CAP_EXIT;
	check("ioctl", "arg", "unsigned long", &c, 2, "{ws_row=24, ws_col=80, ws_xpixel=0, ws_ypixel=0}");
	/* FIONREAD: [N]. */
	c.args[1] = FIONREAD;
	c.caps[0].data = (const u8 *)&n;
	c.caps[0].len = sizeof(n);
	check("ioctl", "arg", "unsigned long", &c, 2, "[5]");
	/* FIONBIO: the int given. */
	c.args[1] = FIONBIO;
	c.caps[0].when = SCRY_CAP_ENTRY;
	n = 1;
	check("ioctl", "arg", "unsigned long", &c, 2, "[1]");
	/* FIOCLEX takes nothing: left out; TCFLSH takes a value. */
	c.args[1] = FIOCLEX;
	assert_false(shown("ioctl", "arg", "unsigned long", &c, 2));
	c.args[1] = TCFLSH;
	c.args[2] = TCIOFLUSH;
	assert_true(shown("ioctl", "arg", "unsigned long", &c, 2));
	check("ioctl", "arg", "unsigned long", &c, 2, "TCIOFLUSH");
	c.args[2] = 7;
	check("ioctl", "arg", "unsigned long", &c, 2, "0x7 /* TC??? */");
	/* An unknown request: the value in hex. */
	c.args[1] = 0xdead;
	c.args[2] = 0x1f;
	check("ioctl", "arg", "unsigned long", &c, 2, "0x1f");
}

static void test_ifreq(void **state)
{
	struct {
		char name[16];
		s32 v;
		u8 pad[20];
	} in = { "lo", 0, { 0 } }, out = { "lo", 1, { 0 } };
	struct fake_call c = { .args = { 3, SIOCGIFINDEX, ADDR }, .returned = true };

	assert_int_equal(sizeof(in), 40);
	add_piece(&c, 2, SCRY_CAP_ENTRY, &in, sizeof(in));
	add_piece(&c, 2, SCRY_CAP_EXIT, &out, sizeof(out));
	check("ioctl", "arg", "unsigned long", &c, 2, "{ifr_name=\"lo\", ifr_ifindex=1}");
	c.args[1] = SIOCGIFMTU;
	out.v = 65536;
	check("ioctl", "arg", "unsigned long", &c, 2, "{ifr_name=\"lo\", ifr_mtu=65536}");
	c.args[1] = SIOCGIFFLAGS;
	out.v = 0x49;
	check("ioctl", "arg", "unsigned long", &c, 2, "{ifr_name=\"lo\", ifr_flags=IFF_UP|IFF_LOOPBACK|IFF_RUNNING}");
	/* No such device: what was given, alone. */
	c.ret = -19;
	check("ioctl", "arg", "unsigned long", &c, 2, "{ifr_name=\"lo\"}");
}

/* ---- the tables ---------------------------------------------------------------------- */

static void test_tables(void **state)
{
	struct outbuf ob;

	outbuf_init_mem(&ob);
	bt_print_rlim(&ob, 1025 * 1024);
	outbuf_puts(&ob, " ");
	bt_print_rlim(&ob, 1023);
	outbuf_puts(&ob, " ");
	bt_print_rlim(&ob, 2048);
	assert_ob_equal(&ob, "1025*1024 1023 2*1024");
	assert_string_equal(value_table_name(&bt_fs_magics, 0x01021994), "TMPFS_MAGIC");
	assert_string_equal(value_table_name(&bt_fs_magics, 0x63677270), "CGROUP2_SUPER_MAGIC");
	assert_string_equal(value_table_name(&bt_capabilities, 40), "CAP_CHECKPOINT_RESTORE");
	/* Values unique in the value tables. */
	{
		const struct value_table *vt[] = { &bt_fs_magics, &bt_capabilities, &bt_mpol_modes,
						   &bt_term_bauds, &bt_term_line_discs, &bt_term_ccs };
		for (size_t k = 0; k < ARRAY_SIZE(vt); k++)
			for (size_t i = 0; i < vt[k]->nr; i++)
				for (size_t j = i + 1; j < vt[k]->nr; j++)
					if (vt[k]->entries[i].value == vt[k]->entries[j].value)
						fail_msg("%s and %s share a value", vt[k]->entries[i].name,
							 vt[k]->entries[j].name);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_uname), cmocka_unit_test(test_sysinfo),
		cmocka_unit_test(test_statfs), cmocka_unit_test(test_rlimits),
		cmocka_unit_test(test_rusage_times), cmocka_unit_test(test_getrandom),
		cmocka_unit_test(test_cpu_masks), cmocka_unit_test(test_groups),
		cmocka_unit_test(test_numa), cmocka_unit_test(test_clone3),
		cmocka_unit_test(test_futex), cmocka_unit_test(test_prctl),
		cmocka_unit_test(test_prctl_subcommands),
		cmocka_unit_test(test_fcntl_ret), cmocka_unit_test(test_ioctl),
		cmocka_unit_test(test_ifreq), cmocka_unit_test(test_tables),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
