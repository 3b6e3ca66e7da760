#include "util/core/parse-events.h"

#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

struct tp_add_ctx {
	struct evlist *l;
	const struct tracefs *t;
	const struct perf_event_attr *tmpl;
	int added;
	int err;
};

static int add_tracepoint(const char *sys, const char *name, void *arg)
{
	struct tp_add_ctx *c = arg;
	struct perf_event_attr attr = *c->tmpl;
	char full[256];
	struct evsel *e;
	int id = tracefs_event_id(c->t, sys, name);

	if (id < 0) {
		c->err = -id;
		return 1;
	}
	attr.type = PERF_TYPE_TRACEPOINT;
	attr.config = (u64)id;
	snprintf(full, sizeof(full), "%s:%s", sys, name);
	e = evsel_new(&attr, full);
	if (!e || !(e->tp_sys = strdup(sys)) || !(e->tp_name = strdup(name)) || evlist_add(c->l, e)) {
		evsel_free(e);
		c->err = ENOMEM;
		return 1;
	}
	c->added++;
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

static int parse_tracepoint(struct evlist *l, const struct tracefs *t, const char *item,
			    const struct perf_event_attr *tmpl, char *err, size_t errlen)
{
	const char *colon = strchr(item, ':');
	char sys[128];
	const char *name = colon + 1;
	struct tp_add_ctx c = { l, t, tmpl, 0, 0 };
	int n;

	if ((size_t)(colon - item) >= sizeof(sys) || colon == item || !*name) {
		snprintf(err, errlen, "bad tracepoint '%s' (expected SYSTEM:EVENT)", item);
		return -1;
	}
	if (!t) {
		snprintf(err, errlen, "tracepoint '%s' needs tracefs", item);
		return -1;
	}
	memcpy(sys, item, (size_t)(colon - item));
	sys[colon - item] = '\0';
	n = tracefs_for_each_event(t, sys, name, add_tracepoint, &c);
	if (n < 0) {
		snprintf(err, errlen, "cannot list tracepoints under %s/events: %s", t->root, strerror(errno));
		return -1;
	}
	if (c.err) {
		snprintf(err, errlen, "cannot add tracepoint '%s': %s", item, strerror(c.err));
		return -1;
	}
	if (!c.added) {
		struct closest_ctx cc = { item, "", ~0u };
		tracefs_for_each_event(t, "*", "*", closest_tp, &cc);
		if (cc.best[0] && cc.best_d <= 4)
			snprintf(err, errlen, "unknown tracepoint '%s' (did you mean %s?)", item, cc.best);
		else
			snprintf(err, errlen, "unknown tracepoint '%s' (scry list shows them)", item);
		return -1;
	}
	return c.added;
}

static int parse_named(struct evlist *l, const char *item, const struct perf_event_attr *tmpl,
		       char *err, size_t errlen)
{
	const struct event_name *best = NULL;
	unsigned best_d = ~0u;

	for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
		const struct event_name *n = &names[i];
		if (!strcmp(item, n->name) || (n->alias && !strcmp(item, n->alias))) {
			struct perf_event_attr attr = *tmpl;
			struct evsel *e;
			attr.type = n->type;
			attr.config = n->config;
			e = evsel_new(&attr, n->name);
			if (!e || evlist_add(l, e)) {
				evsel_free(e);
				snprintf(err, errlen, "out of memory");
				return -1;
			}
			return 1;
		}
		if (edit_distance(item, n->name) < best_d) {
			best_d = edit_distance(item, n->name);
			best = n;
		}
	}
	if (best && best_d <= 3)
		snprintf(err, errlen, "unknown event '%s' (did you mean %s?)", item, best->name);
	else
		snprintf(err, errlen, "unknown event '%s' (scry list shows the events)", item);
	return -1;
}

int parse_events(struct evlist *l, const struct tracefs *t, const char *list,
		 const struct perf_event_attr *tmpl, char *err, size_t errlen)
{
	char *copy = strdup(list), *save = NULL, *item;
	int total = 0;

	if (!copy) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	for (item = strtok_r(copy, ",", &save); item; item = strtok_r(NULL, ",", &save)) {
		int n;
		while (*item == ' ')
			item++;
		if (!*item)
			continue;
		n = strchr(item, ':') ? parse_tracepoint(l, t, item, tmpl, err, errlen)
				      : parse_named(l, item, tmpl, err, errlen);
		if (n < 0) {
			free(copy);
			return -1;
		}
		total += n;
	}
	free(copy);
	if (!total) {
		snprintf(err, errlen, "empty event list '%s'", list);
		return -1;
	}
	return total;
}
