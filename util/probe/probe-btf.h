/* Kernel probes without vmlinux DWARF: function parameters from BTF
 * (/sys/kernel/btf/vmlinux), in the x86-64 argument registers at the
 * function's entry, and kallsyms to check that the function exists. */
#ifndef SCRY_PROBE_BTF_H
#define SCRY_PROBE_BTF_H

#include <stdio.h>
#include "util/probe/probe-filter.h"
#include "util/probe/probe-spec.h"

struct probe_btf;

/* Never NULL unless out of memory: without BTF, only kallsyms is used
 * (and variables are refused). */
struct probe_btf *probe_btf_open(char *err, size_t errlen);
void probe_btf_close(struct probe_btf *b);

int probe_btf_resolve(struct probe_btf *b, const struct probe_spec *spec, struct probe_point **points, int *nr,
		      char *err, size_t errlen);
/* -V and -F; filter (util/probe/probe-filter.h) chooses the names shown. */
int probe_btf_show_vars(struct probe_btf *b, const struct probe_spec *spec, const struct probe_filter *filter,
			FILE *out, char *err, size_t errlen);
int probe_btf_show_funcs(struct probe_btf *b, const struct probe_filter *filter, FILE *out, char *err,
			 size_t errlen);

#endif
