/* The portable section of a data file ("collect on prod, report on a
 * laptop"): what `scry record` carries so that `scry report` and `scry
 * script` name every symbol and unwind every chain on a machine without the
 * recorded binaries. It is a feature section of its own (FEAT_SCRY_PORTABLE,
 * a bit perf 6.1 skips in a file; never written in a pipe, where perf
 * rejects unknown features).
 *
 * Format (little-endian, every length checked on read):
 *   header: u32 magic "SPRT", u16 version (1), u16 header size (16),
 *           u32 number of entries, u32 reserved
 *   entry:  u32 entry size (header, path, payload, padding to 8),
 *           u32 kind, u32 flags, u8 build-id size, u8 build-id[20], u8 pad[3],
 *           u16 path length, u16 pad, u64 payload size once decompressed,
 *           u64 compressed size, u32 reserved, u32 checksum (FNV-1a of the
 *           entry's header, path and compressed bytes), path bytes, zstd
 *           frame (with its own checksum)
 * Kinds: PORTABLE_KSYMS: the kallsyms lines ("addr t name\t[mod]") of the
 * kernel symbols the samples hit; PORTABLE_ELF: a DSO's ELF image (see
 * util/perfdata/portable-elf.h). Unknown kinds are skipped (a newer writer). */
#ifndef SCRY_PORTABLE_H
#define SCRY_PORTABLE_H

#include "util/perfdata/header.h"
#include "util/outbuf.h"
#include "util/types.h"

#define FEAT_SCRY_PORTABLE 200
#define PORTABLE_MAGIC 0x54525053u     /* "SPRT" */
#define PORTABLE_VERSION 1
#define PORTABLE_HDR_SIZE 16
#define PORTABLE_ENTRY_FIXED 64
#define PORTABLE_SUM_OFF 60
/* An entry never decompresses to more than this (a hostile size field). */
#define PORTABLE_MAX_RAW (1ull << 30)

enum portable_kind { PORTABLE_KSYMS = 1, PORTABLE_ELF = 2 };
#define PORTABLE_F_UNWIND 1u            /* the image carries unwind tables */

struct portable_entry {
	u32 kind, flags;
	u8 build_id[20];
	u8 build_id_size;
	char *path;             /* owned, NUL-terminated */
	u64 raw_size;
	const u8 *zdata;        /* the compressed bytes, in the section */
	u64 zsize;
	u8 *data;               /* decompressed (portable_load), owned */
};

struct portable {
	struct portable_entry *e;
	u32 nr;
	u64 section_size;
	bool attached;          /* images handed to a machine's dsos */
};

/* ---- writing ---------------------------------------------------------- */

struct portable_builder {
	struct outbuf ob;       /* the section */
	u32 nr;
	u64 raw_bytes;          /* payload bytes before compression */
	int level;              /* zstd level */
};

void portable_builder_init(struct portable_builder *b, int zstd_level);
/* Compress and append one entry. -1 with err on failure (ENOMEM, zstd). */
int portable_builder_add(struct portable_builder *b, u32 kind, u32 flags, const u8 *id, u8 id_size,
			 const char *path, const void *data, size_t size, char *err, size_t errlen);
/* The finished section (b->ob.buf, b->ob.len); valid until release. */
void portable_builder_finish(struct portable_builder *b);
void portable_builder_release(struct portable_builder *b);

/* ---- reading ---------------------------------------------------------- */

/* Parse the section's entries (data must outlive p: entries point into
 * it). Nothing is decompressed yet. -1 with one line in err if damaged. */
int portable_parse(struct portable *p, const void *data, u64 size, char *err, size_t errlen);
/* Decompress every entry (checked against its size and checksum). */
int portable_load(struct portable *p, char *err, size_t errlen);
void portable_release(struct portable *p);

/* The section's bytes in h (a raw feature), or NULL. */
const void *portable_section(const struct data_header *h, u64 *size);

struct machine;
/* Parse and load h's portable section and give its images to m's DSOs
 * (by path: the embedded copy is used when the file is missing or of
 * another build) and its kernel symbols to m's kernel (used unless a
 * kallsyms file was named). p must outlive m's use of its DSOs (release
 * it after machine_free). Returns 1 attached, 0 no section, -1 damaged
 * (err says why; nothing attached: the caller warns and goes on). */
int portable_attach(struct portable *p, struct machine *m, const struct data_header *h, char *err,
		    size_t errlen);

/* "# scry portable : 5 entries, 49 KB" and one line per entry, for --header. */
void portable_print(const struct data_header *h, struct outbuf *ob);

/* Write each decompressed image to dir (created if missing) as
 * BASENAME-BUILDID.elf or kallsyms.txt; the names go to ob. */
int portable_dump(const struct data_header *h, const char *dir, struct outbuf *ob, char *err, size_t errlen);

#endif
