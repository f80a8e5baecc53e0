/*
 * workflow/calendar.c - working days for deadlines in the region's time
 * zone, the holidays table and its import, the region's zone and the
 * workflow settings. Day and time arithmetic is util/civiltime.c's.
 */
#include "workflow/calendar.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store.h"
#include "util/civiltime.h"
#include "util/error.h"

int64_t wf_local_day(const struct wf_cal *cal, int64_t t)
{
	return civil_day_of(t, cal ? cal->off : CIVIL_WIB);
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

int wf_cal_is_working(const struct wf_cal *cal, int64_t day)
{
	int wd = civil_weekday(day);

	if (wd == 0 || wd == 6)
		return 0;
	if (cal && cal->n &&
	    bsearch(&day, cal->days, cal->n, sizeof(int64_t), cmp_i64))
		return 0;
	return 1;
}

int64_t wf_cal_due(const struct wf_cal *cal, int64_t t, int ndays)
{
	int64_t day = wf_local_day(cal, t);
	int count = 0;

	if (ndays < 1)
		ndays = 1;
	while (count < ndays) {
		day++;
		if (wf_cal_is_working(cal, day))
			count++;
	}
	return civil_day_start(day + 1, cal ? cal->off : CIVIL_WIB);
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
	if ((rc = wf_zone(st, &cal->off)))
		return rc;
	rc = store_prepare(&s, st, "SELECT day FROM holidays");
	if (rc)
		goto done;
	while ((rc = store_step(s)) == STORE_ROW) {
		size_t len;
		const char *txt = store_column_text(s, 0, &len);
		int64_t day;

		if (civil_day_parse(&day, txt, len) != 0)
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
	if (strlen(line) < 10 || civil_day_parse(&day, line, 10) != 0 ||
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

/* Sets settings[key] = value (inserted or replaced). */
static int setting_set(netra_store *st, const char *key, const char *value)
{
	store_stmt *s = NULL;
	int rc;

	rc = store_prepare(
	    &s, st,
	    "INSERT INTO settings(key, value) VALUES (?, ?) "
	    "ON CONFLICT (key) DO UPDATE SET value = excluded.value");
	if (!rc && !(rc = store_bind_text(s, 1, key, (size_t)-1)) &&
	    !(rc = store_bind_text(s, 2, value, (size_t)-1)))
		rc = store_step(s) < 0 ? NETRA_EIO : 0;
	store_finalize(s);
	return rc;
}

int wf_setting_set_int(netra_store *st, const char *key, int64_t v)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%lld", (long long)v);
	return setting_set(st, key, buf);
}

int wf_zone(netra_store *st, int32_t *out)
{
	const char *args[] = {WF_ZONE_KEY};
	store_stmt *s = NULL;
	int rc;

	*out = CIVIL_WIB;
	rc = store_prepare(&s, st, "SELECT value FROM settings WHERE key = ?");
	if (rc || (rc = store_bind_text(s, 1, args[0], (size_t)-1)))
		goto done;
	rc = store_step(s);
	if (rc == STORE_ROW) {
		const char *v = store_column_text(s, 0, NULL);

		/* validated when set; a stray value keeps WIB */
		if (v && civil_zone_parse(out, v) != 0)
			*out = CIVIL_WIB;
	}
	rc = rc < 0 ? rc : 0;
done:
	store_finalize(s);
	return rc;
}

int wf_unit_zone(netra_store *st, int64_t unit_id, int32_t *out)
{
	store_stmt *s = NULL;
	int rc;

	if ((rc = wf_zone(st, out)) || !unit_id)
		return rc;
	/* up the parent chain from the unit, stopping at the first zone:
	 * a primary-key lookup per level (a LIKE over units.path of every
	 * unit was a tenth of a scan's CPU, run for each finding) */
	rc = store_prepare(&s, st,
	                   "WITH RECURSIVE up(id, parent_id, timezone, depth) "
	                   "AS (SELECT id, parent_id, timezone, 0 FROM units "
	                   "WHERE id = ? UNION ALL SELECT u.id, u.parent_id, "
	                   "u.timezone, up.depth + 1 FROM units u JOIN up ON "
	                   "u.id = up.parent_id WHERE up.timezone IS NULL AND "
	                   "up.depth < 64) SELECT timezone FROM up WHERE "
	                   "timezone IS NOT NULL ORDER BY depth LIMIT 1");
	if (rc || (rc = store_bind_int64(s, 1, unit_id)))
		goto done;
	rc = store_step(s);
	/* checked by the registry import; a stray value keeps the region's */
	if (rc == STORE_ROW &&
	    civil_zone_parse(out, store_column_text(s, 0, NULL)) != 0)
		rc = wf_zone(st, out);
	rc = rc < 0 ? rc : 0;
done:
	store_finalize(s);
	return rc;
}

int wf_unit_code_zone(netra_store *st, const char *code, int32_t *out)
{
	store_stmt *s = NULL;
	int64_t id = 0;
	int rc;

	if (!code || !*code)
		return wf_zone(st, out);
	if ((rc = store_prepare(&s, st, "SELECT id FROM units WHERE code = ?")) ||
	    (rc = store_bind_text(s, 1, code, (size_t)-1)))
		goto done;
	if ((rc = store_step(s)) == STORE_ROW)
		id = store_column_int64(s, 0);
	rc = rc < 0 ? rc : 0;
done:
	store_finalize(s);
	return rc ? rc : wf_unit_zone(st, id, out);
}

int wf_zone_set(netra_store *st, const char *name)
{
	int32_t off;
	int rc = civil_zone_parse(&off, name);

	return rc ? rc : setting_set(st, WF_ZONE_KEY, name);
}
