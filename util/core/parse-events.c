#include "util/core/parse-events.h"

#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/core/event-mods.h"
#include "util/strutil.h"

static const struct event_name names[] = {
	{ "cpu-clock", NULL, PERF_TYPE_SOFTWARE, PERF_COUNT_SW_CPU_CLOCK },
	{ "task-clock", NULL, PERF_TYPE_SOFTWARE, PERF_COUNT_SW_TASK_CLOCK },
	{ "page-faults", "faults", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_PAGE_FAULTS },
	{ "context-switches", "cs", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_CONTEXT_SWITCHES },
	{ "cpu-migrations", "migrations", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_CPU_MIGRATIONS },
	{ "minor-faults", NULL, PERF_TYPE_SOFTWARE, PERF_COUNT_SW_PAGE_FAULTS_MIN },
	{ "major-faults", NULL, PERF_TYPE_SOFTWARE, PERF_COUNT_SW_PAGE_FAULTS_MAJ },
	{ "alignment-faults", NULL, PERF_TYPE_SOFTWARE, PERF_COUNT_SW_ALIGNMENT_FAULTS },
	{ "emulation-faults", NULL, PERF_TYPE_SOFTWARE, PERF_COUNT_SW_EMULATION_FAULTS },
	{ "dummy", NULL, PERF_TYPE_SOFTWARE, PERF_COUNT_SW_DUMMY },
	{ "bpf-output", NULL, PERF_TYPE_SOFTWARE, PERF_COUNT_SW_BPF_OUTPUT },
	{ "cycles", "cpu-cycles", PERF_TYPE_HARDWARE, PERF_COUNT_HW_CPU_CYCLES },
	{ "instructions", NULL, PERF_TYPE_HARDWARE, PERF_COUNT_HW_INSTRUCTIONS },
	{ "cache-references", NULL, PERF_TYPE_HARDWARE, PERF_COUNT_HW_CACHE_REFERENCES },
	{ "cache-misses", NULL, PERF_TYPE_HARDWARE, PERF_COUNT_HW_CACHE_MISSES },
	{ "branch-instructions", "branches", PERF_TYPE_HARDWARE, PERF_COUNT_HW_BRANCH_INSTRUCTIONS },
	{ "branch-misses", NULL, PERF_TYPE_HARDWARE, PERF_COUNT_HW_BRANCH_MISSES },
	{ "bus-cycles", NULL, PERF_TYPE_HARDWARE, PERF_COUNT_HW_BUS_CYCLES },
	{ "stalled-cycles-frontend", "idle-cycles-frontend", PERF_TYPE_HARDWARE,
	  PERF_COUNT_HW_STALLED_CYCLES_FRONTEND },
	{ "stalled-cycles-backend", "idle-cycles-backend", PERF_TYPE_HARDWARE,
	  PERF_COUNT_HW_STALLED_CYCLES_BACKEND },
	{ "ref-cycles", NULL, PERF_TYPE_HARDWARE, PERF_COUNT_HW_REF_CPU_CYCLES },
};

const struct event_name *event_names(size_t *nr)
{
	*nr = ARRAY_SIZE(names);
	return names;
}

const char *event_name_of(u32 type, u64 config)
{
	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		if (names[i].type == type && names[i].config == config)
			return names[i].name;
	return NULL;
}

/* One parse: where events go, the template they copy, the error line. */
struct pe_ctx {
	struct evlist *l;
	const struct tracefs *t;
	const struct perf_event_attr *tmpl;
	char *err;
	size_t errlen;
};

static int spec_error(struct pe_ctx *c, const char *fmt, const char *a, const char *b)
{
	snprintf(c->err, c->errlen, fmt, a, b);
	return PARSE_EVENTS_BAD_SPEC;
}

static const struct event_name *named_lookup(const char *item)
{
	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		if (!strcmp(item, names[i].name) || (names[i].alias && !strcmp(item, names[i].alias)))
			return &names[i];
	return NULL;
}

/* ---- tracepoints ------------------------------------------------------------- */

struct tp_add_ctx {
	struct pe_ctx *c;
	int added;
	int err;
};

static int add_tracepoint(const char *sys, const char *name, void *arg)
{
	struct tp_add_ctx *tc = arg;
	struct perf_event_attr attr = *tc->c->tmpl;
	char full[256];
	struct evsel *e;
	int id = tracefs_event_id(tc->c->t, sys, name);

	if (id < 0) {
		tc->err = -id;
		return 1;
	}
	attr.type = PERF_TYPE_TRACEPOINT;
	attr.config = (u64)id;
	/* Every hit is a record (or every Nth with a period), with the raw
	 * fields: a frequency means nothing to a tracepoint. */
	if (attr.freq) {
		attr.freq = 0;
		attr.sample_period = 1;
	}
	attr.sample_type |= PERF_SAMPLE_RAW;
	snprintf(full, sizeof(full), "%s:%s", sys, name);
	e = evsel_new(&attr, full);
	if (!e || !(e->tp_sys = strdup(sys)) || !(e->tp_name = strdup(name)) || evlist_add(tc->c->l, e)) {
		evsel_free(e);
		tc->err = ENOMEM;
		return 1;
	}
	tc->added++;
	return 0;
}

/* Closest "sys:name" for a misspelt tracepoint, for the error line. */
struct closest_ctx {
	const char *want;
	char best[256];
	unsigned best_d;
};

static int closest_tp(const char *sys, const char *name, void *arg)
{
	struct closest_ctx *c = arg;
	char full[256];
	unsigned d;

	snprintf(full, sizeof(full), "%s:%s", sys, name);
	d = edit_distance(c->want, full);
	if (d < c->best_d) {
		c->best_d = d;
		snprintf(c->best, sizeof(c->best), "%s", full);
	}
	return 0;
}

/* "sys:name" (globs allowed) -> its events. */
static int add_tracepoints(struct pe_ctx *c, const char *sys, const char *name)
{
	struct tp_add_ctx tc = { c, 0, 0 };
	char item[512];
	int n;

	snprintf(item, sizeof(item), "%s:%s", sys, name);
	if (!*sys || !*name)
		return spec_error(c, "bad tracepoint '%s' (expected SYSTEM:EVENT)%s", item, "");
	if (!c->t) {
		snprintf(c->err, c->errlen, "tracepoint '%s' needs tracefs", item);
		return PARSE_EVENTS_FAILED;
	}
	n = tracefs_for_each_event(c->t, sys, name, add_tracepoint, &tc);
	if (n < 0) {
		snprintf(c->err, c->errlen, "cannot list tracepoints under %s/events: %s", c->t->root, strerror(errno));
		return PARSE_EVENTS_FAILED;
	}
	if (tc.err) {
		snprintf(c->err, c->errlen, "cannot add tracepoint '%s': %s", item, strerror(tc.err));
		return PARSE_EVENTS_FAILED;
	}
	if (!tc.added) {
		struct closest_ctx cc = { item, "", ~0u };
		tracefs_for_each_event(c->t, "*", "*", closest_tp, &cc);
		if (cc.best[0] && cc.best_d <= 4)
			return spec_error(c, "unknown tracepoint '%s' (did you mean %s?)", item, cc.best);
		return spec_error(c, "unknown tracepoint '%s'%s (scry list shows them)", item, "");
	}
	return tc.added;
}

/* ---- named events ------------------------------------------------------------ */

static int add_named(struct pe_ctx *c, const char *item)
{
	const struct event_name *n = named_lookup(item), *best = NULL;
	unsigned best_d = ~0u;

	if (n) {
		struct perf_event_attr attr = *c->tmpl;
		struct evsel *e;
		attr.type = n->type;
		attr.config = n->config;
		e = evsel_new(&attr, n->name);
		if (!e || evlist_add(c->l, e)) {
			evsel_free(e);
			snprintf(c->err, c->errlen, "out of memory");
			return PARSE_EVENTS_FAILED;
		}
		return 1;
	}
	for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
		unsigned d = edit_distance(item, names[i].name);
		if (d < best_d) {
			best_d = d;
			best = &names[i];
		}
	}
	if (best && best_d <= 3)
		return spec_error(c, "unknown event '%s' (did you mean %s?)", item, best->name);
	return spec_error(c, "unknown event '%s'%s (scry list shows the events)", item, "");
}

/* Is name a near miss of a named event (for telling typos from tracepoints)? */
static bool near_named(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		if (edit_distance(name, names[i].name) <= 3)
			return true;
	return false;
}

/* ---- one event: NAME[/TERMS/[MODS]] or NAME[:MODS] ---------------------------- */

/* The parts of one event's text (pointers into a copy of it). */
struct event_parts {
	char *sys;      /* tracepoints: the subsystem; NULL for a named event */
	char *name;
	char *terms;    /* NULL: no slashes */
	char *mods;     /* NULL: none */
};

static int split_event(struct pe_ctx *c, char *buf, const char *spec, struct event_parts *p)
{
	char *slash = strchr(buf, '/'), *colon;

	memset(p, 0, sizeof(*p));
	p->name = buf;
	if (slash) {
		char *close = strchr(slash + 1, '/');
		if (!close)
			return spec_error(c, "unterminated terms in '%s' (EVENT/TERM=VALUE,.../)%s", spec, "");
		*slash = *close = '\0';
		p->terms = slash + 1;
		/* As perf: "cpu-clock/period=1000/u", the modifiers right
		 * after the closing slash. */
		if (close[1] == ':')
			return spec_error(c, "bad modifiers in '%s': they follow the closing slash directly (%s)",
					  spec, "cpu-clock/period=1000/u");
		if (close[1])
			p->mods = close + 1;
		colon = strchr(buf, ':');
		if (colon) {
			*colon = '\0';
			p->sys = buf;
			p->name = colon + 1;
		}
		return 0;
	}
	colon = strchr(buf, ':');
	if (!colon)
		return 0;
	*colon = '\0';
	if (named_lookup(buf)) {        /* "cpu-clock:u" */
		p->mods = colon + 1;
		return 0;
	}
	p->sys = buf;                   /* "sched:sched_switch[:k]" */
	p->name = colon + 1;
	colon = strchr(p->name, ':');
	if (colon) {
		*colon = '\0';
		p->mods = colon + 1;
	}
	return 0;
}

/* Reading an event's counters in its samples (":S" on one event). */
static void sample_read_one(struct evsel *e)
{
	e->attr.sample_type |= PERF_SAMPLE_READ;
	e->attr.read_format |= PERF_FORMAT_ID;
}

static int parse_event(struct pe_ctx *c, const char *spec, bool in_group)
{
	struct event_parts p;
	char *buf = strdup(spec);
	int first = c->l->nr, n;

	if (!buf) {
		snprintf(c->err, c->errlen, "out of memory");
		return PARSE_EVENTS_FAILED;
	}
	n = split_event(c, buf, spec, &p);
	if (!n && p.mods && !*p.mods)
		n = spec_error(c, "empty modifier in '%s'%s", spec, "");
	/* "cpu-clok:u": a misspelt event with modifiers, not a tracepoint. */
	if (!n && p.sys && !p.terms && !p.mods && *p.name && strspn(p.name, "ukhGHIpSDe") == strlen(p.name) &&
	    near_named(p.sys))
		n = add_named(c, p.sys);
	else if (!n)
		n = p.sys ? add_tracepoints(c, p.sys, p.name) : add_named(c, p.name);
	for (int i = first; n > 0 && i < c->l->nr; i++) {
		struct evsel *e = c->l->evsels[i];
		char *name = NULL;
		bool sample_read = false;

		if (p.terms && event_terms_apply(&e->attr, p.terms, p.sys != NULL, &name, spec, c->err, c->errlen))
			n = PARSE_EVENTS_BAD_SPEC;
		else if (p.mods && event_mods_apply(&e->attr, p.mods, &sample_read, spec, c->err, c->errlen))
			n = PARSE_EVENTS_BAD_SPEC;
		else if (sample_read && in_group)
			n = spec_error(c, "':S' in '%s' reads a whole group: put it after the braces (%s)", spec,
				       "{cpu-clock,task-clock}:S");
		if (n < 0) {
			free(name);
			break;
		}
		if (sample_read)
			sample_read_one(e);
		/* perf's names: "cpu-clock:u", "cpu-clock/period=1000/";
		 * a tracepoint keeps "sys:name" (its format is found by it). */
		if (!name && !p.sys && (p.terms || p.mods))
			name = strdup(spec);
		if (name) {
			free(e->name);
			e->name = name;
		}
		if (!e->name) {
			snprintf(c->err, c->errlen, "out of memory");
			n = PARSE_EVENTS_FAILED;
			break;
		}
		evsel_update_layout(e);
	}
	free(buf);
	return n;
}

/* ---- the list and its groups ------------------------------------------------- */

/* Length of the item at s: up to a comma outside braces and terms. */
static size_t item_len(const char *s)
{
	bool in_terms = false;
	int depth = 0;
	size_t i;

	for (i = 0; s[i]; i++) {
		if (s[i] == '/')
			in_terms = !in_terms;
		else if (in_terms)
			continue;
		else if (s[i] == '{')
			depth++;
		else if (s[i] == '}')
			depth--;
		else if (s[i] == ',' && depth <= 0)
			break;
	}
	return i;
}

/* The '}' closing the group that starts at s[0] == '{', or NULL. */
static const char *group_end(const char *s)
{
	bool in_terms = false;

	for (const char *p = s + 1; *p; p++) {
		if (*p == '/')
			in_terms = !in_terms;
		else if (!in_terms && *p == '}')
			return p;
	}
	return NULL;
}

/* Call fn for each event's text of a comma-separated list (a group's
 * inside too, unless in a group already). */
static int for_each_item(const char *list, int (*fn)(const char *item, void *arg), void *arg)
{
	const char *p = list;

	while (*p) {
		size_t n = item_len(p);
		char *item = strndup(p, n), *s, *e;
		int rc;

		if (!item)
			return PARSE_EVENTS_FAILED;
		for (s = item; *s == ' '; s++)
			;
		e = s + strlen(s);
		while (e > s && e[-1] == ' ')
			*--e = '\0';
		rc = *s ? fn(s, arg) : 0;
		free(item);
		if (rc < 0)
			return rc;
		p += n;
		if (*p == ',')
			p++;
	}
	return 0;
}

static int group_member(const char *item, void *arg)
{
	struct pe_ctx *c = arg;

	if (item[0] == '{')
		return spec_error(c, "groups do not nest: '%s'%s", item, "");
	return parse_event(c, item, true);
}

/* "{a,b}[:MODS]": the first event leads, the others are opened with it
 * and follow its enabling; ":S" samples the leader and reads the group. */
static int parse_group(struct pe_ctx *c, const char *spec)
{
	const char *end = group_end(spec);
	const char *mods = NULL;
	char *inner;
	int first = c->l->nr, rc;
	bool sample_read = false;

	if (strchr(spec + 1, '{'))
		return spec_error(c, "groups do not nest: '%s'%s", spec, "");
	if (!end)
		return spec_error(c, "unterminated group '%s' (expected {EVENT,EVENT}[:MODIFIERS])%s", spec, "");
	if (end[1] == ':')
		mods = end + 2;
	else if (end[1])
		return spec_error(c, "bad group '%s' (expected {EVENT,EVENT}[:MODIFIERS])%s", spec, "");
	if (mods && !*mods)
		return spec_error(c, "empty modifier in '%s'%s", spec, "");
	inner = strndup(spec + 1, (size_t)(end - spec - 1));
	if (!inner) {
		snprintf(c->err, c->errlen, "out of memory");
		return PARSE_EVENTS_FAILED;
	}
	rc = for_each_item(inner, group_member, c);
	free(inner);
	if (rc < 0)
		return rc;
	if (c->l->nr == first)
		return spec_error(c, "empty group '%s'%s", spec, "");

	struct evsel *leader = c->l->evsels[first];
	leader->nr_members = c->l->nr - first;
	for (int i = first; i < c->l->nr; i++) {
		struct evsel *e = c->l->evsels[i];

		e->leader = leader;
		if (mods && event_mods_apply(&e->attr, mods, &sample_read, spec, c->err, c->errlen))
			return PARSE_EVENTS_BAD_SPEC;
		if (e != leader) {
			/* The leader's enabling enables the group. */
			e->attr.disabled = 0;
			e->attr.enable_on_exec = 0;
		}
	}
	for (int i = first; i < c->l->nr; i++) {
		struct evsel *e = c->l->evsels[i];

		if (sample_read) {
			/* Leader sampling, as perf: its samples carry every
			 * member's count; the members do not sample. */
			e->attr.sample_type |= PERF_SAMPLE_READ;
			e->attr.read_format |= PERF_FORMAT_GROUP | PERF_FORMAT_ID;
			if (e != leader) {
				e->attr.freq = 0;
				e->attr.sample_period = 0;
			}
		}
		evsel_update_layout(e);
	}
	return leader->nr_members;
}

static int parse_item(const char *item, void *arg)
{
	struct pe_ctx *c = arg;

	return item[0] == '{' ? parse_group(c, item) : parse_event(c, item, false);
}

int parse_events(struct evlist *l, const struct tracefs *t, const char *list,
		 const struct perf_event_attr *tmpl, char *err, size_t errlen)
{
	struct pe_ctx c = { l, t, tmpl, err, errlen };
	int first = l->nr, rc = for_each_item(list, parse_item, &c);

	if (rc == PARSE_EVENTS_FAILED && !err[0])
		snprintf(err, errlen, "out of memory");
	if (rc < 0)
		return rc;
	if (l->nr == first) {
		snprintf(err, errlen, "empty event list '%s'", list);
		return PARSE_EVENTS_BAD_SPEC;
	}
	return l->nr - first;
}

/* ---- does a list name a tracepoint? ------------------------------------------ */

static int item_is_tracepoint(const char *item, void *arg)
{
	bool *any = arg;
	size_t name_len = strcspn(item, "/");
	const char *colon = memchr(item, ':', name_len);
	char head[128];

	if (item[0] == '{') {
		const char *end = group_end(item);
		char *inner = strndup(item + 1, end ? (size_t)(end - item - 1) : strlen(item + 1));
		int rc;
		if (!inner)
			return PARSE_EVENTS_FAILED;
		rc = for_each_item(inner, item_is_tracepoint, arg);
		free(inner);
		return rc;
	}
	if (!colon)
		return 0;
	snprintf(head, sizeof(head), "%.*s", (int)(colon - item), item);
	/* "cpu-clock:u" is a named event with modifiers. */
	if (name_len != strlen(item) || !named_lookup(head))
		*any = true;
	return 0;
}

bool parse_events_need_tracefs(const char *list)
{
	bool any = false;

	/* On out of memory say yes: the parse itself will report it. */
	if (for_each_item(list, item_is_tracepoint, &any) < 0)
		return true;
	return any;
}
