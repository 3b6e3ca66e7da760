/* Sets of CPUs ("0-3,6") and of threads (the tids of one or more processes):
 * the two axes perf events are opened over. */
#ifndef SCRY_CPUMAP_H
#define SCRY_CPUMAP_H

#include <sys/types.h>

#include "util/types.h"

struct cpumap {
	int nr;
	int *cpu;       /* sorted, unique; a single -1 means "any cpu" */
};

/* Parse "0-3,6". Returns -1 and a message on a malformed list. */
int cpumap_parse(struct cpumap *m, const char *list, char *err, size_t errlen);
/* The online CPUs (/sys/devices/system/cpu/online). */
int cpumap_online(struct cpumap *m);
/* A map holding only -1 (per-thread events that follow the thread anywhere). */
int cpumap_any(struct cpumap *m);
void cpumap_free(struct cpumap *m);
/* Highest possible CPU number + 1, for per-cpu arrays indexed by cpu id. */
int cpu_count_possible(void);

struct threadmap {
	int nr;
	pid_t *tid;
	pid_t *pid;     /* the process each thread belongs to */
};

/* Every thread of each process in "PID[,PID...]" (from /proc/PID/task).
 * Errors: one line naming the pid that does not exist. */
int threadmap_from_pids(struct threadmap *m, const char *list, char *err, size_t errlen);
/* The threads "TID[,TID...]" themselves. */
int threadmap_from_tids(struct threadmap *m, const char *list, char *err, size_t errlen);
int threadmap_add(struct threadmap *m, pid_t pid, pid_t tid);
/* A single -1 entry: "any thread" (system wide). */
int threadmap_any(struct threadmap *m);
void threadmap_free(struct threadmap *m);

/* Parse "N[,N...]" positive integers (pids). Returns count or -1. */
int parse_pid_list(const char *list, pid_t **out, char *err, size_t errlen);

#endif
