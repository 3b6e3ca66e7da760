#include "util/core/event.h"

#include <string.h>

/* A cursor over one record's body that refuses to read past its end. */
struct cursor {
	const u8 *p;
	const u8 *end;
	bool bad;
};

static inline bool cur_has(struct cursor *c, u64 n)
{
	if (c->bad || (u64)(c->end - c->p) < n) {
		c->bad = true;
		return false;
	}
	return true;
}

static inline u64 cur_u64(struct cursor *c)
{
	u64 v = 0;
	if (cur_has(c, 8)) {
		memcpy(&v, c->p, 8);
		c->p += 8;
	}
	return v;
}

static inline const void *cur_skip(struct cursor *c, u64 n)
{
	const void *at = c->p;
	if (!cur_has(c, n))
		return NULL;
	c->p += n;
	return at;
}

/* The fields samples and sample_id trailers share, each read the same way. */
static inline void get_tid(struct cursor *c, struct perf_sample *s)
{
	u64 v = cur_u64(c);
	s->pid = (u32)v;
	s->tid = (u32)(v >> 32);
}

static inline void get_time(struct cursor *c, struct perf_sample *s)
{
	s->time = cur_u64(c);
	s->has_time = true;
}

static inline void get_id(struct cursor *c, struct perf_sample *s)
{
	s->id = cur_u64(c);
	s->has_id = true;
}

static inline void get_cpu(struct cursor *c, struct perf_sample *s)
{
	s->cpu = (u32)cur_u64(c);       /* u32 cpu, u32 reserved */
	s->has_cpu = true;
}

static unsigned popcount64(u64 v) { return (unsigned)__builtin_popcountll(v); }

/* Size of one PERF_SAMPLE_READ block for this read_format. */
static int skip_read(struct cursor *c, u64 fmt)
{
	u64 per = 1 + !!(fmt & PERF_FORMAT_ID) + !!(fmt & PERF_FORMAT_LOST);
	u64 hdr = !!(fmt & PERF_FORMAT_TOTAL_TIME_ENABLED) + !!(fmt & PERF_FORMAT_TOTAL_TIME_RUNNING);

	if (fmt & PERF_FORMAT_GROUP) {
		u64 nr = cur_u64(c);
		if (c->bad || nr > 65536)
			return -1;
		cur_skip(c, (hdr + nr * per) * 8);
	} else {
		cur_skip(c, (hdr + per) * 8);
	}
	return c->bad ? -1 : 0;
}

int sample_parse(const struct perf_event_header *h, const struct sample_layout *l, struct perf_sample *s)
{
	struct cursor c = { (const u8 *)(h + 1), (const u8 *)h + h->size, false };
	u64 t = l->sample_type;

	memset(s, 0, sizeof(*s));
	if (h->size < sizeof(*h))
		return -1;
	if (t & PERF_SAMPLE_IDENTIFIER)
		get_id(&c, s);
	if (t & PERF_SAMPLE_IP)
		s->ip = cur_u64(&c);
	if (t & PERF_SAMPLE_TID)
		get_tid(&c, s);
	if (t & PERF_SAMPLE_TIME)
		get_time(&c, s);
	if (t & PERF_SAMPLE_ADDR)
		s->addr = cur_u64(&c);
	if (t & PERF_SAMPLE_ID)
		get_id(&c, s);
	if (t & PERF_SAMPLE_STREAM_ID)
		s->stream_id = cur_u64(&c);
	if (t & PERF_SAMPLE_CPU)
		get_cpu(&c, s);
	if (t & PERF_SAMPLE_PERIOD)
		s->period = cur_u64(&c);
	if (t & PERF_SAMPLE_READ) {
		const u8 *start = c.p;
		if (skip_read(&c, l->read_format))
			return -1;
		s->read_data = start;
		s->read_size = (u32)(c.p - start);
	}
	if (t & PERF_SAMPLE_CALLCHAIN) {
		u64 nr = cur_u64(&c);
		if (c.bad || nr > (u64)(c.end - c.p) / 8)
			return -1;
		s->callchain_nr = nr;
		s->callchain = cur_skip(&c, nr * 8);
	}
	if (t & PERF_SAMPLE_RAW) {
		u32 sz;
		if (!cur_has(&c, 4))
			return -1;
		memcpy(&sz, c.p, 4);
		c.p += 4;
		s->raw_size = sz;
		s->raw_data = cur_skip(&c, sz);
		if (!s->raw_data)
			return -1;
	}
	if (t & PERF_SAMPLE_BRANCH_STACK) {
		u64 nr = cur_u64(&c);
		if (c.bad || nr > 65536)
			return -1;
		if (l->branch_sample_type & PERF_SAMPLE_BRANCH_HW_INDEX)
			cur_u64(&c);
		cur_skip(&c, nr * sizeof(struct perf_branch_entry));
#ifdef PERF_SAMPLE_BRANCH_COUNTERS
		if (l->branch_sample_type & PERF_SAMPLE_BRANCH_COUNTERS)
			cur_skip(&c, nr * 8);
#endif
	}
	if (t & PERF_SAMPLE_REGS_USER) {
		s->user_regs_abi = cur_u64(&c);
		if (s->user_regs_abi)
			s->user_regs = cur_skip(&c, popcount64(l->regs_user) * 8ull);
	}
	if (t & PERF_SAMPLE_STACK_USER) {
		u64 size = cur_u64(&c);
		if (size) {
			const void *data = cur_skip(&c, size);
			u64 dyn = cur_u64(&c);
			if (c.bad)
				return -1;
			s->user_stack = data;
			s->user_stack_size = dyn <= size ? dyn : size;
		}
	}
	if (t & (PERF_SAMPLE_WEIGHT | PERF_SAMPLE_WEIGHT_STRUCT))
		s->weight = cur_u64(&c);
	if (t & PERF_SAMPLE_DATA_SRC)
		s->data_src = cur_u64(&c);
	if (t & PERF_SAMPLE_TRANSACTION)
		s->transaction = cur_u64(&c);
	if (t & PERF_SAMPLE_REGS_INTR) {
		u64 abi = cur_u64(&c);
		if (abi)
			cur_skip(&c, popcount64(l->regs_intr) * 8ull);
	}
	if (t & PERF_SAMPLE_PHYS_ADDR)
		s->phys_addr = cur_u64(&c);
	if (t & PERF_SAMPLE_CGROUP)
		s->cgroup = cur_u64(&c);
	if (t & PERF_SAMPLE_DATA_PAGE_SIZE)
		cur_u64(&c);
	if (t & PERF_SAMPLE_CODE_PAGE_SIZE)
		cur_u64(&c);
	if (t & PERF_SAMPLE_AUX) {
		u64 size = cur_u64(&c);
		cur_skip(&c, size);
	}
	return c.bad ? -1 : 0;
}

size_t sample_id_size(const struct sample_layout *l)
{
	u64 t = l->sample_type;
	size_t n = 0;

	if (!l->sample_id_all)
		return 0;
	n += !!(t & PERF_SAMPLE_TID);
	n += !!(t & PERF_SAMPLE_TIME);
	n += !!(t & PERF_SAMPLE_ID);
	n += !!(t & PERF_SAMPLE_STREAM_ID);
	n += !!(t & PERF_SAMPLE_CPU);
	n += !!(t & PERF_SAMPLE_IDENTIFIER);
	return n * 8;
}

int sample_id_parse(const struct perf_event_header *h, const struct sample_layout *l, struct perf_sample *s)
{
	size_t n = sample_id_size(l);
	struct cursor c;
	u64 t = l->sample_type;

	memset(s, 0, sizeof(*s));
	if (!n)
		return 0;
	if (h->size < sizeof(*h) + n)
		return -1;
	c.p = (const u8 *)h + h->size - n;
	c.end = (const u8 *)h + h->size;
	c.bad = false;
	if (t & PERF_SAMPLE_TID)
		get_tid(&c, s);
	if (t & PERF_SAMPLE_TIME)
		get_time(&c, s);
	if (t & PERF_SAMPLE_ID)
		get_id(&c, s);
	if (t & PERF_SAMPLE_STREAM_ID)
		s->stream_id = cur_u64(&c);
	if (t & PERF_SAMPLE_CPU)
		get_cpu(&c, s);
	if (t & PERF_SAMPLE_IDENTIFIER)
		get_id(&c, s);
	return c.bad ? -1 : 0;
}

u64 record_time(const struct perf_event_header *h, const struct sample_layout *l)
{
	u64 t = l->sample_type, off, time;

	if (!(t & PERF_SAMPLE_TIME))
		return 0;
	if (h->type == PERF_RECORD_SAMPLE) {
		/* the fixed fields before it: IDENTIFIER, IP, TID */
		off = sizeof(*h) + 8 * (!!(t & PERF_SAMPLE_IDENTIFIER) + !!(t & PERF_SAMPLE_IP) +
					!!(t & PERF_SAMPLE_TID));
	} else {
		size_t n = sample_id_size(l);

		/* the trailer: TID, TIME, then ID, STREAM_ID, CPU, IDENTIFIER */
		if (!n || h->size < sizeof(*h) + n)
			return 0;
		off = h->size - n + 8 * !!(t & PERF_SAMPLE_TID);
	}
	if (off + 8 > h->size)
		return 0;
	memcpy(&time, (const u8 *)h + off, 8);
	return time;
}

bool record_identifier(const struct perf_event_header *h, u64 *id)
{
	if (h->size < sizeof(*h) + 8)
		return false;
	if (h->type == PERF_RECORD_SAMPLE)
		memcpy(id, h + 1, 8);
	else
		memcpy(id, (const u8 *)h + h->size - 8, 8);
	return true;
}

bool record_id(const struct perf_event_header *h, u64 t, u64 *id)
{
	u64 pos;

	if (t & PERF_SAMPLE_IDENTIFIER)
		return record_identifier(h, id);
	if (!(t & PERF_SAMPLE_ID))
		return false;
	if (h->type == PERF_RECORD_SAMPLE) {
		/* IP, TID, TIME, ADDR come before ID in a sample */
		pos = !!(t & PERF_SAMPLE_IP) + !!(t & PERF_SAMPLE_TID) + !!(t & PERF_SAMPLE_TIME) +
		      !!(t & PERF_SAMPLE_ADDR);
		if (h->size < sizeof(*h) + (pos + 1) * 8)
			return false;
		memcpy(id, (const u8 *)(h + 1) + pos * 8, 8);
		return true;
	}
	/* STREAM_ID and CPU come after ID in the trailer */
	pos = 1 + !!(t & PERF_SAMPLE_STREAM_ID) + !!(t & PERF_SAMPLE_CPU);
	if (h->size < sizeof(*h) + pos * 8)
		return false;
	memcpy(id, (const u8 *)h + h->size - pos * 8, 8);
	return true;
}

const char *record_type_name(u32 type)
{
	static const char *const names[] = {
		[PERF_RECORD_MMAP] = "MMAP",
		[PERF_RECORD_LOST] = "LOST",
		[PERF_RECORD_COMM] = "COMM",
		[PERF_RECORD_EXIT] = "EXIT",
		[PERF_RECORD_THROTTLE] = "THROTTLE",
		[PERF_RECORD_UNTHROTTLE] = "UNTHROTTLE",
		[PERF_RECORD_FORK] = "FORK",
		[PERF_RECORD_READ] = "READ",
		[PERF_RECORD_SAMPLE] = "SAMPLE",
		[PERF_RECORD_MMAP2] = "MMAP2",
		[PERF_RECORD_AUX] = "AUX",
		[PERF_RECORD_ITRACE_START] = "ITRACE_START",
		[PERF_RECORD_LOST_SAMPLES] = "LOST_SAMPLES",
		[PERF_RECORD_SWITCH] = "SWITCH",
		[PERF_RECORD_SWITCH_CPU_WIDE] = "SWITCH_CPU_WIDE",
		[PERF_RECORD_NAMESPACES] = "NAMESPACES",
		[PERF_RECORD_KSYMBOL] = "KSYMBOL",
		[PERF_RECORD_BPF_EVENT] = "BPF_EVENT",
		[PERF_RECORD_CGROUP] = "CGROUP",
		[PERF_RECORD_TEXT_POKE] = "TEXT_POKE",
		[PERF_RECORD_AUX_OUTPUT_HW_ID] = "AUX_OUTPUT_HW_ID",
	};
	if (type < ARRAY_SIZE(names) && names[type])
		return names[type];
	return "UNKNOWN";
}
