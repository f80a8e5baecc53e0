/*
 * fuzz/fuzz_text.c - libFuzzer target for the text pipeline: normalises
 * arbitrary bytes with the shipped lexicon and checks the invariants the
 * matcher relies on (one leading and trailing space, single spaces, a token
 * table that agrees with the buffer, every span inside the original and in
 * order, a bounded input, look-alike folds and spelt-out words that are
 * plain ASCII), then stems every token. In normal builds fuzz/replay.c
 * runs it over fuzz/corpus/text/.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "netra/common.h"
#include "text/normalize.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct text_lexicon *lex;
static struct text_stemmer *stemmer;
static struct text_norm norm;

static void fail(const char *why)
{
	fprintf(stderr, "fuzz_text: invariant broken: %s\n", why);
	abort();
}

static void init(void)
{
	const char *src = getenv("NETRA_SRC");
	char dir[4096];

	snprintf(dir, sizeof(dir), "%s/data", src ? src : ".");
	if (text_lexicon_load(&lex, dir) != 0) {
		fprintf(stderr, "fuzz_text: %s (set NETRA_SRC)\n",
		        netra_error_last());
		abort();
	}
	if (text_stemmer_new(&stemmer, lex) != 0)
		abort();
}

static void check(const struct text_norm *n, size_t size)
{
	size_t i, pos = 1, a, b;

	if (n->len < 1 || n->buf[0] != ' ' || n->buf[n->len - 1] != ' ' ||
	    n->buf[n->len] != '\0')
		fail("shape");
	if (n->in_len > size || n->in_len > TEXT_MAX_INPUT)
		fail("input length");
	for (i = 0; i < n->ntok; i++) {
		const struct text_tok *t = &n->tok[i];
		if (t->off != pos || !t->len ||
		    memchr(n->buf + t->off, ' ', t->len) ||
		    n->buf[t->off + t->len] != ' ')
			fail("token table");
		if (t->orig_a > t->orig_b || t->orig_b > n->in_len)
			fail("token span");
		if (i && t->orig_a < n->tok[i - 1].orig_a)
			fail("token spans out of order");
		if (t->flags & (TEXT_TOK_CONFUSABLE | TEXT_TOK_SPELLED))
			for (a = 0; a < t->len; a++)
				if ((unsigned char)n->buf[t->off + a] >= 0x80)
					fail("folded token not ASCII");
		pos += t->len + 1;
	}
	if (pos != (n->ntok ? n->len : 1))
		fail("length");
	for (i = 0; i + 1 < n->len; i += 7) {
		text_norm_span(n, i, i + 1 + (i % 13), &a, &b);
		if (a > b || b > n->in_len)
			fail("span");
	}
	if (strstr(n->buf, "  "))
		fail("double space");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *o;
	size_t i, ol;

	if (!lex)
		init();
	if (text_normalize(&norm, lex, (const char *)data, size) != 0)
		return 0;
	check(&norm, size);
	for (i = 0; i < norm.ntok; i++)
		if (text_stem(stemmer, norm.buf + norm.tok[i].off,
		              norm.tok[i].len, &o, &ol) != 0 ||
		    !ol)
			fail("stem");
	/* the same input without a lexicon */
	if (text_normalize(&norm, NULL, (const char *)data, size) != 0)
		return 0;
	check(&norm, size);
	return 0;
}
