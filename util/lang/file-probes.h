/* Probes over a data file: what each probe of a program matches among the
 * events a file recorded, as struct lang_attach entries (program.h) for the
 * checker and the offline evaluator (eval.h). The live counterpart, over
 * the running kernel, is probes.h.
 *
 *   BEGIN, END                    one attachment each
 *   tracepoint:SYS:NAME           one per recorded tracepoint event matching
 *                                 (globs in both parts), fields from the
 *                                 file's own formats
 *   uprobe/uretprobe:BIN:FUNC     one per recorded uprobe event (scry probe,
 *                                 perf probe -x) named FUNC (FUNC__return
 *                                 for a return probe; globs allowed); its
 *                                 recorded arguments are its fields. BIN
 *                                 must match the event's group when the
 *                                 group is a default one ("probe_BIN")
 *   kprobe/kretprobe:FUNC         the same for kernel probe events (groups
 *                                 "probe" and "kprobes")
 *   profile:UNIT:N                the file's cpu-clock and task-clock
 *                                 samples, whatever their rate
 *   software:EVENT[:N]            the file's samples of that software event
 *   interval:UNIT:N               a timer on the recorded time (always there)
 *
 * Attachments of one glob are ordered by name, as probes.c orders its. */
#ifndef SCRY_LANG_FILE_PROBES_H
#define SCRY_LANG_FILE_PROBES_H

#include <stddef.h>

#include "util/lang/program.h"

struct evlist;
struct tp_formats;

/* Does recorded event e (an evsel of the file's evlist) fire attachment a?
 * tp is e's format (NULL when e is not a tracepoint or has none). */
struct evsel;
struct tep_event;
bool lang_file_probe_matches(const struct lang_attach *a, const struct evsel *e, const struct tep_event *tp);

/* Fill p->attaches from p->ast's probes and the events of l (formats: the
 * file's tracepoint formats, NULL when it has none). A probe that matches
 * no recorded event is an error naming the events the file has. Returns 0,
 * or -1 with one line in err (p->attaches then empty). */
int lang_file_probes_resolve(struct lang_program *p, struct evlist *l, struct tp_formats *formats, char *err,
			     size_t errlen);

#endif
