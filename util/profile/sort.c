/* Sort keys: a table of names and headers; compare, hash and print. */
#include "util/profile/sort.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct {
	const char *name;
	enum sort_key_id id;
	const char *header;
} key_table[] = {
	{ "comm", SK_COMM, "Command" },
	{ "pid", SK_PID, "Pid:Command" },
	{ "tid", SK_TID, "Tid:Command" },
	{ "dso", SK_DSO, "Shared Object" },
	{ "sym", SK_SYM, "Symbol" },
	{ "symbol", SK_SYM, "Symbol" },
	{ "srcline", SK_SRCLINE, "Source:Line" },
	{ "symoff", SK_SYMOFF, "Symbol+Offset" },
	{ "cpu", SK_CPU, "CPU" },
	{ "parent", SK_PARENT, "Parent symbol" },
};

int sort_spec_parse(struct sort_spec *spec, const char *list, char *err, size_t errlen)
{
	char *copy = strdup(list), *save = NULL, *tok;

	memset(spec, 0, sizeof(*spec));
	if (!copy) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		size_t i;
		const char *dot;

		if (spec->nr == SORT_MAX_KEYS) {
			snprintf(err, errlen, "--sort: at most %d keys", SORT_MAX_KEYS);
			goto fail;
		}
		for (i = 0; i < ARRAY_SIZE(key_table); i++)
			if (!strcmp(tok, key_table[i].name))
				break;
		if (i < ARRAY_SIZE(key_table)) {
			spec->keys[spec->nr++] = key_table[i].id;
			if (key_table[i].id == SK_SRCLINE)
				spec->need_srcline = true;
			if (key_table[i].id == SK_PARENT)
				spec->need_parent = true;
			continue;
		}
		/* sys:event.field */
		dot = strrchr(tok, '.');
		if (strchr(tok, ':') && dot && dot[1] && !spec->field_event) {
			spec->field_event = strndup(tok, (size_t)(dot - tok));
			spec->field_name = strdup(dot + 1);
			if (!spec->field_event || !spec->field_name) {
				snprintf(err, errlen, "out of memory");
				goto fail;
			}
			spec->keys[spec->nr++] = SK_FIELD;
			continue;
		}
		snprintf(err, errlen,
			 "--sort: unknown key '%s' (keys: comm pid tid dso sym srcline symoff cpu parent, or one "
			 "tracepoint field as sys:event.field)",
			 tok);
		goto fail;
	}
	free(copy);
	if (!spec->nr) {
		snprintf(err, errlen, "--sort: no keys given");
		return -1;
	}
	return 0;
fail:
	free(copy);
	sort_spec_free(spec);
	return -1;
}

void sort_spec_free(struct sort_spec *spec)
{
	free(spec->field_event);
	free(spec->field_name);
	spec->field_event = spec->field_name = NULL;
}

/* The name the pid key shows: the thread's last one (perf's), else the
 * sample's. */
static const char *thread_comm(const struct hist_key *k)
{
	if (k->thread && k->thread->comm[0])
		return k->thread->comm;
	return k->comm ? k->comm : "";
}

static bool key_equal(enum sort_key_id id, const struct hist_key *a, const struct hist_key *b)
{
	switch (id) {
	case SK_COMM:
		return a->comm == b->comm;
	case SK_PID:
		return a->tid == b->tid;
	case SK_TID:
		return a->tid == b->tid && a->comm == b->comm;
	case SK_DSO:
		return a->dso == b->dso;
	case SK_SYM:
		if (a->sym || b->sym)
			return a->sym == b->sym;
		return a->addr == b->addr && a->dso == b->dso;
	case SK_SYMOFF:
		return a->sym == b->sym && a->addr == b->addr && a->dso == b->dso;
	case SK_SRCLINE:
		return a->srcline == b->srcline;
	case SK_CPU:
		return a->cpu == b->cpu;
	case SK_FIELD:
		return a->field == b->field;
	case SK_PARENT:
		return a->parent == b->parent;
	}
	return false;
}

bool sort_keys_equal(const struct sort_spec *spec, const struct hist_key *a, const struct hist_key *b)
{
	for (unsigned i = 0; i < spec->nr; i++)
		if (!key_equal(spec->keys[i], a, b))
			return false;
	return true;
}

static u64 mix(u64 h, u64 v)
{
	h ^= v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
	return h * 0x100000001b3ULL;
}

u64 sort_keys_hash(const struct sort_spec *spec, const struct hist_key *k)
{
	u64 h = 0xcbf29ce484222325ULL;

	for (unsigned i = 0; i < spec->nr; i++) {
		switch (spec->keys[i]) {
		case SK_COMM:
			h = mix(h, (u64)(uintptr_t)k->comm);
			break;
		case SK_PID:
			h = mix(h, (u64)(u32)k->tid);
			break;
		case SK_TID:
			h = mix(h, (u64)(u32)k->tid);
			break;
		case SK_DSO:
			h = mix(h, (u64)(uintptr_t)k->dso);
			break;
		case SK_SYM:
			h = mix(h, k->sym ? (u64)(uintptr_t)k->sym : k->addr);
			break;
		case SK_SYMOFF:
			h = mix(h, k->addr);
			break;
		case SK_SRCLINE:
			h = mix(h, (u64)(uintptr_t)k->srcline);
			break;
		case SK_CPU:
			h = mix(h, (u64)(u32)k->cpu);
			break;
		case SK_FIELD:
			h = mix(h, (u64)(uintptr_t)k->field);
			break;
		case SK_PARENT:
			h = mix(h, (u64)(uintptr_t)k->parent);
			break;
		}
	}
	return h;
}

const char *sort_key_header(const struct sort_spec *spec, unsigned i)
{
	if (spec->keys[i] == SK_FIELD)
		return spec->field_name;
	for (size_t j = 0; j < ARRAY_SIZE(key_table); j++)
		if (key_table[j].id == spec->keys[i])
			return key_table[j].header;
	return "?";
}

static void print_sym(const struct hist_key *k, struct outbuf *ob, bool with_off)
{
	outbuf_puts(ob, k->kernel ? "[k] " : "[.] ");
	if (k->sym) {
		outbuf_puts(ob, k->sym->name);
		if (with_off)
			outbuf_printf(ob, "+%#llx", (unsigned long long)(k->addr - k->sym->start));
	} else {
		/* perf's "%#.16llx": C gives 0 no "0x" prefix, so perf prints
		 * 0000000000000000 for it, and 0x00007f... for the others. */
		outbuf_printf(ob, "%#.16llx", (unsigned long long)k->addr);
	}
}

void sort_key_print(const struct sort_spec *spec, unsigned i, const struct hist_key *k, struct outbuf *ob)
{
	switch (spec->keys[i]) {
	case SK_COMM:
		outbuf_puts(ob, k->comm && k->comm[0] ? k->comm : "[unknown]");
		break;
	case SK_PID:
		outbuf_printf(ob, "%7d:%s", k->tid, thread_comm(k));
		break;
	case SK_TID:
		outbuf_printf(ob, "%7d:%s", k->tid, k->comm ? k->comm : "");
		break;
	case SK_DSO:
		outbuf_puts(ob, k->dso ? k->dso->name : "[unknown]");
		break;
	case SK_SYM:
		print_sym(k, ob, false);
		break;
	case SK_SYMOFF:
		print_sym(k, ob, true);
		break;
	case SK_SRCLINE:
		outbuf_puts(ob, k->srcline ? k->srcline : "??:0");
		break;
	case SK_CPU:
		outbuf_printf(ob, "%3.3d", k->cpu);
		break;
	case SK_FIELD:
		outbuf_puts(ob, k->field ? k->field : "");
		break;
	case SK_PARENT:
		outbuf_puts(ob, k->parent ? k->parent->name : "[other]");
		break;
	}
}

/* A printed key as up to three pieces (no formatting into memory: the sort
 * compares entries' keys a million times). */
struct key_text {
	const char *piece[3];
	char num[48];           /* a formatted number the pieces point into */
};

/* print_sym's "%#.16llx" without printf (entries of unresolved addresses
 * tie by the thousand): "0000000000000000" for 0, else "0x" and 16 digits. */
static void hex16(u64 v, char out[19])
{
	char *p = out;

	if (v) {
		*p++ = '0';
		*p++ = 'x';
	}
	for (int shift = 60; shift >= 0; shift -= 4)
		*p++ = "0123456789abcdef"[(v >> shift) & 15];
	*p = '\0';
}

static void key_text(const struct sort_spec *spec, unsigned i, const struct hist_key *k, struct key_text *t)
{
	t->piece[0] = t->piece[1] = t->piece[2] = "";
	switch (spec->keys[i]) {
	case SK_COMM:
		t->piece[0] = k->comm && k->comm[0] ? k->comm : "[unknown]";
		break;
	case SK_PID:
	case SK_TID:
		snprintf(t->num, sizeof(t->num), "%7d:", k->tid);
		t->piece[0] = t->num;
		t->piece[1] = spec->keys[i] == SK_PID ? thread_comm(k) : k->comm ? k->comm : "";
		break;
	case SK_DSO:
		t->piece[0] = k->dso ? k->dso->name : "[unknown]";
		break;
	case SK_SYM:
	case SK_SYMOFF:
		t->piece[0] = k->kernel ? "[k] " : "[.] ";
		if (k->sym) {
			t->piece[1] = k->sym->name;
			if (spec->keys[i] == SK_SYMOFF) {
				snprintf(t->num, sizeof(t->num), "+%#llx", (unsigned long long)(k->addr - k->sym->start));
				t->piece[2] = t->num;
			}
		} else {
			hex16(k->addr, t->num);
			t->piece[1] = t->num;
		}
		break;
	case SK_SRCLINE:
		t->piece[0] = k->srcline ? k->srcline : "??:0";
		break;
	case SK_CPU:
		snprintf(t->num, sizeof(t->num), "%3.3d", k->cpu);
		t->piece[0] = t->num;
		break;
	case SK_FIELD:
		t->piece[0] = k->field ? k->field : "";
		break;
	case SK_PARENT:
		t->piece[0] = k->parent ? k->parent->name : "[other]";
		break;
	}
}

/* strcmp of the two texts the pieces spell. */
static int key_text_cmp(const struct key_text *a, const struct key_text *b)
{
	unsigned ia = 0, ib = 0;

	/* The common cases: one piece each (names), or the same prefix
	 * ("[k] ", "[.] ") then one piece each (symbols). */
	if (!a->piece[2][0] && !b->piece[2][0]) {
		if (!a->piece[1][0] && !b->piece[1][0])
			return strcmp(a->piece[0], b->piece[0]);
		if (a->piece[1][0] && b->piece[1][0] && !strcmp(a->piece[0], b->piece[0]))
			return strcmp(a->piece[1], b->piece[1]);
	}
	const unsigned char *pa = (const unsigned char *)a->piece[0], *pb = (const unsigned char *)b->piece[0];

	for (;;) {
		while (!*pa && ia < 2)
			pa = (const unsigned char *)a->piece[++ia];
		while (!*pb && ib < 2)
			pb = (const unsigned char *)b->piece[++ib];
		if (*pa != *pb || !*pa)
			return (int)*pa - (int)*pb;
		pa++;
		pb++;
	}
}

/* Whether key i prints the same for a and b, known without printing: the
 * same interned string, DSO or symbol is the same text. (Different ones
 * may still print alike: key_text_cmp decides.) */
static bool same_text(enum sort_key_id key, const struct hist_key *a, const struct hist_key *b)
{
	switch (key) {
	case SK_COMM:
	case SK_SRCLINE:
	case SK_FIELD:
		/* comm, srcline, field: interned, or NULL */
		return (key == SK_COMM ? a->comm == b->comm : key == SK_SRCLINE ? a->srcline == b->srcline
										: a->field == b->field);
	case SK_PID:
		return a->tid == b->tid && thread_comm(a) == thread_comm(b);
	case SK_TID:
		return a->tid == b->tid && a->comm == b->comm;
	case SK_DSO:
		return a->dso == b->dso;
	case SK_SYM:
		return a->kernel == b->kernel && (a->sym || b->sym ? a->sym == b->sym : a->addr == b->addr);
	case SK_SYMOFF:
		return a->kernel == b->kernel && a->sym == b->sym && a->addr == b->addr;
	case SK_CPU:
		return a->cpu == b->cpu;
	case SK_PARENT:
		return a->parent == b->parent;
	}
	return false;
}

/* perf compares a numeric field's bytes as they are in the record
 * (memcmp, little-endian: the low byte first) and puts the larger first:
 * 12 before 11 before 2, and -1 (all 0xff) before them all. */
static int field_bytes_cmp(const struct hist_key *a, const struct hist_key *b)
{
	unsigned n = MAX(a->field_size, b->field_size);

	for (unsigned i = 0; i < n && i < 8; i++) {
		unsigned x = (unsigned)(a->field_raw >> (8 * i)) & 0xff, y = (unsigned)(b->field_raw >> (8 * i)) & 0xff;

		if (x != y)
			return x > y ? -1 : 1;
	}
	return 0;
}

/* Keys perf orders by value rather than by the printed text: pid, tid and
 * cpu ascending, tracepoint fields descending (numbers by their bytes,
 * strings by their text), symbols by name. 0 when equal, or for other
 * keys (then the printed text decides). */
static int value_cmp(enum sort_key_id key, const struct hist_key *a, const struct hist_key *b)
{
	switch (key) {
	case SK_PID:
	case SK_TID:
		return a->tid != b->tid ? (a->tid < b->tid ? -1 : 1) : 0;
	case SK_CPU:
		return a->cpu != b->cpu ? (a->cpu < b->cpu ? -1 : 1) : 0;
	case SK_FIELD:
		if (a->field_size && b->field_size)
			return field_bytes_cmp(a, b);
		return -strcmp(a->field ? a->field : "", b->field ? b->field : "");
	case SK_SYM:
	case SK_SYMOFF:
		/* perf: by name, whatever the level ("[k] "/"[.] ") printed
		 * before it; unresolved after the named */
		if (a->sym && b->sym)
			return strcmp(a->sym->name, b->sym->name);
		return !a->sym - !b->sym;
	default:
		return 0;
	}
}

int sort_keys_cmp(const struct sort_spec *spec, const struct hist_key *a, const struct hist_key *b)
{
	for (unsigned i = 0; i < spec->nr; i++) {
		struct key_text x, y;
		int r;

		/* perf puts entries without a map after those with one. */
		if (spec->keys[i] == SK_DSO && !a->dso != !b->dso)
			return a->dso ? -1 : 1;
		if (same_text(spec->keys[i], a, b))
			continue;
		r = value_cmp(spec->keys[i], a, b);
		if (r)
			return r;
		if (spec->keys[i] == SK_FIELD)
			continue;
		key_text(spec, i, a, &x);
		key_text(spec, i, b, &y);
		r = key_text_cmp(&x, &y);
		if (r)
			return r;
	}
	return 0;
}
