/*
 * tests/workflow/test_calendar.c - working-day deadlines in the region's
 * zone: weekends, public holidays (from data/holidays-2024.txt), days that
 * are already Saturday in Jakarta while still Friday in UTC, year ends,
 * and a region in WIT whose day begins two hours before Jakarta's (the
 * 'region.timezone' setting that scan copies from the profile).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "netra/common.h"
#include "store/store.h"
#include "workflow/calendar.h"

static int64_t t(const char *s)
{
	int64_t v = 0;

	assert_int_equal(civil_time_parse(&v, s, CIVIL_WIB), 0);
	return v;
}

static void test_parse(void **state)
{
	int64_t v;
	char buf[32];

	(void)state;
	assert_int_equal(t("1970-01-01T07:00:00+07:00"), 0);
	assert_int_equal(t("2024-10-02T08:15:00+07:00"), 1727831700);
	assert_int_equal(t("2024-10-02T01:15:00Z"), 1727831700);
	assert_int_equal(t("2024-10-02T08:15"), 1727831700); /* WIB */
	assert_int_equal(t("2024-10-02"), 1727802000);
	assert_int_equal(t("1727831700"), 1727831700);
	assert_int_equal(civil_time_parse(&v, "2024-02-30", CIVIL_WIB), NETRA_EINVALID);
	assert_int_equal(civil_time_parse(&v, "2024-10-02T25:00", CIVIL_WIB), NETRA_EINVALID);
	assert_int_equal(civil_time_parse(&v, "kemarin", CIVIL_WIB), NETRA_EINVALID);
	civil_time_format(buf, sizeof(buf), 1727831700, CIVIL_WIB);
	assert_string_equal(buf, "2024-10-02T08:15:00+07:00");
	civil_day_format(buf, sizeof(buf), wf_local_day(NULL, t("2024-02-29T23:59Z")));
	assert_string_equal(buf, "2024-03-01");
	assert_int_equal(civil_weekday(wf_local_day(NULL, t("2024-10-05"))), 6);
}

static void test_weekends(void **state)
{
	(void)state;
	/* Thursday: Fri, Mon, Tue -> due at the end of Tuesday */
	assert_int_equal(wf_cal_due(NULL, t("2024-10-03T11:00"), 3),
	                 t("2024-10-09T00:00"));
	/* Friday 23:59 WIB: Mon, Tue, Wed */
	assert_int_equal(wf_cal_due(NULL, t("2024-10-04T23:59"), 3),
	                 t("2024-10-10T00:00"));
	/* Friday 20:00 UTC is Saturday 03:00 WIB: still Mon, Tue, Wed */
	assert_int_equal(wf_cal_due(NULL, t("2024-10-04T20:00Z"), 3),
	                 t("2024-10-10T00:00"));
	/* Friday 16:00 UTC is Friday 23:00 WIB: the same */
	assert_int_equal(wf_cal_due(NULL, t("2024-10-04T16:00Z"), 1),
	                 t("2024-10-08T00:00"));
	assert_int_equal(wf_cal_due(NULL, t("2024-10-05T12:00"), 5),
	                 t("2024-10-12T00:00"));
}

static void test_holidays(void **state)
{
	netra_store *st = NULL;
	const char *src = getenv("NETRA_SRC");
	char path[4096];
	struct wf_cal cal;
	size_t n = 0;
	int days;
	FILE *f;

	(void)state;
	snprintf(path, sizeof(path), "%s/data/holidays-2024.txt",
	         src ? src : "..");
	assert_int_equal(netra_store_open(&st, ":memory:"), 0);
	assert_int_equal(wf_holidays_import(st, path, &n), 0);
	assert_true(n >= 25);
	assert_int_equal(wf_cal_load(&cal, st), 0);
	assert_int_equal(cal.n, n);
	/* Pilkada day (Wed 27 Nov) is a holiday: Tue 26 -> Thu, Fri, Mon */
	assert_false(wf_cal_is_working(&cal, wf_local_day(NULL, t("2024-11-27"))));
	assert_int_equal(wf_cal_due(&cal, t("2024-11-26T09:00"), 3),
	                 t("2024-12-03T00:00"));
	/* Christmas and cuti bersama across the year end */
	assert_int_equal(wf_cal_due(&cal, t("2024-12-24T09:00"), 3),
	                 t("2025-01-01T00:00"));
	/* Idul Fitri 2024: Fri 5 Apr -> Tue 16, Wed 17, Thu 18 */
	assert_int_equal(wf_cal_due(&cal, t("2024-04-05T09:00"), 3),
	                 t("2024-04-19T00:00"));
	wf_cal_free(&cal);
	/* deadline setting */
	assert_int_equal(wf_deadline_days(st, &days), 0);
	assert_int_equal(days, 3);
	assert_int_equal(wf_setting_set_int(st, "workflow.deadline_days", 5),
	                 0);
	assert_int_equal(wf_deadline_days(st, &days), 0);
	assert_int_equal(days, 5);
	/* a bad file names its line */
	f = fopen("wf_bad_holidays.txt", "w");
	assert_non_null(f);
	fputs("# ok\n2024-01-01 Tahun Baru\n2024-13-01 salah\n", f);
	fclose(f);
	assert_int_equal(wf_holidays_import(st, "wf_bad_holidays.txt", &n),
	                 NETRA_EINVALID);
	assert_non_null(strstr(netra_error_last(), "wf_bad_holidays.txt:3"));
	remove("wf_bad_holidays.txt");
	netra_store_close(st);
}

/* Thursday 23:30 WIB is already Friday 01:30 WIT: a finding made then in
 * a WIT region gets its day counted from Friday (one working day: due
 * at the end of Monday WIT), in a WIB region from Thursday (due at the
 * end of Friday WIB). The zone comes from the store's setting. */
static void test_zone_boundary(void **state)
{
	netra_store *st = NULL;
	struct wf_cal cal;
	int64_t made = t("2024-10-03T23:30+07:00"), due;
	int32_t off = 0;

	(void)state;
	assert_int_equal(netra_store_open(&st, ":memory:"), 0);
	assert_int_equal(wf_zone(st, &off), 0);
	assert_int_equal(off, CIVIL_WIB); /* unset: WIB */
	assert_int_equal(wf_cal_load(&cal, st), 0);
	assert_int_equal(wf_cal_due(&cal, made, 1), t("2024-10-05T00:00+07:00"));
	wf_cal_free(&cal);

	assert_int_equal(wf_zone_set(st, "WIT"), 0);
	assert_int_equal(wf_cal_load(&cal, st), 0);
	assert_int_equal(cal.off, CIVIL_WIT);
	assert_int_equal(wf_local_day(&cal, made),
	                 wf_local_day(NULL, made) + 1);
	due = wf_cal_due(&cal, made, 1);
	assert_int_equal(due, t("2024-10-08T00:00+09:00"));
	wf_cal_free(&cal);

	assert_int_equal(wf_zone_set(st, "Asia/Makassar"), 0);
	assert_int_equal(wf_zone(st, &off), 0);
	assert_int_equal(off, CIVIL_WITA);
	assert_int_equal(wf_zone_set(st, "Europe/Paris"), NETRA_EINVALID);
	assert_int_equal(wf_zone(st, &off), 0);
	assert_int_equal(off, CIVIL_WITA); /* unchanged */
	netra_store_close(st);
}

/* A line longer than the reader's buffer is refused, not split: its tail
 * must not be read as a holiday of its own. */
static void test_holidays_long_line(void **state)
{
	netra_store *st = NULL;
	size_t n = 99;
	int64_t count = -1;
	FILE *f;
	int i;

	(void)state;
	assert_int_equal(netra_store_open(&st, ":memory:"), 0);
	f = fopen("wf_long_holidays.txt", "w");
	assert_non_null(f);
	fputs("2024-12-25 Natal", f);
	for (i = 0; i < 495; i++)
		fputc('x', f);
	fputs("2024-12-26 Sisipan\n", f);
	fclose(f);
	assert_int_equal(wf_holidays_import(st, "wf_long_holidays.txt", &n),
	                 NETRA_EINVALID);
	assert_non_null(strstr(netra_error_last(), "wf_long_holidays.txt:1"));
	assert_int_equal(store_query_int64(&count, st,
	                                   "SELECT COUNT(*) FROM holidays",
	                                   NULL, 0),
	                 0);
	assert_int_equal(count, 0);
	remove("wf_long_holidays.txt");
	netra_store_close(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_parse),
	    cmocka_unit_test(test_weekends),
	    cmocka_unit_test(test_holidays),
	    cmocka_unit_test(test_zone_boundary),
	    cmocka_unit_test(test_holidays_long_line),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
