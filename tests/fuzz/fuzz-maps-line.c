/* libFuzzer harness: /proc/PID/maps lines (util/perfdata/synthesize). */
#include "tests/fuzz/fuzz.h"
#include "util/perfdata/synthesize.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct maps_line ml;
	char *s = fuzz_strdup(data, size);

	if (!s)
		return 0;
	if (!maps_line_parse(s, &ml) && (ml.name < s || ml.name > s + strlen(s) || !memchr(ml.perms, 0, 8)))
		abort();
	free(s);
	return 0;
}
