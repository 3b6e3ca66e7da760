/* Unit tests for util/hashmap: the open-addressing map looked up once per
 * record.  Deletion by backward shift is the subtle part: a wrong shift
 * leaves a key unreachable behind a hole, which only shows after the right
 * sequence of inserts and deletes.  So besides the simple cases, clusters
 * are built on purpose (keys chosen to share a home slot, including clusters
 * that wrap around the end of the table) and a long randomized run is checked
 * against a plain array after every operation. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "util/hashmap.h"

#define V(x) ((void *)(uintptr_t)(x))

/* The map's hash (splitmix64 finalizer), to pick keys that land in a
 * chosen slot.  If the map's hash changes, the tests below that rely on it
 * check their own premise and fail loudly rather than pass vacuously. */
static u64 mix(u64 k)
{
	k ^= k >> 30;
	k *= 0xbf58476d1ce4e5b9ULL;
	k ^= k >> 27;
	k *= 0x94d049bb133111ebULL;
	k ^= k >> 31;
	return k;
}

/* The slot key k occupies in m, or -1. */
static long slot_of(const struct hashmap *m, u64 k)
{
	for (size_t i = 0; i < m->cap; i++)
		if (m->slots[i].val && m->slots[i].key == k)
			return (long)i;
	return -1;
}

static void test_basic(void **state)
{
	struct hashmap m;

	hashmap_init(&m);
	/* An empty map (no slots yet) answers without crashing. */
	assert_null(hashmap_get(&m, 1));
	assert_null(hashmap_del(&m, 1));

	assert_int_equal(hashmap_put(&m, 1, V(100)), 0);
	assert_int_equal(hashmap_put(&m, 0, V(200)), 0);        /* key 0 is a key like any other */
	assert_int_equal(hashmap_put(&m, UINT64_MAX, V(300)), 0);
	assert_int_equal(m.nr, 3);
	assert_ptr_equal(hashmap_get(&m, 1), V(100));
	assert_ptr_equal(hashmap_get(&m, 0), V(200));
	assert_ptr_equal(hashmap_get(&m, UINT64_MAX), V(300));
	assert_null(hashmap_get(&m, 2));

	/* Replace: same count, new value. */
	assert_int_equal(hashmap_put(&m, 1, V(101)), 0);
	assert_int_equal(m.nr, 3);
	assert_ptr_equal(hashmap_get(&m, 1), V(101));

	/* Delete returns the value once. */
	assert_ptr_equal(hashmap_del(&m, 1), V(101));
	assert_null(hashmap_del(&m, 1));
	assert_null(hashmap_get(&m, 1));
	assert_int_equal(m.nr, 2);
	assert_ptr_equal(hashmap_get(&m, 0), V(200));

	hashmap_free(&m);
	assert_null(m.slots);
	assert_int_equal(m.cap, 0);
	assert_int_equal(m.nr, 0);
	/* Usable again after free. */
	assert_int_equal(hashmap_put(&m, 5, V(5)), 0);
	assert_ptr_equal(hashmap_get(&m, 5), V(5));
	hashmap_free(&m);
}

static void test_growth(void **state)
{
	struct hashmap m;
	const u64 n = 20000;

	hashmap_init(&m);
	for (u64 k = 0; k < n; k++) {
		assert_int_equal(hashmap_put(&m, k * 7 + 3, V(k + 1)), 0);
		/* Load factor never above 3/4, capacity a power of two. */
		assert_true(m.nr * 4 <= m.cap * 3);
		assert_int_equal(m.cap & (m.cap - 1), 0);
	}
	assert_int_equal(m.nr, n);
	assert_true(m.cap >= 32768);
	for (u64 k = 0; k < n; k++)
		assert_ptr_equal(hashmap_get(&m, k * 7 + 3), V(k + 1));
	for (u64 k = 0; k < n; k++)
		assert_null(hashmap_get(&m, k * 7 + 4));
	hashmap_free(&m);
}

/* Keys equal in their low 32 bits (tid | id << 32 style): a weak hash that
 * looked only at low bits would pile them all into one slot. */
static void test_low_bits_equal(void **state)
{
	struct hashmap m;

	hashmap_init(&m);
	for (u64 i = 0; i < 1000; i++)
		assert_int_equal(hashmap_put(&m, (i << 32) | 42, V(i + 1)), 0);
	assert_int_equal(m.nr, 1000);
	for (u64 i = 0; i < 1000; i += 2)
		assert_ptr_equal(hashmap_del(&m, (i << 32) | 42), V(i + 1));
	for (u64 i = 0; i < 1000; i++)
		assert_ptr_equal(hashmap_get(&m, (i << 32) | 42), (i & 1) ? V(i + 1) : NULL);
	hashmap_free(&m);
}

/* Collect `want` keys whose home slot in a table of `cap` slots is `home`. */
static void keys_with_home(size_t cap, size_t home, u64 *out, size_t want, u64 start)
{
	size_t n = 0;

	for (u64 k = start; n < want; k++)
		if ((mix(k) & (cap - 1)) == home)
			out[n++] = k;
}

/* A cluster that wraps from the last slot to slot 0, then deletions at each
 * position: every survivor must stay reachable and the cluster must stay
 * gap-free from its home. */
static void test_wrapping_cluster(void **state)
{
	u64 at15[3], at14[2], at0[2];

	keys_with_home(16, 15, at15, 3, 1);
	keys_with_home(16, 14, at14, 2, 1);
	keys_with_home(16, 0, at0, 2, 1);

	for (int victim = 0; victim < 7; victim++) {
		struct hashmap m;
		u64 all[7] = { at14[0], at15[0], at15[1], at14[1], at0[0], at15[2], at0[1] };

		hashmap_init(&m);
		for (int i = 0; i < 7; i++)
			assert_int_equal(hashmap_put(&m, all[i], V(i + 1)), 0);
		/* Premise: still 16 slots, and the cluster 14,15,0,1,... wraps. */
		assert_int_equal(m.cap, 16);
		assert_int_equal(slot_of(&m, at14[0]), 14);
		assert_int_equal(slot_of(&m, at15[0]), 15);
		assert_int_equal(slot_of(&m, at15[1]), 0);
		assert_int_equal(slot_of(&m, at0[1]), 4);

		assert_ptr_equal(hashmap_del(&m, all[victim]), V(victim + 1));
		assert_int_equal(m.nr, 6);
		for (int i = 0; i < 7; i++)
			assert_ptr_equal(hashmap_get(&m, all[i]), i == victim ? NULL : V(i + 1));
		/* The six survivors fill slots 14,15,0..3 with no hole. */
		for (size_t s = 0; s < 16; s++)
			assert_int_equal(m.slots[s].val != NULL, s >= 14 || s <= 3);
		hashmap_free(&m);
	}
}

/* Deleting a key whose cluster holds a key that must NOT move (it sits at
 * its own home, after the hole). */
static void test_shift_keeps_home(void **state)
{
	struct hashmap m;
	u64 a[2], b[1], c[1];

	keys_with_home(16, 3, a, 2, 1);   /* 3, 4 */
	keys_with_home(16, 5, b, 1, 1);   /* 5: at home, must stay */
	keys_with_home(16, 4, c, 1, 1);   /* 6: home 4, moves back when 4 frees */
	hashmap_init(&m);
	assert_int_equal(hashmap_put(&m, a[0], V(1)), 0);
	assert_int_equal(hashmap_put(&m, a[1], V(2)), 0);
	assert_int_equal(hashmap_put(&m, b[0], V(3)), 0);
	assert_int_equal(hashmap_put(&m, c[0], V(4)), 0);
	assert_int_equal(slot_of(&m, c[0]), 6);
	assert_ptr_equal(hashmap_del(&m, a[1]), V(2));
	assert_int_equal(slot_of(&m, a[0]), 3);
	assert_int_equal(slot_of(&m, b[0]), 5);
	assert_int_equal(slot_of(&m, c[0]), 4);
	assert_null(m.slots[6].val);
	assert_ptr_equal(hashmap_get(&m, c[0]), V(4));
	assert_ptr_equal(hashmap_get(&m, b[0]), V(3));
	hashmap_free(&m);
}

/* Small deterministic PRNG (xorshift64*), fixed seed: reproducible runs. */
static u64 rng_state = 0x9e3779b97f4a7c15ULL;
static u64 rnd(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dULL;
}

#define UNIVERSE 512

static void test_randomized(void **state)
{
	struct hashmap m;
	u64 keys[UNIVERSE];
	uintptr_t ref[UNIVERSE] = { 0 };    /* 0: absent */
	size_t nref = 0, puts = 0, dels = 0;

	/* Half the keys share their low 16 bits, half share a home slot in a
	 * 1024-slot table, and so in a 512-slot one (long clusters at the
	 * sizes the map reaches). */
	for (size_t i = 0; i < UNIVERSE / 2; i++)
		keys[i] = ((u64)(i + 1) << 16) | 0xbeef;
	keys_with_home(1024, 77, keys + UNIVERSE / 2, UNIVERSE / 2, 1ULL << 40);

	hashmap_init(&m);
	for (int op = 0; op < 60000; op++) {
		size_t i = rnd() % UNIVERSE;
		u64 r = rnd() % 10;

		if (r < 5) {
			uintptr_t v = (uintptr_t)op + 1;
			assert_int_equal(hashmap_put(&m, keys[i], V(v)), 0);
			nref += !ref[i];
			ref[i] = v;
			puts++;
		} else if (r < 9) {
			assert_ptr_equal(hashmap_del(&m, keys[i]), V(ref[i]));
			nref -= !!ref[i];
			dels += !!ref[i];
			ref[i] = 0;
		} else {
			assert_ptr_equal(hashmap_get(&m, keys[i]), V(ref[i]));
		}
		assert_int_equal(m.nr, nref);
		/* A full check now and then (every op would be slow, and most
		 * bugs leave the damage in place until it is looked at). */
		if (op % 97 == 0 || op > 59000)
			for (size_t j = 0; j < UNIVERSE; j++)
				assert_ptr_equal(hashmap_get(&m, keys[j]), V(ref[j]));
	}
	/* The run did exercise both sides. */
	assert_true(puts > 20000);
	assert_true(dels > 10000);
	hashmap_free(&m);
}

static void test_iteration(void **state)
{
	struct hashmap m;
	unsigned char seen[3000] = { 0 };
	size_t it = 0, n = 0;
	u64 k;
	void *v;

	hashmap_init(&m);
	/* An empty map yields nothing. */
	assert_false(hashmap_next(&m, &it, &k, &v));
	for (u64 i = 0; i < 3000; i++)
		assert_int_equal(hashmap_put(&m, i, V(i + 1)), 0);
	for (u64 i = 0; i < 3000; i += 3)
		hashmap_del(&m, i);
	it = 0;
	while (hashmap_next(&m, &it, &k, &v)) {
		assert_true(k < 3000);
		assert_ptr_equal(v, V(k + 1));
		assert_int_not_equal(k % 3, 0);         /* deleted keys are gone */
		seen[k]++;
		n++;
	}
	assert_int_equal(n, 2000);
	assert_int_equal(n, m.nr);
	for (u64 i = 0; i < 3000; i++)
		assert_int_equal(seen[i], i % 3 ? 1 : 0);
	/* Exhausted iterators stay exhausted; key/val may be NULL. */
	assert_false(hashmap_next(&m, &it, NULL, NULL));
	it = 0;
	n = 0;
	while (hashmap_next(&m, &it, NULL, NULL))
		n++;
	assert_int_equal(n, 2000);
	hashmap_free(&m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_basic),
		cmocka_unit_test(test_growth),
		cmocka_unit_test(test_low_bits_equal),
		cmocka_unit_test(test_wrapping_cluster),
		cmocka_unit_test(test_shift_keeps_home),
		cmocka_unit_test(test_randomized),
		cmocka_unit_test(test_iteration),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
