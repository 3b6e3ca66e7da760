/* Unit tests for util/perfdata: data-file (writer and reader) and compress:
 * round trips in file and pipe form, with and without zstd, compared byte
 * for byte; compressed streams whose frames and records span COMPRESSED
 * records; unfinished files; a write error part way; and a corpus of
 * damaged inputs (truncations, byte overwrites, absurd sizes, garbage) that
 * must each end in 0, 1 or -1 and never crash, hang or over-allocate (run
 * under ASan/UBSan with make unit SANITIZE=1). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zstd.h>

#include "tests/unit/data-file-fixture.h"

static char tmpdir[] = "/tmp/scry-test-data-XXXXXX";

static const char *tmp(const char *name)
{
	static char path[4][256];
	static int k;

	k = (k + 1) % 4;
	snprintf(path[k], sizeof(path[k]), "%s/%s", tmpdir, name);
	return path[k];
}

static u8 *slurp(const char *path, size_t *len)
{
	struct stat st;
	int fd = open(path, O_RDONLY);
	u8 *p;

	assert_true(fd >= 0);
	assert_int_equal(fstat(fd, &st), 0);
	p = malloc((size_t)st.st_size + 1);
	assert_int_equal(read(fd, p, (size_t)st.st_size), st.st_size);
	close(fd);
	*len = (size_t)st.st_size;
	return p;
}

static void spit(const char *path, const void *p, size_t n)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, p, n), (ssize_t)n);
	close(fd);
}

/* ---- comparing what was read with what was written -------------------------------- */

static void check_attrs(const struct fixture *fx, struct data_reader *r)
{
	u32 nr;
	u64 gen;
	const struct file_attr *a = data_reader_attrs(r, &nr, &gen);

	assert_int_equal(nr, 3);
	for (int i = 0; i < 3; i++) {
		assert_memory_equal(&a[i].attr, &fx->attrs[i].attr, sizeof(a[i].attr));
		assert_int_equal(a[i].nr_ids, fx->attrs[i].nr_ids);
		assert_memory_equal(a[i].ids, fx->attrs[i].ids, a[i].nr_ids * sizeof(u64));
		assert_non_null(a[i].name);
		assert_string_equal(a[i].name, fx->attrs[i].name);
	}
}

/* Attrs and ids without the names only EVENT_DESC carries. */
static void check_attrs_unnamed(const struct fixture *fx, struct data_reader *r)
{
	u32 nr;
	const struct file_attr *a = data_reader_attrs(r, &nr, NULL);

	assert_int_equal(nr, 3);
	for (int i = 0; i < 3; i++) {
		assert_memory_equal(&a[i].attr, &fx->attrs[i].attr, sizeof(a[i].attr));
		assert_int_equal(a[i].nr_ids, fx->attrs[i].nr_ids);
		assert_memory_equal(a[i].ids, fx->attrs[i].ids, a[i].nr_ids * sizeof(u64));
		assert_null(a[i].name);
	}
}

static void check_raw(const struct data_header *got, const struct data_header *want, bool pipe)
{
	u32 n = 0;

	for (u32 i = 0; i < want->nr_raw; i++) {
		const struct raw_feature *w = &want->raw[i];
		bool found = false;
		if (pipe && w->id >= FEAT_LAST_PERF) {
			assert_false(data_header_has(got, w->id));
			continue;
		}
		for (u32 j = 0; j < got->nr_raw; j++)
			if (got->raw[j].id == w->id) {
				assert_int_equal(got->raw[j].size, w->size);
				assert_memory_equal(got->raw[j].data, w->data, w->size);
				found = true;
			}
		assert_true(found);
		n++;
	}
	assert_int_equal(got->nr_raw, n);
}

static void check_header(const struct fixture *fx, struct data_reader *r, int level, bool pipe)
{
	const struct data_header *g = data_reader_header(r), *w = &fx->h;

	assert_string_equal(g->hostname, w->hostname);
	assert_string_equal(g->osrelease, w->osrelease);
	assert_string_equal(g->version, w->version);
	assert_string_equal(g->arch, w->arch);
	assert_string_equal(g->cpudesc, w->cpudesc);
	assert_string_equal(g->cpuid, w->cpuid);
	assert_true(g->has_nrcpus);
	assert_int_equal(g->nr_cpus_avail, 8);
	assert_int_equal(g->nr_cpus_online, 4);
	assert_true(g->has_total_mem && g->total_mem_kb == w->total_mem_kb);
	assert_int_equal(g->nr_cmdline, w->nr_cmdline);
	for (u32 i = 0; i < w->nr_cmdline; i++)
		assert_string_equal(g->cmdline[i], w->cmdline[i]);
	assert_true(g->has_sample_time);
	assert_int_equal(g->first_sample_time, w->first_sample_time);
	assert_int_equal(g->last_sample_time, w->last_sample_time);
	assert_true(g->has_clockid && g->clockid_res_ns == 1);
	assert_int_equal(g->nr_build_ids, 2);
	for (u32 i = 0; i < 2; i++) {
		assert_int_equal(g->build_ids[i].pid, w->build_ids[i].pid);
		assert_int_equal(g->build_ids[i].misc, w->build_ids[i].misc);
		assert_int_equal(g->build_ids[i].size, w->build_ids[i].size);
		assert_memory_equal(g->build_ids[i].id, w->build_ids[i].id, w->build_ids[i].size);
		assert_string_equal(g->build_ids[i].filename, w->build_ids[i].filename);
	}
	/* A pipe pads the tracing data to 8 bytes. */
	assert_true(g->tracing_data_size >= w->tracing_data_size && g->tracing_data_size < w->tracing_data_size + 8);
	assert_memory_equal(g->tracing_data, w->tracing_data, w->tracing_data_size);
	assert_int_equal(g->has_compressed, level > 0);
	assert_int_equal(data_header_has(g, FEAT_COMPRESSED), level > 0);
	if (level) {
		assert_int_equal(g->comp_type, 1);
		assert_int_equal(g->comp_level, level);
		assert_true(g->comp_ratio >= 1);
		assert_true(g->comp_mmap_len >= 64512);
	}
	check_raw(g, w, pipe);
	for (int f = 1; f < FEAT_LAST_PERF; f++)
		if (f != FEAT_COMPRESSED)
			assert_int_equal(data_header_has(g, f), data_header_has(w, f));
}

/* Read every record and compare it with the fixture's, in order. */
static void check_records(const struct fixture *fx, struct data_reader *r)
{
	size_t off = 0;
	u32 n = 0;
	const struct perf_event_header *h;
	u64 at;
	char err[256] = "";
	int rc;

	while ((rc = data_reader_next(r, &h, &at, err, sizeof(err))) == 1) {
		const struct perf_event_header *w = (const void *)(fx->recs + off);
		assert_true(off < fx->len);
		assert_int_equal((uintptr_t)h & 7, 0);
		assert_int_equal(h->size, w->size);
		assert_memory_equal(h, w, w->size);
		off += w->size;
		n++;
	}
	if (rc)
		fail_msg("reader: %s", err);
	assert_int_equal(n, fx->nr_recs);
	assert_int_equal(off, fx->len);
}

static void roundtrip(const char *path, int level, bool pipe, u32 nrec, u32 raw_max)
{
	struct fixture fx;
	struct data_reader *r;
	char err[256];

	fx_init(&fx, 0);
	fx_records(&fx, nrec, raw_max);
	assert_int_equal(fx_write(&fx, path, level, pipe), 0);
	r = data_reader_open(path, err, sizeof(err));
	if (!r)
		fail_msg("open: %s", err);
	assert_int_equal(data_reader_is_pipe(r), pipe);
	assert_null(data_reader_note(r));
	if (!pipe)
		check_attrs(&fx, r);
	check_records(&fx, r);
	check_attrs(&fx, r);    /* a pipe's are complete once read */
	check_header(&fx, r, level, pipe);
	data_reader_close(r);
	fx_release(&fx);
}

/* data_reader_peek: a pipe's events are known after it (their names too
 * when the writer sent them early: this fixture's come at the end), and
 * the record it read is the first data_reader_next gives; peeking again
 * reads nothing. */
static void peek_then_read(const char *path, bool pipe, u32 nrec)
{
	struct fixture fx;
	struct data_reader *r;
	char err[256];

	fx_init(&fx, 0);
	fx_records(&fx, nrec, 100);
	assert_int_equal(fx_write(&fx, path, 0, pipe), 0);
	r = data_reader_open(path, err, sizeof(err));
	if (!r)
		fail_msg("open: %s", err);
	assert_int_equal(data_reader_peek(r), nrec ? 1 : 0);
	assert_int_equal(data_reader_peek(r), nrec ? 1 : 0);
	/* a pipe names its events (EVENT_UPDATE) before the first record
	 * the peek reached */
	if (nrec || !pipe)
		check_attrs(&fx, r);
	check_records(&fx, r);
	check_attrs(&fx, r);
	data_reader_close(r);
	fx_release(&fx);
}

static void test_peek(void **state)
{
	peek_then_read(tmp("peek.pipe"), true, 50);
	peek_then_read(tmp("peek.data"), false, 50);
	peek_then_read(tmp("peek-empty.pipe"), true, 0);
}

static void test_roundtrip_file(void **state)
{
	roundtrip(tmp("plain.data"), 0, false, 400, 200);
	roundtrip(tmp("z1.data"), 1, false, 400, 200);
	roundtrip(tmp("z3.data"), 3, false, 400, 200);
	roundtrip(tmp("empty.data"), 0, false, 0, 1);
}

static void test_roundtrip_pipe(void **state)
{
	roundtrip(tmp("plain.pipe"), 0, true, 400, 200);
	roundtrip(tmp("z1.pipe"), 1, true, 400, 200);
	roundtrip(tmp("z3.pipe"), 3, true, 400, 200);
	roundtrip(tmp("empty.pipe"), 0, true, 0, 1);
}

/* ---- layout facts perf depends on --------------------------------------------- */

struct ffh {
	u64 magic, size, attr_size;
	u64 attrs_off, attrs_size, data_off, data_size, et_off, et_size;
	u64 feats[4];
};

static void test_file_layout(void **state)
{
	struct fixture fx;
	size_t len;
	u8 *p;
	struct ffh fh;
	u64 tab[2];

	fx_init(&fx, 0);
	fx_records(&fx, 100, 100);
	assert_int_equal(fx_write(&fx, tmp("layout.data"), 0, false), 0);
	p = slurp(tmp("layout.data"), &len);
	memcpy(&fh, p, sizeof(fh));
	assert_memory_equal(p, "PERFILE2", 8);
	assert_int_equal(fh.size, 104);
	assert_int_equal(fh.attr_size, FILE_ATTR_SIZE + 16);
	/* ids first, then attrs, then data: as perf lays them out */
	assert_int_equal(fh.attrs_off, 104 + 5 * 8);
	assert_int_equal(fh.attrs_size, 3 * fh.attr_size);
	assert_int_equal(fh.data_off, fh.attrs_off + fh.attrs_size);
	assert_int_equal(fh.data_size, fx.len);
	assert_int_equal(fh.et_off | fh.et_size, 0);
	assert_memory_equal(p + fh.data_off, fx.recs, fx.len);
	/* the feature table right after the data; first entry TRACING_DATA */
	assert_true(fh.feats[0] >> FEAT_TRACING_DATA & 1);
	assert_true(fh.feats[3] >> 63 & 1);     /* private bit 255 */
	memcpy(tab, p + fh.data_off + fh.data_size, sizeof(tab));
	assert_int_equal(tab[1], 300);
	assert_memory_equal(p + tab[0], fx.h.tracing_data, 300);
	free(p);
	fx_release(&fx);
}

static void test_pipe_layout(void **state)
{
	struct fixture fx;
	size_t len, off = 16;
	u8 *p;
	int attrs = 0, feats = 0, end_marker = -1, tracing = -1, i = 0;

	fx_init(&fx, 0);
	fx_records(&fx, 10, 100);
	assert_int_equal(fx_write(&fx, tmp("layout.pipe"), 0, true), 0);
	p = slurp(tmp("layout.pipe"), &len);
	assert_memory_equal(p, "PERFILE2\x10\0\0\0\0\0\0\0", 16);
	/* HEADER_ATTR x3, the early features' end marker, then TRACING_DATA
	 * (16-byte record, the 8-padded blob after it). */
	while (off < len && tracing < 0) {
		struct perf_event_header h;
		memcpy(&h, p + off, sizeof(h));
		if (h.type == PERF_RECORD_HEADER_ATTR) {
			assert_int_equal(h.size, 8 + FILE_ATTR_SIZE + 8 * fx.attrs[attrs].nr_ids);
			attrs++;
		} else if (h.type == PERF_RECORD_HEADER_FEATURE) {
			u64 id;
			memcpy(&id, p + off + 8, 8);
			if (id == FEAT_LAST_PERF)
				end_marker = i;
			feats++;
		} else if (h.type == PERF_RECORD_HEADER_TRACING_DATA) {
			u32 size;
			assert_int_equal(h.size, 16);
			memcpy(&size, p + off + 8, 4);
			assert_int_equal(size, 304);
			assert_memory_equal(p + off + 16, fx.h.tracing_data, 300);
			tracing = i;
		}
		off += h.size;
		i++;
	}
	assert_int_equal(attrs, 3);
	assert_true(end_marker >= 3 && tracing == end_marker + 1);
	free(p);
	fx_release(&fx);
}

/* ---- compression -------------------------------------------------------------------- */

/* Offsets of the COMPRESSED records in a file-form data section. */
static u32 count_compressed(const u8 *p, size_t len)
{
	struct ffh fh;
	u32 n = 0;

	memcpy(&fh, p, sizeof(fh));
	for (u64 off = fh.data_off; off < fh.data_off + fh.data_size;) {
		struct perf_event_header h;
		memcpy(&h, p + off, sizeof(h));
		assert_true(h.size >= 8);
		n += h.type == PERF_RECORD_COMPRESSED;
		off += h.size;
	}
	return n;
}

static void test_big_compressed(void **state)
{
	struct fixture fx;
	struct data_reader *r;
	char err[256];
	size_t len, off = 0, cut = 0;
	u8 *p;

	fx_init(&fx, 7);
	fx.round_every = 0;
	fx_records(&fx, 6000, 900);
	/* No rounds in a stretch > 64 KiB: a chunk boundary must fall inside
	 * a record somewhere, so records span COMPRESSED records. */
	for (; off < fx.len; off += ((struct perf_event_header *)(fx.recs + off))->size)
		if (off / 64512 != (off + ((struct perf_event_header *)(fx.recs + off))->size - 1) / 64512)
			cut++;
	assert_true(fx.len > 5 * 64512);
	assert_true(cut > 0);
	assert_int_equal(fx_write(&fx, tmp("big.data"), 1, false), 0);
	p = slurp(tmp("big.data"), &len);
	assert_true(count_compressed(p, len) >= 5);
	free(p);
	r = data_reader_open(tmp("big.data"), err, sizeof(err));
	assert_non_null(r);
	check_records(&fx, r);
	data_reader_close(r);
	fx_release(&fx);
}

/* A file cut short after it was opened (its records are read as they
 * are needed): the records before the cut, then one error naming it. */
static void test_cut_while_read(void **state)
{
	struct fixture fx;
	struct data_reader *r;
	const struct perf_event_header *h;
	char err[256];
	u64 off;
	int n, got = 0;

	(void)state;
	fx_init(&fx, 11);
	fx_records(&fx, 20000, 900);
	assert_int_equal(fx_write(&fx, tmp("cut.data"), 0, false), 0);
	r = data_reader_open(tmp("cut.data"), err, sizeof(err));
	assert_non_null(r);
	assert_int_equal(truncate(tmp("cut.data"), 3u << 20), 0);
	while ((n = data_reader_next(r, &h, &off, err, sizeof(err))) > 0) {
		assert_true(off + h->size <= (3u << 20));
		got++;
	}
	assert_int_equal(n, -1);
	assert_non_null(strstr(err, "cut short while being read"));
	assert_true(got > 1000);
	data_reader_close(r);
	fx_release(&fx);
}

/* COMPRESSED records cut from one zstd stream at arbitrary points, as
 * perf may cut them: mid-block, a few bytes long, a frame ending and a new
 * one starting inside a record, records split between payloads. */
static void test_sliced_compressed(void **state)
{
	struct fixture fx, out;
	ZSTD_CCtx *cc = ZSTD_createCCtx();
	size_t cap = ZSTD_compressBound(1 << 22) + 1024, zlen = 0, half;
	u8 *z = malloc(cap);
	struct data_reader *r;
	char err[256];

	fx_init(&fx, 3);
	fx_records(&fx, 1500, 600);
	half = fx.len / 2 + 3;  /* the first frame ends inside a record */
	ZSTD_inBuffer in = { fx.recs, half, 0 };
	ZSTD_outBuffer o = { z, cap, 0 };
	while (ZSTD_compressStream2(cc, &o, &in, ZSTD_e_end))
		;
	in = (ZSTD_inBuffer){ fx.recs + half, fx.len - half, 0 };
	while (ZSTD_compressStream2(cc, &o, &in, ZSTD_e_flush))
		;
	zlen = o.pos;
	ZSTD_freeCCtx(cc);
	/* The sliced stream, as records of a plain file written by the writer. */
	fx_init(&out, 5);
	for (size_t at = 0; at < zlen;) {
		u8 rec[65536];
		size_t n = 1 + (size_t)(fx_rand(&out) % (fx_rand(&out) & 1 ? 16 : 40000));
		struct perf_event_header h = { PERF_RECORD_COMPRESSED, 0, 0 };
		n = MIN(n, zlen - at);
		h.size = (u16)(8 + n);
		memcpy(rec, &h, 8);
		memcpy(rec + 8, z + at, n);
		fx_put(&out, rec, 8 + n);
		at += n;
		if (fx_rand(&out) % 4 == 0)
			fx_round(&out);
	}
	assert_int_equal(fx_write(&out, tmp("sliced.data"), 0, false), 0);
	r = data_reader_open(tmp("sliced.data"), err, sizeof(err));
	assert_non_null(r);
	/* What comes out: fx's records, with out's rounds interleaved. */
	{
		const struct perf_event_header *h;
		u64 at;
		size_t off = 0;
		int rc;
		while ((rc = data_reader_next(r, &h, &at, err, sizeof(err))) == 1) {
			if (h->type == PERF_RECORD_FINISHED_ROUND && h->size == 8 &&
			    ((const struct perf_event_header *)(fx.recs + off))->type != PERF_RECORD_FINISHED_ROUND)
				continue;
			assert_true(off < fx.len);
			assert_memory_equal(h, fx.recs + off, h->size);
			off += h->size;
		}
		if (rc)
			fail_msg("%s", err);
		assert_int_equal(off, fx.len);
	}
	data_reader_close(r);
	free(z);
	fx_release(&fx);
	fx_release(&out);
}

/* ---- unfinished files and write errors --------------------------------------------------- */

static void test_unfinished(void **state)
{
	struct fixture fx;
	struct data_reader *r;
	char err[256];
	size_t len;
	u8 *p;
	struct ffh fh;
	const struct perf_event_header *h;
	u64 at;
	u32 n = 0;

	fx_init(&fx, 0);
	fx_records(&fx, 300, 100);
	assert_int_equal(fx_write(&fx, tmp("done.data"), 0, false), 0);
	p = slurp(tmp("done.data"), &len);
	memcpy(&fh, p, sizeof(fh));
	/* As perf leaves it when killed: bitmap set, data size 0, no table. */
	fh.data_size = 0;
	memcpy(p, &fh, sizeof(fh));
	spit(tmp("unfinished.data"), p, fh.data_off + fx.len);
	r = data_reader_open(tmp("unfinished.data"), err, sizeof(err));
	assert_non_null(r);
	assert_non_null(data_reader_note(r));
	check_records(&fx, r);
	data_reader_close(r);
	/* ... and cut inside its last record: the records before it. */
	spit(tmp("unfinished.data"), p, fh.data_off + fx.len - 5);
	r = data_reader_open(tmp("unfinished.data"), err, sizeof(err));
	assert_non_null(r);
	while (data_reader_next(r, &h, &at, err, sizeof(err)) == 1)
		n++;
	assert_int_equal(n, fx.nr_recs - 1);
	assert_non_null(strstr(data_reader_note(r), "cut short"));
	data_reader_close(r);
	free(p);
	fx_release(&fx);
}

/* A writer that never finished (scry record killed): the header it wrote
 * first says "unfinished", and what reached the disk is read. */
static void test_unfinished_scry(void **state)
{
	struct fixture fx;
	struct data_writer_opts o = { tmp("killed.data"), 0, false };
	char err[256];
	struct data_writer *w;
	struct data_reader *r;
	const struct perf_event_header *h;
	u64 at;
	size_t off = 0;

	fx_init(&fx, 0);
	fx.round_every = 0;
	fx_records(&fx, 20000, 200);
	w = data_writer_create(&o, err, sizeof(err));
	assert_non_null(w);
	assert_int_equal(data_writer_start(w, fx.attrs, 3, NULL, err, sizeof(err)), 0);
	for (size_t k = 0; k < fx.len; k += ((struct perf_event_header *)(fx.recs + k))->size)
		assert_int_equal(data_writer_write(w, (const void *)(fx.recs + k)), 0);
	data_writer_free(w);    /* no finish: what the buffer held is lost */
	r = data_reader_open(tmp("killed.data"), err, sizeof(err));
	if (!r)
		fail_msg("%s", err);
	assert_non_null(data_reader_note(r));
	check_attrs_unnamed(&fx, r);
	while (data_reader_next(r, &h, &at, err, sizeof(err)) == 1) {
		assert_memory_equal(h, fx.recs + off, h->size);
		off += h->size;
	}
	assert_true(off >= (1u << 20) && off < fx.len);
	data_reader_close(r);
	fx_release(&fx);
}

/* A file size limit stands in for a full disk: the writer must report the
 * error and still leave a valid file holding a prefix of the records, with
 * its features when they fit in what is left (limit: 3 MiB + room). */
static void write_error(struct fixture *fx, size_t room)
{
	pid_t pid;
	int status;
	struct data_reader *r;
	char err[256];
	const struct perf_event_header *h;
	u64 at;
	size_t off = 0;

	pid = fork();
	if (pid == 0) {
		struct rlimit rl = { (3u << 20) + room, (3u << 20) + room };
		struct data_writer_opts o = { tmp("full.data"), 0, false };
		struct data_writer *w;
		int failed = 0;
		signal(SIGXFSZ, SIG_IGN);
		setrlimit(RLIMIT_FSIZE, &rl);
		w = data_writer_create(&o, err, sizeof(err));
		if (!w || data_writer_start(w, fx->attrs, 3, NULL, err, sizeof(err)))
			_exit(2);
		for (size_t k = 0; k < fx->len; k += ((struct perf_event_header *)(fx->recs + k))->size)
			failed |= data_writer_write(w, (const void *)(fx->recs + k)) != 0;
		if (!failed || data_writer_stats(w)->error != EFBIG)
			_exit(3);
		/* finish still writes a valid header; the stats keep the error */
		if (data_writer_finish(w, &fx->h, err, sizeof(err)) || data_writer_stats(w)->error != EFBIG)
			_exit(4);
		_exit(0);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	r = data_reader_open(tmp("full.data"), err, sizeof(err));
	if (!r)
		fail_msg("%s", err);
	assert_null(data_reader_note(r));
	if (room) {
		assert_non_null(data_reader_header(r)->hostname);
		assert_string_equal(data_reader_header(r)->hostname, "testhost");
	} else {
		/* the 1 MiB buffer filled the 3 MiB to the brim: no room left */
		assert_null(data_reader_header(r)->hostname);
	}
	while (data_reader_next(r, &h, &at, err, sizeof(err)) == 1) {
		assert_memory_equal(h, fx->recs + off, h->size);
		off += h->size;
	}
	assert_true(off > (2u << 20) && off < fx->len);
	data_reader_close(r);
}

static void test_write_error(void **state)
{
	struct fixture fx;

	fx_init(&fx, 11);
	fx_records(&fx, 40000, 200);
	write_error(&fx, 0);
	write_error(&fx, 65536);
	fx_release(&fx);
}

/* ---- damaged input ---------------------------------------------------------------------- */

/* Open and read everything; touch every byte handed out so ASan sees any
 * read out of bounds. Returns the last reader result. */
static int read_bytes(const void *bytes, size_t n, bool via_pipe)
{
	int fd, rc = -1;
	char err[256];
	struct data_reader *r;
	const struct perf_event_header *h;
	u64 at, sum = 0, count = 0;
	pid_t child = -1;

	if (via_pipe) {
		int pfd[2];
		assert_int_equal(pipe(pfd), 0);
		child = fork();
		if (child == 0) {
			close(pfd[0]);
			signal(SIGPIPE, SIG_IGN);
			if (write(pfd[1], bytes, n) < 0)
				_exit(1);
			_exit(0);
		}
		close(pfd[1]);
		fd = pfd[0];
	} else {
		fd = memfd_create("damaged", 0);
		assert_true(fd >= 0);
		assert_int_equal(write(fd, bytes, n), (ssize_t)n);
	}
	r = data_reader_open_fd(fd, err, sizeof(err));
	if (r) {
		struct outbuf ob;
		u32 nr;
		const struct file_attr *a = data_reader_attrs(r, &nr, NULL);
		outbuf_init_mem(&ob);
		data_header_print(data_reader_header(r), a, nr, &ob);
		outbuf_release(&ob);
		while ((rc = data_reader_next(r, &h, &at, err, sizeof(err))) == 1) {
			const u8 *b = (const u8 *)h;
			assert_true(h->size >= 8);
			for (u16 i = 0; i < h->size; i++)
				sum += b[i];
			assert_true(++count < 10000000);
		}
		a = data_reader_attrs(r, &nr, NULL);
		outbuf_init_mem(&ob);
		data_header_print(data_reader_header(r), a, nr, &ob);
		outbuf_release(&ob);
		data_reader_close(r);
	}
	if (rc < 0)
		assert_memory_equal(err, "offset 0x", 9);
	close(fd);
	if (child > 0)
		waitpid(child, NULL, 0);
	(void)sum;
	return rc;
}

static void damage(const u8 *good, size_t len, size_t from, size_t to, size_t step, bool via_pipe)
{
	u8 *p = malloc(len);

	for (size_t i = from; i < to && i < len; i += step) {
		static const u8 vals[2] = { 0xff, 0x00 };
		for (int v = 0; v < 2; v++) {
			memcpy(p, good, len);
			p[i] = vals[v];
			read_bytes(p, len, via_pipe);
		}
	}
	free(p);
}

static void truncations(const u8 *good, size_t len, size_t step, bool via_pipe)
{
	for (size_t n = 0; n < len; n += step)
		read_bytes(good, n, via_pipe);
}

static void test_damaged_small(void **state)
{
	struct fixture fx;
	size_t len;
	u8 *p;
	struct ffh fh;

	fx_init(&fx, 0);
	fx_records(&fx, 30, 60);
	assert_int_equal(fx_write(&fx, tmp("small.data"), 0, false), 0);
	p = slurp(tmp("small.data"), &len);
	assert_int_equal(read_bytes(p, len, false), 0);
	memcpy(&fh, p, sizeof(fh));
	truncations(p, len, 1, false);
	damage(p, len, 0, fh.data_off, 1, false);                       /* header, ids, attrs */
	damage(p, len, fh.data_off + fh.data_size, len, 1, false);      /* features */
	damage(p, len, fh.data_off, fh.data_off + fh.data_size, 3, false);
	free(p);

	assert_int_equal(fx_write(&fx, tmp("small.pipe"), 1, true), 0);
	p = slurp(tmp("small.pipe"), &len);
	assert_int_equal(read_bytes(p, len, false), 0);
	assert_int_equal(read_bytes(p, len, true), 0);
	truncations(p, len, 1, false);
	truncations(p, len, 37, true);
	damage(p, len, 0, len, 1, false);
	damage(p, len, 0, len, 53, true);
	free(p);
	fx_release(&fx);
}

static void test_damaged_big(void **state)
{
	struct fixture fx;
	size_t len;
	u8 *p;

	fx_init(&fx, 9);
	fx_records(&fx, 3000, 400);
	assert_int_equal(fx_write(&fx, tmp("bigdmg.data"), 3, false), 0);
	p = slurp(tmp("bigdmg.data"), &len);
	assert_int_equal(read_bytes(p, len, false), 0);
	truncations(p, len, 97, false);
	damage(p, len, 0, len, 97, false);
	free(p);
	fx_release(&fx);
}

/* One edit of a good file, which must fail with text containing `want`. */
static void expect_bad(const u8 *good, size_t len, size_t at, const void *val, size_t n, const char *want)
{
	u8 *p = malloc(len);
	char err[256] = "";
	struct data_reader *r;
	int fd = memfd_create("bad", 0);
	const struct perf_event_header *h;
	u64 off;
	int rc = -1;

	memcpy(p, good, len);
	memcpy(p + at, val, n);
	assert_int_equal(write(fd, p, len), (ssize_t)len);
	r = data_reader_open_fd(fd, err, sizeof(err));
	if (r) {
		while ((rc = data_reader_next(r, &h, &off, err, sizeof(err))) == 1)
			;
		data_reader_close(r);
	}
	close(fd);
	free(p);
	assert_int_equal(rc, -1);
	if (!strstr(err, want))
		fail_msg("wanted \"%s\" in \"%s\"", want, err);
	assert_memory_equal(err, "offset 0", 8);
}

static void absurd_sizes(void)
{
	struct fixture fx;
	size_t len;
	u8 *p;
	struct ffh fh;
	u64 big = 0x7fffffffffffff00ull, v;
	u32 v32;
	u64 tab0;

	fx_init(&fx, 0);
	fx_records(&fx, 40, 60);
	assert_int_equal(fx_write(&fx, tmp("absurd.data"), 0, false), 0);
	p = slurp(tmp("absurd.data"), &len);
	memcpy(&fh, p, sizeof(fh));
	expect_bad(p, len, 16, &big, 8, "attr_size");
	v = 0;
	expect_bad(p, len, 16, &v, 8, "attr_size");
	v = 4096 + 17;
	expect_bad(p, len, 16, &v, 8, "attr_size");
	expect_bad(p, len, 24, &big, 8, "attrs section");
	expect_bad(p, len, 32, &big, 8, "attrs section");
	expect_bad(p, len, 40, &big, 8, "data section");
	/* A data size past the end reads as a cut file: the feature table
	 * after the records is then taken for records, and fails as such. */
	expect_bad(p, len, 48, &big, 8, "record");
	v = 5;
	expect_bad(p, len, 8, &v, 8, "header size");
	/* the first event's ids: huge size, offset past the end */
	expect_bad(p, len, fh.attrs_off + fh.attr_size - 8, &big, 8, "ids section");
	expect_bad(p, len, fh.attrs_off + fh.attr_size - 16, &big, 8, "ids section");
	v = 7;
	expect_bad(p, len, fh.attrs_off + fh.attr_size - 8, &v, 8, "whole number");
	/* records: size 0, 7, past the end */
	v32 = 0;
	expect_bad(p, len, fh.data_off + 6, &v32, 2, "record size 0");
	v32 = 7;
	expect_bad(p, len, fh.data_off + 6, &v32, 2, "record size 7");
	v32 = 0xfff0;
	expect_bad(p, len, fh.data_off + 6, &v32, 2, "past the end of the data");
	/* the feature table: TRACING_DATA's section past the end */
	memcpy(&tab0, p + fh.data_off + fh.data_size, 8);
	expect_bad(p, len, fh.data_off + fh.data_size + 8, &big, 8, "tracing_data section");
	expect_bad(p, len, fh.data_off + fh.data_size, &big, 8, "tracing_data section");
	/* features in bit order: 1 tracing, 2 build_id, 3 hostname ... */
	{
		u64 sec[2];
		memcpy(sec, p + fh.data_off + fh.data_size + 16 * 2, 16);   /* hostname */
		v32 = 0xfffffff0;
		expect_bad(p, len, sec[0], &v32, 4, "string length");
		memcpy(sec, p + fh.data_off + fh.data_size + 16 * 10, 16);  /* cmdline */
		expect_bad(p, len, sec[0], &v32, 4, "arguments cannot fit");
		memcpy(sec, p + fh.data_off + fh.data_size + 16 * 11, 16);  /* event_desc */
		expect_bad(p, len, sec[0], &v32, 4, "events cannot fit");
		expect_bad(p, len, sec[0] + 4, &v32, 4, "attr size");
		expect_bad(p, len, sec[0] + 8 + FILE_ATTR_SIZE, &v32, 4, "ids cannot fit");
		memcpy(sec, p + fh.data_off + fh.data_size + 16 * 1, 16);   /* build_id */
		v32 = 0xffff0000;
		expect_bad(p, len, sec[0] + 4, &v32, 4, "build-id record size");
	}
	/* magic */
	expect_bad(p, len, 0, "2ELIFREP", 8, "big-endian perf.data is not supported");
	expect_bad(p, len, 0, "PERFFILE", 8, "version 1");
	expect_bad(p, len, 0, "NOTPERF!", 8, "bad magic");
	(void)tab0;
	free(p);
	fx_release(&fx);
}

/* Offset of the first record of `type` in a pipe stream. */
static size_t pipe_find(const u8 *p, size_t len, u32 type)
{
	for (size_t off = 16; off + 8 <= len;) {
		struct perf_event_header h;
		memcpy(&h, p + off, sizeof(h));
		if (h.type == type)
			return off;
		assert_true(h.size >= 8);
		off += h.size;
		if (h.type == PERF_RECORD_HEADER_TRACING_DATA) {
			u32 blob;
			memcpy(&blob, p + off - h.size + 8, 4);
			off += blob;    /* the blob follows, outside the record's size */
		}
	}
	fail_msg("no record of type %u", type);
	return 0;
}

static void absurd_pipe(void)
{
	struct fixture fx;
	size_t len, at;
	u8 *p;
	u32 v32 = 0xfffffff0;
	u64 v64 = 1000;

	fx_init(&fx, 0);
	fx_records(&fx, 40, 60);
	assert_int_equal(fx_write(&fx, tmp("absurd.pipe"), 1, true), 0);
	p = slurp(tmp("absurd.pipe"), &len);
	expect_bad(p, len, 16 + 8 + 4, &v32, 4, "does not fit");        /* attr.size */
	at = pipe_find(p, len, PERF_RECORD_HEADER_TRACING_DATA);
	expect_bad(p, len, at + 8, &v32, 4, "tracing data of 4294967280 bytes runs past the end");
	at = pipe_find(p, len, PERF_RECORD_HEADER_FEATURE);
	expect_bad(p, len, at + 8, &v64, 8, "feature id 1000 out of range");
	v32 = 0;
	expect_bad(p, len, at + 6, &v32, 2, "record size 0");
	at = pipe_find(p, len, PERF_RECORD_COMPRESSED);
	expect_bad(p, len, at + 12, "\xde\xad\xbe\xef", 4, "zstd");
	free(p);
	fx_release(&fx);
}

/* Garbage and a zstd bomb inside COMPRESSED records. */
static void bad_compressed(void)
{
	struct fixture fx;
	size_t zcap = ZSTD_compressBound(64 << 20), zlen, len;
	u8 *zeros = calloc(1, 64 << 20), *z = malloc(zcap), *p;
	struct ffh fh;

	fx_init(&fx, 0);
	/* 64 MiB of zeros compress to a few KiB: far past 256x */
	zlen = ZSTD_compress(z, zcap, zeros, 64 << 20, 19);
	assert_true(zlen < 65000);
	{
		struct perf_event_header h = { PERF_RECORD_COMPRESSED, 0, (u16)(8 + zlen) };
		fx_put(&fx, &h, 8);
		fx_put(&fx, z, zlen);
	}
	assert_int_equal(fx_write(&fx, tmp("bomb.data"), 0, false), 0);
	p = slurp(tmp("bomb.data"), &len);
	memcpy(&fh, p, sizeof(fh));
	assert_int_equal(read_bytes(p, len, false), -1);
	/* garbage in place of the zstd data */
	memset(p + fh.data_off + 8, 0x5a, zlen);
	expect_bad(p, len, 0, "PERFILE2", 8, "zstd");
	free(p);
	fx_release(&fx);
	free(zeros);
	free(z);
}

static void random_bytes(void)
{
	struct fixture fx;
	u8 buf[4096];

	fx_init(&fx, 12345);
	for (int i = 0; i < 400; i++) {
		size_t n = fx_rand(&fx) % sizeof(buf);
		for (size_t k = 0; k < n; k++)
			buf[k] = (u8)fx_rand(&fx);
		if (i % 2 && n >= 16) {
			/* get past the magic: file or pipe form */
			memcpy(buf, "PERFILE2", 8);
			memcpy(buf + 8, i % 4 == 1 ? "\x68\0\0\0\0\0\0\0" : "\x10\0\0\0\0\0\0\0", 8);
		}
		read_bytes(buf, n, false);
	}
	assert_int_equal(read_bytes(buf, 0, false), -1);        /* empty file */
	fx_release(&fx);
}

/* Absurd sizes must fail before allocating anything they claim. Outside
 * ASan (which reserves address space of its own), a child with a 512 MiB
 * address space limit proves it. */
static void test_absurd(void **state)
{
#ifndef __SANITIZE_ADDRESS__
	pid_t pid = fork();
	int status;

	if (pid == 0) {
		struct rlimit rl = { 512u << 20, 512u << 20 };
		setrlimit(RLIMIT_AS, &rl);
		absurd_sizes();
		absurd_pipe();
		random_bytes();
		bad_compressed();
		_exit(0);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
#endif
	/* and in this process, where cmocka reports each failure */
	absurd_sizes();
	absurd_pipe();
	random_bytes();
	bad_compressed();
}

/* ---- a real pipe -------------------------------------------------------------------------- */

static void test_read_from_pipe(void **state)
{
	struct fixture fx;
	size_t len;
	u8 *p;
	int pfd[2];
	pid_t child;
	struct data_reader *r;
	char err[256];

	fx_init(&fx, 0);
	fx_records(&fx, 2000, 700);
	assert_int_equal(fx_write(&fx, tmp("real.pipe"), 1, true), 0);
	p = slurp(tmp("real.pipe"), &len);
	assert_int_equal(pipe(pfd), 0);
	child = fork();
	if (child == 0) {
		close(pfd[0]);
		/* dribble it in small writes: records arrive in pieces */
		for (size_t off = 0; off < len; off += 1000)
			if (write(pfd[1], p + off, MIN(1000, len - off)) < 0)
				_exit(1);
		_exit(0);
	}
	close(pfd[1]);
	r = data_reader_open_fd(pfd[0], err, sizeof(err));
	assert_non_null(r);
	assert_true(data_reader_is_pipe(r));
	assert_int_equal(data_reader_data_size(r), 0);
	check_records(&fx, r);
	check_attrs(&fx, r);
	check_header(&fx, r, 1, true);
	data_reader_close(r);
	close(pfd[0]);
	waitpid(child, NULL, 0);
	free(p);
	fx_release(&fx);
}

static int setup(void **state)
{
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[300];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	return getenv("KEEP") || system(cmd) == 0 ? 0 : -1;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_roundtrip_file),
		cmocka_unit_test(test_roundtrip_pipe),
		cmocka_unit_test(test_peek),
		cmocka_unit_test(test_file_layout),
		cmocka_unit_test(test_pipe_layout),
		cmocka_unit_test(test_big_compressed),
		cmocka_unit_test(test_cut_while_read),
		cmocka_unit_test(test_sliced_compressed),
		cmocka_unit_test(test_unfinished),
		cmocka_unit_test(test_unfinished_scry),
		cmocka_unit_test(test_write_error),
		cmocka_unit_test(test_read_from_pipe),
		cmocka_unit_test(test_damaged_small),
		cmocka_unit_test(test_damaged_big),
		cmocka_unit_test(test_absurd),
	};

	alarm(600);     /* a hang is a failure, not a stuck build */
	return cmocka_run_group_tests(tests, setup, teardown);
}
