/* Which output line each counter fd adds into: one line (the default),
 * one per cpu (-A), per core, die, socket or NUMA node (the cpus' topology
 * from sysfs), or one per thread (--per-thread). */
#ifndef SCRY_STAT_AGGR_H
#define SCRY_STAT_AGGR_H

#include "util/core/cpumap.h"
#include "util/stat/stat-format.h"

struct stat_aggr_map {
	enum stat_aggr aggr;
	int nr;                         /* lines per event */
	struct stat_aggr_id *ids;       /* nr of them, in print order */
	int *of_cpu;                    /* cpu index (of the cpumap) -> line */
	int *of_thread;                 /* thread index (of the threadmap) -> line */
	int nr_cpus, nr_threads;
};

/* Where a cpu sits: its package, die, core and NUMA node (0 where sysfs
 * does not say). */
void stat_cpu_topology(int cpu, struct stat_aggr_id *id);

/* Build the lines for these cpus and threads. -1 with one line in err. */
int stat_aggr_map_init(struct stat_aggr_map *m, enum stat_aggr aggr, const struct cpumap *cpus,
		       const struct threadmap *threads, char *err, size_t errlen);
/* --per-thread: the threads' names again (a workload's, once it exec'd). */
void stat_aggr_map_read_comms(struct stat_aggr_map *m);
void stat_aggr_map_release(struct stat_aggr_map *m);

/* The line the fd opened on (cpu index, thread index) adds into. */
static inline int stat_aggr_of(const struct stat_aggr_map *m, int cpu_idx, int thread_idx)
{
	return m->aggr == STAT_AGGR_THREAD ? m->of_thread[thread_idx] : m->of_cpu[cpu_idx];
}

#endif
