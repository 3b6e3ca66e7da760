/* scry inject: rewrite a data file as perf inject does.
 *
 *   scry record -o - -- prog | scry inject -b | scry report -i -
 *   scry inject -i pipe.data -o file.data     a pipe stream into a seekable file
 *   scry inject -i file.data -o -             a file into a pipe stream
 *   scry inject -i z.data -o plain.data       COMPRESSED records expanded
 *
 * Records are copied in file order (util/perfdata/inject.h); -b adds the
 * build-ids of the DSOs the samples hit. perf inject's other jobs (AUX
 * area decoding, jitdump, sched-stat merging, guests) are refused by name
 * as usage errors, so a perf command line that needs them fails clearly. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "builtin.h"
#include "util/debug.h"
#include "util/options.h"
#include "util/perfdata/inject.h"

struct inject_cmd {
	const char *input, *output;
	bool build_ids, all_build_ids, force;
	int verbose;
};

static const char *const inject_usage[] = {
	"scry inject [<options>]",
	"scry record -o - -- CMD | scry inject -b [-o FILE]",
	NULL,
};

/* perf inject's options for what scry does not do: named, so that the
 * error says so rather than "unknown option". */
static int not_supported(const struct opt *o, const char *arg, void *ctx)
{
	(void)arg;
	(void)ctx;
	fprintf(stderr, "scry inject: --%s is not supported (scry inject converts, decompresses and adds build-ids)\n",
		o->long_name);
	return -1;
}

static bool same_file(const char *a, const char *b)
{
	struct stat sa, sb;

	if (!strcmp(a, "-") || !strcmp(b, "-"))
		return false;
	return !stat(a, &sa) && !stat(b, &sb) && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

static int inject_main(struct inject_cmd *c)
{
	struct inject_opts o = {
		.input = c->input, .output = c->output,
		.build_ids = c->build_ids, .all_build_ids = c->all_build_ids,
	};
	struct inject_stats st;
	struct data_reader *r;
	const char *note;
	char err[1024];
	int rc;

	if (same_file(c->input, c->output)) {
		pr_err("inject: %s and %s are the same file (write to another one)", c->input, c->output);
		return 1;
	}
	r = data_reader_open(c->input, err, sizeof(err));
	if (!r) {
		pr_err("inject: %s: %s", c->input, err);
		return 1;
	}
	note = data_reader_note(r);
	if (note)
		pr_warn("inject: %s: %s", c->input, note);
	rc = inject_run(r, &o, &st, err, sizeof(err));
	if (rc)
		pr_err("inject: %s", err);
	else if (c->verbose)
		fprintf(stderr, "[ scry inject: %llu records (%llu samples), %u build-ids added to %u, %.3f MB written ]\n",
			(unsigned long long)st.records, (unsigned long long)st.samples, st.build_ids_added,
			st.build_ids_in, (double)st.bytes_out / (1 << 20));
	/* A note the reader found only at the end (a cut last record). */
	if (!rc && data_reader_note(r) && data_reader_note(r) != note)
		pr_warn("inject: %s: %s", c->input, data_reader_note(r));
	data_reader_close(r);
	return rc ? 1 : 0;
}

int cmd_inject(int argc, const char **argv)
{
	struct inject_cmd c = { .input = "-", .output = "-" };
	const struct opt opts[] = {
		{ OPT_STRING, 'i', "input", &c.input, "FILE", "the data file to read (default -: standard input)", 0, NULL },
		{ OPT_STRING, 'o', "output", &c.output, "FILE",
		  "the file to write (default -: standard output, as a pipe stream)", 0, NULL },
		{ OPT_BOOL, 'b', "build-ids", &c.build_ids, NULL, "add the build-ids of the DSOs the samples hit", OPT_NONEG, NULL },
		{ OPT_BOOL, 0, "buildid-all", &c.all_build_ids, NULL, "add the build-ids of every DSO mapped", OPT_NONEG, NULL },
		{ OPT_BOOL, 'f', "force", &c.force, NULL, "accepted for perf's command lines (scry checks no file owner)",
		  OPT_NONEG, NULL },
		{ OPT_COUNT, 'v', "verbose", &c.verbose, NULL, "a summary line on stderr", 0, NULL },
		/* perf inject's, refused */
		{ OPT_CALLBACK, 0, "itrace", NULL, "OPTS", "", OPT_HIDDEN | OPT_OPTARG, not_supported },
		{ OPT_CALLBACK, 0, "strip", NULL, NULL, "", OPT_HIDDEN | OPT_NOARG, not_supported },
		{ OPT_CALLBACK, 'j', "jit", NULL, NULL, "", OPT_HIDDEN | OPT_NOARG, not_supported },
		{ OPT_CALLBACK, 's', "sched-stat", NULL, NULL, "", OPT_HIDDEN | OPT_NOARG, not_supported },
		{ OPT_CALLBACK, 'k', "vmlinux", NULL, "FILE", "", OPT_HIDDEN, not_supported },
		{ OPT_CALLBACK, 0, "kallsyms", NULL, "FILE", "", OPT_HIDDEN, not_supported },
		{ OPT_CALLBACK, 0, "ignore-vmlinux", NULL, NULL, "", OPT_HIDDEN | OPT_NOARG, not_supported },
		{ OPT_CALLBACK, 0, "known-build-ids", NULL, "LIST", "", OPT_HIDDEN, not_supported },
		{ OPT_CALLBACK, 0, "guest-data", NULL, "OPTS", "", OPT_HIDDEN | OPT_OPTARG, not_supported },
		{ OPT_CALLBACK, 0, "guestmount", NULL, "DIR", "", OPT_HIDDEN, not_supported },
		{ OPT_CALLBACK, 0, "vm-time-correlation", NULL, "OPTS", "", OPT_HIDDEN | OPT_OPTARG, not_supported },
		OPT_END_MARK,
	};
	int idx = options_parse(opts, argc, argv, "inject", inject_usage, false, &c);

	if (idx < 0)
		return options_exit_status(idx);
	if (idx < argc) {
		pr_err("inject: unexpected argument '%s' (the input is given with -i)", argv[idx]);
		return options_usage_error(opts, inject_usage);
	}
	/* Binary data is for a file or a pipe, not a terminal (and a
	 * terminal gives none). */
	if (!strcmp(c.output, "-") && isatty(STDOUT_FILENO)) {
		pr_err("inject: standard output is a terminal: give -o FILE or a pipe");
		return options_usage_error(opts, inject_usage);
	}
	if (!strcmp(c.input, "-") && isatty(STDIN_FILENO)) {
		pr_err("inject: standard input is a terminal: give -i FILE or a pipe");
		return options_usage_error(opts, inject_usage);
	}
	log_set_level(c.verbose);
	return inject_main(&c);
}
