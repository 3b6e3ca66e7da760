/* Unit tests for util/lang/probes (probes -> attachments, and the listing
 * of `scry list 'tracepoint:...'`) and util/lang/attach (the perf events
 * that carry them).
 *
 * Tracepoints and kprobes come from a fake tracefs, a fake kallsyms and a
 * fake sysfs built in a temporary directory (the kprobe PMU's definition is
 * tested there: this kernel has no kprobes). Uprobes are resolved on real
 * binaries: a fixture compiled here (with aliases, a local and a weak
 * symbol; also stripped), this test program itself and libc, and their file
 * offsets are checked against objdump -F and against where the running
 * process has the function mapped (/proc/self/maps). When run as root with
 * BPF, small counting programs are attached for real: uprobes (with the
 * attachment index as cookie), a tracepoint, profile and interval. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "tests/unit/unit-shell.h"

#include <bpf/bpf.h>
#include <dlfcn.h>
#include <errno.h>
#include <ftw.h>
#include <limits.h>
#include <linux/bpf.h>
#include <linux/perf_event.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "util/core/cpumap.h"
#include "util/core/tracefs.h"
#include "util/lang/attach.h"
#include "util/lang/probes.h"
#include "util/symbols/binpath.h"

/* ---- functions of this program, probed by the tests ------------------------------------ */

__attribute__((noinline)) int lang_probes_fixture_fn(int x);
__attribute__((noinline)) int lang_probes_fixture_fn(int x)
{
	__asm__ volatile("" : "+r"(x));
	return x + 1;
}
int lang_probes_fixture_alias(int x) __attribute__((alias("lang_probes_fixture_fn")));

__attribute__((noinline)) int lang_probes_fixture_other(int x);
__attribute__((noinline)) int lang_probes_fixture_other(int x)
{
	__asm__ volatile("" : "+r"(x));
	return x * 2;
}

/* ---- the fake trees --------------------------------------------------------------------- */

#define COMMON_FIELDS                                                                        \
	"\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n"               \
	"\tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;\n"               \
	"\tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;\n"       \
	"\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;\n"                            \
	"\n"

static const char sched_switch_fmt[] =
	"name: sched_switch\nID: 372\nformat:\n" COMMON_FIELDS
	"\tfield:char prev_comm[16];\toffset:8;\tsize:16;\tsigned:0;\n"
	"\tfield:pid_t prev_pid;\toffset:24;\tsize:4;\tsigned:1;\n"
	"\tfield:int prev_prio;\toffset:28;\tsize:4;\tsigned:1;\n"
	"\tfield:long prev_state;\toffset:32;\tsize:8;\tsigned:1;\n"
	"\tfield:char next_comm[16];\toffset:40;\tsize:16;\tsigned:0;\n"
	"\tfield:pid_t next_pid;\toffset:56;\tsize:4;\tsigned:1;\n"
	"\tfield:int next_prio;\toffset:60;\tsize:4;\tsigned:1;\n"
	"\nprint fmt: \"prev_comm=%s prev_pid=%d\", REC->prev_comm, REC->prev_pid\n";

static const char sched_wakeup_fmt[] =
	"name: sched_wakeup\nID: 373\nformat:\n" COMMON_FIELDS
	"\tfield:char comm[16];\toffset:8;\tsize:16;\tsigned:0;\n"
	"\tfield:pid_t pid;\toffset:24;\tsize:4;\tsigned:1;\n"
	"\nprint fmt: \"comm=%s pid=%d\", REC->comm, REC->pid\n";

static const char sched_process_exec_fmt[] =
	"name: sched_process_exec\nID: 380\nformat:\n" COMMON_FIELDS
	"\tfield:__data_loc char[] filename;\toffset:8;\tsize:4;\tsigned:0;\n"
	"\tfield:pid_t pid;\toffset:12;\tsize:4;\tsigned:1;\n"
	"\tfield:pid_t old_pid;\toffset:16;\tsize:4;\tsigned:1;\n"
	"\nprint fmt: \"filename=%s pid=%d old_pid=%d\", __get_str(filename), REC->pid, REC->old_pid\n";

/* This kernel's own text (6.18): syscall arguments are stored as longs. */
static const char sys_enter_openat_fmt[] =
	"name: sys_enter_openat\nID: 782\nformat:\n" COMMON_FIELDS
	"\tfield:int __syscall_nr;\toffset:8;\tsize:4;\tsigned:1;\n"
	"\tfield:int dfd;\toffset:16;\tsize:8;\tsigned:0;\n"
	"\tfield:const char * filename;\toffset:24;\tsize:8;\tsigned:0;\n"
	"\tfield:int flags;\toffset:32;\tsize:8;\tsigned:0;\n"
	"\tfield:umode_t mode;\toffset:40;\tsize:8;\tsigned:0;\n"
	"\nprint fmt: \"dfd: 0x%08lx, filename: 0x%08lx\", ((unsigned long)(REC->dfd)), "
	"((unsigned long)(REC->filename))\n";

static const char sys_enter_read_fmt[] =
	"name: sys_enter_read\nID: 790\nformat:\n" COMMON_FIELDS
	"\tfield:int __syscall_nr;\toffset:8;\tsize:4;\tsigned:1;\n"
	"\tfield:unsigned int fd;\toffset:16;\tsize:8;\tsigned:0;\n"
	"\tfield:char * buf;\toffset:24;\tsize:8;\tsigned:0;\n"
	"\tfield:size_t count;\toffset:32;\tsize:8;\tsigned:0;\n"
	"\nprint fmt: \"fd: 0x%08lx\", ((unsigned long)(REC->fd))\n";

static const char raw_sys_enter_fmt[] =
	"name: sys_enter\nID: 21\nformat:\n" COMMON_FIELDS
	"\tfield:long id;\toffset:8;\tsize:8;\tsigned:1;\n"
	"\tfield:unsigned long args[6];\toffset:16;\tsize:48;\tsigned:0;\n"
	"\nprint fmt: \"NR %ld\", REC->id\n";

static const char ftrace_function_fmt[] =
	"name: function\nID: 1\nformat:\n" COMMON_FIELDS
	"\tfield:unsigned long ip;\toffset:8;\tsize:8;\tsigned:0;\n"
	"\nprint fmt: \" %ps\", (void *)REC->ip\n";

static const char fake_kallsyms[] =
	"ffffffff81000000 T _text\n"
	"ffffffff81001000 T vfs_read\n"
	"ffffffff81001100 T vfs_readv\n"
	"ffffffff81002000 t helper_fn\n"
	"ffffffff81002100 t helper_fn.part.0\n"
	"ffffffff81003000 D data_sym\n"
	"ffffffffc0001000 t mod_fn\t[mymod]\n";

/* A program with aliases (a global pair; a global and a local one), a
 * weak and a static function. */
static const char fixture_src[] =
	"#include <stdio.h>\n"
	"__attribute__((noinline)) int fx_alpha(int x) { return x * 3 + 1; }\n"
	"int fx_alpha_alias(int) __attribute__((alias(\"fx_alpha\")));\n"
	"__attribute__((noinline)) int __fx_pub(int x) { return x ^ 5; }\n"
	"static int fx_priv(int) __attribute__((alias(\"__fx_pub\"), used));\n"
	"__attribute__((noinline)) static int fx_gamma(int x) { return x - 1; }\n"
	"__attribute__((weak, noinline)) int fx_weak(int x) { return x + 7; }\n"
	"__attribute__((noinline)) int fx_beta(int x) { return fx_alpha(x) + fx_gamma(x) + __fx_pub(x); }\n"
	"int main(int argc, char **argv) { (void)argv; printf(\"%d\\n\", fx_beta(argc) + fx_weak(argc)); return 0; }\n";

static char root[64];
static char fx[128], fxs[128];          /* the fixture, and stripped (.dynsym only) */
static bool have_fixture;
static struct tracefs tfs, tfs_nofuncs; /* with and without available_filter_functions */

static void write_file(const char *rel, const char *text)
{
	unit_write_file(root, rel, text);
}

static void make_dirs(const char *rel)
{
	char path[256], cmd[300];

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	snprintf(cmd, sizeof(cmd), "mkdir -p %s", path);
	assert_int_equal(system(cmd), 0);
}

static void add_event(const char *tfsdir, const char *sys, const char *name, int id, const char *fmt)
{
	char rel[200], idtext[16];

	snprintf(rel, sizeof(rel), "%s/events/%s/%s", tfsdir, sys, name);
	make_dirs(rel);
	snprintf(rel, sizeof(rel), "%s/events/%s/%s/id", tfsdir, sys, name);
	snprintf(idtext, sizeof(idtext), "%d\n", id);
	write_file(rel, idtext);
	snprintf(rel, sizeof(rel), "%s/events/%s/%s/format", tfsdir, sys, name);
	write_file(rel, fmt);
}

static int setup(void **state)
{
	static const char *const trees[] = { "tfs", "tfs2" };
	char cmd[1024];

	(void)state;
	snprintf(root, sizeof(root), "/tmp/scry-lang-probes-XXXXXX");
	if (!mkdtemp(root))
		return -1;
	for (int i = 0; i < 2; i++) {
		add_event(trees[i], "sched", "sched_switch", 372, sched_switch_fmt);
		add_event(trees[i], "sched", "sched_wakeup", 373, sched_wakeup_fmt);
		add_event(trees[i], "sched", "sched_process_exec", 380, sched_process_exec_fmt);
		add_event(trees[i], "syscalls", "sys_enter_openat", 782, sys_enter_openat_fmt);
		add_event(trees[i], "syscalls", "sys_enter_read", 790, sys_enter_read_fmt);
		add_event(trees[i], "raw_syscalls", "sys_enter", 21, raw_sys_enter_fmt);
		add_event(trees[i], "ftrace", "function", 1, ftrace_function_fmt);
	}
	write_file("tfs/available_filter_functions", "vfs_read\nvfs_write\nvfs_readv\nnfs_open [nfs]\n"
						    "foo_fn.part.0\nfoo_fn\n");
	write_file("kallsyms", fake_kallsyms);
	snprintf(tfs.root, sizeof(tfs.root), "%s/tfs", root);
	snprintf(tfs_nofuncs.root, sizeof(tfs_nofuncs.root), "%s/tfs2", root);

	/* The sysfs of a kernel with both PMUs, and of one without kprobes. */
	make_dirs("sys/bus/event_source/devices/kprobe/format");
	make_dirs("sys/bus/event_source/devices/uprobe/format");
	write_file("sys/bus/event_source/devices/kprobe/type", "6\n");
	write_file("sys/bus/event_source/devices/kprobe/format/retprobe", "config:0\n");
	write_file("sys/bus/event_source/devices/uprobe/type", "7\n");
	write_file("sys/bus/event_source/devices/uprobe/format/retprobe", "config:3\n");
	make_dirs("nokp/bus/event_source/devices/uprobe/format");
	write_file("nokp/bus/event_source/devices/uprobe/type", "7\n");
	write_file("nokp/bus/event_source/devices/uprobe/format/retprobe", "config:0\n");

	write_file("fx.c", fixture_src);
	snprintf(fx, sizeof(fx), "%s/fx", root);
	snprintf(fxs, sizeof(fxs), "%s/fxs", root);
	snprintf(cmd, sizeof(cmd),
		 "cd %s && gcc -O1 -g -o fx fx.c 2>/dev/null && gcc -O1 -rdynamic -o fxs fx.c 2>/dev/null && strip fxs",
		 root);
	have_fixture = system(cmd) == 0;
	return 0;
}

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static int teardown(void **state)
{
	(void)state;
	unsetenv("SCRY_SYSFS");
	return nftw(root, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* ---- building programs by hand (no parser here) ---------------------------------------- */

struct fixture {
	struct lang_ast ast;
	struct lang_block blocks[4];
	struct lang_probe probes[4][4];
	struct lang_program p;
	struct lang_loc loc;
	char err[1024];
};

/* "type|text|target|func|offset|count" would be terse; explicit is clearer. */
static struct lang_probe mk(enum lang_probe_type t, const char *text, const char *target, const char *func)
{
	struct lang_probe p = { .type = t, .text = (char *)text, .target = (char *)target, .func = (char *)func };

	p.loc.line = 1;
	p.loc.col = 1;
	return p;
}

static struct lang_probe mk_off(enum lang_probe_type t, const char *text, const char *target, const char *func,
				u64 off)
{
	struct lang_probe p = mk(t, text, target, func);

	p.offset = off;
	p.has_offset = true;
	return p;
}

static struct lang_probe mk_count(enum lang_probe_type t, const char *text, const char *target, u64 count)
{
	struct lang_probe p = mk(t, text, target, NULL);

	p.count = count;
	return p;
}

/* One block per probe. */
static struct fixture *prog_of(int n, const struct lang_probe *probes)
{
	struct fixture *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	assert_true(n <= 4);
	for (int i = 0; i < n; i++) {
		f->probes[i][0] = probes[i];
		f->blocks[i].probes = f->probes[i];
		f->blocks[i].nprobes = 1;
		f->blocks[i].next = i + 1 < n ? &f->blocks[i + 1] : NULL;
	}
	f->ast.blocks = n ? &f->blocks[0] : NULL;
	f->ast.nblocks = n;
	f->p.ast = &f->ast;
	return f;
}

static int resolve_with(struct fixture *f, const struct tracefs *t)
{
	struct lang_probes_env env = { .tracefs = t, .err_loc = &f->loc };
	char kallsyms[128];

	snprintf(kallsyms, sizeof(kallsyms), "%s/kallsyms", root);
	env.kallsyms = kallsyms;
	f->err[0] = '\0';
	return lang_probes_resolve(&f->p, &env, f->err, sizeof(f->err));
}

static struct fixture *resolve1(struct lang_probe probe)
{
	struct fixture *f = prog_of(1, &probe);

	if (resolve_with(f, &tfs)) {
		print_error("%s: %s\n", probe.text, f->err);
		fail();
	}
	return f;
}

/* Resolving fails with exactly want; nothing is left attached. */
static void resolve_fails(struct lang_probe probe, const struct tracefs *t, const char *want)
{
	struct fixture *f = prog_of(1, &probe);

	f->p.nattaches = 0;
	assert_int_equal(resolve_with(f, t), -1);
	assert_string_equal(f->err, want);
	assert_int_equal(f->p.nattaches, 0);
	assert_null(f->p.attaches);
	free(f);
}

static void done(struct fixture *f)
{
	lang_attaches_release(&f->p);
	assert_null(f->p.attaches);
	free(f);
}

/* ---- helpers for binaries ---------------------------------------------------------------- */

/* As objdump -F prints the function's file offset. */
static unsigned long long objdump_off(const char *bin, const char *func)
{
	return unit_sh_hex("objdump -d -F %s | sed -n 's/^[0-9a-f]* <%s> (File Offset: 0x\\([0-9a-f]*\\)):$/\\1/p'", bin,
		      func);
}

/* Where this process has addr mapped from its file: the uprobe's offset. */
static unsigned long long mapped_off(const void *addr, char *path, size_t len)
{
	FILE *f = fopen("/proc/self/maps", "r");
	char line[1024];
	unsigned long long off = ~0ULL;

	assert_non_null(f);
	while (fgets(line, sizeof(line), f)) {
		unsigned long long lo, hi, pgoff;
		char file[PATH_MAX] = "";

		if (sscanf(line, "%llx-%llx %*s %llx %*s %*s %4095s", &lo, &hi, &pgoff, file) < 3)
			continue;
		if ((uintptr_t)addr >= lo && (uintptr_t)addr < hi) {
			off = (uintptr_t)addr - lo + pgoff;
			snprintf(path, len, "%s", file);
			break;
		}
	}
	fclose(f);
	return off;
}

static void self_path(char *out)
{
	assert_non_null(realpath("/proc/self/exe", out));
}

/* ---- BEGIN, END, blocks ------------------------------------------------------------------ */

static void test_begin_end_and_order(void **state)
{
	struct fixture *f = prog_of(0, NULL);

	(void)state;
	/* Block 0: BEGIN; block 1: two probes; block 2: END. */
	f->probes[0][0] = mk(P_BEGIN, "BEGIN", NULL, NULL);
	f->probes[1][0] = mk(P_TRACEPOINT, "tracepoint:sched:sched_wakeup", "sched", "sched_wakeup");
	f->probes[1][1] = mk(P_TRACEPOINT, "t:sched:sched_switch", "sched", "sched_switch");
	f->probes[2][0] = mk(P_END, "END", NULL, NULL);
	for (int i = 0; i < 3; i++) {
		f->blocks[i].probes = f->probes[i];
		f->blocks[i].nprobes = i == 1 ? 2 : 1;
		f->blocks[i].next = i < 2 ? &f->blocks[i + 1] : NULL;
	}
	f->ast.blocks = &f->blocks[0];
	f->ast.nblocks = 3;
	f->p.ast = &f->ast;
	assert_int_equal(resolve_with(f, &tfs), 0);
	assert_int_equal(f->p.nattaches, 4);
	assert_string_equal(f->p.attaches[0].name, "BEGIN");
	assert_int_equal(f->p.attaches[0].type, P_BEGIN);
	assert_string_equal(f->p.attaches[1].name, "tracepoint:sched:sched_wakeup");
	assert_int_equal(f->p.attaches[1].block, 1);
	assert_int_equal(f->p.attaches[1].probe, 0);
	assert_string_equal(f->p.attaches[2].name, "tracepoint:sched:sched_switch");
	assert_int_equal(f->p.attaches[2].block, 1);
	assert_int_equal(f->p.attaches[2].probe, 1);
	assert_string_equal(f->p.attaches[3].name, "END");
	assert_int_equal(f->p.attaches[3].block, 2);
	for (int i = 0; i < 4; i++)
		assert_int_equal(f->p.attaches[i].prog, -1);
	/* Resolving again replaces, never appends. */
	assert_int_equal(resolve_with(f, &tfs), 0);
	assert_int_equal(f->p.nattaches, 4);
	done(f);
}

/* ---- tracepoints -------------------------------------------------------------------------- */

static const struct lang_tp_field *field(const struct lang_attach *a, const char *name)
{
	for (int i = 0; i < a->nfields; i++)
		if (!strcmp(a->fields[i].name, name))
			return &a->fields[i];
	print_error("%s: no field %s\n", a->name, name);
	fail();
	return NULL;
}

static void test_tracepoint_glob_and_fields(void **state)
{
	struct fixture *f = resolve1(mk(P_TRACEPOINT, "tracepoint:sched:sched_*", "sched", "sched_*"));
	const struct lang_attach *a;
	const struct lang_tp_field *fl;

	(void)state;
	/* Sorted by name, as bpftrace orders a glob's matches. */
	assert_int_equal(f->p.nattaches, 3);
	assert_string_equal(f->p.attaches[0].name, "tracepoint:sched:sched_process_exec");
	assert_string_equal(f->p.attaches[1].name, "tracepoint:sched:sched_switch");
	assert_string_equal(f->p.attaches[2].name, "tracepoint:sched:sched_wakeup");
	a = &f->p.attaches[1];
	assert_int_equal(a->type, P_TRACEPOINT);
	assert_string_equal(a->tp_sys, "sched");
	assert_string_equal(a->tp_name, "sched_switch");
	assert_int_equal(a->tp_id, 372);
	assert_null(a->func);
	/* common_* fields are not the event's own. */
	assert_int_equal(a->nfields, 7);
	assert_string_equal(a->fields[0].name, "prev_comm");
	fl = field(a, "prev_comm");
	assert_int_equal(fl->kind, TPF_CHAR_ARRAY);
	assert_int_equal(fl->offset, 8);
	assert_int_equal(fl->size, 16);
	assert_string_equal(fl->ctype, "char[16]");
	fl = field(a, "prev_pid");
	assert_int_equal(fl->kind, TPF_INT);
	assert_int_equal(fl->offset, 24);
	assert_int_equal(fl->size, 4);
	assert_true(fl->is_signed);
	assert_false(fl->is_pointer);
	assert_false(fl->user_pointer);
	fl = field(a, "prev_state");
	assert_int_equal(fl->size, 8);
	assert_true(fl->is_signed);
	a = &f->p.attaches[0];
	assert_int_equal(a->tp_id, 380);
	fl = field(a, "filename");
	assert_int_equal(fl->kind, TPF_DATA_LOC);
	assert_int_equal(fl->offset, 8);
	assert_int_equal(fl->size, 4);
	done(f);
}

static void test_tracepoint_syscall_fields(void **state)
{
	struct fixture *f = resolve1(mk(P_TRACEPOINT, "tracepoint:sys*:sys_enter_*", "sys*", "sys_enter_*"));
	const struct lang_attach *a;
	const struct lang_tp_field *fl;

	(void)state;
	assert_int_equal(f->p.nattaches, 2);
	a = &f->p.attaches[0];
	assert_string_equal(a->name, "tracepoint:syscalls:sys_enter_openat");
	assert_int_equal(a->tp_id, 782);
	fl = field(a, "__syscall_nr");
	assert_int_equal(fl->size, 4);
	assert_true(fl->is_signed);
	/* Stored as a long, read as the int it is: AT_FDCWD is -100. */
	fl = field(a, "dfd");
	assert_int_equal(fl->kind, TPF_INT);
	assert_int_equal(fl->offset, 16);
	assert_int_equal(fl->size, 4);
	assert_true(fl->is_signed);
	fl = field(a, "filename");
	assert_int_equal(fl->kind, TPF_INT);
	assert_int_equal(fl->size, 8);
	assert_true(fl->is_pointer);
	assert_true(fl->user_pointer);
	assert_false(fl->is_signed);
	assert_string_equal(fl->ctype, "const char *");
	fl = field(a, "mode");
	assert_int_equal(fl->size, 2);
	assert_false(fl->is_signed);
	a = &f->p.attaches[1];
	assert_string_equal(a->name, "tracepoint:syscalls:sys_enter_read");
	fl = field(a, "fd");
	assert_int_equal(fl->size, 4);
	assert_false(fl->is_signed);
	fl = field(a, "buf");
	assert_true(fl->user_pointer);
	fl = field(a, "count");           /* a typedef scry does not know: the format's size */
	assert_int_equal(fl->size, 8);
	assert_false(fl->is_signed);
	done(f);

	/* Pointers outside syscalls:* are not known to be user pointers; an
	 * array of longs is not a string. */
	f = resolve1(mk(P_TRACEPOINT, "tracepoint:raw_syscalls:sys_enter", "raw_syscalls", "sys_enter"));
	assert_int_equal(f->p.nattaches, 1);
	fl = field(&f->p.attaches[0], "args");
	assert_int_equal(fl->kind, TPF_OTHER);
	assert_int_equal(fl->size, 48);
	fl = field(&f->p.attaches[0], "id");
	assert_int_equal(fl->kind, TPF_INT);
	assert_true(fl->is_signed);
	done(f);
}

static void test_tracepoint_errors(void **state)
{
	struct fixture *f;
	struct lang_probe p = mk(P_TRACEPOINT, "tracepoint:sched:sched_swich", "sched", "sched_swich");

	(void)state;
	resolve_fails(p, &tfs,
		      "tracepoint:sched:sched_swich: no tracepoint sched:sched_swich (did you mean: sched:sched_switch?)");
	resolve_fails(mk(P_TRACEPOINT, "tracepoint:schde:sched_switch", "schde", "sched_switch"), &tfs,
		      "tracepoint:schde:sched_switch: no tracepoint subsystem 'schde' (did you mean: sched?)");
	resolve_fails(mk(P_TRACEPOINT, "tracepoint:sched:nosuch*", "sched", "nosuch*"), &tfs,
		      "tracepoint:sched:nosuch*: matches no tracepoint");
	resolve_fails(mk(P_TRACEPOINT, "t:zzzz:qqqq", "zzzz", "qqqq"), &tfs,
		      "t:zzzz:qqqq: no tracepoint subsystem 'zzzz'");
	/* ftrace's own events are no tracepoints. */
	resolve_fails(mk(P_TRACEPOINT, "tracepoint:*:function", "*", "function"), &tfs,
		      "tracepoint:*:function: matches no tracepoint");
	resolve_fails(p, NULL, "tracepoint:sched:sched_swich: tracefs is not available to find tracepoints in");

	/* The error's place: the failing probe's (the second block's). */
	{
		struct lang_probe two[2] = { mk(P_BEGIN, "BEGIN", NULL, NULL), p };

		two[1].loc = (struct lang_loc){ .line = 3, .col = 5, .off = 40, .len = 28 };
		f = prog_of(2, two);
		assert_int_equal(resolve_with(f, &tfs), -1);
		assert_int_equal(f->loc.line, 3);
		assert_int_equal(f->loc.col, 5);
		assert_int_equal(f->p.nattaches, 0);
		free(f);
	}
}

/* ---- uprobes -------------------------------------------------------------------------------- */

static const struct lang_attach *find_attach(const struct fixture *f, const char *func)
{
	for (int i = 0; i < f->p.nattaches; i++)
		if (!strcmp(f->p.attaches[i].func, func))
			return &f->p.attaches[i];
	print_error("no attachment for %s\n", func);
	fail();
	return NULL;
}

static void test_uprobe_fixture(void **state)
{
	char text[256], want[512], real[PATH_MAX];
	struct fixture *f;
	const struct lang_attach *a;

	(void)state;
	if (!have_fixture)
		skip();
	assert_non_null(realpath(fx, real));

	/* A glob: one attachment per address (fx_alpha_alias and fx_alpha
	 * are one function; the global __fx_pub over the local fx_priv), sorted
	 * by name. */
	snprintf(text, sizeof(text), "uprobe:%s:fx_*", fx);
	f = resolve1(mk(P_UPROBE, text, fx, "fx_*"));
	assert_int_equal(f->p.nattaches, 5);
	{
		static const char *const names[] = { "fx_alpha", "fx_beta", "fx_gamma", "fx_priv", "fx_weak" };
		for (int i = 0; i < 5; i++)
			assert_string_equal(f->p.attaches[i].func, names[i]);
	}
	for (int i = 0; i < f->p.nattaches; i++) {
		a = &f->p.attaches[i];
		snprintf(want, sizeof(want), "uprobe:%s:%s", real, a->func);
		assert_string_equal(a->name, want);
		assert_string_equal(a->path, real);
		assert_int_equal(a->type, P_UPROBE);
		assert_true(a->at_func_entry);
		/* objdump names an address by one of its symbols: __fx_pub, not fx_priv. */
		assert_int_equal(a->file_offset, objdump_off(fx, strcmp(a->func, "fx_priv") ? a->func : "__fx_pub"));
		for (int j = 0; j < i; j++)
			assert_int_not_equal(a->file_offset, f->p.attaches[j].file_offset);
	}
	done(f);

	/* *fx_*: the pair __fx_pub / fx_priv is one attachment, named by the global. */
	snprintf(text, sizeof(text), "uprobe:%s:*fx_p*", fx);
	f = resolve1(mk(P_UPROBE, text, fx, "*fx_p*"));
	assert_int_equal(f->p.nattaches, 1);
	assert_string_equal(f->p.attaches[0].func, "__fx_pub");
	done(f);

	/* The name the user wrote wins among aliases. */
	snprintf(text, sizeof(text), "uprobe:%s:fx_alpha_alias", fx);
	f = resolve1(mk(P_UPROBE, text, fx, "fx_alpha_alias"));
	assert_int_equal(f->p.nattaches, 1);
	assert_string_equal(f->p.attaches[0].func, "fx_alpha_alias");
	assert_int_equal(f->p.attaches[0].file_offset, objdump_off(fx, "fx_alpha"));
	done(f);

	/* +OFF: past the entry, and named with it. */
	snprintf(text, sizeof(text), "uprobe:%s:fx_beta+4", fx);
	f = resolve1(mk_off(P_UPROBE, text, fx, "fx_beta", 4));
	a = &f->p.attaches[0];
	assert_int_equal(a->file_offset, objdump_off(fx, "fx_beta") + 4);
	assert_false(a->at_func_entry);
	snprintf(want, sizeof(want), "uprobe:%s:fx_beta+4", real);
	assert_string_equal(a->name, want);
	done(f);

	/* uretprobe. */
	snprintf(text, sizeof(text), "uretprobe:%s:fx_weak", fx);
	f = resolve1(mk(P_URETPROBE, text, fx, "fx_weak"));
	snprintf(want, sizeof(want), "uretprobe:%s:fx_weak", real);
	assert_string_equal(f->p.attaches[0].name, want);
	assert_int_equal(f->p.attaches[0].type, P_URETPROBE);
	done(f);

	/* Stripped: .dynsym still places the global functions, at the same offsets. */
	snprintf(text, sizeof(text), "uprobe:%s:fx_*", fxs);
	f = resolve1(mk(P_UPROBE, text, fxs, "fx_*"));
	assert_int_equal(f->p.nattaches, 3);   /* fx_alpha, fx_beta, fx_weak: no locals */
	for (int i = 0; i < 3; i++)
		assert_int_equal(f->p.attaches[i].file_offset, objdump_off(fx, f->p.attaches[i].func));
	assert_string_equal(f->p.attaches[0].func, "fx_alpha");
	done(f);
}

static void test_uprobe_errors(void **state)
{
	char text[256], want[1024], real[PATH_MAX];
	unsigned long long size;

	(void)state;
	resolve_fails(mk(P_UPROBE, "uprobe:/nonexistent/bin:f", "/nonexistent/bin", "f"), &tfs,
		      "uprobe:/nonexistent/bin:f: /nonexistent/bin: no such file");
	resolve_fails(mk(P_UPROBE, "uprobe:nosuchlibzz:f", "nosuchlibzz", "f"), &tfs,
		      "uprobe:nosuchlibzz:f: nosuchlibzz: no such file, no library libnosuchlibzz.so* in the "
		      "dynamic linker's directories and no program nosuchlibzz on $PATH");
	resolve_fails(mk(P_UPROBE, "uprobe:/etc:f", "/etc", "f"), &tfs, "uprobe:/etc:f: /etc is not a regular file");
	resolve_fails(mk(P_UPROBE, "uprobe:/etc/hostname:f", "/etc/hostname", "f"), &tfs,
		      "uprobe:/etc/hostname:f: /etc/hostname is not an ELF binary");
	if (!have_fixture)
		skip();
	assert_non_null(realpath(fx, real));
	snprintf(text, sizeof(text), "uprobe:%s:fx_alhpa", fx);
	snprintf(want, sizeof(want), "%s: no function fx_alhpa in %s (did you mean: fx_alpha?)", text, real);
	resolve_fails(mk(P_UPROBE, text, fx, "fx_alhpa"), &tfs, want);
	snprintf(text, sizeof(text), "uprobe:%s:zz*", fx);
	snprintf(want, sizeof(want), "%s: no function in %s matches zz*", text, real);
	resolve_fails(mk(P_UPROBE, text, fx, "zz*"), &tfs, want);
	snprintf(text, sizeof(text), "uretprobe:%s:fx_beta+4", fx);
	snprintf(want, sizeof(want), "%s: a return probe takes no offset", text);
	resolve_fails(mk_off(P_URETPROBE, text, fx, "fx_beta", 4), &tfs, want);
	size = unit_sh_hex("nm -S %s | awk '$4 == \"fx_beta\" { print $2 }'", fx);
	assert_true(size > 0);
	snprintf(text, sizeof(text), "uprobe:%s:fx_beta+100000", fx);
	snprintf(want, sizeof(want), "%s: offset 100000 is outside the function bounds ('fx_beta' size is %llu)", text, size);
	resolve_fails(mk_off(P_UPROBE, text, fx, "fx_beta", 100000), &tfs, want);
}

/* This program's own functions: the offsets equal where the kernel maps them. */
static void test_uprobe_self(void **state)
{
	char self[PATH_MAX], mapped[PATH_MAX];
	struct fixture *f;

	(void)state;
	self_path(self);
	f = resolve1(mk(P_UPROBE, "uprobe:/proc/self/exe:lang_probes_fixture_*", "/proc/self/exe",
			"lang_probes_fixture_*"));
	assert_int_equal(f->p.nattaches, 2);
	assert_string_equal(f->p.attaches[0].func, "lang_probes_fixture_fn");
	assert_string_equal(f->p.attaches[1].func, "lang_probes_fixture_other");
	assert_string_equal(f->p.attaches[0].path, self);
	assert_int_equal(f->p.attaches[0].file_offset, mapped_off((void *)lang_probes_fixture_fn, mapped, sizeof(mapped)));
	assert_string_equal(mapped, self);
	assert_int_equal(f->p.attaches[1].file_offset,
			 mapped_off((void *)lang_probes_fixture_other, mapped, sizeof(mapped)));
	done(f);
}

/* libc by its names; malloc's aliases attach once. */
static void test_uprobe_libc(void **state)
{
	char path[PATH_MAX], mapped[PATH_MAX], real[PATH_MAX];
	void *h = dlopen("libc.so.6", RTLD_LAZY | RTLD_NOLOAD);
	void *malloc_addr;
	unsigned long long off;
	struct fixture *f;
	static const char *const names[] = { "libc", "c", "libc.so.6" };

	(void)state;
	assert_non_null(h);
	malloc_addr = dlsym(h, "malloc");
	assert_non_null(malloc_addr);
	off = mapped_off(malloc_addr, mapped, sizeof(mapped));
	assert_non_null(realpath(mapped, real));
	assert_int_equal(binpath_resolve("libc", path, sizeof(path)), 0);
	assert_string_equal(path, real);
	for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
		char text[64];

		snprintf(text, sizeof(text), "uprobe:%s:malloc", names[i]);
		f = resolve1(mk(P_UPROBE, text, names[i], "malloc"));
		assert_int_equal(f->p.nattaches, 1);
		assert_string_equal(f->p.attaches[0].path, real);
		assert_int_equal(f->p.attaches[0].file_offset, off);
		assert_string_equal(f->p.attaches[0].func, "malloc");
		done(f);
	}
	/* *malloc matches malloc and __libc_malloc (one address): one attachment, "malloc". */
	f = resolve1(mk(P_UPROBE, "uprobe:libc:*malloc", "libc", "*malloc"));
	for (int i = 0; i < f->p.nattaches; i++) {
		for (int j = 0; j < i; j++)
			assert_int_not_equal(f->p.attaches[i].file_offset, f->p.attaches[j].file_offset);
		if (f->p.attaches[i].file_offset == off)
			assert_string_equal(f->p.attaches[i].func, "malloc");
	}
	assert_int_equal(find_attach(f, "malloc")->file_offset, off);
	done(f);
	f = resolve1(mk(P_UPROBE, "uprobe:libc:__libc_malloc", "libc", "__libc_malloc"));
	assert_int_equal(f->p.nattaches, 1);
	assert_string_equal(f->p.attaches[0].func, "__libc_malloc");
	assert_int_equal(f->p.attaches[0].file_offset, off);
	done(f);
}

/* The offsets `scry probe -x BIN FUNC -n` computes (the scry built with
 * this test: ../../scry from here), for the same functions. */
static void test_uprobe_vs_scry_probe(void **state)
{
	static const struct { const char *bin, *func; } cases[] = {
		{ "FX", "fx_alpha" }, { "FX", "fx_beta" }, { "FX", "fx_gamma" }, { "FX", "__fx_pub" },
		{ "FXS", "fx_weak" }, { "libc", "malloc" }, { "libc", "getpid" }, { "libc", "qsort" }, { "libc", "fopen" },
	};
	char scry[PATH_MAX], *slash;

	(void)state;
	self_path(scry);
	for (int i = 0; i < 3 && (slash = strrchr(scry, '/')); i++)
		*slash = '\0';
	strcat(scry, "/scry");
	if (!have_fixture || access(scry, X_OK))
		skip();
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		const char *bin = !strcmp(cases[i].bin, "FX") ? fx : !strcmp(cases[i].bin, "FXS") ? fxs : cases[i].bin;
		unsigned long long want = unit_sh_hex("%s probe -x %s %s -n 2>/dev/null | sed -n 's/.*:0x\\([0-9a-f]*\\)$/\\1/p'",
						 scry, bin, cases[i].func);
		char text[256];
		struct fixture *f;

		snprintf(text, sizeof(text), "uprobe:%s:%s", bin, cases[i].func);
		f = resolve1(mk(P_UPROBE, text, bin, cases[i].func));
		assert_int_equal(f->p.nattaches, 1);
		assert_true(want != 0);
		assert_int_equal(f->p.attaches[0].file_offset, want);
		done(f);
	}
}

/* ---- kprobes --------------------------------------------------------------------------------- */

static void test_kprobe_definitions(void **state)
{
	struct fixture *f;

	(void)state;
	f = resolve1(mk(P_KPROBE, "kprobe:vfs_read*", NULL, "vfs_read*"));
	assert_int_equal(f->p.nattaches, 2);
	assert_string_equal(f->p.attaches[0].name, "kprobe:vfs_read");
	assert_string_equal(f->p.attaches[0].ksym, "vfs_read");
	assert_string_equal(f->p.attaches[0].func, "vfs_read");
	assert_int_equal(f->p.attaches[0].koffset, 0);
	assert_string_equal(f->p.attaches[1].name, "kprobe:vfs_readv");
	done(f);
	f = resolve1(mk_off(P_KPROBE, "k:vfs_write+16", NULL, "vfs_write", 16));
	assert_string_equal(f->p.attaches[0].name, "kprobe:vfs_write+16");
	assert_int_equal(f->p.attaches[0].koffset, 16);
	done(f);
	f = resolve1(mk(P_KRETPROBE, "kretprobe:nfs_open", NULL, "nfs_open"));   /* "nfs_open [nfs]" */
	assert_string_equal(f->p.attaches[0].name, "kretprobe:nfs_open");
	assert_int_equal(f->p.attaches[0].type, P_KRETPROBE);
	done(f);
	/* .part.N pieces are left out of globs, not of an exact name. */
	f = resolve1(mk(P_KPROBE, "kprobe:foo_fn*", NULL, "foo_fn*"));
	assert_int_equal(f->p.nattaches, 1);
	assert_string_equal(f->p.attaches[0].ksym, "foo_fn");
	done(f);

	resolve_fails(mk(P_KPROBE, "kprobe:vfs_raed", NULL, "vfs_raed"), &tfs,
		      "kprobe:vfs_raed: no kernel function vfs_raed (did you mean: vfs_read, vfs_readv?)");
	resolve_fails(mk(P_KPROBE, "kprobe:zzz*", NULL, "zzz*"), &tfs, "kprobe:zzz*: no kernel function matches zzz*");
	resolve_fails(mk_off(P_KRETPROBE, "kretprobe:vfs_read+4", NULL, "vfs_read", 4), &tfs,
		      "kretprobe:vfs_read+4: a return probe takes no offset");

	/* Without available_filter_functions: kallsyms's text symbols. */
	{
		struct lang_probe p = mk(P_KPROBE, "kprobe:*", NULL, "*");

		f = prog_of(1, &p);
		assert_int_equal(resolve_with(f, &tfs_nofuncs), 0);
		assert_int_equal(f->p.nattaches, 5);   /* _text helper_fn mod_fn vfs_read vfs_readv */
		assert_string_equal(f->p.attaches[0].ksym, "_text");
		assert_string_equal(f->p.attaches[1].ksym, "helper_fn");
		assert_string_equal(f->p.attaches[2].ksym, "mod_fn");
		assert_string_equal(f->p.attaches[4].ksym, "vfs_readv");
		done(f);
	}
	resolve_fails(mk(P_KPROBE, "kprobe:data_sym", NULL, "data_sym"), &tfs_nofuncs,
		      "kprobe:data_sym: no kernel function data_sym");
}

/* The perf_event_attr of kprobes and uprobes, against a fake sysfs. */
static void test_pmu_attrs(void **state)
{
	char sysfs[128], want[512], err[512];
	struct perf_event_attr attr;
	struct lang_attach a = { .type = P_KPROBE, .name = "kprobe:vfs_read+16", .ksym = "vfs_read", .koffset = 16 };
	struct lang_attach u = { .type = P_UPROBE, .name = "uprobe:/bin/x:f", .path = "/bin/x", .file_offset = 0x1234 };

	(void)state;
	snprintf(sysfs, sizeof(sysfs), "%s/sys", root);
	setenv("SCRY_SYSFS", sysfs, 1);
	assert_int_equal(lang_attach_perf_attr(&a, &attr, err, sizeof(err)), 0);
	assert_int_equal(attr.type, 6);
	assert_int_equal(attr.size, sizeof(attr));
	assert_int_equal(attr.config, 0);
	assert_ptr_equal((const char *)(uintptr_t)attr.config1, a.ksym);
	assert_string_equal((const char *)(uintptr_t)attr.config1, "vfs_read");
	assert_int_equal(attr.config2, 16);
	assert_int_equal(attr.sample_period, 1);
	a.type = P_KRETPROBE;
	assert_int_equal(lang_attach_perf_attr(&a, &attr, err, sizeof(err)), 0);
	assert_int_equal(attr.config, 1);       /* format/retprobe: config:0 */

	assert_int_equal(lang_attach_perf_attr(&u, &attr, err, sizeof(err)), 0);
	assert_int_equal(attr.type, 7);
	assert_int_equal(attr.config, 0);
	assert_ptr_equal((const char *)(uintptr_t)attr.config1, u.path);
	assert_int_equal(attr.config2, 0x1234);
	u.type = P_URETPROBE;
	assert_int_equal(lang_attach_perf_attr(&u, &attr, err, sizeof(err)), 0);
	assert_int_equal(attr.config, 1ULL << 3);       /* config:3 in this fake */

	/* A kernel without kprobes: one line saying so. */
	snprintf(sysfs, sizeof(sysfs), "%s/nokp", root);
	setenv("SCRY_SYSFS", sysfs, 1);
	a.type = P_KPROBE;
	a.name = "kprobe:vfs_read";
	assert_int_equal(lang_attach_perf_attr(&a, &attr, err, sizeof(err)), -1);
	snprintf(want, sizeof(want),
		 "kprobe:vfs_read: this kernel has no kprobes (no kprobe PMU in %s/bus/event_source/devices; "
		 "CONFIG_KPROBE_EVENTS is off)", sysfs);
	assert_string_equal(err, want);
	unsetenv("SCRY_SYSFS");
	if (access("/sys/bus/event_source/devices/kprobe", F_OK) != 0) {
		assert_int_equal(lang_attach_perf_attr(&a, &attr, err, sizeof(err)), -1);
		assert_string_equal(err, "kprobe:vfs_read: this kernel has no kprobes (no kprobe PMU in "
					 "/sys/bus/event_source/devices; CONFIG_KPROBE_EVENTS is off)");
	}

	/* Tracepoints need no PMU. */
	{
		struct lang_attach t = { .type = P_TRACEPOINT, .name = "tracepoint:a:b", .tp_id = 372 };

		assert_int_equal(lang_attach_perf_attr(&t, &attr, err, sizeof(err)), 0);
		assert_int_equal(attr.type, PERF_TYPE_TRACEPOINT);
		assert_int_equal(attr.config, 372);
		/* Counting only: the program passes records on to other users. */
		assert_int_equal(attr.sample_period, 0);
	}
}

/* ---- profile, interval, software ------------------------------------------------------------- */

static void test_timers_and_software(void **state)
{
	struct perf_event_attr attr;
	struct fixture *f;
	char err[256];

	(void)state;
	f = resolve1(mk_count(P_PROFILE, "profile:hz:99", "hz", 99));
	assert_string_equal(f->p.attaches[0].name, "profile:hz:99");
	assert_int_equal(f->p.attaches[0].perf_type, PERF_TYPE_SOFTWARE);
	assert_int_equal(f->p.attaches[0].perf_config, PERF_COUNT_SW_CPU_CLOCK);
	assert_int_equal(f->p.attaches[0].freq, 99);
	assert_int_equal(f->p.attaches[0].period, 0);
	assert_false(f->p.attaches[0].one_cpu);
	assert_int_equal(lang_attach_perf_attr(&f->p.attaches[0], &attr, err, sizeof(err)), 0);
	assert_int_equal(attr.freq, 1);
	assert_int_equal(attr.sample_freq, 99);
	done(f);
	f = resolve1(mk_count(P_PROFILE, "p:ms:10", "ms", 10));
	assert_string_equal(f->p.attaches[0].name, "profile:ms:10");
	assert_int_equal(f->p.attaches[0].period, 10000000);
	assert_int_equal(f->p.attaches[0].freq, 0);
	assert_int_equal(lang_attach_perf_attr(&f->p.attaches[0], &attr, err, sizeof(err)), 0);
	assert_int_equal(attr.freq, 0);
	assert_int_equal(attr.sample_period, 10000000);
	done(f);
	f = resolve1(mk_count(P_PROFILE, "profile:us:250", "us", 250));
	assert_int_equal(f->p.attaches[0].period, 250000);
	done(f);
	f = resolve1(mk_count(P_INTERVAL, "interval:s:1", "s", 1));
	assert_string_equal(f->p.attaches[0].name, "interval:s:1");
	assert_int_equal(f->p.attaches[0].period, 1000000000);
	assert_true(f->p.attaches[0].one_cpu);
	done(f);
	f = resolve1(mk_count(P_INTERVAL, "i:hz:4", "hz", 4));
	assert_string_equal(f->p.attaches[0].name, "interval:hz:4");
	assert_int_equal(f->p.attaches[0].period, 250000000);
	assert_int_equal(f->p.attaches[0].freq, 0);
	assert_true(f->p.attaches[0].one_cpu);
	done(f);

	f = resolve1(mk_count(P_SOFTWARE, "software:faults", "faults", 0));
	assert_string_equal(f->p.attaches[0].name, "software:faults");
	assert_int_equal(f->p.attaches[0].perf_config, PERF_COUNT_SW_PAGE_FAULTS);
	assert_int_equal(f->p.attaches[0].period, 100);
	done(f);
	f = resolve1(mk_count(P_SOFTWARE, "s:cs:5", "cs", 5));
	assert_string_equal(f->p.attaches[0].name, "software:cs:5");
	assert_int_equal(f->p.attaches[0].perf_config, PERF_COUNT_SW_CONTEXT_SWITCHES);
	assert_int_equal(f->p.attaches[0].period, 5);
	done(f);
	/* Every name and alias of the table, with bpftrace's default periods. */
	{
		static const struct { const char *name; u32 config; u64 period; } want[] = {
			{ "cpu-clock", PERF_COUNT_SW_CPU_CLOCK, 1000000 }, { "cpu", PERF_COUNT_SW_CPU_CLOCK, 1000000 },
			{ "task-clock", PERF_COUNT_SW_TASK_CLOCK, 1 },
			{ "page-faults", PERF_COUNT_SW_PAGE_FAULTS, 100 },
			{ "context-switches", PERF_COUNT_SW_CONTEXT_SWITCHES, 1000 },
			{ "cpu-migrations", PERF_COUNT_SW_CPU_MIGRATIONS, 1 },
			{ "migrations", PERF_COUNT_SW_CPU_MIGRATIONS, 1 },
			{ "minor-faults", PERF_COUNT_SW_PAGE_FAULTS_MIN, 100 },
			{ "major-faults", PERF_COUNT_SW_PAGE_FAULTS_MAJ, 1 },
			{ "alignment-faults", PERF_COUNT_SW_ALIGNMENT_FAULTS, 1 },
			{ "emulation-faults", PERF_COUNT_SW_EMULATION_FAULTS, 1 },
			{ "dummy", PERF_COUNT_SW_DUMMY, 1 }, { "bpf-output", PERF_COUNT_SW_BPF_OUTPUT, 1 },
		};
		for (size_t i = 0; i < ARRAY_SIZE(want); i++) {
			const struct lang_sw_event *e = lang_probes_sw_event(want[i].name);

			assert_non_null(e);
			assert_int_equal(e->config, want[i].config);
			assert_int_equal(e->default_period, want[i].period);
		}
		assert_null(lang_probes_sw_event("cycles"));
	}

	resolve_fails(mk_count(P_SOFTWARE, "software:page-fault", "page-fault", 0), &tfs,
		      "software:page-fault: no software event 'page-fault' (did you mean: page-faults?)");
	resolve_fails(mk_count(P_SOFTWARE, "software:zzzzzzzzzz", "zzzzzzzzzz", 0), &tfs,
		      "software:zzzzzzzzzz: no software event 'zzzzzzzzzz' (scry list 'software:*' lists them)");
	resolve_fails(mk_count(P_PROFILE, "profile:ks:5", "ks", 5), &tfs,
		      "profile:ks:5: unknown unit 'ks' (hz, s, ms or us)");
	resolve_fails(mk_count(P_PROFILE, "profile:hz:0", "hz", 0), &tfs,
		      "profile:hz:0: the rate must be a positive number");
	resolve_fails(mk_count(P_INTERVAL, "interval:ms:0", "ms", 0), &tfs,
		      "interval:ms:0: the period must be a positive number");
}

/* ---- listing -------------------------------------------------------------------------------- */

struct listed {
	char text[8192];
};

static int collect(const char *name, void *arg)
{
	struct listed *l = arg;
	size_t n = strlen(l->text);

	snprintf(l->text + n, sizeof(l->text) - n, "%s\n", name);
	return 0;
}

static int list(const char *pattern, const struct tracefs *t, struct listed *l, char *err, size_t errlen)
{
	struct lang_probes_env env = { .tracefs = t };
	char kallsyms[128];

	snprintf(kallsyms, sizeof(kallsyms), "%s/kallsyms", root);
	env.kallsyms = kallsyms;
	l->text[0] = '\0';
	return lang_probes_list(pattern, &env, collect, l, err, errlen);
}

static void test_listing(void **state)
{
	struct listed l;
	char err[512] = "", want[2048], real[PATH_MAX];

	(void)state;
	assert_true(lang_probes_is_pattern("tracepoint:sched:*"));
	assert_true(lang_probes_is_pattern("t:x"));
	assert_true(lang_probes_is_pattern("ur:libc:malloc"));
	assert_true(lang_probes_is_pattern("software:*"));
	assert_true(lang_probes_is_pattern("i:s:1"));
	assert_false(lang_probes_is_pattern("sched:*"));
	assert_false(lang_probes_is_pattern("probe:*"));
	assert_false(lang_probes_is_pattern("software"));
	assert_false(lang_probes_is_pattern("BEGIN:"));
	assert_false(lang_probes_is_pattern("tracepoint"));

	assert_int_equal(list("tracepoint:sched:*", &tfs, &l, err, sizeof(err)), 3);
	assert_string_equal(l.text, "tracepoint:sched:sched_process_exec\ntracepoint:sched:sched_switch\n"
				    "tracepoint:sched:sched_wakeup\n");
	/* '*' crosses the colon, as bpftrace's matching does; ftrace's events are not listed. */
	assert_int_equal(list("t:*sys*", &tfs, &l, err, sizeof(err)), 3);
	assert_string_equal(l.text, "tracepoint:raw_syscalls:sys_enter\ntracepoint:syscalls:sys_enter_openat\n"
				    "tracepoint:syscalls:sys_enter_read\n");
	assert_int_equal(list("tracepoint:*", &tfs, &l, err, sizeof(err)), 6);
	assert_int_equal(list("tracepoint:nope:*", &tfs, &l, err, sizeof(err)), 0);
	assert_int_equal(list("tracepoint:*", NULL, &l, err, sizeof(err)), -1);
	assert_string_equal(err, "tracefs is not available to list tracepoints");

	assert_int_equal(list("kprobe:vfs_*", &tfs, &l, err, sizeof(err)), 3);
	assert_string_equal(l.text, "kprobe:vfs_read\nkprobe:vfs_readv\nkprobe:vfs_write\n");
	assert_int_equal(list("kr:*foo*", &tfs, &l, err, sizeof(err)), 1);
	assert_string_equal(l.text, "kretprobe:foo_fn\n");
	assert_int_equal(list("kprobe:*", &tfs_nofuncs, &l, err, sizeof(err)), 5);

	assert_int_equal(list("software:*", &tfs, &l, err, sizeof(err)), 11);
	assert_string_equal(l.text, "software:alignment-faults:\nsoftware:bpf-output:\nsoftware:context-switches:\n"
				    "software:cpu-clock:\nsoftware:cpu-migrations:\nsoftware:dummy:\n"
				    "software:emulation-faults:\nsoftware:major-faults:\nsoftware:minor-faults:\n"
				    "software:page-faults:\nsoftware:task-clock:\n");
	assert_int_equal(list("s:cs", &tfs, &l, err, sizeof(err)), 1);
	assert_string_equal(l.text, "software:context-switches:\n");
	assert_int_equal(list("software:*faults*:*", &tfs, &l, err, sizeof(err)), 5);
	assert_int_equal(list("profile:*", &tfs, &l, err, sizeof(err)), 4);
	assert_string_equal(l.text, "profile:hz:\nprofile:ms:\nprofile:s:\nprofile:us:\n");
	assert_int_equal(list("interval:s*", &tfs, &l, err, sizeof(err)), 1);
	assert_string_equal(l.text, "interval:s:\n");

	assert_int_equal(list("sched:*", &tfs, &l, err, sizeof(err)), -1);
	assert_string_equal(err, "'sched:*' is not a probe pattern (TYPE:..., such as 'tracepoint:sched:*')");
	assert_int_equal(list("uprobe:nosuchlibzz:*", &tfs, &l, err, sizeof(err)), -1);
	assert_string_equal(err, "nosuchlibzz: no such file, no library libnosuchlibzz.so* in the dynamic linker's "
				 "directories and no program nosuchlibzz on $PATH");

	if (!have_fixture)
		skip();
	/* Every name, aliases included (a listing names functions, it attaches nothing). */
	assert_non_null(realpath(fx, real));
	{
		char pat[256];

		snprintf(pat, sizeof(pat), "uprobe:%s:*fx_*", fx);
		assert_int_equal(list(pat, &tfs, &l, err, sizeof(err)), 7);
		snprintf(want, sizeof(want),
			 "uprobe:%1$s:__fx_pub\nuprobe:%1$s:fx_alpha\nuprobe:%1$s:fx_alpha_alias\nuprobe:%1$s:fx_beta\n"
			 "uprobe:%1$s:fx_gamma\nuprobe:%1$s:fx_priv\nuprobe:%1$s:fx_weak\n", real);
		assert_string_equal(l.text, want);
		snprintf(pat, sizeof(pat), "ur:%s:fx_b*", fx);
		assert_int_equal(list(pat, &tfs, &l, err, sizeof(err)), 1);
		snprintf(want, sizeof(want), "uretprobe:%s:fx_beta\n", real);
		assert_string_equal(l.text, want);
	}
}

/* ---- attaching for real ------------------------------------------------------------------------ */

#define BPF_INSN(c, d, s, o, i) ((struct bpf_insn){ .code = (c), .dst_reg = (d), .src_reg = (s), .off = (o), .imm = (i) })

/* counts[bpf_get_attach_cookie()]++ (an array map of 8 u64). */
static int counting_prog(enum bpf_prog_type type, int map_fd)
{
	struct bpf_insn insns[] = {
		BPF_INSN(BPF_JMP | BPF_CALL, 0, 0, 0, BPF_FUNC_get_attach_cookie),
		BPF_INSN(BPF_STX | BPF_MEM | BPF_W, BPF_REG_10, BPF_REG_0, -4, 0),
		BPF_INSN(BPF_ALU64 | BPF_MOV | BPF_X, BPF_REG_2, BPF_REG_10, 0, 0),
		BPF_INSN(BPF_ALU64 | BPF_ADD | BPF_K, BPF_REG_2, 0, 0, -4),
		BPF_INSN(BPF_LD | BPF_DW | BPF_IMM, BPF_REG_1, BPF_PSEUDO_MAP_FD, 0, map_fd),
		BPF_INSN(0, 0, 0, 0, 0),
		BPF_INSN(BPF_JMP | BPF_CALL, 0, 0, 0, BPF_FUNC_map_lookup_elem),
		BPF_INSN(BPF_JMP | BPF_JEQ | BPF_K, BPF_REG_0, 0, 2, 0),
		BPF_INSN(BPF_ALU64 | BPF_MOV | BPF_K, BPF_REG_1, 0, 0, 1),
		BPF_INSN(BPF_STX | BPF_ATOMIC | BPF_DW, BPF_REG_0, BPF_REG_1, 0, BPF_ADD),
		BPF_INSN(BPF_ALU64 | BPF_MOV | BPF_K, BPF_REG_0, 0, 0, 0),
		BPF_INSN(BPF_JMP | BPF_EXIT, 0, 0, 0, 0),
	};

	return bpf_prog_load(type, "scry_ut", "GPL", insns, ARRAY_SIZE(insns), NULL);
}

static u64 count_of(int map_fd, u32 idx)
{
	u64 v = 0;

	assert_int_equal(bpf_map_lookup_elem(map_fd, &idx, &v), 0);
	return v;
}

static bool can_bpf(void)
{
	int fd;

	if (geteuid() != 0)
		return false;
	fd = bpf_map_create(BPF_MAP_TYPE_ARRAY, "scry_ut", 4, 8, 8, NULL);
	if (fd < 0)
		return false;
	close(fd);
	return true;
}

/* Two uprobes of one glob: each call counted once, under its own cookie,
 * system-wide and for this pid; nothing after closing. */
static void test_attach_uprobes(void **state)
{
	struct lang_bpf_prog prog = { .fd = -1 };
	struct lang_links links = { 0 };
	struct fixture *f;
	char err[512] = "";
	int map, r = 0;

	(void)state;
	if (!can_bpf())
		skip();
	map = bpf_map_create(BPF_MAP_TYPE_ARRAY, "scry_ut", 4, 8, 8, NULL);
	prog.fd = counting_prog(BPF_PROG_TYPE_KPROBE, map);
	assert_true(prog.fd >= 0);
	f = resolve1(mk(P_UPROBE, "uprobe:/proc/self/exe:lang_probes_fixture_*", "/proc/self/exe",
			"lang_probes_fixture_*"));
	f->p.progs = &prog;
	f->p.nprogs = 1;
	for (int i = 0; i < f->p.nattaches; i++)
		f->p.attaches[i].prog = 0;
	for (int round = 0; round < 2; round++) {
		struct lang_target t = { .pid = round ? getpid() : 0 };
		u64 before0 = count_of(map, 0), before1 = count_of(map, 1);

		if (lang_attach_all(&links, &f->p, &t, true, err, sizeof(err))) {
			print_error("%s\n", err);
			fail();
		}
		assert_int_equal(links.nr, 2);
		assert_false(links.no_cookies);
		assert_false(links.has_tracepoint);
		assert_int_equal(links.v[0].cpu, round ? -1 : links.v[0].cpu);
		for (int i = 0; i < 3; i++)
			r += lang_probes_fixture_fn(i);
		for (int i = 0; i < 5; i++)
			r += lang_probes_fixture_alias(i) + lang_probes_fixture_other(i);
		assert_int_equal(count_of(map, 0) - before0, 8);       /* the alias is the same function */
		assert_int_equal(count_of(map, 1) - before1, 5);
		lang_links_close(&links);
		assert_int_equal(links.nr, 0);
		r += lang_probes_fixture_fn(1) + lang_probes_fixture_other(1);
		assert_int_equal(count_of(map, 0) - before0, 8);
		assert_int_equal(count_of(map, 1) - before1, 5);
	}
	assert_true(r != 0);
	/* An unloaded program is an error naming the probe. */
	prog.fd = -1;
	{
		struct lang_target t = { 0 };
		char want[PATH_MAX + 128];

		assert_int_equal(lang_attach_all(&links, &f->p, &t, true, err, sizeof(err)), -1);
		/* uprobes are attached last to first (blocks then run in program order) */
		snprintf(want, sizeof(want), "%s: its BPF program is not loaded", f->p.attaches[f->p.nattaches - 1].name);
		assert_string_equal(err, want);
		assert_int_equal(links.nr, 0);
	}
	done(f);
	close(map);
}

static void spin_ms(long ms)
{
	struct timespec a, b;

	clock_gettime(CLOCK_MONOTONIC, &a);
	do
		clock_gettime(CLOCK_MONOTONIC, &b);
	while ((b.tv_sec - a.tv_sec) * 1000 + (b.tv_nsec - a.tv_nsec) / 1000000 < ms);
}

/* A tracepoint (one event), profile (one per CPU) and interval (one). */
static void test_attach_perf_events(void **state)
{
	struct lang_bpf_prog progs[2] = { { .fd = -1 }, { .fd = -1 } };
	struct lang_links links = { 0 };
	struct cpumap online = { 0 };
	struct lang_target t = { 0 };
	struct lang_probe probes[3];
	struct tracefs real;
	struct fixture *f;
	char err[512] = "";
	int map;

	(void)state;
	if (!can_bpf() || tracefs_open(&real, err, sizeof(err)) ||
	    tracefs_event_id(&real, "syscalls", "sys_enter_getppid") < 0)
		skip();
	assert_int_equal(cpumap_online(&online), 0);
	map = bpf_map_create(BPF_MAP_TYPE_ARRAY, "scry_ut", 4, 8, 8, NULL);
	progs[0].fd = counting_prog(BPF_PROG_TYPE_TRACEPOINT, map);
	progs[1].fd = counting_prog(BPF_PROG_TYPE_PERF_EVENT, map);
	assert_true(progs[0].fd >= 0 && progs[1].fd >= 0);
	probes[0] = mk(P_TRACEPOINT, "tracepoint:syscalls:sys_enter_getppid", "syscalls", "sys_enter_getppid");
	probes[1] = mk_count(P_PROFILE, "profile:hz:1000", "hz", 1000);
	probes[2] = mk_count(P_INTERVAL, "interval:ms:10", "ms", 10);
	f = prog_of(3, probes);
	assert_int_equal(resolve_with(f, &real), 0);
	assert_int_equal(f->p.nattaches, 3);
	f->p.attaches[0].prog = 0;
	f->p.attaches[1].prog = 1;
	f->p.attaches[2].prog = 1;
	f->p.progs = progs;
	f->p.nprogs = 2;
	if (lang_attach_all(&links, &f->p, &t, true, err, sizeof(err))) {
		print_error("%s\n", err);
		fail();
	}
	assert_int_equal(links.nr, 1 + online.nr + 1);
	assert_true(links.has_tracepoint);
	for (int i = 0; i < 7; i++)
		syscall(SYS_getppid);
	spin_ms(200);
	assert_true(count_of(map, 0) >= 7);            /* system-wide: others may call it too */
	assert_true(count_of(map, 1) > 0);
	assert_true(count_of(map, 2) >= 5 && count_of(map, 2) <= 40);     /* ~20 in 200 ms, on one CPU */
	lang_links_close(&links);
	cpumap_free(&online);
	done(f);
	close(progs[0].fd);
	close(progs[1].fd);
	close(map);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_begin_end_and_order),
		cmocka_unit_test(test_tracepoint_glob_and_fields),
		cmocka_unit_test(test_tracepoint_syscall_fields),
		cmocka_unit_test(test_tracepoint_errors),
		cmocka_unit_test(test_uprobe_fixture),
		cmocka_unit_test(test_uprobe_errors),
		cmocka_unit_test(test_uprobe_self),
		cmocka_unit_test(test_uprobe_libc),
		cmocka_unit_test(test_uprobe_vs_scry_probe),
		cmocka_unit_test(test_kprobe_definitions),
		cmocka_unit_test(test_pmu_attrs),
		cmocka_unit_test(test_timers_and_software),
		cmocka_unit_test(test_listing),
		cmocka_unit_test(test_attach_uprobes),
		cmocka_unit_test(test_attach_perf_events),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
