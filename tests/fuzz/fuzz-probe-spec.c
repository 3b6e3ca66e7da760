/* libFuzzer harness: `scry probe` specs (util/probe/probe-spec). */
#include <stdio.h>

#include "tests/fuzz/fuzz.h"
#include "util/probe/probe-spec.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct probe_spec spec;
	char err[512];
	char *s = fuzz_strdup(data, size);

	if (!s)
		return 0;
	memset(&spec, 0, sizeof(spec));
	if (!probe_spec_parse(s, &spec, err, sizeof(err))) {
		for (int i = 0; i < spec.nr_args; i++)
			free(probe_arg_name(&spec.args[i], i + 1));
		probe_spec_free(&spec);
	}
	free(s);
	return 0;
}
