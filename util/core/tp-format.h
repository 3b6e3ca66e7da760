/* Tracepoint formats through libtraceevent: parse the format files of the
 * events a session uses, find their fields, and print their records the way
 * the kernel's print fmt says.  One tp_formats per session (it owns its
 * tep_handle), so two sessions never share parsing state. */
#ifndef SCRY_TP_FORMAT_H
#define SCRY_TP_FORMAT_H

#include <traceevent/event-parse.h>

#include "util/outbuf.h"
#include "util/core/tracefs.h"
#include "util/types.h"

struct tp_formats {
	struct tep_handle *tep;
	const struct tracefs *tracefs;  /* NULL: formats come only from tp_formats_add */
};

int tp_formats_init(struct tp_formats *f, const struct tracefs *t);
void tp_formats_release(struct tp_formats *f);

/* The parsed event SYS:NAME, loading its format from tracefs on first use.
 * NULL (errno set) when it does not exist or does not parse. */
struct tep_event *tp_formats_get(struct tp_formats *f, const char *sys, const char *name);
/* Parse a format text from elsewhere (a data file's tracing data). */
struct tep_event *tp_formats_add(struct tp_formats *f, const char *sys, const char *text, size_t len);
struct tep_event *tp_formats_by_id(struct tp_formats *f, int id);

/* The event's own fields (not common_*), in order; n set to the count.
 * The array is malloc'd by libtraceevent: free() it. */
struct tep_format_field **tp_fields(struct tep_event *ev, int *n);

/* Print the record as the event's print fmt says ("prev_comm=sh prev_pid=1 ..."). */
void tp_print_fields(struct tp_formats *f, struct tep_event *ev, const void *raw, u32 size,
		     int cpu, u64 ts, struct outbuf *ob);

/* Read a numeric field; false when the record is too short for it. */
bool tp_field_u64(struct tep_format_field *fld, const void *raw, u32 size, u64 *val);

#endif
