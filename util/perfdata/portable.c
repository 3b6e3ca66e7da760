/* The portable section: encoding, decoding (as hostile input: every size
 * and offset is checked before use, a bad section is refused whole with
 * one line saying where), and handing its contents to a machine's DSOs. */
#include "util/perfdata/portable.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zstd.h>

#include "util/symbols/machine.h"

static void put_u16(struct outbuf *ob, u16 v) { outbuf_putn(ob, &v, 2); }
static void put_u32(struct outbuf *ob, u32 v) { outbuf_putn(ob, &v, 4); }
static void put_u64(struct outbuf *ob, u64 v) { outbuf_putn(ob, &v, 8); }

static u16 get_u16(const u8 *p) { return (u16)(p[0] | p[1] << 8); }
static u32 get_u32(const u8 *p) { return (u32)p[0] | (u32)p[1] << 8 | (u32)p[2] << 16 | (u32)p[3] << 24; }
static u64 get_u64(const u8 *p) { return get_u32(p) | (u64)get_u32(p + 4) << 32; }

/* FNV-1a over an entry's header (but the checksum itself), path and
 * compressed bytes: a flipped byte anywhere in them is caught before any
 * of it is used (zstd's own checksum covers only what it decompresses). */
static u32 entry_sum(const u8 *e, u64 len)
{
	u32 h = 0x811c9dc5u;

	for (u64 i = 0; i < len; i++) {
		if (i >= PORTABLE_SUM_OFF && i < PORTABLE_SUM_OFF + 4)
			continue;
		h ^= e[i];
		h *= 0x01000193u;
	}
	return h;
}

/* ---- writing ---------------------------------------------------------- */

void portable_builder_init(struct portable_builder *b, int zstd_level)
{
	memset(b, 0, sizeof(*b));
	outbuf_init_mem(&b->ob);
	b->level = zstd_level ? zstd_level : 3;
	put_u32(&b->ob, PORTABLE_MAGIC);
	put_u16(&b->ob, PORTABLE_VERSION);
	put_u16(&b->ob, PORTABLE_HDR_SIZE);
	put_u32(&b->ob, 0);     /* entries: set by finish */
	put_u32(&b->ob, 0);
}

int portable_builder_add(struct portable_builder *b, u32 kind, u32 flags, const u8 *id, u8 id_size,
			 const char *path, const void *data, size_t size, char *err, size_t errlen)
{
	size_t plen = strlen(path), bound = ZSTD_compressBound(size), zlen, start = b->ob.len;
	u8 idbuf[20] = { 0 }, pad[8] = { 0 };
	ZSTD_CCtx *cc;
	void *z;

	if (plen > 0xffff || size > PORTABLE_MAX_RAW || id_size > 20) {
		snprintf(err, errlen, "portable: %s: too big to embed", path);
		return -1;
	}
	z = malloc(bound ? bound : 1);
	cc = ZSTD_createCCtx();
	if (!z || !cc) {
		free(z);
		ZSTD_freeCCtx(cc);
		snprintf(err, errlen, "portable: out of memory");
		return -1;
	}
	ZSTD_CCtx_setParameter(cc, ZSTD_c_compressionLevel, b->level);
	ZSTD_CCtx_setParameter(cc, ZSTD_c_checksumFlag, 1);
	zlen = ZSTD_compress2(cc, z, bound, data, size);
	ZSTD_freeCCtx(cc);
	if (ZSTD_isError(zlen)) {
		snprintf(err, errlen, "portable: %s: zstd: %s", path, ZSTD_getErrorName(zlen));
		free(z);
		return -1;
	}
	if (id_size)
		memcpy(idbuf, id, id_size);
	put_u32(&b->ob, 0);     /* entry size: below */
	put_u32(&b->ob, kind);
	put_u32(&b->ob, flags);
	outbuf_putn(&b->ob, &id_size, 1);
	outbuf_putn(&b->ob, idbuf, 20);
	outbuf_putn(&b->ob, pad, 3);
	put_u16(&b->ob, (u16)plen);
	put_u16(&b->ob, 0);
	put_u64(&b->ob, size);
	put_u64(&b->ob, zlen);
	put_u32(&b->ob, 0);     /* reserved */
	put_u32(&b->ob, 0);     /* checksum: below */
	outbuf_putn(&b->ob, path, plen);
	outbuf_putn(&b->ob, z, zlen);
	outbuf_putn(&b->ob, pad, (8 - (b->ob.len - start) % 8) % 8);
	free(z);
	if (b->ob.error) {
		snprintf(err, errlen, "portable: out of memory");
		return -1;
	}
	{
		u32 esize = (u32)(b->ob.len - start);

		if (b->ob.len - start > 0xffffffffu) {
			snprintf(err, errlen, "portable: %s: too big to embed", path);
			b->ob.len = start;
			return -1;
		}
		u32 sum;

		memcpy(b->ob.buf + start, &esize, 4);
		sum = entry_sum((const u8 *)b->ob.buf + start, PORTABLE_ENTRY_FIXED + plen + zlen);
		memcpy(b->ob.buf + start + PORTABLE_SUM_OFF, &sum, 4);
	}
	b->nr++;
	b->raw_bytes += size;
	return 0;
}

void portable_builder_finish(struct portable_builder *b)
{
	if (b->ob.len >= PORTABLE_HDR_SIZE)
		memcpy(b->ob.buf + 8, &b->nr, 4);
}

void portable_builder_release(struct portable_builder *b)
{
	outbuf_release(&b->ob);
	memset(b, 0, sizeof(*b));
}

/* ---- reading ---------------------------------------------------------- */

static int bad(char *err, size_t errlen, u64 off, const char *what)
{
	snprintf(err, errlen, "portable section, offset %#llx: %s", (unsigned long long)off, what);
	return -1;
}

int portable_parse(struct portable *p, const void *data, u64 size, char *err, size_t errlen)
{
	const u8 *d = data;
	u64 pos;
	u32 nr, hsize;

	memset(p, 0, sizeof(*p));
	p->section_size = size;
	if (!data || size < PORTABLE_HDR_SIZE)
		return bad(err, errlen, 0, "shorter than its header");
	if (get_u32(d) != PORTABLE_MAGIC)
		return bad(err, errlen, 0, "not a scry portable section (bad magic)");
	if (get_u16(d + 4) != PORTABLE_VERSION)
		return bad(err, errlen, 4, "unsupported version (a newer scry wrote it)");
	hsize = get_u16(d + 6);
	if (hsize < PORTABLE_HDR_SIZE || hsize > size)
		return bad(err, errlen, 6, "header size out of range");
	nr = get_u32(d + 8);
	if (nr > (size - hsize) / PORTABLE_ENTRY_FIXED)
		return bad(err, errlen, 8, "more entries than the section can hold");
	p->e = calloc(nr ? nr : 1, sizeof(*p->e));
	if (!p->e)
		return bad(err, errlen, 8, "out of memory");
	pos = hsize;
#define FAIL(off, msg)                             \
	do {                                       \
		bad(err, errlen, (off), (msg));    \
		goto fail;                         \
	} while (0)
	for (u32 i = 0; i < nr; i++) {
		struct portable_entry *e = &p->e[p->nr];
		const u8 *h = d + pos;
		u64 esize, plen;

		if (size - pos < PORTABLE_ENTRY_FIXED)
			FAIL(pos, "entry header cut short");
		esize = get_u32(h);
		if (esize < PORTABLE_ENTRY_FIXED || esize > size - pos)
			FAIL(pos, "entry size out of range");
		plen = get_u16(h + 36);
		e->kind = get_u32(h + 4);
		e->flags = get_u32(h + 8);
		e->build_id_size = h[12];
		if (e->build_id_size > 20)
			FAIL(pos + 12, "build-id longer than 20 bytes");
		memcpy(e->build_id, h + 13, 20);
		e->raw_size = get_u64(h + 40);
		e->zsize = get_u64(h + 48);
		if (!plen || plen > esize - PORTABLE_ENTRY_FIXED)
			FAIL(pos + 36, "path length out of range");
		if (e->zsize > esize - PORTABLE_ENTRY_FIXED - plen)
			FAIL(pos + 48, "compressed size past the entry");
		if (e->raw_size > PORTABLE_MAX_RAW)
			FAIL(pos + 40, "uncompressed size too large");
		if (get_u32(h + PORTABLE_SUM_OFF) != entry_sum(h, PORTABLE_ENTRY_FIXED + plen + e->zsize))
			FAIL(pos + PORTABLE_SUM_OFF, "entry checksum mismatch (damaged)");
		if (memchr(h + PORTABLE_ENTRY_FIXED, '\0', plen))
			FAIL(pos + PORTABLE_ENTRY_FIXED, "NUL inside a path");
		e->path = strndup((const char *)h + PORTABLE_ENTRY_FIXED, plen);
		if (!e->path)
			FAIL(pos, "out of memory");
		e->zdata = h + PORTABLE_ENTRY_FIXED + plen;
		pos += esize;
		if (e->kind != PORTABLE_KSYMS && e->kind != PORTABLE_ELF) {
			free(e->path);  /* a newer writer's kind: skip it */
			memset(e, 0, sizeof(*e));
			continue;
		}
		p->nr++;
	}
	return 0;
#undef FAIL
fail:
	portable_release(p);
	return -1;
}

int portable_load(struct portable *p, char *err, size_t errlen)
{
	for (u32 i = 0; i < p->nr; i++) {
		struct portable_entry *e = &p->e[i];
		unsigned long long fsize = ZSTD_getFrameContentSize(e->zdata, e->zsize);
		size_t n;

		if (e->data)
			continue;
		if (fsize != e->raw_size) {
			snprintf(err, errlen, "portable section: %s: compressed data damaged (size %s)", e->path,
				 fsize == ZSTD_CONTENTSIZE_ERROR ? "unreadable" : "differs");
			return -1;
		}
		e->data = malloc(e->raw_size ? e->raw_size : 1);
		if (!e->data) {
			snprintf(err, errlen, "portable section: %s: out of memory for %llu bytes", e->path,
				 (unsigned long long)e->raw_size);
			return -1;
		}
		n = ZSTD_decompress(e->data, e->raw_size, e->zdata, e->zsize);
		if (ZSTD_isError(n) || n != e->raw_size) {
			snprintf(err, errlen, "portable section: %s: compressed data damaged (%s)", e->path,
				 ZSTD_isError(n) ? ZSTD_getErrorName(n) : "short");
			free(e->data);
			e->data = NULL;
			return -1;
		}
	}
	return 0;
}

void portable_release(struct portable *p)
{
	for (u32 i = 0; i < p->nr; i++) {
		free(p->e[i].path);
		free(p->e[i].data);
	}
	free(p->e);
	memset(p, 0, sizeof(*p));
}

const void *portable_section(const struct data_header *h, u64 *size)
{
	for (u32 i = 0; i < h->nr_raw; i++)
		if (h->raw[i].id == FEAT_SCRY_PORTABLE) {
			*size = h->raw[i].size;
			return h->raw[i].data;
		}
	return NULL;
}

/* ---- attaching to a machine -------------------------------------------- */

int portable_attach(struct portable *p, struct machine *m, const struct data_header *h, char *err,
		    size_t errlen)
{
	u64 size;
	const void *sec = portable_section(h, &size);

	memset(p, 0, sizeof(*p));
	if (!sec)
		return 0;
	if (portable_parse(p, sec, size, err, errlen) || portable_load(p, err, errlen)) {
		portable_release(p);
		return -1;
	}
	for (u32 i = 0; i < p->nr; i++) {
		struct portable_entry *e = &p->e[i];
		struct dso *dso;

		if (e->kind == PORTABLE_KSYMS) {
			dso = m->kernel;
			if (!dso)
				continue;
			/* The recording boot's own symbols: no KASLR offset to
			 * apply (unless a kallsyms file is named instead). */
			if (!m->kallsyms_path) {
				m->kreloc_done = true;
				m->kreloc = 0;
			}
		} else {
			dso = dsos_findnew(&m->dsos, e->path);
			if (!dso || (dso->kind != DSO_USER && dso->kind != DSO_VDSO))
				continue;
		}
		if (e->build_id_size && !dso->build_id_size)
			dso_set_build_id(dso, e->build_id, e->build_id_size);
		dso->image = e->data;
		dso->image_size = e->raw_size;
	}
	p->attached = true;
	return 1;
}

/* ---- showing ---------------------------------------------------------- */

static void hex_id(char *out, const u8 *id, u8 n)
{
	for (u8 i = 0; i < n; i++)
		snprintf(out + 2 * i, 3, "%02x", id[i]);
	out[2 * n] = '\0';
}

void portable_print(const struct data_header *h, struct outbuf *ob)
{
	struct portable p;
	char err[256], id[41];
	u64 size;
	const void *sec = portable_section(h, &size);

	if (!sec)
		return;
	if (portable_parse(&p, sec, size, err, sizeof(err))) {
		outbuf_printf(ob, "# scry portable : damaged: %s\n", err);
		return;
	}
	outbuf_printf(ob, "# scry portable : %u entries, %llu bytes (symbols and unwind tables for another machine)\n",
		  p.nr, (unsigned long long)size);
	for (u32 i = 0; i < p.nr; i++) {
		const struct portable_entry *e = &p.e[i];

		hex_id(id, e->build_id, e->build_id_size);
		outbuf_printf(ob, "#   %-7s %s %s, %llu bytes (%llu compressed)%s\n",
			  e->kind == PORTABLE_KSYMS ? "kernel" : "elf", e->build_id_size ? id : "-", e->path,
			  (unsigned long long)e->raw_size, (unsigned long long)e->zsize,
			  e->kind == PORTABLE_KSYMS ? ", symbols hit" :
			  e->flags & PORTABLE_F_UNWIND ? ", symbols + unwind tables" : ", symbols");
	}
	portable_release(&p);
}

static int write_file(const char *path, const void *data, size_t size)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	const u8 *d = data;

	if (fd < 0)
		return -1;
	while (size) {
		ssize_t n = write(fd, d, size);

		if (n <= 0) {
			close(fd);
			return -1;
		}
		d += n;
		size -= (size_t)n;
	}
	return close(fd);
}

int portable_dump(const struct data_header *h, const char *dir, struct outbuf *ob, char *err, size_t errlen)
{
	struct portable p;
	u64 size;
	const void *sec = portable_section(h, &size);
	int rc = 0;

	if (!sec) {
		snprintf(err, errlen, "the file has no embedded symbols (recorded with --no-embed, to a pipe, or by perf)");
		return -1;
	}
	if (portable_parse(&p, sec, size, err, errlen) || portable_load(&p, err, errlen)) {
		portable_release(&p);
		return -1;
	}
	if (mkdir(dir, 0755) && errno != EEXIST) {
		snprintf(err, errlen, "%s: %s", dir, strerror(errno));
		portable_release(&p);
		return -1;
	}
	for (u32 i = 0; i < p.nr && !rc; i++) {
		const struct portable_entry *e = &p.e[i];
		const char *base = strrchr(e->path, '/');
		char id[41], *out;

		base = base ? base + 1 : e->path;
		hex_id(id, e->build_id, e->build_id_size);
		if (e->kind == PORTABLE_KSYMS)
			rc = asprintf(&out, "%s/kallsyms.txt", dir);
		else
			rc = asprintf(&out, "%s/%s%s%s.elf", dir, *base && *base != '.' ? base : "dso",
				      e->build_id_size ? "-" : "", id);
		if (rc < 0) {
			snprintf(err, errlen, "out of memory");
			rc = -1;
			break;
		}
		/* A recorded name is data: no path separators out of dir. */
		for (char *c = out + strlen(dir) + 1; *c; c++)
			if (*c == '/' || *c == '[' || *c == ']')
				*c = '_';
		rc = write_file(out, e->data, e->raw_size);
		if (rc)
			snprintf(err, errlen, "%s: %s", out, strerror(errno));
		else
			outbuf_printf(ob, "%s\t%s\n", out, e->path);
		free(out);
	}
	portable_release(&p);
	return rc;
}
