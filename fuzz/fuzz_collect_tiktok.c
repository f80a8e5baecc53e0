/*
 * fuzz/fuzz_collect_tiktok.c - the TikTok Research API response parser
 * (src/collect/tiktok.c) on arbitrary bytes, for every endpoint, as a
 * 200 and as a 429 answer; the invariants are fuzz/collect_check.h's.
 */
#include <stdint.h>

#include "collect/tiktok.h"
#include "collect_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const int statuses[] = {200, 429};
	struct collect_parsed r;
	int ep;
	size_t i;

	for (ep = 0; ep < COLLECT_TIKTOK__COUNT; ep++)
		for (i = 0; i < 2; i++) {
			if (collect_parsed_init(&r))
				return 0;
			collect_check(&r,
			              collect_tiktok_parse(
			                  &r, (enum collect_tiktok_endpoint)ep,
			                  statuses[i], (const char *)data, size,
			                  "siti"));
		}
	return 0;
}
