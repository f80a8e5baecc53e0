/*
 * workflow/route.c - who reviews a finding: the nearest unit at or above
 * the employee's unit that has a reviewer (PP 94/2021 art. 26: the direct
 * superior examines first), the next one up when it is overdue, and BKPP
 * for verification. Ancestors are found through units.path ('/1/7/42/'):
 * a unit A is at or above U when U.path LIKE A.path || '%'. An
 * all-units bkpp user (user.h) stands above every tree: its unit is where
 * a finding goes when no reviewer lies above it, the top of escalation
 * and the BKPP that verifies. Also the deadline of an assignment and the
 * notification queue.
 */
#include "util/error.h"
#include "workflow/calendar.h"
#include "workflow/internal.h"

/* Runs one of the ancestor queries below: binds unit_id (and role when
 * not NULL) and reads the first id, 0 when there is no row. */
static int ancestor_query(int64_t *out, netra_store *st, const char *sql,
                          int64_t unit_id, const char *role)
{
	store_stmt *s = NULL;
	int rc;

	*out = 0;
	rc = store_prepare(&s, st, sql);
	if (rc)
		goto done;
	if ((rc = store_bind_int64(s, 1, unit_id)))
		goto done;
	if (role && (rc = store_bind_text(s, 2, role, (size_t)-1)))
		goto done;
	rc = store_step(s);
	if (rc == STORE_ROW)
		*out = store_column_int64(s, 0);
	rc = rc < 0 ? rc : 0;
done:
	store_finalize(s);
	return rc;
}

/* The reviewer queries walk the (small) users table, not the units: a
 * reviewer's unit a is at or above u when u.path starts with a.path. */
#define REVIEWERS                                                              \
	"SELECT a.id FROM units u JOIN users r ON r.active = 1 "               \
	"JOIN units a ON a.id = r.unit_id AND a.path <> '' "                   \
	"AND u.path LIKE a.path || '%' WHERE u.id = ? "

static const char sql_nearest_role[] =
    REVIEWERS "AND r.role = ? ORDER BY length(a.path) DESC LIMIT 1";

static const char sql_parent_reviewer[] =
    REVIEWERS "AND a.id <> u.id AND r.role IN ('opd', 'bkpp') "
              "ORDER BY length(a.path) DESC LIMIT 1";

/* The top of the unit's parent chain: a primary-key lookup per level. */
static const char sql_root[] =
    "WITH RECURSIVE up(id, parent_id, depth) AS (SELECT id, parent_id, 0 "
    "FROM units WHERE id = ? UNION ALL SELECT u.id, u.parent_id, "
    "up.depth + 1 FROM units u JOIN up ON u.id = up.parent_id WHERE "
    "up.depth < 64) SELECT id FROM up ORDER BY depth DESC LIMIT 1";

/* The unit of the first active all-units bkpp user, 0 if there is none. */
static int route_all_units_bkpp(int64_t *out, netra_store *st)
{
	store_stmt *s = NULL;
	int rc;

	*out = 0;
	rc = store_prepare(&s, st,
	                   "SELECT unit_id FROM users WHERE active = 1 AND "
	                   "role = 'bkpp' AND all_units = 1 AND unit_id IS NOT "
	                   "NULL ORDER BY id LIMIT 1");
	if (rc)
		goto done;
	rc = store_step(s);
	if (rc == STORE_ROW)
		*out = store_column_int64(s, 0);
	rc = rc < 0 ? rc : 0;
done:
	store_finalize(s);
	return rc;
}

/* The root of unit_id's path, or unit_id itself if it has no path. */
static int route_root(int64_t *out, netra_store *st, int64_t unit_id)
{
	int rc = ancestor_query(out, st, sql_root, unit_id, NULL);

	if (!rc && !*out)
		*out = unit_id;
	return rc;
}

int wf_route_reviewer(int64_t *out, netra_store *st, int64_t unit_id)
{
	int rc = ancestor_query(out, st, sql_nearest_role, unit_id, "opd");

	if (!rc && !*out)
		rc = ancestor_query(out, st, sql_nearest_role, unit_id, "bkpp");
	if (!rc && !*out)
		rc = route_all_units_bkpp(out, st);
	if (!rc && !*out)
		rc = route_root(out, st, unit_id);
	return rc;
}

/* The all-units BKPP unit is the top: nothing is above it, and above any
 * other unit that has no reviewer over it. */
int wf_route_parent_reviewer(int64_t *out, netra_store *st, int64_t unit_id)
{
	int64_t top = 0;
	int rc;

	*out = 0;
	if ((rc = route_all_units_bkpp(&top, st)) || top == unit_id)
		return rc;
	rc = ancestor_query(out, st, sql_parent_reviewer, unit_id, NULL);
	if (!rc && !*out)
		*out = top;
	return rc;
}

int wf_route_bkpp(int64_t *out, netra_store *st, int64_t unit_id)
{
	int rc = ancestor_query(out, st, sql_nearest_role, unit_id, "bkpp");

	if (!rc && !*out)
		rc = route_all_units_bkpp(out, st);
	if (!rc && !*out)
		rc = route_root(out, st, unit_id);
	return rc;
}

int wf_due_from(int64_t *out, netra_store *st, int64_t unit_id, int64_t now)
{
	struct wf_cal cal;
	int days, rc;

	*out = 0;
	if ((rc = wf_deadline_days(st, &days)))
		return rc;
	if ((rc = wf_cal_load(&cal, st)))
		return rc;
	if ((rc = wf_unit_zone(st, unit_id, &cal.off))) {
		wf_cal_free(&cal);
		return rc;
	}
	*out = wf_cal_due(&cal, now, days);
	wf_cal_free(&cal);
	return 0;
}

int wf_notify(netra_store *st, int64_t finding_id, const char *kind,
              int64_t unit_id, int64_t now)
{
	store_stmt *s = NULL;
	int rc;

	rc =
	    store_prepare(&s, st,
	                  "INSERT INTO notifications(finding_id, kind, unit_id,"
	                  " created_at) VALUES (?, ?, ?, ?)");
	if (rc)
		goto done;
	if ((rc = store_bind_int64(s, 1, finding_id)) ||
	    (rc = store_bind_text(s, 2, kind, (size_t)-1)) ||
	    (rc = store_bind_int64(s, 3, unit_id)) ||
	    (rc = store_bind_int64(s, 4, now)))
		goto done;
	rc = wf_step_done(s);
done:
	store_finalize(s);
	return rc;
}

/* Whether employee emp is an active reviewer (opd or bkpp user) of unit. */
static int is_reviewer_of(int *out, netra_store *st, int64_t emp, int64_t unit)
{
	store_stmt *s = NULL;
	int rc;

	*out = 0;
	rc = store_prepare(&s, st,
	                   "SELECT 1 FROM users WHERE active = 1 AND role IN "
	                   "('opd', 'bkpp') AND employee_id = ? AND "
	                   "unit_id = ? LIMIT 1");
	if (rc || (rc = store_bind_int64(s, 1, emp)) ||
	    (rc = store_bind_int64(s, 2, unit)))
		goto done;
	rc = store_step(s);
	*out = rc == STORE_ROW;
	rc = rc < 0 ? rc : 0;
done:
	store_finalize(s);
	return rc;
}

/* The unit of emp's supervisor (registry supervisor_key), 0 if none. */
static int supervisor_unit(int64_t *out, netra_store *st, int64_t emp)
{
	return ancestor_query(out, st,
	                      "SELECT s.unit_id FROM employees e JOIN "
	                      "employees s ON s.staff_key = e.supervisor_key "
	                      "AND s.id <> e.id WHERE e.id = ?",
	                      emp, NULL);
}

int wf_route_skip_employee(int64_t *unit, netra_store *st, int64_t emp)
{
	int64_t next = 0;
	int rc, conflict = 0, hops;

	if ((rc = is_reviewer_of(&conflict, st, emp, *unit)))
		return rc;
	for (hops = 0; conflict && hops < 64; hops++) {
		if ((rc = wf_route_parent_reviewer(&next, st, *unit)))
			return rc;
		if (!next || next == *unit)
			break;
		*unit = next;
		if ((rc = is_reviewer_of(&conflict, st, emp, *unit)))
			return rc;
	}
	return 0;
}

int wf_route_past_employee(int64_t *unit, netra_store *st, int64_t emp)
{
	int64_t sup = 0, next = 0;
	int rc, conflict = 0;

	if ((rc = is_reviewer_of(&conflict, st, emp, *unit)) || !conflict)
		return rc;
	/* the reviewer's own supervisor's unit reviews them */
	if ((rc = supervisor_unit(&sup, st, emp)))
		return rc;
	if (sup && (rc = wf_route_reviewer(&next, st, sup)))
		return rc;
	if (next)
		*unit = next;
	/* failing that (or the supervisor's reviewer is them again): the
	 * next reviewer up, as far as there is one */
	return wf_route_skip_employee(unit, st, emp);
}
