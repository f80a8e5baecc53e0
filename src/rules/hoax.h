/*
 * rules/hoax.h - matching posts against debunked hoaxes.
 *
 * An index holds debunked claims (id, claim, verdict, explanation, url).
 * Each claim is normalised and reduced to content tokens (stopwords
 * dropped, negators kept, light affix stripping); its distinctive tokens
 * are filed in an inverted index. hoax_match() takes a post's normalised
 * text, finds the claims sharing a distinctive token and scores each by
 * the IDF-weighted containment of the claim's tokens in the post (so a
 * claim embedded in a longer forward, or paraphrased, still matches). The
 * best claim at or above the threshold is returned.
 *
 * Build once (hoax_index_new, hoax_index_add..., hoax_index_build), then the
 * index is read-only and may be shared between threads; each thread passes
 * its own struct hoax_scratch to hoax_match(). hoax_match() allocates only
 * when the scratch must grow (a longer post than any before).
 */
#ifndef NETRA_RULES_HOAX_H
#define NETRA_RULES_HOAX_H

#include <stddef.h>
#include <stdint.h>

struct text_lexicon;
struct hoax_index;
struct rules_profile;

/* One debunked claim. Strings are NUL-terminated; url may be NULL. When
 * returned by the index they are owned by it. */
struct hoax_claim {
	const char *id;
	const char *claim;
	const char *verdict;
	const char *explanation;
	const char *url;
};

/* The result of a match. claim points into the index. */
struct hoax_match {
	const struct hoax_claim *claim;
	double similarity; /* weighted containment, 0..1 */
	size_t index;      /* position of the claim in the index */
};

/* Per-thread scratch for hoax_match(): zero-initialise, free with
 * hoax_scratch_free(). */
struct hoax_scratch {
	uint64_t *tokens;  /* token hashes of the post */
	size_t ntokens, cap;
	uint32_t *seen;    /* per-claim generation stamps */
	double *acc;       /* per-claim share found so far */
	uint32_t *cand;    /* candidate claim indexes */
	size_t nclaims;    /* size of seen/acc/cand */
	uint32_t gen;
	uint64_t *full;    /* all content tokens of the post, sorted */
	size_t nfull;
	int have_full;     /* full is the current post's */
	uint64_t *words;   /* cache of words that give no claim token */
	uint64_t words_of; /* signature of the index the cache is for */
};

#define HOAX_SCRATCH_INIT {0}

/* Default similarity threshold (calibrated, see docs/hoax.md). */
#define HOAX_DEFAULT_THRESHOLD 0.37

/* A new empty index. lex normalises claim texts (borrowed; must outlive
 * the calls to hoax_index_add/hoax_index_load_jsonl, not the index). lex
 * may be NULL for a minimal built-in normalisation (tests). Free with
 * hoax_index_free(). */
int hoax_index_new(struct hoax_index **out, const struct text_lexicon *lex);

/* Loads data_dir/stopwords.txt and data_dir/hoax_common.txt (both one
 * word per line, '#' comments). Call before adding claims. */
int hoax_index_load_data(struct hoax_index *ix, const char *data_dir);

/* Loads stopwords (one word per line, '#' comments; data/stopwords.txt)
 * dropped from claims and posts. Call before adding claims. */
int hoax_index_load_stopwords(struct hoax_index *ix, const char *path);

/* Marks the content words of text (e.g. the election profile's region,
 * candidate names and numbers) as common: they weigh half as much
 * when a post is compared with a claim. Call before hoax_index_build(). */
int hoax_index_add_common(struct hoax_index *ix, const char *text,
			  size_t len);

/* Marks the profile's region, candidate names, aliases and parties as
 * names: full weight, but no core token (a post that shares only these
 * with a claim does not repeat it). The engine and `netra hoax match --election`
 * both call it, so both match alike. Call before hoax_index_build(). */
int hoax_index_add_profile(struct hoax_index *ix,
			   const struct rules_profile *p);

/* Adds one claim (strings copied). A second claim with the same id
 * replaces the first. NETRA_EINVALID if id or claim is empty. */
int hoax_index_add(struct hoax_index *ix, const struct hoax_claim *c);

/* Reads debunks JSONL (one object per line: id, claim, verdict,
 * explanation, url optional) and adds every well-formed line. Malformed
 * lines are reported to `report` (may be NULL) as "path:line: reason" and
 * counted in *nbad (may be NULL); the call still succeeds. NETRA_EIO if
 * the file cannot be read. */
int hoax_index_load_jsonl(struct hoax_index *ix, const char *path,
			  void (*report)(void *ctx, const char *msg),
			  void *ctx, size_t *nbad);

/* Calls fn(fctx, claim) for every well-formed line of a debunks JSONL
 * file (claim valid during the call); reports malformed lines as
 * "path:line: reason" to report(ctx, msg) and counts them in *nbad. A
 * non-zero return of fn stops the walk and is returned. */
int hoax_jsonl_each(const char *path,
		    int (*fn)(void *fctx, const struct hoax_claim *c),
		    void *fctx, void (*report)(void *ctx, const char *msg),
		    void *ctx, size_t *nbad);

/* Parses one JSONL line into c (strings point into *buf, which is
 * allocated and must be freed with free() by the caller, also on error).
 * NETRA_EINVALID with a reason (no file:line prefix) if malformed. Used by
 * the importer, the loader and the fuzz target. */
int hoax_parse_line(struct hoax_claim *c, char **buf, const char *line,
		    size_t len);

/* Finalises the index: weights, signatures, band tables. Call once after
 * the last add; hoax_match() before this finds nothing. */
int hoax_index_build(struct hoax_index *ix);

/* Number of claims; the i-th claim (NULL if out of range). */
size_t hoax_index_count(const struct hoax_index *ix);
const struct hoax_claim *hoax_index_claim(const struct hoax_index *ix,
					  size_t i);

/* Sets the similarity threshold (default HOAX_DEFAULT_THRESHOLD). Call
 * before sharing the index between threads. */
void hoax_index_set_threshold(struct hoax_index *ix, double threshold);

/* Finds the best debunk for the normalised post text norm[0..len).
 * Returns 1 and fills *out if a claim scores at or above the threshold,
 * 0 if none, or NETRA_ENOMEM if the scratch could not grow. */
int hoax_match(const struct hoax_index *ix, struct hoax_scratch *s,
	       const char *norm, size_t len, struct hoax_match *out);

/* What the caller knows about the post beyond its words. */
struct hoax_query {
	double threshold; /* score needed (the index's when <= 0) */
	int forwarded;    /* worded as a forward or hearsay ("katanya",
	                     "info dari grup sebelah": the rulebook's
	                     `with` cues): one core token of the claim
	                     suffices and a short post is not taken for a
	                     headline (docs/hoax.md) */
};

/* hoax_match() with the caller's context q (NULL: the index's threshold,
 * not forwarded). The engine's judge and `netra hoax match` both call
 * it: one matcher. */
int hoax_match_query(const struct hoax_index *ix, struct hoax_scratch *s,
		     const char *norm, size_t len, const struct hoax_query *q,
		     struct hoax_match *out);

/* Bytes held by the scratch's buffers. */
size_t hoax_scratch_memory(const struct hoax_scratch *s);

/* Frees the scratch's buffers (not the struct); accepts NULL. */
void hoax_scratch_free(struct hoax_scratch *s);

/* Frees the index; accepts NULL. */
void hoax_index_free(struct hoax_index *ix);

#endif
