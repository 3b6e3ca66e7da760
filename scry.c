/* scry: the command dispatcher.  `scry CMD ARGS` runs cmd_CMD from the
 * command table; `scry help CMD` shows CMD's manual page. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "builtin.h"
#include "util/core/tracefs.h"
#include "util/debug.h"
#include "util/options.h"
#include "util/strutil.h"

struct command {
	const char *name;
	int (*fn)(int argc, const char **argv);
	const char *summary;
	unsigned needs;                 /* enum command_needs */
	const char *tracefs_err;        /* how the command says tracefs is missing: "PREFIX<why>" */
};

static const struct command commands[] = {
	{ "trace", cmd_trace, "trace syscalls (and tracepoints) of a command or running processes",
	  CMD_TRACEFS | CMD_TARGETS | CMD_DATA_FILE | CMD_ROOT, "" },
	{ "record", cmd_record, "sample or trace events into a perf.data-compatible file",
	  CMD_TRACEFS | CMD_TARGETS | CMD_ROOT, "" },
	{ "report", cmd_report, "histograms and callchain trees of a data file; folded stacks, flame graphs",
	  CMD_DATA_FILE, "" },
	{ "script", cmd_script, "print the events of a data file, or dump its records", CMD_DATA_FILE, "" },
	{ "inject", cmd_inject, "rewrite a data file: pipe to file and back, decompressed, with build-ids",
	  CMD_DATA_FILE, "" },
	{ "buildid-cache", cmd_buildid_cache, "perf's build-id cache (~/.debug): add, remove and list binaries by build-id",
	  0, "" },
	{ "probe", cmd_probe, "define uprobes and kprobes on functions, source lines and variables",
	  CMD_TRACEFS | CMD_ROOT, "probe: " },
	{ "stat", cmd_stat, "count events of a command, processes or the system (perf stat)",
	  CMD_TRACEFS | CMD_TARGETS | CMD_ROOT, "stat: " },
	{ "list", cmd_list, "list the available events (software, tracepoints, probes), with globs",
	  CMD_TRACEFS, "list: no tracepoints: " },
	{ "argdist", cmd_argdist, "bcc's argdist: counts and histograms of function arguments and return values",
	  CMD_TARGETS | CMD_ROOT, "" },
	{ "stackcount", cmd_stackcount, "bcc's stackcount: count the stacks leading to functions and tracepoints",
	  CMD_TARGETS | CMD_ROOT, "" },
};

/* ---- the setup a command's needs call for ------------------------------- */

/* The command running: what it needs and how it words a failure. */
static const struct command *running;

static const struct command *command_setup(const struct command *c)
{
	running = c;
	return c;
}

const struct tracefs *cmd_tracefs(void)
{
	static struct tracefs t;
	static int state;               /* 0: not tried, 1: open, -1: missing */
	char err[512];

	if (!state) {
		state = tracefs_open(&t, err, sizeof(err)) ? -1 : 1;
		if (state < 0)
			pr_err("%s%s", running ? running->tracefs_err : "", err);
	}
	return state > 0 ? &t : NULL;
}

static void print_overview(FILE *f)
{
	fprintf(f, "usage: scry [--version] [help] <command> [<args>]\n\n");
	fprintf(f, "scry is a Linux tracing and profiling toolkit over perf_event_open(2).\n\n");
	fprintf(f, "Commands:\n");
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(f, "   %-13s %s\n", commands[i].name, commands[i].summary);
	fprintf(f, "\n'scry help <command>' shows a command's manual page; "
		   "'scry <command> -h' its options.\n");
}

static const struct command *find_command(const char *name)
{
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(commands[i].name, name))
			return &commands[i];
	return NULL;
}

static void unknown_command(const char *name)
{
	struct suggest s;
	char buf[256];

	suggest_init(&s, name);
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		suggest_add(&s, commands[i].name);
	/* Short command names are within two edits of almost anything:
	 * accept any candidate within two edits for a better hint. */
	if (!s.nr)
		for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
			if (edit_distance(name, commands[i].name) <= 2 && s.nr < SUGGEST_MAX)
				s.best[s.nr++] = commands[i].name;
	if (s.nr) {
		suggest_format(&s, buf, sizeof(buf));
		fprintf(stderr, "scry: '%s' is not a scry command; did you mean: %s?\n", name, buf);
	} else {
		fprintf(stderr, "scry: '%s' is not a scry command; see 'scry help'.\n", name);
	}
}

/* The manual page: installed (PREFIX/share/man/man1 next to PREFIX/bin),
 * or in the source tree's Documentation/ next to the binary. */
static int find_man_page(const char *page, char *out, size_t len)
{
	char exe[PATH_MAX], *slash;
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	const char *const rel[] = { "Documentation", "../Documentation", "../../Documentation",
				    "../share/man/man1" };
	struct stat st;

	if (n <= 0)
		return -1;
	exe[n] = '\0';
	slash = strrchr(exe, '/');
	if (!slash)
		return -1;
	*slash = '\0';
	for (size_t i = 0; i < sizeof(rel) / sizeof(rel[0]); i++) {
		snprintf(out, len, "%s/%s/%s.1", exe, rel[i], page);
		if (!stat(out, &st))
			return 0;
	}
	return -1;
}

/* man(1) exits 0 when it cannot write the page (man -l PAGE > /dev/full),
 * so a page bound for a file or a pipe is copied through scry's own stdout,
 * and a failed write is said here, once, with the error of the first
 * write that failed. Returns man's exit status, 1 after a write error, or
 * -1 when neither man nor cat could run. */
static int man_through_stdout(const char *path)
{
	char buf[8192];
	int fd[2], status;
	ssize_t n;
	pid_t pid;
	int write_errno = 0;

	if (pipe2(fd, O_CLOEXEC))
		return -1;
	fflush(stdout);
	pid = fork();
	if (pid < 0) {
		close(fd[0]);
		close(fd[1]);
		return -1;
	}
	if (pid == 0) {
		dup2(fd[1], STDOUT_FILENO);
		execlp("man", "man", "-l", path, (char *)NULL);
		/* No man(1): show the roff source rather than nothing. */
		execlp("cat", "cat", path, (char *)NULL);
		_exit(127);
	}
	close(fd[1]);
	/* Read to the end even when stdout fails, so man is not killed
	 * mid-page; the first write error is kept (later calls change errno). */
	while ((n = read(fd[0], buf, sizeof(buf))) != 0) {
		if (n < 0 && errno != EINTR)
			break;
		if (n > 0 && !write_errno && fwrite(buf, 1, (size_t)n, stdout) != (size_t)n)
			write_errno = errno ? errno : EIO;
	}
	close(fd[0]);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	if (!write_errno && fflush(stdout))
		write_errno = errno ? errno : EIO;
	if (write_errno) {
		pr_err("write error on stdout: %s", strerror(write_errno));
		return OPT_EXIT_FAILURE;
	}
	if (WIFEXITED(status))
		return WEXITSTATUS(status) == 127 ? -1 : WEXITSTATUS(status);
	return 128 + WTERMSIG(status);
}

static int show_help(const char *cmd)
{
	char page[64], path[PATH_MAX];

	if (cmd && !find_command(cmd)) {
		unknown_command(cmd);
		return OPT_EXIT_USAGE;
	}
	snprintf(page, sizeof(page), cmd ? "scry-%s" : "scry", cmd);
	if (find_man_page(page, path, sizeof(path)) == 0) {
		if (!isatty(STDOUT_FILENO)) {
			int rc = man_through_stdout(path);
			if (rc >= 0)
				return rc;
		} else {
			/* On a terminal man runs as itself, with its pager. */
			fflush(stdout);
			execlp("man", "man", "-l", path, (char *)NULL);
			execlp("cat", "cat", path, (char *)NULL);
		}
	}
	/* No manual page installed: the option summary is the next best. */
	if (cmd) {
		const char *argv[] = { cmd, "-h", NULL };
		return find_command(cmd)->fn(2, argv);
	}
	print_overview(stdout);
	return 0;
}

static int dispatch(int argc, const char **argv)
{
	const struct command *c;

	if (argc < 2) {
		print_overview(stderr);
		return 1;
	}
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "version")) {
		printf("scry version %s\n", SCRY_VERSION);
		return 0;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		print_overview(stdout);
		return 0;
	}
	if (!strcmp(argv[1], "help"))
		return show_help(argc > 2 ? argv[2] : NULL);
	c = command_setup(find_command(argv[1]));
	if (!c) {
		unknown_command(argv[1]);
		return OPT_EXIT_USAGE;
	}
	return c->fn(argc - 1, argv + 1);
}

/* As git does (run_builtin): a command that succeeded must also have got
 * its output out, checked once here for every command, so that a full disk
 * (scry list > /dev/full) is an error and not a silent success. A pipe is
 * left alone: a reader that stops early (scry script | head) is no error,
 * and SIGPIPE, where a command does not ignore it, has ended scry already. */
static int check_stdout(int status)
{
	struct stat st;

	if (status)
		return status;
	if (fstat(STDOUT_FILENO, &st) || S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode))
		return status;
	errno = 0;
	if (fflush(stdout) || ferror(stdout)) {
		if (errno)
			pr_err("write error on stdout: %s", strerror(errno));
		else
			pr_err("write error on stdout");
		return OPT_EXIT_FAILURE;
	}
	if (fclose(stdout)) {
		pr_err("write error on stdout: %s", strerror(errno));
		return OPT_EXIT_FAILURE;
	}
	return 0;
}

int main(int argc, const char **argv)
{
	return check_stdout(dispatch(argc, argv));
}
