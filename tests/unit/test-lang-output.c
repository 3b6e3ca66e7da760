/* Unit tests for util/lang/output, program and syms: the aggregation
 * language's map and event layouts, and its text output.
 *
 * The expected texts are bpftrace 0.17's own output for the same data:
 * each comes from the bpftrace command in the comment above it, run as
 * root on this machine with stdout captured ("Attaching 1 probe...\n"
 * dropped: scry prints that line itself). Where scry deliberately differs
 * (a bpftrace bug, or something bpftrace cannot do), the comment shows
 * what bpftrace printed and says why.
 *
 * Kernel frames are named from a made-up kallsyms file holding the
 * symbols bpftrace printed; user addresses of a pid that does not exist
 * stay bare, as bpftrace printed them for its exited process. The last
 * test names a function of this binary, in a child process that has
 * exited, through the real sideband (root only). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <errno.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "util/lang/output.h"
#include "util/lang/program.h"
#include "util/lang/syms.h"

/* ---- building maps and entries -------------------------------------------------- */

static struct lang_type t_int(bool sgn)
{
	return (struct lang_type){ .kind = LT_INT, .size = 8, .is_signed = sgn };
}

static struct lang_type t_kind(enum lang_type_kind k, bool sgn)
{
	return (struct lang_type){ .kind = k, .size = 8, .is_signed = sgn };
}

static struct lang_type t_str(u32 size)
{
	return (struct lang_type){ .kind = LT_STR, .size = size };
}

static struct lang_type t_lhist(s64 min, s64 max, s64 step)
{
	return (struct lang_type){ .kind = LT_LHIST, .lhist_min = min, .lhist_max = max, .lhist_step = step };
}

static struct lang_type t_stack(enum lang_type_kind k, u32 frames)
{
	return (struct lang_type){ .kind = k, .stack_frames = frames };
}

/* A map named name holding v, with nkeys key types after it. */
static void map_init(struct lang_map *m, const char *name, struct lang_type v, int nkeys, ...)
{
	va_list ap;

	memset(m, 0, sizeof(*m));
	m->name = (char *)name;
	m->value = v;
	m->nkeys = nkeys;
	va_start(ap, nkeys);
	for (int i = 0; i < nkeys; i++)
		m->keys[i] = va_arg(ap, struct lang_type);
	va_end(ap);
	lang_map_layout(m);
}

#define MAX_ENTRIES 16

struct entries {
	struct lang_kv kv[MAX_ENTRIES];
	u8 keys[MAX_ENTRIES][128];
	u8 vals[MAX_ENTRIES][8 * (LANG_LHIST_MAX_BUCKETS + 2)];
	size_t n;
};

static struct entries *entries_new(void)
{
	struct entries *e = calloc(1, sizeof(*e));

	assert_non_null(e);
	return e;
}

static void put64(u8 *p, size_t i, u64 v)
{
	memcpy(p + i * 8, &v, 8);
}

static u64 get64(const u8 *p, size_t i)
{
	u64 v;

	memcpy(&v, p + i * 8, 8);
	return v;
}

/* A new entry with its key built from the varargs, one per key of m:
 * LT_INT/LT_PROBE/LT_KSTACK/LT_KSYM a u64, LT_STR a string, LT_USTACK
 * three u64 (id, pid, caller), LT_USYM two (address, pid). Returns the
 * value bytes to fill. */
static u8 *add_entry(struct entries *e, const struct lang_map *m, ...)
{
	size_t i = e->n++;
	u8 *k = e->keys[i];
	va_list ap;

	assert_true(i < MAX_ENTRIES);
	va_start(ap, m);
	for (int j = 0; j < m->nkeys; j++) {
		u8 *p = k + m->key_off[j];

		switch (m->keys[j].kind) {
		case LT_STR:
			strncpy((char *)p, va_arg(ap, const char *), m->keys[j].size);
			break;
		case LT_USTACK:
			put64(p, 0, va_arg(ap, u64));
			put64(p, 1, va_arg(ap, u64));
			put64(p, 2, va_arg(ap, u64));
			break;
		case LT_USYM:
			put64(p, 0, va_arg(ap, u64));
			put64(p, 1, va_arg(ap, u64));
			break;
		default:
			put64(p, 0, va_arg(ap, u64));
			break;
		}
	}
	va_end(ap);
	e->kv[i].key = k;
	e->kv[i].value = e->vals[i];
	return e->vals[i];
}

/* The one array entry of a keyless aggregation. */
static u8 *keyless(struct entries *e, const struct lang_map *m)
{
	return add_entry(e, m);
}

static void hist_add(u8 *v, s64 x)
{
	u32 b = lang_hist_bucket((u64)x, true);

	put64(v, b, get64(v, b) + 1);
}

static void lhist_add(u8 *v, const struct lang_map *m, s64 x)
{
	u32 b = lang_lhist_bucket(&m->value, (u64)x, true);

	put64(v, b, get64(v, b) + 1);
}

/* avg/stats: count, total */
static void stat_add(u8 *v, s64 x)
{
	put64(v, 0, get64(v, 0) + 1);
	put64(v, 1, get64(v, 1) + (u64)x);
}

/* ---- a program, a fake kernel, stack maps ---------------------------------------------- */

struct stack {
	s64 id;
	bool user;
	u64 ips[8];
};

struct world {
	struct lang_program prog;
	struct lang_attach attaches[2];
	struct lang_fmt fmts[24];
	struct outbuf ob;
	struct lang_syms *syms;
	struct lang_output *out;
	const struct stack *stacks;
	size_t nstacks;
	char kallsyms[64];
};

static int stack_ips(void *ctx, bool user, s64 id, u64 *ips, int max)
{
	struct world *w = ctx;

	for (size_t i = 0; i < w->nstacks; i++) {
		const struct stack *s = &w->stacks[i];
		int n = 0;

		if (s->id != id || s->user != user)
			continue;
		while (n < 8 && n < max && s->ips[n]) {
			ips[n] = s->ips[n];
			n++;
		}
		return n;
	}
	return -ENOENT;
}

/* The symbols bpftrace named in its runs, at made-up addresses. */
#define K_TEXT          0xffffffff81000000ull
#define K_PERF_SC_ENTER 0xffffffff81100000ull
#define K_SC_TRACE      0xffffffff81200000ull
#define K_DO_SYSCALL    0xffffffff81300000ull
#define K_ENTRY         0xffffffff81400000ull
#define K_OTHER         0xffffffff81500000ull
#define K_MODFUNC       0xffffffffc0001000ull

static const char fake_kallsyms[] =
	"ffffffff81000000 T _text\n"
	"ffffffff81000010 T __entry_text_start\n"
	"ffffffff81100000 T perf_syscall_enter\n"
	"ffffffff81200000 T syscall_trace_enter\n"
	"ffffffff81300000 T do_syscall_64\n"
	"ffffffff81400000 T entry_SYSCALL_64_after_hwframe\n"
	"ffffffff81500000 T other_path\n"
	"ffffffff81600000 T _etext\n"
	"ffffffffc0001000 t mod_func\t[mymod]\n"
	"ffffffffc0002000 t mod_end\t[mymod]\n";

static int world_setup(void **state)
{
	struct world *w = calloc(1, sizeof(*w));
	char err[256];
	int fd;

	assert_non_null(w);
	w->attaches[0].name = (char *)"tracepoint:syscalls:sys_enter_getppid";
	w->attaches[1].name = (char *)"uprobe:/usr/lib/x86_64-linux-gnu/libc.so.6:malloc";
	w->attaches[1].func = (char *)"malloc";
	w->prog.attaches = w->attaches;
	w->prog.nattaches = 2;
	w->prog.fmts = w->fmts;
	outbuf_init_mem(&w->ob);
	snprintf(w->kallsyms, sizeof(w->kallsyms), "/tmp/test-lang-kallsyms.XXXXXX");
	fd = mkstemp(w->kallsyms);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, fake_kallsyms, sizeof(fake_kallsyms) - 1), (ssize_t)sizeof(fake_kallsyms) - 1);
	close(fd);
	w->syms = lang_syms_new(false, err, sizeof(err));
	assert_non_null(w->syms);
	assert_int_equal(lang_syms_set_kallsyms(w->syms, w->kallsyms), 0);
	*state = w;
	return 0;
}

static int world_teardown(void **state)
{
	struct world *w = *state;

	lang_output_free(w->out);
	lang_syms_free(w->syms);
	outbuf_release(&w->ob);
	unlink(w->kallsyms);
	free(w);
	return 0;
}

/* The output, made once the program's formats are in place. */
static struct lang_output *out_of(struct world *w)
{
	if (!w->out) {
		w->out = lang_output_new(&w->ob, &w->prog, w->syms, stack_ips, w);
		assert_non_null(w->out);
	}
	return w->out;
}

static void print_map(struct world *w, const struct lang_map *m, const struct entries *e, u64 top, u64 div)
{
	assert_int_equal(lang_output_map(out_of(w), m, e->kv, e->n, top, div), 0);
}

/* Compare everything printed so far, then start again. */
static void expect(struct world *w, const char *expected)
{
	const char *got = outbuf_cstr(&w->ob);

	if (strcmp(got, expected)) {
		fprintf(stderr, "--- expected\n%s--- got\n%s---\n", expected, got);
		fail();
	}
	outbuf_reset(&w->ob);
}

/* ---- layouts ------------------------------------------------------------------------------ */

static void test_layouts(void **state)
{
	struct lang_map m;
	struct lang_fmt f;

	map_init(&m, "@m", t_kind(LT_COUNT, false), 4, t_int(true), t_str(13), t_stack(LT_USTACK, 0),
		 t_kind(LT_USYM, false));
	assert_int_equal(m.key_off[0], 0);
	assert_int_equal(m.key_off[1], 8);
	assert_int_equal(m.key_off[2], 24);     /* 13 bytes rounded up to 16 */
	assert_int_equal(m.key_off[3], 48);     /* ustack: id, pid, caller */
	assert_int_equal(m.key_size, 64);
	assert_int_equal(m.value_size, 8);
	assert_int_equal(m.storage, LMS_PERCPU_HASH);
	assert_true(m.is_aggregation);

	map_init(&m, "@", t_kind(LT_HIST, false), 0);
	assert_int_equal(m.key_size, 4);
	assert_int_equal(m.value_size, LANG_HIST_BUCKETS * 8);
	assert_int_equal(m.storage, LMS_PERCPU_ARRAY);

	map_init(&m, "@l", t_lhist(0, 10000, 1000), 1, t_kind(LT_KSTACK, false));
	assert_int_equal(m.value_size, (10 + 2) * 8);
	map_init(&m, "@l", t_lhist(0, 10, 3), 0);
	assert_int_equal(m.value_size, (3 + 2) * 8);
	map_init(&m, "@s", t_kind(LT_SUM, true), 0);
	assert_int_equal(m.value_size, 16);
	map_init(&m, "@x", t_str(64), 1, t_kind(LT_PROBE, false));
	assert_int_equal(m.value_size, 64);
	assert_int_equal(m.storage, LMS_HASH);
	assert_false(m.is_aggregation);
	map_init(&m, "@k", t_stack(LT_KSTACK, 3), 0);
	assert_int_equal(m.value_size, 8);
	assert_int_equal(m.key_size, 4);

	memset(&f, 0, sizeof(f));
	f.nargs = 3;
	f.args[0] = t_kind(LT_INT, true);
	f.args[0].size = 4;
	f.args[1] = t_str(16);
	f.args[2] = t_stack(LT_USTACK, 0);
	lang_fmt_layout(&f);
	assert_int_equal(f.arg_off[0], 0);
	assert_int_equal(f.arg_off[1], 8);
	assert_int_equal(f.arg_off[2], 24);
	assert_int_equal(f.size, 48);
	f.nargs = 0;
	lang_fmt_layout(&f);
	assert_int_equal(f.size, 0);
}

/* lang_program_release frees what the program owns (ASan checks it). */
static void test_program_free(void **state)
{
	struct lang_program *p = calloc(1, sizeof(*p));

	assert_non_null(p);
	p->nattaches = 1;
	p->attaches = calloc(1, sizeof(*p->attaches));
	p->attaches[0].name = strdup("tracepoint:sched:sched_switch");
	p->attaches[0].tp_sys = strdup("sched");
	p->attaches[0].tp_name = strdup("sched_switch");
	p->attaches[0].nfields = 1;
	p->attaches[0].fields = calloc(1, sizeof(*p->attaches[0].fields));
	p->attaches[0].fields[0].name = strdup("prev_pid");
	p->attaches[0].fields[0].ctype = strdup("pid_t");
	p->nmaps = 1;
	p->maps = calloc(1, sizeof(*p->maps));
	p->maps[0].name = strdup("@x");
	p->nfmts = 1;
	p->fmts = calloc(1, sizeof(*p->fmts));
	p->fmts[0].fmt = strdup("%d\n");
	p->nprogs = 1;
	p->progs = calloc(1, sizeof(*p->progs));
	p->progs[0].insns = malloc(16);
	p->progs[0].relocs = calloc(1, sizeof(*p->progs[0].relocs));
	p->progs[0].insn_loc = calloc(2, sizeof(*p->progs[0].insn_loc));
	lang_program_release(p);
	lang_program_release(NULL);
	free(p);
}

/* ---- hist -------------------------------------------------------------------------------------- */

static void test_hist_buckets(void **state)
{
	struct lang_type l = t_lhist(0, 10000, 1000), odd = t_lhist(0, 10, 3);

	assert_int_equal(lang_hist_bucket((u64)-1, true), 0);
	assert_int_equal(lang_hist_bucket((u64)INT64_MIN, true), 0);
	assert_int_equal(lang_hist_bucket(0, true), 1);
	assert_int_equal(lang_hist_bucket(1, true), 2);
	assert_int_equal(lang_hist_bucket(2, true), 3);
	assert_int_equal(lang_hist_bucket(3, true), 3);
	assert_int_equal(lang_hist_bucket(4, true), 4);
	assert_int_equal(lang_hist_bucket(1023, true), 11);
	assert_int_equal(lang_hist_bucket(1024, true), 12);
	assert_int_equal(lang_hist_bucket(1ull << 62, true), 64);
	assert_int_equal(lang_hist_bucket(INT64_MAX, true), 64);
	/* unsigned: the top bucket [2^63, 2^64) */
	assert_int_equal(lang_hist_bucket(1ull << 63, false), 65);
	assert_int_equal(lang_hist_bucket(UINT64_MAX, false), 65);
	assert_true(lang_hist_bucket(UINT64_MAX, false) < LANG_HIST_BUCKETS);

	assert_int_equal(lang_lhist_bucket(&l, (u64)-5, true), 0);
	assert_int_equal(lang_lhist_bucket(&l, 0, true), 1);
	assert_int_equal(lang_lhist_bucket(&l, 999, true), 1);
	assert_int_equal(lang_lhist_bucket(&l, 3000, true), 4);
	assert_int_equal(lang_lhist_bucket(&l, 9999, true), 10);
	assert_int_equal(lang_lhist_bucket(&l, 10000, true), 11);
	assert_int_equal(lang_lhist_bucket(&l, 20000, true), 11);
	assert_int_equal(lang_lhist_bucket(&l, UINT64_MAX, false), 11);
	assert_int_equal(lang_lhist_bucket(&l, (u64)-5, false), 11);   /* huge when unsigned */
	/* (max - min) not a multiple of step: from min + n * step on, the top
	 * bucket (bpftrace's "if (value > max) ... 1 + (value - min) / step") */
	assert_int_equal(lang_lhist_buckets(&odd), 3);
	assert_int_equal(lang_lhist_bucket(&odd, 8, true), 3);
	assert_int_equal(lang_lhist_bucket(&odd, 9, true), 4);
	assert_int_equal(lang_lhist_bucket(&odd, 10, true), 4);
	assert_int_equal(lang_lhist_bucket(&odd, 11, true), 4);
}

/* bpftrace -e 'BEGIN { @h = hist(-1); @h = hist(0); @h = hist(0); @h = hist(1);
 *   @h=hist(2); @h=hist(3); @h=hist(4); @h=hist(1024); @h=hist(1500);
 *   @h=hist(1048576); exit(); }' */
static const char hist_expected[] =
	"\n"
	"\n"
	"@h: \n"
	"(..., 0)               1 |@@@@@@@@@@@@@@@@@@@@@@@@@@                          |\n"
	"[0]                    2 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
	"[1]                    1 |@@@@@@@@@@@@@@@@@@@@@@@@@@                          |\n"
	"[2, 4)                 2 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
	"[4, 8)                 1 |@@@@@@@@@@@@@@@@@@@@@@@@@@                          |\n"
	"[8, 16)                0 |                                                    |\n"
	"[16, 32)               0 |                                                    |\n"
	"[32, 64)               0 |                                                    |\n"
	"[64, 128)              0 |                                                    |\n"
	"[128, 256)             0 |                                                    |\n"
	"[256, 512)             0 |                                                    |\n"
	"[512, 1K)              0 |                                                    |\n"
	"[1K, 2K)               2 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
	"[2K, 4K)               0 |                                                    |\n"
	"[4K, 8K)               0 |                                                    |\n"
	"[8K, 16K)              0 |                                                    |\n"
	"[16K, 32K)             0 |                                                    |\n"
	"[32K, 64K)             0 |                                                    |\n"
	"[64K, 128K)            0 |                                                    |\n"
	"[128K, 256K)           0 |                                                    |\n"
	"[256K, 512K)           0 |                                                    |\n"
	"[512K, 1M)             0 |                                                    |\n"
	"[1M, 2M)               1 |@@@@@@@@@@@@@@@@@@@@@@@@@@                          |\n"
	"\n";

static void test_hist_print(void **state)
{
	struct world *w = *state;
	struct entries *e = entries_new();
	struct lang_map m;
	static const s64 xs[] = { -1, 0, 0, 1, 2, 3, 4, 1024, 1500, 1048576 };
	u8 *v;

	map_init(&m, "@h", t_kind(LT_HIST, true), 0);
	v = keyless(e, &m);
	for (size_t i = 0; i < ARRAY_SIZE(xs); i++)
		hist_add(v, xs[i]);
	lang_output_exit_preamble(out_of(w));
	print_map(w, &m, e, 0, 0);
	free(e);
	expect(w, hist_expected);
}

/* bpftrace -e 'BEGIN { @h = hist(1<<30); @h = hist(1<<31); @h = hist(1<<31);
 *   @g = hist(1<<20); @g = hist(1<<10); exit(); }'
 * (the G labels; trailing empty buckets trimmed, the ones between kept) */
static const char hist_g_expected[] =
	"@g: \n"
	"[1K, 2K)               1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
	"[2K, 4K)               0 |                                                    |\n"
	"[4K, 8K)               0 |                                                    |\n"
	"[8K, 16K)              0 |                                                    |\n"
	"[16K, 32K)             0 |                                                    |\n"
	"[32K, 64K)             0 |                                                    |\n"
	"[64K, 128K)            0 |                                                    |\n"
	"[128K, 256K)           0 |                                                    |\n"
	"[256K, 512K)           0 |                                                    |\n"
	"[512K, 1M)             0 |                                                    |\n"
	"[1M, 2M)               1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
	"\n"
	"@h: \n"
	"[1G, 2G)               1 |@@@@@@@@@@@@@@@@@@@@@@@@@@                          |\n"
	"[2G, 4G)               2 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
	"\n";

/* Beyond 2^32 bpftrace 0.17 cannot go: its log2 stops at bucket 33, so
 * `@h = hist(1<<40); @h = hist(0x7fffffffffffffff)` prints one row
 * "[2G, 4G)  2". scry's buckets go on to 2^64; their labels follow
 * bpftrace's rule (2^(power-40) and 'T' from 2^40 up). Large counts widen
 * the count column as std::setw(8) does. */
static const char hist_top_expected[] =
	"@t: \n"
	"[1T, 2T)        123456789 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
	"\n"
	"@u: \n"
	"[4194304T, 8388608T)       1 |@@@@@@@@@@@@@@@@@@@@@@@@@@                          |\n"
	"[8388608T, 16777216T)       2 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
	"\n";

static void test_hist_labels_and_top_bucket(void **state)
{
	struct world *w = *state;
	struct entries *e = entries_new();
	struct lang_map g, h, t, u;
	u8 *v;

	map_init(&g, "@g", t_kind(LT_HIST, true), 0);
	map_init(&h, "@h", t_kind(LT_HIST, true), 0);
	v = keyless(e, &g);
	hist_add(v, 1 << 20);
	hist_add(v, 1 << 10);
	print_map(w, &g, e, 0, 0);
	e->n = 0;
	memset(e->vals, 0, sizeof(e->vals));
	v = keyless(e, &h);
	hist_add(v, 1 << 30);
	hist_add(v, 1ll << 31);
	hist_add(v, 1ll << 31);
	print_map(w, &h, e, 0, 0);
	expect(w, hist_g_expected);

	e->n = 0;
	memset(e->vals, 0, sizeof(e->vals));
	map_init(&t, "@t", t_kind(LT_HIST, false), 0);
	v = keyless(e, &t);
	put64(v, lang_hist_bucket(1ull << 40, false), 123456789);
	print_map(w, &t, e, 0, 0);
	e->n = 0;
	memset(e->vals, 0, sizeof(e->vals));
	map_init(&u, "@u", t_kind(LT_HIST, false), 0);
	v = keyless(e, &u);
	put64(v, lang_hist_bucket(INT64_MAX, false), 1);
	put64(v, lang_hist_bucket(1ull << 63, false), 1);
	put64(v, lang_hist_bucket(UINT64_MAX, false), 1 + get64(v, 65));
	print_map(w, &u, e, 0, 0);
	free(e);
	expect(w, hist_top_expected);
}

/* bpftrace -e 'BEGIN { @l = lhist(-5, 0, 10000, 1000); @l = lhist(3000, 0, 10000, 1000);
 *   @l = lhist(20000, 0, 10000, 1000); @l = lhist(10000, 0, 10000, 1000);
 *   @m = lhist(2048, 0, 4096, 1024); @m=lhist(1048576*3, 0, 4096, 1024);
 *   @o = lhist(1048576, 0, 2097152, 1048576); @p = lhist(10, 0, 100, 10);
 *   @p = lhist(30, 0, 100, 10); @q = lhist(7, 5, 20, 5); exit(); }' */
static const char lhist_expected[] =
	"\n"
	"\n"
	"@l: \n"
	"(..., 0)               1 |@@@@@@@@@@@@@@@@@@@@@@@@@@                          |\n"
	"[0, 1000)              0 |                                                    |\n"
	"[1000, 2000)           0 |                                                    |\n"
	"[2000, 3000)           0 |                                                    |\n"
	"[3000, 4000)           1 |@@@@@@@@@@@@@@@@@@@@@@@@@@                          |\n"
	"[4000, 5000)           0 |                                                    |\n"
	"[5000, 6000)           0 |                                                    |\n"
	"[6000, 7000)           0 |                                                    |\n"
	"[7000, 8000)           0 |                                                    |\n"
	"[8000, 9000)           0 |                                                    |\n"
	"[9000, 10000)          0 |                                                    |\n"
	"[10000, ...)           2 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
	"\n"
	"@m: \n"
	"[2K, 3K)               1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
	"[3K, 4K)               0 |                                                    |\n"
	"[4K, ...)              1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
	"\n"
	"@o: \n"
	"[1M, 2M)               1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
	"\n"
	"@p: \n"
	"[10, 20)               1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
	"[20, 30)               0 |                                                    |\n"
	"[30, 40)               1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
	"\n"
	"@q: \n"
	"[5, 10)                1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
	"\n";

static void test_lhist_print(void **state)
{
	struct world *w = *state;
	struct lang_map l, m, o, p, q;
	struct {
		struct lang_map *m;
		s64 xs[4];
		int n;
	} runs[] = {
		{ &l, { -5, 3000, 20000, 10000 }, 4 },
		{ &m, { 2048, 1048576 * 3 }, 2 },
		{ &o, { 1048576 }, 1 },
		{ &p, { 10, 30 }, 2 },
		{ &q, { 7 }, 1 },
	};

	map_init(&l, "@l", t_lhist(0, 10000, 1000), 0);
	map_init(&m, "@m", t_lhist(0, 4096, 1024), 0);
	map_init(&o, "@o", t_lhist(0, 2097152, 1048576), 0);
	map_init(&p, "@p", t_lhist(0, 100, 10), 0);
	map_init(&q, "@q", t_lhist(5, 20, 5), 0);
	lang_output_exit_preamble(out_of(w));
	for (size_t i = 0; i < ARRAY_SIZE(runs); i++) {
		struct entries *e = entries_new();
		u8 *v = keyless(e, runs[i].m);

		for (int j = 0; j < runs[i].n; j++)
			lhist_add(v, runs[i].m, runs[i].xs[j]);
		print_map(w, runs[i].m, e, 0, 0);
		free(e);
	}
	expect(w, lhist_expected);
}

/* ---- values, empty maps, keys --------------------------------------------------------------- */

/* bpftrace -e 'BEGIN { if (pid == 0) { @c = count(); @s = sum(5); @h = hist(3);
 *   @a = avg(3); @st = stats(3); @mi = min(3); @ma=max(3); @l = lhist(3,0,10,1);
 *   @x = 5; @k[1] = count(); @str = "x"; } exit(); }'
 * Nothing was ever stored: every map prints as empty ("\n", avg and stats
 * "\n\n"), except the keyless count, a per-CPU array in bpftrace too. */
static const char empty_expected[] =
	"\n\n"
	"\n\n"          /* @a */
	"@c: 0\n"       /* @c */
	"\n"            /* @h */
	"\n"            /* @k */
	"\n"            /* @l */
	"\n"            /* @ma */
	"\n"            /* @mi */
	"\n"            /* @s */
	"\n\n"          /* @st */
	"\n"            /* @str */
	"\n";           /* @x */

static void test_empty_maps(void **state)
{
	struct world *w = *state;
	struct lang_map maps[11];
	int i = 0;

	map_init(&maps[i++], "@a", t_kind(LT_AVG, true), 0);
	map_init(&maps[i++], "@c", t_kind(LT_COUNT, false), 0);
	map_init(&maps[i++], "@h", t_kind(LT_HIST, true), 0);
	map_init(&maps[i++], "@k", t_kind(LT_COUNT, false), 1, t_int(true));
	map_init(&maps[i++], "@l", t_lhist(0, 10, 1), 0);
	map_init(&maps[i++], "@ma", t_kind(LT_MAX, true), 0);
	map_init(&maps[i++], "@mi", t_kind(LT_MIN, true), 0);
	map_init(&maps[i++], "@s", t_kind(LT_SUM, true), 0);
	map_init(&maps[i++], "@st", t_kind(LT_STATS, true), 0);
	map_init(&maps[i++], "@str", t_str(64), 0);
	map_init(&maps[i++], "@x", t_int(true), 0);
	lang_output_exit_preamble(out_of(w));
	for (i = 0; i < 11; i++) {
		struct entries *e = entries_new();

		/* keyless aggregations always have their (zeroed) array entry */
		if (maps[i].storage == LMS_PERCPU_ARRAY)
			keyless(e, &maps[i]);
		print_map(w, &maps[i], e, 0, 0);
		free(e);
	}
	expect(w, empty_expected);
}

/* bpftrace -e 'BEGIN { @s = stats(10); @s = stats(-3); @a = avg(10); @a = avg(-3);
 *   @a2["x"] = avg(7); @a2["y"] = avg(2); @mi = min(-5); @mi = min(3);
 *   @ma = max(-5); @ma = max(-7); @su = sum(-5); @su = sum(2);
 *   @st["a"] = stats(4); @st["b"] = stats(1); @st["c"]=stats(9); exit(); }'
 * except @ma: bpftrace 0.17 never stores a max below 0 (its max starts at
 * 0) and prints the map as empty, a blank line; scry prints -5. */
static const char values_expected[] =
	"\n\n"
	"@a: 3\n"
	"\n"
	"@a2[y]: 2\n"
	"@a2[x]: 7\n"
	"\n"
	"@ma: -5\n"
	"@mi: -5\n"
	"@s: count 2, average 3, total 7\n"
	"\n"
	"@st[b]: count 1, average 1, total 1\n"
	"@st[a]: count 1, average 4, total 4\n"
	"@st[c]: count 1, average 9, total 9\n"
	"\n"
	"@su: -3\n";

static void test_values(void **state)
{
	struct world *w = *state;
	struct lang_map a, a2, ma, mi, s, st, su;
	struct lang_map *order[] = { &a, &a2, &ma, &mi, &s, &st, &su };
	struct entries *e[7];
	u8 *v;

	for (int i = 0; i < 7; i++)
		e[i] = entries_new();
	map_init(&a, "@a", t_kind(LT_AVG, true), 0);
	map_init(&a2, "@a2", t_kind(LT_AVG, true), 1, t_str(64));
	map_init(&ma, "@ma", t_kind(LT_MAX, true), 0);
	map_init(&mi, "@mi", t_kind(LT_MIN, true), 0);
	map_init(&s, "@s", t_kind(LT_STATS, true), 0);
	map_init(&st, "@st", t_kind(LT_STATS, true), 1, t_str(64));
	map_init(&su, "@su", t_kind(LT_SUM, true), 0);

	v = keyless(e[0], &a);
	stat_add(v, 10);
	stat_add(v, -3);
	stat_add(add_entry(e[1], &a2, "x"), 7);
	stat_add(add_entry(e[1], &a2, "y"), 2);
	v = keyless(e[2], &ma);
	put64(v, 0, (u64)-5);
	put64(v, 1, 1);
	v = keyless(e[3], &mi);
	put64(v, 0, (u64)-5);
	put64(v, 1, 1);
	v = keyless(e[4], &s);
	stat_add(v, 10);
	stat_add(v, -3);
	stat_add(add_entry(e[5], &st, "a"), 4);
	stat_add(add_entry(e[5], &st, "b"), 1);
	stat_add(add_entry(e[5], &st, "c"), 9);
	v = keyless(e[6], &su);
	put64(v, 0, (u64)-3);
	put64(v, 1, 2);

	lang_output_exit_preamble(out_of(w));
	for (int i = 0; i < 7; i++) {
		print_map(w, order[i], e[i], 0, 0);
		free(e[i]);
	}
	expect(w, values_expected);
}

/* bpftrace -e 'BEGIN { @[1, "a"] = count(); @[-2, "bb"] = count(); @[-2, "bb"] = count();
 *   @u[0xffffffffffffffff] = 1; @u[(uint32)0xffffffff] = 2; @v[(int8)-1] = 3;
 *   @st["b"] = "zz"; @st["a"] = "yy"; @s2 = "hello"; @i[3] = 5; @i[1] = 5; @i[2] = 5;
 *   exit(); }'
 * except @i: bpftrace printed the tied entries in hash order (2, 3, 1);
 * scry breaks ties by key. bpftrace prints every integer key as signed:
 * @u's key is a signed 64-bit one here, as its literal becomes. */
static const char keys_expected[] =
	"\n\n"
	"@[1, a]: 1\n"
	"@[-2, bb]: 2\n"
	"@i[1]: 5\n"
	"@i[2]: 5\n"
	"@i[3]: 5\n"
	"@s2: hello\n"
	"@st[a]: yy\n"
	"@st[b]: zz\n"
	"@u[-1]: 1\n"
	"@u[4294967295]: 2\n"
	"@v[-1]: 3\n";

static void test_keys(void **state)
{
	struct world *w = *state;
	struct lang_map at, i, s2, st, u, vv;
	struct entries *e;
	struct lang_type i8 = t_int(true);
	u8 *v;

	i8.size = 1;
	map_init(&at, "@", t_kind(LT_COUNT, false), 2, t_int(true), t_str(64));
	map_init(&i, "@i", t_int(true), 1, t_int(true));
	map_init(&s2, "@s2", t_str(64), 0);
	map_init(&st, "@st", t_str(64), 1, t_str(64));
	map_init(&u, "@u", t_int(true), 1, t_int(true));
	map_init(&vv, "@v", t_int(true), 1, i8);
	lang_output_exit_preamble(out_of(w));

	e = entries_new();
	put64(add_entry(e, &at, (u64)1, "a"), 0, 1);
	put64(add_entry(e, &at, (u64)-2, "bb"), 0, 2);
	print_map(w, &at, e, 0, 0);
	free(e);

	e = entries_new();
	put64(add_entry(e, &i, (u64)3), 0, 5);
	put64(add_entry(e, &i, (u64)1), 0, 5);
	put64(add_entry(e, &i, (u64)2), 0, 5);
	print_map(w, &i, e, 0, 0);
	free(e);

	e = entries_new();
	strcpy((char *)add_entry(e, &s2), "hello");
	print_map(w, &s2, e, 0, 0);
	free(e);

	e = entries_new();
	strcpy((char *)add_entry(e, &st, "b"), "zz");
	strcpy((char *)add_entry(e, &st, "a"), "yy");
	print_map(w, &st, e, 0, 0);
	free(e);

	e = entries_new();
	put64(add_entry(e, &u, (u64)-1), 0, 1);
	put64(add_entry(e, &u, (u64)0xffffffffu), 0, 2);   /* (uint32): zero-extended */
	print_map(w, &u, e, 0, 0);
	free(e);

	e = entries_new();
	v = add_entry(e, &vv, (u64)-1);                     /* (int8)-1: sign-extended */
	put64(v, 0, 3);
	print_map(w, &vv, e, 0, 0);
	free(e);
	expect(w, keys_expected);
}

/* Sorting: ascending by value, signed or not by the value's type; ties
 * by key; unsigned keys as unsigned; keys sort numerically, not as text. */
static void test_sorting(void **state)
{
	struct world *w = *state;
	struct lang_map m, u, k;
	struct entries *e = entries_new();

	map_init(&m, "@s", t_kind(LT_SUM, true), 1, t_str(8));
	put64(add_entry(e, &m, "pos"), 0, 7);
	put64(add_entry(e, &m, "neg"), 0, (u64)-7);
	put64(add_entry(e, &m, "zero"), 0, 0);
	put64(add_entry(e, &m, "b"), 0, 7);
	for (size_t i = 0; i < e->n; i++)
		put64(e->vals[i], 1, 1);
	print_map(w, &m, e, 0, 0);
	expect(w, "@s[neg]: -7\n@s[zero]: 0\n@s[b]: 7\n@s[pos]: 7\n");

	e->n = 0;
	map_init(&u, "@u", t_kind(LT_SUM, false), 1, t_int(false));
	put64(add_entry(e, &u, (u64)10), 0, UINT64_MAX);
	put64(add_entry(e, &u, (u64)-1), 0, 1);
	put64(add_entry(e, &u, (u64)9), 0, 1);
	print_map(w, &u, e, 0, 0);
	expect(w, "@u[9]: 1\n@u[18446744073709551615]: 1\n@u[10]: 18446744073709551615\n");

	e->n = 0;
	map_init(&k, "@k", t_str(8), 1, t_int(true));
	strcpy((char *)add_entry(e, &k, (u64)10), "x");
	strcpy((char *)add_entry(e, &k, (u64)9), "y");
	strcpy((char *)add_entry(e, &k, (u64)-1), "z");
	print_map(w, &k, e, 0, 0);
	expect(w, "@k[-1]: z\n@k[9]: y\n@k[10]: x\n");
	free(e);
}

/* bpftrace -e 'BEGIN { @c["a"] = sum(10); @c["b"] = sum(25); @c["c"] = sum(30);
 *   @h[1] = hist(10); @h[2] = hist(10); @h[2] = hist(100); @h[3] = hist(1);
 *   @h[3] = hist(1);@h[3] = hist(1); print(@c, 2, 10); print(@c, 0, 10);
 *   print(@h, 2, 2); @a["x"] = avg(100); @a["y"] = avg(20); @a["z"] = avg(30);
 *   print(@a, 1, 10); @s["x"] = stats(100); @s["y"] = stats(20); print(@s, 1, 10);
 *   @l["x"] = lhist(100, 0, 1000, 100); @l["x"] = lhist(100, 0, 1000, 100);
 *   @l["y"] = lhist(500, 0, 1000, 100); print(@l, 1, 2); clear(@c); clear(@h);
 *   clear(@a); clear(@s); clear(@l); exit(); }'
 * top keeps the last entries; div divides count/sum/avg and hist's count
 * column (not its bars); stats ignores both (bpftrace warns so) and lhist
 * ignores div. Then the exit: all five maps cleared. */
static const char top_div_expected[] =
	"@c[b]: 2\n"
	"@c[c]: 3\n"
	"@c[a]: 1\n"
	"@c[b]: 2\n"
	"@c[c]: 3\n"
	"@h[2]: \n"
	"[8, 16)                0 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
	"[16, 32)               0 |                                                    |\n"
	"[32, 64)               0 |                                                    |\n"
	"[64, 128)              0 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
	"\n"
	"@h[3]: \n"
	"[1]                    1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
	"\n"
	"@a[x]: 10\n"
	"\n"
	"@s[y]: count 1, average 20, total 20\n"
	"@s[x]: count 1, average 100, total 100\n"
	"\n"
	"@l[x]: \n"
	"[100, 200)             2 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
	"\n"
	"\n\n"
	"\n\n"  /* @a */
	"\n"    /* @c */
	"\n"    /* @h */
	"\n"    /* @l */
	"\n\n"; /* @s */

static void test_print_top_div(void **state)
{
	struct world *w = *state;
	struct lang_map c, h, a, s, l;
	struct entries *ec = entries_new(), *eh = entries_new(), *ea = entries_new(), *es = entries_new(),
		       *el = entries_new(), *none = entries_new();
	u8 *v;

	map_init(&c, "@c", t_kind(LT_SUM, true), 1, t_str(64));
	map_init(&h, "@h", t_kind(LT_HIST, true), 1, t_int(true));
	map_init(&a, "@a", t_kind(LT_AVG, true), 1, t_str(64));
	map_init(&s, "@s", t_kind(LT_STATS, true), 1, t_str(64));
	map_init(&l, "@l", t_lhist(0, 1000, 100), 1, t_str(64));

	v = add_entry(ec, &c, "a");
	put64(v, 0, 10);
	put64(v, 1, 1);
	v = add_entry(ec, &c, "b");
	put64(v, 0, 25);
	put64(v, 1, 1);
	v = add_entry(ec, &c, "c");
	put64(v, 0, 30);
	put64(v, 1, 1);
	hist_add(add_entry(eh, &h, (u64)1), 10);
	v = add_entry(eh, &h, (u64)2);
	hist_add(v, 10);
	hist_add(v, 100);
	v = add_entry(eh, &h, (u64)3);
	hist_add(v, 1);
	hist_add(v, 1);
	hist_add(v, 1);
	stat_add(add_entry(ea, &a, "x"), 100);
	stat_add(add_entry(ea, &a, "y"), 20);
	stat_add(add_entry(ea, &a, "z"), 30);
	stat_add(add_entry(es, &s, "x"), 100);
	stat_add(add_entry(es, &s, "y"), 20);
	v = add_entry(el, &l, "x");
	lhist_add(v, &l, 100);
	lhist_add(v, &l, 100);
	lhist_add(add_entry(el, &l, "y"), &l, 500);

	print_map(w, &c, ec, 2, 10);
	print_map(w, &c, ec, 0, 10);
	print_map(w, &h, eh, 2, 2);
	print_map(w, &a, ea, 1, 10);
	print_map(w, &s, es, 1, 10);
	print_map(w, &l, el, 1, 2);
	lang_output_exit_preamble(out_of(w));
	print_map(w, &a, none, 0, 0);
	print_map(w, &c, none, 0, 0);
	print_map(w, &h, none, 0, 0);
	print_map(w, &l, none, 0, 0);
	print_map(w, &s, none, 0, 0);
	free(ec);
	free(eh);
	free(ea);
	free(es);
	free(el);
	free(none);
	expect(w, top_div_expected);
}

/* ---- stacks, probes, symbols --------------------------------------------------------------- */

/* bpftrace -e 'tracepoint:syscalls:sys_enter_getppid /comm == "ppid"/ {
 *   @[kstack(3)] = count(); @k[kstack(2), comm] = count(); @v = kstack(2);
 *   @p[probe] = count(); @pv = probe; @ks = ksym(0xffffffff81000000);
 *   @us[ustack] = count(); @u3[ustack(3)] = count(); }' -c /tmp/ppid
 * where ppid (-O0 -fno-omit-frame-pointer) calls getppid() 3 times from
 * callerA and 2 times from callerB and exits. The user frames are bare
 * addresses because the process had exited (bpftrace's issue #246): here
 * they belong to a pid that does not exist. The kernel stacks of the 5
 * calls differ below frame 3 (made up: two entry paths), and become one
 * entry when cut to 3 and 2 frames. */
static const char stacks_expected[] =
	"\n\n"
	"@[\n"
	"    perf_syscall_enter+475\n"
	"    syscall_trace_enter+384\n"
	"    do_syscall_64+527\n"
	"]: 5\n"
	"@k[\n"
	"    perf_syscall_enter+475\n"
	"    syscall_trace_enter+384\n"
	", ppid]: 5\n"
	"@ks: _text\n"
	"@p[tracepoint:syscalls:sys_enter_getppid]: 5\n"
	"@pv: tracepoint:syscalls:sys_enter_getppid\n"
	"@u3[\n"
	"    0x7fcb2ba034f7\n"
	"    0x558d1f5ac191\n"
	"    0x558d1f5ac1ac\n"
	"]: 2\n"
	"@u3[\n"
	"    0x7fcb2ba034f7\n"
	"    0x558d1f5ac180\n"
	"    0x558d1f5ac1a7\n"
	"]: 3\n"
	"@us[\n"
	"    0x7fcb2ba034f7\n"
	"    0x558d1f5ac191\n"
	"    0x558d1f5ac1ac\n"
	"    0x7fcb2b95524a\n"
	"]: 2\n"
	"@us[\n"
	"    0x7fcb2ba034f7\n"
	"    0x558d1f5ac180\n"
	"    0x558d1f5ac1a7\n"
	"    0x7fcb2b95524a\n"
	"]: 3\n"
	"@v: \n"
	"        perf_syscall_enter+475\n"
	"        syscall_trace_enter+384\n"
	"\n";

#define NO_PID 999999999u
#define K_FRAMES(last) { K_PERF_SC_ENTER + 475, K_SC_TRACE + 384, K_DO_SYSCALL + 527, last }

static const struct stack stack_table[] = {
	{ 1, false, K_FRAMES(K_ENTRY + 100) },
	{ 2, false, K_FRAMES(K_OTHER + 5) },
	{ 7, true, { 0x7fcb2ba034f7, 0x558d1f5ac180, 0x558d1f5ac1a7, 0x7fcb2b95524a } },
	{ 8, true, { 0x7fcb2ba034f7, 0x558d1f5ac191, 0x558d1f5ac1ac, 0x7fcb2b95524a } },
	{ 9, false, { K_MODFUNC + 16, K_TEXT + 0x20 } },
};

static void test_stacks(void **state)
{
	struct world *w = *state;
	struct lang_map at, k, ks, p, pv, us, u3, vv;
	struct entries *e;
	u8 *v;

	w->stacks = stack_table;
	w->nstacks = ARRAY_SIZE(stack_table);
	map_init(&at, "@", t_kind(LT_COUNT, false), 1, t_stack(LT_KSTACK, 3));
	map_init(&k, "@k", t_kind(LT_COUNT, false), 2, t_stack(LT_KSTACK, 2), t_str(16));
	map_init(&ks, "@ks", t_kind(LT_KSYM, false), 0);
	map_init(&p, "@p", t_kind(LT_COUNT, false), 1, t_kind(LT_PROBE, false));
	map_init(&pv, "@pv", t_kind(LT_PROBE, false), 0);
	map_init(&us, "@us", t_kind(LT_COUNT, false), 1, t_stack(LT_USTACK, 0));
	map_init(&u3, "@u3", t_kind(LT_COUNT, false), 1, t_stack(LT_USTACK, 3));
	map_init(&vv, "@v", t_stack(LT_KSTACK, 2), 0);
	lang_output_exit_preamble(out_of(w));

	e = entries_new();
	put64(add_entry(e, &at, (u64)1), 0, 3);
	put64(add_entry(e, &at, (u64)2), 0, 2);
	print_map(w, &at, e, 0, 0);
	free(e);

	e = entries_new();
	put64(add_entry(e, &k, (u64)2, "ppid"), 0, 2);
	put64(add_entry(e, &k, (u64)1, "ppid"), 0, 3);
	print_map(w, &k, e, 0, 0);
	free(e);

	e = entries_new();
	put64(add_entry(e, &ks), 0, K_TEXT);
	print_map(w, &ks, e, 0, 0);
	free(e);

	e = entries_new();
	put64(add_entry(e, &p, (u64)0), 0, 5);
	print_map(w, &p, e, 0, 0);
	free(e);

	e = entries_new();
	put64(add_entry(e, &pv), 0, 0);
	print_map(w, &pv, e, 0, 0);
	free(e);

	e = entries_new();
	put64(add_entry(e, &u3, (u64)7, (u64)NO_PID, (u64)0), 0, 3);
	put64(add_entry(e, &u3, (u64)8, (u64)NO_PID, (u64)0), 0, 2);
	print_map(w, &u3, e, 0, 0);
	free(e);

	e = entries_new();
	put64(add_entry(e, &us, (u64)7, (u64)NO_PID, (u64)0), 0, 3);
	put64(add_entry(e, &us, (u64)8, (u64)NO_PID, (u64)0), 0, 2);
	print_map(w, &us, e, 0, 0);
	free(e);

	e = entries_new();
	v = add_entry(e, &vv);
	put64(v, 0, 1);
	print_map(w, &vv, e, 0, 0);
	free(e);
	expect(w, stacks_expected);
}

/* bpftrace -e 'profile:hz:99 /comm == "spin"/ { @[kstack] = count(); @x[kstack, 1] = count(); }'
 *   -c ./spin (a user-space loop: the kernel stack cannot be taken, -EFAULT)
 * An empty stack prints as nothing. Module symbols lose their " [module]",
 * as bpftrace's; the ustack key shows the caller read at function entry
 * after the first frame (bpftrace cannot: its issue #646). */
static void test_stack_edges(void **state)
{
	struct world *w = *state;
	struct lang_map at, x, km, uc, uv;
	struct entries *e = entries_new();

	w->stacks = stack_table;
	w->nstacks = ARRAY_SIZE(stack_table);
	map_init(&at, "@", t_kind(LT_COUNT, false), 1, t_stack(LT_KSTACK, 0));
	map_init(&x, "@x", t_kind(LT_COUNT, false), 2, t_stack(LT_KSTACK, 0), t_int(true));
	put64(add_entry(e, &at, (u64)-EFAULT), 0, 15);
	print_map(w, &at, e, 0, 0);
	e->n = 0;
	put64(add_entry(e, &x, (u64)-EFAULT, (u64)1), 0, 15);
	print_map(w, &x, e, 0, 0);
	expect(w, "@[]: 15\n@x[, 1]: 15\n");

	e->n = 0;
	map_init(&km, "@m", t_kind(LT_COUNT, false), 1, t_stack(LT_KSTACK, 0));
	put64(add_entry(e, &km, (u64)9), 0, 1);
	print_map(w, &km, e, 0, 0);
	expect(w, "@m[\n    mod_func+16\n    __entry_text_start+16\n]: 1\n");

	/* caller 0x1234 at function entry: after the first frame, then cut
	 * to 3 frames */
	e->n = 0;
	map_init(&uc, "@c", t_kind(LT_COUNT, false), 1, t_stack(LT_USTACK, 3));
	put64(add_entry(e, &uc, (u64)7, (u64)NO_PID, (u64)0x1234), 0, 4);
	print_map(w, &uc, e, 0, 0);
	expect(w, "@c[\n    0x7fcb2ba034f7\n    0x1234\n    0x558d1f5ac180\n]: 4\n");

	/* stack values that fail end their line all the same (bpftrace would
	 * run the next entry on after "@v[1]: ") */
	e->n = 0;
	map_init(&uv, "@v", t_stack(LT_KSTACK, 1), 1, t_int(true));
	put64(add_entry(e, &uv, (u64)1), 0, (u64)-EFAULT);
	put64(add_entry(e, &uv, (u64)2), 0, 1);
	print_map(w, &uv, e, 0, 0);
	expect(w, "@v[1]: \n@v[2]: \n        perf_syscall_enter+475\n\n");
	free(e);
}

/* bpftrace -e 'BEGIN { @[1] = ksym(0xffffffff81000000); @[2] = ksym(0xffffffff81000010);
 *   @z = ksym(0); @y = usym(0); @w = 1; exit(); }'
 * printed "@[1]: _text@[2]: __entry_text_start" on one line (it joins
 * symbol values with nothing); scry ends each entry's line. */
static void test_symbol_values(void **state)
{
	struct world *w = *state;
	struct lang_map m, z, y, f;
	struct entries *e = entries_new();
	u8 *v;

	map_init(&m, "@", t_kind(LT_KSYM, false), 1, t_int(true));
	put64(add_entry(e, &m, (u64)1), 0, K_TEXT);
	put64(add_entry(e, &m, (u64)2), 0, K_TEXT + 0x10);
	print_map(w, &m, e, 0, 0);
	e->n = 0;
	map_init(&z, "@z", t_kind(LT_KSYM, false), 0);
	put64(add_entry(e, &z), 0, 0);
	print_map(w, &z, e, 0, 0);
	e->n = 0;
	map_init(&y, "@y", t_kind(LT_USYM, false), 0);
	v = add_entry(e, &y);
	put64(v, 0, 0);
	put64(v, 1, NO_PID);
	print_map(w, &y, e, 0, 0);
	expect(w, "@[1]: _text\n@[2]: __entry_text_start\n@z: 0\n@y: 0\n");

	/* func prints the attachment's function; keys that are symbols of
	 * one function are one entry */
	e->n = 0;
	memset(e->vals, 0, sizeof(e->vals));
	map_init(&f, "@f", t_kind(LT_COUNT, false), 2, t_kind(LT_FUNC, false), t_kind(LT_KSYM, false));
	put64(add_entry(e, &f, (u64)1, K_DO_SYSCALL + 4), 0, 2);
	put64(add_entry(e, &f, (u64)1, K_DO_SYSCALL + 9), 0, 3);
	put64(add_entry(e, &f, (u64)1, K_TEXT + 1), 0, 1);
	print_map(w, &f, e, 0, 0);
	expect(w, "@f[malloc, _text]: 1\n@f[malloc, do_syscall_64]: 5\n");
	free(e);
}

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
		cmocka_unit_test(test_layouts),
		cmocka_unit_test(test_program_free),
		cmocka_unit_test(test_hist_buckets),
		cmocka_unit_test_setup_teardown(test_hist_print, world_setup, world_teardown),
		cmocka_unit_test_setup_teardown(test_hist_labels_and_top_bucket, world_setup, world_teardown),
		cmocka_unit_test_setup_teardown(test_lhist_print, world_setup, world_teardown),
		cmocka_unit_test_setup_teardown(test_empty_maps, world_setup, world_teardown),
		cmocka_unit_test_setup_teardown(test_values, world_setup, world_teardown),
		cmocka_unit_test_setup_teardown(test_keys, world_setup, world_teardown),
		cmocka_unit_test_setup_teardown(test_sorting, world_setup, world_teardown),
		cmocka_unit_test_setup_teardown(test_print_top_div, world_setup, world_teardown),
		cmocka_unit_test_setup_teardown(test_stacks, world_setup, world_teardown),
		cmocka_unit_test_setup_teardown(test_stack_edges, world_setup, world_teardown),
		cmocka_unit_test_setup_teardown(test_symbol_values, world_setup, world_teardown),
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
