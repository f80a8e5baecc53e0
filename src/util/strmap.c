/*
 * util/strmap.c - open addressing with linear probing; keys are stored in
 * their own allocation beside the hash so lookups compare hashes first.
 */
#include "util/strmap.h"

#include <stdlib.h>
#include <string.h>

#include "netra/common.h"

struct strmap_slot {
	uint64_t hash;
	char *key; /* NULL: empty */
	size_t klen;
	int64_t value;
};

uint64_t strmap_hash(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ULL;
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ULL;
	}
	return h;
}

static struct strmap_slot *find(const struct strmap *m, const char *key,
				size_t klen, uint64_t h)
{
	size_t mask = m->cap - 1, i = h & mask;

	for (;;) {
		struct strmap_slot *s = &m->slots[i];
		if (!s->key || (s->hash == h && s->klen == klen &&
				memcmp(s->key, key, klen) == 0))
			return s;
		i = (i + 1) & mask;
	}
}

static int rehash(struct strmap *m, size_t cap)
{
	struct strmap_slot *old = m->slots, *s;
	size_t oldcap = m->cap, i;

	m->slots = calloc(cap, sizeof(*m->slots));
	if (!m->slots) {
		m->slots = old;
		return NETRA_ENOMEM;
	}
	m->cap = cap;
	for (i = 0; i < oldcap; i++) {
		if (!old[i].key)
			continue;
		s = find(m, old[i].key, old[i].klen, old[i].hash);
		*s = old[i];
	}
	free(old);
	return 0;
}

int strmap_put(struct strmap *m, const char *key, size_t klen, int64_t value)
{
	uint64_t h = strmap_hash(key, klen);
	struct strmap_slot *s;

	if ((m->count + 1) * 4 >= m->cap * 3 &&
	    rehash(m, m->cap ? m->cap * 2 : 16))
		return NETRA_ENOMEM;
	s = find(m, key, klen, h);
	if (!s->key) {
		s->key = malloc(klen + 1);
		if (!s->key)
			return NETRA_ENOMEM;
		memcpy(s->key, key, klen);
		s->key[klen] = '\0';
		s->klen = klen;
		s->hash = h;
		m->count++;
	}
	s->value = value;
	return 0;
}

int strmap_get(const struct strmap *m, const char *key, size_t klen,
	       int64_t *value)
{
	struct strmap_slot *s;

	if (!m->cap)
		return 0;
	s = find(m, key, klen, strmap_hash(key, klen));
	if (!s->key)
		return 0;
	if (value)
		*value = s->value;
	return 1;
}

int strmap_next(const struct strmap *m, size_t *iter, const char **key,
		size_t *klen, int64_t *value)
{
	while (*iter < m->cap) {
		struct strmap_slot *s = &m->slots[(*iter)++];
		if (s->key) {
			*key = s->key;
			*klen = s->klen;
			*value = s->value;
			return 1;
		}
	}
	return 0;
}

void strmap_free(struct strmap *m)
{
	size_t i;

	if (!m)
		return;
	for (i = 0; i < m->cap; i++)
		free(m->slots[i].key);
	free(m->slots);
	m->slots = NULL;
	m->cap = m->count = 0;
}
