/*
 * util/arena.h - a bump allocator for per-record scratch memory.
 *
 * Parsing one event, judging one text, importing one CSV row: allocate
 * from an arena, then arena_reset() when the record is done. Blocks are
 * kept across resets, so steady-state work allocates nothing. Memory from
 * arena_alloc() is 16-byte aligned and owned by the arena; arena_free()
 * releases everything.
 */
#ifndef NETRA_UTIL_ARENA_H
#define NETRA_UTIL_ARENA_H

#include <stddef.h>

struct arena_block;

struct arena {
	struct arena_block *head;  /* block being filled */
	struct arena_block *spare; /* blocks kept from before the last reset */
	size_t block_size;         /* default block size; 0 means 64 KiB */
};

#define ARENA_INIT {NULL, NULL, 0}

/* Returns n bytes (uninitialised), or NULL when out of memory. */
void *arena_alloc(struct arena *a, size_t n);

/* Returns a NUL-terminated copy of s[0..n), or NULL. */
char *arena_strndup(struct arena *a, const char *s, size_t n);

/* Forgets every allocation but keeps the blocks for reuse. */
void arena_reset(struct arena *a);

/* Releases all memory. Accepts NULL. */
void arena_free(struct arena *a);

#endif
