#include "util/trace/fdtable.h"

#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/trace/sockinfo.h"

enum fd_state {
	FD_KNOWN,       /* path set */
	FD_LAZY,        /* ask /proc on first use */
	FD_UNRESOLVABLE,/* asked, /proc had no answer: do not ask again */
};

struct fd_entry {
	char *path;
	u8 state;
	bool cloexec;
	/* FD_LAZY from a call that makes one kind of file (socket: "socket:["):
	 * what /proc must name, else the number was reused since. */
	const char *expect;
	char *endpoints;        /* the last fdtables_endpoints answer */
};

struct fd_proc {
	struct hashmap fds;     /* fd -> struct fd_entry */
	char *cwd;              /* cached /proc/PID/cwd, NULL: unknown */
};

void fdtables_init(struct fdtables *t, bool live)
{
	hashmap_init(&t->procs);
	t->live = live;
	t->proc_reads = 0;
}

static void free_entry(struct fd_entry *e)
{
	free(e->path);
	free(e->endpoints);
	free(e);
}

static void free_proc(struct fd_proc *p)
{
	size_t it = 0;
	void *v;

	while (hashmap_next(&p->fds, &it, NULL, &v))
		free_entry(v);
	hashmap_free(&p->fds);
	free(p->cwd);
	free(p);
}

void fdtables_release(struct fdtables *t)
{
	size_t it = 0;
	void *v;

	while (hashmap_next(&t->procs, &it, NULL, &v))
		free_proc(v);
	hashmap_free(&t->procs);
}

static struct fd_proc *proc_get(struct fdtables *t, pid_t pid, bool create)
{
	struct fd_proc *p = hashmap_get(&t->procs, (u64)pid);

	if (p || !create)
		return p;
	p = calloc(1, sizeof(*p));
	if (!p)
		return NULL;
	hashmap_init(&p->fds);
	if (hashmap_put(&t->procs, (u64)pid, p)) {
		free(p);
		return NULL;
	}
	return p;
}

static struct fd_entry *entry_get(struct fd_proc *p, int fd, bool create)
{
	struct fd_entry *e = hashmap_get(&p->fds, (u64)fd);

	if (e || !create)
		return e;
	e = calloc(1, sizeof(*e));
	if (!e)
		return NULL;
	if (hashmap_put(&p->fds, (u64)fd, e)) {
		free(e);
		return NULL;
	}
	return e;
}

static char *proc_readlink(struct fdtables *t, pid_t pid, const char *what)
{
	char link[64], buf[PATH_MAX];
	ssize_t n;

	if (!t->live)
		return NULL;
	snprintf(link, sizeof(link), "/proc/%d/%s", pid, what);
	t->proc_reads++;
	n = readlink(link, buf, sizeof(buf) - 1);
	if (n <= 0)
		return NULL;
	buf[n] = '\0';
	return strdup(buf);
}

const char *fdtables_path(struct fdtables *t, pid_t pid, int fd)
{
	struct fd_proc *p;
	struct fd_entry *e;

	if (fd < 0)
		return NULL;
	p = proc_get(t, pid, true);
	if (!p)
		return NULL;
	e = entry_get(p, fd, false);
	if (!e) {
		/* A descriptor from before the trace (stdin, inherited, -p). */
		e = entry_get(p, fd, true);
		if (!e)
			return NULL;
		e->state = FD_LAZY;
	}
	if (e->state == FD_LAZY) {
		char what[32];
		snprintf(what, sizeof(what), "fd/%d", fd);
		e->path = proc_readlink(t, pid, what);
		/* /proc tells what the number is now, which may be a later file
		 * (socket() = 3 read after a close(3) and an open of /etc):
		 * not this one's path. */
		if (e->path && e->expect && strncmp(e->path, e->expect, strlen(e->expect))) {
			free(e->path);
			e->path = NULL;
		}
		e->state = e->path ? FD_KNOWN : FD_UNRESOLVABLE;
	}
	return e->state == FD_KNOWN ? e->path : NULL;
}

const char *fdtables_endpoints(struct fdtables *t, pid_t pid, int fd)
{
	const char *path = fdtables_path(t, pid, fd);
	struct fd_proc *p = proc_get(t, pid, false);
	struct fd_entry *e = p ? entry_get(p, fd, false) : NULL;
	unsigned long ino;
	char buf[512], *end;

	if (!path || !e || !t->live || strncmp(path, "socket:[", 8))
		return path;
	ino = strtoul(path + 8, &end, 10);
	if (*end != ']' || sockinfo_describe(pid, fd, ino, buf, sizeof(buf)))
		return path;
	/* Asked each time: a socket's endpoints change (bind, connect). */
	free(e->endpoints);
	e->endpoints = strdup(buf);
	return e->endpoints ? e->endpoints : path;
}

static char *join_path(const char *dir, const char *rel)
{
	size_t dl = strlen(dir), rl = strlen(rel);
	char *s = malloc(dl + rl + 2);

	if (!s)
		return NULL;
	memcpy(s, dir, dl);
	if (dl && dir[dl - 1] == '/')
		dl--;
	s[dl] = '/';
	memcpy(s + dl + 1, rel, rl + 1);
	return s;
}

int fdtables_seed(struct fdtables *t, pid_t pid, pid_t src)
{
	struct fd_proc *p = proc_get(t, pid, true);
	bool self = src == getpid();
	char dir[64];
	struct dirent *de;
	DIR *d;
	int n = 0;

	if (!p)
		return -1;
	snprintf(dir, sizeof(dir), "/proc/%d/fd", src);
	d = opendir(dir);
	if (!d)
		return -1;
	while ((de = readdir(d))) {
		char what[32], *end;
		long fd = strtol(de->d_name, &end, 10);
		struct fd_entry *e;
		char *path;

		if (*end || fd < 0 || fd > INT32_MAX || (self && fd == dirfd(d)))
			continue;
		if (self) {
			int fl = fcntl((int)fd, F_GETFD);
			if (fl < 0 || (fl & FD_CLOEXEC))
				continue;
		}
		snprintf(what, sizeof(what), "fd/%ld", fd);
		path = proc_readlink(t, src, what);
		if (!path || !(e = entry_get(p, (int)fd, true))) {
			free(path);
			continue;
		}
		free(e->path);
		e->path = path;
		e->state = FD_KNOWN;
		n++;
	}
	closedir(d);
	return n;
}

void fdtables_for_each(struct fdtables *t, pid_t pid, void (*fn)(void *arg, pid_t pid, int fd, const char *path),
		       void *arg)
{
	struct fd_proc *p = proc_get(t, pid, false);
	size_t it = 0;
	u64 fd;
	void *v;

	if (!p)
		return;
	while (hashmap_next(&p->fds, &it, &fd, &v)) {
		const struct fd_entry *e = v;
		if (e->state == FD_KNOWN && e->path)
			fn(arg, pid, (int)fd, e->path);
	}
}

void fdtables_name(struct fdtables *t, pid_t pid, int fd, const char *name, bool cloexec)
{
	struct fd_proc *p = proc_get(t, pid, true);
	struct fd_entry *e = p && fd >= 0 ? entry_get(p, fd, true) : NULL;

	if (!e)
		return;
	free(e->path);
	e->path = strdup(name);
	e->cloexec = cloexec;
	e->state = e->path ? FD_KNOWN : FD_LAZY;
	e->expect = NULL;
}

void fdtables_open(struct fdtables *t, pid_t pid, int fd, int dirfd, const char *path, bool cloexec)
{
	struct fd_proc *p = proc_get(t, pid, true);
	struct fd_entry *e;
	char *full = NULL;

	if (!p || fd < 0)
		return;
	e = entry_get(p, fd, true);
	if (!e)
		return;
	free(e->path);
	e->path = NULL;
	e->cloexec = cloexec;
	if (path && path[0] == '/') {
		full = strdup(path);
	} else if (path) {
		const char *dir = NULL;
		if (dirfd == AT_FDCWD) {
			if (!p->cwd)
				p->cwd = proc_readlink(t, pid, "cwd");
			dir = p->cwd;
		} else {
			dir = fdtables_path(t, pid, dirfd);
		}
		full = dir ? join_path(dir, path) : strdup(path);
	}
	e->path = full;
	e->state = full ? FD_KNOWN : FD_LAZY;
	e->expect = NULL;
}

void fdtables_unknown_kind(struct fdtables *t, pid_t pid, int fd, bool cloexec, const char *expect)
{
	struct fd_proc *p = proc_get(t, pid, true);
	struct fd_entry *e;

	if (!p || fd < 0 || !(e = entry_get(p, fd, true)))
		return;
	free(e->path);
	e->path = NULL;
	e->state = FD_LAZY;
	e->cloexec = cloexec;
	e->expect = expect;
}

void fdtables_unknown(struct fdtables *t, pid_t pid, int fd, bool cloexec)
{
	fdtables_unknown_kind(t, pid, fd, cloexec, NULL);
}

void fdtables_close(struct fdtables *t, pid_t pid, int fd)
{
	struct fd_proc *p = proc_get(t, pid, false);
	struct fd_entry *e;

	if (!p)
		return;
	/* Forget it: a reused number (from a call whose new descriptors the
	 * trace cannot see, like pipe) is resolved through /proc again. */
	e = hashmap_del(&p->fds, (u64)fd);
	if (e)
		free_entry(e);
}

void fdtables_close_range(struct fdtables *t, pid_t pid, unsigned lo, unsigned hi, bool cloexec_only)
{
	struct fd_proc *p = proc_get(t, pid, false);
	size_t it = 0, ngone = 0;
	int *gone = NULL;
	u64 key;
	void *v;

	if (!p)
		return;
	/* Walk the descriptors we know rather than the range (often 3..~0U). */
	while (hashmap_next(&p->fds, &it, &key, &v)) {
		struct fd_entry *e = v;
		int *ng;
		if (key < lo || key > hi)
			continue;
		if (cloexec_only) {
			e->cloexec = true;
			continue;
		}
		ng = realloc(gone, (ngone + 1) * sizeof(int));
		if (!ng)
			break;
		gone = ng;
		gone[ngone++] = (int)key;
	}
	for (size_t i = 0; i < ngone; i++)
		fdtables_close(t, pid, gone[i]);
	free(gone);
}

void fdtables_dup(struct fdtables *t, pid_t pid, int oldfd, int newfd, bool cloexec)
{
	const char *src = fdtables_path(t, pid, oldfd);
	char *copy = src ? strdup(src) : NULL;
	struct fd_proc *p = proc_get(t, pid, true);
	struct fd_entry *e;

	if (!p || newfd < 0 || !(e = entry_get(p, newfd, true))) {
		free(copy);
		return;
	}
	free(e->path);
	e->path = copy;
	e->state = copy ? FD_KNOWN : FD_LAZY;
	e->cloexec = cloexec;
	e->expect = NULL;
}

void fdtables_set_cloexec(struct fdtables *t, pid_t pid, int fd, bool cloexec)
{
	struct fd_proc *p = proc_get(t, pid, false);
	struct fd_entry *e = p ? entry_get(p, fd, false) : NULL;

	if (e)
		e->cloexec = cloexec;
}

void fdtables_exec(struct fdtables *t, pid_t pid)
{
	struct fd_proc *p = proc_get(t, pid, false);
	size_t it = 0;
	u64 key;
	void *v;
	int *gone = NULL;
	size_t ngone = 0;

	if (!p)
		return;
	while (hashmap_next(&p->fds, &it, &key, &v)) {
		struct fd_entry *e = v;
		if (e->cloexec || e->state == FD_UNRESOLVABLE) {
			int *ng = realloc(gone, (ngone + 1) * sizeof(int));
			if (!ng)
				break;
			gone = ng;
			gone[ngone++] = (int)key;
		}
	}
	for (size_t i = 0; i < ngone; i++) {
		struct fd_entry *e = hashmap_del(&p->fds, (u64)gone[i]);
		if (e)
			free_entry(e);
	}
	free(gone);
}

void fdtables_fork(struct fdtables *t, pid_t parent, pid_t child)
{
	struct fd_proc *pp = proc_get(t, parent, false), *cp;
	size_t it = 0;
	u64 key;
	void *v;

	fdtables_exit(t, child);        /* a recycled pid */
	if (!pp)
		return;
	cp = proc_get(t, child, true);
	if (!cp)
		return;
	while (hashmap_next(&pp->fds, &it, &key, &v)) {
		struct fd_entry *src = v, *e = entry_get(cp, (int)key, true);
		if (!e)
			break;
		e->state = src->state;
		e->cloexec = src->cloexec;
		e->expect = src->expect;
		e->path = src->path ? strdup(src->path) : NULL;
		if (src->path && !e->path)
			e->state = FD_LAZY;
	}
	if (pp->cwd)
		cp->cwd = strdup(pp->cwd);
}

void fdtables_exit(struct fdtables *t, pid_t pid)
{
	struct fd_proc *p = hashmap_del(&t->procs, (u64)pid);

	if (p)
		free_proc(p);
}

void fdtables_chdir(struct fdtables *t, pid_t pid)
{
	struct fd_proc *p = proc_get(t, pid, false);

	if (p) {
		free(p->cwd);
		p->cwd = NULL;
	}
}
