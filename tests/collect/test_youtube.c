/*
 * tests/collect/test_youtube.c - the YouTube Data API v3 parsers
 * (src/collect/youtube.c): a channel's id, handle and uploads playlist,
 * the playlist's video ids and page token, the videos as Events with the
 * ids not answered (deleted or private), and the error reasons (quota,
 * rate limit, channel not found).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "collect/youtube.h"
#include "fixture.h"

static void test_channel(void **state)
{
	struct collect_parsed r;
	size_t n;
	char *body = fixture("youtube/yt_channel.json", &n);

	(void)state;
	assert_int_equal(collect_parsed_init(&r), 0);
	assert_int_equal(collect_youtube_parse_channel(&r, 200, body, n), 0);
	assert_int_equal(r.outcome, COLLECT_PAGE);
	assert_string_equal(r.account_id, "UCaaaaaaaaaaaaaaaaaaaaa1");
	assert_string_equal(r.handle, "@jokoprasetyo");
	assert_string_equal(r.ref, "UUaaaaaaaaaaaaaaaaaaaaa1");
	collect_parsed_clear(&r);
	free(body);

	body = fixture("youtube/yt_channel_none.json", &n);
	assert_int_equal(collect_parsed_init(&r), 0);
	assert_int_equal(collect_youtube_parse_channel(&r, 200, body, n), 0);
	assert_int_equal(r.outcome, COLLECT_ACCOUNT);
	assert_int_equal(r.account, COLLECT_GONE);
	collect_parsed_clear(&r);
	free(body);

	body = fixture("youtube/yt_channel_not_found.json", &n);
	assert_int_equal(collect_parsed_init(&r), 0);
	assert_int_equal(collect_youtube_parse_channel(&r, 404, body, n), 0);
	assert_int_equal(r.outcome, COLLECT_ACCOUNT);
	assert_int_equal(r.account, COLLECT_GONE);
	assert_non_null(strstr(r.message, "channelNotFound"));
	collect_parsed_clear(&r);
	free(body);
}

static void test_playlist_and_videos(void **state)
{
	struct collect_parsed r;
	json_t *asked;
	size_t n;
	char *body = fixture("youtube/yt_playlist_p1.json", &n);

	(void)state;
	assert_int_equal(collect_parsed_init(&r), 0);
	assert_int_equal(collect_youtube_parse_playlist(&r, 200, body, n), 0);
	assert_int_equal(json_array_size(r.ids), 2);
	assert_string_equal(json_string_value(json_array_get(r.ids, 0)),
	                    "vid00000003");
	assert_string_equal(r.next, "EAAaBlBUOkNBSQ");
	asked = json_incref(r.ids);
	collect_parsed_clear(&r);
	free(body);

	body = fixture("youtube/yt_playlist_p2.json", &n);
	assert_int_equal(collect_parsed_init(&r), 0);
	assert_int_equal(collect_youtube_parse_playlist(&r, 200, body, n), 0);
	assert_int_equal(json_array_size(r.ids), 1);
	assert_null(r.next);
	collect_parsed_clear(&r);
	free(body);

	/* vid00000002 is asked for and not answered: gone or private */
	body = fixture("youtube/yt_videos.json", &n);
	assert_int_equal(collect_parsed_init(&r), 0);
	assert_int_equal(collect_youtube_parse_videos(&r, 200, body, n,
	                                              "jokoprasetyo", asked),
	                 0);
	assert_int_equal(json_array_size(r.events), 1);
	assert_string_equal(ev_str(&r, 0, "platform"), "youtube");
	assert_string_equal(ev_str(&r, 0, "id"), "vid00000003");
	assert_string_equal(ev_str(&r, 0, "account"), "jokoprasetyo");
	assert_string_equal(ev_str(&r, 0, "text"),
	                    "Kuliner malam BSD\nMencoba sate taichan dan "
	                    "martabak.");
	assert_string_equal(ev_str(&r, 0, "url"),
	                    "https://www.youtube.com/watch?v=vid00000003");
	assert_string_equal(ev_str(&r, 0, "created_at"),
	                    "2024-10-02T05:00:00Z");
	/* the largest thumbnail is the video's picture, media[0] */
	assert_string_equal(
	    json_string_value(json_object_get(
	        json_array_get(json_object_get(json_array_get(r.events, 0),
	                                       "media"),
	                       0),
	        "url")),
	    "https://i.ytimg.com/vi/vid00000003/hqdefault.jpg");
	assert_int_equal(json_array_size(r.missing), 1);
	assert_string_equal(json_string_value(json_array_get(r.missing, 0)),
	                    "vid00000002");
	collect_parsed_clear(&r);
	json_decref(asked);
	free(body);
}

static void test_errors(void **state)
{
	struct collect_parsed r;
	size_t n;
	char *body = fixture("youtube/yt_quota.json", &n);

	(void)state;
	assert_int_equal(collect_parsed_init(&r), 0);
	assert_int_equal(collect_youtube_parse_playlist(&r, 403, body, n), 0);
	assert_int_equal(r.outcome, COLLECT_QUOTA);
	collect_parsed_clear(&r);
	free(body);

	body = fixture("youtube/yt_rate.json", &n);
	assert_int_equal(collect_parsed_init(&r), 0);
	assert_int_equal(
	    collect_youtube_parse_videos(&r, 403, body, n, "x", NULL), 0);
	assert_int_equal(r.outcome, COLLECT_RATE_LIMITED);
	collect_parsed_clear(&r);
	free(body);

	/* an uploads playlist the key may not read: the channel is private */
	{
		const char *priv =
		    "{\"error\":{\"code\":403,\"message\":\"The request is "
		    "not properly authorized to retrieve the specified "
		    "playlist.\",\"errors\":[{\"domain\":\"youtube."
		    "playlistItem\",\"reason\":\"playlistItemsNotAccessible\""
		    "}]}}";
		assert_int_equal(collect_parsed_init(&r), 0);
		assert_int_equal(
		    collect_youtube_parse_playlist(&r, 403, priv, strlen(priv)),
		    0);
		assert_int_equal(r.outcome, COLLECT_ACCOUNT);
		assert_int_equal(r.account, COLLECT_PRIVATE);
		collect_parsed_clear(&r);
	}
	assert_int_equal(collect_parsed_init(&r), 0);
	assert_int_equal(
	    collect_youtube_parse_videos(&r, 503, "", 0, "x", NULL), 0);
	assert_int_equal(r.outcome, COLLECT_TRANSIENT);
	assert_int_equal(collect_youtube_parse_videos(&r, 200, "{\"items\":{}}",
	                                              12, "x", NULL),
	                 NETRA_EINVALID);
	collect_parsed_clear(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_channel),
	    cmocka_unit_test(test_playlist_and_videos),
	    cmocka_unit_test(test_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
