/* bcc's argdist and stackcount layouts for the language's maps (the rules
 * are in output-bcc.h; bcc's tools/argdist.py display(), table.py
 * print_log2_hist and tools/stackcount.py run() decide them). */
#include "util/lang/output-bcc.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/lang/output.h"
#include "util/lang/syms.h"

#define BCC_STARS 40                    /* table.py's stars_max */
#define BCC_LOG2_SLOTS (LANG_HIST_BUCKETS - 1)

static u64 rd64(const void *p, size_t i)
{
	u64 v;

	memcpy(&v, (const u8 *)p + i * 8, sizeof(v));
	return v;
}

/* ---- bcc's log2 histogram ----------------------------------------------------------- */

/* bcc's stars: floor(width * val / max) of them (table.py _stars). */
static void put_stars(struct outbuf *ob, u64 val, u64 max, int width)
{
	int n = max ? (int)((double)width * (double)val / (double)max) : 0;

	if (n > width)
		n = width;
	for (int i = 0; i < width; i++)
		outbuf_putc(ob, i < n ? '*' : ' ');
}

/* bcc's slots are bpf_log2l(v): slot 1 holds 0 and 1, slot i >= 2 holds
 * [2^(i-1), 2^i). The language's hist() buckets: [1] zero, [2] one,
 * [k] [2^(k-2), 2^(k-1)) -- slot i is bucket i + 1, slot 1 buckets 1 and 2.
 * A negative value (bucket 0) has no slot: argdist casts values to u64
 * first, so it never gets one. */
void lang_bcc_log2_hist(struct outbuf *ob, const u64 *buckets, const char *label)
{
	u64 slots[BCC_LOG2_SLOTS] = { 0 }, max = 0;
	int last = -1;
	bool wide;

	slots[1] = buckets[1] + buckets[2];
	for (int i = 2; i < BCC_LOG2_SLOTS; i++)
		slots[i] = buckets[i + 1];
	for (int i = 0; i < BCC_LOG2_SLOTS; i++) {
		if (slots[i])
			last = i;
		if (slots[i] > max)
			max = slots[i];
	}
	if (last <= 0)
		return;
	wide = last > 32;
	outbuf_printf(ob, wide ? "               %-29s : count     distribution\n"
			       : "     %-19s : count     distribution\n", label);
	for (int i = 1; i <= last; i++) {
		unsigned long long low = (1ULL << i) >> 1, high = i == 64 ? ~0ULL : (1ULL << i) - 1;

		if (low == high)
			low--;
		if (wide)
			outbuf_printf(ob, "%20llu -> %-20llu : %-8llu |", low, high, (unsigned long long)slots[i]);
		else
			outbuf_printf(ob, "%10llu -> %-10llu : %-8llu |", low, high, (unsigned long long)slots[i]);
		put_stars(ob, slots[i], max, wide ? BCC_STARS / 2 : BCC_STARS);
		outbuf_puts(ob, "|\n");
	}
}

/* ---- argdist ------------------------------------------------------------------------ */

struct row {
	const void *key;
	u64 count;
	size_t off, len;        /* the EVENT text in the row buffer */
};

struct row_sort {
	const struct lang_map *m;
	const struct outbuf *text;
};

/* Ascending by count (bcc: sorted by value); ties by key, integers by
 * value and strings bytewise (bcc leaves them in hash order). */
static int cmp_rows(const void *pa, const void *pb, void *arg)
{
	const struct row_sort *rs = arg;
	const struct row *a = pa, *b = pb;
	int c;

	if (a->count != b->count)
		return a->count < b->count ? -1 : 1;
	for (int i = 0; i < rs->m->nkeys; i++) {
		const struct lang_type *t = &rs->m->keys[i];
		const u8 *ka = (const u8 *)a->key + rs->m->key_off[i], *kb = (const u8 *)b->key + rs->m->key_off[i];

		if (t->kind == LT_INT) {
			u64 x = rd64(ka, 0), y = rd64(kb, 0);

			if (x != y)
				return (t->is_signed ? (s64)x < (s64)y : x < y) ? -1 : 1;
		} else if (t->kind == LT_STR && (c = strncmp((const char *)ka, (const char *)kb, t->size))) {
			return c;
		}
	}
	c = memcmp(rs->text->buf + a->off, rs->text->buf + b->off, MIN(a->len, b->len));
	return c ? c : (a->len > b->len) - (a->len < b->len);
}

static const struct lang_bcc_map *find_map(const struct lang_bcc_layout *l, const char *name)
{
	for (int i = 0; i < l->nmaps; i++)
		if (!strcmp(l->maps[i].map, name))
			return &l->maps[i];
	return NULL;
}

static void event_text(struct lang_output *o, const struct lang_bcc_map *bm, const struct lang_map *m,
		       const void *key, struct outbuf *text)
{
	if (!m->nkeys || !bm->nexprs) {
		outbuf_puts(text, "total calls");
		return;
	}
	for (int i = 0; i < m->nkeys; i++) {
		if (i)
			outbuf_puts(text, ", ");
		outbuf_puts(text, i < bm->nexprs ? bm->exprs[i] : "?");
		outbuf_puts(text, " = ");
		lang_output_value(o, text, &m->keys[i], (const u8 *)key + m->key_off[i], 0);
	}
}

static int argdist_count(struct lang_output *o, const struct lang_bcc_map *bm, const struct lang_map *m,
			 const struct lang_kv *entries, size_t n, u64 top)
{
	struct outbuf *ob = lang_output_outbuf(o), text;
	struct row *rows = calloc(n ? n : 1, sizeof(*rows));
	size_t cnt = 0, start = 0;
	int rc;

	if (!rows)
		return -ENOMEM;
	outbuf_init_mem(&text);
	for (size_t i = 0; i < n; i++) {
		u64 c = rd64(entries[i].value, 0);

		if (!c)         /* a keyless count never hit: bcc's table has no row */
			continue;
		rows[cnt].key = entries[i].key;
		rows[cnt].count = c;
		rows[cnt].off = text.len;
		event_text(o, bm, m, entries[i].key, &text);
		rows[cnt].len = text.len - rows[cnt].off;
		cnt++;
	}
	struct row_sort rs = { m, &text };

	qsort_r(rows, cnt, sizeof(*rows), cmp_rows, &rs);
	if (top && cnt > top)
		start = cnt - top;
	outbuf_puts(ob, bm->title);
	outbuf_printf(ob, "\n\t%-10s %s\n", "COUNT", "EVENT");
	for (size_t i = start; i < cnt; i++) {
		outbuf_printf(ob, "\t%-10llu ", (unsigned long long)rows[i].count);
		outbuf_putn(ob, text.buf + rows[i].off, rows[i].len);
		outbuf_putc(ob, '\n');
	}
	rc = text.error ? -ENOMEM : ob->error ? -ob->error : 0;
	free(rows);
	outbuf_release(&text);
	return rc;
}

static int argdist_map(struct lang_output *o, const struct lang_bcc_layout *l, const struct lang_map *m,
		       const struct lang_kv *entries, size_t n, u64 top)
{
	const struct lang_bcc_map *bm = find_map(l, m->name);
	struct outbuf *ob = lang_output_outbuf(o);

	if (!bm)
		return 0;       /* not one of the specifiers' maps */
	if (bm->hist) {
		u64 sum[LANG_HIST_BUCKETS] = { 0 };

		if (m->value.kind != LT_HIST)
			return -EINVAL;
		for (size_t e = 0; e < n; e++)
			for (int i = 0; i < LANG_HIST_BUCKETS; i++)
				sum[i] += rd64(entries[e].value, (size_t)i);
		lang_bcc_log2_hist(ob, sum, bm->hist_label);
		return ob->error ? -ob->error : 0;
	}
	if (m->value.kind != LT_COUNT)
		return -EINVAL;
	return argdist_count(o, bm, m, entries, n, top);
}

/* ---- stackcount ----------------------------------------------------------------------- */

struct stack_key {
	int kstack, ustack, pid, comm;  /* key indexes, -1: absent */
};

static struct stack_key stack_keys(const struct lang_map *m)
{
	struct stack_key k = { -1, -1, -1, -1 };

	for (int i = 0; i < m->nkeys; i++) {
		switch (m->keys[i].kind) {
		case LT_KSTACK: k.kstack = i; break;
		case LT_USTACK: k.ustack = i; break;
		case LT_INT: if (k.pid < 0) k.pid = i; break;
		case LT_STR: if (k.comm < 0) k.comm = i; break;
		default: break;
		}
	}
	return k;
}

/* One frame's name as bcc prints it: "[unknown]" where no symbol covers
 * the address (the language prints the address). */
static void frame_name(struct lang_output *o, bool user, pid_t pid, u64 ip, bool offsets, struct outbuf *ob)
{
	size_t start = ob->len;

	if (user)
		lang_syms_user(lang_output_syms(o), pid, ip, ob, offsets);
	else
		lang_syms_kernel(lang_output_syms(o), ip, ob, offsets);
	if (ob->len - start > 2 && !memcmp(ob->buf + start, "0x", 2)) {
		ob->len = start;
		outbuf_puts(ob, "[unknown]");
		return;
	}
	if (offsets) {  /* bcc writes the offset in hex: "name+0x1a" */
		size_t end = ob->len, p = end;
		u64 off = 0;

		while (p > start && ob->buf[p - 1] >= '0' && ob->buf[p - 1] <= '9')
			p--;
		if (p == end || p == start || ob->buf[p - 1] != '+')
			return;
		for (size_t i = p; i < end; i++)
			off = off * 10 + (u64)(ob->buf[i] - '0');
		ob->len = p;
		outbuf_printf(ob, "0x%llx", (unsigned long long)off);
	}
}

static int frames_of(struct lang_output *o, const struct lang_map *m, const void *key, int idx, u64 *ips)
{
	if (idx < 0)
		return 0;
	return lang_output_stack(o, &m->keys[idx], (const u8 *)key + m->key_off[idx], ips);
}

static pid_t pid_of(const struct lang_map *m, const void *key, const struct stack_key *k)
{
	if (k->pid >= 0)
		return (pid_t)rd64((const u8 *)key + m->key_off[k->pid], 0);
	if (k->ustack >= 0)
		return (pid_t)rd64((const u8 *)key + m->key_off[k->ustack], 1);
	return 0;
}

static void stack_entry(struct lang_output *o, const struct lang_bcc_layout *l, const struct lang_map *m,
			const void *key, u64 count, struct outbuf *ob)
{
	struct stack_key k = stack_keys(m);
	u64 kips[LANG_STACK_FRAMES + 1], uips[LANG_STACK_FRAMES + 1];
	int nk = frames_of(o, m, key, k.kstack, kips), nu = frames_of(o, m, key, k.ustack, uips);
	pid_t pid = pid_of(m, key, &k);
	const char *comm = k.comm >= 0 ? (const char *)key + m->key_off[k.comm] : NULL;
	size_t comm_len = comm ? strnlen(comm, m->keys[k.comm].size) : 0;
	bool delim = l->delimiter && k.kstack >= 0 && k.ustack >= 0;

	if (nk < 0)
		nk = 0;
	if (nu < 0)
		nu = 0;
	if (l->folded) {
		outbuf_putn(ob, comm ? comm : "", comm_len);
		for (int i = nu - 1; i >= 0; i--) {
			outbuf_putc(ob, ';');
			frame_name(o, true, pid, uips[i], l->offsets, ob);
		}
		if (delim)
			outbuf_puts(ob, ";-");
		for (int i = nk - 1; i >= 0; i--) {
			outbuf_putc(ob, ';');
			frame_name(o, false, 0, kips[i], l->offsets, ob);
		}
		outbuf_printf(ob, " %llu\n", (unsigned long long)count);
		return;
	}
	for (int i = 0; i < nk; i++) {
		outbuf_puts(ob, "  ");
		if (l->addresses)
			outbuf_printf(ob, "%-16llx ", (unsigned long long)kips[i]);
		frame_name(o, false, 0, kips[i], l->offsets, ob);
		outbuf_putc(ob, '\n');
	}
	if (delim)
		outbuf_puts(ob, "    --\n");
	for (int i = 0; i < nu; i++) {
		outbuf_puts(ob, "  ");
		if (l->addresses)
			outbuf_printf(ob, "%-16llx ", (unsigned long long)uips[i]);
		frame_name(o, true, pid, uips[i], l->offsets, ob);
		outbuf_putc(ob, '\n');
	}
	if (l->show_comm && k.pid >= 0) {
		outbuf_puts(ob, "    ");
		outbuf_putn(ob, comm ? comm : "", comm_len);
		outbuf_printf(ob, " [%d]\n", (int)pid);
	}
	outbuf_printf(ob, "    %llu\n\n", (unsigned long long)count);
}

struct centry {
	const void *key;
	u64 count;
	size_t idx;
};

static int cmp_centries(const void *pa, const void *pb)
{
	const struct centry *a = pa, *b = pb;

	if (a->count != b->count)
		return a->count < b->count ? -1 : 1;
	return (a->idx > b->idx) - (a->idx < b->idx);
}

static int stackcount_map(struct lang_output *o, const struct lang_bcc_layout *l, const struct lang_map *m,
			  const struct lang_kv *entries, size_t n)
{
	struct outbuf *ob = lang_output_outbuf(o);
	struct centry *ce = calloc(n ? n : 1, sizeof(*ce));
	size_t cnt = 0;

	if (!ce)
		return -ENOMEM;
	if (m->value.kind != LT_COUNT) {
		free(ce);
		return -EINVAL;
	}
	if (stack_keys(m).ustack >= 0)
		lang_syms_sync(lang_output_syms(o));    /* processes that started since */
	for (size_t i = 0; i < n; i++) {
		u64 c = rd64(entries[i].value, 0);

		if (c)
			ce[cnt++] = (struct centry){ entries[i].key, c, i };
	}
	qsort(ce, cnt, sizeof(*ce), cmp_centries);
	for (size_t i = 0; i < cnt; i++)
		stack_entry(o, l, m, ce[i].key, ce[i].count, ob);
	free(ce);
	return ob->error ? -ob->error : 0;
}

/* ---- the hooks ------------------------------------------------------------------------------ */

int lang_bcc_map(struct lang_output *o, const struct lang_bcc_layout *l, const struct lang_map *m,
		 const struct lang_kv *entries, size_t n, u64 top)
{
	if (l->tool == LANG_BCC_ARGDIST)
		return argdist_map(o, l, m, entries, n, top);
	return stackcount_map(o, l, m, entries, n);
}

void lang_bcc_attached(struct lang_output *o, const struct lang_bcc_layout *l, int nprobes)
{
	if (l->tool == LANG_BCC_STACKCOUNT && !l->folded)
		outbuf_printf(lang_output_outbuf(o), "Tracing %d functions for \"%s\"... Hit Ctrl-C to end.\n",
			      nprobes - l->helper_probes, l->pattern ? l->pattern : "");
}

/* Each print's heading: argdist "[HH:MM:SS]"; stackcount a blank line
 * (not folded) and, with -T, "HH:MM:SS". stamp NULL: now. */
void lang_bcc_stamp(struct lang_output *o, const struct lang_bcc_layout *l, const char *stamp)
{
	struct outbuf *ob = lang_output_outbuf(o);
	char now[32] = "";

	if (!stamp) {
		time_t t = time(NULL);
		struct tm tm;

		if (localtime_r(&t, &tm))
			strftime(now, sizeof(now), "%H:%M:%S", &tm);
		stamp = now;
	}
	if (l->tool == LANG_BCC_ARGDIST) {
		outbuf_printf(ob, "[%s]\n", stamp);
		return;
	}
	if (!l->folded)
		outbuf_putc(ob, '\n');
	if (l->timestamps)
		outbuf_printf(ob, "%-8s\n", stamp);
}

void lang_bcc_end(struct lang_output *o, const struct lang_bcc_layout *l)
{
	if (l->tool == LANG_BCC_STACKCOUNT && !l->folded)
		outbuf_puts(lang_output_outbuf(o), "Detaching...\n");
}
