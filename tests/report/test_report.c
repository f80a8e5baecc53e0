/*
 * tests/report/test_report.c - `netra report` as a library call
 * (report/report.h) on findings made with wf_finding_create() and moved
 * through the workflow: counts per unit, category and state in each CSV
 * table match what was made, the date range (WIB days, both ends
 * inclusive) and --unit scoping, the acting user's scope (an OPD reviewer
 * of one unit sees no row of another; Bawaslu forwarded findings only),
 * overdue at a fixed now by the workflow's rule (open and now >= due_at),
 * and the HTML page escapes a hostile unit name.
 *
 * The organisation is tests/workflow/wf_fixture.h's. Findings:
 *
 *   id  unit       category     rule             state              post
 *   f1  DINAS-A    support      DUKUNGAN-AJAKAN  baru               10-01
 *   f2  DINAS-A    support      DUKUNGAN-AJAKAN  ditinjau_opd       10-02
 *   f3  DINAS-A    attack       SERANGAN-AJAKAN  ditolak            10-02
 *   f4  SEKSI-A1X  hate_speech  SARA-HINAAN      baru               10-05
 *   f5  DINAS-B    hoax         HOAKS-SEBARAN    dikonfirmasi_opd   10-05
 *   f6  DINAS-B    support      DUKUNGAN-NOMOR   selesai            10-07
 *   f7  DINAS-C    support      DUKUNGAN-AJAKAN  diteruskan         10-07
 *
 * (2024, WIB). f5 was posted at 00:30 WIB, still the 4th in UTC.
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
#include "report/report.h"
#include "workflow/calendar.h"
#include "workflow/wf_fixture.h"

#define T0 1727928000 /* 2024-10-03T11:00:00+07:00: findings made */
#define NOW (T0 + 10 * 86400)

static const struct spec {
	int64_t emp; /* = unit id in the fixture */
	const char *category, *rule, *posted;
} specs[] = {
	{U_A, "support", "DUKUNGAN-AJAKAN", "2024-10-01T10:00:00+07:00"},
	{U_A, "support", "DUKUNGAN-AJAKAN", "2024-10-02T10:00:00+07:00"},
	/* 22:30 WIB is 00:30 the next day in WIT (test_daily_zone) */
	{U_A, "attack", "SERANGAN-AJAKAN", "2024-10-02T22:30:00+07:00"},
	{U_X, "hate_speech", "SARA-HINAAN", "2024-10-05T09:00:00+07:00"},
	{U_B, "hoax", "HOAKS-SEBARAN", "2024-10-05T00:30:00+07:00"},
	{U_B, "support", "DUKUNGAN-NOMOR", "2024-10-07T08:00:00+07:00"},
	{U_C, "support", "DUKUNGAN-AJAKAN", "2024-10-07T19:00:00+07:00"},
};
#define NF 7

static int64_t fid[NF];

/* An event posted at `posted` by employee emp, its verdict, and a
 * finding on it made at T0. */
static void make_finding(netra_store *st, int i)
{
	const struct spec *sp = &specs[i];
	struct wf_finding_new f;
	store_stmt *s = NULL;
	char id[16];
	int64_t posted, ev = 0, vd = 0;

	assert_int_equal(civil_time_parse(&posted, sp->posted, CIVIL_WIB), 0);
	snprintf(id, sizeof(id), "r%d", i + 1);
	assert_int_equal(store_prepare(&s, st, "INSERT INTO events(platform,"
				       " event_id, type, account, created_at,"
				       " text, raw, ingested_at) VALUES ('x',"
				       " ?, 'post', 'akun_fiktif', ?, 'teks"
				       " uji', '{}', 0) RETURNING id"),
			 0);
	store_bind_text(s, 1, id, (size_t)-1);
	store_bind_int64(s, 2, posted);
	assert_int_equal(store_step(s), STORE_ROW);
	ev = store_column_int64(s, 0);
	store_finalize(s);
	assert_int_equal(store_prepare(&s, st, "INSERT INTO verdicts(event_id,"
				       " rulebook, labels, json, created_at)"
				       " VALUES (?, 'sha256:uji', ?, '{}', 0)"
				       " RETURNING id"),
			 0);
	store_bind_int64(s, 1, ev);
	store_bind_text(s, 2, sp->category, (size_t)-1);
	assert_int_equal(store_step(s), STORE_ROW);
	vd = store_column_int64(s, 0);
	store_finalize(s);
	memset(&f, 0, sizeof(f));
	f.verdict_id = vd;
	f.event_id = ev;
	f.employee_id = sp->emp;
	f.category = sp->category;
	f.rule = sp->rule;
	f.severity = "tinggi";
	f.now = T0;
	assert_int_equal(wf_finding_create(&fid[i], st, &f), 0);
}

static void set_state(netra_store *st, int i, const char *state)
{
	store_stmt *s = NULL;

	assert_int_equal(store_prepare(&s, st, "UPDATE findings SET state = ?"
				       " WHERE id = ?"),
			 0);
	store_bind_text(s, 1, state, (size_t)-1);
	store_bind_int64(s, 2, fid[i]);
	assert_int_equal(store_step(s), STORE_DONE);
	store_finalize(s);
}

static void set_due(netra_store *st, int i, int64_t due)
{
	store_stmt *s = NULL;

	assert_int_equal(store_prepare(&s, st, "UPDATE findings SET due_at = ?"
				       " WHERE id = ?"),
			 0);
	store_bind_int64(s, 1, due);
	store_bind_int64(s, 2, fid[i]);
	assert_int_equal(store_step(s), STORE_DONE);
	store_finalize(s);
}

static void act(netra_store *st, const char *who, int i, enum wf_action a,
		const char *reason, int64_t at)
{
	if (wf_finding_act(st, who, fid[i], a, reason, at))
		fail_msg("act on f%d: %s", i + 1, netra_error_last());
}

/* The report's "now" is the clock; tests move it only with the test
 * switch (util/civiltime.h). */
static void set_clock(int64_t t)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%lld", (long long)t);
	assert_int_equal(setenv("NETRA_TEST_CLOCK", buf, 1), 0);
}

static int setup(void **state)
{
	netra_store *st = NULL;
	int i;

	if (netra_store_open(&st, ":memory:") || fx_org(st))
		return -1;
	assert_int_equal(store_exec(st, "UPDATE units SET name = 'Dinas"
				    " <script>alert(1)</script> Gama' WHERE"
				    " code = 'DINAS-C'"),
			 0);
	for (i = 0; i < NF; i++)
		make_finding(st, i);
	/* reviews 2, 4 and 6 hours after creation: median 4 hours */
	act(st, "opd_a", 1, WF_REVIEW, NULL, T0 + 2 * 3600);
	act(st, "opd_a", 2, WF_REVIEW, NULL, T0 + 4 * 3600);
	act(st, "opd_a", 2, WF_DISMISS, "Bukan akun pegawai", T0 + 5 * 3600);
	act(st, "opd_b", 4, WF_REVIEW, NULL, T0 + 6 * 3600);
	act(st, "opd_b", 4, WF_CONFIRM, NULL, T0 + 7 * 3600);
	set_state(st, 5, "selesai");
	set_state(st, 6, "diteruskan");
	/* deadlines at NOW: f1 passed, f2 exactly now (overdue), f3 passed
	 * but closed, f4 passed, f5 tomorrow, f6 passed but closed, f7
	 * tomorrow */
	set_due(st, 0, NOW - 60);
	set_due(st, 1, NOW);
	set_due(st, 2, NOW - 86400);
	set_due(st, 3, NOW - 3600);
	set_due(st, 4, NOW + 86400);
	set_due(st, 5, NOW - 86400);
	set_due(st, 6, NOW + 86400);
	set_clock(NOW);
	*state = st;
	return 0;
}

static int teardown(void **state)
{
	netra_store_close(*state);
	return 0;
}

/* ---- a minimal CSV reader (fields hold no quotes in these tests) ---- */

/* Field `col` (0-based) of line into buf; -1 if the line is shorter. */
static int field(char *buf, size_t size, const char *line, int col)
{
	const char *end;

	while (col-- > 0) {
		line = strpbrk(line, ",\n");
		if (!line || *line == '\n')
			return -1;
		line++;
	}
	end = line + strcspn(line, ",\n");
	snprintf(buf, size, "%.*s", (int)(end - line), line);
	return 0;
}

/* The column of header name in the first line of csv. */
static int column(const char *csv, const char *name)
{
	char buf[64];
	int col;

	for (col = 0; field(buf, sizeof(buf), csv, col) == 0; col++)
		if (strcmp(buf, name) == 0)
			return col;
	fail_msg("no column %s", name);
	return -1;
}

/* The line starting with key followed by a comma, or NULL. */
static const char *row(const char *csv, const char *key)
{
	const char *p = csv;
	size_t n = strlen(key);

	while (p && *p) {
		if (strncmp(p, key, n) == 0 && p[n] == ',')
			return p;
		p = strchr(p, '\n');
		p = p ? p + 1 : NULL;
	}
	return NULL;
}

/* The text in column `name` of the row of key into buf. */
static const char *text_cell(char *buf, size_t size, const char *csv,
			     const char *key, const char *name)
{
	const char *line = row(csv, key);

	if (!line)
		fail_msg("no row %s in:\n%s", key, csv);
	assert_int_equal(field(buf, size, line, column(csv, name)), 0);
	return buf;
}

/* The integer in column `name` of the row of key. */
static long cell(const char *csv, const char *key, const char *name)
{
	char buf[64];

	return strtol(text_cell(buf, sizeof(buf), csv, key, name), NULL, 10);
}

static int lines(const char *s)
{
	int n = 0;

	for (; *s; s++)
		n += *s == '\n';
	return n;
}

static char *build(netra_store *st, struct report_opts *o)
{
	char *out = NULL;

	if (report_build(&out, st, o))
		fail_msg("report: %s", netra_error_last());
	return out;
}

static void test_units_table(void **state)
{
	struct report_opts o = {0};
	char *csv, buf[64];

	o.format = REPORT_CSV;
	o.table = REPORT_UNITS;
	csv = build(*state, &o);
	/* one root: a row per unit just below it; SEKSI-A1X counts in
	 * DINAS-A; the header row and three units */
	assert_int_equal(lines(csv), 4);
	assert_int_equal(cell(csv, "DINAS-A", "total"), 4);
	assert_int_equal(cell(csv, "DINAS-A", "support"), 2);
	assert_int_equal(cell(csv, "DINAS-A", "attack"), 1);
	assert_int_equal(cell(csv, "DINAS-A", "hate_speech"), 1);
	assert_int_equal(cell(csv, "DINAS-A", "hoax"), 0);
	assert_int_equal(cell(csv, "DINAS-A", "baru"), 2);
	assert_int_equal(cell(csv, "DINAS-A", "ditinjau_opd"), 1);
	assert_int_equal(cell(csv, "DINAS-A", "ditolak"), 1);
	assert_int_equal(cell(csv, "DINAS-A", "overdue"), 3); /* f1 f2 f4 */
	assert_int_equal(cell(csv, "DINAS-B", "total"), 2);
	assert_int_equal(cell(csv, "DINAS-B", "hoax"), 1);
	assert_int_equal(cell(csv, "DINAS-B", "support"), 1);
	assert_int_equal(cell(csv, "DINAS-B", "dikonfirmasi_opd"), 1);
	assert_int_equal(cell(csv, "DINAS-B", "selesai"), 1);
	assert_int_equal(cell(csv, "DINAS-B", "overdue"), 0);
	assert_int_equal(cell(csv, "DINAS-C", "total"), 1);
	assert_int_equal(cell(csv, "DINAS-C", "diteruskan"), 1);
	assert_int_equal(cell(csv, "DINAS-C", "overdue"), 0);
	/* time to first review: f2 after 2 h, f3 after 4 h; f5 after 6 h */
	assert_int_equal(cell(csv, "DINAS-A", "reviewed"), 2);
	assert_string_equal(text_cell(buf, sizeof(buf), csv, "DINAS-A",
				      "review_hours_median"), "3.0");
	assert_int_equal(cell(csv, "DINAS-B", "reviewed"), 1);
	assert_string_equal(text_cell(buf, sizeof(buf), csv, "DINAS-B",
				      "review_hours_median"), "6.0");
	assert_int_equal(cell(csv, "DINAS-C", "reviewed"), 0);
	assert_string_equal(text_cell(buf, sizeof(buf), csv, "DINAS-C",
				      "review_hours_median"), "");
	/* sorted by total, largest first */
	assert_true(row(csv, "DINAS-A") < row(csv, "DINAS-B"));
	assert_true(row(csv, "DINAS-B") < row(csv, "DINAS-C"));
	free(csv);
}

/* The report's overdue count agrees with `finding list --overdue`. */
static void test_overdue_matches_workflow(void **state)
{
	struct wf_list_filter flt = {0};
	struct report_opts o = {0};
	char *csv;
	json_t *list = NULL;
	long listed, reported;

	flt.overdue = 1;
	flt.now = NOW;
	assert_int_equal(wf_finding_list(&list, *state, "bkpp1", &flt), 0);
	listed = (long)json_integer_value(json_object_get(list, "total"));
	json_decref(list);
	o.table = REPORT_UNITS;
	csv = build(*state, &o);
	reported = cell(csv, "DINAS-A", "overdue") +
		   cell(csv, "DINAS-B", "overdue") +
		   cell(csv, "DINAS-C", "overdue");
	assert_int_equal(reported, listed);
	free(csv);
	/* one second before f2's deadline it is not overdue yet */
	set_clock(NOW - 1);
	csv = build(*state, &o);
	assert_int_equal(cell(csv, "DINAS-A", "overdue"), 2);
	free(csv);
	set_clock(NOW);
}

static void test_rules_table(void **state)
{
	struct report_opts o = {0};
	char *csv;

	o.table = REPORT_RULES;
	csv = build(*state, &o);
	assert_int_equal(strncmp(csv, "rule,count\nDUKUNGAN-AJAKAN,3\n", 27), 0);
	assert_int_equal(lines(csv), 6);
	assert_int_equal(cell(csv, "SERANGAN-AJAKAN", "count"), 1);
	assert_int_equal(cell(csv, "SARA-HINAAN", "count"), 1);
	assert_int_equal(cell(csv, "HOAKS-SEBARAN", "count"), 1);
	assert_int_equal(cell(csv, "DUKUNGAN-NOMOR", "count"), 1);
	free(csv);
}

static void test_daily_table(void **state)
{
	struct report_opts o = {0};
	char *csv;

	o.table = REPORT_DAILY;
	csv = build(*state, &o);
	/* every day from the first to the last, in WIB */
	assert_int_equal(lines(csv), 1 + 7);
	assert_int_equal(cell(csv, "2024-10-01", "support"), 1);
	assert_int_equal(cell(csv, "2024-10-02", "support"), 1);
	assert_int_equal(cell(csv, "2024-10-02", "attack"), 1);
	assert_int_equal(cell(csv, "2024-10-03", "support"), 0);
	assert_int_equal(cell(csv, "2024-10-04", "hoax"), 0);
	assert_int_equal(cell(csv, "2024-10-05", "hoax"), 1);
	assert_int_equal(cell(csv, "2024-10-05", "hate_speech"), 1);
	assert_int_equal(cell(csv, "2024-10-07", "support"), 2);
	assert_true(row(csv, "2024-10-01") < row(csv, "2024-10-07"));
	free(csv);
}

/* Days are the region's civil days: in a WIT region f3, posted at 22:30
 * WIB on the 2nd, is a post of the 3rd. */
static void test_daily_zone(void **state)
{
	struct report_opts o = {0};
	char *csv;

	o.table = REPORT_DAILY;
	assert_int_equal(wf_zone_set(*state, "WIT"), 0);
	csv = build(*state, &o);
	assert_int_equal(cell(csv, "2024-10-02", "attack"), 0);
	assert_int_equal(cell(csv, "2024-10-03", "attack"), 1);
	free(csv);
	assert_int_equal(wf_zone_set(*state, "WIB"), 0);
	csv = build(*state, &o);
	assert_int_equal(cell(csv, "2024-10-02", "attack"), 1);
	free(csv);
}

/* --as-of: the findings as they stood then, from their append-only
 * history, whatever happened since (and whatever the clock says). */
static void test_as_of(void **state)
{
	struct report_opts o = {0};
	char *csv, buf[64];

	o.table = REPORT_UNITS;
	o.as_of = T0 + 3 * 3600; /* f2 reviewed (at +2 h), f3 not yet */
	csv = build(*state, &o);
	assert_int_equal(cell(csv, "DINAS-A", "total"), 4);
	assert_int_equal(cell(csv, "DINAS-A", "baru"), 3);
	assert_int_equal(cell(csv, "DINAS-A", "ditinjau_opd"), 1);
	assert_int_equal(cell(csv, "DINAS-A", "ditolak"), 0);
	assert_int_equal(cell(csv, "DINAS-A", "overdue"), 0);
	assert_int_equal(cell(csv, "DINAS-A", "reviewed"), 1);
	assert_string_equal(text_cell(buf, sizeof(buf), csv, "DINAS-A",
				      "review_hours_median"), "2.0");
	assert_int_equal(cell(csv, "DINAS-B", "baru"), 2);
	assert_int_equal(cell(csv, "DINAS-B", "reviewed"), 0);
	free(csv);
	/* after f3's dismissal (+5 h) and f5's confirmation (+7 h) */
	o.as_of = T0 + 8 * 3600;
	csv = build(*state, &o);
	assert_int_equal(cell(csv, "DINAS-A", "ditolak"), 1);
	assert_int_equal(cell(csv, "DINAS-B", "dikonfirmasi_opd"), 1);
	free(csv);
	/* before any finding was made: none */
	o.as_of = T0 - 1;
	csv = build(*state, &o);
	assert_int_equal(lines(csv), 1);
	free(csv);
	/* the HTML page says which day it is as of */
	o.format = REPORT_HTML;
	o.as_of = T0 + 3 * 3600;
	csv = build(*state, &o);
	assert_non_null(strstr(csv, "s.d. 2024-10-03."));
	free(csv);
}

static void test_date_range(void **state)
{
	struct report_opts o = {0};
	char *csv;

	assert_int_equal(civil_time_parse(&o.from, "2024-10-02", CIVIL_WIB), 0);
	assert_int_equal(civil_time_parse(&o.to, "2024-10-05", CIVIL_WIB), 0);
	o.to += 86400 - 1; /* the whole last day, as the CLI does */
	o.table = REPORT_UNITS;
	csv = build(*state, &o);
	/* f2 f3 f4 f5 */
	assert_int_equal(cell(csv, "DINAS-A", "total"), 3);
	assert_int_equal(cell(csv, "DINAS-A", "support"), 1);
	assert_int_equal(cell(csv, "DINAS-B", "total"), 1);
	assert_int_equal(cell(csv, "DINAS-B", "hoax"), 1);
	assert_null(row(csv, "DINAS-C"));
	free(csv);
	o.table = REPORT_DAILY;
	csv = build(*state, &o);
	assert_null(row(csv, "2024-10-01"));
	assert_null(row(csv, "2024-10-07"));
	assert_non_null(row(csv, "2024-10-05"));
	free(csv);
	/* a range with nothing in it: the header only */
	assert_int_equal(civil_time_parse(&o.from, "2024-12-01", CIVIL_WIB), 0);
	o.to = 0;
	o.table = REPORT_UNITS;
	csv = build(*state, &o);
	assert_int_equal(lines(csv), 1);
	free(csv);
}

static void test_unit_scope(void **state)
{
	struct report_opts o = {0};
	char *csv, *out = NULL;

	o.unit_code = "DINAS-A";
	csv = build(*state, &o);
	/* below DINAS-A: its own findings, and BIDANG-A1 for SEKSI-A1X's */
	assert_int_equal(lines(csv), 3);
	assert_int_equal(cell(csv, "DINAS-A", "total"), 3);
	assert_int_equal(cell(csv, "BIDANG-A1", "total"), 1);
	assert_int_equal(cell(csv, "BIDANG-A1", "hate_speech"), 1);
	assert_null(row(csv, "DINAS-B"));
	free(csv);
	o.unit_code = "TIDAK-ADA";
	assert_int_equal(report_build(&out, *state, &o), NETRA_ENOTFOUND);
	assert_null(out);
}

static void test_actor_scope(void **state)
{
	struct report_opts o = {0};
	char *csv, *out = NULL;

	/* an OPD reviewer of DINAS-B sees DINAS-B only */
	o.actor = "opd_b";
	csv = build(*state, &o);
	assert_int_equal(lines(csv), 2);
	assert_int_equal(cell(csv, "DINAS-B", "total"), 2);
	assert_null(row(csv, "DINAS-A"));
	assert_null(strstr(csv, "Alfa"));
	free(csv);
	/* and may not ask for another unit */
	o.unit_code = "DINAS-A";
	assert_int_equal(report_build(&out, *state, &o), NETRA_EDENIED);
	assert_null(out);
	/* nor may the reviewer of a unit inside DINAS-A ask for DINAS-A */
	o.actor = "opd_x";
	assert_int_equal(report_build(&out, *state, &o), NETRA_EDENIED);
	o.unit_code = NULL;
	csv = build(*state, &o);
	assert_int_equal(lines(csv), 2);
	assert_int_equal(cell(csv, "SEKSI-A1X", "total"), 1);
	free(csv);
	/* an OPD reviewer of DINAS-A may narrow to a unit below */
	o.actor = "opd_a";
	o.unit_code = "SEKSI-A1X";
	csv = build(*state, &o);
	assert_int_equal(cell(csv, "SEKSI-A1X", "total"), 1);
	free(csv);
	/* Bawaslu: forwarded findings only (f6 selesai, f7 diteruskan) */
	o.actor = "baw1";
	o.unit_code = NULL;
	csv = build(*state, &o);
	assert_null(row(csv, "DINAS-A"));
	assert_int_equal(cell(csv, "DINAS-B", "total"), 1);
	assert_int_equal(cell(csv, "DINAS-B", "selesai"), 1);
	assert_int_equal(cell(csv, "DINAS-C", "total"), 1);
	free(csv);
	o.format = REPORT_HTML;
	csv = build(*state, &o);
	assert_non_null(strstr(csv, "Hanya temuan yang telah diteruskan."));
	assert_non_null(strstr(csv, "<b>2</b>temuan"));
	free(csv);
	o.format = REPORT_CSV;
	/* an unknown user gets nothing */
	o.actor = "siapa";
	assert_int_equal(report_build(&out, *state, &o), NETRA_ENOTFOUND);
	assert_null(out);
}

/* Nobody's report counts the findings about themself: a reviewer linked
 * to an employee sees the unit without that employee's findings. */
static void test_conflict_of_interest(void **state)
{
	struct report_opts o = {0};
	char sql[96], *csv;

	o.actor = "opd_b";
	snprintf(sql, sizeof(sql),
		 "UPDATE users SET employee_id = %d WHERE name = 'opd_b'", U_B);
	assert_int_equal(store_exec(*state, sql), 0);
	csv = build(*state, &o);
	/* f5 and f6 are about U_B: nothing of DINAS-B is left */
	assert_null(row(csv, "DINAS-B"));
	free(csv);
	o.format = REPORT_HTML;
	csv = build(*state, &o);
	assert_null(strstr(csv, "HOAKS-SEBARAN"));
	assert_null(strstr(csv, "DUKUNGAN-NOMOR"));
	free(csv);
	assert_int_equal(store_exec(*state, "UPDATE users SET employee_id ="
				    " NULL WHERE name = 'opd_b'"),
			 0);
}

static void test_html(void **state)
{
	struct report_opts o = {0};
	char *html;

	o.format = REPORT_HTML;
	html = build(*state, &o);
	assert_non_null(strstr(html, "<html lang=\"id\">"));
	assert_non_null(strstr(html, "<svg"));
	assert_non_null(strstr(html, "Dinas &lt;script&gt;alert(1)"
				     "&lt;/script&gt; Gama"));
	assert_null(strstr(html, "<script"));
	assert_non_null(strstr(html, "Dinas Alfa"));
	assert_non_null(strstr(html, "Dukungan"));
	assert_non_null(strstr(html, "<b>7</b>temuan"));
	assert_non_null(strstr(html, "<b>3</b>melewati tenggat"));
	/* reviews after 2, 4 and 6 hours */
	assert_non_null(strstr(html, "<b>4.0 jam</b>"));
	assert_non_null(strstr(html, "(3 temuan)"));
	free(html);
	/* scoped to a unit, the title names it */
	o.unit_code = "DINAS-B";
	html = build(*state, &o);
	assert_non_null(strstr(html, "Unit kerja: <b>Dinas Beta</b>"));
	assert_null(strstr(html, "Dinas Alfa"));
	assert_non_null(strstr(html, "<b>2</b>temuan"));
	free(html);
	/* nothing reviewed yet: no median to show */
	o.unit_code = "DINAS-C";
	html = build(*state, &o);
	assert_non_null(strstr(html, "belum ada temuan yang ditinjau"));
	assert_null(strstr(html, " jam</b>"));
	free(html);
}

static void test_csv_escapes(void **state)
{
	struct report_opts o = {0};
	char *csv;

	assert_int_equal(store_exec(*state, "UPDATE units SET name ="
				    " '=HYPERLINK(\"http://x\"), \"a\"' WHERE"
				    " code = 'DINAS-B'"),
			 0);
	csv = build(*state, &o);
	/* quoted, quotes doubled, and not a formula */
	assert_non_null(strstr(csv, "DINAS-B,\"'=HYPERLINK(\"\"http://x\"\"),"
				    " \"\"a\"\"\",2,"));
	free(csv);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_units_table),
		cmocka_unit_test(test_overdue_matches_workflow),
		cmocka_unit_test(test_rules_table),
		cmocka_unit_test(test_daily_table),
		cmocka_unit_test(test_daily_zone),
		cmocka_unit_test(test_as_of),
		cmocka_unit_test(test_date_range),
		cmocka_unit_test(test_unit_scope),
		cmocka_unit_test(test_actor_scope),
		cmocka_unit_test(test_conflict_of_interest),
		cmocka_unit_test(test_html),
		cmocka_unit_test(test_csv_escapes), /* last: renames a unit */
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
