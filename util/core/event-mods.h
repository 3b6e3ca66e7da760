/* The two ways perf's event syntax adjusts one event, applied to its
 * perf_event_attr: modifiers after a colon ("cpu-clock:u", "cycles:ppp",
 * "{a,b}:S") and terms between slashes ("cpu-clock/period=1000/",
 * "probe:f/call-graph=dwarf,max-stack=3/").  Pure: no file, no syscall. */
#ifndef SCRY_EVENT_MODS_H
#define SCRY_EVENT_MODS_H

#include <linux/perf_event.h>
#include <stdbool.h>
#include <stddef.h>

/* Apply modifiers `mods` ("uk", "pp", "S", ...) to a, as perf does: the
 * first of u/k/h excludes the other privilege levels, the next ones let
 * theirs back in; p (up to three) asks for precise_ip; S sets *sample_read
 * (the caller decides what reading means: one event or a group). spec is
 * the whole event, for the error line. Returns 0, or -1 with one line in
 * err naming the bad modifier and the known ones. */
int event_mods_apply(struct perf_event_attr *a, const char *mods, bool *sample_read,
		     const char *spec, char *err, size_t errlen);

/* Apply the comma-separated terms ("period=1000,max-stack=3") to a.
 * tracepoint: the event is one (no freq= for it). *name is set (malloc'd,
 * caller frees) by name=X. Returns 0, or -1 with one line in err naming the
 * term and, for an unknown one, the known terms. */
int event_terms_apply(struct perf_event_attr *a, const char *terms, bool tracepoint, char **name,
		      const char *spec, char *err, size_t errlen);

/* The known terms, comma-separated, for messages and the manual. */
const char *event_terms_known(void);

#endif
