/*
 * tests/ingest/test_formats.c - the readers (ingest/reader.c) and the
 * platform importers (x.c, meta.c, tiktok.c, csv.c): format detection,
 * the Event each platform record becomes, rejects with file:line.
 * Fixture documents (fictional) live in tests/integration/fixtures/ingest.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <jansson.h>

#include "netra/ingest.h"

/* A copy of one event's fields, or of one reject. */
struct rec {
	int rejected;
	char platform[16], id[48], type[16], account[64], text[160];
	char target_account[64], target_id[48], target_text[160], url[160];
	int64_t ts;
	char msg[256];
	char raw[1024];
	size_t nmedia;
	char media[4][160]; /* media[k].url */
};

#define MAXREC 16

/* The media[] of ev must be what its stored raw gives again: through
 * netra_raw_media (media fetch, scan) and netra_event_from_raw (the
 * evidence audit), index for index. */
static void check_raw_media(const netra_event *ev, const char *account)
{
	netra_event_parser *p = NULL;
	const netra_event *again;
	unsigned unc;
	json_t *arr;
	size_t k;

	assert_int_equal(netra_raw_media(&arr, ev->raw.s, ev->raw.len), 0);
	if (json_array_size(arr) != ev->media_count)
		fail_msg("raw media %zu != %zu: %.*s", json_array_size(arr),
		         ev->media_count, (int)ev->raw.len, ev->raw.s);
	for (k = 0; k < ev->media_count; k++)
		assert_string_equal(json_string_value(json_object_get(
		                        json_array_get(arr, k), "url")),
		                    ev->media[k].url.s);
	json_decref(arr);
	if (!ev->media_count)
		return; /* some test items are too bare to be derived again */
	assert_int_equal(netra_event_parser_new(&p), 0);
	if (netra_event_from_raw(p, ev->raw.s, ev->raw.len, account, 0,
	                         &again, &unc) != 0)
		fail_msg("from raw: %s: %.*s", netra_error_last(),
		         (int)ev->raw.len, ev->raw.s);
	assert_int_equal(again->media_count, ev->media_count);
	for (k = 0; k < ev->media_count; k++)
		assert_memory_equal(again->media[k].url.s, ev->media[k].url.s,
		                    ev->media[k].url.len);
	netra_event_parser_free(p);
}

static void copy(char *dst, size_t size, netra_str s)
{
	snprintf(dst, size, "%.*s", (int)s.len, s.s ? s.s : "");
}

/* Reads everything of f into recs; returns the count. */
static int read_all(FILE *f, const char *name, netra_ingest_format fmt,
                    netra_ingest_format *detected, struct rec *recs)
{
	netra_ingest_reader *r = NULL;
	const netra_event *ev;
	int n = 0, rc;

	rc = netra_ingest_reader_open(&r, f, name, fmt, 0);
	if (rc)
		fail_msg("open %s: %s", name, netra_error_last());
	*detected = netra_ingest_reader_format(r);
	while ((rc = netra_ingest_reader_next(r, &ev)) != 0) {
		struct rec *x = &recs[n++];
		assert_true(n <= MAXREC);
		memset(x, 0, sizeof(*x));
		if (rc == NETRA_EINVALID) {
			const char *p;
			size_t len;
			x->rejected = 1;
			snprintf(x->msg, sizeof(x->msg), "%s",
			         netra_error_last());
			netra_ingest_reader_reject(r, &p, &len);
			snprintf(x->raw, sizeof(x->raw), "%.*s", (int)len, p);
			continue;
		}
		assert_int_equal(rc, 1);
		copy(x->platform, sizeof(x->platform), ev->platform);
		copy(x->id, sizeof(x->id), ev->id);
		snprintf(x->type, sizeof(x->type), "%s",
		         netra_event_type_name(ev->type));
		copy(x->account, sizeof(x->account), ev->account);
		copy(x->text, sizeof(x->text), ev->text);
		copy(x->url, sizeof(x->url), ev->url);
		copy(x->target_account, sizeof(x->target_account),
		     ev->target.account);
		copy(x->target_id, sizeof(x->target_id), ev->target.id);
		copy(x->target_text, sizeof(x->target_text), ev->target.text);
		copy(x->raw, sizeof(x->raw), ev->raw);
		x->ts = ev->created_ts;
		for (x->nmedia = 0; x->nmedia < ev->media_count && x->nmedia < 4;
		     x->nmedia++)
			copy(x->media[x->nmedia], sizeof(x->media[0]),
			     ev->media[x->nmedia].url);
		if (fmt != NETRA_FMT_CSV && *detected != NETRA_FMT_CSV)
			check_raw_media(ev, x->account);
	}
	netra_ingest_reader_free(r);
	return n;
}

static int read_fixture(const char *file, netra_ingest_format fmt,
                        netra_ingest_format *detected, struct rec *recs)
{
	const char *src = getenv("NETRA_SRC");
	char path[1024];
	FILE *f;
	int n;

	snprintf(path, sizeof(path), "%s/tests/integration/fixtures/ingest/%s",
	         src ? src : "..", file);
	f = fopen(path, "rb");
	if (!f)
		fail_msg("cannot open %s (set NETRA_SRC)", path);
	n = read_all(f, file, fmt, detected, recs);
	fclose(f);
	return n;
}

static int read_mem(const char *text, const char *name, netra_ingest_format fmt,
                    netra_ingest_format *detected, struct rec *recs)
{
	FILE *f = fmemopen((void *)text, strlen(text), "rb");
	int n;

	assert_non_null(f);
	n = read_all(f, name, fmt, detected, recs);
	fclose(f);
	return n;
}

static void test_x(void **state)
{
	struct rec r[MAXREC];
	netra_ingest_format d;
	int n;

	(void)state;
	n = read_fixture("x.json", NETRA_FMT_AUTO, &d, r);
	assert_int_equal(d, NETRA_FMT_X);
	assert_int_equal(n, 6);
	assert_string_equal(r[0].type, "post");
	assert_string_equal(r[0].platform, "x");
	assert_string_equal(r[0].id, "1840000000000000001");
	assert_string_equal(r[0].account, "budi_santoso88");
	assert_int_equal(r[0].ts, 1727831700);
	assert_string_equal(
	    r[0].url,
	    "https://x.com/Budi_Santoso88/status/1840000000000000001");
	/* raw is the tweet object, compact, with fields netra does not use */
	assert_non_null(strstr(r[0].raw, "\"lang\":\"in\""));
	assert_non_null(strstr(r[0].raw, "\"edit_history_tweet_ids\""));
	assert_null(strstr(r[0].raw, "\n"));
	assert_string_equal(r[1].type, "repost");
	assert_string_equal(r[1].account, "rina_w");
	assert_string_equal(r[1].target_id, "1830000000000000009");
	assert_string_equal(r[1].target_account, "paslon2_resmi");
	assert_string_equal(r[1].target_text, "Visi kami untuk kota");
	assert_string_equal(r[2].type,
	                    "quote"); /* quoted wins over replied_to */
	assert_string_equal(r[2].target_id, "1830000000000000009");
	assert_string_equal(r[3].type, "comment");
	assert_string_equal(r[3].target_id, "1830000000000000007");
	assert_string_equal(r[3].target_account, "warga_kota");
	assert_string_equal(r[3].target_text, "");
	assert_true(r[4].rejected);
	assert_non_null(strstr(r[4].msg, "x.json:1: data[4]: missing id"));
	assert_non_null(strstr(r[4].raw, "\"author_id\":\"9999\""));
	assert_false(r[5].rejected);
	assert_string_equal(r[5].account, "warga_kota");
}

/* Suspended and withheld authors are left out of includes.users (the
 * response's errors[] says why); their tweets keep the author_id as the
 * account "id:N" (was: rejected, "author_id not found in includes.users").
 * A tweet without any author is still rejected. */
static void test_x_withheld_author(void **state)
{
	struct rec r[MAXREC];
	netra_ingest_format d;
	int n;

	(void)state;
	n = read_fixture("x_withheld.json", NETRA_FMT_AUTO, &d, r);
	assert_int_equal(d, NETRA_FMT_X);
	assert_int_equal(n, 4);
	assert_false(r[0].rejected);
	assert_string_equal(r[0].account, "id:1500000000000000009");
	assert_string_equal(r[0].type, "post");
	assert_string_equal(r[0].url,
	                    "https://x.com/i/web/status/1850000000000000001");
	assert_non_null(
	    strstr(r[0].raw, "\"author_id\":\"1500000000000000009\""));
	assert_string_equal(r[1].type, "repost");
	assert_string_equal(r[1].account, "id:1500000000000000009");
	assert_string_equal(r[1].target_account, "paslon2_resmi");
	assert_string_equal(r[2].account, "id:1500000000000000077");
	assert_true(r[3].rejected);
	assert_non_null(
	    strstr(r[3].msg, "x_withheld.json:1: data[3]: missing author_id"));
}

/* `twarc2 flatten`: one tweet per line with its expansions inlined
 * (was: "cannot detect the format"). */
static void test_x_twarc_flat(void **state)
{
	struct rec r[MAXREC];
	netra_ingest_format d;
	int n;

	(void)state;
	n = read_fixture("x_twarc.jsonl", NETRA_FMT_AUTO, &d, r);
	assert_int_equal(d, NETRA_FMT_X);
	assert_int_equal(n, 5);
	assert_string_equal(r[0].type, "post");
	assert_string_equal(r[0].account, "budi_santoso88");
	assert_string_equal(r[0].id, "1860000000000000001");
	assert_int_equal(r[0].ts, 1728177300);
	assert_string_equal(
	    r[0].url,
	    "https://x.com/Budi_Santoso88/status/1860000000000000001");
	assert_non_null(strstr(r[0].raw, "\"__twarc\""));
	assert_string_equal(r[1].type, "repost");
	assert_string_equal(r[1].account, "rina_w");
	assert_string_equal(r[1].target_id, "1830000000000000009");
	assert_string_equal(r[1].target_account, "paslon2_resmi");
	assert_string_equal(r[1].target_text, "Visi kami untuk kota");
	assert_string_equal(r[2].type, "comment");
	assert_string_equal(r[2].target_account, "warga_kota");
	assert_string_equal(r[3].account, "id:1500000000000000009");
	assert_true(r[4].rejected);
	assert_non_null(strstr(r[4].msg, "x_twarc.jsonl:5: not JSON"));
	/* a single flattened tweet without __twarc is detected too */
	n = read_mem("{\"id\":\"7\",\"text\":\"halo\",\"author_id\":\"1\","
	             "\"author\":{\"id\":\"1\",\"username\":\"rina_w\"}}\n",
	             "t.json", NETRA_FMT_AUTO, &d, r);
	assert_int_equal(d, NETRA_FMT_X);
	assert_int_equal(n, 1);
	assert_string_equal(r[0].account, "rina_w");
}

/* The downloaders' metadata files: one post each, detected by keys. */
static void test_downloaders(void **state)
{
	struct rec r[MAXREC];
	netra_ingest_format d;
	int n;

	(void)state;
	n = read_fixture("downloaders/7420000000000000001.info.json",
	                 NETRA_FMT_AUTO, &d, r);
	assert_int_equal(d, NETRA_FMT_YTDLP);
	assert_int_equal(n, 1);
	assert_string_equal(r[0].platform, "tiktok");
	assert_string_equal(r[0].id, "7420000000000000001");
	assert_string_equal(r[0].account, "andi.setiawan");
	assert_string_equal(r[0].type, "post");
	assert_int_equal(r[0].ts, 1727831700);
	assert_string_equal(r[0].text,
	                    "Ayo ke TPS bareng Paslon 2! #pilkada #BersamaDua");
	assert_string_equal(
	    r[0].url,
	    "https://www.tiktok.com/@andi.setiawan/video/7420000000000000001");
	/* the download plan is not kept */
	assert_null(strstr(r[0].raw, "\"formats\""));
	assert_non_null(strstr(r[0].raw, "\"uploader_id\""));

	n = read_fixture("downloaders/Kampanye_damai_[yt0000fiktif].info.json",
	                 NETRA_FMT_AUTO, &d, r);
	assert_int_equal(n, 1);
	assert_string_equal(r[0].platform, "youtube");
	assert_string_equal(r[0].account, "dewi.lestari");
	assert_int_equal(r[0].ts, 1727913600); /* upload_date, 00:00 UTC */
	assert_string_equal(r[0].text, "Kampanye damai di kota kita\n"
	                               "Dukung Paslon 2 untuk kota yang maju.");
	assert_null(strstr(r[0].raw, "automatic_captions"));

	n = read_fixture("downloaders/gallerydl_1840000000000000099.json",
	                 NETRA_FMT_AUTO, &d, r);
	assert_int_equal(d, NETRA_FMT_GALLERYDL);
	assert_int_equal(n, 1);
	assert_string_equal(r[0].platform, "x");
	assert_string_equal(r[0].id, "1840000000000000099");
	assert_string_equal(r[0].account, "rina_w");
	assert_int_equal(r[0].ts, 1728009000);
	assert_string_equal(r[0].text, "Pilih Paslon 2, kota maju!");
	assert_string_equal(r[0].url,
	                    "https://x.com/rina_w/status/1840000000000000099");

	assert_string_equal(r[0].type, "post");
	n = read_fixture("downloaders/gallerydl_1840000000000000100.json",
	                 NETRA_FMT_AUTO, &d, r);
	assert_int_equal(n, 1);
	assert_string_equal(r[0].type, "repost");
	assert_string_equal(r[0].target_id, "1830000000000000009");
	assert_string_equal(r[0].account, "rina_w");

	n = read_fixture("downloaders/gallerydl_3450000000000000001.json",
	                 NETRA_FMT_AUTO, &d, r);
	assert_int_equal(n, 1);
	assert_string_equal(r[0].platform, "instagram");
	assert_string_equal(r[0].account, "siti.rahma");
	assert_string_equal(r[0].text, "Bersama Paslon 2 di alun-alun");
	assert_string_equal(r[0].url,
	                    "https://www.instagram.com/p/Cfiktif001/");

	n = read_fixture("downloaders/gallerydl_reddit.json", NETRA_FMT_AUTO,
	                 &d, r);
	assert_int_equal(n, 1);
	assert_true(r[0].rejected);
	assert_non_null(strstr(r[0].msg, "gallerydl_reddit.json:1: metadata: "
	                                 "gallery-dl category 'reddit'"));

	/* instaloader: .json.xz inflated; a Profile file holds no post */
	n = read_fixture("downloaders/2024-10-06_03-00-00_UTC.json.xz",
	                 NETRA_FMT_AUTO, &d, r);
	assert_int_equal(d, NETRA_FMT_INSTALOADER);
	assert_int_equal(n, 1);
	assert_string_equal(r[0].platform, "instagram");
	assert_string_equal(r[0].id, "3460000000000000001");
	assert_string_equal(r[0].account, "siti.rahma");
	assert_int_equal(r[0].ts, 1728183600);
	assert_string_equal(r[0].text,
	                    "Hari ini kampanye Paslon 2 \xf0\x9f\x91\x8d");
	assert_string_equal(r[0].url,
	                    "https://www.instagram.com/p/Cfiktif002/");
	n = read_fixture("downloaders/siti.rahma_5500000001.json.xz",
	                 NETRA_FMT_AUTO, &d, r);
	assert_int_equal(d, NETRA_FMT_INSTALOADER);
	assert_int_equal(n, 0);
}

/* A cut or corrupt xz stream is an error with the name, not a crash. */
static void test_xz_broken(void **state)
{
	static const char cut[] = "\xfd"
	                          "7zXZ\0\0\x04\xe6\xd6\xb4\x46";
	netra_ingest_reader *r = NULL;
	FILE *f = fmemopen((void *)cut, sizeof(cut) - 1, "rb");

	(void)state;
	assert_non_null(f);
	assert_int_equal(
	    netra_ingest_reader_open(&r, f, "p.json.xz", NETRA_FMT_AUTO, 0),
	    NETRA_EINVALID);
	assert_non_null(strstr(netra_error_last(), "p.json.xz: "));
	assert_non_null(strstr(netra_error_last(), "xz"));
	fclose(f);
}

static void test_meta(void **state)
{
	struct rec r[MAXREC];
	netra_ingest_format d;
	int n;

	(void)state;
	n = read_fixture("meta.jsonl", NETRA_FMT_AUTO, &d, r);
	assert_int_equal(d, NETRA_FMT_META);
	assert_int_equal(n, 5);
	assert_string_equal(r[0].platform, "instagram");
	assert_string_equal(r[0].type, "post");
	assert_string_equal(r[0].account, "siti.rahma");
	assert_string_equal(r[0].text, "Hadir di kampanye akbar #CoblosNomor1");
	assert_string_equal(r[0].url, "https://www.instagram.com/p/AbC123/");
	assert_int_equal(r[0].ts, 1728120600);
	assert_string_equal(r[1].platform, "instagram");
	assert_string_equal(r[1].type, "comment");
	assert_string_equal(r[1].account, "dewi_lestari");
	assert_string_equal(r[1].target_id, "17900000000000001");
	assert_string_equal(r[1].target_account, "siti.rahma");
	assert_string_equal(r[1].text, "Mantap bu!");
	/* the comment's raw is the comment object alone */
	assert_null(strstr(r[1].raw, "caption"));
	assert_string_equal(r[2].platform, "facebook");
	assert_string_equal(r[2].type, "post");
	assert_string_equal(r[2].account, "100000000000001");
	assert_string_equal(r[2].text, "Ayo datang ke TPS, pilih yang amanah");
	assert_string_equal(r[3].type, "comment");
	assert_string_equal(r[3].account, "100000000000002");
	assert_string_equal(r[3].target_id, "100000000000001_200000000000001");
	assert_true(r[4].rejected);
	assert_non_null(
	    strstr(r[4].msg, "meta.jsonl:2: data[1]: missing from"));
}

static void test_tiktok(void **state)
{
	struct rec r[MAXREC];
	netra_ingest_format d;
	int n;

	(void)state;
	n = read_fixture("tiktok.json", NETRA_FMT_AUTO, &d, r);
	assert_int_equal(d, NETRA_FMT_TIKTOK);
	assert_int_equal(n, 3);
	assert_string_equal(r[0].platform, "tiktok");
	assert_string_equal(r[0].id, "7400000000000000001");
	assert_string_equal(r[0].account, "andi.setiawan");
	assert_int_equal(r[0].ts, 1728000000);
	assert_string_equal(r[0].url, "https://www.tiktok.com/@andi.setiawan/"
	                              "video/7400000000000000001");
	assert_non_null(strstr(r[0].raw, "\"region_code\":\"ID\""));
	assert_true(r[2].rejected);
	assert_non_null(strstr(r[2].msg, "data.videos[2]: missing username"));
}

static void test_csv(void **state)
{
	struct rec r[MAXREC];
	netra_ingest_format d;
	int n;

	(void)state;
	n = read_fixture("events.csv", NETRA_FMT_AUTO, &d, r);
	assert_int_equal(d, NETRA_FMT_CSV);
	assert_int_equal(n, 6);
	assert_string_equal(r[0].id, "c-1");
	assert_string_equal(r[0].account, "budi_santoso88");
	assert_string_equal(r[0].text, "Pilih nomor 2, ya!");
	/* raw keeps every column, the extra one included */
	assert_non_null(strstr(r[0].raw, "\"catatan\":\"dari tim patroli\""));
	assert_string_equal(r[1].type, "like");
	assert_string_equal(r[1].target_account, "paslon1.resmi");
	assert_string_equal(r[1].target_id, "17900000000000099");
	assert_string_equal(r[2].type, "follow");
	assert_true(r[3].rejected);
	assert_non_null(strstr(r[3].msg, "events.csv:5: unknown type 'share'"));
	/* the reject is the row again, as CSV */
	assert_string_equal(
	    r[3].raw, "x,c-4,share,rina_w,2024-10-07T10:00:00+07:00,,,,,,");
	assert_true(r[4].rejected);
	assert_non_null(strstr(r[4].msg, "events.csv:6: created_at 'kemarin'"));
	assert_false(r[5].rejected);
}

static void test_jsonl(void **state)
{
	struct rec r[MAXREC];
	netra_ingest_format d;
	int n;

	(void)state;
	n = read_fixture("events.jsonl", NETRA_FMT_AUTO, &d, r);
	assert_int_equal(d, NETRA_FMT_JSONL);
	assert_int_equal(n, 8); /* the blank line is not a record */
	assert_string_equal(r[0].account, "budi_santoso88");
	assert_non_null(strstr(r[0].raw, "\"source_note\":\"kept\""));
	assert_true(r[4].rejected);
	assert_non_null(strstr(r[4].msg, "events.jsonl:6: not JSON"));
	/* the reject is the line verbatim */
	assert_int_equal(
	    strncmp(r[4].raw, "{\"platform\":\"x\",\"id\":\"j-5\"", 26), 0);
	assert_true(r[5].rejected);
	assert_non_null(strstr(r[5].msg, "events.jsonl:7: type comment needs"));
	assert_string_equal(r[6].type, "delete");
	assert_string_equal(r[6].target_id, "j-1");
}

static void test_detection(void **state)
{
	static const struct {
		const char *name, *text;
		netra_ingest_format want;
	} cases[] = {
	    {"a.json",
	     "{\"platform\":\"x\",\"id\":\"1\",\"type\":\"post\","
	     "\"account\":\"a\"}\n",
	     NETRA_FMT_JSONL},
	    {"-",
	     "\n\n  {\"data\":[{\"id\":\"1\",\"author_id\":\"5\","
	     "\"text\":\"t\"}],\n\"includes\":{}}",
	     NETRA_FMT_X},
	    {"b.txt", "{\"data\":[],\"paging\":{}}", NETRA_FMT_META},
	    {"c", "{\"data\":{\"videos\":[]}}", NETRA_FMT_TIKTOK},
	    {"d", "platform,id,type,account\n", NETRA_FMT_CSV},
	    {"e.csv", "platform,id,type,account\r\n", NETRA_FMT_CSV},
	    {"empty", "", NETRA_FMT_JSONL},
	    /* a broken first line of a .jsonl is a reject, not a failure */
	    {"f.jsonl", "{\"platform\n", NETRA_FMT_JSONL},
	};
	static const char *const undetectable[] = {
	    "{\"something\":\"else\"}",
	    "[1, 2, 3]",
	    "{\"data\": [",
	};
	struct rec r[MAXREC];
	netra_event_parser *dummy = NULL;
	netra_ingest_reader *rd = NULL;
	netra_ingest_format d;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		read_mem(cases[i].text, cases[i].name, NETRA_FMT_AUTO, &d, r);
		if (d != cases[i].want)
			fail_msg("case %zu: detected %s, want %s", i,
			         netra_ingest_format_name(d),
			         netra_ingest_format_name(cases[i].want));
	}
	for (i = 0; i < sizeof(undetectable) / sizeof(undetectable[0]); i++) {
		FILE *f = fmemopen((void *)undetectable[i],
		                   strlen(undetectable[i]), "rb");
		assert_int_equal(netra_ingest_reader_open(&rd, f, "u.json",
		                                          NETRA_FMT_AUTO, 0),
		                 NETRA_EINVALID);
		assert_null(rd);
		assert_non_null(strstr(netra_error_last(), "cannot detect"));
		fclose(f);
	}
	(void)dummy;
	assert_int_equal(netra_ingest_format_parse(&d, "twitter"), 0);
	assert_int_equal(d, NETRA_FMT_X);
	assert_int_equal(netra_ingest_format_parse(&d, "CSV"), 0);
	assert_int_equal(d, NETRA_FMT_CSV);
	assert_int_equal(netra_ingest_format_parse(&d, "xml"), NETRA_EINVALID);
}

/* Several pretty-printed documents in one stream, then a broken one,
 * then a good one: the broken one is one reject with its line. */
static void test_documents_stream(void **state)
{
	static const char text[] =
	    "{\"data\":{\"videos\":[\n"
	    "  {\"id\":1,\"username\":\"a.b\",\"create_time\":0}\n"
	    "]}}\n"
	    "{\"data\":{\"videos\":[{\"id\":2,\"username\":\"cc.dd\"}]}}\n"
	    "{\"data\":{\"videos\":[{\"id\":3,,}]}}\n"
	    "oops\n"
	    "{\"data\":{\"videos\":[{\"id\":4,\"username\":\"dd.ee\","
	    "\"create_time\":\"x\"}]}}\n"
	    "{\"data\":{\"videos\":[{\"id\":5,\"username\":\"ee.ff\"}]}}\n";
	struct rec r[MAXREC];
	netra_ingest_format d;
	int n;

	(void)state;
	n = read_mem(text, "t.json", NETRA_FMT_TIKTOK, &d, r);
	assert_int_equal(n, 6);
	assert_string_equal(r[0].id, "1");
	assert_string_equal(r[0].account, "a.b");
	assert_string_equal(r[1].id, "2");
	assert_int_equal(r[1].ts, 0);
	assert_true(r[2].rejected);
	assert_non_null(strstr(r[2].msg, "t.json:5: not JSON"));
	assert_string_equal(r[2].raw, "{\"data\":{\"videos\":[{\"id\":3,,}]}}");
	assert_true(r[3].rejected);
	assert_non_null(strstr(r[3].msg, "t.json:6: not a JSON document"));
	assert_string_equal(r[3].raw, "oops");
	assert_true(r[4].rejected);
	assert_non_null(
	    strstr(r[4].msg, "t.json:7: data.videos[0]: create_time"));
	assert_string_equal(r[5].id, "5");
}

/* Each importer fills media[] from its platform's documented fields, in
 * the platform's order, and the stored raw gives them again (read_all's
 * check_raw_media); the raw keeps the platform's objects unchanged. */
static const char x_media_doc[] =
    "{\"data\":[{\"id\":\"1840000000000000201\",\"author_id\":\"11\","
    "\"text\":\"Poster dan video\",\"created_at\":\"2024-10-02T01:15:00Z\","
    "\"attachments\":{\"media_keys\":[\"7_2\",\"3_1\",\"3_missing\"]}},"
    "{\"id\":\"1840000000000000202\",\"author_id\":\"11\",\"text\":\"x\","
    "\"created_at\":\"2024-10-02T01:16:00Z\"}],"
    "\"includes\":{\"users\":[{\"id\":\"11\",\"username\":\"budi_s\"}],"
    "\"media\":[{\"media_key\":\"3_1\",\"type\":\"photo\","
    "\"url\":\"https://pbs.twimg.com/media/poster.jpg\",\"width\":1080},"
    "{\"media_key\":\"7_2\",\"type\":\"video\",\"preview_image_url\":"
    "\"https://pbs.twimg.com/ext_tw_video_thumb/2/pu/img/v.jpg\"}]}}\n";

static void test_media_urls(void **state)
{
	struct rec r[MAXREC];
	netra_ingest_format d;
	int n;

	(void)state;
	/* X API v2: attachments.media_keys -> includes.media, in key order */
	n = read_mem(x_media_doc, "x.json", NETRA_FMT_AUTO, &d, r);
	assert_int_equal(d, NETRA_FMT_X);
	assert_int_equal(n, 2);
	assert_int_equal(r[0].nmedia, 2);
	assert_string_equal(
	    r[0].media[0],
	    "https://pbs.twimg.com/ext_tw_video_thumb/2/pu/img/v.jpg");
	assert_string_equal(r[0].media[1],
	                    "https://pbs.twimg.com/media/poster.jpg");
	/* raw: the tweet and its media objects as received */
	assert_non_null(strstr(r[0].raw, "{\"data\":{\"id\":\"1840000000000000201\""));
	assert_non_null(strstr(r[0].raw, "\"width\":1080"));
	assert_null(strstr(r[0].raw, "\"users\""));
	assert_int_equal(r[1].nmedia, 0);
	assert_non_null(strstr(r[1].raw, "{\"id\":\"1840000000000000202\""));
	/* twarc2 flatten inlines the media objects */
	n = read_mem("{\"id\":\"1840000000000000203\",\"author_id\":\"11\","
	             "\"text\":\"t\",\"author\":{\"id\":\"11\",\"username\":"
	             "\"budi_s\"},\"attachments\":{\"media_keys\":[\"3_9\"],"
	             "\"media\":[{\"media_key\":\"3_9\",\"type\":\"photo\","
	             "\"url\":\"https://pbs.twimg.com/media/f.png\"}]},"
	             "\"__twarc\":{\"version\":\"2.14.0\"}}\n",
	             "t.jsonl", NETRA_FMT_AUTO, &d, r);
	assert_int_equal(n, 1);
	assert_int_equal(r[0].nmedia, 1);
	assert_string_equal(r[0].media[0], "https://pbs.twimg.com/media/f.png");
	/* Meta: Instagram media_url, a video's thumbnail_url, a carousel's
	 * children; Facebook attachments (an album's subattachments), else
	 * full_picture */
	n = read_mem(
	    "{\"data\":[{\"id\":\"1\",\"username\":\"siti.rahma\","
	    "\"caption\":\"a\",\"media_type\":\"IMAGE\",\"media_url\":"
	    "\"https://scontent.cdninstagram.com/a.jpg\",\"timestamp\":"
	    "\"2024-10-05T09:30:00+0000\"},"
	    "{\"id\":\"2\",\"username\":\"siti.rahma\",\"caption\":\"b\","
	    "\"media_type\":\"VIDEO\",\"media_url\":\"https://v.example/b.mp4\","
	    "\"thumbnail_url\":\"https://scontent.cdninstagram.com/b.jpg\"},"
	    "{\"id\":\"3\",\"username\":\"siti.rahma\",\"caption\":\"c\","
	    "\"media_type\":\"CAROUSEL_ALBUM\",\"media_url\":\"https://i/c0.jpg\","
	    "\"children\":{\"data\":[{\"media_type\":\"IMAGE\",\"media_url\":"
	    "\"https://i/c1.jpg\"},{\"media_type\":\"VIDEO\",\"media_url\":"
	    "\"https://i/c2.mp4\",\"thumbnail_url\":\"https://i/c2.jpg\"}]}},"
	    "{\"id\":\"4_5\",\"message\":\"d\",\"created_time\":"
	    "\"2024-10-05T10:00:00+0000\",\"from\":{\"id\":\"100000000000001\"},"
	    "\"full_picture\":\"https://scontent.xx.fbcdn.net/d.jpg\"},"
	    "{\"id\":\"4_6\",\"message\":\"e\",\"from\":{\"id\":\"100000000000001\"},"
	    "\"full_picture\":\"https://f/e0.jpg\",\"attachments\":{\"data\":[{"
	    "\"type\":\"album\",\"subattachments\":{\"data\":[{\"media\":{"
	    "\"image\":{\"src\":\"https://f/e1.jpg\"}}},{\"media\":{\"image\":"
	    "{\"src\":\"https://f/e2.jpg\"}}}]}}]}}]}\n",
	    "m.json", NETRA_FMT_META, &d, r);
	assert_int_equal(n, 5);
	assert_string_equal(r[0].media[0],
	                    "https://scontent.cdninstagram.com/a.jpg");
	assert_string_equal(r[1].media[0],
	                    "https://scontent.cdninstagram.com/b.jpg");
	assert_int_equal(r[2].nmedia, 2);
	assert_string_equal(r[2].media[0], "https://i/c1.jpg");
	assert_string_equal(r[2].media[1], "https://i/c2.jpg");
	assert_string_equal(r[3].media[0],
	                    "https://scontent.xx.fbcdn.net/d.jpg");
	assert_int_equal(r[4].nmedia, 2);
	assert_string_equal(r[4].media[1], "https://f/e2.jpg");
	/* TikTok Research API: cover_image_url when the query asked for it */
	n = read_mem("{\"data\":{\"videos\":[{\"id\":7400000000000000009,"
	             "\"username\":\"andi.setiawan\",\"create_time\":1728000000,"
	             "\"video_description\":\"v\",\"cover_image_url\":"
	             "\"https://p16-sign.tiktokcdn.com/cover.jpeg\"}]}}\n",
	             "t.json", NETRA_FMT_AUTO, &d, r);
	assert_int_equal(n, 1);
	assert_string_equal(r[0].media[0],
	                    "https://p16-sign.tiktokcdn.com/cover.jpeg");
	/* a non-http(s) URL is no media */
	n = read_mem("{\"data\":{\"videos\":[{\"id\":\"7400000000000000010\","
	             "\"username\":\"andi.setiawan\",\"create_time\":1728000000,"
	             "\"cover_image_url\":\"file:///etc/passwd\"}]}}\n",
	             "t.json", NETRA_FMT_AUTO, &d, r);
	assert_int_equal(r[0].nmedia, 0);
	/* yt-dlp: thumbnail (the best of thumbnails[], which raw drops) */
	n = read_mem("{\"id\":\"yt0000fiktif\",\"extractor_key\":\"Youtube\","
	             "\"uploader_id\":\"@kanal\",\"title\":\"t\",\"thumbnail\":"
	             "\"https://i.ytimg.com/vi/yt0000fiktif/maxresdefault.jpg\","
	             "\"thumbnails\":[{\"url\":\"https://i.ytimg.com/s.jpg\"}]}\n",
	             "v.info.json", NETRA_FMT_AUTO, &d, r);
	assert_int_equal(d, NETRA_FMT_YTDLP);
	assert_int_equal(r[0].nmedia, 1);
	assert_string_equal(
	    r[0].media[0],
	    "https://i.ytimg.com/vi/yt0000fiktif/maxresdefault.jpg");
	/* instaloader: a sidecar's children's display_url, in order */
	n = read_mem("{\"node\":{\"id\":\"5500000009\",\"shortcode\":\"Xy\","
	             "\"owner\":{\"username\":\"siti.rahma\"},"
	             "\"display_url\":\"https://i/s0.jpg\","
	             "\"edge_sidecar_to_children\":{\"edges\":[{\"node\":{"
	             "\"display_url\":\"https://i/s1.jpg\"}},{\"node\":{"
	             "\"display_url\":\"https://i/s2.jpg\"}}]}},"
	             "\"instaloader\":{\"node_type\":\"Post\"}}\n",
	             "p.json", NETRA_FMT_AUTO, &d, r);
	assert_int_equal(d, NETRA_FMT_INSTALOADER);
	assert_int_equal(r[0].nmedia, 2);
	assert_string_equal(r[0].media[1], "https://i/s2.jpg");
	/* gallery-dl: display_url */
	n = read_mem("{\"category\":\"instagram\",\"subcategory\":\"user\","
	             "\"post_id\":\"3450000000000000009\",\"username\":"
	             "\"siti.rahma\",\"display_url\":\"https://i/g.jpg\"}\n",
	             "g.json", NETRA_FMT_AUTO, &d, r);
	assert_int_equal(d, NETRA_FMT_GALLERYDL);
	assert_string_equal(r[0].media[0], "https://i/g.jpg");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_x),
	    cmocka_unit_test(test_x_withheld_author),
	    cmocka_unit_test(test_x_twarc_flat),
	    cmocka_unit_test(test_downloaders),
	    cmocka_unit_test(test_xz_broken),
	    cmocka_unit_test(test_meta),
	    cmocka_unit_test(test_tiktok),
	    cmocka_unit_test(test_csv),
	    cmocka_unit_test(test_jsonl),
	    cmocka_unit_test(test_detection),
	    cmocka_unit_test(test_documents_stream),
	    cmocka_unit_test(test_media_urls),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
