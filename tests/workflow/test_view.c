/*
 * tests/workflow/test_view.c - the queue (wf_finding_list) against a
 * reference: for every kind of user (every unit, a subtree, a small
 * unit, Bawaslu, a reviewer linked to an employee), every filter, sort,
 * direction and a few pages, the rows and the total must be those of a
 * plain reading of all findings, filtered and sorted here in C. The
 * store's per-unit counters (finding_counts, kept by triggers) must stay
 * equal to a COUNT(*) through creates, state changes, moves between
 * units and deletes. Keyset cursors: a walk by "next" cursors from the
 * first page to the last, and back by "prev" cursors, must give the same
 * rows as the reference for every user, filter, sort and direction,
 * across the many ties of the sort keys (three deadlines, twenty
 * creation times, three severities, seven states). The data make both ways of reading a page happen:
 * a wide scope walks the sort index, a small one sorts its few rows.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "netra/common.h"
#include "workflow/wf_fixture.h"

#define T0 1727928000
#define NOW (T0 + 5 * 86400)
#define NF 240

struct row {
	int64_t id, due, created, unit_id, emp;
	char state[24], category[16], severity[12], code[16], path[32];
};

static struct row rows[NF + 16];
static size_t nrows;
static int sort_by, desc_;

static const char *const states[] = {"baru", "ditinjau_opd",
                                     "dikonfirmasi_opd", "diverifikasi_bkpp",
                                     "ditolak", "diteruskan", "selesai"};
static const char *const cats[] = {"support", "attack", "hate_speech",
                                   "hoax"};
static const char *const sevs[] = {"rendah", "sedang", "tinggi"};

static int sev_rank(const char *s)
{
	return !strcmp(s, "tinggi") ? 3 : !strcmp(s, "sedang") ? 2
	                              : !strcmp(s, "rendah") ? 1 : 0;
}

static int cmp_i64(int64_t a, int64_t b)
{
	return (a > b) - (a < b);
}

static int cmp_row(const void *pa, const void *pb)
{
	const struct row *a = pa, *b = pb;
	int c = 0;

	switch (sort_by) {
	case WF_SORT_DUE:
		c = cmp_i64(a->due ? a->due : INT64_MAX, b->due ? b->due : INT64_MAX);
		break;
	case WF_SORT_CREATED: c = cmp_i64(a->created, b->created); break;
	case WF_SORT_SEVERITY:
		c = sev_rank(a->severity) - sev_rank(b->severity);
		break;
	case WF_SORT_UNIT: c = strcmp(a->code, b->code); break;
	case WF_SORT_STATE: c = strcmp(a->state, b->state); break;
	default: break;
	}
	if (!c)
		c = cmp_i64(a->id, b->id);
	return desc_ ? -c : c;
}

/* Deterministic pseudo-random numbers. */
static unsigned next(void)
{
	static unsigned x = 2463534242u;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	return x;
}

static void exec(netra_store *st, const char *sql)
{
	if (store_exec(st, sql))
		fail_msg("%s: %s", sql, netra_error_last());
}

/* NF findings spread over the units (most in DINAS-A and DINAS-B, a few
 * in SEKSI-A1X), with varied states, categories, severities, deadlines
 * (some none, many equal) and creation times (many equal). */
static int setup(void **state)
{
	static const int64_t emps[] = {U_A, U_A, U_A1, U_B, U_B, U_C, U_BKPP,
	                               U_A, U_B, U_A1, U_B, U_A};
	netra_store *st = NULL;
	char sql[512];
	int64_t id;
	int i;

	if (fx_setup(state))
		return -1;
	st = *state;
	for (i = 0; i < NF; i++) {
		int64_t emp = i % 40 == 0 ? U_X : emps[next() % 12];

		if (fx_finding(&id, st, emp, T0 + (int64_t)(next() % 50) * 3600))
			return -1;
		snprintf(sql, sizeof(sql),
		         "UPDATE findings SET state = '%s', category = '%s', "
		         "severity = '%s', due_at = %s, created_at = %lld "
		         "WHERE id = %lld",
		         states[next() % 7], cats[next() % 4], sevs[next() % 3],
		         next() % 5 == 0 ? "NULL"
		         : next() % 2  ? "1728100000"
		                       : "1728300000",
		         (long long)(T0 + (int64_t)(next() % 20) * 600),
		         (long long)id);
		exec(st, sql);
	}
	/* opd_a is linked to the employee of BIDANG-A1, inside its scope;
	 * an all-units BKPP user sits at DINAS-C */
	exec(st, "UPDATE users SET employee_id = 3 WHERE name = 'opd_a'");
	return wf_user_add_all_units(NULL, st, "bkall", WF_ROLE_BKPP, "DINAS-C",
	                             NULL, "rahasia-uji-123", NULL);
}

static void load_rows(netra_store *st)
{
	store_stmt *s = NULL;

	nrows = 0;
	assert_int_equal(
	    store_prepare(&s, st,
	                  "SELECT f.id, COALESCE(f.due_at, 0), f.created_at, "
	                  "f.unit_id, f.employee_id, f.state, f.category, "
	                  "f.severity, u.code, u.path FROM findings f JOIN "
	                  "units u ON u.id = f.unit_id"),
	    0);
	while (store_step(s) == STORE_ROW && nrows < NF + 16) {
		struct row *r = &rows[nrows++];

		r->id = store_column_int64(s, 0);
		r->due = store_column_int64(s, 1);
		r->created = store_column_int64(s, 2);
		r->unit_id = store_column_int64(s, 3);
		r->emp = store_column_int64(s, 4);
		snprintf(r->state, sizeof(r->state), "%s", store_column_text(s, 5, NULL));
		snprintf(r->category, sizeof(r->category), "%s",
		         store_column_text(s, 6, NULL));
		snprintf(r->severity, sizeof(r->severity), "%s",
		         store_column_text(s, 7, NULL));
		snprintf(r->code, sizeof(r->code), "%s", store_column_text(s, 8, NULL));
		snprintf(r->path, sizeof(r->path), "%s", store_column_text(s, 9, NULL));
	}
	store_finalize(s);
}

static int visible(const struct row *r, const struct wf_user *u,
                   const struct wf_list_filter *f, const char *unit_path)
{
	int open = wf_state_is_open(r->state);

	if (!u->all_units && strncmp(r->path, u->unit_path, strlen(u->unit_path)))
		return 0;
	if (u->employee_id && r->emp == u->employee_id)
		return 0;
	if (u->role == WF_ROLE_BAWASLU && strcmp(r->state, "diteruskan") &&
	    strcmp(r->state, "selesai"))
		return 0;
	if ((f->state && strcmp(r->state, f->state)) ||
	    (f->category && strcmp(r->category, f->category)) ||
	    (unit_path && strncmp(r->path, unit_path, strlen(unit_path))) ||
	    (f->overdue && !(open && r->due && r->due <= f->now)))
		return 0;
	return 1;
}

/* want[0..n) is the reference order: pages of size lim walked by "next"
 * must be its consecutive slices, and walking back by "prev" from the
 * last page must give the same pages again, down to the first (whose
 * "prev" is null). */
static void check_walk(netra_store *st, const char *user,
                       const struct wf_list_filter *base,
                       const struct row *want, size_t n)
{
	struct wf_list_filter f = *base;
	json_t *page = NULL, *arr;
	char cur[WF_CURSOR_MAX] = "";
	size_t at = 0, k, pages = 0;
	int back = 0;

	f.offset = 0;
	for (;;) {
		f.after = !back && cur[0] ? cur : NULL;
		f.before = back ? cur : NULL;
		if (wf_finding_list(&page, st, user, &f))
			fail_msg("%s: %s", user, netra_error_last());
		arr = json_object_get(page, "findings");
		if (back)
			at -= json_array_size(arr);
		for (k = 0; k < json_array_size(arr); k++) {
			int64_t got = json_integer_value(
			    json_object_get(json_array_get(arr, k), "id"));

			if (at + k >= n || got != want[at + k].id)
				fail_msg("%s sort=%s desc=%d %s walk row %zu: "
				         "#%lld, want #%lld",
				         user, wf_sort_name(f.sort), f.desc,
				         back ? "back" : "forward", at + k,
				         (long long)got,
				         at + k < n ? (long long)want[at + k].id
				                    : -1LL);
		}
		if (!back) {
			json_t *next = json_object_get(page, "next");

			assert_int_equal(json_array_size(arr),
			                 n - at < (size_t)f.limit ? n - at
			                                          : (size_t)f.limit);
			at += json_array_size(arr);
			pages++;
			assert_int_equal(json_is_null(next), at == n);
			if (json_is_string(next)) {
				snprintf(cur, sizeof(cur), "%s",
				         json_string_value(next));
			} else if (pages > 1) {
				/* back from the last page */
				back = 1;
				at -= json_array_size(arr);
				snprintf(cur, sizeof(cur), "%s",
				         json_string_value(
				             json_object_get(page, "prev")));
			} else {
				assert_true(json_is_null(json_object_get(page, "prev")));
				json_decref(page);
				return;
			}
		} else {
			json_t *prev = json_object_get(page, "prev");

			assert_int_equal(json_array_size(arr), (size_t)f.limit);
			assert_int_equal(json_is_null(prev), at == 0);
			if (at == 0) {
				json_decref(page);
				return;
			}
			snprintf(cur, sizeof(cur), "%s", json_string_value(prev));
		}
		json_decref(page);
	}
}

/* The list of user for filter f equals the reference, page by page. */
static void check_list(netra_store *st, const char *user,
                       const struct wf_list_filter *f, const char *unit_path)
{
	struct row want[NF + 16];
	struct wf_user u;
	json_t *page = NULL, *arr;
	size_t n = 0, i, k;

	assert_int_equal(wf_user_get(&u, st, user), 0);
	for (i = 0; i < nrows; i++)
		if (visible(&rows[i], &u, f, unit_path))
			want[n++] = rows[i];
	sort_by = f->sort;
	desc_ = f->desc;
	qsort(want, n, sizeof(want[0]), cmp_row);
	if (wf_finding_list(&page, st, user, f))
		fail_msg("%s: %s", user, netra_error_last());
	if ((size_t)json_integer_value(json_object_get(page, "total")) != n)
		fail_msg("%s state=%s cat=%s unit=%s overdue=%d: total %lld, "
		         "want %zu",
		         user, f->state ? f->state : "-",
		         f->category ? f->category : "-",
		         f->unit_code ? f->unit_code : "-", f->overdue,
		         (long long)json_integer_value(json_object_get(page, "total")),
		         n);
	arr = json_object_get(page, "findings");
	for (k = 0; k < json_array_size(arr); k++) {
		int64_t got = json_integer_value(
		    json_object_get(json_array_get(arr, k), "id"));

		i = (size_t)f->offset + k;
		if (i >= n || got != want[i].id)
			fail_msg("%s sort=%s desc=%d offset=%lld row %zu: #%lld, "
			         "want #%lld",
			         user, wf_sort_name(f->sort), f->desc,
			         (long long)f->offset, k, (long long)got,
			         i < n ? (long long)want[i].id : -1LL);
	}
	i = (size_t)f->offset < n ? n - (size_t)f->offset : 0;
	assert_int_equal(json_array_size(arr),
	                 i < (size_t)f->limit ? i : (size_t)f->limit);
	json_decref(page);
	if (f->offset == 0)
		check_walk(st, user, f, want, n);
}

static void check_all(netra_store *st)
{
	static const char *const users[] = {"bkpp1", "bkall", "opd_a", "opd_x",
	                                    "opd_b", "baw1"};
	static const int64_t offsets[] = {0, 7, 30};
	struct wf_list_filter f;
	size_t ui, oi;
	int s, d, v;

	load_rows(st);
	for (ui = 0; ui < sizeof(users) / sizeof(users[0]); ui++)
		for (s = 0; s < WF_NSORTS; s++)
			for (d = 0; d < 2; d++)
				for (oi = 0; oi < 3; oi++)
					for (v = 0; v < 5; v++) {
						memset(&f, 0, sizeof(f));
						f.sort = (enum wf_sort)s;
						f.desc = d;
						f.limit = 25;
						f.offset = offsets[oi];
						f.now = NOW;
						f.state = v == 1 ? "baru" : NULL;
						f.category = v == 2 ? "hoax" : NULL;
						f.overdue = v == 3;
						check_list(st, users[ui], &f, NULL);
					}
	/* a unit filter inside the scope */
	memset(&f, 0, sizeof(f));
	f.limit = 1000;
	f.now = NOW;
	f.unit_code = "BIDANG-A1";
	f.sort = WF_SORT_DUE;
	check_list(st, "bkall", &f, "/1/2/3/");
	check_list(st, "opd_a", &f, "/1/2/3/");
}

/* finding_counts equals a COUNT(*) of findings per unit, state and
 * category. */
static void check_counts(netra_store *st)
{
	int64_t bad = -1;

	assert_int_equal(
	    store_query_int64(
	        &bad, st,
	        "SELECT COUNT(*) FROM (SELECT unit_id, state, category, "
	        "COUNT(*) AS n FROM findings GROUP BY unit_id, state, category) "
	        "x LEFT JOIN finding_counts c ON c.unit_id = x.unit_id AND "
	        "c.state = x.state AND c.category = x.category WHERE c.n IS "
	        "NULL OR c.n <> x.n",
	        NULL, 0),
	    0);
	assert_int_equal(bad, 0);
	assert_int_equal(store_query_int64(&bad, st,
	                                   "SELECT COALESCE(SUM(n), 0) - "
	                                   "(SELECT COUNT(*) FROM findings) "
	                                   "FROM finding_counts",
	                                   NULL, 0),
	                 0);
	assert_int_equal(bad, 0);
}

static void test_list_matches_reference(void **state)
{
	check_counts(*state);
	check_all(*state);
}

/* Counters follow every change, and the lists with them. */
static void test_counts_follow_changes(void **state)
{
	netra_store *st = *state;
	int64_t id;

	exec(st, "UPDATE findings SET state = 'ditolak' WHERE id % 3 = 0");
	exec(st, "UPDATE findings SET category = 'attack' WHERE id % 5 = 0");
	exec(st, "UPDATE findings SET unit_id = 6 WHERE id % 7 = 0");
	exec(st, "UPDATE findings SET due_at = NULL WHERE id % 11 = 0");
	/* a finding without history (the history is append-only, so only
	 * such a row can go) made and deleted */
	exec(st, "INSERT INTO findings(verdict_id, event_id, employee_id, "
	         "unit_id, category, rule, severity, state, created_at, "
	         "updated_at) SELECT verdict_id, event_id, employee_id, unit_id, "
	         "'hoax', 'UJI-HAPUS', severity, 'baru', created_at, updated_at "
	         "FROM findings WHERE id % 13 = 0");
	check_counts(st);
	exec(st, "DELETE FROM findings WHERE rule = 'UJI-HAPUS'");
	assert_int_equal(fx_finding(&id, st, U_X, NOW), 0);
	assert_int_equal(wf_finding_act(st, "opd_x", id, WF_REVIEW, NULL, NOW), 0);
	check_counts(st);
	check_all(st);
}

/* Cursors: text round trip; malformed ones, one of another sort or
 * direction, and a cursor with an offset are refused. */
static void test_cursor_errors(void **state)
{
	static const char *const bad[] = {
	    "", "-", "id", "id-a", "id-a-", "id-a-1", "id-x-1-1", "nope-a-1-1",
	    "id-a-0-1", "id-a--1-1", "id-a-1-", "id-a-1-1x", "id-a-1-+1",
	    "id-a-1-99999999999999999999", "unit-a-1-4", "unit-a-1-4g",
	    "unit-a-1-0041", "state-a-1-", "due-a-1-9223372036854775808"};
	struct wf_cursor c, d;
	struct wf_list_filter f;
	char buf[WF_CURSOR_MAX];
	json_t *page = NULL;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (wf_cursor_parse(&c, bad[i]) != NETRA_EINVALID)
			fail_msg("cursor '%s' accepted", bad[i]);
	memset(&c, 0, sizeof(c));
	c.sort = WF_SORT_CREATED, c.desc = 1, c.id = 42, c.key = -7;
	assert_int_equal(wf_cursor_format(buf, sizeof(buf), &c), 0);
	assert_string_equal(buf, "created-d-42--7");
	assert_int_equal(wf_cursor_parse(&d, buf), 0);
	assert_int_equal(d.key, -7);
	assert_int_equal(d.id, 42);
	c.sort = WF_SORT_UNIT;
	snprintf(c.text, sizeof(c.text), "DINAS-A");
	assert_int_equal(wf_cursor_format(buf, sizeof(buf), &c), 0);
	assert_int_equal(strspn(buf, "abcdefghijklmnopqrstuvwxyz0123456789-"),
	                 strlen(buf));
	assert_int_equal(wf_cursor_parse(&d, buf), 0);
	assert_string_equal(d.text, "DINAS-A");
	assert_int_equal(wf_cursor_format(buf, 10, &c), NETRA_EINVALID);

	memset(&f, 0, sizeof(f));
	f.sort = WF_SORT_DUE;
	f.after = "due-d-5-1728100000"; /* made for the other direction */
	assert_int_equal(wf_finding_list(&page, *state, "bkpp1", &f),
	                 NETRA_EINVALID);
	f.after = "created-a-5-1728100000"; /* another sort */
	assert_int_equal(wf_finding_list(&page, *state, "bkpp1", &f),
	                 NETRA_EINVALID);
	f.after = "due-a-5-1728100000";
	f.offset = 50;
	assert_int_equal(wf_finding_list(&page, *state, "bkpp1", &f),
	                 NETRA_EINVALID);
	f.offset = 0;
	f.before = f.after;
	assert_int_equal(wf_finding_list(&page, *state, "bkpp1", &f),
	                 NETRA_EINVALID);
	f.before = NULL;
	assert_int_equal(wf_finding_list(&page, *state, "bkpp1", &f), 0);
	json_decref(page);
}

static int teardown(void **state)
{
	netra_store_close(*state);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_list_matches_reference),
	    cmocka_unit_test(test_counts_follow_changes),
	    cmocka_unit_test(test_cursor_errors),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
