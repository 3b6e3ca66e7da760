/* Unit tests for util/core/ordered: records leave in time order, equal
 * times in file order, each round delivering what is stamped up to the
 * previous round's highest time (perf's rule), checked against a plain
 * reference on random rounds made of a few in-order runs (as rings drained
 * one after the other give) and on random times; a callback that stops
 * the flush leaves the rest queued. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "util/core/ordered.h"

#define MAX_RECS 20000

struct rec {
	struct perf_event_header h;
	u32 seq;                /* file order */
	u32 pad;
};

struct log {
	u32 seq[MAX_RECS];
	u64 time[MAX_RECS];
	size_t n;
	size_t stop_at;         /* the deliver callback fails at this record (0: never) */
};

static int deliver(void *arg, const struct perf_event_header *h, u64 time, u64 offset)
{
	struct log *l = arg;
	const struct rec *r = (const struct rec *)h;

	assert_int_equal(offset, r->seq * 10ull);
	l->seq[l->n] = r->seq;
	l->time[l->n++] = time;
	return l->stop_at && l->n == l->stop_at ? 7 : 0;
}

/* The reference: everything queued, delivered by (time, seq) up to limit. */
struct ref {
	u64 time[MAX_RECS];
	bool done[MAX_RECS];
	size_t n;
};

static void ref_flush(struct ref *r, u64 limit, struct log *out)
{
	for (;;) {
		size_t best = SIZE_MAX;

		for (size_t i = 0; i < r->n; i++)
			if (!r->done[i] && r->time[i] <= limit && (best == SIZE_MAX || r->time[i] < r->time[best]))
				best = i;
		if (best == SIZE_MAX)
			return;
		r->done[best] = true;
		out->seq[out->n] = (u32)best;
		out->time[out->n++] = r->time[best];
	}
}

static u64 rnd(u64 *s)
{
	*s = *s * 6364136223846793005ull + 1442695040888963407ull;
	return *s >> 33;
}

static void run_case(u64 seed, bool random_times)
{
	static struct log got, want;
	static struct ref ref;
	struct ordered o;
	u64 s = seed, base = 1000, max_time = 0, next_flush = 0;
	u32 seq = 0;

	memset(&got, 0, sizeof(got));
	memset(&want, 0, sizeof(want));
	memset(&ref, 0, sizeof(ref));
	ordered_init(&o, deliver, &got);
	for (int round = 0; round < 40; round++) {
		int runs = 1 + (int)(rnd(&s) % 4);

		for (int r = 0; r < runs; r++) {
			u64 t = base + rnd(&s) % 50;
			int len = (int)(rnd(&s) % 30);

			for (int i = 0; i < len && seq < MAX_RECS; i++) {
				struct rec rc = { { PERF_RECORD_SAMPLE, 0, sizeof(struct rec) }, seq, 0 };

				t = random_times ? base + rnd(&s) % 200 : t + rnd(&s) % 3;     /* ties too */
				assert_int_equal(ordered_queue(&o, &rc.h, t, seq * 10ull), 0);
				ref.time[ref.n++] = t;
				if (t > max_time)
					max_time = t;
				seq++;
			}
		}
		assert_int_equal(ordered_round(&o), 0);
		ref_flush(&ref, next_flush, &want);
		next_flush = max_time;
		base += 40;
	}
	assert_int_equal(ordered_flush(&o), 0);
	ref_flush(&ref, UINT64_MAX, &want);
	ordered_free(&o);
	assert_int_equal(got.n, want.n);
	assert_int_equal(got.n, seq);
	assert_memory_equal(got.seq, want.seq, got.n * sizeof(got.seq[0]));
	assert_memory_equal(got.time, want.time, got.n * sizeof(got.time[0]));
}

static void test_matches_reference(void **state)
{
	(void)state;
	for (u64 seed = 1; seed <= 30; seed++) {
		run_case(seed, false);
		run_case(seed * 977, true);
	}
}

static void test_stop_keeps_the_rest(void **state)
{
	static struct log got;
	struct ordered o;

	(void)state;
	memset(&got, 0, sizeof(got));
	ordered_init(&o, deliver, &got);
	for (u32 i = 0; i < 10; i++) {
		struct rec rc = { { PERF_RECORD_SAMPLE, 0, sizeof(struct rec) }, i, 0 };

		assert_int_equal(ordered_queue(&o, &rc.h, 100 - i, i * 10ull), 0);
	}
	got.stop_at = 3;
	/* The third record's callback stops the flush: it counts as delivered. */
	assert_int_equal(ordered_flush(&o), 7);
	assert_int_equal(got.n, 3);
	got.stop_at = 0;
	assert_int_equal(ordered_flush(&o), 0);
	assert_int_equal(got.n, 10);
	for (u32 i = 0; i < 10; i++)
		assert_int_equal(got.seq[i], 9 - i);
	ordered_free(&o);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_matches_reference),
		cmocka_unit_test(test_stop_keeps_the_rest),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
