/* A session over a data file: the file's events become an evlist (no fds,
 * just ids and layouts), its records go through the time-ordering queue
 * (util/ordered) and then to the same tool callbacks a live session uses. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/perfdata/data-file.h"
#include "util/core/ordered.h"
#include "util/core/parse-events.h"
#include "util/core/session.h"

int evlist_add_file_attrs(struct evlist *l, const struct file_attr *attrs, u32 nr)
{
	/* A pipe announces its events as it goes: add only the new ones. */
	for (u32 i = (u32)l->nr; i < nr; i++) {
		const struct file_attr *fa = &attrs[i];
		char name[64];
		struct evsel *e;

		const char *known = event_name_of(fa->attr.type, fa->attr.config);

		/* A file without EVENT_DESC (or a pipe before it comes) still
		 * names the events it can. */
		if (fa->name)
			snprintf(name, sizeof(name), "%s", fa->name);
		else if (known)
			snprintf(name, sizeof(name), "%s", known);
		else if (fa->attr.type == PERF_TYPE_TRACEPOINT)
			snprintf(name, sizeof(name), "tracepoint:%llu", (unsigned long long)fa->attr.config);
		else
			snprintf(name, sizeof(name), "event%u:%llu", fa->attr.type, (unsigned long long)fa->attr.config);
		e = evsel_new(&fa->attr, name);
		if (!e || evlist_add(l, e)) {
			evsel_free(e);
			return -1;
		}
		e->ids = calloc(fa->nr_ids ? fa->nr_ids : 1, sizeof(u64));
		if (!e->ids)
			return -1;
		for (u32 j = 0; j < fa->nr_ids; j++) {
			e->ids[j] = fa->ids[j];
			if (hashmap_put(&l->ids, fa->ids[j], e))
				return -1;
		}
		/* nr_fds stays 0: nothing to close. */
		if (fa->name) {
			const char *colon = strchr(fa->name, ':');
			if (fa->attr.type == PERF_TYPE_TRACEPOINT && colon) {
				e->tp_sys = strndup(fa->name, (size_t)(colon - fa->name));
				e->tp_name = strdup(colon + 1);
			}
		}
	}
	return 0;
}

static bool all_timed(const struct evlist *l)
{
	for (int i = 0; i < l->nr; i++)
		if (!(l->evsels[i]->attr.sample_type & PERF_SAMPLE_TIME))
			return false;
	return l->nr > 0;
}

struct file_ctx {
	struct session *s;
	u64 offset;
};

static int deliver_one(void *arg, const struct perf_event_header *h, u64 time, u64 offset)
{
	struct file_ctx *fc = arg;

	(void)time;
	fc->s->cur_offset = offset;
	return session_deliver_record(fc->s, h, -1);
}

/* perf's own record types that carry no sample: passed through unordered. */
static bool is_user_type(u32 type)
{
	return type >= 64;
}

int session_file_run(struct session *s, struct data_reader *r, char *err, size_t errlen)
{
	struct file_ctx fc = { s, 0 };
	struct ordered ord;
	u64 gen = ~0ull;
	bool ordered = s->ordered;
	int rc = 0;

	ordered_init(&ord, deliver_one, &fc);
	for (;;) {
		const struct perf_event_header *h;
		u64 off, g, time;
		u32 nr;
		const struct file_attr *attrs = data_reader_attrs(r, &nr, &g);
		int n;

		if (g != gen) {
			if (evlist_add_file_attrs(s->evlist, attrs, nr)) {
				snprintf(err, errlen, "out of memory");
				rc = -1;
				break;
			}
			gen = g;
			ordered = s->ordered && all_timed(s->evlist);
		}
		n = data_reader_next(r, &h, &off, err, errlen);
		if (n <= 0) {
			rc = n;
			break;
		}
		/* The reader may have learnt new events from this record. */
		attrs = data_reader_attrs(r, &nr, &g);
		if (g != gen) {
			if (evlist_add_file_attrs(s->evlist, attrs, nr)) {
				snprintf(err, errlen, "out of memory");
				rc = -1;
				break;
			}
			gen = g;
			ordered = s->ordered && all_timed(s->evlist);
		}
		if (h->type == PERF_RECORD_FINISHED_ROUND) {
			s->stats.rounds++;
			if (ordered && (rc = ordered_round(&ord)))
				break;
			continue;
		}
		if (!ordered || is_user_type(h->type)) {
			s->cur_offset = off;
			if (is_user_type(h->type)) {
				s->stats.records++;
				if (s->tool->record && (rc = s->tool->record(s, NULL, h, NULL)))
					break;
			} else if ((rc = session_deliver_record(s, h, -1))) {
				break;
			}
			continue;
		}
		time = evlist_record_time(s->evlist, h);
		if (ordered_queue(&ord, h, time, off)) {
			snprintf(err, errlen, "out of memory queueing records");
			rc = -1;
			break;
		}
	}
	/* Whatever was read before an error is still delivered, in order. */
	{
		int frc = ordered_flush(&ord);
		if (!rc && frc > 0)
			rc = frc;
	}
	ordered_free(&ord);
	return rc;
}
