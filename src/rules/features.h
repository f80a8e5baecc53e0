/*
 * rules/features.h - hashed n-gram features of normalised text, shared by
 * the classifier's scorer and its trainer so both see exactly the same
 * features (private to src/rules and its tests).
 *
 * Text is the " tok tok " buffer of text/normalize.h (any spacing is
 * tolerated: runs of spaces separate tokens). Two blocks of features:
 *   word block: every token ('w') and every pair of adjacent tokens ('b');
 *   char block: every 3-, 4- and 5-byte n-gram of " tok " (the token padded
 *               with one space each side), so n-grams never cross words.
 * Each feature is FNV-1a 64 of (seed, kind byte, bytes), folded to
 * FEAT_DIM_BITS bits. The value of a feature is its count in its block
 * divided by sqrt(occurrences in the block), times 1/sqrt(2), so each
 * block has about unit L2 norm and the vector about unit norm.
 *
 * feat_walk() calls fn(ctx, index, block) for every occurrence, in text
 * order, with no allocation; it is static inline so a constant fn is
 * inlined into the scorer.
 */
#ifndef NETRA_RULES_FEATURES_H
#define NETRA_RULES_FEATURES_H

#include <stddef.h>
#include <stdint.h>

#define FEAT_DIM_BITS 18
#define FEAT_DIM (1u << FEAT_DIM_BITS)
#define FEAT_SEED 0x6e65747261ULL /* "netra"; part of the model format */
#define FEAT_CHAR_MIN 3
#define FEAT_CHAR_MAX 5

enum { FEAT_BLOCK_WORD = 0, FEAT_BLOCK_CHAR = 1 };

#define FEAT_FNV_OFFSET 0xcbf29ce484222325ULL
#define FEAT_FNV_PRIME 0x100000001b3ULL

static inline uint64_t feat_fnv_init(uint64_t seed, unsigned char kind)
{
	uint64_t h = FEAT_FNV_OFFSET;
	int i;

	for (i = 0; i < 8; i++) {
		h ^= (seed >> (8 * i)) & 0xff;
		h *= FEAT_FNV_PRIME;
	}
	h ^= kind;
	h *= FEAT_FNV_PRIME;
	return h;
}

static inline uint64_t feat_fnv_add(uint64_t h, const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= (unsigned char)p[i];
		h *= FEAT_FNV_PRIME;
	}
	return h;
}

static inline uint32_t feat_fold(uint64_t h, unsigned bits)
{
	h ^= h >> 29;
	h ^= h >> 32;
	return (uint32_t)(h & ((1u << bits) - 1));
}

typedef void (*feat_fn)(void *ctx, uint32_t index, int block);

/* Character n-grams of " tok " for one token w[0..n). */
static inline void feat_chars(uint64_t seed, unsigned bits, const char *w,
			      size_t n, feat_fn fn, void *ctx)
{
	size_t plen = n + 2, i, k;
	uint64_t h0 = feat_fnv_init(seed, 'c');

	for (i = 0; i + FEAT_CHAR_MIN <= plen; i++) {
		uint64_t h = h0;

		for (k = 0; k < FEAT_CHAR_MAX && i + k < plen; k++) {
			size_t j = i + k;
			unsigned char b = (j == 0 || j == plen - 1) ?
				' ' : (unsigned char)w[j - 1];

			h ^= b;
			h *= FEAT_FNV_PRIME;
			if (k + 1 >= FEAT_CHAR_MIN)
				fn(ctx, feat_fold(h, bits), FEAT_BLOCK_CHAR);
		}
	}
}

/* Calls fn for every feature occurrence of text[0..len). */
static inline void feat_walk(uint64_t seed, unsigned bits, const char *text,
			     size_t len, feat_fn fn, void *ctx)
{
	const uint64_t hw = feat_fnv_init(seed, 'w');
	const uint64_t hb = feat_fnv_init(seed, 'b');
	const char *prev = NULL;
	size_t prevn = 0, i = 0;

	while (i < len) {
		size_t a, n;

		while (i < len && text[i] == ' ')
			i++;
		if (i >= len)
			break;
		a = i;
		while (i < len && text[i] != ' ')
			i++;
		n = i - a;
		fn(ctx, feat_fold(feat_fnv_add(hw, text + a, n), bits),
		   FEAT_BLOCK_WORD);
		if (prev) {
			uint64_t h = feat_fnv_add(hb, prev, prevn);

			h = feat_fnv_add(h, " ", 1);
			fn(ctx, feat_fold(feat_fnv_add(h, text + a, n), bits),
			   FEAT_BLOCK_WORD);
		}
		feat_chars(seed, bits, text + a, n, fn, ctx);
		prev = text + a;
		prevn = n;
	}
}

#endif
