/* The fixture the output unit tests share: maps and entries built by hand,
 * a made-up kallsyms and stack maps standing in for the kernel, and an
 * output whose text is compared with what bpftrace 0.17 printed. */
#ifndef SCRY_TESTS_UNIT_LANG_OUTPUT_FIXTURE_H
#define SCRY_TESTS_UNIT_LANG_OUTPUT_FIXTURE_H

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

static __attribute__((unused)) struct lang_type t_int(bool sgn)
{
	return (struct lang_type){ .kind = LT_INT, .size = 8, .is_signed = sgn };
}

static __attribute__((unused)) struct lang_type t_kind(enum lang_type_kind k, bool sgn)
{
	return (struct lang_type){ .kind = k, .size = 8, .is_signed = sgn };
}

static __attribute__((unused)) struct lang_type t_str(u32 size)
{
	return (struct lang_type){ .kind = LT_STR, .size = size };
}

static __attribute__((unused)) struct lang_type t_lhist(s64 min, s64 max, s64 step)
{
	return (struct lang_type){ .kind = LT_LHIST, .lhist_min = min, .lhist_max = max, .lhist_step = step };
}

static __attribute__((unused)) struct lang_type t_stack(enum lang_type_kind k, u32 frames)
{
	return (struct lang_type){ .kind = k, .stack_frames = frames };
}

/* A map named name holding v, with nkeys key types after it. */
static __attribute__((unused)) void map_init(struct lang_map *m, const char *name, struct lang_type v, int nkeys, ...)
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

static __attribute__((unused)) struct entries *entries_new(void)
{
	struct entries *e = calloc(1, sizeof(*e));

	assert_non_null(e);
	return e;
}

static __attribute__((unused)) void put64(u8 *p, size_t i, u64 v)
{
	memcpy(p + i * 8, &v, 8);
}

static __attribute__((unused)) u64 get64(const u8 *p, size_t i)
{
	u64 v;

	memcpy(&v, p + i * 8, 8);
	return v;
}

/* A new entry with its key built from the varargs, one per key of m:
 * LT_INT/LT_PROBE/LT_KSTACK/LT_KSYM a u64, LT_STR a string, LT_USTACK
 * three u64 (id, pid, caller), LT_USYM two (address, pid). Returns the
 * value bytes to fill. */
static __attribute__((unused)) u8 *add_entry(struct entries *e, const struct lang_map *m, ...)
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
static __attribute__((unused)) u8 *keyless(struct entries *e, const struct lang_map *m)
{
	return add_entry(e, m);
}

static __attribute__((unused)) void hist_add(u8 *v, s64 x)
{
	u32 b = lang_hist_bucket((u64)x, true);

	put64(v, b, get64(v, b) + 1);
}

static __attribute__((unused)) void lhist_add(u8 *v, const struct lang_map *m, s64 x)
{
	u32 b = lang_lhist_bucket(&m->value, (u64)x, true);

	put64(v, b, get64(v, b) + 1);
}

/* avg/stats: count, total */
static __attribute__((unused)) void stat_add(u8 *v, s64 x)
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

static __attribute__((unused)) int stack_ips(void *ctx, bool user, s64 id, u64 *ips, int max)
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

static __attribute__((unused)) int world_setup(void **state)
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

static __attribute__((unused)) int world_teardown(void **state)
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
static __attribute__((unused)) struct lang_output *out_of(struct world *w)
{
	if (!w->out) {
		w->out = lang_output_new(&w->ob, &w->prog, w->syms, stack_ips, w);
		assert_non_null(w->out);
	}
	return w->out;
}

static __attribute__((unused)) void print_map(struct world *w, const struct lang_map *m, const struct entries *e, u64 top, u64 div)
{
	assert_int_equal(lang_output_map(out_of(w), m, e->kv, e->n, top, div), 0);
}

/* Compare everything printed so far, then start again. */
static __attribute__((unused)) void expect(struct world *w, const char *expected)
{
	const char *got = outbuf_cstr(&w->ob);

	if (strcmp(got, expected)) {
		fprintf(stderr, "--- expected\n%s--- got\n%s---\n", expected, got);
		fail();
	}
	outbuf_reset(&w->ob);
}


#define NO_PID 999999999u
#define K_FRAMES(last) { K_PERF_SC_ENTER + 475, K_SC_TRACE + 384, K_DO_SYSCALL + 527, last }

/* The stacks the kernel's stack maps hold in these tests (made up, from
 * the frames bpftrace printed). */
static __attribute__((unused)) const struct stack stack_table[] = {
	{ 1, false, K_FRAMES(K_ENTRY + 100) },
	{ 2, false, K_FRAMES(K_OTHER + 5) },
	{ 7, true, { 0x7fcb2ba034f7, 0x558d1f5ac180, 0x558d1f5ac1a7, 0x7fcb2b95524a } },
	{ 8, true, { 0x7fcb2ba034f7, 0x558d1f5ac191, 0x558d1f5ac1ac, 0x7fcb2b95524a } },
	{ 9, false, { K_MODFUNC + 16, K_TEXT + 0x20 } },
};

#endif
