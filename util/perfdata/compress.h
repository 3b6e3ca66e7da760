/* zstd streams for PERF_RECORD_COMPRESSED data, kept for a whole session as
 * perf keeps them: the writer's frame is never ended, each chunk is flushed
 * so that it decodes on its own, and the reader feeds every COMPRESSED
 * record, in file order, to one decompression stream. */
#ifndef SCRY_COMPRESS_H
#define SCRY_COMPRESS_H

#include <stddef.h>

#include "util/types.h"

struct zstd_enc;
struct zstd_dec;

struct zstd_enc *zstd_enc_new(int level);
void zstd_enc_free(struct zstd_enc *e);
/* Compress n bytes and flush them, into dst (cap bytes). Returns the
 * compressed length, or 0 with a message in err when dst is too small or
 * zstd fails. ZSTD_compressBound(n) bytes always suffice. */
size_t zstd_enc_chunk(struct zstd_enc *e, const void *src, size_t n, void *dst, size_t cap, char *err,
		      size_t errlen);
/* The worst-case compressed size of n bytes. */
size_t zstd_enc_bound(size_t n);

struct zstd_dec *zstd_dec_new(void);
void zstd_dec_free(struct zstd_dec *d);
/* Decompress all n bytes of src, appending the output to *buf at *len
 * (grown as needed, *cap its size). Output past `limit` total bytes in *buf
 * is refused: -1 with a message; also -1 on corrupt data. */
int zstd_dec_stream(struct zstd_dec *d, const void *src, size_t n, u8 **buf, size_t *cap, size_t *len,
		    size_t limit, char *err, size_t errlen);

#endif
