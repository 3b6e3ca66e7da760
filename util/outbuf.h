/* A growable byte buffer with fast number formatting, optionally backed by a
 * file descriptor it flushes to.  The trace output path formats a million
 * lines a second through it, so the common appends avoid printf. */
#ifndef SCRY_OUTBUF_H
#define SCRY_OUTBUF_H

#include <string.h>

#include "util/types.h"

struct outbuf {
	char *buf;
	size_t len;
	size_t cap;
	int fd;        /* -1: memory only, the buffer grows */
	int error;     /* first errno of a failed write, 0 if none */
	u64 flushed;   /* bytes written to fd so far */
};

void outbuf_init_mem(struct outbuf *ob);
/* cap is the flush threshold; returns -1 (errno) on allocation failure. */
int outbuf_init_fd(struct outbuf *ob, int fd, size_t cap);
void outbuf_release(struct outbuf *ob);

/* Make room for n more bytes: flushes an fd buffer, grows a memory one. */
void outbuf_reserve(struct outbuf *ob, size_t n);
int outbuf_flush(struct outbuf *ob);
static inline void outbuf_reset(struct outbuf *ob) { ob->len = 0; }
/* NUL-terminated view of the contents (memory buffers). */
const char *outbuf_cstr(struct outbuf *ob);

static inline void outbuf_putn(struct outbuf *ob, const void *s, size_t n)
{
	/* Nothing to add: an empty buffer may have no memory yet, and
	 * memcpy must not see its NULL even for 0 bytes. */
	if (unlikely(!n))
		return;
	if (unlikely(ob->len + n > ob->cap))
		outbuf_reserve(ob, n);
	if (unlikely(ob->len + n > ob->cap))
		return;         /* allocation failed; error recorded */
	memcpy(ob->buf + ob->len, s, n);
	ob->len += n;
}

static inline void outbuf_putc(struct outbuf *ob, char c)
{
	if (unlikely(ob->len + 1 > ob->cap))
		outbuf_reserve(ob, 1);
	if (unlikely(ob->len + 1 > ob->cap))
		return;
	ob->buf[ob->len++] = c;
}

static inline void outbuf_puts(struct outbuf *ob, const char *s) { outbuf_putn(ob, s, strlen(s)); }

void outbuf_u64(struct outbuf *ob, u64 v);
void outbuf_s64(struct outbuf *ob, s64 v);
void outbuf_hex(struct outbuf *ob, u64 v);          /* 0x1f */
void outbuf_octal(struct outbuf *ob, u64 v);        /* 0644, 0 for zero */
/* v / 10^decimals with exactly `decimals` digits after the point, right
 * aligned in `width` columns (0: no padding). */
void outbuf_fixed(struct outbuf *ob, u64 v, unsigned decimals, unsigned width);
/* Spaces until the current line (which started at line_start) is `col` wide. */
void outbuf_pad(struct outbuf *ob, size_t line_start, size_t col);
/* A C string literal: quotes, escapes; "..." after it when truncated. */
void outbuf_quoted(struct outbuf *ob, const char *s, size_t n, bool truncated);
void outbuf_printf(struct outbuf *ob, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
