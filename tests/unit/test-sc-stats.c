/* Unit tests for util/trace/sc-stats, the `trace -s` summary: the running
 * statistics (Welford's method, checked against a plain two-pass
 * computation, including data where a naive sum of squares would lose
 * precision), perf's relative standard error, and the printed table for
 * several threads: thread order, syscall order, every column. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <math.h>

#include "util/trace/sc-stats.h"
#include "util/trace/syscalls.h"

/* cmocka 1.1.5 has no assert_double_equal. */
#define assert_near(a, b, eps)                                                          \
	do {                                                                             \
		double a_ = (a), b_ = (b);                                               \
		if (!(fabs(a_ - b_) <= (eps)))                                           \
			fail_msg("%s = %.17g, expected %.17g", #a, a_, b_);              \
	} while (0)

/* ---- run_stat ----------------------------------------------------------------- */

static void two_pass(const u64 *v, size_t n, double *mean, double *sd)
{
	double sum = 0, sq = 0;

	for (size_t i = 0; i < n; i++)
		sum += (double)v[i];
	*mean = sum / (double)n;
	for (size_t i = 0; i < n; i++)
		sq += ((double)v[i] - *mean) * ((double)v[i] - *mean);
	*sd = n > 1 ? sqrt(sq / (double)(n - 1)) : 0.0;
}

static void check_against_two_pass(const u64 *v, size_t n)
{
	struct run_stat s;
	double mean, sd;
	u64 min = UINT64_MAX, max = 0, total = 0;

	memset(&s, 0, sizeof(s));
	for (size_t i = 0; i < n; i++) {
		run_stat_add(&s, v[i]);
		min = v[i] < min ? v[i] : min;
		max = v[i] > max ? v[i] : max;
		total += v[i];
	}
	two_pass(v, n, &mean, &sd);
	assert_int_equal(s.n, n);
	assert_int_equal(s.min, min);
	assert_int_equal(s.max, max);
	assert_int_equal(s.total, total);
	assert_near(s.mean, mean, fabs(mean) * 1e-12 + 1e-9);
	assert_near(run_stat_stddev(&s), sd, sd * 1e-9 + 1e-9);
}

static void test_run_stat(void **state)
{
	/* The textbook set: mean 5, sample variance 32/7. */
	static const u64 a[] = { 2, 4, 4, 4, 5, 5, 7, 9 };
	/* Large values close together: the sum of squares is ~4e18 while the
	 * variance is 30, out of a double's reach for a one-pass formula. */
	static const u64 b[] = { 1000000004, 1000000007, 1000000013, 1000000016 };
	/* The first value is not the minimum (min must not stay 0). */
	static const u64 c[] = { 700, 300, 900, 300, 1200 };
	struct run_stat s;

	check_against_two_pass(a, 8);
	memset(&s, 0, sizeof(s));
	for (size_t i = 0; i < 8; i++)
		run_stat_add(&s, a[i]);
	assert_near(s.mean, 5.0, 1e-12);
	assert_near(run_stat_stddev(&s), sqrt(32.0 / 7.0), 1e-12);
	/* 100 * (sd / sqrt(n)) / mean */
	assert_near(run_stat_rel_stderr(&s), 100.0 * sqrt(32.0 / 7.0) / sqrt(8.0) / 5.0, 1e-9);

	check_against_two_pass(b, 4);
	memset(&s, 0, sizeof(s));
	for (size_t i = 0; i < 4; i++)
		run_stat_add(&s, b[i]);
	assert_near(run_stat_stddev(&s), sqrt(30.0), 1e-6);

	check_against_two_pass(c, 5);

	/* One value: no spread, no error. */
	memset(&s, 0, sizeof(s));
	run_stat_add(&s, 42);
	assert_int_equal(s.min, 42);
	assert_int_equal(s.max, 42);
	assert_near(run_stat_stddev(&s), 0.0, 0.0);
	assert_near(run_stat_rel_stderr(&s), 0.0, 0.0);

	/* All zero: the relative error would divide by a zero mean. */
	memset(&s, 0, sizeof(s));
	run_stat_add(&s, 0);
	run_stat_add(&s, 0);
	assert_near(run_stat_rel_stderr(&s), 0.0, 0.0);
	assert_false(isnan(run_stat_rel_stderr(&s)));

	/* Empty. */
	memset(&s, 0, sizeof(s));
	assert_near(run_stat_stddev(&s), 0.0, 0.0);
	assert_near(run_stat_rel_stderr(&s), 0.0, 0.0);
}

/* ---- the summary table ---------------------------------------------------------- */

static void add_call(struct sc_stats *s, u32 tid, u32 pid, const char *comm, const char *name,
		     enum scry_sc_kind kind, u64 dur, s64 ret)
{
	struct sc_event ev;

	memset(&ev, 0, sizeof(ev));
	ev.kind = kind;
	ev.tid = tid;
	ev.pid = pid;
	ev.nr = syscall_nr(name);
	assert_true(ev.nr >= 0);
	ev.ts_enter = 1000000;
	ev.ts_exit = 1000000 + dur;
	ev.ret = ret;
	snprintf(ev.comm, sizeof(ev.comm), "%s", comm);
	sc_stats_add_syscall(s, &ev);
}

static const char table_head[] =
	"   syscall            calls  errors  total       min       avg       max       stddev\n"
	"                                     (msec)    (msec)    (msec)    (msec)        (%)\n"
	"   --------------- --------  ------ -------- --------- --------- ---------     ------\n";

/* Every number of a row must end in the column where its group of dashes
 * ends, as in perf trace's table. Returns the rows checked. */
static int check_columns(const char *text)
{
	const char *dash = strstr(text, "   ---");
	const char *eol = dash ? strchr(dash, '\n') : NULL;
	size_t ends[16], nends = 0, dl;
	int rows = 0;

	if (!eol)
		return -1;
	dl = (size_t)(eol - dash);
	for (size_t i = 0; i < dl; i++)
		if (dash[i] == '-' && (i + 1 == dl || dash[i + 1] == ' ') && nends < 16)
			ends[nends++] = i;
	for (const char *l = text; (l = strstr(l, "\n   ")); ) {
		l++;
		if (l[3] < 'a' || l[3] > 'z' || !strncmp(l, "   syscall", 10))
			continue;
		/* ends[0] is the name column: skip it. */
		for (size_t k = 1; k < nends; k++)
			if (l[ends[k]] == ' ' || (l[ends[k] + 1] != ' ' && l[ends[k] + 1] != '%'))
				return -1;
		rows++;
	}
	return rows;
}

static void test_print_two_threads(void **state)
{
	struct sc_stats s;
	struct sc_descs descs;
	struct outbuf ob;
	char *want, *got;
	size_t wl;

	/* Names come from the syscall table alone: no tracefs formats. */
	sc_descs_init(&descs, NULL);
	sc_stats_init(&s);

	/* Thread 100 "alpha": 4 syscalls. */
	add_call(&s, 100, 100, "alpha", "read", SCRY_SC_COMPLETE, 1000, 10);
	add_call(&s, 100, 100, "alpha", "read", SCRY_SC_COMPLETE, 3000, -9);     /* EBADF */
	add_call(&s, 100, 100, "alpha", "write", SCRY_SC_COMPLETE, 5000, 5);
	/* Never returns: counted as a call, no duration. */
	add_call(&s, 100, 100, "alpha", "exit_group", SCRY_SC_NORETURN, 0, 0);

	/* Thread 200: first known as "sh", then exec'd "beta" (the latest
	 * name wins); 5 syscalls and one other event, so 6: printed first. */
	add_call(&s, 200, 100, "sh", "openat", SCRY_SC_COMPLETE, 2000, 3);
	add_call(&s, 200, 100, "beta", "openat", SCRY_SC_COMPLETE, 4000, -2);    /* ENOENT */
	add_call(&s, 200, 100, "beta", "openat", SCRY_SC_COMPLETE, 4000, 4);
	add_call(&s, 200, 100, "beta", "openat", SCRY_SC_COMPLETE, 6000, -4096); /* not an errno */
	add_call(&s, 200, 100, "beta", "close", SCRY_SC_COMPLETE, 500, 0);
	sc_stats_add_event(&s, 200, 100, NULL);

	/* Thread 300: one non-syscall event, never named. */
	sc_stats_add_event(&s, 300, 300, "");

	assert_int_equal(s.events, 11);

	outbuf_init_mem(&ob);
	sc_stats_print(&s, &descs, &ob);
	got = strdup(outbuf_cstr(&ob));
	outbuf_release(&ob);

	outbuf_init_mem(&ob);
	outbuf_puts(&ob, "\n Summary of events:\n");
	/* 6 of 11 events. Rows by total time; openat: 4 calls, 1 error (-4096
	 * is outside -4095..-1), 16 us total, min 2, avg 4, max 6 us;
	 * stddev of {2,4,4,6} us is sqrt(8/3), its standard error over the
	 * mean is 100 * sqrt(8/3) / 2 / 4 = 20.41%.  close: 0.5 us rounds to
	 * 0.001 ms. */
	outbuf_puts(&ob, "\n beta (200), 6 events, 54.5%\n\n");
	outbuf_puts(&ob, table_head);
	outbuf_puts(&ob, "   openat                 4       1    0.016     0.002     0.004     0.006      20.41%\n");
	outbuf_puts(&ob, "   close                  1       0    0.001     0.001     0.001     0.001       0.00%\n");
	/* write (5 us) before read (4 us); read's stderr: sd sqrt(2) us over
	 * sqrt(2), mean 2 us -> 50%; exit_group last, with no durations. */
	outbuf_puts(&ob, "\n alpha (100), 4 events, 36.4%\n\n");
	outbuf_puts(&ob, table_head);
	outbuf_puts(&ob, "   write                  1       0    0.005     0.005     0.005     0.005       0.00%\n");
	outbuf_puts(&ob, "   read                   2       1    0.004     0.001     0.002     0.003      50.00%\n");
	outbuf_puts(&ob, "   exit_group             1       0    0.000     0.000     0.000     0.000       0.00%\n");
	outbuf_puts(&ob, "\n ? (300), 1 events, 9.1%\n\n");
	outbuf_puts(&ob, table_head);
	outbuf_putc(&ob, '\n');
	want = strdup(outbuf_cstr(&ob));
	wl = ob.len;
	outbuf_release(&ob);

	sc_stats_release(&s);
	sc_descs_release(&descs);
	assert_non_null(got);
	assert_non_null(want);
	assert_int_equal(strlen(want), wl);
	assert_int_equal(check_columns(got), 5);
	assert_string_equal(got, want);
	free(got);
	free(want);
}

static void test_print_empty_and_ties(void **state)
{
	struct sc_stats s;
	struct sc_descs descs;
	struct outbuf ob;
	char *got;

	sc_descs_init(&descs, NULL);
	sc_stats_init(&s);
	outbuf_init_mem(&ob);
	sc_stats_print(&s, &descs, &ob);
	assert_string_equal(outbuf_cstr(&ob), "\n Summary of events:\n\n (no events)\n");
	outbuf_release(&ob);

	/* Threads with equal counts print in first-seen order, syscalls with
	 * equal totals in number order (read=0 before close=3): neither may
	 * depend on hash order. */
	for (u32 tid = 50; tid > 40; tid--)
		add_call(&s, tid, tid, "t", "close", SCRY_SC_COMPLETE, 1000, 0);
	add_call(&s, 50, 50, "t", "read", SCRY_SC_COMPLETE, 1000, 0);
	add_call(&s, 49, 49, "t", "read", SCRY_SC_COMPLETE, 1000, 0);
	outbuf_init_mem(&ob);
	sc_stats_print(&s, &descs, &ob);
	got = strdup(outbuf_cstr(&ob));
	outbuf_release(&ob);
	sc_stats_release(&s);
	sc_descs_release(&descs);

	{
		const char *p = got;
		static const char *const order[] = {
			" t (50), 2 events", "   read ", "   close ", " t (49), 2 events", "   read ", "   close ",
			" t (48), 1 events", " t (47), 1 events", " t (41), 1 events",
		};
		for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
			const char *q = strstr(p, order[i]);
			if (!q) {
				free(got);
				fail_msg("'%s' missing or out of order", order[i]);
			}
			p = q + 1;
		}
	}
	free(got);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_run_stat),
		cmocka_unit_test(test_print_two_threads),
		cmocka_unit_test(test_print_empty_and_ties),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
