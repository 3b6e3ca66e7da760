/* The data file writer, in perf's two forms.
 *
 * File form:  header (104 bytes) | ids | attrs | data ... | feature table |
 * feature payloads. The header is first written as "unfinished" (data size
 * 0, no features, which readers take as "read to the end"), and rewritten by
 * data_writer_finish once the data size and the features are known.
 *
 * Pipe form: a 16-byte header, then HEADER_ATTR records, the HEADER_FEATURE
 * records known at the start and their end marker, HEADER_TRACING_DATA (the
 * blob follows the record), then the data; features learnt by the end
 * (sample times, build-ids, ...) follow the data as further records.
 *
 * Compression: data records go through one zstd stream in chunks of
 * ZCHUNK bytes, regardless of record boundaries (perf splits at ring
 * buffer wrap-around the same way), each chunk flushed into one
 * PERF_RECORD_COMPRESSED record. A chunk is small enough that its
 * compressed form always fits one record, so every COMPRESSED record yields
 * output on its own, as perf's reader requires. */
#include "util/perfdata/data-file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zstd.h>

#include "util/perfdata/compress.h"

#define PERF_MAGIC 0x32454c4946524550ull      /* "PERFILE2" */
#define FILE_HEADER_SIZE 104
#define PIPE_HEADER_SIZE 16
#define WBUF_SIZE (1u << 20)
/* Input bytes per COMPRESSED record: compress_enc_bound(ZCHUNK) + 8 fits a u16 size. */
#define ZCHUNK 64512
#define ZRECORD_MAX 65535
_Static_assert(ZSTD_COMPRESSBOUND(ZCHUNK) + 18 + sizeof(struct perf_event_header) <= ZRECORD_MAX,
	       "a compressed chunk must fit one COMPRESSED record");

struct perf_file_section {
	u64 offset, size;
};

struct perf_file_header {
	u64 magic, size, attr_size;
	struct perf_file_section attrs, data, event_types;
	u64 features[FEAT_BITS / 64];
};

struct data_writer {
	int fd;
	bool own_fd, pipe;
	char *path;
	/* Output buffer: holds only whole records, so the end of every
	 * successful flush is a record boundary (good_end). */
	u8 *buf;
	size_t len;
	u64 buf_off;            /* file offset of buf[0] */
	u64 good_end;
	u64 data_off;
	u64 flush_end;          /* end of the last flush that wrote completely */
	struct data_writer_stats st;
	struct file_attr *attrs;
	u32 nr_attrs;
	/* compression */
	struct compress_enc *z;
	int level;
	u8 *zin, *zout;
	size_t zin_len;
	u64 z_raw, z_packed;    /* bytes into and out of zstd, for the ratio */
	/* pipe: what went out at the start, so the end adds only what is new */
	u64 early_hash[FEAT_LAST_PERF];
	u64 early_feats[FEAT_BITS / 64];
	u32 early_build_ids;
	bool started, finished;
};

static int fail(char *err, size_t errlen, const char *fmt, const char *arg, int e)
{
	char what[256];

	snprintf(what, sizeof(what), fmt, arg);
	snprintf(err, errlen, "%s: %s", what, strerror(e));
	return -1;
}

/* ---- buffered output -------------------------------------------------------- */

/* Write n bytes; *done says how many made it (also on failure). */
static int write_all_n(int fd, const void *p, size_t n, size_t *done)
{
	const u8 *c = p;

	*done = 0;
	while (n) {
		ssize_t k = write(fd, c, n);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return k < 0 ? errno : EIO;
		c += k;
		n -= (size_t)k;
		*done += (size_t)k;
	}
	return 0;
}

static int write_all(int fd, const void *p, size_t n)
{
	size_t done;

	return write_all_n(fd, p, n, &done);
}

/* The end of the last whole record within the first `done` bytes of a
 * buffer of records. */
static size_t whole_records(const u8 *buf, size_t done)
{
	size_t off = 0;

	while (off + sizeof(struct perf_event_header) <= done) {
		const struct perf_event_header *h = (const void *)(buf + off);
		if (h->size < sizeof(*h) || off + h->size > done)
			break;
		off += h->size;
	}
	return off;
}

static int pwrite_all(int fd, const void *p, size_t n, u64 off)
{
	const u8 *c = p;

	while (n) {
		ssize_t k = pwrite(fd, c, n, (off_t)off);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return k < 0 ? errno : EIO;
		c += k;
		n -= (size_t)k;
		off += (u64)k;
	}
	return 0;
}

static int wflush(struct data_writer *w)
{
	int e;

	if (!w->len || w->st.error) {
		w->len = 0;
		return w->st.error ? -1 : 0;
	}
	{
		size_t done;
		e = write_all_n(w->fd, w->buf, w->len, &done);
		if (e) {
			/* Sticky. The records that made it whole (a full
			 * disk takes part of a flush) stay: good_end moves to
			 * the last of them; the rest of the flush is lost. */
			/* Records start at data_off: the header material
			 * before it (attrs, ids) is not walked as records. */
			size_t pre = w->data_off > w->buf_off ? (size_t)MIN(w->data_off - w->buf_off, (u64)done) : 0;
			w->st.error = e;
			if (w->buf_off + done >= w->data_off)
				w->good_end = w->buf_off + pre + whole_records(w->buf + pre, done - pre);
			w->len = 0;
			return -1;
		}
	}
	w->buf_off += w->len;
	w->good_end = w->flush_end = w->buf_off;
	w->len = 0;
	return 0;
}

/* Append one whole record (given in up to two pieces). */
static int wput(struct data_writer *w, const void *a, size_t na, const void *b, size_t nb)
{
	if (w->st.error)
		return -1;
	if (w->len + na + nb > WBUF_SIZE && wflush(w))
		return -1;
	memcpy(w->buf + w->len, a, na);
	if (nb)
		memcpy(w->buf + w->len + na, b, nb);
	w->len += na + nb;
	w->st.bytes_out = w->buf_off + w->len;
	return 0;
}

static int wput_ob(struct data_writer *w, struct outbuf *ob)
{
	int rc;

	if (ob->error) {
		if (!w->st.error)
			w->st.error = ob->error;
		return -1;
	}
	/* Header material bigger than the buffer (a huge tracing blob) goes
	 * out directly. */
	if (ob->len > WBUF_SIZE) {
		if (wflush(w))
			return -1;
		rc = write_all(w->fd, ob->buf, ob->len);
		if (rc) {
			w->st.error = rc;
			return -1;
		}
		w->buf_off += ob->len;
		w->good_end = w->buf_off;
		w->st.bytes_out = w->buf_off;
		return 0;
	}
	return wput(w, ob->buf, ob->len, NULL, 0);
}

/* ---- create --------------------------------------------------------------------- */

struct data_writer *data_writer_create(const struct data_writer_opts *o, char *err, size_t errlen)
{
	struct data_writer *w = calloc(1, sizeof(*w));
	bool to_stdout = !strcmp(o->path, "-");

	if (!w || !(w->buf = malloc(WBUF_SIZE)) || !(w->path = strdup(o->path))) {
		data_writer_free(w);
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	w->pipe = to_stdout || o->pipe;
	w->fd = to_stdout ? STDOUT_FILENO : open(o->path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	w->own_fd = !to_stdout;
	if (w->fd < 0) {
		fail(err, errlen, "cannot create %s", o->path, errno);
		w->own_fd = false;
		data_writer_free(w);
		return NULL;
	}
	if (o->zstd_level > 0) {
		w->level = MIN(o->zstd_level, 22);
		w->z = compress_enc_new(w->level);
		w->zin = malloc(ZCHUNK);
		w->zout = malloc(ZRECORD_MAX);
		if (!w->z || !w->zin || !w->zout) {
			snprintf(err, errlen, "cannot set up zstd compression (level %d)", o->zstd_level);
			data_writer_free(w);
			return NULL;
		}
	}
	return w;
}

static int copy_attrs(struct data_writer *w, const struct file_attr *attrs, u32 n)
{
	w->attrs = calloc(n ? n : 1, sizeof(*w->attrs));
	if (!w->attrs)
		return -1;
	w->nr_attrs = n;
	for (u32 i = 0; i < n; i++) {
		struct file_attr *d = &w->attrs[i];
		d->attr = attrs[i].attr;
		d->attr.size = (u32)FILE_ATTR_SIZE;
		d->nr_ids = attrs[i].nr_ids;
		d->ids = malloc((d->nr_ids ? d->nr_ids : 1) * sizeof(u64));
		d->name = attrs[i].name ? strdup(attrs[i].name) : NULL;
		if (!d->ids || (attrs[i].name && !d->name))
			return -1;
		memcpy(d->ids, attrs[i].ids, d->nr_ids * sizeof(u64));
	}
	return 0;
}

/* ---- file form: header, ids, attrs ---------------------------------------------- */

static void file_prefix(const struct data_writer *w, struct outbuf *ob, u64 data_size, const u64 *features)
{
	struct perf_file_header fh;
	u64 ids_off = FILE_HEADER_SIZE, attrs_off;

	for (u32 i = 0; i < w->nr_attrs; i++)
		ids_off += w->attrs[i].nr_ids * sizeof(u64);
	attrs_off = ids_off;
	memset(&fh, 0, sizeof(fh));
	fh.magic = PERF_MAGIC;
	fh.size = FILE_HEADER_SIZE;
	fh.attr_size = FILE_ATTR_SIZE + sizeof(struct perf_file_section);
	fh.attrs = (struct perf_file_section){ attrs_off, w->nr_attrs * fh.attr_size };
	fh.data = (struct perf_file_section){ attrs_off + fh.attrs.size, data_size };
	if (features)
		memcpy(fh.features, features, sizeof(fh.features));
	outbuf_putn(ob, &fh, sizeof(fh));
	for (u32 i = 0; i < w->nr_attrs; i++)
		outbuf_putn(ob, w->attrs[i].ids, w->attrs[i].nr_ids * sizeof(u64));
	ids_off = FILE_HEADER_SIZE;
	for (u32 i = 0; i < w->nr_attrs; i++) {
		struct perf_file_section ids = { ids_off, w->attrs[i].nr_ids * sizeof(u64) };
		outbuf_putn(ob, &w->attrs[i].attr, FILE_ATTR_SIZE);
		outbuf_putn(ob, &ids, sizeof(ids));
		ids_off += ids.size;
	}
}

static int start_file(struct data_writer *w)
{
	struct outbuf ob;
	int rc;

	outbuf_init_mem(&ob);
	file_prefix(w, &ob, 0, NULL);
	w->data_off = ob.len;
	rc = wput_ob(w, &ob);
	outbuf_release(&ob);
	return rc;
}

/* ---- pipe form ---------------------------------------------------------------------- */

static u64 hash_bytes(const void *p, size_t n)
{
	const u8 *c = p;
	u64 h = 0xcbf29ce484222325ull;  /* FNV-1a */

	while (n--)
		h = (h ^ *c++) * 0x100000001b3ull;
	return h;
}

static u64 payload_hash(const void *p, size_t n)
{
	return hash_bytes(p, n) | 1;    /* never 0: 0 means "not sent" */
}

/* One HEADER_FEATURE record; returns the hash of its payload, 0 if not
 * written. A record's size is a u16: a feature too big for one (an
 * EVENT_DESC of thousands of ids) cannot go in a pipe, with perf either. */
static u64 pipe_feature(struct data_writer *w, const struct data_header *h, int feat)
{
	struct outbuf ob;
	struct perf_event_header hdr = { PERF_RECORD_HEADER_FEATURE, 0, 0 };
	u64 id = (u64)feat, hash = 0;
	size_t pre = sizeof(hdr) + sizeof(id);

	outbuf_init_mem(&ob);
	outbuf_putn(&ob, &hdr, sizeof(hdr));
	outbuf_putn(&ob, &id, sizeof(id));
	if ((feat == FEAT_LAST_PERF || !feat_encode(h, w->attrs, w->nr_attrs, feat, &ob)) && !ob.error &&
	    ob.len <= ZRECORD_MAX) {
		((struct perf_event_header *)ob.buf)->size = (u16)ob.len;
		hash = payload_hash(ob.buf + pre, ob.len - pre);
		wput_ob(w, &ob);
	}
	outbuf_release(&ob);
	return hash;
}

static int pipe_attrs(struct data_writer *w)
{
	for (u32 i = 0; i < w->nr_attrs; i++) {
		const struct file_attr *fa = &w->attrs[i];
		size_t size = sizeof(struct perf_event_header) + FILE_ATTR_SIZE + fa->nr_ids * sizeof(u64);
		struct perf_event_header hdr = { PERF_RECORD_HEADER_ATTR, 0, (u16)size };
		struct outbuf ob;

		if (size > ZRECORD_MAX) {
			w->st.error = E2BIG;
			return -1;
		}
		outbuf_init_mem(&ob);
		outbuf_putn(&ob, &hdr, sizeof(hdr));
		outbuf_putn(&ob, &fa->attr, FILE_ATTR_SIZE);
		outbuf_putn(&ob, fa->ids, fa->nr_ids * sizeof(u64));
		wput_ob(w, &ob);
		outbuf_release(&ob);
	}
	return w->st.error ? -1 : 0;
}

/* The blob follows a 16-byte record whose size field counts only the record;
 * its own u32 says how long the blob is, padded to 8. */
static int pipe_tracing_data(struct data_writer *w, const struct data_header *h)
{
	struct { struct perf_event_header hdr; u32 size, pad; } rec;
	u64 padded = (h->tracing_data_size + 7) & ~7ull;
	struct outbuf ob;

	if (padded > UINT32_MAX)
		return -1;
	memset(&rec, 0, sizeof(rec));
	rec.hdr = (struct perf_event_header){ PERF_RECORD_HEADER_TRACING_DATA, 0, sizeof(rec) };
	rec.size = (u32)padded;
	outbuf_init_mem(&ob);
	outbuf_putn(&ob, &rec, sizeof(rec));
	outbuf_putn(&ob, h->tracing_data, h->tracing_data_size);
	outbuf_putn(&ob, "\0\0\0\0\0\0\0", padded - h->tracing_data_size);
	wput_ob(w, &ob);
	outbuf_release(&ob);
	return w->st.error ? -1 : 0;
}

/* perf reads a pipe's event names from EVENT_UPDATE records (its
 * EVENT_DESC feature comes too late for a tracepoint, which perf has named
 * "unknown tracepoint" by then): one per named event, by its first id. */
#define EVENT_UPDATE_NAME 2     /* perf's PERF_EVENT_UPDATE__NAME */

static void pipe_event_names(struct data_writer *w)
{
	for (u32 i = 0; i < w->nr_attrs; i++) {
		const struct file_attr *fa = &w->attrs[i];
		struct perf_event_header hdr = { PERF_RECORD_EVENT_UPDATE, 0, 0 };
		u64 head[2] = { EVENT_UPDATE_NAME, 0 };
		size_t len, size;
		struct outbuf ob;

		if (!fa->name || !fa->nr_ids)
			continue;
		len = strlen(fa->name) + 1;
		size = (sizeof(hdr) + sizeof(head) + len + 7) & ~(size_t)7;
		if (size > ZRECORD_MAX)
			continue;
		hdr.size = (u16)size;
		head[1] = fa->ids[0];
		outbuf_init_mem(&ob);
		outbuf_putn(&ob, &hdr, sizeof(hdr));
		outbuf_putn(&ob, head, sizeof(head));
		outbuf_putn(&ob, fa->name, len);
		outbuf_putn(&ob, "\0\0\0\0\0\0\0", size - sizeof(hdr) - sizeof(head) - len);
		wput_ob(w, &ob);
		outbuf_release(&ob);
	}
}

static void pipe_build_ids(struct data_writer *w, const struct data_header *h, u32 from)
{
	for (u32 i = from; i < h->nr_build_ids; i++) {
		struct outbuf ob;
		outbuf_init_mem(&ob);
		build_id_record_encode(&h->build_ids[i], PERF_RECORD_HEADER_BUILD_ID, &ob);
		wput_ob(w, &ob);
		outbuf_release(&ob);
	}
}

/* The header a writer really writes: the caller's, with the compression
 * feature describing this writer's stream. */
static void own_compressed(const struct data_writer *w, struct data_header *h)
{
	if (!w->z) {
		h->has_compressed = false;
		h->features[FEAT_COMPRESSED / 64] &= ~(1ull << (FEAT_COMPRESSED % 64));
		return;
	}
	h->has_compressed = true;
	h->comp_version = 0;
	h->comp_type = 1;       /* zstd */
	h->comp_level = (u32)w->level;
	h->comp_ratio = w->z_packed ? (u32)(w->z_raw / w->z_packed) : 0;
	/* perf decompresses each record into a buffer this big. */
	h->comp_mmap_len = 65536;
	data_header_set(h, FEAT_COMPRESSED);
}

/* Features a pipe carries as HEADER_FEATURE: perf's, minus the two with
 * records of their own. Unknown ids would make perf report fail. */
static bool pipe_feature_ok(int f)
{
	return f > FEAT_RESERVED && f < FEAT_LAST_PERF && f != FEAT_TRACING_DATA && f != FEAT_BUILD_ID;
}

static void mark_early(struct data_writer *w, int f)
{
	w->early_feats[f / 64] |= 1ull << (f % 64);
}

static bool sent_early(const struct data_writer *w, int f)
{
	return w->early_feats[f / 64] >> (f % 64) & 1;
}

static int start_pipe(struct data_writer *w, const struct data_header *early)
{
	u64 magic[2] = { PERF_MAGIC, PIPE_HEADER_SIZE };
	struct data_header h = *early;

	own_compressed(w, &h);
	if (wput(w, magic, sizeof(magic), NULL, 0) || pipe_attrs(w))
		return -1;
	for (int f = 0; f < FEAT_LAST_PERF; f++) {
		if (!pipe_feature_ok(f) || !data_header_has(&h, f))
			continue;
		w->early_hash[f] = pipe_feature(w, &h, f);
		if (w->early_hash[f])
			mark_early(w, f);
	}
	pipe_feature(w, &h, FEAT_LAST_PERF);    /* perf's end-of-features marker */
	if (data_header_has(&h, FEAT_TRACING_DATA) && h.tracing_data) {
		if (pipe_tracing_data(w, &h))
			return -1;
		mark_early(w, FEAT_TRACING_DATA);
	}
	pipe_event_names(w);
	if (data_header_has(&h, FEAT_BUILD_ID)) {
		pipe_build_ids(w, &h, 0);
		w->early_build_ids = h.nr_build_ids;
	}
	return wflush(w);
}

int data_writer_start(struct data_writer *w, const struct file_attr *attrs, u32 nr_attrs,
		      const struct data_header *early, char *err, size_t errlen)
{
	struct data_header none;
	int rc;

	if (w->started) {
		snprintf(err, errlen, "%s: writer already started", w->path);
		return -1;
	}
	w->started = true;
	if (copy_attrs(w, attrs, nr_attrs)) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	data_header_init(&none);
	rc = w->pipe ? start_pipe(w, early ? early : &none) : start_file(w);
	if (rc)
		return fail(err, errlen, "writing %s", w->path, w->st.error ? w->st.error : EIO);
	return 0;
}

/* ---- records ------------------------------------------------------------------------ */

/* Compress what is staged into one COMPRESSED record. */
static int zemit(struct data_writer *w)
{
	struct perf_event_header hdr = { PERF_RECORD_COMPRESSED, 0, 0 };
	char err[128];
	size_t n;

	if (!w->zin_len)
		return 0;
	n = compress_enc_chunk(w->z, w->zin, w->zin_len, w->zout, ZRECORD_MAX - sizeof(hdr), err, sizeof(err));
	if (!n) {
		if (!w->st.error)
			w->st.error = EIO;
		return -1;
	}
	hdr.size = (u16)(sizeof(hdr) + n);
	w->z_raw += w->zin_len;
	w->z_packed += hdr.size;
	w->zin_len = 0;
	return wput(w, &hdr, sizeof(hdr), w->zout, n);
}

static int zstage(struct data_writer *w, const u8 *p, size_t n)
{
	while (n) {
		size_t k = MIN(n, (size_t)ZCHUNK - w->zin_len);
		memcpy(w->zin + w->zin_len, p, k);
		w->zin_len += k;
		p += k;
		n -= k;
		if (w->zin_len == ZCHUNK && zemit(w))
			return -1;
	}
	return 0;
}

int data_writer_write(struct data_writer *w, const struct perf_event_header *rec)
{
	if (w->st.error)
		return -1;
	if (!w->started || w->finished || rec->size < sizeof(*rec)) {
		errno = EINVAL;
		return -1;
	}
	w->st.records++;
	w->st.bytes_in += rec->size;
	if (w->z)
		return zstage(w, (const u8 *)rec, rec->size);
	return wput(w, rec, rec->size, NULL, 0);
}

int data_writer_round(struct data_writer *w)
{
	struct perf_event_header fr = { PERF_RECORD_FINISHED_ROUND, 0, sizeof(fr) };

	if (w->st.error)
		return -1;
	/* perf leaves FINISHED_ROUND outside the compressed stream. */
	if (w->z && zemit(w))
		return -1;
	w->st.records++;
	w->st.bytes_in += sizeof(fr);
	if (wput(w, &fr, sizeof(fr), NULL, 0))
		return -1;
	/* A pipe's reader is live: give it the round now. */
	return w->pipe ? wflush(w) : 0;
}

/* ---- finish ------------------------------------------------------------------------- */

/* Feature table and payloads for the file form; features that cannot be
 * encoded are left out (their bits cleared in *feats). */
static void file_features(struct data_writer *w, const struct data_header *h, u64 at, u64 *feats,
			  struct outbuf *ob)
{
	struct outbuf payload;
	struct perf_file_section *tab;
	u32 n = 0, k = 0;

	for (int f = 0; f < FEAT_BITS; f++)
		n += data_header_has(h, f) && f != FEAT_RESERVED;
	tab = calloc(n ? n : 1, sizeof(*tab));
	outbuf_init_mem(&payload);
	memset(feats, 0, FEAT_BITS / 8);
	for (int f = 1; tab && f < FEAT_BITS; f++) {
		size_t before = payload.len;
		if (!data_header_has(h, f))
			continue;
		if (feat_encode(h, w->attrs, w->nr_attrs, f, &payload)) {
			payload.len = before;
			continue;
		}
		tab[k++] = (struct perf_file_section){ before, payload.len - before };
		feats[f / 64] |= 1ull << (f % 64);
	}
	/* The table has one entry per set bit; payload offsets are absolute. */
	for (u32 i = 0; i < k; i++)
		tab[i].offset += at + k * sizeof(*tab);
	outbuf_putn(ob, tab, k * sizeof(*tab));
	outbuf_putn(ob, payload.buf, payload.len);
	if (!tab && !ob->error)
		ob->error = ENOMEM;
	free(tab);
	outbuf_release(&payload);
}

/* The last record boundary on disk at or before end - need (walking the
 * records written since the last complete flush), so that `need` bytes of
 * features fit where the disk filled up. */
static u64 features_fit(struct data_writer *w, u64 end, u64 need)
{
	u64 at = MAX(w->flush_end, w->data_off), best = at, limit;

	if (need + 64 >= end - MIN(end, at))
		return at;
	limit = end - need - 64;        /* 64: the table's slack */
	while (at < limit) {
		struct perf_event_header hh;
		if (pread(w->fd, &hh, sizeof(hh), (off_t)at) != (ssize_t)sizeof(hh) || hh.size < sizeof(hh))
			break;
		if (at + hh.size > limit)
			break;
		at += hh.size;
		best = at;
	}
	return best;
}

static int finish_file(struct data_writer *w, const struct data_header *h)
{
	u64 feats[FEAT_BITS / 64] = { 0 }, data_end;
	struct outbuf ob;
	int e = 0;

	wflush(w);
	data_end = MAX(w->good_end, w->data_off);
	/* After a failed write the bytes past the last good record are
	 * partial: drop them, so the features can follow the data. */
	if (w->st.error && ftruncate(w->fd, (off_t)data_end))
		e = errno;
	outbuf_init_mem(&ob);
	file_features(w, h, data_end, feats, &ob);
	if (ob.error || e || pwrite_all(w->fd, ob.buf, ob.len, data_end)) {
		/* No room for the features after the records a partial flush
		 * left: drop just enough of the last records to fit them
		 * (event names and tracing data decode all the rest). */
		u64 back = features_fit(w, data_end, ob.len);
		bool placed = false;
		if (!ob.error && back < data_end && !ftruncate(w->fd, (off_t)back)) {
			outbuf_release(&ob);
			outbuf_init_mem(&ob);
			memset(feats, 0, sizeof(feats));
			file_features(w, h, back, feats, &ob);
			if (!ob.error && !pwrite_all(w->fd, ob.buf, ob.len, back)) {
				data_end = back;
				placed = true;
			}
		}
		if (!placed) {
			/* No room at all: a readable file without them. */
			memset(feats, 0, sizeof(feats));
			if (ftruncate(w->fd, (off_t)data_end)) {
				/* the header below still bounds the data */
			}
		}
	}
	outbuf_release(&ob);
	outbuf_init_mem(&ob);
	file_prefix(w, &ob, data_end - w->data_off, feats);
	e = ob.error ? ob.error : pwrite_all(w->fd, ob.buf, ob.len, 0);
	outbuf_release(&ob);
	w->st.bytes_out = data_end;
	if (e) {
		if (!w->st.error)
			w->st.error = e;
		return -1;
	}
	/* A valid file, though maybe shorter than asked: stats.error says so. */
	return 0;
}

static int finish_pipe(struct data_writer *w, const struct data_header *h)
{
	for (int f = 0; f < FEAT_LAST_PERF && !w->st.error; f++) {
		struct outbuf ob;
		bool same;

		if (!pipe_feature_ok(f) || !data_header_has(h, f))
			continue;
		/* Already sent with the same bytes: nothing new to say. */
		outbuf_init_mem(&ob);
		same = sent_early(w, f) && !feat_encode(h, w->attrs, w->nr_attrs, f, &ob) &&
		       w->early_hash[f] == payload_hash(ob.buf, ob.len);
		outbuf_release(&ob);
		if (!same)
			pipe_feature(w, h, f);
	}
	if (!sent_early(w, FEAT_TRACING_DATA) && data_header_has(h, FEAT_TRACING_DATA) && h->tracing_data)
		pipe_tracing_data(w, h);
	if (data_header_has(h, FEAT_BUILD_ID))
		pipe_build_ids(w, h, w->early_build_ids);
	return wflush(w);
}

int data_writer_finish(struct data_writer *w, const struct data_header *h, char *err, size_t errlen)
{
	struct data_header own;
	int rc;

	if (!w->started || w->finished) {
		snprintf(err, errlen, "%s: writer not started or already finished", w->path);
		return -1;
	}
	w->finished = true;
	if (w->z)
		zemit(w);
	own = *h;
	own_compressed(w, &own);
	rc = w->pipe ? finish_pipe(w, &own) : finish_file(w, &own);
	if (rc)
		return fail(err, errlen, "writing %s", w->path, w->st.error ? w->st.error : EIO);
	return 0;
}

const struct data_writer_stats *data_writer_stats(const struct data_writer *w)
{
	return &w->st;
}

void data_writer_free(struct data_writer *w)
{
	if (!w)
		return;
	if (w->own_fd && w->fd >= 0)
		close(w->fd);
	file_attrs_free(w->attrs, w->nr_attrs);
	compress_enc_free(w->z);
	free(w->zin);
	free(w->zout);
	free(w->buf);
	free(w->path);
	free(w);
}
