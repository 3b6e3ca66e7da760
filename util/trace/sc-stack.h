/* Stacks per call (scry trace --call-graph fp|dwarf, -k): the BPF tracer
 * writes a STACK record just before a call's record; it is held here per
 * thread and printed, one frame per line, after that call's line, as perf
 * trace prints its callchains:
 *
 *          0.123 ( 0.004 ms): prog/42 write(fd: 1, ...) = 6
 *                                        __GI___libc_write+0x14 (/usr/lib/x86_64-linux-gnu/libc.so.6)
 *                                        b+0x2f (/tmp/prog)
 *
 * Frames are named as scry script names them (util/symbols): "sym+0xoff
 * (dso)", "[unknown] (dso)". The processes' maps come from the MMAP2, COMM,
 * FORK and EXIT records the BPF output event carries when stacks are on (so
 * a process that has exited by the time its calls are printed is still
 * named, and a recording replays with its stacks), and, live, from
 * /proc/PID/maps for a process that no record described (a -p target),
 * read again when one of its addresses falls outside every map it has.
 * Dwarf stacks (user registers and 8 KB of stack) are unwound with the
 * DSOs' unwind tables, as scry script unwinds --call-graph dwarf samples. */
#ifndef SCRY_SC_STACK_H
#define SCRY_SC_STACK_H

#include <linux/perf_event.h>

#include "util/outbuf.h"
#include "util/trace/sc-event.h"

struct sc_stacks;

/* live: a running system (may read /proc). NULL on ENOMEM. */
struct sc_stacks *sc_stacks_new(bool live);
void sc_stacks_free(struct sc_stacks *s);

/* A non-sample record of the session (MMAP, MMAP2, COMM, FORK, EXIT; others
 * are ignored): the processes' maps. */
void sc_stacks_record(struct sc_stacks *s, const struct perf_event_header *h);

/* A STACK event: kept (copied) for its thread's call. */
void sc_stacks_hold(struct sc_stacks *s, const struct sc_event *ev);

/* The call ev went through the printer: its stacks, when held, are printed
 * into out if show, and dropped either way. */
void sc_stacks_after_call(struct sc_stacks *s, const struct sc_event *ev, bool show, struct outbuf *out);

/* How far perf trace indents the frames (its callchain column). */
#define SC_STACK_INDENT 39

#endif
