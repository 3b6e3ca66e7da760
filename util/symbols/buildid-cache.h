/* perf's build-id cache, read and written the way perf 6.1 lays it out, so
 * either tool finds what the other put there:
 *
 *   DIR/.build-id/ab/cdef...  -> ../../usr/bin/prog/abcdef...   (a symlink)
 *   DIR/usr/bin/prog/abcdef.../elf     the file itself (hard link or copy)
 *   DIR/usr/bin/prog/abcdef.../debug   its separate debug file, if any
 *
 * DIR is $PERF_BUILDID_DIR, else $HOME/.debug (as perf has it). */
#ifndef SCRY_BUILDID_CACHE_H
#define SCRY_BUILDID_CACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "util/symbols/symbol.h"

/* The cache directory (malloc'd), or NULL when neither variable is set. */
char *buildid_cache_dir(void);

/* The cached file of this build-id: what is "elf" (the binary) or "debug"
 * (its debug file). Malloc'd path of an existing file whose build-id is id,
 * or NULL. Also reads the older layout, where the symlink names the binary. */
char *buildid_cache_find(const u8 *id, u8 id_size, const char *what);

/* Add file (its real path) under its build-id, with its separate debug file
 * when there is one. Returns 0, or -1 with why in err. */
int buildid_cache_add(const char *file, char *err, size_t errlen);

/* Remove file's entry (found by its build-id). Returns 0, or -1 with err. */
int buildid_cache_remove(const char *file, char *err, size_t errlen);

/* "BUILDID PATH" lines, by build-id, as perf buildid-cache --list prints
 * them: only the entries whose file is still at PATH with that build-id
 * (perf's "valid" ones). Returns the number listed, or -1 with err. */
int buildid_cache_list(FILE *out, char *err, size_t errlen);

/* Hex text of a build-id into hex (2 * id_size + 1 bytes). */
void buildid_hex(const u8 *id, u8 id_size, char *hex);

#endif
