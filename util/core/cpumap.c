#include "util/core/cpumap.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

static int add_cpu(struct cpumap *m, int cpu, int *cap)
{
	if (m->nr == *cap) {
		int ncap = *cap ? *cap * 2 : 16;
		int *n = realloc(m->cpu, (size_t)ncap * sizeof(int));
		if (!n)
			return -1;
		m->cpu = n;
		*cap = ncap;
	}
	m->cpu[m->nr++] = cpu;
	return 0;
}

/* A decimal number up to max at *p; -1 if there is none or it is larger. */
static long parse_num_max(const char **p, long max)
{
	char *end;
	long v;

	if (!isdigit((unsigned char)**p))
		return -1;
	errno = 0;
	v = strtol(*p, &end, 10);
	if (errno || v > max)
		return -1;
	*p = end;
	return v;
}

/* cpu numbers: bounded so that "0-99999999" cannot allocate gigabytes */
static long parse_num(const char **p) { return parse_num_max(p, 1 << 20); }

int cpumap_parse(struct cpumap *m, const char *list, char *err, size_t errlen)
{
	const char *p = list;
	int cap = 0;

	m->nr = 0;
	m->cpu = NULL;
	while (*p && *p != '\n') {
		long a = parse_num(&p), b;
		if (a < 0)
			goto bad;
		b = a;
		if (*p == '-') {
			p++;
			b = parse_num(&p);
			if (b < a)
				goto bad;
		}
		for (long c = a; c <= b; c++)
			if (add_cpu(m, (int)c, &cap))
				goto bad;
		if (*p == ',') {
			p++;
			if (!*p || *p == '\n')
				goto bad;       /* "1," */
		} else if (*p && *p != '\n') {
			goto bad;
		}
	}
	if (!m->nr)
		goto bad;
	qsort(m->cpu, (size_t)m->nr, sizeof(int), cmp_int);
	/* drop duplicates ("0,0-1") */
	{
		int w = 1;
		for (int i = 1; i < m->nr; i++)
			if (m->cpu[i] != m->cpu[w - 1])
				m->cpu[w++] = m->cpu[i];
		m->nr = w;
	}
	return 0;
bad:
	if (err)
		snprintf(err, errlen, "bad CPU list '%s' (expected e.g. 0-3,6)", list);
	free(m->cpu);
	m->cpu = NULL;
	m->nr = 0;
	return -1;
}

int cpumap_online(struct cpumap *m)
{
	char buf[4096] = "";
	FILE *f = fopen("/sys/devices/system/cpu/online", "re");

	if (f) {
		if (!fgets(buf, sizeof(buf), f))
			buf[0] = '\0';
		fclose(f);
	}
	if (buf[0] && cpumap_parse(m, buf, NULL, 0) == 0)
		return 0;
	/* No sysfs: fall back to the count of configured processors. */
	{
		long n = sysconf(_SC_NPROCESSORS_ONLN);
		int cap = 0;
		m->nr = 0;
		m->cpu = NULL;
		for (long c = 0; c < (n > 0 ? n : 1); c++)
			if (add_cpu(m, (int)c, &cap))
				return -1;
	}
	return 0;
}

int cpumap_any(struct cpumap *m)
{
	m->cpu = malloc(sizeof(int));
	if (!m->cpu)
		return -1;
	m->cpu[0] = -1;
	m->nr = 1;
	return 0;
}

void cpumap_free(struct cpumap *m)
{
	free(m->cpu);
	m->cpu = NULL;
	m->nr = 0;
}

int cpu_count_possible(void)
{
	struct cpumap m;
	char buf[4096] = "";
	FILE *f = fopen("/sys/devices/system/cpu/possible", "re");
	int n = 0;

	if (f) {
		if (!fgets(buf, sizeof(buf), f))
			buf[0] = '\0';
		fclose(f);
	}
	if (buf[0] && cpumap_parse(&m, buf, NULL, 0) == 0) {
		n = m.cpu[m.nr - 1] + 1;
		cpumap_free(&m);
	}
	if (n <= 0) {
		long c = sysconf(_SC_NPROCESSORS_CONF);
		n = c > 0 ? (int)c : 1;
	}
	return n;
}

int threadmap_add(struct threadmap *m, pid_t pid, pid_t tid)
{
	pid_t *nt = realloc(m->tid, (size_t)(m->nr + 1) * sizeof(pid_t));
	pid_t *np;

	if (!nt)
		return -1;
	m->tid = nt;
	np = realloc(m->pid, (size_t)(m->nr + 1) * sizeof(pid_t));
	if (!np)
		return -1;
	m->pid = np;
	m->tid[m->nr] = tid;
	m->pid[m->nr] = pid;
	m->nr++;
	return 0;
}

int parse_pid_list(const char *list, pid_t **out, char *err, size_t errlen)
{
	const char *p = list;
	pid_t *v = NULL;
	int n = 0;

	while (*p) {
		long x = parse_num_max(&p, INT_MAX);
		pid_t *nv;
		if (x <= 0 || x > INT_MAX || (*p && *p != ',')) {
			snprintf(err, errlen, "bad pid list '%s' (expected e.g. 1234,5678)", list);
			free(v);
			return -1;
		}
		nv = realloc(v, (size_t)(n + 1) * sizeof(pid_t));
		if (!nv) {
			free(v);
			snprintf(err, errlen, "out of memory");
			return -1;
		}
		v = nv;
		v[n++] = (pid_t)x;
		if (*p == ',' && !*++p) {
			snprintf(err, errlen, "bad pid list '%s' (expected e.g. 1234,5678)", list);
			free(v);
			return -1;
		}
	}
	if (!n) {
		snprintf(err, errlen, "empty pid list");
		return -1;
	}
	*out = v;
	return n;
}

int threadmap_from_pids(struct threadmap *m, const char *list, char *err, size_t errlen)
{
	pid_t *pids;
	int n = parse_pid_list(list, &pids, err, errlen);

	memset(m, 0, sizeof(*m));
	if (n < 0)
		return -1;
	for (int i = 0; i < n; i++) {
		char path[64];
		struct dirent *de;
		DIR *d;

		snprintf(path, sizeof(path), "/proc/%d/task", pids[i]);
		d = opendir(path);
		if (!d) {
			if (errno == ENOENT)
				snprintf(err, errlen, "no process with pid %d", pids[i]);
			else
				snprintf(err, errlen, "cannot read %s: %s", path, strerror(errno));
			goto fail;
		}
		while ((de = readdir(d))) {
			long tid;
			char *end;
			if (de->d_name[0] == '.')
				continue;
			tid = strtol(de->d_name, &end, 10);
			if (*end || tid <= 0)
				continue;
			if (threadmap_add(m, pids[i], (pid_t)tid)) {
				closedir(d);
				snprintf(err, errlen, "out of memory");
				goto fail;
			}
		}
		closedir(d);
	}
	free(pids);
	return 0;
fail:
	free(pids);
	threadmap_free(m);
	return -1;
}

/* The process a thread belongs to: Tgid in /proc/TID/status. */
static pid_t tgid_of(pid_t tid)
{
	char path[64], line[256];
	pid_t tgid = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", tid);
	f = fopen(path, "re");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "Tgid: %d", &tgid) == 1)
			break;
	fclose(f);
	return tgid;
}

int threadmap_from_tids(struct threadmap *m, const char *list, char *err, size_t errlen)
{
	pid_t *tids;
	int n = parse_pid_list(list, &tids, err, errlen);

	memset(m, 0, sizeof(*m));
	if (n < 0)
		return -1;
	for (int i = 0; i < n; i++) {
		pid_t tgid = tgid_of(tids[i]);
		if (tgid < 0) {
			snprintf(err, errlen, "no thread with tid %d", tids[i]);
			goto fail;
		}
		if (threadmap_add(m, tgid, tids[i])) {
			snprintf(err, errlen, "out of memory");
			goto fail;
		}
	}
	free(tids);
	return 0;
fail:
	free(tids);
	threadmap_free(m);
	return -1;
}

int threadmap_any(struct threadmap *m)
{
	memset(m, 0, sizeof(*m));
	return threadmap_add(m, -1, -1);
}

void threadmap_free(struct threadmap *m)
{
	free(m->tid);
	free(m->pid);
	memset(m, 0, sizeof(*m));
}
