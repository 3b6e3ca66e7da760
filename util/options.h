/* Table-driven command-line options: one table per command gives parsing
 * (getopt_long underneath) and the -h usage text, so the two never drift. */
#ifndef SCRY_OPTIONS_H
#define SCRY_OPTIONS_H

#include <stdbool.h>
#include <stdio.h>

enum opt_type {
	OPT_END = 0,
	OPT_BOOL,       /* --flag sets true; --no-flag sets false */
	OPT_COUNT,      /* -v -v: increments an int */
	OPT_INT,
	OPT_UINT,
	OPT_DOUBLE,
	OPT_STRING,     /* const char *, points into argv */
	OPT_CALLBACK,   /* cb(opt, arg) */
	OPT_GROUP,      /* a heading in the usage text */
};

enum opt_flags {
	OPT_NOARG = 1 << 0,         /* OPT_CALLBACK without an argument */
	OPT_OPTARG = 1 << 1,        /* the argument is optional (--opt[=ARG], -oARG) */
	OPT_NONEG = 1 << 2,         /* OPT_BOOL without a --no- form */
	OPT_HIDDEN = 1 << 3,
};

struct opt;
typedef int (*opt_cb)(const struct opt *o, const char *arg, void *ctx);

struct opt {
	enum opt_type type;
	int short_name;         /* 0: none */
	const char *long_name;  /* NULL: none */
	void *value;
	const char *argh;       /* argument placeholder in usage: "PID" */
	const char *help;
	int flags;
	opt_cb cb;
};

#define OPT_END_MARK { .type = OPT_END }

/* Parse argv[1..]; stops at "--" or (when stop_at_nonopt) the first
 * non-option. Returns the index of the first unparsed argument, or -1 after
 * printing one error line ("scry CMD: ...") and the hint to use -h.
 * -h/--help prints the usage and returns -2. ctx is passed to callbacks. */
int options_parse(const struct opt *opts, int argc, const char **argv, const char *cmd,
	       const char *const *usage, bool stop_at_nonopt, void *ctx);
void options_usage(const struct opt *opts, const char *const *usage, FILE *f);

#endif
