#include "util/stat/stat-counter.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

void stat_counting_attr(struct perf_event_attr *a, bool enable_on_exec, bool inherit)
{
	memset(a, 0, sizeof(*a));
	a->size = sizeof(*a);
	a->read_format = PERF_FORMAT_TOTAL_TIME_ENABLED | PERF_FORMAT_TOTAL_TIME_RUNNING;
	/* Nothing is sampled; perf stat sets it so that a file of several
	 * events (stat record) tells them apart, and perf refuses one without. */
	a->sample_type = PERF_SAMPLE_IDENTIFIER;
	a->disabled = 1;
	a->enable_on_exec = enable_on_exec;
	a->inherit = inherit;
	a->exclude_guest = 1;
}

bool stat_event_supported(const struct perf_event_attr *a, pid_t pid, int cpu)
{
	struct perf_event_attr probe = *a;
	int fd;

	probe.enable_on_exec = 0;
	probe.inherit = 0;
	fd = sys_perf_event_open(&probe, pid, cpu, -1, 0);
	if (fd >= 0) {
		close(fd);
		return true;
	}
	return !(errno == ENOENT || errno == EOPNOTSUPP || errno == ENODEV);
}

int stat_counter_read(const struct evsel *e, const struct evlist *l, const struct stat_aggr_map *m,
		      struct stat_counts *lines, struct stat_counts *prev, char *err, size_t errlen)
{
	int nthr = e->system_wide ? 1 : l->threads.nr;

	memset(lines, 0, (size_t)m->nr * sizeof(*lines));
	for (int slot = 0; slot < e->nr_fds; slot++) {
		struct stat_counts now;
		u64 buf[3];
		int line;

		if (e->fds[slot] < 0)
			continue;
		if (read(e->fds[slot], buf, sizeof(buf)) != (ssize_t)sizeof(buf)) {
			snprintf(err, errlen, "cannot read the counter of '%s': %s", e->name,
				 strerror(errno ? errno : EIO));
			return -1;
		}
		now.val = buf[0];
		now.ena = buf[1];
		now.run = buf[2];
		if (prev) {
			struct stat_counts last = prev[slot];

			prev[slot] = now;
			now.val -= last.val;
			now.ena -= last.ena;
			now.run -= last.run;
		}
		line = stat_aggr_of(m, slot / nthr, slot % nthr);
		lines[line].val += now.val;
		lines[line].ena += now.ena;
		lines[line].run += now.run;
	}
	return 0;
}

bool stat_counts_scaled(const struct stat_counts *c, double *val, double *running_pct)
{
	*val = (double)c->val;
	*running_pct = 100.0;
	if (!c->run)
		return false;
	if (c->run < c->ena) {
		*val = (double)c->val * (double)c->ena / (double)c->run;
		*running_pct = 100.0 * (double)c->run / (double)c->ena;
	}
	return true;
}
