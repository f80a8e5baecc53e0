/*
 * text/lexicon.c - loading the text pipeline's lexicons from data/ (slang
 * map, emoji map, known words, stemmer exceptions) into one read-only
 * struct text_lexicon. Formats are documented in each data file's header
 * and in docs/text.md. Our own files are read strictly (an error names
 * file:line); extra files added at runtime skip lines they cannot use.
 */
#include "text/lexicon_int.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "util/error.h"

int text_ignorable_cp(uint32_t cp)
{
	return (cp >= 0xfe00 && cp <= 0xfe0f) || cp == 0x200b || cp == 0x200c ||
	       cp == 0x200d || cp == 0x2060 || cp == 0xfeff || cp == 0x00ad ||
	       cp == 0x20e3 || (cp >= 0x1f3fb && cp <= 0x1f3ff) ||
	       (cp >= 0xe0000 && cp <= 0xe007f) || cp == 0x180e;
}

const struct lex_emoji *lex_emoji_get(const struct text_lexicon *lex,
                                      uint32_t cp)
{
	size_t i;

	if (!lex || !lex->emoji)
		return NULL;
	for (i = (cp * 2654435761u) & lex->emoji_mask;;
	     i = (i + 1) & lex->emoji_mask) {
		if (lex->emoji[i].cp == cp)
			return &lex->emoji[i];
		if (!lex->emoji[i].cp)
			return NULL;
	}
}

/* Reads a whole file into a NUL-terminated malloc'd buffer (caller frees
 * with free()). */
static int read_file(const char *path, char **out, size_t *len)
{
	FILE *f;
	char *buf = NULL;
	size_t cap = 0, n = 0, r;
	int rc = 0;

	*out = NULL;
	f = fopen(path, "rb");
	if (!f)
		return err_set(NETRA_EIO, "%s: %s", path, strerror(errno));
	do {
		if (cap - n < 4096) {
			char *p = realloc(buf, cap ? cap * 2 : 8192);
			if (!p) {
				rc = err_oom();
				goto done;
			}
			buf = p;
			cap = cap ? cap * 2 : 8192;
		}
		r = fread(buf + n, 1, cap - n - 1, f);
		n += r;
	} while (r > 0);
	if (ferror(f)) {
		rc = err_set(NETRA_EIO, "%s: read error", path);
		goto done;
	}
	buf[n] = '\0';
	*out = buf;
	*len = n;
	buf = NULL;
done:
	free(buf);
	fclose(f);
	return rc;
}

/* Copies line to dst as UTF-8, reading bytes that are not valid UTF-8 as
 * Latin-1. dst needs 2 * n + 1 bytes. Returns the new length. */
static size_t latin1_fix(char *dst, const char *src, size_t n)
{
	size_t i = 0, o = 0;
	utf8proc_int32_t cp;

	while (i < n) {
		utf8proc_ssize_t k =
		    utf8proc_iterate((const utf8proc_uint8_t *)src + i,
		                     (utf8proc_ssize_t)(n - i), &cp);
		if (k > 0) {
			memcpy(dst + o, src + i, (size_t)k);
			o += (size_t)k;
			i += (size_t)k;
			continue;
		}
		cp = (unsigned char)src[i++];
		dst[o++] = (char)(0xc0 | (cp >> 6));
		dst[o++] = (char)(0x80 | (cp & 0x3f));
	}
	dst[o] = '\0';
	return o;
}

static void trim(const char **s, size_t *n)
{
	while (*n && ((*s)[0] == ' ' || (*s)[0] == '\t' || (*s)[0] == '\r')) {
		(*s)++;
		(*n)--;
	}
	while (*n && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t' ||
	              (*s)[*n - 1] == '\r'))
		(*n)--;
}

/* Lower-cases an ASCII key in place; 0 if it is one word of [a-z0-9]. */
static int key_ok(char *k, size_t n)
{
	size_t i;

	if (!n)
		return -1;
	for (i = 0; i < n; i++) {
		char c = k[i];
		if (c >= 'A' && c <= 'Z')
			k[i] = (char)(c - 'A' + 'a');
		else if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')))
			return -1;
	}
	return 0;
}

/* Sets w -> v in the frozen index too (after loading: added words),
 * rebuilding it when it gets half full. */
static int idx_put(struct text_lexicon *lex, const char *w, size_t n, int64_t v)
{
	uint32_t h = lex_hash(w, n);
	struct lex_slot *sl;
	size_t j;

	if ((lex->idx_count + 1) * 2 > lex->idx_mask + 1)
		return lex_index_build(lex);
	for (j = h & lex->idx_mask;; j = (j + 1) & lex->idx_mask) {
		sl = &lex->idx[j];
		if (!sl->hash)
			break;
		if (sl->hash == h && sl->klen == n &&
		    memcmp(lex->keys.data + sl->key_off, w, n) == 0) {
			sl->v = v;
			if (LEX_FLAGS(v) & LEX_SLANG)
				lex->slang_bits[h >> 22] |= 1ULL
				                            << (h >> 16 & 63);
			return 0;
		}
	}
	if (LEX_FLAGS(v) & LEX_SLANG)
		lex->slang_bits[h >> 22] |= 1ULL << (h >> 16 & 63);
	lex->keys.len -= 8; /* over the padding, then pad again */
	sl->v = v;
	sl->hash = h;
	sl->key_off = (uint32_t)lex->keys.len;
	sl->klen = (uint32_t)n;
	lex->idx_count++;
	if (sbuf_append(&lex->keys, w, n) ||
	    sbuf_append(&lex->keys, "\0\0\0\0\0\0\0\0", 8))
		return err_oom();
	return 0;
}

static int word_put(struct text_lexicon *lex, const char *w, size_t n,
                    unsigned flags, size_t off, size_t len)
{
	int64_t v = 0;
	unsigned f;

	if (strmap_get(&lex->words, w, n, &v)) {
		f = LEX_FLAGS(v);
		if ((flags & LEX_SLANG) && !(f & LEX_SLANG))
			v = LEX_VAL(f | flags, off, len);
		else
			v = LEX_VAL(f | (flags & ~(unsigned)LEX_SLANG),
			            LEX_OFF(v), LEX_LEN(v));
	} else {
		v = LEX_VAL(flags, off, len);
	}
	if (n > lex->max_key)
		lex->max_key = n;
	if (strmap_put(&lex->words, w, n, v))
		return err_oom();
	return lex->idx ? idx_put(lex, w, n, v) : 0;
}

/*
 * Normalises text without a lexicon and appends its tokens to the pool,
 * space-separated; off and len locate it. Each plain word is also added as
 * a known word when `known` is set.
 */
static int pool_norm(struct text_lexicon *lex, struct text_norm *tn,
                     const char *s, size_t n, int known, size_t *off,
                     size_t *len)
{
	size_t i;
	int rc;

	if ((rc = text_normalize(tn, NULL, s, n)))
		return rc;
	*off = lex->pool.len;
	*len = tn->len >= 2 ? tn->len - 2 : 0;
	if (sbuf_append(&lex->pool, tn->buf + 1, *len))
		return err_oom();
	for (i = 0; known && i < tn->ntok; i++) {
		const struct text_tok *t = &tn->tok[i];
		/* a squeezed form ("pppk" -> "pk") is not a word */
		if (t->flags &
		    (TEXT_TOK_NUMBER | TEXT_TOK_MENTION | TEXT_TOK_SQUEEZED))
			continue;
		if ((rc = word_put(lex, tn->buf + t->off, t->len, LEX_KNOWN, 0,
		                   0)))
			return rc;
	}
	return 0;
}

struct loader {
	struct text_lexicon *lex;
	struct text_norm tn;  /* for values */
	struct text_norm key; /* for folded keys */
	const char *path;
	int line;
	int strict;
};

static int bad(struct loader *L, const char *why)
{
	if (!L->strict)
		return 0;
	return err_set(NETRA_EINVALID, "%s:%d: %s", L->path, L->line, why);
}

/* Splits "a<TAB>b" (or "a,b" when !strict). */
static int split2(struct loader *L, char *s, size_t n, char **a, size_t *an,
                  const char **b, size_t *bn)
{
	char *sep = memchr(s, '\t', n);
	const char *ca = s;

	if (!sep && !L->strict)
		sep = memchr(s, ',', n);
	if (!sep)
		return -1;
	*an = (size_t)(sep - s);
	*b = sep + 1;
	*bn = n - *an - 1;
	trim(&ca, an);
	*a = (char *)ca;
	trim(b, bn);
	return 0;
}

/* A key with non-ASCII letters (an accent, a fancy font): its folded
 * form, if that is one word. Points *k into L->key. */
static int fold_key(struct loader *L, char **k, size_t *kn)
{
	size_t i;

	for (i = 0; i < *kn && (unsigned char)(*k)[i] < 0x80; i++)
		;
	if (i == *kn || text_normalize(&L->key, NULL, *k, *kn) ||
	    L->key.ntok != 1 || (L->key.tok[0].flags & TEXT_TOK_MENTION))
		return -1;
	*k = L->key.buf + L->key.tok[0].off;
	*kn = L->key.tok[0].len;
	return 0;
}

static int line_slang(struct loader *L, char *s, size_t n)
{
	char *k;
	const char *v;
	size_t kn, vn, off, len;
	int rc;

	if (split2(L, s, n, &k, &kn, &v, &vn))
		return bad(L, "expected \"slang<TAB>expansion\"");
	if (key_ok(k, kn) && fold_key(L, &k, &kn))
		return bad(L, "slang key must be one word of letters/digits");
	if ((rc = pool_norm(L->lex, &L->tn, v, vn, 1, &off, &len)))
		return rc;
	if (!len)
		return bad(L, "empty expansion");
	if (len == kn && memcmp(L->lex->pool.data + off, k, kn) == 0)
		return word_put(L->lex, k, kn, LEX_KNOWN, 0, 0);
	return word_put(L->lex, k, kn, LEX_SLANG, off, len);
}

/* A particle (particles.txt): a slang key with an empty expansion, so
 * every path that expands slang drops it. */
static int line_particle(struct loader *L, char *s, size_t n)
{
	char *k = s;
	size_t kn = n;

	while (kn && (k[kn - 1] == ' ' || k[kn - 1] == '\t' ||
	              k[kn - 1] == '\r'))
		kn--;
	if (!kn || (key_ok(k, kn) && fold_key(L, &k, &kn)))
		return bad(L, "particle must be one word of letters");
	return word_put(L->lex, k, kn, LEX_SLANG, 0, 0);
}

static int emoji_put(struct text_lexicon *lex, uint32_t cp, size_t off,
                     size_t len, int number)
{
	size_t i;

	if ((lex->emoji_count + 1) * 2 > lex->emoji_mask + 1) {
		size_t cap = lex->emoji_mask ? (lex->emoji_mask + 1) * 2 : 64;
		struct lex_emoji *old = lex->emoji, *e;
		size_t oldcap = lex->emoji ? lex->emoji_mask + 1 : 0;

		e = calloc(cap, sizeof(*e));
		if (!e)
			return err_oom();
		lex->emoji = e;
		lex->emoji_mask = cap - 1;
		lex->emoji_count = 0;
		for (i = 0; i < oldcap; i++)
			if (old[i].cp)
				emoji_put(lex, old[i].cp, old[i].off,
				          old[i].len, (int)old[i].number);
		free(old);
	}
	for (i = (cp * 2654435761u) & lex->emoji_mask;;
	     i = (i + 1) & lex->emoji_mask) {
		struct lex_emoji *e = &lex->emoji[i];
		if (e->cp == cp)
			return 0; /* first entry wins */
		if (!e->cp) {
			e->cp = cp;
			e->off = (uint32_t)off;
			e->len = (uint32_t)len;
			e->number = (uint32_t)number;
			lex->emoji_count++;
			return 0;
		}
	}
}

/* Appends word w to the key at out[*o], after a space when *gap. */
static int key_put(char *out, size_t *o, const char *w, size_t wn, int *gap)
{
	size_t need = wn + (*gap && *o);

	if (*o + need >= LEX_EMOJI_NAME_MAX)
		return -1;
	if (*gap && *o)
		out[(*o)++] = ' ';
	*gap = 0;
	memcpy(out + *o, w, wn);
	*o += wn;
	return 0;
}

size_t lex_emoji_key(const char *s, size_t n, char *out)
{
	size_t i, o = 0;
	int gap = 0, letters = 0;

	for (i = 0; i < n; i++) {
		char c = s[i];

		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (c == ' ' || c == '_' || c == '-') {
			gap = 1;
		} else if (c == '&') {
			gap = 1;
			if (key_put(out, &o, "and", 3, &gap))
				return 0;
			gap = 1;
		} else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
			letters |= c >= 'a';
			if (key_put(out, &o, &c, 1, &gap))
				return 0;
		} else if (c != '\'') {
			return 0;
		}
	}
	return letters ? o : 0;
}

/* The names after the token ("token<TAB>name|name"), each a key of
 * lex->emoji_names for the token at [off, off + vn) of the pool. */
static int emoji_names(struct loader *L, const char *names, size_t n,
                       size_t off, size_t vn, int number)
{
	char key[LEX_EMOJI_NAME_MAX];
	size_t a = 0, b, kn;
	int64_t old;

	while (a < n) {
		for (b = a; b < n && names[b] != '|'; b++)
			;
		kn = lex_emoji_key(names + a, b - a, key);
		if (!kn)
			return bad(L, "emoji name must be words of letters "
			              "and digits");
		if (strmap_get(&L->lex->emoji_names, key, kn, &old))
			return bad(L, "emoji name given twice");
		if (strmap_put(&L->lex->emoji_names, key, kn,
		               LEX_VAL(number, off, vn)))
			return err_oom();
		a = b + 1;
	}
	return 0;
}

static int line_emoji(struct loader *L, char *s, size_t n)
{
	char *k;
	const char *v;
	size_t kn, vn, i = 0, j, off;
	utf8proc_int32_t cp, got = 0;
	int count = 0, number = 1, rc;
	const char *names = NULL;
	size_t nn = 0;

	if (split2(L, s, n, &k, &kn, &v, &vn))
		return bad(L, "expected \"emoji<TAB>token\"");
	if ((names = memchr(v, '\t', vn))) { /* token<TAB>names */
		nn = vn - (size_t)(names - v) - 1;
		vn = (size_t)(names - v);
		names++;
	}
	while (i < kn) {
		utf8proc_ssize_t r =
		    utf8proc_iterate((const utf8proc_uint8_t *)k + i,
		                     (utf8proc_ssize_t)(kn - i), &cp);
		if (r <= 0)
			return bad(L, "invalid UTF-8 in emoji");
		i += (size_t)r;
		if (text_ignorable_cp((uint32_t)cp))
			continue;
		got = cp;
		count++;
	}
	if (count != 1 || got < 0x80)
		return bad(L, "emoji must be one non-ASCII codepoint "
		              "(variation selectors and skin tones aside)");
	if (!vn)
		return bad(L, "empty token");
	for (j = 0; j < vn; j++) {
		char c = v[j];
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		      c == '_'))
			return bad(L, "token must be [a-z0-9_]");
		if (c < '0' || c > '9')
			number = 0;
	}
	off = L->lex->pool.len;
	if (sbuf_append(&L->lex->pool, v, vn))
		return err_oom();
	if (names && (rc = emoji_names(L, names, nn, off, vn, number)))
		return rc;
	return emoji_put(L->lex, (uint32_t)got, off, vn, number);
}

static int line_words(struct loader *L, char *s, size_t n)
{
	size_t off, len;

	return pool_norm(L->lex, &L->tn, s, n, 1, &off, &len);
}

static int line_numw(struct loader *L, char *s, size_t n)
{
	size_t i;
	int rc;

	if ((rc = text_normalize(&L->tn, NULL, s, n)))
		return rc;
	for (i = 0; i < L->tn.ntok; i++) {
		const struct text_tok *t = &L->tn.tok[i];
		if (t->flags & (TEXT_TOK_NUMBER | TEXT_TOK_MENTION))
			return bad(L, "expected words");
		if ((rc = word_put(L->lex, L->tn.buf + t->off, t->len,
		                   LEX_KNOWN | LEX_NUMW, 0, 0)))
			return rc;
	}
	return 0;
}

static int line_stem(struct loader *L, char *s, size_t n)
{
	char *k;
	const char *v;
	size_t kn, vn, off;

	if (split2(L, s, n, &k, &kn, &v, &vn))
		return bad(L, "expected \"word<TAB>stem\"");
	if (key_ok(k, kn))
		return bad(L, "word must be one word of letters/digits");
	if (!vn || memchr(v, ' ', vn))
		return bad(L, "stem must be one word");
	off = L->lex->pool.len;
	if (sbuf_append(&L->lex->pool, v, vn) ||
	    strmap_put(&L->lex->stemex, k, kn,
	               (int64_t)(((uint64_t)off << 32) | vn)))
		return err_oom();
	return 0;
}

typedef int (*line_fn)(struct loader *, char *, size_t);

static int load_lines(struct text_lexicon *lex, const char *path, line_fn fn,
                      int strict)
{
	struct loader L = {lex, {0}, {0}, path, 0, strict};
	char *data = NULL, *fix = NULL, *p, *end;
	size_t len = 0;
	int rc;

	if ((rc = read_file(path, &data, &len)))
		goto done;
	fix = malloc(2 * len + 1);
	if (!fix) {
		rc = err_oom();
		goto done;
	}
	for (p = data, end = data + len; p < end;) {
		char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		const char *t = fix;

		L.line++;
		n = latin1_fix(fix, p, n);
		trim(&t, &n);
		p = nl ? nl + 1 : end;
		if (!n || t[0] == '#')
			continue;
		if ((rc = fn(&L, (char *)t, n)))
			goto done;
	}
done:
	text_norm_free(&L.tn);
	text_norm_free(&L.key);
	free(fix);
	free(data);
	return rc;
}

static int load_one(struct text_lexicon *lex, const char *dir, const char *name,
                    line_fn fn)
{
	char path[4096];

	if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, name) >=
	    sizeof(path))
		return err_set(NETRA_EINVALID, "%s: path too long", dir);
	return load_lines(lex, path, fn, 1);
}

int lex_index_build(struct text_lexicon *lex)
{
	size_t cap = 16, i = 0, klen, j;
	struct lex_slot *idx;
	const char *key;
	int64_t v;

	while (cap < lex->words.count * 4)
		cap *= 2;
	idx = calloc(cap, sizeof(*idx));
	if (!idx)
		return err_oom();
	free(lex->idx);
	lex->idx = idx;
	lex->idx_mask = cap - 1;
	lex->idx_count = lex->words.count;
	lex->keys.len = 0;
	memset(lex->slang_bits, 0, sizeof(lex->slang_bits));
	while (strmap_next(&lex->words, &i, &key, &klen, &v)) {
		uint32_t h = lex_hash(key, klen);
		for (j = h & lex->idx_mask; idx[j].hash;
		     j = (j + 1) & lex->idx_mask)
			;
		idx[j].v = v;
		idx[j].hash = h;
		if (LEX_FLAGS(v) & LEX_SLANG)
			lex->slang_bits[h >> 22] |= 1ULL << (h >> 16 & 63);
		idx[j].key_off = (uint32_t)lex->keys.len;
		idx[j].klen = (uint32_t)klen;
		if (sbuf_append(&lex->keys, key, klen))
			return err_oom();
	}
	/* 8 bytes of padding for lex_eq_padded() */
	return sbuf_append(&lex->keys, "\0\0\0\0\0\0\0\0", 8) ? err_oom() : 0;
}

int text_lexicon_load(struct text_lexicon **out, const char *data_dir)
{
	struct text_lexicon *lex;
	int rc;

	*out = NULL;
	lex = calloc(1, sizeof(*lex));
	if (!lex)
		return err_oom();
	if ((rc = lex_fold_build(lex)) ||
	    (rc = load_one(lex, data_dir, "words.txt", line_words)) ||
	    (rc = load_one(lex, data_dir, "slang.txt", line_slang)) ||
	    (rc = load_one(lex, data_dir, "number_words.txt", line_numw)) ||
	    (rc = load_one(lex, data_dir, "emoji.txt", line_emoji)) ||
	    (rc = load_one(lex, data_dir, "stem_exceptions.txt", line_stem)) ||
	    (rc = load_one(lex, data_dir, "particles.txt", line_particle)) ||
	    (rc = lex_index_build(lex)))
		goto done;
	*out = lex;
	lex = NULL;
done:
	text_lexicon_free(lex);
	return rc;
}

int text_lexicon_add_file(struct text_lexicon *lex, const char *path,
                          enum text_lex_kind kind)
{
	int rc = load_lines(
	    lex, path, kind == TEXT_LEX_SLANG ? line_slang : line_words, 0);

	return rc ? rc : lex_index_build(lex);
}

int text_lexicon_add_word(struct text_lexicon *lex, const char *w, size_t len)
{
	struct text_norm tn = {0};
	size_t off = lex->pool.len, n;
	int rc;

	rc = pool_norm(lex, &tn, w, len, 1, &off, &n);
	lex->pool.len = off; /* the words are in the map; drop the copy */
	text_norm_free(&tn);
	return rc;
}

int text_lexicon_known(const struct text_lexicon *lex, const char *w,
                       size_t len)
{
	int64_t v;

	return lex_get(lex, w, len, &v) &&
	       (LEX_FLAGS(v) & (LEX_KNOWN | LEX_SLANG));
}

void text_lexicon_free(struct text_lexicon *lex)
{
	if (!lex)
		return;
	strmap_free(&lex->words);
	strmap_free(&lex->stemex);
	strmap_free(&lex->emoji_names);
	free(lex->emoji);
	free(lex->fold);
	free(lex->idx);
	free(lex->keys.data);
	free(lex->pool.data);
	free(lex);
}
