/*
 * text/normalize.c - the text pipeline (see normalize.h and docs/text.md).
 *
 * One pass over the input bytes builds "raw tokens" (a word, a #hashtag,
 * an @mention, a run of keycap digits) in n->w, lower-cased, with the
 * original byte range they came from. Pure ASCII is classified with a
 * table; only non-ASCII codepoints go through utf8proc. Each finished raw
 * token is then turned into output tokens in order: whole-token slang,
 * digit/letter analysis (de-leet or split numbers off), squeezing, hashtag
 * word splitting, slang expansion. Every output token records the original
 * range of the raw token it came from, which is what text_norm_span()
 * returns. Buffers live in struct text_norm and only grow.
 */
#include "text/lexicon_int.h"

#include <assert.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "util/error.h"

enum { C_SEP, C_LOW, C_UP, C_DIG, C_HASH, C_AT, C_APOS, C_NUMSEP, C_UND };
enum { K_NONE, K_WORD, K_HASH, K_KEYCAP };

/* In n->w, a hashtag's split points: a sure one (CamelCase, '_') and a
 * "KPUDukung" / "RIDAuntuk" one, before or after the next letter
 * (settled by resolve_hash). */
#define HASH_BOUNDARY '\x01'
#define HASH_MAYBE    '\x02'
#define SEG_MAX       48 /* longest hashtag part we try to split */
#define SPELL_MIN     4  /* single letters that make a spelt-out word */
#define SPELL_MAX     48 /* longest spelt-out word */

static const unsigned char ascii_class[128] = {
    ['a' ... 'z'] = C_LOW, ['A' ... 'Z'] = C_UP, ['0' ... '9'] = C_DIG,
    ['#'] = C_HASH,        ['@'] = C_AT,         ['\''] = C_APOS,
    ['.'] = C_NUMSEP,      [','] = C_NUMSEP,     [':'] = C_NUMSEP,
    ['/'] = C_NUMSEP,      ['_'] = C_UND,
};

/* Digit -> letter for de-leet; 0 where a digit has no letter reading. */
static const char leet_map[10] = {'o', 'i', 0,   'e', 'a',
                                  's', 'g', 't', 'b', 'g'};

struct scan {
	struct text_norm *n;
	const struct text_lexicon *lex;
	const unsigned char *s;
	size_t len;
	size_t wlen;     /* bytes in n->w */
	int kind;        /* K_* of the raw token being built */
	int prev_up;     /* last appended letter was upper-case (hashtag) */
	int prev_low;    /* last appended letter was lower-case (hashtag) */
	uint32_t wa, wb; /* its original byte range */
	int nonascii;    /* it holds a non-ASCII letter */
	int err;
	/* single letters spelt out so far ("c o b l o s"), each with its
	 * original range, and the gap that separates them (" ", ".", "-",
	 * "_", ". "): see spell_push() */
	size_t spell_n, gap_len;
	char gap[2];
	uint32_t spell_flags;
	int spelling; /* spell_end() is emitting them */
	/* from here on not zeroed per call: read only below spell_n */
	char spell[SPELL_MAX];
	uint32_t spell_a[SPELL_MAX], spell_b[SPELL_MAX];
};

static void spell_end(struct scan *st);

/* ---- growing buffers ------------------------------------------------ */

static int grow(void **p, size_t *cap, size_t need, size_t size)
{
	size_t c = *cap ? *cap : 64;
	void *q;

	if (need <= *cap)
		return 0;
	while (c < need)
		c *= 2;
	q = realloc(*p, c * size);
	if (!q)
		return NETRA_ENOMEM;
	*p = q;
	*cap = c;
	return 0;
}

#define GROW(st, ptr, capf, need)                                              \
	(grow((void **)&(ptr), &(capf), (need), sizeof(*(ptr)))                \
	     ? ((st)->err = NETRA_ENOMEM, -1)                                  \
	     : 0)

/* ---- output --------------------------------------------------------- */

static int is_word(const struct text_norm *n, const struct text_tok *t,
                   const char *w, size_t len)
{
	return t->len == len && memcmp(n->buf + t->off, w, len) == 0;
}

/* Appends one token (no spaces in w) with original range [a, b). */
static void emit_tok(struct scan *st, const char *w, size_t len, uint32_t flags,
                     uint32_t a, uint32_t b)
{
	struct text_norm *n = st->n;
	struct text_tok *t;

	if (!len || st->err)
		return;
	if (st->spell_n && !st->spelling)
		spell_end(st); /* letters spelt out before this token */
	if (n->ntok) {
		t = &n->tok[n->ntok - 1];
		/* a run of the same emoji is one token */
		if ((flags & TEXT_TOK_EMOJI) && !(flags & TEXT_TOK_NUMBER) &&
		    (t->flags & TEXT_TOK_EMOJI) && is_word(n, t, w, len)) {
			t->orig_b = b;
			return;
		}
		/* "no 2", "no urut 2": "no" is "nomor" */
		if (((flags & TEXT_TOK_NUMBER) ||
		     (len == 4 && memcmp(w, "urut", 4) == 0)) &&
		    is_word(n, t, "no", 2) && !(t->flags & TEXT_TOK_MENTION)) {
			uint32_t pa = t->orig_a, pb = t->orig_b, pf = t->flags;
			n->len = t->off;
			n->ntok--;
			emit_tok(st, "nomor", 5, pf | TEXT_TOK_SLANG, pa, pb);
		}
	}
	if (GROW(st, n->buf, n->cap, n->len + len + 2) ||
	    GROW(st, n->tok, n->tok_cap, n->ntok + 1))
		return;
	t = &n->tok[n->ntok++];
	t->off = (uint32_t)n->len;
	t->len = (uint32_t)len;
	t->orig_a = a;
	t->orig_b = b;
	t->flags = flags;
	memcpy(n->buf + n->len, w, len);
	n->len += len;
	n->buf[n->len++] = ' ';
	n->buf[n->len] = '\0';
}

/* Emits a space-separated word list (a slang expansion). */
static void emit_words(struct scan *st, const char *w, size_t len,
                       uint32_t flags)
{
	size_t i = 0, j;

	while (i < len) {
		for (j = i; j < len && w[j] != ' '; j++)
			;
		emit_tok(st, w + i, j - i, flags, st->wa, st->wb);
		i = j + 1;
	}
}

/* A final word: expand slang, else emit as is. */
static void emit_final(struct scan *st, const char *w, size_t len,
                       uint32_t flags)
{
	int64_t v;

	if (lex_get(st->lex, w, len, &v) && (LEX_FLAGS(v) & LEX_SLANG)) {
		emit_words(st, st->lex->pool.data + LEX_OFF(v), LEX_LEN(v),
		           flags | TEXT_TOK_SLANG);
		return;
	}
	emit_tok(st, w, len, flags, st->wa, st->wb);
}

static void emit_number(struct scan *st, const char *d, size_t len,
                        uint32_t flags)
{
	/* "02": how ballot pairs are usually written ("02 menang!") */
	if (len == 2 && d[0] == '0' && d[1] != '0')
		flags |= TEXT_TOK_PADDED;
	while (len > 1 && d[0] == '0') {
		d++;
		len--;
	}
	emit_tok(st, d, len, flags | TEXT_TOK_NUMBER, st->wa, st->wb);
}

/* ---- squeezing -------------------------------------------------------- */

static int known(const struct text_lexicon *lex, const char *w, size_t len)
{
	return text_lexicon_known(lex, w, len);
}

/* Writes w with each run of a repeated ASCII letter cut to 1, or to 2 when
 * bit i of dbl is set for the i-th run (of length >= 2). */
static size_t squeeze_to(char *out, const char *w, size_t len, unsigned dbl)
{
	size_t i = 0, o = 0, r = 0, j;

	while (i < len) {
		for (j = i + 1; j < len && w[j] == w[i]; j++)
			;
		if (j - i >= 2 && w[i] >= 'a' && w[i] <= 'z') {
			out[o++] = w[i];
			if (r < 32 && (dbl >> r & 1))
				out[o++] = w[i];
			r++;
			i = j;
			continue;
		}
		memcpy(out + o, w + i, j - i);
		o += j - i;
		i = j;
	}
	return o;
}

/*
 * Squeezes repeated letters of w into n->t2 when that is what was meant:
 * a word known as written stays (saat, maaf, tunggu); else the first known
 * form with fewest doubled runs wins (dukuuung -> dukung, maaaaf -> maaf);
 * else runs of 3+ become 1 and doubles stay. Returns w or n->t2, length in
 * *olen; *changed says whether it differs.
 */
static const char *squeeze(struct scan *st, const char *w, size_t len,
                           size_t *olen, int *changed)
{
	size_t i, j, runs = 0;
	unsigned triple = 0, dflt = 0, m, best, bits, b;
	char *out;

	*olen = len;
	*changed = 0;
	for (i = 0; i < len; i = j) {
		for (j = i + 1; j < len && w[j] == w[i]; j++)
			;
		if (j - i >= 2 && w[i] >= 'a' && w[i] <= 'z') {
			if (j - i >= 3)
				triple = 1;
			else if (runs < 32)
				dflt |= 1u << runs;
			runs++;
		}
	}
	if (!runs || (!triple && known(st->lex, w, len)))
		return w;
	if (GROW(st, st->n->t2, st->n->t2_cap, 2 * len + 1))
		return w;
	out = st->n->t2;
	best = dflt;
	if (st->lex && runs <= 4 && len <= 64) {
		/* masks by number of doubled runs: 0 doubles first */
		for (bits = 0; bits <= runs; bits++) {
			for (m = 0; m < (1u << runs); m++) {
				if ((unsigned)__builtin_popcount(m) != bits)
					continue;
				b = (unsigned)squeeze_to(out, w, len, m);
				if (known(st->lex, out, b)) {
					best = m;
					goto found;
				}
			}
		}
	}
found:
	*olen = squeeze_to(out, w, len, best);
	*changed = *olen != len;
	return out;
}

/* ---- hashtag word splitting ------------------------------------------- */

/*
 * Splits a lower-case run from a hashtag into known words (fewest pieces),
 * pieces >= 2 letters; failing that, known pieces >= 3 letters plus exactly
 * one unknown piece >= 4 letters (a name: "bersamahendra"). Writes piece
 * end positions to ends[] and returns their count, or 0 for no split.
 */
static size_t segment(const struct scan *st, const char *w, size_t len,
                      uint8_t *ends)
{
	uint8_t cost[2][SEG_MAX + 1], from[2][SEG_MAX + 1];
	size_t i, j, k, cnt, minlen;
	int u, pass, pu;

	for (pass = 0; pass < 2; pass++) {
		minlen = pass ? 3 : 2;
		memset(cost, 0xff, sizeof(cost));
		cost[0][0] = 0;
		for (j = 1; j <= len; j++) {
			for (i = 0; i < j; i++) {
				int kn = j - i >= minlen &&
				         known(st->lex, w + i, j - i);
				int unk = pass && j - i >= 4 && j - i < len;
				for (u = 0; u < 2; u++) {
					if (cost[u][i] == 0xff)
						continue;
					if (kn && cost[u][i] + 1 < cost[u][j]) {
						cost[u][j] = cost[u][i] + 1;
						from[u][j] =
						    (uint8_t)(i << 1 | u);
					}
					if (unk && !u &&
					    cost[0][i] + 1 < cost[1][j]) {
						cost[1][j] = cost[0][i] + 1;
						from[1][j] = (uint8_t)(i << 1);
					}
				}
			}
		}
		u = pass;
		if (cost[u][len] == 0xff || cost[u][len] < 2)
			continue;
		cnt = cost[u][len];
		for (j = len, k = cnt; k > 0; k--) {
			ends[k - 1] = (uint8_t)j;
			pu = from[u][j] & 1;
			j = from[u][j] >> 1;
			u = pu;
		}
		return cnt;
	}
	return 0;
}

/* ---- words ------------------------------------------------------------ */

/* A letter-only piece: squeeze, split if a hashtag part, expand slang. */
static void emit_letters(struct scan *st, const char *w, size_t len,
                         uint32_t flags)
{
	uint8_t ends[SEG_MAX];
	size_t sl, cnt, i, a;
	int changed, ascii = 1;
	const char *s = squeeze(st, w, len, &sl, &changed);

	if (changed)
		flags |= TEXT_TOK_SQUEEZED;
	for (i = 0; i < sl; i++)
		ascii &= (unsigned char)s[i] < 0x80;
	if ((flags & TEXT_TOK_HASHTAG) && st->lex && ascii && sl >= 4 &&
	    sl <= SEG_MAX && !known(st->lex, s, sl) &&
	    (cnt = segment(st, s, sl, ends)) > 0) {
		for (i = 0, a = 0; i < cnt; a = ends[i++])
			emit_final(st, s + a, ends[i] - a, flags);
		return;
	}
	emit_final(st, s, sl, flags);
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Writes w with every digit read as a letter ('1' as one_as) into n->t1;
 * returns its length, or 0 if some digit has no letter reading. */
static size_t deleet_all(struct scan *st, const char *w, size_t len,
                         char one_as)
{
	size_t i;
	char *o;

	if (GROW(st, st->n->t1, st->n->t1_cap, len + 1))
		return 0;
	o = st->n->t1;
	for (i = 0; i < len; i++) {
		if (!is_digit(w[i])) {
			o[i] = w[i];
			continue;
		}
		o[i] = w[i] == '1' ? one_as : leet_map[w[i] - '0'];
		if (!o[i])
			return 0;
	}
	return len;
}

static int no_digit(const char *w, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (is_digit(w[i]))
			return 0;
	return 1;
}

/*
 * "hati2", "kasar2", "dua2nya": a "2" glued to a word doubles it (the
 * informal way to write "hati-hati", "dua-duanya"), unless the word takes
 * a number (number_words.txt: "pilih2", "no2", "paslon2"). In a hashtag
 * only a known word doubles ("#Tangsel2RIDA" has a number). Returns 1 if
 * it emitted the doubled word.
 */
static int redup(struct scan *st, const char *w, size_t len, uint32_t flags)
{
	static const char *const suffix[] = {"nya", "an", "kan", "lah",
	                                     "i",   "mu", "ku"};
	size_t x, sl = 0, k;
	const char *two = memchr(w, '2', len);
	int64_t v = 0;
	int found;
	char buf[64];

	if (!st->lex || !two)
		return 0;
	x = (size_t)(two - w);
	if (x < 3 || x >= sizeof(buf) - 8 || !no_digit(w, x))
		return 0;
	if (x + 1 < len) { /* a suffix after the 2 */
		sl = len - x - 1;
		for (k = 0; k < sizeof(suffix) / sizeof(suffix[0]); k++)
			if (strlen(suffix[k]) == sl &&
			    memcmp(w + x + 1, suffix[k], sl) == 0)
				break;
		if (k == sizeof(suffix) / sizeof(suffix[0]))
			return 0;
	}
	found = lex_get(st->lex, w, x, &v);
	if ((found && (LEX_FLAGS(v) & LEX_NUMW)) ||
	    ((flags & TEXT_TOK_HASHTAG) && !found))
		return 0;
	memcpy(buf, w, x);
	memcpy(buf + x, w + x + 1, sl);
	emit_letters(st, buf, x, flags);
	emit_letters(st, buf, x + sl, flags);
	return 1;
}

/* True if the de-leeted (and squeezed) form of w is a known word. */
static int deleet_known(struct scan *st, const char *o, size_t len)
{
	size_t sl;
	int ch;
	const char *s = squeeze(st, o, len, &sl, &ch);

	return known(st->lex, s, sl);
}

/* Letter run [a, b) of w is a known word of 3+ letters. */
static int run_known(struct scan *st, const char *w, size_t a, size_t b)
{
	return b - a >= 3 && known(st->lex, w + a, b - a);
}

/*
 * A token mixing letters and digits. Digits are read as letters when the
 * whole token then is a known word (y4 -> ya, 4y0 -> ayo), or when a single
 * digit sits between letters (c0bl0s, s4l4h, h3ndr4) unless a neighbouring
 * letter run is itself a known word (pilih1hendra). Every other digit run is
 * a number of its own (pilih2 -> pilih 2, #pilih02hendra -> pilih 2 hendra).
 */
static void mixed(struct scan *st, const char *w, size_t len, uint32_t flags)
{
	size_t i, j, k, pa, pb, o;
	int any = 0;
	char *t;

	if (redup(st, w, len, flags))
		return;
	/* an amount with its unit ("50k", "100rb", "90an"): two or more
	 * digits then one or two letters is no leet ("50k" is not "sok") */
	for (i = 0; i < len && is_digit(w[i]); i++)
		;
	if (i >= 2 && len - i >= 1 && len - i <= 2 && !is_digit(w[len - 1]) &&
	    (len - i == 1 || !is_digit(w[i + 1]))) {
		emit_number(st, w, i, flags);
		emit_letters(st, w + i, len - i, flags);
		return;
	}
	if (st->lex && ((o = deleet_all(st, w, len, 'i')) > 0 &&
	                deleet_known(st, st->n->t1, o))) {
		emit_letters(st, st->n->t1, o, flags | TEXT_TOK_LEET);
		return;
	}
	if (st->lex && memchr(w, '1', len) &&
	    (o = deleet_all(st, w, len, 'l')) > 0 &&
	    deleet_known(st, st->n->t1, o)) {
		emit_letters(st, st->n->t1, o, flags | TEXT_TOK_LEET);
		return;
	}
	if (GROW(st, st->n->t1, st->n->t1_cap, len + 1))
		return;
	t = st->n->t1;
	/* mark leet digits in t: the letter, else keep the digit */
	memcpy(t, w, len);
	for (i = 0; i < len; i = j) {
		for (j = i; j < len && is_digit(w[j]); j++)
			;
		if (j == i) {
			j++;
			continue;
		}
		if (j - i == 1 && i > 0 && j < len && leet_map[w[i] - '0']) {
			for (pa = i; pa > 0 && !is_digit(w[pa - 1]); pa--)
				;
			for (pb = j; pb < len && !is_digit(w[pb]); pb++)
				;
			if (!run_known(st, w, pa, i) &&
			    !run_known(st, w, j, pb)) {
				t[i] = leet_map[w[i] - '0'];
				any = 1;
			}
		}
	}
	if (any) { /* single edge digits go with an inner one: h3ndr4 */
		if (is_digit(w[0]) && !is_digit(w[1]) && leet_map[w[0] - '0'])
			t[0] = leet_map[w[0] - '0'];
		if (is_digit(w[len - 1]) && !is_digit(w[len - 2]) &&
		    leet_map[w[len - 1] - '0'])
			t[len - 1] = leet_map[w[len - 1] - '0'];
	}
	/* emit alternating letter pieces and number pieces of t */
	for (i = 0; i < len && !st->err; i = j) {
		int dig = is_digit(t[i]);
		for (j = i; j < len && is_digit(t[j]) == dig; j++)
			;
		if (dig) {
			emit_number(st, t + i, j - i, flags);
			continue;
		}
		for (k = i; k < j && t[k] == w[k]; k++)
			;
		/* t is n->t1, which emit_letters() does not touch */
		emit_letters(st, t + i, j - i,
		             flags | (k < j ? TEXT_TOK_LEET : 0));
	}
}

/* One raw word (or hashtag part): slang, numbers, de-leet, letters. */
static void process_word(struct scan *st, const char *w, size_t len,
                         uint32_t flags)
{
	int64_t v = 0;
	size_t i;
	int dig = 0, let = 0, dbl = 0, found;

	if (!len)
		return;
	found = lex_get(st->lex, w, len, &v);
	if (found && (LEX_FLAGS(v) & LEX_SLANG)) {
		emit_words(st, st->lex->pool.data + LEX_OFF(v), LEX_LEN(v),
		           flags | TEXT_TOK_SLANG);
		return;
	}
	for (i = 0; i < len; i++) {
		if (is_digit(w[i]))
			dig = 1;
		else
			let = 1;
		if (i && w[i] == w[i - 1])
			dbl = 1;
	}
	/* the common case: a plain word, nothing to squeeze or split */
	if (!dig && !dbl && (found || !(flags & TEXT_TOK_HASHTAG))) {
		emit_tok(st, w, len, flags, st->wa, st->wb);
		return;
	}
	if (!dig)
		emit_letters(st, w, len, flags);
	else if (!let)
		emit_number(st, w, len, flags);
	else
		mixed(st, w, len, flags);
}

static int is_boundary(char c)
{
	return c == HASH_BOUNDARY || c == HASH_MAYBE;
}

static int all_letters(const char *w, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (is_digit(w[i]))
			return 0;
	return 1;
}

/*
 * Glues two adjacent letter parts of a hashtag back when together they
 * are a known word and apart they are not both known: a name from the
 * election profile written in CamelCase ("#Pilih01HarNing": "harning", not
 * "har ning"). Works on n->w in place; returns the new length.
 */
static size_t glue_known(struct scan *st, char *w, size_t len)
{
	char tmp[2 * SEG_MAX];
	size_t i, a = 0, b, la, lb;

	for (i = 0; i < len; i++) {
		if (w[i] != HASH_BOUNDARY)
			continue;
		for (b = i + 1; b < len && w[b] != HASH_BOUNDARY; b++)
			;
		la = i - a;
		lb = b - i - 1;
		if (la && lb && la + lb <= sizeof(tmp) &&
		    all_letters(w + a, la) && all_letters(w + i + 1, lb) &&
		    !(known(st->lex, w + a, la) &&
		      known(st->lex, w + i + 1, lb))) {
			memcpy(tmp, w + a, la);
			memcpy(tmp + la, w + i + 1, lb);
			if (known(st->lex, tmp, la + lb)) {
				memmove(w + i, w + i + 1, len - i - 1);
				len--;
				continue; /* w[i] now starts the glued rest */
			}
		}
		a = i + 1;
	}
	return len;
}

/*
 * Settles a hashtag's split points in n->w, in place. An upper-case run
 * followed by a lower-case word splits before its last capital ("KPU |
 * Dukung") unless the word is only known with that capital left out
 * ("RIDA | untuk"). Then runs of parts of one or two letters are glued
 * back: they are an acronym written in CamelCase ("HeLu", "PaGi"), not
 * words ("He Lu"); and parts that are a known word only together are
 * glued (glue_known). Returns the new length.
 */
static size_t resolve_hash(struct scan *st, char *w, size_t len)
{
	size_t i, q, o, start, part;
	int prev_short = 0, cur_short;

	for (i = 0; i < len; i++) {
		if (w[i] != HASH_MAYBE)
			continue;
		for (q = i + 1; q < len && !is_boundary(w[q]); q++)
			;
		if (q - i > 2 && !known(st->lex, w + i + 1, q - i - 1) &&
		    known(st->lex, w + i + 2, q - i - 2)) {
			w[i] = w[i + 1];
			w[i + 1] = HASH_BOUNDARY;
		} else {
			w[i] = HASH_BOUNDARY;
		}
	}
	/* glue short parts: copy parts, dropping a boundary between two
	 * parts of at most two letters */
	for (i = 0, o = 0, start = 0; i <= len; i++) {
		if (i < len && w[i] != HASH_BOUNDARY)
			continue;
		part = i - start;
		cur_short =
		    part > 0 && part <= 2 && all_letters(w + start, part);
		if (o > 0 && !(prev_short && cur_short))
			w[o++] = HASH_BOUNDARY;
		memmove(w + o, w + start, part);
		o += part;
		prev_short = cur_short;
		start = i + 1;
	}
	return glue_known(st, w, o);
}

/* ---- look-alike letters and spelt-out words ---------------------------- */

/*
 * A raw token holding non-ASCII letters: when every one of them has a
 * Latin look-alike (lex->fold, confusable.c), it is rewritten with those
 * letters ("соblos" with Cyrillic с and о -> "coblos"); a letter without
 * one leaves the word as written (a word of another script). A letter
 * that looks Latin only as a capital ("в" for "В") counts only in a word
 * that also holds ASCII letters ("вот" stays). Sets TEXT_TOK_CONFUSABLE.
 */
static void fold_word(struct scan *st, uint32_t *flags)
{
	struct text_norm *n = st->n;
	const struct lex_fold *f;
	utf8proc_int32_t cp;
	utf8proc_ssize_t r;
	size_t i, o = 0;
	int latin = 0, cap = 0;

	if (!st->lex || !st->lex->nfold)
		return;
	for (i = 0; i < st->wlen; i += (size_t)r) {
		unsigned char c = (unsigned char)n->w[i];

		r = 1;
		if (c < 0x80) {
			latin |= c >= 'a' && c <= 'z';
			continue;
		}
		r = utf8proc_iterate((const utf8proc_uint8_t *)n->w + i,
		                     (utf8proc_ssize_t)(st->wlen - i), &cp);
		if (r <= 0 || !(f = lex_fold_get(st->lex, (uint32_t)cp)))
			return;
		cap |= f->cap_only;
	}
	if ((cap && !latin) ||
	    GROW(st, n->t1, n->t1_cap, 3 * st->wlen + 1))
		return;
	for (i = 0; i < st->wlen; i += (size_t)r) {
		r = 1;
		if ((unsigned char)n->w[i] < 0x80) {
			n->t1[o++] = n->w[i];
			continue;
		}
		r = utf8proc_iterate((const utf8proc_uint8_t *)n->w + i,
		                     (utf8proc_ssize_t)(st->wlen - i), &cp);
		f = lex_fold_get(st->lex, (uint32_t)cp);
		memcpy(n->t1 + o, f->to, f->len);
		o += f->len;
	}
	if (GROW(st, n->w, n->w_cap, o + 2))
		return;
	memcpy(n->w, n->t1, o);
	st->wlen = o;
	*flags |= TEXT_TOK_CONFUSABLE;
}

/* True for the bytes that may separate letters spelt out one by one. */
static int spell_gap_byte(unsigned char c)
{
	return c == ' ' || c == '.' || c == '-' || c == '_';
}

/*
 * A raw word of one ASCII letter joins the run of letters spelt out
 * before it when the gap between them is one or two separator bytes
 * (" ", ".", "-", "_", ". ") and the same gap as between the letters
 * before; otherwise the run ends (spell_end) and a new one starts with
 * it. Returns 1 if the letter was taken (nothing emitted yet).
 */
static int spell_push(struct scan *st, uint32_t flags)
{
	const char c = st->n->w[0];
	size_t k, g, n = st->spell_n;
	uint32_t pb;
	int ok;

	if (st->wlen != 1 || c < 'a' || c > 'z')
		return 0;
	if (n) {
		pb = st->spell_b[n - 1];
		g = st->wa >= pb ? st->wa - pb : 0;
		ok = g >= 1 && g <= 2 && n < SPELL_MAX;
		for (k = 0; ok && k < g; k++)
			ok = spell_gap_byte(st->s[pb + k]);
		if (ok && n >= 2)
			ok = g == st->gap_len &&
			     memcmp(st->gap, st->s + pb, g) == 0;
		if (!ok) {
			spell_end(st);
		} else if (n == 1) {
			memcpy(st->gap, st->s + pb, g);
			st->gap_len = g;
		}
	}
	n = st->spell_n;
	st->spell[n] = c;
	st->spell_a[n] = st->wa;
	st->spell_b[n] = st->wb;
	st->spell_flags |= flags;
	st->spell_n = n + 1;
	return 1;
}

/* Emits the run of single letters: as one word when there are at least
 * SPELL_MIN ("c o b l o s" -> "coblos", TEXT_TOK_SPELLED, the whole run
 * as its original range), else each letter as the word it is ("a.n.",
 * "y g"). */
static void spell_end(struct scan *st)
{
	size_t n = st->spell_n, i;
	uint32_t wa = st->wa, wb = st->wb, fl = st->spell_flags;

	if (!n)
		return;
	st->spelling = 1;
	st->spell_n = 0;
	st->spell_flags = 0;
	if (n >= SPELL_MIN) {
		st->wa = st->spell_a[0];
		st->wb = st->spell_b[n - 1];
		process_word(st, st->spell, n, fl | TEXT_TOK_SPELLED);
	} else {
		for (i = 0; i < n; i++) {
			st->wa = st->spell_a[i];
			st->wb = st->spell_b[i];
			process_word(st, st->spell + i, 1, fl);
		}
	}
	st->wa = wa;
	st->wb = wb;
	st->spelling = 0;
}

/* Ends the raw token being built and turns it into output tokens. */
static void flush(struct scan *st)
{
	uint32_t fl = 0;
	char *w;
	size_t i, a;

	if (st->nonascii && (st->kind == K_WORD || st->kind == K_HASH))
		fold_word(st, &fl);
	w = st->n->w;
	switch (st->kind) {
	case K_WORD:
		if (!spell_push(st, fl))
			process_word(st, w, st->wlen, fl);
		break;
	case K_HASH:
		st->wlen = resolve_hash(st, w, st->wlen);
		for (i = 0, a = 0; i <= st->wlen; i++) {
			if (i < st->wlen && w[i] != HASH_BOUNDARY)
				continue;
			process_word(st, w + a, i - a, TEXT_TOK_HASHTAG | fl);
			a = i + 1;
		}
		break;
	case K_KEYCAP:
		emit_number(st, w, st->wlen, TEXT_TOK_EMOJI);
		break;
	}
	st->kind = K_NONE;
	st->wlen = 0;
	st->nonascii = 0;
	st->prev_up = st->prev_low = 0;
}

/* ---- scanning --------------------------------------------------------- */

static void w_put(struct scan *st, char c)
{
	if (st->wlen + 1 >= st->n->w_cap &&
	    GROW(st, st->n->w, st->n->w_cap, st->wlen + 2))
		return;
	st->n->w[st->wlen++] = c;
}

static void start(struct scan *st, int kind, size_t at)
{
	st->kind = kind;
	st->wlen = 0;
	st->wa = st->wb = (uint32_t)at;
	st->nonascii = 0;
	st->prev_up = st->prev_low = 0;
}

static int byte_at(const struct scan *st, size_t i)
{
	return i < st->len ? st->s[i] : 0;
}

static int ascii_lower_letter(int c)
{
	return c >= 'a' && c <= 'z';
}

static int ascii_letter(int c)
{
	return ascii_lower_letter(c | 0x20);
}

static int ascii_alnum(int c)
{
	return ascii_letter(c) || (c >= '0' && c <= '9');
}

/* If a URL starts at i, the index just past it; else 0. */
static size_t url_end(const struct scan *st, size_t i)
{
	static const char *const pre[] = {"http://", "https://", "www."};
	static const size_t plen[] = {7, 8, 4};
	size_t p, k, m;

	for (p = 0; p < 3; p++) {
		m = plen[p];
		if (st->len - i < m)
			continue;
		for (k = 0; k < m; k++)
			if ((st->s[i + k] | 0x20) != pre[p][k] &&
			    st->s[i + k] != (unsigned char)pre[p][k])
				break;
		if (k < m)
			continue;
		for (k = i + m; k < st->len; k++) {
			unsigned char c = st->s[k];
			if (c <= ' ' || c >= 0x80 || c == '"' || c == '<' ||
			    c == '>')
				break;
		}
		return k;
	}
	return 0;
}

/* If a keycap ("1" U+FE0F? U+20E3) starts at digit i, the index past it. */
static size_t keycap_end(const struct scan *st, size_t i)
{
	size_t p = i + 1;

	if (st->len - p >= 3 && memcmp(st->s + p, "\xef\xb8\x8f", 3) == 0)
		p += 3;
	if (st->len - p >= 3 && memcmp(st->s + p, "\xe2\x83\xa3", 3) == 0)
		return p + 3;
	return 0;
}

/* "@handle": ASCII letters, digits, '_' and inner '.'; returns the index
 * past it (i + k if there is no handle). */
static size_t mention(struct scan *st, size_t i, size_t k)
{
	size_t p = i + k;

	st->wlen = 0;
	w_put(st, '@');
	while (p < st->len) {
		int c = st->s[p];
		if (ascii_alnum(c) || c == '_')
			w_put(st, (char)(ascii_letter(c) ? (c | 0x20) : c));
		else if (c == '.' && ascii_alnum(byte_at(st, p + 1)) &&
		         st->wlen > 1)
			w_put(st, '.');
		else
			break;
		p++;
	}
	if (st->wlen > 1 && !st->err)
		emit_tok(st, st->n->w, st->wlen, TEXT_TOK_MENTION, (uint32_t)i,
		         (uint32_t)p);
	st->wlen = 0;
	return p;
}

/* A letter or digit c (lower-cased; up: it was a capital) at [i, i + k);
 * nx is the byte after it. Returns the index to continue at. */
static size_t scan_alnum(struct scan *st, int c, int up, size_t i, size_t k,
                         int nx)
{
	size_t e;

	if (is_digit((char)c) && (e = keycap_end(st, i))) {
		if (st->kind != K_KEYCAP) {
			flush(st);
			start(st, K_KEYCAP, i);
		}
		w_put(st, (char)c);
		st->wb = (uint32_t)e;
		return e;
	}
	if (st->kind == K_KEYCAP)
		flush(st);
	if (st->kind == K_NONE) {
		if ((c == 'h' || c == 'w') && (e = url_end(st, i)))
			return e;
		start(st, K_WORD, i);
	}
	if (st->kind == K_HASH && !is_digit((char)c)) {
		if (up && st->wlen && st->n->w[st->wlen - 1] != HASH_BOUNDARY) {
			if (st->prev_low)
				w_put(st, HASH_BOUNDARY);
			else if (st->prev_up && ascii_lower_letter(nx))
				w_put(st, HASH_MAYBE);
		}
		st->prev_up = up;
		st->prev_low = !up;
	} else {
		/* a digit then a capital splits like lower-case does:
		 * "Pilih01HeLu", "Tangsel2RIDA" */
		st->prev_up = 0;
		st->prev_low = st->kind == K_HASH;
	}
	w_put(st, (char)c);
	st->wb = (uint32_t)(i + k);
	return i + k;
}

/*
 * One ASCII character c (lower-cased; up says it was upper-case) taken
 * from input bytes [i, i + k). Returns the index to continue at.
 */
static size_t scan_ascii(struct scan *st, int c, int up, size_t i, size_t k)
{
	int cls = ascii_class[c], nx = byte_at(st, i + k);

	switch (cls) {
	case C_LOW:
	case C_DIG:
		return scan_alnum(st, c, up, i, k, nx);
	case C_HASH:
		flush(st);
		if (ascii_alnum(nx) || nx >= 0x80) {
			start(st, K_HASH, i);
			st->wb = (uint32_t)(i + k);
		}
		return i + k;
	case C_AT:
		if (st->kind != K_NONE && st->wb == i) { /* e-mail address */
			flush(st);
			return i + k;
		}
		flush(st);
		return mention(st, i, k);
	case C_APOS:
		if ((st->kind == K_WORD || st->kind == K_HASH) && st->wlen &&
		    ascii_lower_letter(st->n->w[st->wlen - 1]) &&
		    ascii_letter(nx))
			return i + k;
		break;
	case C_NUMSEP:
		if (st->kind != K_NONE && st->wlen &&
		    is_digit(st->n->w[st->wlen - 1]) && nx >= '0' && nx <= '9')
			return i + k;
		break;
	case C_UND:
		if (st->kind == K_HASH) {
			if (st->wlen && st->n->w[st->wlen - 1] != HASH_BOUNDARY)
				w_put(st, HASH_BOUNDARY);
			return i + k;
		}
		break;
	}
	flush(st);
	return i + k;
}

static int word_category(utf8proc_int32_t cp)
{
	switch (utf8proc_category(cp)) {
	case UTF8PROC_CATEGORY_LU:
	case UTF8PROC_CATEGORY_LL:
	case UTF8PROC_CATEGORY_LT:
	case UTF8PROC_CATEGORY_LM:
	case UTF8PROC_CATEGORY_LO:
	case UTF8PROC_CATEGORY_MN:
	case UTF8PROC_CATEGORY_MC:
	case UTF8PROC_CATEGORY_ND:
	case UTF8PROC_CATEGORY_NL:
		return 1;
	default:
		return 0;
	}
}

/* A non-ASCII letter (already folded) from input bytes [i, i + k). */
static void scan_letter(struct scan *st, utf8proc_int32_t cp, size_t i,
                        size_t k)
{
	utf8proc_uint8_t enc[4];
	utf8proc_ssize_t m, j;

	if (st->kind == K_KEYCAP)
		flush(st);
	if (st->kind == K_NONE)
		start(st, K_WORD, i);
	m = utf8proc_encode_char(cp, enc);
	for (j = 0; j < m; j++)
		w_put(st, (char)enc[j]);
	st->nonascii = 1;
	st->prev_up = st->prev_low = 0;
	st->wb = (uint32_t)(i + k);
}

/* An emoji written by its name at i, as exports and datasets write them
 * ("<FACE WITH TEARS OF JOY>", ":victory_hand:"): a name of data/emoji.txt
 * between '<' and '>' or two ':' becomes that emoji's token, its span the
 * whole name. Returns the index after the name, or 0 (no known name). */
static size_t emoji_by_name(struct scan *st, size_t i)
{
	char key[LEX_EMOJI_NAME_MAX];
	char close = st->s[i] == '<' ? '>' : ':';
	size_t j, end = i + 1 + LEX_EMOJI_NAME_MAX, kn;
	int64_t v;

	if (!st->lex || !st->lex->emoji_names.count)
		return 0;
	for (j = i + 1; j < st->len && j < end && st->s[j] != close; j++)
		if (st->s[j] >= 0x80 || st->s[j] == '<' || st->s[j] == ':' ||
		    (close == ':' && st->s[j] == ' '))
			return 0; /* ":name:" is written with '_' */
	if (j >= st->len || st->s[j] != close || j == i + 1)
		return 0;
	kn = lex_emoji_key((const char *)st->s + i + 1, j - i - 1, key);
	if (!kn || !strmap_get(&st->lex->emoji_names, key, kn, &v))
		return 0;
	flush(st);
	emit_tok(st, st->lex->pool.data + LEX_OFF(v), LEX_LEN(v),
	         TEXT_TOK_EMOJI | (LEX_FLAGS(v) ? TEXT_TOK_NUMBER : 0),
	         (uint32_t)i, (uint32_t)(j + 1));
	return j + 1;
}

/* Drops an ignorable codepoint at [i, i + k): an emoji just before it
 * keeps it in its span (U+FE0F, skin tones). */
static void ignorable(struct scan *st, size_t i, size_t k)
{
	struct text_norm *n = st->n;

	if (st->kind == K_NONE && n->ntok &&
	    (n->tok[n->ntok - 1].flags & TEXT_TOK_EMOJI) &&
	    n->tok[n->ntok - 1].orig_b == i)
		n->tok[n->ntok - 1].orig_b = (uint32_t)(i + k);
}

/* The codepoint at i (non-ASCII byte). Returns the index to continue at. */
static size_t scan_unicode(struct scan *st, size_t i)
{
	const utf8proc_option_t opt = UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT |
	                              UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK;
	utf8proc_int32_t cp, d[32];
	utf8proc_ssize_t r, m, j;
	const struct lex_emoji *e;
	int bc = 0, up, nonascii = 0;
	size_t k, next;

	r = utf8proc_iterate(st->s + i, (utf8proc_ssize_t)(st->len - i), &cp);
	if (r <= 0) { /* invalid UTF-8: a separator */
		flush(st);
		return i + 1;
	}
	k = (size_t)r;
	if (text_ignorable_cp((uint32_t)cp)) {
		ignorable(st, i, k);
		return i + k;
	}
	if (cp == 0x2019 || cp == 0x2018 || cp == 0x02bc)
		return scan_ascii(st, '\'', 0, i, k);
	if ((e = lex_emoji_get(st->lex, (uint32_t)cp))) {
		flush(st);
		emit_tok(st, st->lex->pool.data + e->off, e->len,
		         TEXT_TOK_EMOJI | (e->number ? TEXT_TOK_NUMBER : 0),
		         (uint32_t)i, (uint32_t)(i + k));
		return i + k;
	}
	m = utf8proc_decompose_char(cp, d, 32, opt, &bc);
	if (m < 0 || m > 32) {
		flush(st);
		return i + k;
	}
	if (m == 0) { /* a mark on its own: part of the word */
		return i + k;
	}
	for (j = 0; j < m; j++)
		nonascii |= d[j] >= 0x80;
	if (m > 1 && nonascii) {
		m = utf8proc_normalize_utf32(d, m, UTF8PROC_COMPOSE);
		if (m < 0)
			m = 0;
	}
	up = utf8proc_category(cp) == UTF8PROC_CATEGORY_LU ||
	     utf8proc_category(cp) == UTF8PROC_CATEGORY_LT;
	next = i + k;
	for (j = 0; j < m; j++) {
		if (d[j] < 0x80) {
			size_t q = scan_ascii(st, (int)d[j], up, i, k);
			if (q > next)
				next = q;
		} else if (word_category(d[j])) {
			scan_letter(st, d[j], i, k);
		} else {
			flush(st);
		}
	}
	return next;
}

/* ASCII letters and digits, lower-cased; 0 for every other byte
 * (indexed by any byte). */
static const unsigned char ascii_word[256] = {
    ['0'] = '0', ['1'] = '1', ['2'] = '2', ['3'] = '3', ['4'] = '4',
    ['5'] = '5', ['6'] = '6', ['7'] = '7', ['8'] = '8', ['9'] = '9',
    ['a'] = 'a', ['b'] = 'b', ['c'] = 'c', ['d'] = 'd', ['e'] = 'e',
    ['f'] = 'f', ['g'] = 'g', ['h'] = 'h', ['i'] = 'i', ['j'] = 'j',
    ['k'] = 'k', ['l'] = 'l', ['m'] = 'm', ['n'] = 'n', ['o'] = 'o',
    ['p'] = 'p', ['q'] = 'q', ['r'] = 'r', ['s'] = 's', ['t'] = 't',
    ['u'] = 'u', ['v'] = 'v', ['w'] = 'w', ['x'] = 'x', ['y'] = 'y',
    ['z'] = 'z', ['A'] = 'a', ['B'] = 'b', ['C'] = 'c', ['D'] = 'd',
    ['E'] = 'e', ['F'] = 'f', ['G'] = 'g', ['H'] = 'h', ['I'] = 'i',
    ['J'] = 'j', ['K'] = 'k', ['L'] = 'l', ['M'] = 'm', ['N'] = 'n',
    ['O'] = 'o', ['P'] = 'p', ['Q'] = 'q', ['R'] = 'r', ['S'] = 's',
    ['T'] = 't', ['U'] = 'u', ['V'] = 'v', ['W'] = 'w', ['X'] = 'x',
    ['Y'] = 'y', ['Z'] = 'z',
};

/*
 * The fast path: inside a plain word, copies the run of ASCII letters and
 * digits from i lower-cased in one go. A digit right before a non-ASCII
 * byte is left to scan_ascii() (it may be a keycap). Returns the index to
 * continue at.
 */
static size_t word_run(struct scan *st, size_t i)
{
	size_t e = i, k;
	char *w;

	while (e < st->len && st->s[e] < 0x80 && ascii_word[st->s[e]])
		e++;
	if (e < st->len && st->s[e] >= 0x80 && is_digit((char)st->s[e - 1]))
		e--;
	if (e == i)
		return scan_ascii(st, st->s[i], 0, i, 1);
	if (st->wlen + (e - i) + 1 > st->n->w_cap &&
	    GROW(st, st->n->w, st->n->w_cap, st->wlen + (e - i) + 1))
		return st->len;
	w = st->n->w + st->wlen;
	for (k = i; k < e; k++)
		*w++ = (char)ascii_word[st->s[k]];
	st->wlen += e - i;
	st->wb = (uint32_t)e;
	return e;
}

/* Bytes that may end a plain word on the fast path: ASCII that neither
 * joins it to what follows (letters, digits, apostrophe) nor changes its
 * meaning ('@' after a word is an e-mail address). */
static const unsigned char fast_end[128] = {
    [' '] = 1, ['\n'] = 1, ['\t'] = 1, ['\r'] = 1, [','] = 1, ['.'] = 1,
    ['!'] = 1, ['?'] = 1,  [';'] = 1,  [':'] = 1,  [')'] = 1, ['('] = 1,
    ['"'] = 1, ['-'] = 1,  ['/'] = 1,  ['#'] = 1,  ['*'] = 1, ['&'] = 1,
    ['['] = 1, [']'] = 1,  ['_'] = 1,  ['='] = 1,  ['+'] = 1, ['~'] = 1,
    ['<'] = 1, ['>'] = 1,  ['|'] = 1,  ['%'] = 1,  ['$'] = 1, ['^'] = 1,
    ['{'] = 1, ['}'] = 1,  ['`'] = 1,  ['\\'] = 1,
};

/* An ASCII letter lower-cased, or 0 (digits and every other byte): the
 * fast path's test, from the same table. */
static inline unsigned char fast_letter(unsigned char c)
{
	unsigned char v = ascii_word[c];

	return v >= 'a' ? v : 0;
}

/*
 * The fastest path, for most words of most posts: whole words of ASCII
 * letters from i on, separated by single spaces, each with no doubled
 * letter and ended by a plain separator, are written straight to the output
 * while their hash is computed, then looked up once. Returns the index past
 * the last word done this way, or 0 if none (the general path takes over;
 * nothing of an unfinished word was emitted).
 */
static size_t fast_words(struct scan *st, size_t i)
{
	struct text_norm *n = st->n;
	const unsigned char *s = st->s;
	const size_t end = st->len;
	size_t e, d, len, done = 0;
	unsigned char prev, c;
	struct text_tok *t;
	uint32_t h;
	int64_t v;
	char *o;

	for (;;) {
		/* room for the rest of the input, 8 bytes of slack for
		 * lex_get_padded() and a token */
		if ((n->len + (end - i) + 10 > n->cap &&
		     GROW(st, n->buf, n->cap, n->len + (end - i) + 10)) ||
		    (n->ntok + 1 > n->tok_cap &&
		     GROW(st, n->tok, n->tok_cap, n->ntok + 1)))
			return end;
		/* n->buf[e + d] is the output byte of s[e] (unsigned: d may
		 * wrap, e + d does not): one induction variable */
		d = n->len - i;
		o = n->buf;
		e = i;
		prev = 0;
		while (e < end && (c = fast_letter(s[e]))) {
			if (c == prev)
				goto general;
			o[e + d] = (char)c;
			prev = c;
			e++;
		}
		/* one letter may start a word spelt out ("c o b l o s") */
		if (e <= i + 1 || (e < end && (s[e] >= 0x80 || !fast_end[s[e]])))
			goto general;
		len = e - i;
		o = n->buf + n->len;
		if (e < end && s[e] == ':' && o[0] == 'h')
			goto general; /* maybe a URL ("www" has a double) */
		if (len == 4 && o[0] == 'u' && n->ntok)
			goto general; /* maybe "no urut" */
		if (st->lex && len <= st->lex->max_key &&
		    lex_maybe_slang(st->lex, h = lex_hash_padded(o, len)) &&
		    lex_get_padded(st->lex, o, len, h, &v) &&
		    (LEX_FLAGS(v) & LEX_SLANG)) {
			st->wa = (uint32_t)i;
			st->wb = (uint32_t)e;
			emit_words(st, st->lex->pool.data + LEX_OFF(v),
			           LEX_LEN(v), TEXT_TOK_SLANG);
		} else {
			t = &n->tok[n->ntok++];
			t->off = (uint32_t)n->len;
			t->len = (uint32_t)len;
			t->orig_a = (uint32_t)i;
			t->orig_b = (uint32_t)e;
			t->flags = 0;
			n->len += len;
			n->buf[n->len++] = ' ';
		}
		done = e;
		if (e + 1 < end && s[e] == ' ' && fast_letter(s[e + 1])) {
			i = e + 1;
			continue;
		}
		break;
	}
general:
	n->buf[n->len] = '\0'; /* ends the output; undoes a partial copy */
	return done;
}

int text_normalize(struct text_norm *n, const struct text_lexicon *lex,
                   const char *s, size_t len)
{
	struct scan st;
	size_t i = 0, e2;
	unsigned char c;

	memset(&st, 0, offsetof(struct scan, spell));

	if (len > TEXT_MAX_INPUT) {
		len = TEXT_MAX_INPUT;
		while (len > 0 && ((unsigned char)s[len] & 0xc0) == 0x80 &&
		       TEXT_MAX_INPUT - len < 4)
			len--;
	}
	st.n = n;
	st.lex = lex;
	st.s = (const unsigned char *)s;
	st.len = len;
	n->len = 0;
	n->ntok = 0;
	n->in_len = len;
	if (GROW(&st, n->buf, n->cap, 64) || GROW(&st, n->w, n->w_cap, 64))
		return err_oom();
	n->buf[n->len++] = ' ';
	n->buf[n->len] = '\0';
	while (i < len && !st.err) {
		c = st.s[i];
		if (st.kind == K_NONE && c < 0x80) {
			size_t e;
			if (c == ' ') {
				i++;
				continue;
			}
			if ((ascii_class[c] == C_LOW || ascii_class[c] == C_UP) &&
			    !st.spell_n) {
				if ((e = fast_words(&st, i))) {
					i = e;
					continue;
				}
			}
		}
		if (st.kind == K_WORD && c < 0x80 && ascii_word[c]) {
			i = word_run(&st, i);
			continue;
		}
		if ((c == '<' || c == ':') && (e2 = emoji_by_name(&st, i))) {
			i = e2;
			continue;
		}
		if (c < 0x80)
			i = scan_ascii(&st,
			               c | (ascii_class[c] == C_UP ? 0x20 : 0),
			               ascii_class[c] == C_UP, i, 1);
		else
			i = scan_unicode(&st, i);
	}
	flush(&st);
	spell_end(&st);
	if (st.err) {
		n->len = 1;
		n->ntok = 0;
		n->buf[1] = '\0';
		return err_oom();
	}
	return 0;
}

size_t text_norm_tok_at(const struct text_norm *n, size_t a)
{
	size_t lo = 0, hi = n->ntok;

	/* first token whose end is past a */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if ((size_t)n->tok[mid].off + n->tok[mid].len <= a)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

void text_norm_span(const struct text_norm *n, size_t a, size_t b,
                    size_t *orig_a, size_t *orig_b)
{
	size_t i = text_norm_tok_at(n, a), j = i, oa, ob;

	while (j < n->ntok && n->tok[j].off < b)
		j++;
	if (j == i) { /* no token in range */
		oa = i < n->ntok ? n->tok[i].orig_a
		     : n->ntok   ? n->tok[n->ntok - 1].orig_b
		                 : 0;
		*orig_a = *orig_b = oa;
		return;
	}
	oa = n->tok[i].orig_a;
	ob = n->tok[j - 1].orig_b;
	for (; i < j; i++) { /* ranges are monotonic; this is a guard */
		if (n->tok[i].orig_a < oa)
			oa = n->tok[i].orig_a;
		if (n->tok[i].orig_b > ob)
			ob = n->tok[i].orig_b;
	}
	*orig_a = oa;
	*orig_b = ob;
}

void text_norm_free(struct text_norm *n)
{
	if (!n)
		return;
	free(n->buf);
	free(n->tok);
	free(n->w);
	free(n->t1);
	free(n->t2);
	memset(n, 0, sizeof(*n));
}
