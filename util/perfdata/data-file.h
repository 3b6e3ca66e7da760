/* Writing and reading perf.data files (PERFILE2), as perf does, in both
 * forms: a seekable file (header, attrs and ids, data section, feature
 * sections) and a pipe (a short header, then attrs, features and data as a
 * stream of records).  The data stream may be compressed with zstd in
 * perf's PERF_RECORD_COMPRESSED records.
 *
 * The reader trusts nothing: every offset, size and count is checked
 * against the file before use, allocations are bounded by the file's size,
 * and a bad file gives one line naming the offset and what is wrong. */
#ifndef SCRY_DATA_FILE_H
#define SCRY_DATA_FILE_H

#include "util/perfdata/header.h"

/* ---- writer ------------------------------------------------------------ */

struct data_writer;

struct data_writer_opts {
	const char *path;       /* "-": standard output, in pipe form */
	int zstd_level;         /* 0: no compression; 1..22: zstd level */
	bool pipe;              /* write the pipe form to path too (as `-o -` would) */
};

struct data_writer_stats {
	u64 records;            /* records written (before compression) */
	u64 bytes_in;           /* their bytes */
	u64 bytes_out;          /* bytes in the file so far */
	int error;              /* first errno of a failed write; 0 if none */
};

struct data_writer *data_writer_create(const struct data_writer_opts *o, char *err, size_t errlen);

/* Before the first record: the events. A pipe writes them (and the
 * features already known in early, such as tracing data) at once; a file
 * keeps them for the header. */
int data_writer_start(struct data_writer *w, const struct file_attr *attrs, u32 nr_attrs,
		      const struct data_header *early, char *err, size_t errlen);

/* Append one record (buffered, compressed when asked). After a write error
 * every later call fails fast and the error stays in the stats. */
int data_writer_write(struct data_writer *w, const struct perf_event_header *rec);
/* Append a PERF_RECORD_FINISHED_ROUND: everything before it may be sorted. */
int data_writer_round(struct data_writer *w);

/* Finish: flush, write the feature sections and the final header (a file)
 * or the remaining HEADER_FEATURE records (a pipe). Also after a write
 * error: what was written before it stays readable. A file whose final
 * header could be written returns 0 even after a data write error (the
 * stats keep that error: check them); a pipe returns -1 after any. */
int data_writer_finish(struct data_writer *w, const struct data_header *h, char *err, size_t errlen);
const struct data_writer_stats *data_writer_stats(const struct data_writer *w);
void data_writer_free(struct data_writer *w);

/* ---- reader ------------------------------------------------------------ */

struct data_reader;

/* path "-" reads standard input (pipe form). Either form is recognised
 * from its header, whatever the file type. */
struct data_reader *data_reader_open(const char *path, char *err, size_t errlen);
/* The same over an open descriptor (not closed by data_reader_close). */
struct data_reader *data_reader_open_fd(int fd, char *err, size_t errlen);
bool data_reader_is_pipe(const struct data_reader *r);
/* The header so far: complete for a file; for a pipe, it grows as
 * HEADER_FEATURE records arrive. */
const struct data_header *data_reader_header(const struct data_reader *r);
/* The events so far; *generation changes whenever they change (a pipe's
 * HEADER_ATTR records), so callers know to rebuild their id maps. */
const struct file_attr *data_reader_attrs(const struct data_reader *r, u32 *nr, u64 *generation);

/* The next record of the data stream, in file order. COMPRESSED records are
 * expanded into the records they hold. A pipe's header records
 * (HEADER_ATTR, HEADER_TRACING_DATA, HEADER_BUILD_ID, HEADER_FEATURE,
 * HEADER_EVENT_TYPE, EVENT_UPDATE) update the header and attrs and are not
 * returned; all
 * others (samples, COMM, MMAP2, FINISHED_ROUND, ...) are.
 * Returns 1 with *rec (valid until the next call) and *offset (its file
 * offset; for an expanded record, its COMPRESSED record's), 0 at the end,
 * -1 on a bad file with one line in err ("offset 0x1a2b: ..."). */
int data_reader_next(struct data_reader *r, const struct perf_event_header **rec, u64 *offset,
		     char *err, size_t errlen);

/* Read up to the first record of the data stream and keep it for the next
 * data_reader_next: a pipe's header records (its events, their names) are
 * then known. Returns what that data_reader_next will (1, 0 or -1; the
 * error line comes with it). */
int data_reader_peek(struct data_reader *r);

/* Something the caller should tell the user although reading goes on
 * (perf's "was the record properly terminated?"), or NULL. */
const char *data_reader_note(const struct data_reader *r);

/* Bytes of the data section (0 for a pipe: unknown). */
u64 data_reader_data_size(const struct data_reader *r);
void data_reader_close(struct data_reader *r);

#endif
