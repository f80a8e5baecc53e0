/*
 * text/stem.c - Indonesian stemming for classifiers and rules that want
 * it: the lexicon's exception list first (words Snowball over-stems, from
 * data/stem_exceptions.txt), then Snowball's Indonesian stemmer from
 * libstemmer. One struct text_stemmer per thread: libstemmer handles keep
 * state and are not thread-safe.
 */
#include "text/lexicon_int.h"

#include <stdlib.h>

#include <libstemmer.h>

#include "util/error.h"

struct text_stemmer {
	struct sb_stemmer *sb;
	const struct text_lexicon *lex;
};

int text_stemmer_new(struct text_stemmer **out, const struct text_lexicon *lex)
{
	struct text_stemmer *st;

	*out = NULL;
	st = calloc(1, sizeof(*st));
	if (!st)
		return err_oom();
	st->sb = sb_stemmer_new("indonesian", "UTF_8");
	if (!st->sb) {
		free(st);
		return err_set(NETRA_ERROR,
		               "libstemmer: no Indonesian stemmer");
	}
	st->lex = lex;
	*out = st;
	return 0;
}

void text_stemmer_free(struct text_stemmer *st)
{
	if (!st)
		return;
	sb_stemmer_delete(st->sb);
	free(st);
}

/* Plain lower-case words only: no digits, '@', '_'. */
static int stemmable(const char *w, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)w[i];
		if (c < 0x80 && !(c >= 'a' && c <= 'z'))
			return 0;
	}
	return len > 0;
}

int text_stem(struct text_stemmer *st, const char *w, size_t len,
              const char **out, size_t *out_len)
{
	const sb_symbol *r;
	int64_t v;

	*out = w;
	*out_len = len;
	if (!stemmable(w, len))
		return 0;
	if (st->lex && strmap_get(&st->lex->stemex, w, len, &v)) {
		*out = st->lex->pool.data + ((uint64_t)v >> 32);
		*out_len = (size_t)((uint64_t)v & 0xffffffff);
		return 0;
	}
	r = sb_stemmer_stem(st->sb, (const sb_symbol *)w, (int)len);
	if (!r)
		return err_oom();
	*out = (const char *)r;
	*out_len = (size_t)sb_stemmer_length(st->sb);
	return 0;
}
