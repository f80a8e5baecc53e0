/*
 * tests/util/test_civiltime.c - the one time module: civil days across
 * centuries and leap years, parsing and formatting in WIB, WITA and WIT,
 * zone names, a time whose civil day differs between zones, and the
 * clock's test switch (NETRA_TEST_CLOCK), which is the only way to move
 * the clock and says so.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "netra/common.h"
#include "util/civiltime.h"

static int64_t t(const char *s, int32_t off)
{
	int64_t v = 0;

	assert_int_equal(civil_time_parse(&v, s, off), 0);
	return v;
}

static void test_days(void **state)
{
	int64_t d, y;
	int m, dd;
	char buf[16];

	(void)state;
	assert_int_equal(civil_days(1970, 1, 1), 0);
	assert_int_equal(civil_days(2000, 3, 1), 11017);
	assert_int_equal(civil_days(1969, 12, 31), -1);
	for (d = -800000; d < 800000; d += 997) {
		civil_date(d, &y, &m, &dd);
		assert_int_equal(civil_days(y, m, dd), d);
	}
	assert_int_equal(civil_month_days(2024, 2), 29);
	assert_int_equal(civil_month_days(2100, 2), 28);
	assert_int_equal(civil_month_days(2000, 2), 29);
	assert_int_equal(civil_weekday(civil_days(2024, 11, 27)), 3); /* Wed */
	assert_int_equal(civil_day_parse(&d, "2024-02-29", 10), 0);
	civil_day_format(buf, sizeof(buf), d);
	assert_string_equal(buf, "2024-02-29");
	assert_int_equal(civil_day_parse(&d, "2023-02-29", 10),
	                 NETRA_EINVALID);
	assert_int_equal(civil_day_parse(&d, "2024-1-01", 9), NETRA_EINVALID);
}

static void test_parse_format(void **state)
{
	char buf[32];
	int64_t v;

	(void)state;
	assert_int_equal(t("2024-10-02T08:15:00+07:00", 0), 1727831700);
	assert_int_equal(t("2024-10-02T08:15", CIVIL_WIB), 1727831700);
	assert_int_equal(t("2024-10-02T09:15", CIVIL_WITA), 1727831700);
	assert_int_equal(t("2024-10-02T10:15", CIVIL_WIT), 1727831700);
	assert_int_equal(t("2024-10-02T01:15:00.250Z", CIVIL_WIT), 1727831700);
	assert_int_equal(t("2024-10-02 10:15:00+0900", 0), 1727831700);
	assert_int_equal(t("1727831700", CIVIL_WIT), 1727831700);
	assert_int_equal(civil_time_parse(&v, "2024-10-02T08:15+25:00", 0),
	                 NETRA_EINVALID);
	assert_int_equal(civil_time_parse(&v, "2024-10-02T08:15:00.", 0),
	                 NETRA_EINVALID);
	civil_time_format(buf, sizeof(buf), 1727831700, CIVIL_WITA);
	assert_string_equal(buf, "2024-10-02T09:15:00+08:00");
	civil_time_format(buf, sizeof(buf), 1727831700, 0);
	assert_string_equal(buf, "2024-10-02T01:15:00+00:00");
	civil_time_format(buf, sizeof(buf), -1, 0);
	assert_string_equal(buf, "1969-12-31T23:59:59+00:00");
}

/* 23:30 WIB on Thursday is 01:30 WIT on Friday: one instant, two civil
 * days, and the start of a WIT day is two hours before WIB's. */
/* UTC with a Z, as event timestamps and logs are written. */
static void test_format_utc(void **state)
{
	char buf[32];

	(void)state;
	civil_time_format_utc(buf, sizeof(buf), 1727831700);
	assert_string_equal(buf, "2024-10-02T01:15:00Z");
	civil_time_format_utc(buf, sizeof(buf), 0);
	assert_string_equal(buf, "1970-01-01T00:00:00Z");
	civil_time_format_utc(buf, sizeof(buf), -1);
	assert_string_equal(buf, "1969-12-31T23:59:59Z");
}

/* "YYYYMMDD", as TikTok's API and the downloaders take dates. */
static void test_day_basic(void **state)
{
	char buf[16];
	int64_t day;

	(void)state;
	assert_int_equal(civil_day_parse_basic(&day, "20241002", 8), 0);
	assert_int_equal(day, civil_days(2024, 10, 2));
	civil_day_format_basic(buf, sizeof(buf), day);
	assert_string_equal(buf, "20241002");
	assert_int_equal(civil_day_parse_basic(&day, "20240230", 8),
	                 NETRA_EINVALID);
	assert_int_equal(civil_day_parse_basic(&day, "2024-10-", 8),
	                 NETRA_EINVALID);
	assert_int_equal(civil_day_parse_basic(&day, "202410021", 9),
	                 NETRA_EINVALID);
}

static void test_zone_boundary(void **state)
{
	int64_t post = t("2024-10-03T23:30", CIVIL_WIB);
	int64_t thu = civil_days(2024, 10, 3);

	(void)state;
	assert_int_equal(civil_day_of(post, CIVIL_WIB), thu);
	assert_int_equal(civil_day_of(post, CIVIL_WITA), thu + 1);
	assert_int_equal(civil_day_of(post, CIVIL_WIT), thu + 1);
	assert_int_equal(civil_day_of(t("2024-10-04T00:30", CIVIL_WIT),
	                              CIVIL_WIB),
	                 thu);
	assert_int_equal(civil_day_start(thu + 1, CIVIL_WIT),
	                 civil_day_start(thu + 1, CIVIL_WIB) - 2 * 3600);
}

static void test_zones(void **state)
{
	int32_t off;
	char buf[16];

	(void)state;
	assert_int_equal(civil_zone_parse(&off, "WIB"), 0);
	assert_int_equal(off, 7 * 3600);
	assert_int_equal(civil_zone_parse(&off, "wita"), 0);
	assert_int_equal(off, 8 * 3600);
	assert_int_equal(civil_zone_parse(&off, "Asia/Jayapura"), 0);
	assert_int_equal(off, 9 * 3600);
	assert_int_equal(civil_zone_parse(&off, "Asia/Pontianak"), 0);
	assert_int_equal(off, 7 * 3600);
	assert_int_equal(civil_zone_parse(&off, "+08:00"), 0);
	assert_int_equal(off, 8 * 3600);
	assert_int_equal(civil_zone_parse(&off, "Europe/Berlin"),
	                 NETRA_EINVALID);
	assert_non_null(strstr(netra_error_last(), "Europe/Berlin"));
	assert_int_equal(civil_zone_parse(&off, "WITT"), NETRA_EINVALID);
	assert_string_equal(civil_zone_name(buf, sizeof(buf), CIVIL_WIT),
	                    "WIT");
	assert_string_equal(civil_zone_name(buf, sizeof(buf), 0),
	                    "UTC+00:00");
}

static void test_clock(void **state)
{
	int64_t before, now;

	(void)state;
	unsetenv("NETRA_TEST_CLOCK");
	unsetenv("NETRA_NOW"); /* the old switch moves nothing */
	setenv("NETRA_NOW", "2019-01-01", 1);
	before = (int64_t)time(NULL);
	now = civil_now();
	assert_true(now >= before && now <= (int64_t)time(NULL));
	assert_false(civil_clock_is_test());
	setenv("NETRA_TEST_CLOCK", "2024-10-02T08:15", 1);
	assert_int_equal(civil_now(), 1727831700);
	assert_true(civil_clock_is_test());
	setenv("NETRA_TEST_CLOCK", "not a time", 1);
	assert_false(civil_clock_is_test());
	assert_true(civil_now() >= before);
	unsetenv("NETRA_TEST_CLOCK");
	unsetenv("NETRA_NOW");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_days),
	    cmocka_unit_test(test_parse_format),
	    cmocka_unit_test(test_format_utc),
	    cmocka_unit_test(test_day_basic),
	    cmocka_unit_test(test_zone_boundary),
	    cmocka_unit_test(test_zones),
	    cmocka_unit_test(test_clock),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
