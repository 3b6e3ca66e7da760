/* bcc argdist's probe specifiers, translated into the language:
 *
 *   {p,r,t}:{lib|category}:func(signature)[:type[,type]:expr[,expr][:filter]][#label]
 *
 * p = entry (uprobe, or kprobe with an empty lib), r = return (uretprobe,
 * kretprobe), t = tracepoint category:event (fields as args->f or args.f).
 * The signature names the arguments (the Nth parameter is argN; in a
 * return probe its value at entry, entry(argN)); exprs and the filter may
 * use them and $retval, $entry(param), $latency, $PID, $COMM. Each type
 * becomes a cast (C's integer types, pointers as u64) or str(e, -z) for
 * char*. Without type:expr a count probe counts calls ("total calls"), a
 * return probe its int return value.
 *
 * A -C specifier becomes PROBE /filter/ { @pNNN[e1, e2] = count(); }, a
 * -H one PROBE /filter/ { @pNNN = hist((uint64)(e)); }, with what
 * output-bcc.h needs to print it as argdist does. */
#ifndef SCRY_LANG_BCC_ARGDIST_H
#define SCRY_LANG_BCC_ARGDIST_H

#include <stdbool.h>
#include <stddef.h>

#include "util/lang/output-bcc.h"
#include "util/outbuf.h"

#define ARGDIST_MAX_EXPRS 8
#define ARGDIST_DEFAULT_STRING_SIZE 80  /* bcc's -z default */

struct argdist_probe {
	char map[16];                   /* "@p000" */
	char *program;                  /* "uprobe:c:malloc /arg0 == 16/ { @p000[...] = count(); }\n" */
	char *title, *hist_label;
	char *exprs[ARGDIST_MAX_EXPRS]; /* each key's display text */
	int nexprs;
	struct lang_bcc_map show;       /* points into the strings above */
};

/* Translate one specifier (-H when hist) into probe `index`'s program and
 * display. Returns 0, or -1 with one line naming the specifier and what
 * is wrong in err (a usage error: the command line is wrong). */
int argdist_translate(const char *spec, bool hist, int index, unsigned string_size, struct argdist_probe *out,
		      char *err, size_t errlen);
void argdist_probe_release(struct argdist_probe *p);

#endif
