/*
 * tests/collect/test_meta.c - the Meta Graph API parsers
 * (src/collect/meta.c): Instagram business discovery and Facebook Page
 * posts as Events with their items, the paging cursors, the Graph error
 * codes (rate limit, token, migrated and missing Pages, unknown IG
 * users) and the usage headers.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "collect/meta.h"
#include "fixture.h"
#include "netra/ingest.h"

static void parse_ig(struct collect_parsed *r, int status, const char *f)
{
	size_t n;
	char *body = fixture(f, &n);

	assert_int_equal(collect_parsed_init(r), 0);
	assert_int_equal(
	    collect_instagram_parse(r, status, body, n, "budi.santoso"), 0);
	free(body);
}

static void parse_fb(struct collect_parsed *r, int status, const char *f)
{
	size_t n;
	char *body = fixture(f, &n);

	assert_int_equal(collect_parsed_init(r), 0);
	assert_int_equal(collect_facebook_parse(r, status, body, n,
	                                        "104000000000001",
	                                        "dinaskebersihan"),
	                 0);
	free(body);
}

static void test_instagram_page(void **state)
{
	struct collect_parsed r;
	netra_event_parser *p = NULL;
	const netra_event *ev;
	char *line;

	(void)state;
	parse_ig(&r, 200, "meta/ig_discovery_page1.json");
	assert_int_equal(r.outcome, COLLECT_PAGE);
	assert_int_equal(json_array_size(r.events), 2);
	assert_string_equal(ev_str(&r, 0, "platform"), "instagram");
	assert_string_equal(ev_str(&r, 0, "id"), "17900000000000003");
	assert_string_equal(ev_str(&r, 0, "type"), "post");
	assert_string_equal(ev_str(&r, 0, "account"), "budi.santoso");
	assert_string_equal(ev_str(&r, 0, "created_at"),
	                    "2024-10-02T01:15:00+0000");
	/* the second media left out its username: the account's */
	assert_string_equal(ev_str(&r, 1, "account"), "budi.santoso");
	assert_string_equal(ev_str(&r, 1, "text"),
	                    "Ayo coblos nomor 2! #Paslon2");
	assert_string_equal(ev_str(&r, 1, "api"),
	                    "instagram/business_discovery");
	assert_non_null(json_object_get(json_array_get(r.events, 1), "item"));
	assert_string_equal(r.next, "QVFIUmxtTExBWVZAa");
	assert_string_equal(r.account_id, "17841400000000001");
	assert_string_equal(r.handle, "budi.santoso");
	/* each Event is one the ingest parser accepts as it is */
	assert_int_equal(netra_event_parser_new(&p), 0);
	line = json_dumps(json_array_get(r.events, 1), JSON_COMPACT);
	assert_int_equal(netra_event_parser_parse(p, line, strlen(line), &ev),
	                 0);
	assert_int_equal(ev->type, NETRA_EV_POST);
	free(line);
	netra_event_parser_free(p);
	collect_parsed_clear(&r);

	parse_ig(&r, 200, "meta/ig_discovery_last.json");
	assert_int_equal(json_array_size(r.events), 0);
	assert_null(r.next);
	collect_parsed_clear(&r);
}

static void test_instagram_errors(void **state)
{
	struct collect_parsed r;

	(void)state;
	parse_ig(&r, 400, "meta/ig_not_found.json");
	assert_int_equal(r.outcome, COLLECT_ACCOUNT);
	assert_int_equal(r.account, COLLECT_GONE);
	assert_non_null(strstr(r.message, "110"));
	collect_parsed_clear(&r);

	parse_ig(&r, 400, "meta/graph_rate_limit.json");
	assert_int_equal(r.outcome, COLLECT_RATE_LIMITED);
	collect_parsed_clear(&r);

	parse_ig(&r, 400, "meta/graph_user_limit.json");
	assert_int_equal(r.outcome, COLLECT_RATE_LIMITED);
	collect_parsed_clear(&r);

	parse_ig(&r, 400, "meta/graph_token.json");
	assert_int_equal(r.outcome, COLLECT_AUTH);
	collect_parsed_clear(&r);

	/* a body that is not JSON: the status decides */
	assert_int_equal(collect_parsed_init(&r), 0);
	assert_int_equal(collect_instagram_parse(&r, 502, "<html>", 6, "x"), 0);
	assert_int_equal(r.outcome, COLLECT_TRANSIENT);
	collect_parsed_clear(&r);
	/* a 200 that is not the documented shape is an error */
	assert_int_equal(collect_parsed_init(&r), 0);
	assert_int_equal(
	    collect_instagram_parse(&r, 200, "{\"data\":[", 9, "x"),
	    NETRA_EINVALID);
	assert_non_null(strstr(netra_error_last(), "column"));
	assert_int_equal(collect_instagram_parse(&r, 200, "{}", 2, "x"),
	                 NETRA_EINVALID);
	collect_parsed_clear(&r);
}

static void test_facebook_posts(void **state)
{
	struct collect_parsed r;

	(void)state;
	parse_fb(&r, 200, "meta/fb_posts_page1.json");
	assert_int_equal(r.outcome, COLLECT_PAGE);
	/* two posts and the comment under the first */
	assert_int_equal(json_array_size(r.events), 3);
	assert_string_equal(ev_str(&r, 0, "platform"), "facebook");
	assert_string_equal(ev_str(&r, 0, "account"), "dinaskebersihan");
	assert_string_equal(ev_str(&r, 0, "created_at"),
	                    "2024-10-03T02:00:00+0000");
	assert_string_equal(ev_str(&r, 1, "type"), "comment");
	assert_string_equal(ev_str(&r, 1, "account"), "100000000000009");
	assert_string_equal(ev_str(&r, 1, "target.id"),
	                    "104000000000001_900000000000002");
	assert_string_equal(ev_str(&r, 2, "type"), "post");
	assert_string_equal(r.next, "QVFIUkZA2");
	collect_parsed_clear(&r);

	/* the last page has cursors but no paging.next */
	parse_fb(&r, 200, "meta/fb_posts_last.json");
	assert_int_equal(json_array_size(r.events), 1);
	assert_null(r.next);
	collect_parsed_clear(&r);
}

static void test_facebook_errors(void **state)
{
	struct collect_parsed r;

	(void)state;
	parse_fb(&r, 400, "meta/fb_migrated.json");
	assert_int_equal(r.outcome, COLLECT_ACCOUNT);
	assert_int_equal(r.account, COLLECT_RENAMED);
	assert_string_equal(r.account_id, "104000000000777");
	collect_parsed_clear(&r);

	/* a post asked for by id that no longer exists (100/33) */
	{
		size_t n;
		char *body = fixture("meta/post_deleted.json", &n);
		assert_int_equal(collect_parsed_init(&r), 0);
		assert_int_equal(collect_facebook_parse_page(&r, 400, body, n),
		                 0);
		assert_int_equal(r.outcome, COLLECT_ACCOUNT);
		assert_int_equal(r.account, COLLECT_GONE);
		collect_parsed_clear(&r);
		free(body);
	}

	parse_fb(&r, 404, "meta/fb_alias_missing.json");
	assert_int_equal(r.outcome, COLLECT_ACCOUNT);
	assert_int_equal(r.account, COLLECT_GONE);
	collect_parsed_clear(&r);

	assert_int_equal(collect_parsed_init(&r), 0);
	{
		const char *page = "{\"id\":\"104000000000001\","
		                   "\"username\":\"dk\"}";
		assert_int_equal(
		    collect_facebook_parse_page(&r, 200, page, strlen(page)),
		    0);
	}
	assert_string_equal(r.account_id, "104000000000001");
	assert_string_equal(r.handle, "dk");
	collect_parsed_clear(&r);
}

static void test_usage_headers(void **state)
{
	struct collect_parsed r;

	(void)state;
	assert_int_equal(collect_parsed_init(&r), 0);
	collect_meta_usage(&r,
	                   "{\"call_count\":28,\"total_time\":25,"
	                   "\"total_cputime\":25}",
	                   NULL);
	assert_int_equal(r.usage, 28);
	assert_int_equal(r.retry_after, -1);
	collect_meta_usage(
	    &r, NULL,
	    "{\"104000000000001\":[{\"type\":\"pages\",\"call_count\":100,"
	    "\"total_cputime\":25,\"total_time\":25,"
	    "\"estimated_time_to_regain_access\":19}]}");
	assert_int_equal(r.usage, 100);
	assert_int_equal(r.retry_after, 19 * 60);
	/* malformed headers only advise: ignored */
	collect_meta_usage(&r, "{call_count", "[]");
	assert_int_equal(r.usage, 100);
	collect_parsed_clear(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_instagram_page),
	    cmocka_unit_test(test_instagram_errors),
	    cmocka_unit_test(test_facebook_posts),
	    cmocka_unit_test(test_facebook_errors),
	    cmocka_unit_test(test_usage_headers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
