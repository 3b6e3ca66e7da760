/* What the aggregation language prints, in bpftrace 0.17's text layout
 * (anything that parses bpftrace's output keeps working): maps at exit and
 * for print(@m), printf/time/print(value) events, stacks and symbols.
 *
 * The runtime reads the kernel's maps, merges per-CPU values with
 * lang_value_merge, and hands each map's entries to lang_output_map;
 * event records from the ring buffer go to lang_output_event. Nothing here
 * touches the kernel: stack ids are turned into addresses through the
 * runtime's callback, addresses into names through lang_syms (syms.h).
 * All text goes to the outbuf given at creation.
 *
 * Layout rules (checked against bpftrace 0.17 itself; the unit test has
 * its output as expectations):
 *   - a map is its entries, one "@name[k1, k2]: value" each, then "\n";
 *     an empty map prints just "\n"; avg/stats maps end with one more "\n"
 *   - entries sorted ascending by value: count/sum/min/max/plain ints by
 *     their value, hist/lhist by their total count, avg/stats by the
 *     average; maps of other values (strings, stacks, symbols) by key.
 *     Ties (bpftrace: hash order) by key: integers numerically, strings
 *     bytewise, then the printed key
 *   - print(@m, top, div): the last `top` entries after sorting; values
 *     divided by div (integer division) for count/sum/min/max/avg/ints and
 *     for the hist count column (not its bars); stats ignores both and
 *     lhist ignores div, as bpftrace does
 *   - hist/lhist entries: "@name[k]: " then a newline, one row per bucket
 *     from the first to the last non-empty one, then a blank line
 *   - stacks: "\n" then one frame a line, indented 4 spaces in keys and 8
 *     in values; a stack the kernel could not take prints as nothing
 *   - keys that print the same (stacks cut to N frames, symbols) are one
 *     entry: their values are combined before sorting */
#ifndef SCRY_LANG_OUTPUT_H
#define SCRY_LANG_OUTPUT_H

#include "util/lang/program.h"
#include "util/outbuf.h"

struct lang_syms;
struct lang_output;

/* -f text (bpftrace's text layout, the default) or -f json (bpftrace
 * 0.17's: one object a line, {"type": ..., "data": ...}; maps as
 * {"@name": value} or {"@name": {"k1,k2": value}}, hist/lhist buckets as
 * [{"min", "max", "count"}] from the first to the last non-empty one,
 * avg/stats under type "stats", stacks and strings as JSON strings of
 * their text, printf/time/print(value) as "printf"/"time"/"value"; an
 * empty map prints nothing). */
enum lang_output_format { LANG_OUT_TEXT, LANG_OUT_JSON };

/* One map entry: key and value in program.h's layout, the value already
 * merged across CPUs (lang_value_merge). Neither is written to. */
struct lang_kv {
	const void *key;
	const void *value;
};

/* The frames of stack `id` (kernel or user stack map) into ips[0..max):
 * returns how many, or a negative errno when the id is unknown. */
typedef int (*lang_stack_ips_fn)(void *ctx, bool user, s64 id, u64 *ips, int max);

/* ob, p and syms must outlive the output; syms may be NULL (addresses are
 * then printed as hex), stack_ips too (stacks then print as nothing).
 * NULL on ENOMEM. */
struct lang_output *lang_output_new(struct outbuf *ob, const struct lang_program *p, struct lang_syms *syms,
				   lang_stack_ips_fn stack_ips, void *stack_ctx);
void lang_output_free(struct lang_output *o);

/* The layout of everything printed from now on (LANG_OUT_TEXT at creation). */
void lang_output_set_format(struct lang_output *o, enum lang_output_format f);
/* bpftrace's -q: the attach notice is not printed. */
void lang_output_set_quiet(struct lang_output *o, bool quiet);

/* What is printed once the probes are attached: "Attaching N probes..." or
 * {"type": "attached_probes", "data": {"probes": N}}. */
void lang_output_attached(struct lang_output *o, int nprobes);

/* Print map m: n entries (any order; keyless aggregations pass their one
 * array entry, printed only when it was ever set, except count which
 * prints 0 as bpftrace does). top 0: all entries; div 0: 1.
 * Returns 0, or -ENOMEM. */
int lang_output_map(struct lang_output *o, const struct lang_map *m, const struct lang_kv *entries, size_t n,
		    u64 top, u64 div);

/* Whether map m can be drawn as stacks: a kstack or ustack among its keys
 * and values that are counts (count, sum, integers). */
bool lang_map_foldable(const struct lang_map *m);

/* Add map m's entries (as for lang_output_map) to flame graph f, each
 * entry one stack weighted by its value: a frame with the map's name first
 * when prefix (several maps in one graph), then the keys that are not
 * stacks (pid, comm, ...) a frame each in key order, then the user stack
 * and the kernel stack root first, kernel frames marked "_[k]" (the flame
 * graph's colours), names without offsets. Entries whose value is not
 * positive add nothing. Returns 0, 1 when m is not foldable, or -ENOMEM. */
struct flame;
int lang_output_fold(struct lang_output *o, const struct lang_map *m, const struct lang_kv *entries, size_t n,
		     struct flame *f, bool prefix);

/* Print one event record: LEV_PRINTF, LEV_TIME and LEV_PRINT_VALUE (the
 * payload is what follows struct lang_event, len bytes). Returns 0 when
 * printed, 1 for kinds the runtime handles itself (print(@m), clear,
 * zero, exit), -EINVAL for a record that does not match its format (an
 * unknown id, or shorter than the format's payload: counted, never read
 * past). */
int lang_output_event(struct lang_output *o, const struct lang_event *ev, const void *payload, size_t len);

/* The printf conversion at fmt[*pos] (a '%'), as the printer reads it, for
 * the checker: 'd' signed integer, 'u' unsigned (u x X o), 's' string-like,
 * 'c' char, 'p' pointer, '%' for "%%"; 0 for one the printer does not know.
 * Advances *pos past it. */
char lang_printf_conv(const char *fmt, size_t *pos);

/* Records lang_output_event refused (the runtime prints the count). */
u64 lang_output_bad_events(const struct lang_output *o);

/* --interval's heading before each print of the maps: "[HH:MM:SS]" as
 * argdist prints it, or {"type": "time", "data": "HH:MM:SS\n"}. */
void lang_output_interval_stamp(struct lang_output *o, const char *stamp);

/* What bpftrace prints between the end of tracing and the maps: "\n\n". */
void lang_output_exit_preamble(struct lang_output *o);

/* bcc's layouts (output-bcc.h) from now on: maps, the start, interval
 * stamps, the preamble and the end as argdist or stackcount print them.
 * l must outlive the output; NULL goes back to bpftrace's. */
struct lang_bcc_layout;
void lang_output_set_bcc(struct lang_output *o, const struct lang_bcc_layout *l);
/* After the last maps: bcc's stackcount says "Detaching..."; nothing else. */
void lang_output_end(struct lang_output *o);
/* For output-bcc.c: the buffer written to, the symbols, and the frames
 * of a kstack/ustack slot leaf first (as printed: the caller at a
 * function's entry added, cut to kstack(N)), -1 for one not taken. */
struct outbuf *lang_output_outbuf(struct lang_output *o);
struct lang_syms *lang_output_syms(struct lang_output *o);
int lang_output_stack(struct lang_output *o, const struct lang_type *t, const void *slot, u64 *out);

/* Merge a per-CPU value: percpu holds ncpus values of m->value_size bytes
 * each, rounded up to 8, as the kernel returns them. count/sum add, min/max
 * keep the extreme over the CPUs where it was set, avg/stats add count and
 * total, hist/lhist add buckets; a value that is not an aggregation is
 * copied from the first CPU. dst has m->value_size bytes. */
void lang_value_merge(const struct lang_map *m, void *dst, const void *percpu, int ncpus);

/* The bucket hist(v) counts v in (program.h's layout): 0 for a negative
 * signed value, 1 for 0, 2 + floor(log2(v)) otherwise. The kernel side
 * and the offline evaluator must agree with it; bpftrace 0.17 stops at
 * bucket 33 ([2G, 4G)) for every larger value, scry goes on to 2^64. */
u32 lang_hist_bucket(u64 v, bool is_signed);
/* The bucket lhist(v, min, max, step) counts v in, t being the map's
 * LT_LHIST type: 0 below min, n + 1 above max (and from min + n * step
 * on, as bpftrace), else 1 + (v - min) / step. */
u32 lang_lhist_bucket(const struct lang_type *t, u64 v, bool is_signed);

/* lhist's bucket count between the "below" and "above" buckets (the n of
 * program.h), 0 for parameters the checker refuses. */
u32 lang_lhist_buckets(const struct lang_type *t);

/* Append value v of type t (program.h's slot layout) to ob as bpftrace
 * prints a map value or print(value) (stacks: "\n" and frames indented
 * `indent` spaces). For other printers (the offline evaluator, -f json). */
void lang_output_value(struct lang_output *o, struct outbuf *ob, const struct lang_type *t, const void *v,
		       int indent);

#endif
