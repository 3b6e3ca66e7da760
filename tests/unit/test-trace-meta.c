/* Unit tests for util/trace/trace-meta: a metadata record, as scry trace
 * record writes it, parses with the meta event's sample layout and decodes
 * back to what was written; damaged raw data is refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "util/core/event.h"
#include "util/trace/trace-meta.h"
#include "util/perfdata/file-session.h"

static const struct sample_layout meta_layout = { .sample_type = TRACE_META_SAMPLE_TYPE, .sample_id_all = true };

static void round_trip(u32 len)
{
	char payload[300];
	struct trace_meta m = { META_FD, len, 1234, 7, 99 }, got;
	struct perf_event_header *h;
	struct perf_sample s;
	const void *p;

	for (u32 i = 0; i < len; i++)
		payload[i] = (char)('a' + i % 26);
	h = trace_meta_record_new(0x1122334455667788ull, 987654321ull, &m, payload);
	assert_non_null(h);
	assert_int_equal(h->type, PERF_RECORD_SAMPLE);
	assert_int_equal(h->size % 8, 0);
	assert_int_equal(sample_parse(h, &meta_layout, &s), 0);
	assert_true(s.has_id);
	assert_true(s.id == 0x1122334455667788ull);
	assert_true(s.time == 987654321ull);
	assert_int_equal(s.pid, 0);
	assert_int_equal(s.cpu, 0);
	assert_non_null(s.raw_data);
	assert_int_equal(trace_meta_decode(s.raw_data, s.raw_size, &got, &p), 0);
	assert_int_equal(got.kind, META_FD);
	assert_int_equal(got.len, len);
	assert_true(got.a == 1234 && got.b == 7 && got.c == 99);
	assert_memory_equal(p, payload, len);
	/* The record id is where a reader looks for it. */
	{
		u64 id;
		assert_true(record_id(h, TRACE_META_SAMPLE_TYPE, &id));
		assert_true(id == 0x1122334455667788ull);
	}
	free(h);
}

static void test_round_trip(void **state)
{
	(void)state;
	/* Every payload length modulo 8: the padding keeps the record aligned. */
	for (u32 len = 0; len < 17; len++)
		round_trip(len);
	round_trip(300);
}

static void test_too_big(void **state)
{
	struct trace_meta m = { META_FD, 70000, 0, 0, 0 };
	static char big[70000];

	(void)state;
	assert_null(trace_meta_record_new(1, 2, &m, big));
}

static void test_decode_damaged(void **state)
{
	u8 raw[64] = { 0 };
	struct trace_meta m = { META_ATTACH, 16, 1, 2, 3 }, got;
	const void *p;

	(void)state;
	memcpy(raw, &m, sizeof(m));
	assert_int_equal(trace_meta_decode(raw, sizeof(m) + 16, &got, &p), 0);
	assert_ptr_equal(p, raw + sizeof(m));
	/* Shorter than its head, or than the payload it announces. */
	assert_int_equal(trace_meta_decode(raw, sizeof(m) - 1, &got, &p), -1);
	assert_int_equal(trace_meta_decode(raw, sizeof(m) + 15, &got, &p), -1);
	m.len = 0xffffffffu;
	memcpy(raw, &m, sizeof(m));
	assert_int_equal(trace_meta_decode(raw, sizeof(raw), &got, &p), -1);
}

/* report and script know a trace recording by its meta event's name
 * (util/perfdata/file-session.h), spelt there as here. */
static void test_file_session_knows_the_name(void **state)
{
	(void)state;
	assert_string_equal(FILE_SESSION_TRACE_META_EVENT, TRACE_META_EVENT_NAME);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_file_session_knows_the_name),
		cmocka_unit_test(test_too_big),
		cmocka_unit_test(test_decode_damaged),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
