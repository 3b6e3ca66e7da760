/* The layouts of program.h computed in one place (map keys and values,
 * event payloads), and freeing a compiled program.
 *
 * codegen.c writes these bytes and output.c reads them: both take offsets
 * and sizes from the struct lang_map / lang_fmt this file fills, never
 * from their own arithmetic. */
#include "util/lang/program.h"

#include <stdlib.h>
#include <string.h>

#include "util/lang/ctypes.h"

#include "util/lang/output.h"


static u32 round8(u64 n)
{
	return (u32)((n + 7) & ~(u64)7);
}

u32 lang_lhist_buckets(const struct lang_type *t)
{
	s64 n;

	/* The checker rejects these; a layout must still not divide by 0. */
	if (t->lhist_step <= 0 || t->lhist_max <= t->lhist_min)
		return 0;
	n = (t->lhist_max - t->lhist_min) / t->lhist_step;
	return n > LANG_LHIST_MAX_BUCKETS ? LANG_LHIST_MAX_BUCKETS : (u32)n;
}

u32 lang_type_slot_size(const struct lang_type *t)
{
	switch (t->kind) {
	case LT_NONE:
	case LT_RECORD:         /* never stored (the checker refuses) */
		return 0;
	case LT_INT:
	case LT_KSTACK:
	case LT_PROBE:
	case LT_FUNC:
	case LT_KSYM:
	case LT_COUNT:
		return 8;
	case LT_STR:
	case LT_BUF:
		return round8(t->size);
	case LT_INET:
	case LT_USTACK:
		return 24;              /* stack id, pid, caller */
	case LT_USYM:
	case LT_TIMESTAMP:
	case LT_CGROUP_PATH:
	case LT_SUM:
	case LT_MIN:
	case LT_MAX:
	case LT_AVG:
	case LT_STATS:
		return 16;              /* two u64: value and set/updates, or count and total */
	case LT_HIST:
		return LANG_HIST_BUCKETS * 8;
	case LT_LHIST:
		return (lang_lhist_buckets(t) + 2) * 8;
	case LT_TUPLE:
		return t->size;         /* tuple.h: its elements' slots */
	}
	return 0;
}

static bool is_aggregation(enum lang_type_kind k)
{
	return k >= LT_COUNT && k <= LT_LHIST;
}

void lang_map_layout(struct lang_map *m)
{
	u32 off = 0;

	for (int i = 0; i < m->nkeys && i < LANG_MAX_KEYS; i++) {
		m->key_off[i] = off;
		off += round8(lang_type_slot_size(&m->keys[i]));
	}
	/* A keyless map is an array (aggregations) or a one-entry hash
	 * (plain values) indexed by the u32 0. */
	m->key_size = m->nkeys ? off : 4;
	m->value_size = round8(lang_type_slot_size(&m->value));
	m->is_aggregation = is_aggregation(m->value.kind);
	if (!m->is_aggregation)
		m->storage = LMS_HASH;
	else
		m->storage = m->nkeys ? LMS_PERCPU_HASH : LMS_PERCPU_ARRAY;
}

void lang_fmt_layout(struct lang_fmt *f)
{
	u32 off = 0;

	for (int i = 0; i < f->nargs && i < LANG_MAX_ARGS; i++) {
		f->arg_off[i] = off;
		off += round8(lang_type_slot_size(&f->args[i]));
	}
	f->size = off;
}

void lang_attaches_release(struct lang_program *p)
{
	for (int i = 0; i < p->nattaches; i++) {
		struct lang_attach *a = &p->attaches[i];

		free(a->name);
		free(a->func);
		free(a->tp_sys);
		free(a->tp_name);
		for (int k = 0; k < a->nfields; k++) {
			free(a->fields[k].name);
			free(a->fields[k].ctype);
		}
		free(a->fields);
		free(a->path);
		free(a->ksym);
	}
	free(p->attaches);
	p->attaches = NULL;
	p->nattaches = 0;
}

/* Kernel objects (progs[].fd) are the runtime's to close: it made them,
 * and a program that was never loaded may carry fd 0 from calloc. */
void lang_program_release(struct lang_program *p)
{
	if (!p)
		return;
	if (p->ast)
		lang_ast_free(p->ast);
	lang_attaches_release(p);
	for (int i = 0; i < p->nmaps; i++)
		free(p->maps[i].name);
	free(p->maps);
	for (int i = 0; i < p->nfmts; i++)
		free(p->fmts[i].fmt);
	free(p->fmts);
	for (int i = 0; i < p->nprogs; i++) {
		free(p->progs[i].insns);
		free(p->progs[i].relocs);
		free(p->progs[i].insn_loc);
	}
	free(p->progs);
	lang_ctypes_free(p->ctypes);
	memset(p, 0, sizeof(*p));
}
