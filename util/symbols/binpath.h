/* Finding the binary a user names for a uprobe: a path, a library by name
 * ("libc", "c", "libc.so.6": the file the dynamic linker would load), or a
 * program on $PATH ("bash"). `scry probe -x BIN` and the language's
 * `uprobe:BIN:FUNC` resolve names the same way, here. */
#ifndef SCRY_BINPATH_H
#define SCRY_BINPATH_H

#include <stddef.h>

/* The canonical path (realpath) of the ELF file name stands for, into out
 * (len bytes). Returns 0, or -1 with errno set:
 *   ENOENT   no such file, library or program
 *   EINVAL   name exists but is not a regular file
 *   ENOEXEC  name is a regular file but not ELF
 *   other    from realpath (ENAMETOOLONG when out is too small)
 * binpath_strerror() words it. */
int binpath_resolve(const char *name, char *out, size_t len);

/* One line (no newline) saying why binpath_resolve(name) failed with
 * errnum: "/x: no such file", "bash2: no such file, no library libbash2.so*
 * in the dynamic linker's directories and no program bash2 on $PATH",
 * "/etc is not a regular file" ... Returns buf. */
char *binpath_strerror(const char *name, int errnum, char *buf, size_t len);

#endif
