#include "util/options.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "util/types.h"

#define LONG_NEG_BASE 0x10000   /* getopt value for --no-X of option i */
#define LONG_ONLY_BASE 0x20000  /* getopt value for long-only option i */

static size_t count_opts(const struct opt *o)
{
	size_t n = 0;
	while (o[n].type != OPT_END)
		n++;
	return n;
}

static bool takes_arg(const struct opt *o)
{
	switch (o->type) {
	case OPT_INT:
	case OPT_UINT:
	case OPT_DOUBLE:
	case OPT_STRING:
		return true;
	case OPT_CALLBACK:
		return !(o->flags & OPT_NOARG);
	default:
		return false;
	}
}

static void print_opt_name(const struct opt *o, char *buf, size_t len)
{
	if (o->long_name)
		snprintf(buf, len, "--%s", o->long_name);
	else
		snprintf(buf, len, "-%c", o->short_name);
}

static int apply(const struct opt *o, const char *arg, bool neg, const char *cmd, void *ctx)
{
	char name[64], *end;

	print_opt_name(o, name, sizeof(name));
	/* An optional argument left out: the option keeps its default. */
	if (!arg && (o->flags & OPT_OPTARG) && o->type != OPT_CALLBACK)
		return 0;
	switch (o->type) {
	case OPT_BOOL:
		*(bool *)o->value = !neg;
		return 0;
	case OPT_COUNT:
		(*(int *)o->value)++;
		return 0;
	case OPT_INT:
	case OPT_UINT: {
		long v;
		errno = 0;
		v = strtol(arg, &end, 0);
		if (errno || end == arg || *end || v > INT_MAX || v < INT_MIN ||
		    (o->type == OPT_UINT && v < 0)) {
			fprintf(stderr, "scry %s: %s expects a%s number, not '%s'\n", cmd, name,
				o->type == OPT_UINT ? " non-negative" : "n integer", arg);
			return -1;
		}
		*(int *)o->value = (int)v;
		return 0;
	}
	case OPT_DOUBLE: {
		double v;
		errno = 0;
		v = strtod(arg, &end);
		if (errno || end == arg || *end || v < 0) {
			fprintf(stderr, "scry %s: %s expects a non-negative number, not '%s'\n", cmd, name,
				arg);
			return -1;
		}
		*(double *)o->value = v;
		return 0;
	}
	case OPT_STRING:
		*(const char **)o->value = arg;
		return 0;
	case OPT_CALLBACK:
		return o->cb(o, neg ? NULL : arg, ctx);
	default:
		return 0;
	}
}

/* Is c a value getopt_long returns for one of our options (not an unknown letter)? */
static bool is_known_val(const struct opt *opts, size_t n, int c)
{
	if (c >= LONG_NEG_BASE || c == 'h')
		return true;
	for (size_t i = 0; i < n; i++)
		if (opts[i].short_name == c && opts[i].type != OPT_GROUP)
			return true;
	return false;
}

int options_parse(const struct opt *opts, int argc, const char **argv, const char *cmd,
	       const char *const *usage, bool stop_at_nonopt, void *ctx)
{
	size_t n = count_opts(opts), nl = 0;
	struct option *lo = calloc(2 * n + 2, sizeof(*lo));
	char *shorts = malloc(3 * n + 4);
	char *sp = shorts;
	int rc = OPT_PARSE_USAGE_ERROR;

	if (!lo || !shorts) {
		free(lo);
		free(shorts);
		fprintf(stderr, "scry %s: out of memory\n", cmd);
		return OPT_PARSE_FAILED;
	}
	if (stop_at_nonopt)
		*sp++ = '+';
	*sp++ = ':';    /* report missing arguments distinctly */
	for (size_t i = 0; i < n; i++) {
		const struct opt *o = &opts[i];
		int has = takes_arg(o) ? ((o->flags & OPT_OPTARG) ? optional_argument : required_argument)
				       : no_argument;
		if (o->type == OPT_GROUP || o->type == OPT_END)
			continue;
		if (o->short_name) {
			*sp++ = (char)o->short_name;
			if (has == required_argument)
				*sp++ = ':';
			else if (has == optional_argument) {
				*sp++ = ':';
				*sp++ = ':';
			}
		}
		if (o->long_name) {
			lo[nl].name = o->long_name;
			lo[nl].has_arg = has;
			lo[nl].val = o->short_name ? o->short_name : LONG_ONLY_BASE + (int)i;
			nl++;
			if (o->type == OPT_BOOL && !(o->flags & OPT_NONEG)) {
				/* "--no-X": names are static, build them once per parse. */
				size_t l = strlen(o->long_name) + 4;
				char *neg = malloc(l);
				if (neg) {
					snprintf(neg, l, "no-%s", o->long_name);
					lo[nl].name = neg;
					lo[nl].has_arg = no_argument;
					lo[nl].val = LONG_NEG_BASE + (int)i;
					nl++;
				}
			}
		}
	}
	lo[nl++] = (struct option){ "help", no_argument, NULL, 'h' };
	*sp++ = 'h';
	*sp = '\0';

	optind = 0;     /* full reset: parse may run more than once */
	opterr = 0;
	for (;;) {
		int c = getopt_long(argc, (char *const *)argv, shorts, lo, NULL);
		const struct opt *o = NULL;
		bool neg = false;

		if (c == -1)
			break;
		if (c == 'h') {
			options_usage(opts, usage, stdout);
			rc = OPT_PARSE_HELP;
			goto out;
		}
		if (c == '?' || c == ':') {
			const char *bad = argv[optind - 1];
			if (c == ':')
				fprintf(stderr, "scry %s: option '%s' needs an argument\n", cmd, bad);
			else if (optopt && is_known_val(opts, n, optopt))
				/* "--flag=1": getopt sets optopt to the option's own value. */
				fprintf(stderr, "scry %s: option '%.*s' takes no argument\n", cmd,
					(int)strcspn(bad, "="), bad);
			else if (optopt)
				fprintf(stderr, "scry %s: unknown option '-%c'\n", cmd, optopt);
			else
				fprintf(stderr, "scry %s: unknown option '%s'\n", cmd, bad);
			goto out;
		}
		if (c >= LONG_ONLY_BASE) {
			o = &opts[c - LONG_ONLY_BASE];
		} else if (c >= LONG_NEG_BASE) {
			o = &opts[c - LONG_NEG_BASE];
			neg = true;
		} else {
			for (size_t i = 0; i < n; i++)
				if (opts[i].short_name == c && opts[i].type != OPT_GROUP)
					o = &opts[i];
		}
		if (!o)
			goto out;
		if (apply(o, optarg, neg, cmd, ctx))
			goto out;
	}
	rc = optind;
out:
	if (rc == OPT_PARSE_USAGE_ERROR)
		options_usage(opts, usage, stderr);
	for (size_t i = 0; i < nl; i++)
		if (lo[i].val >= LONG_NEG_BASE && lo[i].val < LONG_ONLY_BASE)
			free((char *)lo[i].name);
	free(lo);
	free(shorts);
	return rc;
}

int options_exit_status(int parse_result)
{
	switch (parse_result) {
	case OPT_PARSE_HELP:
		return 0;
	case OPT_PARSE_USAGE_ERROR:
		return OPT_EXIT_USAGE;
	default:
		return OPT_EXIT_FAILURE;
	}
}

int options_usage_error(const struct opt *opts, const char *const *usage)
{
	options_usage(opts, usage, stderr);
	return OPT_EXIT_USAGE;
}

void options_usage(const struct opt *opts, const char *const *usage, FILE *f)
{
	for (size_t i = 0; usage && usage[i]; i++)
		fprintf(f, "%s %s\n", i ? "   or:" : " usage:", usage[i]);
	fputc('\n', f);
	for (const struct opt *o = opts; o->type != OPT_END; o++) {
		char left[96];
		int n = 0;

		if (o->flags & OPT_HIDDEN)
			continue;
		if (o->type == OPT_GROUP) {
			fprintf(f, "\n%s\n", o->help);
			continue;
		}
#define LEFT_ROOM ((size_t)n < sizeof(left) ? sizeof(left) - (size_t)n : 0)
		n += snprintf(left + n, sizeof(left) - (size_t)n, "    ");
		if (o->short_name)
			n += snprintf(left + n, LEFT_ROOM, "-%c", o->short_name);
		else
			n += snprintf(left + n, LEFT_ROOM, "  ");
		if (o->long_name && (size_t)n < sizeof(left))
			n += snprintf(left + n, LEFT_ROOM, "%s--%s%s", o->short_name ? ", " : "  ",
				      (o->type == OPT_BOOL && !(o->flags & OPT_NONEG)) ? "[no-]" : "",
				      o->long_name);
		if (takes_arg(o) && (size_t)n < sizeof(left))
			n += snprintf(left + n, LEFT_ROOM, (o->flags & OPT_OPTARG) ? "[=%s]" : " %s",
				      o->argh ? o->argh : "ARG");
#undef LEFT_ROOM
		if (n > 30)
			fprintf(f, "%s\n%32s%s\n", left, "", o->help);
		else
			fprintf(f, "%-32s%s\n", left, o->help);
	}
	fputc('\n', f);
}
