/* Unit tests for util/perfdata/tracing-data: the blob built from the real tracefs
 * (byte for byte what perf 6.1 writes, when perf is here), loaded back into
 * a fresh tp_formats with the fields tracefs describes; blobs with ftrace
 * formats, kallsyms, printk formats and saved cmdlines, older versions and
 * the other byte order; a blob perf wrote into a perf.data; and damaged
 * blobs, which must fail with one line and never crash. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <unistd.h>

#include "util/perfdata/data-file.h"
#include "util/perfdata/tracing-data.h"

/* libtraceevent 1.7 leaks what it allocated for a format it then fails to
 * parse; the damaged formats below make it do so on purpose. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
	return "leak:libtraceevent.so\n";
}

static struct tracefs tfs;
static char tfs_err[256];      /* why tracefs is unusable, or "" */

#define NEED_TRACEFS()                                                    \
	do {                                                              \
		if (*tfs_err) {                                           \
			print_message("skipped: %s\n", tfs_err);        \
			skip();                                           \
		}                                                         \
	} while (0)

static void build(struct outbuf *ob, const char *const *sys, const char *const *name, u32 n)
{
	char err[256];

	outbuf_init_mem(ob);
	if (tracing_data_build(&tfs, sys, name, n, ob, err, sizeof(err)))
		fail_msg("%s", err);
}

/* Each field of SYS:NAME in f has the offset and size tracefs gives. */
static void check_fields(struct tp_formats *f, const char *sys, const char *name)
{
	struct tp_formats ref;
	struct tep_event *want, *got;
	struct tep_format_field **wf, **gf;
	int nw, ng;

	assert_int_equal(tp_formats_init(&ref, &tfs), 0);
	want = tp_formats_get(&ref, sys, name);
	got = tep_find_event_by_name(f->tep, sys, name);
	assert_non_null(want);
	assert_non_null(got);
	assert_int_equal(got->id, want->id);
	wf = tp_fields(want, &nw);
	gf = tp_fields(got, &ng);
	assert_true(ng > 0);
	assert_int_equal(ng, nw);
	for (int i = 0; i < ng; i++) {
		assert_string_equal(gf[i]->name, wf[i]->name);
		assert_int_equal(gf[i]->offset, wf[i]->offset);
		assert_int_equal(gf[i]->size, wf[i]->size);
	}
	free(wf);
	free(gf);
	tp_formats_release(&ref);
}

static void test_build_and_load(void **state)
{
	static const char *const sys[] = { "sched", "syscalls", "sched" };
	static const char *const name[] = { "sched_switch", "sys_enter_openat", "sched_switch" };
	struct outbuf ob;
	struct tp_formats f;
	char err[256];
	const u8 *p;

	NEED_TRACEFS();

	build(&ob, sys, name, 3);
	p = (const u8 *)ob.buf;
	assert_memory_equal(p, "\027\010\104tracing0.6\0\0\x08", 16);
	assert_memory_equal(p + 20, "header_page\0", 12);
	assert_int_equal(tp_formats_init(&f, NULL), 0);
	/* two events: the duplicate is written once */
	assert_int_equal(tracing_data_load(&f, ob.buf, ob.len, err, sizeof(err)), 2);
	check_fields(&f, "sched", "sched_switch");
	check_fields(&f, "syscalls", "sys_enter_openat");
	assert_non_null(tep_find_field(tep_find_event_by_name(f.tep, "sched", "sched_switch"), "next_pid"));
	assert_int_equal(tep_get_long_size(f.tep), (int)sizeof(long));
	assert_int_equal(tep_get_page_size(f.tep), (int)sysconf(_SC_PAGESIZE));
	tp_formats_release(&f);

	/* an event tracefs does not have: one clear line */
	{
		static const char *const s2[] = { "sched" }, *const n2[] = { "no_such_event" };
		outbuf_reset(&ob);
		assert_int_equal(tracing_data_build(&tfs, s2, n2, 1, &ob, err, sizeof(err)), -1);
		assert_non_null(strstr(err, "sched:no_such_event"));
	}
	outbuf_release(&ob);
}

/* ---- a blob written by hand: every section perf may fill ------------------------- */

struct w {
	struct outbuf ob;
	bool be;
};

static void w32(struct w *w, u32 v)
{
	if (w->be)
		v = __builtin_bswap32(v);
	outbuf_putn(&w->ob, &v, 4);
}

static void w64(struct w *w, u64 v)
{
	if (w->be)
		v = __builtin_bswap64(v);
	outbuf_putn(&w->ob, &v, 8);
}

static void wtext(struct w *w, bool size64, const char *s)
{
	if (size64)
		w64(w, strlen(s));
	else
		w32(w, (u32)strlen(s));
	outbuf_puts(&w->ob, s);
}

static char *tfs_read(const char *rel)
{
	size_t len;
	char *s = tracefs_read(&tfs, rel, &len);

	assert_non_null(s);
	return s;
}

/* An old perf's blob: ftrace formats, a kallsyms payload, printk formats
 * and saved cmdlines. */
static void hand_blob(struct w *w, const char *version, bool be, bool crash)
{
	char *hp = tfs_read("events/header_page"), *he = tfs_read("events/header_event");
	char *fn = tfs_read("events/ftrace/function/format");
	char *sw = tfs_read("events/sched/sched_switch/format");
	char *ow = tfs_read("events/syscalls/sys_enter_openat/format");
	char *ps = strstr(sw, "long prev_state;");

	/* A print fmt naming an undeclared field: libtraceevent 1.7 crashes. */
	if (crash && ps)
		memcpy(ps + 5, "prev_xtate", 10);

	outbuf_init_mem(&w->ob);
	w->be = be;
	outbuf_putn(&w->ob, "\027\010\104tracing", 10);
	outbuf_putn(&w->ob, version, strlen(version) + 1);
	outbuf_putc(&w->ob, be);
	outbuf_putc(&w->ob, 8);
	w32(w, 4096);
	outbuf_putn(&w->ob, "header_page", 12);
	wtext(w, true, hp);
	outbuf_putn(&w->ob, "header_event", 13);
	wtext(w, true, he);
	w32(w, 1);
	wtext(w, true, fn);
	w32(w, 2);
	outbuf_putn(&w->ob, "syscalls", 9);
	w32(w, 1);
	wtext(w, true, ow);
	outbuf_putn(&w->ob, "sched", 6);
	w32(w, 1);
	wtext(w, true, sw);
	wtext(w, false, "ffffffff81000000 T _text\nffffffff81000100 t do_one\n");
	wtext(w, false, "0xffffffff82000000 : \"hello %d\\n\"\n");
	if (strcmp(version, "0.5"))
		wtext(w, true, "1 systemd\n42 worker\n");
	free(hp);
	free(he);
	free(fn);
	free(sw);
	free(ow);
}

static void test_load_full_blob(void **state)
{
	struct w w;
	struct tp_formats f;
	char err[256];

	NEED_TRACEFS();

	for (int be = 0; be < 2; be++)
		for (int v = 0; v < 2; v++) {
			hand_blob(&w, v ? "0.5" : "0.6", be, false);
			assert_int_equal(tp_formats_init(&f, NULL), 0);
			assert_int_equal(tracing_data_load(&f, w.ob.buf, w.ob.len, err, sizeof(err)), 3);
			assert_non_null(tep_find_event_by_name(f.tep, "ftrace", "function"));
			assert_non_null(tep_find_event_by_name(f.tep, "sched", "sched_switch"));
			assert_non_null(tep_find_event_by_name(f.tep, "syscalls", "sys_enter_openat"));
			assert_int_equal(tep_is_file_bigendian(f.tep), be);
			if (!v && !be)
				assert_string_equal(tep_data_comm_from_pid(f.tep, 42), "worker");
			tp_formats_release(&f);
			outbuf_release(&w.ob);
		}
}

/* A format that crashes the parser costs only that event. */
static void test_crashing_format(void **state)
{
	struct w w;
	struct tp_formats f;
	char err[256];

	NEED_TRACEFS();
	hand_blob(&w, "0.6", false, true);
	assert_int_equal(tp_formats_init(&f, NULL), 0);
	assert_int_equal(tracing_data_load(&f, w.ob.buf, w.ob.len, err, sizeof(err)), 2);
	assert_null(tep_find_event_by_name(f.tep, "sched", "sched_switch"));
	assert_non_null(tep_find_event_by_name(f.tep, "syscalls", "sys_enter_openat"));
	assert_non_null(tep_find_event_by_name(f.tep, "ftrace", "function"));
	tp_formats_release(&f);
	outbuf_release(&w.ob);
}

struct names {
	char sys[800][64], name[800][64];
	const char *sp[800], *np[800];
	u32 n;
};

static int add_name(const char *sys, const char *name, void *arg)
{
	struct names *v = arg;

	if (v->n < 800) {
		snprintf(v->sys[v->n], 64, "%s", sys);
		snprintf(v->name[v->n], 64, "%s", name);
		v->sp[v->n] = v->sys[v->n];
		v->np[v->n] = v->name[v->n];
		v->n++;
	}
	return 0;
}

/* Whole systems: every format tracefs parses comes back from the blob. */
static void test_many_events(void **state)
{
	struct names *v = calloc(1, sizeof(*v));
	struct tp_formats f, ref;
	struct outbuf ob;
	char err[256];
	int want = 0;

	NEED_TRACEFS();
	tracefs_for_each_event(&tfs, "sched", "*", add_name, v);
	tracefs_for_each_event(&tfs, "syscalls", "*", add_name, v);
	assert_true(v->n > 20);
	build(&ob, v->sp, v->np, v->n);
	assert_int_equal(tp_formats_init(&ref, &tfs), 0);
	for (u32 i = 0; i < v->n; i++)
		want += tp_formats_get(&ref, v->sp[i], v->np[i]) != NULL;
	tp_formats_release(&ref);
	assert_int_equal(tp_formats_init(&f, NULL), 0);
	assert_int_equal(tracing_data_load(&f, ob.buf, ob.len, err, sizeof(err)), want);
	check_fields(&f, "sched", "sched_wakeup");
	check_fields(&f, "syscalls", "sys_exit_read");
	tp_formats_release(&f);
	outbuf_release(&ob);
	free(v);
}

/* ---- a blob from perf ------------------------------------------------------------- */

static const void *perf_blob(const char *file, u64 *size, struct data_reader **r)
{
	char err[256], cmd[256];

	snprintf(cmd, sizeof(cmd), "perf record -q -o %s -e sched:sched_switch -- true >/dev/null 2>&1", file);
	if (system("perf version >/dev/null 2>&1") || system(cmd))
		return NULL;
	*r = data_reader_open(file, err, sizeof(err));
	if (!*r)
		fail_msg("%s", err);
	*size = data_reader_header(*r)->tracing_data_size;
	return data_reader_header(*r)->tracing_data;
}

static void test_perf_blob(void **state)
{
	static const char *const sys[] = { "sched" }, *const name[] = { "sched_switch" };
	char file[64];
	struct data_reader *r = NULL;
	struct tp_formats f;
	struct outbuf ob;
	u64 size = 0;
	const void *blob;
	char err[256];

	NEED_TRACEFS();
	snprintf(file, sizeof(file), "/tmp/scry-test-tracing-%d.data", (int)getpid());
	blob = perf_blob(file, &size, &r);

	if (!blob) {
		unlink(file);
		print_message("skipped: perf cannot record sched:sched_switch here\n");
		skip();
	}
	assert_int_equal(tp_formats_init(&f, NULL), 0);
	assert_int_equal(tracing_data_load(&f, blob, size, err, sizeof(err)), 1);
	check_fields(&f, "sched", "sched_switch");
	tp_formats_release(&f);
	/* scry's blob for the same event is perf's, byte for byte, up to the
	 * saved cmdlines at the end: perf copies tracefs's saved_cmdlines
	 * (whatever any earlier trace left there), scry writes none (COMM
	 * records name the tasks). Compare perf's with its cmdlines dropped. */
	build(&ob, sys, name, 1);
	if (size > ob.len && ob.len >= 8) {
		u64 n;
		memcpy(&n, (const char *)blob + ob.len - 8, 8);
		if (n == size - ob.len)
			size = ob.len;
		else
			fail_msg("perf's blob ends in %llu bytes that are not a saved cmdlines section",
				 (unsigned long long)(size - ob.len));
		assert_true(ob.len >= 8 && !memcmp(ob.buf + ob.len - 8, "\0\0\0\0\0\0\0\0", 8));
		memcpy((char *)ob.buf + ob.len - 8, &n, 8);   /* the size field is all that differs */
	}
	if (ob.len != size || memcmp(ob.buf, blob, size)) {
		size_t i = 0;
		while (i < ob.len && i < size && ob.buf[i] == ((const char *)blob)[i])
			i++;
		fail_msg("scry's blob (%zu bytes) differs from perf's (%llu) at offset %zu: \"%.40s\" vs \"%.40s\"",
			 ob.len, (unsigned long long)size, i, ob.buf + i, (const char *)blob + i);
	}
	outbuf_release(&ob);
	data_reader_close(r);
	unlink(file);
}

/* ---- damage -------------------------------------------------------------------------- */

static void load_copy(const u8 *p, size_t n)
{
	struct tp_formats f;
	char err[256] = "";
	u8 *copy = malloc(n + 1);       /* exact size: ASan sees overreads */
	int rc;

	memcpy(copy, p, n);
	assert_int_equal(tp_formats_init(&f, NULL), 0);
	rc = tracing_data_load(&f, copy, n, err, sizeof(err));
	if (rc < 0)
		assert_memory_equal(err, "offset 0x", 9);
	tp_formats_release(&f);
	free(copy);
}

static void test_damaged(void **state)
{
	struct w w;
	u8 *p;
	static const u8 vals[] = { 0x00, 0xff, 0x7f };
	char err[256];
	struct tp_formats f;

	NEED_TRACEFS();

	hand_blob(&w, "0.6", false, false);
	for (size_t n = 0; n < w.ob.len; n += 1)
		load_copy((const u8 *)w.ob.buf, n);
	p = malloc(w.ob.len);
	for (size_t i = 0; i < w.ob.len; i += 7)
		for (size_t v = 0; v < sizeof(vals); v++) {
			memcpy(p, w.ob.buf, w.ob.len);
			p[i] = vals[v];
			load_copy(p, w.ob.len);
		}
	/* sizes read as huge numbers */
	memcpy(p, w.ob.buf, w.ob.len);
	memset(p + 20 + 12, 0xff, 8);           /* header_page size */
	assert_int_equal(tp_formats_init(&f, NULL), 0);
	assert_int_equal(tracing_data_load(&f, p, w.ob.len, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "offset 0x20: tracing data: header_page: size 18446744073709551615 is past the end ("));
	tp_formats_release(&f);
	assert_int_equal(tp_formats_init(&f, NULL), 0);
	assert_int_equal(tracing_data_load(&f, "not tracing data", 16, err, sizeof(err)), -1);
	assert_string_equal(err, "offset 0x0: tracing data: bad magic (not tracing data)");
	tp_formats_release(&f);
	free(p);
	outbuf_release(&w.ob);
}

static int setup(void **state)
{
	/* Mounts tracefs when it is missing and we are root. */
	if (tracefs_open(&tfs, tfs_err, sizeof(tfs_err)) == 0)
		tfs_err[0] = '\0';
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_build_and_load),
		cmocka_unit_test(test_load_full_blob),
		cmocka_unit_test(test_crashing_format),
		cmocka_unit_test(test_many_events),
		cmocka_unit_test(test_perf_blob),
		cmocka_unit_test(test_damaged),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
