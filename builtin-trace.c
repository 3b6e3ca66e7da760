/* scry trace: an strace replacement over perf_event_open ring buffers.
 *
 * Two backends produce the same syscall events:
 *  - BPF (default when root): programs on syscall entry/exit keep each
 *    call's arguments (and path strings) in flight and write one record per
 *    finished call into the per-cpu perf rings;
 *  - tracepoints (--no-bpf, or when BPF cannot load): syscalls:sys_enter_X /
 *    sys_exit_X for a short list, raw_syscalls for many, paired in user space.
 * Three ways to run:
 *  - live: a session delivers records in time order to the printer
 *    (util/trace-printer), which prints lines, keeps fd tables and stats;
 *  - record (scry trace record): the same events into a data file, with
 *    what the printer learns outside records stored as metadata samples
 *    (util/trace/trace-meta);
 *  - replay (scry trace -i FILE): that file through the same printer. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "builtin.h"
#include "util/perfdata/file-session.h"
#include "util/debug.h"
#include "util/core/evlist.h"
#include "util/core/perf-release.h"
#include "util/options.h"
#include "util/core/parse-events.h"
#include "util/perfdata/recorder.h"
#include "util/trace/sc-bpf.h"
#include "util/trace/sc-effects.h"
#include "util/core/session.h"
#include "util/core/target.h"
#include "util/trace/trace-printer.h"
#include "util/core/tracefs.h"
#include "util/perfdata/tracing-data.h"

/* A syscall list up to this long gets each syscall's own tracepoints
 * (BPF or perf); a longer one the raw syscall tracepoints. */
#define TP_SPECIFIC_MAX 64

struct trace_opts {
	const char *expr;
	const char *output;
	const char *input;
	const char *events;
	bool summary_only;
	bool with_summary;
	bool failure_only;
	bool no_syscalls;
	bool no_signals;
	bool abs_time;
	bool show_comm;
	bool no_bpf;
	bool inherit;
	/* --call-graph fp|dwarf, -k, --kernel-syscall-graph */
	const char *call_graph;
	bool stack_k;
	bool kernel_stacks;
	u32 stack_flags;                /* SCRY_CONF_STACKS*: 0 when off */
	double duration_ms;
	int string_limit;
	int verbose;
	bool quiet;
};

struct trace {
	struct trace_opts o;
	struct target t;                /* -p/-t/-a/-C/-m and the workload */
	int orig_argc;
	const char **orig_argv;
	bool record_mode;

	const struct tracefs *tracefs;
	struct tp_formats formats;      /* live: from tracefs */
	struct file_session fs;         /* -i */
	struct syscall_filter kfilter;  /* what is traced: the -e list + what fd tables need */
	struct trace_printer pr;

	struct evlist evlist;
	struct session session;
	bool use_bpf;
	bool bpf_ok;
	struct sc_bpf bpf;

	int out_fd;
	bool out_is_tty;

	/* record mode */
	struct data_writer *w;
	struct recorder rec;
	struct data_header hdr;
	struct file_attr *fattrs;
	u32 nr_fattrs;
	struct evsel *meta;

	u64 base_ns;
};

static const char *const trace_usage[] = {
	"scry trace [<options>] [--] <command> [<args>...]",
	"scry trace [<options>] -p <pid>[,<pid>...] | -t <tid>[,<tid>...] | -a",
	"scry trace record [<options>] [-o FILE] [--] <command> [<args>...]",
	"scry trace -i FILE [<display options>]",
	NULL,
};

static u64 now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (u64)ts.tv_sec * NSEC_PER_SEC + (u64)ts.tv_nsec;
}

/* The printer saw a -p/-t target exit. */
static void printer_target_gone(void *arg, pid_t pid)
{
	struct trace *tr = arg;

	target_gone(&tr->t, pid);
}

/* ---- roles ---------------------------------------------------------------- */

static struct trace_role *add_role(struct evsel *e, enum trace_role_kind kind)
{
	struct trace_role *r = calloc(1, sizeof(*r));

	if (r)
		r->kind = kind;
	e->priv = r;
	return r;
}

static void free_roles(struct evlist *l)
{
	for (int i = 0; i < l->nr; i++) {
		free(l->evsels[i]->priv);
		l->evsels[i]->priv = NULL;
	}
}

static enum trace_role_kind role_of(const struct evsel *e)
{
	return ((const struct trace_role *)e->priv)->kind;
}

/* ---- the syscall selection ------------------------------------------------- */

/* Does a syscall the filter prints show a descriptor, as an argument or as
 * its result (so that fd paths must be kept current)? A long list or
 * "everything but" is taken to. */
static bool filter_shows_fds(struct trace *tr, const struct syscall_filter *f)
{
	unsigned n = syscall_filter_count(f);

	if (!n && !f->others)
		return false;
	if (f->others || n > TP_SPECIFIC_MAX)
		return true;
	for (int nr = 0; nr <= syscall_max_nr(); nr++) {
		const struct sc_desc *d;

		if (!syscall_filter_has(f, nr))
			continue;
		d = sc_descs_get(&tr->pr.descs, nr);
		if (!d || d->nargs < 0 || d->ret_kind == SC_RET_FD)
			return true;
		for (int i = 0; i < d->nargs; i++)
			if (d->args[i].fmt && d->args[i].fmt->is_fd)
				return true;
	}
	return false;
}

/* The -e list itself was parsed by cmd_trace (a bad name is a usage
 * error, found before anything is opened); this derives the rest. */
static int parse_filter(struct trace *tr)
{
	struct syscall_filter *f = &tr->pr.filter;

	if (tr->o.no_syscalls)
		memset(f, 0, sizeof(*f));
	else if (!tr->o.expr)
		syscall_filter_init_all(f);
	tr->pr.filter_given = tr->o.expr || tr->o.no_syscalls;
	/* Trace the calls that keep fd paths right too, unprinted, when any
	 * printed call shows a descriptor. */
	tr->kfilter = *f;
	if (filter_shows_fds(tr, f))
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

/* --call-graph fp|dwarf, -k (= dwarf: distro binaries have no frame
 * pointers, so fp stacks of their calls stop in libc), --kernel-syscall-graph. */
static int parse_stack_opts(struct trace *tr, char *err, size_t errlen)
{
	struct trace_opts *o = &tr->o;
	const char *mode = o->call_graph ? o->call_graph : o->stack_k ? "dwarf" : NULL;

	if (!mode) {
		if (o->kernel_stacks) {
			snprintf(err, errlen, "trace: --kernel-syscall-graph needs --call-graph or -k");
			return -1;
		}
		return 0;
	}
	if (!strcmp(mode, "fp")) {
		o->stack_flags = SCRY_CONF_STACKS;
	} else if (!strcmp(mode, "dwarf")) {
		o->stack_flags = SCRY_CONF_STACKS | SCRY_CONF_STACKS_DWARF;
	} else {
		snprintf(err, errlen, "trace: --call-graph %s: not fp or dwarf", mode);
		return -1;
	}
	if (o->kernel_stacks)
		o->stack_flags |= SCRY_CONF_KSTACK;
	if (o->input) {
		snprintf(err, errlen, "trace: -i prints the stacks a recording has: record them with scry trace record %s",
			 o->call_graph ? "--call-graph" : "-k");
		return -1;
	}
	if (o->no_bpf) {
		snprintf(err, errlen, "trace: --call-graph and -k need the BPF tracer, not --no-bpf");
		return -1;
	}
	return 0;
}

/* ---- events ----------------------------------------------------------------- */

static struct perf_event_attr base_attr(const struct trace *tr, unsigned ring_bytes)
{
	struct perf_event_attr a;

	memset(&a, 0, sizeof(a));
	a.size = sizeof(a);
	a.sample_period = 1;
	a.sample_type = PERF_SAMPLE_IDENTIFIER | PERF_SAMPLE_TID | PERF_SAMPLE_TIME | PERF_SAMPLE_CPU |
			PERF_SAMPLE_RAW;
	/* perf script insists on an ip to show: a recording has one. */
	if (tr->record_mode)
		a.sample_type |= PERF_SAMPLE_IP;
	a.sample_id_all = 1;
	/* One clock for the kernel's records, the BPF tracer's stamps and the
	 * reader's watermark. */
	a.use_clockid = 1;
	a.clockid = CLOCK_MONOTONIC;
	/* Wake the reader when a quarter of a ring is used; it also polls. */
	a.watermark = 1;
	a.wakeup_watermark = ring_bytes / 4;
	a.inherit = tr->o.inherit;
	if (tr->t.have_workload) {
		a.disabled = 1;
		a.enable_on_exec = 1;
	}
	return a;
}

/* A system-wide software event of ours (the BPF output, the metadata). */
static struct evsel *add_own_event(struct trace *tr, unsigned ring_bytes, u64 config, const char *name,
				   enum trace_role_kind kind)
{
	struct perf_event_attr a = base_attr(tr, ring_bytes);
	struct evsel *e;

	a.type = PERF_TYPE_SOFTWARE;
	a.config = config;
	a.inherit = 0;
	a.disabled = 0;
	a.enable_on_exec = 0;
	if (config == PERF_COUNT_SW_BPF_OUTPUT) {
		/* The record carries tid, pid, cpu and times itself. */
		a.sample_type = PERF_SAMPLE_IDENTIFIER | PERF_SAMPLE_TIME | PERF_SAMPLE_RAW |
				(tr->record_mode ? PERF_SAMPLE_IP : 0);
		/* Stacks are named from the processes' maps (util/trace/sc-stack.h). */
		if (tr->o.stack_flags)
			a.mmap = a.mmap2 = a.comm = a.comm_exec = a.task = 1;
	} else if (kind == ROLE_META) {
		/* What the metadata encoder writes (util/trace/trace-meta.h). */
		a.sample_type = TRACE_META_SAMPLE_TYPE;
	}
	e = evsel_new(&a, name);
	if (!e || !add_role(e, kind) || evlist_add(&tr->evlist, e)) {
		evsel_free(e);
		return NULL;
	}
	e->system_wide = true;
	return e;
}

static int add_sc_tracepoints(struct trace *tr, unsigned ring_bytes)
{
	struct perf_event_attr a = base_attr(tr, ring_bytes);
	char list[16384] = "", err[512];
	size_t off = 0;
	unsigned n = syscall_filter_count(&tr->kfilter);
	bool specific = n <= TP_SPECIFIC_MAX && !tr->kfilter.others;
	int nr, first = tr->evlist.nr;

	if (specific) {
		syscall_filter_for_each(nr, &tr->kfilter) {
			const struct sc_desc *d = sc_descs_get(&tr->pr.descs, nr);
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
	if (parse_events(&tr->evlist, tr->tracefs, list, &a, err, sizeof(err)) < 0) {
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
		struct trace_role *r = add_role(e, ROLE_SC_TP);
		if (!r)
			return -1;
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

	if (parse_events(&tr->evlist, tr->tracefs, tr->o.events, &a, err, sizeof(err)) < 0) {
		pr_err("%s", err);
		return -1;
	}
	for (int i = first; i < tr->evlist.nr; i++) {
		struct evsel *e = tr->evlist.evsels[i];
		struct trace_role *r = add_role(e, ROLE_EVENT);
		if (!r)
			return -1;
		if (evsel_is_tracepoint(e))
			r->tp = tp_formats_get(&tr->formats, e->tp_sys, e->tp_name);
	}
	return 0;
}

static int setup_targets(struct trace *tr)
{
	struct cpumap cpus;
	struct threadmap threads;
	char err[512];

	if (target_maps(&tr->t, &cpus, &threads, err, sizeof(err))) {
		pr_err("%s", err);
		return -1;
	}
	evlist_set_target(&tr->evlist, &cpus, &threads);
	return 0;
}

/* A --string-limit above what a string slot holds: the data buffers
 * (read's, write's; not structs) are copied by rule instead, as many bytes
 * as will be shown (up to SCRY_SC_CAP_PIECE). Their rules go first; the
 * slots they leave stay free. */
static void bufs_as_caps(struct scry_sc_nrconf *nc, unsigned limit)
{
	struct scry_sc_cap_rule rules[SCRY_SC_NCAP];
	unsigned n = 0;

	for (int k = 0; k < 2; k++) {
		struct scry_sc_cap_rule *cr;

		if (!nc->buf_arg[k] || nc->buf_size[k])
			continue;
		cr = &rules[n++];
		memset(cr, 0, sizeof(*cr));
		cr->arg = nc->buf_arg[k];
		cr->kind = nc->buf_out[k] ? SCRY_CAP_RETLEN : SCRY_CAP_ARGLEN;
		cr->when = nc->buf_out[k] ? SCRY_CAP_EXIT : SCRY_CAP_ENTRY;
		cr->len_arg = nc->buf_arg[k];   /* index + 1 of the buffer: the length's index */
		cr->max = (u16)MIN(limit, (unsigned)SCRY_SC_CAP_PIECE);
		nc->buf_arg[k] = 0;
	}
	if (!n)
		return;
	/* a struct left in slot 1 moves to slot 0 */
	if (!nc->buf_arg[0] && nc->buf_arg[1]) {
		nc->buf_arg[0] = nc->buf_arg[1];
		nc->buf_out[0] = nc->buf_out[1];
		nc->buf_size[0] = nc->buf_size[1];
		nc->buf_arg[1] = 0;
	}
	for (unsigned k = 0; k < SCRY_SC_NCAP && n < SCRY_SC_NCAP; k++)
		if (nc->cap[k].arg)
			rules[n++] = nc->cap[k];
	memcpy(nc->cap, rules, n * sizeof(rules[0]));
	memset(nc->cap + n, 0, (SCRY_SC_NCAP - n) * sizeof(rules[0]));
}

/* PF_KTHREAD (include/linux/sched.h), in the flags of /proc/PID/stat. */
#define PF_KTHREAD_FLAG 0x00200000u

/* A kernel thread makes no syscalls: nothing to trace, and its
 * /proc/PID/syscall ("0 0x0 ...") would read as a call in progress. */
static bool is_kernel_thread(pid_t pid)
{
	char path[64], buf[512];
	const char *p;
	unsigned long flags;
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return false;
	buf[n] = '\0';
	p = strrchr(buf, ')');          /* the comm may hold spaces and parens */
	/* ") S ppid pgrp session tty_nr tpgid flags" */
	return p && sscanf(p + 1, " %*c %*d %*d %*d %*d %*d %lu", &flags) == 1 && (flags & PF_KTHREAD_FLAG);
}

static int check_not_kernel_threads(const struct target *t)
{
	for (int i = 0; i < t->nr_procs; i++)
		if (t->procs[i] > 0 && is_kernel_thread(t->procs[i])) {
			pr_err("%d: kernel thread, no syscalls to trace", (int)t->procs[i]);
			return -1;
		}
	return 0;
}

static int setup_bpf(struct trace *tr)
{
	struct scry_sc_nrconf *nc = calloc(SCRY_SC_NR_MAX, sizeof(*nc));
	const char **tp_names = calloc(SCRY_SC_NR_MAX, sizeof(*tp_names));
	struct sc_bpf_config cfg = { 0 };
	u8 stack_nrs[SCRY_SC_NR_MAX] = { 0 };
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
	/* rt_sigreturn's own sys_exit tracepoint never fires (the restored
	 * registers say no syscall): only the raw one sees it return. */
	if (syscall_nr("rt_sigreturn") >= 0 && syscall_filter_has(&tr->kfilter, syscall_nr("rt_sigreturn")))
		cfg.per_syscall = false;
	for (int nr = 0; nr < SCRY_SC_NR_MAX; nr++) {
		const struct sc_desc *d;
		if (!syscall_filter_has(&tr->kfilter, nr))
			continue;
		d = sc_descs_get(&tr->pr.descs, nr);
		nc[nr].traced = 1;
		if (d && d->has_tracepoint)
			tp_names[nr] = d->tp_name;
		else
			cfg.per_syscall = false;
		if (d) {
			nc[nr].noreturn = d->noreturn;
			nc[nr].str_arg[0] = d->str_args[0];
			nc[nr].str_arg[1] = d->str_args[1];
			nc[nr].vec_arg = d->vec_arg;
			nc[nr].cnt_arg = d->cnt_arg;
			for (int k = 0; k < 2; k++) {
				nc[nr].buf_arg[k] = d->buf_arg[k];
				nc[nr].buf_out[k] = d->buf_out[k];
				nc[nr].buf_size[k] = d->buf_size[k];
			}
			for (unsigned k = 0; k < d->ncap; k++) {
				nc[nr].cap[k] = d->caps[k];
				/* data bytes: as many as will be shown */
				if (d->caps[k].max == SC_CAP_MAX_STRLIMIT)
					nc[nr].cap[k].max = (u16)MIN((unsigned)tr->o.string_limit, (unsigned)SCRY_SC_CAP_PIECE);
			}
			if ((unsigned)tr->o.string_limit > SCRY_SC_STR_MAX && !d->vec_arg && !d->cnt_arg)
				bufs_as_caps(&nc[nr], (unsigned)tr->o.string_limit);
		}
	}
	cfg.nrconf = nc;
	cfg.tp_names = tp_names;
	/* Stacks for the calls printed (not for those traced for fd paths). */
	cfg.stack_flags = tr->o.stack_flags;
	if (cfg.stack_flags)
		for (int nr = 0; nr < SCRY_SC_NR_MAX; nr++)
			stack_nrs[nr] = syscall_filter_has(&tr->pr.filter, nr);
	cfg.stack_nrs = cfg.stack_flags ? stack_nrs : NULL;
	cfg.self_tgid = (u32)getpid();
	cfg.follow_forks = tr->o.inherit;
	cfg.mode = tr->t.tids ? SCRY_MODE_TID : (tr->t.pids || tr->t.have_workload) ? SCRY_MODE_TGID : SCRY_MODE_ALL;
	if (sc_bpf_load(&tr->bpf, &cfg, err, sizeof(err))) {
		pr_err("%s", err);
		goto out;
	}
	for (int i = 0; i < tr->evlist.nr; i++)
		if (role_of(tr->evlist.evsels[i]) == ROLE_BPF_OUTPUT)
			out = tr->evlist.evsels[i];
	for (int c = 0; out && c < tr->evlist.cpus.nr; c++)
		if (out->fds[c] >= 0 && sc_bpf_set_output(&tr->bpf, tr->evlist.cpus.cpu[c], out->fds[c])) {
			pr_err("cannot connect the BPF tracer to cpu %d: %s", tr->evlist.cpus.cpu[c], strerror(errno));
			goto out;
		}
	if (tr->t.have_workload)
		sc_bpf_add_target(&tr->bpf, (u32)tr->t.wl.pid, SCRY_TARGET_ARMED);
	for (int i = 0; i < tr->t.nr_procs; i++)
		sc_bpf_add_target(&tr->bpf, (u32)tr->t.procs[i], SCRY_TARGET_ACTIVE);
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

	if (tr->t.pids || tr->t.tids || tr->t.have_workload)
		return;
	snprintf(filter, sizeof(filter), "common_pid != %d", getpid());
	for (int i = 0; i < tr->evlist.nr; i++) {
		struct evsel *e = tr->evlist.evsels[i];
		if (role_of(e) != ROLE_SC_TP)
			continue;
		for (int j = 0; j < e->nr_fds; j++)
			if (e->fds[j] >= 0)
				ioctl(e->fds[j], PERF_EVENT_IOC_SET_FILTER, filter);
	}
}

/* Everything up to the point where the workload may run: the syscall
 * selection, tracefs, the events (opened and mapped), the BPF tracer. */
static int open_tracing(struct trace *tr)
{
	char err[512], why[256] = "";
	unsigned pages, ring_bytes;

	tr->tracefs = cmd_tracefs();
	if (!tr->tracefs)
		return -1;
	if (tp_formats_init(&tr->formats, tr->tracefs) || trace_printer_init(&tr->pr, &tr->formats, true)) {
		pr_err("out of memory");
		return -1;
	}
	if (parse_filter(tr))
		return -1;
	/* The workload is forked before anything is opened, so it inherits
	 * nothing of ours; it waits for us to attach. */
	if (target_prepare(&tr->t, false, err, sizeof(err))) {
		pr_err("%s", err);
		return -1;
	}
	if (tr->t.have_workload)
		tr->pr.workload_pid = tr->t.wl.pid;
	target_signals_install();
	if (setup_targets(tr) || check_not_kernel_threads(&tr->t))
		return -1;

	pages = target_ring_pages(&tr->t, tr->evlist.cpus.nr);
	ring_bytes = pages * (unsigned)sysconf(_SC_PAGESIZE);
	/* The BPF tracer also reports signals and exits: wanted even with
	 * -e none (as strace's trace=none still shows them). */
	if (!tr->o.no_syscalls) {
		if (!tr->o.no_bpf && sc_bpf_supported(why, sizeof(why)))
			tr->use_bpf = true;
		else if (!tr->o.no_bpf)
			pr_info("%s: using tracepoints (path strings show as pointers)", why);
	}
	if (tr->o.stack_flags && !tr->use_bpf) {
		pr_err("--call-graph and -k need the BPF tracer%s%s", why[0] ? ": " : "", why);
		return -1;
	}
	if (tr->o.stack_flags && !tr->record_mode && !(tr->pr.stacks = sc_stacks_new(true))) {
		pr_err("out of memory");
		return -1;
	}
	/* The BPF tracer writes into system-wide per-cpu rings: a cpu list
	 * applies to the tracepoint backend only. */
	if (tr->use_bpf && tr->t.cpus)
		pr_warn("-C applies to --event and the tracepoint backend; the BPF tracer sees every cpu");
	if (tr->use_bpf) {
		if (!add_own_event(tr, ring_bytes, PERF_COUNT_SW_BPF_OUTPUT, TRACE_BPF_EVENT_NAME, ROLE_BPF_OUTPUT))
			return -1;
	} else if (!filter_is_empty(&tr->kfilter)) {
		if (add_sc_tracepoints(tr, ring_bytes))
			return -1;
	}
	if (tr->o.events && add_user_events(tr, ring_bytes))
		return -1;
	if (!tr->evlist.nr) {
		pr_err("nothing to trace: the syscall list is empty and no --event was given");
		return -1;
	}
	if (tr->record_mode) {
		tr->meta = add_own_event(tr, ring_bytes, PERF_COUNT_SW_DUMMY, TRACE_META_EVENT_NAME, ROLE_META);
		if (!tr->meta)
			return -1;
	}
	tr->pr.names_in_records = tr->use_bpf;
	tr->pr.track_comms = tr->o.events != NULL;
	tr->pr.tid_targets = tr->t.tids != NULL;
	if (evlist_open(&tr->evlist, err, sizeof(err))) {
		pr_err("%s", err);
		return -1;
	}
	if (evlist_mmap(&tr->evlist, pages, err, sizeof(err))) {
		pr_err("%s", err);
		return -1;
	}
	if (tr->use_bpf) {
		if (setup_bpf(tr)) {
			pr_err("try --no-bpf to trace with tracepoints instead");
			return -1;
		}
		tr->bpf_ok = true;
	} else {
		set_tp_filters(tr);
	}
	return 0;
}

/* Learn what the targets already have (descriptors, calls in progress)
 * while they certainly exist; in record mode, return them to store. */
static void learn_targets(struct trace *tr)
{
	if (tr->t.pids || tr->t.tids)
		trace_printer_load_attach_calls(&tr->pr, &tr->evlist.threads);
	else if (tr->t.all_cpus)
		trace_printer_load_attach_args_all(&tr->pr, getpid());
	if (tr->t.have_workload)
		fdtables_seed(&tr->pr.fdt, tr->t.wl.pid, getpid());
	for (int i = 0; i < tr->t.nr_procs; i++)
		if (tr->t.pids)
			fdtables_seed(&tr->pr.fdt, tr->t.procs[i], tr->t.procs[i]);
}

/* The kernel reports lost records with the next record it manages to
 * write; records lost at the very end have no next record. The BPF tracer
 * counts its failed writes itself: whatever that count exceeds the reported
 * losses by was lost at the end. */
static u64 unreported_loss(struct trace *tr, u64 reported)
{
	u64 failed = tr->bpf_ok ? sc_bpf_counter(&tr->bpf, SCRY_CNT_OUTPUT_FAIL) : 0;

	return failed > reported ? failed - reported : 0;
}

/* ---- live ---------------------------------------------------------------- */

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
	return outbuf_init_fd(&tr->pr.out, tr->out_fd, tr->out_is_tty ? 16384 : 1u << 20);
}

static void bpf_inflight_cb(const struct scry_sc_rec *r, void *arg)
{
	trace_printer_inflight(arg, r);
}

static int finish_output(struct trace *tr, u64 queue_lost, u64 inflight_full, u64 unparsable)
{
	trace_printer_summary(&tr->pr);
	outbuf_flush(&tr->pr.out);
	trace_printer_lost_summary(&tr->pr, queue_lost, inflight_full, unparsable);
	if (tr->pr.out.error) {
		pr_err("cannot write the trace to %s: %s", tr->o.output ? tr->o.output : "stderr",
		       strerror(tr->pr.out.error));
		return -1;
	}
	return 0;
}

/* After the last line is out: hand the syscall tracepoints' slow removal to
 * a helper that outlives scry (util/core/perf-release.h). */
static void release_in_background(struct trace *tr)
{
	if (tr->bpf_ok)
		sc_bpf_stop(&tr->bpf);
	evlist_disable(&tr->evlist);
	if ((tr->bpf_ok && tr->bpf.per_syscall) || evlist_has_tracepoint(&tr->evlist))
		perf_release_in_background();
}

static int trace_live(struct trace *tr)
{
	struct session_tool tool = { .sample = trace_printer_sample, .record = trace_printer_record,
				     .lost = trace_printer_lost, .priv = &tr->pr };
	char err[512];
	int rc = 1, pidfd;

	if (open_output(tr) || open_tracing(tr))
		goto out;
	session_init(&tr->session, &tr->evlist, &tool);
	if (session_live_start(&tr->session, 1ull << 30, err, sizeof(err))) {
		pr_err("%s", err);
		goto out;
	}
	tr->base_ns = tr->pr.popts.base_ns = now_ns();
	learn_targets(tr);
	if (target_start(&tr->t, err, sizeof(err))) {
		pr_err("%s", err);
		goto out;
	}
	/* The workload's end wakes the loop at once (a pidfd is readable
	 * then), not at the next timeout. */
	pidfd = tr->t.have_workload ? (int)syscall(SYS_pidfd_open, tr->t.wl.pid, 0) : -1;
	for (;;) {
		struct pollfd p[2] = { { session_wake_fd(&tr->session), POLLIN, 0 }, { pidfd, POLLIN, 0 } };

		poll(p, pidfd >= 0 ? 2 : 1, 100);
		if (session_live_deliver(&tr->session))
			break;
		if (tr->out_is_tty || tr->pr.out.len > (tr->pr.out.cap >> 1))
			outbuf_flush(&tr->pr.out);
		if (target_done(&tr->t))
			break;
	}
	/* Told to stop while the command runs: end it as strace and perf do
	 * (SIGTERM, SIGKILL on a second signal) rather than leave it running
	 * untraced; its end is traced (the reader keeps draining meanwhile).
	 * -p targets are left running. */
	target_stop_workload(&tr->t);
	if (pidfd >= 0)
		close(pidfd);
	/* Stop tracing new calls, then report those still in flight. */
	session_live_finish(&tr->session);
	trace_printer_lost_end(&tr->pr, unreported_loss(tr, tr->pr.lost_total - tr->session.stats.lost_queue));
	if (tr->bpf_ok && (target_stop_signal() || tr->t.nr_procs || tr->t.all_cpus))
		sc_bpf_for_each_inflight(&tr->bpf, bpf_inflight_cb, &tr->pr);
	trace_printer_flush_attach_calls(&tr->pr, tr->base_ns);
	if (tr->t.have_workload && tr->t.wl_exited)
		trace_printer_workload_exit(&tr->pr, tr->t.wl.pid, tr->t.wl_status, now_ns());
	rc = finish_output(tr, tr->session.stats.lost_queue,
			   tr->bpf_ok ? sc_bpf_counter(&tr->bpf, SCRY_CNT_INFLIGHT_FULL) : 0, tr->session.stats.unparsable)
		     ? 1
		     : target_exit_code(&tr->t);
	release_in_background(tr);
out:
	if (tr->bpf_ok)
		sc_bpf_close(&tr->bpf);
	session_release(&tr->session);
	if (rc == 1)
		target_abort(&tr->t);
	return rc;
}

/* ---- record ---------------------------------------------------------------- */

/* A metadata sample of the "scry:trace-meta" event (util/trace/trace-meta.h). */
static void write_meta(struct trace *tr, u32 kind, u64 a, u64 b, u64 c, const void *payload, u32 len, u64 time)
{
	struct trace_meta m = { kind, len, a, b, c };
	struct perf_event_header *h;

	if (!tr->meta->nr_fds)
		return;
	h = trace_meta_record_new(tr->meta->ids[0], time, &m, payload);
	if (!h)
		return;
	recorder_write(&tr->rec, h);
	free(h);
}

static void meta_fd_cb(void *arg, pid_t pid, int fd, const char *path)
{
	struct trace *tr = arg;

	write_meta(tr, META_FD, (u64)pid, (u64)fd, 0, path, (u32)strlen(path), tr->base_ns);
}

static void meta_attach_cb(void *arg, u32 tid, u32 pid, int nr, const u64 *args)
{
	struct trace *tr = arg;

	write_meta(tr, META_ATTACH, tid, pid, (u64)nr, args, SCRY_SC_NARGS * sizeof(u64), tr->base_ns);
}

static void write_start_meta(struct trace *tr)
{
	write_meta(tr, META_START, tr->base_ns, tr->t.have_workload ? (u64)tr->t.wl.pid : 0, 0, NULL, 0, tr->base_ns);
	write_meta(tr, META_FILTER, tr->pr.filter.others, 0, 0, tr->pr.filter.bits, sizeof(tr->pr.filter.bits),
		   tr->base_ns);
	/* The descriptors the targets have, as the live printer knows them,
	 * and the calls they were in when we attached. */
	for (int i = 0; i < tr->t.nr_procs + (tr->t.have_workload ? 1 : 0); i++)
		fdtables_for_each(&tr->pr.fdt, i < tr->t.nr_procs ? tr->t.procs[i] : tr->t.wl.pid, meta_fd_cb, tr);
	trace_printer_for_each_attach_call(&tr->pr, meta_attach_cb, tr);
}

static void record_inflight_cb(const struct scry_sc_rec *r, void *arg)
{
	struct trace *tr = arg;

	write_meta(tr, META_INFLIGHT, 0, 0, 0, r, (u32)sizeof(*r), now_ns());
}

static int build_record_header(struct trace *tr)
{
	const char **sys = calloc(SCRY_SC_NR_MAX * 2 + (size_t)tr->evlist.nr, sizeof(char *));
	const char **name = calloc(SCRY_SC_NR_MAX * 2 + (size_t)tr->evlist.nr, sizeof(char *));
	char (*names)[64] = calloc(SCRY_SC_NR_MAX, 64);
	struct outbuf ob;
	char err[512];
	u32 n = 0;
	int rc = -1;

	if (!sys || !name || !names)
		goto out;
	/* Argument names of every traced syscall (the replay names them). */
	for (int nr = 0; nr < SCRY_SC_NR_MAX; nr++) {
		const struct sc_desc *d;
		if (!syscall_filter_has(&tr->kfilter, nr) || !(d = sc_descs_get(&tr->pr.descs, nr)) || !d->has_tracepoint)
			continue;
		snprintf(names[nr], 64, "sys_enter_%s", d->tp_name);
		sys[n] = "syscalls";
		name[n++] = names[nr];
	}
	/* And the formats of the tracepoints opened. */
	for (int i = 0; i < tr->evlist.nr; i++) {
		struct evsel *e = tr->evlist.evsels[i];
		bool dup = false;
		if (!evsel_is_tracepoint(e))
			continue;
		for (u32 j = 0; j < n; j++)
			dup |= !strcmp(sys[j], e->tp_sys) && !strcmp(name[j], e->tp_name);
		if (!dup) {
			sys[n] = e->tp_sys;
			name[n++] = e->tp_name;
		}
	}
	outbuf_init_mem(&ob);
	if (tracing_data_build(tr->tracefs, sys, name, n, &ob, err, sizeof(err))) {
		pr_err("%s", err);
		outbuf_release(&ob);
		goto out;
	}
	tr->hdr.tracing_data = ob.buf;
	tr->hdr.tracing_data_size = ob.len;
	data_header_set(&tr->hdr, FEAT_TRACING_DATA);
	/* The file's attrs: the events with their ids and names. */
	tr->nr_fattrs = (u32)tr->evlist.nr;
	tr->fattrs = calloc(tr->nr_fattrs, sizeof(*tr->fattrs));
	if (!tr->fattrs)
		goto out;
	for (u32 i = 0; i < tr->nr_fattrs; i++) {
		struct evsel *e = tr->evlist.evsels[i];
		struct file_attr *fa = &tr->fattrs[i];
		fa->attr = e->attr;
		fa->name = strdup(e->name);
		fa->ids = calloc((size_t)(e->nr_fds ? e->nr_fds : 1), sizeof(u64));
		if (!fa->name || !fa->ids)
			goto out;
		for (int j = 0; j < e->nr_fds; j++)
			if (e->fds[j] >= 0)
				fa->ids[fa->nr_ids++] = e->ids[j];
	}
	rc = 0;
out:
	free(sys);
	free(name);
	free(names);
	return rc;
}

static int trace_record(struct trace *tr)
{
	struct data_writer_opts wo = { .path = tr->o.output ? tr->o.output : "scry.data" };
	bool tty = isatty(STDERR_FILENO) && !tr->o.quiet;
	char err[512];
	u64 last = 0, lost_reported;
	int rc = 1;

	outbuf_init_mem(&tr->pr.out);       /* the printer learns, never prints */
	if (open_tracing(tr) || build_record_header(tr))
		goto out;
	tr->w = data_writer_create(&wo, err, sizeof(err));
	data_header_set(&tr->hdr, FEAT_EVENT_DESC);
	if (!tr->w || data_writer_start(tr->w, tr->fattrs, tr->nr_fattrs, &tr->hdr, err, sizeof(err))) {
		pr_err("%s", err);
		goto out;
	}
	recorder_init(&tr->rec, &tr->evlist, tr->w, NULL);
	tr->base_ns = tr->pr.popts.base_ns = now_ns();
	learn_targets(tr);
	write_start_meta(tr);
	if (target_start(&tr->t, err, sizeof(err))) {
		pr_err("%s", err);
		goto out;
	}
	{
		/* The rings, and the workload's pidfd (its end wakes us at once). */
		int n = tr->evlist.nr_rings;
		struct pollfd *pfd = calloc((size_t)n + 1, sizeof(*pfd));
		for (int i = 0; pfd && i < n; i++) {
			pfd[i].fd = tr->evlist.rings[i].fd;
			pfd[i].events = POLLIN;
		}
		if (pfd) {
			pfd[n].fd = tr->t.have_workload ? (int)syscall(SYS_pidfd_open, tr->t.wl.pid, 0) : -1;
			pfd[n].events = POLLIN;
		}
		while (!target_done(&tr->t) && !tr->rec.write_failed) {
			if (!recorder_drain(&tr->rec) && pfd)
				poll(pfd, (nfds_t)n + 1, 100);
			if (tty)
				recorder_progress(&tr->rec, "trace record", &last);
		}
		if (pfd && pfd[n].fd >= 0)
			close(pfd[n].fd);
		free(pfd);
		if (tty)
			fputc('\n', stderr);
	}
	/* As live: the command ends with the trace (its end recorded). */
	target_stop_workload(&tr->t);
	recorder_drain(&tr->rec);
	evlist_disable(&tr->evlist);
	recorder_drain(&tr->rec);
	recorder_drain(&tr->rec);
	lost_reported = tr->rec.lost;
	write_meta(tr, META_LOST_END, unreported_loss(tr, lost_reported), 0, 0, NULL, 0, now_ns());
	if (tr->bpf_ok && (target_stop_signal() || tr->t.nr_procs || tr->t.all_cpus))
		sc_bpf_for_each_inflight(&tr->bpf, record_inflight_cb, tr);
	if (tr->t.have_workload && tr->t.wl_exited)
		write_meta(tr, META_WORKLOAD, (u64)tr->t.wl.pid, (u64)tr->t.wl_status, 0, NULL, 0, now_ns());
	data_writer_round(tr->w);
	data_header_fill_host(&tr->hdr, tr->orig_argc, tr->orig_argv);
	recorder_fill_header(&tr->rec, &tr->hdr);
	data_header_set(&tr->hdr, FEAT_EVENT_DESC);
	if (data_writer_finish(tr->w, &tr->hdr, err, sizeof(err))) {
		pr_err("%s", err);
		goto out;
	}
	if (data_writer_stats(tr->w)->error) {
		pr_err("trace record: writing %s failed: %s", wo.path, strerror(data_writer_stats(tr->w)->error));
		goto out;
	}
	if (!tr->o.quiet)
		fprintf(stderr, "[ scry trace record: %llu records, %llu lost, %.3f MB written to %s ]\n",
			(unsigned long long)tr->rec.samples, (unsigned long long)tr->rec.lost,
			(double)data_writer_stats(tr->w)->bytes_out / (1 << 20), wo.path);
	rc = target_exit_code(&tr->t);
	release_in_background(tr);
out:
	if (tr->bpf_ok)
		sc_bpf_close(&tr->bpf);
	if (rc == 1)
		target_abort(&tr->t);
	return rc;
}

/* ---- replay ------------------------------------------------------------------ */

/* What each event of a recorded trace is, from its name and format. */
static int assign_roles(struct trace *tr)
{
	for (int i = 0; i < tr->evlist.nr; i++) {
		struct evsel *e = tr->evlist.evsels[i];
		struct tep_event *tp = NULL;
		struct trace_role *r;

		if (e->priv)
			continue;
		if (!strcmp(e->name, TRACE_BPF_EVENT_NAME)) {
			r = add_role(e, ROLE_BPF_OUTPUT);
			tr->pr.names_in_records = true;
		} else if (!strcmp(e->name, TRACE_META_EVENT_NAME)) {
			r = add_role(e, ROLE_META);
		} else {
			if (evsel_is_tracepoint(e))
				tp = tp_formats_by_id(tr->pr.formats, (int)e->attr.config);
			if (tp && tp->system && (!strcmp(tp->system, "syscalls") || !strcmp(tp->system, "raw_syscalls"))) {
				r = add_role(e, ROLE_SC_TP);
				if (r && sc_tp_layout_of(tp, &r->layout))
					r->kind = ROLE_EVENT;
			} else {
				r = add_role(e, ROLE_EVENT);
			}
			if (r)
				r->tp = tp;
		}
		if (!r)
			return -1;
	}
	return 0;
}

static int replay_sample(struct session *s, struct evsel *e, const struct perf_sample *smp,
			 const struct perf_event_header *h)
{
	struct trace *tr = container_of(s, struct trace, session);

	if (!e->priv && assign_roles(tr))
		return -1;
	return trace_printer_sample(s, e, smp, h);
}

static int trace_replay(struct trace *tr)
{
	struct session_tool tool = { .sample = replay_sample, .record = trace_printer_record,
				     .lost = trace_printer_lost, .priv = &tr->pr };
	char err[512];
	int rc = 1, formats;

	/* Stacks recorded with --call-graph are shown as recorded. */
	tr->pr.stacks = sc_stacks_new(false);
	if (file_session_open(&tr->fs, tr->o.input, err, sizeof(err))) {
		pr_err("%s", err);
		return 1;
	}
	if (trace_printer_init(&tr->pr, &tr->fs.formats, false) || open_output(tr))
		goto out;
	if (parse_filter(tr))
		goto out;
	formats = file_session_load_formats(&tr->fs, err, sizeof(err));
	if (!formats && !data_reader_is_pipe(tr->fs.reader)) {
		pr_err("%s: not a trace recording (no tracepoint formats): use scry script", tr->o.input);
		goto out;
	}
	if (formats < 0) {
		pr_err("%s: %s", tr->o.input, err);
		goto out;
	}
	session_init(&tr->session, &tr->evlist, &tool);
	rc = session_file_run(&tr->session, tr->fs.reader, err, sizeof(err));
	trace_printer_flush_attach_calls(&tr->pr, tr->pr.popts.base_ns);
	if (rc < 0)
		pr_err("%s: %s", tr->o.input, err);
	if (finish_output(tr, 0, 0, tr->session.stats.unparsable))
		rc = -1;
	rc = rc < 0 ? 1 : 0;
out:
	session_release(&tr->session);
	return rc;
}

/* ---- command line ------------------------------------------------------------ */

int cmd_trace(int argc, const char **argv)
{
	struct trace *tr = calloc(1, sizeof(*tr));
	char err[512];
	int rc, idx;
	bool record = argc > 1 && !strcmp(argv[1], "record");

	if (!tr) {
		pr_err("out of memory");
		return 1;
	}
	tr->record_mode = record;
	tr->orig_argc = argc;
	tr->orig_argv = argv;
	if (record) {
		argc--;
		argv++;
	}
	tr->o.show_comm = true;
	tr->o.inherit = true;
	tr->o.string_limit = SC_STRING_LIMIT_DEFAULT;
	struct opt opts[] = {
		{ OPT_GROUP, 0, NULL, NULL, NULL, "What to trace", 0, NULL },
		{ OPT_STRING, 'e', "expr", &tr->o.expr, "LIST",
		  "syscalls to trace: names, globs (*stat*), groups (%file %desc %net %process %memory "
		  "%signal %ipc), !excluded",
		  0, NULL },
		{ OPT_STRING, 'p', "pid", &tr->t.pids, "PID[,PID]", "trace these running processes (all their threads)", 0, NULL },
		{ OPT_STRING, 't', "tid", &tr->t.tids, "TID[,TID]", "trace these threads only", 0, NULL },
		{ OPT_BOOL, 'a', "all-cpus", &tr->t.all_cpus, NULL, "trace every process on the system", OPT_NONEG, NULL },
		{ OPT_STRING, 'C', "cpu", &tr->t.cpus, "CPUS", "with -a: only these cpus (tracepoint backend and --event)", 0, NULL },
		{ OPT_STRING, 0, "event", &tr->o.events, "EV[,EV]",
		  "also show these events (tracepoints like sched:sched_switch, globs)", 0, NULL },
		{ OPT_BOOL, 0, "no-syscalls", &tr->o.no_syscalls, NULL, "trace no syscalls (with --event)", OPT_NONEG, NULL },
		{ OPT_BOOL, 0, "no-signals", &tr->o.no_signals, NULL, "do not show signals (--- SIGCHLD {...} ---)", OPT_NONEG, NULL },
		{ OPT_BOOL, 0, "inherit", &tr->o.inherit, NULL, "follow new processes (default; --no-inherit: only the targets)", 0, NULL },
		{ OPT_GROUP, 0, NULL, NULL, NULL, "What to show", 0, NULL },
		{ OPT_STRING, 'o', "output", &tr->o.output, "FILE",
		  "write the trace to FILE instead of stderr (trace record: the data file, default scry.data)", 0, NULL },
		{ OPT_STRING, 'i', "input", &tr->o.input, "FILE", "print a trace recorded with scry trace record", 0, NULL },
		{ OPT_DOUBLE, 0, "duration", &tr->o.duration_ms, "MS", "only calls that took longer than MS milliseconds", 0, NULL },
		{ OPT_BOOL, 0, "failure", &tr->o.failure_only, NULL, "only calls that failed", OPT_NONEG, NULL },
		{ OPT_STRING, 0, "call-graph", &tr->o.call_graph, "fp|dwarf",
		  "each call's user stack under its line: frame pointers, or DWARF unwinding of 8 KB of stack", 0, NULL },
		{ OPT_BOOL, 'k', "stack-traces", &tr->o.stack_k, NULL, "strace's -k: --call-graph dwarf", OPT_NONEG, NULL },
		{ OPT_BOOL, 0, "kernel-syscall-graph", &tr->o.kernel_stacks, NULL,
		  "with --call-graph or -k: the kernel stack too (at the syscall's return)", OPT_NONEG, NULL },
		{ OPT_BOOL, 0, "kernel-callchains", &tr->o.kernel_stacks, NULL, "the same as --kernel-syscall-graph",
		  OPT_NONEG, NULL },
		{ OPT_BOOL, 's', "summary", &tr->o.summary_only, NULL, "only a per-thread summary table at the end", OPT_NONEG, NULL },
		{ OPT_BOOL, 'S', "with-summary", &tr->o.with_summary, NULL, "the calls and the summary table", OPT_NONEG, NULL },
		{ OPT_BOOL, 'T', "time", &tr->o.abs_time, NULL, "absolute timestamps (CLOCK_MONOTONIC ms) instead of relative", OPT_NONEG, NULL },
		{ OPT_BOOL, 0, "comm", &tr->o.show_comm, NULL, "show the thread name before the tid (default)", 0, NULL },
		{ OPT_UINT, 0, "string-limit", &tr->o.string_limit, "N",
		  "show at most N bytes of a buffer or argv string, N strings of an argv (default 32, as strace -s; 256 captured)", 0, NULL },
		{ OPT_GROUP, 0, NULL, NULL, NULL, "How", 0, NULL },
		{ OPT_BOOL, 0, "no-bpf", &tr->o.no_bpf, NULL, "use syscall tracepoints instead of the BPF tracer", OPT_NONEG, NULL },
		{ OPT_UINT, 'm', "mmap-pages", &tr->t.mmap_pages, "PAGES", "ring buffer pages per cpu (rounded up to a power of two)", 0, NULL },
		{ OPT_COUNT, 'v', "verbose", &tr->o.verbose, NULL, "more messages (-vv: debugging)", 0, NULL },
		{ OPT_BOOL, 'q', "quiet", &tr->o.quiet, NULL, "no informational messages", OPT_NONEG, NULL },
		OPT_END_MARK,
	};

	idx = options_parse(opts, argc, argv, record ? "trace record" : "trace", trace_usage, true, tr);
	if (idx < 0) {
		free(tr);
		return options_exit_status(idx);
	}
	log_set_level(tr->o.quiet ? LOG_QUIET : tr->o.verbose);
	tr->t.argv = argv + idx;
	tr->t.argc = argc - idx;

	rc = 1;
	if (tr->o.input) {
		if (record || tr->t.argc || tr->t.pids || tr->t.tids || tr->t.all_cpus) {
			pr_err("trace: -i replays a recording: no command, -p, -t or -a with it");
			rc = options_usage_error(opts, trace_usage);
			goto out;
		}
	} else if (target_check(&tr->t, "trace", "trace", err, sizeof(err))) {
		pr_err("%s", err);
		rc = options_usage_error(opts, trace_usage);
		goto out;
	}
	if (parse_stack_opts(tr, err, sizeof(err))) {
		pr_err("%s", err);
		rc = options_usage_error(opts, trace_usage);
		goto out;
	}
	if (tr->o.expr && !tr->o.no_syscalls &&
	    syscall_filter_parse(&tr->pr.filter, tr->o.expr, err, sizeof(err))) {
		pr_err("%s", err);
		rc = options_usage_error(opts, trace_usage);
		goto out;
	}
	tr->pr.duration_ns = (u64)(tr->o.duration_ms * 1e6);
	tr->pr.print_events = !tr->o.summary_only;
	tr->pr.failure_only = tr->o.failure_only;
	tr->pr.no_signals = tr->o.no_signals;
	tr->pr.summary = tr->o.summary_only || tr->o.with_summary;
	tr->pr.popts.show_comm = tr->o.show_comm;
	tr->pr.popts.abs_time = tr->o.abs_time;
	tr->pr.popts.align = 40;
	tr->pr.popts.string_limit = (unsigned)tr->o.string_limit;
	tr->pr.target_gone = printer_target_gone;
	tr->pr.target_arg = tr;
	tr->session.wake_fd = -1;
	evlist_init(&tr->evlist);
	data_header_init(&tr->hdr);

	if (tr->o.input)
		rc = trace_replay(tr);
	else if (record)
		rc = trace_record(tr);
	else
		rc = trace_live(tr);

	free_roles(&tr->evlist);
	evlist_release(&tr->evlist);
	trace_printer_release(&tr->pr);
	tp_formats_release(&tr->formats);
	file_session_close(&tr->fs);
	if (tr->w)
		data_writer_free(tr->w);
	file_attrs_free(tr->fattrs, tr->nr_fattrs);
	data_header_free(&tr->hdr);
	if (tr->out_fd > STDERR_FILENO)
		close(tr->out_fd);
	outbuf_release(&tr->pr.out);
	target_release(&tr->t);
out:
	free(tr);
	return rc;
}
