/* Unit tests for util/options, the table-driven option parser every command
 * uses: each option type, the error line, the usage after it and the exit
 * status (129) for each kind of bad input, where parsing stops, and the -h
 * text, which must list every option that is not hidden.  options_parse resets getopt, so one process can
 * parse many argument vectors; the tests rely on that. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <unistd.h>

#include "util/options.h"

/* ---- the option table under test ------------------------------------------- */

static bool o_flag, o_always;
static int o_count, o_num, o_uns;
static double o_dur;
static const char *o_str, *o_secret;
static char cb_log[256];
static void *cb_ctx;

/* Logs "NAME=ARG;" for each call; "fail" makes it fail. */
static int cb(const struct opt *o, const char *arg, void *ctx)
{
	size_t l = strlen(cb_log);

	snprintf(cb_log + l, sizeof(cb_log) - l, "%c=%s;", o->short_name, arg ? arg : "(null)");
	cb_ctx = ctx;
	return arg && !strcmp(arg, "fail") ? -1 : 0;
}

static const struct opt opts[] = {
	{ .type = OPT_GROUP, .help = "Output options:" },
	{ .type = OPT_BOOL, .short_name = 'f', .long_name = "flag", .value = &o_flag, .help = "a flag" },
	{ .type = OPT_BOOL, .long_name = "always", .value = &o_always, .help = "cannot be negated",
	  .flags = OPT_NONEG },
	{ .type = OPT_COUNT, .short_name = 'v', .long_name = "verbose", .value = &o_count, .help = "more output" },
	{ .type = OPT_INT, .short_name = 'n', .long_name = "num", .value = &o_num, .argh = "N", .help = "an int" },
	{ .type = OPT_UINT, .short_name = 'u', .long_name = "unsigned", .value = &o_uns, .argh = "U",
	  .help = "a non-negative int" },
	{ .type = OPT_GROUP, .help = "Other options:" },
	{ .type = OPT_DOUBLE, .long_name = "duration", .value = &o_dur, .argh = "MS", .help = "a double" },
	{ .type = OPT_STRING, .short_name = 's', .long_name = "str", .value = &o_str, .argh = "TEXT",
	  .help = "a string" },
	{ .type = OPT_CALLBACK, .short_name = 'e', .long_name = "event", .argh = "EVENT", .help = "callback",
	  .cb = cb },
	{ .type = OPT_CALLBACK, .short_name = 'x', .help = "callback, no argument", .flags = OPT_NOARG, .cb = cb },
	{ .type = OPT_CALLBACK, .short_name = 'o', .long_name = "opt", .help = "optional argument",
	  .flags = OPT_OPTARG, .cb = cb },
	{ .type = OPT_STRING, .long_name = "secret", .value = &o_secret, .help = "hidden option",
	  .flags = OPT_HIDDEN },
	OPT_END_MARK,
};

static const char *const usage[] = { "scry t [<options>] [FILE]", "scry t [<options>] -- CMD", NULL };

/* ---- running a parse with stdout and stderr captured -------------------------- */

static char out_text[8192], err_text[8192];

static void slurp(FILE *f, char *buf, size_t len)
{
	size_t n;

	rewind(f);
	n = fread(buf, 1, len - 1, f);
	buf[n] = '\0';
	fclose(f);
}

/* argv is a NULL-terminated list after the program name; it is copied into
 * a writable vector (getopt permutes it) that stays valid until the next run. */
static const char *argv_copy[32];
static int parse(bool stop, const char *const *args)
{
	FILE *out = tmpfile(), *err = tmpfile();
	int so, se, rc, argc = 1;

	assert_non_null(out);
	assert_non_null(err);
	argv_copy[0] = "scry-t";
	while (args[argc - 1])
		argv_copy[argc] = args[argc - 1], argc++;
	argv_copy[argc] = NULL;

	o_flag = o_always = false;
	o_count = o_num = o_uns = 0;
	o_dur = 0;
	o_str = o_secret = NULL;
	cb_log[0] = '\0';
	cb_ctx = NULL;

	fflush(stdout);
	so = dup(1);
	se = dup(2);
	dup2(fileno(out), 1);
	dup2(fileno(err), 2);
	rc = options_parse(opts, argc, argv_copy, "t", usage, stop, (void *)0x1234);
	fflush(stdout);
	fflush(stderr);
	dup2(so, 1);
	dup2(se, 2);
	close(so);
	close(se);
	slurp(out, out_text, sizeof(out_text));
	slurp(err, err_text, sizeof(err_text));
	return rc;
}

#define ARGS(...) ((const char *const[]){ __VA_ARGS__, NULL })

/* The usage as -h prints it (test_help checks its content). */
static char usage_text[8192];

static void load_usage_text(void)
{
	FILE *f = tmpfile();

	assert_non_null(f);
	options_usage(opts, usage, f);
	slurp(f, usage_text, sizeof(usage_text));
}

/* A usage error: err_text is "scry t: <msg>\n" followed by the whole usage
 * (as git and perf print it), and nothing went to stdout. */
static void assert_usage_error(const char *msg)
{
	char want[sizeof(usage_text) + 512];

	if (!usage_text[0])
		load_usage_text();
	snprintf(want, sizeof(want), "scry t: %s\n%s", msg, usage_text);
	assert_string_equal(err_text, want);
	assert_string_equal(out_text, "");
}

/* ---- tests --------------------------------------------------------------------- */

static void test_bool(void **state)
{
	assert_int_equal(parse(false, ARGS("--flag")), 2);
	assert_true(o_flag);
	assert_int_equal(parse(false, ARGS("-f")), 2);
	assert_true(o_flag);
	/* Last one wins. */
	assert_int_equal(parse(false, ARGS("--flag", "--no-flag")), 3);
	assert_false(o_flag);
	assert_int_equal(parse(false, ARGS("--no-flag", "-f")), 3);
	assert_true(o_flag);
	assert_int_equal(parse(false, ARGS("--always")), 2);
	assert_true(o_always);
	assert_string_equal(err_text, "");
	assert_string_equal(out_text, "");

	/* OPT_NONEG: there is no --no-always. */
	assert_int_equal(parse(false, ARGS("--no-always")), -1);
	assert_usage_error("unknown option '--no-always'");
}

static void test_count(void **state)
{
	assert_int_equal(parse(false, ARGS("-vv")), 2);
	assert_int_equal(o_count, 2);
	assert_int_equal(parse(false, ARGS("-vvv", "-v", "--verbose")), 4);
	assert_int_equal(o_count, 5);
	/* Bundled with other short options. */
	assert_int_equal(parse(false, ARGS("-vfv")), 2);
	assert_int_equal(o_count, 2);
	assert_true(o_flag);
}

static void test_numbers(void **state)
{
	assert_int_equal(parse(false, ARGS("-n", "42", "--unsigned=7", "--duration", "1.5")), 6);
	assert_int_equal(o_num, 42);
	assert_int_equal(o_uns, 7);
	assert_true(o_dur == 1.5);
	assert_int_equal(parse(false, ARGS("--num=-7")), 2);
	assert_int_equal(o_num, -7);
	assert_int_equal(parse(false, ARGS("-n0x10")), 2);        /* base 0: hex */
	assert_int_equal(o_num, 16);
	assert_int_equal(parse(false, ARGS("--num", "2147483647")), 3);
	assert_int_equal(o_num, 2147483647);
	assert_int_equal(parse(false, ARGS("--duration=0")), 2);
	assert_true(o_dur == 0.0);
	assert_string_equal(err_text, "");

	/* Each bad value: one line naming the option and the value; -1. */
	assert_int_equal(parse(false, ARGS("--num", "12abc")), -1);
	assert_usage_error("--num expects an integer number, not '12abc'");
	assert_int_equal(parse(false, ARGS("-n", "")), -1);
	assert_usage_error("--num expects an integer number, not ''");
	assert_int_equal(parse(false, ARGS("-n", "2147483648")), -1);     /* > INT_MAX */
	assert_usage_error("--num expects an integer number, not '2147483648'");
	assert_int_equal(parse(false, ARGS("-n", "99999999999999999999")), -1); /* ERANGE */
	assert_usage_error("--num expects an integer number, not '99999999999999999999'");
	assert_int_equal(parse(false, ARGS("-u", "-1")), -1);
	assert_usage_error("--unsigned expects a non-negative number, not '-1'");
	assert_int_equal(parse(false, ARGS("--duration", "abc")), -1);
	assert_usage_error("--duration expects a non-negative number, not 'abc'");
	assert_int_equal(parse(false, ARGS("--duration=-0.5")), -1);
	assert_usage_error("--duration expects a non-negative number, not '-0.5'");
	assert_int_equal(parse(false, ARGS("--duration=1e999")), -1);     /* ERANGE */
	assert_usage_error("--duration expects a non-negative number, not '1e999'");
	/* A bad value stops the parse: later options are not applied. */
	assert_int_equal(parse(false, ARGS("-n", "x", "-f")), -1);
	assert_false(o_flag);
}

static void test_string(void **state)
{
	assert_int_equal(parse(false, ARGS("--str", "foo")), 3);
	assert_string_equal(o_str, "foo");
	/* The value points into argv, not a copy. */
	assert_ptr_equal(o_str, argv_copy[2]);
	assert_int_equal(parse(false, ARGS("--str=bar")), 2);
	assert_string_equal(o_str, "bar");
	assert_int_equal(parse(false, ARGS("-sbaz")), 2);
	assert_string_equal(o_str, "baz");
	/* An argument that looks like an option is still the argument. */
	assert_int_equal(parse(false, ARGS("-s", "-f")), 3);
	assert_string_equal(o_str, "-f");
	assert_false(o_flag);
	/* Unique prefixes of long names are accepted (getopt_long). */
	assert_int_equal(parse(false, ARGS("--st", "pre")), 3);
	assert_string_equal(o_str, "pre");
	/* Hidden options still parse. */
	assert_int_equal(parse(false, ARGS("--secret", "s3")), 3);
	assert_string_equal(o_secret, "s3");

	assert_int_equal(parse(false, ARGS("-s")), -1);
	assert_usage_error("option '-s' needs an argument");
	assert_int_equal(parse(false, ARGS("-f", "--str")), -1);
	assert_usage_error("option '--str' needs an argument");
}

static void test_callback(void **state)
{
	assert_int_equal(parse(false, ARGS("-e", "a", "--event=b", "-x", "-ec")), 6);
	assert_string_equal(cb_log, "e=a;e=b;x=(null);e=c;");
	assert_ptr_equal(cb_ctx, (void *)0x1234);

	/* A failing callback fails the parse: its own message (none here),
	 * then the usage. */
	assert_int_equal(parse(false, ARGS("--event", "fail", "-x")), -1);
	assert_string_equal(cb_log, "e=fail;");
	load_usage_text();
	assert_string_equal(err_text, usage_text);
}

static void test_optional_arg(void **state)
{
	assert_int_equal(parse(false, ARGS("-o")), 2);
	assert_string_equal(cb_log, "o=(null);");
	assert_int_equal(parse(false, ARGS("--opt")), 2);
	assert_string_equal(cb_log, "o=(null);");
	assert_int_equal(parse(false, ARGS("--opt=val", "-oval2")), 3);
	assert_string_equal(cb_log, "o=val;o=val2;");
	/* An optional argument must be attached: a separate word is not it. */
	assert_int_equal(parse(true, ARGS("--opt", "word")), 2);
	assert_string_equal(cb_log, "o=(null);");
	assert_string_equal(argv_copy[2], "word");
}

static void test_stop(void **state)
{
	/* stop_at_nonopt: the first non-option ends parsing (`trace CMD ARGS`). */
	assert_int_equal(parse(true, ARGS("-v", "ls", "-f")), 2);
	assert_int_equal(o_count, 1);
	assert_false(o_flag);
	assert_string_equal(argv_copy[2], "ls");

	/* "--" ends parsing in either mode; the index is past it. */
	assert_int_equal(parse(true, ARGS("-v", "--", "-f")), 3);
	assert_false(o_flag);
	assert_string_equal(argv_copy[3], "-f");
	assert_int_equal(parse(false, ARGS("-v", "--", "-f")), 3);
	assert_false(o_flag);

	/* Without stop_at_nonopt options are taken from anywhere and the
	 * non-options are moved to the end, in order. */
	assert_int_equal(parse(false, ARGS("file1", "-v", "file2", "-f")), 3);
	assert_int_equal(o_count, 1);
	assert_true(o_flag);
	assert_string_equal(argv_copy[3], "file1");
	assert_string_equal(argv_copy[4], "file2");

	/* No arguments at all. */
	assert_int_equal(parse(true, (const char *const[]){ NULL }), 1);
}

/* The usage line for one option, as options_usage lays it out. */
static void assert_usage_line(const char *left, const char *help)
{
	char line[256];

	if (strlen(left) > 30)
		snprintf(line, sizeof(line), "\n%s\n%32s%s\n", left, "", help);
	else
		snprintf(line, sizeof(line), "\n%-32s%s\n", left, help);
	if (!strstr(out_text, line))
		fail_msg("usage lacks the line '%s' (got:\n%s)", line + 1, out_text);
}

static void test_help(void **state)
{
	assert_int_equal(parse(false, ARGS("-f", "-h", "-v")), -2);
	/* Options before -h were applied; parsing stopped at it. */
	assert_true(o_flag);
	assert_int_equal(o_count, 0);
	assert_string_equal(err_text, "");
	assert_true(!strncmp(out_text, " usage: scry t [<options>] [FILE]\n   or: scry t [<options>] -- CMD\n\n",
			     strlen(" usage: scry t [<options>] [FILE]\n   or: scry t [<options>] -- CMD\n\n")));
	assert_non_null(strstr(out_text, "\nOutput options:\n"));
	assert_non_null(strstr(out_text, "\nOther options:\n"));
	assert_usage_line("    -f, --[no-]flag", "a flag");
	assert_usage_line("        --always", "cannot be negated");
	assert_usage_line("    -v, --verbose", "more output");
	assert_usage_line("    -n, --num N", "an int");
	assert_usage_line("    -u, --unsigned U", "a non-negative int");
	assert_usage_line("        --duration MS", "a double");
	assert_usage_line("    -s, --str TEXT", "a string");
	assert_usage_line("    -e, --event EVENT", "callback");
	assert_usage_line("    -x", "callback, no argument");
	assert_usage_line("    -o, --opt[=ARG]", "optional argument");
	/* Every help text of a visible option appears, in table order; the
	 * hidden one does not appear at all. */
	{
		const char *at = out_text;
		for (const struct opt *o = opts; o->type != OPT_END; o++) {
			const char *p = strstr(out_text, o->help);
			if (o->flags & OPT_HIDDEN) {
				assert_null(p);
				continue;
			}
			assert_non_null(p);
			assert_true(p >= at);
			at = p;
		}
	}
	assert_null(strstr(out_text, "secret"));

	/* --help too; and the usage goes to stdout, nothing to stderr. */
	assert_int_equal(parse(true, ARGS("--help")), -2);
	assert_non_null(strstr(out_text, "--[no-]flag"));
	assert_string_equal(err_text, "");
}

static void test_unknown(void **state)
{
	assert_int_equal(parse(false, ARGS("-z")), -1);
	assert_usage_error("unknown option '-z'");
	assert_string_equal(out_text, "");
	/* In the middle of a bundle: still the letter that is wrong. */
	assert_int_equal(parse(false, ARGS("-vzf")), -1);
	assert_usage_error("unknown option '-z'");
	assert_int_equal(parse(false, ARGS("-v", "--zzz")), -1);
	assert_usage_error("unknown option '--zzz'");
	assert_int_equal(parse(false, ARGS("--zzz=3")), -1);
	assert_usage_error("unknown option '--zzz=3'");
	/* A known option given a value it does not take names the option, not
	 * the letter getopt reports it by (or, for long-only options, a
	 * control character). */
	assert_int_equal(parse(false, ARGS("--verbose=3")), -1);
	assert_usage_error("option '--verbose' takes no argument");
	assert_int_equal(parse(false, ARGS("--always=1")), -1);
	assert_usage_error("option '--always' takes no argument");
	assert_int_equal(parse(false, ARGS("--no-flag=1")), -1);
	assert_usage_error("option '--no-flag' takes no argument");
	assert_int_equal(parse(false, ARGS("--help=1")), -1);
	assert_usage_error("option '--help' takes no argument");
	assert_string_equal(out_text, "");
	/* Even with stop_at_nonopt, an unknown option before the command is an error. */
	assert_int_equal(parse(true, ARGS("-z", "ls")), -1);
	assert_usage_error("unknown option '-z'");
}

static void test_repeated(void **state)
{
	/* Interleave failing and succeeding parses: no getopt state leaks
	 * from one to the next (half-consumed bundles, optind). */
	assert_int_equal(parse(false, ARGS("-vz")), -1);
	assert_int_equal(parse(false, ARGS("-vv")), 2);
	assert_int_equal(o_count, 2);
	assert_int_equal(parse(true, ARGS("-f", "cmd")), 2);
	assert_int_equal(parse(true, ARGS("-v", "-f", "cmd", "-v")), 3);
	assert_int_equal(o_count, 1);
	assert_true(o_flag);
	assert_int_equal(parse(false, ARGS("-n", "5")), 3);
	assert_int_equal(o_num, 5);
}

static void test_exit_status(void **state)
{
	FILE *err = tmpfile();
	int se, rc;

	/* As git and perf: 129 for a usage error, 0 after -h, 1 otherwise. */
	assert_int_equal(OPT_EXIT_USAGE, 129);
	assert_int_equal(options_exit_status(parse(false, ARGS("--zzz"))), 129);
	assert_int_equal(options_exit_status(parse(false, ARGS("-n", "x"))), 129);
	assert_int_equal(options_exit_status(parse(false, ARGS("-s"))), 129);
	assert_int_equal(options_exit_status(parse(false, ARGS("-e", "fail"))), 129);
	assert_int_equal(options_exit_status(parse(false, ARGS("-h"))), 0);
	assert_int_equal(options_exit_status(OPT_PARSE_FAILED), 1);

	/* A usage error found after parsing: the usage on stderr, 129. */
	assert_non_null(err);
	fflush(stderr);
	se = dup(2);
	dup2(fileno(err), 2);
	rc = options_usage_error(opts, usage);
	fflush(stderr);
	dup2(se, 2);
	close(se);
	slurp(err, err_text, sizeof(err_text));
	assert_int_equal(rc, 129);
	load_usage_text();
	assert_string_equal(err_text, usage_text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bool),
		cmocka_unit_test(test_count),
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_string),
		cmocka_unit_test(test_callback),
		cmocka_unit_test(test_optional_arg),
		cmocka_unit_test(test_stop),
		cmocka_unit_test(test_help),
		cmocka_unit_test(test_unknown),
		cmocka_unit_test(test_repeated),
		cmocka_unit_test(test_exit_status),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
