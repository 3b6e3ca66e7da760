/* scry stackcount: bcc's stackcount on the aggregation language. The
 * pattern becomes one probe counting @[kstack, ustack, pid, comm] (the
 * stacks -K/-U ask for; pid and comm when stacks are per process, as bcc
 * keys them), run by lang_run and printed in stackcount's layout
 * (util/lang/output-bcc.h). --debug shows the program. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "builtin.h"
#include "util/core/target.h"
#include "util/debug.h"
#include "util/lang/output-bcc.h"
#include "util/lang/runtime.h"
#include "util/options.h"
#include "util/strutil.h"
#include "util/outbuf.h"

static const char *const stackcount_usage[] = {
	"scry stackcount [<options>] {func|lib:func|p:lib:func|t:category:event} [-- COMMAND [ARGS]]",
	NULL,
};

struct stackcount {
	const char *pid, *interval, *duration;
	bool timestamps, regexp, offsets, perpid, kernel_only, user_only, addresses, delimited, folded, debug;
};

/* -r: a regular expression the language's globs can say (^, $, .*), as
 * a glob; NULL when it needs more. re.match anchors at the start only. */
static char *regex_to_glob(const char *re)
{
	size_t n = strlen(re), o = 0;
	char *g = malloc(n + 2);
	bool anchored_end = false;

	if (!g)
		return NULL;
	if (*re == '^') {
		re++;
		n--;
	}
	if (n && re[n - 1] == '$' && (n < 2 || re[n - 2] != '\\')) {
		anchored_end = true;
		n--;
	}
	for (size_t i = 0; i < n; i++) {
		if (re[i] == '.' && i + 1 < n && re[i + 1] == '*') {
			if (!o || g[o - 1] != '*')
				g[o++] = '*';
			i++;
		} else if (strchr(".[](){}|+?*\\^$", re[i])) {
			free(g);
			return NULL;
		} else {
			g[o++] = re[i];
		}
	}
	if (!anchored_end && (!o || g[o - 1] != '*'))
		g[o++] = '*';
	g[o] = 0;
	return g;
}

/* bcc's pattern forms, as a probe of the language; -1 with the reason. */
static int pattern_probe(const char *pattern, const char *glob_of, struct outbuf *ob, bool *kernel)
{
	const char *parts[3];
	size_t lens[3];
	int n = 0;
	const char *s = pattern;

	for (;;) {
		const char *c = strchr(s, ':');

		if (n == 3) {
			pr_err("stackcount: too many ':'-separated components in pattern %s", pattern);
			return -1;
		}
		parts[n] = s;
		lens[n++] = c ? (size_t)(c - s) : strlen(s);
		if (!c)
			break;
		s = c + 1;
	}
	if (n == 1) {
		*kernel = true;
		outbuf_printf(ob, "kprobe:%s", glob_of);
		return 0;
	}
	if (n == 2) {
		*kernel = !lens[0];
		if (*kernel)
			outbuf_printf(ob, "kprobe:%s", glob_of);
		else
			outbuf_printf(ob, "uprobe:%.*s:%s", (int)lens[0], parts[0], glob_of);
		return 0;
	}
	if (lens[0] == 1 && parts[0][0] == 't') {
		*kernel = true;
		outbuf_printf(ob, "tracepoint:%.*s:%s", (int)lens[1], parts[1], glob_of);
		return 0;
	}
	if (lens[0] == 1 && parts[0][0] == 'p') {
		*kernel = !lens[1];
		if (*kernel)
			outbuf_printf(ob, "kprobe:%s", glob_of);
		else
			outbuf_printf(ob, "uprobe:%.*s:%s", (int)lens[1], parts[1], glob_of);
		return 0;
	}
	if (lens[0] == 1 && parts[0][0] == 'u') {
		pr_err("stackcount: USDT probes (u:lib:probe) are not supported");
		return -1;
	}
	pr_err("stackcount: type must be 'p', 't', or 'u', but got %.*s", (int)lens[0], parts[0]);
	return -1;
}

static int run(struct stackcount *sc, const struct opt *opts, const char *pattern, const char **cmd, int ncmd)
{
	struct lang_bcc_layout layout = {
		.tool = LANG_BCC_STACKCOUNT, .pattern = pattern, .folded = sc->folded, .timestamps = sc->timestamps,
		.show_comm = !sc->pid, .offsets = sc->offsets, .addresses = sc->addresses,
		.delimiter = sc->delimited && !sc->kernel_only && !sc->user_only,
	};
	struct lang_run_opts lo = { .file = "stackcount", .bcc = &layout };
	struct outbuf prog;
	char err[4096], *glob = NULL;
	const char *last;
	u64 duration_ms = 0;
	bool kernel = false, kstack, ustack, perpid;
	int rc = OPT_EXIT_USAGE, nkeys = 0;

	outbuf_init_mem(&prog);
	if (sc->kernel_only && sc->user_only) {
		pr_err("stackcount: -K and -U are mutually exclusive (both stacks are the default)");
		goto usage;
	}
	if (sc->pid && ncmd) {
		pr_err("stackcount: give either a command or -p, not both");
		goto usage;
	}
	if (sc->interval && parse_seconds_ms(sc->interval, &lo.interval_ms)) {
		pr_err("stackcount: -i wants seconds greater than 0, not '%s'", sc->interval);
		goto usage;
	}
	if (sc->duration && parse_seconds_ms(sc->duration, &duration_ms)) {
		pr_err("stackcount: -D wants seconds greater than 0, not '%s'", sc->duration);
		goto usage;
	}
	last = strrchr(pattern, ':');
	last = last ? last + 1 : pattern;
	if (!*last) {
		pr_err("stackcount: no function or event in pattern '%s'", pattern);
		goto usage;
	}
	if (sc->regexp) {
		glob = regex_to_glob(last);
		if (!glob) {
			pr_err("stackcount: -r '%s': only regular expressions that are globs (^, $, .*) are supported; "
			       "use a '*' pattern", last);
			goto usage;
		}
	} else {
		glob = strdup(last);
		if (!glob) {
			rc = 1;
			goto out;
		}
	}
	if (pattern_probe(pattern, glob, &prog, &kernel))
		goto usage;
	kstack = !sc->user_only;
	ustack = !sc->kernel_only;
	/* bcc keys stacks by process when they need it: user stacks (their
	 * addresses mean something in one process), user-space probes, -P. */
	perpid = sc->perpid || !kernel || ustack;
	outbuf_puts(&prog, " { @[");
	if (kstack)
		outbuf_puts(&prog, nkeys++ ? ", kstack" : "kstack");
	if (ustack)
		outbuf_puts(&prog, nkeys++ ? ", ustack" : "ustack");
	if (perpid)
		outbuf_puts(&prog, ", pid, comm");
	outbuf_puts(&prog, "] = count(); }\n");
	if (duration_ms) {
		outbuf_printf(&prog, "interval:ms:%llu { exit(); }\n", (unsigned long long)duration_ms);
		layout.helper_probes = 1;
	}
	lo.text = outbuf_cstr(&prog);
	lo.len = prog.len;
	if (sc->debug)
		fprintf(stderr, "%s", lo.text);
	rc = lang_run_targets(&lo, sc->pid, cmd, ncmd, "stackcount", err, sizeof(err));
	if (rc < 0)
		pr_err("%s", err);
	if (rc == LANG_RUN_USAGE)
		goto usage;
	if (rc < 0)
		rc = 1;
	goto out;
usage:
	rc = options_usage_error(opts, stackcount_usage);
out:
	free(glob);
	outbuf_release(&prog);
	return rc;
}

int cmd_stackcount(int argc, const char **argv)
{
	struct stackcount *sc = calloc(1, sizeof(*sc));
	int idx, rc, ncmd = 0;

	if (!sc)
		return 1;
	struct opt opts[] = {
		{ OPT_STRING, 'p', "pid", &sc->pid, "PID", "trace this process only", 0, NULL },
		{ OPT_STRING, 'i', "interval", &sc->interval, "INTERVAL", "summary interval, in seconds", 0, NULL },
		{ OPT_STRING, 'D', "duration", &sc->duration, "DURATION", "total duration of the trace, in seconds", 0, NULL },
		{ OPT_BOOL, 'T', "timestamp", &sc->timestamps, NULL, "include a timestamp in each output", OPT_NONEG, NULL },
		{ OPT_BOOL, 'r', "regexp", &sc->regexp, NULL,
		  "the pattern is a regular expression (those a glob can say: ^, $, .*)", OPT_NONEG, NULL },
		{ OPT_BOOL, 's', "offset", &sc->offsets, NULL, "show address offsets", OPT_NONEG, NULL },
		{ OPT_BOOL, 'P', "perpid", &sc->perpid, NULL, "display stacks separately for each process", OPT_NONEG, NULL },
		{ OPT_BOOL, 'K', "kernel-stacks-only", &sc->kernel_only, NULL, "kernel stacks only", OPT_NONEG, NULL },
		{ OPT_BOOL, 'U', "user-stacks-only", &sc->user_only, NULL, "user stacks only", OPT_NONEG, NULL },
		{ OPT_BOOL, 'v', "verbose", &sc->addresses, NULL, "show raw addresses", OPT_NONEG, NULL },
		{ OPT_BOOL, 'd', "delimited", &sc->delimited, NULL, "insert a delimiter between kernel and user stacks",
		  OPT_NONEG, NULL },
		{ OPT_BOOL, 'f', "folded", &sc->folded, NULL, "output folded format (comm;frames count)", OPT_NONEG, NULL },
		{ OPT_BOOL, 0, "debug", &sc->debug, NULL, "print the generated program (the language's) on stderr first",
		  OPT_NONEG, NULL },
		OPT_END_MARK,
	};

	for (int i = 1; i < argc; i++)
		if (!strcmp(argv[i], "--")) {
			ncmd = argc - i - 1;
			break;
		}
	idx = options_parse(opts, argc, argv, "stackcount", stackcount_usage, false, sc);
	if (idx < 0) {
		free(sc);
		return options_exit_status(idx);
	}
	if (argc - ncmd - idx != 1) {
		if (argc - ncmd - idx < 1)
			pr_err("stackcount: give a pattern: a function, lib:func or t:category:event");
		else
			pr_err("stackcount: one pattern only; unexpected '%s'", argv[idx + 1]);
		free(sc);
		return options_usage_error(opts, stackcount_usage);
	}
	rc = run(sc, opts, argv[idx], argv + argc - ncmd, ncmd);
	free(sc);
	return rc;
}
