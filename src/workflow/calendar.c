/*
 * workflow/calendar.c - working days in Asia/Jakarta for deadlines, the
 * holidays table and its import, time parsing and formatting. Dates are
 * converted with Howard Hinnant's days-from-civil algorithm, so nothing
 * depends on the process's TZ or locale.
 */
#include "workflow/calendar.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store.h"
#include "util/error.h"

static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;

	if ((a % b != 0) && ((a < 0) != (b < 0)))
		q--;
	return q;
}

static int64_t days_from_civil(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = floor_div(y, 400);
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
	int64_t era, doe, yoe, doy, mp;

	z += 719468;
	era = floor_div(z, 146097);
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

int64_t wf_local_day(int64_t t)
{
	return floor_div(t + WF_TZ_OFFSET, 86400);
}

int wf_weekday(int64_t day)
{
	return (int)((day % 7 + 7 + 4) % 7); /* 1970-01-01 was a Thursday */
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

int wf_cal_is_working(const struct wf_cal *cal, int64_t day)
{
	int wd = wf_weekday(day);

	if (wd == 0 || wd == 6)
		return 0;
	if (cal && cal->n &&
	    bsearch(&day, cal->days, cal->n, sizeof(int64_t), cmp_i64))
		return 0;
	return 1;
}

int64_t wf_cal_due(const struct wf_cal *cal, int64_t t, int ndays)
{
	int64_t day = wf_local_day(t);
	int count = 0;

	if (ndays < 1)
		ndays = 1;
	while (count < ndays) {
		day++;
		if (wf_cal_is_working(cal, day))
			count++;
	}
	return (day + 1) * 86400 - WF_TZ_OFFSET;
}

void wf_cal_free(struct wf_cal *cal)
{
	if (!cal)
		return;
	free(cal->days);
	cal->days = NULL;
	cal->n = 0;
}

int wf_cal_load(struct wf_cal *cal, netra_store *st)
{
	store_stmt *s = NULL;
	size_t cap = 0;
	int rc;

	memset(cal, 0, sizeof(*cal));
	rc = store_prepare(&s, st, "SELECT day FROM holidays");
	if (rc)
		goto done;
	while ((rc = store_step(s)) == STORE_ROW) {
		size_t len;
		const char *txt = store_column_text(s, 0, &len);
		int64_t day;

		if (wf_day_parse(&day, txt, len) != 0)
			continue; /* validated on import; skip a stray row */
		if (cal->n == cap) {
			size_t nc = cap ? cap * 2 : 32;
			int64_t *p = realloc(cal->days, nc * sizeof(*p));

			if (!p) {
				rc = err_oom();
				goto done;
			}
			cal->days = p;
			cap = nc;
		}
		cal->days[cal->n++] = day;
	}
	if (rc < 0)
		goto done;
	rc = 0;
	if (cal->n)
		qsort(cal->days, cal->n, sizeof(int64_t), cmp_i64);
done:
	store_finalize(s);
	if (rc)
		wf_cal_free(cal);
	return rc;
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

static int days_in_month(int64_t y, int m)
{
	static const int dm[] = {31, 28, 31, 30, 31, 30,
	                         31, 31, 30, 31, 30, 31};
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return m == 2 ? 28 + leap : dm[m - 1];
}

int wf_day_parse(int64_t *out, const char *s, size_t n)
{
	int y, m, d;

	*out = 0;
	if (n != 10 || s[4] != '-' || s[7] != '-' || digits(s, 4, &y) ||
	    digits(s + 5, 2, &m) || digits(s + 8, 2, &d) || m < 1 || m > 12 ||
	    d < 1 || d > days_in_month(y, m))
		return err_set(NETRA_EINVALID,
		               "'%.*s' is not a date YYYY-MM-DD",
		               (int)(n > 40 ? 40 : n), s);
	*out = days_from_civil(y, m, d);
	return 0;
}

void wf_day_format(char *buf, size_t size, int64_t day)
{
	int64_t y;
	int m, d;

	civil_from_days(day, &y, &m, &d);
	snprintf(buf, size, "%04lld-%02d-%02d", (long long)y, m, d);
}

void wf_time_format(char *buf, size_t size, int64_t t)
{
	int64_t day = wf_local_day(t), y;
	int64_t sec = t + WF_TZ_OFFSET - day * 86400;
	int m, d;

	civil_from_days(day, &y, &m, &d);
	snprintf(buf, size, "%04lld-%02d-%02dT%02d:%02d:%02d+07:00",
	         (long long)y, m, d, (int)(sec / 3600), (int)(sec / 60 % 60),
	         (int)(sec % 60));
}

/* Parses the zone suffix at p: "", "Z", "+HH:MM", "-HH:MM", "+HHMM". */
static int parse_zone(const char *p, int64_t *off)
{
	int hh, mm, sign;

	if (*p == '\0') {
		*off = WF_TZ_OFFSET;
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
	if (digits(p, 2, &mm) || p[2] != '\0' || hh > 23 || mm > 59)
		return -1;
	*off = sign * (int64_t)(hh * 3600 + mm * 60);
	return 0;
}

int wf_time_parse(int64_t *out, const char *s)
{
	int64_t day, off;
	int hh = 0, mi = 0, ss = 0;
	const char *p;
	size_t len = strlen(s);

	*out = 0;
	if (len && strspn(s, "0123456789") == len && len < 19) {
		*out = strtoll(s, NULL, 10);
		return 0;
	}
	if (len < 10 || wf_day_parse(&day, s, 10) != 0)
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
		}
		if (hh > 23 || mi > 59 || ss > 60)
			goto bad;
	}
	if (parse_zone(p, &off))
		goto bad;
	*out = day * 86400 + hh * 3600 + mi * 60 + ss - off;
	return 0;
bad:
	return err_set(NETRA_EINVALID,
	               "'%s' is not a time (Unix seconds, YYYY-MM-DD or "
	               "YYYY-MM-DDTHH:MM:SS[+07:00])",
	               s);
}

/* Imports one holiday line (already trimmed of its newline). */
static int import_line(store_stmt *ins, const char *path, size_t lineno,
                       const char *line, int *used)
{
	const char *name;
	int64_t day;
	int rc;

	*used = 0;
	while (*line == ' ' || *line == '\t')
		line++;
	if (*line == '\0' || *line == '#')
		return 0;
	if (strlen(line) < 10 || wf_day_parse(&day, line, 10) != 0 ||
	    (line[10] && line[10] != ' ' && line[10] != '\t'))
		return err_set(NETRA_EINVALID,
		               "%s:%zu: expected 'YYYY-MM-DD "
		               "name'",
		               path, lineno);
	name = line + 10;
	while (*name == ' ' || *name == '\t')
		name++;
	store_reset(ins);
	if ((rc = store_bind_text(ins, 1, line, 10)) ||
	    (rc = store_bind_text(ins, 2, name, (size_t)-1)))
		return rc;
	rc = store_step(ins);
	if (rc < 0)
		return err_wrap(rc, "%s:%zu", path, lineno);
	*used = 1;
	return 0;
}

int wf_holidays_import(netra_store *st, const char *path, size_t *count)
{
	store_stmt *ins = NULL;
	FILE *f = NULL;
	char line[512];
	size_t lineno = 0, n = 0;
	int rc, used;

	if (count)
		*count = 0;
	f = fopen(path, "r");
	if (!f)
		return err_set(NETRA_EIO, "%s: %s", path, strerror(errno));
	rc = store_begin_write(st);
	if (rc)
		goto done;
	rc = store_prepare(
	    &ins, st,
	    "INSERT INTO holidays(day, name) VALUES (?, ?) "
	    "ON CONFLICT (day) DO UPDATE SET name = excluded.name");
	while (!rc && fgets(line, sizeof(line), f)) {
		size_t len = strlen(line);

		lineno++;
		if (len + 1 == sizeof(line) && line[len - 1] != '\n' &&
		    !feof(f)) {
			/* the rest would be read as a line of its own */
			rc = err_set(NETRA_EINVALID,
			             "%s:%zu: line longer than %zu bytes", path,
			             lineno, sizeof(line) - 2);
			break;
		}
		while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = '\0';
		rc = import_line(ins, path, lineno, line, &used);
		n += (size_t)used;
	}
	if (!rc && ferror(f))
		rc = err_set(NETRA_EIO, "%s: read error", path);
	store_finalize(ins);
	rc = rc ? (store_rollback(st), rc) : store_commit(st);
	if (!rc && count)
		*count = n;
done:
	fclose(f);
	return rc;
}

int wf_deadline_days(netra_store *st, int *out)
{
	const char *args[] = {"workflow.deadline_days"};
	int64_t v = 0;
	int rc;

	*out = WF_DEADLINE_DAYS_DEFAULT;
	rc = store_query_int64(&v, st,
	                       "SELECT CAST(value AS INTEGER) FROM settings "
	                       "WHERE key = ?",
	                       args, 1);
	if (rc == NETRA_ENOTFOUND)
		return 0;
	if (rc)
		return rc;
	if (v >= 1 && v <= 365)
		*out = (int)v;
	return 0;
}

int wf_setting_set_int(netra_store *st, const char *key, int64_t v)
{
	store_stmt *s = NULL;
	char buf[32];
	int rc;

	snprintf(buf, sizeof(buf), "%lld", (long long)v);
	rc = store_prepare(
	    &s, st,
	    "INSERT INTO settings(key, value) VALUES (?, ?) "
	    "ON CONFLICT (key) DO UPDATE SET value = excluded.value");
	if (!rc && !(rc = store_bind_text(s, 1, key, (size_t)-1)) &&
	    !(rc = store_bind_text(s, 2, buf, (size_t)-1)))
		rc = store_step(s) < 0 ? NETRA_EIO : 0;
	store_finalize(s);
	return rc;
}
