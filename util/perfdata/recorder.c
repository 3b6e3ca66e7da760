#include "util/perfdata/recorder.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

void recorder_init(struct recorder *r, struct evlist *l, struct data_writer *w, struct buildid_tracker *bids)
{
	memset(r, 0, sizeof(*r));
	r->evlist = l;
	r->w = w;
	r->bids = bids;
}

static void note_sample(struct recorder *r, const struct perf_event_header *h)
{
	struct evsel *e = evlist_event_of(r->evlist, h);
	struct perf_sample s;

	r->samples++;
	if (!e || sample_parse(h, &e->layout, &s))
		return;
	if (s.has_time) {
		if (!r->first_time || s.time < r->first_time)
			r->first_time = s.time;
		if (s.time > r->last_time)
			r->last_time = s.time;
	}
	if (r->bids)
		buildid_track(r->bids, h, &s);
}

int recorder_write(struct recorder *r, const struct perf_event_header *h)
{
	if (h->type == PERF_RECORD_SAMPLE) {
		note_sample(r, h);
	} else if (h->type == PERF_RECORD_LOST) {
		u64 n = 0;
		if (h->size >= sizeof(*h) + 16)
			memcpy(&n, (const char *)(h + 1) + 8, 8);
		r->lost += n;
	} else if (r->bids) {
		buildid_track(r->bids, h, NULL);
	}
	if (r->write_failed)
		return -1;
	if (data_writer_write(r->w, h)) {
		r->write_failed = true;
		return -1;
	}
	return 0;
}

static int on_ring_record(const struct perf_event_header *h, void *arg)
{
	recorder_write(arg, h);
	return 0;
}

u64 recorder_drain(struct recorder *r)
{
	u64 n = 0;

	for (int i = 0; i < r->evlist->nr_rings; i++)
		n += ring_drain(&r->evlist->rings[i], on_ring_record, r);
	/* A round: everything written so far may be sorted by time. */
	if (n && !r->write_failed && data_writer_round(r->w))
		r->write_failed = true;
	return n;
}

void recorder_progress(struct recorder *r, const char *tool, u64 *last_ns)
{
	const struct data_writer_stats *st = data_writer_stats(r->w);
	struct timespec ts;
	u64 now;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	now = (u64)ts.tv_sec * NSEC_PER_SEC + (u64)ts.tv_nsec;
	if (now - *last_ns < 500 * NSEC_PER_MSEC)
		return;
	*last_ns = now;
	fprintf(stderr, "\r[ scry %s: %llu samples, %.1f MB written, %llu lost ]", tool,
		(unsigned long long)r->samples, (double)st->bytes_out / (1 << 20), (unsigned long long)r->lost);
}

void recorder_fill_header(struct recorder *r, struct data_header *h)
{
	if (r->first_time) {
		h->has_sample_time = true;
		h->first_sample_time = r->first_time;
		h->last_sample_time = r->last_time;
		data_header_set(h, FEAT_SAMPLE_TIME);
	}
	if (r->bids)
		buildid_fill_header(r->bids, h);
}
