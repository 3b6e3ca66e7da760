#include "util/core/evlist.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

void evlist_init(struct evlist *l)
{
	memset(l, 0, sizeof(*l));
	hashmap_init(&l->ids);
}

void evlist_release(struct evlist *l)
{
	for (int i = 0; i < l->nr_rings; i++)
		ring_unmap(&l->rings[i]);
	free(l->rings);
	for (int i = 0; i < l->nr; i++)
		evsel_free(l->evsels[i]);
	free(l->evsels);
	cpumap_free(&l->cpus);
	threadmap_free(&l->threads);
	hashmap_free(&l->ids);
	memset(l, 0, sizeof(*l));
}

int evlist_add(struct evlist *l, struct evsel *e)
{
	struct evsel **n = realloc(l->evsels, (size_t)(l->nr + 1) * sizeof(*n));

	if (!n)
		return -1;
	l->evsels = n;
	e->idx = l->nr;
	l->evsels[l->nr++] = e;
	return 0;
}

void evlist_set_target(struct evlist *l, struct cpumap *cpus, struct threadmap *threads)
{
	cpumap_free(&l->cpus);
	threadmap_free(&l->threads);
	l->cpus = *cpus;
	l->threads = *threads;
	memset(cpus, 0, sizeof(*cpus));
	memset(threads, 0, sizeof(*threads));
}

static int nr_threads_of(const struct evlist *l, const struct evsel *e)
{
	return e->system_wide ? 1 : l->threads.nr;
}

static int open_one(struct evlist *l, struct evsel *e, char *err, size_t errlen)
{
	int nthr = nr_threads_of(l, e);
	int opened = 0, last_errno = 0;
	pid_t last_pid = -1;

	e->nr_fds = l->cpus.nr * nthr;
	e->fds = malloc((size_t)e->nr_fds * sizeof(int));
	e->ids = calloc((size_t)e->nr_fds, sizeof(u64));
	if (!e->fds || !e->ids) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	for (int i = 0; i < e->nr_fds; i++)
		e->fds[i] = -1;

	for (int c = 0; c < l->cpus.nr; c++) {
		for (int t = 0; t < nthr; t++) {
			pid_t pid = e->system_wide ? -1 : l->threads.tid[t];
			int slot = c * nthr + t;
			/* A group's members open with its leader's fd on the
			 * same cpu and thread (the leader is opened first). */
			int group_fd = e->leader && e->leader != e && slot < e->leader->nr_fds
					       ? e->leader->fds[slot] : -1;
			int fd;

			if (e->leader && e->leader != e && group_fd < 0)
				continue;       /* the leader's thread is gone */
			fd = sys_perf_event_open(&e->attr, pid, l->cpus.cpu[c], group_fd, 0);

			if (fd < 0) {
				last_errno = errno;
				last_pid = pid;
				/* A thread that exited while we attached: skip it. */
				if (errno == ESRCH && nthr > 1)
					continue;
				evsel_open_strerror(e, errno, pid, err, errlen);
				return -1;
			}
			e->fds[slot] = fd;
			if (ioctl(fd, PERF_EVENT_IOC_ID, &e->ids[slot]) < 0) {
				snprintf(err, errlen, "PERF_EVENT_IOC_ID failed for '%s': %s", e->name,
					 strerror(errno));
				return -1;
			}
			if (hashmap_put(&l->ids, e->ids[slot], e)) {
				snprintf(err, errlen, "out of memory");
				return -1;
			}
			opened++;
		}
	}
	if (!opened) {
		evsel_open_strerror(e, last_errno ? last_errno : ESRCH, last_pid, err, errlen);
		return -1;
	}
	return 0;
}

int evlist_open(struct evlist *l, char *err, size_t errlen)
{
	if (!l->cpus.nr || !l->threads.nr) {
		snprintf(err, errlen, "no cpus or threads to open events on");
		return -1;
	}
	for (int i = 0; i < l->nr; i++)
		if (open_one(l, l->evsels[i], err, errlen))
			return -1;
	return 0;
}

int evlist_apply_filters(struct evlist *l, const struct tracefs *t, char *err, size_t errlen)
{
	for (int i = 0; i < l->nr; i++) {
		struct evsel *e = l->evsels[i];

		for (int j = 0; e->filter && j < e->nr_fds; j++) {
			char why[256];
			int saved;

			if (e->fds[j] < 0 || ioctl(e->fds[j], PERF_EVENT_IOC_SET_FILTER, e->filter) == 0)
				continue;
			saved = errno;
			if (saved == EINVAL && t && e->tp_sys &&
			    !tracefs_filter_error(t, e->tp_sys, e->tp_name, e->filter, why, sizeof(why)))
				snprintf(err, errlen, "the kernel rejects filter '%s' on %s: %s", e->filter, e->name, why);
			else
				snprintf(err, errlen, "cannot set filter '%s' on %s: %s", e->filter, e->name,
					 strerror(saved));
			return -1;
		}
	}
	return 0;
}

/* Rings: one per cpu when events are per cpu; one per thread when the cpu
 * map is "any" (-1), since the kernel refuses cross-cpu sharing. */
int evlist_mmap(struct evlist *l, unsigned pages, char *err, size_t errlen)
{
	bool per_thread = l->cpus.nr == 1 && l->cpus.cpu[0] == -1;
	int nr = per_thread ? l->threads.nr : l->cpus.nr;

	l->rings = calloc((size_t)nr, sizeof(*l->rings));
	if (!l->rings) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	for (int i = 0; i < nr; i++)
		l->rings[i].fd = -1;
	l->nr_rings = nr;

	for (int i = 0; i < l->nr; i++) {
		struct evsel *e = l->evsels[i];
		int nthr = nr_threads_of(l, e);

		for (int slot = 0; slot < e->nr_fds; slot++) {
			int c = slot / nthr, t = slot % nthr;
			int r = per_thread ? t : c;
			int fd = e->fds[slot];
			struct ring *ring = &l->rings[r];

			if (fd < 0)
				continue;
			if (ring->fd < 0 && !ring->meta) {
				if (ring_map(ring, fd, per_thread ? -1 : l->cpus.cpu[c], pages)) {
					int e2 = errno;
					snprintf(err, errlen,
						 "cannot map a %u-page ring buffer: %s%s", pages, strerror(e2),
						 e2 == EPERM || e2 == ENOMEM
							 ? " (lower -m, or raise kernel.perf_event_mlock_kb)"
							 : "");
					return -1;
				}
				continue;
			}
			if (ioctl(fd, PERF_EVENT_IOC_SET_OUTPUT, ring->fd) < 0) {
				snprintf(err, errlen, "cannot share the ring buffer of '%s': %s", e->name,
					 strerror(errno));
				return -1;
			}
		}
	}
	return 0;
}

static int ioctl_all(struct evlist *l, unsigned long req)
{
	int ret = 0;

	for (int i = 0; i < l->nr; i++)
		for (int j = 0; j < l->evsels[i]->nr_fds; j++)
			if (l->evsels[i]->fds[j] >= 0 && ioctl(l->evsels[i]->fds[j], req, 0) < 0)
				ret = -1;
	return ret;
}

int evlist_enable(struct evlist *l) { return ioctl_all(l, PERF_EVENT_IOC_ENABLE); }
int evlist_disable(struct evlist *l) { return ioctl_all(l, PERF_EVENT_IOC_DISABLE); }

bool evlist_has_tracepoint(const struct evlist *l)
{
	for (int i = 0; i < l->nr; i++)
		if (l->evsels[i]->attr.type == PERF_TYPE_TRACEPOINT)
			return true;
	return false;
}

struct evsel *evlist_event_of(const struct evlist *l, const struct perf_event_header *h)
{
	u64 id;

	u64 t;

	if (!l->nr)
		return NULL;    /* a damaged file with records but no events */
	t = l->evsels[0]->attr.sample_type;
	if (l->nr == 1 && !(t & PERF_SAMPLE_IDENTIFIER))
		return l->evsels[0];
	if (h->type != PERF_RECORD_SAMPLE && !l->evsels[0]->attr.sample_id_all)
		return l->evsels[0];
	if (!record_id(h, t, &id))
		return NULL;
	/* perf's synthesized records (COMM, FORK, MMAP of what ran before the
	 * recording) carry id 0: they are the first event's, as perf reads them. */
	if (!id)
		return l->evsels[0];
	return evlist_find_id(l, id);
}

u64 evlist_record_time(const struct evlist *l, const struct perf_event_header *h)
{
	struct evsel *e = evlist_event_of(l, h);

	return e ? record_time(h, &e->layout) : 0;
}
