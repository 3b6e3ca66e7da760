/* scry record --switch-output: continuous capture in pieces. When a piece
 * is due (a signal, its size, its age), the recorder finishes the file
 * (header, build-ids, portable section of what it hit: each piece reads
 * alone), renames it OUTPUT.YYYYmmddHHMMSScc as perf does, and starts the
 * next; --switch-max-files keeps only the newest N pieces.
 *
 * This module holds the policy (the spec, when a piece is due, the names,
 * which old pieces go); builtin-record.c does the writing. */
#ifndef SCRY_SWITCH_OUTPUT_H
#define SCRY_SWITCH_OUTPUT_H

#include <stdbool.h>
#include <stddef.h>

#include "util/types.h"

enum switch_kind { SWITCH_NONE, SWITCH_SIGNAL, SWITCH_SIZE, SWITCH_TIME };

struct switch_output {
	enum switch_kind kind;
	u64 size;               /* SWITCH_SIZE: bytes written to a piece */
	u64 time_ms;            /* SWITCH_TIME: a piece's age */
	unsigned max_files;     /* 0: keep every piece */
	char **pieces;          /* the names written, oldest first (at most max_files kept) */
	unsigned nr_pieces;
	u64 piece_start_ms;
};

/* perf's syntax: "signal" (SIGUSR2), a size "100M" (B, K, M, G), a time
 * "30s" (s, m, h, d). 0, or -1 with one line in err. */
int switch_output_parse(struct switch_output *so, const char *spec, char *err, size_t errlen);

/* Is the current piece due, after `bytes` written, at now_ms (monotonic)?
 * A signal's request is the caller's. */
bool switch_output_due(const struct switch_output *so, u64 bytes, u64 now_ms);

/* "OUTPUT.YYYYmmddHHMMSScc" for wall time (seconds, nanoseconds), local
 * time as perf names its pieces. */
void switch_output_name(char *buf, size_t len, const char *output, s64 sec, long nsec);

/* Note a finished piece; when more than max_files are kept, the oldest
 * goes: its name is returned (malloc'd, the caller unlinks and frees it),
 * else NULL. */
char *switch_output_add(struct switch_output *so, const char *name);

void switch_output_release(struct switch_output *so);

#endif
