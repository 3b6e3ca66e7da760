#include "util/trace/sc-quals.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/options.h"
#include "util/strutil.h"
#include "util/trace/beauty/beauty.h"

bool sc_numset_has(const struct sc_numset *s, s64 n)
{
	if (n < 0)
		return false;
	if (n >= SC_NUMSET_MAX)
		return s->others;
	return s->bits[n / 64] & (1ull << (n % 64));
}

static void numset_set(struct sc_numset *s, unsigned n)
{
	s->bits[n / 64] |= 1ull << (n % 64);
}

/* One item of a set to a number; -1 after filling err. */
typedef int (*item_fn)(const char *item, char *err, size_t errlen);

static int signal_item(const char *item, char *err, size_t errlen)
{
	int sig = signal_number(item);

	/* 0 is no signal: strace refuses it too. */
	if (sig <= 0 || sig >= SC_NUMSET_MAX)
		return errf(err, errlen, "unknown signal '%s'", item);
	return sig;
}

static int fd_item(const char *item, char *err, size_t errlen)
{
	char *end;
	long v = strtol(item, &end, 10);

	if (end == item || *end || v < 0 || v > 0x7fffffff)
		return errf(err, errlen, "bad descriptor '%s'", item);
	return (int)v;
}

/* strace's set syntax: comma separated items, "all", "none", and a '!' in
 * front negating the whole set ("!SIGCHLD,SIGTERM": neither). */
static int numset_parse(struct sc_numset *s, const char *set, item_fn fn, char *err, size_t errlen)
{
	struct sc_numset tmp;
	bool negate = false;
	const char *p = set;

	memset(&tmp, 0, sizeof(tmp));
	if (*p == '!') {
		negate = true;
		p++;
	}
	if (!*p)
		return errf(err, errlen, "empty set '%s'", set);
	for (;;) {
		const char *end = strchrnul(p, ',');
		char item[64];
		int n;

		if (end == p || (size_t)(end - p) >= sizeof(item))
			return errf(err, errlen, "bad item in set '%s'", set);
		snprintf(item, sizeof(item), "%.*s", (int)(end - p), p);
		if (!strcmp(item, "all")) {
			memset(tmp.bits, 0xff, sizeof(tmp.bits));
			tmp.others = true;
		} else if (strcmp(item, "none")) {
			n = fn(item, err, errlen);
			if (n < 0)
				return -1;
			if (n >= SC_NUMSET_MAX)
				return errf(err, errlen, "'%s' is above %d", item, SC_NUMSET_MAX - 1);
			numset_set(&tmp, (unsigned)n);
		}
		if (!*end)
			break;
		p = end + 1;
	}
	if (negate) {
		for (size_t i = 0; i < ARRAY_SIZE(tmp.bits); i++)
			tmp.bits[i] = ~tmp.bits[i];
		tmp.others = !tmp.others;
	}
	tmp.given = true;
	*s = tmp;
	return 0;
}

int sc_numset_parse_signals(struct sc_numset *s, const char *set, char *err, size_t errlen)
{
	return numset_parse(s, set, signal_item, err, errlen);
}

int sc_numset_parse_fds(struct sc_numset *s, const char *set, char *err, size_t errlen)
{
	return numset_parse(s, set, fd_item, err, errlen);
}

static const struct {
	const char *name;
	unsigned bit;
} status_names[] = {
	{ "successful", SC_STATUS_SUCCESSFUL },
	{ "failed", SC_STATUS_FAILED },
	{ "unfinished", SC_STATUS_UNFINISHED },
	{ "unavailable", SC_STATUS_UNAVAILABLE },
	{ "detached", SC_STATUS_DETACHED },
	{ "all", SC_STATUS_ALL },
	{ "none", 0 },
};

int sc_status_parse(unsigned *mask, const char *set, char *err, size_t errlen)
{
	unsigned m = 0;
	bool negate = false;
	const char *p = set;

	if (*p == '!') {
		negate = true;
		p++;
	}
	if (!*p)
		return errf(err, errlen, "empty status set '%s'", set);
	for (;;) {
		const char *end = strchrnul(p, ',');
		size_t len = (size_t)(end - p), i;

		for (i = 0; i < ARRAY_SIZE(status_names); i++)
			if (strlen(status_names[i].name) == len && !strncmp(p, status_names[i].name, len))
				break;
		if (i == ARRAY_SIZE(status_names))
			return errf(err, errlen,
				    "unknown status '%.*s' (successful, failed, unfinished, unavailable, detached)",
				    (int)len, p);
		m |= status_names[i].bit;
		if (!*end)
			break;
		p = end + 1;
	}
	if (negate)
		m = ~m & SC_STATUS_ALL;
	/* "none" selects nothing: kept apart from "not given" (0). */
	*mask = m ? m : SC_STATUS_ALL + 1;
	return 0;
}

static int add_trace(struct sc_quals *q, const char *set, char *err, size_t errlen)
{
	size_t old = q->trace ? strlen(q->trace) : 0;
	char *s;

	if (!*set)
		return errf(err, errlen, "empty syscall list");
	s = realloc(q->trace, old + strlen(set) + 2);
	if (!s)
		return errf(err, errlen, "out of memory");
	if (old)
		s[old++] = ',';
	strcpy(s + old, set);
	q->trace = s;
	return 0;
}

/* strace's qualifier names and their aliases. */
enum qual { Q_TRACE, Q_SIGNAL, Q_STATUS, Q_READ, Q_WRITE, Q_UNSUPPORTED };

static const struct {
	const char *name;
	enum qual q;
} qual_names[] = {
	{ "trace", Q_TRACE }, { "t", Q_TRACE },
	{ "signal", Q_SIGNAL }, { "signals", Q_SIGNAL }, { "s", Q_SIGNAL },
	{ "status", Q_STATUS },
	{ "read", Q_READ }, { "reads", Q_READ }, { "r", Q_READ },
	{ "write", Q_WRITE }, { "writes", Q_WRITE }, { "w", Q_WRITE },
	{ "abbrev", Q_UNSUPPORTED }, { "a", Q_UNSUPPORTED }, { "verbose", Q_UNSUPPORTED },
	{ "v", Q_UNSUPPORTED }, { "raw", Q_UNSUPPORTED }, { "x", Q_UNSUPPORTED },
	{ "fault", Q_UNSUPPORTED }, { "inject", Q_UNSUPPORTED }, { "quiet", Q_UNSUPPORTED },
	{ "silent", Q_UNSUPPORTED }, { "silence", Q_UNSUPPORTED }, { "q", Q_UNSUPPORTED },
	{ "decode-fds", Q_UNSUPPORTED }, { "decode-fd", Q_UNSUPPORTED }, { "kvm", Q_UNSUPPORTED },
	{ "trace-fds", Q_UNSUPPORTED }, { "trace-fd", Q_UNSUPPORTED },
	{ "decode-pids", Q_UNSUPPORTED },
};

int sc_quals_add(struct sc_quals *q, const char *expr, char *err, size_t errlen)
{
	const char *eq = strchr(expr, '=');
	size_t len, i;

	if (err && errlen)
		err[0] = '\0';
	if (!eq)
		return add_trace(q, expr, err, errlen);
	len = (size_t)(eq - expr);
	for (i = 0; i < ARRAY_SIZE(qual_names); i++)
		if (strlen(qual_names[i].name) == len && !strncmp(expr, qual_names[i].name, len))
			break;
	if (i == ARRAY_SIZE(qual_names)) {
		/* Not a qualifier: a syscall list (no syscall name has '='). */
		return errf(err, errlen,
			    "unknown qualifier '%.*s' in -e (trace, signal, status, read, write)", (int)len, expr);
	}
	switch (qual_names[i].q) {
	case Q_TRACE:
		return add_trace(q, eq + 1, err, errlen);
	case Q_SIGNAL:
		return sc_numset_parse_signals(&q->signals, eq + 1, err, errlen);
	case Q_STATUS:
		return sc_status_parse(&q->status, eq + 1, err, errlen);
	case Q_READ:
		return sc_numset_parse_fds(&q->read_fds, eq + 1, err, errlen);
	case Q_WRITE:
		return sc_numset_parse_fds(&q->write_fds, eq + 1, err, errlen);
	case Q_UNSUPPORTED:
		break;
	}
	return errf(err, errlen, "-e %.*s= is strace's, not scry trace's (see scry help trace)", (int)len, expr);
}

void sc_quals_release(struct sc_quals *q)
{
	free(q->trace);
	q->trace = NULL;
}

int sc_xlat_style(const char *s)
{
	static const char *const styles[] = { "abbrev", "raw", "verbose" };

	for (int i = 0; i < (int)ARRAY_SIZE(styles); i++)
		if (!strcmp(s, styles[i]))
			return i;
	return -1;
}

/* ---- -tt and -ttt before the option parser ------------------------------------- */

static const struct opt *find_short(const struct opt *opts, int c)
{
	for (const struct opt *o = opts; o->type != OPT_END; o++)
		if (o->short_name == c && o->type != OPT_GROUP)
			return o;
	return NULL;
}

static const struct opt *find_long(const struct opt *opts, const char *name, size_t len)
{
	for (const struct opt *o = opts; o->type != OPT_END; o++)
		if (o->long_name && strlen(o->long_name) == len && !strncmp(o->long_name, name, len))
			return o;
	return NULL;
}

static bool takes_value(const struct opt *o)
{
	if (!o || (o->flags & OPT_OPTARG))
		return false;
	return o->type == OPT_STRING || o->type == OPT_INT || o->type == OPT_UINT || o->type == OPT_DOUBLE ||
	       (o->type == OPT_CALLBACK && !(o->flags & OPT_NOARG));
}

const char **sc_strace_times_argv(const struct opt *opts, int argc, const char **argv)
{
	const char **v = calloc((size_t)argc + 1, sizeof(*v));

	if (!v)
		return NULL;
	memcpy(v, argv, (size_t)argc * sizeof(*v));
	for (int i = 1; i < argc; i++) {
		const char *a = v[i];

		if (!strcmp(a, "--") || a[0] != '-' || !a[1])
			break;
		if (!strcmp(a, "-tt")) {
			v[i] = "--absolute-timestamps=time";
		} else if (!strcmp(a, "-ttt")) {
			v[i] = "--absolute-timestamps=unix";
		} else if (a[1] == '-') {
			if (!strchr(a, '=') && takes_value(find_long(opts, a + 2, strlen(a + 2))))
				i++;
		} else {
			/* a cluster of short options: the first that takes a
			 * value ends it, and takes the next word when the rest
			 * of the cluster is empty */
			for (const char *c = a + 1; *c; c++)
				if (takes_value(find_short(opts, *c))) {
					if (!c[1])
						i++;
					break;
				}
		}
	}
	return v;
}

