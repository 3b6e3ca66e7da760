/* The offline evaluator (see eval.h): the file, the probes it fires, the
 * maps and stacks the program fills, and printing them the live way. */
#include "util/lang/eval-priv.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/core/evlist.h"
#include "util/core/session.h"
#include "util/core/tp-format.h"
#include "util/debug.h"
#include "util/lang/file-probes.h"
#include "util/lang/output.h"
#include "util/lang/parser.h"
#include "util/lang/runtime.h"
#include "util/lang/sema.h"
#include "util/lang/syms.h"
#include "util/outbuf.h"
#include "util/perfdata/file-session.h"
#include "util/profile/flamegraph.h"
#include "util/strutil.h"
#include "util/symbols/machine.h"
#include "util/symbols/sample-chain.h"

#define EV_TMP_SIZE (1u << 20)
#define EV_UNWIND_MAX 256       /* user frames unwound from a dwarf sample's stack copy */

/* ---- tables ---------------------------------------------------------------------------------- */

static u32 val_off(const struct ev_table *t)
{
	return (t->key_size + 7) & ~7u;
}

void ev_table_init(struct ev_table *t, u32 key_size, u32 val_size, u32 max)
{
	memset(t, 0, sizeof(*t));
	t->key_size = key_size;
	t->val_size = val_size;
	t->rec_size = val_off(t) + ((val_size + 7) & ~7u);
	if (!t->rec_size)
		t->rec_size = 8;
	t->max = max;
}

void ev_table_release(struct ev_table *t)
{
	free(t->recs);
	free(t->index);
	memset(t, 0, sizeof(*t));
}

static u64 hash_key(const void *key, u32 size)
{
	const u8 *p = key;
	u64 h = 0x9e3779b97f4a7c15ULL ^ size;
	u32 i = 0;

	for (; i + 8 <= size; i += 8) {
		u64 w;

		memcpy(&w, p + i, 8);
		h = (h ^ w) * 0xff51afd7ed558ccdULL;
		h ^= h >> 32;
	}
	for (; i < size; i++)
		h = (h ^ p[i]) * 0x100000001b3ULL;
	h ^= h >> 29;
	return h * 0xc4ceb9fe1a85ec53ULL;
}

/* The index slot holding key, or the empty slot where it would go. */
static u32 slot_of(const struct ev_table *t, const void *key)
{
	u32 i = (u32)hash_key(key, t->key_size) & t->mask;

	for (;; i = (i + 1) & t->mask) {
		u32 r = t->index[i];

		if (!r || !memcmp(t->recs + (size_t)(r - 1) * t->rec_size, key, t->key_size))
			return i;
	}
}

static int grow_index(struct ev_table *t)
{
	u32 size = t->index ? 2 * (t->mask + 1) : 64;
	u32 *old = t->index;

	t->index = calloc(size, sizeof(*t->index));
	if (!t->index) {
		t->index = old;
		return -1;
	}
	t->mask = size - 1;
	free(old);
	for (u32 r = 0; r < t->n; r++)
		t->index[slot_of(t, t->recs + (size_t)r * t->rec_size)] = r + 1;
	return 0;
}

/* Events come in runs of the same key (one process busy): the last one
 * found is tried first. */
static u8 *last_hit(const struct ev_table *t, const void *key)
{
	u8 *rec;

	if (!t->last || t->last > t->n)
		return NULL;
	rec = t->recs + (size_t)(t->last - 1) * t->rec_size;
	return !memcmp(rec, key, t->key_size) ? rec + val_off(t) : NULL;
}

u8 *ev_table_find(struct ev_table *t, const void *key)
{
	u8 *v = last_hit(t, key);
	u32 r;

	if (v)
		return v;
	if (!t->n)
		return NULL;
	r = t->index[slot_of(t, key)];
	if (!r)
		return NULL;
	t->last = r;
	return t->recs + (size_t)(r - 1) * t->rec_size + val_off(t);
}

u8 *ev_table_get(struct ev_table *t, const void *key, bool *created)
{
	u32 i;
	u8 *rec;

	if (created)
		*created = false;
	rec = last_hit(t, key);
	if (rec)
		return rec;
	if (t->n) {
		u32 r = t->index[slot_of(t, key)];

		if (r) {
			t->last = r;
			return t->recs + (size_t)(r - 1) * t->rec_size + val_off(t);
		}
	}
	if (t->max && t->n >= t->max)
		return NULL;
	if (t->n == t->cap) {
		u32 cap = t->cap ? 2 * t->cap : 16;
		u8 *v = realloc(t->recs, (size_t)cap * t->rec_size);

		if (!v)
			return NULL;
		t->recs = v;
		t->cap = cap;
	}
	if (!t->index || 2 * (t->n + 1) > t->mask + 1)
		if (grow_index(t))
			return NULL;
	i = slot_of(t, key);
	rec = t->recs + (size_t)t->n * t->rec_size;
	memset(rec, 0, t->rec_size);
	memcpy(rec, key, t->key_size);
	t->index[i] = ++t->n;
	t->last = t->n;
	if (created)
		*created = true;
	return rec + val_off(t);
}

/* Backward-shift deletion keeps probes short; the last record moves into
 * the hole so records stay dense. */
void ev_table_delete(struct ev_table *t, const void *key)
{
	u32 i, r, last;

	if (!t->n)
		return;
	t->last = 0;
	i = slot_of(t, key);
	r = t->index[i];
	if (!r)
		return;
	for (u32 j = (i + 1) & t->mask;; j = (j + 1) & t->mask) {
		u32 rj = t->index[j], home;

		if (!rj)
			break;
		home = (u32)hash_key(t->recs + (size_t)(rj - 1) * t->rec_size, t->key_size) & t->mask;
		/* Can the entry at j move back to i (is i on its probe path)? */
		if (((j - home) & t->mask) >= ((j - i) & t->mask)) {
			t->index[i] = rj;
			i = j;
		}
	}
	t->index[i] = 0;
	last = t->n;
	if (r != last) {
		u8 *lrec = t->recs + (size_t)(last - 1) * t->rec_size;

		t->index[slot_of(t, lrec)] = r;
		memcpy(t->recs + (size_t)(r - 1) * t->rec_size, lrec, t->rec_size);
	}
	t->n--;
}

void ev_table_clear(struct ev_table *t)
{
	t->n = 0;
	t->last = 0;
	if (t->index)
		memset(t->index, 0, (size_t)(t->mask + 1) * sizeof(*t->index));
}

/* ---- the firing's context --------------------------------------------------------------------- */

void ev_fire_comm(struct ev *x, struct ev_fire *f)
{
	struct thread *th;

	if (f->have_comm)
		return;
	f->have_comm = true;
	memset(f->comm, 0, sizeof(f->comm));
	if (!f->s || (s32)f->tid == -1)
		return;
	th = machine_thread(x->machine, (pid_t)f->pid, (pid_t)f->tid);
	if (th && th->comm[0])
		memcpy(f->comm, th->comm, strnlen(th->comm, sizeof(f->comm) - 1));
	else if (!f->tid)
		snprintf(f->comm, sizeof(f->comm), "swapper/%u", f->cpu);
}

/* One stack into the stack table: its id, or -EFAULT when there are no
 * frames (the kernel's answer for a stack that is not there). */
static s64 intern_stack(struct ev *x, bool user, const u64 *ips, u32 n)
{
	u64 key[1 + LANG_STACK_FRAMES];
	u8 *v;

	if (!n)
		return -EFAULT;
	memset(key, 0, sizeof(key));
	key[0] = n | (user ? 1ULL << 63 : 0);
	memcpy(key + 1, ips, n * 8);
	v = ev_table_get(&x->stacks, key, NULL);
	if (!v) {
		x->stacks_lost[user]++;         /* as the kernel's full stack map */
		return -ENOMEM;
	}
	return (s64)((v - val_off(&x->stacks) - x->stacks.recs) / x->stacks.rec_size);
}

/* Does the sample's recorded callchain hold exactly these user frames? */
static bool chain_has_user(const struct perf_sample *s, const u64 *u, u32 nu)
{
	u16 mode = PERF_RECORD_MISC_KERNEL;
	u32 n = 0;

	for (u64 i = 0; i < s->callchain_nr; i++) {
		u64 ip = s->callchain[i];

		if (callchain_context(ip, &mode))
			continue;
		if (mode != PERF_RECORD_MISC_USER)
			continue;
		if (n >= nu || ip != u[n])
			return false;
		n++;
	}
	return n == nu;
}

void ev_fire_stacks(struct ev *x, struct ev_fire *f)
{
	u64 k[LANG_STACK_FRAMES], u[LANG_STACK_FRAMES];
	u32 nk = 0, nu = 0;
	size_t n;

	if (f->have_stacks)
		return;
	f->have_stacks = true;
	f->kstack_id = f->ustack_id = -EFAULT;
	if (!f->s)
		return;
	n = sample_chain_frames(x->chain, f->s, f->e->attr.sample_regs_user, f->cpumode, true, x->frames,
				SAMPLE_CHAIN_MAX, EV_UNWIND_MAX);
	for (size_t i = 0; i < n; i++) {
		u16 m = x->frames[i].cpumode;

		if (m == PERF_RECORD_MISC_KERNEL || m == PERF_RECORD_MISC_GUEST_KERNEL) {
			if (nk < LANG_STACK_FRAMES)
				k[nk++] = x->frames[i].ip;
		} else if (nu < LANG_STACK_FRAMES) {
			u[nu++] = x->frames[i].ip;
		}
	}
	/* Frames the unwinder found are return addresses minus one (inside
	 * the call); the kernel's stacks, which a live run shows, hold the
	 * return addresses themselves: the callers of an unwound user stack
	 * (one the recorded callchain does not hold) get their byte back. */
	if (nu > 1 && !chain_has_user(f->s, u, nu))
		for (u32 i = 1; i < nu; i++)
			u[i]++;
	if (x->p.uses_kstack)
		f->kstack_id = intern_stack(x, false, k, nk);
	if (x->p.uses_ustack)
		f->ustack_id = intern_stack(x, true, u, nu);
}

static int stack_ips(void *ctx, bool user, s64 id, u64 *ips, int max)
{
	struct ev *x = ctx;
	const u64 *key;
	u32 n;

	if (id < 0 || (u64)id >= x->stacks.n)
		return -ENOENT;
	key = (const u64 *)ev_table_key(&x->stacks, (u32)id);
	if (!(key[0] >> 63) != !user)
		return -ENOENT;
	n = (u32)(key[0] & ~(1ULL << 63));
	if ((int)n > max)
		n = (u32)max;
	memcpy(ips, key + 1, n * 8);
	return (int)n;
}

/* ---- maps -------------------------------------------------------------------------------------- */

static struct lang_kv *map_entries(struct ev *x, int id, size_t *n)
{
	struct ev_table *t = &x->maps[id];
	struct lang_kv *kv = calloc(t->n ? t->n : 1, sizeof(*kv));

	*n = 0;
	if (!kv)
		return NULL;
	for (u32 i = 0; i < t->n; i++)
		kv[i] = (struct lang_kv){ .key = ev_table_key(t, i), .value = ev_table_key(t, i) + val_off(t) };
	*n = t->n;
	return kv;
}

void ev_print_map(struct ev *x, int id, u64 top, u64 div)
{
	size_t n;
	struct lang_kv *kv = map_entries(x, id, &n);

	if (kv)
		lang_output_map(x->out, &x->p.maps[id], kv, n, top, div);
	free(kv);
}

static int cmp_map_name(const void *a, const void *b, void *ctx)
{
	const struct lang_program *p = ctx;

	return strcmp(p->maps[*(const int *)a].name, p->maps[*(const int *)b].name);
}

static void print_all_maps(struct ev *x)
{
	int *order = calloc(x->p.nmaps ? x->p.nmaps : 1, sizeof(int));

	if (!order)
		return;
	for (int i = 0; i < x->p.nmaps; i++)
		order[i] = i;
	qsort_r(order, x->p.nmaps, sizeof(int), cmp_map_name, &x->p);
	for (int i = 0; i < x->p.nmaps; i++)
		ev_print_map(x, order[i], x->o->top, 0);
	free(order);
}

/* --folded and --flamegraph, as the live run draws them. */
static int draw_stacks(struct ev *x, char *err, size_t errlen)
{
	const struct lang_eval_opts *o = x->o;
	int nfold = 0, rc = 0;
	struct flame *f;
	FILE *fp;

	if (!o->folded && !o->flamegraph)
		return 0;
	for (int i = 0; i < x->p.nmaps; i++)
		nfold += lang_map_foldable(&x->p.maps[i]);
	f = flame_new();
	if (!f)
		return errf(err, errlen, "out of memory");
	for (int i = 0; i < x->p.nmaps && !rc; i++) {
		size_t n;
		struct lang_kv *kv;

		if (!lang_map_foldable(&x->p.maps[i]))
			continue;
		kv = map_entries(x, i, &n);
		rc = kv ? lang_output_fold(x->out, &x->p.maps[i], kv, n, f, nfold > 1) : -ENOMEM;
		free(kv);
	}
	for (int k = 0; k < 2 && rc >= 0; k++) {
		const char *path = k ? o->flamegraph : o->folded;

		if (!path)
			continue;
		fp = fopen(path, "w");
		if (!fp) {
			flame_free(f);
			return errf(err, errlen, "cannot write %s: %s", path, strerror(errno));
		}
		if (k) {
			struct flame_svg_opts so = { .title = "scry script", .subtitle = o->file_label, .units = "counts" };

			flame_write_svg(f, fp, &so);
		} else {
			flame_write_folded(f, fp);
		}
		if (ferror(fp) | fclose(fp)) {
			flame_free(f);
			return errf(err, errlen, "write error on %s: %s", path, strerror(errno ? errno : EIO));
		}
	}
	flame_free(f);
	if (rc < 0)
		return errf(err, errlen, "cannot draw the stacks: %s", strerror(-rc));
	return 0;
}

static void report_losses(struct ev *x)
{
	for (int u = 0; u < 2; u++)
		if (x->stacks_lost[u])
			fprintf(stderr, "scry: %llu %s stacks could not be kept (more than %u different stacks)\n",
				(unsigned long long)x->stacks_lost[u], u ? "user" : "kernel", x->stacks.max);
	for (int i = 0; i < x->p.nmaps && i < (int)ARRAY_SIZE(x->map_full); i++)
		if (x->map_full[i])
			fprintf(stderr, "scry: map %s is full (%u entries): %llu updates were dropped; "
				"raise its size with --map-entries\n", x->p.maps[i].name,
				x->o->map_entries ? x->o->map_entries : LANG_DEFAULT_MAP_ENTRIES,
				(unsigned long long)x->map_full[i]);
	if (lang_output_bad_events(x->out))
		fprintf(stderr, "scry: %llu malformed event records were skipped\n",
			(unsigned long long)lang_output_bad_events(x->out));
}

/* ---- the run ----------------------------------------------------------------------------------- */

/* The attachments an event fires, in the evsel's priv. */
struct ev_dispatch {
	int n;
	int attach[];
};

struct ev_timer {
	int attach;
	u64 period, next;
};

struct ev_run {
	struct ev x;
	struct file_session fs;
	struct evlist evlist;
	struct session session;
	struct sample_chain chain;
	struct outbuf ob;
	struct ev_timer *timers;
	int ntimers;
	const struct lang_block **blocks;       /* by index */
	int nblocks;
	bool begun;
	u64 last_time;
	u64 fired;
};

static void fire(struct ev_run *r, int attach, struct ev_fire *f)
{
	struct ev *x = &r->x;
	const struct lang_attach *a = &x->p.attaches[attach];
	const struct lang_block *b = a->block >= 0 && a->block < r->nblocks ? r->blocks[a->block] : NULL;

	if (!b || x->exiting)
		return;
	f->a = a;
	f->attach = attach;
	r->fired++;
	ev_run_block(x, b, f);
}

static void fire_special(struct ev_run *r, enum lang_probe_type which, u64 time)
{
	for (int i = 0; i < r->x.p.nattaches; i++) {
		struct ev_fire f = { .time = time };

		if (r->x.p.attaches[i].type == which)
			fire(r, i, &f);
	}
}

/* BEGIN at the first event's time; the interval timers start then. */
static void begin(struct ev_run *r, u64 time)
{
	r->begun = true;
	r->x.start_time = time;
	r->last_time = time;
	for (int i = 0; i < r->ntimers; i++)
		r->timers[i].next = time + r->timers[i].period;
	fire_special(r, P_BEGIN, time);
}

/* Interval probes due up to time, in time order. */
static void run_timers(struct ev_run *r, u64 time)
{
	while (!r->x.exiting) {
		struct ev_timer *due = NULL;

		for (int i = 0; i < r->ntimers; i++)
			if (r->timers[i].next <= time && (!due || r->timers[i].next < due->next))
				due = &r->timers[i];
		if (!due)
			return;
		{
			struct ev_fire f = { .time = due->next };

			due->next += due->period;
			fire(r, due->attach, &f);
		}
	}
}

static int on_sample(struct session *s, struct evsel *e, const struct perf_sample *smp,
		     const struct perf_event_header *h)
{
	struct ev_run *r = s->tool->priv;
	const struct ev_dispatch *d = e->priv;

	if (r->x.exiting)
		return 1;
	if (!r->begun)
		begin(r, smp->time);
	if (smp->time > r->last_time)
		r->last_time = smp->time;
	if (r->ntimers)
		run_timers(r, smp->time);
	for (int i = 0; d && i < d->n && !r->x.exiting; i++) {
		struct ev_fire f = { .s = smp, .e = e, .cpumode = h->misc & PERF_RECORD_MISC_CPUMODE_MASK,
				     .time = smp->time, .pid = smp->pid, .tid = smp->tid, .cpu = smp->cpu };

		fire(r, d->attach[i], &f);
	}
	if (r->ob.len > (1u << 19))
		outbuf_flush(&r->ob);
	return r->x.exiting || r->ob.error ? 1 : 0;
}

static int on_record(struct session *s, struct evsel *e, const struct perf_event_header *h,
		     const struct perf_sample *id)
{
	struct ev_run *r = s->tool->priv;

	(void)e;
	(void)id;
	lang_syms_process(r->x.syms, h);
	return 0;
}

/* Which attachments each recorded event fires. */
static int dispatch_events(struct ev_run *r)
{
	struct ev *x = &r->x;

	for (int k = 0; k < r->evlist.nr; k++) {
		struct evsel *e = r->evlist.evsels[k];
		struct tep_event *tp = e->attr.type == PERF_TYPE_TRACEPOINT && r->fs.formats_loaded ?
				       tp_formats_by_id(&r->fs.formats, (int)e->attr.config) : NULL;
		struct ev_dispatch *d = calloc(1, sizeof(*d) + (size_t)(x->p.nattaches ? x->p.nattaches : 1) * sizeof(int));

		if (!d)
			return -1;
		for (int i = 0; i < x->p.nattaches; i++)
			if (lang_file_probe_matches(&x->p.attaches[i], e, tp))
				d->attach[d->n++] = i;
		e->priv = d;
	}
	for (int i = 0; i < x->p.nattaches; i++)
		if (x->p.attaches[i].type == P_INTERVAL) {
			struct ev_timer *t = realloc(r->timers, (size_t)(r->ntimers + 1) * sizeof(*t));

			if (!t)
				return -1;
			r->timers = t;
			t[r->ntimers++] = (struct ev_timer){ .attach = i, .period = x->p.attaches[i].period };
		}
	return 0;
}

static int setup_state(struct ev_run *r)
{
	struct ev *x = &r->x;
	u32 entries = x->o->map_entries ? x->o->map_entries : LANG_DEFAULT_MAP_ENTRIES;
	int maxvars = 0;

	for (const struct lang_block *b = x->p.ast->blocks; b; b = b->next)
		r->nblocks++;
	r->blocks = calloc((size_t)r->nblocks + 1, sizeof(*r->blocks));
	if (!r->blocks)
		return -1;
	r->nblocks = 0;
	for (const struct lang_block *b = x->p.ast->blocks; b; b = b->next)
		r->blocks[r->nblocks++] = b;

	x->maps = calloc(x->p.nmaps ? x->p.nmaps : 1, sizeof(*x->maps));
	if (!x->maps)
		return -1;
	for (int i = 0; i < x->p.nmaps; i++) {
		const struct lang_map *m = &x->p.maps[i];

		ev_table_init(&x->maps[i], m->key_size, m->value_size, m->nkeys ? entries : 1);
		/* An aggregation without keys is an array: its element is always there. */
		if (m->storage == LMS_PERCPU_ARRAY) {
			u32 zero = 0;

			if (!ev_table_get(&x->maps[i], &zero, NULL))
				return -1;
		}
	}
	/* The kernel's stack maps hold 16384 stacks. */
	ev_table_init(&x->stacks, 8 * (1 + LANG_STACK_FRAMES), 0, 16384);
	for (const struct lang_block *b = x->p.ast->blocks; b; b = b->next)
		maxvars = MAX(maxvars, b->nvars);
	x->vars = calloc((size_t)maxvars + 1, sizeof(*x->vars));
	x->var_mem = calloc((size_t)maxvars + 1, sizeof(*x->var_mem));
	x->nvars_cap = maxvars;
	if (!x->vars || !x->var_mem)
		return -1;
	for (int i = 0; i < maxvars; i++) {
		u32 size = 0;

		for (const struct lang_block *b = x->p.ast->blocks; b; b = b->next)
			if (i < b->nvars)
				size = MAX(size, (b->var_types[i].size + 7) & ~7u);
		x->var_mem[i] = calloc(1, size + 8);
		if (!x->var_mem[i])
			return -1;
	}
	x->tmp_cap = EV_TMP_SIZE;
	x->tmp = malloc(x->tmp_cap);
	x->frames = calloc(SAMPLE_CHAIN_MAX, sizeof(*x->frames));
	x->rand_state = 0x2545f4914f6cdd1dULL;
	return x->tmp && x->frames ? 0 : -1;
}

static void run_release(struct ev_run *r)
{
	struct ev *x = &r->x;

	for (int k = 0; k < r->evlist.nr; k++) {
		free(r->evlist.evsels[k]->priv);
		r->evlist.evsels[k]->priv = NULL;
	}
	if (x->out)
		lang_output_free(x->out);
	for (int i = 0; x->maps && i < x->p.nmaps; i++)
		ev_table_release(&x->maps[i]);
	free(x->maps);
	ev_table_release(&x->stacks);
	for (int i = 0; x->var_mem && i < x->nvars_cap; i++)
		free(x->var_mem[i]);
	free(x->var_mem);
	free(x->vars);
	free(x->tmp);
	free(x->frames);
	free(r->timers);
	free(r->blocks);
	session_release(&r->session);
	sample_chain_release(&r->chain);
	/* The machine's DSOs point into the file's portable section. */
	if (x->syms)
		lang_syms_free(x->syms);
	evlist_release(&r->evlist);
	file_session_close(&r->fs);
	outbuf_release(&r->ob);
	lang_program_release(&x->p);
}

/* The file, its events and formats; the program checked against them. */
static int prepare(struct ev_run *r, char *err, size_t errlen)
{
	const struct lang_eval_opts *o = r->x.o;
	struct ev *x = &r->x;
	const struct file_attr *attrs;
	char why[512];
	u32 nr;
	u64 gen;

	x->p.positional = o->positional;
	x->p.npositional = o->npositional;
	x->p.ast = lang_parse_args(o->text, o->len, o->file, o->positional, o->npositional, err, errlen);
	if (!x->p.ast)
		return -1;
	if (file_session_open(&r->fs, o->input, err, errlen))
		return -1;
	if (file_session_note(&r->fs))
		pr_warn("%s: %s", r->fs.path, file_session_note(&r->fs));
	attrs = data_reader_attrs(r->fs.reader, &nr, &gen);
	if (evlist_add_file_attrs(&r->evlist, attrs, nr))
		return errf(err, errlen, "out of memory");
	if (!nr)
		return errf(err, errlen, "%s: the program needs the file's events up front (a pipe's come later): "
			    "read it from a file", r->fs.path);
	if (file_session_load_formats(&r->fs, why, sizeof(why)) < 0 && why[0])
		return errf(err, errlen, "%s: tracepoint formats unreadable: %s", r->fs.path, why);
	if (lang_file_probes_resolve(&x->p, &r->evlist, r->fs.formats_loaded ? &r->fs.formats : NULL, err,
				     errlen) ||
	    lang_sema(&x->p, err, errlen) || ev_check_program(x, err, errlen))
		return -1;
	if ((x->p.uses_kstack || x->p.uses_ustack) && !file_session_has_callchains(&r->fs))
		return errf(err, errlen, "%s: kstack and ustack need callchains, and the file has none (record "
			    "with -g or --call-graph dwarf)", r->fs.path);
	if (o->folded || o->flamegraph) {
		int n = 0;

		for (int i = 0; i < x->p.nmaps; i++)
			n += lang_map_foldable(&x->p.maps[i]);
		if (!n)
			return errf(err, errlen, "%s: no map of the program is keyed by a stack with counts to draw "
				    "(as @[kstack] = count() or @[ustack, comm] = sum(...))",
				    o->folded ? "--folded" : "--flamegraph");
	}
	return 0;
}

int lang_eval_file(const struct lang_eval_opts *o, char *err, size_t errlen)
{
	struct ev_run *r = calloc(1, sizeof(*r));
	struct session_tool tool = { .sample = on_sample, .record = on_record };
	struct ev *x;
	char why[512];
	int rc = -1, n = 0;

	if (!r)
		return errf(err, errlen, "out of memory");
	x = &r->x;
	x->o = o;
	tool.priv = r;
	evlist_init(&r->evlist);
	session_init(&r->session, &r->evlist, &tool);
	outbuf_init_fd(&r->ob, STDOUT_FILENO, 1u << 20);
	x->ob = &r->ob;
	if (prepare(r, err, errlen))
		goto out;
	if (o->dry_run) {
		rc = 0;
		goto out;
	}
	x->syms = lang_syms_new_file();
	if (!x->syms) {
		errf(err, errlen, "out of memory");
		goto out;
	}
	x->machine = lang_syms_machine(x->syms);
	if (file_session_attach(&r->fs, x->machine, why, sizeof(why)) < 0)
		pr_warn("%s: %s: not used (symbols come from this machine's files)", r->fs.path, why);
	if (sample_chain_init(&r->chain, x->machine) || setup_state(r) || dispatch_events(r)) {
		errf(err, errlen, "out of memory");
		goto out;
	}
	x->chain = &r->chain;
	x->out = lang_output_new(&r->ob, &x->p, x->syms, stack_ips, x);
	if (!x->out) {
		errf(err, errlen, "out of memory");
		goto out;
	}
	if (o->json)
		lang_output_set_format(x->out, LANG_OUT_JSON);
	lang_output_set_quiet(x->out, o->quiet);
	for (int i = 0; i < x->p.nattaches; i++)
		n += x->p.attaches[i].block >= 0;
	lang_output_attached(x->out, n);

	rc = session_file_run(&r->session, r->fs.reader, why, sizeof(why));
	if (rc < 0) {
		errf(err, errlen, "%s: %s", r->fs.path, why);
		goto out;
	}
	if (!r->begun)
		begin(r, 0);
	else if (r->ntimers && !x->exiting)
		run_timers(r, r->last_time);
	x->exiting = false;
	fire_special(r, P_END, r->last_time);
	if (r->ob.error == EPIPE) {
		rc = 0;
		goto out;
	}
	lang_output_exit_preamble(x->out);
	print_all_maps(x);
	if (draw_stacks(x, err, errlen)) {
		rc = -1;
		goto out;
	}
	if (outbuf_flush(&r->ob) && r->ob.error != EPIPE) {
		rc = errf(err, errlen, "write error on stdout: %s", strerror(r->ob.error));
		goto out;
	}
	report_losses(x);
	if (o->show_stats)
		fprintf(stderr, "scry script: %llu samples, %llu records, %llu probes fired\n",
			(unsigned long long)r->session.stats.samples, (unsigned long long)r->session.stats.records,
			(unsigned long long)r->fired);
	rc = 0;
out:
	outbuf_flush(&r->ob);
	run_release(r);
	free(r);
	return rc;
}
