/*
 * rules/hoax.c - the debunked-hoax index (hoax.h): content tokens, an
 * inverted index of the claims' distinctive tokens, and IDF-weighted
 * containment.
 *
 * A claim and a post are each reduced to a set of content tokens: the
 * words of the normalised text minus stopwords (data/stopwords.txt, which
 * keeps negators and number words), lightly stripped of Indonesian affixes
 * (di-/ter-/me(N)-/ber-/..., -kan/-an/-i, -nya/-lah/-kah/-pun) so
 * "dicoblos", "tercoblos" and "mencoblos" meet, and hashed (FNV-1a 64).
 *
 * Weights: each claim token weighs idf = ln((N+1)/df) + 0.1 over the N
 * indexed claims (a token in every claim weighs little, one in a single
 * claim a lot), halved for numbers and for common election words
 * (data/hoax_common.txt), which every election post uses.
 * similarity = (weight of the claim's tokens found in the post) /
 * (weight of all its tokens): containment, so extra text around a
 * forwarded claim does not dilute it. At least HOAX_MIN_SHARED tokens
 * must be shared, and HOAX_MIN_CORE core tokens (not numbers, common
 * words or the profile's names: what the claim says, not whom it names);
 * a short post that may be a headline is discounted by its own words the
 * claim lacks; a post that uses more of the explanation's own words than
 * of the claim's repeats the correction (claim_score). This is the one
 * matcher of `netra check`, `scan` and `hoax match` (docs/hoax.md).
 *
 * Candidates: the claims' distinctive tokens (not numbers, not common
 * words) are filed in a sorted postings array with a hash table from token
 * to its first posting. A post's tokens walk their postings, adding each
 * token's share of the claim's weight; a claim whose found share plus the
 * share of its non-distinctive tokens cannot reach the threshold is
 * dropped before the exact merge. This replaced MinHash + LSH banding
 * (docs/hoax.md has the measurements): paraphrases share only 10-30% of
 * a claim's tokens, so bands had to be one row wide, which made most
 * unrelated claims candidates and cost 30 times more per post.
 *
 * Prefilter: most words of most posts are in no claim, and such a word
 * changes neither the candidates nor any containment. A Bloom filter of
 * every claim token (built with the postings) drops them, and a per-
 * scratch cache of words known to give no claim token skips their
 * stemming and hashing the next time; the stop list is looked up only for
 * the words left. The tokens kept are the post's tokens that are in some
 * claim, in the same order, so the candidates, bounds and scores are the
 * same as over all of them, bit for bit (debug builds check every call
 * against the unfiltered path: check_match).
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "rules/hoax.h"
#include "rules/profile.h"
#include "text/normalize.h"
#include "util/error.h"
#include "util/lines.h"
#include "util/sbuf.h"
#include "util/strmap.h"
#include "util/vec.h"

#define HOAX_MIN_SHARED 2
#define HOAX_STEM_MIN 4
#define HOAX_NUMBER_WEIGHT 0.5
#define HOAX_COMMON_WEIGHT 0.5
/* A match needs this many of the claim's core tokens (not numbers, not
 * common election words or the profile's names), or all of them when it
 * has fewer: a headline that shares only names and election words with a
 * claim is news, not that claim (docs/hoax.md, "Distinctive content"). */
#define HOAX_MIN_CORE 2
/* A post of at most HOAX_SHORT_POST content tokens that shares fewer
 * than HOAX_SHORT_CORE of the claim's core tokens and is not worded as a
 * forward may be a headline: its own core words that the claim lacks
 * lower its score (a headline "PDIP Laporkan Rocky Gerung" is other news
 * than the claim "Rocky Gerung Gabung ke PDIP"):
 * score *= HOAX_SHORT_BASE + (1 - HOAX_SHORT_BASE) * coverage. */
/* See correction_tokens(). Fictional corrections have at most 46 words;
 * turnbackhoax.id's explanations mostly 60 to 400. */
#define HOAX_CORRECTION_WORDS 60
#define HOAX_SHORT_POST 12
#define HOAX_SHORT_CORE 3
#define HOAX_SHORT_BASE 0.5

struct claim_rec {
	struct hoax_claim c;   /* strings in mem */
	char *mem;
	uint64_t *tok;         /* sorted unique content tokens */
	double *w;             /* weight per token (after build) */
	uint8_t *core;         /* per token: 1 if core (after build) */
	uint8_t *only;         /* per token: 1 if the explanation lacks it */
	uint64_t *fix;         /* sorted tokens only the explanation has */
	size_t nfix;
	size_t ntok;
	size_t ncore;          /* number of core tokens */
	double total;          /* sum of w */
	double rest;           /* share of the tokens without postings */
};

/* One posting: a distinctive token of a claim and its share of the
 * claim's weight. */
struct posting {
	uint64_t tok;
	uint32_t claim;
	float share;
};

struct hoax_index {
	const struct text_lexicon *lex;
	struct strmap stop;       /* stopwords */
	struct strmap common;     /* token hash -> 1: common election words */
	struct strmap ids;        /* id -> claim index */
	VEC(struct claim_rec) claims;
	struct posting *post;     /* sorted by token */
	size_t npost;
	uint32_t *slots;          /* open addressing: token -> first + 1 */
	size_t nslots;            /* power of two, >= 2 * distinct tokens */
	uint64_t *pre;            /* prefilter: Bloom bits of claim tokens */
	size_t pre_mask;          /* bits - 1 (a power of two) */
	uint64_t tok_sig;        /* signature of the claim tokens (and pre) */
	uint64_t stop_sig;        /* signature of the stop list */
	double threshold;
	int built;
	struct text_norm norm;    /* for add */
};

/* --- tokens ---------------------------------------------------------- */

static int is_vowel(char ch)
{
	return ch == 'a' || ch == 'e' || ch == 'i' || ch == 'o' || ch == 'u';
}

/* An affix and its length. */
struct affix {
	const char *s;
	size_t n;
};

#define AFFIX(x) {x, sizeof(x) - 1}

static const struct affix particles[] = {
	AFFIX("nya"), AFFIX("lah"), AFFIX("kah"), AFFIX("pun")};
static const struct affix suffixes[] = {AFFIX("kan"), AFFIX("an"),
					AFFIX("i")};
static const struct affix prefixes[] = {
	AFFIX("meng"), AFFIX("meny"), AFFIX("peng"), AFFIX("peny"),
	AFFIX("mem"), AFFIX("men"), AFFIX("pem"), AFFIX("pen"), AFFIX("ber"),
	AFFIX("ter"), AFFIX("per"), AFFIX("me"), AFFIX("pe"), AFFIX("di"),
	AFFIX("ke"), AFFIX("se"), AFFIX("be")};

#define NAFFIX(a) (sizeof(a) / sizeof((a)[0]))

/* Strips the first matching suffix of set from w[0..*len). */
static void strip_suffix(const char *w, size_t *len,
			 const struct affix *set, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (*len >= set[i].n + HOAX_STEM_MIN &&
		    w[*len - 1] == set[i].s[set[i].n - 1] &&
		    memcmp(w + *len - set[i].n, set[i].s, set[i].n) == 0) {
			*len -= set[i].n;
			return;
		}
}

/* Light affix stripping of a lower-case word: one particle, one suffix,
 * one prefix, each only if HOAX_STEM_MIN bytes remain. The stem is a
 * substring of w: returns its start, length in *n; *sub is 's' when the
 * stem lost its first letter to a meny-/peny- prefix (menyebar = sebar),
 * else 0. */
static const char *light_stem(const char *w, size_t *n, char *sub)
{
	size_t i, len = *n;

	*sub = 0;
	if (len < HOAX_STEM_MIN + 1)
		return w;
	for (i = 0; i < len; i++)
		if (w[i] < 'a' || w[i] > 'z')
			return w;
	strip_suffix(w, &len, particles, NAFFIX(particles));
	strip_suffix(w, &len, suffixes, NAFFIX(suffixes));
	for (i = 0; i < NAFFIX(prefixes); i++) {
		size_t k = prefixes[i].n;

		/* the first byte first: most words have no prefix */
		if (len >= k + HOAX_STEM_MIN && w[0] == prefixes[i].s[0] &&
		    memcmp(w, prefixes[i].s, k) == 0) {
			if (k == 4 && w[2] == 'n' && w[3] == 'y' &&
			    is_vowel(w[4]))
				*sub = 's';
			w += k;
			len -= k;
			break;
		}
	}
	*n = len;
	return w;
}

/* Sorts v[0..n) ascending in place (Shell sort, gaps 1, 4, 13, ...: no
 * allocation, and posts are short). */
static void sort_u64(uint64_t *v, size_t n)
{
	size_t gap = 1, i, j;

	while (gap < n / 3)
		gap = 3 * gap + 1;
	for (; gap > 0; gap /= 3)
		for (i = gap; i < n; i++) {
			uint64_t x = v[i];

			for (j = i; j >= gap && v[j - gap] > x; j -= gap)
				v[j] = v[j - gap];
			v[j] = x;
		}
}

/* Token hashes carry one flag bit: numbers weigh less (candidate numbers,
 * TPS numbers and dates are everywhere in election talk). */
#define TOK_NUMBER 1u

static uint64_t tok_hash(const char *w, size_t n)
{
	int digits = n > 0;
	size_t i;

	for (i = 0; i < n && digits; i++)
		digits = w[i] >= '0' && w[i] <= '9';
	return (strmap_hash(w, n) & ~(uint64_t)TOK_NUMBER) |
	       (digits ? TOK_NUMBER : 0);
}

/* Hash of c + w[skip..n) (a nasal prefix put back to its consonant). */
static uint64_t tok_hash_sub(char c, const char *w, size_t skip, size_t n)
{
	char buf[64];

	if (n - skip + 1 > sizeof(buf))
		return tok_hash(w, n);
	buf[0] = c;
	memcpy(buf + 1, w + skip, n - skip);
	return tok_hash(buf, n - skip + 1);
}

/* The tokens of one word w[0..wl) (not a stopword) into out[0..2);
 * returns how many (1, or 2 for a colloquial nasal form with alt: see
 * content_tokens). post_tokens calls it too, so both see the same
 * tokens. */
static size_t word_tokens(const char *w, size_t wl, uint64_t *out, int alt)
{
	char sub;

	w = light_stem(w, &wl, &sub);
	if (sub) {
		out[0] = tok_hash_sub(sub, w, 0, wl);
		return 1;
	}
	if (alt && wl > 4 && w[0] == 'n' && w[1] == 'y' && is_vowel(w[2])) {
		out[0] = tok_hash_sub('c', w, 2, wl);
		out[1] = tok_hash_sub('s', w, 2, wl);
		return 2;
	}
	out[0] = tok_hash(w, wl);
	return 1;
}

/* Content tokens of norm[0..len) into out (room for len + 1), sorted and
 * unique; returns how many. With alt (posts, not claims) a colloquial
 * nasal form adds its possible base forms too ("nyoblos" -> coblos,
 * soblos; "nyebar" -> cebar, sebar): a claim is written formally. */
static size_t content_tokens(const struct hoax_index *ix, const char *norm,
			     size_t len, uint64_t *out, int alt)
{
	size_t i = 0, n = 0, k, u;

	while (i < len) {
		size_t a;

		while (i < len && norm[i] == ' ')
			i++;
		a = i;
		while (i < len && norm[i] != ' ')
			i++;
		if (i == a)
			break;
		if (strmap_get(&ix->stop, norm + a, i - a, NULL))
			continue;
		n += word_tokens(norm + a, i - a, out + n, alt);
	}
	sort_u64(out, n);
	for (k = 0, u = 0; k < n; k++)
		if (u == 0 || out[u - 1] != out[k])
			out[u++] = out[k];
	return u;
}

static uint64_t mix64(uint64_t z)
{
	z = (z ^ (z >> 33)) * 0xff51afd7ed558ccdULL;
	z = (z ^ (z >> 33)) * 0xc4ceb9fe1a85ec53ULL;
	return z ^ (z >> 33);
}

/* Copies the distinctive tokens of tok[0..n) (not numbers, not common
 * words) to out; returns how many. Only these find candidates, so the
 * words every election post shares ("tps", "kpu", "nomor") do not make
 * every claim a candidate for every post; they still count in the score. */
static size_t distinctive(const struct hoax_index *ix, const uint64_t *tok,
			  size_t n, uint64_t *out)
{
	size_t i, k = 0;

	for (i = 0; i < n; i++)
		if (!(tok[i] & TOK_NUMBER) &&
		    !strmap_get(&ix->common, (const char *)&tok[i], 8, NULL))
			out[k++] = tok[i];
	return k;
}

/* --- building -------------------------------------------------------- */

int hoax_index_new(struct hoax_index **out, const struct text_lexicon *lex)
{
	struct hoax_index *ix;

	*out = NULL;
	ix = calloc(1, sizeof(*ix));
	if (!ix)
		return err_oom();
	ix->lex = lex;
	ix->threshold = HOAX_DEFAULT_THRESHOLD;
	*out = ix;
	return 0;
}

/* Files the content tokens of text in ix->common with value v (1:
 * common, weighs half; 2: a name of the profile, weighs in full); a
 * common word stays common. */
static int add_words(struct hoax_index *ix, const char *text, size_t len,
		     int64_t v)
{
	uint64_t *tok;
	size_t n, i;
	int rc = text_normalize(&ix->norm, ix->lex, text, len);

	if (rc)
		return rc;
	tok = malloc((ix->norm.len + 1) * sizeof(*tok));
	if (!tok)
		return err_oom();
	n = content_tokens(ix, ix->norm.buf, ix->norm.len, tok, 0);
	for (i = 0; i < n && !rc; i++)
		if (v != 2 ||
		    !strmap_get(&ix->common, (const char *)&tok[i], 8, NULL))
			rc = strmap_put(&ix->common, (const char *)&tok[i], 8,
					v);
	free(tok);
	ix->built = 0;
	return rc;
}

int hoax_index_add_common(struct hoax_index *ix, const char *text,
			  size_t len)
{
	return add_words(ix, text, len, 1);
}

static int add_common_list(struct hoax_index *ix,
			   const struct rules_strlist *l)
{
	size_t k;
	int rc = 0;

	for (k = 0; k < l->n && !rc; k++)
		rc = add_words(ix, l->v[k], strlen(l->v[k]), 2);
	return rc;
}

int hoax_index_add_profile(struct hoax_index *ix,
			   const struct rules_profile *p)
{
	size_t c;
	int rc = 0;

	if (!p)
		return 0;
	if (p->region)
		rc = add_words(ix, p->region, strlen(p->region), 2);
	for (c = 0; c < p->ncand && !rc; c++) {
		const struct rules_candidate *cd = &p->cand[c];

		rc = add_common_list(ix, &cd->names);
		if (!rc)
			rc = add_common_list(ix, &cd->aliases);
		if (!rc)
			rc = add_common_list(ix, &cd->parties);
	}
	return rc;
}

/* Calls fn(ix, word, len) for every word line of a lexicon file. */
static int each_word(struct hoax_index *ix, const char *path,
		     int (*fn)(struct hoax_index *, const char *, size_t))
{
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	int rc = 0;

	if (!f)
		return err_set(NETRA_EIO, "%s: %s", path, strerror(errno));
	while (!rc && (n = getline(&line, &cap, f)) >= 0) {
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r' ||
				 line[n - 1] == ' ' || line[n - 1] == '\t'))
			n--;
		if (n == 0 || line[0] == '#')
			continue;
		rc = fn(ix, line, (size_t)n);
	}
	free(line);
	fclose(f);
	return rc;
}

static int put_stop(struct hoax_index *ix, const char *w, size_t n)
{
	ix->stop_sig += mix64(strmap_hash(w, n)) | 1;
	return strmap_put(&ix->stop, w, n, 1);
}

int hoax_index_load_stopwords(struct hoax_index *ix, const char *path)
{
	return each_word(ix, path, put_stop);
}

int hoax_index_load_data(struct hoax_index *ix, const char *data_dir)
{
	char path[4096];
	int rc;

	snprintf(path, sizeof(path), "%s/stopwords.txt", data_dir);
	rc = hoax_index_load_stopwords(ix, path);
	if (rc)
		return rc;
	snprintf(path, sizeof(path), "%s/hoax_common.txt", data_dir);
	return each_word(ix, path, hoax_index_add_common);
}

static void claim_clear(struct claim_rec *r)
{
	free(r->mem);
	free(r->tok);
	free(r->w);
	free(r->core);
	free(r->only);
	free(r->fix);
	memset(r, 0, sizeof(*r));
}

/* Copies c's strings into one block owned by r. */
static int claim_copy(struct claim_rec *r, const struct hoax_claim *c)
{
	const char *src[5] = {c->id, c->claim, c->verdict, c->explanation,
			      c->url};
	const char **dst[5] = {&r->c.id, &r->c.claim, &r->c.verdict,
			       &r->c.explanation, &r->c.url};
	size_t len[5], total = 0, i, off = 0;

	for (i = 0; i < 5; i++) {
		len[i] = src[i] ? strlen(src[i]) : 0;
		total += len[i] + 1;
	}
	r->mem = malloc(total);
	if (!r->mem)
		return err_oom();
	for (i = 0; i < 5; i++) {
		memcpy(r->mem + off, src[i] ? src[i] : "", len[i]);
		r->mem[off + len[i]] = '\0';
		*dst[i] = (i == 4 && !src[i]) ? NULL : r->mem + off;
		off += len[i] + 1;
	}
	return 0;
}

/* Words in s (runs of non-spaces). */
static size_t count_words(const char *s)
{
	size_t n = 0;

	for (; s && *s; s++)
		n += s[0] != ' ' && (s[1] == ' ' || s[1] == '\0');
	return n;
}

/* 1 if the sorted tok[0..n) holds t. */
static int has_tok(const uint64_t *tok, size_t n, uint64_t t)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (tok[mid] < t)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && tok[lo] == t;
}

/* 1 if tok is a negator's: a correction says "tidak" as often as the
 * hoax it corrects ("kalo tidak bawa KK, suara hangus"), so a negator
 * never tells the two apart. */
static int is_negator(uint64_t tok)
{
	static const char *const neg[] = {"tidak", "bukan", "belum",
					  "jangan", "tanpa", "tak"};
	size_t i;

	for (i = 0; i < sizeof(neg) / sizeof(neg[0]); i++)
		if (tok == tok_hash(neg[i], strlen(neg[i])))
			return 1;
	return 0;
}

/* The correction of claim r (its explanation): r->fix gets the tokens
 * only the explanation has (not numbers, not negators), r->only flags
 * the claim's tokens the explanation lacks. A post that uses more of the
 * former than of the latter spreads the correction, not the hoax
 * (repeats_correction). An
 * explanation of more than HOAX_CORRECTION_WORDS words is a fact-check
 * article that retells the hoax it refutes ("Beredar sebuah foto ...
 * dengan narasi ..."): its words are the hoax's too, so it gives none. */
static int correction_tokens(struct hoax_index *ix, struct claim_rec *r)
{
	const char *x = r->c.explanation;
	size_t n = 0, k, t;
	int rc;

	r->only = malloc(r->ntok ? r->ntok : 1);
	if (!r->only)
		return err_oom();
	memset(r->only, 1, r->ntok ? r->ntok : 1);
	if (!x || !*x || count_words(x) > HOAX_CORRECTION_WORDS)
		return 0;
	if ((rc = text_normalize(&ix->norm, ix->lex, x, strlen(x))))
		return rc;
	r->fix = malloc((ix->norm.len + 1) * sizeof(*r->fix));
	if (!r->fix)
		return err_oom();
	n = content_tokens(ix, ix->norm.buf, ix->norm.len, r->fix, 0);
	for (t = 0; t < r->ntok; t++)
		r->only[t] = !has_tok(r->fix, n, r->tok[t]);
	for (k = 0, r->nfix = 0; k < n; k++)
		if (!(r->fix[k] & TOK_NUMBER) && !is_negator(r->fix[k]) &&
		    !has_tok(r->tok, r->ntok, r->fix[k]))
			r->fix[r->nfix++] = r->fix[k];
	return 0;
}

int hoax_index_add(struct hoax_index *ix, const struct hoax_claim *c)
{
	struct claim_rec r;
	int64_t at;
	int rc;

	memset(&r, 0, sizeof(r));
	if (!c->id || !*c->id || !c->claim || !*c->claim)
		return err_set(NETRA_EINVALID, "hoax claim needs id and claim");
	rc = claim_copy(&r, c);
	if (!rc)
		rc = text_normalize(&ix->norm, ix->lex, c->claim,
				    strlen(c->claim));
	if (!rc && !(r.tok = malloc((ix->norm.len + 1) *
				    sizeof(uint64_t))))
		rc = err_oom();
	if (rc)
		goto fail;
	r.ntok = content_tokens(ix, ix->norm.buf, ix->norm.len, r.tok, 0);
	rc = correction_tokens(ix, &r);
	if (rc)
		goto fail;
	ix->built = 0;
	if (strmap_get(&ix->ids, c->id, strlen(c->id), &at)) {
		claim_clear(&ix->claims.items[at]);
		ix->claims.items[at] = r;
		return 0;
	}
	if (VEC_PUSH(&ix->claims, r)) {
		rc = err_oom();
		goto fail;
	}
	rc = strmap_put(&ix->ids, c->id, strlen(c->id),
			(int64_t)ix->claims.len - 1);
	if (!rc)
		return 0;
	ix->claims.len--;
fail:
	claim_clear(&r);
	return rc;
}

static int cmp_posting(const void *a, const void *b)
{
	const struct posting *x = a, *y = b;

	if (x->tok != y->tok)
		return x->tok < y->tok ? -1 : 1;
	return x->claim < y->claim ? -1 : x->claim > y->claim;
}

/* Document frequency of every token, as a map token -> count. */
static int doc_freq(struct hoax_index *ix, struct strmap *df)
{
	size_t i, t;

	for (i = 0; i < ix->claims.len; i++) {
		const struct claim_rec *r = &ix->claims.items[i];

		for (t = 0; t < r->ntok; t++) {
			int64_t v = 0;

			strmap_get(df, (const char *)&r->tok[t], 8, &v);
			if (strmap_put(df, (const char *)&r->tok[t], 8, v + 1))
				return err_oom();
		}
	}
	return 0;
}

static int weigh(struct hoax_index *ix, const struct strmap *df)
{
	double n = (double)ix->claims.len;
	size_t i, t;

	for (i = 0; i < ix->claims.len; i++) {
		struct claim_rec *r = &ix->claims.items[i];

		free(r->w);
		free(r->core);
		r->w = malloc((r->ntok ? r->ntok : 1) * sizeof(double));
		r->core = malloc(r->ntok ? r->ntok : 1);
		if (!r->w || !r->core)
			return err_oom();
		r->total = 0;
		r->ncore = 0;
		for (t = 0; t < r->ntok; t++) {
			int64_t v = 1, cv = 0;

			strmap_get(df, (const char *)&r->tok[t], 8, &v);
			r->w[t] = log((n + 1) / (double)v) + 0.1;
			/* a token in a fifth of the claims (and 3+) is this
			 * index's election vocabulary ("tangsel" in a town's
			 * debunks): it weighs as it is, but is no core */
			r->core[t] = !(v >= 3 && 5 * (double)v >= n);
			if (r->tok[t] & TOK_NUMBER) {
				r->w[t] *= HOAX_NUMBER_WEIGHT;
				r->core[t] = 0;
			}
			if (strmap_get(&ix->common, (const char *)&r->tok[t],
				       8, &cv)) {
				if (cv == 1)
					r->w[t] *= HOAX_COMMON_WEIGHT;
				r->core[t] = 0;
			}
			r->ncore += r->core[t];
			r->total += r->w[t];
		}

	}
	return 0;
}

/* The token -> first-posting table over the sorted postings. */
static int build_slots(struct hoax_index *ix)
{
	size_t i, distinct = 0, mask;

	for (i = 0; i < ix->npost; i++)
		if (i == 0 || ix->post[i].tok != ix->post[i - 1].tok)
			distinct++;
	ix->nslots = 16;
	while (ix->nslots < 2 * distinct)
		ix->nslots *= 2;
	free(ix->slots);
	ix->slots = calloc(ix->nslots, sizeof(*ix->slots));
	if (!ix->slots)
		return err_oom();
	mask = ix->nslots - 1;
	for (i = 0; i < ix->npost; i++) {
		size_t h;

		if (i > 0 && ix->post[i].tok == ix->post[i - 1].tok)
			continue;
		for (h = mix64(ix->post[i].tok) & mask; ix->slots[h];
		     h = (h + 1) & mask)
			;
		ix->slots[h] = (uint32_t)i + 1;
	}
	return 0;
}

/* The two prefilter bits of token tok. */
static void pre_bits(const struct hoax_index *ix, uint64_t tok, size_t *a,
		     size_t *b)
{
	uint64_t h = mix64(tok);

	*a = (size_t)h & ix->pre_mask;
	*b = (size_t)(h >> 32) & ix->pre_mask;
}

/* The prefilter: a Bloom filter (two bits per token, >= 16 bits per
 * claim token, so ~1.5% false positives) of every token of every claim.
 * A post's token outside it is in no claim: it finds no candidate and
 * adds nothing to any containment, so hoax_match drops it unseen. */
static int build_prefilter(struct hoax_index *ix)
{
	size_t i, t, total = 0, bits = 4096, a, b;

	for (i = 0; i < ix->claims.len; i++)
		total += ix->claims.items[i].ntok;
	while (bits < 16 * total)
		bits *= 2;
	free(ix->pre);
	ix->pre = calloc(bits / 64, sizeof(*ix->pre));
	if (!ix->pre)
		return err_oom();
	ix->pre_mask = bits - 1;
	ix->tok_sig = mix64(bits);
	for (i = 0; i < ix->claims.len; i++) {
		const struct claim_rec *r = &ix->claims.items[i];

		for (t = 0; t < r->ntok; t++) {
			ix->tok_sig = mix64(ix->tok_sig ^ r->tok[t]);
			pre_bits(ix, r->tok[t], &a, &b);
			ix->pre[a / 64] |= 1ull << (a % 64);
			ix->pre[b / 64] |= 1ull << (b % 64);
		}
	}
	return 0;
}

/* Files the postings of claim i: its distinctive tokens, or all its
 * tokens if it has none. */
static int add_postings(struct hoax_index *ix, size_t i, uint64_t *tmp)
{
	struct claim_rec *r = &ix->claims.items[i];
	size_t nd = distinctive(ix, r->tok, r->ntok, tmp), t, k;
	double got = 0;

	for (t = 0, k = 0; t < r->ntok; t++) {
		if (nd && (k >= nd || tmp[k] != r->tok[t]))
			continue;
		k++;
		ix->post[ix->npost].tok = r->tok[t];
		ix->post[ix->npost].claim = (uint32_t)i;
		ix->post[ix->npost++].share = (float)(r->w[t] / r->total);
		got += r->w[t] / r->total;
	}
	r->rest = 1.0 - got;
	return 0;
}

int hoax_index_build(struct hoax_index *ix)
{
	struct strmap df = STRMAP_INIT;
	uint64_t *tmp = NULL;
	size_t i, total = 0, most = 1;
	int rc;

	free(ix->post);
	ix->post = NULL;
	ix->npost = 0;
	ix->built = 0;
	rc = doc_freq(ix, &df);
	if (!rc)
		rc = weigh(ix, &df);
	strmap_free(&df);
	if (rc)
		return rc;
	for (i = 0; i < ix->claims.len; i++) {
		total += ix->claims.items[i].ntok;
		if (ix->claims.items[i].ntok > most)
			most = ix->claims.items[i].ntok;
	}
	ix->post = malloc((total + 1) * sizeof(*ix->post));
	tmp = malloc(most * sizeof(*tmp));
	if (!ix->post || !tmp) {
		free(tmp);
		return err_oom();
	}
	for (i = 0; i < ix->claims.len; i++)
		add_postings(ix, i, tmp);
	free(tmp);
	qsort(ix->post, ix->npost, sizeof(*ix->post), cmp_posting);
	rc = build_slots(ix);
	if (!rc)
		rc = build_prefilter(ix);
	ix->built = rc == 0;
	return rc;
}

size_t hoax_index_count(const struct hoax_index *ix)
{
	return ix->claims.len;
}

const struct hoax_claim *hoax_index_claim(const struct hoax_index *ix,
					  size_t i)
{
	return i < ix->claims.len ? &ix->claims.items[i].c : NULL;
}

void hoax_index_set_threshold(struct hoax_index *ix, double threshold)
{
	ix->threshold = threshold;
}

void hoax_index_free(struct hoax_index *ix)
{
	size_t i;

	if (!ix)
		return;
	for (i = 0; i < ix->claims.len; i++)
		claim_clear(&ix->claims.items[i]);
	VEC_FREE(&ix->claims);
	strmap_free(&ix->stop);
	strmap_free(&ix->common);
	strmap_free(&ix->ids);
	free(ix->post);
	free(ix->slots);
	free(ix->pre);
	text_norm_free(&ix->norm);
	free(ix);
}

/* --- matching -------------------------------------------------------- */

/* Words of up to HOAX_WORD_MAX bytes that give no claim token (a
 * stopword, or no token in the Bloom filter) are remembered per scratch,
 * so an everyday word is stemmed and hashed once per thread, not once per
 * post: a direct-mapped table of HOAX_WORDS entries of 2 words (the
 * word's bytes and its length: word_slot), 256 KiB, valid for the index
 * whose claim tokens and stop list it was filled from (words_of). Sized
 * for a real vocabulary: with 4,096 entries the misses on real tweets
 * cost 13% of judge throughput (bench/judge.sh, real-text mix). */
#define HOAX_WORDS 16384
#define HOAX_WORD_MAX 15

/* Makes room in s for a post of len bytes and for every claim of ix. */
static int scratch_fit(struct hoax_scratch *s, const struct hoax_index *ix,
		       size_t len)
{
	size_t need = len + 1, n = ix->claims.len;
	uint64_t sig;

	s->have_full = 0;
	if (need > s->cap) {
		uint64_t *t = realloc(s->tokens, need * sizeof(*t));

		if (!t)
			return err_oom();
		s->tokens = t;
		t = realloc(s->full, need * sizeof(*t));
		if (!t)
			return err_oom();
		s->full = t;
		s->cap = need;
	}
	if (n > s->nclaims) {
		uint32_t *seen = calloc(n, sizeof(*seen));
		uint32_t *cand = malloc(n * sizeof(*cand));
		double *acc = malloc(n * sizeof(*acc));

		if (!seen || !cand || !acc) {
			free(seen);
			free(cand);
			free(acc);
			return err_oom();
		}
		free(s->seen);
		free(s->cand);
		free(s->acc);
		s->seen = seen;
		s->cand = cand;
		s->acc = acc;
		s->nclaims = n;
		s->gen = 0;
	}
	if (!s->words) {
		s->words = calloc(2 * HOAX_WORDS, sizeof(*s->words));
		if (!s->words)
			return err_oom();
		s->words_of = 0;
	}
	sig = mix64(ix->tok_sig ^ ix->stop_sig) | 1;
	if (s->words_of != sig) {
		memset(s->words, 0, 2 * HOAX_WORDS * sizeof(*s->words));
		s->words_of = sig;
	}
	return 0;
}

/* Weighted containment of claim r in the post's sorted tokens; *shared
 * and *core get how many of its tokens and of its core tokens the post
 * has. */
static double containment(const struct claim_rec *r, const uint64_t *tok,
			  size_t n, size_t *shared, size_t *core)
{
	size_t i = 0, j = 0;
	double got = 0;

	*shared = 0;
	*core = 0;
	while (i < r->ntok && j < n) {
		if (r->tok[i] < tok[j]) {
			i++;
		} else if (r->tok[i] > tok[j]) {
			j++;
		} else {
			*core += r->core[i];
			got += r->w[i++];
			j++;
			(*shared)++;
		}
	}
	return r->total > 0 ? got / r->total : 0;
}

/* Walks the postings of the post's tokens: every claim sharing one is a
 * candidate, and s->acc gets the shares found, so acc + rest bounds the
 * claim's score before the exact merge. */
static size_t candidates(const struct hoax_index *ix, struct hoax_scratch *s)
{
	size_t t, nc = 0, mask = ix->nslots - 1;

	if (++s->gen == 0) {
		memset(s->seen, 0, s->nclaims * sizeof(*s->seen));
		s->gen = 1;
	}
	for (t = 0; t < s->ntokens; t++) {
		uint64_t tok = s->tokens[t];
		size_t h = mix64(tok) & mask, e;

		while (ix->slots[h] && ix->post[ix->slots[h] - 1].tok != tok)
			h = (h + 1) & mask;
		if (!ix->slots[h])
			continue;
		for (e = ix->slots[h] - 1; e < ix->npost &&
		     ix->post[e].tok == tok; e++) {
			uint32_t c = ix->post[e].claim;

			if (s->seen[c] != s->gen) {
				s->seen[c] = s->gen;
				s->acc[c] = 0;
				s->cand[nc++] = c;
			}
			s->acc[c] += ix->post[e].share;
		}
	}
	return nc;
}

/* 1 if token tok may be in a claim (the Bloom filter), 0 if it is in
 * none. */
static int pre_has(const struct hoax_index *ix, uint64_t tok)
{
	size_t a, b;

	pre_bits(ix, tok, &a, &b);
	return (ix->pre[a / 64] >> (a % 64) & 1) &&
	       (ix->pre[b / 64] >> (b % 64) & 1);
}

/* The cache entry of a word of up to HOAX_WORD_MAX bytes in s->words,
 * by its key: the bytes in little-endian order in key[0] and key[1],
 * the length in the top byte of key[1] (so a word never equals an empty
 * entry). */
static uint64_t *word_slot(const struct hoax_scratch *s, const uint64_t *key)
{
	uint64_t h = mix64(key[0] ^ (key[1] * 0x9e3779b97f4a7c15ULL));

	return s->words + 2 * ((size_t)h & (HOAX_WORDS - 1));
}

/* Scans the word at norm[i..len) up to the next space: returns its end,
 * its key (word_slot) in key, built in the same pass with shifts. */
static size_t scan_word(const char *norm, size_t i, size_t len,
			uint64_t *key)
{
	size_t a = i;

	key[0] = 0;
	key[1] = 0;
	for (; i < len && norm[i] != ' '; i++) {
		uint64_t c = (unsigned char)norm[i];

		if (i - a < 8)
			key[0] |= c << (8 * (i - a));
		else if (i - a < HOAX_WORD_MAX)
			key[1] |= c << (8 * (i - a - 8));
	}
	key[1] |= (uint64_t)(i - a) << 56;
	return i;
}

/* The tokens of word w[0..n) that may be in a claim into out; returns
 * how many (0 for a stopword). */
static size_t word_in_claims(const struct hoax_index *ix, const char *w,
			     size_t n, uint64_t *out)
{
	uint64_t tok[2];
	size_t m = word_tokens(w, n, tok, 1), t, k = 0;

	for (t = 0; t < m; t++)
		if (pre_has(ix, tok[t]))
			out[k++] = tok[t];
	if (k && strmap_get(&ix->stop, w, n, NULL))
		return 0;
	return k;
}

/* The post's tokens that may be in a claim into out (room for len + 1),
 * sorted and unique; returns how many. The same tokens as content_tokens
 * (alt) minus those the Bloom filter proves to be in no claim: the same
 * candidates, bounds and containments follow, in the same order, so the
 * same match. The stop list is looked up only for the few words whose
 * tokens may be in a claim, and a word whose tokens are in none is
 * remembered (s->words) and skipped after a compare next time. */
static size_t post_tokens(const struct hoax_index *ix,
			  struct hoax_scratch *s, const char *norm, size_t len,
			  uint64_t *out)
{
	size_t i = 0, n = 0, k, u;
	uint64_t key[2] = {0, 0}, *e = NULL;

	while (i < len) {
		size_t a;

		while (i < len && norm[i] == ' ')
			i++;
		a = i;
		i = scan_word(norm, i, len, key);
		if (i == a)
			break;
		if (i - a <= HOAX_WORD_MAX) {
			e = word_slot(s, key);
			if (e[0] == key[0] && e[1] == key[1])
				continue;
		}
		k = word_in_claims(ix, norm + a, i - a, out + n);
		if (k == 0 && i - a <= HOAX_WORD_MAX) {
			e[0] = key[0];
			e[1] = key[1];
		}
		n += k;
	}
	sort_u64(out, n);
	for (k = 0, u = 0; k < n; k++)
		if (u == 0 || out[u - 1] != out[k])
			out[u++] = out[k];
	return u;
}

/* IDF of a core token over the claims: its postings are its claims. */
static double tok_idf(const struct hoax_index *ix, uint64_t tok)
{
	size_t h = mix64(tok) & (ix->nslots - 1), e, df = 0;

	while (ix->slots[h] && ix->post[ix->slots[h] - 1].tok != tok)
		h = (h + 1) & (ix->nslots - 1);
	for (e = ix->slots[h] ? ix->slots[h] - 1 : ix->npost;
	     e < ix->npost && ix->post[e].tok == tok; e++)
		df++;
	return log(((double)ix->claims.len + 1) / (double)(df ? df : 1)) +
	       0.1;
}

/* The IDF-weighted share of the short post's core tokens (s->full: not
 * numbers, not common words) that claim r has; 1 if it has none. */
static double coverage(const struct hoax_index *ix,
		       const struct hoax_scratch *s, const struct claim_rec *r)
{
	size_t i = 0, j;
	double got = 0, all = 0;

	for (j = 0; j < s->nfull; j++) {
		uint64_t tok = s->full[j];
		double w;

		if ((tok & TOK_NUMBER) ||
		    strmap_get(&ix->common, (const char *)&tok, 8, NULL))
			continue;
		w = tok_idf(ix, tok);
		all += w;
		while (i < r->ntok && r->tok[i] < tok)
			i++;
		if (i < r->ntok && r->tok[i] == tok)
			got += w;
	}
	return all > 0 ? got / all : 1;
}

/* All the post's content tokens (s->full), once per post, when a claim
 * first reaches the threshold. */
static void post_full(const struct hoax_index *ix, struct hoax_scratch *s,
		      const char *norm, size_t len)
{
	if (s->have_full)
		return;
	s->nfull = content_tokens(ix, norm, len, s->full, 1);
	s->have_full = 1;
}

/* Not a number, not common: a word that tells one text from another. */
static int telling(const struct hoax_index *ix, uint64_t tok)
{
	return !(tok & TOK_NUMBER) &&
	       !strmap_get(&ix->common, (const char *)&tok, 8, NULL);
}

/* The post (s->full) uses more of the correction's own tokens of claim r
 * than of the claim's own: it spreads the correction ("ASN dilarang ikut
 * kampanye, termasuk saat cuti" against the claim "Bawaslu membolehkan
 * ASN ikut kampanye asal cuti", corrected by "ASN dilarang terlibat dalam
 * kampanye ..., termasuk saat cuti"). Tokens are stemmed, so "suara" in
 * the correction is the claim's "suaranya", not a correction word. */
static int repeats_correction(const struct hoax_index *ix,
			      const struct hoax_scratch *s,
			      const struct claim_rec *r)
{
	size_t k, fix = 0, own = 0;

	if (!r->nfix)
		return 0;
	for (k = 0; k < r->nfix; k++)
		fix += telling(ix, r->fix[k]) &&
		       has_tok(s->full, s->nfull, r->fix[k]);
	if (fix == 0)
		return 0;
	for (k = 0; k < r->ntok; k++)
		own += r->only[k] && telling(ix, r->tok[k]) &&
		       has_tok(s->full, s->nfull, r->tok[k]);
	return fix > own;
}

/* The score of claim r for the post: its containment if the post shares
 * HOAX_MIN_SHARED of its tokens and enough of its core tokens
 * (HOAX_MIN_CORE, or one when forwarded, or all the claim has when it has
 * fewer; every token when it has no core token), lowered for a short post not worded as a
 * forward by the share of the post's own core words the claim lacks
 * (HOAX_SHORT_POST). norm[0..len) is the post. */
static double claim_score(const struct hoax_index *ix, struct hoax_scratch *s,
			  const struct claim_rec *r, const char *norm,
			  size_t len, const struct hoax_query *q)
{
	size_t shared, core, need = q->forwarded ? 1 : HOAX_MIN_CORE;
	double sim = containment(r, s->tokens, s->ntokens, &shared, &core);

	if ((shared < HOAX_MIN_SHARED && shared < r->ntok) ||
	    (r->ncore == 0 && shared < r->ntok))
		return 0;
	if (sim < q->threshold)
		return sim;
	if (need > r->ncore)
		need = r->ncore;
	if (core < need)
		return 0;
	post_full(ix, s, norm, len);
	if (repeats_correction(ix, s, r))
		return 0;
	if (q->forwarded || s->nfull > HOAX_SHORT_POST ||
	    core >= HOAX_SHORT_CORE)
		return sim;
	return sim * (HOAX_SHORT_BASE +
		      (1 - HOAX_SHORT_BASE) * coverage(ix, s, r));
}

/* The best claim for the post's tokens in s->tokens: candidates by
 * postings, pruned by the bound (found share + share without postings),
 * then the exact score; 1 with out set, or 0. */
static int best_claim(const struct hoax_index *ix, struct hoax_scratch *s,
		      const char *norm, size_t len,
		      const struct hoax_query *q, struct hoax_match *out)
{
	size_t nc, k, best = SIZE_MAX;
	double bsim = -1;

	nc = candidates(ix, s);
	for (k = 0; k < nc; k++) {
		uint32_t c = s->cand[k];
		const struct claim_rec *r = &ix->claims.items[c];
		double sim;

		if (s->acc[c] + r->rest + 1e-6 < q->threshold)
			continue;
		sim = claim_score(ix, s, r, norm, len, q);
		if (sim > bsim || (sim == bsim && c < best)) {
			bsim = sim;
			best = c;
		}
	}
	if (best == SIZE_MAX || bsim < q->threshold)
		return 0;
	out->claim = &ix->claims.items[best].c;
	out->similarity = bsim;
	out->index = best;
	return 1;
}

#ifndef NDEBUG
/* Debug builds check every match against the one over all the post's
 * content tokens (no prefilter, no cache): the same claim, the same
 * similarity, bit for bit. */
static void check_match(const struct hoax_index *ix, struct hoax_scratch *s,
			const char *norm, size_t len,
			const struct hoax_query *q, int found,
			const struct hoax_match *m)
{
	struct hoax_match ref;
	int rc;

	memset(&ref, 0, sizeof(ref));
	s->ntokens = content_tokens(ix, norm, len, s->tokens, 1);
	rc = best_claim(ix, s, norm, len, q, &ref);
	if (rc != found || ref.claim != m->claim || ref.index != m->index ||
	    memcmp(&ref.similarity, &m->similarity, sizeof(double)) != 0) {
		fprintf(stderr, "hoax prefilter changed a match\n");
		abort();
	}
}
#endif

int hoax_match(const struct hoax_index *ix, struct hoax_scratch *s,
	       const char *norm, size_t len, struct hoax_match *out)
{
	return hoax_match_query(ix, s, norm, len, NULL, out);
}

int hoax_match_query(const struct hoax_index *ix, struct hoax_scratch *s,
		     const char *norm, size_t len, const struct hoax_query *qq,
		     struct hoax_match *out)
{
	struct hoax_query q = {ix->threshold, 0};
	int rc;

	if (qq) {
		q.forwarded = qq->forwarded;
		if (qq->threshold > 0)
			q.threshold = qq->threshold;
	}
	memset(out, 0, sizeof(*out));
	if (!ix->built || ix->npost == 0)
		return 0;
	rc = scratch_fit(s, ix, len);
	if (rc)
		return rc;
	s->ntokens = post_tokens(ix, s, norm, len, s->tokens);
	rc = s->ntokens ? best_claim(ix, s, norm, len, &q, out) : 0;
#ifndef NDEBUG
	check_match(ix, s, norm, len, &q, rc, out);
#endif
	return rc;
}

size_t hoax_scratch_memory(const struct hoax_scratch *s)
{
	return 2 * s->cap * sizeof(*s->tokens) +
	       s->nclaims * (sizeof(*s->seen) + sizeof(*s->cand) +
			     sizeof(*s->acc)) +
	       (s->words ? HOAX_WORDS * 2 * sizeof(*s->words) : 0);
}

void hoax_scratch_free(struct hoax_scratch *s)
{
	if (!s)
		return;
	free(s->tokens);
	free(s->full);
	free(s->seen);
	free(s->cand);
	free(s->acc);
	free(s->words);
	memset(s, 0, sizeof(*s));
}

/* --- JSONL ----------------------------------------------------------- */

/* The string member key of o into *dst (NULL if absent and optional). */
static int get_str(json_t *o, const char *key, int required,
		   const char **dst)
{
	json_t *v = json_object_get(o, key);

	*dst = NULL;
	if (!v || json_is_null(v)) {
		if (required)
			return err_set(NETRA_EINVALID, "missing \"%s\"", key);
		return 0;
	}
	if (!json_is_string(v))
		return err_set(NETRA_EINVALID, "\"%s\" is not a string", key);
	*dst = json_string_value(v);
	if (required == 2 && **dst == '\0')
		return err_set(NETRA_EINVALID, "\"%s\" is empty", key);
	return 0;
}

int hoax_parse_line(struct hoax_claim *c, char **buf, const char *line,
		    size_t len)
{
	struct claim_rec r;
	json_error_t je;
	json_t *o;
	int rc;

	memset(c, 0, sizeof(*c));
	*buf = NULL;
	o = json_loadb(line, len, JSON_REJECT_DUPLICATES, &je);
	if (!o)
		return err_set(NETRA_EINVALID, "invalid JSON: %s", je.text);
	if (!json_is_object(o)) {
		rc = err_set(NETRA_EINVALID, "not a JSON object");
		goto done;
	}
	memset(&r, 0, sizeof(r));
	rc = get_str(o, "id", 2, &c->id);
	if (!rc)
		rc = get_str(o, "claim", 2, &c->claim);
	if (!rc)
		rc = get_str(o, "verdict", 1, &c->verdict);
	if (!rc)
		rc = get_str(o, "explanation", 1, &c->explanation);
	if (!rc)
		rc = get_str(o, "url", 0, &c->url);
	if (!rc)
		rc = claim_copy(&r, c);
	if (rc) {
		memset(c, 0, sizeof(*c));
		goto done;
	}
	*c = r.c;
	*buf = r.mem;
done:
	json_decref(o);
	return rc;
}

static int blank(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' &&
		    s[i] != '\n')
			return 0;
	return 1;
}

/* Longest debunk record read: a fact-check's claim, verdict and
 * explanation fit in far less; a longer line is reported and skipped, so
 * a hostile file (or /dev/zero) cannot grow memory without bound. */
#define HOAX_MAX_RECORD (1u << 20)

/* Reports one bad line of a debunk file. */
static void bad_line(const char *path, size_t lineno, const char *why,
		     void (*report)(void *ctx, const char *msg), void *ctx,
		     size_t *nbad)
{
	char msg[512];

	snprintf(msg, sizeof(msg), "%s:%zu: %s", path, lineno, why);
	if (report)
		report(ctx, msg);
	if (nbad)
		(*nbad)++;
}

int hoax_jsonl_each(const char *path,
		    int (*fn)(void *fctx, const struct hoax_claim *c),
		    void *fctx, void (*report)(void *ctx, const char *msg),
		    void *ctx, size_t *nbad)
{
	FILE *f = fopen(path, "rb");
	struct lines in;
	char *buf = NULL;
	int rc = 0, got;

	if (nbad)
		*nbad = 0;
	if (!f)
		return err_set(NETRA_EIO, "%s: %s", path, strerror(errno));
	if ((rc = lines_init(&in, f, HOAX_MAX_RECORD))) {
		fclose(f);
		return rc;
	}
	while (!rc && (got = lines_next(&in)) > 0) {
		struct hoax_claim c;

		if (got == LINES_TOO_LONG) {
			bad_line(path, in.lineno, "record longer than 1 MiB",
				 report, ctx, nbad);
			continue;
		}
		if (blank(in.line, in.len))
			continue;
		if (hoax_parse_line(&c, &buf, in.line, in.len) == 0) {
			rc = fn(fctx, &c);
			if (rc)
				rc = err_wrap(rc, "%s:%zu", path, in.lineno);
		} else {
			bad_line(path, in.lineno, netra_error_last(), report,
				 ctx, nbad);
		}
		free(buf);
		buf = NULL;
	}
	if (!rc && got < 0)
		rc = err_set(NETRA_EIO, "%s: read error", path);
	lines_free(&in);
	fclose(f);
	return rc;
}

static int add_fn(void *ctx, const struct hoax_claim *c)
{
	return hoax_index_add(ctx, c);
}

int hoax_index_load_jsonl(struct hoax_index *ix, const char *path,
			  void (*report)(void *ctx, const char *msg),
			  void *ctx, size_t *nbad)
{
	return hoax_jsonl_each(path, add_fn, ix, report, ctx, nbad);
}
