/* scry stat: perf stat's counting mode. The events are opened without
 * sampling over the target (a command, -p/-t, -a, -C), read with their
 * enabled and running times when the command ends (or every -I MS), and
 * printed in perf stat 6.1's layouts: columns, -x CSV or -j JSON, with
 * the derived metrics and -r's run-to-run variation. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "builtin.h"
#include "util/core/evlist.h"
#include "util/core/parse-events.h"
#include "util/core/perf-release.h"
#include "util/core/target.h"
#include "util/debug.h"
#include "util/options.h"
#include "util/outbuf.h"
#include "util/stat/stat-aggr.h"
#include "util/stat/stat-counter.h"
#include "util/stat/stat-file.h"
#include "util/stat/stat-format.h"
#include "util/stat/stat-print.h"

/* perf stat's default events; system wide, cpu-clock counts what the cpus
 * did rather than the time of one task. */
#define DEFAULT_EVENTS "%s,context-switches,cpu-migrations,page-faults,cycles,instructions,branches,branch-misses"

struct stat_opts {
	const char *events;
	int interval_ms;
	const char *sep;
	bool json;
	int repeat;
	bool big_num;
	bool no_aggr, per_thread, per_core, per_die, per_socket, per_node;
	bool no_merge;
	bool no_inherit;
	const char *output;
	int verbose;
	bool record;                    /* stat record: -o is the data file */
};

struct stat_cmd {
	struct stat_opts o;
	struct target asked;            /* the options; each run gets a copy */
	const char *const *argv;
	int argc;
	bool system_wide;               /* -a or -C: every task on the cpus */
	const char *list;               /* the events, -e or the default */
	const char *title;              /* stat report: what the counts were of */
	char default_list[256];

	struct stat_results r;          /* the events and their counts */
	double user_s, sys_s;           /* the last run's workload */
	int out_fd;
};

static u64 now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (u64)ts.tv_sec * 1000000000ull + (u64)ts.tv_nsec;
}

/* The name to print: the alias when the list spelt the event that way
 * ("branches", "faults"), as perf keeps the spelling it was given. */
static const char *display_name(const char *list, const struct evsel *e)
{
	const struct event_name *names;
	size_t nr, len;

	if (evsel_is_tracepoint(e))
		return e->name;
	names = event_names(&nr);
	for (size_t i = 0; i < nr; i++) {
		const char *p = list;

		if (names[i].type != e->attr.type || names[i].config != e->attr.config || !names[i].alias)
			continue;
		len = strlen(names[i].alias);
		while ((p = strstr(p, names[i].alias))) {
			bool starts = p == list || p[-1] == ',';
			bool ends = p[len] == ',' || p[len] == '\0';

			if (starts && ends)
				return names[i].alias;
			p += len;
		}
	}
	return e->name;
}

/* ---- output ------------------------------------------------------------- */

static int flush_out(struct stat_cmd *s)
{
	if (outbuf_flush(&s->r.out) || s->r.out.error) {
		pr_err("stat: cannot write the counts: %s", strerror(s->r.out.error ? s->r.out.error : errno));
		return -1;
	}
	return 0;
}

/* What the counts are of: the command, the processes, the cpus. */
static void title_of(const struct stat_cmd *s, struct outbuf *ob)
{
	if (s->title) {
		outbuf_printf(ob, "'%s'", s->title);
	} else if (s->asked.pids) {
		outbuf_printf(ob, "process id '%s'", s->asked.pids);
	} else if (s->asked.tids) {
		outbuf_printf(ob, "thread id '%s'", s->asked.tids);
	} else if (s->asked.all_cpus) {
		outbuf_puts(ob, "'system wide'");
	} else if (s->asked.cpus) {
		outbuf_printf(ob, "'CPU(s) %s'", s->asked.cpus);
	} else {
		outbuf_putc(ob, '\'');
		for (int i = 0; i < s->argc; i++)
			outbuf_printf(ob, "%s%s", i ? " " : "", s->argv[i]);
		outbuf_putc(ob, '\'');
	}
}

static void print_totals(struct stat_cmd *s)
{
	/* The workload's own times, as perf shows them for a single run of a
	 * command it started. */
	bool rusage = s->o.repeat == 1 && s->argc && !s->system_wide && !s->asked.pids && !s->asked.tids &&
		      !s->title;

	if (s->r.po.mode == STAT_OUT_STD) {
		struct outbuf what;

		outbuf_init_mem(&what);
		title_of(s, &what);
		stat_print_title(&s->r, outbuf_cstr(&what));
		outbuf_release(&what);
	}
	stat_print_lines(&s->r, s->r.elapsed.mean, false, 0);
	if (s->r.po.mode == STAT_OUT_STD)
		stat_print_footer(&s->r, rusage, s->user_s, s->sys_s);
}

/* ---- one run -------------------------------------------------------------- */

static int setup_lines(struct stat_cmd *s, const struct evlist *l)
{
	char err[512];

	if (stat_results_init_lines(&s->r, &l->cpus, &l->threads, err, sizeof(err))) {
		pr_err("stat: %s", err);
		return -1;
	}
	return 0;
}

/* The events of one run: parsed again (each run opens its own), the ones
 * the machine lacks left out of the evlist and marked <not supported>. */
static int setup_events(struct stat_cmd *s, struct evlist *l, struct evlist *parked, pid_t probe_pid,
			int probe_cpu)
{
	struct perf_event_attr tmpl;
	struct evlist parsed;
	const struct tracefs *tfs = NULL;
	char err[512];
	int n;

	stat_counting_attr(&tmpl, s->argc && !s->system_wide && !s->asked.pids && !s->asked.tids,
			   !s->o.no_inherit);
	if (parse_events_need_tracefs(s->list) && !(tfs = cmd_tracefs()))
		return -1;
	evlist_init(&parsed);
	n = parse_events(&parsed, tfs, s->list, &tmpl, err, sizeof(err));
	if (n <= 0) {
		pr_err("stat: %s", err);
		evlist_release(&parsed);
		return -1;
	}
	if (!s->r.ev) {
		s->r.ev = calloc((size_t)n, sizeof(*s->r.ev));
		if (!s->r.ev) {
			evlist_release(&parsed);
			return -1;
		}
		s->r.nr_ev = n;
		for (int i = 0; i < n; i++) {
			s->r.ev[i].name = strdup(display_name(s->list, parsed.evsels[i]));
			s->r.ev[i].kind = stat_kind_of(&parsed.evsels[i]->attr);
			s->r.ev[i].attr = parsed.evsels[i]->attr;
			if (!s->r.ev[i].name) {
				evlist_release(&parsed);
				return -1;
			}
		}
	}
	for (int i = 0; i < n && i < s->r.nr_ev; i++) {
		struct evsel *e = parsed.evsels[i];

		parsed.evsels[i] = NULL;
		s->r.ev[i].e = NULL;
		/* Counted one by one: no group reads, nothing sampled. */
		e->attr.read_format = tmpl.read_format;
		e->attr.sample_type = tmpl.sample_type;
		evsel_update_layout(e);
		s->r.ev[i].supported = stat_event_supported(&e->attr, probe_pid, probe_cpu);
		/* A member of a group whose leader the machine lacks cannot
		 * be opened with it: not counted either, as perf shows it. */
		if (s->r.ev[i].supported && e->leader && e->leader != e) {
			bool leader_in = false;

			for (int j = 0; j < l->nr; j++)
				leader_in |= l->evsels[j] == e->leader;
			s->r.ev[i].supported = leader_in;
		}
		/* One the machine lacks stays out of the evlist, but alive until
		 * the run ends: the events of its group may point at it. */
		if (!s->r.ev[i].supported || evlist_add(l, e)) {
			if (evlist_add(parked, e))
				evsel_free(e);
			continue;
		}
		s->r.ev[i].e = e;
	}
	parsed.nr = 0;
	evlist_release(&parsed);
	return 0;
}

/* Every thread of the machine, for --per-thread -a: /proc/PID/task/TID. */
static int all_threads(struct threadmap *m)
{
	DIR *procs = opendir("/proc");
	struct dirent *p;

	memset(m, 0, sizeof(*m));
	if (!procs)
		return -1;
	while ((p = readdir(procs))) {
		char path[300];
		struct dirent *t;
		DIR *tasks;
		pid_t pid = (pid_t)atoi(p->d_name);

		if (pid <= 0)
			continue;
		snprintf(path, sizeof(path), "/proc/%s/task", p->d_name);
		tasks = opendir(path);
		if (!tasks)
			continue;       /* exited meanwhile */
		while ((t = readdir(tasks))) {
			pid_t tid = (pid_t)atoi(t->d_name);

			if (tid > 0 && threadmap_add(m, pid, tid)) {
				closedir(tasks);
				closedir(procs);
				return -1;
			}
		}
		closedir(tasks);
	}
	closedir(procs);
	return m->nr ? 0 : -1;
}

static int setup_maps(struct stat_cmd *s, struct target *t, struct evlist *l)
{
	struct cpumap cpus;
	struct threadmap threads;
	char err[512];

	if (target_maps(t, &cpus, &threads, err, sizeof(err))) {
		pr_err("stat: %s", err);
		return -1;
	}
	if (s->system_wide) {
		threadmap_free(&threads);
		if (s->r.aggr == STAT_AGGR_THREAD) {
			/* Per thread, system wide: every thread, on any cpu. */
			cpumap_free(&cpus);
			if (all_threads(&threads) || cpumap_any(&cpus)) {
				pr_err("stat: cannot list the threads of the machine");
				return -1;
			}
		} else if (threadmap_any(&threads)) {
			cpumap_free(&cpus);
			pr_err("out of memory");
			return -1;
		}
	} else {
		/* A task's counters follow it from cpu to cpu. */
		cpumap_free(&cpus);
		if (cpumap_any(&cpus)) {
			threadmap_free(&threads);
			pr_err("out of memory");
			return -1;
		}
	}
	evlist_set_target(l, &cpus, &threads);
	return 0;
}

static pid_t open_pidfd(pid_t pid)
{
#ifdef SYS_pidfd_open
	return (pid_t)syscall(SYS_pidfd_open, pid, 0);
#else
	(void)pid;
	errno = ENOSYS;
	return -1;
#endif
}

/* Wait until deadline (0: none) or the end of the target. true when the
 * target ended (or a stop signal came). */
static bool wait_target(struct target *t, int pidfd, u64 deadline)
{
	for (;;) {
		u64 now = now_ns();
		struct timespec ts, *tsp = NULL;
		struct pollfd pfd = { pidfd, POLLIN, 0 };
		u64 left;

		if (target_stop_signal() || target_done(t))
			return true;
		if (deadline && now >= deadline)
			return false;
		left = deadline ? deadline - now : 0;
		/* Without a workload to wait on, look at -p/-t's targets ten
		 * times a second. */
		if (pidfd < 0 && (!deadline || left > 100000000ull))
			left = 100000000ull;
		if (left) {
			ts.tv_sec = (time_t)(left / 1000000000ull);
			ts.tv_nsec = (long)(left % 1000000000ull);
			tsp = &ts;
		}
		ppoll(&pfd, pidfd >= 0 ? 1 : 0, tsp, NULL);
	}
}

/* Read every supported event into its lines. prev: the change since the
 * last reading (-I). */
static int read_counters(struct stat_cmd *s, const struct evlist *l, bool delta)
{
	char err[512];

	for (int i = 0; i < s->r.nr_ev; i++) {
		struct stat_event *ev = &s->r.ev[i];

		if (!ev->e) {
			memset(ev->lines, 0, (size_t)s->r.map.nr * sizeof(*ev->lines));
			continue;
		}
		if (delta && !ev->prev) {
			ev->prev = calloc((size_t)ev->e->nr_fds + 1, sizeof(*ev->prev));
			if (!ev->prev)
				return -1;
		}
		if (stat_counter_read(ev->e, l, &s->r.map, ev->lines, delta ? ev->prev : NULL, err, sizeof(err))) {
			pr_err("stat: %s", err);
			return -1;
		}
	}
	return 0;
}

static int print_interval(struct stat_cmd *s, const struct evlist *l, u64 start, u64 *last)
{
	u64 now = now_ns();

	if (read_counters(s, l, true))
		return -1;
	stat_results_take(&s->r, true);
	stat_print_interval(&s->r, (double)(now - *last), now - start);
	*last = now;
	return flush_out(s);
}

/* stat record: the events (the supported ones with their fds' ids). */
static struct stat_file_event *file_events(const struct stat_cmd *s)
{
	struct stat_file_event *fe = calloc((size_t)s->r.nr_ev + 1, sizeof(*fe));

	for (int i = 0; fe && i < s->r.nr_ev; i++) {
		fe[i].name = s->r.ev[i].name;
		fe[i].attr = &s->r.ev[i].attr;
		fe[i].e = s->r.ev[i].e;
	}
	return fe;
}

static struct stat_file_writer *create_file(const struct stat_cmd *s, char *err, size_t errlen)
{
	struct stat_file_event *fe = file_events(s);
	struct stat_file_writer *fw;

	if (!fe) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	fw = stat_file_create(s->o.output, fe, s->r.nr_ev, parse_events_need_tracefs(s->list) ? cmd_tracefs() : NULL, s->argv,
			      s->argc, err, errlen);
	free(fe);
	return fw;
}

static int write_file(const struct stat_cmd *s, struct stat_file_writer *fw, const struct evlist *l, u64 elapsed)
{
	struct stat_file_event *fe = file_events(s);
	char err[512];
	int rc = -1;

	if (!fe)
		pr_err("out of memory");
	else if (stat_file_write_counts(fw, fe, s->r.nr_ev, l, elapsed, err, sizeof(err)) ||
		 stat_file_finish(fw, err, sizeof(err)))
		pr_err("stat: %s", err);
	else
		rc = 0;
	free(fe);
	return rc;
}

/* One run: the target prepared, the events opened and counting until the
 * end, read. Returns the workload's exit status, or -1. */
static int run_once(struct stat_cmd *s, bool last_run)
{
	struct target t = s->asked;
	struct evlist l, parked;
	struct rusage before, after;
	char err[512];
	struct stat_file_writer *fw = NULL;
	int pidfd = -1, rc = -1;
	u64 start, end, last;
	pid_t probe_pid;

	evlist_init(&l);
	evlist_init(&parked);
	if (target_prepare(&t, s->o.record && !strcmp(s->o.output, "-"), err, sizeof(err))) {
		pr_err("stat: %s", err);
		return -1;
	}
	if (setup_maps(s, &t, &l))
		goto out;
	probe_pid = l.threads.tid[0] > 0 ? l.threads.tid[0] : -1;
	if (setup_events(s, &l, &parked, probe_pid, probe_pid > 0 ? -1 : l.cpus.cpu[0]) || setup_lines(s, &l))
		goto out;
	if (evlist_open(&l, err, sizeof(err))) {
		pr_err("stat: %s", err);
		goto out;
	}
	if (s->o.record && !(fw = create_file(s, err, sizeof(err)))) {
		pr_err("stat: %s", err);
		goto out;
	}
	if (t.have_workload && (pidfd = open_pidfd(t.wl.pid)) < 0) {
		pr_err("stat: cannot wait for the command: %s", strerror(errno));
		goto out;
	}
	getrusage(RUSAGE_CHILDREN, &before);
	start = last = now_ns();
	if (t.have_workload && !s->system_wide && !t.pids && !t.tids) {
		if (target_start(&t, err, sizeof(err))) {
			pr_err("stat: %s", err);
			goto out;
		}
	} else {
		evlist_enable(&l);
		if (target_start(&t, err, sizeof(err))) {
			pr_err("stat: %s", err);
			goto out;
		}
	}
	stat_aggr_map_read_comms(&s->r.map);
	if (s->o.interval_ms) {
		u64 step = (u64)s->o.interval_ms * 1000000ull;
		u64 next = start + step;

		while (!wait_target(&t, pidfd, next)) {
			if (print_interval(s, &l, start, &last))
				goto out;
			next += step;
		}
	} else {
		wait_target(&t, pidfd, 0);
	}
	/* A stop signal before the command ended: pass it on, wait for the
	 * command to go, and count what it did. A second signal while it
	 * lingers (it ignores the first) kills it. */
	if (t.have_workload && !t.wl_exited) {
		kill(t.wl.pid, target_stop_signal() ? target_stop_signal() : SIGTERM);
		if (waitpid(t.wl.pid, &t.wl_status, 0) != t.wl.pid) {
			kill(t.wl.pid, SIGKILL);
			waitpid(t.wl.pid, &t.wl_status, 0);
		}
		t.wl_exited = true;
	}
	end = now_ns();
	evlist_disable(&l);
	getrusage(RUSAGE_CHILDREN, &after);
	s->user_s = (double)(after.ru_utime.tv_sec - before.ru_utime.tv_sec) +
		    (double)(after.ru_utime.tv_usec - before.ru_utime.tv_usec) / 1e6;
	s->sys_s = (double)(after.ru_stime.tv_sec - before.ru_stime.tv_sec) +
		   (double)(after.ru_stime.tv_usec - before.ru_stime.tv_usec) / 1e6;
	if (s->o.interval_ms) {
		if (print_interval(s, &l, start, &last))
			goto out;
	} else {
		if (read_counters(s, &l, false))
			goto out;
		stat_results_take(&s->r, false);
	}
	stat_var_add(&s->r.elapsed, (double)(end - start));
	if (fw && write_file(s, fw, &l, end - start))
		goto out;
	rc = target_exit_code(&t);
	if (last_run && evlist_has_tracepoint(&l))
		perf_release_in_background();
out:
	stat_file_free(fw);
	if (pidfd >= 0)
		close(pidfd);
	if (rc < 0)
		target_abort(&t);
	for (int i = 0; i < s->r.nr_ev; i++) {
		s->r.ev[i].e = NULL;
		free(s->r.ev[i].prev);
		s->r.ev[i].prev = NULL;
	}
	evlist_release(&l);
	evlist_release(&parked);
	target_release(&t);
	return rc;
}

/* ---- options ---------------------------------------------------------------- */

static const char *const stat_usage[] = {
	"scry stat [-e EV[,EV]] [-p PID | -t TID | -a | -C CPUS] [-I MS] [-x SEP | -j] [-r N] [--] [CMD [ARGS]]",
	"scry stat record [-o FILE] [options] [--] [CMD [ARGS]]",
	"scry stat report [-i FILE]",
	NULL,
};

static int check_options(struct stat_cmd *s, const struct opt *opts)
{
	int aggr_opts = s->o.no_aggr + s->o.per_thread + s->o.per_core + s->o.per_die + s->o.per_socket +
			s->o.per_node;
	const struct target *t = &s->asked;

	if (!s->argc && !t->pids && !t->tids && !t->all_cpus && !t->cpus) {
		pr_err("stat: nothing to count: give a command, -p PID, -t TID, -a or -C CPUS (scry stat -h)");
		return options_usage_error(opts, stat_usage);
	}
	if ((t->pids != NULL) + (t->tids != NULL) + (t->all_cpus || t->cpus) > 1) {
		pr_err("stat: -p, -t and -a/-C exclude each other");
		return options_usage_error(opts, stat_usage);
	}
	if (aggr_opts > 1) {
		pr_err("stat: -A, --per-thread, --per-core, --per-die, --per-socket and --per-node exclude each other");
		return options_usage_error(opts, stat_usage);
	}
	if (aggr_opts && !s->o.per_thread && !t->all_cpus && !t->cpus) {
		pr_err("stat: -A and --per-core/die/socket/node count per cpu: they need -a or -C CPUS");
		return options_usage_error(opts, stat_usage);
	}
	if (s->o.repeat < 1) {
		pr_err("stat: -r N needs a number of runs of at least 1, not %d", s->o.repeat);
		return options_usage_error(opts, stat_usage);
	}
	if (s->o.interval_ms < 0 || (s->o.interval_ms > 0 && s->o.interval_ms < 10)) {
		pr_err("stat: -I MS must be at least 10 ms, not %d", s->o.interval_ms);
		return options_usage_error(opts, stat_usage);
	}
	if (s->o.interval_ms && s->o.repeat > 1) {
		pr_err("stat: -I and -r exclude each other");
		return options_usage_error(opts, stat_usage);
	}
	if (s->o.per_thread && s->o.repeat > 1) {
		pr_err("stat: --per-thread and -r exclude each other");
		return options_usage_error(opts, stat_usage);
	}
	if (s->o.sep && s->o.json) {
		pr_err("stat: -x and -j exclude each other");
		return options_usage_error(opts, stat_usage);
	}
	if (s->o.record && (s->o.interval_ms || s->o.repeat > 1)) {
		pr_err("stat record: -I and -r are not supported: it records one final count per event");
		return options_usage_error(opts, stat_usage);
	}
	if (s->o.sep && !*s->o.sep) {
		pr_err("stat: -x needs a separator");
		return options_usage_error(opts, stat_usage);
	}
	return 0;
}

static void configure(struct stat_cmd *s)
{
	s->system_wide = s->asked.all_cpus || s->asked.cpus;
	s->r.repeat = s->o.repeat;
	s->r.hide_idle_threads = s->system_wide;
	s->r.aggr = s->o.no_aggr      ? STAT_AGGR_NONE
		  : s->o.per_thread ? STAT_AGGR_THREAD
		  : s->o.per_core   ? STAT_AGGR_CORE
		  : s->o.per_die    ? STAT_AGGR_DIE
		  : s->o.per_socket ? STAT_AGGR_SOCKET
		  : s->o.per_node   ? STAT_AGGR_NODE
				    : STAT_AGGR_GLOBAL;
	s->r.po.mode = s->o.json ? STAT_OUT_JSON : s->o.sep ? STAT_OUT_CSV : STAT_OUT_STD;
	s->r.po.sep = s->o.sep ? s->o.sep : " ";
	s->r.po.big_num = s->o.big_num && !s->o.sep;
	s->r.po.unit_width = 4;
	snprintf(s->default_list, sizeof(s->default_list), DEFAULT_EVENTS,
		 s->system_wide ? "cpu-clock" : "task-clock");
	s->list = s->o.events ? s->o.events : s->default_list;
}

/* An -e list checked before anything runs: a bad event is a usage error. */
static int check_events(struct stat_cmd *s, const struct opt *opts)
{
	struct perf_event_attr tmpl;
	struct evlist l;
	const struct tracefs *tfs = NULL;
	char err[512];
	int n;

	if (parse_events_need_tracefs(s->list) && !(tfs = cmd_tracefs()))
		return 1;
	stat_counting_attr(&tmpl, false, false);
	evlist_init(&l);
	n = parse_events(&l, tfs, s->list, &tmpl, err, sizeof(err));
	evlist_release(&l);
	/* -1: the list is wrong; below: the system failed (no memory). */
	if (n == -1) {
		pr_err("stat: %s", err);
		return options_usage_error(opts, stat_usage);
	}
	if (n < 0) {
		pr_err("stat: %s", err);
		return 1;
	}
	return 0;
}

static void stat_free(struct stat_cmd *s)
{
	stat_results_release(&s->r);
	if (s->out_fd > 2)
		close(s->out_fd);
}

/* One fd per event per cpu or thread: --per-thread -a on a busy machine
 * needs thousands. The soft limit goes up to the hard one, as perf does. */
static void raise_fd_limit(void)
{
	struct rlimit rl;

	if (!getrlimit(RLIMIT_NOFILE, &rl) && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
}

static int stat_main(struct stat_cmd *s)
{
	int rc = 0;

	raise_fd_limit();
	target_signals_install();
	for (int run = 0; run < s->o.repeat; run++) {
		rc = run_once(s, run == s->o.repeat - 1);
		if (rc < 0)
			return 1;
		if (target_stop_signal())
			break;
	}
	if (!s->o.interval_ms) {
		print_totals(s);
		if (flush_out(s))
			return 1;
	}
	return rc;
}

/* ---- stat report ------------------------------------------------------------ */

static const char *const report_usage[] = {
	"scry stat report [-i FILE] [-x SEP | -j] [--no-big-num]",
	NULL,
};

/* The file's counts as one run of one line each. */
static int report_load(struct stat_cmd *s, const struct stat_file *f, const char *input)
{
	struct cpumap any_cpu = { 0, NULL };
	struct threadmap any_thread = { 0, NULL, NULL };
	char err[512];
	int rc = -1;

	s->r.ev = calloc((size_t)f->nr + 1, sizeof(*s->r.ev));
	if (!s->r.ev || cpumap_any(&any_cpu) || threadmap_any(&any_thread))
		goto out;
	s->r.nr_ev = f->nr;
	if (stat_aggr_map_init(&s->r.map, STAT_AGGR_GLOBAL, &any_cpu, &any_thread, err, sizeof(err)))
		goto out;
	s->r.have_map = true;
	for (int i = 0; i < f->nr; i++) {
		struct stat_event *ev = &s->r.ev[i];
		double v, pct;

		ev->name = strdup(f->ev[i].name);
		ev->attr = f->ev[i].attr;
		ev->kind = stat_kind_of(&ev->attr);
		ev->supported = f->ev[i].supported;
		ev->lines = calloc(1, sizeof(*ev->lines));
		ev->vars = calloc(1, sizeof(*ev->vars));
		ev->counted = calloc(1, sizeof(*ev->counted));
		ev->run_ns = calloc(1, sizeof(*ev->run_ns));
		if (!ev->name || !ev->lines || !ev->vars || !ev->counted || !ev->run_ns)
			goto out;
		ev->lines[0] = f->ev[i].total;
		ev->run_ns[0] = f->ev[i].total.run;
		if (ev->supported && stat_counts_scaled(&f->ev[i].total, &v, &pct)) {
			ev->counted[0] = true;
			stat_var_add(&ev->vars[0], v);
		}
	}
	stat_var_add(&s->r.elapsed, (double)f->elapsed_ns);
	/* perf names a pipe's counts 'pipe' (its command comes at its end). */
	s->title = f->pipe ? "pipe" : f->command ? f->command : input;
	rc = 0;
out:
	if (rc)
		pr_err("out of memory");
	cpumap_free(&any_cpu);
	threadmap_free(&any_thread);
	return rc;
}

static int cmd_stat_report(int argc, const char **argv)
{
	struct stat_cmd *s = calloc(1, sizeof(*s));
	struct stat_file f;
	const char *input = "scry.data";
	char err[512];
	int idx, rc = 1;

	if (!s) {
		pr_err("out of memory");
		return 1;
	}
	s->o.repeat = 1;
	s->o.big_num = true;
	struct opt opts[] = {
		{ OPT_STRING, 'i', "input", &input, "FILE", "the file stat record wrote (default scry.data; - for a pipe)",
		  0, NULL },
		{ OPT_STRING, 'x', "field-separator", &s->o.sep, "SEP", "CSV: fields separated by SEP", 0, NULL },
		{ OPT_BOOL, 'j', "json-output", &s->o.json, NULL, "one JSON object per line", OPT_NONEG, NULL },
		{ OPT_BOOL, 'B', "big-num", &s->o.big_num, NULL, "thousands separators (default; --no-big-num)", 0,
		  NULL },
		OPT_END_MARK,
	};

	idx = options_parse(opts, argc, argv, "stat report", report_usage, false, s);
	if (idx < 0) {
		free(s);
		return options_exit_status(idx);
	}
	if (idx < argc) {
		pr_err("stat report: unexpected argument '%s'", argv[idx]);
		free(s);
		return options_usage_error(opts, report_usage);
	}
	if (s->o.sep && s->o.json) {
		pr_err("stat report: -x and -j exclude each other");
		free(s);
		return options_usage_error(opts, report_usage);
	}
	configure(s);
	if (stat_file_read(input, &f, err, sizeof(err))) {
		pr_err("stat report: %s: %s", input, err);
		free(s);
		return 1;
	}
	s->out_fd = 2;
	if (!report_load(s, &f, input) && !outbuf_init_fd(&s->r.out, s->out_fd, 1 << 16)) {
		print_totals(s);
		rc = flush_out(s) ? 1 : 0;
	}
	stat_file_release(&f);
	stat_free(s);
	free(s);
	return rc;
}

/* ---- stat [record] ------------------------------------------------------------- */

int cmd_stat(int argc, const char **argv)
{
	struct stat_cmd *s;
	const char *name = "stat";
	int idx, rc;

	if (argc > 1 && !strcmp(argv[1], "report"))
		return cmd_stat_report(argc - 1, argv + 1);
	s = calloc(1, sizeof(*s));
	if (!s) {
		pr_err("out of memory");
		return 1;
	}
	if (argc > 1 && !strcmp(argv[1], "record")) {
		s->o.record = true;
		s->o.output = "scry.data";
		name = "stat record";
		argc--;
		argv++;
	}
	s->o.repeat = 1;
	s->o.big_num = true;
	struct opt opts[] = {
		{ OPT_GROUP, 0, NULL, NULL, NULL, "What to count", 0, NULL },
		{ OPT_STRING, 'e', "event", &s->o.events, "EV[,EV]",
		  "events (default: task-clock, context-switches, cpu-migrations, page-faults, cycles, "
		  "instructions, branches, branch-misses); tracepoints (syscalls:sys_enter_write, globs)",
		  0, NULL },
		{ OPT_STRING, 'p', "pid", &s->asked.pids, "PID[,PID]", "these running processes", 0, NULL },
		{ OPT_STRING, 't', "tid", &s->asked.tids, "TID[,TID]", "these threads", 0, NULL },
		{ OPT_BOOL, 'a', "all-cpus", &s->asked.all_cpus, NULL, "the whole system", OPT_NONEG, NULL },
		{ OPT_STRING, 'C', "cpu", &s->asked.cpus, "CPUS", "the whole system, on these cpus (0-3,6)", 0, NULL },
		{ OPT_BOOL, 'i', "no-inherit", &s->o.no_inherit, NULL, "do not count the command's children",
		  OPT_NONEG, NULL },
		{ OPT_GROUP, 0, NULL, NULL, NULL, "How", 0, NULL },
		{ OPT_INT, 'r', "repeat", &s->o.repeat, "N", "run the command N times: the means and their variation", 0,
		  NULL },
		{ OPT_INT, 'I', "interval-print", &s->o.interval_ms, "MS", "print the counts every MS milliseconds",
		  0, NULL },
		{ OPT_BOOL, 'A', "no-aggr", &s->o.no_aggr, NULL, "one line per cpu (with -a or -C)", OPT_NONEG, NULL },
		{ OPT_BOOL, 0, "per-thread", &s->o.per_thread, NULL, "one line per thread", OPT_NONEG, NULL },
		{ OPT_BOOL, 0, "per-core", &s->o.per_core, NULL, "one line per core (with -a or -C)", OPT_NONEG, NULL },
		{ OPT_BOOL, 0, "per-die", &s->o.per_die, NULL, "one line per die (with -a or -C)", OPT_NONEG, NULL },
		{ OPT_BOOL, 0, "per-socket", &s->o.per_socket, NULL, "one line per socket (with -a or -C)", OPT_NONEG,
		  NULL },
		{ OPT_BOOL, 0, "per-node", &s->o.per_node, NULL, "one line per NUMA node (with -a or -C)", OPT_NONEG,
		  NULL },
		{ OPT_BOOL, 0, "no-merge", &s->o.no_merge, NULL, "accepted for perf's scripts: scry never merges events",
		  OPT_NONEG, NULL },
		{ OPT_GROUP, 0, NULL, NULL, NULL, "Output (on stderr, as perf's)", 0, NULL },
		{ OPT_STRING, 'x', "field-separator", &s->o.sep, "SEP", "CSV: fields separated by SEP", 0, NULL },
		{ OPT_BOOL, 'j', "json-output", &s->o.json, NULL, "one JSON object per line", OPT_NONEG, NULL },
		{ OPT_BOOL, 'B', "big-num", &s->o.big_num, NULL, "thousands separators (default; --no-big-num)", 0,
		  NULL },
		{ OPT_STRING, 'o', "output", &s->o.output, "FILE",
		  "write the counts to FILE instead of stderr (stat record: the data file, default scry.data, - for a pipe)",
		  0, NULL },
		{ OPT_COUNT, 'v', "verbose", &s->o.verbose, NULL, "more messages", 0, NULL },
		OPT_END_MARK,
	};

	idx = options_parse(opts, argc, argv, name, stat_usage, true, s);
	if (idx < 0) {
		free(s);
		return options_exit_status(idx);
	}
	log_set_level(s->o.verbose);
	s->argv = argv + idx;
	s->argc = argc - idx;
	s->asked.argv = s->argv;
	s->asked.argc = s->argc;
	rc = check_options(s, opts);
	if (!rc) {
		configure(s);
		rc = check_events(s, opts);
	}
	if (rc) {
		free(s);
		return rc;
	}
	s->out_fd = 2;
	if (s->o.output && !s->o.record) {
		s->out_fd = open(s->o.output, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
		if (s->out_fd < 0) {
			pr_err("stat: cannot create %s: %s", s->o.output, strerror(errno));
			free(s);
			return 1;
		}
	}
	if (outbuf_init_fd(&s->r.out, s->out_fd, 1 << 16)) {
		pr_err("out of memory");
		free(s);
		return 1;
	}
	rc = stat_main(s);
	stat_free(s);
	free(s);
	return rc;
}
