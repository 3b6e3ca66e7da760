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

void evsel_open_strerror(const struct evsel *e, int err, pid_t pid, char *buf, size_t len)
{
	switch (err) {
	case EACCES:
	case EPERM:
		snprintf(buf, len,
			 "no permission to open event '%s' (perf_event_paranoid is %d): run as root, "
			 "or lower it with: sysctl kernel.perf_event_paranoid=-1",
			 e->name, perf_event_paranoid());
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
