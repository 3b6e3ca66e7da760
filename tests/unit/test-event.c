/* Unit tests for util/core/event: PERF_RECORD_SAMPLE parsing for the sample_type
 * combinations scry uses (tracepoints, callchains, group reads, DWARF unwind
 * stacks, branch stacks), the sample_id trailer of other records, and
 * truncated records.  Records come from data files as well as the kernel, so
 * every prefix of a valid record must be refused without reading past its
 * end: each prefix is copied into a heap block of exactly its size, which
 * AddressSanitizer (make unit SANITIZE=1) guards on both sides. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "util/core/event.h"

/* ---- building records by hand ------------------------------------------- */

struct rec {
	u8 buf[4096];
	size_t len;
};

static struct perf_event_header *rec_start(struct rec *r, u32 type)
{
	struct perf_event_header *h = (struct perf_event_header *)r->buf;

	memset(r, 0, sizeof(*r));
	h->type = type;
	r->len = sizeof(*h);
	return h;
}

static void put(struct rec *r, const void *p, size_t n)
{
	assert_true(r->len + n <= sizeof(r->buf));
	memcpy(r->buf + r->len, p, n);
	r->len += n;
}

static void put64(struct rec *r, u64 v) { put(r, &v, 8); }
static void put32x2(struct rec *r, u32 lo, u32 hi) { put64(r, (u64)hi << 32 | lo); }

static const struct perf_event_header *rec_end(struct rec *r)
{
	struct perf_event_header *h = (struct perf_event_header *)r->buf;

	h->size = (u16)r->len;
	return h;
}

/* Every proper prefix of h, in an exactly-sized heap copy whose size field
 * says the truncated length, must fail to parse.  A sample_id trailer is
 * read from the end of the record, so it cannot tell a truncated body from a
 * short one: for those only prefixes shorter than header + trailer are
 * certain to be refused (and must be, without a read out of bounds). */
static void check_truncations(const struct perf_event_header *h, const struct sample_layout *l, bool sample)
{
	u16 upto = sample ? h->size : (u16)(sizeof(*h) + sample_id_size(l));

	for (u16 len = 0; len < upto; len++) {
		size_t alloc = len < sizeof(*h) ? sizeof(*h) : len;
		struct perf_event_header *t = malloc(alloc);
		struct perf_sample s;
		int rc;

		assert_non_null(t);
		memcpy(t, h, alloc);
		t->size = len;
		rc = sample ? sample_parse(t, l, &s) : sample_id_parse(t, l, &s);
		free(t);
		if (rc != -1)
			fail_msg("truncated to %u of %u bytes: parsed", (unsigned)len, (unsigned)h->size);
	}
}

/* The full record, also in an exactly-sized block. */
static int parse_exact(const struct perf_event_header *h, const struct sample_layout *l, struct perf_sample *s,
		       void **keep)
{
	void *copy = malloc(h->size);

	assert_non_null(copy);
	memcpy(copy, h, h->size);
	*keep = copy;
	return sample_parse(copy, l, s);
}

/* ---- sample layouts --------------------------------------------------------- */

/* A tracepoint sample as `trace` opens it. */
static void test_tracepoint_sample(void **state)
{
	struct sample_layout l = {
		.sample_type = PERF_SAMPLE_IDENTIFIER | PERF_SAMPLE_TID | PERF_SAMPLE_TIME |
			       PERF_SAMPLE_CPU | PERF_SAMPLE_RAW,
	};
	const u8 raw[12] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 };   /* 4 + 12: u64-aligned */
	struct perf_sample s;
	struct rec r;
	void *copy;
	u32 rawsz = sizeof(raw);

	rec_start(&r, PERF_RECORD_SAMPLE);
	put64(&r, 0xabcdef01);                  /* IDENTIFIER */
	put32x2(&r, 1234, 1240);                /* pid, tid */
	put64(&r, 987654321012ULL);             /* TIME */
	put32x2(&r, 7, 0);                      /* CPU, res */
	put(&r, &rawsz, 4);
	put(&r, raw, sizeof(raw));
	rec_end(&r);

	assert_int_equal(parse_exact((void *)r.buf, &l, &s, &copy), 0);
	assert_true(s.has_id);
	assert_int_equal(s.id, 0xabcdef01);
	assert_int_equal(s.pid, 1234);
	assert_int_equal(s.tid, 1240);
	assert_true(s.has_time);
	assert_int_equal(s.time, 987654321012ULL);
	assert_true(s.has_cpu);
	assert_int_equal(s.cpu, 7);
	assert_int_equal(s.raw_size, 12);
	assert_non_null(s.raw_data);
	/* Points into the record, right after the size word. */
	assert_ptr_equal(s.raw_data, (u8 *)copy + 8 + 32 + 4);
	assert_memory_equal(s.raw_data, raw, 12);
	/* Fields the layout lacks stay zero/NULL. */
	assert_int_equal(s.ip, 0);
	assert_int_equal(s.period, 0);
	assert_null(s.callchain);
	assert_null(s.user_regs);
	assert_null(s.read_data);
	free(copy);

	check_truncations((void *)r.buf, &l, true);
}

/* cpu-clock sampling with a frame-pointer callchain. */
static void test_callchain_sample(void **state)
{
	struct sample_layout l = {
		.sample_type = PERF_SAMPLE_IP | PERF_SAMPLE_TID | PERF_SAMPLE_TIME |
			       PERF_SAMPLE_PERIOD | PERF_SAMPLE_CALLCHAIN,
	};
	const u64 chain[4] = { PERF_CONTEXT_USER, 0x401000, 0x401234, 0x7f0000001000ULL };
	struct perf_sample s;
	struct rec r;
	void *copy;

	rec_start(&r, PERF_RECORD_SAMPLE);
	put64(&r, 0x401000);            /* IP */
	put32x2(&r, 42, 43);
	put64(&r, 5000);                /* TIME */
	put64(&r, 250000);              /* PERIOD */
	put64(&r, 4);                   /* callchain nr */
	put(&r, chain, sizeof(chain));
	rec_end(&r);

	assert_int_equal(parse_exact((void *)r.buf, &l, &s, &copy), 0);
	assert_int_equal(s.ip, 0x401000);
	assert_int_equal(s.pid, 42);
	assert_int_equal(s.tid, 43);
	assert_int_equal(s.time, 5000);
	assert_int_equal(s.period, 250000);
	assert_false(s.has_id);
	assert_false(s.has_cpu);
	assert_int_equal(s.callchain_nr, 4);
	assert_non_null(s.callchain);
	assert_memory_equal(s.callchain, chain, sizeof(chain));
	free(copy);
	check_truncations((void *)r.buf, &l, true);

	/* A callchain count larger than the record: refused, not followed. */
	rec_start(&r, PERF_RECORD_SAMPLE);
	put64(&r, 1);
	put32x2(&r, 1, 1);
	put64(&r, 1);
	put64(&r, 1);
	put64(&r, 1ULL << 60);          /* nr * 8 would overflow */
	put64(&r, 0);
	rec_end(&r);
	assert_int_equal(parse_exact((void *)r.buf, &l, &s, &copy), -1);
	free(copy);

	/* An empty callchain is valid. */
	rec_start(&r, PERF_RECORD_SAMPLE);
	put64(&r, 1);
	put32x2(&r, 1, 1);
	put64(&r, 1);
	put64(&r, 1);
	put64(&r, 0);
	rec_end(&r);
	assert_int_equal(parse_exact((void *)r.buf, &l, &s, &copy), 0);
	assert_int_equal(s.callchain_nr, 0);
	free(copy);
}

/* PERF_SAMPLE_READ with a group: the block's size depends on nr and on
 * read_format; getting it wrong shifts every later field. */
static void test_read_group_sample(void **state)
{
	struct sample_layout l = {
		.sample_type = PERF_SAMPLE_TID | PERF_SAMPLE_TIME | PERF_SAMPLE_ID |
			       PERF_SAMPLE_READ | PERF_SAMPLE_CALLCHAIN,
		.read_format = PERF_FORMAT_GROUP | PERF_FORMAT_ID | PERF_FORMAT_TOTAL_TIME_ENABLED |
			       PERF_FORMAT_TOTAL_TIME_RUNNING | PERF_FORMAT_LOST,
	};
	struct perf_sample s;
	struct rec r;
	void *copy;

	rec_start(&r, PERF_RECORD_SAMPLE);
	put32x2(&r, 10, 11);
	put64(&r, 777);                 /* TIME */
	put64(&r, 99);                  /* ID */
	put64(&r, 2);                   /* READ: nr */
	put64(&r, 1000);                /* time_enabled */
	put64(&r, 900);                 /* time_running */
	for (u64 i = 0; i < 2; i++) {
		put64(&r, 100 + i);     /* value */
		put64(&r, 200 + i);     /* id */
		put64(&r, 0);           /* lost */
	}
	put64(&r, 1);                   /* callchain nr */
	put64(&r, 0xffffffff81000000ULL);
	rec_end(&r);

	assert_int_equal(parse_exact((void *)r.buf, &l, &s, &copy), 0);
	assert_int_equal(s.tid, 11);
	assert_int_equal(s.time, 777);
	assert_int_equal(s.id, 99);
	assert_true(s.has_id);
	assert_ptr_equal(s.read_data, (u8 *)copy + 8 + 24);
	assert_int_equal(s.read_size, (3 + 2 * 3) * 8);
	assert_int_equal(((const u64 *)s.read_data)[0], 2);
	assert_int_equal(((const u64 *)s.read_data)[3], 100);
	assert_int_equal(((const u64 *)s.read_data)[7], 201);
	assert_int_equal(s.callchain_nr, 1);
	assert_int_equal(s.callchain[0], 0xffffffff81000000ULL);
	free(copy);
	check_truncations((void *)r.buf, &l, true);

	/* Without GROUP: one value with its extras and no nr. */
	l.sample_type = PERF_SAMPLE_READ | PERF_SAMPLE_PERIOD | PERF_SAMPLE_CPU;
	l.read_format = PERF_FORMAT_ID | PERF_FORMAT_TOTAL_TIME_ENABLED;
	rec_start(&r, PERF_RECORD_SAMPLE);
	put32x2(&r, 3, 0);              /* CPU */
	put64(&r, 4000);                /* PERIOD */
	put64(&r, 55);                  /* value */
	put64(&r, 66);                  /* time_enabled */
	put64(&r, 77);                  /* id */
	rec_end(&r);
	assert_int_equal(parse_exact((void *)r.buf, &l, &s, &copy), 0);
	assert_int_equal(s.cpu, 3);
	assert_int_equal(s.period, 4000);
	assert_int_equal(s.read_size, 24);
	assert_int_equal(((const u64 *)s.read_data)[2], 77);
	free(copy);
	check_truncations((void *)r.buf, &l, true);
}

/* --call-graph dwarf: user registers and a copy of the user stack, of
 * which only dyn_size bytes are valid. */
static void test_regs_stack_sample(void **state)
{
	struct sample_layout l = {
		.sample_type = PERF_SAMPLE_IP | PERF_SAMPLE_TID | PERF_SAMPLE_REGS_USER |
			       PERF_SAMPLE_STACK_USER | PERF_SAMPLE_WEIGHT,
		.regs_user = (1ULL << 6) | (1ULL << 7) | (1ULL << 8),    /* three registers */
	};
	u8 stack[64];
	struct perf_sample s;
	struct rec r;
	void *copy;

	for (size_t i = 0; i < sizeof(stack); i++)
		stack[i] = (u8)(0xa0 + i);
	rec_start(&r, PERF_RECORD_SAMPLE);
	put64(&r, 0x400500);
	put32x2(&r, 8, 9);
	put64(&r, PERF_SAMPLE_REGS_ABI_64);
	put64(&r, 0x1111);
	put64(&r, 0x2222);
	put64(&r, 0x3333);
	put64(&r, sizeof(stack));       /* size */
	put(&r, stack, sizeof(stack));
	put64(&r, 40);                  /* dyn_size */
	put64(&r, 123);                 /* WEIGHT: proves the stack was skipped right */
	rec_end(&r);

	assert_int_equal(parse_exact((void *)r.buf, &l, &s, &copy), 0);
	assert_int_equal(s.ip, 0x400500);
	assert_int_equal(s.tid, 9);
	assert_int_equal(s.user_regs_abi, PERF_SAMPLE_REGS_ABI_64);
	assert_non_null(s.user_regs);
	assert_int_equal(s.user_regs[0], 0x1111);
	assert_int_equal(s.user_regs[2], 0x3333);
	assert_ptr_equal(s.user_stack, (u8 *)copy + 8 + 16 + 32 + 8);
	assert_int_equal(s.user_stack_size, 40);
	assert_memory_equal(s.user_stack, stack, 40);
	assert_int_equal(s.weight, 123);
	free(copy);
	check_truncations((void *)r.buf, &l, true);

	/* ABI_NONE (a kernel thread): no registers follow; a zero stack size
	 * has no data and no dyn_size. dyn_size above size is clamped. */
	rec_start(&r, PERF_RECORD_SAMPLE);
	put64(&r, 0xffffffff81000000ULL);
	put32x2(&r, 0, 0);
	put64(&r, PERF_SAMPLE_REGS_ABI_NONE);
	put64(&r, 0);                   /* stack size 0 */
	put64(&r, 5);                   /* WEIGHT */
	rec_end(&r);
	assert_int_equal(parse_exact((void *)r.buf, &l, &s, &copy), 0);
	assert_int_equal(s.user_regs_abi, 0);
	assert_null(s.user_regs);
	assert_null(s.user_stack);
	assert_int_equal(s.user_stack_size, 0);
	assert_int_equal(s.weight, 5);
	free(copy);
	check_truncations((void *)r.buf, &l, true);

	rec_start(&r, PERF_RECORD_SAMPLE);
	put64(&r, 1);
	put32x2(&r, 1, 1);
	put64(&r, PERF_SAMPLE_REGS_ABI_64);
	put64(&r, 1);
	put64(&r, 2);
	put64(&r, 3);
	put64(&r, 16);
	put(&r, stack, 16);
	put64(&r, 4096);                /* dyn_size > size: damaged, clamp */
	put64(&r, 6);
	rec_end(&r);
	assert_int_equal(parse_exact((void *)r.buf, &l, &s, &copy), 0);
	assert_int_equal(s.user_stack_size, 16);
	assert_int_equal(s.weight, 6);
	free(copy);
}

/* Branch stacks are skipped (not kept), but their size, with and without
 * the hw_idx word, decides where the later fields are. */
static void test_branch_stack_sample(void **state)
{
	struct sample_layout l = {
		.sample_type = PERF_SAMPLE_IP | PERF_SAMPLE_BRANCH_STACK | PERF_SAMPLE_DATA_SRC |
			       PERF_SAMPLE_PHYS_ADDR | PERF_SAMPLE_CGROUP,
	};
	struct perf_branch_entry br[3];
	struct perf_sample s;
	struct rec r;
	void *copy;

	assert_int_equal(sizeof(br[0]), 24);
	memset(br, 0x5a, sizeof(br));
	for (int hw = 0; hw < 2; hw++) {
		l.branch_sample_type = PERF_SAMPLE_BRANCH_ANY | (hw ? PERF_SAMPLE_BRANCH_HW_INDEX : 0);
		rec_start(&r, PERF_RECORD_SAMPLE);
		put64(&r, 0x1234);
		put64(&r, 3);                   /* nr */
		if (hw)
			put64(&r, 2);           /* hw_idx */
		put(&r, br, sizeof(br));
		put64(&r, 0xd5);                /* DATA_SRC */
		put64(&r, 0x7ffff000);          /* PHYS_ADDR */
		put64(&r, 4242);                /* CGROUP */
		rec_end(&r);

		assert_int_equal(parse_exact((void *)r.buf, &l, &s, &copy), 0);
		assert_int_equal(s.ip, 0x1234);
		assert_int_equal(s.data_src, 0xd5);
		assert_int_equal(s.phys_addr, 0x7ffff000);
		assert_int_equal(s.cgroup, 4242);
		free(copy);
		check_truncations((void *)r.buf, &l, true);
	}

	/* An absurd branch count is refused before any arithmetic on it. */
	l.branch_sample_type = 0;
	rec_start(&r, PERF_RECORD_SAMPLE);
	put64(&r, 1);
	put64(&r, 1ULL << 62);
	put64(&r, 0);
	put64(&r, 0);
	put64(&r, 0);
	rec_end(&r);
	assert_int_equal(parse_exact((void *)r.buf, &l, &s, &copy), -1);
	free(copy);
}

/* Every simple u64 field in kernel order, so that a swapped pair shows. */
static void test_field_order(void **state)
{
	struct sample_layout l = {
		.sample_type = PERF_SAMPLE_IDENTIFIER | PERF_SAMPLE_IP | PERF_SAMPLE_TID |
			       PERF_SAMPLE_TIME | PERF_SAMPLE_ADDR | PERF_SAMPLE_ID |
			       PERF_SAMPLE_STREAM_ID | PERF_SAMPLE_CPU | PERF_SAMPLE_PERIOD |
			       PERF_SAMPLE_TRANSACTION,
	};
	struct perf_sample s;
	struct rec r;
	void *copy;

	rec_start(&r, PERF_RECORD_SAMPLE);
	put64(&r, 1);                   /* IDENTIFIER */
	put64(&r, 2);                   /* IP */
	put32x2(&r, 3, 4);              /* TID */
	put64(&r, 5);                   /* TIME */
	put64(&r, 6);                   /* ADDR */
	put64(&r, 1);                   /* ID (same event as IDENTIFIER) */
	put64(&r, 8);                   /* STREAM_ID */
	put32x2(&r, 9, 0xffff);         /* CPU, res (ignored) */
	put64(&r, 10);                  /* PERIOD */
	put64(&r, 11);                  /* TRANSACTION */
	rec_end(&r);
	assert_int_equal(parse_exact((void *)r.buf, &l, &s, &copy), 0);
	assert_int_equal(s.id, 1);
	assert_int_equal(s.ip, 2);
	assert_int_equal(s.pid, 3);
	assert_int_equal(s.tid, 4);
	assert_int_equal(s.time, 5);
	assert_int_equal(s.addr, 6);
	assert_int_equal(s.stream_id, 8);
	assert_int_equal(s.cpu, 9);
	assert_int_equal(s.period, 10);
	assert_int_equal(s.transaction, 11);
	free(copy);
	check_truncations((void *)r.buf, &l, true);
	/* record_time reads the same time without parsing the rest */
	assert_int_equal(record_time((void *)r.buf, &l), 5);
	l.sample_type &= ~(u64)PERF_SAMPLE_TIME;
	assert_int_equal(record_time((void *)r.buf, &l), 0);
	l.sample_type |= PERF_SAMPLE_TIME;

	/* Trailing bytes beyond the layout are tolerated (newer kernels). */
	put64(&r, 0);
	rec_end(&r);
	assert_int_equal(parse_exact((void *)r.buf, &l, &s, &copy), 0);
	assert_int_equal(s.transaction, 11);
	free(copy);
}

/* ---- non-sample records ------------------------------------------------------ */

static void test_sample_id_trailer(void **state)
{
	struct sample_layout l = {
		.sample_type = PERF_SAMPLE_IDENTIFIER | PERF_SAMPLE_IP | PERF_SAMPLE_TID |
			       PERF_SAMPLE_TIME | PERF_SAMPLE_CPU | PERF_SAMPLE_RAW,
		.sample_id_all = true,
	};
	char comm[16] = "cat";
	struct perf_sample s;
	struct rec r;
	u64 id = 0;

	/* IP and RAW are not part of the trailer: TID, TIME, CPU, IDENTIFIER are. */
	assert_int_equal(sample_id_size(&l), 32);

	rec_start(&r, PERF_RECORD_COMM);
	put32x2(&r, 500, 501);          /* the COMM body: pid, tid */
	put(&r, comm, sizeof(comm));
	put32x2(&r, 500, 501);          /* trailer: TID */
	put64(&r, 123456789);           /* TIME */
	put32x2(&r, 2, 0);              /* CPU */
	put64(&r, 0x77);                /* IDENTIFIER, always last */
	rec_end(&r);

	assert_int_equal(sample_id_parse((void *)r.buf, &l, &s), 0);
	assert_int_equal(s.pid, 500);
	assert_int_equal(s.tid, 501);
	assert_true(s.has_time);
	assert_int_equal(s.time, 123456789);
	assert_int_equal(record_time((void *)r.buf, &l), 123456789);
	assert_true(s.has_cpu);
	assert_int_equal(s.cpu, 2);
	assert_true(s.has_id);
	assert_int_equal(s.id, 0x77);
	check_truncations((void *)r.buf, &l, false);

	/* record_identifier: the last u64 of a non-sample record. */
	assert_true(record_identifier((void *)r.buf, &id));
	assert_int_equal(id, 0x77);

	/* Without sample_id_all there is no trailer to read. */
	l.sample_id_all = false;
	assert_int_equal(sample_id_size(&l), 0);
	assert_int_equal(sample_id_parse((void *)r.buf, &l, &s), 0);
	assert_false(s.has_time);
	assert_int_equal(s.pid, 0);

	/* ID and STREAM_ID in the trailer, in that order. */
	l.sample_type = PERF_SAMPLE_ID | PERF_SAMPLE_STREAM_ID;
	l.sample_id_all = true;
	assert_int_equal(sample_id_size(&l), 16);
	rec_start(&r, PERF_RECORD_EXIT);
	put64(&r, 0xee);
	put64(&r, 31);
	put64(&r, 32);
	rec_end(&r);
	assert_int_equal(sample_id_parse((void *)r.buf, &l, &s), 0);
	assert_int_equal(s.id, 31);
	assert_int_equal(s.stream_id, 32);
	assert_false(s.has_time);
}

static void test_record_identifier(void **state)
{
	struct rec r;
	u64 id = 0;

	/* A sample: the first u64 after the header. */
	rec_start(&r, PERF_RECORD_SAMPLE);
	put64(&r, 0x1111);
	put64(&r, 0x2222);
	rec_end(&r);
	assert_true(record_identifier((void *)r.buf, &id));
	assert_int_equal(id, 0x1111);

	/* Anything else: the last. */
	rec_start(&r, PERF_RECORD_MMAP2);
	put64(&r, 0x1111);
	put64(&r, 0x2222);
	rec_end(&r);
	assert_true(record_identifier((void *)r.buf, &id));
	assert_int_equal(id, 0x2222);

	/* A header alone carries no id; id is left untouched. */
	rec_start(&r, PERF_RECORD_SAMPLE);
	rec_end(&r);
	id = 5;
	assert_false(record_identifier((void *)r.buf, &id));
	assert_int_equal(id, 5);
	rec_start(&r, PERF_RECORD_LOST);
	put(&r, "1234", 4);
	rec_end(&r);
	assert_false(record_identifier((void *)r.buf, &id));
	assert_int_equal(id, 5);
}

static void test_record_type_name(void **state)
{
	assert_string_equal(record_type_name(PERF_RECORD_SAMPLE), "SAMPLE");
	assert_string_equal(record_type_name(PERF_RECORD_MMAP), "MMAP");
	assert_string_equal(record_type_name(PERF_RECORD_MMAP2), "MMAP2");
	assert_string_equal(record_type_name(PERF_RECORD_LOST), "LOST");
	assert_string_equal(record_type_name(PERF_RECORD_COMM), "COMM");
	assert_string_equal(record_type_name(PERF_RECORD_FORK), "FORK");
	assert_string_equal(record_type_name(PERF_RECORD_EXIT), "EXIT");
	assert_string_equal(record_type_name(PERF_RECORD_LOST_SAMPLES), "LOST_SAMPLES");
	assert_string_equal(record_type_name(PERF_RECORD_SWITCH_CPU_WIDE), "SWITCH_CPU_WIDE");
	assert_string_equal(record_type_name(PERF_RECORD_AUX_OUTPUT_HW_ID), "AUX_OUTPUT_HW_ID");
	/* 0 is not a record type; user types (perf.data's 64+) and garbage
	 * are unknown, not an out-of-bounds read. */
	assert_string_equal(record_type_name(0), "UNKNOWN");
	assert_string_equal(record_type_name(PERF_RECORD_MAX), "UNKNOWN");
	assert_string_equal(record_type_name(68), "UNKNOWN");
	assert_string_equal(record_type_name(UINT32_MAX), "UNKNOWN");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tracepoint_sample),
		cmocka_unit_test(test_callchain_sample),
		cmocka_unit_test(test_read_group_sample),
		cmocka_unit_test(test_regs_stack_sample),
		cmocka_unit_test(test_branch_stack_sample),
		cmocka_unit_test(test_field_order),
		cmocka_unit_test(test_sample_id_trailer),
		cmocka_unit_test(test_record_identifier),
		cmocka_unit_test(test_record_type_name),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
