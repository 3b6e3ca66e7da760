#include "util/perfdata/compress.h"

#include <stdio.h>
#include <stdlib.h>
#include <zstd.h>

/* ZSTD_FRAMEHEADERSIZE_MAX, which zstd.h shows only to static linking. */
#define FRAME_HEADER_MAX 18

struct compress_enc {
	ZSTD_CCtx *cctx;
};

struct compress_dec {
	ZSTD_DCtx *dctx;
};

struct compress_enc *compress_enc_new(int level)
{
	struct compress_enc *e = calloc(1, sizeof(*e));

	if (!e)
		return NULL;
	e->cctx = ZSTD_createCCtx();
	if (!e->cctx || ZSTD_isError(ZSTD_CCtx_setParameter(e->cctx, ZSTD_c_compressionLevel, level))) {
		compress_enc_free(e);
		return NULL;
	}
	return e;
}

void compress_enc_free(struct compress_enc *e)
{
	if (!e)
		return;
	ZSTD_freeCCtx(e->cctx);
	free(e);
}

size_t compress_enc_bound(size_t n)
{
	/* A flush may add a frame header (first chunk) and block headers. */
	return ZSTD_compressBound(n) + FRAME_HEADER_MAX;
}

size_t compress_enc_chunk(struct compress_enc *e, const void *src, size_t n, void *dst, size_t cap, char *err,
		      size_t errlen)
{
	ZSTD_inBuffer in = { src, n, 0 };
	ZSTD_outBuffer out = { dst, cap, 0 };
	size_t left;

	/* ZSTD_e_flush ends the block, not the frame: the chunk decodes on
	 * its own while the window (and so the ratio) carries over. */
	do {
		left = ZSTD_compressStream2(e->cctx, &out, &in, ZSTD_e_flush);
		if (ZSTD_isError(left)) {
			snprintf(err, errlen, "zstd: %s", ZSTD_getErrorName(left));
			return 0;
		}
	} while (left && out.pos < out.size);
	if (left || in.pos < in.size) {
		snprintf(err, errlen, "zstd: %zu bytes do not compress into %zu", n, cap);
		return 0;
	}
	return out.pos;
}

struct compress_dec *compress_dec_new(void)
{
	struct compress_dec *d = calloc(1, sizeof(*d));

	if (!d)
		return NULL;
	d->dctx = ZSTD_createDCtx();
	if (!d->dctx) {
		free(d);
		return NULL;
	}
	return d;
}

void compress_dec_free(struct compress_dec *d)
{
	if (!d)
		return;
	ZSTD_freeDCtx(d->dctx);
	free(d);
}

/* Room for more output: double, never past limit. */
static int grow(u8 **buf, size_t *cap, size_t len, size_t limit)
{
	size_t want = *cap ? *cap * 2 : 256 * 1024;
	u8 *nb;

	if (len >= limit)
		return -1;
	if (want > limit)
		want = limit;
	nb = realloc(*buf, want);
	if (!nb)
		return -1;
	*buf = nb;
	*cap = want;
	return 0;
}

int compress_dec_stream(struct compress_dec *d, const void *src, size_t n, u8 **buf, size_t *cap, size_t *len,
		    size_t limit, char *err, size_t errlen)
{
	ZSTD_inBuffer in = { src, n, 0 };

	for (;;) {
		ZSTD_outBuffer out;
		size_t rc;

		if (*len == *cap && grow(buf, cap, *len, limit)) {
			snprintf(err, errlen, "compressed data expands past %zu bytes", limit);
			return -1;
		}
		out = (ZSTD_outBuffer){ *buf, *cap, *len };
		rc = ZSTD_decompressStream(d->dctx, &out, &in);
		*len = out.pos;
		if (ZSTD_isError(rc)) {
			snprintf(err, errlen, "zstd: %s", ZSTD_getErrorName(rc));
			return -1;
		}
		/* Done when the input is used up and zstd did not stop for
		 * want of output room (it may hold decoded bytes back). */
		if (in.pos == in.size && out.pos < out.size)
			return 0;
	}
}
