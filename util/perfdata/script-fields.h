/* What `scry script` prints of each sample: perf script's -F, as sets of
 * fields per kind of event (hw, sw, trace, raw, synth), each starting at
 * the default and changed by the -F arguments in order:
 *
 *	-F comm,tid,ip          these fields, for every kind of event
 *	-F trace:comm,trace     for tracepoint events only ("trace:" alone:
 *	                        tracepoint events are not shown)
 *	-F +cpu,-period         added to and removed from the current sets
 *	-F sw:-ip               for one kind only
 *
 * A field named (not removed) is asked for: an event whose samples lack
 * what it needs (perf's "Samples for 'E' event do not have CPU attribute
 * set") is an error; a default field such an event lacks is left out. */
#ifndef SCRY_SCRIPT_FIELDS_H
#define SCRY_SCRIPT_FIELDS_H

#include <stdbool.h>
#include <stddef.h>

#include "util/types.h"

enum script_field {
	SF_COMM = 1 << 0,
	SF_TID = 1 << 1,
	SF_PID = 1 << 2,
	SF_CPU = 1 << 3,
	SF_TIME = 1 << 4,
	SF_EVENT = 1 << 5,
	SF_IP = 1 << 6,
	SF_SYM = 1 << 7,
	SF_DSO = 1 << 8,
	SF_PERIOD = 1 << 9,
	SF_TRACE = 1 << 10,
	SF_CALLCHAIN = 1 << 11,
	SF_SYMOFF = 1 << 12,
};

/* What scry script shows when -F does not say otherwise: perf script's
 * defaults (those a sample lacks the data of drop out). */
#define SF_DEFAULT (SF_COMM | SF_TID | SF_CPU | SF_TIME | SF_EVENT | SF_IP | SF_SYM | SF_DSO | \
		    SF_PERIOD | SF_TRACE | SF_CALLCHAIN | SF_SYMOFF)
#define SF_DEFAULT_TRACE (SF_COMM | SF_TID | SF_CPU | SF_TIME | SF_EVENT | SF_TRACE | SF_CALLCHAIN)

/* The kinds -F's "type:" prefix names, as perf spells them. */
enum script_event_kind { SK_HW, SK_SW, SK_TRACE, SK_RAW, SK_SYNTH, SK_NR };

struct script_fields {
	unsigned show[SK_NR];           /* SF_* shown for events of each kind */
	unsigned asked[SK_NR];          /* named by -F: an event lacking one is an error */
	bool listed[SK_NR];             /* a plain list replaced the default */
};

void script_fields_init(struct script_fields *f);
/* Apply one -F argument. -1 with one line in err when it is malformed (an
 * unknown field or kind, +/- fields mixed with plain ones): a usage error. */
int script_fields_parse(struct script_fields *f, const char *arg, char *err, size_t errlen);

/* The kind of an event of attr.type (HW_CACHE counts as hw, BREAKPOINT as
 * sw, dynamic PMUs as raw). */
enum script_event_kind script_fields_kind(u32 attr_type);

/* The fields to show for an event of attr_type whose samples carry
 * sample_type: its kind's set less what the samples lack. */
unsigned script_fields_of(const struct script_fields *f, u32 attr_type, u64 sample_type);

/* Whether events of attr_type are shown at all (not after "-F kind:"). */
bool script_fields_shows(const struct script_fields *f, u32 attr_type);

/* 0, or -1 with perf's line in err when -F asked for a field the samples
 * of the event named name (of attr_type, carrying sample_type) lack. */
int script_fields_check(const struct script_fields *f, const char *name, u32 attr_type, u64 sample_type,
			char *err, size_t errlen);

/* "comm tid pid ...": every field name, for messages and the help. */
const char *script_fields_known(void);

#endif
