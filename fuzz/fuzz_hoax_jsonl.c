/*
 * fuzz/fuzz_hoax_jsonl.c - libFuzzer target for the debunks JSONL parser
 * and the hoax index (rules/hoax.h): every line of the input is parsed with
 * hoax_parse_line(); well-formed claims go into an index (no lexicon, a
 * few stopwords), which is built and then matched against every line and
 * the whole input as post text. Checks that parsed claims are non-empty
 * and that similarities stay within [0, 1].
 */
#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rules/hoax.h"
#include "text/normalize.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void match_text(struct hoax_index *ix, struct hoax_scratch *s,
		       struct text_norm *n, const char *p, size_t len)
{
	struct hoax_match m;
	int rc;

	if (text_normalize(n, NULL, p, len) != 0)
		return;
	rc = hoax_match(ix, s, n->buf, n->len, &m);
	assert(rc == 0 || rc == 1 || rc < 0);
	if (rc == 1) {
		assert(m.claim != NULL);
		assert(m.similarity >= 0.0 && m.similarity <= 1.0 + 1e-9);
		assert(m.index < hoax_index_count(ix));
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data, *end = p + size;
	struct hoax_index *ix = NULL;
	struct hoax_scratch s = HOAX_SCRATCH_INIT;
	struct text_norm n = {0};
	const char *line;

	if (size > (1u << 16) || hoax_index_new(&ix, NULL) != 0)
		return 0;
	hoax_index_add_common(ix, "pilkada tps", 11);
	for (line = p; line < end;) {
		const char *nl = memchr(line, '\n', (size_t)(end - line));
		size_t len = nl ? (size_t)(nl - line) : (size_t)(end - line);
		struct hoax_claim c;
		char *buf = NULL;

		if (hoax_parse_line(&c, &buf, line, len) == 0) {
			assert(c.id && *c.id && c.claim && *c.claim);
			assert(c.verdict && c.explanation);
			hoax_index_add(ix, &c);
		}
		free(buf);
		line += len + 1;
	}
	if (hoax_index_build(ix) == 0) {
		for (line = p; line < end;) {
			const char *nl = memchr(line, '\n',
						(size_t)(end - line));
			size_t len = nl ? (size_t)(nl - line)
					: (size_t)(end - line);

			match_text(ix, &s, &n, line, len);
			line += len + 1;
		}
		match_text(ix, &s, &n, p, size);
	}
	hoax_scratch_free(&s);
	text_norm_free(&n);
	hoax_index_free(ix);
	return 0;
}
