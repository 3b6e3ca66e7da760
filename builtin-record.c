/* scry record: sample or trace events into a perf.data-compatible file.
 *
 * Events are opened per cpu (and per thread of the target), their rings
 * drained in passes: each pass's records are written as they come, then a
 * FINISHED_ROUND, exactly as perf does, so perf and scry both read the
 * file. The file is self-describing: event names, tracepoint formats, the
 * machine it was recorded on, build-ids of the DSOs samples hit. */
#include <dirent.h>
#include <sys/wait.h>
#include <fcntl.h>
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "arch/x86/perf-regs.h"
#include "builtin.h"
#include "util/perfdata/data-file.h"
#include "util/debug.h"
#include "util/core/evlist.h"
#include "util/core/perf-release.h"
#include "util/core/target.h"
#include "util/options.h"
#include "util/outbuf.h"
#include "util/xalloc.h"
#include "util/core/parse-events.h"
#include "util/perfdata/portable-record.h"
#include "util/perfdata/record-buildid.h"
#include "util/perfdata/recorder.h"
#include "util/perfdata/switch-output.h"
#include "util/perfdata/synthesize.h"
#include "util/core/tracefs.h"
#include "util/perfdata/tracing-data.h"

#define DEFAULT_FREQ 4000
#define DEFAULT_STACK_DUMP 8192
#define KALLSYMS "/proc/kallsyms"

/* One -e and the --filter that followed it. */
struct event_arg {
	const char *spec;
	char *filter;
};

struct record_opts {
	struct event_arg *events;       /* -e, in order */
	int nr_events;
	bool all_user, all_kernel;
	unsigned freq;          /* -F HZ; 0: the default */
	bool freq_max;          /* -F max */
	u64 period;             /* -c PERIOD; 0: sample by frequency */
	bool raw_samples;       /* -R: PERF_SAMPLE_RAW on every event */
	const char *delay;      /* -D MS | MS-MS,... */
	bool callchain_fp;
	const char *call_graph;
	const char *output;
	bool quiet;
	int verbose;
	const char *compress;   /* -z[LEVEL] */
	bool compress_set;
	bool inherit;
	bool no_embed;          /* --no-embed: no portable section */
	const char *switch_spec;        /* --switch-output[=signal|SIZE|TIME] */
	bool switch_set;
	unsigned switch_max_files;      /* --switch-max-files N */
	const char *pprof_dir;          /* --pprof-dir DIR: each piece also as a pprof profile */
};

struct record {
	struct record_opts o;
	struct target t;        /* -p/-t/-a/-C/-m and the workload */
	int orig_argc;
	const char **orig_argv;

	const struct tracefs *tracefs;  /* when an event is a tracepoint */
	struct evlist evlist;
	struct evsel *tracking; /* the event that reports comm, mmap, fork, exit */
	struct evsel *dummy;    /* -D: the tracking event, counting all along */
	struct data_writer *w;
	struct data_header hdr;
	struct file_attr *fattrs;
	u32 nr_fattrs;
	struct buildid_tracker bids;
	struct recorder rec;

	int zstd_level;
	u32 stack_dump;
	bool dwarf;
	struct switch_output sw;        /* --switch-output: the pieces */
	pid_t *pprof_jobs;              /* --pprof-dir: the reports still writing */
	int nr_pprof_jobs;
	struct data_writer_opts wo;     /* how each file (piece) is opened */
};

/* --switch-output's signal: a request the run loop takes up. A signal
 * handler can only set a flag; one recording runs per process. */
static volatile sig_atomic_t switch_requested;

static void on_switch_signal(int sig)
{
	(void)sig;
	switch_requested = 1;
}

static const char *const record_usage[] = {
	"scry record [<options>] [--] <command> [<args>...]",
	"scry record [<options>] -p <pid> | -t <tid> | -a | -C <cpus> [[--] <command> [<args>...]]",
	NULL,
};

#define MAX_SAMPLE_RATE "/proc/sys/kernel/perf_event_max_sample_rate"

/* ---- options ------------------------------------------------------------ */

static int opt_event(const struct opt *o, const char *arg, void *ctx)
{
	struct record *rec = ctx;
	struct event_arg *n = realloc(rec->o.events, (size_t)(rec->o.nr_events + 1) * sizeof(*n));

	(void)o;
	if (!n) {
		pr_err("out of memory");
		return -1;
	}
	rec->o.events = n;
	n[rec->o.nr_events].spec = arg;
	n[rec->o.nr_events++].filter = NULL;
	return 0;
}

/* perf's rule: a filter is for the tracepoints of the -e before it; a
 * second one is and-ed to the first. */
static int opt_filter(const struct opt *o, const char *arg, void *ctx)
{
	struct record *rec = ctx;
	struct event_arg *ev = rec->o.nr_events ? &rec->o.events[rec->o.nr_events - 1] : NULL;
	char *f;

	(void)o;
	if (!ev) {
		pr_err("record: --filter '%s' must follow the -e tracepoint it filters", arg);
		return -1;
	}
	if (ev->filter ? asprintf(&f, "(%s) && (%s)", ev->filter, arg) < 0 : !(f = strdup(arg))) {
		pr_err("out of memory");
		return -1;
	}
	free(ev->filter);
	ev->filter = f;
	return 0;
}

static void event_args_free(struct record_opts *o)
{
	for (int i = 0; i < o->nr_events; i++)
		free(o->events[i].filter);
	free(o->events);
}

static int opt_switch_output(const struct opt *o, const char *arg, void *ctx)
{
	struct record *rec = ctx;

	(void)o;
	rec->o.switch_set = true;
	rec->o.switch_spec = arg;
	return 0;
}

static int opt_compress(const struct opt *o, const char *arg, void *ctx)
{
	struct record *rec = ctx;

	(void)o;
	rec->o.compress_set = true;
	rec->o.compress = arg;
	return 0;
}

/* -F HZ or -F max (the kernel's limit, resolved in resolve_freq). */
static int opt_freq(const struct opt *o, const char *arg, void *ctx)
{
	struct record *rec = ctx;
	unsigned long long v;
	char *end;

	(void)o;
	if (!strcmp(arg, "max")) {
		rec->o.freq_max = true;
		return 0;
	}
	errno = 0;
	v = strtoull(arg, &end, 10);
	if (*arg < '0' || *arg > '9' || *end || errno || !v || v > UINT32_MAX) {
		pr_err("record: -F takes a frequency in Hz (at least 1) or max, not '%s'", arg);
		return -1;
	}
	rec->o.freq = (unsigned)v;
	rec->o.freq_max = false;
	return 0;
}

/* -c PERIOD: a period of 0 is no sampling at all (the kernel takes it as
 * "count only"), so it is a usage error rather than a file without samples. */
static int opt_period(const struct opt *o, const char *arg, void *ctx)
{
	struct record *rec = ctx;
	unsigned long long v;
	char *end;

	(void)o;
	errno = 0;
	v = strtoull(arg, &end, 0);
	if (*arg < '0' || *arg > '9' || *end || errno) {
		pr_err("record: -c takes a sample period (a count of events), not '%s'", arg);
		return -1;
	}
	if (!v) {
		pr_err("record: -c 0 is not a sample period: give at least 1 (or -F for a frequency)");
		return -1;
	}
	rec->o.period = v;
	return 0;
}

/* The kernel refuses frequencies above kernel.perf_event_max_sample_rate
 * (which it lowers itself when sampling interrupts take too long): as perf
 * does, -F max means that limit and a higher -F is throttled to it with a
 * warning. */
static void resolve_freq(struct record *rec)
{
	unsigned max = 0;
	unsigned want = rec->o.freq ? rec->o.freq : DEFAULT_FREQ;
	FILE *f;

	if (rec->o.period)
		return;
	f = fopen(MAX_SAMPLE_RATE, "r");
	if (f) {
		if (fscanf(f, "%u", &max) != 1)
			max = 0;
		fclose(f);
	}
	if (rec->o.freq_max) {
		if (!max) {
			pr_warn("record: -F max: cannot read %s: using %u Hz", MAX_SAMPLE_RATE, DEFAULT_FREQ);
			max = DEFAULT_FREQ;
		}
		pr_info("record: using the maximum frequency rate, %u Hz (kernel.perf_event_max_sample_rate)", max);
		rec->o.freq = max;
		return;
	}
	if (max && want > max) {
		pr_warn("record: Maximum frequency rate (%u Hz) exceeded, throttling from %u Hz to %u Hz "
			"(the limit is kernel.perf_event_max_sample_rate, which the kernel lowers when "
			"sampling interrupts take too long)", max, want, max);
		rec->o.freq = max;
	}
}

static int parse_call_graph(struct record *rec)
{
	const char *cg = rec->o.call_graph;

	if (!cg)
		return 0;
	if (!strcmp(cg, "fp")) {
		rec->o.callchain_fp = true;
		return 0;
	}
	if (!strncmp(cg, "dwarf", 5) && (cg[5] == '\0' || cg[5] == ',')) {
		long size = DEFAULT_STACK_DUMP;
		if (cg[5] == ',') {
			char *end;
			size = strtol(cg + 6, &end, 0);
			if (*end || size <= 0 || size > 65528) {
				pr_err("record: --call-graph dwarf,SIZE: SIZE must be 8..65528 bytes, not '%s'", cg + 6);
				return -1;
			}
		}
		rec->dwarf = true;
		/* The kernel wants a multiple of 8. */
		rec->stack_dump = (u32)((size + 7) & ~7l);
		return 0;
	}
	pr_err("record: unknown --call-graph mode '%s' (use fp or dwarf[,SIZE])", cg);
	return -1;
}

/* ---- events ------------------------------------------------------------- */

static struct perf_event_attr sample_attr(const struct record *rec)
{
	struct perf_event_attr a;

	memset(&a, 0, sizeof(a));
	a.size = sizeof(a);
	/* As perf does: the cpu only when recording by cpu, the identifier
	 * only when there are several events (set in setup_events). */
	a.sample_type = PERF_SAMPLE_IP | PERF_SAMPLE_TID | PERF_SAMPLE_TIME | PERF_SAMPLE_PERIOD;
	if (rec->t.all_cpus || rec->t.cpus)
		a.sample_type |= PERF_SAMPLE_CPU;
	if (rec->o.period) {
		a.sample_period = rec->o.period;
	} else {
		a.freq = 1;
		a.sample_freq = rec->o.freq ? rec->o.freq : DEFAULT_FREQ;
	}
	if (rec->o.raw_samples)
		a.sample_type |= PERF_SAMPLE_RAW;
	if (rec->o.callchain_fp || rec->dwarf)
		a.sample_type |= PERF_SAMPLE_CALLCHAIN;
	if (rec->dwarf) {
		a.sample_type |= PERF_SAMPLE_REGS_USER | PERF_SAMPLE_STACK_USER;
		a.sample_regs_user = arch_perf_regs_mask();
		a.sample_stack_user = rec->stack_dump;
		/* The user part comes from the stack copy, not frame pointers. */
		a.exclude_callchain_user = 1;
	}
	a.sample_id_all = 1;
	a.inherit = rec->o.inherit;
	/* Counting starts at the workload's exec when it is the target;
	 * with -D, when a window opens (follow_windows enables them). Events
	 * are parsed before the workload is made: its argv tells. */
	if (rec->t.nr_windows) {
		a.disabled = 1;
	} else if (rec->t.argc && !rec->t.pids && !rec->t.tids && !target_cpu_wide(&rec->t)) {
		a.disabled = 1;
		a.enable_on_exec = 1;
	}
	return a;
}

/* cycles, where the CPU (or VM) lacks it, becomes cpu-clock with one note,
 * as perf does; other hardware events stay, and fail to open naming
 * themselves. */
static void fallback_hardware(struct record *rec)
{
	bool said = false;

	for (int i = 0; i < rec->evlist.nr; i++) {
		struct evsel *e = rec->evlist.evsels[i];
		struct perf_event_attr probe;
		const char *mods;
		char *name;
		int fd;

		if (e->attr.type != PERF_TYPE_HARDWARE || e->attr.config != PERF_COUNT_HW_CPU_CYCLES)
			continue;
		probe = e->attr;
		probe.disabled = 1;
		probe.enable_on_exec = 0;
		probe.inherit = 0;
		fd = sys_perf_event_open(&probe, 0, -1, -1, 0);
		if (fd >= 0) {
			close(fd);
			continue;
		}
		if (errno != ENOENT && errno != EOPNOTSUPP && errno != ENODEV && errno != EINVAL)
			continue;
		if (!said)
			pr_info("record: 'cycles' is not supported here (no hardware counters): using cpu-clock instead");
		said = true;
		e->attr.type = PERF_TYPE_SOFTWARE;
		e->attr.config = PERF_COUNT_SW_CPU_CLOCK;
		/* "cycles:k" -> "cpu-clock:k", as perf names it */
		mods = e->name + strcspn(e->name, ":/");
		if (asprintf(&name, "cpu-clock%s", mods) >= 0) {
			free(e->name);
			e->name = name;
		}
	}
}

/* Every -e into the event list, each --filter onto its events. Returns 0,
 * or an exit status: a wrong spec is a usage error. */
static int parse_event_options(struct record *rec, const struct opt *opts)
{
	static const struct event_arg implicit = { "cycles", NULL };
	struct perf_event_attr a = sample_attr(rec);
	char err[512];

	for (int i = 0; i < (rec->o.nr_events ? rec->o.nr_events : 1); i++) {
		const struct event_arg *ev = rec->o.nr_events ? &rec->o.events[i] : &implicit;
		int first = rec->evlist.nr, rc;

		if (!rec->tracefs && parse_events_need_tracefs(ev->spec) && !(rec->tracefs = cmd_tracefs()))
			return 1;
		err[0] = '\0';
		rc = parse_events(&rec->evlist, rec->tracefs, ev->spec, &a, err, sizeof(err));
		if (rc < 0) {
			pr_err("record: %s", err);
			return rc == PARSE_EVENTS_BAD_SPEC ? options_usage_error(opts, record_usage) : 1;
		}
		for (int j = first; ev->filter && j < rec->evlist.nr; j++) {
			struct evsel *e = rec->evlist.evsels[j];
			if (!evsel_is_tracepoint(e)) {
				pr_err("record: --filter '%s' follows -e %s, which is not a tracepoint", ev->filter,
				       ev->spec);
				return options_usage_error(opts, record_usage);
			}
			if (!(e->filter = strdup(ev->filter))) {
				pr_err("out of memory");
				return 1;
			}
		}
	}
	return 0;
}

/* Without CAP_PERFMON and with kernel.perf_event_paranoid above 1, only
 * user space may be sampled: as perf does, such events exclude the kernel
 * and hypervisor (their names get perf's ":u"), said once. What still is
 * not allowed (-a, tracepoints) fails to open with a message naming the
 * sysctl and the capability (evsel_open_strerror). */
static void fallback_user_only(struct record *rec)
{
	const char *first = NULL;
	int paranoid = perf_event_paranoid();

	if (paranoid <= 1)
		return;
	for (int i = 0; i < rec->evlist.nr; i++) {
		struct evsel *e = rec->evlist.evsels[i];
		struct perf_event_attr probe;
		char *name;
		int fd;

		if (e->attr.exclude_kernel || e->attr.exclude_user || evsel_is_tracepoint(e))
			continue;
		probe = e->attr;
		probe.disabled = 1;
		probe.enable_on_exec = 0;
		probe.inherit = 0;
		fd = sys_perf_event_open(&probe, 0, -1, -1, 0);
		if (fd >= 0) {
			close(fd);
			continue;
		}
		if (errno != EACCES && errno != EPERM)
			continue;
		/* "cycles" -> "cycles:u", "cycles:p" -> "cycles:pu", as perf names them. */
		if (asprintf(&name, "%s%su", e->name, strchr(e->name, ':') ? "" : ":") < 0)
			continue;
		e->attr.exclude_kernel = 1;
		e->attr.exclude_hv = 1;
		free(e->name);
		e->name = name;
		if (!first)
			first = e->name;
	}
	if (first)
		pr_info("record: kernel.perf_event_paranoid is %d: sampling user space only (%s); the kernel "
			"too needs it at most 1 or the CAP_PERFMON capability", paranoid, first);
}

/* With -D the sampled events start disabled, yet the workload's exec and
 * mmaps must still be seen: as perf does, a dummy event (it samples
 * nothing) reports them from the start (the exec, or now). */
static int add_tracking_dummy(struct record *rec, const struct perf_event_attr *sample)
{
	struct perf_event_attr a = *sample;
	struct evsel *e;

	a.type = PERF_TYPE_SOFTWARE;
	a.config = PERF_COUNT_SW_DUMMY;
	a.freq = 0;
	a.sample_period = 1;
	a.exclude_kernel = 1;
	a.sample_type &= ~(u64)PERF_SAMPLE_RAW;
	a.disabled = target_follows_workload(&rec->t);
	a.enable_on_exec = a.disabled;
	e = evsel_new(&a, "dummy:u");
	if (!e || evlist_add(&rec->evlist, e)) {
		evsel_free(e);
		pr_err("out of memory");
		return -1;
	}
	rec->dummy = e;
	return 0;
}

static int setup_events(struct record *rec)
{
	struct perf_event_attr a = sample_attr(rec);

	if (rec->t.nr_windows && add_tracking_dummy(rec, &a))
		return -1;
	for (int i = 0; i < rec->evlist.nr; i++) {
		struct evsel *e = rec->evlist.evsels[i];
		if (rec->evlist.nr > 1)
			e->attr.sample_type |= PERF_SAMPLE_IDENTIFIER;
		/* --all-user / --all-kernel: over every event's modifiers */
		if (e != rec->dummy && (rec->o.all_user || rec->o.all_kernel)) {
			e->attr.exclude_user = rec->o.all_kernel;
			e->attr.exclude_kernel = rec->o.all_user;
		}
		/* perf records the cpu of every tracepoint hit (perf script
		 * shows it), whatever the target */
		if (evsel_is_tracepoint(e))
			e->attr.sample_type |= PERF_SAMPLE_CPU;
		/* A call-graph=dwarf term wants what --call-graph dwarf does. */
		if (e->attr.sample_type & PERF_SAMPLE_STACK_USER)
			rec->dwarf = true;
		evsel_update_layout(e);
	}
	/* The first event (or -D's dummy) also reports comm, mmap, fork and exit. */
	rec->tracking = rec->dummy ? rec->dummy : rec->evlist.evsels[0];
	{
		struct evsel *t = rec->tracking;
		t->attr.comm = 1;
		t->attr.comm_exec = 1;
		t->attr.mmap = 1;
		t->attr.mmap2 = 1;
		t->attr.task = 1;
		/* Mappings of data too: perf's unwinder reads .eh_frame_hdr and
		 * .eh_frame through the maps covering them, which are not
		 * executable (as perf record --call-graph dwarf does). */
		t->attr.mmap_data = rec->dwarf;
	}
	return 0;
}

static int setup_target(struct record *rec)
{
	struct cpumap cpus;
	struct threadmap threads;
	char err[512];

	if (target_maps(&rec->t, &cpus, &threads, err, sizeof(err))) {
		pr_err("%s", err);
		return -1;
	}
	evlist_set_target(&rec->evlist, &cpus, &threads);
	return 0;
}

/* ---- writing ------------------------------------------------------------ */

static int emit_synth(void *arg, const struct perf_event_header *h)
{
	struct record *rec = arg;

	return recorder_write(&rec->rec, h);
}

static int synthesize(struct record *rec)
{
	struct evsel *t = rec->tracking;
	struct synth s = { emit_synth, rec, t, t->ids[0] };

	for (int i = 0; i < t->nr_fds; i++)
		if (t->fds[i] >= 0) {
			s.id = t->ids[i];
			break;
		}
	if (synthesize_kernel(&s, KALLSYMS))
		return -1;
	if (target_cpu_wide(&rec->t))
		return synthesize_all(&s);
	/* The workload is described by its own records (it execs later). */
	for (int i = 0; i < rec->evlist.threads.nr; i++) {
		pid_t pid = rec->evlist.threads.pid[i], tid = rec->evlist.threads.tid[i];
		bool first = i == 0 || rec->evlist.threads.pid[i - 1] != pid;
		if (tid > 0 && !target_follows_workload(&rec->t) && synthesize_thread(&s, pid, tid, first))
			return -1;
	}
	return 0;
}

static int build_file_attrs(struct record *rec)
{
	rec->nr_fattrs = (u32)rec->evlist.nr;
	rec->fattrs = calloc(rec->nr_fattrs, sizeof(*rec->fattrs));
	if (!rec->fattrs)
		return -1;
	for (u32 i = 0; i < rec->nr_fattrs; i++) {
		struct evsel *e = rec->evlist.evsels[i];
		struct file_attr *fa = &rec->fattrs[i];
		fa->attr = e->attr;
		fa->name = strdup(e->name);
		fa->ids = calloc((size_t)(e->nr_fds ? e->nr_fds : 1), sizeof(u64));
		if (!fa->name || !fa->ids)
			return -1;
		for (int j = 0; j < e->nr_fds; j++)
			if (e->fds[j] >= 0)
				fa->ids[fa->nr_ids++] = e->ids[j];
	}
	return 0;
}

static int add_tracing_data(struct record *rec)
{
	const char **sys = calloc((size_t)rec->evlist.nr, sizeof(char *));
	const char **name = calloc((size_t)rec->evlist.nr, sizeof(char *));
	struct outbuf ob;
	char err[512];
	u32 n = 0;
	int rc = 0;

	if (!sys || !name) {
		free(sys);
		free(name);
		return -1;
	}
	for (int i = 0; i < rec->evlist.nr; i++)
		if (evsel_is_tracepoint(rec->evlist.evsels[i])) {
			sys[n] = rec->evlist.evsels[i]->tp_sys;
			name[n++] = rec->evlist.evsels[i]->tp_name;
		}
	if (n) {
		outbuf_init_mem(&ob);
		if (tracing_data_build(rec->tracefs, sys, name, n, &ob, err, sizeof(err))) {
			pr_err("%s", err);
			rc = -1;
		} else {
			rec->hdr.tracing_data = ob.buf;
			rec->hdr.tracing_data_size = ob.len;
			data_header_set(&rec->hdr, FEAT_TRACING_DATA);
			ob.buf = NULL;
		}
		outbuf_release(&ob);
	}
	free(sys);
	free(name);
	return rc;
}

/* perf's group_desc feature: each group's name ("{anon_group}", NUL-padded
 * to 64 bytes as perf writes strings), leader index and size, so that perf
 * report shows a group's members together. */
static int add_group_desc(struct record *rec)
{
	static const char anon[64] = "{anon_group}";
	struct raw_feature *raw;
	struct outbuf ob;
	u32 nr = 0, name_len = sizeof(anon);

	for (int i = 0; i < rec->evlist.nr; i++)
		nr += rec->evlist.evsels[i]->leader == rec->evlist.evsels[i] && rec->evlist.evsels[i]->nr_members > 1;
	if (!nr)
		return 0;
	outbuf_init_mem(&ob);
	outbuf_putn(&ob, &nr, sizeof(nr));
	for (int i = 0; i < rec->evlist.nr; i++) {
		const struct evsel *e = rec->evlist.evsels[i];
		u32 idx = (u32)e->idx, members = (u32)e->nr_members;

		if (e->leader != e || e->nr_members < 2)
			continue;
		outbuf_putn(&ob, &name_len, sizeof(name_len));
		outbuf_putn(&ob, anon, sizeof(anon));
		outbuf_putn(&ob, &idx, sizeof(idx));
		outbuf_putn(&ob, &members, sizeof(members));
	}
	raw = ob.error ? NULL : realloc(rec->hdr.raw, (rec->hdr.nr_raw + 1) * sizeof(*raw));
	if (!raw) {
		outbuf_release(&ob);
		return -1;
	}
	rec->hdr.raw = raw;
	raw[rec->hdr.nr_raw].id = FEAT_GROUP_DESC;
	raw[rec->hdr.nr_raw].data = ob.buf;
	raw[rec->hdr.nr_raw++].size = ob.len;
	ob.buf = NULL;
	outbuf_release(&ob);
	data_header_set(&rec->hdr, FEAT_GROUP_DESC);
	return 0;
}

static u64 monotonic_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (u64)ts.tv_sec * 1000 + (u64)ts.tv_nsec / 1000000;
}

/* -D: enable or disable the events as the windows say, at most every
 * pass; returns how long the next poll may wait (ms). */
static int follow_windows(struct record *rec, u64 start_ms, bool *counting)
{
	long next;
	bool want = target_counting_at(&rec->t, monotonic_ms() - start_ms, &next);

	if (want != *counting) {
		/* Every event but the dummy, which tracks all along. */
		for (int i = 0; i < rec->evlist.nr; i++) {
			struct evsel *e = rec->evlist.evsels[i];

			for (int j = 0; e != rec->dummy && j < e->nr_fds; j++)
				if (e->fds[j] >= 0)
					ioctl(e->fds[j], want ? PERF_EVENT_IOC_ENABLE : PERF_EVENT_IOC_DISABLE, 0);
		}
		*counting = want;
		pr_debug("record: events %s", want ? "enabled" : "disabled");
	}
	return next >= 0 && next < 100 ? (int)next + 1 : 100;
}

static int switch_piece(struct record *rec, bool last);

static void run(struct record *rec, u64 start_ms)
{
	bool tty = isatty(STDERR_FILENO) && !rec->o.quiet && strcmp(rec->o.output, "-");
	struct pollfd *pfd = calloc((size_t)rec->evlist.nr_rings, sizeof(*pfd));
	bool counting = false;
	u64 last = 0;

	for (int i = 0; pfd && i < rec->evlist.nr_rings; i++) {
		pfd[i].fd = rec->evlist.rings[i].fd;
		pfd[i].events = POLLIN;
	}
	for (;;) {
		int wait_ms = rec->t.nr_windows ? follow_windows(rec, start_ms, &counting) : 100;

		if (!recorder_drain(&rec->rec) && pfd)
			poll(pfd, (nfds_t)rec->evlist.nr_rings, wait_ms);
		if (tty)
			recorder_progress(&rec->rec, "record", &last);
		if (rec->rec.write_failed || target_done(&rec->t))
			break;
		/* --switch-output: a piece is due (signal, size or age) */
		if (rec->sw.kind && (switch_requested ||
				     switch_output_due(&rec->sw, data_writer_stats(rec->w)->bytes_out, monotonic_ms()))) {
			switch_requested = 0;
			if (switch_piece(rec, false)) {
				rec->rec.write_failed = true;
				break;
			}
		}
	}
	if (tty)
		fputc('\n', stderr);
	free(pfd);
}

/* Complete the file being written: its header, build-ids and portable
 * section; the summary names it as shown (a piece's final name). */
static int finish_file(struct record *rec, const char *shown)
{
	struct portable_record_stats pst = { 0 };
	char err[512];
	const struct data_writer_stats *st;

	data_header_fill_host(&rec->hdr, rec->orig_argc, rec->orig_argv);
	recorder_fill_header(&rec->rec, &rec->hdr);
	data_header_set(&rec->hdr, FEAT_EVENT_DESC);
	/* A pipe cannot carry it: perf rejects unknown features there. */
	if (!rec->o.no_embed && strcmp(rec->o.output, "-") &&
	    portable_record(&rec->bids, rec->dwarf, &rec->hdr, &pst, err, sizeof(err)))
		pr_warn("%s; the file will not carry symbols", err);
	if (data_writer_finish(rec->w, &rec->hdr, err, sizeof(err))) {
		pr_err("%s", err);
		return -1;
	}
	st = data_writer_stats(rec->w);
	if (st->error) {
		pr_err("record: writing %s failed: %s; the %llu records written before stay readable",
		       shown, strerror(st->error), (unsigned long long)st->records);
		return -1;
	}
	if (!rec->o.quiet) {
		fprintf(stderr, "[ scry record: %llu samples, %llu lost, %.3f MB written to %s",
			(unsigned long long)rec->rec.samples, (unsigned long long)rec->rec.lost,
			(double)st->bytes_out / (1 << 20), strcmp(rec->o.output, "-") ? shown : "stdout");
		if (rec->zstd_level && st->bytes_out)
			fprintf(stderr, ", compressed %.1fx", (double)st->bytes_in / (double)st->bytes_out);
		fprintf(stderr, " ]\n");
		if (pst.bytes) {
			fprintf(stderr, "[ scry record: embedded symbols for %u DSO%s", pst.dsos, pst.dsos == 1 ? "" : "s");
			if (pst.ksyms)
				fprintf(stderr, " and %u kernel symbols", pst.ksyms);
			if (pst.unwind)
				fprintf(stderr, ", unwind tables for %u", pst.unwind);
			fprintf(stderr, " (%.0f KB, %.0f ms) ]\n", (double)pst.bytes / 1024, pst.ms);
		}
	}
	if (rec->rec.lost)
		pr_warn("record: %llu records were lost: raise -m (ring pages) or lower -F",
			(unsigned long long)rec->rec.lost);
	return 0;
}

/* ---- --switch-output ----------------------------------------------------- */

/* --pprof-dir: the finished piece also as DIR/NAME.pb.gz, written by
 * `scry report --pprof` in a child, so recording goes on meanwhile. */
static void pprof_piece(struct record *rec, const char *piece)
{
	const char *base = strrchr(piece, '/') ? strrchr(piece, '/') + 1 : piece;
	char out[PATH_MAX];
	pid_t pid;

	if (!rec->o.pprof_dir)
		return;
	snprintf(out, sizeof(out), "%s/%s.pb.gz", rec->o.pprof_dir, base);
	pid = fork();
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY | O_CLOEXEC);

		if (null >= 0)
			dup2(null, STDOUT_FILENO);
		execl("/proc/self/exe", "scry", "report", "-q", "-i", piece, "--pprof", out, (char *)NULL);
		_exit(127);
	}
	if (pid < 0) {
		pr_warn("record: cannot write %s: %s", out, strerror(errno));
		return;
	}
	rec->pprof_jobs = xrealloc(rec->pprof_jobs, (size_t)(rec->nr_pprof_jobs + 1) * sizeof(pid_t));
	rec->pprof_jobs[rec->nr_pprof_jobs++] = pid;
}

/* The pprof children, waited for at the end; one that failed is said. */
static void pprof_wait(struct record *rec)
{
	for (int i = 0; i < rec->nr_pprof_jobs; i++) {
		int st;

		while (waitpid(rec->pprof_jobs[i], &st, 0) < 0 && errno == EINTR)
			;
		if (!WIFEXITED(st) || WEXITSTATUS(st))
			pr_warn("record: a pprof profile in %s was not written (scry report exited %d)",
				rec->o.pprof_dir, WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st));
	}
	free(rec->pprof_jobs);
	rec->pprof_jobs = NULL;
	rec->nr_pprof_jobs = 0;
}

/* The pids of a process tree rooted at root, from /proc (ppid links). */
static int tree_pids(pid_t root, pid_t **out, int *nr)
{
	DIR *d = opendir("/proc");
	struct dirent *de;
	pid_t *all = NULL, *parent = NULL;
	int n = 0, cap = 0;

	*out = NULL;
	*nr = 0;
	if (!d)
		return -1;
	while ((de = readdir(d))) {
		char path[64], buf[512], *p;
		pid_t pid = (pid_t)atoi(de->d_name), ppid;
		FILE *f;

		if (pid <= 0)
			continue;
		snprintf(path, sizeof(path), "/proc/%d/stat", pid);
		if (!(f = fopen(path, "r")))
			continue;
		p = fgets(buf, sizeof(buf), f) ? strrchr(buf, ')') : NULL;
		fclose(f);
		if (!p || sscanf(p + 1, " %*c %d", &ppid) != 1)
			continue;
		if (n == cap) {
			cap = cap ? 2 * cap : 256;
			all = xrealloc(all, (size_t)cap * sizeof(*all));
			parent = xrealloc(parent, (size_t)cap * sizeof(*parent));
		}
		all[n] = pid;
		parent[n++] = ppid;
	}
	closedir(d);
	/* breadth first from root: out[] grows as children are found */
	*out = xcalloc((size_t)n + 1, sizeof(**out));
	(*out)[(*nr)++] = root;
	for (int k = 0; k < *nr; k++)
		for (int i = 0; i < n; i++)
			if (parent[i] == (*out)[k] && all[i] != root)
				(*out)[(*nr)++] = all[i];
	free(all);
	free(parent);
	return 0;
}

/* Every thread of pid, named and mapped. */
static int synthesize_process(struct synth *s, pid_t pid)
{
	char path[64];
	DIR *d;
	struct dirent *de;
	bool first = true;
	int rc = 0;

	snprintf(path, sizeof(path), "/proc/%d/task", pid);
	if (!(d = opendir(path)))
		return 0;       /* gone meanwhile */
	while (!rc && (de = readdir(d))) {
		pid_t tid = (pid_t)atoi(de->d_name);

		if (tid <= 0)
			continue;
		rc = synthesize_thread(s, pid, tid, first);
		first = false;
	}
	closedir(d);
	return rc;
}

/* A new piece starts knowing nothing: the kernel's map and what the
 * targets run now (the command's processes, which the first piece learnt
 * from their own exec and mmap records). */
static int synthesize_piece(struct record *rec, int (*emit)(void *, const struct perf_event_header *), void *arg)
{
	struct evsel *t = rec->tracking;
	struct synth s = { emit, arg, t, t->ids[0] };
	pid_t *pids;
	int nr, rc = 0;

	for (int i = 0; i < t->nr_fds; i++)
		if (t->fds[i] >= 0) {
			s.id = t->ids[i];
			break;
		}
	if (synthesize_kernel(&s, KALLSYMS))
		return -1;
	if (target_cpu_wide(&rec->t))
		return synthesize_all(&s);
	for (int i = 0; !rc && i < rec->evlist.threads.nr; i++) {
		pid_t root = rec->evlist.threads.pid[i];

		if (root <= 0 || (i && rec->evlist.threads.pid[i - 1] == root))
			continue;
		if (tree_pids(root, &pids, &nr))
			continue;
		for (int k = 0; !rc && k < nr; k++)
			rc = synthesize_process(&s, pids[k]);
		free(pids);
	}
	return rc;
}

static int emit_to_buffer(void *arg, const struct perf_event_header *h)
{
	outbuf_putn(arg, h, h->size);
	return 0;
}

/* Finish the piece being written and give it its final name; unless last,
 * start the next (a fresh header and build-ids, the same events). */
static int switch_piece(struct record *rec, bool last)
{
	struct timespec now;
	struct outbuf state;
	char name[PATH_MAX], err[512], *old;
	int rc = -1;

	/* Names tell hundredths of a second, as perf's: pieces that small
	 * come apart by waiting for the next name rather than overwriting. */
	for (int tries = 0;; tries++) {
		clock_gettime(CLOCK_REALTIME, &now);
		switch_output_name(name, sizeof(name), rec->o.output, now.tv_sec, now.tv_nsec);
		if (tries == 50 || access(name, F_OK))
			break;
		usleep(2000);
	}
	/* What runs now, taken before the old piece is finished (its embedded
	 * symbols take a while): a process that exits meanwhile still has
	 * samples in the ring that the new piece must name. */
	outbuf_init_mem(&state);
	if (!last && (synthesize_piece(rec, emit_to_buffer, &state) || state.error)) {
		pr_err("record: cannot describe the running processes: %s", strerror(state.error ? state.error : errno));
		goto out;
	}
	if (finish_file(rec, name))
		goto out;
	data_writer_free(rec->w);
	rec->w = NULL;
	if (rename(rec->o.output, name)) {
		pr_err("record: cannot rename %s to %s: %s", rec->o.output, name, strerror(errno));
		goto out;
	}
	if (!rec->o.quiet)
		fprintf(stderr, "[ scry record: Dump %s ]\n", name);
	pprof_piece(rec, name);
	if ((old = switch_output_add(&rec->sw, name))) {
		if (unlink(old) && errno != ENOENT)
			pr_warn("record: cannot remove the old piece %s: %s", old, strerror(errno));
		free(old);
	}
	if (last) {
		rc = 0;
		goto out;
	}
	/* the next piece */
	data_header_free(&rec->hdr);
	data_header_init(&rec->hdr);
	buildid_tracker_free(&rec->bids);
	buildid_tracker_init(&rec->bids);
	if (add_tracing_data(rec) || add_group_desc(rec))
		goto out;
	rec->w = data_writer_create(&rec->wo, err, sizeof(err));
	if (!rec->w) {
		pr_err("%s", err);
		goto out;
	}
	recorder_init(&rec->rec, &rec->evlist, rec->w, &rec->bids);
	data_header_set(&rec->hdr, FEAT_EVENT_DESC);
	if (data_writer_start(rec->w, rec->fattrs, rec->nr_fattrs, &rec->hdr, err, sizeof(err))) {
		pr_err("%s", err);
		goto out;
	}
	for (size_t off = 0; off + sizeof(struct perf_event_header) <= state.len;) {
		const struct perf_event_header *h = (const void *)(state.buf + off);

		if (recorder_write(&rec->rec, h))
			goto out;
		off += h->size;
	}
	rec->sw.piece_start_ms = monotonic_ms();
	rc = 0;
out:
	outbuf_release(&state);
	return rc;
}

static int finish(struct record *rec)
{
	evlist_disable(&rec->evlist);
	recorder_drain(&rec->rec);
	if (rec->sw.kind)
		return switch_piece(rec, true);
	return finish_file(rec, rec->o.output);
}

/* Keep an existing output as FILE.old, as perf does. */
static void keep_old_output(const char *path)
{
	struct stat st;
	char old[4096];

	if (!strcmp(path, "-") || stat(path, &st) || !S_ISREG(st.st_mode) || !st.st_size)
		return;
	snprintf(old, sizeof(old), "%s.old", path);
	rename(path, old);
}

static int record_main(struct record *rec)
{
	struct data_writer_opts *wo = &rec->wo;
	char err[512];
	u64 start_ms;
	int rc = 1;

	wo->path = rec->o.output;
	wo->zstd_level = rec->zstd_level;
	if (target_prepare(&rec->t, !strcmp(rec->o.output, "-"), err, sizeof(err))) {
		pr_err("%s", err);
		return 1;
	}
	target_signals_install();
	if (setup_events(rec) || setup_target(rec))
		goto out;
	/* After every check of the command line and target (-p 999999): the
	 * notes are the last word before recording, never before an error;
	 * and the kernel checks permissions before it looks for hardware. */
	fallback_user_only(rec);
	fallback_hardware(rec);
	if (evlist_open(&rec->evlist, err, sizeof(err)) ||
	    evlist_apply_filters(&rec->evlist, rec->tracefs, err, sizeof(err))) {
		pr_err("%s", err);
		goto out;
	}
	if (evlist_mmap(&rec->evlist, target_ring_pages(&rec->t, rec->evlist.cpus.nr), err, sizeof(err))) {
		pr_err("%s", err);
		goto out;
	}
	if (build_file_attrs(rec) || add_tracing_data(rec) || add_group_desc(rec))
		goto out;
	keep_old_output(rec->o.output);
	rec->w = data_writer_create(wo, err, sizeof(err));
	if (!rec->w) {
		pr_err("%s", err);
		goto out;
	}
	recorder_init(&rec->rec, &rec->evlist, rec->w, &rec->bids);
	/* The names are known now: a pipe carries them before the data. */
	data_header_set(&rec->hdr, FEAT_EVENT_DESC);
	if (data_writer_start(rec->w, rec->fattrs, rec->nr_fattrs, &rec->hdr, err, sizeof(err))) {
		pr_err("%s", err);
		goto out;
	}
	if (synthesize(rec)) {
		pr_err("record: cannot describe the running processes: %s", strerror(errno));
		goto out;
	}
	/* As perf: events on other targets count from now, before the
	 * workload starts; -D's delay counts from the workload's start. */
	if (!rec->t.nr_windows && !target_follows_workload(&rec->t))
		evlist_enable(&rec->evlist);
	start_ms = monotonic_ms();
	rec->sw.piece_start_ms = start_ms;
	if (rec->sw.kind == SWITCH_SIGNAL)
		signal(SIGUSR2, on_switch_signal);
	if (target_start(&rec->t, err, sizeof(err))) {
		pr_err("%s", err);
		goto out;
	}
	run(rec, start_ms);
	/* Stopped (a signal, a write error, -p's processes gone) while the
	 * workload runs: perf ends it with SIGTERM; its end is recorded. */
	target_stop_workload(&rec->t);
	if (finish(rec))
		goto out;
	/* The file is complete: the tracepoints' slow removal need not hold
	 * the command up (util/core/perf-release.h). */
	if (evlist_has_tracepoint(&rec->evlist))
		perf_release_in_background();
	/* Stopped by a signal before the workload ended: a normal end. */
	rc = rec->t.wl_exited ? target_exit_code(&rec->t) : 0;
out:
	if (rc == 1)
		target_abort(&rec->t);
	return rc;
}

int cmd_record(int argc, const char **argv)
{
	struct record *rec = calloc(1, sizeof(*rec));
	char err[512];
	int idx, rc = 1;

	if (!rec) {
		pr_err("out of memory");
		return 1;
	}
	rec->o.inherit = true;
	rec->o.output = "scry.data";
	/* perf's idiom: `record -a -- sleep 1`, the command only bounds it. */
	rec->t.command_bounds_run = true;
	struct opt opts[] = {
		{ OPT_GROUP, 0, NULL, NULL, NULL, "What to record", 0, NULL },
		{ OPT_CALLBACK, 'e', "event", NULL, "EV[,EV]",
		  "events (repeatable): cpu-clock, task-clock, page-faults, ..., hardware events (cycles, "
		  "instructions; cycles is cpu-clock where the cpu has none), tracepoints (sched:sched_switch, "
		  "globs); EV:u/k/h/p/S modifiers, EV/period=N,freq=N,max-stack=N,call-graph=fp|dwarf,name=X/ "
		  "terms, {EV,EV}[:MODS] groups",
		  0, opt_event },
		{ OPT_CALLBACK, 0, "filter", NULL, "EXPR",
		  "filter the tracepoints of the -e before it in the kernel ('count == 7 && fd != 1')", 0, opt_filter },
		{ OPT_BOOL, 0, "all-user", &rec->o.all_user, NULL, "every event counts in user space only", OPT_NONEG, NULL },
		{ OPT_BOOL, 0, "all-kernel", &rec->o.all_kernel, NULL, "every event counts in the kernel only", OPT_NONEG, NULL },
		{ OPT_CALLBACK, 'F', "freq", NULL, "HZ|max",
		  "sample this many times a second (default 4000; max: kernel.perf_event_max_sample_rate, "
		  "which also caps HZ)", 0, opt_freq },
		{ OPT_CALLBACK, 'c', "count", NULL, "PERIOD", "sample every PERIOD events instead (at least 1)", 0, opt_period },
		{ OPT_BOOL, 'R', "raw-samples", &rec->o.raw_samples, NULL,
		  "raw sample data from every event (tracepoints always have it)", OPT_NONEG, NULL },
		{ OPT_BOOL, 'g', NULL, &rec->o.callchain_fp, NULL, "record callchains (frame pointers, kernel and user)", OPT_NONEG, NULL },
		{ OPT_STRING, 0, "call-graph", &rec->o.call_graph, "fp|dwarf[,SIZE]",
		  "callchains: fp, or dwarf (user registers and SIZE bytes of user stack, default 8192)", 0, NULL },
		{ OPT_BOOL, 'a', "all-cpus", &rec->t.all_cpus, NULL,
		  "the whole system (with a command: until it exits)", OPT_NONEG, NULL },
		{ OPT_STRING, 'C', "cpu", &rec->t.cpus, "CPUS",
		  "only these cpus (0-3,6); alone or with a command: every process on them", 0, NULL },
		{ OPT_STRING, 'p', "pid", &rec->t.pids, "PID[,PID]", "these running processes", 0, NULL },
		{ OPT_STRING, 't', "tid", &rec->t.tids, "TID[,TID]", "these threads", 0, NULL },
		{ OPT_BOOL, 0, "inherit", &rec->o.inherit, NULL, "follow new processes and threads (default)", 0, NULL },
		{ OPT_STRING, 'D', "delay", &rec->o.delay, "MS|MS-MS,...",
		  "count only from MS ms after the start (the command's), or in these ranges of ms", 0, NULL },
		{ OPT_GROUP, 0, NULL, NULL, NULL, "Where", 0, NULL },
		{ OPT_STRING, 'o', "output", &rec->o.output, "FILE", "the data file (default scry.data; - for a pipe to stdout)", 0, NULL },
		{ OPT_CALLBACK, 'z', "compression-level", NULL, "LEVEL", "compress the data with zstd (level 1..22, default 1)",
		  OPT_OPTARG, opt_compress },
		{ OPT_CALLBACK, 0, "switch-output", NULL, "signal|SIZE|TIME",
		  "continuous capture: start a new file, OUTPUT.TIMESTAMP, on SIGUSR2 (the default), every SIZE "
		  "written (100M) or TIME (30s, 5m)", OPT_OPTARG, opt_switch_output },
		{ OPT_STRING, 0, "pprof-dir", &rec->o.pprof_dir, "DIR",
		  "with --switch-output: also write each piece as DIR/PIECE.pb.gz (pprof, for a fleet profiler)", 0, NULL },
		{ OPT_UINT, 0, "switch-max-files", &rec->o.switch_max_files, "N",
		  "with --switch-output: keep only the newest N files", 0, NULL },
		{ OPT_BOOL, 0, "no-embed", &rec->o.no_embed, NULL,
		  "do not carry the symbols and unwind tables of what was hit (for reporting on another machine)",
		  OPT_NONEG, NULL },
		{ OPT_UINT, 'm', "mmap-pages", &rec->t.mmap_pages, "PAGES", "ring buffer pages per cpu (power of two)", 0, NULL },
		{ OPT_BOOL, 'q', "quiet", &rec->o.quiet, NULL, "no progress line or summary", OPT_NONEG, NULL },
		{ OPT_COUNT, 'v', "verbose", &rec->o.verbose, NULL, "more messages", 0, NULL },
		OPT_END_MARK,
	};

	evlist_init(&rec->evlist);
	idx = options_parse(opts, argc, argv, "record", record_usage, true, rec);
	if (idx < 0) {
		event_args_free(&rec->o);
		free(rec);
		return options_exit_status(idx);
	}
	log_set_level(rec->o.quiet ? LOG_QUIET : rec->o.verbose);
	rec->t.argv = argv + idx;
	rec->t.argc = argc - idx;
	rec->orig_argc = argc;
	rec->orig_argv = argv;
	if (target_check(&rec->t, "record", "record", err, sizeof(err)) ||
	    (rec->o.delay && target_parse_delay(&rec->t, rec->o.delay, err, sizeof(err)))) {
		pr_err("%s", err);
		rc = options_usage_error(opts, record_usage);
		goto out;
	}
	if ((rec->o.freq || rec->o.freq_max) && rec->o.period) {
		pr_err("record: -F and -c exclude each other");
		rc = options_usage_error(opts, record_usage);
		goto out;
	}
	if (rec->o.compress_set) {
		rec->zstd_level = rec->o.compress ? atoi(rec->o.compress) : 1;
		if (rec->zstd_level < 1 || rec->zstd_level > 22) {
			pr_err("record: -z LEVEL must be 1..22, not '%s'", rec->o.compress);
			rc = options_usage_error(opts, record_usage);
			goto out;
		}
	}
	if (parse_call_graph(rec)) {
		rc = options_usage_error(opts, record_usage);
		goto out;
	}
	if (rec->o.switch_set) {
		if (switch_output_parse(&rec->sw, rec->o.switch_spec, err, sizeof(err)) ||
		    (!strcmp(rec->o.output, "-") &&
		     snprintf(err, sizeof(err), "--switch-output writes files: not with -o -") > 0)) {
			pr_err("record: %s", err);
			rc = options_usage_error(opts, record_usage);
			goto out;
		}
		rec->sw.max_files = rec->o.switch_max_files;
		if (rec->o.pprof_dir) {
			struct stat st;

			if (stat(rec->o.pprof_dir, &st) || !S_ISDIR(st.st_mode)) {
				pr_err("record: --pprof-dir %s: not a directory", rec->o.pprof_dir);
				rc = options_usage_error(opts, record_usage);
				goto out;
			}
		}
	} else if (rec->o.switch_max_files || rec->o.pprof_dir) {
		pr_err("record: --switch-max-files and --pprof-dir go with --switch-output");
		rc = options_usage_error(opts, record_usage);
		goto out;
	}
	if (rec->o.all_user && rec->o.all_kernel) {
		pr_err("record: --all-user and --all-kernel exclude each other");
		rc = options_usage_error(opts, record_usage);
		goto out;
	}
	resolve_freq(rec);
	if ((rc = parse_event_options(rec, opts)))
		goto out;
	data_header_init(&rec->hdr);
	buildid_tracker_init(&rec->bids);
	rc = record_main(rec);
	pprof_wait(rec);
	if (rec->w)
		data_writer_free(rec->w);
	buildid_tracker_free(&rec->bids);
	data_header_free(&rec->hdr);
	file_attrs_free(rec->fattrs, rec->nr_fattrs);
out:
	evlist_release(&rec->evlist);
	event_args_free(&rec->o);
	target_release(&rec->t);
	switch_output_release(&rec->sw);
	free(rec);
	return rc;
}
