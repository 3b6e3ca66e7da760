/* Unit tests for util/profile/sort: sort_keys_cmp orders entries exactly as
 * strcmp orders their printed keys (what perf's stable output relies on),
 * without printing them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "util/profile/sort.h"

static int sign(int v) { return (v > 0) - (v < 0); }

/* What the order was defined as: the keys printed, compared with strcmp
 * (entries without a DSO after those with one), except pid, tid and cpu,
 * by number, and symbols by name, as perf orders them. */
static int printed_cmp(const struct sort_spec *sp, const struct hist_key *a, const struct hist_key *b)
{
	int r = 0;

	for (unsigned i = 0; i < sp->nr && !r; i++) {
		struct outbuf x, y;
		s32 va = 0, vb = 0;

		if (sp->keys[i] == SK_DSO && !a->dso != !b->dso)
			return a->dso ? -1 : 1;
		if (sp->keys[i] == SK_PID || sp->keys[i] == SK_TID || sp->keys[i] == SK_CPU) {
			va = sp->keys[i] == SK_CPU ? a->cpu : a->tid;      /* pid: perf's, the thread */
			vb = sp->keys[i] == SK_CPU ? b->cpu : b->tid;
			if (va != vb)
				return va < vb ? -1 : 1;
		}
		if ((sp->keys[i] == SK_SYM || sp->keys[i] == SK_SYMOFF) && (a->sym || b->sym)) {
			if (!a->sym || !b->sym)
				return a->sym ? -1 : 1;         /* perf: unresolved last */
			r = strcmp(a->sym->name, b->sym->name); /* by name, not "[k] " */
			if (r)
				return r;
		}
		outbuf_init_mem(&x);
		outbuf_init_mem(&y);
		sort_key_print(sp, i, a, &x);
		sort_key_print(sp, i, b, &y);
		r = strcmp(outbuf_cstr(&x), outbuf_cstr(&y));
		outbuf_release(&x);
		outbuf_release(&y);
	}
	return r;
}

static void test_cmp_matches_printed(void **state)
{
	static struct symbol syms[] = {
		{ .start = 0x1000, .name = "foo" }, { .start = 0x2000, .name = "foo_bar" },
		{ .start = 0x3000, .name = "fo" }, { .start = 0x4000, .name = "\xc3\xa9t\xc3\xa9" },
		{ .start = 0x5000, .name = "" },
	};
	static struct dso dsos[2] = { { .name = "libc.so.6" }, { .name = "[kernel.kallsyms]" } };
	const char *comms[] = { NULL, "", "sh", "sha", "bash", "\xff" };
	const char *specs[] = { "comm,dso,sym", "pid,symoff", "tid,cpu,sym", "dso,symoff,comm", "sym,pid" };
	struct hist_key keys[64];
	size_t nk = 0;
	char err[128];

	(void)state;
	for (size_t i = 0; nk < ARRAY_SIZE(keys); i++) {
		struct hist_key *k = &keys[nk++];

		memset(k, 0, sizeof(*k));
		k->comm = comms[i % ARRAY_SIZE(comms)];
		k->pid = (s32)(i * 7919 % 100000) - 5;
		k->tid = (s32)(i * 31 % 1000);
		k->cpu = (s32)(i % 5) - 1;
		k->dso = i % 7 == 3 ? NULL : &dsos[i % 2];
		k->kernel = i % 3 == 0;
		k->sym = i % 6 == 5 ? NULL : &syms[i % ARRAY_SIZE(syms)];
		k->addr = (k->sym ? k->sym->start : 0) + (i % 4) * 0x11 + (i % 9 == 0 ? 0 : 0x7f0000000000ull * (i % 2));
	}
	/* An unresolved address 0 prints without "0x". */
	assert_null(keys[5].sym);
	keys[5].addr = 0;
	for (size_t s = 0; s < ARRAY_SIZE(specs); s++) {
		struct sort_spec sp;

		assert_int_equal(sort_spec_parse(&sp, specs[s], err, sizeof(err)), 0);
		for (size_t i = 0; i < nk; i++)
			for (size_t j = 0; j < nk; j++)
				if (sign(sort_keys_cmp(&sp, &keys[i], &keys[j])) != sign(printed_cmp(&sp, &keys[i], &keys[j])))
					fail_msg("--sort %s: keys %zu and %zu order differently", specs[s], i, j);
		sort_spec_free(&sp);
	}
}

/* perf 6.1 on signal:signal_generate.code of equal counts printed
 * -1 255 -2 10 9 2 257 1 256 65536: the field's bytes (little-endian)
 * compared with memcmp, the larger first; text fields by text, larger
 * first ("c bb b ab aa"). */
static void test_field_order_is_perfs(void **state)
{
	static const s32 values[] = { 1, 2, 255, 256, 257, 65536, -1, -2, 10, 9 };
	static const s32 want[] = { -1, 255, -2, 10, 9, 2, 257, 1, 256, 65536 };
	static const char *const texts[] = { "bb", "aa", "ab", "b", "c" };
	static const char *const want_text[] = { "c", "bb", "b", "ab", "aa" };
	/* text that would order otherwise: the bytes must decide */
	static const char *const names[] = { "a", "b", "c", "d", "e", "f", "g", "h", "i", "j" };
	struct hist_key keys[10], *order[10];
	struct sort_spec sp;
	char err[128];

	(void)state;
	assert_int_equal(sort_spec_parse(&sp, "signal:signal_generate.code", err, sizeof(err)), 0);
	for (size_t i = 0; i < ARRAY_SIZE(values); i++) {
		memset(&keys[i], 0, sizeof(keys[i]));
		keys[i].field_raw = (u32)values[i];
		keys[i].field_size = 4;
		keys[i].field = names[i];
		order[i] = &keys[i];
	}
	for (size_t i = 0; i < ARRAY_SIZE(values); i++)         /* insertion sort */
		for (size_t j = i; j > 0 && sort_keys_cmp(&sp, order[j - 1], order[j]) > 0; j--) {
			struct hist_key *t = order[j];
			order[j] = order[j - 1];
			order[j - 1] = t;
		}
	for (size_t i = 0; i < ARRAY_SIZE(want); i++)
		assert_int_equal((s32)(u32)order[i]->field_raw, want[i]);
	for (size_t i = 0; i < ARRAY_SIZE(texts); i++) {
		memset(&keys[i], 0, sizeof(keys[i]));
		keys[i].field = texts[i];
		order[i] = &keys[i];
	}
	for (size_t i = 0; i < ARRAY_SIZE(texts); i++)
		for (size_t j = i; j > 0 && sort_keys_cmp(&sp, order[j - 1], order[j]) > 0; j--) {
			struct hist_key *t = order[j];
			order[j] = order[j - 1];
			order[j - 1] = t;
		}
	for (size_t i = 0; i < ARRAY_SIZE(texts); i++)
		assert_string_equal(order[i]->field, want_text[i]);
	sort_spec_free(&sp);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cmp_matches_printed),
		cmocka_unit_test(test_field_order_is_perfs),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
