/* Resolving probe specs against a binary's DWARF (and its symbol tables
 * when it has none): places -> addresses, variables -> tracefs fetch
 * arguments; and the listings of `scry probe -L`, `-V` and `-F`.
 *
 * A struct probe_finder indexes one binary's DWARF once (functions by name,
 * CU address ranges, line tables) and answers every query of a run from
 * that index; nothing is rescanned per query. */
#ifndef SCRY_PROBE_FINDER_H
#define SCRY_PROBE_FINDER_H

#include <stdio.h>
#include "util/probe/probe-filter.h"
#include "util/probe/probe-spec.h"

struct probe_finder;

/* Open a binary (path already resolved by the caller) for uprobes, or the
 * kernel (path NULL: vmlinux DWARF from the usual places, else BTF from
 * /sys/kernel/btf/vmlinux for function parameters, else kallsyms only).
 * Returns NULL with one line in err. */
struct probe_finder *probe_finder_open(const char *path, char *err, size_t errlen);
void probe_finder_close(struct probe_finder *pf);
/* -s DIR: the source tree moved there since the binary was built (for -L
 * and ;PATTERN). NULL: the paths in the DWARF. */
void probe_finder_set_source_dir(struct probe_finder *pf, const char *dir);
bool probe_finder_has_dwarf(const struct probe_finder *pf);

/* Resolve spec into *points (malloc'd array of *nr entries; free each with
 * probe_point_free, then the array). Errors (no such function: the message
 * lists close matches; variable optimized out at the place: names the
 * variable and the place; a type tracefs cannot fetch) return -1 with one
 * line in err. */
int probe_finder_resolve(struct probe_finder *pf, const struct probe_spec *spec,
			 struct probe_point **points, int *nr, char *err, size_t errlen);

/* -L: print FUNC[@SRC] or SRC:START-END (spec->func / spec->src, lines in
 * spec->line .. end) with perf probe -L's layout. */
int probe_finder_show_lines(struct probe_finder *pf, const char *what, FILE *out, char *err, size_t errlen);
/* -V: variables available at a place whose names pass filter (NULL:
 * perf's default, PROBE_VARS_FILTER). */
int probe_finder_show_vars(struct probe_finder *pf, const struct probe_spec *spec,
			   const struct probe_filter *filter, FILE *out, char *err, size_t errlen);
/* -F: functions passing filter (NULL: perf's default, PROBE_FUNCS_FILTER),
 * sorted, one per line. */
int probe_finder_show_funcs(struct probe_finder *pf, const struct probe_filter *filter, bool dwarf_only,
			    FILE *out, char *err, size_t errlen);

#endif
