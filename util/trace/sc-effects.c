#include "util/trace/sc-effects.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <linux/sched.h>
#include <stdio.h>
#include <string.h>

#ifndef CLOSE_RANGE_CLOEXEC
#define CLOSE_RANGE_CLOEXEC (1U << 2)
#endif

enum effect {
	EFF_OPEN,       /* new fd = ret, naming path_arg relative to dirfd_arg */
	EFF_CLOSE,
	EFF_CLOSE_RANGE,
	EFF_DUP,        /* new fd = ret, a copy of fd_arg */
	EFF_DUP_TO,     /* new fd = arg 1 (dup2, dup3), a copy of fd_arg */
	EFF_FCNTL,
	EFF_EXEC,
	EFF_CHDIR,
	EFF_FORK,       /* ret is a new process (or thread) */
};

struct effect_rule {
	const char *name;
	enum effect eff;
	s8 path_arg;    /* EFF_OPEN: argument with the path */
	s8 dirfd_arg;   /* EFF_OPEN: -1 means AT_FDCWD */
	s8 flags_arg;   /* O_CLOEXEC source; -1: none */
};

/* Tables as data: the calls that change a process's descriptors. */
static const struct effect_rule rules[] = {
	{ "open", EFF_OPEN, 0, -1, 1 },
	{ "creat", EFF_OPEN, 0, -1, -1 },
	{ "openat", EFF_OPEN, 1, 0, 2 },
	{ "openat2", EFF_OPEN, 1, 0, -1 },
	{ "close", EFF_CLOSE, -1, -1, -1 },
	{ "close_range", EFF_CLOSE_RANGE, -1, -1, 2 },
	{ "dup", EFF_DUP, -1, -1, -1 },
	{ "dup2", EFF_DUP_TO, -1, -1, -1 },
	{ "dup3", EFF_DUP_TO, -1, -1, 2 },
	{ "fcntl", EFF_FCNTL, -1, -1, -1 },
	{ "execve", EFF_EXEC, -1, -1, -1 },
	{ "execveat", EFF_EXEC, -1, -1, -1 },
	{ "chdir", EFF_CHDIR, -1, -1, -1 },
	{ "fchdir", EFF_CHDIR, -1, -1, -1 },
	{ "fork", EFF_FORK, -1, -1, -1 },
	{ "vfork", EFF_FORK, -1, -1, -1 },
	{ "clone", EFF_FORK, -1, -1, -1 },
};

/* What /proc/PID/fd/N names for the descriptor each of these calls
 * returns: a lazily resolved number must still be one of these (a socket()
 * result read after the number was reused by an open is not its path). */
static const struct {
	const char *name, *link;
} new_fd_kinds[] = {
	{ "socket", "socket:[" }, { "accept", "socket:[" }, { "accept4", "socket:[" },
	{ "eventfd", "anon_inode:[eventfd]" }, { "eventfd2", "anon_inode:[eventfd]" },
	{ "epoll_create", "anon_inode:[eventpoll]" }, { "epoll_create1", "anon_inode:[eventpoll]" },
	{ "timerfd_create", "anon_inode:[timerfd]" }, { "signalfd", "anon_inode:[signalfd]" },
	{ "signalfd4", "anon_inode:[signalfd]" }, { "inotify_init", "anon_inode:inotify" },
	{ "inotify_init1", "anon_inode:inotify" }, { "memfd_create", "/memfd:" },
	{ "pidfd_open", "anon_inode:[pidfd]" }, { "perf_event_open", "anon_inode:[perf_event]" },
	{ "userfaultfd", "anon_inode:[userfaultfd]" }, { "io_uring_setup", "anon_inode:[io_uring]" },
};

static const char *new_fd_link(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(new_fd_kinds); i++)
		if (!strcmp(new_fd_kinds[i].name, name))
			return new_fd_kinds[i].link;
	return NULL;
}

/* Kept short: each one traced silently costs BPF on that syscall. */
static const char *const needed[] = {
	"open", "openat", "openat2", "creat", "close", "dup", "dup2", "dup3", "fcntl",
	"execve", "execveat", "socket",
};

bool sc_effects_needed(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(needed); i++)
		if (!strcmp(needed[i], name))
			return true;
	return false;
}

static const struct effect_rule *rule_for(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(rules); i++)
		if (!strcmp(rules[i].name, name))
			return &rules[i];
	return NULL;
}

static void apply_open(struct fdtables *fdt, const struct sc_event *ev, const struct effect_rule *r)
{
	pid_t pid = (pid_t)ev->pid;
	int fd = (int)ev->ret;
	int dirfd = r->dirfd_arg < 0 ? AT_FDCWD : (int)ev->args[r->dirfd_arg];
	bool cloexec = r->flags_arg >= 0 && (ev->args[r->flags_arg] & O_CLOEXEC);
	const char *s = ev->str[r->path_arg];
	char path[SCRY_SC_STR_MAX + 1];

	if (!s || ev->str_truncated[r->path_arg]) {
		fdtables_unknown(fdt, pid, fd, cloexec);
		return;
	}
	memcpy(path, s, ev->str_len[r->path_arg]);
	path[ev->str_len[r->path_arg]] = '\0';
	fdtables_open(fdt, pid, fd, dirfd, path, cloexec);
}

static void apply_fcntl(struct fdtables *fdt, const struct sc_event *ev)
{
	pid_t pid = (pid_t)ev->pid;
	int fd = (int)ev->args[0];

	switch ((int)ev->args[1]) {
	case F_DUPFD:
		fdtables_dup(fdt, pid, fd, (int)ev->ret, false);
		break;
	case F_DUPFD_CLOEXEC:
		fdtables_dup(fdt, pid, fd, (int)ev->ret, true);
		break;
	case F_SETFD:
		fdtables_set_cloexec(fdt, pid, fd, ev->args[2] & FD_CLOEXEC);
		break;
	default:
		break;
	}
}

/* The socket a call returned, named from the inode the tracer read when
 * it returned (an FD_INODE piece): "socket:[N]" as /proc names it. */
static bool name_from_inode(struct fdtables *fdt, const struct sc_event *ev)
{
	for (unsigned i = 0; i < ev->ncap; i++) {
		const struct sc_cap *c = &ev->caps[i];
		struct scry_fd_inode fi;
		char name[48];

		if (c->kind != SCRY_CAP_FD_INODE || c->when != SCRY_CAP_EXIT || c->fault || c->len < sizeof(fi))
			continue;
		memcpy(&fi, c->data, sizeof(fi));
		if (!S_ISSOCK(fi.mode))
			return false;
		snprintf(name, sizeof(name), "socket:[%llu]", (unsigned long long)fi.ino);
		fdtables_name(fdt, (pid_t)ev->pid, (int)ev->ret, name, false);
		return true;
	}
	return false;
}

void sc_apply_effects(struct fdtables *fdt, const struct sc_event *ev, const struct sc_desc *d)
{
	const struct effect_rule *r;
	pid_t pid = (pid_t)ev->pid;

	if (ev->kind != SCRY_SC_COMPLETE)
		return;
	r = rule_for(d->name);
	if (!r) {
		/* Any other call returning a new descriptor (socket, eventfd,
		 * accept, ...): what it is, /proc tells on first use. */
		if (d->ret_kind == SC_RET_FD && ev->ret >= 0 && !name_from_inode(fdt, ev))
			fdtables_unknown_kind(fdt, pid, (int)ev->ret, false, new_fd_link(d->name));
		return;
	}
	/* close releases the descriptor even when it reports an error (EINTR). */
	if (r->eff == EFF_CLOSE) {
		fdtables_close(fdt, pid, (int)ev->args[0]);
		return;
	}
	if (ev->ret < 0)
		return;
	switch (r->eff) {
	case EFF_OPEN:
		apply_open(fdt, ev, r);
		break;
	case EFF_CLOSE_RANGE:
		fdtables_close_range(fdt, pid, (unsigned)ev->args[0], (unsigned)ev->args[1],
				     ev->args[2] & CLOSE_RANGE_CLOEXEC);
		break;
	case EFF_DUP:
		fdtables_dup(fdt, pid, (int)ev->args[0], (int)ev->ret, false);
		break;
	case EFF_DUP_TO:
		fdtables_dup(fdt, pid, (int)ev->args[0], (int)ev->args[1],
			     r->flags_arg >= 0 && (ev->args[r->flags_arg] & O_CLOEXEC));
		break;
	case EFF_FCNTL:
		apply_fcntl(fdt, ev);
		break;
	case EFF_EXEC:
		fdtables_exec(fdt, pid);
		break;
	case EFF_CHDIR:
		fdtables_chdir(fdt, pid);
		break;
	case EFF_FORK:
		/* clone(CLONE_THREAD) makes a thread: it shares its process's table. */
		if (ev->ret > 0 && !(!strcmp(d->name, "clone") && (ev->args[0] & CLONE_THREAD)))
			fdtables_fork(fdt, pid, (pid_t)ev->ret);
		break;
	default:
		break;
	}
}
