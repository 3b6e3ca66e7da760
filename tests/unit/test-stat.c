/* Unit tests for util/stat's pure parts: numbers with thousands separators,
 * the run-to-run variation of -r, K/sec scaling, multiplexing scaling, and
 * one counter line in each layout (columns, -x CSV, -j JSON), pinned to
 * what perf stat 6.1 prints. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "util/stat/stat-counter.h"
#include "util/stat/stat-format.h"
#include "util/stat/stat-print.h"

static void test_number(void **state)
{
	char buf[64];

	(void)state;
	stat_format_number(buf, sizeof(buf), 0, 0, ',', 0);
	assert_string_equal(buf, "0");
	stat_format_number(buf, sizeof(buf), 999, 0, ',', 0);
	assert_string_equal(buf, "999");
	stat_format_number(buf, sizeof(buf), 1000, 0, ',', 0);
	assert_string_equal(buf, "1,000");
	stat_format_number(buf, sizeof(buf), 1234567, 0, ',', 0);
	assert_string_equal(buf, "1,234,567");
	stat_format_number(buf, sizeof(buf), 123456789012.0, 0, ',', 0);
	assert_string_equal(buf, "123,456,789,012");
	stat_format_number(buf, sizeof(buf), 1234567, 0, 0, 0);
	assert_string_equal(buf, "1234567");
	/* Two decimals (the msec of the clocks), rounded; the separators only
	 * in the integer part. */
	stat_format_number(buf, sizeof(buf), 1234.567, 2, ',', 0);
	assert_string_equal(buf, "1,234.57");
	stat_format_number(buf, sizeof(buf), 0.499, 2, ',', 0);
	assert_string_equal(buf, "0.50");
	/* Rounding that carries into a new group. */
	stat_format_number(buf, sizeof(buf), 999999.6, 0, ',', 0);
	assert_string_equal(buf, "1,000,000");
	stat_format_number(buf, sizeof(buf), -1234, 0, ',', 0);
	assert_string_equal(buf, "-1,234");
	/* Right aligned in perf's 18 columns. */
	stat_format_number(buf, sizeof(buf), 21591, 0, ',', 18);
	assert_string_equal(buf, "            21,591");
	assert_int_equal(strlen(buf), 18);
}

static void test_variance(void **state)
{
	struct stat_var v = { 0, 0, 0 };
	double xs[] = { 10, 12, 14 };

	(void)state;
	assert_true(stat_var_stddev_mean(&v) == 0);
	assert_true(stat_var_rel_pct(&v) == 0);
	stat_var_add(&v, 5);
	assert_true(stat_var_stddev_mean(&v) == 0);     /* one run: no spread */
	memset(&v, 0, sizeof(v));
	for (size_t i = 0; i < 3; i++)
		stat_var_add(&v, xs[i]);
	/* mean 12, sample variance 4, standard error sqrt(4/3) */
	assert_float_equal(v.mean, 12.0, 1e-12);
	assert_float_equal(stat_var_stddev_mean(&v), 1.1547005383792515, 1e-12);
	assert_float_equal(stat_var_rel_pct(&v), 9.622504486493763, 1e-9);
	/* Identical runs: no variation. */
	memset(&v, 0, sizeof(v));
	for (int i = 0; i < 4; i++)
		stat_var_add(&v, 1000);
	assert_true(stat_var_rel_pct(&v) == 0);
	/* Large values keep their precision (Welford, no sums of squares). */
	memset(&v, 0, sizeof(v));
	stat_var_add(&v, 1e12 + 1);
	stat_var_add(&v, 1e12 + 3);
	assert_float_equal(stat_var_stddev_mean(&v), 1.0, 1e-6);
	/* perf's digits for "0.102378 +- 0.000859 seconds": 6. */
	assert_int_equal(stat_var_precision(0.000859), 6);
	assert_int_equal(stat_var_precision(0.05), 4);
	assert_int_equal(stat_var_precision(3.0), 2);
}

static void test_rate(void **state)
{
	char unit[16];

	(void)state;
	assert_float_equal(stat_rate_scale(512, unit, sizeof(unit)), 512, 1e-9);
	assert_string_equal(unit, "/sec");
	assert_float_equal(stat_rate_scale(106532, unit, sizeof(unit)), 106.532, 1e-9);
	assert_string_equal(unit, "K/sec");
	assert_float_equal(stat_rate_scale(2.5e6, unit, sizeof(unit)), 2.5, 1e-9);
	assert_string_equal(unit, "M/sec");
	assert_float_equal(stat_rate_scale(3e9, unit, sizeof(unit)), 3, 1e-9);
	assert_string_equal(unit, "G/sec");
}

static void test_scaling(void **state)
{
	struct stat_counts full = { 1000, 500, 500 }, half = { 1000, 400, 100 }, never = { 0, 300, 0 };
	double v, pct;

	(void)state;
	assert_true(stat_counts_scaled(&full, &v, &pct));
	assert_float_equal(v, 1000, 1e-9);
	assert_float_equal(pct, 100, 1e-9);
	/* Multiplexed: ran a quarter of the time it was enabled. */
	assert_true(stat_counts_scaled(&half, &v, &pct));
	assert_float_equal(v, 4000, 1e-9);
	assert_float_equal(pct, 25, 1e-9);
	assert_false(stat_counts_scaled(&never, &v, &pct));
}

/* One line of each layout into a string. */
static char *format(const struct stat_print_opts *o, const struct stat_line *l)
{
	struct outbuf ob;
	char *s;

	outbuf_init_mem(&ob);
	stat_line_format(&ob, o, l);
	s = strdup(outbuf_cstr(&ob));
	outbuf_release(&ob);
	return s;
}

static struct stat_line task_clock(void)
{
	struct stat_line l;

	memset(&l, 0, sizeof(l));
	l.state = STAT_COUNTED;
	l.value = 0.460717;
	l.fraction = true;
	l.unit = "msec";
	l.event = "task-clock";
	l.run_ns = 460717;
	l.running_pct = 100;
	l.has_metric = true;
	l.metric = 321.730;
	l.metric_fmt = "%8.3f";
	l.metric_unit = "CPUs utilized";
	return l;
}

static void test_line_std(void **state)
{
	struct stat_print_opts o = { STAT_OUT_STD, " ", true, 4 };
	struct stat_line l = task_clock();
	char *s;

	(void)state;
	s = format(&o, &l);
	assert_string_equal(s, "              0.46 msec task-clock                       #  321.730 CPUs utilized          \n");
	free(s);
	/* A count perf could not take. */
	memset(&l, 0, sizeof(l));
	l.state = STAT_NOT_SUPPORTED;
	l.unit = "";
	l.event = "cycles";
	l.running_pct = 100;
	s = format(&o, &l);
	assert_string_equal(s, "   <not supported>      cycles                                                      \n");
	free(s);
	/* -r: the variation after the metric; big numbers grouped. */
	l = task_clock();
	l.unit = "";
	l.fraction = false;
	l.event = "page-faults";
	l.value = 21591;
	l.metric = 206.283;
	l.metric_unit = "K/sec";
	l.has_noise = true;
	l.noise_pct = 0.89;
	s = format(&o, &l);
	assert_string_equal(s, "            21,591      page-faults                      #  206.283 K/sec                    ( +-  0.89% )\n");
	free(s);
	/* -A -I: the time and the cpu before the count. */
	l = task_clock();
	l.has_interval = true;
	l.interval_ns = 200280647;
	l.aggr = STAT_AGGR_NONE;
	l.id.cpu = 1;
	l.value = 200.46;
	l.metric = 1.002;
	s = format(&o, &l);
	assert_string_equal(s, "     0.200280647 CPU1                   200.46 msec task-clock                       #    1.002 CPUs utilized          \n");
	free(s);
	/* Multiplexed: the share of the time it ran, after the metric. */
	l = task_clock();
	l.running_pct = 25;
	s = format(&o, &l);
	assert_string_equal(s, "              0.46 msec task-clock                       #  321.730 CPUs utilized            (25.00%)\n");
	free(s);
	/* --per-core: the core and how many cpus it has. */
	l = task_clock();
	l.aggr = STAT_AGGR_CORE;
	l.id.core = 1;
	l.id.nr = 1;
	l.value = 0.85;
	l.metric = 1.013;
	s = format(&o, &l);
	assert_string_equal(s, "S0-D0-C1           1               0.85 msec task-clock                       #    1.013 CPUs utilized          \n");
	free(s);
}

static void test_line_csv(void **state)
{
	struct stat_print_opts o = { STAT_OUT_CSV, ",", false, 4 };
	struct stat_line l = task_clock();
	char *s;

	(void)state;
	s = format(&o, &l);
	assert_string_equal(s, "0.46,msec,task-clock,460717,100.00,321.730,CPUs utilized\n");
	free(s);
	l.has_noise = true;
	l.noise_pct = 4.04;
	s = format(&o, &l);
	assert_string_equal(s, "0.46,msec,task-clock,4.04%,460717,100.00,321.730,CPUs utilized\n");
	free(s);
	memset(&l, 0, sizeof(l));
	l.state = STAT_NOT_SUPPORTED;
	l.unit = "";
	l.event = "cycles";
	l.running_pct = 100;
	s = format(&o, &l);
	assert_string_equal(s, "<not supported>,,cycles,0,100.00,,\n");
	free(s);
	/* A count without a metric, another separator. */
	o.sep = ";";
	memset(&l, 0, sizeof(l));
	l.state = STAT_COUNTED;
	l.value = 49;
	l.unit = "";
	l.event = "page-faults";
	l.run_ns = 450783;
	l.running_pct = 100;
	s = format(&o, &l);
	assert_string_equal(s, "49;;page-faults;450783;100.00;;\n");
	free(s);
	/* -I --per-node: time, node and its cpus first. */
	o.sep = ",";
	l = task_clock();
	l.has_interval = true;
	l.interval_ns = 1000000001;
	l.aggr = STAT_AGGR_NODE;
	l.id.nr = 2;
	s = format(&o, &l);
	assert_string_equal(s, "     1.000000001,N0,2,0.46,msec,task-clock,460717,100.00,321.730,CPUs utilized\n");
	free(s);
	/* Metrics with a trailing blank or sign of their own keep no blank. */
	l = task_clock();
	l.metric_fmt = "%7.2f ";
	l.metric = 1.5;
	l.metric_unit = "insn per cycle";
	s = format(&o, &l);
	assert_string_equal(s, "0.46,msec,task-clock,460717,100.00,1.50,insn per cycle\n");
	free(s);
}

static void test_line_json(void **state)
{
	struct stat_print_opts o = { STAT_OUT_JSON, " ", true, 4 };
	struct stat_line l = task_clock();
	char *s;

	(void)state;
	s = format(&o, &l);
	assert_string_equal(s, "{\"counter-value\" : \"0.460717\", \"unit\" : \"msec\", \"event\" : \"task-clock\", "
			       "\"event-runtime\" : 460717, \"pcnt-running\" : 100.00, \"metric-value\" : 321.730000, "
			       "\"metric-unit\" : \"CPUs utilized\"}\n");
	free(s);
	l.has_interval = true;
	l.interval_ns = 200248919;
	l.aggr = STAT_AGGR_CORE;
	l.id.core = 1;
	l.id.nr = 1;
	l.has_noise = true;
	l.noise_pct = 0.26;
	s = format(&o, &l);
	assert_string_equal(s, "{\"interval\" : 0.200248919, \"core\" : \"S0-D0-C1\", \"aggregate-number\" : 1, "
			       "\"counter-value\" : \"0.460717\", \"unit\" : \"msec\", \"event\" : \"task-clock\", "
			       "\"variance\" : 0.26, \"event-runtime\" : 460717, \"pcnt-running\" : 100.00, "
			       "\"metric-value\" : 321.730000, \"metric-unit\" : \"CPUs utilized\"}\n");
	free(s);
	/* Not supported; a name that needs escaping. */
	memset(&l, 0, sizeof(l));
	l.state = STAT_NOT_SUPPORTED;
	l.unit = "";
	l.event = "odd\"name";
	l.aggr = STAT_AGGR_NONE;
	l.id.cpu = 3;
	l.running_pct = 100;
	s = format(&o, &l);
	assert_string_equal(s, "{\"cpu\" : \"3\", \"counter-value\" : \"<not supported>\", \"unit\" : \"\", "
			       "\"event\" : \"odd\\\"name\", \"event-runtime\" : 0, \"pcnt-running\" : 100.00, "
			       "\"metric-value\" : 0.000000, \"metric-unit\" : \"\"}\n");
	free(s);
}

static void test_interval_header(void **state)
{
	struct stat_print_opts o = { STAT_OUT_STD, " ", true, 4 };
	struct outbuf ob;

	(void)state;
	outbuf_init_mem(&ob);
	stat_interval_header(&ob, &o, STAT_AGGR_GLOBAL);
	assert_string_equal(outbuf_cstr(&ob), "#           time             counts unit events\n");
	outbuf_reset(&ob);
	stat_interval_header(&ob, &o, STAT_AGGR_NONE);
	assert_string_equal(outbuf_cstr(&ob), "#           time CPU                    counts unit events\n");
	outbuf_reset(&ob);
	stat_interval_header(&ob, &o, STAT_AGGR_CORE);
	assert_string_equal(outbuf_cstr(&ob), "#           time core            cpus             counts unit events\n");
	outbuf_reset(&ob);
	o.mode = STAT_OUT_CSV;
	stat_interval_header(&ob, &o, STAT_AGGR_GLOBAL);
	assert_string_equal(outbuf_cstr(&ob), "");
	outbuf_release(&ob);
}

/* A session's results: the metric column comes from the other events of
 * the same line; -r's means and variations; the per-thread order. */
static void add_event(struct stat_results *r, const char *name, u32 type, u64 config)
{
	struct stat_event *ev;

	r->ev = realloc(r->ev, (size_t)(r->nr_ev + 1) * sizeof(*r->ev));
	assert_non_null(r->ev);
	ev = &r->ev[r->nr_ev++];
	memset(ev, 0, sizeof(*ev));
	ev->name = strdup(name);
	ev->attr.type = type;
	ev->attr.config = config;
	ev->kind = stat_kind_of(&ev->attr);
	ev->supported = true;
}

static void results_init(struct stat_results *r, enum stat_aggr aggr, int nthreads)
{
	pid_t tids[4] = { 101, 102, 103, 104 };
	int cpu_any = -1;
	struct cpumap cpus = { 1, &cpu_any };
	struct threadmap threads = { nthreads, tids, tids };
	char err[128];

	r->aggr = aggr;
	r->repeat = 1;
	r->po.mode = STAT_OUT_STD;
	r->po.sep = " ";
	r->po.big_num = true;
	r->po.unit_width = 4;
	outbuf_init_mem(&r->out);
	assert_int_equal(stat_results_init_lines(r, &cpus, &threads, err, sizeof(err)), 0);
}

static void set_count(struct stat_results *r, int ev, int line, u64 val)
{
	struct stat_counts c = { val, 1000, 1000 };

	r->ev[ev].lines[line] = c;
}

static void test_results_metrics(void **state)
{
	struct stat_results r;

	(void)state;
	memset(&r, 0, sizeof(r));
	add_event(&r, "task-clock", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_TASK_CLOCK);
	add_event(&r, "page-faults", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_PAGE_FAULTS);
	add_event(&r, "cycles", PERF_TYPE_HARDWARE, PERF_COUNT_HW_CPU_CYCLES);
	add_event(&r, "instructions", PERF_TYPE_HARDWARE, PERF_COUNT_HW_INSTRUCTIONS);
	add_event(&r, "branches", PERF_TYPE_HARDWARE, PERF_COUNT_HW_BRANCH_INSTRUCTIONS);
	add_event(&r, "branch-misses", PERF_TYPE_HARDWARE, PERF_COUNT_HW_BRANCH_MISSES);
	add_event(&r, "ref-cycles", PERF_TYPE_HARDWARE, PERF_COUNT_HW_REF_CPU_CYCLES);
	results_init(&r, STAT_AGGR_GLOBAL, 1);
	r.ev[6].supported = false;
	set_count(&r, 0, 0, 500000000);         /* 500 ms of cpu */
	set_count(&r, 1, 0, 25000);
	set_count(&r, 2, 0, 1000000000);
	set_count(&r, 3, 0, 2500000000);
	set_count(&r, 4, 0, 400000);
	set_count(&r, 5, 0, 1000);
	stat_results_take(&r, false);
	stat_print_lines(&r, 1e9, false, 0);    /* over 1 s */
	assert_string_equal(outbuf_cstr(&r.out),
		"            500.00 msec task-clock                       #    0.500 CPUs utilized          \n"
		"            25,000      page-faults                      #   50.000 K/sec                  \n"
		"     1,000,000,000      cycles                           #    2.000 GHz                    \n"
		"     2,500,000,000      instructions                     #    2.50  insn per cycle         \n"
		"           400,000      branches                         #  800.000 K/sec                  \n"
		"             1,000      branch-misses                    #    0.25% of all branches        \n"
		"   <not supported>      ref-cycles                                                  \n");
	stat_results_release(&r);
}

static void test_results_repeat(void **state)
{
	struct stat_results r;
	u64 faults[] = { 100, 110, 120 };

	(void)state;
	memset(&r, 0, sizeof(r));
	add_event(&r, "page-faults", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_PAGE_FAULTS);
	results_init(&r, STAT_AGGR_GLOBAL, 1);
	r.repeat = 3;
	r.po.mode = STAT_OUT_CSV;
	r.po.sep = ",";
	r.po.big_num = false;
	for (int i = 0; i < 3; i++) {
		set_count(&r, 0, 0, faults[i]);
		stat_results_take(&r, false);
		stat_var_add(&r.elapsed, 1e8);
	}
	stat_print_lines(&r, 1e8, false, 0);
	/* Mean 110, standard error 5.77: 5.25% of it. */
	assert_string_equal(outbuf_cstr(&r.out), "110,,page-faults,5.25%,1000,100.00,,\n");
	stat_results_release(&r);
}

static void test_results_per_thread(void **state)
{
	struct stat_results r;

	(void)state;
	memset(&r, 0, sizeof(r));
	add_event(&r, "syscalls:sys_enter_write", PERF_TYPE_TRACEPOINT, 1);
	results_init(&r, STAT_AGGR_THREAD, 3);
	r.po.mode = STAT_OUT_CSV;
	r.po.sep = ",";
	r.hide_idle_threads = true;             /* -a: only the threads that counted */
	set_count(&r, 0, 0, 5);
	set_count(&r, 0, 1, 0);                 /* idle: not shown */
	set_count(&r, 0, 2, 9);
	stat_results_take(&r, false);
	stat_print_lines(&r, 1e9, false, 0);
	/* Busiest first. The comms come from /proc: tids 101.. need not exist. */
	{
		const char *out = outbuf_cstr(&r.out);
		const char *a = strstr(out, "-103,9,,"), *b = strstr(out, "-101,5,,");

		assert_non_null(a);
		assert_non_null(b);
		assert_true(a < b);
		assert_null(strstr(out, "-102,"));
	}
	/* Without -a every thread has its line: the idle one after the others. */
	outbuf_reset(&r.out);
	r.hide_idle_threads = false;
	stat_print_lines(&r, 1e9, false, 0);
	{
		const char *out = outbuf_cstr(&r.out);
		const char *a = strstr(out, "-103,9,,"), *b = strstr(out, "-101,5,,"), *c = strstr(out, "-102,0,,");

		assert_true(a && b && c && a < b && b < c);
	}
	stat_results_release(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_number),
		cmocka_unit_test(test_variance),
		cmocka_unit_test(test_rate),
		cmocka_unit_test(test_scaling),
		cmocka_unit_test(test_line_std),
		cmocka_unit_test(test_line_csv),
		cmocka_unit_test(test_line_json),
		cmocka_unit_test(test_interval_header),
		cmocka_unit_test(test_results_metrics),
		cmocka_unit_test(test_results_repeat),
		cmocka_unit_test(test_results_per_thread),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
