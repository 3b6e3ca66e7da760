#include "util/trace/sc-tp.h"

#include <stdlib.h>
#include <string.h>

struct pending {
	int nr;
	u64 ts;
	u64 args[SCRY_SC_NARGS];
	int cpu;
};

int sc_tp_layout_of(struct tep_event *ev, struct sc_tp_layout *l)
{
	struct tep_format_field *f;

	memset(l, 0, sizeof(*l));
	if (!ev->system || !ev->name)
		return -1;
	if (!strcmp(ev->system, "raw_syscalls")) {
		struct tep_format_field *id = tep_find_field(ev, "id");
		if (!id)
			return -1;
		l->nr_off = id->offset;
		l->nr_size = id->size;
		if (!strcmp(ev->name, "sys_enter")) {
			f = tep_find_field(ev, "args");
			if (!f || f->size < 8 * SCRY_SC_NARGS)
				return -1;
			l->kind = SC_TP_RAW_ENTER;
			l->args_off = f->offset;
			l->nargs = SCRY_SC_NARGS;
			return 0;
		}
		if (!strcmp(ev->name, "sys_exit")) {
			f = tep_find_field(ev, "ret");
			if (!f)
				return -1;
			l->kind = SC_TP_RAW_EXIT;
			l->ret_off = f->offset;
			return 0;
		}
		return -1;
	}
	if (strcmp(ev->system, "syscalls"))
		return -1;
	f = tep_find_field(ev, "__syscall_nr");
	if (!f)
		return -1;
	l->nr_off = f->offset;
	l->nr_size = f->size;
	if (!strncmp(ev->name, "sys_enter_", 10)) {
		struct tep_format_field **fields = tep_event_fields(ev);
		l->kind = SC_TP_ENTER;
		l->args_off = -1;
		for (int i = 0; fields && fields[i]; i++) {
			if (!strcmp(fields[i]->name, "__syscall_nr"))
				continue;
			if (l->args_off < 0)
				l->args_off = fields[i]->offset;
			if (l->nargs < SCRY_SC_NARGS)
				l->nargs++;
		}
		free(fields);
		if (l->args_off < 0)
			l->args_off = l->nr_off + 8;
		return 0;
	}
	if (!strncmp(ev->name, "sys_exit_", 9)) {
		f = tep_find_field(ev, "ret");
		if (!f)
			return -1;
		l->kind = SC_TP_EXIT;
		l->ret_off = f->offset;
		return 0;
	}
	return -1;
}

void sc_tp_init(struct sc_tp *t)
{
	hashmap_init(&t->pending);
}

void sc_tp_release(struct sc_tp *t)
{
	size_t it = 0;
	void *v;

	while (hashmap_next(&t->pending, &it, NULL, &v))
		free(v);
	hashmap_free(&t->pending);
}

static bool read_int(const void *raw, u32 size, int off, int len, s64 *v)
{
	if (off < 0 || (u32)off + (u32)len > size)
		return false;
	if (len == 4) {
		s32 x;
		memcpy(&x, (const char *)raw + off, 4);
		*v = x;
	} else if (len == 8) {
		memcpy(v, (const char *)raw + off, 8);
	} else {
		return false;
	}
	return true;
}

static void fill_base(struct sc_event *out, u32 pid, u32 tid, int cpu)
{
	memset(out, 0, sizeof(*out));
	out->pid = pid;
	out->tid = tid;
	out->cpu = cpu;
}

int sc_tp_feed(struct sc_tp *t, const struct sc_tp_layout *l, const void *raw, u32 size,
	       u32 pid, u32 tid, u64 time, int cpu, const bool *noreturn_nr, struct sc_event *out)
{
	struct pending *p;
	s64 nr, ret;

	if (!read_int(raw, size, l->nr_off, l->nr_size, &nr) || nr < 0 || nr >= SCRY_SC_NR_MAX)
		return -1;

	if (l->kind == SC_TP_RAW_ENTER || l->kind == SC_TP_ENTER) {
		if ((u32)l->args_off + (u32)l->nargs * 8 > size)
			return -1;
		p = hashmap_get(&t->pending, tid);
		if (p) {
			/* The return of the previous call was lost. */
			fill_base(out, pid, tid, p->cpu);
			out->kind = SCRY_SC_UNFINISHED;
			out->nr = p->nr;
			out->ts_enter = p->ts;
			out->ts_exit = time;
			memcpy(out->args, p->args, sizeof(out->args));
			free(hashmap_del(&t->pending, tid));
			return 2;
		}
		fill_base(out, pid, tid, cpu);
		out->nr = (int)nr;
		out->ts_enter = out->ts_exit = time;
		memcpy(out->args, (const char *)raw + l->args_off, (size_t)l->nargs * 8);
		if (noreturn_nr && noreturn_nr[nr]) {
			out->kind = SCRY_SC_NORETURN;
			return 1;
		}
		p = malloc(sizeof(*p));
		if (!p || hashmap_put(&t->pending, tid, p)) {
			free(p);
			return -1;
		}
		p->nr = (int)nr;
		p->ts = time;
		p->cpu = cpu;
		memcpy(p->args, out->args, sizeof(p->args));
		return 0;
	}

	if (!read_int(raw, size, l->ret_off, 8, &ret))
		return -1;
	fill_base(out, pid, tid, cpu);
	out->nr = (int)nr;
	out->ret = ret;
	out->ts_exit = time;
	out->kind = SCRY_SC_COMPLETE;
	p = hashmap_get(&t->pending, tid);
	if (p && p->nr == nr) {
		out->ts_enter = p->ts;
		memcpy(out->args, p->args, sizeof(out->args));
		free(hashmap_del(&t->pending, tid));
	} else {
		/* Entered before the trace began (or the entry was lost). */
		out->ts_enter = time;
		out->continued = true;
		if (p)
			free(hashmap_del(&t->pending, tid));
	}
	return 1;
}
