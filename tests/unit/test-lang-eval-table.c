/* Unit tests for the offline evaluator's tables (util/lang/eval-priv.h):
 * maps and stacks keyed by fixed-size byte keys, checked against a plain
 * array model through inserts, lookups, deletes (backward shifts, the last
 * record moved into the hole), clears and the element limit. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "util/lang/eval-priv.h"

static void key_of(u64 k, u8 *key)
{
	memset(key, 0, 24);
	memcpy(key, &k, 8);
	key[17] = (u8)(k * 7);  /* bytes past the first word count too */
}

static void test_insert_find(void **state)
{
	struct ev_table t;
	u8 key[24];
	bool created;

	(void)state;
	ev_table_init(&t, 24, 16, 0);
	for (u64 k = 0; k < 1000; k++) {
		u8 *v;

		key_of(k, key);
		v = ev_table_get(&t, key, &created);
		assert_non_null(v);
		assert_true(created);
		memcpy(v, &k, 8);
	}
	assert_int_equal(t.n, 1000);
	for (u64 k = 0; k < 1000; k++) {
		u64 got;
		u8 *v;

		key_of(k, key);
		v = ev_table_find(&t, key);
		assert_non_null(v);
		memcpy(&got, v, 8);
		assert_int_equal(got, k);
		assert_ptr_equal(ev_table_get(&t, key, &created), v);
		assert_false(created);
	}
	key_of(5000, key);
	assert_null(ev_table_find(&t, key));
	ev_table_release(&t);
}

/* Random inserts and deletes against a model: every key present in the
 * model is found with its value, every other key is not, and records stay
 * dense (n == the model's count). */
static void test_delete_model(void **state)
{
	enum { KEYS = 300 };
	struct ev_table t;
	bool present[KEYS] = { false };
	u64 value[KEYS] = { 0 };
	u32 count = 0;
	u8 key[24];

	(void)state;
	srand(7);
	ev_table_init(&t, 24, 8, 0);
	for (int step = 0; step < 20000; step++) {
		u64 k = (u64)rand() % KEYS;

		key_of(k, key);
		if (rand() % 3) {
			u8 *v = ev_table_get(&t, key, NULL);

			assert_non_null(v);
			count += !present[k];
			present[k] = true;
			value[k] = (u64)step;
			memcpy(v, &value[k], 8);
		} else {
			ev_table_delete(&t, key);
			count -= present[k];
			present[k] = false;
		}
		if (step % 997 == 0) {
			for (u64 j = 0; j < KEYS; j++) {
				u8 *v;

				key_of(j, key);
				v = ev_table_find(&t, key);
				if (!present[j]) {
					assert_null(v);
				} else {
					u64 got;

					assert_non_null(v);
					memcpy(&got, v, 8);
					assert_int_equal(got, value[j]);
				}
			}
			assert_int_equal(t.n, count);
		}
	}
	ev_table_release(&t);
}

static void test_limit_and_clear(void **state)
{
	struct ev_table t;
	u8 key[24];

	(void)state;
	ev_table_init(&t, 24, 8, 4);
	for (u64 k = 0; k < 4; k++) {
		key_of(k, key);
		assert_non_null(ev_table_get(&t, key, NULL));
	}
	key_of(4, key);
	assert_null(ev_table_get(&t, key, NULL));       /* full: the update is dropped */
	key_of(2, key);
	assert_non_null(ev_table_get(&t, key, NULL));   /* an existing key still updates */
	ev_table_clear(&t);
	assert_int_equal(t.n, 0);
	assert_null(ev_table_find(&t, key));
	key_of(4, key);
	assert_non_null(ev_table_get(&t, key, NULL));
	ev_table_release(&t);
}

/* Keyless maps use the 4-byte key 0; values sit 8-byte aligned after it. */
static void test_small_key(void **state)
{
	struct ev_table t;
	u32 zero = 0;
	u8 *v;

	(void)state;
	ev_table_init(&t, 4, 16, 1);
	v = ev_table_get(&t, &zero, NULL);
	assert_non_null(v);
	assert_int_equal((uintptr_t)(v - ev_table_key(&t, 0)), 8);
	assert_int_equal((uintptr_t)v % 8, 0);
	assert_ptr_equal(ev_table_find(&t, &zero), v);
	ev_table_release(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_insert_find),
		cmocka_unit_test(test_delete_model),
		cmocka_unit_test(test_limit_and_clear),
		cmocka_unit_test(test_small_key),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
