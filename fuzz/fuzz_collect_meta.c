/*
 * fuzz/fuzz_collect_meta.c - the Meta Graph API response parsers
 * (src/collect/meta.c: Instagram business discovery, Facebook Page posts
 * and Page lookups, the usage headers) on arbitrary bytes, as a 200 and
 * as a 400 answer; the invariants are fuzz/collect_check.h's.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "collect/meta.h"
#include "collect_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const int statuses[] = {200, 400};
	const char *body = (const char *)data;
	struct collect_parsed r;
	char *hdr;
	size_t i;

	for (i = 0; i < 2; i++) {
		if (collect_parsed_init(&r))
			return 0;
		collect_check(&r, collect_instagram_parse(&r, statuses[i], body,
		                                          size, "budi"));
		if (collect_parsed_init(&r))
			return 0;
		collect_check(&r, collect_facebook_parse(&r, statuses[i], body,
		                                         size, "1", "dinas"));
		if (collect_parsed_init(&r))
			return 0;
		collect_check(&r, collect_facebook_parse_page(&r, statuses[i],
		                                              body, size));
	}
	/* the same bytes as both usage headers (NUL-terminated copy) */
	if (!(hdr = malloc(size + 1)))
		return 0;
	memcpy(hdr, data, size);
	hdr[size] = '\0';
	if (!collect_parsed_init(&r)) {
		collect_meta_usage(&r, hdr, hdr);
		assert(r.usage >= -1 && r.retry_after >= -1);
		collect_parsed_clear(&r);
	}
	free(hdr);
	return 0;
}
