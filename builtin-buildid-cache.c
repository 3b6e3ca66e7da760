/* scry buildid-cache: perf's build-id cache ($PERF_BUILDID_DIR, else
 * ~/.debug), written and read in perf's layout so that either tool names
 * the binaries the other cached (util/symbols/buildid-cache.h).
 *
 *   scry buildid-cache --add /usr/bin/prog     keep a copy (or hard link) by build-id
 *   scry buildid-cache --list                  "BUILDID PATH" lines, as perf prints them
 *   scry buildid-cache --remove /usr/bin/prog  forget it
 *
 * report and script read the cache for a binary no longer at its path. */
#include <stdio.h>
#include <string.h>

#include "builtin.h"
#include "util/debug.h"
#include "util/options.h"
#include "util/symbols/buildid-cache.h"

#define MAX_FILES 64

struct buildid_cache_cmd {
	const char *adds[MAX_FILES], *removes[MAX_FILES];
	int nr_adds, nr_removes;
	bool list;
	int verbose;
};

static const char *const buildid_cache_usage[] = {
	"scry buildid-cache [<options>]",
	"scry buildid-cache --add FILE | --remove FILE | --list",
	NULL,
};

/* A FILE,FILE list (perf's form) or one file per option. */
static int add_files(const char **to, int *nr, const char *arg, const char *opt)
{
	char buf[4096], *save, *tok;

	if (strlen(arg) >= sizeof(buf)) {
		fprintf(stderr, "scry buildid-cache: --%s: the list is too long\n", opt);
		return -1;
	}
	/* Pointers into argv are kept; the copy is only to count and check. */
	strcpy(buf, arg);
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		if (*nr == MAX_FILES) {
			fprintf(stderr, "scry buildid-cache: at most %d files to --%s\n", MAX_FILES, opt);
			return -1;
		}
		to[(*nr)++] = arg + (tok - buf);
	}
	return 0;
}

static int opt_add(const struct opt *o, const char *arg, void *ctx)
{
	struct buildid_cache_cmd *c = ctx;

	(void)o;
	return add_files(c->adds, &c->nr_adds, arg, "add");
}

static int opt_remove(const struct opt *o, const char *arg, void *ctx)
{
	struct buildid_cache_cmd *c = ctx;

	(void)o;
	return add_files(c->removes, &c->nr_removes, arg, "remove");
}

/* A file from a list given with commas: up to the next comma. */
static const char *one_file(const char *s, char *buf, size_t len)
{
	size_t n = strcspn(s, ",");

	if (n >= len)
		n = len - 1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	return buf;
}

static int for_each(const char *const *files, int nr, int (*fn)(const char *, char *, size_t), const char *verb,
		    int verbose)
{
	char err[4200], name[4096];
	int failed = 0;

	for (int i = 0; i < nr; i++) {
		const char *f = one_file(files[i], name, sizeof(name));

		if (fn(f, err, sizeof(err))) {
			pr_err("buildid-cache: %s", err);
			failed = 1;
		} else if (verbose) {
			printf("%s %s\n", verb, f);
		}
	}
	return failed;
}

int cmd_buildid_cache(int argc, const char **argv)
{
	struct buildid_cache_cmd c = { .nr_adds = 0 };
	const struct opt opts[] = {
		{ OPT_CALLBACK, 'a', "add", NULL, "FILE[,FILE]", "add files to the cache (repeatable)", 0, opt_add },
		{ OPT_CALLBACK, 'r', "remove", NULL, "FILE[,FILE]", "remove files' entries from the cache (repeatable)", 0,
		  opt_remove },
		{ OPT_BOOL, 'l', "list", &c.list, NULL, "list the cached files: build-id and path", OPT_NONEG, NULL },
		{ OPT_COUNT, 'v', "verbose", &c.verbose, NULL, "say what was added and removed", 0, NULL },
		OPT_END_MARK,
	};
	int idx = options_parse(opts, argc, argv, "buildid-cache", buildid_cache_usage, false, &c);
	char err[256];
	int rc = 0;

	if (idx < 0)
		return options_exit_status(idx);
	if (idx < argc) {
		pr_err("buildid-cache: unexpected argument '%s' (files are given with --add or --remove)", argv[idx]);
		return options_usage_error(opts, buildid_cache_usage);
	}
	if (!c.nr_adds && !c.nr_removes && !c.list) {
		pr_err("buildid-cache: nothing to do: give --add, --remove or --list");
		return options_usage_error(opts, buildid_cache_usage);
	}
	log_set_level(c.verbose);
	rc |= for_each(c.adds, c.nr_adds, buildid_cache_add, "Added", c.verbose);
	rc |= for_each(c.removes, c.nr_removes, buildid_cache_remove, "Removed", c.verbose);
	if (c.list && buildid_cache_list(stdout, err, sizeof(err)) < 0) {
		pr_err("buildid-cache: %s", err);
		rc = 1;
	}
	return rc;
}
