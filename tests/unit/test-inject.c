/* Unit tests for util/perfdata/inject: a file rewritten into the other form
 * (file -> pipe -> file), compressed or not, keeps every record byte for
 * byte and in order, its events and their names, and its header's
 * features (compression aside: the output is plain); --buildid-all adds
 * the build-id of a DSO the records map, once, after the input's own.
 * (A bad input record part way is tests/shell/inject.t's.) */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <unistd.h>

#include "tests/unit/data-file-fixture.h"
#include "util/perfdata/inject.h"
#include "util/symbols/symbol-elf.h"

#define LIBC "/usr/lib/x86_64-linux-gnu/libc.so.6"

static char tmpdir[] = "/tmp/scry-test-inject-XXXXXX";

static const char *tmp(const char *name)
{
	static char path[4][256];
	static int k;

	k = (k + 1) % 4;
	snprintf(path[k], sizeof(path[k]), "%s/%s", tmpdir, name);
	return path[k];
}

static int setup(void **state)
{
	(void)state;
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[512];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf %s", tmpdir);
	return system(cmd);
}

/* inject_run from path in to path out ("-": standard output, pipe form). */
static int inject(const char *in, const char *out, bool all_build_ids, struct inject_stats *st, char *err,
		  size_t errlen)
{
	struct inject_opts o = { .input = in, .output = out, .all_build_ids = all_build_ids };
	struct data_reader *r = data_reader_open(in, err, errlen);
	int rc;

	if (!r)
		return -1;
	rc = inject_run(r, &o, st, err, errlen);
	data_reader_close(r);
	return rc;
}

/* The records of path, in order, are the fixture's. */
static void check_records(const struct fixture *fx, const char *path, bool pipe)
{
	char err[256] = "";
	struct data_reader *r = data_reader_open(path, err, sizeof(err));
	const struct perf_event_header *h;
	const struct file_attr *attrs;
	size_t off = 0;
	u32 n = 0, nr;
	u64 at;
	int rc;

	if (!r)
		fail_msg("%s: %s", path, err);
	assert_int_equal(data_reader_is_pipe(r), pipe);
	while ((rc = data_reader_next(r, &h, &at, err, sizeof(err))) == 1) {
		const struct perf_event_header *w = (const void *)(fx->recs + off);
		assert_true(off < fx->len);
		assert_int_equal(h->size, w->size);
		assert_memory_equal(h, w, w->size);
		off += w->size;
		n++;
	}
	if (rc)
		fail_msg("%s: %s", path, err);
	assert_int_equal(n, fx->nr_recs);
	attrs = data_reader_attrs(r, &nr, NULL);
	assert_int_equal(nr, 3);
	for (u32 i = 0; i < nr; i++) {
		assert_int_equal(attrs[i].attr.sample_type, fx->attrs[i].attr.sample_type);
		assert_int_equal(attrs[i].nr_ids, fx->attrs[i].nr_ids);
		assert_memory_equal(attrs[i].ids, fx->attrs[i].ids, attrs[i].nr_ids * sizeof(u64));
		assert_non_null(attrs[i].name);
		assert_string_equal(attrs[i].name, fx->attrs[i].name);
	}
	{
		const struct data_header *g = data_reader_header(r);
		assert_string_equal(g->hostname, fx->h.hostname);
		assert_int_equal(g->nr_cmdline, fx->h.nr_cmdline);
		assert_int_equal(g->nr_build_ids, fx->h.nr_build_ids);
		assert_false(data_header_has(g, FEAT_COMPRESSED));
		assert_true(g->tracing_data_size >= fx->h.tracing_data_size);
		assert_memory_equal(g->tracing_data, fx->h.tracing_data, fx->h.tracing_data_size);
	}
	data_reader_close(r);
}

/* A file (compressed when level > 0) into a plain file. */
static void file_to_file(int level)
{
	struct fixture fx;
	struct inject_stats st;
	char err[512];

	fx_init(&fx, (u64)level + 1);
	fx.round_every = 50;
	fx_records(&fx, 700, 300);
	assert_int_equal(fx_write(&fx, tmp("in.data"), level, false), 0);
	if (inject(tmp("in.data"), tmp("out.data"), false, &st, err, sizeof(err)))
		fail_msg("file -> file: %s", err);
	assert_int_equal(st.records, fx.nr_recs);
	check_records(&fx, tmp("out.data"), false);
	fx_release(&fx);
}

/* Write to standard output (pipe form), redirected to a file. */
static int inject_to_stdout(const char *in, const char *out, struct inject_stats *st, char *err, size_t errlen)
{
	int saved = dup(STDOUT_FILENO), rc;

	if (saved < 0 || !freopen(out, "w", stdout))
		return -1;
	rc = inject(in, "-", false, st, err, errlen);
	fflush(stdout);
	dup2(saved, STDOUT_FILENO);
	close(saved);
	return rc;
}

static void test_file_pipe_file(void **state)
{
	(void)state;
	for (int level = 0; level <= 3; level += 3) {
		struct fixture fx;
		struct inject_stats st;
		char err[512];

		fx_init(&fx, (u64)level + 1);
		fx.round_every = 50;
		fx_records(&fx, 700, 300);
		assert_int_equal(fx_write(&fx, tmp("in.data"), level, false), 0);
		if (inject_to_stdout(tmp("in.data"), tmp("out.pipe"), &st, err, sizeof(err)))
			fail_msg("file -> pipe: %s", err);
		assert_int_equal(st.records, fx.nr_recs);
		check_records(&fx, tmp("out.pipe"), true);
		if (inject(tmp("out.pipe"), tmp("back.data"), false, &st, err, sizeof(err)))
			fail_msg("pipe -> file: %s", err);
		assert_int_equal(st.records, fx.nr_recs);
		check_records(&fx, tmp("back.data"), false);
		fx_release(&fx);
	}
}

static void test_file_to_file(void **state)
{
	(void)state;
	file_to_file(0);
	file_to_file(1);
}

/* A compressed pipe stream (scry record -z -o -) into a plain file. */
static void test_compressed_pipe(void **state)
{
	struct fixture fx;
	struct inject_stats st;
	char err[512];

	(void)state;
	fx_init(&fx, 9);
	fx.round_every = 40;
	fx_records(&fx, 2000, 600);
	assert_int_equal(fx_write(&fx, tmp("z.pipe"), 1, true), 0);
	if (inject(tmp("z.pipe"), tmp("plain.data"), false, &st, err, sizeof(err)))
		fail_msg("%s", err);
	check_records(&fx, tmp("plain.data"), false);
	fx_release(&fx);
}

static void test_buildid_all(void **state)
{
	struct fixture fx;
	struct inject_stats st;
	struct data_reader *r;
	const struct data_header *h;
	u8 id[20];
	int n = elf_build_id(LIBC, id);
	char err[512];
	u32 found = 0;

	(void)state;
	if (n <= 0)
		skip();
	fx_init(&fx, 2);
	fx_records(&fx, 200, 100);     /* MMAP2s of libc */
	assert_int_equal(fx_write(&fx, tmp("b.data"), 0, false), 0);
	if (inject(tmp("b.data"), tmp("b.out"), true, &st, err, sizeof(err)))
		fail_msg("%s", err);
	assert_int_equal(st.build_ids_in, fx.h.nr_build_ids);
	assert_int_equal(st.build_ids_added, 1);
	r = data_reader_open(tmp("b.out"), err, sizeof(err));
	assert_non_null(r);
	h = data_reader_header(r);
	assert_int_equal(h->nr_build_ids, fx.h.nr_build_ids + 1);
	for (u32 i = 0; i < fx.h.nr_build_ids; i++)
		assert_string_equal(h->build_ids[i].filename, fx.h.build_ids[i].filename);
	for (u32 i = 0; i < h->nr_build_ids; i++)
		if (!strcmp(h->build_ids[i].filename, LIBC)) {
			found++;
			assert_int_equal(h->build_ids[i].size, n);
			assert_memory_equal(h->build_ids[i].id, id, (size_t)n);
		}
	assert_int_equal(found, 1);
	data_reader_close(r);
	/* Again on the output: nothing new to add. */
	if (inject(tmp("b.out"), tmp("b.again"), true, &st, err, sizeof(err)))
		fail_msg("%s", err);
	assert_int_equal(st.build_ids_added, 0);
	fx_release(&fx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_file_to_file),
		cmocka_unit_test(test_file_pipe_file),
		cmocka_unit_test(test_compressed_pipe),
		cmocka_unit_test(test_buildid_all),
	};

	alarm(300);
	return cmocka_run_group_tests(tests, setup, teardown);
}
