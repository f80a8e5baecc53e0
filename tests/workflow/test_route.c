/*
 * tests/workflow/test_route.c - routing and scope: a new finding goes to
 * the nearest unit at or above the employee's unit with a reviewer; a
 * reviewer sees and acts on the findings of its unit subtree only; bawaslu
 * reads forwarded findings only; viewing personal data is audited;
 * overdue findings escalate up the tree, a level per missed deadline.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "netra/common.h"
#include "wf_fixture.h"
#include "workflow/calendar.h"
#include "workflow/escalate.h"

#define T0 1727928000 /* 2024-10-03T11:00:00+07:00, a Thursday */

static int setup(void **state)
{
	netra_store *st = NULL;

	if (netra_store_open(&st, ":memory:") || fx_org(st))
		return -1;
	*state = st;
	return 0;
}

static int teardown(void **state)
{
	netra_store_close(*state);
	return 0;
}

static int64_t assigned(netra_store *st, int64_t id)
{
	return fx_int(st, "SELECT assigned_unit_id FROM findings WHERE id = ?",
	              id);
}

static void test_routing(void **state)
{
	netra_store *st = *state;
	int64_t a1, x, b, c, bk, again;
	struct wf_finding_new dup;

	assert_int_equal(fx_finding(&a1, st, U_A1, T0), 0);
	assert_int_equal(fx_finding(&x, st, U_X, T0), 0);
	assert_int_equal(fx_finding(&b, st, U_B, T0), 0);
	assert_int_equal(fx_finding(&c, st, U_C, T0), 0);
	assert_int_equal(fx_finding(&bk, st, U_BKPP, T0), 0);
	assert_int_equal(assigned(st, a1), U_A); /* BIDANG-A1 has nobody */
	assert_int_equal(assigned(st, x), U_X);
	assert_int_equal(assigned(st, b), U_B);
	assert_int_equal(assigned(st, c), U_BKPP); /* no opd above: BKPP */
	assert_int_equal(assigned(st, bk), U_BKPP);
	/* Thursday 11:00 + 3 working days: Fri, Mon, Tue -> Wed 00:00 WIB */
	assert_int_equal(
	    fx_int(st, "SELECT due_at FROM findings WHERE id = ?", b),
	    T0 + 6 * 86400 - 11 * 3600);
	assert_int_equal(fx_int(st,
	                        "SELECT count(*) FROM notifications WHERE "
	                        "finding_id = ? AND kind = 'new'",
	                        b),
	                 1);
	/* the same (verdict, rule) again: EEXISTS and the same id */
	memset(&dup, 0, sizeof(dup));
	dup.verdict_id = fx_int(st,
	                        "SELECT verdict_id FROM findings WHERE "
	                        "id = ?",
	                        b);
	dup.event_id =
	    fx_int(st, "SELECT event_id FROM findings WHERE id = ?", b);
	dup.employee_id = U_B;
	dup.category = "support";
	dup.rule = "DUKUNGAN-AJAKAN";
	dup.severity = "tinggi";
	assert_int_equal(wf_finding_create(&again, st, &dup), NETRA_EEXISTS);
	assert_int_equal(again, b);
	dup.employee_id = 999;
	dup.rule = "LAIN";
	assert_int_equal(wf_finding_create(&again, st, &dup), NETRA_ENOTFOUND);
	dup.rule = NULL;
	assert_int_equal(wf_finding_create(&again, st, &dup), NETRA_EINVALID);
}

static int listed(netra_store *st, const char *user, int64_t id)
{
	struct wf_list_filter f = {0};
	json_t *page = NULL, *r;
	size_t i;
	int found = 0;

	f.limit = WF_LIST_MAX;
	assert_int_equal(wf_finding_list(&page, st, user, &f), 0);
	json_array_foreach(json_object_get(page, "findings"), i, r)
	{
		if (json_integer_value(json_object_get(r, "id")) == id)
			found = 1;
	}
	json_decref(page);
	return found;
}

static void test_scope(void **state)
{
	netra_store *st = *state;
	struct wf_list_filter f = {0};
	int64_t a1, x, b, views;
	json_t *out = NULL;
	char *txt;

	assert_int_equal(fx_finding(&a1, st, U_A1, T0), 0);
	assert_int_equal(fx_finding(&x, st, U_X, T0), 0);
	assert_int_equal(fx_finding(&b, st, U_B, T0), 0);
	/* list */
	assert_true(listed(st, "opd_a", a1));
	assert_true(listed(st, "opd_a", x)); /* the parent sees below */
	assert_false(listed(st, "opd_a", b));
	assert_true(listed(st, "opd_b", b));
	assert_false(listed(st, "opd_b", a1));
	assert_false(listed(st, "opd_b", x));
	assert_true(listed(st, "opd_x", x));
	assert_false(listed(st, "opd_x", a1)); /* above opd_x */
	assert_true(listed(st, "bkpp1", a1) && listed(st, "bkpp1", b));
	assert_false(listed(st, "baw1", b)); /* not forwarded */
	f.unit_code = "DINAS-A";
	/* another unit's code answers as an unknown one */
	assert_int_equal(wf_finding_list(&out, st, "opd_b", &f),
	                 NETRA_ENOTFOUND);
	assert_null(out);
	/* show */
	views = fx_int(st,
	               "SELECT count(*) FROM audit_log WHERE action = "
	               "'view' AND ? > 0",
	               1);
	/* outside the scope: the answer of an id that does not exist */
	assert_int_equal(wf_finding_show(&out, st, "opd_b", a1, T0),
	                 NETRA_ENOTFOUND);
	assert_int_equal(wf_finding_show(&out, st, "opd_x", a1, T0),
	                 NETRA_ENOTFOUND);
	assert_int_equal(wf_finding_show(&out, st, "baw1", b, T0),
	                 NETRA_ENOTFOUND);
	assert_int_equal(wf_finding_show(&out, st, "opd_b", 999999, T0),
	                 NETRA_ENOTFOUND);
	assert_int_equal(fx_int(st,
	                        "SELECT count(*) FROM audit_log WHERE "
	                        "action = 'view' AND ? > 0",
	                        1),
	                 views);
	assert_int_equal(wf_finding_show(&out, st, "opd_a", x, T0), 0);
	txt = json_dumps(out, 0);
	assert_non_null(strstr(txt, "\"Fiktif Empat\""));
	assert_non_null(strstr(txt, "\"penjelasan uji\""));
	assert_non_null(strstr(txt, "\"Ayo coblos nomor 2!\""));
	free(txt);
	json_decref(out);
	assert_int_equal(fx_int(st,
	                        "SELECT count(*) FROM audit_log WHERE "
	                        "action = 'view' AND actor = 'opd_a' AND "
	                        "object = 'finding:' || ?",
	                        x),
	                 1);
	/* act */
	assert_int_equal(wf_finding_act(st, "opd_b", a1, WF_REVIEW, NULL, T0),
	                 NETRA_ENOTFOUND);
	assert_int_equal(wf_finding_act(st, "opd_x", a1, WF_REVIEW, NULL, T0),
	                 NETRA_ENOTFOUND);
	assert_int_equal(wf_finding_act(st, "opd_a", x, WF_REVIEW, NULL, T0),
	                 0);
	/* forwarded: bawaslu reads, cannot act */
	assert_int_equal(wf_finding_act(st, "bkpp1", b, WF_REVIEW, NULL, T0),
	                 0);
	assert_int_equal(wf_finding_act(st, "bkpp1", b, WF_CONFIRM, NULL, T0),
	                 0);
	assert_int_equal(wf_finding_act(st, "bkpp1", b, WF_VERIFY, NULL, T0),
	                 0);
	assert_int_equal(wf_finding_act(st, "bkpp1", b, WF_FORWARD,
	                                "rekomendasi ke Bawaslu", T0),
	                 0);
	assert_true(listed(st, "baw1", b));
	assert_int_equal(wf_finding_show(&out, st, "baw1", b, T0), 0);
	assert_string_equal(json_string_value(json_object_get(out, "reason")),
	                    "rekomendasi ke Bawaslu");
	assert_int_equal(json_array_size(json_object_get(out, "actions")), 0);
	json_decref(out);
	assert_int_equal(wf_finding_act(st, "baw1", b, WF_CLOSE, NULL, T0),
	                 NETRA_EDENIED);
}

/* Text is returned as stored: escaping is each front end's (the CLI's
 * terminal sanitising is tested in tests/integration/workflow_cli.sh). */
static void test_text_as_stored(void **state)
{
	netra_store *st = *state;
	store_stmt *s = NULL;
	static const char hostile[] = "ayo\x1b[2J <script>alert(1)</script>";
	json_t *out = NULL;
	int64_t id;

	assert_int_equal(fx_finding(&id, st, U_B, T0), 0);
	assert_int_equal(store_prepare(&s, st,
	                               "UPDATE events SET text = ? WHERE id = "
	                               "(SELECT event_id FROM findings WHERE "
	                               "id = ?)"),
	                 0);
	assert_int_equal(store_bind_text(s, 1, hostile, (size_t)-1), 0);
	assert_int_equal(store_bind_int64(s, 2, id), 0);
	assert_int_equal(store_step(s), STORE_DONE);
	store_finalize(s);
	assert_int_equal(wf_finding_show(&out, st, "opd_b", id, T0), 0);
	assert_string_equal(
	    json_string_value(json_object_get(json_object_get(out, "event"),
	                                      "text")),
	    hostile);
	json_decref(out);
}

static void test_escalation(void **state)
{
	netra_store *st = *state;
	struct wf_escalate_stats s0 = {0}, s1 = {0}, s2 = {0}, s3 = {0};
	int64_t x, due;

	assert_int_equal(fx_finding(&x, st, U_X, T0), 0);
	due = fx_int(st, "SELECT due_at FROM findings WHERE id = ?", x);
	/* not yet due: nothing moves */
	assert_int_equal(wf_escalate(st, due - 1, &s0), 0);
	assert_int_equal(assigned(st, x), U_X);
	/* one second late: up to DINAS-A (BIDANG-A1 has no reviewer) */
	assert_int_equal(wf_escalate(st, due, &s1), 0);
	assert_true(s1.escalated >= 1);
	assert_int_equal(assigned(st, x), U_A);
	assert_int_equal(fx_int(st,
	                        "SELECT escalations FROM findings WHERE "
	                        "id = ?",
	                        x),
	                 1);
	assert_true(fx_int(st, "SELECT due_at FROM findings WHERE id = ?", x) >
	            due);
	assert_int_equal(fx_int(st,
	                        "SELECT count(*) FROM audit_log WHERE "
	                        "action = 'escalate' AND object = "
	                        "'finding:' || ?",
	                        x),
	                 1);
	/* the lower reviewer lost it, the higher one may act */
	assert_int_equal(wf_finding_act(st, "opd_x", x, WF_REVIEW, NULL, due),
	                 NETRA_EDENIED);
	/* a month later: up to BKPP, then an overdue notice once */
	assert_int_equal(wf_escalate(st, due + 30 * 86400, &s2), 0);
	assert_int_equal(assigned(st, x), U_BKPP);
	assert_int_equal(fx_int(st,
	                        "SELECT escalations FROM findings WHERE "
	                        "id = ?",
	                        x),
	                 2);
	assert_int_equal(wf_escalate(st, due + 31 * 86400, &s3), 0);
	assert_int_equal(fx_int(st,
	                        "SELECT count(*) FROM notifications WHERE "
	                        "finding_id = ? AND kind = 'overdue'",
	                        x),
	                 1);
	assert_int_equal(wf_escalate(st, due + 32 * 86400, &s3), 0);
	assert_int_equal(fx_int(st,
	                        "SELECT count(*) FROM notifications WHERE "
	                        "finding_id = ? AND kind = 'overdue'",
	                        x),
	                 1);
	/* mails: one per reviewer with pending notices */
	memset(&s3, 0, sizeof(s3));
	assert_int_equal(wf_outbox_compose(st, due + 32 * 86400, &s3), 0);
	assert_true(s3.queued >= 1);
	assert_int_equal(fx_int(st,
	                        "SELECT count(*) FROM notifications WHERE "
	                        "queued_at IS NULL AND ? > 0",
	                        1),
	                 0);
	assert_true(fx_int(st,
	                   "SELECT count(*) FROM outbox WHERE recipient = "
	                   "'bkpp1@contoh.invalid' AND body LIKE '%#' || ? "
	                   "|| ' %'",
	                   x) >= 1);
	/* every SEKSI-A1X finding moved up before the first mail: the
	 * 'new' notices to opd_x are stale and dropped, not mailed */
	assert_true(s3.stale >= 1);
	assert_int_equal(fx_int(st,
	                        "SELECT count(*) FROM outbox WHERE "
	                        "recipient = 'opd_x@contoh.invalid' AND ? > 0",
	                        1),
	                 0);
}

/* A region in WIT (the profile's timezone, stored by scan): the deadline
 * is midnight WIT, and views and mails show times in WIT. */
static void test_region_zone(void **state)
{
	netra_store *st = *state;
	struct wf_escalate_stats es = {0};
	struct wf_list_filter f = {0};
	json_t *out = NULL, *r;
	int64_t b;
	size_t i;

	assert_int_equal(wf_zone_set(st, "WIT"), 0);
	assert_int_equal(fx_finding(&b, st, U_B, T0), 0);
	/* Thursday 13:00 WIT + Fri, Mon, Tue -> Wednesday 00:00 WIT */
	assert_int_equal(
	    fx_int(st, "SELECT due_at FROM findings WHERE id = ?", b),
	    T0 + 6 * 86400 - 13 * 3600);
	assert_int_equal(wf_finding_show(&out, st, "opd_b", b, T0), 0);
	assert_string_equal(
	    json_string_value(json_object_get(out, "due_at")),
	    "2024-10-09T00:00:00+09:00");
	assert_string_equal(
	    json_string_value(json_object_get(out, "created_at")),
	    "2024-10-03T13:00:00+09:00");
	json_decref(out);
	f.limit = WF_LIST_MAX;
	assert_int_equal(wf_finding_list(&out, st, "opd_b", &f), 0);
	json_array_foreach(json_object_get(out, "findings"), i, r)
	{
		if (json_integer_value(json_object_get(r, "id")) == b)
			assert_string_equal(
			    json_string_value(json_object_get(r, "due_at")),
			    "2024-10-09T00:00:00+09:00");
	}
	json_decref(out);
	assert_int_equal(wf_outbox_compose(st, T0 + 60, &es), 0);
	assert_true(fx_int(st,
	                   "SELECT count(*) FROM outbox WHERE body LIKE "
	                   "'%tenggat 2024-10-09 00:00 WIT%' AND ? > 0",
	                   1) >= 1);
	assert_int_equal(wf_zone_set(st, "WIB"), 0);
}

/* A unit in WIT in a WIB region (units.timezone, migration 019): the
 * deadlines of the findings it reviews count its working days and end at
 * its midnight; a unit below it without a zone of its own inherits it;
 * another unit keeps the region's zone. Thursday 23:30 WIB is already
 * Friday 01:30 in WIT. */
static void test_unit_zone(void **state)
{
	netra_store *st = *state;
	const int64_t t = T0 + 12 * 3600 + 1800; /* Thu 23:30 WIB */
	const int64_t thu = T0 - 11 * 3600;       /* Thu 00:00 WIB */
	int64_t b, a;
	int32_t off;

	assert_int_equal(wf_zone_set(st, "WIB"), 0);
	assert_int_equal(store_exec(st, "UPDATE units SET timezone = 'WIT' "
	                                "WHERE id = 5"), 0);
	assert_int_equal(wf_unit_zone(st, U_B, &off), 0);
	assert_int_equal(off, CIVIL_WIT);
	assert_int_equal(wf_unit_zone(st, U_A, &off), 0);
	assert_int_equal(off, CIVIL_WIB);
	assert_int_equal(fx_finding(&b, st, U_B, t), 0);
	assert_int_equal(fx_finding(&a, st, U_A, t), 0);
	/* WIT: Fri -> Mon, Tue, Wed -> Thursday 00:00 WIT */
	assert_int_equal(
	    fx_int(st, "SELECT due_at FROM findings WHERE id = ?", b),
	    thu + 7 * 86400 - 2 * 3600);
	/* WIB: Thu -> Fri, Mon, Tue -> Wednesday 00:00 WIB */
	assert_int_equal(
	    fx_int(st, "SELECT due_at FROM findings WHERE id = ?", a),
	    thu + 6 * 86400);
	/* a unit below inherits; its own zone wins */
	assert_int_equal(store_exec(st, "UPDATE units SET timezone = NULL "
	                                "WHERE id = 5; UPDATE units SET "
	                                "timezone = 'Asia/Makassar' WHERE "
	                                "id = 2"), 0);
	assert_int_equal(wf_unit_zone(st, U_A1, &off), 0);
	assert_int_equal(off, CIVIL_WITA);
	assert_int_equal(store_exec(st, "UPDATE units SET timezone = 'WIT' "
	                                "WHERE id = 3"), 0);
	assert_int_equal(wf_unit_zone(st, U_A1, &off), 0);
	assert_int_equal(off, CIVIL_WIT);
	assert_int_equal(wf_unit_zone(st, 0, &off), 0);
	assert_int_equal(off, CIVIL_WIB);
	assert_int_equal(store_exec(st, "UPDATE units SET timezone = NULL"),
	                 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_routing),
	    cmocka_unit_test(test_scope),
	    cmocka_unit_test(test_text_as_stored),
	    cmocka_unit_test(test_escalation),
	    cmocka_unit_test(test_region_zone),
	    cmocka_unit_test(test_unit_zone),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
