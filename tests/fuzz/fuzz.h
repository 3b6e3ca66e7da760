/* Shared by the libFuzzer harnesses (tests/fuzz/fuzz-*.c): the input as a
 * NUL-terminated string, for parsers of text. */
#ifndef SCRY_TESTS_FUZZ_H
#define SCRY_TESTS_FUZZ_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A malloc'd copy of data with a NUL after it (a NUL inside ends the text
 * early, as it would for a command-line argument). */
static inline char *fuzz_strdup(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (s) {
		memcpy(s, data, size);
		s[size] = '\0';
	}
	return s;
}

#endif
