/*
 * workflow/view.c - the queue of findings a user may see: `netra finding
 * list` and the web's queue call wf_finding_list() with one filter struct
 * and get one page of rows plus the total count, as JSON data (no personal
 * data: ids, states, units, rules, deadlines). Scoped in SQL to the user's
 * unit subtree, never a finding about the user's own employee; bawaslu
 * users see forwarded findings only. Each front end renders the rows.
 * Counts come from per-unit counters and pages from one index per sort
 * order (migration 012), so a page costs about the same at 300,000
 * findings as at 3,000 (bench/results/web.txt).
 */
#include "workflow/finding.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "util/error.h"
#include "util/sbuf.h"
#include "workflow/calendar.h"
#include "workflow/internal.h"
#include "workflow/user.h"

static const char *const all_states[] = {
    "baru",    "ditinjau_opd", "dikonfirmasi_opd", "diverifikasi_bkpp",
    "ditolak", "diteruskan",   "selesai"};

static int known_state(const char *s)
{
	size_t i;

	for (i = 0; i < sizeof(all_states) / sizeof(all_states[0]); i++)
		if (strcmp(s, all_states[i]) == 0)
			return 1;
	return 0;
}

json_t *wf_json_time(int64_t t, int32_t off)
{
	char buf[32];

	if (!t)
		return json_null();
	civil_time_format(buf, sizeof(buf), t, off);
	return json_string(buf);
}

json_t *wf_json_col(store_stmt *s, int col)
{
	if (store_column_is_null(s, col))
		return json_null();
	return json_string(store_column_text(s, col, NULL));
}

json_t *wf_json_col_int(store_stmt *s, int col)
{
	if (store_column_is_null(s, col))
		return json_null();
	return json_integer(store_column_int64(s, col));
}

/* The path of unit code, which must lie in the user's subtree. */
static int filter_unit_path(char *path, size_t size, netra_store *st,
                            const struct wf_user *u, const char *code)
{
	store_stmt *s = NULL;
	size_t len;
	const char *p;
	int rc;

	rc = store_prepare(&s, st, "SELECT path FROM units WHERE code = ?");
	if (rc || (rc = store_bind_text(s, 1, code, (size_t)-1)))
		goto done;
	rc = store_step(s);
	if (rc == STORE_DONE) {
		rc = err_set(NETRA_ENOTFOUND, "no unit with code '%s'", code);
		goto done;
	}
	if (rc < 0)
		goto done;
	p = store_column_text(s, 0, &len);
	if (len == 0 || len >= size || !wf_in_subtree(p, u->unit_path)) {
		/* the same answer as a unit that does not exist */
		rc = err_set(NETRA_ENOTFOUND, "no unit with code '%s'", code);
		goto done;
	}
	memcpy(path, p, len + 1);
	rc = 0;
done:
	store_finalize(s);
	return rc;
}

static const char *const sort_names[WF_NSORTS] = {
    "id", "due", "created", "severity", "unit", "state"};

/* How a page is read. The indexes of migration 012 lead with each sort
 * key (then the id) and hold the columns the scope and filters test.
 *  - WALK: down the sort order's index, testing each entry, until the
 *    page is full: the scope and filter terms are written so that no
 *    index serves them (`x + 0`, `x || ''`), which leaves the sort index
 *    as the only way. Cheap when many findings match: about
 *    (offset + limit) * all / matching entries are read.
 *  - SORT: the matching findings through the scope's or filter's index,
 *    then sorted; the ORDER BY key is written so that no index serves
 *    it. Cheap when few findings match.
 *  - UNITS: the unit sort: units in code order (inside the scope), each
 *    unit's findings in id order (findings_by_unit); nothing is sorted.
 * wf_finding_list picks WALK or SORT from the counts it has anyway. */
enum plan { PLAN_WALK, PLAN_SORT, PLAN_UNITS };

/* ORDER BY keys per sort (before the id tie-break), as the index has
 * them (walk) and as no index has them (sort). */
static const char *const walk_key[WF_NSORTS] = {
    "",
    "COALESCE(f.due_at, 9223372036854775807) %s, ",
    "f.created_at %s, ",
    ("CASE f.severity WHEN 'tinggi' THEN 3 WHEN 'sedang' THEN 2 "
     "WHEN 'rendah' THEN 1 ELSE 0 END %s, "),
    "u.code %s, ",
    "f.state %s, "};
static const char *const sort_key[WF_NSORTS] = {
    "",
    "COALESCE(f.due_at, 9223372036854775807) + 0 %s, ",
    "f.created_at + 0 %s, ",
    ("(CASE f.severity WHEN 'tinggi' THEN 3 WHEN 'sedang' THEN 2 "
     "WHEN 'rendah' THEN 1 ELSE 0 END) + 0 %s, "),
    "u.code %s, ",
    "f.state || '' %s, "};

const char *wf_sort_name(enum wf_sort s)
{
	return (unsigned)s < WF_NSORTS ? sort_names[s] : "?";
}

int wf_sort_parse(const char *name)
{
	int i;

	for (i = 0; i < WF_NSORTS; i++)
		if (strcmp(name, sort_names[i]) == 0)
			return i;
	return -1;
}

static const char *const categories[] = {"support", "attack", "hate_speech",
                                         "hoax"};

static int known_category(const char *c)
{
	size_t i;

	for (i = 0; i < sizeof(categories) / sizeof(categories[0]); i++)
		if (strcmp(c, categories[i]) == 0)
			return 1;
	return 0;
}

/* The scope and filter terms (" AND ..."), on the rows of table alias t
 * ("f" findings, "c" finding_counts), for plan p; their parameters are
 * bound by bind_filter() in the same order. The scope is a set of unit
 * ids (`unit_id IN (units below the path)`), except for the unit sort,
 * where it is the path of the outer units row; a user of every unit
 * needs no scope term. */
static int filter_sql(struct sbuf *q, const struct wf_user *u,
                      const struct wf_list_filter *f, const char *unit_path,
                      const char *t, enum plan p)
{
	const char *unit_in = p == PLAN_UNITS ? " AND u.path LIKE ? || '%%'"
	                      : p == PLAN_WALK
	                          ? " AND %s.unit_id + 0 IN (SELECT id FROM "
	                            "units WHERE path LIKE ? || '%%')"
	                          : " AND %s.unit_id IN (SELECT id FROM units "
	                            "WHERE path LIKE ? || '%%')";
	const char *text = p == PLAN_WALK ? " || ''" : "";
	int rc = 0;

	if (!u->all_units)
		rc = sbuf_printf(q, unit_in, t);
	if (!rc && u->role == WF_ROLE_BAWASLU)
		rc = sbuf_printf(q, " AND %s.state%s IN ('diteruskan', "
		                    "'selesai')",
		                 t, text);
	if (!rc && f->state)
		rc = sbuf_printf(q, " AND %s.state%s = ?", t, text);
	if (!rc && f->category)
		rc = sbuf_printf(q, " AND %s.category%s = ?", t, text);
	if (!rc && unit_path)
		rc = sbuf_printf(q, unit_in, t);
	if (!rc && f->overdue)
		rc = sbuf_printf(q, " AND %s.state%s IN ('baru', "
		                    "'ditinjau_opd', 'dikonfirmasi_opd', "
		                    "'diverifikasi_bkpp') AND %s.due_at%s <= ?",
		                 t, text, t, p == PLAN_WALK ? " + 0" : "");
	return rc;
}

static int bind_filter(store_stmt *s, int *i, const struct wf_user *u,
                       const struct wf_list_filter *f, const char *unit_path,
                       int64_t now)
{
	int rc = u->all_units
	             ? 0
	             : store_bind_text(s, (*i)++, u->unit_path, (size_t)-1);

	if (!rc && f->state)
		rc = store_bind_text(s, (*i)++, f->state, (size_t)-1);
	if (!rc && f->category)
		rc = store_bind_text(s, (*i)++, f->category, (size_t)-1);
	if (!rc && unit_path)
		rc = store_bind_text(s, (*i)++, unit_path, (size_t)-1);
	if (!rc && f->overdue)
		rc = store_bind_int64(s, (*i)++, now);
	return rc;
}

/* *out = the one integer of query head + the filter terms; emp (when
 * not 0) is bound first. */
static int count_query(int64_t *out, netra_store *st, const char *head,
                       int64_t emp, const struct wf_user *u,
                       const struct wf_list_filter *f, const char *unit_path,
                       const char *t, int64_t now)
{
	struct sbuf q = SBUF_INIT;
	store_stmt *s = NULL;
	int rc, i = 1;

	*out = 0;
	rc = sbuf_puts(&q, head);
	if (!rc)
		rc = filter_sql(&q, u, f, unit_path, t, PLAN_SORT);
	if (rc || (rc = store_prepare(&s, st, q.data)) ||
	    (emp && (rc = store_bind_int64(s, i++, emp))) ||
	    (rc = bind_filter(s, &i, u, f, unit_path, now)))
		goto done;
	rc = store_step(s);
	if (rc == STORE_ROW)
		*out = store_column_int64(s, 0), rc = 0;
	rc = rc < 0 ? rc : 0;
done:
	store_finalize(s);
	sbuf_free(&q);
	return rc;
}

/* *out = the number of findings matching the filter; *all = the number
 * of findings in the store. Without the time-dependent overdue filter
 * the count is a sum of finding_counts (kept by triggers, migration 012)
 * less the user's own findings (findings_employee); with it, a count of
 * the open findings by deadline (findings_due). */
static int list_count(int64_t *out, int64_t *all, netra_store *st,
                      const struct wf_user *u, const struct wf_list_filter *f,
                      const char *unit_path, int64_t now)
{
	static const struct wf_list_filter none;
	struct wf_user every = {0};
	int64_t own = 0;
	int rc;

	every.all_units = 1;
	if ((rc = count_query(all, st, "SELECT CAST(COALESCE(SUM(c.n), 0) AS BIGINT) FROM "
	                                "finding_counts c WHERE 1 = 1",
	                      0, &every, &none, NULL, "c", now)))
		return rc;
	if (f->overdue)
		/* ids start at 1: 0 excludes nothing for a user with none */
		return count_query(out, st, "SELECT COUNT(*) FROM findings f "
		                            "WHERE f.employee_id <> ?",
		                   u->employee_id ? u->employee_id : -1, u, f,
		                   unit_path, "f", now);
	if ((rc = count_query(out, st, "SELECT CAST(COALESCE(SUM(c.n), 0) AS BIGINT) FROM "
	                               "finding_counts c WHERE 1 = 1",
	                      0, u, f, unit_path, "c", now)))
		return rc;
	if (u->employee_id &&
	    (rc = count_query(&own, st, "SELECT COUNT(*) FROM findings f "
	                                "WHERE f.employee_id = ?",
	                      u->employee_id, u, f, unit_path, "f", now)))
		return rc;
	*out -= own;
	return 0;
}

/* WALK when walking the index to the end of the page reads fewer entries
 * than fetching and sorting every matching finding (about four times
 * dearer per row, as each is read from the table). */
static enum plan pick_plan(const struct wf_list_filter *f, int64_t limit,
                           int64_t matching, int64_t all)
{
	double walk, sort;

	if (f->sort == WF_SORT_UNIT)
		return PLAN_UNITS;
	if (matching <= 0)
		return PLAN_SORT;
	walk = (double)(f->offset + limit) * (double)all / (double)matching;
	sort = 4.0 * (double)matching;
	return walk <= sort ? PLAN_WALK : PLAN_SORT;
}

/* Builds and binds the query of one page. */
static int list_query(store_stmt **out, netra_store *st,
                      const struct wf_user *u, const struct wf_list_filter *f,
                      const char *unit_path, int64_t limit, int64_t now,
                      enum plan p)
{
	const char *dir = f->desc ? "DESC" : "ASC";
	struct sbuf q = SBUF_INIT;
	int rc, i = 1;

	*out = NULL;
	rc = sbuf_puts(&q, "SELECT f.id, f.state, u.code, a.code, f.category, "
	                   "f.rule, f.severity, f.candidate, f.due_at, "
	                   "f.created_at, f.group_id, f.escalations, u.path");
	/* CROSS JOIN keeps units the outer loop in SQLite */
	if (!rc)
		rc = sbuf_puts(&q,
		               p == PLAN_UNITS
		                   ? " FROM units u CROSS JOIN findings f LEFT "
		                     "JOIN units a ON a.id = f.assigned_unit_id "
		                     "WHERE f.unit_id = u.id AND f.employee_id "
		                     "<> ?"
		                   : " FROM findings f JOIN units u ON u.id = "
		                     "f.unit_id LEFT JOIN units a ON a.id = "
		                     "f.assigned_unit_id WHERE f.employee_id <> ?");
	if (!rc)
		rc = filter_sql(&q, u, f, unit_path, "f", p);
	if (!rc)
		rc = sbuf_puts(&q, " ORDER BY ");
	if (!rc)
		rc = sbuf_printf(&q, (p == PLAN_SORT ? sort_key : walk_key)[f->sort],
		                 dir);
	if (!rc)
		rc = sbuf_printf(&q, "%s %s LIMIT ? OFFSET ?",
		                 p == PLAN_SORT ? "f.id + 0" : "f.id", dir);
	if (rc || (rc = store_prepare(out, st, q.data)))
		goto done;
	/* ids start at 1: -1 excludes nothing for a user with no employee */
	rc = store_bind_int64(*out, i++,
	                      u->employee_id ? u->employee_id : -1);
	if (!rc)
		rc = bind_filter(*out, &i, u, f, unit_path, now);
	if (!rc)
		rc = store_bind_int64(*out, i++, limit);
	if (!rc)
		rc = store_bind_int64(*out, i++, f->offset);
done:
	sbuf_free(&q);
	return rc;
}

static int is_overdue(const char *state, int64_t due, int64_t now)
{
	return due && wf_state_is_open(state) && now >= due;
}

/* The codes of the units on path ('/1/7/42/'), root first, as a JSON
 * array: where a finding sits in the organisation, for a front end that
 * groups or filters by a unit above the employee's. */
static json_t *unit_chain(netra_store *st, const char *path)
{
	json_t *arr = json_array();
	store_stmt *s = NULL;
	const char *p = path;
	char *end;
	long long id;

	while (arr && *p) {
		if (*p == '/') {
			p++;
			continue;
		}
		id = strtoll(p, &end, 10);
		if (end == p)
			break;
		p = end;
		if (store_prepare(&s, st, "SELECT code FROM units WHERE id = ?") ||
		    store_bind_int64(s, 1, id) || store_step(s) != STORE_ROW ||
		    json_array_append_new(
		        arr, json_string(store_column_text(s, 0, NULL)))) {
			store_finalize(s);
			json_decref(arr);
			return NULL;
		}
		store_finalize(s);
		s = NULL;
	}
	return arr;
}

static json_t *list_row(netra_store *st, store_stmt *s, int64_t now,
                        int32_t off)
{
	const char *state = store_column_text(s, 1, NULL);
	int64_t due = store_column_int64(s, 8);
	json_t *chain = unit_chain(st, store_column_text(s, 12, NULL));

	if (!chain)
		return NULL;
	return json_pack(
	    "{s:I, s:s, s:s, s:o, s:o, s:s, s:s, s:s, s:o, s:o, "
	    "s:b, s:o, s:o, s:I}",
	    "id", (json_int_t)store_column_int64(s, 0), "state", state, "unit",
	    store_column_text(s, 2, NULL), "unit_chain", chain,
	    "assigned_unit", wf_json_col(s, 3), "category",
	    store_column_text(s, 4, NULL), "rule",
	    store_column_text(s, 5, NULL), "severity",
	    store_column_text(s, 6, NULL), "candidate", wf_json_col_int(s, 7),
	    "due_at", wf_json_time(due, off), "overdue",
	    is_overdue(state, due, now), "created_at",
	    wf_json_time(store_column_int64(s, 9), off), "group_id",
	    wf_json_col(s, 10), "escalations",
	    (json_int_t)store_column_int64(s, 11));
}

static int check_filter(const struct wf_list_filter *f)
{
	if (f->state && !known_state(f->state))
		return err_set(NETRA_EINVALID, "unknown state '%s'", f->state);
	if (f->category && !known_category(f->category))
		return err_set(NETRA_EINVALID,
		               "unknown category '%s' (support, "
		               "attack, hate_speech, hoax)",
		               f->category);
	if ((unsigned)f->sort >= WF_NSORTS)
		return err_set(NETRA_EINVALID, "unknown sort order");
	if (f->limit < 0 || f->limit > WF_LIST_MAX)
		return err_set(NETRA_EINVALID, "limit %lld: use 1 to %d",
		               (long long)f->limit, WF_LIST_MAX);
	if (f->offset < 0)
		return err_set(NETRA_EINVALID, "offset %lld is negative",
		               (long long)f->offset);
	return 0;
}

/* Fills page (an object) with the rows of the query. */
static int list_rows(json_t *page, netra_store *st, store_stmt *s, int64_t now)
{
	json_t *arr = json_array(), *row;
	int32_t off;
	int rc;

	if (!arr || json_object_set_new(page, "findings", arr))
		return err_oom();
	if ((rc = wf_zone(st, &off)))
		return rc;
	while ((rc = store_step(s)) == STORE_ROW) {
		row = list_row(st, s, now, off);
		if (!row || json_array_append_new(arr, row))
			return err_oom();
	}
	if (rc < 0)
		return rc;
	if (json_object_set_new(page, "count",
	                        json_integer((json_int_t)json_array_size(arr))))
		return err_oom();
	return 0;
}

int wf_finding_list(json_t **out, netra_store *st, const char *actor,
                    const struct wf_list_filter *flt)
{
	char unit_path[256];
	const char *up = NULL;
	store_stmt *s = NULL;
	json_t *page = NULL;
	struct wf_user u;
	int64_t now = flt->now ? flt->now : wf_now(), total = 0, all = 0;
	int64_t limit = flt->limit ? flt->limit : WF_LIST_LIMIT;
	int rc;

	*out = NULL;
	if ((rc = check_filter(flt)) || (rc = wf_user_get(&u, st, actor)))
		goto done;
	if (flt->unit_code) {
		if ((rc = filter_unit_path(unit_path, sizeof(unit_path), st, &u,
		                           flt->unit_code)))
			goto done;
		up = unit_path;
	}
	if ((rc = list_count(&total, &all, st, &u, flt, up, now)) ||
	    (rc = list_query(&s, st, &u, flt, up, limit, now,
	                     pick_plan(flt, limit, total, all))))
		goto done;
	page = json_pack("{s:I, s:I, s:I}", "total", (json_int_t)total,
	                 "offset", (json_int_t)flt->offset, "limit",
	                 (json_int_t)limit);
	if (!page) {
		rc = err_oom();
		goto done;
	}
	if ((rc = list_rows(page, st, s, now)))
		goto done;
	*out = page;
	page = NULL;
done:
	store_finalize(s);
	json_decref(page);
	return rc;
}
