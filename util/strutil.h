/* Small string helpers shared by the commands: "did you mean" suggestions for
 * misspelt names (commands, syscalls, groups, options). */
#ifndef SCRY_STRUTIL_H
#define SCRY_STRUTIL_H

#include <stddef.h>

#include "util/types.h"

/* The one-line error of a function that reports into a caller's buffer:
 * formats into err (when there is one) and returns -1, so that
 * "return errf(err, errlen, ...);" ends a failing path. */
int errf(char *err, size_t errlen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* "1", "0.5", "2.25" seconds (a millisecond to a year) into *ms, rounded.
 * 0, or -1 when s is anything else. */
int parse_seconds_ms(const char *s, u64 *ms);

/* Edit distance between a and b: the fewest single-character insertions,
 * deletions, substitutions and swaps of two adjacent characters that turn a
 * into b ("clsoe" -> "close" is 1). Case-sensitive, byte-wise. Returns
 * UINT_MAX only if memory for a very long b cannot be had. */
unsigned edit_distance(const char *a, const char *b);

/* Collects the few candidates closest to a misspelt word:
 *
 *	struct suggest s;
 *	suggest_init(&s, word);
 *	for (each known name) suggest_add(&s, name);
 *	if (s.nr) { suggest_format(&s, buf, sizeof(buf)); ... "did you mean: %s?" }
 *
 * A candidate qualifies when it is within a few edits of the word (1 edit for
 * words of up to 3 characters, 2 up to 6, 3 beyond), or when one of the two
 * contains the other and the shorter is at least 4 characters long
 * ("sigaction" -> "rt_sigaction", "lstat64" -> "lstat"). Containment ranks
 * first, then fewer edits, then alphabetical order. The struct keeps
 * pointers to the candidates, which must outlive it, and owns nothing. */
#define SUGGEST_MAX 3

struct suggest {
	const char *word;
	const char *best[SUGGEST_MAX];	/* best first */
	unsigned rank[SUGGEST_MAX];	/* lower is better */
	size_t nr;
};

void suggest_init(struct suggest *s, const char *word);
void suggest_add(struct suggest *s, const char *candidate);
/* Writes "openat, openat2" into buf (always NUL-terminated when len > 0).
 * Returns the length the full text needs, as snprintf does. */
size_t suggest_format(const struct suggest *s, char *buf, size_t len);

#endif
