#include "util/trace/sockinfo.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/sock_diag.h>
#include <linux/unix_diag.h>

/* "0100007F:0050" (IPv4) or 32 hex digits and a port (IPv6), as the kernel
 * prints a __be32 address word by word in host order; "" for the any
 * address with port 0. */
static int parse_endpoint(const char *s, bool v6, char *buf, size_t len, bool *zero)
{
	unsigned char addr[16];
	unsigned words = v6 ? 4 : 1, port;
	char text[INET6_ADDRSTRLEN];
	const char *colon = strchr(s, ':');

	if (!colon || (size_t)(colon - s) != words * 8)
		return -1;
	*zero = true;
	for (unsigned i = 0; i < words; i++) {
		char word[9];
		unsigned int w;
		char *end;

		memcpy(word, s + i * 8, 8);
		word[8] = '\0';
		w = (unsigned int)strtoul(word, &end, 16);
		if (*end)
			return -1;
		memcpy(addr + i * 4, &w, 4);        /* the kernel's bytes, in memory order */
		*zero &= w == 0;
	}
	if (sscanf(colon + 1, "%x", &port) != 1)
		return -1;
	*zero &= port == 0;
	if (!inet_ntop(v6 ? AF_INET6 : AF_INET, addr, text, sizeof(text)))
		return -1;
	snprintf(buf, len, v6 ? "[%s]:%u" : "%s:%u", text, port);
	return 0;
}

int sockinfo_parse_inet(const char *line, bool v6, unsigned long *ino, char *buf, size_t len)
{
	char local[64], remote[64], l[64], r[64];
	unsigned long inode;
	bool lzero, rzero;

	/* "sl local rem st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode" */
	if (sscanf(line, " %*[0-9]: %63s %63s %*x %*x:%*x %*x:%*x %*x %*u %*d %lu", local, remote, &inode) != 3)
		return -1;
	if (parse_endpoint(local, v6, l, sizeof(l), &lzero) || parse_endpoint(remote, v6, r, sizeof(r), &rzero))
		return -1;
	*ino = inode;
	if (!rzero)
		snprintf(buf, len, "%s->%s", l, r);
	else if (!lzero)
		snprintf(buf, len, "%s", l);
	else if (len)
		buf[0] = '\0';
	return 0;
}

int sockinfo_parse_unix(const char *line, unsigned long *ino, char *path, size_t len)
{
	unsigned long inode;
	int n = 0;

	/* "Num: RefCount Protocol Flags Type St Inode [Path]" */
	if (sscanf(line, "%*x: %*x %*x %*x %*x %*x %lu%n", &inode, &n) != 1 || !n)
		return -1;
	line += n;
	while (*line == ' ')
		line++;
	snprintf(path, len, "%.*s", (int)strcspn(line, "\n"), line);
	*ino = inode;
	return 0;
}

/* The line of /proc/PID/net/FILE with inode ino, parsed into buf ("" or
 * endpoints, or a unix path). -1 when none. */
static int find_in(pid_t pid, const char *file, bool v6, bool unix_sock, unsigned long ino, char *buf, size_t len)
{
	char path[64], line[512];
	int rc = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/net/%s", (int)pid, file);
	f = fopen(path, "re");
	if (!f)
		return -1;
	while (rc && fgets(line, sizeof(line), f)) {
		unsigned long got;
		int ok = unix_sock ? sockinfo_parse_unix(line, &got, buf, len)
				   : sockinfo_parse_inet(line, v6, &got, buf, len);
		if (!ok && got == ino)
			rc = 0;
	}
	fclose(f);
	return rc;
}

/* A unix socket's peer (the inode of the other end), from sock_diag: /proc
 * does not list it. 0 when it has none, or sock_diag does not answer (the
 * socket lives in another network namespace than scry). */
static unsigned long unix_peer(unsigned long ino)
{
	struct {
		struct nlmsghdr nlh;
		struct unix_diag_req req;
	} q;
	struct sockaddr_nl nl = { .nl_family = AF_NETLINK };
	union {
		struct nlmsghdr nlh;
		char bytes[8192];
	} r;
	unsigned long peer = 0;
	ssize_t n;
	int fd = socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);

	if (fd < 0)
		return 0;
	memset(&q, 0, sizeof(q));
	q.nlh.nlmsg_len = sizeof(q);
	q.nlh.nlmsg_type = SOCK_DIAG_BY_FAMILY;
	q.nlh.nlmsg_flags = NLM_F_REQUEST;
	q.req.sdiag_family = AF_UNIX;
	q.req.udiag_ino = (unsigned)ino;
	q.req.udiag_states = ~0u;
	q.req.udiag_show = UDIAG_SHOW_PEER;
	q.req.udiag_cookie[0] = q.req.udiag_cookie[1] = ~0u;     /* by inode alone */
	if (sendto(fd, &q, sizeof(q), 0, (struct sockaddr *)&nl, sizeof(nl)) != (ssize_t)sizeof(q))
		goto out;
	n = recv(fd, &r, sizeof(r), 0);
	for (struct nlmsghdr *h = &r.nlh; n > 0 && NLMSG_OK(h, (unsigned)n); h = NLMSG_NEXT(h, n)) {
		const struct unix_diag_msg *m = NLMSG_DATA(h);
		int left;

		if (h->nlmsg_type != SOCK_DIAG_BY_FAMILY || h->nlmsg_len < NLMSG_LENGTH(sizeof(*m)) ||
		    m->udiag_ino != (unsigned)ino)
			continue;
		left = (int)(h->nlmsg_len - NLMSG_LENGTH(sizeof(*m)));
		for (struct rtattr *a = (struct rtattr *)(m + 1); RTA_OK(a, left); a = RTA_NEXT(a, left))
			if (a->rta_type == UNIX_DIAG_PEER && RTA_PAYLOAD(a) >= sizeof(__u32))
				peer = *(const __u32 *)RTA_DATA(a);
	}
out:
	close(fd);
	return peer;
}

/* Where each protocol's sockets are listed. */
static const struct {
	const char *proto, *file;
	bool v6, unix_sock;
} tables[] = {
	{ "TCP", "tcp", false, false },          { "TCPv6", "tcp6", true, false },
	{ "UDP", "udp", false, false },          { "UDPv6", "udp6", true, false },
	{ "UDPLITE", "udplite", false, false },  { "UDPLITEv6", "udplite6", true, false },
	{ "UNIX", "unix", false, true },         { "UNIX-STREAM", "unix", false, true },
	{ "UNIX-SEQPACKET", "unix", false, true },
};

int sockinfo_describe(pid_t pid, int fd, unsigned long ino, char *buf, size_t len)
{
	char link[64], proto[32], where[320];
	ssize_t n;

	snprintf(link, sizeof(link), "/proc/%d/fd/%d", (int)pid, fd);
	n = getxattr(link, "system.sockprotoname", proto, sizeof(proto) - 1);
	if (n <= 0)
		return -1;
	proto[n] = '\0';
	for (size_t i = 0; i < sizeof(tables) / sizeof(tables[0]); i++) {
		if (strcmp(tables[i].proto, proto))
			continue;
		if (find_in(pid, tables[i].file, tables[i].v6, tables[i].unix_sock, ino, where, sizeof(where)))
			break;
		if (tables[i].unix_sock) {
			/* strace: [INODE->PEER,"PATH"], each part when there is one. */
			unsigned long peer = unix_peer(ino);
			char peer_s[32] = "";

			if (peer)
				snprintf(peer_s, sizeof(peer_s), "->%lu", peer);
			if (where[0])
				snprintf(buf, len, "%s:[%lu%s,\"%s\"]", proto, ino, peer_s, where);
			else
				snprintf(buf, len, "%s:[%lu%s]", proto, ino, peer_s);
		} else if (where[0]) {
			snprintf(buf, len, "%s:[%s]", proto, where);
		} else {
			break;
		}
		return 0;
	}
	/* Known to the socket only (not bound, not connected, or a family
	 * /proc does not list): its protocol and inode. */
	snprintf(buf, len, "%s:[%lu]", proto, ino);
	return 0;
}
