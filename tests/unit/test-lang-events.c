/* Unit tests for util/lang/output's events (printf, print(value), time,
 * records that do not match their format), per-CPU merging, and
 * util/lang/syms naming a function of this binary in a child that has
 * exited, through the real sideband (root only). Expected texts are
 * bpftrace 0.17's output, as in test-lang-output.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "tests/unit/lang-output-fixture.h"

/* ---- printf, print(value), time -------------------------------------------------------------- */

static int add_fmt(struct world *w, enum lang_fmt_kind kind, const char *fmt, int nargs, ...)
{
	struct lang_fmt *f = &w->fmts[w->prog.nfmts];
	va_list ap;

	assert_null(w->out);    /* formats are compiled when the output is made */
	memset(f, 0, sizeof(*f));
	f->kind = kind;
	f->fmt = (char *)fmt;
	f->nargs = nargs;
	va_start(ap, nargs);
	for (int i = 0; i < nargs; i++)
		f->args[i] = va_arg(ap, struct lang_type);
	va_end(ap);
	lang_fmt_layout(f);
	return w->prog.nfmts++;
}

/* Send event id of kind with the payload's argument slots from the
 * varargs (u64 for ints and single-slot kinds, a string for LT_STR). */
static int send(struct world *w, u32 kind, int id, ...)
{
	const struct lang_fmt *f = &w->fmts[id];
	struct lang_event ev = { kind, (u32)id };
	u8 payload[512] = { 0 };
	va_list ap;

	va_start(ap, id);
	for (int i = 0; i < f->nargs; i++) {
		u8 *p = payload + f->arg_off[i];

		if (f->args[i].kind == LT_STR)
			strncpy((char *)p, va_arg(ap, const char *), f->args[i].size);
		else
			put64(p, 0, va_arg(ap, u64));
	}
	va_end(ap);
	return lang_output_event(out_of(w), &ev, payload, f->size);
}

static struct lang_type int_of(u32 size, bool sgn)
{
	struct lang_type t = t_int(sgn);

	t.size = size;
	return t;
}

/* bpftrace -e 'BEGIN { printf("%d|%u|%x|%ld|%lu|%lx|%X|%o|%c|%p|%s|\n", 5000000000, -1, -1,
 *   5000000000, -1, -1, 255, 8, 65, 4096, "str");
 *   printf("[%5d][%-5d][%05d][%.3d][%10s][%-10s][%.2s][%%][%hhd][%hd][%hhu]\n", 42, 42, 42, 7,
 *   "abc", "abc", "abcdef", 300, 70000, -1); printf("no newline");
 *   printf("%lld %llu %d\n", -5, -5, (int8)-7);
 *   printf("%s|%d|%x|%c\n", comm, (uint32)-1, (int32)-1, 0x141); exit(); }'
 * (libc's conversions of the 64-bit value: %d is an int's 32 bits) */
static const char printf_expected[] =
	"705032704|4294967295|ffffffff|5000000000|18446744073709551615|ffffffffffffffff|FF|10|A|0x1000|str|\n"
	"[   42][42   ][00042][007][       abc][abc       ][ab][%][44][4464][255]\n"
	"no newline-5 18446744073709551611 -7\n"
	"bpftrace|-1|ffffffff|A\n";

static void test_printf(void **state)
{
	struct world *w = *state;
	struct lang_type s = t_int(true), i8 = int_of(1, true), u32t = int_of(4, false), i32 = int_of(4, true);
	struct lang_type str = t_str(64), comm = t_str(16);
	int f1, f2, f3, f4, f5, f6, f7, f8, f9;

	f1 = add_fmt(w, FMT_PRINTF, "%d|%u|%x|%ld|%lu|%lx|%X|%o|%c|%p|%s|\n", 11, s, s, s, s, s, s, s, s, s, s, str);
	f2 = add_fmt(w, FMT_PRINTF, "[%5d][%-5d][%05d][%.3d][%10s][%-10s][%.2s][%%][%hhd][%hd][%hhu]\n", 10, s, s,
		     s, s, str, str, str, s, s, s);
	f3 = add_fmt(w, FMT_PRINTF, "no newline", 0);
	f4 = add_fmt(w, FMT_PRINTF, "%lld %llu %d\n", 3, s, s, i8);
	f5 = add_fmt(w, FMT_PRINTF, "%s|%d|%x|%c\n", 4, comm, u32t, i32, s);
	/* "%%" after the last conversion: bpftrace 0.17 prints "100%%" and
	 * "5%%" (that tail skips its snprintf); scry prints what C does */
	f6 = add_fmt(w, FMT_PRINTF, "100%%\n", 0);
	f7 = add_fmt(w, FMT_PRINTF, "%d%%|%%%d\n", 2, s, s);
	/* flags bpftrace 0.17 refuses, with C's meaning */
	f8 = add_fmt(w, FMT_PRINTF, "[%+d][% d][%#x][%#o][%i][%-+5d][%zu][%jd]\n", 8, s, s, s, s, s, s, s, s);
	/* a conversion scry does not know stays text */
	f9 = add_fmt(w, FMT_PRINTF, "%y %d\n", 1, s);

	assert_int_equal(send(w, LEV_PRINTF, f1, (u64)5000000000, (u64)-1, (u64)-1, (u64)5000000000, (u64)-1,
			      (u64)-1, (u64)255, (u64)8, (u64)65, (u64)4096, "str"), 0);
	assert_int_equal(send(w, LEV_PRINTF, f2, (u64)42, (u64)42, (u64)42, (u64)7, "abc", "abc", "abcdef",
			      (u64)300, (u64)70000, (u64)-1), 0);
	assert_int_equal(send(w, LEV_PRINTF, f3), 0);
	assert_int_equal(send(w, LEV_PRINTF, f4, (u64)-5, (u64)-5, (u64)-7), 0);
	assert_int_equal(send(w, LEV_PRINTF, f5, "bpftrace", (u64)0xffffffffu, (u64)-1, (u64)0x141), 0);
	expect(w, printf_expected);

	send(w, LEV_PRINTF, f6);
	send(w, LEV_PRINTF, f7, (u64)5, (u64)5);
	send(w, LEV_PRINTF, f8, (u64)42, (u64)42, (u64)255, (u64)8, (u64)-7, (u64)3, (u64)-1, (u64)-1);
	send(w, LEV_PRINTF, f9, (u64)1);
	expect(w, "100%\n5%|%5\n[+42][ 42][0xff][010][-7][+3   ][18446744073709551615][-1]\n%y 1\n");
}

/* bpftrace -e 'tracepoint:syscalls:sys_enter_getppid /comm == "ppid"/ { if (@n++ == 0) {
 *   printf("[%s]\n", kstack(2)); print(kstack(2));
 *   printf("<%s|%-45s|%s>\n", probe, probe, ksym(0xffffffff81000000)); print(5);
 *   print("str"); print(probe); print(ksym(0xffffffff81000000)); print(-3); } }' -c /tmp/ppid */
static const char print_value_expected[] =
	"[\n"
	"        perf_syscall_enter+475\n"
	"        syscall_trace_enter+384\n"
	"]\n"
	"\n"
	"        perf_syscall_enter+475\n"
	"        syscall_trace_enter+384\n"
	"\n"
	"<tracepoint:syscalls:sys_enter_getppid|tracepoint:syscalls:sys_enter_getppid        |_text>\n"
	"5\n"
	"str\n"
	"tracepoint:syscalls:sys_enter_getppid\n"
	"_text\n"
	"-3\n";

static void test_print_values(void **state)
{
	struct world *w = *state;
	struct lang_type ks = t_stack(LT_KSTACK, 2), probe = t_kind(LT_PROBE, false), ksym = t_kind(LT_KSYM, false);
	int f1, f2, f3, p1, p2, p3, p4, p5, p6;

	w->stacks = stack_table;
	w->nstacks = ARRAY_SIZE(stack_table);
	f1 = add_fmt(w, FMT_PRINTF, "[%s]\n", 1, ks);
	p1 = add_fmt(w, FMT_PRINT_VALUE, NULL, 1, ks);
	f2 = add_fmt(w, FMT_PRINTF, "<%s|%-45s|%s>\n", 3, probe, probe, ksym);
	p2 = add_fmt(w, FMT_PRINT_VALUE, NULL, 1, t_int(true));
	p3 = add_fmt(w, FMT_PRINT_VALUE, NULL, 1, t_str(64));
	p4 = add_fmt(w, FMT_PRINT_VALUE, NULL, 1, probe);
	p5 = add_fmt(w, FMT_PRINT_VALUE, NULL, 1, ksym);
	p6 = add_fmt(w, FMT_PRINT_VALUE, NULL, 1, t_int(true));
	f3 = add_fmt(w, FMT_PRINTF, "%s %s\n", 2, t_kind(LT_FUNC, false), t_int(true));

	assert_int_equal(send(w, LEV_PRINTF, f1, (u64)1), 0);
	assert_int_equal(send(w, LEV_PRINT_VALUE, p1, (u64)2), 0);
	assert_int_equal(send(w, LEV_PRINTF, f2, (u64)0, (u64)0, K_TEXT), 0);
	assert_int_equal(send(w, LEV_PRINT_VALUE, p2, (u64)5), 0);
	assert_int_equal(send(w, LEV_PRINT_VALUE, p3, "str"), 0);
	assert_int_equal(send(w, LEV_PRINT_VALUE, p4, (u64)0), 0);
	assert_int_equal(send(w, LEV_PRINT_VALUE, p5, K_TEXT), 0);
	assert_int_equal(send(w, LEV_PRINT_VALUE, p6, (u64)-3), 0);
	expect(w, print_value_expected);

	/* func prints the function; an integer through %s its decimal */
	assert_int_equal(send(w, LEV_PRINTF, f3, (u64)1, (u64)-12), 0);
	expect(w, "malloc -12\n");
}

/* time(): strftime of the local time; without a format "%H:%M:%S\n"
 * (bpftrace's resource_analyser default). */
static void test_time(void **state)
{
	struct world *w = *state;
	int dflt = add_fmt(w, FMT_TIME, NULL, 0), year = add_fmt(w, FMT_TIME, "%Y!", 0);
	const char *got;
	char want[16];
	time_t now;
	struct tm tm;

	assert_int_equal(send(w, LEV_TIME, dflt), 0);
	got = outbuf_cstr(&w->ob);
	assert_int_equal(strlen(got), 9);
	assert_true(got[2] == ':' && got[5] == ':' && got[8] == '\n');
	outbuf_reset(&w->ob);
	now = time(NULL);
	localtime_r(&now, &tm);
	strftime(want, sizeof(want), "%Y!", &tm);
	assert_int_equal(send(w, LEV_TIME, year), 0);
	expect(w, want);
}

/* A record shorter than its format's payload is counted, never read;
 * unknown ids too; the runtime's own kinds are left to it. */
static void test_bad_events(void **state)
{
	struct world *w = *state;
	int f = add_fmt(w, FMT_PRINTF, "%d %s\n", 2, t_int(true), t_str(64));
	int p = add_fmt(w, FMT_PRINT_VALUE, NULL, 1, t_str(64));
	struct lang_event ev = { LEV_PRINTF, (u32)f };
	u8 *payload;

	assert_int_equal(w->fmts[f].size, 72);
	/* exactly the bytes the format needs, in their own allocation, so
	 * ASan catches any read past them */
	payload = calloc(1, 71);
	assert_int_equal(lang_output_event(out_of(w), &ev, payload, 71), -EINVAL);
	assert_int_equal(lang_output_event(out_of(w), &ev, NULL, 0), -EINVAL);
	ev.kind = LEV_PRINT_VALUE;
	ev.id = (u32)p;
	assert_int_equal(lang_output_event(out_of(w), &ev, payload, 63), -EINVAL);
	ev.id = 99;
	assert_int_equal(lang_output_event(out_of(w), &ev, payload, 71), -EINVAL);
	ev.kind = LEV_TIME;
	ev.id = (u32)f;         /* a printf format named by a time record */
	assert_int_equal(lang_output_event(out_of(w), &ev, payload, 71), -EINVAL);
	assert_int_equal(lang_output_bad_events(w->out), 5);
	ev.kind = LEV_EXIT;
	assert_int_equal(lang_output_event(out_of(w), &ev, NULL, 0), 1);
	ev.kind = LEV_PRINT_MAP;
	assert_int_equal(lang_output_event(out_of(w), &ev, NULL, 0), 1);
	free(payload);
	payload = calloc(1, 72);
	strcpy((char *)payload + 8, "ok");
	ev.kind = LEV_PRINTF;
	ev.id = (u32)f;
	assert_int_equal(lang_output_event(out_of(w), &ev, payload, 72), 0);
	free(payload);
	expect(w, "0 ok\n");
	assert_int_equal(lang_output_bad_events(w->out), 5);
}

/* ---- per-CPU merging ------------------------------------------------------------------------- */

static void merge(const struct lang_map *m, u8 *dst, const u64 *percpu, int ncpus)
{
	lang_value_merge(m, dst, percpu, ncpus);
}

static void test_merge_percpu(void **state)
{
	struct lang_map m;
	u8 dst[8 * (LANG_HIST_BUCKETS + 2)];

	/* count: added */
	{
		const u64 v[] = { 3, 0, 4 };

		map_init(&m, "@c", t_kind(LT_COUNT, false), 0);
		merge(&m, dst, v, 3);
		assert_int_equal(get64(dst, 0), 7);
	}
	/* sum: total and updates added (signed totals wrap the same way) */
	{
		const u64 v[] = { (u64)-5, 1, 2, 1, 0, 0 };

		map_init(&m, "@s", t_kind(LT_SUM, true), 0);
		merge(&m, dst, v, 3);
		assert_int_equal((s64)get64(dst, 0), -3);
		assert_int_equal(get64(dst, 1), 2);
	}
	/* min: CPUs where it was never set have 0 and do not count */
	{
		const u64 v[] = { 0, 0, 5, 1, 0, 0, 3, 1 };

		map_init(&m, "@mi", t_kind(LT_MIN, true), 0);
		merge(&m, dst, v, 4);
		assert_int_equal(get64(dst, 0), 3);
		assert_int_equal(get64(dst, 1), 1);
	}
	{
		const u64 v[] = { 0, 0, (u64)-2, 1, 7, 1 };

		map_init(&m, "@mi", t_kind(LT_MIN, true), 0);
		merge(&m, dst, v, 3);
		assert_int_equal((s64)get64(dst, 0), -2);
		map_init(&m, "@mu", t_kind(LT_MIN, false), 0);
		merge(&m, dst, v, 3);
		assert_int_equal(get64(dst, 0), 7);    /* unsigned: 2^64-2 is larger */
	}
	/* max of negatives only (bpftrace 0.17 loses these) */
	{
		const u64 v[] = { 0, 0, (u64)-5, 1, (u64)-7, 1 };

		map_init(&m, "@ma", t_kind(LT_MAX, true), 0);
		merge(&m, dst, v, 3);
		assert_int_equal((s64)get64(dst, 0), -5);
		assert_int_equal(get64(dst, 1), 1);
	}
	/* never set anywhere: stays unset */
	{
		const u64 v[] = { 0, 0, 0, 0 };

		map_init(&m, "@ma", t_kind(LT_MAX, true), 0);
		merge(&m, dst, v, 2);
		assert_int_equal(get64(dst, 1), 0);
	}
	/* avg and stats: count and total added */
	{
		const u64 v[] = { 2, 10, 1, (u64)-4 };

		map_init(&m, "@st", t_kind(LT_STATS, true), 0);
		merge(&m, dst, v, 2);
		assert_int_equal(get64(dst, 0), 3);
		assert_int_equal((s64)get64(dst, 1), 6);
	}
	/* hist and lhist: buckets added */
	{
		u64 v[2 * LANG_HIST_BUCKETS] = { 0 };

		v[1] = 2;
		v[65] = 1;
		v[LANG_HIST_BUCKETS + 1] = 3;
		v[LANG_HIST_BUCKETS + 65] = 4;
		map_init(&m, "@h", t_kind(LT_HIST, false), 0);
		merge(&m, dst, v, 2);
		assert_int_equal(get64(dst, 1), 5);
		assert_int_equal(get64(dst, 65), 5);
		assert_int_equal(get64(dst, 0), 0);
	}
	{
		const u64 v[] = { 1, 0, 0, 0, 2, /* cpu 1 */ 0, 1, 0, 0, 5 };

		map_init(&m, "@l", t_lhist(0, 30, 10), 0);
		assert_int_equal(m.value_size, 40);
		merge(&m, dst, v, 2);
		assert_int_equal(get64(dst, 0), 1);
		assert_int_equal(get64(dst, 1), 1);
		assert_int_equal(get64(dst, 4), 7);
	}
	/* not an aggregation: the value itself */
	{
		const u64 v[] = { 42 };

		map_init(&m, "@x", t_int(true), 0);
		merge(&m, dst, v, 1);
		assert_int_equal(get64(dst, 0), 42);
	}
	/* a string value rounded up to 8 per CPU */
	{
		u64 v[4] = { 0 };

		memcpy(v, "abcdefghijk", 12);
		map_init(&m, "@s", t_str(12), 0);
		assert_int_equal(m.value_size, 16);
		merge(&m, dst, v, 2);
		assert_string_equal((char *)dst, "abcdefghijk");
	}
}

/* Stack keys cut to the same frames merge with every aggregation kind;
 * values that were merged sort by their combined value. */
static void test_merge_stack_keys(void **state)
{
	struct world *w = *state;
	struct lang_map h, mx;
	struct entries *e = entries_new();
	u8 *v;

	w->stacks = stack_table;
	w->nstacks = ARRAY_SIZE(stack_table);
	map_init(&h, "@h", t_kind(LT_HIST, false), 1, t_stack(LT_KSTACK, 1));
	hist_add(add_entry(e, &h, (u64)1), 4);
	v = add_entry(e, &h, (u64)2);
	hist_add(v, 4);
	hist_add(v, 1);
	print_map(w, &h, e, 0, 0);
	expect(w, "@h[\n    perf_syscall_enter+475\n]: \n"
		  "[1]                    1 |@@@@@@@@@@@@@@@@@@@@@@@@@@                          |\n"
		  "[2, 4)                 0 |                                                    |\n"
		  "[4, 8)                 2 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
		  "\n");

	e->n = 0;
	memset(e->vals, 0, sizeof(e->vals));
	map_init(&mx, "@m", t_kind(LT_MAX, true), 1, t_stack(LT_KSTACK, 3));
	v = add_entry(e, &mx, (u64)1);
	put64(v, 0, (u64)-9);
	put64(v, 1, 1);
	v = add_entry(e, &mx, (u64)2);
	put64(v, 0, (u64)-4);
	put64(v, 1, 1);
	v = add_entry(e, &mx, (u64)9);  /* another stack: its own entry */
	put64(v, 0, (u64)-6);
	put64(v, 1, 1);
	print_map(w, &mx, e, 0, 0);
	expect(w, "@m[\n    mod_func+16\n    __entry_text_start+16\n]: -6\n"
		  "@m[\n    perf_syscall_enter+475\n    syscall_trace_enter+384\n    do_syscall_64+527\n]: -4\n");
	free(e);
}

/* ---- syms on a live process -------------------------------------------------------------------- */

/* A function of this binary for the child to name. */
__attribute__((noinline)) int lang_test_marker_function(int x)
{
	return x * 3 + 1;
}

static void test_syms_live(void **state)
{
	char err[256], buf[64];
	struct lang_syms *s;
	struct outbuf ob;
	int pfd[2];
	pid_t child;
	u64 addr = 0;
	int status;

	if (geteuid() != 0) {
		fprintf(stderr, "skipped: test_syms_live needs root for a system-wide sideband event\n");
		skip();
	}
	s = lang_syms_new(true, err, sizeof(err));
	if (!s) {
		fprintf(stderr, "lang_syms_new: %s\n", err);
		fail();
	}
	{
		int fds[512];

		assert_true(lang_syms_pollfds(s, fds, 512) > 0);
	}
	outbuf_init_mem(&ob);

	/* This process: its maps came from /proc at start. */
	lang_syms_user(s, getpid(), (u64)(uintptr_t)lang_test_marker_function, &ob, true);
	lang_syms_user(s, getpid(), (u64)(uintptr_t)lang_test_marker_function + 3, &ob, false);
	assert_string_equal(outbuf_cstr(&ob), "lang_test_marker_function+0lang_test_marker_function");
	outbuf_reset(&ob);

	/* A process started after the sideband, exec'd (a new address space,
	 * randomized), that has exited before its address is named: only
	 * the sideband's MMAP2 records know where its code was. */
	assert_int_equal(pipe(pfd), 0);
	child = fork();
	assert_true(child >= 0);
	if (child == 0) {
		char fd_arg[16];

		close(pfd[0]);
		snprintf(fd_arg, sizeof(fd_arg), "%d", pfd[1]);
		execl("/proc/self/exe", "test-lang-output", "--print-marker", fd_arg, (char *)NULL);
		_exit(127);
	}
	close(pfd[1]);
	{
		ssize_t n = read(pfd[0], buf, sizeof(buf) - 1);

		assert_true(n > 0);
		buf[n] = '\0';
		addr = strtoull(buf, NULL, 16);
	}
	close(pfd[0]);
	assert_int_equal(waitpid(child, &status, 0), child);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	assert_true(addr != 0);
	lang_syms_sync(s);
	lang_syms_user(s, child, addr + 2, &ob, true);
	assert_string_equal(outbuf_cstr(&ob), "lang_test_marker_function+2");
	assert_int_equal(lang_syms_lost(s), 0);
	outbuf_release(&ob);
	lang_syms_free(s);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_printf, world_setup, world_teardown),
		cmocka_unit_test_setup_teardown(test_print_values, world_setup, world_teardown),
		cmocka_unit_test_setup_teardown(test_time, world_setup, world_teardown),
		cmocka_unit_test_setup_teardown(test_bad_events, world_setup, world_teardown),
		cmocka_unit_test(test_merge_percpu),
		cmocka_unit_test_setup_teardown(test_merge_stack_keys, world_setup, world_teardown),
		cmocka_unit_test(test_syms_live),
	};

	/* The child of test_syms_live: say where the marker is, then exit. */
	if (argc == 3 && !strcmp(argv[1], "--print-marker")) {
		char line[32];
		int fd = atoi(argv[2]);
		int n = snprintf(line, sizeof(line), "%llx\n",
				 (unsigned long long)(uintptr_t)lang_test_marker_function);

		return write(fd, line, (size_t)n) == n ? lang_test_marker_function(0) - 1 : 1;
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}
