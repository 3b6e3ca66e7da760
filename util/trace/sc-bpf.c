#include "util/trace/sc-bpf.h"

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/core/cpumap.h"
#include "util/debug.h"

extern const char scry_bpf_syscall_trace_start[];
extern const char scry_bpf_syscall_trace_end[];

static int libbpf_log(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	/* libbpf is chatty; its messages matter only when debugging. */
	if (log_level() < LOG_DEBUG && level != LIBBPF_WARN)
		return 0;
	if (log_level() < LOG_VERBOSE)
		return 0;
	return vfprintf(stderr, fmt, ap);
}

bool sc_bpf_supported(char *why, size_t len)
{
	struct stat st;

	if (geteuid() != 0) {
		snprintf(why, len, "the BPF syscall tracer needs root");
		return false;
	}
	if (stat("/sys/kernel/btf/vmlinux", &st)) {
		snprintf(why, len, "the kernel has no BTF (/sys/kernel/btf/vmlinux)");
		return false;
	}
	return true;
}

static int map_fd(struct sc_bpf *b, const char *name)
{
	return bpf_object__find_map_fd_by_name(b->obj, name);
}

int sc_bpf_load(struct sc_bpf *b, const struct sc_bpf_config *cfg, char *err, size_t errlen)
{
	LIBBPF_OPTS(bpf_object_open_opts, oo, .object_name = "scry_syscalls");
	struct scry_sc_conf conf = { 0 };
	struct bpf_map *m;
	u32 zero = 0;
	int rc;

	memset(b, 0, sizeof(*b));
	b->per_syscall = cfg->per_syscall;
	if (b->per_syscall) {
		b->tp_names = calloc(SCRY_SC_NR_MAX, sizeof(*b->tp_names));
		if (!b->tp_names) {
			snprintf(err, errlen, "out of memory");
			return -1;
		}
		for (int nr = 0; nr < SCRY_SC_NR_MAX; nr++)
			if (cfg->nrconf[nr].traced && cfg->tp_names[nr])
				snprintf(b->tp_names[nr], sizeof(b->tp_names[nr]), "%s", cfg->tp_names[nr]);
	}
	libbpf_set_print(libbpf_log);
	b->obj = bpf_object__open_mem(scry_bpf_syscall_trace_start,
				      (size_t)(scry_bpf_syscall_trace_end - scry_bpf_syscall_trace_start), &oo);
	if (!b->obj) {
		snprintf(err, errlen, "cannot open the embedded BPF object: %s", strerror(errno));
		return -1;
	}
	/* Load only the syscall programs of the chosen attach mode. */
	{
		struct bpf_program *p;
		bpf_object__for_each_program(p, b->obj) {
			const char *name = bpf_program__name(p);
			if (!strncmp(name, "scry_raw_sys_", 13))
				bpf_program__set_autoload(p, !b->per_syscall);
			else if (!strncmp(name, "scry_tp_sys_", 12))
				bpf_program__set_autoload(p, b->per_syscall);
		}
	}
	/* One perf ring per possible cpu. */
	m = bpf_object__find_map_by_name(b->obj, "events");
	if (m)
		bpf_map__set_max_entries(m, (u32)cpu_count_possible());
	rc = bpf_object__load(b->obj);
	if (rc) {
		int e = -rc;
		snprintf(err, errlen, "cannot load the BPF syscall tracer: %s%s", strerror(e),
			 e == EPERM || e == EACCES ? " (needs root: CAP_BPF and CAP_PERFMON)"
						   : " (run with -vv for the verifier log)");
		bpf_object__close(b->obj);
		b->obj = NULL;
		errno = e;
		return -1;
	}
	b->events_fd = map_fd(b, "events");
	b->conf_fd = map_fd(b, "conf");
	b->nrconf_fd = map_fd(b, "nrconf");
	b->targets_fd = map_fd(b, "targets");
	b->inflight_fd = map_fd(b, "inflight");
	b->counters_fd = map_fd(b, "counters");

	conf.mode = cfg->mode;
	conf.self_tgid = cfg->self_tgid;
	conf.flags = cfg->follow_forks ? SCRY_CONF_FOLLOW_FORKS : 0;
	if (cfg->stack_nrs) {
		int fd = map_fd(b, "stack_nrs");

		conf.flags |= cfg->stack_flags;
		for (u32 nr = 0; nr < SCRY_SC_NR_MAX; nr++)
			if (cfg->stack_nrs[nr] && bpf_map_update_elem(fd, &nr, &cfg->stack_nrs[nr], BPF_ANY))
				goto map_err;
	}
	if (bpf_map_update_elem(b->conf_fd, &zero, &conf, BPF_ANY))
		goto map_err;
	for (u32 nr = 0; nr < SCRY_SC_NR_MAX; nr++) {
		if (!cfg->nrconf[nr].traced)
			continue;
		if (bpf_map_update_elem(b->nrconf_fd, &nr, &cfg->nrconf[nr], BPF_ANY))
			goto map_err;
	}
	return 0;
map_err:
	snprintf(err, errlen, "cannot configure the BPF syscall tracer: %s", strerror(errno));
	sc_bpf_close(b);
	return -1;
}

int sc_bpf_add_target(struct sc_bpf *b, u32 id, enum scry_target_state state)
{
	u32 st = state;
	return bpf_map_update_elem(b->targets_fd, &id, &st, BPF_ANY);
}

int sc_bpf_set_output(struct sc_bpf *b, int cpu, int perf_fd)
{
	u32 key = (u32)cpu;
	return bpf_map_update_elem(b->events_fd, &key, &perf_fd, BPF_ANY);
}

static int add_link(struct sc_bpf *b, struct bpf_link *l)
{
	struct bpf_link **n = realloc(b->links, (size_t)(b->nr_links + 1) * sizeof(*n));

	if (!n) {
		bpf_link__destroy(l);
		return -1;
	}
	b->links = n;
	b->links[b->nr_links++] = l;
	return 0;
}

/* One program on syscalls:<prefix><name> of every traced syscall. */
static int attach_per_syscall(struct sc_bpf *b, struct bpf_program *p, const char *prefix,
			      char *err, size_t errlen)
{
	for (int nr = 0; nr < SCRY_SC_NR_MAX; nr++) {
		char tp[96];
		struct bpf_link *l;

		if (!b->tp_names[nr][0])
			continue;
		snprintf(tp, sizeof(tp), "%s%s", prefix, b->tp_names[nr]);
		l = bpf_program__attach_tracepoint(p, "syscalls", tp);
		if (!l) {
			snprintf(err, errlen, "cannot attach to syscalls:%s: %s", tp, strerror(errno));
			return -1;
		}
		if (add_link(b, l)) {
			snprintf(err, errlen, "out of memory");
			return -1;
		}
	}
	return 0;
}

int sc_bpf_attach(struct sc_bpf *b, char *err, size_t errlen)
{
	struct bpf_program *p;

	bpf_object__for_each_program(p, b->obj) {
		const char *name = bpf_program__name(p);
		struct bpf_link *l;

		if (!bpf_program__autoload(p))
			continue;
		if (!strcmp(name, "scry_tp_sys_enter") || !strcmp(name, "scry_tp_sys_exit")) {
			if (attach_per_syscall(b, p, name[12] == 'e' && name[13] == 'n' ? "sys_enter_" : "sys_exit_",
					       err, errlen))
				return -1;
			continue;
		}
		l = bpf_program__attach(p);
		if (!l) {
			snprintf(err, errlen, "cannot attach BPF program %s: %s", name, strerror(errno));
			return -1;
		}
		if (add_link(b, l)) {
			snprintf(err, errlen, "out of memory");
			return -1;
		}
	}
	return 0;
}

int sc_bpf_stop(struct sc_bpf *b)
{
	struct scry_sc_conf conf = { .mode = SCRY_MODE_OFF };
	u32 zero = 0;

	return bpf_map_update_elem(b->conf_fd, &zero, &conf, BPF_ANY);
}

void sc_bpf_close(struct sc_bpf *b)
{
	/* Detach the entry side first so no new in-flight slots appear. */
	for (int i = 0; i < b->nr_links; i++)
		bpf_link__destroy(b->links[i]);
	free(b->links);
	b->links = NULL;
	b->nr_links = 0;
	free(b->tp_names);
	b->tp_names = NULL;
	if (b->obj)
		bpf_object__close(b->obj);
	b->obj = NULL;
}

u64 sc_bpf_counter(struct sc_bpf *b, enum scry_sc_counter which)
{
	int ncpu = libbpf_num_possible_cpus();
	u64 *vals, sum = 0;
	u32 key = which;

	if (!b->obj || ncpu <= 0)
		return 0;
	vals = calloc((size_t)ncpu, sizeof(u64));
	if (!vals)
		return 0;
	if (!bpf_map_lookup_elem(b->counters_fd, &key, vals))
		for (int i = 0; i < ncpu; i++)
			sum += vals[i];
	free(vals);
	return sum;
}

int sc_bpf_for_each_inflight(struct sc_bpf *b, void (*fn)(const struct scry_sc_rec *r, void *arg),
			     void *arg)
{
	struct scry_sc_rec *rec;
	u32 key, next;
	int n = 0;
	void *prev = NULL;

	if (!b->obj)
		return 0;
	rec = malloc(sizeof(*rec));
	if (!rec)
		return -1;
	while (bpf_map_get_next_key(b->inflight_fd, prev, &next) == 0) {
		key = next;
		prev = &key;
		if (bpf_map_lookup_elem(b->inflight_fd, &key, rec))
			continue;
		if (rec->kind == SCRY_SC_INFLIGHT) {
			fn(rec, arg);
			n++;
		}
	}
	free(rec);
	return n;
}
