/*
 * tests/collect/test_tiktok.c - the TikTok Research API parsers
 * (src/collect/tiktok.c): the video query's videos and its cursor with
 * search_id, an account's likes, reposts, pinned videos and follows as
 * Events with deterministic ids, and the error codes (rate limit, token,
 * an unknown or private user).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "collect/tiktok.h"
#include "fixture.h"

static void parse(struct collect_parsed *r, enum collect_tiktok_endpoint ep,
                  int status, const char *f)
{
	size_t n;
	char *body = fixture(f, &n);

	assert_int_equal(collect_parsed_init(r), 0);
	assert_int_equal(
	    collect_tiktok_parse(r, ep, status, body, n, "siti_rahma"), 0);
	free(body);
}

static void test_videos(void **state)
{
	struct collect_parsed r;

	(void)state;
	parse(&r, COLLECT_TIKTOK_VIDEOS, 200, "tiktok/tt_videos_page1.json");
	assert_int_equal(r.outcome, COLLECT_PAGE);
	assert_int_equal(json_array_size(r.events), 2);
	assert_string_equal(ev_str(&r, 0, "platform"), "tiktok");
	/* a 19-digit id kept exactly */
	assert_string_equal(ev_str(&r, 0, "id"), "7400000000000000002");
	assert_string_equal(ev_str(&r, 1, "created_at"),
	                    "2024-10-01T08:00:00Z");
	assert_string_equal(ev_str(&r, 1, "url"),
	                    "https://www.tiktok.com/@siti_rahma/video/"
	                    "7400000000000000001");
	assert_string_equal(ev_str(&r, 1, "api"),
	                    "tiktok/research/video/query");
	assert_string_equal(r.next, "7201388525814961198:2");
	collect_parsed_clear(&r);

	parse(&r, COLLECT_TIKTOK_VIDEOS, 200, "tiktok/tt_videos_last.json");
	assert_int_equal(json_array_size(r.events), 1);
	assert_null(r.next); /* has_more false */
	collect_parsed_clear(&r);
}

static void test_acts(void **state)
{
	struct collect_parsed r;

	(void)state;
	parse(&r, COLLECT_TIKTOK_LIKED, 200, "tiktok/tt_liked.json");
	assert_int_equal(json_array_size(r.events), 1);
	assert_string_equal(ev_str(&r, 0, "type"), "like");
	assert_string_equal(ev_str(&r, 0, "id"),
	                    "like:siti_rahma:7400000000000009001");
	assert_string_equal(ev_str(&r, 0, "account"), "siti_rahma");
	assert_string_equal(ev_str(&r, 0, "target.account"),
	                    "paslon1_official");
	assert_string_equal(ev_str(&r, 0, "target.id"), "7400000000000009001");
	assert_string_equal(ev_str(&r, 0, "target.text"),
	                    "Bersama membangun kota! #Paslon1");
	assert_string_equal(r.next, "1727700000");
	collect_parsed_clear(&r);

	parse(&r, COLLECT_TIKTOK_REPOSTED, 200, "tiktok/tt_reposted.json");
	assert_string_equal(ev_str(&r, 0, "type"), "repost");
	assert_string_equal(ev_str(&r, 0, "id"),
	                    "repost:siti_rahma:7400000000000009002");
	assert_null(r.next);
	collect_parsed_clear(&r);

	parse(&r, COLLECT_TIKTOK_FOLLOWING, 200, "tiktok/tt_following.json");
	assert_int_equal(json_array_size(r.events), 2);
	assert_string_equal(ev_str(&r, 0, "type"), "follow");
	assert_string_equal(ev_str(&r, 0, "id"),
	                    "follow:siti_rahma:paslon1_official");
	assert_string_equal(ev_str(&r, 1, "target.account"), "dapur.nusantara");
	collect_parsed_clear(&r);

	parse(&r, COLLECT_TIKTOK_PINNED, 200, "tiktok/tt_pinned.json");
	assert_int_equal(json_array_size(r.events), 1);
	assert_string_equal(ev_str(&r, 0, "type"), "post");
	assert_string_equal(ev_str(&r, 0, "id"), "7400000000000000001");
	collect_parsed_clear(&r);

	parse(&r, COLLECT_TIKTOK_USER_INFO, 200, "tiktok/tt_user_info.json");
	assert_int_equal(r.outcome, COLLECT_PAGE);
	assert_int_equal(r.account, COLLECT_ACTIVE);
	assert_int_equal(json_array_size(r.events), 0);
	collect_parsed_clear(&r);
}

static void test_errors(void **state)
{
	struct collect_parsed r;

	(void)state;
	parse(&r, COLLECT_TIKTOK_VIDEOS, 429, "tiktok/tt_rate_limit.json");
	assert_int_equal(r.outcome, COLLECT_RATE_LIMITED);
	assert_non_null(strstr(r.message, "rate_limit_exceeded"));
	collect_parsed_clear(&r);

	parse(&r, COLLECT_TIKTOK_USER_INFO, 400, "tiktok/tt_user_gone.json");
	assert_int_equal(r.outcome, COLLECT_ACCOUNT);
	assert_int_equal(r.account, COLLECT_GONE);
	collect_parsed_clear(&r);

	/* an account whose data is not public, as the message says */
	{
		const char *priv =
		    "{\"data\":{},\"error\":{\"code\":\"invalid_params\","
		    "\"message\":\"The user siti_rahma is private\","
		    "\"log_id\":\"1\"}}";
		assert_int_equal(collect_parsed_init(&r), 0);
		assert_int_equal(collect_tiktok_parse(&r, COLLECT_TIKTOK_LIKED,
		                                      400, priv, strlen(priv),
		                                      "siti_rahma"),
		                 0);
		assert_int_equal(r.outcome, COLLECT_ACCOUNT);
		assert_int_equal(r.account, COLLECT_PRIVATE);
		collect_parsed_clear(&r);
		/* invalid_params on the video query is our request's fault */
		assert_int_equal(collect_parsed_init(&r), 0);
		assert_int_equal(collect_tiktok_parse(&r, COLLECT_TIKTOK_VIDEOS,
		                                      400, priv, strlen(priv),
		                                      "siti_rahma"),
		                 0);
		assert_int_equal(r.outcome, COLLECT_REFUSED);
		collect_parsed_clear(&r);
	}

	parse(&r, COLLECT_TIKTOK_LIKED, 401, "tiktok/tt_token.json");
	assert_int_equal(r.outcome, COLLECT_AUTH);
	collect_parsed_clear(&r);

	/* a bare 500 with an HTML body */
	assert_int_equal(collect_parsed_init(&r), 0);
	assert_int_equal(collect_tiktok_parse(&r, COLLECT_TIKTOK_VIDEOS, 500,
	                                      "<h1>", 4, "x"),
	                 0);
	assert_int_equal(r.outcome, COLLECT_TRANSIENT);
	/* a 200 whose data is not an object */
	assert_int_equal(collect_tiktok_parse(&r, COLLECT_TIKTOK_VIDEOS, 200,
	                                      "{\"data\":[]}", 11, "x"),
	                 NETRA_EINVALID);
	collect_parsed_clear(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_videos),
	    cmocka_unit_test(test_acts),
	    cmocka_unit_test(test_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
