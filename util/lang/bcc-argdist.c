/* argdist's specifiers into the language (bcc-argdist.h). The rules are
 * bcc's tools/argdist.py Probe: parts split at ':', the label after '#',
 * the default expressions, the display of $entry(p) as p. */
#include "util/lang/bcc-argdist.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_PARTS 6
#define MAX_PARAMS 16

struct span {
	const char *s;
	size_t n;
};

struct spec {
	const char *raw;
	char kind;                      /* 'p', 'r', 't' */
	struct span lib, func, sig, filter, label;
	struct span params[MAX_PARAMS];
	int nparams;
	struct span types[ARGDIST_MAX_EXPRS], exprs[ARGDIST_MAX_EXPRS];
	int nexprs;
	bool default_expr;
	bool hist;
};

static int bad(char *err, size_t errlen, const char *spec, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int bad(char *err, size_t errlen, const char *spec, const char *fmt, ...)
{
	va_list ap;
	int n = snprintf(err, errlen, "probe '%s': ", spec);

	va_start(ap, fmt);
	if (n >= 0 && (size_t)n < errlen)
		vsnprintf(err + n, errlen - (size_t)n, fmt, ap);
	va_end(ap);
	return -1;
}

static struct span trim(struct span x)
{
	while (x.n && isspace((unsigned char)x.s[0])) {
		x.s++;
		x.n--;
	}
	while (x.n && isspace((unsigned char)x.s[x.n - 1]))
		x.n--;
	return x;
}

static bool span_is(struct span x, const char *w)
{
	return x.n == strlen(w) && !memcmp(x.s, w, x.n);
}

/* Split s at sep where no bracket or quote is open. Returns the number
 * of parts, or -1 when there are more than max. */
static int split_top(struct span s, char sep, struct span *out, int max)
{
	int depth = 0, n = 0;
	char quote = 0;
	size_t start = 0;

	for (size_t i = 0; i <= s.n; i++) {
		char c = i < s.n ? s.s[i] : sep;

		if (quote) {
			if (c == '\\' && i + 1 < s.n)
				i++;
			else if (c == quote)
				quote = 0;
			if (i < s.n)
				continue;
		}
		if (c == '"' || c == '\'') {
			quote = c;
		} else if (c == '(' || c == '[') {
			depth++;
		} else if ((c == ')' || c == ']') && depth > 0) {
			depth--;
		} else if (c == sep && (depth == 0 || i == s.n)) {
			if (n == max)
				return -1;
			out[n++] = (struct span){ s.s + start, i - start };
			start = i + 1;
		}
	}
	return n;
}

/* "size_t size", "const char *buf", "char* s": the name after the last
 * '*' or space. */
static int parse_signature(struct spec *sp, char *err, size_t errlen)
{
	struct span ps[MAX_PARAMS];
	struct span sig = trim(sp->sig);
	int n;

	sp->nparams = 0;
	if (!sig.n || span_is(sig, "void"))
		return 0;
	n = split_top(sig, ',', ps, MAX_PARAMS);
	if (n < 0)
		return bad(err, errlen, sp->raw, "more than %d parameters in the signature", MAX_PARAMS);
	for (int i = 0; i < n; i++) {
		struct span p = trim(ps[i]);
		size_t k = p.n;

		while (k && (isalnum((unsigned char)p.s[k - 1]) || p.s[k - 1] == '_'))
			k--;
		if (k == p.n || k == 0 || !(p.s[k - 1] == ' ' || p.s[k - 1] == '*' || p.s[k - 1] == '\t'))
			return bad(err, errlen, sp->raw, "parameter '%.*s' of the signature needs a type and a name",
				   (int)p.n, p.s);
		sp->params[sp->nparams++] = (struct span){ p.s + k, p.n - k };
	}
	return 0;
}

static int param_index(const struct spec *sp, const char *s, size_t n)
{
	for (int i = 0; i < sp->nparams; i++)
		if (sp->params[i].n == n && !memcmp(sp->params[i].s, s, n))
			return i;
	return -1;
}

static void put_param(struct outbuf *ob, const struct spec *sp, int idx)
{
	if (sp->kind == 'r')
		outbuf_printf(ob, "entry(arg%d)", idx);
	else
		outbuf_printf(ob, "arg%d", idx);
}

static bool ident_char(char c)
{
	return isalnum((unsigned char)c) || c == '_';
}

/* One expression (or the filter) of the specifier in the language: the
 * parameters as argN (entry(argN) in return probes), the $ aliases,
 * args->field as args.field; everything else as written. */
static int translate_expr(const struct spec *sp, struct span e, struct outbuf *ob, char *err, size_t errlen)
{
	for (size_t i = 0; i < e.n;) {
		char c = e.s[i];

		if (c == '"' || c == '\'') {
			size_t j = i + 1;

			while (j < e.n && e.s[j] != c)
				j += e.s[j] == '\\' ? 2 : 1;
			j = j < e.n ? j + 1 : e.n;
			outbuf_putn(ob, e.s + i, j - i);
			i = j;
		} else if (c == '$') {
			size_t j = i + 1;

			while (j < e.n && ident_char(e.s[j]))
				j++;
			struct span name = { e.s + i, j - i };

			if (span_is(name, "$retval") || span_is(name, "$latency")) {
				if (sp->kind != 'r')
					return bad(err, errlen, sp->raw, "%.*s is only available in return probes (r:)",
						   (int)name.n, name.s);
				outbuf_puts(ob, name.s[1] == 'r' ? "retval" : "latency");
			} else if (span_is(name, "$PID")) {
				outbuf_puts(ob, "pid");
			} else if (span_is(name, "$COMM")) {
				outbuf_puts(ob, "comm");
			} else if (span_is(name, "$entry")) {
				size_t k = j, a, b;
				int idx;

				while (k < e.n && isspace((unsigned char)e.s[k]))
					k++;
				if (k >= e.n || e.s[k] != '(')
					return bad(err, errlen, sp->raw, "$entry takes a parameter: $entry(name)");
				a = ++k;
				while (k < e.n && e.s[k] != ')')
					k++;
				if (k >= e.n)
					return bad(err, errlen, sp->raw, "$entry( without its ')'");
				b = k;
				struct span pn = trim((struct span){ e.s + a, b - a });

				if (sp->kind != 'r')
					return bad(err, errlen, sp->raw, "$entry(%.*s) is only available in return probes (r:)",
						   (int)pn.n, pn.s);
				idx = param_index(sp, pn.s, pn.n);
				if (idx < 0)
					return bad(err, errlen, sp->raw, "$entry(%.*s): no such parameter in the signature",
						   (int)pn.n, pn.s);
				outbuf_printf(ob, "entry(arg%d)", idx);
				j = k + 1;
			} else {
				return bad(err, errlen, sp->raw,
					   "unknown alias %.*s (argdist's are $retval, $latency, $entry(param), $PID, $COMM)",
					   (int)name.n, name.s);
			}
			i = j;
		} else if (ident_char(c) && !isdigit((unsigned char)c) && (i == 0 || !ident_char(e.s[i - 1]))) {
			size_t j = i;
			int idx;

			while (j < e.n && ident_char(e.s[j]))
				j++;
			idx = param_index(sp, e.s + i, j - i);
			if (idx >= 0 && !(i > 0 && e.s[i - 1] == '.'))
				put_param(ob, sp, idx);
			else
				outbuf_putn(ob, e.s + i, j - i);
			/* bcc's tracepoint fields are args->f; the language's args.f */
			if (j - i == 4 && !memcmp(e.s + i, "args", 4) && j + 1 < e.n && e.s[j] == '-' &&
			    e.s[j + 1] == '>') {
				outbuf_putc(ob, '.');
				j += 2;
			}
			i = j;
		} else {
			outbuf_putc(ob, c);
			i++;
		}
	}
	return 0;
}

/* C's type names as the language's casts; NULL: char* (a string). */
static const struct {
	const char *c;
	const char *lang;
} int_types[] = {
	{ "u8", "uint8" }, { "uint8_t", "uint8" }, { "unsigned char", "uint8" }, { "bool", "uint8" },
	{ "s8", "int8" }, { "int8_t", "int8" }, { "char", "int8" }, { "signed char", "int8" },
	{ "u16", "uint16" }, { "uint16_t", "uint16" }, { "unsigned short", "uint16" },
	{ "s16", "int16" }, { "int16_t", "int16" }, { "short", "int16" },
	{ "u32", "uint32" }, { "uint32_t", "uint32" }, { "unsigned", "uint32" }, { "unsigned int", "uint32" },
	{ "uid_t", "uint32" }, { "gid_t", "uint32" }, { "gfp_t", "uint32" }, { "mode_t", "uint32" },
	{ "s32", "int32" }, { "int32_t", "int32" }, { "int", "int32" }, { "signed int", "int32" },
	{ "pid_t", "int32" },
	{ "u64", "uint64" }, { "uint64_t", "uint64" }, { "unsigned long", "uint64" },
	{ "unsigned long long", "uint64" }, { "size_t", "uint64" }, { "uintptr_t", "uint64" },
	{ "s64", "int64" }, { "int64_t", "int64" }, { "long", "int64" }, { "long long", "int64" },
	{ "ssize_t", "int64" }, { "off_t", "int64" }, { "loff_t", "int64" },
};

static bool is_string_type(struct span t)
{
	char buf[64];
	size_t n = 0;

	/* "char*", "char *", "const char *" */
	for (size_t i = 0; i < t.n && n + 1 < sizeof(buf); i++)
		if (!isspace((unsigned char)t.s[i]))
			buf[n++] = t.s[i];
	buf[n] = 0;
	return !strcmp(buf, "char*") || !strcmp(buf, "constchar*");
}

/* The cast for type t, or NULL for one argdist cannot collect here. */
static const char *cast_for(struct span t)
{
	char buf[64];
	size_t n = 0;
	bool space = false;

	if (t.n && t.s[t.n - 1] == '*')
		return "uint64";        /* a pointer: its address */
	if (t.n > 6 && !memcmp(t.s, "const ", 6)) {
		t.s += 6;
		t.n -= 6;
	}
	for (size_t i = 0; i < t.n && n + 2 < sizeof(buf); i++) {     /* one space between words */
		if (isspace((unsigned char)t.s[i])) {
			space = n > 0;
			continue;
		}
		if (space)
			buf[n++] = ' ';
		space = false;
		buf[n++] = t.s[i];
	}
	buf[n] = 0;
	for (size_t i = 0; i < sizeof(int_types) / sizeof(int_types[0]); i++)
		if (!strcmp(int_types[i].c, buf))
			return int_types[i].lang;
	return NULL;
}

/* The key or hist() argument for expression i: its type applied. */
static int key_expr(const struct spec *sp, int i, unsigned string_size, struct outbuf *ob, char *err,
		    size_t errlen)
{
	struct outbuf e;
	struct span t = trim(sp->types[i]);
	int rc;

	outbuf_init_mem(&e);
	rc = translate_expr(sp, trim(sp->exprs[i]), &e, err, errlen);
	if (!rc && !trim((struct span){ e.buf, e.len }).n)
		rc = bad(err, errlen, sp->raw, "expression %d is empty", i + 1);
	if (rc) {
		outbuf_release(&e);
		return -1;
	}
	if (is_string_type(t)) {
		if (sp->hist)
			rc = bad(err, errlen, sp->raw, "a histogram needs a number, not a string (char*)");
		else if (e.len == 4 && !memcmp(e.buf, "comm", 4))
			outbuf_puts(ob, "comm");
		else
			outbuf_printf(ob, "str(%.*s, %u)", (int)e.len, e.buf, string_size);
	} else {
		const char *cast = cast_for(t);

		if (!cast)
			rc = bad(err, errlen, sp->raw, "type '%.*s': the types are C's integer types, pointers and char*",
				 (int)t.n, t.s);
		else if (sp->hist)
			outbuf_printf(ob, "(uint64)((%s)(%.*s))", cast, (int)e.len, e.buf);
		else
			outbuf_printf(ob, "(%s)(%.*s)", cast, (int)e.len, e.buf);
	}
	outbuf_release(&e);
	return rc;
}

/* What argdist shows for expression i: $entry(p) as p, the rest as written. */
static char *display_expr(struct span e)
{
	struct outbuf ob;
	char *s;

	outbuf_init_mem(&ob);
	for (size_t i = 0; i < e.n;) {
		if (e.n - i > 7 && !memcmp(e.s + i, "$entry(", 7)) {
			size_t k = i + 7;

			while (k < e.n && e.s[k] != ')')
				k++;
			if (k < e.n) {
				outbuf_putn(&ob, e.s + i + 7, k - i - 7);
				i = k + 1;
				continue;
			}
		}
		outbuf_putc(&ob, e.s[i++]);
	}
	s = strdup(outbuf_cstr(&ob));
	outbuf_release(&ob);
	return s;
}

static int parse_spec(const char *raw, bool hist, struct spec *sp, char *err, size_t errlen)
{
	struct span whole = { raw, strlen(raw) }, parts[MAX_PARTS], body;
	const char *hash = strchr(raw, '#');
	const char *open, *close;
	int n;

	memset(sp, 0, sizeof(*sp));
	sp->raw = raw;
	sp->hist = hist;
	if (hash) {
		whole.n = (size_t)(hash - raw);
		sp->label = (struct span){ hash + 1, strlen(hash + 1) };
	}
	whole = trim(whole);
	n = split_top(whole, ':', parts, MAX_PARTS);
	if (n < 0)
		return bad(err, errlen, raw, "extraneous ':'-separated parts (at most type:lib:func(sig):types:exprs:filter)");
	if (n < 3)
		return bad(err, errlen, raw, "at least the probe type, library, and function signature must be specified");
	if (span_is(parts[0], "u"))
		return bad(err, errlen, raw, "USDT probes (u:) are not supported");
	if (!span_is(parts[0], "p") && !span_is(parts[0], "r") && !span_is(parts[0], "t"))
		return bad(err, errlen, raw, "probe type must be 'p', 'r' or 't', but got '%.*s'", (int)parts[0].n,
			   parts[0].s);
	sp->kind = parts[0].s[0];
	sp->lib = trim(parts[1]);
	body = trim(parts[2]);
	open = memchr(body.s, '(', body.n);
	close = body.n ? body.s + body.n - 1 : NULL;
	if (!open || open == body.s || *close != ')')
		return bad(err, errlen, raw, "function signature '%.*s' has an invalid format (want func(signature))",
			   (int)body.n, body.s);
	sp->func = trim((struct span){ body.s, (size_t)(open - body.s) });
	for (size_t i = 0; i < sp->func.n; i++)
		if (!ident_char(sp->func.s[i]) && sp->func.s[i] != '*' && sp->func.s[i] != '.')
			return bad(err, errlen, raw, "function name '%.*s' is not a name", (int)sp->func.n, sp->func.s);
	sp->sig = (struct span){ open + 1, (size_t)(close - open - 1) };
	if (sp->kind == 't' && !sp->lib.n)
		return bad(err, errlen, raw, "a tracepoint needs its category: t:category:event()");
	if (parse_signature(sp, err, errlen))
		return -1;
	if (n == 4)
		return bad(err, errlen, raw, "a type needs an expression: ...:type:expr");
	if (n >= 5) {
		int nt = split_top(parts[3], ',', sp->types, ARGDIST_MAX_EXPRS);
		int ne = split_top(parts[4], ',', sp->exprs, ARGDIST_MAX_EXPRS);

		if (nt < 0 || ne < 0)
			return bad(err, errlen, raw, "at most %d expressions", ARGDIST_MAX_EXPRS);
		if (!trim(parts[3]).n)
			return bad(err, errlen, raw, "no expr types specified");
		if (!trim(parts[4]).n)
			return bad(err, errlen, raw, "no exprs specified");
		if (nt != ne)
			return bad(err, errlen, raw, "mismatched # of exprs and types");
		if (hist && ne > 1)
			return bad(err, errlen, raw, "histograms can only have 1 expr");
		sp->nexprs = ne;
		if (n == 6)
			sp->filter = trim(parts[5]);
	} else if (sp->kind == 'r') {
		sp->default_expr = true;
		sp->nexprs = 1;
		sp->types[0] = (struct span){ "int", 3 };
		sp->exprs[0] = (struct span){ "$retval", 7 };
	} else if (hist) {
		return bad(err, errlen, raw, "histograms must have expr");
	} else {
		sp->default_expr = true;
	}
	return 0;
}

static char *dup_span(struct span s)
{
	return strndup(s.s, s.n);
}

int argdist_translate(const char *spec, bool hist, int index, unsigned string_size, struct argdist_probe *out,
		      char *err, size_t errlen)
{
	struct spec sp;
	struct outbuf ob;
	int rc = -1;

	memset(out, 0, sizeof(*out));
	if (parse_spec(spec, hist, &sp, err, errlen))
		return -1;
	if (!string_size)
		string_size = ARGDIST_DEFAULT_STRING_SIZE;
	snprintf(out->map, sizeof(out->map), "@p%03d", index);
	outbuf_init_mem(&ob);

	/* the probe */
	if (sp.kind == 't')
		outbuf_printf(&ob, "tracepoint:%.*s:%.*s", (int)sp.lib.n, sp.lib.s, (int)sp.func.n, sp.func.s);
	else if (!sp.lib.n)
		outbuf_printf(&ob, "%s:%.*s", sp.kind == 'r' ? "kretprobe" : "kprobe", (int)sp.func.n, sp.func.s);
	else
		outbuf_printf(&ob, "%s:%.*s:%.*s", sp.kind == 'r' ? "uretprobe" : "uprobe", (int)sp.lib.n, sp.lib.s,
			      (int)sp.func.n, sp.func.s);
	if (sp.filter.n) {
		outbuf_puts(&ob, " /");
		if (translate_expr(&sp, sp.filter, &ob, err, errlen))
			goto out;
		outbuf_putc(&ob, '/');
	}
	outbuf_printf(&ob, " { %s", out->map);
	if (hist) {
		outbuf_puts(&ob, " = hist(");
		if (key_expr(&sp, 0, string_size, &ob, err, errlen))
			goto out;
		outbuf_puts(&ob, "); }\n");
	} else if (!sp.nexprs) {
		outbuf_puts(&ob, " = count(); }\n");
	} else {
		outbuf_putc(&ob, '[');
		for (int i = 0; i < sp.nexprs; i++) {
			if (i)
				outbuf_puts(&ob, ", ");
			if (key_expr(&sp, i, string_size, &ob, err, errlen))
				goto out;
		}
		outbuf_puts(&ob, "] = count(); }\n");
	}
	out->program = strdup(outbuf_cstr(&ob));

	/* what argdist prints for it */
	out->title = sp.label.n ? dup_span(sp.label) : strdup(spec);
	out->nexprs = sp.nexprs;
	for (int i = 0; i < sp.nexprs; i++)
		out->exprs[i] = sp.default_expr ? strdup("retval") : display_expr(sp.exprs[i]);
	out->hist_label = sp.label.n ? dup_span(sp.label) : strdup(out->nexprs ? out->exprs[0] : "");
	if (!out->program || !out->title || !out->hist_label || ob.error) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	for (int i = 0; i < out->nexprs; i++)
		if (!out->exprs[i]) {
			snprintf(err, errlen, "out of memory");
			goto out;
		}
	out->show = (struct lang_bcc_map){
		.map = out->map, .hist = hist, .title = out->title, .hist_label = out->hist_label,
		.exprs = (const char *const *)out->exprs, .nexprs = out->nexprs,
	};
	rc = 0;
out:
	outbuf_release(&ob);
	if (rc)
		argdist_probe_release(out);
	return rc;
}

void argdist_probe_release(struct argdist_probe *p)
{
	free(p->program);
	free(p->title);
	free(p->hist_label);
	for (int i = 0; i < ARGDIST_MAX_EXPRS; i++)
		free(p->exprs[i]);
	memset(p, 0, sizeof(*p));
}
