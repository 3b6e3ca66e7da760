#include "util/perfdata/inject.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/core/evlist.h"
#include "util/core/ordered.h"
#include "util/core/session.h"
#include "util/perfdata/record-buildid.h"

struct injector {
	const struct inject_opts *o;
	struct data_reader *r;
	struct data_writer *w;
	struct inject_stats *st;
	bool started;
	u64 generation;         /* of the reader's attrs the evlist was built from */
	/* build-ids: the input's events (to parse samples), the DSOs hit */
	bool track;
	bool timed;             /* every event stamps TIME: track in time order */
	struct evlist evlist;
	struct buildid_tracker bids;
	struct ordered ord;
};

/* ---- which DSOs the samples hit ------------------------------------------------ */

static void track_one(struct injector *in, const struct perf_event_header *h)
{
	struct perf_sample s;
	struct evsel *e;

	if (h->type != PERF_RECORD_SAMPLE) {
		buildid_track(&in->bids, h, NULL);
		return;
	}
	e = evlist_event_of(&in->evlist, h);
	if (e && !sample_parse(h, &e->layout, &s))
		buildid_track(&in->bids, h, &s);
}

static int track_delivered(void *arg, const struct perf_event_header *h, u64 time, u64 offset)
{
	(void)time;
	(void)offset;
	track_one(arg, h);
	return 0;
}

static bool all_timed(const struct evlist *l)
{
	for (int i = 0; i < l->nr; i++)
		if (!(l->evsels[i]->attr.sample_type & PERF_SAMPLE_TIME))
			return false;
	return l->nr > 0;
}

static int track(struct injector *in, const struct perf_event_header *h, char *err, size_t errlen)
{
	if (h->type == PERF_RECORD_FINISHED_ROUND)
		return in->timed ? ordered_round(&in->ord) : 0;
	if (h->type >= PERF_RECORD_HEADER_ATTR)
		return 0;       /* perf's own records: no address in them */
	if (!in->timed) {
		track_one(in, h);
		return 0;
	}
	if (ordered_queue(&in->ord, h, evlist_record_time(&in->evlist, h), 0)) {
		snprintf(err, errlen, "out of memory queueing records");
		return -1;
	}
	return 0;
}

/* ---- the output header ---------------------------------------------------------- */

static bool has_build_id(const struct data_header *h, const char *filename)
{
	for (u32 i = 0; i < h->nr_build_ids; i++)
		if (h->build_ids[i].filename && !strcmp(h->build_ids[i].filename, filename))
			return true;
	return false;
}

/* out: the input's header (its strings and blobs borrowed, not copied),
 * with the build-ids of found not already in it appended. *merged is the
 * build-id array out points to when it differs from the input's: the
 * caller frees it (the array only). */
static void output_header(struct injector *in, const struct data_header *found, struct data_header *out,
			  struct build_id_entry **merged)
{
	const struct data_header *h = data_reader_header(in->r);
	u32 n = h->nr_build_ids;

	*out = *h;
	*merged = NULL;
	in->st->build_ids_in = h->nr_build_ids;
	if (!found->nr_build_ids)
		return;
	*merged = malloc((h->nr_build_ids + found->nr_build_ids) * sizeof(**merged));
	if (!*merged)
		return;
	if (h->nr_build_ids)
		memcpy(*merged, h->build_ids, h->nr_build_ids * sizeof(**merged));
	for (u32 i = 0; i < found->nr_build_ids; i++)
		if (!has_build_id(h, found->build_ids[i].filename))
			(*merged)[n++] = found->build_ids[i];
	out->build_ids = *merged;
	out->nr_build_ids = n;
	in->st->build_ids_added = n - h->nr_build_ids;
	if (n)
		data_header_set(out, FEAT_BUILD_ID);
}

/* ---- the copy ------------------------------------------------------------------ */

static int start(struct injector *in, char *err, size_t errlen)
{
	u32 nr;
	const struct file_attr *attrs = data_reader_attrs(in->r, &nr, NULL);

	in->started = true;
	return data_writer_start(in->w, attrs, nr, data_reader_header(in->r), err, errlen);
}

/* The reader learnt events (a pipe's HEADER_ATTR records). Before the
 * first record they go into the output's header; after it, a file's
 * header could still take them but a pipe's could not, and neither could
 * the records already written under the old ids: refused. */
static int new_events(struct injector *in, u64 gen, char *err, size_t errlen)
{
	u32 nr;
	const struct file_attr *attrs = data_reader_attrs(in->r, &nr, NULL);

	if (in->started) {
		snprintf(err, errlen, "%s: events announced after the first records are not supported",
			 in->o->input);
		return -1;
	}
	in->generation = gen;
	if (in->track) {
		if (evlist_add_file_attrs(&in->evlist, attrs, nr)) {
			snprintf(err, errlen, "out of memory");
			return -1;
		}
		in->timed = all_timed(&in->evlist);
	}
	return 0;
}

static int copy_records(struct injector *in, char *err, size_t errlen)
{
	for (;;) {
		const struct perf_event_header *h;
		char why[512];
		u64 off, gen;
		u32 nr;
		int n = data_reader_next(in->r, &h, &off, why, sizeof(why));

		if (n < 0) {
			snprintf(err, errlen, "%s: %s", in->o->input, why);
			return -1;
		}
		data_reader_attrs(in->r, &nr, &gen);
		if (gen != in->generation && new_events(in, gen, err, errlen))
			return -1;
		if (!n)
			return 0;
		if (h->type == PERF_RECORD_AUXTRACE) {
			snprintf(err, errlen, "%s: offset %#llx: AUX area data (Intel PT, CoreSight, ...) is not supported",
				 in->o->input, (unsigned long long)off);
			return -1;
		}
		if (!in->started && start(in, err, errlen))
			return -1;
		if (in->track && track(in, h, err, errlen))
			return -1;
		in->st->records++;
		in->st->samples += h->type == PERF_RECORD_SAMPLE;
		if (h->type == PERF_RECORD_FINISHED_ROUND ? data_writer_round(in->w) : data_writer_write(in->w, h))
			return 1;       /* the writer's error, said by finish */
	}
}

static int finish(struct injector *in, char *err, size_t errlen)
{
	struct data_header found, out;
	struct build_id_entry *merged;
	int rc;

	data_header_init(&found);
	if (in->track) {
		ordered_flush(&in->ord);
		if (in->o->all_build_ids)
			buildid_track_all(&in->bids);
		buildid_fill_header(&in->bids, &found);
	}
	output_header(in, &found, &out, &merged);
	rc = data_writer_finish(in->w, &out, err, errlen);
	/* Also a file whose header could be written after a data write
	 * error (readable, but not all there) is a failure. */
	if (data_writer_stats(in->w)->error) {
		snprintf(err, errlen, "writing %s: %s", in->o->output, strerror(data_writer_stats(in->w)->error));
		rc = -1;
	}
	in->st->bytes_out = data_writer_stats(in->w)->bytes_out;
	free(merged);
	data_header_free(&found);
	return rc;
}

int inject_run(struct data_reader *r, const struct inject_opts *o, struct inject_stats *st, char *err,
	       size_t errlen)
{
	struct data_writer_opts wo = { .path = o->output };
	struct injector in = { .o = o, .r = r, .st = st, .generation = ~0ull };
	char ferr[512];
	int rc;

	memset(st, 0, sizeof(*st));
	in.track = o->build_ids || o->all_build_ids;
	evlist_init(&in.evlist);
	buildid_tracker_init(&in.bids);
	ordered_init(&in.ord, track_delivered, &in);
	in.w = data_writer_create(&wo, err, errlen);
	if (!in.w) {
		rc = -1;
		goto out;
	}
	/* A file's events are all known now: the output starts at once, so
	 * that an input without records still gives a valid file. */
	if (!data_reader_is_pipe(r)) {
		u64 gen;
		u32 nr;
		data_reader_attrs(r, &nr, &gen);
		if (new_events(&in, gen, err, errlen) || start(&in, err, errlen)) {
			rc = -1;
			goto out;
		}
	}
	rc = copy_records(&in, err, errlen);
	/* Finish also after a bad input record: what came before it stays
	 * a readable file. The input's message is the one said. */
	{
		char *e = rc < 0 ? ferr : err;
		size_t elen = rc < 0 ? sizeof(ferr) : errlen;
		if ((!in.started && start(&in, e, elen)) || finish(&in, e, elen) || rc > 0)
			rc = -1;
	}
out:
	/* The writer names standard output "-". */
	if (rc && !strcmp(o->output, "-") && !strncmp(err, "writing -: ", 11)) {
		char why[512];
		snprintf(why, sizeof(why), "%s", err + 11);
		snprintf(err, errlen, "writing standard output: %s", why);
	}
	data_writer_free(in.w);
	ordered_free(&in.ord);
	buildid_tracker_free(&in.bids);
	evlist_release(&in.evlist);
	return rc;
}
