/*
 * text/normalize.h - the engine's text pipeline (DESIGN.md "The engine",
 * step 1): Indonesian social-media text to one canonical, lower-case,
 * space-separated token string, with a map back to the original bytes.
 *
 * Everything that is matched (profile and rulebook terms by the rules layer)
 * and everything that is classified (hate speech, hoax shingles) goes through
 * text_normalize() with the same lexicon, so a term and a post agree on
 * spelling. Stemming is not applied to the normalised string; text_stem()
 * is there for classifiers and rules that want it.
 *
 * Pipeline, in order, offsets tracked throughout: invalid UTF-8 skipped and
 * input capped at TEXT_MAX_INPUT bytes; NFKC + case folding (utf8proc, only
 * for non-ASCII; marks stripped from Latin letters; look-alike letters of
 * other scripts folded to Latin by UTS #39, confusable.c); tokenising
 * (letters spelt out one by one joined, letter/digit
 * runs, hashtags split on CamelCase / letter-digit boundaries / known words,
 * @mentions kept whole, URLs dropped, digit groups "100.000" joined, leading
 * zeros of numbers stripped); de-leet (c0bl0s -> coblos); squeezing repeated
 * letters (dukuuung -> dukung); slang expansion (yg -> yang); "no" before a
 * number -> "nomor"; emoji with election meaning to tokens (data/emoji.txt).
 * docs/text.md describes each step.
 */
#ifndef NETRA_TEXT_NORMALIZE_H
#define NETRA_TEXT_NORMALIZE_H

#include <stddef.h>
#include <stdint.h>

/* Inputs longer than this are normalised up to here (at a UTF-8 boundary),
 * so any input takes bounded time. */
#define TEXT_MAX_INPUT 65536

/* Lexicon: slang map, emoji map, known-word list (for squeezing, de-leet and
 * splitting lower-case hashtags) and stemmer exceptions. Built once by
 * text_lexicon_load() (and optionally text_lexicon_add_*), then read-only
 * and safe to share between threads. */
struct text_lexicon;

/*
 * Loads data_dir/words.txt, slang.txt, number_words.txt, emoji.txt and
 * stem_exceptions.txt (formats in each file's header comment). *out is NULL on
 * entry; on success it owns a lexicon the caller frees with
 * text_lexicon_free(). Errors: NETRA_EIO (cannot read), NETRA_EINVALID
 * ("file:line: reason"), NETRA_ENOMEM.
 */
int text_lexicon_load(struct text_lexicon **out, const char *data_dir);

/*
 * Adds entries from an extra file before the lexicon is shared: kind
 * TEXT_LEX_SLANG reads "slang<TAB or comma>expansion" lines (so an external
 * list such as a kamus alay CSV can be used at runtime without copying it),
 * TEXT_LEX_WORDS reads known words (separated by spaces or lines). Existing
 * slang keys win; lines that cannot be used are skipped. Bytes that are not
 * valid UTF-8 are read as Latin-1. Errors: NETRA_EIO, NETRA_ENOMEM.
 */
enum text_lex_kind { TEXT_LEX_SLANG, TEXT_LEX_WORDS };
int text_lexicon_add_file(struct text_lexicon *lex, const char *path,
                          enum text_lex_kind kind);

/*
 * Adds one known word (e.g. a candidate's name from the election profile)
 * so squeezing, de-leet and lower-case hashtag splitting recognise it. The
 * word is normalised first; a multi-word string adds each word. Cheap
 * (amortised O(1) per word), so a profile's thousands of terms are fine.
 * Call only before the lexicon is shared and before terms are normalised
 * with it (a term normalised earlier may split differently).
 */
int text_lexicon_add_word(struct text_lexicon *lex, const char *w, size_t len);

/* True if the normalised single word w is in the known-word list (words.txt,
 * slang keys and expansions, added words). */
int text_lexicon_known(const struct text_lexicon *lex, const char *w,
                       size_t len);

/* Frees a lexicon; accepts NULL. */
void text_lexicon_free(struct text_lexicon *lex);

/* Token flags: where a normalised token came from. */
enum {
	TEXT_TOK_NUMBER = 1 << 0,  /* all digits, leading zeros stripped */
	TEXT_TOK_HASHTAG = 1 << 1, /* a part of a split #hashtag */
	TEXT_TOK_MENTION = 1 << 2, /* "@handle" (kept with the '@') */
	TEXT_TOK_EMOJI = 1 << 3,   /* from an emoji (incl. keycap digits) */
	TEXT_TOK_SLANG = 1 << 4,   /* from a slang expansion */
	TEXT_TOK_LEET = 1 << 5,    /* digits read as letters (c0bl0s) */
	TEXT_TOK_SQUEEZED = 1 << 6, /* repeated letters squeezed */
	TEXT_TOK_PADDED = 1 << 7,   /* 2-digit "0N" written zero-padded */
	TEXT_TOK_CONFUSABLE = 1 << 8, /* look-alike letters of another
	                                 script read as Latin ("соblos") */
	TEXT_TOK_SPELLED = 1 << 9     /* letters spelt out one by one
	                                 ("c o b l o s", "c.o.b.l.o.s") */
};

/* One token of the normalised string. */
struct text_tok {
	uint32_t off, len; /* bytes buf[off, off+len) */
	uint32_t orig_a;   /* original bytes [orig_a, orig_b) it came */
	uint32_t orig_b;   /* from: the whole word as written */
	uint32_t flags;    /* TEXT_TOK_* */
};

/*
 * Per-thread scratch and result. Zero-initialise (struct text_norm n = {0});
 * reuse for every event: once the buffers have grown to the largest input
 * seen, text_normalize() does not allocate. Free with text_norm_free().
 *
 * buf[0, len) is " tok tok tok ": one leading and one trailing space, tokens
 * separated by exactly one space, NUL-terminated (buf[len] == 0), so
 * whole-word and phrase matching is a literal search for " phrase ". Empty
 * input gives " ". Tokens contain no spaces.
 */
struct text_norm {
	char *buf;
	size_t len, cap;
	struct text_tok *tok; /* ntok tokens, in buf order */
	size_t ntok, tok_cap;
	size_t in_len; /* bytes of the input that were normalised */
	/* private scratch (do not touch) */
	char *w, *t1, *t2;
	size_t w_cap, t1_cap, t2_cap;
};

/*
 * Normalises s[0, len) (any bytes) into n with lex. Returns 0, or
 * NETRA_ENOMEM (n stays valid and freeable). Inputs beyond TEXT_MAX_INPUT
 * bytes are cut there. lex may be NULL (no slang, emoji or known words:
 * only Unicode folding, tokenising, numbers and the structural de-leet).
 */
int text_normalize(struct text_norm *n, const struct text_lexicon *lex,
                   const char *s, size_t len);

/*
 * Maps the normalised byte range [a, b) of n->buf to the original byte range
 * [*orig_a, *orig_b) covering the words as written (whole original tokens:
 * "#AyoPilihNomor2" for a match in "ayo pilih nomor 2", "c0bl0s" for
 * "coblos"). A range touching no token gives an empty range at the nearest
 * token boundary (0,0 for an empty text).
 */
void text_norm_span(const struct text_norm *n, size_t a, size_t b,
                    size_t *orig_a, size_t *orig_b);

/* Index of the token containing normalised byte a, or of the first token
 * after it; n->ntok if none. */
size_t text_norm_tok_at(const struct text_norm *n, size_t a);

/* Frees n's buffers and zeroes it; accepts NULL. */
void text_norm_free(struct text_norm *n);

/*
 * Stemming (Snowball Indonesian via libstemmer, plus the lexicon's exception
 * list for words it over-stems: penistaan -> nista, berita -> berita, ...).
 * A stemmer is per thread (libstemmer handles are not thread-safe).
 */
struct text_stemmer;

/* *out is NULL on entry; on success the caller frees it with
 * text_stemmer_free(). lex may be NULL (no exceptions); it must outlive
 * the stemmer. */
int text_stemmer_new(struct text_stemmer **out, const struct text_lexicon *lex);
void text_stemmer_free(struct text_stemmer *st);

/*
 * Stems one normalised word w[0, len). *out points at the stem (NOT
 * NUL-terminated, *out_len bytes), valid until the next call with st.
 * Returns 0 or NETRA_ENOMEM. Tokens that are not plain lower-case words
 * (numbers, mentions, emoji tokens) are returned unchanged.
 */
int text_stem(struct text_stemmer *st, const char *w, size_t len,
              const char **out, size_t *out_len);

#endif
