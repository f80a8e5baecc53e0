/*
 * fuzz/fuzz_event_fast.c - the fast path of the Event parser
 * (src/ingest/fast.c) against the jansson path on arbitrary bytes: a line
 * the fast path accepts must be accepted by the jansson path with exactly
 * the same event, so the fast path can never change what netra reads.
 */
#include <assert.h>
#include <stdint.h>
#include <string.h>

#include "ingest/ingest_int.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void same(netra_str a, netra_str b)
{
	assert(a.len == b.len);
	assert((a.s == NULL) == (b.s == NULL));
	if (a.s)
		assert(memcmp(a.s, b.s, a.len) == 0 && a.s[a.len] == '\0');
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static netra_event_parser *fast, *slow;
	const netra_event *a = NULL, *b = NULL;
	const char *line = (const char *)data;

	if ((!fast && netra_event_parser_new(&fast)) ||
	    (!slow && netra_event_parser_new(&slow)))
		return 0;
	while (size > 0 && (line[size - 1] == '\n' || line[size - 1] == '\r' ||
	                    line[size - 1] == ' ' || line[size - 1] == '\t'))
		size--;
	ingest_parser_reset(fast);
	if (ingest_event_fast(fast, line, size, &a) != 1)
		return 0;
	assert(ingest_event_parse_json(slow, line, size, &b) == 0);
	same(a->platform, b->platform);
	same(a->id, b->id);
	assert(a->type == b->type);
	same(a->account, b->account);
	same(a->created_at, b->created_at);
	assert(a->created_ts == b->created_ts);
	same(a->text, b->text);
	same(a->url, b->url);
	same(a->target.account, b->target.account);
	same(a->target.id, b->target.id);
	same(a->target.text, b->target.text);
	assert(a->media_count == b->media_count);
	for (size_t i = 0; i < a->media_count; i++) {
		same(a->media[i].url, b->media[i].url);
		same(a->media[i].sha256, b->media[i].sha256);
		same(a->media[i].ocr_text, b->media[i].ocr_text);
	}
	return 0;
}
