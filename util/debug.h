/* Messages to the user: one clear line on stderr, prefixed "scry: ".
 * The verbosity level is process-wide configuration (set once from the
 * command line), not session state. */
#ifndef SCRY_DEBUG_H
#define SCRY_DEBUG_H

#include <stdarg.h>

enum { LOG_QUIET = -1, LOG_NORMAL = 0, LOG_VERBOSE = 1, LOG_DEBUG = 2 };

void log_set_level(int level);
int log_level(void);

void pr_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void pr_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void pr_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void pr_debug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
