/* libFuzzer harness: `-e` event lists (util/core/parse-events), without
 * tracefs (tracepoint names are then an error, their syntax is parsed). */
#include <linux/perf_event.h>

#include "tests/fuzz/fuzz.h"
#include "util/core/evlist.h"
#include "util/core/parse-events.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct perf_event_attr tmpl = { .size = sizeof(tmpl), .sample_period = 4000, .freq = 1 };
	struct evlist l;
	char err[512];
	char *s = fuzz_strdup(data, size);

	if (!s)
		return 0;
	evlist_init(&l);
	(void)parse_events(&l, NULL, s, &tmpl, err, sizeof(err));
	evlist_release(&l);
	free(s);
	return 0;
}
