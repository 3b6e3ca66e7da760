#include "util/core/evsel.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

struct evsel *evsel_new(const struct perf_event_attr *attr, const char *name)
{
	struct evsel *e = calloc(1, sizeof(*e));

	if (!e)
		return NULL;
	e->attr = *attr;
	e->attr.size = sizeof(e->attr);
	e->name = strdup(name ? name : "");
	if (!e->name) {
		free(e);
		return NULL;
	}
	evsel_update_layout(e);
	return e;
}

void evsel_free(struct evsel *e)
{
	if (!e)
		return;
	for (int i = 0; i < e->nr_fds; i++)
		if (e->fds[i] >= 0)
			close(e->fds[i]);
	free(e->fds);
	free(e->ids);
	free(e->name);
	free(e->tp_sys);
	free(e->tp_name);
	free(e->filter);
	free(e);
}

void evsel_update_layout(struct evsel *e)
{
	e->layout.sample_type = e->attr.sample_type;
	e->layout.read_format = e->attr.read_format;
	e->layout.branch_sample_type = e->attr.branch_sample_type;
	e->layout.regs_user = e->attr.sample_regs_user;
	e->layout.regs_intr = e->attr.sample_regs_intr;
	e->layout.sample_id_all = e->attr.sample_id_all;
}

bool evsel_is_tracepoint(const struct evsel *e)
{
	return e->attr.type == PERF_TYPE_TRACEPOINT;
}

int sys_perf_event_open(struct perf_event_attr *attr, pid_t pid, int cpu, int group_fd,
			unsigned long flags)
{
	return (int)syscall(SYS_perf_event_open, attr, pid, cpu, group_fd, flags | PERF_FLAG_FD_CLOEXEC);
}

int perf_event_paranoid(void)
{
	FILE *f = fopen("/proc/sys/kernel/perf_event_paranoid", "re");
	int v = 2;

	if (f) {
		if (fscanf(f, "%d", &v) != 1)
			v = 2;
		fclose(f);
	}
	return v;
}

/* What kernel.perf_event_paranoid must be at most for this event, and what
 * about it asks that (the kernel's checks, strictest first). */
static int paranoid_needed(const struct evsel *e, pid_t pid, const char **what)
{
	if (e->attr.type == PERF_TYPE_TRACEPOINT && (e->attr.sample_type & PERF_SAMPLE_RAW)) {
		*what = "a tracepoint's raw data";
		return -1;
	}
	if (pid == -1) {
		*what = "recording every process (-a, -C)";
		return 0;
	}
	if (!e->attr.exclude_kernel) {
		*what = "sampling the kernel";
		return 1;
	}
	*what = "any event";
	return 2;
}

static void evsel_permission_strerror(const struct evsel *e, pid_t pid, char *buf, size_t len)
{
	const char *what;
	int need = paranoid_needed(e, pid, &what), now = perf_event_paranoid();

	if (now <= need) {
		/* The setting allows it: the process is not ours to watch. */
		snprintf(buf, len,
			 "no permission to open event '%s' on pid %d: watching another user's process needs "
			 "CAP_PERFMON or CAP_SYS_PTRACE (root)", e->name, pid);
		return;
	}
	snprintf(buf, len,
		 "no permission to open event '%s': %s needs kernel.perf_event_paranoid at most %d (it is %d: "
		 "sysctl kernel.perf_event_paranoid=%d) or the CAP_PERFMON capability (CAP_SYS_ADMIN before "
		 "Linux 5.8; root has both)", e->name, what, need, now, need);
}

void evsel_open_strerror(const struct evsel *e, int err, pid_t pid, char *buf, size_t len)
{
	switch (err) {
	case EACCES:
	case EPERM:
		evsel_permission_strerror(e, pid, buf, len);
		break;
	case ESRCH:
		snprintf(buf, len, "no process with pid %d", pid);
		break;
	case ENOENT:
	case EOPNOTSUPP:
	case ENODEV:
		if (e->attr.type == PERF_TYPE_HARDWARE || e->attr.type == PERF_TYPE_HW_CACHE)
			snprintf(buf, len, "event '%s' is not supported: this CPU (or VM) has no hardware counters",
				 e->name);
		else
			snprintf(buf, len, "event '%s' is not supported by this kernel (%s)", e->name,
				 strerror(err));
		break;
	case EMFILE:
		snprintf(buf, len, "too many open files opening '%s': raise the limit with ulimit -n",
			 e->name);
		break;
	case EINVAL:
		snprintf(buf, len, "the kernel rejected the settings of event '%s' (%s)", e->name,
			 strerror(err));
		break;
	default:
		snprintf(buf, len, "cannot open event '%s': %s", e->name, strerror(err));
	}
}
