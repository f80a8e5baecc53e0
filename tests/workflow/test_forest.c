/*
 * tests/workflow/test_forest.c - a registry that is a forest, as staff
 * systems often export it (every OPD a root, BKPP one OPD among them):
 * with an all-units bkpp user the whole chain still works. Confirmed
 * findings reach BKPP and it verifies and forwards them; an overdue
 * finding at the top of an OPD escalates to BKPP, after which the OPD
 * may no longer act; an all-units bawaslu user reads every forwarded
 * finding; a user scoped to BKPP's own subtree still sees only that, and
 * is not mailed about other units' findings sent to BKPP; only a bkpp
 * user may add users (--as), within what it holds, and nobody may be
 * called 'system'.
 *
 *   DINAS-A (root)  user opd_a      BKPP (root)  users bk_all (bkpp,
 *   +- SEKSI-A1     (nobody)                     all units), bk_own
 *   DINAS-B (root)  (nobody)                     (bkpp), baw (bawaslu,
 *                                                all units)
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
#include "workflow/escalate.h"

#define T0 1727928000 /* 2024-10-03T11:00:00+07:00, a Thursday */
#define PW "rahasia-uji-123"

enum { F_A = 1, F_A1 = 2, F_B = 3, F_BKPP = 4 };

static int forest(netra_store *st)
{
	static const char org[] =
	    "INSERT INTO units(id, code, name, parent_id, kind, path, "
	    "updated_at) VALUES "
	    "(1, 'DINAS-A', 'Dinas Alfa', NULL, 'OPD', '/1/', 0),"
	    "(2, 'SEKSI-A1', 'Seksi Alfa Satu', 1, 'seksi', '/1/2/', 0),"
	    "(3, 'DINAS-B', 'Dinas Beta', NULL, 'OPD', '/3/', 0),"
	    "(4, 'BKPP', 'Badan Kepegawaian', NULL, 'OPD', '/4/', 0);"
	    "INSERT INTO employees(id, staff_key, nip, name, unit_id, "
	    "status, updated_at) VALUES "
	    "(1, 'K1', NULL, 'Fiktif Satu', 1, 'PNS', 0),"
	    "(2, 'K2', NULL, 'Fiktif Dua', 2, 'PNS', 0),"
	    "(3, 'K3', NULL, 'Fiktif Tiga', 3, 'PNS', 0),"
	    "(4, 'K4', NULL, 'Fiktif Empat', 4, 'PNS', 0);";
	int rc = store_exec(st, org);

	if (!rc)
		rc = wf_user_add_all_units(NULL, st, "bk_all", WF_ROLE_BKPP,
		                           "BKPP", "bk@contoh.invalid", PW,
		                           NULL);
	if (!rc)
		rc = wf_user_add(NULL, st, "bk_own", WF_ROLE_BKPP, "BKPP", NULL,
		                 PW, NULL);
	if (!rc)
		rc = wf_user_add_all_units(NULL, st, "baw", WF_ROLE_BAWASLU,
		                           "BKPP", NULL, PW, NULL);
	if (!rc)
		rc = wf_user_add(NULL, st, "opd_a", WF_ROLE_OPD, "DINAS-A",
		                 "a@contoh.invalid", PW, NULL);
	return rc;
}

static int setup(void **state)
{
	netra_store *st = NULL;

	if (netra_store_open(&st, ":memory:") || forest(st))
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

/* Number of findings in user's list (JSON array length). */
static size_t listed(netra_store *st, const char *user)
{
	struct wf_list_filter f = {0};
	json_t *page = NULL;
	size_t n;

	f.now = T0;
	assert_int_equal(wf_finding_list(&page, st, user, &f), 0);
	n = (size_t)json_integer_value(json_object_get(page, "total"));
	assert_int_equal(n, json_array_size(json_object_get(page, "findings")));
	json_decref(page);
	return n;
}

static void test_chain_reaches_bkpp(void **state)
{
	netra_store *st = *state;
	int64_t a1, b;
	char buf[32];

	assert_int_equal(fx_finding(&a1, st, F_A1, T0), 0);
	assert_int_equal(fx_finding(&b, st, F_B, T0), 0);
	assert_int_equal(assigned(st, a1), F_A);
	/* DINAS-B has no reviewer and nothing above it: BKPP takes it */
	assert_int_equal(assigned(st, b), F_BKPP);
	assert_int_equal(wf_finding_act(st, "opd_a", a1, WF_REVIEW, NULL, T0),
	                 0);
	assert_int_equal(wf_finding_act(st, "opd_a", a1, WF_CONFIRM, NULL, T0),
	                 0);
	assert_int_equal(assigned(st, a1), F_BKPP);
	/* BKPP's own-subtree user cannot reach DINAS-A's finding: for it,
	 * the finding does not exist */
	assert_int_equal(wf_finding_act(st, "bk_own", a1, WF_VERIFY, NULL, T0),
	                 NETRA_ENOTFOUND);
	assert_int_equal(wf_finding_act(st, "bk_all", a1, WF_VERIFY, NULL, T0),
	                 0);
	assert_int_equal(wf_finding_act(st, "bk_all", a1, WF_FORWARD,
	                                "teruskan ke Bawaslu", T0),
	                 0);
	assert_string_equal(fx_state(buf, sizeof(buf), st, a1), "diteruskan");
	assert_int_equal(listed(st, "bk_all"), 2);
	assert_int_equal(listed(st, "bk_own"), 0);
	assert_int_equal(listed(st, "opd_a"), 1);
	/* the all-units Bawaslu liaison reads the forwarded one only */
	assert_int_equal(listed(st, "baw"), 1);
}

static void test_escalation_to_bkpp(void **state)
{
	netra_store *st = *state;
	struct wf_escalate_stats s1 = {0}, s2 = {0};
	int64_t a, due;

	assert_int_equal(fx_finding(&a, st, F_A, T0), 0);
	assert_int_equal(assigned(st, a), F_A);
	due = fx_int(st, "SELECT due_at FROM findings WHERE id = ?", a);
	assert_int_equal(wf_escalate(st, due, &s1), 0);
	assert_int_equal(assigned(st, a), F_BKPP);
	assert_int_equal(wf_finding_act(st, "opd_a", a, WF_REVIEW, NULL, due),
	                 NETRA_EDENIED);
	/* BKPP is the top: later runs notify, never move it again */
	assert_int_equal(wf_escalate(st, due + 60 * 86400, &s2), 0);
	assert_int_equal(assigned(st, a), F_BKPP);
	assert_int_equal(fx_int(st,
	                        "SELECT escalations FROM findings WHERE "
	                        "id = ?",
	                        a),
	                 1);
	assert_int_equal(
	    wf_finding_act(st, "bk_all", a, WF_REVIEW, NULL, due + 60 * 86400),
	    0);
}

static void test_mail_in_scope(void **state)
{
	netra_store *st = *state;
	struct wf_escalate_stats m = {0};
	int64_t a;

	/* BKPP's own reviewer, scoped to BKPP's staff only */
	assert_int_equal(wf_user_add(NULL, st, "opd_bk", WF_ROLE_OPD, "BKPP",
	                             "opdbk@contoh.invalid", PW, NULL),
	                 0);
	assert_int_equal(fx_finding(&a, st, F_A, T0), 0);
	assert_int_equal(wf_finding_act(st, "opd_a", a, WF_REVIEW, NULL, T0),
	                 0);
	assert_int_equal(wf_finding_act(st, "opd_a", a, WF_CONFIRM, NULL, T0),
	                 0);
	assert_int_equal(wf_outbox_compose(st, T0, &m), 0);
	assert_int_equal(fx_int(st,
	                        "SELECT count(*) FROM outbox WHERE recipient = "
	                        "'bk@contoh.invalid' AND body LIKE '%#' || ? "
	                        "|| ' %'",
	                        a),
	                 1);
	assert_int_equal(fx_int(st,
	                        "SELECT count(*) FROM outbox WHERE recipient = "
	                        "'opdbk@contoh.invalid' AND ? > 0",
	                        1),
	                 0);
}

static void test_who_adds_users(void **state)
{
	netra_store *st = *state;

	assert_int_equal(wf_user_add_all_units(NULL, st, "x1", WF_ROLE_OPD,
	                                       "DINAS-A", NULL, PW, NULL),
	                 NETRA_EINVALID);
	/* 'system' is the audit log's actor for netra itself */
	assert_int_equal(wf_user_add(NULL, st, "System", WF_ROLE_BKPP, "BKPP",
	                             NULL, PW, NULL),
	                 NETRA_EINVALID);
	/* an opd user may not add anyone */
	assert_int_equal(wf_user_add(NULL, st, "x2", WF_ROLE_OPD, "SEKSI-A1",
	                             NULL, PW, "opd_a"),
	                 NETRA_EDENIED);
	/* a bkpp user only within its units, and no more than it has */
	assert_int_equal(wf_user_add(NULL, st, "x3", WF_ROLE_OPD, "DINAS-A",
	                             NULL, PW, "bk_own"),
	                 NETRA_EDENIED);
	assert_int_equal(wf_user_add_all_units(NULL, st, "x4", WF_ROLE_BKPP,
	                                       "BKPP", NULL, PW, "bk_own"),
	                 NETRA_EDENIED);
	assert_int_equal(wf_user_add(NULL, st, "x5", WF_ROLE_OPD, "DINAS-A",
	                             NULL, PW, "nobody"),
	                 NETRA_ENOTFOUND);
	assert_int_equal(fx_int(st,
	                        "SELECT count(*) FROM users WHERE name LIKE "
	                        "'x%' AND ? > 0",
	                        1),
	                 0);
	assert_int_equal(wf_user_add(NULL, st, "x6", WF_ROLE_OPD, "DINAS-A",
	                             NULL, PW, "bk_all"),
	                 0);
	assert_int_equal(fx_int(st,
	                        "SELECT count(*) FROM audit_log WHERE actor = "
	                        "'bk_all' AND action = 'user_add' AND ? > 0",
	                        1),
	                 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_chain_reaches_bkpp, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_escalation_to_bkpp, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_mail_in_scope, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_who_adds_users, setup,
	                                    teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
