/*
 * tests/collect/test_x.c - the X API v2 module's parsers (collect/x.c)
 * on the recorded responses in tests/collect/fixtures/x (the documented
 * v2 shapes): user lookups to a profile and status, the timeline cursor
 * (high-water mark from data ids, next_token, end of walk), likes and
 * follows as Event lines, deleted posts from resource-not-found errors,
 * and refusals of malformed bodies.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>

#include "collect/x.h"
#include "fixture.h"

static void test_user(void **state)
{
	struct collect_profile p;
	size_t n;
	char *b;

	(void)state;
	b = fixture("x/user_budi_renamed.json", &n);
	assert_int_equal(collect_x_parse_user(&p, 200, b, n), 0);
	assert_string_equal(p.uid, "1001");
	assert_string_equal(p.handle, "budi_baru");
	assert_int_equal(p.status, COLLECT_ACTIVE);
	free(b);
	b = fixture("x/user_protected.json", &n);
	assert_int_equal(collect_x_parse_user(&p, 200, b, n), 0);
	assert_int_equal(p.status, COLLECT_PRIVATE);
	free(b);
	b = fixture("x/user_suspended.json", &n);
	assert_int_equal(collect_x_parse_user(&p, 200, b, n), 0);
	assert_int_equal(p.status, COLLECT_SUSPENDED);
	assert_non_null(strstr(p.detail, "suspended"));
	assert_string_equal(p.uid, "");
	free(b);
	b = fixture("x/user_notfound.json", &n);
	assert_int_equal(collect_x_parse_user(&p, 200, b, n), 0);
	assert_int_equal(p.status, COLLECT_GONE);
	free(b);
	b = fixture("x/error_401.json", &n);
	assert_int_equal(collect_x_parse_user(&p, 401, b, n), NETRA_EDENIED);
	assert_non_null(strstr(netra_error_last(), "HTTP 401"));
	free(b);
	assert_int_equal(collect_x_parse_user(&p, 200, "{\"data\":{\"id\":5}}",
	                                      17),
	                 NETRA_EINVALID);
	assert_int_equal(collect_x_parse_user(&p, 200, "[1]", 3),
	                 NETRA_EINVALID);
}

static void test_timeline(void **state)
{
	struct collect_page pg;
	size_t n;
	char *b;

	(void)state;
	memset(&pg, 0, sizeof(pg));
	snprintf(pg.cursor.since, sizeof(pg.cursor.since), "1864000000000000000");
	b = fixture("x/tweets_p1.json", &n);
	assert_int_equal(collect_x_parse_timeline(&pg, b, n), 0);
	assert_int_equal(pg.format, NETRA_FMT_X);
	assert_int_equal(pg.done, 0);
	assert_string_equal(pg.cursor.page,
	                    "7140dibdnow9c7btw3z2vwioavpvutgzrzm9icis4ndix");
	assert_string_equal(pg.cursor.top, "1864000000000000006");
	assert_string_equal(pg.cursor.since, "1864000000000000000");
	assert_int_equal(pg.body.len, n); /* ingested as received */
	free(b);
	b = fixture("x/tweets_p3.json", &n);
	assert_int_equal(collect_x_parse_timeline(&pg, b, n), 0);
	assert_int_equal(pg.done, 1);
	assert_string_equal(pg.cursor.since, "1864000000000000006");
	assert_string_equal(pg.cursor.page, "");
	assert_string_equal(pg.cursor.top, "");
	free(b);
	/* an empty walk keeps since */
	sbuf_clear(&pg.body);
	assert_int_equal(collect_x_parse_timeline(
	                     &pg, "{\"meta\":{\"result_count\":0}}", 27),
	                 0);
	assert_string_equal(pg.cursor.since, "1864000000000000006");
	assert_int_equal(collect_x_parse_timeline(&pg, "{\"data\":{}}", 11),
	                 NETRA_EINVALID);
	assert_int_equal(
	    collect_x_parse_timeline(&pg, "{\"errors\":[{\"detail\":\"x\"}]}",
	                             27),
	    NETRA_EINVALID);
	assert_int_equal(collect_x_parse_timeline(&pg, "{\"data\": [", 10),
	                 NETRA_EINVALID);
	assert_non_null(strstr(netra_error_last(), "not JSON"));
	sbuf_free(&pg.body);
}

static json_t *line(const struct collect_page *pg, int i)
{
	const char *s = pg->body.data;
	json_error_t e;

	while (i-- > 0)
		s = strchr(s, '\n') + 1;
	return json_loadb(s, (size_t)(strchr(s, '\n') - s), 0, &e);
}

static void test_acts(void **state)
{
	struct collect_page pg;
	json_t *j;
	size_t n;
	char *b;

	(void)state;
	memset(&pg, 0, sizeof(pg));
	b = fixture("x/liked.json", &n);
	assert_int_equal(collect_x_parse_acts(&pg, 0, "budi_s", "1001", b, n),
	                 0);
	assert_int_equal(pg.format, NETRA_FMT_JSONL);
	assert_int_equal(pg.newest_first_stop, 1);
	assert_string_equal(pg.cursor.page, "liked2");
	j = line(&pg, 0);
	assert_string_equal(json_string_value(json_object_get(j, "id")),
	                    "like:1001:1860000000000000100");
	assert_string_equal(json_string_value(json_object_get(j, "type")),
	                    "like");
	assert_string_equal(json_string_value(json_object_get(
	                        json_object_get(j, "target"), "account")),
	                    "paslon2_official");
	assert_non_null(json_object_get(j, "x_tweet"));
	json_decref(j);
	free(b);
	sbuf_clear(&pg.body);
	b = fixture("x/following.json", &n);
	assert_int_equal(collect_x_parse_acts(&pg, 1, "budi_s", "1001", b, n),
	                 0);
	assert_int_equal(pg.done, 1);
	j = line(&pg, 1);
	assert_string_equal(json_string_value(json_object_get(j, "id")),
	                    "follow:1001:2002");
	assert_string_equal(json_string_value(json_object_get(
	                        json_object_get(j, "target"), "account")),
	                    "bpbd_kenanga");
	json_decref(j);
	free(b);
	sbuf_free(&pg.body);
}

static void test_gone(void **state)
{
	static const char *const ids[] = {"1864000000000000006",
	                                  "1864000000000000004"};
	struct collect_page pg;
	json_t *j;
	size_t n;
	char *b;

	(void)state;
	memset(&pg, 0, sizeof(pg));
	b = fixture("x/lookup_gone.json", &n);
	assert_int_equal(
	    collect_x_parse_gone(&pg, "budi_s", ids, 2, 1733500000, b, n), 0);
	j = line(&pg, 0);
	assert_string_equal(json_string_value(json_object_get(j, "id")),
	                    "delete:1864000000000000004");
	assert_string_equal(json_string_value(json_object_get(j, "type")),
	                    "delete");
	assert_non_null(json_object_get(j, "seen_gone"));
	json_decref(j);
	assert_null(strchr(strchr(pg.body.data, '\n') + 1, '\n'));
	/* an id not asked for is not deleted */
	sbuf_clear(&pg.body);
	assert_int_equal(
	    collect_x_parse_gone(&pg, "budi_s", ids, 1, 1733500000, b, n), 0);
	assert_int_equal(pg.body.len, 0);
	free(b);
	sbuf_free(&pg.body);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_user),
	    cmocka_unit_test(test_timeline),
	    cmocka_unit_test(test_acts),
	    cmocka_unit_test(test_gone),
	};
	(void)ev_str; /* fixture.h's, for the parsed-page tests */
	return cmocka_run_group_tests(tests, NULL, NULL);
}
