/* Unit tests for util/lang/bcc-argdist (argdist's specifiers into the
 * language: the program, the display texts, the errors) and
 * output-bcc's log2 histogram (bcc's table.py print_log2_hist). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "util/lang/bcc-argdist.h"
#include "util/lang/output-bcc.h"

static void translate_ok(const char *spec, bool hist, const char *program)
{
	struct argdist_probe p;
	char err[512] = "";

	if (argdist_translate(spec, hist, 0, 0, &p, err, sizeof(err))) {
		print_error("translate '%s': %s\n", spec, err);
		fail();
	}
	assert_string_equal(p.program, program);
	argdist_probe_release(&p);
}

static void test_programs(void **state)
{
	(void)state;
	translate_ok("p:c:malloc(size_t size):size_t:size", false,
		     "uprobe:c:malloc { @p000[(uint64)(arg0)] = count(); }\n");
	translate_ok("p:c:malloc(size_t size):size_t:size:size==16", false,
		     "uprobe:c:malloc /arg0==16/ { @p000[(uint64)(arg0)] = count(); }\n");
	translate_ok("p:c:write(int fd, const void *buf, size_t count):size_t:count:fd==1", true,
		     "uprobe:c:write /arg0==1/ { @p000 = hist((uint64)((uint64)(arg2))); }\n");
	translate_ok("r:c:malloc(size_t size):u64:$latency/$entry(size)#ns per byte", true,
		     "uretprobe:c:malloc { @p000 = hist((uint64)((uint64)(latency/entry(arg0)))); }\n");
	translate_ok("r::__vfs_read():u32:$PID:$latency > 100000", false,
		     "kretprobe:__vfs_read /latency > 100000/ { @p000[(uint32)(pid)] = count(); }\n");
	translate_ok("p:c:fork()#fork calls", false, "uprobe:c:fork { @p000 = count(); }\n");
	translate_ok("r:c:read()", true, "uretprobe:c:read { @p000 = hist((uint64)((int32)(retval))); }\n");
	translate_ok("r:c:read()", false, "uretprobe:c:read { @p000[(int32)(retval)] = count(); }\n");
	translate_ok("t:block:block_rq_complete():u32:args->nr_sector", true,
		     "tracepoint:block:block_rq_complete { @p000 = hist((uint64)((uint32)(args.nr_sector))); }\n");
	translate_ok("p:c:puts(char *str):char*:str", false, "uprobe:c:puts { @p000[str(arg0, 80)] = count(); }\n");
	translate_ok("p:c:write(int fd, char* buf, size_t len):int,char*:fd,$COMM", false,
		     "uprobe:c:write { @p000[(int32)(arg0), comm] = count(); }\n");
	/* a parameter in a return probe is its value at entry; a name that
	 * only contains a parameter's is left alone, and so are strings */
	translate_ok("r:c:f(long n):long:n+nn:\"n\"==\"n\"", false,
		     "uretprobe:c:f /\"n\"==\"n\"/ { @p000[(int64)(entry(arg0)+nn)] = count(); }\n");
}

static void test_display(void **state)
{
	struct argdist_probe p;
	char err[512];

	(void)state;
	assert_int_equal(argdist_translate("r:c:f(long size, long ms):long,u64:$entry(size),$latency#lbl", false,
					   3, 0, &p, err, sizeof(err)), 0);
	assert_string_equal(p.map, "@p003");
	assert_string_equal(p.title, "lbl");
	assert_int_equal(p.nexprs, 2);
	assert_string_equal(p.exprs[0], "size");
	assert_string_equal(p.exprs[1], "$latency");
	assert_ptr_equal(p.show.map, p.map);
	argdist_probe_release(&p);

	assert_int_equal(argdist_translate("r:c:read()", true, 0, 0, &p, err, sizeof(err)), 0);
	assert_string_equal(p.hist_label, "retval");
	assert_string_equal(p.title, "r:c:read()");
	argdist_probe_release(&p);

	assert_int_equal(argdist_translate("p:c:fork()", false, 0, 0, &p, err, sizeof(err)), 0);
	assert_int_equal(p.nexprs, 0);
	argdist_probe_release(&p);
}

static void translate_bad(const char *spec, bool hist, const char *why)
{
	struct argdist_probe p;
	char err[512] = "";

	assert_int_equal(argdist_translate(spec, hist, 0, 0, &p, err, sizeof(err)), -1);
	if (!strstr(err, why)) {
		print_error("'%s': got '%s', want '%s'\n", spec, err, why);
		fail();
	}
	assert_null(p.program);
}

static void test_errors(void **state)
{
	(void)state;
	translate_bad("p:c", false, "at least the probe type");
	translate_bad("p:c:malloc(size_t n):u64:n:n>1:x", false, "extraneous");
	translate_bad("x:c:malloc()", false, "probe type must be");
	translate_bad("u:pthread:start():u64:arg2", false, "USDT");
	translate_bad("p:c:malloc", false, "invalid format");
	translate_bad("p:c:malloc(size_t n):u64", false, "a type needs an expression");
	translate_bad("p:c:malloc(size_t n):u64,u64:n", false, "mismatched");
	translate_bad("p:c:malloc(size_t n):u64,u64:n,n", true, "histograms can only have 1 expr");
	translate_bad("p:c:malloc(size_t n)", true, "histograms must have expr");
	translate_bad("p:c:malloc(size_t):u64:n", false, "needs a type and a name");
	translate_bad("p:c:malloc(size_t n):u64:$retval", false, "only available in return probes");
	translate_bad("r:c:malloc(size_t n):u64:$entry(m)", false, "no such parameter");
	translate_bad("r:c:malloc(size_t n):u64:$entry n", false, "$entry takes a parameter");
	translate_bad("p:c:malloc(size_t n):u64:$X", false, "unknown alias $X");
	translate_bad("p:c:malloc(size_t n):struct foo:n", false, "type 'struct foo'");
	translate_bad("p:c:malloc(char *s):char*:s", true, "not a string");
	translate_bad("t::x():u64:args->a", false, "needs its category");
}

/* bcc's rows for values 1..10: 0->1 holds 0 and 1, then powers of two. */
static void test_log2_hist(void **state)
{
	u64 b[LANG_HIST_BUCKETS] = { 0 };
	struct outbuf ob;
	const char *want =
		"     v                   : count     distribution\n"
		"         0 -> 1          : 2        |****************************************|\n"
		"         2 -> 3          : 0        |                                        |\n"
		"         4 -> 7          : 1        |********************                    |\n";

	(void)state;
	b[1] = 1;       /* a zero */
	b[2] = 1;       /* a one */
	b[4] = 1;       /* 4..7 */
	outbuf_init_mem(&ob);
	lang_bcc_log2_hist(&ob, b, "v");
	assert_string_equal(outbuf_cstr(&ob), want);

	/* empty: nothing at all (bcc prints no header) */
	memset(b, 0, sizeof(b));
	outbuf_reset(&ob);
	lang_bcc_log2_hist(&ob, b, "v");
	assert_int_equal(ob.len, 0);

	/* 2 of max 6: 13 stars (floor(40 * 2 / 6)) */
	b[3] = 2;       /* 2..3 */
	b[7] = 6;       /* 32..63 */
	outbuf_reset(&ob);
	lang_bcc_log2_hist(&ob, b, "len");
	assert_non_null(strstr(outbuf_cstr(&ob),
			       "         2 -> 3          : 2        |*************                           |\n"));
	assert_non_null(strstr(outbuf_cstr(&ob),
			       "        32 -> 63         : 6        |****************************************|\n"));

	/* a value of 2^40: bcc's wide layout, 20 stars */
	memset(b, 0, sizeof(b));
	b[42] = 1;      /* [2^40, 2^41) */
	outbuf_reset(&ob);
	lang_bcc_log2_hist(&ob, b, "big");
	assert_non_null(strstr(outbuf_cstr(&ob), "               big                           : count     distribution\n"));
	assert_non_null(strstr(outbuf_cstr(&ob),
			       "       1099511627776 -> 2199023255551        : 1        |********************|\n"));
	outbuf_release(&ob);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_programs),
		cmocka_unit_test(test_display),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_log2_hist),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
