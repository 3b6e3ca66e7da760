/* perf probe's name filters (--filter, -F FILTER): globs combined with
 * '!' (not), '&' (and), '|' (or) and parentheses, '&' binding tighter
 * than '|':  "!_* & !*@plt",  "(foo* | bar*) & !*_cold".
 *
 * A filter is parsed once into a small tree of nodes (an array, indices
 * for links) and matched against each name with fnmatch(3). */
#ifndef SCRY_PROBE_FILTER_H
#define SCRY_PROBE_FILTER_H

#include <stdbool.h>
#include <stddef.h>

/* perf's defaults: what -F lists and what -V shows without a filter. */
#define PROBE_FUNCS_FILTER "!_* & !*@plt"
#define PROBE_VARS_FILTER "!__k???tab_* & !__crc_*"

struct probe_filter;

/* Parse text; NULL with one line in err when it is not a filter (empty,
 * an operator without an operand, unbalanced parentheses). */
struct probe_filter *probe_filter_new(const char *text, char *err, size_t errlen);
void probe_filter_free(struct probe_filter *f);
bool probe_filter_match(const struct probe_filter *f, const char *name);

#endif
