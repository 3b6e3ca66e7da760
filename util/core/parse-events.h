/* Event specs -> perf_event_attr: "cpu-clock", "cycles", "sched:sched_switch",
 * "syscalls:sys_enter_open*" (globs), comma-separated.  Every event gets a
 * copy of a template attr (sample type, clock, inherit, ...) with its own
 * type and config. */
#ifndef SCRY_PARSE_EVENTS_H
#define SCRY_PARSE_EVENTS_H

#include "util/core/evlist.h"
#include "util/core/tracefs.h"

struct event_name {
	const char *name;
	const char *alias;
	u32 type;
	u64 config;
};

/* The table of named software and hardware events (data). */
const struct event_name *event_names(size_t *nr);

/* The name of a software or hardware event's (type, config); NULL otherwise. */
const char *event_name_of(u32 type, u64 config);

/* Add the events of `list` to l, each with a copy of tmpl. t may be NULL when
 * no tracepoints are involved. Returns the number of events added, or -1 with
 * one line in err (naming the bad item and the closest known names). */
int parse_events(struct evlist *l, const struct tracefs *t, const char *list,
		 const struct perf_event_attr *tmpl, char *err, size_t errlen);

#endif
