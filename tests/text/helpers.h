/*
 * tests/text/helpers.h - shared helpers for the text pipeline tests: load
 * the real lexicon from data/, normalise and compare, check a phrase's
 * span back to the original bytes, and check the output invariants
 * (" tok tok " shape, token table consistent with buf, spans in range).
 */
#ifndef NETRA_TESTS_TEXT_HELPERS_H
#define NETRA_TESTS_TEXT_HELPERS_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "netra/common.h"
#include "text/normalize.h"

static inline struct text_lexicon *load_lex(void)
{
	const char *src = getenv("NETRA_SRC");
	char dir[4096];
	struct text_lexicon *lex = NULL;

	snprintf(dir, sizeof(dir), "%s/data", src ? src : "..");
	if (text_lexicon_load(&lex, dir) != 0)
		fail_msg("lexicon: %s", netra_error_last());
	return lex;
}

/* The " tok tok " shape and the token table agree with buf. */
static inline void check_invariants(const struct text_norm *n)
{
	size_t i, pos = 1;

	assert_true(n->len >= 1);
	assert_int_equal(n->buf[0], ' ');
	assert_int_equal(n->buf[n->len - 1], ' ');
	assert_int_equal(n->buf[n->len], '\0');
	assert_true(n->in_len <= TEXT_MAX_INPUT);
	for (i = 0; i < n->ntok; i++) {
		const struct text_tok *t = &n->tok[i];
		assert_int_equal(t->off, pos);
		assert_true(t->len > 0);
		assert_null(memchr(n->buf + t->off, ' ', t->len));
		assert_int_equal(n->buf[t->off + t->len], ' ');
		assert_true(t->orig_a <= t->orig_b);
		assert_true(t->orig_b <= n->in_len);
		if (i > 0) {
			assert_true(t->orig_a >= n->tok[i - 1].orig_a);
			assert_true(t->orig_b >= n->tok[i - 1].orig_b);
		}
		pos += t->len + 1;
	}
	assert_int_equal(pos, n->ntok ? n->len : 1);
}

/* Normalises s and asserts the result is " want " (want "" for none). */
static inline void norm_is(struct text_norm *n, const struct text_lexicon *lex,
                           const char *s, const char *want)
{
	char exp[4096];

	assert_int_equal(text_normalize(n, lex, s, strlen(s)), 0);
	check_invariants(n);
	if (*want)
		snprintf(exp, sizeof(exp), " %s ", want);
	else
		snprintf(exp, sizeof(exp), " ");
	if (strcmp(n->buf, exp) != 0)
		fail_msg("normalise \"%s\": got \"%s\", want \"%s\"", s, n->buf,
		         exp);
}

/* After normalising s into n: the phrase (normalised words) maps back to
 * the original bytes `orig`. */
static inline void span_is(const struct text_norm *n, const char *s,
                           const char *phrase, const char *orig)
{
	char pat[1024];
	const char *p;
	size_t a, b;

	snprintf(pat, sizeof(pat), " %s ", phrase);
	p = strstr(n->buf, pat);
	if (!p)
		fail_msg("\"%s\" not in \"%s\"", pat, n->buf);
	text_norm_span(n, (size_t)(p - n->buf) + 1,
	               (size_t)(p - n->buf) + 1 + strlen(phrase), &a, &b);
	if (b - a != strlen(orig) || memcmp(s + a, orig, b - a) != 0)
		fail_msg("span of \"%s\": got \"%.*s\", want \"%s\"", phrase,
		         (int)(b - a), s + a, orig);
}

/* Flags of the first token equal to w. */
static inline uint32_t tok_flags(const struct text_norm *n, const char *w)
{
	size_t i;

	for (i = 0; i < n->ntok; i++)
		if (n->tok[i].len == strlen(w) &&
		    memcmp(n->buf + n->tok[i].off, w, n->tok[i].len) == 0)
			return n->tok[i].flags;
	fail_msg("token \"%s\" not in \"%s\"", w, n->buf);
	return 0;
}

#endif
