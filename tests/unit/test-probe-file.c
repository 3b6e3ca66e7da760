/* Unit tests for util/probe/probe-file: parsing and formatting the definition
 * lines of uprobe_events/kprobe_events (as the kernel lists them and as
 * scry writes them), default group and event names (perf's rules), name
 * validity, and reading/writing/deleting against a fake tracefs in a
 * temporary directory. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <sys/stat.h>
#include <unistd.h>

#include "util/probe/probe-file.h"

static void test_parse_uprobe(void **state)
{
	struct probe_def d;
	char buf[512];

	(void)state;
	/* As the kernel lists it: a 16-digit offset. */
	assert_int_equal(probe_def_parse("p:probe_pt/foo /tmp/pt-bin:0x0000000000001139 x=%di:s32 n=+0(%dx):string",
					 PROBE_UPROBE, &d), 0);
	assert_false(d.ret);
	assert_string_equal(d.group, "probe_pt");
	assert_string_equal(d.event, "foo");
	assert_string_equal(d.target, "/tmp/pt-bin");
	assert_int_equal(d.offset, 0x1139);
	assert_int_equal(d.nr_args, 2);
	assert_string_equal(d.args[1], "n=+0(%dx):string");
	probe_def_format(&d, buf, sizeof(buf));
	assert_string_equal(buf, "p:probe_pt/foo /tmp/pt-bin:0x1139 x=%di:s32 n=+0(%dx):string");
	probe_def_free(&d);

	assert_int_equal(probe_def_parse("r:g/e__return /a b/c:0x10(0x20)", PROBE_UPROBE, &d), -1);
	assert_int_equal(probe_def_parse("r:g/e__return /a/b:0x10(0x20)", PROBE_UPROBE, &d), 0);
	assert_true(d.ret);
	assert_int_equal(d.offset, 0x10);
	probe_def_free(&d);

	/* Malformed lines. */
	assert_int_equal(probe_def_parse("", PROBE_UPROBE, &d), -1);
	assert_int_equal(probe_def_parse("x:g/e /a:0x1", PROBE_UPROBE, &d), -1);
	assert_int_equal(probe_def_parse("p:ge /a:0x1", PROBE_UPROBE, &d), -1);
	assert_int_equal(probe_def_parse("p:g/ /a:0x1", PROBE_UPROBE, &d), -1);
	assert_int_equal(probe_def_parse("p:g/e /a", PROBE_UPROBE, &d), -1);
	assert_int_equal(probe_def_parse("p:g/e /a:zz", PROBE_UPROBE, &d), -1);
}

static void test_parse_kprobe(void **state)
{
	struct probe_def d;
	char buf[512];

	(void)state;
	assert_int_equal(probe_def_parse("p:probe/vfs_read vfs_read+0 count=%dx:u64", PROBE_KPROBE, &d), 0);
	assert_string_equal(d.target, "vfs_read");
	assert_int_equal(d.offset, 0);
	probe_def_format(&d, buf, sizeof(buf));
	assert_string_equal(buf, "p:probe/vfs_read vfs_read count=%dx:u64");
	probe_def_free(&d);
	assert_int_equal(probe_def_parse("r:probe/x__return do_x+16 arg1=$retval", PROBE_KPROBE, &d), 0);
	assert_true(d.ret);
	assert_int_equal(d.offset, 16);
	probe_def_format(&d, buf, sizeof(buf));
	assert_string_equal(buf, "r:probe/x__return do_x+16 arg1=$retval");
	/* A buffer too small: truncated, NUL-terminated, the full length returned. */
	assert_int_equal(probe_def_format(&d, buf, 8), strlen("r:probe/x__return do_x+16 arg1=$retval"));
	assert_string_equal(buf, "r:probe");
	probe_def_free(&d);
}

static void test_names(void **state)
{
	char buf[128];

	(void)state;
	probe_default_group("/lib/x86_64-linux-gnu/libc.so.6", buf, sizeof(buf));
	assert_string_equal(buf, "probe_libc");
	probe_default_group("/tmp/pt-bin", buf, sizeof(buf));
	assert_string_equal(buf, "probe_pt");
	probe_default_group("a_b-c.x", buf, sizeof(buf));
	assert_string_equal(buf, "probe_a_b");
	probe_default_group("/x/" "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", buf, sizeof(buf));
	assert_int_equal(strlen(buf), 64);
	probe_default_event("foo.isra.0", false, buf, sizeof(buf));
	assert_string_equal(buf, "foo");
	probe_default_event("foo", true, buf, sizeof(buf));
	assert_string_equal(buf, "foo__return");
	assert_true(probe_name_valid("probe_pt"));
	assert_true(probe_name_valid("_x1"));
	assert_false(probe_name_valid("1x"));
	assert_false(probe_name_valid("a-b"));
	assert_false(probe_name_valid(""));
	assert_false(probe_name_valid("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"));
}

static char dir[64];

static void test_fake_tracefs(void **state)
{
	struct tracefs t;
	struct probe_defs u, k;
	struct probe_def d;
	char path[256], err[512], *text;
	FILE *f;

	(void)state;
	strcpy(dir, "/tmp/scry-probe-file.XXXXXX");
	assert_non_null(mkdtemp(dir));
	snprintf(t.root, sizeof(t.root), "%s", dir);
	snprintf(path, sizeof(path), "%s/events", dir);
	assert_int_equal(mkdir(path, 0755), 0);

	/* No kprobe_events: 1, no definitions. */
	assert_false(probe_file_exists(&t, PROBE_KPROBE));
	assert_int_equal(probe_defs_read(&t, PROBE_KPROBE, &k, err, sizeof(err)), 1);
	assert_int_equal(k.nr, 0);
	assert_int_equal(probe_def_parse("p:probe/x x", PROBE_KPROBE, &d), 0);
	assert_int_equal(probe_def_write(&t, &d, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "CONFIG_KPROBE_EVENTS"));

	snprintf(path, sizeof(path), "%s/kprobe_events", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("p:probe/a a+0\ngarbage line\nr:probe/b__return b+0 arg1=$retval\n", f);
	fclose(f);
	assert_int_equal(probe_defs_read(&t, PROBE_KPROBE, &k, err, sizeof(err)), 0);
	assert_int_equal(k.nr, 2);      /* the garbage line is skipped */
	assert_string_equal(k.v[1].event, "b__return");
	assert_int_equal(probe_defs_read(&t, PROBE_UPROBE, &u, err, sizeof(err)), 1);
	assert_true(probe_event_exists(&t, &u, &k, "probe", "a"));
	assert_false(probe_event_exists(&t, &u, &k, "probe", "c"));
	/* An event directory counts as taken too. */
	snprintf(path, sizeof(path), "%s/events/sched", dir);
	assert_int_equal(mkdir(path, 0755), 0);
	snprintf(path, sizeof(path), "%s/events/sched/sched_switch", dir);
	assert_int_equal(mkdir(path, 0755), 0);
	assert_true(probe_event_exists(&t, &u, &k, "sched", "sched_switch"));

	/* Writing appends (never truncates); deleting writes -:GROUP/EVENT. */
	assert_int_equal(probe_def_write(&t, &d, err, sizeof(err)), 0);
	assert_int_equal(probe_event_delete(&t, PROBE_KPROBE, "probe", "a", err, sizeof(err)), 0);
	text = tracefs_read(&t, "kprobe_events", NULL);
	assert_non_null(text);
	assert_string_equal(text, "p:probe/a a+0\ngarbage line\nr:probe/b__return b+0 arg1=$retval\n"
			    "p:probe/x x\n-:probe/a\n");
	free(text);
	probe_defs_free(&k);
	probe_defs_free(&u);
	probe_def_free(&d);
}

static void test_error_log(void **state)
{
	struct tracefs t;
	struct probe_def d;
	char path[256], err[512];
	FILE *f;

	(void)state;
	snprintf(t.root, sizeof(t.root), "%s", dir);
	/* uprobe_events is /dev/full: the write fails, and the kernel's
	 * reason for this very command (the newest entry) comes from error_log. */
	snprintf(path, sizeof(path), "%s/error_log", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("[  1.0] trace_uprobe: error: Older failure\n  Command: p:g/e /bin/x:0x1 a=%zz\n     ^\n"
	      "[  2.0] trace_uprobe: error: Invalid register name\n  Command: p:g/e /bin/x:0x1 a=%zz\n     ^\n"
	      "[  3.0] trace_kprobe: error: Other tool\n  Command: p:h/f y\n     ^\n", f);
	fclose(f);
	snprintf(path, sizeof(path), "%s/uprobe_events", dir);
	assert_int_equal(symlink("/dev/full", path), 0);
	assert_int_equal(probe_def_parse("p:g/e /bin/x:0x1 a=%zz", PROBE_UPROBE, &d), 0);
	assert_int_equal(probe_def_write(&t, &d, err, sizeof(err)), -1);
	assert_string_equal(err, "the kernel refused 'p:g/e /bin/x:0x1 a=%zz': Invalid register name");
	/* Another command: no reason of its own, errno's text. */
	free(d.args[0]);
	d.args[0] = strdup("a=%ax");
	assert_int_equal(probe_def_write(&t, &d, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "No space left"));
	probe_def_free(&d);
}

static int teardown(void **state)
{
	char cmd[128];

	(void)state;
	if (dir[0]) {
		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
		if (system(cmd))
			return -1;
	}
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_uprobe),
		cmocka_unit_test(test_parse_kprobe),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_fake_tracefs),
		cmocka_unit_test(test_error_log),
	};
	return cmocka_run_group_tests(tests, NULL, teardown);
}
