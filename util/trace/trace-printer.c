#include "util/trace/trace-printer.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/trace/sc-effects.h"

struct comm_entry {
	char comm[17];
};

/* A call a thread was in when tracing attached. */
struct attach_call {
	int nr;
	u32 pid;
	bool args_only;         /* -a: names a continued call's arguments, never printed as unfinished */
	u64 args[SCRY_SC_NARGS];
};

static void add_attach_call(struct trace_printer *p, u32 tid, u32 pid, int nr, const u64 *args, bool args_only);

int trace_printer_init(struct trace_printer *p, struct tp_formats *formats, bool live_proc)
{
	p->formats = formats;
	sc_descs_init(&p->descs, formats);
	sc_tp_init(&p->tp);
	fdtables_init(&p->fdt, live_proc);
	sc_stats_init(&p->stats);
	hashmap_init(&p->comms);
	hashmap_init(&p->attach_calls);
	p->workload_status = -1;
	for (int nr = 0; nr < SCRY_SC_NR_MAX; nr++) {
		const char *name = syscall_name(nr);
		p->noreturn_nr[nr] = name && sc_ret_kind(name) == SC_RET_NONE;
	}
	p->lost_cpus = cpu_count_possible();
	p->lost_per_cpu = calloc((size_t)p->lost_cpus, sizeof(u64));
	return p->lost_per_cpu ? 0 : -1;
}

static void free_values(struct hashmap *m)
{
	size_t it = 0;
	void *v;

	while (hashmap_next(m, &it, NULL, &v))
		free(v);
	hashmap_free(m);
}

void trace_printer_release(struct trace_printer *p)
{
	free_values(&p->comms);
	free_values(&p->attach_calls);
	sc_tp_release(&p->tp);
	sc_stats_release(&p->stats);
	fdtables_release(&p->fdt);
	sc_descs_release(&p->descs);
	free(p->lost_per_cpu);
	p->lost_per_cpu = NULL;
	sc_stacks_free(p->stacks);
	p->stacks = NULL;
}

/* ---- thread names ------------------------------------------------------- */

const char *trace_printer_comm(struct trace_printer *p, u32 tid)
{
	struct comm_entry *c = hashmap_get(&p->comms, tid);
	char path[64];
	FILE *f;

	if (c)
		return c->comm;
	c = calloc(1, sizeof(*c));
	if (!c)
		return "";
	/* Only a live trace may ask /proc; a replay knows names from records. */
	if (p->fdt.live) {
		snprintf(path, sizeof(path), "/proc/%u/comm", tid);
		f = fopen(path, "re");
		if (f) {
			if (fgets(c->comm, sizeof(c->comm), f))
				c->comm[strcspn(c->comm, "\n")] = '\0';
			fclose(f);
		}
	}
	if (hashmap_put(&p->comms, tid, c)) {
		free(c);
		return "";
	}
	return c->comm;
}

static void comm_set(struct trace_printer *p, u32 tid, const char *comm)
{
	struct comm_entry *c = hashmap_get(&p->comms, tid);

	if (!c) {
		c = calloc(1, sizeof(*c));
		if (!c || hashmap_put(&p->comms, tid, c)) {
			free(c);
			return;
		}
	}
	if (strncmp(c->comm, comm, 16))
		snprintf(c->comm, sizeof(c->comm), "%s", comm);
}

static void comm_forget(struct trace_printer *p, u32 tid)
{
	free(hashmap_del(&p->comms, tid));
}

/* ---- syscalls ------------------------------------------------------------ */

static bool shows_extras(const struct trace_printer *p)
{
	return p->print_events && !p->failure_only && !p->duration_ns;
}

static bool wanted(const struct trace_printer *p, const struct sc_event *ev)
{
	if (!p->print_events || !syscall_filter_has(&p->filter, ev->nr))
		return false;
	if (p->failure_only && !(ev->kind == SCRY_SC_COMPLETE && ev->ret < 0 && ev->ret >= -4095))
		return false;
	if (p->duration_ns && (ev->kind != SCRY_SC_COMPLETE || ev->ts_exit - ev->ts_enter < p->duration_ns))
		return false;
	return true;
}

/* A thread's end, as strace -f shows it: every thread but the leader gets
 * its own "+++ exited with N +++" when it ends; the process gets one when
 * its last thread ends, under its pid and the leader's name (the last
 * thread is often another one: exit_group ends the leader first). */
static void handle_exit(struct trace_printer *p, const struct sc_event *ev)
{
	bool leader = ev->tid == ev->pid;
	struct comm_entry *lc;

	if (shows_extras(p) && !leader) {
		sc_print_prefix(&p->out, ev->ts_exit, 0, false, ev->comm, ev->tid, &p->popts);
		sc_print_exit_status(&p->out, (int)ev->ret);
	}
	if (leader && !ev->group_dead)
		comm_set(p, ev->tid, ev->comm);        /* kept until the process ends, to name it */
	else if (!leader)
		comm_forget(p, ev->tid);
	if (ev->group_dead) {
		if (shows_extras(p)) {
			lc = hashmap_get(&p->comms, ev->pid);
			sc_print_prefix(&p->out, ev->ts_exit, 0, false, lc && lc->comm[0] ? lc->comm : ev->comm,
					ev->pid, &p->popts);
			sc_print_exit_status(&p->out, (int)ev->ret);
		}
		comm_forget(p, ev->pid);
		fdtables_exit(&p->fdt, (pid_t)ev->pid);
		if (p->target_gone)
			p->target_gone(p->target_arg, (pid_t)ev->pid);
	} else if (p->tid_targets && p->target_gone) {
		p->target_gone(p->target_arg, (pid_t)ev->tid);
	}
}

static bool is_name(const struct sc_desc *d, const char *a, const char *b)
{
	return !strcmp(d->name, a) || (b && !strcmp(d->name, b));
}

/* Returns false when a "continued" return should not be shown. */
static bool complete_continued(struct trace_printer *p, struct sc_event *ev, const struct sc_desc *d)
{
	struct attach_call *ac = hashmap_del(&p->attach_calls, ev->tid);

	if (ac && ac->nr == ev->nr) {
		memcpy(ev->args, ac->args, sizeof(ev->args));
		ev->args_known = true;
	}
	free(ac);
	/* The workload's exec, entered while the tracer was setting up. */
	if (p->workload_pid && ev->pid == (u32)p->workload_pid && is_name(d, "execve", "execveat"))
		return false;
	/* A new child's first return, from the fork its parent made: the call
	 * is shown in the parent (as strace does). */
	if (ev->ret == 0 && (is_name(d, "clone", "clone3") || is_name(d, "fork", "vfork")))
		return false;
	return true;
}

void trace_printer_syscall(struct trace_printer *p, struct sc_event *ev)
{
	const struct sc_desc *d;

	if (ev->kind == SCRY_SC_EXIT) {
		handle_exit(p, ev);
		return;
	}
	if (ev->kind == SCRY_SC_SIGNAL) {
		if (shows_extras(p) && !p->no_signals)
			sc_print_signal(&p->out, ev, &p->popts);
		return;
	}
	if (ev->kind == SCRY_SC_STACK) {
		if (p->stacks)
			sc_stacks_hold(p->stacks, ev);
		return;
	}
	d = sc_descs_get(&p->descs, ev->nr);
	if (!d)
		return;
	if (ev->continued && !complete_continued(p, ev, d))
		return;
	if (!ev->comm[0])
		snprintf(ev->comm, sizeof(ev->comm), "%s", trace_printer_comm(p, ev->tid));
	else if (p->track_comms)
		comm_set(p, ev->tid, ev->comm);
	if (p->summary && syscall_filter_has(&p->filter, ev->nr))
		sc_stats_add_syscall(&p->stats, ev);
	/* A call making a new descriptor prints it with its new path; any
	 * other prints its arguments as they were before it ran. */
	if (d->ret_kind == SC_RET_FD) {
		sc_apply_effects(&p->fdt, ev, d);
		if (wanted(p, ev))
			sc_print_event(&p->out, ev, d, &p->fdt, &p->popts);
	} else {
		if (wanted(p, ev))
			sc_print_event(&p->out, ev, d, &p->fdt, &p->popts);
		sc_apply_effects(&p->fdt, ev, d);
	}
	/* After an exec the thread has a new name (tracepoint records carry none). */
	if (!p->names_in_records && ev->kind == SCRY_SC_COMPLETE && ev->ret == 0 && is_name(d, "execve", "execveat"))
		comm_forget(p, ev->tid);
	/* --call-graph: the call's frames under its line */
	if (p->stacks)
		sc_stacks_after_call(p->stacks, ev, wanted(p, ev), &p->out);
}

static void print_tp_event(struct trace_printer *p, struct evsel *e, struct trace_role *role,
			   const struct perf_sample *s)
{
	const char *comm = trace_printer_comm(p, s->tid);

	if (p->summary)
		sc_stats_add_event(&p->stats, s->tid, s->pid, comm);
	if (!shows_extras(p))
		return;
	sc_print_prefix(&p->out, s->time, 0, false, comm, s->tid, &p->popts);
	outbuf_puts(&p->out, e->name);
	outbuf_putc(&p->out, '(');
	if (role->tp && s->raw_data)
		tp_print_fields(p->formats, role->tp, s->raw_data, s->raw_size, (int)s->cpu, s->time, &p->out);
	outbuf_puts(&p->out, ")\n");
}

/* ---- metadata of a recorded trace ----------------------------------------- */

static void handle_meta(struct trace_printer *p, const struct perf_sample *s)
{
	struct trace_meta mm;
	const struct trace_meta *m = &mm;
	const void *payload;

	if (trace_meta_decode(s->raw_data, s->raw_size, &mm, &payload))
		return;
	switch (m->kind) {
	case META_START:
		p->popts.base_ns = m->a;
		p->workload_pid = (pid_t)m->b;
		break;
	case META_FD: {
		char path[4096];
		snprintf(path, sizeof(path), "%.*s", (int)MIN(m->len, sizeof(path) - 1), (const char *)payload);
		fdtables_open(&p->fdt, (pid_t)m->a, (int)m->b, -100, path, false);
		break;
	}
	case META_ATTACH:
		if (m->len >= SCRY_SC_NARGS * sizeof(u64)) {
			u64 args[SCRY_SC_NARGS];
			int nr = (int)(m->c & ~(u64)TRACE_ATTACH_ARGS_ONLY);
			memcpy(args, payload, sizeof(args));
			add_attach_call(p, (u32)m->a, (u32)m->b, nr, args, (m->c & TRACE_ATTACH_ARGS_ONLY) != 0);
		}
		break;
	case META_INFLIGHT:
		if (m->len >= SCRY_SC_HDR_SIZE) {
			struct scry_sc_rec r;
			memset(&r, 0, sizeof(r));
			memcpy(&r, payload, MIN(m->len, sizeof(r)));
			trace_printer_inflight(p, &r);
		}
		break;
	case META_LOST_END:
		trace_printer_lost_end(p, m->a);
		break;
	case META_WORKLOAD:
		p->workload_status = (int)m->b;
		trace_printer_workload_exit(p, (pid_t)m->a, (int)m->b, s->time);
		break;
	case META_FILTER:
		/* The recording's selection, unless the replay chose its own. */
		if (!p->filter_given && m->len >= sizeof(p->filter.bits)) {
			memcpy(p->filter.bits, payload, sizeof(p->filter.bits));
			p->filter.others = m->a != 0;
			p->filter.all = syscall_filter_is_all(&p->filter);
		}
		break;
	default:
		break;
	}
}

/* ---- session callbacks -------------------------------------------------- */

int trace_printer_sample(struct session *s, struct evsel *e, const struct perf_sample *smp,
			 const struct perf_event_header *h)
{
	struct trace_printer *p = s->tool->priv;
	struct trace_role *role = e->priv;
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
		trace_printer_syscall(p, &ev);
		break;
	case ROLE_SC_TP:
		if (!smp->raw_data)
			return 0;
		/* scry's own calls (system-wide tracing sees them) are not shown;
		 * in a replay this pid is someone else's, so only live. */
		if (p->fdt.live && smp->pid == (u32)getpid())
			return 0;
		do {
			rc = sc_tp_feed(&p->tp, &role->layout, smp->raw_data, smp->raw_size, smp->pid, smp->tid,
					smp->time, (int)smp->cpu, p->noreturn_nr, &ev);
			if (rc > 0)
				trace_printer_syscall(p, &ev);
		} while (rc == 2);
		if (rc < 0)
			s->stats.unparsable++;
		break;
	case ROLE_EVENT:
		print_tp_event(p, e, role, smp);
		break;
	case ROLE_META:
		if (smp->raw_data)
			handle_meta(p, smp);
		break;
	}
	return 0;
}

int trace_printer_record(struct session *s, struct evsel *e, const struct perf_event_header *h,
			 const struct perf_sample *id)
{
	struct trace_printer *p = s->tool->priv;

	(void)e;
	(void)id;
	if (p->stacks)
		sc_stacks_record(p->stacks, h);
	/* COMM and FORK name the threads of the tracepoint backend: its
	 * records carry no names, and /proc forgets short-lived processes. */
	if (h->type == PERF_RECORD_COMM && h->size >= sizeof(*h) + 9) {
		const u32 *pt = (const u32 *)(h + 1);
		size_t max = h->size - sizeof(*h) - 8;
		char comm[17];
		snprintf(comm, sizeof(comm), "%.*s", (int)MIN(max, 16), (const char *)(pt + 2));
		comm_set(p, pt[1], comm);
	} else if (h->type == PERF_RECORD_FORK && h->size >= sizeof(*h) + 16) {
		const u32 *f = (const u32 *)(h + 1);   /* pid, ppid, tid, ptid */
		struct comm_entry *parent = hashmap_get(&p->comms, f[3]);
		if (parent)
			comm_set(p, f[2], parent->comm);
	}
	return 0;
}

void trace_printer_lost(struct session *s, int cpu, u64 nr, u64 time)
{
	struct trace_printer *p = s->tool->priv;

	(void)time;
	p->lost_total += nr;
	if (cpu >= 0 && cpu < p->lost_cpus)
		p->lost_per_cpu[cpu] += nr;
	/* Never silent: in the output, where it happened. */
	outbuf_printf(&p->out, "LOST %llu events on CPU %d\n", (unsigned long long)nr, cpu);
}

/* ---- calls in progress at either end -------------------------------------- */

static void add_attach_call(struct trace_printer *p, u32 tid, u32 pid, int nr, const u64 *args, bool args_only)
{
	struct attach_call *ac = calloc(1, sizeof(*ac));

	if (!ac)
		return;
	ac->nr = nr;
	ac->pid = pid;
	ac->args_only = args_only;
	memcpy(ac->args, args, sizeof(ac->args));
	free(hashmap_del(&p->attach_calls, tid));
	if (hashmap_put(&p->attach_calls, tid, ac))
		free(ac);
}

void trace_printer_add_attach_call(struct trace_printer *p, u32 tid, u32 pid, int nr, const u64 *args)
{
	add_attach_call(p, tid, pid, nr, args, false);
}

void trace_printer_add_attach_args(struct trace_printer *p, u32 tid, u32 pid, int nr, const u64 *args)
{
	add_attach_call(p, tid, pid, nr, args, true);
}

/* The call tid is in, from /proc/PID/task/TID/syscall: "nr arg1 ... arg6
 * sp pc" while in a call; "running" or "-1 sp pc" otherwise. A kernel
 * thread reads as "0 0x0 ... 0x0" (no user stack): not a call. */
static bool read_attach_call(pid_t pid, pid_t tid, int *nr, u64 *args)
{
	unsigned long long v[SCRY_SC_NARGS + 2];
	char path[96], line[512];
	bool ok;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/task/%d/syscall", (int)pid, (int)tid);
	f = fopen(path, "re");
	if (!f)
		return false;
	ok = fgets(line, sizeof(line), f) &&
	     sscanf(line, "%d %llx %llx %llx %llx %llx %llx %llx %llx", nr, &v[0], &v[1], &v[2], &v[3], &v[4], &v[5],
		    &v[6], &v[7]) == 9 &&
	     *nr >= 0 && *nr < SCRY_SC_NR_MAX && (v[6] || v[7]);
	fclose(f);
	for (int j = 0; ok && j < SCRY_SC_NARGS; j++)
		args[j] = v[j];
	return ok;
}

void trace_printer_load_attach_calls(struct trace_printer *p, const struct threadmap *t)
{
	for (int i = 0; i < t->nr; i++) {
		u64 args[SCRY_SC_NARGS];
		int nr;

		if (t->tid[i] > 0 && read_attach_call(t->pid[i], t->tid[i], &nr, args))
			trace_printer_add_attach_call(p, (u32)t->tid[i], (u32)t->pid[i], nr, args);
	}
}

/* Every thread's but skip's (scry's own): all numeric names of a /proc
 * directory. */
static void for_each_id(const char *dir, void (*fn)(void *arg, pid_t id), void *arg)
{
	DIR *d = opendir(dir);
	struct dirent *de;

	if (!d)
		return;
	while ((de = readdir(d))) {
		char *end;
		long id = strtol(de->d_name, &end, 10);

		if (end != de->d_name && !*end && id > 0)
			fn(arg, (pid_t)id);
	}
	closedir(d);
}

struct attach_walk {
	struct trace_printer *p;
	pid_t pid, skip;
};

static void attach_walk_thread(void *arg, pid_t tid)
{
	struct attach_walk *w = arg;
	u64 args[SCRY_SC_NARGS];
	int nr;

	if (read_attach_call(w->pid, tid, &nr, args))
		trace_printer_add_attach_args(w->p, (u32)tid, (u32)w->pid, nr, args);
}

static void attach_walk_process(void *arg, pid_t pid)
{
	struct attach_walk *w = arg;
	char dir[64];

	if (pid == w->skip)
		return;
	w->pid = pid;
	snprintf(dir, sizeof(dir), "/proc/%d/task", (int)pid);
	for_each_id(dir, attach_walk_thread, w);
}

void trace_printer_load_attach_args_all(struct trace_printer *p, pid_t skip)
{
	struct attach_walk w = { p, 0, skip };

	for_each_id("/proc", attach_walk_process, &w);
}

void trace_printer_for_each_attach_call(struct trace_printer *p,
					void (*fn)(void *arg, u32 tid, u32 pid, int nr, const u64 *args), void *arg)
{
	size_t it = 0;
	u64 tid;
	void *v;

	while (hashmap_next(&p->attach_calls, &it, &tid, &v)) {
		const struct attach_call *ac = v;
		fn(arg, (u32)tid, ac->pid, ac->nr | (ac->args_only ? TRACE_ATTACH_ARGS_ONLY : 0), ac->args);
	}
}

void trace_printer_flush_attach_calls(struct trace_printer *p, u64 when)
{
	size_t it = 0;
	u64 tid;
	void *v;

	while (hashmap_next(&p->attach_calls, &it, &tid, &v)) {
		struct attach_call *ac = v;
		struct sc_event ev;

		/* -a: a call seen in /proc may have ended before the tracer
		 * was on (its thread then made calls the tracer saw). */
		if (ac->args_only)
			continue;
		memset(&ev, 0, sizeof(ev));
		ev.kind = SCRY_SC_UNFINISHED;
		ev.in_progress = true;
		ev.tid = (u32)tid;
		ev.pid = ac->pid;
		ev.nr = ac->nr;
		ev.ts_enter = ev.ts_exit = when;
		memcpy(ev.args, ac->args, sizeof(ev.args));
		snprintf(ev.comm, sizeof(ev.comm), "%s", trace_printer_comm(p, ev.tid));
		if (syscall_filter_has(&p->filter, ev.nr))
			trace_printer_syscall(p, &ev);
	}
	free_values(&p->attach_calls);
	hashmap_init(&p->attach_calls);
}

void trace_printer_inflight(struct trace_printer *p, const struct scry_sc_rec *r)
{
	struct scry_sc_rec copy = *r;
	struct sc_event ev;

	copy.kind = SCRY_SC_UNFINISHED;
	if (copy.str_len[0] > SCRY_SC_STR_MAX || copy.str_len[1] > SCRY_SC_STR_MAX)
		copy.str_len[0] = copy.str_len[1] = 0;
	if (sc_event_from_bpf(&copy, sizeof(copy), -1, &ev)) {
		/* Caught while the tracer was filling in the vectors. */
		copy.vec_arg = copy.cnt_arg = 0xff;
		copy.vec_len = 0;
		if (sc_event_from_bpf(&copy, sizeof(copy), -1, &ev))
			return;
	}
	ev.in_progress = true;
	ev.ts_exit = ev.ts_enter;
	trace_printer_syscall(p, &ev);
}

void trace_printer_workload_exit(struct trace_printer *p, pid_t pid, int status, u64 when)
{
	/* The BPF tracer reports every exit itself. */
	if (p->names_in_records || !shows_extras(p))
		return;
	sc_print_prefix(&p->out, when, 0, false, trace_printer_comm(p, (u32)pid), (u32)pid, &p->popts);
	sc_print_exit_status(&p->out, status);
}

void trace_printer_lost_end(struct trace_printer *p, u64 n)
{
	if (!n)
		return;
	p->lost_total += n;
	p->lost_end += n;
	outbuf_printf(&p->out, "LOST %llu events at the end of the trace\n", (unsigned long long)n);
}

/* ---- the end --------------------------------------------------------------- */

void trace_printer_summary(struct trace_printer *p)
{
	if (!p->summary)
		return;
	sc_stats_print(&p->stats, &p->descs, &p->out);
	if (p->lost_total) {
		outbuf_printf(&p->out, " LOST %llu events:", (unsigned long long)p->lost_total);
		for (int c = 0; c < p->lost_cpus; c++)
			if (p->lost_per_cpu[c])
				outbuf_printf(&p->out, " cpu %d: %llu", c, (unsigned long long)p->lost_per_cpu[c]);
		if (p->lost_end)
			outbuf_printf(&p->out, " at the end: %llu", (unsigned long long)p->lost_end);
		outbuf_puts(&p->out, "\n\n");
	}
}

void trace_printer_lost_summary(struct trace_printer *p, u64 queue_lost, u64 inflight_full, u64 unparsable)
{
	if (!p->lost_total && !inflight_full && !unparsable)
		return;
	outbuf_flush(&p->out);
	fprintf(stderr, "scry trace: LOST %llu events", (unsigned long long)(p->lost_total + inflight_full));
	for (int c = 0; c < p->lost_cpus; c++)
		if (p->lost_per_cpu[c])
			fprintf(stderr, " (cpu %d: %llu)", c, (unsigned long long)p->lost_per_cpu[c]);
	if (p->lost_end)
		fprintf(stderr, " (at the end: %llu)", (unsigned long long)p->lost_end);
	if (queue_lost)
		fprintf(stderr, "; %llu of them because scry's queue was full", (unsigned long long)queue_lost);
	if (inflight_full)
		fprintf(stderr, "; %llu calls with no in-flight slot", (unsigned long long)inflight_full);
	if (unparsable)
		fprintf(stderr, "; %llu malformed records", (unsigned long long)unparsable);
	fprintf(stderr, "; raise -m to give the rings more pages\n");
}
