/* The policy of --switch-output (see switch-output.h). */
#include "util/perfdata/switch-output.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/strutil.h"
#include "util/xalloc.h"

/* Suffixes and what they multiply, as perf spells them. */
static const struct { char suffix; enum switch_kind kind; u64 mult; } units[] = {
	{ 'B', SWITCH_SIZE, 1 }, { 'K', SWITCH_SIZE, 1ULL << 10 },
	{ 'M', SWITCH_SIZE, 1ULL << 20 }, { 'G', SWITCH_SIZE, 1ULL << 30 },
	{ 's', SWITCH_TIME, 1000 }, { 'm', SWITCH_TIME, 60 * 1000 },
	{ 'h', SWITCH_TIME, 3600 * 1000 }, { 'd', SWITCH_TIME, 24 * 3600 * 1000 },
};

int switch_output_parse(struct switch_output *so, const char *spec, char *err, size_t errlen)
{
	char *end;
	unsigned long long n;
	size_t len;

	if (!spec || !strcmp(spec, "signal")) {
		so->kind = SWITCH_SIGNAL;
		return 0;
	}
	len = strlen(spec);
	if (len < 2 || spec[0] < '0' || spec[0] > '9')
		goto bad;
	n = strtoull(spec, &end, 10);
	if (end != spec + len - 1 || !n)
		goto bad;
	for (size_t i = 0; i < ARRAY_SIZE(units); i++) {
		char c = spec[len - 1];

		/* sizes also in lower case (perf takes both); m is minutes */
		if (c == units[i].suffix || (units[i].kind == SWITCH_SIZE && c != 'm' && c == units[i].suffix + 32)) {
			if (n > UINT64_MAX / units[i].mult)
				goto bad;
			so->kind = units[i].kind;
			if (so->kind == SWITCH_SIZE)
				so->size = n * units[i].mult;
			else
				so->time_ms = n * units[i].mult;
			return 0;
		}
	}
bad:
	return errf(err, errlen, "--switch-output '%s': give signal, a size (100M: B, K, M, G) or a time "
		    "(30s: s, m, h, d)", spec);
}

bool switch_output_due(const struct switch_output *so, u64 bytes, u64 now_ms)
{
	switch (so->kind) {
	case SWITCH_SIZE:
		return bytes >= so->size;
	case SWITCH_TIME:
		return now_ms - so->piece_start_ms >= so->time_ms;
	default:
		return false;
	}
}

void switch_output_name(char *buf, size_t len, const char *output, s64 sec, long nsec)
{
	time_t t = (time_t)sec;
	struct tm tm;
	char stamp[32] = "";

	if (localtime_r(&t, &tm))
		strftime(stamp, sizeof(stamp), "%Y%m%d%H%M%S", &tm);
	snprintf(buf, len, "%s.%s%02ld", output, stamp, nsec / 10000000);
}

char *switch_output_add(struct switch_output *so, const char *name)
{
	char *old = NULL;

	so->pieces = xrealloc(so->pieces, (so->nr_pieces + 1) * sizeof(*so->pieces));
	so->pieces[so->nr_pieces++] = xstrdup(name);
	if (so->max_files && so->nr_pieces > so->max_files) {
		old = so->pieces[0];
		memmove(so->pieces, so->pieces + 1, (so->nr_pieces - 1) * sizeof(*so->pieces));
		so->nr_pieces--;
	}
	return old;
}

void switch_output_release(struct switch_output *so)
{
	for (unsigned i = 0; i < so->nr_pieces; i++)
		free(so->pieces[i]);
	free(so->pieces);
	so->pieces = NULL;
	so->nr_pieces = 0;
}
