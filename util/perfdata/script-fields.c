#include "util/perfdata/script-fields.h"

#include <linux/perf_event.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/strutil.h"

/* -F names, as perf script spells them. */
static const struct {
	const char *name;
	unsigned bit;
} field_names[] = {
	{ "comm", SF_COMM }, { "tid", SF_TID }, { "pid", SF_PID }, { "cpu", SF_CPU }, { "time", SF_TIME },
	{ "event", SF_EVENT }, { "ip", SF_IP }, { "sym", SF_SYM }, { "symoff", SF_SYMOFF }, { "dso", SF_DSO },
	{ "period", SF_PERIOD }, { "trace", SF_TRACE }, { "callchain", SF_CALLCHAIN },
};

static const char *const kind_names[SK_NR] = { "hw", "sw", "trace", "raw", "synth" };

/* What a field needs in the samples, and perf's name for it in the error. */
static const struct {
	unsigned fields;
	u64 sample_bit;
	const char *attr;
} needs[] = {
	{ SF_CPU, PERF_SAMPLE_CPU, "CPU" },
	{ SF_TIME, PERF_SAMPLE_TIME, "TIME" },
	{ SF_PERIOD, PERF_SAMPLE_PERIOD, "PERIOD" },
	{ SF_TID | SF_PID, PERF_SAMPLE_TID, "TID" },
	{ SF_IP | SF_SYM | SF_SYMOFF | SF_DSO, PERF_SAMPLE_IP, "IP" },
};

void script_fields_init(struct script_fields *f)
{
	memset(f, 0, sizeof(*f));
	/* perf script's defaults: no pid; tracepoints show their fields,
	 * not an ip (their callchain still, when recorded) */
	for (int k = 0; k < SK_NR; k++)
		f->show[k] = SF_DEFAULT;
	f->show[SK_TRACE] = SF_DEFAULT_TRACE;
}

const char *script_fields_known(void)
{
	return "comm tid pid cpu time event ip sym symoff dso period trace callchain";
}

static int field_bit(const char *name, size_t len, unsigned *bit)
{
	for (size_t i = 0; i < ARRAY_SIZE(field_names); i++)
		if (strlen(field_names[i].name) == len && !strncmp(name, field_names[i].name, len)) {
			*bit = field_names[i].bit;
			return 0;
		}
	return -1;
}

int script_fields_parse(struct script_fields *f, const char *arg, char *err, size_t errlen)
{
	const char *list = arg, *colon = strchr(arg, ':'), *p;
	unsigned add = 0, del = 0, plain = 0;
	int kind = -1;          /* -1: every kind */
	bool signed_seen = false, plain_seen = false;

	if (colon) {
		for (int k = 0; k < SK_NR; k++)
			if ((size_t)(colon - arg) == strlen(kind_names[k]) && !strncmp(arg, kind_names[k], colon - arg))
				kind = k;
		if (kind < 0)
			return errf(err, errlen, "unknown event type '%.*s' in -F '%s' (types: hw sw trace raw synth)",
				    (int)(colon - arg), arg, arg);
		list = colon + 1;
	}
	if (!*list && kind < 0)
		return errf(err, errlen, "-F needs fields (fields: %s)", script_fields_known());
	for (p = list; *p;) {
		size_t len = strcspn(p, ",");
		char sign = *p == '+' || *p == '-' ? *p : 0;
		const char *name = sign ? p + 1 : p;
		size_t nlen = sign ? len - 1 : len;
		unsigned bit;

		if (!nlen)
			return errf(err, errlen, "empty field in -F '%s' (fields: %s)", arg, script_fields_known());
		if (field_bit(name, nlen, &bit))
			return errf(err, errlen, "unknown field '%.*s' in -F (fields: %s)", (int)nlen, name,
				    script_fields_known());
		if (sign == '+')
			add |= bit, del &= ~bit;
		else if (sign == '-')
			del |= bit, add &= ~bit;
		else
			plain |= bit;
		signed_seen |= sign != 0;
		plain_seen |= !sign;
		p += len;
		if (*p == ',' && !*++p)
			return errf(err, errlen, "empty field in -F '%s' (fields: %s)", arg, script_fields_known());
	}
	if (signed_seen && plain_seen)
		return errf(err, errlen, "-F '%s' mixes +field/-field with plain fields: give one kind", arg);
	for (int k = 0; k < SK_NR; k++) {
		if (kind >= 0 && k != kind)
			continue;
		if (signed_seen) {
			f->show[k] = (f->show[k] | add) & ~del;
			f->asked[k] = (f->asked[k] | add) & ~del;
		} else {
			/* "trace:" with nothing after it hides that kind */
			f->show[k] = plain;
			f->asked[k] = plain;
			f->listed[k] = true;
		}
	}
	return 0;
}

enum script_event_kind script_fields_kind(u32 attr_type)
{
	switch (attr_type) {
	case PERF_TYPE_HARDWARE:
	case PERF_TYPE_HW_CACHE:
		return SK_HW;
	case PERF_TYPE_SOFTWARE:
	case PERF_TYPE_BREAKPOINT:
		return SK_SW;
	case PERF_TYPE_TRACEPOINT:
		return SK_TRACE;
	default:
		return SK_RAW;
	}
}

static unsigned lacking(u64 sample_type)
{
	unsigned out = 0;

	for (size_t i = 0; i < ARRAY_SIZE(needs); i++)
		if (!(sample_type & needs[i].sample_bit))
			out |= needs[i].fields;
	return out;
}

unsigned script_fields_of(const struct script_fields *f, u32 attr_type, u64 sample_type)
{
	enum script_event_kind k = script_fields_kind(attr_type);
	unsigned show = f->show[k];

	/* A tracepoint recorded with callchains shows them, frames named, as
	 * perf script does unless -F listed the fields. */
	if (k == SK_TRACE && !f->listed[k] && (sample_type & PERF_SAMPLE_CALLCHAIN) && (show & SF_CALLCHAIN))
		show |= SF_IP | SF_SYM | SF_SYMOFF | SF_DSO;
	return show & ~lacking(sample_type);
}

bool script_fields_shows(const struct script_fields *f, u32 attr_type)
{
	enum script_event_kind k = script_fields_kind(attr_type);

	return !f->listed[k] || f->show[k];
}

int script_fields_check(const struct script_fields *f, const char *name, u32 attr_type, u64 sample_type,
			char *err, size_t errlen)
{
	unsigned asked = f->asked[script_fields_kind(attr_type)];

	for (size_t i = 0; i < ARRAY_SIZE(needs); i++) {
		unsigned missing = asked & needs[i].fields;
		if (!missing || (sample_type & needs[i].sample_bit))
			continue;
		for (size_t j = 0; j < ARRAY_SIZE(field_names); j++)
			if (missing & field_names[j].bit)
				return errf(err, errlen,
					    "Samples for '%s' event do not have %s attribute set. Cannot print '%s' field.",
					    name, needs[i].attr, field_names[j].name);
	}
	return 0;
}
