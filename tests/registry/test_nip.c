/*
 * tests/registry/test_nip.c - NIP validation and staff keys
 * (src/registry/nip.c): each part of the 18 digits, leap days, warnings
 * that must not reject, and non-ASN staff ids.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "netra/common.h"
#include "registry/registry.h"

/* 2026-11-25 00:00 UTC: "today" for every check below. */
#define NOW ((int64_t)1795564800)

static char nip[REGISTRY_NIP_LEN + 1], warn[256];

static int check(const char *s, int lenient)
{
	return registry_nip_check(nip, s, strlen(s), NOW, lenient, warn,
	                          sizeof(warn));
}

static void expect_error(const char *s, const char *part)
{
	assert_int_equal(check(s, 0), NETRA_EINVALID);
	if (!strstr(netra_error_last(), part))
		fail_msg("'%s': error '%s' lacks '%s'", s, netra_error_last(),
		         part);
}

static void test_valid(void **state)
{
	(void)state;
	assert_int_equal(check("198609262015052001", 0), 0);
	assert_string_equal(nip, "198609262015052001");
	assert_string_equal(warn, "");
	/* spaces and dots are stripped */
	assert_int_equal(check(" 19860926 201505 2 001 ", 0), 0);
	assert_string_equal(nip, "198609262015052001");
	assert_int_equal(check("19860926.201505.1.001", 0), 0);
	assert_string_equal(nip, "198609262015051001");
}

static void test_leap_day(void **state)
{
	(void)state;
	assert_int_equal(check("199202292019031003", 0), 0); /* 1992 leap */
	assert_int_equal(check("200002292024011001", 0), 0); /* 2000 leap */
	expect_error("199002292014021001", "digits 1-8");    /* 1990 not */
	expect_error("190002292024011001", "digits 1-8");    /* 1900 not */
}

static void test_bad_parts(void **state)
{
	(void)state;
	expect_error("19860926201505200", "18 digits");
	expect_error("1986092620150520011", "18 digits");
	expect_error("19860926201505200X", "only digits");
	expect_error("198613262015052001", "digits 1-8");  /* month 13 */
	expect_error("198604312015052001", "digits 1-8");  /* 31 April */
	expect_error("193512012015052001", "birth year");  /* before 1940 */
	expect_error("202712012015052001", "birth year");  /* next year */
	expect_error("202611302015052001", "future");      /* next week */
	expect_error("198609262015132001", "digits 9-14"); /* month 13 */
	expect_error("198609262015002001", "digits 9-14"); /* month 00 */
	expect_error("198609261985012001", "not after the birth");
	expect_error("198609261986092001", "not after the birth");
	expect_error("198609262030012001", "digits 9-14"); /* future */
	expect_error("198609262015053001", "digit 15");
	expect_error("198609262015050001", "digit 15");
}

static void test_several_parts_named(void **state)
{
	(void)state;
	assert_int_equal(check("198613262015133001", 0), NETRA_EINVALID);
	assert_non_null(strstr(netra_error_last(), "digits 1-8"));
	assert_non_null(strstr(netra_error_last(), "digits 9-14"));
	assert_non_null(strstr(netra_error_last(), "digit 15"));
}

static void test_warnings(void **state)
{
	(void)state;
	assert_int_equal(check("198609262015052000", 0), 0);
	assert_non_null(strstr(warn, "000"));
	/* appointed at 15: accepted with a warning */
	assert_int_equal(check("198609262001112001", 0), 0);
	assert_non_null(strstr(warn, "age 17"));
}

static void test_lenient_pppk(void **state)
{
	(void)state;
	/* PPPK numbers may carry a non-month in 13-14: a warning only */
	assert_int_equal(check("199507172022212001", 1), 0);
	assert_string_equal(nip, "199507172022212001");
	assert_non_null(strstr(warn, "digits 9-14"));
	assert_int_equal(check("199507172022212001", 0), NETRA_EINVALID);
	/* the length is still an error */
	assert_int_equal(check("1995071720222120", 1), NETRA_EINVALID);
}

static void test_staff_key(void **state)
{
	char key[REGISTRY_KEY_MAX + 1];
	int is_nip;

	(void)state;
	assert_int_equal(registry_staff_key(key, &is_nip, " NA-000123 ", 11),
	                 0);
	assert_string_equal(key, "NA-000123");
	assert_int_equal(is_nip, 0);
	assert_int_equal(
	    registry_staff_key(key, &is_nip, "19860926 201505 2 001", 21), 0);
	assert_string_equal(key, "198609262015052001");
	assert_int_equal(is_nip, 1);
	assert_int_equal(registry_staff_key(key, &is_nip, "NA 1", 4),
	                 NETRA_EINVALID);
	assert_int_equal(registry_staff_key(key, &is_nip, "  ", 2),
	                 NETRA_EINVALID);
	assert_int_equal(registry_staff_key(key, &is_nip, "a;b", 3),
	                 NETRA_EINVALID);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_valid),
	    cmocka_unit_test(test_leap_day),
	    cmocka_unit_test(test_bad_parts),
	    cmocka_unit_test(test_several_parts_named),
	    cmocka_unit_test(test_warnings),
	    cmocka_unit_test(test_lenient_pppk),
	    cmocka_unit_test(test_staff_key),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
