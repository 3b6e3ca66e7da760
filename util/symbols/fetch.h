/* Debug files and binaries fetched by build-id from debuginfod servers
 * (libdebuginfod: $DEBUGINFOD_URLS, its cache $DEBUGINFOD_CACHE_PATH), for
 * a DSO whose file or debug info is not on this machine.
 *
 * Asked only when DEBUGINFOD_URLS is set and not turned off (--no-debuginfod).
 * A server that does not answer costs one warning and at most
 * $DEBUGINFOD_TIMEOUT seconds (FETCH_DEFAULT_TIMEOUT when unset, not
 * libdebuginfod's 90) times 1 + $DEBUGINFOD_RETRY_LIMIT (0 when unset, not
 * libdebuginfod's 2), once: the process then goes on without it. While a
 * download runs, a progress line on stderr when that is a terminal (or -v).
 *
 * Whether to ask is process-wide configuration, set once from the command
 * line like the verbosity (util/debug.h), as is the one client. */
#ifndef SCRY_FETCH_H
#define SCRY_FETCH_H

#include <stdbool.h>

#include "util/symbols/symbol.h"

#define FETCH_DEFAULT_TIMEOUT "5"       /* seconds */
#define FETCH_DEFAULT_RETRIES "0"

/* --no-debuginfod */
void fetch_disable(void);

/* Whether a fetch would ask a server (set, enabled, not given up on). */
bool fetch_enabled(void);

/* The debug file (DWARF and .symtab) or the binary of a build-id, as a
 * path in libdebuginfod's cache (malloc'd), or NULL. label names the file
 * in messages (its recorded path). */
char *fetch_debuginfo(const u8 *id, u8 id_size, const char *label);
char *fetch_executable(const u8 *id, u8 id_size, const char *label);

/* A separate debug file for path: on this machine (elf_find_debug_file,
 * then perf's build-id cache), else from a debuginfod server. */
char *fetch_debug_file(const char *root, const char *path, const u8 *id, u8 id_size);

/* Free the client (at exit; harmless if none). */
void fetch_end(void);

#endif
