/* Socket and vectored-I/O syscalls with values known in advance, for
 * tests/shell/trace-dec-net.t to compare scry trace's decoding with
 * strace's:
 *   socketpair of AF_UNIX datagram sockets, its peer's credentials;
 *   getsockopt SO_RCVBUF, SO_TYPE, SO_SNDBUF (8 => 4), SO_LINGER, IP_TTL,
 *   an unknown option; setsockopt SO_REUSEADDR [1], SO_RCVBUF [65536],
 *   SO_LINGER, SO_BINDTODEVICE, TCP_NODELAY, multicast memberships on lo
 *   (IP_ADD_MEMBERSHIP, MCAST_JOIN_GROUP, IPV6_ADD_MEMBERSHIP);
 *   a UDP socket on 127.0.0.1: getsockname, sendmsg of "abc" + "de" with
 *   a name, recvmsg into two iovecs with a name buffer, sendto +
 *   recvfrom with an address, recvmsg with IP_TTL, IP_TOS and
 *   IP_PKTINFO control messages;
 *   an SCM_RIGHTS message over the socketpair (sendmsg, recvmsg);
 *   sendmmsg / recvmmsg of two datagrams, recvmmsg with a timeout;
 *   a TCP listener on 127.0.0.1: connect, accept, accept4 (SOCK_CLOEXEC),
 *   getpeername, getsockname of an AF_UNIX socket;
 *   writev / readv on a pipe, pwritev / preadv / pwritev2 / preadv2 on
 *   a file (argv[1]);
 *   failures: recvmsg, readv and accept4 with nothing there (EAGAIN),
 *   getsockopt of an unknown option;
 *   getsockname of a netlink socket, of an IPv6 one on ::1, of a unix one
 *   bound to argv[1].sock, and with a buffer too short for the address;
 *   an AF_PACKET socket bound to lo, its name, a connect with an address;
 *   AF_VSOCK and AF_ALG addresses.
 * It prints the ports it was given: "udp PORT tcp PORT". The data it
 * sends lives on the stack: a string literal's page may not be in memory
 * yet when the call is made, and the BPF tracer cannot fault it in. */
#include <arpa/inet.h>
#include <fcntl.h>
#include <linux/if_alg.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <linux/netlink.h>
#include <linux/vm_sockets.h>
#include <net/if.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

static unsigned udp_port, tcp_port;

static void sockopts(int fd)
{
	int val = 0, one = 1, big = 65536;
	long wide = 0;
	struct linger lg = { 1, 7 };
	socklen_t len = sizeof(val);
	char dev[] = "lo";
	struct ip_mreq mreq;
	struct group_req greq;
	struct sockaddr_in *grp = (struct sockaddr_in *)&greq.gr_group;

	getsockopt(fd, SOL_SOCKET, SO_RCVBUF, &val, &len);
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &big, sizeof(big));
	len = sizeof(val);
	getsockopt(fd, SOL_SOCKET, SO_TYPE, &val, &len);
	len = sizeof(wide);
	getsockopt(fd, SOL_SOCKET, SO_SNDBUF, &wide, &len);
	setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
	len = sizeof(lg);
	getsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, &len);
	len = sizeof(val);
	getsockopt(fd, SOL_IP, IP_TTL, &val, &len);
	/* no such option: ENOPROTOOPT, the length given */
	getsockopt(fd, SOL_SOCKET, 9999, &val, &len);
	setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, dev, sizeof(dev));
	/* multicast memberships on lo, old style and new */
	inet_pton(AF_INET, "239.1.2.4", &mreq.imr_multiaddr);
	mreq.imr_interface.s_addr = htonl(INADDR_LOOPBACK);
	setsockopt(fd, SOL_IP, IP_ADD_MEMBERSHIP, &mreq, sizeof(mreq));
	memset(&greq, 0, sizeof(greq));
	greq.gr_interface = if_nametoindex("lo");
	grp->sin_family = AF_INET;
	inet_pton(AF_INET, "239.1.2.3", &grp->sin_addr);
	setsockopt(fd, SOL_IP, MCAST_JOIN_GROUP, &greq, sizeof(greq));
}

static void udp(void)
{
	int r = socket(AF_INET, SOCK_DGRAM, 0), s = socket(AF_INET, SOCK_DGRAM, 0);
	struct sockaddr_in a = { .sin_family = AF_INET }, from;
	socklen_t alen = sizeof(a);
	char b1[3], b2[8], buf[16], abc[] = "abc", de[] = "de", hello[] = "hello";
	struct iovec out[2] = { { abc, 3 }, { de, 2 } }, in[2] = { { b1, sizeof(b1) }, { b2, sizeof(b2) } };
	struct msghdr m;

	if (r < 0 || s < 0)
		exit(1);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	bind(r, (struct sockaddr *)&a, sizeof(a));
	getsockname(r, (struct sockaddr *)&a, &alen);
	udp_port = ntohs(a.sin_port);
	sockopts(s);

	memset(&m, 0, sizeof(m));
	m.msg_name = &a;
	m.msg_namelen = sizeof(a);
	m.msg_iov = out;
	m.msg_iovlen = 2;
	sendmsg(s, &m, 0);

	memset(&m, 0, sizeof(m));
	m.msg_name = &from;
	m.msg_namelen = sizeof(from);
	m.msg_iov = in;
	m.msg_iovlen = 2;
	recvmsg(r, &m, 0);
	/* nothing left: EAGAIN, and the name length given */
	recvmsg(r, &m, MSG_DONTWAIT);

	sendto(s, hello, 5, 0, (struct sockaddr *)&a, sizeof(a));
	alen = sizeof(from);
	recvfrom(r, buf, sizeof(buf), 0, (struct sockaddr *)&from, &alen);

	/* A datagram with its IP control messages: ttl, tos, pktinfo. */
	{
		int on = 1;
		union {
			char buf[256];
			struct cmsghdr align;
		} ctl;
		struct iovec v = { buf, sizeof(buf) };

		setsockopt(r, SOL_IP, IP_RECVTTL, &on, sizeof(on));
		setsockopt(r, SOL_IP, IP_RECVTOS, &on, sizeof(on));
		setsockopt(r, SOL_IP, IP_PKTINFO, &on, sizeof(on));
		sendto(s, hello, 2, 0, (struct sockaddr *)&a, sizeof(a));
		memset(&m, 0, sizeof(m));
		m.msg_iov = &v;
		m.msg_iovlen = 1;
		m.msg_control = ctl.buf;
		m.msg_controllen = sizeof(ctl.buf);
		recvmsg(r, &m, 0);
	}

	/* Two datagrams at once each way. */
	{
		char i1[8], i2[8], one[] = "one", two[] = "two!";
		struct iovec o1 = { one, 3 }, o2 = { two, 4 };
		struct iovec v1 = { i1, sizeof(i1) }, v2 = { i2, sizeof(i2) };
		struct mmsghdr mm[2];

		memset(mm, 0, sizeof(mm));
		mm[0].msg_hdr.msg_name = &a;
		mm[0].msg_hdr.msg_namelen = sizeof(a);
		mm[0].msg_hdr.msg_iov = &o1;
		mm[0].msg_hdr.msg_iovlen = 1;
		mm[1].msg_hdr.msg_name = &a;
		mm[1].msg_hdr.msg_namelen = sizeof(a);
		mm[1].msg_hdr.msg_iov = &o2;
		mm[1].msg_hdr.msg_iovlen = 1;
		sendmmsg(s, mm, 2, 0);
		sendmmsg(-1, mm, 2, 0);         /* EBADF: the array as given */
		memset(mm, 0, sizeof(mm));
		mm[0].msg_hdr.msg_iov = &v1;
		mm[0].msg_hdr.msg_iovlen = 1;
		mm[1].msg_hdr.msg_iov = &v2;
		mm[1].msg_hdr.msg_iovlen = 1;
		recvmmsg(r, mm, 2, MSG_DONTWAIT, NULL);
		/* with a timeout: one datagram (the time left shows) */
		{
			struct timespec ts = { 5, 0 };

			sendto(s, one, 3, 0, (struct sockaddr *)&a, sizeof(a));
			recvmmsg(r, mm, 2, MSG_WAITFORONE, &ts);
		}
	}
	close(s);
	close(r);
}

static void unix_rights(void)
{
	int sv[2], fd;
	char data = 'x', got;
	union {
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} c;
	struct iovec v = { &data, 1 };
	struct msghdr m;
	struct cmsghdr *cm;
	struct sockaddr_un un;
	struct ucred cred;
	socklen_t ulen = sizeof(un);

	if (socketpair(AF_UNIX, SOCK_DGRAM, 0, sv))
		exit(1);
	getsockname(sv[0], (struct sockaddr *)&un, &ulen);
	ulen = sizeof(cred);
	getsockopt(sv[0], SOL_SOCKET, SO_PEERCRED, &cred, &ulen);
	fd = dup(0);
	memset(&m, 0, sizeof(m));
	memset(&c, 0, sizeof(c));
	m.msg_iov = &v;
	m.msg_iovlen = 1;
	m.msg_control = c.buf;
	m.msg_controllen = sizeof(c.buf);
	cm = CMSG_FIRSTHDR(&m);
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cm), &fd, sizeof(int));
	sendmsg(sv[0], &m, 0);
	close(fd);

	memset(&c, 0, sizeof(c));
	v.iov_base = &got;
	m.msg_controllen = sizeof(c.buf);
	recvmsg(sv[1], &m, MSG_CMSG_CLOEXEC);
	close(sv[0]);
	close(sv[1]);
}

static void tcp(void)
{
	int l = socket(AF_INET, SOCK_STREAM, 0), c1, c2, a1, a2, one = 1;
	struct sockaddr_in a = { .sin_family = AF_INET }, peer;
	socklen_t alen = sizeof(a);

	if (l < 0)
		exit(1);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	bind(l, (struct sockaddr *)&a, sizeof(a));
	getsockname(l, (struct sockaddr *)&a, &alen);
	tcp_port = ntohs(a.sin_port);
	listen(l, 4);
	c1 = socket(AF_INET, SOCK_STREAM, 0);
	c2 = socket(AF_INET, SOCK_STREAM, 0);
	connect(c1, (struct sockaddr *)&a, sizeof(a));
	connect(c2, (struct sockaddr *)&a, sizeof(a));
	setsockopt(c1, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	alen = sizeof(peer);
	a1 = accept(l, (struct sockaddr *)&peer, &alen);
	alen = sizeof(peer);
	a2 = accept4(l, (struct sockaddr *)&peer, &alen, SOCK_CLOEXEC);
	/* no third connection: EAGAIN */
	fcntl(l, F_SETFL, O_NONBLOCK);
	alen = sizeof(peer);
	accept4(l, (struct sockaddr *)&peer, &alen, SOCK_NONBLOCK);
	alen = sizeof(peer);
	getpeername(c1, (struct sockaddr *)&peer, &alen);
	close(a1);
	close(a2);
	close(c1);
	close(c2);
	close(l);
}

static void vectors(const char *path)
{
	int p[2], fd;
	char x[4], y[16], hello[] = "hello ", world[] = "world";
	struct iovec out[2] = { { hello, 6 }, { world, 5 } }, in[2] = { { x, sizeof(x) }, { y, sizeof(y) } };

	if (pipe(p))
		exit(1);
	writev(p[1], out, 2);
	readv(p[0], in, 2);
	/* empty: EAGAIN, the buffers' addresses */
	fcntl(p[0], F_SETFL, O_NONBLOCK);
	readv(p[0], in, 2);
	close(p[0]);
	close(p[1]);
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (fd < 0)
		exit(1);
	pwritev(fd, out, 2, 0);
	preadv(fd, in, 2, 2);
	pwritev2(fd, out, 1, 11, 0);
	preadv2(fd, in, 2, 0, 0);
	close(fd);
}

static void names(const char *path)
{
	struct sockaddr_storage ss;
	struct sockaddr_nl nl = { .nl_family = AF_NETLINK };
	struct sockaddr_in6 a6 = { .sin6_family = AF_INET6, .sin6_addr = IN6ADDR_LOOPBACK_INIT };
	struct sockaddr_un un = { .sun_family = AF_UNIX };
	struct ipv6_mreq m6;
	socklen_t len;
	int n = socket(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE), s6 = socket(AF_INET6, SOCK_DGRAM, 0);
	int u = socket(AF_UNIX, SOCK_STREAM, 0), s4 = socket(AF_INET, SOCK_DGRAM, 0);
	int pk = socket(AF_PACKET, SOCK_DGRAM, htons(ETH_P_IP));
	struct sockaddr_ll ll = { .sll_family = AF_PACKET, .sll_protocol = htons(ETH_P_IP) };
	int vs = socket(AF_VSOCK, SOCK_STREAM, 0), alg = socket(AF_ALG, SOCK_SEQPACKET, 0);
	struct sockaddr_vm vm = { .svm_family = AF_VSOCK, .svm_cid = VMADDR_CID_ANY, .svm_port = 1234 };
	struct sockaddr_alg sa_alg = { .salg_family = AF_ALG, .salg_type = "hash", .salg_name = "sha256" };

	bind(n, (struct sockaddr *)&nl, sizeof(nl));
	len = sizeof(ss);
	getsockname(n, (struct sockaddr *)&ss, &len);
	/* No IPv6 on this machine: the socket call fails and so does the rest. */
	bind(s6, (struct sockaddr *)&a6, sizeof(a6));
	len = sizeof(ss);
	getsockname(s6, (struct sockaddr *)&ss, &len);
	inet_pton(AF_INET6, "ff02::1:3", &m6.ipv6mr_multiaddr);
	m6.ipv6mr_interface = if_nametoindex("lo");
	setsockopt(s6, SOL_IPV6, IPV6_ADD_MEMBERSHIP, &m6, sizeof(m6));
	snprintf(un.sun_path, sizeof(un.sun_path), "%s.sock", path);
	unlink(un.sun_path);
	bind(u, (struct sockaddr *)&un, sizeof(un));
	len = sizeof(ss);
	getsockname(u, (struct sockaddr *)&ss, &len);
	unlink(un.sun_path);
	len = 4;
	getsockname(s4, (struct sockaddr *)&ss, &len);
	/* AF_PACKET (root): a sockaddr_ll, and what getsockname returns of it */
	ll.sll_ifindex = (int)if_nametoindex("lo");
	bind(pk, (struct sockaddr *)&ll, sizeof(ll));
	len = sizeof(ss);
	getsockname(pk, (struct sockaddr *)&ss, &len);
	ll.sll_halen = 6;
	ll.sll_addr[0] = 2;
	ll.sll_addr[5] = 0xfc;
	connect(pk, (struct sockaddr *)&ll, sizeof(ll));
	close(pk);
	/* AF_VSOCK and AF_ALG addresses (the calls may fail: the address is
	 * what counts) */
	bind(vs, (struct sockaddr *)&vm, sizeof(vm));
	bind(alg, (struct sockaddr *)&sa_alg, sizeof(sa_alg));
	close(vs);
	close(alg);
	close(n);
	close(s6);
	close(u);
	close(s4);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: trace-dec-net FILE\n");
		return 2;
	}
	unix_rights();
	udp();
	tcp();
	vectors(argv[1]);
	names(argv[1]);
	printf("udp %u tcp %u\n", udp_port, tcp_port);
	return 0;
}
