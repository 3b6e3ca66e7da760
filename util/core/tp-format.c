#include "util/core/tp-format.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <traceevent/trace-seq.h>

int tp_formats_init(struct tp_formats *f, const struct tracefs *t)
{
	f->tracefs = t;
	f->tep = tep_alloc();
	if (!f->tep)
		return -1;
	tep_set_long_size(f->tep, (int)sizeof(long));
	tep_set_page_size(f->tep, (int)sysconf(_SC_PAGESIZE));
	tep_set_file_bigendian(f->tep, TEP_LITTLE_ENDIAN);
	tep_set_local_bigendian(f->tep, TEP_LITTLE_ENDIAN);
	return 0;
}

void tp_formats_release(struct tp_formats *f)
{
	if (f->tep)
		tep_free(f->tep);
	f->tep = NULL;
}

struct tep_event *tp_formats_add(struct tp_formats *f, const char *sys, const char *text, size_t len)
{
	struct tep_event *ev = NULL;

	if (tep_parse_format(f->tep, &ev, text, len, sys) != TEP_ERRNO__SUCCESS) {
		errno = EINVAL;
		return NULL;
	}
	return ev;
}

struct tep_event *tp_formats_get(struct tp_formats *f, const char *sys, const char *name)
{
	struct tep_event *ev = tep_find_event_by_name(f->tep, sys, name);
	size_t len;
	char *text;

	if (ev)
		return ev;
	if (!f->tracefs) {
		errno = ENOENT;
		return NULL;
	}
	text = tracefs_event_format(f->tracefs, sys, name, &len);
	if (!text)
		return NULL;
	ev = tp_formats_add(f, sys, text, len);
	free(text);
	return ev;
}

struct tep_event *tp_formats_by_id(struct tp_formats *f, int id)
{
	return tep_find_event(f->tep, id);
}

struct tep_format_field **tp_fields(struct tep_event *ev, int *n)
{
	struct tep_format_field **v = tep_event_fields(ev);
	int i = 0;

	if (v)
		while (v[i])
			i++;
	*n = i;
	return v;
}

void tp_print_fields(struct tp_formats *f, struct tep_event *ev, const void *raw, u32 size,
		     int cpu, u64 ts, struct outbuf *ob)
{
	struct tep_record rec;
	struct trace_seq seq;

	memset(&rec, 0, sizeof(rec));
	rec.ts = ts;
	rec.cpu = cpu;
	rec.size = (int)size;
	rec.record_size = (int)size;
	rec.data = (void *)raw;
	trace_seq_init(&seq);
	tep_print_event(f->tep, &seq, &rec, "%s", TEP_PRINT_INFO);
	trace_seq_terminate(&seq);
	if (seq.buffer)
		outbuf_putn(ob, seq.buffer, seq.len);
	trace_seq_destroy(&seq);
}

bool tp_field_u64(struct tep_format_field *fld, const void *raw, u32 size, u64 *val)
{
	unsigned long long v;

	if (!fld || fld->offset < 0 || fld->size <= 0 || (u32)(fld->offset + fld->size) > size)
		return false;
	if (tep_read_number_field(fld, raw, &v))
		return false;
	*val = v;
	return true;
}
