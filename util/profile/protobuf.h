/* Protocol buffers' wire format, writing only: what util/profile/pprof needs
 * to write profile.proto (varints, length-delimited strings and embedded
 * messages, packed repeated varints) into an outbuf.
 *
 * An embedded message's length comes before it: the caller encodes it into
 * a scratch outbuf first and writes that with pb_bytes. */
#ifndef SCRY_PROTOBUF_H
#define SCRY_PROTOBUF_H

#include "util/outbuf.h"
#include "util/types.h"

void pb_varint(struct outbuf *ob, u64 v);
/* Field `field` as a varint (int64, uint64, bool, enum); int64 negatives
 * take ten bytes as the format says. A zero is still written (callers skip
 * proto3 defaults themselves when they want to). */
void pb_uint(struct outbuf *ob, u32 field, u64 v);
static inline void pb_int(struct outbuf *ob, u32 field, s64 v) { pb_uint(ob, field, (u64)v); }
/* Field `field`, length-delimited: n bytes (a string, bytes, or a message
 * already encoded). */
void pb_bytes(struct outbuf *ob, u32 field, const void *p, size_t n);
void pb_string(struct outbuf *ob, u32 field, const char *s);
/* A packed repeated uint64/int64 field of n values (nothing when n is 0). */
void pb_packed(struct outbuf *ob, u32 field, const u64 *v, size_t n);

#endif
