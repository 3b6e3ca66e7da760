#include "util/trace/sc-stats.h"

#include <math.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

struct sc_call_stat {
	u64 errors;
	struct run_stat dur;    /* n counts the calls; durations of those that returned */
	u64 calls;
	u64 returned;           /* calls that returned (strace -c counts only these) */
	u64 *hist;              /* --summary-hist: SC_HIST_BUCKETS of usecs */
};

struct sc_thread_stats {
	u32 tid, pid;
	char comm[17];
	u64 events;
	u64 order;
	struct sc_call_stat *by_nr[SYSCALL_NR_MAX];
};

void run_stat_add(struct run_stat *s, u64 v)
{
	double delta;

	s->n++;
	if (s->n == 1 || v < s->min)
		s->min = v;
	if (v > s->max)
		s->max = v;
	s->total += v;
	delta = (double)v - s->mean;
	s->mean += delta / (double)s->n;
	s->m2 += delta * ((double)v - s->mean);
}

double run_stat_stddev(const struct run_stat *s)
{
	return s->n > 1 ? sqrt(s->m2 / (double)(s->n - 1)) : 0.0;
}

double run_stat_rel_stderr(const struct run_stat *s)
{
	if (s->n < 2 || s->mean == 0.0)
		return 0.0;
	return 100.0 * (run_stat_stddev(s) / sqrt((double)s->n)) / s->mean;
}

void sc_stats_init(struct sc_stats *s)
{
	memset(s, 0, sizeof(*s));
	hashmap_init(&s->threads);
}

static void call_stat_free(struct sc_call_stat *c)
{
	if (c)
		free(c->hist);
	free(c);
}

void sc_stats_release(struct sc_stats *s)
{
	size_t it = 0;
	void *v;

	while (hashmap_next(&s->threads, &it, NULL, &v)) {
		struct sc_thread_stats *t = v;
		for (int i = 0; i < SYSCALL_NR_MAX; i++)
			call_stat_free(t->by_nr[i]);
		free(t);
	}
	hashmap_free(&s->threads);
	if (s->all_by_nr)
		for (int i = 0; i < SYSCALL_NR_MAX; i++)
			call_stat_free(s->all_by_nr[i]);
	free(s->all_by_nr);
	s->all_by_nr = NULL;
}

static struct sc_thread_stats *thread_get(struct sc_stats *s, u32 tid, u32 pid, const char *comm)
{
	struct sc_thread_stats *t = hashmap_get(&s->threads, tid);

	if (!t) {
		t = calloc(1, sizeof(*t));
		if (!t || hashmap_put(&s->threads, tid, t)) {
			free(t);
			return NULL;
		}
		t->tid = tid;
		t->order = s->order++;
	}
	t->pid = pid;
	/* The latest name wins: a process is known by what it exec'd. */
	if (comm && *comm)
		snprintf(t->comm, sizeof(t->comm), "%s", comm);
	return t;
}

void sc_stats_add_event(struct sc_stats *s, u32 tid, u32 pid, const char *comm)
{
	struct sc_thread_stats *t = thread_get(s, tid, pid, comm);

	s->events++;
	if (t)
		t->events++;
}

unsigned sc_hist_bucket(u64 v)
{
	return v ? 64 - (unsigned)__builtin_clzll(v) : 0;
}

static void call_stat_add(struct sc_call_stat *c, const struct sc_event *ev, bool hist)
{
	c->calls++;
	if (ev->kind != SCRY_SC_COMPLETE)
		return;
	c->returned++;
	if (ev->ret < 0 && ev->ret >= -4095)
		c->errors++;
	/* A call entered before tracing began has no known duration. */
	if (!ev->continued) {
		u64 d = ev->ts_exit >= ev->ts_enter ? ev->ts_exit - ev->ts_enter : 0;

		run_stat_add(&c->dur, d);
		if (hist && !c->hist)
			c->hist = calloc(SC_HIST_BUCKETS, sizeof(*c->hist));
		if (c->hist)
			c->hist[sc_hist_bucket(d / 1000)]++;
	}
}

static struct sc_call_stat *call_stat_get(struct sc_call_stat **by_nr, int nr)
{
	if (!by_nr[nr])
		by_nr[nr] = calloc(1, sizeof(*by_nr[nr]));
	return by_nr[nr];
}

void sc_stats_add_syscall(struct sc_stats *s, const struct sc_event *ev)
{
	struct sc_thread_stats *t = thread_get(s, ev->tid, ev->pid, ev->comm);
	struct sc_call_stat *c;

	s->events++;
	if (ev->nr < 0 || ev->nr >= SYSCALL_NR_MAX)
		return;
	if (!s->all_by_nr)
		s->all_by_nr = calloc(SYSCALL_NR_MAX, sizeof(*s->all_by_nr));
	if (s->all_by_nr && (c = call_stat_get(s->all_by_nr, ev->nr)))
		call_stat_add(c, ev, false);
	if (!t)
		return;
	t->events++;
	c = call_stat_get(t->by_nr, ev->nr);
	if (c)
		call_stat_add(c, ev, s->hist);
}

static int cmp_threads(const void *a, const void *b)
{
	const struct sc_thread_stats *x = *(const struct sc_thread_stats *const *)a;
	const struct sc_thread_stats *y = *(const struct sc_thread_stats *const *)b;

	if (x->events != y->events)
		return x->events < y->events ? 1 : -1;
	return x->order < y->order ? -1 : x->order > y->order;
}

struct nr_total {
	int nr;
	u64 total;
};

static int cmp_calls(const void *a, const void *b)
{
	const struct nr_total *x = a, *y = b;

	if (x->total != y->total)
		return x->total < y->total ? 1 : -1;
	return x->nr - y->nr;
}

static void ms3(struct outbuf *ob, double ns, unsigned width)
{
	outbuf_fixed(ob, (u64)(ns / 1000.0 + 0.5), 3, width);
}

static void print_thread(struct sc_thread_stats *t, u64 all_events, struct sc_descs *descs,
			 struct outbuf *ob)
{
	struct nr_total order[SYSCALL_NR_MAX];
	int n = 0;

	outbuf_printf(ob, "\n %s (%u), %llu events, %.1f%%\n\n", t->comm[0] ? t->comm : "?", t->tid,
		  (unsigned long long)t->events, all_events ? 100.0 * (double)t->events / (double)all_events : 0.0);
	outbuf_puts(ob, "   syscall            calls  errors  total       min       avg       max       stddev\n");
	outbuf_puts(ob, "                                     (msec)    (msec)    (msec)    (msec)        (%)\n");
	outbuf_puts(ob, "   --------------- --------  ------ -------- --------- --------- ---------     ------\n");
	for (int nr = 0; nr < SYSCALL_NR_MAX; nr++)
		if (t->by_nr[nr])
			order[n++] = (struct nr_total){ nr, t->by_nr[nr]->dur.total };
	qsort(order, (size_t)n, sizeof(order[0]), cmp_calls);
	for (int i = 0; i < n; i++) {
		struct sc_call_stat *c = t->by_nr[order[i].nr];
		const struct sc_desc *d = sc_descs_get(descs, order[i].nr);
		size_t start = ob->len;

		outbuf_puts(ob, "   ");
		outbuf_puts(ob, d ? d->name : "?");
		outbuf_pad(ob, start, 18);  /* "   %-15s": numbers end under the dashes */
		outbuf_printf(ob, " %8llu %7llu ", (unsigned long long)c->calls, (unsigned long long)c->errors);
		ms3(ob, (double)c->dur.total, 8);
		outbuf_putc(ob, ' ');
		ms3(ob, (double)c->dur.min, 9);
		outbuf_putc(ob, ' ');
		ms3(ob, c->dur.mean, 9);
		outbuf_putc(ob, ' ');
		ms3(ob, (double)c->dur.max, 9);
		outbuf_printf(ob, "     %6.2f%%\n", run_stat_rel_stderr(&c->dur));
	}
	for (int i = 0; i < n; i++) {
		struct sc_call_stat *c = t->by_nr[order[i].nr];
		const struct sc_desc *d = sc_descs_get(descs, order[i].nr);

		if (!c->hist)
			continue;
		/* As bpftrace prints @usecs[name] = hist(...) */
		outbuf_printf(ob, "\n@usecs[%s]: \n", d ? d->name : "?");
		sc_hist_print(ob, c->hist);
	}
}

#define HIST_BAR_WIDTH 52

/* 2^power with bpftrace's K/M/G/T/P/E suffixes (powers of 1024). */
static void hist_bound(char *buf, size_t len, unsigned power)
{
	static const char suffix[] = "KMGTPE";
	unsigned k = power / 10;

	if (k == 0)
		snprintf(buf, len, "%llu", 1ull << power);
	else
		snprintf(buf, len, "%llu%c", 1ull << (power - 10 * k), suffix[k - 1]);
}

void sc_hist_print(struct outbuf *ob, const u64 *b)
{
	int first = -1, last = -1;
	u64 maxv = 0;

	for (int i = 0; i < SC_HIST_BUCKETS; i++) {
		if (!b[i])
			continue;
		if (first < 0)
			first = i;
		last = i;
		if (b[i] > maxv)
			maxv = b[i];
	}
	for (int i = first; first >= 0 && i <= last; i++) {
		char label[48], lo[16], hi[16];
		/* bpftrace scales in single precision and truncates */
		int bar = (int)((float)b[i] / (float)maxv * (float)HIST_BAR_WIDTH);

		if (i == 0) {
			snprintf(label, sizeof(label), "[0]");
		} else if (i == 1) {
			snprintf(label, sizeof(label), "[1]");
		} else {
			hist_bound(lo, sizeof(lo), (unsigned)i - 1);
			if (i < 64)
				hist_bound(hi, sizeof(hi), (unsigned)i);
			else
				snprintf(hi, sizeof(hi), "16E");
			snprintf(label, sizeof(label), "[%s, %s)", lo, hi);
		}
		outbuf_printf(ob, "%-16s%8llu |", label, (unsigned long long)b[i]);
		for (int j = 0; j < HIST_BAR_WIDTH; j++)
			outbuf_putc(ob, j < bar ? '@' : ' ');
		outbuf_puts(ob, "|\n");
	}
}

void sc_stats_print(struct sc_stats *s, struct sc_descs *descs, struct outbuf *ob)
{
	struct sc_thread_stats **v;
	size_t n = 0, it = 0;
	void *val;

	outbuf_puts(ob, "\n Summary of events:\n");
	if (!s->threads.nr) {
		outbuf_puts(ob, "\n (no events)\n");
		return;
	}
	v = malloc(s->threads.nr * sizeof(*v));
	if (!v)
		return;
	while (hashmap_next(&s->threads, &it, NULL, &val))
		v[n++] = val;
	qsort(v, n, sizeof(*v), cmp_threads);
	for (size_t i = 0; i < n; i++)
		print_thread(v[i], s->events, descs, ob);
	outbuf_putc(ob, '\n');
	free(v);
}

/* strace -c: only calls that returned count (exit_group does not), their
 * time in seconds, usecs/call truncated, errors blank when none. */
void sc_stats_print_strace(struct sc_stats *s, struct sc_descs *descs, struct outbuf *ob)
{
	static const char dashes[] = "------ ----------- ----------- --------- --------- ----------------\n";
	struct nr_total order[SYSCALL_NR_MAX];
	u64 total_ns = 0, calls = 0, errors = 0;
	int n = 0;

	for (int nr = 0; s->all_by_nr && nr < SYSCALL_NR_MAX; nr++) {
		struct sc_call_stat *c = s->all_by_nr[nr];

		if (!c || !c->returned)
			continue;
		order[n++] = (struct nr_total){ nr, c->dur.total };
		total_ns += c->dur.total;
		calls += c->returned;
		errors += c->errors;
	}
	qsort(order, (size_t)n, sizeof(order[0]), cmp_calls);
	outbuf_puts(ob, "% time     seconds  usecs/call     calls    errors syscall\n");
	outbuf_puts(ob, dashes);
	for (int i = 0; i < n; i++) {
		struct sc_call_stat *c = s->all_by_nr[order[i].nr];
		const struct sc_desc *d = sc_descs_get(descs, order[i].nr);

		outbuf_printf(ob, "%6.2f %11.6f %11llu %9llu ",
			      total_ns ? 100.0 * (double)c->dur.total / (double)total_ns : 0.0,
			      (double)c->dur.total / 1e9, (unsigned long long)(c->dur.total / c->returned / 1000),
			      (unsigned long long)c->returned);
		if (c->errors)
			outbuf_printf(ob, "%9llu ", (unsigned long long)c->errors);
		else
			outbuf_puts(ob, "          ");
		outbuf_puts(ob, d ? d->name : "?");
		outbuf_putc(ob, '\n');
	}
	outbuf_puts(ob, dashes);
	outbuf_printf(ob, "%6.2f %11.6f %11llu %9llu ", 100.0, (double)total_ns / 1e9,
		      (unsigned long long)(calls ? total_ns / calls / 1000 : 0), (unsigned long long)calls);
	if (errors)
		outbuf_printf(ob, "%9llu ", (unsigned long long)errors);
	else
		outbuf_puts(ob, "          ");
	outbuf_puts(ob, "total\n");
}
