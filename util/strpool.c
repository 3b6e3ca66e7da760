/* Interned strings: a hash map of FNV-1a hashes to short chains. */
#include "util/strpool.h"

#include <stdlib.h>
#include <string.h>

struct pooled_str {
	struct pooled_str *next;
	char s[];
};

void strpool_init(struct strpool *p)
{
	hashmap_init(&p->by_hash);
}

void strpool_free(struct strpool *p)
{
	size_t it = 0;
	u64 k;
	void *v;

	while (hashmap_next(&p->by_hash, &it, &k, &v)) {
		struct pooled_str *e = v;
		while (e) {
			struct pooled_str *n = e->next;
			free(e);
			e = n;
		}
	}
	hashmap_free(&p->by_hash);
}

const char *strpool_intern(struct strpool *p, const char *s)
{
	u64 h = 0xcbf29ce484222325ULL;
	struct pooled_str *first, *e;
	size_t len = strlen(s);

	for (size_t i = 0; i < len; i++) {
		h ^= (u8)s[i];
		h *= 0x100000001b3ULL;
	}
	first = hashmap_get(&p->by_hash, h);
	for (e = first; e; e = e->next)
		if (!strcmp(e->s, s))
			return e->s;
	e = malloc(sizeof(*e) + len + 1);
	if (!e)
		return NULL;
	memcpy(e->s, s, len + 1);
	e->next = first;
	if (hashmap_put(&p->by_hash, h, e)) {
		free(e);
		return NULL;
	}
	return e->s;
}
