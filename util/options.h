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
/* Returns 0, or -1 after printing why arg is not a value the option takes:
 * the command line is wrong, so options_parse treats it as a usage error. */
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

/* Exit statuses, as git and perf have them: a usage error (an unknown
 * option, a missing argument, a bad value, an unknown command: what the
 * command line alone shows wrong) exits 129 with the usage on stderr; a
 * failure at run time (no such file, no permission, the kernel refused)
 * exits 1. */
#define OPT_EXIT_USAGE 129
#define OPT_EXIT_FAILURE 1

/* What options_parse returns when it does not return an index. */
enum {
	OPT_PARSE_USAGE_ERROR = -1,     /* the error line and the usage are on stderr */
	OPT_PARSE_HELP = -2,            /* -h/--help: the usage is on stdout */
	OPT_PARSE_FAILED = -3,          /* out of memory, said on stderr */
};

/* Parse argv[1..]; stops at "--" or (when stop_at_nonopt) the first
 * non-option. Returns the index of the first unparsed argument, or one of
 * OPT_PARSE_*: on a usage error, one error line ("scry CMD: ...") and the
 * usage go to stderr. ctx is passed to callbacks. */
int options_parse(const struct opt *opts, int argc, const char **argv, const char *cmd,
	       const char *const *usage, bool stop_at_nonopt, void *ctx);
/* The exit status for a negative options_parse result: 0 after -h. */
int options_exit_status(int parse_result);
void options_usage(const struct opt *opts, const char *const *usage, FILE *f);
/* For a usage error a command finds after parsing (options that exclude
 * each other, a bad value, an unexpected argument), once it has printed
 * what is wrong: prints the usage on stderr, returns OPT_EXIT_USAGE. */
int options_usage_error(const struct opt *opts, const char *const *usage);

#endif
