/* One event (a perf_event_attr and a name) and the file descriptors it is
 * open on: one per (cpu, thread) pair of its evlist, or one per cpu for a
 * system-wide event. */
#ifndef SCRY_EVSEL_H
#define SCRY_EVSEL_H

#include <linux/perf_event.h>
#include <sys/types.h>

#include "util/core/event.h"
#include "util/types.h"

struct evsel {
	struct perf_event_attr attr;
	char *name;             /* "sched:sched_switch", "cpu-clock" */
	char *tp_sys;           /* tracepoints: subsystem and event name */
	char *tp_name;
	int idx;                /* position in its evlist */
	bool system_wide;       /* open with pid -1 on every cpu, whatever the target */
	struct evsel *leader;   /* "{a,b}": the group's first event (itself for it); NULL alone */
	int nr_members;         /* a leader: the events of its group, itself included */
	char *filter;           /* a tracepoint's filter (record --filter), set once open */
	struct sample_layout layout;
	int *fds;               /* -1 where not open */
	u64 *ids;
	int nr_fds;
	void *tp_format;        /* struct tep_event * for tracepoints (util/core/tp-format) */
	void *priv;             /* owned by the tool */
};

struct evsel *evsel_new(const struct perf_event_attr *attr, const char *name);
void evsel_free(struct evsel *e);
/* Recompute the record layout after changing attr. */
void evsel_update_layout(struct evsel *e);
bool evsel_is_tracepoint(const struct evsel *e);

/* perf_event_open(2) through syscall(2), always close-on-exec. */
int sys_perf_event_open(struct perf_event_attr *attr, pid_t pid, int cpu, int group_fd,
			unsigned long flags);

/* kernel.perf_event_paranoid (2, the default, when it cannot be read): for
 * messages that name the setting that refused an event. */
int perf_event_paranoid(void);

/* One line explaining why perf_event_open failed with errno err for this
 * event, naming the fix (perf_event_paranoid, root, missing hardware, ...). */
void evsel_open_strerror(const struct evsel *e, int err, pid_t pid, char *buf, size_t len);

#endif
