#include "util/probe/probe-file.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/core/perf-release.h"

static const char *const probe_files[] = {
	[PROBE_UPROBE] = "uprobe_events",
	[PROBE_KPROBE] = "kprobe_events",
};

/* The kernel's limit on group and event names (MAX_EVENT_NAME_LEN). */
#define MAX_NAME 64

/* How long a delete waits for scry's release helpers: they drop one
 * tracepoint every 30-60 ms, and a wide trace holds a hundred or more. */
#define PROBE_RELEASE_WAIT_MS 10000

void probe_def_free(struct probe_def *d)
{
	if (!d)
		return;
	free(d->group);
	free(d->event);
	free(d->target);
	for (int i = 0; i < d->nr_args; i++)
		free(d->args[i]);
	free(d->args);
	memset(d, 0, sizeof(*d));
}

void probe_defs_free(struct probe_defs *ds)
{
	for (int i = 0; i < ds->nr; i++)
		probe_def_free(&ds->v[i]);
	free(ds->v);
	ds->v = NULL;
	ds->nr = 0;
}

bool probe_name_valid(const char *s)
{
	size_t n = strlen(s);

	if (!n || n > MAX_NAME || !(isalpha((unsigned char)s[0]) || s[0] == '_'))
		return false;
	for (size_t i = 1; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '_')
			return false;
	return true;
}

/* Split the line into whitespace-separated words, in place. */
static int split_words(char *s, char **w, int max)
{
	int n = 0;

	while (*s) {
		while (isspace((unsigned char)*s))
			*s++ = '\0';
		if (!*s)
			break;
		if (n == max)
			return -1;
		w[n++] = s;
		while (*s && !isspace((unsigned char)*s))
			s++;
	}
	return n;
}

int probe_def_parse(const char *line, enum probe_kind kind, struct probe_def *d)
{
	/* tracefs allows at most 128 arguments per probe (MAX_TRACE_ARGS). */
	char *copy = strdup(line), *w[3 + 128], *slash, *colon, *end;
	int n;

	memset(d, 0, sizeof(*d));
	d->kind = kind;
	if (!copy)
		return -1;
	n = split_words(copy, w, (int)(sizeof(w) / sizeof(w[0])));
	if (n < 2 || (w[0][0] != 'p' && w[0][0] != 'r') || w[0][1] != ':')
		goto bad;
	d->ret = w[0][0] == 'r';
	slash = strchr(w[0] + 2, '/');
	if (!slash || slash == w[0] + 2 || !slash[1])
		goto bad;
	*slash = '\0';
	d->group = strdup(w[0] + 2);
	d->event = strdup(slash + 1);
	if (kind == PROBE_UPROBE) {
		/* PATH:0xOFFSET, possibly followed by (0xREF_CTR_OFFSET). */
		colon = strrchr(w[1], ':');
		if (!colon)
			goto bad;
		*colon = '\0';
		errno = 0;
		d->offset = strtoull(colon + 1, &end, 0);
		if (errno || end == colon + 1 || (*end && *end != '('))
			goto bad;
		d->target = strdup(w[1]);
	} else {
		char *plus = strchr(w[1], '+');
		if (plus) {
			*plus = '\0';
			errno = 0;
			d->offset = strtoull(plus + 1, &end, 0);
			if (errno || *end)
				goto bad;
		}
		d->target = strdup(w[1]);
	}
	if (n > 2) {
		d->args = calloc((size_t)(n - 2), sizeof(*d->args));
		if (!d->args)
			goto bad;
		for (int i = 2; i < n; i++)
			if ((d->args[d->nr_args] = strdup(w[i])))
				d->nr_args++;
	}
	if (!d->group || !d->event || !d->target)
		goto bad;
	free(copy);
	return 0;
bad:
	free(copy);
	probe_def_free(d);
	return -1;
}

size_t probe_def_format(const struct probe_def *d, char *buf, size_t len)
{
	size_t n = 0;
	int r;

#define PUT(...) do { \
		r = snprintf(buf + (n < len ? n : len), n < len ? len - n : 0, __VA_ARGS__); \
		if (r > 0) n += (size_t)r; \
	} while (0)
	PUT("%c:%s/%s ", d->ret ? 'r' : 'p', d->group, d->event);
	if (d->kind == PROBE_UPROBE)
		PUT("%s:0x%" PRIx64, d->target, d->offset);
	else if (d->offset)
		PUT("%s+%" PRIu64, d->target, d->offset);
	else
		PUT("%s", d->target);
	for (int i = 0; i < d->nr_args; i++)
		PUT(" %s", d->args[i]);
#undef PUT
	if (len && n >= len)
		buf[len - 1] = '\0';
	return n;
}

bool probe_file_exists(const struct tracefs *t, enum probe_kind kind)
{
	char path[PATH_MAX];
	struct stat st;

	return stat(tracefs_path(t, probe_files[kind], path, sizeof(path)), &st) == 0;
}

int probe_defs_read(const struct tracefs *t, enum probe_kind kind, struct probe_defs *ds,
		    char *err, size_t errlen)
{
	char *text, *line, *save = NULL;
	int cap = 0;

	ds->v = NULL;
	ds->nr = 0;
	text = tracefs_read(t, probe_files[kind], NULL);
	if (!text) {
		if (errno == ENOENT)
			return 1;
		snprintf(err, errlen, "cannot read %s/%s: %s", t->root, probe_files[kind], strerror(errno));
		return -1;
	}
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		struct probe_def d;
		if (probe_def_parse(line, kind, &d))
			continue;
		if (ds->nr == cap) {
			struct probe_def *nv = realloc(ds->v, (size_t)(cap = cap ? cap * 2 : 16) * sizeof(*nv));
			if (!nv) {
				probe_def_free(&d);
				free(text);
				probe_defs_free(ds);
				snprintf(err, errlen, "out of memory reading %s", probe_files[kind]);
				return -1;
			}
			ds->v = nv;
		}
		ds->v[ds->nr++] = d;
	}
	free(text);
	return 0;
}

bool probe_event_exists(const struct tracefs *t, const struct probe_defs *u,
			const struct probe_defs *k, const char *group, const char *event)
{
	const struct probe_defs *all[] = { u, k };
	char rel[PATH_MAX], path[PATH_MAX];
	struct stat st;

	for (size_t i = 0; i < 2; i++)
		for (int j = 0; all[i] && j < all[i]->nr; j++)
			if (!strcmp(all[i]->v[j].group, group) && !strcmp(all[i]->v[j].event, event))
				return true;
	snprintf(rel, sizeof(rel), "events/%s/%s", group, event);
	return stat(tracefs_path(t, rel, path, sizeof(path)), &st) == 0;
}

/* The kernel's reason for a failed command, from error_log:
 *   [  816.406848] trace_uprobe: error: Invalid register name
 *     Command: p:probe_zz/x /tmp/pt-bin:0x1139 a=%zz
 *                                                ^
 * error_log keeps the last few failures of every tool, oldest first: the
 * newest entry whose command is ours. */
static void kernel_reason(const struct tracefs *t, const char *cmd, char *out, size_t len)
{
	char *log = tracefs_read(t, "error_log", NULL), *p, *save = NULL;
	char reason[256] = "", found[256] = "";
	bool in_cmd = false;

	out[0] = '\0';
	if (!log)
		return;
	for (p = strtok_r(log, "\n", &save); p; p = strtok_r(NULL, "\n", &save)) {
		char *e;
		if (p[0] == '[' && (e = strstr(p, "error: "))) {
			snprintf(reason, sizeof(reason), "%s", e + 7);
			in_cmd = true;
		} else if (in_cmd && (e = strstr(p, "Command: "))) {
			if (!strcmp(e + 9, cmd))
				snprintf(found, sizeof(found), "%s", reason);
			in_cmd = false;
		}
	}
	free(log);
	snprintf(out, len, "%s", found);
}

static int write_line(const struct tracefs *t, enum probe_kind kind, const char *line,
		      char *err, size_t errlen)
{
	char path[PATH_MAX], buf[4200], why[256];
	size_t n = strlen(line);
	ssize_t w;
	int fd;

	tracefs_path(t, probe_files[kind], path, sizeof(path));
	/* O_APPEND and never O_TRUNC: truncating the file would delete every
	 * probe on the system, other tools' included. */
	fd = open(path, O_WRONLY | O_APPEND | O_CLOEXEC);
	if (fd < 0) {
		if (errno == ENOENT && kind == PROBE_KPROBE)
			snprintf(err, errlen, "this kernel has no kprobe_events in %s: it was built without "
				 "kprobe events (CONFIG_KPROBE_EVENTS), so kernel probes cannot be defined", t->root);
		else if (errno == ENOENT)
			snprintf(err, errlen, "%s has no %s: this kernel was built without uprobe events "
				 "(CONFIG_UPROBE_EVENTS)", t->root, probe_files[kind]);
		else
			snprintf(err, errlen, "cannot open %s: %s", path, strerror(errno));
		return -1;
	}
	if (n + 1 >= sizeof(buf)) {
		close(fd);
		snprintf(err, errlen, "probe definition too long (%zu bytes)", n);
		return -1;
	}
	memcpy(buf, line, n);
	buf[n] = '\n';
	do
		w = write(fd, buf, n + 1);
	while (w < 0 && errno == EINTR);
	if (w < 0) {
		int e = errno;
		close(fd);
		kernel_reason(t, line, why, sizeof(why));
		if (why[0])
			snprintf(err, errlen, "the kernel refused '%s': %s", line, why);
		else
			snprintf(err, errlen, "writing '%s' to %s: %s", line, probe_files[kind], strerror(e));
		errno = e;
		return -1;
	}
	close(fd);
	return 0;
}

int probe_def_write(const struct tracefs *t, const struct probe_def *d, char *err, size_t errlen)
{
	char line[4096];

	if (probe_def_format(d, line, sizeof(line)) >= sizeof(line)) {
		snprintf(err, errlen, "probe definition of %s:%s too long", d->group, d->event);
		return -1;
	}
	return write_line(t, d->kind, line, err, errlen);
}

int probe_event_delete(const struct tracefs *t, enum probe_kind kind, const char *group,
		       const char *event, char *err, size_t errlen)
{
	char line[2 * MAX_NAME + 8];
	int rc;

	snprintf(line, sizeof(line), "-:%s/%s", group, event);
	rc = write_line(t, kind, line, err, errlen);
	/* scry record and trace leave their events to a helper that releases
	 * them after they exit (util/core/perf-release.h): a probe one of them
	 * just used stays busy until the helper is done with it. */
	if (rc && errno == EBUSY) {
		if (!perf_release_wait(PROBE_RELEASE_WAIT_MS))
			rc = write_line(t, kind, line, err, errlen);
		else
			errno = EBUSY;
	}
	if (rc && errno == EBUSY)
		snprintf(err, errlen, "cannot delete %s:%s: it is in use (a tool has it open)", group, event);
	return rc ? -1 : 0;
}

void probe_default_group(const char *bin, char *buf, size_t len)
{
	const char *base = strrchr(bin, '/');
	size_t n = 0, max;

	base = base ? base + 1 : bin;
	while (isalnum((unsigned char)base[n]) || base[n] == '_')
		n++;
	max = MAX_NAME - strlen("probe_");
	if (n > max)
		n = max;
	snprintf(buf, len, "probe_%.*s", (int)n, base);
}

void probe_default_event(const char *func, bool ret, char *buf, size_t len)
{
	size_t n = 0, max = ret ? MAX_NAME - strlen("__return") : MAX_NAME;

	while (isalnum((unsigned char)func[n]) || func[n] == '_')
		n++;
	if (n > max)
		n = max;
	snprintf(buf, len, "%.*s%s", (int)n, func, ret ? "__return" : "");
}
