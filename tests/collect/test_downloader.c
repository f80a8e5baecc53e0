/*
 * tests/collect/test_downloader.c - the downloader modules
 * (collect/downloader.c) driven as the collector core drives them, with
 * tools/dl_fake installed as yt-dlp, gallery-dl and instaloader in a
 * directory put first in PATH (the real tools need the platforms' sites):
 * each module runs its tool for the account, keeps the metadata files
 * whose post is inside the election window, and hands them to ingest one
 * per line in the tool's format; the importers read every line as a
 * post of the account; a failing tool is an error naming it with its
 * last output line; the module is found by its name.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "collect/collector.h"
#include "collect/spawn.h"
#include "netra/ingest.h"

static char bin[1024];

static int setup(void **state)
{
	const char *b = getenv("NETRA_BUILD"), *path = getenv("PATH");
	const char *tools[] = {"yt-dlp", "gallery-dl", "instaloader"};
	char fake[4096], link[4200], p[8192];
	size_t i;

	(void)state;
	snprintf(fake, sizeof(fake), "%s/dl_fake", b ? b : ".");
	if (fake[0] != '/') {
		char cwd[512];
		if (!getcwd(cwd, sizeof(cwd)))
			return -1;
		snprintf(p, sizeof(p), "%s/%.3500s", cwd, fake);
		snprintf(fake, sizeof(fake), "%.4000s", p);
	}
	snprintf(bin, sizeof(bin), "/tmp/netra-dlbin-XXXXXX");
	if (!mkdtemp(bin))
		return -1;
	for (i = 0; i < 3; i++) {
		snprintf(link, sizeof(link), "%s/%s", bin, tools[i]);
		if (symlink(fake, link))
			return -1;
	}
	snprintf(p, sizeof(p), "%s:%s", bin, path ? path : "/usr/bin:/bin");
	return setenv("PATH", p, 1);
}

static int teardown(void **state)
{
	(void)state;
	return collect_dir_remove(bin);
}

/* Runs module name's fetch for handle; the page (body, format) in *page. */
static int run(struct collect_page *page, const char *name, const char *handle,
               int64_t start, int64_t end)
{
	const struct collect_module *m = collect_module_find(name);
	struct collect_http_config cfg = {0};
	struct collect_account acct = {1, NULL, handle, NULL};
	struct collect_env env = {0};
	int rc;

	assert_non_null(m);
	cfg.platform = m->platform;
	cfg.base_url = m->default_base_url;
	assert_int_equal(collect_http_new(&env.http, &cfg), 0);
	acct.platform = m->platform;
	env.window_start = start;
	env.window_end = end;
	env.now = 1727900000;
	memset(page, 0, sizeof(*page));
	page->format = NETRA_FMT_JSONL;
	rc = m->fetch(page, &env, &acct, m->endpoints[0]);
	collect_http_free(env.http);
	return rc;
}

/* Reads page's body with the importer of its format; returns the events
 * (accounts into acct, types into type). */
static int read_events(struct collect_page *page, char acct[][64],
                       char type[][16])
{
	netra_ingest_reader *r = NULL;
	const netra_event *ev;
	FILE *f = fmemopen(page->body.data, page->body.len, "rb");
	int n = 0, rc;

	assert_non_null(f);
	assert_int_equal(
	    netra_ingest_reader_open(&r, f, "page", page->format, 0), 0);
	while ((rc = netra_ingest_reader_next(r, &ev)) != 0) {
		if (rc != 1)
			fail_msg("%s", netra_error_last());
		snprintf(acct[n], 64, "%.*s", (int)ev->account.len,
		         ev->account.s);
		snprintf(type[n], 16, "%s", netra_event_type_name(ev->type));
		n++;
	}
	netra_ingest_reader_free(r);
	fclose(f);
	return n;
}

static void test_each_tool(void **state)
{
	static const struct {
		const char *name, *handle;
		netra_ingest_format fmt;
	} cases[] = {
	    {"tiktok-ytdlp", "siti_rahma", NETRA_FMT_YTDLP},
	    {"youtube-ytdlp", "jokoprasetyo", NETRA_FMT_YTDLP},
	    {"x-gallerydl", "budi_s", NETRA_FMT_GALLERYDL},
	    {"ig-instaloader", "budi.santoso", NETRA_FMT_INSTALOADER},
	};
	struct collect_page page;
	char acct[8][64], type[8][16];
	size_t i;

	(void)state;
	for (i = 0; i < 4; i++) {
		/* dl_fake dates its posts an hour and two ago */
		assert_int_equal(run(&page, cases[i].name, cases[i].handle,
		                     time(NULL) - 30 * 86400,
		                     time(NULL) + 86400),
		                 0);
		assert_int_equal(page.format, cases[i].fmt);
		assert_true(page.done);
		assert_string_equal(page.cursor.since, "1727900000");
		assert_int_equal(read_events(&page, acct, type), 2);
		assert_string_equal(acct[0], cases[i].handle);
		assert_string_equal(acct[1], cases[i].handle);
		/* gallery-dl's second tweet has a retweet_id */
		assert_string_equal(type[1], i == 2 ? "repost" : "post");
		sbuf_free(&page.body);
	}
}

static void test_window_and_failure(void **state)
{
	struct collect_page page;

	(void)state;
	/* a window that ends before the posts: nothing is kept */
	assert_int_equal(run(&page, "ig-instaloader", "budi.santoso",
	                     1700000000, 1710000000),
	                 0);
	assert_int_equal(page.body.len, 0);
	sbuf_free(&page.body);

	assert_int_equal(run(&page, "tiktok-ytdlp", "gagal", 0, 0),
	                 NETRA_ERROR);
	assert_non_null(
	    strstr(netra_error_last(), "tiktok: yt-dlp @gagal: exit 1"));
	assert_non_null(strstr(netra_error_last(), "account not available"));
	sbuf_free(&page.body);
	/* the API module is still the one named by the platform */
	assert_null(collect_module_find("tiktok")->name);
	assert_string_equal(collect_module_find("tiktok-ytdlp")->platform,
	                    "tiktok");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_each_tool),
	    cmocka_unit_test(test_window_and_failure),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
