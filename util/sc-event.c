#include "util/sc-event.h"

#include <stddef.h>
#include <string.h>

int sc_event_from_bpf(const void *raw, u32 size, int cpu, struct sc_event *ev)
{
	struct scry_sc_rec r;
	u32 off;

	if (size < SCRY_SC_HDR_SIZE)
		return -1;
	memcpy(&r, raw, SCRY_SC_HDR_SIZE);
	if (r.hdr_size != SCRY_SC_HDR_SIZE || r.kind < SCRY_SC_COMPLETE || r.kind > SCRY_SC_SIGNAL)
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

	off = SCRY_SC_HDR_SIZE;
	for (int i = 0; i < SCRY_SC_NSTR; i++) {
		u32 len = r.str_len[i];
		const char *s;
		if (!len)
			continue;
		if (r.str_arg[i] >= SCRY_SC_NARGS || len > SCRY_SC_STR_MAX || off + len > size)
			return -1;
		s = (const char *)raw + off;
		/* The helper counts the NUL it wrote; strings are never empty of it. */
		ev->str[r.str_arg[i]] = s;
		ev->str_len[r.str_arg[i]] = (u16)(len - 1);
		ev->str_truncated[r.str_arg[i]] = len == SCRY_SC_STR_MAX;
		off += len;
	}
	return 0;
}
