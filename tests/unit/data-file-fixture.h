/* Synthetic events, records and headers for the data file tests: three
 * events with ids, samples (IDENTIFIER|TID|TIME|CPU|RAW), COMM and MMAP2
 * records with their sample_id trailers, rounds, and a header with every
 * feature scry decodes plus raw ones. The records are kept as written, so a
 * reader's output can be compared byte for byte. */
#ifndef SCRY_TEST_DATA_FILE_FIXTURE_H
#define SCRY_TEST_DATA_FILE_FIXTURE_H

#include <stdlib.h>
#include <string.h>

#include "util/perfdata/data-file.h"

#define FX_SAMPLE_TYPE \
	(PERF_SAMPLE_IDENTIFIER | PERF_SAMPLE_TID | PERF_SAMPLE_TIME | PERF_SAMPLE_CPU | PERF_SAMPLE_RAW)

struct fixture {
	struct file_attr attrs[3];
	u64 ids[3][3];
	struct data_header h;
	u8 *recs;               /* the records, back to back, rounds included */
	size_t len, cap;
	u32 nr_recs;
	u32 round_every;        /* a FINISHED_ROUND every this many records; 0: none */
	u64 rng;
};

static inline u64 fx_rand(struct fixture *fx)
{
	fx->rng ^= fx->rng << 13;
	fx->rng ^= fx->rng >> 7;
	fx->rng ^= fx->rng << 17;
	return fx->rng;
}

static inline void fx_attrs(struct fixture *fx)
{
	static const char *const names[3] = { "cpu-clock", "sched:sched_switch", "dummy:u" };
	static const u32 types[3] = { PERF_TYPE_SOFTWARE, PERF_TYPE_TRACEPOINT, PERF_TYPE_SOFTWARE };
	static const u64 configs[3] = { PERF_COUNT_SW_CPU_CLOCK, 0x174, PERF_COUNT_SW_DUMMY };
	static const u32 nr_ids[3] = { 2, 2, 1 };

	for (int i = 0; i < 3; i++) {
		struct file_attr *fa = &fx->attrs[i];
		memset(&fa->attr, 0, sizeof(fa->attr));
		fa->attr.type = types[i];
		fa->attr.size = (u32)FILE_ATTR_SIZE;
		fa->attr.config = configs[i];
		fa->attr.sample_period = i ? 1 : 4000;
		fa->attr.freq = !i;
		fa->attr.sample_type = FX_SAMPLE_TYPE;
		fa->attr.sample_id_all = 1;
		fa->attr.exclude_guest = 1;
		fa->attr.disabled = 1;
		fa->nr_ids = nr_ids[i];
		fa->ids = fx->ids[i];
		for (u32 j = 0; j < nr_ids[i]; j++)
			fx->ids[i][j] = 100 + (u64)i * 10 + j;
		fa->name = (char *)names[i];
	}
}

static inline void fx_put(struct fixture *fx, const void *p, size_t n)
{
	if (fx->len + n > fx->cap) {
		fx->cap = (fx->len + n) * 2;
		fx->recs = realloc(fx->recs, fx->cap);
	}
	memcpy(fx->recs + fx->len, p, n);
	fx->len += n;
}

static inline void fx_trailer(struct fixture *fx, u32 pid, u64 time, u32 cpu, u64 id)
{
	u64 t[4] = { pid | (u64)pid << 32, time, cpu, id };
	fx_put(fx, t, sizeof(t));
}

static inline void fx_comm(struct fixture *fx, u32 pid, const char *comm, u64 time)
{
	size_t n = (strlen(comm) + 1 + 7) & ~(size_t)7;
	struct perf_event_header h = { PERF_RECORD_COMM, 0, (u16)(8 + 8 + n + 32) };
	u32 ids[2] = { pid, pid };
	char name[64] = { 0 };

	strncpy(name, comm, sizeof(name) - 1);
	fx_put(fx, &h, sizeof(h));
	fx_put(fx, ids, sizeof(ids));
	fx_put(fx, name, n);
	fx_trailer(fx, pid, time, 0, fx->ids[2][0]);
	fx->nr_recs++;
}

static inline void fx_mmap2(struct fixture *fx, u32 pid, const char *path, u64 addr, u64 time)
{
	size_t n = (strlen(path) + 1 + 7) & ~(size_t)7;
	struct perf_event_header h = { PERF_RECORD_MMAP2, PERF_RECORD_MISC_USER, 0 };
	struct {
		u32 pid, tid;
		u64 addr, len, pgoff;
		u32 maj, min;
		u64 ino, ino_generation;
		u32 prot, flags;
	} m = { pid, pid, addr, 0x4000, 0x1000, 254, 0, 1234, 0, 5, 2 };
	char name[256] = { 0 };

	h.size = (u16)(sizeof(h) + sizeof(m) + n + 32);
	strncpy(name, path, sizeof(name) - 1);
	fx_put(fx, &h, sizeof(h));
	fx_put(fx, &m, sizeof(m));
	fx_put(fx, name, n);
	fx_trailer(fx, pid, time, 1, fx->ids[2][0]);
	fx->nr_recs++;
}

/* A sample of event ev with raw_size (4 mod 8) bytes of raw data, partly
 * random so that compression has work to do. */
static inline void fx_sample(struct fixture *fx, int ev, u32 pid, u64 time, u32 raw_size)
{
	struct perf_event_header h = { PERF_RECORD_SAMPLE, PERF_RECORD_MISC_USER, 0 };
	u64 head[4] = { fx->ids[ev][time & 1], pid | (u64)pid << 32, time, time & 1 };
	u8 raw[1024];

	raw_size = ((raw_size & ~7u) + 4) % sizeof(raw);
	for (u32 i = 0; i < raw_size; i++)
		raw[i] = (u8)(i < raw_size / 2 ? fx_rand(fx) : i);
	h.size = (u16)(sizeof(h) + sizeof(head) + 4 + raw_size);
	fx_put(fx, &h, sizeof(h));
	fx_put(fx, head, sizeof(head));
	fx_put(fx, &raw_size, 4);
	fx_put(fx, raw, raw_size);
	fx->nr_recs++;
}

static inline void fx_round(struct fixture *fx)
{
	struct perf_event_header h = { PERF_RECORD_FINISHED_ROUND, 0, 8 };
	fx_put(fx, &h, sizeof(h));
	fx->nr_recs++;
}

/* n records: a COMM and MMAP2 per new task, samples, rounds. */
static inline void fx_records(struct fixture *fx, u32 n, u32 raw_max)
{
	u64 time = 1000000;

	for (u32 i = 0; i < n; i++) {
		u32 pid = 1000 + i / 64;
		time += 1 + fx_rand(fx) % 5000;
		if (i % 64 == 0) {
			fx_comm(fx, pid, i % 128 ? "worker" : "a-longer-command-name", time);
			fx_mmap2(fx, pid, "/usr/lib/x86_64-linux-gnu/libc.so.6", 0x7f0000000000ull + i, time);
		} else if (fx->round_every && i % fx->round_every == 0) {
			fx_round(fx);
		} else {
			fx_sample(fx, (int)(i % 2), pid, time, 4 + (u32)(fx_rand(fx) % raw_max));
		}
	}
}

static inline void fx_setstr(struct data_header *h, char **dst, const char *s, int feat)
{
	*dst = strdup(s);
	data_header_set(h, feat);
}

static inline void fx_raw(struct data_header *h, int id, const char *bytes, size_t n)
{
	h->raw = realloc(h->raw, (h->nr_raw + 1) * sizeof(*h->raw));
	h->raw[h->nr_raw].id = id;
	h->raw[h->nr_raw].data = malloc(n);
	memcpy(h->raw[h->nr_raw].data, bytes, n);
	h->raw[h->nr_raw].size = n;
	h->nr_raw++;
	data_header_set(h, id);
}

/* Every feature: the strings, numbers, cmdline, build-ids, tracing data
 * (opaque bytes here), event names, and raw ones (a known bit scry keeps
 * as bytes, and a private high bit). */
static inline void fx_header(struct fixture *fx)
{
	struct data_header *h = &fx->h;
	static const char *const argv[] = { "/usr/bin/scry", "record", "-e", "cpu-clock", "--", "sleep", "1" };

	data_header_init(h);
	fx_setstr(h, &h->hostname, "testhost", FEAT_HOSTNAME);
	fx_setstr(h, &h->osrelease, "6.1.0-test", FEAT_OSRELEASE);
	fx_setstr(h, &h->version, "scry 0.1.0", FEAT_VERSION);
	fx_setstr(h, &h->arch, "x86_64", FEAT_ARCH);
	fx_setstr(h, &h->cpudesc, "Test CPU @ 3.00GHz", FEAT_CPUDESC);
	fx_setstr(h, &h->cpuid, "GenuineIntel,6,85,7", FEAT_CPUID);
	h->has_nrcpus = true;
	h->nr_cpus_avail = 8;
	h->nr_cpus_online = 4;
	data_header_set(h, FEAT_NRCPUS);
	h->has_total_mem = true;
	h->total_mem_kb = 16384000;
	data_header_set(h, FEAT_TOTAL_MEM);
	h->nr_cmdline = ARRAY_SIZE(argv);
	h->cmdline = calloc(ARRAY_SIZE(argv), sizeof(char *));
	for (size_t i = 0; i < ARRAY_SIZE(argv); i++)
		h->cmdline[i] = strdup(argv[i]);
	data_header_set(h, FEAT_CMDLINE);
	data_header_set(h, FEAT_EVENT_DESC);
	h->has_sample_time = true;
	h->first_sample_time = 1000001;
	h->last_sample_time = 9000000;
	data_header_set(h, FEAT_SAMPLE_TIME);
	h->has_clockid = true;
	h->clockid_res_ns = 1;
	data_header_set(h, FEAT_CLOCKID);
	h->nr_build_ids = 2;
	h->build_ids = calloc(2, sizeof(*h->build_ids));
	h->build_ids[0] = (struct build_id_entry){ -1, PERF_RECORD_MISC_KERNEL, 20, { 0x48, 0xdc, 0x54, 0x0c }, NULL };
	h->build_ids[0].filename = strdup("[kernel.kallsyms]");
	h->build_ids[1] = (struct build_id_entry){ -1, PERF_RECORD_MISC_USER, 16, { 1, 2, 3, 4, 5, 6, 7, 8, 9 }, NULL };
	h->build_ids[1].filename = strdup("/usr/lib/x86_64-linux-gnu/a-library-with-a-rather-long-name-to-cross-64.so");
	data_header_set(h, FEAT_BUILD_ID);
	h->tracing_data_size = 300;
	h->tracing_data = malloc(300);
	for (int i = 0; i < 300; i++)
		((u8 *)h->tracing_data)[i] = (u8)(i * 7);
	data_header_set(h, FEAT_TRACING_DATA);
	fx_raw(h, FEAT_CPU_TOPOLOGY, "\1\0\0\0\4\0\0\0" "0-3\0", 12);
	fx_raw(h, 255, "private scry bytes", 18);
}

static inline void fx_init(struct fixture *fx, u64 seed)
{
	memset(fx, 0, sizeof(*fx));
	fx->rng = seed ? seed : 88172645463325252ull;
	fx->round_every = 50;
	fx_attrs(fx);
	fx_header(fx);
}

static inline void fx_release(struct fixture *fx)
{
	data_header_free(&fx->h);
	free(fx->recs);
	fx->recs = NULL;
}

/* Write the fixture through a data_writer. early: the header given at
 * start (tracing data only, as scry record does). */
static inline int fx_write(struct fixture *fx, const char *path, int level, bool pipe)
{
	struct data_writer_opts o = { path, level, pipe };
	struct data_header early;
	char err[256];
	struct data_writer *w = data_writer_create(&o, err, sizeof(err));
	int rc = 0;

	if (!w)
		return -1;
	data_header_init(&early);
	early.tracing_data = fx->h.tracing_data;
	early.tracing_data_size = fx->h.tracing_data_size;
	data_header_set(&early, FEAT_TRACING_DATA);
	if (data_writer_start(w, fx->attrs, 3, &early, err, sizeof(err)))
		rc = -1;
	for (size_t off = 0; !rc && off < fx->len;) {
		u64 rec[65536 / 8];     /* aligned: hand-made records may have odd sizes */
		struct perf_event_header h;
		memcpy(&h, fx->recs + off, sizeof(h));
		memcpy(rec, fx->recs + off, h.size);
		rc = h.type == PERF_RECORD_FINISHED_ROUND ? data_writer_round(w)
							   : data_writer_write(w, (const void *)rec);
		off += h.size;
	}
	if (!rc && data_writer_finish(w, &fx->h, err, sizeof(err)))
		rc = -1;
	data_writer_free(w);
	return rc;
}

#endif
