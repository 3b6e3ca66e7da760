/* libFuzzer harness: tracefs format files (util/core/tp-format over
 * libtraceevent) and the records they describe, as format text from outside
 * reaches them: in a data file's tracing data (util/perfdata/tracing-data,
 * whose vetting child keeps libtraceevent's own crashes on damaged formats
 * away from the caller). The input is a format text, then (after a NUL
 * byte, when there is one) a raw record that the parsed event's fields and
 * print fmt are applied to. */
#include "tests/fuzz/fuzz.h"
#include "util/core/tp-format.h"
#include "util/perfdata/tracing-data.h"

/* The tracing data blob of one event format of system "fuzz" (layout:
 * util/perfdata/tracing-data.c), little-endian, 8-byte longs. */
static uint8_t *blob_of(const uint8_t *text, size_t len, size_t *size)
{
	static const uint8_t head[] = { 027, 010, 0104, 't', 'r', 'a', 'c', 'i', 'n', 'g', '0', '.', '6', 0,
					0, 8, 0, 0x10, 0, 0 };
	uint64_t zero64 = 0, len64 = len;
	uint32_t zero32 = 0, one = 1;
	size_t n = sizeof(head) + 12 + 8 + 13 + 8 + 4 + 4 + 5 + 4 + 8 + len + 4 + 4 + 8;
	uint8_t *b = malloc(n), *p = b;

	if (!b)
		return NULL;
#define PUT(src, sz) (memcpy(p, (src), (sz)), p += (sz))
	PUT(head, sizeof(head));
	PUT("header_page", 12);
	PUT(&zero64, 8);
	PUT("header_event", 13);
	PUT(&zero64, 8);
	PUT(&zero32, 4);                /* ftrace formats */
	PUT(&one, 4);                   /* systems */
	PUT("fuzz", 5);
	PUT(&one, 4);                   /* its events */
	PUT(&len64, 8);
	PUT(text, len);
	PUT(&zero32, 4);                /* kallsyms */
	PUT(&zero32, 4);                /* printk formats */
	PUT(&zero64, 8);                /* saved cmdlines */
#undef PUT
	*size = (size_t)(p - b);
	return b;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nul = memchr(data, '\0', size);
	size_t text_len = nul ? (size_t)(nul - data) : size, blob_size;
	const uint8_t *raw = nul ? nul + 1 : NULL;
	u32 raw_size = nul ? (u32)(size - text_len - 1) : 0;
	uint8_t *blob = blob_of(data, text_len, &blob_size);
	struct tp_formats f;
	struct tep_event *ev;
	char err[256];

	if (!blob || tp_formats_init(&f, NULL)) {
		free(blob);
		return 0;
	}
	if (tracing_data_load(&f, blob, blob_size, err, sizeof(err)) > 0 && tep_get_events_count(f.tep) > 0 &&
	    (ev = tep_get_event(f.tep, 0))) {
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
	free(blob);
	return 0;
}
