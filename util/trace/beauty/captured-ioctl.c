/* ioctl's third argument for the common terminal and socket requests, as
 * strace 6.1 prints it by default: termios (TCGETS, TCSETS, ...), window
 * sizes, the ints of FIONREAD and friends ([5]), interface requests
 * (SIOCGIFINDEX: {ifr_name="lo", ifr_ifindex=1}), values passed as such
 * (TCFLSH's TCIOFLUSH); requests that take no argument leave it out. One
 * rule copies the largest struct both at entry and at return; the request
 * says which of the two to show. */
#include <linux/sockios.h>
#include <stdint.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>

#include "util/trace/beauty/beauty-internal.h"
#include "util/trace/bpf/syscall-record.h"

#define FMT(name, fn, ...) \
	const struct sc_arg_fmt bfmt_##name = { .kind = #name, .print = fn, __VA_ARGS__ }

/* What the rules copy: FIXED structs at entry or at return. */
#define AT_ENTRY SCRY_CAP_ENTRY
#define AT_EXIT SCRY_CAP_EXIT

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

/* strace names termios bits with no default: no bits set print as
 * nothing at all ("c_iflag=", "...|FF0|"). */
static void print_term_flags(struct outbuf *ob, const struct flag_table *t, u32 v)
{
	if (v)
		beauty_flags(ob, t, v);
}

static void print_termios(struct outbuf *ob, const struct k_termios *t, bool verbose)
{
	u32 cflag = t->c_cflag;

	outbuf_puts(ob, "{c_iflag=");
	print_term_flags(ob, &bt_term_iflags, t->c_iflag);
	outbuf_puts(ob, ", c_oflag=");
	beauty_flags(ob, &bt_term_odelays, t->c_oflag & (NLDLY | CRDLY | TABDLY | BSDLY | VTDLY | FFDLY));
	outbuf_putc(ob, '|');
	print_term_flags(ob, &bt_term_oflags, t->c_oflag & ~(u32)(NLDLY | CRDLY | TABDLY | BSDLY | VTDLY | FFDLY));
	outbuf_puts(ob, ", c_cflag=");
	bt_print_name_or_x(ob, &bt_term_bauds, cflag & CBAUD, "B???");
	outbuf_putc(ob, '|');
	if (cflag & CIBAUD) {
		bt_print_name_or_x(ob, &bt_term_bauds, (cflag & CIBAUD) >> 16, "B???");
		outbuf_puts(ob, "<<IBSHIFT|");
	}
	bt_print_name_or_x(ob, &bt_term_csizes, cflag & CSIZE, "CS?");
	outbuf_putc(ob, '|');
	print_term_flags(ob, &bt_term_cflags, cflag & ~(u32)(CBAUD | CIBAUD | CSIZE));
	outbuf_puts(ob, ", c_lflag=");
	print_term_flags(ob, &bt_term_lflags, t->c_lflag);
	if (!verbose) {
		outbuf_puts(ob, ", ...}");
		return;
	}
	outbuf_puts(ob, ", c_line=");
	bt_print_name_or_x(ob, &bt_term_line_discs, t->c_line, "N_???");
	outbuf_puts(ob, ", c_cc=[");
	for (unsigned i = 0; i < sizeof(t->c_cc); i++) {
		const char *name = value_table_name(&bt_term_ccs, i);
		if (i)
			outbuf_puts(ob, ", ");
		if (name)
			outbuf_printf(ob, "[%s]=", name);
		else
			outbuf_printf(ob, "[%u]=", i);
		bt_print_x(ob, t->c_cc[i]);
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
	const u8 *in = bt_cap_bytes(ctx, AT_ENTRY, sizeof(struct k_ifreq));
	const u8 *out = l->when == AT_EXIT ? bt_cap_filled(ctx, sizeof(struct k_ifreq)) : NULL;
	struct k_ifreq r;

	if (!bt_cap_take(ob, val, ctx, in, &r, sizeof(r)))
		return;
	outbuf_putc(ob, '{');
	if (l->kind == IA_IFREQ_NAME)
		outbuf_printf(ob, "ifr_ifindex=%d", r.u.ivalue);
	else
		bt_print_cstring_field_named(ob, "ifr_name=", r.ifr_name, sizeof(r.ifr_name));
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
		bt_print_cstring_field_named(ob, "ifr_name=", r.ifr_name, sizeof(r.ifr_name));
		break;
	case IA_IFREQ_FLAGS:
		outbuf_puts(ob, "ifr_flags=");
		bt_print_flags_dflt(ob, &bt_iff_flags, (u16)r.u.flags, "", "IFF_???");
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
		bt_print_x(ob, val);
		return;
	}
	p = l->when == AT_EXIT ? bt_cap_filled(ctx, 0) : bt_cap_bytes(ctx, AT_ENTRY, 0);
	switch (l->kind) {
	case IA_RAW:
	case IA_NONE:
		bt_print_x(ob, val);
		break;
	case IA_DEC:
		outbuf_s64(ob, (s32)(u32)val);
		break;
	case IA_TCXONC:
		bt_print_name_or_x(ob, &tcxonc_args, (s64)val, "TC???");
		break;
	case IA_TCFLSH:
		bt_print_name_or_x(ob, &tcflsh_args, (s64)val, "TC???");
		break;
	case IA_INT:
		p = l->when == AT_EXIT ? bt_cap_filled(ctx, sizeof(i)) : bt_cap_bytes(ctx, AT_ENTRY, sizeof(i));
		if (bt_cap_take(ob, val, ctx, p, &i, sizeof(i)))
			outbuf_printf(ob, "[%d]", i);
		break;
	case IA_TERMIOS:
		p = l->when == AT_EXIT ? bt_cap_filled(ctx, sizeof(t)) : bt_cap_bytes(ctx, AT_ENTRY, sizeof(t));
		if (bt_cap_take(ob, val, ctx, p, &t, sizeof(t)))
			print_termios(ob, &t, ctx->verbose);
		break;
	case IA_WINSIZE:
		p = l->when == AT_EXIT ? bt_cap_filled(ctx, sizeof(ws)) : bt_cap_bytes(ctx, AT_ENTRY, sizeof(ws));
		if (bt_cap_take(ob, val, ctx, p, ws, sizeof(ws)))
			outbuf_printf(ob, "{ws_row=%u, ws_col=%u, ws_xpixel=%u, ws_ypixel=%u}",
				      ws[0], ws[1], ws[2], ws[3]);
		break;
	default:
		print_ifreq(ob, val, ctx, l);
	}
}

FMT(ioctl_arg, print_ioctl_arg, .show = show_ioctl_arg,
    CAP_FIXED(AT_ENTRY | AT_EXIT, IOCTL_ARG_COPY));
