/* A set of events opened together over one target (cpus x threads), their
 * ring buffers (one per cpu, or one per thread for cpu-less events) and the
 * id -> event map that tells which event a record came from. */
#ifndef SCRY_EVLIST_H
#define SCRY_EVLIST_H

#include "util/core/cpumap.h"
#include "util/core/evsel.h"
#include "util/hashmap.h"
#include "util/core/ring.h"
#include "util/core/tracefs.h"

struct evlist {
	struct evsel **evsels;
	int nr;
	struct cpumap cpus;
	struct threadmap threads;
	struct ring *rings;
	int nr_rings;
	struct hashmap ids;     /* sample id -> struct evsel * */
};

void evlist_init(struct evlist *l);
/* Frees the events, rings and maps (closes every fd). */
void evlist_release(struct evlist *l);
int evlist_add(struct evlist *l, struct evsel *e);

/* Take ownership of the target maps. */
void evlist_set_target(struct evlist *l, struct cpumap *cpus, struct threadmap *threads);

/* Open every event on every (cpu, thread).  Threads that exit while we
 * attach are skipped.  On failure: -1 and one line in err. */
int evlist_open(struct evlist *l, char *err, size_t errlen);
/* Set the filters (evsel->filter) of the open events, through
 * PERF_EVENT_IOC_SET_FILTER. On failure -1 and one line in err with the
 * kernel's reason (read through t, which may be NULL). */
int evlist_apply_filters(struct evlist *l, const struct tracefs *t, char *err, size_t errlen);
/* Map the rings (pages: a power of two) and point every fd at its ring. */
int evlist_mmap(struct evlist *l, unsigned pages, char *err, size_t errlen);
int evlist_enable(struct evlist *l);
int evlist_disable(struct evlist *l);
/* Does the list hold a tracepoint (whose removal the kernel makes slow, see
 * util/core/perf-release.h)? */
bool evlist_has_tracepoint(const struct evlist *l);

static inline struct evsel *evlist_find_id(const struct evlist *l, u64 id)
{
	return hashmap_get(&l->ids, id);
}
/* The event that produced this record; NULL when unknown. With one event and
 * no identifier in the record, that event. */
struct evsel *evlist_event_of(const struct evlist *l, const struct perf_event_header *h);

/* Parse a record's time (sample TIME or sample_id_all trailer); 0 if none. */
u64 evlist_record_time(const struct evlist *l, const struct perf_event_header *h);

#endif
