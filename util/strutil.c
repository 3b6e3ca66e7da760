#include "util/strutil.h"

#include <stdarg.h>

#include <limits.h>
#include <stdio.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* Names we compare (commands, syscalls) are short: rows for them live on the
 * stack, and only an unusually long string costs an allocation. */
#define ROW_STACK 64

unsigned edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	unsigned stack[3 * ROW_STACK];
	unsigned *mem = stack, *prev2, *prev, *cur;
	unsigned result;

	if (lb + 1 > ROW_STACK) {
		mem = malloc(3 * (lb + 1) * sizeof(*mem));
		if (!mem)
			return UINT_MAX;
	}
	/* Three rows of the dynamic-programming matrix: the one two rows up is
	 * needed to count an adjacent swap as one edit (the commonest typo)
	 * rather than two substitutions. */
	prev2 = mem;
	prev = mem + lb + 1;
	cur = mem + 2 * (lb + 1);

	for (size_t j = 0; j <= lb; j++)
		prev[j] = (unsigned)j;
	for (size_t i = 1; i <= la; i++) {
		cur[0] = (unsigned)i;
		for (size_t j = 1; j <= lb; j++) {
			unsigned cost = a[i - 1] != b[j - 1];
			unsigned d = prev[j - 1] + cost;		/* substitute */

			d = MIN(d, prev[j] + 1);			/* delete */
			d = MIN(d, cur[j - 1] + 1);			/* insert */
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
				d = MIN(d, prev2[j - 2] + 1);		/* swap */
			cur[j] = d;
		}
		/* Rotate rows: cur becomes prev, the oldest is reused. */
		unsigned *t = prev2;
		prev2 = prev;
		prev = cur;
		cur = t;
	}
	result = prev[lb];
	if (mem != stack)
		free(mem);
	return result;
}

void suggest_init(struct suggest *s, const char *word)
{
	memset(s, 0, sizeof(*s));
	s->word = word;
}

/* Edits tolerated before a candidate looks unrelated: a short word has few
 * letters to spare, so "x" must not suggest every three-letter syscall. */
static unsigned suggest_max_edits(size_t len)
{
	if (len <= 3)
		return 1;
	if (len <= 6)
		return 2;
	return 3;
}

/* Containment ranks ahead of edits: a missing "rt_" or "64" costs several
 * edits yet is the likeliest intended name. */
#define RANK_NOT_CONTAINED 0x10000u

void suggest_add(struct suggest *s, const char *cand)
{
	size_t lw = strlen(s->word), lc = strlen(cand);
	const char *shorter = lw <= lc ? s->word : cand;
	const char *longer = lw <= lc ? cand : s->word;
	bool contained = MIN(lw, lc) >= 4 && strstr(longer, shorter);
	unsigned dist = edit_distance(s->word, cand);
	unsigned rank;
	size_t pos;

	if (!contained && dist > suggest_max_edits(lw))
		return;
	rank = (contained ? 0 : RANK_NOT_CONTAINED) + MIN(dist, RANK_NOT_CONTAINED - 1);

	for (size_t i = 0; i < s->nr; i++)
		if (!strcmp(s->best[i], cand))
			return;		/* an alias listed twice */

	/* Insertion into a tiny sorted array; equal ranks sort by name so the
	 * output does not depend on the order candidates were offered in. */
	for (pos = 0; pos < s->nr; pos++)
		if (rank < s->rank[pos] || (rank == s->rank[pos] && strcmp(cand, s->best[pos]) < 0))
			break;
	if (pos >= SUGGEST_MAX)
		return;
	if (s->nr < SUGGEST_MAX)
		s->nr++;
	for (size_t i = s->nr - 1; i > pos; i--) {
		s->best[i] = s->best[i - 1];
		s->rank[i] = s->rank[i - 1];
	}
	s->best[pos] = cand;
	s->rank[pos] = rank;
}

size_t suggest_format(const struct suggest *s, char *buf, size_t len)
{
	size_t need = 0;

	if (len)
		buf[0] = '\0';
	for (size_t i = 0; i < s->nr; i++) {
		int n = snprintf(buf ? buf + MIN(need, len) : NULL, len > need ? len - need : 0,
				 "%s%s", i ? ", " : "", s->best[i]);

		if (n > 0)
			need += (size_t)n;
	}
	return need;
}

int errf(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (err && errlen) {
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	return -1;
}

int parse_seconds_ms(const char *s, u64 *ms)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (errno || end == s || *end || !(v >= 0.001) || v > 86400.0 * 365)
		return -1;
	*ms = (u64)(v * 1000.0 + 0.5);
	return 0;
}
