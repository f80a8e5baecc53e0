/*
 * rules/tokmatch.c - a fast path for the matcher's scan (matcher.c). The
 * terms are whole-word phrases " a b " over the space-padded normalised
 * text, so instead of running the Hyperscan database over every byte, the
 * scan walks the words: at each word it hashes the words from there one at
 * a time while a bit filter says some phrase begins with them (most words
 * of a post begin none: one hash and one bit), looks each hash up among
 * the whole phrases and compares the bytes; the 14-odd "word*" prefixes
 * are found by the first two bytes of the word.
 *
 * It must give exactly what Hyperscan gives, in the same order, since the
 * judge's passes see the signals in that order. Hyperscan reports matches
 * in increasing order of end offset; matches that end at the same offset
 * come in an order internal to Hyperscan. So the fast path answers only
 * when every match it found ends at a different offset (then the order is
 * the same); otherwise, and for anything unusual (a text or a phrase not
 * in the padded single-space form, more than JUDGE_MAX_MATCHES matches),
 * it declines and matcher.c runs Hyperscan as before.
 */
#include <stdlib.h>
#include <string.h>

#include "rules/engine_int.h"
#include "util/error.h"

#define BLOOM_BITS (1u << 18)

struct tm_ent {
	uint32_t pat;  /* pattern index (Hyperscan id) */
	uint32_t koff; /* phrase bytes in blob */
	uint32_t klen; /* " a b " (whole), or " a wo" (prefix of a wild) */
	uint32_t hash; /* of the phrase's words (whole phrases only) */
};

struct tokmatch {
	uint64_t bloom[BLOOM_BITS / 64]; /* every phrase's first 1, 2, ...
	                                    words (hashed) */
	uint16_t wild_at[257]; /* wild[wild_at[c] .. wild_at[c + 1]): the
	                          prefixes whose word starts with byte c */
	uint32_t *slot;        /* hash table: 1 + first index */
	size_t mask;
	struct tm_ent *ent; /* whole phrases, sorted by hash */
	size_t nent;
	struct tm_ent *wild;
	size_t nwild;
	char *blob;
	size_t mem;
};

/* FNV-1a over s[0..n), continuing from h: a phrase's hash is built word
 * by word as the scan walks the text. */
static uint32_t hash_more(uint32_t h, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		h = (h ^ (uint8_t)s[i]) * 16777619u;
	return h;
}

#define HASH0 2166136261u

static void bloom_set(struct tokmatch *t, uint32_t h)
{
	t->bloom[(h % BLOOM_BITS) / 64] |= 1ull << (h % 64);
}

static int bloom_has(const struct tokmatch *t, uint32_t h)
{
	return (t->bloom[(h % BLOOM_BITS) / 64] >> (h % 64)) & 1;
}

static uint32_t slot_of(uint32_t h)
{
	return (h ^ (h >> 15)) * 0x2c1b3c6dU;
}

/* A phrase the fast path understands: " w1 w2 ... " with single spaces. */
static int padded_form(const char *k, size_t kl)
{
	size_t i;

	if (kl < 3 || k[0] != ' ' || k[1] == ' ' || k[kl - 1] != ' ')
		return 0;
	for (i = 1; i < kl; i++)
		if (k[i] == ' ' && k[i - 1] == ' ')
			return 0;
	return 1;
}

static int cmp_ent(const void *a, const void *b)
{
	const struct tm_ent *x = a, *y = b;

	if (x->hash != y->hash)
		return x->hash < y->hash ? -1 : 1;
	return x->pat < y->pat ? -1 : x->pat > y->pat;
}

static int fill(struct tokmatch *t, const struct strmap *keys)
{
	size_t it = 0, kl, boff = 0, nw = 0, ne = 0, i;
	const char *key;
	int64_t pi;

	while (strmap_next(keys, &it, &key, &kl, &pi)) {
		const char *k = key + 1;
		struct tm_ent x;

		kl--;
		if (!padded_form(k, kl))
			return 1; /* not for the fast path */
		memcpy(t->blob + boff, k, kl);
		x.pat = (uint32_t)pi;
		x.koff = (uint32_t)boff;
		boff += kl;
		if (key[0] == '~') { /* "word*": the phrase less its end */
			x.klen = (uint32_t)(kl - 1);
			x.hash = 0;
			t->wild[nw++] = x;
			continue;
		}
		x.klen = (uint32_t)kl;
		/* the words "a b" of " a b ", and each word-prefix "a" */
		for (i = 2; i < kl; i++)
			if (k[i] == ' ')
				bloom_set(t, hash_more(HASH0, k + 1, i - 1));
		x.hash = hash_more(HASH0, k + 1, kl - 2);
		t->ent[ne++] = x;
	}
	t->nwild = nw;
	t->nent = ne;
	return 0;
}

static int cmp_wild(const void *a, const void *b)
{
	const struct tm_ent *x = a, *y = b;

	return x->hash != y->hash ? (x->hash < y->hash ? -1 : 1)
	                          : (x->pat < y->pat ? -1 : x->pat > y->pat);
}

/* Groups the wild prefixes by the first byte of their word. */
static void index_wild(struct tokmatch *t)
{
	size_t i, c;

	for (i = 0; i < t->nwild; i++)
		t->wild[i].hash = (uint8_t)t->blob[t->wild[i].koff + 1];
	qsort(t->wild, t->nwild, sizeof(*t->wild), cmp_wild);
	for (c = 0, i = 0; c < 256; c++) {
		t->wild_at[c] = (uint16_t)i;
		while (i < t->nwild && t->wild[i].hash == c)
			i++;
	}
	t->wild_at[256] = (uint16_t)i;
}

static int make_slots(struct tokmatch *t)
{
	size_t i, ns = 16;

	qsort(t->ent, t->nent, sizeof(*t->ent), cmp_ent);
	while (ns < 2 * t->nent)
		ns *= 2;
	t->slot = calloc(ns, sizeof(*t->slot));
	if (!t->slot)
		return err_oom();
	t->mask = ns - 1;
	for (i = 0; i < t->nent; i++) {
		size_t h;

		if (i > 0 && t->ent[i - 1].hash == t->ent[i].hash)
			continue;
		h = slot_of(t->ent[i].hash) & t->mask;
		while (t->slot[h])
			h = (h + 1) & t->mask;
		t->slot[h] = (uint32_t)i + 1;
	}
	t->mem += ns * sizeof(*t->slot);
	return 0;
}

/* Gives back the room of the arrays sized for every pattern. */
static void shrink(struct tokmatch *t)
{
	struct tm_ent *x;

	if (t->nent && (x = realloc(t->ent, t->nent * sizeof(*x))))
		t->ent = x;
	if (t->nwild && (x = realloc(t->wild, t->nwild * sizeof(*x))))
		t->wild = x;
}

int rules_tokmatch_build(struct tokmatch **out, const struct strmap *keys)
{
	struct tokmatch *t;
	size_t it = 0, kl, n = 0, bytes = 0;
	const char *key;
	int64_t pi;
	int rc;

	*out = NULL;
	while (strmap_next(keys, &it, &key, &kl, &pi)) {
		n++;
		bytes += kl;
	}
	if (n == 0 || bytes >= UINT32_MAX)
		return 0;
	t = calloc(1, sizeof(*t));
	if (!t)
		return err_oom();
	t->ent = malloc(n * sizeof(*t->ent));
	t->wild = malloc(n * sizeof(*t->wild));
	t->blob = malloc(bytes);
	if (!t->ent || !t->wild || !t->blob) {
		rc = err_oom();
		goto fail;
	}
	if (fill(t, keys) || t->nwild > UINT16_MAX) {
		rc = 0; /* a phrase of another form: Hyperscan only */
		goto fail;
	}
	if ((rc = make_slots(t)))
		goto fail;
	index_wild(t);
	shrink(t);
	t->mem += sizeof(*t) + (t->nent + t->nwild) * sizeof(*t->ent) + bytes;
	*out = t;
	return 0;
fail:
	rules_tokmatch_free(t);
	return rc;
}

void rules_tokmatch_free(struct tokmatch *t)
{
	if (!t)
		return;
	free(t->slot);
	free(t->ent);
	free(t->wild);
	free(t->blob);
	free(t);
}

size_t rules_tokmatch_memory(const struct tokmatch *t)
{
	return t ? t->mem : 0;
}

/* Appends a match; 1 when there are too many (the caller declines). */
static int add(netra_judge *j, uint32_t pat, size_t from, size_t to)
{
	struct raw_match *m;

	if (j->nraw >= JUDGE_MAX_MATCHES)
		return 1;
	if (j->nraw == j->raw_cap) {
		size_t nc = j->raw_cap ? j->raw_cap * 2 : 256;
		struct raw_match *nr = realloc(j->raw, nc * sizeof(*nr));

		if (!nr)
			return err_oom();
		j->raw = nr;
		j->raw_cap = nc;
	}
	m = &j->raw[j->nraw++];
	m->pat = pat;
	m->from = (uint32_t)from;
	m->to = (uint32_t)to;
	return 0;
}

/* The whole phrases of hash h that start at the word at p. */
static int phrases(const struct tokmatch *t, netra_judge *j, const char *buf,
                   size_t len, size_t p, uint32_t h)
{
	size_t i, s;
	int rc;

	for (s = slot_of(h) & t->mask; t->slot[s]; s = (s + 1) & t->mask)
		if (t->ent[t->slot[s] - 1].hash == h)
			break;
	for (i = t->slot[s] ? t->slot[s] - 1 : t->nent;
	     i < t->nent && t->ent[i].hash == h; i++) {
		const struct tm_ent *x = &t->ent[i];

		if (p - 1 + x->klen <= len &&
		    memcmp(buf + p - 1, t->blob + x->koff, x->klen) == 0 &&
		    (rc = add(j, x->pat, p - 1, p - 1 + x->klen)))
			return rc;
	}
	return 0;
}

/* The whole phrases and prefixes that start at the word at p (which ends
 * at q): the phrase grows a word at a time while its words so far begin
 * some phrase. */
static int at_word(const struct tokmatch *t, netra_judge *j, const char *buf,
                   size_t len, size_t p, size_t q)
{
	uint32_t h = hash_more(HASH0, buf + p, q - p);
	size_t i;
	int rc;

	while (bloom_has(t, h)) {
		if ((rc = phrases(t, j, buf, len, p, h)))
			return rc;
		if (q + 1 >= len || buf[q + 1] == ' ')
			break;
		h = hash_more(h, buf + q, 1); /* the space */
		for (i = q + 1; buf[i] != ' '; i++)
			;
		h = hash_more(h, buf + q + 1, i - q - 1);
		q = i;
	}
	for (i = t->wild_at[(uint8_t)buf[p]];
	     i < t->wild_at[(uint8_t)buf[p] + 1]; i++) {
		const struct tm_ent *x = &t->wild[i];
		size_t e = p - 1 + x->klen;

		if (e > len ||
		    (x->klen > 2 && buf[p + 1] != t->blob[x->koff + 2]) ||
		    memcmp(buf + p - 1, t->blob + x->koff, x->klen))
			continue;
		while (e < len && buf[e] != ' ')
			e++;
		if (e < len && (rc = add(j, x->pat, p - 1, e + 1)))
			return rc;
	}
	return 0;
}

/* Sorts j->raw by end offset; 0 if two matches end at the same offset. */
static int sort_unique_ends(netra_judge *j)
{
	size_t i, k;

	for (i = 1; i < j->nraw; i++) {
		struct raw_match m = j->raw[i];

		for (k = i; k > 0 && j->raw[k - 1].to > m.to; k--)
			j->raw[k] = j->raw[k - 1];
		j->raw[k] = m;
	}
	for (i = 1; i < j->nraw; i++)
		if (j->raw[i].to == j->raw[i - 1].to)
			return 0;
	return 1;
}

int rules_tokmatch_scan(const struct tokmatch *t, netra_judge *j,
                        const char *buf, size_t len)
{
	size_t p = 1;
	int rc;

	j->nraw = 0;
	if (!t || len < 3 || buf[0] != ' ' || buf[len - 1] != ' ')
		return 0;
	while (p < len) {
		size_t q = p;

		if (buf[p] == ' ')
			goto decline; /* two spaces in a row */
		while (buf[q] != ' ') /* buf[len - 1] is a space */
			q++;
		if ((rc = at_word(t, j, buf, len, p, q))) {
			if (rc < 0)
				return rc;
			goto decline;
		}
		p = q + 1;
	}
	if (sort_unique_ends(j))
		return 1;
decline:
	j->nraw = 0;
	return 0;
}
