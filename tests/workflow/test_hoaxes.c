/*
 * tests/workflow/test_hoaxes.c - wf_hoax_import() (src/workflow/hoaxes.c):
 * good lines stored, malformed ones reported with file:line and skipped,
 * a known id updated, the import audited, and a failed import (no file)
 * storing nothing.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "netra/common.h"
#include "store/store.h"
#include "workflow/hoaxes.h"

static const char lines[] =
    "{\"id\": \"h1\", \"claim\": \"Pemungutan suara diundur sepekan\", "
    "\"verdict\": \"salah\", \"explanation\": \"KPU membantah\"}\n"
    "{\"id\": \"h2\", \"claim\": \"Surat suara sudah dicoblos\", "
    "\"verdict\": \"hoaks\", \"explanation\": \"Foto lama\", "
    "\"url\": \"https://contoh.invalid/h2\"}\n"
    "{\"id\": \"h3\", \"claim\": \n";

struct seen {
	int n;
	char first[256];
};

static void report(void *ctx, const char *msg)
{
	struct seen *s = ctx;

	if (!s->n++)
		snprintf(s->first, sizeof(s->first), "%s", msg);
}

static int64_t count(netra_store *st, const char *sql)
{
	int64_t n = -1;

	assert_int_equal(store_query_int64(&n, st, sql, NULL, 0), 0);
	return n;
}

static void test_import(void **state)
{
	char path[] = "/tmp/netra-hoax-XXXXXX";
	struct wf_hoax_import r;
	struct seen s = {0};
	netra_store *st = NULL;
	FILE *f;
	int fd;

	(void)state;
	assert_int_equal(netra_store_open(&st, ":memory:"), 0);
	fd = mkstemp(path);
	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	assert_non_null(f);
	fputs(lines, f);
	fclose(f);
	assert_int_equal(wf_hoax_import(&r, st, path, "operator:uji", report,
	                                &s, 1000),
	                 0);
	assert_int_equal(r.ok, 2);
	assert_int_equal(r.bad, 1);
	assert_int_equal(s.n, 1);
	assert_non_null(strstr(s.first, ":3:"));
	assert_int_equal(count(st, "SELECT count(*) FROM hoaxes"), 2);
	assert_int_equal(count(st, "SELECT count(*) FROM audit_log WHERE "
	                           "action = 'hoax_import' AND actor = "
	                           "'operator:uji' AND detail LIKE "
	                           "'%\"imported\":2%'"),
	                 1);
	/* again: updated by id, not duplicated */
	assert_int_equal(wf_hoax_import(&r, st, path, "operator:uji", NULL,
	                                NULL, 1001),
	                 0);
	assert_int_equal(count(st, "SELECT count(*) FROM hoaxes"), 2);
	/* no file: an error, nothing written, not even the audit row */
	assert_true(wf_hoax_import(&r, st, "/nonexistent/netra.jsonl",
	                           "operator:uji", NULL, NULL, 1002) < 0);
	assert_int_equal(r.ok, 0);
	assert_int_equal(count(st, "SELECT count(*) FROM audit_log WHERE "
	                           "action = 'hoax_import'"),
	                 2);
	unlink(path);
	netra_store_close(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_import),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
