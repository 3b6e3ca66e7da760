/* A session: one source of perf records (live rings now; a data file later)
 * delivered to a tool's callbacks in time order across cpus.
 *
 * Live mode runs a reader thread that drains every ring into a per-ring
 * queue as soon as data arrives, so formatting never stalls draining.  After
 * each full pass over the rings the reader publishes a watermark: every
 * record stamped before it is already queued.  The consumer merges the
 * queues up to the watermark (a streaming k-way merge; each ring is already
 * in time order), which is exactly the order a file session delivers. */
#ifndef SCRY_SESSION_H
#define SCRY_SESSION_H

#include <pthread.h>

#include "util/core/evlist.h"
#include "util/core/recqueue.h"

struct session;

struct session_tool {
	/* A PERF_RECORD_SAMPLE of event e (s is parsed). Non-zero stops. */
	int (*sample)(struct session *s, struct evsel *e, const struct perf_sample *sample,
		      const struct perf_event_header *h);
	/* Any other record (COMM, FORK, EXIT, MMAP, ...), with its sample_id. */
	int (*record)(struct session *s, struct evsel *e, const struct perf_event_header *h,
		      const struct perf_sample *id);
	/* `nr` records were lost on `cpu` (-1: unknown) at about `time`. */
	void (*lost)(struct session *s, int cpu, u64 nr, u64 time);
	void *priv;
};

struct session_stats {
	u64 records;            /* delivered */
	u64 rounds;             /* FINISHED_ROUND records (files) */
	u64 samples;
	u64 lost;               /* records the kernel dropped (PERF_RECORD_LOST) */
	u64 lost_queue;         /* records dropped because the queue limit was hit */
	u64 unparsable;         /* records whose layout did not fit their size */
	u64 unknown_id;         /* records of no known event */
};

struct session_queue {
	struct recqueue q;
	/* The head record, parsed, waiting for its turn in the merge. */
	const struct perf_event_header *h;
	u64 time;
	struct evsel *evsel;
	struct perf_sample sample;
	int cpu;
	u64 overflowed;         /* records the reader could not queue (limit) */
};

struct session {
	struct evlist *evlist;
	const struct session_tool *tool;
	struct session_stats stats;

	/* live */
	struct session_queue *queues;   /* one per ring */
	int nr_queues;
	pthread_t reader;
	bool reader_running;
	int stop_reader;                /* 1: stop after a final drain (atomic) */
	u64 watermark;                  /* atomic: records before it are queued */
	int wake_fd;                    /* eventfd the reader kicks after each pass */
	int stop_fd;                    /* eventfd that ends the reader's wait when stopping */
	int poll_ms;                    /* reader's poll timeout */
	u64 delivered_upto;

	/* file */
	bool ordered;                   /* time-order records (default); off for raw dumps */
	u64 cur_offset;                 /* file offset of the record being delivered */
};

void session_init(struct session *s, struct evlist *l, const struct session_tool *tool);
void session_release(struct session *s);

/* Start the reader thread over the evlist's rings. queue_limit bounds the
 * user-space backlog per ring (bytes). */
int session_live_start(struct session *s, size_t queue_limit, char *err, size_t errlen);
/* fd that becomes readable when new records may be deliverable. */
static inline int session_wake_fd(const struct session *s) { return s->wake_fd; }
/* Deliver every record up to the current watermark. Returns -1 if a tool
 * callback asked to stop. */
int session_live_deliver(struct session *s);
/* Drain the rings one last time, stop the reader and deliver everything. */
int session_live_finish(struct session *s);

struct data_reader;
struct file_attr;

/* Add evsels (no fds: ids and layouts) for a data file's events beyond
 * those the evlist already has. */
int evlist_add_file_attrs(struct evlist *l, const struct file_attr *attrs, u32 nr);

/* Read a whole data file through the tool: records in time order (unless
 * s->ordered is false), non-sample perf records (FINISHED_ROUND aside)
 * to tool->record with a NULL evsel. Returns 0, a tool's non-zero value, or
 * -1 on a bad file (err says where) after delivering what came before. */
int session_file_run(struct session *s, struct data_reader *r, char *err, size_t errlen);

/* Deliver one record (used by file sources and tests). */
int session_deliver_record(struct session *s, const struct perf_event_header *h, int cpu);

#endif
