/* Parsing perf probe's spec syntax into struct probe_spec (see
 * util/probe/probe-spec.h).  Only syntax is checked here: whether a function,
 * line or variable exists is the finder's business.
 *
 * The place is the first word; every further word is an argument.  A word
 * naming a file (it holds a '.' before any of ":+@%;") makes the place
 * SRC:ALINE, otherwise it is a function.  Arguments keep their sigils out
 * of var: "%di" -> PROBE_ARG_REG with var "di", "@g" -> PROBE_ARG_GLOBAL
 * with var "g"; words that are not C names with an access path ("+8(%di)",
 * "$comm", "$stack") are PROBE_ARG_RAW and pass through as written. */
#include "util/probe/probe-spec.h"
#include "util/strutil.h"
#include "util/xalloc.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The fetch types tracefs accepts for probe arguments. */
static const char *const fetch_types[] = {
	"u8", "u16", "u32", "u64", "s8", "s16", "s32", "s64",
	"x8", "x16", "x32", "x64", "string",
};

static bool is_ident_start(int c) { return isalpha(c) || c == '_'; }
static bool is_ident_char(int c) { return isalnum(c) || c == '_'; }

/* Length of the C identifier at s (0: none). */
static size_t ident_len(const char *s)
{
	size_t n = 0;

	if (!is_ident_start((unsigned char)s[0]))
		return 0;
	while (is_ident_char((unsigned char)s[n]))
		n++;
	return n;
}

static bool is_ident(const char *s)
{
	size_t n = ident_len(s);

	return n && s[n] == '\0';
}


/* A decimal line number or a decimal/hex offset, all of s. */
static int parse_num(const char *s, size_t n, int base, u64 *out)
{
	char buf[32], *end;

	if (n == 0 || n >= sizeof(buf) || !isdigit((unsigned char)s[0]))
		return -1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	errno = 0;
	*out = strtoull(buf, &end, base);
	return (errno || *end) ? -1 : 0;
}

static bool valid_type(const char *t)
{
	for (size_t i = 0; i < ARRAY_SIZE(fetch_types); i++)
		if (!strcmp(t, fetch_types[i]))
			return true;
	return false;
}

/* "[[GROUP:]EVENT=]" in front of the place: consumes it. */
static int parse_event_name(const char **pp, struct probe_spec *spec, char *err, size_t errlen)
{
	const char *s = *pp, *eq = strchr(s, '='), *stop = strpbrk(s, ";@+%");
	const char *colon;

	if (!eq || (stop && stop < eq))
		return 0;
	colon = memchr(s, ':', eq - s);
	if (colon) {
		spec->group = xstrndup(s, colon - s);
		spec->event = xstrndup(colon + 1, eq - colon - 1);
	} else {
		spec->event = xstrndup(s, eq - s);
	}
	if (spec->group && !is_ident(spec->group))
		return errf(err, errlen, "bad group name '%s' in '%s' (letters, digits and _ only)",
			    spec->group, spec->text);
	if (!is_ident(spec->event))
		return errf(err, errlen, "bad event name '%s' in '%s' (letters, digits and _ only)",
			    spec->event, spec->text);
	*pp = eq + 1;
	return 0;
}

/* FUNC[@SRC][:RLINE|+OFF|%return|;PATTERN] or SRC:ALINE, from one word. */
static int parse_place(const char *s, struct probe_spec *spec, char *err, size_t errlen)
{
	const char *semi = strchr(s, ';'), *end, *p;
	size_t n = strcspn(s, ":+@%;");
	u64 v;

	if (semi) {
		if (!semi[1])
			return errf(err, errlen, "empty lazy pattern after ';' in '%s'", spec->text);
		spec->lazy = xstrdup(semi + 1);
		end = semi;
	} else {
		end = s + strlen(s);
	}
	if (n == 0 || s + n > end)
		return errf(err, errlen, "no function or source file in '%s'", spec->text);
	if (memchr(s, '.', n)) {
		spec->place = PROBE_PLACE_LINE;
		spec->src = xstrndup(s, n);
	} else {
		spec->place = PROBE_PLACE_FUNC;
		spec->func = xstrndup(s, n);
		if (!is_ident(spec->func))
			return errf(err, errlen, "bad function name '%s' in '%s'", spec->func, spec->text);
	}
	for (p = s + n; p < end;) {
		char sep = *p++;
		size_t len = strcspn(p, ":+@%;");

		if (p + len > end)
			len = end - p;
		switch (sep) {
		case ':':
			if (spec->line || parse_num(p, len, 10, &v) || v == 0 || v > 10000000)
				return errf(err, errlen, "bad line number '%.*s' in '%s'", (int)len, p, spec->text);
			spec->line = (int)v;
			break;
		case '+':
			if (spec->has_offset || parse_num(p, len, 0, &v))
				return errf(err, errlen, "bad offset '%.*s' in '%s'", (int)len, p, spec->text);
			spec->offset = v;
			spec->has_offset = true;
			break;
		case '@':
			if (spec->src || len == 0)
				return errf(err, errlen, "bad source file '@%.*s' in '%s'", (int)len, p, spec->text);
			spec->src = xstrndup(p, len);
			break;
		case '%':
			if (len != 6 || strncmp(p, "return", 6) || spec->ret)
				return errf(err, errlen, "unknown '%%%.*s' in '%s' (only %%return)", (int)len, p,
					    spec->text);
			spec->ret = true;
			break;
		}
		p += len;
	}
	if (spec->place == PROBE_PLACE_LINE) {
		if (!spec->line && !spec->lazy)
			return errf(err, errlen, "'%s' needs a line number (SRC:LINE) or a function", spec->text);
		if (spec->has_offset || spec->ret)
			return errf(err, errlen, "'+OFF' and '%%return' go with a function, not a source file, in '%s'",
				    spec->text);
	}
	if ((spec->line != 0) + spec->has_offset + spec->ret + (spec->lazy != NULL) > 1)
		return errf(err, errlen, "'%s': only one of :LINE, +OFF, %%return and ;PATTERN", spec->text);
	return 0;
}

/* VAR[->FIELD|.FIELD|[N]]... after the variable's name. */
static int parse_access(const char *s, struct probe_arg_spec *a, const char *text, char *err, size_t errlen)
{
	while (*s) {
		struct probe_access acc = { 0 };
		size_t n;

		if (s[0] == '-' && s[1] == '>') {
			acc.kind = PROBE_ACCESS_ARROW;
			s += 2;
		} else if (s[0] == '.') {
			acc.kind = PROBE_ACCESS_DOT;
			s++;
		} else if (s[0] == '[') {
			char *end;

			errno = 0;
			acc.index = strtol(s + 1, &end, 0);
			if (end == s + 1 || *end != ']' || errno || acc.index < 0)
				return errf(err, errlen, "bad array index in argument '%s'", text);
			acc.kind = PROBE_ACCESS_INDEX;
			s = end + 1;
			goto add;
		} else {
			return errf(err, errlen, "bad argument '%s' (at '%s')", text, s);
		}
		n = ident_len(s);
		if (!n)
			return errf(err, errlen, "bad field name in argument '%s'", text);
		acc.field = xstrndup(s, n);
		s += n;
add:
		a->access = xrealloc(a->access, (a->nr_access + 1) * sizeof(*a->access));
		a->access[a->nr_access++] = acc;
	}
	return 0;
}

static int parse_arg(const char *word, struct probe_arg_spec *a, char *err, size_t errlen)
{
	char *buf = xstrdup(word), *s = buf, *colon, *eq;
	int ret = -1;
	size_t n;

	a->text = xstrdup(word);
	eq = strchr(s, '=');
	if (eq && (size_t)(eq - s) == ident_len(s)) {
		*eq = '\0';
		a->name = xstrdup(s);
		s = eq + 1;
	}
	/* A ':' that is not part of "->" ends the variable: the type. Raw
	 * fetch args have none of their own (":string" and such is the type). */
	colon = strrchr(s, ':');
	if (colon) {
		*colon = '\0';
		if (!valid_type(colon + 1)) {
			errf(err, errlen, "unknown type ':%s' in argument '%s' (u8..u64, s8..s64, x8..x64, string)",
			     colon + 1, word);
			goto out;
		}
		a->type = xstrdup(colon + 1);
	}
	if (!*s) {
		errf(err, errlen, "empty argument '%s'", word);
		goto out;
	}
	if (!strcmp(s, "$retval")) {
		a->kind = PROBE_ARG_RETVAL;
		a->var = xstrdup(s);
	} else if (!strcmp(s, "$params")) {
		a->kind = PROBE_ARG_PARAMS;
		a->var = xstrdup(s);
		if (a->name || a->type) {
			errf(err, errlen, "'$params' takes no name or type ('%s')", word);
			goto out;
		}
	} else if (s[0] == '%') {
		if (!ident_len(s + 1) || s[1 + ident_len(s + 1)]) {
			errf(err, errlen, "bad register in argument '%s'", word);
			goto out;
		}
		a->kind = PROBE_ARG_REG;
		a->var = xstrdup(s + 1);
	} else if (s[0] == '@' || (n = ident_len(s)) > 0) {
		bool global = s[0] == '@';

		if (global)
			s++;
		n = ident_len(s);
		if (!n) {
			errf(err, errlen, "bad global variable in argument '%s'", word);
			goto out;
		}
		a->kind = global ? PROBE_ARG_GLOBAL : PROBE_ARG_VAR;
		a->var = xstrndup(s, n);
		if (parse_access(s + n, a, word, err, errlen))
			goto out;
	} else {
		a->kind = PROBE_ARG_RAW;
		a->var = xstrdup(s);
	}
	ret = 0;
out:
	free(buf);
	return ret;
}

char *probe_arg_name(const struct probe_arg_spec *a, int pos)
{
	if (a->name)
		return xstrdup(a->name);
	for (int i = a->nr_access - 1; i >= 0; i--)
		if (a->access[i].kind != PROBE_ACCESS_INDEX)
			return xstrdup(a->access[i].field);
	if (a->nr_access)
		return xstrdup(a->var);
	if (a->kind == PROBE_ARG_VAR || a->kind == PROBE_ARG_GLOBAL)
		return a->type ? xasprintf("%s_%s", a->var, a->type) : xstrdup(a->var);
	return xasprintf("arg%d", pos);
}

int probe_spec_parse(const char *text, struct probe_spec *spec, char *err, size_t errlen)
{
	char *buf, *word, *save = NULL;
	const char *place;
	int ret = -1;

	memset(spec, 0, sizeof(*spec));
	spec->text = xstrdup(text ? text : "");
	buf = xstrdup(spec->text);
	word = strtok_r(buf, " \t\n", &save);
	if (!word) {
		errf(err, errlen, "empty probe spec");
		goto out;
	}
	place = word;
	if (parse_event_name(&place, spec, err, errlen) || parse_place(place, spec, err, errlen))
		goto out;
	while ((word = strtok_r(NULL, " \t\n", &save))) {
		struct probe_arg_spec *a;

		spec->args = xrealloc(spec->args, (spec->nr_args + 1) * sizeof(*spec->args));
		a = &spec->args[spec->nr_args++];
		memset(a, 0, sizeof(*a));
		if (parse_arg(word, a, err, errlen))
			goto out;
		if (a->kind == PROBE_ARG_RETVAL && !spec->ret) {
			errf(err, errlen, "'$retval' needs a return probe (FUNC%%return)");
			goto out;
		}
	}
	ret = 0;
out:
	free(buf);
	if (ret)
		probe_spec_free(spec);
	return ret;
}

void probe_spec_free(struct probe_spec *spec)
{
	if (!spec)
		return;
	for (int i = 0; i < spec->nr_args; i++) {
		struct probe_arg_spec *a = &spec->args[i];

		for (int j = 0; j < a->nr_access; j++)
			free(a->access[j].field);
		free(a->access);
		free(a->name);
		free(a->var);
		free(a->type);
		free(a->text);
	}
	free(spec->args);
	free(spec->group);
	free(spec->event);
	free(spec->func);
	free(spec->src);
	free(spec->lazy);
	free(spec->text);
	memset(spec, 0, sizeof(*spec));
}

void probe_point_free(struct probe_point *p)
{
	if (!p)
		return;
	for (int i = 0; i < p->nr_args; i++) {
		free(p->args[i].name);
		free(p->args[i].fetch);
	}
	free(p->args);
	free(p->symbol);
	free(p->func);
	free(p->file);
	memset(p, 0, sizeof(*p));
}
