/* The data file reader: perf.data in file or pipe form, from a regular file
 * (mapped, records returned in place) or a pipe (read through a buffer that
 * grows only as bytes arrive).
 *
 * Nothing in the file is trusted. Offsets and sizes are checked against
 * the file before use, counts against the bytes that could hold them before
 * anything is allocated, and decompression is bounded per record, so a
 * hostile file costs at most a small multiple of its own size. Every
 * problem is one line naming the file offset where it was found. */
#include "util/perfdata/data-file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/perfdata/compress.h"

#define PERF_MAGIC 0x32454c4946524550ull      /* "PERFILE2" */
#define PERF_MAGIC_V1 0x454c494646524550ull   /* "PERFFILE" */
#define FILE_HEADER_SIZE 104
#define FILE_HEADER_SIZE_OLD 72               /* before the feature bitmap */
#define PIPE_HEADER_SIZE 16
#define PIPE_READ_MIN (256u << 10)
#define FILE_READ_MIN (1u << 20)
/* perf >= 6.15: header, u64 data_size, data padded to 8. */
#define PERF_RECORD_COMPRESSED2 83
/* Output one COMPRESSED record may expand to: 256x its payload, at least
 * 1 MiB, and the writer's declared mmap_len (perf's per-record buffer), capped. */
#define ZRATIO_MAX 256
#define ZOUT_MIN (1u << 20)
#define ZOUT_MMAP_CAP (64u << 20)

struct perf_file_section {
	u64 offset, size;
};

struct data_reader {
	int fd;
	bool own_fd, pipe;
	/* the source: a mapped regular file, or fd read into buf */
	const u8 *map;
	u64 map_size;
	u64 released;           /* map bytes before this were given back (MADV_DONTNEED) */
	u64 populated;          /* map bytes before this are mapped in (MADV_POPULATE_READ) */
	bool no_populate;       /* the kernel has no MADV_POPULATE_READ (before 5.14) */
	/* A regular file's records are read with pread through buf, not
	 * from the map (kept for the headers): copying from the page cache
	 * costs a third of faulting the pages in and unmapping them. */
	bool stream;
	u8 *buf;
	size_t cap, len;
	u64 buf_off;            /* stream offset of buf[0] */
	bool eof;
	u64 pos;                /* stream offset of the next raw record */
	u64 end;                /* where the records stop (UINT64_MAX: a pipe's EOF) */
	u64 data_off, data_size;
	bool unfinished;
	const char *note;
	struct data_header h;
	struct file_attr *attrs;
	u32 nr_attrs;
	u64 generation;
	/* expanded COMPRESSED records: [dhead, dlen) of dbuf not yet returned */
	struct compress_dec *z;
	u8 *dbuf;
	size_t dcap, dlen, dhead;
	u64 doff;               /* offset of the COMPRESSED record being served */
	u8 *scratch;            /* an aligned copy of an unaligned record */
	/* The record data_reader_peek read, for the next data_reader_next:
	 * its pointer stays valid as nothing is read in between. */
	bool held;
	int held_rc;
	const struct perf_event_header *held_rec;
	u64 held_off;
	char held_err[256];
};

static int __attribute__((format(printf, 4, 5)))
bad(char *err, size_t errlen, u64 off, const char *fmt, ...)
{
	va_list ap;
	int n = snprintf(err, errlen, "offset 0x%llx: ", (unsigned long long)off);

	if (n >= 0 && (size_t)n < errlen) {
		va_start(ap, fmt);
		vsnprintf(err + n, errlen - (size_t)n, fmt, ap);
		va_end(ap);
	}
	return -1;
}

/* ---- the source ------------------------------------------------------------- */

static int fill(struct data_reader *r, u64 pos, u64 n, char *err, size_t errlen)
{
	size_t at = (size_t)(pos - r->buf_off);

	/* Bytes before pos are done with: keep the buffer to what is ahead,
	 * which also puts the next record at an aligned address. */
	if (at) {
		memmove(r->buf, r->buf + at, r->len - at);
		r->len -= at;
		r->buf_off = pos;
	}
	while (r->len < n && !r->eof) {
		ssize_t k;
		if (r->len == r->cap) {
			size_t want = r->cap ? r->cap * 2 : r->stream ? FILE_READ_MIN : PIPE_READ_MIN;
			u8 *nb = realloc(r->buf, want);
			if (!nb)
				return bad(err, errlen, pos, "out of memory reading the pipe");
			r->buf = nb;
			r->cap = want;
		}
		k = r->stream ? pread(r->fd, r->buf + r->len, r->cap - r->len, (off_t)(r->buf_off + r->len))
			      : read(r->fd, r->buf + r->len, r->cap - r->len);
		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0)
			return bad(err, errlen, r->buf_off + r->len, "read: %s", strerror(errno));
		/* A file that ends before its records do was cut while we read it. */
		if (!k && r->stream && r->buf_off + r->len < r->end)
			return bad(err, errlen, r->buf_off + r->len,
				   "the file was cut short while being read (its records go on to offset 0x%llx)",
				   (unsigned long long)r->end);
		if (!k)
			r->eof = true;
		r->len += (size_t)k;
	}
	return 0;
}

/* Up to n bytes of the stream at pos (pos never goes back): *p points at
 * them. Returns how many there are (fewer than n only at the end of the
 * records), or -1 on a read error. */
static s64 peek(struct data_reader *r, u64 pos, u64 n, const u8 **p, char *err, size_t errlen)
{
	u64 left = pos < r->end ? r->end - pos : 0;

	if (r->map && !r->stream) {
		*p = left ? r->map + pos : r->map;
		return (s64)MIN(n, left);
	}
	if (pos - r->buf_off + n > r->len && fill(r, pos, MIN(n, left), err, errlen))
		return -1;
	*p = r->buf + (pos - r->buf_off);
	return (s64)MIN(MIN(n, left), r->len - (pos - r->buf_off));
}

/* ---- the file header ---------------------------------------------------------------- */

static bool section_ok(const struct perf_file_section *s, u64 file_size)
{
	return s->offset <= file_size && s->size <= file_size - s->offset;
}

static int check_section(const struct data_reader *r, const struct perf_file_section *s, u64 field,
			 const char *what, char *err, size_t errlen)
{
	if (section_ok(s, r->map_size))
		return 0;
	return bad(err, errlen, field, "%s section [%#llx, +%#llx] is past the end of the file (%#llx bytes)", what,
		   (unsigned long long)s->offset, (unsigned long long)s->size,
		   (unsigned long long)r->map_size);
}

static int read_ids(struct data_reader *r, struct file_attr *fa, u64 field, u32 i, char *err, size_t errlen)
{
	struct perf_file_section ids;

	memcpy(&ids, r->map + field, sizeof(ids));
	if (check_section(r, &ids, field, "ids", err, errlen))
		return -1;
	if (ids.size % sizeof(u64))
		return bad(err, errlen, field, "ids of event %u: %llu bytes is not a whole number of ids", i,
			   (unsigned long long)ids.size);
	fa->nr_ids = (u32)MIN(ids.size / sizeof(u64), UINT32_MAX);
	fa->ids = malloc(ids.size ? ids.size : 1);
	if (!fa->ids)
		return bad(err, errlen, field, "out of memory for %u ids", fa->nr_ids);
	memcpy(fa->ids, r->map + ids.offset, (size_t)fa->nr_ids * sizeof(u64));
	return 0;
}

/* Attr bytes of any accepted size into the struct this build knows:
 * fields it does not know are dropped, fields the file lacks are zero. */
static void copy_attr(struct perf_event_attr *dst, const u8 *src, u64 size)
{
	memset(dst, 0, sizeof(*dst));
	memcpy(dst, src, MIN(size, sizeof(*dst)));
}

static int read_attrs(struct data_reader *r, const struct perf_file_section *as, u64 attr_size, char *err,
		      size_t errlen)
{
	u64 n = as->size / attr_size;

	if (as->size % attr_size)
		return bad(err, errlen, 32, "attrs section size %llu is not a multiple of attr_size %llu",
			   (unsigned long long)as->size, (unsigned long long)attr_size);
	/* n is bounded by the file: each entry is at least 80 bytes of it. */
	r->attrs = calloc(n ? n : 1, sizeof(*r->attrs));
	if (!r->attrs)
		return bad(err, errlen, 24, "out of memory for %llu events", (unsigned long long)n);
	for (u64 i = 0; i < n; i++) {
		u64 at = as->offset + i * attr_size;
		copy_attr(&r->attrs[i].attr, r->map + at, attr_size - sizeof(struct perf_file_section));
		r->nr_attrs++;
		if (read_ids(r, &r->attrs[i], at + attr_size - sizeof(struct perf_file_section), (u32)i, err,
			     errlen))
			return -1;
	}
	r->generation++;
	return 0;
}

static u32 popcount_feats(const u64 *f)
{
	u32 n = 0;

	for (int i = 0; i < FEAT_BITS / 64; i++)
		n += (u32)__builtin_popcountll(f[i]);
	return n;
}

/* Whether a feature table at `at` makes sense: a file perf did not finish
 * has its bitmap set but records where the table should be (and one scry
 * did not finish has no bits at all). */
static bool table_plausible(const struct data_reader *r, u64 at, u32 n)
{
	if (!n || at > r->map_size || (u64)n * sizeof(struct perf_file_section) > r->map_size - at)
		return false;
	for (u32 i = 0; i < n; i++) {
		struct perf_file_section s;
		memcpy(&s, r->map + at + i * sizeof(s), sizeof(s));
		if (!section_ok(&s, r->map_size))
			return false;
	}
	return true;
}

static int read_features(struct data_reader *r, const u64 *feats, char *err, size_t errlen)
{
	u64 at = r->data_off + r->data_size;
	u32 n = popcount_feats(feats), k = 0;

	if (at > r->map_size || (u64)n * sizeof(struct perf_file_section) > r->map_size - at)
		return bad(err, errlen, at, "feature table (%u entries) is past the end of the file (%#llx bytes)", n,
			   (unsigned long long)r->map_size);
	/* One entry per set bit, in bit order; slack after them is ignored. */
	for (int f = 0; f < FEAT_BITS; f++) {
		struct perf_file_section s;
		u64 field = at + (u64)k * sizeof(s);

		if (!(feats[f / 64] >> (f % 64) & 1))
			continue;
		k++;
		memcpy(&s, r->map + field, sizeof(s));
		if (!section_ok(&s, r->map_size) && f >= FEAT_LAST_PERF) {
			/* Not one of perf's (scry's portable section, last in
			 * the file): a cut in it costs only it, as in perf. */
			r->note = "a scry feature section runs past the end of the file (cut short?): ignored";
			continue;
		}
		if (!section_ok(&s, r->map_size))
			return bad(err, errlen, field, "%s section [%#llx, +%#llx] is past the end of the file (%#llx bytes)",
				   feat_name(f), (unsigned long long)s.offset, (unsigned long long)s.size,
				   (unsigned long long)r->map_size);
		if (f == FEAT_RESERVED)
			continue;
		if (feat_decode_at(&r->h, r->attrs, r->nr_attrs, f, r->map + s.offset, s.size, s.offset, err, errlen))
			return -1;
	}
	return 0;
}

static int check_layout(const struct data_reader *r, u64 hsize, const struct perf_file_section *as,
			const struct perf_file_section *ds, char *err, size_t errlen)
{
	if (check_section(r, as, 24, "attrs", err, errlen))
		return -1;
	/* A data section running past the end is a cut file: read_file_header
	 * reads what is there. One starting past the end is nonsense. */
	if (ds->offset > r->map_size || ds->size > UINT64_MAX - ds->offset)
		return check_section(r, ds, 40, "data", err, errlen);
	if ((as->size && as->offset < hsize) || ds->offset < hsize)
		return bad(err, errlen, 24, "attrs or data section starts inside the %llu-byte header",
			   (unsigned long long)hsize);
	if (as->size && ds->size && as->offset < ds->offset + ds->size && ds->offset < as->offset + as->size)
		return bad(err, errlen, 24, "attrs section overlaps the data section");
	return 0;
}

static int read_file_header(struct data_reader *r, u64 hsize, char *err, size_t errlen)
{
	struct perf_file_section as, ds;
	u64 attr_size, feats[FEAT_BITS / 64] = { 0 };

	if (hsize != FILE_HEADER_SIZE && hsize != FILE_HEADER_SIZE_OLD)
		return bad(err, errlen, 8, "header size %llu (expected %d, or %d for a pipe)", (unsigned long long)hsize,
			   FILE_HEADER_SIZE, PIPE_HEADER_SIZE);
	if (r->map_size < hsize)
		return bad(err, errlen, 0, "file of %llu bytes is shorter than its %llu-byte header",
			   (unsigned long long)r->map_size, (unsigned long long)hsize);
	memcpy(&attr_size, r->map + 16, 8);
	memcpy(&as, r->map + 24, sizeof(as));
	memcpy(&ds, r->map + 40, sizeof(ds));
	if (hsize == FILE_HEADER_SIZE)
		memcpy(feats, r->map + 72, sizeof(feats));
	if (attr_size < FILE_ATTR_SIZE_MIN + sizeof(as) || attr_size > FILE_ATTR_SIZE_MAX + sizeof(as))
		return bad(err, errlen, 16, "attr_size %llu is not in %zu..%zu", (unsigned long long)attr_size,
			   FILE_ATTR_SIZE_MIN + sizeof(as), FILE_ATTR_SIZE_MAX + sizeof(as));
	if (check_layout(r, hsize, &as, &ds, err, errlen) || read_attrs(r, &as, attr_size, err, errlen))
		return -1;
	r->data_off = r->pos = ds.offset;
	r->data_size = ds.size;
	r->end = ds.offset + ds.size;
	if (r->end > r->map_size) {
		/* Cut short (a copy interrupted, a full disk): the records
		 * that are there are good; the features after them are gone. */
		r->end = r->map_size;
		r->data_size = r->map_size - ds.offset;
		r->note = "the file is cut short: reading the records up to its end, without its features";
		r->unfinished = true;
		return 0;
	}
	if (!ds.size && r->map_size > ds.offset &&
	    !table_plausible(r, ds.offset, popcount_feats(feats))) {
		/* perf (or scry) was stopped before it wrote the final header. */
		r->unfinished = true;
		r->end = r->map_size;
		r->data_size = r->map_size - ds.offset;
		r->note = "data size is 0 (the recording was not properly finished): reading to the end of the file";
		return 0;
	}
	return read_features(r, feats, err, errlen);
}

/* ---- open ---------------------------------------------------------------------------- */

static int read_magic(struct data_reader *r, u64 *hsize, char *err, size_t errlen)
{
	const u8 *p;
	u64 magic;
	s64 n = peek(r, 0, 16, &p, err, errlen);

	if (n < 0)
		return -1;
	if (n == 0)
		return bad(err, errlen, 0, "empty file");
	if (n < 16)
		return bad(err, errlen, 0, "%lld bytes are too short for a perf.data header", (long long)n);
	memcpy(&magic, p, 8);
	memcpy(hsize, p + 8, 8);
	if (magic == __builtin_bswap64(PERF_MAGIC))
		return bad(err, errlen, 0, "big-endian perf.data is not supported");
	if (magic == PERF_MAGIC_V1)
		return bad(err, errlen, 0, "perf.data version 1 (PERFFILE) is not supported");
	if (magic != PERF_MAGIC)
		return bad(err, errlen, 0, "not a perf.data file (bad magic %#llx)", (unsigned long long)magic);
	return 0;
}

static int open_source(struct data_reader *r, char *err, size_t errlen)
{
	struct stat st;
	void *m;

	if (fstat(r->fd, &st))
		return bad(err, errlen, 0, "fstat: %s", strerror(errno));
	r->end = UINT64_MAX;
	if (!S_ISREG(st.st_mode) || st.st_size == 0)
		return 0;
	m = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, r->fd, 0);
	if (m == MAP_FAILED)
		return bad(err, errlen, 0, "mmap: %s", strerror(errno));
	madvise(m, (size_t)st.st_size, MADV_SEQUENTIAL);
	r->map = m;
	r->map_size = r->end = (u64)st.st_size;
	return 0;
}

struct data_reader *data_reader_open_fd(int fd, char *err, size_t errlen)
{
	struct data_reader *r = calloc(1, sizeof(*r));
	u64 hsize = 0;

	if (!r) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	r->fd = fd;
	data_header_init(&r->h);
	if (open_source(r, err, errlen) || read_magic(r, &hsize, err, errlen))
		goto fail;
	r->pipe = hsize == PIPE_HEADER_SIZE;
	if (r->pipe) {
		r->pos = PIPE_HEADER_SIZE;
	} else if (!r->map) {
		bad(err, errlen, 8, "a perf.data in file form cannot be read from a pipe");
		goto fail;
	} else if (read_file_header(r, hsize, err, errlen)) {
		goto fail;
	}
	if (r->map) {
		r->stream = true;
		r->buf_off = r->pos;
		r->len = 0;
	}
	r->scratch = malloc(1u << 16);
	if (!r->scratch) {
		snprintf(err, errlen, "out of memory");
		goto fail;
	}
	return r;
fail:
	data_reader_close(r);
	return NULL;
}

struct data_reader *data_reader_open(const char *path, char *err, size_t errlen)
{
	struct data_reader *r;
	int fd = strcmp(path, "-") ? open(path, O_RDONLY | O_CLOEXEC) : STDIN_FILENO;

	if (fd < 0) {
		snprintf(err, errlen, "%s", strerror(errno));
		return NULL;
	}
	r = data_reader_open_fd(fd, err, errlen);
	if (!r) {
		if (fd != STDIN_FILENO)
			close(fd);
		return NULL;
	}
	r->own_fd = fd != STDIN_FILENO;
	return r;
}

void data_reader_close(struct data_reader *r)
{
	if (!r)
		return;
	if (r->map)
		munmap((void *)r->map, r->map_size);
	if (r->own_fd)
		close(r->fd);
	data_header_free(&r->h);
	file_attrs_free(r->attrs, r->nr_attrs);
	compress_dec_free(r->z);
	free(r->dbuf);
	free(r->buf);
	free(r->scratch);
	free(r);
}

bool data_reader_is_pipe(const struct data_reader *r) { return r->pipe; }
const struct data_header *data_reader_header(const struct data_reader *r) { return &r->h; }
const char *data_reader_note(const struct data_reader *r) { return r->note; }
u64 data_reader_data_size(const struct data_reader *r) { return r->pipe ? 0 : r->data_size; }

const struct file_attr *data_reader_attrs(const struct data_reader *r, u32 *nr, u64 *generation)
{
	*nr = r->nr_attrs;
	if (generation)
		*generation = r->generation;
	return r->attrs;
}

/* ---- records ----------------------------------------------------------------------------- */

/* A record to hand out: in place when aligned, else copied (records after
 * an odd-sized COMPRESSED or pipe feature record are not 8-aligned). */
static const struct perf_event_header *aligned(struct data_reader *r, const u8 *p)
{
	const struct perf_event_header *h = (const void *)p;
	u16 size;

	if (!((uintptr_t)p & 7))
		return h;
	memcpy(&size, p + offsetof(struct perf_event_header, size), sizeof(size));
	memcpy(r->scratch, p, size);
	return (const void *)r->scratch;
}

/* Pages of a mapped file behind the reading position are never read again
 * (records are copied before anyone keeps them): give them back, so a
 * 200 MB file does not stay 200 MB resident. */
#define RELEASE_STEP (32u << 20)

/* Pages ahead of the reading position are mapped in a step at a time, one
 * call each: faulting them in one by one (16 pages per fault) took a tenth
 * of the time of reading a file with the language. */
#define POPULATE_STEP (8u << 20)
#ifndef MADV_POPULATE_READ
#define MADV_POPULATE_READ 22
#endif

static void populate_ahead(struct data_reader *r)
{
	u64 len;

	if (r->no_populate || r->pos + POPULATE_STEP / 2 < r->populated || r->populated >= r->map_size)
		return;
	if (r->populated < r->pos)
		r->populated = r->pos & ~(u64)4095;
	len = MIN((u64)POPULATE_STEP, r->map_size - r->populated);
	if (madvise((void *)(r->map + r->populated), (size_t)len, MADV_POPULATE_READ))
		r->no_populate = true;
	r->populated += len;
}

static void release_behind(struct data_reader *r)
{
	long psz;
	u64 upto;

	if (!r->map || r->stream)
		return;
	populate_ahead(r);
	if (r->pos - r->released < RELEASE_STEP)
		return;
	psz = sysconf(_SC_PAGESIZE);
	/* Keep the page holding the current record. */
	upto = (r->pos - 1) & ~((u64)psz - 1);
	if (upto > r->released) {
		madvise((void *)(r->map + r->released), (size_t)(upto - r->released), MADV_DONTNEED);
		r->released = upto;
	}
}

/* The end of the records: fine at a record boundary; an unfinished file
 * may stop inside its last record. */
static int stream_end(struct data_reader *r, u64 have, u64 need, char *err, size_t errlen)
{
	if (r->dlen > r->dhead)
		return bad(err, errlen, r->doff, "compressed data ends inside a record (%zu bytes left over)",
			   r->dlen - r->dhead);
	if (!have)
		return 0;
	if (r->unfinished) {
		r->note = "the recording was not properly finished: its last record is cut short";
		return 0;
	}
	return bad(err, errlen, r->pos, "record of %llu bytes runs past the end of the data (%llu bytes left)",
		   (unsigned long long)need, (unsigned long long)have);
}

/* The next record of the stream itself. 1: *p set and r->pos past it. */
static int next_raw(struct data_reader *r, const u8 **p, u64 *off, char *err, size_t errlen)
{
	struct perf_event_header h;
	s64 n;

	if (r->pos >= r->end)
		return stream_end(r, 0, 0, err, errlen);
	n = peek(r, r->pos, sizeof(h), p, err, errlen);
	if (n < 0)
		return -1;
	if (n < (s64)sizeof(h))
		return stream_end(r, (u64)n, sizeof(h), err, errlen);
	memcpy(&h, *p, sizeof(h));
	if (h.size < sizeof(h))
		return bad(err, errlen, r->pos, "record size %u is less than 8 (type %u)", h.size, h.type);
	n = peek(r, r->pos, h.size, p, err, errlen);
	if (n < 0)
		return -1;
	if (n < h.size)
		return stream_end(r, (u64)n, h.size, err, errlen);
	*off = r->pos;
	r->pos += h.size;
	release_behind(r);
	return 1;
}

/* The next whole record of the expanded COMPRESSED data, if any. */
static int next_expanded(struct data_reader *r, const u8 **p, char *err, size_t errlen)
{
	struct perf_event_header h;
	size_t left = r->dlen - r->dhead;

	if (left < sizeof(h))
		return 0;
	memcpy(&h, r->dbuf + r->dhead, sizeof(h));
	if (h.size < sizeof(h))
		return bad(err, errlen, r->doff, "compressed data: record size %u is less than 8 (type %u)", h.size,
			   h.type);
	if (h.size > left)
		return 0;       /* continues in the next COMPRESSED record */
	*p = r->dbuf + r->dhead;
	r->dhead += h.size;
	return 1;
}

static size_t expand_limit(const struct data_reader *r, u64 payload)
{
	u64 lim = MAX((u64)ZOUT_MIN, payload * ZRATIO_MAX);

	if (r->h.has_compressed)
		lim = MAX(lim, MIN((u64)r->h.comp_mmap_len, (u64)ZOUT_MMAP_CAP));
	return (size_t)lim;
}

static int expand(struct data_reader *r, const u8 *rec, u64 off, char *err, size_t errlen)
{
	struct perf_event_header h;
	const u8 *payload = rec + sizeof(h);
	u64 n;
	char zerr[160];

	memcpy(&h, rec, sizeof(h));
	n = h.size - sizeof(h);
	if (h.type == PERF_RECORD_COMPRESSED2) {
		u64 data_size;
		if (n < 8)
			return bad(err, errlen, off, "COMPRESSED2 record of %u bytes has no data size", h.size);
		memcpy(&data_size, payload, 8);
		if (data_size > n - 8)
			return bad(err, errlen, off, "COMPRESSED2 data size %llu exceeds the record (%llu bytes)",
				   (unsigned long long)data_size, (unsigned long long)(n - 8));
		payload += 8;
		n = data_size;
	}
	if (r->h.has_compressed && r->h.comp_type != 1)
		return bad(err, errlen, off, "unsupported compression type %u (1 is zstd)", r->h.comp_type);
	if (!r->z && !(r->z = compress_dec_new()))
		return bad(err, errlen, off, "out of memory for zstd");
	/* Keep the carried-over part of a record, at the buffer's start. */
	if (r->dhead)
		memmove(r->dbuf, r->dbuf + r->dhead, r->dlen - r->dhead);
	r->dlen -= r->dhead;
	r->dhead = 0;
	r->doff = off;
	if (compress_dec_stream(r->z, payload, (size_t)n, &r->dbuf, &r->dcap, &r->dlen, r->dlen + expand_limit(r, n), zerr,
			    sizeof(zerr)))
		return bad(err, errlen, off, "COMPRESSED record: %s", zerr);
	return 0;
}

/* ---- a pipe's header records ----------------------------------------------------------------- */

static int header_attr(struct data_reader *r, const u8 *rec, u64 off, char *err, size_t errlen)
{
	struct perf_event_header h;
	struct file_attr *n, *fa;
	u32 asize;
	u64 ids;

	memcpy(&h, rec, sizeof(h));
	if (h.size < sizeof(h) + FILE_ATTR_SIZE_MIN)
		return bad(err, errlen, off, "HEADER_ATTR record of %u bytes cannot hold an attr", h.size);
	memcpy(&asize, rec + sizeof(h) + offsetof(struct perf_event_attr, size), sizeof(asize));
	if (!asize)
		asize = FILE_ATTR_SIZE_MIN;
	if (asize < FILE_ATTR_SIZE_MIN || asize > h.size - sizeof(h))
		return bad(err, errlen, off + sizeof(h) + 4, "attr size %u does not fit its %u-byte record", asize,
			   h.size);
	ids = h.size - sizeof(h) - asize;
	if (ids % sizeof(u64))
		return bad(err, errlen, off, "HEADER_ATTR record: %llu bytes of ids is not a whole number of ids",
			   (unsigned long long)ids);
	n = realloc(r->attrs, (r->nr_attrs + 1) * sizeof(*n));
	if (!n)
		return bad(err, errlen, off, "out of memory");
	r->attrs = n;
	fa = &r->attrs[r->nr_attrs];
	memset(fa, 0, sizeof(*fa));
	copy_attr(&fa->attr, rec + sizeof(h), asize);
	fa->nr_ids = (u32)(ids / sizeof(u64));
	fa->ids = malloc(ids ? ids : 1);
	if (!fa->ids)
		return bad(err, errlen, off, "out of memory");
	memcpy(fa->ids, rec + sizeof(h) + asize, ids);
	r->nr_attrs++;
	r->generation++;
	return 0;
}

static int header_feature(struct data_reader *r, const u8 *rec, u64 off, char *err, size_t errlen)
{
	struct perf_event_header h;
	u64 feat;

	memcpy(&h, rec, sizeof(h));
	if (h.size < sizeof(h) + sizeof(feat))
		return bad(err, errlen, off, "HEADER_FEATURE record of %u bytes has no feature id", h.size);
	memcpy(&feat, rec + sizeof(h), sizeof(feat));
	if (feat == FEAT_LAST_PERF)
		return 0;       /* the end-of-features marker */
	if (feat == FEAT_RESERVED || feat >= FEAT_BITS)
		return bad(err, errlen, off + sizeof(h), "feature id %llu out of range", (unsigned long long)feat);
	return feat_decode_at(&r->h, r->attrs, r->nr_attrs, (int)feat, rec + 16, h.size - 16u, off + 16, err, errlen);
}

/* The blob follows the record, outside its size; its length is in the record. */
static int header_tracing_data(struct data_reader *r, const u8 *rec, u64 off, char *err, size_t errlen)
{
	struct perf_event_header h;
	const u8 *blob;
	u32 size;
	s64 n;
	void *copy;

	memcpy(&h, rec, sizeof(h));
	if (h.size < sizeof(h) + sizeof(size))
		return bad(err, errlen, off, "HEADER_TRACING_DATA record of %u bytes has no size", h.size);
	memcpy(&size, rec + sizeof(h), sizeof(size));
	n = peek(r, r->pos, size, &blob, err, errlen);
	if (n < 0)
		return -1;
	if (n < size)
		return bad(err, errlen, off, "tracing data of %u bytes runs past the end (%lld bytes left)", size,
			   (long long)n);
	copy = malloc(size ? size : 1);
	if (!copy)
		return bad(err, errlen, off, "out of memory for %u bytes of tracing data", size);
	memcpy(copy, blob, size);
	free(r->h.tracing_data);
	r->h.tracing_data = copy;
	r->h.tracing_data_size = size;
	data_header_set(&r->h, FEAT_TRACING_DATA);
	r->pos += size;
	return 0;
}

/* perf's EVENT_UPDATE: a unit, scale, cpus or name for the event of an
 * id. A name (perf's pipe streams name their events so) names an event
 * EVENT_DESC has not named; the rest is perf stat's. */
#define EVENT_UPDATE_NAME 2

static void event_update(struct data_reader *r, const u8 *rec, u16 size)
{
	u64 head[2];
	const char *name = (const char *)rec + sizeof(struct perf_event_header) + sizeof(head);
	size_t len, room = size - sizeof(struct perf_event_header) - sizeof(head);

	if (size < sizeof(struct perf_event_header) + sizeof(head) + 1)
		return;
	memcpy(head, rec + sizeof(struct perf_event_header), sizeof(head));
	len = strnlen(name, room);
	if (head[0] != EVENT_UPDATE_NAME || !len || len == room)
		return;
	for (u32 i = 0; i < r->nr_attrs; i++)
		for (u32 j = 0; j < r->attrs[i].nr_ids; j++)
			if (r->attrs[i].ids[j] == head[1] && !r->attrs[i].name) {
				r->attrs[i].name = strndup(name, len);
				return;
			}
}

/* Records that describe the stream rather than belong to it: 1 if rec was
 * one (and is consumed), 0 if not, -1 if it was bad. */
static int header_record(struct data_reader *r, const u8 *rec, u64 off, bool expanded, char *err, size_t errlen)
{
	struct perf_event_header h;

	memcpy(&h, rec, sizeof(h));
	switch (h.type) {
	case PERF_RECORD_HEADER_ATTR:
		return header_attr(r, rec, off, err, errlen) ? -1 : 1;
	case PERF_RECORD_HEADER_FEATURE:
		return header_feature(r, rec, off, err, errlen) ? -1 : 1;
	case PERF_RECORD_HEADER_BUILD_ID:
		return build_id_record_decode(&r->h, rec, h.size, off, err, errlen) ? -1 : 1;
	case PERF_RECORD_HEADER_EVENT_TYPE:
		return 1;       /* perf's old event-name records: EVENT_DESC replaced them */
	case PERF_RECORD_EVENT_UPDATE:
		event_update(r, rec, h.size);
		return 1;
	case PERF_RECORD_HEADER_TRACING_DATA:
		if (expanded)
			return bad(err, errlen, off, "HEADER_TRACING_DATA inside compressed data");
		return header_tracing_data(r, rec, off, err, errlen) ? -1 : 1;
	case PERF_RECORD_COMPRESSED:
	case PERF_RECORD_COMPRESSED2:
		if (expanded)
			return bad(err, errlen, off, "COMPRESSED record inside compressed data");
		return expand(r, rec, off, err, errlen) ? -1 : 1;
	default:
		return 0;
	}
}

int data_reader_next(struct data_reader *r, const struct perf_event_header **rec, u64 *offset, char *err,
		     size_t errlen)
{
	if (r->held) {
		r->held = false;
		if (r->held_rc < 0 && errlen)
			snprintf(err, errlen, "%s", r->held_err);
		*rec = r->held_rec;
		*offset = r->held_off;
		return r->held_rc;
	}
	for (;;) {
		const u8 *p;
		u64 off = r->doff;
		bool expanded = true;
		int rc = next_expanded(r, &p, err, errlen);

		if (!rc) {
			expanded = false;
			rc = next_raw(r, &p, &off, err, errlen);
		}
		if (rc <= 0)
			return rc;
		rc = header_record(r, p, off, expanded, err, errlen);
		if (rc < 0)
			return -1;
		if (rc)
			continue;
		*rec = aligned(r, p);
		*offset = off;
		return 1;
	}
}

int data_reader_peek(struct data_reader *r)
{
	if (!r->held) {
		r->held_rc = data_reader_next(r, &r->held_rec, &r->held_off, r->held_err, sizeof(r->held_err));
		r->held = true;
	}
	return r->held_rc;
}
