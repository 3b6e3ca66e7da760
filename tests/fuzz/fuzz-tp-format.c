/* libFuzzer harness: tracefs format files (util/core/tp-format over
 * libtraceevent) and the records they describe. The input is a format
 * text, then (after a NUL byte, when there is one) a raw record that the
 * parsed event's fields and print fmt are applied to. */
#include "tests/fuzz/fuzz.h"
#include "util/core/tp-format.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nul = memchr(data, '\0', size);
	size_t text_len = nul ? (size_t)(nul - data) : size;
	const uint8_t *raw = nul ? nul + 1 : NULL;
	u32 raw_size = nul ? (u32)(size - text_len - 1) : 0;
	struct tp_formats f;
	struct tep_event *ev;

	if (tp_formats_init(&f, NULL))
		return 0;
	ev = tp_formats_add(&f, "fuzz", (const char *)data, text_len);
	if (ev) {
		int n = 0;
		struct tep_format_field **fields = tp_fields(ev, &n);
		/* the record in a buffer of its own size, so ASan sees overreads */
		uint8_t *rec = malloc(raw_size ? raw_size : 1);
		struct outbuf ob;

		if (rec && raw_size)
			memcpy(rec, raw, raw_size);
		for (int i = 0; fields && rec && i < n; i++) {
			u64 v;
			(void)tp_field_u64(fields[i], rec, raw_size, &v);
		}
		free(fields);
		(void)tp_formats_by_id(&f, ev->id);
		if (rec) {
			outbuf_init_mem(&ob);
			tp_print_fields(&f, ev, rec, raw_size, 0, 0, &ob);
			outbuf_release(&ob);
		}
		free(rec);
	}
	tp_formats_release(&f);
	return 0;
}
