/* scry trace: an strace replacement over perf_event_open ring buffers.
 *
 * Two backends produce the same syscall events:
 *  - BPF (default when root): programs on raw_syscalls entry/exit keep each
 *    call's arguments (and path strings) in flight and write one record per
 *    finished call into the per-cpu perf rings;
 *  - tracepoints (--no-bpf, or when BPF cannot load): syscalls:sys_enter_X /
 *    sys_exit_X for a short list, raw_syscalls for many, paired in user space.
 * Both feed a session (util/session) that delivers records in time order to
 * the callbacks below, which print lines, keep fd tables and statistics. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "builtin.h"
#include "util/debug.h"
#include "util/evlist.h"
#include "util/fdtable.h"
#include "util/options.h"
#include "util/parse-events.h"
#include "util/sc-bpf.h"
#include "util/sc-effects.h"
#include "util/sc-print.h"
#include "util/sc-stats.h"
#include "util/sc-tp.h"
#include "util/session.h"
#include "util/syscall-desc.h"
#include "util/syscall-filter.h"
#include "util/tp-format.h"
#include "util/tracefs.h"
#include "util/workload.h"

/* Set by SIGINT/SIGTERM/SIGHUP: the one piece of process-wide state, as a
 * signal can only reach the process. */
static volatile sig_atomic_t stop_signal;

static void on_stop_signal(int sig) { stop_signal = sig; }

/* A syscall list up to this long opens syscalls:sys_{enter,exit}_X per call;
 * a longer one opens raw_syscalls (tracepoint backend). */
#define TP_SPECIFIC_MAX 64

struct trace_opts {
	const char *expr;
	const char *pids;
	const char *tids;
	const char *output;
	const char *events;
	const char *cpus;
	bool all_cpus;
	bool summary_only;
	bool with_summary;
	bool failure_only;
	bool no_syscalls;
	bool no_signals;
	bool abs_time;
	bool show_comm;
	bool no_bpf;
	bool inherit;
	double duration_ms;
	int mmap_pages;
	int verbose;
	bool quiet;
};

enum evsel_role_kind {
	ROLE_BPF_OUTPUT,        /* records of the BPF tracer */
	ROLE_SC_TP,             /* syscall tracepoints (tracepoint backend) */
	ROLE_EVENT,             /* --event: printed with its fields */
};

struct evsel_role {
	enum evsel_role_kind kind;
	struct sc_tp_layout layout;
	struct tep_event *tp;
};

struct comm_entry {
	char comm[17];
};

/* A call a thread was in when we attached (from /proc/TID/syscall). */
struct attach_call {
	int nr;
	u32 pid;
	u64 args[SCRY_SC_NARGS];
};

struct trace {
	struct trace_opts o;
	const char **argv;              /* workload, NULL-terminated */
	int argc;

	struct tracefs tracefs;
	struct tp_formats formats;
	struct sc_descs descs;
	struct syscall_filter filter;   /* what the user asked to see */
	struct syscall_filter kfilter;  /* what is traced: filter + what fd tables need */
	bool noreturn_nr[SCRY_SC_NR_MAX];

	struct evlist evlist;
	struct session session;
	bool use_bpf;
	struct sc_bpf bpf;
	struct sc_tp tp;

	struct fdtables fdt;
	struct sc_stats stats;
	struct sc_print_opts popts;
	struct hashmap comms;           /* tid -> struct comm_entry, for tracepoint records */
	struct hashmap attach_calls;    /* tid -> struct attach_call */

	struct outbuf out;
	int out_fd;
	bool out_is_tty;
	bool print_events;

	struct workload wl;
	bool have_workload;
	bool wl_exited;
	int wl_status;
	pid_t *targets;                 /* -p/-t pids still alive */
	int nr_targets;
	int targets_alive;

	u64 *lost_per_cpu;
	int lost_cpus;
	u64 lost_total;
	u64 duration_ns;
	u64 base_ns;
};

static const char *const trace_usage[] = {
	"scry trace [<options>] [--] <command> [<args>...]",
	"scry trace [<options>] -p <pid>[,<pid>...]",
	"scry trace [<options>] -a",
	NULL,
};

static u64 now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (u64)ts.tv_sec * NSEC_PER_SEC + (u64)ts.tv_nsec;
}

/* ---- thread names ------------------------------------------------------- */

static const char *comm_of(struct trace *tr, u32 tid)
{
	struct comm_entry *c = hashmap_get(&tr->comms, tid);
	char path[64];
	FILE *f;

	if (c)
		return c->comm;
	c = calloc(1, sizeof(*c));
	if (!c)
		return "";
	snprintf(path, sizeof(path), "/proc/%u/comm", tid);
	f = fopen(path, "re");
	if (f) {
		if (fgets(c->comm, sizeof(c->comm), f))
			c->comm[strcspn(c->comm, "\n")] = '\0';
		fclose(f);
	}
	if (hashmap_put(&tr->comms, tid, c)) {
		free(c);
		return "";
	}
	return c->comm;
}

static void comm_set(struct trace *tr, u32 tid, const char *comm)
{
	struct comm_entry *c = hashmap_get(&tr->comms, tid);

	if (!c) {
		c = calloc(1, sizeof(*c));
		if (!c || hashmap_put(&tr->comms, tid, c)) {
			free(c);
			return;
		}
	}
	if (strncmp(c->comm, comm, 16))
		snprintf(c->comm, sizeof(c->comm), "%s", comm);
}

static void comm_forget(struct trace *tr, u32 tid)
{
	free(hashmap_del(&tr->comms, tid));
}

/* ---- printing ------------------------------------------------------------ */

static bool wanted(const struct trace *tr, const struct sc_event *ev)
{
	if (!tr->print_events)
		return false;
	if (!syscall_filter_has(&tr->filter, ev->nr))
		return false;
	if (tr->o.failure_only && !(ev->kind == SCRY_SC_COMPLETE && ev->ret < 0 && ev->ret >= -4095))
		return false;
	if (tr->duration_ns && (ev->kind != SCRY_SC_COMPLETE || ev->ts_exit - ev->ts_enter < tr->duration_ns))
		return false;
	return true;
}

static void target_gone(struct trace *tr, pid_t pid)
{
	for (int i = 0; i < tr->nr_targets; i++)
		if (tr->targets[i] == pid) {
			tr->targets[i] = -1;
			tr->targets_alive--;
		}
}

static void handle_exit(struct trace *tr, const struct sc_event *ev)
{
	if (tr->print_events && ev->group_dead && !tr->o.failure_only && !tr->duration_ns) {
		sc_print_prefix(&tr->out, ev->ts_exit, 0, false, ev->comm, ev->tid, &tr->popts);
		sc_print_exit_status(&tr->out, (int)ev->ret);
	}
	comm_forget(tr, ev->tid);
	if (ev->group_dead) {
		fdtables_exit(&tr->fdt, (pid_t)ev->pid);
		target_gone(tr, (pid_t)ev->pid);
	} else if (tr->o.tids) {
		target_gone(tr, (pid_t)ev->tid);
	}
}

static void handle_syscall(struct trace *tr, struct sc_event *ev)
{
	const struct sc_desc *d;

	if (ev->kind == SCRY_SC_EXIT) {
		handle_exit(tr, ev);
		return;
	}
	if (ev->kind == SCRY_SC_SIGNAL) {
		if (tr->print_events && !tr->o.failure_only && !tr->duration_ns && !tr->o.no_signals)
			sc_print_signal(&tr->out, ev, &tr->popts);
		return;
	}
	d = sc_descs_get(&tr->descs, ev->nr);
	if (!d)
		return;
	if (ev->continued) {
		struct attach_call *ac = hashmap_del(&tr->attach_calls, ev->tid);
		if (ac && ac->nr == ev->nr) {
			memcpy(ev->args, ac->args, sizeof(ev->args));
			ev->args_known = true;
		}
		free(ac);
		/* The workload's exec, entered while we were still setting up. */
		if (tr->have_workload && ev->pid == (u32)tr->wl.pid &&
		    (!strcmp(d->name, "execve") || !strcmp(d->name, "execveat")))
			return;
		/* A new child's first return, from the fork its parent made and
		 * which is printed in the parent (as strace does). */
		if (ev->ret == 0 && (!strcmp(d->name, "clone") || !strcmp(d->name, "clone3") ||
				     !strcmp(d->name, "fork") || !strcmp(d->name, "vfork")))
			return;
	}
	if (!ev->comm[0])
		snprintf(ev->comm, sizeof(ev->comm), "%s", comm_of(tr, ev->tid));
	else if (tr->o.events)
		comm_set(tr, ev->tid, ev->comm);
	if (tr->o.summary_only || tr->o.with_summary)
		if (syscall_filter_has(&tr->filter, ev->nr))
			sc_stats_add_syscall(&tr->stats, ev);
	/* A call making a new descriptor prints it with its new path; any
	 * other prints its arguments as they were before it ran. */
	if (d->ret_kind == SC_RET_FD) {
		sc_apply_effects(&tr->fdt, ev, d);
		if (wanted(tr, ev))
			sc_print_event(&tr->out, ev, d, &tr->fdt, &tr->popts);
	} else {
		if (wanted(tr, ev))
			sc_print_event(&tr->out, ev, d, &tr->fdt, &tr->popts);
		sc_apply_effects(&tr->fdt, ev, d);
	}
	/* After an exec the thread has a new name (tracepoint records carry none). */
	if (!tr->use_bpf && ev->kind == SCRY_SC_COMPLETE && ev->ret == 0 &&
	    (!strcmp(d->name, "execve") || !strcmp(d->name, "execveat")))
		comm_forget(tr, ev->tid);
}

static void print_tp_event(struct trace *tr, struct evsel *e, struct evsel_role *role,
			   const struct perf_sample *s)
{
	const char *comm = comm_of(tr, s->tid);

	if (tr->o.summary_only || tr->o.with_summary)
		sc_stats_add_event(&tr->stats, s->tid, s->pid, comm);
	if (!tr->print_events || tr->o.failure_only || tr->duration_ns)
		return;
	sc_print_prefix(&tr->out, s->time, 0, false, comm, s->tid, &tr->popts);
	ob_puts(&tr->out, e->name);
	ob_putc(&tr->out, '(');
	if (role->tp && s->raw_data)
		tp_print_fields(&tr->formats, role->tp, s->raw_data, s->raw_size, (int)s->cpu, s->time,
				&tr->out);
	ob_puts(&tr->out, ")\n");
}

/* ---- session callbacks --------------------------------------------------- */

static int on_sample(struct session *s, struct evsel *e, const struct perf_sample *smp,
		     const struct perf_event_header *h)
{
	struct trace *tr = s->tool->priv;
	struct evsel_role *role = e->priv;
	struct sc_event ev;
	int rc;

	(void)h;
	if (!role)
		return 0;
	switch (role->kind) {
	case ROLE_BPF_OUTPUT:
		if (!smp->raw_data || sc_event_from_bpf(smp->raw_data, smp->raw_size, (int)smp->cpu, &ev)) {
			s->stats.unparsable++;
			return 0;
		}
		handle_syscall(tr, &ev);
		break;
	case ROLE_SC_TP:
		if (!smp->raw_data)
			return 0;
		/* Drop scry's own calls (system-wide tracing sees them). */
		if (smp->pid == (u32)getpid())
			return 0;
		do {
			rc = sc_tp_feed(&tr->tp, &role->layout, smp->raw_data, smp->raw_size, smp->pid,
					smp->tid, smp->time, (int)smp->cpu, tr->noreturn_nr, &ev);
			if (rc > 0)
				handle_syscall(tr, &ev);
		} while (rc == 2);
		if (rc < 0)
			s->stats.unparsable++;
		break;
	case ROLE_EVENT:
		print_tp_event(tr, e, role, smp);
		break;
	}
	return 0;
}

/* COMM and FORK records name the threads of the tracepoint backend (its
 * records carry no names, and /proc is gone once a short process exits). */
static int on_record(struct session *s, struct evsel *e, const struct perf_event_header *h,
		     const struct perf_sample *id)
{
	struct trace *tr = s->tool->priv;

	(void)e;
	(void)id;
	if (h->type == PERF_RECORD_COMM && h->size >= sizeof(*h) + 9) {
		const u32 *pt = (const u32 *)(h + 1);
		char comm[17];
		size_t max = h->size - sizeof(*h) - 8;
		snprintf(comm, sizeof(comm), "%.*s", (int)MIN(max, 16), (const char *)(pt + 2));
		comm_set(tr, pt[1], comm);
	} else if (h->type == PERF_RECORD_FORK && h->size >= sizeof(*h) + 16) {
		const u32 *f = (const u32 *)(h + 1);   /* pid, ppid, tid, ptid */
		struct comm_entry *parent = hashmap_get(&tr->comms, f[3]);
		if (parent)
			comm_set(tr, f[2], parent->comm);
	}
	return 0;
}

static void on_lost(struct session *s, int cpu, u64 nr, u64 time)
{
	struct trace *tr = s->tool->priv;

	(void)time;
	tr->lost_total += nr;
	if (cpu >= 0 && cpu < tr->lost_cpus)
		tr->lost_per_cpu[cpu] += nr;
	/* Never silent: in the output where it happened, and on stderr if the
	 * output is a file. */
	ob_printf(&tr->out, "LOST %llu events on CPU %d\n", (unsigned long long)nr, cpu);
}

/* ---- setup --------------------------------------------------------------- */

static int parse_filter(struct trace *tr)
{
	char err[512];

	if (tr->o.no_syscalls) {
		memset(&tr->filter, 0, sizeof(tr->filter));
		tr->kfilter = tr->filter;
		return 0;
	}
	if (!tr->o.expr) {
		syscall_filter_init_all(&tr->filter);
		tr->kfilter = tr->filter;
		return 0;
	}
	if (syscall_filter_parse(&tr->filter, tr->o.expr, err, sizeof(err))) {
		pr_err("%s", err);
		return -1;
	}
	/* Trace the calls that keep fd paths right too, unprinted. */
	tr->kfilter = tr->filter;
	if (syscall_filter_count(&tr->filter))
		for (int nr = 0; nr <= syscall_max_nr(); nr++) {
			const char *name = syscall_name(nr);
			if (name && sc_effects_needed(name))
				tr->kfilter.bits[nr / 64] |= 1ull << (nr % 64);
		}
	return 0;
}

static bool filter_is_empty(const struct syscall_filter *f)
{
	return syscall_filter_count(f) == 0 && !f->others;
}

static struct perf_event_attr base_attr(const struct trace *tr, unsigned ring_bytes)
{
	struct perf_event_attr a;

	memset(&a, 0, sizeof(a));
	a.size = sizeof(a);
	a.sample_period = 1;
	a.sample_type = PERF_SAMPLE_IDENTIFIER | PERF_SAMPLE_TID | PERF_SAMPLE_TIME | PERF_SAMPLE_CPU |
			PERF_SAMPLE_RAW;
	a.sample_id_all = 1;
	/* One clock for the kernel's records, the BPF tracer's stamps and the
	 * reader's watermark. */
	a.use_clockid = 1;
	a.clockid = CLOCK_MONOTONIC;
	/* Wake the reader when a quarter of a ring is used; it also polls. */
	a.watermark = 1;
	a.wakeup_watermark = ring_bytes / 4;
	a.inherit = tr->o.inherit;
	if (tr->have_workload) {
		a.disabled = 1;
		a.enable_on_exec = 1;
	}
	return a;
}

static int add_role(struct evsel *e, enum evsel_role_kind kind)
{
	struct evsel_role *r = calloc(1, sizeof(*r));

	if (!r)
		return -1;
	r->kind = kind;
	e->priv = r;
	return 0;
}

static void free_roles(struct evlist *l)
{
	for (int i = 0; i < l->nr; i++) {
		free(l->evsels[i]->priv);
		l->evsels[i]->priv = NULL;
	}
}

static int add_bpf_output(struct trace *tr, unsigned ring_bytes)
{
	struct perf_event_attr a = base_attr(tr, ring_bytes);
	struct evsel *e;

	a.type = PERF_TYPE_SOFTWARE;
	a.config = PERF_COUNT_SW_BPF_OUTPUT;
	/* The record carries tid, pid, cpu and times itself. */
	a.sample_type = PERF_SAMPLE_IDENTIFIER | PERF_SAMPLE_TIME | PERF_SAMPLE_RAW;
	a.inherit = 0;
	a.disabled = 0;
	a.enable_on_exec = 0;
	e = evsel_new(&a, "bpf-output");
	if (!e || add_role(e, ROLE_BPF_OUTPUT) || evlist_add(&tr->evlist, e)) {
		evsel_free(e);
		return -1;
	}
	e->system_wide = true;
	return 0;
}

static int add_sc_tracepoints(struct trace *tr, unsigned ring_bytes)
{
	struct perf_event_attr a = base_attr(tr, ring_bytes);
	char list[16384] = "", err[512];
	size_t off = 0;
	unsigned n = syscall_filter_count(&tr->kfilter);
	bool specific = n <= TP_SPECIFIC_MAX && !tr->kfilter.others;
	int nr;

	if (specific) {
		syscall_filter_for_each(nr, &tr->kfilter) {
			const struct sc_desc *d = sc_descs_get(&tr->descs, nr);
			if (!d || !d->has_tracepoint) {
				specific = false;
				break;
			}
			off += (size_t)snprintf(list + off, sizeof(list) - off, "%ssyscalls:sys_enter_%s,syscalls:sys_exit_%s",
						off ? "," : "", d->tp_name, d->tp_name);
			if (off >= sizeof(list))
				return -1;
		}
	}
	if (!specific)
		snprintf(list, sizeof(list), "raw_syscalls:sys_enter,raw_syscalls:sys_exit");
	int first = tr->evlist.nr;
	if (parse_events(&tr->evlist, &tr->tracefs, list, &a, err, sizeof(err)) < 0) {
		pr_err("%s", err);
		return -1;
	}
	/* The first event also reports exec names and forks (COMM, FORK). */
	if (tr->evlist.nr > first) {
		tr->evlist.evsels[first]->attr.comm = 1;
		tr->evlist.evsels[first]->attr.task = 1;
	}
	for (int i = first; i < tr->evlist.nr; i++) {
		struct evsel *e = tr->evlist.evsels[i];
		struct tep_event *ev = tp_formats_get(&tr->formats, e->tp_sys, e->tp_name);
		struct evsel_role *r;
		if (add_role(e, ROLE_SC_TP))
			return -1;
		r = e->priv;
		if (!ev || sc_tp_layout_of(ev, &r->layout)) {
			pr_err("cannot read the format of %s", e->name);
			return -1;
		}
	}
	return 0;
}

static int add_user_events(struct trace *tr, unsigned ring_bytes)
{
	struct perf_event_attr a = base_attr(tr, ring_bytes);
	char err[512];
	int first = tr->evlist.nr;

	if (parse_events(&tr->evlist, &tr->tracefs, tr->o.events, &a, err, sizeof(err)) < 0) {
		pr_err("%s", err);
		return -1;
	}
	for (int i = first; i < tr->evlist.nr; i++) {
		struct evsel *e = tr->evlist.evsels[i];
		struct evsel_role *r;
		if (add_role(e, ROLE_EVENT))
			return -1;
		r = e->priv;
		if (evsel_is_tracepoint(e))
			r->tp = tp_formats_get(&tr->formats, e->tp_sys, e->tp_name);
		else
			e->attr.sample_period = e->attr.sample_period ? e->attr.sample_period : 1;
	}
	return 0;
}

/* Ring size: up to 8 MiB per cpu, 64 MiB in all, at least 256 KiB. */
static unsigned ring_pages(const struct trace *tr, int ncpus)
{
	long psz = sysconf(_SC_PAGESIZE);
	u64 per = (64ull << 20) / (u64)(ncpus > 0 ? ncpus : 1);
	unsigned pages = 1;

	if (tr->o.mmap_pages > 0) {
		while (pages < (unsigned)tr->o.mmap_pages)
			pages <<= 1;
		return pages;
	}
	per = MIN(per, 8ull << 20);
	per = MAX(per, 256ull << 10);
	while ((u64)pages * 2 * (u64)psz <= per)
		pages <<= 1;
	return pages;
}

static int setup_targets(struct trace *tr)
{
	struct cpumap cpus;
	struct threadmap threads;
	char err[512];

	if (tr->o.cpus) {
		if (cpumap_parse(&cpus, tr->o.cpus, err, sizeof(err))) {
			pr_err("%s", err);
			return -1;
		}
	} else if (cpumap_online(&cpus)) {
		pr_err("cannot read the online cpus");
		return -1;
	}
	if (tr->o.pids) {
		if (threadmap_from_pids(&threads, tr->o.pids, err, sizeof(err))) {
			cpumap_free(&cpus);
			pr_err("%s", err);
			return -1;
		}
	} else if (tr->o.tids) {
		if (threadmap_from_tids(&threads, tr->o.tids, err, sizeof(err))) {
			cpumap_free(&cpus);
			pr_err("%s", err);
			return -1;
		}
	} else if (tr->have_workload) {
		memset(&threads, 0, sizeof(threads));
		if (threadmap_add(&threads, tr->wl.pid, tr->wl.pid)) {
			cpumap_free(&cpus);
			return -1;
		}
	} else {
		threadmap_any(&threads);
	}
	evlist_set_target(&tr->evlist, &cpus, &threads);
	return 0;
}

static int collect_targets(struct trace *tr)
{
	const char *list = tr->o.pids ? tr->o.pids : tr->o.tids;
	char err[256];
	pid_t *v;
	int n;

	if (!list)
		return 0;
	n = parse_pid_list(list, &v, err, sizeof(err));
	if (n < 0) {
		pr_err("%s", err);
		return -1;
	}
	tr->targets = v;
	tr->nr_targets = tr->targets_alive = n;
	return 0;
}

static int setup_bpf(struct trace *tr)
{
	struct scry_sc_nrconf *nc = calloc(SCRY_SC_NR_MAX, sizeof(*nc));
	const char **tp_names = calloc(SCRY_SC_NR_MAX, sizeof(*tp_names));
	struct sc_bpf_config cfg = { 0 };
	unsigned n = syscall_filter_count(&tr->kfilter);
	struct evsel *out = NULL;
	char err[512];
	int rc = -1;

	if (!nc || !tp_names) {
		free(nc);
		free(tp_names);
		return -1;
	}
	/* A short list: BPF on each syscall's own tracepoints, so the calls
	 * not traced run no BPF (they still take the kernel's syscall-trace
	 * slow path, as with any syscall tracepoint). */
	cfg.per_syscall = n <= TP_SPECIFIC_MAX && !tr->kfilter.others;
	for (int nr = 0; nr < SCRY_SC_NR_MAX; nr++) {
		const struct sc_desc *d;
		if (!syscall_filter_has(&tr->kfilter, nr))
			continue;
		d = sc_descs_get(&tr->descs, nr);
		nc[nr].traced = 1;
		if (d && d->has_tracepoint)
			tp_names[nr] = d->tp_name;
		else
			cfg.per_syscall = false;
		if (d) {
			nc[nr].noreturn = d->noreturn;
			nc[nr].str_arg[0] = d->str_args[0];
			nc[nr].str_arg[1] = d->str_args[1];
		}
	}
	cfg.nrconf = nc;
	cfg.tp_names = tp_names;
	cfg.self_tgid = (u32)getpid();
	cfg.follow_forks = tr->o.inherit;
	cfg.mode = tr->o.tids ? SCRY_MODE_TID : (tr->o.pids || tr->have_workload) ? SCRY_MODE_TGID : SCRY_MODE_ALL;
	if (sc_bpf_load(&tr->bpf, &cfg, err, sizeof(err))) {
		pr_err("%s", err);
		goto out;
	}
	for (int i = 0; i < tr->evlist.nr; i++)
		if (((struct evsel_role *)tr->evlist.evsels[i]->priv)->kind == ROLE_BPF_OUTPUT)
			out = tr->evlist.evsels[i];
	for (int c = 0; out && c < tr->evlist.cpus.nr; c++)
		if (out->fds[c] >= 0 && sc_bpf_set_output(&tr->bpf, tr->evlist.cpus.cpu[c], out->fds[c])) {
			pr_err("cannot connect the BPF tracer to cpu %d: %s", tr->evlist.cpus.cpu[c], strerror(errno));
			goto out;
		}
	if (tr->have_workload)
		sc_bpf_add_target(&tr->bpf, (u32)tr->wl.pid, SCRY_TARGET_ARMED);
	for (int i = 0; i < tr->nr_targets; i++)
		sc_bpf_add_target(&tr->bpf, (u32)tr->targets[i], SCRY_TARGET_ACTIVE);
	if (sc_bpf_attach(&tr->bpf, err, sizeof(err))) {
		pr_err("%s", err);
		goto out;
	}
	rc = 0;
out:
	free(nc);
	free(tp_names);
	return rc;
}

/* Kernel-side filters for the tracepoint backend's system-wide mode. */
static void set_tp_filters(struct trace *tr)
{
	char filter[64];

	if (tr->o.pids || tr->o.tids || tr->have_workload)
		return;
	snprintf(filter, sizeof(filter), "common_pid != %d", getpid());
	for (int i = 0; i < tr->evlist.nr; i++) {
		struct evsel *e = tr->evlist.evsels[i];
		if (((struct evsel_role *)e->priv)->kind != ROLE_SC_TP)
			continue;
		for (int j = 0; j < e->nr_fds; j++)
			if (e->fds[j] >= 0)
				ioctl(e->fds[j], PERF_EVENT_IOC_SET_FILTER, filter);
	}
}

static int open_output(struct trace *tr)
{
	if (tr->o.output) {
		tr->out_fd = open(tr->o.output, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
		if (tr->out_fd < 0) {
			pr_err("cannot write %s: %s", tr->o.output, strerror(errno));
			return -1;
		}
	} else {
		/* Like strace and perf trace: the trace goes to stderr, the
		 * program's own output stays on stdout. */
		tr->out_fd = STDERR_FILENO;
	}
	tr->out_is_tty = isatty(tr->out_fd);
	return ob_init_fd(&tr->out, tr->out_fd, tr->out_is_tty ? 16384 : 1u << 20);
}

static void print_inflight(const struct scry_sc_rec *r, void *arg)
{
	struct trace *tr = arg;
	struct scry_sc_rec copy = *r;
	struct sc_event ev;

	copy.kind = SCRY_SC_UNFINISHED;
	if (copy.str_len[0] > SCRY_SC_STR_MAX || copy.str_len[1] > SCRY_SC_STR_MAX)
		copy.str_len[0] = copy.str_len[1] = 0;
	if (sc_event_from_bpf(&copy, sizeof(copy), -1, &ev))
		return;
	ev.in_progress = true;
	ev.ts_exit = ev.ts_enter;
	if (!ev.comm[0])
		snprintf(ev.comm, sizeof(ev.comm), "%s", comm_of(tr, ev.tid));
	handle_syscall(tr, &ev);
}

/* What each thread of the attached processes is blocked in right now, so a
 * call that returns after we attach (or never) prints with its arguments. */
static void load_attach_calls(struct trace *tr)
{
	const struct threadmap *t = &tr->evlist.threads;

	for (int i = 0; i < t->nr; i++) {
		char path[64], line[512];
		struct attach_call *ac;
		unsigned long long v[SCRY_SC_NARGS];
		int nr;
		FILE *f;

		if (t->tid[i] <= 0)
			continue;
		snprintf(path, sizeof(path), "/proc/%d/task/%d/syscall", t->pid[i], t->tid[i]);
		f = fopen(path, "re");
		if (!f)
			continue;
		if (fgets(line, sizeof(line), f) &&
		    sscanf(line, "%d %llx %llx %llx %llx %llx %llx", &nr, &v[0], &v[1], &v[2], &v[3], &v[4],
			   &v[5]) == 7 &&
		    nr >= 0 && nr < SCRY_SC_NR_MAX && (ac = calloc(1, sizeof(*ac)))) {
			ac->nr = nr;
			ac->pid = (u32)t->pid[i];
			for (int j = 0; j < SCRY_SC_NARGS; j++)
				ac->args[j] = v[j];
			if (hashmap_put(&tr->attach_calls, (u64)t->tid[i], ac))
				free(ac);
		}
		fclose(f);
	}
}

/* Calls entered before we attached that had not returned when we stopped. */
static void print_attach_calls(struct trace *tr)
{
	size_t it = 0;
	u64 tid;
	void *v;

	while (hashmap_next(&tr->attach_calls, &it, &tid, &v)) {
		struct attach_call *ac = v;
		struct sc_event ev;

		memset(&ev, 0, sizeof(ev));
		ev.kind = SCRY_SC_UNFINISHED;
		ev.in_progress = true;
		ev.tid = (u32)tid;
		ev.pid = ac->pid;
		ev.nr = ac->nr;
		ev.ts_enter = ev.ts_exit = tr->base_ns;
		memcpy(ev.args, ac->args, sizeof(ev.args));
		snprintf(ev.comm, sizeof(ev.comm), "%s", comm_of(tr, ev.tid));
		if (syscall_filter_has(&tr->filter, ev.nr))
			handle_syscall(tr, &ev);
	}
}

/* The kernel reports lost records with the next record it manages to
 * write; records lost at the very end have no next record. The BPF tracer
 * counts its failed writes itself: whatever that count exceeds the reported
 * losses by was lost at the end. */
static void account_unreported_loss(struct trace *tr)
{
	u64 failed = sc_bpf_counter(&tr->bpf, SCRY_CNT_OUTPUT_FAIL);
	u64 reported = tr->lost_total - tr->session.stats.lost_queue;

	if (failed > reported) {
		u64 n = failed - reported;
		tr->lost_total += n;
		ob_printf(&tr->out, "LOST %llu events at the end of the trace\n", (unsigned long long)n);
	}
}

static void print_lost_summary(struct trace *tr)
{
	u64 queue = tr->session.stats.lost_queue;
	u64 inflight = tr->use_bpf ? sc_bpf_counter(&tr->bpf, SCRY_CNT_INFLIGHT_FULL) : 0;

	if (!tr->lost_total && !inflight && !tr->session.stats.unparsable)
		return;
	ob_flush(&tr->out);
	fprintf(stderr, "scry trace: LOST %llu events", (unsigned long long)(tr->lost_total + inflight));
	for (int c = 0; c < tr->lost_cpus; c++)
		if (tr->lost_per_cpu[c])
			fprintf(stderr, " (cpu %d: %llu)", c, (unsigned long long)tr->lost_per_cpu[c]);
	if (queue)
		fprintf(stderr, "; %llu of them because scry's queue was full", (unsigned long long)queue);
	if (inflight)
		fprintf(stderr, "; %llu calls with no in-flight slot", (unsigned long long)inflight);
	if (tr->session.stats.unparsable)
		fprintf(stderr, "; %llu malformed records", (unsigned long long)tr->session.stats.unparsable);
	fprintf(stderr, "; raise -m to give the rings more pages\n");
}

static void install_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	/* A closed output pipe is reported as a write error, not a kill. */
	signal(SIGPIPE, SIG_IGN);
}

static bool targets_check_alive(struct trace *tr)
{
	/* The BPF tracer reports exits; the tracepoint backend asks. */
	if (!tr->use_bpf)
		for (int i = 0; i < tr->nr_targets; i++)
			if (tr->targets[i] > 0 && kill(tr->targets[i], 0) && errno == ESRCH)
				target_gone(tr, tr->targets[i]);
	return tr->targets_alive > 0;
}

/* Deliver records until the workload exits, the targets are gone or a
 * signal asks us to stop. */
static void run(struct trace *tr)
{
	for (;;) {
		struct pollfd p = { session_wake_fd(&tr->session), POLLIN, 0 };

		poll(&p, 1, 100);
		if (session_live_deliver(&tr->session))
			break;
		if (tr->out_is_tty || tr->out.len > (tr->out.cap >> 1))
			ob_flush(&tr->out);
		if (stop_signal)
			break;
		if (tr->have_workload && waitpid(tr->wl.pid, &tr->wl_status, WNOHANG) == tr->wl.pid) {
			tr->wl_exited = true;
			break;
		}
		if (tr->nr_targets && !targets_check_alive(tr))
			break;
	}
}

static int trace_main(struct trace *tr)
{
	struct session_tool tool = { .sample = on_sample, .record = on_record, .lost = on_lost, .priv = tr };
	char err[512];
	unsigned pages;
	int rc = 1;
	bool bpf_ok = false;

	if (parse_filter(tr) || collect_targets(tr))
		return 1;
	if (tracefs_open(&tr->tracefs, err, sizeof(err))) {
		pr_err("%s", err);
		return 1;
	}
	if (tp_formats_init(&tr->formats, &tr->tracefs)) {
		pr_err("out of memory");
		return 1;
	}
	sc_descs_init(&tr->descs, &tr->formats);
	for (int nr = 0; nr < SCRY_SC_NR_MAX; nr++) {
		const char *name = syscall_name(nr);
		tr->noreturn_nr[nr] = name && sc_ret_kind(name) == SC_RET_NONE;
	}
	if (open_output(tr))
		return 1;

	/* The workload is forked before anything is opened, so it inherits
	 * nothing of ours; it waits for us to attach. */
	if (tr->argc) {
		if (workload_prepare(&tr->wl, (char *const *)tr->argv, err, sizeof(err))) {
			pr_err("%s", err);
			return 1;
		}
		tr->have_workload = true;
	}
	install_signals();
	if (setup_targets(tr))
		goto out;

	pages = ring_pages(tr, tr->evlist.cpus.nr);
	tr->use_bpf = false;
	/* The BPF tracer also reports signals and exits: wanted even with
	 * -e none (as strace's trace=none still shows them). */
	if (!tr->o.no_syscalls) {
		char why[256];
		if (!tr->o.no_bpf && sc_bpf_supported(why, sizeof(why))) {
			tr->use_bpf = true;
		} else if (!tr->o.no_bpf) {
			pr_info("%s: using tracepoints (path strings show as pointers)", why);
		}
	}
	/* The BPF tracer writes into system-wide per-cpu rings: a cpu list
	 * applies to the tracepoint backend only. */
	if (tr->use_bpf && tr->o.cpus) {
		pr_warn("-C applies to --event and the tracepoint backend; the BPF tracer sees every cpu");
	}
	if (tr->use_bpf) {
		if (add_bpf_output(tr, pages * (unsigned)sysconf(_SC_PAGESIZE)))
			goto out;
	} else if (!filter_is_empty(&tr->kfilter)) {
		if (add_sc_tracepoints(tr, pages * (unsigned)sysconf(_SC_PAGESIZE)))
			goto out;
	}
	if (tr->o.events && add_user_events(tr, pages * (unsigned)sysconf(_SC_PAGESIZE)))
		goto out;
	if (!tr->evlist.nr) {
		pr_err("nothing to trace: the syscall list is empty and no --event was given");
		goto out;
	}
	if (evlist_open(&tr->evlist, err, sizeof(err))) {
		pr_err("%s", err);
		goto out;
	}
	if (evlist_mmap(&tr->evlist, pages, err, sizeof(err))) {
		pr_err("%s", err);
		goto out;
	}
	if (tr->use_bpf) {
		if (setup_bpf(tr)) {
			if (!tr->o.no_bpf)
				pr_err("try --no-bpf to trace with tracepoints instead");
			goto out;
		}
		bpf_ok = true;
	} else {
		set_tp_filters(tr);
	}

	tr->lost_cpus = cpu_count_possible();
	tr->lost_per_cpu = calloc((size_t)tr->lost_cpus, sizeof(u64));
	session_init(&tr->session, &tr->evlist, &tool);
	if (!tr->lost_per_cpu || session_live_start(&tr->session, 1ull << 30, err, sizeof(err))) {
		pr_err("%s", tr->lost_per_cpu ? err : "out of memory");
		goto out_session;
	}
	tr->base_ns = now_ns();
	tr->popts.base_ns = tr->base_ns;
	if (tr->o.pids || tr->o.tids)
		load_attach_calls(tr);
	/* Name the descriptors the targets already have, while they exist. */
	if (tr->have_workload)
		fdtables_seed(&tr->fdt, tr->wl.pid, getpid());
	for (int i = 0; i < tr->nr_targets; i++)
		if (tr->o.pids)
			fdtables_seed(&tr->fdt, tr->targets[i], tr->targets[i]);
	if (tr->have_workload) {
		if (workload_start(&tr->wl, tr->argv[0], err, sizeof(err))) {
			pr_err("%s", err);
			tr->have_workload = false;
			goto out_session;
		}
	}

	run(tr);

	/* Stop tracing new calls, then report those still in flight. */
	session_live_finish(&tr->session);
	if (bpf_ok)
		account_unreported_loss(tr);
	if (bpf_ok && (stop_signal || tr->nr_targets || tr->o.all_cpus))
		sc_bpf_for_each_inflight(&tr->bpf, print_inflight, tr);
	print_attach_calls(tr);
	if (tr->have_workload && !tr->use_bpf && tr->wl_exited && tr->print_events && !tr->o.failure_only &&
	    !tr->duration_ns) {
		sc_print_prefix(&tr->out, now_ns(), 0, false, comm_of(tr, (u32)tr->wl.pid), (u32)tr->wl.pid,
				&tr->popts);
		sc_print_exit_status(&tr->out, tr->wl_status);
	}
	if (tr->o.summary_only || tr->o.with_summary) {
		sc_stats_print(&tr->stats, &tr->descs, &tr->out);
		if (tr->lost_total) {
			ob_printf(&tr->out, " LOST %llu events:", (unsigned long long)tr->lost_total);
			for (int c = 0; c < tr->lost_cpus; c++)
				if (tr->lost_per_cpu[c])
					ob_printf(&tr->out, " cpu %d: %llu", c, (unsigned long long)tr->lost_per_cpu[c]);
			ob_puts(&tr->out, "\n\n");
		}
	}
	ob_flush(&tr->out);
	print_lost_summary(tr);
	if (tr->out.error) {
		pr_err("cannot write the trace to %s: %s", tr->o.output ? tr->o.output : "stderr",
		       strerror(tr->out.error));
		rc = 1;
	} else if (tr->have_workload) {
		if (!tr->wl_exited && stop_signal)
			rc = 128 + stop_signal;
		else
			rc = wait_status_exit_code(tr->wl_status);
	} else {
		rc = 0;
	}
out_session:
	if (bpf_ok)
		sc_bpf_close(&tr->bpf);
	session_release(&tr->session);
out:
	if (tr->have_workload && !tr->wl_exited && rc == 1)
		workload_abort(&tr->wl);
	return rc;
}

int cmd_trace(int argc, const char **argv)
{
	struct trace *tr = calloc(1, sizeof(*tr));
	int rc, idx;

	if (!tr) {
		pr_err("out of memory");
		return 1;
	}
	tr->o.show_comm = true;
	tr->o.inherit = true;
	struct opt opts[] = {
		{ OPT_GROUP, 0, NULL, NULL, NULL, "What to trace", 0, NULL },
		{ OPT_STRING, 'e', "expr", &tr->o.expr, "LIST",
		  "syscalls to trace: names, globs (*stat*), groups (%file %desc %net %process %memory "
		  "%signal %ipc), !excluded",
		  0, NULL },
		{ OPT_STRING, 'p', "pid", &tr->o.pids, "PID[,PID]", "trace these running processes (all their threads)", 0, NULL },
		{ OPT_STRING, 't', "tid", &tr->o.tids, "TID[,TID]", "trace these threads only", 0, NULL },
		{ OPT_BOOL, 'a', "all-cpus", &tr->o.all_cpus, NULL, "trace every process on the system", OPT_NONEG, NULL },
		{ OPT_STRING, 'C', "cpu", &tr->o.cpus, "CPUS", "with -a: only these cpus (tracepoint backend and --event)", 0, NULL },
		{ OPT_STRING, 0, "event", &tr->o.events, "EV[,EV]",
		  "also show these events (tracepoints like sched:sched_switch, globs)", 0, NULL },
		{ OPT_BOOL, 0, "no-syscalls", &tr->o.no_syscalls, NULL, "trace no syscalls (with --event)", OPT_NONEG, NULL },
		{ OPT_BOOL, 0, "no-signals", &tr->o.no_signals, NULL, "do not show signal deliveries (--- SIGCHLD {...} ---)", OPT_NONEG, NULL },
		{ OPT_BOOL, 0, "inherit", &tr->o.inherit, NULL, "follow new processes (default; --no-inherit: only the targets)", 0, NULL },
		{ OPT_GROUP, 0, NULL, NULL, NULL, "What to show", 0, NULL },
		{ OPT_STRING, 'o', "output", &tr->o.output, "FILE", "write the trace to FILE instead of stderr", 0, NULL },
		{ OPT_DOUBLE, 0, "duration", &tr->o.duration_ms, "MS", "only calls that took longer than MS milliseconds", 0, NULL },
		{ OPT_BOOL, 0, "failure", &tr->o.failure_only, NULL, "only calls that failed", OPT_NONEG, NULL },
		{ OPT_BOOL, 's', "summary", &tr->o.summary_only, NULL, "only a per-thread summary table at the end", OPT_NONEG, NULL },
		{ OPT_BOOL, 'S', "with-summary", &tr->o.with_summary, NULL, "the calls and the summary table", OPT_NONEG, NULL },
		{ OPT_BOOL, 'T', "time", &tr->o.abs_time, NULL, "absolute timestamps (CLOCK_MONOTONIC ms) instead of relative", OPT_NONEG, NULL },
		{ OPT_BOOL, 0, "comm", &tr->o.show_comm, NULL, "show the thread name before the tid (default)", 0, NULL },
		{ OPT_GROUP, 0, NULL, NULL, NULL, "How", 0, NULL },
		{ OPT_BOOL, 0, "no-bpf", &tr->o.no_bpf, NULL, "use syscall tracepoints instead of the BPF tracer", OPT_NONEG, NULL },
		{ OPT_UINT, 'm', "mmap-pages", &tr->o.mmap_pages, "PAGES", "ring buffer pages per cpu (rounded up to a power of two)", 0, NULL },
		{ OPT_COUNT, 'v', "verbose", &tr->o.verbose, NULL, "more messages (-vv: debugging)", 0, NULL },
		{ OPT_BOOL, 'q', "quiet", &tr->o.quiet, NULL, "no informational messages", OPT_NONEG, NULL },
		OPT_END_MARK,
	};

	idx = opts_parse(opts, argc, argv, "trace", trace_usage, true, tr);
	if (idx < 0) {
		free(tr);
		return idx == -2 ? 0 : 1;
	}
	log_set_level(tr->o.quiet ? LOG_QUIET : tr->o.verbose);
	tr->argv = argv + idx;
	tr->argc = argc - idx;

	rc = 1;
	if (tr->argc && (tr->o.pids || tr->o.tids || tr->o.all_cpus)) {
		pr_err("trace: give either a command or -p/-t/-a, not both");
		goto out;
	}
	if (!tr->argc && !tr->o.pids && !tr->o.tids && !tr->o.all_cpus) {
		pr_err("trace: nothing to trace: give a command, -p PID, -t TID or -a (scry trace -h)");
		goto out;
	}
	if ((tr->o.pids != NULL) + (tr->o.tids != NULL) + tr->o.all_cpus > 1) {
		pr_err("trace: -p, -t and -a exclude each other");
		goto out;
	}
	tr->duration_ns = (u64)(tr->o.duration_ms * 1e6);
	tr->print_events = !tr->o.summary_only;
	tr->popts.show_comm = tr->o.show_comm;
	tr->popts.abs_time = tr->o.abs_time;
	tr->popts.align = 40;
	fdtables_init(&tr->fdt, true);
	sc_stats_init(&tr->stats);
	sc_tp_init(&tr->tp);
	hashmap_init(&tr->comms);
	hashmap_init(&tr->attach_calls);
	evlist_init(&tr->evlist);

	rc = trace_main(tr);

	free_roles(&tr->evlist);
	evlist_release(&tr->evlist);
	sc_tp_release(&tr->tp);
	sc_stats_release(&tr->stats);
	fdtables_release(&tr->fdt);
	{
		size_t it = 0;
		void *v;
		while (hashmap_next(&tr->comms, &it, NULL, &v))
			free(v);
		hashmap_free(&tr->comms);
		it = 0;
		while (hashmap_next(&tr->attach_calls, &it, NULL, &v))
			free(v);
		hashmap_free(&tr->attach_calls);
	}
	sc_descs_release(&tr->descs);
	tp_formats_release(&tr->formats);
	if (tr->out_fd > STDERR_FILENO)
		close(tr->out_fd);
	ob_release(&tr->out);
	free(tr->targets);
	free(tr->lost_per_cpu);
out:
	free(tr);
	return rc;
}
