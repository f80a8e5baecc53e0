/*
 * util/civiltime.c - civil days, Indonesia's zones, time parsing and
 * formatting, and the clock with its test switch (see civiltime.h). The
 * only file of netra that does calendar arithmetic.
 */
#include "util/civiltime.h"

#include <assert.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "netra/common.h"
#include "util/error.h"

static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;

	if ((a % b != 0) && ((a < 0) != (b < 0)))
		q--;
	return q;
}

int64_t civil_days(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = floor_div(y, 400);
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void civil_date(int64_t day, int64_t *y, int *m, int *d)
{
	int64_t z = day + 719468, era, doe, yoe, doy, mp;

	era = floor_div(z, 146097);
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

int civil_month_days(int64_t y, int m)
{
	static const int dm[] = {31, 28, 31, 30, 31, 30,
	                         31, 31, 30, 31, 30, 31};
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	assert(m >= 1 && m <= 12);
	return m == 2 ? 28 + leap : dm[m - 1];
}

int civil_weekday(int64_t day)
{
	return (int)((day % 7 + 7 + 4) % 7); /* 1970-01-01 was a Thursday */
}

int64_t civil_day_of(int64_t t, int32_t off)
{
	return floor_div(t + off, 86400);
}

int64_t civil_day_start(int64_t day, int32_t off)
{
	return day * 86400 - off;
}

/* Reads exactly n digits at p into *v. */
static int digits(const char *p, int n, int *v)
{
	int i, x = 0;

	for (i = 0; i < n; i++) {
		if (!isdigit((unsigned char)p[i]))
			return -1;
		x = x * 10 + (p[i] - '0');
	}
	*v = x;
	return 0;
}

int civil_day_parse(int64_t *out, const char *s, size_t n)
{
	int y, m, d;

	*out = 0;
	if (n != 10 || s[4] != '-' || s[7] != '-' || digits(s, 4, &y) ||
	    digits(s + 5, 2, &m) || digits(s + 8, 2, &d) || m < 1 || m > 12 ||
	    d < 1 || d > civil_month_days(y, m))
		return err_set(NETRA_EINVALID,
		               "'%.*s' is not a date YYYY-MM-DD",
		               (int)(n > 40 ? 40 : n), s);
	*out = civil_days(y, m, d);
	return 0;
}

void civil_day_format(char *buf, size_t size, int64_t day)
{
	int64_t y;
	int m, d;

	civil_date(day, &y, &m, &d);
	snprintf(buf, size, "%04lld-%02d-%02d", (long long)y, m, d);
}

int civil_day_parse_basic(int64_t *out, const char *s, size_t n)
{
	char iso[11];

	*out = 0;
	if (n != 8 || strspn(s, "0123456789") < 8)
		return err_set(NETRA_EINVALID, "'%.*s' is not a date YYYYMMDD",
		               (int)(n > 40 ? 40 : n), s);
	snprintf(iso, sizeof(iso), "%.4s-%.2s-%.2s", s, s + 4, s + 6);
	return civil_day_parse(out, iso, 10);
}

void civil_day_format_basic(char *buf, size_t size, int64_t day)
{
	int64_t y;
	int m, d;

	civil_date(day, &y, &m, &d);
	snprintf(buf, size, "%04lld%02d%02d", (long long)y, m, d);
}

/* "+07:00" for off into buf (at least 7 bytes). */
static void offset_format(char *buf, size_t size, int32_t off)
{
	int32_t a = off < 0 ? -off : off;
	unsigned h = (unsigned)(a / 3600) % 100u, m = (unsigned)(a / 60 % 60);

	snprintf(buf, size, "%c%02u:%02u", off < 0 ? '-' : '+', h, m);
}

void civil_time_format(char *buf, size_t size, int64_t t, int32_t off)
{
	int64_t day = civil_day_of(t, off), y;
	int64_t sec = t + off - day * 86400;
	char zone[8];
	int m, d;

	civil_date(day, &y, &m, &d);
	offset_format(zone, sizeof(zone), off);
	snprintf(buf, size, "%04lld-%02d-%02dT%02d:%02d:%02d%s", (long long)y,
	         m, d, (int)(sec / 3600), (int)(sec / 60 % 60), (int)(sec % 60),
	         zone);
}

void civil_time_format_utc(char *buf, size_t size, int64_t t)
{
	size_t n;

	civil_time_format(buf, size, t, 0);
	n = strlen(buf);
	if (n >= 6 && strcmp(buf + n - 6, "+00:00") == 0) {
		buf[n - 6] = 'Z';
		buf[n - 5] = '\0';
	}
}

/* Parses an offset suffix at p: "", "Z", "+HH:MM", "+HHMM", "+HH" (or
 * '-'); "" is the default dflt. */
static int parse_offset(const char *p, int32_t dflt, int32_t *off)
{
	int hh, mm = 0, sign;

	if (*p == '\0') {
		*off = dflt;
		return 0;
	}
	if ((p[0] == 'Z' || p[0] == 'z') && p[1] == '\0') {
		*off = 0;
		return 0;
	}
	if (p[0] != '+' && p[0] != '-')
		return -1;
	sign = p[0] == '-' ? -1 : 1;
	if (digits(p + 1, 2, &hh))
		return -1;
	p += 3;
	if (*p == ':')
		p++;
	if (*p && (digits(p, 2, &mm) || p[2] != '\0'))
		return -1;
	if (hh > 14 || mm > 59)
		return -1;
	*off = sign * (int32_t)(hh * 3600 + mm * 60);
	return 0;
}

int civil_time_parse(int64_t *out, const char *s, int32_t off)
{
	int64_t day;
	int32_t zo;
	int hh = 0, mi = 0, ss = 0;
	const char *p;
	size_t len = strlen(s);

	*out = 0;
	if (len && strspn(s, "0123456789") == len && len < 19) {
		*out = strtoll(s, NULL, 10);
		return 0;
	}
	if (len < 10 || civil_day_parse(&day, s, 10) != 0)
		goto bad;
	p = s + 10;
	if (*p == 'T' || *p == 't' || *p == ' ') {
		if (digits(p + 1, 2, &hh) || p[3] != ':' ||
		    digits(p + 4, 2, &mi))
			goto bad;
		p += 6;
		if (*p == ':') {
			if (digits(p + 1, 2, &ss))
				goto bad;
			p += 3;
			if (*p == '.' || *p == ',') {
				const char *f = ++p;

				while (isdigit((unsigned char)*p))
					p++;
				if (p == f)
					goto bad;
			}
		}
		if (hh > 23 || mi > 59 || ss > 60)
			goto bad;
	}
	if (parse_offset(p, off, &zo))
		goto bad;
	*out = day * 86400 + hh * 3600 + mi * 60 + ss - zo;
	return 0;
bad:
	return err_set(NETRA_EINVALID,
	               "'%.40s' is not a time (Unix seconds, YYYY-MM-DD or "
	               "YYYY-MM-DDTHH:MM:SS[+07:00])",
	               s);
}

static const struct {
	const char *name;
	int32_t off;
} zones[] = {
    {"WIB", CIVIL_WIB},           {"WITA", CIVIL_WITA},
    {"WIT", CIVIL_WIT},           {"Asia/Jakarta", CIVIL_WIB},
    {"Asia/Pontianak", CIVIL_WIB}, {"Asia/Makassar", CIVIL_WITA},
    {"Asia/Jayapura", CIVIL_WIT},  {"UTC", 0},
    {"Etc/UTC", 0},
};

int civil_zone_parse(int32_t *out, const char *name)
{
	size_t i;

	*out = CIVIL_WIB;
	for (i = 0; i < sizeof(zones) / sizeof(zones[0]); i++)
		if (strcasecmp(name, zones[i].name) == 0) {
			*out = zones[i].off;
			return 0;
		}
	if ((name[0] == '+' || name[0] == '-') && name[1] &&
	    parse_offset(name, 0, out) == 0)
		return 0;
	*out = CIVIL_WIB;
	return err_set(NETRA_EINVALID,
	               "'%.40s' is not a time zone (WIB, WITA, WIT, "
	               "Asia/Jakarta, Asia/Pontianak, Asia/Makassar, "
	               "Asia/Jayapura, UTC or +HH:MM)",
	               name);
}

const char *civil_zone_name(char *buf, size_t size, int32_t off)
{
	char o[8];

	switch (off) {
	case CIVIL_WIB:
		return "WIB";
	case CIVIL_WITA:
		return "WITA";
	case CIVIL_WIT:
		return "WIT";
	default:
		break;
	}
	offset_format(o, sizeof(o), off);
	snprintf(buf, size, "UTC%s", o);
	return buf;
}

/* NETRA_TEST_CLOCK parsed, or 0 and *set = 0 when absent or unreadable. */
static int64_t test_clock(int *set)
{
	const char *env = getenv("NETRA_TEST_CLOCK");
	int64_t t;

	*set = 0;
	if (!env || !*env || civil_time_parse(&t, env, CIVIL_WIB) != 0)
		return 0;
	*set = 1;
	return t;
}

int64_t civil_now(void)
{
	int set;
	int64_t t = test_clock(&set);

	return set ? t : (int64_t)time(NULL);
}

int civil_clock_is_test(void)
{
	int set;

	(void)test_clock(&set);
	return set;
}
