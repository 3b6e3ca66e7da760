/* A report's samples as a gzip-compressed pprof profile.proto.
 *
 * The profile's tables are built as samples arrive (each function, location
 * and mapping once, found again through hash maps keyed by what identifies
 * it); strings get their string-table index only when the profile is
 * written, so the table holds just what is referenced. The encoding is
 * util/profile/protobuf (hand-written, writing only: see README.md for why
 * not libprotobuf-c), compressed with zlib's gzip stream. */
#include "util/profile/pprof.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "util/hashmap.h"
#include "util/outbuf.h"
#include "util/profile/protobuf.h"
#include "util/strpool.h"

/* profile.proto's field numbers (perftools.profiles), as data. */
enum {
	PROFILE_SAMPLE_TYPE = 1, PROFILE_SAMPLE = 2, PROFILE_MAPPING = 3, PROFILE_LOCATION = 4,
	PROFILE_FUNCTION = 5, PROFILE_STRING_TABLE = 6, PROFILE_TIME_NANOS = 9, PROFILE_DURATION_NANOS = 10,
	PROFILE_PERIOD_TYPE = 11, PROFILE_COMMENT = 13, PROFILE_DEFAULT_SAMPLE_TYPE = 14,
	VALUE_TYPE_TYPE = 1, VALUE_TYPE_UNIT = 2,
	SAMPLE_LOCATION_ID = 1, SAMPLE_VALUE = 2, SAMPLE_LABEL = 3,
	LABEL_KEY = 1, LABEL_STR = 2, LABEL_NUM = 3,
	MAPPING_ID = 1, MAPPING_MEMORY_START = 2, MAPPING_MEMORY_LIMIT = 3, MAPPING_FILE_OFFSET = 4,
	MAPPING_FILENAME = 5, MAPPING_BUILD_ID = 6, MAPPING_HAS_FUNCTIONS = 7, MAPPING_HAS_FILENAMES = 8,
	MAPPING_HAS_LINE_NUMBERS = 9, MAPPING_HAS_INLINE_FRAMES = 10,
	LOCATION_ID = 1, LOCATION_MAPPING_ID = 2, LOCATION_ADDRESS = 3, LOCATION_LINE = 4,
	LINE_FUNCTION_ID = 1, LINE_LINE = 2,
	FUNCTION_ID = 1, FUNCTION_NAME = 2, FUNCTION_SYSTEM_NAME = 3, FUNCTION_FILENAME = 4,
};

struct pp_event {
	const char *type, *unit;        /* interned */
};

struct pp_function {
	const char *name;               /* interned: the key */
	const char *file;               /* interned, NULL: unknown (the first file seen wins) */
};

struct pp_line {
	u32 function;                   /* index in functions */
	u32 line;                       /* 0: unknown */
};

struct pp_mapping {
	struct dso *dso;
	u64 lo, hi;                     /* the addresses of its locations: [lo, hi] */
	u64 weight;                     /* the values of the samples that hit it */
	u32 id;                         /* in the profile (the main binary's is 1) */
	bool functions, filenames, lines, inlines;
};

struct pp_location {
	struct dso *dso;                /* NULL: no map covers ip */
	u64 addr;                       /* in the DSO's terms; ip without a DSO */
	u64 ip;                         /* the first address seen for it */
	u32 mapping;                    /* index + 1; 0: none */
	u32 first_line, nr_lines;       /* in lines */
	u32 next;                       /* index + 1 of the next one with the same hash */
};

struct pp_sample {
	int event;
	s32 pid, tid;
	const char *comm;
	u64 value;
	u32 first_loc, nr_locs;         /* in sample_locs */
	u32 next;                       /* index + 1, same hash */
};

#define VEC(T) struct { T *v; size_t nr, cap; }

struct pprof {
	struct srcline_cache *srclines;
	struct strpool strs;
	VEC(struct pp_event) events;    /* by event idx; type NULL: not named */
	VEC(struct pp_function) functions;
	VEC(struct pp_line) lines;
	VEC(struct pp_mapping) mappings;
	VEC(struct pp_location) locations;
	VEC(struct pp_sample) samples;
	VEC(u32) sample_locs;           /* location indexes of the samples' stacks */
	struct hashmap function_by_name;        /* name pointer -> index + 1 */
	struct hashmap mapping_by_dso;          /* dso pointer -> index + 1 */
	struct hashmap location_by_hash;        /* hash -> index + 1 of the chain's head */
	struct hashmap sample_by_hash;
	bool clock_named;               /* a clock event is "cpu" already */
	/* writing */
	struct hashmap string_index;    /* interned pointer -> index in string_table */
	VEC(const char *) string_table;
};

/* Grow vec to hold one more; -1 on ENOMEM. */
#define VEC_GROW(vec)                                                                   \
	((vec).nr < (vec).cap ? 0 : vec_grow((void **)&(vec).v, &(vec).cap, sizeof(*(vec).v)))

static int vec_grow(void **v, size_t *cap, size_t size)
{
	size_t n = *cap ? *cap * 2 : 64;
	void *p = realloc(*v, n * size);

	if (!p)
		return -1;
	*v = p;
	*cap = n;
	return 0;
}

static u64 mix(u64 h, u64 v)
{
	h ^= v + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2);
	return h * 0xff51afd7ed558ccdull;
}

struct pprof *pprof_new(struct srcline_cache *srclines)
{
	struct pprof *p = calloc(1, sizeof(*p));

	if (!p)
		return NULL;
	p->srclines = srclines;
	strpool_init(&p->strs);
	hashmap_init(&p->function_by_name);
	hashmap_init(&p->mapping_by_dso);
	hashmap_init(&p->location_by_hash);
	hashmap_init(&p->sample_by_hash);
	hashmap_init(&p->string_index);
	return p;
}

void pprof_free(struct pprof *p)
{
	if (!p)
		return;
	strpool_free(&p->strs);
	free(p->events.v);
	free(p->functions.v);
	free(p->lines.v);
	free(p->mappings.v);
	free(p->locations.v);
	free(p->samples.v);
	free(p->sample_locs.v);
	free(p->string_table.v);
	hashmap_free(&p->function_by_name);
	hashmap_free(&p->mapping_by_dso);
	hashmap_free(&p->location_by_hash);
	hashmap_free(&p->sample_by_hash);
	hashmap_free(&p->string_index);
	free(p);
}

static int ensure_event(struct pprof *p, int idx)
{
	if (idx < 0)
		return -1;
	while (p->events.nr <= (size_t)idx) {
		if (VEC_GROW(p->events))
			return -1;
		p->events.v[p->events.nr++] = (struct pp_event){ NULL, NULL };
	}
	return 0;
}

int pprof_event(struct pprof *p, int idx, const char *name, bool clock)
{
	struct pp_event *e;

	if (ensure_event(p, idx))
		return -1;
	e = &p->events.v[idx];
	if (clock && !p->clock_named) {
		p->clock_named = true;
		e->type = strpool_intern(&p->strs, "cpu");
	} else {
		e->type = strpool_intern(&p->strs, name);
	}
	e->unit = strpool_intern(&p->strs, clock ? "nanoseconds" : "count");
	return e->type && e->unit ? 0 : -1;
}

/* ---- the tables ---------------------------------------------------------- */

/* The function named name (file: where it is, when known), as index. */
static long function_of(struct pprof *p, const char *name, const char *file)
{
	const char *n = strpool_intern(&p->strs, name);
	void *v;
	struct pp_function *f;

	if (!n)
		return -1;
	v = hashmap_get(&p->function_by_name, (u64)(uintptr_t)n);
	if (v) {
		f = &p->functions.v[(uintptr_t)v - 1];
	} else {
		if (VEC_GROW(p->functions))
			return -1;
		f = &p->functions.v[p->functions.nr++];
		*f = (struct pp_function){ .name = n };
		if (hashmap_put(&p->function_by_name, (u64)(uintptr_t)n, (void *)(uintptr_t)p->functions.nr))
			return -1;
	}
	if (file && !f->file)
		f->file = strpool_intern(&p->strs, file);
	return (long)(f - p->functions.v);
}

static int add_line(struct pprof *p, const char *name, const char *file, u32 line)
{
	long fn = function_of(p, name, file);

	if (fn < 0 || VEC_GROW(p->lines))
		return -1;
	p->lines.v[p->lines.nr++] = (struct pp_line){ (u32)fn, line };
	return 0;
}

static long mapping_of(struct pprof *p, struct dso *dso, u64 ip)
{
	void *v = hashmap_get(&p->mapping_by_dso, (u64)(uintptr_t)dso);
	struct pp_mapping *m;

	if (v) {
		m = &p->mappings.v[(uintptr_t)v - 1];
	} else {
		if (VEC_GROW(p->mappings))
			return -1;
		m = &p->mappings.v[p->mappings.nr++];
		*m = (struct pp_mapping){ .dso = dso, .lo = ip, .hi = ip };
		if (hashmap_put(&p->mapping_by_dso, (u64)(uintptr_t)dso, (void *)(uintptr_t)p->mappings.nr))
			return -1;
	}
	if (ip < m->lo)
		m->lo = ip;
	if (ip > m->hi)
		m->hi = ip;
	return (long)(m - p->mappings.v);
}

/* The lines of a new location: the functions inlined at its address
 * (innermost first, as profile.proto orders them: the last line is the
 * caller they were inlined into), then the symbol's function. */
static int location_lines(struct pprof *p, struct pp_location *l, const struct hist_frame *f)
{
	const struct srcline_info *si = NULL;
	struct pp_mapping *m = l->mapping ? &p->mappings.v[l->mapping - 1] : NULL;

	l->first_line = (u32)p->lines.nr;
	if (!f->k.sym)
		return 0;
	if (p->srclines && f->k.dso && !f->k.kernel)
		si = srcline_find(p->srclines, f->k.dso, f->k.addr);
	for (unsigned i = 0; si && i < si->nr_inlines; i++)
		if (add_line(p, si->inlines[i], i ? NULL : si->file, i ? 0 : si->line))
			return -1;
	if (add_line(p, f->k.sym->name, si && !si->nr_inlines ? si->file : NULL,
		     si && !si->nr_inlines ? si->line : 0))
		return -1;
	l->nr_lines = (u32)p->lines.nr - l->first_line;
	if (m) {
		m->functions = true;
		if (si && si->file)
			m->filenames = m->lines = true;
		if (si && si->nr_inlines)
			m->inlines = true;
	}
	return 0;
}

/* The location of frame f, as index; -1 on ENOMEM. */
static long location_of(struct pprof *p, const struct hist_frame *f)
{
	struct dso *dso = f->k.dso;
	u64 addr = dso ? f->k.addr : f->f.ip;
	u64 h = mix(mix(0, (u64)(uintptr_t)dso), addr);
	void *v = hashmap_get(&p->location_by_hash, h);
	struct pp_location *l;
	long m = 0;

	for (u32 i = (u32)(uintptr_t)v; i; i = p->locations.v[i - 1].next) {
		l = &p->locations.v[i - 1];
		if (l->dso == dso && l->addr == addr) {
			if (dso && mapping_of(p, dso, f->f.ip) < 0)
				return -1;
			return (long)(i - 1);
		}
	}
	if (dso && (m = mapping_of(p, dso, f->f.ip)) < 0)
		return -1;
	if (VEC_GROW(p->locations))
		return -1;
	l = &p->locations.v[p->locations.nr++];
	*l = (struct pp_location){ .dso = dso, .addr = addr, .ip = f->f.ip, .mapping = dso ? (u32)m + 1 : 0,
				   .next = (u32)(uintptr_t)v };
	if (hashmap_put(&p->location_by_hash, h, (void *)(uintptr_t)p->locations.nr))
		return -1;
	return location_lines(p, l, f) ? -1 : (long)(l - p->locations.v);
}

int pprof_add(struct pprof *p, const struct pprof_sample *s, const struct hist_frame *frames, size_t n)
{
	size_t first = p->sample_locs.nr, nr;
	u64 h;
	void *v;
	struct pp_sample *ps;

	if (ensure_event(p, s->event))
		return -1;
	h = mix(mix(mix(mix(0, (u64)s->event), (u64)(u32)s->pid), (u64)(u32)s->tid), (u64)(uintptr_t)s->comm);
	for (size_t i = 0; i < n; i++) {
		long l;

		if (frames[i].f.inlined)
			continue;
		l = location_of(p, &frames[i]);
		if (l < 0 || VEC_GROW(p->sample_locs))
			return -1;
		p->sample_locs.v[p->sample_locs.nr++] = (u32)l;
		h = mix(h, (u64)l);
	}
	nr = p->sample_locs.nr - first;
	if (nr) {
		u32 m = p->locations.v[p->sample_locs.v[first]].mapping;
		if (m)
			p->mappings.v[m - 1].weight += s->value;
	}
	v = hashmap_get(&p->sample_by_hash, h);
	for (u32 i = (u32)(uintptr_t)v; i; i = p->samples.v[i - 1].next) {
		ps = &p->samples.v[i - 1];
		if (ps->event == s->event && ps->pid == s->pid && ps->tid == s->tid && ps->comm == s->comm &&
		    ps->nr_locs == nr &&
		    !memcmp(&p->sample_locs.v[ps->first_loc], &p->sample_locs.v[first], nr * sizeof(u32))) {
			ps->value += s->value;
			p->sample_locs.nr = first;      /* the stack is there already */
			return 0;
		}
	}
	if (VEC_GROW(p->samples))
		return -1;
	ps = &p->samples.v[p->samples.nr++];
	*ps = (struct pp_sample){ .event = s->event, .pid = s->pid, .tid = s->tid, .comm = s->comm,
				  .value = s->value, .first_loc = (u32)first, .nr_locs = (u32)nr,
				  .next = (u32)(uintptr_t)v };
	return hashmap_put(&p->sample_by_hash, h, (void *)(uintptr_t)p->samples.nr);
}

/* ---- writing --------------------------------------------------------------- */

/* The string table index of s (NULL and "" are 0). */
static u64 str(struct pprof *p, const char *s)
{
	const char *in;
	void *v;

	if (!s || !*s)
		return 0;
	in = strpool_intern(&p->strs, s);
	if (!in)
		return 0;
	v = hashmap_get(&p->string_index, (u64)(uintptr_t)in);
	if (v)
		return (u64)(uintptr_t)v;
	if (VEC_GROW(p->string_table))
		return 0;
	p->string_table.v[p->string_table.nr] = in;
	if (hashmap_put(&p->string_index, (u64)(uintptr_t)in, (void *)(uintptr_t)p->string_table.nr))
		return 0;
	return p->string_table.nr++;
}

static void value_type(struct pprof *p, struct outbuf *ob, struct outbuf *sub, u32 field, const struct pp_event *e)
{
	outbuf_reset(sub);
	pb_uint(sub, VALUE_TYPE_TYPE, str(p, e->type));
	pb_uint(sub, VALUE_TYPE_UNIT, str(p, e->unit));
	pb_bytes(ob, field, sub->buf, sub->len);
}

static void label_num(struct pprof *p, struct outbuf *sub, struct outbuf *lab, const char *key, s64 num)
{
	outbuf_reset(lab);
	pb_uint(lab, LABEL_KEY, str(p, key));
	pb_int(lab, LABEL_NUM, num);
	pb_bytes(sub, SAMPLE_LABEL, lab->buf, lab->len);
}

/* pprof takes the first mapping for the main binary (the profile's "File:"):
 * the program most samples hit (an executable before a library), then
 * the others in the order they were met. */
static void number_mappings(struct pprof *p)
{
	struct pp_mapping *main_m = NULL;
	u32 id = 2;

	for (size_t i = 0; i < p->mappings.nr; i++) {
		struct pp_mapping *m = &p->mappings.v[i];
		bool lib = strstr(m->dso->name, ".so") != NULL;

		if (m->dso->kind != DSO_USER || !m->weight)
			continue;
		if (!main_m || (!lib && strstr(main_m->dso->name, ".so")) ||
		    (lib == !!strstr(main_m->dso->name, ".so") && m->weight > main_m->weight))
			main_m = m;
	}
	if (!main_m && p->mappings.nr)
		main_m = &p->mappings.v[0];
	for (size_t i = 0; i < p->mappings.nr; i++)
		p->mappings.v[i].id = &p->mappings.v[i] == main_m ? 1 : id++;
}

static void encode(struct pprof *p, const struct pprof_meta *meta, struct outbuf *ob)
{
	struct outbuf sub, lab;
	u64 *vals = calloc(p->events.nr + 1, sizeof(u64));
	u64 *ids = NULL;
	size_t ids_cap = 0;
	char name[32];

	outbuf_init_mem(&sub);
	outbuf_init_mem(&lab);
	if (!vals) {
		ob->error = ENOMEM;
		return;
	}
	/* index 0 of the string table is "" */
	if (!VEC_GROW(p->string_table))
		p->string_table.v[p->string_table.nr++] = "";
	for (size_t i = 0; i < p->events.nr; i++) {
		struct pp_event *e = &p->events.v[i];
		if (!e->type) {
			snprintf(name, sizeof(name), "event%zu", i);
			e->type = strpool_intern(&p->strs, name);
			e->unit = "count";
		}
		value_type(p, ob, &sub, PROFILE_SAMPLE_TYPE, e);
	}
	for (size_t i = 0; i < p->samples.nr; i++) {
		const struct pp_sample *s = &p->samples.v[i];

		if (s->nr_locs > ids_cap) {
			u64 *n = realloc(ids, s->nr_locs * sizeof(*ids));
			if (!n) {
				ob->error = ENOMEM;
				break;
			}
			ids = n;
			ids_cap = s->nr_locs;
		}
		for (u32 j = 0; j < s->nr_locs; j++)
			ids[j] = (u64)p->sample_locs.v[s->first_loc + j] + 1;
		memset(vals, 0, p->events.nr * sizeof(u64));
		vals[s->event] = s->value;
		outbuf_reset(&sub);
		pb_packed(&sub, SAMPLE_LOCATION_ID, ids, s->nr_locs);
		pb_packed(&sub, SAMPLE_VALUE, vals, p->events.nr);
		label_num(p, &sub, &lab, "pid", s->pid);
		label_num(p, &sub, &lab, "tid", s->tid);
		outbuf_reset(&lab);
		pb_uint(&lab, LABEL_KEY, str(p, "comm"));
		pb_uint(&lab, LABEL_STR, str(p, s->comm));
		pb_bytes(&sub, SAMPLE_LABEL, lab.buf, lab.len);
		pb_bytes(ob, PROFILE_SAMPLE, sub.buf, sub.len);
	}
	number_mappings(p);
	for (size_t n = 0; n < p->mappings.nr; n++) {
		/* in id order: the main binary first */
		const struct pp_mapping *m = NULL;
		char id[41];

		for (size_t i = 0; i < p->mappings.nr && !m; i++)
			if (p->mappings.v[i].id == n + 1)
				m = &p->mappings.v[i];
		outbuf_reset(&sub);
		pb_uint(&sub, MAPPING_ID, m->id);
		pb_uint(&sub, MAPPING_MEMORY_START, m->lo);
		pb_uint(&sub, MAPPING_MEMORY_LIMIT, m->hi + 1);
		pb_uint(&sub, MAPPING_FILE_OFFSET, 0);
		pb_uint(&sub, MAPPING_FILENAME, str(p, m->dso->path));
		for (u8 b = 0; b < m->dso->build_id_size && b < 20; b++)
			snprintf(id + 2 * b, 3, "%02x", m->dso->build_id[b]);
		id[2 * (m->dso->build_id_size < 20 ? m->dso->build_id_size : 20)] = '\0';
		pb_uint(&sub, MAPPING_BUILD_ID, str(p, id));
		pb_uint(&sub, MAPPING_HAS_FUNCTIONS, m->functions);
		pb_uint(&sub, MAPPING_HAS_FILENAMES, m->filenames);
		pb_uint(&sub, MAPPING_HAS_LINE_NUMBERS, m->lines);
		pb_uint(&sub, MAPPING_HAS_INLINE_FRAMES, m->inlines);
		pb_bytes(ob, PROFILE_MAPPING, sub.buf, sub.len);
	}
	for (size_t i = 0; i < p->locations.nr; i++) {
		const struct pp_location *l = &p->locations.v[i];

		outbuf_reset(&sub);
		pb_uint(&sub, LOCATION_ID, i + 1);
		if (l->mapping)
			pb_uint(&sub, LOCATION_MAPPING_ID, p->mappings.v[l->mapping - 1].id);
		pb_uint(&sub, LOCATION_ADDRESS, l->ip);
		for (u32 j = 0; j < l->nr_lines; j++) {
			const struct pp_line *ln = &p->lines.v[l->first_line + j];
			outbuf_reset(&lab);
			pb_uint(&lab, LINE_FUNCTION_ID, (u64)ln->function + 1);
			if (ln->line)
				pb_uint(&lab, LINE_LINE, ln->line);
			pb_bytes(&sub, LOCATION_LINE, lab.buf, lab.len);
		}
		pb_bytes(ob, PROFILE_LOCATION, sub.buf, sub.len);
	}
	for (size_t i = 0; i < p->functions.nr; i++) {
		const struct pp_function *f = &p->functions.v[i];

		outbuf_reset(&sub);
		pb_uint(&sub, FUNCTION_ID, i + 1);
		pb_uint(&sub, FUNCTION_NAME, str(p, f->name));
		pb_uint(&sub, FUNCTION_SYSTEM_NAME, str(p, f->name));
		if (f->file)
			pb_uint(&sub, FUNCTION_FILENAME, str(p, f->file));
		pb_bytes(ob, PROFILE_FUNCTION, sub.buf, sub.len);
	}
	if (meta->time_nanos)
		pb_int(ob, PROFILE_TIME_NANOS, meta->time_nanos);
	if (meta->duration_nanos)
		pb_int(ob, PROFILE_DURATION_NANOS, meta->duration_nanos);
	if (p->events.nr) {
		value_type(p, ob, &sub, PROFILE_PERIOD_TYPE, &p->events.v[0]);
		pb_int(ob, PROFILE_DEFAULT_SAMPLE_TYPE, (s64)str(p, p->events.v[0].type));
	}
	if (meta->comment)
		pb_int(ob, PROFILE_COMMENT, (s64)str(p, meta->comment));
	/* last: every string is indexed by now */
	for (size_t i = 0; i < p->string_table.nr; i++)
		pb_string(ob, PROFILE_STRING_TABLE, p->string_table.v[i]);
	if (sub.error || lab.error || p->string_table.nr != p->string_index.nr + 1)
		ob->error = ENOMEM;
	outbuf_release(&sub);
	outbuf_release(&lab);
	free(vals);
	free(ids);
}

/* data gzip-compressed to f. */
static int gzip_write(const void *data, size_t len, FILE *f)
{
	z_stream zs;
	unsigned char out[1 << 16];
	int rc;

	memset(&zs, 0, sizeof(zs));
	/* windowBits 15 + 16: a gzip header and trailer around the deflate stream */
	if (deflateInit2(&zs, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
		return -1;
	zs.next_in = (unsigned char *)(uintptr_t)data;
	zs.avail_in = (uInt)len;        /* < 4 GB: checked by the caller */
	do {
		zs.next_out = out;
		zs.avail_out = sizeof(out);
		rc = deflate(&zs, Z_FINISH);
		if (rc == Z_STREAM_ERROR || fwrite(out, 1, sizeof(out) - zs.avail_out, f) != sizeof(out) - zs.avail_out) {
			deflateEnd(&zs);
			return -1;
		}
	} while (rc != Z_STREAM_END);
	deflateEnd(&zs);
	return 0;
}

int pprof_write(struct pprof *p, const char *path, const struct pprof_meta *m, char *err, size_t errlen)
{
	struct outbuf ob;
	bool to_stdout = !strcmp(path, "-");
	FILE *f;
	int rc = 0;

	outbuf_init_mem(&ob);
	encode(p, m, &ob);
	if (ob.error || ob.len >= (1ull << 32)) {
		snprintf(err, errlen, "--pprof: %s", ob.error ? strerror(ob.error) : "the profile is over 4 GB");
		outbuf_release(&ob);
		return -1;
	}
	f = to_stdout ? stdout : fopen(path, "we");
	if (!f) {
		snprintf(err, errlen, "cannot create %s: %s", path, strerror(errno));
		outbuf_release(&ob);
		return -1;
	}
	errno = 0;
	if (gzip_write(ob.buf, ob.len, f) || fflush(f)) {
		snprintf(err, errlen, "cannot write %s: %s", to_stdout ? "the standard output" : path,
			 errno ? strerror(errno) : "zlib failed");
		rc = -1;
	}
	if (!to_stdout && fclose(f) && !rc) {
		snprintf(err, errlen, "cannot write %s: %s", path, strerror(errno));
		rc = -1;
	}
	outbuf_release(&ob);
	return rc;
}
