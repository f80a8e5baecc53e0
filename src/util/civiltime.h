/*
 * util/civiltime.h - the one time module of netra: civil (calendar) days,
 * Indonesia's time zones, parsing and formatting of dates and times, and
 * the clock. Every layer that turns a Unix time into a day or a day into a
 * time calls these (deadlines, the election calendar, reports, mails, the
 * registry's dates, event timestamps) instead of its own arithmetic.
 *
 * Days are numbered from 1970-01-01 (day 0), proleptic Gregorian, with
 * Howard Hinnant's days-from-civil algorithm; nothing depends on the
 * process's TZ or locale. Indonesia has three zones and no daylight
 * saving, so a zone is a fixed UTC offset in seconds: WIB +07:00, WITA
 * +08:00, WIT +09:00. Times are stored in UTC and shown in the region's
 * zone (DESIGN.md "Storage").
 */
#ifndef NETRA_UTIL_CIVILTIME_H
#define NETRA_UTIL_CIVILTIME_H

#include <stddef.h>
#include <stdint.h>

#define CIVIL_WIB  (7 * 3600) /* Waktu Indonesia Barat, Asia/Jakarta */
#define CIVIL_WITA (8 * 3600) /* Waktu Indonesia Tengah, Asia/Makassar */
#define CIVIL_WIT  (9 * 3600) /* Waktu Indonesia Timur, Asia/Jayapura */

/* Day number of the civil date y-m-d (m 1..12, d 1..31; not validated). */
int64_t civil_days(int64_t y, int m, int d);

/* The civil date of day number day. */
void civil_date(int64_t day, int64_t *y, int *m, int *d);

/* Days in month m (1..12) of year y. */
int civil_month_days(int64_t y, int m);

/* Weekday of a day number: 0 = Sunday ... 6 = Saturday. */
int civil_weekday(int64_t day);

/* The local day number of Unix time t in the zone at UTC offset off
 * (seconds), and the Unix time at which local day `day` starts. */
int64_t civil_day_of(int64_t t, int32_t off);
int64_t civil_day_start(int64_t day, int32_t off);

/* Parses exactly "YYYY-MM-DD" (n bytes at s, a real date) into a day
 * number. 0, or NETRA_EINVALID with the message set. */
int civil_day_parse(int64_t *out, const char *s, size_t n);

/* The ISO 8601 basic form "YYYYMMDD" (APIs and tools that take dates
 * so): parse (exactly 8 digits, a real date; NETRA_EINVALID otherwise)
 * and format (buf at least 9 bytes). */
int civil_day_parse_basic(int64_t *out, const char *s, size_t n);
void civil_day_format_basic(char *buf, size_t size, int64_t day);

/* Formats a day number as "YYYY-MM-DD" into buf (at least 11 bytes). */
void civil_day_format(char *buf, size_t size, int64_t day);

/* Parses a time: Unix seconds ("1727831700"), a date ("2024-10-02",
 * local midnight), or ISO 8601 "YYYY-MM-DD[T| ]HH:MM[:SS][.fff]
 * [Z|+HH:MM|+HHMM|+HH|-...]"; without a zone the time is local to off.
 * 0, or NETRA_EINVALID with the message set. */
int civil_time_parse(int64_t *out, const char *s, int32_t off);

/* Formats Unix time t as ISO 8601 in the zone at off:
 * "YYYY-MM-DDTHH:MM:SS+07:00" (at least 26 bytes). */
void civil_time_format(char *buf, size_t size, int64_t t, int32_t off);

/* Formats Unix time t in UTC as "YYYY-MM-DDTHH:MM:SSZ" (at least 26
 * bytes): event timestamps, logs. */
void civil_time_format_utc(char *buf, size_t size, int64_t t);

/* Parses a zone name: WIB, WITA, WIT (any case), the IANA names of
 * Indonesia's zones (Asia/Jakarta, Asia/Pontianak, Asia/Makassar,
 * Asia/Jayapura), UTC, or an offset "+07:00". 0, or NETRA_EINVALID. */
int civil_zone_parse(int32_t *out, const char *name);

/* "WIB", "WITA", "WIT" for Indonesia's offsets, else "UTC+HH:MM" written
 * into buf (at least 12 bytes); returns buf or the constant. */
const char *civil_zone_name(char *buf, size_t size, int32_t off);

/*
 * The clock. civil_now() is the real time, except in tests: when the
 * environment variable NETRA_TEST_CLOCK holds a time (any form
 * civil_time_parse() reads, zone WIB when none is given) that time is
 * returned instead, and civil_clock_is_test() is true so that every audit
 * row written under it says so ("clock":"test"). It is a test switch, not
 * an option: an operator dates a report with `report --as-of`, never by
 * moving the clock. An unparseable NETRA_TEST_CLOCK is ignored (real
 * clock, not marked).
 */
int64_t civil_now(void);
int civil_clock_is_test(void);

#endif
