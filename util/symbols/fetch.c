/* Debug files and binaries from debuginfod servers (see fetch.h). */
#include "util/symbols/fetch.h"

#include <elfutils/debuginfod.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/debug.h"
#include "util/symbols/buildid-cache.h"
#include "util/symbols/symbol-elf.h"

/* One per process (see fetch.h): the client keeps its connections. */
static struct {
	bool disabled;          /* --no-debuginfod, or the servers did not answer */
	debuginfod_client *client;
	const char *label;      /* the file being fetched, for the progress line */
	const char *kind;
	bool progress_shown;    /* a "\r" line is on the terminal */
} fetch;

void fetch_disable(void)
{
	fetch.disabled = true;
}

bool fetch_enabled(void)
{
	const char *urls = getenv(DEBUGINFOD_URLS_ENV_VAR);

	return !fetch.disabled && urls && urls[strspn(urls, " \t")];
}

void fetch_end(void)
{
	if (fetch.client)
		debuginfod_end(fetch.client);
	fetch.client = NULL;
}

/* libdebuginfod calls this while it connects and downloads: a = bytes so
 * far, b = the size when known. Returning 0 goes on. */
static int progress(debuginfod_client *c, long a, long b)
{
	(void)c;
	if (!isatty(STDERR_FILENO))
		return 0;
	if (b > 0)
		fprintf(stderr, "\rscry: debuginfod: %s of %s: %ld/%ld KB\033[K", fetch.kind, fetch.label, a >> 10,
			b >> 10);
	else
		fprintf(stderr, "\rscry: debuginfod: %s of %s: %ld KB\033[K", fetch.kind, fetch.label, a >> 10);
	fetch.progress_shown = true;
	return 0;
}

static bool start_client(void)
{
	if (fetch.client)
		return true;
	fetch.client = debuginfod_begin();
	if (!fetch.client) {
		pr_warn("debuginfod: cannot start a client; going on without it");
		fetch.disabled = true;
		return false;
	}
	atexit(fetch_end);
	if (isatty(STDERR_FILENO) || log_level() >= LOG_VERBOSE)
		debuginfod_set_progressfn(fetch.client, progress);
	return true;
}

static bool same_build_id(const char *path, const u8 *id, u8 id_size)
{
	u8 got[20];

	return elf_build_id(path, got) == id_size && !memcmp(got, id, id_size);
}

typedef int (*find_fn)(debuginfod_client *, const unsigned char *, int, char **);

static char *fetch_one(find_fn find, const char *kind, const u8 *id, u8 id_size, const char *label)
{
	char hex[41], *path = NULL;
	bool set_timeout, set_retries;
	int fd;

	if (id_size < 2 || id_size > 20 || !fetch_enabled() || !start_client())
		return NULL;
	buildid_hex(id, id_size, hex);
	fetch.label = label ? label : hex;
	fetch.kind = kind;
	fetch.progress_shown = false;
	/* libdebuginfod reads its timeout and retries from the environment
	 * on each query; its defaults (90 s, and 2 more tries) are too long
	 * to wait on an unreachable network. Set for this query only, so no
	 * child inherits them. */
	set_timeout = !getenv(DEBUGINFOD_TIMEOUT_ENV_VAR);
	set_retries = !getenv(DEBUGINFOD_RETRY_LIMIT_ENV_VAR);
	if (set_timeout)
		setenv(DEBUGINFOD_TIMEOUT_ENV_VAR, FETCH_DEFAULT_TIMEOUT, 0);
	if (set_retries)
		setenv(DEBUGINFOD_RETRY_LIMIT_ENV_VAR, FETCH_DEFAULT_RETRIES, 0);
	fd = find(fetch.client, id, id_size, &path);
	if (set_timeout)
		unsetenv(DEBUGINFOD_TIMEOUT_ENV_VAR);
	if (set_retries)
		unsetenv(DEBUGINFOD_RETRY_LIMIT_ENV_VAR);
	if (fetch.progress_shown)
		fprintf(stderr, "\r\033[K");
	if (fd >= 0) {
		close(fd);
		if (!path)
			return NULL;
		if (!same_build_id(path, id, id_size)) {
			/* A server's mistake: not what was asked for. */
			pr_debug("debuginfod: %s: not build-id %s; not used", path, hex);
			free(path);
			return NULL;
		}
		if (log_level() >= LOG_VERBOSE)
			pr_info("debuginfod: %s of %s (%s): %s", kind, fetch.label, hex, path);
		return path;
	}
	free(path);
	if (fd == -ENOENT) {
		pr_debug("debuginfod: no %s for %s (%s)", kind, fetch.label, hex);
		return NULL;
	}
	/* Unreachable, timed out, refused: the rest would be too. */
	pr_warn("debuginfod: %s: %s; going on without it (--no-debuginfod, or unset DEBUGINFOD_URLS, not to ask)",
		getenv(DEBUGINFOD_URLS_ENV_VAR), strerror(-fd));
	fetch.disabled = true;
	return NULL;
}

char *fetch_debuginfo(const u8 *id, u8 id_size, const char *label)
{
	return fetch_one(debuginfod_find_debuginfo, "debuginfo", id, id_size, label);
}

char *fetch_executable(const u8 *id, u8 id_size, const char *label)
{
	return fetch_one(debuginfod_find_executable, "executable", id, id_size, label);
}

char *fetch_debug_file(const char *root, const char *path, const u8 *id, u8 id_size)
{
	char *p = elf_find_debug_file(root, path, id, id_size);

	return p ? p : fetch_debuginfo(id, id_size, path);
}
