/* bcc's layouts for the language's maps: what `scry argdist` and `scry
 * stackcount` print, as bcc's argdist and stackcount tools print it, so
 * their users read the same tables. The front ends write a program, name
 * its maps, and say here what each map shows; the runtime prints through
 * lang_output as usual and lang_output hands maps, interval stamps, the
 * start and the end to this file (lang_output_set_bcc).
 *
 * argdist (per map, in map-name order, after "[HH:MM:SS]"):
 *   -C: the label or specifier, "\tCOUNT      EVENT", then one
 *       "\t%-10d %s" row per key, ascending by count ("expr = value"
 *       joined by ", "; "total calls" without expressions); -T keeps the
 *       last N rows
 *   -H: bcc's log2 histogram (table.py print_log2_hist): the header
 *       "     %-19s : count     distribution" with the label or expression,
 *       rows "%10d -> %-10d : %-8d |%-40s|" from "0 -> 1" to the last
 *       non-empty bucket, stars = floor(40 * count / max); nothing for an
 *       empty one; values of 2^32 and more widen the columns as bcc does
 * stackcount (one map keyed by kstack, ustack, pid, comm as present):
 *   "Tracing N functions for "PATTERN"... Hit Ctrl-C to end." at the start,
 *   each print "\n" (and "HH:MM:SS\n" with -T), then per stack ascending by
 *   count: kernel frames then user frames, leaf first, "  name" each, the
 *   "    comm [pid]" line unless -p, "    N" and a blank line; "Detaching..."
 *   at the end. Folded (-f): "comm;user frames;kernel frames N", root first,
 *   no other lines. */
#ifndef SCRY_LANG_OUTPUT_BCC_H
#define SCRY_LANG_OUTPUT_BCC_H

#include "util/lang/program.h"
#include "util/outbuf.h"

struct lang_output;
struct lang_kv;

enum lang_bcc_tool {
	LANG_BCC_ARGDIST = 1,
	LANG_BCC_STACKCOUNT,
};

/* argdist: what one map (one specifier) shows. */
struct lang_bcc_map {
	const char *map;                /* the map's name in the program: "@p000" */
	bool hist;                      /* -H (else -C) */
	const char *title;              /* -C: the line above the table (label or specifier) */
	const char *hist_label;         /* -H: the header's label (label, expression or "retval") */
	const char *const *exprs;       /* -C: each key's text in "expr = value" (NULL for a keyless count) */
	int nexprs;
};

struct lang_bcc_layout {
	enum lang_bcc_tool tool;
	/* argdist */
	const struct lang_bcc_map *maps;
	int nmaps;
	/* stackcount */
	const char *pattern;            /* as given, for "Tracing N functions for ..." */
	bool folded;                    /* -f */
	bool timestamps;                /* -T */
	bool show_comm;                 /* the "comm [pid]" line (not with -p) */
	bool offsets;                   /* -s: "name+off" */
	bool addresses;                 /* -v: the raw address before each name */
	bool delimiter;                 /* -d: "--" between kernel and user frames ("-" folded) */
	int helper_probes;              /* probes of the program that are not the pattern's (-D's interval) */
};

/* lang_output's hooks, when a layout is set (lang_output_set_bcc). */
int lang_bcc_map(struct lang_output *o, const struct lang_bcc_layout *l, const struct lang_map *m,
		 const struct lang_kv *entries, size_t n, u64 top);
void lang_bcc_attached(struct lang_output *o, const struct lang_bcc_layout *l, int nprobes);
void lang_bcc_stamp(struct lang_output *o, const struct lang_bcc_layout *l, const char *stamp);
void lang_bcc_end(struct lang_output *o, const struct lang_bcc_layout *l);

/* bcc's log2 histogram of hist() buckets (program.h's layout) under
 * label, appended to ob (exposed for the unit test). */
void lang_bcc_log2_hist(struct outbuf *ob, const u64 *buckets, const char *label);

#endif
