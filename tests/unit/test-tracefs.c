/* Unit tests for the tracefs side of event setup, against a fake tracefs
 * built in a temporary directory (SCRY_TRACEFS points at it): util/core/tracefs
 * (ids, formats, globbing over events/), util/core/parse-events (event specs to
 * perf_event_attrs, with "did you mean" errors), util/core/tp-format (fields of
 * parsed formats) and util/trace/syscall-desc (argument names and string
 * arguments of a syscall from its sys_enter format).  The openat format is
 * this kernel's own text, so the parsing path is the real one. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "tests/unit/unit-shell.h"

#include <errno.h>
#include <ftw.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/core/parse-events.h"
#include "util/trace/syscall-desc.h"
#include "util/trace/syscalls.h"
#include "util/core/tp-format.h"
#include "util/core/tracefs.h"

/* ---- the fake tracefs ------------------------------------------------------------ */

static const char sched_switch_fmt[] =
	"name: sched_switch\n"
	"ID: 372\n"
	"format:\n"
	"\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n"
	"\tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;\n"
	"\tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;\n"
	"\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;\n"
	"\n"
	"\tfield:char prev_comm[16];\toffset:8;\tsize:16;\tsigned:0;\n"
	"\tfield:pid_t prev_pid;\toffset:24;\tsize:4;\tsigned:1;\n"
	"\tfield:int prev_prio;\toffset:28;\tsize:4;\tsigned:1;\n"
	"\tfield:long prev_state;\toffset:32;\tsize:8;\tsigned:1;\n"
	"\tfield:char next_comm[16];\toffset:40;\tsize:16;\tsigned:0;\n"
	"\tfield:pid_t next_pid;\toffset:56;\tsize:4;\tsigned:1;\n"
	"\tfield:int next_prio;\toffset:60;\tsize:4;\tsigned:1;\n"
	"\n"
	"print fmt: \"prev_comm=%s prev_pid=%d ==> next_comm=%s next_pid=%d\", "
	"REC->prev_comm, REC->prev_pid, REC->next_comm, REC->next_pid\n";

static const char sched_wakeup_fmt[] =
	"name: sched_wakeup\n"
	"ID: 373\n"
	"format:\n"
	"\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n"
	"\tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;\n"
	"\tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;\n"
	"\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;\n"
	"\n"
	"\tfield:char comm[16];\toffset:8;\tsize:16;\tsigned:0;\n"
	"\tfield:pid_t pid;\toffset:24;\tsize:4;\tsigned:1;\n"
	"\n"
	"print fmt: \"comm=%s pid=%d\", REC->comm, REC->pid\n";

/* cat /sys/kernel/tracing/events/syscalls/sys_enter_openat/format (6.18). */
static const char sys_enter_openat_fmt[] =
	"name: sys_enter_openat\n"
	"ID: 782\n"
	"format:\n"
	"\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n"
	"\tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;\n"
	"\tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;\n"
	"\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;\n"
	"\n"
	"\tfield:int __syscall_nr;\toffset:8;\tsize:4;\tsigned:1;\n"
	"\tfield:int dfd;\toffset:16;\tsize:8;\tsigned:0;\n"
	"\tfield:const char * filename;\toffset:24;\tsize:8;\tsigned:0;\n"
	"\tfield:int flags;\toffset:32;\tsize:8;\tsigned:0;\n"
	"\tfield:umode_t mode;\toffset:40;\tsize:8;\tsigned:0;\n"
	"\n"
	"print fmt: \"dfd: 0x%08lx, filename: 0x%08lx, flags: 0x%08lx, mode: 0x%08lx\", "
	"((unsigned long)(REC->dfd)), ((unsigned long)(REC->filename)), "
	"((unsigned long)(REC->flags)), ((unsigned long)(REC->mode))\n";

static char root[64];
static char *saved_env;

static void write_file(const char *rel, const char *text)
{
	unit_write_file(root, rel, text);
}

static void make_dir(const char *rel)
{
	char path[256];

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	assert_int_equal(mkdir(path, 0755), 0);
}

static int setup(void **state)
{
	const char *env = getenv("SCRY_TRACEFS");

	saved_env = env ? strdup(env) : NULL;
	snprintf(root, sizeof(root), "/tmp/scry-tracefs-XXXXXX");
	if (!mkdtemp(root))
		return -1;
	make_dir("events");
	/* Plain files in events/ (as in the real tracefs) are not systems. */
	write_file("events/enable", "0\n");
	write_file("events/header_page", "nothing\n");
	make_dir("events/sched");
	write_file("events/sched/enable", "0\n");
	make_dir("events/sched/sched_switch");
	write_file("events/sched/sched_switch/id", "372\n");
	write_file("events/sched/sched_switch/format", sched_switch_fmt);
	make_dir("events/sched/sched_wakeup");
	write_file("events/sched/sched_wakeup/id", "373\n");
	write_file("events/sched/sched_wakeup/format", sched_wakeup_fmt);
	make_dir("events/syscalls");
	make_dir("events/syscalls/sys_enter_openat");
	write_file("events/syscalls/sys_enter_openat/id", "782\n");
	write_file("events/syscalls/sys_enter_openat/format", sys_enter_openat_fmt);
	make_dir("events/syscalls/sys_exit_openat");
	write_file("events/syscalls/sys_exit_openat/id", "781\n");
	make_dir("events/syscalls/sys_enter_close");
	write_file("events/syscalls/sys_enter_close/id", "800\n");
	/* A damaged id file. */
	make_dir("events/broken");
	make_dir("events/broken/bad_id");
	write_file("events/broken/bad_id/id", "garbage\n");
	setenv("SCRY_TRACEFS", root, 1);
	return 0;
}

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	return remove(path);
}

static int teardown(void **state)
{
	int rc = nftw(root, rm_one, 16, FTW_DEPTH | FTW_PHYS);

	if (saved_env)
		setenv("SCRY_TRACEFS", saved_env, 1);
	else
		unsetenv("SCRY_TRACEFS");
	free(saved_env);
	return rc;
}

static void open_fake(struct tracefs *t)
{
	char err[256] = "";

	assert_int_equal(tracefs_open(t, err, sizeof(err)), 0);
	assert_string_equal(t->root, root);
}

/* ---- tracefs ---------------------------------------------------------------------- */

static void test_tracefs_open(void **state)
{
	struct tracefs t;
	char err[256] = "", bad[128], want[256];

	open_fake(&t);

	/* A directory without events/ is refused with the variable named. */
	snprintf(bad, sizeof(bad), "%s/events/sched", root);
	setenv("SCRY_TRACEFS", bad, 1);
	assert_int_equal(tracefs_open(&t, err, sizeof(err)), -1);
	snprintf(want, sizeof(want), "SCRY_TRACEFS=%s has no events/ directory", bad);
	assert_string_equal(err, want);
	setenv("SCRY_TRACEFS", root, 1);
}

static void test_event_id_and_format(void **state)
{
	struct tracefs t;
	char buf[256], *text;
	size_t len = 0;

	open_fake(&t);
	assert_int_equal(tracefs_event_id(&t, "sched", "sched_switch"), 372);
	assert_int_equal(tracefs_event_id(&t, "syscalls", "sys_enter_openat"), 782);
	assert_int_equal(tracefs_event_id(&t, "sched", "nope"), -ENOENT);
	assert_int_equal(tracefs_event_id(&t, "nosys", "sched_switch"), -ENOENT);
	assert_int_equal(tracefs_event_id(&t, "broken", "bad_id"), -EINVAL);

	text = tracefs_event_format(&t, "syscalls", "sys_enter_openat", &len);
	assert_non_null(text);
	assert_int_equal(len, strlen(sys_enter_openat_fmt));
	assert_string_equal(text, sys_enter_openat_fmt);
	free(text);
	errno = 0;
	assert_null(tracefs_event_format(&t, "syscalls", "sys_exit_openat", &len));
	assert_int_equal(errno, ENOENT);

	snprintf(buf, sizeof(buf), "%s/events/enable", root);
	assert_string_equal(tracefs_path(&t, "events/enable", buf + 128, 128), buf);
	text = tracefs_read(&t, "events/enable", NULL);
	assert_string_equal(text, "0\n");
	free(text);
}

/* Collects "sys:name " for every event visited; stops after `limit`. */
struct visit {
	char seen[512];
	int calls, limit;
};

static int visit_cb(const char *sys, const char *name, void *arg)
{
	struct visit *v = arg;
	size_t l = strlen(v->seen);

	snprintf(v->seen + l, sizeof(v->seen) - l, "%s:%s ", sys, name);
	return ++v->calls == v->limit;
}

static int visit(const struct tracefs *t, const char *sg, const char *ng, struct visit *v, int limit)
{
	memset(v, 0, sizeof(*v));
	v->limit = limit;
	return tracefs_for_each_event(t, sg, ng, visit_cb, v);
}

static void test_for_each_event(void **state)
{
	struct tracefs t;
	struct visit v;

	open_fake(&t);
	/* Sorted by system, then by event; files are skipped. */
	assert_int_equal(visit(&t, "*", "*", &v, 0), 6);
	assert_string_equal(v.seen, "broken:bad_id sched:sched_switch sched:sched_wakeup "
				    "syscalls:sys_enter_close syscalls:sys_enter_openat syscalls:sys_exit_openat ");
	assert_int_equal(visit(&t, "sched", "*", &v, 0), 2);
	assert_string_equal(v.seen, "sched:sched_switch sched:sched_wakeup ");
	assert_int_equal(visit(&t, "*", "sys_enter_*", &v, 0), 2);
	assert_string_equal(v.seen, "syscalls:sys_enter_close syscalls:sys_enter_openat ");
	assert_int_equal(visit(&t, "s*", "*_switch", &v, 0), 1);
	assert_string_equal(v.seen, "sched:sched_switch ");
	assert_int_equal(visit(&t, "sys?alls", "sys_[en]*_openat", &v, 0), 2);
	assert_string_equal(v.seen, "syscalls:sys_enter_openat syscalls:sys_exit_openat ");
	assert_int_equal(visit(&t, "nope", "*", &v, 0), 0);
	assert_string_equal(v.seen, "");
	/* The callback stops the walk. */
	assert_int_equal(visit(&t, "*", "*", &v, 2), 2);
	assert_string_equal(v.seen, "broken:bad_id sched:sched_switch ");
	/* No callback: just count. */
	assert_int_equal(tracefs_for_each_event(&t, "sched", "sched_*", NULL, NULL), 2);

	/* An events/ with no systems matches nothing; it is not an error,
	 * whatever errno an earlier call left behind. */
	{
		struct tracefs empty;
		snprintf(empty.root, sizeof(empty.root), "%s/events/broken/bad_id", root);
		make_dir("events/broken/bad_id/events");
		errno = ENOENT;
		assert_int_equal(tracefs_for_each_event(&empty, "*", "*", visit_cb, &v), 0);
		/* No events/ at all: -1. */
		snprintf(empty.root, sizeof(empty.root), "%s/nonexistent", root);
		assert_int_equal(tracefs_for_each_event(&empty, "*", "*", visit_cb, &v), -1);
		assert_int_equal(errno, ENOENT);
		snprintf(empty.root, sizeof(empty.root), "%s/events/broken/bad_id/events", root);
		assert_int_equal(rmdir(empty.root), 0);
	}
}

/* ---- parse_events ------------------------------------------------------------------- */

static const struct perf_event_attr tmpl = {
	.sample_period = 1,
	.sample_type = PERF_SAMPLE_TID | PERF_SAMPLE_TIME | PERF_SAMPLE_RAW,
	.disabled = 1,
	.sample_id_all = 1,
};

static void test_parse_tracepoints(void **state)
{
	struct tracefs t;
	struct evlist l;
	char err[256] = "";

	open_fake(&t);
	evlist_init(&l);
	assert_int_equal(parse_events(&l, &t, "sched:sched_switch, syscalls:sys_enter_openat", &tmpl, err,
				      sizeof(err)), 2);
	assert_int_equal(l.nr, 2);
	assert_int_equal(l.evsels[0]->attr.type, PERF_TYPE_TRACEPOINT);
	assert_int_equal(l.evsels[0]->attr.config, 372);
	assert_string_equal(l.evsels[0]->name, "sched:sched_switch");
	assert_string_equal(l.evsels[0]->tp_sys, "sched");
	assert_string_equal(l.evsels[0]->tp_name, "sched_switch");
	assert_int_equal(l.evsels[1]->attr.config, 782);
	assert_string_equal(l.evsels[1]->name, "syscalls:sys_enter_openat");
	assert_int_equal(l.evsels[1]->idx, 1);
	/* Everything else comes from the template, and the layout follows it. */
	for (int i = 0; i < 2; i++) {
		assert_int_equal(l.evsels[i]->attr.sample_type, tmpl.sample_type);
		assert_int_equal(l.evsels[i]->attr.sample_period, 1);
		assert_int_equal(l.evsels[i]->attr.disabled, 1);
		assert_int_equal(l.evsels[i]->attr.size, sizeof(struct perf_event_attr));
		assert_int_equal(l.evsels[i]->layout.sample_type, tmpl.sample_type);
		assert_true(l.evsels[i]->layout.sample_id_all);
	}
	/* Globs add every match, in order; counts accumulate. */
	assert_int_equal(parse_events(&l, &t, "sched:*,syscalls:sys_*_openat", &tmpl, err, sizeof(err)), 4);
	assert_int_equal(l.nr, 6);
	assert_string_equal(l.evsels[2]->name, "sched:sched_switch");
	assert_string_equal(l.evsels[3]->name, "sched:sched_wakeup");
	assert_int_equal(l.evsels[3]->attr.config, 373);
	assert_int_equal(l.evsels[5]->attr.config, 781);
	assert_string_equal(err, "");
	evlist_release(&l);
}

static void check_parse_error(const struct tracefs *t, const char *list, const char *want)
{
	struct evlist l;
	char err[256] = "";
	int rc;

	evlist_init(&l);
	rc = parse_events(&l, t, list, &tmpl, err, sizeof(err));
	evlist_release(&l);
	/* -1 for a wrong list, -2 when the system fails (both an error) */
	if (rc != PARSE_EVENTS_BAD_SPEC && rc != PARSE_EVENTS_FAILED)
		fail_msg("parse_events(\"%s\") returned %d", list, rc);
	assert_string_equal(err, want);
}

static void test_parse_tracepoint_errors(void **state)
{
	struct tracefs t;
	struct evlist l;
	char err[256];

	open_fake(&t);
	/* A typo: the closest event is suggested. */
	check_parse_error(&t, "sched:sched_swich",
			  "unknown tracepoint 'sched:sched_swich' (did you mean sched:sched_switch?)");
	check_parse_error(&t, "syscall:sys_enter_openat",
			  "unknown tracepoint 'syscall:sys_enter_openat' (did you mean syscalls:sys_enter_openat?)");
	/* Nothing close. */
	check_parse_error(&t, "foo:bar", "unknown tracepoint 'foo:bar' (scry list shows them)");
	check_parse_error(&t, "sched:nomatch*", "unknown tracepoint 'sched:nomatch*' (scry list shows them)");
	/* Malformed. */
	check_parse_error(&t, ":sched_switch", "bad tracepoint ':sched_switch' (expected SYSTEM:EVENT)");
	check_parse_error(&t, "sched:", "bad tracepoint 'sched:' (expected SYSTEM:EVENT)");
	/* An event whose id cannot be read. */
	check_parse_error(&t, "broken:bad_id", "cannot add tracepoint 'broken:bad_id': Invalid argument");
	/* Without tracefs. */
	check_parse_error(NULL, "sched:sched_switch", "tracepoint 'sched:sched_switch' needs tracefs");

	/* A failure after good items leaves those in the list for the caller
	 * to release (no leak, no double free under the sanitizer). */
	evlist_init(&l);
	assert_int_equal(parse_events(&l, &t, "cpu-clock,sched:sched_switch,foo:bar", &tmpl, err, sizeof(err)),
			 -1);
	assert_int_equal(l.nr, 2);
	evlist_release(&l);
}

static void test_parse_named(void **state)
{
	struct evlist l;
	char err[256] = "";
	static const struct {
		const char *spec, *name;
		u32 type;
		u64 config;
	} cases[] = {
		{ "cpu-clock", "cpu-clock", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_CPU_CLOCK },
		{ "cs", "context-switches", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_CONTEXT_SWITCHES },
		{ "faults", "page-faults", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_PAGE_FAULTS },
		{ "migrations", "cpu-migrations", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_CPU_MIGRATIONS },
		{ "dummy", "dummy", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_DUMMY },
		{ "bpf-output", "bpf-output", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_BPF_OUTPUT },
		{ "cpu-cycles", "cycles", PERF_TYPE_HARDWARE, PERF_COUNT_HW_CPU_CYCLES },
		{ "branches", "branch-instructions", PERF_TYPE_HARDWARE, PERF_COUNT_HW_BRANCH_INSTRUCTIONS },
		{ "ref-cycles", "ref-cycles", PERF_TYPE_HARDWARE, PERF_COUNT_HW_REF_CPU_CYCLES },
	};
	const struct event_name *names;
	size_t nr;

	evlist_init(&l);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(parse_events(&l, NULL, cases[i].spec, &tmpl, err, sizeof(err)), 1);
		assert_int_equal(l.nr, (int)i + 1);
		assert_string_equal(l.evsels[i]->name, cases[i].name);
		assert_int_equal(l.evsels[i]->attr.type, cases[i].type);
		assert_int_equal(l.evsels[i]->attr.config, cases[i].config);
		assert_int_equal(l.evsels[i]->attr.sample_type, tmpl.sample_type);
		assert_null(l.evsels[i]->tp_sys);
	}
	evlist_release(&l);

	check_parse_error(NULL, "cpu-clok", "unknown event 'cpu-clok' (did you mean cpu-clock?)");
	check_parse_error(NULL, "task-clocks", "unknown event 'task-clocks' (did you mean task-clock?)");
	check_parse_error(NULL, "zzzzzzzz", "unknown event 'zzzzzzzz' (scry list shows the events)");
	check_parse_error(NULL, "", "empty event list ''");
	check_parse_error(NULL, " , ,", "empty event list ' , ,'");

	/* The table itself: names and aliases unique across both columns. */
	names = event_names(&nr);
	assert_true(nr >= 20);
	for (size_t i = 0; i < nr; i++)
		for (size_t j = 0; j < nr; j++) {
			if (i != j)
				assert_string_not_equal(names[i].name, names[j].name);
			if (names[j].alias)
				assert_string_not_equal(names[i].name, names[j].alias);
			if (i != j && names[i].alias && names[j].alias)
				assert_string_not_equal(names[i].alias, names[j].alias);
		}
}

/* ---- formats ------------------------------------------------------------------------ */

static void test_tp_formats(void **state)
{
	static const char *const sw_fields[] = { "prev_comm", "prev_pid", "prev_prio", "prev_state",
						 "next_comm", "next_pid", "next_prio" };
	static const int sw_offsets[] = { 8, 24, 28, 32, 40, 56, 60 };
	struct tracefs t;
	struct tp_formats f;
	struct tep_event *ev, *ev2;
	struct tep_format_field **fields;
	struct outbuf ob;
	u8 rec[64];
	s32 pid;
	u64 v = 0;
	int n;

	open_fake(&t);
	assert_int_equal(tp_formats_init(&f, &t), 0);
	ev = tp_formats_get(&f, "sched", "sched_switch");
	assert_non_null(ev);
	assert_int_equal(ev->id, 372);
	/* Parsed once: the second lookup is the same event. */
	assert_ptr_equal(tp_formats_get(&f, "sched", "sched_switch"), ev);
	assert_ptr_equal(tp_formats_by_id(&f, 372), ev);
	fields = tp_fields(ev, &n);
	assert_int_equal(n, 7);
	for (int i = 0; i < n; i++) {
		assert_string_equal(fields[i]->name, sw_fields[i]);
		assert_int_equal(fields[i]->offset, sw_offsets[i]);
	}
	free(fields);

	/* Reading a field from a record, and refusing a record too short. */
	memset(rec, 0, sizeof(rec));
	rec[0] = 372 & 0xff;            /* common_type: libtraceevent finds the event by it */
	rec[1] = 372 >> 8;
	memcpy(rec + 8, "sh", 3);
	pid = 4242;
	memcpy(rec + 24, &pid, 4);
	memcpy(rec + 40, "cat", 4);
	pid = 7;
	memcpy(rec + 56, &pid, 4);
	assert_true(tp_field_u64(tep_find_field(ev, "prev_pid"), rec, sizeof(rec), &v));
	assert_int_equal(v, 4242);
	assert_false(tp_field_u64(tep_find_field(ev, "next_pid"), rec, 59, &v));
	assert_false(tp_field_u64(NULL, rec, sizeof(rec), &v));
	outbuf_init_mem(&ob);
	tp_print_fields(&f, ev, rec, sizeof(rec), 0, 0, &ob);
	assert_string_equal(outbuf_cstr(&ob), "prev_comm=sh prev_pid=4242 ==> next_comm=cat next_pid=7");
	outbuf_release(&ob);

	ev2 = tp_formats_get(&f, "syscalls", "sys_enter_openat");
	assert_non_null(ev2);
	assert_ptr_equal(tp_formats_by_id(&f, 782), ev2);
	fields = tp_fields(ev2, &n);
	assert_int_equal(n, 5);
	assert_string_equal(fields[0]->name, "__syscall_nr");
	assert_string_equal(fields[2]->name, "filename");
	assert_string_equal(fields[2]->type, "const char *");
	assert_int_equal(fields[2]->offset, 24);
	assert_string_equal(fields[4]->name, "mode");
	free(fields);

	/* Missing events: NULL, and nothing cached for them. */
	errno = 0;
	assert_null(tp_formats_get(&f, "sched", "nope"));
	assert_int_equal(errno, ENOENT);
	assert_null(tp_formats_get(&f, "syscalls", "sys_exit_openat"));    /* id, no format */
	assert_null(tp_formats_by_id(&f, 781));
	tp_formats_release(&f);

	/* Without tracefs only added formats are known. */
	assert_int_equal(tp_formats_init(&f, NULL), 0);
	errno = 0;
	assert_null(tp_formats_get(&f, "sched", "sched_switch"));
	assert_int_equal(errno, ENOENT);
	assert_non_null(tp_formats_add(&f, "sched", sched_wakeup_fmt, strlen(sched_wakeup_fmt)));
	assert_non_null(tp_formats_get(&f, "sched", "sched_wakeup"));
	assert_null(tp_formats_add(&f, "sched", "name: x\nnot a format", 20));
	tp_formats_release(&f);
}

static void test_syscall_desc(void **state)
{
	static const char *const names[] = { "dfd", "filename", "flags", "mode" };
	static const char *const types[] = { "int", "const char *", "int", "umode_t" };
	struct tracefs t;
	struct tp_formats f;
	struct sc_descs d;
	const struct sc_desc *sd;
	int nr = syscall_nr("openat");

	assert_int_equal(nr, 257);
	open_fake(&t);
	assert_int_equal(tp_formats_init(&f, &t), 0);
	sc_descs_init(&d, &f);

	sd = sc_descs_get(&d, nr);
	assert_non_null(sd);
	assert_int_equal(sd->nr, 257);
	assert_string_equal(sd->name, "openat");
	assert_string_equal(sd->tp_name, "openat");
	assert_true(sd->has_tracepoint);
	assert_int_equal(sd->nargs, 4);
	for (int i = 0; i < 4; i++) {
		assert_string_equal(sd->args[i].name, names[i]);
		assert_string_equal(sd->args[i].type, types[i]);
		assert_non_null(sd->args[i].fmt);
	}
	/* filename is argument 1: stored as index + 1; no second string. */
	assert_int_equal(sd->str_args[0], 2);
	assert_int_equal(sd->str_args[1], 0);
	assert_true(sd->args[1].fmt->is_string);
	assert_false(sd->args[0].fmt->is_string);
	assert_int_equal(sd->ret_kind, SC_RET_FD);
	assert_false(sd->noreturn);
	/* Loaded once. */
	assert_ptr_equal(sc_descs_get(&d, nr), sd);

	/* Not in this tracefs: a name, but no arguments. */
	sd = sc_descs_get(&d, syscall_nr("close"));
	assert_non_null(sd);
	assert_string_equal(sd->name, "close");
	assert_int_equal(sd->nargs, -1);
	assert_false(sd->has_tracepoint);
	/* Renamed tracefs events and calls that never return. */
	sd = sc_descs_get(&d, syscall_nr("fstat"));
	assert_string_equal(sd->tp_name, "newfstat");
	sd = sc_descs_get(&d, syscall_nr("exit_group"));
	assert_true(sd->noreturn);
	/* A number with no name, and numbers out of range. */
	sd = sc_descs_get(&d, SYSCALL_NR_MAX - 1);
	assert_non_null(sd);
	assert_string_equal(sd->name, "syscall_511");
	assert_null(sc_descs_get(&d, -1));
	assert_null(sc_descs_get(&d, SYSCALL_NR_MAX));

	sc_descs_release(&d);
	tp_formats_release(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tracefs_open),
		cmocka_unit_test(test_event_id_and_format),
		cmocka_unit_test(test_for_each_event),
		cmocka_unit_test(test_parse_tracepoints),
		cmocka_unit_test(test_parse_tracepoint_errors),
		cmocka_unit_test(test_parse_named),
		cmocka_unit_test(test_tp_formats),
		cmocka_unit_test(test_syscall_desc),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
