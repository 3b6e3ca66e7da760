/* For unit tests that build files (fake tracefs and sysfs trees) and
 * compare with what a system tool says (objdump, nm, scry itself).
 * Included by the test programs that need it (each is its own binary). */
#ifndef SCRY_TESTS_UNIT_SHELL_H
#define SCRY_TESTS_UNIT_SHELL_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

/* The first line of `sh -c CMD`'s output read as hex (0 when there is none). */
static unsigned long long unit_sh_hex(const char *fmt, ...) __attribute__((format(printf, 1, 2), unused));
static unsigned long long unit_sh_hex(const char *fmt, ...)
{
	char cmd[4096], out[64] = "";
	va_list ap;
	FILE *f;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	f = popen(cmd, "r");
	assert_non_null(f);
	if (!fgets(out, sizeof(out), f))
		out[0] = '\0';
	pclose(f);
	return strtoull(out, NULL, 16);
}

/* Write text to ROOT/REL (the directory exists). */
static void unit_write_file(const char *root, const char *rel, const char *text) __attribute__((unused));
static void unit_write_file(const char *root, const char *rel, const char *text)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

#endif
