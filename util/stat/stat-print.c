#include "util/stat/stat-print.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum stat_kind stat_kind_of(const struct perf_event_attr *a)
{
	if (a->type == PERF_TYPE_SOFTWARE &&
	    (a->config == PERF_COUNT_SW_TASK_CLOCK || a->config == PERF_COUNT_SW_CPU_CLOCK))
		return STAT_KIND_CLOCK;
	if (a->type != PERF_TYPE_HARDWARE)
		return STAT_KIND_OTHER;
	switch (a->config) {
	case PERF_COUNT_HW_CPU_CYCLES:
		return STAT_KIND_CYCLES;
	case PERF_COUNT_HW_INSTRUCTIONS:
		return STAT_KIND_INSTRUCTIONS;
	case PERF_COUNT_HW_BRANCH_INSTRUCTIONS:
		return STAT_KIND_BRANCHES;
	case PERF_COUNT_HW_BRANCH_MISSES:
		return STAT_KIND_BRANCH_MISSES;
	default:
		return STAT_KIND_OTHER;
	}
}

/* The mean over the runs of one line of one event (its count, in units). */
static double line_value(const struct stat_event *ev, int line)
{
	return ev->vars[line].mean;
}

/* The time a line's clocks counted, ns (the mean of task-clock and
 * cpu-clock when both are there, as perf averages them); 0 if none. */
static double line_clock_ns(const struct stat_results *r, int line)
{
	double sum = 0;
	int n = 0;

	for (int i = 0; i < r->nr_ev; i++)
		if (r->ev[i].kind == STAT_KIND_CLOCK && r->ev[i].counted[line]) {
			sum += line_value(&r->ev[i], line);
			n++;
		}
	return n ? sum / n : 0;
}

static const struct stat_event *find_kind(const struct stat_results *r, enum stat_kind k, int line)
{
	for (int i = 0; i < r->nr_ev; i++)
		if (r->ev[i].kind == k && r->ev[i].counted[line])
			return &r->ev[i];
	return NULL;
}

/* The metric column of a line (perf's shadow stats). */
static void line_metric(const struct stat_results *r, const struct stat_event *ev, int line, double wall_ns,
			struct stat_line *l, char *unit, size_t unit_len)
{
	double v = line_value(ev, line);
	double clock_ns = line_clock_ns(r, line);
	const struct stat_event *other;

	l->has_metric = true;
	l->metric_fmt = "%8.3f";
	l->metric_unit = unit;
	switch (ev->kind) {
	case STAT_KIND_CLOCK:
		l->metric = wall_ns > 0 ? v / wall_ns : 0;
		snprintf(unit, unit_len, "CPUs utilized");
		return;
	case STAT_KIND_CYCLES:
		if (!clock_ns)
			break;
		l->metric = v / clock_ns;
		snprintf(unit, unit_len, "GHz");
		return;
	case STAT_KIND_INSTRUCTIONS:
		other = find_kind(r, STAT_KIND_CYCLES, line);
		if (!other)
			break;
		l->metric_fmt = "%7.2f ";
		l->metric = line_value(other, line) ? v / line_value(other, line) : 0;
		snprintf(unit, unit_len, "insn per cycle");
		return;
	case STAT_KIND_BRANCH_MISSES:
		other = find_kind(r, STAT_KIND_BRANCHES, line);
		if (!other)
			break;
		l->metric_fmt = "%7.2f%%";
		l->metric = line_value(other, line) ? 100.0 * v / line_value(other, line) : 0;
		snprintf(unit, unit_len, "of all branches");
		return;
	case STAT_KIND_BRANCHES:
	case STAT_KIND_OTHER:
		break;
	}
	if (!clock_ns) {
		l->has_metric = false;
		return;
	}
	l->metric = stat_rate_scale(v * 1e9 / clock_ns, unit, unit_len);
}

static void print_line(struct stat_results *r, const struct stat_event *ev, int line, double wall_ns,
		       bool has_interval, u64 interval_ns)
{
	struct stat_line l;
	char unit[32];
	bool clock = ev->kind == STAT_KIND_CLOCK;
	struct stat_counts c = { 0, 0, 0 };

	memset(&l, 0, sizeof(l));
	l.has_interval = has_interval;
	l.interval_ns = interval_ns;
	l.aggr = r->aggr;
	l.id = r->map.ids[line];
	l.event = ev->name;
	l.unit = clock ? "msec" : "";
	l.fraction = clock;
	l.run_ns = ev->run_ns[line];
	l.running_pct = 100.0;
	if (!ev->supported) {
		l.state = STAT_NOT_SUPPORTED;
		l.run_ns = 0;
	} else if (!ev->counted[line]) {
		l.state = STAT_NOT_COUNTED;
	} else {
		l.state = STAT_COUNTED;
		l.value = line_value(ev, line) / (clock ? 1e6 : 1);
		/* The share of the last reading's time the counter ran. */
		c = ev->lines[line];
		if (c.run && c.run < c.ena)
			l.running_pct = 100.0 * (double)c.run / (double)c.ena;
		line_metric(r, ev, line, wall_ns, &l, unit, sizeof(unit));
	}
	if (r->repeat > 1) {
		l.has_noise = true;
		l.noise_pct = ev->supported ? stat_var_rel_pct(&ev->vars[line]) : 0;
	}
	stat_line_format(&r->out, &r->po, &l);
}

/* --per-thread: busiest first; equal ones (not counted: 0) in the order of
 * the threads. */
static int cmp_line_desc(const void *a, const void *b, void *arg)
{
	const struct stat_event *ev = arg;
	int la = *(const int *)a, lb = *(const int *)b;
	double va = ev->counted[la] ? line_value(ev, la) : 0, vb = ev->counted[lb] ? line_value(ev, lb) : 0;

	if (va != vb)
		return va < vb ? 1 : -1;
	return la - lb;
}

static void print_event_lines(struct stat_results *r, const struct stat_event *ev, double wall_ns, bool has_interval,
			      u64 interval_ns)
{
	int *order;
	int n = 0;

	if (r->aggr != STAT_AGGR_THREAD) {
		for (int line = 0; line < r->map.nr; line++)
			print_line(r, ev, line, wall_ns, has_interval, interval_ns);
		return;
	}
	order = calloc((size_t)r->map.nr + 1, sizeof(int));
	if (!order)
		return;
	for (int line = 0; line < r->map.nr; line++)
		if (!r->hide_idle_threads || (ev->supported && ev->counted[line] && line_value(ev, line)))
			order[n++] = line;
	qsort_r(order, (size_t)n, sizeof(int), cmp_line_desc, (void *)ev);
	for (int i = 0; i < n; i++)
		print_line(r, ev, order[i], wall_ns, has_interval, interval_ns);
	free(order);
}

void stat_print_lines(struct stat_results *r, double wall_ns, bool has_interval, u64 interval_ns)
{
	bool by_line = r->aggr == STAT_AGGR_CORE || r->aggr == STAT_AGGR_DIE || r->aggr == STAT_AGGR_SOCKET ||
		       r->aggr == STAT_AGGR_NODE;

	if (by_line) {
		for (int line = 0; line < r->map.nr; line++)
			for (int i = 0; i < r->nr_ev; i++)
				print_line(r, &r->ev[i], line, wall_ns, has_interval, interval_ns);
		return;
	}
	for (int i = 0; i < r->nr_ev; i++)
		print_event_lines(r, &r->ev[i], wall_ns, has_interval, interval_ns);
}

void stat_print_footer(struct stat_results *r, bool rusage, double user_s, double sys_s)
{
	struct outbuf *ob = &r->out;
	double avg = r->elapsed.mean / 1e9;

	outbuf_putc(ob, '\n');
	if (r->repeat > 1) {
		double sd = stat_var_stddev_mean(&r->elapsed) / 1e9;
		int prec = stat_var_precision(sd);

		outbuf_printf(ob, " %17.*f +- %.*f seconds time elapsed", prec, avg, prec, sd);
		outbuf_printf(ob, "  ( +-%6.2f%% )\n", stat_var_rel_pct(&r->elapsed));
	} else {
		outbuf_printf(ob, " %17.9f seconds time elapsed\n", avg);
	}
	outbuf_putc(ob, '\n');
	if (rusage) {
		outbuf_printf(ob, " %17.9f seconds user\n", user_s);
		outbuf_printf(ob, " %17.9f seconds sys\n", sys_s);
		outbuf_puts(ob, "\n\n");
	}
}

int stat_results_init_lines(struct stat_results *r, const struct cpumap *cpus, const struct threadmap *threads,
			    char *err, size_t errlen)
{
	if (r->have_map)
		return 0;
	if (stat_aggr_map_init(&r->map, r->aggr, cpus, threads, err, errlen))
		return -1;
	r->have_map = true;
	for (int i = 0; i < r->nr_ev; i++) {
		struct stat_event *ev = &r->ev[i];
		size_t n = (size_t)r->map.nr + 1;

		ev->lines = calloc(n, sizeof(*ev->lines));
		ev->vars = calloc(n, sizeof(*ev->vars));
		ev->counted = calloc(n, sizeof(*ev->counted));
		ev->run_ns = calloc(n, sizeof(*ev->run_ns));
		if (!ev->lines || !ev->vars || !ev->counted || !ev->run_ns) {
			snprintf(err, errlen, "out of memory");
			return -1;
		}
	}
	return 0;
}

/* This reading into the per-line statistics: reset for an interval, added
 * as one more run otherwise. */
void stat_results_take(struct stat_results *r, bool reset)
{
	for (int i = 0; i < r->nr_ev; i++) {
		struct stat_event *ev = &r->ev[i];

		for (int line = 0; line < r->map.nr; line++) {
			double v, pct;
			bool ran = stat_counts_scaled(&ev->lines[line], &v, &pct);

			if (reset) {
				memset(&ev->vars[line], 0, sizeof(ev->vars[line]));
				ev->counted[line] = false;
			}
			ev->run_ns[line] = ev->lines[line].run;
			if (!ran)
				continue;
			ev->counted[line] = true;
			stat_var_add(&ev->vars[line], v);
		}
	}
}

void stat_print_title(struct stat_results *r, const char *what)
{
	outbuf_printf(&r->out, "\n Performance counter stats for %s", what);
	if (r->repeat > 1)
		outbuf_printf(&r->out, " (%d runs)", r->repeat);
	outbuf_puts(&r->out, ":\n\n");
}

void stat_print_interval(struct stat_results *r, double wall_ns, u64 since_start_ns)
{
	if (r->po.mode == STAT_OUT_STD && r->printed_intervals % 25 == 0)
		stat_interval_header(&r->out, &r->po, r->aggr);
	r->printed_intervals++;
	stat_print_lines(r, wall_ns, true, since_start_ns);
}

void stat_results_release(struct stat_results *r)
{
	for (int i = 0; i < r->nr_ev; i++) {
		free(r->ev[i].name);
		free(r->ev[i].lines);
		free(r->ev[i].prev);
		free(r->ev[i].vars);
		free(r->ev[i].counted);
		free(r->ev[i].run_ns);
	}
	free(r->ev);
	if (r->have_map)
		stat_aggr_map_release(&r->map);
	outbuf_release(&r->out);
	memset(r, 0, sizeof(*r));
}
