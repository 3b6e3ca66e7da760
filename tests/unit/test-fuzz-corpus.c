/* The libFuzzer harnesses (tests/fuzz/fuzz-*.c) as unit tests: each one's
 * entry point replays its seeds (tests/fuzz/corpus/NAME) and the inputs
 * fuzzing found to crash it (tests/fuzz/regress/NAME, kept as regression
 * tests once fixed). Built by gcc like every unit test: with
 * `make unit SANITIZE=1` ASan and UBSan check each replay. */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#define LLVMFuzzerTestOneInput fuzz_data_file
#include "tests/fuzz/fuzz-data-file.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_portable
#include "tests/fuzz/fuzz-portable.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_tp_format
#include "tests/fuzz/fuzz-tp-format.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_maps_line
#include "tests/fuzz/fuzz-maps-line.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_probe_spec
#include "tests/fuzz/fuzz-probe-spec.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_syscall_filter
#include "tests/fuzz/fuzz-syscall-filter.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_parse_events
#include "tests/fuzz/fuzz-parse-events.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_lang_parser
#include "tests/fuzz/fuzz-lang-parser.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_sc_record
#include "tests/fuzz/fuzz-sc-record.c"
#undef LLVMFuzzerTestOneInput

#include "util/lang/lexer.h"
#include "util/trace/syscall-filter.h"

/* tests/fuzz, from this file's own path (make runs the tests from the top). */
static char fuzz_dir[4096];

/* Feed every file of fuzz_dir/SUB/NAME to fn; the number of files. */
static unsigned replay(const char *sub, const char *name, int (*fn)(const uint8_t *, size_t))
{
	char dir[4200], path[4500];
	struct dirent *de;
	unsigned n = 0;
	DIR *d;

	snprintf(dir, sizeof(dir), "%s/%s/%s", fuzz_dir, sub, name);
	d = opendir(dir);
	if (!d)
		return 0;
	while ((de = readdir(d))) {
		FILE *f;
		uint8_t *buf;
		long len;

		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		f = fopen(path, "rb");
		assert_non_null(f);
		assert_int_equal(fseek(f, 0, SEEK_END), 0);
		len = ftell(f);
		rewind(f);
		buf = malloc((size_t)len + 1);
		assert_non_null(buf);
		assert_int_equal(fread(buf, 1, (size_t)len, f), (size_t)len);
		fclose(f);
		assert_int_equal(fn(buf, (size_t)len), 0);
		free(buf);
		n++;
	}
	closedir(d);
	return n;
}

struct harness {
	const char *name;
	int (*fn)(const uint8_t *, size_t);
};

static const struct harness harnesses[] = {
	{ "data-file", fuzz_data_file },
	{ "portable", fuzz_portable },
	{ "tp-format", fuzz_tp_format },
	{ "maps-line", fuzz_maps_line },
	{ "probe-spec", fuzz_probe_spec },
	{ "syscall-filter", fuzz_syscall_filter },
	{ "parse-events", fuzz_parse_events },
	{ "lang-parser", fuzz_lang_parser },
	{ "sc-record", fuzz_sc_record },
};

static void test_replay(void **state)
{
	const struct harness *h = *state;

	/* every harness has seeds; regressions where fuzzing found crashes */
	assert_true(replay("corpus", h->name, h->fn) > 0);
	(void)replay("regress", h->name, h->fn);
}

/* The empty input and a lone NUL: every harness takes them. */
static void test_edges(void **state)
{
	for (size_t i = 0; i < sizeof(harnesses) / sizeof(harnesses[0]); i++) {
		assert_int_equal(harnesses[i].fn((const uint8_t *)"", 0), 0);
		assert_int_equal(harnesses[i].fn((const uint8_t *)"\0", 1), 0);
	}
}

/* maps_line_parse (split out of synthesize's emit_maps to be fuzzed) reads
 * what emit_maps read before. */
static void test_maps_line(void **state)
{
	char l1[] = "7f12a4c00000-7f12a4c28000 r-xp 00028000 fd:01 1835021                    /usr/lib/x86_64-linux-gnu/libc.so.6\n";
	char l2[] = "7ffd1e5f3000-7ffd1e5f5000 r-xp 00000000 00:00 0                          [vdso]";
	char l3[] = "55d0c0a00000-55d0c0a21000 rw-p 00000000 00:00 0 ";
	char l4[] = "55d0c0a00000-55d0c0a21000 rw-p 00000000 00:00 0";
	char l5[] = "not a maps line";
	struct maps_line ml;

	assert_int_equal(maps_line_parse(l1, &ml), 0);
	assert_int_equal(ml.start, 0x7f12a4c00000ull);
	assert_int_equal(ml.end, 0x7f12a4c28000ull);
	assert_string_equal(ml.perms, "r-xp");
	assert_int_equal(ml.pgoff, 0x28000);
	assert_int_equal(ml.maj, 0xfd);
	assert_int_equal(ml.min, 1);
	assert_int_equal(ml.ino, 1835021);
	assert_string_equal(ml.name, "/usr/lib/x86_64-linux-gnu/libc.so.6");
	assert_int_equal(maps_line_parse(l2, &ml), 0);
	assert_string_equal(ml.name, "[vdso]");
	assert_int_equal(maps_line_parse(l3, &ml), 0);
	assert_string_equal(ml.name, "");
	assert_int_equal(maps_line_parse(l4, &ml), 0);
	assert_string_equal(ml.name, "");
	assert_int_equal(maps_line_parse(l5, &ml), -1);
}

/* Found by fuzz-lang-parser: 0e660660660660 looped 660660660660 times
 * multiplying 0 by 10 (0 never overflows). Zero with any exponent is 0, at
 * once; 1e20 is still out of range and 1e19 fits. */
static void test_lex_zero_exponent(void **state)
{
	const char *why;
	u64 v = 1;

	assert_int_equal(lang_lex_number("0E660660660660", 14, &v, &why), 0);
	assert_int_equal(v, 0);
	assert_int_equal(lang_lex_number("1e19", 4, &v, &why), 0);
	assert_int_equal(v, 10000000000000000000ull);
	assert_int_equal(lang_lex_number("1e20", 4, &v, &why), -1);
	assert_string_equal(why, "out of range (more than 64 bits)");
}

/* Found by fuzz-syscall-filter: "/x+++...+" took gigabytes in glibc's
 * regcomp. Stacked repetition operators are refused; single ones, escaped
 * ones and ones in brackets are not. */
static void test_regex_stacked_repetition(void **state)
{
	static const char *const bad[] = { "/tt/\x87++++++++++++++++++++++++++++++++++++++++++++++++t", "/a**",
					   "/open+?", "/a{1}{2}", "/read*{2}" };
	static const char *const good[] = { "/^(open|close)$", "/e{1,2}", "/[+*]at", "/a\\++", "/^re+ad?$", "/[]a]+" };
	struct syscall_filter f;
	char err[256];

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(syscall_filter_parse(&f, bad[i], err, sizeof(err)), -1);
		assert_non_null(strstr(err, "repetition operators one after another"));
	}
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		int rc = syscall_filter_parse(&f, good[i], err, sizeof(err));
		if (rc)
			assert_null(strstr(err, "repetition"));
	}
	assert_int_equal(syscall_filter_parse(&f, "/^(open|close)$", err, sizeof(err)), 0);
	assert_int_equal(syscall_filter_count(&f), 2);
	assert_int_equal(syscall_filter_parse(&f, "/^re+ad?$", err, sizeof(err)), 0);
	assert_int_equal(syscall_filter_count(&f), 1);
}

int main(void)
{
	struct CMUnitTest tests[sizeof(harnesses) / sizeof(harnesses[0]) + 4];
	const char *slash;

	snprintf(fuzz_dir, sizeof(fuzz_dir), "%s", __FILE__);
	slash = strrchr(fuzz_dir, '/');
	snprintf(fuzz_dir + (slash ? (size_t)(slash - fuzz_dir) : 0), sizeof(fuzz_dir) - 64, "%s../fuzz",
		 slash ? "/" : "");
	for (size_t i = 0; i < sizeof(harnesses) / sizeof(harnesses[0]); i++) {
		tests[i] = (struct CMUnitTest){ harnesses[i].name, test_replay, NULL, NULL, (void *)&harnesses[i] };
	}
	tests[sizeof(harnesses) / sizeof(harnesses[0])] = (struct CMUnitTest)cmocka_unit_test(test_edges);
	tests[sizeof(harnesses) / sizeof(harnesses[0]) + 1] = (struct CMUnitTest)cmocka_unit_test(test_maps_line);
	tests[sizeof(harnesses) / sizeof(harnesses[0]) + 2] = (struct CMUnitTest)cmocka_unit_test(test_lex_zero_exponent);
	tests[sizeof(harnesses) / sizeof(harnesses[0]) + 3] =
		(struct CMUnitTest)cmocka_unit_test(test_regex_stacked_repetition);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
