/* Private to util/trace/beauty: the tables (data, in tables-*.c) and the
 * formatter objects (in beauty.c) they are wired to.  Nothing outside
 * util/trace/beauty includes this; the public API is beauty.h.  Table symbols
 * carry a bt_ prefix and formatters bfmt_, so that they cannot collide with
 * the rest of the program once everything is linked together. */
#ifndef SCRY_BEAUTY_INTERNAL_H
#define SCRY_BEAUTY_INTERNAL_H

#include "util/trace/beauty/beauty.h"

/* A formatter's copy of a struct of n bytes, taken at w (SCRY_CAP_ENTRY,
 * SCRY_CAP_EXIT, both). */
#define CAP_FIXED(w, n) .cap = { .kind = SCRY_CAP_FIXED, .when = (w), .size = (n) }

/* Wrap a static array of entries into a table. */
#define FLAG_TABLE(arr, zero_name) { (arr), ARRAY_SIZE(arr), (zero_name) }
#define VALUE_TABLE(arr) { (arr), ARRAY_SIZE(arr) }

/* ---- tables-ret.c ------------------------------------------------------ */
extern const struct sc_ret_fmt bt_sc_ret_fmts[];
extern const size_t bt_sc_ret_fmts_nr;

/* ---- tables-errno.c ---------------------------------------------------- */
struct errno_desc {
	int err;
	const char *name;
	const char *msg;
	/* The kernel restarts the call (or returns EINTR): strace prints "?"
	 * instead of -1 because no process ever sees this value. */
	bool restart;
};
extern const struct errno_desc bt_errno_descs[];
extern const size_t bt_errno_descs_nr;
const struct errno_desc *bt_errno_desc_find(int err);     /* NULL if unknown */

/* ---- tables-signal.c --------------------------------------------------- */
extern const struct value_table bt_signal_names;     /* 1..31, "SIGHUP" */
extern const struct value_table bt_signal_aliases;   /* "SIGIOT", "SIGCLD", ... */
extern const struct value_table bt_sigprocmask_hows;
extern const struct flag_table bt_sigaction_flags;  /* SA_RESTORER|SA_RESTART, ... */

/* ---- tables-file.c ----------------------------------------------------- */
extern const struct flag_table bt_open_flags;
extern const struct flag_table bt_at_flags;
extern const struct flag_table bt_unlinkat_flags;
extern const struct flag_table bt_faccessat_flags;
extern const struct flag_table bt_statx_flags;
extern const struct flag_table bt_statx_mask;
extern const struct flag_table bt_statx_attrs;
extern const struct flag_table bt_access_modes;
extern const struct value_table bt_lseek_whences;
extern const struct value_table bt_fcntl_cmds;
extern const struct flag_table bt_fd_flags;          /* FD_CLOEXEC */
extern const struct flag_table bt_fd_create_flags;   /* O_CLOEXEC|O_NONBLOCK for pipe2, dup3, ... */
extern const struct flag_table bt_eventfd_flags;
extern const struct flag_table bt_memfd_flags;
extern const struct flag_table bt_flock_ops;
extern const struct flag_table bt_rename_flags;
extern const struct flag_table bt_fallocate_modes;
extern const struct value_table bt_fadvise_advices;
extern const struct value_table bt_lease_types;
extern const struct flag_table bt_dnotify_flags;
extern const struct flag_table bt_seal_flags;
extern const struct flag_table bt_xattr_flags;
extern const struct flag_table bt_close_range_flags;
extern const struct flag_table bt_splice_flags;
extern const struct flag_table bt_sync_file_range_flags;
extern const struct flag_table bt_rwf_flags;
extern const struct flag_table bt_inotify_masks;
extern const struct value_table bt_epoll_ops;
extern const struct flag_table bt_mount_flags;
extern const struct flag_table bt_umount_flags;
extern const struct flag_table bt_getrandom_flags;
extern const struct value_table bt_file_types;       /* S_IFREG, ... for mknod */

/* ---- tables-mm.c ------------------------------------------------------- */
extern const struct flag_table bt_mmap_prots;
extern const struct flag_table bt_mmap_flags;
extern const struct value_table bt_madvise_advices;
extern const struct flag_table bt_mremap_flags;
extern const struct flag_table bt_msync_flags;
extern const struct flag_table bt_mlockall_flags;
extern const struct flag_table bt_mlock2_flags;

/* ---- tables-process.c -------------------------------------------------- */
extern const struct flag_table bt_clone_flags;       /* without the CSIGNAL byte */
extern const struct value_table bt_futex_ops;        /* op without CLOCK_REALTIME */
extern const struct value_table bt_futex_cmds;       /* op & FUTEX_CMD_MASK */
extern const struct flag_table bt_futex2_flags;
extern const struct flag_table bt_wait4_options;
extern const struct flag_table bt_waitid_options;
extern const struct value_table bt_waitid_whiches;
extern const struct value_table bt_rlimit_resources;
extern const struct flag_table bt_sched_policies;
extern const struct value_table bt_rusage_whos;
extern const struct value_table bt_prio_whiches;
extern const struct value_table bt_ioprio_whiches;
extern const struct value_table bt_prctl_options;
extern const struct value_table bt_arch_prctl_codes;
extern const struct value_table bt_ptrace_requests;
extern const struct flag_table bt_perf_event_open_flags;

/* ---- tables-time.c ----------------------------------------------------- */
extern const struct value_table bt_clock_ids;
extern const struct value_table bt_itimer_whiches;
extern const struct flag_table bt_timer_flags;       /* TIMER_ABSTIME */
extern const struct flag_table bt_timerfd_settime_flags;

/* ---- tables-net.c ------------------------------------------------------ */
extern const struct value_table bt_socket_families;
extern const struct value_table bt_socket_types;     /* type & 0xf */
extern const struct flag_table bt_socket_type_flags; /* SOCK_CLOEXEC, SOCK_NONBLOCK */
extern const struct value_table bt_ip_protocols;
extern const struct value_table bt_netlink_protocols;
extern const struct flag_table bt_msg_flags;
extern const struct value_table bt_shutdown_hows;
extern const struct value_table bt_sockopt_levels;
extern const struct value_table bt_sol_socket_options;
extern const struct value_table bt_sol_tcp_options;
extern const struct value_table bt_sol_ip_options;
extern const struct value_table bt_sol_ipv6_options;

/* ---- tables-ipc.c ------------------------------------------------------ */
extern const struct flag_table bt_ipcget_flags;      /* msgget, semget */
extern const struct flag_table bt_shmget_flags;
extern const struct flag_table bt_shmat_flags;
extern const struct flag_table bt_msgop_flags;       /* msgsnd, msgrcv */
extern const struct value_table bt_shmctl_cmds;
extern const struct value_table bt_semctl_cmds;
extern const struct value_table bt_msgctl_cmds;

/* ---- tables-kernel.c --------------------------------------------------- */
extern const struct value_table bt_bpf_cmds;
extern const struct value_table bt_keyctl_ops;
extern const struct value_table bt_membarrier_cmds;
extern const struct flag_table bt_membarrier_flags;
extern const struct value_table bt_seccomp_ops;
extern const struct flag_table bt_seccomp_filter_flags;

/* ---- tables-ioctl.c ---------------------------------------------------- */
extern const struct value_table bt_ioctl_requests;

/* ---- the formatters (beauty.c) ----------------------------------------- */
/* Generic, by type. */
extern const struct sc_arg_fmt bfmt_int, bfmt_uint, bfmt_long, bfmt_ulong, bfmt_size,
	bfmt_hex, bfmt_ptr, bfmt_octal;
/* By argument name. */
extern const struct sc_arg_fmt bfmt_fd, bfmt_dirfd, bfmt_path, bfmt_string, bfmt_signal,
	bfmt_open_mode, bfmt_mknod_mode, bfmt_dev;
/* Printed from what the tracer copied (captured.c). */
extern const struct sc_arg_fmt bfmt_argv, bfmt_envp, bfmt_buf_in, bfmt_buf_out, bfmt_stat_out,
	bfmt_sockaddr_in, bfmt_timespec_in, bfmt_pipefds_out, bfmt_wait_status_out, bfmt_sigset_in,
	bfmt_sigset_out, bfmt_sigaction_in, bfmt_sigaction_out, bfmt_statx_out;
extern const struct sc_arg_fmt bfmt_sigframe;   /* rt_sigreturn: the mask its frame restores */
void bt_print_ptr(struct outbuf *ob, u64 val, const struct sc_arg_ctx *ctx);    /* 0x7ff..., NULL */
/* Table driven or otherwise specific to a syscall family. */
extern const struct sc_arg_fmt bfmt_open_flags, bfmt_at_flags, bfmt_unlinkat_flags,
	bfmt_faccessat_flags, bfmt_statx_flags, bfmt_statx_mask, bfmt_access_mode,
	bfmt_whence, bfmt_fcntl_cmd, bfmt_fcntl_arg, bfmt_fd_flags, bfmt_fd_create_flags,
	bfmt_eventfd_flags, bfmt_memfd_flags, bfmt_flock_op, bfmt_rename_flags,
	bfmt_fallocate_mode, bfmt_fadvise_advice, bfmt_lease_type, bfmt_dnotify_flags,
	bfmt_seal_flags, bfmt_xattr_flags, bfmt_close_range_flags, bfmt_splice_flags,
	bfmt_sync_file_range_flags, bfmt_rwf_flags, bfmt_inotify_mask, bfmt_epoll_op,
	bfmt_mount_flags, bfmt_umount_flags, bfmt_getrandom_flags, bfmt_ioctl_cmd;
extern const struct sc_arg_fmt bfmt_mmap_prot, bfmt_mmap_flags, bfmt_madvise_advice,
	bfmt_mremap_flags, bfmt_msync_flags, bfmt_mlockall_flags, bfmt_mlock2_flags;
extern const struct sc_arg_fmt bfmt_clone_flags, bfmt_unshare_flags, bfmt_futex_op,
	bfmt_futex2_flags, bfmt_wait4_options, bfmt_waitid_options, bfmt_waitid_which,
	bfmt_rlimit_resource, bfmt_sched_policy, bfmt_prio_which, bfmt_ioprio_which,
	bfmt_prctl_option, bfmt_arch_prctl_code, bfmt_ptrace_request,
	bfmt_perf_event_open_flags, bfmt_sigprocmask_how, bfmt_rusage_who;
extern const struct sc_arg_fmt bfmt_ipcget_flags, bfmt_shmget_flags, bfmt_shmat_flags,
	bfmt_msgop_flags, bfmt_shmctl_cmd, bfmt_semctl_cmd, bfmt_msgctl_cmd;
extern const struct sc_arg_fmt bfmt_bpf_cmd, bfmt_keyctl_op, bfmt_membarrier_cmd,
	bfmt_membarrier_flags, bfmt_seccomp_op, bfmt_seccomp_filter_flags;
extern const struct sc_arg_fmt bfmt_clockid, bfmt_itimer_which, bfmt_timer_flags,
	bfmt_timerfd_settime_flags;
extern const struct sc_arg_fmt bfmt_socket_family, bfmt_socket_type, bfmt_socket_protocol,
	bfmt_msg_flags, bfmt_shutdown_how, bfmt_sockopt_level, bfmt_sockopt_name;

/* ---- tables-sys.c, captured-{sys,proc,ioctl}.c: system info, process control */
extern const struct value_table bt_fs_magics;        /* EXT2_SUPER_MAGIC, ... */
extern const struct flag_table bt_statfs_flags;      /* ST_VALID|ST_RELATIME */
extern const struct value_table bt_mpol_modes;       /* MPOL_DEFAULT, ... */
extern const struct flag_table bt_mpol_mode_flags;   /* MPOL_F_STATIC_NODES, ... */
extern const struct flag_table bt_mbind_flags;
extern const struct flag_table bt_get_mempolicy_flags;
extern const struct value_table bt_capabilities;     /* CAP_CHOWN, ... */
extern const struct value_table bt_prctl_dumpable;   /* SUID_DUMP_USER */
extern const struct flag_table bt_prctl_secbits;
extern const struct value_table bt_futex_wake_ops, bt_futex_wake_cmps;
extern const struct flag_table bt_term_iflags, bt_term_odelays, bt_term_oflags, bt_term_cflags,
	bt_term_lflags;
extern const struct value_table bt_term_bauds, bt_term_csizes, bt_term_line_discs, bt_term_ccs;
extern const struct flag_table bt_iff_flags;         /* IFF_UP|IFF_LOOPBACK|... */
extern const struct value_table bt_pr_cap_ambient, bt_pr_mce_kill, bt_pr_mce_kill_policies,
	bt_pr_set_mm, bt_pr_set_vma, bt_pr_spec_cmds, bt_pr_spec_set, bt_seccomp_modes;
extern const struct flag_table bt_pr_spec_get;
extern const struct sc_arg_fmt bfmt_utsname_out, bfmt_sysinfo_out, bfmt_statfs_out,
	bfmt_rlimit_in, bfmt_rlimit_out, bfmt_rusage_out, bfmt_rusage_reaped_out, bfmt_tms_out, bfmt_random_bytes_out,
	bfmt_cpu_mask_in, bfmt_cpu_mask_out, bfmt_gids_in, bfmt_gids_out, bfmt_mpol_mode,
	bfmt_mpol_mode_int, bfmt_mpol_out, bfmt_nodemask_in, bfmt_nodemask_out, bfmt_mbind_flags,
	bfmt_get_mempolicy_flags, bfmt_clone_args_in, bfmt_futex_val, bfmt_futex_utime,
	bfmt_futex_uaddr2, bfmt_futex_val3, bfmt_prctl_arg2, bfmt_prctl_arg3, bfmt_prctl_arg4,
	bfmt_prctl_arg5, bfmt_ioctl_arg;
void bt_print_rlim(struct outbuf *ob, u64 lim);      /* RLIM64_INFINITY, 8192*1024 */
/* Shared by captured-sys.c, captured-proc.c and captured-ioctl.c: the
 * bytes of this argument's piece taken at `when` (SCRY_CAP_ENTRY/_EXIT),
 * when it holds at least `need` (NULL otherwise); whether the call
 * succeeded; the piece the call filled (at return, once it succeeded);
 * into dst the n bytes at p, or the address printed and false returned. */
const u8 *bt_cap_bytes(const struct sc_arg_ctx *ctx, unsigned when, size_t need);
bool bt_cap_call_ok(const struct sc_arg_ctx *ctx);
const u8 *bt_cap_filled(const struct sc_arg_ctx *ctx, size_t need);
bool bt_cap_take(struct outbuf *ob, u64 val, const struct sc_arg_ctx *ctx, const u8 *p, void *dst, size_t n);
void bt_print_x(struct outbuf *ob, u64 v);           /* strace's %#x: 0 for zero */
/* The value's name; unknown, in hex with strace's "unknown" comment
 * ("0x63 /\* CAP_??? *\/") when dflt is given. */
void bt_print_name_or_x(struct outbuf *ob, const struct value_table *t, s64 v, const char *dflt);
/* Flags with strace's default for bits none of which is named:
 * "0x8 /\* MPOL_??? *\/"; otherwise as beauty_flags_prefixed. */
void bt_print_flags_dflt(struct outbuf *ob, const struct flag_table *t, u64 val, const char *prefix,
			 const char *dflt);
void bt_print_cstring_field(struct outbuf *ob, const char *s, size_t size);
void bt_print_cstring_field_named(struct outbuf *ob, const char *name, const char *s, size_t size);

bool bt_print_prctl_ret(struct outbuf *ob, s64 ret, const struct sc_arg_ctx *ctx);
bool bt_print_fcntl_ret(struct outbuf *ob, s64 ret, const struct sc_arg_ctx *ctx);
/* ---- captured-poll.c, captured-time.c (directories, polling, time, ids) -- */
extern const struct flag_table bt_poll_events;       /* POLLIN|POLLOUT, full names */
extern const struct flag_table bt_epoll_events;      /* EPOLLIN|EPOLLET, full names */
extern const struct value_table bt_dirent_types;     /* DT_REG, ... */
void bt_print_sigmask(struct outbuf *ob, u64 mask);  /* [INT TERM] (captured.c) */
/* The piece of argument arg (-1: ctx->idx) taken at `when` with at least
 * `need` bytes; NULL when there is none (or it faulted). */
const struct sc_cap *bt_cap_piece(const struct sc_arg_ctx *ctx, int arg, unsigned when, size_t need);
void bt_print_timespec_bytes(struct outbuf *ob, const u8 *p);   /* {tv_sec=1, tv_nsec=0} */
void bt_print_timeval_bytes(struct outbuf *ob, const u8 *p);    /* {tv_sec=1, tv_usec=0} */
/* The time argument `arg` was left with at return (poll's, select's "left"). */
void bt_print_time_left(struct outbuf *ob, const struct sc_arg_ctx *ctx, int arg, bool timeval);
extern const struct sc_arg_fmt bfmt_pollfds, bfmt_sigset_sized, bfmt_fdset, bfmt_pselect6_sig,
	bfmt_epoll_event_in, bfmt_epoll_events_out, bfmt_dents_out, bfmt_dents32_out, bfmt_cwd_out;
extern const struct sc_arg_fmt bfmt_timespec_cap_in, bfmt_timespec_out, bfmt_timespec_inout,
	bfmt_timeval_inout, bfmt_nanosleep_left, bfmt_clock_nanosleep_left, bfmt_itimerval_in,
	bfmt_itimerval_out, bfmt_itimerspec_in, bfmt_itimerspec_out, bfmt_utimens_in, bfmt_id_out,
	bfmt_utimes_in, bfmt_utimbuf_in, bfmt_timeval_in, bfmt_timeval_out, bfmt_timezone_in,
	bfmt_timezone_out;
/* Results: poll's revents, select's ready sets, each with the time left. */
bool bt_print_poll_ret(struct outbuf *ob, s64 ret, const struct sc_arg_ctx *ctx);
bool bt_print_ppoll_ret(struct outbuf *ob, s64 ret, const struct sc_arg_ctx *ctx);
bool bt_print_select_ret(struct outbuf *ob, s64 ret, const struct sc_arg_ctx *ctx);
bool bt_print_pselect6_ret(struct outbuf *ob, s64 ret, const struct sc_arg_ctx *ctx);
/* ---- captured-net.c (dec-net): sockets and iovecs from copied pieces ---- */
/* tables-net.c */
extern const struct value_table bt_sol_udp_options;
extern const struct value_table bt_sol_netlink_options;
extern const struct value_table bt_sol_socket_int_options;  /* options strace prints as [N] */
extern const struct value_table bt_txrehash_values;
extern const struct value_table bt_scm_types;           /* cmsg_type at SOL_SOCKET */
extern const struct value_table bt_ip_cmsg_types;       /* cmsg_type at SOL_IP */
extern const struct value_table bt_ethernet_protocols;  /* ETH_P_* (host order) */
extern const struct value_table bt_arp_hardware_types;  /* ARPHRD_* */
extern const struct value_table bt_packet_types;        /* PACKET_HOST, ... */
extern const struct value_table bt_vsock_cids, bt_vsock_ports;  /* VMADDR_CID_HOST, ... */
extern const struct flag_table bt_vsock_flags;          /* VMADDR_FLAG_TO_HOST */
/* A socket address of len bytes (at least a family's 2), as strace prints
 * it: {sa_family=AF_INET, sin_port=htons(53), sin_addr=inet_addr("...")}. */
void bt_print_sockaddr(struct outbuf *ob, const void *addr, size_t len);
extern const struct sc_arg_fmt bfmt_sockaddr_out, bfmt_sockname_len, bfmt_sockopt_len,
	bfmt_sockopt_val_in, bfmt_sockopt_val_out, bfmt_sockpair_out, bfmt_iov_in, bfmt_iov_out,
	bfmt_msghdr_in, bfmt_msghdr_out, bfmt_mmsghdr_in, bfmt_mmsghdr_out, bfmt_mmsg_timeout;
bool bt_print_recvmmsg_ret(struct outbuf *ob, s64 ret, const struct sc_arg_ctx *ctx);

/* ---- tables-args.c: which formatter for which argument ------------------ */
/* What an argument's type looks like, for rules that depend on it. */
enum arg_tclass {
	TC_ANY,
	TC_SCALAR,      /* no '*' in the type */
	TC_UNSIGNED,    /* a scalar whose type is unsigned (size_t, unsigned long, u32 ...) */
	TC_PTR,         /* a pointer */
	TC_CHARPTR,     /* char * or const char * */
};

struct sc_arg_rule {
	const char *sc;         /* syscall name, NULL: any */
	const char *arg;        /* argument name */
	enum arg_tclass tclass;
	const struct sc_arg_fmt *fmt;
};
/* Per-syscall exceptions, then rules by argument name alone. */
extern const struct sc_arg_rule bt_sc_arg_exceptions[];
extern const size_t bt_sc_arg_exceptions_nr;
extern const struct sc_arg_rule bt_sc_arg_name_rules[];
extern const size_t bt_sc_arg_name_rules_nr;

/* Fallback by type name (qualifiers stripped): "size_t" -> size. */
struct sc_type_rule {
	const char *type;
	const struct sc_arg_fmt *fmt;
	bool is_unsigned;       /* for TC_UNSIGNED rules */
};
extern const struct sc_type_rule bt_sc_type_rules[];
extern const size_t bt_sc_type_rules_nr;

/* fcntl's third argument by command; fmt NULL: the command takes none. */
struct fcntl_arg_rule {
	int cmd;
	const struct sc_arg_fmt *fmt;
};
extern const struct fcntl_arg_rule bt_fcntl_arg_rules[];
extern const size_t bt_fcntl_arg_rules_nr;

struct sc_ret_rule {
	const char *sc;
	enum sc_ret_kind kind;
};
extern const struct sc_ret_rule bt_sc_ret_rules[];
extern const size_t bt_sc_ret_rules_nr;

#endif
