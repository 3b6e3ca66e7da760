/* scry argdist: bcc's argdist on the aggregation language. Each -C/-H
 * specifier becomes one probe of a program (util/lang/bcc-argdist.h),
 * run by lang_run with an interval (1 s, as argdist) and printed in
 * argdist's layouts (util/lang/output-bcc.h). -v shows the program. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "builtin.h"
#include "util/core/target.h"
#include "util/debug.h"
#include "util/lang/bcc-argdist.h"
#include "util/lang/runtime.h"
#include "util/options.h"
#include "util/strutil.h"
#include "util/outbuf.h"

#define ARGDIST_MAX_PROBES 64

static const char *const argdist_usage[] = {
	"scry argdist [<options>] {-C|-H} {p,r,t}:{lib|category}:func(signature)[:type[,type]:expr[,expr][:filter]][#label]... [-- COMMAND [ARGS]]",
	NULL,
};

struct spec_arg {
	const char *spec;
	bool hist;
};

struct argdist {
	const char *pid;
	unsigned string_size;
	const char *interval, *duration;
	unsigned count, top;
	bool cumulative, verbose;
	struct spec_arg specs[ARGDIST_MAX_PROBES];
	int nspecs;
	bool too_many;
};

static int add_spec(struct argdist *ad, const char *spec, bool hist)
{
	if (ad->nspecs == ARGDIST_MAX_PROBES) {
		pr_err("argdist: at most %d specifiers", ARGDIST_MAX_PROBES);
		return -1;
	}
	ad->specs[ad->nspecs++] = (struct spec_arg){ spec, hist };
	return 0;
}

static int opt_count(const struct opt *o, const char *arg, void *ctx)
{
	return add_spec(ctx, arg, false);
}

static int opt_hist(const struct opt *o, const char *arg, void *ctx)
{
	return add_spec(ctx, arg, true);
}

static int run(struct argdist *ad, const struct opt *opts, const char **cmd, int ncmd)
{
	struct argdist_probe *probes = calloc(ARGDIST_MAX_PROBES, sizeof(*probes));
	struct lang_bcc_map maps[ARGDIST_MAX_PROBES];
	struct lang_bcc_layout layout = { .tool = LANG_BCC_ARGDIST, .maps = maps };
	struct lang_run_opts lo = { .file = "argdist", .top = ad->top, .count = ad->count,
				    .keep_maps = ad->cumulative, .bcc = &layout, .interval_ms = 1000 };
	struct outbuf prog;
	char err[4096];
	u64 duration_ms = 0;
	int rc = OPT_EXIT_USAGE;

	if (!probes)
		return 1;
	outbuf_init_mem(&prog);
	if (!ad->nspecs) {
		pr_err("argdist: at least one specifier is required (-C or -H)");
		goto usage;
	}
	if (ad->pid && ncmd) {
		pr_err("argdist: give either a command or -p, not both");
		goto usage;
	}
	if (ad->interval && parse_seconds_ms(ad->interval, &lo.interval_ms)) {
		pr_err("argdist: -i wants seconds greater than 0 (1, 0.5), not '%s'", ad->interval);
		goto usage;
	}
	if (ad->duration && parse_seconds_ms(ad->duration, &duration_ms)) {
		pr_err("argdist: -d wants seconds greater than 0, not '%s'", ad->duration);
		goto usage;
	}
	/* argdist prints the counts first, then the histograms, each in the
	 * order given: the maps are numbered so (they print in name order). */
	for (int pass = 0, k = 0; pass < 2; pass++)
		for (int i = 0; i < ad->nspecs; i++) {
			if (ad->specs[i].hist != (pass == 1))
				continue;
			if (argdist_translate(ad->specs[i].spec, ad->specs[i].hist, k, ad->string_size, &probes[k],
					      err, sizeof(err))) {
				pr_err("argdist: %s", err);
				goto usage;
			}
			maps[k] = probes[k].show;
			layout.nmaps = k + 1;
			outbuf_puts(&prog, probes[k].program);
			k++;
		}
	if (duration_ms)        /* bcc's -d: the run ends after this long */
		outbuf_printf(&prog, "interval:ms:%llu { exit(); }\n", (unsigned long long)duration_ms);
	lo.text = outbuf_cstr(&prog);
	lo.len = prog.len;
	if (ad->verbose)
		fprintf(stderr, "%s", lo.text);
	rc = lang_run_targets(&lo, ad->pid, cmd, ncmd, "argdist", err, sizeof(err));
	if (rc < 0)
		pr_err("%s", err);
	if (rc == LANG_RUN_USAGE)
		goto usage;
	if (rc < 0)
		rc = 1;
	goto out;
usage:
	rc = options_usage_error(opts, argdist_usage);
out:
	for (int i = 0; i < ARGDIST_MAX_PROBES; i++)
		argdist_probe_release(&probes[i]);
	free(probes);
	outbuf_release(&prog);
	return rc;
}

int cmd_argdist(int argc, const char **argv)
{
	struct argdist *ad = calloc(1, sizeof(*ad));
	int idx, rc, ncmd = 0;

	if (!ad)
		return 1;
	struct opt opts[] = {
		{ OPT_STRING, 'p', "pid", &ad->pid, "PID", "only this process; stop when it exits", 0, NULL },
		{ OPT_UINT, 'z', "string-size", &ad->string_size, "STRING_SIZE",
		  "bytes of char* values to read (default 80)", 0, NULL },
		{ OPT_STRING, 'i', "interval", &ad->interval, "INTERVAL", "output interval, in seconds (default 1)", 0, NULL },
		{ OPT_UINT, 'n', "number", &ad->count, "COUNT", "number of outputs, then stop", 0, NULL },
		{ OPT_STRING, 'd', "duration", &ad->duration, "DURATION", "total duration of the trace, in seconds", 0, NULL },
		{ OPT_BOOL, 'c', "cumulative", &ad->cumulative, NULL,
		  "do not clear histograms and counts at each interval", OPT_NONEG, NULL },
		{ OPT_UINT, 'T', "top", &ad->top, "TOP", "number of top results to show (not for histograms)", 0, NULL },
		{ OPT_BOOL, 'v', "verbose", &ad->verbose, NULL,
		  "print the generated program (the language's) on stderr before running it", OPT_NONEG, NULL },
		{ OPT_CALLBACK, 'C', "count", NULL, "SPECIFIER", "probe specifier to capture a count of (repeatable)",
		  0, opt_count },
		{ OPT_CALLBACK, 'H', "histogram", NULL, "SPECIFIER",
		  "probe specifier to capture a histogram of (repeatable)", 0, opt_hist },
		OPT_END_MARK,
	};

	/* What follows "--" is a command to run and trace. */
	for (int i = 1; i < argc; i++)
		if (!strcmp(argv[i], "--")) {
			ncmd = argc - i - 1;
			break;
		}
	idx = options_parse(opts, argc, argv, "argdist", argdist_usage, false, ad);
	if (idx < 0) {
		free(ad);
		return options_exit_status(idx);
	}
	if (idx < argc - ncmd) {
		pr_err("argdist: unexpected argument '%s' (specifiers follow -C or -H; a command follows --)", argv[idx]);
		free(ad);
		return options_usage_error(opts, argdist_usage);
	}
	rc = run(ad, opts, argv + argc - ncmd, ncmd);
	free(ad);
	return rc;
}
