/*
 * util/vec.h - a typed growable array as a macro (like Redis's adlist, but
 * contiguous). Declare `VEC(int) v = VEC_INIT;`, push with VEC_PUSH (which
 * evaluates to 0 or NETRA_ENOMEM), free with VEC_FREE. Clearing keeps the
 * memory, so a vector reused per event stops allocating once warm.
 */
#ifndef NETRA_UTIL_VEC_H
#define NETRA_UTIL_VEC_H

#include <stddef.h>
#include <stdlib.h>

#define VEC(T) struct { T *items; size_t len, cap; }
#define VEC_INIT {NULL, 0, 0}

/* Ensures room for n more items; 0 or NETRA_ENOMEM (-5). */
#define VEC_RESERVE(v, n) \
	vec_reserve_((void **)&(v)->items, &(v)->cap, (v)->len, (n), sizeof(*(v)->items))
#define VEC_PUSH(v, x) \
	(VEC_RESERVE((v), 1) ? -5 : ((v)->items[(v)->len++] = (x), 0))
#define VEC_CLEAR(v) ((v)->len = 0)
#define VEC_FREE(v) (free((v)->items), (v)->items = NULL, (v)->len = (v)->cap = 0)

static inline int vec_reserve_(void **items, size_t *cap, size_t len,
			       size_t n, size_t size)
{
	size_t want = len + n, c = *cap ? *cap : 8;
	void *p;

	if (want <= *cap)
		return 0;
	while (c < want)
		c *= 2;
	p = realloc(*items, c * size);
	if (!p)
		return -5;
	*items = p;
	*cap = c;
	return 0;
}

#endif
