/*
 * text/lexicon_int.h - the lexicon's private layout, shared by lexicon.c,
 * normalize.c and stem.c only. One string map holds every known word and
 * slang key (value packs flags and the expansion's place in the pool); a
 * second holds stemmer exceptions; a small table maps emoji codepoints to
 * tokens.
 */
#ifndef NETRA_TEXT_LEXICON_INT_H
#define NETRA_TEXT_LEXICON_INT_H

#include <stdint.h>
#include <string.h>

#include "text/normalize.h"
#include "util/sbuf.h"
#include "util/strmap.h"

/* Flags in the low byte of a word-map value. */
enum {
	LEX_KNOWN = 1, /* a known word (words.txt, expansions, added) */
	LEX_SLANG = 2, /* a slang key: bits 8..31 length, 32..63 offset of
	                  the expansion in pool (words separated by ' ') */
	LEX_NUMW = 4   /* takes a number: "pilih2" is "pilih 2", not a
	                  reduplication like "hati2" (number_words.txt) */
};

#define LEX_VAL(flags, off, len)                                               \
	((int64_t)(((uint64_t)(off) << 32) | ((uint64_t)(len) << 8) |          \
	           (uint64_t)(flags)))
#define LEX_FLAGS(v) ((unsigned)((uint64_t)(v)&0xff))
#define LEX_LEN(v)   ((size_t)(((uint64_t)(v) >> 8) & 0xffffff))
#define LEX_OFF(v)   ((size_t)((uint64_t)(v) >> 32))

struct lex_emoji {
	uint32_t cp;       /* 0: empty slot */
	uint32_t off, len; /* token in pool */
	uint32_t number;   /* token is all digits */
};

/* A slot of the frozen word index: the read-only table the pipeline
 * queries per token (rebuilt from `words` after every change). */
struct lex_slot {
	int64_t v;        /* LEX_VAL */
	uint32_t hash;    /* 0: empty */
	uint32_t key_off; /* key bytes in keys */
	uint32_t klen;
};

/* A letter of another script that looks like 1-3 Latin letters (UTS #39
 * skeleton, confusable.c): cp as the pipeline sees it (after NFKC and
 * case folding); cap_only: only its capital looks Latin ("в": "В"). */
struct lex_fold {
	uint32_t cp;
	char to[3];
	uint8_t len, cap_only;
};

struct text_lexicon {
	struct strmap words;     /* word -> LEX_VAL (the master copy) */
	struct strmap stemex;    /* word -> (offset << 32 | length) of stem */
	struct lex_emoji *emoji; /* open addressing, emoji_mask + 1 slots */
	size_t emoji_mask, emoji_count;
	/* emoji written by name, as exports and datasets do
	 * ("<FACE WITH TEARS OF JOY>", ":victory_hand:"): lex_emoji_key()
	 * of a name -> LEX_VAL(number, token offset in pool, length) */
	struct strmap emoji_names;
	struct sbuf pool;     /* expansions, emoji tokens, stems */
	size_t max_key;       /* longest slang key or known word, bytes */
	struct lex_slot *idx; /* frozen index of words, idx_mask + 1 slots */
	size_t idx_mask, idx_count;
	uint64_t slang_bits[1024]; /* bit (hash >> 16) set for slang keys */
	struct sbuf keys; /* key bytes of idx, then 8 bytes of padding */
	struct lex_fold *fold; /* sorted by cp */
	size_t nfold;
};

/* The longest emoji name, bytes (a longer one is no name). */
#define LEX_EMOJI_NAME_MAX 64

/* The key of an emoji name as written in s[0, n): lower case, each run of
 * spaces, '_' and '-' one space, '&' the word "and", apostrophes dropped.
 * Writes it to out (LEX_EMOJI_NAME_MAX bytes) and returns its length; 0
 * when s holds anything else, no letter, or is too long. */
size_t lex_emoji_key(const char *s, size_t n, char *out);

/* Fills lex->fold from ICU's confusables data. 0, NETRA_ENOMEM or
 * NETRA_ERROR (ICU failed). */
int lex_fold_build(struct text_lexicon *lex);

/* The fold of codepoint cp, or NULL (binary search). */
const struct lex_fold *lex_fold_get(const struct text_lexicon *lex,
                                    uint32_t cp);

/* Rebuilds the frozen index from lex->words. 0 or NETRA_ENOMEM. */
int lex_index_build(struct text_lexicon *lex);

/* The index's hash of a word, over 8-byte little-endian chunks (the last
 * one zero-padded); never 0. lex_hash_padded() gives the same value for a
 * word with 8 readable bytes past its end, without a byte loop. */
static inline uint32_t lex_hash_mix(uint64_t h)
{
	h *= 0x9e3779b97f4a7c15ULL;
	h ^= h >> 32;
	return (uint32_t)h | 1u;
}

static inline uint32_t lex_hash(const char *w, size_t len)
{
	uint64_t h = len, x;
	size_t i = 0, k;

	for (; i + 8 <= len; i += 8) {
		memcpy(&x, w + i, 8);
		h = ((h ^ x) * 0xff51afd7ed558ccdULL);
		h ^= h >> 29;
	}
	if (i < len) {
		x = 0;
		for (k = 0; i + k < len; k++)
			x |= (uint64_t)(unsigned char)w[i + k] << (8 * k);
		h = ((h ^ x) * 0xff51afd7ed558ccdULL);
		h ^= h >> 29;
	}
	return lex_hash_mix(h);
}

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
static inline uint32_t lex_hash_padded(const char *w, size_t len)
{
	uint64_t h = len, x;
	size_t i = 0;

	for (; i + 8 <= len; i += 8) {
		memcpy(&x, w + i, 8);
		h = ((h ^ x) * 0xff51afd7ed558ccdULL);
		h ^= h >> 29;
	}
	if (i < len) {
		memcpy(&x, w + i, 8);
		x &= ~0ULL >> (8 * (8 - (len - i)));
		h = ((h ^ x) * 0xff51afd7ed558ccdULL);
		h ^= h >> 29;
	}
	return lex_hash_mix(h);
}
#else
#define lex_hash_padded lex_hash
#endif

/* Looks up a word whose lex_hash() is h: 1 and *v if present. */
static inline int lex_get_h(const struct text_lexicon *lex, const char *w,
                            size_t len, uint32_t h, int64_t *v)
{
	size_t i, k;

	if (!lex || !lex->idx || len > lex->max_key || !len)
		return 0;
	for (i = h & lex->idx_mask;; i = (i + 1) & lex->idx_mask) {
		const struct lex_slot *s = &lex->idx[i];
		const char *key;
		if (!s->hash)
			return 0;
		if (s->hash != h || s->klen != len)
			continue;
		key = lex->keys.data + s->key_off;
		for (k = 0; k < len && key[k] == w[k]; k++)
			;
		if (k == len) {
			*v = s->v;
			return 1;
		}
	}
}

/* Equal n bytes, reading 8 at a time: both a and b must have 8 readable
 * bytes past n (lex_index_build pads the keys; fast_words its output). */
static inline int lex_eq_padded(const char *a, const char *b, size_t n)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	uint64_t x, y;
	size_t k = 0;

	for (; k + 8 <= n; k += 8) {
		memcpy(&x, a + k, 8);
		memcpy(&y, b + k, 8);
		if (x != y)
			return 0;
	}
	if (k == n)
		return 1;
	memcpy(&x, a + k, 8);
	memcpy(&y, b + k, 8);
	return ((x ^ y) & (~0ULL >> (8 * (8 - (n - k))))) == 0;
#else
	return memcmp(a, b, n) == 0;
#endif
}

/* lex_get_h() for a word with 8 readable bytes past its end. */
static inline int lex_get_padded(const struct text_lexicon *lex, const char *w,
                                 size_t len, uint32_t h, int64_t *v)
{
	size_t i;

	if (!lex || !lex->idx || len > lex->max_key)
		return 0;
	for (i = h & lex->idx_mask;; i = (i + 1) & lex->idx_mask) {
		const struct lex_slot *s = &lex->idx[i];
		if (!s->hash)
			return 0;
		if (s->hash == h && s->klen == len &&
		    lex_eq_padded(lex->keys.data + s->key_off, w, len)) {
			*v = s->v;
			return 1;
		}
	}
}

/* False if no slang key has hash h (a filter that stays in L1 cache). */
static inline int lex_maybe_slang(const struct text_lexicon *lex, uint32_t h)
{
	return (lex->slang_bits[h >> 22] >> (h >> 16 & 63)) & 1;
}

/* Looks up a word: 1 and *v if present. */
static inline int lex_get(const struct text_lexicon *lex, const char *w,
                          size_t len, int64_t *v)
{
	if (!lex || !lex->idx || len > lex->max_key || !len)
		return 0;
	return lex_get_h(lex, w, len, lex_hash(w, len), v);
}

/* The emoji slot for cp, or NULL. */
const struct lex_emoji *lex_emoji_get(const struct text_lexicon *lex,
                                      uint32_t cp);

/* True for codepoints that are dropped without splitting a word: variation
 * selectors, zero-width joiners/spaces, soft hyphen, skin-tone modifiers,
 * tags, the keycap combiner. */
int text_ignorable_cp(uint32_t cp);

#endif
