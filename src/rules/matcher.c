/*
 * rules/matcher.c - compiles every term of the election profile (names,
 * aliases, hashtags, slogans, parties, accounts, ballot numbers, gestures)
 * and of the rulebook's lexicons into ONE Hyperscan database, and scans a
 * normalised text with it into signals (struct sig) for the judge.
 *
 * Every term goes through text_normalize() like the posts, so both sides
 * agree on spelling; a term is matched as " phrase " in the space-padded
 * normalised text, which makes every match a whole-word match whose length
 * is known ("word*" terms are the literal " word", extended to the word's end).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules/engine_int.h"
#include "util/civiltime.h"
#include "util/error.h"

struct build {
	netra_engine *e;
	struct strmap map; /* " phrase " (or "~phrase" for wild) -> pat */
	struct strmap honorific;
	struct text_norm n;
	size_t pat_cap;
	uint32_t next_id;
};

/* Adds one meaning to the pattern for the normalised key. */
static int add_key(struct build *b, const char *key, size_t klen, int wild,
                   const struct term *t)
{
	netra_engine *e = b->e;
	struct strmap *m = &b->map;
	int64_t pi;
	int32_t k;
	char tmp[MATCHER_MAX_KEY];

	if (klen < 3 || klen + 2 > sizeof(tmp))
		return 0;
	tmp[0] = wild ? '~' : '=';
	memcpy(tmp + 1, key, klen);
	if (!strmap_get(m, tmp, klen + 1, &pi)) {
		if (e->npat == b->pat_cap) {
			size_t nc = b->pat_cap ? b->pat_cap * 2 : 1024;
			struct pattern *np = realloc(e->pat, nc * sizeof(*np));

			if (!np)
				return err_oom();
			e->pat = np;
			b->pat_cap = nc;
		}
		pi = (int64_t)e->npat++;
		e->pat[pi].len = (uint32_t)(wild ? klen - 1 : klen);
		e->pat[pi].wild = (uint8_t)wild;
		e->pat[pi].first = -1;
		if (strmap_put(m, tmp, klen + 1, pi))
			return err_oom();
	}
	for (k = e->pat[pi].first; k >= 0; k = e->terms[k].next) {
		const struct term *o = &e->terms[k];

		if (o->kind == t->kind && o->sub == t->sub &&
		    o->cand == t->cand && o->lex == t->lex) {
			if (t->strong == 1 || (t->strong && !o->strong))
				e->terms[k].strong = t->strong;
			return 0;
		}
	}
	if (e->nterms == e->terms_cap) {
		size_t nc = e->terms_cap ? e->terms_cap * 2 : 1024;
		struct term *nt = realloc(e->terms, nc * sizeof(*nt));

		if (!nt)
			return err_oom();
		e->terms = nt;
		e->terms_cap = nc;
	}
	e->terms[e->nterms] = *t;
	e->terms[e->nterms].next = e->pat[pi].first;
	e->pat[pi].first = (int32_t)e->nterms;
	e->nterms++;
	return 0;
}

/* True for a token the text pipeline emits itself (emoji_positif,
 * isyarat_2): [a-z0-9_] with an underscore. Normalising it would split
 * it, so it is matched as written. */
static int is_pipeline_token(const char *s, size_t len)
{
	size_t i;
	int us = 0;

	for (i = 0; i < len; i++) {
		if (s[i] == '_')
			us = 1;
		else if (!((s[i] >= 'a' && s[i] <= 'z') ||
		           (s[i] >= '0' && s[i] <= '9')))
			return 0;
	}
	return us;
}

/* Normalises s and adds it (wild: s ends with '*'). */
static int add_text(struct build *b, const char *s, size_t len,
                    const struct term *t)
{
	int wild = 0, rc;
	char tok[128];

	if (len + 3 <= sizeof(tok) && is_pipeline_token(s, len)) {
		tok[0] = ' ';
		memcpy(tok + 1, s, len);
		tok[len + 1] = ' ';
		return add_key(b, tok, len + 2, 0, t);
	}

	while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	if (len && s[len - 1] == '*') {
		wild = 1;
		len--;
	}
	rc = text_normalize(&b->n, b->e->tlex, s, len);
	if (rc)
		return rc;
	return add_key(b, b->n.buf, b->n.len, wild, t);
}

static int is_honorific(struct build *b, const char *w, size_t n)
{
	return strmap_get(&b->honorific, w, n, NULL);
}

static struct term mk(int kind, int sub, int strong, int cand, int lex,
                      uint32_t id)
{
	struct term t;

	memset(&t, 0, sizeof(t));
	t.kind = (uint8_t)kind;
	t.sub = (uint8_t)sub;
	t.strong = (uint8_t)strong;
	t.cand = (int16_t)cand;
	t.lex = (int16_t)lex;
	t.id = id;
	t.next = -1;
	return t;
}

/* Token starts/lengths of a normalised " a b c " string (max 32). */
static size_t split_tokens(const char *buf, size_t len, size_t *off, size_t *tl,
                           size_t max)
{
	size_t i = 1, n = 0;

	while (i < len && n < max) {
		size_t s = i;

		while (i < len && buf[i] != ' ')
			i++;
		if (i > s) {
			off[n] = s;
			tl[n] = i - s;
			n++;
		}
		i++;
	}
	return n;
}

/* A name: the whole is strong, any 2+ word run strong, single words weak. */
static int add_name(struct build *b, int ci, const char *name)
{
	size_t off[32], tl[32], nt, i, k;
	char key[512];
	int rc;
	struct text_norm *n = &b->n;

	rc = text_normalize(n, b->e->tlex, name, strlen(name));
	if (rc)
		return rc;
	nt = split_tokens(n->buf, n->len, off, tl, 32);
	for (i = 0; i < nt; i++)
		for (k = i; k < nt; k++) {
			size_t a = off[i] - 1, z = off[k] + tl[k] + 1;
			struct term t;

			if (z - a + 1 > sizeof(key))
				continue;
			if (k == i && (tl[i] < 3 ||
			               is_honorific(b, n->buf + off[i], tl[i])))
				continue;
			t = mk(TK_REF, REF_NAME, k > i, ci, -1, b->next_id++);
			memcpy(key, n->buf + a, z - a);
			if ((rc = add_key(b, key, z - a, 0, &t)))
				return rc;
		}
	return 0;
}

/* An alias: an acronym (HeLu, RIDA) or a two-word name without an
 * honorific in front is strong; a plain first name or nickname, or an
 * honorific + name, is weak. An acronym is often an ordinary word too
 * (RAYA, JAYA, DAMAR: "Kebun Raya", "jalan raya"), so it is strong only
 * where it is written with 2+ capitals or inside a hashtag
 * (TERM_STRONG_CAPS, decided per match in rules_matcher_scan()). */
static int add_alias(struct build *b, int ci, const char *raw)
{
	size_t off[32], tl[32], nt, upper = 0, letters = 0;
	const char *p;
	int strong, rc;
	struct term t;

	rc = text_normalize(&b->n, b->e->tlex, raw, strlen(raw));
	if (rc)
		return rc;
	nt = split_tokens(b->n.buf, b->n.len, off, tl, 32);
	if (nt == 0)
		return 0;
	for (p = raw; *p; p++) {
		upper += (*p >= 'A' && *p <= 'Z');
		letters += isalpha((unsigned char)*p) != 0;
	}
	if (nt == 1)
		strong = upper >= 2 && letters >= 3 ? TERM_STRONG_CAPS : 0;
	else
		strong = !is_honorific(b, b->n.buf + off[0], tl[0]);
	if (nt == 1 && !strong && tl[0] < 3)
		return 0;
	t = mk(TK_REF, REF_ALIAS, strong, ci, -1, b->next_id++);
	return add_key(b, b->n.buf, b->n.len, 0, &t);
}

static int add_hashtag(struct build *b, int ci, const char *raw, int sub)
{
	char tmp[256];
	size_t n = 0;
	const char *p = raw;
	struct term t = mk(TK_REF, sub, 1, ci, -1, b->next_id++);
	int rc;

	rc = add_text(b, raw, strlen(raw), &t);
	if (rc || sub != REF_HASHTAG)
		return rc;
	/* the same tag written in lower case, unsplit */
	if (*p == '#')
		p++;
	for (; *p && n + 1 < sizeof(tmp); p++)
		tmp[n++] = (char)tolower((unsigned char)*p);
	return add_text(b, tmp, n, &t);
}

/* Number words of a ballot number from the number_words lexicon. */
static int number_words(const struct rules_rulebook *rb, int num,
                        const char **words, size_t *wl, size_t max)
{
	const struct rules_lexicon *l =
	    &rb->lex[rb->roles[RULES_ROLE_NUMBER_WORDS]];
	size_t i, n = 0;

	for (i = 0; i < l->n; i++) {
		const char *s = l->terms[i], *q;

		if (atoi(s) != num)
			continue;
		q = strchr(s, ' ');
		while (q && n < max) {
			const char *w;

			while (*q == ' ')
				q++;
			w = q;
			while (*q && *q != ' ')
				q++;
			if (q > w) {
				words[n] = w;
				wl[n++] = (size_t)(q - w);
			}
			if (!*q)
				break;
		}
	}
	return (int)n;
}

/* Expands "{n}" and "{w}" in tmpl into out. */
static size_t expand(char *out, size_t cap, const char *tmpl, const char *val,
                     size_t vl, int want_w)
{
	size_t n = 0;
	const char *p;

	for (p = tmpl; *p && n + 1 < cap; p++) {
		if (p[0] == '{' && (p[1] == 'n' || p[1] == 'w') &&
		    p[2] == '}') {
			if ((p[1] == 'w') != want_w)
				return 0;
			if (n + vl + 1 >= cap)
				return 0;
			memcpy(out + n, val, vl);
			n += vl;
			p += 2;
			continue;
		}
		out[n++] = *p;
	}
	out[n] = 0;
	return n;
}

static int has_placeholder(const char *s, char c)
{
	char ph[4] = {'{', c, '}', 0};

	return strstr(s, ph) != NULL;
}

static int add_numbers(struct build *b, int ci)
{
	const struct rules_rulebook *rb = b->e->rb;
	const struct rules_lexicon *pre =
	    &rb->lex[rb->roles[RULES_ROLE_NUMBER_PREFIX]];
	const struct rules_lexicon *ges =
	    &rb->lex[rb->roles[RULES_ROLE_GESTURE]];
	int num = b->e->prof->cand[ci].number, nw, rc;
	const char *vals[17];
	size_t vl[17], i, k;
	char digits[16], tmp[300];
	uint32_t id = b->next_id++, gid = b->next_id++, bid = b->next_id++;

	vl[0] = (size_t)snprintf(digits, sizeof(digits), "%d", num);
	vals[0] = digits;
	nw = number_words(rb, num, vals + 1, vl + 1, 16);
	for (i = 0; i <= (size_t)nw; i++) {
		struct term t = mk(TK_BARENUM, REF_NUMBER, 0, ci, -1, bid);
		struct term g = mk(TK_GESTURE, 0, 0, ci, -1, gid);

		if ((rc = add_text(b, vals[i], vl[i], &t)))
			return rc;
		t = mk(TK_REF, REF_NUMBER, 0, ci, -1, id);
		for (k = 0; k < pre->n; k++) {
			int n = snprintf(tmp, sizeof(tmp), "%s %.*s",
			                 pre->terms[k], (int)vl[i], vals[i]);

			if (n > 0 && (size_t)n < sizeof(tmp) &&
			    (rc = add_text(b, tmp, (size_t)n, &t)))
				return rc;
		}
		for (k = 0; k < ges->n; k++) {
			const char *tm = ges->terms[k];
			size_t n;

			if (has_placeholder(tm, i ? 'n' : 'w'))
				continue;
			n = expand(tmp, sizeof(tmp), tm, vals[i], vl[i], i > 0);
			if (n && (rc = add_text(b, tmp, n, &g)))
				return rc;
		}
	}
	return 0;
}

/* The words for the sitting head of the region (the `incumbent` role:
 * petahana, bupati sekarang, pak wali) as weak references to the
 * incumbent pair: they need election context like a first name. */
static int add_incumbent(struct build *b, int ci)
{
	const struct rules_rulebook *rb = b->e->rb;
	const struct rules_lexicon *l;
	size_t k;
	int rc;

	if (rb->roles[RULES_ROLE_INCUMBENT] < 0)
		return 0;
	l = &rb->lex[rb->roles[RULES_ROLE_INCUMBENT]];
	for (k = 0; k < l->n; k++) {
		struct term t = mk(TK_REF, REF_ALIAS, 0, ci, -1, b->next_id++);

		if ((rc = add_text(b, l->terms[k], strlen(l->terms[k]), &t)))
			return rc;
	}
	return 0;
}

static int add_candidate(struct build *b, int ci)
{
	const struct rules_candidate *c = &b->e->prof->cand[ci];
	size_t i;
	int rc;

	for (i = 0; i < c->names.n; i++)
		if ((rc = add_name(b, ci, c->names.v[i])))
			return rc;
	for (i = 0; i < c->aliases.n; i++)
		if ((rc = add_alias(b, ci, c->aliases.v[i])))
			return rc;
	for (i = 0; i < c->hashtags.n; i++)
		if ((rc = add_hashtag(b, ci, c->hashtags.v[i], REF_HASHTAG)))
			return rc;
	for (i = 0; i < c->slogans.n; i++)
		if ((rc = add_hashtag(b, ci, c->slogans.v[i], REF_SLOGAN)))
			return rc;
	/* descriptors ("sang jenderal", "anak wali kota"): weak, they need
	 * election context like a first name */
	for (i = 0; i < c->descriptors.n; i++) {
		struct term t = mk(TK_REF, REF_ALIAS, 0, ci, -1, b->next_id++);
		const char *w = c->descriptors.v[i];

		if ((rc = add_text(b, w, strlen(w), &t)))
			return rc;
	}
	for (i = 0; i < c->parties.n; i++) {
		struct term t = mk(TK_REF, REF_PARTY, 1, ci, -1, b->next_id++);

		if ((rc = add_text(b, c->parties.v[i], strlen(c->parties.v[i]),
		                   &t)))
			return rc;
	}
	for (i = 0; i < c->naccounts; i++) {
		struct term t =
		    mk(TK_REF, REF_ACCOUNT, 1, ci, -1, b->next_id++);
		char tmp[300];
		int n =
		    snprintf(tmp, sizeof(tmp), "@%s", c->accounts[i].handle);

		if (n > 0 && (size_t)n < sizeof(tmp) &&
		    (rc = add_text(b, tmp, (size_t)n, &t)))
			return rc;
		if ((rc = strmap_put(&b->e->accounts, c->accounts[i].handle,
		                     strlen(c->accounts[i].handle), ci)))
			return err_oom();
	}
	if ((rc = add_numbers(b, ci)))
		return rc;
	return ci == b->e->incumbent ? add_incumbent(b, ci) : 0;
}

static int is_vowel_ch(char c)
{
	return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
}

/* Length of w's first syllable closed by the consonant after its first
 * vowels ("tangerang" -> "tang" with the digraph ng/ny, "lembah" ->
 * "lem", "utara" -> "ut"), or of its open form ("jawa" -> "ja") when
 * open; 0 if w has no vowel. */
static size_t head_syllable(const char *w, size_t n, int open)
{
	size_t i = 0;

	while (i < n && !is_vowel_ch(w[i]))
		i++;
	if (i == n)
		return 0;
	while (i < n && is_vowel_ch(w[i]))
		i++;
	if (open || i == n)
		return i;
	if (w[i] == 'n' && i + 1 < n && (w[i + 1] == 'g' || w[i + 1] == 'y'))
		return i + 2;
	return i + 1;
}

/* w[0, n) is a word of one of the profile's hashtags or slogans
 * ("#TangselBerina"): the profile's own words are known to the lexicon,
 * but there they show the word is the region's, not an everyday one. */
static int in_profile_tags(struct build *b, const char *w, size_t n)
{
	const struct rules_profile *p = b->e->prof;
	char pat[72];
	size_t i, k;

	if (n + 2 >= sizeof(pat))
		return 0;
	pat[0] = ' ';
	memcpy(pat + 1, w, n);
	pat[n + 1] = ' ';
	pat[n + 2] = 0;
	for (i = 0; i < p->ncand; i++) {
		const struct rules_candidate *c = &p->cand[i];
		const struct rules_strlist *l[2] = {&c->hashtags, &c->slogans};
		size_t m;

		for (m = 0; m < 2; m++)
			for (k = 0; k < l[m]->n; k++) {
				if (text_normalize(&b->n, b->e->tlex,
				                   l[m]->v[k],
				                   strlen(l[m]->v[k])))
					return 0;
				if (strstr(b->n.buf, pat))
					return 1;
			}
	}
	return 0;
}

/* The portmanteau people write for a two-word region ("tangerang
 * selatan" -> "tangsel", "jawa barat" -> "jabar", "sumatera utara" ->
 * "sumut", "kutai kartanegara" -> "kukar"): the first syllable of each
 * word, the first one closed or open. Words of 5+ letters that are not
 * everyday words (unless the profile's own hashtags use them), so no
 * everyday word becomes election context. */
static int add_region_short(struct build *b, const char *r,
                            const struct term *t)
{
	const char *sp = strchr(r, ' ');
	char tmp[64];
	size_t n1, n2, h1, h2;
	int open, rc;

	if (!sp)
		return 0;
	n1 = (size_t)(sp - r);
	for (n2 = 0; sp[1 + n2] && sp[1 + n2] != ' '; n2++)
		;
	if (!n2 || (sp[1 + n2] == ' ' && sp[2 + n2]))
		return 0; /* one word, or more than two */
	h2 = head_syllable(sp + 1, n2, 0);
	for (open = 0; open < 2; open++) {
		h1 = head_syllable(r, n1, open);
		if (!h1 || !h2 || h1 + h2 < 5 || h1 + h2 >= sizeof(tmp) ||
		    (open && h1 == head_syllable(r, n1, 0)))
			continue;
		memcpy(tmp, r, h1);
		memcpy(tmp + h1, sp + 1, h2);
		if (text_lexicon_known(b->e->tlex, tmp, h1 + h2) &&
		    !in_profile_tags(b, tmp, h1 + h2))
			continue;
		if ((rc = add_text(b, tmp, h1 + h2, t)))
			return rc;
	}
	return 0;
}

/* The region of the profile without its administrative prefix ("Kota
 * Tangerang Selatan" -> "tangerang selatan", "Provinsi DKI Jakarta" ->
 * "dki jakarta" and "jakarta"): weak context for names and numbers. */
static int add_region(struct build *b)
{
	static const char *const prefix[] = {
	    "kota ", "kabupaten ",       "kab ", "provinsi ", "prov ",
	    "dki ",  "daerah istimewa ", NULL};
	struct term t = mk(TK_REGION, 0, 0, -1, -1, b->next_id++);
	const char *r = b->e->prof->region;
	char buf[256];
	size_t i, k;
	int rc, again = 1;

	if (!r || !*r)
		return 0;
	rc = text_normalize(&b->n, b->e->tlex, r, strlen(r));
	if (rc || b->n.len < 3 || b->n.len >= sizeof(buf))
		return rc;
	memcpy(buf, b->n.buf + 1, b->n.len - 1); /* without the lead space */
	buf[b->n.len - 1] = 0;
	for (k = 0; again;) {
		again = 0;
		for (i = 0; prefix[i]; i++) {
			size_t pl = strlen(prefix[i]);

			if (strncmp(buf + k, prefix[i], pl) == 0 &&
			    buf[k + pl]) {
				if (!strcmp(prefix[i], "dki ") ||
				    !strcmp(prefix[i], "daerah istimewa ")) {
					rc = add_text(b, buf + k,
					              strlen(buf + k), &t);
					if (rc)
						return rc;
				}
				k += pl;
				again = 1;
			}
		}
	}
	if ((rc = add_region_short(b, buf + k, &t)))
		return rc;
	return add_text(b, buf + k, strlen(buf + k), &t);
}

static int add_voting_day(struct build *b)
{
	static const char *const months[] = {"januari", "februari", "maret",
	                                     "april",   "mei",      "juni",
	                                     "juli",    "agustus",  "september",
	                                     "oktober", "november", "desember"};
	int64_t y;
	int d, m, rc, n;
	char tmp[64];
	struct term t = mk(TK_VDAY, 0, 0, -1, -1, b->next_id++);

	civil_date(b->e->prof->voting_day, &y, &m, &d);
	n = snprintf(tmp, sizeof(tmp), "%d %s", d, months[m - 1]);
	if ((rc = add_text(b, tmp, (size_t)n, &t)))
		return rc;
	n = snprintf(tmp, sizeof(tmp), "%d %.3s", d, months[m - 1]);
	if ((rc = add_text(b, tmp, (size_t)n, &t)))
		return rc;
	n = snprintf(tmp, sizeof(tmp), "%d/%d", d, m);
	if ((rc = add_text(b, tmp, (size_t)n, &t)))
		return rc;
	n = snprintf(tmp, sizeof(tmp), "tanggal %d", d);
	return add_text(b, tmp, (size_t)n, &t);
}

static int add_lexicons(struct build *b)
{
	const struct rules_rulebook *rb = b->e->rb;
	size_t i, k;
	int rc;

	for (i = 0; i < rb->nlex; i++) {
		if ((int)i == rb->roles[RULES_ROLE_NUMBER_WORDS] ||
		    (int)i == rb->roles[RULES_ROLE_GESTURE] ||
		    (int)i == rb->roles[RULES_ROLE_NUMBER_PREFIX] ||
		    (int)i == rb->roles[RULES_ROLE_HONORIFIC] ||
		    (int)i == rb->roles[RULES_ROLE_INCUMBENT])
			continue;
		for (k = 0; k < rb->lex[i].n; k++) {
			struct term t =
			    mk(TK_LEX, 0, 0, -1, (int)i, b->next_id++);

			if ((rc = add_text(b, rb->lex[i].terms[k],
			                   strlen(rb->lex[i].terms[k]), &t)))
				return rc;
		}
	}
	return 0;
}

static int load_honorifics(struct build *b)
{
	const struct rules_rulebook *rb = b->e->rb;
	const struct rules_lexicon *l =
	    &rb->lex[rb->roles[RULES_ROLE_HONORIFIC]];
	size_t i, off[4], tl[4];
	int rc;

	for (i = 0; i < l->n; i++) {
		rc = text_normalize(&b->n, b->e->tlex, l->terms[i],
		                    strlen(l->terms[i]));
		if (rc)
			return rc;
		if (split_tokens(b->n.buf, b->n.len, off, tl, 4) == 1 &&
		    strmap_put(&b->honorific, b->n.buf + off[0], tl[0], 1))
			return err_oom();
	}
	return 0;
}

/* The Hyperscan expression of a pattern: bytes as \xHH except [a-z0-9_].
 * A wild pattern " word*" is the literal " word" without its closing
 * space; on_match() extends it to the end of the word, so every pattern is
 * a plain literal and Hyperscan needs no start-of-match tracking. */
static int pattern_regex(struct sbuf *s, const char *key, size_t klen, int wild)
{
	size_t i, end = wild ? klen - 1 : klen;
	int rc = 0;

	sbuf_clear(s);
	for (i = 0; i < end && !rc; i++) {
		unsigned char c = (unsigned char)key[i];

		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    c == '_')
			rc = sbuf_putc(s, (char)c);
		else
			rc = sbuf_printf(s, "\\x%02x", c);
	}
	return rc ? err_oom() : 0;
}

static int compile_db(struct build *b)
{
	netra_engine *e = b->e;
	char **expr = NULL;
	unsigned *flags = NULL, *ids = NULL;
	struct sbuf s = SBUF_INIT;
	hs_compile_error_t *cerr = NULL;
	size_t i, it = 0, klen;
	const char *key;
	int64_t pi;
	int rc = 0;

	expr = calloc(e->npat ? e->npat : 1, sizeof(char *));
	flags = calloc(e->npat ? e->npat : 1, sizeof(unsigned));
	ids = calloc(e->npat ? e->npat : 1, sizeof(unsigned));
	if (!expr || !flags || !ids) {
		rc = err_oom();
		goto done;
	}
	while (strmap_next(&b->map, &it, &key, &klen, &pi)) {
		if ((rc = pattern_regex(&s, key + 1, klen - 1, key[0] == '~')))
			goto done;
		expr[pi] = sbuf_detach(&s);
		if (!expr[pi]) {
			rc = err_oom();
			goto done;
		}
		ids[pi] = (unsigned)pi;
		flags[pi] = 0;
	}
	if (hs_compile_multi((const char *const *)expr, flags, ids,
	                     (unsigned)e->npat, HS_MODE_BLOCK, NULL, &e->db,
	                     &cerr) != HS_SUCCESS) {
		rc = err_set(NETRA_ERROR, "pattern database: %s (pattern %d)",
		             cerr ? cerr->message : "compile failed",
		             cerr ? cerr->expression : -1);
		hs_free_compile_error(cerr);
	}
done:
	for (i = 0; expr && i < e->npat; i++)
		free(expr[i]);
	free(expr);
	free(flags);
	free(ids);
	sbuf_free(&s);
	return rc;
}

int rules_matcher_build(netra_engine *e)
{
	struct build b;
	size_t i, sz = 0;
	int rc;

	memset(&b, 0, sizeof(b));
	b.e = e;
	if ((rc = load_honorifics(&b)))
		goto done;
	for (i = 0; i < e->prof->ncand; i++)
		if ((rc = add_candidate(&b, (int)i)))
			goto done;
	if ((rc = add_voting_day(&b)) || (rc = add_region(&b)) ||
	    (rc = add_lexicons(&b)))
		goto done;
	if (e->npat == 0) {
		rc = err_set(NETRA_EINVALID, "no terms to match");
		goto done;
	}
	rc = compile_db(&b);
	if (!rc && hs_database_size(e->db, &sz) == HS_SUCCESS)
		e->mem += sz;
	e->mem +=
	    e->npat * sizeof(struct pattern) + e->nterms * sizeof(struct term);
done:
	strmap_free(&b.map);
	strmap_free(&b.honorific);
	text_norm_free(&b.n);
	return rc;
}

struct scan_ctx {
	netra_judge *j;
	const char *buf; /* the normalised text scanned */
	size_t len;
	int overflow;
	unsigned long long cut; /* end of the first match left out */
};

static int on_match(unsigned id, unsigned long long from, unsigned long long to,
                    unsigned flags, void *ctx)
{
	struct scan_ctx *sc = ctx;
	netra_judge *j = sc->j;
	const struct pattern *p = &j->e->pat[id];
	struct raw_match *m;

	(void)flags;
	if (j->nraw >= JUDGE_MAX_MATCHES) {
		sc->overflow = 1;
		sc->cut = to;
		return 1;
	}
	if (j->nraw == j->raw_cap) {
		size_t nc = j->raw_cap ? j->raw_cap * 2 : 256;
		struct raw_match *nr = realloc(j->raw, nc * sizeof(*nr));

		if (!nr) {
			sc->overflow = 2;
			return 1;
		}
		j->raw = nr;
		j->raw_cap = nc;
	}
	m = &j->raw[j->nraw++];
	m->pat = id;
	(void)from;
	m->from = (uint32_t)(to - p->len);
	if (p->wild) { /* to the space that ends the word */
		const char *sp = memchr(sc->buf + to, ' ', sc->len - to);

		to = sp ? (unsigned long long)(sp - sc->buf) + 1 : sc->len;
	}
	m->to = (uint32_t)to;
	return 0;
}

static int push_sig(netra_judge *j, const struct sig *s)
{
	if (j->nsig == j->sig_cap) {
		size_t nc = j->sig_cap ? j->sig_cap * 2 : 256;
		struct sig *ns = realloc(j->sig, nc * sizeof(*ns));

		if (!ns)
			return err_oom();
		j->sig = ns;
		j->sig_cap = nc;
	}
	j->sig[j->nsig++] = *s;
	return 0;
}

/* The words of s as written hold 2+ capital letters ("RAYA", "HeLu"), or
 * s is part of a hashtag: an acronym alias used as one, not the ordinary
 * word ("Kebun Raya"). */
static int written_as_acronym(const netra_judge *j, int field,
                              const struct sig *s)
{
	const struct text_norm *n = &j->norm[field];
	const char *src = j->src[field];
	uint32_t t, i, upper = 0;

	if (!src || s->ta >= n->ntok)
		return 0;
	for (t = s->ta; t < s->tb && t < n->ntok; t++) {
		if (n->tok[t].flags & TEXT_TOK_HASHTAG)
			return 1;
		for (i = n->tok[t].orig_a; i < n->tok[t].orig_b; i++)
			upper += src[i] >= 'A' && src[i] <= 'Z';
	}
	return upper >= 2;
}

/* A digit written onto a word ("bagi2", "siap2": Indonesian
 * reduplication) is no ballot number, even when the text pipeline splits
 * it off as a token. Keycaps and number emoji are not affected. */
static int glued_number(const netra_judge *j, int field, const struct sig *s)
{
	const struct text_norm *n = &j->norm[field];
	const struct text_tok *t;
	const char *src = j->src[field];
	uint32_t i;

	if (s->ta >= n->ntok || !src)
		return 0;
	t = &n->tok[s->ta];
	if (t->flags & TEXT_TOK_EMOJI)
		return 0;
	/* "#02MenangTelak": a padded pair number leading a hashtag */
	if ((t->flags & (TEXT_TOK_PADDED | TEXT_TOK_HASHTAG)) ==
	    (TEXT_TOK_PADDED | TEXT_TOK_HASHTAG))
		return 0;
	for (i = t->orig_a; i < t->orig_b; i++) {
		char c = src[i];

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
			return 1;
	}
	return 0;
}

/* 1 when s is one "0N" token (TEXT_TOK_PADDED) that is not a side of a
 * score or a range ("menang 02-01", "01-03 Desember"). */
static int padded_number(const netra_judge *j, int field, const struct sig *s)
{
	const struct text_norm *n = &j->norm[field];
	const char *src = j->src[field];
	size_t len = n->in_len;
	const struct text_tok *t;

	if (s->tb != s->ta + 1 || s->ta >= n->ntok || !src)
		return 0;
	t = &n->tok[s->ta];
	if (!(t->flags & TEXT_TOK_PADDED))
		return 0;
	if (t->orig_b + 1 < len && src[t->orig_b] == '-' &&
	    src[t->orig_b + 1] >= '0' && src[t->orig_b + 1] <= '9')
		return 0;
	return !(t->orig_a >= 2 && t->orig_a <= len &&
	         src[t->orig_a - 1] == '-' && src[t->orig_a - 2] >= '0' &&
	         src[t->orig_a - 2] <= '9');
}

/* j->tokmap[b] = text_norm_tok_at(n, b) for every byte b of n->buf:
 * one pass instead of two binary searches per match. 0 or NETRA_ENOMEM. */
static int token_map(netra_judge *j, const struct text_norm *n)
{
	size_t t, b = 0, end;

	if (j->tokmap_cap < n->len + 1) {
		uint32_t *m = realloc(j->tokmap, (n->len + 1) * sizeof(*m));

		if (!m)
			return err_oom();
		j->tokmap = m;
		j->tokmap_cap = n->len + 1;
	}
	for (t = 0; t < n->ntok; t++)
		for (end = (size_t)n->tok[t].off + n->tok[t].len; b < end; b++)
			j->tokmap[b] = (uint32_t)t;
	for (; b <= n->len; b++)
		j->tokmap[b] = (uint32_t)n->ntok;
	return 0;
}

int rules_matcher_scan(netra_judge *j, int field)
{
	const netra_engine *e = j->e;
	const struct text_norm *n = &j->norm[field];
	struct scan_ctx sc = {j, n->buf, n->len, 0, 0};
	size_t i;
	int rc;

	j->nraw = 0;
	j->cut[field] = 0;
	if (n->len < 3)
		return 0;
	if (hs_scan(e->db, n->buf, (unsigned)n->len, 0, j->scratch, on_match,
	            &sc) != HS_SUCCESS &&
	    sc.overflow == 0)
		return err_set(NETRA_ERROR, "pattern scan failed");
	if (sc.overflow == 2)
		return err_oom();
	if (sc.overflow) {
		/* matches come in order of their end: keep those that end
		 * before the first one left out; the judge's next window
		 * starts before it (judge.c next_window()) */
		while (j->nraw && j->raw[j->nraw - 1].to >= sc.cut)
			j->nraw--;
		j->cut[field] = (size_t)sc.cut;
	}
	if (j->nraw && (rc = token_map(j, n)))
		return rc;
	for (i = 0; i < j->nraw; i++) {
		const struct raw_match *m = &j->raw[i];
		int32_t k;
		struct sig s;

		memset(&s, 0, sizeof(s));
		s.field = (uint8_t)field;
		s.na = m->from + 1;
		s.nb = m->to - 1;
		s.ta = j->tokmap[s.na];
		s.tb = j->tokmap[s.nb - 1] + 1;
		for (k = e->pat[m->pat].first; k >= 0; k = e->terms[k].next) {
			const struct term *t = &e->terms[k];

			s.kind = t->kind;
			s.sub = t->sub;
			s.strong = t->strong;
			s.cand = t->cand;
			s.lex = t->lex;
			s.term = t->id;
			if (t->kind == TK_REF &&
			    (t->sub == REF_HASHTAG || t->sub == REF_SLOGAN)) {
				s.strong =
				    s.ta < n->ntok &&
				    (n->tok[s.ta].flags & TEXT_TOK_HASHTAG);
				/* a one-word tag or slogan written as a plain
				 * word is that word ("perubahan", "amin" in a
				 * prayer), no reference */
				if (!s.strong && s.tb - s.ta < 2)
					continue;
			}
			s.plain = 0;
			if (t->strong == TERM_STRONG_CAPS) {
				s.strong =
				    (uint8_t)written_as_acronym(j, field, &s);
				s.plain = !s.strong;
			}
			s.padded = t->kind == TK_BARENUM &&
			           padded_number(j, field, &s);
			if (t->kind == TK_BARENUM && glued_number(j, field, &s))
				continue;
			if ((rc = push_sig(j, &s)))
				return rc;
		}
	}
	return 0;
}
