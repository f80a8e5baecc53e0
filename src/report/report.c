/*
 * report/report.c - gathers the findings in scope into per-unit, per-rule
 * and per-day tallies (one pass over one query), then renders them as CSV
 * or as an HTML page with SVG charts. See report.h.
 */
#include "report/report_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store/store.h"
#include "util/civiltime.h"
#include "util/error.h"
#include "util/sbuf.h"
#include "util/strmap.h"
#include "util/vec.h"
#include "workflow/calendar.h"
#include "workflow/finding.h"
#include "workflow/user.h"

static int index_of(const char *const *keys, int n, const char *s)
{
	int i;

	for (i = 0; i < n; i++)
		if (strcmp(keys[i], s) == 0)
			return i;
	return -1;
}

/* The scope: the path prefix of the unit subtree the report covers,
 * whether only forwarded findings count (a Bawaslu user, who sees no
 * others anywhere in netra), and the employee linked to the user, whose
 * own findings the user never sees (0: none). */
static int scope_path(char *out, size_t size, int *forwarded_only,
		      int64_t *self, netra_store *st,
		      const struct report_opts *o)
{
	struct wf_user u;
	store_stmt *s = NULL;
	int rc;

	out[0] = '\0';
	*forwarded_only = 0;
	*self = 0;
	if (o->actor) {
		if ((rc = wf_user_get(&u, st, o->actor)))
			return rc;
		snprintf(out, size, "%s", u.unit_path);
		*forwarded_only = u.role == WF_ROLE_BAWASLU;
		/* nobody counts findings about themself (conflict of
		 * interest): the same rule as wf_check_visible */
		*self = u.employee_id;
	}
	if (o->unit_code) {
		rc = store_prepare(&s, st, "SELECT path FROM units WHERE code = ?");
		if (rc)
			return rc;
		rc = store_bind_text(s, 1, o->unit_code, (size_t)-1);
		if (rc == 0)
			rc = store_step(s);
		if (rc == STORE_ROW) {
			const char *p = store_column_text(s, 0, NULL);
			if (out[0] && !wf_in_subtree(p, out))
				rc = err_set(NETRA_EDENIED, "unit %s is outside "
					     "the user's units", o->unit_code);
			else
				rc = 0, snprintf(out, size, "%s", p);
		} else if (rc == STORE_DONE) {
			rc = err_set(NETRA_ENOTFOUND, "no unit %s", o->unit_code);
		}
		store_finalize(s);
		return rc;
	}
	if (!out[0]) { /* a single root: report per OPD below it */
		int64_t n = 0;
		if ((rc = store_query_int64(&n, st, "SELECT COUNT(*) FROM units"
					    " WHERE parent_id IS NULL", NULL, 0)))
			return rc;
		if (n == 1) {
			rc = store_prepare(&s, st, "SELECT path FROM units"
						   " WHERE parent_id IS NULL");
			if (!rc && store_step(s) == STORE_ROW)
				snprintf(out, size, "%s",
					 store_column_text(s, 0, NULL));
			store_finalize(s);
		}
	}
	return 0;
}

/* The unit id a finding is tallied under: the path's component just below
 * the scope root (or the root itself). */
static int64_t group_unit(const char *path, int depth)
{
	int64_t ids[64];
	int n = 0;
	const char *p = path;

	while (*p && n < 64) {
		while (*p == '/')
			p++;
		if (!*p)
			break;
		ids[n++] = strtoll(p, NULL, 10);
		while (*p && *p != '/')
			p++;
	}
	if (n == 0)
		return 0;
	return depth < n ? ids[depth] : ids[n - 1];
}

static int path_depth(const char *path)
{
	int d = 0;

	for (; *path; path++)
		if (*path == '/')
			d++;
	return d > 0 ? d - 1 : 0;
}

const char *const report_cat_key[NCAT] = {"support", "attack",
					  "hate_speech", "hoax"};
const char *const report_cat_name[NCAT] = {"Dukungan", "Serangan",
					   "Ujaran kebencian (SARA)", "Hoaks"};
const char *const report_cat_color[NCAT] = {"#1f6fb4", "#c62828", "#7b3fa0",
					    "#e67e00"};
const char *const report_state_key[NSTATE] = {
	"baru", "ditinjau_opd", "ditolak", "dikonfirmasi_opd",
	"diverifikasi_bkpp", "diteruskan", "selesai"};
const char *const report_state_name[NSTATE] = {
	"Baru", "Ditinjau OPD", "Ditolak", "Dikonfirmasi OPD",
	"Diverifikasi BKPP", "Diteruskan", "Selesai"};

void report_day_format(char *buf, size_t size, int64_t day)
{
	civil_day_format(buf, size, day);
}

static int tally_unit(struct tally **out, struct report *r, int64_t id)
{
	char key[32];
	int64_t idx;
	struct tally t;
	int n = snprintf(key, sizeof(key), "%lld", (long long)id);

	if (strmap_get(&r->unit_index, key, (size_t)n, &idx)) {
		*out = &r->units.items[idx];
		return 0;
	}
	memset(&t, 0, sizeof(t));
	t.unit_id = id;
	if (VEC_PUSH(&r->units, t) ||
	    strmap_put(&r->unit_index, key, (size_t)n,
		       (int64_t)r->units.len - 1))
		return err_oom();
	*out = &r->units.items[r->units.len - 1];
	return 0;
}

static int tally_day(struct report *r, int64_t day, int cat)
{
	char key[32];
	int64_t idx;
	int n = snprintf(key, sizeof(key), "%lld", (long long)day), i;

	if (!strmap_get(&r->days, key, (size_t)n, &idx)) {
		idx = (int64_t)r->day_num.len;
		if (VEC_PUSH(&r->day_num, day) ||
		    strmap_put(&r->days, key, (size_t)n, idx))
			return err_oom();
		for (i = 0; i < NCAT; i++)
			if (VEC_PUSH(&r->day_cat, 0))
				return err_oom();
	}
	r->day_cat.items[idx * NCAT + cat]++;
	return 0;
}

static int tally_row(struct report *r, store_stmt *s, int depth, int64_t now)
{
	const char *cat = store_column_text(s, 0, NULL);
	const char *state = store_column_text(s, 1, NULL);
	const char *rule = store_column_text(s, 2, NULL);
	int64_t due = store_column_int64(s, 3), created = store_column_int64(s, 4);
	int64_t when = store_column_int64(s, 5), count = 0;
	int c = index_of(report_cat_key, NCAT, cat), k = index_of(report_state_key, NSTATE, state);
	int overdue;
	struct tally *t = NULL;

	if (c < 0 || k < 0)
		return 0;
	if (r->forwarded_only && strcmp(state, "diteruskan") != 0 &&
	    strcmp(state, "selesai") != 0)
		return 0; /* forwarded since the report's time */
	/* as everywhere in the workflow: overdue once now reaches due_at */
	overdue = due > 0 && due <= now && wf_state_is_open(state);
	if (tally_unit(&t, r, group_unit(store_column_text(s, 6, NULL), depth)))
		return NETRA_ENOMEM;
	t->cat[c]++, t->state[k]++, t->total++, t->overdue += overdue;
	r->cat[c]++, r->state[k]++, r->total++, r->overdue += overdue;
	strmap_get(&r->rules, rule, strlen(rule), &count);
	if (strmap_put(&r->rules, rule, strlen(rule), count + 1) ||
	    tally_day(r, civil_day_of(when, r->off), c))
		return err_oom();
	if (!store_column_is_null(s, 7)) {
		struct unit_hours uh;

		uh.unit = (size_t)(t - r->units.items);
		uh.hours = (double)(store_column_int64(s, 7) - created) / 3600.0;
		if (VEC_PUSH(&r->review_hours, uh.hours) ||
		    VEC_PUSH(&r->unit_hours, uh))
			return err_oom();
	}
	return 0;
}

/* The findings in scope, as they stand now (their own columns). */
#define GATHER_SQL                                                             \
	"SELECT f.category, f.state, f.rule, COALESCE(f.due_at, 0),"           \
	" f.created_at, COALESCE(e.created_at, f.created_at), u.path,"         \
	" (SELECT MIN(t.at) FROM finding_transitions t"                        \
	"   WHERE t.finding_id = f.id"                                         \
	"   AND t.action NOT IN ('create', 'escalate'))"                       \
	" FROM findings f JOIN units u ON u.id = f.unit_id"                    \
	" JOIN events e ON e.id = f.event_id"                                  \
	" WHERE u.path LIKE ? || '%'"                                          \
	" AND COALESCE(e.created_at, f.created_at) BETWEEN ? AND ?"            \
	" AND f.employee_id <> ?" /* the viewer's own: never */

/* The same as they stood at time T (`report --as-of`; every ?T is T):
 * state and deadline of the last transition by then (the history is
 * append-only, so a past report reads the same later), the first review
 * by then, and only findings made by then. */
#define AS_OF_LAST(col)                                                        \
	"(SELECT t." col " FROM finding_transitions t"                         \
	"  WHERE t.finding_id = f.id AND t.at <= ?" /* T */                    \
	"  ORDER BY t.at DESC, t.id DESC LIMIT 1)"
#define GATHER_AS_OF_SQL                                                       \
	"SELECT f.category, COALESCE(" AS_OF_LAST("to_state") ", f.state),"   \
	" f.rule, COALESCE(" AS_OF_LAST("due_at") ", f.due_at, 0),"            \
	" f.created_at, COALESCE(e.created_at, f.created_at), u.path,"         \
	" (SELECT MIN(t.at) FROM finding_transitions t"                        \
	"   WHERE t.finding_id = f.id AND t.at <= ?" /* T */                   \
	"   AND t.action NOT IN ('create', 'escalate'))"                       \
	" FROM findings f JOIN units u ON u.id = f.unit_id"                    \
	" JOIN events e ON e.id = f.event_id"                                  \
	" WHERE f.created_at <= ?" /* T */                                     \
	" AND u.path LIKE ? || '%'"                                            \
	" AND COALESCE(e.created_at, f.created_at) BETWEEN ? AND ?"            \
	" AND f.employee_id <> ?"

static int gather(struct report *r, netra_store *st, const char *root,
		  int64_t self, const struct report_opts *o, int64_t now)
{
	store_stmt *s = NULL;
	int rc, depth = root[0] ? path_depth(root) : 0, k = 1;

	rc = store_prepare(&s, st, o->as_of ? GATHER_AS_OF_SQL : GATHER_SQL);
	if (rc)
		return rc;
	while (o->as_of && k <= 4 && !rc) /* the four ?T */
		rc = store_bind_int64(s, k++, o->as_of);
	if (rc || (rc = store_bind_text(s, k, root, (size_t)-1)) ||
	    (rc = store_bind_int64(s, k + 1, o->from)) ||
	    (rc = store_bind_int64(s, k + 2, o->to ? o->to : INT64_MAX)) ||
	    /* ids start at 1: 0 excludes nobody */
	    (rc = store_bind_int64(s, k + 3, self))) {
		store_finalize(s);
		return rc;
	}
	while ((rc = store_step(s)) == STORE_ROW)
		if ((rc = tally_row(r, s, depth, now)))
			break;
	store_finalize(s);
	return rc < 0 ? rc : 0;
}

/* The name of the unit at the end of path, for the report's title. */
static void scope_unit_name(char *out, size_t size, netra_store *st,
			    const char *path)
{
	store_stmt *s = NULL;

	out[0] = '\0';
	if (store_prepare(&s, st, "SELECT name FROM units WHERE path = ?"))
		return;
	store_bind_text(s, 1, path, (size_t)-1);
	if (store_step(s) == STORE_ROW)
		snprintf(out, size, "%s", store_column_text(s, 0, NULL));
	store_finalize(s);
}

static int name_units(struct report *r, netra_store *st)
{
	store_stmt *s = NULL;
	size_t i;
	int rc = 0;

	if ((rc = store_prepare(&s, st, "SELECT code, name FROM units WHERE id = ?")))
		return rc;
	for (i = 0; i < r->units.len; i++) {
		struct tally *t = &r->units.items[i];
		store_bind_int64(s, 1, t->unit_id);
		rc = store_step(s);
		if (rc == STORE_ROW) {
			snprintf(t->code, sizeof(t->code), "%s",
				 store_column_text(s, 0, NULL));
			snprintf(t->name, sizeof(t->name), "%s",
				 store_column_text(s, 1, NULL));
		}
		store_reset(s);
		if (rc < 0)
			break;
	}
	store_finalize(s);
	return rc < 0 ? rc : 0;
}

static int cmp_tally(const void *a, const void *b)
{
	const struct tally *x = a, *y = b;

	if (x->total != y->total)
		return x->total < y->total ? 1 : -1;
	return strcmp(x->code, y->code);
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static int cmp_unit_hours(const void *a, const void *b)
{
	const struct unit_hours *x = a, *y = b;

	if (x->unit != y->unit)
		return x->unit < y->unit ? -1 : 1;
	return (x->hours > y->hours) - (x->hours < y->hours);
}

/* Each unit's median time to first review (before units are sorted, while
 * unit_hours still index them). */
static void unit_medians(struct report *r)
{
	struct unit_hours *h = r->unit_hours.items;
	size_t i = 0, j, n = r->unit_hours.len, k;

	if (n)
		qsort(h, n, sizeof(*h), cmp_unit_hours);
	while (i < n) {
		struct tally *t = &r->units.items[h[i].unit];

		for (j = i; j < n && h[j].unit == h[i].unit; j++)
			;
		k = j - i;
		t->reviewed = k;
		t->review_median = k % 2 ? h[i + k / 2].hours
					 : (h[i + k / 2 - 1].hours +
					    h[i + k / 2].hours) / 2;
		i = j;
	}
}

static int cmp_rule(const void *a, const void *b)
{
	const struct rule_count *x = a, *y = b;

	if (x->count != y->count)
		return x->count < y->count ? 1 : -1;
	return strcmp(x->rule, y->rule);
}

/* Sorts what the renderers show in order: units by total, rules by
 * count, days by date (day_cat rows move with their day), review times. */
static int finish(struct report *r)
{
	VEC(uint64_t) cats = VEC_INIT;
	struct rule_count rc;
	const char *k;
	size_t i, kl, iter = 0;
	int64_t v, idx;
	char key[32];

	unit_medians(r);
	if (r->units.len)
		qsort(r->units.items, r->units.len, sizeof(struct tally),
		      cmp_tally);
	if (r->day_num.len == 0)
		return 0;
	while (strmap_next(&r->rules, &iter, &k, &kl, &v)) {
		rc.rule = k, rc.count = v;
		if (VEC_PUSH(&r->top_rules, rc))
			return err_oom();
	}
	if (r->top_rules.len)
		qsort(r->top_rules.items, r->top_rules.len, sizeof(rc),
		      cmp_rule);
	qsort(r->day_num.items, r->day_num.len, sizeof(int64_t), cmp_i64);
	if (VEC_RESERVE(&cats, r->day_cat.len))
		return err_oom();
	for (i = 0; i < r->day_num.len; i++) {
		int n = snprintf(key, sizeof(key), "%lld",
				 (long long)r->day_num.items[i]);
		strmap_get(&r->days, key, (size_t)n, &idx);
		memcpy(cats.items + i * NCAT, r->day_cat.items + idx * NCAT,
		       NCAT * sizeof(uint64_t));
	}
	memcpy(r->day_cat.items, cats.items, r->day_cat.len * sizeof(uint64_t));
	VEC_FREE(&cats);
	if (r->review_hours.len)
		qsort(r->review_hours.items, r->review_hours.len,
		      sizeof(double), cmp_double);
	return 0;
}

static void report_free(struct report *r)
{
	VEC_FREE(&r->units);
	VEC_FREE(&r->top_rules);
	strmap_free(&r->unit_index);
	strmap_free(&r->rules);
	strmap_free(&r->days);
	VEC_FREE(&r->day_num);
	VEC_FREE(&r->day_cat);
	VEC_FREE(&r->review_hours);
	VEC_FREE(&r->unit_hours);
}


int report_build(char **out, netra_store *st, const struct report_opts *o)
{
	struct report r;
	struct sbuf b = SBUF_INIT;
	char root[256];
	int64_t self = 0;
	int rc;

	*out = NULL;
	memset(&r, 0, sizeof(r));
	r.opts = o;
	r.now = o->as_of ? o->as_of : wf_now();
	if ((rc = wf_unit_code_zone(st, o->unit_code, &r.off)) ||
	    (rc = scope_path(root, sizeof(root), &r.forwarded_only, &self,
			     st, o)) ||
	    (rc = gather(&r, st, root, self, o, r.now)) ||
	    (rc = name_units(&r, st)) || (rc = finish(&r)))
		goto done;
	if (root[0])
		scope_unit_name(r.scope_name, sizeof(r.scope_name), st, root);
	if (o->format == REPORT_HTML)
		rc = report_render_html(&b, &r);
	else if (o->format == REPORT_HTML_BODY)
		rc = report_render_html_body(&b, &r);
	else if (o->format == REPORT_JSON)
		rc = report_render_json(&b, &r);
	else
		rc = report_render_csv(&b, &r, o->table);
	if (!rc && !(*out = sbuf_detach(&b)))
		rc = err_oom();
done:
	sbuf_free(&b);
	report_free(&r);
	return rc;
}
