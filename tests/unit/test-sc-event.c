/* Unit tests for the two syscall backends' decoders:
 *  - util/trace/sc-event: the BPF tracer's record (header + captured strings).
 *    It comes from a ring buffer or a data file, so every malformed shape
 *    must be refused without reading past `size` (records are decoded from
 *    exactly-sized heap copies, which the sanitizer build guards);
 *  - util/trace/sc-tp: pairing sys_enter/sys_exit tracepoint records per thread,
 *    including the cases a lossy ring produces (an exit without its entry,
 *    an entry while another is pending) and calls that never return. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "util/trace/sc-event.h"
#include "util/trace/sc-tp.h"
#include "util/core/tp-format.h"

/* ---- BPF records ------------------------------------------------------------------ */

/* A COMPLETE renameat2-like record with strings for arguments 1 and 3. */
static void *bpf_rec(u32 *size, const char *s0, u16 len0, const char *s1, u16 len1)
{
	struct scry_sc_rec r;
	u8 *buf;

	memset(&r, 0, sizeof(r));
	r.kind = SCRY_SC_COMPLETE;
	r.tid = 4242;
	r.pid = 4200;
	r.nr = 316;
	r.hdr_size = SCRY_SC_HDR_SIZE;
	r.ts_enter = 1000;
	r.ts_exit = 2500;
	for (int i = 0; i < SCRY_SC_NARGS; i++)
		r.args[i] = 0x100 + (u64)i;
	r.ret = -2;
	memcpy(r.comm, "mv", 3);
	r.vec_arg = r.cnt_arg = 0xff;
	r.str_len[0] = len0;
	r.str_arg[0] = 1;
	r.str_len[1] = len1;
	r.str_arg[1] = 3;
	*size = SCRY_SC_HDR_SIZE + len0 + len1;
	buf = malloc(*size);
	assert_non_null(buf);
	memcpy(buf, &r, SCRY_SC_HDR_SIZE);
	if (len0)
		memcpy(buf + SCRY_SC_HDR_SIZE, s0, len0);
	if (len1)
		memcpy(buf + SCRY_SC_HDR_SIZE + len0, s1, len1);
	return buf;
}

static struct scry_sc_rec *hdr(void *buf) { return buf; }

/* A record with two pieces (a 4-byte struct at return, an iovec piece
 * with no bytes) packed at cap_off 0: decoded in order, and any piece that
 * runs past the record refused. */
static void *cap_rec(u32 *size, u16 piece0_len)
{
	struct scry_sc_rec r;
	struct scry_sc_cap_hdr h;
	u8 *buf;
	u32 off = SCRY_SC_HDR_SIZE;

	memset(&r, 0, sizeof(r));
	r.kind = SCRY_SC_COMPLETE;
	r.nr = 7;
	r.hdr_size = SCRY_SC_HDR_SIZE;
	r.vec_arg = r.cnt_arg = 0xff;
	r.str_arg[0] = r.str_arg[1] = 0xff;
	r.cap_len = 2 * sizeof(h) + 8;
	r.cap_nr = 2;
	*size = SCRY_SC_HDR_SIZE + r.cap_len;
	buf = calloc(1, *size);
	assert_non_null(buf);
	memcpy(buf, &r, SCRY_SC_HDR_SIZE);
	memset(&h, 0, sizeof(h));
	h.arg = 0;
	h.kind = SCRY_CAP_FIXED;
	h.when = SCRY_CAP_EXIT;
	h.len = piece0_len;
	h.aux = 4;
	memcpy(buf + off, &h, sizeof(h));
	memcpy(buf + off + sizeof(h), "\x01\x02\x03\x04", 4);
	off += sizeof(h) + 8;
	h.arg = 2;
	h.kind = SCRY_CAP_IOV;
	h.when = SCRY_CAP_ENTRY;
	h.flags = SCRY_CAP_F_FAULT;
	h.len = 0;
	h.aux = 3;
	memcpy(buf + off, &h, sizeof(h));
	return buf;
}

static void test_bpf_caps(void **state)
{
	struct sc_event ev;
	u32 size;
	u8 *raw = cap_rec(&size, 4);

	(void)state;
	assert_int_equal(sc_event_from_bpf(raw, size, 0, &ev), 0);
	assert_int_equal(ev.ncap, 2);
	assert_int_equal(ev.caps[0].arg, 0);
	assert_int_equal(ev.caps[0].kind, SCRY_CAP_FIXED);
	assert_int_equal(ev.caps[0].when, SCRY_CAP_EXIT);
	assert_int_equal(ev.caps[0].len, 4);
	assert_memory_equal(ev.caps[0].data, "\x01\x02\x03\x04", 4);
	assert_int_equal(ev.caps[1].arg, 2);
	assert_true(ev.caps[1].fault);
	assert_int_equal(ev.caps[1].aux, 3);
	/* a count that disagrees, a piece longer than the record: refused */
	hdr(raw)->cap_nr = 3;
	assert_int_equal(sc_event_from_bpf(raw, size, 0, &ev), -1);
	free(raw);
	raw = cap_rec(&size, 200);
	assert_int_equal(sc_event_from_bpf(raw, size, 0, &ev), -1);
	/* cut short: the pieces are not all there */
	hdr(raw)->cap_nr = 2;
	assert_int_equal(sc_event_from_bpf(raw, size - 8, 0, &ev), -1);
	free(raw);
}

static void test_bpf_well_formed(void **state)
{
	struct sc_event ev;
	u32 size;
	u8 *raw = bpf_rec(&size, "old", 4, "/tmp/new", 9);

	/* The header layout is shared with the BPF program: pin its size. */
	assert_int_equal(SCRY_SC_HDR_SIZE, 128);
	assert_int_equal(SCRY_SC_HDR_SIZE_V1, 112);
	assert_int_equal(sc_event_from_bpf(raw, size, 3, &ev), 0);
	assert_int_equal(ev.kind, SCRY_SC_COMPLETE);
	assert_int_equal(ev.tid, 4242);
	assert_int_equal(ev.pid, 4200);
	assert_int_equal(ev.nr, 316);
	assert_int_equal(ev.cpu, 3);
	assert_int_equal(ev.ts_enter, 1000);
	assert_int_equal(ev.ts_exit, 2500);
	for (int i = 0; i < SCRY_SC_NARGS; i++)
		assert_int_equal(ev.args[i], 0x100 + (u64)i);
	assert_int_equal(ev.ret, -2);
	assert_string_equal(ev.comm, "mv");
	assert_false(ev.group_dead);
	assert_false(ev.continued);
	/* Strings point into the record; the length excludes the NUL. */
	assert_ptr_equal(ev.str[1], (char *)raw + SCRY_SC_HDR_SIZE);
	assert_int_equal(ev.str_len[1], 3);
	assert_memory_equal(ev.str[1], "old", 3);
	assert_false(ev.str_truncated[1]);
	assert_ptr_equal(ev.str[3], (char *)raw + SCRY_SC_HDR_SIZE + 4);
	assert_int_equal(ev.str_len[3], 8);
	assert_memory_equal(ev.str[3], "/tmp/new", 8);
	assert_null(ev.str[0]);
	assert_null(ev.str[2]);
	assert_null(ev.str[4]);
	assert_null(ev.str[5]);
	free(raw);

	/* Only the second slot used; a full 16-byte comm gets its NUL. */
	raw = bpf_rec(&size, NULL, 0, "x", 2);
	hdr(raw)->str_arg[0] = 200;     /* ignored: the slot is empty */
	memcpy(hdr(raw)->comm, "0123456789abcdef", 16);
	hdr(raw)->kind = SCRY_SC_EXIT;
	hdr(raw)->flags = SCRY_SC_F_GROUP_DEAD | SCRY_SC_F_CONTINUED;
	assert_int_equal(sc_event_from_bpf(raw, size, 0, &ev), 0);
	assert_int_equal(ev.kind, SCRY_SC_EXIT);
	assert_true(ev.group_dead);
	assert_true(ev.continued);
	assert_string_equal(ev.comm, "0123456789abcdef");
	assert_null(ev.str[1]);
	assert_ptr_equal(ev.str[3], (char *)raw + SCRY_SC_HDR_SIZE);
	assert_int_equal(ev.str_len[3], 1);
	free(raw);
}

static void test_bpf_truncated_string(void **state)
{
	char big[SCRY_SC_STR_MAX];
	struct sc_event ev;
	u32 size;
	u8 *raw;

	/* A string that filled the whole capture buffer was cut short. */
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	raw = bpf_rec(&size, big, SCRY_SC_STR_MAX, "y", 2);
	assert_int_equal(sc_event_from_bpf(raw, size, 0, &ev), 0);
	assert_true(ev.str_truncated[1]);
	assert_int_equal(ev.str_len[1], SCRY_SC_STR_MAX - 1);
	assert_false(ev.str_truncated[3]);
	assert_ptr_equal(ev.str[3], (char *)raw + SCRY_SC_HDR_SIZE + SCRY_SC_STR_MAX);
	free(raw);
}

/* Decode a copy of raw cut to `size` bytes (the copy is exactly that big). */
static int decode_cut(const void *raw, u32 size, struct sc_event *ev)
{
	void *copy = malloc(size ? size : 1);
	int rc;

	assert_non_null(copy);
	memcpy(copy, raw, size);
	rc = sc_event_from_bpf(copy, size, 0, ev);
	free(copy);
	return rc;
}

static void test_bpf_malformed(void **state)
{
	struct sc_event ev;
	u32 size;
	u8 *raw = bpf_rec(&size, "old", 4, "/tmp/new", 9);

	/* Shorter than the header, at every length. */
	for (u32 n = 0; n < SCRY_SC_HDR_SIZE; n++)
		assert_int_equal(decode_cut(raw, n, &ev), -1);
	/* Header whole but a string cut: every length up to the full record. */
	for (u32 n = SCRY_SC_HDR_SIZE; n < size; n++)
		assert_int_equal(decode_cut(raw, n, &ev), -1);
	assert_int_equal(decode_cut(raw, size, &ev), 0);

	/* A header from another version of the program. */
	hdr(raw)->hdr_size = SCRY_SC_HDR_SIZE + 8;
	assert_int_equal(sc_event_from_bpf(raw, size, 0, &ev), -1);
	hdr(raw)->hdr_size = SCRY_SC_HDR_SIZE - 4;
	assert_int_equal(sc_event_from_bpf(raw, size, 0, &ev), -1);
	hdr(raw)->hdr_size = SCRY_SC_HDR_SIZE_V1 - 8;
	assert_int_equal(sc_event_from_bpf(raw, size, 0, &ev), -1);
	hdr(raw)->hdr_size = 0;
	assert_int_equal(sc_event_from_bpf(raw, size, 0, &ev), -1);
	hdr(raw)->hdr_size = SCRY_SC_HDR_SIZE;

	/* Kinds that are never emitted (in-flight slot states) or unknown. */
	for (u16 k = 0; k < 10; k++) {
		if (k == SCRY_SC_STACK)
			continue;       /* a record of its own layout (test_bpf_stack) */
		hdr(raw)->kind = k;
		assert_int_equal(sc_event_from_bpf(raw, size, 0, &ev),
				 k >= SCRY_SC_COMPLETE && k <= SCRY_SC_SIGNAL ? 0 : -1);
	}
	hdr(raw)->kind = SCRY_SC_COMPLETE;

	/* String lengths that run past the record, or past the capture size. */
	hdr(raw)->str_len[1] = 10;
	assert_int_equal(sc_event_from_bpf(raw, size, 0, &ev), -1);
	hdr(raw)->str_len[1] = 9;
	hdr(raw)->str_len[0] = (u16)(size - SCRY_SC_HDR_SIZE + 1);
	assert_int_equal(sc_event_from_bpf(raw, size, 0, &ev), -1);
	hdr(raw)->str_len[0] = 0xffff;
	assert_int_equal(sc_event_from_bpf(raw, size, 0, &ev), -1);
	hdr(raw)->str_len[0] = 4;
	free(raw);

	/* Longer than SCRY_SC_STR_MAX even though the record holds it. */
	{
		char big[SCRY_SC_STR_MAX + 1];
		memset(big, 'b', sizeof(big));
		raw = bpf_rec(&size, big, SCRY_SC_STR_MAX + 1, NULL, 0);
		assert_int_equal(sc_event_from_bpf(raw, size, 0, &ev), -1);
		free(raw);
	}

	/* An argument index out of range. */
	raw = bpf_rec(&size, "old", 4, "/tmp/new", 9);
	hdr(raw)->str_arg[1] = SCRY_SC_NARGS;
	assert_int_equal(sc_event_from_bpf(raw, size, 0, &ev), -1);
	hdr(raw)->str_arg[1] = 255;
	assert_int_equal(sc_event_from_bpf(raw, size, 0, &ev), -1);
	hdr(raw)->str_arg[1] = SCRY_SC_NARGS - 1;
	assert_int_equal(sc_event_from_bpf(raw, size, 0, &ev), 0);
	assert_int_equal(ev.str_len[SCRY_SC_NARGS - 1], 8);
	free(raw);
}

/* An execve record: filename string (argument 0), argv's strings at the
 * vector offset (argument 1), envp counted (argument 2). */
static void *exec_rec(u32 *size, const char *vec, u16 vec_len, u16 vec_nr)
{
	struct scry_sc_rec r;
	u8 *buf;

	memset(&r, 0, sizeof(r));
	r.kind = SCRY_SC_COMPLETE;
	r.tid = r.pid = 77;
	r.nr = 59;
	r.hdr_size = SCRY_SC_HDR_SIZE;
	memcpy(r.comm, "sh", 3);
	r.str_len[0] = 8;
	r.str_arg[0] = 0;
	r.str_arg[1] = 0xff;
	r.vec_arg = 1;
	r.vec_len = vec_len;
	r.vec_nr = vec_nr;
	r.cnt_arg = 2;
	r.cnt_nr = 21;
	*size = SCRY_SC_HDR_SIZE + (vec_len ? SCRY_SC_VEC_OFF + vec_len : 8);
	buf = calloc(1, *size);
	assert_non_null(buf);
	memcpy(buf, &r, SCRY_SC_HDR_SIZE);
	memcpy(buf + SCRY_SC_HDR_SIZE, "/bin/ls", 8);
	if (vec_len)
		memcpy(buf + SCRY_SC_HDR_SIZE + SCRY_SC_VEC_OFF, vec, vec_len);
	return buf;
}

static void test_bpf_vectors(void **state)
{
	static const char argv[] = "ls\0-l\0/tmp";     /* and its final NUL */
	struct sc_event ev;
	u32 size;
	u8 *raw = exec_rec(&size, argv, sizeof(argv), 3);

	assert_int_equal(sc_event_from_bpf(raw, size, 0, &ev), 0);
	assert_int_equal(ev.str_len[0], 7);
	assert_true(ev.has_vec);
	assert_int_equal(ev.vec_arg, 1);
	assert_ptr_equal(ev.vec, (char *)raw + SCRY_SC_HDR_SIZE + SCRY_SC_VEC_OFF);
	assert_int_equal(ev.vec_len, sizeof(argv));
	assert_int_equal(ev.vec_nr, 3);
	assert_false(ev.vec_fault);
	assert_true(ev.has_cnt);
	assert_int_equal(ev.cnt_arg, 2);
	assert_int_equal(ev.cnt_nr, 21);
	/* Cut anywhere inside the vector: refused. */
	for (u32 n = SCRY_SC_HDR_SIZE; n < size; n++)
		assert_int_equal(decode_cut(raw, n, &ev), -1);
	/* Fewer captured than counted is how a long argv arrives; more is not. */
	hdr(raw)->vec_nr = 7;
	assert_int_equal(sc_event_from_bpf(raw, size, 0, &ev), 0);
	hdr(raw)->vec_nr = 2;
	assert_int_equal(sc_event_from_bpf(raw, size, 0, &ev), -1);
	hdr(raw)->vec_nr = 3;
	/* The last string without its NUL; lengths past the area. */
	hdr(raw)->vec_len = sizeof(argv) - 1;
	assert_int_equal(sc_event_from_bpf(raw, size, 0, &ev), -1);
	hdr(raw)->vec_len = SCRY_SC_VEC_BYTES + 1;
	assert_int_equal(sc_event_from_bpf(raw, size, 0, &ev), -1);
	hdr(raw)->vec_len = sizeof(argv);
	/* Argument indexes out of range. */
	hdr(raw)->vec_arg = SCRY_SC_NARGS;
	assert_int_equal(sc_event_from_bpf(raw, size, 0, &ev), -1);
	hdr(raw)->vec_arg = 1;
	hdr(raw)->cnt_arg = SCRY_SC_NARGS;
	assert_int_equal(sc_event_from_bpf(raw, size, 0, &ev), -1);
	hdr(raw)->cnt_arg = 0xff;
	hdr(raw)->flags = SCRY_SC_F_VEC_FAULT;
	assert_int_equal(sc_event_from_bpf(raw, size, 0, &ev), 0);
	assert_false(ev.has_cnt);
	assert_true(ev.vec_fault);
	free(raw);

	/* An element longer than the tracer copies cannot come from it. */
	{
		char big[SCRY_SC_VEC_STR_MAX + 1];
		memset(big, 'z', sizeof(big) - 1);
		big[sizeof(big) - 1] = '\0';
		raw = exec_rec(&size, big, sizeof(big), 1);
		assert_int_equal(sc_event_from_bpf(raw, size, 0, &ev), -1);
		free(raw);
		raw = exec_rec(&size, big + 1, sizeof(big) - 1, 1);
		assert_int_equal(sc_event_from_bpf(raw, size, 0, &ev), 0);
		free(raw);
	}
	/* An argv with no element captured (NULL, or nothing fitted). */
	raw = exec_rec(&size, NULL, 0, 0);
	assert_int_equal(sc_event_from_bpf(raw, size, 0, &ev), 0);
	assert_true(ev.has_vec);
	assert_null(ev.vec);
	assert_int_equal(ev.vec_nr, 0);
	free(raw);
}

/* A write's buffer: bytes, NULs included, counted without a terminator;
 * an empty one is still a buffer (write(fd, "", 0)). */
static void test_bpf_buffers(void **state)
{
	struct sc_event ev;
	u32 size;
	u8 *raw = bpf_rec(&size, "ab\0cd", 5, "/x", 3);

	hdr(raw)->flags = SCRY_SC_F_STR0_BUF;
	assert_int_equal(sc_event_from_bpf(raw, size, 0, &ev), 0);
	assert_true(ev.str_is_buf[1]);
	assert_int_equal(ev.str_len[1], 5);
	assert_memory_equal(ev.str[1], "ab\0cd", 5);
	assert_false(ev.str_truncated[1]);
	assert_false(ev.str_is_buf[3]);
	assert_int_equal(ev.str_len[3], 2);
	assert_ptr_equal(ev.str[3], (char *)raw + SCRY_SC_HDR_SIZE + 5);
	/* Cut anywhere: refused. */
	for (u32 n = SCRY_SC_HDR_SIZE; n < size; n++)
		assert_int_equal(decode_cut(raw, n, &ev), -1);
	free(raw);

	raw = bpf_rec(&size, NULL, 0, "/x", 3);
	hdr(raw)->flags = SCRY_SC_F_STR0_BUF;
	assert_int_equal(sc_event_from_bpf(raw, size, 0, &ev), 0);
	assert_true(ev.str_is_buf[1]);
	assert_non_null(ev.str[1]);
	assert_int_equal(ev.str_len[1], 0);
	assert_ptr_equal(ev.str[3], (char *)raw + SCRY_SC_HDR_SIZE);
	/* An empty buffer still needs a valid argument index. */
	hdr(raw)->str_arg[0] = SCRY_SC_NARGS;
	assert_int_equal(sc_event_from_bpf(raw, size, 0, &ev), -1);
	free(raw);

	/* More than the tracer copies. */
	{
		char big[SCRY_SC_STR_MAX + 1];
		memset(big, 0, sizeof(big));
		raw = bpf_rec(&size, big, SCRY_SC_STR_MAX + 1, NULL, 0);
		hdr(raw)->flags = SCRY_SC_F_STR0_BUF;
		assert_int_equal(sc_event_from_bpf(raw, size, 0, &ev), -1);
		free(raw);
		raw = bpf_rec(&size, big, SCRY_SC_STR_MAX, NULL, 0);
		hdr(raw)->flags = SCRY_SC_F_STR0_BUF;
		assert_int_equal(sc_event_from_bpf(raw, size, 0, &ev), 0);
		assert_int_equal(ev.str_len[1], SCRY_SC_STR_MAX);
		free(raw);
	}
}

/* A record from a file written before vectors were captured: the header
 * is 8 bytes shorter and the strings follow it. */
/* A stack record (--call-graph): ips and stack bytes after the header,
 * each count checked against the record's size; decoded unaligned (RAW
 * data sits 4 bytes into a sample). */
static void test_bpf_stack(void **state)
{
	struct scry_sc_stack_rec h;
	struct sc_event ev;
	u64 ips[3] = { 0xffffffff81000010ull, 0x401000, 0x401100 }, ip;
	u32 size = SCRY_SC_STACK_HDR_SIZE + sizeof(ips) + 16;
	char *buf = malloc(size + 4), *raw = buf + 4;

	(void)state;
	memset(&h, 0, sizeof(h));
	h.kind = SCRY_SC_STACK;
	h.flags = SCRY_STK_F_DWARF | SCRY_STK_F_KERNEL;
	h.nr_kips = 1;
	h.nr_uips = 2;
	h.tid = 42;
	h.pid = 41;
	h.nr = 1;
	h.stack_len = 16;
	h.ts_exit = 1234;
	h.regs[0] = 0x401000;
	h.regs[1] = 0x7ffc0000;
	memcpy(raw, &h, SCRY_SC_STACK_HDR_SIZE);
	memcpy(raw + SCRY_SC_STACK_HDR_SIZE, ips, sizeof(ips));
	memset(raw + SCRY_SC_STACK_HDR_SIZE + sizeof(ips), 0xab, 16);
	assert_int_equal(sc_event_from_bpf(raw, size, 1, &ev), 0);
	assert_int_equal(ev.kind, SCRY_SC_STACK);
	assert_int_equal(ev.tid, 42);
	assert_int_equal(ev.pid, 41);
	assert_int_equal(ev.nr, 1);
	assert_int_equal(ev.ts_exit, 1234);
	assert_int_equal(ev.stack.nr_kips, 1);
	assert_int_equal(ev.stack.nr_uips, 2);
	assert_true(ev.stack.dwarf && ev.stack.kernel);
	memcpy(&ip, ev.stack.kips, 8);
	assert_true(ip == ips[0]);
	memcpy(&ip, ev.stack.uips + 8, 8);
	assert_true(ip == ips[2]);
	assert_int_equal(ev.stack.len, 16);
	assert_int_equal(((const u8 *)ev.stack.data)[15], 0xab);
	assert_true(ev.stack.regs[1] == 0x7ffc0000);
	/* Cut short, or counts past the record or past the tracer's limits. */
	assert_int_equal(sc_event_from_bpf(raw, size - 1, 1, &ev), -1);
	assert_int_equal(sc_event_from_bpf(raw, SCRY_SC_STACK_HDR_SIZE - 1, 1, &ev), -1);
	h.nr_uips = 3;
	memcpy(raw, &h, SCRY_SC_STACK_HDR_SIZE);
	assert_int_equal(sc_event_from_bpf(raw, size, 1, &ev), -1);
	h.nr_uips = 0xffff;
	memcpy(raw, &h, SCRY_SC_STACK_HDR_SIZE);
	assert_int_equal(sc_event_from_bpf(raw, size, 1, &ev), -1);
	h.nr_uips = 2;
	h.stack_len = 0xffffffffu;
	memcpy(raw, &h, SCRY_SC_STACK_HDR_SIZE);
	assert_int_equal(sc_event_from_bpf(raw, size, 1, &ev), -1);
	free(buf);
}

static void test_bpf_v1_header(void **state)
{
	struct sc_event ev;
	u32 size = SCRY_SC_HDR_SIZE_V1 + 4;
	u8 *raw = calloc(1, size);
	struct scry_sc_rec r;

	assert_non_null(raw);
	memset(&r, 0, sizeof(r));
	r.kind = SCRY_SC_COMPLETE;
	r.nr = 2;
	r.hdr_size = SCRY_SC_HDR_SIZE_V1;
	r.str_len[0] = 4;
	r.str_arg[0] = 0;
	memcpy(raw, &r, SCRY_SC_HDR_SIZE_V1);
	memcpy(raw + SCRY_SC_HDR_SIZE_V1, "/etc", 4);
	assert_int_equal(sc_event_from_bpf(raw, size, 0, &ev), 0);
	assert_ptr_equal(ev.str[0], (char *)raw + SCRY_SC_HDR_SIZE_V1);
	assert_int_equal(ev.str_len[0], 3);
	assert_false(ev.has_vec);
	assert_false(ev.has_cnt);
	for (u32 n = 0; n < size; n++)
		assert_int_equal(decode_cut(raw, n, &ev), -1);
	free(raw);
}

/* ---- tracepoint pairing --------------------------------------------------------------- */

/* raw_syscalls:sys_enter: common 8 bytes, long id @8, unsigned long args[6] @16.
 * raw_syscalls:sys_exit:  common 8 bytes, long id @8, long ret @16. */
static const struct sc_tp_layout enter_l = {
	.kind = SC_TP_RAW_ENTER, .nr_off = 8, .nr_size = 8, .args_off = 16, .nargs = 6,
};
static const struct sc_tp_layout exit_l = {
	.kind = SC_TP_RAW_EXIT, .nr_off = 8, .nr_size = 8, .ret_off = 16,
};

static int enter(struct sc_tp *t, u32 tid, s64 nr, u64 arg0, u64 time, const bool *noret, struct sc_event *out)
{
	u64 rec[8] = { 0, (u64)nr, arg0, arg0 + 1, arg0 + 2, arg0 + 3, arg0 + 4, arg0 + 5 };

	return sc_tp_feed(t, &enter_l, rec, sizeof(rec), tid + 1000, tid, time, (int)(tid % 4), noret, out);
}

static int leave(struct sc_tp *t, u32 tid, s64 nr, s64 ret, u64 time, struct sc_event *out)
{
	u64 rec[3] = { 0, (u64)nr, (u64)ret };

	return sc_tp_feed(t, &exit_l, rec, sizeof(rec), tid + 1000, tid, time, 7, NULL, out);
}

static void test_tp_pairing(void **state)
{
	struct sc_tp t;
	struct sc_event ev;

	sc_tp_init(&t);
	assert_int_equal(enter(&t, 10, 0, 0xa0, 100, NULL, &ev), 0);
	assert_int_equal(leave(&t, 10, 0, 42, 175, &ev), 1);
	assert_int_equal(ev.kind, SCRY_SC_COMPLETE);
	assert_int_equal(ev.nr, 0);
	assert_int_equal(ev.tid, 10);
	assert_int_equal(ev.pid, 1010);
	assert_int_equal(ev.ts_enter, 100);
	assert_int_equal(ev.ts_exit, 175);
	assert_int_equal(ev.ret, 42);
	assert_int_equal(ev.args[0], 0xa0);
	assert_int_equal(ev.args[5], 0xa5);
	assert_int_equal(ev.cpu, 7);            /* the cpu it returned on */
	assert_false(ev.continued);
	/* The pending entry is gone: another exit is "continued". */
	assert_int_equal(leave(&t, 10, 0, 1, 200, &ev), 1);
	assert_true(ev.continued);
	assert_int_equal(t.pending.nr, 0);

	/* Negative returns are kept whole (64-bit). */
	assert_int_equal(enter(&t, 10, 257, 0, 300, NULL, &ev), 0);
	assert_int_equal(leave(&t, 10, 257, -2, 301, &ev), 1);
	assert_int_equal(ev.ret, -2);
	assert_int_equal(ev.nr, 257);
	sc_tp_release(&t);
}

static void test_tp_interleaved(void **state)
{
	struct sc_tp t;
	struct sc_event ev;

	/* Three threads in flight at once, returning in another order. */
	sc_tp_init(&t);
	assert_int_equal(enter(&t, 1, 0, 0x10, 10, NULL, &ev), 0);
	assert_int_equal(enter(&t, 2, 1, 0x20, 11, NULL, &ev), 0);
	assert_int_equal(enter(&t, 3, 7, 0x30, 12, NULL, &ev), 0);
	assert_int_equal(t.pending.nr, 3);
	assert_int_equal(leave(&t, 2, 1, 5, 20, &ev), 1);
	assert_int_equal(ev.tid, 2);
	assert_int_equal(ev.nr, 1);
	assert_int_equal(ev.ts_enter, 11);
	assert_int_equal(ev.args[0], 0x20);
	assert_int_equal(leave(&t, 3, 7, 0, 21, &ev), 1);
	assert_int_equal(ev.tid, 3);
	assert_int_equal(ev.ts_enter, 12);
	assert_int_equal(ev.args[0], 0x30);
	assert_int_equal(leave(&t, 1, 0, 9, 22, &ev), 1);
	assert_int_equal(ev.tid, 1);
	assert_int_equal(ev.ts_enter, 10);
	assert_int_equal(ev.args[0], 0x10);
	assert_false(ev.continued);
	assert_int_equal(t.pending.nr, 0);
	sc_tp_release(&t);
}

static void test_tp_lost_records(void **state)
{
	struct sc_tp t;
	struct sc_event ev;

	sc_tp_init(&t);
	/* An exit whose entry was never seen (the call began before tracing). */
	assert_int_equal(leave(&t, 5, 23, 1, 500, &ev), 1);
	assert_int_equal(ev.kind, SCRY_SC_COMPLETE);
	assert_true(ev.continued);
	assert_int_equal(ev.nr, 23);
	assert_int_equal(ev.ts_enter, 500);
	assert_int_equal(ev.ts_exit, 500);
	assert_int_equal(ev.args[0], 0);
	assert_int_equal(ev.ret, 1);

	/* A second entry while one is pending: the first comes back as
	 * UNFINISHED (its exit was lost), and the new entry is not consumed... */
	assert_int_equal(enter(&t, 5, 0, 0x50, 600, NULL, &ev), 0);
	assert_int_equal(enter(&t, 5, 1, 0x60, 700, NULL, &ev), 2);
	assert_int_equal(ev.kind, SCRY_SC_UNFINISHED);
	assert_int_equal(ev.nr, 0);
	assert_int_equal(ev.ts_enter, 600);
	assert_int_equal(ev.ts_exit, 700);
	assert_int_equal(ev.args[0], 0x50);
	assert_int_equal(ev.tid, 5);
	assert_int_equal(t.pending.nr, 0);
	/* ...until it is fed again, and then it pairs normally. */
	assert_int_equal(enter(&t, 5, 1, 0x60, 700, NULL, &ev), 0);
	assert_int_equal(leave(&t, 5, 1, 3, 710, &ev), 1);
	assert_false(ev.continued);
	assert_int_equal(ev.nr, 1);
	assert_int_equal(ev.ts_enter, 700);
	assert_int_equal(ev.args[0], 0x60);

	/* An exit for another syscall than the pending entry: both records
	 * lost something; the exit stands alone and the stale entry is dropped. */
	assert_int_equal(enter(&t, 5, 0, 0x70, 800, NULL, &ev), 0);
	assert_int_equal(leave(&t, 5, 1, 0, 810, &ev), 1);
	assert_true(ev.continued);
	assert_int_equal(ev.nr, 1);
	assert_int_equal(ev.args[0], 0);
	assert_int_equal(t.pending.nr, 0);

	/* Entries still pending at the end are freed by release (the
	 * sanitizer build reports a leak otherwise). */
	assert_int_equal(enter(&t, 6, 0, 0, 900, NULL, &ev), 0);
	assert_int_equal(enter(&t, 7, 0, 0, 900, NULL, &ev), 0);
	sc_tp_release(&t);
}

static void test_tp_noreturn(void **state)
{
	static bool noret[SCRY_SC_NR_MAX];
	struct sc_tp t;
	struct sc_event ev;

	noret[60] = noret[231] = true;  /* exit, exit_group */
	sc_tp_init(&t);
	assert_int_equal(enter(&t, 9, 231, 3, 1000, noret, &ev), 1);
	assert_int_equal(ev.kind, SCRY_SC_NORETURN);
	assert_int_equal(ev.nr, 231);
	assert_int_equal(ev.args[0], 3);
	assert_int_equal(ev.ts_enter, 1000);
	assert_int_equal(t.pending.nr, 0);      /* nothing waits for a return */
	/* Without the table the same call is an ordinary pending entry. */
	assert_int_equal(enter(&t, 9, 231, 3, 1100, NULL, &ev), 0);
	assert_int_equal(t.pending.nr, 1);
	sc_tp_release(&t);
}

static void test_tp_malformed(void **state)
{
	struct sc_tp t;
	struct sc_event ev;
	u64 rec[8] = { 0, 0 };

	sc_tp_init(&t);
	/* Too short for the arguments, the id, or the return value. */
	assert_int_equal(sc_tp_feed(&t, &enter_l, rec, 63, 1, 1, 0, 0, NULL, &ev), -1);
	assert_int_equal(sc_tp_feed(&t, &enter_l, rec, 15, 1, 1, 0, 0, NULL, &ev), -1);
	assert_int_equal(sc_tp_feed(&t, &exit_l, rec, 23, 1, 1, 0, 0, NULL, &ev), -1);
	assert_int_equal(sc_tp_feed(&t, &exit_l, rec, 0, 1, 1, 0, 0, NULL, &ev), -1);
	/* Syscall numbers outside the table (-1 is what a non-syscall
	 * entry, e.g. from a seccomp-skipped call, reports). */
	assert_int_equal(enter(&t, 1, -1, 0, 0, NULL, &ev), -1);
	assert_int_equal(enter(&t, 1, SCRY_SC_NR_MAX, 0, 0, NULL, &ev), -1);
	assert_int_equal(leave(&t, 1, SCRY_SC_NR_MAX, 0, 0, &ev), -1);
	assert_int_equal(t.pending.nr, 0);
	sc_tp_release(&t);
}

/* The same pairing driven by layouts worked out from this kernel's real
 * formats: per-syscall events with a 4-byte __syscall_nr. */
static const char sys_enter_openat_fmt[] =
	"name: sys_enter_openat\n"
	"ID: 782\n"
	"format:\n"
	"\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n"
	"\tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;\n"
	"\tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;\n"
	"\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;\n"
	"\n"
	"\tfield:int __syscall_nr;\toffset:8;\tsize:4;\tsigned:1;\n"
	"\tfield:int dfd;\toffset:16;\tsize:8;\tsigned:0;\n"
	"\tfield:const char * filename;\toffset:24;\tsize:8;\tsigned:0;\n"
	"\tfield:int flags;\toffset:32;\tsize:8;\tsigned:0;\n"
	"\tfield:umode_t mode;\toffset:40;\tsize:8;\tsigned:0;\n"
	"\n"
	"print fmt: \"dfd: 0x%08lx, filename: 0x%08lx, flags: 0x%08lx, mode: 0x%08lx\", "
	"((unsigned long)(REC->dfd)), ((unsigned long)(REC->filename)), "
	"((unsigned long)(REC->flags)), ((unsigned long)(REC->mode))\n";

static const char sys_exit_openat_fmt[] =
	"name: sys_exit_openat\n"
	"ID: 781\n"
	"format:\n"
	"\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n"
	"\tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;\n"
	"\tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;\n"
	"\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;\n"
	"\n"
	"\tfield:int __syscall_nr;\toffset:8;\tsize:4;\tsigned:1;\n"
	"\tfield:long ret;\toffset:16;\tsize:8;\tsigned:1;\n"
	"\n"
	"print fmt: \"0x%lx\", REC->ret\n";

static const char raw_enter_fmt[] =
	"name: sys_enter\n"
	"ID: 443\n"
	"format:\n"
	"\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n"
	"\tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;\n"
	"\tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;\n"
	"\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;\n"
	"\n"
	"\tfield:long id;\toffset:8;\tsize:8;\tsigned:1;\n"
	"\tfield:unsigned long args[6];\toffset:16;\tsize:48;\tsigned:0;\n"
	"\n"
	"print fmt: \"NR %ld (%lx, %lx, %lx, %lx, %lx, %lx)\", REC->id, REC->args[0], REC->args[1], "
	"REC->args[2], REC->args[3], REC->args[4], REC->args[5]\n";

static void test_tp_layout_of(void **state)
{
	struct tp_formats f;
	struct sc_tp_layout l, xl;
	struct tep_event *ev;
	struct sc_tp t;
	struct sc_event out;
	u8 rec[48];
	s32 nr = 257;
	u64 v;

	assert_int_equal(tp_formats_init(&f, NULL), 0);

	/* raw_syscalls: the layout the tests above use by hand. */
	ev = tp_formats_add(&f, "raw_syscalls", raw_enter_fmt, strlen(raw_enter_fmt));
	assert_non_null(ev);
	assert_int_equal(sc_tp_layout_of(ev, &l), 0);
	assert_int_equal(l.kind, enter_l.kind);
	assert_int_equal(l.nr_off, enter_l.nr_off);
	assert_int_equal(l.nr_size, enter_l.nr_size);
	assert_int_equal(l.args_off, enter_l.args_off);
	assert_int_equal(l.nargs, enter_l.nargs);

	ev = tp_formats_add(&f, "syscalls", sys_enter_openat_fmt, strlen(sys_enter_openat_fmt));
	assert_non_null(ev);
	assert_int_equal(sc_tp_layout_of(ev, &l), 0);
	assert_int_equal(l.kind, SC_TP_ENTER);
	assert_int_equal(l.nr_off, 8);
	assert_int_equal(l.nr_size, 4);
	assert_int_equal(l.args_off, 16);
	assert_int_equal(l.nargs, 4);
	ev = tp_formats_add(&f, "syscalls", sys_exit_openat_fmt, strlen(sys_exit_openat_fmt));
	assert_non_null(ev);
	assert_int_equal(sc_tp_layout_of(ev, &xl), 0);
	assert_int_equal(xl.kind, SC_TP_EXIT);
	assert_int_equal(xl.nr_size, 4);
	assert_int_equal(xl.ret_off, 16);

	/* A 4-byte nr followed by 4 bytes of padding, then the arguments. */
	sc_tp_init(&t);
	memset(rec, 0xee, sizeof(rec));
	memcpy(rec + 8, &nr, 4);
	for (int i = 0; i < 4; i++) {
		v = 0xf0 + (u64)i;
		memcpy(rec + 16 + 8 * i, &v, 8);
	}
	assert_int_equal(sc_tp_feed(&t, &l, rec, 48, 1, 1, 10, 0, NULL, &out), 0);
	/* Arguments the event does not have must not be read beyond it. */
	assert_int_equal(sc_tp_feed(&t, &l, rec, 47, 2, 2, 10, 0, NULL, &out), -1);
	v = (u64)-13;
	memcpy(rec + 16, &v, 8);
	assert_int_equal(sc_tp_feed(&t, &xl, rec, 24, 1, 1, 20, 0, NULL, &out), 1);
	assert_int_equal(out.nr, 257);
	assert_int_equal(out.ret, -13);
	assert_int_equal(out.args[0], 0xf0);
	assert_int_equal(out.args[3], 0xf3);
	assert_int_equal(out.args[4], 0);
	assert_false(out.continued);
	sc_tp_release(&t);
	tp_formats_release(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bpf_well_formed),
		cmocka_unit_test(test_bpf_truncated_string),
		cmocka_unit_test(test_bpf_malformed),
		cmocka_unit_test(test_bpf_vectors),
		cmocka_unit_test(test_bpf_buffers),
		cmocka_unit_test(test_bpf_v1_header),
		cmocka_unit_test(test_bpf_stack),
		cmocka_unit_test(test_tp_pairing),
		cmocka_unit_test(test_tp_interleaved),
		cmocka_unit_test(test_tp_lost_records),
		cmocka_unit_test(test_tp_noreturn),
		cmocka_unit_test(test_bpf_caps),
		cmocka_unit_test(test_tp_malformed),
		cmocka_unit_test(test_tp_layout_of),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
