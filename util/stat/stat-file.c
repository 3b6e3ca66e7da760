#include "util/stat/stat-file.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/outbuf.h"
#include "util/perfdata/data-file.h"
#include "util/perfdata/tracing-data.h"

/* perf's record layouts (tools/lib/perf/include/perf/event.h). */
struct stat_record {
	struct perf_event_header header;
	u64 id;
	u32 cpu;                /* the cpu's number, (u32)-1 for any */
	u32 thread;             /* an index into the THREAD_MAP */
	u64 val, ena, run;
};

struct stat_round_record {
	struct perf_event_header header;
	u64 type;               /* 0: an interval, 1: the final counts */
	u64 time;               /* ns: the elapsed time, for the final one */
};

enum { STAT_ROUND_INTERVAL = 0, STAT_ROUND_FINAL = 1 };

/* An event the machine lacks has no fd and so no id; the file gives it one
 * no kernel id has (they count up from 1), so that the file's event
 * descriptions, which name events by id, can name it too. */
#define STAT_FILE_NO_FD_ID (1ull << 63)

struct stat_file_writer {
	struct data_writer *w;
	struct data_header hdr;
	struct file_attr *attrs;
	u32 nr_attrs;
};

void stat_file_free(struct stat_file_writer *fw)
{
	if (!fw)
		return;
	if (fw->w)
		data_writer_free(fw->w);
	data_header_free(&fw->hdr);
	file_attrs_free(fw->attrs, fw->nr_attrs);
	free(fw);
}

static int fill_attrs(struct stat_file_writer *fw, const struct stat_file_event *ev, int nr)
{
	fw->attrs = calloc((size_t)nr + 1, sizeof(*fw->attrs));
	if (!fw->attrs)
		return -1;
	fw->nr_attrs = (u32)nr;
	for (int i = 0; i < nr; i++) {
		struct file_attr *fa = &fw->attrs[i];
		const struct evsel *e = ev[i].e;

		fa->attr = *ev[i].attr;
		fa->name = strdup(ev[i].name);
		fa->ids = calloc((size_t)(e && e->nr_fds ? e->nr_fds : 1), sizeof(u64));
		if (!fa->name || !fa->ids)
			return -1;
		for (int j = 0; e && j < e->nr_fds; j++)
			if (e->fds[j] >= 0)
				fa->ids[fa->nr_ids++] = e->ids[j];
		if (!fa->nr_ids)
			fa->ids[fa->nr_ids++] = STAT_FILE_NO_FD_ID | (u64)i;
	}
	return 0;
}

static int fill_cmdline(struct data_header *h, const char *const *argv, int argc)
{
	h->cmdline = calloc((size_t)argc + 1, sizeof(char *));
	if (!h->cmdline)
		return -1;
	for (int i = 0; i < argc; i++) {
		h->cmdline[i] = strdup(argv[i]);
		if (!h->cmdline[i])
			return -1;
		h->nr_cmdline = (u32)i + 1;
	}
	data_header_set(h, FEAT_CMDLINE);
	return 0;
}

/* The tracepoints' formats (perf reads no tracepoint event without them). */
static int fill_tracing_data(struct data_header *h, const struct tracefs *t, const struct stat_file_event *ev,
			     int nr, char *err, size_t errlen)
{
	const char **sys = calloc((size_t)nr + 1, sizeof(char *));
	const char **name = calloc((size_t)nr + 1, sizeof(char *));
	struct outbuf ob;
	u32 n = 0;
	int rc = 0;

	if (!sys || !name) {
		snprintf(err, errlen, "out of memory");
		rc = -1;
		goto out;
	}
	for (int i = 0; i < nr; i++)
		if (ev[i].e && evsel_is_tracepoint(ev[i].e) && ev[i].e->tp_sys && ev[i].e->tp_name) {
			sys[n] = ev[i].e->tp_sys;
			name[n++] = ev[i].e->tp_name;
		}
	if (!n || !t)
		goto out;
	outbuf_init_mem(&ob);
	if (tracing_data_build(t, sys, name, n, &ob, err, errlen)) {
		rc = -1;
	} else {
		h->tracing_data = ob.buf;
		h->tracing_data_size = ob.len;
		data_header_set(h, FEAT_TRACING_DATA);
		ob.buf = NULL;
	}
	outbuf_release(&ob);
out:
	free(sys);
	free(name);
	return rc;
}

struct stat_file_writer *stat_file_create(const char *path, const struct stat_file_event *ev, int nr,
					  const struct tracefs *t, const char *const *argv, int argc, char *err,
					  size_t errlen)
{
	struct stat_file_writer *fw = calloc(1, sizeof(*fw));
	struct data_writer_opts wo = { .path = path };

	if (!fw) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	data_header_init(&fw->hdr);
	if (fill_attrs(fw, ev, nr) || (argc && fill_cmdline(&fw->hdr, argv, argc))) {
		snprintf(err, errlen, "out of memory");
		goto fail;
	}
	if (fill_tracing_data(&fw->hdr, t, ev, nr, err, errlen))
		goto fail;
	fw->w = data_writer_create(&wo, err, errlen);
	if (!fw->w)
		goto fail;
	data_header_set(&fw->hdr, FEAT_EVENT_DESC);
	data_header_set(&fw->hdr, FEAT_STAT);
	if (data_writer_start(fw->w, fw->attrs, fw->nr_attrs, &fw->hdr, err, errlen))
		goto fail;
	return fw;
fail:
	stat_file_free(fw);
	return NULL;
}

/* The threads and cpus the STAT records' indexes refer to, and the
 * aggregation, in perf's records: perf stat report needs them. */
static int write_maps(struct stat_file_writer *fw, const struct evlist *l)
{
	struct outbuf ob;
	struct perf_event_header h;
	u64 nr = (u64)l->threads.nr;
	u16 type = 0, ncpu = (u16)l->cpus.nr;
	/* perf's STAT_CONFIG: aggregation mode (1: global), interval (ms), scale. */
	const u64 config[] = { 3, 0, 1, 1, 0, 2, 1 };
	int rc;

	outbuf_init_mem(&ob);
	h.type = PERF_RECORD_THREAD_MAP;
	h.misc = 0;
	h.size = (u16)(sizeof(h) + 8 + nr * 24);
	outbuf_putn(&ob, &h, sizeof(h));
	outbuf_putn(&ob, &nr, sizeof(nr));
	for (int i = 0; i < l->threads.nr; i++) {
		u64 tid = (u64)(s64)l->threads.tid[i];
		char comm[16] = { 0 };

		outbuf_putn(&ob, &tid, sizeof(tid));
		outbuf_putn(&ob, comm, sizeof(comm));
	}
	h.type = PERF_RECORD_CPU_MAP;
	h.size = (u16)((sizeof(h) + 4 + 2 * (size_t)ncpu + 7) & ~(size_t)7);
	outbuf_putn(&ob, &h, sizeof(h));
	outbuf_putn(&ob, &type, sizeof(type));
	outbuf_putn(&ob, &ncpu, sizeof(ncpu));
	for (int i = 0; i < l->cpus.nr; i++) {
		u16 cpu = (u16)l->cpus.cpu[i];

		outbuf_putn(&ob, &cpu, sizeof(cpu));
	}
	for (size_t pad = 4 + 2 * (size_t)ncpu; pad % 8; pad++)
		outbuf_putc(&ob, 0);
	h.type = PERF_RECORD_STAT_CONFIG;
	h.size = (u16)(sizeof(h) + sizeof(config));
	outbuf_putn(&ob, &h, sizeof(h));
	outbuf_putn(&ob, config, sizeof(config));
	rc = 0;
	for (size_t off = 0; off < ob.len && !rc;) {
		const struct perf_event_header *rec = (const void *)(ob.buf + off);

		rc = data_writer_write(fw->w, rec);
		off += rec->size;
	}
	outbuf_release(&ob);
	return rc;
}

int stat_file_write_counts(struct stat_file_writer *fw, const struct stat_file_event *ev, int nr,
			   const struct evlist *l, u64 elapsed_ns, char *err, size_t errlen)
{
	struct stat_round_record round;

	if (write_maps(fw, l))
		goto write_error;

	for (int i = 0; i < nr; i++) {
		const struct evsel *e = ev[i].e;
		int nthr = e && e->system_wide ? 1 : l->threads.nr;

		for (int slot = 0; e && slot < e->nr_fds; slot++) {
			struct stat_record r;
			u64 buf[3];

			if (e->fds[slot] < 0)
				continue;
			if (read(e->fds[slot], buf, sizeof(buf)) != (ssize_t)sizeof(buf)) {
				snprintf(err, errlen, "cannot read the counter of '%s': %s", e->name,
					 strerror(errno ? errno : EIO));
				return -1;
			}
			memset(&r, 0, sizeof(r));
			r.header.type = PERF_RECORD_STAT;
			r.header.size = sizeof(r);
			r.id = e->ids[slot];
			r.cpu = (u32)l->cpus.cpu[slot / nthr];     /* the cpu (-1: any), as perf */
			r.thread = (u32)(slot % nthr);
			r.val = buf[0];
			r.ena = buf[1];
			r.run = buf[2];
			if (data_writer_write(fw->w, &r.header))
				goto write_error;
		}
	}
	memset(&round, 0, sizeof(round));
	round.header.type = PERF_RECORD_STAT_ROUND;
	round.header.size = sizeof(round);
	round.type = STAT_ROUND_FINAL;
	round.time = elapsed_ns;
	if (data_writer_write(fw->w, &round.header))
		goto write_error;
	return 0;
write_error:
	snprintf(err, errlen, "cannot write the counts: %s", strerror(data_writer_stats(fw->w)->error));
	return -1;
}

int stat_file_finish(struct stat_file_writer *fw, char *err, size_t errlen)
{
	return data_writer_finish(fw->w, &fw->hdr, err, errlen);
}

/* ---- reading ------------------------------------------------------------------ */

void stat_file_release(struct stat_file *f)
{
	for (int i = 0; i < f->nr; i++)
		free(f->ev[i].name);
	free(f->ev);
	free(f->command);
	memset(f, 0, sizeof(*f));
}

static int load_events(struct stat_file *f, const struct file_attr *attrs, u32 nr)
{
	f->ev = calloc((size_t)nr + 1, sizeof(*f->ev));
	if (!f->ev)
		return -1;
	f->nr = (int)nr;
	for (u32 i = 0; i < nr; i++) {
		char fallback[64];

		snprintf(fallback, sizeof(fallback), "event-%u:%llu", attrs[i].attr.type,
			 (unsigned long long)attrs[i].attr.config);
		f->ev[i].name = strdup(attrs[i].name ? attrs[i].name : fallback);
		f->ev[i].attr = attrs[i].attr;
		for (u32 j = 0; j < attrs[i].nr_ids; j++)
			if (!(attrs[i].ids[j] & STAT_FILE_NO_FD_ID))
				f->ev[i].supported = true;
		if (!f->ev[i].name)
			return -1;
	}
	return 0;
}

static int event_of_id(const struct file_attr *attrs, u32 nr, u64 id)
{
	for (u32 i = 0; i < nr; i++)
		for (u32 j = 0; j < attrs[i].nr_ids; j++)
			if (attrs[i].ids[j] == id)
				return (int)i;
	return -1;
}

static void load_command(struct stat_file *f, const struct data_header *h)
{
	struct outbuf ob;

	if (!h->nr_cmdline)
		return;
	outbuf_init_mem(&ob);
	for (u32 i = 0; i < h->nr_cmdline; i++)
		outbuf_printf(&ob, "%s%s", i ? " " : "", h->cmdline[i]);
	f->command = strdup(outbuf_cstr(&ob));
	outbuf_release(&ob);
}

int stat_file_read(const char *path, struct stat_file *f, char *err, size_t errlen)
{
	struct data_reader *r = data_reader_open(path, err, errlen);
	const struct perf_event_header *rec;
	const struct file_attr *attrs = NULL;
	struct stat_counts *round = NULL;
	u64 offset, gen = 0, seen_gen = ~0ull;
	u32 nr = 0;
	int rc = -1, n;

	memset(f, 0, sizeof(*f));
	if (!r)
		return -1;
	f->pipe = data_reader_is_pipe(r);
	while ((n = data_reader_next(r, &rec, &offset, err, errlen)) > 0) {
		attrs = data_reader_attrs(r, &nr, &gen);
		if (gen != seen_gen && f->nr == (int)nr && round) {
			seen_gen = gen;         /* names added: the counts stand */
		} else if (gen != seen_gen) {
			/* The events as the file (so far) describes them. */
			stat_file_release(f);
			f->pipe = data_reader_is_pipe(r);
			free(round);
			round = calloc((size_t)nr + 1, sizeof(*round));
			if (!round || load_events(f, attrs, nr)) {
				snprintf(err, errlen, "out of memory");
				goto out;
			}
			seen_gen = gen;
		}
		if (rec->type == PERF_RECORD_STAT && rec->size >= sizeof(struct stat_record)) {
			const struct stat_record *s = (const void *)rec;
			int i = event_of_id(attrs, nr, s->id);

			if (i < 0)
				continue;
			round[i].val += s->val;
			round[i].ena += s->ena;
			round[i].run += s->run;
		} else if (rec->type == PERF_RECORD_STAT_ROUND && rec->size >= sizeof(struct stat_round_record)) {
			const struct stat_round_record *sr = (const void *)rec;

			/* A round closes the counts before it: the last is the total. */
			for (u32 i = 0; i < nr; i++)
				f->ev[i].total = round[i];
			memset(round, 0, (size_t)nr * sizeof(*round));
			if (sr->type == STAT_ROUND_FINAL)
				f->elapsed_ns = sr->time;
		}
	}
	if (n < 0)
		goto out;
	if (!f->nr && nr && load_events(f, data_reader_attrs(r, &nr, &gen), nr)) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	if (!f->nr) {
		snprintf(err, errlen, "no events in the file");
		goto out;
	}
	/* Names that came after the attrs (a pipe's EVENT_DESC at its end). */
	attrs = data_reader_attrs(r, &nr, &gen);
	for (u32 i = 0; i < nr && (int)i < f->nr; i++)
		if (attrs[i].name && strcmp(attrs[i].name, f->ev[i].name)) {
			char *name = strdup(attrs[i].name);

			if (name) {
				free(f->ev[i].name);
				f->ev[i].name = name;
			}
		}
	load_command(f, data_reader_header(r));
	rc = 0;
out:
	free(round);
	data_reader_close(r);
	if (rc)
		stat_file_release(f);
	return rc;
}
