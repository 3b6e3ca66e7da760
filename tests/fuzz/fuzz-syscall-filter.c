/* libFuzzer harness: the `trace -e` syscall list (util/trace/syscall-filter). */
#include "tests/fuzz/fuzz.h"
#include "util/trace/syscall-filter.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct syscall_filter f;
	char err[256];
	char *s = fuzz_strdup(data, size);

	if (!s)
		return 0;
	syscall_filter_init_all(&f);
	if (!syscall_filter_parse(&f, s, err, sizeof(err))) {
		/* walk the selection: its bounds are the parser's to keep */
		for (int nr = syscall_filter_next(&f, -1); nr >= 0; nr = syscall_filter_next(&f, nr))
			(void)syscall_filter_has(&f, nr);
		(void)syscall_filter_count(&f);
	}
	free(s);
	return 0;
}
