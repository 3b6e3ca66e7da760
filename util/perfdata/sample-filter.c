#include "util/perfdata/sample-filter.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/strutil.h"

int sample_filter_comms(struct sample_filter *f, const char *list, char *err, size_t errlen)
{
	char *buf = strdup(list), *p;
	const char **v;
	size_t n = 1;

	if (!buf)
		return errf(err, errlen, "out of memory");
	for (p = buf; *p; p++)
		n += *p == ',';
	v = calloc(n, sizeof(*v));
	if (!v) {
		free(buf);
		return errf(err, errlen, "out of memory");
	}
	n = 0;
	for (p = buf;;) {
		char *comma = strchr(p, ',');
		if (comma)
			*comma = '\0';
		if (!*p) {
			free(v);
			free(buf);
			return errf(err, errlen, "bad comm list '%s' (expected e.g. bash,make)", list);
		}
		v[n++] = p;
		if (!comma)
			break;
		p = comma + 1;
	}
	free(f->comms);
	free(f->comm_buf);
	f->comms = v;
	f->comm_buf = buf;
	f->nr_comms = n;
	return 0;
}

/* "N[,N...]": thread and process ids, 0 (the idle task) included. */
static int parse_ids(const char *list, const char *what, int **out, size_t *nr, char *err, size_t errlen)
{
	const char *p = list;
	int *v = NULL;
	size_t n = 0;

	for (;;) {
		char *end = (char *)p;
		long x;
		int *nv;

		errno = 0;
		x = isdigit((unsigned char)*p) ? strtol(p, &end, 10) : -1;
		if (x < 0 || errno || x > INT_MAX || (*end && *end != ',') || (*end == ',' && !end[1])) {
			free(v);
			return errf(err, errlen, "bad %s list '%s' (expected e.g. 1234,5678)", what, list);
		}
		nv = realloc(v, (n + 1) * sizeof(*v));
		if (!nv) {
			free(v);
			return errf(err, errlen, "out of memory");
		}
		v = nv;
		v[n++] = (int)x;
		if (!*end)
			break;
		p = end + 1;
	}
	free(*out);
	*out = v;
	*nr = n;
	return 0;
}

int sample_filter_pids(struct sample_filter *f, const char *list, char *err, size_t errlen)
{
	return parse_ids(list, "pid", &f->pids, &f->nr_pids, err, errlen);
}

int sample_filter_tids(struct sample_filter *f, const char *list, char *err, size_t errlen)
{
	return parse_ids(list, "tid", &f->tids, &f->nr_tids, err, errlen);
}

int sample_filter_cpus(struct sample_filter *f, const char *list, char *err, size_t errlen)
{
	struct cpumap m;

	if (cpumap_parse(&m, list, err, errlen))
		return -1;
	cpumap_free(&f->cpus);
	f->cpus = m;
	return 0;
}

static bool has_id(const int *v, size_t n, int id)
{
	for (size_t i = 0; i < n; i++)
		if (v[i] == id)
			return true;
	return false;
}

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

bool sample_filter_match(const struct sample_filter *f, const char *comm, const struct perf_sample *s)
{
	if (f->nr_pids && !has_id(f->pids, f->nr_pids, (int)s->pid))
		return false;
	if (f->nr_tids && !has_id(f->tids, f->nr_tids, (int)s->tid))
		return false;
	if (f->cpus.nr) {
		int cpu = (int)s->cpu;
		if (!s->has_cpu || !bsearch(&cpu, f->cpus.cpu, (size_t)f->cpus.nr, sizeof(int), cmp_int))
			return false;
	}
	if (f->nr_comms) {
		size_t i;
		for (i = 0; i < f->nr_comms; i++)
			if (!strcmp(f->comms[i], comm))
				break;
		if (i == f->nr_comms)
			return false;
	}
	return true;
}

void sample_filter_release(struct sample_filter *f)
{
	free(f->comms);
	free(f->comm_buf);
	free(f->pids);
	free(f->tids);
	cpumap_free(&f->cpus);
	memset(f, 0, sizeof(*f));
}
