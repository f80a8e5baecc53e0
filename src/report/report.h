/*
 * report/report.h - `netra report`: findings per unit (OPD), category and
 * state; time to first review; overdue; top rules; trend per day. As CSV
 * (one table, chosen with `table`) or as one self-contained HTML page in
 * Bahasa Indonesia with charts drawn as inline SVG.
 *
 * The report is scoped to a unit subtree (a unit code, or the acting
 * user's unit) and a date range on the event's time (when the post was
 * made; the finding's time where the event has none). A Bawaslu user's
 * report counts forwarded findings only, as everywhere else in netra. A
 * finding is overdue when it is open and now >= due_at (workflow's rule).
 * Days are civil days in the region's zone (wf_zone(): WIB, WITA, WIT).
 */
#ifndef NETRA_REPORT_REPORT_H
#define NETRA_REPORT_REPORT_H

#include <stdint.h>

#include "netra/store.h"

/* REPORT_HTML_BODY: the sections of the HTML page without <html>, <head>
 * and <style>, for a page of the web front end to embed (no inline style:
 * it passes a Content-Security-Policy of default-src 'self'). REPORT_JSON:
 * every table in one object (report_json.c; the web API's). */
enum report_format { REPORT_CSV, REPORT_HTML, REPORT_HTML_BODY, REPORT_JSON };
enum report_table { REPORT_UNITS, REPORT_RULES, REPORT_DAILY };

struct report_opts {
	int64_t from, to;       /* Unix seconds, inclusive; 0 = open */
	const char *unit_code;  /* NULL: the whole tree (or the user's) */
	const char *actor;      /* NULL: no user scoping (admin on the CLI) */
	enum report_format format;
	enum report_table table; /* CSV only */
	int64_t as_of;          /* 0: now; else the report as it stood at
	                           this time (findings made by then, their
	                           state, deadline and first review then) */
};

/* Builds the report. *out is malloc'd (NUL-terminated); the caller frees
 * it. Errors: NETRA_ENOTFOUND (unit or user), NETRA_EDENIED (unit outside
 * the user's subtree), NETRA_EIO. */
int report_build(char **out, netra_store *st, const struct report_opts *o);

#endif
