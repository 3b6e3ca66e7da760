/* Unit tests for util/outbuf: the number formatters the trace output path
 * uses instead of printf, string quoting, growth of memory buffers, and
 * fd-backed buffers (flushing, and remembering the first write error rather
 * than losing it). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <unistd.h>

#include "util/outbuf.h"

/* Compare, then release before asserting, so a failing assertion (which
 * longjmps out of the test) leaves nothing for LeakSanitizer to report. */
static void check_ob(struct outbuf *ob, const char *expected)
{
	char *got = strdup(outbuf_cstr(ob));
	size_t len = ob->len;

	outbuf_release(ob);
	assert_non_null(got);
	assert_string_equal(got, expected);
	assert_int_equal(len, strlen(expected));
	free(got);
}

/* ---- numbers ------------------------------------------------------------ */

static void test_u64_s64(void **state)
{
	struct outbuf ob;

	outbuf_init_mem(&ob);
	outbuf_u64(&ob, 0);
	outbuf_putc(&ob, ' ');
	outbuf_u64(&ob, 7);
	outbuf_putc(&ob, ' ');
	outbuf_u64(&ob, 1000000);
	outbuf_putc(&ob, ' ');
	outbuf_u64(&ob, UINT64_MAX);    /* 20 digits: the whole scratch buffer */
	check_ob(&ob, "0 7 1000000 18446744073709551615");

	outbuf_init_mem(&ob);
	outbuf_s64(&ob, 0);
	outbuf_putc(&ob, ' ');
	outbuf_s64(&ob, -1);
	outbuf_putc(&ob, ' ');
	outbuf_s64(&ob, INT64_MAX);
	outbuf_putc(&ob, ' ');
	/* INT64_MIN cannot be negated in s64: the formatter must not overflow. */
	outbuf_s64(&ob, INT64_MIN);
	check_ob(&ob, "0 -1 9223372036854775807 -9223372036854775808");
}

static void test_hex_octal(void **state)
{
	struct outbuf ob;

	outbuf_init_mem(&ob);
	outbuf_hex(&ob, 0);
	outbuf_putc(&ob, ' ');
	outbuf_hex(&ob, 0x1f);
	outbuf_putc(&ob, ' ');
	outbuf_hex(&ob, 0xdeadbeef);
	outbuf_putc(&ob, ' ');
	outbuf_hex(&ob, UINT64_MAX);
	check_ob(&ob, "0x0 0x1f 0xdeadbeef 0xffffffffffffffff");

	/* Octal: exactly one leading 0, and a lone "0" for zero (not "00"). */
	outbuf_init_mem(&ob);
	outbuf_octal(&ob, 0);
	outbuf_putc(&ob, ' ');
	outbuf_octal(&ob, 0644);
	outbuf_putc(&ob, ' ');
	outbuf_octal(&ob, 07);
	outbuf_putc(&ob, ' ');
	outbuf_octal(&ob, 010);
	outbuf_putc(&ob, ' ');
	outbuf_octal(&ob, UINT64_MAX);  /* 22 digits + the 0: fills the scratch buffer */
	check_ob(&ob, "0 0644 07 010 01777777777777777777777");
}

static void test_fixed(void **state)
{
	struct outbuf ob;

	outbuf_init_mem(&ob);
	outbuf_fixed(&ob, 1234567, 3, 10);          /* the ms column of trace */
	check_ob(&ob, "  1234.567");

	/* Leading zeros of the fraction are kept; the integer part is never empty. */
	outbuf_init_mem(&ob);
	outbuf_fixed(&ob, 5, 3, 0);
	outbuf_putc(&ob, '|');
	outbuf_fixed(&ob, 0, 3, 0);
	outbuf_putc(&ob, '|');
	outbuf_fixed(&ob, 1000, 3, 0);
	outbuf_putc(&ob, '|');
	outbuf_fixed(&ob, 42, 0, 0);                /* no decimals: no point */
	outbuf_putc(&ob, '|');
	outbuf_fixed(&ob, 42, 0, 5);
	check_ob(&ob, "0.005|0.000|1.000|42|   42");

	/* Wider than the width: printed whole, not cut. */
	outbuf_init_mem(&ob);
	outbuf_fixed(&ob, 123456789, 2, 4);
	check_ob(&ob, "1234567.89");

	/* More than 18 decimals is clamped to 18 (u64 has 20 digits). */
	outbuf_init_mem(&ob);
	outbuf_fixed(&ob, UINT64_MAX, 30, 0);
	check_ob(&ob, "18.446744073709551615");

	/* A width beyond the scratch buffer pads as far as it can, no further. */
	outbuf_init_mem(&ob);
	outbuf_fixed(&ob, 1, 0, 100);
	assert_int_equal(ob.len, 48);
	assert_int_equal(ob.buf[47], '1');
	assert_int_equal(ob.buf[0], ' ');
	outbuf_release(&ob);
}

static void test_pad(void **state)
{
	struct outbuf ob;
	size_t start;

	outbuf_init_mem(&ob);
	outbuf_puts(&ob, "first line\n");
	start = ob.len;
	outbuf_puts(&ob, "abc");
	outbuf_pad(&ob, start, 8);              /* relative to the line, not the buffer */
	outbuf_putc(&ob, '|');
	check_ob(&ob, "first line\nabc     |");

	/* Already past the column: nothing added. */
	outbuf_init_mem(&ob);
	outbuf_puts(&ob, "abcdefgh");
	outbuf_pad(&ob, 0, 4);
	outbuf_putc(&ob, '|');
	check_ob(&ob, "abcdefgh|");

	/* A column wider than the 64-space chunk takes several chunks. */
	outbuf_init_mem(&ob);
	outbuf_putc(&ob, 'x');
	outbuf_pad(&ob, 0, 150);
	assert_int_equal(ob.len, 150);
	for (size_t i = 1; i < 150; i++)
		assert_int_equal(ob.buf[i], ' ');
	outbuf_release(&ob);
}

/* ---- strings ------------------------------------------------------------ */

static void test_quoted(void **state)
{
	struct outbuf ob;
	static const char bin[] = { 'a', 0, 0x1b, 0x7f, (char)0x80, (char)0xff, 'z' };

	outbuf_init_mem(&ob);
	outbuf_quoted(&ob, "hello", 5, false);
	check_ob(&ob, "\"hello\"");

	/* Each escape the strace-style output uses. */
	outbuf_init_mem(&ob);
	outbuf_quoted(&ob, "q\"b\\n\nt\tr\r", 10, false);
	check_ob(&ob, "\"q\\\"b\\\\n\\nt\\tr\\r\"");

	/* NUL, ESC, DEL and high bytes in octal, as strace writes them: as
	 * few digits as can be read back, three before an octal digit; n, not
	 * the NUL, decides the length. */
	outbuf_init_mem(&ob);
	outbuf_quoted(&ob, bin, sizeof(bin), false);
	check_ob(&ob, "\"a\\0\\33\\177\\200\\377z\"");
	outbuf_init_mem(&ob);
	outbuf_quoted(&ob, "\0" "1\0" "8\1" "7\v\f\x7f" "0", 10, false);
	check_ob(&ob, "\"\\0001\\08\\0017\\v\\f\\1770\"");

	/* Truncated strings get "..." after the closing quote. */
	outbuf_init_mem(&ob);
	outbuf_quoted(&ob, "/etc/pas", 8, true);
	check_ob(&ob, "\"/etc/pas\"...");

	/* Nothing into a buffer that has no memory yet (UBSan: no memcpy
	 * from or to NULL, even of 0 bytes). */
	outbuf_init_mem(&ob);
	outbuf_puts(&ob, "");
	outbuf_putn(&ob, NULL, 0);
	assert_int_equal(ob.len, 0);
	outbuf_release(&ob);

	/* Empty and only part of a longer string. */
	outbuf_init_mem(&ob);
	outbuf_quoted(&ob, "", 0, false);
	outbuf_quoted(&ob, "abcdef", 3, false);
	check_ob(&ob, "\"\"\"abc\"");
}

static void test_printf_growth(void **state)
{
	struct outbuf ob;
	char big[1000];

	/* From an empty (NULL) buffer: vsnprintf must be given no buffer. */
	outbuf_init_mem(&ob);
	assert_null(ob.buf);
	outbuf_printf(&ob, "%d-%s", 42, "x");
	check_ob(&ob, "42-x");

	/* Appending past the capacity grows and keeps what was there. */
	memset(big, 'b', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	outbuf_init_mem(&ob);
	outbuf_puts(&ob, "head:");
	outbuf_printf(&ob, "%s:%05d", big, 7);
	assert_true(ob.cap >= ob.len + 1);
	assert_int_equal(ob.len, 5 + 999 + 6);
	assert_memory_equal(ob.buf, "head:", 5);
	assert_int_equal(ob.buf[5], 'b');
	assert_int_equal(ob.buf[5 + 998], 'b');
	assert_memory_equal(ob.buf + 5 + 999, ":00007", 6);

	/* Many small appends across several doublings. */
	outbuf_reset(&ob);
	for (int i = 0; i < 5000; i++)
		outbuf_printf(&ob, "%d,", i % 10);
	assert_int_equal(ob.len, 10000);
	assert_memory_equal(ob.buf, "0,1,2,3,4,", 10);
	assert_memory_equal(ob.buf + 9990, "5,6,7,8,9,", 10);
	assert_int_equal(ob.error, 0);
	outbuf_release(&ob);
}

/* ---- fd-backed buffers -------------------------------------------------- */

static size_t read_all(int fd, char *buf, size_t cap)
{
	size_t len = 0;
	ssize_t n;

	while (len < cap && (n = read(fd, buf + len, cap - len)) > 0)
		len += (size_t)n;
	return len;
}

static void test_fd_pipe(void **state)
{
	struct outbuf ob;
	int p[2];
	char got[256];
	size_t n;

	assert_int_equal(pipe(p), 0);
	assert_int_equal(outbuf_init_fd(&ob, p[1], 16), 0);
	outbuf_puts(&ob, "0123456789");
	/* Below the threshold nothing has been written yet. */
	assert_int_equal(ob.flushed, 0);
	outbuf_puts(&ob, "abcdefghij");     /* 20 > 16: flushes the first 10 */
	assert_int_equal(ob.flushed, 10);
	assert_int_equal(ob.len, 10);
	assert_int_equal(ob.cap, 16);   /* flushed, not grown */
	outbuf_u64(&ob, 12345);
	outbuf_printf(&ob, "[%s]", "a string longer than the whole buffer");
	assert_int_equal(outbuf_flush(&ob), 0);
	assert_int_equal(ob.len, 0);
	assert_int_equal(ob.error, 0);
	close(p[1]);
	n = read_all(p[0], got, sizeof(got) - 1);
	got[n] = '\0';
	close(p[0]);
	assert_string_equal(got, "0123456789abcdefghij12345[a string longer than the whole buffer]");
	assert_int_equal(ob.flushed, n);
	outbuf_release(&ob);
}

static void test_fd_file(void **state)
{
	struct outbuf ob;
	FILE *f = tmpfile();
	char got[64 * 1024];
	size_t n;

	assert_non_null(f);
	assert_int_equal(outbuf_init_fd(&ob, fileno(f), 64), 0);
	/* 3000 lines of 10 bytes through a 64-byte buffer: many flushes, and
	 * every byte arrives in order. */
	for (int i = 0; i < 3000; i++) {
		outbuf_fixed(&ob, (u64)i, 0, 9);
		outbuf_putc(&ob, '\n');
	}
	assert_int_equal(outbuf_flush(&ob), 0);
	assert_int_equal(ob.flushed, 30000);
	outbuf_release(&ob);
	assert_int_equal(lseek(fileno(f), 0, SEEK_SET), 0);
	n = read_all(fileno(f), got, sizeof(got));
	fclose(f);
	assert_int_equal(n, 30000);
	assert_memory_equal(got, "        0\n        1\n", 20);
	assert_memory_equal(got + 29990, "     2999\n", 10);
}

static void test_fd_write_error(void **state)
{
	struct outbuf ob;
	int p[2], fd;
	void (*old)(int);

	/* A closed descriptor: EBADF, and the data is dropped, not kept
	 * growing forever. */
	fd = open("/dev/null", O_WRONLY);
	assert_true(fd >= 0);
	close(fd);
	assert_int_equal(outbuf_init_fd(&ob, fd, 32), 0);
	outbuf_puts(&ob, "lost");
	assert_int_equal(outbuf_flush(&ob), -1);
	assert_int_equal(ob.error, EBADF);
	assert_int_equal(ob.len, 0);
	assert_int_equal(ob.flushed, 0);
	outbuf_release(&ob);

	/* A pipe whose reader is gone: EPIPE once SIGPIPE is ignored; the
	 * first error is kept and later flushes keep failing. */
	old = signal(SIGPIPE, SIG_IGN);
	assert_int_equal(pipe(p), 0);
	close(p[0]);
	assert_int_equal(outbuf_init_fd(&ob, p[1], 8), 0);
	outbuf_puts(&ob, "0123");
	assert_int_equal(ob.error, 0);
	outbuf_puts(&ob, "456789");             /* over the threshold: flushes "0123" */
	assert_int_equal(ob.error, EPIPE);
	assert_int_equal(ob.len, 6);
	outbuf_puts(&ob, "more");
	assert_int_equal(outbuf_flush(&ob), -1);
	assert_int_equal(ob.error, EPIPE);
	assert_int_equal(ob.flushed, 0);
	close(p[1]);
	outbuf_release(&ob);
	signal(SIGPIPE, old);
}

static void test_cstr_reset(void **state)
{
	struct outbuf ob;

	/* outbuf_cstr on an empty buffer and after a reset; the NUL is not counted. */
	outbuf_init_mem(&ob);
	assert_string_equal(outbuf_cstr(&ob), "");
	assert_int_equal(ob.len, 0);
	outbuf_puts(&ob, "abc");
	assert_string_equal(outbuf_cstr(&ob), "abc");
	assert_string_equal(outbuf_cstr(&ob), "abc");  /* idempotent */
	assert_int_equal(ob.len, 3);
	outbuf_reset(&ob);
	outbuf_putc(&ob, 'z');
	assert_string_equal(outbuf_cstr(&ob), "z");
	outbuf_putn(&ob, "12", 2);
	assert_string_equal(outbuf_cstr(&ob), "z12");
	outbuf_release(&ob);
	assert_null(ob.buf);
	assert_int_equal(ob.cap, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_u64_s64),
		cmocka_unit_test(test_hex_octal),
		cmocka_unit_test(test_fixed),
		cmocka_unit_test(test_pad),
		cmocka_unit_test(test_quoted),
		cmocka_unit_test(test_printf_growth),
		cmocka_unit_test(test_fd_pipe),
		cmocka_unit_test(test_fd_file),
		cmocka_unit_test(test_fd_write_error),
		cmocka_unit_test(test_cstr_reset),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
