/* The record side of util/perfdata/portable: at the end of a recording, the
 * symbols and unwind tables of what the samples hit, into the portable
 * section of the file's header. */
#ifndef SCRY_PORTABLE_RECORD_H
#define SCRY_PORTABLE_RECORD_H

#include "util/perfdata/header.h"
#include "util/perfdata/record-buildid.h"

struct portable_record_stats {
	u32 dsos;               /* DSOs whose image is carried */
	u32 unwind;             /* of which with unwind tables */
	u32 skipped;            /* hit, but their file is gone or of another build */
	u32 ksyms;              /* kernel symbols carried */
	u64 bytes;              /* the section's size */
	u64 raw_bytes;          /* its payload before compression */
	double ms;              /* time taken */
};

/* Build the section from what t saw (unwind: carry unwind tables too, for
 * --call-graph dwarf) and add it to h (FEAT_SCRY_PORTABLE). Returns 0
 * (also when there is nothing to carry), -1 with err. */
int portable_record(struct buildid_tracker *t, bool unwind, struct data_header *h,
		    struct portable_record_stats *st, char *err, size_t errlen);

#endif
