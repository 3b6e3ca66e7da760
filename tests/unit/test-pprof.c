/* Unit tests for util/profile/protobuf (the wire format: varints, negative
 * int64s, packed fields, lengths) and util/profile/pprof (a profile written,
 * gunzipped and read back with the small protobuf reader below: sample
 * types, equal stacks merged, the value in its event's column, locations,
 * functions and the string table). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include <cmocka.h>

#include "util/profile/pprof.h"
#include "util/profile/protobuf.h"

static void test_varint(void **state)
{
	struct outbuf ob;

	outbuf_init_mem(&ob);
	pb_varint(&ob, 0);
	pb_varint(&ob, 1);
	pb_varint(&ob, 300);            /* the protobuf documentation's example: ac 02 */
	pb_varint(&ob, UINT64_MAX);
	assert_int_equal(ob.len, 1 + 1 + 2 + 10);
	assert_memory_equal(ob.buf, "\x00\x01\xac\x02", 4);
	assert_memory_equal(ob.buf + 4, "\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01", 10);
	outbuf_reset(&ob);
	pb_int(&ob, 1, -1);             /* int64 -1: tag 08, ten bytes */
	assert_int_equal(ob.len, 11);
	assert_int_equal((unsigned char)ob.buf[0], 0x08);
	outbuf_reset(&ob);
	pb_string(&ob, 6, "cpu");       /* tag (6 << 3) | 2 */
	assert_int_equal(ob.len, 5);
	assert_memory_equal(ob.buf, "\x32\x03" "cpu", 5);
	outbuf_reset(&ob);
	pb_packed(&ob, 1, (const u64[]){ 3, 270, 86942 }, 3);   /* 0a 06 03 8e 02 9e a7 05 */
	assert_int_equal(ob.len, 8);
	assert_memory_equal(ob.buf, "\x0a\x06\x03\x8e\x02\x9e\xa7\x05", 8);
	outbuf_reset(&ob);
	pb_packed(&ob, 1, NULL, 0);
	assert_int_equal(ob.len, 0);
	outbuf_release(&ob);
}

/* ---- a protobuf reader, for checking --------------------------------------- */

struct field {
	u32 num;
	unsigned wire;
	u64 v;                  /* varint */
	const u8 *p;            /* length-delimited */
	size_t n;
};

static bool next_field(const u8 **p, const u8 *end, struct field *f)
{
	u64 key = 0;
	unsigned shift = 0;

	if (*p >= end)
		return false;
#define VARINT(out)                                                     \
	do {                                                            \
		(out) = 0;                                              \
		shift = 0;                                              \
		for (;;) {                                              \
			assert_true(*p < end);                          \
			u8 b = *(*p)++;                                 \
			(out) |= (u64)(b & 0x7f) << shift;              \
			shift += 7;                                     \
			if (!(b & 0x80))                                \
				break;                                  \
		}                                                       \
	} while (0)
	VARINT(key);
	f->num = (u32)(key >> 3);
	f->wire = key & 7;
	if (f->wire == 0) {
		VARINT(f->v);
	} else {
		assert_int_equal(f->wire, 2);
		VARINT(f->n);
		assert_true(f->n <= (size_t)(end - *p));
		f->p = *p;
		*p += f->n;
	}
	return true;
}

/* The varint field num of a message (0 when absent). */
static u64 get_uint(const u8 *p, size_t n, u32 num)
{
	struct field f;
	u64 v = 0;

	for (const u8 *q = p; next_field(&q, p + n, &f);)
		if (f.num == num && f.wire == 0)
			v = f.v;
	return v;
}

struct profile {
	u8 *buf;
	size_t len;
	const char *strings[64];
	unsigned nr_strings;
	unsigned nr[16];        /* occurrences of each top-level field */
};

static void read_profile(const char *path, struct profile *pr)
{
	gzFile gz = gzopen(path, "rb");
	size_t cap = 1 << 20;
	int n;
	struct field f;

	memset(pr, 0, sizeof(*pr));
	assert_non_null(gz);
	pr->buf = malloc(cap);
	assert_non_null(pr->buf);
	n = gzread(gz, pr->buf, (unsigned)cap);
	assert_true(n > 0 && (size_t)n < cap);
	pr->len = (size_t)n;
	gzclose(gz);
	for (const u8 *q = pr->buf; next_field(&q, pr->buf + pr->len, &f);) {
		if (f.num < 16)
			pr->nr[f.num]++;
		if (f.num == 6 && pr->nr_strings < 64)
			pr->strings[pr->nr_strings++] = strndup((const char *)f.p, f.n);
	}
}

static void free_profile(struct profile *pr)
{
	for (unsigned i = 0; i < pr->nr_strings; i++)
		free((void *)pr->strings[i]);
	free(pr->buf);
}

/* The n-th (0-based) top-level field num. */
static struct field nth(const struct profile *pr, u32 num, unsigned n)
{
	struct field f;

	for (const u8 *q = pr->buf; next_field(&q, pr->buf + pr->len, &f);)
		if (f.num == num && !n--)
			return f;
	fail_msg("no field %u #%u", num, n);
	return f;
}

static void test_profile(void **state)
{
	struct symbol hot = { .start = 0x1000, .size = 0x100, .name = "hot", .kind = 'T' };
	struct symbol main_sym = { .start = 0x2000, .size = 0x100, .name = "main", .kind = 'T' };
	struct dso dso = { .path = "/usr/bin/prog", .name = "prog", .build_id = { 0xab, 0xcd }, .build_id_size = 2 };
	struct hist_frame frames[3];
	struct pprof_sample s = { .event = 1, .value = 250000, .pid = 42, .tid = 43, .comm = "prog" };
	struct pprof_meta m = { .time_nanos = 1700000000000000000ll, .duration_nanos = 5000000, .comment = "test" };
	struct pprof *p = pprof_new(NULL);
	char path[] = "/tmp/scry-test-pprof.XXXXXX", err[256];
	struct profile pr;
	struct field f;
	int fd = mkstemp(path);

	assert_true(fd >= 0);
	close(fd);
	assert_non_null(p);
	memset(frames, 0, sizeof(frames));
	frames[0].k.dso = &dso;
	frames[0].k.sym = &hot;
	frames[0].k.addr = 0x1010;
	frames[0].f.ip = 0x401010;
	frames[1].k.dso = &dso;
	frames[1].k.sym = &main_sym;
	frames[1].k.addr = 0x2020;
	frames[1].f.ip = 0x402020;
	frames[2].f.ip = 0xdead;        /* no map: a location of its own, no lines */
	assert_int_equal(pprof_event(p, 0, "sched:sched_switch", false), 0);
	assert_int_equal(pprof_event(p, 1, "cpu-clock", true), 0);
	assert_int_equal(pprof_add(p, &s, frames, 3), 0);
	assert_int_equal(pprof_add(p, &s, frames, 3), 0);       /* merged */
	s.event = 0;
	s.value = 1;
	assert_int_equal(pprof_add(p, &s, frames, 1), 0);
	assert_int_equal(pprof_write(p, path, &m, err, sizeof(err)), 0);
	pprof_free(p);

	read_profile(path, &pr);
	unlink(path);
	assert_int_equal(pr.nr[1], 2);                  /* sample types */
	assert_int_equal(pr.nr[2], 2);                  /* samples: two stacks */
	assert_int_equal(pr.nr[3], 1);                  /* one mapping */
	assert_int_equal(pr.nr[4], 3);                  /* three locations */
	assert_int_equal(pr.nr[5], 2);                  /* hot, main */
	assert_string_equal(pr.strings[0], "");
	/* sample type 1 is "cpu"/"nanoseconds", 0 the tracepoint's "count" */
	f = nth(&pr, 1, 1);
	assert_string_equal(pr.strings[get_uint(f.p, f.n, 1)], "cpu");
	assert_string_equal(pr.strings[get_uint(f.p, f.n, 2)], "nanoseconds");
	f = nth(&pr, 1, 0);
	assert_string_equal(pr.strings[get_uint(f.p, f.n, 1)], "sched:sched_switch");
	assert_string_equal(pr.strings[get_uint(f.p, f.n, 2)], "count");
	/* the merged sample: locations 1 2 3, values [0, 500000], 3 labels */
	f = nth(&pr, 2, 0);
	{
		struct field g;
		unsigned labels = 0;

		for (const u8 *q = f.p; next_field(&q, f.p + f.n, &g);) {
			if (g.num == 1)
				assert_memory_equal(g.p, "\x01\x02\x03", 3);
			if (g.num == 2) {
				assert_int_equal(g.n, 1 + 3);   /* 0, then 500000 in three bytes */
				assert_memory_equal(g.p, "\x00\xa0\xc2\x1e", 4);
			}
			if (g.num == 3) {
				const char *key = pr.strings[get_uint(g.p, g.n, 1)];
				labels++;
				if (!strcmp(key, "pid"))
					assert_int_equal(get_uint(g.p, g.n, 3), 42);
				else if (!strcmp(key, "tid"))
					assert_int_equal(get_uint(g.p, g.n, 3), 43);
				else
					assert_string_equal(pr.strings[get_uint(g.p, g.n, 2)], "prog");
			}
		}
		assert_int_equal(labels, 3);
	}
	/* the mapping: the DSO's path and build-id, its locations' range */
	f = nth(&pr, 3, 0);
	assert_string_equal(pr.strings[get_uint(f.p, f.n, 5)], "/usr/bin/prog");
	assert_string_equal(pr.strings[get_uint(f.p, f.n, 6)], "abcd");
	assert_int_equal(get_uint(f.p, f.n, 2), 0x401010);
	assert_int_equal(get_uint(f.p, f.n, 3), 0x402021);
	assert_int_equal(get_uint(f.p, f.n, 7), 1);
	/* location 3 has no mapping and no line; location 1 is hot's */
	f = nth(&pr, 4, 2);
	assert_int_equal(get_uint(f.p, f.n, 2), 0);
	assert_int_equal(get_uint(f.p, f.n, 3), 0xdead);
	f = nth(&pr, 5, 0);
	assert_string_equal(pr.strings[get_uint(f.p, f.n, 2)], "hot");
	f = nth(&pr, 9, 0);
	(void)f;
	assert_int_equal(pr.nr[9], 1);
	assert_int_equal(pr.nr[10], 1);
	assert_int_equal(get_uint(pr.buf, pr.len, 10), 5000000);
	assert_int_equal(get_uint(pr.buf, pr.len, 9), 1700000000000000000ull);
	assert_string_equal(pr.strings[get_uint(pr.buf, pr.len, 14)], "sched:sched_switch");
	free_profile(&pr);
}

static void test_write_error(void **state)
{
	struct pprof *p = pprof_new(NULL);
	struct pprof_meta m = { 0 };
	char err[256];

	assert_non_null(p);
	assert_int_equal(pprof_write(p, "/nonexistent-dir/x.pb.gz", &m, err, sizeof(err)), -1);
	assert_string_equal(err, "cannot create /nonexistent-dir/x.pb.gz: No such file or directory");
	pprof_free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_varint),
		cmocka_unit_test(test_profile),
		cmocka_unit_test(test_write_error),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
