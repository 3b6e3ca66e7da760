/* zstd streams for PERF_RECORD_COMPRESSED data, kept for a whole session as
 * perf keeps them: the writer's frame is never ended, each chunk is flushed
 * so that it decodes on its own, and the reader feeds every COMPRESSED
 * record, in file order, to one decompression stream. */
#ifndef SCRY_COMPRESS_H
#define SCRY_COMPRESS_H

#include <stddef.h>

#include "util/types.h"

struct compress_enc;
struct compress_dec;

struct compress_enc *compress_enc_new(int level);
void compress_enc_free(struct compress_enc *e);
/* Compress n bytes and flush them, into dst (cap bytes). Returns the
 * compressed length, or 0 with a message in err when dst is too small or
 * zstd fails. ZSTD_compressBound(n) bytes always suffice. */
size_t compress_enc_chunk(struct compress_enc *e, const void *src, size_t n, void *dst, size_t cap, char *err,
		      size_t errlen);
/* The worst-case compressed size of n bytes. */
size_t compress_enc_bound(size_t n);

struct compress_dec *compress_dec_new(void);
void compress_dec_free(struct compress_dec *d);
/* Decompress all n bytes of src, appending the output to *buf at *len
 * (grown as needed, *cap its size). Output past `limit` total bytes in *buf
 * is refused: -1 with a message; also -1 on corrupt data. */
int compress_dec_stream(struct compress_dec *d, const void *src, size_t n, u8 **buf, size_t *cap, size_t *len,
		    size_t limit, char *err, size_t errlen);

#endif
