/* Event specs -> perf_event_attr, in perf's syntax, comma-separated:
 *   cpu-clock, cycles, sched:sched_switch, syscalls:sys_enter_open* (globs)
 *   EVENT:MODS            modifiers: u k h G H I p pp ppp S D e
 *   sched:sched_switch:k  a tracepoint's modifiers after a second colon
 *   EVENT/TERMS/[MODS]    terms: period=N freq=N max-stack=N name=X
 *                         call-graph=fp|dwarf[,SIZE]|no stack-size=N [no-]inherit
 *   {EVENT,EVENT}[:MODS]  a group: the first leads, ":S" samples it and
 *                         reads them all (PERF_FORMAT_GROUP)
 * Every event gets a copy of a template attr (sample type, clock, inherit,
 * ...) with its own type and config; modifiers and terms adjust the copy. */
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

enum {
	PARSE_EVENTS_BAD_SPEC = -1,     /* the list is wrong: a usage error */
	PARSE_EVENTS_FAILED = -2,       /* the system failed us: no tracefs, no memory */
};

/* Add the events of `list` to l, each with a copy of tmpl. t may be NULL when
 * no tracepoints are involved. Returns the number of events added, or
 * PARSE_EVENTS_* with one line in err (naming the bad item and the closest
 * known names, modifiers or terms). */
int parse_events(struct evlist *l, const struct tracefs *t, const char *list,
		 const struct perf_event_attr *tmpl, char *err, size_t errlen);

/* Does the list name a tracepoint (so that parsing it needs tracefs)? */
bool parse_events_need_tracefs(const char *list);

#endif
