/* --time ranges: perf's syntax parsed, percentages resolved against the
 * file's sample times, samples tested (util/perfdata/time-range.h). */
#include "util/perfdata/time-range.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


/* "SEC[.FRACTION]" (n bytes of s) in ns; an empty one is 0 (open). */
static int parse_time(const char *s, size_t n, u64 *out, char *err, size_t errlen)
{
	u64 sec = 0, nsec = 0;
	size_t i = 0, digits = 0;

	*out = 0;
	if (!n)
		return 0;
	for (; i < n && isdigit((unsigned char)s[i]); i++, digits++) {
		if (sec > (UINT64_MAX / NSEC_PER_SEC - 9) / 10) {
			snprintf(err, errlen, "--time: '%.*s' is too large", (int)n, s);
			return -1;
		}
		sec = sec * 10 + (u64)(s[i] - '0');
	}
	if (i < n && s[i] == '.') {
		u64 scale = NSEC_PER_SEC / 10;

		for (i++; i < n && isdigit((unsigned char)s[i]); i++, digits++) {
			if (!scale) {
				snprintf(err, errlen, "--time: '%.*s' has more than 9 digits after the point", (int)n, s);
				return -1;
			}
			nsec += (u64)(s[i] - '0') * scale;
			scale /= 10;
		}
	}
	if (i != n || !digits) {
		snprintf(err, errlen, "--time: '%.*s' is not a time (seconds[.fraction], as script prints them)", (int)n, s);
		return -1;
	}
	*out = sec * NSEC_PER_SEC + nsec;
	return 0;
}

/* "A%" (n bytes) as a share 0..1 (more than 100% is let through: the
 * callers check the range they make). */
static int parse_percent(const char *s, size_t n, double *out)
{
	char buf[64], *end;

	if (n < 2 || n >= sizeof(buf) || s[n - 1] != '%')
		return -1;
	memcpy(buf, s, n - 1);
	buf[n - 1] = '\0';
	if (!isdigit((unsigned char)buf[0]) && buf[0] != '.')
		return -1;
	*out = strtod(buf, &end) / 100.0;
	return *end || !isfinite(*out) ? -1 : 0;
}

/* One comma-separated item of a percent list: "A%/N", "A%-B%" or "A%". */
static int parse_percent_item(const char *s, size_t n, struct time_range *r, char *err, size_t errlen)
{
	const char *slash = memchr(s, '/', n), *dash = memchr(s, '-', n);
	double a, b;

	if (slash) {
		char num[24], *end;
		long k;
		size_t kn = n - (size_t)(slash + 1 - s);

		if (parse_percent(s, (size_t)(slash - s), &a) || !kn || kn >= sizeof(num))
			goto bad;
		memcpy(num, slash + 1, kn);
		num[kn] = '\0';
		k = strtol(num, &end, 10);
		if (*end || !isdigit((unsigned char)num[0]) || k < 1 || a <= 0)
			goto bad;
		r->pstart = a * (double)(k - 1);
		r->pend = a * (double)k;
	} else if (dash) {
		if (parse_percent(s, (size_t)(dash - s), &a) || parse_percent(dash + 1, n - (size_t)(dash + 1 - s), &b))
			goto bad;
		r->pstart = a;
		r->pend = b;
	} else {
		if (parse_percent(s, n, &a) || a <= 0)
			goto bad;
		r->pstart = 0;
		r->pend = a;
	}
	if (r->pstart < 0 || r->pend > 1.0 + 1e-9 || r->pend < r->pstart) {
		snprintf(err, errlen, "--time: '%.*s' is not within 0%%-100%% of the file's time", (int)n, s);
		return -1;
	}
	if (r->pend > 1.0)
		r->pend = 1.0;
	return 0;
bad:
	snprintf(err, errlen, "--time: '%.*s' is not a share of the file's time (10%%/2, 0%%-10%% or 25%%)", (int)n, s);
	return -1;
}

static int add_range(struct time_ranges *tr, char *err, size_t errlen)
{
	if (tr->nr == TIME_RANGES_MAX) {
		snprintf(err, errlen, "--time: at most %d ranges", TIME_RANGES_MAX);
		return -1;
	}
	memset(&tr->r[tr->nr], 0, sizeof(tr->r[0]));
	return 0;
}

static int parse_percents(struct time_ranges *tr, const char *str, char *err, size_t errlen)
{
	const char *p = str;

	tr->percent = true;
	for (;;) {
		const char *c = strchr(p, ',');
		size_t n = c ? (size_t)(c - p) : strlen(p);

		if (add_range(tr, err, errlen) || parse_percent_item(p, n, &tr->r[tr->nr], err, errlen))
			return -1;
		tr->nr++;
		if (!c)
			return 0;
		p = c + 1;
	}
}

/* "START,END" ranges apart by white space, in order, not overlapping. */
static int parse_absolute(struct time_ranges *tr, const char *str, char *err, size_t errlen)
{
	const char *p = str;

	while (*p) {
		const char *tok, *comma;
		size_t n;
		struct time_range *r;

		while (isspace((unsigned char)*p))
			p++;
		if (!*p)
			break;
		tok = p;
		while (*p && !isspace((unsigned char)*p))
			p++;
		n = (size_t)(p - tok);
		comma = memchr(tok, ',', n);
		if (!comma || memchr(comma + 1, ',', n - (size_t)(comma + 1 - tok))) {
			snprintf(err, errlen, "--time: '%.*s' is not START,END (one comma; several ranges are apart by spaces)",
				 (int)n, tok);
			return -1;
		}
		if (add_range(tr, err, errlen))
			return -1;
		r = &tr->r[tr->nr];
		if (parse_time(tok, (size_t)(comma - tok), &r->start, err, errlen) ||
		    parse_time(comma + 1, n - (size_t)(comma + 1 - tok), &r->end, err, errlen))
			return -1;
		if (r->end && r->end < r->start) {
			snprintf(err, errlen, "--time: '%.*s' ends before it starts", (int)n, tok);
			return -1;
		}
		if (tr->nr && (!tr->r[tr->nr - 1].end || !r->start || tr->r[tr->nr - 1].end >= r->start)) {
			snprintf(err, errlen, "--time: the ranges must be in order, not overlapping, and only the first "
				 "start and the last end open");
			return -1;
		}
		tr->nr++;
	}
	if (!tr->nr) {
		snprintf(err, errlen, "--time: no range given (START,END)");
		return -1;
	}
	return 0;
}

int time_ranges_parse(struct time_ranges *tr, const char *str, char *err, size_t errlen)
{
	memset(tr, 0, sizeof(*tr));
	if (strchr(str, '%'))
		return parse_percents(tr, str, err, errlen);
	return parse_absolute(tr, str, err, errlen);
}

int time_ranges_resolve(struct time_ranges *tr, bool have_bounds, u64 first, u64 last, char *err, size_t errlen)
{
	u64 total;

	if (!tr->percent)
		return 0;
	if (!have_bounds || last < first) {
		snprintf(err, errlen, "--time with percentages needs the first and last sample times, which "
			 "this file does not have (a pipe has none): give times instead");
		return -1;
	}
	total = last - first;
	for (unsigned i = 0; i < tr->nr; i++) {
		struct time_range *r = &tr->r[i];

		r->start = first + (u64)llround(r->pstart * (double)total);
		r->end = first + (u64)llround(r->pend * (double)total);
		/* perf's slices do not share their boundary: all but the
		 * last end one ns early. */
		if (r->end > r->start && r->end != last)
			r->end--;
	}
	tr->percent = false;
	return 0;
}

bool time_ranges_skip(const struct time_ranges *tr, u64 t)
{
	if (!tr->nr || !t)
		return false;
	for (unsigned i = 0; i < tr->nr; i++) {
		const struct time_range *r = &tr->r[i];

		if ((!r->start || t >= r->start) && (!r->end || t <= r->end))
			return false;
	}
	return true;
}
