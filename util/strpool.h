/* Interned strings: equal strings come back as the same pointer, so keys
 * built from them compare and hash as pointers. Owned by the pool. */
#ifndef SCRY_STRPOOL_H
#define SCRY_STRPOOL_H

#include "util/hashmap.h"

struct strpool {
	struct hashmap by_hash;  /* FNV-1a of the string -> chain of struct pooled_str */
};

void strpool_init(struct strpool *p);
void strpool_free(struct strpool *p);
/* The pooled copy of s (NULL only on ENOMEM). */
const char *strpool_intern(struct strpool *p, const char *s);

#endif
