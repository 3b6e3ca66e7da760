#include "util/debug.h"

#include <stdio.h>
#include <string.h>

static int verbosity = LOG_NORMAL;

void log_set_level(int level) { verbosity = level; }
int log_level(void) { return verbosity; }

static void vlog(const char *prefix, const char *fmt, va_list ap)
{
	char line[2048];
	size_t n;

	vsnprintf(line, sizeof(line), fmt, ap);
	n = strlen(line);
	/* One message, one line: callers do not add the newline. */
	while (n && line[n - 1] == '\n')
		line[--n] = '\0';
	fprintf(stderr, "scry: %s%s\n", prefix, line);
}

void pr_err(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vlog("", fmt, ap);
	va_end(ap);
}

void pr_warn(const char *fmt, ...)
{
	va_list ap;
	if (verbosity < LOG_NORMAL)
		return;
	va_start(ap, fmt);
	vlog("warning: ", fmt, ap);
	va_end(ap);
}

void pr_info(const char *fmt, ...)
{
	va_list ap;
	if (verbosity < LOG_NORMAL)
		return;
	va_start(ap, fmt);
	vlog("", fmt, ap);
	va_end(ap);
}

void pr_debug(const char *fmt, ...)
{
	va_list ap;
	if (verbosity < LOG_DEBUG)
		return;
	va_start(ap, fmt);
	vlog("debug: ", fmt, ap);
	va_end(ap);
}
