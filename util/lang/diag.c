/* The error formatter every stage of the language shares (see diag.h). */
#include <stdio.h>

#include "util/lang/diag.h"

/* A bounded writer into the caller's buffer: what does not fit is
 * dropped, the text stays NUL-terminated. */
struct diag_buf {
	char *s;
	size_t cap, len;
};

static void put(struct diag_buf *d, char c)
{
	if (d->len + 1 < d->cap) {
		d->s[d->len++] = c;
		d->s[d->len] = '\0';
	}
}

static bool utf8_continuation(char c)
{
	return ((unsigned char)c & 0xc0) == 0x80;
}

int lang_vdiag_src(char *err, size_t errlen, const char *src, size_t len, const char *file,
		   struct lang_loc loc, const char *fmt, va_list ap)
{
	struct diag_buf d = { err, errlen, 0 };
	size_t off, bol, eol, end, i;
	int n;

	if (!err || !errlen)
		return -1;
	err[0] = '\0';
	n = snprintf(err, errlen, "%s:%u:%u: ", file ? file : "-e", loc.line, loc.col);
	d.len = n < 0 ? 0 : MIN((size_t)n, errlen - 1);
	n = vsnprintf(err + d.len, errlen - d.len, fmt, ap);
	d.len = n < 0 ? d.len : MIN(d.len + (size_t)n, errlen - 1);
	if (!src)
		return -1;

	/* The line holding loc: found from the byte offset, which every
	 * stage has exactly, rather than by counting lines again. */
	off = MIN((size_t)loc.off, len);
	for (bol = off; bol > 0 && src[bol - 1] != '\n'; bol--)
		;
	for (eol = off; eol < len && src[eol] != '\n'; eol++)
		;
	if (eol > bol && src[eol - 1] == '\r')
		eol--;          /* a CRLF file's CR would move the cursor back */
	put(&d, '\n');
	for (i = bol; i < eol; i++)
		put(&d, src[i] ? src[i] : ' ');        /* a NUL would end the message */
	put(&d, '\n');
	for (i = bol; i < off; i++) {
		if (src[i] == '\t')
			put(&d, '\t');
		else if (!utf8_continuation(src[i]))
			put(&d, ' ');
	}
	end = MIN(off + loc.len, eol);
	put(&d, '^');
	for (i = off + 1; i < end; i++)
		if (!utf8_continuation(src[i]))
			put(&d, '^');
	return -1;
}

int lang_diag_src(char *err, size_t errlen, const char *src, size_t len, const char *file,
		  struct lang_loc loc, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	lang_vdiag_src(err, errlen, src, len, file, loc, fmt, ap);
	va_end(ap);
	return -1;
}

int lang_vdiag(char *err, size_t errlen, const struct lang_ast *ast, struct lang_loc loc,
	       const char *fmt, va_list ap)
{
	return lang_vdiag_src(err, errlen, ast ? ast->src : NULL, ast ? ast->src_len : 0,
			      ast ? ast->file : NULL, loc, fmt, ap);
}

int lang_diag(char *err, size_t errlen, const struct lang_ast *ast, struct lang_loc loc,
	      const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	lang_vdiag(err, errlen, ast, loc, fmt, ap);
	va_end(ap);
	return -1;
}
