#include "util/stat/stat-aggr.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int read_sys_int(const char *path, int dflt)
{
	FILE *f = fopen(path, "re");
	int v = dflt;

	if (f) {
		if (fscanf(f, "%d", &v) != 1)
			v = dflt;
		fclose(f);
	}
	return v;
}

static int node_of_cpu(int cpu)
{
	DIR *d = opendir("/sys/devices/system/node");
	struct dirent *de;
	int node = 0;

	if (!d)
		return 0;
	while ((de = readdir(d))) {
		char path[300];
		int n;

		if (sscanf(de->d_name, "node%d", &n) != 1)
			continue;
		snprintf(path, sizeof(path), "/sys/devices/system/node/%s/cpu%d", de->d_name, cpu);
		if (!access(path, F_OK)) {
			node = n;
			break;
		}
	}
	closedir(d);
	return node;
}

void stat_cpu_topology(int cpu, struct stat_aggr_id *id)
{
	char path[128];

	memset(id, 0, sizeof(*id));
	id->cpu = cpu;
	id->nr = 1;
	if (cpu < 0)
		return;
	snprintf(path, sizeof(path), "/sys/devices/system/cpu/cpu%d/topology/physical_package_id", cpu);
	id->socket = read_sys_int(path, 0);
	snprintf(path, sizeof(path), "/sys/devices/system/cpu/cpu%d/topology/die_id", cpu);
	id->die = read_sys_int(path, 0);
	snprintf(path, sizeof(path), "/sys/devices/system/cpu/cpu%d/topology/core_id", cpu);
	id->core = read_sys_int(path, 0);
	id->node = node_of_cpu(cpu);
}

/* The key a cpu is added up under in each mode. */
static bool same_aggr(enum stat_aggr aggr, const struct stat_aggr_id *a, const struct stat_aggr_id *b)
{
	switch (aggr) {
	case STAT_AGGR_GLOBAL:
		return true;
	case STAT_AGGR_CORE:
		return a->socket == b->socket && a->die == b->die && a->core == b->core;
	case STAT_AGGR_DIE:
		return a->socket == b->socket && a->die == b->die;
	case STAT_AGGR_SOCKET:
		return a->socket == b->socket;
	case STAT_AGGR_NODE:
		return a->node == b->node;
	case STAT_AGGR_NONE:
	case STAT_AGGR_THREAD:
		break;
	}
	return a->cpu == b->cpu;
}

static int cmp_aggr(const struct stat_aggr_id *a, const struct stat_aggr_id *b)
{
	int ka[] = { a->node, a->socket, a->die, a->core, a->cpu };
	int kb[] = { b->node, b->socket, b->die, b->core, b->cpu };

	for (size_t i = 0; i < ARRAY_SIZE(ka); i++)
		if (ka[i] != kb[i])
			return ka[i] < kb[i] ? -1 : 1;
	return 0;
}

static int thread_comm(pid_t tid, char *buf, size_t len)
{
	char path[64];
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/comm", (int)tid);
	f = fopen(path, "re");
	if (!f || !fgets(buf, (int)len, f)) {
		if (f)
			fclose(f);
		snprintf(buf, len, "%s", "<unknown>");
		return -1;
	}
	fclose(f);
	buf[strcspn(buf, "\n")] = '\0';
	return 0;
}

static int map_threads(struct stat_aggr_map *m, const struct threadmap *threads)
{
	for (int t = 0; t < threads->nr; t++) {
		struct stat_aggr_id *id = &m->ids[t];
		char comm[64];

		memset(id, 0, sizeof(*id));
		id->tid = threads->tid[t];
		id->cpu = -1;
		id->nr = 1;
		thread_comm(id->tid, comm, sizeof(comm));
		id->comm = strdup(comm);
		if (!id->comm)
			return -1;
		m->of_thread[t] = t;
		m->nr = t + 1;
	}
	m->nr = threads->nr;
	return 0;
}

static void map_cpus(struct stat_aggr_map *m, const struct cpumap *cpus)
{
	for (int c = 0; c < cpus->nr; c++) {
		struct stat_aggr_id id;
		int line = -1;

		stat_cpu_topology(cpus->cpu[c], &id);
		if (m->aggr == STAT_AGGR_GLOBAL)
			id.nr = cpus->nr;
		for (int i = 0; i < m->nr && line < 0; i++)
			if (same_aggr(m->aggr, &m->ids[i], &id))
				line = i;
		if (line >= 0) {
			if (m->aggr != STAT_AGGR_GLOBAL)
				m->ids[line].nr++;
		} else {
			/* Kept sorted: insert before the first greater key. */
			int at = m->nr;

			while (at > 0 && cmp_aggr(&m->ids[at - 1], &id) > 0)
				at--;
			memmove(&m->ids[at + 1], &m->ids[at], (size_t)(m->nr - at) * sizeof(id));
			m->ids[at] = id;
			for (int k = 0; k < c; k++)
				if (m->of_cpu[k] >= at)
					m->of_cpu[k]++;
			line = at;
			m->nr++;
		}
		m->of_cpu[c] = line;
	}
}

int stat_aggr_map_init(struct stat_aggr_map *m, enum stat_aggr aggr, const struct cpumap *cpus,
		       const struct threadmap *threads, char *err, size_t errlen)
{
	int most = cpus->nr > threads->nr ? cpus->nr : threads->nr;

	memset(m, 0, sizeof(*m));
	m->aggr = aggr;
	m->nr_cpus = cpus->nr;
	m->nr_threads = threads->nr;
	m->ids = calloc((size_t)most + 1, sizeof(*m->ids));
	m->of_cpu = calloc((size_t)cpus->nr + 1, sizeof(int));
	m->of_thread = calloc((size_t)threads->nr + 1, sizeof(int));
	if (!m->ids || !m->of_cpu || !m->of_thread)
		goto oom;
	if (aggr == STAT_AGGR_THREAD) {
		if (map_threads(m, threads))
			goto oom;
	} else {
		map_cpus(m, cpus);
	}
	return 0;
oom:
	snprintf(err, errlen, "out of memory");
	stat_aggr_map_release(m);
	return -1;
}

void stat_aggr_map_read_comms(struct stat_aggr_map *m)
{
	if (m->aggr != STAT_AGGR_THREAD)
		return;
	for (int i = 0; i < m->nr; i++) {
		char comm[64], *dup;

		if (thread_comm(m->ids[i].tid, comm, sizeof(comm)) || !(dup = strdup(comm)))
			continue;       /* gone: keep the name it had */
		free((char *)m->ids[i].comm);
		m->ids[i].comm = dup;
	}
}

void stat_aggr_map_release(struct stat_aggr_map *m)
{
	if (m->aggr == STAT_AGGR_THREAD && m->ids)
		for (int i = 0; i < m->nr; i++)
			free((char *)m->ids[i].comm);
	free(m->ids);
	free(m->of_cpu);
	free(m->of_thread);
	memset(m, 0, sizeof(*m));
}
