/* An open-addressing hash map from u64 keys to pointers.  Used for the maps
 * that are looked up once per record (event ids, threads): no allocation
 * per lookup, linear probing, deletion by backward shift. */
#ifndef SCRY_HASHMAP_H
#define SCRY_HASHMAP_H

#include "util/types.h"

struct hashmap_slot {
	u64 key;
	void *val;      /* NULL: empty slot */
};

struct hashmap {
	struct hashmap_slot *slots;
	size_t cap;     /* a power of two */
	size_t nr;
};

void hashmap_init(struct hashmap *m);
void hashmap_free(struct hashmap *m);
/* val must not be NULL. Replaces an existing value. Returns -1 on ENOMEM. */
int hashmap_put(struct hashmap *m, u64 key, void *val);
void *hashmap_get(const struct hashmap *m, u64 key);
/* Returns the removed value, or NULL. */
void *hashmap_del(struct hashmap *m, u64 key);

/* Iterate: for (size_t i = 0; hashmap_next(m, &i, &k, &v); ) ... Do not
 * modify the map while iterating. */
bool hashmap_next(const struct hashmap *m, size_t *iter, u64 *key, void **val);

#endif
