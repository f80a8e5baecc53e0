/*
 * report/report_int.h - the tallies a report is drawn from, shared by the
 * gathering (report.c) and the renderers (report_render.c).
 */
#ifndef NETRA_REPORT_INT_H
#define NETRA_REPORT_INT_H

#include <stdint.h>

#include "report/report.h"
#include "util/sbuf.h"
#include "util/strmap.h"
#include "util/vec.h"

#define NCAT 4
#define NSTATE 7

/* Category and state keys (as stored) and their Indonesian names. */
extern const char *const report_cat_key[NCAT];
extern const char *const report_cat_name[NCAT];
extern const char *const report_cat_color[NCAT];
extern const char *const report_state_key[NSTATE];
extern const char *const report_state_name[NSTATE];

struct tally {
	int64_t unit_id;
	char code[64], name[160];
	uint64_t cat[NCAT], state[NSTATE], overdue, total;
	uint64_t reviewed;    /* findings with a first review */
	double review_median; /* hours from creation to it (if reviewed) */
};

/* One reviewed finding: its tally (index in units before sorting) and the
 * hours from creation to its first review. */
struct unit_hours {
	size_t unit;
	double hours;
};

struct rule_count {
	const char *rule; /* owned by report.rules */
	int64_t count;
};

struct report {
	const struct report_opts *opts;
	char scope_name[160];     /* the unit the report covers, or "" */
	int forwarded_only;       /* a Bawaslu user's: forwarded findings */
	int64_t now;              /* the time the report is as of */
	int32_t off;              /* the region's zone (UTC offset) */
	VEC(struct tally) units;  /* sorted by total, descending */
	struct strmap unit_index; /* unit id -> index in units */
	struct strmap rules;      /* rule -> count */
	VEC(struct rule_count) top_rules; /* sorted by count, descending */
	struct strmap days;       /* local day number -> index in day_num */
	VEC(int64_t) day_num;     /* days since 1970-01-01, region's zone */
	VEC(uint64_t) day_cat;    /* NCAT counts per entry of day_num */
	uint64_t cat[NCAT], state[NSTATE], overdue, total;
	VEC(double) review_hours; /* hours to first review, sorted */
	VEC(struct unit_hours) unit_hours; /* the same per unit */
};

/* "YYYY-MM-DD" of a local day number. */
void report_day_format(char *buf, size_t size, int64_t day);

int report_render_csv(struct sbuf *b, const struct report *r,
		      enum report_table table);
int report_render_html(struct sbuf *b, const struct report *r);
int report_render_html_body(struct sbuf *b, const struct report *r);
int report_render_json(struct sbuf *b, const struct report *r);

#endif
