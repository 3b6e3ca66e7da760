/* Attaching BPF programs through perf events (see attach.h). */
#include "util/lang/attach.h"

#include <bpf/bpf.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <linux/perf_event.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "util/core/cpumap.h"
#include "util/core/evsel.h"
#include "util/core/perf-release.h"
#include "util/strutil.h"

/* ---- the PMUs of uprobes and kprobes --------------------------------------------------- */

static const char *sysfs_root(void)
{
	const char *r = getenv("SCRY_SYSFS");

	return r && *r ? r : "/sys";
}

/* The first line of <sysfs>/bus/event_source/devices/<pmu>/<rel>, or -1. */
static int pmu_read(const char *pmu, const char *rel, char *buf, size_t len)
{
	char path[PATH_MAX];
	FILE *f;
	int ret;

	snprintf(path, sizeof(path), "%s/bus/event_source/devices/%s/%s", sysfs_root(), pmu, rel);
	f = fopen(path, "re");
	if (!f)
		return -1;
	ret = fgets(buf, (int)len, f) ? 0 : -1;
	fclose(f);
	return ret;
}

/* The PMU's type and the config bit of format/retprobe ("config:0"). */
static int pmu_probe(const struct lang_attach *a, const char *pmu, u32 *type, int *retbit, char *err, size_t errlen)
{
	char buf[64];
	bool kprobe = !strcmp(pmu, "kprobe");

	if (pmu_read(pmu, "type", buf, sizeof(buf)) || sscanf(buf, "%u", type) != 1) {
		if (kprobe)
			return errf(err, errlen,
				    "%s: this kernel has no kprobes (no kprobe PMU in %s/bus/event_source/devices; "
				    "CONFIG_KPROBE_EVENTS is off)", a->name, sysfs_root());
		return errf(err, errlen,
			    "%s: this kernel has no uprobes (no uprobe PMU in %s/bus/event_source/devices; "
			    "CONFIG_UPROBE_EVENTS is off)", a->name, sysfs_root());
	}
	*retbit = -1;
	if (!pmu_read(pmu, "format/retprobe", buf, sizeof(buf)) &&
	    (sscanf(buf, "config:%d", retbit) != 1 || *retbit < 0 || *retbit > 63))
		*retbit = -1;
	return 0;
}

int lang_attach_perf_attr(const struct lang_attach *a, struct perf_event_attr *attr, char *err, size_t errlen)
{
	bool ret_probe = a->type == P_URETPROBE || a->type == P_KRETPROBE;
	int retbit;

	memset(attr, 0, sizeof(*attr));
	attr->size = sizeof(*attr);
	attr->sample_period = 1;
	switch (a->type) {
	case P_TRACEPOINT:
		/* Counting, not sampling: the program returns 1 so that other
		 * perf users of the tracepoint still get its records (a 0 would
		 * drop them for everyone), and an event of ours that samples
		 * would then write each one to a ring nobody maps. */
		attr->type = PERF_TYPE_TRACEPOINT;
		attr->config = (u64)a->tp_id;
		attr->sample_period = 0;
		return 0;
	case P_UPROBE:
	case P_URETPROBE:
	case P_KPROBE:
	case P_KRETPROBE: {
		bool kprobe = a->type == P_KPROBE || a->type == P_KRETPROBE;

		if (pmu_probe(a, kprobe ? "kprobe" : "uprobe", &attr->type, &retbit, err, errlen))
			return -1;
		if (ret_probe && retbit < 0)
			return errf(err, errlen, "%s: the %s PMU has no format/retprobe: this kernel cannot probe returns "
				    "this way", a->name, kprobe ? "kprobe" : "uprobe");
		if (ret_probe)
			attr->config |= 1ULL << retbit;
		attr->config1 = (u64)(uintptr_t)(kprobe ? a->ksym : a->path);
		attr->config2 = kprobe ? a->koffset : a->file_offset;
		return 0;
	}
	case P_PROFILE:
	case P_INTERVAL:
	case P_SOFTWARE:
		attr->type = a->perf_type;
		attr->config = a->perf_config;
		if (a->freq) {
			attr->freq = 1;
			attr->sample_freq = a->freq;
		} else {
			attr->sample_period = a->period;
		}
		return 0;
	case P_BEGIN:
	case P_END:
		break;
	}
	return errf(err, errlen, "%s: not attached through a perf event", a->name);
}

/* ---- errors ---------------------------------------------------------------------------- */

static int open_error(const struct lang_attach *a, int e, pid_t pid, char *err, size_t errlen)
{
	switch (e) {
	case EACCES:
	case EPERM:
		return errf(err, errlen,
			    "%s: no permission to open its perf event: run as root (or with CAP_PERFMON and CAP_BPF), "
			    "or lower kernel.perf_event_paranoid (it is %d)", a->name, perf_event_paranoid());
	case ESRCH:
		return errf(err, errlen, "%s: no process with pid %d", a->name, (int)pid);
	case EMFILE:
	case ENFILE:
		return errf(err, errlen, "%s: too many open files: raise the limit with ulimit -n", a->name);
	default:
		break;
	}
	if (a->type == P_UPROBE || a->type == P_URETPROBE)
		return errf(err, errlen, "%s: the kernel refused a uprobe at %s offset %#" PRIx64 ": %s", a->name,
			    a->path, a->file_offset, strerror(e));
	if (a->type == P_KPROBE || a->type == P_KRETPROBE)
		return errf(err, errlen, "%s: the kernel refused a kprobe on %s+%" PRIu64 ": %s", a->name, a->ksym,
			    a->koffset, strerror(e));
	return errf(err, errlen, "%s: cannot open its perf event: %s", a->name, strerror(e));
}

static int link_error(const struct lang_attach *a, int e, char *err, size_t errlen)
{
	if (e == EPERM || e == EACCES)
		return errf(err, errlen,
			    "%s: no permission to attach a BPF program: run as root (or with CAP_BPF and CAP_PERFMON)",
			    a->name);
	return errf(err, errlen, "%s: cannot attach its BPF program: %s", a->name, strerror(e));
}

/* ---- attaching ------------------------------------------------------------------------- */

static int links_push(struct lang_links *l, int attach, int cpu, int perf_fd)
{
	if (l->nr == l->cap) {
		int ncap = l->cap ? l->cap * 2 : 32;
		struct lang_link *nv = realloc(l->v, (size_t)ncap * sizeof(*nv));

		if (!nv)
			return -1;
		l->v = nv;
		l->cap = ncap;
	}
	l->v[l->nr++] = (struct lang_link){ .attach = attach, .cpu = cpu, .perf_fd = perf_fd, .link_fd = -1 };
	return 0;
}

/* The program onto the perf event of l->v[l->nr - 1]: a link with the
 * cookie, or (no links in this kernel) the ioctl. */
static int attach_prog(struct lang_links *l, const struct lang_attach *a, int idx, int prog_fd, bool need_cookies,
		       bool *links_gone, char *err, size_t errlen)
{
	struct lang_link *k = &l->v[l->nr - 1];

	if (!*links_gone) {
		LIBBPF_OPTS(bpf_link_create_opts, opts, .perf_event.bpf_cookie = (u64)idx);
		int fd = bpf_link_create(prog_fd, k->perf_fd, BPF_PERF_EVENT, &opts);

		if (fd >= 0) {
			k->link_fd = fd;
			return 0;
		}
		fd = errno;
		/* Kernels before 5.15 know no BPF_PERF_EVENT links. */
		if (fd != EINVAL && fd != EOPNOTSUPP && fd != ENOTSUP)
			return link_error(a, fd, err, errlen);
		if (need_cookies)
			return errf(err, errlen,
				    "%s: this kernel has no BPF links for perf events (bpf_link_create: %s): "
				    "`probe` and `func` need their cookies (Linux 5.15)", a->name, strerror(fd));
		*links_gone = true;
	}
	if (ioctl(k->perf_fd, PERF_EVENT_IOC_SET_BPF, prog_fd))
		return link_error(a, errno, err, errlen);
	l->no_cookies = true;
	return 0;
}

/* One perf event (pid, cpu) for attachment idx, with its program. */
static int attach_one(struct lang_links *l, const struct lang_attach *a, int idx, int prog_fd,
		      struct perf_event_attr *attr, pid_t pid, int cpu, bool need_cookies, bool *links_gone,
		      char *err, size_t errlen)
{
	int fd = sys_perf_event_open(attr, pid, cpu, -1, 0);

	if (fd < 0)
		return open_error(a, errno, pid, err, errlen);
	if (links_push(l, idx, cpu, fd)) {
		close(fd);
		return errf(err, errlen, "out of memory");
	}
	return attach_prog(l, a, idx, prog_fd, need_cookies, links_gone, err, errlen);
}

/* The kernel runs the handlers of one kprobe, uprobe or software event
 * newest first, those of a tracepoint or a timer oldest first: attaching
 * the first kind in reverse makes blocks on one event run in the order
 * the program gives them, as bpftrace does. */
static bool fires_newest_first(enum lang_probe_type type)
{
	return type == P_KPROBE || type == P_UPROBE || type == P_URETPROBE || type == P_SOFTWARE;
}

int lang_attach_all(struct lang_links *l, const struct lang_program *p, const struct lang_target *t,
		    bool need_cookies, char *err, size_t errlen)
{
	struct cpumap online = { 0 };
	const struct cpumap *cpus = t->cpus;
	bool links_gone = false;
	int ret = 0;

	if (!cpus) {
		if (cpumap_online(&online))
			return errf(err, errlen, "cannot read the online CPUs");
		cpus = &online;
	}
	/* pass 0 forward: oldest-first kinds; pass 1 backward: the others */
	for (int k = 0; k < 2 * p->nattaches && !ret; k++) {
		int i = k < p->nattaches ? k : 2 * p->nattaches - 1 - k;
		const struct lang_attach *a = &p->attaches[i];
		struct perf_event_attr attr;
		int first = cpus->nr ? (cpus->cpu[0] < 0 ? 0 : cpus->cpu[0]) : 0;
		int prog_fd;

		if (a->type == P_BEGIN || a->type == P_END || fires_newest_first(a->type) != (k >= p->nattaches))
			continue;
		if ((t->timers == 1 && a->type == P_INTERVAL) || (t->timers == 2 && a->type != P_INTERVAL))
			continue;
		if (a->prog < 0 || a->prog >= p->nprogs || p->progs[a->prog].fd < 0) {
			ret = errf(err, errlen, "%s: its BPF program is not loaded", a->name);
			break;
		}
		prog_fd = p->progs[a->prog].fd;
		if (lang_attach_perf_attr(a, &attr, err, errlen)) {
			ret = -1;
			break;
		}
		switch (a->type) {
		case P_TRACEPOINT:
			l->has_tracepoint = true;
			ret = attach_one(l, a, i, prog_fd, &attr, -1, first, need_cookies, &links_gone, err, errlen);
			break;
		case P_KPROBE:
		case P_KRETPROBE:
			ret = attach_one(l, a, i, prog_fd, &attr, -1, first, need_cookies, &links_gone, err, errlen);
			break;
		case P_UPROBE:
		case P_URETPROBE:
			if (t->pid > 0 && !t->follow_children)
				ret = attach_one(l, a, i, prog_fd, &attr, t->pid, -1, need_cookies, &links_gone, err,
						 errlen);
			else
				ret = attach_one(l, a, i, prog_fd, &attr, -1, first, need_cookies, &links_gone, err,
						 errlen);
			break;
		default:
			if (a->one_cpu) {
				ret = attach_one(l, a, i, prog_fd, &attr, -1, first, need_cookies, &links_gone, err,
						 errlen);
				break;
			}
			for (int c = 0; c < cpus->nr && !ret; c++)
				ret = attach_one(l, a, i, prog_fd, &attr, -1, cpus->cpu[c] < 0 ? 0 : cpus->cpu[c],
						 need_cookies, &links_gone, err, errlen);
			break;
		}
	}
	cpumap_free(&online);
	if (ret)
		lang_links_close(l);
	return ret;
}

void lang_links_release_in_background(struct lang_links *l)
{
	for (int i = 0; i < l->nr; i++)
		if (l->v[i].perf_fd >= 0)
			ioctl(l->v[i].perf_fd, PERF_EVENT_IOC_DISABLE, 0);
	if (l->has_tracepoint)
		perf_release_in_background();
}

void lang_links_close(struct lang_links *l)
{
	for (int i = 0; i < l->nr; i++) {
		if (l->v[i].link_fd >= 0)
			close(l->v[i].link_fd);
		if (l->v[i].perf_fd >= 0)
			close(l->v[i].perf_fd);
	}
	free(l->v);
	memset(l, 0, sizeof(*l));
}
