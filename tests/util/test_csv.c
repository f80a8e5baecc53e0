/*
 * tests/util/test_csv.c - the streaming CSV reader (src/util/csv.c):
 * quoting, CRLF, BOM, embedded newlines, errors with line numbers and
 * resynchronisation, and records larger than the read buffer.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "netra/common.h"
#include "util/csv.h"

struct fx {
	FILE *f;
	struct csv_reader *r;
	struct csv_row row;
};

static void open_mem(struct fx *x, const char *data, size_t n)
{
	x->f = tmpfile();
	assert_non_null(x->f);
	assert_int_equal(fwrite(data, 1, n, x->f), n);
	rewind(x->f);
	assert_int_equal(csv_open(&x->r, x->f, "t.csv"), 0);
}

static void open_str(struct fx *x, const char *s)
{
	open_mem(x, s, strlen(s));
}

static void close_fx(struct fx *x)
{
	csv_close(x->r);
	fclose(x->f);
}

static void expect_row(struct fx *x, size_t line, size_t count, ...)
{
	va_list ap;
	size_t i;

	assert_int_equal(csv_next(x->r, &x->row), 1);
	assert_int_equal(x->row.line, line);
	assert_int_equal(x->row.count, count);
	va_start(ap, count);
	for (i = 0; i < count; i++) {
		const char *want = va_arg(ap, const char *);
		assert_string_equal(x->row.fields[i], want);
		assert_int_equal(x->row.lens[i], strlen(want));
	}
	va_end(ap);
}

static void test_plain(void **state)
{
	struct fx x;

	(void)state;
	open_str(&x, "a,b,c\n1,,3\n,\n");
	expect_row(&x, 1, 3, "a", "b", "c");
	expect_row(&x, 2, 3, "1", "", "3");
	expect_row(&x, 3, 2, "", "");
	assert_int_equal(csv_next(x.r, &x.row), 0);
	assert_int_equal(csv_next(x.r, &x.row), 0);
	close_fx(&x);
}

static void test_quotes_and_escapes(void **state)
{
	struct fx x;

	(void)state;
	open_str(&x, "\"a,b\",\"say \"\"hi\"\"\",\"\"\nx\"y,z");
	expect_row(&x, 1, 3, "a,b", "say \"hi\"", "");
	/* a quote inside an unquoted field is kept literally */
	expect_row(&x, 2, 2, "x\"y", "z");
	assert_int_equal(csv_next(x.r, &x.row), 0);
	close_fx(&x);
}

static void test_crlf_bom_blank(void **state)
{
	struct fx x;

	(void)state;
	open_str(&x, "\xEF\xBB\xBFname,kind\r\n\r\nA,\"B\"\r\n\nC,D");
	expect_row(&x, 1, 2, "name", "kind");
	expect_row(&x, 3, 2, "A", "B");
	expect_row(&x, 5, 2, "C", "D");
	assert_int_equal(csv_next(x.r, &x.row), 0);
	close_fx(&x);
}

static void test_embedded_newline(void **state)
{
	struct fx x;

	(void)state;
	open_str(&x, "1,\"two\nlines\r\nthree\",x\n2,y,z\n");
	expect_row(&x, 1, 3, "1", "two\nlines\r\nthree", "x");
	expect_row(&x, 4, 3, "2", "y", "z");
	close_fx(&x);
}

static void test_after_quote_error_resyncs(void **state)
{
	struct fx x;

	(void)state;
	open_str(&x, "a,b\n\"x\"y,z\nc,d\n");
	expect_row(&x, 1, 2, "a", "b");
	assert_int_equal(csv_next(x.r, &x.row), NETRA_EINVALID);
	assert_non_null(strstr(netra_error_last(), "t.csv:2: "));
	expect_row(&x, 3, 2, "c", "d");
	assert_int_equal(csv_next(x.r, &x.row), 0);
	close_fx(&x);
}

static void test_unterminated_quote_resyncs(void **state)
{
	struct fx x;

	(void)state;
	/* the open quote on line 2 swallows the rest of the file (the
	 * later "" are escapes inside it); reading resumes at line 3 */
	open_str(&x, "a,b\nc,\"d\ne,f\ng,\"\"\nh,i\n");
	expect_row(&x, 1, 2, "a", "b");
	assert_int_equal(csv_next(x.r, &x.row), NETRA_EINVALID);
	assert_non_null(
	    strstr(netra_error_last(), "t.csv:2: unterminated quote"));
	assert_non_null(strstr(netra_error_last(), "read again from line 3"));
	expect_row(&x, 3, 2, "e", "f");
	expect_row(&x, 4, 2, "g", "");
	expect_row(&x, 5, 2, "h", "i");
	assert_int_equal(csv_next(x.r, &x.row), 0);
	close_fx(&x);
}

static void test_unterminated_last_line(void **state)
{
	struct fx x;

	(void)state;
	open_str(&x, "a\n\"b");
	expect_row(&x, 1, 1, "a");
	assert_int_equal(csv_next(x.r, &x.row), NETRA_EINVALID);
	assert_string_equal(netra_error_last(), "t.csv:2: unterminated quote");
	assert_int_equal(csv_next(x.r, &x.row), 0);
	close_fx(&x);
}

static void test_field_too_big(void **state)
{
	size_t big = CSV_MAX_FIELD + 10, n = 0;
	char *buf = malloc(big + 64);
	struct fx x;

	(void)state;
	assert_non_null(buf);
	memcpy(buf, "h\n", 2);
	n = 2;
	memset(buf + n, 'x', big);
	n += big;
	memcpy(buf + n, "\nok,1\n", 6);
	n += 6;
	open_mem(&x, buf, n);
	expect_row(&x, 1, 1, "h");
	assert_int_equal(csv_next(x.r, &x.row), NETRA_EINVALID);
	assert_non_null(strstr(netra_error_last(), "t.csv:2: field too big"));
	expect_row(&x, 3, 2, "ok", "1");
	assert_int_equal(csv_next(x.r, &x.row), 0);
	close_fx(&x);
	free(buf);
}

/* Issue 8: a stray quote on row 2 followed by 20,000 valid rows (over
 * the field limit) lost every row up to where the limit struck. Only
 * row 2 may be lost; its first line is what a reject file gets. */
static void test_stray_quote_loses_one_row(void **state)
{
	size_t n = 0, i, cap = 2000000;
	char *buf = malloc(cap);
	const char *rej;
	size_t rejn;
	struct fx x;

	(void)state;
	assert_non_null(buf);
	n += (size_t)snprintf(buf + n, cap - n, "id,text\nbad,\"stray\r\n");
	for (i = 0; i < 20000; i++)
		n += (size_t)snprintf(buf + n, cap - n,
		                      "%zu,teks biasa nomor %zu dengan isi\n",
		                      i, i);
	open_mem(&x, buf, n);
	csv_set_max_record(x.r, 64 * 1024);
	expect_row(&x, 1, 2, "id", "text");
	assert_int_equal(csv_next(x.r, &x.row), NETRA_EINVALID);
	assert_non_null(strstr(netra_error_last(), "t.csv:2: "));
	assert_non_null(strstr(netra_error_last(), "read again from line 3"));
	csv_reject(x.r, &rej, &rejn);
	assert_int_equal(rejn, strlen("bad,\"stray"));
	assert_memory_equal(rej, "bad,\"stray", rejn);
	for (i = 0; i < 20000; i++) {
		char a[32];
		snprintf(a, sizeof(a), "%zu", i);
		assert_int_equal(csv_next(x.r, &x.row), 1);
		assert_int_equal(x.row.line, 3 + i);
		assert_string_equal(x.row.fields[0], a);
	}
	assert_int_equal(csv_next(x.r, &x.row), 0);
	close_fx(&x);
	free(buf);
}

/* A stray quote closed by a later row's quote followed by text: the
 * swallowed rows are read again, and a real multi-line field after the
 * point of the error is still read as one. */
static void test_stray_quote_closed_later(void **state)
{
	const char *rej;
	size_t rejn;
	struct fx x;

	(void)state;
	open_str(&x, "h,t\nx,\"a\ne,f\ny,\"b\"z\nq,\"multi\nline\"\nr,s\n");
	expect_row(&x, 1, 2, "h", "t");
	assert_int_equal(csv_next(x.r, &x.row), NETRA_EINVALID);
	assert_non_null(strstr(netra_error_last(), "t.csv:2: "));
	assert_non_null(strstr(netra_error_last(), "line 4"));
	expect_row(&x, 3, 2, "e", "f");
	assert_int_equal(csv_next(x.r, &x.row), NETRA_EINVALID);
	assert_non_null(strstr(netra_error_last(), "t.csv:4: "));
	csv_reject(x.r, &rej, &rejn);
	assert_int_equal(rejn, 6);
	assert_memory_equal(rej, "y,\"b\"z", 6);
	expect_row(&x, 5, 2, "q", "multi\nline");
	expect_row(&x, 7, 2, "r", "s");
	assert_int_equal(csv_next(x.r, &x.row), 0);
	close_fx(&x);
}

/* A quoted field larger than the read chunk, spanning refills, and many
 * rows: checks that content and line numbers survive buffer boundaries. */
static void test_large_records(void **state)
{
	size_t flen = 200000, n = 0, i;
	char *buf = malloc(flen + 1000000);
	struct fx x;

	(void)state;
	assert_non_null(buf);
	buf[n++] = '"';
	for (i = 0; i < flen; i++)
		buf[n++] = (i % 1000 == 999) ? '\n' : 'a' + (char)(i % 26);
	memcpy(buf + n, "\",end\n", 6);
	n += 6;
	for (i = 0; i < 20000; i++)
		n += (size_t)snprintf(buf + n, 64, "%zu,\"v%zu\"\n", i, i);
	open_mem(&x, buf, n);
	assert_int_equal(csv_next(x.r, &x.row), 1);
	assert_int_equal(x.row.count, 2);
	assert_int_equal(x.row.lens[0], flen);
	assert_memory_equal(x.row.fields[0], buf + 1, flen);
	assert_string_equal(x.row.fields[1], "end");
	for (i = 0; i < 20000; i++) {
		char a[32], b[32];
		snprintf(a, sizeof(a), "%zu", i);
		snprintf(b, sizeof(b), "v%zu", i);
		assert_int_equal(csv_next(x.r, &x.row), 1);
		assert_int_equal(x.row.line,
		                 202 + i); /* 200 newlines in field */
		assert_string_equal(x.row.fields[0], a);
		assert_string_equal(x.row.fields[1], b);
	}
	assert_int_equal(csv_next(x.r, &x.row), 0);
	close_fx(&x);
	free(buf);
}

static void test_nul_in_field(void **state)
{
	struct fx x;

	(void)state;
	open_mem(&x, "a\0b,c\n", 6);
	assert_int_equal(csv_next(x.r, &x.row), 1);
	assert_int_equal(x.row.count, 2);
	assert_int_equal(x.row.lens[0], 3);
	assert_memory_equal(x.row.fields[0], "a\0b", 4);
	close_fx(&x);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_plain),
	    cmocka_unit_test(test_quotes_and_escapes),
	    cmocka_unit_test(test_crlf_bom_blank),
	    cmocka_unit_test(test_embedded_newline),
	    cmocka_unit_test(test_after_quote_error_resyncs),
	    cmocka_unit_test(test_unterminated_quote_resyncs),
	    cmocka_unit_test(test_unterminated_last_line),
	    cmocka_unit_test(test_field_too_big),
	    cmocka_unit_test(test_large_records),
	    cmocka_unit_test(test_stray_quote_loses_one_row),
	    cmocka_unit_test(test_stray_quote_closed_later),
	    cmocka_unit_test(test_nul_in_field),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
