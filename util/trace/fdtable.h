/* What each traced process's file descriptors refer to, so fd arguments and
 * results print as "3</etc/hostname>".  Learned from /proc/PID/fd (lazily,
 * for descriptors the trace did not see created) and kept current from the
 * results of open, close, dup, fcntl, execve and fork as they are traced. */
#ifndef SCRY_FDTABLE_H
#define SCRY_FDTABLE_H

#include <sys/types.h>

#include "util/hashmap.h"

struct fdtables {
	struct hashmap procs;   /* pid -> struct fd_proc */
	bool live;              /* the processes exist now: /proc may be read */
	u64 proc_reads;         /* readlink calls made (tests, stats) */
};

void fdtables_init(struct fdtables *t, bool live);
void fdtables_release(struct fdtables *t);

/* The path of fd in pid, or NULL. Unknown descriptors are resolved once
 * through /proc when live. */
const char *fdtables_path(struct fdtables *t, pid_t pid, int fd);

/* As fdtables_path, with a socket's endpoints as strace -yy shows them
 * ("TCP:[127.0.0.1:42->127.0.0.1:80]", util/trace/sockinfo.h) when live
 * and /proc has them; the path ("socket:[N]") otherwise. */
const char *fdtables_endpoints(struct fdtables *t, pid_t pid, int fd);

/* Learn pid's descriptors now from /proc/SRC/fd (at attach time, while
 * the process certainly exists). With src == our own pid (a workload we are
 * about to exec), only the descriptors it will inherit: not close-on-exec. */
int fdtables_seed(struct fdtables *t, pid_t pid, pid_t src);

/* Every descriptor of pid whose path is known. */
void fdtables_for_each(struct fdtables *t, pid_t pid, void (*fn)(void *arg, pid_t pid, int fd, const char *path),
		       void *arg);

/* A new descriptor: path may be relative to dirfd (AT_FDCWD: the cwd). */
void fdtables_open(struct fdtables *t, pid_t pid, int fd, int dirfd, const char *path, bool cloexec);
/* A new descriptor named as /proc names it ("socket:[1234]"), known
 * from the call itself (the tracer read its inode when it returned). */
void fdtables_name(struct fdtables *t, pid_t pid, int fd, const char *name, bool cloexec);
/* A new descriptor whose target is not known from the call (socket, pipe): resolved lazily. */
void fdtables_unknown(struct fdtables *t, pid_t pid, int fd, bool cloexec);
/* ... of a known kind: /proc's answer counts only when it starts with
 * expect (a static string, "socket:["); another file there means the
 * number was closed and reused before /proc was asked. */
void fdtables_unknown_kind(struct fdtables *t, pid_t pid, int fd, bool cloexec, const char *expect);
void fdtables_close(struct fdtables *t, pid_t pid, int fd);
/* close_range(2): close [lo, hi], or only mark them close-on-exec. */
void fdtables_close_range(struct fdtables *t, pid_t pid, unsigned lo, unsigned hi, bool cloexec_only);
void fdtables_dup(struct fdtables *t, pid_t pid, int oldfd, int newfd, bool cloexec);
void fdtables_set_cloexec(struct fdtables *t, pid_t pid, int fd, bool cloexec);
/* A successful execve: close-on-exec descriptors are gone. */
void fdtables_exec(struct fdtables *t, pid_t pid);
/* A new process: a copy of its parent's table. */
void fdtables_fork(struct fdtables *t, pid_t parent, pid_t child);
void fdtables_exit(struct fdtables *t, pid_t pid);
/* The working directory changed (chdir, fchdir). */
void fdtables_chdir(struct fdtables *t, pid_t pid);

#endif
