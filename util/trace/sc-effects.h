/* Keeping the fd tables current from traced calls: what open, close, dup,
 * fcntl, execve, chdir and fork did to a process's descriptors.  Applied
 * after a call is printed, so a close still shows the path it closed. */
#ifndef SCRY_SC_EFFECTS_H
#define SCRY_SC_EFFECTS_H

#include "util/trace/fdtable.h"
#include "util/trace/sc-event.h"
#include "util/trace/syscall-desc.h"

/* The calls the fd tables cannot stay right without (open, close, dup,
 * fcntl, execve, socket...): traced even when not asked for, unprinted. */
bool sc_effects_needed(const char *name);

void sc_apply_effects(struct fdtables *fdt, const struct sc_event *ev, const struct sc_desc *d);

#endif
