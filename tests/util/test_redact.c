/*
 * tests/util/test_redact.c - credentials out of stored and printed text:
 * URL user information, a known password anywhere in a message, and
 * splitting user and password (percent-decoded) off an SMTP URL.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "util/redact.h"

static void test_redact(void **state)
{
	char out[128];

	(void)state;
	assert_string_equal(
	    redact_urls(out, sizeof(out),
	                "smtp smtp://netra:rahasia@mail.example:587 to "
	                "a@b.example: Login denied",
	                NULL),
	    "smtp smtp://***@mail.example:587 to a@b.example: Login denied");
	assert_string_equal(redact_urls(out, sizeof(out),
	                                "smtps://mail.example:465 said "
	                                "rahasia was wrong",
	                                "rahasia"),
	                    "smtps://mail.example:465 said *** was wrong");
	/* an address after a path is no user information */
	assert_string_equal(redact_urls(out, sizeof(out),
	                                "https://h.example/a@b", NULL),
	                    "https://h.example/a@b");
	assert_string_equal(redact_urls(out, 8, "smtp://u:p@h", NULL),
	                    "smtp://");
	assert_string_equal(redact_urls(out, sizeof(out), NULL, ""), "");
}

static void test_split(void **state)
{
	char clean[64];
	char *user = NULL, *pw = NULL;

	(void)state;
	assert_int_equal(redact_split_url(clean, sizeof(clean), &user, &pw,
	                                  "smtps://netra%40bkpp:p%3Ass@mail."
	                                  "example:465"),
	                 1);
	assert_string_equal(clean, "smtps://mail.example:465");
	assert_string_equal(user, "netra@bkpp");
	assert_string_equal(pw, "p:ss");
	free(user);
	free(pw);
	assert_int_equal(redact_split_url(clean, sizeof(clean), &user, &pw,
	                                  "smtp://netra@mail.example"),
	                 1);
	assert_string_equal(user, "netra");
	assert_null(pw);
	free(user);
	assert_int_equal(redact_split_url(clean, sizeof(clean), &user, &pw,
	                                  "smtp://127.0.0.1:2525"),
	                 0);
	assert_string_equal(clean, "smtp://127.0.0.1:2525");
	assert_null(user);
	assert_int_equal(redact_split_url(clean, 8, &user, &pw,
	                                  "smtp://127.0.0.1:2525"),
	                 -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_redact),
	    cmocka_unit_test(test_split),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
