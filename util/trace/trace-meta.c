#include "util/trace/trace-meta.h"

#include <stdlib.h>
#include <string.h>

/* The sample's fixed fields before the raw data: identifier, ip, pid/tid,
 * time, cpu/res (TRACE_META_SAMPLE_TYPE's order); then the raw size (u32). */
#define FIXED_FIELDS 40

struct perf_event_header *trace_meta_record_new(u64 id, u64 time, const struct trace_meta *m, const void *payload)
{
	u32 raw = (u32)sizeof(*m) + m->len;
	/* The raw size and the raw data end the record 8-byte aligned. */
	u32 raw_padded = ((raw + 4 + 7) & ~7u) - 4;
	size_t total = sizeof(struct perf_event_header) + FIXED_FIELDS + 4 + raw_padded;
	struct perf_event_header *h;
	u8 *p;

	if (total > 65535)
		return NULL;
	h = calloc(1, total);
	if (!h)
		return NULL;
	h->type = PERF_RECORD_SAMPLE;
	h->misc = PERF_RECORD_MISC_USER;
	h->size = (u16)total;
	p = (u8 *)(h + 1);
	memcpy(p, &id, 8);
	p += 8;
	p += 8;                 /* ip: 0 */
	p += 8;                 /* pid/tid: 0 */
	memcpy(p, &time, 8);
	p += 8;
	p += 8;                 /* cpu/res: 0 */
	memcpy(p, &raw_padded, 4);
	p += 4;
	memcpy(p, m, sizeof(*m));
	if (m->len)
		memcpy(p + sizeof(*m), payload, m->len);
	return h;
}

int trace_meta_decode(const void *raw, u32 size, struct trace_meta *m, const void **payload)
{
	if (size < sizeof(*m))
		return -1;
	memcpy(m, raw, sizeof(*m));
	if (m->len > size - sizeof(*m))
		return -1;
	*payload = (const char *)raw + sizeof(*m);
	return 0;
}
