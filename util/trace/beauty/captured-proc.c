/* Process control, as strace 6.1 prints it by default: futex's arguments
 * per operation (only those the operation uses; its timeout as a struct,
 * FUTEX_BITSET_MATCH_ANY, FUTEX_WAKE_OP's val3 taken apart), prctl's
 * arguments per option (PR_SET_NAME's string, capabilities, what a PR_GET_*
 * wrote), and the results that print more than their value (prctl
 * PR_GET_DUMPABLE, fcntl F_GETFD/F_GETFL/...). The pieces are found with
 * captured-sys.c's bt_cap_* helpers. */
#include <linux/futex.h>
#include <linux/prctl.h>
#include <fcntl.h>
#include <stdint.h>
#include <string.h>

#include "util/trace/beauty/beauty-internal.h"
#include "util/trace/bpf/syscall-record.h"

#define FMT(name, fn, ...) \
	const struct sc_arg_fmt bfmt_##name = { .kind = #name, .print = fn, __VA_ARGS__ }

/* What the rules copy: FIXED structs at entry or at return. */
#define AT_ENTRY SCRY_CAP_ENTRY
#define AT_EXIT SCRY_CAP_EXIT

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
	cmd = (int)(ctx->args[1] & 127);      /* as strace takes the command apart */
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
	bt_print_x(ob, (v >> 12) & 0xfff);
	outbuf_puts(ob, "<<12|");
	if (cmp)
		outbuf_printf(ob, "%s<<24", cmp);
	else
		outbuf_printf(ob, "%#x<<24 /* FUTEX_OP_CMP_??? */", (v >> 24) & 0xf);
	outbuf_putc(ob, '|');
	bt_print_x(ob, v & 0xfff);
}

static void print_futex_timeout(struct outbuf *ob, u64 val, const struct sc_arg_ctx *ctx)
{
	const u8 *p = bt_cap_bytes(ctx, AT_ENTRY, 2 * sizeof(s64));
	s64 ts[2];

	if (!bt_cap_take(ob, val, ctx, p, ts, sizeof(ts)))
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
			bt_print_x(ob, (u32)val);
		break;
	case FS_WAKE_OP:
		print_futex_wake_op(ob, (u32)val);
		break;
	case FS_VAL3_X:
	case FS_NONE:
		bt_print_x(ob, (u32)val);
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
	PA_NAMED,       /* a sub-command: the layout's names, its default in a comment */
	/* What arg3..arg5 are depends on the sub-command in arg2: */
	PA_AMBIENT_CAP, /* PR_CAP_AMBIENT's capability (RAISE, LOWER, IS_SET) */
	PA_MCE_POLICY,  /* PR_MCE_KILL_SET's policy */
	PA_SPEC_VALUE,  /* PR_SET_SPECULATION_CTRL's value */
	PA_SECCOMP_PROG,        /* PR_SET_SECCOMP's filter: {len=1, filter=0x...} */
	PA_SECCOMP_REST,        /* nothing after a strict mode or a filter */
	PA_VMA_ADDR, PA_VMA_LEN, PA_VMA_NAME,   /* PR_SET_VMA_ANON_NAME's */
};
enum prctl_ret { PR_RET_PLAIN, PR_RET_DUMPABLE, PR_RET_SECBITS, PR_RET_MCE_POLICY, PR_RET_SPEC };

struct prctl_layout {
	int option;
	u8 arg[4];      /* arg2..arg5 */
	u8 ret;
	const struct value_table *names;        /* PA_NAMED's */
	const char *unknown;                    /* ... and strace's default for the others */
};

#define PL(opt, a2, a3, a4, a5, r) { PR_##opt, { PA_##a2, PA_##a3, PA_##a4, PA_##a5 }, PR_RET_##r, NULL, NULL }
#define PLN(opt, a3, a4, a5, r, table, dflt) \
	{ PR_##opt, { PA_NAMED, PA_##a3, PA_##a4, PA_##a5 }, PR_RET_##r, &table, dflt }
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
	PL(MCE_KILL_GET, HEX, HEX, HEX, HEX, MCE_POLICY),
	PLN(CAP_AMBIENT, AMBIENT_CAP, HEX, HEX, PLAIN, bt_pr_cap_ambient, "PR_CAP_AMBIENT_???"),
	PLN(MCE_KILL, MCE_POLICY, HEX, HEX, PLAIN, bt_pr_mce_kill, "PR_MCE_KILL_???"),
	PLN(SET_MM, HEX, HEX, HEX, PLAIN, bt_pr_set_mm, "PR_SET_MM_???"),
	PLN(SET_VMA, VMA_ADDR, VMA_LEN, VMA_NAME, PLAIN, bt_pr_set_vma, "PR_SET_VMA_???"),
	PLN(GET_SPECULATION_CTRL, NONE, NONE, NONE, SPEC, bt_pr_spec_cmds, "PR_SPEC_???"),
	PLN(SET_SPECULATION_CTRL, SPEC_VALUE, NONE, NONE, PLAIN, bt_pr_spec_cmds, "PR_SPEC_???"),
	PLN(SET_SECCOMP, SECCOMP_PROG, SECCOMP_REST, SECCOMP_REST, PLAIN, bt_seccomp_modes,
	    "SECCOMP_MODE_???"),
};
/* Anything else: the four arguments in hex. */
static const struct prctl_layout prctl_default = {
	-1, { PA_HEX, PA_HEX, PA_HEX, PA_HEX }, PR_RET_PLAIN, NULL, NULL
};

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

#define SECCOMP_MODE_STRICT_ 1
#define SECCOMP_MODE_FILTER_ 2
#define PR_SPEC_LAST_CMD 2      /* PR_SPEC_L1D_FLUSH */

/* What argument idx (1..4: arg2..arg5) means to the option in args[0],
 * and, for some, to the sub-command in args[1]. */
static enum prctl_arg prctl_arg_kind(const struct sc_arg_ctx *ctx, unsigned idx)
{
	enum prctl_arg k;
	u64 sub;

	if (idx < 1 || idx > 4)
		return PA_HEX;
	k = prctl_layout(ctx)->arg[idx - 1];
	sub = ctx && ctx->args ? ctx->args[1] : ~0ULL;
	switch (k) {
	case PA_AMBIENT_CAP:
		return sub >= PR_CAP_AMBIENT_IS_SET && sub <= PR_CAP_AMBIENT_LOWER ? PA_CAP : PA_HEX;
	case PA_MCE_POLICY:
		return sub == PR_MCE_KILL_SET ? PA_MCE_POLICY : PA_HEX;
	case PA_SPEC_VALUE:
		return sub <= PR_SPEC_LAST_CMD ? PA_SPEC_VALUE : PA_HEX;
	case PA_SECCOMP_PROG:
		return sub == SECCOMP_MODE_STRICT_ ? PA_NONE : sub == SECCOMP_MODE_FILTER_ ? PA_SECCOMP_PROG : PA_HEX;
	case PA_SECCOMP_REST:
		return sub == SECCOMP_MODE_STRICT_ || sub == SECCOMP_MODE_FILTER_ ? PA_NONE : PA_HEX;
	case PA_VMA_ADDR:
	case PA_VMA_LEN:
	case PA_VMA_NAME:
		return sub == 0 ? k : PA_HEX;     /* PR_SET_VMA_ANON_NAME */
	default:
		return k;
	}
}

/* PR_SET_SECCOMP's struct sock_fprog: {len=1, filter=0x...}. */
static void print_sock_fprog(struct outbuf *ob, u64 val, const struct sc_arg_ctx *ctx)
{
	struct { u16 len; u16 pad[3]; u64 filter; } fp;

	if (!bt_cap_take(ob, val, ctx, bt_cap_bytes(ctx, AT_ENTRY, sizeof(fp)), &fp, sizeof(fp)))
		return;
	outbuf_printf(ob, "{len=%u, filter=", fp.len);
	bt_print_ptr(ob, fp.filter, ctx);
	outbuf_putc(ob, '}');
}

/* A string argument (PR_SET_VMA's name): quoted, the first -s bytes. */
static void print_str_arg(struct outbuf *ob, u64 val, const struct sc_arg_ctx *ctx)
{
	size_t n;

	if (!val || !ctx->str_valid || !ctx->str || ctx->str_is_buf) {
		bt_print_ptr(ob, val, ctx);
		return;
	}
	n = ctx->str_len < ctx->string_limit ? ctx->str_len : ctx->string_limit;
	outbuf_quoted(ob, ctx->str, n, ctx->str_truncated || n < ctx->str_len);
}

#define TASK_COMM_LEN 16

/* A task name, as strace prints one: at most `size` bytes (and -s), with
 * "..." after when no NUL came within them. */
static void print_comm(struct outbuf *ob, const char *s, size_t len, size_t size, const struct sc_arg_ctx *ctx)
{
	size_t n;

	if (size > ctx->string_limit)
		size = ctx->string_limit;
	n = strnlen(s, len < size ? len : size);
	outbuf_quoted(ob, s, n, n >= size);
}

/* PR_SET_NAME's string (the tracer's string slot), as the kernel takes
 * it: 15 bytes at most. */
static void print_prctl_name_in(struct outbuf *ob, u64 val, const struct sc_arg_ctx *ctx)
{
	if (!ctx->str_valid || !ctx->str || ctx->str_is_buf) {
		bt_print_ptr(ob, val, ctx);
		return;
	}
	print_comm(ob, ctx->str, ctx->str_len, TASK_COMM_LEN - 1, ctx);
}

static void print_prctl_arg(struct outbuf *ob, u64 val, const struct sc_arg_ctx *ctx, unsigned idx)
{
	const u8 *p;
	u32 u;
	u64 q;

	switch (prctl_arg_kind(ctx, idx)) {
	case PA_NONE:
	case PA_HEX:
		bt_print_x(ob, val);
		break;
	case PA_UDEC:
		outbuf_u64(ob, val);
		break;
	case PA_DEC:
		outbuf_s64(ob, (s64)val);
		break;
	case PA_CAP:
		bt_print_name_or_x(ob, &bt_capabilities, (s64)val, "CAP_???");
		break;
	case PA_SIGNAL:
		if (val > 128)
			outbuf_u64(ob, val);
		else
			bfmt_signal.print(ob, val, ctx);
		break;
	case PA_DUMPABLE:
		bt_print_name_or_x(ob, &bt_prctl_dumpable, (s64)val, "SUID_DUMP_???");
		break;
	case PA_SECBITS:
		bt_print_flags_dflt(ob, &bt_prctl_secbits, val, "", "SECBIT_???");
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
		p = bt_cap_filled(ctx, TASK_COMM_LEN);
		if (!p || !val)
			bt_print_ptr(ob, val, ctx);
		else
			print_comm(ob, (const char *)p, TASK_COMM_LEN, TASK_COMM_LEN, ctx);
		break;
	case PA_UINT_OUT:
		if (bt_cap_take(ob, val, ctx, bt_cap_filled(ctx, sizeof(u)), &u, sizeof(u)))
			outbuf_printf(ob, "[%u]", u);
		break;
	case PA_SIG_OUT:
		if (bt_cap_take(ob, val, ctx, bt_cap_filled(ctx, sizeof(u)), &u, sizeof(u))) {
			outbuf_putc(ob, '[');
			bfmt_signal.print(ob, u, ctx);
			outbuf_putc(ob, ']');
		}
		break;
	case PA_PTR_OUT:
		if (bt_cap_take(ob, val, ctx, bt_cap_filled(ctx, sizeof(q)), &q, sizeof(q))) {
			outbuf_putc(ob, '[');
			bt_print_ptr(ob, q, ctx);
			outbuf_putc(ob, ']');
		}
		break;
	case PA_NAMED:
		bt_print_name_or_x(ob, prctl_layout(ctx)->names, (s64)val, prctl_layout(ctx)->unknown);
		break;
	case PA_MCE_POLICY:
		bt_print_name_or_x(ob, &bt_pr_mce_kill_policies, (s64)val, "PR_MCE_KILL_???");
		break;
	case PA_SPEC_VALUE:
		bt_print_name_or_x(ob, &bt_pr_spec_set, (s64)val, "PR_SPEC_???");
		break;
	case PA_SECCOMP_PROG:
		print_sock_fprog(ob, val, ctx);
		break;
	case PA_VMA_ADDR:
		bt_print_ptr(ob, val, ctx);
		break;
	case PA_VMA_LEN:
		outbuf_u64(ob, val);
		break;
	case PA_VMA_NAME:
		print_str_arg(ob, val, ctx);
		break;
	case PA_AMBIENT_CAP:
	case PA_SECCOMP_REST:
		bt_print_x(ob, val);
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
/* arg3: PR_SET_SECCOMP's filter struct; arg5: PR_SET_VMA's name. */
PRCTL_ARG_FMT(arg3, 2, CAP_FIXED(AT_ENTRY, 16));
PRCTL_ARG_FMT(arg4, 3);
PRCTL_ARG_FMT(arg5, 4, .is_string = true);

/* PR_GET_DUMPABLE: 1 (SUID_DUMP_USER); PR_GET_SECUREBITS: 0x1 (SECBIT_NOROOT). */
bool bt_print_prctl_ret(struct outbuf *ob, s64 ret, const struct sc_arg_ctx *ctx)
{
	const char *name;

	if (!bt_cap_call_ok(ctx))
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
	case PR_RET_MCE_POLICY:
		name = value_table_name(&bt_pr_mce_kill_policies, ret);
		if (!name)
			return false;
		outbuf_printf(ob, "%lld (%s)", (long long)ret, name);
		return true;
	case PR_RET_SPEC:
		/* The bits of the speculation controls strace knows the
		 * meaning of; the others' result is a number. */
		if (!ctx->args || ctx->args[1] > PR_SPEC_LAST_CMD)
			return false;
		bt_print_x(ob, (u64)ret);
		outbuf_puts(ob, " (");
		beauty_flags(ob, &bt_pr_spec_get, (u64)ret);
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

	if (!bt_cap_call_ok(ctx) || !ctx->args)
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
		bt_print_x(ob, (u64)ret);
		outbuf_puts(ob, " (flags ");
		if (!ret)
			outbuf_puts(ob, "O_RDONLY");
		else
			beauty_flags_prefixed(ob, &bt_open_flags, (u64)ret, "O_");
		outbuf_putc(ob, ')');
		return true;
	case F_GETLEASE:
		bt_print_x(ob, (u64)ret);
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
