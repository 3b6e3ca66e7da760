/* Socket and vectored-I/O arguments printed, as strace 6.1 prints them by
 * default, from the pieces the BPF tracer copied by rule (struct sc_cap,
 * see util/trace/bpf/syscall-record.h): socket addresses with their in/out
 * lengths ([128 => 16]), socket option values, socketpair's descriptors,
 * iovec arrays with their data, msghdr (name, iovecs, control messages,
 * flags) and mmsghdr arrays. Without its piece (the tracepoint backend, an
 * unreadable page, a failed call) an argument prints as its pointer. */
#include <arpa/inet.h>
#include <linux/if_alg.h>
#include <linux/if_packet.h>
#include <linux/vm_sockets.h>
#include <linux/netlink.h>
#include <stddef.h>
#include <net/if.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <time.h>

#include "util/trace/beauty/beauty-internal.h"
#include "util/trace/bpf/syscall-record.h"

#define FMT(name, fn, ...) \
	const struct sc_arg_fmt bfmt_##name = { .kind = #name, .print = fn, __VA_ARGS__ }

/* struct sockaddr_storage: strace never reads more of an address. */
#define SOCKADDR_MAX 128
/* The offset of sin6_scope_id: a shorter sockaddr_in6 prints without it. */
#define SIN6_MIN_LEN 24
/* Iovecs and mmsghdrs printed before "...": the tracer copies no more. */
#define ARRAY_SHOWN SCRY_CAP_IOV_MAX

/* ---- pieces ------------------------------------------------------------------ */

/* The readable piece of argument arg (-1: this one) of this kind at `when`. */
static const struct sc_cap *piece(const struct sc_arg_ctx *ctx, int arg, unsigned kind, unsigned when)
{
	const struct sc_cap *c = sc_cap_find(ctx, arg, kind, when);

	return c && !c->fault ? c : NULL;
}

/* The readable piece of argument arg of this kind at `when` whose aux is
 * `aux` (an IOV_DATA piece, by element index). */
static const struct sc_cap *piece_aux(const struct sc_arg_ctx *ctx, unsigned arg, unsigned kind,
				      unsigned when, u64 aux)
{
	for (unsigned i = 0; ctx && ctx->caps && i < ctx->ncap; i++) {
		const struct sc_cap *c = &ctx->caps[i];

		if (c->arg == arg && c->kind == kind && c->when == when && c->aux == aux)
			return c->fault ? NULL : c;
	}
	return NULL;
}

static bool piece_int(const struct sc_cap *c, int *v)
{
	if (!c || c->len < sizeof(*v))
		return false;
	memcpy(v, c->data, sizeof(*v));
	return true;
}

/* The call returned, and did not fail: what it filled is there to read. */
static bool call_ok(const struct sc_arg_ctx *ctx)
{
	return ctx && ctx->ret_valid && ctx->ret >= 0;
}

static u64 arg_value(const struct sc_arg_ctx *ctx, unsigned arg)
{
	return ctx && ctx->args && arg < SCRY_SC_NARGS ? ctx->args[arg] : 0;
}

/* ---- small printers ------------------------------------------------------------ */

/* The first bytes of a buffer of `want` bytes (strace's -s), "..." after
 * when there are more; `have` bytes were copied. */
static void print_data(struct outbuf *ob, const u8 *p, size_t have, u64 want, unsigned limit)
{
	size_t n = want < limit ? (size_t)want : limit;
	bool cut = want > n;

	if (have < n) {
		n = have;
		cut = true;
	}
	outbuf_quoted(ob, (const char *)p, n, cut);
}

/* Bytes in \x.. escapes, as strace prints what it will not guess at. */
static void print_hex_string(struct outbuf *ob, const u8 *p, size_t n)
{
	outbuf_putc(ob, '"');
	for (size_t i = 0; i < n; i++)
		outbuf_printf(ob, "\\x%02x", p[i]);
	outbuf_putc(ob, '"');
}

/* A named value in strace's spelling; unknown: 0x1234 / * PREFIX??? * /. */
static void print_xval(struct outbuf *ob, const struct value_table *t, s64 v, const char *unknown)
{
	const char *name = value_table_name(t, v);

	if (name)
		outbuf_puts(ob, name);
	else
		outbuf_printf(ob, "%#llx /* %s */", (unsigned long long)(u32)v, unknown);
}

/* strace's %#x: 0 for zero. */
static void hex0(struct outbuf *ob, u32 v)
{
	outbuf_printf(ob, "%#x", v);
}

/* A named value, or hex without a comment (strace's xval with no
 * default). */
static void print_name_or_hex(struct outbuf *ob, const struct value_table *t, u32 v)
{
	const char *name = value_table_name(t, v);

	if (name)
		outbuf_puts(ob, name);
	else
		hex0(ob, v);
}

/* Flags; none of them known: hex and the "unknown" comment, as strace. */
static void print_flags_or_unknown(struct outbuf *ob, const struct flag_table *t, u64 v, const char *unknown)
{
	bool any = false;

	for (size_t i = 0; i < t->nr; i++)
		if (v & t->entries[i].value)
			any = true;
	if (v && !any)
		outbuf_printf(ob, "%#llx /* %s */", (unsigned long long)v, unknown);
	else
		beauty_flags(ob, t, v);
}

static void print_ifindex(struct outbuf *ob, unsigned idx)
{
	char name[IF_NAMESIZE];

	if (idx && if_indextoname(idx, name))
		outbuf_printf(ob, "if_nametoindex(\"%s\")", name);
	else
		outbuf_u64(ob, idx);
}

/* ---- socket addresses --------------------------------------------------------- */

void bt_print_sockaddr(struct outbuf *ob, const void *addr, size_t len)
{
	/* Zero past the copy, as strace pads it: a path with no NUL in its
	 * bytes ends there. */
	union {
		struct sockaddr sa;
		struct sockaddr_un un;
		struct sockaddr_in in;
		struct sockaddr_in6 in6;
		struct sockaddr_nl nl;
		struct sockaddr_ll ll;
		struct sockaddr_vm vm;
		struct sockaddr_alg alg;
		char bytes[SOCKADDR_MAX + 1];
	} u;
	const char *fam;
	char text[INET6_ADDRSTRLEN];

	if (len > SOCKADDR_MAX)
		len = SOCKADDR_MAX;
	memset(&u, 0, sizeof(u));
	memcpy(u.bytes, addr, len);
	outbuf_puts(ob, "{sa_family=");
	fam = value_table_name(&bt_socket_families, u.sa.sa_family);
	if (fam) {
		outbuf_puts(ob, "AF_");
		outbuf_puts(ob, fam);
	} else {
		outbuf_printf(ob, "%#x /* AF_??? */", u.sa.sa_family);
	}
	if (len > sizeof(sa_family_t)) {
		outbuf_puts(ob, ", ");
		switch (u.sa.sa_family) {
		case AF_UNIX: {
			size_t n = (len > sizeof(u.un) ? sizeof(u.un) : len) - sizeof(sa_family_t);

			outbuf_puts(ob, "sun_path=");
			if (u.un.sun_path[0]) {
				outbuf_quoted(ob, u.un.sun_path, strnlen(u.un.sun_path, n), false);
			} else {
				/* An abstract name: a leading NUL, then bytes. */
				outbuf_putc(ob, '@');
				outbuf_quoted(ob, u.un.sun_path + 1, n - 1, false);
			}
			break;
		}
		case AF_INET:
			if (len < sizeof(u.in))
				goto raw;
			inet_ntop(AF_INET, &u.in.sin_addr, text, sizeof(text));
			outbuf_printf(ob, "sin_port=htons(%u), sin_addr=inet_addr(\"%s\")", ntohs(u.in.sin_port), text);
			break;
		case AF_INET6:
			if (len < SIN6_MIN_LEN)
				goto raw;
			inet_ntop(AF_INET6, &u.in6.sin6_addr, text, sizeof(text));
			outbuf_printf(ob, "sin6_port=htons(%u), sin6_flowinfo=htonl(%u), inet_pton(AF_INET6, \"%s\", &sin6_addr)",
				      ntohs(u.in6.sin6_port), ntohl(u.in6.sin6_flowinfo), text);
			if (len > SIN6_MIN_LEN) {
				outbuf_puts(ob, ", sin6_scope_id=");
				if (IN6_IS_ADDR_LINKLOCAL(&u.in6.sin6_addr) || IN6_IS_ADDR_MC_LINKLOCAL(&u.in6.sin6_addr))
					print_ifindex(ob, u.in6.sin6_scope_id);
				else
					outbuf_u64(ob, u.in6.sin6_scope_id);
			}
			break;
		case AF_PACKET:
			if (len < sizeof(u.ll))
				goto raw;
			outbuf_puts(ob, "sll_protocol=htons(");
			print_xval(ob, &bt_ethernet_protocols, ntohs(u.ll.sll_protocol), "ETH_P_???");
			outbuf_puts(ob, "), sll_ifindex=");
			print_ifindex(ob, (unsigned)u.ll.sll_ifindex);
			outbuf_puts(ob, ", sll_hatype=");
			print_xval(ob, &bt_arp_hardware_types, u.ll.sll_hatype, "ARPHRD_???");
			outbuf_puts(ob, ", sll_pkttype=");
			print_xval(ob, &bt_packet_types, u.ll.sll_pkttype, "PACKET_???");
			outbuf_printf(ob, ", sll_halen=%u", u.ll.sll_halen);
			if (u.ll.sll_halen) {
				/* The bytes there are of the hardware address
				 * (sll_addr may run past the struct, up to len). */
				size_t room = len - offsetof(struct sockaddr_ll, sll_addr);
				outbuf_puts(ob, ", sll_addr=[");
				for (size_t i = 0; i < u.ll.sll_halen; i++) {
					if (i)
						outbuf_puts(ob, ", ");
					if (i >= room) {
						outbuf_puts(ob, "...");
						break;
					}
					outbuf_printf(ob, "%#02x", ((const u8 *)u.bytes)[offsetof(struct sockaddr_ll, sll_addr) + i]);
				}
				outbuf_putc(ob, ']');
			}
			break;
		case AF_VSOCK:
			if (len < sizeof(u.vm))
				goto raw;
			if (u.vm.svm_reserved1)
				outbuf_printf(ob, "svm_reserved1=%#x, ", u.vm.svm_reserved1);
			outbuf_puts(ob, "svm_cid=");
			print_name_or_hex(ob, &bt_vsock_cids, u.vm.svm_cid);
			outbuf_puts(ob, ", svm_port=");
			print_name_or_hex(ob, &bt_vsock_ports, u.vm.svm_port);
			outbuf_puts(ob, ", svm_flags=");
			print_flags_or_unknown(ob, &bt_vsock_flags, u.vm.svm_flags, "VMADDR_FLAG_???");
			break;
		case AF_ALG: {
			/* struct sockaddr_alg with a name as long as the address */
			const size_t name_off = offsetof(struct sockaddr_alg, salg_name);
			size_t n;

			if (len <= name_off)
				goto raw;
			n = strnlen((const char *)u.alg.salg_type, sizeof(u.alg.salg_type));
			outbuf_puts(ob, "salg_type=");
			outbuf_quoted(ob, (const char *)u.alg.salg_type, n, n == sizeof(u.alg.salg_type));
			/* (feature bits in hex: strace names the CRYPTO_ALG_
			 * ones in a comment) */
			outbuf_puts(ob, ", salg_feat=");
			hex0(ob, u.alg.salg_feat);
			outbuf_puts(ob, ", salg_mask=");
			hex0(ob, u.alg.salg_mask);
			n = strnlen(u.bytes + name_off, len - name_off);
			outbuf_puts(ob, ", salg_name=");
			outbuf_quoted(ob, u.bytes + name_off, n, n == len - name_off);
			break;
		}
		case AF_NETLINK:
			if (len < sizeof(u.nl))
				goto raw;
			if (u.nl.nl_pad)
				outbuf_printf(ob, "nl_pad=%#x, ", u.nl.nl_pad);
			outbuf_printf(ob, "nl_pid=%d, nl_groups=%08x", (int)u.nl.nl_pid, u.nl.nl_groups);
			break;
		default:
		raw:
			/* Families strace has no printer for here (or an
			 * address too short for its family): the bytes. */
			outbuf_puts(ob, "sa_data=");
			outbuf_quoted(ob, u.bytes + sizeof(sa_family_t), len - sizeof(sa_family_t), false);
		}
	}
	outbuf_putc(ob, '}');
}

/* An address the call fills (getsockname, accept, recvfrom's): as many
 * bytes as both the buffer and the address have, the lengths being the
 * next argument's value at entry and at return. */
static void print_sockaddr_out(struct outbuf *ob, u64 val, const struct sc_arg_ctx *ctx)
{
	const struct sc_cap *a = piece(ctx, -1, SCRY_CAP_PTRLEN, SCRY_CAP_EXIT);
	int ulen, rlen, n;

	if (!val || !a || !call_ok(ctx) ||
	    !piece_int(piece(ctx, (int)ctx->idx + 1, SCRY_CAP_FIXED, SCRY_CAP_ENTRY), &ulen) ||
	    !piece_int(piece(ctx, (int)ctx->idx + 1, SCRY_CAP_FIXED, SCRY_CAP_EXIT), &rlen)) {
		bt_print_ptr(ob, val, ctx);
		return;
	}
	n = ulen < rlen ? ulen : rlen;
	if (n > a->len)
		n = a->len;
	if (n < (int)sizeof(sa_family_t)) {
		bt_print_ptr(ob, val, ctx);
		return;
	}
	bt_print_sockaddr(ob, a->data, (size_t)n);
}

/* An in/out length: [16] when the call left it as it was, [128 => 16]
 * when it changed it, [128] when the call failed. */
static void print_inout_len(struct outbuf *ob, u64 val, const struct sc_arg_ctx *ctx)
{
	int ulen, rlen;

	if (!val || !piece_int(piece(ctx, -1, SCRY_CAP_FIXED, SCRY_CAP_ENTRY), &ulen)) {
		bt_print_ptr(ob, val, ctx);
		return;
	}
	outbuf_putc(ob, '[');
	outbuf_s64(ob, ulen);
	if (call_ok(ctx) && piece_int(piece(ctx, -1, SCRY_CAP_FIXED, SCRY_CAP_EXIT), &rlen) && rlen != ulen) {
		outbuf_puts(ob, " => ");
		outbuf_s64(ob, rlen);
	}
	outbuf_putc(ob, ']');
}

/* getsockname's and accept's length: strace reads it only when there is
 * an address to go with it (the argument before). */
static void print_sockname_len(struct outbuf *ob, u64 val, const struct sc_arg_ctx *ctx)
{
	if (ctx && ctx->idx > 0 && !arg_value(ctx, ctx->idx - 1))
		bt_print_ptr(ob, val, ctx);
	else
		print_inout_len(ob, val, ctx);
}

FMT(sockaddr_out, print_sockaddr_out,
    .cap = { .kind = SCRY_CAP_PTRLEN, .when = SCRY_CAP_EXIT, .len_arg = -1, .max = SOCKADDR_MAX });
FMT(sockname_len, print_sockname_len,
    CAP_FIXED(SCRY_CAP_ENTRY | SCRY_CAP_EXIT, sizeof(int)));
FMT(sockopt_len, print_inout_len,
    CAP_FIXED(SCRY_CAP_ENTRY | SCRY_CAP_EXIT, sizeof(int)));

/* ---- socket option values ------------------------------------------------------ */

/* The most bytes of an option value copied: its structs are small, and a
 * string value shows at most strace's -s of them. */
#define SOCKOPT_MAX 256

static void print_int_at(struct outbuf *ob, const u8 *p)
{
	int v;

	memcpy(&v, p, sizeof(v));
	outbuf_printf(ob, "[%d]", v);
}

static void print_linger(struct outbuf *ob, const u8 *p, size_t len)
{
	struct linger l;

	memset(&l, 0, sizeof(l));
	memcpy(&l, p, len < sizeof(l) ? len : sizeof(l));
	outbuf_puts(ob, "{");
	if (len >= sizeof(l.l_onoff))
		outbuf_printf(ob, "l_onoff=%d", l.l_onoff);
	if (len >= sizeof(l))
		outbuf_printf(ob, ", l_linger=%d", l.l_linger);
	outbuf_puts(ob, "}");
}

static void print_inet_addr_field(struct outbuf *ob, const char *field, int af, const void *addr)
{
	char text[INET6_ADDRSTRLEN];

	inet_ntop(af, addr, text, sizeof(text));
	if (af == AF_INET)
		outbuf_printf(ob, "%s=inet_addr(\"%s\")", field, text);
	else
		outbuf_printf(ob, "inet_pton(AF_INET6, \"%s\", &%s)", text, field);
}

/* MCAST_JOIN_GROUP's and MCAST_LEAVE_GROUP's struct group_req (IPv4 and
 * IPv6 alike): {gr_interface=if_nametoindex("lo"), gr_group={...}}; the
 * pointer unless it is exactly that long. */
static void print_group_req(struct outbuf *ob, u64 val, const struct sc_arg_ctx *ctx, const u8 *p, size_t have,
			    int len)
{
	struct group_req g;

	if (len != (int)sizeof(g) || have < sizeof(g)) {
		bt_print_ptr(ob, val, ctx);
		return;
	}
	memcpy(&g, p, sizeof(g));
	outbuf_puts(ob, "{gr_interface=");
	print_ifindex(ob, g.gr_interface);
	outbuf_puts(ob, ", gr_group=");
	bt_print_sockaddr(ob, &g.gr_group, sizeof(g.gr_group));
	outbuf_putc(ob, '}');
}

/* getsockopt's value, once the call filled it: ulen bytes of room,
 * rlen written. */
static void print_sockopt_val_out(struct outbuf *ob, u64 val, const struct sc_arg_ctx *ctx)
{
	const struct sc_cap *c = piece(ctx, -1, SCRY_CAP_PTRLEN, SCRY_CAP_EXIT);
	int level = (s32)(u32)arg_value(ctx, 1), name = (s32)(u32)arg_value(ctx, 2);
	int ulen, rlen;
	size_t have;

	if (!val || !c || !call_ok(ctx) ||
	    !piece_int(piece(ctx, (int)ctx->idx + 1, SCRY_CAP_FIXED, SCRY_CAP_ENTRY), &ulen) ||
	    !piece_int(piece(ctx, (int)ctx->idx + 1, SCRY_CAP_FIXED, SCRY_CAP_EXIT), &rlen) ||
	    ulen <= 0 || rlen <= 0) {
		bt_print_ptr(ob, val, ctx);
		return;
	}
	have = c->len < (unsigned)rlen ? c->len : (size_t)rlen;
	if (level == SOL_SOCKET) {
		switch (name) {
		case SO_LINGER:
			print_linger(ob, c->data, have);
			return;
		case SO_PEERCRED:
			if (have < sizeof(struct ucred))
				break;
			struct ucred uc;
			memcpy(&uc, c->data, sizeof(uc));
			outbuf_printf(ob, "{pid=%d, uid=%u, gid=%u}", uc.pid, uc.uid, uc.gid);
			return;
		case SO_ERROR:
			if (rlen < (int)sizeof(int)) {
				print_hex_string(ob, c->data, have);
			} else if (have >= sizeof(int)) {
				int err;
				memcpy(&err, c->data, sizeof(err));
				outbuf_putc(ob, '[');
				if (errno_name(err))
					outbuf_puts(ob, errno_name(err));
				else
					outbuf_s64(ob, err);
				outbuf_putc(ob, ']');
			} else {
				bt_print_ptr(ob, val, ctx);
			}
			return;
		case SO_ATTACH_FILTER:      /* SO_GET_FILTER: a BPF program, not decoded */
			bt_print_ptr(ob, val, ctx);
			return;
		case SO_TXREHASH:
			if (rlen < (int)sizeof(int)) {
				print_hex_string(ob, c->data, have);
			} else if (have >= sizeof(int)) {
				int v;
				memcpy(&v, c->data, sizeof(v));
				outbuf_putc(ob, '[');
				if (!beauty_value(ob, &bt_txrehash_values, v))
					outbuf_puts(ob, " /* SOCK_TXREHASH_??? */");
				outbuf_putc(ob, ']');
			} else {
				bt_print_ptr(ob, val, ctx);
			}
			return;
		default:
			if (!value_table_name(&bt_sol_socket_int_options, name))
				break;
			if (rlen < (int)sizeof(int))
				print_hex_string(ob, c->data, have);
			else if (have >= sizeof(int))
				print_int_at(ob, c->data);
			else
				bt_print_ptr(ob, val, ctx);
			return;
		}
	} else if (level == SOL_NETLINK) {
		if (name == NETLINK_LIST_MEMBERSHIPS) {
			size_t n = (size_t)(ulen < rlen ? ulen : rlen) / sizeof(u32);
			outbuf_putc(ob, '[');
			for (size_t i = 0; i < n; i++) {
				u32 g;
				if (i)
					outbuf_puts(ob, ", ");
				if ((i + 1) * sizeof(g) > c->len) {
					outbuf_puts(ob, "...");
					break;
				}
				memcpy(&g, c->data + i * sizeof(g), sizeof(g));
				outbuf_u64(ob, g);
			}
			outbuf_putc(ob, ']');
		} else if (have >= sizeof(int)) {
			print_int_at(ob, c->data);
		} else {
			bt_print_ptr(ob, val, ctx);
		}
		return;
	}
	if (rlen == (int)sizeof(int) && have >= sizeof(int))
		print_int_at(ob, c->data);
	else
		print_data(ob, c->data, have, (u64)rlen, ctx->string_limit);
}

/* setsockopt's value, as given: len (the next argument) bytes. */
static void print_sockopt_val_in(struct outbuf *ob, u64 val, const struct sc_arg_ctx *ctx)
{
	const struct sc_cap *c = piece(ctx, -1, SCRY_CAP_ARGLEN, SCRY_CAP_ENTRY);
	int level = (s32)(u32)arg_value(ctx, 1), name = (s32)(u32)arg_value(ctx, 2);
	int len = ctx ? (s32)(u32)arg_value(ctx, ctx->idx + 1) : 0;
	size_t have;

	if (!val || !c) {
		bt_print_ptr(ob, val, ctx);
		return;
	}
	have = c->len;
	if (len >= 0 && have > (size_t)len)
		have = (size_t)len;
	switch (level) {
	case SOL_SOCKET:
		switch (name) {
		case SO_LINGER:
			if (len < (int)sizeof(struct linger) || have < sizeof(struct linger))
				bt_print_ptr(ob, val, ctx);
			else
				print_linger(ob, c->data, sizeof(struct linger));
			return;
		case SO_ATTACH_FILTER:
		case SO_ATTACH_REUSEPORT_CBPF:      /* a BPF program, not decoded */
			bt_print_ptr(ob, val, ctx);
			return;
		case SO_TXREHASH:
			if (len < (int)sizeof(int) || have < sizeof(int)) {
				bt_print_ptr(ob, val, ctx);
			} else {
				int v;
				memcpy(&v, c->data, sizeof(v));
				outbuf_putc(ob, '[');
				if (!beauty_value(ob, &bt_txrehash_values, v))
					outbuf_puts(ob, " /* SOCK_TXREHASH_??? */");
				outbuf_putc(ob, ']');
			}
			return;
		default:
			if (!value_table_name(&bt_sol_socket_int_options, name))
				break;
			if (len < (int)sizeof(int) || have < sizeof(int))
				bt_print_ptr(ob, val, ctx);
			else
				print_int_at(ob, c->data);
			return;
		}
		break;
	case IPPROTO_IP:
		if (name == IP_ADD_MEMBERSHIP || name == IP_DROP_MEMBERSHIP) {
			struct ip_mreq m;
			if (len < (int)sizeof(m) || have < sizeof(m)) {
				bt_print_ptr(ob, val, ctx);
				return;
			}
			memcpy(&m, c->data, sizeof(m));
			outbuf_putc(ob, '{');
			print_inet_addr_field(ob, "imr_multiaddr", AF_INET, &m.imr_multiaddr);
			outbuf_puts(ob, ", ");
			print_inet_addr_field(ob, "imr_interface", AF_INET, &m.imr_interface);
			outbuf_putc(ob, '}');
			return;
		}
		if (name == MCAST_JOIN_GROUP || name == MCAST_LEAVE_GROUP) {
			print_group_req(ob, val, ctx, c->data, have, len);
			return;
		}
		break;
	case IPPROTO_IPV6:
		if (name == IPV6_ADD_MEMBERSHIP || name == IPV6_DROP_MEMBERSHIP ||
		    name == IPV6_JOIN_ANYCAST || name == IPV6_LEAVE_ANYCAST) {
			struct ipv6_mreq m;
			if (len < (int)sizeof(m) || have < sizeof(m)) {
				bt_print_ptr(ob, val, ctx);
				return;
			}
			memcpy(&m, c->data, sizeof(m));
			outbuf_putc(ob, '{');
			print_inet_addr_field(ob, "ipv6mr_multiaddr", AF_INET6, &m.ipv6mr_multiaddr);
			outbuf_puts(ob, ", ipv6mr_interface=");
			print_ifindex(ob, m.ipv6mr_interface);
			outbuf_putc(ob, '}');
			return;
		}
		if (name == MCAST_JOIN_GROUP || name == MCAST_LEAVE_GROUP) {
			print_group_req(ob, val, ctx, c->data, have, len);
			return;
		}
		break;
	case SOL_NETLINK:
		if (len < (int)sizeof(int) || have < sizeof(int))
			bt_print_ptr(ob, val, ctx);
		else
			print_int_at(ob, c->data);
		return;
	}
	if (len == (int)sizeof(int) && have >= sizeof(int))
		print_int_at(ob, c->data);
	else
		print_data(ob, c->data, have, len < 0 ? 0 : (u64)len, ctx->string_limit);
}

FMT(sockopt_val_out, print_sockopt_val_out,
    .cap = { .kind = SCRY_CAP_PTRLEN, .when = SCRY_CAP_EXIT, .len_arg = -1, .max = SOCKOPT_MAX });
FMT(sockopt_val_in, print_sockopt_val_in,
    .cap = { .kind = SCRY_CAP_ARGLEN, .when = SCRY_CAP_ENTRY, .len_arg = -1, .size = 1, .max = SOCKOPT_MAX });

/* ---- socketpair ------------------------------------------------------------------ */

static void print_sockpair_out(struct outbuf *ob, u64 val, const struct sc_arg_ctx *ctx)
{
	const struct sc_cap *c = piece(ctx, -1, SCRY_CAP_FIXED, SCRY_CAP_EXIT);
	int fd[2];

	if (!call_ok(ctx) || !c || c->len < sizeof(fd)) {
		bt_print_ptr(ob, val, ctx);
		return;
	}
	memcpy(fd, c->data, sizeof(fd));
	outbuf_printf(ob, "[%d, %d]", fd[0], fd[1]);
}

FMT(sockpair_out, print_sockpair_out,
    CAP_FIXED(SCRY_CAP_EXIT, 2 * sizeof(int)));

/* ---- iovecs ---------------------------------------------------------------------- */

/* The iovec array of argument arg copied at `when` (an IOV piece and its
 * IOV_DATA pieces, by itself or inside a msghdr):
 * [{iov_base="abc", iov_len=3}, ...], each element's data up to what is
 * left of `budget` bytes (a read's result; < 0: no limit); with
 * addr_only, the buffers' addresses (a failed read's). Returns false when
 * there is no copy (nothing printed). */
static bool print_iov_pieces(struct outbuf *ob, const struct sc_arg_ctx *ctx, unsigned arg,
			     unsigned when, s64 budget, bool addr_only)
{
	const struct sc_cap *v = piece(ctx, (int)arg, SCRY_CAP_IOV, when);
	size_t n;

	if (!v)
		return false;
	n = v->len / sizeof(struct iovec);
	if (n > v->aux)
		n = v->aux;
	outbuf_putc(ob, '[');
	for (size_t i = 0; i < n; i++) {
		const struct sc_cap *d = piece_aux(ctx, arg, SCRY_CAP_IOV_DATA, when, i);
		struct iovec iov;
		u64 want;

		if (i)
			outbuf_puts(ob, ", ");
		if (i >= ARRAY_SHOWN) {
			outbuf_puts(ob, "...");
			break;
		}
		memcpy(&iov, v->data + i * sizeof(iov), sizeof(iov));
		want = iov.iov_len;
		if (budget >= 0 && want > (u64)budget)
			want = (u64)budget;
		if (budget >= 0)
			budget -= (s64)want;
		outbuf_puts(ob, "{iov_base=");
		if (addr_only || !iov.iov_base)
			bt_print_ptr(ob, (u64)(uintptr_t)iov.iov_base, ctx);
		else if (!want)
			outbuf_puts(ob, "\"\"");
		else if (d && d->len)
			print_data(ob, d->data, d->len, want, ctx->string_limit);
		else    /* not copied: the tracer's data budget went to earlier elements */
			bt_print_ptr(ob, (u64)(uintptr_t)iov.iov_base, ctx);
		outbuf_puts(ob, ", iov_len=");
		outbuf_u64(ob, iov.iov_len);
		outbuf_putc(ob, '}');
	}
	if (v->aux > n)
		outbuf_puts(ob, n ? ", ..." : "...");
	outbuf_putc(ob, ']');
	return true;
}

/* writev's: the data given. */
static void print_iov_in(struct outbuf *ob, u64 val, const struct sc_arg_ctx *ctx)
{
	if (!val || !print_iov_pieces(ob, ctx, ctx->idx, SCRY_CAP_ENTRY, -1, false))
		bt_print_ptr(ob, val, ctx);
}

/* readv's: the data read, as many bytes as the call returned; when it
 * failed, the buffers' addresses (from the copy taken at entry). */
static void print_iov_out(struct outbuf *ob, u64 val, const struct sc_arg_ctx *ctx)
{
	bool ok;

	if (!val || !ctx->ret_valid)
		ok = false;
	else if (ctx->ret < 0)
		ok = print_iov_pieces(ob, ctx, ctx->idx, SCRY_CAP_ENTRY, -1, true);
	else
		ok = print_iov_pieces(ob, ctx, ctx->idx, SCRY_CAP_EXIT, ctx->ret, false);
	if (!ok)
		bt_print_ptr(ob, val, ctx);
}

FMT(iov_in, print_iov_in,
    .cap = { .kind = SCRY_CAP_IOV, .when = SCRY_CAP_ENTRY, .len_arg = -1, .max = SC_CAP_MAX_STRLIMIT });
FMT(iov_out, print_iov_out,
    .cap = { .kind = SCRY_CAP_IOV, .when = SCRY_CAP_ENTRY | SCRY_CAP_EXIT, .len_arg = -1,
	     .size = 1 /* no data at entry */, .max = SC_CAP_MAX_STRLIMIT });

/* ---- msghdr ---------------------------------------------------------------------- */

/* ---- control messages: the data of those strace decodes -------------------- */

static void print_cmsg_fds(struct outbuf *ob, const u8 *data, size_t len)
{
	outbuf_putc(ob, '[');
	for (size_t i = 0; i + sizeof(int) <= len; i += sizeof(int)) {
		int fd;
		memcpy(&fd, data + i, sizeof(fd));
		if (i)
			outbuf_puts(ob, ", ");
		outbuf_s64(ob, fd);
	}
	outbuf_putc(ob, ']');
}

static void print_cmsg_creds(struct outbuf *ob, const u8 *data, size_t len)
{
	struct ucred uc;

	memcpy(&uc, data, sizeof(uc));
	outbuf_printf(ob, "{pid=%d, uid=%u, gid=%u}", uc.pid, uc.uid, uc.gid);
}

static void print_cmsg_string(struct outbuf *ob, const u8 *data, size_t len)
{
	outbuf_quoted(ob, (const char *)data, len, false);
}

/* struct timeval and timespec, and arrays of 3 of them (timestamping):
 * the same layout in the _OLD and _NEW variants on 64-bit. "???" when
 * the message is too short for them, as strace says. */
static void print_cmsg_times(struct outbuf *ob, const u8 *data, size_t len, unsigned n, const char *sub)
{
	struct { s64 sec, sub; } t;

	if (len < n * sizeof(t)) {
		outbuf_puts(ob, "???");
		return;
	}
	if (n > 1)
		outbuf_putc(ob, '[');
	for (unsigned i = 0; i < n; i++) {
		memcpy(&t, data + i * sizeof(t), sizeof(t));
		outbuf_printf(ob, "%s{tv_sec=%lld, %s=%lld}", i ? ", " : "", (long long)t.sec, sub, (long long)t.sub);
	}
	if (n > 1)
		outbuf_putc(ob, ']');
}

static void print_cmsg_timeval(struct outbuf *ob, const u8 *data, size_t len)
{
	print_cmsg_times(ob, data, len, 1, "tv_usec");
}

static void print_cmsg_timespec(struct outbuf *ob, const u8 *data, size_t len)
{
	print_cmsg_times(ob, data, len, 1, "tv_nsec");
}

static void print_cmsg_timespec3(struct outbuf *ob, const u8 *data, size_t len)
{
	print_cmsg_times(ob, data, len, 3, "tv_nsec");
}

static void print_cmsg_uints(struct outbuf *ob, const u8 *data, size_t len)
{
	outbuf_putc(ob, '[');
	for (size_t i = 0; i + sizeof(unsigned) <= len; i += sizeof(unsigned)) {
		unsigned v;
		memcpy(&v, data + i, sizeof(v));
		outbuf_printf(ob, "%s%u", i ? ", " : "", v);
	}
	outbuf_putc(ob, ']');
}

static void print_cmsg_bytes(struct outbuf *ob, const u8 *data, size_t len)
{
	outbuf_putc(ob, '[');
	for (size_t i = 0; i < len; i++)
		outbuf_printf(ob, "%s%#x", i ? ", " : "", data[i]);
	outbuf_putc(ob, ']');
}

static void print_cmsg_pktinfo(struct outbuf *ob, const u8 *data, size_t len)
{
	struct in_pktinfo pi;

	memcpy(&pi, data, sizeof(pi));
	outbuf_puts(ob, "{ipi_ifindex=");
	print_ifindex(ob, (unsigned)pi.ipi_ifindex);
	outbuf_puts(ob, ", ");
	print_inet_addr_field(ob, "ipi_spec_dst", AF_INET, &pi.ipi_spec_dst);
	outbuf_puts(ob, ", ");
	print_inet_addr_field(ob, "ipi_addr", AF_INET, &pi.ipi_addr);
	outbuf_putc(ob, '}');
}

/* IP_RECVERR's struct sock_extended_err and the offender's address. */
struct sock_ee_in {
	u32 ee_errno;
	u8 ee_origin, ee_type, ee_code, ee_pad;
	u32 ee_info, ee_data;
	struct sockaddr_in offender;
};

static void print_cmsg_recverr(struct outbuf *ob, const u8 *data, size_t len)
{
	struct sock_ee_in e;

	memcpy(&e, data, sizeof(e));
	outbuf_printf(ob, "{ee_errno=%u, ee_origin=%u, ee_type=%u, ee_code=%u, ee_info=%u, ee_data=%u, offender=",
		      e.ee_errno, e.ee_origin, e.ee_type, e.ee_code, e.ee_info, e.ee_data);
	bt_print_sockaddr(ob, &e.offender, sizeof(e.offender));
	outbuf_putc(ob, '}');
}

static void print_cmsg_sockaddr(struct outbuf *ob, const u8 *data, size_t len)
{
	bt_print_sockaddr(ob, data, len);
}

/* Which control messages show their data (cmsg_data=...), from how many
 * bytes on: strace 6.1's. */
static const struct cmsg_printer {
	int level, type;
	size_t min_len;
	void (*print)(struct outbuf *ob, const u8 *data, size_t len);
} cmsg_printers[] = {
	{ SOL_SOCKET, SCM_RIGHTS, sizeof(int), print_cmsg_fds },
	{ SOL_SOCKET, SCM_CREDENTIALS, sizeof(struct ucred), print_cmsg_creds },
	{ SOL_SOCKET, 3 /* SCM_SECURITY */, 1, print_cmsg_string },
	{ SOL_SOCKET, SO_TIMESTAMP_OLD, 1, print_cmsg_timeval },
	{ SOL_SOCKET, SO_TIMESTAMPNS_OLD, 1, print_cmsg_timespec },
	{ SOL_SOCKET, SO_TIMESTAMPING_OLD, 1, print_cmsg_timespec3 },
	{ SOL_SOCKET, SO_TIMESTAMP_NEW, 1, print_cmsg_timeval },
	{ SOL_SOCKET, SO_TIMESTAMPNS_NEW, 1, print_cmsg_timespec },
	{ SOL_SOCKET, SO_TIMESTAMPING_NEW, 1, print_cmsg_timespec3 },
	{ IPPROTO_IP, IP_PKTINFO, sizeof(struct in_pktinfo), print_cmsg_pktinfo },
	{ IPPROTO_IP, IP_TTL, sizeof(unsigned), print_cmsg_uints },
	{ IPPROTO_IP, IP_TOS, 1, print_cmsg_bytes },
	{ IPPROTO_IP, IP_RECVOPTS, 1, print_cmsg_bytes },
	{ IPPROTO_IP, IP_RETOPTS, 1, print_cmsg_bytes },
	{ IPPROTO_IP, IP_RECVERR, sizeof(struct sock_ee_in), print_cmsg_recverr },
	{ IPPROTO_IP, IP_ORIGDSTADDR, sizeof(struct sockaddr_in), print_cmsg_sockaddr },
	{ IPPROTO_IP, IP_CHECKSUM, sizeof(unsigned), print_cmsg_uints },
	{ IPPROTO_IP, 3 /* SCM_SECURITY */, 1, print_cmsg_string },
};

/* One control message's type and its data where strace shows it. */
static void print_cmsg_type_data(struct outbuf *ob, int level, int type, const u8 *data, size_t len)
{
	switch (level) {
	case SOL_SOCKET:
		print_xval(ob, &bt_scm_types, type, "SCM_???");
		break;
	case IPPROTO_IP:
		print_xval(ob, &bt_ip_cmsg_types, type, "IP_???");
		break;
	default:
		outbuf_printf(ob, "%#x", (unsigned)type);
		return;
	}
	for (size_t i = 0; i < ARRAY_SIZE(cmsg_printers); i++) {
		const struct cmsg_printer *p = &cmsg_printers[i];

		if (p->level == level && p->type == type && len >= p->min_len) {
			outbuf_puts(ob, ", cmsg_data=");
			p->print(ob, data, len);
			return;
		}
	}
}

/* msg_control=[{cmsg_len=20, cmsg_level=SOL_SOCKET, cmsg_type=SCM_RIGHTS,
 * cmsg_data=[5]}] from `have` copied bytes of a controllen-byte buffer at
 * addr. */
static void print_msg_control(struct outbuf *ob, const struct sc_arg_ctx *ctx, u64 addr, const u8 *buf,
			      size_t have, u64 controllen)
{
	const size_t hdr = sizeof(struct cmsghdr);
	size_t len = have < controllen ? have : (size_t)controllen, off = 0, left = len;

	outbuf_puts(ob, ", msg_control=");
	if (!buf || len < hdr) {
		bt_print_ptr(ob, addr, ctx);
		return;
	}
	outbuf_putc(ob, '[');
	while (left >= hdr) {
		struct cmsghdr cm;
		u64 clen, step;

		memcpy(&cm, buf + off, hdr);
		if (off)
			outbuf_puts(ob, ", ");
		clen = cm.cmsg_len > left ? left : cm.cmsg_len;
		outbuf_printf(ob, "{cmsg_len=%llu, cmsg_level=", (unsigned long long)cm.cmsg_len);
		print_xval(ob, &bt_sockopt_levels, cm.cmsg_level, "SOL_???");
		outbuf_puts(ob, ", cmsg_type=");
		print_cmsg_type_data(ob, cm.cmsg_level, cm.cmsg_type, buf + off + hdr,
				     clen > hdr ? (size_t)(clen - hdr) : 0);
		outbuf_putc(ob, '}');
		if (clen < hdr) {
			left -= hdr;
			break;
		}
		/* (a length near 2^64 would wrap to 0 when rounded up: the
		 * loop stood still, its output grew without end) */
		step = cm.cmsg_len >= left ? left : (cm.cmsg_len + sizeof(long) - 1) & ~(u64)(sizeof(long) - 1);
		if (step >= left) {
			left = 0;
			break;
		}
		off += (size_t)step;
		left -= (size_t)step;
	}
	if (left)
		outbuf_printf(ob, ", ... /* %#llx */", (unsigned long long)(addr + (len - left)));
	else if (len < controllen)
		outbuf_puts(ob, ", ...");
	outbuf_putc(ob, ']');
}

/* A msghdr copied at `when` for argument arg: its name (at most
 * *user_namelen bytes of it when the caller gave that much room), its
 * iovecs with data up to `budget` bytes (< 0: all), control messages and
 * flags. Returns false when there is no copy (nothing printed). */
static bool print_msghdr_pieces(struct outbuf *ob, const struct sc_arg_ctx *ctx, unsigned arg,
				unsigned when, const int *user_namelen, s64 budget)
{
	const struct sc_cap *h = piece(ctx, (int)arg, SCRY_CAP_MSGHDR, when), *name, *ctl;
	struct msghdr m;
	int namelen;

	if (!h || h->len < sizeof(m))
		return false;
	memcpy(&m, h->data, sizeof(m));
	namelen = user_namelen && (int)m.msg_namelen > *user_namelen ? *user_namelen : (int)m.msg_namelen;
	outbuf_puts(ob, "{msg_name=");
	name = piece(ctx, (int)arg, SCRY_CAP_MSG_NAME, when);
	if (m.msg_name && namelen >= (int)sizeof(sa_family_t) && name && name->len >= sizeof(sa_family_t))
		bt_print_sockaddr(ob, name->data, (size_t)namelen < name->len ? (size_t)namelen : name->len);
	else
		bt_print_ptr(ob, (u64)(uintptr_t)m.msg_name, ctx);
	outbuf_puts(ob, ", msg_namelen=");
	if (user_namelen && *user_namelen != (int)m.msg_namelen) {
		outbuf_s64(ob, *user_namelen);
		outbuf_puts(ob, " => ");
	}
	outbuf_s64(ob, (int)m.msg_namelen);
	outbuf_puts(ob, ", msg_iov=");
	if (!m.msg_iov || !print_iov_pieces(ob, ctx, arg, when, budget, false))
		bt_print_ptr(ob, (u64)(uintptr_t)m.msg_iov, ctx);
	outbuf_printf(ob, ", msg_iovlen=%llu", (unsigned long long)m.msg_iovlen);
	if (m.msg_controllen) {
		ctl = piece(ctx, (int)arg, SCRY_CAP_MSG_CONTROL, when);
		print_msg_control(ob, ctx, (u64)(uintptr_t)m.msg_control, ctl ? ctl->data : NULL,
				  ctl ? ctl->len : 0, m.msg_controllen);
	}
	outbuf_printf(ob, ", msg_controllen=%llu, msg_flags=", (unsigned long long)m.msg_controllen);
	beauty_flags_prefixed(ob, &bt_msg_flags, (u32)m.msg_flags, "MSG_");
	outbuf_putc(ob, '}');
	return true;
}

/* sendmsg's: the message given. */
static void print_msghdr_in(struct outbuf *ob, u64 val, const struct sc_arg_ctx *ctx)
{
	if (!val || !print_msghdr_pieces(ob, ctx, ctx->idx, SCRY_CAP_ENTRY, NULL, -1))
		bt_print_ptr(ob, val, ctx);
}

/* recvmsg's: the message received (data up to the result), its name's
 * length as given and as set ("msg_namelen=128 => 16"); a failed call
 * shows the length given alone: {msg_namelen=128}. */
static void print_msghdr_out(struct outbuf *ob, u64 val, const struct sc_arg_ctx *ctx)
{
	const struct sc_cap *in = piece(ctx, -1, SCRY_CAP_MSGHDR, SCRY_CAP_ENTRY);
	struct msghdr m;
	int namelen;

	if (!val || !in || in->len < sizeof(m)) {
		bt_print_ptr(ob, val, ctx);
		return;
	}
	memcpy(&m, in->data, sizeof(m));
	namelen = (int)m.msg_namelen;
	if (ctx->ret_valid && ctx->ret < 0) {
		outbuf_printf(ob, "{msg_namelen=%d}", namelen);
		return;
	}
	if (!call_ok(ctx) || !print_msghdr_pieces(ob, ctx, ctx->idx, SCRY_CAP_EXIT, &namelen, ctx->ret))
		bt_print_ptr(ob, val, ctx);
}

FMT(msghdr_in, print_msghdr_in,
    .cap = { .kind = SCRY_CAP_MSGHDR, .when = SCRY_CAP_ENTRY, .max = SC_CAP_MAX_STRLIMIT });
FMT(msghdr_out, print_msghdr_out,
    .cap = { .kind = SCRY_CAP_MSGHDR, .when = SCRY_CAP_ENTRY | SCRY_CAP_EXIT, .size = 1 /* no data at entry */,
	     .max = SC_CAP_MAX_STRLIMIT });

/* ---- mmsghdr arrays -------------------------------------------------------------- */

/* sendmmsg's and recvmmsg's arrays: the tracer copies the headers
 * (ARGLEN of struct mmsghdr), not what they point to, so each message's
 * name, iovecs and control print as pointers where strace shows their
 * contents; lengths, counts, flags and msg_len are the real ones.
 * sendmmsg shows every element, msg_len for the `ret` sent; recvmmsg the
 * `ret` received. */
static void print_mmsghdr_array(struct outbuf *ob, u64 val, const struct sc_arg_ctx *ctx, bool recv)
{
	/* a failed sendmmsg: the array as given */
	bool failed = ctx && ctx->ret_valid && ctx->ret < 0;
	const struct sc_cap *c = piece(ctx, -1, SCRY_CAP_ARGLEN, failed ? SCRY_CAP_ENTRY : SCRY_CAP_EXIT);
	u64 vlen = (u32)arg_value(ctx, ctx ? ctx->idx + 1 : 0), shown, with_len;

	if (!val || !c || !ctx->ret_valid || (recv && failed)) {
		bt_print_ptr(ob, val, ctx);
		return;
	}
	with_len = ctx->ret > 0 ? (u64)ctx->ret : 0;
	shown = recv ? with_len : vlen;
	outbuf_putc(ob, '[');
	for (u64 i = 0; i < shown; i++) {
		struct mmsghdr mm;

		if (i)
			outbuf_puts(ob, ", ");
		if (i >= ARRAY_SHOWN || (i + 1) * sizeof(mm) > c->len) {
			outbuf_puts(ob, "...");
			break;
		}
		memcpy(&mm, c->data + i * sizeof(mm), sizeof(mm));
		outbuf_puts(ob, "{msg_hdr={msg_name=");
		bt_print_ptr(ob, (u64)(uintptr_t)mm.msg_hdr.msg_name, ctx);
		outbuf_printf(ob, ", msg_namelen=%d, msg_iov=", (int)mm.msg_hdr.msg_namelen);
		bt_print_ptr(ob, (u64)(uintptr_t)mm.msg_hdr.msg_iov, ctx);
		outbuf_printf(ob, ", msg_iovlen=%llu", (unsigned long long)mm.msg_hdr.msg_iovlen);
		if (mm.msg_hdr.msg_controllen) {
			outbuf_puts(ob, ", msg_control=");
			bt_print_ptr(ob, (u64)(uintptr_t)mm.msg_hdr.msg_control, ctx);
		}
		outbuf_printf(ob, ", msg_controllen=%llu, msg_flags=", (unsigned long long)mm.msg_hdr.msg_controllen);
		beauty_flags_prefixed(ob, &bt_msg_flags, (u32)mm.msg_hdr.msg_flags, "MSG_");
		outbuf_putc(ob, '}');
		if (i < with_len)
			outbuf_printf(ob, ", msg_len=%u", mm.msg_len);
		outbuf_putc(ob, '}');
	}
	outbuf_putc(ob, ']');
}

static void print_mmsghdr_in(struct outbuf *ob, u64 val, const struct sc_arg_ctx *ctx)
{
	print_mmsghdr_array(ob, val, ctx, false);
}

static void print_mmsghdr_out(struct outbuf *ob, u64 val, const struct sc_arg_ctx *ctx)
{
	print_mmsghdr_array(ob, val, ctx, true);
}

/* Copied at return, when msg_len holds what each message moved; the
 * messages sendmmsg is given also at entry, for a failed call (strace
 * shows the array then too). */
FMT(mmsghdr_in, print_mmsghdr_in,
    .cap = { .kind = SCRY_CAP_ARGLEN, .when = SCRY_CAP_ENTRY | SCRY_CAP_EXIT, .len_arg = -1,
	     .size = sizeof(struct mmsghdr), .max = ARRAY_SHOWN * sizeof(struct mmsghdr) });
FMT(mmsghdr_out, print_mmsghdr_out,
    .cap = { .kind = SCRY_CAP_ARGLEN, .when = SCRY_CAP_EXIT, .len_arg = -1,
	     .size = sizeof(struct mmsghdr), .max = ARRAY_SHOWN * sizeof(struct mmsghdr) });

/* recvmmsg's timeout as given ({tv_sec=1, tv_nsec=0}), also copied at
 * return for the time left that the result shows. */
static bool timeout_piece(const struct sc_arg_ctx *ctx, int arg, unsigned when, struct timespec *ts)
{
	const struct sc_cap *c = piece(ctx, arg, SCRY_CAP_FIXED, when);

	if (!c || c->len < sizeof(*ts))
		return false;
	memcpy(ts, c->data, sizeof(*ts));
	return true;
}

static void print_timespec_val(struct outbuf *ob, const struct timespec *ts)
{
	outbuf_printf(ob, "{tv_sec=%lld, tv_nsec=%lld}", (long long)ts->tv_sec, (long long)ts->tv_nsec);
}

static void print_mmsg_timeout(struct outbuf *ob, u64 val, const struct sc_arg_ctx *ctx)
{
	struct timespec ts;

	if (!val || !timeout_piece(ctx, -1, SCRY_CAP_ENTRY, &ts))
		bt_print_ptr(ob, val, ctx);
	else
		print_timespec_val(ob, &ts);
}

FMT(mmsg_timeout, print_mmsg_timeout,
    CAP_FIXED(SCRY_CAP_ENTRY | SCRY_CAP_EXIT, sizeof(struct timespec)));

/* recvmmsg's result: "0 (Timeout)" when nothing came; with a timeout,
 * "2 (left {tv_sec=0, tv_nsec=999})". */
bool bt_print_recvmmsg_ret(struct outbuf *ob, s64 ret, const struct sc_arg_ctx *ctx)
{
	struct timespec ts;

	if (ret < 0)
		return false;
	outbuf_s64(ob, ret);
	if (ret == 0) {
		outbuf_puts(ob, " (Timeout)");
	} else if (arg_value(ctx, 4) && timeout_piece(ctx, 4, SCRY_CAP_EXIT, &ts)) {
		outbuf_puts(ob, " (left ");
		print_timespec_val(ob, &ts);
		outbuf_putc(ob, ')');
	}
	return true;
}
