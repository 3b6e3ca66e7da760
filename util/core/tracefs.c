#include "util/core/tracefs.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <mntent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/core/evsel.h"

static const char default_mount[] = "/sys/kernel/tracing";

static bool is_tracefs_dir(const char *dir)
{
	char p[PATH_MAX];
	struct stat st;

	snprintf(p, sizeof(p), "%s/events", dir);
	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* tracefs mounted somewhere other than the default, or under debugfs. */
static bool find_in_mounts(char *out, size_t len)
{
	FILE *f = setmntent("/proc/mounts", "r");
	struct mntent *m;
	bool found = false;

	if (!f)
		return false;
	while (!found && (m = getmntent(f))) {
		if (!strcmp(m->mnt_type, "tracefs") && is_tracefs_dir(m->mnt_dir)) {
			snprintf(out, len, "%s", m->mnt_dir);
			found = true;
		} else if (!strcmp(m->mnt_type, "debugfs")) {
			char p[PATH_MAX];
			snprintf(p, sizeof(p), "%s/tracing", m->mnt_dir);
			if (is_tracefs_dir(p)) {
				snprintf(out, len, "%s", p);
				found = true;
			}
		}
	}
	endmntent(f);
	return found;
}

int tracefs_open(struct tracefs *t, char *err, size_t errlen)
{
	const char *env = getenv("SCRY_TRACEFS");

	if (env && *env) {
		if (!is_tracefs_dir(env)) {
			snprintf(err, errlen, "SCRY_TRACEFS=%s has no events/ directory", env);
			return -1;
		}
		snprintf(t->root, sizeof(t->root), "%s", env);
		return 0;
	}
	if (is_tracefs_dir(default_mount)) {
		snprintf(t->root, sizeof(t->root), "%s", default_mount);
		return 0;
	}
	if (find_in_mounts(t->root, sizeof(t->root)))
		return 0;
	{
		char p[PATH_MAX];
		struct stat st;
		snprintf(p, sizeof(p), "%s/events", default_mount);
		if (stat(p, &st) && errno == EACCES) {
			snprintf(err, errlen,
				 "no permission to read tracefs at %s: run as root (tracepoints need the "
				 "CAP_PERFMON capability, or kernel.perf_event_paranoid at most -1 (it is %d) "
				 "and access to tracefs)",
				 default_mount, perf_event_paranoid());
			return -1;
		}
	}
	if (geteuid() == 0) {
		if (mount("nodev", default_mount, "tracefs", 0, NULL) == 0 && is_tracefs_dir(default_mount)) {
			snprintf(t->root, sizeof(t->root), "%s", default_mount);
			return 0;
		}
		snprintf(err, errlen, "cannot mount tracefs at %s: %s (is CONFIG_TRACING enabled?)",
			 default_mount, strerror(errno));
		return -1;
	}
	snprintf(err, errlen, "tracefs is not mounted; as root run: mount -t tracefs nodev %s",
		 default_mount);
	return -1;
}

char *tracefs_path(const struct tracefs *t, const char *rel, char *buf, size_t len)
{
	snprintf(buf, len, "%s/%s", t->root, rel);
	return buf;
}

char *tracefs_read(const struct tracefs *t, const char *rel, size_t *lenp)
{
	char path[PATH_MAX];
	size_t cap = 4096, len = 0;
	char *buf;
	int fd;

	fd = open(tracefs_path(t, rel, path, sizeof(path)), O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	buf = malloc(cap);
	while (buf) {
		ssize_t n;
		if (len + 1 >= cap) {
			char *nb;
			/* Formats are small; refuse anything absurd from a fake tracefs. */
			if (cap >= (1u << 24)) {
				free(buf);
				buf = NULL;
				errno = EFBIG;
				break;
			}
			nb = realloc(buf, cap * 2);
			if (!nb) {
				free(buf);
				buf = NULL;
				break;
			}
			buf = nb;
			cap *= 2;
		}
		n = read(fd, buf + len, cap - len - 1);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			free(buf);
			buf = NULL;
			break;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	close(fd);
	if (buf) {
		buf[len] = '\0';
		if (lenp)
			*lenp = len;
	}
	return buf;
}

int tracefs_event_id(const struct tracefs *t, const char *sys, const char *name)
{
	char rel[512], *s, *end;
	long id;

	snprintf(rel, sizeof(rel), "events/%s/%s/id", sys, name);
	s = tracefs_read(t, rel, NULL);
	if (!s)
		return -errno;
	errno = 0;
	id = strtol(s, &end, 10);
	if (errno || end == s || id < 0 || id > INT32_MAX) {
		free(s);
		return -EINVAL;
	}
	free(s);
	return (int)id;
}

char *tracefs_event_format(const struct tracefs *t, const char *sys, const char *name, size_t *lenp)
{
	char rel[512];

	snprintf(rel, sizeof(rel), "events/%s/%s/format", sys, name);
	return tracefs_read(t, rel, lenp);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Sorted directory entries (subdirectories only), so output is stable. */
static char **list_dirs(const char *path, size_t *nr)
{
	DIR *d = opendir(path);
	struct dirent *de;
	char **v = NULL;
	size_t n = 0, cap = 0;

	*nr = 0;
	if (!d)
		return NULL;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.' || (de->d_type != DT_DIR && de->d_type != DT_UNKNOWN))
			continue;
		if (n == cap) {
			char **nv = realloc(v, (cap = cap ? cap * 2 : 64) * sizeof(*v));
			if (!nv)
				break;
			v = nv;
		}
		v[n] = strdup(de->d_name);
		if (v[n])
			n++;
	}
	closedir(d);
	if (n)
		qsort(v, n, sizeof(*v), cmp_str);
	*nr = n;
	return v;
}

static void free_list(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

int tracefs_for_each_event(const struct tracefs *t, const char *sys_glob, const char *name_glob,
			   int (*fn)(const char *sys, const char *name, void *arg), void *arg)
{
	char path[PATH_MAX];
	size_t nsys, nev;
	char **systems;
	int matches = 0, stop = 0;

	errno = 0;      /* an empty events/ is not an error: no stale errno */
	systems = list_dirs(tracefs_path(t, "events", path, sizeof(path)), &nsys);
	if (!systems && errno)
		return -1;
	for (size_t i = 0; i < nsys && !stop; i++) {
		char **events;
		if (fnmatch(sys_glob, systems[i], 0))
			continue;
		snprintf(path, sizeof(path), "%s/events/%s", t->root, systems[i]);
		events = list_dirs(path, &nev);
		for (size_t j = 0; j < nev && !stop; j++) {
			if (fnmatch(name_glob, events[j], 0))
				continue;
			matches++;
			if (fn && fn(systems[i], events[j], arg))
				stop = 1;
		}
		free_list(events, nev);
	}
	free_list(systems, nsys);
	return matches;
}

/* The kernel says why a filter is wrong only where tracefs sets it: in the
 * event's filter file, after a failed write.  A private instance keeps the
 * try away from everybody's top-level events. */
int tracefs_filter_error(const struct tracefs *t, const char *sys, const char *name, const char *filter,
			 char *buf, size_t len)
{
	char inst[PATH_MAX], file[PATH_MAX + 300];
	char *text = NULL, *caret, *msg;
	int fd, rc = -1;
	size_t n;

	snprintf(inst, sizeof(inst), "%s/instances/scry_filter_%d", t->root, (int)getpid());
	if (mkdir(inst, 0700) && errno != EEXIST)
		return -1;
	snprintf(file, sizeof(file), "%s/events/%s/%s/filter", inst, sys, name);
	fd = open(file, O_WRONLY | O_CLOEXEC);
	if (fd >= 0) {
		/* Expected to fail: the message is what we are after. */
		if (write(fd, filter, strlen(filter)) < 0 && errno == EINVAL) {
			FILE *f = fopen(file, "re");
			if (f) {
				text = calloc(1, 4096);
				if (text && (n = fread(text, 1, 4095, f)) > 0)
					text[n] = '\0';
				fclose(f);
			}
		}
		close(fd);
	}
	rmdir(inst);
	/* "FILTER\n   ^\nparse_error: REASON\n" */
	msg = text ? strstr(text, "parse_error: ") : NULL;
	if (msg) {
		char *nl = strchr(msg, '\n');
		if (nl)
			*nl = '\0';
		caret = strchr(text, '^');
		if (caret) {
			char *line = caret;
			while (line > text && line[-1] != '\n')
				line--;
			snprintf(buf, len, "%s (at character %d)", msg + strlen("parse_error: "),
				 (int)(caret - line) + 1);
		} else {
			snprintf(buf, len, "%s", msg + strlen("parse_error: "));
		}
		rc = 0;
	}
	free(text);
	return rc;
}
