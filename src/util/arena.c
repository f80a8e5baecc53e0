/*
 * util/arena.c - bump allocator with block reuse across resets; see
 * arena.h for the contract.
 */
#include "util/arena.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct arena_block {
	struct arena_block *next;
	size_t size; /* usable bytes in data[] */
	size_t used;
	_Alignas(16) unsigned char data[];
};

static struct arena_block *block_new(size_t size)
{
	struct arena_block *b = malloc(sizeof(*b) + size);

	if (!b)
		return NULL;
	b->next = NULL;
	b->size = size;
	b->used = 0;
	return b;
}

void *arena_alloc(struct arena *a, size_t n)
{
	size_t dflt = a->block_size ? a->block_size : 65536;
	struct arena_block *b = a->head, **pp;
	void *p;

	n = (n + 15) & ~(size_t)15;
	if (n == 0)
		n = 16;
	if (b && b->size - b->used >= n)
		goto take;
	/* Reuse a spare block large enough, else make a new one. */
	for (pp = &a->spare; *pp; pp = &(*pp)->next) {
		if ((*pp)->size >= n) {
			b = *pp;
			*pp = b->next;
			b->used = 0;
			goto link;
		}
	}
	if (n > SIZE_MAX - sizeof(*b))
		return NULL;
	b = block_new(n > dflt ? n : dflt);
	if (!b)
		return NULL;
link:
	b->next = a->head;
	a->head = b;
take:
	p = b->data + b->used;
	b->used += n;
	return p;
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p = arena_alloc(a, n + 1);

	if (!p)
		return NULL;
	if (n)
		memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

void arena_reset(struct arena *a)
{
	struct arena_block *b = a->head, *next;

	while (b) {
		next = b->next;
		b->next = a->spare;
		a->spare = b;
		b = next;
	}
	a->head = NULL;
}

static void free_list(struct arena_block *b)
{
	struct arena_block *next;

	for (; b; b = next) {
		next = b->next;
		free(b);
	}
}

void arena_free(struct arena *a)
{
	if (!a)
		return;
	free_list(a->head);
	free_list(a->spare);
	a->head = a->spare = NULL;
}
