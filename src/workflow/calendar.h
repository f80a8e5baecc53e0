/*
 * workflow/calendar.h - working-day deadlines in Asia/Jakarta (UTC+7, no
 * daylight saving): weekends and the public holidays of the `holidays`
 * table are skipped. Also parses the times the workflow accepts (--now,
 * $NETRA_NOW, holiday files).
 */
#ifndef NETRA_WORKFLOW_CALENDAR_H
#define NETRA_WORKFLOW_CALENDAR_H

#include <stddef.h>
#include <stdint.h>

#include "netra/store.h"

#define WF_TZ_OFFSET             (7 * 3600) /* WIB */
#define WF_DEADLINE_DAYS_DEFAULT 3

/* Holidays as local day numbers (days since 1970-01-01), sorted. */
struct wf_cal {
	int64_t *days;
	size_t n;
};

/* Loads the holidays table into cal (zeroed first). Free with
 * wf_cal_free(). */
int wf_cal_load(struct wf_cal *cal, netra_store *st);
void wf_cal_free(struct wf_cal *cal);

/* The local (WIB) day number of time t, and the weekday of a day number
 * (0 = Sunday ... 6 = Saturday). */
int64_t wf_local_day(int64_t t);
int wf_weekday(int64_t day);

/* True if day is neither a Saturday, a Sunday nor a holiday. */
int wf_cal_is_working(const struct wf_cal *cal, int64_t day);

/* The deadline ndays working days after t: the end (next midnight, WIB)
 * of the ndays-th working day after the day of t. A finding is overdue
 * when now >= this. ndays < 1 counts as 1. */
int64_t wf_cal_due(const struct wf_cal *cal, int64_t t, int ndays);

/* Parses "YYYY-MM-DD" into a day number. 0 or NETRA_EINVALID. */
int wf_day_parse(int64_t *out, const char *s, size_t n);

/* Formats a day number as "YYYY-MM-DD" into buf (at least 11 bytes). */
void wf_day_format(char *buf, size_t size, int64_t day);

/* Formats time t as local ISO 8601 "YYYY-MM-DDTHH:MM:SS+07:00" into buf
 * (at least 26 bytes). */
void wf_time_format(char *buf, size_t size, int64_t t);

/* Parses a time: Unix seconds ("1727831700"), a date ("2024-10-02",
 * midnight WIB), or ISO 8601 "YYYY-MM-DDTHH:MM[:SS][Z|+HH:MM|-HH:MM]"
 * (no zone = WIB). 0 or NETRA_EINVALID. */
int wf_time_parse(int64_t *out, const char *s);

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
