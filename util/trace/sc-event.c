#include "util/trace/sc-event.h"

#include <stddef.h>
#include <string.h>

/* The vectors of an exec: argv's strings must be whole NUL-terminated
 * strings inside the record, each no longer than the tracer copies. */
static int decode_vectors(const struct scry_sc_rec *r, const void *raw, u32 size, struct sc_event *ev)
{
	u32 off = r->hdr_size + SCRY_SC_VEC_OFF, n = 0;
	const char *v = (const char *)raw + off;

	if (r->vec_arg != 0xff) {
		if (r->vec_arg >= SCRY_SC_NARGS || r->vec_len > SCRY_SC_VEC_BYTES ||
		    (r->vec_len && (off > size || size - off < r->vec_len)))
			return -1;
		for (u32 i = 0, start = 0; i < r->vec_len; i++) {
			if (v[i])
				continue;
			if (i + 1 - start > SCRY_SC_VEC_STR_MAX)
				return -1;
			n++;
			start = i + 1;
		}
		if ((r->vec_len && v[r->vec_len - 1]) || n > r->vec_nr)
			return -1;
		ev->has_vec = true;
		ev->vec_arg = r->vec_arg;
		ev->vec = r->vec_len ? v : NULL;
		ev->vec_len = r->vec_len;
		ev->vec_nr = r->vec_nr;
		ev->vec_fault = r->flags & SCRY_SC_F_VEC_FAULT;
	}
	if (r->cnt_arg != 0xff) {
		if (r->cnt_arg >= SCRY_SC_NARGS)
			return -1;
		ev->has_cnt = true;
		ev->cnt_arg = r->cnt_arg;
		ev->cnt_nr = r->cnt_nr;
		ev->cnt_fault = r->flags & SCRY_SC_F_CNT_FAULT;
	}
	return 0;
}

/* The pieces copied by rule: each a header and its bytes inside the
 * record, padded to 8; a piece that does not fit makes the record bad. */
static int decode_caps(const struct scry_sc_rec *r, const void *raw, u32 size, struct sc_event *ev)
{
	u32 off, end, nr = 0;

	if (!r->cap_len)
		return r->cap_nr ? -1 : 0;
	off = r->hdr_size + r->cap_off;
	end = off + r->cap_len;
	if (r->cap_off > SCRY_SC_CAP_OFF_MAX || r->cap_len > SCRY_SC_CAP_AREA || end > size)
		return -1;
	while (off < end) {
		struct scry_sc_cap_hdr h;
		struct sc_cap *c;

		if (end - off < sizeof(h) || nr >= SC_EVENT_MAX_CAPS)
			return -1;
		memcpy(&h, (const char *)raw + off, sizeof(h));
		off += sizeof(h);
		if (h.len > end - off || h.arg >= SCRY_SC_NARGS || (h.when != SCRY_CAP_ENTRY && h.when != SCRY_CAP_EXIT))
			return -1;
		c = &ev->caps[nr++];
		c->arg = h.arg;
		c->kind = h.kind;
		c->when = h.when;
		c->fault = h.flags & SCRY_CAP_F_FAULT;
		c->trunc = h.flags & SCRY_CAP_F_TRUNC;
		c->len = h.len;
		c->aux = h.aux;
		c->data = (const u8 *)raw + off;
		off += (h.len + 7u) & ~7u;
	}
	if (nr != r->cap_nr)
		return -1;
	ev->ncap = nr;
	return 0;
}

/* A stack record: its ips and stack bytes must lie inside it. */
static int decode_stack(const void *raw, u32 size, int cpu, struct sc_event *ev)
{
	struct scry_sc_stack_rec h;
	struct sc_event_stack *st = &ev->stack;
	u32 need;

	if (size < SCRY_SC_STACK_HDR_SIZE)
		return -1;
	memcpy(&h, raw, SCRY_SC_STACK_HDR_SIZE);
	if (h.nr_kips > SCRY_SC_STACK_IPS || h.nr_uips > SCRY_SC_STACK_IPS || h.stack_len > SCRY_SC_STACK_BYTES)
		return -1;
	need = SCRY_SC_STACK_HDR_SIZE + (h.nr_kips + h.nr_uips) * 8u + h.stack_len;
	if (need > size)
		return -1;
	memset(ev, 0, sizeof(*ev));
	ev->kind = SCRY_SC_STACK;
	ev->tid = h.tid;
	ev->pid = h.pid;
	ev->nr = h.nr;
	ev->cpu = cpu;
	ev->ts_enter = ev->ts_exit = h.ts_exit;
	st->kips = (const u8 *)raw + SCRY_SC_STACK_HDR_SIZE;
	st->uips = st->kips + h.nr_kips * 8u;
	st->nr_kips = h.nr_kips;
	st->nr_uips = h.nr_uips;
	st->dwarf = h.flags & SCRY_STK_F_DWARF;
	st->kernel = h.flags & SCRY_STK_F_KERNEL;
	memcpy(st->regs, h.regs, sizeof(st->regs));
	st->data = st->uips + h.nr_uips * 8u;
	st->len = h.stack_len;
	return 0;
}

int sc_event_from_bpf(const void *raw, u32 size, int cpu, struct sc_event *ev)
{
	struct scry_sc_rec r;
	u32 off;
	u16 kind;

	if (size < sizeof(kind))
		return -1;
	memcpy(&kind, raw, sizeof(kind));       /* first in every record */
	if (kind == SCRY_SC_STACK)
		return decode_stack(raw, size, cpu, ev);
	if (size < SCRY_SC_HDR_SIZE_V1)
		return -1;
	memcpy(&r, raw, SCRY_SC_HDR_SIZE_V1);
	/* Files written before vectors, or before captures, have a shorter header. */
	if (r.hdr_size == SCRY_SC_HDR_SIZE && size >= SCRY_SC_HDR_SIZE) {
		memcpy(&r, raw, SCRY_SC_HDR_SIZE);
	} else if (r.hdr_size == SCRY_SC_HDR_SIZE_V2 && size >= SCRY_SC_HDR_SIZE_V2) {
		memcpy(&r, raw, SCRY_SC_HDR_SIZE_V2);
		r.cap_off = r.cap_len = 0;
		r.cap_nr = 0;
	} else if (r.hdr_size == SCRY_SC_HDR_SIZE_V1) {
		r.vec_len = r.vec_nr = r.cnt_nr = 0;
		r.vec_arg = r.cnt_arg = 0xff;
		r.cap_off = r.cap_len = 0;
		r.cap_nr = 0;
	} else {
		return -1;
	}
	if (r.kind < SCRY_SC_COMPLETE || r.kind > SCRY_SC_SIGNAL)
		return -1;
	memset(ev, 0, sizeof(*ev));
	ev->kind = (enum scry_sc_kind)r.kind;
	ev->tid = r.tid;
	ev->pid = r.pid;
	ev->nr = r.nr;
	ev->cpu = cpu;
	ev->ts_enter = r.ts_enter;
	ev->ts_exit = r.ts_exit;
	memcpy(ev->args, r.args, sizeof(ev->args));
	ev->ret = r.ret;
	memcpy(ev->comm, r.comm, sizeof(r.comm));
	ev->comm[16] = '\0';
	ev->group_dead = r.flags & SCRY_SC_F_GROUP_DEAD;
	ev->continued = r.flags & SCRY_SC_F_CONTINUED;

	off = r.hdr_size;
	for (int i = 0; i < SCRY_SC_NSTR; i++) {
		u32 len = r.str_len[i];
		bool buf = r.flags & (i ? SCRY_SC_F_STR1_BUF : SCRY_SC_F_STR0_BUF);
		const char *s;
		if (!len && !buf)
			continue;
		if (r.str_arg[i] >= SCRY_SC_NARGS || len > SCRY_SC_STR_MAX || off + len > size)
			return -1;
		s = (const char *)raw + off;
		ev->str[r.str_arg[i]] = s;
		if (buf) {
			/* A buffer's bytes: as many as were copied, NULs and all. */
			ev->str_len[r.str_arg[i]] = (u16)len;
			ev->str_is_buf[r.str_arg[i]] = true;
		} else {
			/* The helper counts the NUL it wrote; strings are never empty of it. */
			ev->str_len[r.str_arg[i]] = (u16)(len - 1);
			ev->str_truncated[r.str_arg[i]] = len == SCRY_SC_STR_MAX;
		}
		off += len;
	}
	if (decode_vectors(&r, raw, size, ev))
		return -1;
	return decode_caps(&r, raw, size, ev);
}
