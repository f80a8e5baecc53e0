/*
 * util/strmap.h - an open-addressing hash map from byte strings to int64
 * values (Redis's dict, cut down to what netra needs: account handle to
 * id, term to index, shingle to count). Keys are copied into the map.
 */
#ifndef NETRA_UTIL_STRMAP_H
#define NETRA_UTIL_STRMAP_H

#include <stddef.h>
#include <stdint.h>

struct strmap_slot;

struct strmap {
	struct strmap_slot *slots;
	size_t cap;   /* power of two, or 0 */
	size_t count;
};

#define STRMAP_INIT {NULL, 0, 0}

/* Sets key -> value (replacing). 0 or NETRA_ENOMEM. */
int strmap_put(struct strmap *m, const char *key, size_t klen, int64_t value);

/* 1 and *value if found, else 0. value may be NULL. */
int strmap_get(const struct strmap *m, const char *key, size_t klen,
	       int64_t *value);

/* Iteration: for (i = 0; strmap_next(m, &i, &k, &kl, &v);) ... */
int strmap_next(const struct strmap *m, size_t *iter, const char **key,
		size_t *klen, int64_t *value);

void strmap_free(struct strmap *m);

/* 64-bit FNV-1a, also used where a stable string hash is needed. */
uint64_t strmap_hash(const char *s, size_t n);

#endif
