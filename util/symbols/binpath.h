/* Where a binary named on the command line is: a path ("./a.out",
 * "/usr/bin/bash"), a library by the name the dynamic linker knows it by
 * ("libc", "c", "libc.so.6" -> /usr/lib/x86_64-linux-gnu/libc.so.6), or a
 * program on $PATH ("bash"). For `scry probe -x NAME` and for the probes of
 * the aggregation language (uprobe:libc:malloc), so both find the same file. */
#ifndef SCRY_BINPATH_H
#define SCRY_BINPATH_H

#include <stddef.h>

/* Resolve name into out (PATH_MAX bytes), made absolute with symlinks
 * resolved. A name with a '/', or that exists as given, is a path; else a
 * library in the dynamic linker's directories, then a program on $PATH.
 * Returns 0; -ENOENT when nothing of that name is found (err: "NAME: no
 * such file[, no library ... and no program ... on $PATH]"); another
 * negative errno when it is not a regular ELF file or cannot be resolved
 * (err says which). */
int binpath_resolve(const char *name, char *out, char *err, size_t errlen);

#endif
