/* FEAT_TRACING_DATA / PERF_RECORD_HEADER_TRACING_DATA: the tracefs formats
 * of recorded tracepoints (plus header_page, header_event and the printk
 * formats), in the layout perf and trace-cmd use, so a data file decodes its
 * tracepoint fields on any machine. */
#ifndef SCRY_TRACING_DATA_H
#define SCRY_TRACING_DATA_H

#include "util/outbuf.h"
#include "util/core/tp-format.h"
#include "util/core/tracefs.h"

/* Build the blob for the tracepoints sys[i]:name[i] from tracefs. */
int tracing_data_build(const struct tracefs *t, const char *const *sys, const char *const *name, u32 n,
		       struct outbuf *ob, char *err, size_t errlen);

/* Parse a blob (from a file: never trusted) into f: every event format it
 * holds becomes known to f. Returns the number of event formats, or -1 with
 * one line in err. */
int tracing_data_load(struct tp_formats *f, const void *data, u64 size, char *err, size_t errlen);

#endif
