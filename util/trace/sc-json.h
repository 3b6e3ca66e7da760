/* `scry trace --json`: one JSON object per line for each call, signal and
 * exit, for scripts and log pipelines:
 *   {"type":"syscall","time":0.436,"dur":0.605,"pid":1,"tid":1,"comm":"ls",
 *    "syscall":"openat","args":[{"name":"dfd","value":"CWD","raw":-100},...],
 *    "ret":3,"result":"3</etc/hostname>","errno":null}
 * "time" and "dur" are the text line's milliseconds; "value" is the text
 * line's decoding of an argument, "raw" its register value. */
#ifndef SCRY_SC_JSON_H
#define SCRY_SC_JSON_H

#include "util/trace/sc-print.h"

void sc_json_event(struct outbuf *ob, const struct sc_event *ev, const struct sc_desc *d, struct fdtables *fdt,
		   const struct sc_print_opts *o);
void sc_json_signal(struct outbuf *ob, const struct sc_event *ev, const struct sc_print_opts *o);
/* A process exit: status in wait(2) form. */
void sc_json_exit(struct outbuf *ob, u64 ts, u32 pid, u32 tid, const char *comm, int status,
		  const struct sc_print_opts *o);
/* An --event record: its name and its fields as the text line shows them. */
void sc_json_tp_event(struct outbuf *ob, u64 ts, u32 pid, u32 tid, const char *comm, const char *name,
		      const char *fields, size_t len, const struct sc_print_opts *o);
/* Records the kernel dropped: on a cpu (cpu >= 0), or at the end (cpu < 0). */
void sc_json_lost(struct outbuf *ob, int cpu, u64 n);
/* A string as a JSON string literal, quotes included. Bytes past ASCII
 * become \u00XX (as Latin-1) so any input gives valid JSON. */
void sc_json_string(struct outbuf *ob, const char *s, size_t len);

#endif
