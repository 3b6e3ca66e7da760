/* What a socket is connected to, as strace -yy names it, from what /proc
 * tells now:
 *   TCP:[127.0.0.1:42->127.0.0.1:80]   TCPv6:[[::1]:42->[::1]:80]
 *   TCP:[127.0.0.1:80] (listening)     UDP:[3426629] (neither bound nor connected)
 *   UNIX-STREAM:[3434044,"/tmp/sock"]  UNIX:[3434046]  UNIX-STREAM:[12->13] (a pair)
 * The protocol is the socket's own name for it (the system.sockprotoname
 * attribute of /proc/PID/fd/N), the endpoints the line with its inode in
 * /proc/PID/net/{tcp,tcp6,udp,udp6,unix} (the process's network
 * namespace); a unix socket's peer (UNIX-STREAM:[12->13]), which /proc does
 * not list, from sock_diag (scry's own network namespace). */
#ifndef SCRY_SOCKINFO_H
#define SCRY_SOCKINFO_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* The socket fd of pid, whose inode is ino, into buf. -1 when /proc does
 * not have it (the process or the descriptor is gone). */
int sockinfo_describe(pid_t pid, int fd, unsigned long ino, char *buf, size_t len);

/* One line of /proc/net/{tcp,udp}[6]: its inode and "LOCAL->REMOTE",
 * "LOCAL" (no remote) or "" (neither) into buf. -1 when the line is not one
 * (the header). */
int sockinfo_parse_inet(const char *line, bool v6, unsigned long *ino, char *buf, size_t len);
/* One line of /proc/net/unix: its inode and path ("" when none). */
int sockinfo_parse_unix(const char *line, unsigned long *ino, char *path, size_t len);

#endif
