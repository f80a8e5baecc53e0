/*
 * workflow/calendar.h - working-day deadlines in the region's time zone
 * (WIB, WITA or WIT; no daylight saving): weekends and the public
 * holidays of the `holidays` table are skipped. The zone is the store's
 * setting 'region.timezone', which `netra scan` copies from the election
 * profile's `timezone` (default WIB), unless the unit that reviews a
 * finding (or a unit above it) has a zone of its own in the registry
 * (wf_unit_zone()). Dates and times themselves are
 * util/civiltime.h's.
 */
#ifndef NETRA_WORKFLOW_CALENDAR_H
#define NETRA_WORKFLOW_CALENDAR_H

#include <stddef.h>
#include <stdint.h>

#include "netra/store.h"
#include "util/civiltime.h"

#define WF_DEADLINE_DAYS_DEFAULT 3
#define WF_ZONE_KEY              "region.timezone"

/* Holidays as local day numbers (days since 1970-01-01), sorted, and the
 * region's zone as a UTC offset in seconds. */
struct wf_cal {
	int64_t *days;
	size_t n;
	int32_t off;
};

/* Loads the holidays table and the region's zone into cal (zeroed
 * first). Free with wf_cal_free(). */
int wf_cal_load(struct wf_cal *cal, netra_store *st);
void wf_cal_free(struct wf_cal *cal);

/* The local day number of time t in the calendar's zone (WIB when cal is
 * NULL). */
int64_t wf_local_day(const struct wf_cal *cal, int64_t t);

/* True if day is neither a Saturday, a Sunday nor a holiday. */
int wf_cal_is_working(const struct wf_cal *cal, int64_t day);

/* The deadline ndays working days after t: the end (next local midnight
 * in the calendar's zone) of the ndays-th working day after the day of t.
 * A finding is overdue when now >= this. ndays < 1 counts as 1. */
int64_t wf_cal_due(const struct wf_cal *cal, int64_t t, int ndays);

/* The region's zone: the 'region.timezone' setting as a UTC offset in
 * seconds (CIVIL_WIB when unset). */
int wf_zone(netra_store *st, int32_t *out);

/* The zone of unit unit_id: its own `timezone` (migration 019, set by the
 * registry import), else that of the nearest unit above it with one, else
 * the region's (wf_zone()). unit_id 0: the region's. */
int wf_unit_zone(netra_store *st, int64_t unit_id, int32_t *out);

/* As wf_unit_zone() for the unit with this code (NULL, "" or an unknown
 * code: the region's): the days of a report scoped to that unit. */
int wf_unit_code_zone(netra_store *st, const char *code, int32_t *out);

/* Sets the region's zone (a name civil_zone_parse() reads: WIB, WITA,
 * WIT, Asia/Makassar, ...). NETRA_EINVALID for another name. */
int wf_zone_set(netra_store *st, const char *name);

/* Reads a holiday file (one "YYYY-MM-DD name" per line; '#' comments and
 * blank lines skipped) into the holidays table, replacing the names of
 * days already there. *count (may be NULL) gets the number of lines
 * read. Errors name file:line. */
int wf_holidays_import(netra_store *st, const char *path, size_t *count);

/* The configured deadline in working days ('workflow.deadline_days' in
 * settings, default 3). */
int wf_deadline_days(netra_store *st, int *out);

/* Sets an integer setting. */
int wf_setting_set_int(netra_store *st, const char *key, int64_t v);

#endif
