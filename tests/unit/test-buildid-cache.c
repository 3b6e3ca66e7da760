/* Unit tests for util/symbols/buildid-cache: perf's layout written, found,
 * listed and removed, in a cache directory of the test's own
 * (PERF_BUILDID_DIR). The ELF files are this test's own binary and /bin/sh;
 * their build-ids come from elf_build_id, checked against the link names. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/symbols/buildid-cache.h"
#include "util/symbols/symbol-elf.h"

struct fx {
	char dir[64];           /* the cache */
	char bin[PATH_MAX];     /* a copy of this test binary, by real path */
	char hex[41];
	u8 id[20];
	int n;
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	char cmd[PATH_MAX * 2 + 32], tmp[] = "/tmp/scry-bidc.XXXXXX";

	if (!f || !mkdtemp(tmp))
		return -1;
	snprintf(f->dir, sizeof(f->dir), "%s/cache", tmp);
	snprintf(f->bin, sizeof(f->bin), "%s/prog", tmp);
	snprintf(cmd, sizeof(cmd), "cp /proc/%d/exe %s", (int)getpid(), f->bin);
	if (system(cmd))
		return -1;
	f->n = elf_build_id(f->bin, f->id);
	if (f->n < 2)
		return -1;
	buildid_hex(f->id, (u8)f->n, f->hex);
	setenv("PERF_BUILDID_DIR", f->dir, 1);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf %.*s", (int)(strrchr(f->dir, '/') - f->dir), f->dir);
	if (system(cmd))
		return -1;
	unsetenv("PERF_BUILDID_DIR");
	free(f);
	return 0;
}

static char *list_of(void)
{
	char *buf = NULL, err[256];
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);

	assert_non_null(m);
	assert_true(buildid_cache_list(m, err, sizeof(err)) >= 0);
	fclose(m);
	return buf;
}

static void test_hex(void **state)
{
	static const u8 id[3] = { 0x0a, 0xbc, 0xff };
	char hex[7];

	(void)state;
	buildid_hex(id, 3, hex);
	assert_string_equal(hex, "0abcff");
}

static void test_dir(void **state)
{
	const char *home = getenv("HOME");
	char *d, *saved = home ? strdup(home) : NULL;

	(void)state;
	unsetenv("PERF_BUILDID_DIR");
	setenv("HOME", "/home/someone", 1);
	d = buildid_cache_dir();
	assert_string_equal(d, "/home/someone/.debug");
	free(d);
	setenv("PERF_BUILDID_DIR", "/elsewhere", 1);
	d = buildid_cache_dir();
	assert_string_equal(d, "/elsewhere");
	free(d);
	unsetenv("PERF_BUILDID_DIR");
	if (saved)
		setenv("HOME", saved, 1);
	free(saved);
}

static void test_add_find_list_remove(void **state)
{
	struct fx *f = *state;
	char err[512], path[PATH_MAX + 128], target[PATH_MAX], want[PATH_MAX + 64], *p, *l;
	ssize_t n;

	/* Nothing there yet. */
	assert_null(buildid_cache_find(f->id, (u8)f->n, "elf"));
	l = list_of();
	assert_string_equal(l, "");
	free(l);

	assert_int_equal(buildid_cache_add(f->bin, err, sizeof(err)), 0);
	/* perf's layout: the relative link and DIR/PATH/ID/elf. */
	snprintf(path, sizeof(path), "%s/.build-id/%.2s/%s", f->dir, f->hex, f->hex + 2);
	n = readlink(path, target, sizeof(target) - 1);
	assert_true(n > 0);
	target[n] = '\0';
	snprintf(want, sizeof(want), "../..%s/%s", f->bin, f->hex);
	assert_string_equal(target, want);
	p = buildid_cache_find(f->id, (u8)f->n, "elf");
	assert_non_null(p);
	snprintf(want, sizeof(want), "%s/.build-id/%.2s/%s/elf", f->dir, f->hex, f->hex + 2);
	assert_string_equal(p, want);
	free(p);
	assert_null(buildid_cache_find(f->id, (u8)f->n, "debug"));
	/* Added twice: no error, the same entry. */
	assert_int_equal(buildid_cache_add(f->bin, err, sizeof(err)), 0);

	l = list_of();
	snprintf(want, sizeof(want), "%s %s\n", f->hex, f->bin);
	assert_string_equal(l, want);
	free(l);

	/* The file replaced by another build: listed no more (perf's
	 * "valid"), still found by its build-id. */
	unlink(f->bin);
	snprintf(path, sizeof(path), "cp /bin/sh %s", f->bin);
	assert_int_equal(system(path), 0);
	l = list_of();
	assert_string_equal(l, "");
	free(l);
	p = buildid_cache_find(f->id, (u8)f->n, "elf");
	assert_non_null(p);
	free(p);

	/* Removing goes by the build-id of the file given: /bin/sh's is not
	 * there. */
	assert_int_equal(buildid_cache_remove(f->bin, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "is not in the cache"));
	snprintf(want, sizeof(want), "%s%s/%s/elf", f->dir, f->bin, f->hex);
	assert_int_equal(access(want, F_OK), 0);
	/* The cached copy itself stands for the file. */
	assert_int_equal(buildid_cache_remove(want, err, sizeof(err)), 0);
	assert_null(buildid_cache_find(f->id, (u8)f->n, "elf"));
	assert_int_equal(access(want, F_OK), -1);
}

static void test_bad_files(void **state)
{
	char err[512];

	(void)state;
	assert_int_equal(buildid_cache_add("/nonexistent/file", err, sizeof(err)), -1);
	assert_string_equal(err, "/nonexistent/file: No such file or directory");
	assert_int_equal(buildid_cache_add("/etc/hostname", err, sizeof(err)), -1);
	assert_string_equal(err, "/etc/hostname: not an ELF file");
	assert_null(buildid_cache_find((const u8 *)"\x01", 1, "elf"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hex),
		cmocka_unit_test(test_dir),
		cmocka_unit_test_setup_teardown(test_add_find_list_remove, setup, teardown),
		cmocka_unit_test(test_bad_files),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
