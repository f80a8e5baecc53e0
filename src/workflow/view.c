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

/* The sort key of each order (the id breaks ties), as the index has it
 * (walk, units) and as no index has it (sort). */
#define SEVERITY_RANK                                                      \
	"CASE f.severity WHEN 'tinggi' THEN 3 WHEN 'sedang' THEN 2 "       \
	"WHEN 'rendah' THEN 1 ELSE 0 END"
static const char *const walk_key[WF_NSORTS] = {
    "f.id", "COALESCE(f.due_at, 9223372036854775807)", "f.created_at",
    SEVERITY_RANK, "u.code", "f.state"};
static const char *const sort_key[WF_NSORTS] = {
    "f.id + 0", "COALESCE(f.due_at, 9223372036854775807) + 0",
    "f.created_at + 0", "(" SEVERITY_RANK ") + 0", "u.code",
    "f.state || ''"};

/* A page after a cursor is read in parts (enum part): in the walking
 * plans, first the rows that tie with the cursor's key (key = K, id
 * after I, walked in id order), then the rows past the key (key after
 * K, in key and id order): each is one seek into the sort index, where
 * a single `(key, id) > (K, I)` would not seek on an index expression
 * in SQLite. The sort plan reads its few rows with both terms at once. */
enum part { PART_ALL, PART_TIE, PART_PAST, PART_BOTH };

static int key_is_text(enum wf_sort s)
{
	return s == WF_SORT_UNIT || s == WF_SORT_STATE;
}

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

/* ---- cursors ------------------------------------------------------- */

static int hexval(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
	                                                             : -1;
}

/* An int64 in decimal: optional '-', 1 to 19 digits, nothing else. */
static int parse_i64(int64_t *out, const char *s, size_t n)
{
	size_t i = s[0] == '-' ? 1 : 0, digits = n - i;
	uint64_t v = 0, lim = i ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;

	if (digits == 0 || digits > 19)
		return -1;
	for (; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		if (v > (lim - (uint64_t)(s[i] - '0')) / 10)
			return -1;
		v = v * 10 + (uint64_t)(s[i] - '0');
	}
	*out = s[0] == '-' ? (int64_t)(0 - v) : (int64_t)v;
	return 0;
}

static int bad_cursor(void)
{
	return err_set(NETRA_EINVALID, "malformed cursor (use the \"next\" "
	                               "or \"prev\" of a page)");
}

int wf_cursor_parse(struct wf_cursor *out, const char *s)
{
	const char *d1, *d2, *d3, *key;
	char name[16];
	size_t n, i;
	int sort;

	memset(out, 0, sizeof(*out));
	if (!s || !(d1 = strchr(s, '-')) || (size_t)(d1 - s) >= sizeof(name))
		return bad_cursor();
	memcpy(name, s, (size_t)(d1 - s));
	name[d1 - s] = '\0';
	if ((sort = wf_sort_parse(name)) < 0 || (d1[1] != 'a' && d1[1] != 'd') ||
	    d1[2] != '-' || !(d3 = strchr((d2 = d1 + 3), '-')) ||
	    parse_i64(&out->id, d2, (size_t)(d3 - d2)) || out->id <= 0)
		return bad_cursor();
	out->sort = (enum wf_sort)sort;
	out->desc = d1[1] == 'd';
	key = d3 + 1;
	n = strlen(key);
	if (!key_is_text(out->sort))
		return parse_i64(&out->key, key, n) ? bad_cursor() : 0;
	if (n == 0 || n % 2 || n / 2 >= sizeof(out->text))
		return bad_cursor();
	for (i = 0; i < n / 2; i++) {
		int hi = hexval(key[2 * i]), lo = hexval(key[2 * i + 1]);

		if (hi < 0 || lo < 0 || (hi == 0 && lo == 0))
			return bad_cursor();
		out->text[i] = (char)(hi * 16 + lo);
	}
	return 0;
}

int wf_cursor_format(char *buf, size_t size, const struct wf_cursor *c)
{
	const char *z = memchr(c->text, '\0', sizeof(c->text));
	size_t n, i, len = z ? (size_t)(z - c->text) : sizeof(c->text);

	if ((unsigned)c->sort >= WF_NSORTS)
		return err_set(NETRA_EINVALID, "unknown sort order");
	n = (size_t)snprintf(buf, size, "%s-%c-%lld-", sort_names[c->sort],
	                     c->desc ? 'd' : 'a', (long long)c->id);
	if (!key_is_text(c->sort))
		n += (size_t)snprintf(buf + (n < size ? n : size),
		                      n < size ? size - n : 0, "%lld",
		                      (long long)c->key);
	else
		for (i = 0; i < len; i++)
			n += (size_t)snprintf(buf + (n < size ? n : size),
			                      n < size ? size - n : 0, "%02x",
			                      (unsigned char)c->text[i]);
	return n < size ? 0 : err_set(NETRA_EINVALID, "cursor too long");
}

static int severity_rank(const char *s)
{
	return !strcmp(s, "tinggi") ? 3 : !strcmp(s, "sedang") ? 2
	                              : !strcmp(s, "rendah") ? 1 : 0;
}

/* The cursor of the current row of a page query (list_query's columns). */
static void row_cursor(struct wf_cursor *c, store_stmt *s,
                       const struct wf_list_filter *f)
{
	memset(c, 0, sizeof(*c));
	c->sort = f->sort;
	c->desc = f->desc;
	c->id = store_column_int64(s, 0);
	switch (f->sort) {
	case WF_SORT_DUE:
		c->key = store_column_is_null(s, 8) ? INT64_MAX
		                                    : store_column_int64(s, 8);
		break;
	case WF_SORT_CREATED: c->key = store_column_int64(s, 9); break;
	case WF_SORT_SEVERITY:
		c->key = severity_rank(store_column_text(s, 6, NULL));
		break;
	case WF_SORT_UNIT:
	case WF_SORT_STATE:
		snprintf(c->text, sizeof(c->text), "%s",
		         store_column_text(s, f->sort == WF_SORT_UNIT ? 2 : 1,
		                           NULL));
		break;
	default: c->key = c->id; break;
	}
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

/* One reading of a page: the query's inputs, and the rows read so far
 * with the cursors of the first and of the limit-th one. */
struct listing {
	netra_store *st;
	const struct wf_user *u;
	const struct wf_list_filter *f; /* desc flipped when reading back */
	const char *unit_path;
	int64_t now, limit, offset;
	enum plan plan;
	const struct wf_cursor *cur;    /* NULL: by offset */
	json_t *arr;
	int32_t zone;
	struct wf_cursor first, kept;
};

/* The cursor terms of part (" AND ..."); bound by bind_cursor(). */
static int cursor_sql(struct sbuf *q, const struct listing *L, enum part part)
{
	const char *op = L->f->desc ? "<" : ">";
	const char *key = (L->plan == PLAN_SORT ? sort_key : walk_key)[L->f->sort];
	const char *id = L->plan == PLAN_SORT ? "f.id + 0" : "f.id";

	switch (part) {
	case PART_TIE:
		return sbuf_printf(q, " AND %s = ? AND %s %s ?", key, id, op);
	case PART_PAST: return sbuf_printf(q, " AND %s %s ?", key, op);
	case PART_BOTH:
		return sbuf_printf(q, " AND (%s %s ? OR (%s = ? AND %s %s ?))", key,
		                   op, key, id, op);
	default: return 0;
	}
}

static int bind_key(store_stmt *s, int *i, const struct wf_cursor *c)
{
	return key_is_text(c->sort)
	           ? store_bind_text(s, (*i)++, c->text, (size_t)-1)
	           : store_bind_int64(s, (*i)++, c->key);
}

static int bind_cursor(store_stmt *s, int *i, const struct wf_cursor *c,
                       enum part part)
{
	int rc = part == PART_ALL ? 0 : bind_key(s, i, c);

	if (!rc && part == PART_BOTH)
		rc = bind_key(s, i, c);
	if (!rc && (part == PART_TIE || part == PART_BOTH))
		rc = store_bind_int64(s, (*i)++, c->id);
	return rc;
}

/* ORDER BY of part: the tie part is in id order (its key is one value). */
static int order_sql(struct sbuf *q, const struct listing *L, enum part part)
{
	const char *dir = L->f->desc ? "DESC" : "ASC";
	int rc = sbuf_puts(q, " ORDER BY ");

	if (!rc && part != PART_TIE && L->f->sort != WF_SORT_ID)
		rc = sbuf_printf(q, "%s %s, ",
		                 (L->plan == PLAN_SORT ? sort_key
		                                       : walk_key)[L->f->sort],
		                 dir);
	return rc ? rc
	          : sbuf_printf(q, "%s %s LIMIT ? OFFSET ?",
	                        L->plan == PLAN_SORT ? "f.id + 0" : "f.id", dir);
}

/* Builds and binds the query of one part of a page, for n rows. */
static int list_query(store_stmt **out, const struct listing *L,
                      enum part part, int64_t n)
{
	struct sbuf q = SBUF_INIT;
	int rc, i = 1;

	*out = NULL;
	rc = sbuf_puts(&q, "SELECT f.id, f.state, u.code, a.code, f.category, "
	                   "f.rule, f.severity, f.candidate, f.due_at, "
	                   "f.created_at, f.group_id, f.escalations, u.path");
	/* CROSS JOIN keeps units the outer loop in SQLite */
	if (!rc)
		rc = sbuf_puts(&q,
		               L->plan == PLAN_UNITS
		                   ? " FROM units u CROSS JOIN findings f LEFT "
		                     "JOIN units a ON a.id = f.assigned_unit_id "
		                     "WHERE f.unit_id = u.id AND f.employee_id "
		                     "<> ?"
		                   : " FROM findings f JOIN units u ON u.id = "
		                     "f.unit_id LEFT JOIN units a ON a.id = "
		                     "f.assigned_unit_id WHERE f.employee_id <> ?");
	if (!rc)
		rc = filter_sql(&q, L->u, L->f, L->unit_path, "f", L->plan);
	if (!rc)
		rc = cursor_sql(&q, L, part);
	if (!rc)
		rc = order_sql(&q, L, part);
	if (rc || (rc = store_prepare(out, L->st, q.data)))
		goto done;
	/* ids start at 1: -1 excludes nothing for a user with no employee */
	rc = store_bind_int64(*out, i++,
	                      L->u->employee_id ? L->u->employee_id : -1);
	if (!rc)
		rc = bind_filter(*out, &i, L->u, L->f, L->unit_path, L->now);
	if (!rc && L->cur)
		rc = bind_cursor(*out, &i, L->cur, part);
	if (!rc)
		rc = store_bind_int64(*out, i++, n);
	if (!rc)
		rc = store_bind_int64(*out, i++, L->cur ? 0 : L->offset);
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

/* Runs one part of the page for up to `want` rows in all, appending its
 * rows to L->arr. */
static int read_part(struct listing *L, enum part part, int64_t want)
{
	int64_t have = (int64_t)json_array_size(L->arr);
	store_stmt *s = NULL;
	json_t *row;
	int rc;

	if (have >= want)
		return 0;
	if ((rc = list_query(&s, L, part, want - have)))
		goto done;
	while ((rc = store_step(s)) == STORE_ROW) {
		if (have == 0)
			row_cursor(&L->first, s, L->f);
		if (have < L->limit)
			row_cursor(&L->kept, s, L->f);
		row = list_row(L->st, s, L->now, L->zone);
		if (!row || json_array_append_new(L->arr, row)) {
			rc = err_oom();
			goto done;
		}
		have++;
	}
	rc = rc < 0 ? rc : 0;
done:
	store_finalize(s);
	return rc;
}

/* Reads limit + 1 rows (the one more tells whether a page follows). */
static int read_rows(struct listing *L, int64_t total, int64_t all)
{
	struct wf_list_filter at = *L->f;
	int64_t want = L->limit + 1;
	int rc;

	if (L->cur)
		at.offset = 0; /* a cursor's page costs the first's */
	L->plan = pick_plan(&at, L->limit, total, all);
	if (!L->cur)
		return read_part(L, PART_ALL, want);
	if (L->plan == PLAN_SORT)
		return read_part(L, PART_BOTH, want);
	if (L->f->sort != WF_SORT_ID && (rc = read_part(L, PART_TIE, want)))
		return rc;
	return read_part(L, PART_PAST, want);
}

static json_t *cursor_json(const struct wf_cursor *c, int desc)
{
	char buf[WF_CURSOR_MAX];
	struct wf_cursor k = *c;

	k.desc = desc;
	if (wf_cursor_format(buf, sizeof(buf), &k))
		return NULL;
	return json_string(buf);
}

/* Drops the extra row, puts a page read backwards in order, and sets
 * count, next and prev. */
static int finish_page(json_t *page, struct listing *L, const char *after,
                       int back, int desc)
{
	size_t n = json_array_size(L->arr), i;
	int more = (int64_t)n > L->limit, has_next, has_prev;
	json_t *rev, *next = json_null(), *prev = json_null();
	const struct wf_cursor *first = &L->first, *last = &L->kept;

	if (more)
		json_array_remove(L->arr, --n);
	if (back) {
		if (!(rev = json_array()))
			return err_oom();
		for (i = n; i-- > 0;)
			json_array_append(rev, json_array_get(L->arr, i));
		json_array_clear(L->arr);
		json_array_extend(L->arr, rev);
		json_decref(rev);
		first = &L->kept, last = &L->first;
		has_next = 1, has_prev = more;
	} else {
		has_next = more;
		has_prev = after || L->offset > 0;
	}
	if (n && has_next)
		next = cursor_json(last, desc);
	if (n && has_prev)
		prev = cursor_json(first, desc);
	if (!next || !prev ||
	    json_object_set_new(page, "count", json_integer((json_int_t)n)) ||
	    json_object_set_new(page, "next", next) ||
	    json_object_set_new(page, "prev", prev))
		return err_oom();
	return 0;
}

/* The cursor of the filter (after or before), checked against its sort
 * and direction; *cur NULL when the page is read by offset. */
static int filter_cursor(struct wf_cursor *c, const struct wf_cursor **cur,
                         const struct wf_list_filter *f)
{
	const char *text = f->after ? f->after : f->before;
	int rc;

	*cur = NULL;
	if (!text)
		return 0;
	if (f->after && f->before)
		return err_set(NETRA_EINVALID, "give after or before, not both");
	if (f->offset)
		return err_set(NETRA_EINVALID, "give a cursor or an offset, not "
		                               "both");
	if ((rc = wf_cursor_parse(c, text)))
		return rc;
	if (c->sort != f->sort || c->desc != f->desc)
		return err_set(NETRA_EINVALID, "the cursor is for another sort "
		                               "order or direction");
	*cur = c;
	return 0;
}

int wf_finding_list(json_t **out, netra_store *st, const char *actor,
                    const struct wf_list_filter *flt)
{
	char unit_path[256];
	struct wf_list_filter f = *flt;
	struct wf_cursor c;
	struct listing L;
	json_t *page = NULL;
	struct wf_user u;
	int64_t total = 0, all = 0;
	int rc;

	*out = NULL;
	memset(&L, 0, sizeof(L));
	L.st = st;
	L.u = &u;
	L.f = &f;
	L.now = flt->now ? flt->now : wf_now();
	L.limit = flt->limit ? flt->limit : WF_LIST_LIMIT;
	L.offset = flt->offset;
	if ((rc = check_filter(flt)) || (rc = filter_cursor(&c, &L.cur, flt)) ||
	    (rc = wf_user_get(&u, st, actor)) || (rc = wf_zone(st, &L.zone)))
		goto done;
	if (flt->unit_code) {
		if ((rc = filter_unit_path(unit_path, sizeof(unit_path), st, &u,
		                           flt->unit_code)))
			goto done;
		L.unit_path = unit_path;
	}
	if (flt->before) /* read back from the cursor, then turn the rows */
		f.desc = !f.desc, c.desc = f.desc;
	if ((rc = list_count(&total, &all, st, &u, flt, L.unit_path, L.now)))
		goto done;
	page = json_pack("{s:I, s:I, s:I, s:[]}", "total", (json_int_t)total,
	                 "offset", (json_int_t)flt->offset, "limit",
	                 (json_int_t)L.limit, "findings");
	if (!page) {
		rc = err_oom();
		goto done;
	}
	L.arr = json_object_get(page, "findings");
	if ((rc = read_rows(&L, total, all)) ||
	    (rc = finish_page(page, &L, flt->after, flt->before != NULL,
	                      flt->desc)))
		goto done;
	*out = page;
	page = NULL;
done:
	json_decref(page);
	return rc;
}
