/* Printing a histogram the way perf report --stdio does: the header
 * comments, one line per entry with its overhead(s) and sort keys in
 * aligned columns, and under each entry its callchain tree. */
#ifndef SCRY_HIST_PRINT_H
#define SCRY_HIST_PRINT_H

#include "util/outbuf.h"
#include "util/profile/hist.h"

struct hist_print_opts {
	const char *event;      /* its name, for the header */
	bool children;          /* Children and Self columns, sorted by children */
	bool show_nr;           /* a Samples column */
	bool quiet;             /* no header comments */
	bool chains;            /* the callchain tree under each entry */
	double percent_limit;   /* entries below this percent of the total are left out */
	double min_percent;     /* branches of trees below this percent are left out */
	/* A --comm or --dso filter of one value: its column says nothing, and
	 * perf leaves it out. */
	bool one_comm, one_dso;
	const char *time_slices; /* --time as given, named in the header (NULL: none) */
};

/* Sort h (hists_sort) and print it into ob (flushed as it grows). Returns
 * -1 on ENOMEM, with nothing printed. */
int hist_print(struct hists *h, const struct hist_print_opts *o, struct outbuf *ob);

#endif
