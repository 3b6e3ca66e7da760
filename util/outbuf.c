#include "util/outbuf.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

void outbuf_init_mem(struct outbuf *ob)
{
	memset(ob, 0, sizeof(*ob));
	ob->fd = -1;
}

int outbuf_init_fd(struct outbuf *ob, int fd, size_t cap)
{
	memset(ob, 0, sizeof(*ob));
	ob->fd = fd;
	ob->buf = malloc(cap);
	if (!ob->buf)
		return -1;
	ob->cap = cap;
	return 0;
}

void outbuf_release(struct outbuf *ob)
{
	free(ob->buf);
	ob->buf = NULL;
	ob->len = ob->cap = 0;
}

int outbuf_flush(struct outbuf *ob)
{
	size_t off = 0;

	if (ob->fd < 0)
		return 0;
	while (off < ob->len) {
		ssize_t n = write(ob->fd, ob->buf + off, ob->len - off);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (!ob->error)
				ob->error = errno;
			break;  /* drop what cannot be written; the error is reported */
		}
		off += (size_t)n;
	}
	ob->flushed += off;
	ob->len = 0;
	return ob->error ? -1 : 0;
}

void outbuf_reserve(struct outbuf *ob, size_t n)
{
	size_t want;
	char *nb;

	if (ob->len + n <= ob->cap)
		return;
	if (ob->fd >= 0) {
		outbuf_flush(ob);
		if (n <= ob->cap)
			return;
	}
	want = ob->cap ? ob->cap : 256;
	while (want < ob->len + n)
		want *= 2;
	nb = realloc(ob->buf, want);
	if (!nb) {
		if (!ob->error)
			ob->error = ENOMEM;
		return;
	}
	ob->buf = nb;
	ob->cap = want;
}

const char *outbuf_cstr(struct outbuf *ob)
{
	outbuf_putc(ob, '\0');
	if (ob->len && ob->buf[ob->len - 1] == '\0') {
		ob->len--;
		return ob->buf;
	}
	return "";
}

void outbuf_u64(struct outbuf *ob, u64 v)
{
	char tmp[24];
	int i = sizeof(tmp);

	do {
		tmp[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	outbuf_putn(ob, tmp + i, sizeof(tmp) - (size_t)i);
}

void outbuf_s64(struct outbuf *ob, s64 v)
{
	if (v < 0) {
		outbuf_putc(ob, '-');
		outbuf_u64(ob, (u64)0 - (u64)v);
	} else {
		outbuf_u64(ob, (u64)v);
	}
}

void outbuf_hex(struct outbuf *ob, u64 v)
{
	static const char digits[] = "0123456789abcdef";
	char tmp[20];
	int i = sizeof(tmp);

	do {
		tmp[--i] = digits[v & 15];
		v >>= 4;
	} while (v);
	tmp[--i] = 'x';
	tmp[--i] = '0';
	outbuf_putn(ob, tmp + i, sizeof(tmp) - (size_t)i);
}

void outbuf_octal(struct outbuf *ob, u64 v)
{
	char tmp[24];
	int i = sizeof(tmp);

	do {
		tmp[--i] = (char)('0' + (v & 7));
		v >>= 3;
	} while (v);
	if (tmp[i] != '0')
		tmp[--i] = '0';
	outbuf_putn(ob, tmp + i, sizeof(tmp) - (size_t)i);
}

void outbuf_fixed(struct outbuf *ob, u64 v, unsigned decimals, unsigned width)
{
	char tmp[48];
	int i = sizeof(tmp);
	unsigned d;

	if (decimals > 18)
		decimals = 18;
	for (d = 0; d < decimals; d++) {
		tmp[--i] = (char)('0' + v % 10);
		v /= 10;
	}
	if (decimals)
		tmp[--i] = '.';
	do {
		tmp[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while ((unsigned)(sizeof(tmp) - (size_t)i) < width && i > 0)
		tmp[--i] = ' ';
	outbuf_putn(ob, tmp + i, sizeof(tmp) - (size_t)i);
}

void outbuf_pad(struct outbuf *ob, size_t line_start, size_t col)
{
	static const char spaces[] = "                                                                ";
	size_t have = ob->len - line_start;

	while (have < col) {
		size_t n = MIN(col - have, sizeof(spaces) - 1);
		outbuf_putn(ob, spaces, n);
		have += n;
	}
}

/* Escapes as strace writes them: C's letter escapes, and octal for other
 * bytes that are not printable ASCII, in as few digits as can be read
 * back: three only when an octal digit follows ("\0" but "\0001"). */
void outbuf_quoted(struct outbuf *ob, const char *s, size_t n, bool truncated)
{
	size_t i;

	outbuf_putc(ob, '"');
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		switch (c) {
		case '"': outbuf_putn(ob, "\\\"", 2); break;
		case '\\': outbuf_putn(ob, "\\\\", 2); break;
		case '\n': outbuf_putn(ob, "\\n", 2); break;
		case '\t': outbuf_putn(ob, "\\t", 2); break;
		case '\r': outbuf_putn(ob, "\\r", 2); break;
		case '\v': outbuf_putn(ob, "\\v", 2); break;
		case '\f': outbuf_putn(ob, "\\f", 2); break;
		default:
			if (c < 0x20 || c >= 0x7f) {
				bool digit_next = i + 1 < n && s[i + 1] >= '0' && s[i + 1] <= '7';
				char e[4] = { '\\' };
				size_t k = 1;
				if (digit_next || c >= 0100)
					e[k++] = (char)('0' + (c >> 6));
				if (digit_next || c >= 010)
					e[k++] = (char)('0' + ((c >> 3) & 7));
				e[k++] = (char)('0' + (c & 7));
				outbuf_putn(ob, e, k);
			} else {
				outbuf_putc(ob, (char)c);
			}
		}
	}
	outbuf_putc(ob, '"');
	if (truncated)
		outbuf_putn(ob, "...", 3);
}

void outbuf_printf(struct outbuf *ob, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(ob->buf ? ob->buf + ob->len : NULL, ob->cap - ob->len, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n < ob->cap - ob->len) {
		ob->len += (size_t)n;
		return;
	}
	outbuf_reserve(ob, (size_t)n + 1);
	if (ob->len + (size_t)n + 1 > ob->cap)
		return;
	va_start(ap, fmt);
	vsnprintf(ob->buf + ob->len, ob->cap - ob->len, fmt, ap);
	va_end(ap);
	ob->len += (size_t)n;
}
