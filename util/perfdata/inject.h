/* Rewriting a data file as perf inject does: every record of the input
 * copied to the output in file order, the header and feature sections
 * carried over, with what changes between the two:
 *
 * - the form: a pipe stream becomes a seekable file (real header, feature
 *   sections) and a file becomes a pipe stream, as the output asks;
 * - compression: COMPRESSED records come out as the plain records they
 *   hold (the output is never compressed);
 * - build-ids (-b): the DSOs the samples hit (or, with all_build_ids,
 *   every DSO mapped) get BUILD_ID entries, added to the ones the input
 *   already had.
 *
 * The DSOs hit are found in time order (util/core/ordered), as a report
 * would see them, so that a sample read before the MMAP it falls in (two
 * rings drained in one round) still finds it; the output keeps file order. */
#ifndef SCRY_INJECT_H
#define SCRY_INJECT_H

#include "util/perfdata/data-file.h"

struct inject_opts {
	const char *input;      /* the input's name, for messages ("-": standard input) */
	const char *output;     /* the output file; "-": standard output, pipe form */
	bool build_ids;         /* add the build-ids of the DSOs samples hit */
	bool all_build_ids;     /* ... of every DSO the input maps (perf's --buildid-all) */
};

struct inject_stats {
	u64 records;            /* records written (header records not counted) */
	u64 samples;
	u32 build_ids_in;       /* BUILD_ID entries of the input */
	u32 build_ids_added;    /* entries -b added */
	u64 bytes_out;
};

/* Copy r into o->output. 0 on success; -1 with one line in err, naming the
 * file: "IN: offset 0x..: what is wrong" for a bad input, "writing OUT:
 * why" for the output. After a bad input record, the records before it are
 * still written out as a valid file. */
int inject_run(struct data_reader *r, const struct inject_opts *o, struct inject_stats *st, char *err,
	       size_t errlen);

#endif
