/* Unit tests for the socket and iovec printers of captured-net.c, on fake
 * pieces (struct sc_cap) as the BPF tracer would copy them: each expected
 * text is what strace 6.1 prints for the same memory. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_alg.h>
#include <linux/if_packet.h>
#include <linux/netlink.h>
#include <linux/vm_sockets.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <netinet/udp.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <time.h>

#include "util/trace/beauty/beauty-internal.h"
#include "util/trace/beauty/beauty.h"
#include "util/trace/bpf/syscall-record.h"

/* ---- fixture -------------------------------------------------------------------- */

/* A call: its arguments, result and pieces, built up by the test. */
struct fake_call {
	u64 args[SCRY_SC_NARGS];
	s64 ret;
	bool ret_valid;
	struct sc_cap caps[32];
	unsigned ncap;
};

static void add_piece(struct fake_call *fc, unsigned arg, unsigned kind, unsigned when, const void *data,
		      size_t len, u64 aux)
{
	struct sc_cap *c = &fc->caps[fc->ncap++];

	assert_true(fc->ncap <= 32);
	memset(c, 0, sizeof(*c));
	c->arg = (u8)arg;
	c->kind = (u8)kind;
	c->when = (u8)when;
	c->len = (u16)len;
	c->aux = aux;
	c->data = data;
}

static void add_int(struct fake_call *fc, unsigned arg, unsigned when, const int *v)
{
	add_piece(fc, arg, SCRY_CAP_FIXED, when, v, sizeof(*v), sizeof(*v));
}

/* What the formatter picked for (sc, arg, type) prints for argument idx. */
static void check(const struct fake_call *fc, const char *sc, const char *arg, const char *type, unsigned idx,
		  const char *expected)
{
	const struct sc_arg_fmt *f = sc_arg_fmt_pick(sc, arg, type);
	struct sc_arg_ctx ctx = {
		.args = fc->args,
		.idx = idx,
		.string_limit = 32,
		.ret = fc->ret,
		.ret_valid = fc->ret_valid,
		.caps = fc->caps,
		.ncap = fc->ncap,
	};
	struct outbuf ob;
	char got[1024];

	outbuf_init_mem(&ob);
	f->print(&ob, fc->args[idx], &ctx);
	snprintf(got, sizeof(got), "%s", outbuf_cstr(&ob));
	outbuf_release(&ob);
	assert_string_equal(got, expected);
}

static struct fake_call call(s64 ret)
{
	struct fake_call fc;

	memset(&fc, 0, sizeof(fc));
	fc.ret = ret;
	fc.ret_valid = true;
	return fc;
}

/* ---- the rules ---------------------------------------------------------------- */

static void test_rules(void **state)
{
	(void)state;
	assert_string_equal(sc_arg_fmt_pick("getsockopt", "optval", "char *")->kind, "sockopt_val_out");
	assert_string_equal(sc_arg_fmt_pick("getsockopt", "optlen", "int *")->kind, "sockopt_len");
	assert_string_equal(sc_arg_fmt_pick("setsockopt", "optval", "char *")->kind, "sockopt_val_in");
	assert_string_equal(sc_arg_fmt_pick("accept4", "upeer_sockaddr", "struct sockaddr *")->kind, "sockaddr_out");
	assert_string_equal(sc_arg_fmt_pick("recvfrom", "addr_len", "int *")->kind, "sockname_len");
	assert_string_equal(sc_arg_fmt_pick("readv", "vec", "const struct iovec *")->kind, "iov_out");
	assert_string_equal(sc_arg_fmt_pick("pwritev2", "vec", "const struct iovec *")->kind, "iov_in");
	assert_string_equal(sc_arg_fmt_pick("recvmsg", "msg", "struct user_msghdr *")->kind, "msghdr_out");
	/* The length of an address is the argument after it, its moments
	 * those strace reads it at. */
	const struct sc_arg_fmt *f = sc_arg_fmt_pick("getsockname", "usockaddr", "struct sockaddr *");
	assert_int_equal(f->cap.kind, SCRY_CAP_PTRLEN);
	assert_int_equal(f->cap.when, SCRY_CAP_EXIT);
	assert_int_equal(f->cap.len_arg, -1);
	f = sc_arg_fmt_pick("getsockname", "usockaddr_len", "int *");
	assert_int_equal(f->cap.kind, SCRY_CAP_FIXED);
	assert_int_equal(f->cap.when, SCRY_CAP_ENTRY | SCRY_CAP_EXIT);
	assert_int_equal(f->cap.size, 4);
	f = sc_arg_fmt_pick("recvmsg", "msg", "struct user_msghdr *");
	assert_int_equal(f->cap.when, SCRY_CAP_ENTRY | SCRY_CAP_EXIT);
	f = sc_arg_fmt_pick("socketpair", "usockvec", "int *");
	assert_int_equal(f->cap.kind, SCRY_CAP_FIXED);
	assert_int_equal(f->cap.size, 8);
}

/* ---- addresses ------------------------------------------------------------------ */

static struct sockaddr_in loopback(unsigned port)
{
	struct sockaddr_in in = { .sin_family = AF_INET, .sin_port = htons(port) };

	in.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	return in;
}

static void test_getsockname(void **state)
{
	struct sockaddr_in in = loopback(58363);
	int ulen = 128, rlen = 16, same = 16;
	struct fake_call fc = call(0);

	(void)state;
	fc.args[0] = 3;
	fc.args[1] = 0x7ffd0000;
	fc.args[2] = 0x7ffd1000;
	add_int(&fc, 2, SCRY_CAP_ENTRY, &ulen);
	add_int(&fc, 2, SCRY_CAP_EXIT, &rlen);
	add_piece(&fc, 1, SCRY_CAP_PTRLEN, SCRY_CAP_EXIT, &in, sizeof(in), sizeof(in));
	check(&fc, "getsockname", "usockaddr", "struct sockaddr *", 1,
	      "{sa_family=AF_INET, sin_port=htons(58363), sin_addr=inet_addr(\"127.0.0.1\")}");
	check(&fc, "getsockname", "usockaddr_len", "int *", 2, "[128 => 16]");
	fc.caps[0].data = (const u8 *)&same;
	check(&fc, "getsockname", "usockaddr_len", "int *", 2, "[16]");

	/* Failed: the address's pointer, the length given. */
	fc = call(-EBADF);
	fc.args[1] = 0x7ffd0000;
	fc.args[2] = 0x7ffd1000;
	add_int(&fc, 2, SCRY_CAP_ENTRY, &ulen);
	check(&fc, "getsockname", "usockaddr", "struct sockaddr *", 1, "0x7ffd0000");
	check(&fc, "getsockname", "usockaddr_len", "int *", 2, "[128]");

	/* No address: the length is not read (strace prints its pointer). */
	fc.args[1] = 0;
	check(&fc, "getsockname", "usockaddr", "struct sockaddr *", 1, "NULL");
	check(&fc, "getsockname", "usockaddr_len", "int *", 2, "0x7ffd1000");

	/* No pieces at all (the tracepoint backend): pointers. */
	fc = call(0);
	fc.args[1] = 0x7ffd0000;
	fc.args[2] = 0x7ffd1000;
	check(&fc, "accept", "upeer_sockaddr", "struct sockaddr *", 1, "0x7ffd0000");
	check(&fc, "accept", "upeer_addrlen", "int *", 2, "0x7ffd1000");
}

/* A buffer shorter than the address: the bytes that fit, as sa_data. */
static void test_sockaddr_short(void **state)
{
	struct sockaddr_in in = loopback(0xcde7);
	int ulen = 4, rlen = 16;
	struct fake_call fc = call(0);

	(void)state;
	fc.args[1] = 0x1000;
	fc.args[2] = 0x2000;
	add_int(&fc, 2, SCRY_CAP_ENTRY, &ulen);
	add_int(&fc, 2, SCRY_CAP_EXIT, &rlen);
	add_piece(&fc, 1, SCRY_CAP_PTRLEN, SCRY_CAP_EXIT, &in, sizeof(in), sizeof(in));
	check(&fc, "getsockname", "usockaddr", "struct sockaddr *", 1, "{sa_family=AF_INET, sa_data=\"\\315\\347\"}");
	check(&fc, "getsockname", "usockaddr_len", "int *", 2, "[4 => 16]");
}

static void test_sockaddr_families(void **state)
{
	struct outbuf ob;
	struct sockaddr_un un = { .sun_family = AF_UNIX };
	struct sockaddr_nl nl = { .nl_family = AF_NETLINK, .nl_pid = 1804 };
	struct sockaddr_in6 in6 = { .sin6_family = AF_INET6, .sin6_port = htons(44978),
				    .sin6_addr = IN6ADDR_LOOPBACK_INIT };
	unsigned char odd[12] = { 17, 0 };

	(void)state;
	outbuf_init_mem(&ob);
	bt_print_sockaddr(&ob, &un, 2);
	assert_string_equal(outbuf_cstr(&ob), "{sa_family=AF_UNIX}");
	outbuf_reset(&ob);
	strcpy(un.sun_path, "/tmp/decnet/sock");
	bt_print_sockaddr(&ob, &un, 19);
	assert_string_equal(outbuf_cstr(&ob), "{sa_family=AF_UNIX, sun_path=\"/tmp/decnet/sock\"}");
	outbuf_reset(&ob);
	/* cut short by the buffer: the bytes there are */
	bt_print_sockaddr(&ob, &un, 8);
	assert_string_equal(outbuf_cstr(&ob), "{sa_family=AF_UNIX, sun_path=\"/tmp/d\"}");
	outbuf_reset(&ob);
	memset(un.sun_path, 0, sizeof(un.sun_path));
	strcpy(un.sun_path + 1, "abst");
	bt_print_sockaddr(&ob, &un, 7);
	assert_string_equal(outbuf_cstr(&ob), "{sa_family=AF_UNIX, sun_path=@\"abst\"}");
	outbuf_reset(&ob);
	bt_print_sockaddr(&ob, &nl, sizeof(nl));
	assert_string_equal(outbuf_cstr(&ob), "{sa_family=AF_NETLINK, nl_pid=1804, nl_groups=00000000}");
	outbuf_reset(&ob);
	bt_print_sockaddr(&ob, &in6, sizeof(in6));
	assert_string_equal(outbuf_cstr(&ob), "{sa_family=AF_INET6, sin6_port=htons(44978), sin6_flowinfo=htonl(0), "
				   "inet_pton(AF_INET6, \"::1\", &sin6_addr), sin6_scope_id=0}");
	outbuf_reset(&ob);
	{
		struct sockaddr_ll ll = { .sll_family = AF_PACKET, .sll_protocol = htons(0x0806),
					  .sll_hatype = 772, .sll_pkttype = 9, .sll_halen = 10,
					  .sll_addr = { 2, 0, 0, 0, 0, 0xfc } };
		/* a hardware address longer than sll_addr: the bytes there are */
		bt_print_sockaddr(&ob, &ll, sizeof(ll));
		assert_string_equal(outbuf_cstr(&ob), "{sa_family=AF_PACKET, sll_protocol=htons(ETH_P_ARP), sll_ifindex=0, "
					   "sll_hatype=ARPHRD_LOOPBACK, sll_pkttype=0x9 /* PACKET_??? */, sll_halen=10, "
					   "sll_addr=[0x2, 00, 00, 00, 00, 0xfc, 00, 00, ...]}");
		outbuf_reset(&ob);
	}
	{
		struct sockaddr_vm vm = { .svm_family = AF_VSOCK, .svm_cid = 2, .svm_port = 0x4d2, .svm_flags = 0x11 };
		struct sockaddr_alg alg = { .salg_family = AF_ALG, .salg_type = "skcipher",
					    .salg_name = "cbc(aes)" };

		bt_print_sockaddr(&ob, &vm, sizeof(vm));
		assert_string_equal(outbuf_cstr(&ob), "{sa_family=AF_VSOCK, svm_cid=VMADDR_CID_HOST, svm_port=0x4d2, "
					   "svm_flags=VMADDR_FLAG_TO_HOST|0x10}");
		outbuf_reset(&ob);
		bt_print_sockaddr(&ob, &alg, sizeof(alg));
		assert_string_equal(outbuf_cstr(&ob), "{sa_family=AF_ALG, salg_type=\"skcipher\", salg_feat=0, "
					   "salg_mask=0, salg_name=\"cbc(aes)\"}");
		outbuf_reset(&ob);
	}
	/* AF_PACKET shorter than a sockaddr_ll: its bytes */
	bt_print_sockaddr(&ob, odd, sizeof(odd));
	assert_string_equal(outbuf_cstr(&ob), "{sa_family=AF_PACKET, sa_data=\"\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\"}");
	outbuf_reset(&ob);
	odd[0] = 0xd2;
	odd[1] = 0x04;
	bt_print_sockaddr(&ob, odd, 2);
	assert_string_equal(outbuf_cstr(&ob), "{sa_family=0x4d2 /* AF_??? */}");
	outbuf_release(&ob);
}

static void test_recvfrom(void **state)
{
	struct sockaddr_in in = loopback(38509);
	int len = 16;
	struct fake_call fc = call(5);

	(void)state;
	fc.args[4] = 0x1000;
	fc.args[5] = 0x2000;
	add_int(&fc, 5, SCRY_CAP_ENTRY, &len);
	add_int(&fc, 5, SCRY_CAP_EXIT, &len);
	add_piece(&fc, 4, SCRY_CAP_PTRLEN, SCRY_CAP_EXIT, &in, sizeof(in), sizeof(in));
	check(&fc, "recvfrom", "addr", "struct sockaddr *", 4,
	      "{sa_family=AF_INET, sin_port=htons(38509), sin_addr=inet_addr(\"127.0.0.1\")}");
	check(&fc, "recvfrom", "addr_len", "int *", 5, "[16]");
}

static void test_socketpair(void **state)
{
	int fds[2] = { 3, 4 };
	struct fake_call fc = call(0);

	(void)state;
	fc.args[3] = 0x1000;
	add_piece(&fc, 3, SCRY_CAP_FIXED, SCRY_CAP_EXIT, fds, sizeof(fds), sizeof(fds));
	check(&fc, "socketpair", "usockvec", "int *", 3, "[3, 4]");
	fc.ret = -EMFILE;
	check(&fc, "socketpair", "usockvec", "int *", 3, "0x1000");
}

/* ---- socket options --------------------------------------------------------------- */

static void getsockopt_call(struct fake_call *fc, int level, int name, const void *val, size_t vlen,
			    const int *ulen, const int *rlen)
{
	*fc = call(0);
	fc->args[0] = 3;
	fc->args[1] = (u64)level;
	fc->args[2] = (u64)name;
	fc->args[3] = 0x1000;
	fc->args[4] = 0x2000;
	add_int(fc, 4, SCRY_CAP_ENTRY, ulen);
	add_int(fc, 4, SCRY_CAP_EXIT, rlen);
	add_piece(fc, 3, SCRY_CAP_PTRLEN, SCRY_CAP_EXIT, val, vlen, vlen);
}

static void test_getsockopt(void **state)
{
	int rcvbuf = 212992, four = 4, eight = 8, two = 2, sixteen = 16, err = ECONNREFUSED;
	struct linger lg = { 1, 7 };
	unsigned char tv[16] = { 1, 0, 0, 0, 0, 0, 0, 0, 0xa0, 0x0f };
	unsigned char half[2] = { 0x00, 0x40 };
	struct fake_call fc;

	(void)state;
	getsockopt_call(&fc, SOL_SOCKET, SO_RCVBUF, &rcvbuf, 4, &four, &four);
	check(&fc, "getsockopt", "optval", "char *", 3, "[212992]");
	check(&fc, "getsockopt", "optlen", "int *", 4, "[4]");
	getsockopt_call(&fc, SOL_SOCKET, SO_SNDBUF, &rcvbuf, 4, &eight, &four);
	check(&fc, "getsockopt", "optval", "char *", 3, "[212992]");
	check(&fc, "getsockopt", "optlen", "int *", 4, "[8 => 4]");
	getsockopt_call(&fc, SOL_SOCKET, SO_RCVBUF, half, 2, &two, &two);
	check(&fc, "getsockopt", "optval", "char *", 3, "\"\\x00\\x40\"");
	getsockopt_call(&fc, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg), &eight, &eight);
	check(&fc, "getsockopt", "optval", "char *", 3, "{l_onoff=1, l_linger=7}");
	getsockopt_call(&fc, SOL_SOCKET, SO_RCVTIMEO_OLD, tv, sizeof(tv), &sixteen, &sixteen);
	check(&fc, "getsockopt", "optval", "char *", 3, "\"\\1\\0\\0\\0\\0\\0\\0\\0\\240\\17\\0\\0\\0\\0\\0\\0\"");
	getsockopt_call(&fc, SOL_SOCKET, SO_ERROR, &err, 4, &four, &four);
	check(&fc, "getsockopt", "optval", "char *", 3, "[ECONNREFUSED]");
	getsockopt_call(&fc, SOL_IP, IP_TTL, &rcvbuf, 4, &four, &four);
	check(&fc, "getsockopt", "optval", "char *", 3, "[212992]");
	/* SO_TYPE is no "int option" to strace, but 4 bytes print as one */
	getsockopt_call(&fc, SOL_SOCKET, SO_TYPE, &two, 4, &four, &four);
	check(&fc, "getsockopt", "optval", "char *", 3, "[2]");
	/* failed: pointer and the length given */
	getsockopt_call(&fc, SOL_SOCKET, SO_RCVBUF, &rcvbuf, 4, &four, &four);
	fc.ret = -ENOPROTOOPT;
	fc.ncap = 1;
	check(&fc, "getsockopt", "optval", "char *", 3, "0x1000");
	check(&fc, "getsockopt", "optlen", "int *", 4, "[4]");
}

static void setsockopt_call(struct fake_call *fc, int level, int name, const void *val, int len)
{
	*fc = call(0);
	fc->args[0] = 3;
	fc->args[1] = (u64)level;
	fc->args[2] = (u64)name;
	fc->args[3] = 0x1000;
	fc->args[4] = (u64)len;
	add_piece(fc, 3, SCRY_CAP_ARGLEN, SCRY_CAP_ENTRY, val, (size_t)len, (u64)len);
}

static void test_setsockopt(void **state)
{
	int one = 1;
	long wide = 212992;
	struct linger lg = { 0, 0 };
	struct ip_mreq mreq;
	struct fake_call fc;

	(void)state;
	setsockopt_call(&fc, SOL_SOCKET, SO_REUSEADDR, &one, 4);
	check(&fc, "setsockopt", "optval", "char *", 3, "[1]");
	setsockopt_call(&fc, SOL_SOCKET, SO_REUSEADDR, &wide, 8);
	check(&fc, "setsockopt", "optval", "char *", 3, "[212992]");
	setsockopt_call(&fc, SOL_SOCKET, SO_REUSEADDR, &one, 2);
	check(&fc, "setsockopt", "optval", "char *", 3, "0x1000");
	setsockopt_call(&fc, SOL_SOCKET, SO_LINGER, &lg, 8);
	check(&fc, "setsockopt", "optval", "char *", 3, "{l_onoff=0, l_linger=0}");
	setsockopt_call(&fc, SOL_SOCKET, SO_BINDTODEVICE, "lo", 3);
	check(&fc, "setsockopt", "optval", "char *", 3, "\"lo\\0\"");
	setsockopt_call(&fc, SOL_TCP, TCP_NODELAY, &one, 4);
	check(&fc, "setsockopt", "optval", "char *", 3, "[1]");
	inet_pton(AF_INET, "224.0.0.1", &mreq.imr_multiaddr);
	mreq.imr_interface.s_addr = htonl(INADDR_ANY);
	setsockopt_call(&fc, SOL_IP, IP_ADD_MEMBERSHIP, &mreq, sizeof(mreq));
	check(&fc, "setsockopt", "optval", "char *", 3,
	      "{imr_multiaddr=inet_addr(\"224.0.0.1\"), imr_interface=inet_addr(\"0.0.0.0\")}");
	{
		struct group_req g;
		struct sockaddr_in *in = (struct sockaddr_in *)&g.gr_group;

		memset(&g, 0, sizeof(g));
		in->sin_family = AF_INET;
		inet_pton(AF_INET, "239.1.2.3", &in->sin_addr);
		setsockopt_call(&fc, SOL_IP, MCAST_JOIN_GROUP, &g, sizeof(g));
		check(&fc, "setsockopt", "optval", "char *", 3,
		      "{gr_interface=0, gr_group={sa_family=AF_INET, sin_port=htons(0), sin_addr=inet_addr(\"239.1.2.3\")}}");
		setsockopt_call(&fc, SOL_IP, MCAST_JOIN_GROUP, &g, 8);
		check(&fc, "setsockopt", "optval", "char *", 3, "0x1000");
	}
	/* a value longer than -s 32: its first 32 bytes, then ... */
	setsockopt_call(&fc, SOL_SOCKET, SO_BINDTODEVICE, "0123456789012345678901234567890123456789", 40);
	check(&fc, "setsockopt", "optval", "char *", 3, "\"01234567890123456789012345678901\"...");
	fc.args[3] = 0;
	check(&fc, "setsockopt", "optval", "char *", 3, "NULL");
}

static void test_sockopt_names(void **state)
{
	struct fake_call fc = call(0);

	(void)state;
	fc.args[1] = SOL_SOCKET;
	fc.args[2] = SO_RCVTIMEO_OLD;
	check(&fc, "getsockopt", "optname", "int", 2, "RCVTIMEO_OLD");
	fc.args[1] = SOL_UDP;
	fc.args[2] = UDP_SEGMENT;
	check(&fc, "setsockopt", "optname", "int", 2, "SEGMENT");
	fc.args[1] = SOL_NETLINK;
	fc.args[2] = NETLINK_EXT_ACK;
	check(&fc, "setsockopt", "optname", "int", 2, "EXT_ACK");
	fc.args[1] = SOL_XDP;
	check(&fc, "setsockopt", "level", "int", 1, "SOL_XDP");
	/* unknown: as strace prints them */
	fc.args[1] = SOL_SOCKET;
	fc.args[2] = 9999;
	check(&fc, "getsockopt", "optname", "int", 2, "0x270f /* SO_??? */");
	fc.args[1] = 1234;
	check(&fc, "getsockopt", "level", "int", 1, "0x4d2 /* SOL_?? */");
	check(&fc, "getsockopt", "optname", "int", 2, "9999");
}

/* ---- iovecs ------------------------------------------------------------------------- */

static void test_writev_readv(void **state)
{
	char x[4], y[16];
	struct iovec out[2] = { { "hello ", 6 }, { "world", 5 } }, in[2] = { { x, 4 }, { y, 16 } };
	struct fake_call fc = call(11);
	char want[256];

	(void)state;
	fc.args[0] = 4;
	fc.args[1] = 0x1000;
	fc.args[2] = 2;
	add_piece(&fc, 1, SCRY_CAP_IOV, SCRY_CAP_ENTRY, out, sizeof(out), 2);
	add_piece(&fc, 1, SCRY_CAP_IOV_DATA, SCRY_CAP_ENTRY, "hello ", 6, 0);
	add_piece(&fc, 1, SCRY_CAP_IOV_DATA, SCRY_CAP_ENTRY, "world", 5, 1);
	check(&fc, "writev", "vec", "const struct iovec *", 1,
	      "[{iov_base=\"hello \", iov_len=6}, {iov_base=\"world\", iov_len=5}]");

	fc = call(11);
	fc.args[1] = 0x1000;
	fc.args[2] = 2;
	add_piece(&fc, 1, SCRY_CAP_IOV, SCRY_CAP_EXIT, in, sizeof(in), 2);
	add_piece(&fc, 1, SCRY_CAP_IOV_DATA, SCRY_CAP_EXIT, "hell", 4, 0);
	add_piece(&fc, 1, SCRY_CAP_IOV_DATA, SCRY_CAP_EXIT, "o world", 7, 1);
	check(&fc, "readv", "vec", "const struct iovec *", 1,
	      "[{iov_base=\"hell\", iov_len=4}, {iov_base=\"o world\", iov_len=16}]");
	/* a short read: the second buffer got nothing */
	fc.ret = 3;
	fc.caps[1].len = 3;
	fc.ncap = 2;
	check(&fc, "readv", "vec", "const struct iovec *", 1,
	      "[{iov_base=\"hel\", iov_len=4}, {iov_base=\"\", iov_len=16}]");
	/* failed: the buffers' addresses, from the copy taken at entry */
	fc.ret = -EAGAIN;
	check(&fc, "readv", "vec", "const struct iovec *", 1, "0x1000");
	add_piece(&fc, 1, SCRY_CAP_IOV, SCRY_CAP_ENTRY, in, sizeof(in), 2);
	snprintf(want, sizeof(want), "[{iov_base=%p, iov_len=4}, {iov_base=%p, iov_len=16}]", (void *)x, (void *)y);
	check(&fc, "readv", "vec", "const struct iovec *", 1, want);
	/* a NULL buffer is NULL, whatever its length */
	fc = call(0);
	fc.args[1] = 0x1000;
	fc.args[2] = 1;
	in[0].iov_base = NULL;
	in[0].iov_len = 0;
	add_piece(&fc, 1, SCRY_CAP_IOV, SCRY_CAP_EXIT, in, sizeof(in[0]), 1);
	check(&fc, "readv", "vec", "const struct iovec *", 1, "[{iov_base=NULL, iov_len=0}]");
}

/* More elements than the tracer copies: the first ones, then "...". */
static void test_iov_many(void **state)
{
	struct iovec v[SCRY_CAP_IOV_MAX];
	struct fake_call fc = call(40);
	char want[1024] = "[";

	(void)state;
	fc.args[1] = 0x1000;
	fc.args[2] = 10;
	for (int i = 0; i < SCRY_CAP_IOV_MAX; i++) {
		v[i].iov_base = (void *)"abcd";
		v[i].iov_len = 4;
		strcat(want, "{iov_base=\"abcd\", iov_len=4}, ");
	}
	strcat(want, "...]");
	add_piece(&fc, 1, SCRY_CAP_IOV, SCRY_CAP_ENTRY, v, sizeof(v), 10);
	for (int i = 0; i < SCRY_CAP_IOV_MAX; i++)
		add_piece(&fc, 1, SCRY_CAP_IOV_DATA, SCRY_CAP_ENTRY, "abcd", 4, (u64)i);
	check(&fc, "writev", "vec", "const struct iovec *", 1, want);
}

/* ---- msghdr ------------------------------------------------------------------------- */

static void test_sendmsg(void **state)
{
	struct sockaddr_in in = loopback(58363);
	struct iovec v[2] = { { "abc", 3 }, { "de", 2 } };
	struct msghdr m = { .msg_name = &in, .msg_namelen = sizeof(in), .msg_iov = v, .msg_iovlen = 2 };
	struct fake_call fc = call(5);

	(void)state;
	fc.args[0] = 4;
	fc.args[1] = 0x1000;
	add_piece(&fc, 1, SCRY_CAP_MSGHDR, SCRY_CAP_ENTRY, &m, sizeof(m), sizeof(m));
	add_piece(&fc, 1, SCRY_CAP_MSG_NAME, SCRY_CAP_ENTRY, &in, sizeof(in), sizeof(in));
	add_piece(&fc, 1, SCRY_CAP_IOV, SCRY_CAP_ENTRY, v, sizeof(v), 2);
	add_piece(&fc, 1, SCRY_CAP_IOV_DATA, SCRY_CAP_ENTRY, "abc", 3, 0);
	add_piece(&fc, 1, SCRY_CAP_IOV_DATA, SCRY_CAP_ENTRY, "de", 2, 1);
	check(&fc, "sendmsg", "msg", "struct user_msghdr *", 1,
	      "{msg_name={sa_family=AF_INET, sin_port=htons(58363), sin_addr=inet_addr(\"127.0.0.1\")}, "
	      "msg_namelen=16, msg_iov=[{iov_base=\"abc\", iov_len=3}, {iov_base=\"de\", iov_len=2}], "
	      "msg_iovlen=2, msg_controllen=0, msg_flags=0}");
}

static void test_recvmsg(void **state)
{
	struct sockaddr_in in = loopback(52711);
	char b1[3], b2[40];
	struct iovec v[2] = { { b1, 3 }, { b2, 40 } };
	struct msghdr given = { .msg_name = &in, .msg_namelen = 128, .msg_iov = v, .msg_iovlen = 2 };
	struct msghdr got = given;
	struct fake_call fc = call(40);

	(void)state;
	got.msg_namelen = 16;
	fc.args[1] = 0x1000;
	add_piece(&fc, 1, SCRY_CAP_MSGHDR, SCRY_CAP_ENTRY, &given, sizeof(given), sizeof(given));
	add_piece(&fc, 1, SCRY_CAP_MSGHDR, SCRY_CAP_EXIT, &got, sizeof(got), sizeof(got));
	add_piece(&fc, 1, SCRY_CAP_MSG_NAME, SCRY_CAP_EXIT, &in, sizeof(in), sizeof(in));
	add_piece(&fc, 1, SCRY_CAP_IOV, SCRY_CAP_EXIT, v, sizeof(v), 2);
	add_piece(&fc, 1, SCRY_CAP_IOV_DATA, SCRY_CAP_EXIT, "012", 3, 0);
	add_piece(&fc, 1, SCRY_CAP_IOV_DATA, SCRY_CAP_EXIT, "34567890123456789012345678901234", 32, 1);
	check(&fc, "recvmsg", "msg", "struct user_msghdr *", 1,
	      "{msg_name={sa_family=AF_INET, sin_port=htons(52711), sin_addr=inet_addr(\"127.0.0.1\")}, "
	      "msg_namelen=128 => 16, msg_iov=[{iov_base=\"012\", iov_len=3}, "
	      "{iov_base=\"34567890123456789012345678901234\"..., iov_len=40}], "
	      "msg_iovlen=2, msg_controllen=0, msg_flags=0}");
	/* failed: the name's length given */
	fc.ret = -EAGAIN;
	check(&fc, "recvmsg", "msg", "struct user_msghdr *", 1, "{msg_namelen=128}");
}

static void test_msg_control(void **state)
{
	union {
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} c;
	struct cmsghdr *cm = &c.align;
	char one = 'x';
	struct iovec v = { &one, 1 };
	struct msghdr m = { .msg_iov = &v, .msg_iovlen = 1, .msg_control = c.buf, .msg_controllen = sizeof(c.buf) };
	int fd = 5;
	struct fake_call fc = call(1);

	(void)state;
	memset(&c, 0, sizeof(c));
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cm), &fd, sizeof(fd));
	fc.args[1] = 0x1000;
	add_piece(&fc, 1, SCRY_CAP_MSGHDR, SCRY_CAP_ENTRY, &m, sizeof(m), sizeof(m));
	add_piece(&fc, 1, SCRY_CAP_IOV, SCRY_CAP_ENTRY, &v, sizeof(v), 1);
	add_piece(&fc, 1, SCRY_CAP_IOV_DATA, SCRY_CAP_ENTRY, "x", 1, 0);
	add_piece(&fc, 1, SCRY_CAP_MSG_CONTROL, SCRY_CAP_ENTRY, c.buf, sizeof(c.buf), sizeof(c.buf));
	check(&fc, "sendmsg", "msg", "struct user_msghdr *", 1,
	      "{msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base=\"x\", iov_len=1}], msg_iovlen=1, "
	      "msg_control=[{cmsg_len=20, cmsg_level=SOL_SOCKET, cmsg_type=SCM_RIGHTS, cmsg_data=[5]}], "
	      "msg_controllen=24, msg_flags=0}");
	/* no copy of the control buffer: its pointer */
	fc.ncap = 3;
	m.msg_control = (void *)0x2000;
	check(&fc, "sendmsg", "msg", "struct user_msghdr *", 1,
	      "{msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base=\"x\", iov_len=1}], msg_iovlen=1, "
	      "msg_control=0x2000, msg_controllen=24, msg_flags=0}");
	/* no copy of the msghdr: its pointer */
	fc.ncap = 0;
	check(&fc, "sendmsg", "msg", "struct user_msghdr *", 1, "0x1000");
}

/* Control messages of other kinds, each alone in a sendmsg. */
static void check_cmsg(int level, int type, const void *data, size_t len, const char *expected)
{
	union {
		char buf[CMSG_SPACE(64)];
		struct cmsghdr align;
	} c;
	struct msghdr m = { .msg_control = c.buf, .msg_controllen = CMSG_SPACE(len) };
	struct fake_call fc = call(0);
	char want[512];

	memset(&c, 0, sizeof(c));
	c.align.cmsg_level = level;
	c.align.cmsg_type = type;
	c.align.cmsg_len = CMSG_LEN(len);
	memcpy(CMSG_DATA(&c.align), data, len);
	fc.args[1] = 0x1000;
	add_piece(&fc, 1, SCRY_CAP_MSGHDR, SCRY_CAP_ENTRY, &m, sizeof(m), sizeof(m));
	add_piece(&fc, 1, SCRY_CAP_MSG_CONTROL, SCRY_CAP_ENTRY, c.buf, CMSG_SPACE(len), CMSG_SPACE(len));
	snprintf(want, sizeof(want), "{msg_name=NULL, msg_namelen=0, msg_iov=NULL, msg_iovlen=0, "
		 "msg_control=[{cmsg_len=%zu, %s}], msg_controllen=%zu, msg_flags=0}",
		 (size_t)CMSG_LEN(len), expected, (size_t)CMSG_SPACE(len));
	check(&fc, "sendmsg", "msg", "struct user_msghdr *", 1, want);
}

static void test_cmsg_kinds(void **state)
{
	struct ucred uc = { 42, 1000, 100 };
	struct { s64 sec, sub; } ts[3] = { { 1, 2 }, { 3, 4 }, { 5, 6 } };
	unsigned ttl = 64;
	unsigned char tos = 0x10;
	struct in_pktinfo pi = { .ipi_ifindex = 0 };
	struct sockaddr_in in = loopback(9);

	(void)state;
	check_cmsg(SOL_SOCKET, SCM_CREDENTIALS, &uc, sizeof(uc),
		   "cmsg_level=SOL_SOCKET, cmsg_type=SCM_CREDENTIALS, cmsg_data={pid=42, uid=1000, gid=100}");
	check_cmsg(SOL_SOCKET, SO_TIMESTAMP_OLD, ts, 16,
		   "cmsg_level=SOL_SOCKET, cmsg_type=SO_TIMESTAMP_OLD, cmsg_data={tv_sec=1, tv_usec=2}");
	check_cmsg(SOL_SOCKET, SO_TIMESTAMPNS_OLD, ts, 8,
		   "cmsg_level=SOL_SOCKET, cmsg_type=SO_TIMESTAMPNS_OLD, cmsg_data=???");
	check_cmsg(SOL_SOCKET, SO_TIMESTAMPING_OLD, ts, sizeof(ts),
		   "cmsg_level=SOL_SOCKET, cmsg_type=SO_TIMESTAMPING_OLD, cmsg_data=[{tv_sec=1, tv_nsec=2}, "
		   "{tv_sec=3, tv_nsec=4}, {tv_sec=5, tv_nsec=6}]");
	check_cmsg(SOL_IP, IP_TTL, &ttl, sizeof(ttl), "cmsg_level=SOL_IP, cmsg_type=IP_TTL, cmsg_data=[64]");
	check_cmsg(SOL_IP, IP_TOS, &tos, 1, "cmsg_level=SOL_IP, cmsg_type=IP_TOS, cmsg_data=[0x10]");
	pi.ipi_spec_dst.s_addr = htonl(INADDR_LOOPBACK);
	pi.ipi_addr.s_addr = htonl(INADDR_LOOPBACK);
	check_cmsg(SOL_IP, IP_PKTINFO, &pi, sizeof(pi),
		   "cmsg_level=SOL_IP, cmsg_type=IP_PKTINFO, cmsg_data={ipi_ifindex=0, "
		   "ipi_spec_dst=inet_addr(\"127.0.0.1\"), ipi_addr=inet_addr(\"127.0.0.1\")}");
	check_cmsg(SOL_IP, IP_ORIGDSTADDR, &in, sizeof(in),
		   "cmsg_level=SOL_IP, cmsg_type=IP_ORIGDSTADDR, cmsg_data={sa_family=AF_INET, sin_port=htons(9), "
		   "sin_addr=inet_addr(\"127.0.0.1\")}");
	/* unknown: the level in hex, the type in hex, no data */
	check_cmsg(999, 7, &ttl, sizeof(ttl), "cmsg_level=0x3e7 /* SOL_??? */, cmsg_type=0x7");
	check_cmsg(SOL_SOCKET, 99, &ttl, sizeof(ttl), "cmsg_level=SOL_SOCKET, cmsg_type=0x63 /* SCM_??? */");
}

static void test_mmsghdr(void **state)
{
	struct mmsghdr mm[2];
	struct fake_call fc = call(2);

	(void)state;
	memset(mm, 0, sizeof(mm));
	mm[0].msg_hdr.msg_iov = (void *)0x3000;
	mm[0].msg_hdr.msg_iovlen = 1;
	mm[0].msg_len = 3;
	mm[1].msg_hdr.msg_iov = (void *)0x4000;
	mm[1].msg_hdr.msg_iovlen = 1;
	mm[1].msg_len = 4;
	fc.args[1] = 0x1000;
	fc.args[2] = 2;
	add_piece(&fc, 1, SCRY_CAP_ARGLEN, SCRY_CAP_EXIT, mm, sizeof(mm), sizeof(mm));
	check(&fc, "recvmmsg", "mmsg", "struct mmsghdr *", 1,
	      "[{msg_hdr={msg_name=NULL, msg_namelen=0, msg_iov=0x3000, msg_iovlen=1, msg_controllen=0, msg_flags=0}, msg_len=3}, "
	      "{msg_hdr={msg_name=NULL, msg_namelen=0, msg_iov=0x4000, msg_iovlen=1, msg_controllen=0, msg_flags=0}, msg_len=4}]");
	/* a failed sendmmsg: the array given, without msg_len */
	fc.ret = -EBADF;
	check(&fc, "sendmmsg", "mmsg", "struct mmsghdr *", 1, "0x1000");
	add_piece(&fc, 1, SCRY_CAP_ARGLEN, SCRY_CAP_ENTRY, mm, sizeof(mm), sizeof(mm));
	check(&fc, "sendmmsg", "mmsg", "struct mmsghdr *", 1,
	      "[{msg_hdr={msg_name=NULL, msg_namelen=0, msg_iov=0x3000, msg_iovlen=1, msg_controllen=0, msg_flags=0}}, "
	      "{msg_hdr={msg_name=NULL, msg_namelen=0, msg_iov=0x4000, msg_iovlen=1, msg_controllen=0, msg_flags=0}}]");
	check(&fc, "recvmmsg", "mmsg", "struct mmsghdr *", 1, "0x1000");
	fc.ret = 1;
	check(&fc, "sendmmsg", "mmsg", "struct mmsghdr *", 1,
	      "[{msg_hdr={msg_name=NULL, msg_namelen=0, msg_iov=0x3000, msg_iovlen=1, msg_controllen=0, msg_flags=0}, msg_len=3}, "
	      "{msg_hdr={msg_name=NULL, msg_namelen=0, msg_iov=0x4000, msg_iovlen=1, msg_controllen=0, msg_flags=0}}]");
}

static void test_recvmmsg_timeout(void **state)
{
	struct timespec given = { 5, 0 }, left = { 4, 999998097 };
	struct fake_call fc = call(1);
	const struct sc_ret_fmt *rf = sc_ret_fmt_find("recvmmsg");
	struct sc_arg_ctx ctx;
	struct outbuf ob;

	(void)state;
	fc.args[4] = 0x1000;
	add_piece(&fc, 4, SCRY_CAP_FIXED, SCRY_CAP_ENTRY, &given, sizeof(given), sizeof(given));
	add_piece(&fc, 4, SCRY_CAP_FIXED, SCRY_CAP_EXIT, &left, sizeof(left), sizeof(left));
	check(&fc, "recvmmsg", "timeout", "struct __kernel_timespec *", 4, "{tv_sec=5, tv_nsec=0}");
	assert_non_null(rf);
	memset(&ctx, 0, sizeof(ctx));
	ctx.args = fc.args;
	ctx.ret = 1;
	ctx.ret_valid = true;
	ctx.caps = fc.caps;
	ctx.ncap = fc.ncap;
	outbuf_init_mem(&ob);
	assert_true(rf->print(&ob, 1, &ctx));
	assert_string_equal(outbuf_cstr(&ob), "1 (left {tv_sec=4, tv_nsec=999998097})");
	outbuf_reset(&ob);
	assert_true(rf->print(&ob, 0, &ctx));
	assert_string_equal(outbuf_cstr(&ob), "0 (Timeout)");
	outbuf_reset(&ob);
	/* no timeout: the count alone; failed: the default printer's */
	fc.args[4] = 0;
	assert_true(rf->print(&ob, 2, &ctx));
	assert_string_equal(outbuf_cstr(&ob), "2");
	assert_false(rf->print(&ob, -11, &ctx));
	outbuf_release(&ob);
}

/* Pieces of any length and content (a damaged or hostile record): every
 * printer stays inside the bytes it was given (run under ASan in the
 * SANITIZE=1 build) and prints something. */
static void test_garbage_pieces(void **state)
{
	static const struct { const char *sc, *arg; unsigned idx; } fmts[] = {
		{ "getsockname", "usockaddr", 1 }, { "getsockname", "usockaddr_len", 2 },
		{ "getsockopt", "optval", 3 }, { "getsockopt", "optlen", 4 }, { "setsockopt", "optval", 3 },
		{ "socketpair", "usockvec", 3 }, { "writev", "vec", 1 }, { "readv", "vec", 1 },
		{ "sendmsg", "msg", 1 }, { "recvmsg", "msg", 1 }, { "sendmmsg", "mmsg", 1 },
		{ "recvmmsg", "mmsg", 1 }, { "recvmmsg", "timeout", 4 },
	};
	static const unsigned kinds[] = { SCRY_CAP_FIXED, SCRY_CAP_ARGLEN, SCRY_CAP_PTRLEN, SCRY_CAP_IOV,
					  SCRY_CAP_MSGHDR, SCRY_CAP_IOV_DATA, SCRY_CAP_MSG_NAME,
					  SCRY_CAP_MSG_CONTROL };
	unsigned seed = 12345;
	u8 *bufs[8];

	(void)state;
	for (int round = 0; round < 3000; round++) {
		struct fake_call fc = call(0);
		unsigned n = 1 + (rand_r(&seed) % 8);

		fc.ret = (s64)(rand_r(&seed) % 64) - 8;
		for (int a = 0; a < SCRY_SC_NARGS; a++)
			fc.args[a] = rand_r(&seed) % 3 ? (u64)rand_r(&seed) : (u64)(rand_r(&seed) % 300);
		fc.args[1] = rand_r(&seed) % 2 ? SOL_SOCKET : (u64)(rand_r(&seed) % 300);
		for (unsigned i = 0; i < n; i++) {
			size_t len = (size_t)(rand_r(&seed) % 300);
			bufs[i] = test_malloc(len ? len : 1);
			for (size_t b = 0; b < len; b++)
				bufs[i][b] = (u8)(rand_r(&seed) % 4 ? rand_r(&seed) % 24 : rand_r(&seed));
			add_piece(&fc, rand_r(&seed) % 6, kinds[rand_r(&seed) % ARRAY_SIZE(kinds)],
				  rand_r(&seed) % 2 ? SCRY_CAP_ENTRY : SCRY_CAP_EXIT, bufs[i], len, rand_r(&seed) % 12);
		}
		for (size_t f = 0; f < ARRAY_SIZE(fmts); f++) {
			const struct sc_arg_fmt *fmt = sc_arg_fmt_pick(fmts[f].sc, fmts[f].arg, "void *");
			struct sc_arg_ctx ctx = {
				.args = fc.args, .idx = fmts[f].idx, .string_limit = 32, .ret = fc.ret,
				.ret_valid = true, .caps = fc.caps, .ncap = fc.ncap,
			};
			struct outbuf ob;

			outbuf_init_mem(&ob);
			fmt->print(&ob, fc.args[fmts[f].idx], &ctx);
			assert_true(ob.len > 0);
			outbuf_release(&ob);
		}
		for (unsigned i = 0; i < n; i++)
			test_free(bufs[i]);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rules),
		cmocka_unit_test(test_getsockname),
		cmocka_unit_test(test_sockaddr_short),
		cmocka_unit_test(test_sockaddr_families),
		cmocka_unit_test(test_recvfrom),
		cmocka_unit_test(test_socketpair),
		cmocka_unit_test(test_getsockopt),
		cmocka_unit_test(test_setsockopt),
		cmocka_unit_test(test_sockopt_names),
		cmocka_unit_test(test_writev_readv),
		cmocka_unit_test(test_iov_many),
		cmocka_unit_test(test_sendmsg),
		cmocka_unit_test(test_recvmsg),
		cmocka_unit_test(test_msg_control),
		cmocka_unit_test(test_cmsg_kinds),
		cmocka_unit_test(test_mmsghdr),
		cmocka_unit_test(test_recvmmsg_timeout),
		cmocka_unit_test(test_garbage_pieces),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
