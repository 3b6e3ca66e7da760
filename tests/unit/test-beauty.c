/* Unit tests for the syscall argument beautifiers: the table walkers, the
 * decoded text of real (syscall, argument, type) triples of the kernel's
 * tracefs formats, what each formatter prints, errno and signal names, and
 * return values. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/futex.h>
#include <linux/mman.h>
#include <linux/sched.h>
#include <netinet/in.h>
#include <sched.h>
#include <signal.h>
#include <sys/inotify.h>
#include <sys/ioctl.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "util/trace/beauty/beauty-internal.h"
#include "util/trace/beauty/beauty.h"
#include "util/trace/bpf/syscall-record.h"

/* ---- helpers ------------------------------------------------------------------ */

/* A fake fd table: fd 3 is /etc/hostname in pid 42, fd 5 a pipe. */
static const char *fake_fd_path(void *priv, pid_t pid, int fd)
{
	int *calls = priv;

	if (calls)
		(*calls)++;
	if (pid != 42)
		return NULL;
	if (fd == 3)
		return "/etc/hostname";
	if (fd == 5)
		return "pipe:[1234]";
	return NULL;
}

/* Compare and release the buffer first, so that a failing assertion (which
 * longjmps out) leaves no leak for the sanitizer to report. */
static void assert_ob_equal(struct outbuf *ob, const char *expected)
{
	char got[512];

	snprintf(got, sizeof(got), "%s", outbuf_cstr(ob));
	outbuf_release(ob);
	assert_string_equal(got, expected);
}

static struct sc_arg_ctx ctx_with(const u64 *args, unsigned idx)
{
	struct sc_arg_ctx ctx = {
		.args = args,
		.idx = idx,
		.pid = 42,
		.fd_path = fake_fd_path,
		.string_limit = 32,
	};
	return ctx;
}

/* Print argument `idx` of `sc` (whose name and type are given) from args[]. */
static void check_arg_ctx(const char *sc, const char *arg, const char *type,
			  const struct sc_arg_ctx *ctx, const char *expected)
{
	const struct sc_arg_fmt *fmt = sc_arg_fmt_pick(sc, arg, type);
	struct outbuf ob;

	assert_non_null(fmt);
	outbuf_init_mem(&ob);
	fmt->print(&ob, ctx->args[ctx->idx], ctx);
	assert_ob_equal(&ob, expected);
}

/* The common case: the argument alone matters. */
static void check_arg(const char *sc, const char *arg, const char *type, u64 val,
		      const char *expected)
{
	u64 args[6] = { val };
	struct sc_arg_ctx ctx = ctx_with(args, 0);

	check_arg_ctx(sc, arg, type, &ctx, expected);
}

static bool arg_shown(const char *sc, const char *arg, const char *type, const u64 *args,
		      unsigned idx)
{
	const struct sc_arg_fmt *fmt = sc_arg_fmt_pick(sc, arg, type);
	struct sc_arg_ctx ctx = ctx_with(args, idx);

	return !fmt->show || fmt->show(args[idx], &ctx);
}

static void check_flags(const struct flag_table *t, u64 val, const char *expected)
{
	struct outbuf ob;

	outbuf_init_mem(&ob);
	beauty_flags(&ob, t, val);
	assert_ob_equal(&ob, expected);
}

static void check_ret(enum sc_ret_kind kind, s64 ret, const struct sc_arg_ctx *ctx,
		      const char *expected)
{
	struct outbuf ob;

	outbuf_init_mem(&ob);
	sc_ret_print(&ob, kind, ret, ctx);
	assert_ob_equal(&ob, expected);
}

/* int arguments arrive sign-extended in 64-bit registers. */
#define SX(v) ((u64)(s64)(int)(v))

/* ---- the table walkers ---------------------------------------------------------- */

static const struct flag_name demo_flag_entries[] = {
	{ 0x0, 0x3, "MODE_A" },
	{ 0x1, 0x3, "MODE_B" },
	{ 0x30, 0, "BOTH" },      /* multi-bit: before its parts */
	{ 0x10, 0, "LOW" },
	{ 0x20, 0, "HIGH" },
	{ 0x100, 0, "BIG" },
};
static const struct flag_table demo_flags = FLAG_TABLE(demo_flag_entries, NULL);

static const struct flag_name bits_only_entries[] = {
	{ 0x1, 0, "ONE" },
	{ 0x4, 0, "FOUR" },
};
static const struct flag_table bits_only = FLAG_TABLE(bits_only_entries, "NONE");
static const struct flag_table bits_no_zero = FLAG_TABLE(bits_only_entries, NULL);

static void test_beauty_flags(void **state)
{
	check_flags(&demo_flags, 0x0, "MODE_A");
	check_flags(&demo_flags, 0x1, "MODE_B");
	check_flags(&demo_flags, 0x11, "MODE_B|LOW");
	check_flags(&demo_flags, 0x31, "MODE_B|BOTH");          /* not BOTH|LOW|HIGH */
	check_flags(&demo_flags, 0x120, "MODE_A|HIGH|BIG");
	check_flags(&demo_flags, 0x2, "0x2");                   /* field value with no name */
	check_flags(&demo_flags, 0x1040, "MODE_A|0x1040");      /* unknown bits in hex */
	check_flags(&bits_only, 0, "NONE");
	check_flags(&bits_no_zero, 0, "0");
	check_flags(&bits_only, 0x5, "ONE|FOUR");
	check_flags(&bits_only, 0x7, "ONE|FOUR|0x2");
	check_flags(&bits_only, 0x40, "0x40");                  /* nothing known: all hex */
	check_flags(&bits_only, 0x8000000000000000ULL, "0x8000000000000000");
}

static const struct value_name demo_value_entries[] = {
	{ -100, "MINUS" }, { 0, "ZERO" }, { 7, "SEVEN" }, { 7, "SEVEN_ALIAS" },
};
static const struct value_table demo_values = VALUE_TABLE(demo_value_entries);

static void test_beauty_value(void **state)
{
	struct outbuf ob;

	assert_string_equal(value_table_name(&demo_values, 0), "ZERO");
	assert_string_equal(value_table_name(&demo_values, -100), "MINUS");
	assert_string_equal(value_table_name(&demo_values, 7), "SEVEN");    /* first wins */
	assert_null(value_table_name(&demo_values, 8));

	outbuf_init_mem(&ob);
	assert_true(beauty_value(&ob, &demo_values, 7));
	outbuf_putc(&ob, ' ');
	assert_false(beauty_value(&ob, &demo_values, -5));
	assert_ob_equal(&ob, "SEVEN -5");
}

/* ---- files ------------------------------------------------------------------------ */

static void test_open_flags(void **state)
{
	const char *sc = "openat", *arg = "flags", *type = "int";

	check_arg(sc, arg, type, SX(O_RDONLY | O_CLOEXEC), "RDONLY|CLOEXEC");
	check_arg(sc, arg, type, SX(O_WRONLY | O_CREAT | O_TRUNC), "WRONLY|CREAT|TRUNC");
	check_arg(sc, arg, type, SX(O_RDONLY), "RDONLY");
	check_arg(sc, arg, type, SX(O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC), "RDWR|CREAT|EXCL|CLOEXEC");
	check_arg(sc, arg, type, SX(O_WRONLY | O_APPEND | O_NONBLOCK), "WRONLY|APPEND|NONBLOCK");
	check_arg(sc, arg, type, SX(O_RDONLY | O_DIRECTORY | O_NOFOLLOW), "RDONLY|DIRECTORY|NOFOLLOW");
	/* multi-bit names win over their parts */
	check_arg(sc, arg, type, SX(O_RDWR | O_SYNC), "RDWR|SYNC");
	check_arg(sc, arg, type, SX(O_RDWR | O_DSYNC), "RDWR|DSYNC");
	check_arg(sc, arg, type, SX(O_RDWR | O_TMPFILE), "RDWR|TMPFILE");
	check_arg(sc, arg, type, SX(O_PATH | O_CLOEXEC), "RDONLY|CLOEXEC|PATH");
	/* the kernel's O_LARGEFILE bit, which glibc defines as 0 on x86_64 */
	check_arg(sc, arg, type, SX(O_RDONLY | 0100000), "RDONLY|LARGEFILE");
	/* unknown bits, an invalid access mode, garbage above an int */
	check_arg(sc, arg, type, SX(O_RDONLY | O_CLOEXEC | 0x40000000), "RDONLY|CLOEXEC|0x40000000");
	check_arg(sc, arg, type, SX(O_ACCMODE | O_CLOEXEC), "CLOEXEC|0x3");
	check_arg(sc, arg, type, 0xffffffff00000000ULL | O_CLOEXEC, "RDONLY|CLOEXEC");
	/* open(2) has its flags in args[1] */
	check_arg("open", "flags", "int", SX(O_WRONLY | O_CREAT), "WRONLY|CREAT");
}

static void test_open_mode_shown_only_with_creat(void **state)
{
	u64 openat_args[6] = { SX(AT_FDCWD), 0x1000, SX(O_RDONLY | O_CLOEXEC), 0644 };
	u64 open_args[6] = { 0x1000, SX(O_WRONLY | O_CREAT | O_TRUNC), 0644 };
	u64 tmpfile_args[6] = { SX(AT_FDCWD), 0x1000, SX(O_RDWR | O_TMPFILE), 0600 };
	u64 creat_args[6] = { 0x1000, 0644 };
	struct sc_arg_ctx ctx = ctx_with(open_args, 2);

	assert_false(arg_shown("openat", "mode", "umode_t", openat_args, 3));
	openat_args[2] = SX(O_RDWR | O_CREAT);
	assert_true(arg_shown("openat", "mode", "umode_t", openat_args, 3));
	assert_true(arg_shown("open", "mode", "umode_t", open_args, 2));
	open_args[1] = SX(O_RDONLY);
	assert_false(arg_shown("open", "mode", "umode_t", open_args, 2));
	assert_true(arg_shown("openat", "mode", "umode_t", tmpfile_args, 3));
	assert_true(arg_shown("creat", "mode", "umode_t", creat_args, 1));
	assert_true(arg_shown("mq_open", "mode", "umode_t",
			      (const u64[6]){ 0x1000, SX(O_RDWR | O_CREAT), 0600 }, 2));
	assert_false(arg_shown("mq_open", "mode", "umode_t",
			       (const u64[6]){ 0x1000, SX(O_RDWR), 0600 }, 2));

	open_args[1] = SX(O_WRONLY | O_CREAT);
	check_arg_ctx("open", "mode", "umode_t", &ctx, "0644");
	check_arg("creat", "mode", "umode_t", 0644, "0644");
	check_arg("chmod", "mode", "umode_t", 04755, "04755");
	check_arg("mkdir", "mode", "umode_t", 0700, "0700");
	check_arg("fchmodat", "mode", "umode_t", 0, "0");
	check_arg("umask", "mask", "int", 022, "022");
}

static void test_at_flags_and_dirfd(void **state)
{
	check_arg("newfstatat", "flag", "int", AT_EMPTY_PATH, "EMPTY_PATH");
	check_arg("newfstatat", "flag", "int", AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH,
		  "SYMLINK_NOFOLLOW|EMPTY_PATH");
	check_arg("newfstatat", "flag", "int", 0, "0");
	check_arg("linkat", "flags", "int", AT_SYMLINK_FOLLOW, "SYMLINK_FOLLOW");
	check_arg("fchownat", "flag", "int", AT_EMPTY_PATH | 0x1, "EMPTY_PATH|0x1");
	check_arg("unlinkat", "flag", "int", AT_REMOVEDIR, "REMOVEDIR");
	check_arg("faccessat2", "flags", "int", AT_EACCESS | AT_SYMLINK_NOFOLLOW,
		  "SYMLINK_NOFOLLOW|EACCESS");
	check_arg("statx", "flags", "unsigned", 0, "STATX_SYNC_AS_STAT");
	check_arg("statx", "flags", "unsigned", AT_STATX_DONT_SYNC | AT_SYMLINK_NOFOLLOW,
		  "STATX_DONT_SYNC|SYMLINK_NOFOLLOW");
	check_arg("statx", "flags", "unsigned", AT_EMPTY_PATH | AT_NO_AUTOMOUNT,
		  "STATX_SYNC_AS_STAT|NO_AUTOMOUNT|EMPTY_PATH");
	check_arg("statx", "mask", "unsigned int", STATX_BASIC_STATS | STATX_BTIME, "ALL");
	check_arg("statx", "mask", "unsigned int", STATX_TYPE | STATX_MODE, "TYPE|MODE");
	check_arg("getxattrat", "at_flags", "unsigned int", AT_SYMLINK_NOFOLLOW, "SYMLINK_NOFOLLOW");

	check_arg("openat", "dfd", "int", SX(AT_FDCWD), "CWD");
	check_arg("renameat2", "olddfd", "int", SX(AT_FDCWD), "CWD");
	check_arg("openat", "dfd", "int", 3, "3</etc/hostname>");
	check_arg("openat", "dfd", "int", SX(-1), "-1");
}

static void test_access_lseek_fcntl_flock(void **state)
{
	check_arg("access", "mode", "int", F_OK, "F_OK");
	check_arg("access", "mode", "int", R_OK | X_OK, "R_OK|X_OK");
	check_arg("faccessat", "mode", "int", W_OK, "W_OK");
	check_arg("faccessat2", "mode", "int", R_OK | W_OK | X_OK | 0x10, "R_OK|W_OK|X_OK|0x10");

	check_arg("lseek", "whence", "unsigned int", SEEK_SET, "SET");
	check_arg("lseek", "whence", "unsigned int", SEEK_END, "END");
	check_arg("lseek", "whence", "unsigned int", SEEK_HOLE, "HOLE");
	check_arg("lseek", "whence", "unsigned int", 77, "77");

	check_arg("fcntl", "cmd", "unsigned int", F_GETFL, "GETFL");
	check_arg("fcntl", "cmd", "unsigned int", F_SETFD, "SETFD");
	check_arg("fcntl", "cmd", "unsigned int", F_DUPFD_CLOEXEC, "DUPFD_CLOEXEC");
	check_arg("fcntl", "cmd", "unsigned int", F_OFD_SETLKW, "OFD_SETLKW");

	check_arg("flock", "cmd", "unsigned int", LOCK_EX | LOCK_NB, "LOCK_EX|LOCK_NB");
	check_arg("fallocate", "mode", "int", FALLOC_FL_KEEP_SIZE | FALLOC_FL_PUNCH_HOLE,
		  "KEEP_SIZE|PUNCH_HOLE");
	check_arg("renameat2", "flags", "unsigned int", RENAME_NOREPLACE, "NOREPLACE");
	check_arg("fadvise64", "advice", "int", POSIX_FADV_DONTNEED, "DONTNEED");
}

static void test_fcntl_arg_by_cmd(void **state)
{
	const char *t = "unsigned long";
	u64 args[6] = { 3, F_SETFD, FD_CLOEXEC };
	struct sc_arg_ctx ctx = ctx_with(args, 2);

	check_arg_ctx("fcntl", "arg", t, &ctx, "CLOEXEC");
	args[1] = F_SETFL;
	args[2] = O_RDWR | O_NONBLOCK;
	check_arg_ctx("fcntl", "arg", t, &ctx, "RDWR|NONBLOCK");
	args[1] = F_DUPFD_CLOEXEC;
	args[2] = 10;
	check_arg_ctx("fcntl", "arg", t, &ctx, "10");
	args[1] = F_SETOWN;
	args[2] = SX(-1234);    /* a process group */
	check_arg_ctx("fcntl", "arg", t, &ctx, "-1234");
	args[1] = F_SETLKW;
	args[2] = 0x7ffd1000;
	check_arg_ctx("fcntl", "arg", t, &ctx, "0x7ffd1000");
	args[1] = F_SETSIG;
	args[2] = SIGIO;
	check_arg_ctx("fcntl", "arg", t, &ctx, "SIGIO");
	args[1] = F_ADD_SEALS;
	args[2] = F_SEAL_SHRINK | F_SEAL_GROW;
	check_arg_ctx("fcntl", "arg", t, &ctx, "SEAL_SHRINK|SEAL_GROW");
	args[1] = 12345;        /* unknown command: decimal, shown */
	args[2] = 7;
	check_arg_ctx("fcntl", "arg", t, &ctx, "7");
	assert_true(arg_shown("fcntl", "arg", t, args, 2));

	args[2] = 0;
	for (int cmd = 0; cmd < 2048; cmd++) {
		bool no_arg = cmd == F_GETFD || cmd == F_GETFL || cmd == F_GETOWN ||
			      cmd == F_GETSIG || cmd == F_GETLEASE || cmd == F_GETPIPE_SZ ||
			      cmd == F_GET_SEALS;
		args[1] = (u64)cmd;
		assert_int_equal(arg_shown("fcntl", "arg", t, args, 2), !no_arg);
	}
}

static void test_fd_args(void **state)
{
	int calls = 0;
	u64 args[6] = { 3, 5, 7, SX(-1) };
	struct sc_arg_ctx ctx = ctx_with(args, 0);

	ctx.fd_priv = &calls;
	check_arg_ctx("close", "fd", "unsigned int", &ctx, "3</etc/hostname>");
	ctx.idx = 1;
	check_arg_ctx("dup2", "newfd", "unsigned int", &ctx, "5<pipe:[1234]>");
	ctx.idx = 2;
	check_arg_ctx("read", "fd", "unsigned int", &ctx, "7");       /* path unknown */
	ctx.idx = 3;
	check_arg_ctx("mmap", "fd", "unsigned long", &ctx, "-1");     /* no lookup for -1 */
	assert_int_equal(calls, 3);

	ctx.pid = 43;           /* another process: fd 3 is unknown there */
	ctx.idx = 0;
	check_arg_ctx("fstat", "fd", "unsigned int", &ctx, "3");
	ctx.fd_path = NULL;     /* no fd table at all */
	check_arg_ctx("fstat", "fd", "unsigned int", &ctx, "3");

	check_arg("close", "fd", "unsigned int", 0xffffffff, "-1");   /* close(-1) */
	check_arg("sendfile", "out_fd", "int", 3, "3</etc/hostname>");
	check_arg("splice", "fd_in", "int", 5, "5<pipe:[1234]>");
	check_arg("epoll_ctl", "epfd", "int", 3, "3</etc/hostname>");
	check_arg("perf_event_open", "group_fd", "int", SX(-1), "-1");
}

static void test_string_args(void **state)
{
	const char *path = "/etc/hostname";
	u64 args[6] = { SX(AT_FDCWD), 0x7ffd1234 };
	struct sc_arg_ctx ctx = ctx_with(args, 1);
	const struct sc_arg_fmt *fmt = sc_arg_fmt_pick("openat", "filename", "const char *");

	assert_true(fmt->is_string);
	assert_true(fmt->is_path);
	assert_false(fmt->is_fd);

	ctx.str = path;
	ctx.str_len = strlen(path);
	ctx.str_valid = true;
	check_arg_ctx("openat", "filename", "const char *", &ctx, "\"/etc/hostname\"");
	ctx.str_len = 9;
	ctx.str_truncated = true;
	check_arg_ctx("openat", "filename", "const char *", &ctx, "\"/etc/host\"...");
	ctx.str = "a\"b\n\t\x01";
	ctx.str_len = 6;
	ctx.str_truncated = false;
	check_arg_ctx("openat", "filename", "const char *", &ctx, "\"a\\\"b\\n\\t\\1\"");

	/* no string captured: the pointer */
	ctx.str_valid = false;
	check_arg_ctx("openat", "filename", "const char *", &ctx, "0x7ffd1234");
	args[1] = 0;
	check_arg_ctx("openat", "filename", "const char *", &ctx, "NULL");

	/* strings that are not paths */
	fmt = sc_arg_fmt_pick("memfd_create", "uname", "const char *");
	assert_true(fmt->is_string);
	assert_false(fmt->is_path);
	fmt = sc_arg_fmt_pick("getxattr", "name", "const char *");
	assert_true(fmt->is_string);
	assert_false(fmt->is_path);
	/* buffers are not strings */
	assert_false(sc_arg_fmt_pick("write", "buf", "const char *")->is_string);
	assert_false(sc_arg_fmt_pick("read", "buf", "char *")->is_string);
	assert_false(sc_arg_fmt_pick("execve", "argv", "const char *const *")->is_string);
}

/* Data buffers, as strace prints them: write's from entry, as long as its
 * count; read's from return, as long as its result. */
static void test_data_buffers(void **state)
{
	u64 args[6] = { 1, 0x5000, 12 };
	struct sc_arg_ctx ctx = ctx_with(args, 1);
	const char *data = "hello\0world\n";

	assert_true(sc_arg_fmt_pick("write", "buf", "const char *")->is_buf_in);
	assert_true(sc_arg_fmt_pick("sendto", "buff", "void *")->is_buf_in);
	assert_true(sc_arg_fmt_pick("read", "buf", "char *")->is_buf_out);
	assert_true(sc_arg_fmt_pick("readlinkat", "buf", "char *")->is_buf_out);
	assert_false(sc_arg_fmt_pick("read", "buf", "char *")->is_buf_in);

	/* Nothing captured: the pointer. */
	check_arg_ctx("write", "buf", "const char *", &ctx, "0x5000");
	ctx.str = data;
	ctx.str_len = 12;
	ctx.str_valid = true;
	check_arg_ctx("write", "buf", "const char *", &ctx, "0x5000");    /* a string, not a buffer */
	ctx.str_is_buf = true;
	check_arg_ctx("write", "buf", "const char *", &ctx, "\"hello\\0world\\n\"");
	/* Longer than the limit, or than what was copied: "..." after. */
	ctx.string_limit = 5;
	check_arg_ctx("write", "buf", "const char *", &ctx, "\"hello\"...");
	ctx.string_limit = 32;
	args[2] = 5000;
	check_arg_ctx("write", "buf", "const char *", &ctx, "\"hello\\0world\\n\"...");
	args[2] = 0;
	ctx.str_len = 0;
	check_arg_ctx("write", "buf", "const char *", &ctx, "\"\"");

	/* read: only once it returned, as many bytes as it returned. */
	args[2] = 4096;
	ctx.str_len = 12;
	check_arg_ctx("read", "buf", "char *", &ctx, "0x5000");
	ctx.ret_valid = true;
	ctx.ret = 12;
	check_arg_ctx("read", "buf", "char *", &ctx, "\"hello\\0world\\n\"");
	ctx.ret = 5;
	check_arg_ctx("read", "buf", "char *", &ctx, "\"hello\"");
	ctx.ret = 300;  /* returned more than was copied */
	check_arg_ctx("read", "buf", "char *", &ctx, "\"hello\\0world\\n\"...");
	ctx.ret = 0;
	check_arg_ctx("read", "buf", "char *", &ctx, "\"\"");
	ctx.ret = -11;
	check_arg_ctx("read", "buf", "char *", &ctx, "0x5000");
}

/* Print argument idx from a copy of `len` bytes at p, the call returned ret. */
static void check_struct(const char *sc, const char *arg, unsigned idx, u64 *args, const void *p,
			 size_t len, s64 ret, const char *expected)
{
	struct sc_arg_ctx ctx = ctx_with(args, idx);

	ctx.str = p;
	ctx.str_len = len;
	ctx.str_valid = p != NULL;
	ctx.str_is_buf = true;
	ctx.ret = ret;
	ctx.ret_valid = true;
	check_arg_ctx(sc, arg, "void *", &ctx, expected);
}

/* The structs strace decodes by default. */
static void test_struct_args(void **state)
{
	u64 args[6] = { 0x100, 0x200, 0x300, 0x400, 0x500 };
	struct stat st = { .st_mode = S_IFREG | 0644, .st_size = 42107 };
	struct sockaddr_in in = { .sin_family = AF_INET, .sin_port = htons(53) };
	struct sockaddr_in6 in6 = { .sin6_family = AF_INET6, .sin6_port = htons(443), .sin6_scope_id = 2 };
	struct sockaddr_un un = { .sun_family = AF_UNIX };
	struct timespec ts = { 1, 500000000 };
	int fds[2] = { 3, 4 };
	int status;

	assert_int_equal(sc_arg_fmt_pick("newfstatat", "statbuf", "struct stat *")->buf_size, sizeof(st));
	assert_true(sc_arg_fmt_pick("fstat", "statbuf", "struct stat *")->is_buf_out);
	assert_true(sc_arg_fmt_pick("connect", "uservaddr", "struct sockaddr *")->is_buf_in);
	assert_int_equal(sc_arg_fmt_pick("connect", "uservaddr", "struct sockaddr *")->buf_size, 0);

	/* stat: only after it succeeded, and only from a whole copy. */
	check_struct("newfstatat", "statbuf", 2, args, &st, sizeof(st), 0, "{st_mode=S_IFREG|0644, st_size=42107, ...}");
	check_struct("newfstatat", "statbuf", 2, args, &st, sizeof(st), -2, "0x300");
	check_struct("newfstatat", "statbuf", 2, args, &st, sizeof(st) - 1, 0, "0x300");
	check_struct("newfstatat", "statbuf", 2, args, NULL, 0, 0, "0x300");
	st.st_mode = S_IFDIR | S_ISVTX | 0777;
	st.st_size = 4096;
	check_struct("stat", "statbuf", 1, args, &st, sizeof(st), 0, "{st_mode=S_IFDIR|S_ISVTX|0777, st_size=4096, ...}");
	st.st_mode = S_IFCHR | S_ISUID | S_ISGID | 0620;
	st.st_rdev = makedev(136, 2);
	check_struct("fstat", "statbuf", 1, args, &st, sizeof(st), 0,
		     "{st_mode=S_IFCHR|S_ISUID|S_ISGID|0620, st_rdev=makedev(0x88, 0x2), ...}");

	/* statx: flags inside the struct keep their STATX_ prefixes. */
	{
		struct statx sx = { .stx_mask = STATX_BASIC_STATS | STATX_MNT_ID, .stx_attributes = 0x2000 | 0x10,
				    .stx_mode = S_IFDIR | 0755, .stx_size = 4096 };
		check_struct("statx", "buffer", 4, args, &sx, sizeof(sx), 0,
			     "{stx_mask=STATX_BASIC_STATS|STATX_MNT_ID, stx_attributes=STATX_ATTR_IMMUTABLE|STATX_ATTR_MOUNT_ROOT, "
			     "stx_mode=S_IFDIR|0755, stx_size=4096, ...}");
		sx.stx_mask = 0;
		sx.stx_attributes = 0;
		check_struct("statx", "buffer", 4, args, &sx, sizeof(sx), 0,
			     "{stx_mask=0, stx_attributes=0, stx_mode=S_IFDIR|0755, stx_size=4096, ...}");
		check_struct("statx", "buffer", 4, args, &sx, sizeof(sx), -2, "0x500");
	}

	/* sockaddr: as long as its length argument says. */
	in.sin_addr.s_addr = htonl(0x7f000035);
	args[2] = sizeof(in);
	check_struct("connect", "uservaddr", 1, args, &in, sizeof(in), 0,
		     "{sa_family=AF_INET, sin_port=htons(53), sin_addr=inet_addr(\"127.0.0.53\")}");
	check_struct("connect", "uservaddr", 1, args, &in, sizeof(in), -111,
		     "{sa_family=AF_INET, sin_port=htons(53), sin_addr=inet_addr(\"127.0.0.53\")}");
	args[2] = 4;    /* shorter than a sockaddr_in: its bytes, as strace shows them */
	check_struct("connect", "uservaddr", 1, args, &in, 4, 0, "{sa_family=AF_INET, sa_data=\"\\0005\"}");
	check_struct("connect", "uservaddr", 1, args, &in, sizeof(in), 0, "0x200");   /* copy longer than the length */
	in6.sin6_addr = in6addr_loopback;
	args[2] = sizeof(in6);
	check_struct("bind", "umyaddr", 1, args, &in6, sizeof(in6), 0,
		     "{sa_family=AF_INET6, sin6_port=htons(443), sin6_flowinfo=htonl(0), "
		     "inet_pton(AF_INET6, \"::1\", &sin6_addr), sin6_scope_id=2}");
	strcpy(un.sun_path, "/run/x.sock");
	args[2] = sizeof(un);
	check_struct("connect", "uservaddr", 1, args, &un, sizeof(un), 0, "{sa_family=AF_UNIX, sun_path=\"/run/x.sock\"}");
	memcpy(un.sun_path, "\0ab\n", 4);
	args[2] = 2 + 4;
	check_struct("connect", "uservaddr", 1, args, &un, 6, 0, "{sa_family=AF_UNIX, sun_path=@\"ab\\n\"}");
	un.sun_family = AF_NETLINK;
	args[2] = 12;
	check_struct("connect", "uservaddr", 1, args, &un, 12, 0,
		     "{sa_family=AF_NETLINK, nl_pad=0x6100, nl_pid=2016348770, nl_groups=636f732e}");
	un.sun_family = 0x7ff;
	check_struct("connect", "uservaddr", 1, args, &un, 2, 0, "{sa_family=0x7ff /* AF_??? */}");

	/* timespec in, pipe fds out, wait status out. */
	check_struct("clock_nanosleep", "rqtp", 2, args, &ts, sizeof(ts), 0, "{tv_sec=1, tv_nsec=500000000}");
	check_struct("nanosleep", "rqtp", 0, args, &ts, sizeof(ts) - 1, 0, "0x100");
	check_struct("pipe2", "fildes", 0, args, fds, sizeof(fds), 0, "[3, 4]");
	check_struct("pipe2", "fildes", 0, args, fds, sizeof(fds), -24, "0x100");
	status = 3 << 8;
	check_struct("wait4", "stat_addr", 1, args, &status, sizeof(status), 77, "[{WIFEXITED(s) && WEXITSTATUS(s) == 3}]");
	check_struct("wait4", "stat_addr", 1, args, &status, sizeof(status), 0, "0x200");    /* WNOHANG, nothing reaped */
	status = SIGSEGV | 0x80;
	check_struct("wait4", "stat_addr", 1, args, &status, sizeof(status), 77,
		     "[{WIFSIGNALED(s) && WTERMSIG(s) == SIGSEGV && WCOREDUMP(s)}]");
	status = (SIGSTOP << 8) | 0x7f;
	check_struct("wait4", "stat_addr", 1, args, &status, sizeof(status), 77, "[{WIFSTOPPED(s) && WSTOPSIG(s) == SIGSTOP}]");
	status = 0xffff;
	check_struct("wait4", "stat_addr", 1, args, &status, sizeof(status), 77, "[{WIFCONTINUED(s)}]");
}

/* Signal sets and actions, as strace prints them. */
static void test_signal_structs(void **state)
{
	u64 args[6] = { 0x100, 0x200, 0x300, 8 };
	u64 mask = (1ULL << (SIGINT - 1)) | (1ULL << (SIGTERM - 1)) | (1ULL << 31) | (1ULL << 33) | (1ULL << 63);
	struct { u64 handler, flags, restorer, mask; } sa = { 0x5000, 0x04000000 | SA_RESTART, 0x7000, 1ULL << (SIGHUP - 1) };

	check_struct("rt_sigprocmask", "nset", 1, args, &mask, sizeof(mask), 0, "[INT TERM RTMIN RT_2 RT_32]");
	/* More than half: those not in it. */
	mask = ~((1ULL << 31) | (1ULL << 32));
	check_struct("rt_sigprocmask", "nset", 1, args, &mask, sizeof(mask), -22, "~[RTMIN RT_1]");
	mask = ~0ULL;
	check_struct("rt_sigprocmask", "nset", 1, args, &mask, sizeof(mask), 0, "~[]");
	mask = 0;
	check_struct("rt_sigprocmask", "nset", 1, args, &mask, sizeof(mask), 0, "[]");
	check_struct("rt_sigprocmask", "nset", 1, args, NULL, 0, 0, "0x200");
	/* The old mask: only once the call succeeded. */
	check_struct("rt_sigprocmask", "oset", 2, args, &mask, sizeof(mask), 0, "[]");
	check_struct("rt_sigprocmask", "oset", 2, args, &mask, sizeof(mask), -14, "0x300");
	check_struct("rt_sigpending", "uset", 0, args, &mask, sizeof(mask) - 1, 0, "0x100");

	check_struct("rt_sigaction", "act", 1, args, &sa, sizeof(sa), 0,
		     "{sa_handler=0x5000, sa_mask=[HUP], sa_flags=SA_RESTORER|SA_RESTART, sa_restorer=0x7000}");
	sa.handler = (u64)(uintptr_t)SIG_IGN;
	sa.flags = SA_SIGINFO | 0x100000000ULL;
	sa.mask = 0;
	check_struct("rt_sigaction", "act", 1, args, &sa, sizeof(sa), 0,
		     "{sa_handler=SIG_IGN, sa_mask=[], sa_flags=SA_SIGINFO|0x100000000}");
	sa.handler = 0;
	sa.flags = 0;
	check_struct("rt_sigaction", "oact", 2, args, &sa, sizeof(sa), 0, "{sa_handler=SIG_DFL, sa_mask=[], sa_flags=0}");
	check_struct("rt_sigaction", "oact", 2, args, &sa, sizeof(sa), -22, "0x300");
	check_struct("rt_sigaction", "act", 1, args, &sa, sizeof(sa) - 8, 0, "0x200");
}

/* execve's argv and envp, as strace prints them. */
static void test_exec_vectors(void **state)
{
	static const char strs[] = "ls\0-l\0a \"b\"\0";
	const char *ty = "const char *const *";
	u64 args[6] = { 0x1000, 0x7ffc1000, 0x7ffc2000 };
	struct sc_arg_ctx ctx = ctx_with(args, 1);
	char big[SCRY_SC_VEC_STR_MAX];

	assert_true(sc_arg_fmt_pick("execve", "argv", ty)->is_vector);
	assert_true(sc_arg_fmt_pick("execveat", "argv", ty)->is_vector);
	assert_true(sc_arg_fmt_pick("execve", "envp", ty)->is_counted);
	assert_true(sc_arg_fmt_pick("execveat", "envp", ty)->is_counted);
	assert_false(sc_arg_fmt_pick("execve", "envp", ty)->is_vector);

	/* Nothing captured (the tracepoint backend): the pointer. */
	check_arg_ctx("execve", "argv", ty, &ctx, "0x7ffc1000");
	ctx.vec = strs;
	ctx.vec_len = sizeof(strs) - 1;
	ctx.vec_nr = 3;
	ctx.vec_valid = true;
	check_arg_ctx("execve", "argv", ty, &ctx, "[\"ls\", \"-l\", \"a \\\"b\\\"\"]");
	/* More elements than captured, or one unreadable: "..." at the end. */
	ctx.vec_nr = 5;
	check_arg_ctx("execve", "argv", ty, &ctx, "[\"ls\", \"-l\", \"a \\\"b\\\"\", ...]");
	ctx.vec_len = 3;
	ctx.vec_nr = 1;
	ctx.vec_fault = true;
	check_arg_ctx("execve", "argv", ty, &ctx, "[\"ls\", ...]");
	ctx.vec_len = 0;
	ctx.vec_nr = 4;
	ctx.vec_fault = false;
	check_arg_ctx("execve", "argv", ty, &ctx, "[...]");
	/* An empty argv, an unreadable one, a NULL one. */
	ctx.vec_nr = 0;
	check_arg_ctx("execve", "argv", ty, &ctx, "[]");
	ctx.vec_fault = true;
	check_arg_ctx("execve", "argv", ty, &ctx, "0x7ffc1000");
	ctx.vec_fault = false;
	args[1] = 0;
	check_arg_ctx("execve", "argv", ty, &ctx, "NULL");
	args[1] = 0x7ffc1000;
	/* strace's -s: at most that many elements, each at most that long. */
	ctx.vec = strs;
	ctx.vec_len = sizeof(strs) - 1;
	ctx.vec_nr = 3;
	ctx.string_limit = 2;
	check_arg_ctx("execve", "argv", ty, &ctx, "[\"ls\", \"-l\", ...]");
	ctx.string_limit = 1;
	check_arg_ctx("execve", "argv", ty, &ctx, "[\"l\"..., ...]");
	ctx.string_limit = 32;
	/* An element cut at the capture size. */
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	ctx.vec = big;
	ctx.vec_len = sizeof(big);
	ctx.vec_nr = 1;
	ctx.string_limit = 1000;
	{
		struct outbuf ob;
		outbuf_init_mem(&ob);
		sc_arg_fmt_pick("execve", "argv", ty)->print(&ob, args[1], &ctx);
		assert_int_equal(ob.len, 1 + 1 + (sizeof(big) - 1) + 1 + 3 + 1);
		assert_memory_equal(ob.buf + ob.len - 5, "\"...]", 5);
		outbuf_release(&ob);
	}

	ctx = ctx_with(args, 2);
	check_arg_ctx("execve", "envp", ty, &ctx, "0x7ffc2000");
	ctx.cnt_valid = true;
	ctx.cnt_nr = 21;
	check_arg_ctx("execve", "envp", ty, &ctx, "0x7ffc2000 /* 21 vars */");
	ctx.cnt_nr = 1;
	check_arg_ctx("execve", "envp", ty, &ctx, "0x7ffc2000 /* 1 var */");
	ctx.cnt_nr = 0;
	check_arg_ctx("execve", "envp", ty, &ctx, "0x7ffc2000 /* 0 vars */");
	ctx.cnt_fault = true;
	check_arg_ctx("execve", "envp", ty, &ctx, "0x7ffc2000");
	ctx.cnt_fault = false;
	args[2] = 0;
	check_arg_ctx("execve", "envp", ty, &ctx, "NULL");
}

/* ---- memory ------------------------------------------------------------------------- */

static void test_mm(void **state)
{
	check_arg("mmap", "prot", "unsigned long", PROT_READ | PROT_WRITE, "READ|WRITE");
	check_arg("mmap", "prot", "unsigned long", PROT_NONE, "NONE");
	check_arg("mprotect", "prot", "unsigned long", PROT_READ | PROT_EXEC, "READ|EXEC");
	check_arg("mprotect", "prot", "unsigned long", PROT_READ | 0x10, "READ|0x10");

	check_arg("mmap", "flags", "unsigned long", MAP_PRIVATE | MAP_ANONYMOUS, "PRIVATE|ANONYMOUS");
	check_arg("mmap", "flags", "unsigned long", MAP_PRIVATE | MAP_FIXED | MAP_DENYWRITE,
		  "PRIVATE|FIXED|DENYWRITE");
	check_arg("mmap", "flags", "unsigned long", MAP_SHARED | MAP_POPULATE, "SHARED|POPULATE");
	check_arg("mmap", "flags", "unsigned long", MAP_SHARED_VALIDATE | MAP_SYNC,
		  "SHARED_VALIDATE|SYNC");
	check_arg("mmap", "flags", "unsigned long",
		  MAP_PRIVATE | MAP_ANONYMOUS | MAP_HUGETLB | MAP_HUGE_2MB,
		  "PRIVATE|ANONYMOUS|HUGETLB|HUGE_2MB");
	check_arg("mmap", "flags", "unsigned long", MAP_PRIVATE | MAP_FIXED_NOREPLACE | MAP_STACK,
		  "PRIVATE|STACK|FIXED_NOREPLACE");

	check_arg("madvise", "behavior", "int", MADV_DONTNEED, "DONTNEED");
	check_arg("madvise", "behavior", "int", MADV_HUGEPAGE, "HUGEPAGE");
	check_arg("madvise", "behavior", "int", 999, "999");
	check_arg("mremap", "flags", "unsigned long", MREMAP_MAYMOVE | MREMAP_FIXED, "MAYMOVE|FIXED");
	check_arg("msync", "flags", "int", MS_SYNC | MS_INVALIDATE, "INVALIDATE|SYNC");
	check_arg("mlockall", "flags", "int", MCL_CURRENT | MCL_FUTURE, "CURRENT|FUTURE");

	/* addresses, sizes and offsets */
	check_arg("mmap", "addr", "unsigned long", 0, "NULL");
	check_arg("mmap", "addr", "unsigned long", 0x7f0011223000ULL, "0x7f0011223000");
	check_arg("mmap", "len", "unsigned long", 8192, "8192");
	check_arg("mmap", "off", "unsigned long", 0x2000, "0x2000");
	check_arg("mmap", "off", "unsigned long", 0, "0");
	check_arg("munmap", "len", "size_t", 4096, "4096");
	check_arg("brk", "brk", "unsigned long", 0x55550000, "0x55550000");
	check_arg("brk", "brk", "unsigned long", 0, "NULL");
}

/* ---- processes and signals ----------------------------------------------------------- */

static void test_clone_and_unshare(void **state)
{
	const char *t = "unsigned long";

	check_arg("clone", "clone_flags", t, CLONE_CHILD_CLEARTID | CLONE_CHILD_SETTID | SIGCHLD,
		  "CHILD_CLEARTID|CHILD_SETTID|SIGCHLD");
	check_arg("clone", "clone_flags", t,
		  CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD | CLONE_SYSVSEM |
		  CLONE_SETTLS | CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID,
		  "VM|FS|FILES|SIGHAND|THREAD|SYSVSEM|SETTLS|PARENT_SETTID|CHILD_CLEARTID");
	check_arg("clone", "clone_flags", t, CLONE_VM | CLONE_VFORK | SIGCHLD, "VM|VFORK|SIGCHLD");
	check_arg("clone", "clone_flags", t, SIGCHLD, "SIGCHLD");
	check_arg("clone", "clone_flags", t, 0, "0");
	check_arg("clone", "clone_flags", t, CLONE_NEWPID | 0x7f, "NEWPID|127");  /* bad signal */
	check_arg("unshare", "unshare_flags", t, CLONE_NEWNS | CLONE_NEWUSER, "NEWNS|NEWUSER");
	check_arg("unshare", "unshare_flags", t, CLONE_NEWTIME, "NEWTIME");
	check_arg("setns", "flags", "int", CLONE_NEWNET, "NEWNET");
	check_arg("setns", "flags", "int", 0, "0");
}

static void test_futex(void **state)
{
	const char *t = "int";

	check_arg("futex", "op", t, FUTEX_WAIT_PRIVATE, "WAIT_PRIVATE");
	check_arg("futex", "op", t, FUTEX_WAKE_PRIVATE, "WAKE_PRIVATE");
	check_arg("futex", "op", t, FUTEX_WAIT, "WAIT");
	check_arg("futex", "op", t, FUTEX_CMP_REQUEUE_PRIVATE, "CMP_REQUEUE_PRIVATE");
	check_arg("futex", "op", t, FUTEX_WAIT_BITSET_PRIVATE | FUTEX_CLOCK_REALTIME,
		  "WAIT_BITSET_PRIVATE|CLOCK_REALTIME");
	check_arg("futex", "op", t, FUTEX_WAIT_BITSET | FUTEX_CLOCK_REALTIME,
		  "WAIT_BITSET|CLOCK_REALTIME");
	check_arg("futex", "op", t, FUTEX_LOCK_PI2_PRIVATE, "LOCK_PI2_PRIVATE");
	check_arg("futex", "op", t, FUTEX_FD | FUTEX_PRIVATE_FLAG, "FD|PRIVATE_FLAG");
	check_arg("futex", "op", t, 99, "99");
	check_arg("futex", "op", t, 99 | FUTEX_PRIVATE_FLAG, "99|PRIVATE_FLAG");
	check_arg("futex", "val3", "u32", 0xffffffff, "0xffffffff");
	check_arg("futex_wait", "flags", "unsigned int", 0x2 | 0x80, "SIZE_U32|PRIVATE");
}

static void test_wait_and_process_misc(void **state)
{
	check_arg("wait4", "options", "int", WNOHANG | WUNTRACED | __WALL, "WNOHANG|WUNTRACED|__WALL");
	check_arg("wait4", "options", "int", 0, "0");
	check_arg("waitid", "options", "int", WEXITED | WSTOPPED | WNOWAIT, "WSTOPPED|WEXITED|WNOWAIT");
	check_arg("waitid", "which", "int", P_PIDFD, "P_PIDFD");
	check_arg("prlimit64", "resource", "unsigned int", RLIMIT_NOFILE, "NOFILE");
	check_arg("getrlimit", "resource", "unsigned int", RLIMIT_STACK, "STACK");
	check_arg("sched_setscheduler", "policy", "int", SCHED_FIFO | SCHED_RESET_ON_FORK,
		  "FIFO|RESET_ON_FORK");
	check_arg("sched_get_priority_max", "policy", "int", SCHED_OTHER, "OTHER");
	check_arg("prctl", "option", "int", PR_SET_NAME, "SET_NAME");
	check_arg("prctl", "option", "int", PR_SET_VMA, "SET_VMA");
	check_arg("prctl", "arg2", "unsigned long", 0x7ffd0000, "0x7ffd0000");
	check_arg("arch_prctl", "option", "int", 0x1002, "SET_FS");
	check_arg("ptrace", "request", "long", 0x4206, "SEIZE");
	check_arg("getpriority", "which", "int", PRIO_PROCESS, "PROCESS");
	check_arg("getrusage", "who", "int", SX(RUSAGE_CHILDREN), "CHILDREN");
	check_arg("mknod", "mode", "umode_t", S_IFCHR | 0620, "S_IFCHR|0620");
	check_arg("mknodat", "mode", "umode_t", 0600, "0600");
	check_arg("mknod", "dev", "unsigned", 0x103 /* makedev(1, 3) */, "makedev(0x1, 0x3)");
	check_arg("shmget", "shmflg", "int", IPC_CREAT | IPC_EXCL | 0600, "IPC_CREAT|IPC_EXCL|0600");
	check_arg("semget", "semflg", "int", 0644, "0644");
	check_arg("shmctl", "cmd", "int", IPC_RMID, "IPC_RMID");
	check_arg("clock_gettime", "which_clock", "const clockid_t", CLOCK_MONOTONIC, "MONOTONIC");
	check_arg("clock_nanosleep", "flags", "int", TIMER_ABSTIME, "ABSTIME");
	check_arg("setresuid", "ruid", "uid_t", SX(-1), "-1");
}

static void test_signals(void **state)
{
	assert_string_equal(signal_name(SIGTERM), "SIGTERM");
	assert_string_equal(signal_name(SIGCHLD), "SIGCHLD");
	assert_string_equal(signal_name(SIGSYS), "SIGSYS");
	assert_string_equal(signal_name(32), "SIGRTMIN");
	assert_string_equal(signal_name(33), "SIGRT_1");
	assert_string_equal(signal_name(35), "SIGRT_3");   /* strace: from the kernel's 32 */
	assert_string_equal(signal_name(64), "SIGRT_32");
	assert_null(signal_name(0));
	assert_null(signal_name(65));
	assert_null(signal_name(-1));

	assert_int_equal(signal_number("SIGTERM"), 15);
	assert_int_equal(signal_number("TERM"), 15);
	assert_int_equal(signal_number("15"), 15);
	assert_int_equal(signal_number("sigkill"), 9);
	assert_int_equal(signal_number("SIGRTMIN"), 32);
	assert_int_equal(signal_number("SIGRTMIN+3"), 35);
	assert_int_equal(signal_number("RTMAX-1"), 63);
	assert_int_equal(signal_number("SIGRT_4"), 36);
	assert_int_equal(signal_number("RT_32"), 64);
	assert_int_equal(signal_number("SIGRT_33"), -1);
	assert_int_equal(signal_number("SIGRT_0"), -1);
	assert_int_equal(signal_number("SIGCLD"), SIGCHLD);
	assert_int_equal(signal_number("IOT"), SIGABRT);
	assert_int_equal(signal_number("0"), 0);
	assert_int_equal(signal_number("SIGFOO"), -1);
	assert_int_equal(signal_number("SIG"), -1);
	assert_int_equal(signal_number(""), -1);
	assert_int_equal(signal_number("99"), -1);
	assert_int_equal(signal_number("15x"), -1);
	assert_int_equal(signal_number("SIGRTMIN+40"), -1);
	assert_int_equal(signal_number("SIGRTMIN+"), -1);
	assert_int_equal(signal_number(NULL), -1);
	/* every name maps back to its number */
	for (int sig = 1; sig <= 64; sig++)
		assert_int_equal(signal_number(signal_name(sig)), sig);

	check_arg("kill", "sig", "int", SIGKILL, "SIGKILL");
	check_arg("kill", "sig", "int", 0, "0");
	check_arg("tgkill", "sig", "int", 40, "SIGRT_8");
	check_arg("rt_sigaction", "sig", "int", 100, "100");
	check_arg("rt_sigprocmask", "how", "int", SIG_BLOCK, "SIG_BLOCK");
	check_arg("rt_sigprocmask", "how", "int", SIG_SETMASK, "SIG_SETMASK");
	check_arg("rt_sigprocmask", "how", "int", 7, "7");
}

/* ---- sockets and ioctl ---------------------------------------------------------------- */

static void test_sockets(void **state)
{
	u64 args[6] = { AF_INET, SOCK_STREAM, IPPROTO_TCP };
	struct sc_arg_ctx ctx = ctx_with(args, 2);

	check_arg("socket", "family", "int", AF_INET, "INET");
	check_arg("socket", "family", "int", AF_INET6, "INET6");
	check_arg("socket", "family", "int", AF_UNIX, "UNIX");
	check_arg("socket", "family", "int", AF_NETLINK, "NETLINK");
	check_arg("socket", "family", "int", 12345, "12345");

	check_arg("socket", "type", "int", SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK,
		  "STREAM|CLOEXEC|NONBLOCK");
	check_arg("socket", "type", "int", SOCK_DGRAM, "DGRAM");
	check_arg("socketpair", "type", "int", SOCK_SEQPACKET | SOCK_CLOEXEC, "SEQPACKET|CLOEXEC");
	check_arg("socket", "type", "int", 0xe | 0x100, "14|0x100");

	check_arg_ctx("socket", "protocol", "int", &ctx, "TCP");
	args[0] = AF_INET6;
	args[2] = IPPROTO_UDP;
	check_arg_ctx("socket", "protocol", "int", &ctx, "UDP");
	args[2] = IPPROTO_IP;
	check_arg_ctx("socket", "protocol", "int", &ctx, "IP");
	args[0] = AF_UNIX;
	check_arg_ctx("socket", "protocol", "int", &ctx, "0");
	args[0] = AF_PACKET;
	args[2] = 768;
	check_arg_ctx("socket", "protocol", "int", &ctx, "768");
	args[0] = AF_NETLINK;
	args[2] = 15;
	check_arg_ctx("socket", "protocol", "int", &ctx, "KOBJECT_UEVENT");

	check_arg("sendto", "flags", "unsigned int", MSG_DONTWAIT | MSG_NOSIGNAL, "DONTWAIT|NOSIGNAL");
	check_arg("recvmsg", "flags", "unsigned int", MSG_CMSG_CLOEXEC, "CMSG_CLOEXEC");
	check_arg("shutdown", "how", "int", SHUT_RDWR, "RDWR");
	check_arg("accept4", "flags", "int", SOCK_CLOEXEC | SOCK_NONBLOCK, "NONBLOCK|CLOEXEC");

	args[0] = 3;
	args[1] = SOL_SOCKET;
	args[2] = SO_REUSEADDR;
	check_arg_ctx("setsockopt", "optname", "int", &ctx, "REUSEADDR");
	args[1] = IPPROTO_TCP;
	args[2] = 1;            /* TCP_NODELAY */
	check_arg_ctx("setsockopt", "optname", "int", &ctx, "NODELAY");
	args[1] = 9999;
	check_arg_ctx("getsockopt", "optname", "int", &ctx, "1");
	check_arg("setsockopt", "level", "int", SOL_SOCKET, "SOL_SOCKET");
	check_arg("getsockopt", "level", "int", IPPROTO_TCP, "SOL_TCP");
}

static void test_ioctl(void **state)
{
	const char *t = "unsigned int";

	check_arg("ioctl", "cmd", t, TCGETS, "TCGETS");
	check_arg("ioctl", "cmd", t, TCSETSW, "TCSETSW");
	check_arg("ioctl", "cmd", t, TIOCGWINSZ, "TIOCGWINSZ");
	check_arg("ioctl", "cmd", t, TIOCSPGRP, "TIOCSPGRP");
	check_arg("ioctl", "cmd", t, FIONREAD, "FIONREAD");
	check_arg("ioctl", "cmd", t, FIONBIO, "FIONBIO");
	check_arg("ioctl", "cmd", t, FIOCLEX, "FIOCLEX");
	check_arg("ioctl", "cmd", t, TIOCGPTN, "TIOCGPTN");      /* _IOR: above 2^31 */
	check_arg("ioctl", "cmd", t, TIOCSPTLCK, "TIOCSPTLCK");
	check_arg("ioctl", "cmd", t, 0xdead, "0xdead");
	check_arg("ioctl", "arg", "unsigned long", 0x7ffd0010, "0x7ffd0010");
	check_arg("ioctl", "arg", "unsigned long", 0, "0");
}

static void test_fd_creation_flags(void **state)
{
	check_arg("pipe2", "flags", "int", O_CLOEXEC, "CLOEXEC");
	check_arg("pipe2", "flags", "int", O_CLOEXEC | O_NONBLOCK | O_DIRECT, "NONBLOCK|DIRECT|CLOEXEC");
	check_arg("dup3", "flags", "int", O_CLOEXEC, "CLOEXEC");
	check_arg("epoll_create1", "flags", "int", 0, "0");
	check_arg("eventfd2", "flags", "int", O_CLOEXEC | O_NONBLOCK | 1, "SEMAPHORE|NONBLOCK|CLOEXEC");
	check_arg("memfd_create", "flags", "unsigned int", MFD_CLOEXEC | MFD_ALLOW_SEALING,
		  "CLOEXEC|ALLOW_SEALING");
	check_arg("inotify_init1", "flags", "int", O_NONBLOCK, "NONBLOCK");
	check_arg("epoll_ctl", "op", "int", 1, "ADD");
	/* flags without a table: hex */
	check_arg("pidfd_send_signal", "flags", "unsigned int", 0x5, "0x5");
	check_arg("pidfd_send_signal", "flags", "unsigned int", 0, "0");
}

/* ---- errno and return values ------------------------------------------------------------ */

static void test_errno(void **state)
{
	assert_string_equal(errno_name(ENOENT), "ENOENT");
	assert_string_equal(errno_message(ENOENT), "No such file or directory");
	assert_string_equal(errno_name(EACCES), "EACCES");
	assert_string_equal(errno_message(EACCES), "Permission denied");
	assert_string_equal(errno_name(EAGAIN), "EAGAIN");
	assert_string_equal(errno_message(EAGAIN), "Resource temporarily unavailable");
	assert_string_equal(errno_message(EINTR), "Interrupted system call");
	assert_string_equal(errno_name(EPERM), "EPERM");
	assert_string_equal(errno_message(ENOTTY), "Inappropriate ioctl for device");
	assert_string_equal(errno_name(EHWPOISON), "EHWPOISON");
	assert_string_equal(errno_message(EHWPOISON), "Memory page has hardware error");
	assert_string_equal(errno_name(512), "ERESTARTSYS");
	assert_string_equal(errno_message(512), "To be restarted if SA_RESTART is set");
	assert_string_equal(errno_name(513), "ERESTARTNOINTR");
	assert_string_equal(errno_name(514), "ERESTARTNOHAND");
	assert_string_equal(errno_name(515), "ENOIOCTLCMD");
	assert_string_equal(errno_name(516), "ERESTART_RESTARTBLOCK");
	assert_string_equal(errno_name(517), "EPROBE_DEFER");
	assert_string_equal(errno_name(524), "ENOTSUPP");
	assert_null(errno_name(0));
	assert_null(errno_name(41));    /* unassigned */
	assert_null(errno_name(777));
	assert_null(errno_message(-1));

	/* every errno the C library knows has a name and a message */
	for (int e = 1; e <= 133; e++) {
		if (e == 41 || e == 58)
			continue;
		assert_non_null(errno_name(e));
		assert_non_null(errno_message(e));
		assert_int_equal(errno_name(e)[0], 'E');
	}
	/* sorted, so that the lookup can search in halves */
	for (size_t i = 1; i < bt_errno_descs_nr; i++)
		assert_true(bt_errno_descs[i - 1].err < bt_errno_descs[i].err);
}

static void test_ret_print(void **state)
{
	u64 args[6] = { 0 };
	struct sc_arg_ctx ctx = ctx_with(args, 0);

	check_ret(SC_RET_DEC, 0, &ctx, "0");
	check_ret(SC_RET_DEC, 1234, &ctx, "1234");
	check_ret(SC_RET_DEC, -2, &ctx, "-1 ENOENT (No such file or directory)");
	check_ret(SC_RET_DEC, -11, &ctx, "-1 EAGAIN (Resource temporarily unavailable)");
	check_ret(SC_RET_DEC, -4095, &ctx, "-1 E??? (errno 4095)");
	check_ret(SC_RET_DEC, -777, &ctx, "-1 E??? (errno 777)");
	check_ret(SC_RET_DEC, -4096, &ctx, "-4096");
	check_ret(SC_RET_DEC, -512, &ctx, "? ERESTARTSYS (To be restarted if SA_RESTART is set)");
	check_ret(SC_RET_DEC, -516, &ctx, "? ERESTART_RESTARTBLOCK (Interrupted by signal)");
	check_ret(SC_RET_DEC, -517, &ctx, "-1 EPROBE_DEFER (Driver requests probe retry)");

	check_ret(SC_RET_FD, 3, &ctx, "3</etc/hostname>");
	check_ret(SC_RET_FD, 4, &ctx, "4");
	check_ret(SC_RET_FD, 0, &ctx, "0");
	check_ret(SC_RET_FD, -13, &ctx, "-1 EACCES (Permission denied)");
	check_ret(SC_RET_FD, -24, &ctx, "-1 EMFILE (Too many open files)");
	check_ret(SC_RET_FD, 3, NULL, "3");

	check_ret(SC_RET_PTR, 0x7f0011223000LL, &ctx, "0x7f0011223000");
	check_ret(SC_RET_PTR, -12, &ctx, "-1 ENOMEM (Cannot allocate memory)");
	check_ret(SC_RET_PTR, (s64)0xffffffffff600000ULL, &ctx, "0xffffffffff600000");

	check_ret(SC_RET_HEX, 0x802, &ctx, "0x802");
	check_ret(SC_RET_HEX, 0, &ctx, "0");
	check_ret(SC_RET_HEX, -9, &ctx, "-1 EBADF (Bad file descriptor)");

	check_ret(SC_RET_NONE, 0, &ctx, "?");
	check_ret(SC_RET_NONE, -2, &ctx, "?");
}

static void test_ret_kind(void **state)
{
	static const char *const fd_calls[] = {
		"open", "openat", "openat2", "creat", "socket", "accept", "accept4", "dup", "dup2",
		"dup3", "epoll_create", "epoll_create1", "eventfd", "eventfd2", "signalfd",
		"signalfd4", "timerfd_create", "inotify_init", "inotify_init1", "memfd_create",
		"memfd_secret", "pidfd_open", "pidfd_getfd", "perf_event_open", "open_by_handle_at",
		"fanotify_init", "userfaultfd", "io_uring_setup", "fsopen", "fsmount", "fspick",
		"open_tree", "landlock_create_ruleset",
	};

	for (size_t i = 0; i < ARRAY_SIZE(fd_calls); i++)
		assert_int_equal(sc_ret_kind(fd_calls[i]), SC_RET_FD);
	assert_int_equal(sc_ret_kind("mmap"), SC_RET_PTR);
	assert_int_equal(sc_ret_kind("mremap"), SC_RET_PTR);
	assert_int_equal(sc_ret_kind("brk"), SC_RET_PTR);
	assert_int_equal(sc_ret_kind("shmat"), SC_RET_PTR);
	assert_int_equal(sc_ret_kind("exit"), SC_RET_NONE);
	assert_int_equal(sc_ret_kind("exit_group"), SC_RET_NONE);
	assert_int_equal(sc_ret_kind("read"), SC_RET_DEC);
	assert_int_equal(sc_ret_kind("fcntl"), SC_RET_DEC);
	assert_int_equal(sc_ret_kind("close"), SC_RET_DEC);
	assert_int_equal(sc_ret_kind("no_such_call"), SC_RET_DEC);
	assert_int_equal(sc_ret_kind(NULL), SC_RET_DEC);
}

/* ---- which formatter for which argument -------------------------------------------------- */

/* What an argument prints as, picked by (syscall, argument, type) as this
 * kernel's tracefs formats spell them: the decoded text for a known value,
 * with fd 3 open on /etc/hostname and "/tmp/x" captured as the argument's
 * string (printed by the arguments that are strings, ignored by the others).
 * What matters is what the user sees; which rule of tables-args.c yields it
 * is the table's business. */
static const struct {
	const char *sc, *arg, *type;
	u64 val;
	const char *shows;
} decodes[] = {
	{ "openat", "dfd", "int", SX(AT_FDCWD), "CWD" },
	{ "openat", "filename", "const char *", 0x7ffd1000, "\"/tmp/x\"" },
	{ "openat", "flags", "int", SX(O_WRONLY | O_CREAT | O_CLOEXEC), "WRONLY|CREAT|CLOEXEC" },
	{ "openat", "mode", "umode_t", 0640, "0640" },
	{ "open", "flags", "int", SX(O_WRONLY | O_CREAT | O_CLOEXEC), "WRONLY|CREAT|CLOEXEC" },
	{ "creat", "mode", "umode_t", 0644, "0644" },
	{ "openat2", "how", "struct open_how *", 0x7ffd1000, "0x7ffd1000" },
	{ "openat2", "usize", "size_t", 4096, "4096" },
	{ "close", "fd", "unsigned int", 3, "3</etc/hostname>" },
	{ "read", "fd", "unsigned int", 3, "3</etc/hostname>" },
	{ "read", "buf", "char *", 0x7ffd1000, "0x7ffd1000" },
	{ "read", "count", "size_t", 4096, "4096" },
	{ "write", "buf", "const char *", 0x7ffd1000, "0x7ffd1000" },
	{ "pread64", "pos", "loff_t", SX(-100), "-100" },
	{ "lseek", "offset", "off_t", SX(-100), "-100" },
	{ "lseek", "whence", "unsigned int", SEEK_END, "END" },
	{ "dup2", "oldfd", "unsigned int", 3, "3</etc/hostname>" },
	{ "dup3", "flags", "int", O_CLOEXEC, "CLOEXEC" },
	{ "dup", "fildes", "unsigned int", 3, "3</etc/hostname>" },
	{ "pipe", "fildes", "int *", 0x7ffd1000, "0x7ffd1000" },
	{ "sendfile", "out_fd", "int", 3, "3</etc/hostname>" },
	{ "copy_file_range", "fd_in", "int", 3, "3</etc/hostname>" },
	{ "tee", "fdin", "int", 3, "3</etc/hostname>" },
	{ "epoll_wait", "epfd", "int", 3, "3</etc/hostname>" },
	{ "signalfd4", "ufd", "int", 3, "3</etc/hostname>" },
	{ "mq_timedsend", "mqdes", "mqd_t", 3, "3</etc/hostname>" },
	{ "fcntl", "cmd", "unsigned int", F_SETFL, "SETFL" },
	{ "fcntl", "arg", "unsigned long", 2048, "2048" },
	{ "ioctl", "cmd", "unsigned int", TCGETS, "TCGETS" },
	{ "ioctl", "arg", "unsigned long", 0x1f, "0x1f" },
	{ "flock", "cmd", "unsigned int", LOCK_EX | LOCK_NB, "LOCK_EX|LOCK_NB" },
	{ "access", "filename", "const char *", 0x7ffd1000, "\"/tmp/x\"" },
	{ "access", "mode", "int", R_OK | W_OK, "R_OK|W_OK" },
	{ "faccessat", "mode", "int", R_OK | W_OK, "R_OK|W_OK" },
	{ "faccessat2", "flags", "int", AT_EACCESS, "EACCESS" },
	{ "newfstatat", "flag", "int", AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH, "SYMLINK_NOFOLLOW|EMPTY_PATH" },
	{ "newfstatat", "statbuf", "struct stat *", 0x7ffd1000, "0x7ffd1000" },
	{ "unlinkat", "flag", "int", AT_REMOVEDIR, "REMOVEDIR" },
	{ "linkat", "olddfd", "int", SX(AT_FDCWD), "CWD" },
	{ "renameat2", "newdfd", "int", SX(AT_FDCWD), "CWD" },
	{ "renameat2", "flags", "unsigned int", RENAME_NOREPLACE, "NOREPLACE" },
	{ "statx", "flags", "unsigned", AT_EMPTY_PATH, "STATX_SYNC_AS_STAT|EMPTY_PATH" },
	{ "statx", "mask", "unsigned int", STATX_ALL, "ALL" },
	{ "statx", "buffer", "struct statx *", 0x7ffd1000, "0x7ffd1000" },
	{ "move_mount", "from_dfd", "int", SX(AT_FDCWD), "CWD" },
	{ "move_mount", "to_pathname", "const char *", 0x7ffd1000, "\"/tmp/x\"" },
	{ "chmod", "mode", "umode_t", 0644, "0644" },
	{ "mknodat", "mode", "umode_t", S_IFIFO | 0644, "S_IFIFO|0644" },
	{ "mknodat", "dev", "unsigned int", 0x103 /* makedev(1, 3) */, "makedev(0x1, 0x3)" },
	{ "umask", "mask", "int", 0644, "0644" },
	{ "chown", "user", "uid_t", SX(-100), "-100" },
	{ "rename", "oldname", "const char *", 0x7ffd1000, "\"/tmp/x\"" },
	{ "symlink", "newname", "const char *", 0x7ffd1000, "\"/tmp/x\"" },
	{ "mount", "dev_name", "char *", 0x7ffd1000, "\"/tmp/x\"" },
	{ "mount", "dir_name", "char *", 0x7ffd1000, "\"/tmp/x\"" },
	{ "mount", "type", "char *", 0x7ffd1000, "\"/tmp/x\"" },
	{ "mount", "flags", "unsigned long", MS_BIND | MS_REC, "BIND|REC" },
	{ "mount", "data", "void *", 0x7ffd1000, "0x7ffd1000" },
	{ "umount2", "name", "char *", 0x7ffd1000, "\"/tmp/x\"" },
	{ "umount2", "flags", "int", MNT_DETACH, "DETACH" },
	{ "swapon", "specialfile", "const char *", 0x7ffd1000, "\"/tmp/x\"" },
	{ "pivot_root", "put_old", "const char *", 0x7ffd1000, "\"/tmp/x\"" },
	{ "getxattr", "name", "const char *", 0x7ffd1000, "\"/tmp/x\"" },
	{ "memfd_create", "uname", "const char *", 0x7ffd1000, "\"/tmp/x\"" },
	{ "memfd_create", "flags", "unsigned int", MFD_CLOEXEC | MFD_ALLOW_SEALING, "CLOEXEC|ALLOW_SEALING" },
	{ "sethostname", "name", "char *", 0x7ffd1000, "\"/tmp/x\"" },
	{ "mq_open", "u_name", "const char *", 0x7ffd1000, "\"/tmp/x\"" },
	{ "mq_open", "oflag", "int", SX(O_WRONLY | O_CREAT | O_CLOEXEC), "WRONLY|CREAT|CLOEXEC" },
	{ "add_key", "_type", "const char *", 0x7ffd1000, "\"/tmp/x\"" },
	{ "execve", "filename", "const char *", 0x7ffd1000, "\"/tmp/x\"" },
	{ "execve", "argv", "const char *const *", 0x7ffd1000, "0x7ffd1000" },
	{ "execve", "envp", "const char *const *", 0x7ffd1000, "0x7ffd1000" },
	{ "execveat", "flags", "int", AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH, "SYMLINK_NOFOLLOW|EMPTY_PATH" },
	{ "inotify_add_watch", "mask", "u32", IN_CREATE | IN_DELETE, "CREATE|DELETE" },
	{ "fanotify_mark", "mask", "__u64", 0x1f, "0x1f" },
	{ "getrandom", "flags", "unsigned int", GRND_NONBLOCK, "NONBLOCK" },
	{ "preadv2", "flags", "rwf_t", RWF_SYNC, "SYNC" },
	{ "preadv2", "pos_l", "unsigned long", 4096, "4096" },
	{ "mmap", "addr", "unsigned long", 0x7ffd1000, "0x7ffd1000" },
	{ "mmap", "len", "unsigned long", 4096, "4096" },
	{ "mmap", "prot", "unsigned long", PROT_READ | PROT_EXEC, "READ|EXEC" },
	{ "mmap", "flags", "unsigned long", MAP_PRIVATE | MAP_ANONYMOUS, "PRIVATE|ANONYMOUS" },
	{ "mmap", "fd", "unsigned long", 3, "3</etc/hostname>" },
	{ "mmap", "off", "unsigned long", 0x1f, "0x1f" },
	{ "mprotect", "start", "unsigned long", 0x7ffd1000, "0x7ffd1000" },
	{ "mprotect", "prot", "unsigned long", PROT_READ | PROT_EXEC, "READ|EXEC" },
	{ "munmap", "len", "size_t", 4096, "4096" },
	{ "madvise", "behavior", "int", MADV_DONTNEED, "DONTNEED" },
	{ "mremap", "flags", "unsigned long", MREMAP_MAYMOVE, "MAYMOVE" },
	{ "mremap", "new_addr", "unsigned long", 0x7ffd1000, "0x7ffd1000" },
	{ "brk", "brk", "unsigned long", 0x7ffd1000, "0x7ffd1000" },
	{ "msync", "flags", "int", MS_SYNC, "SYNC" },
	{ "shmat", "shmaddr", "char *", 0x7ffd1000, "0x7ffd1000" },
	{ "shmget", "shmflg", "int", IPC_CREAT | 0600, "IPC_CREAT|0600" },
	{ "clone", "clone_flags", "unsigned long", CLONE_CHILD_CLEARTID | CLONE_CHILD_SETTID | SIGCHLD, "CHILD_CLEARTID|CHILD_SETTID|SIGCHLD" },
	{ "clone", "newsp", "unsigned long", 0x7ffd1000, "0x7ffd1000" },
	{ "clone", "parent_tidptr", "int *", 0x7ffd1000, "0x7ffd1000" },
	{ "clone", "tls", "unsigned long", 0x7ffd1000, "0x7ffd1000" },
	{ "clone3", "uargs", "struct clone_args *", 0x7ffd1000, "0x7ffd1000" },
	{ "unshare", "unshare_flags", "unsigned long", CLONE_NEWNS | CLONE_NEWNET, "NEWNS|NEWNET" },
	{ "futex", "uaddr", "u32 *", 0x7ffd1000, "0x7ffd1000" },
	{ "futex", "op", "int", FUTEX_WAIT_PRIVATE, "WAIT_PRIVATE" },
	{ "futex", "val", "u32", 4096, "4096" },
	{ "futex", "utime", "const struct __kernel_timespec *", 0x7ffd1000, "0x7ffd1000" },
	{ "wait4", "upid", "pid_t", SX(-100), "-100" },
	{ "wait4", "options", "int", WNOHANG, "WNOHANG" },
	{ "waitid", "options", "int", WNOHANG | WEXITED, "WNOHANG|WEXITED" },
	{ "kill", "pid", "pid_t", SX(-100), "-100" },
	{ "kill", "sig", "int", SIGTERM, "SIGTERM" },
	{ "tgkill", "sig", "int", SIGTERM, "SIGTERM" },
	{ "pidfd_send_signal", "pidfd", "int", 3, "3</etc/hostname>" },
	{ "pidfd_send_signal", "sig", "int", SIGTERM, "SIGTERM" },
	{ "rt_sigaction", "sig", "int", SIGTERM, "SIGTERM" },
	{ "rt_sigaction", "act", "const struct sigaction *", 0x7ffd1000, "0x7ffd1000" },
	{ "rt_sigaction", "oact", "struct sigaction *", 0x7ffd1000, "0x7ffd1000" },
	{ "rt_sigprocmask", "how", "int", SIG_BLOCK, "SIG_BLOCK" },
	{ "rt_sigprocmask", "nset", "sigset_t *", 0x7ffd1000, "0x7ffd1000" },
	{ "rt_sigprocmask", "sigsetsize", "size_t", 4096, "4096" },
	{ "pselect6", "sig", "void *", 0x7ffd1000, "0x7ffd1000" },
	{ "rseq", "sig", "u32", 0x1f, "0x1f" },
	{ "exit_group", "error_code", "int", SX(-100), "-100" },
	{ "prlimit64", "resource", "unsigned int", RLIMIT_NOFILE, "NOFILE" },
	{ "prctl", "option", "int", PR_SET_NAME, "SET_NAME" },
	{ "prctl", "arg2", "unsigned long", 0x1f, "0x1f" },
	{ "arch_prctl", "option", "int", 0x1002, "SET_FS" },
	{ "ptrace", "request", "long", 16, "ATTACH" },
	{ "sched_setscheduler", "policy", "int", SCHED_FIFO | SCHED_RESET_ON_FORK, "FIFO|RESET_ON_FORK" },
	{ "sched_getparam", "pid", "pid_t", SX(-100), "-100" },
	{ "getpriority", "which", "int", PRIO_PROCESS, "PROCESS" },
	{ "capget", "header", "cap_user_header_t", 0x7ffd1000, "0x7ffd1000" },
	{ "perf_event_open", "flags", "unsigned long", 8, "FD_CLOEXEC" },
	{ "perf_event_open", "group_fd", "int", 3, "3</etc/hostname>" },
	{ "socket", "family", "int", AF_INET6, "INET6" },
	{ "socket", "type", "int", SOCK_STREAM | SOCK_CLOEXEC, "STREAM|CLOEXEC" },
	{ "socket", "protocol", "int", IPPROTO_TCP, "6" },
	{ "connect", "uservaddr", "struct sockaddr *", 0x7ffd1000, "0x7ffd1000" },
	{ "connect", "addrlen", "int", SX(-100), "-100" },
	{ "sendto", "len", "size_t", 4096, "4096" },
	{ "sendto", "flags", "unsigned int", MSG_NOSIGNAL, "NOSIGNAL" },
	{ "setsockopt", "level", "int", SOL_SOCKET, "SOL_SOCKET" },
	{ "setsockopt", "optname", "int", 2, "2" },
	{ "setsockopt", "optval", "char *", 0x7ffd1000, "0x7ffd1000" },
	{ "shutdown", "how", "int", SHUT_WR, "WR" },
	{ "accept4", "flags", "int", O_CLOEXEC, "CLOEXEC" },
	{ "clock_gettime", "which_clock", "const clockid_t", CLOCK_MONOTONIC, "MONOTONIC" },
	{ "clock_nanosleep", "flags", "int", TIMER_ABSTIME, "ABSTIME" },
	{ "timerfd_create", "clockid", "int", CLOCK_MONOTONIC, "MONOTONIC" },
	{ "timerfd_settime", "flags", "int", 1, "TIMER_ABSTIME" },
	{ "setitimer", "which", "int", ITIMER_REAL, "REAL" },
	{ "nanosleep", "rqtp", "struct __kernel_timespec *", 0x7ffd1000, "0x7ffd1000" },
	{ "landlock_add_rule", "ruleset_fd", "const int", 3, "3</etc/hostname>" },
	{ "landlock_add_rule", "rule_attr", "const void *const", 0x7ffd1000, "0x7ffd1000" },
	{ "landlock_create_ruleset", "size", "const size_t", 4096, "4096" },
	{ "io_submit", "ctx_id", "aio_context_t", 0x1f, "0x1f" },
	{ "io_submit", "iocbpp", "struct iocb * *", 0x7ffd1000, "0x7ffd1000" },
	{ "quotactl", "id", "qid_t", 4096, "4096" },
	{ "bpf", "cmd", "int", 5, "PROG_LOAD" },
	{ "seccomp", "op", "unsigned int", 1, "SET_MODE_FILTER" },
	{ "membarrier", "cmd", "int", 0, "QUERY" },
	{ "keyctl", "option", "int", 0, "GET_KEYRING_ID" },
	{ "semctl", "cmd", "int", IPC_RMID, "IPC_RMID" },
	{ "made_up", "made_up", "int", SX(-100), "-100" },
	{ "made_up", "made_up", "unsigned int", 4096, "4096" },
	{ "made_up", "made_up", "unsigned long", 4096, "4096" },
	{ "made_up", "made_up", "some_typedef_t", SX(-100), "-100" },
	{ "made_up", "made_up", "struct foo *", 0x7ffd1000, "0x7ffd1000" },
	{ "made_up", "made_up", "", SX(-100), "-100" },
	/* unknown names and types still print something sensible */
	{ "made_up", "made_up", "u8", 200, "200" },
};

static void test_pick_decodes(void **state)
{
	for (size_t i = 0; i < ARRAY_SIZE(decodes); i++) {
		const struct sc_arg_fmt *fmt = sc_arg_fmt_pick(decodes[i].sc, decodes[i].arg, decodes[i].type);
		u64 args[6];
		struct sc_arg_ctx ctx = ctx_with(args, 0);
		struct outbuf ob;
		char got[256];

		/* Every argument holds the value: those whose decoding reads
		 * another argument (open's mode reads the flags) see it too. */
		for (size_t a = 0; a < ARRAY_SIZE(args); a++)
			args[a] = decodes[i].val;
		ctx.str = "/tmp/x";
		ctx.str_len = 6;
		ctx.str_valid = true;
		assert_non_null(fmt);
		outbuf_init_mem(&ob);
		fmt->print(&ob, decodes[i].val, &ctx);
		snprintf(got, sizeof(got), "%s", outbuf_cstr(&ob));
		outbuf_release(&ob);
		if (strcmp(got, decodes[i].shows))
			fail_msg("%s(%s %s) = %#llx: got '%s', want '%s'", decodes[i].sc, decodes[i].type,
				 decodes[i].arg, (unsigned long long)decodes[i].val, got, decodes[i].shows);
	}
	/* Not even a name or a type: still a formatter. */
	assert_non_null(sc_arg_fmt_pick(NULL, NULL, NULL));
	/* An fd argument is one the fd table follows, whatever the syscall. */
	assert_true(sc_arg_fmt_pick(NULL, "fd", "int")->is_fd);
	assert_true(sc_arg_fmt_pick("close", "fd", "unsigned int")->is_fd);
	assert_true(sc_arg_fmt_pick("openat", "dfd", "int")->is_fd);
	assert_false(sc_arg_fmt_pick("kill", "pid", "pid_t")->is_fd);
}

/* One "\tfield:TYPE NAME;\toffset:..." line of a format file: the
 * argument's formatter must exist and say what it is. */
static int check_format_line(const char *sc, char *line)
{
	char *field = strstr(line, "field:"), *semi, *name;
	const struct sc_arg_fmt *fmt;

	if (!field || strstr(line, "common_") || strstr(line, "__syscall_nr"))
		return 0;
	semi = strchr(field += 6, ';');
	name = semi ? memrchr(field, ' ', (size_t)(semi - field)) : NULL;
	if (!name)
		return 0;
	*semi = *name++ = '\0';
	fmt = sc_arg_fmt_pick(sc, name, field);
	assert_true(fmt && fmt->print && fmt->kind && *fmt->kind);
	return 1;
}

/* Every argument of every syscall this kernel describes gets a formatter,
 * and nothing trips over the real names and types. */
static void test_pick_live_tracefs(void **state)
{
	const char *root = "/sys/kernel/tracing/events/syscalls";
	DIR *dir = opendir(root);
	struct dirent *de;
	int nargs = 0;

	if (!dir)
		skip();   /* tracefs not mounted: the fixed triples above still ran */
	while ((de = readdir(dir))) {
		char path[512], line[512];
		FILE *f;

		if (strncmp(de->d_name, "sys_enter_", 10))
			continue;
		snprintf(path, sizeof(path), "%s/%s/format", root, de->d_name);
		if (!(f = fopen(path, "r")))
			continue;
		while (fgets(line, sizeof(line), f))
			nargs += check_format_line(de->d_name + 10, line);
		fclose(f);
	}
	closedir(dir);
	if (!nargs)
		skip();
}

/* ---- the tables themselves -------------------------------------------------------------- */

static void check_flag_table(const struct flag_table *t)
{
	assert_true(t->nr > 0);
	for (size_t i = 0; i < t->nr; i++) {
		const struct flag_name *e = &t->entries[i];

		assert_non_null(e->name);
		assert_true(e->name[0] != '\0');
		/* a field value lies inside its mask; a plain entry names some bit */
		if (e->mask)
			assert_int_equal(e->value & ~e->mask, 0);
		else
			assert_true(e->value != 0);
	}
}

static void check_value_table(const struct value_table *t)
{
	assert_true(t->nr > 0);
	for (size_t i = 0; i < t->nr; i++) {
		assert_non_null(t->entries[i].name);
		assert_true(t->entries[i].name[0] != '\0');
		/* no value twice: a second name would never print */
		for (size_t j = 0; j < i; j++)
			if (t->entries[j].value == t->entries[i].value)
				fail_msg("%s and %s share %lld", t->entries[j].name,
					 t->entries[i].name, (long long)t->entries[i].value);
	}
}

static void test_tables_well_formed(void **state)
{
	const struct flag_table *flags[] = {
		&bt_open_flags, &bt_at_flags, &bt_unlinkat_flags, &bt_faccessat_flags, &bt_statx_flags,
		&bt_statx_mask, &bt_access_modes, &bt_fd_flags, &bt_fd_create_flags, &bt_eventfd_flags,
		&bt_memfd_flags, &bt_flock_ops, &bt_rename_flags, &bt_fallocate_modes, &bt_dnotify_flags,
		&bt_seal_flags, &bt_xattr_flags, &bt_close_range_flags, &bt_splice_flags,
		&bt_sync_file_range_flags, &bt_rwf_flags, &bt_inotify_masks, &bt_mount_flags, &bt_umount_flags,
		&bt_getrandom_flags, &bt_mmap_prots, &bt_mmap_flags, &bt_mremap_flags, &bt_msync_flags,
		&bt_mlockall_flags, &bt_mlock2_flags, &bt_clone_flags, &bt_futex2_flags, &bt_wait4_options,
		&bt_waitid_options, &bt_sched_policies, &bt_perf_event_open_flags, &bt_timer_flags,
		&bt_timerfd_settime_flags, &bt_socket_type_flags, &bt_msg_flags, &bt_ipcget_flags,
		&bt_shmget_flags, &bt_shmat_flags, &bt_msgop_flags, &bt_membarrier_flags,
		&bt_seccomp_filter_flags,
	};
	const struct value_table *values[] = {
		&bt_signal_names, &bt_signal_aliases, &bt_sigprocmask_hows, &bt_lseek_whences, &bt_fcntl_cmds,
		&bt_fadvise_advices, &bt_lease_types, &bt_epoll_ops, &bt_file_types, &bt_madvise_advices,
		&bt_futex_ops, &bt_futex_cmds, &bt_waitid_whiches, &bt_rlimit_resources, &bt_rusage_whos,
		&bt_prio_whiches, &bt_ioprio_whiches, &bt_prctl_options, &bt_arch_prctl_codes,
		&bt_ptrace_requests, &bt_clock_ids, &bt_itimer_whiches, &bt_socket_families, &bt_socket_types,
		&bt_ip_protocols, &bt_netlink_protocols, &bt_shutdown_hows, &bt_sockopt_levels,
		&bt_sol_socket_options, &bt_sol_tcp_options, &bt_sol_ip_options, &bt_sol_ipv6_options,
		&bt_ioctl_requests, &bt_shmctl_cmds, &bt_semctl_cmds, &bt_msgctl_cmds, &bt_bpf_cmds,
		&bt_keyctl_ops, &bt_membarrier_cmds, &bt_seccomp_ops,
	};

	for (size_t i = 0; i < ARRAY_SIZE(flags); i++)
		check_flag_table(flags[i]);
	for (size_t i = 0; i < ARRAY_SIZE(values); i++)
		check_value_table(values[i]);
	for (size_t i = 0; i < bt_sc_arg_exceptions_nr; i++)
		assert_non_null(bt_sc_arg_exceptions[i].sc);
	for (size_t i = 0; i < bt_sc_arg_name_rules_nr; i++)
		assert_null(bt_sc_arg_name_rules[i].sc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_beauty_flags), cmocka_unit_test(test_beauty_value),
		cmocka_unit_test(test_open_flags), cmocka_unit_test(test_open_mode_shown_only_with_creat),
		cmocka_unit_test(test_at_flags_and_dirfd),
		cmocka_unit_test(test_access_lseek_fcntl_flock), cmocka_unit_test(test_fcntl_arg_by_cmd),
		cmocka_unit_test(test_fd_args), cmocka_unit_test(test_string_args),
		cmocka_unit_test(test_exec_vectors), cmocka_unit_test(test_data_buffers),
		cmocka_unit_test(test_struct_args), cmocka_unit_test(test_signal_structs),
		cmocka_unit_test(test_mm), cmocka_unit_test(test_clone_and_unshare),
		cmocka_unit_test(test_futex), cmocka_unit_test(test_wait_and_process_misc),
		cmocka_unit_test(test_signals), cmocka_unit_test(test_sockets),
		cmocka_unit_test(test_ioctl), cmocka_unit_test(test_fd_creation_flags),
		cmocka_unit_test(test_errno), cmocka_unit_test(test_ret_print),
		cmocka_unit_test(test_ret_kind), cmocka_unit_test(test_pick_decodes),
		cmocka_unit_test(test_pick_live_tracefs), cmocka_unit_test(test_tables_well_formed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
