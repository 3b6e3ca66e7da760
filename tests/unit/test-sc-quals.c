/* Unit tests for strace's habits in `scry trace`: the -e qualifiers
 * (util/trace/sc-quals), the -e read=/write= hex dump layout, the -c table
 * and the --summary-hist rows (util/trace/sc-stats), JSON strings
 * (util/trace/sc-json) and -X styles (beauty_flags_ctx/beauty_value_ctx). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <signal.h>

#include "util/options.h"
#include "util/trace/sc-json.h"
#include "util/trace/sc-print.h"
#include "util/trace/sc-quals.h"
#include "util/trace/sc-stats.h"
#include "util/trace/syscalls.h"

static char *take(struct outbuf *ob)
{
	char *s = strdup(outbuf_cstr(ob));

	outbuf_release(ob);
	return s;
}

/* ---- -e qualifiers --------------------------------------------------------- */

static void test_trace_sets_accumulate(void **state)
{
	struct sc_quals q = { 0 };
	char err[256];

	(void)state;
	assert_int_equal(sc_quals_add(&q, "openat", err, sizeof(err)), 0);
	assert_string_equal(q.trace, "openat");
	assert_int_equal(sc_quals_add(&q, "trace=%file,!stat", err, sizeof(err)), 0);
	assert_string_equal(q.trace, "openat,%file,!stat");
	assert_int_equal(sc_quals_add(&q, "t=close", err, sizeof(err)), 0);
	assert_string_equal(q.trace, "openat,%file,!stat,close");
	assert_int_equal(sc_quals_add(&q, "trace=", err, sizeof(err)), -1);
	assert_string_equal(err, "empty syscall list");
	sc_quals_release(&q);
	assert_null(q.trace);
}

static void test_signal_sets(void **state)
{
	struct sc_quals q = { 0 };
	char err[256];

	(void)state;
	assert_false(q.signals.given);
	assert_int_equal(sc_quals_add(&q, "signal=SIGCHLD,term,9", err, sizeof(err)), 0);
	assert_true(q.signals.given);
	assert_true(sc_numset_has(&q.signals, SIGCHLD));
	assert_true(sc_numset_has(&q.signals, SIGTERM));
	assert_true(sc_numset_has(&q.signals, 9));
	assert_false(sc_numset_has(&q.signals, SIGSEGV));
	/* strace: a leading '!' negates the whole set */
	assert_int_equal(sc_quals_add(&q, "signal=!SIGCHLD,SIGTERM", err, sizeof(err)), 0);
	assert_false(sc_numset_has(&q.signals, SIGCHLD));
	assert_false(sc_numset_has(&q.signals, SIGTERM));
	assert_true(sc_numset_has(&q.signals, SIGSEGV));
	assert_int_equal(sc_quals_add(&q, "signals=none", err, sizeof(err)), 0);
	assert_true(q.signals.given);
	assert_false(sc_numset_has(&q.signals, SIGSEGV));
	assert_int_equal(sc_quals_add(&q, "s=all", err, sizeof(err)), 0);
	assert_true(sc_numset_has(&q.signals, SIGSEGV));
	assert_true(sc_numset_has(&q.signals, 64));
	assert_int_equal(sc_quals_add(&q, "signal=SIGFOO", err, sizeof(err)), -1);
	assert_string_equal(err, "unknown signal 'SIGFOO'");
	assert_int_equal(sc_quals_add(&q, "signal=0", err, sizeof(err)), -1);
	assert_int_equal(sc_quals_add(&q, "signal=", err, sizeof(err)), -1);
	assert_int_equal(sc_quals_add(&q, "signal=!", err, sizeof(err)), -1);
	assert_int_equal(sc_quals_add(&q, "signal=HUP,,INT", err, sizeof(err)), -1);
	/* a failed parse leaves the set as it was */
	assert_true(sc_numset_has(&q.signals, SIGSEGV));
	sc_quals_release(&q);
}

static void test_status_sets(void **state)
{
	unsigned m = 0;
	char err[256];

	(void)state;
	assert_int_equal(sc_status_parse(&m, "failed", err, sizeof(err)), 0);
	assert_int_equal(m, SC_STATUS_FAILED);
	assert_int_equal(sc_status_parse(&m, "successful,unfinished", err, sizeof(err)), 0);
	assert_int_equal(m, SC_STATUS_SUCCESSFUL | SC_STATUS_UNFINISHED);
	assert_int_equal(sc_status_parse(&m, "!successful", err, sizeof(err)), 0);
	assert_int_equal(m, SC_STATUS_ALL & ~SC_STATUS_SUCCESSFUL);
	assert_int_equal(sc_status_parse(&m, "all", err, sizeof(err)), 0);
	assert_int_equal(m, SC_STATUS_ALL);
	/* none: given, and no class passes */
	assert_int_equal(sc_status_parse(&m, "none", err, sizeof(err)), 0);
	assert_true(m != 0);
	assert_int_equal(m & SC_STATUS_ALL, 0);
	assert_int_equal(sc_status_parse(&m, "fail", err, sizeof(err)), -1);
	assert_non_null(strstr(err, "unknown status 'fail'"));
	assert_int_equal(sc_status_parse(&m, "", err, sizeof(err)), -1);
}

static void test_fd_sets(void **state)
{
	struct sc_quals q = { 0 };
	char err[256];

	(void)state;
	assert_int_equal(sc_quals_add(&q, "read=3,5", err, sizeof(err)), 0);
	assert_true(sc_numset_has(&q.read_fds, 3));
	assert_true(sc_numset_has(&q.read_fds, 5));
	assert_false(sc_numset_has(&q.read_fds, 4));
	assert_false(sc_numset_has(&q.read_fds, -1));
	assert_false(q.write_fds.given);
	assert_int_equal(sc_quals_add(&q, "w=!1", err, sizeof(err)), 0);
	assert_false(sc_numset_has(&q.write_fds, 1));
	assert_true(sc_numset_has(&q.write_fds, 2));
	assert_true(sc_numset_has(&q.write_fds, 5000));
	assert_int_equal(sc_quals_add(&q, "writes=all", err, sizeof(err)), 0);
	assert_true(sc_numset_has(&q.write_fds, 1));
	assert_int_equal(sc_quals_add(&q, "read=x", err, sizeof(err)), -1);
	assert_string_equal(err, "bad descriptor 'x'");
	assert_int_equal(sc_quals_add(&q, "read=-1", err, sizeof(err)), -1);
	assert_int_equal(sc_quals_add(&q, "read=99999", err, sizeof(err)), -1);
	sc_quals_release(&q);
}

static void test_unknown_qualifiers(void **state)
{
	struct sc_quals q = { 0 };
	char err[256];

	(void)state;
	assert_int_equal(sc_quals_add(&q, "bogus=1", err, sizeof(err)), -1);
	assert_non_null(strstr(err, "unknown qualifier 'bogus'"));
	assert_int_equal(sc_quals_add(&q, "inject=open:error=ENOENT", err, sizeof(err)), -1);
	assert_non_null(strstr(err, "strace's, not scry trace's"));
	assert_null(q.trace);
	sc_quals_release(&q);
}

/* ---- -tt / -ttt before the option parser ---------------------------------------- */

static int dummy_cb(const struct opt *o, const char *arg, void *ctx)
{
	(void)o, (void)arg, (void)ctx;
	return 0;
}

static const char *dummy_str;
static int dummy_count;
static const struct opt test_opts[] = {
	{ OPT_CALLBACK, 'e', "expr", NULL, "LIST", "", 0, dummy_cb },
	{ OPT_STRING, 't', "tid", &dummy_str, "TID", "", 0, NULL },
	{ OPT_STRING, 'o', "output", &dummy_str, "FILE", "", 0, NULL },
	{ OPT_COUNT, 'f', "follow-forks", &dummy_count, NULL, "", 0, NULL },
	{ OPT_CALLBACK, 0, "absolute-timestamps", NULL, "F", "", OPT_OPTARG, dummy_cb },
	OPT_END_MARK,
};

/* argv (NULL-terminated) rewritten, joined with spaces */
static char *rewritten(const char **argv)
{
	int argc = 0;
	const char **v;
	char buf[512] = "";

	while (argv[argc])
		argc++;
	v = sc_strace_times_argv(test_opts, argc, argv);
	assert_non_null(v);
	assert_null(v[argc]);
	for (int i = 0; i < argc; i++) {
		strcat(buf, i ? " " : "");
		strcat(buf, v[i]);
	}
	free(v);
	return strdup(buf);
}

#define assert_rewritten(want, ...)                                     \
	do {                                                            \
		const char *a_[] = { "trace", __VA_ARGS__, NULL };      \
		char *g_ = rewritten(a_);                               \
		assert_string_equal(g_, want);                          \
		free(g_);                                               \
	} while (0)

static void test_strace_times(void **state)
{
	(void)state;
	assert_rewritten("trace --absolute-timestamps=time ls", "-tt", "ls");
	assert_rewritten("trace --absolute-timestamps=unix -e open ls", "-ttt", "-e", "open", "ls");
	/* -t TID stays */
	assert_rewritten("trace -t 12 --absolute-timestamps=time", "-t", "12", "-tt");
	/* the value of an option is not an option, nor is anything after the command */
	assert_rewritten("trace -e -tt ls", "-e", "-tt", "ls");
	assert_rewritten("trace -o -tt ls -tt", "-o", "-tt", "ls", "-tt");
	assert_rewritten("trace --output -tt -- -tt", "--output", "-tt", "--", "-tt");
	assert_rewritten("trace --output=x --absolute-timestamps=time", "--output=x", "-tt");
	assert_rewritten("trace -ff -fo -tt --absolute-timestamps=unix", "-ff", "-fo", "-tt", "-ttt");
	assert_rewritten("trace -fo/x --absolute-timestamps=time", "-fo/x", "-tt");
	assert_rewritten("trace echo -tt", "echo", "-tt");
	assert_rewritten("trace - -tt", "-", "-tt");
	/* only exactly -tt and -ttt */
	assert_rewritten("trace -tttt", "-tttt");
	assert_int_equal(sc_xlat_style("raw"), 1);
	assert_int_equal(sc_xlat_style("abbrev"), 0);
	assert_int_equal(sc_xlat_style("verbose"), 2);
	assert_int_equal(sc_xlat_style("Raw"), -1);
}

/* ---- the hex dump ------------------------------------------------------------ */

static void test_hexdump(void **state)
{
	static const char text[] = "hello world, this is a longer line!\n";
	struct outbuf ob;
	char *got;

	(void)state;
	outbuf_init_mem(&ob);
	sc_print_hexdump(&ob, (const u8 *)text, strlen(text));
	got = take(&ob);
	/* as strace 6.1 prints -e write=1 for this write */
	assert_string_equal(got,
		" | 00000  68 65 6c 6c 6f 20 77 6f  72 6c 64 2c 20 74 68 69  hello world, thi |\n"
		" | 00010  73 20 69 73 20 61 20 6c  6f 6e 67 65 72 20 6c 69  s is a longer li |\n"
		" | 00020  6e 65 21 0a                                       ne!.             |\n");
	free(got);
	outbuf_init_mem(&ob);
	sc_print_hexdump(&ob, (const u8 *)"", 0);
	assert_int_equal(ob.len, 0);
	outbuf_release(&ob);
	outbuf_init_mem(&ob);
	sc_print_hexdump(&ob, (const u8 *)"\x00\xff\x7f\x20", 4);
	got = take(&ob);
	assert_string_equal(got, " | 00000  00 ff 7f 20                                       ...              |\n");
	free(got);
}

static void test_iov_dumps(void **state)
{
	static const u8 hello[] = "hello", world[] = "world!!!!!";
	u64 iov[4] = { 0x1000, 5, 0x2000, 10 };
	struct sc_desc d;
	struct sc_event ev;
	struct sc_numset rd = { .given = true }, wr = { .given = true };
	struct outbuf ob;
	char *got;

	(void)state;
	memset(&d, 0, sizeof(d));
	d.nargs = 3;
	d.args[0].fmt = sc_arg_fmt_pick("readv", "fd", "unsigned long");
	d.args[1].fmt = sc_arg_fmt_pick("readv", "vec", "const struct iovec *");
	d.args[2].fmt = sc_arg_fmt_pick("readv", "vlen", "unsigned long");
	assert_true(d.args[0].fmt->is_fd);
	memset(&ev, 0, sizeof(ev));
	ev.kind = SCRY_SC_COMPLETE;
	ev.args[0] = 4;
	ev.ret = 8;
	ev.caps[0] = (struct sc_cap){ .arg = 1, .kind = SCRY_CAP_IOV, .when = SCRY_CAP_EXIT, .len = sizeof(iov),
				      .aux = 2, .data = (const u8 *)iov };
	ev.caps[1] = (struct sc_cap){ .arg = 1, .kind = SCRY_CAP_IOV_DATA, .when = SCRY_CAP_EXIT, .len = 5,
				      .aux = 0, .data = hello };
	ev.caps[2] = (struct sc_cap){ .arg = 1, .kind = SCRY_CAP_IOV_DATA, .when = SCRY_CAP_EXIT, .len = 10,
				      .aux = 1, .data = world };
	ev.ncap = 3;
	outbuf_init_mem(&ob);
	sc_print_data_dumps(&ob, &ev, &d, &rd, &wr);
	assert_int_equal(ob.len, 0);    /* fd 4 is in neither set */
	rd.bits[0] = 1u << 4;
	sc_print_data_dumps(&ob, &ev, &d, &rd, &wr);
	got = take(&ob);
	/* 8 bytes read: the first buffer's 5, then 3 of the second's */
	assert_string_equal(got,
		" * 5 bytes in buffer 0\n"
		" | 00000  68 65 6c 6c 6f                                    hello            |\n"
		" * 3 bytes in buffer 1\n"
		" | 00000  77 6f 72                                          wor              |\n");
	free(got);
	/* the same pieces taken at entry are written data: write= decides */
	for (int i = 0; i < 3; i++)
		ev.caps[i].when = SCRY_CAP_ENTRY;
	outbuf_init_mem(&ob);
	sc_print_data_dumps(&ob, &ev, &d, &rd, &wr);
	assert_int_equal(ob.len, 0);
	wr.bits[0] = 1u << 4;
	sc_print_data_dumps(&ob, &ev, &d, &rd, &wr);
	assert_non_null(strstr(outbuf_cstr(&ob), " * 5 bytes in buffer 0\n"));
	outbuf_release(&ob);
	/* a failed call moved nothing */
	ev.ret = -5;
	outbuf_init_mem(&ob);
	sc_print_data_dumps(&ob, &ev, &d, &rd, &wr);
	assert_int_equal(ob.len, 0);
	outbuf_release(&ob);
}

/* ---- --summary-hist and -c ------------------------------------------------------ */

static void test_hist_rows(void **state)
{
	u64 b[SC_HIST_BUCKETS] = { 0 };
	struct outbuf ob;
	char *got;

	(void)state;
	assert_int_equal(sc_hist_bucket(0), 0);
	assert_int_equal(sc_hist_bucket(1), 1);
	assert_int_equal(sc_hist_bucket(2), 2);
	assert_int_equal(sc_hist_bucket(3), 2);
	assert_int_equal(sc_hist_bucket(4), 3);
	assert_int_equal(sc_hist_bucket(1023), 10);
	assert_int_equal(sc_hist_bucket(1024), 11);
	assert_int_equal(sc_hist_bucket(~0ull), 64);
	outbuf_init_mem(&ob);
	sc_hist_print(&ob, b);
	assert_int_equal(ob.len, 0);    /* empty: no rows, as bpftrace */
	b[sc_hist_bucket(1)] = 1;
	b[sc_hist_bucket(5)] = 4;
	b[sc_hist_bucket(1500)] = 2;
	sc_hist_print(&ob, b);
	got = take(&ob);
	/* bpftrace's rows: label in 16, count in 8, 52 columns of bar */
	assert_string_equal(got,
		"[1]                    1 |@@@@@@@@@@@@@                                       |\n"
		"[2, 4)                 0 |                                                    |\n"
		"[4, 8)                 4 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
		"[8, 16)                0 |                                                    |\n"
		"[16, 32)               0 |                                                    |\n"
		"[32, 64)               0 |                                                    |\n"
		"[64, 128)              0 |                                                    |\n"
		"[128, 256)             0 |                                                    |\n"
		"[256, 512)             0 |                                                    |\n"
		"[512, 1K)              0 |                                                    |\n"
		"[1K, 2K)               2 |@@@@@@@@@@@@@@@@@@@@@@@@@@                          |\n");
	free(got);
}

static struct sc_event call(int nr, u64 dur_ns, s64 ret, enum scry_sc_kind kind)
{
	struct sc_event ev;

	memset(&ev, 0, sizeof(ev));
	ev.kind = kind;
	ev.tid = ev.pid = 42;
	ev.nr = nr;
	ev.ts_enter = 1000;
	ev.ts_exit = 1000 + dur_ns;
	ev.ret = ret;
	snprintf(ev.comm, sizeof(ev.comm), "t");
	return ev;
}

static void test_strace_table(void **state)
{
	struct sc_stats s;
	struct sc_descs descs;
	struct outbuf ob;
	struct sc_event ev;
	char *got;
	int openat = syscall_nr("openat"), close_nr = syscall_nr("close"), exit_group = syscall_nr("exit_group");

	(void)state;
	sc_stats_init(&s);
	sc_descs_init(&descs, NULL);
	for (int i = 0; i < 3; i++) {
		ev = call(openat, 3000, i == 2 ? -2 : 3, SCRY_SC_COMPLETE);
		sc_stats_add_syscall(&s, &ev);
	}
	ev = call(close_nr, 1000, 0, SCRY_SC_COMPLETE);
	sc_stats_add_syscall(&s, &ev);
	/* exit_group never returns: strace -c leaves it out */
	ev = call(exit_group, 0, 0, SCRY_SC_NORETURN);
	sc_stats_add_syscall(&s, &ev);
	outbuf_init_mem(&ob);
	sc_stats_print_strace(&s, &descs, &ob);
	got = take(&ob);
	assert_string_equal(got,
		"% time     seconds  usecs/call     calls    errors syscall\n"
		"------ ----------- ----------- --------- --------- ----------------\n"
		" 90.00    0.000009           3         3         1 openat\n"
		" 10.00    0.000001           1         1           close\n"
		"------ ----------- ----------- --------- --------- ----------------\n"
		"100.00    0.000010           2         4         1 total\n");
	free(got);
	sc_stats_release(&s);
	sc_descs_release(&descs);
}

/* ---- JSON strings and -X ---------------------------------------------------------- */

static void test_json_string(void **state)
{
	struct outbuf ob;
	char *got;

	(void)state;
	outbuf_init_mem(&ob);
	sc_json_string(&ob, "a\"b\\c\n\t\x01\xe9", 9);
	got = take(&ob);
	assert_string_equal(got, "\"a\\\"b\\\\c\\n\\t\\u0001\\u00e9\"");
	free(got);
}

static const struct flag_name test_flags[] = {
	{ 1, 0, "WRONLY" }, { 0x40, 0, "CREAT" }, { 0x200, 0, "TRUNC" },
};
static const struct flag_table test_flag_table = { test_flags, 3, "RDONLY" };
static const struct value_name test_values[] = { { 0, "SEEK_SET" }, { 2, "SEEK_END" } };
static const struct value_table test_value_table = { test_values, 2 };

static char *styled(int xlat, bool flags, s64 v)
{
	struct sc_arg_ctx ctx = { .xlat = xlat };
	struct outbuf ob;

	outbuf_init_mem(&ob);
	if (flags)
		beauty_flags_ctx(&ob, &test_flag_table, (u64)v, &ctx);
	else
		beauty_value_ctx(&ob, &test_value_table, v, &ctx);
	return take(&ob);
}

#define assert_styled(xlat, flags, v, want)             \
	do {                                            \
		char *g_ = styled(xlat, flags, v);      \
		assert_string_equal(g_, want);          \
		free(g_);                               \
	} while (0)

static void test_xlat_styles(void **state)
{
	(void)state;
	assert_styled(SC_XLAT_ABBREV, true, 0x241, "WRONLY|CREAT|TRUNC");
	assert_styled(SC_XLAT_RAW, true, 0x241, "0x241");
	assert_styled(SC_XLAT_VERBOSE, true, 0x241, "0x241 /* WRONLY|CREAT|TRUNC */");
	assert_styled(SC_XLAT_RAW, true, 0, "0");
	assert_styled(SC_XLAT_VERBOSE, true, 0, "0 /* RDONLY */");
	/* no name: the number alone in every style */
	assert_styled(SC_XLAT_VERBOSE, true, 0x1000, "0x1000");
	assert_styled(SC_XLAT_ABBREV, false, 2, "SEEK_END");
	assert_styled(SC_XLAT_RAW, false, 2, "2");
	assert_styled(SC_XLAT_VERBOSE, false, 2, "2 /* SEEK_END */");
	assert_styled(SC_XLAT_VERBOSE, false, 7, "7");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_trace_sets_accumulate),
		cmocka_unit_test(test_signal_sets),
		cmocka_unit_test(test_status_sets),
		cmocka_unit_test(test_fd_sets),
		cmocka_unit_test(test_unknown_qualifiers),
		cmocka_unit_test(test_strace_times),
		cmocka_unit_test(test_hexdump),
		cmocka_unit_test(test_iov_dumps),
		cmocka_unit_test(test_hist_rows),
		cmocka_unit_test(test_strace_table),
		cmocka_unit_test(test_json_string),
		cmocka_unit_test(test_xlat_styles),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
