/* Locating tracefs (mounting it when absent and we are root), and reading
 * the files under it: event ids, event formats, probe definitions.
 *
 * A `struct tracefs` names one tracefs directory.  SCRY_TRACEFS in the
 * environment points scry at another directory (a fake tracefs in tests). */
#ifndef SCRY_TRACEFS_H
#define SCRY_TRACEFS_H

#include <limits.h>
#include <stddef.h>

struct tracefs {
	char root[PATH_MAX];
};

/* Find tracefs; mount it at /sys/kernel/tracing if it is absent and we may.
 * On failure returns -1 and writes one line into err saying what to run. */
int tracefs_open(struct tracefs *t, char *err, size_t errlen);

/* "<root>/<rel>" into buf; returns buf. */
char *tracefs_path(const struct tracefs *t, const char *rel, char *buf, size_t len);

/* Read a whole file under tracefs (formats are a few KiB). Returns a
 * NUL-terminated malloc'd buffer, NULL with errno set on failure. */
char *tracefs_read(const struct tracefs *t, const char *rel, size_t *lenp);

/* Tracepoint id of SYS:NAME, or -errno (-ENOENT: no such event). */
int tracefs_event_id(const struct tracefs *t, const char *sys, const char *name);

/* The format file of SYS:NAME (malloc'd), NULL with errno on failure. */
char *tracefs_event_format(const struct tracefs *t, const char *sys, const char *name, size_t *lenp);

/* Call fn for every event whose "sys:name" matches the glob pattern.
 * Returns the number of matches, or -1 (errno) if events/ cannot be read. */
int tracefs_for_each_event(const struct tracefs *t, const char *sys_glob, const char *name_glob,
			   int (*fn)(const char *sys, const char *name, void *arg), void *arg);

/* Why the kernel rejects `filter` for SYS:NAME, as it says it ("Field not
 * found (at character 5)"), found by setting it in a private tracefs
 * instance made and removed here. 0 with buf set, -1 when it cannot tell. */
int tracefs_filter_error(const struct tracefs *t, const char *sys, const char *name, const char *filter,
			 char *buf, size_t len);

#endif
