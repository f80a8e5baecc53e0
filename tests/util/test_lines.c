/*
 * tests/util/test_lines.c - bounded line reading (src/util/lines.c):
 * lines over the limit are skipped, not kept; a BOM, NUL bytes, a last
 * line without a line end, unread, and lines across read chunks.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/lines.h"

static FILE *mem(const char *data, size_t n)
{
	FILE *f = tmpfile();

	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, n, f), n);
	rewind(f);
	return f;
}

static void expect_line(struct lines *l, size_t lineno, const char *want)
{
	assert_int_equal(lines_next(l), LINES_OK);
	assert_int_equal(l->lineno, lineno);
	assert_int_equal(l->len, strlen(want));
	assert_string_equal(l->line, want);
}

static void test_basic(void **state)
{
	static const char in[] = "\xef\xbb\xbf"
	                         "a\r\n\nbb\nlast";
	FILE *f = mem(in, sizeof(in) - 1);
	struct lines l;

	(void)state;
	assert_int_equal(lines_init(&l, f, 16), 0);
	expect_line(&l, 1, "a\r");
	expect_line(&l, 2, "");
	expect_line(&l, 3, "bb");
	lines_unread(&l);
	expect_line(&l, 3, "bb");
	expect_line(&l, 4, "last");
	assert_int_equal(lines_next(&l), 0);
	assert_int_equal(lines_next(&l), 0);
	lines_free(&l);
	fclose(f);
}

/* A line over the limit is reported with its length and skipped; memory
 * holds at most the limit; the next line is read whole. Lines cross the
 * 64 KiB read chunks. */
static void test_too_long(void **state)
{
	size_t big = 300000, n = 0, i;
	char *buf = malloc(big + 100);
	struct lines l;
	FILE *f;

	(void)state;
	assert_non_null(buf);
	memcpy(buf, "ok\n", 3);
	n = 3;
	memset(buf + n, 'x', big);
	n += big;
	memcpy(buf + n, "\nyes\0no\n", 8);
	n += 8;
	f = mem(buf, n);
	assert_int_equal(lines_init(&l, f, 100000), 0);
	expect_line(&l, 1, "ok");
	assert_int_equal(lines_next(&l), LINES_TOO_LONG);
	assert_int_equal(l.lineno, 2);
	assert_int_equal(l.skipped, big);
	assert_int_equal(l.len, 0);
	assert_true(l.cap <= 2 * 100000 + 2);
	assert_int_equal(lines_next(&l), LINES_OK);
	assert_int_equal(l.lineno, 3);
	assert_int_equal(l.len, 6);
	assert_memory_equal(l.line, "yes\0no", 6);
	assert_int_equal(lines_next(&l), 0);
	lines_free(&l);
	fclose(f);
	/* a line exactly at the limit is kept */
	for (i = 0; i < 10; i++)
		buf[i] = 'y';
	buf[10] = '\n';
	f = mem(buf, 11);
	assert_int_equal(lines_init(&l, f, 10), 0);
	expect_line(&l, 1, "yyyyyyyyyy");
	lines_free(&l);
	fclose(f);
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_basic),
	    cmocka_unit_test(test_too_long),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
