/*
 * tests/workflow/test_conflict.c - conflicts of interest and oversight: a
 * user linked to an employee (wf_user_link) never lists, shows or acts on
 * a finding about that employee (answered as an unknown id); a finding
 * about a reviewer is routed to their supervisor's unit, or to the next
 * reviewer above; BKPP reopens an OPD's dismissal with a reason.
 * Uses the wf_fixture.h organisation.
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
#include "workflow/auth.h"
#include "workflow/escalate.h"

#define T0 1727928000

static int64_t assigned(netra_store *st, int64_t id)
{
	return fx_int(st, "SELECT assigned_unit_id FROM findings WHERE id = ?",
	              id);
}

static int64_t listed(netra_store *st, const char *user)
{
	struct wf_list_filter f = {0};
	json_t *page = NULL;
	int64_t n;

	f.now = T0;
	assert_int_equal(wf_finding_list(&page, st, user, &f), 0);
	n = json_integer_value(json_object_get(page, "total"));
	json_decref(page);
	return n;
}

static void test_link(void **state)
{
	netra_store *st = *state;

	assert_int_equal(wf_user_link(st, "bkpp1", "opd_b", "TIDAK-ADA"),
	                 NETRA_ENOTFOUND);
	assert_int_equal(wf_user_link(st, "opd_a", "opd_x", "K4"),
	                 NETRA_EDENIED);
	assert_int_equal(wf_user_link(st, "bkpp1", "opd_b", "K5"), 0);
	assert_int_equal(fx_int(st,
	                        "SELECT employee_id FROM users WHERE name = "
	                        "'opd_b' AND ? > 0",
	                        1),
	                 U_B);
	assert_int_equal(fx_int(st,
	                        "SELECT count(*) FROM audit_log WHERE action = "
	                        "'user_link' AND ? > 0",
	                        1),
	                 1);
	assert_int_equal(wf_user_link(st, "bkpp1", "opd_b", NULL), 0);
	assert_int_equal(fx_int(st,
	                        "SELECT count(*) FROM users WHERE name = "
	                        "'opd_b' AND employee_id IS NULL AND ? > 0",
	                        1),
	                 1);
}

static void test_self_invisible_and_routed(void **state)
{
	netra_store *st = *state;
	json_t *o = NULL;
	int64_t self, other;

	/* opd_b is the employee of DINAS-B, whose supervisor works at BKPP */
	assert_int_equal(store_exec(st, "UPDATE employees SET supervisor_key = "
	                                "'K1' WHERE id = 5"),
	                 0);
	assert_int_equal(wf_user_link(st, "bkpp1", "opd_b", "K5"), 0);
	assert_int_equal(fx_finding(&other, st, U_B, T0), 0);
	/* another employee of DINAS-B: routed to opd_b as before */
	assert_int_equal(store_exec(st,
	                            "INSERT INTO employees(id, staff_key, name, "
	                            "unit_id, status, updated_at) VALUES (7, "
	                            "'K7', 'Fiktif Tujuh', 5, 'PNS', 0)"),
	                 0);
	assert_int_equal(fx_finding(&other, st, 7, T0), 0);
	assert_int_equal(assigned(st, other), U_B);
	/* about opd_b: to the supervisor's unit, not to opd_b */
	assert_int_equal(fx_finding(&self, st, U_B, T0), 0);
	assert_int_equal(assigned(st, self), U_BKPP);
	/* opd_b sees its colleague's finding, never its own two */
	assert_int_equal(listed(st, "opd_b"), 1);
	assert_int_equal(wf_finding_show(&o, st, "opd_b", self, T0),
	                 NETRA_ENOTFOUND);
	assert_string_equal(netra_error_last(), "no finding #3");
	assert_int_equal(wf_finding_act(st, "opd_b", self, WF_REVIEW, NULL, T0),
	                 NETRA_ENOTFOUND);
	/* its colleague's finding does not list the own one as the same
	 * campaign either */
	assert_int_equal(wf_finding_show(&o, st, "opd_b", other, T0), 0);
	assert_int_equal(json_array_size(json_object_get(o, "same_content")),
	                 0);
	json_decref(o);
	/* BKPP reviews it */
	assert_int_equal(wf_finding_act(st, "bkpp1", self, WF_REVIEW, NULL, T0),
	                 0);
}

static void test_routed_up_without_supervisor(void **state)
{
	netra_store *st = *state;
	int64_t id;

	/* opd_x is the employee of SEKSI-A1X (no supervisor recorded): the
	 * finding goes to the next reviewer above, DINAS-A */
	assert_int_equal(wf_user_link(st, "bkpp1", "opd_x", "K4"), 0);
	assert_int_equal(fx_finding(&id, st, U_X, T0), 0);
	assert_int_equal(assigned(st, id), U_A);
	assert_int_equal(wf_finding_act(st, "opd_a", id, WF_REVIEW, NULL, T0),
	                 0);
	assert_int_equal(wf_finding_act(st, "opd_x", id, WF_CONFIRM, NULL, T0),
	                 NETRA_ENOTFOUND);
}

/* Escalation never goes up to the employee's own desk: opd_a is the
 * employee of SEKSI-A1X, so an overdue finding of opd_x's skips DINAS-A. */
static void test_escalation_skips_employee(void **state)
{
	netra_store *st = *state;
	struct wf_escalate_stats es = {0};
	int64_t id, due;

	assert_int_equal(wf_user_link(st, "bkpp1", "opd_a", "K4"), 0);
	assert_int_equal(fx_finding(&id, st, U_X, T0), 0);
	assert_int_equal(assigned(st, id), U_X);
	due = fx_int(st, "SELECT due_at FROM findings WHERE id = ?", id);
	assert_int_equal(wf_escalate(st, due, &es), 0);
	assert_int_equal(assigned(st, id), U_BKPP);
	assert_int_equal(listed(st, "opd_a"), 0);
}

static void test_reopen(void **state)
{
	netra_store *st = *state;
	json_t *o = NULL, *h;
	char buf[32];
	int64_t id;
	size_t n;

	assert_int_equal(fx_finding(&id, st, U_B, T0), 0);
	assert_int_equal(wf_finding_act(st, "opd_b", id, WF_REVIEW, NULL, T0),
	                 0);
	assert_int_equal(wf_finding_act(st, "opd_b", id, WF_DISMISS,
	                                "bukan akun pegawai", T0),
	                 0);
	/* the OPD may not overrule itself; BKPP must say why */
	assert_int_equal(wf_finding_act(st, "opd_b", id, WF_REOPEN, "lagi", T0),
	                 NETRA_EDENIED);
	assert_int_equal(wf_finding_act(st, "bkpp1", id, WF_REOPEN, " ", T0),
	                 NETRA_EINVALID);
	assert_int_equal(wf_finding_show(&o, st, "bkpp1", id, T0), 0);
	h = json_array_get(json_object_get(o, "actions"), 0);
	assert_string_equal(json_string_value(h), "reopen");
	json_decref(o);
	assert_int_equal(wf_finding_act(st, "bkpp1", id, WF_REOPEN,
	                                "akun terbukti milik pegawai", T0 + 60),
	                 0);
	assert_string_equal(fx_state(buf, sizeof(buf), st, id),
	                    "diverifikasi_bkpp");
	assert_int_equal(assigned(st, id), U_BKPP);
	assert_int_equal(wf_finding_show(&o, st, "bkpp1", id, T0), 0);
	n = json_array_size(json_object_get(o, "history"));
	h = json_array_get(json_object_get(o, "history"), n - 1);
	assert_string_equal(json_string_value(json_object_get(h, "action")),
	                    "reopen");
	assert_string_equal(json_string_value(json_object_get(h, "reason")),
	                    "akun terbukti milik pegawai");
	json_decref(o);
	assert_int_equal(fx_int(st,
	                        "SELECT count(*) FROM audit_log WHERE action = "
	                        "'reopen' AND object = 'finding:' || ?",
	                        id),
	                 1);
	/* BKPP then forwards it */
	assert_int_equal(wf_finding_act(st, "bkpp1", id, WF_FORWARD,
	                                "rekomendasi", T0 + 120),
	                 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_link, fx_setup, fx_teardown),
	    cmocka_unit_test_setup_teardown(test_self_invisible_and_routed,
	                                     fx_setup, fx_teardown),
	    cmocka_unit_test_setup_teardown(test_routed_up_without_supervisor,
	                                     fx_setup, fx_teardown),
	    cmocka_unit_test_setup_teardown(test_escalation_skips_employee,
	                                    fx_setup, fx_teardown),
	    cmocka_unit_test_setup_teardown(test_reopen, fx_setup, fx_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
