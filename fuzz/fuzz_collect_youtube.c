/*
 * fuzz/fuzz_collect_youtube.c - the YouTube Data API v3 response parsers
 * (src/collect/youtube.c: channels, playlistItems, videos) on arbitrary
 * bytes, as a 200 and as a 403 answer; the invariants are
 * fuzz/collect_check.h's, and every id reported missing was asked for.
 */
#include <stdint.h>

#include "collect/youtube.h"
#include "collect_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const int statuses[] = {200, 403};
	const char *body = (const char *)data;
	struct collect_parsed r;
	json_t *asked = json_pack("[s,s]", "vid00000003", "vid00000002");
	size_t i;

	if (!asked)
		return 0;
	for (i = 0; i < 2; i++) {
		if (collect_parsed_init(&r))
			break;
		collect_check(&r, collect_youtube_parse_channel(&r, statuses[i],
		                                                body, size));
		if (collect_parsed_init(&r))
			break;
		collect_check(&r, collect_youtube_parse_playlist(
		                      &r, statuses[i], body, size));
		if (collect_parsed_init(&r))
			break;
		int rc = collect_youtube_parse_videos(&r, statuses[i], body,
		                                      size, "joko", asked);
		assert(json_array_size(r.missing) <= 2);
		collect_check(&r, rc);
	}
	json_decref(asked);
	return 0;
}
