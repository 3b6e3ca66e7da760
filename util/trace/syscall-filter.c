#include "util/trace/syscall-filter.h"

#include <fnmatch.h>
#include <regex.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/strutil.h"
#include "util/trace/syscall-groups.h"

#define WORD_BITS 64

static void set_bit(struct syscall_filter *f, int nr)
{
	f->bits[nr / WORD_BITS] |= 1ull << (nr % WORD_BITS);
}

static bool test_bit(const struct syscall_filter *f, int nr)
{
	return f->bits[nr / WORD_BITS] & (1ull << (nr % WORD_BITS));
}

/* The named numbers, walked by every item kind: the table has holes (e.g.
 * 335..423 on x86_64) that must never be selected by bit. */
#define for_each_named_syscall(nr, name) \
	for (int nr = 0; nr <= syscall_max_nr(); nr++) \
		for (const char *name = syscall_name(nr); name; name = NULL)

void syscall_filter_init_all(struct syscall_filter *f)
{
	memset(f, 0, sizeof(*f));
	for_each_named_syscall(nr, name)
		set_bit(f, nr);
	f->all = true;
	f->others = true;
}

bool syscall_filter_has(const struct syscall_filter *f, int nr)
{
	if (nr >= 0 && nr < SYSCALL_NR_MAX && syscall_name(nr))
		return test_bit(f, nr);
	return f->others;
}

unsigned syscall_filter_count(const struct syscall_filter *f)
{
	unsigned n = 0;

	/* Unnamed bits are never set, so a popcount is the named count. */
	for (size_t i = 0; i < ARRAY_SIZE(f->bits); i++)
		n += (unsigned)__builtin_popcountll(f->bits[i]);
	return n;
}

bool syscall_filter_is_all(const struct syscall_filter *f)
{
	return f->all;
}

int syscall_filter_next(const struct syscall_filter *f, int prev)
{
	for (int nr = prev < 0 ? 0 : prev + 1; nr < SYSCALL_NR_MAX; nr++)
		if (test_bit(f, nr))
			return nr;
	return -1;
}

static bool every_named_set(const struct syscall_filter *f)
{
	for_each_named_syscall(nr, name)
		if (!test_bit(f, nr))
			return false;
	return true;
}

/* Outcome of looking one item up, before '!' and '?' are applied. */
enum match {
	MATCH_OK,
	MATCH_NONE,	/* well-formed but selects nothing: '?' forgives it */
	MATCH_ERROR,	/* malformed (bad regex, out of memory): always fatal */
};

static enum match match_name(struct syscall_filter *sel, const char *name, char *err, size_t errlen)
{
	char group[64];
	struct suggest s;
	char hint[256];
	int nr = syscall_nr(name);

	if (nr >= 0) {
		set_bit(sel, nr);
		return MATCH_OK;
	}
	/* strace's deprecated bare group names ("-e trace=file"): point to
	 * the spelling with '%' rather than to look-alike syscalls. */
	snprintf(group, sizeof(group), "%%%s", name);
	if (strlen(name) < sizeof(group) - 1 && syscall_group_bit(group)) {
		errf(err, errlen, "unknown syscall '%s' (did you mean: %s?)", name, group);
		return MATCH_NONE;
	}
	suggest_init(&s, name);
	for_each_named_syscall(i, sc)
		suggest_add(&s, sc);
	if (!s.nr) {
		errf(err, errlen, "unknown syscall '%s'", name);
		return MATCH_NONE;
	}
	suggest_format(&s, hint, sizeof(hint));
	errf(err, errlen, "unknown syscall '%s' (did you mean: %s?)", name, hint);
	return MATCH_NONE;
}

static enum match match_glob(struct syscall_filter *sel, const char *glob, char *err, size_t errlen)
{
	bool any = false;

	for_each_named_syscall(nr, name) {
		if (!fnmatch(glob, name, 0)) {
			set_bit(sel, nr);
			any = true;
		}
	}
	if (!any) {
		errf(err, errlen, "no syscall matches '%s'", glob);
		return MATCH_NONE;
	}
	return MATCH_OK;
}

/* Whether re has repetition operators one after another ("a++", "a*{2}"):
 * undefined in POSIX EREs, and glibc's regcomp copies the tree for each,
 * so a few dozen of them take gigabytes (found by
 * tests/fuzz/fuzz-syscall-filter). Escapes and bracket expressions are
 * skipped. */
static bool stacked_repetition(const char *re)
{
	bool after_rep = false;

	for (const char *p = re; *p; p++) {
		bool rep = *p == '*' || *p == '+' || *p == '?' || *p == '{';

		if (rep && after_rep)
			return true;
		if (*p == '\\' && p[1]) {
			p++;
		} else if (*p == '[') {
			/* "[]a]" and "[^]a]": a ']' first is a member */
			p += p[1] == '^' ? 2 : 1;
			if (*p == ']')
				p++;
			while (*p && *p != ']')
				p++;
			if (!*p)
				return false;   /* unterminated: regcomp says so */
		} else if (*p == '{') {
			while (p[1] && p[1] != '}')
				p++;
			if (p[1])
				p++;
		}
		after_rep = rep;
	}
	return false;
}

static enum match match_regex(struct syscall_filter *sel, const char *item, char *err, size_t errlen)
{
	const char *re = item + 1;	/* after the '/' */
	regex_t rx;
	bool any = false;
	int rc;

	if (!*re) {
		errf(err, errlen, "empty regex '%s'", item);
		return MATCH_ERROR;
	}
	if (stacked_repetition(re)) {
		errf(err, errlen, "bad regex '%s': repetition operators one after another", item);
		return MATCH_ERROR;
	}
	rc = regcomp(&rx, re, REG_EXTENDED | REG_NOSUB);
	if (rc) {
		char why[128];

		regerror(rc, &rx, why, sizeof(why));
		errf(err, errlen, "bad regex '%s': %s", item, why);
		return MATCH_ERROR;
	}
	/* Unanchored, as strace's /regex is: "/stat" matches "fstatfs". */
	for_each_named_syscall(nr, name) {
		if (!regexec(&rx, name, 0, NULL, 0)) {
			set_bit(sel, nr);
			any = true;
		}
	}
	regfree(&rx);
	if (!any) {
		errf(err, errlen, "no syscall matches '%s'", item);
		return MATCH_NONE;
	}
	return MATCH_OK;
}

static enum match match_group(struct syscall_filter *sel, const char *item, char *err, size_t errlen)
{
	unsigned bit = syscall_group_bit(item);
	char hint[256];

	if (!bit) {
		struct suggest s;

		suggest_init(&s, item);
		/* Canonical names only: suggesting both %net and its alias
		 * %network would offer the same group twice. */
		syscall_group_for_each(g)
			suggest_add(&s, g->name);
		if (s.nr) {
			suggest_format(&s, hint, sizeof(hint));
			errf(err, errlen, "unknown syscall group '%s' (did you mean: %s?)", item, hint);
		} else {
			syscall_groups_format(hint, sizeof(hint), ", ");
			errf(err, errlen, "unknown syscall group '%s' (groups: %s)", item, hint);
		}
		return MATCH_NONE;
	}
	/* A known group with no member in this table (none today) selects
	 * nothing without complaint: the name itself was right. */
	for_each_named_syscall(nr, name)
		if (syscall_in_group(name, bit))
			set_bit(sel, nr);
	return MATCH_OK;
}

static enum match match_item(struct syscall_filter *sel, const char *item, char *err, size_t errlen)
{
	if (!strcmp(item, "all") || !strcmp(item, "*")) {
		syscall_filter_init_all(sel);
		return MATCH_OK;
	}
	if (!strcmp(item, "none"))
		return MATCH_OK;	/* the empty selection */
	if (item[0] == '%')
		return match_group(sel, item, err, errlen);
	if (item[0] == '/')
		return match_regex(sel, item, err, errlen);
	if (strpbrk(item, "*?["))
		return match_glob(sel, item, err, errlen);
	return match_name(sel, item, err, errlen);
}

/* Apply one item (already trimmed, NUL-terminated) to *f. */
static int apply_item(struct syscall_filter *f, const char *item, bool first, char *err, size_t errlen)
{
	struct syscall_filter sel;
	bool exclude = false, optional = false;
	const char *s = item;

	/* Each prefix at most once, in either order ("!?x" and "?!x"). */
	for (;;) {
		if (*s == '!' && !exclude)
			exclude = true;
		else if (*s == '?' && !optional)
			optional = true;
		else
			break;
		s++;
	}
	if (!*s)
		return errf(err, errlen, "nothing after '%s' in syscall list", item);

	if (first && exclude)
		syscall_filter_init_all(f);

	memset(&sel, 0, sizeof(sel));
	switch (match_item(&sel, s, err, errlen)) {
	case MATCH_OK:
		break;
	case MATCH_NONE:
		if (!optional)
			return -1;
		if (err && errlen)
			err[0] = '\0';	/* forgiven: leave no stale message */
		return 0;
	case MATCH_ERROR:
		return -1;
	}

	for (size_t i = 0; i < ARRAY_SIZE(f->bits); i++)
		f->bits[i] = exclude ? f->bits[i] & ~sel.bits[i] : f->bits[i] | sel.bits[i];
	if (sel.others)
		f->others = !exclude;
	return 0;
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

int syscall_filter_parse(struct syscall_filter *f, const char *list, char *err, size_t errlen)
{
	struct syscall_filter tmp;
	const char *p = list;
	bool first = true;

	if (err && errlen)
		err[0] = '\0';
	if (!list || !list[strspn(list, " \t")])
		return errf(err, errlen, "empty syscall list");

	/* Build into a copy so that a bad list leaves *f as it was. */
	memset(&tmp, 0, sizeof(tmp));
	for (;;) {
		const char *end = strchrnul(p, ',');
		const char *b = p, *e = end;
		char *item;
		int rc;

		while (b < e && is_blank(*b))
			b++;
		while (e > b && is_blank(e[-1]))
			e--;
		if (b == e)
			return errf(err, errlen, "empty item in syscall list '%s'", list);

		item = strndup(b, (size_t)(e - b));
		if (!item)
			return errf(err, errlen, "out of memory parsing syscall list");
		rc = apply_item(&tmp, item, first, err, errlen);
		free(item);
		if (rc)
			return rc;

		first = false;
		if (!*end)
			break;
		p = end + 1;
	}

	tmp.all = every_named_set(&tmp);
	*f = tmp;
	return 0;
}
