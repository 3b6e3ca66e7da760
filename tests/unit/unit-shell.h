/* For unit tests that compare with what a system tool says (objdump, nm,
 * scry itself): run a shell command and read its first line as a number.
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

#endif
