/* Unit tests for util/trace/sockinfo: the lines of /proc/net/{tcp,udp}[6]
 * and unix parsed, and the test process's own sockets described as
 * strace -yy describes them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "util/trace/sockinfo.h"

static void test_parse_inet(void **state)
{
	char buf[128];
	unsigned long ino = 0;

	(void)state;
	/* A connection 127.0.0.1:42310 -> 127.0.0.1:80. */
	assert_int_equal(sockinfo_parse_inet("   3: 0100007F:A546 0100007F:0050 01 00000000:00000000 00:00000000 "
					     "00000000     0        0 3426614 1 0000000000000000 20 4 30 10 -1\n",
					     false, &ino, buf, sizeof(buf)), 0);
	assert_int_equal(ino, 3426614);
	assert_string_equal(buf, "127.0.0.1:42310->127.0.0.1:80");
	/* Listening: the local end only. */
	assert_int_equal(sockinfo_parse_inet("   0: 0100007F:0050 00000000:0000 0A 00000000:00000000 00:00000000 "
					     "00000000     0        0 777 1 0000000000000000 100 0 0 10 0\n",
					     false, &ino, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "127.0.0.1:80");
	/* Neither bound nor connected. */
	assert_int_equal(sockinfo_parse_inet("  1: 00000000:0000 00000000:0000 07 00000000:00000000 00:00000000 "
					     "00000000     0        0 778 2 0000000000000000 0\n",
					     false, &ino, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "");
	/* IPv6 ::1 port 48519 -> ::1 port 40278. */
	assert_int_equal(sockinfo_parse_inet("   2: 00000000000000000000000001000000:BD87 "
					     "00000000000000000000000001000000:9D56 01 00000000:00000000 00:00000000 "
					     "00000000     0        0 3434040 1 0000000000000000 20 4 30 10 -1\n",
					     true, &ino, buf, sizeof(buf)), 0);
	assert_int_equal(ino, 3434040);
	assert_string_equal(buf, "[::1]:48519->[::1]:40278");
	/* The header is not a socket. */
	assert_int_equal(sockinfo_parse_inet("  sl  local_address rem_address   st tx_queue rx_queue tr tm->when "
					     "retrnsmt   uid  timeout inode\n", false, &ino, buf, sizeof(buf)), -1);
	assert_int_equal(sockinfo_parse_inet("", false, &ino, buf, sizeof(buf)), -1);
	assert_int_equal(sockinfo_parse_inet("  1: 0100007F:0050\n", false, &ino, buf, sizeof(buf)), -1);
}

static void test_parse_unix(void **state)
{
	char path[128];
	unsigned long ino = 0;

	(void)state;
	assert_int_equal(sockinfo_parse_unix("0000000000000000: 00000002 00000000 00010000 0001 01 3434044 /tmp/s\n",
					     &ino, path, sizeof(path)), 0);
	assert_int_equal(ino, 3434044);
	assert_string_equal(path, "/tmp/s");
	assert_int_equal(sockinfo_parse_unix("0000000000000000: 00000003 00000000 00000000 0001 03 3434045\n",
					     &ino, path, sizeof(path)), 0);
	assert_string_equal(path, "");
	assert_int_equal(sockinfo_parse_unix("Num       RefCount Protocol Flags    Type St Inode Path\n", &ino, path,
					     sizeof(path)), -1);
}

static unsigned long inode_of(int fd)
{
	struct stat st;

	assert_int_equal(fstat(fd, &st), 0);
	return (unsigned long)st.st_ino;
}

/* This process's own sockets, described from /proc. */
static void test_describe_live(void **state)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t alen = sizeof(a);
	char buf[256], want[256];
	int l, c, u;

	(void)state;
	l = socket(AF_INET, SOCK_STREAM, 0);
	c = socket(AF_INET, SOCK_STREAM, 0);
	u = socket(AF_INET, SOCK_DGRAM, 0);
	assert_true(l >= 0 && c >= 0 && u >= 0);
	/* Not bound: its protocol and inode. */
	assert_int_equal(sockinfo_describe(getpid(), u, inode_of(u), buf, sizeof(buf)), 0);
	snprintf(want, sizeof(want), "UDP:[%lu]", inode_of(u));
	assert_string_equal(buf, want);
	/* Listening, then a connection to it. */
	assert_int_equal(bind(l, (struct sockaddr *)&a, sizeof(a)), 0);
	assert_int_equal(listen(l, 1), 0);
	assert_int_equal(getsockname(l, (struct sockaddr *)&a, &alen), 0);
	assert_int_equal(sockinfo_describe(getpid(), l, inode_of(l), buf, sizeof(buf)), 0);
	snprintf(want, sizeof(want), "TCP:[127.0.0.1:%u]", ntohs(a.sin_port));
	assert_string_equal(buf, want);
	assert_int_equal(connect(c, (struct sockaddr *)&a, sizeof(a)), 0);
	{
		struct sockaddr_in me;
		socklen_t mlen = sizeof(me);
		assert_int_equal(getsockname(c, (struct sockaddr *)&me, &mlen), 0);
		assert_int_equal(sockinfo_describe(getpid(), c, inode_of(c), buf, sizeof(buf)), 0);
		snprintf(want, sizeof(want), "TCP:[127.0.0.1:%u->127.0.0.1:%u]", ntohs(me.sin_port),
			 ntohs(a.sin_port));
		assert_string_equal(buf, want);
	}
	/* A descriptor that is not a socket, or not open: no answer. */
	assert_int_equal(sockinfo_describe(getpid(), 987, 1, buf, sizeof(buf)), -1);
	close(l);
	close(c);
	close(u);
}

static void test_describe_unix(void **state)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	char path[] = "/tmp/scry-sockinfo-XXXXXX", buf[256], want[256];
	int fd, s;

	(void)state;
	fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	unlink(path);
	snprintf(a.sun_path, sizeof(a.sun_path), "%s", path);
	s = socket(AF_UNIX, SOCK_STREAM, 0);
	assert_true(s >= 0);
	assert_int_equal(bind(s, (struct sockaddr *)&a, sizeof(a)), 0);
	assert_int_equal(sockinfo_describe(getpid(), s, inode_of(s), buf, sizeof(buf)), 0);
	snprintf(want, sizeof(want), "UNIX-STREAM:[%lu,\"%s\"]", inode_of(s), path);
	assert_string_equal(buf, want);
	close(s);
	unlink(path);
	s = socket(AF_UNIX, SOCK_DGRAM, 0);
	assert_int_equal(sockinfo_describe(getpid(), s, inode_of(s), buf, sizeof(buf)), 0);
	snprintf(want, sizeof(want), "UNIX:[%lu]", inode_of(s));
	assert_string_equal(buf, want);
	close(s);
	/* A pair: each names the other, as strace -yy (sock_diag) shows. */
	{
		int sv[2];
		assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
		assert_int_equal(sockinfo_describe(getpid(), sv[0], inode_of(sv[0]), buf, sizeof(buf)), 0);
		snprintf(want, sizeof(want), "UNIX-STREAM:[%lu->%lu]", inode_of(sv[0]), inode_of(sv[1]));
		assert_string_equal(buf, want);
		close(sv[0]);
		close(sv[1]);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_inet),
		cmocka_unit_test(test_parse_unix),
		cmocka_unit_test(test_describe_live),
		cmocka_unit_test(test_describe_unix),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
