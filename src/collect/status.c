/*
 * collect/status.c - the figures of `netra collect status` (collect_int.h):
 * per platform and per unit, accounts watched, last success, events
 * collected in the last day, errors, unreachable, possibly renamed and
 * silent accounts, so BKPP sees the gaps in coverage. One row of counts per account from the
 * store, summed here.
 *
 * Silent: the issue asks for accounts "whose median over the last four
 * weeks is at least one event a week, with nothing captured for two
 * weeks". Read literally (the four weeks ending now), two silent weeks
 * are two zeros among four and the median is at least one only when both
 * other weeks had two or more: an account that posted once a week and
 * stopped would never show. So the four weeks are those before the
 * silence: the median of the weekly counts of days 14-42 before now is at
 * least 1, and no event fell in the last 14 days (docs/collect.md). An
 * event counts at the time of the act (created_at), else of its capture
 * (likes and follows carry no time).
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "collect/collect_int.h"
#include "store/store.h"
#include "util/error.h"
#include "util/vec.h"
#include "workflow/finding.h"
#include "workflow/user.h"

#define DAY  86400
#define WEEK (7 * DAY)

#define EVENTS_OF "SELECT COUNT(*) FROM events e WHERE e.account_id = a.id" \
                  " AND e.source LIKE 'collect:%'"
#define ACT_TIME  "COALESCE(e.created_at, e.ingested_at)"

static const char rows_sql[] =
    "SELECT a.platform, u.code, u.name, a.status,"
    " COALESCE((SELECT MAX(ca.last_success) FROM collect_accounts ca"
    "  WHERE ca.account_id = a.id), 0),"
    " (" EVENTS_OF " AND e.ingested_at >= ?),"
    " (SELECT COUNT(*) FROM collect_errors x WHERE x.account_id = a.id"
    "  AND x.at >= ?),"
    " (" EVENTS_OF " AND " ACT_TIME " >= ?),"
    " (" EVENTS_OF " AND " ACT_TIME " >= ? AND " ACT_TIME " < ?),"
    " (" EVENTS_OF " AND " ACT_TIME " >= ? AND " ACT_TIME " < ?),"
    " (" EVENTS_OF " AND " ACT_TIME " >= ? AND " ACT_TIME " < ?),"
    " (" EVENTS_OF " AND " ACT_TIME " >= ? AND " ACT_TIME " < ?),"
    " u.path"
    " FROM accounts a JOIN employees emp ON emp.id = a.employee_id"
    " JOIN units u ON u.id = emp.unit_id"
    " WHERE a.active = 1 AND emp.active = 1"
    " ORDER BY a.platform, u.code";

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

/* Silent (see the top of the file): recent = events in the last 14
 * days, w[4] = the weekly counts of days 14-42 before now. */
static int silent(int64_t recent, const int64_t w[4])
{
	int64_t s[4];

	memcpy(s, w, sizeof(s));
	qsort(s, 4, sizeof(s[0]), cmp_i64);
	return recent == 0 && s[1] + s[2] >= 2; /* median >= 1 */
}

static struct collect_status_row *find(struct collect_status_row *rows,
                                       size_t n, const char *platform,
                                       const char *unit)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(rows[i].platform, platform) == 0 &&
		    strcmp(rows[i].unit, unit) == 0)
			return &rows[i];
	return NULL;
}

typedef VEC(struct collect_status_row) row_vec;

static struct collect_status_row *row_for(row_vec *v, const char *platform,
                                          const char *unit, const char *name,
                                          const char *path)
{
	struct collect_status_row r, *p = find(v->items, v->len, platform,
	                                       unit);

	if (p)
		return p;
	memset(&r, 0, sizeof(r));
	snprintf(r.platform, sizeof(r.platform), "%s", platform);
	snprintf(r.unit, sizeof(r.unit), "%s", unit);
	snprintf(r.unit_name, sizeof(r.unit_name), "%s", name);
	snprintf(r.unit_path, sizeof(r.unit_path), "%s", path);
	if (VEC_PUSH(v, r))
		return NULL;
	return &v->items[v->len - 1];
}

static void add(struct collect_status_row *r, int64_t last, int64_t ev,
                int64_t err, int unreachable, int quiet, int maybe_renamed)
{
	r->watched++;
	if (last > r->last_success)
		r->last_success = last;
	r->events_day += ev;
	r->errors_day += err;
	r->unreachable += unreachable;
	r->silent += quiet;
	r->maybe_renamed += maybe_renamed;
}

static int bind_times(store_stmt *s, int64_t now)
{
	int64_t v[13];
	int i, rc = 0, k;

	v[0] = now - DAY;
	v[1] = now - DAY;
	v[2] = now - 2 * WEEK;
	for (k = 0; k < 4; k++) {
		v[3 + 2 * k] = now - (int64_t)(3 + k) * WEEK;
		v[4 + 2 * k] = now - (int64_t)(2 + k) * WEEK;
	}
	for (i = 0; i < 11 && !rc; i++)
		rc = store_bind_int64(s, i + 1, v[i]);
	return rc;
}

static int platform_errors(row_vec *v, netra_store *st, int64_t now)
{
	struct collect_status_row *r;
	store_stmt *s = NULL;
	int rc;

	if ((rc = store_prepare(&s, st,
	                        "SELECT platform, COUNT(*) FROM collect_errors"
	                        " WHERE account_id IS NULL AND at >= ?"
	                        " GROUP BY platform")) ||
	    (rc = store_bind_int64(s, 1, now - DAY)))
		goto done;
	while ((rc = store_step(s)) == STORE_ROW) {
		if (!(r = row_for(v, store_column_text(s, 0, NULL), "", "",
		                  ""))) {
			rc = err_oom();
			break;
		}
		r->errors_day += store_column_int64(s, 1);
	}
done:
	store_finalize(s);
	return rc < 0 ? rc : 0;
}

int collect_status_rows(struct collect_status_row **out, size_t *n,
                        netra_store *st, int64_t now)
{
	row_vec v = VEC_INIT;
	struct collect_status_row *tot, *unit;
	store_stmt *s = NULL;
	const char *platform, *status;
	int64_t w[4];
	int rc, unreach, quiet, maybe, k;

	*out = NULL;
	*n = 0;
	if ((rc = store_prepare(&s, st, rows_sql)) ||
	    (rc = bind_times(s, now)))
		goto done;
	while ((rc = store_step(s)) == STORE_ROW) {
		platform = store_column_text(s, 0, NULL);
		status = store_column_text(s, 3, NULL);
		if (!(tot = row_for(&v, platform, "", "", "")) ||
		    !(unit = row_for(&v, platform, store_column_text(s, 1, NULL),
		                     store_column_text(s, 2, NULL),
		                     store_column_text(s, 12, NULL))) ||
		    !(tot = find(v.items, v.len, platform, ""))) {
			rc = err_oom();
			break;
		}
		for (k = 0; k < 4; k++)
			w[k] = store_column_int64(s, 8 + k);
		unreach = strcmp(status, "private") == 0 ||
		          strcmp(status, "suspended") == 0 ||
		          strcmp(status, "gone") == 0;
		maybe = strcmp(status, "maybe_renamed") == 0;
		quiet = !unreach && !maybe &&
		        silent(store_column_int64(s, 7), w);
		add(tot, store_column_int64(s, 4), store_column_int64(s, 5),
		    store_column_int64(s, 6), unreach, quiet, maybe);
		add(unit, store_column_int64(s, 4), store_column_int64(s, 5),
		    store_column_int64(s, 6), unreach, quiet, maybe);
	}
	store_finalize(s);
	s = NULL;
	if (rc < 0 || (rc = platform_errors(&v, st, now)))
		goto done;
	*out = v.items;
	*n = v.len;
	v.items = NULL;
done:
	store_finalize(s);
	VEC_FREE(&v);
	return rc < 0 ? rc : 0;
}

/* Sums unit row r into total t (watched, events, ... ; newest success). */
static void sum_into(struct collect_status_row *t,
                     const struct collect_status_row *r)
{
	t->watched += r->watched;
	if (r->last_success > t->last_success)
		t->last_success = r->last_success;
	t->events_day += r->events_day;
	t->errors_day += r->errors_day;
	t->unreachable += r->unreachable;
	t->silent += r->silent;
	t->maybe_renamed += r->maybe_renamed;
}

int collect_status_scoped(struct collect_status_row **out, size_t *n,
                          netra_store *st, const char *actor, int64_t now)
{
	struct collect_status_row *all = NULL, *tot = NULL;
	size_t na = 0, i, k = 0;
	int64_t unit_errors = 0;
	struct wf_user u;
	int rc;

	*out = NULL;
	*n = 0;
	if ((rc = wf_user_get(&u, st, actor)) ||
	    (rc = collect_status_rows(&all, &na, st, now)))
		return rc;
	/* in place: rows are platform total first, then its units */
	for (i = 0; i < na; i++) {
		if (!all[i].unit[0]) {
			if (tot && !tot->watched)
				k--; /* no unit of the last platform in scope */
			else if (tot && u.all_units)
				tot->errors_day += unit_errors;
			unit_errors = all[i].errors_day;
			all[k] = all[i];
			memset(&all[k].watched, 0,
			       sizeof(all[k]) -
			           offsetof(struct collect_status_row, watched));
			tot = &all[k++];
			continue;
		}
		unit_errors -= all[i].errors_day;
		if (!tot || !wf_in_subtree(all[i].unit_path, u.unit_path))
			continue;
		sum_into(tot, &all[i]);
		all[k++] = all[i];
	}
	if (tot && !tot->watched)
		k--;
	else if (tot && u.all_units)
		tot->errors_day += unit_errors;
	*out = all;
	*n = k;
	return 0;
}
