/*
 * tests/ingest/test_event.c - the generic Event parser (ingest/event.c):
 * every field, every validation error, times, and reuse of one parser.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "ingest/ingest_int.h"
#include "netra/ingest.h"

static netra_event_parser *P;

static int setup(void **state)
{
	(void)state;
	return netra_event_parser_new(&P);
}

static int teardown(void **state)
{
	(void)state;
	netra_event_parser_free(P);
	P = NULL;
	return 0;
}

static const netra_event *parse_ok(const char *s)
{
	const netra_event *ev = NULL;
	int rc = netra_event_parser_parse(P, s, strlen(s), &ev);

	if (rc)
		fail_msg("parse failed: %s", netra_error_last());
	assert_non_null(ev);
	return ev;
}

/* Parses s expecting NETRA_EINVALID with a message containing want. */
static void parse_bad(const char *s, const char *want)
{
	const netra_event *ev = (const netra_event *)1;
	int rc = netra_event_parser_parse(P, s, strlen(s), &ev);

	assert_int_equal(rc, NETRA_EINVALID);
	assert_null(ev);
	if (!strstr(netra_error_last(), want))
		fail_msg("error '%s' lacks '%s'", netra_error_last(), want);
}

static void assert_str(netra_str s, const char *want)
{
	if (!want) {
		assert_null(s.s);
		assert_int_equal(s.len, 0);
		return;
	}
	assert_non_null(s.s);
	assert_int_equal(s.len, strlen(want));
	assert_memory_equal(s.s, want, s.len);
	assert_int_equal(s.s[s.len], '\0');
}

static void test_full_event(void **state)
{
	const char *line =
	    "{\"platform\":\"x\",\"id\":\"1834\",\"type\":\"quote\","
	    "\"account\":\"@Budi_S\",\"created_at\":\"2024-10-02T08:15:00+07:"
	    "00\","
	    "\"text\":\"Ayo \\u00e9 dukung\",\"url\":\"https://x.com/b/1834\","
	    "\"target\":{\"account\":\"@Paslon2_Resmi\",\"id\":\"99\","
	    "\"text\":\"visi misi\"},"
	    "\"media\":[{\"url\":\"https://m/1.jpg\",\"sha256\":\"ab\","
	    "\"ocr_text\":\"coblos\"},{\"url\":\"https://m/2.jpg\"}],"
	    "\"extra\":{\"kept\":true}}\n";
	const netra_event *ev;

	(void)state;
	ev = parse_ok(line);
	assert_str(ev->platform, "x");
	assert_str(ev->id, "1834");
	assert_int_equal(ev->type, NETRA_EV_QUOTE);
	assert_str(ev->account, "budi_s");
	assert_str(ev->created_at, "2024-10-02T08:15:00+07:00");
	assert_int_equal(ev->created_ts, 1727831700); /* 01:15:00Z */
	assert_str(ev->text, "Ayo \xc3\xa9 dukung");
	assert_str(ev->url, "https://x.com/b/1834");
	assert_str(ev->target.account, "paslon2_resmi");
	assert_str(ev->target.id, "99");
	assert_str(ev->target.text, "visi misi");
	assert_int_equal(ev->media_count, 2);
	assert_str(ev->media[0].url, "https://m/1.jpg");
	assert_str(ev->media[0].sha256, "ab");
	assert_str(ev->media[0].ocr_text, "coblos");
	assert_str(ev->media[1].url, "https://m/2.jpg");
	assert_null(ev->media[1].sha256.s);
	/* raw is the line as given, minus the line end; unknown fields
	 * stay in it. */
	assert_int_equal(ev->raw.len, strlen(line) - 1);
	assert_memory_equal(ev->raw.s, line, ev->raw.len);
	assert_non_null(strstr(ev->raw.s, "\"kept\":true"));
}

static void test_minimal_post(void **state)
{
	const netra_event *ev;

	(void)state;
	ev = parse_ok("{\"platform\":\"Instagram\",\"id\":77,\"type\":\"post\","
	              "\"account\":\"siti\"}");
	assert_str(ev->platform, "instagram");
	assert_str(ev->id, "77"); /* an integer id becomes its text */
	assert_int_equal(ev->type, NETRA_EV_POST);
	assert_null(ev->created_at.s);
	assert_int_equal(ev->created_ts, 0);
	assert_null(ev->text.s);
	assert_null(ev->target.id.s);
	assert_int_equal(ev->media_count, 0);
	assert_null(ev->media);
	ev =
	    parse_ok("{\"platform\":\"twitter\",\"id\":\"1\",\"type\":\"post\","
	             "\"account\":\"a\",\"text\":null}");
	assert_str(ev->platform, "x");
}

static void test_types(void **state)
{
	static const char *const names[] = {
	    "post", "repost", "quote", "comment", "like", "follow", "delete"};
	netra_event_type t;
	char line[256];
	int i;

	(void)state;
	for (i = 0; i < NETRA_EV__COUNT; i++) {
		const netra_event *ev;
		assert_string_equal(netra_event_type_name((netra_event_type)i),
		                    names[i]);
		assert_int_equal(
		    netra_event_type_parse(&t, names[i], strlen(names[i])), 0);
		assert_int_equal(t, i);
		snprintf(line, sizeof(line),
		         "{\"platform\":\"x\",\"id\":\"%d\",\"type\":\"%s\","
		         "\"account\":\"a\",\"target\":{\"account\":\"c\","
		         "\"id\":\"5\"}}",
		         i, names[i]);
		ev = parse_ok(line);
		assert_int_equal(ev->type, i);
	}
	assert_string_equal(netra_event_type_name(NETRA_EV__COUNT), "?");
	assert_int_equal(netra_event_type_parse(&t, "posts", 5),
	                 NETRA_EINVALID);
	assert_int_equal(netra_event_type_parse(&t, "pos", 3), NETRA_EINVALID);
}

static void test_missing_and_wrong_fields(void **state)
{
	(void)state;
	parse_bad("{\"id\":\"1\",\"type\":\"post\",\"account\":\"a\"}",
	          "missing platform");
	parse_bad("{\"platform\":\"x\",\"type\":\"post\",\"account\":\"a\"}",
	          "missing id");
	parse_bad("{\"platform\":\"x\",\"id\":\"\",\"type\":\"post\","
	          "\"account\":\"a\"}",
	          "empty id");
	parse_bad("{\"platform\":\"x\",\"id\":\"1\",\"account\":\"a\"}",
	          "missing type");
	parse_bad("{\"platform\":\"x\",\"id\":\"1\",\"type\":\"post\"}",
	          "missing account");
	parse_bad("{\"platform\":\"x\",\"id\":\"1\",\"type\":\"post\","
	          "\"account\":\"@\"}",
	          "account: ");
	parse_bad("{\"platform\":\"myspace\",\"id\":\"1\",\"type\":\"post\","
	          "\"account\":\"a\"}",
	          "unknown platform 'myspace'");
	parse_bad("{\"platform\":\"x\",\"id\":\"1\",\"type\":\"share\","
	          "\"account\":\"a\"}",
	          "unknown type 'share'");
	parse_bad("{\"platform\":\"x\",\"id\":[1],\"type\":\"post\","
	          "\"account\":\"a\"}",
	          "id: expected a string");
	parse_bad("{\"platform\":\"x\",\"id\":\"1\",\"type\":\"post\","
	          "\"account\":\"a\",\"text\":5}",
	          "text: expected a string");
	parse_bad("{\"platform\":\"x\",\"id\":\"1\",\"type\":\"post\","
	          "\"account\":\"a\",\"target\":\"b\"}",
	          "target: expected an object");
	parse_bad("{\"platform\":\"x\",\"id\":\"1\",\"type\":\"post\","
	          "\"account\":\"a\",\"media\":{}}",
	          "media: expected an array");
	parse_bad("{\"platform\":\"x\",\"id\":\"1\",\"type\":\"post\","
	          "\"account\":\"a\",\"media\":[{\"url\":1}]}",
	          "media[0]: expected a string");
	parse_bad("[1,2]", "expected a JSON object");
}

static void test_target_rules(void **state)
{
	(void)state;
	parse_bad("{\"platform\":\"x\",\"id\":\"1\",\"type\":\"repost\","
	          "\"account\":\"a\"}",
	          "type repost needs a target");
	parse_bad("{\"platform\":\"x\",\"id\":\"1\",\"type\":\"like\","
	          "\"account\":\"a\",\"target\":{}}",
	          "type like needs a target");
	parse_bad("{\"platform\":\"x\",\"id\":\"1\",\"type\":\"follow\","
	          "\"account\":\"a\",\"target\":{\"id\":\"9\"}}",
	          "type follow needs target.account");
	parse_bad("{\"platform\":\"x\",\"id\":\"1\",\"type\":\"delete\","
	          "\"account\":\"a\",\"target\":{\"account\":\"a\"}}",
	          "type delete needs target.id");
	parse_ok("{\"platform\":\"x\",\"id\":\"1\",\"type\":\"comment\","
	         "\"account\":\"a\",\"target\":{\"id\":9}}");
}

static void test_bad_json(void **state)
{
	static const char nul[] = "{\"platform\":\"x\"\0}";
	const netra_event *ev;

	(void)state;
	parse_bad("{\"platform\":\"x\",", "not JSON");
	parse_bad("", "not JSON");
	parse_bad("{\"platform\":\"x\",\"platform\":\"x\"}", "duplicate");
	/* Invalid UTF-8 (a lone continuation byte, an overlong form). */
	parse_bad("{\"platform\":\"x\",\"id\":\"1\",\"type\":\"post\","
	          "\"account\":\"a\",\"text\":\"\x80\"}",
	          "not JSON");
	parse_bad("{\"platform\":\"x\",\"id\":\"1\",\"type\":\"post\","
	          "\"account\":\"a\",\"text\":\"\xc0\xaf\"}",
	          "not JSON");
	/* A NUL byte inside the line, and an escaped NUL in a string. */
	assert_int_equal(netra_event_parser_parse(P, nul, sizeof(nul) - 1, &ev),
	                 NETRA_EINVALID);
	parse_bad("{\"platform\":\"x\",\"id\":\"1\",\"type\":\"post\","
	          "\"account\":\"a\",\"text\":\"a\\u0000b\"}",
	          "not JSON");
}

static void test_times(void **state)
{
	static const struct {
		const char *s;
		int64_t t;
	} ok[] = {
	    {"1970-01-01T00:00:00Z", 0},
	    {"2024-10-02T08:15:00+07:00", 1727831700},
	    {"2024-10-02T01:15:00.123Z", 1727831700},
	    {"2024-10-02T01:15:00+0000", 1727831700},
	    {"2024-10-01 20:15:00-05:00", 1727831700},
	    {"2024-02-29T12:00:00Z", 1709208000},
	    {"2000-03-01T00:00:00+00", 951868800},
	};
	static const char *const bad[] = {
	    "2024-10-02",
	    "2024-10-02T08:15:00",
	    "2024-13-02T08:15:00Z",
	    "2023-02-29T08:15:00Z",
	    "2024-10-02T24:00:00Z",
	    "2024-10-02T08:15:00+07:00x",
	    "2024-10-02T08:15Z",
	    "24-10-02T08:15:00Z",
	    "2024-10-02T08:15:00.Z",
	    "2024-10-02T08:15:00+15:00",
	};
	char buf[32];
	int64_t t;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		assert_int_equal(
		    ingest_parse_time(&t, ok[i].s, strlen(ok[i].s)), 0);
		assert_int_equal(t, ok[i].t);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(ingest_parse_time(&t, bad[i], strlen(bad[i])),
		                 NETRA_EINVALID);
	ingest_format_time(buf, sizeof(buf), 1727831700);
	assert_string_equal(buf, "2024-10-02T01:15:00Z");
	ingest_format_time(buf, sizeof(buf), 951868800);
	assert_string_equal(buf, "2000-03-01T00:00:00Z");
	parse_bad("{\"platform\":\"x\",\"id\":\"1\",\"type\":\"post\","
	          "\"account\":\"a\",\"created_at\":\"2024-10-02 08:15\"}",
	          "created_at '2024-10-02 08:15'");
	parse_bad("{\"platform\":\"x\",\"id\":\"1\",\"type\":\"post\","
	          "\"account\":\"a\",\"created_at\":1727831700}",
	          "created_at: expected a string");
}

/* One parser over many lines: results do not leak between events. */
/* Handles in events are checked loosely: a spelling the registry would
 * refuse still gives an event (it just matches no registered account). */
static void test_loose_handles(void **state)
{
	const netra_event *ev;

	(void)state;
	ev = parse_ok("{\"platform\":\"x\",\"id\":\"1\",\"type\":\"post\","
	              "\"account\":\"@Budi.Santoso_Official\",\"text\":\"a\"}");
	assert_str(ev->account, "budi.santoso_official");
	ev = parse_ok(
	    "{\"platform\":\"facebook\",\"id\":\"2\",\"type\":\"like\","
	    "\"account\":\"siti_rahma\",\"target\":{\"account\":"
	    "\"https://www.facebook.com/Paslon.Dua_Resmi/\",\"id\":\"9\"}}");
	assert_str(ev->account, "siti_rahma");
	assert_str(ev->target.account, "paslon.dua_resmi");
	parse_bad("{\"platform\":\"x\",\"id\":\"3\",\"type\":\"post\","
	          "\"account\":\"budi santoso\",\"text\":\"a\"}",
	          "account");
}

static void test_reuse(void **state)
{
	const netra_event *ev;
	char line[256];
	int i;

	(void)state;
	for (i = 0; i < 2000; i++) {
		snprintf(
		    line, sizeof(line),
		    "{\"platform\":\"tiktok\",\"id\":\"v%d\",\"type\":\"%s\","
		    "\"account\":\"User%d\"%s}",
		    i, i % 2 ? "like" : "post", i,
		    i % 2 ? ",\"target\":{\"id\":\"t\"}" : "");
		ev = parse_ok(line);
		snprintf(line, sizeof(line), "v%d", i);
		assert_string_equal(ev->id.s, line);
		snprintf(line, sizeof(line), "user%d", i);
		assert_string_equal(ev->account.s, line);
		if (i % 2 == 0)
			assert_null(ev->target.id.s);
	}
}

/* The lenient reading for judging (netra_event_parser_parse_lenient,
 * moved out of cli/cmd_check.c): strict when it can, else from the
 * fields judging uses with the strict reason kept as the message. */
static void test_lenient(void **state)
{
	const netra_event *ev = NULL;
	const char *s;

	(void)state;
	s = "{\"platform\":\"x\",\"id\":\"1\",\"type\":\"post\","
	    "\"account\":\"budi\",\"text\":\"halo\"}";
	assert_int_equal(netra_event_parser_parse_lenient(P, s, strlen(s), &ev),
	                 0);
	assert_str(ev->text, "halo");
	/* a time without its offset, an integer id, a target: lenient */
	s = "{\"platform\":\"x\",\"id\":77,\"type\":\"quote\","
	    "\"created_at\":\"kemarin\","
	    "\"account\":\"a.b.c\",\"text\":\"coblos\","
	    "\"target\":{\"account\":\"t\",\"id\":\"9\",\"text\":\"tt\"}}";
	assert_int_equal(netra_event_parser_parse_lenient(P, s, strlen(s), &ev),
	                 1);
	assert_non_null(strstr(netra_error_last(), "created_at"));
	assert_str(ev->id, "77");
	assert_int_equal(ev->type, NETRA_EV_QUOTE);
	assert_str(ev->account, "a.b.c");
	assert_str(ev->platform, "x");
	assert_str(ev->text, "coblos");
	assert_str(ev->target.account, "t");
	assert_str(ev->target.id, "9");
	assert_str(ev->target.text, "tt");
	assert_int_equal(ev->raw.len, strlen(s));
	/* an unknown type and platform are judged as a post */
	s = "{\"platform\":\"mastodon\",\"id\":\"m\",\"type\":\"boost\","
	    "\"text\":\"t\"}";
	assert_int_equal(netra_event_parser_parse_lenient(P, s, strlen(s), &ev),
	                 1);
	assert_int_equal(ev->type, NETRA_EV_POST);
	/* duplicate keys: strictly not JSON; leniently the last one */
	s = "{\"id\":\"d\",\"text\":\"a\",\"text\":\"b\"}";
	assert_int_equal(netra_event_parser_parse_lenient(P, s, strlen(s), &ev),
	                 1);
	assert_str(ev->text, "b");
	/* no id, no object, no JSON: refused with the strict reason */
	s = "{\"platform\":\"x\",\"type\":\"post\",\"text\":\"t\"}";
	assert_int_equal(netra_event_parser_parse_lenient(P, s, strlen(s), &ev),
	                 NETRA_EINVALID);
	assert_non_null(strstr(netra_error_last(), "id"));
	s = "[1,2]";
	assert_int_equal(netra_event_parser_parse_lenient(P, s, strlen(s), &ev),
	                 NETRA_EINVALID);
	s = "not json";
	assert_int_equal(netra_event_parser_parse_lenient(P, s, strlen(s), &ev),
	                 NETRA_EINVALID);
	assert_non_null(strstr(netra_error_last(), "not JSON"));
	s = "{\"id\":\"\",\"text\":\"t\"}";
	assert_int_equal(netra_event_parser_parse_lenient(P, s, strlen(s), &ev),
	                 NETRA_EINVALID);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_full_event),
	    cmocka_unit_test(test_minimal_post),
	    cmocka_unit_test(test_types),
	    cmocka_unit_test(test_missing_and_wrong_fields),
	    cmocka_unit_test(test_target_rules),
	    cmocka_unit_test(test_bad_json),
	    cmocka_unit_test(test_times),
	    cmocka_unit_test(test_loose_handles),
	    cmocka_unit_test(test_reuse),
	    cmocka_unit_test(test_lenient),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
