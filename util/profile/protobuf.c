/* Protocol buffers' wire format (writing): varints, tags, lengths. */
#include "util/profile/protobuf.h"

enum { PB_VARINT = 0, PB_LEN = 2 };

void pb_varint(struct outbuf *ob, u64 v)
{
	char b[10];
	size_t n = 0;

	do {
		b[n] = (char)(v & 0x7f);
		v >>= 7;
		if (v)
			b[n] |= (char)0x80;
		n++;
	} while (v);
	outbuf_putn(ob, b, n);
}

static void tag(struct outbuf *ob, u32 field, unsigned wire)
{
	pb_varint(ob, ((u64)field << 3) | wire);
}

void pb_uint(struct outbuf *ob, u32 field, u64 v)
{
	tag(ob, field, PB_VARINT);
	pb_varint(ob, v);
}

void pb_bytes(struct outbuf *ob, u32 field, const void *p, size_t n)
{
	tag(ob, field, PB_LEN);
	pb_varint(ob, n);
	outbuf_putn(ob, p, n);
}

void pb_string(struct outbuf *ob, u32 field, const char *s)
{
	pb_bytes(ob, field, s, strlen(s));
}

static size_t varint_size(u64 v)
{
	size_t n = 1;

	while (v >>= 7)
		n++;
	return n;
}

void pb_packed(struct outbuf *ob, u32 field, const u64 *v, size_t n)
{
	size_t len = 0;

	if (!n)
		return;
	for (size_t i = 0; i < n; i++)
		len += varint_size(v[i]);
	tag(ob, field, PB_LEN);
	pb_varint(ob, len);
	for (size_t i = 0; i < n; i++)
		pb_varint(ob, v[i]);
}
