#include "util/core/session.h"
#include "util/debug.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define QUEUE_CHUNK (1u << 20)
#define READER_NICE (-10)       /* the reader thread's nice value (root) */

static u64 now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (u64)ts.tv_sec * NSEC_PER_SEC + (u64)ts.tv_nsec;
}

void session_init(struct session *s, struct evlist *l, const struct session_tool *tool)
{
	memset(s, 0, sizeof(*s));
	s->evlist = l;
	s->tool = tool;
	s->wake_fd = -1;
	s->stop_fd = -1;
	s->poll_ms = 50;
	s->ordered = true;
}

/* The reader's last pass, at once rather than after its poll timeout. */
static void end_reader(struct session *s)
{
	u64 one = 1;
	ssize_t r;

	if (!s->reader_running)
		return;
	__atomic_store_n(&s->stop_reader, 1, __ATOMIC_RELEASE);
	r = write(s->stop_fd, &one, sizeof(one));
	(void)r;
	pthread_join(s->reader, NULL);
	s->reader_running = false;
}

void session_release(struct session *s)
{
	end_reader(s);
	for (int i = 0; i < s->nr_queues; i++)
		recqueue_release(&s->queues[i].q);
	free(s->queues);
	s->queues = NULL;
	s->nr_queues = 0;
	if (s->wake_fd >= 0)
		close(s->wake_fd);
	if (s->stop_fd >= 0)
		close(s->stop_fd);
	s->wake_fd = s->stop_fd = -1;
}

/* ---- reader thread -------------------------------------------------------- */

struct drain_ctx {
	struct session_queue *sq;
};

static int push_record(const struct perf_event_header *h, void *arg)
{
	struct drain_ctx *d = arg;

	if (recqueue_push(&d->sq->q, h)) {
		__atomic_add_fetch(&d->sq->overflowed, 1, __ATOMIC_RELAXED);
		/* Keep draining: the kernel would drop even more otherwise, and
		 * the count of what we dropped is reported like kernel loss. */
	}
	return 0;
}

static u64 drain_all(struct session *s)
{
	u64 n = 0;

	for (int i = 0; i < s->nr_queues; i++) {
		struct drain_ctx d = { &s->queues[i] };
		n += ring_drain(&s->evlist->rings[i], push_record, &d);
	}
	return n;
}

static void kick(struct session *s)
{
	u64 one = 1;
	ssize_t r = write(s->wake_fd, &one, sizeof(one));
	(void)r;
}

static void *reader_main(void *arg)
{
	struct session *s = arg;
	struct pollfd *pfd = calloc((size_t)s->nr_queues + 1, sizeof(*pfd));
	u64 prev_pass = 0;

	for (int i = 0; pfd && i < s->nr_queues; i++) {
		pfd[i].fd = s->evlist->rings[i].fd;
		pfd[i].events = POLLIN;
	}
	/* The kernel drops what a full ring cannot take: on a busy machine
	 * this thread must run as soon as it is woken. It does little each
	 * time (copies out of the rings), so a higher priority costs others
	 * little. Only root may raise it; otherwise it stays as it is. */
	if (setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), READER_NICE) && errno != EACCES && errno != EPERM)
		pr_debug("reader thread priority: %s", strerror(errno));
	if (pfd) {
		pfd[s->nr_queues].fd = s->stop_fd;
		pfd[s->nr_queues].events = POLLIN;
	}
	for (;;) {
		int stop = __atomic_load_n(&s->stop_reader, __ATOMIC_ACQUIRE);
		u64 pass = now_ns();
		u64 n = drain_all(s);

		if (stop) {
			/* Writes that began before `pass` are committed by now. */
			drain_all(s);
			__atomic_store_n(&s->watermark, UINT64_MAX, __ATOMIC_RELEASE);
			kick(s);
			break;
		}
		/* Everything stamped before the previous pass began has been
		 * committed and drained by the end of this pass. */
		if (prev_pass)
			__atomic_store_n(&s->watermark, prev_pass, __ATOMIC_RELEASE);
		prev_pass = pass;
		if (n)
			kick(s);
		if (!n && pfd)
			poll(pfd, (nfds_t)s->nr_queues + 1, s->poll_ms);
		else if (!pfd)
			usleep(1000u * (unsigned)s->poll_ms);
	}
	free(pfd);
	return NULL;
}

int session_live_start(struct session *s, size_t queue_limit, char *err, size_t errlen)
{
	struct evlist *l = s->evlist;
	sigset_t all, old;
	int rc;

	s->nr_queues = l->nr_rings;
	s->queues = calloc((size_t)s->nr_queues, sizeof(*s->queues));
	if (!s->queues) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	for (int i = 0; i < s->nr_queues; i++) {
		if (recqueue_init(&s->queues[i].q, QUEUE_CHUNK, queue_limit)) {
			snprintf(err, errlen, "out of memory");
			return -1;
		}
		s->queues[i].cpu = l->rings[i].cpu;
	}
	s->wake_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	s->stop_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (s->wake_fd < 0 || s->stop_fd < 0) {
		snprintf(err, errlen, "eventfd: %s", strerror(errno));
		return -1;
	}
	/* Signals go to the main thread, never the reader. */
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	rc = pthread_create(&s->reader, NULL, reader_main, s);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc) {
		snprintf(err, errlen, "cannot start the reader thread: %s", strerror(rc));
		return -1;
	}
	s->reader_running = true;
	return 0;
}

/* ---- delivery ------------------------------------------------------------- */

static int deliver(struct session *s, const struct perf_event_header *h, struct evsel *e,
		   const struct perf_sample *smp, int cpu)
{
	const struct session_tool *t = s->tool;

	s->stats.records++;
	if (h->type == PERF_RECORD_LOST) {
		u64 lost = 0;
		if (h->size >= sizeof(*h) + 16)
			memcpy(&lost, (const char *)(h + 1) + 8, 8);
		s->stats.lost += lost;
		if (t->lost)
			t->lost(s, smp->has_cpu ? (int)smp->cpu : cpu, lost, smp->time);
		return 0;
	}
	if (h->type == PERF_RECORD_SAMPLE) {
		s->stats.samples++;
		return t->sample ? t->sample(s, e, smp, h) : 0;
	}
	return t->record ? t->record(s, e, h, smp) : 0;
}

/* Parse the head record of queue sq; false when the queue is empty. */
static bool load_head(struct session *s, struct session_queue *sq)
{
	while (!sq->h) {
		const struct perf_event_header *h = recqueue_peek(&sq->q);
		struct evsel *e;
		int rc;

		if (!h)
			return false;
		e = evlist_event_of(s->evlist, h);
		if (!e) {
			s->stats.unknown_id++;
			recqueue_pop(&sq->q);
			continue;
		}
		if (h->type == PERF_RECORD_SAMPLE)
			rc = sample_parse(h, &e->layout, &sq->sample);
		else
			rc = sample_id_parse(h, &e->layout, &sq->sample);
		if (rc) {
			s->stats.unparsable++;
			recqueue_pop(&sq->q);
			continue;
		}
		if (!sq->sample.has_cpu && sq->cpu >= 0)
			sq->sample.cpu = (u32)sq->cpu;
		sq->h = h;
		sq->evsel = e;
		sq->time = sq->sample.time;
	}
	return true;
}

static int merge_upto(struct session *s, u64 limit)
{
	for (;;) {
		struct session_queue *best = NULL;
		int rc;

		for (int i = 0; i < s->nr_queues; i++) {
			struct session_queue *sq = &s->queues[i];
			if (!load_head(s, sq) || sq->time > limit)
				continue;
			if (!best || sq->time < best->time)
				best = sq;
		}
		if (!best)
			return 0;
		rc = deliver(s, best->h, best->evsel, &best->sample, best->cpu);
		best->h = NULL;
		recqueue_pop(&best->q);
		if (rc)
			return -1;
	}
}

static void account_overflow(struct session *s)
{
	for (int i = 0; i < s->nr_queues; i++) {
		struct session_queue *sq = &s->queues[i];
		u64 n = __atomic_exchange_n(&sq->overflowed, 0, __ATOMIC_ACQ_REL);
		if (n) {
			s->stats.lost_queue += n;
			if (s->tool->lost)
				s->tool->lost(s, sq->cpu, n, s->delivered_upto);
		}
	}
}

int session_live_deliver(struct session *s)
{
	u64 junk, limit;
	ssize_t r = read(s->wake_fd, &junk, sizeof(junk));

	(void)r;
	limit = __atomic_load_n(&s->watermark, __ATOMIC_ACQUIRE);
	account_overflow(s);
	if (merge_upto(s, limit))
		return -1;
	s->delivered_upto = limit;
	return 0;
}

int session_live_finish(struct session *s)
{
	end_reader(s);
	account_overflow(s);
	return merge_upto(s, UINT64_MAX);
}

int session_deliver_record(struct session *s, const struct perf_event_header *h, int cpu)
{
	struct evsel *e = evlist_event_of(s->evlist, h);
	struct perf_sample smp;
	int rc;

	if (!e) {
		s->stats.unknown_id++;
		return 0;
	}
	rc = h->type == PERF_RECORD_SAMPLE ? sample_parse(h, &e->layout, &smp)
					   : sample_id_parse(h, &e->layout, &smp);
	if (rc) {
		s->stats.unparsable++;
		return 0;
	}
	return deliver(s, h, e, &smp, cpu);
}
