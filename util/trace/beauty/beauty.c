/* Syscall argument beautifiers: the table walkers, the argument
 * formatters, the choice of formatter per argument and the printing of
 * return values.  The tables themselves are data in tables-*.c (with the
 * errno and signal lookups next to their tables); which formatter an
 * argument gets is data too (tables-args.c). */
#include <fcntl.h>
#include <linux/futex.h>
#include <netinet/in.h>
#include <sched.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include "util/trace/beauty/beauty-internal.h"

/* The kernel ORs IPC_64 into the *ctl() commands of some ABIs; not in the
 * C library's headers (linux/ipc.h has it, but clashes with <sys/ipc.h>). */
#ifndef IPC_64
#define IPC_64 0x0100
#endif

/* The socket type's enum part; the kernel's SOCK_TYPE_MASK is not uapi. */
#ifndef SOCK_TYPE_MASK
#define SOCK_TYPE_MASK 0xf
#endif

#define U32_MASK 0xffffffffULL
#define U64_MASK (~0ULL)

/* ---- table walkers -------------------------------------------------- */

static u64 flag_mask(const struct flag_name *e)
{
	return e->mask ? e->mask : e->value;
}

static bool flag_entry_matches(const struct flag_name *e, u64 val, u64 done)
{
	u64 mask = flag_mask(e);

	/* A zero value without a mask cannot be tested for; a field already
	 * named (or bits consumed by a multi-bit name) is not named twice. */
	if (!mask || (mask & done))
		return false;
	return (val & mask) == e->value;
}

void beauty_flags(struct outbuf *ob, const struct flag_table *t, u64 val)
{
	beauty_flags_prefixed(ob, t, val, "");
}

void beauty_flags_prefixed(struct outbuf *ob, const struct flag_table *t, u64 val, const char *prefix)
{
	u64 left = val, done = 0;
	bool any = false;

	if (!val && t->zero) {
		outbuf_puts(ob, t->zero);
		return;
	}
	for (size_t i = 0; i < t->nr; i++) {
		const struct flag_name *e = &t->entries[i];

		if (!flag_entry_matches(e, val, done))
			continue;
		if (any)
			outbuf_putc(ob, '|');
		if (*prefix)
			outbuf_puts(ob, prefix);
		outbuf_puts(ob, e->name);
		any = true;
		done |= flag_mask(e);
		left &= ~flag_mask(e);
	}
	if (left || !any) {
		if (any)
			outbuf_putc(ob, '|');
		if (left)
			outbuf_hex(ob, left);
		else
			outbuf_putc(ob, '0');
	}
}

const char *value_table_name(const struct value_table *t, s64 val)
{
	for (size_t i = 0; i < t->nr; i++)
		if (t->entries[i].value == val)
			return t->entries[i].name;
	return NULL;
}

bool beauty_value(struct outbuf *ob, const struct value_table *t, s64 val)
{
	const char *name = value_table_name(t, val);

	if (name)
		outbuf_puts(ob, name);
	else
		outbuf_s64(ob, val);
	return name != NULL;
}

/* strace's -X: raw prints the number alone, verbose the number with the
 * names in a C comment after it, abbrev (the default) the names alone. A
 * value no name covers prints as the number in every style. */
static void xlat_number(struct outbuf *ob, u64 val, bool flags)
{
	if (flags && val)
		outbuf_hex(ob, val);
	else if (flags)
		outbuf_putc(ob, '0');
	else
		outbuf_s64(ob, (s64)val);
}

void beauty_flags_ctx(struct outbuf *ob, const struct flag_table *t, u64 val, const struct sc_arg_ctx *ctx)
{
	struct outbuf names, num;

	if (!ctx || ctx->xlat == SC_XLAT_ABBREV) {
		beauty_flags(ob, t, val);
		return;
	}
	xlat_number(ob, val, true);
	if (ctx->xlat != SC_XLAT_VERBOSE)
		return;
	outbuf_init_mem(&names);
	outbuf_init_mem(&num);
	beauty_flags(&names, t, val);
	xlat_number(&num, val, true);
	/* no name in it: the comment would repeat the number */
	if (strcmp(outbuf_cstr(&names), outbuf_cstr(&num))) {
		outbuf_puts(ob, " /* ");
		outbuf_puts(ob, outbuf_cstr(&names));
		outbuf_puts(ob, " */");
	}
	outbuf_release(&names);
	outbuf_release(&num);
}

bool beauty_value_ctx(struct outbuf *ob, const struct value_table *t, s64 val, const struct sc_arg_ctx *ctx)
{
	const char *name = value_table_name(t, val);

	if (!ctx || ctx->xlat == SC_XLAT_ABBREV || !name)
		return beauty_value(ob, t, val);
	xlat_number(ob, (u64)val, false);
	if (ctx->xlat == SC_XLAT_VERBOSE) {
		outbuf_puts(ob, " /* ");
		outbuf_puts(ob, name);
		outbuf_puts(ob, " */");
	}
	return true;
}

/* ---- generic formatters ------------------------------------------------- */

static void print_int(struct outbuf *ob, u64 val, const struct sc_arg_ctx *ctx)
{
	outbuf_s64(ob, (s32)(u32)val);
}

static void print_uint(struct outbuf *ob, u64 val, const struct sc_arg_ctx *ctx)
{
	outbuf_u64(ob, (u32)val);
}

static void print_long(struct outbuf *ob, u64 val, const struct sc_arg_ctx *ctx)
{
	outbuf_s64(ob, (s64)val);
}

static void print_ulong(struct outbuf *ob, u64 val, const struct sc_arg_ctx *ctx)
{
	outbuf_u64(ob, val);
}

/* "0" rather than "0x0", as strace's %#lx prints it. */
static void print_hex(struct outbuf *ob, u64 val, const struct sc_arg_ctx *ctx)
{
	if (val)
		outbuf_hex(ob, val);
	else
		outbuf_putc(ob, '0');
}

void bt_print_ptr(struct outbuf *ob, u64 val, const struct sc_arg_ctx *ctx)
{
	if (val)
		outbuf_hex(ob, val);
	else
		outbuf_puts(ob, "NULL");
}

static void print_octal(struct outbuf *ob, u64 val, const struct sc_arg_ctx *ctx)
{
	outbuf_octal(ob, (u32)val);
}

/* "3</etc/hostname>", or "3" when the path is unknown; negative fds
 * (-1 for "none", AT_FDCWD) have no path. */
static void print_fd_num(struct outbuf *ob, int fd, const struct sc_arg_ctx *ctx)
{
	const char *path = NULL;

	outbuf_s64(ob, fd);
	if (fd >= 0 && ctx && ctx->fd_path)
		path = ctx->fd_path(ctx->fd_priv, ctx->pid, fd);
	if (path) {
		outbuf_putc(ob, '<');
		outbuf_puts(ob, path);
		outbuf_putc(ob, '>');
	}
}

/* fds are ints even where the prototype says unsigned (close(-1) is -1). */
static void print_fd(struct outbuf *ob, u64 val, const struct sc_arg_ctx *ctx)
{
	print_fd_num(ob, (s32)(u32)val, ctx);
}

/* A number with a name, in ctx->xlat's style (-X): "CWD", "-100" or
 * "-100 /\* AT_FDCWD *\/" (the comment names it as strace does). */
static void print_xlat_named(struct outbuf *ob, s64 v, const char *name, const char *long_name,
			     const struct sc_arg_ctx *ctx)
{
	int xlat = ctx ? ctx->xlat : SC_XLAT_ABBREV;

	if (xlat == SC_XLAT_ABBREV) {
		outbuf_puts(ob, name);
		return;
	}
	outbuf_s64(ob, v);
	if (xlat == SC_XLAT_VERBOSE) {
		outbuf_puts(ob, " /* ");
		outbuf_puts(ob, long_name);
		outbuf_puts(ob, " */");
	}
}

static void print_dirfd(struct outbuf *ob, u64 val, const struct sc_arg_ctx *ctx)
{
	if ((s32)(u32)val == AT_FDCWD)
		print_xlat_named(ob, AT_FDCWD, "CWD", "AT_FDCWD", ctx);
	else
		print_fd(ob, val, ctx);
}

static void print_string(struct outbuf *ob, u64 val, const struct sc_arg_ctx *ctx)
{
	if (ctx && ctx->str_valid && ctx->str)
		outbuf_quoted(ob, ctx->str, ctx->str_len, ctx->str_truncated);
	else
		bt_print_ptr(ob, val, ctx);
}

static void print_signal(struct outbuf *ob, u64 val, const struct sc_arg_ctx *ctx)
{
	const char *name = signal_name((s32)(u32)val);

	if (name)
		print_xlat_named(ob, (s32)(u32)val, name, name, ctx);
	else
		outbuf_s64(ob, (s32)(u32)val);
}

/* open's mode means something only when a file may be created. */
static bool show_if_creat(u64 val, const struct sc_arg_ctx *ctx)
{
	u64 flags;

	if (!ctx || !ctx->args || ctx->idx == 0)
		return true;
	flags = ctx->args[ctx->idx - 1];     /* open, openat, mq_open: flags just before mode */
	return (flags & O_CREAT) || (flags & O_TMPFILE) == O_TMPFILE;
}

/* mknod: "S_IFCHR|0620" */
static void print_mknod_mode(struct outbuf *ob, u64 val, const struct sc_arg_ctx *ctx)
{
	u32 mode = (u32)val;
	const char *type = value_table_name(&bt_file_types, mode & S_IFMT);

	if (type) {
		outbuf_puts(ob, type);
		outbuf_putc(ob, '|');
		mode &= ~(u32)S_IFMT;
	}
	outbuf_octal(ob, mode);
}

/* mknod's dev, as strace prints it: "makedev(0x1, 0x3)". */
static void print_dev(struct outbuf *ob, u64 val, const struct sc_arg_ctx *ctx)
{
	dev_t dev = (u32)val;

	outbuf_puts(ob, "makedev(");
	print_hex(ob, major(dev), ctx);
	outbuf_puts(ob, ", ");
	print_hex(ob, minor(dev), ctx);
	outbuf_putc(ob, ')');
}

#define FMT(name, fn, ...) \
	const struct sc_arg_fmt bfmt_##name = { .kind = #name, .print = fn, __VA_ARGS__ }

FMT(int, print_int);
FMT(uint, print_uint);
FMT(long, print_long);
FMT(ulong, print_ulong);
FMT(size, print_ulong);
FMT(hex, print_hex);
FMT(ptr, bt_print_ptr);
FMT(octal, print_octal);
FMT(fd, print_fd, .is_fd = true);
FMT(dirfd, print_dirfd, .is_fd = true);
FMT(path, print_string, .is_string = true, .is_path = true);
FMT(string, print_string, .is_string = true);
FMT(signal, print_signal);
FMT(open_mode, print_octal, .show = show_if_creat);
FMT(mknod_mode, print_mknod_mode);
FMT(dev, print_dev);

/* ---- table-driven formatters -------------------------------------------- */

/* A flags argument: `mask` drops the upper half of int-typed arguments,
 * which the C library sign-extends into the 64-bit register. */
#define FLAGS_FMT(name, table, mask)						\
	static void print_##name(struct outbuf *ob, u64 val, const struct sc_arg_ctx *ctx) \
	{									\
		beauty_flags_ctx(ob, &table, val & (mask), ctx);		\
	}									\
	FMT(name, print_##name)

/* An enumeration passed as an int. */
#define VALUE_FMT(name, table)							\
	static void print_##name(struct outbuf *ob, u64 val, const struct sc_arg_ctx *ctx) \
	{									\
		beauty_value_ctx(ob, &table, (s32)(u32)val, ctx);		\
	}									\
	FMT(name, print_##name)

FLAGS_FMT(open_flags, bt_open_flags, U32_MASK);
FLAGS_FMT(at_flags, bt_at_flags, U32_MASK);
FLAGS_FMT(unlinkat_flags, bt_unlinkat_flags, U32_MASK);
FLAGS_FMT(faccessat_flags, bt_faccessat_flags, U32_MASK);
FLAGS_FMT(statx_flags, bt_statx_flags, U32_MASK);
FLAGS_FMT(statx_mask, bt_statx_mask, U32_MASK);
FLAGS_FMT(access_mode, bt_access_modes, U32_MASK);
VALUE_FMT(whence, bt_lseek_whences);
VALUE_FMT(fcntl_cmd, bt_fcntl_cmds);
FLAGS_FMT(fd_flags, bt_fd_flags, U32_MASK);
FLAGS_FMT(fd_create_flags, bt_fd_create_flags, U32_MASK);
FLAGS_FMT(eventfd_flags, bt_eventfd_flags, U32_MASK);
FLAGS_FMT(memfd_flags, bt_memfd_flags, U32_MASK);
FLAGS_FMT(flock_op, bt_flock_ops, U32_MASK);
FLAGS_FMT(rename_flags, bt_rename_flags, U32_MASK);
FLAGS_FMT(fallocate_mode, bt_fallocate_modes, U32_MASK);
VALUE_FMT(fadvise_advice, bt_fadvise_advices);
VALUE_FMT(lease_type, bt_lease_types);
FLAGS_FMT(dnotify_flags, bt_dnotify_flags, U32_MASK);
FLAGS_FMT(seal_flags, bt_seal_flags, U32_MASK);
FLAGS_FMT(xattr_flags, bt_xattr_flags, U32_MASK);
FLAGS_FMT(close_range_flags, bt_close_range_flags, U32_MASK);
FLAGS_FMT(splice_flags, bt_splice_flags, U32_MASK);
FLAGS_FMT(sync_file_range_flags, bt_sync_file_range_flags, U32_MASK);
FLAGS_FMT(rwf_flags, bt_rwf_flags, U32_MASK);
FLAGS_FMT(inotify_mask, bt_inotify_masks, U32_MASK);
VALUE_FMT(epoll_op, bt_epoll_ops);
FLAGS_FMT(mount_flags, bt_mount_flags, U64_MASK);
FLAGS_FMT(umount_flags, bt_umount_flags, U32_MASK);
FLAGS_FMT(getrandom_flags, bt_getrandom_flags, U32_MASK);
FLAGS_FMT(mmap_prot, bt_mmap_prots, U64_MASK);
FLAGS_FMT(mmap_flags, bt_mmap_flags, U64_MASK);
VALUE_FMT(madvise_advice, bt_madvise_advices);
FLAGS_FMT(mremap_flags, bt_mremap_flags, U64_MASK);
FLAGS_FMT(msync_flags, bt_msync_flags, U32_MASK);
FLAGS_FMT(mlockall_flags, bt_mlockall_flags, U32_MASK);
FLAGS_FMT(mlock2_flags, bt_mlock2_flags, U32_MASK);
FLAGS_FMT(unshare_flags, bt_clone_flags, U64_MASK);
FLAGS_FMT(futex2_flags, bt_futex2_flags, U32_MASK);
FLAGS_FMT(wait4_options, bt_wait4_options, U32_MASK);
FLAGS_FMT(waitid_options, bt_waitid_options, U32_MASK);
VALUE_FMT(waitid_which, bt_waitid_whiches);
VALUE_FMT(rlimit_resource, bt_rlimit_resources);
FLAGS_FMT(sched_policy, bt_sched_policies, U32_MASK);
VALUE_FMT(prio_which, bt_prio_whiches);
VALUE_FMT(ioprio_which, bt_ioprio_whiches);
VALUE_FMT(prctl_option, bt_prctl_options);
VALUE_FMT(arch_prctl_code, bt_arch_prctl_codes);
FLAGS_FMT(perf_event_open_flags, bt_perf_event_open_flags, U64_MASK);
VALUE_FMT(sigprocmask_how, bt_sigprocmask_hows);
VALUE_FMT(clockid, bt_clock_ids);
VALUE_FMT(itimer_which, bt_itimer_whiches);
FLAGS_FMT(timer_flags, bt_timer_flags, U32_MASK);
FLAGS_FMT(timerfd_settime_flags, bt_timerfd_settime_flags, U32_MASK);
VALUE_FMT(socket_family, bt_socket_families);
FLAGS_FMT(msg_flags, bt_msg_flags, U32_MASK);
VALUE_FMT(shutdown_how, bt_shutdown_hows);
VALUE_FMT(rusage_who, bt_rusage_whos);
FLAGS_FMT(shmat_flags, bt_shmat_flags, U32_MASK);
FLAGS_FMT(msgop_flags, bt_msgop_flags, U32_MASK);
VALUE_FMT(bpf_cmd, bt_bpf_cmds);
VALUE_FMT(keyctl_op, bt_keyctl_ops);
VALUE_FMT(membarrier_cmd, bt_membarrier_cmds);
FLAGS_FMT(membarrier_flags, bt_membarrier_flags, U32_MASK);
VALUE_FMT(seccomp_op, bt_seccomp_ops);
FLAGS_FMT(seccomp_filter_flags, bt_seccomp_filter_flags, U32_MASK);

/* ptrace's request is a long. */
static void print_ptrace_request(struct outbuf *ob, u64 val, const struct sc_arg_ctx *ctx)
{
	beauty_value(ob, &bt_ptrace_requests, (s64)val);
}
FMT(ptrace_request, print_ptrace_request);

/* ---- formatters that look further than one table ------------------------ */

/* Unknown requests print in hex: their bits encode direction, size, type
 * and number, which decimal hides. */
static void print_ioctl_cmd(struct outbuf *ob, u64 val, const struct sc_arg_ctx *ctx)
{
	const char *name = value_table_name(&bt_ioctl_requests, (u32)val);

	if (name)
		outbuf_puts(ob, name);
	else
		outbuf_hex(ob, (u32)val);
}
FMT(ioctl_cmd, print_ioctl_cmd);

/* "VM|FS|...|CHILD_SETTID|SIGCHLD": the low byte is the exit signal. */
static void print_clone_flags(struct outbuf *ob, u64 val, const struct sc_arg_ctx *ctx)
{
	u64 flags = val & ~(u64)CSIGNAL;
	int sig = (int)(val & CSIGNAL);

	if (flags)
		beauty_flags(ob, &bt_clone_flags, flags);
	if (sig) {
		if (flags)
			outbuf_putc(ob, '|');
		print_signal(ob, (u64)sig, ctx);
	}
	if (!flags && !sig)
		outbuf_putc(ob, '0');
}
FMT(clone_flags, print_clone_flags);

/* "WAIT_BITSET_PRIVATE|CLOCK_REALTIME": the header's combined names where
 * they exist; otherwise the command, then PRIVATE_FLAG. */
static void print_futex_op(struct outbuf *ob, u64 val, const struct sc_arg_ctx *ctx)
{
	u32 op = (u32)val;
	const char *name = value_table_name(&bt_futex_ops, op & ~(u32)FUTEX_CLOCK_REALTIME);

	if (name) {
		outbuf_puts(ob, name);
	} else {
		beauty_value(ob, &bt_futex_cmds, op & FUTEX_CMD_MASK);
		if (op & FUTEX_PRIVATE_FLAG)
			outbuf_puts(ob, "|PRIVATE_FLAG");
	}
	if (op & FUTEX_CLOCK_REALTIME)
		outbuf_puts(ob, "|CLOCK_REALTIME");
}
FMT(futex_op, print_futex_op);

/* "STREAM|CLOEXEC|NONBLOCK": an enum in the low bits, flags above. */
static void print_socket_type(struct outbuf *ob, u64 val, const struct sc_arg_ctx *ctx)
{
	u32 type = (u32)val;
	u32 flags = type & ~(u32)SOCK_TYPE_MASK;

	beauty_value(ob, &bt_socket_types, type & SOCK_TYPE_MASK);
	if (flags) {
		outbuf_putc(ob, '|');
		beauty_flags(ob, &bt_socket_type_flags, flags);
	}
}
FMT(socket_type, print_socket_type);

/* The protocol numbers mean something per family (args[0]). */
static void print_socket_protocol(struct outbuf *ob, u64 val, const struct sc_arg_ctx *ctx)
{
	int family = ctx && ctx->args ? (s32)(u32)ctx->args[0] : AF_UNSPEC;
	s32 proto = (s32)(u32)val;

	if (family == AF_INET || family == AF_INET6)
		beauty_value(ob, &bt_ip_protocols, proto);
	else if (family == AF_NETLINK)
		beauty_value(ob, &bt_netlink_protocols, proto);
	else
		outbuf_s64(ob, proto);
}
FMT(socket_protocol, print_socket_protocol);

/* msgget/semget/shmget: "IPC_CREAT|IPC_EXCL|0600", the permissions apart. */
static void print_ipcget(struct outbuf *ob, const struct flag_table *t, u64 val)
{
	u32 flags = (u32)val & ~0777u, perms = (u32)val & 0777u;

	if (flags) {
		beauty_flags(ob, t, flags);
		outbuf_putc(ob, '|');
	}
	outbuf_octal(ob, perms);
}

static void print_ipcget_flags(struct outbuf *ob, u64 val, const struct sc_arg_ctx *ctx)
{
	print_ipcget(ob, &bt_ipcget_flags, val);
}
FMT(ipcget_flags, print_ipcget_flags);

static void print_shmget_flags(struct outbuf *ob, u64 val, const struct sc_arg_ctx *ctx)
{
	print_ipcget(ob, &bt_shmget_flags, val);
}
FMT(shmget_flags, print_shmget_flags);

/* shmctl/semctl/msgctl: "IPC_STAT", or "IPC_STAT|IPC_64". */
static void print_ipc_cmd(struct outbuf *ob, const struct value_table *t, u64 val)
{
	s32 cmd = (s32)(u32)val;

	beauty_value(ob, t, cmd & ~IPC_64);
	if (cmd & IPC_64)
		outbuf_puts(ob, "|IPC_64");
}

static void print_shmctl_cmd(struct outbuf *ob, u64 val, const struct sc_arg_ctx *ctx)
{
	print_ipc_cmd(ob, &bt_shmctl_cmds, val);
}
FMT(shmctl_cmd, print_shmctl_cmd);

static void print_semctl_cmd(struct outbuf *ob, u64 val, const struct sc_arg_ctx *ctx)
{
	print_ipc_cmd(ob, &bt_semctl_cmds, val);
}
FMT(semctl_cmd, print_semctl_cmd);

static void print_msgctl_cmd(struct outbuf *ob, u64 val, const struct sc_arg_ctx *ctx)
{
	print_ipc_cmd(ob, &bt_msgctl_cmds, val);
}
FMT(msgctl_cmd, print_msgctl_cmd);

/* Option names per level (args[1] of getsockopt/setsockopt); an unknown
 * name at a known level in hex with strace's comment ("0x270f / * SO_??? * /"),
 * at an unknown level in decimal, as strace prints them. */
static const struct {
	int level;
	const struct value_table *names;
	const char *unknown;
} sockopt_names_by_level[] = {
	{ SOL_SOCKET, &bt_sol_socket_options, "SO_???" },
	{ IPPROTO_TCP, &bt_sol_tcp_options, "TCP_???" },
	{ IPPROTO_IP, &bt_sol_ip_options, "IP_???" },
	{ IPPROTO_IPV6, &bt_sol_ipv6_options, "IPV6_???" },
	{ IPPROTO_UDP, &bt_sol_udp_options, "UDP_???" },
	{ SOL_NETLINK, &bt_sol_netlink_options, "NETLINK_???" },
};

static void print_sockopt_name(struct outbuf *ob, u64 val, const struct sc_arg_ctx *ctx)
{
	int level = ctx && ctx->args ? (s32)(u32)ctx->args[1] : -1;

	for (size_t i = 0; i < ARRAY_SIZE(sockopt_names_by_level); i++) {
		if (sockopt_names_by_level[i].level == level) {
			const char *name = value_table_name(sockopt_names_by_level[i].names, (s32)(u32)val);
			if (name)
				outbuf_puts(ob, name);
			else
				outbuf_printf(ob, "%#x /* %s */", (u32)val, sockopt_names_by_level[i].unknown);
			return;
		}
	}
	outbuf_u64(ob, (u32)val);
}
FMT(sockopt_name, print_sockopt_name);

/* The level: SOL_SOCKET, SOL_TCP, ...; unknown: "0x4d2 / * SOL_?? * /". */
static void print_sockopt_level(struct outbuf *ob, u64 val, const struct sc_arg_ctx *ctx)
{
	const char *name = value_table_name(&bt_sockopt_levels, (s32)(u32)val);

	if (name)
		outbuf_puts(ob, name);
	else
		outbuf_printf(ob, "%#x /* SOL_?? */", (u32)val);
}
FMT(sockopt_level, print_sockopt_level);

/* fcntl's third argument: its meaning (and presence) depends on the
 * command, args[1]; bt_fcntl_arg_rules says which. */
static const struct fcntl_arg_rule *fcntl_arg_rule(const struct sc_arg_ctx *ctx)
{
	int cmd;

	if (!ctx || !ctx->args)
		return NULL;
	cmd = (s32)(u32)ctx->args[1];
	for (size_t i = 0; i < bt_fcntl_arg_rules_nr; i++)
		if (bt_fcntl_arg_rules[i].cmd == cmd)
			return &bt_fcntl_arg_rules[i];
	return NULL;
}

static void print_fcntl_arg(struct outbuf *ob, u64 val, const struct sc_arg_ctx *ctx)
{
	const struct fcntl_arg_rule *r = fcntl_arg_rule(ctx);

	if (r && r->fmt)
		r->fmt->print(ob, val, ctx);
	else
		print_long(ob, val, ctx);
}

static bool show_fcntl_arg(u64 val, const struct sc_arg_ctx *ctx)
{
	const struct fcntl_arg_rule *r = fcntl_arg_rule(ctx);

	return !r || r->fmt;
}
FMT(fcntl_arg, print_fcntl_arg, .show = show_fcntl_arg);

/* ---- choosing a formatter ------------------------------------------------ */

struct type_info {
	const char *base;       /* without qualifiers: "unsigned long", "char *" */
	bool ptr;
	bool charptr;           /* exactly one level of char pointer: a string */
};

/* "const char *" -> "char *"; "const void *const" -> "void *". */
static void type_info(const char *type, char *buf, size_t size, struct type_info *ti)
{
	size_t n = 0;

	while (*type && n + 1 < size) {
		bool word_start = !n || buf[n - 1] == ' ' || buf[n - 1] == '*';

		if (word_start && !strncmp(type, "const", 5) && (type[5] == ' ' || !type[5])) {
			type += 5;
		} else if (word_start && !strncmp(type, "volatile", 8) &&
			   (type[8] == ' ' || !type[8])) {
			type += 8;
		} else if (*type == ' ') {
			if (n && buf[n - 1] != ' ')
				buf[n++] = ' ';
			type++;
		} else {
			if (*type == '*' && n >= 2 && buf[n - 1] == ' ' && buf[n - 2] == '*')
				n--;    /* "char * *" -> "char **" */
			buf[n++] = *type++;
		}
	}
	while (n && buf[n - 1] == ' ')
		n--;
	buf[n] = '\0';
	ti->base = buf;
	ti->ptr = strchr(buf, '*') != NULL;
	ti->charptr = !strcmp(buf, "char *");
}

static const struct sc_type_rule *type_rule(const struct type_info *ti)
{
	for (size_t i = 0; i < bt_sc_type_rules_nr; i++)
		if (!strcmp(bt_sc_type_rules[i].type, ti->base))
			return &bt_sc_type_rules[i];
	return NULL;
}

static bool type_is_unsigned(const struct type_info *ti)
{
	const struct sc_type_rule *r;

	if (ti->ptr)
		return false;
	if (!strncmp(ti->base, "unsigned", 8))
		return true;
	r = type_rule(ti);
	return r && r->is_unsigned;
}

static bool tclass_matches(enum arg_tclass tc, const struct type_info *ti)
{
	switch (tc) {
	case TC_ANY:
		return true;
	case TC_SCALAR:
		return !ti->ptr;
	case TC_UNSIGNED:
		return type_is_unsigned(ti);
	case TC_PTR:
		return ti->ptr;
	case TC_CHARPTR:
		return ti->charptr;
	}
	return false;
}

static const struct sc_arg_fmt *rule_find(const struct sc_arg_rule *rules, size_t nr,
					  const char *sc, const char *arg,
					  const struct type_info *ti)
{
	for (size_t i = 0; i < nr; i++) {
		const struct sc_arg_rule *r = &rules[i];

		if (r->sc && (!sc || strcmp(r->sc, sc)))
			continue;
		if (strcmp(r->arg, arg) || !tclass_matches(r->tclass, ti))
			continue;
		return r->fmt;
	}
	return NULL;
}

static const struct sc_arg_fmt *type_fallback(const struct type_info *ti)
{
	const struct sc_type_rule *r;

	if (ti->ptr)
		return &bfmt_ptr;
	r = type_rule(ti);
	if (r)
		return r->fmt;
	if (!strcmp(ti->base, "unsigned long") || !strcmp(ti->base, "unsigned long long"))
		return &bfmt_ulong;
	if (!strncmp(ti->base, "unsigned", 8))
		return &bfmt_uint;
	/* Unknown scalar typedefs: the register as a signed number loses
	 * nothing for int-sized values, which the C library sign-extends. */
	return &bfmt_long;
}

const struct sc_arg_fmt *sc_arg_fmt_pick(const char *sc_name, const char *arg_name,
					 const char *arg_type)
{
	char buf[128];
	struct type_info ti;
	const struct sc_arg_fmt *fmt;

	type_info(arg_type ? arg_type : "", buf, sizeof(buf), &ti);
	if (!arg_name)
		return type_fallback(&ti);
	fmt = rule_find(bt_sc_arg_exceptions, bt_sc_arg_exceptions_nr, sc_name, arg_name, &ti);
	if (!fmt)
		fmt = rule_find(bt_sc_arg_name_rules, bt_sc_arg_name_rules_nr, NULL, arg_name, &ti);
	return fmt ? fmt : type_fallback(&ti);
}

/* ---- return values --------------------------------------------------------- */

enum sc_ret_kind sc_ret_kind(const char *sc_name)
{
	if (sc_name)
		for (size_t i = 0; i < bt_sc_ret_rules_nr; i++)
			if (!strcmp(bt_sc_ret_rules[i].sc, sc_name))
				return bt_sc_ret_rules[i].kind;
	return SC_RET_DEC;
}

/* Values in [-4095, -1] are -errno for every syscall, addresses included. */
#define MAX_ERRNO 4095

/* "-1 ENOENT (No such file or directory)"; the restart codes print as "?"
 * as strace prints them: the process never sees them, the call is redone
 * or fails with EINTR. */
static void print_errno(struct outbuf *ob, int err)
{
	const struct errno_desc *d = bt_errno_desc_find(err);

	if (!d) {
		outbuf_puts(ob, "-1 E??? (errno ");
		outbuf_s64(ob, err);
		outbuf_putc(ob, ')');
		return;
	}
	outbuf_puts(ob, d->restart ? "? " : "-1 ");
	outbuf_puts(ob, d->name);
	outbuf_puts(ob, " (");
	outbuf_puts(ob, d->msg);
	outbuf_putc(ob, ')');
}

void sc_ret_print(struct outbuf *ob, enum sc_ret_kind kind, s64 ret, const struct sc_arg_ctx *ctx)
{
	if (kind == SC_RET_NONE) {
		outbuf_putc(ob, '?');
		return;
	}
	if (ret < 0 && ret >= -MAX_ERRNO) {
		print_errno(ob, (int)-ret);
		return;
	}
	switch (kind) {
	case SC_RET_FD:
		if (ret >= 0 && ret <= INT32_MAX)
			print_fd_num(ob, (int)ret, ctx);
		else
			outbuf_s64(ob, ret);
		break;
	case SC_RET_PTR:
	case SC_RET_HEX:
		print_hex(ob, (u64)ret, ctx);
		break;
	default:
		outbuf_s64(ob, ret);
	}
}

const struct sc_cap *sc_cap_find(const struct sc_arg_ctx *ctx, int arg, unsigned kind, unsigned when)
{
	unsigned a;

	if (!ctx || !ctx->caps)
		return NULL;
	a = arg < 0 ? ctx->idx : (unsigned)arg;
	for (unsigned i = 0; i < ctx->ncap; i++) {
		const struct sc_cap *c = &ctx->caps[i];

		if (c->arg == a && c->when == when && (!kind || c->kind == kind))
			return c;
	}
	return NULL;
}

const struct sc_ret_fmt *sc_ret_fmt_find(const char *sc_name)
{
	if (sc_name)
		for (size_t i = 0; i < bt_sc_ret_fmts_nr; i++)
			if (!strcmp(bt_sc_ret_fmts[i].sc, sc_name))
				return &bt_sc_ret_fmts[i];
	return NULL;
}
