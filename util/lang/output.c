/* The language's text output in bpftrace 0.17's layout: maps (sorted,
 * with hist/lhist bars and stacks), printf, time and print(value).
 * output.h lists the layout rules; bpftrace's own code decides them
 * (src/output.cpp, src/bpftrace.cpp print_map, src/format_string.cpp),
 * and the unit test checks them against its real output. */
#include "util/lang/output.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/lang/funcs.h"
#include "util/lang/output-bcc.h"
#include "util/lang/syms.h"
#include "util/lang/tuple.h"
#include "util/profile/flamegraph.h"

#define HIST_BAR_WIDTH 52       /* bpftrace's max_width: '@'s of the fullest bucket */
#define LABEL_MAX 48

/* ---- printf formats, parsed once -------------------------------------------------- */

enum piece_kind { PIECE_TEXT, PIECE_CONV };

/* A conversion is kept as the C spec it becomes ("%-8.3lld"): libc
 * formats the number exactly as bpftrace's snprintf does. */
struct piece {
	enum piece_kind kind;
	u32 off, len;           /* PIECE_TEXT: bytes in compiled_fmt.text */
	char spec[32];          /* PIECE_CONV: '%' flags width .prec length conv, NUL-terminated */
	u32 spec_len;           /* up to (excluding) the length modifier and conversion */
	char conv;              /* d i u o x X c p s, r (buf(): rmode 0, 'x' or 'h') */
	char rmode;
	u8 length;              /* 0 none, 1 hh, 2 h, 3 l/ll/j/z/t (64 bits) */
	int arg;
};

struct compiled_fmt {
	struct piece *pieces;
	int npieces;
	char *text;             /* literal text, "%%" already made "%" */
	bool ok;                /* a printf format, parsed */
};

struct lang_output {
	struct outbuf *ob;
	const struct lang_program *p;
	struct lang_syms *syms;
	lang_stack_ips_fn stack_ips;
	void *stack_ctx;
	struct compiled_fmt *fmts;      /* p->nfmts, FMT_PRINTF only */
	struct outbuf tmp;              /* a %s argument's text */
	struct outbuf keys;             /* the printed keys of the map being printed */
	struct outbuf line;             /* -f json: a printf's or time's text before it is quoted */
	u64 ips[LANG_STACK_FRAMES + 1];
	u64 bad_events;
	enum lang_output_format format;
	u64 wall_offset_ns;             /* strftime(): the wall clock at nsecs' 0 */
	const struct lang_bcc_layout *bcc;      /* bcc's layouts (output-bcc.c), or NULL */
	bool quiet;                             /* -q: no "Attaching N probes..." */
};

/* ---- small helpers ---------------------------------------------------------------- */

static u64 rd64(const void *p, size_t i)
{
	u64 v;

	memcpy(&v, (const u8 *)p + i * 8, sizeof(v));
	return v;
}

static void wr64(void *p, size_t i, u64 v)
{
	memcpy((u8 *)p + i * 8, &v, sizeof(v));
}

static size_t stride8(size_t n)
{
	return (n + 7) & ~(size_t)7;
}

static void put_int(struct outbuf *ob, u64 v, bool is_signed)
{
	if (is_signed)
		outbuf_s64(ob, (s64)v);
	else
		outbuf_u64(ob, v);
}

/* v / div in the value's signedness, as bpftrace divides (integer division). */
static u64 div_val(u64 v, u64 div, bool is_signed)
{
	if (div <= 1)
		return v;
	if (is_signed)
		return (u64)((s64)v / (s64)div);
	return v / div;
}

static bool less_than(u64 a, u64 b, bool is_signed)
{
	return is_signed ? (s64)a < (s64)b : a < b;
}

static void put_spaces(struct outbuf *ob, int n)
{
	for (int i = 0; i < n; i++)
		outbuf_putc(ob, ' ');
}

static bool is_stack(enum lang_type_kind k)
{
	return k == LT_KSTACK || k == LT_USTACK;
}

/* buf[0..len) as a JSON string: quotes, backslashes and control characters
 * escaped (bpftrace's -f json escapes the same), other bytes as they are. */
static void put_json_string(struct outbuf *ob, const char *buf, size_t len)
{
	outbuf_putc(ob, '"');
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)buf[i];

		switch (c) {
		case '"':  outbuf_puts(ob, "\\\""); break;
		case '\\': outbuf_puts(ob, "\\\\"); break;
		case '\n': outbuf_puts(ob, "\\n"); break;
		case '\t': outbuf_puts(ob, "\\t"); break;
		case '\r': outbuf_puts(ob, "\\r"); break;
		case '\b': outbuf_puts(ob, "\\b"); break;
		case '\f': outbuf_puts(ob, "\\f"); break;
		default:
			if (c < 0x20)
				outbuf_printf(ob, "\\u%04x", c);
			else
				outbuf_putc(ob, (char)c);
		}
	}
	outbuf_putc(ob, '"');
}

/* The start and end of one -f json line: {"type": "T", "data": ... }. */
static void json_open(struct outbuf *ob, const char *type)
{
	outbuf_printf(ob, "{\"type\": \"%s\", \"data\": ", type);
}

static void json_close(struct outbuf *ob)
{
	outbuf_puts(ob, "}\n");
}

/* ---- merging ------------------------------------------------------------------------ */

static u32 value_words(const struct lang_map *m)
{
	return m->value_size / 8;
}

/* dst = dst (+) src for one aggregation value. */
static void combine(const struct lang_type *t, u32 words, void *dst, const void *src)
{
	switch (t->kind) {
	case LT_COUNT:
		wr64(dst, 0, rd64(dst, 0) + rd64(src, 0));
		break;
	case LT_SUM:
	case LT_AVG:
	case LT_STATS:
		/* total/updates, or count/total: both fields add (two's
		 * complement makes a signed total add the same way). */
		wr64(dst, 0, rd64(dst, 0) + rd64(src, 0));
		wr64(dst, 1, rd64(dst, 1) + rd64(src, 1));
		break;
	case LT_MIN:
	case LT_MAX:
		/* Only where it was set: an unset CPU's 0 is no minimum. */
		if (rd64(src, 1)) {
			u64 a = rd64(dst, 0), b = rd64(src, 0);
			bool take = !rd64(dst, 1) ||
				    (t->kind == LT_MIN ? less_than(b, a, t->is_signed) : less_than(a, b, t->is_signed));

			if (take)
				wr64(dst, 0, b);
			wr64(dst, 1, 1);
		}
		break;
	case LT_HIST:
	case LT_LHIST:
		for (u32 i = 0; i < words; i++)
			wr64(dst, i, rd64(dst, i) + rd64(src, i));
		break;
	default:
		break;  /* plain values: the first one stays */
	}
}

void lang_value_merge(const struct lang_map *m, void *dst, const void *percpu, int ncpus)
{
	size_t stride = stride8(m->value_size);

	if (ncpus <= 0) {
		memset(dst, 0, m->value_size);
		return;
	}
	memcpy(dst, percpu, m->value_size);
	if (!m->is_aggregation)
		return;
	for (int c = 1; c < ncpus; c++)
		combine(&m->value, value_words(m), dst, (const u8 *)percpu + (size_t)c * stride);
}

/* A keyless aggregation is an array entry that always exists: it counts as
 * set once something was stored (count prints its 0, as bpftrace's
 * per-CPU array for count does). */
static bool keyless_is_set(const struct lang_map *m, const void *v)
{
	switch (m->value.kind) {
	case LT_SUM:
	case LT_MIN:
	case LT_MAX:
		return rd64(v, 1) != 0;
	case LT_AVG:
	case LT_STATS:
		return rd64(v, 0) != 0;
	case LT_HIST:
	case LT_LHIST:
		for (u32 i = 0; i < value_words(m); i++)
			if (rd64(v, i))
				return true;
		return false;
	default:
		return true;
	}
}

/* ---- stacks and scalar values ------------------------------------------------------ */

static void put_frame(struct lang_output *o, struct outbuf *ob, bool user, pid_t pid, u64 ip, int indent)
{
	put_spaces(ob, indent);
	if (user)
		lang_syms_user(o->syms, pid, ip, ob, true);
	else
		lang_syms_kernel(o->syms, ip, ob, true);
	outbuf_putc(ob, '\n');
}

/* The addresses of a stack slot, leaf first, cut to kstack(N)'s N; -1 for a
 * stack the kernel could not take. A user stack taken at a function's
 * entry lacks the caller on kernels whose walk starts at the caller's frame
 * pointer (not pushed yet): the return address read from [sp] goes after
 * the first frame, unless the kernel already put it there (Linux 6.12 and
 * later fix up uprobes at a function's entry). */
static int stack_frames(struct lang_output *o, const struct lang_type *t, const void *slot, u64 *out)
{
	bool user = t->kind == LT_USTACK;
	s64 id = (s64)rd64(slot, 0);
	u64 caller = user ? rd64(slot, 2) : 0;
	u32 limit = t->stack_frames ? t->stack_frames : LANG_STACK_FRAMES;
	int n, shown = 0;

	if (id < 0 || !o->stack_ips)
		return -1;
	n = o->stack_ips(o->stack_ctx, user, id, o->ips, LANG_STACK_FRAMES);
	if (n < 0)
		return -1;
	if (n > LANG_STACK_FRAMES)
		n = LANG_STACK_FRAMES;
	for (int i = 0; i < n && o->ips[i] && (u32)shown < limit; i++) {
		out[shown++] = o->ips[i];
		if (i == 0 && caller && (u32)shown < limit && (n < 2 || o->ips[1] != caller))
			out[shown++] = caller;
	}
	return shown;
}

/* "\n" and one frame a line, or nothing for a stack the kernel could not
 * take (bpftrace prints an empty string then). */
static void put_stack(struct lang_output *o, struct outbuf *ob, const struct lang_type *t, const void *slot,
		      int indent)
{
	bool user = t->kind == LT_USTACK;
	pid_t pid = user ? (pid_t)rd64(slot, 1) : 0;
	u64 frames[LANG_STACK_FRAMES + 1];
	int n = stack_frames(o, t, slot, frames);

	if (n < 0)
		return;
	outbuf_putc(ob, '\n');
	for (int i = 0; i < n; i++)
		put_frame(o, ob, user, pid, frames[i], indent);
}

static void put_attach_name(struct lang_output *o, struct outbuf *ob, u64 idx, bool func)
{
	const struct lang_attach *a;

	if (idx >= (u64)o->p->nattaches) {
		outbuf_u64(ob, idx);    /* a record from another program: nothing better to say */
		return;
	}
	a = &o->p->attaches[idx];
	if (func && a->func)
		outbuf_puts(ob, a->func);
	else if (a->name)
		outbuf_puts(ob, a->name);
}

static void put_scalar(struct lang_output *o, struct outbuf *ob, const struct lang_type *t, const void *v,
		       int indent);

/* A tuple as bpftrace 0.17 prints it: "(1, abc, (4, 5))". */
static void put_tuple(struct lang_output *o, struct outbuf *ob, const struct lang_type *t, const void *v, int indent)
{
	outbuf_putc(ob, '(');
	for (int i = 0; i < t->tuple->n; i++) {
		if (i)
			outbuf_puts(ob, ", ");
		put_scalar(o, ob, &t->tuple->elems[i], (const u8 *)v + t->tuple->off[i], indent);
	}
	outbuf_putc(ob, ')');
}

/* The scalar kinds, as keys (indent 4 for stacks) or values (indent 8). */
static void put_scalar(struct lang_output *o, struct outbuf *ob, const struct lang_type *t, const void *v,
		       int indent)
{
	switch (t->kind) {
	case LT_INT:
		put_int(ob, rd64(v, 0), t->is_signed);
		break;
	case LT_STR:
		outbuf_putn(ob, v, strnlen(v, t->size));
		break;
	case LT_KSTACK:
	case LT_USTACK:
		put_stack(o, ob, t, v, indent);
		break;
	case LT_PROBE:
		put_attach_name(o, ob, rd64(v, 0), false);
		break;
	case LT_FUNC:
		put_attach_name(o, ob, rd64(v, 0), true);
		break;
	case LT_KSYM:
		lang_syms_kernel(o->syms, rd64(v, 0), ob, false);
		break;
	case LT_USYM:
		lang_syms_user(o->syms, (pid_t)rd64(v, 1), rd64(v, 0), ob, false);
		break;
	case LT_BUF:
		lang_func_put_buf(ob, (const u8 *)v + 8, MIN(rd64(v, 0), (u64)t->size - 8), 0);
		break;
	case LT_INET:
		lang_func_put_inet(ob, rd64(v, 0), (const u8 *)v + 8);
		break;
	case LT_TIMESTAMP: {
		u64 id = rd64(v, 0);

		if (id < (u64)o->p->nfmts && o->p->fmts[id].kind == FMT_STRFTIME && o->p->fmts[id].fmt)
			lang_func_put_strftime(ob, o->p->fmts[id].fmt, rd64(v, 1), o->wall_offset_ns);
		break;
	}
	case LT_CGROUP_PATH: {
		u64 id = rd64(v, 0);

		if (id < (u64)o->p->nfmts && o->p->fmts[id].kind == FMT_CGROUP_PATH && o->p->fmts[id].fmt)
			lang_func_put_cgroup_path(ob, rd64(v, 1), o->p->fmts[id].fmt, "/proc/mounts");
		break;
	}
	case LT_TUPLE:
		put_tuple(o, ob, t, v, indent);
		break;
	default:
		break;
	}
}

/* ---- hist and lhist ------------------------------------------------------------------- */

u32 lang_hist_bucket(u64 v, bool is_signed)
{
	if (is_signed && (s64)v < 0)
		return 0;
	if (!v)
		return 1;
	return 2 + (u32)(63 - __builtin_clzll(v));
}

u32 lang_lhist_bucket(const struct lang_type *t, u64 v, bool is_signed)
{
	u32 n = lang_lhist_buckets(t);
	u64 off;

	if (!n)
		return 0;
	/* min and max are s64: compare in v's signedness (an unsigned value
	 * past 2^63 is above any max) */
	if (is_signed ? (s64)v < t->lhist_min : (t->lhist_min >= 0 && v < (u64)t->lhist_min))
		return 0;
	if (is_signed ? (s64)v > t->lhist_max : (t->lhist_max < 0 || v > (u64)t->lhist_max))
		return n + 1;
	off = v - (u64)t->lhist_min;   /* v >= min here: the difference fits in a u64 */
	off /= (u64)t->lhist_step;
	return off >= n ? n + 1 : (u32)off + 1;
}

/* 2^power with bpftrace's K/M/G/T suffixes (powers of 1024). */
static void hist_label(char *buf, size_t len, u32 power)
{
	static const char suffixes[] = { 'T', 'G', 'M', 'K' };
	static const u32 at[] = { 40, 30, 20, 10 };

	for (size_t i = 0; i < ARRAY_SIZE(at); i++) {
		if (power >= at[i]) {
			snprintf(buf, len, "%llu%c", 1ULL << (power - at[i]), suffixes[i]);
			return;
		}
	}
	snprintf(buf, len, "%llu", 1ULL << power);
}

/* lhist bounds: a multiple of 1M or 1K (not 0) gets the suffix. */
static void lhist_label(char *buf, size_t len, s64 n)
{
	if (n != 0 && n % (1 << 20) == 0)
		snprintf(buf, len, "%lldM", (long long)(n / (1 << 20)));
	else if (n != 0 && n % 1024 == 0)
		snprintf(buf, len, "%lldK", (long long)(n / 1024));
	else
		snprintf(buf, len, "%lld", (long long)n);
}

/* One row: the label left in 16 columns, the count right in 8, the bar
 * scaled so the fullest bucket has 52 '@'s. The bar comes from the count
 * before print()'s div, in single precision, truncated: as bpftrace. */
static void hist_row(struct outbuf *ob, const char *label, u64 shown, u64 v, u64 maxv)
{
	int bar = maxv ? (int)((float)v / (float)maxv * (float)HIST_BAR_WIDTH) : 0;

	outbuf_printf(ob, "%-16s%8llu |", label, (unsigned long long)shown);
	for (int i = 0; i < bar; i++)
		outbuf_putc(ob, '@');
	put_spaces(ob, HIST_BAR_WIDTH - bar);
	outbuf_puts(ob, "|\n");
}

/* First and last non-zero bucket and the largest count; false when all
 * are empty (bpftrace then prints no row). */
static bool bucket_range(const void *v, u32 nb, u32 *first, u32 *last, u64 *maxv)
{
	bool any = false;

	*maxv = 0;
	for (u32 i = 0; i < nb; i++) {
		u64 c = rd64(v, i);

		if (!c)
			continue;
		if (!any)
			*first = i;
		*last = i;
		any = true;
		if (c > *maxv)
			*maxv = c;
	}
	return any;
}

static void put_hist(struct outbuf *ob, const void *v, u64 div)
{
	u32 first, last;
	u64 maxv;
	char label[LABEL_MAX], lo[LABEL_MAX / 2], hi[LABEL_MAX / 2];

	if (!bucket_range(v, LANG_HIST_BUCKETS, &first, &last, &maxv))
		return;
	for (u32 i = first; i <= last; i++) {
		u64 c = rd64(v, i);

		if (i == 0) {
			snprintf(label, sizeof(label), "(..., 0)");
		} else if (i == 1) {
			snprintf(label, sizeof(label), "[0]");
		} else if (i == 2) {
			snprintf(label, sizeof(label), "[1]");
		} else {
			/* bucket i holds [2^(i-2), 2^(i-1)) */
			hist_label(lo, sizeof(lo), i - 2);
			hist_label(hi, sizeof(hi), i - 1);
			snprintf(label, sizeof(label), "[%s, %s)", lo, hi);
		}
		hist_row(ob, label, c / (div ? div : 1), c, maxv);
	}
}

static void put_lhist(struct outbuf *ob, const struct lang_type *t, const void *v)
{
	u32 n = lang_lhist_buckets(t), first, last;
	u64 maxv;
	char label[LABEL_MAX], lo[LABEL_MAX / 2], hi[LABEL_MAX / 2];

	if (!bucket_range(v, n + 2, &first, &last, &maxv))
		return;
	for (u32 i = first; i <= last; i++) {
		if (i == 0) {
			lhist_label(lo, sizeof(lo), t->lhist_min);
			snprintf(label, sizeof(label), "(..., %s)", lo);
		} else if (i == n + 1) {
			/* bpftrace labels the top bucket with max itself, even
			 * when (max - min) is not a multiple of step */
			lhist_label(lo, sizeof(lo), t->lhist_max);
			snprintf(label, sizeof(label), "[%s, ...)", lo);
		} else {
			lhist_label(lo, sizeof(lo), t->lhist_min + (s64)(i - 1) * t->lhist_step);
			lhist_label(hi, sizeof(hi), t->lhist_min + (s64)i * t->lhist_step);
			snprintf(label, sizeof(label), "[%s, %s)", lo, hi);
		}
		/* bpftrace applies print()'s div to hist rows only, not lhist */
		hist_row(ob, label, rd64(v, i), rd64(v, i), maxv);
	}
}

/* ---- values ----------------------------------------------------------------------------- */

static u64 avg_of(const struct lang_type *t, const void *v)
{
	u64 count = rd64(v, 0), total = rd64(v, 1);

	if (!count)
		return 0;
	if (t->is_signed)
		return (u64)((s64)total / (s64)count);
	return total / count;
}

/* A map's value (or print()'s), print()'s div applied where bpftrace does. */
static void put_value(struct lang_output *o, struct outbuf *ob, const struct lang_type *t, const void *v, u64 div,
		      int indent)
{
	switch (t->kind) {
	case LT_INT:
		put_int(ob, div_val(rd64(v, 0), div, t->is_signed), t->is_signed);
		break;
	case LT_COUNT:
		put_int(ob, div_val(rd64(v, 0), div, false), false);
		break;
	case LT_SUM:
	case LT_MIN:
	case LT_MAX:
		put_int(ob, div_val(rd64(v, 0), div, t->is_signed), t->is_signed);
		break;
	case LT_AVG:
		put_int(ob, div_val(avg_of(t, v), div, t->is_signed), t->is_signed);
		break;
	case LT_STATS:
		/* print()'s top and div do not apply to stats (bpftrace warns) */
		outbuf_puts(ob, "count ");
		put_int(ob, rd64(v, 0), t->is_signed);
		outbuf_puts(ob, ", average ");
		put_int(ob, avg_of(t, v), t->is_signed);
		outbuf_puts(ob, ", total ");
		put_int(ob, rd64(v, 1), t->is_signed);
		break;
	case LT_HIST:
		put_hist(ob, v, div);
		break;
	case LT_LHIST:
		put_lhist(ob, t, v);
		break;
	default:
		put_scalar(o, ob, t, v, indent);
		break;
	}
}

void lang_output_value(struct lang_output *o, struct outbuf *ob, const struct lang_type *t, const void *v,
		       int indent)
{
	put_value(o, ob, t, v, 1, indent);
}

/* ---- maps --------------------------------------------------------------------------------- */

struct entry {
	const void *key;
	const void *val;
	size_t koff, klen;      /* the printed key ("[k1, k2]") in o->keys */
	u64 sortv;
};

struct sort_ctx {
	const struct lang_output *o;
	const struct lang_map *m;
	bool by_value;
	bool is_signed;
};

static bool has_mergeable_keys(const struct lang_map *m)
{
	for (int i = 0; i < m->nkeys; i++) {
		enum lang_type_kind k = m->keys[i].kind;

		if (is_stack(k) || k == LT_KSYM || k == LT_USYM)
			return true;
	}
	return false;
}

static bool uses_user_addresses(const struct lang_map *m)
{
	if (m->value.kind == LT_USTACK || m->value.kind == LT_USYM)
		return true;
	for (int i = 0; i < m->nkeys; i++)
		if (m->keys[i].kind == LT_USTACK || m->keys[i].kind == LT_USYM)
			return true;
	return false;
}

static int cmp_text(const struct lang_output *o, const struct entry *a, const struct entry *b)
{
	int c = memcmp(o->keys.buf + a->koff, o->keys.buf + b->koff, MIN(a->klen, b->klen));

	if (c)
		return c;
	return a->klen < b->klen ? -1 : a->klen > b->klen;
}

/* Integers by value, strings bytewise, key by key; then the printed key. */
static int cmp_keys(const struct sort_ctx *c, const struct entry *a, const struct entry *b)
{
	const struct lang_map *m = c->m;

	for (int i = 0; i < m->nkeys; i++) {
		const struct lang_type *t = &m->keys[i];
		const u8 *ka = (const u8 *)a->key + m->key_off[i], *kb = (const u8 *)b->key + m->key_off[i];

		if (t->kind == LT_INT) {
			u64 x = rd64(ka, 0), y = rd64(kb, 0);

			if (x != y)
				return less_than(x, y, t->is_signed) ? -1 : 1;
		} else if (t->kind == LT_STR) {
			int r = strncmp((const char *)ka, (const char *)kb, t->size);

			if (r)
				return r;
		}
	}
	return cmp_text(c->o, a, b);
}

static int cmp_entries(const void *pa, const void *pb, void *arg)
{
	const struct sort_ctx *c = arg;
	const struct entry *a = pa, *b = pb;

	if (c->by_value && a->sortv != b->sortv)
		return less_than(a->sortv, b->sortv, c->is_signed) ? -1 : 1;
	return cmp_keys(c, a, b);
}

static int cmp_by_text(const void *pa, const void *pb, void *arg)
{
	return cmp_text(arg, pa, pb);
}

/* What entries are sorted by (bpftrace's print_map): the value for
 * numbers, the total count for histograms, the average for avg/stats;
 * other values are sorted by key. */
static bool sort_value(const struct lang_map *m, const void *v, u64 *out, bool *is_signed)
{
	const struct lang_type *t = &m->value;

	*is_signed = t->is_signed;
	switch (t->kind) {
	case LT_COUNT:
		*is_signed = false;
		*out = rd64(v, 0);
		return true;
	case LT_INT:
	case LT_SUM:
	case LT_MIN:
	case LT_MAX:
		*out = rd64(v, 0);
		return true;
	case LT_AVG:
	case LT_STATS:
		*out = avg_of(t, v);
		return true;
	case LT_HIST:
	case LT_LHIST:
		*is_signed = false;
		*out = 0;
		for (u32 i = 0; i < value_words(m); i++)
			*out += rd64(v, i);
		return true;
	default:
		return false;
	}
}

static void format_key(struct lang_output *o, const struct lang_map *m, struct entry *e)
{
	bool json = o->format == LANG_OUT_JSON;

	/* text: "[k1, k2]"; json: "k1,k2" (quoted when printed) */
	e->koff = o->keys.len;
	if (m->nkeys) {
		if (!json)
			outbuf_putc(&o->keys, '[');
		for (int i = 0; i < m->nkeys; i++) {
			if (i)
				outbuf_puts(&o->keys, json ? "," : ", ");
			put_scalar(o, &o->keys, &m->keys[i], (const u8 *)e->key + m->key_off[i], 4);
		}
		if (!json)
			outbuf_putc(&o->keys, ']');
	}
	e->klen = o->keys.len - e->koff;
}

/* Entries whose keys print the same become one, values combined: a stack
 * cut to kstack(N)'s N frames, or two addresses of one function, are one
 * key to the reader (bpftrace gets this for stacks from one stack map per
 * N). merged has room for n values. Returns the new count. */
static size_t merge_same_keys(struct lang_output *o, const struct lang_map *m, struct entry *ents, size_t n,
			      u8 *merged)
{
	size_t out = 0, vs = m->value_size;

	qsort_r(ents, n, sizeof(*ents), cmp_by_text, o);
	for (size_t i = 0; i < n;) {
		size_t j = i + 1;

		while (j < n && !cmp_text(o, &ents[i], &ents[j]))
			j++;
		ents[out] = ents[i];
		if (j - i > 1) {
			u8 *dst = merged + out * vs;

			memcpy(dst, ents[i].val, vs);
			for (size_t k = i + 1; k < j; k++)
				combine(&m->value, value_words(m), dst, ents[k].val);
			ents[out].val = dst;
		}
		out++;
		i = j;
	}
	return out;
}

/* ---- -f json ------------------------------------------------------------------------ */

/* One hist/lhist bucket: {"min": lo, "max": hi, "count": c}; an open end
 * has no bound (the negative or below-min bucket no "min", lhist's top
 * one no "max"), as bpftrace writes them. */
static void json_bucket(struct outbuf *ob, bool has_min, s64 lo, bool has_max, s64 hi, u64 count, bool first)
{
	outbuf_puts(ob, first ? "{" : ", {");
	if (has_min)
		outbuf_printf(ob, "\"min\": %lld, ", (long long)lo);
	if (has_max)
		outbuf_printf(ob, "\"max\": %lld, ", (long long)hi);
	outbuf_printf(ob, "\"count\": %llu}", (unsigned long long)count);
}

static void json_hist(struct outbuf *ob, const struct lang_type *t, const void *v, u64 div)
{
	bool lin = t->kind == LT_LHIST;
	u32 n = lin ? lang_lhist_buckets(t) : 0, nb = lin ? n + 2 : LANG_HIST_BUCKETS, first, last;
	u64 maxv;

	outbuf_putc(ob, '[');
	if (bucket_range(v, nb, &first, &last, &maxv)) {
		for (u32 i = first; i <= last; i++) {
			u64 c = rd64(v, i);

			if (!lin) {
				c /= div ? div : 1;
				if (i == 0)
					json_bucket(ob, false, 0, true, -1, c, i == first);
				else if (i <= 2)
					json_bucket(ob, true, i - 1, true, i - 1, c, i == first);
				else    /* [2^(i-2), 2^(i-1)) */
					json_bucket(ob, true, (s64)(1ULL << (i - 2)), true,
						    (s64)((1ULL << (i - 1)) - 1), c, i == first);
			} else if (i == 0) {
				json_bucket(ob, false, 0, true, t->lhist_min - 1, c, i == first);
			} else if (i == n + 1) {
				json_bucket(ob, true, t->lhist_max, false, 0, c, i == first);
			} else {
				s64 lo = t->lhist_min + (s64)(i - 1) * t->lhist_step;

				json_bucket(ob, true, lo, true, lo + t->lhist_step - 1, c, i == first);
			}
		}
	}
	outbuf_putc(ob, ']');
}

/* A value as JSON: numbers as numbers, stats as an object, hist/lhist as
 * buckets, everything else as the string of its text. */
static void json_value(struct lang_output *o, struct outbuf *ob, const struct lang_type *t, const void *v, u64 div)
{
	switch (t->kind) {
	case LT_INT:
	case LT_COUNT:
	case LT_SUM:
	case LT_MIN:
	case LT_MAX:
	case LT_AVG:
		put_value(o, ob, t, v, div, 0);
		break;
	case LT_STATS:
		outbuf_puts(ob, "{\"count\": ");
		put_int(ob, rd64(v, 0), t->is_signed);
		outbuf_puts(ob, ", \"average\": ");
		put_int(ob, avg_of(t, v), t->is_signed);
		outbuf_puts(ob, ", \"total\": ");
		put_int(ob, rd64(v, 1), t->is_signed);
		outbuf_putc(ob, '}');
		break;
	case LT_HIST:
	case LT_LHIST:
		json_hist(ob, t, v, div);
		break;
	case LT_STR:
		/* a string inside a tuple: its own JSON string */
		put_json_string(ob, v, strnlen(v, t->size));
		break;
	case LT_TUPLE:
		/* an array of its elements: [1,2,"string",[4,5]] */
		outbuf_putc(ob, '[');
		for (int i = 0; i < t->tuple->n; i++) {
			if (i)
				outbuf_putc(ob, ',');
			json_value(o, ob, &t->tuple->elems[i], (const u8 *)v + t->tuple->off[i], 1);
		}
		outbuf_putc(ob, ']');
		break;
	default:
		outbuf_reset(&o->tmp);
		put_value(o, &o->tmp, t, v, div, 8);    /* stacks as values: 8 spaces, as in text */
		put_json_string(ob, o->tmp.buf, o->tmp.len);
		break;
	}
}

static const char *json_map_type(enum lang_type_kind k)
{
	switch (k) {
	case LT_HIST:
	case LT_LHIST:
		return "hist";
	case LT_AVG:
	case LT_STATS:
		return "stats";
	default:
		return "map";
	}
}

/* A map as one line: {"@m": v} without keys, {"@m": {"k": v, ...}} with
 * them, in the text layout's order; nothing for an empty map. */
static void json_map(struct lang_output *o, const struct lang_map *m, const struct entry *ents, size_t start,
		     size_t cnt, u64 div)
{
	struct outbuf *ob = o->ob;

	if (cnt == start)
		return;
	json_open(ob, json_map_type(m->value.kind));
	outbuf_putc(ob, '{');
	put_json_string(ob, m->name, strlen(m->name));
	outbuf_puts(ob, ": ");
	if (m->nkeys)
		outbuf_putc(ob, '{');
	for (size_t i = start; i < cnt; i++) {
		if (m->nkeys) {
			if (i > start)
				outbuf_puts(ob, ", ");
			put_json_string(ob, o->keys.buf + ents[i].koff, ents[i].klen);
			outbuf_puts(ob, ": ");
		}
		json_value(o, ob, &m->value, ents[i].val, div);
		if (!m->nkeys)
			break;
	}
	if (m->nkeys)
		outbuf_putc(ob, '}');
	outbuf_putc(ob, '}');
	json_close(ob);
}

int lang_output_map(struct lang_output *o, const struct lang_map *m, const struct lang_kv *entries, size_t n,
		    u64 top, u64 div)
{
	struct outbuf *ob = o->ob;
	struct entry *ents = n ? calloc(n, sizeof(*ents)) : NULL;
	u8 *merged = NULL;
	struct sort_ctx sc = { o, m, false, false };
	bool keyless_array = !m->nkeys && m->is_aggregation;
	enum lang_type_kind vk = m->value.kind;
	size_t cnt = 0, start = 0;

	if (o->bcc) {
		free(ents);
		return lang_bcc_map(o, o->bcc, m, entries, n, top);
	}
	if (n && !ents)
		return -ENOMEM;
	if (uses_user_addresses(m))
		lang_syms_sync(o->syms);        /* mappings of processes that started since */
	outbuf_reset(&o->keys);
	for (size_t i = 0; i < n; i++) {
		if (keyless_array && !keyless_is_set(m, entries[i].value))
			continue;
		ents[cnt].key = entries[i].key;
		ents[cnt].val = entries[i].value;
		format_key(o, m, &ents[cnt]);
		cnt++;
	}
	if (cnt > 1 && has_mergeable_keys(m)) {
		merged = malloc(cnt * m->value_size + 1);
		if (!merged) {
			free(ents);
			return -ENOMEM;
		}
		cnt = merge_same_keys(o, m, ents, cnt, merged);
	}
	for (size_t i = 0; i < cnt; i++)
		sc.by_value = sort_value(m, ents[i].val, &ents[i].sortv, &sc.is_signed);
	if (cnt > 1)
		qsort_r(ents, cnt, sizeof(*ents), cmp_entries, &sc);
	if (top && cnt > top && vk != LT_STATS)
		start = cnt - top;
	if (!div)
		div = 1;
	if (o->format == LANG_OUT_JSON) {
		json_map(o, m, ents, start, cnt, div);
		goto done;
	}

	/* Each entry ends with a newline (a stack value's text already
	 * does); bpftrace joins entries with "\n" and ends the map with one
	 * more, so an empty map is one blank line and stack-valued maps end
	 * with a blank line. avg and stats maps end with another. */
	for (size_t i = start; i < cnt; i++) {
		outbuf_puts(ob, m->name);
		outbuf_putn(ob, o->keys.buf + ents[i].koff, ents[i].klen);
		outbuf_puts(ob, ": ");
		if (vk == LT_HIST || vk == LT_LHIST)
			outbuf_putc(ob, '\n');
		if (!is_stack(vk)) {
			put_value(o, ob, &m->value, ents[i].val, div, 8);
			outbuf_putc(ob, '\n');
			continue;
		}
		/* A stack's text ends with its last frame's newline; one the
		 * kernel could not take is empty and still ends the line
		 * (bpftrace would run the next entry on). */
		outbuf_reset(&o->tmp);
		put_value(o, &o->tmp, &m->value, ents[i].val, div, 8);
		outbuf_putn(ob, o->tmp.buf, o->tmp.len);
		if (!o->tmp.len || o->tmp.buf[o->tmp.len - 1] != '\n')
			outbuf_putc(ob, '\n');
	}
	if (cnt == start || is_stack(vk))
		outbuf_putc(ob, '\n');
	if (vk == LT_AVG || vk == LT_STATS)
		outbuf_putc(ob, '\n');
done:
	free(merged);
	free(ents);
	return ob->error ? -ob->error : 0;
}

/* ---- stacks as flame graphs ------------------------------------------------------------- */

static bool is_count_kind(enum lang_type_kind k)
{
	return k == LT_COUNT || k == LT_SUM || k == LT_INT;
}

bool lang_map_foldable(const struct lang_map *m)
{
	bool stack = false;

	if (m->hidden)
		return false;
	for (int i = 0; i < m->nkeys; i++)
		stack |= is_stack(m->keys[i].kind);
	return stack && is_count_kind(m->value.kind);
}

/* One stack of a key, root first, each frame a NUL-terminated name in
 * names (offsets in off[]). */
static void fold_stack(struct lang_output *o, const struct lang_type *t, const void *slot, struct outbuf *names,
		       size_t *off, size_t *nf, size_t max)
{
	bool user = t->kind == LT_USTACK;
	pid_t pid = user ? (pid_t)rd64(slot, 1) : 0;
	u64 frames[LANG_STACK_FRAMES + 1];
	int n = stack_frames(o, t, slot, frames);

	for (int i = n - 1; i >= 0 && *nf < max; i--) {
		off[(*nf)++] = names->len;
		if (user) {
			lang_syms_user(o->syms, pid, frames[i], names, false);
		} else {
			lang_syms_kernel(o->syms, frames[i], names, false);
			outbuf_puts(names, "_[k]");
		}
		outbuf_putc(names, '\0');
	}
}

int lang_output_fold(struct lang_output *o, const struct lang_map *m, const struct lang_kv *entries, size_t n,
		     struct flame *f, bool prefix)
{
	enum { MAXF = 4 * LANG_STACK_FRAMES + LANG_MAX_KEYS + 1 };
	size_t off[MAXF];
	const char *frames[MAXF];
	struct outbuf names;
	int rc = 0;

	if (!lang_map_foldable(m))
		return 1;
	if (uses_user_addresses(m))
		lang_syms_sync(o->syms);
	outbuf_init_mem(&names);
	for (size_t e = 0; e < n && !rc; e++) {
		const u8 *key = entries[e].key;
		u64 v = rd64(entries[e].value, 0);
		size_t nf = 0;

		if (!v || (m->value.is_signed && (s64)v < 0))
			continue;
		outbuf_reset(&names);
		if (prefix) {
			off[nf++] = 0;
			outbuf_puts(&names, m->name);
			outbuf_putc(&names, '\0');
		}
		for (int i = 0; i < m->nkeys; i++) {
			if (is_stack(m->keys[i].kind))
				continue;
			off[nf++] = names.len;
			put_scalar(o, &names, &m->keys[i], key + m->key_off[i], 0);
			outbuf_putc(&names, '\0');
		}
		/* user frames below the kernel's: the kernel runs on top of them */
		for (int pass = 0; pass < 2; pass++)
			for (int i = 0; i < m->nkeys; i++)
				if (m->keys[i].kind == (pass ? LT_KSTACK : LT_USTACK))
					fold_stack(o, &m->keys[i], key + m->key_off[i], &names, off, &nf, MAXF);
		if (names.error) {
			rc = -ENOMEM;
			break;
		}
		for (size_t i = 0; i < nf; i++)
			frames[i] = names.buf + off[i];
		if (flame_add(f, frames, nf, v))
			rc = -ENOMEM;
	}
	outbuf_release(&names);
	return rc;
}

void lang_output_set_format(struct lang_output *o, enum lang_output_format f)
{
	o->format = f;
}

void lang_output_set_quiet(struct lang_output *o, bool quiet)
{
	o->quiet = quiet;
}

void lang_output_attached(struct lang_output *o, int nprobes)
{
	if (o->quiet)
		return;
	if (o->bcc)
		lang_bcc_attached(o, o->bcc, nprobes);
	else if (o->format == LANG_OUT_JSON) {
		json_open(o->ob, "attached_probes");
		outbuf_printf(o->ob, "{\"probes\": %d}", nprobes);
		json_close(o->ob);
	} else {
		outbuf_printf(o->ob, "Attaching %d probe%s...\n", nprobes, nprobes == 1 ? "" : "s");
	}
}

void lang_output_interval_stamp(struct lang_output *o, const char *stamp)
{
	if (o->bcc) {
		lang_bcc_stamp(o, o->bcc, stamp);
		return;
	}
	if (o->format == LANG_OUT_JSON) {
		json_open(o->ob, "time");
		outbuf_reset(&o->line);
		outbuf_printf(&o->line, "%s\n", stamp);
		put_json_string(o->ob, o->line.buf, o->line.len);
		json_close(o->ob);
	} else {
		outbuf_printf(o->ob, "[%s]\n", stamp);
	}
}

void lang_output_exit_preamble(struct lang_output *o)
{
	if (o->bcc)
		lang_bcc_stamp(o, o->bcc, NULL);
	else
		outbuf_puts(o->ob, "\n\n");
}

void lang_output_set_bcc(struct lang_output *o, const struct lang_bcc_layout *l)
{
	o->bcc = l;
}

void lang_output_end(struct lang_output *o)
{
	if (o->bcc)
		lang_bcc_end(o, o->bcc);
}

struct outbuf *lang_output_outbuf(struct lang_output *o)
{
	return o->ob;
}

struct lang_syms *lang_output_syms(struct lang_output *o)
{
	return o->syms;
}

int lang_output_stack(struct lang_output *o, const struct lang_type *t, const void *slot, u64 *out)
{
	return stack_frames(o, t, slot, out);
}

/* ---- printf ------------------------------------------------------------------------------- */

static int add_piece(struct compiled_fmt *cf, int *cap, const struct piece *pc)
{
	if (cf->npieces == *cap) {
		int ncap = *cap ? *cap * 2 : 8;
		struct piece *np = realloc(cf->pieces, (size_t)ncap * sizeof(*np));

		if (!np)
			return -1;
		cf->pieces = np;
		*cap = ncap;
	}
	cf->pieces[cf->npieces++] = *pc;
	return 0;
}

/* Parse "%[flags][width][.prec][length]conv" at s (s[0] == '%'); the
 * number of bytes taken, 0 when it is not a conversion scry knows (the
 * checker refuses those; here they stay text). */
static size_t parse_conv(const char *s, struct piece *pc)
{
	static const char flags[] = "-+ #0";
	static const char convs[] = "diuoxXcpsr";
	size_t i = 1, n = 1;
	int digits;

	pc->spec[0] = '%';
	while (s[i] && strchr(flags, s[i]) && n < 8)
		pc->spec[n++] = s[i++];
	for (digits = 0; s[i] >= '0' && s[i] <= '9'; digits++)
		pc->spec[n++] = s[i++];
	if (digits > 6)
		return 0;
	if (s[i] == '.') {
		pc->spec[n++] = s[i++];
		for (digits = 0; s[i] >= '0' && s[i] <= '9'; digits++)
			pc->spec[n++] = s[i++];
		if (digits > 6)
			return 0;
	}
	pc->spec_len = (u32)n;
	pc->length = 0;
	if (s[i] == 'h' && s[i + 1] == 'h') {
		pc->length = 1;
		i += 2;
	} else if (s[i] == 'h') {
		pc->length = 2;
		i++;
	} else if (s[i] == 'l' && s[i + 1] == 'l') {
		pc->length = 3;
		i += 2;
	} else if (s[i] == 'l' || s[i] == 'j' || s[i] == 'z' || s[i] == 't') {
		pc->length = 3;
		i++;
	}
	if (!s[i] || !strchr(convs, s[i]))
		return 0;
	pc->conv = s[i];
	pc->rmode = 0;
	if (pc->conv == 'r') {
		/* buf(): %r, %rx (every byte escaped), %rh (hex, spaced) */
		if (s[i + 1] == 'x' || s[i + 1] == 'h')
			pc->rmode = s[++i];
		pc->spec[n] = '\0';
		return i + 1;
	}
	/* The spec libc gets: ints as int/short/char/long long, the rest
	 * without a length. */
	if (pc->conv != 'c' && pc->conv != 'p' && pc->conv != 's') {
		static const char *const lens[] = { "", "hh", "h", "ll" };

		memcpy(pc->spec + n, lens[pc->length], strlen(lens[pc->length]));
		n += strlen(lens[pc->length]);
	}
	pc->spec[n++] = pc->conv;
	pc->spec[n] = '\0';
	return i + 1;
}

char lang_printf_conv(const char *fmt, size_t *pos)
{
	struct piece pc;
	size_t took;

	if (fmt[*pos + 1] == '%') {
		*pos += 2;
		return '%';
	}
	took = parse_conv(fmt + *pos, &pc);
	if (!took)
		return 0;
	*pos += took;
	switch (pc.conv) {
	case 'd': case 'i': return 'd';
	case 'u': case 'x': case 'X': case 'o': return 'u';
	default: return pc.conv;
	}
}

static int compile_fmt(struct compiled_fmt *cf, const char *fmt)
{
	size_t len = strlen(fmt), tlen = 0;
	int cap = 0, arg = 0;
	struct piece text = { .kind = PIECE_TEXT };

	cf->text = malloc(len + 1);
	if (!cf->text)
		return -1;
	text.off = 0;
	for (size_t i = 0; i < len;) {
		struct piece pc = { .kind = PIECE_CONV };
		size_t took;

		if (fmt[i] != '%') {
			cf->text[tlen++] = fmt[i++];
			continue;
		}
		/* "%%" is a '%' wherever it is (bpftrace prints "%%" after
		 * the last conversion: its tail skips snprintf). */
		if (fmt[i + 1] == '%') {
			cf->text[tlen++] = '%';
			i += 2;
			continue;
		}
		took = parse_conv(fmt + i, &pc);
		if (!took) {
			cf->text[tlen++] = fmt[i++];
			continue;
		}
		text.len = (u32)tlen - text.off;
		if (text.len && add_piece(cf, &cap, &text))
			return -1;
		pc.arg = arg++;
		if (add_piece(cf, &cap, &pc))
			return -1;
		text.off = (u32)tlen;
		i += took;
	}
	text.len = (u32)tlen - text.off;
	if (text.len && add_piece(cf, &cap, &text))
		return -1;
	return 0;
}

static bool is_int_arg(const struct lang_type *t)
{
	return t->kind == LT_INT || t->kind == LT_COUNT;
}

static void put_conv(struct lang_output *o, struct outbuf *ob, const struct piece *pc, const struct lang_type *t,
		     const void *v)
{
	if (pc->conv == 'r' && t->kind == LT_BUF) {
		lang_func_put_buf(ob, (const u8 *)v + 8, MIN(rd64(v, 0), (u64)t->size - 8), pc->rmode);
		return;
	}

	if (is_int_arg(t) && pc->conv != 's') {
		u64 x = rd64(v, 0);

		if (pc->conv == 'p')
			outbuf_printf(ob, pc->spec, (void *)(uintptr_t)x);
		else if (pc->conv == 'c')
			outbuf_printf(ob, pc->spec, (int)(u32)x);
		else if (pc->length == 3)
			outbuf_printf(ob, pc->spec, (long long)x);
		else
			/* as C's varargs do with a 64-bit value and "%d":
			 * the low 32 bits (bpftrace passes it that way) */
			outbuf_printf(ob, pc->spec, (int)(u32)x);
		return;
	}
	/* Strings, stacks, symbols, probe names: their text through "%s"
	 * with the flags, width and precision given. */
	outbuf_reset(&o->tmp);
	if (is_int_arg(t))
		put_int(&o->tmp, rd64(v, 0), t->is_signed);
	else
		put_value(o, &o->tmp, t, v, 1, 8);
	outbuf_putc(&o->tmp, '\0');
	if (o->tmp.error)
		return;
	{
		char spec[sizeof(pc->spec)];

		memcpy(spec, pc->spec, pc->spec_len);
		spec[pc->spec_len] = 's';
		spec[pc->spec_len + 1] = '\0';
		outbuf_printf(ob, spec, o->tmp.buf);
	}
}

static bool fmt_uses_user_addresses(const struct lang_fmt *f)
{
	for (int i = 0; i < f->nargs; i++)
		if (f->args[i].kind == LT_USTACK || f->args[i].kind == LT_USYM)
			return true;
	return false;
}

static void do_printf(struct lang_output *o, struct outbuf *ob, const struct lang_fmt *f,
		      const struct compiled_fmt *cf, const u8 *payload)
{
	if (fmt_uses_user_addresses(f))
		lang_syms_sync(o->syms);
	for (int i = 0; i < cf->npieces; i++) {
		const struct piece *pc = &cf->pieces[i];

		if (pc->kind == PIECE_TEXT)
			outbuf_putn(ob, cf->text + pc->off, pc->len);
		else if (pc->arg < f->nargs)
			put_conv(o, ob, pc, &f->args[pc->arg], payload + f->arg_off[pc->arg]);
	}
}

/* time(): the wall clock when the record is printed, local time, as
 * bpftrace (which also takes it in user space). */
static void do_time(struct outbuf *ob, const struct lang_fmt *f)
{
	const char *fmt = f->fmt ? f->fmt : "%H:%M:%S\n";
	time_t now = time(NULL);
	struct tm tm;
	char buf[512];
	size_t n;

	if (!localtime_r(&now, &tm))
		return;
	n = strftime(buf, sizeof(buf), fmt, &tm);
	outbuf_putn(ob, buf, n);
}

/* cat(), system(), join(): their text, or for cat and system the text of
 * their format naming a file to print or a command to run. */

/* -f json: a line of text (o->line) as one object of this type. */
static void json_text_line(struct lang_output *o, const char *type)
{
	json_open(o->ob, type);
	put_json_string(o->ob, o->line.buf, o->line.len);
	json_close(o->ob);
}
static int func_event(struct lang_output *o, const struct lang_event *ev, const void *payload, size_t len)
{
	static const enum lang_fmt_kind want[] = { [LEV_CAT] = FMT_CAT, [LEV_SYSTEM] = FMT_SYSTEM,
						   [LEV_JOIN] = FMT_JOIN };
	bool json = o->format == LANG_OUT_JSON;
	struct outbuf *ob = json ? &o->line : o->ob;
	const struct lang_fmt *f;

	if (ev->id >= (u32)o->p->nfmts)
		goto bad;
	f = &o->p->fmts[ev->id];
	if (f->kind != want[ev->kind] || len < f->size || (payload == NULL && f->size))
		goto bad;
	outbuf_reset(&o->line);
	if (ev->kind == LEV_JOIN) {
		const char *args = payload;

		for (int i = 0; i < LANG_JOIN_ARGS && args[i * LANG_JOIN_ARGLEN]; i++) {
			if (i)
				outbuf_puts(ob, f->fmt ? f->fmt : " ");
			outbuf_putn(ob, args + i * LANG_JOIN_ARGLEN, strnlen(args + i * LANG_JOIN_ARGLEN,
									    LANG_JOIN_ARGLEN));
		}
		outbuf_putc(ob, '\n');
	} else {
		struct outbuf text;

		if (!o->fmts[ev->id].ok)
			goto bad;
		outbuf_init_mem(&text);
		do_printf(o, &text, f, &o->fmts[ev->id], payload);
		outbuf_putc(&text, '\0');
		if (!text.error) {
			if (ev->kind == LEV_CAT) {
				lang_func_cat(ob, text.buf, LANG_CAT_MAX);
			} else {
				if (!json)
					outbuf_flush(o->ob);
				lang_func_system(ob, text.buf);
			}
		}
		outbuf_release(&text);
	}
	if (json) {
		json_text_line(o, ev->kind == LEV_JOIN ? "join" : ev->kind == LEV_CAT ? "cat" : "syscall");
	}
	return 0;
bad:
	o->bad_events++;
	return -EINVAL;
}

int lang_output_event(struct lang_output *o, const struct lang_event *ev, const void *payload, size_t len)
{
	const struct lang_fmt *f;
	bool json = o->format == LANG_OUT_JSON;
	struct outbuf *ob = json ? &o->line : o->ob;

	switch (ev->kind) {
	case LEV_PRINTF:
	case LEV_TIME:
	case LEV_PRINT_VALUE:
		break;
	case LEV_CAT:
	case LEV_SYSTEM:
	case LEV_JOIN:
		return func_event(o, ev, payload, len);
	default:
		return 1;
	}
	if (ev->id >= (u32)o->p->nfmts)
		goto bad;
	f = &o->p->fmts[ev->id];
	if (len < f->size || (payload == NULL && f->size))
		goto bad;
	switch (ev->kind) {
	case LEV_PRINTF:
		if (f->kind != FMT_PRINTF || !o->fmts[ev->id].ok)
			goto bad;
		outbuf_reset(&o->line);
		do_printf(o, ob, f, &o->fmts[ev->id], payload);
		break;
	case LEV_TIME:
		if (f->kind != FMT_TIME)
			goto bad;
		outbuf_reset(&o->line);
		do_time(ob, f);
		break;
	default:
		if (f->kind != FMT_PRINT_VALUE || f->nargs < 1)
			goto bad;
		if (f->args[0].kind == LT_USTACK || f->args[0].kind == LT_USYM)
			lang_syms_sync(o->syms);
		if (json) {
			json_open(o->ob, "value");
			json_value(o, o->ob, &f->args[0], (const u8 *)payload + f->arg_off[0], 1);
			json_close(o->ob);
			return 0;
		}
		put_value(o, o->ob, &f->args[0], (const u8 *)payload + f->arg_off[0], 1, 8);
		outbuf_putc(o->ob, '\n');
		return 0;
	}
	if (json) {
		/* printf and time: their text, quoted, one object a call */
		json_text_line(o, ev->kind == LEV_TIME ? "time" : "printf");
	}
	return 0;
bad:
	o->bad_events++;
	return -EINVAL;
}

u64 lang_output_bad_events(const struct lang_output *o)
{
	return o->bad_events;
}

/* ---- life cycle --------------------------------------------------------------------------- */

struct lang_output *lang_output_new(struct outbuf *ob, const struct lang_program *p, struct lang_syms *syms,
				   lang_stack_ips_fn stack_ips, void *stack_ctx)
{
	struct lang_output *o = calloc(1, sizeof(*o));

	if (!o)
		return NULL;
	o->ob = ob;
	o->p = p;
	o->syms = syms;
	o->stack_ips = stack_ips;
	o->stack_ctx = stack_ctx;
	outbuf_init_mem(&o->tmp);
	outbuf_init_mem(&o->keys);
	outbuf_init_mem(&o->line);
	o->wall_offset_ns = lang_func_monotonic_offset();
	if (p->nfmts) {
		o->fmts = calloc((size_t)p->nfmts, sizeof(*o->fmts));
		if (!o->fmts)
			goto fail;
	}
	for (int i = 0; i < p->nfmts; i++) {
		if (p->fmts[i].kind != FMT_PRINTF && p->fmts[i].kind != FMT_CAT && p->fmts[i].kind != FMT_SYSTEM)
			continue;
		if (compile_fmt(&o->fmts[i], p->fmts[i].fmt ? p->fmts[i].fmt : ""))
			goto fail;
		o->fmts[i].ok = true;
	}
	return o;
fail:
	lang_output_free(o);
	return NULL;
}

void lang_output_free(struct lang_output *o)
{
	if (!o)
		return;
	for (int i = 0; o->fmts && i < o->p->nfmts; i++) {
		free(o->fmts[i].pieces);
		free(o->fmts[i].text);
	}
	free(o->fmts);
	outbuf_release(&o->tmp);
	outbuf_release(&o->keys);
	outbuf_release(&o->line);
	free(o);
}
