#include "util/hashmap.h"

#include <stdlib.h>

static inline size_t hash_u64(u64 k)
{
	/* splitmix64 finalizer: tids and ids are small and dense. */
	k ^= k >> 30;
	k *= 0xbf58476d1ce4e5b9ULL;
	k ^= k >> 27;
	k *= 0x94d049bb133111ebULL;
	k ^= k >> 31;
	return (size_t)k;
}

void hashmap_init(struct hashmap *m)
{
	m->slots = NULL;
	m->cap = 0;
	m->nr = 0;
}

void hashmap_free(struct hashmap *m)
{
	free(m->slots);
	hashmap_init(m);
}

static int grow(struct hashmap *m)
{
	size_t ncap = m->cap ? m->cap * 2 : 16;
	struct hashmap_slot *ns = calloc(ncap, sizeof(*ns));

	if (!ns)
		return -1;
	for (size_t i = 0; i < m->cap; i++) {
		size_t j;
		if (!m->slots[i].val)
			continue;
		j = hash_u64(m->slots[i].key) & (ncap - 1);
		while (ns[j].val)
			j = (j + 1) & (ncap - 1);
		ns[j] = m->slots[i];
	}
	free(m->slots);
	m->slots = ns;
	m->cap = ncap;
	return 0;
}

int hashmap_put(struct hashmap *m, u64 key, void *val)
{
	size_t i;

	if ((m->nr + 1) * 4 > m->cap * 3 && grow(m))
		return -1;
	i = hash_u64(key) & (m->cap - 1);
	while (m->slots[i].val) {
		if (m->slots[i].key == key) {
			m->slots[i].val = val;
			return 0;
		}
		i = (i + 1) & (m->cap - 1);
	}
	m->slots[i].key = key;
	m->slots[i].val = val;
	m->nr++;
	return 0;
}

void *hashmap_get(const struct hashmap *m, u64 key)
{
	size_t i;

	if (!m->cap)
		return NULL;
	i = hash_u64(key) & (m->cap - 1);
	while (m->slots[i].val) {
		if (m->slots[i].key == key)
			return m->slots[i].val;
		i = (i + 1) & (m->cap - 1);
	}
	return NULL;
}

void *hashmap_del(struct hashmap *m, u64 key)
{
	size_t i, j, mask = m->cap - 1;
	void *val;

	if (!m->cap)
		return NULL;
	i = hash_u64(key) & mask;
	while (m->slots[i].val && m->slots[i].key != key)
		i = (i + 1) & mask;
	if (!m->slots[i].val)
		return NULL;
	val = m->slots[i].val;
	m->slots[i].val = NULL;
	m->nr--;
	/* Backward-shift the rest of the cluster so lookups never stop early. */
	j = i;
	for (;;) {
		size_t home;
		j = (j + 1) & mask;
		if (!m->slots[j].val)
			break;
		home = hash_u64(m->slots[j].key) & mask;
		/* Move j into the hole at i unless its home lies cyclically in (i, j]. */
		if ((j > i && (home <= i || home > j)) || (j < i && (home <= i && home > j))) {
			m->slots[i] = m->slots[j];
			m->slots[j].val = NULL;
			i = j;
		}
	}
	return val;
}

bool hashmap_next(const struct hashmap *m, size_t *iter, u64 *key, void **val)
{
	while (*iter < m->cap) {
		size_t i = (*iter)++;
		if (m->slots[i].val) {
			if (key)
				*key = m->slots[i].key;
			if (val)
				*val = m->slots[i].val;
			return true;
		}
	}
	return false;
}
